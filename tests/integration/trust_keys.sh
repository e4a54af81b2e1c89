#!/bin/sh
# Keys with ggw itself (issue 10): the office starts signing on an old
# ledger (trust start), registers and revokes keys; a new PC asks to be
# registered through a USB hub and its commits stay local until then;
# plain git agrees with ggw; kill -9 during ggw key add.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

# --- an old ledger: made before anyone had keys (unsigned, as an older ggw) ----
GGW_TEST_UNSIGNED=1 ggw init office --street XX街道关工委 --unit office >/dev/null
setup_pc office office
for u in xinyi nanhu; do GGW_TEST_UNSIGNED=1 ggw -C office unit add "$u" "${u}村关工委" --kind village >/dev/null; done
add_act office xinyi 1 "旧台账的活动"
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
check "the old ledger syncs to the stick" ggw -C office sync
OLD=$(git -C office rev-parse HEAD)
ggw -C office key list >list0.out 2>&1
check_grep "key list: no keys yet" "还没有登记过钥匙" list0.out

# --- the trust start: the office registers its own key -------------------------
OFFLINE=$(ggw -C office key show --line)
check "ggw key add office (its own key, as key show --line prints it)" \
	ggw -C office key add office "$OFFLINE" --note "街道办公室 王主任的电脑"
check_grep "it says the fingerprint" "SHA256:" "$T/.out"
check "the registry is in the ledger" test -f office/keys/allowed_signers
check_grep "with the trust start at the old tip" "# ggw-trust-start: $OLD" office/keys/allowed_signers
check_grep "principal = unit, namespaces git, the note" "office namespaces=\"git\" ssh-ed25519 " office/keys/allowed_signers
ggw -C office key list >list1.out 2>&1
check_grep "key list shows it" "街道办公室 王主任的电脑" list1.out
check_grep "with its phone code" "$(ggw -C office key show | sed -n 's/^电话核对码：//p')" list1.out
git -C office -c gpg.ssh.allowedSignersFile="$T/office/keys/allowed_signers" log -1 --show-signature >p1.out 2>&1
check_grep "plain git: the key commit is Good for office" 'Good "git" signature for office' p1.out
# a spare office key held on paper (issue item 5)
ssh-keygen -q -t ed25519 -N '' -C spare -f "$T/spare"
check "a spare office key is registered in advance" \
	ggw -C office key add office "$(cat "$T/spare.pub")" --note "备用钥匙（保险柜）"
check "the office syncs the keys" ggw -C office sync
ggw -C office log --limit 30 >log1.out 2>&1
check_grep "ggw log: older commits before the start" "〔未签名（签名开始之前）〕" log1.out
check_grep "ggw log: the key commits signed by the office" "〔已签名：office 的钥匙（街道办公室 王主任的电脑）〕" log1.out
check "ggw check: the old ledger with a trust start is fine" ggw -C office check

