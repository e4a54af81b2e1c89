#!/bin/sh
# Signed commits (issue 10, trust side): keys/allowed_signers at each
# commit's first parent decides who may sign what; plain git is the forger
# and the second checker (git log --show-signature).
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

mkdir -p "$T/k"
for who in office xinyi nanhu stranger; do
	ssh-keygen -q -t ed25519 -N '' -C "$who-pc" -f "$T/k/$who"
done
pub() { cut -d' ' -f1,2 "$T/k/$1.pub"; }

# commit_signed DIR KEY UNIT ACTION PATH MESSAGE: like commit_pc, signed
# with plain git and ssh-keygen (KEY "none": unsigned)
commit_signed() {
	git -C "$1" add -A
	if [ "$2" = none ]; then
		git -C "$1" commit -q -m "$6

Ggw-Unit: $3
Ggw-Record: $5
Ggw-Action: $4"
	else
		git -C "$1" -c gpg.format=ssh -c user.signingkey="$T/k/$2" commit -q -S -m "$6

Ggw-Unit: $3
Ggw-Record: $5
Ggw-Action: $4"
	fi
}

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
add_act office office 1
ggw -C office sync >/dev/null 2>&1
for u in xinyi nanhu; do
	clone_pc "$T/usb.git" "$u" "$u"
done
add_act xinyi xinyi 1
check "before any key, unsigned commits sync as before" ggw -C xinyi sync
ggw -C office sync >/dev/null 2>&1
PRE=$(git -C office rev-parse HEAD)

# The office's first signed commit: the registry with the trust start.
mkdir -p office/keys
cat >office/keys/allowed_signers <<EOF2
# ggw: keys allowed to sign this ledger
# ggw-trust-start: $PRE
office namespaces="git" $(pub office) 街道办公室
xinyi namespaces="git" $(pub xinyi) 新义村 王秀英的电脑
nanhu namespaces="git" $(pub nanhu) 南湖村
EOF2
commit_signed office office office key keys/allowed_signers "登记钥匙"
check "the office's first signed commit goes to the hub" ggw -C office sync
check "xinyi takes the trust start" ggw -C xinyi sync
check "nanhu too" ggw -C nanhu sync

# A unit's own signed commit passes.
git -C xinyi pull -q "$T/usb.git" main 2>/dev/null
add_act xinyi xinyi 2 >/dev/null 2>&1; git -C xinyi reset -q --soft HEAD~1
commit_signed xinyi xinyi xinyi add "$(act_path xinyi "$(act_id xinyi 2)")" "新增活动"
git -C xinyi push -q "$T/usb.git" main
check "a commit signed by the unit's registered key is accepted" ggw -C office sync

# plain git checks the same history with the same file
git -C office -c gpg.ssh.allowedSignersFile="$T/office/keys/allowed_signers" log -3 --show-signature >plain.out 2>&1
check_grep "plain git says Good for xinyi's commit" 'Good "git" signature for xinyi' plain.out
check_grep "and for the office's" 'Good "git" signature for office' plain.out

# ggw log and ggw check see the same.
ggw -C office log --limit 20 >log.out 2>&1
check_grep "ggw log: signed by which unit's key, with its note" "〔已签名：xinyi 的钥匙（新义村 王秀英的电脑）〕" log.out
check_grep "ggw log: the office's key" "〔已签名：office 的钥匙（街道办公室）〕" log.out
check_grep "ggw log: older commits unsigned, before the start" "〔未签名（签名开始之前）〕" log.out
ggw -C office log "$(act_id xinyi 2)" >log1.out 2>&1
check_grep "ggw log ID: the signature of each change" "签名：已签名：xinyi 的钥匙" log1.out
check "ggw check passes a well-signed history" ggw -C office check

