#!/bin/sh
# The office and a unit edit the same record between syncs: different
# fields merge; the same field leaves a conflict that list --conflicts and
# status show and resolve settles; edit versus delete keeps the record; two
# PCs merging the same histories write identical trees.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office office
ggw hub init "$T/hub.git" >/dev/null
ggw -C office remote add hub "$T/hub.git" >/dev/null
# Wrong usage names what is missing, in one line, then the usage line.
usage_msg() { # WANT ARGS...: exit 2 and the first stderr line holds WANT
	_want=$1; shift
	ggw -C office "$@" >/dev/null 2>"$T/usage.err"
	_rc=$?
	check_eq "ggw $* exits 2" "$_rc" 2
	check_eq "ggw $* says what to do" "$(head -1 "$T/usage.err")" "ggw: $_want"
}
usage_msg "remote add 要写名称和地址，如 ggw remote add usb /media/u盘/ggw-hub.git" remote add usb
usage_msg "remote remove 要写一个名称（ggw remote list 列出全部）" remote remove
usage_msg "remote list 不带参数" remote list x
usage_msg "不认识“frob”：要 add、list 或 remove" remote frob
usage_msg "缺少子命令 init" hub
usage_msg "hub init 要写新仓库的路径，如 /media/u盘/ggw-hub.git" hub init
usage_msg "不认识“frob”：只有 hub init" hub frob x
ggw -C office config ggw.lang en >/dev/null
ggw -C office sync >"$T/sync-en.out" 2>&1
ggw -C office config ggw.lang zh >/dev/null
check_eq "English sync line: ASCII colon" "$(cat "$T/sync-en.out")" "hub: pushed"
new_rec() { # DIR TITLE
	ggw -C "$1" add --type activity --set "title=$2" --set date=2024-07-10 \
		--set category=safety --set form=lecture --set youth_count=10 \
		--set location=文化礼堂
}
ID=$(new_rec office 暑期防溺水讲座)
check "the office records an activity (ggw add)" test -n "$ID"
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/hub.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add hub "$T/hub.git" >/dev/null
# Only the office may edit its record: have the office create one in
# xinyi's folder, which both may edit.
XID=$(ggw -C office add --type activity --set title=防诈骗宣讲 --set date=2024-08-01 \
	--set category=safety --set form=lecture --set youth_count=20 --set unit=xinyi)
ggw -C office sync >/dev/null 2>&1
ggw -C xinyi sync >/dev/null 2>&1
check "xinyi has the record" ggw -C xinyi show "$XID"

# 1. different fields: both kept, no conflict
ggw -C office edit "$XID" --set location=村委会 >/dev/null
ggw -C xinyi edit "$XID" --set youth_count=35 >/dev/null
check "office syncs its edit" ggw -C office sync
ggw -C xinyi sync >s1.out 2>&1
check_eq "xinyi merges (exit 0)" "$?" 0
ggw -C xinyi show "$XID" --format yaml >r1.yaml
check_grep "office's location kept" "location: 村委会" r1.yaml
check_grep "xinyi's count kept" "youth_count: 35" r1.yaml
check_nogrep "no conflict for different fields" "conflicts:" r1.yaml
check_eq "a merge commit was made" "$(git -C xinyi log -1 --format=%s)" "同步合并：hub"
check "office receives the merge" ggw -C office sync
check_eq "office and xinyi agree" "$(tree_of office)" "$(tree_of xinyi)"

# 2. the same field changed differently: a conflict
ggw -C office edit "$XID" --set title=防诈骗宣讲（办公室改） >/dev/null
ggw -C xinyi edit "$XID" --set title=防诈骗宣讲（新义改） >/dev/null
ggw -C office sync >/dev/null 2>&1
ggw -C xinyi sync >s2.out 2>&1
check_eq "a conflicting merge still succeeds" "$?" 0
check_grep "sync says a conflict was left" "冲突" s2.out
ggw -C xinyi list --conflicts --format ids >c.out 2>&1
check_grep "list --conflicts finds the record" "$XID" c.out
ggw -C xinyi status >st.out 2>&1
check_grep "status counts the conflict" "待解决的冲突：1 条记录" st.out
ggw -C xinyi show "$XID" --format yaml >r2.yaml
check_grep "the record keeps a conflicts entry" "conflicts:" r2.yaml
check "both titles survive (office's)" grep -q "办公室改" r2.yaml
check "both titles survive (xinyi's)" grep -q "新义改" r2.yaml
check "resolve settles it" ggw -C xinyi resolve "$XID" title --value 防诈骗宣讲（定稿）
ggw -C xinyi list --conflicts --format ids >c2.out 2>&1
check_nogrep "no conflict left" "$XID" c2.out
check "the resolution syncs" ggw -C xinyi sync
check "the office receives it" ggw -C office sync
ggw -C office show "$XID" --format yaml >r3.yaml
check_grep "the office has the settled title" "title: 防诈骗宣讲（定稿）" r3.yaml
check_nogrep "and no conflict" "conflicts:" r3.yaml

# 3. edit versus delete keeps the record
ggw -C office rm "$XID" >/dev/null
ggw -C xinyi edit "$XID" --set adult_count=4 >/dev/null
ggw -C office sync >/dev/null 2>&1
check "xinyi merges a delete against its edit" ggw -C xinyi sync
check "the edited record is kept" ggw -C xinyi show "$XID"
ggw -C office sync >/dev/null 2>&1
check "and comes back to the office" ggw -C office show "$XID"

