# README's `make demo` builds its sample ledger through ggw itself: check the
# ledger it makes (the interface part needs a terminal and is left out).
. "$GGW_SRC/tests/lib.sh"

GGW_DEMO_DIR="$T/demo" sh "$GGW_SRC/demo/demo.sh" >demo.out 2>&1
check_eq "demo.sh succeeds" "$?" 0
tail -5 demo.out | sed 's/^/# /'
cd "$T/demo" || exit 1
units=$(grep -c '^- key:\|^  - key:' units.yaml)
check_eq "street office and 11 units" "$units" 12
acts=$(ggw list --count)
[ "$acts" -ge 280 ] && [ "$acts" -le 330 ] && ok "about 300 activities ($acts)" || not_ok "about 300 activities ($acts)"
vols=$(ggw list --type volunteer --count)
check_eq "30 五老 volunteers" "$vols" 30
for y in 2023 2024 2025; do
	n=$(ggw list --year $y --count)
	[ "$n" -gt 50 ] && ok "activities in $y ($n)" || not_ok "activities in $y ($n)"
done
gaps=$(ggw list --missing five-have --count)
[ "$gaps" -gt 10 ] && ok "some activities have 五有 gaps ($gaps)" || not_ok "some activities have 五有 gaps ($gaps)"
commits=$(git rev-list --count HEAD)
[ "$commits" -gt 300 ] && ok "one commit per record ($commits)" || not_ok "one commit per record ($commits)"
authors=$(git log --format=%an | sort -u | wc -l)
[ "$authors" -ge 12 ] && ok "each unit commits its own records ($authors authors)" || not_ok "each unit commits its own records ($authors authors)"
check "ggw check finds no problem in the demo ledger" ggw check
check "git fsck is clean" git fsck --strict
for title in 防溺水 垃圾分类大作战 科学实验走进课堂 书法 红色故事 四史 法制进校园 学雷锋 家长学校 留守儿童 网吧义务监督 五老学习培训会; do
	n=$(ggw list --grep "$title" --count)
	[ "$n" -gt 0 ] && ok "demo has $title" || not_ok "demo has $title"
done
# (an evidence entry's sha256 is 64 hex digits, not text: it may hold 18 decimal ones)
if grep -rE '[1-9][0-9]{16}[0-9Xx]' activities | grep -qv '^[^:]*: *- sha256: [0-9a-f]\{64\}$'; then not_ok "no ID-number-like text"; else ok "no ID-number-like text"; fi
# Every record type of records-more.md, 2023-2025, with gaps for the audit.
for t in document member site award case fund team; do
	n=$(ggw list --type $t --count)
	[ "$n" -gt 0 ] && ok "demo has ${t}s ($n)" || not_ok "demo has ${t}s ($n)"
done
for y in 2023 2024 2025; do
	n=$(ggw list --type document --year $y --count)
	[ "$n" -gt 30 ] && ok "documents dated $y ($n)" || not_ok "documents dated $y ($n)"
done
plans=$(grep -rl '^kind: plan' documents/*/2023 | wc -l)
[ "$plans" -ge 8 ] && [ "$plans" -lt 12 ] && ok "most but not all 2023 plans ($plans of 12)" || not_ok "most but not all 2023 plans ($plans of 12)"
check_eq "a committee roster in every unit" "$(ls members | wc -l)" 12
check_eq "every unit has an office site" "$(grep -rl '^kind: office' sites | wc -l)" 12
check "a station or a holiday school" grep -rqE '^kind: (station|holiday-school)' sites
check "a unit without a liaison (a gap)" sh -c "! grep -q '^role: liaison' members/hehuatang/*.yaml"
check "a budget under 2000 yuan (a gap)" grep -rq 'amount: "1500.00"' funds/qiaoxi
check "the street office's teams cite volunteers" grep -rq '^- v-' teams/office
check "cases are paired with volunteers" grep -rq '^- v-' cases
check "care activities cite cases" grep -rlq '^cases:' activities
check "some activities paid for by a fund" grep -rq '^activity: ' funds
codes=$(ggw list --type case --format yaml | sed -n 's/^ *code: //p' | grep -cvE '^[A-Z0-9][A-Z0-9-]{1,19}$')
check_eq "every case is a code" "$codes" 0
if grep -rqE '[1-9][0-9]{16}[0-9Xx]' documents members sites awards cases funds teams; then not_ok "no ID-number-like text anywhere"; else ok "no ID-number-like text anywhere"; fi
# Evidence: drawn photos and sign-in sheets attached through ggw attach, in
# every unit's own store; some activities left without (the audit's gaps).
stores=$(git for-each-ref --format='%(refname)' refs/ggw/evidence/ | wc -l)
check_eq "every unit and the office have an evidence store" "$stores" 12
with=$(grep -rl '^evidence:' activities | wc -l)
[ "$with" -gt $((acts * 3 / 4)) ] && [ "$with" -lt "$acts" ] && ok "most activities have evidence ($with of $acts)" || not_ok "most activities have evidence ($with of $acts)"
check "sign-in sheets as scans" grep -rq 'kind: scan' activities
check "some photos flagged minors_visible" grep -rq 'minors_visible: true' activities
a=$(grep -rl 'kind: scan' activities/xinyi | head -1 | xargs basename | sed 's/\.yaml$//')
check "a demo activity with a sign-in sheet prints" ggw print "$a" -o "$T/demo-sheet.pdf"
if command -v pdftotext >/dev/null 2>&1; then
	pdftotext "$T/demo-sheet.pdf" "$T/demo-sheet.txt"
	check_grep "its sheet names the sign-in sheet" "签到表" "$T/demo-sheet.txt"
fi
ggw audit --year 2025 >"$T/demo-audit.txt"
check_grep "the audit finds activities without evidence" "没有照片或签到表的活动：" "$T/demo-audit.txt"
# Running it again reuses the ledger.
GGW_DEMO_DIR="$T/demo" sh "$GGW_SRC/demo/demo.sh" >again.out 2>&1
check_grep "second run reuses the ledger" "delete it to rebuild" again.out
