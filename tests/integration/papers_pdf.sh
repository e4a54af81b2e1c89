# PDF papers made by ggw-papers: `ggw report --format pdf`, `ggw print ID`,
# `ggw binder`; checked with poppler (pdfinfo page counts and A4 size,
# pdftotext for the Chinese text, pdffonts for the embedded CJK font), the
# binder's contents against the pages pdftotext finds each section on; and
# the HTML report's print layout (compact CSS, sign-off block, page
# numbers, readable chart labels).
. "$GGW_SRC/tests/lib.sh"

for tool in pdfinfo pdftotext pdffonts; do
	command -v $tool >/dev/null 2>&1 || { echo "ok - SKIP $tool (poppler-utils) is not installed"; exit 0; }
done
export GGW_TODAY=2024-12-30

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 \
	--unit dongfeng --unit-name 东风社区关工委 >/dev/null 2>&1
export GGW_DIR="$T/led"
ggw config ggw.unit xinyi >/dev/null

cat >"$T/act.yaml" <<'EOF'
schema: ggw/activity/1
unit: xinyi
title: 红色故事进校园
date: 2024-05-04
category: red
form: lecture
location: 新义小学
speakers: [丁光海]
partners: [新义小学]
audience: 辖区中小学生
youth_count: 120
adult_count: 8
content: |
  丁老讲述对越自卫反击战的亲身经历，
  同学们提问“英雄”的含义，气氛热烈。
five_have:
  plan: 年度计划第2项
  assignment: 村关工委主任组织
  implementation: 5月4日上午
  commendation: ""
  summary: 效果好
publicity:
  - outlet: 区关工委微信公众号
    level: county
    title: 新义村红色故事进校园
    date: 2024-05-06
evidence:
  - sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    kind: scan
    caption: 签到表（共两页）
    minors_visible: false
EOF
A=$(ggw add --file "$T/act.yaml")
check_eq "fixture: activity added" "$?" 0
V=$(ggw add --type volunteer --set unit=xinyi --set name=丁光海 --set group=veteran --set birth_year=1950)
ggw edit "$A" --set "volunteers=$V" >/dev/null
for i in 1 2 3 4 5 6; do
	ggw add --set unit=xinyi --set "title=学习培训第${i}次" --set "date=2024-0${i}-15" \
		--set category=selfbuild --set form=training --set youth_count=0 --set adult_count=12 >/dev/null
done
ggw add --set unit=dongfeng --set title=东风社区防溺水讲座 --set date=2024-07-10 --set category=safety \
	--set form=lecture --set youth_count=60 >/dev/null
ggw add --type document --set unit=xinyi --set kind=plan --set year=2024 --set title=2024年关工委工作计划 \
	--set date=2024-01-15 --set content=全年计划开展活动20次，学习4次 >/dev/null
ggw add --type member --set unit=xinyi --set name=王秀英 --set role=executive --set since=2023-03-01 >/dev/null
ggw add --type case --set unit=xinyi --set code=XY-24-007 --set type=left-behind --set opened=2024-03-01 \
	--set "volunteers=$V" >/dev/null
ggw add --type fund --set unit=xinyi --set kind=budget --set amount=2000 --set date=2024-01-10 \
	--set purpose=年度活动经费 >/dev/null
ggw add --type award --set unit=xinyi --set title=先进基层关工委 --set level=county --set date=2024-12-20 >/dev/null
check_eq "fixture: ledger passes check" "$(ggw check >/dev/null 2>&1; echo $?)" 0

pages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
a4() { # every page A4 (595.276 x 841.89 pt)
	n=$(pages "$1")
	pdfinfo -f 1 -l "$n" "$1" 2>/dev/null | grep '^Page.*size:' | grep -v '595.276 x 841.89 pts' | head -1
}
txt() { pdftotext -layout "$@" - 2>/dev/null; }

