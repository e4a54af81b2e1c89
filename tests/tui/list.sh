#!/bin/sh
# The activity list (home screen) in a real terminal: Chinese titles of mixed
# widths lining up at 80x24 and 120x40, a resize both ways, the help screen,
# incremental search, the filter, the volunteer list, Ctrl-S/Ctrl-Q.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture led
cd led || exit 1
add() { "$GGW_BIN" add "$@" >/dev/null || echo "# ggw add failed: $*"; }
add --set unit=xinyi --set title=暑期防溺水安全知识讲座 --set date=2024-07-10 --set category=safety \
	--set form=lecture --set youth_count=45 --set location=新义村文化礼堂 --set speakers=丁光海 \
	--set five_have.plan=暑期安全教育计划第3项 --set five_have.assignment=村关工委主任组织 \
	--set five_have.implementation=7月10日下午实施 --set five_have.commendation=发放奖状 \
	--set five_have.summary=学生反响好
add --set unit=dongfeng --set "title=Law day: 普法进校园 ABC" --set date=2024-09-01 --set category=law \
	--set form=lecture --set youth_count=120 --set five_have.plan=普法计划
add --set unit=xinyi --set title=红色故事会——老兵讲党史 --set date=2024-10-01 --set category=red \
	--set form=lecture --set youth_count=8 --set "content=丁光海讲述对越自卫反击战的经历"
add --set unit=office --set title=“四史”学习教育（第一期） --set date=2024-03-05 --set category=selfbuild \
	--set form=training --set youth_count=0 --set adult_count=30
add --set unit=dongfeng --set title=关于开展2024年度暑期青少年安全教育系列活动暨防溺水防诈骗防欺凌综合宣讲的总结 \
	--set date=2024-08-20 --set category=safety --set form=contest --set youth_count=1234
add --type volunteer --set unit=xinyi --set name=丁光海 --set group=veteran --set birth_year=1958 \
	--set "roles=执行主任,宣讲员"
add --type volunteer --set unit=dongfeng --set name=王秀英 --set group=teacher --set birth_year=1950
check_eq "fixture has 5 activities" "$("$GGW_BIN" list --type activity --count 2>&1)" "5"

tui_start 80 24 "$PWD"
wait_for "1/5 条"
# the sync figures come after the first draw (libgit2 starts then)
wait_for "还没有设置同步"
expect_screen list-80x24

# help: generated from the action table
keys F1
wait_for "帮助：活动台账"
expect_screen help-list
keys Escape
wait_gone "帮助：活动台账"

# incremental search: narrows as each character arrives
keys /
type_text "防"
wait_for "搜索："
type_text "溺水"
wait_for "1/2 条"
check "search shows only matches" screen_lacks "Law day"
expect_screen list-search
keys Enter
keys x
wait_for "/5 条"

# filter: unit = 东风社区关工委
keys f
wait_for "清除全部条件"
keys Enter
wait_for "全部单位"
keys Down Down Down Enter
wait_for "单位：东风社区关工委"
keys Escape
wait_gone "清除全部条件"
wait_for "筛选：东风社区关工委"
check "filter keeps only dongfeng" screen_lacks "暑期防溺水"
expect_screen list-filter
keys x
wait_for "筛选：全部"

# resize: redraws at 120x40, and back at 80x24 looks as before
tm resize-window -x 120 -y 40
wait_for "关于开展2024年度暑期青少年安全教育系列活动暨防溺水"
expect_screen list-120x40
tm resize-window -x 80 -y 24
wait_for "F9统计  F10退出"
wait_for "青少年安…"
expect_screen list-80x24-resized

# Ctrl-S must not freeze the terminal (raw mode, no flow control)
keys C-s
keys v
wait_for "五老队伍"
expect_screen volunteers
keys Escape
wait_for "活动台账"

# overview: this year (GGW_TODAY 2025) is empty, so it opens on the most
# recent year with activities and says why; Enter drills down into a
# unit's list
keys F9
wait_for "统计：2024年（今年尚无记录）"
check "overview opens on the last year with activities" screen_has "东风社区"
keys Right
wait_for "统计：2025年"
check "an empty year says so" screen_has "这一年没有活动记录"
keys Left
wait_for "统计：2024年"
check "the note goes once the year is changed" screen_lacks "今年尚无记录"
expect_screen stats-2024
keys Down Down Enter
wait_for "筛选：东风社区关工委 2024年"
check "drill-down lists the unit's activities only" screen_lacks "暑期防溺水"
keys Escape
wait_for "统计：2024年"
keys Escape
wait_for "F9统计"

# open a record, back, then Ctrl-Q quits
keys Home
wait_for "1/5 条"
keys Enter
wait_for "活动内容"
expect_screen record-view
keys Escape
wait_for "1/5 条"
keys C-q
check_eq "Ctrl-Q quits with status 0" "$(tui_wait_exit)" "0"

# the C locale still shows Chinese (the interface switches to C.UTF-8);
# the Linux console gets ASCII glyphs; NO_COLOR leaves colour off
TUI_LANG=C TUI_TERM=linux tui_start 80 24 "$PWD" NO_COLOR=1
wait_for "活动台账"
check "ASCII separators on the Linux console" screen_has " | 共 5 条 | "
check "ASCII marks for missing 五有" screen_has "8 - - - - -"
expect_screen list-ascii
keys q
check_eq "quits with status 0" "$(tui_wait_exit)" "0"

[ "$TESTS_FAILED" -eq 0 ]