# --- a new PC asks to be registered, through the USB stick ---------------------
# A copy made with plain git has not asked yet: status says how to.
git clone -q "$T/usb.git" plain && setup_pc plain xinyi
ggw -C plain status >st00.out 2>&1
check_grep "status: this PC's key is not registered, ask" "ggw key request" st00.out
rm -rf plain
# ggw clone asks at once.
check "xinyi clones from the stick" ggw clone "$T/usb.git" xinyi --unit xinyi
check_grep "the clone writes the registration request" "已写好登记申请" "$T/.out"
setup_pc xinyi xinyi
ggw -C xinyi status >st01.out 2>&1
check_grep "status: the clone's request waits" "本机的钥匙等待街道办公室登记" st01.out
check "xinyi asks to be registered" ggw -C xinyi key request --note "王秀英的电脑"
cp "$T/.out" req.out
check_grep "the request says the phone code" "$(ggw -C xinyi key show | sed -n 's/^电话核对码：//p')" req.out
ggw -C xinyi status >st0.out 2>&1
check_grep "status: this PC's key waits" "本机的钥匙等待街道办公室登记" st0.out
ggw_act xinyi "登记前的活动"
HELD=$(git -C xinyi rev-parse HEAD)
ggw -C xinyi sync >s1.out 2>&1
check_eq "xinyi's sync is not an error" "$?" 0
check_grep "the sync says its commits stay local" "本机的新提交没有发送出去，留在本机" s1.out
check "xinyi's commit did not go to the stick" sh -c "! git -C '$T/usb.git' merge-base --is-ancestor $HELD main"
check "the request did" git -C "$T/usb.git" rev-parse -q --verify "refs/ggw/keyreq/xinyi-$(git -C xinyi config ggw.keyrequest | sed 's/.*-//')"
ggw -C xinyi status >st1.out 2>&1
check_grep "status says why under the stick" "留在本机" st1.out
check "the office syncs" ggw -C office sync
ggw -C office key list >list2.out 2>&1
XFP=$(ggw -C xinyi key show | sed -n 's/^指纹：//p')
check_grep "the office sees the pending request with its fingerprint" "$XFP" list2.out
check_grep "and the unit and phone code" "xinyi        $XFP  $(ggw -C xinyi key show | sed -n 's/^电话核对码：//p')" list2.out
check_grep "under the pending heading" "等待登记的申请" list2.out
check "the office registers it" ggw -C office key accept "$XFP"
ggw -C office key list >list3.out 2>&1
check_nogrep "no longer pending" "等待登记的申请" list3.out
check "the office syncs the registration" ggw -C office sync
check "xinyi receives it" ggw -C xinyi sync
ggw_act xinyi "登记后的活动"
ggw -C xinyi sync >s1b.out 2>&1
check_grep "the commit made before the registration still holds the rest back" "ggw key resign" s1b.out
check "ggw key resign re-signs the unsynced commits" ggw -C xinyi key resign
check_grep "it says how many" "重签 2 个" "$T/.out"
check "xinyi's commits go out now" ggw -C xinyi sync
check_nogrep "nothing held any more" "留在本机" "$T/.out"
check "the office accepts them" ggw -C office sync
ggw -C office list >olist.out 2>&1
check_grep "the record made after the registration arrived" "登记后的活动" olist.out
check_grep "and the one made before it, re-signed" "登记前的活动" olist.out
git -C office -c gpg.ssh.allowedSignersFile="$T/office/keys/allowed_signers" log -3 --show-signature --grep=登记后的活动 >p2.out 2>&1
check_grep "plain git says Good for xinyi" 'Good "git" signature for xinyi' p2.out
check "ggw check passes at the office" ggw -C office check

# Both sides commit: the office's sync merges, its merge commit is signed by
# the office and accepted by the unit; the unit's merge likewise.
ggw_act office "办公室的活动"
ggw_act xinyi "新义村的活动"
check "xinyi syncs its commit" ggw -C xinyi sync
check "the office merges it" ggw -C office sync
check_eq "the office made a merge commit" "$(git -C office log -1 --format=%P | wc -w)" 2
check "xinyi accepts the office's signed merge" ggw -C xinyi sync
ggw_act office "办公室的第二个活动"
ggw_act xinyi "新义村的第二个活动"
check "the office pushes first" ggw -C office sync
check "xinyi merges and pushes" ggw -C xinyi sync
check_eq "xinyi made a merge commit" "$(git -C xinyi log -1 --format=%P | wc -w)" 2
check "the office accepts xinyi's signed merge" ggw -C office sync
git -C office -c gpg.ssh.allowedSignersFile="$T/office/keys/allowed_signers" log -8 --show-signature >p3.out 2>&1
check_grep "plain git: Good for the office's merge" 'Good "git" signature for office' p3.out
check_grep "plain git: Good for xinyi's merge" 'Good "git" signature for xinyi' p3.out
check "ggw check passes with merges" ggw -C office check

# --- an unregistered PC, plain git forging on the same stick --------------------
check "nanhu clones" ggw clone "$T/usb.git" nanhu --unit nanhu
setup_pc nanhu nanhu
ggw_act nanhu "未登记的电脑"
git -C nanhu push -q "$T/usb.git" main 2>/dev/null
ggw -C office sync >s2.out 2>&1
check_eq "the office refuses an unregistered PC's commit pushed by hand" "$?" 1
check_grep "naming the key" "$(ggw -C nanhu key show | sed -n 's/^指纹：//p')" s2.out
ggw -C office hub repair usb >/dev/null 2>&1