# --- report --format pdf ----------------------------------------------------
ggw report --year 2024 --format pdf -o "$T/out/r.pdf" 2>r.err
check_eq "report --format pdf exits 0" "$?" 0
check_grep "report pdf: saved message names the file" "$T/out/r.pdf" r.err
n=$(pages "$T/out/r.pdf")
case "$n" in [1-9]|1[0-9]) ok "report pdf: $n pages" ;; *) not_ok "report pdf: page count ($n)" ;; esac
check_eq "report pdf: every page A4" "$(a4 "$T/out/r.pdf")" ""
txt "$T/out/r.pdf" >r.txt
check_grep "report pdf: Chinese title" "新义街道关工委关心下一代工作年度统计报表（2024年）" r.txt
check_grep "report pdf: a unit name" "东风社区关工委" r.txt
check_grep "report pdf: a table" "九、五有完整情况" r.txt
for label in "填报单位（盖章）" 负责人 填表人 联系电话 填报日期; do
	check_grep "report pdf: sign-off $label" "$label" r.txt
done
# (pdftotext drops the thin spaces around the figures)
txt -f 1 -l 1 "$T/out/r.pdf" | tr -d ' ' >r1.txt
check_grep "report pdf: page numbers (page 1 of N)" "第1页共${n}页" r1.txt
txt -f "$n" -l "$n" "$T/out/r.pdf" | tr -d ' ' >rlast.txt
check_grep "report pdf: last page numbered" "第${n}页共${n}页" rlast.txt
pdffonts "$T/out/r.pdf" >fonts.txt 2>&1
if awk 'NR > 2 && $0 ~ /(WenQuanYi|Noto|CJK|Han|Hei|Song|Kai|Ming|Fallback)/ && $(NF-4) == "yes"' fonts.txt | grep -q .; then
	ok "report pdf: an embedded CJK font"
else
	not_ok "report pdf: an embedded CJK font"; sed 's/^/# /' fonts.txt
fi
check_eq "report pdf: every font embedded" "$(awk 'NR > 2 && $(NF-4) != "yes"' fonts.txt)" ""

ggw report --year 2024 --unit xinyi --format pdf -o "$T/out/rx.pdf" 2>/dev/null
txt "$T/out/rx.pdf" >rx.txt
check_grep "report pdf --unit: the unit's own name in the title" "新义村关工委关心下一代工作年度统计报表（2024年）" rx.txt
check_nogrep "report pdf --unit: the other unit left out" "东风社区关工委" rx.txt
check_fails "report pdf without -o: usage error" 2 ggw report --format pdf
check_fails "report pdf -o not .pdf: usage error" 2 ggw report --format pdf -o "$T/out/r.txt"

# --- print ID ---------------------------------------------------------------
ggw print "$A" -o "$T/out/a.pdf" 2>/dev/null
check_eq "print exits 0" "$?" 0
check_eq "print: one page" "$(pages "$T/out/a.pdf")" 1
check_eq "print: A4" "$(a4 "$T/out/a.pdf")" ""
txt "$T/out/a.pdf" >a.txt
for want in 活动记录表 红色故事进校园 新义村关工委 2024-05-04 宣讲/讲座 新义小学 "丁光海（$V）" \
	"✓ 有计划" "✗ 有表彰" 年度计划第2项 区关工委微信公众号 区县级 新义村红色故事进校园 \
	签到表（共两页） 佐证材料 同学们提问 记录人 负责人; do
	check_grep "print: sheet shows $want" "$want" a.txt
done
check_nogrep "print: the digest shortened" "0123456789abcdef0123456789abcdef0123" a.txt
C=$(ggw list --type case --format ids)
ggw print "$C" -o "$T/out/c.pdf" 2>/dev/null
txt "$T/out/c.pdf" >c.txt
check_grep "print a case: its sheet from the field table" "关爱对象登记表" c.txt
check_grep "print a case: the code" "XY-24-007" c.txt
check_grep "print a case: its paired 五老 by name" "丁光海" c.txt
check_fails "print an unknown id: exit 1" 1 ggw print 20240101-00000000 -o "$T/out/none.pdf"
check "print an unknown id: no file" test ! -e "$T/out/none.pdf"
check_fails "print without -o: usage error" 2 ggw print "$A"
check_fails "print without an id: usage error" 2 ggw print -o "$T/out/x.pdf"
# never half-written: a folder that cannot be written leaves nothing
mkdir ro && chmod 555 ro
if [ "$(id -u)" != 0 ]; then
	check_fails "print into a read-only folder: exit 1" 1 ggw print "$A" -o ro/a.pdf
