#!/bin/sh
# Write scope: a unit's commit (made with plain git) that changes another
# unit's record is refused at sync, named by commit, author and path, and
# nothing of that remote's new history enters the ledger.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
add_act office office 1
ggw -C office sync >/dev/null 2>&1
for u in xinyi nanhu; do
	clone_pc "$T/usb.git" "$u" "$u"
	git -C "$u" remote remove origin
	ggw -C "$u" remote add usb "$T/usb.git" >/dev/null
done
add_act nanhu nanhu 1
check "nanhu's own record syncs" ggw -C nanhu sync
check "office receives it" ggw -C office sync

# xinyi (plain git, with its trailer) edits nanhu's record.
NID=$(act_id nanhu 1)
NPATH=$(act_path nanhu "$NID")
git -C xinyi pull -q "$T/usb.git" main 2>/dev/null
write_act xinyi nanhu "$NID" "被新义村改掉的标题"
commit_pc xinyi xinyi edit "$NPATH" "修改活动：越权"
BAD=$(git -C xinyi rev-parse --short=10 HEAD)
add_act xinyi xinyi 2
# Pushed to the stick with plain git, as someone bypassing ggw would.
git -c safe.directory='*' -C xinyi push -q "$T/usb.git" main
before=$(git -C office rev-parse HEAD)
ggw -C office sync >scope.out 2>&1
check_eq "the office's sync is refused (exit 1)" "$?" 1
check_grep "the refusal names the commit" "$BAD" scope.out
check_grep "the refusal names the author" "$(git -C xinyi log -1 --format='%an <%ae>' "$BAD")" scope.out
check_grep "the refusal names the path" "$NPATH" scope.out
check_eq "the office's main did not move" "$(git -C office rev-parse HEAD)" "$before"
check_eq "the work tree is untouched" "$(git -C office status --porcelain)" ""
check_nogrep "the forged title is not in the ledger" "被新义村改掉的标题" "office/$NPATH"
check "xinyi's good record did not sneak in either" test ! -e "office/$(act_path xinyi "$(act_id xinyi 2)")"

# A plain git commit without a trailer: it speaks for the unit whose
# folders it touches; touching two units' folders needs the office.
git -C nanhu pull -q --no-rebase "$T/usb.git" main 2>/dev/null || true
git -C nanhu reset -q --hard "$(git -C office rev-parse HEAD)"
write_act nanhu nanhu "$(act_id nanhu 5)" "普通 git 提交"
git -C nanhu add -A && git -C nanhu -c user.email=someone@example.org commit -q -m "plain commit"
git -C nanhu push -q "$T/usb2.git" main 2>/dev/null || { git init -q --bare "$T/usb2.git"; git -C nanhu push -q "$T/usb2.git" main; }
ggw -C office remote add usb2 "$T/usb2.git" >/dev/null
check "a plain commit inside one unit's folders is accepted" ggw -C office sync usb2
echo "x: 1" >nanhu/notes.yaml
git -C nanhu add -A && git -C nanhu -c user.email=someone@example.org commit -q -m "plain commit 2"
git -C nanhu push -q "$T/usb2.git" main
ggw -C office sync usb2 >plain.out 2>&1
check_eq "a plain commit outside the record folders is refused" "$?" 1
check_grep "and named" "notes.yaml" plain.out

# The office may write anything, in any unit's folders and units.yaml.
git init -q --bare "$T/usb3.git"
clone_pc "$T/office" office2 office
write_act office2 xinyi "$(act_id xinyi 7)" "办公室代录"
sed -i 's/XX街道关工委$/XX街道关心下一代工作委员会/' office2/units.yaml
commit_pc office2 office add x "办公室代录"
git -C office2 push -q "$T/usb3.git" HEAD:main
ggw -C xinyi remote add usb3 "$T/usb3.git" >/dev/null
git -C xinyi reset -q --hard HEAD~2
ggw -C xinyi sync usb3 >o.out 2>&1
check_eq "a unit accepts the office's writes in its folder and units.yaml" "$?" 0
check "and the record arrived" test -f "xinyi/$(act_path xinyi "$(act_id xinyi 7)")"
exit 0
