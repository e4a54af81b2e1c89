# ggw init / config / unit / add / edit / rm / show / log / check against
# a real git repository, checked with the real git command.
. "$GGW_SRC/tests/lib.sh"

# --- init -------------------------------------------------------------------
check "init" ggw init led --street 新义街道关工委 --unit xinyi --unit-name 新义村关工委 \
	--unit hecun --unit-name 河村社区关工委 --kind community
cd led || exit 1
check_grep "units.yaml has the office" "name: 新义街道关工委办公室" units.yaml
check_grep "units.yaml has xinyi" "key: xinyi" units.yaml
check_grep "units.yaml kind community" "kind: community" units.yaml
check_eq ".gitattributes" "$(cat .gitattributes)" "*.yaml -merge"
check_eq "first commit message" "$(git log -1 --format=%B)" "新建台账：新义街道关工委

Ggw-Unit: office
Ggw-Action: init"
check_eq "ggw.unit is office after init" "$(ggw config ggw.unit)" office
check_eq "branch main" "$(git symbolic-ref --short HEAD)" main
check_fails "init refuses a non-empty folder" 1 ggw init "$T/led" --street X
ggw config >"$T/cfg.out"
check_grep "config lists user.name" "user.name=tester" "$T/cfg.out"
check_grep "config lists ggw.unit" "ggw.unit=office" "$T/cfg.out"
rm -f "$T/cfg.out"
check_fails "config unset name exits 1" 1 ggw config ggw.nothing
check_fails "config ggw.unit must be a unit" 1 ggw config ggw.unit nowhere
check_fails "config ggw.lang zh|en" 1 ggw config ggw.lang fr
check "config ggw.lang zh" ggw config ggw.lang zh
# Only settings ggw reads can be set: a typo is refused, not saved.
check_fails "config refuses an unknown name (typo)" 2 ggw config user.nmae 张三
check_grep "the refusal names the setting" "user.nmae" "$T/.out"
check_grep "the refusal lists the known settings" "user.name、user.email、ggw.unit、ggw.lang、ggw.timeout" "$T/.out"
check_grep "the refusal lists the sync settings" "remote.<名称>.url" "$T/.out"
check_fails "the typo was not saved" 1 git config --local user.nmae
check_fails "config refuses an unknown ggw.* name" 2 ggw config ggw.team 一队
check_fails "reading an unknown name is still allowed (unset: exit 1)" 1 ggw config user.nmae
check "config ggw.timeout 30" ggw config ggw.timeout 30
check_eq "ggw.timeout saved" "$(git config --local ggw.timeout)" 30
check_fails "config ggw.timeout refuses 0" 2 ggw config ggw.timeout 0
check_fails "config ggw.timeout refuses -5" 2 ggw config ggw.timeout -5
check_fails "config ggw.timeout refuses words" 2 ggw config ggw.timeout 一分钟
check_grep "the refusal says a whole number of seconds" "1 到 86400 之间的整数" "$T/.out"
check_fails "config ggw.timeout refuses 1.5" 2 ggw config ggw.timeout 1.5
check_eq "ggw.timeout unchanged after refusals" "$(git config --local ggw.timeout)" 30
check "config GGW.Timeout is ggw.timeout (git ignores case)" ggw config GGW.Timeout 45
check_eq "ggw.timeout set through another spelling" "$(git config --local ggw.timeout)" 45
check_fails "and is validated the same" 2 ggw config GGW.Timeout abc
check "config remote.<name>.url is known" ggw config remote.usb.url "$T/usb-hub.git"
check_eq "remote url saved" "$(git config --local remote.usb.url)" "$T/usb-hub.git"
check "config ggw.remote.<name>.lastsync is known" ggw config ggw.remote.usb.lastsync 0
check_fails "config remote..url (no name) refused" 2 ggw config remote..url x
git config --local --remove-section remote.usb
git config --local --remove-section ggw.remote.usb
git config --local --unset ggw.timeout
check_fails "init without --street is usage" 2 ggw init "$T/other"

# --- unit ---------------------------------------------------------------------
check "unit add as office" ggw unit add nancun 南村关工委 --kind village
check_grep "unit add wrote units.yaml" "key: nancun" units.yaml
check_eq "unit add commit" "$(git log -1 --format=%s)" "新增单位：南村关工委（nancun）"
check_fails "unit add duplicate" 1 ggw unit add nancun 南村
check_fails "unit add bad key" 1 ggw unit add Bad_Key 坏
ggw unit list >"$T/units.out"
check_grep "unit list" "南村关工委" "$T/units.out"
rm -f "$T/units.out"

