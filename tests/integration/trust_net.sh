#!/bin/sh
# Registration requests through a network hub (issue 10 item 2): a new PC
# cloned over git:// asks to be registered; its request goes to the hub
# with its next sync while its commits stay local; the office's sync takes
# the request in, the office registers it, and the PC's held work then
# reaches the office.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

UNITS="xinyi"
mkdir -p hubs
start_daemon "$T/hubs"
URL="git://127.0.0.1:$DAEMON_PORT/hub.git"
new_office office
ggw hub init "$T/hubs/hub.git" >/dev/null
check "the office registers its own key (the trust start)" \
	ggw -C office key add office "$(ggw -C office key show --line)" --note 街道办公室
check "the office's remote is the git:// hub" ggw -C office remote add hub "$URL"
check "the office syncs through it" ggw -C office sync

check "xinyi clones over git://" ggw clone "$URL" xinyi --unit xinyi
check_grep "the clone writes its request" "已写好登记申请" "$T/.out"
setup_pc xinyi xinyi
ggw_act xinyi "登记前的活动"
HELD=$(git -C xinyi rev-parse HEAD)
ggw -C xinyi sync >s1.out 2>&1
check_eq "xinyi's sync is not an error" "$?" 0
check_grep "its commits stay local" "本机的新提交没有发送出去，留在本机" s1.out
REQ=$(git -C xinyi config ggw.keyrequest)
check "the request went to the network hub" git -C "$T/hubs/hub.git" rev-parse -q --verify "$REQ"
check "the held commit did not" sh -c "! git -C '$T/hubs/hub.git' merge-base --is-ancestor $HELD main"

check "the office syncs" ggw -C office sync
ggw -C office key list >list.out 2>&1
XFP=$(ggw -C xinyi key show | sed -n 's/^指纹：//p')
check_grep "the office lists xinyi's request" "$XFP" list.out
check "the office registers it" ggw -C office key accept "$XFP"
check "the office syncs the registration" ggw -C office sync
check "xinyi syncs: the registration comes in" ggw -C xinyi sync
check_grep "the commit made before the registration is to be re-signed" "ggw key resign" "$T/.out"
check "ggw key resign re-signs it" ggw -C xinyi key resign
check "xinyi's work goes out now" ggw -C xinyi sync
check_nogrep "nothing held any more" "留在本机" "$T/.out"
check "the office syncs again" ggw -C office sync
ggw -C office list >l.out 2>&1
check_grep "the office has xinyi's activity" "登记前的活动" l.out
check "ggw check passes at the office" ggw -C office check
# A unit never takes other PCs' requests from a network hub (one transfer
# fewer on every sync); the office's own PC has none to send.
check_eq "xinyi holds no requests but its own" \
	"$(git -C xinyi for-each-ref --format='%(refname)' refs/ggw/keyreq/ | grep -vc "$REQ")" 0
exit 0
