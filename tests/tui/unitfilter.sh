#!/bin/sh
# Habits of a village PC, at 80x24: the activity list opens on this PC's
# own unit the first time, says so and how to clear it; the unit filter is
# remembered on this PC (the ledger's .git/config, never committed) across
# restarts, cleared or changed; the office's PC opens on every unit. The
# search line: Enter leaves typing (keys act on the list again, the search
# stays), Esc clears it, each with a hint on the screen.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture led
cd led || exit 1
"$GGW_BIN" config ggw.unit office >/dev/null
"$GGW_BIN" add --set unit=dongfeng --set title=普法进校园 --set date=2024-09-01 --set category=law \
	--set form=lecture --set youth_count=120 >/dev/null
"$GGW_BIN" config ggw.unit xinyi >/dev/null
"$GGW_BIN" add --set unit=xinyi --set title=暑期防溺水讲座 --set date=2024-07-10 --set category=safety \
	--set form=lecture --set youth_count=45 >/dev/null
"$GGW_BIN" add --set unit=xinyi --set title=红色故事会 --set date=2024-10-01 --set category=red \
	--set form=lecture --set youth_count=8 >/dev/null
"$GGW_BIN" add --type volunteer --set unit=xinyi --set name=丁光海 --set group=veteran >/dev/null
"$GGW_BIN" config ggw.unit office >/dev/null
"$GGW_BIN" add --type volunteer --set unit=dongfeng --set name=李淑芬 --set group=teacher >/dev/null
"$GGW_BIN" config ggw.unit xinyi >/dev/null
head=$(git rev-parse HEAD)
remembered() { git config --get ggw.listunit-activity; }

# 1. a village PC, first time: its own unit
tui_start 80 24 "$PWD"
wait_for "/2 条"
check "opens on its own unit" screen_has "筛选：新义村关工委"
check "the other unit's activity is not shown" screen_lacks "普法进校园"
check "how to clear it, on the filter line" screen_has "按 x 清除筛选"
check_eq "nothing remembered before the user changes it" "$(remembered)" ""
expect_screen unitfilter-village

# v: the volunteers open on the own unit too
keys v
wait_for "丁光海"
check "the volunteers open on its own unit" screen_has "筛选：新义村关工委"
check "the other unit's volunteer is not shown" screen_lacks "李淑芬"
check_eq "nothing remembered for the volunteers either" "$(git config --get ggw.listunit-volunteer)" ""
keys q
wait_for "/2 条"

# x: every unit, remembered
keys x
wait_for "筛选：全部"
wait_for "/3 条"
check "cleared: the other unit's activity shows" screen_has "普法进校园"
check "no hint when nothing is set" screen_lacks "按 x 清除"
check_eq "remembered: every unit" "$(remembered)" "*"
keys q
check_eq "ggw ends with status 0" "$(tui_wait_exit)" 0

# restart: still every unit
tui_start 80 24 "$PWD"
wait_for "/3 条"
check "restart: every unit, as left" screen_has "筛选：全部"

# f: the other unit; restart opens on it
keys f
wait_for "清除全部条件"
keys Enter
wait_for "全部单位"
keys Down Down Down Enter
wait_for "单位：东风社区关工委"
keys Escape
wait_gone "清除全部条件"
wait_for "筛选：东风社区关工委"
check_eq "remembered: dongfeng" "$(remembered)" "dongfeng"
keys q
tui_wait_exit >/dev/null
tui_start 80 24 "$PWD"
wait_for "1/1 条"
check "restart: the unit chosen last" screen_has "筛选：东风社区关工委"
keys q
tui_wait_exit >/dev/null

# its own unit, remembered
git config ggw.listunit-activity xinyi
tui_start 80 24 "$PWD"
wait_for "/2 条"
check "a remembered own unit" screen_has "筛选：新义村关工委"
keys q
tui_wait_exit >/dev/null

check_eq "the filter is this PC's: no commit" "$(git rev-parse HEAD)" "$head"
check_eq "and nothing in the work tree" "$(git status --porcelain)" ""
check "not in the ledger's files" sh -c "! git grep -q listunit HEAD"

# a remembered unit gone from units.yaml: every unit
git config ggw.listunit-activity nosuch
tui_start 80 24 "$PWD"
wait_for "/3 条"
check "an unknown remembered unit: every unit" screen_has "筛选：全部"
keys q
tui_wait_exit >/dev/null

# the office's PC, first time: every unit
git config --unset ggw.listunit-activity
"$GGW_BIN" config ggw.unit office >/dev/null
tui_start 80 24 "$PWD"
wait_for "/3 条"
check "office: every unit" screen_has "筛选：全部"
keys q
tui_wait_exit >/dev/null

# 2. the search line
tui_start 80 24 "$PWD"
wait_for "/3 条"
keys /
type_text "防溺水"
wait_for "1/1 条"
check "typing: how to leave the search" screen_has "Enter 完成　Esc 清除"
expect_screen unitfilter-search-typing
keys Enter
wait_for "搜索：防溺水"
check "after Enter: the search stays" screen_has "1/1 条"
check "after Enter: how to clear it" screen_has "Esc 清除搜索"
check "after Enter: no longer typing" screen_lacks "Enter 完成"
# letter keys act on the list again: ? is help, not text
keys "?"
wait_for "帮助：活动台账"
keys Escape
wait_for "搜索：防溺水"
check "back from help: the search still applied" screen_has "1/1 条"
keys Enter
wait_for "活动：暑期防溺水讲座"
keys Escape
wait_for "搜索：防溺水"
# Esc clears it
keys Escape
wait_gone "搜索：防溺水"
wait_for "/3 条"
check "Esc: every activity again" screen_has "普法进校园"
# Esc while typing clears too
keys /
type_text "普法"
wait_for "1/1 条"
keys Escape
wait_for "/3 条"
check "Esc while typing: cleared" screen_lacks "搜索："
keys q
check_eq "ggw ends with status 0" "$(tui_wait_exit)" 0

[ "$TESTS_FAILED" -eq 0 ]
