#!/bin/sh
# Install a built ggw .deb into a minimal Debian 12 made by debootstrap and
# run it there: apt resolves the dependencies from the archive, then
# ggw --version, ggw init and ggw doctor run in the chroot. Needs root,
# debootstrap and the Debian mirror (about 2-3 minutes for the bootstrap;
# pass a root made earlier to reuse it: it is copied, never changed).
# Usage: sh scripts/deb-try-bookworm.sh GGW.deb [BOOTSTRAPPED-ROOT]
set -eu
deb=${1:?usage: deb-try-bookworm.sh GGW.deb [ROOT]}
base=${2:-}
mirror=${GGW_DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" = 0 ] || { echo "deb-try-bookworm.sh: run as root (chroot)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ggw-bookworm.XXXXXX")
root=$work/root
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
if [ -n "$base" ]; then
	cp -a "$base" "$root"
else
	command -v debootstrap >/dev/null || { echo "deb-try-bookworm.sh: apt-get install debootstrap" >&2; exit 1; }
	debootstrap --variant=minbase bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 ||
		{ tail -20 "$work/debootstrap.log" >&2; exit 1; }
fi
# A standard Debian 12 has the security archive (libgit2-1.5's fixes are there).
grep -q bookworm-security "$root/etc/apt/sources.list" ||
	echo "deb ${mirror%/debian}/debian-security bookworm-security main" >>"$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/ggw.deb"
mount -t proc proc "$root/proc"
chroot "$root" sh -ec '
	export DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends /tmp/ggw.deb >/tmp/apt.log 2>&1 || { tail -20 /tmp/apt.log; exit 1; }
	ggw --version
	cd /tmp && ggw init /tmp/ledger --street 测试街道关工委 --unit xinyi >/dev/null
	ggw -C /tmp/ledger doctor || true
	test -f /usr/share/applications/ggw.desktop
	test -f /usr/share/bash-completion/completions/ggw
'
echo "deb-try-bookworm.sh: ggw installs and runs in a fresh bookworm"
