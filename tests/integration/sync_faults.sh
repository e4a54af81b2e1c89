#!/bin/sh
# Intermittent networks and crashes: a proxy cuts the connection to git
# daemon after N bytes or stalls it (the watchdog fires), sync is killed
# with SIGKILL at random moments, a remote is unreachable, a power cut
# left an empty object file. Each time the ledger stays as it was and the
# next sync completes.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

mkdir hubs
new_office office
ggw hub init "$T/hubs/office.git" >/dev/null
start_daemon "$T/hubs"
PROXY_PORT=$(free_port)
echo pass >proxy.conf
python3 "$GGW_SRC/tests/integration/sync_proxy.py" "$PROXY_PORT" "$DAEMON_PORT" "$T/proxy.conf" &
PROXY_PID=$!
at_exit "kill $PROXY_PID 2>/dev/null"
wait_port "$PROXY_PORT"

ggw -C office remote add hub "git://127.0.0.1:$PROXY_PORT/office.git" >/dev/null
for i in 1 2 3 4 5 6; do add_act office office "$i"; done
check "office fills the hub through the proxy" ggw -C office sync
clone_pc "git://127.0.0.1:$DAEMON_PORT/office.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add hub "git://127.0.0.1:$PROXY_PORT/office.git" >/dev/null
git -C xinyi config ggw.timeout 2
for i in 7 8 9 10 11 12 13 14; do add_act office office "$i" "第$i次 $(head -c 3000 /dev/urandom | base64 -w0)"; done
ggw -C office sync >/dev/null 2>&1

# Cut after N bytes, for several N: each sync fails cleanly (exit 3), the
# ledger does not change, and the next sync completes.
ledger_state() { echo "$(git -C xinyi rev-parse HEAD) $(git -C xinyi status --porcelain | wc -l)"; }
bad=0
for n in 0 1 4 50 200 1000 5000 12000 30000; do
	before=$(ledger_state)
	echo "cut $n" >proxy.conf
	ggw -C xinyi sync >cut.out 2>&1
	rc=$?
	if [ "$rc" -ne 3 ] && [ "$rc" -ne 0 ]; then bad=$((bad + 1)); echo "# cut $n: exit $rc"; sed 's/^/#   /' cut.out; fi
	if [ "$rc" -eq 3 ] && [ "$(ledger_state)" != "$before" ]; then bad=$((bad + 1)); echo "# cut $n: ledger changed"; fi
	[ "$rc" -eq 0 ] && git -C xinyi reset -q --hard "$before" 2>/dev/null
done
check_eq "a connection cut at any byte leaves the ledger as it was" "$bad" 0

