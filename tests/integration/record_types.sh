#!/bin/sh
# The record types of spec/records-more.md end to end on the command line:
# per type add --set with Chinese text, show, list --type T in every format,
# edit, log, rm; check naming file and field of a bad value; write scope
# (ggw and a plain git commit to another unit's folder); the privacy rule;
# and a field-level merge through a hub (different fields kept, the same
# field a conflict). Then the keys activities and volunteers gained, cited
# records that do not exist, and `ggw case key` on this PC only.
. "$GGW_SRC/tests/lib.sh"
. "$GGW_SRC/tests/integration/sync_lib.inc"

CHILD="张小明（10岁，新义小学三年级），家住新义村5组"

new_office office
ggw hub init "$T/hub.git" >/dev/null
ggw -C office remote add hub "$T/hub.git" >/dev/null
ggw -C office sync >/dev/null 2>&1
clone_pc "$T/hub.git" xinyi xinyi
git -C xinyi remote remove origin
ggw -C xinyi remote add hub "$T/hub.git" >/dev/null

# type | folder | add (;-separated FIELD=VALUE) | a value show prints |
# privacy field | field A=value | field B=value | field A's values on the
# office and on xinyi for the conflict
TYPES='document|documents|kind=plan;year=2024;title=2024年关工委工作计划;date=2024-01-15;content=全年计划开展活动20次，学习4次|全年计划开展活动20次|content|title=2024年度工作计划（修订）|attendees=15|title=2024年工作计划（定稿）|title=2024年工作计划（草稿）
member|members|name=王秀英;role=executive;party_post=村党支部副书记;since=2023-03-01|常务副主任/执行主任|party_post|party_post=村党总支副书记|appointment=新党〔2023〕5号|party_post=村党委委员|party_post=村党委副书记
site|sites|name=新义村校外教育辅导站;kind=station;sign=true;place=新义村文化礼堂二楼|校外教育辅导站|place|place=村委会三楼|notes=墙上挂有制度牌|place=文化礼堂一楼|place=村委会一楼
award|awards|title=先进基层关工委;level=county;date=2024-12-20;issuer=区关工委|先进基层关工委|recipient|issuer=区委组织部|recipient=新义村关工委|issuer=区关工委办公室|issuer=区文明办
case|cases|code=XY-25-007;type=left-behind;opened=2025-03-01;age_band=6-11;stage=primary;status=open;notes=每月走访一次，辅导作业|留守儿童|notes|stage=junior|notes=辅导作业两次，送去学习用品|stage=senior|stage=vocational
fund|funds|kind=budget;amount=2000;date=2025-01-10;source=街道财政;purpose=年度活动经费|年度活动经费|purpose|amount=2500.5|source=爱心企业捐助|amount=1800|amount=1900
team|teams|name=新义村五老宣讲团;kind=lecture;appointed=2024|宣讲团/报告团|name|appointed=2025|name=新义村五老宣讲报告团|appointed=2023|appointed=2022'

# check_nonzero NAME RC FILE: the command failed, saying so
check_nonzero() {
	if [ "$2" -ne 0 ] && [ -s "$3" ]; then ok "$1"; else not_ok "$1 (exit $2)"; sed 's/^/# /' "$3" | head -5; fi
}

# sets "a=b;c=d" -> --set a=b --set c=d (in "$@")
with_sets() {
	_cmd=$1; _sets=$2; shift 2
	_old_ifs=$IFS; IFS=';'
	set -- $_sets
	IFS=$_old_ifs
	_args=""
	for _s in "$@"; do _args="$_args --set '$_s'"; done
	eval "$_cmd $_args"
}

