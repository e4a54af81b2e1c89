# Evidence on paper and in the audit (issue 14, item 4): `ggw print` and
# `ggw binder` show a record's photos as JPEG thumbnails with captions
# (pdfimages -list: their number and size), a PDF scan as a line, and
# "照片未同步到本机" where this PC lacks the bytes (a plain git clone holds
# no store); the binder's cover counts photos showing minors; `ggw audit`
# lists activities without evidence once the ledger holds some; rules.yaml's
# no_evidence check takes points off only where the sheet has it.
. "$GGW_SRC/tests/lib.sh"

for tool in pdfimages pdftotext pdfinfo; do
	command -v $tool >/dev/null 2>&1 || { echo "ok - SKIP $tool (poppler-utils) is not installed"; exit 0; }
done
IMG="$GGW_BUILD/image_tool"
[ -x "$IMG" ] || { echo "ok - SKIP $IMG is not built"; exit 0; }
export GGW_TODAY=2024-12-30
# pdftotext's text with every space taken out (it spaces Chinese its own way)
flat() { pdftotext "$@" - | sed 's/[[:space:]　]//g' | tr -d '\n'; }

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null 2>&1
export GGW_DIR="$T/led"
ggw config ggw.unit xinyi >/dev/null
ggw config user.name 王秀英 >/dev/null

add() { # title date form -> id
	ggw add --set title="$1" --set date="$2" --set category=safety --set form="$3" \
		--set youth_count=40 --set adult_count=6
}
A=$(add 护苗宣讲进校园 2024-05-30 lecture)
B=$(add 暑期防溺水讲座 2024-07-10 lecture)
C=$(add 关工委工作例会 2024-09-02 meeting)
check "three activities added" test -n "$A" -a -n "$B" -a -n "$C"

# A phone's photos (4:3, one held upright: EXIF orientation 6) and a PDF
# scan of a sign-in sheet (a PDF ggw itself printed stands in for it).
"$IMG" gen 2000 1500 p1.jpg 90 >/dev/null
"$IMG" gen 2000 1500 p2.jpg 88 6 >/dev/null
ggw print "$C" -o sheet-scan.pdf >/dev/null 2>&1
check "photos and a scan to attach" test -s p1.jpg -a -s p2.jpg -a -s sheet-scan.pdf
check "attach two photos (minors visible)" ggw attach "$A" p1.jpg p2.jpg --caption 新义小学护苗宣讲现场 --minors-visible
check "attach the sign-in sheet scan" ggw attach "$A" sheet-scan.pdf --caption 护苗宣讲签到表

# --- the record sheet --------------------------------------------------------
check "print the activity with its evidence" ggw print "$A" -o a.pdf
pdfimages -list a.pdf >a.images 2>&1
check_eq "print: two images in the PDF" "$(tail -n +3 a.images | wc -l | tr -d ' ')" 2
check_eq "print: thumbnails of 600x450 and 450x600 (upright)" \
	"$(tail -n +3 a.images | awk '{print $4 "x" $5}' | sort | tr '\n' ' ')" "450x600 600x450 "
check_eq "print: thumbnails embedded as JPEG" "$(tail -n +3 a.images | awk '{print $9}' | sort -u)" jpeg
pdftotext -layout a.pdf a.txt
check_grep "print: the evidence heading" "佐证材料（3 件）" a.txt
flat a.pdf >a.flat
check_grep "print: photo 1's caption" "图1新义小学护苗宣讲现场" a.flat
check_grep "print: photo 2's caption" "图2新义小学护苗宣讲现场" a.flat
check_grep "print: minors flagged under the photos" "拍到未成年人" a.txt
check_grep "print: the scan as a line naming it" "签到表等扫描件：护苗宣讲签到表（PDF" a.txt
check_nogrep "print: nothing missing on this PC" "未同步到本机" a.txt
size=$(wc -c <a.pdf)
[ "$size" -lt 400000 ] && ok "print: the sheet stays small ($size bytes)" || not_ok "print: the sheet stays small ($size bytes)"
echo "# print with 2 photos + 1 scan: $size bytes"

# --- the binder ----------------------------------------------------------------
check "binder of the unit's year" ggw binder --unit xinyi --year 2024 -o binder.pdf
pdfimages -list binder.pdf >b.images 2>&1
check_eq "binder: the two thumbnails" "$(tail -n +3 b.images | wc -l | tr -d ' ')" 2
pdftotext -layout binder.pdf b.txt
flat binder.pdf >b.flat
check_grep "binder: captions" "图1新义小学护苗宣讲现场" b.flat
check_grep "binder: the scan line" "签到表等扫描件：护苗宣讲签到表" b.txt
pdftotext -f 1 -l 1 binder.pdf cover.txt
tr -d '\n' <cover.txt >cover1.txt
check_grep "binder cover: how many photos show minors" "本册附照片 2 张，其中 2 张拍到未成年人" cover1.txt
check_nogrep "binder cover: nothing unsynced" "没有同步到本机" cover1.txt
echo "# binder: $(wc -c <binder.pdf) bytes"

