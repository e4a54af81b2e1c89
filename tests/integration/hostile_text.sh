#!/bin/sh
# Control characters: refused on input (--set, files, YAML escapes), naming
# the field; and text that holds them anyway (a record, author name and
# commit subject written by plain git on "another PC") never reaches the
# terminal raw from any command.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

ESC=$(printf '\033')
RLO=$(printf '\342\200\256')  # U+202E RIGHT-TO-LEFT OVERRIDE
CSI=$(printf '\302\233')      # U+009B, C1 "CSI"

new_office office
ggw hub init "$T/usb.git" >/dev/null
ggw -C office remote add usb "$T/usb.git" >/dev/null
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/usb.git" other xinyi

# ---- refused on input
ggw -C office add --type activity --set "title=a${ESC}b" --set date=2024-06-01 \
	--set category=safety --set form=lecture --set youth_count=5 >set.out 2>&1
check_eq "--set with ESC is refused" "$?" 1
check_grep "naming the field" "title" set.out
check_grep "saying it is a control character" "U+001B" set.out
check_nogrep "the message itself holds no ESC" "$ESC" set.out
ggw -C office add --type activity --set "title=a${RLO}b" --set date=2024-06-01 \
	--set category=safety --set form=lecture --set youth_count=5 >bidi.out 2>&1
check_eq "--set with a bidi override is refused" "$?" 1
check_grep "naming U+202E" "U+202E" bidi.out
ggw -C office add --type activity --set "title=a${CSI}b" --set date=2024-06-01 \
	--set category=safety --set form=lecture --set youth_count=5 >c1.out 2>&1
check_eq "--set with a C1 control is refused" "$?" 1
ggw -C office add --type activity --set "title=a	b" --set date=2024-06-01 \
	--set category=safety --set form=lecture --set youth_count=5 >tab.out 2>&1
check_eq "a tab inside one-line text is refused" "$?" 1
ggw -C office config user.name "clerk${ESC}[2J" >cfg.out 2>&1
check_eq "config user.name with ESC is refused" "$?" 1
check_grep "naming the setting" "user.name" cfg.out
check_eq "the name is unchanged" "$(git -C office config user.name)" "office-clerk"
cat >esc.yaml <<'Y'
title: 讲座
date: 2024-06-01
category: safety
form: lecture
youth_count: 5
content: "第一行\e[31m红字"
Y
ggw -C office add --type activity --file esc.yaml >file.out 2>&1
check_eq "--file with an ESC escape is refused" "$?" 1
check_grep "naming the field" "content" file.out
printf 'title: 讲座\ndate: 2024-06-01\ncategory: safety\nform: lecture\nyouth_count: 5\ncontent: |\n  第一行\n  \t缩进\n' >tabok.yaml
check "tabs and newlines in multi-line content are fine" ggw -C office add --type activity --file tabok.yaml
n_before=$(git -C office rev-list --count HEAD)

# ---- "another PC" writes hostile text with plain git
ID=$(act_id xinyi 1)
P=$(act_path xinyi "$ID")
write_act other xinyi "$ID" '"标题\e[31m红\u202e字"'
printf 'content: "内容\\e]0;pwned\\a结束"\n' >>"other/$P"
git -C other add -A
GIT_AUTHOR_NAME="evil${ESC}[2Jname" git -C other commit -q -m "新增活动：${ESC}[31m红${RLO}字

Ggw-Unit: xinyi
Ggw-Record: $P
Ggw-Action: add"
git -C other push -q "$T/usb.git" main
ggw -C office sync >sync.out 2>&1
ggw -C office check >check.out 2>&1
check_grep "check names the file" "$P" check.out
check_grep "check names the field" "title" check.out
check_grep "check gives the line" "$P:4:" check.out

no_raw() { # NAME FILE
	if python3 - "$2" <<'PY'
import sys
b = open(sys.argv[1], 'rb').read()
bad = [x for x in (b'\x1b', b'\xc2\x9b', b'\xe2\x80\xae', b'\x07') if x in b]
sys.exit(1 if bad else 0)
PY
	then ok "$1"; else not_ok "$1"; od -c "$2" | grep -n '033\|302 233\|342 200 256' | head -5 | sed 's/^/# /'; fi
}
ggw -C office show "$ID" >show.out 2>&1
ggw -C office show "$ID" --format yaml >showy.out 2>&1
ggw -C office log >log.out 2>&1
ggw -C office log "$ID" >log1.out 2>&1
ggw -C office list >list.out 2>&1
ggw -C office list --format csv >listc.out 2>&1
ggw -C office audit --year 2024 >audit.out 2>&1
ggw -C office status >status.out 2>&1
ggw -C office report --year 2024 >report.out 2>&1
for f in sync check show showy log log1 list listc audit status report; do
	no_raw "$f prints no raw control character" "$f.out"
done
check_grep "show still shows the text, escaped" '\x1b[31m' show.out
check_grep "log of the record shows the escaped author" 'evil\x1b[2Jname' log1.out
check_grep "list names the record (skipped as invalid, with the reason)" "$ID" list.out

# A commit subject with ESC in a sync refusal message: a plain git commit
# that touches another unit's folder is refused with its subject named.
git -C other pull -q --no-rebase "$T/usb.git" main
write_act other nanhu "$(act_id nanhu 1)" 越权
git -C other add -A
git -C other commit -q -m "越权${ESC}[5m${RLO}

Ggw-Unit: xinyi
Ggw-Action: add"
git -C other push -q "$T/usb.git" main
ggw -C office sync >sync2.out 2>&1
check_eq "the out-of-scope commit is refused" "$?" 1
no_raw "the refusal prints no raw control character" sync2.out
# ---- the printing program (ggw-papers, which ggw hands print, binder and
# report --format pdf / --form --format xlsx over to): the old record with
# ESC is refused by print, and a file name or id holding controls is
# escaped in its messages like in every other command's.
GOODID=$(ggw -C office add --type activity --set title=好记录 --set date=2024-06-02 \
	--set category=safety --set form=lecture --set youth_count=5)
ggw -C office print "$ID" -o p1.pdf >pp1.out 2>&1
check_eq "print refuses the record that fails the check" "$?" 1
ggw -C office print "$ID${ESC}[31m${RLO}" -o p2.pdf >pp2.out 2>&1
ggw -C office print "$GOODID" -o "坏${ESC}[31m${RLO}名.pdf" >pp3.out 2>&1
check_eq "print of a good record to a file name holding ESC" "$?" 0
check_grep "the saved message shows the name, escaped" '坏\x1b[31m\u202e名.pdf' pp3.out
GGW_PAPERS_PROGRESS=3 ggw -C office binder --unit xinyi --year 2024 -o b.pdf >pp4.out 2>&1 3>pp4.progress
ggw -C office report --year 2024 --format pdf -o "r${CSI}.pdf" >pp5.out 2>&1
ggw -C office report --form --year 2024 --format xlsx -o "f${ESC}]0;x.xlsx" >pp6.out 2>&1
for f in pp1 pp2 pp3 pp4 pp4.progress pp5 pp6; do
	case $f in *.progress) g=$f ;; *) g=$f.out ;; esac
	no_raw "ggw-papers: $f prints no raw control character" "$g"
done
exit 0
