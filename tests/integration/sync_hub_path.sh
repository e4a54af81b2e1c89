#!/bin/sh
# A hub on a path (a USB stick folder) that holds a commit libgit2 cannot
# parse (author time 2^64-1), written onto the stick by a hostile PC with
# plain git (hash-object, update-ref). ggw reads and writes such a hub
# directly, never through libgit2's local transport (which cannot even
# list it): on the hub's main the commit is refused like any other and the
# units keep exchanging records through side references until the office
# runs ggw hub repair; on a unit's side reference it stops nothing. And a
# push to the stick killed with kill -9 at any point leaves the hub readable.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

UNITS="xinyi nanhu dongshan"
new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
add_act office office 1
ggw -C office sync >/dev/null 2>&1
for u in xinyi nanhu; do
	clone_pc "$T/usb.git" "$u" "$u"
	git -C "$u" remote remove origin
	ggw -C "$u" remote add usb "$T/usb.git" >/dev/null
	ggw -C "$u" sync >/dev/null 2>&1
done

# bad_commit REPO PARENT: a commit with author time 2^64-1 on PARENT's
# tree, written into REPO's objects by plain git; prints its id.
bad_commit() {
	printf 'tree %s\nparent %s\nauthor x <x@x> 18446744073709551615 +0000\ncommitter x <x@x> 18446744073709551615 +0000\n\nbad time\n' \
		"$(git -C "$1" rev-parse "$2^{tree}")" "$(git -C "$1" rev-parse "$2")" >"$T/badcommit"
	git -C "$1" hash-object -t commit -w --literally "$T/badcommit"
}

# fsck_errors REPO: git fsck's error lines (not dangling notes), sorted
fsck_errors() { git -C "$1" fsck --no-progress 2>&1 | grep -v '^dangling' | sort; }

# --- On the stick's main, written in place by plain git.
BAD=$(bad_commit usb.git main)
git -C usb.git update-ref refs/heads/main "$BAD"
fsck_before=$(fsck_errors usb.git)
check_fails "(plain git agrees the commit does not parse)" 1 git -C usb.git fsck --no-progress

ggw_act nanhu "南湖在坏提交之后"
ggw -C nanhu sync >n1.out 2>&1
check_eq "nanhu: sync through the stick says it refused something (exit 1)" "$?" 1
check_grep "nanhu: the refused commit is named" "无法读取的提交 $BAD" n1.out
check_grep "nanhu: its raw text is kept aside" "ggw/refused/$BAD" n1.out
check_grep "nanhu: the command the office runs is said" "请街道办公室运行 ggw hub repair usb" n1.out
check_grep "nanhu: its records went onto the side reference" "本机记录已放上旁路" n1.out
check_nogrep "nanhu: not libgit2's failure to list the hub" "传输失败" n1.out
check_eq "nanhu: its main is on the stick beside main" \
	"$(git -C usb.git rev-parse refs/ggw/units/nanhu)" "$(git -C nanhu rev-parse HEAD)"
check_fails "nanhu: the unparsable commit never entered its object store" 1 git -C nanhu cat-file -e "$BAD"
check "nanhu: the raw text is in .git/ggw/refused" test -s "nanhu/.git/ggw/refused/$BAD"
check_eq "the stick's main is not pushed over" "$(git -C usb.git rev-parse main)" "$BAD"
ggw -C nanhu status >st1.out 2>&1
check_grep "nanhu: ggw status names the refused commit and the repair" \
	"中转仓库里有被拒绝的提交（$(echo "$BAD" | cut -c1-10)）：本机记录只经旁路交换；请街道办公室运行 ggw hub repair usb" st1.out
check_grep "nanhu: and that it cannot be read" "提交 $(echo "$BAD" | cut -c1-10) 无法读取" st1.out
ggw -C nanhu log >log1.out 2>&1
check_grep "nanhu: ggw log lists it after the history" "同步对象 usb 的 main 上有被拒绝的提交，没有进入本机台账" log1.out

ggw_act xinyi "新义在坏提交之后"
ggw -C xinyi sync >x1.out 2>&1
check_eq "xinyi: refused too (exit 1)" "$?" 1
check_grep "xinyi: names the same commit" "$BAD" x1.out
check "xinyi got nanhu's record through the stick" grep -rqF "南湖在坏提交之后" xinyi/activities/nanhu
ggw -C nanhu sync >n2.out 2>&1
check "nanhu got xinyi's record through the stick" grep -rqF "新义在坏提交之后" nanhu/activities/xinyi
ggw -C office sync >o1.out 2>&1
check_eq "the office: refused (exit 1)" "$?" 1
check_grep "the office is told to run the repair itself" "请运行 ggw hub repair usb" o1.out
check "the office got nanhu's record" grep -rqF "南湖在坏提交之后" office/activities/nanhu
check "and xinyi's" grep -rqF "新义在坏提交之后" office/activities/xinyi
check_fails "nothing of it entered the office's object store" 1 git -C office cat-file -e "$BAD"
check "the office's ledger is sound" git -C office fsck --no-progress

