#!/bin/sh
# Signature verification at first sync (issue 10): 10,000 incoming signed
# commits verified by ggw (records/trust.c, the trust part alone, then the
# whole `ggw sync` that receives them), beside plain
# `git log --show-signature` over the same commits in the same run.
# Target: ggw's verification of 10,000 commits in at most 2 s.
set -eu
: "${GGW_BUILD:=$(pwd)/build}"
N=${TRUST_BENCH_N:-10000}
W=$(mktemp -d "${TMPDIR:-/tmp}/ggw-trust-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
export HOME="$W/home" XDG_CONFIG_HOME="$W/home/.config" LC_ALL=C.UTF-8
mkdir -p "$HOME"
git config --global user.name bench
git config --global user.email bench@ggw.local
git config --global init.defaultBranch main
G="$GGW_BUILD/ggw"
cd "$W"
ssh-keygen -q -t ed25519 -N '' -C office -f office.key
ssh-keygen -q -t ed25519 -N '' -C xinyi -f xinyi.key
"$G" init office --street 街道 --unit office >/dev/null
git -C office config ggw.unit office
"$G" -C office unit add xinyi 新义村 --kind village >/dev/null
mkdir -p office/keys
{
	echo "# ggw-trust-start: $(git -C office rev-parse HEAD)"
	echo "office namespaces=\"git\" $(cut -d' ' -f1,2 office.key.pub) 街道办公室"
	echo "xinyi namespaces=\"git\" $(cut -d' ' -f1,2 xinyi.key.pub) 新义村"
} >office/keys/allowed_signers
git -C office add -A
git -C office -c gpg.format=ssh -c user.signingkey="$W/office.key" commit -q -S -m "登记钥匙

Ggw-Unit: office
Ggw-Action: key"
"$G" hub init "$W/hub.git" >/dev/null
git -C office push -q "$W/hub.git" main
git clone -q "$W/hub.git" unit
BASE=$(git -C unit rev-parse HEAD)
t0=$(date +%s.%N)
"$GGW_BUILD/trust_bench" gen unit "$N" xinyi.key xinyi
t1=$(date +%s.%N)
echo "generated $N signed commits in $(awk "BEGIN{printf \"%.2f\", $t1 - $t0}") s"
git -C unit push -q "$W/hub.git" main
"$G" -C office remote add hub "$W/hub.git" >/dev/null
git -C office update-ref refs/bench/base "$BASE"
git -C office fetch -q "$W/hub.git" main:refs/bench/tip
printf 'ggw trust check only:        '
"$GGW_BUILD/trust_bench" verify office refs/bench/base refs/bench/tip
t0=$(date +%s.%N)
"$G" -C office sync hub >/dev/null
t1=$(date +%s.%N)
echo "ggw sync receiving them (fetch, full verify, fast-forward, checkout): $(awk "BEGIN{printf \"%.2f\", $t1 - $t0}") s"
git -C office log -1 --format=%H | grep -q "$(git -C unit rev-parse HEAD)" && echo "  (all $N commits accepted)"
t0=$(date +%s.%N)
git -C office -c gpg.ssh.allowedSignersFile="$W/office/keys/allowed_signers" log --show-signature \
	"$BASE..HEAD" >gitlog.out 2>&1
t1=$(date +%s.%N)
echo "git log --show-signature over the same $N commits: $(awk "BEGIN{printf \"%.2f\", $t1 - $t0}") s ($(grep -c 'Good "git" signature for xinyi' gitlog.out) Good)"
