#!/bin/sh
# 签名钥匙 (K on the sync screen): after a sync the office sees a new PC's registration request
# with its unit, phone code and fingerprint, and registers it with Enter
# after a question that shows the code to compare; as `ggw key accept`.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"
. "$GGW_SRC/tests/integration/sync_lib.inc"

"$GGW_BIN" init office --street 新义街道关工委 --unit office >/dev/null
setup_pc office office
"$GGW_BIN" -C office unit add xinyi 新义村关工委 --kind village >/dev/null
"$GGW_BIN" -C office key add office "$("$GGW_BIN" -C office key show --line)" --note 办公室 >/dev/null
"$GGW_BIN" hub init "$T/usb.git" >/dev/null
"$GGW_BIN" -C office remote add usb "$T/usb.git" >/dev/null
"$GGW_BIN" -C office sync >/dev/null 2>&1
"$GGW_BIN" clone "$T/usb.git" xinyi --unit xinyi >/dev/null 2>&1
setup_pc xinyi xinyi
"$GGW_BIN" -C xinyi key request --note 王秀英的电脑 >/dev/null
"$GGW_BIN" -C xinyi sync >/dev/null 2>&1
"$GGW_BIN" -C office sync >/dev/null 2>&1
CODE=$("$GGW_BIN" -C xinyi key show | sed -n 's/^电话核对码：//p')
FP=$("$GGW_BIN" -C xinyi key show | sed -n 's/^指纹：//p')
before=$(git -C office rev-parse HEAD)

tui_start 120 24 "$T/office"
wait_for "活动台账"
keys y
wait_for "同步完成"
keys K
wait_for "签名钥匙"
check "the waiting request is listed" wait_for "等待登记"
check "with the phone code" screen_has "$CODE"
check "and the note" screen_has "王秀英的电脑"
check "the office's own key is listed as valid" screen_has "有效"
check "the office is told to keep a spare key" screen_has "备用钥匙"
keys Enter
wait_for "逐位对照"
check "the question shows the code to compare" screen_has "$CODE"
keys n
wait_gone "逐位对照"
check_eq "no: nothing registered" "$(git -C office rev-parse HEAD)" "$before"
keys Enter
wait_for "逐位对照"
keys y
check "the status line says it is registered" wait_for "已登记"
check "no request waits any more" wait_for "等待登记 0 份"
check_grep "the key is in the registry" "$(echo "$FP" | cut -c8-20)" \
	"$(for l in $(git -C office show HEAD:keys/allowed_signers | awk '{print $4}'); do ssh-keygen -lf /dev/stdin <<EOK
ssh-ed25519 $l
EOK
done >"$T/fps"; echo "$T/fps")"
keys Escape
wait_for "同步完成"
keys Escape
wait_for "活动台账"
keys q
check_eq "ggw ends normally" "$(tui_wait_exit)" 0
exit 0
