#!/bin/sh
# 台账目录 and the screens of the record types beyond activities and 五老
# (documents, members, sites, awards, cases, funds, teams), at 80x24 with
# the keyboard only: the menu from the home screen's F2, each type's list
# (columns from the type table), adding through the form with enumerations
# picked from Chinese lists, 五老 and sites and cases linked by name or code
# (never typed ids), the record view, editing; back to the menu with Esc.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture_volunteers led
cd led || exit 1
v_ding=$("$GGW_BIN" list --type volunteer --format ids --grep 丁光海)
v_wang=$("$GGW_BIN" list --type volunteer --format ids --grep 王秀英)
commits() { git rev-list --count HEAD; }
newest() { git log -1 --format= --name-only | head -1; }

tui_start 80 24 "$PWD"
wait_for "F10退出 m目录"
ok "the home screen's key bar shows m 目录"

# the menu: numbered entries with Chinese names and counts, Esc goes back
keys m
wait_for "台账目录"
for e in "1  活动台账" "2  五老队伍" "3  年度文件与记录" "4  组织成员" "5  阵地" "6  表彰" \
	"7  关爱对象（编号）" "8  经费" "9  队伍" "a  统计与自评" "d  已删除的记录"; do
	check "menu entry $e" screen_has "$e"
done
check "the menu counts the 五老" sh -c "tmux -S '$TM_SOCK' capture-pane -p | grep '五老队伍' | grep -q '2 条'"
keys Escape
wait_for "m目录"
check "Esc leaves the menu for the activity list" screen_has "活动台账"
keys F2
wait_for "台账目录"
ok "F2 opens the menu too"

# ---- 阵地: a kind from the pick list, a typed date as people write it
keys 5
wait_for "新义街道关工委 — 阵地"
check "an empty list says how to add" screen_has "还没有记录。按 F3"
check "columns from the type table" screen_has "阵地类别"
n=$(commits)
keys F3
wait_for "新增阵地"
type_text "新义村校外教育辅导站"; keys Tab
keys Enter
wait_for "校外教育辅导站"
keys Down Enter Tab                # 阵地类别: 校外教育辅导站
type_text "2021.3.1"; keys Tab     # 启用日期
keys Space Tab                     # 挂牌: 是
type_text "新义村文化礼堂二楼"
keys F2
wait_for "已保存：新义村校外教育辅导站"
check_eq "a site is one commit" "$(commits)" "$((n + 1))"
f=$(newest)
case "$f" in sites/xinyi/s-*.yaml) ok "site saved under sites/xinyi" ;; *) not_ok "site path $f" ;; esac
check_grep "site kind from the pick list" "kind: station" "$f"
check_grep "typed date stored as ISO" "since: 2021-03-01" "$f"
check_grep "bool toggled with Space" "sign: true" "$f"
s_id=$(basename "$f" .yaml)
wait_for "校外教育辅导站 是"
check "the list row shows the kind and the sign" screen_has "新义村校外教育辅导站"
keys Enter
wait_for "阵地：新义村校外教育辅导站"
check "record view shows the kind's label" screen_has "校外教育辅导站"
check "record view shows the place" screen_has "新义村文化礼堂二楼"
keys Escape
keys F4
wait_for "修改阵地：新义村校外教育辅导站"
keys Tab Tab Tab Tab End
type_text "（东侧）"
keys F2
wait_for "已保存"
check_grep "edit saved" "place: 新义村文化礼堂二楼（东侧）" "$f"
check_eq "edit is one more commit" "$(commits)" "$((n + 2))"
keys Escape
wait_for "台账目录"

# ---- 关爱对象: a code, never a name; paired 五老 picked by name
keys 7
wait_for "新义街道关工委 — 关爱对象（编号）"
keys F3
wait_for "新增关爱对象"
type_text "XY-25-007"; keys Tab
keys Enter Enter Tab               # 对象类别: 留守儿童
type_text "2025-03-01"; keys Tab
keys Enter Down Enter Tab          # 年龄段: 6-11 岁
keys Enter Down Enter Tab          # 学段: 小学
keys Enter
wait_for "选择五老"
type_text "丁"
wait_for "[ ] 丁光海"
keys Space Enter
wait_for "结对五老     丁光海"
ok "paired 五老 shown by name in the form"
keys F2
wait_for "已保存：XY-25-007"
f=$(newest)
c_id=$(basename "$f" .yaml)
check_grep "case code" "code: XY-25-007" "$f"
check_grep "case type from the pick list" "type: left-behind" "$f"
check_grep "age band" "age_band: 6-11" "$f"
check_grep "stage" "stage: primary" "$f"
check_grep "paired 五老 by id" "$v_ding" "$f"
wait_for "XY-25-007"
check "the case list shows the code and type" screen_has "留守儿童"
keys Enter
wait_for "关爱对象：XY-25-007"
check "record view names the paired 五老" screen_has "丁光海"
keys Escape Escape
wait_for "台账目录"

# ---- 组织成员: the 五老 link is one pick (Enter takes it)
keys 4
wait_for "新义街道关工委 — 组织成员"
keys F3
wait_for "新增组织成员"
type_text "王秀英"; keys Tab
keys Enter Down Enter Tab          # 职务: 常务副主任/执行主任
keys Enter
wait_for "选择五老（输入姓名筛选，Enter 选定"
type_text "王"
wait_for "王秀英"
keys Enter
wait_for "五老编号     王秀英"
ok "one 五老 picked for the member"
keys Tab
type_text "村党支部副书记"
keys F2
wait_for "已保存：王秀英"
f=$(newest)
check_grep "member role" "role: executive" "$f"
check_grep "member's 五老 by id" "volunteer: $v_wang" "$f"
keys Escape
wait_for "台账目录"

