# ggw refuses a second remote for a place already registered (the same
# stick under two names would be synced twice), naming the existing one;
# ggw clone already registers its source as origin.
. "$GGW_SRC/tests/lib.sh"

ggw init office --street XX街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null
ggw hub init "$T/stick.git" >/dev/null
check "first remote for the stick" ggw -C office remote add usb "$T/stick.git"
check_fails "same path under another name refused" 1 ggw -C office remote add usb2 "$T/stick.git"
check_grep "the message names the existing remote" "已经登记为同步对象 usb" "$T/.out"
check_fails "same path with a trailing slash refused" 1 ggw -C office remote add usb2 "$T/stick.git/"
ln -s "$T" "$T/media"
check_fails "same stick through a symlink refused" 1 ggw -C office remote add usb2 "$T/media/stick.git"
check_fails "same stick as a relative path refused" 1 sh -c 'cd "$1" && "$GGW_BIN" -C office remote add usb2 ./stick.git' sh "$T"
check_fails "same stick as file:// refused" 1 ggw -C office remote add usb2 "file://$T/stick.git"
check_eq "nothing saved for the refused name" "$(git -C office config --get remote.usb2.url)" ""
check_eq "still one remote" "$(git -C office remote | wc -l | tr -d ' ')" 1
ggw hub init "$T/stick2.git" >/dev/null
check "another stick is accepted" ggw -C office remote add usb2 "$T/stick2.git"

check "network remote added" ggw -C office remote add hub ssh://clerk@office-pc/srv/ggw.git
check_fails "same network URL under another name refused" 1 ggw -C office remote add hub2 ssh://clerk@office-pc/srv/ggw.git
check_grep "the message names it" "已经登记为同步对象 hub" "$T/.out"

# The village's flow: clone from the stick, which registers it as origin.
check "office sends the ledger to the stick" ggw -C office sync usb
check "village clones from the stick" ggw clone "$T/stick.git" village --unit xinyi
check_eq "clone registered the stick as origin" "$(git -C village remote)" origin
check_fails "adding the stick again is refused" 1 ggw -C village remote add usb "$T/stick.git"
check_grep "names origin" "已经登记为同步对象 origin" "$T/.out"
env -u LC_ALL LANG=en_US.UTF-8 LANGUAGE=en "$GGW_BIN" -C village remote add usb "$T/stick.git" >"$T/en.out" 2>&1
check_grep "English message" "is already the remote origin" "$T/en.out"
check "the clone syncs through origin" ggw -C village sync

# The README's quick starts, run as written (the stick under $T/media): the
# office's commands, then the village's from `ggw clone` on, each PC with
# its own home folder.
readme_flow() { # NAME START END: the indented ggw lines between two headings
	awk -v a="$2" -v b="$3" 'index($0, a) == 1 { on = 1; next } index($0, b) == 1 { on = 0 } on && /^ +ggw / { sub(/^ +/, ""); sub(/ +#.*/, ""); print }' \
		"$GGW_SRC/README.md" | sed "s|/media/\\\$USER|$T/$1/media/u|g" >"$T/$1.cmds"
	mkdir -p "$T/$1/media/u/KINGSTON" "$T/$1/office" "$T/$1/village"
	grep -c . "$T/$1.cmds" | grep -qv '^0$' && ok "$1: commands found in README" || not_ok "$1: commands found in README"
	pc=office
	while IFS= read -r line; do
		case "$line" in "ggw clone "*) pc=village ;; esac
		(cd "$T/$1/$pc" && export HOME="$T/$1/$pc" XDG_CONFIG_HOME="$T/$1/$pc/.config" &&
			eval "\"\$GGW_BIN\" ${line#ggw }") >"$T/.out" 2>&1 &&
			ok "$1 ($pc): $line" || { not_ok "$1 ($pc): $line"; sed 's/^/# /' "$T/.out"; }
	done <"$T/$1.cmds"
	check_eq "$1: the village PC has the stick as origin only" "$(git -C "$T/$1/village/台账" remote)" origin
	check_fails "$1: a second remote add for the stick is refused" 1 ggw -C "$T/$1/village/台账" remote add usb "$T/$1/media/u/KINGSTON/台账.git"
	check_grep "$1: because origin is that stick" "已经登记为同步对象 origin" "$T/.out"
	check "$1: the village PC syncs through origin" ggw -C "$T/$1/village/台账" sync
	check_eq "$1: the village PC's unit" "$(git -C "$T/$1/village/台账" config ggw.unit)" xinyi
}
readme_flow zh "## 中文快速上手" "## Documentation"
readme_flow en "## Syncing" "## 中文快速上手"
exit $TESTS_FAILED
