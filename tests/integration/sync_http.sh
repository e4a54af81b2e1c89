#!/bin/sh
# Sync over http:// with the real git http-backend (behind a small Python
# server on 127.0.0.1, sync_httpd.py): fetch and push both work, and a stalled HTTP
# server is stopped by the watchdog.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"
. "$GGW_SRC/tests/integration/evidence_net.inc"

if [ ! -x "$(git --exec-path)/git-http-backend" ]; then
	echo "ok - # SKIP git-http-backend missing"
	exit 0
fi
mkdir hubs
HTTP_PORT=$(free_port)
python3 "$GGW_SRC/tests/integration/sync_httpd.py" "$HTTP_PORT" "$T/hubs" 2>"$T/http.log" &
HTTP_PID=$!
at_exit "kill $HTTP_PID 2>/dev/null"
wait_port "$HTTP_PORT"

new_office office
ggw hub init "$T/hubs/office.git" >/dev/null
git -C hubs/office.git config http.receivepack true
URL="http://127.0.0.1:$HTTP_PORT/office.git"
check "remote add http://" ggw -C office remote add hub "$URL"
add_act office office 1
check "the office pushes over http" ggw -C office sync
check_eq "the hub has it" "$(git -C hubs/office.git rev-parse main)" "$(git -C office rev-parse HEAD)"
clone_pc "$T/hubs/office.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add hub "$URL" >/dev/null
add_act xinyi xinyi 1
add_act office office 2
check "a unit syncs over http" ggw -C xinyi sync
check "the office again" ggw -C office sync
check "the unit again" ggw -C xinyi sync
check_eq "both hold the same tree" "$(tree_of office)" "$(tree_of xinyi)"
evidence_over http xinyi office

# A server that accepts the connection and never answers.
STALL_PORT=$(free_port)
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(4)
conns = []
while True:
    c, _ = s.accept(); conns.append(c)
' "$STALL_PORT" &
STALL_PID=$!
at_exit "kill $STALL_PID 2>/dev/null"
wait_port "$STALL_PORT"
ggw -C xinyi remote add dead "http://127.0.0.1:$STALL_PORT/office.git" >/dev/null
git -C xinyi config ggw.timeout 2
ggw -C xinyi sync dead >dead.out 2>&1
check_eq "a silent http server: the watchdog stops it (exit 3)" "$?" 3
check_grep "and says so" "连接 dead 超时，已停止" dead.out
exit 0
