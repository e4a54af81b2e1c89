# What a second core does for the read-only commands (issue 15): the load
# stats the cache's files on it while the first core walks the folders
# (storage/statahead.c), and a long list table is measured half on each
# (records/output.c). On one core (taskset) neither happens: every command
# must print the same bytes both ways, on a ledger large enough for both
# (1,300 records), with hostile and wide titles in both halves, before
# and after files are changed behind the cache (the same size and time put
# back, written in place, removed, replaced by a symlink).
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

if ! command -v taskset >/dev/null 2>&1 || [ "$(nproc)" -lt 2 ]; then
	echo "ok - two cores # SKIP needs taskset and two cores"
	exit 0
fi
new_office big
python3 - big "$UNITS" <<'EOF'
import os, sys
root, units = sys.argv[1], sys.argv[2].split()
titles = ["防溺水讲座", "Law, \"引号\" and, commas", "一个很长很长的标题，长到列表的标题一栏放不下，要用省略号截断才行",
          "控制\\e[31m字符", "tab\\there", "全角ＡＢＣ１２３", "emoji 🙂 wide", "ascii only title"]
for i in range(1300):
    u = units[i % len(units)]
    d = "2024%02d%02d" % (i % 12 + 1, i % 28 + 1)
    rid = "%s-%08x" % (d, 0x10000 + i)
    p = os.path.join(root, "activities", u, "2024")
    os.makedirs(p, exist_ok=True)
    with open(os.path.join(p, rid + ".yaml"), "w") as f:
        f.write("schema: ggw/activity/1\nid: %s\nunit: %s\ntitle: \"%s %d\"\ndate: %s-%s-%s\n"
                "category: safety\nform: lecture\nlocation: 文化礼堂\nyouth_count: %d\n"
                % (rid, u, titles[i % len(titles)], i, d[:4], d[4:6], d[6:], i % 90 + 10))
EOF
git -C big add -A && git -C big commit -q -m bulk
find big/activities -type f -exec touch -d "2 hours ago" {} +
sleep 3 # their inode change times fall behind the cache's stamp too
ggw -C big list --count >/dev/null

same_both_ways() { # what
	for cmd in "list" "list --format csv" "list --format ids" "check" "audit --year 2024" \
		"report --year 2024"; do
		# shellcheck disable=SC2086
		one=$(taskset -c 0 "$GGW_BIN" -C big $cmd 2>&1; echo "exit $?")
		# shellcheck disable=SC2086
		two=$("$GGW_BIN" -C big $cmd 2>&1; echo "exit $?")
		check_eq "$1: ggw $cmd, one core and two" "$two" "$one"
	done
}
same_both_ways "from the cache"
check_eq "the table has a row per record listed" "$(($(ggw -C big list | wc -l) - 1))" \
	"$(ggw -C big list --format ids | wc -l)"
check_grep "a long title is cut with an ellipsis" "…  " "$(ggw -C big list >"$T/t"; echo "$T/t")"
check_grep "a title with a control character is refused, in both halves" "控制字符" \
	"$(ggw -C big check >"$T/c0" 2>&1; echo "$T/c0")"

# Changed behind the cache, in the first and in the last part of the walk.
f1=$(find big/activities -name '*.yaml' | sort | head -n 1)
f2=$(find big/activities -name '*.yaml' | sort | tail -n 1)
f3=$(find big/activities -name '*.yaml' | sort | sed -n 600p)
f4=$(find big/activities -name '*.yaml' | sort | sed -n 700p)
keep=$(stat -c %y "$f1")
old=$(sed -n 's/^youth_count: //p' "$f1")
new=11 && [ "$old" = 11 ] && new=12
sed -i "s/^youth_count: .*/youth_count: $new/" "$f1" # the same size
touch -d "$keep" "$f1"
sed -i 's/^location: .*/location: 村委会/' "$f2"
rm "$f3"
rm "$f4" && ln -s "../../../../$f1" "$f4"
same_both_ways "after changes"
id1=$(basename "$f1" .yaml)
check_eq "the same-size edit is seen" "$(ggw -C big list | awk -v id="$id1" '$1 == id { print $(NF - 1) }')" "$new"
check_eq "the removed file is gone" "$(ggw -C big list --format ids | grep -c "$(basename "$f3" .yaml)")" 0
check_grep "the symlink is refused" "不是普通文件" "$(ggw -C big check >"$T/c" 2>&1; echo "$T/c")"
