#!/bin/sh
# Issue 11 items 4, 5, 6, 9: dates typed as people write them (every
# spelling, every date field, add and edit) and doubtful dates refused
# without --force; units named by their names (--unit by key, full name,
# short name; a wrong one lists the names; refusals name the units);
# conflicts labelled by who typed each value and when; list --format csv
# --excel for people, read back with Python's csv module.
. "$GGW_SRC/tests/lib.sh"

export GGW_TODAY=2025-08-01   # the doubtful-date window is counted from here
ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 \
	--unit hecun --unit-name 河村社区关工委 --kind community >/dev/null
cd led || exit 1
git config user.name 丁光海

# --- item 4: dates as people write them --------------------------------------
add_on() { # DATE [OPTION...]: an activity on that date; prints its id
	_d=$1; shift
	ggw add --set unit=xinyi --set title=防溺水讲座 --set "date=$_d" --set category=safety \
		--set form=lecture --set youth_count=10 "$@"
}
for d in 2025-7-15 2025.7.15 2025/7/15 2025年7月15日 20250715; do
	id=$(add_on "$d" 2>"$T/add.err")
	check_eq "add --set date=$d is accepted" "$?" 0
	f=$(git log -1 --format= --name-only)
	check_grep "date=$d is stored as 2025-07-15" "date: 2025-07-15" "$f"
done
check_eq "the id is made from the normalised date" "$(echo "$id" | cut -c1-8)" 20250715
vid=$(ggw add --type volunteer --set name=王秀英 --set group=teacher --set joined=2019.3.1)
check_grep "volunteer joined=2019.3.1 is stored as 2019-03-01" "joined: 2019-03-01" \
	"$(git log -1 --format= --name-only)"
check "edit --set date=2025年7月20日" ggw edit "$id" --set date=2025年7月20日
check_grep "edit stores 2025-07-20" "date: 2025-07-20" "$(git log -1 --format= --name-only)"
check "edit --set joined=20180601" ggw edit "$vid" --set joined=20180601
check_grep "edit stores joined 2018-06-01" "joined: 2018-06-01" "$(git log -1 --format= --name-only)"

check_fails "a date that is no day is refused" 1 ggw add --set title=x --set date=15/7/2025 \
	--set category=law --set form=lecture --set youth_count=1
check_grep "the refusal shows the spellings that work" "2025年7月15日" "$T/.out"
check_grep "the refusal shows 2025.7.15" "2025.7.15" "$T/.out"
check_grep "the refusal names the date typed" "15/7/2025" "$T/.out"
check_nogrep "the refusal does not say YYYY-MM-DD" "YYYY-MM-DD" "$T/.out"
check_fails "2025-2-30 is refused" 1 ggw add --set title=x --set date=2025-2-30 \
	--set category=law --set form=lecture --set youth_count=1
check_grep "as no real date" "不是真实的日期" "$T/.out"

n=$(ggw list --count)
check_fails "2052 (a typo for 2025) is refused without --force" 1 add_on 2052-07-15
check_grep "the refusal names the date" "2052-07-15" "$T/.out"
check_grep "the refusal says how to keep it" "--force" "$T/.out"
check_fails "1925 (before 2000) is refused without --force" 1 add_on 1925.7.15
check_grep "the refusal says before 2000" "2000" "$T/.out"
check_eq "nothing was saved" "$(ggw list --count)" "$n"
check "31 days ahead is refused, 30 days is not" add_on 2025-08-31
check_fails "31 days ahead is refused" 1 add_on 2025-09-01
check "--force saves 2052" add_on 2052-07-15 --force
check_eq "one more record" "$(ggw list --count)" "$((n + 2))"
check_fails "edit to 2099 without --force is refused" 1 ggw edit "$id" --set date=2099-1-1
check "edit to 2099 with --force" ggw edit "$id" --set date=2099-1-1 --force
check "an edit that leaves a doubtful date alone needs no --force" ggw edit "$id" --set title=改标题
check_fails "volunteer joined=1990 is questioned too" 1 ggw edit "$vid" --set joined=1990-1-1
check "and kept with --force" ggw edit "$vid" --set joined=1990-1-1 --force
ggw list --from 2025-07-01 --to 2025-07-31 --format ids | sort >"$T/strict-range"
ggw list --from 2025.7.1 --to 2025年7月31日 --format ids | sort >"$T/typed-range"
check "list --from/--to take typed dates too" test -s "$T/typed-range"
check "the same records as with YYYY-MM-DD" cmp "$T/strict-range" "$T/typed-range"
check_fails "list --from 7/1 is refused" 2 ggw list --from 7/1
check_grep "with the spellings that work" "2025年7月15日" "$T/.out"
# files keep the spec's strict form
printf 'title: 文件里的\ndate: 2025.7.15\ncategory: law\nform: lecture\nyouth_count: 3\n' >"$T/loose.yaml"
check_fails "a --file with 2025.7.15 is refused (the spec's YYYY-MM-DD)" 1 ggw add --file "$T/loose.yaml"

