#!/bin/sh
# The self-score screen: from the overview with s, the scoring sheet of
# rules.yaml for the PC's own unit (a village) or every unit (the office),
# scrolling, help, and back to the overview.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture led
cd led || exit 1
"$GGW_BIN" add --set unit=xinyi --set title=学习会 --set date=2024-03-02 --set form=meeting \
	--set category=selfbuild --set youth_count=0 >/dev/null
"$GGW_BIN" config ggw.unit xinyi >/dev/null

GGW_TODAY=2024-12-01 tui_start 100 30 "$PWD"
wait_for "F3新增"
keys F9
wait_for "统计：2024年"
keys s
wait_for "自评：2024年"
check "score screen: the unit's own total" screen_has "【新义村关工委】得分 2.5 / 22"
check "score screen: a village sees only its own unit" screen_lacks "【东风社区关工委】"
check "score screen: what the sessions lack" screen_has "学习培训会议：台账有 1，需要 4，差 3，扣 1.5 分"
keys End
wait_for "获市级以上表彰"
keys Escape
wait_for "统计：2024年"
keys F1
wait_for "帮助：统计"
check "overview help: s opens the self-score" screen_has "按考核规则（rules.yaml）自评这一年"
keys Escape
wait_for "统计：2024年"
keys Escape
wait_for "F10退出"
keys F10
tui_wait_exit

# the office sees every unit and the street
"$GGW_BIN" config ggw.unit office >/dev/null
GGW_TODAY=2024-12-01 tui_start 100 30 "$PWD"
wait_for "F3新增"
keys F9
wait_for "统计：2024年"
keys s
wait_for "自评：2024年"
check "office: every unit" screen_has "【新义街道关工委办公室】"
keys End
wait_for "满分 30，合计得 2"
check "office: the street's rows (three units summed)" screen_has "3 个单位不足"
keys Escape Escape
wait_for "F10退出"
keys F10
tui_wait_exit

[ "$TESTS_FAILED" -eq 0 ]
