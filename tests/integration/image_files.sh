# Evidence photos through build/image_tool (storage/image.c), checked with
# tools that are not ggw's: exiftool finds no metadata at all in what would
# be stored (EXIF, GPS, XMP, IPTC, ICC, comments), djpeg decodes it, and
# the sizes and upright turn are as asked. Refusals: exit 1, a Chinese
# message, and no output file. Skips (saying so) without exiftool/djpeg.
. "$GGW_SRC/tests/lib.sh"

tool="$GGW_BUILD/image_tool"
if [ ! -x "$tool" ]; then
	not_ok "image_tool built ($tool)"
	exit 0
fi
if ! command -v exiftool >/dev/null 2>&1 || ! command -v djpeg >/dev/null 2>&1; then
	echo "ok - image files # SKIP exiftool or djpeg missing (libimage-exiftool-perl, libjpeg-turbo-progs)"
	exit 0
fi

# A phone photo: 3000x2000 as the sensor saw it, EXIF orientation 6 (to be
# turned a quarter clockwise), GPS and a serial; exiftool adds XMP, IPTC,
# a comment and more GPS as photo apps do.
"$tool" gen 3000 2000 phone.jpg 90 6
exiftool -q -overwrite_original -XMP:GPSLatitude=31.2 -XMP:GPSLongitude=121.4 \
	-XMP:Creator=XiaoMing -IPTC:Keywords=children -Comment=SECRET-COMMENT \
	-EXIF:Artist=ARTIST-NAME -GPSAltitude=12 phone.jpg
# -G0:1 names each tag's group as [EXIF:GPS], [XMP:XMP-exif], [IPTC].
exiftool -a -G0:1 phone.jpg >before.txt
for g in "[EXIF:" ":GPS]" "[XMP:" "[IPTC"; do
	check_grep "the test photo has $g metadata" "$g" before.txt
done
check_grep "the test photo has a comment" "SECRET-COMMENT" before.txt

check "a 12 Mpx-class phone photo is prepared" "$tool" prepare phone.jpg stored.jpg
exiftool -a -G0:1 -s stored.jpg >after.txt
check_eq "upright and shrunk: 1067x1600" "$(exiftool -s3 -ImageSize stored.jpg)" "1067x1600"
check_eq "baseline JPEG" "$(exiftool -s3 -EncodingProcess stored.jpg)" "Baseline DCT, Huffman coding"
for g in "[EXIF:" ":GPS]" "[XMP:" "[IPTC" "[ICC_Profile" "[Photoshop" "[MakerNotes"; do
	check_nogrep "no $g metadata in the stored photo" "$g" after.txt
done
check_nogrep "no comment kept" "SECRET-COMMENT" after.txt
check_nogrep "no orientation left to apply" "Orientation" after.txt
for s in SECRET-COMMENT ARTIST-NAME XiaoMing children SERIAL-1234567; do
	if grep -qaF "$s" stored.jpg; then not_ok "no '$s' bytes in the file"; else ok "no '$s' bytes in the file"; fi
done
check "djpeg decodes the stored photo" sh -c 'djpeg stored.jpg >stored.ppm'
check_eq "djpeg: 1067 x 1600" "$(head -c 20 stored.ppm | sed -n 2p)" "1067 1600"

# A PDF scan is kept byte for byte.
printf '%%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%%%EOF\n' >scan.pdf
check "a PDF scan is taken" "$tool" prepare scan.pdf stored.pdf
check "the PDF is unchanged" cmp scan.pdf stored.pdf

# Refusals: exit 1, the message, nothing written.
refuse() { # name file pattern
	rm -f out.jpg
	"$tool" prepare "$2" out.jpg >/dev/null 2>err.txt
	rc=$?
	if [ "$rc" -eq 1 ] && [ ! -e out.jpg ] && grep -qF -- "$3" err.txt; then
		ok "$1"
	else
		not_ok "$1 (exit $rc)"
		sed 's/^/# /' err.txt
	fi
}
head -c 50000 phone.jpg >cut.jpg
refuse "a truncated JPEG" cut.jpg "JPEG 照片不完整"
echo "just text" >notes.txt
refuse "not an image" notes.txt "不是照片或扫描件"
ln -s phone.jpg link.jpg
refuse "a symbolic link" link.jpg "是符号链接"
refuse "a folder" . "是文件夹"
mkfifo pipe.jpg
refuse "a named pipe (without blocking)" pipe.jpg "不是普通文件"
printf '\000\000\000\030ftypheic\000\000\000\000mif1heic' >IMG_0001.HEIC
refuse "HEIC: convert it on the phone" IMG_0001.HEIC "请在手机上把它转成 JPEG"
"$tool" gen 64 48 small.jpg
refuse "a 200-megapixel JPEG (declared)" "$(python3 - <<'PY'
d = bytearray(open("small.jpg", "rb").read())
i = d.index(b"\xff\xc0")
d[i + 5:i + 9] = (10000).to_bytes(2, "big") + (20000).to_bytes(2, "big")
open("big.jpg", "wb").write(d)
print("big.jpg")
PY
)" "最多只收 120 百万像素"
exit 0
