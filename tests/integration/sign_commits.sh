#!/bin/sh
# Every commit ggw makes is signed with this PC's key, and plain git
# verifies it: a ledger made with ggw (init, unit add, add, edit, rm, a
# sync merge with a second clone, resolve, undo), an old-style clone made
# with plain git (its key is made at its first write), then
# `git log --show-signature` with an allowed-signers file written from
# `ggw key show --line` says Good "git" signature for every commit, for
# the unit that made it. Also: the key files (where, mode), a configured
# key (ggw.signingkey), a key that cannot be read fails the commit, and
# kill -9 while committing leaves the ledger readable.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

KEYS="$XDG_CONFIG_HOME/ggw/keys"
ACT="--set date=2024-07-10 --set category=safety --set form=lecture --set youth_count=30"

# --- init makes the office's key ---------------------------------------------
check "ggw init" ggw init office --street XX街道关工委 --unit xinyi --unit-name 新义村关工委 \
	--unit nanhu --unit-name 南湖村关工委
setup_pc office office
check "the office's key is in the config folder" test -f "$KEYS/office_ed25519"
check_eq "the key is mode 0600" "$(stat -c %a "$KEYS/office_ed25519")" "600"
check_eq "the keys folder is mode 0700" "$(stat -c %a "$KEYS")" "700"
check "ssh-keygen reads the key" ssh-keygen -y -f "$KEYS/office_ed25519"
check "no key file inside the ledger" sh -c "! git -C office ls-files | grep -q ed25519 && ! ls -R office | grep -q ed25519"
check "ggw key show" ggw -C office key show
cp "$T/.out" show.out
check_grep "key show names the unit" "本机单位：XX街道关工委办公室（office）" show.out
check_grep "key show prints the signer line" "公钥：office ssh-ed25519 AAAA" show.out
check_grep "the comment names the unit" "XX街道关工委办公室 " show.out
check_grep "key show prints the fingerprint" "指纹：$(ssh-keygen -lf "$KEYS/office_ed25519.pub" | cut -d' ' -f2)" show.out
check "key show prints the phone code" grep -Eq '^电话核对码：[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4}$' show.out
check_grep "key show prints the key file" "密钥文件：$KEYS/office_ed25519" show.out
ggw -C office key show --line > allowed
check "key show --line is one allowed-signers line" \
	sh -c "[ \$(wc -l < allowed) -eq 1 ] && grep -q '^office ssh-ed25519 AAAA' allowed"
check_fails "key with no subcommand is a usage error" 2 ggw -C office key
check_fails "an unknown key subcommand is a usage error" 2 ggw -C office key frob
env LANG=en_US.UTF-8 LANGUAGE=en LC_ALL=en_US.UTF-8 "$GGW_BIN" -C office key show > show-en.out 2>&1
check_grep "key show in English" "Fingerprint: SHA256:" show-en.out

# --- the office's work ---------------------------------------------------------
check "unit add" ggw -C office unit add dongshan 东山村关工委 --kind village
A=$(ggw -C office add --set title=暑期防溺水讲座 $ACT)
check "add" test -n "$A"
check "edit" ggw -C office edit "$A" --set youth_count=31
B=$(ggw -C office add --set title=要删除的记录 $ACT)
check "rm" ggw -C office rm "$B"
check "undo (the rm)" ggw -C office undo
XID=$(ggw -C office add --set title=防诈骗宣讲 $ACT --set unit=xinyi)
ggw hub init "$T/hub.git" >/dev/null
ggw -C office remote add hub "$T/hub.git" >/dev/null
check "office syncs" ggw -C office sync

# --- xinyi with ggw clone; nanhu with plain git (key made at first write) ----------
check "ggw clone for xinyi" ggw clone "$T/hub.git" xinyi --unit xinyi
setup_pc xinyi xinyi
check "clone made xinyi's key" test -f "$KEYS/xinyi_ed25519"
ggw -C xinyi key show --line >> allowed
clone_pc "$T/hub.git" nanhu nanhu
check "a plain git clone has no key yet" test ! -e "$KEYS/nanhu_ed25519"
N=$(ggw -C nanhu add --set title=南湖村活动 $ACT)
check "nanhu's first add works" test -n "$N"
check "its key was made at the first write" test -f "$KEYS/nanhu_ed25519"
ggw -C nanhu key show --line >> allowed
ggw -C nanhu remote add hub "$T/hub.git" >/dev/null 2>&1 || git -C nanhu remote rename origin hub
check "nanhu syncs" ggw -C nanhu sync hub

# --- a merge with a conflict, resolved ---------------------------------------------
ggw -C xinyi remote add hub "$T/hub.git" >/dev/null 2>&1 || true
ggw -C office edit "$XID" --set title=防诈骗宣讲（办公室改） >/dev/null
ggw -C xinyi edit "$XID" --set title=防诈骗宣讲（新义改） >/dev/null
ggw -C office sync >/dev/null 2>&1
ggw -C xinyi sync > s.out 2>&1
check_grep "xinyi's sync leaves a conflict" "冲突" s.out
check_eq "xinyi made a merge commit" "$(git -C xinyi log -1 --format=%P | wc -w)" 2
check "resolve" ggw -C xinyi resolve "$XID" title --value 防诈骗宣讲（定稿）
check "undo in xinyi" ggw -C xinyi undo
check "resolve again" ggw -C xinyi resolve "$XID" title --value 防诈骗宣讲（定稿）
check "xinyi syncs" ggw -C xinyi sync
check "office syncs again" ggw -C office sync