# Forgeries: xinyi writes nanhu's record with nanhu's trailer.
NID=$(act_id nanhu 1)
NPATH=$(act_path nanhu "$NID")
forge() { # NAME KEY
	git -C xinyi fetch -q "$T/usb.git" main && git -C xinyi reset -q --hard FETCH_HEAD
	write_act xinyi nanhu "$NID" "被新义村伪造的标题"
	commit_signed xinyi "$2" nanhu add "$NPATH" "伪造南湖村的记录"
	BAD=$(git -C xinyi rev-parse HEAD)
	git init -q --bare "$T/forge-$1.git"
	git -C xinyi push -q "$T/forge-$1.git" HEAD:main
	ggw -C office remote add "forge-$1" "$T/forge-$1.git" >/dev/null
	before=$(git -C office rev-parse HEAD)
	ggw -C office sync "forge-$1" >"forge-$1.out" 2>&1
	check_eq "forged nanhu commit ($1) refused (exit 1)" "$?" 1
	check_grep "($1) the refusal names the commit" "$(echo "$BAD" | cut -c1-10)" "forge-$1.out"
	check_grep "($1) and the claimed unit" "单位 nanhu" "forge-$1.out"
	check_grep "($1) and the path" "$NPATH" "forge-$1.out"
	check_eq "($1) the office's main did not move" "$(git -C office rev-parse HEAD)" "$before"
	check_nogrep "($1) nothing of it entered" "被新义村伪造的标题" "office/$NPATH"
}
forge ownkey xinyi
check_grep "(ownkey) names the key's fingerprint" "$(ssh-keygen -lf "$T/k/xinyi.pub" | cut -d' ' -f2)" forge-ownkey.out
check_grep "(ownkey) says whose key it is" "登记给了 xinyi" forge-ownkey.out
forge nokey none
check_grep "(nokey) says it is unsigned" "没有签名" forge-nokey.out
forge stranger stranger
check_grep "(stranger) names the unknown key" "$(ssh-keygen -lf "$T/k/stranger.pub" | cut -d' ' -f2)" forge-stranger.out
check_grep "(stranger) says it is not registered" "没有在它的上一个提交的 keys/allowed_signers 里登记" forge-stranger.out

# A forged commit slipped in with plain git is found by ggw check.
git clone -q "$T/office" checkcopy
git -C checkcopy pull -q --ff-only "$T/forge-ownkey.git" main
ggw -C checkcopy check >check.out 2>&1
check_eq "ggw check exits 1 on a bad signature" "$?" 1
check_grep "and names the commit and why" "提交 $(git -C checkcopy rev-parse --short=10 HEAD)（单位 nanhu" check.out

# A commit may not register its own key: the stranger adds itself and signs.
git -C xinyi fetch -q "$T/usb.git" main && git -C xinyi reset -q --hard FETCH_HEAD
echo "office namespaces=\"git\" $(pub stranger) 冒充" >>xinyi/keys/allowed_signers
commit_signed xinyi stranger office key keys/allowed_signers "冒充办公室登记钥匙"
git init -q --bare "$T/self.git"; git -C xinyi push -q "$T/self.git" HEAD:main
ggw -C office remote add self "$T/self.git" >/dev/null
ggw -C office sync self >self.out 2>&1
check_eq "a commit registering its own key is refused" "$?" 1
check_grep "and named as unregistered" "没有在它的上一个提交的 keys/allowed_signers 里登记" self.out

# An unsigned commit on the history before the trust start is refused too.
git -C xinyi reset -q --hard "$PRE"
add_act xinyi xinyi 9 >/dev/null 2>&1
git init -q --bare "$T/old.git"; git -C xinyi push -q "$T/old.git" HEAD:main
ggw -C office remote add old "$T/old.git" >/dev/null
ggw -C office sync old >old.out 2>&1
check_eq "an unsigned commit on the old history, made after the start, is refused" "$?" 1
check_grep "and said why" "签名开始以后" old.out

