#!/bin/sh
# Evidence in ledger files (`ggw bundle create` / `ggw sync FILE`, the
# sync-by-file path for WeChat): a file carries the sending unit's store
# (refs/ggw/evidence/<unit>) beside main, and the store is checked on
# receipt exactly as at a network sync: a ref that is not a parentless
# commit of that unit's, or a file whose hash is not its name, is refused;
# a withdrawn file stays out, also when an old file brings it again.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

tool="$GGW_BUILD/image_tool"
sha() { sha256sum "$1" | cut -d' ' -f1; }
# scan NAME KB: a PDF-like file (stored byte for byte) of random content
scan() {
	{
		printf '%%PDF-1.4\n%% MARK-%s-%s\n' "$1" "$$"
		head -c "$(($2 * 1024))" /dev/urandom | base64
		printf '\n%%%%EOF\n'
	} >"$T/$1.pdf"
}
# blob_anywhere GITDIR BLOB: an object of GITDIR, loose or in any pack
blob_anywhere() {
	git --git-dir="$1" cat-file -e "$2" 2>/dev/null && return 0
	for p in "$1"/objects/pack/*.idx; do
		[ -f "$p" ] && git verify-pack -v "$p" | grep -q "^$2 " && return 0
	done
	return 1
}

new_office office
ggw -C office bundle create "$T/full.bundle" >/dev/null
git clone -q -b main "$T/full.bundle" xinyi && setup_pc xinyi xinyi
git -C xinyi remote remove origin

# --- PC A (xinyi) attaches a phone photo and a scan, sends a file.
ggw_act xinyi "新义村 安全讲座"
ID=$(ggw -C xinyi list --format ids --unit xinyi | head -1)
"$tool" gen 3000 2000 "$T/phone.jpg" 90 6
scan sheet 120
ggw -C xinyi attach "$ID" "$T/phone.jpg" --caption 活动现场 >a.out 2>&1
check_eq "xinyi attaches a phone photo (exit 0)" "$?" 0
ggw -C xinyi attach "$ID" "$T/sheet.pdf" --caption 签到表 >/dev/null 2>&1
PH=$(grep -o '[0-9a-f]\{64\}' a.out | head -1)
HS=$(sha "$T/sheet.pdf") BS=$(git hash-object "$T/sheet.pdf")
STORE1=$(git -C xinyi rev-parse refs/ggw/evidence/xinyi)
ggw -C xinyi bundle create "$T/x1.bundle" --since-last >b1.out 2>&1
check_eq "xinyi writes its file (exit 0)" "$?" 0
check "the file names xinyi's store beside main" \
	sh -c "sed -n '1,/^\$/p' x1.bundle | grep -qa '^$STORE1 refs/ggw/evidence/xinyi\$'"
check "git bundle verify accepts it" git -C office bundle verify "$T/x1.bundle"
xsize=$(wc -c <x1.bundle)
check "and it holds the photo's bytes (bigger than the scan: $xsize bytes)" test "$xsize" -gt 120000

# --- PC B (the office) reads it: the same bytes come out.
ggw -C office sync "$T/x1.bundle" --reply "$T/r1.bundle" >s1.out 2>&1
check_eq "the office takes the file in (exit 0)" "$?" 0
check_eq "the office's copy of xinyi's store is xinyi's" \
	"$(git -C office rev-parse refs/ggw/evidence/xinyi 2>/dev/null)" "$STORE1"
ggw -C xinyi evidence export "$ID" "$T/out-x" >/dev/null 2>&1
ggw -C office evidence export "$ID" "$T/out-o" >e1.out 2>&1
check_eq "the office exports the record's evidence (exit 0)" "$?" 0
check_eq "two files" "$(ls out-o | wc -l)" 2
check "the same bytes as xinyi's export" diff -r out-x out-o
check "the photo is the stored photo (its SHA-256 is the entry's)" \
	sh -c "ls out-o | while read f; do sha256sum \"out-o/\$f\"; done | grep -q '^$PH '"
check "the scan is byte for byte the scanned file" \
	sh -c "for f in out-o/*; do cmp -s \"\$f\" '$T/sheet.pdf' && exit 0; done; exit 1"
check "the office's ledger is sound" ggw -C office check
ggw -C office status >st.out 2>&1
check_nogrep "the office has nothing of its own unsent" "未发送的佐证材料" st.out

# The office's reply tells xinyi its store arrived (xinyi's version as a
# prerequisite: no photo bytes go back), though the office has nothing of
# its own to send (else xinyi would send its whole store again).
check "the office answers with a file, though it has nothing new of its own" test -s r1.bundle
check_grep "(said, with its size)" "r1.bundle（" s1.out
check "naming xinyi's store version as known (a prerequisite)" grep -qa "^-$STORE1 " r1.bundle
rsize=$(wc -c <r1.bundle)
check "so the reply is small ($rsize bytes)" test "$rsize" -lt 20000
check "git bundle verify accepts the reply at xinyi" git -C xinyi bundle verify "$T/r1.bundle"
ggw -C xinyi sync "$T/r1.bundle" >s2.out 2>&1
check_eq "xinyi takes the reply in (exit 0)" "$?" 0
ggw -C xinyi status >st2.out 2>&1
check_nogrep "xinyi's status no longer says its evidence is unsent" "未发送的佐证材料" st2.out

# A new scan: the next file carries only it.
scan second 60
ggw -C xinyi attach "$ID" "$T/second.pdf" --caption 第二页 >/dev/null 2>&1
ggw -C xinyi bundle create "$T/x2.bundle" --since-last >/dev/null 2>&1
x2size=$(wc -c <x2.bundle)
check "the next file holds only the new scan ($x2size < $xsize bytes)" test "$x2size" -lt "$((xsize / 2))"
check "(it names the store version the office holds)" grep -qa "^-$STORE1 " x2.bundle
check "the office takes it in" ggw -C office sync "$T/x2.bundle"
check_eq "and has xinyi's three files" "$(git -C office ls-tree refs/ggw/evidence/xinyi | wc -l)" 3
ggw -C office sync "$T/x2.bundle" --reply "$T/r2.bundle" >/dev/null 2>&1
check "xinyi takes the office's answer in" ggw -C xinyi sync "$T/r2.bundle"
ggw -C xinyi bundle create "$T/none.bundle" --since-last >n1.out 2>&1
check_eq "then with nothing new on either side xinyi writes no file (exit 1)" "$?" 1
check_grep "(said)" "没有要写进文件的内容" n1.out
ggw -C office bundle create "$T/none2.bundle" --since-last --for xinyi >n2.out 2>&1
check_eq "nor does the office (exit 1)" "$?" 1

# --- Withdrawal: gone at the office, and an old file does not bring it back.
BP=$(git -C xinyi rev-parse "refs/ggw/evidence/xinyi:$PH.jpg")
ggw -C xinyi evidence withdraw "$PH" --why 照片里能认出孩子 >/dev/null 2>&1
check "xinyi withdraws the photo" test -f "xinyi/evidence-withdrawn/xinyi/$PH.yaml"
ggw -C xinyi bundle create "$T/x3.bundle" --since-last >/dev/null 2>&1
ggw -C office sync "$T/x3.bundle" >s3.out 2>&1
check_eq "the office takes the withdrawal in (exit 0)" "$?" 0
check "the withdrawal arrived" test -f "office/evidence-withdrawn/xinyi/$PH.yaml"
check_eq "the office's store lost the photo" "$(git -C office ls-tree --name-only refs/ggw/evidence/xinyi | grep -c "$PH")" 0
check_fails "and no object on the office's PC holds its bytes" 1 blob_anywhere office/.git "$BP"
ggw -C office sync "$T/x1.bundle" >s4.out 2>&1
check_eq "the office reads the old first file, photo and all, again (exit 0)" "$?" 0
check_eq "the photo did not come back into the store" \
	"$(git -C office ls-tree --name-only refs/ggw/evidence/xinyi | grep -c "$PH")" 0
check_fails "nor into the object database" 1 blob_anywhere office/.git "$BP"
check_fails "nor into any ref" 1 sh -c "git -C office for-each-ref --format='%(refname)' | while read r; do git -C office ls-tree -r \"\$r\" 2>/dev/null; done | grep -q $BP"
ggw -C office evidence export "$ID" "$T/out-o2" >/dev/null 2>&1
check_eq "the export holds the two scans only" "$(ls out-o2 | wc -l)" 2
check "the first scan still comes out byte for byte" \
	sh -c "for f in out-o2/*; do cmp -s \"\$f\" '$T/sheet.pdf' && exit 0; done; exit 1"
# the unit's own PC too, given its own old file
ggw -C xinyi sync "$T/x1.bundle" >s5.out 2>&1
check_eq "xinyi reads its own old file (exit 0)" "$?" 0
check_fails "the photo does not come back on xinyi either" 1 blob_anywhere xinyi/.git "$BP"

# --- Hostile stores in a file, made with plain git: refused, said.
git clone -q office evil
setup_pc evil xinyi
printf 'not what the name says\n' >"$T/fake.pdf"
FB=$(git -C evil hash-object -w "$T/fake.pdf")
FAKE=$(printf 'other bytes' | sha256sum | cut -d' ' -f1)
tree=$(printf '100644 blob %s\t%s.pdf\n' "$FB" "$FAKE" | git -C evil mktree)
C1=$(printf 'x\n\nGgw-Unit: xinyi\n' | git -C evil commit-tree "$tree")
git -C evil update-ref refs/ggw/evidence/xinyi "$C1"
git -C evil bundle create -q "$T/badhash.bundle" main refs/ggw/evidence/xinyi 2>/dev/null
BEFORE=$(git -C office rev-parse refs/ggw/evidence/xinyi)
ggw -C office sync "$T/badhash.bundle" >h1.out 2>&1
check_eq "a file whose store holds a file with the wrong hash: main still taken (exit 0)" "$?" 0
check_grep "the store is refused, said" "已拒绝 badhash.bundle 上 xinyi 的佐证材料库" h1.out
check_eq "the office's store did not move" "$(git -C office rev-parse refs/ggw/evidence/xinyi)" "$BEFORE"
check_fails "the refused bytes are not kept" 1 blob_anywhere office/.git "$FB"
good=$(git -C office rev-parse refs/ggw/evidence/xinyi)
C2=$(printf 'x\n\nGgw-Unit: xinyi\n' | git -C evil commit-tree "$(git -C office rev-parse "$good^{tree}")" -p "$(git -C evil rev-parse main)")
git -C evil update-ref refs/ggw/evidence/xinyi "$C2"
git -C evil bundle create -q "$T/parent.bundle" main refs/ggw/evidence/xinyi 2>/dev/null
ggw -C office sync "$T/parent.bundle" >h2.out 2>&1
check_grep "a store commit with a parent is refused" "已拒绝 parent.bundle 上 xinyi 的佐证材料库" h2.out
check_eq "(the store did not move)" "$(git -C office rev-parse refs/ggw/evidence/xinyi)" "$BEFORE"
scan nanhu 5
NB=$(git -C evil hash-object -w "$T/nanhu.pdf")
tree=$(printf '100644 blob %s\t%s.pdf\n' "$NB" "$(sha "$T/nanhu.pdf")" | git -C evil mktree)
C3=$(printf 'x\n\nGgw-Unit: xinyi\n' | git -C evil commit-tree "$tree")
git -C evil update-ref refs/ggw/evidence/nanhu "$C3"
git -C evil bundle create -q "$T/other.bundle" main refs/ggw/evidence/nanhu 2>/dev/null
ggw -C office sync "$T/other.bundle" >h3.out 2>&1
check_grep "xinyi's PC adding files to nanhu's store is refused" "往 nanhu 的佐证材料库里加了文件" h3.out
check_fails "(no store for nanhu appears)" 1 git -C office rev-parse -q --verify refs/ggw/evidence/nanhu
git -C evil update-ref -d refs/ggw/evidence/nanhu
git -C evil update-ref refs/ggw/evidence/Not_A_Unit "$C3"
git -C evil bundle create -q "$T/badname.bundle" main refs/ggw/evidence/Not_A_Unit 2>/dev/null
ggw -C office sync "$T/badname.bundle" >h4.out 2>&1
check_eq "a store named for no unit: the file is still taken (exit 0)" "$?" 0
check_grep "the store is refused, said" "不是单位代号" h4.out
check_fails "(no such store appears)" 1 git -C office rev-parse -q --verify refs/ggw/evidence/Not_A_Unit
check_fails "and its bytes never entered the office's objects" 1 blob_anywhere office/.git "$NB"
check_eq "after all these the office's store of xinyi is as it was" \
	"$(git -C office rev-parse refs/ggw/evidence/xinyi)" "$BEFORE"
check "the office's ledger is still sound" ggw -C office check
check "git fsck is clean" git -C office fsck --no-dangling
exit 0
