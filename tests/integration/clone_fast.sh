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

# A packed hub, as hub init and sync leave one: its blobs are delta
# chains, read from the pack by ggw itself (storage/packread.h), in pack
# order; the same files, index and cache as from loose objects.
git clone -q --bare src packed.git
git -C packed.git repack -adfq --window=250 --depth=50
check "the packed hub holds delta chains" \
	sh -c "git verify-pack -v packed.git/objects/pack/*.idx | grep -q '^chain length = [2-9]'"
ggw clone packed.git cpk --unit office >cpk.out 2>&1
check_eq "clone of a packed hub" "$?" 0
check_eq "packed: the same index as git's" "$(git -C cpk ls-files -s)" "$(git -C src ls-files -s)"
check_eq "packed: the same bytes as git's checkout" "$(diff -r -x .git g1 cpk && echo same)" same
ggw -C cpk check >cpk.check 2>&1
check_eq "packed: check finds what a cold load finds" \
	"$(grep -F activities/ cpk.check | sort)" "$(grep -F activities/ src.check | sort)"
check_eq "packed: list --count" "$(ggw -C cpk list --count)" "$(ggw -C src list --count)"

# A hostile pack: its index swaps where two blobs lie (the checksums made
# right again), so each id leads to the other's bytes. Nothing that does
# not hash to its id is written: the clone fails, naming a file, and
# leaves no folder.
swap_idx() { # IDX ID ID
	python3 - "$@" <<'PY'
import hashlib, os, struct, sys
path, a, b = sys.argv[1], bytes.fromhex(sys.argv[2]), bytes.fromhex(sys.argv[3])
d = bytearray(open(path, "rb").read())
n = struct.unpack(">I", d[8 + 4 * 255:8 + 1024])[0]
ids = [bytes(d[1032 + 20 * i:1052 + 20 * i]) for i in range(n)]
pa, pb = (1032 + 24 * n + 4 * ids.index(x) for x in (a, b))
d[pa:pa + 4], d[pb:pb + 4] = d[pb:pb + 4], d[pa:pa + 4]
d[-20:] = hashlib.sha1(bytes(d[:-20])).digest()
os.chmod(path, 0o644)
open(path, "wb").write(bytes(d))
PY
}
git clone -q --bare src swapped.git
git -C swapped.git repack -adq
swap_idx swapped.git/objects/pack/*.idx \
	"$(git -C src rev-parse "HEAD:$(act_path xinyi "$(act_id xinyi 11)")")" \
	"$(git -C src rev-parse "HEAD:$(act_path nanhu "$(act_id nanhu 13)")")"
ggw clone swapped.git c-swapped --unit office >c-swapped.out 2>&1
check_eq "swapped pack: refused" "$?" 1
check_grep "swapped pack: names what it could not read" "无法读取" c-swapped.out
check "swapped pack: no folder left" test ! -e c-swapped

# Hand-made hostile deltas (tests/integration/craft_pack.py): one record's
# blob only as a broken delta in a pack of its own. Never a crash: the
# clone is refused, naming the record, or (the history check already
# refuses the commit whose blob's header it cannot read or finds too big)
# takes the last good commit, without the record.
victim=$(act_path dongshan "$(act_id dongshan 1)")
vid=$(git -C src rev-parse "HEAD:$victim")
for case in copy-past-base result-size insert-past-end base-before-pack huge-size; do
	rm -rf craft.git c-craft
	git clone -q --bare src craft.git
	rm -f "craft.git/objects/$(echo "$vid" | cut -c1-2)/$(echo "$vid" | cut -c3-)"
	python3 "$GGW_SRC/tests/integration/craft_pack.py" craft.git/objects "$vid" \
		"src/$(act_path xinyi "$(act_id xinyi 0)")" $case
	ggw clone craft.git c-craft --unit office >c-craft.out 2>&1
	rc=$?
	case $case in
	base-before-pack|huge-size)
		check_eq "$case: the history check takes the last good commit" "$rc" 0
		check_grep "$case: and says so" "被拒绝的提交" c-craft.out
		check "$case: without the record" test ! -e "c-craft/$victim" ;;
	*)
		check_eq "$case: refused" "$rc" 1
		check_grep "$case: names the record" "无法读取 $victim" c-craft.out
		check "$case: no folder left" test ! -e c-craft ;;
	esac
done

# One byte flipped here and there in the packed hub's pack: refused (never
# a crash) and nothing left, or cloned with every file as it should be.
size=$(cat packed.git/objects/pack/*.pack | wc -c)
for at in 12 100 1000 5000 9999 20000 30000 40000; do
	[ "$at" -lt "$((size - 20))" ] || continue
	rm -rf flip.git c-flip
	cp -r packed.git flip.git
	python3 - flip.git/objects/pack/*.pack "$at" <<'PY'
import os, sys
p, at = sys.argv[1], int(sys.argv[2])
d = bytearray(open(p, "rb").read())
d[at] ^= 0x21
os.chmod(p, 0o644)
open(p, "wb").write(bytes(d))
PY
	ggw clone flip.git c-flip --unit office >c-flip.out 2>&1
	rc=$?
	if [ $rc -eq 0 ]; then
		# every file as its commit has it (a fresh index: git hashes
		# them all), and git's files unless the clone said it took
		# only the last good commit (the flip hit the newest history)
		rm -f c-flip/.git/index
		git -C c-flip reset -q
		check_eq "byte $at flipped: cloned, its files as its commit has them" \
			"$(git -C c-flip status --porcelain)" ""
		diff -r -x .git g1 c-flip >/dev/null ||
			check_grep "byte $at flipped: or says it took the last good commit" \
				"被拒绝的提交" c-flip.out
	else
		# 1: a blob could not be read; 4: the history (a commit or a
		# tree) is damaged
		check "byte $at flipped: refused ($rc)" test "$rc" -eq 1 -o "$rc" -eq 4
		check "byte $at flipped: no folder left" test ! -e c-flip
	fi
done

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

# The flush runs in a process of its own (storage/clonemark.h): the clone
# returns once its files are written, the markers go once they are on the
# disk, and a clone whose flush was cut short counts only in the boot that
# wrote it.
lock_free() { # wait (at most 60 s) until nobody holds $1/.git/ggw/lock
	n=0
	while ! flock -n "$1/.git/ggw/lock" true && [ $n -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
boot=$(cat /proc/sys/kernel/random/boot_id)
ggw clone hub.git d --unit office >d.out 2>&1
check_eq "deferred flush: cloned" "$?" 0
check_eq "deferred flush: listed at once" "$(ggw -C d list --count)" "$(ggw -C src list --count)"
lock_free d
check "deferred flush: both markers gone once flushed" \
	test ! -e d/.git/ggw/clone-unfinished -a ! -e d/.git/ggw/clone-written

GGW_TEST_KILL_AT=clone-flush ggw clone hub.git f --unit office >f.out 2>&1
check_eq "flush killed: the clone itself succeeded" "$?" 0
lock_free f
check "flush killed: still marked unfinished" test -e f/.git/ggw/clone-unfinished
check_eq "flush killed: marked written in this boot" "$(cat f/.git/ggw/clone-written)" "$boot"
check_eq "flush killed: a reader opens it" "$(ggw -C f list --count)" "$(ggw -C src list --count)"
check "flush killed: and finished the flush (nobody held the lock)" \
	test ! -e f/.git/ggw/clone-unfinished -a ! -e f/.git/ggw/clone-written
check_eq "flush killed: a whole clone" "$(git -C f status --porcelain)" ""

GGW_TEST_KILL_AT=clone-flush ggw clone hub.git w --unit office >w.out 2>&1
lock_free w
flock w/.git/ggw/lock sleep 30 &
holder=$!
n=0
while flock -n w/.git/ggw/lock true && [ $n -lt 600 ]; do sleep 0.1; n=$((n + 1)); done
check_eq "flush under way: a reader does not wait" "$(ggw -C w list --count)" "$(ggw -C src list --count)"
check "flush under way: nor flush in its place" test -e w/.git/ggw/clone-unfinished
(sleep 1; kill $holder) &
(cd w && ggw add --set date=2024-07-10 --set category=safety --set form=lecture \
	--set youth_count=4 --set unit=xinyi --set title=复制后第一条) >w.add 2>&1
check_eq "flush under way: a writer waits for the lock, then adds" "$?" 0
check "and the flush was finished first" \
	test ! -e w/.git/ggw/clone-unfinished -a ! -e w/.git/ggw/clone-written
wait

GGW_TEST_KILL_AT=clone-flush ggw clone hub.git b --unit office >b.out 2>&1
lock_free b
echo 00000000-0000-0000-0000-000000000000 >b/.git/ggw/clone-written
ggw -C b list --count >b.list 2>&1
check_eq "written in another boot (the power went before the flush): refused" "$?" 4
check_grep "and says to clone again" "没有复制完" b.list
ggw clone hub.git b --unit office >b.out 2>&1
check_eq "cloned again into the same folder" "$?" 0
check_eq "and listed" "$(ggw -C b list --count)" "$(ggw -C src list --count)"

mkdir full && echo x >full/f
ggw clone hub.git full --unit office >full.out 2>&1
check_eq "a folder with other files is still refused" "$?" 1
check_eq "and left alone" "$(cat full/f)" x
exit 0
