#!/bin/sh
# The 留痕检查 screen and finding records by id, at 80x24, on a village PC
# (xinyi) and on the office's: the year's findings of its own unit with how
# to fix each kind; f shows every unit; Enter on a finding opens its
# record, on a month the unit's list; the id `ggw audit` prints, typed
# into the go-to-id box (i) or the list's search, finds the record, of any
# type; ← → change the year; l from the overview.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

export GGW_TODAY=2025-06-30
fixture_volunteers led
cd led || exit 1
D=$("$GGW_BIN" list --type volunteer --format ids --grep 丁光海)
A=$("$GGW_BIN" add --set unit=xinyi --set title=暑期防溺水讲座 --set date=2025-03-10 \
	--set category=safety --set form=lecture --set youth_count=45 --set five_have.plan=暑期计划 \
	--set volunteers=$D)
"$GGW_BIN" config ggw.unit office >/dev/null
B=$("$GGW_BIN" add --set unit=dongfeng --set title=普法进校园 --set date=2025-04-01 \
	--set category=law --set form=lecture --set youth_count=100)
"$GGW_BIN" config ggw.unit xinyi >/dev/null
V=$("$GGW_BIN" list --type volunteer --format ids --grep 王秀英)
"$GGW_BIN" audit --year 2025 >"$T/audit.txt"
check_grep "the command line's audit names A" "$A" "$T/audit.txt"
check_grep "and the idle volunteer" "$V" "$T/audit.txt"

tui_start 80 24 "$PWD"
wait_for "1/1 条"

# l: the audit screen, this PC's unit only
keys l
wait_for "留痕检查：2025年"
check "village PC: its own unit" screen_has "【新义村关工委】发现"
check "village PC: not the other units" screen_lacks "【东风社区关工委】"
check "says how to see every unit" screen_has "按 f 看全部单位"
check "the finding: A with what it lacks" screen_has "$A  2025-03-10  暑期防溺水讲座  缺：分工、实施、表彰、总结"
check "each kind with how to fix it" screen_has "怎样改：在活动台账（ggw 主屏幕）按 i 输入编号"
check "the status line: the keys" screen_has "Enter 打开这条记录"
expect_screen audit-village

# Enter on the first finding opens A's record; Esc comes back
keys Enter
wait_for "活动：暑期防溺水讲座"
check "the record of A" screen_has "$A"
keys Escape
wait_for "留痕检查：2025年"

# Down to the months: Enter opens the unit's list of the year
keys Down
wait_for "1月、2月、4月、5月、6月"
keys Enter
wait_for "筛选：新义村关工委 2025年"
keys Escape
wait_for "留痕检查：2025年"

# f: every unit, this PC's first
keys f
wait_for "【新义街道关工委办公室】发现"
check "all units: the street's total" screen_has "全街道共"
screen | grep "^【" | head -1 >"$T/first"
check_grep "all units: its own unit first" "新义村关工委" "$T/first"
keys End
wait_for "【东风社区关工委】发现"
check "End: the last unit's finding" screen_has "$B"
keys f
wait_gone "【东风社区关工委】"

# ← → change the year (2024: nothing recorded, every month due)
keys Left
wait_for "留痕检查：2024年"
keys Right
wait_for "留痕检查：2025年"

# i: the id the audit prints for another unit's activity, typed in part
keys i
wait_for "按编号查找"
type_text "$(echo "$B" | cut -c10-17)"
wait_for "找到 1 条"
check "the box shows B" screen_has "普法进校园"
keys Enter
wait_for "活动：普法进校园"
keys Escape
wait_for "留痕检查：2025年"

# across types: the idle volunteer's id from the audit's line
keys i
wait_for "按编号查找"
type_text "$V"
wait_for "找到 1 条"
keys Enter
wait_for "王秀英"
check "a volunteer's record opens" screen_has "$V"
keys Escape
wait_for "留痕检查：2025年"

# an id nobody has
keys i
wait_for "按编号查找"
type_text "zzzz"
wait_for "没有编号含这段文字的记录"
keys Enter
check "Enter with nothing found stays" screen_has "按编号查找"
keys Escape
wait_gone "按编号查找"
keys Escape
wait_for "1/1 条"

# the list's search finds an activity by its id, as ggw audit prints it
keys /
type_text "$A"
wait_for "1/1 条"
check "search by id: A" screen_has "暑期防溺水讲座"
keys Enter Escape
keys q
check_eq "ggw ends with status 0" "$(tui_wait_exit)" 0

# The office's PC: every unit, from the overview with l
"$GGW_BIN" config ggw.unit office >/dev/null
tui_start 80 24 "$PWD"
wait_for "/2 条"
keys F9
wait_for "统计："
keys l
wait_for "留痕检查：2025年"
check "office: every unit, the office first" screen_has "【新义街道关工委办公室】发现"
check "office: no own-unit note" screen_lacks "只看本单位"
keys f
wait_for "街道办公室的电脑看的是全部单位"
# B deleted from its record, opened by id from here: the findings and,
# back home, the list follow (the ledger was read again under them)
keys i
wait_for "按编号查找"
type_text "$B"
wait_for "找到 1 条"
keys Enter
wait_for "活动：普法进校园"
keys d
wait_for "删除"
keys y
wait_for "留痕检查：2025年"
keys End
wait_for "【东风社区关工委】"
check "the deleted record's finding is gone" screen_lacks "普法进校园"
keys Escape
wait_for "统计："
keys Escape
wait_for "1/1 条"
check "the list follows: B is gone" screen_lacks "普法进校园"
keys q
check_eq "office: ggw ends with status 0" "$(tui_wait_exit)" 0
check_eq "work tree clean" "$(git status --porcelain)" ""

[ "$TESTS_FAILED" -eq 0 ]
