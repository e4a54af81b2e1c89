#!/bin/sh
# Thirteen ledgers (the street office and eleven units) and two hubs: a USB
# stick (a bare repository on a local path, later owned by another user as
# a stick formatted elsewhere would be) carried from unit to unit, and the
# office hub served by git daemon (and by sshd where it can run). Syncs in
# several orders; after two full rounds every copy holds the same tree.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

mkdir -p hubs
new_office office
check "hub init makes the USB hub" ggw hub init "$T/usb.git"
check "hub init makes the office hub" ggw hub init "$T/hubs/office.git"
check_eq "the hub is bare" "$(git -C usb.git rev-parse --is-bare-repository)" true
check_fails "hub init refuses a folder with files" 1 ggw hub init "$T/office"
start_daemon "$T/hubs"
HUB_URL="git://127.0.0.1:$DAEMON_PORT/office.git"
# The same hub over SSH for some units, where sshd can run.
if start_sshd; then
	ssh-keyscan -t ed25519 -p "$SSH_PORT" 127.0.0.1 >>"$HOME/.ssh/known_hosts" 2>/dev/null
	SSH_URL="ssh://$(id -un)@127.0.0.1:$SSH_PORT$T/hubs/office.git"
else
	echo "ok - # SKIP the ssh:// hub: $SSHD_WHY"
	SSH_URL=$HUB_URL
fi

check "remote add (local path)" ggw -C office remote add usb "$T/usb.git"
check "remote add (git://)" ggw -C office remote add hub "$HUB_URL"
ggw -C office remote list >list.out 2>&1
check_grep "remote list shows the USB hub" "$T/usb.git" list.out
check_grep "remote list shows the git:// hub" "$HUB_URL" list.out
check_fails "remote add refuses a duplicate name" 1 ggw -C office remote add usb "$T/usb.git"
check_fails "remote add refuses a bad name" 2 ggw -C office remote add 'a/b' "$T/usb.git"
check_fails "remote add refuses a missing path" 1 ggw -C office remote add nope "$T/nowhere.git"
check "first sync of the office fills both hubs" ggw -C office sync
check_eq "USB hub has the office's main" "$(git -C usb.git rev-parse main)" "$(git -C office rev-parse HEAD)"
check_eq "office hub has the office's main" "$(git -C hubs/office.git rev-parse main)" "$(git -C office rev-parse HEAD)"

# Every unit starts from the USB stick, records a few activities, and knows
# both hubs.
n=0
for u in $UNITS; do
	n=$((n + 1))
	clone_pc "$T/usb.git" "$u" "$u"
	git -C "$u" remote remove origin
	ggw -C "$u" remote add usb "$T/usb.git" >/dev/null
	# every third unit reaches the office hub over SSH
	if [ $((n % 3)) -eq 0 ]; then url=$SSH_URL; else url=$HUB_URL; fi
	ggw -C "$u" remote add hub "$url" >/dev/null
	add_act "$u" "$u" 1
	add_act "$u" "$u" 2
done
add_act office office 1
if [ "$SSH_URL" != "$HUB_URL" ]; then
	nssh=0
	for u in $UNITS; do
		case "$(git -C "$u" config remote.hub.url)" in ssh://*) nssh=$((nssh + 1)) ;; esac
	done
	check_eq "three units reach the hub over ssh://" "$nssh" 3
fi

# Round 1: the stick travels unit by unit; odd units also reach the hub.
fails=0
n=0
for u in $UNITS; do
	n=$((n + 1))
	ggw -C "$u" sync usb >"$u.sync1" 2>&1 || fails=$((fails + 1))
	if [ $((n % 2)) -eq 1 ]; then
		ggw -C "$u" sync hub >>"$u.sync1" 2>&1 || fails=$((fails + 1))
	fi
done
check_eq "round 1: every sync succeeded" "$fails" 0
check "office syncs both hubs after round 1" ggw -C office sync

# Between rounds the stick is reformatted on another PC: another owner.
chown -R 4321:4321 usb.git
check "a stick owned by another user still syncs" ggw -C xinyi sync usb

# Round 2, reverse order, hub first then the stick.
fails=0
for u in $(echo $UNITS | tr ' ' '\n' | sort -r); do
	ggw -C "$u" sync hub usb >"$u.sync2" 2>&1 || { fails=$((fails + 1)); sed 's/^/# /' "$u.sync2"; }
done
check_eq "round 2: every sync succeeded" "$fails" 0
check "office's last sync" ggw -C office sync

want=$(tree_of office)
same=0
for u in $UNITS; do
	[ "$(tree_of "$u")" = "$want" ] && same=$((same + 1))
done
check_eq "all eleven units hold the office's tree" "$same" 11
check_eq "the USB hub holds it" "$(git -c safe.directory='*' -C usb.git rev-parse 'main^{tree}')" "$want"
check_eq "the office hub holds it" "$(git -C hubs/office.git rev-parse 'main^{tree}')" "$want"
count=$(git -C office ls-tree -r --name-only HEAD activities | wc -l)
check_eq "every activity arrived (11 units x 2 + 1)" "$count" 23
bad=0
for d in office $UNITS usb.git hubs/office.git; do
	git -c safe.directory='*' -C "$d" fsck --no-progress >/dev/null 2>&1 || bad=$((bad + 1))
done
check_eq "git fsck is clean everywhere" "$bad" 0
merges=$(git -C office log --format=%B --merges | grep -c '^同步合并：')
check "merge commits carry the spec's message" test "$merges" -ge 1
check_grep "a merge commit names its unit" "Ggw-Action: merge" "$(git -C office log --merges -1 --format=%B >m.out; echo m.out)"

# A non-bare peer is fetched from but never pushed to.
check "remote add (a peer's ledger)" ggw -C xinyi remote add peer "$T/dongshan"
add_act dongshan dongshan 3
before=$(git -C dongshan rev-parse HEAD)
ggw -C xinyi sync peer >peer.out 2>&1
check_eq "sync with a peer exits 0" "$?" 0
check_grep "the peer is fetch-only, said once" "只取不推" peer.out
check_eq "the peer's ledger is untouched" "$(git -C dongshan rev-parse HEAD)" "$before"
check "the peer's new record arrived" test -f "xinyi/$(act_path dongshan "$(act_id dongshan 3)")"

# status: unit, per remote what is unsent and when it last synced.
add_act xinyi xinyi 9
ggw -C xinyi status >status.out 2>&1
check_grep "status names the unit" "xinyi" status.out
check_grep "status counts unsent commits for the hub" "同步对象 hub" status.out
check_grep "status shows a last sync time" "上次同步：20" status.out
check "remote remove" ggw -C xinyi remote remove peer
ggw -C xinyi remote list >list2.out 2>&1
check_nogrep "removed remote is gone" "peer" list2.out
exit 0
