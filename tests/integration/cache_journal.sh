# The ledger cache after ggw's own writes: an add or edit is noted in
# .git/ggw/cache-journal, and the next load reads that one file instead of
# rewriting the whole cache; anything else (a hand edit) still rewrites it.
# The answers are the same either way. Also the kill point between a commit
# and its journal note.
. "$GGW_SRC/tests/lib.sh"

ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null || exit 1
cd led || exit 1

# 1,200 records written as files (the journal is used from 500 on, one line
# per 500 entries: two here).
mkdir -p activities/xinyi/2023
i=0
while [ $i -lt 1200 ]; do
	id=$(printf '20230101-%08x' $i)
	printf 'schema: ggw/activity/1\nid: %s\nunit: xinyi\ntitle: 活动%d\ndate: 2023-01-01\ncategory: safety\nform: lecture\nyouth_count: 3\n' \
		"$id" $i >"activities/xinyi/2023/$id.yaml"
	i=$((i + 1))
done
git add activities && git commit -qm 批量 || exit 1
# Out of the cache's racy window (files changed within 50 ms of a load are
# looked at again, and the cache rewritten once they are older): setup only.
sleep 1

add() {
	ggw add --set date=2024-07-10 --set category=safety --set form=lecture --set youth_count=4 \
		--set title="$1"
}
inode() { stat -c %i .git/ggw/cache; }

check_eq "first list counts every record" "$(ggw list --count)" 1200
c0=$(inode)
id=$(add 新增一)
check "the add is noted in the journal" grep -qF "/2024/$id.yaml" .git/ggw/cache-journal
check_eq "list after the add counts it" "$(ggw list --count)" 1201
check_eq "and the cache was not rewritten" "$(inode)" "$c0"
check_eq "list again" "$(ggw list --count)" 1201
ggw edit "$id" --set title=改过的标题 >/dev/null
ggw show "$id" >"$T/show.out" 2>&1
check_grep "show after an edit has the new title" "改过的标题" "$T/show.out"
ggw list --format csv >"$T/list.csv"
check_grep "list after an edit has the new title" "改过的标题" "$T/list.csv"
check_eq "the cache was still not rewritten" "$(inode)" "$c0"
check "check is clean" ggw check

# A torn last line (a kill while appending) is skipped.
printf '12 34 56' >>.git/ggw/cache-journal
check_eq "a torn journal line is harmless" "$(ggw list --count)" 1201

# A hand edit is no write of ggw's: the cache is rewritten whole, and the
# journal of the old cache is void from then on.
f=activities/xinyi/2023/20230101-00000005.yaml
sed 's/^title: .*/title: 手改/' "$f" >"$T/x" && cp "$T/x" "$f"
ggw list --format csv >"$T/list2.csv"
check_grep "the hand edit is listed" "手改" "$T/list2.csv"
c1=$(inode)
check "a hand edit rewrites the cache" test "$c1" != "$c0"
id2=$(add 新增二)
check "the next add starts a journal for the new cache" \
	sh -c "test \$(grep -c yaml .git/ggw/cache-journal) -eq 1"
check_eq "list after it" "$(ggw list --count)" 1202
check_eq "without a rewrite" "$(inode)" "$c1"

# Killed between the commit and the journal note: committed, listed, clean.
head=$(git rev-parse HEAD)
GGW_TEST_KILL_AT=after-commit "$GGW_BIN" add --set date=2024-07-11 --set category=safety \
	--set form=lecture --set youth_count=2 --set title=提交后中断 >/dev/null 2>&1
check_eq "kill at after-commit: died by SIGKILL" "$?" 137
check "kill at after-commit: HEAD moved" test "$(git rev-parse HEAD)" != "$head"
check_eq "kill at after-commit: list counts it" "$(ggw list --count)" 1203
check_eq "kill at after-commit: its record is committed" "$(git status --porcelain -- activities/*/2024)" ""
check "kill at after-commit: fsck" git fsck --strict --no-progress
check "kill at after-commit: check" ggw check

# rm is not journaled: the cache is rewritten and the record is gone.
check "rm" ggw rm "$id2"
check_eq "list after rm" "$(ggw list --count)" 1202

# Below 500 records the journal is not used: the cache is rewritten as before.
cd .. && ggw init small --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null && cd small || exit 1
add 小台账一 >/dev/null
ggw list --count >/dev/null
s0=$(inode)
add 小台账二 >/dev/null
check_eq "small ledger: list after an add" "$(ggw list --count)" 2
check "small ledger: the cache is rewritten" test "$(inode)" != "$s0"
exit "$TESTS_FAILED"