fi
check_eq "print: no temporary file left" "$(ls -A ro)" ""
check_eq "only the papers in the output folder" "$(ls -A "$T/out" | tr '\n' ' ')" "a.pdf c.pdf r.pdf rx.pdf "

# a very long text flows across pages; a value taller than a page too
long=$(python3 -c 'print("结合案例讲解安全知识，现场演示自救方法。" * 700 + "内容到此为止")')
partners=$(python3 -c 'print("，".join("新义小学第%d分校" % i for i in range(400)) + "，共建到此为止")')
L=$(ggw add --set unit=xinyi --set title=长篇记录 --set date=2024-08-01 --set category=safety \
	--set form=lecture --set youth_count=10 --set "content=$long" --set "partners=$partners")
ggw print "$L" -o "$T/out/long.pdf" 2>long.err
check_eq "print a long record: exit 0" "$?" 0
check_nogrep "print a long record: no warning from pango" "Pango-" long.err
ln=$(pages "$T/out/long.pdf")
[ "${ln:-0}" -ge 3 ] && ok "print a long record: $ln pages" || not_ok "print a long record: pages ($ln)"
check_eq "print a long record: every page A4" "$(a4 "$T/out/long.pdf")" ""
txt "$T/out/long.pdf" | tr -d ' \n' >long.txt
check_grep "print a long record: the content's end is printed" "内容到此为止" long.txt
check_grep "print a long record: a value taller than a page is printed whole" "共建到此为止" long.txt
check_grep "print a long record: the signature lines after it" "记录人" long.txt
ggw rm "$L" >/dev/null
rm -f "$T/out/long.pdf"

# --- binder -------------------------------------------------------------------
GGW_PAPERS_PROGRESS=3 ggw binder --unit xinyi --year 2024 -o "$T/out/b.pdf" 2>b.err 3>progress.txt
check_eq "binder exits 0" "$?" 0
check_nogrep "binder: no warning from pango or glib" "-WARNING" b.err
check_nogrep "binder: no critical from pango or glib" "-CRITICAL" b.err
check_grep "binder: progress lines on the descriptor asked for" "PROGRESS " progress.txt
last=$(tail -1 progress.txt | awk '{print $2 "/" $3}')
case "$last" in */*) [ "${last%/*}" = "${last#*/}" ] && ok "binder: progress ends at the total ($last)" ||
	not_ok "binder: progress ends at the total ($last)" ;; esac
n=$(pages "$T/out/b.pdf")
[ "$n" -ge 15 ] && ok "binder: $n pages (cover, contents, 12 sections, sheets)" || not_ok "binder: pages ($n)"
check_eq "binder: every page A4" "$(a4 "$T/out/b.pdf")" ""
txt -f 1 -l 1 "$T/out/b.pdf" >cover.txt
check_grep "binder: cover names the unit" "新义村关工委关心下一代工作台账" cover.txt
check_grep "binder: cover names the year" "2024年度" cover.txt
check_nogrep "binder: cover has no page number" "第 1 页" cover.txt
txt -f 2 -l 2 "$T/out/b.pdf" >toc.txt
check_grep "binder: contents on page 2" "目" toc.txt
# every line of the contents: "title ..... page"; that page holds the title
# (the leader dots are drawn, not text)
grep -v '第 .* 页' toc.txt | sed -n 's/^ *\(.*[^ ]\)  *\([0-9][0-9]*\) *$/\2|\1/p' >toc.lines
check_eq "binder: contents has 12 sections, the plan and 7 activity sheets" "$(grep -c '' toc.lines)" 20
bad=""
while IFS='|' read -r page title; do
	pdftotext -f "$page" -l "$page" "$T/out/b.pdf" - 2>/dev/null | tr -d ' ' >page.txt
	want=$(printf '%s' "$title" | tr -d ' ' | sed 's/^[0-9-]*//')
	grep -qF -- "$want" page.txt || bad="$bad [$title on $page]"
