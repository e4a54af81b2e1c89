# The ggw program loads libgit2 on first use (storage/git2lazy.h): the
# read-only commands answered from the work tree and the cache never load
# it (nor the 14 libraries it needs), the others load it and work. The same
# for libsodium (a signed commit loads it) and the image libraries libjpeg,
# libpng and libexif (a photo attached loads them) (storage/liblazy.h). Seen
# through glibc's LD_DEBUG=files, which names every object loaded, dlopen
# included. Also: list's table is the same with hostile cells (the fast
# paths of records/output.c and model/safetext.c). A file changed within
# the last two seconds is hashed (records/ledger.c, with libgit2): the
# files here are made older first.
. "$GGW_SRC/tests/lib.sh"

if ldd "$GGW_BIN" 2>/dev/null | grep -q libgit2; then
	echo "ok - lazygit # SKIP this build links libgit2 directly (not x86_64/aarch64)"
	exit 0
fi
if ! LD_DEBUG=files "$GGW_BIN" --version 2>&1 | grep -q "file=libc.so"; then
	echo "ok - lazygit # SKIP LD_DEBUG=files says nothing here (not glibc)"
	exit 0
fi
loads_git() { LD_DEBUG=files "$GGW_BIN" "$@" 2>&1 >/dev/null | grep -c "file=libgit2.*dynamically loaded"; }
# loads_lib LIB CMD...: how many times CMD maps LIB (libsodium, libjpeg, ...), however
loads_lib() {
	_lib=$1; shift
	LD_DEBUG=files "$GGW_BIN" "$@" 2>&1 >/dev/null | grep -c "file=$_lib[.0-9]*so.*;  needed by\|file=$_lib[.0-9]*so.*dynamically loaded"
}
check_eq "the ggw program is not linked with libsodium, libjpeg, libpng or libexif" \
	"$(ldd "$GGW_BIN" | grep -c 'libsodium\|libjpeg\|libpng\|libexif')" 0

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null || exit 1
cd led || exit 1
ggw config ggw.unit xinyi >/dev/null
add() { ggw add --set date="$1" --set category=law --set form=lecture --set youth_count=3 --set title="$2"; }
a1=$(add 2024-07-10 普法讲座)
add 2024-03-05 "Law, 第二 \"引号\"" >/dev/null
add 2024-05-05 "一个很长很长的标题，长到列表的标题一栏放不下，要用省略号截断才行" >/dev/null
find activities -type f -exec touch -d "2 hours ago" {} +
sleep 3 # their inode change times too
ggw list >/dev/null # the cache, with the files' new times
for cmd in "list" "list --count" "list --format ids" "list --format csv" "list --format yaml" \
	"show $a1" "report --year 2024" "audit"; do
	# shellcheck disable=SC2086
	check_eq "ggw $cmd does not load libgit2" "$(loads_git $cmd)" 0
	for lib in libsodium libjpeg libpng16 libexif libz; do
		# shellcheck disable=SC2086
		check_eq "ggw $cmd does not load $lib" "$(loads_lib $lib $cmd)" 0
	done
done
check_eq "a signed commit (ggw add) loads libsodium" \
	"$(loads_lib libsodium add --set date=2024-08-01 --set category=law --set form=lecture --set youth_count=2 --set title=签名)" 1
check "and the commit is signed" sh -c "git cat-file commit HEAD | grep -q 'BEGIN SSH SIGNATURE'"
if command -v cjpeg >/dev/null; then
	printf 'P6\n64 48\n255\n' >"$T/p.ppm"
	head -c $((64 * 48 * 3)) /dev/urandom >>"$T/p.ppm"
	cjpeg -quality 90 "$T/p.ppm" >"$T/photo.jpg"
	check_eq "attaching a photo loads libjpeg" "$(loads_lib libjpeg attach "$a1" "$T/photo.jpg" --caption 现场)" 1
	check_grep "and the photo is in the record's evidence" "现场" "$(ggw evidence list "$a1" >"$T/ev" 2>&1; echo "$T/ev")"
else
	echo "ok - # SKIP attaching a photo: cjpeg missing (libjpeg-turbo-progs)"
fi
check_eq "ggw log loads libgit2" "$(loads_git log)" 1
check_grep "and shows the history" "普法讲座" "$(ggw log >"$T/log" 2>&1; echo "$T/log")"
check_eq "ggw status loads it" "$(loads_git status)" 1
check "ggw check works with it" ggw check

ggw list >"$T/table" 2>&1
check_grep "a long title is cut with an ellipsis" "标题一栏…  " "$T/table"
check_grep "the count of five-have items" " 0/5" "$T/table"

# A library that cannot be loaded when first needed: said in Chinese,
# naming the library and its package, exit 127 (as the dynamic loader
# would have at start). LD_LIBRARY_PATH puts a broken one first.
so=$(ldd "$GGW_BUILD/ggw-papers" 2>/dev/null | awk '$1 ~ /^libsodium/ { print $1; exit }')
if [ -n "$so" ]; then
	mkdir -p "$T/badlib" "$T/oddlib"
	printf 'not a library\n' >"$T/badlib/$so"
	LD_LIBRARY_PATH="$T/badlib" "$GGW_BIN" init "$T/led2" --street 新义街道关工委 --unit xinyi \
		--unit-name 新义村关工委 >"$T/bad.out" 2>&1
	check_eq "libsodium unloadable when needed: exit 127" "$?" 127
	check_grep "the message names the library" "无法载入 $so" "$T/bad.out"
	check_grep "and the package" "请安装 libsodium23 软件包" "$T/bad.out"
	# A library of that name without the functions: said too.
	cp "$(ldd "$GGW_BIN" | awk '$1 ~ /^libyaml/ { print $3; exit }')" "$T/oddlib/$so"
	LD_LIBRARY_PATH="$T/oddlib" "$GGW_BIN" init "$T/led3" --street 新义街道关工委 --unit xinyi \
		--unit-name 新义村关工委 >"$T/odd.out" 2>&1
	check_eq "libsodium without its functions: exit 127" "$?" 127
	check_grep "the message names a missing function" "里没有 crypto_" "$T/odd.out"
	check_eq "the read-only commands do not care" \
		"$(LD_LIBRARY_PATH="$T/badlib" "$GGW_BIN" list --count)" 4
else
	echo "ok - # SKIP no libsodium in ggw-papers' libraries"
fi
