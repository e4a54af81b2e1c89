#!/bin/sh
# ggw clone writes the work tree itself on every core and builds the cache
# from the bytes it wrote (issue 15): the copy must be what git checks out
# (files, modes, index), its cache must say what a cold load of the files
# says (invalid records included), a tree the fast way does not take goes
# through libgit2's checkout, and a clone killed half-way is refused by
# every command and made again by the next clone into the same folder.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office src
i=0
while [ $i -lt 200 ]; do
	u=$(echo $UNITS | cut -d' ' -f$((i % 11 + 1)))
	write_act src "$u" "$(act_id "$u" $i)" "活动$i" >/dev/null
	i=$((i + 1))
done
# Invalid ones among them: id against file name, broken YAML, a child's
# name beside an age, and one a person wrote by hand (a comment, quotes).
write_act src xinyi "$(act_id xinyi 900)" "编号不符"
sed -i 's/^id: .*/id: 20240101-00000000/' "src/$(act_path xinyi "$(act_id xinyi 900)")"
write_act src hexi "$(act_id hexi 902)" "坏的"
printf 'title: [unclosed\n' >>"src/$(act_path hexi "$(act_id hexi 902)")"
write_act src xishan "$(act_id xishan 903)" "三年级学生王小明参加活动"
write_act src nanhu "$(act_id nanhu 904)" "手写的"
printf '# 手写的注释\nspeakers: ["丁光海", 王秀英]\n' >>"src/$(act_path nanhu "$(act_id nanhu 904)")"
# One commit by the office (the only unit whose commit may touch every
# unit's folder: a clone copies only history that passes the sync check).
git -C src add -A && git -C src commit -q -m "批量导入

Ggw-Unit: office
Ggw-Action: import"
git clone -q --bare src hub.git

ggw clone hub.git c1 --unit office >c1.out 2>&1
check_eq "clone" "$?" 0
check_eq "the same files, modes and blobs in the index as git's" \
	"$(git -C c1 ls-files -s)" "$(git -C src ls-files -s)"
check_eq "git sees a clean work tree" "$(git -C c1 status --porcelain)" ""
git clone -q hub.git g1
check_eq "the same bytes as git's checkout" "$(diff -r -x .git g1 c1 && echo same)" same
check "the cache was written by the clone" test -s c1/.git/ggw/cache
check "no clone-unfinished marker left" test ! -e c1/.git/ggw/clone-unfinished
ggw -C c1 check >c1.check 2>&1
rm -f src/.git/ggw/cache
ggw -C src check >src.check 2>&1
check_eq "check after clone finds what a cold load finds" \
	"$(grep -F activities/ c1.check | sort)" "$(grep -F activities/ src.check | sort)"
check_grep "the invalid ones are named" "$(act_path hexi "$(act_id hexi 902)")" c1.check
check_eq "list --count counts only the valid" "$(ggw -C c1 list --count)" "$(ggw -C src list --count)"
ggw -C c1 list --format ids | sort >ids.c1
rm -f c1/.git/ggw/cache
ggw -C c1 list --format ids | sort >ids.cold
check_eq "the same ids from the clone's cache and from the files" "$(cat ids.c1)" "$(cat ids.cold)"
check_eq "the clone's own sync works" "$(ggw -C c1 sync >/dev/null 2>&1; echo $?)" 0

# An executable file: not the fast way; libgit2 checks it out.
git clone -q src odd
chmod +x "odd/$(act_path xinyi "$(act_id xinyi 3)")"
git -C odd commit -q -am "executable"
git clone -q --bare odd odd.git
ggw clone odd.git c2 --unit office >c2.out 2>&1
check_eq "clone of a tree with an executable" "$?" 0
check_eq "its files as git has them" "$(git -C c2 ls-files -s)" "$(git -C odd ls-files -s)"
check_eq "clean" "$(git -C c2 status --porcelain)" ""
check_eq "and listed" "$(ggw -C c2 list --count)" "$(ggw -C src list --count)"

# Killed with half the files written, then with everything written but
# not yet synced: refused, then cloned again into the same folder.
for point in clone-checkout clone-before-finish; do
	GGW_TEST_KILL_AT=$point ggw clone hub.git k >k.out 2>&1 --unit office
	check_eq "$point: killed" "$?" 137
	check "$point: marked unfinished" test -e k/.git/ggw/clone-unfinished
	ggw -C k list --count >k.list 2>&1
	check_eq "$point: list refuses the half copy (a damaged ledger)" "$?" 4
	check_grep "$point: and says to clone again" "没有复制完" k.list
	ggw -C k sync >k.sync 2>&1
	check_eq "$point: so does sync" "$?" 4
	ggw clone hub.git k --unit office >k.out 2>&1
	check_eq "$point: cloned again into the same folder" "$?" 0
	check_eq "$point: whole" "$(git -C k ls-files -s)" "$(git -C src ls-files -s)"
	check_eq "$point: clean" "$(git -C k status --porcelain)" ""
	check_eq "$point: listed" "$(ggw -C k list --count)" "$(ggw -C src list --count)"
	rm -rf k
done
mkdir full && echo x >full/f
ggw clone hub.git full --unit office >full.out 2>&1
check_eq "a folder with other files is still refused" "$?" 1
check_eq "and left alone" "$(cat full/f)" x
exit 0
