#!/bin/sh
# make offline: the folder to copy onto a USB stick for PCs without network,
# BUILD/offline/ggw-<version>/:
#   install.sh              run as root on the PC (scripts/offline-install.sh)
#   说明.txt                what to do, in Chinese
#   amd64/ggw_<v>_amd64.deb and amd64/libs/*.deb (and arm64/ the same)
#   amd64/needs-libc6       the oldest C library the packages run with
#   SHA256SUMS              every file, checked by install.sh first
# The library packages are what a minimal Debian 12 (its Essential and
# required packages) lacks to run ggw and ggw-papers, resolved by apt
# against such a base and fetched with apt-get download from the archive
# this machine's apt is set up with: the normal packaging path, so the
# network to the Debian archive must be open while this runs.
# Usage: sh scripts/offline.sh BUILD [ARCH...]   (default: amd64, and arm64
# when its cross build works: crossbuild-essential-arm64, :arm64 -dev packages)
set -eu
build=${1:?usage: offline.sh BUILD [ARCH...]}
shift
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$build"
build=$(cd "$build" && pwd)
for t in apt-get dpkg-deb dpkg-parsechangelog sha256sum python3; do
	command -v "$t" >/dev/null 2>&1 || { echo "ggw: make offline needs $t" >&2; exit 1; }
done
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
native=$(dpkg --print-architecture)
arches=${*:-}
if [ -z "$arches" ]; then
	arches=$native
	if [ "$native" = amd64 ] && command -v aarch64-linux-gnu-gcc >/dev/null 2>&1 &&
	   dpkg --print-foreign-architectures | grep -qx arm64; then
		arches="$arches arm64"
	else
		echo "ggw: no arm64 cross toolchain (crossbuild-essential-arm64, dpkg --add-architecture arm64): amd64 only" >&2
	fi
fi
out=$build/offline/ggw-$version
work=$build/offline/work
rm -rf "$out" "$work"
mkdir -p "$out" "$work"
start=$(date +%s)

for arch in $arches; do
	deb=$build/offline/deb-$arch/ggw_${version}_$arch.deb
	# OFFLINE_REUSE=1: keep a package built by an earlier run (development).
	if [ "${OFFLINE_REUSE:-0}" != 1 ] || [ ! -f "$deb" ]; then
		echo "ggw: $arch: building the package" >&2
		deb=$(sh "$src/scripts/build-deb.sh" "$build/offline/deb-$arch" "$arch")
	fi
	mkdir -p "$out/$arch/libs"
	cp "$deb" "$out/$arch/"
	# A minimal Debian 12 of this architecture, as apt's installed packages.
	python3 "$src/scripts/offline-base.py" "$arch" >"$work/status-$arch"
	apt-get -q -o Debug::NoLocking=1 -o Dir::State::status="$work/status-$arch" \
		-o APT::Architecture="$arch" -o APT::Architectures::="$arch" \
		--no-install-recommends -s install "$out/$arch/$(basename "$deb")" >"$work/plan-$arch" 2>&1 || {
		tail -20 "$work/plan-$arch" >&2
		echo "ggw: apt cannot resolve ggw's libraries for $arch (is $arch in apt's sources? dpkg --add-architecture $arch; apt-get update)" >&2
		exit 1
	}
	# "Inst NAME [OLD] (VERSION ARCHIVE, ... [ARCH])": the packages to fetch.
	pkgs=$(sed -n 's/^Inst \([^ ]*\) \(\[[^]]*\] \)\{0,1\}(\([^ ]*\) .*\[\([^]]*\)\])$/\1:\4=\3/p' "$work/plan-$arch" |
		grep -v '^ggw:')
	echo "ggw: $arch: fetching $(echo "$pkgs" | wc -w) library packages" >&2
	# apt-get download runs as _apt when it can: a folder it may write.
	chmod 777 "$out/$arch/libs"
	(cd "$out/$arch/libs" && apt-get -q download $pkgs) >"$work/download-$arch" 2>&1 || {
		tail -10 "$work/download-$arch" >&2
		echo "ggw: apt-get download failed for $arch: no network to the Debian archive? The bundle is not complete." >&2
		exit 1
	}
	chmod 755 "$out/$arch/libs"
	# The oldest libc6 every package of the folder accepts.
	need=0
	for f in "$out/$arch"/*.deb "$out/$arch"/libs/*.deb; do
		for v in $(dpkg-deb -f "$f" Depends Pre-Depends | tr ',' '\n' |
			   sed -n 's/^ *libc6 *(>= *\([^)]*\)).*/\1/p'); do
			dpkg --compare-versions "$v" gt "$need" && need=$v
		done
	done
	echo "$need" >"$out/$arch/needs-libc6"
done

install -m 755 "$src/scripts/offline-install.sh" "$out/install.sh"
install -m 644 "$src/scripts/offline-readme.txt" "$out/说明.txt"
(cd "$out" && find . -type f ! -name SHA256SUMS | LC_ALL=C sort | sed 's|^\./||' |
	while read -r f; do sha256sum "$f"; done >SHA256SUMS)
rm -rf "$work"
echo "ggw: $(du -sh "$out" | cut -f1) in $out ($(echo $arches), $(( $(date +%s) - start )) s)" >&2
echo "$out"
