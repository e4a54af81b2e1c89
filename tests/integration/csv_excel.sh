#!/bin/sh
# list --format csv --excel: cells a spreadsheet would run as a formula
# (starting with = + - @, tab or CR) get a leading ', as the report's CSV;
# figures ("-3", "+5%") and plain CSV for scripts are left as they are.
# Read back with Python's csv module.
. "$GGW_SRC/tests/lib.sh"

ggw init led --street XX街道关工委 --unit office >/dev/null
git -C led config user.name clerk
add() { # TITLE LOCATION
	ggw -C led add --type activity --set "title=$1" --set "location=$2" --set date=2024-06-01 \
		--set category=safety --set form=lecture --set youth_count=5 >/dev/null
}
add '=HYPERLINK("http://x","y")' '@SUM(A1)'
add '+1+1' '-2+3'
add '-3' '+5%'
add 'x' 'y'
printf 'title: 缩进\ndate: 2024-06-01\ncategory: safety\nform: lecture\nyouth_count: 5\ncontent: "\\tcmd|x"\n' >tab.yaml
check "a content starting with a tab is accepted" ggw -C led add --type activity --file tab.yaml

ggw -C led list --format csv --excel >excel.csv
ggw -C led list --format csv >plain.csv
python3 - excel.csv plain.csv >py.out 2>&1 <<'PY'
import csv, sys
def rows(p):
    with open(p, encoding='utf-8-sig', newline='') as f:
        r = list(csv.DictReader(f))
    return r
ex, pl = rows(sys.argv[1]), rows(sys.argv[2])
cells = {(r['title'], r['location'], r['content']) for r in ex}
want = {("'=HYPERLINK(\"http://x\",\"y\")", "'@SUM(A1)", ""),
        ("'+1+1", "'-2+3", ""),
        ("-3", "+5%", ""),
        ("x", "y", ""),
        ("缩进", "", "'\tcmd|x")}
if cells != want:
    print("excel cells:", sorted(cells)); sys.exit(1)
danger = [c for r in ex for c in r.values() if c and c[0] in "=+@\t\r" and c not in ("+5%",)]
if danger:
    print("unguarded:", danger); sys.exit(1)
plain = {(r['title'], r['location'], r['content']) for r in pl}
if ("=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "") not in plain or ("缩进", "", "\tcmd|x") not in plain:
    print("plain cells changed:", sorted(plain)); sys.exit(1)
print("ok")
PY
check_eq "--excel cells read back by Python's csv: formulas guarded, figures kept, plain CSV unchanged" "$?" 0
[ -s py.out ] && sed 's/^/# /' py.out
check_eq "--excel starts with a BOM" "$(head -c 3 excel.csv | od -An -tx1 | tr -d ' ')" "efbbbf"
exit 0
