#!/bin/sh
# ggw undo and ggw restore on real ledgers: each is an ordinary commit that
# names what it undoes or restores and travels through a hub like any
# change; undo refuses when someone else (plain git, another PC) changed
# the record since. Also: rm refuses a volunteer activities still name,
# ggw audit counts exactly the records ggw check fails, and an author
# e-mail of the form <unit>@ggw.local follows ggw.unit.
. "$GGW_SRC/tests/lib.sh"

ACT="--set title=防溺水讲座 --set date=2024-07-10 --set category=safety --set form=lecture --set youth_count=30"

ggw init led --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委 \
	--unit nanhu --unit-name 南湖村关工委 >/dev/null
ggw -C led config user.name 王主任
cd led || exit 1

# --- nothing to undo ------------------------------------------------------
check_fails "undo with no change of this PC exits 1" 1 ggw undo
check_grep "it says there is nothing to undo" "还没有可以撤销的修改" "$T/.out"

# --- undo an add, then undo the undo (redo) --------------------------------
A=$(ggw add $ACT)
APATH=activities/office/2024/$A.yaml
ADD=$(git rev-parse HEAD)
ABLOB=$(git rev-parse HEAD:$APATH)
check "undo the add" ggw undo
check_grep "undo names what it undid" "已撤销：新增活动：防溺水讲座" "$T/.out"
check "the added file is gone" test ! -e "$APATH"
check_eq "undo commit subject" "$(git log -1 --format=%s)" "撤销：新增活动：防溺水讲座（测试街道关工委办公室，2024-07-10）"
check_eq "undo trailers" "$(git log -1 --format=%b)" "Ggw-Unit: office
Ggw-Record: $APATH
Ggw-Action: undo
Ggw-Undoes: $ADD"
check_eq "the undo is one new commit on top" "$(git rev-parse HEAD~1)" "$ADD"
check_eq "the work tree is clean" "$(git status --porcelain)" ""
check "undo again: redo" ggw undo
check_grep "redo says so" "已重做：新增活动：防溺水讲座" "$T/.out"
check_eq "redo subject" "$(git log -1 --format=%s)" "重做：新增活动：防溺水讲座（测试街道关工委办公室，2024-07-10）"
check_eq "the record is back byte for byte" "$(git rev-parse HEAD:$APATH)" "$ABLOB"
check "ggw show finds it again" ggw show "$A"

# --- undo an edit and a delete ---------------------------------------------
ggw edit "$A" --set title=改过的标题 >/dev/null
check "undo the edit" ggw undo
check_eq "the old title is back" "$(git rev-parse HEAD:$APATH)" "$ABLOB"
check_grep "log shows the undo" "撤销了一次修改（undo）" "$(ggw log "$A" >"$T/log.out"; echo "$T/log.out")"
ggw rm "$A" >/dev/null
check "undo the delete" ggw undo
check "the deleted record is back" test -f "$APATH"
check_eq "with its content" "$(git rev-parse HEAD:$APATH)" "$ABLOB"
check "check passes after the undos" ggw check

# --- refusals ----------------------------------------------------------------
ggw edit "$A" --set location=村委会 >/dev/null
echo "# a hand edit" >>"$APATH"
before=$(git rev-parse HEAD)
check_fails "undo refuses over an uncommitted hand edit (exit 1)" 1 ggw undo
check_grep "and names the file" "$APATH" "$T/.out"
check_eq "nothing was committed" "$(git rev-parse HEAD)" "$before"
git checkout -q -- "$APATH"
# Someone else (plain git, another person) changes the record afterwards.
sed -i 's/^location: .*/location: 南湖小学/' "$APATH"
GIT_AUTHOR_NAME=李会计 GIT_AUTHOR_EMAIL=li@example.org git commit -q -am "手工改地点"
before=$(git rev-parse HEAD)
check_fails "undo refuses when someone else changed it since (exit 1)" 1 ggw undo
check_grep "the refusal names who" "李会计 <li@example.org>" "$T/.out"
check_grep "the refusal names the commit" "$(git rev-parse --short=8 HEAD)" "$T/.out"
check_eq "nothing was committed" "$(git rev-parse HEAD)" "$before"
check_grep "the other person's change stays" "南湖小学" "$APATH"
# Another unit's PC has nothing of its own to undo here.
ggw config ggw.unit nanhu
check_fails "another unit has no change to undo" 1 ggw undo
ggw config ggw.unit office