# --- plain git verifies every commit -------------------------------------------
verify_all() { # DIR: every commit says Good "git" signature for its unit
	_d=$1
	_n=$(git -C "$_d" rev-list --count HEAD)
	git -C "$_d" -c gpg.ssh.allowedSignersFile="$T/allowed" log --show-signature \
		--format='commit %H %ae' > "$T/$_d.sig" 2>&1
	_good=$(grep -c '^Good "git" signature for ' "$T/$_d.sig")
	check_eq "$_d: all $_n commits have a good signature" "$_good" "$_n"
	git -C "$_d" -c gpg.ssh.allowedSignersFile="$T/allowed" log \
		--format='%G? %GS %(trailers:key=Ggw-Unit,valueonly,separator=)' > "$T/$_d.g" 2>/dev/null
	check_eq "$_d: %G? is G for every commit" "$(cut -d' ' -f1 "$T/$_d.g" | sort -u)" "G"
	# The signer is the unit the commit's Ggw-Unit trailer names.
	check_eq "$_d: each commit is signed by its own unit's key" \
		"$(awk '$2 != $3' "$T/$_d.g")" ""
}
verify_all office
verify_all xinyi
check_grep "the merge is signed by xinyi" 'Good "git" signature for xinyi' "$T/xinyi.sig"
check_grep "nanhu's commit is signed by nanhu" 'Good "git" signature for nanhu' "$T/office.sig"
check "git verify-commit on a merge" \
	git -C office -c gpg.ssh.allowedSignersFile="$T/allowed" verify-commit \
	"$(git -C xinyi log --merges -1 --format=%H)"
check "git fsck is clean" git -C office fsck --strict

# --- a configured key ------------------------------------------------------------
ssh-keygen -q -t ed25519 -N '' -C 'own key' -f "$T/ownkey"
ggw -C nanhu config ggw.signingkey "$T/ownkey" >/dev/null
check "ggw.signingkey: add signs with that key" ggw -C nanhu add --set title=自带密钥 $ACT
echo "nanhu $(cat "$T/ownkey.pub")" > allowed2
check "plain git verifies the configured key" \
	sh -c "git -C nanhu -c gpg.ssh.allowedSignersFile='$T/allowed2' log -1 --show-signature | grep -q 'Good \"git\" signature for nanhu'"
check_grep "key show names the configured file" "$T/ownkey" "$(ggw -C nanhu key show > ks.out 2>&1; echo ks.out)"
ggw -C nanhu config ggw.signingkey "$T/missing-key" >/dev/null
HEAD0=$(git -C nanhu rev-parse HEAD)
check_fails "a configured key that is missing fails the commit" 1 ggw -C nanhu add --set title=不该提交 $ACT
check_grep "the message names the file" "$T/missing-key" "$T/.out"
check_eq "nothing was committed" "$(git -C nanhu rev-parse HEAD)" "$HEAD0"
check "and no key was made there" test ! -e "$T/missing-key"
ssh-keygen -q -t ed25519 -N 'pass' -f "$T/enckey"
ggw -C nanhu config ggw.signingkey "$T/enckey" >/dev/null
check_fails "an encrypted key fails the commit" 1 ggw -C nanhu add --set title=不该提交 $ACT
check_grep "the message says it has a passphrase" "设了口令" "$T/.out"
ggw -C nanhu config ggw.signingkey "$T/nanhu/inside_key" >/dev/null
check_fails "a key inside the ledger is refused" 1 ggw -C nanhu add --set title=不该提交 $ACT
check_grep "the message says why" "在台账文件夹里面" "$T/.out"
git -C nanhu config --unset ggw.signingkey

# --- kill -9 while committing ------------------------------------------------------
for point in commit-object commit-ref; do
	H0=$(git -C office rev-parse HEAD)
	GGW_TEST_KILL_AT=$point "$GGW_BIN" -C office add --set title=中断$point $ACT >/dev/null 2>&1
	check_eq "kill at $point: ggw died by SIGKILL" "$?" 137
	check "kill at $point: the ledger still lists" ggw -C office list
	check "kill at $point: git fsck is clean" git -C office fsck
	if [ "$point" = commit-ref ]; then
		check "kill at $point: HEAD holds the signed commit" \
			sh -c "git -C office -c gpg.ssh.allowedSignersFile='$T/allowed' verify-commit HEAD"
	else
		check_eq "kill at $point: HEAD did not move" "$(git -C office rev-parse HEAD)" "$H0"
	fi
	check "kill at $point: the next add works" ggw -C office add --set title=之后$point $ACT
done
check_eq "the reflog reads as git's" "$(git -C office reflog -1 --format=%gs)" "commit: 新增活动：之后commit-ref（XX街道关工委办公室，2024-07-10）"
verify_all office

exit "$TESTS_FAILED"