# 4. two PCs merging the same histories write identical trees: each
# fetches the other's ledger directly (peers), neither sees the other's
# merge.
ggw -C office edit "$XID" --set title=甲 --set location=甲地 >/dev/null
ggw -C xinyi edit "$XID" --set title=乙 --set youth_count=99 >/dev/null
new_rec office 办公室新记录 >/dev/null
cp -a office office-snap
cp -a xinyi xinyi-snap
ggw -C xinyi remote add office "$T/office-snap" >/dev/null
ggw -C office remote add xinyi "$T/xinyi-snap" >/dev/null
ggw -C xinyi sync office >/dev/null 2>&1
ggw -C office sync xinyi >/dev/null 2>&1
check_eq "two independent merges give the same tree" "$(tree_of office)" "$(tree_of xinyi)"
check "the peers' own histories differ (both merged)" test "$(git -C office rev-parse HEAD)" != "$(git -C xinyi rev-parse HEAD)"
ggw -C office sync >/dev/null 2>&1
ggw -C xinyi sync >/dev/null 2>&1
check_eq "after a full round they still agree" "$(tree_of office)" "$(tree_of xinyi)"
check "git fsck clean" git -C xinyi fsck --no-progress

# Uncommitted edits in the way: the sync refuses to touch them.
ggw -C office edit "$XID" --set location=丙地 >/dev/null
ggw -C office sync hub >/dev/null 2>&1
f=$(ls xinyi/activities/xinyi/2024/"$XID".yaml)
echo "# hand edit" >>"$f"
before=$(git -C xinyi rev-parse HEAD)
ggw -C xinyi sync hub >d.out 2>&1
check_eq "sync refuses when uncommitted edits are in the way" "$?" 1
check_grep "and names the file" "$XID" d.out
check_eq "main did not move" "$(git -C xinyi rev-parse HEAD)" "$before"
check_grep "the hand edit is still there" "# hand edit" "$f"

# 5. A third unit merges a conflict in xinyi's record: its merge commit
# changes xinyi's file, yet xinyi and the office accept it, because it is
# exactly what ggw's merge of the two parents gives. A hand-made merge
# that slips in another change is refused.
git -C xinyi checkout -q -- . 2>/dev/null
ggw -C xinyi sync hub >/dev/null 2>&1
ggw -C office sync hub >/dev/null 2>&1
ggw -C xinyi sync hub >/dev/null 2>&1
ggw hub init "$T/a.git" >/dev/null
ggw hub init "$T/b.git" >/dev/null
ggw -C office remote add a "$T/a.git" >/dev/null
ggw -C xinyi remote add b "$T/b.git" >/dev/null
clone_pc "$T/hub.git" nanhu nanhu
git -C nanhu remote remove origin
ggw -C nanhu remote add a "$T/a.git" >/dev/null
ggw -C nanhu remote add b "$T/b.git" >/dev/null
ggw -C office edit "$XID" --set title=办公室的标题 >/dev/null
ggw -C xinyi edit "$XID" --set title=新义的标题 >/dev/null
ggw -C office sync a >/dev/null 2>&1
ggw -C xinyi sync b >/dev/null 2>&1
ggw -C nanhu sync a b >n.out 2>&1
check_eq "nanhu merges the office's and xinyi's edits" "$?" 0
ggw -C nanhu sync a b >/dev/null 2>&1
check "nanhu's merge touched xinyi's record" test "$(git -C nanhu log -1 --format=%H -- "$(cd nanhu && ls activities/xinyi/*/"$XID".yaml)")" = "$(git -C nanhu log -1 --merges --format=%H)"
ggw -C xinyi sync b >x.out 2>&1
check_eq "xinyi accepts nanhu's merge" "$?" 0
ggw -C office sync a >o.out 2>&1
check_eq "the office accepts nanhu's merge" "$?" 0
check_eq "all three agree" "$(tree_of office) $(tree_of xinyi)" "$(tree_of nanhu) $(tree_of nanhu)"

# the forged merge
ggw -C office edit "$XID" --set location=甲 >/dev/null
ggw -C xinyi edit "$XID" --set youth_count=1 >/dev/null
ggw -C office sync a >/dev/null 2>&1
ggw -C xinyi sync b >/dev/null 2>&1
git -C nanhu fetch -q "$T/a.git" main
git -C nanhu fetch -q "$T/b.git" main:refs/tmp/b
git -C nanhu merge -q --no-ff -s ours -m "同步合并：伪造

Ggw-Unit: nanhu
Ggw-Action: merge" FETCH_HEAD refs/tmp/b 2>/dev/null || git -C nanhu merge -q --no-ff -s ours -m "forged" refs/tmp/b
f=$(cd nanhu && ls activities/xinyi/*/"$XID".yaml)
sed -i 's/^title: .*/title: 南湖偷偷改的/' "nanhu/$f"
git -C nanhu commit -q --amend -a --no-edit
git -C nanhu push -q "$T/b.git" HEAD:main
before=$(git -C xinyi rev-parse HEAD)
ggw -C xinyi sync b >forged.out 2>&1
check_eq "a merge that slips in a change is refused" "$?" 1
check_grep "and the path is named" "$XID" forged.out
check_eq "xinyi's ledger is untouched" "$(git -C xinyi rev-parse HEAD)" "$before"
exit 0
