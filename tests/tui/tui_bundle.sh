#!/bin/sh
# The sync screen offers the ledger as one file (issue 16 item 5): o takes
# in a file another PC made (path asked, size shown, then merged like any
# remote, a reply offered), w writes this PC's ledger as a file (path
# suggested, size shown); plain git accepts what it wrote. A file carrying
# a photo brings the photo too: the same bytes come out here.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

fixture A
git clone -q A B
(cd B && git config ggw.unit xinyi && "$GGW_BIN" add --set unit=xinyi --set title=微信发来的活动 \
	--set date=2024-05-01 --set category=law --set form=other --set youth_count=3 >/dev/null &&
 "$GGW_BIN" bundle create "$HOME/b.bundle" >/dev/null)
cd A || exit 1

tui_start 80 24 "$PWD"
wait_for "F5同步"
keys F5
wait_for "还没有同步对象"
check "the sync screen offers the file keys" screen_has "w写成文件"
check "and says what they are for" screen_has "用微信、QQ 发给对方"
keys o
wait_for "收下台账文件"
type_text "b.bundle"
keys Enter
wait_for "要写一个回复文件"
check "the file's path is shown" screen_has "b.bundle"
check "with what came in" screen_has "收到 1 个提交"
keys n
wait_gone "要写一个回复文件"
check "the record arrived" sh -c "'$GGW_BIN' list --grep 微信发来的活动 --count | grep -qx 1"
keys w
wait_for "把本机台账写成文件"
check "a path is suggested" screen_has "ggw-"
keys Enter
wait_for "已写成文件"
check "the size is shown" screen_has "KiB"
screen | sed 's/^/# /' | grep 已写成文件
f=$(ls "$HOME"/ggw-*-2*.bundle 2>/dev/null | head -n1)
check "the file is there" test -s "$f"
check "git bundle verify accepts it" git bundle verify "$f"

# B attaches a phone photo and sends a file: o takes the photo in too.
ID=$(cd ../B && "$GGW_BIN" list --grep 微信发来的活动 --format ids | head -n1)
"$GGW_BUILD/image_tool" gen 1200 900 "$T/phone.jpg" 90 6
(cd ../B && "$GGW_BIN" attach "$ID" "$T/phone.jpg" --caption 活动现场 >/dev/null 2>&1 &&
 "$GGW_BIN" bundle create "$HOME/b2.bundle" >/dev/null)
keys o
wait_for "收下台账文件"
type_text "b2.bundle"
keys Enter
wait_for "要写一个回复文件"
check "the file with a photo is taken in" screen_has "b2.bundle"
keys n
wait_gone "要写一个回复文件"
check_eq "its evidence store came with it" "$(git rev-parse refs/ggw/evidence/xinyi 2>/dev/null)" \
	"$(git -C ../B rev-parse refs/ggw/evidence/xinyi)"
"$GGW_BIN" evidence export "$ID" "$T/out-a" >/dev/null 2>&1
(cd ../B && "$GGW_BIN" evidence export "$ID" "$T/out-b" >/dev/null 2>&1)
check "the photo comes out here as on B" diff -r "$T/out-a" "$T/out-b"
check "(one file)" test "$(ls "$T/out-a" | wc -l)" -eq 1
keys Escape
wait_for "F5同步"
keys q
tui_wait_exit
exit 0