echo "$TYPES" | while IFS='|' read -r type folder sets shown priv fa fb fa2 fa3; do
	# ---- round trip on the office's PC ----
	id=$(with_sets "ggw -C office add --type $type" "$sets" 2>"$T/add.err")
	check_eq "$type: add prints the new id" "$(echo "$id" | cut -c1-2)" "$(echo "$type" | cut -c1)-"
	path=$(cd office && git log -1 --format=%b | sed -n 's/^Ggw-Record: //p')
	check "$type: the file is under $folder/office/" test -f "office/$path"
	case "$path" in "$folder/office/"*) ok "$type: path $path" ;; *) not_ok "$type: path $path" ;; esac
	check_grep "$type: schema ggw/$type/1" "schema: ggw/$type/1" "office/$path"
	ggw -C office show "$id" >show.txt 2>&1
	check_grep "$type: show prints $shown" "$shown" show.txt
	ggw -C office list --type "$type" >list.txt 2>&1
	check_grep "$type: list (table) has the id" "$id" list.txt
	check_grep "$type: list (table) names the unit" "XX街道关工委" list.txt
	ggw -C office list --type "$type" --format csv >list.csv 2>&1
	check_eq "$type: CSV header starts id,unit" "$(head -1 list.csv | cut -c1-7)" "id,unit"
	check_grep "$type: CSV row" "$id,office" list.csv
	ggw -C office list --type "$type" --format yaml >list.yaml 2>&1
	check_grep "$type: list (yaml)" "id: $id" list.yaml
	check_eq "$type: list (ids)" "$(ggw -C office list --type "$type" --format ids)" "$id"
	check_eq "$type: list --count" "$(ggw -C office list --type "$type" --count)" "1"
	check "$type: edit" ggw -C office edit "$id" --set "$fb"
	ggw -C office show "$id" --format yaml >edited.yaml
	check_grep "$type: edited value kept" "$(echo "$fb" | cut -d= -f2)" edited.yaml
	ggw -C office log "$id" >log.txt 2>&1
	check_grep "$type: log shows the edit" "修改" log.txt
	check_grep "$type: log shows the add" "新增" log.txt
	check "$type: check passes" ggw -C office check

	# ---- privacy: the field is named ----
	ggw -C office edit "$id" --set "$priv=$CHILD" >priv.out 2>&1
	check_eq "$type: a child's name is refused (exit 1)" "$?" 1
	check_grep "$type: the refusal names the field" "（$priv）" priv.out
	check_grep "$type: the refusal says why" "未成年人" priv.out

	# ---- check names file and field of a bad value ----
	bad="$folder/office/$(echo "$type" | cut -c1)-0badbad0.yaml"
	case $folder in documents|awards|funds) bad="$folder/office/2024/$(echo "$type" | cut -c1)-0badbad0.yaml" ;; esac
	mkdir -p "office/$(dirname "$bad")"
	sed -e "s/^id: .*/id: $(basename "$bad" .yaml)/" -e "s/^\($(echo "$fa" | cut -d= -f1)\): .*/\1: {x: 1}/" \
		"office/$path" >"office/$bad"
	ggw -C office check >check.out 2>&1
	check_eq "$type: check fails on a bad value" "$?" 1
	check_grep "$type: check names the file" "$bad:" check.out
	check_grep "$type: check names the field" "（$(echo "$fa" | cut -d= -f1)）" check.out
	rm -f "office/$bad"

	# ---- write scope ----
	ggw -C office sync >/dev/null 2>&1
	ggw -C xinyi sync >/dev/null 2>&1
	ggw -C xinyi edit "$id" --set "$fa" >scope.out 2>&1
	check_nonzero "$type: xinyi cannot edit the office's record" "$?" scope.out
	with_sets "ggw -C xinyi add --type $type --set unit=dongshan" "$sets" >scope2.out 2>&1
	check_nonzero "$type: xinyi cannot add in dongshan's folder" "$?" scope2.out
	check "$type: xinyi cannot rm the office's record" sh -c "! '$GGW_BIN' -C xinyi rm '$id' 2>/dev/null"
	check "$type: the record is still there" ggw -C office show "$id"

	# ---- merge: office and xinyi edit one of xinyi's records ----
	xid=$(with_sets "ggw -C office add --type $type --set unit=xinyi" "$sets" 2>/dev/null)
	ggw -C office sync >/dev/null 2>&1
	ggw -C xinyi sync >/dev/null 2>&1
	check "$type: xinyi has its record" ggw -C xinyi show "$xid"
	ggw -C office edit "$xid" --set "$fa" >/dev/null 2>&1
	ggw -C xinyi edit "$xid" --set "$fb" >/dev/null 2>&1
	ggw -C office sync >/dev/null 2>&1
	check "$type: xinyi merges different fields" ggw -C xinyi sync
	ggw -C xinyi show "$xid" --format yaml >m1.yaml
	check_grep "$type: office's field kept" "$(echo "$fa" | cut -d= -f2 | sed 's/^2500.5$/2500.50/')" m1.yaml
	check_grep "$type: xinyi's field kept" "$(echo "$fb" | cut -d= -f2)" m1.yaml
	check_nogrep "$type: no conflict" "conflicts:" m1.yaml
	ggw -C xinyi sync >/dev/null 2>&1
	ggw -C office sync >/dev/null 2>&1
	ggw -C office edit "$xid" --set "$fa2" >/dev/null 2>&1
	ggw -C xinyi edit "$xid" --set "$fa3" >/dev/null 2>&1
	ggw -C office sync >/dev/null 2>&1
	ggw -C xinyi sync >/dev/null 2>&1
	ggw -C xinyi show "$xid" --format yaml >m2.yaml
	check_grep "$type: the same field is a conflict" "conflicts:" m2.yaml
	check_grep "$type: the conflict names the field" "field: $(echo "$fa" | cut -d= -f1)" m2.yaml
	check_eq "$type: list --conflicts finds it" "$(ggw -C xinyi list --type "$type" --conflicts --format ids)" "$xid"

	# ---- rm ----
	check "$type: rm" ggw -C office rm "$id"
	check_fails "$type: show after rm" 1 ggw -C office show "$id"
	check "$type: the file is gone" test ! -e "office/$path"
