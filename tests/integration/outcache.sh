# list --format csv|yaml through the output cache (.git/ggw/outcache): the
# same bytes as a listing without it, hand edits seen at once, a damaged or
# stale cache never shown, removed records dropped from it.
. "$GGW_SRC/tests/lib.sh"

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null || exit 1
cd led || exit 1
ggw config ggw.unit xinyi >/dev/null
add() { ggw add --set date="$1" --set category=law --set form=lecture --set youth_count=3 --set title="$2"; }
a1=$(add 2024-07-10 普法讲座)
a2=$(add 2024-03-05 "Law, 第二 \"引号\"")
a3=$(add 2023-12-31 年末走访)
oc=.git/ggw/outcache

listing() { ggw list --format "$@" 2>&1; }
has() { _n=$1 _want=$2; shift 2; listing "$@" >"$T/l.out"; check_grep "$_n" "$_want" "$T/l.out"; }
lacks() { _n=$1 _want=$2; shift 2; listing "$@" >"$T/l.out"; check_nogrep "$_n" "$_want" "$T/l.out"; }
for f in csv yaml; do
	rm -f "$oc"
	first=$(listing $f)
	check "$f: the cache is written" test -s "$oc"
	check_eq "$f: from the cache, the same bytes" "$(listing $f)" "$first"
done
excel=$(listing csv --excel)
check_eq "csv --excel from the cache, the same bytes" "$(listing csv --excel)" "$excel"
check_eq "csv --excel keeps the BOM" "$(printf '%s' "$excel" | head -c 3 | od -An -tx1 | tr -d ' ')" "efbbbf"

f1=$(ls activities/*/*/"$a1".yaml)
sed -i 's/^title: .*/title: 手改的标题/' "$f1"
has "a hand edit is seen in yaml" "手改的标题" yaml
has "a hand edit is seen in csv" "手改的标题" csv
lacks "the old title is gone" "普法讲座" csv

printf 'GGWOUTC\0garbage' >"$oc"
has "a damaged cache is ignored" "手改的标题" yaml
check_eq "and rewritten" "$(head -c 7 "$oc")" "GGWOUTC"

size_before=$(wc -c <"$oc")
ggw rm "$a2" >/dev/null 2>&1
listing yaml >/dev/null
ggw add --set date=2024-01-01 --set category=law --set form=lecture --set youth_count=1 --set title=新 >/dev/null
listing yaml >/dev/null
lacks "a removed record is not listed" "第二" csv
check "a removed record leaves the cache" test "$(wc -c <"$oc")" -lt "$((size_before + 400))"

# The cache's texts were escaped when written, and what is printed from
# it is checked again: controls planted in the file (a damaged disk, a
# hand) come out escaped, never raw.
listing yaml >/dev/null
listing csv >/dev/null
python3 - "$oc" <<'PY'
import sys
path = sys.argv[1]
b = bytearray(open(path, "rb").read())
title = "手改".encode()
at = [i for i in range(len(b)) if b[i:i + len(title)] == title]
assert len(at) >= 2, at
b[at[0]:at[0] + 3] = b"\xc2\x9bx"       # CSV area first: a C1 CSI
b[at[-1]:at[-1] + 3] = b"\xe2\x80\xae"  # YAML area: a bidi override
i = b.index(b"schema:")
b[i:i + 6] = b"\x1b[2Jma"              # an ESC sequence
open(path, "wb").write(bytes(b))
PY
esc=$(printf '\033')
listing yaml >"$T/planted.yaml"
listing csv >"$T/planted.csv"
check_grep "a planted ESC is escaped" '\x1b[2Jma' "$T/planted.yaml"
check_nogrep "and never printed raw" "$esc" "$T/planted.yaml"
check_grep "a planted bidi override is escaped" '\u202e' "$T/planted.yaml"
check_grep "a planted C1 control is escaped" '\u009bx' "$T/planted.csv"
check_nogrep "and never printed raw" "$(printf '\302\233')" "$T/planted.csv"

# More than one write of stdout (64 KB): texts cut between two writes,
# in the middle of a character or of a CR LF, come out whole.
long=$(python3 -c 'print("长文本，有标点—省略号…和空格 " * 150)')
for d in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25; do
	ggw add --set date=2025-03-"$d" --set category=law --set form=lecture --set youth_count=1 \
		--set title="长记录$d" --set content="$long" >/dev/null || exit 1
done
rm -f "$oc"
listing yaml >"$T/fresh.yaml"
listing csv >"$T/fresh.csv"
check "the listing is over two writes of 64 KB" test "$(wc -c <"$T/fresh.yaml")" -gt 131072
check_eq "yaml: from the cache, the same bytes" "$(listing yaml | cksum)" "$(cksum <"$T/fresh.yaml")"
check_eq "csv: from the cache, the same bytes" "$(listing csv | cksum)" "$(cksum <"$T/fresh.csv")"
check_nogrep "no character cut into escapes" '\x' "$T/fresh.yaml"

# Temporaries a killed writer left beside the caches go at the next
# write; a live process's stay.
dead=$(sh -c 'echo $$')
: >".git/ggw/outcache.tmp.$dead"
: >".git/ggw/cache.tmp.$dead"
: >".git/ggw/outcache.tmp.$$"
sed -i 's/^title: .*/title: 又改的标题/' "$f1"
listing yaml >/dev/null
check "a dead writer's output cache temporary is removed" test ! -e ".git/ggw/outcache.tmp.$dead"
check "a dead writer's ledger cache temporary is removed" test ! -e ".git/ggw/cache.tmp.$dead"
check "a live process's temporary stays" test -e ".git/ggw/outcache.tmp.$$"
rm -f ".git/ggw/outcache.tmp.$$"

echo 'schema: ggw/activity/1
id: broken' >"$f1"
has "an invalid file is warned about, not cached" "跳过无效文件" yaml
has "and warned about again" "跳过无效文件" csv
exit 0
