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
if grep -rqE '[1-9][0-9]{16}[0-9Xx]' activities; then not_ok "no ID-number-like text"; else ok "no ID-number-like text"; fi
# Running it again reuses the ledger.
GGW_DEMO_DIR="$T/demo" sh "$GGW_SRC/demo/demo.sh" >again.out 2>&1
check_grep "second run reuses the ledger" "delete it to rebuild" again.out
