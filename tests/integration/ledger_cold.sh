#!/bin/sh
# A first load without a cache parses the files on several cores (issue
# 15): what it finds must be what a load from the cache and a load of a
# few files (parsed in place) find, invalid records included, in the same
# order, and an invalid record is never counted.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office big
i=0
while [ $i -lt 300 ]; do
	u=$(echo $UNITS | cut -d' ' -f$((i % 11 + 1)))
	write_act big "$u" "$(act_id "$u" $i)" "活动$i" >/dev/null
	i=$((i + 1))
done
# The invalid ones, spread among the valid: id against file name, unit
# against folder, broken YAML, a child's name beside an age.
bad() {
	write_act "$1" xinyi "$(act_id xinyi 900)" "编号不符"
	sed -i 's/^id: .*/id: 20240101-00000000/' "$1/$(act_path xinyi "$(act_id xinyi 900)")"
	write_act "$1" nanhu "$(act_id nanhu 901)" "单位不符"
	sed -i 's/^unit: .*/unit: xinyi/' "$1/$(act_path nanhu "$(act_id nanhu 901)")"
	write_act "$1" hexi "$(act_id hexi 902)" "坏的"
	printf 'title: [unclosed\n' >>"$1/$(act_path hexi "$(act_id hexi 902)")"
	write_act "$1" xishan "$(act_id xishan 903)" "三年级学生王小明参加活动"
}
bad big
git -C big add -A && git -C big commit -q -m bulk
new_office small
bad small
git -C small add -A && git -C small commit -q -m bulk

rm -f big/.git/ggw/cache small/.git/ggw/cache
ggw -C big check >cold.out 2>&1
check_eq "check, cold: refuses the invalid ones" "$?" 1
ggw -C big check >warm.out 2>&1
check_eq "check, from the cache: the same" "$?" 1
check_eq "the same findings, cold and from the cache" "$(cat warm.out)" "$(cat cold.out)"
for p in "$(act_path xinyi "$(act_id xinyi 900)")" "$(act_path nanhu "$(act_id nanhu 901)")" \
	"$(act_path hexi "$(act_id hexi 902)")" "$(act_path xishan "$(act_id xishan 903)")"; do
	check_grep "named: $p" "$p" cold.out
done
ggw -C small check >small.out 2>&1
grep -F activities/ small.out | sort >small.lines
grep -F activities/ cold.out | sort >cold.lines
check_eq "the same messages as a few files parsed in place" "$(cat cold.lines)" "$(cat small.lines)"
rm -f big/.git/ggw/cache
check_eq "list --count, cold, counts only the valid" "$(ggw -C big list --count)" 300
check_eq "list --count, warm" "$(ggw -C big list --count)" 300
rm -f big/.git/ggw/cache
ggw -C big list --format ids | sort >ids.cold
ggw -C big list --format ids | sort >ids.warm
check_eq "the same ids cold and warm" "$(cat ids.warm)" "$(cat ids.cold)"
check_eq "300 of them" "$(wc -l <ids.cold)" 300
exit 0
