#!/bin/sh
# The field-level merge through plain git: `ggw merge-file` as git's merge
# driver, records edited at the street office and at a unit, then
# `ggw resolve`. Real repositories, the real git command.
. "$GGW_SRC/tests/lib.sh"

ID=20240710-3fa9c2e1
REC=activities/xinyi/2024/$ID.yaml

record() { # title location summary
	cat <<EOF
schema: ggw/activity/1
id: $ID
unit: xinyi
title: $1
date: 2024-07-10
category: safety
form: lecture
location: $2
youth_count: 45
five_have:
  plan: 暑期安全教育计划第3项
  summary: $3
tags:
- 暑期
EOF
}

# commit_as DIR UNIT NAME DATE MESSAGE: commit everything as a unit's person.
commit_as() {
	(cd "$1" && git add -A &&
	 GIT_AUTHOR_NAME=$3 GIT_AUTHOR_EMAIL=$2@ggw.local GIT_AUTHOR_DATE=$4 \
	 GIT_COMMITTER_NAME=$3 GIT_COMMITTER_EMAIL=$2@ggw.local GIT_COMMITTER_DATE=$4 \
	 git commit -q -m "$5

Ggw-Unit: $2
Ggw-Record: $REC
Ggw-Action: edit")
}

# Use ggw as the driver; .git/info/attributes overrides the ledger's
# `*.yaml -merge`.
use_driver() {
	git -C "$1" config merge.ggw.name "ggw field-level merge"
	git -C "$1" config merge.ggw.driver "$GGW_BIN merge-file %O %A %B"
	echo '*.yaml merge=ggw' >"$1/.git/info/attributes"
}

# A ledger at the street office (built with plain git, as an older copy
# or a hand-made one would be), cloned by the unit.
mkdir office
git -C office init -q -b main
cat >office/units.yaml <<'EOF'
schema: ggw/units/1
street: XX街道关工委
units:
- key: office
  name: XX街道关工委办公室
  kind: street
- key: xinyi
  name: 新义村关工委
  kind: village
EOF
echo '*.yaml -merge' >office/.gitattributes
mkdir -p office/activities/xinyi/2024
record 防溺水讲座 文化礼堂 反响好 >office/$REC
commit_as office office 王主任 "2024-07-10T09:00:00+08:00" "新增活动"
git clone -q office unit
git -C office config ggw.unit office
git -C unit config ggw.unit xinyi
use_driver office
use_driver unit
git -C unit remote add office "$T/office"
git -C office remote add unit "$T/unit"
start=$(git -C office rev-parse HEAD)

# 1. Different fields: the office fixes the title, the unit the location.
record 防溺水安全讲座 文化礼堂 反响好 >office/$REC
commit_as office office 王主任 "2024-07-11T09:00:00+08:00" "修改活动：标题"
record 防溺水讲座 新义村村委会 反响好 >unit/$REC
commit_as unit xinyi 张三 "2024-07-11T10:00:00+08:00" "修改活动：地点"
git -C unit fetch -q office
check "different fields: git merge with the driver succeeds" \
	git -C office pull -q --no-rebase --no-edit unit main
check_grep "different fields: the office's title kept" "title: 防溺水安全讲座" office/$REC
check_grep "different fields: the unit's location kept" "location: 新义村村委会" office/$REC
check_nogrep "different fields: no conflict recorded" "conflicts:" office/$REC
check "different fields: merge-file reads the merged record back" \
	"$GGW_BIN" merge-file /dev/null office/$REC office/$REC
check_eq "different fields: clean work tree after the merge" \
	"$(git -C office status --porcelain)" ""
# The unit merges the same two histories the other way round.
check "different fields: the unit merges the office's history" \
	git -C unit merge -q --no-edit office/main
check_eq "different fields: both PCs wrote byte-identical records" \
	"$(git -C unit rev-parse HEAD:$REC)" "$(git -C office rev-parse HEAD:$REC)"
git -C unit pull -q --no-rebase --no-edit office main
git -C office pull -q --no-rebase --no-edit unit main

# 2. The same field changed differently: one value kept, the other
# recorded with who, when and which commit; later commit wins.
record 防溺水安全讲座 新义村村委会 学生反响好，八月再办 >office/$REC
commit_as office office 王主任 "2024-07-12T09:00:00+08:00" "修改活动：总结"
office_commit=$(git -C office rev-parse HEAD)
record 防溺水安全讲座 新义村村委会 家长也来听了 >unit/$REC
commit_as unit xinyi 张三 "2024-07-12T10:00:00+08:00" "修改活动：总结"
# The office's newest commit is later but touches another record: the
# rule looks at the last change of this record on each side.
mkdir -p office/activities/office/2024
sed -e 's/^id: .*/id: 20240801-0a0b0c0d/' -e 's/^unit: .*/unit: office/' office/$REC \
	>office/activities/office/2024/20240801-0a0b0c0d.yaml
commit_as office office 王主任 "2024-07-12T11:00:00+08:00" "新增活动"
office_before=$(git -C office rev-parse HEAD)
unit_before=$(git -C unit rev-parse HEAD)
git -C unit fetch -q office
git -C office fetch -q unit
check "same field: git merge with the driver succeeds (conflict recorded)" \
	git -C office merge -q --no-edit unit/main
office_merge=$(git -C office rev-parse HEAD)
check_grep "same field: the later change of the record (the unit's) is kept" "summary: 家长也来听了" office/$REC
check_grep "same field: conflicts: lists the field" "field: five_have.summary" office/$REC
check_grep "same field: the other value is recorded" "value: 学生反响好，八月再办" office/$REC
check_grep "same field: its author is recorded" "author: 王主任 <office@ggw.local>" office/$REC
check_grep "same field: its unit is recorded" "unit: office" office/$REC
check_grep "same field: its time is recorded" 'time: "2024-07-12T09:00:00+08:00"' office/$REC
check_grep "same field: its commit is recorded" "commit: $office_commit" office/$REC
check "same field: the unit merges the other way round" \
	git -C unit merge -q --no-edit office/main
check_eq "same field: both PCs wrote byte-identical records" \
	"$(git -C unit rev-parse HEAD:$REC)" "$(git -C office rev-parse HEAD:$REC)"
# Merging each other's merges later gives nothing new to fight over.
git -C unit fetch -q office
check "same field: merging the two merge commits succeeds" \
	git -C unit merge -q --no-edit office/main
check_eq "same field: still one conflict entry after merging the merges" \
	"$(grep -c 'field: five_have.summary' unit/$REC)" 1

# Without a git merge around it (no metadata), the content decides, the
# same way whichever file is "ours".
git -C office show "$start:$REC" >base.yaml
git -C office show "$office_before:$REC" >a.yaml
git -C office show "$unit_before:$REC" >b.yaml
cp a.yaml a1.yaml; cp b.yaml b1.yaml
check "no metadata: merge-file a b" "$GGW_BIN" merge-file base.yaml a1.yaml b.yaml
check "no metadata: merge-file b a" "$GGW_BIN" merge-file base.yaml b1.yaml a.yaml
check "no metadata: identical results either way" cmp a1.yaml b1.yaml
check_grep "no metadata: conflict recorded without time" "field: five_have.summary" a1.yaml
check_nogrep "no metadata: no commit invented" "commit:" a1.yaml
check_nogrep "no metadata: no time invented" "time:" a1.yaml
# A file that is not YAML: exit 1, ours untouched (git shows a conflict).
printf 'title: [unclosed\n' >bad.yaml
cp a.yaml a2.yaml
check_fails "unparsable file: exit 1" 1 "$GGW_BIN" merge-file base.yaml a2.yaml bad.yaml
check "unparsable file: ours left as it was" cmp a.yaml a2.yaml
check_fails "usage: three files needed" 2 "$GGW_BIN" merge-file a.yaml

# 3. The record with a conflict is listed and resolved with a commit.
if "$GGW_BIN" -C office list --conflicts --format ids >list.out 2>&1; then
	check_grep "list --conflicts finds the record" "$ID" list.out
else
	echo "ok - list --conflicts finds the record # SKIP list not available: $(head -1 list.out)"
fi
check_fails "resolve: a field without a conflict is refused" 1 \
	"$GGW_BIN" -C office resolve $ID title --ours
check_grep "resolve: the refusal names the field" "title" "$T/.out"
check "resolve: --theirs takes the recorded value" \
	"$GGW_BIN" -C office resolve $ID five_have.summary --theirs
check_grep "resolve: the value is the recorded one" "summary: 学生反响好，八月再办" office/$REC
check_nogrep "resolve: the conflict is gone" "conflicts:" office/$REC
check_eq "resolve: one commit, action resolve" \
	"$(git -C office log -1 --format=%B | grep '^Ggw-Action:')" "Ggw-Action: resolve"
git -C office log -1 --format=%s >subject.out
check_grep "resolve: the subject says a conflict was settled" "解决冲突：" subject.out
check_eq "resolve: the subject names record, unit and date" \
	"$(sed -n 's/^解决冲突：\(.*\)（.*，\(.*\)）$/\1 \2/p' subject.out)" \
	"$(sed -n 's/^title: //p' office/$REC) $(sed -n 's/^date: //p' office/$REC)"
check_eq "resolve: the commit names the record" \
	"$(git -C office log -1 --format=%B | grep '^Ggw-Record:')" "Ggw-Record: $REC"
check_eq "resolve: one file in the commit" "$(git -C office show --name-only --format= HEAD)" "$REC"
"$GGW_BIN" -C office log $ID >log.out 2>&1
check_grep "log: the settled conflict is shown in words" \
	"冲突已解决：五有·有总结（five_have.summary）：另一个值“学生反响好，八月再办”" log.out
check_grep "log: the merge shows the conflict it added" \
	"新增冲突：五有·有总结（five_have.summary）：另一个值“学生反响好，八月再办”" log.out
check_nogrep "log: no raw conflict entries" "field:" log.out
check_nogrep "log: no raw conflict values" "value:" log.out
check_grep "log: who kept the other value, and when" "（王主任 <office@ggw.local>，office，2024-07-12T09:00:00+08:00）" log.out
check_eq "resolve: committed, work tree clean" "$(git -C office status --porcelain)" ""
check_fails "resolve: settled once, a second time is refused" 1 \
	"$GGW_BIN" -C office resolve $ID five_have.summary --ours
check_fails "resolve: a missing choice is a usage error" 2 \
	"$GGW_BIN" -C office resolve $ID title
check_fails "resolve: two choices are a usage error" 2 \
	"$GGW_BIN" -C office resolve $ID title --ours --theirs
check_fails "resolve: an unknown record is refused" 1 \
	"$GGW_BIN" -C office resolve 20240710-00000000 title --ours

# 4. Edit versus delete. The office deletes the record, the unit edits it.
git -C unit fetch -q office
git -C unit merge -q --no-edit office/main
git -C office fetch -q unit
git -C office merge -q --no-edit unit/main
git -C office rm -q $REC
commit_as office office 王主任 "2024-07-13T09:00:00+08:00" "删除活动"
record 防溺水安全讲座 新义村村委会 再办一期 >unit/$REC
commit_as unit xinyi 张三 "2024-07-13T10:00:00+08:00" "修改活动：总结"
office_deleted=$(git -C office rev-parse HEAD)
unit_edited=$(git -C unit rev-parse HEAD)
git -C office fetch -q unit
# git decides modify/delete itself (a tree conflict; drivers only merge
# contents), stops the merge and leaves the edited file in place.
git -C office merge --no-edit unit/main >merge.out 2>&1
check_grep "edit vs delete: git reports modify/delete" "modify/delete" merge.out
check_grep "edit vs delete: the edited record is kept in the work tree" \
	"summary: 再办一期" office/$REC
git -C office add $REC
check "edit vs delete: committing the kept record finishes the merge" \
	git -C office commit -q --no-edit
check_grep "edit vs delete: the record is in the merge commit" "再办一期" office/$REC
check "edit vs delete: the merge commit has the record" \
	git -C office cat-file -e HEAD:$REC

# 5. units.yaml: two office PCs add different units; the driver merges
# the units list unit by unit.
git clone -q office office3
use_driver office3
git -C office3 config ggw.unit office
printf -- '- key: dongfang\n  name: 东方社区关工委\n  kind: community\n' >>office/units.yaml
commit_as office office 王主任 "2024-07-14T09:00:00+08:00" "新增单位：东方社区"
printf -- '- key: xinhua\n  name: 新华小学关工委\n  kind: school\n' >>office3/units.yaml
commit_as office3 office 李干事 "2024-07-14T10:00:00+08:00" "新增单位：新华小学"
git -C office fetch -q "$T/office3" main
check "units.yaml: git merge with the driver succeeds" git -C office merge -q --no-edit FETCH_HEAD
check_grep "units.yaml: one PC's unit kept" "key: dongfang" office/units.yaml
check_grep "units.yaml: the other PC's unit kept" "key: xinhua" office/units.yaml
check_nogrep "units.yaml: no conflict" "conflicts:" office/units.yaml

# 6. ggw sync merges the same histories to the same field values as git
# with the driver (scenario 2 again, in fresh copies).
git clone -q office office2
git -C office2 reset -q --hard "$office_before"
git clone -q unit unit2
git -C unit2 reset -q --hard "$unit_before"
git -C office2 config ggw.unit office
git -C office show "$office_merge:$REC" >driver.yaml
if "$GGW_BIN" -C office2 remote add unit "$T/unit2" >sync.out 2>&1 &&
   "$GGW_BIN" -C office2 sync unit >>sync.out 2>&1; then
	strip() { grep -vE '^  (author|unit|time|commit):' "$1"; }
	check_eq "sync and the git driver give the same field values" \
		"$(strip office2/$REC)" "$(strip driver.yaml)"
	check_eq "sync and the git driver give byte-identical records" \
		"$(cat office2/$REC)" "$(cat driver.yaml)"
	# edit versus delete through sync: kept without anyone's help
	git clone -q office office4
	git -C office4 reset -q --hard "$office_deleted"
	git clone -q unit unit4
	git -C unit4 reset -q --hard "$unit_edited"
	git -C office4 config ggw.unit office
	"$GGW_BIN" -C office4 remote add unit "$T/unit4" >sync.out 2>&1
	check "edit vs delete through sync: sync succeeds" "$GGW_BIN" -C office4 sync unit
	check_grep "edit vs delete through sync: the edited record is kept" \
		"summary: 再办一期" office4/$REC
else
	echo "ok - sync and the git driver give the same field values # SKIP sync: $(tail -1 sync.out)"
fi
exit $TESTS_FAILED
