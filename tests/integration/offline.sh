# make offline: the USB-stick folder (amd64 here; arm64 is built by a plain
# `make offline` on a machine with the arm64 cross toolchain), its install.sh
# refusing clearly on unsupported systems, and a real install with no
# network: a minimal Debian 12 root made from this machine's own Essential
# and required packages, install.sh run as root inside it (chroot, network
# cut with unshare -n), then ggw and ggw-papers run there.
. "$GGW_SRC/tests/lib.sh"

for tool in dpkg-buildpackage dh fakeroot dpkg-deb apt-get sha256sum; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "ok - offline # SKIP $tool missing (apt-get install debhelper dpkg-dev fakeroot)"
		exit 0
	fi
done
version=$(dpkg-parsechangelog -l "$GGW_SRC/debian/changelog" -S Version)
make -C "$GGW_SRC" -s BUILD="$T/build" offline OFFLINE_ARCHES=amd64 >"$T/offline.out" 2>&1
rc=$?
if [ $rc -ne 0 ] && grep -q "no network to the Debian archive" "$T/offline.out"; then
	echo "ok - offline # SKIP no network to the Debian archive (apt-get download)"
	sed 's/^/# /' "$T/offline.out" | tail -5
	exit 0
fi
check_eq "make offline" "$rc" 0
B=$T/build/offline/ggw-$version
[ -d "$B" ] || { not_ok "make offline makes $B"; sed 's/^/# /' "$T/offline.out" | tail -20; exit 1; }
for f in install.sh 说明.txt SHA256SUMS amd64/ggw_${version}_amd64.deb amd64/needs-libc6; do
	check_eq "bundle holds $f" "$([ -s "$B/$f" ] && echo yes)" yes
