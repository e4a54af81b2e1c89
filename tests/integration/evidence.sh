#!/bin/sh
# Evidence files (ggw attach / ggw evidence): the record's entry, the unit's
# store ref (one parentless commit), all or nothing, the store travelling
# through a USB hub and git daemon with only new files sent, and withdrawal:
# on three PCs and a hub, after everyone synced, no object anywhere holds
# the withdrawn file's bytes. Hostile store refs are refused at sync.
# Scans (PDF, kept byte for byte) are used so the stored bytes are the
# file's bytes: their git blob id is `git hash-object FILE`.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

# scan NAME KB: a PDF-like file with a unique marker and random content.
scan() {
	{
		printf '%%PDF-1.4\n%% MARK-%s-%s\n' "$1" "$$"
		head -c "$(($2 * 1024))" /dev/urandom | base64
		printf '\n%%%%EOF\n'
	} >"$T/$1.pdf"
}
marker() { printf 'MARK-%s-%s' "$1" "$$"; }

# holds_bytes GITDIR NAME: does any object of GITDIR (and of any git folder
# inside it) hold the marker of NAME (every object read in full)?
holds_bytes() {
	for d in "$1" $(find "$1" -mindepth 2 -name objects -type d -prune 2>/dev/null | sed 's|/objects$||'); do
		git --git-dir="$d" cat-file --batch-all-objects --batch 2>/dev/null | grep -qaF "$(marker "$2")" && return 0
	done
	return 1
}
# blob_anywhere GITDIR BLOB: listed by cat-file, or in a pack index
blob_anywhere() {
	git --git-dir="$1" cat-file -e "$2" 2>/dev/null && return 0
	git --git-dir="$1" cat-file --batch-all-objects --batch-check | grep -q "^$2 " && return 0
	for p in "$1"/objects/pack/*.idx; do
		[ -f "$p" ] && git verify-pack -v "$p" | grep -q "^$2 " && return 0
	done
	return 1
}
sha() { sha256sum "$1" | cut -d' ' -f1; }

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
ggw -C office sync >/dev/null 2>&1
for u in xinyi nanhu; do
	clone_pc "$T/usb.git" "$u" "$u"
	git -C "$u" remote remove origin
	ggw -C "$u" remote add usb "$T/usb.git" >/dev/null
done

# ---- attach ----
ggw_act xinyi "新义 安全讲座"
ID=$(ggw -C xinyi list --format ids --unit xinyi | head -1)
scan one 200
scan two 150
scan bad 10
echo "not a photo" >"$T/bad.txt"
HEAD0=$(git -C xinyi rev-parse HEAD)
ggw -C xinyi attach "$ID" "$T/one.pdf" "$T/two.pdf" --caption "签到表" >a.out 2>&1
check_eq "attach two scans (exit 0)" "$?" 0
ggw -C xinyi evidence withdraw "$(sha "$T/one.pdf")" --why "$(printf 'x\033]0;y\007')" >w.out 2>&1
check_eq "a withdrawal reason with control characters is refused (exit 1)" "$?" 1
check_grep "saying why" "控制字符" w.out
check "and nothing is withdrawn" test ! -e "xinyi/evidence-withdrawn/xinyi/$(sha "$T/one.pdf").yaml"
H1=$(sha "$T/one.pdf") H2=$(sha "$T/two.pdf")
B1=$(git hash-object "$T/one.pdf") B2=$(git hash-object "$T/two.pdf")
check_grep "attach prints the SHA-256 of the stored bytes" "$H1" a.out
REC="xinyi/$(cd xinyi && git ls-files "activities/xinyi/*/$ID.yaml")"
check_grep "the record's evidence entry has the hash" "sha256: $H1" "$REC"
check_grep "the kind (a PDF is a scan)" "kind: scan" "$REC"
check_grep "and the caption" "caption: 签到表" "$REC"
check_eq "one commit on main" "$(git -C xinyi rev-parse HEAD~1)" "$HEAD0"
check_eq "the commit changed only the record" "$(git -C xinyi diff --name-only HEAD~1 HEAD)" "${REC#xinyi/}"
check "the store ref is there" git -C xinyi rev-parse -q --verify refs/ggw/evidence/xinyi
check_eq "and is one commit without parents" "$(git -C xinyi rev-list --parents refs/ggw/evidence/xinyi | wc -w)" 1
check_eq "its tree holds the two files by hash" \
	"$(git -C xinyi ls-tree refs/ggw/evidence/xinyi | awk '{print $1, $3, $4}' | sort)" \
	"$(printf '100644 %s %s.pdf\n100644 %s %s.pdf\n' "$B1" "$H1" "$B2" "$H2" | sort)"
ggw -C xinyi evidence list "$ID" >l.out 2>&1
check_grep "evidence list names the kind" "扫描件" l.out
check_grep "and says it is not yet sent" "还没有发送" l.out
ggw -C xinyi show "$ID" >s.out 2>&1
check_grep "show lists the record's evidence files" "佐证材料文件（2 个）" s.out
ggw -C xinyi status >st.out 2>&1
check_grep "status shows evidence not yet sent" "未发送的佐证材料：2 个文件" st.out
ggw -C xinyi attach "$ID" "$T/one.pdf" >/dev/null 2>&1
check_eq "attaching the same file again changes nothing" "$(git -C xinyi rev-parse HEAD~1)" "$HEAD0"

# all or nothing
HEAD1=$(git -C xinyi rev-parse HEAD) STORE1=$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)
ggw -C xinyi attach "$ID" "$T/bad.pdf" "$T/bad.txt" >b.out 2>&1
check_eq "a bad second file fails the attach (exit 1)" "$?" 1
check_grep "naming the file" "bad.txt" b.out
check_eq "main did not move" "$(git -C xinyi rev-parse HEAD)" "$HEAD1"
check_eq "the store did not move" "$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)" "$STORE1"
check_fails "the good first file's bytes were not stored" 1 git -C xinyi cat-file -e "$(git hash-object "$T/bad.pdf")"
check_fails "a record that does not exist: refused" 1 ggw -C xinyi attach 20240101-deadbeef "$T/one.pdf"
VID=$(ggw -C xinyi add --type volunteer --set unit=xinyi --set name=丁光海 --set group=veteran)
ggw -C xinyi attach "$VID" "$T/one.pdf" >v.out 2>&1
check_eq "a volunteer's record carries no evidence (the type table says so): refused (exit 1)" "$?" 1
check_grep "saying which records can" "这类记录不能附佐证材料" v.out
check_eq "(nothing stored)" "$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)" "$STORE1"
check_fails "a bad --kind is a usage error (exit 2)" 2 ggw -C xinyi attach "$ID" "$T/one.pdf" --kind video