# --- restore -----------------------------------------------------------------
check_fails "restore of a record that exists exits 1" 1 ggw restore "$A"
check_grep "it says the record is still there" "还在" "$T/.out"
git show HEAD:"$APATH" >"$T/before.yaml"
ggw rm "$A" >/dev/null
ggw restore --list >"$T/list.out"
check_grep "restore --list shows the id" "$A" "$T/list.out"
check_grep "restore --list shows the title" "防溺水讲座" "$T/list.out"
check_grep "restore --list shows who deleted it" "王主任（office）" "$T/list.out"
check "restore the record" ggw restore "$A"
check_grep "restore says where" "$APATH" "$T/.out"
check_eq "the content is the last content" "$(cat "$APATH")" "$(cat "$T/before.yaml")"
check_eq "restore subject" "$(git log -1 --format=%s)" "恢复活动：防溺水讲座（测试街道关工委办公室，2024-07-10）"
check_grep "restore trailer" "Ggw-Action: restore" "$(git log -1 --format=%B >"$T/msg.out"; echo "$T/msg.out")"
check_eq "the work tree is clean" "$(git status --porcelain)" ""
check_fails "restore twice exits 1" 1 ggw restore "$A"
check_fails "restore of an id history never had exits 1" 1 ggw restore 20240101-0000abcd
check_grep "it points at --list" "ggw restore --list" "$T/.out"
check_fails "restore of a malformed id exits 1" 1 ggw restore ../x
check_fails "restore without an id is a usage error" 2 ggw restore
ggw restore --list >"$T/list.out"
check_grep "nothing deleted any more" "没有已删除的记录" "$T/list.out"
# A unit cannot restore another unit's record.
N=$(ggw add $ACT --set unit=nanhu)
ggw rm "$N" >/dev/null
ggw config ggw.unit xinyi
check_fails "xinyi may not restore nanhu's record (exit 1)" 1 ggw restore "$N"
ggw config ggw.unit office
check "the office may" ggw restore "$N"
# Deleted with plain git: still found, by its author.
git rm -q "activities/nanhu/2024/$N.yaml"
GIT_AUTHOR_NAME=张三 GIT_AUTHOR_EMAIL=z@example.org git commit -q -m "rm by hand"
ggw restore --list >"$T/list.out"
check_grep "a plain git deletion is listed with its author" "张三" "$T/list.out"
check "and can be restored" ggw restore "$N"

# --- the volunteer still named ----------------------------------------------
V=$(ggw add --type volunteer --set name=丁光海 --set group=veteran --set unit=xinyi)
ggw add $ACT --set unit=nanhu --set "volunteers=$V" >/dev/null
ggw add $ACT --set "volunteers=$V" >/dev/null
check_fails "rm of a volunteer two activities name exits 1" 1 ggw rm "$V"
check_grep "it says how many activities name the volunteer" "还有 2 条活动记录写了这位五老" "$T/.out"
check_grep "it offers 不在岗" "ggw edit $V --set active=false" "$T/.out"
check "the volunteer is still there" test -f "volunteers/xinyi/$V.yaml"
check "the offered command works" ggw edit "$V" --set active=false
check_grep "marked not active" "active: false" "volunteers/xinyi/$V.yaml"
check "check still passes" ggw check
# Undoing the volunteer's addition would delete it the same way.
V2=$(ggw add --type volunteer --set name=李老师 --set group=teacher)
ggw config ggw.unit nanhu
ggw add $ACT --set "volunteers=$V2" >/dev/null
ggw config ggw.unit office
check_fails "undo of a named volunteer's addition is refused" 1 ggw undo
check_grep "for the same reason" "还有 1 条活动记录写了这位五老" "$T/.out"