done
nlibs=$(ls "$B"/amd64/libs/*.deb 2>/dev/null | wc -l)
check_eq "bundle holds library packages" "$([ "$nlibs" -gt 10 ] && echo yes)" yes
echo "# $nlibs library packages, $(du -sh "$B" | cut -f1)"
# Every library the package depends on is in the bundle, unless a minimal
# Debian 12 has it already.
python3 "$GGW_SRC/scripts/offline-base.py" amd64 >"$T/base-status"
for p in $(dpkg-deb -f "$B/amd64/ggw_${version}_amd64.deb" Depends | tr ',' '\n' | sed 's/^ *\([^ |]*\).*/\1/'); do
	if grep -qx "Package: $p" "$T/base-status"; then
		ok "bundle: $p is in every minimal Debian 12"
	else
		check_eq "bundle holds $p" "$(ls "$B"/amd64/libs/${p}_*.deb >/dev/null 2>&1 && echo yes)" yes
	fi
done
check_nogrep "bundle leaves out libc6 (every system has it)" "libc6_" "$B/SHA256SUMS"
check_eq "needs-libc6 is a version" "$(grep -c '^2\.[0-9][0-9]' "$B/amd64/needs-libc6")" 1
check "SHA256SUMS matches every file" sh -c "cd '$B' && sha256sum -c --quiet --strict SHA256SUMS"
check "install.sh is POSIX sh (dash -n)" dash -n "$B/install.sh"

# --- refusals: stub commands stand in for another system ----------------------
run_install() { # OUT ERR PATH args...
	_o=$1 _e=$2 _p=$3; shift 3
	PATH=$_p sh "$B/install.sh" "$@" >"$_o" 2>"$_e"
}
mkdir -p "$T/nodpkg" "$T/stub"
for c in sh cat ls basename dirname id sed head tail wc sha256sum tr; do
	ln -sf "$(command -v $c)" "$T/nodpkg/$c"
done
run_install o.txt e.txt "$T/nodpkg"
check_eq "no dpkg: refused (exit 1)" "$?" 1
check_grep "  ... not a Debian-family system, in Chinese" "不是 Debian 一类的系统" e.txt
check_grep "  ... and nothing was changed" "什么都没有改动" e.txt

printf '#!/bin/sh\necho 1000\n' >"$T/stub/id"
chmod +x "$T/stub/id"
run_install o.txt e.txt "$T/stub:$PATH"
check_eq "not root: refused" "$?" 1
check_grep "  ... says to use sudo" "sudo sh" e.txt
rm "$T/stub/id"

printf '#!/bin/sh\n[ "$1" = --print-architecture ] && { echo riscv64; exit 0; }\nexec %s "$@"\n' "$(command -v dpkg)" >"$T/stub/dpkg"
chmod +x "$T/stub/dpkg"
run_install o.txt e.txt "$T/stub:$PATH" --check
check_eq "wrong architecture: refused" "$?" 1
check_grep "  ... names this PC's architecture and the bundle's" "riscv64 架构，U盘里只有这些架构的安装包： amd64" e.txt
rm "$T/stub/dpkg"

printf '#!/bin/sh\ncase "$*" in *libc6*) echo 2.28-10; exit 0;; esac\nexec %s "$@"\n' "$(command -v dpkg-query)" >"$T/stub/dpkg-query"
chmod +x "$T/stub/dpkg-query"
run_install o.txt e.txt "$T/stub:$PATH" --check
check_eq "too old (libc6 2.28, as on UOS 20): refused" "$?" 1
check_grep "  ... says the system is too old" "太旧：它的 C 库 libc6 是 2.28-10 版" e.txt
rm "$T/stub/dpkg-query"

cp -a "$B" "$T/damaged"
first=$(ls "$T/damaged"/amd64/libs/*.deb | head -n 1)
printf 'x' >>"$first"
PATH=$PATH sh "$T/damaged/install.sh" --check >o.txt 2>e.txt
check_eq "damaged copy: refused" "$?" 1
check_grep "  ... says the files are damaged" "不完整或已经损坏" e.txt

sh "$B/install.sh" --check >o.txt 2>e.txt
check_eq "--check on this machine passes" "$?" 0
check_grep "  ... and says so" "检查通过" o.txt

# --- a real install into a minimal Debian 12 without network ------------------
if [ "$(id -u)" != 0 ] || ! command -v chroot >/dev/null 2>&1; then
	echo "ok - install into a minimal root # SKIP needs root and chroot"
	exit $TESTS_FAILED
fi
R=$T/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/tmp" "$R/proc" "$R/dev"
python3 "$GGW_SRC/scripts/offline-base.py" amd64 >"$R/var/lib/dpkg/status"
base=$(awk '/^Package:/ {print $2}' "$R/var/lib/dpkg/status")
echo "# minimal root: $(echo $base | wc -w) Essential/required packages copied from this machine"
# Their files and dpkg's records of them, taken from this machine.
na=$(dpkg --print-architecture)
for p in $base; do dpkg -L "$p:$na" 2>/dev/null || dpkg -L "$p" 2>/dev/null; done | grep '^/' | sort -u >"$T/files"
# merged /usr: bin, sbin, lib are links into usr/, which must exist first
mkdir -p "$R/usr/bin" "$R/usr/sbin" "$R/usr/lib" "$R/usr/lib64"
tar -cf - --no-recursion -T "$T/files" 2>/dev/null | tar -xf - -C "$R" 2>/dev/null
for p in $base; do
	cp -a /var/lib/dpkg/info/"$p".* /var/lib/dpkg/info/"$p:$na".* "$R/var/lib/dpkg/info/" 2>/dev/null
done
: >"$R/var/lib/dpkg/available"
check "minimal root has a shell and dpkg" test -x "$R/usr/bin/dpkg" -a -x "$R/bin/sh"
check_eq "minimal root has no ggw library yet" "$(ls "$R"/usr/lib/x86_64-linux-gnu/libgit2* 2>/dev/null | wc -l)" 0
cp -a "$B" "$R/tmp/usb"
cut=""
unshare -n true 2>/dev/null && cut="unshare -n"
$cut chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	sh /tmp/usb/install.sh >o.txt 2>e.txt
check_eq "install.sh installs as root in the minimal root${cut:+ (no network)}" "$?" 0
[ -s e.txt ] && sed 's/^/# /' e.txt | tail -20
check_grep "  ... and says it is done" "安装完成：ggw $version" o.txt
got=$(chroot "$R" /usr/bin/ggw --version 2>&1)
check_eq "ggw --version runs there" "$got" "ggw $version"
chroot "$R" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 sh -c '
	cd /tmp && ggw init led --street 测试街道关工委 --unit xinyi >/dev/null 2>&1 &&
	ggw -C led report --form -o /tmp/form.xlsx' >o.txt 2>e.txt
check_eq "ggw-papers writes an xlsx form there (its libraries came from the bundle)" "$?" 0
check_eq "  ... a workbook" "$(head -c 2 "$R/tmp/form.xlsx" 2>/dev/null)" "PK"
# Installing again changes nothing and succeeds (all libraries present).
$cut chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
	sh /tmp/usb/install.sh >o.txt 2>e.txt
check_eq "install.sh a second time succeeds" "$?" 0
check_grep "  ... with no library left to install" "缺少的 0 个库" o.txt
exit $TESTS_FAILED
