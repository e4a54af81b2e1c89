#!/bin/sh
# ggw never commits a record it cannot read back: the written size is
# checked against the reader's 256 KiB limit on add and edit; text fields
# have limits; a merge of two large edits stays readable on both PCs.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/usb.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add usb "$T/usb.git" >/dev/null

unchanged() { # NAME DIR COUNT
	check_eq "$1: nothing committed" "$(git -C "$2" rev-list --count HEAD)" "$3"
	check_eq "$1: the work tree is clean" "$(git -C "$2" status --porcelain)" ""
}
head_yaml() {
	printf 'title: 讲座\ndate: 2024-06-01\ncategory: safety\nform: lecture\nyouth_count: 5\n'
}

# 240 KB of text with tabs: YAML writes each tab as "\t", 360 KB in all.
n0=$(git -C xinyi rev-list --count HEAD)
{ head_yaml; echo "extra: |"; python3 -c "
for i in range(15000): print('  第' + '\t' * 10)"; } >tabs.yaml
check "the input file is under the reading limit" test "$(wc -c <tabs.yaml)" -lt 262144
ggw -C xinyi add --type activity --file tabs.yaml >tabs.out 2>&1
check_eq "a record that would be written over 256 KiB is refused" "$?" 1
check_grep "with a message giving the limit" "256 KiB" tabs.out
unchanged "big add" xinyi "$n0"
check "no record file is left behind" test -z "$(find xinyi/activities -name '*.yaml' 2>/dev/null)"

# The same 240 KB as content: over the field's limit, named.
{ head_yaml; echo "content: |"; python3 -c "
for i in range(15000): print('  第' + '\t' * 10)"; } >content.yaml
ggw -C xinyi add --type activity --file content.yaml >content.out 2>&1
check_eq "a content over the field limit is refused" "$?" 1
check_grep "naming the field" "content" content.out
check_grep "and the limit" "20000" content.out
unchanged "big content" xinyi "$n0"
ggw -C xinyi add --type activity --set title=讲座 --set date=2024-06-01 --set category=safety \
	--set form=lecture --set youth_count=5 --set "content=$(python3 -c "print('字' * 20001)")" >set.out 2>&1
check_eq "--set content of 20001 characters is refused" "$?" 1
check_grep "naming the field and limit" "20000" set.out
ID=$(ggw -C xinyi add --type activity \
	--set title=长文 --set date=2024-06-01 --set category=safety --set form=lecture \
	--set youth_count=5 --set "content=$(python3 -c "print('字' * 20000)")")
check_eq "--set content of 20000 characters is accepted" "$?" 0

# Edit: the same check.
n1=$(git -C xinyi rev-list --count HEAD)
ggw -C xinyi show "$ID" --format yaml >rec.yaml
python3 - rec.yaml <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding='utf-8').read()
s += "extra: |\n" + "".join("  第" + "\t" * 10 + "\n" for i in range(15000))
open(p, 'w', encoding='utf-8').write(s)
PY
ggw -C xinyi edit "$ID" --file rec.yaml >edit.out 2>&1
check_eq "an edit that would be written over 256 KiB is refused" "$?" 1
unchanged "big edit" xinyi "$n1"

# Two PCs edit the content of one record differently, each with 20000
# characters above U+FFFF (written as \U escapes: 200 KB each).
check "xinyi syncs its record" ggw -C xinyi sync
check "office receives it" ggw -C office sync
A=$(python3 -c "print('𠮷' * 19999 + 'A')")
B=$(python3 -c "print('𠮷' * 19999 + 'B')")
check "xinyi edits the content" ggw -C xinyi edit "$ID" --set "content=$A"
check "office edits it differently" ggw -C office edit "$ID" --set "content=$B"
check "xinyi syncs" ggw -C xinyi sync
ggw -C office sync >merge.out 2>&1
check_eq "office's sync merges the two" "$?" 0
P=$(act_path xinyi "$ID")
check "the merged file is under the reading limit" test "$(wc -c <"office/$P")" -le 262144
check "the merged record shows on the office PC" ggw -C office show "$ID"
ggw -C office show "$ID" 2>&1 | grep '冲突' | cut -c1-300 >show.out
check_grep "show says where the left-out value is" "原文在提交" show.out
check "ggw check passes on the office PC" ggw -C office check
ggw -C office list --format ids >ids.out
check_grep "the record is listed" "$ID" ids.out
check "xinyi syncs the merge" ggw -C xinyi sync
check "the merged record shows on xinyi's PC" ggw -C xinyi show "$ID"
check "ggw check passes on xinyi's PC" ggw -C xinyi check
check_eq "both PCs hold the same bytes" "$(git -C xinyi rev-parse HEAD:"$P")" "$(git -C office rev-parse HEAD:"$P")"
ggw -C office resolve "$ID" content --theirs >res.out 2>&1
check_eq "resolve --theirs of a left-out value is refused" "$?" 1
check_grep "and says which commit holds it" "提交" res.out
check "resolve --ours settles it" ggw -C office resolve "$ID" content --ours
check "and ggw check still passes" ggw -C office check
exit 0
