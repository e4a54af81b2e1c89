#!/bin/sh
# Verification of incoming history reads only what changed between commits
# (issue 15): what it no longer re-reads must still be checked. A merge
# that slips a change of another unit's record into its own tree, a bad
# entry deep inside a folder the earlier commits left alone, and an
# oversized record coming back where an earlier tree had a small one are
# all refused; an honest merge of two units' work is accepted.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
add_act office office 1
add_act office nanhu 2
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/usb.git" xinyi xinyi
git -C xinyi remote remove origin
base=$(git -C office rev-parse HEAD)

# An honest merge: xinyi's side and the office's side, combined.
for i in 1 2 3 4 5; do add_act xinyi xinyi "$i"; done
git -C xinyi checkout -q -b side "$base"
add_act xinyi xinyi 9
git -C xinyi checkout -q main
git -C xinyi merge -q --no-edit side
git -C xinyi push -q "$T/usb.git" main
check "an honest merge is accepted" ggw -C office sync usb
check "its records arrived" test -f "office/$(act_path xinyi "$(act_id xinyi 9)")"
base=$(git -C office rev-parse HEAD)

# A merge that also edits nanhu's record inside the merge commit itself.
git -C xinyi checkout -q -b side2 "$base"
add_act xinyi xinyi 10
git -C xinyi checkout -q main
add_act xinyi xinyi 11
git -C xinyi merge -q --no-ff --no-commit side2
NID=$(act_id nanhu 2)
NPATH=$(act_path nanhu "$NID")
write_act xinyi nanhu "$NID" "合并里偷改的标题"
git -C xinyi add -A
git -C xinyi commit -q -m "同步：合并

Ggw-Unit: xinyi"
EVIL=$(git -C xinyi rev-parse --short=10 HEAD)
check_eq "(the merge has two parents)" "$(git -C xinyi log -1 --format=%p | wc -w)" 2
fresh_hub() {
	git clone -q --bare office "$T/$1.git"
	ggw -C office remote add "$1" "$T/$1.git" >/dev/null
}
fresh_hub evil
git -C xinyi push -q -f "$T/evil.git" main
ggw -C office sync evil >evil.out 2>&1
check_eq "a merge changing another unit's record is refused" "$?" 1
check_grep "the refusal names the merge" "$EVIL" evil.out
check_grep "and the path" "$NPATH" evil.out
check_eq "main did not move" "$(git -C office rev-parse HEAD)" "$base"
git -C xinyi reset -q --hard "$base"

# Many commits in xinyi's own folder, then a symlink deep in a folder that
# none of the last commits touched.
for i in 11 12 13 14 15 16; do add_act xinyi xinyi "$i"; done
mkdir -p xinyi/volunteers/xinyi
ln -s ../../units.yaml xinyi/volunteers/xinyi/v-0000abcd.yaml
commit_pc xinyi xinyi add volunteers/xinyi/v-0000abcd.yaml "新增志愿者"
add_act xinyi xinyi 17
fresh_hub link
git -C xinyi push -q -f "$T/link.git" main
ggw -C office sync link >link.out 2>&1
check_eq "a symlink after many commits is refused" "$?" 1
check_grep "and named" "volunteers/xinyi/v-0000abcd.yaml" link.out
check_eq "main did not move (symlink)" "$(git -C office rev-parse HEAD)" "$base"
git -C xinyi reset -q --hard "$base"

# A record in a folder an earlier incoming commit already had grows past
# the size limit: its name and mode are the folder's old ones, its size is
# still checked.
ID=$(act_id xinyi 1)
P=$(act_path xinyi "$ID")
add_act xinyi xinyi 20
{ cat "xinyi/$P"; printf 'content: "%s"\n' "$(head -c 300000 /dev/zero | tr '\0' x)"; } >big.yaml
cp big.yaml "xinyi/$P"
commit_pc xinyi xinyi edit "$P" "变大"
BIG=$(git -C xinyi rev-parse --short=10 HEAD)
fresh_hub big
git -C xinyi push -q -f "$T/big.git" main
ggw -C office sync big >big.out 2>&1
check_eq "an oversized record is refused" "$?" 1
check_grep "named by its commit" "$BIG" big.out
check_grep "and its path" "$P" big.out
check_eq "main did not move (size)" "$(git -C office rev-parse HEAD)" "$base"
exit 0
