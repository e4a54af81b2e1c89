# ggw report / ggw audit against a fixed fixture ledger whose figures are
# computed independently by tests/integration/report_fixture.py.
. "$GGW_SRC/tests/lib.sh"

FX="python3 $GGW_SRC/tests/integration/report_fixture.py"
export GGW_TODAY=2026-11-29   # the fixture's expectations assume this date

# Two copies of the same fixture: made the way people make it (ggw init,
# ggw add --file, ggw edit; only records ggw refuses are written by hand),
# and written entirely by hand and committed with plain git (the ledger
# loader reads the work tree). Both must give the same figures.
$FX cli-build "$T/cli" "$GGW_BIN" "$T/cli.ids" >cli-build.log 2>&1
check_eq "fixture built with ggw init / ggw add" "$?" 0
mkdir hand
$FX make "$T/hand"
git -C hand init -q -b main
git -C hand add -A
git -C hand commit -q -m "fixture"

for led in cli hand; do
export GGW_DIR="$T/$led" FX_TAG="$led: "
ids=""
[ $led = cli ] && ids="--ids $T/cli.ids"

# --- report: every figure, every format -----------------------------------
for fmt in text md csv html; do
	ggw report --year 2024 --format $fmt >"r2024.$fmt" 2>"r2024.$fmt.err"
	check_eq "$led: report 2024 --format $fmt exits 0" "$?" 0
	$FX $ids check-report $fmt "r2024.$fmt" 2024
done

# year boundaries: 31 Dec stays in 2024 (above); 1 Jan and a record whose
# date was corrected into 2025 (file still under 2024/) count in 2025
ggw report --year 2025 --format csv >r2025.csv
$FX $ids check-report csv r2025.csv 2025
ggw report --year 2023 --format csv >r2023.csv
$FX $ids check-report csv r2023.csv 2023
# an empty year (and an empty previous year: no percent)
for fmt in text csv html; do
	ggw report --year 2020 --format $fmt >"r2020.$fmt"
	$FX $ids check-report $fmt "r2020.$fmt" 2020
done

# one unit; a unit with no records at all
ggw report --year 2024 --unit xinyi --format csv >rx.csv
$FX $ids check-report csv rx.csv 2024 xinyi
ggw report --year 2024 --unit xinyi --format text >rx.text
$FX $ids check-report text rx.text 2024 xinyi
ggw report --year 2024 --unit quiet --format html >rq.html
$FX $ids check-report html rq.html 2024 quiet

# --- audit -----------------------------------------------------------------
check_fails "$led: audit 2024 finds problems: exit 1" 1 ggw audit --year 2024
for y in 2024 2025 2020 2026; do  # 2026: only months up to this one are due
	ggw audit --year $y >a$y.txt
	$FX $ids check-audit a$y.txt $y
done
done
unset FX_TAG
export GGW_DIR="$T/cli"