ggw -C office hub repair usb >r.out 2>&1
check_eq "ggw hub repair puts the stick back (exit 0)" "$?" 0
check_grep "and says where the refused history is kept" "ggw-refused" r.out
check "the refused commit is kept in the stick's objects" git -C usb.git cat-file -e "$BAD"
check "its id is kept in a file of the stick" grep -rqF "$BAD" usb.git/ggw-refused
hubmain=$(git -C usb.git rev-parse main)
check "the stick's main no longer holds it" sh -c "[ '$hubmain' != '$BAD' ] && git -C '$T/usb.git' cat-file -e '$hubmain^{commit}'"
for d in office nanhu xinyi office nanhu xinyi; do ggw -C "$d" sync >>"after-$d.out" 2>&1; done
check_grep "nanhu is told the stick was repaired" "中转仓库已修复" after-nanhu.out
ggw -C nanhu status >st2.out 2>&1
check_nogrep "and its status no longer speaks of a refused commit" "被拒绝的提交" st2.out
ggw -C nanhu log >log2.out 2>&1
check_nogrep "nor its log" "被拒绝" log2.out
check "after the repair every PC syncs (nanhu)" ggw -C nanhu sync
check "after the repair every PC syncs (xinyi)" ggw -C xinyi sync
check_eq "and converges (nanhu)" "$(tree_of nanhu)" "$(tree_of office)"
check_eq "and converges (xinyi)" "$(tree_of xinyi)" "$(tree_of office)"
check_eq "the stick has the office's main" "$(git -C usb.git rev-parse main)" "$(git -C office rev-parse HEAD)"
check_eq "git fsck of the stick finds no more than before (the kept commit)" "$(fsck_errors usb.git)" "$fsck_before"
check "no reference of the stick names a missing object" sh -c \
	"git -C '$T/usb.git' for-each-ref --format='%(objectname)' | while read o; do git -C '$T/usb.git' rev-list --objects \$o >/dev/null || exit 1; done"

# --- On a unit's side reference, main fine: nothing stops.
ggw_act office "办公室在坏旁路之前"
ggw -C office sync >/dev/null 2>&1
BADSIDE=$(bad_commit usb.git main)
git -C usb.git update-ref refs/ggw/units/dongshan "$BADSIDE"
ggw_act nanhu "南湖在坏旁路之后"
check "nanhu syncs through a stick whose side reference does not parse" ggw -C nanhu sync
ggw_act xinyi "新义在坏旁路之后"
check "xinyi too" ggw -C xinyi sync
check "the office too" ggw -C office sync
check "the office got nanhu's record" grep -rqF "南湖在坏旁路之后" office/activities/nanhu
check "and xinyi's" grep -rqF "新义在坏旁路之后" office/activities/xinyi
check_fails "the side reference's commit is nowhere in the office's objects" 1 git -C office cat-file -e "$BADSIDE"
ggw -C office hub repair usb >r2.out 2>&1
check_eq "ggw hub repair with main fine (exit 0)" "$?" 0
check_grep "sets the unparsable side reference aside and says so" "旁路上无法读取的提交（dongshan $(echo "$BADSIDE" | cut -c1-10)）也已移开" r2.out
check_fails "the side reference is gone from the stick" 1 git -C usb.git rev-parse --verify -q refs/ggw/units/dongshan
check "its id is kept in the stick's ggw-refused folder" grep -rqF "$BADSIDE" usb.git/ggw-refused
check "and the commit in its objects" git -C usb.git cat-file -e "$BADSIDE"

# --- Both: a refused commit on main (write scope broken, pushed with plain
# git) and an unparsable commit on xinyi's side reference. The other units'
# records still travel; the side reference's commit is named.
ggw -C nanhu sync >/dev/null 2>&1
ggw -C xinyi sync >/dev/null 2>&1
git clone -q "$T/usb.git" evil
write_act evil nanhu "$(act_id nanhu 99)" "越权写入"
git -C evil add -A
git -C evil commit -q -m "越权

