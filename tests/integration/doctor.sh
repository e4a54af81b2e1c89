# ggw doctor: one line per check, ✓/✗, what was found and the fix in
# Chinese; exit 1 when a problem is found. A real ledger and hub; a stick
# that is not plugged in, a folder that went away, stale lock files, a
# broken record, a commit from the future, C and uninstalled locales, a
# registered and an unregistered signing key, network remotes.
. "$GGW_SRC/tests/lib.sh"

# fc-list depends on the machine's fonts: doctor runs with a PATH without it
# (the font check then says it cannot tell), except where said.
mkdir -p "$T/nofc"
doc() { PATH="$T/nofc" "$GGW_BIN" "$@"; }

ggw init led --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null 2>&1
cd led || exit 1
ggw config user.name 王秀英 >/dev/null
ggw add --set title=暑期防溺水安全知识讲座 --set date=2024-07-10 --set category=safety \
	--set form=lecture --set youth_count=45 --set unit=xinyi >/dev/null
check "a hub on a folder" ggw hub init "$T/hub.git"
check "the hub as a remote" ggw remote add hub "$T/hub.git"

doc doctor >"$T/ok.out" 2>&1
check_eq "a healthy ledger: exit 0" "$?" 0
check_grep "locale line" "✓ 语言环境：C.UTF-8（字符集 UTF-8）" "$T/ok.out"
check_grep "not a terminal: size not checked" "－ 终端大小：输出不是终端" "$T/ok.out"
check_grep "no fc-list: font unknown" "－ 中文字体：没有 fc-list" "$T/ok.out"
check_grep "disk space line" "✓ 磁盘空间：台账所在磁盘还剩" "$T/ok.out"
check_grep "clock line" "✓ 电脑时钟：本机时间" "$T/ok.out"
check_grep "the hub is usable" "✓ 同步对象：hub（$T/hub.git）：中转仓库，可以同步" "$T/ok.out"
check_grep "no signing: nothing to register" "✓ 密钥登记：台账没有启用提交签名" "$T/ok.out"
check_grep "no stale locks" "✓ 锁文件：没有残留的锁文件" "$T/ok.out"
check_grep "records all valid (as ggw check)" "✓ 记录检查：检查了 2 个文件，全部合格" "$T/ok.out"
check_grep "summary: no problem" "没有发现问题。" "$T/ok.out"
check_eq "one line per check and a summary" "$(wc -l <"$T/ok.out")" 10
check_nogrep "nothing on a healthy ledger says to fix" "解决办法" "$T/ok.out"

# A USB stick that is not plugged in (added while it was), a folder gone.
git config remote.stick.url "/media/ggw-doctor-$$/KINGSTON/ggw.git"
ggw hub init "$T/gone.git" >/dev/null && ggw remote add gone "$T/gone.git" >/dev/null && rm -rf "$T/gone.git"
check_fails "a missing stick: exit 1" 1 doc doctor
cp "$T/.out" "$T/stick.out"
check_grep "the stick is not plugged in" "✗ 同步对象：stick（/media/ggw-doctor-$$/KINGSTON/ggw.git）：U盘没有插上，或没有挂载；解决办法：插上 U 盘" "$T/stick.out"
check_grep "a folder that went away" "✗ 同步对象：gone（$T/gone.git）：文件夹不存在；解决办法：" "$T/stick.out"
check_grep "the fix names the remote" "ggw remote remove gone" "$T/stick.out"
check_grep "summary counts the problems" "发现 2 个问题。" "$T/stick.out"
git config --remove-section remote.stick
git config --remove-section remote.gone
mkdir "$T/notrepo"
git config remote.plain.url "$T/notrepo"
doc doctor >"$T/plain.out" 2>&1
check_grep "a folder that is no ledger" "✗ 同步对象：plain（$T/notrepo）：不是台账仓库；解决办法：新的 U 盘先运行 ggw hub init" "$T/plain.out"
git config --remove-section remote.plain

