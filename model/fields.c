/* Field tables, straight from spec/records-v1.md, keys in the spec's order. */
#include "fields.h"

#include <string.h>

#include "fields_more.h"
#include "i18n.h"

const struct enum_item enum_category[] = {
	{ "ideology", N_("思想道德教育") },
	{ "red", N_("红色基因传承（四史、红色故事）") },
	{ "law", N_("法治教育（普法、法制进校园）") },
	{ "safety", N_("安全教育（防溺水、防诈骗、防欺凌）") },
	{ "environment", N_("环保教育（垃圾分类）") },
	{ "science", N_("科普与实践教育") },
	{ "culture", N_("文化体育（书法、非遗、传统文化）") },
	{ "family", N_("家庭教育（家长学校、家风）") },
	{ "care", N_("关爱帮扶（留守流动儿童、困境儿童、济困助学）") },
	{ "prevention", N_("预防犯罪与帮教") },
	{ "net", N_("网吧义务监督与护苗") },
	{ "psychology", N_("心理健康") },
	{ "rural", N_("乡村振兴关工助力") },
	{ "selfbuild", N_("自身建设（学习培训、会议、调研）") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

const struct enum_item enum_form[] = {
	{ "lecture", N_("宣讲/讲座") },
	{ "training", N_("学习培训") },
	{ "meeting", N_("会议/讨论会") },
	{ "practice", N_("参观/实践/研学") },
	{ "contest", N_("竞赛/展演") },
	{ "service", N_("志愿服务") },
	{ "visit", N_("走访/谈心/慰问") },
	{ "patrol", N_("巡查/监督") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

const struct enum_item enum_level[] = {
	{ "brief", N_("简报") },
	{ "wechat", N_("公众号") },
	{ "county", N_("区县级") },
	{ "city", N_("市级") },
	{ "province", N_("省级") },
	{ "national", N_("国家级") },
	{ NULL, NULL }
};

const struct enum_item enum_group[] = {
	{ "cadre", N_("老干部") },
	{ "veteran", N_("老战士") },
	{ "expert", N_("老专家") },
	{ "teacher", N_("老教师") },
	{ "model", N_("老模范") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

const struct enum_item enum_unit_kind[] = {
	{ "street", N_("街道") },
	{ "village", N_("村") },
	{ "community", N_("社区") },
	{ "school", N_("学校") },
	{ "other", N_("其他") },
	{ NULL, NULL }
};

#define PRIV_TEXT (F_PRIVACY | F_FORM)

const struct field_def five_have_fields[] = {
	{ "plan", N_("有计划"), FT_TEXT, PRIV_TEXT, 0, 1000, NULL, NULL,
	  N_("活动属于哪项计划") },
	{ "assignment", N_("有分工"), FT_TEXT, PRIV_TEXT, 0, 1000, NULL, NULL,
	  N_("谁组织、谁主讲、谁负责") },
	{ "implementation", N_("有实施"), FT_TEXT, PRIV_TEXT, 0, 1000, NULL, NULL,
	  N_("何时如何实施") },
	{ "commendation", N_("有表彰"), FT_TEXT, PRIV_TEXT, 0, 1000, NULL, NULL,
	  N_("表彰或激励情况") },
	{ "summary", N_("有总结"), FT_TEXT, PRIV_TEXT, 0, 1000, NULL, NULL,
	  N_("效果与下一步打算") },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct field_def publicity_fields[] = {
	{ "outlet", N_("媒体"), FT_STR, PRIV_TEXT, 0, 0, NULL, NULL,
	  N_("发表在哪里，如区关工委微信公众号") },
	{ "level", N_("级别"), FT_ENUM, F_FORM, 0, 0, enum_level, NULL, NULL },
	{ "title", N_("报道标题"), FT_STR, PRIV_TEXT, 0, 0, NULL, NULL, NULL },
	{ "date", N_("报道日期"), FT_DATE, F_FORM, 0, 0, NULL, NULL,
	  N_("格式：2024-07-12") },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

#define ROW_CSV (F_CSV | F_FORM)

const struct field_def activity_fields[] = {
	{ "schema", N_("格式版本"), FT_SCHEMA, F_REQUIRED | F_READONLY, 0, 0, NULL, NULL, NULL },
	{ "id", N_("编号"), FT_ID, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },
	{ "unit", N_("单位"), FT_UNIT, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },
	{ "title", N_("标题"), FT_STR, F_REQUIRED | F_PRIVACY | F_SEARCH | ROW_CSV, 1, 80,
	  NULL, NULL, N_("1 到 80 个字") },
	{ "date", N_("日期"), FT_DATE, F_REQUIRED | ROW_CSV, 0, 0, NULL, NULL,
	  N_("格式：2024-07-10") },
	{ "category", N_("主题"), FT_ENUM, F_REQUIRED | ROW_CSV, 0, 0, enum_category, NULL, NULL },
	{ "form", N_("形式"), FT_ENUM, F_REQUIRED | ROW_CSV, 0, 0, enum_form, NULL, NULL },
	{ "location", N_("地点"), FT_STR, F_PRIVACY | F_SEARCH | ROW_CSV, 0, 0, NULL, NULL, NULL },
	{ "organizer", N_("组织者"), FT_STR, F_PRIVACY | ROW_CSV, 0, 0, NULL, NULL, NULL },
	{ "speakers", N_("主讲人"), FT_STRLIST, F_PRIVACY | F_SEARCH | ROW_CSV, 0, 0, NULL, NULL,
	  N_("多人用逗号分隔") },
	{ "volunteers", N_("五老志愿者"), FT_IDLIST, ROW_CSV, 0, 0, NULL, NULL,
	  N_("志愿者编号，如 v-1a2b3c4d") },
	{ "partners", N_("共建单位"), FT_STRLIST, F_PRIVACY | ROW_CSV, 0, 0, NULL, NULL,
	  N_("学校、企业、场馆等，用逗号分隔") },
	{ "audience", N_("对象"), FT_STR, F_PRIVACY | ROW_CSV, 0, 0, NULL, NULL,
	  N_("如辖区中小学生；不写未成年人姓名") },
	{ "youth_count", N_("青少年人次"), FT_INT, F_REQUIRED | ROW_CSV, 0, 10000000, NULL, NULL, NULL },
	{ "adult_count", N_("其他人次"), FT_INT, ROW_CSV, 0, 10000000, NULL, NULL,
	  N_("家长、志愿者等") },
	{ "content", N_("活动内容"), FT_TEXT, F_PRIVACY | F_SEARCH | ROW_CSV, 0, 20000, NULL, NULL, NULL },
	{ "five_have", N_("五有"), FT_GROUP, F_FORM, 0, 0, NULL, five_have_fields, NULL },
	{ "publicity", N_("宣传报道"), FT_MAPLIST, F_FORM, 0, 0, NULL, publicity_fields, NULL },
	{ "attachments", N_("附件"), FT_STRLIST, F_PRIVACY | ROW_CSV, 0, 0, NULL, NULL,
	  N_("仓库中的文件路径或说明") },
	{ "tags", N_("标签"), FT_STRLIST, F_PRIVACY | ROW_CSV, 0, 0, NULL, NULL, NULL },
	/* records-more.md: optional, not CSV columns (older exports stay as
	 * they were); in the form after the older fields */
	{ "large", N_("大型宣讲"), FT_BOOL, F_FORM, 0, 0, NULL, NULL, N_("true 或 false") },
	{ "site", N_("阵地"), FT_REF, F_FORM, REFERS(REC_SITE), 0, NULL, NULL,
	  N_("阵地编号，如 s-1a2b3c4d") },
	{ "cases", N_("关爱对象"), FT_IDLIST, F_FORM, REFERS(REC_CASE), 0, NULL, NULL,
	  N_("关爱对象编号，如 c-1a2b3c4d；不写姓名") },
	{ "patrol", N_("巡查情况"), FT_GROUP, F_SPARSE, 0, 0, NULL, patrol_fields, NULL },
	{ "evidence", N_("佐证材料"), FT_MAPLIST, 0, 0, 0, NULL, evidence_fields, NULL },
	{ "conflicts", N_("冲突"), FT_CONFLICTS, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

const struct field_def volunteer_fields[] = {
	{ "schema", N_("格式版本"), FT_SCHEMA, F_REQUIRED | F_READONLY, 0, 0, NULL, NULL, NULL },
	{ "id", N_("编号"), FT_ID, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },
	{ "unit", N_("单位"), FT_UNIT, F_REQUIRED | F_READONLY | F_CSV, 0, 0, NULL, NULL, NULL },
	{ "name", N_("姓名"), FT_STR, F_REQUIRED | F_PRIVACY | F_SEARCH | ROW_CSV, 1, 0, NULL, NULL, NULL },
	{ "group", N_("类别"), FT_ENUM, F_REQUIRED | ROW_CSV, 0, 0, enum_group, NULL, NULL },
	{ "birth_year", N_("出生年份"), FT_INT, ROW_CSV, 1900, 2100, NULL, NULL, N_("如 1958") },
	{ "roles", N_("职务"), FT_STRLIST, F_PRIVACY | F_SEARCH | ROW_CSV, 0, 0, NULL, NULL,
	  N_("多项用逗号分隔") },
	{ "teams", N_("所在团队"), FT_STRLIST, F_PRIVACY | F_SEARCH | ROW_CSV, 0, 0, NULL, NULL,
	  N_("多项用逗号分隔") },
	{ "specialties", N_("特长"), FT_STRLIST, F_PRIVACY | F_SEARCH | ROW_CSV, 0, 0, NULL, NULL,
	  N_("多项用逗号分隔") },
	/* an adult volunteer's own number, given with consent: not privacy-checked */
	{ "phone", N_("电话"), FT_STR, ROW_CSV, 0, 0, NULL, NULL,
	  N_("志愿者本人同意后留的联系电话") },
	{ "active", N_("在岗"), FT_BOOL, ROW_CSV, 0, 0, NULL, NULL, N_("true 或 false") },
	{ "joined", N_("加入日期"), FT_DATE, ROW_CSV, 0, 0, NULL, NULL, N_("格式：2019-03-01") },
	{ "notes", N_("备注"), FT_TEXT, F_PRIVACY | F_SEARCH | ROW_CSV, 0, 5000, NULL, NULL, NULL },
	/* records-more.md: optional, not in CSV yet; in the form last */
	{ "gender", N_("性别"), FT_ENUM, F_FORM, 0, 0, enum_gender, NULL, NULL },
	{ "party_member", N_("党员"), FT_BOOL, F_FORM, 0, 0, NULL, NULL, N_("true 或 false") },
	{ "former_post", N_("原任职务"), FT_STR, F_PRIVACY | F_SEARCH | F_FORM, 0, 0, NULL, NULL,
	  N_("退休前的职务") },
	{ "backbone", N_("骨干"), FT_BOOL, F_FORM, 0, 0, NULL, NULL, N_("true 或 false") },
	{ "consent", N_("同意登记日期"), FT_DATE, F_FORM, 0, 0, NULL, NULL,
	  N_("本人同意登记的日期，格式：2023-05-01") },
	{ "conflicts", N_("冲突"), FT_CONFLICTS, 0, 0, 0, NULL, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

static const struct field_def unit_item_fields[] = {
	{ "key", N_("单位代号"), FT_UNIT, F_REQUIRED | F_FORM, 0, 0, NULL, NULL,
	  N_("小写字母开头，由小写字母、数字和 - 组成") },
	{ "name", N_("名称"), FT_STR, F_REQUIRED | F_FORM, 1, 0, NULL, NULL, NULL },
	{ "kind", N_("类型"), FT_ENUM, F_REQUIRED | F_FORM, 0, 0, enum_unit_kind, NULL, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

const struct field_def units_fields[] = {
	{ "schema", N_("格式版本"), FT_SCHEMA, F_REQUIRED | F_READONLY, 0, 0, NULL, NULL, NULL },
	/* The ledger's identity (records-more.md), checked in record.c. */
	{ "ledger", N_("台账编号"), FT_STR, F_READONLY, 0, 0, NULL, NULL, NULL },
	{ "street", N_("街道关工委"), FT_STR, F_REQUIRED | F_FORM, 1, 0, NULL, NULL, NULL },
	{ "units", N_("单位列表"), FT_MAPLIST, F_REQUIRED | F_FORM, 0, 0, NULL, unit_item_fields, NULL },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL }
};

/* "five_have.summary": the group's field, then the sub-field. Sub-fields of
 * a list of maps ("publicity.level") are found the same way. */
const struct field_def *field_find(const struct field_def *table, const char *dotted)
{
	const struct field_def *f;
	const char *dot;
	size_t len;

	if (!table || !dotted)
		return NULL;
	dot = strchr(dotted, '.');
	len = dot ? (size_t)(dot - dotted) : strlen(dotted);
	for (f = table; f->key; f++) {
		if (strlen(f->key) != len || strncmp(f->key, dotted, len) != 0)
			continue;
		if (!dot)
			return f;
		return f->sub ? field_find(f->sub, dot + 1) : NULL;
	}
	return NULL;
}

int field_ref_type(const struct field_def *f)
{
	return f && f->min > 0 ? (int)(f->min - 1) : REC_VOLUNTEER;
}

int enum_index(const struct enum_item *items, const char *key)
{
	int i;

	for (i = 0; items && key && items[i].key; i++)
		if (strcmp(items[i].key, key) == 0)
			return i;
	return -1;
}

size_t enum_count(const struct enum_item *items)
{
	size_t n = 0;

	while (items && items[n].key)
		n++;
	return n;
}