Ggw-Unit: xinyi"
git -C evil push -q "$T/usb.git" HEAD:main
ggw_act office "办公室在越权之后"
ggw -C office sync >o2.out 2>&1
check_eq "the office: the scope-breaking commit is refused (exit 1)" "$?" 1
ggw -C xinyi sync >/dev/null 2>&1
BADX=$(bad_commit usb.git refs/ggw/units/xinyi)
git -C usb.git update-ref refs/ggw/units/xinyi "$BADX"
ggw_act nanhu "南湖在两种坏提交之后"
ggw -C nanhu sync >n3.out 2>&1
check_eq "nanhu: refused (exit 1)" "$?" 1
check_grep "nanhu: the unparsable side commit is named" "单位 xinyi 的旁路上有无法读取的提交 $BADX" n3.out
check_grep "nanhu: and the repair command" "请街道办公室运行 ggw hub repair usb" n3.out
check "nanhu still got the office's record through its side reference" grep -rqF "办公室在越权之后" nanhu/activities/office
check_fails "nanhu: the side commit stayed out" 1 git -C nanhu cat-file -e "$BADX"
ggw -C office sync >/dev/null 2>&1
check "the office got nanhu's record" grep -rqF "南湖在两种坏提交之后" office/activities/nanhu
check "ggw hub repair puts main back" ggw -C office hub repair usb
for d in office nanhu xinyi office nanhu xinyi; do ggw -C "$d" sync >/dev/null 2>&1; done
check "then nanhu syncs" ggw -C nanhu sync
check_eq "and everyone converges (nanhu)" "$(tree_of nanhu)" "$(tree_of office)"
check_eq "and everyone converges (xinyi)" "$(tree_of xinyi)" "$(tree_of office)"
check "the refused write reached no one" test ! -e "office/$(act_path nanhu "$(act_id nanhu 99)")"

# --- kill -9 during a push to a stick: at chosen points of the push (the
# pack half written, the pack in place with no reference moved, references
# moved) and after random delays. The stick stays readable: every
# reference names a commit whose objects are all there, git fsck is clean,
# and the next sync goes through.
ggw hub init "$T/usb2.git" >/dev/null
for d in office xinyi nanhu; do
	ggw -C "$d" remote remove usb >/dev/null
	ggw -C "$d" remote add usb "$T/usb2.git" >/dev/null
done
ggw -C office sync >/dev/null 2>&1
ggw -C xinyi sync >/dev/null 2>&1
# hub_sound: git fsck clean and every reference complete
hub_sound() {
	git -C "$T/usb2.git" fsck --no-progress --no-dangling >"$T/fsck.out" 2>&1 || return 1
	git -C "$T/usb2.git" for-each-ref --format='%(objectname)' | while read -r o; do
		git -C "$T/usb2.git" rev-list --objects "$o" >/dev/null 2>&1 || exit 1
	done
}
n=0
bad=0
for point in hub-mid-pack hub-pack-written hub-refs-moved; do
	n=$((n + 1))
	for i in 1 2 3 4 5 6; do
		id=$(act_id xinyi "$((n * 10 + i + 200))")
		write_act xinyi xinyi "$id" "崩溃 $point $i" "$(head -c 30000 /dev/urandom | base64 -w0)"
		commit_pc xinyi xinyi add "$(act_path xinyi "$id")" "新增活动：崩溃 $point $i"
	done
	before=$(git -C usb2.git rev-parse main)
	GGW_TEST_KILL_AT=$point "$GGW_BIN" -C xinyi sync usb >"kill-$point.out" 2>&1
	after=$(git -C usb2.git rev-parse main)
	hub_sound || { bad=$((bad + 1)); echo "# $point: hub not sound"; sed 's/^/# /' fsck.out | head -5; }
	case "$point" in
	hub-refs-moved) check_eq "killed after the references moved: main is xinyi's" "$after" "$(git -C xinyi rev-parse HEAD)" ;;
	*) check_eq "killed at $point: the stick's main did not move" "$after" "$before" ;;
	esac
done
check_eq "after a kill at each point of the push, the stick is sound" "$bad" 0
# Random moments: a bigger push killed after a random delay, 8 rounds.
bad=0
for r in 1 2 3 4 5 6 7 8; do
	for i in 1 2 3 4; do
		id=$(act_id xinyi "$((r * 10 + i + 500))")
		write_act xinyi xinyi "$id" "随机 $r $i" "$(head -c 60000 /dev/urandom | base64 -w0)"
		commit_pc xinyi xinyi add "$(act_path xinyi "$id")" "新增活动：随机 $r $i"
	done
	"$GGW_BIN" -C xinyi sync usb >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((r * 7 % 10))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	sleep 0.2 # the transfer child dies with its parent
	hub_sound || { bad=$((bad + 1)); echo "# round $r: hub not sound"; sed 's/^/# /' fsck.out | head -5; }
done
check_eq "after kills at random moments, the stick is sound" "$bad" 0
# A lock file a killed writer left on the stick is cleared by the next push.
: >usb2.git/refs/heads/main.lock
check "xinyi's next sync goes through" ggw -C xinyi sync
check "no lock file is left on the stick" test ! -e usb2.git/refs/heads/main.lock
check_eq "the stick has xinyi's main" "$(git -C usb2.git rev-parse main)" "$(git -C xinyi rev-parse HEAD)"
check "the stick is sound" hub_sound
check "the office syncs" ggw -C office sync
check "nanhu syncs" ggw -C nanhu sync
check_eq "and converges" "$(tree_of nanhu)" "$(tree_of xinyi)"
exit "$TESTS_FAILED"
