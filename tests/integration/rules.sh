# rules.yaml: ggw rules show / check / edit (an editor script stands in for
# the person), a bad file refused and not committed, a village refused, a
# changed minimum changing audit, report and score; ggw score's figures on
# a small known ledger; the example sheets valid.
. "$GGW_SRC/tests/lib.sh"

export GGW_TODAY=2026-01-10   # 2025 is a past year: all 12 months are due

ggw init led --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委 >init.log 2>&1
check_eq "init" "$?" 0
export GGW_DIR="$T/led"

# Two sessions (March, May) and one lecture for xinyi, written by the office.
add() { ggw add --set unit=xinyi --set "title=$1" --set "date=$2" --set "form=$3" \
	--set category=red --set youth_count=30 --set adult_count=5 >/dev/null 2>>add.log; }
add 学习会 2025-03-02 meeting
add 培训 2025-05-06 training
add 红色故事宣讲 2025-05-20 lecture
check_eq "three activities added" "$(ggw list --unit xinyi --year 2025 --count 2>&1)" 3

# --- show and check -----------------------------------------------------------
ggw rules show --default >default.yaml
check_eq "rules show --default exits 0" "$?" 0
check_grep "the default names the schema" "schema: ggw/rules/1" default.yaml
check_grep "the default minimum is 4 sessions" "sessions: 4" default.yaml
ggw rules show >shown.yaml 2>shown.err
check "without rules.yaml, rules show gives the defaults" cmp default.yaml shown.yaml
check_grep "and says so on stderr" "没有 rules.yaml" shown.err
check "rules check: the default text is valid" ggw rules check default.yaml
for f in "$GGW_SRC"/rules/examples/*.yaml; do
	check "example $(basename "$f") is valid" ggw rules check "$f"
	check_grep "example $(basename "$f") names its source" "来源：" "$f"
done
printf 'schema: ggw/rules/1\nminimums:\n  sessions: many\n' >bad.yaml
check_fails "rules check refuses a bad file" 1 ggw rules check bad.yaml
check_grep "naming line and field" "bad.yaml:3:13: minimums.sessions" "$T/.out"

# --- score on the known ledger (default sheet) ----------------------------------
ggw score --year 2025 --unit xinyi --format csv >score1.csv
check_eq "score --format csv exits 0" "$?" 0
# sessions: 2 of 4, 0.5 off each: 1 of 2 points
check_eq "sessions item: 1 point, 2 missing" \
	"$(grep '^xinyi,.*,sessions,' score1.csv | cut -d, -f6-11)" "1,sessions,2,4,2,1"
# months: March and May of 12: 10 missing, capped at 2: 0 points
check_eq "monthly item: 0 points" "$(grep '^xinyi,.*,monthly,' score1.csv | cut -d, -f6-10)" "0,months_active,2,12,10"
check_eq "files item: 五有 missing on all three, 2 off" \
	"$(grep '^xinyi,.*,five_have_complete,' score1.csv | cut -d, -f7-11)" "five_have_complete,0,3,3,2"
ggw score --year 2025 --unit xinyi >score1.txt
check_grep "text: the unit's total (sessions 1 + volunteers 2)" "【新义村关工委】得分 3 / 22" score1.txt
check_grep "text: what to add for the sessions" "ggw add --set form=meeting" score1.txt
check_grep "text: checks on the coming record types are marked" "年度工作计划（新记录类型）：台账有 0，需要 1" score1.txt
ggw score --year 2025 >score_all.txt
check_grep "street row: every unit summed" "【测试街道关工委】得分" score_all.txt
ggw score --year 2025 --form --format csv >form.csv
check_eq "report form: xinyi's row" "$(grep '^新义村关工委,' form.csv | tr -d '\r')" "新义村关工委,3,90,15,1,2,0,0,0"
check_fails "score --format xml is a usage error" 2 ggw score --format xml
ggw audit --year 2025 >audit1.txt
check_grep "audit: at least 4 by default" "全年 2 次，最少 4 次，差 2 次" audit1.txt

# --- rules edit -----------------------------------------------------------------
head0=$(git -C led rev-parse HEAD)
cat >ed-two.sh <<'EOS'
sed -i 's/^  sessions: 4 /  sessions: 2 /; s/^  min_audience: 0/  min_audience: 40/' "$1"
EOS
EDITOR="sh $T/ed-two.sh" ggw rules edit >edit.out 2>&1
check_eq "rules edit exits 0" "$?" 0
check_grep "rules edit says it committed" "已保存并提交" edit.out
check_eq "one new commit" "$(git -C led rev-list --count "$head0"..HEAD)" 1
check_grep "commit has Ggw-Action: rules" "Ggw-Action: rules" - <<EOF2
$(git -C led log -1 --format=%B)
EOF2
check_eq "rules.yaml committed" "$(git -C led ls-tree --name-only HEAD rules.yaml)" rules.yaml
check_eq "nothing left uncommitted" "$(git -C led status --porcelain)" ""
check_grep "the file says 2 sessions" "sessions: 2 " led/rules.yaml

ggw audit --year 2025 >audit2.txt
check_nogrep "audit follows rules.yaml: xinyi's 2 sessions are enough" "全年 2 次" audit2.txt
check_grep "audit follows rules.yaml: the office is 2 short" "全年 0 次，最少 2 次，差 2 次" audit2.txt
ggw score --year 2025 --unit xinyi --format csv >score2.csv
check_eq "score follows rules.yaml: sessions full" \
	"$(grep '^xinyi,.*,sessions,' score2.csv | cut -d, -f6-11)" "2,sessions,2,2,0,0"
ggw report --year 2025 >report2.txt
check_grep "report names the new minimum" "每年不少于 2 次" report2.txt
# min_audience 40: the lecture had 35 people, no longer a 大型宣讲
check_eq "large_lecture.min_audience changes the lecture count" \
	"$(ggw score --year 2025 --form --format csv | grep '^新义村关工委,' | cut -d, -f5)" 0

# an edit that changes nothing commits nothing
head1=$(git -C led rev-parse HEAD)
EDITOR=true ggw rules edit >same.out 2>&1
check_eq "unchanged edit exits 0" "$?" 0
check_grep "and says nothing changed" "没有修改" same.out
check_eq "no commit for an unchanged edit" "$(git -C led rev-parse HEAD)" "$head1"

# a bad edit: refused, named, not committed, the file untouched
cat >ed-bad.sh <<'EOS'
sed -i 's/^  sessions: 2 /  sessions: lots /' "$1"
EOS
EDITOR="sh $T/ed-bad.sh" ggw rules edit >bad.out 2>&1
check_eq "bad edit exits 1" "$?" 1
check_grep "bad edit names line and field" "minimums.sessions" bad.out
check_grep "bad edit says not committed" "没有提交" bad.out
check_grep "bad edit keeps the edited copy" "改过的文件留在" bad.out
check_eq "bad edit: no commit" "$(git -C led rev-parse HEAD)" "$head1"
check_grep "bad edit: rules.yaml untouched" "sessions: 2 " led/rules.yaml
check_eq "bad edit: work tree clean" "$(git -C led status --porcelain)" ""
EDITOR=false ggw rules edit >fail.out 2>&1
check_eq "an editor that fails changes nothing" "$(git -C led rev-parse HEAD)" "$head1"

# --- a village may not change the rules ---------------------------------------------
unset GGW_DIR
ggw clone "$T/led" pc2 --unit xinyi >clone.log 2>&1
check_eq "clone for xinyi" "$?" 0
head2=$(git -C pc2 rev-parse HEAD)
EDITOR="sh $T/ed-two.sh" ggw -C pc2 rules edit >village.out 2>&1
check_eq "village: rules edit exits 1" "$?" 1
check_grep "village: only the office" "只有街道办公室" village.out
check_eq "village: no commit" "$(git -C pc2 rev-parse HEAD)" "$head2"
ggw -C pc2 audit --year 2025 >audit_pc2.txt
check_grep "the village's audit counts by the office's rules too" "全年 0 次，最少 2 次，差 2 次" audit_pc2.txt
check_nogrep "the village's audit: its 2 sessions are enough" "全年 2 次" audit_pc2.txt

# --- a rules.yaml broken by hand (plain git): records still list, figures refused --------
printf 'schema: ggw/rules/1\nminimums:\n  sessions: [4]\n' >led/rules.yaml
git -C led commit -qam "broken by hand"
check "list still works with a broken rules.yaml" ggw -C led list
check_fails "report refuses a broken rules.yaml" 1 ggw -C led report --year 2025
check_grep "naming line and field" "rules.yaml:3:13: minimums.sessions" "$T/.out"
check_fails "score refuses it too" 1 ggw -C led score --year 2025
check_fails "audit refuses it too" 1 ggw -C led audit --year 2025
check_fails "ggw check reports it" 1 ggw -C led check
check_grep "ggw check names line and field" "rules.yaml:3:13: minimums.sessions" "$T/.out"
cat >ed-fix.sh <<'EOS'
sed -i 's/^  sessions: \[4\]/  sessions: 3/' "$1"
EOS
EDITOR="sh $T/ed-fix.sh" ggw -C led rules edit >fix.out 2>&1
check_eq "rules edit repairs it" "$?" 0
check "report works again" ggw -C led report --year 2025
check_grep "the repaired minimum counts" "每年不少于 3 次" "$T/.out"

[ "$TESTS_FAILED" -eq 0 ]
