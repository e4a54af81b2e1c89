#!/bin/sh
# Damage says what it is: a hub with a corrupt loose object or a truncated
# pack is reported as a damaged hub with what to do (never as a timeout or
# a network fault), every time; following that advice brings the PCs back
# in step. A full disk, this PC's while fetching or a hub's while pushing,
# is reported as a full disk, and the ledger stays as it was.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

UNITS="xinyi"
new_office office
ggw hub init "$T/hub.git" >/dev/null
ggw -C office remote add hub "$T/hub.git" >/dev/null
for i in 1 2 3; do add_act office office "$i"; done
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/hub.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add hub "$T/hub.git" >/dev/null
git -C xinyi config ggw.timeout 10

# damaged_sync NAME: xinyi syncs with its hub "hub"; the report must name
# the hub as damaged and what to do, exit 4, no timeout, ledger as it was.
damaged_sync() {
	_before=$(git -C xinyi rev-parse HEAD)
	ggw -C xinyi sync >"$1.out" 2>&1
	check_eq "$1: sync fails with status 4" "$?" 4
	check_grep "$1: the hub is named as damaged" "中转仓库 $T/hub.git 已损坏" "$1.out"
	check_grep "$1: and what to do is said" "ggw hub init" "$1.out"
	check_nogrep "$1: not reported as a timeout" "超时" "$1.out"
	check_nogrep "$1: not reported as a network fault" "无法连接" "$1.out"
	check_eq "$1: the ledger is as it was" "$(git -C xinyi rev-parse HEAD)" "$_before"
}

# A corrupt loose object: the office pushed with plain git (loose objects
# in the hub), then a block of the newest commit's file was overwritten.
add_act office office 4
git -C office push -q "$T/hub.git" main
c=$(git -C office rev-parse HEAD)
obj="hub.git/objects/$(echo "$c" | cut -c1-2)/$(echo "$c" | cut -c3-)"
check "the hub holds the new commit as a loose object" test -f "$obj"
chmod u+w "$obj"
printf 'garbage-garbage-garbage' | dd of="$obj" bs=1 seek=12 conv=notrunc 2>/dev/null
damaged_sync loose
damaged_sync "loose, the next sync"
check "plain git agrees the hub is damaged" sh -c '! git -C hub.git fsck --no-progress'

# Following the advice: a new hub, the remote pointed at it, a sync from
# the office (the whole ledger); xinyi then syncs with it as before.
ggw hub init "$T/hub2.git" >/dev/null
for pc in office xinyi; do
	ggw -C $pc remote remove hub >/dev/null
	ggw -C $pc remote add hub "$T/hub2.git" >/dev/null
done
check "the office fills the new hub" ggw -C office sync
check "xinyi syncs with the new hub" ggw -C xinyi sync
check_eq "and has the office's tree" "$(tree_of xinyi)" "$(tree_of office)"
check "the new hub is sound" git -C hub2.git fsck --no-progress

# A truncated pack: ggw pushes packs; the newest is cut in half.
rm -rf hub.git
mv hub2.git hub.git
for pc in office xinyi; do
	ggw -C $pc remote remove hub >/dev/null
	ggw -C $pc remote add hub "$T/hub.git" >/dev/null