# --- a PC without the photos: a plain git clone holds no store -------------------
git clone -q led other
GGW_DIR="$T/other" ggw config ggw.unit xinyi >/dev/null
check "print on a PC without the store" env GGW_DIR="$T/other" "$GGW_BIN" print "$A" -o other.pdf
pdftotext -layout other.pdf other.txt
check_grep "missing photo: 照片未同步到本机 in its place" "照片未同步到本机" other.txt
check_eq "missing photos: the line once per photo" "$(grep -o 照片未同步到本机 other.txt | wc -l | tr -d ' ')" 2
flat other.pdf >other.flat
check_grep "missing photo: its caption still printed" "图1新义小学护苗宣讲现场" other.flat
check_grep "missing scan: a line saying so" "护苗宣讲签到表（未同步到本机" other.txt
check_eq "missing photos: no image in the PDF" "$(pdfimages -list other.pdf | tail -n +3 | wc -l | tr -d ' ')" 0
check "binder on that PC" env GGW_DIR="$T/other" "$GGW_BIN" binder --unit xinyi --year 2024 -o other-b.pdf
pdftotext -f 1 -l 1 other-b.pdf - | tr -d '\n' >other-cover.txt
check_grep "binder cover: files not synced are counted" "有 3 件佐证材料还没有同步到本机" other-cover.txt

# --- a bad stored file: a line, not a crash ---------------------------------------
# (image.c refuses what is not JPEG/PNG; the sheet names it instead of failing)
check "print still works for the activity without evidence" ggw print "$B" -o b.pdf
pdftotext b.pdf - | grep -c 佐证材料 >b.count
check_eq "no evidence section without evidence" "$(cat b.count)" 0

# --- audit ---------------------------------------------------------------------
ggw audit --year 2024 >audit.txt
check_grep "audit: the kind's heading" "没有照片或签到表的活动：" audit.txt
check_grep "audit lists the lecture without photos" "$B" audit.txt
check_grep "audit lists the meeting without a sign-in sheet" "$C" audit.txt
sed -n '/没有照片或签到表的活动：/,/怎样改/p' audit.txt >noev.txt
check_nogrep "audit does not list the activity with evidence" "$A" noev.txt
check_grep "audit: the hint names the key and ggw attach" "按 a 选现场照片或签到表扫描件附上；也可以用命令 ggw attach" noev.txt
check_grep "audit: the summary counts them" "活动无照片 2" audit.txt

# A ledger with no evidence anywhere is not told every activity lacks it.
ggw init plain --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null 2>&1
GGW_DIR="$T/plain" ggw config ggw.unit xinyi >/dev/null
GGW_DIR="$T/plain" add 护苗宣讲进校园 2024-05-30 lecture >/dev/null
GGW_DIR="$T/plain" ggw audit --year 2024 >plain.txt
check_nogrep "no evidence in the ledger: the kind is not listed" "没有照片或签到表的活动" plain.txt

# --- score: no_evidence loses points only where rules.yaml checks it ------------
ggw score --year 2024 --unit xinyi >score0.txt
check_nogrep "built-in sheet: no_evidence is not checked" "没有照片或签到表的活动" score0.txt
got0=$(sed -n 's/^【新义村关工委】得分 \([0-9.]*\) .*/\1/p' score0.txt)
ggw rules show --default >rules0.yaml
cat >item.yaml <<'EOF'
  - id: evidence
    title: "活动有照片或签到表"
    points: 4
    check: no_evidence
    deduct: 1.5
EOF
# the item goes at the end of sheet:, before report_form:'s comment
awk '/^# 报表栏目/ { while ((getline l < "item.yaml") > 0) print l } { print }' rules0.yaml >rules.yaml
ggw config ggw.unit office >/dev/null
check "rules.yaml with a no_evidence check" env EDITOR="cp $T/rules.yaml" "$GGW_BIN" rules edit
ggw config ggw.unit xinyi >/dev/null
ggw score --year 2024 --unit xinyi >score1.txt
check_grep "sheet with the check: the item is scored" "活动有照片或签到表" score1.txt
check_grep "two activities lack evidence: 3 points off" "没有照片或签到表的活动：台账有 2，最多 0，差 2，扣 3 分" score1.txt
check_grep "the item keeps 1 of 4 points" "4 分，得 1 分" score1.txt
got1=$(sed -n 's/^【新义村关工委】得分 \([0-9.]*\) .*/\1/p' score1.txt)
check_eq "the rest of the sheet scores as before (+1 of the new item)" "$(echo "$got0 + 1" | bc 2>/dev/null || awk "BEGIN{print $got0 + 1}")" "$got1"
ggw score --year 2024 --unit xinyi --format csv >score1.csv
check_grep "csv: the check's row" "evidence,活动有照片或签到表,4,1,no_evidence,2,0,2,3," score1.csv
# attach to the other two: nothing missing, full points
"$IMG" gen 1200 900 p3.jpg >/dev/null
ggw attach "$B" p3.jpg --caption 防溺水讲座现场 >/dev/null
ggw attach "$C" sheet-scan.pdf --caption 例会签到表 >/dev/null
ggw score --year 2024 --unit xinyi >score2.txt
check_grep "every activity with evidence: the check is met" "没有照片或签到表的活动：台账有 0，最多 0，达标" score2.txt
ggw audit --year 2024 >audit2.txt
check_nogrep "audit: nothing left without evidence" "没有照片或签到表的活动" audit2.txt

exit 0