# a photo: shrunk, re-encoded, stored without its metadata
if command -v cjpeg >/dev/null; then
	{ printf 'P6\n2400 1800\n255\n'; head -c $((2400 * 1800 * 3)) /dev/zero | tr '\0' '\200'; } >"$T/p.ppm"
	cjpeg -quality 95 "$T/p.ppm" >"$T/photo.jpg"
	if command -v exiftool >/dev/null; then
		exiftool -q -overwrite_original -GPSLatitude=31.2 -GPSLatitudeRef=N -SerialNumber=CAM12345 "$T/photo.jpg"
	fi
	ggw -C xinyi attach "$ID" "$T/photo.jpg" --minors-visible --caption 活动现场 >p.out 2>&1
	check_eq "attach a JPEG photo (exit 0)" "$?" 0
	check_grep "it is shrunk to 1600 px on the long side" "1600×1200" p.out
	check_grep "the entry says photo" "kind: photo" "$REC"
	check_grep "and minors visible" "minors_visible: true" "$REC"
	PH=$(grep -o '[0-9a-f]\{64\}' p.out | head -1)
	git -C xinyi cat-file -p "refs/ggw/evidence/xinyi:$PH.jpg" >"$T/stored.jpg"
	check_eq "the stored bytes' SHA-256 is the entry's" "$(sha "$T/stored.jpg")" "$PH"
	check_fails "no camera serial or GPS in the stored bytes" 1 grep -qaE "CAM12345|GPS|Exif" "$T/stored.jpg"
	ggw -C xinyi evidence withdraw "$PH" --why 测试用 >/dev/null 2>&1
	check "(and it can be withdrawn again at once)" test -f "xinyi/evidence-withdrawn/xinyi/$PH.yaml"
