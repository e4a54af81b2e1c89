#!/bin/sh
# Hostile input at sync: commits made with plain git by someone bypassing
# ggw. Each case is pushed to its own bare hub; the office's sync from it
# must be refused (exit 1), name the commit, and leave the office's ledger
# as it was, still usable by every ggw command.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
add_act office office 1
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/usb.git" xinyi xinyi
ggw -C xinyi remote add usb "$T/usb.git" >/dev/null
OPATH=$(act_path office "$(act_id office 1)")

# evil NAME: a fresh clone of the office's ledger in evil-NAME (plain git,
# an unknown author) and an empty bare hub hub-NAME.git the office syncs.
evil() {
	rm -rf "evil-$1"
	git clone -q "$T/usb.git" "evil-$1"
	git -C "evil-$1" config user.name mallory
	git -C "evil-$1" config user.email mallory@example.org
	git init -q --bare "$T/hub-$1.git"
	ggw -C office remote add "h$1" "$T/hub-$1.git" >/dev/null
}
# refused NAME WHAT: push evil-NAME's main, sync the office from it.
refused() {
	git -C "evil-$1" push -q "$T/hub-$1.git" HEAD:main 2>/dev/null ||
		{ not_ok "$2: could not push the test case"; return; }
	_bad=$(git -C "evil-$1" rev-parse --short=10 HEAD)
	_before=$(git -C office rev-parse HEAD)
	ggw -C office sync "h$1" >"$1.out" 2>&1
	_rc=$?
	if [ "$_rc" -eq 1 ] && [ "$(git -C office rev-parse HEAD)" = "$_before" ] &&
		[ -z "$(git -C office status --porcelain)" ]; then
		ok "$2: refused, the ledger unchanged"
	else
		not_ok "$2: refused, the ledger unchanged (exit $_rc)"; sed 's/^/# /' "$1.out"
	fi
	check_grep "$2: the refusal names a commit of it" "提交 " "$1.out"
	check "$2: ggw check still opens the ledger" ggw -C office check
	ggw -C office remote remove "h$1" >/dev/null
}

# --- 1. No trailer: the unit is never taken from a path.
evil office-path
write_act evil-office-path office "$(act_id office 2)" "冒充办公室"
sed -i 's/^street: .*/street: 被篡改的街道/' evil-office-path/units.yaml
git -C evil-office-path add -A && git -C evil-office-path commit -q -m "plain"
refused office-path "a plain commit under activities/office/ that also edits units.yaml"
check_nogrep "units.yaml kept its street" "被篡改的街道" office/units.yaml

evil symlink-units
write_act evil-symlink-units office "$(act_id office 3)" "冒充办公室"
rm evil-symlink-units/units.yaml && ln -s /dev/tty evil-symlink-units/units.yaml
git -C evil-symlink-units add -A && git -C evil-symlink-units commit -q -m "plain"
refused symlink-units "a plain commit replacing units.yaml by a symlink"

evil delete-units
write_act evil-delete-units office "$(act_id office 4)" "冒充办公室"
git -C evil-delete-units rm -q units.yaml && git -C evil-delete-units add -A
git -C evil-delete-units commit -q -m "plain"
refused delete-units "a plain commit deleting units.yaml"

evil two-units
write_act evil-two-units xinyi "$(act_id xinyi 5)" "两个单位"
write_act evil-two-units nanhu "$(act_id nanhu 5)" "两个单位"
git -C evil-two-units add -A && git -C evil-two-units commit -q -m "plain"
refused two-units "a plain commit in two units' folders"

evil other-unit
write_act evil-other-unit office "$(act_id office 6)" "冒充办公室"
write_act evil-other-unit xinyi "$(act_id xinyi 6)" "替新义村写的"
git -C evil-other-unit add -A && git -C evil-other-unit commit -q -m "plain"
refused other-unit "a plain commit under activities/office/ that also writes another unit's record"

# A plain commit inside one unit's folders is still accepted (by that unit).
git init -q --bare "$T/hub-fine.git"
git clone -q "$T/usb.git" fine
write_act fine nanhu "$(act_id nanhu 9)" "普通 git 提交"
git -C fine add -A && git -C fine -c user.email=someone@example.org commit -q -m "plain"
git -C fine push -q "$T/hub-fine.git" HEAD:main
ggw -C office remote add hfine "$T/hub-fine.git" >/dev/null
check "a plain commit inside one unit's folders is accepted" ggw -C office sync hfine
ggw -C office remote remove hfine >/dev/null
ggw -C office sync usb >/dev/null 2>&1

# --- 4. Only what a ledger can hold.
XID=$(act_id xinyi 11)
XPATH=$(act_path xinyi "$XID")
# trailer_commit DIR MESSAGE: commit the index as xinyi would
trailer_commit() {
	git -C "$1" commit -q -m "$2

Ggw-Unit: xinyi
Ggw-Action: add"
}

evil dotdot
write_act evil-dotdot xinyi "$XID" "点点"
blob=$(git -C evil-dotdot hash-object -w "$XPATH")
inner=$(printf '100644 blob %s\tx.yaml\n' "$blob" | git -C evil-dotdot mktree)
xin=$(printf '040000 tree %s\t..\n' "$inner" | git -C evil-dotdot mktree --missing 2>/dev/null)
top_acts=$( (git -C evil-dotdot ls-tree HEAD:activities; printf '040000 tree %s\tyixing\n' "$xin") | git -C evil-dotdot mktree)
top=$( (git -C evil-dotdot ls-tree HEAD | grep -v '	activities$'; printf '040000 tree %s\tactivities\n' "$top_acts") | git -C evil-dotdot mktree)
c=$(printf 'dotdot\n\nGgw-Unit: xinyi\n' | git -C evil-dotdot commit-tree "$top" -p HEAD)
git -C evil-dotdot update-ref refs/heads/main "$c"
refused dotdot "a tree with activities/yixing/../x.yaml"

