#!/bin/sh
# Sync over SSH with a real sshd on 127.0.0.1: an unknown host key is
# refused with its fingerprint and the command that trusts it; after that
# command, ed25519 and ECDSA user keys work; no usable key fails fast.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"
. "$GGW_SRC/tests/integration/evidence_net.inc"

if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null; then
	echo "ok - # SKIP sshd or ssh-keygen not installed"
	exit 0
fi
mkdir -p ssh "$HOME/.ssh" hubs
chmod 700 "$HOME/.ssh"
[ -d /run/sshd ] || mkdir -p /run/sshd 2>/dev/null
ssh-keygen -q -t ed25519 -N '' -f ssh/host_ed25519
ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519"
cp "$HOME/.ssh/id_ed25519.pub" ssh/authorized_keys
SSH_PORT=$(free_port)
cat >ssh/sshd_config <<EOF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $T/ssh/host_ed25519
AuthorizedKeysFile $T/ssh/authorized_keys
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
UsePAM no
PidFile $T/ssh/sshd.pid
EOF
/usr/sbin/sshd -D -f "$T/ssh/sshd_config" -E "$T/ssh/sshd.log" &
SSHD_PID=$!
at_exit "kill $SSHD_PID 2>/dev/null"
if ! wait_port "$SSH_PORT"; then
	echo "ok - # SKIP sshd could not be started here: $(head -c 200 ssh/sshd.log)"
	exit 0
fi
unset SSH_AUTH_SOCK

new_office office
ggw hub init "$T/hubs/office.git" >/dev/null
URL="ssh://$(id -un)@127.0.0.1:$SSH_PORT$T/hubs/office.git"
check "remote add ssh://" ggw -C office remote add hub "$URL"
git -C office config ggw.timeout 15
add_act office office 1
ggw -C office sync >unknown.out 2>&1
check_eq "an unknown host key is refused (exit 1)" "$?" 1
FP=$(ssh-keygen -lf ssh/host_ed25519.pub | awk '{print $2}')
check_grep "the refusal shows the host key's fingerprint" "$FP" unknown.out
check_grep "and the command that trusts it" "ssh-keyscan -t ed25519 -p $SSH_PORT 127.0.0.1 >> ~/.ssh/known_hosts" unknown.out
check_eq "nothing was pushed" "$(git -C hubs/office.git rev-parse --verify -q main)" ""
sed 's/^/# /' unknown.out

ssh-keyscan -t ed25519 -p "$SSH_PORT" 127.0.0.1 >>"$HOME/.ssh/known_hosts" 2>/dev/null
check "after trusting the host, sync works (ed25519 key)" ggw -C office sync
check_eq "the hub has the office's main" "$(git -C hubs/office.git rev-parse main)" "$(git -C office rev-parse HEAD)"

clone_pc "$T/hubs/office.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add hub "$URL" >/dev/null
add_act xinyi xinyi 1
add_act office office 2
check "a unit syncs over ssh" ggw -C xinyi sync
check "the office syncs over ssh" ggw -C office sync
check "the unit again" ggw -C xinyi sync
check_eq "both hold the same tree" "$(tree_of office)" "$(tree_of xinyi)"
evidence_over ssh xinyi office

# ECDSA user key
mv "$HOME/.ssh/id_ed25519" "$HOME/.ssh/id_ed25519.off"
mv "$HOME/.ssh/id_ed25519.pub" "$HOME/.ssh/id_ed25519.pub.off"
ssh-keygen -q -t ecdsa -N '' -f "$HOME/.ssh/id_ecdsa"
cat "$HOME/.ssh/id_ecdsa.pub" >>ssh/authorized_keys
add_act xinyi xinyi 2
check "an ECDSA key works too" ggw -C xinyi sync

# No usable key: bounded retries, a clear refusal, no hang.
mv "$HOME/.ssh/id_ecdsa" "$HOME/.ssh/id_ecdsa.off"
add_act xinyi xinyi 3
ggw -C xinyi sync >nokey.out 2>&1
check_eq "no usable key: refused (exit 1)" "$?" 1
check_grep "with a reason naming the keys tried" "id_ed25519" nokey.out
sed 's/^/# /' nokey.out

# A changed host key is refused as well.
kill "$SSHD_PID"; wait "$SSHD_PID" 2>/dev/null
rm -f ssh/host_ed25519 ssh/host_ed25519.pub
ssh-keygen -q -t ed25519 -N '' -f ssh/host_ed25519
mv "$HOME/.ssh/id_ecdsa.off" "$HOME/.ssh/id_ecdsa"
/usr/sbin/sshd -D -f "$T/ssh/sshd_config" -E "$T/ssh/sshd.log" &
SSHD_PID=$!
at_exit "kill $SSHD_PID 2>/dev/null"
wait_port "$SSH_PORT"
ggw -C xinyi sync >changed.out 2>&1
check_eq "a changed host key is refused" "$?" 1
check_grep "with the new fingerprint" "$(ssh-keygen -lf ssh/host_ed25519.pub | awk '{print $2}')" changed.out
exit 0