# --- add ----------------------------------------------------------------------
id1=$(ggw add --set title=暑期防溺水安全知识讲座 --set date=2024-07-10 --set category=safety \
	--set form=lecture --set youth_count=45 --set unit=xinyi --set speakers=丁光海,李四)
check_eq "add exits 0" "$?" 0
case "$id1" in 20240710-????????) ok "add prints the new id" ;; *) not_ok "add prints the new id ($id1)" ;; esac
f1=activities/xinyi/2024/$id1.yaml
check "record file in place" test -f "$f1"
check_eq "add commit message" "$(git log -1 --format=%B)" "新增活动：暑期防溺水安全知识讲座（新义村关工委，2024-07-10）

Ggw-Unit: office
Ggw-Record: $f1
Ggw-Action: add"
check_eq "author is user.name" "$(git log -1 --format='%an <%ae>')" "tester <tester@example.org>"
check_eq "work tree clean after add" "$(git status --porcelain)" ""

cat >"$T/act.yaml" <<'EOF'
schema: ggw/activity/1
unit: xinyi
title: 红色故事进校园
date: 2024-05-04
category: red
form: lecture
location: 新义小学
speakers: [丁光海]
partners: [新义小学]
audience: 辖区中小学生
youth_count: 120
adult_count: 8
content: |
  丁老讲述对越自卫反击战的亲身经历，
  同学们提问 "英雄" 的含义, 气氛热烈。
five_have:
  plan: 年度计划第2项
  assignment: 村关工委主任组织
  implementation: 5月4日上午
  commendation: ""
  summary: 效果好
publicity:
  - outlet: 区关工委微信公众号
    level: county
    title: 新义村红色故事进校园
    date: 2024-05-06
tags: [五四]
future_key: kept as is
EOF
id2=$(ggw add --file "$T/act.yaml")
check_eq "add --file exits 0" "$?" 0
f2=activities/xinyi/2024/$id2.yaml
check_grep "multi-line content as a literal block" "content: |" "$f2"
check_grep "unknown key kept" "future_key: kept as is" "$f2"
check_grep "Chinese written as is" "丁老讲述对越自卫反击战的亲身经历，" "$f2"

cat >"$T/vol.yaml" <<'EOF'
name: 丁光海
group: veteran
birth_year: 1958
unit: xinyi
notes: |
  退伍军人，退休前任武装部长。
EOF
vid=$(ggw add --type volunteer --file "$T/vol.yaml")
check_eq "add volunteer" "$?" 0
check "volunteer file" test -f "volunteers/xinyi/$vid.yaml"
check_eq "volunteer commit subject" "$(git log -1 --format=%s)" "新增五老：丁光海（新义村关工委）"

# invalid: every problem on stderr, nothing written
before=$(git rev-parse HEAD)
ggw add --set title= --set date=2024-02-30 --set category=nope >"$T/add.out" 2>"$T/add.err"
check_eq "invalid add exits 1" "$?" 1
check_grep "problem names title" "title" "$T/add.err"
check_grep "problem names date" "date" "$T/add.err"
check_grep "problem names category" "category" "$T/add.err"
check_eq "invalid add: no commit" "$(git rev-parse HEAD)" "$before"
check_eq "invalid add: no file" "$(git status --porcelain)" ""
check_eq "invalid add: nothing on stdout" "$(cat "$T/add.out")" ""

# privacy: a mobile number is refused and the field named
ggw add --set title=走访 --set date=2024-03-01 --set category=care --set form=visit \
	--set youth_count=1 --set unit=xinyi --set "content=联系电话13912345678" >/dev/null 2>"$T/priv.err"
check_eq "privacy violation refused" "$?" 1
check_grep "privacy names the field" "content" "$T/priv.err"
check_eq "privacy: nothing written" "$(git status --porcelain)" ""

