#!/bin/sh
# A resize is handled in one place (tui/screen.c) for every screen: on the
# list, help, record, history, form, volunteers, overview and sync screens
# the terminal grows from 80x24 to 100x30 and back, and each time the
# screen is drawn again at the new size with its function-key bar on the
# last row. A pick list over the list is drawn again too, and a status
# message stays through a resize until a key is pressed.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture_volunteers led
cd led || exit 1
"$GGW_BIN" add --set unit=xinyi --set title=红色故事会 --set date=2024-10-01 \
	--set category=red --set form=lecture --set youth_count=8 >/dev/null

# The key bar's cells are COLS/10 wide: "F1帮助" then 2 blanks at 80
# columns, 4 at 100.
bar80() { printf '%s  %s' "$1" "$2"; }
bar100() { printf '%s    %s' "$1" "$2"; }

# resized NAME F1 F2: grow, check, shrink, check. F1 F2: the first two
# cells of the screen's key bar.
resized() {
	tm resize-window -x 100 -y 30
	if wait_for "$(bar100 "$2" "$3")" >/dev/null; then
		check "$1: redrawn at 100x30 with the key bar on the last row" \
			sh -c "tmux -S '$TM_SOCK' capture-pane -p | tail -n 1 | grep -qF -- '$(bar100 "$2" "$3")'"
		check_eq "$1: 30 rows drawn" "$(screen | wc -l)" "30"
	else
		not_ok "$1: redrawn at 100x30"
	fi
	tm resize-window -x 80 -y 24
	if wait_for "$(bar80 "$2" "$3")" >/dev/null; then
		check "$1: redrawn at 80x24 with the key bar on the last row" \
			sh -c "tmux -S '$TM_SOCK' capture-pane -p | tail -n 1 | grep -qF -- '$(bar80 "$2" "$3")'"
	else
		not_ok "$1: redrawn at 80x24"
	fi
}

tui_start 80 24 "$PWD"
wait_for "F3新增"
resized "list" F1帮助 F3新增

# help: a pager with only F10 in its bar; its title's right end moves
keys F1
wait_for "帮助：活动台账"
tm resize-window -x 100 -y 30
wait_for "F10返回" >/dev/null
_i=0
while [ "$(screen | head -n 1 | wc -L)" != 99 ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
check_eq "help: title bar redrawn to 100 columns" "$(screen | head -n 1 | wc -L)" "99"
check "help: key bar on the last row" sh -c "tmux -S '$TM_SOCK' capture-pane -p | tail -n 1 | grep -qF F10返回"
tm resize-window -x 80 -y 24
_i=0
while [ "$(screen | head -n 1 | wc -L)" != 79 ] && [ $_i -lt 200 ]; do sleep 0.05; _i=$((_i + 1)); done
check_eq "help: title bar redrawn to 80 columns" "$(screen | head -n 1 | wc -L)" "79"
keys Escape
wait_for "F3新增"

keys Enter
wait_for "活动：红色故事会"
resized "record" F1帮助 F4编辑
keys h
wait_for "修改历史：红色故事会"
resized "history" F1帮助 F10返回
keys Escape
wait_for "活动：红色故事会"
keys Escape
wait_for "F3新增"

keys F3
wait_for "新增活动"
resized "form" F1帮助 F2保存
keys Escape
wait_for "F3新增"

keys v
wait_for "五老队伍"
resized "volunteers" F1帮助 F3新增
keys Escape
wait_for "活动台账"

keys F9
wait_for "统计：2024年"
resized "overview" F1帮助 F10返回
keys Escape
wait_for "F3新增"

keys F5
wait_for "还没有同步对象"
resized "sync" F1帮助 F10返回
keys Escape
wait_for "F3新增"

# a pick list (the filter dialog) is drawn again over the new size
keys f
wait_for "清除全部条件"
tm resize-window -x 100 -y 30
wait_for "清除全部条件" >/dev/null
check "pick list: drawn again after a resize" screen_has "筛选（Enter 修改，Esc 完成）"
tm resize-window -x 80 -y 24
wait_for "清除全部条件" >/dev/null
check "pick list: drawn again after shrinking" screen_has "筛选（Enter 修改，Esc 完成）"
keys Escape
wait_gone "清除全部条件"
wait_for "F3新增"

# the status message stays through a resize; the next key clears it
keys c
wait_for "没有冲突需要处理。"
tm resize-window -x 100 -y 30
wait_for "$(bar100 F1帮助 F3新增)" >/dev/null
check "status message kept through a resize" screen_has "没有冲突需要处理。"
tm resize-window -x 80 -y 24
wait_for "$(bar80 F1帮助 F3新增)" >/dev/null
keys Down
wait_gone "没有冲突需要处理。" && ok "status message cleared by the next key"

keys q
check_eq "quits with status 0" "$(tui_wait_exit)" "0"

[ "$TESTS_FAILED" -eq 0 ]