done

# ---- a plain git commit into another unit's folder is refused at sync ----
ggw -C xinyi sync >/dev/null 2>&1
mkdir -p xinyi/cases/dongshan
cat >xinyi/cases/dongshan/c-0a0b0c0d.yaml <<'EOF'
schema: ggw/case/1
id: c-0a0b0c0d
unit: dongshan
code: DS-25-001
type: migrant
opened: 2025-02-01
EOF
commit_pc xinyi xinyi add cases/dongshan/c-0a0b0c0d.yaml "新增关爱对象：DS-25-001（越权）"
git -c safe.directory='*' -C xinyi push -q "$T/hub.git" main 2>/dev/null
ggw -C office sync >scope3.out 2>&1
check_eq "sync refuses xinyi's commit to cases/dongshan/" "$?" 1
check_grep "the refusal names the path" "cases/dongshan/c-0a0b0c0d.yaml" scope3.out
git -C xinyi reset -q --hard HEAD~1

# ---- merge-file (git's merge driver) on a case: field by field ----
cat >mb.yaml <<'EOF'
schema: ggw/case/1
id: c-0a1b2c3d
unit: xinyi
code: XY-25-001
type: left-behind
opened: 2025-03-01
status: open
EOF
sed 's/^status: open/closed: 2025-09-01\nstatus: closed/' mb.yaml >mo.yaml
sed 's/^type: left-behind/type: migrant/' mb.yaml >mt.yaml
check "merge-file: a case's different fields merge (exit 0)" "$GGW_BIN" merge-file mb.yaml mo.yaml mt.yaml
check_grep "merge-file: ours kept" "status: closed" mo.yaml
check_grep "merge-file: theirs taken" "type: migrant" mo.yaml
check_nogrep "merge-file: no conflict" "conflicts:" mo.yaml
sed 's/^type: left-behind/type: hardship/' mb.yaml >mo2.yaml
"$GGW_BIN" merge-file mb.yaml mo2.yaml mt.yaml >/dev/null 2>&1
check_grep "merge-file: the same field is a conflict" "field: type" mo2.yaml

# ---- the keys activities and volunteers gained; cited records ----
V=$(ggw -C office add --type volunteer --set name=丁光海 --set group=veteran --set gender=male \
	--set party_member=true --set backbone=是 --set former_post=武装部长 --set consent=2023-05-01)
ggw -C office show "$V" >v.txt
check_grep "volunteer: gender shown" "性别" v.txt
check_grep "volunteer: backbone stored as true" "backbone: true" "office/volunteers/office/$V.yaml"
S=$(ggw -C office add --type site --set name=新义村假日学校 --set kind=holiday-school)
C=$(ggw -C office add --type case --set code=XY-25-008 --set type=hardship --set opened=2025-04-01 \
	--set "volunteers=$V")
A=$(ggw -C office add --set title=暑期关爱走访 --set date=2025-07-10 --set category=care --set form=visit \
	--set youth_count=4 --set "site=$S" --set "cases=$C" --set large=false \
	--set patrol.venues_checked=3 --set "volunteers=$V")
