#!/bin/sh
# The whole add flow twice: once in a UTF-8 terminal, once in a terminal
# running zh_CN.GB18030 (keys arrive as GB18030 bytes). The records on disk
# must be the same bytes (ids, being random, masked): data is always UTF-8.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/tui/tmux.lib"

command -v localedef >/dev/null 2>&1 || { echo "ok - SKIP localedef missing: cannot make zh_CN.GB18030"; exit 0; }
command -v iconv >/dev/null 2>&1 || { echo "ok - SKIP iconv missing"; exit 0; }
LOC="$T/locales"
mkdir -p "$LOC"
if ! localedef -i zh_CN -f GB18030 "$LOC/zh_CN.GB18030" >"$T/localedef.log" 2>&1 ||
   [ "$(LOCPATH="$LOC" LC_ALL=zh_CN.GB18030 locale charmap 2>/dev/null)" != GB18030 ]; then
	echo "ok - SKIP could not generate zh_CN.GB18030 with localedef"
	exit 0
fi

# wait_commits N: poll until HEAD has N commits (the save happened)
wait_commits() {
	_i=0
	while [ $_i -lt 200 ]; do
		[ "$(git rev-list --count HEAD)" -ge "$1" ] && return 0
		_i=$((_i + 1))
		sleep 0.05
	done
	return 1
}
# run_add NAME LOCALE MARKER TYPER: a fresh ledger in NAME, the interface
# under LOCALE, the add flow typed with TYPER, the record saved masked in
# $T/NAME.yaml; leaves the shell in NAME.
run_add() {
	fixture_volunteers "$1"
	cd "$1" || exit 1
	_n=$(git rev-list --count HEAD)
	TUI_LANG=$2 tui_start 80 24 "$PWD" LOCPATH="$LOC"
	wait_for "$3"
	add_flow "$4" 0
	check "$1 run saved" wait_commits $((_n + 1))
	masked_record >"$T/$1.yaml"
	keys q
	check_eq "$1 run quits" "$(tui_wait_exit)" "0"
}
masked_record() { # prints the newest record, ids masked
	_vid=$("$GGW_BIN" list --type volunteer --format ids --grep 丁光海)
	mask <"$(record_file)" | sed "s/$_vid/v-xxxxxxxx/"
}

# 1. UTF-8 terminal
run_add utf8 C.UTF-8 "F3新增" type_text
cd ..

# 2. GB18030 terminal: the screen is GB18030 (tmux shows it as garbage), so
# waits use ASCII markers only
run_add gb zh_CN.GB18030 F10 type_gb18030
check "record is valid UTF-8" iconv -f UTF-8 -t UTF-8 "$(record_file)"
check_grep "Chinese title stored as UTF-8" "title: 暑期防溺水安全知识讲座" "$(record_file)"
check "GB18030 record byte-identical to the UTF-8 one" cmp "$T/utf8.yaml" "$T/gb.yaml"
check "and to the saved expectation" diff -u "$TM_EXP/add.yaml" "$T/gb.yaml"
git log -1 --format=%B >"$T/msg"
check_grep "commit message in UTF-8" "新增活动：暑期防溺水安全知识讲座（新义村关工委，2024-02-29）" "$T/msg"

cd ..

# 3. GBK terminal (older Chinese PCs): the same flow; every character typed
# here is in GBK, where its GB18030 bytes are the GBK bytes.
if localedef -i zh_CN -f GBK "$LOC/zh_CN.GBK" >>"$T/localedef.log" 2>&1 &&
   [ "$(LOCPATH="$LOC" LC_ALL=zh_CN.GBK locale charmap 2>/dev/null)" = GBK ]; then
	run_add gbk zh_CN.GBK F10 type_gb18030
	check "GBK record byte-identical to the UTF-8 one" cmp "$T/utf8.yaml" "$T/gbk.yaml"
	cd ..
else
	echo "ok - SKIP could not generate zh_CN.GBK with localedef"
fi

[ "$TESTS_FAILED" -eq 0 ]