# --- item 5: units by name -----------------------------------------------------
ggw list --unit xinyi --format ids | sort >"$T/by-key"
check "there are xinyi records" test -s "$T/by-key"
for name in 新义村关工委 新义村 新义; do
	ggw list --unit "$name" --format ids | sort >"$T/by-name"
	check "list --unit $name is list --unit xinyi" cmp "$T/by-key" "$T/by-name"
done
check_fails "list --unit 东风 is refused" 1 ggw list --unit 东风
check_grep "a wrong unit lists the names" "新义村关工委（xinyi）" "$T/.out"
check_grep "and every unit" "河村社区关工委（hecun）" "$T/.out"
check_fails "an ambiguous part is refused" 1 ggw list --unit 村
check_grep "the ambiguity lists the candidates" "河村社区关工委（hecun）" "$T/.out"
check "report --unit 新义村" ggw report --year 2025 --unit 新义村 --format csv
check_grep "the report is the unit's" "新义村关工委" "$T/.out"
ggw report --year 2025 --unit xinyi --format csv >"$T/r-key.csv"
ggw report --year 2025 --unit 新义村关工委 --format csv >"$T/r-name.csv"
check "report --unit by full name is report --unit by key" cmp "$T/r-key.csv" "$T/r-name.csv"
check_fails "report --unit 东风 is refused" 1 ggw report --year 2025 --unit 东风
check_grep "with the names" "新义村关工委" "$T/.out"
git config ggw.unit hecun
check_fails "another unit's record is refused" 1 ggw edit "$id" --set title=越权
check_grep "the refusal names this PC's unit by name" "河村社区关工委" "$T/.out"
check_grep "and the record's unit by name" "新义村关工委" "$T/.out"
git config ggw.unit office

# --- item 9: csv --excel for people ---------------------------------------------
pid=$(ggw add --set unit=xinyi --set title==危险公式 --set date=2025-6-1 --set category=law \
	--set form=lecture --set youth_count=5 --set "volunteers=$vid")
cat >"$T/pub.yaml" <<YAML
schema: ggw/activity/1
id: $pid
unit: xinyi
title: =危险公式
date: 2025-06-01
category: law
form: lecture
youth_count: 5
volunteers: [$vid]
publicity:
  - outlet: 区关工委公众号
    level: county
    title: 普法进村
    date: 2025-06-03
YAML
check "publicity added" ggw edit "$pid" --file "$T/pub.yaml"
ggw list --format csv --excel >"$T/excel.csv"
ggw list --format csv >"$T/plain.csv"
python3 - "$T/excel.csv" "$T/plain.csv" "$pid" >"$T/py.out" 2>&1 <<'PY'
import csv, sys
ex = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
pl = list(csv.DictReader(open(sys.argv[2], encoding='utf-8', newline='')))
bad = []
want_head = ['编号', '单位', '标题', '日期', '主题', '形式']
if list(ex[0].keys())[:6] != want_head: bad.append('head %r' % list(ex[0].keys())[:8])
for k in ('青少年人次', '五老志愿者', '有计划', '宣传报道'):
    if k not in ex[0]: bad.append('no column ' + k)
