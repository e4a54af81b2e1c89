#!/bin/sh
# The activity form's helpers for everyday typing, at 80x24: F6 copies the
# unit's latest activity (all but its date, counts and publicity) and says
# what it copied; a 五老 not yet registered is added from inside the
# form's 五老 picker (F3) without losing what the form holds; list fields
# take several items on one line separated by 、 ， or ,.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture_volunteers led
cd led || exit 1
v_ding=$("$GGW_BIN" list --type volunteer --format ids --grep 丁光海)
"$GGW_BIN" add --set unit=xinyi --set title=红色故事会 --set date=2024-10-01 --set category=red \
	--set form=lecture --set youth_count=8 --set adult_count=3 --set location=新义村文化礼堂 \
	--set speakers=丁光海 --set volunteers="$v_ding" --set five_have.plan=红色教育计划 >/dev/null
# its publicity written by hand, committed with plain git
src=$(git log -1 --format= --name-only)
printf 'publicity:\n- outlet: 区关工委微信公众号\n  level: county\n' >>"$src"
git commit -qam "publicity by hand"
check "the hand-written publicity reads" "$GGW_BIN" check
# an older activity of the same unit, and a newer one of another unit: not copied
"$GGW_BIN" add --set unit=xinyi --set title=旧的活动 --set date=2024-03-01 --set category=law \
	--set form=meeting --set youth_count=1 >/dev/null
commits() { git rev-list --count HEAD; }
newest() { git log -1 --format= --name-only | head -1; }

tui_start 80 24 "$PWD"
wait_for "m目录"
keys F3
wait_for "新增活动"
check "a new activity form offers the copy" screen_has "按 F6 可复制本单位上一次活动"
keys F6
wait_for "复制上一次活动"
check "says where it copied from" screen_has "从 2024-10-01 的“红色故事会”复制了"
check "says what it left out" screen_has "没有复制：日期、青少年人次、其他人次、宣传报道"
keys Enter
wait_gone "复制上一次活动"
check "the title came over" screen_has "标题*        红色故事会"
check "the place came over" screen_has "地点         新义村文化礼堂"
check "the 五老 came over by name" screen_has "五老志愿者   丁光海"
check "the date did not" sh -c "tmux -S '$TM_SOCK' capture-pane -p | grep -q '^日期\* *$'"
check "the count did not" sh -c "tmux -S '$TM_SOCK' capture-pane -p | grep -q '^青少年人次\* *$'"
check "the status says how many" screen_has "已复制"
# the cursor waits on the date
type_text "2025-06-20"; keys Tab

# the 五老 field: add one who is not registered yet, from the picker
keys Tab Tab Tab Tab Tab
keys Enter
wait_for "选择五老"
type_text "李秀兰"
wait_for "没有找到。按 F3 新增一位五老"
keys F3
wait_for "新增志愿者"
check "the typed name is filled in" screen_has "姓名*         李秀兰"
keys Tab Enter Down Down Down Enter   # 类别: 老教师
keys F2
wait_for "[x] 李秀兰"
check "back in the picker with the new 五老 chosen" screen_has "[x] 丁光海"
keys Enter
wait_for "五老志愿者   丁光海、李秀兰"
check "the form kept the copied title" screen_has "标题*        红色故事会"
check "the form kept the typed date" screen_has "2025-06-20"
v_li=$("$GGW_BIN" list --type volunteer --format ids --grep 李秀兰)
check "the new 五老 is in the ledger" test -n "$v_li"
check_grep "new 五老 saved as 老教师" "group: teacher" "volunteers/xinyi/$v_li.yaml"

# 共建单位: three on one line, with 、 ， and ,
keys Tab
type_text "新义小学、东风中学，文化站,派出所"
keys Tab
wait_for "派出所"
check "items split into lines as the field is left" screen_lacks "新义小学、东风中学"
keys Tab
type_text "20"
n=$(commits)
keys F2
wait_for "已保存：红色故事会"
check_eq "one commit for the new activity" "$(commits)" "$((n + 1))"
f=$(newest)
check_grep "copied title saved" "title: 红色故事会" "$f"
check_grep "typed date saved" "date: 2025-06-20" "$f"
check_grep "copied category" "category: red" "$f"
check_grep "copied 五有 item" "plan: 红色教育计划" "$f"
check_grep "copied 五老 kept" "$v_ding" "$f"
check_grep "added 五老 linked" "$v_li" "$f"
check_grep "typed count saved" "youth_count: 20" "$f"
check_nogrep "the old adult count was not copied" "adult_count" "$f"
check_nogrep "publicity was not copied" "publicity" "$f"
for p in 新义小学 东风中学 文化站 派出所; do check_grep "partner $p its own item" "- $p" "$f"; done

# F6 is for new activities only: an edit says so and changes nothing
keys F4
wait_for "修改活动"
keys F6
wait_for "只有新增活动时可以复制上一次活动"
keys Escape
wait_for "m目录"
keys q
check_eq "quits with status 0" "$(tui_wait_exit)" "0"

[ "$TESTS_FAILED" -eq 0 ]