# --- show ---------------------------------------------------------------------
ggw show "$id2" >"$T/show.out"
check_eq "show exits 0" "$?" 0
check_grep "show label 标题" "标题" "$T/show.out"
check_grep "show title" "红色故事进校园" "$T/show.out"
check_grep "show enum label" "红色基因传承" "$T/show.out"
check_grep "show five-have tick" "✓ 有计划" "$T/show.out"
check_grep "show five-have cross" "✗ 有表彰" "$T/show.out"
check_grep "show list joined" "丁光海" "$T/show.out"
check_grep "show unit name" "新义村关工委（xinyi）" "$T/show.out"
check_grep "show publicity" "区关工委微信公众号" "$T/show.out"
LC_ALL=C ggw show "$id2" >"$T/show-c.out"
check_grep "ASCII fallback outside UTF-8" "[x]" "$T/show-c.out"
ggw show "$id2" --format yaml >"$T/show.yaml"
check "show --format yaml is the file" cmp "$T/show.yaml" "$f2"
check_fails "show unknown id" 1 ggw show 20240101-00000000
check_fails "show without id is usage" 2 ggw show

# --- edit ---------------------------------------------------------------------
check "edit --set" ggw edit "$id1" --set title=暑期防溺水讲座 --set 'speakers+=王五' \
	--set five_have.plan=暑期计划第3项
check_grep "edit changed title" "title: 暑期防溺水讲座" "$f1"
check_grep "edit appended speaker" "- 王五" "$f1"
check_eq "edit commit message" "$(git log -1 --format=%B)" "修改活动：暑期防溺水讲座（新义村关工委，2024-07-10）

Ggw-Unit: office
Ggw-Record: $f1
Ggw-Action: edit"
before=$(git rev-parse HEAD)
ggw edit "$id1" --set title=暑期防溺水讲座 >"$T/same.out" 2>&1
check_eq "unchanged edit exits 0" "$?" 0
check_grep "unchanged edit says so" "没有修改" "$T/same.out"
check_eq "unchanged edit makes no commit" "$(git rev-parse HEAD)" "$before"
check_fails "edit unknown field" 1 ggw edit "$id1" --set nosuch=1
check_fails "edit cannot change id" 1 ggw edit "$id1" --set id=20240101-00000000
check_fails "edit without changes is usage" 2 ggw edit "$id1"

# --- log ----------------------------------------------------------------------
ggw log "$id1" >"$T/log1.out"
check_grep "log: edit action" "edit" "$T/log1.out"
check_grep "log: the action in words, key after it" "修改了记录（edit）" "$T/log1.out"
check_grep "log: old and new title" "暑期防溺水安全知识讲座 → 暑期防溺水讲座" "$T/log1.out"
check_grep "log: list shown joined" "丁光海、李四 → 丁光海、李四、王五" "$T/log1.out"
check_grep "log: five_have item" "有计划" "$T/log1.out"
check_grep "log: add action" "add" "$T/log1.out"
ggw log --limit 3 >"$T/log.out"
check_eq "log --limit 3 lines" "$(wc -l <"$T/log.out" | tr -d ' ')" 3
check_grep "log shows the summary" "修改活动：暑期防溺水讲座" "$T/log.out"

# --- plain git edits are seen -------------------------------------------------
sed -i 's/^title: 红色故事进校园$/title: 红色故事进课堂/' "$f2"
git commit -q -am "手工修改标题"
ggw list >"$T/list.out"
check_grep "list sees a plain git edit" "红色故事进课堂" "$T/list.out"
ggw show "$id2" >"$T/show2.out"
check_grep "show sees a plain git edit" "红色故事进课堂" "$T/show2.out"
ggw log "$id2" >"$T/log2.out"
check_grep "log marks a plain git commit" "git" "$T/log2.out"
check_grep "log names a plain git commit in words" "用 git 直接提交（git）" "$T/log2.out"

# --- scope --------------------------------------------------------------------
ggw config ggw.unit hecun
ggw edit "$id1" --set title=越权 >/dev/null 2>"$T/scope.err"
check_eq "another unit's record refused" "$?" 1
check_grep "refusal names the units" "hecun" "$T/scope.err"
check_fails "adding for another unit refused" 1 ggw add --set title=越权 --set date=2024-01-02 \
	--set category=other --set form=other --set youth_count=0 --set unit=xinyi
check_fails "rm of another unit's record refused" 1 ggw rm "$id1"
check_fails "unit add by a unit refused" 1 ggw unit add beicun 北村
own=$(ggw add --set title=河村普法 --set date=2024-06-01 --set category=law --set form=lecture --set youth_count=30)
check "own unit may add" test -f "activities/hecun/2024/$own.yaml"
ggw config ggw.unit office
check "office may edit any record" ggw edit "$own" --set adult_count=3