done <toc.lines
check_eq "binder: each contents entry is on the page it names" "$bad" ""
sections=$(grep -E '^[0-9]+[|][一二三四五六七八九十]+、' toc.lines | cut -d'|' -f2 | tr '\n' ' ')
check_eq "binder: sections in the scoring sheet's order" "$sections" \
	"一、组织机构与阵地 二、工作制度 三、年度工作计划 四、半年小结与年终总结 五、会议与学习培训 六、活动记录 七、五老队伍名册 八、关爱对象（只列编号） 九、经费 十、表彰 十一、宣传信息与调研 十二、年度统计报表 "
txt "$T/out/b.pdf" >b.txt
for want in 王秀英 XY-24-007 年度活动经费 先进基层关工委 2024年关工委工作计划 学习培训第6次 \
	区关工委微信公众号 "新义村关工委关心下一代工作年度统计报表（2024年）" "填报单位（盖章）"; do
	check_grep "binder shows $want" "$want" b.txt
done
txt -f 3 -l 3 "$T/out/b.pdf" | tr -d ' ' >b3.txt
check_grep "binder: pages numbered (page 3 of N)" "第3页共${n}页" b3.txt
check_nogrep "binder: another unit's activity left out" 东风社区防溺水讲座 b.txt
check_fails "binder without --unit: usage error" 2 ggw binder --year 2024 -o "$T/out/x.pdf"
check_fails "binder of an unknown unit: exit 1" 1 ggw binder --unit nowhere -o "$T/out/x.pdf"
check "binder of an unknown unit: no file" test ! -e "$T/out/x.pdf"

# --- no Chinese font: a message naming the package, no file -------------------
mkdir -p "$T/fc"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/nofonts</dir><cachedir>%s/fc</cachedir></fontconfig>\n' "$T" "$T" >"$T/fc/fonts.conf"
FONTCONFIG_FILE="$T/fc/fonts.conf" ggw print "$A" -o "$T/out/nofont.pdf" >nofont.err 2>&1
check_eq "no CJK font: exit 1" "$?" 1
check_grep "no CJK font: says which package to install" "fonts-noto-cjk" nofont.err
check "no CJK font: no file" test ! -e "$T/out/nofont.pdf"

# --- the HTML report's print layout -------------------------------------------
ggw report --year 2024 --format html >r.html
check_nogrep "html: sections no longer forced whole onto a page" "section { page-break-inside: avoid" r.html
check_grep "html: small tables kept whole" "section.small { page-break-inside: avoid" r.html
check_grep "html: table headers repeat on every page" "thead { display: table-header-group; }" r.html
check_grep "html: rows never split" "tr, svg, div.signoff { page-break-inside: avoid" r.html
check_grep "html: page numbers in the bottom margin" "counter(page)" r.html
check_grep "html: chart labels 12 units on a 660-unit chart 186 mm wide (about 9 pt)" "svg text { font-size: 12px;" r.html
check_grep "html: charts drawn to the page width" '<svg width="186mm"' r.html
for label in "填报单位（盖章）" 负责人 填表人 联系电话 填报日期; do
	check_grep "html: sign-off $label" "$label" r.html
done
ggw report --year 2024 --unit xinyi --format html >rx.html
check_grep "html --unit: the unit's own name in the title" "<h1>新义村关工委关心下一代工作年度统计报表（2024年）</h1>" rx.html
if command -v soffice >/dev/null 2>&1; then
	timeout 300 soffice --headless "-env:UserInstallation=file://$T/lo" --convert-to pdf --outdir "$T/lo-out" r.html >lo.log 2>&1
	# LibreOffice's HTML import ignores print CSS (same 6 pages before and
	# after on this fixture): the page count is shown, not judged
	echo "# LibreOffice printed the html report on $(pages "$T/lo-out/r.pdf") pages"
	pdftotext "$T/lo-out/r.pdf" - 2>/dev/null | grep -qF 填报日期 && ok "html printed: sign-off block on paper" ||
		not_ok "html printed: sign-off block on paper"
fi
exit 0
