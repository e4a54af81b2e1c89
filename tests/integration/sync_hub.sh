#!/bin/sh
# A hub whose main holds a refused commit: every PC says so and keeps
# exchanging records through side references on the hub; the office puts
# the hub back with ggw hub repair, keeping the refused history aside; then
# everything syncs as before. And a hub whose main moved backwards or was
# replaced is said, not pushed over.
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
	ggw -C "$u" sync >/dev/null 2>&1
done

# Someone pushes a commit that breaks the write scope onto the hub's main.
git clone -q "$T/usb.git" evil
write_act evil nanhu "$(act_id nanhu 99)" "越权写入"
git -C evil add -A
git -C evil commit -q -m "越权

Ggw-Unit: xinyi"
git -C evil push -q "$T/usb.git" HEAD:main
BAD=$(git -C evil rev-parse HEAD)

ggw_act nanhu "南湖在坏提交之后"
ggw -C nanhu sync >n1.out 2>&1
check_eq "a unit's sync through the poisoned hub says it was refused (exit 1)" "$?" 1
check_grep "and asks the office to repair the hub" "请街道办公室运行 ggw hub repair usb" n1.out
check_eq "the hub's main is not pushed over" "$(git -C usb.git rev-parse main)" "$BAD"
ggw -C nanhu status >st.out 2>&1
check_grep "ggw status says the hub holds a refused commit" "中转仓库里有被拒绝的提交" st.out
ggw_act xinyi "新义在坏提交之后"
ggw -C xinyi sync >x1.out 2>&1
check_eq "another unit: refused too (exit 1)" "$?" 1
check "xinyi got nanhu's record through the side reference" grep -rqF "南湖在坏提交之后" xinyi/activities/nanhu
ggw -C office sync >o1.out 2>&1
check_eq "the office: refused (exit 1)" "$?" 1
check_grep "the office is told to run the repair itself" "请运行 ggw hub repair usb" o1.out
check "the office got nanhu's record anyway" grep -rqF "南湖在坏提交之后" office/activities/nanhu
check "and xinyi's" grep -rqF "新义在坏提交之后" office/activities/xinyi
check_nogrep "but not the refused commit's" "越权写入" "$(ls office/activities/nanhu/2024/* | head -1)"
check "nothing refused entered the office's ledger" test ! -e "office/$(act_path nanhu "$(act_id nanhu 99)")"
ggw -C nanhu sync >/dev/null 2>&1
check "nanhu got xinyi's record the same way" grep -rqF "新义在坏提交之后" nanhu/activities/xinyi

ggw -C xinyi hub repair usb >rx.out 2>&1
check_eq "only the office may repair a hub (exit 1)" "$?" 1
ggw -C office hub repair usb >r.out 2>&1
check_eq "ggw hub repair puts the hub back (exit 0)" "$?" 0
check_grep "and says where the refused history is" "refs/ggw/refused/" r.out
check_eq "the refused tip is kept aside on the hub, not deleted" \
	"$(git -C usb.git for-each-ref --format='%(objectname)' refs/ggw/refused/)" "$BAD"
hubmain=$(git -C usb.git rev-parse main)
check "the hub's main no longer holds the refused commit" sh -c "! git -C '$T/usb.git' merge-base --is-ancestor $BAD $hubmain"
check "the office syncs again" ggw -C office sync
for u in xinyi nanhu; do
	check "$u syncs again" ggw -C "$u" sync
done
check "the office gets the rest" ggw -C office sync
check_eq "everyone converges (xinyi)" "$(tree_of xinyi)" "$(tree_of office)"
check_eq "everyone converges (nanhu)" "$(tree_of nanhu)" "$(tree_of office)"
check_eq "the hub has the office's main" "$(git -C usb.git rev-parse main)" "$(git -C office rev-parse HEAD)"
ggw -C nanhu status >st2.out 2>&1
check_nogrep "status no longer speaks of a refused commit" "被拒绝的提交" st2.out

# A commit libgit2 cannot parse (author time 2^64-1) on the hub's main.
git -C evil fetch -q "$T/usb.git" main && git -C evil reset -q --hard FETCH_HEAD
tree=$(git -C evil rev-parse 'HEAD^{tree}')
parent=$(git -C evil rev-parse HEAD)
printf 'tree %s\nparent %s\nauthor x <x@x> 18446744073709551615 +0000\ncommitter x <x@x> 18446744073709551615 +0000\n\nbad time\n' \
	"$tree" "$parent" >badcommit
BAD2=$(git -C evil hash-object -t commit -w --literally ../badcommit 2>/dev/null || git -C evil hash-object -t commit -w --literally "$T/badcommit")
git -C evil update-ref refs/heads/main "$BAD2"
git -C evil push -q "$T/usb.git" main:main 2>/dev/null
check_eq "(the unparsable commit is on the hub)" "$(git -C usb.git rev-parse main)" "$BAD2"
ggw_act nanhu "南湖在坏时间之后"
ggw -C nanhu sync >n2.out 2>&1
check_eq "a commit libgit2 cannot parse is refused like any other (exit 1)" "$?" 1
check_grep "with the repair hint" "ggw hub repair usb" n2.out
# (Here the side references cannot help: libgit2 cannot even list a hub
# whose references name such a commit; the repair can.)
ggw -C office sync >/dev/null 2>&1
check "the office repairs it" ggw -C office hub repair usb
check_grep "(kept in a file: a reference to it would break every fetch)" "ggw-refused" .out
check "the unparsable commit is still in the hub" git -C usb.git cat-file -e "$BAD2"
for d in office nanhu xinyi office; do ggw -C "$d" sync >/dev/null 2>&1; done
check "after the repair every PC syncs" ggw -C nanhu sync
check_eq "and converges" "$(tree_of nanhu)" "$(tree_of office)"
check "nanhu's record reached the office" grep -rqF "南湖在坏时间之后" office/activities/nanhu

# --- The hub's main moved backwards (plain git, forced).
ggw_act xinyi "倒退之前"
ggw -C xinyi sync >/dev/null 2>&1
cur=$(git -C usb.git rev-parse main)
git -C usb.git update-ref refs/heads/main "$cur~2"
ggw_act xinyi "倒退之后"
ggw -C xinyi sync >back.out 2>&1
check_eq "a hub whose main moved backwards is refused (exit 1)" "$?" 1
check_grep "and said" "倒退了或被换成了别的历史" back.out
check_eq "the hub is not pushed over" "$(git -C usb.git rev-parse main)" "$(git -C xinyi rev-parse "$cur~2")"
ggw -C xinyi sync >back2.out 2>&1
check_eq "the next sync says it again" "$?" 1
# Replaced by other history.
git init -q other && git -C other commit -q --allow-empty -m other
git -C other push -q -f "$T/usb.git" HEAD:main
ggw -C nanhu sync >repl.out 2>&1
check_eq "a hub whose main was replaced by other history is refused (exit 1)" "$?" 1
check_grep "and said" "倒退了或被换成了别的历史" repl.out
check_eq "not pushed over" "$(git -C usb.git rev-parse main)" "$(git -C other rev-parse HEAD)"
# The office puts the right history back; registering again accepts it.
git -C office push -q -f "$T/usb.git" HEAD:main
ggw -C xinyi remote remove usb >/dev/null && ggw -C xinyi remote add usb "$T/usb.git" >/dev/null
check "after registering the hub again xinyi syncs" ggw -C xinyi sync
check_eq "and the hub has xinyi's main" "$(git -C usb.git rev-parse main)" "$(git -C xinyi rev-parse HEAD)"
exit 0
