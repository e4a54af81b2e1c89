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
