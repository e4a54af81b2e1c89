# The man pages, English (man/) and Chinese (man/zh_CN/): every page renders
# with no groff warning; each English page has a Chinese one with Chinese
# section names; every command of the command table (tui/cli/cli.h) is
# documented in both ggw(1) pages; the USB-stick section is in both ggw-sync(7).
. "$GGW_SRC/tests/lib.sh"
M="$GGW_SRC/man"

command -v groff >/dev/null 2>&1 || { echo "ok - SKIP groff missing"; exit 0; }
for page in "$M"/*.[1-9] "$M"/zh_CN/*.[1-9]; do
	rel=${page#"$M"/}
	# -k: preconv reads the pages as UTF-8, as man does.
	groff -k -man -Tutf8 -ww -z "$page" >"$T/groff.err" 2>&1
	if [ ! -s "$T/groff.err" ]; then ok "groff -ww: $rel has no warnings"; else not_ok "groff -ww: $rel has no warnings"; sed 's/^/# /' "$T/groff.err" | head; fi
	out="$T/$(echo "$rel" | tr / _).txt"
	MANWIDTH=80 man --warnings=all -l "$page" >"$out" 2>"$T/man.err"
	if [ -s "$out" ] && [ ! -s "$T/man.err" ]; then ok "man -l $rel renders cleanly"; else not_ok "man -l $rel renders cleanly"; sed 's/^/# /' "$T/man.err" | head; fi
done

for page in "$M"/*.[1-9]; do
	name=$(basename "$page")
	zh="$M/zh_CN/$name"
	[ -f "$zh" ] && ok "$name has a Chinese page" || { not_ok "$name has a Chinese page"; continue; }
	check_eq "zh_CN/$name starts with the coding line" "$(head -n 1 "$zh")" '.\" -*- coding: UTF-8 -*-'
	check_eq "zh_CN/$name: .TH names the same page" "$(grep '^\.TH' "$zh" | cut -d' ' -f2,3)" "$(grep '^\.TH' "$page" | cut -d' ' -f2,3)"
	# Every section name holds Chinese characters.
	english=$(grep '^\.S[HS] ' "$zh" | LC_ALL=C grep -v "$(printf '[\200-\377]')" | head -3)
	check_eq "zh_CN/$name: every section name is Chinese" "$english" ""
	for sec in 名称 说明 参见; do
		grep -q "^\.SH $sec\$" "$zh" && ok "zh_CN/$name has section $sec" || not_ok "zh_CN/$name has section $sec"
	done
	if command -v lexgrog >/dev/null 2>&1; then
		# mandb reads the NAME (名称) line for whatis and apropos.
		lexgrog "$zh" >"$T/lexgrog.out" 2>&1 && ok "zh_CN/$name: lexgrog reads its 名称 line" || { not_ok "zh_CN/$name: lexgrog reads its 名称 line"; sed 's/^/# /' "$T/lexgrog.out"; }
	fi
	txt="$T/zh_CN_$name.txt"
	# Source line ends must not put a space after Chinese punctuation.
	spaced=$(grep -P '[。，；：、）（] |[^\x00-\x7f] [。，；：、）]' "$txt" | grep -v '“ ”' | head -3)
	check_eq "zh_CN/$name: no stray spaces beside Chinese punctuation" "$spaced" ""
done

# The command table: X(name, "usage ...", ...); the command is the usage's first word.
cmds=$(sed -n 's/^[[:space:]]*X([a-z_]*,[[:space:]]*"\([a-z-]*\).*/\1/p' "$GGW_SRC/tui/cli/cli.h")
n=$(echo "$cmds" | wc -w)
[ "$n" -ge 20 ] && ok "command table read ($n commands)" || not_ok "command table read ($n commands)"
for cmd in $cmds; do
	for txt in "$T/ggw.1.txt" "$T/zh_CN_ggw.1.txt"; do
		which=$(basename "$txt" .txt | sed 's/_ggw/\/ggw/')
		grep -q "^       $cmd\b" "$txt" && ok "$which documents $cmd" || not_ok "$which documents $cmd"
	done
done

# Where a stick is mounted, and how to find it, in both languages (checked in
# the source: the rendered English is justified and hyphenated).
for page in "$M/ggw-sync.7" "$M/zh_CN/ggw-sync.7"; do
	which=${page#"$M"/}
	sed 's/\\-/-/g' "$page" >"$T/src.txt"
	for s in "/media/<user>/<label>" "ls /media/\$USER" "lsblk -o NAME,LABEL,MOUNTPOINT" Kylin UOS; do
		[ "$which" = "zh_CN/ggw-sync.7" ] && s=$(echo "$s" | sed 's/<user>/<用户>/; s/<label>/<卷标>/')
		check_grep "$which tells where a USB stick is: $s" "$s" "$T/src.txt"
	done
done
check_grep "ggw-sync.7 has the USB stick section" "FINDING THE USB STICK" "$T/ggw-sync.7.txt"
check_grep "zh_CN/ggw-sync.7 has the USB stick section" "找到 U 盘" "$T/zh_CN_ggw-sync.7.txt"
exit $TESTS_FAILED