# --- path traversal -----------------------------------------------------------
check_fails "show ../ id refused" 1 ggw show ../../etc/passwd
check_fails "edit ../ id refused" 1 ggw edit ../x --set title=x
check_fails "rm ../ id refused" 1 ggw rm ../../units
check_fails "add with a traversal id refused" 1 ggw add --file "$GGW_SRC/tests/data/bad/traversal-id.yaml"
check "nothing written outside" test ! -e "$T/etc" -a ! -e "$T/led/activities/etc"
check_eq "no stray files after refusals" "$(git status --porcelain)" ""

# symlinks a peer might commit never lead ggw outside the repository
mkdir -p "$T/outside/2023"
cp "$f2" "$T/outside/2023/20230101-0000beef.yaml"
ln -s "$T/outside" activities/evil
check_fails "show through a symlinked folder refused" 1 ggw show 20230101-0000beef
ln -s "$T/outside/2023" activities/hecun/2023
check_fails "add into a symlinked year folder refused" 1 ggw add --set unit=hecun --set title=外面 \
	--set date=2023-05-01 --set category=other --set form=other --set youth_count=0
check_eq "nothing written outside" "$(ls "$T/outside/2023")" "20230101-0000beef.yaml"
rm activities/evil activities/hecun/2023

# --- rm -----------------------------------------------------------------------
check "rm" ggw rm "$id1"
check "rm removed the file" test ! -e "$f1"
check_eq "rm commit message" "$(git log -1 --format=%B)" "删除活动：暑期防溺水讲座（新义村关工委，2024-07-10）

Ggw-Unit: office
Ggw-Record: $f1
Ggw-Action: delete"
ggw log "$id1" >"$T/log3.out"
check_grep "log of a deleted record" "delete" "$T/log3.out"

# --- check / fsck -------------------------------------------------------------
check "check on a clean ledger" ggw check
check "git fsck --strict" git fsck --strict --no-progress
check "help" ggw add --help
check_fails "unknown option is usage" 2 ggw list --bogus
ggw frobnicate >"$T/nocmd.out" 2>"$T/nocmd.err"
check_eq "unknown command is usage" "$?" 2
check_eq "unknown command: one line that says what to do" "$(cat "$T/nocmd.err")" \
	"ggw：没有“frobnicate”这个命令（ggw --help 列出全部命令）"
ggw --frob >/dev/null 2>"$T/noopt.err"
check_eq "unknown global option: one line" "$(cat "$T/noopt.err")" "ggw：未知选项 --frob（ggw --help 列出用法）"
ggw -C >/dev/null 2>"$T/noC.err"
check_eq "-C without a folder is usage" "$?" 2
check_grep "and says what -C needs" "-C 后面要写台账所在的文件夹" "$T/noC.err"

# --- no user.name: init still works, writes are refused until it is set ----------
mkdir -p "$T/nohome"
(
	export HOME="$T/nohome" XDG_CONFIG_HOME="$T/nohome/.config"
	unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL
	ggw init "$T/anon" --street 某街道关工委 --unit a >/dev/null 2>"$T/anon.err"
	check_eq "init without user.name works" "$?" 0
	check_grep "init says how to set the name" "config user.name" "$T/anon.err"
	ggw -C "$T/anon" add --set title=无名 --set date=2024-01-01 --set category=other \
		--set form=other --set youth_count=0 >/dev/null 2>"$T/anon2.err"
	check_eq "add without user.name refused" "$?" 1
	check_grep "refusal says ggw config user.name" "ggw config user.name" "$T/anon2.err"
	check "config user.name" ggw -C "$T/anon" config user.name 丁光海
	check "add after setting the name" ggw -C "$T/anon" add --set title=有名 --set date=2024-01-01 \
		--set category=other --set form=other --set youth_count=0
	check_eq "author is the configured name" "$(git -C "$T/anon" log -1 --format=%an)" 丁光海
	ggw -C "$T/anon" config ggw.timeout 90 >/dev/null
	ggw -C "$T/anon" config >"$T/anon.cfg"
	check_grep "config lists other ggw.* settings" "ggw.timeout=90" "$T/anon.cfg"
)

