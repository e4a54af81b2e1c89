#!/bin/sh
# The sync screen against a local hub (a bare repository, as on a USB stick)
# and an unreachable one, then the conflicts screen settling the conflict
# the sync produced.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

"$GGW_BIN" hub init "$T/hub.git" >/dev/null
fixture A
(cd A && "$GGW_BIN" remote add hub "$T/hub.git" >/dev/null)
id=$(cd A && "$GGW_BIN" add --set unit=xinyi --set title=原标题 --set date=2024-05-01 \
	--set category=law --set form=other --set youth_count=3)
(cd A && "$GGW_BIN" sync >/dev/null)
"$GGW_BIN" clone "$T/hub.git" B --unit xinyi >/dev/null
# both sides change the same field differently. The later commit's value
# stays (model/merge.c; a tie falls to the commit ids, which differ every
# run): make B's edit the later one by waiting for the clock's next second.
(cd A && "$GGW_BIN" edit "$id" --set title=办公室改的标题 >/dev/null && "$GGW_BIN" sync >/dev/null)
t0=$(date +%s); i=0
while [ "$(date +%s)" = "$t0" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
(cd B && "$GGW_BIN" edit "$id" --set title=新义村改的标题 >/dev/null)
cd B || exit 1
if "$GGW_BIN" remote add usb "$T/no-such-stick.git" >/dev/null 2>&1; then have_usb=1; else have_usb=0; fi
before=$(git rev-list --count HEAD)

tui_start 80 24 "$PWD"
wait_for "F5同步"
keys F5
wait_for "同步完成"
check "sync screen reports the conflict" screen_has "处冲突"
check "sync screen shows the merge" screen_has "收到 1 个提交"
if [ "$have_usb" = 1 ]; then
	check "unreachable hub skipped, not fatal" screen_has "连不上，已跳过"
fi
expect_screen sync-done
check "merge committed" test "$(git rev-list --count HEAD)" -gt "$before"
check_eq "one record with conflicts" "$("$GGW_BIN" list --conflicts --count)" "1"

# from the sync screen straight to the conflicts
keys c
wait_for "处理冲突"
check "both values side by side" sh -c "$(command -v tmux) -S '$TM_SOCK' capture-pane -p | grep -q '新义村改的标题.*办公室改的标题'"
expect_screen conflicts
keys t
wait_for "已保存：标题"
check_eq "no conflicts left" "$("$GGW_BIN" list --conflicts --count)" "0"
f=$(git log -1 --format= --name-only)
check_grep "their value taken" "title: 办公室改的标题" "$f"
check_nogrep "conflicts: removed from the record" "conflicts:" "$f"
check_eq "work tree clean" "$(git status --porcelain)" ""
git log -1 --format=%B >"$T/resolve.msg"
check_grep "settling is its own action in the history" "Ggw-Action: resolve" "$T/resolve.msg"
check "all settled: the screen says so" screen_has "冲突都已处理。按 Esc 返回。"
keys Escape
wait_for "F5同步"

# no conflicts left: 'c' says so on the list and on a record
keys c
wait_for "没有冲突需要处理"
check "no empty conflicts screen" screen_lacks "处理冲突"
keys Enter
wait_for "活动内容"
keys c
wait_for "这条记录没有冲突"
keys Escape
wait_for "F5同步"

# a remote that accepts the connection and then says nothing: Esc cancels,
# the screen never freezes, the ledger is left as it was
if command -v perl >/dev/null 2>&1 && perl -MIO::Socket::INET -e 1 2>/dev/null; then
	cat >"$T/stall.pl" <<'PL'
use IO::Socket::INET;
my $s = IO::Socket::INET->new(Listen => 5, LocalAddr => '127.0.0.1', LocalPort => 0,
	Proto => 'tcp', ReuseAddr => 1) or die "listen: $!";
open(my $f, '>', $ARGV[0]) or die; print $f $s->sockport(), "\n"; close $f;
my @keep; while (my $c = $s->accept()) { push @keep, $c; }
PL
	perl "$T/stall.pl" "$T/port" &
	stall_pid=$!
	at_exit "kill $stall_pid 2>/dev/null"
	i=0; while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
	"$GGW_BIN" remote add stall "git://127.0.0.1:$(cat "$T/port")/ledger.git" >/dev/null
	head=$(git rev-parse HEAD)
	keys F5
	wait_for "正在连接…"
	check "sync screen stays live while a remote stalls" screen_has "Esc 取消"
	keys Escape
	wait_for "已取消，台账保持原样"
	check_eq "cancelled sync leaves HEAD as it was" "$(git rev-parse HEAD)" "$head"
	check_eq "cancelled sync leaves the work tree clean" "$(git status --porcelain)" ""
	keys Escape
	wait_for "F5同步"
else
	echo "ok - SKIP perl with IO::Socket::INET missing: no stalled-remote test"
fi
keys q
check_eq "quits with status 0" "$(tui_wait_exit)" "0"

# a first-time user with no remote: the sync screen says how to add one
cd "$T" || exit 1
fixture fresh
tui_start 80 24 "$T/fresh"
wait_for "F5同步"
keys F5
wait_for "还没有同步对象"
check "no remote: how to make a hub" screen_has "ggw hub init /media/U盘/ggw-hub"
check "no remote: how to add it" screen_has "ggw remote add upan /media/U盘/ggw-hub"
expect_screen sync-no-remote
keys c
wait_for "没有冲突需要处理"
check "conflicts from the sync screen: none, and it says so" screen_has "F5同步"
keys q
check_eq "fresh ledger quits with status 0" "$(tui_wait_exit)" "0"

[ "$TESTS_FAILED" -eq 0 ]