# Revocation: the office revokes xinyi's key; commits signed by it after
# the revocation are refused, older ones stay good (ggw and plain git).
git -C office pull -q --ff-only "$T/usb.git" main 2>/dev/null
sed -i "s|^xinyi namespaces=\"git\" |xinyi namespaces=\"git\",valid-before=\"$(date -u -d '+1 minute' +%Y%m%d%H%M%SZ)\" |" office/keys/allowed_signers
commit_signed office office office key keys/allowed_signers "撤销钥匙"
check "the revocation reaches the hub" ggw -C office sync usb
git -C xinyi fetch -q "$T/usb.git" main && git -C xinyi reset -q --hard FETCH_HEAD
add_act xinyi xinyi 3 >/dev/null 2>&1; git -C xinyi reset -q --soft HEAD~1
GIT_COMMITTER_DATE=$(date -u -d '+1 hour' +%s) commit_signed xinyi xinyi xinyi add x "新增活动（撤销以后）"
git init -q --bare "$T/rev.git"; git -C xinyi push -q "$T/rev.git" HEAD:main
ggw -C office remote add rev "$T/rev.git" >/dev/null
ggw -C office sync rev >rev.out 2>&1
check_eq "a commit by a revoked key is refused" "$?" 1
check_grep "and said so" "已经撤销" rev.out
git -C xinyi -c gpg.ssh.allowedSignersFile="$T/office/keys/allowed_signers" log -1 --show-signature >rplain.out 2>&1
check_nogrep "plain git does not say Good for xinyi either" 'Good "git" signature for xinyi' rplain.out
git -C office -c gpg.ssh.allowedSignersFile="$T/office/keys/allowed_signers" log --show-signature --grep="新增活动" -1 >rold.out 2>&1
check_grep "the older commit of that key is still Good for plain git" 'Good "git" signature for xinyi' rold.out
# A stolen PC working on the history before the revocation: a commit dated
# after the revocation is refused (the office's registry says so); one
# back-dated before it passes, and ggw log says the key was revoked since.
REVC=$(git -C office rev-parse HEAD)
git -C xinyi reset -q --hard "$REVC~1"
write_act xinyi xinyi "$(act_id xinyi 4)" "被偷的电脑做的"
GIT_COMMITTER_DATE=$(date -u -d '+2 hours' +%s) commit_signed xinyi xinyi xinyi add x "旧基础上的提交"
git init -q --bare "$T/stolen.git"; git -C xinyi push -q "$T/stolen.git" HEAD:main
ggw -C office remote add stolen "$T/stolen.git" >/dev/null
ggw -C office sync stolen >stolen.out 2>&1
check_eq "a commit dated after the revocation, on an older base, is refused" "$?" 1
check_grep "as revoked" "已经撤销" stolen.out
git -C xinyi reset -q --hard "$REVC~1"
write_act xinyi xinyi "$(act_id xinyi 5)" "倒填时间的提交"
GIT_COMMITTER_DATE=$(date -u -d '-1 hour' +%s) commit_signed xinyi xinyi xinyi add x "倒填时间"
git -C xinyi push -q -f "$T/stolen.git" HEAD:main
check "a back-dated one passes (what a signature cannot tell)" ggw -C office sync stolen
ggw -C office log --limit 5 >stolen-log.out 2>&1
check_grep "and ggw log marks its key as revoked since" "此后已撤销" stolen-log.out

# A registry that does not read is refused where it is written, naming the line.
git -C office fetch -q "$T/usb.git" main && git -C office reset -q --hard FETCH_HEAD
git clone -q "$T/usb.git" broken
printf 'xinyi namespaces=git %s\n' "$(pub nanhu)" >>broken/keys/allowed_signers
commit_signed broken office office key keys/allowed_signers "坏的钥匙登记"
git init -q --bare "$T/broken.git"; git -C broken push -q "$T/broken.git" HEAD:main
ggw -C office remote add broken "$T/broken.git" >/dev/null
ggw -C office sync broken >broken.out 2>&1
check_eq "a registry that does not read is refused" "$?" 1
check_grep "naming the file and line" "keys/allowed_signers 第 $(wc -l <broken/keys/allowed_signers) 行" broken.out
# ... and one that removes the registry
git -C broken reset -q --hard HEAD~1
git -C broken rm -q keys/allowed_signers
commit_signed broken office office key keys/allowed_signers "删去钥匙登记"
git -C broken push -q -f "$T/broken.git" HEAD:main
ggw -C office sync broken >broken2.out 2>&1
check_eq "a commit removing the registry is refused" "$?" 1
check_grep "and said why" "不能删去钥匙登记" broken2.out

# Hostile registration requests: a request whose name does not say what it
# holds, and one that is not a request at all, are never listed.
B=$(printf 'ggw-key-request/1\nunit: nanhu\nkey: %s\nnote: x\033[2J\n' "$(pub stranger)" | git -C office hash-object -w --stdin)
TR=$(printf '100644 blob %s\trequest\n' "$B" | git -C office mktree)
C=$(git -C office commit-tree -m req "$TR")
git -C office update-ref refs/ggw/keyreq/xinyi-0000000000000000 "$C"
git -C office update-ref refs/ggw/keyreq/junk "$(git -C office rev-parse HEAD)"
ggw -C office key list >req.out 2>&1
check_eq "ggw key list still works" "$?" 0
check_nogrep "a forged request is not listed" "$(ssh-keygen -lf "$T/k/stranger.pub" | cut -d' ' -f2)" req.out
check_nogrep "nothing is pending" "等待登记的申请" req.out
check_nogrep "no control characters reach the terminal" "$(printf '\033')" req.out
exit 0
