#!/bin/sh
# The overview's print offers (p): the unit's binder, the report, one
# record's sheet; each file lands in ~/文档/关工委 under a name that says
# what and which year, and the screen shows the path. Also p on a record.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

command -v pdfinfo >/dev/null 2>&1 || { echo "ok - SKIP pdfinfo (poppler-utils) is not installed"; exit 0; }
fixture led
cd led || exit 1
"$GGW_BIN" config ggw.unit xinyi >/dev/null
A=$("$GGW_BIN" add --set unit=xinyi --set title=红色故事进校园 --set date=2024-05-04 --set form=lecture \
	--set category=red --set youth_count=120)
"$GGW_BIN" add --set unit=xinyi --set title=学习会 --set date=2024-03-02 --set form=meeting \
	--set category=selfbuild --set youth_count=0 >/dev/null
mkdir -p "$HOME/文档"
OUT="$HOME/文档/关工委"

GGW_TODAY=2024-12-01 tui_start 120 32 "$PWD"
wait_for "F3新增"
keys F9
wait_for "统计：2024年"
keys Down        # 新义村关工委 (the office is the first row)
keys p
wait_for "打印与导出"
check "offers: the unit's binder" screen_has "新义村关工委 2024年台账（PDF，送检用）"
check "offers: one record" screen_has "新义村关工委的一条活动记录（PDF）"
check "offers: the street's report as PDF" screen_has "全街道 2024年年度报表（PDF）"
check "offers: the report as HTML" screen_has "全街道 2024年年度报表（HTML，用浏览器打印）"
check "offers: the district's form" screen_has "区里的年度报表表格 2024年（xlsx）"
keys Enter
wait_for "文件已保存到"
check "binder: the path shown" screen_has "~/文档/关工委/新义村关工委-2024年台账.pdf"
check "binder: the file is a PDF" test "$(pdfinfo "$OUT/新义村关工委-2024年台账.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" -ge 15
keys Enter
wait_for "统计：2024年"
keys p
wait_for "打印与导出"
keys Down Down Down Down Enter   # the HTML report
wait_for "文件已保存到"
check "html report: the path shown" screen_has "~/文档/关工委/新义街道关工委-2024年年度报表.html"
check "html report: written" grep -qF "填报单位（盖章）" "$OUT/新义街道关工委-2024年年度报表.html"
keys Enter
wait_for "统计：2024年"
keys p
wait_for "打印与导出"
keys Down Enter                  # one record: pick it by title
wait_for "打印哪条活动记录？"
check "record picker: the unit's activities" screen_has "05-04 红色故事进校园"
keys Enter
wait_for "文件已保存到"
check "record: the path shown" screen_has "~/文档/关工委/活动-$A.pdf"
check "record: one A4 page" test "$(pdfinfo "$OUT/活动-$A.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')" = 1
keys Enter
wait_for "统计：2024年"
keys Enter                       # the unit's activities, then one of them
wait_for "红色故事进校园"
keys End Enter
wait_for "青少年人次"
keys p
wait_for "文件已保存到"
check "record screen: p prints the record" screen_has "~/文档/关工委/活动-"
keys Enter Escape Escape
wait_for "统计：2024年"
keys F1
wait_for "帮助：统计"
check "overview help: p prints" screen_has "打印与导出：单位台账"
keys Escape
wait_for "统计：2024年"
keys Escape
wait_for "F10退出"
keys F10
tui_wait_exit
check_eq "only the papers asked for in the folder" "$(ls "$OUT" | grep -v "^活动-2024030" | sort | tr '\n' ' ')" \
	"新义村关工委-2024年台账.pdf 新义街道关工委-2024年年度报表.html 活动-$A.pdf "

[ "$TESTS_FAILED" -eq 0 ]
