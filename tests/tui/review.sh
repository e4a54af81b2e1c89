#!/bin/sh
# Things a volunteer ran into at the keyboard, each checked in a real
# terminal: the overview's year, names instead of ids in the history,
# typing on pick fields, leaving a changed form by saving, the filter
# dialog keeping its place, the drill-down's F10, letter keys in the key
# bar, the form's help, and English labels that fit.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture_volunteers led
cd led || exit 1
vid=$("$GGW_BIN" list --type volunteer --format ids --grep 丁光海)
id=$("$GGW_BIN" add --set unit=xinyi --set title=红色故事会 --set date=2024-10-01 \
	--set category=red --set form=lecture --set youth_count=8)
commits() { git rev-list --count HEAD; }

# 1. this year has activities: the overview opens on it, with no note
GGW_TODAY=2024-12-01 tui_start 80 24 "$PWD"
wait_for "F3新增"
check "list: the category column is not cut" screen_has "红色传承"
check "status line: no sync set up yet, and where to learn how" screen_has "还没有设置同步（按 F5 看怎样设置）"
keys F9
wait_for "统计：2024年"
check "overview opens on this year when it has activities" screen_lacks "今年尚无记录"
check "overview tells how to drill down" screen_has "Enter 看这个单位的活动"
# the drill-down's F10 goes back, and the bar says so
keys Down Enter
wait_for "筛选：新义村关工委 2024年"
check "drill-down key bar: F10 返回" screen_has "F10返回"
keys F10
wait_for "统计：2024年"
keys Escape
wait_for "F10退出"

# 2. the filter dialog stays on the line just changed
keys f
wait_for "清除全部条件"
keys Down Down Enter
wait_for "思想道德教育"
keys Escape
wait_for "清除全部条件"
keys Enter
wait_for "思想道德教育"
ok "filter dialog: Enter reopens the line just used"
keys Escape Escape
wait_gone "清除全部条件"

# 3. typing on pick fields: Chinese finds the item of a choice list, a
#    name starts the 五老 picker, other text says how to choose instead of
#    vanishing
keys F3
wait_for "新增活动"
type_text "敬老活动"; keys Tab
type_text "2024-10-29"; keys Tab
type_text "安"
wait_for "安全教育（防溺水、防诈骗、防欺凌）"
keys Enter
wait_for "主题*        安全教育"
ok "Chinese typed on a choice field finds the item in its list"
keys Tab
type_text "x"
wait_for "要从选项表中选"
ok "other text typed on a choice field gets a hint"
keys Enter Enter Tab Tab Tab Tab
wait_for "从五老名册中选择"
check "volunteer field hint: pick by name, not an id" screen_lacks "v-1a2b3c4d"
type_text "丁"
wait_for "选择五老"
check "a typed name filters the picker" screen_has "[ ] 丁光海"
check "a typed name filters the picker (others gone)" screen_lacks "王秀英"
keys Space Enter
wait_for "五老志愿者   丁光海"
# 4. leaving a changed form: F2 in the question saves it
n=$(commits)
keys Escape
wait_for "填写的内容还没有保存"
keys F2
wait_for "项需要改正"
check "save from the leave question checks the form first" test "$(commits)" = "$n"
check "messages under fields drop the field key" screen_lacks "（youth_count）"
check "message under the field" screen_has "“青少年人次”不能为空"
type_text "20"
keys Escape
wait_for "填写的内容还没有保存"
keys F2
wait_for "已保存：敬老活动"
check_eq "saved from the leave question: one commit" "$(commits)" "$((n + 1))"
new=$(git log -1 --format= --name-only)
check_grep "the picked 五老 saved by id" "$vid" "$new"
check_grep "the category found by typing saved" "category: safety" "$new"

# 5. history: names, not ids and keys
keys h
wait_for "修改历史"
check "history: volunteer by name" screen_has "（空） → 丁光海"
check "history: no volunteer id" screen_lacks "$vid"
check "history: unit by name" screen_has "（空） → 新义村关工委"
keys Escape
wait_for "F10退出"

# 6. the form's help lists the pick-field keys; the record's bar its letters
keys F3
wait_for "新增活动"
keys F1
wait_for "帮助：填写表单"
keys End
wait_for "选择项（主题、形式、五老等）"
# End may still be on its way when the heading shows on the first page.
wait_for "保存也可以按 Ctrl-S"
check "form help: typing a name" screen_has "直接输入姓名即可筛选"
check "form help: the fallback for F-keys" screen_has "保存也可以按 Ctrl-S"
keys Escape
wait_for "新增活动"
keys Escape
wait_for "F10退出"
keys Enter
wait_for "五有（缺 5 项"
check "record key bar shows h 历史" screen_has "h历史"
keys Escape
wait_for "F10退出"
keys q
check_eq "quits with status 0" "$(tui_wait_exit)" "0"

# 7. English: the form's labels fit, messages read well
"$GGW_BIN" config ggw.lang en >/dev/null
tui_start 80 24 "$PWD"
wait_for "F3New"
keys F3
wait_for "New Activity"
check "English label not cut" screen_has "Young people reached*"
keys F2
wait_for "need correcting"
check "English message without the key" screen_has "\"Title\" must not be empty"
keys Escape
wait_for "F3New"
keys F9
wait_for "Statistics 2024"
keys q
wait_for "F3New"
keys q
check_eq "English run quits with status 0" "$(tui_wait_exit)" "0"

[ "$TESTS_FAILED" -eq 0 ]
