#!/bin/sh
# Evidence in the interface (issue 14): on an activity's record screen, a
# adds photos through the file picker, which opens on the newest photos of
# ~/Pictures, a phone under the media folder (GGW_MEDIA_ROOT stands for
# /media here) and the folder last used; Space ticks several, Enter shows
# the sizes after shrinking, kind, caption and minors before anything is
# stored; Esc at each step stores nothing. The record lists what was
# attached; o opens one with xdg-open (a fake one here) when there is a
# display and says what to do when there is none; w withdraws one after
# asking why and confirming.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

if ! command -v cjpeg >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "ok - SKIP cjpeg (libjpeg-turbo-progs) or python3 is not installed"
	exit 0
fi

# mkjpeg W H SEED FILE: a deterministic picture (gradients and noise).
mkjpeg() {
	python3 - "$1" "$2" "$3" <<'EOF' | cjpeg -quality 92 >"$4"
import sys
w, h, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
tw, th = 200, 150
x_ = (seed * 2654435761) & 0x7fffffff
tile = []
for y in range(th):
    row = bytearray(tw * 3)
    for x in range(tw):
        x_ = (x_ * 1103515245 + 12345) & 0x7fffffff
        n = (x_ >> 16) & 63
        row[3 * x] = (x * 255 // tw + n) & 255
        row[3 * x + 1] = (y * 255 // th + seed * 40) & 255
        row[3 * x + 2] = ((x + y) * 90 // (tw + th) + n * 2) & 255
    tile.append(bytes(row))
out = sys.stdout.buffer
out.write(b"P6\n%d %d\n255\n" % (w, h))
reps = w // tw + 1
for y in range(h):
    out.write((tile[y % th] * reps)[:w * 3])
EOF
}

# The photos: two in ~/Pictures (one 2400x1800, to be shrunk), one in a
# sub-folder, one on a phone, a file with odd bytes in its name, a text
# file; dates fixed (UTC) so the order and the screens are the same.
PIC="$HOME/Pictures"
PHONE="$HOME/media/tester/PHONE/DCIM/Camera"
mkdir -p "$PIC/2025" "$PHONE" "$HOME/media/tester/KINGSTON"
mkjpeg 2400 1800 1 "$PIC/IMG_0001.jpg"
mkjpeg 800 600 2 "$PIC/2025/合影.jpg"
mkjpeg 1200 900 3 "$PHONE/IMG_20250628_093000.jpg"
ODD=$(printf 'odd\377\033name.jpg')
printf 'not a photo' >"$PIC/$ODD"
echo "notes" >"$PIC/notes.txt"
TZ=UTC touch -d "2025-06-20 10:00" "$PIC/IMG_0001.jpg"
TZ=UTC touch -d "2025-06-25 08:15" "$PIC/2025/合影.jpg"
TZ=UTC touch -d "2025-06-27 12:00" "$PIC/$ODD"
TZ=UTC touch -d "2025-06-26 07:00" "$PIC/notes.txt"
TZ=UTC touch -d "2025-06-28 09:30" "$PHONE/IMG_20250628_093000.jpg"
for d in "$PIC/2025" "$PIC" "$HOME/media/tester/PHONE/DCIM/Camera" "$HOME/media/tester/PHONE/DCIM" \
	"$HOME/media/tester/PHONE" "$HOME/media/tester/KINGSTON"; do
	TZ=UTC touch -d "2025-06-29 18:00" "$d"
done

# the desktop's own name for the pictures folder (user-dirs.dirs)
mkdir -p "$HOME/照片" "$XDG_CONFIG_HOME"
echo 'XDG_PICTURES_DIR="$HOME/照片"' >"$XDG_CONFIG_HOME/user-dirs.dirs"
TZ=UTC touch -d "2025-06-29 18:00" "$HOME/照片"

# A fake xdg-open: keeps what it was given and how it could be read.
mkdir -p "$T/bin" "$T/run"
chmod 700 "$T/run"
cat >"$T/bin/xdg-open" <<EOF
#!/bin/sh
cp "\$1" "$T/opened.copy" && stat -c %a "\$1" >"$T/opened.mode" && echo "\$1" >"$T/opened.path"
EOF
chmod +x "$T/bin/xdg-open"

fixture led
cd led || exit 1
"$GGW_BIN" config ggw.unit xinyi >/dev/null
"$GGW_BIN" config user.name 王秀英 >/dev/null
ID=$("$GGW_BIN" add --set unit=xinyi --set title=红色故事会 --set date=2025-06-01 \
	--set category=red --set form=lecture --set youth_count=8)
start=$(git rev-parse HEAD)

# nothing stored: HEAD as it was and no store ref
nothing_stored() {
	[ "$(git rev-parse HEAD)" = "$start" ] && [ -z "$(git for-each-ref refs/ggw/evidence)" ]
}

start_ui() {
	TUI_PATH="$T/bin:$PATH" tui_start 80 24 "$PWD" TZ=UTC USER=tester GGW_MEDIA_ROOT="$HOME/media" \
		XDG_RUNTIME_DIR="$T/run" "$@"
	wait_for "1/1 条"
	keys Enter
	wait_for "佐证材料"
}

start_ui DISPLAY= WAYLAND_DISPLAY=
check "the record says there is no evidence yet" screen_has "佐证材料    （没有。按 a 添加活动照片、签到表扫描件）"
check "the key bar has the new keys" screen_has "a添加照片  o看照片  w撤回照片"

# F1: the help lists them
keys F1
wait_for "帮助：记录"
check "help: a" screen_has "添加活动照片、签到表扫描件等佐证材料"
check "help: w" screen_has "撤回一份佐证材料：写明原因"
keys Escape
wait_for "佐证材料    （没有"

# a: the picker opens on the newest photos, the phone's first
keys a
wait_for "最近的照片（从新到旧）"
expect_screen evidence-picker
check "the phone is a place" screen_has "U盘/手机 PHONE"
check "a stick without photos too" screen_has "U盘/手机 KINGSTON"
check "Pictures is a place" screen_has "图片  ~/Pictures"
check "so is the folder user-dirs.dirs names" screen_has "图片  ~/照片"
check "an odd name is shown escaped" screen_has 'odd\xff\x1bname.jpg'
check "the text file is not among the photos" screen_lacks "notes.txt"
first=$(screen | grep -n '^\[ \]' | head -1 | sed 's/:.*//')
check_eq "newest first: the phone's photo on top" \
	"$(screen | sed -n "${first}p" | awk '{print $3}')" "IMG_20250628_093000.jpg"
check "with its date and time" screen_has "2025-06-28 09:30"
check "the cursor is on it: its path below" screen_has "~/media/tester/PHONE/DCIM/Camera/IMG_20250628_093000.jpg"

# F1: what the picker's keys do
keys F1
check "F1 in the picker: its help" wait_for "空格 勾选或取消"
keys Escape
wait_for "最近的照片"

# Esc: back, nothing stored
keys Escape
wait_for "佐证材料    （没有"
check "Esc in the picker stores nothing" nothing_stored

# tick two, see the sizes after shrinking; Esc goes back to the picker
# with the ticks, Esc again back to the record: nothing stored
keys a
wait_for "最近的照片"
keys Space Down Down Down Space
wait_for "已勾选 2 个文件"
check "both ticked" test "$(screen | grep -c '^\[x\]')" -eq 2
keys Enter
wait_for "存入后一共"
expect_screen evidence-confirm
check "the big photo is shrunk to 1600 px" screen_has "1600×1200"
check "the small one keeps its size" screen_has "1200×900"
keys Escape
wait_for "已勾选 2 个文件"
check "Esc in the confirmation: back to the picker, ticks kept" test "$(screen | grep -c '^\[x\]')" -eq 2
keys Escape
wait_for "佐证材料    （没有"
check "Esc, Esc stores nothing" nothing_stored

# a, tick the phone's photo and the big one, then in ~/Pictures the text
# file too: it is
# refused in Chinese, the photos are attached with a caption, minors yes
keys a
wait_for "最近的照片"
keys Space Down Down Down Space
wait_for "已勾选 2 个文件"
keys Home Down Down Down Enter   # the places: KINGSTON, PHONE, ~/照片, ~/Pictures
wait_for "..（上一级文件夹）"
check "in the folder: the text file" screen_has "notes.txt"
check "in the folder: the sub-folder" screen_has "2025/"
check "the ticked photo is ticked here too" screen_has "[x] IMG_0001.jpg"
# folders first, then files newest first: notes.txt is the second file
keys Down Space
wait_for "已勾选 3 个文件"
keys Enter
wait_for "存入后一共"
check "the text file is refused" screen_has "不能添加"
check "in Chinese" screen_has "不是照片或扫描件"
check "the others can still be attached" screen_has "另有 1 个不能添加（见上），其余照常添加"
keys Tab
type_text "活动现场"
keys Tab Space
wait_for "拍到未成年人  是"
keys F2
wait_for "佐证材料（2 份"
check "the status line says so" screen_has "已添加 2 个文件"
expect_screen evidence-record
check_eq "one commit" "$(git rev-list --count "$start"..HEAD)" 1
check_eq "the store ref" "$(git for-each-ref --format='%(refname)' refs/ggw/evidence)" "refs/ggw/evidence/xinyi"
"$GGW_BIN" evidence list "$ID" >"$T/list.txt" 2>&1
check_eq "ggw evidence list: two" "$(grep -c '照片' "$T/list.txt")" 2
check_grep "caption and minors in the record" "caption: 活动现场" "$(git ls-files "activities/*$ID.yaml")"
check_grep "minors_visible" "minors_visible: true" "$(git ls-files "activities/*$ID.yaml")"
check_eq "the folder is remembered" "$(git config ggw.evidencedir)" "$PHONE"

# o without a display: what to do instead
keys o
wait_for "没有图形界面"
check "the export command is named" screen_has "ggw evidence export $ID"

# the next picker offers the folder last used
keys a
wait_for "最近的照片"
check "the last folder is a place" screen_has "上次用的文件夹"
keys Escape
wait_for "佐证材料（2 份"
keys Escape
wait_for "1/1 条"
keys q
check_eq "ggw ends with status 0" "$(tui_wait_exit)" 0

# o with a display: the fake xdg-open gets a private copy of the bytes
start_ui DISPLAY=:99
keys o
wait_for "查看哪一份？"
keys Enter
wait_for "已交给看图程序打开第 1 份"
i=0
while [ $i -lt 200 ] && [ ! -s "$T/opened.path" ]; do i=$((i + 1)); sleep 0.05; done
check "xdg-open was run" test -s "$T/opened.path"
check_eq "the copy is private (0600)" "$(cat "$T/opened.mode" 2>/dev/null)" 600
check_grep "under XDG_RUNTIME_DIR/ggw" "$T/run/ggw/" "$T/opened.path"
first_hash=$(sed -n 's/^1\. .*  \([0-9a-f]\{64\}\)$/\1/p' "$T/list.txt")
check_eq "the bytes are the stored photo" "$(sha256sum <"$T/opened.copy" | cut -c1-64)" "$first_hash"

# w: pick the second, an empty reason is refused, n keeps everything,
# then w again with a reason and y withdraws it
before=$(git rev-parse HEAD)
keys w
wait_for "撤回哪一份？"
keys Escape
wait_gone "撤回哪一份？"
keys w
wait_for "撤回哪一份？"
keys Down Enter
wait_for "撤回原因"
keys Escape
wait_gone "撤回原因"
check_eq "Esc at the list or the reason: nothing withdrawn" "$(git rev-parse HEAD)" "$before"
keys w
wait_for "撤回哪一份？"
keys Down Enter
wait_for "撤回原因"
keys Enter
wait_for "请写明为什么撤回"
type_text "照片拍得不清楚"
keys Enter
wait_for "其他电脑和 U 盘在下次同步时也会删除它"
expect_screen evidence-withdraw
keys n
wait_gone "撤回原因"
check_eq "n: nothing withdrawn" "$(git rev-parse HEAD)" "$before"
keys w
wait_for "撤回哪一份？"
keys Down Enter
wait_for "撤回原因"
type_text "照片拍得不清楚"
keys Enter
wait_for "Y 撤回"
keys y
wait_for "已撤回"
check "the record lists one" screen_has "佐证材料（1 份"
check_eq "one withdrawal commit" "$(git rev-list --count "$before"..HEAD)" 1
"$GGW_BIN" evidence list "$ID" >"$T/list2.txt" 2>&1
check_eq "ggw evidence list: one left" "$(grep -c '照片' "$T/list2.txt")" 1
check "the reason is in the ledger" git grep -q "照片拍得不清楚" HEAD -- .
keys Escape
wait_for "1/1 条"
keys q
check_eq "ggw ends with status 0 again" "$(tui_wait_exit)" 0

# another unit's record: refused before the picker opens
"$GGW_BIN" config ggw.unit office >/dev/null
OTHER=$("$GGW_BIN" add --set unit=dongfeng --set title=东风社区读书会 --set date=2025-06-02 \
	--set category=red --set form=lecture --set youth_count=5 2>/dev/null)
"$GGW_BIN" config ggw.unit xinyi >/dev/null
if [ -n "$OTHER" ]; then
	before=$(git rev-parse HEAD)
	TUI_PATH="$T/bin:$PATH" tui_start 80 24 "$PWD" TZ=UTC USER=tester GGW_MEDIA_ROOT="$HOME/media"
	wait_for "1/1 条"
	keys i
	type_text "$OTHER"
	keys Enter
	wait_for "东风社区读书会"
	keys a
	check "the refusal names the unit" wait_for "东风社区关工委"
	check "no picker for another unit's record" screen_lacks "最近的照片"
	check_eq "nothing stored for it" "$(git rev-parse HEAD)" "$before"
	keys Escape
	wait_for "1/1 条"
	# the picker at 40x12 and back: drawn, no crash
	keys Enter
	wait_for "佐证材料（1 份"
	keys a
	wait_for "最近的照片"
	tm resize-window -x 40 -y 12 >/dev/null 2>&1
	check "drawn at 40x12" wait_for "[ ] IMG_2025"
	tm resize-window -x 80 -y 24 >/dev/null 2>&1
	check "and again at 80x24" wait_for "~/media/tester/PHONE/DCIM/Camera/IMG_20250628_093000.jpg"
	keys Escape
	wait_for "佐证材料（1 份"
	check_eq "nothing stored by the resized picker" "$(git rev-parse HEAD)" "$before"
	keys Escape q
	check_eq "ggw ends with status 0 a third time" "$(tui_wait_exit)" 0
else
	not_ok "the office adds a dongfeng activity (fixture)"
fi
check_eq "work tree clean" "$(git status --porcelain)" ""
check "check passes" "$GGW_BIN" check

# a copy that has the records but not the store yet (plain git clone):
# the record says the file is not on this PC, o says to sync first
cd "$T" || exit 1
git clone -q led led2
cd led2 || exit 1
"$GGW_BIN" config ggw.unit xinyi >/dev/null
"$GGW_BIN" config user.name 王秀英 >/dev/null
TUI_PATH="$T/bin:$PATH" tui_start 80 24 "$PWD" TZ=UTC USER=tester XDG_RUNTIME_DIR="$T/run" DISPLAY=:99
wait_for "1/1 条"
keys Enter
check "the record lists the file" wait_for "佐证材料（1 份，本机有 0 份）"
check "not on this PC" screen_has "照片            未同步到本机  活动现场（拍到未成年人）"
keys o
check "o: sync first" wait_for "这份文件还没有同步到本机：同步以后再看"
keys Escape
wait_for "1/1 条"
keys q
check_eq "ggw ends with status 0 in the copy" "$(tui_wait_exit)" 0

[ "$TESTS_FAILED" -eq 0 ]
