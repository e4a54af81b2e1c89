#!/bin/sh
# make cross: development packages of ARCH that Debian 12 cannot install
# beside the native ones (libgit2-dev is not Multi-Arch: same, so
# libgit2-dev:arm64 removes libgit2-dev:amd64), unpacked into DIR instead
# of installed: apt-get download, dpkg-deb -x, and the .so links pointed at
# the runtime library installed for ARCH (libgit2-1.5:arm64 is co-installable).
# Their .pc files get prefix=DIR/usr; the Makefile puts
# DIR/usr/lib/<triplet>/pkgconfig first in PKG_CONFIG_PATH.
# Usage: sh scripts/cross-sysroot.sh ARCH DIR PACKAGE...
set -eu
arch=${1:?usage: cross-sysroot.sh ARCH DIR PACKAGE...}
dir=${2:?usage: cross-sysroot.sh ARCH DIR PACKAGE...}
shift 2
triplet=$(dpkg-architecture -a"$arch" -qDEB_HOST_MULTIARCH 2>/dev/null)
mkdir -p "$dir/debs"
dir=$(cd "$dir" && pwd)
chmod 777 "$dir/debs" # apt-get download writes as _apt when it can
for p in "$@"; do
	ls "$dir/debs/${p}_"*"_$arch.deb" >/dev/null 2>&1 ||
		(cd "$dir/debs" && apt-get -q download "$p:$arch") >"$dir/download.log" 2>&1 || {
			cat "$dir/download.log" >&2
			echo "ggw: cannot fetch $p:$arch (apt-get download; network to the Debian archive?)" >&2
			exit 1
		}
	dpkg-deb -x "$dir/debs/${p}_"*"_$arch.deb" "$dir"
done
for so in "$dir/usr/lib/$triplet"/*.so; do
	[ -L "$so" ] || continue
	target=$(readlink "$so")
	case $target in /*) ;; *) ln -sf "/usr/lib/$triplet/$target" "$so" ;; esac
	[ -e "$so" ] || { echo "ggw: $(basename "$so") of $arch points nowhere: install its runtime library for $arch" >&2; exit 1; }
done
for pc in "$dir/usr/lib/$triplet/pkgconfig"/*.pc; do
	sed -i -e "s#^\(prefix\|libdir\|includedir\)=\"/usr#\1=\"$dir/usr#" "$pc"
done
echo "$dir/usr/lib/$triplet/pkgconfig"
