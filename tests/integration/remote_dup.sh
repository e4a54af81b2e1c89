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
exit $TESTS_FAILED
