# Crash safety and concurrency of writes: ggw add killed with SIGKILL at
# random moments, stale git locks, uncommitted record files, two writers
# at once. Afterwards the ledger must be whole: no temporary files, every
# record parses, git fsck is clean, and the next write works.
. "$GGW_SRC/tests/lib.sh"

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null || exit 1
cd led || exit 1

add() {
	"$GGW_BIN" add --set unit=xinyi --set date=2024-07-10 --set category=safety --set form=lecture \
		--set youth_count=45 --set title="$1" --set "content=第一行
第二行"
}

rand_ms() { # 0..30
	echo $(( $(od -An -N1 -tu1 /dev/urandom) % 31 ))
}

i=0
while [ $i -lt 30 ]; do
	# exec: $! must be ggw itself, not a shell waiting for it
	(exec "$GGW_BIN" add --set unit=xinyi --set date=2024-07-10 --set category=safety \
		--set form=lecture --set youth_count=45 --set title="中断测试$i" \
		--set "content=第一行
第二行") >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(printf %02d "$(rand_ms)")"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	i=$((i + 1))
done
ok "30 adds killed at random moments"

# What a crash may leave: git's own lock files. ggw recovers them.
touch .git/index.lock
id=$(add 中断之后 2>"$T/after.err")
check_eq "the next add succeeds" "$?" 0
check "the next add wrote its record" test -f "activities/xinyi/2024/$id.yaml"
check "the stale index.lock is gone" test ! -e .git/index.lock
check "its removal was reported" test -s "$T/after.err"
check_eq "no temporary files left" "$(find . -path ./.git -prune -o -name '.*.tmp.*' -print)" ""
check "every record parses (check exits 0)" ggw check
check "git fsck --strict" git fsck --strict --no-progress
n=$(ggw list --count)
check "list works" test "$n" -ge 1
committed=$(git ls-files activities | wc -l | tr -d ' ')
files=$(find activities -name '*.yaml' | wc -l | tr -d ' ')
check_eq "list counts every record file" "$n" "$files"
echo "# $committed committed of $files record files"

# A record written but never committed (killed between write and commit):
# check warns, and the next write of that record commits it.
src="activities/xinyi/2024/$id.yaml"
sed 's/^title: 中断之后$/title: 写了没提交/' "$src" >"$T/x.yaml" && cp "$T/x.yaml" "$src"
ggw check >/dev/null 2>"$T/check.err"
check_eq "uncommitted file is only a warning" "$?" 0
check_grep "check warns about the uncommitted file" "$src" "$T/check.err"
check "edit after an uncommitted write" ggw edit "$id" --set adult_count=2
check_eq "the edit committed both changes" "$(git status --porcelain -- "$src")" ""
git show HEAD:"$src" >"$T/head.yaml"
check_grep "HEAD has the uncommitted title" "title: 写了没提交" "$T/head.yaml"
check_grep "HEAD has the edit" "adult_count: 2" "$T/head.yaml"

# An edit that restores exactly what HEAD has is "no change"; one that
# matches an uncommitted file still commits it.
cp "$src" "$T/keep.yaml"
sed 's/^adult_count: 2$/adult_count: 3/' "$src" >"$T/x.yaml" && cp "$T/x.yaml" "$src"
ggw edit "$id" --set adult_count=3 >"$T/e.out" 2>&1
check_eq "edit matching the uncommitted file exits 0" "$?" 0
check_eq "and commits it" "$(git status --porcelain -- "$src")" ""

# Two writers at once: both succeed (one waits for the other's lock) or
# one refuses clearly; never a broken ledger.
before=$(ggw list --count)
add 并发一 >"$T/p1.out" 2>"$T/p1.err" &
p1=$!
add 并发二 >"$T/p2.out" 2>"$T/p2.err" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
after=$(ggw list --count)
if [ $r1 -eq 0 ] && [ $r2 -eq 0 ]; then
	check_eq "both concurrent adds recorded" "$after" $((before + 2))
else
	ok "one concurrent add refused (exit $r1/$r2)"
	check "the refusal says why" test -s "$T/p1.err" -o -s "$T/p2.err"
fi
for f in "$T/p1.out" "$T/p2.out"; do
	cid=$(cat "$f")
	[ -n "$cid" ] || continue
	check_eq "concurrent add $cid committed" \
		"$(git status --porcelain -- "activities/xinyi/2024/$cid.yaml")" ""
done
check "fsck after concurrent adds" git fsck --strict --no-progress
check "check after concurrent adds" ggw check

# Many writers in a row, each also killed sometimes, then a last clean one.
i=0
while [ $i -lt 5 ]; do
	add "批量$i" >/dev/null 2>&1 &
	add "批量b$i" >/dev/null 2>&1 &
	wait
	i=$((i + 1))
done
check_eq "ten more adds, all recorded" "$(ggw list --count)" $((after + 10))
check "fsck at the end" git fsck --strict --no-progress
# rm of a record that was written but never committed: just removed.
nid=20240301-abcdef01
mkdir -p activities/xinyi/2024
printf 'schema: ggw/activity/1\nid: %s\nunit: xinyi\ntitle: 手写\ndate: 2024-03-01\ncategory: law\nform: lecture\nyouth_count: 3\n' \
	$nid >activities/xinyi/2024/$nid.yaml
head=$(git rev-parse HEAD)
check "rm of a never-committed record" ggw rm $nid
check "its file is gone" test ! -e activities/xinyi/2024/$nid.yaml
check_eq "no commit for it" "$(git rev-parse HEAD)" "$head"

# A hand edit undone by ggw edit back to what HEAD has: no commit, clean.
sed -i 's/^adult_count: .*/adult_count: 9/' "$src"
check "edit back to HEAD's content" ggw edit "$id" --set adult_count=3
check_eq "file equals HEAD again" "$(git status --porcelain -- "$src")" ""
check_eq "and no commit was made" "$(git rev-parse HEAD)" "$head"
exit 0
