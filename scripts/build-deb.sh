#!/bin/sh
# make deb: build ggw_<version>_<arch>.deb with debian/ (debhelper) from a
# copy of the sources under BUILD/deb, since dpkg-buildpackage writes its
# results beside the source folder. The .deb ends up in BUILD/.
# Usage: sh scripts/build-deb.sh BUILD
set -eu
build=${1:?usage: build-deb.sh BUILD}
src=$(cd "$(dirname "$0")/.." && pwd)
for t in dpkg-buildpackage dh fakeroot dpkg-parsechangelog; do
	command -v "$t" >/dev/null 2>&1 || {
		echo "ggw: make deb needs $t: apt-get install dpkg-dev debhelper fakeroot" >&2
		exit 1
	}
done
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
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
# The package builds with its own settings, not the calling make's (BUILD=...).
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
: "${DEB_BUILD_OPTIONS:=parallel=2}"
export DEB_BUILD_OPTIONS
(cd "$work/ggw-$version" && dpkg-buildpackage -b -us -uc) >"$work/build.log" 2>&1 || {
	tail -30 "$work/build.log" >&2
	echo "ggw: dpkg-buildpackage failed (log: $work/build.log)" >&2
	exit 1
}
deb=ggw_${version}_${arch}.deb
mv "$work/$deb" "$build/$deb"
echo "$build/$deb"
