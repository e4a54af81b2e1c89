# The figures of the record types of records-more.md: report sections 10-19,
# the audit's findings about them and the score's measures, against a fixture
# whose figures tests/integration/report_more_fixture.py computes on its own.
# Then rules.yaml's minimums change the audit and the score.
. "$GGW_SRC/tests/lib.sh"

FX="python3 $GGW_SRC/tests/integration/report_more_fixture.py"
export GGW_TODAY=2025-03-01

mkdir led
$FX make "$T/led"
git -C led init -q -b main && git -C led add -A && git -C led commit -q -m fixture
export GGW_DIR="$T/led"
check "the fixture passes ggw check" ggw check

for fmt in text md csv html; do
	ggw report --year 2024 --format $fmt >r.$fmt 2>r.$fmt.err
	check_eq "report --format $fmt exits 0" "$?" 0
done
$FX check-report r.csv 2024
# the other formats carry the same sections and the same figures
for t in 十、组织机构 十五、经费 十九、网吧义务监督与护苗; do
	for fmt in text md html; do
		check_grep "$fmt has section $t" "$t" r.$fmt
	done
done
check_grep "text: money as yuan" "2500.50" r.text
check_grep "html: money as yuan" ">2500.50<" r.html
check_grep "md: money as yuan" "| 2500.50 |" r.md
check_grep "committees by kind" "关工委 4 个：街道 1 个、村 2 个、社区 1 个。" r.text

ggw audit --year 2024 >a.txt
check_eq "audit finds problems: exit 1" "$?" 1
$FX check-audit a.txt 2024
check_grep "summary line counts the new kinds" "没有年度计划 1，没有半年小结 1，没有年终总结 1，党委听取汇报不足 1" a.txt

ggw score --year 2024 --format csv >s.csv
$FX check-score s.csv 2024

# The records the check fails are still the audit's: a member naming no
# volunteer record fails both.
cat >led/members/thin/m-00000bad.yaml <<'Y'
schema: ggw/member/1
id: m-00000bad
unit: thin
name: 无名
role: member
volunteer: v-0000dead
Y
ggw check >check.txt 2>&1
ggw audit --year 2024 >a2.txt
check_grep "check names the dangling volunteer" "m-00000bad" check.txt
check_grep "audit lists it as failing the check" "members/thin/m-00000bad.yaml: 引用的记录不存在" a2.txt
check_grep "audit's count of failing records is check's" "未通过检查 1" a2.txt
# an activity of 2023 citing a site no record has: another year's record
mkdir -p led/activities/good/2023
cat >led/activities/good/2023/20230101-0000dead.yaml <<'Y'
schema: ggw/activity/1
id: 20230101-0000dead
unit: good
title: 旧活动
date: 2023-01-01
category: other
form: other
youth_count: 1
adult_count: 1
site: s-0000dead
Y
ggw check >check2.txt 2>&1
ggw audit --year 2024 >a4.txt
check_grep "check names the missing site" "s-0000dead" check2.txt
check_grep "audit counts it among other years' failing records" "另有其他年份的 1 条记录未通过检查" a4.txt
check_grep "and still the member" "未通过检查 1" a4.txt
rm led/members/thin/m-00000bad.yaml led/activities/good/2023/20230101-0000dead.yaml

# rules.yaml: fewer briefings, less money, fewer station activities needed
cat >led/rules.yaml <<'Y'
schema: ggw/rules/1
minimums:
  briefings: 1
  station_activities: 3
  budget_yuan: 1000
Y
git -C led add rules.yaml && git -C led commit -q -m rules
ggw audit --year 2024 >a3.txt
$FX check-audit a3.txt 2024 district
check_nogrep "no station short with the district's minimum" "活动不足的校外教育辅导站" a3.txt
check_nogrep "no money short with the district's minimum" "工作经费不足" a3.txt
ggw score --year 2024 --format csv >s3.csv
$FX check-score s3.csv 2024 district

# 大型宣讲: the large flag decides; unmarked lectures by the threshold, or
# not at all with flag_only.
lectures() { ggw report --year 2024 --format csv | sed -n 's/^大型宣讲活动,\([0-9]*\),.*/\1/p'; }
check_eq "大型宣讲 by default: flagged and unmarked lectures" "$(lectures)" 3
printf 'large_lecture:\n  min_audience: 40\n' >>led/rules.yaml
git -C led commit -qam threshold
check_eq "大型宣讲 with min_audience 40: the flagged one and the lecture of 55" "$(lectures)" 2
sed -i 's/^  min_audience: 40$/  min_audience: 40\n  flag_only: true/' led/rules.yaml
git -C led commit -qam flag-only
check_eq "大型宣讲 with flag_only: only large: true" "$(lectures)" 1

# A ledger of activities and volunteers only: no new sections, no new findings.
mkdir old
cp led/units.yaml old/ && cp -r led/activities led/volunteers old/
sed -i '/^site:/d; /^cases:/,/^  - c-/d' old/activities/*/*/*.yaml
git -C old init -q -b main && git -C old add -A && git -C old commit -q -m old
GGW_DIR="$T/old" ggw report --year 2024 >old.txt
check_nogrep "old ledger: no organisation section" "十、组织机构" old.txt
GGW_DIR="$T/old" ggw audit --year 2024 >olda.txt
check_nogrep "old ledger: no plan finding" "没有年度工作计划" olda.txt
check_nogrep "old ledger: no director finding" "没有在任的主任" olda.txt
exit 0
