#!/bin/sh
# Evidence in ledger files: a unit whose store holds N files (400 KB each)
# and whose office has answered its last file attaches one new file and
# writes `ggw bundle create --since-last`; the office takes it in with
# `ggw sync FILE`. Printed beside plain git on the same repository in the
# same run: `git bundle create` of the same refs with the same
# prerequisites and `git fetch` from that file into a copy of the office.
# Sizes in KB; seconds best of 3.
: "${GGW_BUILD:=$(pwd)/build}"
GGW="$GGW_BUILD/ggw"
N=${EVIDENCE_BENCH_FILES:-30}
W=$(mktemp -d "${TMPDIR:-/tmp}/ggw-bench-evb.XXXXXX")
trap 'rm -rf "$W"' EXIT
export HOME="$W/home" XDG_CONFIG_HOME="$W/home/.config" LC_ALL=C.UTF-8
mkdir -p "$HOME"
git config --global init.defaultBranch main
cd "$W" || exit 1

scan() { { printf '%%PDF-1.4\n'; head -c "$2" /dev/urandom; printf '\n%%%%EOF\n'; } >"$1"; }
now() { date +%s.%N; }
pc() { git -C "$1" config ggw.unit "$2" && git -C "$1" config user.name "$2" && git -C "$1" config user.email "$2@ggw.local"; }
kb() { echo $(( ($(wc -c <"$1") + 512) / 1024 )); }

"$GGW" init office --street 街道 --unit office >/dev/null 2>&1 || { echo "bench_evidence_bundle: init failed"; exit 1; }
pc office office
"$GGW" -C office unit add xinyi 新义村 --kind village >/dev/null 2>&1
"$GGW" -C office bundle create "$W/full.bundle" >/dev/null
git clone -q -b main "$W/full.bundle" xinyi && git -C xinyi remote remove origin && pc xinyi xinyi
"$GGW" -C xinyi add --type activity --set title=基准 --set date=2024-06-01 --set category=safety \
	--set form=lecture --set youth_count=5 >/dev/null
ID=$("$GGW" -C xinyi list --format ids | head -1)
i=0
while [ $i -lt "$N" ]; do scan "f$i.pdf" 400000; i=$((i + 1)); done
"$GGW" -C xinyi attach "$ID" f*.pdf >/dev/null
"$GGW" -C xinyi bundle create "$W/x0.bundle" --since-last >/dev/null
"$GGW" -C office sync "$W/x0.bundle" --reply "$W/r0.bundle" >/dev/null 2>&1
"$GGW" -C xinyi sync "$W/r0.bundle" >/dev/null 2>&1

best_ggw=999 best_git=999 best_in=999 best_fetch=999
for round in 1 2 3; do
	scan "new$round.pdf" 400000
	"$GGW" -C xinyi attach "$ID" "new$round.pdf" >/dev/null
	# what the office holds: the prerequisites both files name
	pre=$(sed -n '2,/^$/p' "$W/r0.bundle" | sed -n 's/^-\([0-9a-f]\{40\}\).*/^\1/p')
	[ -n "$pre" ] || pre="^$(git -C office rev-parse HEAD) ^$(git -C office rev-parse refs/ggw/evidence/xinyi)"
	rm -f "$W/x.bundle" "$W/g.bundle"
	t0=$(now)
	"$GGW" -C xinyi bundle create "$W/x.bundle" --since-last >/dev/null
	t1=$(now)
	# shellcheck disable=SC2086
	git -C xinyi bundle create -q "$W/g.bundle" main refs/ggw/evidence/xinyi $pre 2>/dev/null
	t2=$(now)
	rm -rf copy && cp -a office copy
	t3=$(now)
	"$GGW" -C office sync "$W/x.bundle" --reply "$W/r0.bundle" >/dev/null 2>&1
	t4=$(now)
	git -C copy fetch -q "$W/g.bundle" "+refs/heads/main:refs/remotes/b/main" \
		"+refs/ggw/evidence/xinyi:refs/ggw/evin/b/xinyi" 2>/dev/null
	t5=$(now)
	"$GGW" -C xinyi sync "$W/r0.bundle" >/dev/null 2>&1
	best_ggw=$(awk -v a="$t0" -v z="$t1" -v b="$best_ggw" 'BEGIN { d = z - a; print (d < b) ? d : b }')
	best_git=$(awk -v a="$t1" -v z="$t2" -v b="$best_git" 'BEGIN { d = z - a; print (d < b) ? d : b }')
	best_in=$(awk -v a="$t3" -v z="$t4" -v b="$best_in" 'BEGIN { d = z - a; print (d < b) ? d : b }')
	best_fetch=$(awk -v a="$t4" -v z="$t5" -v b="$best_fetch" 'BEGIN { d = z - a; print (d < b) ? d : b }')
done
printf 'evidence in a ledger file, one new 400 KB file, store of %d files: ggw bundle create --since-last %d KB in %.3f s, git bundle create (same refs and prerequisites) %d KB in %.3f s; taking it in: ggw sync FILE %.3f s, git fetch FILE %.3f s\n' \
	"$N" "$(kb x.bundle)" "$best_ggw" "$(kb g.bundle)" "$best_git" "$best_in" "$best_fetch"
