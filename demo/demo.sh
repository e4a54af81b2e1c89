#!/bin/sh
# make demo: build the sample ledger once (street office + 11 units, about
# 300 activities 2023-2025, 30 五老 volunteers, their plans and summaries,
# committee rosters, sites, awards, money, teams and care cases by code, all
# added through ggw so the history is real, with drawn activity photos and
# sign-in sheets attached through ggw attach; GGW_DEMO_PHOTOS=0 leaves them
# out), then open the interface on it.
set -e
: "${GGW_BUILD:=$(pwd)/build}"
src=$(cd "$(dirname "$0")/.." && pwd)
ledger=${GGW_DEMO_DIR:-$src/demo-ledger}
ggw="$GGW_BUILD/ggw"
if [ ! -f "$ledger/units.yaml" ]; then
	if [ -e "$ledger" ]; then
		echo "ggw demo: $ledger exists but is not a ledger; move it away first." >&2
		exit 1
	fi
	echo "ggw demo: building the sample ledger in $ledger ..."
	# The demo's commits need an author; keep the user's own identity if set.
	python3 "$src/demo/build.py" "$ggw" "$ledger"
	echo "ggw demo: done. The ledger is in $ledger"
else
	echo "ggw demo: using the sample ledger in $ledger (delete it to rebuild)"
fi
if [ -t 0 ] && [ -t 1 ]; then
	exec "$ggw" -C "$ledger"
fi
"$ggw" -C "$ledger" list --year 2025 | head -20
echo "ggw demo: (no terminal: showing 'ggw list'; run '$ggw -C $ledger' to open the interface)"
