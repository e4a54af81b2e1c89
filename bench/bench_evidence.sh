#!/bin/sh
# Evidence sync: one new photo (a ~400 KB JPEG-sized file) attached and
# synced through a hub on a path, beside `git push` of the same bytes (a
# commit holding the same file) to a bare repository, from a ledger whose
# store already holds N files. Prints seconds (best of 3) and the ratio;
# target <= 2x. Also the bytes the hub grew by.
: "${GGW_BUILD:=$(pwd)/build}"
GGW="$GGW_BUILD/ggw"
N=${EVIDENCE_BENCH_FILES:-30}
W=$(mktemp -d "${TMPDIR:-/tmp}/ggw-bench-ev.XXXXXX")
trap 'rm -rf "$W"' EXIT
export HOME="$W/home" XDG_CONFIG_HOME="$W/home/.config" LC_ALL=C.UTF-8
mkdir -p "$HOME"
git config --global user.name bench
git config --global user.email bench@example.org
git config --global init.defaultBranch main
cd "$W" || exit 1

scan() { { printf '%%PDF-1.4\n'; head -c "$2" /dev/urandom; printf '\n%%%%EOF\n'; } >"$1"; }
now() { date +%s.%N; }

"$GGW" init led --street 街道 --unit office >/dev/null 2>&1 || { echo "bench_evidence: init failed"; exit 1; }
git -C led config ggw.unit office
"$GGW" hub init "$W/hub.git" >/dev/null
"$GGW" -C led remote add usb "$W/hub.git" >/dev/null
"$GGW" -C led add --type activity --set title=基准 --set date=2024-06-01 --set category=safety \
	--set form=lecture --set youth_count=5 >/dev/null
ID=$("$GGW" -C led list --format ids | head -1)
i=0
while [ $i -lt "$N" ]; do scan "f$i.pdf" 400000; i=$((i + 1)); done
"$GGW" -C led attach "$ID" f*.pdf >/dev/null
"$GGW" -C led sync >/dev/null 2>&1

git init -q plain && git init -q --bare plain.git
cp f*.pdf plain/ && git -C plain add . && git -C plain commit -qm base && git -C plain push -q "$W/plain.git" main

best_ggw=999 best_git=999 grew=0
for round in 1 2 3; do
	scan "new$round.pdf" 400000
	"$GGW" -C led attach "$ID" "new$round.pdf" >/dev/null
	before=$(du -sk hub.git/objects | cut -f1)
	t0=$(now)
	"$GGW" -C led sync >/dev/null 2>&1
	t1=$(now)
	grew=$(( $(du -sk hub.git/objects | cut -f1) - before ))
	cp "new$round.pdf" plain/ && git -C plain add . && git -C plain commit -qm "new $round"
	t2=$(now)
	git -C plain push -q "$W/plain.git" main
	t3=$(now)
	best_ggw=$(awk -v a="$t0" -v z="$t1" -v b="$best_ggw" 'BEGIN { d = z - a; print (d < b) ? d : b }')
	best_git=$(awk -v a="$t2" -v z="$t3" -v b="$best_git" 'BEGIN { d = z - a; print (d < b) ? d : b }')
done
ratio=$(echo "$best_ggw $best_git" | awk '{printf "%.2f", $1 / $2}')
printf 'evidence sync, one new 400 KB file, store of %d files, hub on a path: ggw sync %.3f s, git push %.3f s, ratio %sx (target <= 2x); hub grew %d KB\n' \
	"$N" "$best_ggw" "$best_git" "$ratio" "$grew"