# --- clone ----------------------------------------------------------------------
cd "$T"
check_fails "clone with a unit not in units.yaml" 1 ggw clone "$T/led" "$T/c1" --unit nowhere
check "refused clone removed" test ! -e "$T/c1"
check "clone" ggw clone "$T/led" "$T/c2" --unit hecun
check_eq "clone sets ggw.unit" "$(ggw -C "$T/c2" config ggw.unit)" hecun
check_eq "clone lists the records" "$(ggw -C "$T/c2" list --count)" 2
ggw clone "$T/led" "$T/c2" --unit hecun >/dev/null 2>"$T/clone-busy.err"
check_eq "clone into a non-empty folder refused" "$?" 1
check_grep "and says so in Chinese" "文件夹 $T/c2 不是空的" "$T/clone-busy.err"
check_nogrep "no libgit2 English" "exists and is not an empty directory" "$T/clone-busy.err"
ggw clone "$T/nowhere.git" "$T/c3" --unit hecun >/dev/null 2>"$T/clone-missing.err"
check_eq "clone from a missing path: remote not reached" "$?" 3
check_grep "missing path named with a hint" "找不到 $T/nowhere.git：请检查路径" "$T/clone-missing.err"
check "failed clone leaves no folder" test ! -e "$T/c3"
mkdir "$T/plain" "$T/c4"
ggw clone "$T/plain" "$T/c4" --unit hecun >/dev/null 2>"$T/clone-plain.err"
check_eq "clone of a folder that is no repository refused" "$?" 1
check_grep "says it is no ledger" "不是台账仓库" "$T/clone-plain.err"
check_eq "an empty target folder stays, empty" "$(ls -A "$T/c4")" ""

# --- messages a volunteer reads ---------------------------------------------------
cd "$T/led" || exit 1
ggw config user.nickname >"$T/unset.out" 2>"$T/unset.err"
check_eq "config of an unset name exits 1" "$?" 1
check_eq "stdout stays empty for scripts" "$(cat "$T/unset.out")" ""
check_grep "stderr says how to set it" "还没有设置 user.nickname（用 ggw config user.nickname 值 设置）" "$T/unset.err"
eid=$(ggw add --set title=回执测试 --set date=2024-03-01 --set category=other --set form=other --set youth_count=1)
check_eq "edit says it saved" "$(ggw edit "$eid" --set youth_count=2)" "已修改 $eid"
printf 'title: [甲, 乙\n' >"$T/open-bracket.yaml"
ggw add --file "$T/open-bracket.yaml" >/dev/null 2>"$T/open.err"
check_eq "unclosed bracket refused" "$?" 1
check_grep "names file, line, column and the bracket" "$T/open-bracket.yaml:1:8: 方括号“[”没有配对的“]”" "$T/open.err"
check_nogrep "no libyaml English in Chinese output" "did not find" "$T/open.err"
printf 'title: 讲座\ndate: 2024-02-30\ncategory: red\nform: lecture\nyouth_count: 3\n' >"$T/bad-date.yaml"
ggw add --file "$T/bad-date.yaml" >/dev/null 2>"$T/bad-date.err"
check_eq "--file with a bad date refused" "$?" 1
check_grep "--file problem names file:line:col" "$T/bad-date.yaml:2:7: “日期”（date）不是真实的日期" "$T/bad-date.err"
ggw config ggw.lang en
ggw unit list >"$T/units-en.out"
check_grep "English unit list: kind column not cut" "Community" "$T/units-en.out"
check_nogrep "English unit list: no ellipsis" "…" "$T/units-en.out"
name_col() { awk -v n="$1" '$1 == n { print index($0, $NF) }' "$T/units-en.out"; }
check_eq "English unit list: names aligned" "$(name_col xinyi)" "$(name_col hecun)"
ggw config ggw.lang zh
ggw unit list >"$T/units-zh.out"
ggw config ggw.lang en
check_grep "Chinese unit list" "hecun   社区  河村社区关工委" "$T/units-zh.out"
ggw log "$eid" >"$T/log-en.out"
ggw config ggw.lang zh
check_grep "English log: ASCII colon" "Young people reached: 1 → 2" "$T/log-en.out"
check_nogrep "English log: no Chinese colon" "reached：" "$T/log-en.out"
check_grep "English log: action in English" "record changed (edit)" "$T/log-en.out"
exit 0