else
	echo "ok - # SKIP the JPEG photo: cjpeg missing"
fi

# ---- sync through the USB hub ----
STORE1=$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)
ggw -C xinyi sync >x.out 2>&1
check_eq "xinyi syncs (exit 0)" "$?" 0
check_eq "the hub has xinyi's store" "$(git -C usb.git rev-parse refs/ggw/evidence/xinyi)" "$STORE1"
ggw -C xinyi status >st.out 2>&1
check_nogrep "after the sync nothing is unsent" "未发送的佐证材料" st.out
ggw -C nanhu sync >/dev/null 2>&1
ggw -C office sync >/dev/null 2>&1
check_eq "nanhu got xinyi's store" "$(git -C nanhu rev-parse refs/ggw/evidence/xinyi)" "$STORE1"
ggw -C nanhu evidence list "$ID" >nl.out 2>&1
check_nogrep "nanhu has the bytes (not 'not yet synced')" "本机还没有" nl.out
ggw -C nanhu evidence export "$ID" "$T/out" >e.out 2>&1
check_eq "export writes the files (exit 0)" "$?" 0
check "exported file 1 is the attached file" cmp "$(ls "$T"/out/*-1.pdf)" "$T/one.pdf"
ls "$T/out" >ls.out
check_grep "exported names are readable (date-title-n)" "2024-06-01-新义 安全讲座-2.pdf" ls.out

# only new files sent: a third scan; the hub and nanhu grow by about its size
scan three 300
ggw -C xinyi attach "$ID" "$T/three.pdf" >/dev/null 2>&1
hub_before=$(du -sk usb.git/objects | cut -f1)
ggw -C xinyi sync >/dev/null 2>&1
hub_after=$(du -sk usb.git/objects | cut -f1)
n_before=$(du -sk nanhu/.git/objects | cut -f1)
ggw -C nanhu sync >/dev/null 2>&1
n_after=$(du -sk nanhu/.git/objects | cut -f1)
size3=$(( $(wc -c <"$T/three.pdf") / 1024 ))
echo "# one new ${size3} KB scan: hub +$((hub_after - hub_before)) KB, nanhu +$((n_after - n_before)) KB"
check "pushing one new file sends about its size, not the whole store" \
	test $((hub_after - hub_before)) -lt $((size3 + size3 / 4 + 40))
check "fetching it too" test $((n_after - n_before)) -lt $((size3 + size3 / 4 + 40))
check "and it arrived" git -C nanhu cat-file -e "$(git hash-object "$T/three.pdf")"
ggw -C office sync >/dev/null 2>&1

