#!/bin/sh
# storage/sshsig.c against OpenSSH's own ssh-keygen, both directions: keys
# ggw writes are read by ssh-keygen -y and -l, keys ssh-keygen writes are
# read by ggw; signatures ggw makes pass ssh-keygen -Y verify and
# check-novalidate, signatures ssh-keygen makes pass ggw's verify; and
# hostile key files and signatures are refused with a message, no crash.
. "$GGW_SRC/tests/lib.sh"

TOOL="$GGW_BUILD/sshsig_tool"
if ! command -v ssh-keygen >/dev/null 2>&1 || [ ! -x "$TOOL" ]; then
	echo "ok - skipped: ssh-keygen or $TOOL missing # SKIP"
	exit 0
fi
tool() { "$TOOL" "$@"; }

# --- a key ggw makes, read by ssh-keygen -----------------------------------
check "ggw makes a key file" tool gen "$T/keys/k1" "新义村 测试电脑"
check_eq "the private key file is mode 0600" "$(stat -c %a "$T/keys/k1")" "600"
check "ssh-keygen -y reads ggw's private key" sh -c "ssh-keygen -y -f '$T/keys/k1' > '$T/k1.y'"
check_eq "ssh-keygen -y gives the same public key as k1.pub" \
	"$(cut -d' ' -f1,2 "$T/k1.y")" "$(cut -d' ' -f1,2 "$T/keys/k1.pub")"
check_grep "the comment is in the key file" "新义村 测试电脑" "$T/keys/k1.pub"
tool pub "$T/keys/k1" > "$T/k1.show"
FP_SSH=$(ssh-keygen -lf "$T/keys/k1.pub" | cut -d' ' -f2)
check_eq "fingerprint equals ssh-keygen -lf" "$(sed -n 2p "$T/k1.show")" "$FP_SSH"
check_eq "fingerprint of the line equals the key file's" \
	"$(tool fp "$(cat "$T/keys/k1.pub")" | sed -n 2p)" "$FP_SSH"
check "phone code is 4 groups of 4 digits" sh -c "sed -n 3p '$T/k1.show' | grep -Eqx '[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{4}'"
check_fails "refuses to overwrite an existing key" 1 tool gen "$T/keys/k1"
check_grep "the refusal names the file" "$T/keys/k1" "$T/.out"
check_eq "the refused key is unchanged" "$(cut -d' ' -f1,2 "$T/k1.y")" \
	"$(ssh-keygen -y -f "$T/keys/k1" | cut -d' ' -f1,2)"
check "no temporary file is left beside the key" sh -c "[ \$(ls '$T/keys' | wc -l) -eq 2 ]"

# --- a key ssh-keygen makes, read by ggw -------------------------------------
ssh-keygen -q -t ed25519 -N '' -C 'made by ssh-keygen' -f "$T/keys/k2"
check "ggw reads ssh-keygen's ed25519 key" tool pub "$T/keys/k2"
check_eq "the public key matches k2.pub" "$(head -1 "$T/.out" | cut -d' ' -f1,2)" \
	"$(cut -d' ' -f1,2 "$T/keys/k2.pub")"
check_eq "fingerprint of ssh-keygen's key" "$(sed -n 2p "$T/.out")" \
	"$(ssh-keygen -lf "$T/keys/k2.pub" | cut -d' ' -f2)"

# --- signatures, both ways ------------------------------------------------------
printf 'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor a <a@b> 1 +0000\n\n测试\n' > "$T/msg"
echo "xinyi $(cut -d' ' -f1,2 "$T/keys/k1.pub")" > "$T/allowed"
echo "nanhu $(cut -d' ' -f1,2 "$T/keys/k2.pub")" >> "$T/allowed"
check "ggw signs" sh -c "'$TOOL' sign '$T/keys/k1' git < '$T/msg' > '$T/msg.sig1'"
check_grep "armored as an SSH signature" "-----BEGIN SSH SIGNATURE-----" "$T/msg.sig1"
check "armor lines are at most 70 columns" sh -c "! awk 'length > 70' '$T/msg.sig1' | grep -q ."
check "ssh-keygen -Y verify accepts ggw's signature" \
	sh -c "ssh-keygen -Y verify -f '$T/allowed' -I xinyi -n git -s '$T/msg.sig1' < '$T/msg'"
check_grep "ssh-keygen says Good" 'Good "git" signature for xinyi' "$T/.out"
check "ssh-keygen -Y check-novalidate accepts it" \
	sh -c "ssh-keygen -Y check-novalidate -n git -s '$T/msg.sig1' < '$T/msg'"
check_fails "ssh-keygen refuses it in another namespace" 255 \
	sh -c "ssh-keygen -Y verify -f '$T/allowed' -I xinyi -n file -s '$T/msg.sig1' < '$T/msg'"
check_fails "ssh-keygen refuses it for another principal" 255 \
	sh -c "ssh-keygen -Y verify -f '$T/allowed' -I nanhu -n git -s '$T/msg.sig1' < '$T/msg'"
check "ggw verifies its own signature" sh -c "'$TOOL' verify '$T/msg.sig1' git < '$T/msg'"
check_eq "ggw names the signer" "$(cat "$T/.out")" "$FP_SSH"