done
add_act office office 5
add_act office office 6
ggw -C office sync >/dev/null 2>&1
pack=$(ls -t hub.git/objects/pack/*.pack | head -1)
chmod u+w "$pack"
truncate -s $(( $(stat -c %s "$pack") / 2 )) "$pack"
damaged_sync pack
damaged_sync "pack, the next sync"

# Over SSH the hub's own git says its objects are damaged (on its stderr):
# that is reported as a damaged hub too, not as a network fault.
if start_sshd; then
	ssh-keyscan -t ed25519 -p "$SSH_PORT" 127.0.0.1 >>"$HOME/.ssh/known_hosts" 2>/dev/null
	ggw -C xinyi remote remove hub >/dev/null
	ggw -C xinyi remote add hub "ssh://$(id -un)@127.0.0.1:$SSH_PORT$T/hub.git" >/dev/null
	rm -rf hub.git
	ggw hub init "$T/hub.git" >/dev/null
	ggw -C office sync >/dev/null 2>&1
	check "ssh: xinyi syncs with the sound hub" ggw -C xinyi sync
	add_act office office 7
	git -C office push -q "$T/hub.git" main
	c=$(git -C office rev-parse HEAD)
	obj="hub.git/objects/$(echo "$c" | cut -c1-2)/$(echo "$c" | cut -c3-)"
	chmod u+w "$obj"
	printf 'garbage-garbage-garbage' | dd of="$obj" bs=1 seek=12 conv=notrunc 2>/dev/null
	before=$(git -C xinyi rev-parse HEAD)
	ggw -C xinyi sync >ssh.out 2>&1
	check_eq "ssh: sync fails with status 4" "$?" 4
	check_grep "ssh: the hub is named as damaged" "中转仓库 ssh://" ssh.out
	check_grep "ssh: with the hub's own words" "is corrupt" ssh.out
	check_nogrep "ssh: not reported as a network fault" "无法连接" ssh.out
	check_eq "ssh: the ledger is as it was" "$(git -C xinyi rev-parse HEAD)" "$before"
else
	echo "ok - # SKIP ssh: $SSHD_WHY"
fi

# A full disk. A small tmpfs holds a PC's ledger (or a hub); where it
# cannot be mounted (not root, no tmpfs), these checks are skipped.
mkdir -p small
if ! mount -t tmpfs -o size=1m tmpfs "$T/small" 2>mount.err; then
	echo "ok - # SKIP full disk: cannot mount a tmpfs ($(head -c 100 mount.err))"
	exit "$TESTS_FAILED"
fi
at_exit "umount '$T/small' 2>/dev/null"
ggw hub init "$T/hub3.git" >/dev/null
ggw -C office remote remove hub >/dev/null
ggw -C office remote add hub "$T/hub3.git" >/dev/null
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/hub3.git" small/pc dongshan
git -C small/pc remote remove origin
ggw -C small/pc remote add hub "$T/hub3.git" >/dev/null
# Eight records of random text (incompressible), about 1.6 MB in all,
# each under the record size limit (256 KiB) that sync enforces.
for i in 20 21 22 23 24 25 26 27; do
	id=$(act_id office "$i")
	write_act office office "$id" "大记录 $i" "$(head -c 150000 /dev/urandom | base64 -w0)"
	commit_pc office office add "$(act_path office "$id")" "新增活动：大记录 $i"
done
ggw -C office sync >/dev/null 2>&1
before=$(git -C small/pc rev-parse HEAD)
ggw -C small/pc sync >full.out 2>&1
rc=$?
check "full disk while fetching: sync fails" test "$rc" -ne 0
check_grep "full disk while fetching: says the disk is full" "磁盘已满：$T/small/pc/.git/ 所在的磁盘没有空间了" full.out
check_nogrep "full disk while fetching: not reported as a network fault" "无法连接" full.out
check_eq "full disk while fetching: the ledger is as it was" "$(git -C small/pc rev-parse HEAD)" "$before"
check "full disk while fetching: the ledger is sound" git -C small/pc fsck --no-progress
mount -o remount,size=16m "$T/small"
check "with room again, the next sync completes" ggw -C small/pc sync
check_eq "and has the office's tree" "$(tree_of small/pc)" "$(tree_of office)"

# A hub on a full stick: the push says so and the hub keeps its main.
rm -rf small/pc
mount -o remount,size=1m "$T/small"
ggw hub init "$T/small/hub.git" >/dev/null
ggw -C office remote add stick "$T/small/hub.git" >/dev/null
ggw -C office sync stick >stick.out 2>&1
check "full hub while pushing: sync fails" test "$?" -ne 0
check_grep "full hub while pushing: says the disk is full" "磁盘已满：$T/small/hub.git" stick.out
check_nogrep "full hub while pushing: not reported as a network fault" "无法连接" stick.out
check_fails "full hub while pushing: the hub's main did not move (still unborn)" 1 \
	git -C small/hub.git rev-parse --verify -q refs/heads/main
check "full hub while pushing: the hub is sound" git -C small/hub.git fsck --no-progress
exit "$TESTS_FAILED"
