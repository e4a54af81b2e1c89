#!/bin/sh
# Undo and restore in the interface: the list's undo key (u) takes back
# this PC's last change after asking, as `ggw undo` does; 已删除的记录 (r)
# lists what history deleted and Enter brings a record back, as
# `ggw restore` does. Each is a commit with the command line's trailers.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture led
cd led || exit 1
A=$("$GGW_BIN" add --set unit=xinyi --set title=暑期防溺水讲座 --set date=2024-07-10 \
	--set category=safety --set form=lecture --set youth_count=45)
B=$("$GGW_BIN" add --set unit=xinyi --set title=红色故事会 --set date=2024-10-01 \
	--set category=red --set form=lecture --set youth_count=8)
"$GGW_BIN" rm "$A" >/dev/null
before=$(git rev-parse HEAD)

tui_start 80 24 "$PWD"
wait_for "1/1 条"

# u: asks first; n leaves everything as it was
keys u
wait_for "撤销本机上一次修改"
check "the question names the change" screen_has "删除活动：暑期防溺水讲座"
keys n
wait_gone "撤销本机上一次修改"
check_eq "no: nothing committed" "$(git rev-parse HEAD)" "$before"

# u, y: the deletion is undone, the record is back in the list
keys u
wait_for "撤销本机上一次修改"
keys y
wait_for "/2 条"
check "the status line says what was committed" screen_has "已提交：撤销：删除活动"
check_eq "one undo commit" "$(git log -1 --format=%s)" "撤销：删除活动：暑期防溺水讲座（新义村关工委，2024-07-10）"
check_grep "with its trailers" "Ggw-Undoes: $before" "$(git log -1 --format=%B >"$T/msg"; echo "$T/msg")"
check "the record is back" test -f "activities/xinyi/2024/$A.yaml"

# r: the deleted records; B deleted from the command line meanwhile
"$GGW_BIN" rm "$B" >/dev/null
keys r
wait_for "已删除的记录"
wait_for "红色故事会"
check "the view lists B" screen_has "$B"
check "and not the restored A" screen_lacks "$A"
keys Enter
wait_for "恢复“红色故事会”"
keys y
wait_for "已恢复 $B"
check "the view is empty now" screen_has "没有已删除的记录。"
check_eq "one restore commit" "$(git log -1 --format=%s)" "恢复活动：红色故事会（新义村关工委，2024-10-01）"
check "B is back" test -f "activities/xinyi/2024/$B.yaml"
keys Escape
wait_for "/2 条"
check "the list shows both again" screen_has "红色故事会"

keys q
check_eq "ggw ends with status 0" "$(tui_wait_exit)" 0
check_eq "work tree clean" "$(git status --porcelain)" ""
check "check passes" "$GGW_BIN" check

[ "$TESTS_FAILED" -eq 0 ]