# --- revocation with ggw ---------------------------------------------------------
check_fails "the last office key cannot be revoked... (there are two: so first a unit's)" 1 \
	ggw -C office key revoke SHA256:nosuchkeyatall
check "ggw key revoke xinyi's key" ggw -C office key revoke "$XFP"
check_grep "valid-before written" "valid-before=" office/keys/allowed_signers
check_grep "the line stays" "$(echo "$XFP" | cut -c1-3)" list3.out
ggw -C office key list >list4.out 2>&1
check_grep "key list marks it revoked" "已撤销" list4.out
check "the office syncs the revocation" ggw -C office sync
check "xinyi receives it" ggw -C xinyi sync
ggw_act xinyi "撤销后的活动"
ggw -C xinyi sync >s3.out 2>&1
check_grep "xinyi's commits stay local after its key is revoked" "已经撤销" s3.out
check "nothing of it reached the stick" sh -c "! git -C '$T/usb.git' log main | grep -q 撤销后的活动"
ggw -C office log --limit 40 >log2.out 2>&1
check_grep "ggw log: older xinyi commits stay good, marked revoked since" "已签名：xinyi 的钥匙（王秀英的电脑），此后已撤销" log2.out
OFP=$(ggw -C office key show | sed -n 's/^指纹：//p')
SFP=$(ssh-keygen -lf "$T/spare.pub" | cut -d' ' -f2)
check "the spare office key can be revoked (one office key left)" ggw -C office key revoke "$SFP"
check_fails "the last office key cannot be revoked" 1 ggw -C office key revoke "$OFP"
check_grep "and says why" "最后一把" "$T/.out"
check_fails "a unit cannot add keys" 1 ggw -C xinyi key add xinyi "$(ssh-keygen -y -f "$T/spare")"
check_grep "and says only the office" "只有街道办公室" "$T/.out"

# --- kill -9 during ggw key add ----------------------------------------------------
# At each point of the signed commit (object written, branch moved), and
# at a random moment.
for point in commit-object commit-ref random; do
	ssh-keygen -q -t ed25519 -N '' -C "k9-$point" -f "$T/k9-$point"
	if [ "$point" = random ]; then
		ggw -C office key add nanhu "$(cat "$T/k9-$point.pub")" >/dev/null 2>&1 &
		pid=$!
		sleep 0.0$(( $(od -An -N1 -tu1 /dev/urandom) % 9 + 1 ))
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
	else
		GGW_TEST_KILL_AT=$point ggw -C office key add nanhu "$(cat "$T/k9-$point.pub")" >/dev/null 2>&1
		check_eq "($point) ggw key add was killed" "$?" 137
	fi
	check "($point) after kill -9 the ledger opens" ggw -C office key list
	ggw -C office key add nanhu "$(cat "$T/k9-$point.pub")" >k9.out 2>&1 || grep -q "已经登记过了" k9.out
	check "($point) the key is registered exactly once" \
		sh -c "[ \$(grep -c '$(cut -d' ' -f2 "$T/k9-$point.pub")' office/keys/allowed_signers) -eq 1 ]"
	check_eq "($point) the registry is committed (no half-written file)" "$(git -C office status --porcelain keys)" ""
	check "($point) ggw check still passes" ggw -C office check
done
# ggw init asks for the spare office key (issue 10 item 5), and ggw clone
# of a ledger that does not check signatures yet asks nothing.
ggw init spare-led --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委 >init.out 2>init.err
check_grep "init: the next step names the spare office key" "备用的办公室钥匙" init.err
check_grep "init: and how to register it" "ggw key add office" init.err
ggw clone spare-led spare-copy --unit xinyi >clone.out 2>&1
check_nogrep "clone of a ledger without keys: no request" "登记申请" clone.out
exit 0