# Network remotes: not contacted unless --network.
git config remote.far.url "ssh://wang@192.0.2.7:2222/srv/ggw.git"
doc doctor >"$T/far.out" 2>&1
check_eq "an uncontacted network remote is no problem" "$?" 0
check_grep "network remote not contacted" "－ 同步对象：far（ssh://wang@192.0.2.7:2222/srv/ggw.git）：网络地址，没有联系（加 --network 试连）" "$T/far.out"
git config --remove-section remote.far
python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(8)
print(s.getsockname()[1], flush=True); time.sleep(120)' >"$T/port" &
listener=$!
at_exit "kill $listener 2>/dev/null"
for i in $(seq 50); do [ -s "$T/port" ] && break; sleep 0.1; done
port=$(cat "$T/port")
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git config remote.up.url "http://127.0.0.1:$port/ggw.git"
git config remote.down.url "git@127.0.0.1:ggw.git"
git config remote.down2.url "ssh://127.0.0.1:$closed/ggw.git"
check_fails "--network: an unreachable remote is a problem" 1 doc doctor --network
cp "$T/.out" "$T/net.out"
check_grep "--network: a listening host is reachable" "✓ 同步对象：up（http://127.0.0.1:$port/ggw.git）：能连上 127.0.0.1 端口 $port" "$T/net.out"
check_grep "--network: a closed port is not" "✗ 同步对象：down2（ssh://127.0.0.1:$closed/ggw.git）：连不上 127.0.0.1 端口 $closed" "$T/net.out"
check_grep "--network: scp-like address uses port 22" "down（git@127.0.0.1:ggw.git）：" "$T/net.out"
check_grep "--network: the fix in Chinese" "检查网线或无线网络" "$T/net.out"
kill "$listener" 2>/dev/null
for r in up down down2; do git config --remove-section "remote.$r"; done

# Stale lock files, and ggw's own lock held by a running ggw.
: >.git/index.lock
: >.git/refs/heads/main.lock
check_fails "stale locks: exit 1" 1 doc doctor
cp "$T/.out" "$T/lock.out"
check_grep "stale locks counted" "✗ 锁文件：有 2 个上次异常退出留下的锁文件，例如 $T/led/.git/index.lock" "$T/lock.out"
check_grep "the fix says how to remove them" "rm '$T/led/.git/index.lock'" "$T/lock.out"
check_eq "doctor removes nothing" "$(ls .git/index.lock .git/refs/heads/main.lock | wc -l)" 2
mkdir -p .git/ggw && : >>.git/ggw/lock
flock .git/ggw/lock env PATH="$T/nofc" "$GGW_BIN" doctor >"$T/busy.out" 2>&1
check_grep "locks of a running ggw are not stale" "✓ 锁文件：另一个 ggw 正在使用台账" "$T/busy.out"
rm -f .git/index.lock .git/refs/heads/main.lock

# A broken record committed with plain git.
mkdir -p activities/xinyi/2024
printf 'title: [甲, 乙\n' >activities/xinyi/2024/20240101-0badf00d.yaml
git add activities && git commit -qm "hand-made record"
check_fails "a broken record: exit 1" 1 doc doctor
cp "$T/.out" "$T/rec.out"
check_grep "broken record counted (as ggw check)" "✗ 记录检查：检查了 3 个文件，发现 1 个问题，例如 activities/xinyi/2024/20240101-0badf00d.yaml:" "$T/rec.out"
check_grep "the fix names ggw check" "运行 ggw check 查看全部" "$T/rec.out"
git rm -q activities/xinyi/2024/20240101-0badf00d.yaml && git commit -qm "remove it"

# Locale: C, and a locale that is not installed.
env -u LC_ALL LANG=C PATH="$T/nofc" "$GGW_BIN" doctor >"$T/c.out" 2>&1
check_eq "LANG=C: exit 1" "$?" 1
check_grep "LANG=C is a problem" "✗ 语言环境：C（字符集 ANSI_X3.4-1968），中文会显示成乱码；解决办法：在 ~/.profile 末尾加一行 export LANG=zh_CN.UTF-8" "$T/c.out"
env -u LC_ALL LANG=xx_YY.UTF-8 PATH="$T/nofc" "$GGW_BIN" doctor >"$T/xx.out" 2>&1
check_grep "an uninstalled locale" "✗ 语言环境：xx_YY.UTF-8 这个语言环境在本机没有安装；解决办法：运行 sudo dpkg-reconfigure locales" "$T/xx.out"

