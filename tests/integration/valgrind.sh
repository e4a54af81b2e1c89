# The command-line paths under valgrind: no definite or indirect leaks, no
# invalid reads or writes. A few commands each, on a small real ledger.
. "$GGW_SRC/tests/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "ok - # SKIP valgrind is not installed"
	exit 0
fi
case "$GGW_BUILD" in *asan*) echo "ok - # SKIP valgrind does not run ASan builds"; exit 0 ;; esac

vg() { # name args...
	_name=$1; shift
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect \
		--errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
		--suppressions="$GGW_SRC/tests/valgrind.supp" --log-file="$T/vg-$_name.log" \
		"$GGW_BIN" "$@" >"$T/vg-$_name.out" 2>&1
	_rc=$?
	if [ "$_rc" -ne 99 ] && ! grep -q '^==[0-9]*== [A-Z]' "$T/vg-$_name.log"; then
		ok "valgrind clean: ggw $_name"
	else
		not_ok "valgrind clean: ggw $_name (exit $_rc)"
		head -40 "$T/vg-$_name.log" | sed 's/^/# /'
	fi
}

vg init init led --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委
cd led || exit 1
ggw config user.name 测试员 >/dev/null
vg add add --set title=防溺水讲座 --set date=2024-07-10 --set category=safety \
	--set form=lecture --set youth_count=45 --set speakers=丁光海,李四 \
	--set content="第一行
第二行"
id=$(ggw list --format ids | head -1)
ggw add --type volunteer --set name=丁光海 --set group=veteran >/dev/null
vg edit edit "$id" --set five_have.summary=反响良好 --set speakers+=王五
vg show show "$id"
vg show-yaml show "$id" --format yaml
vg list list
vg list-csv list --format csv --excel
vg list-yaml list --format yaml
vg list-yaml-cached list --format yaml
vg list-csv-cached list --format csv
vg log log "$id"
vg check check
vg report report --year 2024
vg report-html report --year 2024 --format html
vg audit audit --year 2024
vg bad-add add --set title= --set date=2024-02-30
vg status status
vg hub hub init "$T/hub.git"
vg remote remote add usb "$T/hub.git"
vg sync sync usb
vg rm rm "$id"
vg clone clone "$T/hub.git" "$T/copy" --unit xinyi
