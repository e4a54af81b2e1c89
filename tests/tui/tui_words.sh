#!/bin/sh
# Issue 11 in the interface: conflicts labelled by who typed each value and
# when (not 本方/对方); the overview's percentages rounded as the report's
# (87.5%); a date typed as 2052.7.15 shown as 2052-07-15 and questioned
# before saving; another unit's record refused before any question.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

"$GGW_BIN" hub init "$T/hub.git" >/dev/null
fixture A
(cd A && git config user.name 丁光海 && "$GGW_BIN" remote add hub "$T/hub.git" >/dev/null)
add() { (cd A && "$GGW_BIN" add "$@") || echo "# ggw add failed: $*"; }
five="--set five_have.plan=计划 --set five_have.assignment=分工 --set five_have.implementation=实施
--set five_have.commendation=表彰 --set five_have.summary=总结"
# 8 activities of xinyi in 2025, 7 of them with all 五有: 87.5%
for i in 1 2 3 4 5 6 7; do
	# shellcheck disable=SC2086
	add --set unit=xinyi --set title=读书会$i --set date=2025-03-0$i --set category=culture \
		--set form=other --set youth_count=10 $five >/dev/null
done
id=$(add --set unit=xinyi --set title=原标题 --set date=2025-05-01 --set category=law \
	--set form=other --set youth_count=3)
oid=$(add --set unit=office --set title=街道培训会 --set date=2025-04-01 --set category=selfbuild \
	--set form=training --set youth_count=0 --set adult_count=20)
(cd A && "$GGW_BIN" sync >/dev/null)
"$GGW_BIN" clone "$T/hub.git" B --unit xinyi >/dev/null
git -C B config user.name 王秀英
# both change the title; the village's edit is the later one (kept)
(cd A && "$GGW_BIN" edit "$id" --set title=街道改的标题 >/dev/null && "$GGW_BIN" sync >/dev/null)
t0=$(date +%s); i=0
while [ "$(date +%s)" = "$t0" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
(cd B && "$GGW_BIN" edit "$id" --set title=村里改的标题 >/dev/null && "$GGW_BIN" sync >/dev/null 2>&1)
cd B || exit 1
check_eq "one record with conflicts" "$("$GGW_BIN" list --conflicts --count)" "1"
# this PC's list shows every unit (a village PC opens on its own otherwise)
git config ggw.listunit-activity '*'

tui_start 80 24 "$PWD"
wait_for "F9统计"

# --- conflicts: who typed each value, which one is kept ---------------------
keys c
wait_for "处理冲突"
check "the kept value is labelled" screen_has "1 现在保留的值"
check "the kept value is the village's, by name, unit and day" screen_has "王秀英（新义村）"
check "the other value is the street office's, by name" screen_has "丁光海（街道）"
check "the day is shown as people write it" sh -c "$(command -v tmux) -S '$TM_SOCK' capture-pane -p | grep -q '[0-9]月[0-9]*日 填的'"
check "values under their authors" sh -c "$(command -v tmux) -S '$TM_SOCK' capture-pane -p | grep -q '村里改的标题.*街道改的标题'"
check "no 本方 (on this PC it would be the wrong side's word)" screen_lacks "本方（"
keys Escape
wait_for "F9统计"

# --- overview: 7 of 8 complete is 87.5%, as the report rounds ------------------
keys F9
wait_for "统计：2025年"
check "the unit's row shows 87.5%" screen_has "87.5%"
check "the total (with the office's one) shows 7/9（77.8%）" screen_has "五有齐全 7/9（77.8%）"
check "not the truncated 87%" screen_lacks " 87%"
keys Escape
wait_for "F9统计"

# --- another unit's record: refused before the question ----------------------
keys /
type_text "街道培训会"
wait_for "1/1 条"
keys Enter
keys F8
wait_for "不能修改"
check "delete of the office's record: the refusal names the units" screen_has "新义街道关工委办公室"
check "and no question was asked" screen_lacks "删除“街道培训会”"
keys F4
wait_for "不能修改"
check "edit of the office's record: refused before the form opens" screen_lacks "修改活动"
keys x
wait_for "/9 条"

# --- a date typed as 2052.7.15: shown as 2052-07-15, questioned -------------------
keys /
type_text "读书会1"
wait_for "1/1 条"
keys Enter
keys F4
wait_for "修改活动"
keys Tab End BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace
type_text "2052.7.15"
keys Tab
wait_for "2052-07-15"
check "the typed date is shown as 2052-07-15" screen_lacks "2052.7.15"
keys F2
wait_for "是不是写错了"
check "the question names the date" screen_has "2052-07-15"
keys n
wait_for "没有保存：请改正日期"
check "not saved when the user says no" sh -c "! git log -1 --format= -p | grep -q 2052"
keys F2
wait_for "是不是写错了"
keys y
wait_for "已保存"
check "saved when the user says yes" sh -c "git log -1 --format= -p | grep -q '^+date: 2052-07-15'"
keys C-q
check_eq "quits with status 0" "$(tui_wait_exit)" "0"
exit 0