# Signing keys: this PC's key (ggw.signingkey here), registered,
# unregistered, registered to another unit.
mkdir -p keys "$T/keys"
ssh-keygen -q -t ed25519 -N '' -C 街道办公室 -f "$T/keys/office"
ssh-keygen -q -t ed25519 -N '' -C 别的电脑 -f "$T/keys/other"
good=$(cut -d' ' -f1,2 "$T/keys/office.pub")
other=$(cut -d' ' -f1,2 "$T/keys/other.pub")
echo "office $good 街道办公室" >keys/allowed_signers
echo "xinyi $other 新义村" >>keys/allowed_signers
git config ggw.signingkey "$T/keys/missing"
check_fails "signing on, no key on this PC: exit 1" 1 doc doctor
check_grep "no signing key" "✗ 密钥登记：本机还没有签名钥匙；解决办法：运行 ggw key show" "$T/.out"
git config ggw.signingkey "$T/keys/office"
doc doctor >"$T/key.out" 2>&1
check_grep "a registered key" "✓ 密钥登记：本机的签名钥匙已登记在 office 名下" "$T/key.out"
git config ggw.signingkey "$T/keys/other"
doc doctor >"$T/key2.out" 2>&1
check_grep "a key registered to another unit" "✗ 密钥登记：本机的签名钥匙登记在 xinyi 名下，不是本机单位 office" "$T/key2.out"
sed -i '/^xinyi/d' keys/allowed_signers
doc doctor >"$T/key3.out" 2>&1
check_grep "an unregistered key" "✗ 密钥登记：本机的签名钥匙（$T/keys/other）还没有登记；解决办法：运行 ggw key request" "$T/key3.out"
rm -rf keys
git config --unset ggw.signingkey

# Terminal size, in a pseudo-terminal of a given size.
if command -v script >/dev/null 2>&1; then
	script -qc "stty cols 70 rows 20; PATH='$T/nofc' '$GGW_BIN' doctor" /dev/null >"$T/tty.out" 2>&1 </dev/null
	check_grep "a 70x20 terminal is too small" "✗ 终端大小：70 列 × 20 行；解决办法：全屏界面至少要 80 列 × 24 行" "$T/tty.out"
	script -qc "stty cols 100 rows 30; PATH='$T/nofc' '$GGW_BIN' doctor" /dev/null >"$T/tty2.out" 2>&1 </dev/null
	check_grep "a 100x30 terminal is fine" "✓ 终端大小：100 列 × 30 行" "$T/tty2.out"
fi

# The font check with the machine's own fc-list: a line either way.
if command -v fc-list >/dev/null 2>&1; then
	ggw doctor >"$T/font.out" 2>&1
	if grep -q "^[✓✗] 中文字体：" "$T/font.out"; then ok "fc-list: the font check says found or not"; else not_ok "fc-list: the font check says found or not"; cat "$T/font.out"; fi
	if [ -n "$(fc-list :lang=zh family)" ]; then want="✓ 中文字体"; else want="✗ 中文字体：没有找到中文字体"; fi
	check_grep "fc-list: agrees with fc-list :lang=zh" "$want" "$T/font.out"
fi

# A clock more than a year after the last commit (GGW_NOW: tests only).
GGW_NOW=$(( $(date +%s) + 400 * 86400 )) PATH="$T/nofc" "$GGW_BIN" doctor >"$T/ahead.out" 2>&1
check_eq "clock a year ahead: exit 1" "$?" 1
check_grep "clock a year ahead is a problem" "✗ 电脑时钟：本机时间" "$T/ahead.out"
check_grep "clock a year ahead: says how far" "晚了 400 天，日期可能不对" "$T/ahead.out"

# The clock behind the ledger's last commit (a commit from the future).
GIT_AUTHOR_DATE="2099-03-01T08:00:00" GIT_COMMITTER_DATE="2099-03-01T08:00:00" \
	git commit -q --allow-empty -m "from a PC whose clock runs ahead"
check_fails "clock behind the last commit: exit 1" 1 doc doctor
check_grep "clock problem says by how much" "✗ 电脑时钟：本机时间" "$T/.out"
check_grep "clock problem: earlier than the commit" "比台账最后一次提交（2099-03-01 08:00）还早" "$T/.out"
check_grep "clock fix in Chinese" "校准日期和时间" "$T/.out"

# No ledger here: the PC's checks still run.
mkdir "$T/empty"
cd "$T/empty" && rm -f "$XDG_CONFIG_HOME/ggw/config"
check_fails "no ledger: exit 1" 1 doc doctor
check_grep "no ledger: one problem" "✗ 台账：" "$T/.out"
check_grep "no ledger: the locale is still checked" "✓ 语言环境" "$T/.out"
check_fails "unknown argument: usage" 2 doc doctor --bogus
check "doctor --help" doc doctor --help
check_grep "doctor --help shows the usage" "ggw doctor [--network]" "$T/.out"
[ "$TESTS_FAILED" -eq 0 ]