# Cut while pushing: the hub keeps its old main or gets the new one whole.
echo pass >proxy.conf
ggw -C xinyi sync >/dev/null 2>&1
add_act xinyi xinyi 60 "推送中断测试 $(head -c 6000 /dev/urandom | base64 -w0)"
mine=$(git -C xinyi rev-parse HEAD)
hub_old=$(git -C hubs/office.git rev-parse main)
bad=0
for n in 0 100 300 600 1000 2000; do
	echo "cut $n" >proxy.conf
	ggw -C xinyi sync >pcut.out 2>&1
	rc=$?
	h=$(git -C hubs/office.git rev-parse main)
	if [ "$h" != "$hub_old" ] && [ "$h" != "$mine" ]; then bad=$((bad + 1)); echo "# cut $n: hub main is $h"; fi
	[ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || { bad=$((bad + 1)); echo "# cut $n: exit $rc"; sed 's/^/#   /' pcut.out; }
	[ "$(git -C xinyi rev-parse HEAD)" = "$mine" ] || { bad=$((bad + 1)); echo "# cut $n: xinyi's main moved"; }
done
check_eq "a push cut at any byte leaves the hub whole and the ledger as it was" "$bad" 0
check "the hub is sound" git -C hubs/office.git fsck --no-progress
echo pass >proxy.conf
check "the next sync pushes" ggw -C xinyi sync
check_eq "and the hub has xinyi's main" "$(git -C hubs/office.git rev-parse main)" "$(git -C xinyi rev-parse HEAD)"
ggw -C office sync >/dev/null 2>&1

echo "stall 300" >proxy.conf
before=$(ledger_state)
ggw -C xinyi sync >stall.out 2>&1
check_eq "a stalled peer: the watchdog stops it (exit 3)" "$?" 3
check_grep "and says so" "连接 hub 超时，已停止" stall.out
check_eq "the ledger is unchanged after the stall" "$(ledger_state)" "$before"
echo pass >proxy.conf
check "the next sync completes" ggw -C xinyi sync
check_eq "and xinyi now has the office's tree" "$(tree_of xinyi)" "$(tree_of office)"
check "no temporary pack is left behind" test -z "$(ls xinyi/.git/objects/pack | grep -v '\.\(pack\|idx\|rev\)$')"

# kill -9 during sync, in a loop, on both sides of the transfer.
lost=0
for i in 1 2 3 4 5 6 7 8; do
	ggw_act xinyi "杀进程$i-新义"
	ggw_act office "杀进程$i-办公室"
	ggw -C office sync >/dev/null 2>&1
	"$GGW_BIN" -C xinyi sync >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$((i * 7 % 10))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
ggw -C xinyi sync >k.out 2>&1 || { lost=$((lost + 1)); sed 's/^/# /' k.out; }
ggw -C office sync >k2.out 2>&1 || { lost=$((lost + 1)); sed 's/^/# /' k2.out; }
ggw -C xinyi sync >k3.out 2>&1 || { lost=$((lost + 1)); sed 's/^/# /' k3.out; }
check_eq "after kill -9 in a loop the next syncs complete" "$lost" 0
have=$(git -C xinyi ls-tree -r --name-only HEAD activities | wc -l)
check_eq "nothing was lost (14 + 8 office, 9 xinyi)" "$have" 31
check_eq "both ends agree" "$(tree_of xinyi)" "$(tree_of office)"
check "git fsck is clean after the kills" git -C xinyi fsck --no-progress
check_eq "the work tree matches HEAD" "$(git -C xinyi status --porcelain)" ""

# Two PCs syncing with the same USB hub at once, both killed at random
# moments: the hub and both ledgers stay sound and converge.
ggw hub init "$T/kill.git" >/dev/null
ggw -C office remote add kill "$T/kill.git" >/dev/null
ggw -C xinyi remote add kill "$T/kill.git" >/dev/null
ggw -C office sync kill >/dev/null 2>&1
for i in 1 2 3 4 5 6 7 8 9 10; do
	ggw_act xinyi "并发$i-新义"
	ggw_act office "并发$i-办公室"
	"$GGW_BIN" -C office sync kill >/dev/null 2>&1 &
	p1=$!
	"$GGW_BIN" -C xinyi sync kill >/dev/null 2>&1 &
	p2=$!
	sleep "0.$(( (i * 37) % 20 ))"
	kill -9 "$p1" "$p2" 2>/dev/null
	wait "$p1" "$p2" 2>/dev/null
done
lost=0
for d in office xinyi office xinyi; do
	ggw -C "$d" sync kill >kk.out 2>&1 || { lost=$((lost + 1)); sed 's/^/# /' kk.out; }
done
check_eq "after concurrent kills both PCs sync with the hub again" "$lost" 0
check_eq "both PCs converge" "$(tree_of xinyi)" "$(tree_of office)"
have=$(git -C office grep -l "title: 并发" HEAD -- activities | wc -l)
check_eq "all twenty records made during the kills are there" "$have" 20
check "the hub is sound" git -C kill.git fsck --no-progress
check_eq "the hub has the ledger" "$(git -C kill.git rev-parse main)" "$(git -C xinyi rev-parse HEAD)"
ggw -C office remote remove kill >/dev/null
ggw -C xinyi remote remove kill >/dev/null

# An unreachable remote is skipped with a reason; the others still sync.
CLOSED=$(free_port)
ggw -C xinyi remote add gone "git://127.0.0.1:$CLOSED/office.git" >/dev/null
ggw hub init "$T/usb.git" >/dev/null
ggw -C xinyi remote add usb "$T/usb.git" >/dev/null
add_act xinyi xinyi 30
ggw -C xinyi sync >gone.out 2>&1
check_eq "an unreachable remote makes sync exit 3" "$?" 3
check_grep "it is named with a reason" "gone：" gone.out
check_eq "the reason is one line" "$(grep -c 'gone：' gone.out)" 1
check_grep "the reason is in Chinese, with the host" "gone：连不上 127.0.0.1：" gone.out
check_nogrep "no libgit2 English" "failed to connect" gone.out
check_eq "the other remotes were still synced (hub)" "$(git -C hubs/office.git rev-parse main)" "$(git -C xinyi rev-parse HEAD)"
check_eq "the other remotes were still synced (usb)" "$(git -C usb.git rev-parse main)" "$(git -C xinyi rev-parse HEAD)"
ggw -C xinyi remote remove gone >/dev/null

# A push to the stick killed half-way left a lock file there long ago.
add_act xinyi xinyi 33
touch -d '5 minutes ago' usb.git/refs/heads/main.lock
check "a stale lock file in the hub does not block the push" ggw -C xinyi sync usb
check_eq "the stick has xinyi's main" "$(git -C usb.git rev-parse main)" "$(git -C xinyi rev-parse HEAD)"

# The hub moves between our fetch and our push (another PC pushed first):
# the push is refused, and ggw fetches, merges and pushes again.
echo pass >proxy.conf
ggw -C xinyi sync hub >/dev/null 2>&1
clone_pc "git://127.0.0.1:$DAEMON_PORT/office.git" mover office
git -C mover remote remove origin
ggw -C mover remote add direct "git://127.0.0.1:$DAEMON_PORT/office.git" >/dev/null
add_act mover office 50 "另一台电脑抢先推送"
echo "\"$GGW_BIN\" -C \"$T/mover\" sync direct" >mover.sh
echo "move $T/mover.sh" >proxy.conf
add_act xinyi xinyi 50
ggw -C xinyi sync hub >moved.out 2>&1
check_eq "a push refused because the hub moved is retried (exit 0)" "$?" 0
echo pass >proxy.conf
check_eq "the other PC's push happened in between" "$(git -C mover rev-parse HEAD)" "$(git -C mover rev-parse refs/remotes/direct/main)"
check "xinyi merged the other PC's record" test -f "xinyi/$(act_path office "$(act_id office 50)")"
check_eq "and the hub has xinyi's merge" "$(git -C hubs/office.git rev-parse main)" "$(git -C xinyi rev-parse HEAD)"

# A power cut left an empty loose object: found, removed, fetched again.
add_act xinyi xinyi 31
obj=$(git -C xinyi rev-parse "HEAD:$(act_path xinyi "$(act_id xinyi 31)")")
check "the new record reaches the stick" ggw -C xinyi sync usb
f="xinyi/.git/objects/$(echo "$obj" | cut -c1-2)/$(echo "$obj" | cut -c3-)"
: >"$f"
ggw -C xinyi sync >repair.out 2>&1
check_eq "sync repairs an empty object file from a peer" "$?" 0
check_grep "and says it did" "损坏" repair.out
check "the object reads again" git -C xinyi cat-file -e "$obj"
check "git fsck is clean after the repair" git -C xinyi fsck --no-progress

# The same over the network only (git daemon): the object comes back
# through a scratch repository.
ggw -C xinyi remote remove usb >/dev/null
add_act xinyi xinyi 32
obj=$(git -C xinyi rev-parse "HEAD:$(act_path xinyi "$(act_id xinyi 32)")")
ggw -C xinyi sync >/dev/null 2>&1
f="xinyi/.git/objects/$(echo "$obj" | cut -c1-2)/$(echo "$obj" | cut -c3-)"
: >"$f"
ggw -C xinyi sync >repair2.out 2>&1
check_eq "an empty object is fetched again over git://" "$?" 0
check "and reads again" git -C xinyi cat-file -e "$obj"
check "git fsck is clean" git -C xinyi fsck --no-progress

# A crash after main moved but before the files were updated: the next
# run finishes the checkout.
add_act office office 40
ggw -C office sync >/dev/null 2>&1
old=$(git -C xinyi rev-parse HEAD)
git -C xinyi fetch -q "git://127.0.0.1:$DAEMON_PORT/office.git" main
new=$(git -C xinyi rev-parse FETCH_HEAD)
echo "$old" >xinyi/.git/ggw/checkout-pending
git -C xinyi update-ref refs/heads/main "$new" "$old"
ggw -C xinyi status >pending.out 2>&1
check_grep "status says the last sync was interrupted" "上次同步被中断" pending.out
check "the next sync finishes it" ggw -C xinyi sync
check_eq "the files match HEAD again" "$(git -C xinyi status --porcelain)" ""
check "the marker is gone" test ! -e xinyi/.git/ggw/checkout-pending
check "the office's new record is on disk" test -f "xinyi/$(act_path office "$(act_id office 40)")"
exit 0
