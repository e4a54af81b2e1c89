#!/bin/sh
# Crash recovery at every step of a sync: GGW_TEST_KILL_AT makes ggw die by
# SIGKILL at a named point (after the fetch, after main moved but before
# the files were written, half-way through writing them, around the push).
# Right after the crash the clerk records something with ggw add; then
# every PC syncs. No commit may leave its unit's scope, nothing is lost,
# and all PCs converge.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
for i in 1 2 3; do add_act office office "$i"; done
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/usb.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add usb "$T/usb.git" >/dev/null
ggw -C xinyi sync >/dev/null 2>&1

# settle: every PC syncs until quiet; fails (and shows why) on any error.
settle() {
	for d in xinyi office xinyi; do
		ggw -C "$d" sync usb >"$T/settle.out" 2>&1 || { sed 's/^/#   /' "$T/settle.out"; return 1; }
	done
	[ "$(tree_of xinyi)" = "$(tree_of office)" ] || { echo "#   trees differ"; return 1; }
	[ -z "$(git -C xinyi status --porcelain)" ] || { echo "#   xinyi's work tree differs from HEAD"; git -C xinyi status --porcelain | sed 's/^/#   /'; return 1; }
	return 0
}

# A crash after main moved, before the files were written (made by hand,
# as an older ggw would leave it), then ggw add: the commit is HEAD plus
# the new record, never the stale index.
add_act office office 10 "崩溃前收到的记录"
ggw -C office sync >/dev/null 2>&1
old=$(git -C xinyi rev-parse HEAD)
git -C xinyi fetch -q "$T/usb.git" main
new=$(git -C xinyi rev-parse FETCH_HEAD)
echo "$old" >xinyi/.git/ggw/checkout-pending
git -C xinyi update-ref refs/heads/main "$new" "$old"
ggw_act xinyi "崩溃后新增"
check "ggw add right after an interrupted checkout: every PC syncs" settle
check_grep "the received record is on disk" "崩溃前收到的记录" "xinyi/$(act_path office "$(act_id office 10)")"
c=$(git -C xinyi log --format=%H --grep=崩溃后新增 -1)
check_eq "xinyi's commit touched only its own folder" \
	"$(git -C xinyi show --name-only --format= "$c" | grep -vc '^activities/xinyi/')" 0

# Something another unit's file staged by hand (git add) is not committed
# by ggw add.
sed -i 's/^title: .*/title: 手工暂存的改动/' "xinyi/$(act_path office "$(act_id office 1)")"
git -C xinyi add -A
ggw_act xinyi "暂存区之后新增"
check_eq "ggw add commits only its record, not what was staged by hand" \
	"$(git -C xinyi show --name-only --format= HEAD)" \
	"$(git -C xinyi show --name-only --format= HEAD | grep '^activities/xinyi/')"
git -C xinyi reset -q --hard HEAD
check "and every PC still syncs" settle

# Killed inside a file's write: libgit2 writes a checked-out file in place,
# so the crash leaves the new version's first bytes, or none (a power cut
# before the data reached the disk looks the same). Made by hand after a
# kill before any file was written: a new record present but empty, a
# changed one cut in half. The next run rewrites both; they were never
# the user's edits.
add_act office office 20 "撕裂前新增"
write_act office office "$(act_id office 2)" "撕裂前改过的标题"
commit_pc office office edit "$(act_path office "$(act_id office 2)")" "修改活动：撕裂前改过的标题"
ggw -C office sync >/dev/null 2>&1
GGW_TEST_KILL_AT=after-main-move "$GGW_BIN" -C xinyi sync usb >/dev/null 2>&1
newf=$(act_path office "$(act_id office 20)")
edf=$(act_path office "$(act_id office 2)")
check "killed after main moved, before the files: a checkout is pending" test -f xinyi/.git/ggw/checkout-pending
: >"xinyi/$newf"
git -C xinyi show "HEAD:$edf" | head -c 40 >"xinyi/$edf"
ggw_act xinyi "撕裂后新增"
check "files torn by a killed checkout: every PC syncs" settle
check_grep "the torn new record is whole again" "撕裂前新增" "xinyi/$newf"
check_grep "the torn changed record is whole again" "撕裂前改过的标题" "xinyi/$edf"
# A real edit by hand (not a prefix of the new version) is still kept and
# named, not overwritten.
add_act office office 21 "手改冲突"
ggw -C office sync >/dev/null 2>&1
GGW_TEST_KILL_AT=after-main-move "$GGW_BIN" -C xinyi sync usb >/dev/null 2>&1
handf=$(act_path office "$(act_id office 21)")
echo "手工写的内容" >"xinyi/$handf"
check_fails "a file edited by hand in the way of a pending checkout is not overwritten" 1 \
	ggw -C xinyi sync usb
check_grep "and the hand edit is still there" "手工写的内容" "xinyi/$handf"
rm "xinyi/$handf"
check "once it is removed, every PC syncs" settle

# Kill points, on either PC, with and without a merge.
POINTS="after-fetch after-verify before-main-move after-main-move mid-checkout after-checkout before-push after-push"
bad=0 made=0 n=0
for point in $POINTS; do
	for who in xinyi office; do
		for mode in ff merge; do
			n=$((n + 1))
			other=office
			[ "$who" = office ] && other=xinyi
			for k in 1 2 3; do ggw_act "$other" "杀点-$n-$k"; made=$((made + 1)); done
			ggw -C "$other" sync usb >/dev/null 2>&1
			if [ "$mode" = merge ]; then ggw_act "$who" "杀点-$n-本地"; made=$((made + 1)); fi
			GGW_TEST_KILL_AT=$point "$GGW_BIN" -C "$who" sync usb >/dev/null 2>&1
			ggw_act "$who" "杀点-$n-之后"
			made=$((made + 1))
			if ! settle >"$T/k.out" 2>&1; then
				bad=$((bad + 1))
				echo "# $point, $who killed, $mode:"
				cat "$T/k.out"
			fi
		done
	done
done
check_eq "after a kill at every point of the sync, every PC syncs and converges" "$bad" 0
have=$(git -C office grep -l "title: 杀点-" HEAD -- activities | wc -l)
check_eq "all $made records made around the kills are there" "$have" "$made"
check "git fsck is clean (xinyi)" git -C xinyi fsck --no-progress
check "git fsck is clean (office)" git -C office fsck --no-progress
check "the hub is sound" git -C usb.git fsck --no-progress
check_eq "no checkout is left pending" "$(ls xinyi/.git/ggw/checkout-pending office/.git/ggw/checkout-pending 2>/dev/null)" ""
exit 0
