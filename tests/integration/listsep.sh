#!/bin/sh
# List fields given with --set take items separated by 、 ， or , (as
# people list names in Chinese), on add and on edit, for every type's
# lists; empty items are dropped; an id list takes the same separators.
. "$GGW_SRC/tests/lib.sh"

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null
cd led || exit 1
ggw config ggw.unit xinyi >/dev/null
v1=$(ggw add --type volunteer --set unit=xinyi --set name=丁光海 --set group=veteran)
v2=$(ggw add --type volunteer --set unit=xinyi --set name=王秀英 --set group=teacher)

id=$(ggw add --set unit=xinyi --set title=讲座 --set date=2025-07-10 --set category=safety \
	--set form=lecture --set youth_count=5 --set "speakers=丁光海、李明，王秀英,张老师" \
	--set "partners=新义小学、、东风中学、")
f=$(git log -1 --format= --name-only)
printf 'speakers:\n- 丁光海\n- 李明\n- 王秀英\n- 张老师\n' >"$T/want"
sed -n '/^speakers:/,/^[a-z]/p' "$f" | grep -v '^[a-z_]*:$' | sed '1i speakers:' >"$T/got"
check "、 ， and , all separate speakers" diff -u "$T/want" "$T/got"
check_grep "partner one" "- 新义小学" "$f"
check_grep "partner two" "- 东风中学" "$f"
check_eq "empty items dropped" "$(grep -c '^- ' "$f")" "6"

ggw edit "$id" --set "tags=暑期、防溺水" >/dev/null
check_grep "edit: first tag" "- 暑期" "$f"
check_grep "edit: second tag" "- 防溺水" "$f"

tid=$(ggw add --type team --set unit=xinyi --set name=宣讲团 --set kind=lecture --set "volunteers=$v1、$v2")
tf=$(git log -1 --format= --name-only)
check_grep "id list with 、: first" "- $v1" "$tf"
check_grep "id list with 、: second" "- $v2" "$tf"
ggw edit "$tid" --set "volunteers=$v2，$v1" >/dev/null
check_eq "id list with ，: order kept" "$(grep -A2 '^volunteers:' "$tf" | tail -2 | sed 's/^ *- *//' | tr '\n' ' ')" "$v2 $v1 "

vid=$(ggw add --type volunteer --set unit=xinyi --set name=李秀兰 --set group=teacher --set "roles=宣讲员、关爱帮扶")
vf=$(git log -1 --format= --name-only)
check_grep "volunteer roles split on 、" "- 关爱帮扶" "$vf"
check "ledger still checks" ggw check

[ "$TESTS_FAILED" -eq 0 ]
