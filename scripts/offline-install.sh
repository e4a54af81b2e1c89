#!/bin/sh
# ggw 离线安装（make offline 做的U盘文件夹里的 install.sh）。
# 在没有网络的电脑上，用管理员身份运行：
#     sudo sh install.sh
# 先检查这台电脑能不能装（Debian 一类的系统、架构、系统版本、文件完整），
# 再装电脑上还没有的库，最后装 ggw。
# 供测试和给另一个系统装：--root 目录（dpkg --root），--check 只检查不安装。
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=""
check_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--root) root=${2:-}; shift 2 || shift ;;
	--check) check_only=1; shift ;;
	*) echo "用法：sh install.sh [--check] [--root 目录]" >&2; exit 2 ;;
	esac
done

refuse() {
	echo "" >&2
	echo "不能安装：$1" >&2
	[ $# -gt 1 ] && echo "$2" >&2
	echo "（这台电脑上什么都没有改动。）" >&2
	exit 1
}

arch_name() {
	case $1 in
	amd64) echo "amd64（x86 64 位：英特尔、AMD、兆芯、海光）" ;;
	arm64) echo "arm64（飞腾、鲲鹏等 ARM 64 位）" ;;
	i386) echo "i386（x86 32 位）" ;;
	*) echo "$1" ;;
	esac
}

system_name() {
	name=""
	[ -r "$root/etc/os-release" ] && name=$(. "$root/etc/os-release" 2>/dev/null && echo "${PRETTY_NAME:-$NAME}")
	echo "${name:-未知系统}"
}

# 1. Debian 一类的系统：有 dpkg。
if ! command -v dpkg >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
	refuse "这台电脑的系统（$(system_name)）不是 Debian 一类的系统（没有 dpkg）。" \
		"这个安装包只能装在 Debian 12、银河麒麟、统信 UOS 这一类用 .deb 安装软件的系统上。"
fi
admin="--admindir=$root/var/lib/dpkg"
[ -n "$root" ] || admin=""
if [ -n "$root" ] && [ ! -f "$root/var/lib/dpkg/status" ]; then
	refuse "$root 里没有 dpkg 的记录（$root/var/lib/dpkg/status）。"
fi

# 2. 管理员身份。
if [ "$check_only" = 0 ] && [ "$(id -u)" != 0 ]; then
	refuse "需要管理员身份。" "请在终端里输入：sudo sh $0    （或先输入 su 切换到 root，再运行 sh $0）"
fi

# 3. 架构：U盘里有没有这台电脑用的安装包。
arch=$(dpkg --print-architecture 2>/dev/null)
have=""
for d in "$here"/*/; do
	d=$(basename "$d")
	ls "$here/$d"/ggw_*_"$d".deb >/dev/null 2>&1 && have="$have $(arch_name "$d")"
done
deb=$(ls "$here/$arch"/ggw_*_"$arch".deb 2>/dev/null | head -n 1)
if [ -z "$arch" ] || [ -z "$deb" ]; then
	refuse "这台电脑是 $(arch_name "${arch:-未知}") 架构，U盘里只有这些架构的安装包：${have:- 没有}。" \
		"请到街道办公室拿适合这台电脑的安装包。"
fi

# 4. 系统不能太旧：C 库（libc6）要够新。
need=$(cat "$here/$arch/needs-libc6" 2>/dev/null || echo 0)
libc=$(dpkg-query $admin -W -f='${Version}' "libc6:$arch" 2>/dev/null || dpkg-query $admin -W -f='${Version}' libc6 2>/dev/null)
if [ -z "$libc" ]; then
	refuse "这台电脑的系统（$(system_name)）里找不到 C 库 libc6，不像 Debian 一类的系统。"
fi
if [ "$need" != 0 ] && ! dpkg --compare-versions "$libc" ge "$need"; then
	refuse "这台电脑的系统（$(system_name)）太旧：它的 C 库 libc6 是 $libc 版，ggw 需要 $need 或更新的版本。" \
		"能装的系统：Debian 12 或更新的系统，以及基于它们的银河麒麟、统信 UOS 新版本。"
fi

# 5. U盘里的文件完整（复制时没有出错）。
if command -v sha256sum >/dev/null 2>&1 && [ -f "$here/SHA256SUMS" ]; then
	if ! (cd "$here" && sha256sum -c --quiet --strict SHA256SUMS >/dev/null 2>&1); then
		refuse "U盘里的文件不完整或已经损坏（校验不对）。" "请重新把整个文件夹复制到U盘，再运行一次。"
	fi
else
	refuse "U盘里缺少校验文件 SHA256SUMS，无法确认文件完整。" "请重新把整个文件夹复制到U盘。"
fi

# 6. 这台电脑还缺哪些库（已经装了同样或更新版本的就不装）。
missing=""
for f in "$here/$arch"/libs/*.deb; do
	[ -f "$f" ] || continue
	pkg=$(dpkg-deb -f "$f" Package)
	ver=$(dpkg-deb -f "$f" Version)
	pa=$(dpkg-deb -f "$f" Architecture)
	q=$pkg
	[ "$pa" = all ] || q="$pkg:$pa"
	cur=$(dpkg-query $admin -W -f='${db:Status-Status} ${Version}' "$q" 2>/dev/null)
	case $cur in
	"installed "*) dpkg --compare-versions "${cur#installed }" ge "$ver" && continue ;;
	esac
	missing="$missing $f"
done
n=$(echo $missing | wc -w)
echo "系统：$(system_name)，$(arch_name "$arch")，C 库 libc6 $libc"
echo "要安装：$(basename "$deb")，以及这台电脑缺少的 $n 个库"
if [ "$check_only" = 1 ]; then
	for f in $missing; do echo "  $(basename "$f")"; done
	echo "检查通过，可以安装（去掉 --check 再运行一次就开始安装）。"
	exit 0
fi

# 7. 安装：先装库（dpkg 在同一次安装里按依赖顺序配置），最后装 ggw。
rootopt=""
[ -n "$root" ] && rootopt="--root=$root"
log=${TMPDIR:-/tmp}/ggw-install.log
: >"$log" 2>/dev/null || log=/dev/null
fail() {
	echo "" >&2
	echo "安装没有完成：$1" >&2
	[ "$log" = /dev/null ] || { echo "（详细信息在 $log）" >&2; tail -n 15 "$log" >&2; }
	echo "请把这些文字拍照发给街道办公室。" >&2
	exit 1
}
if [ -n "$missing" ]; then
	echo "正在安装库……"
	# shellcheck disable=SC2086
	dpkg $rootopt -i $missing >>"$log" 2>&1 || fail "有库装不上。"
fi
echo "正在安装 ggw……"
dpkg $rootopt -i "$deb" >>"$log" 2>&1 || fail "ggw 装不上。"
if [ -z "$root" ]; then
	v=$(ggw --version 2>/dev/null) || fail "装好了，但 ggw 运行不起来。"
	echo "安装完成：$v。"
	echo "在开始菜单的“办公”里打开“关工委台账”，或者在终端里输入 ggw。"
else
	echo "安装完成（装到 $root）。"
fi
exit 0
