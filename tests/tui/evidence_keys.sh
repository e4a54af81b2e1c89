#!/bin/sh
# Evidence keys where the record type carries evidence, and nowhere else:
# the type table's RT_EVIDENCE flag (model/rectype.c) decides whether a
# record screen shows and takes a 添加照片 / o 看照片 / w 撤回照片. An
# activity has them; a 五老 volunteer's record neither shows them (key bar,
# help) nor does anything on the keys. And the picker finds a phone that
# gvfs mounted over MTP (GGW_GVFS_ROOT stands for /run/user/<uid>/gvfs):
# its photos are among the newest, the phone a place of its own. Photos
# are made with build/image_tool (no cjpeg needed).
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

tool="$GGW_BUILD/image_tool"
[ -x "$tool" ] || { not_ok "image_tool built ($tool)"; exit 0; }

# A phone over MTP, as gvfs shows it; a network share gvfs also mounted
# (never searched: slow), and an empty media folder.
GVFS="$T/gvfs"
CAM="$GVFS/mtp:host=Xiaomi_Redmi_Note_8_a1b2c3/内部存储设备/DCIM/Camera"
mkdir -p "$CAM" "$GVFS/smb-share:server=nas,share=photos" "$HOME/media" "$HOME/Pictures"
"$tool" gen 1200 900 "$CAM/IMG_20250629_101500.jpg" 90 1
"$tool" gen 800 600 "$GVFS/smb-share:server=nas,share=photos/NAS_0001.jpg" 90 1
"$tool" gen 800 600 "$HOME/Pictures/IMG_0001.jpg" 90 1
TZ=UTC touch -d "2025-06-29 10:15" "$CAM/IMG_20250629_101500.jpg"
TZ=UTC touch -d "2025-06-30 10:15" "$GVFS/smb-share:server=nas,share=photos/NAS_0001.jpg"
TZ=UTC touch -d "2025-06-20 08:00" "$HOME/Pictures/IMG_0001.jpg"

fixture_volunteers led
cd led || exit 1
"$GGW_BIN" config user.name 王秀英 >/dev/null
"$GGW_BIN" add --set unit=xinyi --set title=红色故事会 --set date=2025-06-01 \
	--set category=red --set form=lecture --set youth_count=8 >/dev/null
start=$(git rev-parse HEAD)

start_ui() {
	tui_start 80 24 "$PWD" TZ=UTC USER=tester GGW_MEDIA_ROOT="$HOME/media" GGW_GVFS_ROOT="$GVFS" \
		XDG_RUNTIME_DIR="$T/run" DISPLAY= WAYLAND_DISPLAY= "$@"
	wait_for "1/1 条"
}

# --- A volunteer's record: no evidence keys.
start_ui
keys v
wait_for "丁光海"
keys Enter
wait_for "志愿者：丁光海"
check "the volunteer's record has no evidence section" screen_lacks "佐证材料"
check "its key bar has no 添加照片" screen_lacks "添加照片"
check "nor 看照片" screen_lacks "看照片"
check "nor 撤回照片" screen_lacks "撤回照片"
check "(the letter keys it has are still shown: h 历史)" screen_has "h历史"
before=$(screen)
keys a
keys o
keys w
keys h
wait_for "修改历史"
check "a, o and w did nothing there (no picker, no message)" sh -c "! tmux -S '$TM_SOCK' capture-pane -p | grep -qF -e 最近的照片 -e 还没有佐证材料 -e 撤回"
keys Escape
wait_for "志愿者：丁光海"
check_eq "the volunteer's screen is as it was" "$(screen)" "$before"
keys F1
wait_for "的按键"
check "the help lists no 添加照片 there" screen_lacks "添加照片"
check "(but lists its other keys: 历史)" screen_has "历史"
keys Escape
wait_for "志愿者：丁光海"
check_eq "nothing was stored" "$(git rev-parse HEAD)" "$start"

# --- Back to the activities: an activity's record has them.
keys Escape
wait_for "丁光海"
keys Escape
wait_for "1/1 条"
keys Enter
wait_for "佐证材料"
check "an activity's record has the evidence keys" screen_has "a添加照片  o看照片  w撤回照片"
keys F1
wait_for "的按键"
check "and its help lists them" screen_has "添加活动照片、签到表扫描件等佐证材料"
keys Escape
wait_for "佐证材料    （没有"

# --- a: the picker, with the MTP phone as a place.
keys a
wait_for "最近的照片（从新到旧）"
check "the phone gvfs mounted is a place, by its model" screen_has "手机 Xiaomi Redmi Note 8 a1b2c3"
check "the network share gvfs mounted is not searched" screen_lacks "NAS_0001.jpg"
first=$(screen | grep -n '^\[ \]' | head -1 | sed 's/:.*//')
check_eq "the phone's photo is the newest" \
	"$(screen | sed -n "${first}p" | awk '{print $3}')" "IMG_20250629_101500.jpg"
check "and Pictures' photo is there too" screen_has "IMG_0001.jpg"
check "the cursor's path is inside the phone" screen_has "内部存储设备/DCIM/Camera/IMG_20250629_101500.jpg"
keys Space
wait_for "已勾选 1 个文件"
keys Enter
wait_for "存入后一共"
check "the phone's photo goes on to the sizes (1200×900)" screen_has "1200×900"
keys Escape
wait_for "已勾选 1 个文件"
keys Escape
wait_for "佐证材料    （没有"
check_eq "Esc stored nothing" "$(git rev-parse HEAD)" "$start"

# --- The volunteer's record again, after the activity's: still none.
keys Escape
wait_for "1/1 条"
keys v
wait_for "丁光海"
keys Enter
wait_for "丁光海"
check "a volunteer's record after an activity's: still no evidence keys" screen_lacks "添加照片"
keys a
check "a still does nothing there" screen_lacks "最近的照片"
keys Escape
keys Escape
keys F10
wait_for "EXIT="
check "ggw ends cleanly" screen_has "EXIT=0"
exit 0
