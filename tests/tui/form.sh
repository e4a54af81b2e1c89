#!/bin/sh
# The add/edit form in a real terminal: every field typed (Chinese included),
# all problems shown at once on save with nothing written, an impossible
# date refused and corrected, pick lists, a 五老 picked by name, the saved
# YAML and its commit; then editing a multi-line Chinese text with cursor
# moves and Backspace; leaving a changed form asks first.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture_volunteers led
cd led || exit 1
vid=$("$GGW_BIN" list --type volunteer --format ids --grep 丁光海)
commits() { git rev-list --count HEAD; }
before=$(commits)

tui_start 80 24 "$PWD"
wait_for "F3新增"

# save with nothing filled: every problem at once, nothing written
keys F3
wait_for "新增活动"
keys F2
wait_for "项需要改正"
expect_screen form-empty-save
check_eq "nothing committed for an invalid form" "$(commits)" "$before"
keys Escape
wait_for "F3新增"

add_flow type_text 1
wait_for "已保存：暑期防溺水安全知识讲座"
check_eq "one commit for the new record" "$(commits)" "$((before + 1))"
f=$(record_file)
mask <"$f" >"$T/add.yaml"
sed "s/$vid/v-xxxxxxxx/" "$T/add.yaml" >"$T/add.masked"
if [ "${GGW_UPDATE_EXPECTED:-0}" = 1 ]; then cp "$T/add.masked" "$TM_EXP/add.yaml"; fi
check "saved YAML is what was typed" diff -u "$TM_EXP/add.yaml" "$T/add.masked"
check_grep "volunteer picked by name" "$vid" "$f"
git log -1 --format=%B >"$T/msg"
check_grep "commit message names the activity" "新增活动：暑期防溺水安全知识讲座（新义村关工委，2024-02-29）" "$T/msg"
check_grep "commit trailer Ggw-Action" "Ggw-Action: add" "$T/msg"
check_grep "commit trailer Ggw-Record" "Ggw-Record: $f" "$T/msg"
check_eq "work tree clean after save" "$(git status --porcelain)" ""
cp "$f" "$T/utf8-run.yaml" # for the GB18030 suite's comparison, if run together

# edit the multi-line content: go to line two, cut two characters at its
# end, type at its start
keys F4
wait_for "修改活动：暑期防溺水安全知识讲座"
keys Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab Tab
wait_for "观看安全视频"
keys Down End BSpace BSpace
type_text "录像"
keys Home
type_text "然后"
wait_for "然后观看安全录像"
expect_screen form-edit-content
keys F2
wait_for "已保存"
check_eq "edit is one more commit" "$(commits)" "$((before + 2))"
sed -n '/^content:/,/^five_have:/p' "$f" >"$T/content"
printf 'content: |-\n  讲防溺水知识与自救方法\n  然后观看安全录像\nfive_have:\n' >"$T/content.want"
check "edited content saved exactly" diff -u "$T/content.want" "$T/content"
check_grep "edit commit message" "修改活动" "$(git log -1 --format=%B >"$T/msg2"; echo "$T/msg2")"

# leaving a changed form asks; "no" stays, a stray Enter decides nothing,
# "yes" leaves without writing
keys F4
wait_for "修改活动"
type_text "改"
keys Escape
wait_for "填写的内容还没有保存"
keys n
wait_gone "填写的内容还没有保存"
keys Escape
wait_for "填写的内容还没有保存"
keys Enter
check "Enter does not throw the changes away" screen_has "填写的内容还没有保存"
keys y
wait_for "F3新增"
check_eq "abandoned edit writes nothing" "$(commits)" "$((before + 2))"
check_eq "work tree still clean" "$(git status --porcelain)" ""

# the record's history shows the field changes
keys h
wait_for "修改历史"
check "history lists the content change" screen_has "活动内容"
keys Escape
wait_for "F3新增"

# the volunteer list and form: same field-table driven form
keys v
wait_for "五老队伍"
check "count by group" screen_has "老教师 1"
keys F3
wait_for "新增志愿者"
type_text "李秀兰"; keys Tab
keys Enter Down Down Down Enter Tab   # 类别: 老教师
type_text "1949"; keys Tab
type_text "宣讲员"; keys Enter; type_text "关爱帮扶"; keys Tab
keys F2
wait_for "已保存：李秀兰"
vf=$(git log -1 --format= --name-only)
check_grep "volunteer name saved" "name: 李秀兰" "$vf"
check_grep "volunteer group from the pick list" "group: teacher" "$vf"
check_grep "volunteer birth year" "birth_year: 1949" "$vf"
check_grep "new volunteer active by default" "active: true" "$vf"
check_grep "roles as a list" "- 关爱帮扶" "$vf"
wait_for "老教师 2"
expect_screen volunteers-after-add
keys Escape
wait_for "F3新增"

# delete asks first; "no" keeps the record, "yes" is one commit
n=$(commits)
keys F8
wait_for "删除“暑期防溺水安全知识讲座”？"
keys n
wait_gone "删除“暑期防溺水安全知识讲座”？"
check_eq "declined delete writes nothing" "$(commits)" "$n"
keys d
wait_for "删除“暑期防溺水安全知识讲座”？"
keys y
wait_for "已删除"
check "record file removed" test ! -e "$f"
check_eq "delete is one commit" "$(commits)" "$((n + 1))"
check "delete commit says so" sh -c "git log -1 --format=%B | grep -q 'Ggw-Action: delete'"
wait_for "还没有记录"
keys q
check_eq "quits with status 0" "$(tui_wait_exit)" "0"

[ "$TESTS_FAILED" -eq 0 ]