check "activity with site, cases and patrol is added" test -n "$A"
ggw -C office show "$A" >a.txt
check_grep "activity: the site shown" "$S" a.txt
check_grep "activity: patrol shown" "检查场所数：3" a.txt
ggw -C office list --format csv >acsv.txt
check_nogrep "activity CSV: columns unchanged (no patrol)" "patrol" acsv.txt
check "check passes with every citation there" ggw -C office check
F=$(ggw -C office add --type fund --set kind=spent --set amount=300 --set date=2025-07-10 --set "activity=$A")
check_grep "fund: amount written with two decimals" 'amount: "300.00"' "office/funds/office/2025/$F.yaml"
check_fails "fund: an amount with three decimals is refused" 1 ggw -C office edit "$F" --set amount=1.234
check_fails "case: a lower-case code is refused" 1 ggw -C office edit "$C" --set code=xy-1
check_fails "activity: a case id of the wrong shape is refused" 1 ggw -C office edit "$A" --set cases=XY-25-008
ggw -C office add --type member --set name=李建国 --set role=liaison --set volunteer=v-00000bad >/dev/null
ggw -C office check >refs.out 2>&1
check_eq "check fails on a member citing a missing volunteer" "$?" 1
check_grep "check names the member's field" "（volunteer）引用的志愿者 v-00000bad 不存在" refs.out
check_fails "add --type with an unknown type" 2 ggw -C office add --type gadget --set name=x
ggw -C office add --type gadget --set name=x 2>usage.err
check_grep "the usage error lists the types" "document" usage.err

# ---- documents: the year folder is the document's year ----
D=$(ggw -C office add --type document --set kind=summary --set year=2024 --set title=2024年工作总结 --set date=2025-01-08)
check "document: a 2024 summary dated 2025 lives in 2024/" test -f "office/documents/office/2024/$D.yaml"

# ---- case keys: this PC only ----
check "case key --set" ggw -C office case key XY-25-008 --set "王某某，新义小学三年级"
check_eq "case key shows it" "$(ggw -C office case key XY-25-008)" "王某某，新义小学三年级"
KEYS=$(ls "$XDG_CONFIG_HOME"/ggw/case-keys/*.yaml)
check_eq "the key file is mode 0600" "$(stat -c %a "$KEYS")" "600"
check_eq "the key folder is mode 0700" "$(stat -c %a "$(dirname "$KEYS")")" "700"
check_eq "nothing of it in the repository" "$(git -C office status --porcelain)" ""
check "no child's name anywhere in the ledger" sh -c "! grep -r 王某某 office --exclude-dir=.git"
ggw -C office edit "$C" --set status=closed --set closed=2025-12-01 >/dev/null 2>hint.err
check_grep "closing the case says how to destroy the key" "ggw case key XY-25-008 --delete" hint.err
ggw -C office rm "$C" >/dev/null 2>hint2.err
check_grep "rm of the case says it too" "ggw case key XY-25-008 --delete" hint2.err
check "case key --delete" ggw -C office case key XY-25-008 --delete
check_fails "the key is gone" 1 ggw -C office case key XY-25-008
check "the last key gone: no file left" test ! -e "$KEYS"
# (init now writes a ledger id: take it out to have a ledger from before ids)
cp office/units.yaml units.orig
sed -i '/^ledger:/d' office/units.yaml
ggw -C office case key XY-25-009 --set 甲 >/dev/null
cp office/units.yaml units.keep
sed -i '1a ledger: 0123456789abcdef0123456789abcdef' office/units.yaml
check_eq "keys kept by folder stay found when the ledger gains an id" "$(ggw -C office case key XY-25-009)" "甲"
cp units.keep office/units.yaml
cp units.orig office/units.yaml
ggw -C office case key XY-25-009 --delete >/dev/null
check_fails "a bad code is a usage error" 2 ggw -C office case key xy --set x
check_fails "case without key is a usage error" 2 ggw -C office case
ggw -C office check >refs2.out 2>&1
check_grep "check: the activity now cites a missing case" "（cases）引用的关爱对象 $C 不存在" refs2.out

[ "$TESTS_FAILED" -eq 0 ]