# ---- 年度文件与记录
keys 3
wait_for "新义街道关工委 — 年度文件与记录"
keys F3
wait_for "新增年度文件与记录"
keys Enter Enter Tab               # 文件类别: 年度工作计划
type_text "2025"; keys Tab
type_text "新义村关工委2025年工作计划"
keys F2
wait_for "已保存：新义村关工委2025年工作计划"
f=$(newest)
case "$f" in documents/xinyi/2025/d-*.yaml) ok "document saved in its year's folder" ;; *) not_ok "document path $f" ;; esac
check_grep "document kind" "kind: plan" "$f"
wait_for "年度工作计划"
keys Escape
wait_for "台账目录"

# ---- 表彰
keys 6
wait_for "新义街道关工委 — 表彰"
keys F3
wait_for "新增表彰"
type_text "先进基层关工委"; keys Tab
keys Enter Down Enter Tab          # 级别: 区县
type_text "2024-12-20"
keys F2
wait_for "已保存：先进基层关工委"
af=$(newest)
check_grep "award level" "level: county" "$af"
wait_for "区县"
# delete asks first, then is one commit; the history keeps it
n=$(commits)
keys F8
wait_for "删除“先进基层关工委”？"
keys y
wait_for "已删除"
check "award file removed" test ! -e "$af"
check_eq "delete is one commit" "$(commits)" "$((n + 1))"
wait_for "还没有记录"
keys u
wait_for "撤销本机上一次修改"
keys y
wait_for "已提交：撤销"
check "undo brings the award back" test -e "$af"
keys Escape
wait_for "台账目录"

# ---- 经费
keys 8
wait_for "新义街道关工委 — 经费"
keys F3
wait_for "新增经费"
keys Enter Enter Tab               # 经费类别: 工作经费
type_text "2000"; keys Tab
type_text "2025-01-10"; keys Tab Tab
type_text "年度工作经费"
keys F2
wait_for "已保存：年度工作经费"
f=$(newest)
check_grep "fund kind" "kind: budget" "$f"
check_grep "amount" "amount:" "$f"
wait_for "工作经费"
keys Escape
wait_for "台账目录"

# ---- 队伍: two 五老 as members
keys 9
wait_for "新义街道关工委 — 队伍"
keys F3
wait_for "新增队伍"
type_text "新义村五老宣讲团"; keys Tab
keys Enter Enter Tab               # 队伍类别: 宣讲团/报告团
type_text "2025"; keys Tab
keys Enter
wait_for "选择五老"
keys Space Down Space Enter
wait_for "成员（五老）"
check "both 五老 shown by name" sh -c "tmux -S '$TM_SOCK' capture-pane -p | grep '成员（五老）' | grep 丁光海 | grep -q 王秀英"
keys F2
wait_for "已保存：新义村五老宣讲团"
f=$(newest)
check_grep "team member 丁光海" "$v_ding" "$f"
check_grep "team member 王秀英" "$v_wang" "$f"
wait_for "宣讲团/报告团"
keys Escape
wait_for "台账目录"
check "the menu counts the new records" sh -c "tmux -S '$TM_SOCK' capture-pane -p | grep '队伍 ' | grep -q '1 条'"

# ---- an activity cites the site and the case by name and code
keys 1
wait_for "m目录"
keys F3
wait_for "新增活动"
type_text "关爱留守儿童暑期陪伴"; keys Tab
type_text "2025-07-12"; keys Tab
keys Enter Down Down Down Down Down Down Down Down Enter Tab   # 主题: 关爱帮扶
keys Enter Down Down Down Down Down Down Enter Tab             # 形式: 走访/谈心/慰问
keys Tab Tab
type_text "丁光海、李明，王秀英"; keys Tab   # 主讲人: three on one line
wait_for "王秀英"
check "list items typed with 、 and ， become one a line" screen_lacks "丁光海、李明"
keys Tab Tab Tab
type_text "6"
# from 青少年人次 back round to the last fields: 关爱对象, then 阵地
keys BTab BTab BTab BTab BTab BTab BTab BTab BTab BTab BTab BTab
wait_for "阵地"
keys Enter
wait_for "选择阵地"
keys Enter
wait_for "新义村校外教育辅导站"
keys Tab Enter
wait_for "选择关爱对象"
check "a case is offered by its code" screen_has "XY-25-007"
keys Space Enter
keys F2
wait_for "已保存：关爱留守儿童暑期陪伴"
f=$(newest)
check_grep "activity cites the site" "site: $s_id" "$f"
check_grep "activity cites the case" "$c_id" "$f"
check_grep "speaker 丁光海" "- 丁光海" "$f"
check_grep "speaker 李明" "- 李明" "$f"
check_grep "speaker 王秀英" "- 王秀英" "$f"
keys q
check_eq "quits with status 0" "$(tui_wait_exit)" "0"
check "no case name anywhere: only the code is stored" sh -c "! grep -rq '张\|李某' cases/"

[ "$TESTS_FAILED" -eq 0 ]
