# ggw report --form: the district's columns in xlsx (ggw-papers, libxlsxwriter),
# html, csv and text, on report.sh's fixture ledger; figures computed
# independently (report_form_check.py), the xlsx read back with openpyxl,
# converted to PDF by LibreOffice and the page checked with pdftotext.
. "$GGW_SRC/tests/lib.sh"

export GGW_TODAY=2026-11-29
CHECK="$GGW_SRC/tests/integration/report_form_check.py"
# openpyxl is Debian's python3-openpyxl: the system python, not a pyenv one.
PY=""
for p in /usr/bin/python3 python3; do
	if "$p" -c "import openpyxl" 2>/dev/null; then PY=$p; break; fi
done

python3 "$GGW_SRC/tests/integration/report_fixture.py" make "$T/led"
git -C led init -q -b main && git -C led add -A && git -C led commit -q -m fixture
export GGW_DIR="$T/led"

check_xlsx() { # FILE YEAR COLUMNS [args]
	if [ -z "$PY" ]; then echo "ok - xlsx read back # SKIP python3-openpyxl missing"; return; fi
	"$PY" "$CHECK" xlsx "$@"
}

# --- xlsx, the built-in columns --------------------------------------------
ggw report --form --year 2024 -o form.xlsx >out.txt 2>err.txt
check_eq "form -o form.xlsx exits 0" "$?" 0
check_eq "stdout stays empty" "$(cat out.txt)" ""
check_grep "says where the file is" "报表已保存到 form.xlsx" err.txt
check_eq "a zip (xlsx) was written" "$(head -c 2 form.xlsx)" "PK"
check_xlsx form.xlsx 2024 default
ggw report --form --year 2024 --format xlsx --output form2.xlsx 2>/dev/null
check_xlsx form2.xlsx 2024 default
check_eq "no temporary files left beside it" "$(ls -A | grep -c '^\.form')" 0

# one unit: its row only, no total; the unit's name in the title
ggw report --form --year 2024 --unit xinyi -o xinyi.xlsx 2>/dev/null
check_eq "--unit xinyi exits 0" "$?" 0
check_xlsx xinyi.xlsx 2024 default --unit xinyi
# another year
ggw report --form --year 2025 -o f2025.xlsx 2>/dev/null
check_xlsx f2025.xlsx 2025 default

# --- html, csv, text (ggw itself) ------------------------------------------
ggw report --form --year 2024 -o form.html 2>/dev/null
check_eq "form -o form.html exits 0" "$?" 0
python3 "$CHECK" html form.html 2024 default
ggw report --form --year 2024 --format html >stdout.html
python3 "$CHECK" html stdout.html 2024 default
check_eq "html to stdout is the same page" "$(cmp -s form.html stdout.html && echo same)" same
ggw report --form --year 2024 --unit xinyi --format html >xinyi.html
python3 "$CHECK" html xinyi.html 2024 default --unit xinyi
ggw report --form --year 2024 --format csv >form.csv
check_eq "csv: total row" "$(grep '^合计,' form.csv | tr -d '\r')" "合计,16,761,238,6,6,13,6,4"
check_eq "csv: same figures as ggw score --form" \
	"$(tr -d '\r' <form.csv | tail -n +2)" "$(ggw score --year 2024 --form --format csv | tr -d '\r' | tail -n +2)"
ggw report --form --year 2024 >form.txt
check_grep "text: the title" "测试街道关工委年度工作统计表（2024年）" form.txt

# --- usage errors and failures ---------------------------------------------
check_fails "xlsx without -o is a usage error" 2 ggw report --form --format xlsx
check_fails "--format pdf is not a form format" 2 ggw report --form --format pdf -o f.pdf
check_fails "--year 99 is a usage error" 2 ggw report --form --year 99 -o y.xlsx
ggw report --form --year 2024 --unit nowhere -o nowhere.xlsx >/dev/null 2>err.txt
check_eq "unknown unit: refused" "$([ $? -ne 0 ] && [ ! -e nowhere.xlsx ] && echo refused)" refused
mkdir adir
ggw report --form --year 2024 -o adir >/dev/null 2>err.txt
check_eq "a folder as -o: refused, folder kept" "$([ $? -ne 0 ] && [ -d adir ] && echo refused)" refused
check_grep "  ... with a message naming it" "adir" err.txt
GGW_PAPERS="$T/no-such-papers" ggw report --form --year 2024 -o nop.xlsx >/dev/null 2>err.txt
check_eq "missing ggw-papers: refused" "$([ $? -ne 0 ] && [ ! -e nop.xlsx ] && echo refused)" refused
check_grep "  ... saying so" "找不到打印程序" err.txt
check_fails "report without --form still refuses xlsx" 2 ggw report --format xlsx

