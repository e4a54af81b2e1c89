#!/bin/sh
# The ledger's identity (issue 11 item 3, records-more.md): units.yaml's
# `ledger:` made by init, set by clone and hub init on the office's PC and
# given to an older ledger by the office's next sync (the units adopt it).
# A remote holding another ledger (another id, or no common history) is
# refused and never merged. The story: a user who practised on the
# demo ledger registered the real USB stick in it.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

lid() { sed -n 's/^ledger: *"\{0,1\}\([0-9a-f]*\)"\{0,1\}$/\1/p' "$1/units.yaml"; }

# --- init makes it.
new_office office
ID=$(lid office)
check "init writes ledger: with 32 lowercase hex digits" sh -c "echo '$ID' | grep -qE '^[0-9a-f]{32}$'"
check "the ledger passes ggw check" ggw -C office check
ggw init other --street 别的街道 --unit office >/dev/null
check "another init makes another id" test "$(lid other)" != "$ID"
sed -i 's/^ledger: .*/ledger: XYZ/' other/units.yaml
check_fails "a malformed ledger id fails ggw check (exit 1)" 1 ggw -C other check
check_grep "and says what it must be" "32 位小写十六进制" "$T/.out"

# --- The real stick, and a village PC cloned from it.
ggw -C office hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
add_act office office 1
check "the office syncs with the real stick" ggw -C office sync
ggw clone "$T/usb.git" xinyi --unit xinyi >/dev/null 2>&1
setup_pc xinyi xinyi
check_eq "clone keeps the ledger's id" "$(lid xinyi)" "$ID"
ggw_act xinyi "新义的真记录"
check "the village PC syncs" ggw -C xinyi sync
HUBMAIN=$(git -C usb.git rev-parse main)

# --- The story: the demo ledger, with the real stick registered in it.
GGW_DEMO_PHOTOS=0 GGW_DEMO_DIR="$T/demo" GGW_BUILD="$GGW_BUILD" sh "$GGW_SRC/demo/demo.sh" >demo.out 2>&1
check "(the demo ledger is made)" test -f demo/units.yaml
check "the demo ledger has its own id" sh -c "test -n '$(lid demo)' && test '$(lid demo)' != '$ID'"
git -C demo config ggw.unit >/dev/null 2>&1 || git -C demo config ggw.unit office
DEMOHEAD=$(git -C demo rev-parse HEAD)
ggw -C demo remote add usb "$T/usb.git" >/dev/null
ggw -C demo sync >d1.out 2>&1
check_eq "syncing the demo with the real stick is refused (exit 1)" "$?" 1
check_grep "it says the stick holds another ledger" "这个U盘里是另一本台账" d1.out
check_grep "and what to do" "ggw remote remove usb" d1.out
check_nogrep "(not offered a hub repair: it is not a bad commit)" "hub repair" d1.out
check_eq "the demo ledger is unchanged" "$(git -C demo rev-parse HEAD)" "$DEMOHEAD"
check_eq "the real stick's main is unchanged" "$(git -C usb.git rev-parse main)" "$HUBMAIN"
check_eq "nothing of the demo went onto the stick (no side references)" \
	"$(git -C usb.git for-each-ref refs/ggw/ | wc -l)" 0
ggw -C demo sync >d2.out 2>&1
check_eq "the next sync says it again (exit 1)" "$?" 1
ggw -C xinyi sync >x1.out 2>&1
check "the real village PC still syncs" test "$(grep -c '另一本台账' x1.out)" = 0
acts=$(ggw -C xinyi list --count)
check "it never holds the demo's activities ($acts)" test "$acts" -lt 10
# The other way: the real PC registers the demo folder.
ggw -C xinyi remote add demo "$T/demo" >/dev/null
ggw -C xinyi sync demo >x2.out 2>&1
check_eq "a real PC taking from the demo folder is refused (exit 1)" "$?" 1
check_grep "and told so" "是另一本台账" x2.out
ggw -C xinyi remote remove demo >/dev/null

# --- A network hub holding the demo (git daemon).
mkdir hubs
git clone -q --bare demo hubs/demo.git
start_daemon "$T/hubs"
ggw -C xinyi remote add net "git://127.0.0.1:$DAEMON_PORT/demo.git" >/dev/null
ggw -C xinyi sync net >n1.out 2>&1
check_eq "a git:// hub holding another ledger is refused (exit 1)" "$?" 1
check_grep "naming it" "同步对象 net 里是另一本台账" n1.out
check_eq "xinyi's ledger keeps its id" "$(lid xinyi)" "$ID"
check "the network hub is not pushed over" test "$(git -C hubs/demo.git rev-parse main)" = "$(git -C demo rev-parse HEAD)"
ggw -C xinyi remote remove net >/dev/null

# hub init from the office's ledger makes sure it has an id.
ggw init hubby --street 街道 --unit office >/dev/null
setup_pc hubby office
sed -i '/^ledger:/d' hubby/units.yaml
git -C hubby commit -qam "去掉编号（旧版台账）"
ggw -C hubby hub init "$T/hubby.git" >h.out 2>&1
check_grep "hub init on the office's older ledger gives it an id" "已为这本台账生成台账编号" h.out
check "(committed)" sh -c "git -C hubby show HEAD:units.yaml | grep -qE '^ledger: \"?[0-9a-f]{32}'"

# --- An older ledger without an id gets the office's at its next sync.
ggw init old --street 老街道 --unit office >/dev/null
setup_pc old office
ggw -C old unit add nanhu 南湖村 --kind village >/dev/null
sed -i '/^ledger:/d' old/units.yaml
git -C old commit -qam "去掉编号（旧版台账）"
git init -q --bare "$T/old.git"   # a hub made by plain git, away from the office
git -C old push -q "$T/old.git" main:main
ggw -C old remote add usb "$T/old.git" >/dev/null
git clone -q "$T/old.git" nanhu && setup_pc nanhu nanhu
ggw -C nanhu remote add usb2 "$T/old.git" >/dev/null 2>&1
check_eq "(the older ledger has no id)" "$(lid nanhu)" ""
ggw -C old sync >o1.out 2>&1
check_eq "the office's next sync works (exit 0)" "$?" 0
check_grep "and says it gave the ledger an id" "已为这本台账生成台账编号" o1.out
OLDID=$(lid old)
check "the office's units.yaml now has one" sh -c "echo '$OLDID' | grep -qE '^[0-9a-f]{32}$'"
check "it passes ggw check" ggw -C old check
ggw -C nanhu sync >/dev/null 2>&1
check_eq "a unit adopts the office's id at its sync" "$(lid nanhu)" "$OLDID"
# Two ledgers, neither with an id, no common history: refused too.
ggw init old2 --street 老街道 --unit office >/dev/null
setup_pc old2 office
sed -i '/^ledger:/d' old2/units.yaml
git -C old2 commit -qam "去掉编号"
git -C nanhu config ggw.unit nanhu
sed -i '/^ledger:/d' nanhu/units.yaml
git -C nanhu commit -qam "去掉编号"
ggw -C nanhu remote add old2 "$T/old2" >/dev/null
ggw -C nanhu sync old2 >u1.out 2>&1
check_eq "no common history and no ids: refused (exit 1)" "$?" 1
check_grep "saying the histories share nothing" "没有共同的起点" u1.out
exit 0
