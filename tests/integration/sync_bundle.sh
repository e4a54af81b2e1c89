#!/bin/sh
# The ledger as one file (issue 16 item 5): `ggw bundle create` writes a
# standard git bundle, `ggw sync FILE` takes one in with the same checks,
# merge and conflict handling as any remote and can answer with its own.
# Three PCs that only exchange files (as by WeChat), both directions; plain
# git reading ggw's bundles and ggw reading git's; truncated, hostile and
# foreign files refused.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office office
ggw -C office bundle create "$T/full.bundle" >b0.out 2>&1
check_eq "the office writes its whole ledger as one file (exit 0)" "$?" 0
check_grep "and says where, how big, and that it is whole" "full.bundle（" b0.out
check_grep "(whole)" "整本台账" b0.out
check_eq "it is a v2 git bundle" "$(head -n1 full.bundle)" "# v2 git bundle"
check "git bundle verify accepts it" git -C office bundle verify "$T/full.bundle"
# Plain git reads it: the units' PCs start from the file.
for u in xinyi nanhu; do
	git clone -q -b main "$T/full.bundle" "$u" && setup_pc "$u" "$u"
	check "plain git clones $u's PC from the file" test -f "$u/units.yaml"
done
check_eq "(same ledger)" "$(git -C xinyi rev-parse HEAD)" "$(git -C office rev-parse HEAD)"

# --- Units -> office.
ggw_act xinyi "新义村12月活动"
ggw_act nanhu "南湖村12月活动"
check "xinyi writes its month (--since-last)" ggw -C xinyi bundle create "$T/x1.bundle" --since-last
check "nanhu too" ggw -C nanhu bundle create "$T/n1.bundle" --since-last
check "git bundle verify accepts a unit's file" git -C office bundle verify "$T/x1.bundle"
ggw -C office sync "$T/x1.bundle" --reply "$T/rx1.bundle" >s1.out 2>&1
check_eq "the office takes xinyi's file in (exit 0)" "$?" 0
check_grep "said like a remote's" "x1.bundle：收到 1 个新提交" s1.out
check_grep "nothing to answer: xinyi has it all" "不用回复" s1.out
check "(no reply file written)" test ! -e rx1.bundle
ggw -C office sync "$T/n1.bundle" --reply "$T/rn1.bundle" >s2.out 2>&1
check_eq "the office takes nanhu's file in (exit 0)" "$?" 0
check_grep "merged" "已合并" s2.out
check "and answers with a file of its own" test -s rn1.bundle
check_grep "giving its size" "rn1.bundle（" s2.out
check "the office has both records" sh -c "grep -rqF 新义村12月活动 office/activities/xinyi && grep -rqF 南湖村12月活动 office/activities/nanhu"
check "the reply leaves out what nanhu sent (a prerequisite line)" sh -c "sed -n 2p rn1.bundle | grep -q '^-[0-9a-f]\{40\}'"
check "git bundle verify accepts the reply where nanhu's history is" git -C nanhu bundle verify "$T/rn1.bundle"

# --- Office -> units.
ggw -C nanhu sync "$T/rn1.bundle" >s3.out 2>&1
check_eq "nanhu takes the office's reply in (exit 0)" "$?" 0
check "nanhu got xinyi's record" grep -rqF 新义村12月活动 nanhu/activities/xinyi
ggw -C office bundle create "$T/ox.bundle" --since-last --for xinyi >b1.out 2>&1
check_eq "the office writes for xinyi what it may not have (exit 0)" "$?" 0
check_grep "only the part xinyi may lack" "只含对方可能还没有的部分" b1.out
ggw -C xinyi sync "$T/ox.bundle" >s4.out 2>&1
check_eq "xinyi takes it in (exit 0)" "$?" 0
check "xinyi got nanhu's record" grep -rqF 南湖村12月活动 xinyi/activities/nanhu
check_eq "three PCs converge (xinyi)" "$(tree_of xinyi)" "$(tree_of office)"
check_eq "three PCs converge (nanhu)" "$(tree_of nanhu)" "$(tree_of office)"
ggw -C xinyi bundle create "$T/none.bundle" --since-last >b2.out 2>&1
check_eq "xinyi has nothing the office's last file lacked: said, no file (exit 1)" "$?" 1
check_grep "(said)" "没有要写进文件的内容" b2.out
check "(no file)" test ! -e none.bundle

# --- Next month, smaller files both ways.
ggw_act nanhu "南湖村1月活动"
ggw -C nanhu bundle create "$T/n2.bundle" --since-last >/dev/null
full=$(wc -c <full.bundle) n2=$(wc -c <n2.bundle)
check "a --since-last file after an exchange is small ($n2 < $full bytes)" test "$n2" -lt "$full"
check "and names the office's last file as known (prerequisite)" sh -c "grep -a -c '^-[0-9a-f]\{40\}' n2.bundle | grep -q 1"
check "the office takes it in" ggw -C office sync "$T/n2.bundle"
ggw_act office "街道1月会议"
ggw -C office bundle create "$T/o2.bundle" --since-last --for nanhu >/dev/null
check "nanhu takes the office's file in" ggw -C nanhu sync "$T/o2.bundle"
check_eq "office and nanhu converge" "$(tree_of nanhu)" "$(tree_of office)"

# --- Conflicts: the same field edited on two PCs, carried by files.
rid=$(ggw -C xinyi list --grep 新义村12月活动 --format ids | head -n1)
ggw -C office edit "$rid" --set location=街道会议室 >/dev/null
ggw -C xinyi edit "$rid" --set location=村文化礼堂 >/dev/null
ggw -C xinyi bundle create "$T/x2.bundle" --since-last >/dev/null
ggw -C office sync "$T/x2.bundle" >s5.out 2>&1
check_eq "a file with a conflicting edit is merged (exit 0)" "$?" 0
check_grep "with the conflict said" "有冲突待解决" s5.out
check "the record holds the conflict" sh -c "'$GGW_BIN' -C office list --conflicts --format ids | grep -q '$rid'"

