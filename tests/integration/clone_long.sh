#!/bin/sh
# ggw clone of a long history (one commit per change, made with git
# fast-import): the check of every commit runs on both cores in blocks
# (records/sync.c verify_incoming), and must answer what one pass through
# the history in order answers: the first refused commit in the walk's
# order, wherever the refused commits lie (the first block, a later block
# another worker takes, two refused in different blocks), and all of it
# when none is refused.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

N=3000
UNITS="xinyi nanhu dongshan"
new_office office

# stream N BAD...: N commits on main, each an activity of one unit with
# that unit's trailer; commit number k (1-based) in BAD is xinyi's
# trailer on a nanhu record instead (outside xinyi's folders). Marks :k.
stream() {
	n=$1
	shift
	awk -v n="$n" -v bad=" $* " 'BEGIN {
		split("xinyi nanhu dongshan", u, " ")
		for (k = 1; k <= n; k++) {
			unit = u[(k % 3) + 1]
			who = unit
			if (index(bad, " " k " ")) { unit = "nanhu"; who = "xinyi" }
			id = sprintf("202406%02d-%08x", (k % 27) + 1, k * 7919)
			path = "activities/" unit "/2024/" id ".yaml"
			data = "schema: ggw/activity/1\nid: " id "\nunit: " unit "\ntitle: 活动" k \
			       "\ndate: 2024-06-" sprintf("%02d", (k % 27) + 1) \
			       "\ncategory: safety\nform: lecture\nyouth_count: 5\n"
			msg = "新增活动 " k "\n\nGgw-Unit: " who "\nGgw-Record: " path "\nGgw-Action: add\n"
			printf "commit refs/heads/main\nmark :%d\n", k
			printf "committer %s-clerk <%s@ggw.local> %d +0800\n", who, who, 1700000000 + k
			printf "data %d\n%s\n", length(msg), msg
			if (k == 1)
				printf "from refs/heads/main^0\n"
			printf "M 100644 inline %s\ndata %d\n%s\n", path, length(data), data
		}
	}'
}

# hub NAME BAD...: a bare hub NAME.git of office's ledger and the N
# commits; the id of commit k is in NAME.marks (":k id").
hub() {
	name=$1
	shift
	rm -rf "$T/src-$name"
	git clone -q office "$T/src-$name"
	git -C "$T/src-$name" checkout -q -B main origin/main 2>/dev/null
	stream "$N" "$@" | LC_ALL=C git -C "$T/src-$name" fast-import --quiet \
		--export-marks="$T/$name.marks" || return 1
	git clone -q --bare "$T/src-$name" "$T/$name.git"
	rm -rf "$T/src-$name"
}
mark() { sed -n "s/^:$2 //p" "$T/$1.marks"; }

# The awk counts bytes (LC_ALL=C) as fast-import does.
export LC_ALL=C
hub clean
hub late 2100 2500
hub early 300 2600
hub edge 1024 1025
export LC_ALL=C.UTF-8

ggw clone "$T/clean.git" c-clean --unit office >clean.out 2>&1
check_eq "clean: cloned (exit 0)" "$?" 0
check_eq "clean: all of it" "$(git -C c-clean rev-parse HEAD)" "$(mark clean $N)"
check_nogrep "clean: nothing refused" "被拒绝" clean.out
check_eq "clean: the work tree is main's" "$(git -C c-clean status --porcelain)" ""

# case BAD1: the first refused commit is BAD1; the copy ends just before it.
for c in "late 2100" "early 300" "edge 1024"; do
	set -- $c
	ggw clone "$T/$1.git" "c-$1" --unit office >"$1.out" 2>&1
	check_eq "$1: cloned (exit 0)" "$?" 0
	check_eq "$1: main is the commit before the first refused one" \
		"$(git -C "c-$1" rev-parse HEAD)" "$(mark "$1" $(($2 - 1)))"
	check_grep "$1: names the first refused commit" "$(mark "$1" "$2" | cut -c1-10)" "$1.out"
	check_grep "$1: says why" "超出了该单位的范围" "$1.out"
	check_grep "$1: says how many were left out" "之后的 $((N - $2 + 1)) 个提交没有复制" "$1.out"
	check_eq "$1: the work tree is main's" "$(git -C "c-$1" status --porcelain)" ""
done

# The same hub synced by a PC that has the office's ledger: refused as a
# whole, naming the same first refused commit.
git clone -q office pc
setup_pc pc office
ggw -C pc remote add late "$T/late.git" >/dev/null
ggw -C pc sync late >sync.out 2>&1
check_eq "sync: the long history with refused commits is refused (exit 1)" "$?" 1
check_grep "sync: names the first refused commit" "$(mark late 2100 | cut -c1-10)" sync.out
exit 0
