# make deb: the Debian package builds with debian/, lintian finds no error,
# it holds every piece, installs with dpkg into a scratch root (only the
# package and its runtime libraries) where ggw --version runs, apt resolves
# its dependencies here, and the bash completion completes commands.
. "$GGW_SRC/tests/lib.sh"

for tool in dpkg-buildpackage dh fakeroot lintian dpkg-deb; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "ok - deb # SKIP $tool missing (apt-get install debhelper lintian dpkg-dev fakeroot)"
		exit 0
	fi
done

version=$(dpkg-parsechangelog -l "$GGW_SRC/debian/changelog" -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
make -C "$GGW_SRC" -s BUILD="$T/build" deb >"$T/deb.out" 2>&1
check_eq "make deb" "$?" 0
deb=$T/build/ggw_${version}_${arch}.deb
if [ ! -f "$deb" ]; then
	not_ok "make deb writes ggw_${version}_${arch}.deb"
	sed 's/^/# /' "$T/deb.out" | tail -20
	exit 1
fi
ok "make deb writes ggw_${version}_${arch}.deb"

lintian "$deb" >"$T/lintian.out" 2>&1
if grep -q '^E:' "$T/lintian.out"; then
	not_ok "lintian reports no error"
	grep '^E:' "$T/lintian.out" | sed 's/^/# /'
else
	ok "lintian reports no error"
fi
grep '^W:' "$T/lintian.out" | sed 's/^/# lintian /'

dpkg-deb -c "$deb" | awk '{print $6}' >"$T/contents"
dpkg-deb -f "$deb" Depends >"$T/depends"
for f in usr/bin/ggw usr/bin/ggw-terminal usr/share/man/man1/ggw.1.gz \
	usr/share/man/man5/ggw-records.5.gz usr/share/man/man7/ggw-sync.7.gz \
	usr/share/man/man1/ggw-terminal.1.gz usr/share/locale/en/LC_MESSAGES/ggw.mo \
	usr/share/applications/ggw.desktop usr/share/icons/hicolor/scalable/apps/ggw.svg \
	usr/share/bash-completion/completions/ggw usr/share/doc/ggw/copyright; do
	check_grep "package holds /$f" "./$f" "$T/contents"
done
# The Chinese man pages, once man/zh_CN/ exists.
for page in "$GGW_SRC"/man/zh_CN/*.[1-9]; do
	[ -f "$page" ] || continue
	name=$(basename "$page")
	check_grep "package holds the Chinese $name" "./usr/share/man/zh_CN/man${name##*.}/$name.gz" "$T/contents"
done
for lib in libc6 libncursesw6 libyaml-0-2 libgit2-1.5; do
	check_grep "depends on $lib by package name" "$lib" "$T/depends"
done

# apt resolves the dependencies on this system (a simulation: nothing changes).
if command -v apt-get >/dev/null 2>&1; then
	apt-get -s install "$deb" >"$T/apt.out" 2>&1
	check_grep "apt resolves the package's dependencies" "Inst ggw" "$T/apt.out"
fi

# A fresh root with nothing but the package and its runtime libraries.
R=$T/root
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates" "$R/tmp"
: >"$R/var/lib/dpkg/status"
dpkg --root="$R" --log=/dev/null --force-depends --force-not-root -i "$deb" >"$T/dpkg.out" 2>&1
check_eq "dpkg installs into a scratch root" "$?" 0
for lib in $(ldd "$R/usr/bin/ggw" | awk '/=>/ {print $3} /^[[:space:]]*\/.*ld-linux/ {print $1}'); do
	mkdir -p "$R$(dirname "$lib")" && cp -L "$lib" "$R$lib"
done
if [ "$(id -u)" = 0 ] && command -v chroot >/dev/null 2>&1; then
	got=$(chroot "$R" /usr/bin/ggw --version 2>&1)
	check_eq "ggw --version runs in the scratch root (chroot)" "$got" "ggw $version"
else
	libs=$(ldd "$R/usr/bin/ggw" | awk '/=>/ {print $3}' | xargs -n1 dirname | sort -u | sed "s|^|$R|" | paste -sd:)
	got=$(LD_LIBRARY_PATH=$libs "$R/usr/bin/ggw" --version 2>&1)
	check_eq "ggw --version runs from the scratch root (LD_LIBRARY_PATH, not root)" "$got" "ggw $version"
fi

# Optionally a real minimal bookworm (debootstrap, apt from the archive):
# GGW_DEB_BOOTSTRAP names a root made by debootstrap; it is copied, not changed.
if [ -n "${GGW_DEB_BOOTSTRAP:-}" ] && [ "$(id -u)" = 0 ]; then
	check "installs with apt into a debootstrapped bookworm and runs" \
		sh "$GGW_SRC/scripts/deb-try-bookworm.sh" "$deb" "$GGW_DEB_BOOTSTRAP"
fi

# Bash completion.
comp=$R/usr/share/bash-completion/completions/ggw
if command -v bash >/dev/null 2>&1; then
	got=$(bash -c '. "$1"; COMP_WORDS=(ggw sy); COMP_CWORD=1; _ggw; echo "${COMPREPLY[@]}"' sh "$comp")
	check_eq "bash completion: ggw sy<TAB> gives sync" "$got" "sync"
	got=$(bash -c '. "$1"; COMP_WORDS=(ggw remote l); COMP_CWORD=2; _ggw; echo "${COMPREPLY[@]}"' sh "$comp")
	check_eq "bash completion: ggw remote l<TAB> gives list" "$got" "list"
	got=$(bash -c '. "$1"; COMP_WORDS=(ggw -C dir report --forma); COMP_CWORD=4; _ggw; echo "${COMPREPLY[@]}"' sh "$comp")
	check_eq "bash completion: ggw -C dir report --forma<TAB> gives --format" "$got" "--format"
	# report has --form (the district's form) and --format: both offered.
	got=$(bash -c '. "$1"; COMP_WORDS=(ggw -C dir report --fo); COMP_CWORD=4; _ggw; echo "${COMPREPLY[@]}"' sh "$comp")
	check_eq "bash completion: ggw -C dir report --fo<TAB> gives --form --format" "$got" "--form --format"
fi

# The desktop entry and its launcher.
desk=$R/usr/share/applications/ggw.desktop
for line in "Name=关工委台账" "Name[en]=ggw" "Exec=ggw-terminal" "Terminal=false" "Categories=Office;" "Icon=ggw"; do
	check_grep "desktop entry has $line" "$line" "$desk"
done
if command -v desktop-file-validate >/dev/null 2>&1; then
	check "desktop-file-validate accepts the entry" desktop-file-validate "$desk"
fi
mkdir -p "$T/bin"
ln -s /bin/true "$T/bin/mate-terminal"
got=$(PATH="$T/bin:$PATH" XDG_CURRENT_DESKTOP=MATE sh "$R/usr/bin/ggw-terminal" --dry-run)
check_eq "ggw-terminal opens the desktop's terminal at 80x24" "$got" "mate-terminal --geometry=80x24 -t 关工委台账 -x ggw"
rm "$T/bin/mate-terminal"
if ! command -v x-terminal-emulator >/dev/null 2>&1; then
	ln -s /bin/true "$T/bin/xterm"
	got=$(PATH="$T/bin:$PATH" XDG_CURRENT_DESKTOP= sh "$R/usr/bin/ggw-terminal" --dry-run)
	case "$got" in
	*"xterm -title 关工委台账 -geometry 80x24"*" -e ggw") ok "ggw-terminal falls back to xterm at 80x24" ;;
	*) not_ok "ggw-terminal falls back to xterm at 80x24"; echo "# $got" ;;
	esac
	if command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh family | grep -qi 'CJK\|WenQuanYi'; then
		case "$got" in
		*" -fa "*) ok "ggw-terminal gives xterm a CJK font" ;;
		*) not_ok "ggw-terminal gives xterm a CJK font"; echo "# $got" ;;
		esac
	fi
fi
[ "$TESTS_FAILED" -eq 0 ]