# --- ggw reads git's own bundles (v2 and v3).
ggw_act xinyi "新义村用git发的"
git -C xinyi bundle create -q "$T/g2.bundle" main 2>/dev/null
check "ggw takes in a bundle made by git bundle create" ggw -C office sync "$T/g2.bundle"
check "(its record arrived)" grep -rqF 新义村用git发的 office/activities/xinyi
ggw_act xinyi "新义村v3"
if git -C xinyi bundle create -q --version=3 "$T/g3.bundle" main 2>/dev/null; then
	check_eq "(git made a v3 bundle)" "$(head -n1 g3.bundle)" "# v3 git bundle"
	check "ggw takes in a v3 bundle too" ggw -C office sync "$T/g3.bundle"
else
	echo "ok - # SKIP git cannot write v3 bundles"
fi

# --- Truncated, hostile and foreign files: refused clearly, nothing changes.
HEAD0=$(git -C office rev-parse HEAD)
size=$(wc -c <full.bundle)
head -c $((size / 2)) full.bundle >trunc.bundle
ggw -C office sync "$T/trunc.bundle" >t1.out 2>&1
check_eq "a truncated file is refused (exit 1)" "$?" 1
check_grep "as damaged or incomplete, saying to send it again" "已损坏或不完整" t1.out
check "no scratch repository is left" test ! -e office/.git/ggw/incoming.git
printf '# v2 git bundle\nzzzz refs/heads/main\n\n' >bad1.bundle
ggw -C office sync "$T/bad1.bundle" >t2.out 2>&1
check_eq "a malformed reference line is refused (exit 1)" "$?" 1
check_grep "naming the line" "第 2 行" t2.out
{ printf '# v2 git bundle\n%s refs/heads/../x\n\n' "$HEAD0"; tail -c +2 /dev/null; } >bad2.bundle
ggw -C office sync "$T/bad2.bundle" >t3.out 2>&1
check_grep "a bad reference name is refused" "引用名无效" t3.out
printf 'PK\003\004 not a bundle' >bad3.bundle
ggw -C office sync "$T/bad3.bundle" >t4.out 2>&1
check_grep "a file that is no bundle at all is refused" "开头不是" t4.out
printf '# v2 git bundle\n%s refs/heads/main\n\nPACKxxxxxxxxxxxx' "$HEAD0" >bad4.bundle
ggw -C office sync "$T/bad4.bundle" >t5.out 2>&1
check_grep "a broken pack is refused" "已损坏或不完整" t5.out
printf '# v2 git bundle\n-%s x\n%s refs/heads/main\n\nPACK\0\0\0\2\0\0\0\0' "$(printf %040d 0 | tr 0 a)" "$HEAD0" >bad5.bundle
ggw -C office sync "$T/bad5.bundle" >t6.out 2>&1
check_grep "a file needing a commit this PC lacks says to make a whole one" "不加 --since-last" t6.out
check_eq "none of them changed the ledger" "$(git -C office rev-parse HEAD)" "$HEAD0"
# A foreign ledger's file (another street's, or the demo).
ggw init other --street 别的街道 --unit office >/dev/null
setup_pc other office
ggw -C other bundle create "$T/other.bundle" >/dev/null
ggw -C office sync "$T/other.bundle" >t7.out 2>&1
check_eq "another ledger's file is refused (exit 1)" "$?" 1
check_grep "saying it holds another ledger" "文件 other.bundle 里是另一本台账" t7.out
check_eq "never merged" "$(git -C office rev-parse HEAD)" "$HEAD0"
# A file whose commit breaks the write scope (plain git, as an attacker).
git clone -q office evil
write_act evil nanhu "$(act_id nanhu 77)" "越权写入"
git -C evil add -A
git -C evil commit -q -m "越权

Ggw-Unit: xinyi"
git -C evil bundle create -q "$T/evil.bundle" main 2>/dev/null
ggw -C office sync "$T/evil.bundle" >t8.out 2>&1
check_eq "a file breaking the write scope is refused like a remote (exit 1)" "$?" 1
check_grep "with the same words" "超出了该单位的范围" t8.out
check_eq "not merged" "$(git -C office rev-parse HEAD)" "$HEAD0"
# A commit libgit2 cannot parse (author time 2^64-1).
tree=$(git -C evil rev-parse 'HEAD~1^{tree}')
parent=$(git -C evil rev-parse HEAD~1)
printf 'tree %s\nparent %s\nauthor x <x@x> 18446744073709551615 +0000\ncommitter x <x@x> 18446744073709551615 +0000\n\nbad time\n' \
	"$tree" "$parent" >badcommit
BAD=$(git -C evil hash-object -t commit -w --literally "$T/badcommit")
git -C evil update-ref refs/heads/main "$BAD"
if git -C evil bundle create -q "$T/unparsable.bundle" main 2>/dev/null; then
	ggw -C office sync "$T/unparsable.bundle" >t9.out 2>&1
	check_eq "a file with a commit libgit2 cannot parse is refused (exit 1)" "$?" 1
	check_grep "naming the commit" "$BAD" t9.out
	check "the commit never entered the ledger's objects" sh -c "! git -C office cat-file -e $BAD 2>/dev/null"
	check "the office still syncs files afterwards" ggw -C office sync "$T/n2.bundle"
else
	echo "ok - # SKIP git cannot bundle the unparsable commit"
fi
check "the ledger is still sound" ggw -C office check
check "git fsck is clean" git -C office fsck --no-dangling
exit 0
