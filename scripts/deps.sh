#!/bin/sh
# Check, and with "install" install, what ggw needs to build and test on a
# Debian-family system. Run as root to install; otherwise the apt-get
# command is printed and we stop.
mode=${1:-check}
PKGS="build-essential pkg-config libncurses-dev libyaml-dev libgit2-dev libcmocka-dev gettext git tmux locales openssh-server openssh-client clang libclang-rt-14-dev valgrind python3 man-db libsodium-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev fonts-wqy-zenhei libjpeg62-turbo-dev libpng-dev libexif-dev libjpeg-turbo-progs libimage-exiftool-perl"

missing=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }

have_cmd cc || missing="$missing build-essential"
have_cmd pkg-config || missing="$missing pkg-config"
have_pc ncursesw || missing="$missing libncurses-dev"
have_pc yaml-0.1 || missing="$missing libyaml-dev"
have_pc libgit2 || missing="$missing libgit2-dev"
have_pc libsodium || missing="$missing libsodium-dev"
have_pc xlsxwriter || missing="$missing libxlsxwriter-dev"
have_pc cairo || missing="$missing libcairo2-dev"
have_pc pangocairo || missing="$missing libpango1.0-dev"
have_pc libjpeg || missing="$missing libjpeg62-turbo-dev"
have_pc libpng || missing="$missing libpng-dev"
have_pc libexif || missing="$missing libexif-dev"
have_cmd msgfmt || missing="$missing gettext"
if [ "$mode" = install ]; then
	have_pc cmocka || missing="$missing libcmocka-dev"
	have_cmd git || missing="$missing git"
	have_cmd tmux || missing="$missing tmux"
	have_cmd localedef || missing="$missing locales"
	[ -x /usr/sbin/sshd ] || missing="$missing openssh-server"
	have_cmd ssh-keygen || missing="$missing openssh-client"
	have_cmd clang || missing="$missing clang"
	# libFuzzer for make fuzz (clang only recommends it).
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 ||
		missing="$missing libclang-rt-14-dev"
	have_cmd python3 || missing="$missing python3"
	have_cmd pdftotext || missing="$missing poppler-utils"
	{ /usr/bin/python3 -c "import openpyxl" || python3 -c "import openpyxl"; } >/dev/null 2>&1 || missing="$missing python3-openpyxl"
	have_cmd soffice || missing="$missing libreoffice-calc-nogui"
	# Writer: papers_pdf prints the HTML report through LibreOffice (Calc alone
	# cannot load an .html file: "source file could not be loaded").
	[ -e /usr/lib/libreoffice/program/libswlo.so ] || missing="$missing libreoffice-writer-nogui"
	have_cmd file || missing="$missing file"
	# djpeg and cjpeg: bench/bench_image.sh compares image_prepare with them.
	have_cmd djpeg || missing="$missing libjpeg-turbo-progs"
	# exiftool: tests/integration/image_files.sh looks for metadata left in photos.
	have_cmd exiftool || missing="$missing libimage-exiftool-perl"
fi

[ -z "$missing" ] && exit 0

if [ "$mode" = check ]; then
	echo "ggw: missing build dependencies:$missing" >&2
	echo "ggw: run 'make deps' (as root), or: apt-get install$missing" >&2
	exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "ggw: installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null || exit 1
	apt-get install -y -q --no-install-recommends $missing >/dev/null || exit 1
	exit 0
fi
echo "ggw: missing:$missing" >&2
echo "ggw: as root, run: apt-get update && apt-get install -y$missing" >&2
exit 1