# --excel: the same CSV behind a UTF-8 BOM
ggw report --year 2024 --format csv >r2024.csv
ggw report --year 2024 --format csv --excel >r2024.excel.csv
check_eq "csv --excel starts with a BOM" "$(head -c 3 r2024.excel.csv | od -An -tx1 | tr -d ' ')" efbbbf
check_eq "csv --excel is the plain CSV after the BOM" "$(tail -c +4 r2024.excel.csv | cmp - r2024.csv && echo same)" same
check "plain csv has no BOM" test "$(head -c 3 r2024.csv | od -An -tx1 | tr -d ' ')" != efbbbf
ggw report --year 2024 --format html >r2024.html
ggw report --year 2024 >r2024.text
ggw audit --year 2024 >a2024.txt
# Within a unit, "缺：" starts in the same column whatever the title's width.
python3 - a2024.txt <<'EOF' >align.check 2>&1
import sys, unicodedata
def cols(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
units, cur = [], None
for line in open(sys.argv[1], encoding="utf-8"):
    if line.startswith("【"):
        cur = set(); units.append(cur)
    elif "  缺：" in line and cur is not None:
        cur.add(cols(line[:line.index("  缺：")]))
bad = [u for u in units if len(u) > 1]
print("aligned" if units and not bad else "misaligned %r" % bad)
EOF
check_grep "audit: 缺 column aligned within each unit" "aligned" align.check
check_nogrep "audit: 缺 column not misaligned" "misaligned" align.check

# the same figures as ggw list (one ledger, one way of counting)
check_eq "report's activities = list --count" \
	"$(ggw list --type activity --year 2024 --count 2>/dev/null)" \
	"$(python3 -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding="utf-8"))); print([x for x in r if x and x[0]=="活动次数"][0][1])' r2024.csv)"
check_eq "report's lectures = list --form lecture --count" \
	"$(ggw list --type activity --year 2024 --form lecture --count 2>/dev/null)" 6
check_eq "audit's 五有 findings = list --missing five-have --count" \
	"$(ggw list --type activity --year 2024 --missing five-have --count 2>/dev/null)" \
	"$(grep -o '五有不全 [0-9]*' a2024.txt | grep -o '[0-9]*')"

# -o FILE
ggw report --year 2024 --format html -o out/report.html >o.stdout 2>o.stderr
check_eq "-o writes nothing to stdout" "$(wc -c <o.stdout | tr -d ' ')" 0
check_eq "-o says where the report went" "$(cat o.stderr)" "报表已保存到 out/report.html"
check "-o writes the same page" cmp out/report.html r2024.html

# default year: this year (GGW_TODAY)
ggw report >rdefault.text
check_grep "default year is this year" "（2026年）" rdefault.text

# the office's figure
check_grep "lectures quoted as 大型宣讲活动" "其中大型宣讲活动 6 次" r2024.text

# usage and errors
check_fails "unknown format is bad usage" 2 ggw report --format pdf
check_fails "bad year is bad usage" 2 ggw report --year 24x
check_fails "unknown option is bad usage" 2 ggw report --frobnicate
check_fails "unknown unit is refused" 1 ggw report --unit nosuch
ggw report --unit nosuch 2>err.txt
check_grep "unknown unit named" "nosuch" err.txt
check "report --help" ggw report --help
touch "$T/not-a-folder"
ggw report --year 2024 -o "$T/not-a-folder/r.html" --format html 2>err-o.txt
check_eq "-o into an impossible place: exit 1" "$?" 1
check_grep "-o error: names file and folder, full-width colons" \
	"ggw: 无法写入 $T/not-a-folder/r.html：无法创建文件夹 $T/not-a-folder：" err-o.txt
check_nogrep "-o error: said once, no ASCII colon" "失败: " err-o.txt

# English
LANGUAGE=en ggw report --year 2024 >r2024.en
check_grep "English title" "(2024)" r2024.en
check_nogrep "English table titles" "总体情况" r2024.en
LANGUAGE=en ggw audit --year 2024 >a2024.en
check_nogrep "English audit headings" "五有不全的活动" a2024.en

# an activity of a unit that is not in units.yaml: ggw check refuses it,
# so the report never counts it (only as not passing the check), and the
# audit names it
git clone -q hand ghost
mkdir -p ghost/activities/ghost/2024
sed 's/^unit: office/unit: ghost/; s/^id: 20240115-00000001/id: 20240115-000000ff/' \
	hand/activities/office/2024/20240115-00000001.yaml >ghost/activities/ghost/2024/20240115-000000ff.yaml
git -C ghost add -A && git -C ghost commit -q -m ghost
GGW_DIR="$T/ghost" ggw report --year 2024 --format csv >ghost.csv
check_nogrep "unknown unit: not counted in a row" "其他单位（不在 units.yaml 中）,1" ghost.csv
GGW_DIR="$T/hand" ggw report --year 2024 --format csv >hand.csv
check_eq "unknown unit: not in the total" "$(grep '^合计,' ghost.csv)" "$(grep '^合计,' hand.csv)"
check_grep "unknown unit: counted as not passing the check" "另有 3 条记录未通过检查" ghost.csv
GGW_DIR="$T/ghost" ggw audit --year 2024 >ghost.txt
check_grep "unknown unit: audit names the file" "activities/ghost/2024/20240115-000000ff.yaml：单位 ghost 不在 units.yaml 中" ghost.txt

# a clean ledger: exit 0
mkdir clean
cat >clean/units.yaml <<'EOF'
schema: ggw/units/1
street: 干净街道关工委
units:
  - key: office
    name: =SUM(1,2)办公室
    kind: street
EOF
for d in 05 12 19 26; do
	mkdir -p clean/activities/office/2026
	cat >clean/activities/office/2026/202601$d-000000$d.yaml <<EOF
schema: ggw/activity/1
id: 202601$d-000000$d
unit: office
title: 一月学习会$d
date: 2026-01-$d
category: selfbuild
form: meeting
youth_count: 0
adult_count: 10
five_have:
  plan: 年度计划
  assignment: 主任组织
  implementation: 按时召开
  commendation: 无
  summary: 已总结
EOF
done
git -C clean init -q -b main && git -C clean add -A && git -C clean commit -q -m clean
GGW_TODAY=2026-01-31 GGW_DIR="$T/clean" ggw audit --year 2026 >clean.txt
check_eq "audit of a clean ledger exits 0" "$?" 0
check_grep "clean ledger: nothing found" "未发现问题。" clean.txt
# a unit name that looks like a formula stays text in WPS/Excel
GGW_TODAY=2026-01-31 GGW_DIR="$T/clean" ggw report --format csv >clean.csv
check_eq "csv: formula-like text is guarded" "$(python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
print([r for r in rows if r and "办公室" in r[0]][0][0])' clean.csv)" "'=SUM(1,2)办公室"
check_grep "csv: figures are not guarded" "+4,—" clean.csv

exit 0
