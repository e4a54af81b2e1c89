# Interface language: Chinese in every locale (C and POSIX included),
# English when the locale's language or ggw.lang asks for it; and every
# translatable string of the sources has an English translation.
. "$GGW_SRC/tests/lib.sh"

LC_ALL=C ggw --help >c.txt 2>&1
check_grep "C locale: Chinese help" "用法" c.txt
LC_ALL=POSIX LANG= ggw --help >posix.txt 2>&1
check_grep "POSIX locale: Chinese help" "用法" posix.txt
env -u LC_ALL LANG=zh_CN.UTF-8 "$GGW_BIN" --help >zh.txt 2>&1
check_grep "zh_CN: Chinese help" "用法" zh.txt
env -u LC_ALL LANG=en_US.UTF-8 "$GGW_BIN" --help >en.txt 2>&1
check_grep "en_US: English help" "Usage: ggw" en.txt
check_nogrep "en_US: no Chinese usage line" "用法" en.txt
env -u LC_ALL LANG=C.UTF-8 LANGUAGE=en "$GGW_BIN" --help >lang.txt 2>&1
check_grep "LANGUAGE=en: English help" "Usage: ggw" lang.txt

# ggw.lang in the ledger's config overrides the locale.
if ggw init led --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null 2>&1; then
	ggw -C led config ggw.lang en >/dev/null 2>&1
	ggw -C led show 20240101-00000000 >show.txt 2>&1
	check_nogrep "ggw.lang=en: no Chinese in the error" "没有" show.txt
	ggw -C led config ggw.lang zh >/dev/null 2>&1
	env -u LC_ALL LANG=en_US.UTF-8 "$GGW_BIN" -C led show 20240101-00000000 >show2.txt 2>&1
	if LC_ALL=C grep -q "$(printf '[\344-\351]')" show2.txt; then ok "ggw.lang=zh under an English locale: Chinese"; else not_ok "ggw.lang=zh under an English locale: Chinese"; cat show2.txt; fi
else
	not_ok "ggw init works (needed for the ggw.lang checks)"
fi

# Every _() / N_() string of the sources is translated in po/*.po.
cd "$GGW_SRC" || exit 1
xgettext --from-code=UTF-8 -k_ -kN_ -L C -o "$T/ggw.pot" $(git ls-files '*.c' 2>/dev/null || ls */*.c) 2>"$T/xgettext.err"
for f in po/header.po $(ls po/*.po | grep -v header.po); do cat "$f"; echo; done >"$T/all.po"; msguniq --use-first -o "$T/en.po" "$T/all.po" 2>"$T/msgcat.err"
missing=$(msgcmp --use-untranslated "$T/en.po" "$T/ggw.pot" 2>&1 | grep -c 'this message is used but not defined')
untrans=$(msgattrib --untranslated --no-obsolete "$T/en.po" 2>/dev/null | grep -c '^msgid "[^"]')
check_eq "every source string has an English entry" "$missing" 0
[ "$missing" -eq 0 ] || msgcmp --use-untranslated "$T/en.po" "$T/ggw.pot" 2>&1 | grep -A1 'not defined' | head -20 | sed 's/^/# /'
check_eq "no English entry is left empty" "$untrans" 0
