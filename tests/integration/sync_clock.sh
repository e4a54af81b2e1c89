#!/bin/sh
# Village PCs with clocks years off. A commit never counts in a conflict as
# later than the commits that came after it in history (nor than the
# merging PC's now), so a PC at 2099 does not win every conflict; a PC
# whose clock is before its ledger's last commit, or far after it, is
# warned at add and at sync; ggw log and status show impossible times.
# Times are set through plain git (GIT_AUTHOR_DATE, GIT_COMMITTER_DATE) and
# GGW_NOW (ggw's "now", for tests only).
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
add_act office xinyi 1 "原来的标题"
ggw -C office sync >/dev/null 2>&1
for u in xinyi nanhu; do
	clone_pc "$T/usb.git" "$u" "$u"
	git -C "$u" remote remove origin
	ggw -C "$u" remote add usb "$T/usb.git" >/dev/null
done
XID=$(act_id xinyi 1)
XPATH=$(act_path xinyi "$XID")

# at DATE DIR UNIT MESSAGE: commit everything with plain git at DATE
at() {
	git -C "$2" add -A
	GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git -C "$2" commit -q -m "$4

Ggw-Unit: $3
Ggw-Action: edit"
}

# xinyi's PC thinks it is 2099 and edits its record's title.
write_act xinyi xinyi "$XID" "未来时钟的标题"
at "2099-01-01T00:00:00Z" xinyi xinyi "修改活动：未来"
git -C xinyi push -q "$T/usb.git" HEAD:main
# nanhu merges it (in 2030) and pushes: a commit after xinyi's in history.
add_act nanhu nanhu 1
git -C nanhu pull -q --no-rebase --no-edit "$T/usb.git" main 2>/dev/null
GIT_AUTHOR_DATE="2030-01-01T00:00:00Z" GIT_COMMITTER_DATE="2030-01-01T00:00:00Z" \
	git -C nanhu commit -q --amend --no-edit
git -C nanhu push -q "$T/usb.git" HEAD:main
# The office changed the same title in 2030-02, after nanhu's merge.
write_act office xinyi "$XID" "办公室后改的标题"
at "2030-02-01T00:00:00Z" office office "修改活动：办公室"
GGW_NOW=2208988800 ggw -C office sync usb >clock.out 2>&1
check_eq "the office merges (exit 0)" "$?" 0
check_grep "the later edit in history wins, not the 2099 clock" "title: 办公室后改的标题" "office/$XPATH"
check_grep "the 2099 value is kept as a conflict" "未来时钟的标题" "office/$XPATH"

# Warnings: a clock before the ledger's last commit.
git -C xinyi fetch -q "$T/usb.git" main && git -C xinyi reset -q --hard FETCH_HEAD
GGW_NOW=1700000000 ggw -C xinyi add --type activity --set title=落后 --set date=2024-06-01 \
	--set category=safety --set form=lecture --set youth_count=5 >/dev/null 2>add.err
check_grep "ggw add warns a PC whose clock is before its ledger's last commit" "早于台账最后一次提交的时间" add.err
GGW_NOW=1700000000 ggw -C xinyi sync >sync.err 2>&1
check_grep "and so does ggw sync" "早于台账最后一次提交的时间" sync.err
# A clock far ahead of the ledger.
GGW_NOW=4102444800 ggw -C nanhu add --type activity --set title=超前 --set date=2024-06-01 \
	--set category=safety --set form=lecture --set youth_count=5 >/dev/null 2>ahead.err
check_grep "ggw add warns a PC whose clock is far after its ledger's last commit" "晚了一年多" ahead.err
ggw -C office add --type activity --set title=正常 --set date=2024-06-01 \
	--set category=safety --set form=lecture --set youth_count=5 >/dev/null 2>fine.err
ggw -C office sync >/dev/null 2>&1
ggw -C office add --type activity --set title=正常2 --set date=2024-06-01 \
	--set category=safety --set form=lecture --set youth_count=5 >/dev/null 2>fine.err
check_nogrep "a PC with a sane clock is not warned" "警告：本机时钟" fine.err

# ggw log and status show commits whose time cannot be right.
ggw -C office log >log.out 2>&1
check_grep "ggw log marks a commit made in the future" "2030-02-01 00:00（时间可疑）  tester（office）  修改活动：办公室" log.out
check_eq "and only such commits" "$(grep -c '时间可疑' log.out)" "$(grep -c '  20[3-9][0-9]-' log.out)"
git -C office log --format=%at >times
odd=$(awk -v now="$(date +%s)" '$1 > now + 86400 || $1 < 946684800' times | wc -l)
ggw -C office status >st.out 2>&1
check_grep "ggw status counts commits whose time cannot be right (the 2099 and 2030 ones)" "时间不可能对的提交：$odd 个" st.out
check "(there are some)" test "$odd" -ge 2
exit 0