# ---- withdraw: three PCs and a hub ----
check_fails "nanhu may not withdraw xinyi's file" 1 ggw -C nanhu evidence withdraw "$H1" --why 错传
check_fails "withdraw needs --why" 2 ggw -C xinyi evidence withdraw "$H1"
ggw -C xinyi evidence withdraw "$H1" --why "家长要求撤下" >w.out 2>&1
check_eq "xinyi withdraws its own file (exit 0)" "$?" 0
check_nogrep "the entry left the record" "$H1" "$REC"
W="xinyi/evidence-withdrawn/xinyi/$H1.yaml"
check "a withdrawal is recorded in the ledger" test -f "$W"
check_grep "with the reason" "家长要求撤下" "$W"
check_grep "and who" "by_unit: xinyi" "$W"
check_eq "one commit for entry and withdrawal" "$(git -C xinyi diff --name-only HEAD~1 HEAD | sort)" \
	"$(printf '%s\n%s\n' "evidence-withdrawn/xinyi/$H1.yaml" "${REC#xinyi/}" | sort)"
check_fails "xinyi's own objects no longer hold it" 1 blob_anywhere xinyi/.git "$B1"
ggw -C xinyi evidence withdraw "$H1" --why again >/dev/null 2>&1
check_eq "withdrawing twice is refused" "$?" 1
for pc in xinyi office nanhu xinyi office nanhu; do
	ggw -C $pc sync >sync-$pc.out 2>&1 || { echo "# sync $pc:"; sed 's/^/# /' sync-$pc.out; }
done
for pc in xinyi office nanhu; do
	check "$pc: the withdrawal arrived" test -f "$pc/evidence-withdrawn/xinyi/$H1.yaml"
	check_fails "$pc: git cat-file -e finds no object for the file" 1 git -C $pc cat-file -e "$B1"
	check_fails "$pc: no loose or packed object, no pack index lists it" 1 blob_anywhere $pc/.git "$B1"
	check_fails "$pc: no object (read in full) holds its bytes" 1 holds_bytes $pc/.git one
	check_fails "$pc: no file under .git holds them unpacked" 1 grep -rqaF "$(marker one)" $pc/.git
	check "$pc: the other file is still there" git -C $pc cat-file -e "$B2"
done
check_fails "hub: no object for the file" 1 blob_anywhere usb.git "$B1"
check_fails "hub: no object holds its bytes" 1 holds_bytes usb.git one
check "hub: the other files are still there" git -C usb.git cat-file -e "$B2"
git -C usb.git count-objects -v | sed 's/^/# hub /'
check_fails "no PC's store still names it" 1 sh -c "git -C office ls-tree -r refs/ggw/evidence/xinyi | grep -q $H1 || git -C nanhu ls-tree -r refs/ggw/evidence/xinyi | grep -q $H1"
ggw -C nanhu evidence list "$ID" >nl2.out 2>&1
check_nogrep "nanhu's list no longer shows it" "$H1" nl2.out

# the office withdraws a unit's file
ggw -C office evidence withdraw "$H2" --why "照片里有孩子的脸" >ow.out 2>&1
check_eq "the office withdraws xinyi's file (exit 0)" "$?" 0
check "recorded in xinyi's folder of withdrawals" test -f "office/evidence-withdrawn/xinyi/$H2.yaml"
for pc in office xinyi nanhu office; do ggw -C $pc sync >/dev/null 2>&1; done
for pc in office xinyi nanhu; do
	check_fails "$pc: the office's withdrawal pruned it" 1 blob_anywhere $pc/.git "$B2"
done
check_fails "hub: pruned too" 1 blob_anywhere usb.git "$B2"
check_eq "xinyi's store keeps only the third file" "$(git -C xinyi ls-tree --name-only refs/ggw/evidence/xinyi)" \
	"$(sha "$T/three.pdf").pdf"
check_fails "a withdrawn file cannot be attached again" 1 ggw -C xinyi attach "$ID" "$T/two.pdf"

# ---- hostile store refs (plain git as the other PC) ----
git init -q --bare evil.git
git -C office push -q "$T/evil.git" main:main
ggw -C nanhu remote add evil "$T/evil.git" >/dev/null
git init -q mk
# push_store NAME UNIT TREE [PARENT] [AUTHOR-UNIT]: a store commit onto evil.git
push_store() {
	_au=${5:-$2}
	if [ -n "${4:-}" ]; then _p="-p $4"; else _p=""; fi
	_c=$(GIT_AUTHOR_EMAIL="$_au@ggw.local" git -C mk commit-tree $_p -m "store

Ggw-Unit: $_au" "$3")
	git -C mk push -q -f "$T/evil.git" "$_c:refs/ggw/evidence/$2"
}
scan good 20
GB=$(git -C mk hash-object -w "$T/good.pdf") GH=$(sha "$T/good.pdf")
tree_of_entry() { printf '%s %s %s\t%s\n' "$1" "$2" "$3" "$4" | git -C mk mktree; }
T_OK=$(tree_of_entry 100644 blob "$GB" "$GH.pdf")
base=$(GIT_AUTHOR_EMAIL=hexi@ggw.local git -C mk commit-tree -m base "$T_OK")
push_store parents hexi "$T_OK" "$base"
push_store wrongname xishan "$(tree_of_entry 100644 blob "$GB" "$(printf %064d 0).pdf")"
LB=$(printf '%s' "/etc/passwd" | git -C mk hash-object -w --stdin)
push_store symlink qiaotou "$(tree_of_entry 120000 blob "$LB" "$(printf '%s' /etc/passwd | sha256sum | cut -d' ' -f1).pdf")"
head -c 34000000 /dev/urandom >"$T/huge.pdf"
HB=$(git -C mk hash-object -w "$T/huge.pdf")
push_store huge shiqiao "$(tree_of_entry 100644 blob "$HB" "$(sha "$T/huge.pdf").pdf")"
push_store other dongshan "$T_OK" "" xinyi
ggw -C nanhu sync evil >ev.out 2>&1
for u in hexi xishan qiaotou shiqiao dongshan; do
	check_grep "a hostile store ref of $u is refused, saying so" "已拒绝 evil 上 $u 的佐证材料库" ev.out
	check_fails "and not taken in ($u)" 1 git -C nanhu rev-parse -q --verify refs/ggw/evidence/$u
done
check_grep "with parents: said" "父提交" ev.out
check_grep "wrong name: said" "SHA-256 不符" ev.out
check_grep "symlink: said" "不是普通文件" ev.out
check_grep "over the cap: said" "超过单个文件上限" ev.out
check_grep "another unit's PC adding files: said" "单位 xinyi 的电脑往 dongshan 的佐证材料库里加了文件" ev.out
check "the ledger's own sync still went" ggw -C nanhu status
check_fails "the refused huge file's bytes did not stay on nanhu" 1 blob_anywhere nanhu/.git "$HB"
check_fails "nor did the refused other unit's file" 1 blob_anywhere nanhu/.git "$GB"

# ---- git daemon ----
mkdir -p hubs
ggw hub init "$T/hubs/net.git" >/dev/null
start_daemon "$T/hubs"
URL="git://127.0.0.1:$DAEMON_PORT/net.git"
ggw -C xinyi remote add net "$URL" >/dev/null
scan four 100
ggw -C xinyi attach "$ID" "$T/four.pdf" >/dev/null 2>&1
ggw -C xinyi sync net >d.out 2>&1
check_eq "xinyi syncs with a git daemon hub (exit 0)" "$?" 0
check_eq "the daemon hub has xinyi's store" "$(git -C hubs/net.git rev-parse refs/ggw/evidence/xinyi)" \
	"$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)"
git clone -q "$T/hubs/net.git" beiyuan && setup_pc beiyuan beiyuan
git -C beiyuan remote remove origin
ggw -C beiyuan remote add net "$URL" >/dev/null
ggw -C beiyuan sync >/dev/null 2>&1
check "a PC syncing through git:// gets the file" git -C beiyuan cat-file -e "$(git hash-object "$T/four.pdf")"
H4=$(sha "$T/four.pdf") B4=$(git hash-object "$T/four.pdf")
ggw -C xinyi evidence withdraw "$H4" --why 重复 >/dev/null 2>&1
ggw -C xinyi sync net >/dev/null 2>&1
ggw -C beiyuan sync >/dev/null 2>&1
check_fails "beiyuan (through git://) pruned the withdrawn file" 1 blob_anywhere beiyuan/.git "$B4"
check_fails "the daemon hub's store ref no longer names it" 1 sh -c "git -C hubs/net.git ls-tree refs/ggw/evidence/xinyi | grep -q $H4"
# A hub served by plain git keeps unreachable objects until its own gc.
git -C hubs/net.git gc -q --prune=now
check_fails "after the server's gc --prune=now the bytes are gone there too" 1 blob_anywhere hubs/net.git "$B4"

# ---- a ledger that signs: store commits are checked like the ledger's ----
mkdir "$T/signed" && cd "$T/signed" || exit 1
new_office office
ggw -C office key add office "$(ggw -C office key show --line)" --note 办公室 >/dev/null 2>&1
ssh-keygen -q -t ed25519 -N '' -C spare -f "$T/spare"
ggw -C office key add office "$(cat "$T/spare.pub")" --note 备用 >/dev/null 2>&1
ggw hub init "$T/signed/usb.git" >/dev/null
ggw -C office remote add usb "$T/signed/usb.git" >/dev/null
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/signed/usb.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add usb "$T/signed/usb.git" >/dev/null
ggw -C office key add xinyi "$(ggw -C xinyi key show --line)" --note 新义 >/dev/null 2>&1
ggw -C office sync >/dev/null 2>&1
ggw -C xinyi sync >/dev/null 2>&1
ggw_act xinyi "签名台账的活动"
SID=$(ggw -C xinyi list --format ids --unit xinyi | head -1)
scan signed 30
ggw -C xinyi attach "$SID" "$T/signed.pdf" >/dev/null 2>&1
check "signing ledger: the store commit is signed" sh -c "git -C xinyi cat-file -p refs/ggw/evidence/xinyi | grep -q '^gpgsig '"
ggw -C xinyi sync >/dev/null 2>&1
ggw -C office sync >so.out 2>&1
check_eq "the office takes in xinyi's signed store" "$(git -C office rev-parse refs/ggw/evidence/xinyi 2>/dev/null)" \
	"$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)"
check_nogrep "without refusing it" "已拒绝" so.out
# forgeries: unsigned, and signed by a key nobody registered, both "xinyi"
git init -q mk2
scan forged 10
FB=$(git -C mk2 hash-object -w "$T/forged.pdf")
FT=$(printf '100644 blob %s\t%s.pdf\n' "$FB" "$(sha "$T/forged.pdf")" | git -C mk2 mktree)
c1=$(GIT_AUTHOR_EMAIL=xinyi@ggw.local git -C mk2 commit-tree -m "store

Ggw-Unit: xinyi" "$FT")
git -C mk2 push -q -f "$T/signed/usb.git" "$c1:refs/ggw/evidence/xinyi"
ggw -C office sync >f1.out 2>&1
check_grep "an unsigned store commit is refused in a signing ledger" "没有签名" f1.out
check_fails "and not taken in" 1 git -C office cat-file -e "$FB"
ssh-keygen -q -t ed25519 -N '' -C stranger -f "$T/stranger"
c2=$(GIT_AUTHOR_EMAIL=xinyi@ggw.local git -C mk2 -c gpg.format=ssh -c user.signingkey="$T/stranger" commit-tree -S -m "store

Ggw-Unit: xinyi" "$FT")
git -C mk2 push -q -f "$T/signed/usb.git" "$c2:refs/ggw/evidence/xinyi"
ggw -C office sync >f2.out 2>&1
check_grep "one signed by an unregistered key is refused" "签名的钥匙没有登记为 xinyi 的" f2.out
check_eq "the office keeps xinyi's real store" "$(git -C office rev-parse refs/ggw/evidence/xinyi)" \
	"$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)"
check_eq "and puts it back on the hub" "$(git -C usb.git rev-parse refs/ggw/evidence/xinyi)" \
	"$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)"
exit 0
