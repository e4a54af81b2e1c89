# One option parser for every command: the same --year range and message
# in list, report and audit; unknown options, missing values and values
# given to flags refused the same way (exit 2, one line that names the
# option, then the usage line).
. "$GGW_SRC/tests/lib.sh"

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null || exit 1
cd led || exit 1
ggw add --set unit=xinyi --set date=2024-07-10 --set category=safety --set form=lecture \
	--set youth_count=45 --set title=暑期防溺水讲座 >/dev/null || exit 1

# usage CMD... : exit 2, first stderr line "ggw: WANT", then the usage line
usage() {
	_want=$1; shift
	ggw "$@" >"$T/u.out" 2>"$T/u.err"
	_rc=$?
	check_eq "ggw $*: exit 2" "$_rc" 2
	check_eq "ggw $*: says why" "$(head -1 "$T/u.err")" "ggw: $_want"
	check_grep "ggw $*: then the usage line" "用法：ggw $1" "$T/u.err"
	check_eq "ggw $*: nothing on stdout" "$(cat "$T/u.out")" ""
}

year_msg="--year 要写四位年份（1900 到 2200），如 2024"
for cmd in list report audit; do
	usage "$year_msg" $cmd --year 1899
	usage "$year_msg" $cmd --year 2201
	usage "$year_msg" $cmd --year=24x
	usage "--year 后面缺少值" $cmd --year
done
# the edges are years like any other
check_eq "list --year 1900: an empty year" "$(ggw list --year 1900 --count)" 0
check_eq "list --year 2200: an empty year" "$(ggw list --year 2200 --count)" 0
check_eq "list --year=2024" "$(ggw list --year=2024 --count)" 1
check "report --year 2200" ggw report --year 2200 --format csv
check "report --year=1900" ggw report --year=1900 --format csv

usage "list 不认识“--frob”" list --frob
usage "report 不认识“--frob”" report --frob
usage "audit 不认识“--frob”" audit --frob
usage "sync 不认识“--frob”" sync --frob
usage "resolve 不认识“--frob”" resolve --frob
usage "check 不认识“--frob”" check --frob
usage "check 不认识“extra”" check extra
usage "show 不认识“--frob”" show --frob
usage "--format 后面缺少值" show x --format
usage "--unit 后面缺少值" report --unit
usage "-o 后面缺少值" report -o
usage "--count 不带值" list --count=3
usage "--set 后面缺少值" add --set
usage "add 不认识“stray”" add stray
usage "--limit 后面缺少值" log --limit
usage "--kind 要跟在 --unit KEY 后面" init x --street 街道 --kind village
usage "config 不认识“d”" config a.b c d
usage "unit 不认识“x”" unit list x

# "--" ends the options: what follows is an argument, even with a dash
usage "show 不认识“--year”" show x -- --year
ggw show -- 20240101-00000000 >/dev/null 2>"$T/dd.err"
check_eq "show -- ID: the ID is looked up (not found: exit 1)" "$?" 1

# a valued option written with "=" or apart is the same
check_eq "--format=ids and --format ids" "$(ggw list --format=ids)" "$(ggw list --format ids)"
exit 0