evil symlink-rec
mkdir -p "evil-symlink-rec/$(dirname "$XPATH")"
ln -s /dev/tty "evil-symlink-rec/$XPATH"
git -C evil-symlink-rec add -A && trailer_commit evil-symlink-rec "symlink"
refused symlink-rec "a record that is a symlink"

evil exec-rec
write_act evil-exec-rec xinyi "$XID" "可执行"
chmod +x "evil-exec-rec/$XPATH"
git -C evil-exec-rec add -A && trailer_commit evil-exec-rec "exec"
refused exec-rec "a record with mode 100755"

evil submodule
sub=$(git -C evil-submodule rev-parse HEAD)
git -C evil-submodule update-index --add --cacheinfo "160000,$sub,activities/xinyi/2024/sub"
trailer_commit evil-submodule "submodule"
refused submodule "a submodule in the tree"

evil big
write_act evil-big xinyi "$XID" "很大"
head -c 400000 /dev/zero | tr '\0' 'a' | sed 's/^/content: /' >>"evil-big/$XPATH"
git -C evil-big add -A && trailer_commit evil-big "big"
refused big "a blob over the record size limit"
check_grep "the big blob's refusal names its size" "400" big.out

evil gitattributes
rm -f evil-gitattributes/.gitattributes && ln -s units.yaml evil-gitattributes/.gitattributes
git -C evil-gitattributes add -A
git -C evil-gitattributes commit -q -m "attrs

Ggw-Unit: office"
refused gitattributes "the office's commit making .gitattributes a symlink"

evil bad-units
printf 'schema: ggw/units/1\nunits: [\n' >evil-bad-units/units.yaml
git -C evil-bad-units add -A
git -C evil-bad-units commit -q -m "units

Ggw-Unit: office"
refused bad-units "the office's commit with an invalid units.yaml"

evil bad-rules
printf 'minimums: [\n' >evil-bad-rules/rules.yaml
git -C evil-bad-rules add -A
git -C evil-bad-rules commit -q -m "rules

Ggw-Unit: office"
refused bad-rules "the office's commit with a rules.yaml that does not parse"

evil stray
echo hello >evil-stray/README
git -C evil-stray add -A
git -C evil-stray commit -q -m "readme

Ggw-Unit: office"
refused stray "a file no ledger holds, even from the office"

# --- 2. One trailer reader: the trailer block, for the check and the log.
evil body-trailer
write_act evil-body-trailer xinyi "$(act_id xinyi 12)" "正文里的单位"
sed -i 's/^street: .*/street: 正文冒充/' evil-body-trailer/units.yaml
git -C evil-body-trailer add -A
git -C evil-body-trailer commit -q -m "修改单位表

Ggw-Unit: office

Ggw-Unit: xinyi
Ggw-Action: edit"
refused body-trailer "a body line Ggw-Unit: office over a trailer Ggw-Unit: xinyi (edits units.yaml)"
write_act office office "$(act_id office 1)" "办公室改标题"
git -C office add -A
git -C office commit -q -m "修改活动：办公室改标题

Ggw-Unit: xinyi

Ggw-Unit: office
Ggw-Action: edit"
ggw -C office log >log.out 2>&1
check_grep "ggw log shows the trailer's unit" "（office）  修改活动：办公室改标题" log.out
check_nogrep "not the body line's" "（xinyi）  修改活动：办公室改标题" log.out
ggw -C office sync usb >/dev/null 2>&1
check "and the unit accepts it from the hub as the office's" ggw -C xinyi sync usb

evil two-trailers
write_act evil-two-trailers xinyi "$(act_id xinyi 13)" "两个单位行"
git -C evil-two-trailers add -A
git -C evil-two-trailers commit -q -m "新增

Ggw-Unit: xinyi
Ggw-Unit: office"
refused two-trailers "a trailer block with two Ggw-Unit lines"

# --- 3. A unit that is not in units.yaml.
evil ghost
write_act evil-ghost ghost "$(act_id ghost 1)" "幽灵单位"
git -C evil-ghost add -A
git -C evil-ghost commit -q -m "新增

Ggw-Unit: ghost
Ggw-Action: add"
refused ghost "a trailer naming a unit not in units.yaml"
check_grep "and the refusal names the unit" "ghost" ghost.out

evil ghost-plain
write_act evil-ghost-plain ghost "$(act_id ghost 2)" "幽灵单位"
git -C evil-ghost-plain add -A && git -C evil-ghost-plain commit -q -m "plain"
refused ghost-plain "a plain commit in the folders of a unit not in units.yaml"

# The readers: a record file in the work tree that is a symlink or a FIFO is
# refused, never followed or waited on.
mkfifo "$T/fifo"
cp "office/$OPATH" saved.yaml
rm "office/$OPATH" && ln -s "$T/fifo" "office/$OPATH"
timeout 20 "$GGW_BIN" -C office check >ck.out 2>&1
check_eq "ggw check refuses a record that is a symlink to a FIFO (exit 1, no waiting)" "$?" 1
check_grep "and says it is a symlink" "符号链接" ck.out
rm "office/$OPATH" && mkfifo "office/$OPATH"
timeout 20 "$GGW_BIN" -C office check >ck2.out 2>&1
check_eq "ggw check refuses a record that is a FIFO (exit 1, no waiting)" "$?" 1
rm "office/$OPATH" && cp saved.yaml "office/$OPATH"
check "and the ledger checks clean again" ggw -C office check
exit 0