row = [r for r in ex if r['编号'] == sys.argv[3]][0]
if row['单位'] != '新义村关工委': bad.append('unit %r' % row['单位'])
if row['主题'] != '法治教育（普法、法制进校园）': bad.append('category %r' % row['主题'])
if row['形式'] != '宣讲/讲座': bad.append('form %r' % row['形式'])
if row['五老志愿者'] != '王秀英': bad.append('volunteers %r' % row['五老志愿者'])
if '普法进村' not in row['宣传报道'] or '区关工委公众号' not in row['宣传报道']:
    bad.append('publicity %r' % row['宣传报道'])
if row['标题'] != "'=危险公式": bad.append('formula not guarded %r' % row['标题'])
prow = [r for r in pl if r['id'] == sys.argv[3]][0]
if prow['unit'] != 'xinyi' or prow['category'] != 'law' or not prow['volunteers'].startswith('v-'):
    bad.append('plain csv changed %r' % prow)
if 'publicity' in prow: bad.append('plain csv gained publicity')
print('\n'.join(bad) if bad else 'ok')
PY
check_eq "--excel read back by Python's csv: Chinese headers, labels, names, publicity" "$(cat "$T/py.out")" ok
ggw list --type volunteer --format csv --excel >"$T/vols.csv"
python3 - "$T/vols.csv" >"$T/py2.out" 2>&1 <<'PY'
import csv, sys
r = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline='')))[0]
print('ok' if r['姓名'] == '王秀英' and r['类别'] == '老教师' and r['单位'] == '新义街道关工委办公室' else r)
PY
check_eq "--excel volunteers: 类别 in Chinese" "$(cat "$T/py2.out")" ok

# --- item 6: conflicts labelled by who typed each value ------------------------------
cd "$T" || exit 1
ggw hub init "$T/hub.git" >/dev/null
ggw -C led remote add hub "$T/hub.git" >/dev/null
ggw -C led sync >/dev/null 2>&1
check_fails "clone --unit 东风 is refused" 1 ggw clone "$T/hub.git" nowhere --unit 东风
check_grep "with the units' names" "新义村关工委（xinyi）" "$T/.out"
check "and the copy is undone" test ! -e nowhere
check "clone --unit 新义村 (the short name)" ggw clone "$T/hub.git" village --unit 新义村
check_grep "clone names this PC's unit" "本机单位：新义村关工委（xinyi）" "$T/.out"
check_eq "ggw.unit holds the key" "$(git -C village config ggw.unit)" xinyi
git -C village config user.name 王秀英
cid=$(ggw -C led list --unit 新义村 --format ids | tail -1)
ggw -C led edit "$cid" --set youth_count=12 >/dev/null
ggw -C led sync >/dev/null 2>&1
t0=$(date +%s); i=0
while [ "$(date +%s)" = "$t0" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
ggw -C village edit "$cid" --set youth_count=10 >/dev/null
ggw -C village sync >/dev/null 2>&1
check_eq "the village PC has the conflict" "$(ggw -C village list --conflicts --count)" 1
f=$(cd village && git ls-files "activities/xinyi/*/$cid.yaml")
check_grep "the entry names who typed the kept value" "kept_author: 王秀英" "village/$f"
check_grep "and their unit" "kept_unit: xinyi" "village/$f"
check_grep "and when" "kept_time:" "village/$f"
check_grep "the other value's author is still recorded" "author: 丁光海" "village/$f"
ggw -C village show "$cid" >"$T/show.out"
check_grep "show: the kept value by name, unit and day" "现在保留的是 王秀英（新义村）" "$T/show.out"
check_grep "show: the other value by name and unit" "另一个值是 丁光海（街道）" "$T/show.out"
check_grep "show: the day is written 月日" "日 填的" "$T/show.out"
check "resolve --ours" ggw -C village resolve "$cid" youth_count --ours
check_grep "resolve says whose value stays" "现在的值是 王秀英（新义村）" "$T/.out"
ggw -C village log --limit 5 >"$T/log.out"
check_grep "log names the village by name" "王秀英（新义村）" "$T/log.out"
check_grep "log names the street office" "丁光海（街道）" "$T/log.out"
check_nogrep "log shows no unit key" "（xinyi）" "$T/log.out"
ggw -C village status >"$T/status.out"
check_grep "status names this PC's unit by name" "本机单位：新义村关工委（xinyi）" "$T/status.out"
exit 0