# --- audit counts what check fails ---------------------------------------------
# A volunteer deleted with plain git: the activities naming it break.
git rm -q "volunteers/xinyi/$V.yaml"
git commit -q -m "rm volunteer by hand"
check_fails "check fails on the dangling volunteer ids" 1 ggw check
failing=$(ggw check 2>/dev/null | cut -d: -f1 | sort -u | wc -l)
ggw audit --year 2024 >"$T/audit.out" 2>&1
check_grep "audit names the missing volunteer" "五老志愿者 $V 不存在" "$T/audit.out"
check_grep "audit counts the same records as check" "未通过检查 $failing。" "$T/audit.out"
# One of another year: the audit says so, and the totals still agree.
OLD=$(ggw add --set title=往年 --set date=2023-05-01 --set category=law --set form=lecture --set youth_count=5)
echo "volunteers: [v-0badc0de]" >>"activities/office/2023/$OLD.yaml"
git commit -q -am "old activity names nobody"
ggw audit --year 2024 >"$T/audit.out" 2>&1
check_grep "audit points at the other year's failing record" "另有其他年份的 1 条记录未通过检查" "$T/audit.out"
failing=$(ggw check 2>/dev/null | cut -d: -f1 | sort -u | wc -l)
in_year=$(sed -n 's/.*未通过检查 \([0-9]*\)。.*/\1/p' "$T/audit.out")
check_eq "audit's count plus other years equals check's records" "$((in_year + 1))" "$failing"

# --- the author e-mail follows ggw.unit -------------------------------------
ggw config user.email office@ggw.local
ggw config ggw.unit nanhu
ggw add $ACT >/dev/null
check_eq "a ggw.local address follows the unit" "$(git log -1 --format=%ae)" "nanhu@ggw.local"
check_grep "and the trailer agrees" "Ggw-Unit: nanhu" "$(git log -1 --format=%B >"$T/msg.out"; echo "$T/msg.out")"
ggw config user.email wang@example.org
ggw add $ACT >/dev/null
check_eq "a person's own address is kept" "$(git log -1 --format=%ae)" "wang@example.org"
ggw config ggw.unit office
cd "$T" || exit 1

# --- undo and restore travel through a hub ----------------------------------
ggw init off --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null
ggw -C off config user.name 王主任
ggw hub init "$T/hub.git" >/dev/null
ggw -C off remote add hub "$T/hub.git" >/dev/null
ggw -C off sync >/dev/null 2>&1
ggw clone "$T/hub.git" xin --unit xinyi >/dev/null
ggw -C xin config user.name 新义文书
git -C xin remote | grep -q hub || ggw -C xin remote add hub "$T/hub.git" >/dev/null
X=$(ggw -C xin add $ACT)
XPATH=activities/xinyi/2024/$X.yaml
check "xinyi syncs its add" ggw -C xin sync
ggw -C off sync >/dev/null 2>&1
check "the office has it" test -f "off/$XPATH"
check "xinyi undoes it" ggw -C xin undo
UNDO=$(git -C xin rev-parse HEAD)
check "xinyi syncs the undo" ggw -C xin sync
check "the office syncs" ggw -C off sync
check "the undo commit reached the office" git -C off merge-base --is-ancestor "$UNDO" HEAD
check "the record is gone at the office" test ! -e "off/$XPATH"
ggw -C off log --limit 5 >offlog.out
check_grep "the office's log shows the undo" "撤销：新增活动：防溺水讲座" offlog.out
check "xinyi restores it" ggw -C xin restore "$X"
check "xinyi syncs the restore" ggw -C xin sync
check "the office syncs again" ggw -C off sync
check "the restored record reached the office" test -f "off/$XPATH"
check_eq "with the same content" "$(git -C off rev-parse HEAD:$XPATH)" "$(git -C xin rev-parse HEAD:$XPATH)"
# Someone else (the office, plain git) changes xinyi's record; xinyi
# syncs it in; xinyi's undo of its restore is refused.
sed -i 's/^title: .*/title: 办公室改的标题/' "off/$XPATH"
GIT_AUTHOR_NAME=办公室小张 GIT_AUTHOR_EMAIL=zhang@example.org git -C off commit -q -am "改标题"
check "the office syncs its plain git change" ggw -C off sync
check "xinyi syncs it in" ggw -C xin sync
before=$(git -C xin rev-parse HEAD)
check_fails "xinyi's undo is refused (exit 1)" 1 ggw -C xin undo
check_grep "naming the office's person" "办公室小张" "$T/.out"
check_eq "xinyi committed nothing" "$(git -C xin rev-parse HEAD)" "$before"

[ "$TESTS_FAILED" -eq 0 ]
