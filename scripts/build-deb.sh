#!/bin/sh
# make deb: build ggw_<version>_<arch>.deb with debian/ (debhelper) from a
# copy of the sources under BUILD/deb, since dpkg-buildpackage writes its
# results beside the source folder. The .deb ends up in BUILD/.
# Usage: sh scripts/build-deb.sh BUILD [ARCH]   (ARCH: cross-build for it,
# e.g. arm64, with crossbuild-essential-ARCH and the :ARCH -dev packages)
set -eu
build=${1:?usage: build-deb.sh BUILD [ARCH]}
host_arch=${2:-}
src=$(cd "$(dirname "$0")/.." && pwd)
for t in dpkg-buildpackage dh fakeroot dpkg-parsechangelog; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "ggw: make deb needs $t: apt-get install dpkg-dev debhelper fakeroot" >&2
		exit 1
	}
done
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
arch=${host_arch:-$(dpkg-architecture -qDEB_HOST_ARCH)}
cross=""
[ "$arch" = "$(dpkg-architecture -qDEB_BUILD_ARCH)" ] || cross="-a$arch"
# The package's version is the program's: ggw --version must agree.
if ! grep -q "^#define GGW_VERSION \"$version\"" "$src/tui/cli/main.c"; then
	echo "ggw: debian/changelog says $version, tui/cli/main.c's GGW_VERSION differs" >&2
	exit 1
fi
mkdir -p "$build"
build=$(cd "$build" && pwd)
work=$build/deb
rm -rf "$work"
mkdir -p "$work/ggw-$version"
(cd "$src" && tar -cf - Makefile README.md debian man model papers po records scripts storage tui) |
	(cd "$work/ggw-$version" && tar -xf -)
if [ -n "$cross" ]; then
	# libgit2-dev:ARCH cannot be installed beside libgit2-dev (it is not
	# Multi-Arch: same): it is unpacked instead (scripts/cross-sysroot.sh) and
	# the build-dependency check skipped for it alone.
	unmet=$(cd "$work/ggw-$version" && dpkg-checkbuilddeps -a"$arch" 2>&1 | sed -n 's/.*Unmet build dependencies: //p')
	rest=$(echo "$unmet" | sed 's/libgit2-dev\(:[a-z0-9]*\)\{0,1\}\( ([^)]*)\)\{0,1\}//g' | tr -d ' ')
	if [ -n "$rest" ]; then
		echo "ggw: unmet build dependencies for $arch: $unmet" >&2
		exit 1
	fi
	if [ -n "$unmet" ]; then
		PKG_CONFIG_PATH=$(sh "$src/scripts/cross-sysroot.sh" "$arch" "$build/sysroot-$arch" libgit2-dev)
		export PKG_CONFIG_PATH
		cross="$cross -d"
	fi
fi
# The package builds with its own settings, not the calling make's (BUILD=...).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
: "${DEB_BUILD_OPTIONS:=parallel=2}"
export DEB_BUILD_OPTIONS
(cd "$work/ggw-$version" && dpkg-buildpackage -b -us -uc $cross) >"$work/build.log" 2>&1 || {
	tail -30 "$work/build.log" >&2
	echo "ggw: dpkg-buildpackage failed (log: $work/build.log)" >&2
	exit 1
}
deb=ggw_${version}_${arch}.deb
mv "$work/$deb" "$build/$deb"
echo "$build/$deb"