# --- the ledger's own form (rules.yaml) -------------------------------------
cp "$GGW_SRC/rules/examples/district-target-sheet.yaml" led/rules.yaml
git -C led add rules.yaml && git -C led commit -q -m "district rules"
cols="活动场次=activities,参加青少年（人次）=youth,大型宣讲活动=lectures,学习培训会议=sessions,党委听取汇报=briefings,在册五老=volunteers,宣传信息=publicity"
ggw report --form --year 2024 -o district.xlsx 2>/dev/null
check_eq "district form exits 0" "$?" 0
check_xlsx district.xlsx 2024 "$cols"
ggw report --form --year 2024 -o district.html 2>/dev/null
python3 "$CHECK" html district.html 2024 "$cols"

# a narrow form with money and a formula-looking column title: portrait
cat >led/rules.yaml <<'EOF'
schema: ggw/rules/1
name: "测试表"
report_form:
  - title: "=SUM(A1:A9)"
    count: activities
  - title: "工作经费（元）"
    count: budget_yuan
EOF
git -C led commit -q -am "narrow form"
ggw report --form --year 2024 -o narrow.xlsx 2>/dev/null
check_xlsx narrow.xlsx 2024 "=SUM(A1:A9)=activities,工作经费（元）=budget_yuan" --portrait
ggw report --form --year 2024 -o narrow.html 2>/dev/null
python3 "$CHECK" html narrow.html 2024 "=SUM(A1:A9)=activities,工作经费（元）=budget_yuan"

# an empty report_form: the built-in columns
printf 'schema: ggw/rules/1\nreport_form: []\n' >led/rules.yaml
git -C led commit -q -am "empty form"
ggw report --form --year 2024 -o empty.xlsx 2>/dev/null
check_xlsx empty.xlsx 2024 default
# a broken rules.yaml: no form counted by other rules than the other PCs'
printf 'schema: ggw/rules/1\nreport_form:\n  - title: x\n    count: nothing\n' >led/rules.yaml
ggw report --form --year 2024 -o bad.xlsx >/dev/null 2>err.txt
check_eq "bad rules.yaml: refused, no file" "$([ $? -ne 0 ] && [ ! -e bad.xlsx ] && echo refused)" refused
check_grep "  ... naming line and field" "rules.yaml:4" err.txt
git -C led checkout -q rules.yaml
git -C led rm -q rules.yaml && git -C led commit -q -m "no rules"

# --- a unit name that looks like a formula (units.yaml from another PC) ----
evil='=HYPERLINK("http://x.invalid/","点我")'
sed -i "s|name: \"测试街道关工委办公室\"|name: '$evil'|" led/units.yaml
git -C led commit -q -am "hostile name"
names=$(python3 -c 'import json,sys; print(json.dumps({"office": sys.argv[1]}))' "$evil")
ggw report --form --year 2024 -o evil.xlsx 2>/dev/null
check_eq "formula-looking name: form written" "$?" 0
check_xlsx evil.xlsx 2024 default --units "$names"
mkdir x && python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' evil.xlsx x
check_eq "xlsx: no <f> element in the sheet" "$(grep -c '<f>' x/xl/worksheets/sheet1.xml)" 0
check_grep "xlsx: the name kept as text after a '" "'=HYPERLINK(" x/xl/sharedStrings.xml
ggw report --form --year 2024 --format html >evil.html
python3 "$CHECK" html evil.html 2024 default --units "$names"
ggw report --form --year 2024 --format csv >evil.csv
check_grep "csv: the same guard as csv --excel" "\"'=HYPERLINK(" evil.csv

# --- LibreOffice: the workbook opens and prints as one A4 page ---------------
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
	mkdir pdf
	soffice -env:UserInstallation="file://$T/lo" --headless --convert-to pdf --outdir pdf \
		form.xlsx evil.xlsx >lo.log 2>&1
	check_eq "LibreOffice converts the workbook to PDF" "$([ -s pdf/form.pdf ] && echo yes)" yes
	pdfinfo pdf/form.pdf >info.txt 2>&1
	check_eq "pdf: one page" "$(awk '/^Pages:/ {print $2}' info.txt)" 1
	check_grep "pdf: A4 landscape" "841.89 x 595.3" info.txt
	pdftotext -layout pdf/form.pdf form.pdf.txt
	python3 "$CHECK" pdftext form.pdf.txt 2024 default
	pdftotext -layout pdf/evil.pdf evil.pdf.txt
	check_grep "pdf: the formula-looking name printed as text" "'=HYPERLINK(" evil.pdf.txt
	pdftoppm -png -r 50 pdf/form.pdf page
	check_eq "pdf: rendered to PNG" "$([ -s page-1.png ] && echo yes)" yes
	[ -n "${GGW_FORM_KEEP:-}" ] && cp page-1.png pdf/form.pdf "$GGW_FORM_KEEP/" 2>/dev/null
else
	echo "ok - LibreOffice conversion # SKIP soffice or poppler-utils missing"
fi

exit $TESTS_FAILED
