# ggw list: filters, sorting, every output format (parsed back by Python),
# invalid files skipped with a warning, `check` naming them, and the cache
# following hand edits.
. "$GGW_SRC/tests/lib.sh"

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 \
	--unit hecun --unit-name 河村社区关工委 --kind community >/dev/null || exit 1
cd led || exit 1

add() { # unit date category form youth title [extra --set...]
	_u=$1 _d=$2 _c=$3 _f=$4 _y=$5 _t=$6
	shift 6
	ggw add --set unit="$_u" --set date="$_d" --set category="$_c" --set form="$_f" \
		--set youth_count="$_y" --set title="$_t" "$@"
}
a1=$(add xinyi 2024-07-10 safety lecture 45 暑期防溺水讲座 --set five_have.plan=计划 \
	--set five_have.assignment=分工 --set five_have.implementation=实施 \
	--set five_have.commendation=表彰 --set five_have.summary=总结)
a2=$(add xinyi 2024-03-05 law lecture 60 "Law Day 普法" --set 'content=第一行
第二行, 含逗号 "引号"')
a3=$(add hecun 2023-12-31 care visit 3 年末走访慰问)
a4=$(add hecun 2024-01-01 red practice 80 参观纪念馆 --set location=烈士纪念馆)
check "four records added" test -n "$a1" -a -n "$a2" -a -n "$a3" -a -n "$a4"

ids() { ggw list --format ids "$@" | tr '\n' ' '; }
check_eq "default: activities newest first" "$(ids)" "$a1 $a2 $a4 $a3 "
check_eq "--sort date" "$(ids --sort date)" "$a3 $a4 $a2 $a1 "
check_eq "--unit" "$(ids --unit hecun)" "$a4 $a3 "
check_eq "--year" "$(ids --year 2023)" "$a3 "
check_eq "--from --to" "$(ids --from 2024-01-01 --to 2024-03-31)" "$a2 $a4 "
check_eq "--category" "$(ids --category law)" "$a2 "
check_eq "--form" "$(ids --form visit)" "$a3 "
check_eq "--grep in content" "$(ids --grep 第二行)" "$a2 "
check_eq "--grep ASCII case-insensitive" "$(ids --grep 'law day')" "$a2 "
check_eq "--grep location" "$(ids --grep 纪念馆)" "$a4 "
check_eq "--missing five-have" "$(ids --missing five-have --sort date)" "$a3 $a4 $a2 "
check_eq "--conflicts (none)" "$(ids --conflicts)" ""
check_eq "--count" "$(ggw list --count)" 4
check_eq "--count with filter" "$(ggw list --count --unit xinyi)" 2
check_eq "--type volunteer empty" "$(ggw list --type volunteer --count)" 0
check_fails "bad --category is usage" 2 ggw list --category nope
check_fails "bad --from is usage" 2 ggw list --from 2024-13-01
ggw list --from 2024-09-01 --to 2024-08-01 >/dev/null 2>"$T/fromto.err"
check_eq "--from after --to is usage" "$?" 2
check_grep "and says which goes where" "--from 的日期晚于 --to" "$T/fromto.err"
ggw list --year 1999 >"$T/empty.out" 2>"$T/empty.err"
check_eq "an empty table exits 0" "$?" 0
check_eq "an empty table says so on stderr" "$(cat "$T/empty.err")" "没有符合条件的记录"
ggw list --category nosuch 2>"$T/cat.err"
check_grep "known categories listed with 、" "可用：ideology、red、law" "$T/cat.err"
ggw add --set nosuch=1 2>"$T/field.err"
check_grep "known fields listed with 、" "可用：title、date、category" "$T/field.err"
check_fails "unknown unit" 1 ggw list --unit nowhere

# table
ggw list >"$T/table.out"
check_grep "table header" "日期" "$T/table.out"
check_grep "table unit name" "河村社区关工委" "$T/table.out"
check_grep "table five-have" "5/5" "$T/table.out"
check_eq "table lines present" "$(wc -l <"$T/table.out" | tr -d ' ')" 5

# CSV, parsed back
ggw list --format csv --sort date >"$T/list.csv"
python3 - "$T/list.csv" "$a2" <<'EOF' >"$T/csv.check" 2>&1
import csv, sys
raw = open(sys.argv[1], 'rb').read()
assert not raw.startswith(b'\xef\xbb\xbf'), 'BOM without --excel'
assert b'\r\n' in raw, 'CRLF line ends'
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8', newline='')))
assert len(rows) == 4, rows
r = [x for x in rows if x['id'] == sys.argv[2]][0]
assert r['content'] == '第一行\n第二行, 含逗号 "引号"', repr(r['content'])
assert r['title'] == 'Law Day 普法'
assert r['five_have.plan'] == ''
assert rows[3]['five_have.summary'] == '总结', rows[3]
assert rows[0]['unit'] == 'hecun' and rows[0]['date'] == '2023-12-31'
assert 'schema' not in rows[0]
print('csv ok')
EOF
check_grep "CSV parses back with Python's csv module" "csv ok" "$T/csv.check"
ggw list --format csv --excel --sort date >"$T/excel.csv"
check_eq "--excel starts with a BOM" "$(head -c 3 "$T/excel.csv" | od -An -tx1 | tr -d ' ')" efbbbf
# (issue 11 item 9: --excel is for people, no longer the plain CSV after a BOM)
check "--excel has the same rows as the plain CSV" test "$(wc -l <"$T/excel.csv")" = "$(wc -l <"$T/list.csv")"
check_grep "--excel has Chinese headers" "编号,单位,标题,日期,主题,形式" "$T/excel.csv"
check_fails "--excel without csv is usage" 2 ggw list --excel

# YAML, parsed back
ggw list --format yaml --sort date >"$T/list.yaml"
python3 - "$T/list.yaml" "$a2" <<'EOF' >"$T/yaml.check" 2>&1
import sys, yaml
docs = yaml.safe_load(open(sys.argv[1], encoding='utf-8'))
assert isinstance(docs, list) and len(docs) == 4, docs
r = [d for d in docs if d['id'] == sys.argv[2]][0]
assert r['content'] == '第一行\n第二行, 含逗号 "引号"', repr(r['content'])
assert r['schema'] == 'ggw/activity/1'
assert docs[0]['unit'] == 'hecun'
print('yaml ok')
EOF
check_grep "YAML parses back with Python" "yaml ok" "$T/yaml.check"
check_eq "empty YAML list" "$(ggw list --format yaml --year 1999)" "[]"

# --- invalid files -------------------------------------------------------------
cp "$GGW_SRC/tests/data/bad/duplicate-key.yaml" activities/xinyi/2024/20240101-0000000a.yaml
cp "$GGW_SRC/tests/data/bad/wrong-type.yaml" activities/xinyi/2024/20240102-0000000b.yaml
ggw list --format ids >"$T/ids.out" 2>"$T/warn.err"
check_eq "list still exits 0 with bad files" "$?" 0
check_eq "the valid records still listed" "$(wc -l <"$T/ids.out" | tr -d ' ')" 4
check_grep "warning for the duplicate key" "警告：跳过无效文件 activities/xinyi/2024/20240101-0000000a.yaml:" "$T/warn.err"
check_grep "warning for the wrong type" "activities/xinyi/2024/20240102-0000000b.yaml:" "$T/warn.err"
ggw check >"$T/check.out" 2>"$T/check.err"
check_eq "check exits 1 on bad files" "$?" 1
grep -E '^activities/xinyi/2024/20240101-0000000a.yaml:[0-9]+:[0-9]+: ' "$T/check.out" >/dev/null &&
	ok "check names the duplicate key with path:line:col" || not_ok "check names the duplicate key with path:line:col"
grep -E '^activities/xinyi/2024/20240102-0000000b.yaml:8:[0-9]+: ' "$T/check.out" >/dev/null &&
	ok "check names the wrong type at its line" || not_ok "check names the wrong type at its line"
check_grep "check warns about uncommitted files" "20240101-0000000a.yaml" "$T/check.err"
rm activities/xinyi/2024/20240101-0000000a.yaml activities/xinyi/2024/20240102-0000000b.yaml

# stray and inconsistent files
echo "schema: ggw/activity/1" >activities/xinyi/stray.yaml
sed "s/^unit: xinyi/unit: hecun/" "activities/xinyi/2024/$a1.yaml" >"$T/moved.yaml"
mkdir -p activities/hecun/2024
cp "$T/moved.yaml" "activities/hecun/2024/$a1.yaml"
ggw check >"$T/check2.out" 2>/dev/null
check_eq "check finds stray and duplicate" "$?" 1
check_grep "stray file named" "activities/xinyi/stray.yaml:1:1: 活动记录应放在年份文件夹里" "$T/check2.out"
check_grep "duplicate id named" "activities/hecun/2024/$a1.yaml" "$T/check2.out"
rm activities/xinyi/stray.yaml "activities/hecun/2024/$a1.yaml"

# a unit or id that disagrees with the path is shown at its value's line:col
sed "s/^id: .*/id:   20240301-0000abcd/" "activities/xinyi/2024/$a1.yaml" >"$T/other.yaml"
idline=$(grep -n '^id:' "$T/other.yaml" | cut -d: -f1)
unitline=$(grep -n '^unit:' "$T/other.yaml" | cut -d: -f1)
cp "$T/other.yaml" activities/hecun/2024/20240301-0000abcd.yaml
cp "$T/other.yaml" activities/xinyi/2024/20240302-0000abce.yaml
ggw check >"$T/check4.out" 2>/dev/null
check_eq "check: unit and id mismatches are problems" "$?" 1
check_grep "unit mismatch at the unit: value" \
	"activities/hecun/2024/20240301-0000abcd.yaml:$unitline:7: 单位 xinyi 与所在文件夹 hecun 不一致" "$T/check4.out"
check_grep "id mismatch at the id: value" \
	"activities/xinyi/2024/20240302-0000abce.yaml:$idline:7: 编号 20240301-0000abcd 与文件名 20240302-0000abce 不一致" \
	"$T/check4.out"
check_nogrep "no mismatch reported at 1:1" ".yaml:1:1: " "$T/check4.out"
# the same positions from the cache on the next load
ggw check >"$T/check5.out" 2>/dev/null
check_eq "cached check gives the same report" "$(cat "$T/check5.out")" "$(cat "$T/check4.out")"
rm activities/hecun/2024/20240301-0000abcd.yaml activities/xinyi/2024/20240302-0000abce.yaml

# a missing volunteer reference
ggw edit "$a3" --set volunteers=v-0000abcd >/dev/null
ggw check >"$T/check3.out" 2>/dev/null
check_eq "check: missing volunteer is a problem" "$?" 1
check_grep "missing volunteer named" "v-0000abcd" "$T/check3.out"
vid=$(ggw add --type volunteer --set name=丁光海 --set group=veteran --set unit=hecun)
ggw edit "$a3" --set volunteers="$vid" >/dev/null
check "check clean again" ggw check

# broken units.yaml: named with path:line:col
cp units.yaml "$T/units.bak"
printf 'schema: ggw/units/1\nstreet: X\nunits:\n  - key: Bad Key\n    name: x\n    kind: village\n' >units.yaml
ggw check >"$T/check4.out" 2>/dev/null
check_eq "check: bad units.yaml exits 1" "$?" 1
grep -E '^units.yaml:4:[0-9]+: ' "$T/check4.out" >/dev/null && ok "units.yaml problem at its line" || not_ok "units.yaml problem at its line"
ggw list >/dev/null 2>"$T/units.err"
check_eq "list refuses a broken units.yaml" "$?" 1
check_grep "list names units.yaml" "units.yaml:4:" "$T/units.err"
cp "$T/units.bak" units.yaml

# --- the cache follows hand edits ------------------------------------------------
f=activities/hecun/2024/$a4.yaml
ggw list >/dev/null
check "cache file written" test -s .git/ggw/cache
m=$(stat -c %y "$f")
sed -i 's/^title: 参观纪念馆$/title: 参观烈士纪念馆/' "$f"
touch -d "$m" "$f"
ggw list >"$T/c1.out"
check_grep "same mtime, new size: list shows the edit" "参观烈士纪念馆" "$T/c1.out"
sleep 1
ggw list >/dev/null
m=$(stat -c %y "$f")
sed -i 's/^title: 参观烈士纪念馆$/title: 参观英雄纪念馆/' "$f" # same byte length
touch -d "$m" "$f"
ggw list >"$T/c2.out"
check_grep "same mtime and size: list shows the edit" "参观英雄纪念馆" "$T/c2.out"
ggw show "$a4" >"$T/c3.out"
check_grep "show agrees" "参观英雄纪念馆" "$T/c3.out"
printf 'garbage' >.git/ggw/cache
check_eq "a corrupt cache is ignored" "$(ggw list --count)" 4
rm -f .git/ggw/cache
check_eq "no cache at all" "$(ggw list --count)" 4
git checkout -q -- "$f"
ggw list >"$T/c4.out"
check_grep "checkout back is seen" "参观纪念馆" "$T/c4.out"
check "fsck" git fsck --strict --no-progress
# --- a record with conflicts: flagged, listed, shown ----------------------------
f=activities/xinyi/2024/$a1.yaml
cat >>"$f" <<'EOF'
conflicts:
  - field: title
    value: 暑期安全讲座
    author: 李四 <li@example.org>
    unit: hecun
    time: 2024-07-12T10:00:00+08:00
    commit: 0123456789abcdef0123456789abcdef01234567
EOF
git commit -qam "冲突"
check_eq "--conflicts lists it" "$(ids --conflicts)" "$a1 "
ggw list >"$T/conf.out"
check_grep "table flags the conflict" "! 暑期防溺水讲座" "$T/conf.out"
ggw show "$a1" >"$T/conf-show.out"
check_grep "show lists the conflict" "标题（title）：另一个值“暑期安全讲座”（李四，hecun，2024-07-12 10:00）" "$T/conf-show.out"
check "a record with conflicts is valid" ggw check

# The table's 主题 column shortens the category label at its bracket, never
# inside a character (关爱帮扶's "爱" holds a byte of "（").
cid=$(ggw add --set title=留守儿童关爱走访 --set date=2024-09-01 --set category=care \
	--set form=visit --set youth_count=8)
ggw list --category care >"$T/care.out"
check_grep "category column shows 关爱帮扶 whole" "关爱帮扶 " "$T/care.out"
if LC_ALL=C grep -q "$(printf '\357\277\275')" "$T/care.out"; then not_ok "no replacement character in the table"; else ok "no replacement character in the table"; fi
exit 0