cp "$T/msg" "$T/msg2"
ssh-keygen -q -Y sign -f "$T/keys/k2" -n git "$T/msg2" 2>/dev/null
check "ggw verifies ssh-keygen's signature" sh -c "'$TOOL' verify '$T/msg2.sig' git < '$T/msg'"
check_eq "the signer is k2" "$(cat "$T/.out")" "$(ssh-keygen -lf "$T/keys/k2.pub" | cut -d' ' -f2)"
cp "$T/msg" "$T/msg4"
ssh-keygen -q -Y sign -f "$T/keys/k1" -n git "$T/msg4" 2>/dev/null
check "ssh-keygen signs with the key ggw made; ggw verifies" \
	sh -c "'$TOOL' verify '$T/msg4.sig' git < '$T/msg'"
check_eq "the signer is k1" "$(cat "$T/.out")" "$FP_SSH"

# --- hostile signatures ------------------------------------------------------
check_fails "wrong namespace is refused" 1 sh -c "'$TOOL' verify '$T/msg.sig1' file < '$T/msg'"
check_grep "it names the namespace" "namespace" "$T/.out"
printf 'tampered' >> "$T/msg2"
check_fails "a changed message is refused" 1 sh -c "'$TOOL' verify '$T/msg.sig1' git < '$T/msg2'"
check_grep "it says the signature is wrong" "签名不对" "$T/.out"
# Flip one bit inside the base64 (a character of the second line).
awk 'NR==3 { c = substr($0, 20, 1); r = (c == "A") ? "B" : "A"; $0 = substr($0, 1, 19) r substr($0, 21) } { print }' \
	"$T/msg.sig1" > "$T/flip.sig"
check_fails "a flipped bit is refused" 1 sh -c "'$TOOL' verify '$T/flip.sig' git < '$T/msg'"
head -3 "$T/msg.sig1" > "$T/trunc.sig"; echo '-----END SSH SIGNATURE-----' >> "$T/trunc.sig"
check_fails "a truncated signature is refused" 1 sh -c "'$TOOL' verify '$T/trunc.sig' git < '$T/msg'"
head -3 "$T/msg.sig1" > "$T/noend.sig"
check_fails "a signature without its end line is refused" 1 sh -c "'$TOOL' verify '$T/noend.sig' git < '$T/msg'"
ssh-keygen -q -t ecdsa -N '' -f "$T/keys/ec"
cp "$T/msg" "$T/msg3"
ssh-keygen -q -Y sign -f "$T/keys/ec" -n git "$T/msg3" 2>/dev/null
check_fails "an ECDSA signature is refused" 1 sh -c "'$TOOL' verify '$T/msg3.sig' git < '$T/msg'"
check_grep "it names the key type" "ecdsa-sha2-nistp256" "$T/.out"
# A blob claiming a 4 GB string: SSHSIG, version 1, length ffffffff.
printf 'SSHSIG\000\000\000\001\377\377\377\377AAAA' | base64 > "$T/huge.b64"
{ echo '-----BEGIN SSH SIGNATURE-----'; cat "$T/huge.b64"; echo '-----END SSH SIGNATURE-----'; } > "$T/huge.sig"
check_fails "a huge length is refused" 1 sh -c "'$TOOL' verify '$T/huge.sig' git < '$T/msg'"
check_grep "it says incomplete" "数据不完整" "$T/.out"

# --- hostile key files --------------------------------------------------------
ssh-keygen -q -t ed25519 -N 'secret' -f "$T/keys/enc"
check_fails "an encrypted key is refused" 1 tool pub "$T/keys/enc"
check_grep "the message names the file and the passphrase" "$T/keys/enc 设了口令" "$T/.out"
check_fails "an ECDSA key file is refused" 1 tool pub "$T/keys/ec"
check_grep "the message names the type" "ecdsa-sha2-nistp256" "$T/.out"
ssh-keygen -q -t rsa -b 2048 -m PEM -N '' -f "$T/keys/rsapem"
check_fails "a PEM RSA key is refused" 1 tool pub "$T/keys/rsapem"
check_grep "the message names the file" "$T/keys/rsapem" "$T/.out"
check_fails "a public key given as private key is refused" 1 tool pub "$T/keys/k1.pub"
head -c 200 "$T/keys/k1" > "$T/keys/trunc"; echo '-----END OPENSSH PRIVATE KEY-----' >> "$T/keys/trunc"
check_fails "a truncated key file is refused" 1 tool pub "$T/keys/trunc"
check_fails "a missing key file is refused" 1 tool pub "$T/keys/none"
mkfifo "$T/keys/fifo"
check_fails "a FIFO as key file is refused without blocking" 1 timeout 10 "$TOOL" pub "$T/keys/fifo"
check_grep "it says it is not a plain file" "不是普通文件" "$T/.out"
check_fails "an RSA public key line is refused" 1 tool fp "$(cut -d' ' -f1,2 "$T/keys/rsapem.pub")"
check_grep "it names ssh-rsa" "ssh-rsa" "$T/.out"
check_fails "a bad base64 key line is refused" 1 tool fp "ssh-ed25519 AAAA@@@@"

exit "$TESTS_FAILED"
