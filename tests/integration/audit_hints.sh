# ggw audit tells how to fix each finding: after the findings of each kind,
# in each unit, one "怎样改：" line naming the screen and the key; every
# kind that shows has its own hint (records/audit.c audit_hints); in
# English too. What people read: the kinds' headings and findings as
# before, each followed by its hint.
. "$GGW_SRC/tests/lib.sh"

export GGW_TODAY=2025-06-30
ggw init led --street 测试街道关工委 --unit xinyi --unit-name 新义村关工委 >/dev/null
export GGW_DIR="$T/led"
ggw config ggw.unit xinyi >/dev/null
V=$(ggw add --type volunteer --set unit=xinyi --set name=王秀英 --set group=teacher)
A=$(ggw add --set unit=xinyi --set title=暑期防溺水讲座 --set date=2025-03-10 --set category=safety \
	--set form=lecture --set youth_count=45 --set five_have.plan=暑期计划)
# a record ggw check fails: it names a volunteer no record has
B=$(ggw add --set unit=xinyi --set title=红色故事会 --set date=2025-04-01 --set category=red \
	--set form=lecture --set youth_count=8)
f="$T/led/activities/xinyi/2025/$B.yaml"
printf 'volunteers:\n- v-99999999\n' >>"$f"
git -C "$T/led" commit -qam "hand edit"

ggw audit --year 2025 >a.txt
check_eq "findings: exit 1" "$?" 1
check_grep "the five-have finding is listed as before" "$A   2025-03-10  暑期防溺水讲座  缺：" a.txt
check_grep "five-have: how to fix, with the key" "  怎样改：在活动台账（ggw 主屏幕）按 i 输入编号打开这条活动，按 e 编辑" a.txt
check_grep "empty months: how to fix" "  怎样改：那个月做过活动的，在活动台账按 a 补记" a.txt
check_grep "idle volunteer: how to fix" "已不参加的，在五老队伍（按 v）选中这位五老按 e" a.txt
check_grep "few sessions: how to fix" "  怎样改：在活动台账按 a 补记开过的学习培训或会议" a.txt
check_grep "failing the check: how to fix" "  怎样改：在活动台账按 i 输入编号打开它，按 e 改正" a.txt

# Structure: in every unit, each kind's heading is followed by its
# findings (deeper, or on the heading's line) and then exactly one hint,
# before the next heading; no hint without a heading.
python3 - a.txt <<'EOF' >structure.check 2>&1
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
heads = ("五有不全的活动：", "有冲突待解决的记录：", "没有活动的月份：", "本年没有参加活动的在册五老志愿者：",
         "学习培训会议不足：", "未通过检查的记录（ggw check）：")
bad, open_kind, kinds, hints = [], None, 0, 0
for n, l in enumerate(lines, 1):
    if l.startswith("  ") and not l.startswith("   "):
        body = l[2:]
        if body.startswith("怎样改："):
            hints += 1
            if open_kind is None:
                bad.append("hint without a heading at line %d" % n)
            open_kind = None
        elif body.startswith(heads):
            kinds += 1
            if open_kind is not None:
                bad.append("no hint after %s (line %d)" % (open_kind, n))
            open_kind = body
        else:
            bad.append("unknown line %d: %s" % (n, l))
    elif l.startswith("【") and open_kind is not None:
        bad.append("unit ends without a hint for %s" % open_kind)
if open_kind is not None:
    bad.append("the last kind has no hint")
print("kinds=%d hints=%d" % (kinds, hints))
print("\n".join(bad) if bad else "structure ok")
EOF
check_grep "a hint after each kind's findings" "structure ok" structure.check
kinds=$(sed -n 's/kinds=\([0-9]*\) .*/\1/p' structure.check)
hints=$(sed -n 's/.* hints=\([0-9]*\)/\1/p' structure.check)
check_eq "hints = kinds" "$hints" "$kinds"
check "every kind that shows: at least 6 (五有, months x2, volunteer, sessions x2, check)" test "$kinds" -ge 6

# The failing record's hint comes after the path line that names it
check_grep "the path line of the failing record" "activities/xinyi/2025/$B.yaml: 五老志愿者 v-99999999 不存在" a.txt

# English
LANGUAGE=en ggw audit --year 2025 >a.en
check_grep "English hint" "  How to fix: in the activity list (ggw's home screen) press i" a.en
check_nogrep "English: no Chinese hint" "怎样改" a.en
