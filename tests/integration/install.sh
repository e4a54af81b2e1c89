# make install / uninstall honour PREFIX and DESTDIR; the installed binary
# finds its English catalogue; the man pages render without warnings.
. "$GGW_SRC/tests/lib.sh"

for page in "$GGW_SRC"/man/*.[1-9]; do
	name=$(basename "$page")
	MANWIDTH=80 man --warnings=all -l "$page" >"$T/$name.txt" 2>"$T/$name.err"
	if [ -s "$T/$name.txt" ] && [ ! -s "$T/$name.err" ]; then ok "man -l $name renders cleanly"; else not_ok "man -l $name renders cleanly"; sed 's/^/# /' "$T/$name.err" | head; fi
done
grep -q "^ *init DIR\|^ *init dir" "$T/ggw.1.txt" && ok "ggw.1 documents init" || not_ok "ggw.1 documents init"
for cmd in clone config unit add edit rm undo restore show list log check remote hub sync status resolve report audit doctor merge-file tui; do
	grep -q "^       $cmd\b" "$T/ggw.1.txt" && ok "ggw.1 documents $cmd" || not_ok "ggw.1 documents $cmd"
done

make -C "$GGW_SRC" -s -j2 BUILD="$T/build" PREFIX="$T/usr" DESTDIR="$T/stage" install >"$T/make.out" 2>&1
check_eq "make install with PREFIX and DESTDIR" "$?" 0
for f in bin/ggw share/man/man1/ggw.1 share/man/man5/ggw-records.5 share/man/man7/ggw-sync.7 share/locale/en/LC_MESSAGES/ggw.mo; do
	[ -f "$T/stage$T/usr/$f" ] && ok "installed $f" || not_ok "installed $f"
done
for f in share/man/zh_CN/man1/ggw.1 share/man/zh_CN/man5/ggw-records.5 share/man/zh_CN/man7/ggw-sync.7; do
	[ -f "$T/stage$T/usr/$f" ] && ok "installed $f" || not_ok "installed $f"
done
# Move the staged tree to where PREFIX says, as a package manager would.
mkdir -p "$T/usr" && cp -r "$T/stage$T/usr/." "$T/usr/"
# man finds the Chinese pages for a zh_CN locale and the English ones otherwise.
MANWIDTH=80 MANPATH="$T/usr/share/man" man -L zh_CN ggw >"$T/man-zh.txt" 2>"$T/man-zh.err"
check_grep "man -L zh_CN ggw shows the Chinese page" "街道关工委和各村、社区关工委的工作台账" "$T/man-zh.txt"
MANWIDTH=80 MANPATH="$T/usr/share/man" man -L zh_CN ggw-sync >"$T/man-zh7.txt" 2>&1
check_grep "man -L zh_CN ggw-sync shows the Chinese page" "找到 U 盘" "$T/man-zh7.txt"
MANWIDTH=80 MANPATH="$T/usr/share/man" man -L C ggw >"$T/man-c.txt" 2>&1
check_grep "man -L C ggw shows the English page" "the work ledger of a street" "$T/man-c.txt"
if command -v localedef >/dev/null 2>&1 && mkdir -p "$T/locales" &&
   localedef -i zh_CN -f UTF-8 "$T/locales/zh_CN.UTF-8" >/dev/null 2>&1; then
	env -u LC_ALL -u LANGUAGE LOCPATH="$T/locales" LANG=zh_CN.UTF-8 MANWIDTH=80 \
		MANPATH="$T/usr/share/man" man ggw >"$T/man-lang.txt" 2>"$T/man-lang.err"
	check_grep "LANG=zh_CN.UTF-8 man ggw shows Chinese" "街道关工委和各村、社区关工委的工作台账" "$T/man-lang.txt"
	check_eq "and man says nothing on stderr" "$(cat "$T/man-lang.err")" ""
else
	ok "SKIP no zh_CN.UTF-8 locale (localedef missing or failed)"
fi
env -u LC_ALL LANG=en_US.UTF-8 "$T/usr/bin/ggw" --help >"$T/inst-en.out" 2>&1
check_grep "installed binary finds its English catalogue" "Usage: ggw" "$T/inst-en.out"
make -C "$GGW_SRC" -s BUILD="$T/build" PREFIX="$T/usr" DESTDIR="$T/stage" uninstall >/dev/null 2>&1
left=$(find "$T/stage" -type f | wc -l)
check_eq "make uninstall removes every file" "$left" 0
