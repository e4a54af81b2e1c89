/* rules.yaml: the built-in rules, reading the tree, writing the text. */
#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "safetext.h"

const struct rules_measure_info rules_measures[RM__COUNT] = {
	[RM_ACTIVITIES] = { "activities", N_("活动场次"), NEED_ONE, 0,
		N_("记录本年的活动：ggw add，或界面中“新增活动”") },
	[RM_YOUTH] = { "youth", N_("青少年人次"), NEED_ONE, 0,
		N_("在活动记录中填写青少年人数（youth_count）") },
	[RM_ADULTS] = { "adults", N_("成人人次"), NEED_ONE, 0,
		N_("在活动记录中填写成人人数（adult_count）") },
	[RM_LECTURES] = { "lectures", N_("大型宣讲活动"), NEED_ONE, 0,
		N_("记录宣讲活动：形式选“宣讲/讲座”（ggw add --set form=lecture）") },
	[RM_SESSIONS] = { "sessions", N_("学习培训会议"), NEED_SESSIONS, 0,
		N_("记录学习、培训或会议：形式选“学习培训”或“会议/讨论会”，或类别选“自身建设”（ggw add --set form=meeting）") },
	[RM_MONTHS_ACTIVE] = { "months_active", N_("有活动的月份"), NEED_MONTHS_DUE, 0,
		N_("空白月份补记当月的活动（ggw audit 列出空白月份）") },
	[RM_FIVE_HAVE_COMPLETE] = { "five_have_complete", N_("五有齐全的活动"), NEED_ACTIVITIES, 0,
		N_("补全活动的五有（计划、分工、实施、表彰、总结）：ggw list --missing five-have，再 ggw edit") },
	[RM_PUBLICITY] = { "publicity", N_("宣传信息篇数"), NEED_ONE, 0,
		N_("在活动记录中填写宣传报道（publicity）") },
	[RM_PUBLICITY_COUNTY] = { "publicity_county", N_("区县级及以上宣传"), NEED_ONE, 0,
		N_("在活动记录中填写区县级及以上的宣传报道（publicity）") },
	[RM_VOLUNTEERS] = { "volunteers", N_("在册五老"), NEED_ONE, 0,
		N_("登记五老志愿者：ggw add --type volunteer") },
	[RM_VOLUNTEERS_ACTIVE] = { "volunteers_active", N_("在岗五老"), NEED_ONE, 0,
		N_("登记在岗的五老志愿者：ggw add --type volunteer") },
	[RM_VOLUNTEERS_ENGAGED] = { "volunteers_engaged", N_("参加活动的在岗五老"), NEED_ACTIVE_VOLS, 0,
		N_("在活动记录的 volunteers 中写上参加的五老（ggw audit 列出本年未参加活动的五老）") },
	[RM_CONFLICTS] = { "conflicts", N_("有冲突的记录"), NEED_NONE_BAD, 0,
		N_("解决冲突：ggw resolve，或界面中的冲突页") },
	[RM_INVALID] = { "invalid", N_("未通过检查的记录"), NEED_NONE_BAD, 0,
		N_("修正未通过检查的记录：ggw check 列出文件和原因") },
	[RM_PLAN] = { "plan", N_("年度工作计划"), NEED_ONE, 1,
		N_("新增年度文件“年度工作计划”（document，kind: plan）") },
	[RM_HALFYEAR] = { "halfyear", N_("半年小结"), NEED_ONE, 1,
		N_("新增年度文件“半年小结”（document，kind: halfyear）") },
	[RM_SUMMARY] = { "summary", N_("年终总结"), NEED_ONE, 1,
		N_("新增年度文件“年终总结”（document，kind: summary）") },
	[RM_REPORT_SENT] = { "report_sent", N_("年度报表已报送"), NEED_ONE, 1,
		N_("报送年度报表后新增年度文件“年报报送”（document，kind: report-sent）") },
	[RM_BRIEFINGS] = { "briefings", N_("党委听取汇报"), NEED_BRIEFINGS, 1,
		N_("每次向党委汇报后新增年度文件“向党委汇报”（document，kind: briefing）") },
	[RM_RULES_DOCS] = { "rules_docs", N_("制度"), NEED_ONE, 1,
		N_("新增年度文件“制度”（document，kind: rules）") },
	[RM_RESEARCH] = { "research", N_("调研报告"), NEED_ONE, 1,
		N_("新增年度文件“调研报告”（document，kind: research）") },
	[RM_INFORMATION] = { "information", N_("信息报送"), NEED_ONE, 1,
		N_("新增年度文件“信息报送”（document，kind: information）") },
	[RM_DIRECTOR] = { "director", N_("主任"), NEED_ONE, 1,
		N_("登记组织成员：主任（member，role: director）") },
	[RM_EXECUTIVE] = { "executive", N_("常务副主任或执行主任"), NEED_ONE, 1,
		N_("登记组织成员：常务副主任/执行主任（member，role: executive）") },
	[RM_LIAISON] = { "liaison", N_("联络员"), NEED_ONE, 1,
		N_("登记组织成员：联络员（member，role: liaison）") },
	[RM_OFFICE_SIGN] = { "office_sign", N_("挂牌的办公室"), NEED_ONE, 1,
		N_("登记阵地：办公室，挂牌（site，kind: office，sign: true）") },
	[RM_STATIONS] = { "stations", N_("校外教育辅导站"), NEED_ONE, 1,
		N_("登记阵地：校外教育辅导站（site，kind: station）") },
	[RM_STATION_ACTIVITIES] = { "station_activities", N_("辅导站活动"), NEED_STATION, 1,
		N_("在辅导站的活动记录中填写阵地（activity 的 site）") },
	[RM_BUDGET_YUAN] = { "budget_yuan", N_("工作经费（元）"), NEED_BUDGET, 1,
		N_("登记本年的工作经费（fund，kind: budget）") },
	[RM_AWARDS_CITY] = { "awards_city", N_("市级及以上表彰"), NEED_ONE, 1,
		N_("登记表彰（award，level: city 或以上）") },
	[RM_TEAMS] = { "teams", N_("五老队伍（宣讲团等）"), NEED_ONE, 1,
		N_("登记队伍（team）") },
	[RM_CASES_PAIRED] = { "cases_paired", N_("结对帮扶的关爱对象"), NEED_ONE, 1,
		N_("登记关爱对象并结对五老（case 的 volunteers）") },
	[RM_NO_EVIDENCE] = { "no_evidence", N_("没有照片或签到表的活动"), NEED_NONE_BAD, 0,
		N_("给活动附上现场照片或签到表扫描件：ggw attach 编号 文件（ggw audit 列出这些活动）") },
};

int rules_measure_index(const char *key)
{
	for (int i = 0; key && i < RM__COUNT; i++)
		if (!strcmp(rules_measures[i].key, key))
			return i;
	return -1;
}

/* ---- the built-in rules: today's figures ---- */

#define PART(m, d, cap) { (m), -1, (d), (cap) }

static const struct rules_item default_items[] = {
	{ "files", "年底有总结、有计划，各项工作、学习活动有记录，资料齐全，年底前报送年度报表", 100, 0, 4,
	  { PART(RM_PLAN, 20, -1), PART(RM_SUMMARY, 20, -1),
	    PART(RM_FIVE_HAVE_COMPLETE, 20, 20), PART(RM_REPORT_SENT, 50, -1) } },
	{ "sessions", "每年学习、培训、会议不少于 4 次", 20, 0, 1,
	  { PART(RM_SESSIONS, 5, -1) } },
	{ "briefings", "党委每年听取关工委工作汇报不少于 2 次", 20, 0, 1,
	  { PART(RM_BRIEFINGS, 10, -1) } },
	{ "organisation", "执行主任、联络员到位", 20, 0, 2,
	  { PART(RM_EXECUTIVE, 10, -1), PART(RM_LIAISON, 10, -1) } },
	{ "budget", "活动经费不少于 2000 元", 20, 0, 1,
	  { PART(RM_BUDGET_YUAN, -1, -1) } },
	{ "monthly", "每月都有活动", 20, 0, 1,
	  { PART(RM_MONTHS_ACTIVE, 5, -1) } },
	{ "volunteers", "在岗五老都参加活动", 20, 0, 1,
	  { PART(RM_VOLUNTEERS_ENGAGED, 5, -1) } },
	{ "award", "获市级以上表彰", 30, 1, 1,
	  { PART(RM_AWARDS_CITY, -1, -1) } },
};

static const struct rules_column default_columns[] = {
	{ "活动场次", RM_ACTIVITIES },
	{ "青少年人次", RM_YOUTH },
	{ "成人人次", RM_ADULTS },
	{ "大型宣讲活动", RM_LECTURES },
	{ "学习培训会议", RM_SESSIONS },
	{ "宣传信息", RM_PUBLICITY },
	{ "在册五老", RM_VOLUNTEERS },
	{ "参加活动的五老", RM_VOLUNTEERS_ENGAGED },
};

static const struct rules default_rules = {
	"默认评分表（ggw 内置）",
	"ggw 内置：区级目标考核表的常见条目（见 ggw-records(5) RULES）",
	4, 2, 20, 2000, 0,
	default_items, sizeof(default_items) / sizeof(default_items[0]),
	default_columns, sizeof(default_columns) / sizeof(default_columns[0]),
	NULL, 0
};

const struct rules *rules_default(void)
{
	return &default_rules;
}

long rules_part_need(const struct rules *r, const struct rules_part *p, long months_due,
		     long activities, long active_volunteers)
{
	if (p->need >= 0)
		return p->need;
	switch (rules_measures[p->measure].need) {
	case NEED_SESSIONS: return r->min_sessions;
	case NEED_BRIEFINGS: return r->min_briefings;
	case NEED_STATION: return r->min_station_activities;
	case NEED_BUDGET: return r->min_budget_yuan;
	case NEED_MONTHS_DUE: return months_due;
	case NEED_ACTIVITIES: return activities;
	case NEED_ACTIVE_VOLS: return active_volunteers;
	case NEED_NONE_BAD: return 0;
	case NEED_ONE:
	default: return 1;
	}
}

const char *rules_points_str(int tenths, char *buf, size_t len)
{
	const char *sign = tenths < 0 ? "-" : "";
	int a = tenths < 0 ? -tenths : tenths;

	if (a % 10)
		snprintf(buf, len, "%s%d.%d", sign, a / 10, a % 10);
	else
		snprintf(buf, len, "%s%d", sign, a / 10);
	return buf;
}

/* ---- reading ---- */

struct owned {
	struct rules_item *items;
	struct rules_column *columns;
	char **strs;
	size_t n_strs, cap_strs;
};

struct reader {
	const char *name;
	struct rules *r;
	struct owned *own;
	struct ggw_error *err;
};

static int fail_at(struct reader *rd, const struct node *n, const char *field, const char *fmt,
		   const char *arg)
{
	char what[512];

	snprintf(what, sizeof(what), fmt, arg ? arg : "");
	return ggw_fail(rd->err, GGW_EINVALID, "%s:%d:%d: %s: %s", rd->name,
			n && n->line ? n->line : 1, n && n->line ? n->col : 1, field, what);
}

static const char *keep_str(struct reader *rd, const char *s)
{
	struct owned *o = rd->own;
	char *copy;

	if (o->n_strs == o->cap_strs) {
		size_t ncap = o->cap_strs ? o->cap_strs * 2 : 32;
		char **nv = realloc(o->strs, ncap * sizeof(*nv));

		if (!nv)
			return NULL;
		o->strs = nv;
		o->cap_strs = ncap;
	}
	if (!(copy = strdup(s)))
		return NULL;
	o->strs[o->n_strs++] = copy;
	return copy;
}

/* A scalar of text without control characters, 1..max bytes. */
static int read_text(struct reader *rd, const struct node *n, const char *field, size_t max,
		     const char **out)
{
	uint32_t cp;

	if (!n || n->kind != NODE_SCALAR)
		return fail_at(rd, n, field, _("应为一段文字"), NULL);
	if (!*n->str || strlen(n->str) > max)
		return fail_at(rd, n, field, _("不能为空，也不能太长"), NULL);
	if (safe_find_control(n->str, strlen(n->str), 0, &cp))
		return fail_at(rd, n, field, _("含有控制字符"), NULL);
	if (!(*out = keep_str(rd, n->str)))
		return ggw_oom(rd->err);
	return 0;
}

static int read_long(struct reader *rd, const struct node *n, const char *field, long max,
		     long *out)
{
	long v;

	if (!n || n->kind != NODE_SCALAR || !*n->str || strspn(n->str, "0123456789") != strlen(n->str) ||
	    strlen(n->str) > 9)
		return fail_at(rd, n, field, _("应为不小于 0 的整数"), NULL);
	v = strtol(n->str, NULL, 10);
	if (v > max) {
		char lim[32];

		snprintf(lim, sizeof(lim), "%ld", max);
		return fail_at(rd, n, field, _("不能大于 %s"), lim);
	}
	*out = v;
	return 0;
}

/* "10", "0.5": points in tenths. */
static int read_points(struct reader *rd, const struct node *n, const char *field, int *out)
{
	const char *s = n && n->kind == NODE_SCALAR ? n->str : NULL;
	size_t whole = s ? strspn(s, "0123456789") : 0;
	long v;

	if (!s || !whole || whole > 5 ||
	    (s[whole] && !(s[whole] == '.' && s[whole + 1] >= '0' && s[whole + 1] <= '9' && !s[whole + 2])))
		return fail_at(rd, n, field, _("应为分数，如 2 或 0.5（最多一位小数）"), NULL);
	v = strtol(s, NULL, 10) * 10 + (s[whole] ? s[whole + 1] - '0' : 0);
	if (v > RULES_MAX_POINTS)
		return fail_at(rd, n, field, _("不能大于 %s 分"), "1000");
	*out = (int)v;
	return 0;
}

static int read_bool(struct reader *rd, const struct node *n, const char *field, int *out)
{
	if (n && n->kind == NODE_SCALAR && !strcmp(n->str, "true"))
		*out = 1;
	else if (n && n->kind == NODE_SCALAR && !strcmp(n->str, "false"))
		*out = 0;
	else
		return fail_at(rd, n, field, _("应为 true 或 false"), NULL);
	return 0;
}

/* Is every key of map among keys? Else an error naming the first other. */
static int known_keys(struct reader *rd, const struct node *map, const char *where,
		      const char *const *keys)
{
	for (size_t i = 0; i < map->count; i++) {
		size_t k = 0;
		char field[128];

		while (keys[k] && strcmp(keys[k], map->keys[i]))
			k++;
		if (keys[k])
			continue;
		snprintf(field, sizeof(field), "%s%s%s", where, *where ? "." : "", map->keys[i]);
		return fail_at(rd, &map->kids[i], field, _("不认识的字段"), NULL);
	}
	return 0;
}

static int read_minimums(struct reader *rd, const struct node *m)
{
	static const char *const keys[] = { "sessions", "briefings", "station_activities",
					    "budget_yuan", NULL };
	long *dst[] = { &rd->r->min_sessions, &rd->r->min_briefings,
			&rd->r->min_station_activities, &rd->r->min_budget_yuan };
	const long max[] = { 1000, 1000, 10000, 100000000 };
	int rc;

	if (m->kind != NODE_MAP)
		return fail_at(rd, m, "minimums", _("应为一组“名称: 数字”"), NULL);
	if ((rc = known_keys(rd, m, "minimums", keys)) < 0)
		return rc;
	for (int i = 0; keys[i]; i++) {
		const struct node *v = node_map_get(m, keys[i]);
		char field[64];

		snprintf(field, sizeof(field), "minimums.%s", keys[i]);
		if (v && (rc = read_long(rd, v, field, max[i], dst[i])) < 0)
			return rc;
	}
	return 0;
}

static int read_large_lecture(struct reader *rd, const struct node *m)
{
	static const char *const keys[] = { "min_audience", "flag_only", NULL };
	const struct node *v;
	int rc;

	if (m->kind != NODE_MAP)
		return fail_at(rd, m, "large_lecture", _("应为一组“名称: 数字”"), NULL);
	if ((rc = known_keys(rd, m, "large_lecture", keys)) < 0)
		return rc;
	if ((v = node_map_get(m, "min_audience")) &&
	    (rc = read_long(rd, v, "large_lecture.min_audience", 1000000, &rd->r->large_min_audience)) < 0)
		return rc;
	if ((v = node_map_get(m, "flag_only")) &&
	    (rc = read_bool(rd, v, "large_lecture.flag_only", &rd->r->large_flag_only)) < 0)
		return rc;
	return 0;
}

/* check:, need:, deduct:, max_deduct: of one part (an item or one of its
 * checks: entries). */
static int read_part(struct reader *rd, const struct node *m, const char *where,
		     struct rules_part *p)
{
	const struct node *v;
	char field[128];
	int rc;

	*p = (struct rules_part){ -1, -1, -1, -1 };
	snprintf(field, sizeof(field), "%s.check", where);
	if (!(v = node_map_get(m, "check")))
		return fail_at(rd, m, field, _("缺少（检查项的名称，见 ggw-records(5) RULES）"), NULL);
	if (v->kind != NODE_SCALAR || (p->measure = rules_measure_index(v->str)) < 0)
		return fail_at(rd, v, field, _("没有这个检查项：%s（见 ggw-records(5) RULES）"),
			       v->kind == NODE_SCALAR ? v->str : "");
	snprintf(field, sizeof(field), "%s.need", where);
	if ((v = node_map_get(m, "need")) && (rc = read_long(rd, v, field, 100000000, &p->need)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.deduct", where);
	if ((v = node_map_get(m, "deduct")) && (rc = read_points(rd, v, field, &p->deduct)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.max_deduct", where);
	if ((v = node_map_get(m, "max_deduct")) && (rc = read_points(rd, v, field, &p->max_deduct)) < 0)
		return rc;
	return 0;
}

static int id_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= 32 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static int read_item(struct reader *rd, const struct node *m, size_t idx, struct rules_item *it)
{
	static const char *const keys[] = { "id", "title", "points", "bonus", "check", "need",
					    "deduct", "max_deduct", "checks", NULL };
	static const char *const part_keys[] = { "check", "need", "deduct", "max_deduct", NULL };
	const struct node *v, *checks;
	char where[64], field[96];
	int rc;

	snprintf(where, sizeof(where), "sheet[%zu]", idx + 1);
	if (m->kind != NODE_MAP)
		return fail_at(rd, m, where, _("应为一个评分项（id、title、points、check）"), NULL);
	if ((rc = known_keys(rd, m, where, keys)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.id", where);
	if (!(v = node_map_get(m, "id")) || v->kind != NODE_SCALAR || !id_ok(v->str))
		return fail_at(rd, v ? v : m, field, _("应为 1 到 32 个小写字母、数字、_ 或 -"), NULL);
	if (!(it->id = keep_str(rd, v->str)))
		return ggw_oom(rd->err);
	for (size_t k = 0; k < idx; k++)
		if (!strcmp(rd->own->items[k].id, it->id))
			return fail_at(rd, v, field, _("与前面的评分项重复：%s"), it->id);
	snprintf(field, sizeof(field), "%s.title", where);
	if ((rc = read_text(rd, node_map_get(m, "title") ? node_map_get(m, "title") : m, field, 600,
			    &it->title)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.points", where);
	if (!(v = node_map_get(m, "points")))
		return fail_at(rd, m, field, _("缺少（这一项的分值）"), NULL);
	if ((rc = read_points(rd, v, field, &it->points)) < 0)
		return rc;
	snprintf(field, sizeof(field), "%s.bonus", where);
	if ((v = node_map_get(m, "bonus")) && (rc = read_bool(rd, v, field, &it->bonus)) < 0)
		return rc;
	checks = node_map_get(m, "checks");
	if (checks && node_map_get(m, "check"))
		return fail_at(rd, checks, where, _("check 和 checks 只能写一个"), NULL);
	if (!checks) {
		it->n_parts = 1;
		return read_part(rd, m, where, &it->parts[0]);
	}
	snprintf(field, sizeof(field), "%s.checks", where);
	if (checks->kind != NODE_SEQ || !checks->count || checks->count > RULES_MAX_PARTS)
		return fail_at(rd, checks, field, _("应为 1 到 8 个检查项的列表"), NULL);
	if (node_map_get(m, "need") || node_map_get(m, "deduct") || node_map_get(m, "max_deduct"))
		return fail_at(rd, m, where, _("有 checks 时，need、deduct、max_deduct 写在每个检查项里"), NULL);
	for (size_t i = 0; i < checks->count; i++) {
		const struct node *c = &checks->kids[i];

		snprintf(field, sizeof(field), "%s.checks[%zu]", where, i + 1);
		if (c->kind != NODE_MAP)
			return fail_at(rd, c, field, _("应为一个检查项（check、deduct）"), NULL);
		if ((rc = known_keys(rd, c, field, part_keys)) < 0)
			return rc;
		if ((rc = read_part(rd, c, field, &it->parts[i])) < 0)
			return rc;
	}
	it->n_parts = checks->count;
	return 0;
}

static int read_sheet(struct reader *rd, const struct node *s)
{
	int rc;

	if (s->kind != NODE_SEQ || s->count > RULES_MAX_ITEMS)
		return fail_at(rd, s, "sheet", _("应为评分项的列表（最多 64 项）"), NULL);
	if (s->count && !(rd->own->items = calloc(s->count, sizeof(*rd->own->items))))
		return ggw_oom(rd->err);
	for (size_t i = 0; i < s->count; i++)
		if ((rc = read_item(rd, &s->kids[i], i, &rd->own->items[i])) < 0)
			return rc;
	rd->r->items = rd->own->items;
	rd->r->n_items = s->count;
	return 0;
}

static int read_form(struct reader *rd, const struct node *s)
{
	static const char *const keys[] = { "title", "count", NULL };
	int rc;

	if (s->kind != NODE_SEQ || s->count > RULES_MAX_COLUMNS)
		return fail_at(rd, s, "report_form", _("应为报表栏目的列表（最多 48 栏）"), NULL);
	if (s->count && !(rd->own->columns = calloc(s->count, sizeof(*rd->own->columns))))
		return ggw_oom(rd->err);
	for (size_t i = 0; i < s->count; i++) {
		const struct node *c = &s->kids[i], *v;
		struct rules_column *col = &rd->own->columns[i];
		char where[64], field[96];

		snprintf(where, sizeof(where), "report_form[%zu]", i + 1);
		if (c->kind != NODE_MAP)
			return fail_at(rd, c, where, _("应为一个栏目（title、count）"), NULL);
		if ((rc = known_keys(rd, c, where, keys)) < 0)
			return rc;
		snprintf(field, sizeof(field), "%s.title", where);
		if ((rc = read_text(rd, node_map_get(c, "title") ? node_map_get(c, "title") : c, field,
				    200, &col->title)) < 0)
			return rc;
		snprintf(field, sizeof(field), "%s.count", where);
		if (!(v = node_map_get(c, "count")) || v->kind != NODE_SCALAR ||
		    (col->measure = rules_measure_index(v->str)) < 0)
			return fail_at(rd, v ? v : c, field, _("没有这个统计数：%s（见 ggw-records(5) RULES）"),
				       v && v->kind == NODE_SCALAR ? v->str : "");
	}
	rd->r->columns = rd->own->columns;
	rd->r->n_columns = s->count;
	return 0;
}

static int read_root(struct reader *rd, const struct node *root)
{
	static const char *const keys[] = { "schema", "name", "source", "minimums", "large_lecture",
					    "sheet", "report_form", NULL };
	const struct node *v;
	int rc;

	if (root->kind != NODE_MAP)
		return fail_at(rd, root, "schema", _("文件应为一组“名称: 值”"), NULL);
	if (!(v = node_map_get(root, "schema")))
		return fail_at(rd, root, "schema", _("缺少（应为 %s）"), RULES_SCHEMA);
	if (v->kind != NODE_SCALAR || strcmp(v->str, RULES_SCHEMA))
		return fail_at(rd, v, "schema", _("应为 %s（更新的格式需要更新的 ggw）"), RULES_SCHEMA);
	if ((rc = known_keys(rd, root, "", keys)) < 0)
		return rc;
	if ((v = node_map_get(root, "name")) && (rc = read_text(rd, v, "name", 200, &rd->r->name)) < 0)
		return rc;
	if ((v = node_map_get(root, "source")) && (rc = read_text(rd, v, "source", 1000, &rd->r->source)) < 0)
		return rc;
	if ((v = node_map_get(root, "minimums")) && (rc = read_minimums(rd, v)) < 0)
		return rc;
	if ((v = node_map_get(root, "large_lecture")) && (rc = read_large_lecture(rd, v)) < 0)
		return rc;
	if ((v = node_map_get(root, "sheet")) && (rc = read_sheet(rd, v)) < 0)
		return rc;
	if ((v = node_map_get(root, "report_form")) && (rc = read_form(rd, v)) < 0)
		return rc;
	return 0;
}

void rules_free(struct rules *r)
{
	struct owned *o;

	if (!r || r == &default_rules)
		return;
	if ((o = r->owned)) {
		for (size_t i = 0; i < o->n_strs; i++)
			free(o->strs[i]);
		free(o->strs);
		free(o->items);
		free(o->columns);
		free(o);
	}
	free(r);
}

int rules_from_node(const struct node *root, const char *name, struct rules **out,
		    struct ggw_error *err)
{
	struct rules *r = malloc(sizeof(*r));
	struct owned *o = calloc(1, sizeof(*o));
	struct reader rd = { name ? name : "rules.yaml", r, o, err };
	int rc;

	*out = NULL;
	if (!r || !o) {
		free(r);
		free(o);
		return ggw_oom(err);
	}
	*r = default_rules; /* what the file leaves out stays as built in */
	r->owned = o;
	if ((rc = read_root(&rd, root)) < 0) {
		rules_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* ---- writing ---- */

/* A double-quoted YAML string (the texts have no control characters). */
static void sb_quoted(struct sbuf *b, const char *s)
{
	sb_add(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_add(b, "\\");
		sb_addn(b, s, 1);
	}
	sb_add(b, "\"");
}

/* lead starts the check: line, indent the lines after it. */
static void write_part(struct sbuf *b, const struct rules_part *p, const char *lead,
		       const char *indent)
{
	char pts[16];

	sb_printf(b, "%scheck: %s\n", lead, rules_measures[p->measure].key);
	if (p->need >= 0)
		sb_printf(b, "%sneed: %ld\n", indent, p->need);
	if (p->deduct >= 0)
		sb_printf(b, "%sdeduct: %s\n", indent, rules_points_str(p->deduct, pts, sizeof(pts)));
	if (p->max_deduct >= 0)
		sb_printf(b, "%smax_deduct: %s\n", indent, rules_points_str(p->max_deduct, pts, sizeof(pts)));
}

static void write_sheet(struct sbuf *b, const struct rules *r)
{
	char pts[16];

	sb_add(b, "# 评分表：每项 points 分；check 是 ggw 会数的检查项（见 ggw-records(5) RULES），\n"
		  "# 台账少一个扣 deduct 分（不写 deduct：少了就整项不得分），max_deduct 是这一条最多扣的分；\n"
		  "# need 不写时用上面的最低要求（或：每月、每个活动、每位在岗五老）。\n"
		  "# 一项有几条检查时写 checks: 列表。bonus: true 是加分项，不计入总分。\n"
		  "# 没有照片或签到表的活动要扣分时，加一条 check: no_evidence（内置评分表不扣，ggw audit 照样列出）。\n");
	sb_add(b, "sheet:\n");
	for (size_t i = 0; i < r->n_items; i++) {
		const struct rules_item *it = &r->items[i];

		sb_printf(b, "  - id: %s\n    title: ", it->id);
		sb_quoted(b, it->title);
		sb_printf(b, "\n    points: %s\n", rules_points_str(it->points, pts, sizeof(pts)));
		if (it->bonus)
			sb_add(b, "    bonus: true\n");
		if (it->n_parts == 1) {
			write_part(b, &it->parts[0], "    ", "    ");
			continue;
		}
		sb_add(b, "    checks:\n");
		for (size_t k = 0; k < it->n_parts; k++)
			write_part(b, &it->parts[k], "      - ", "        ");
	}
}

void rules_to_yaml(const struct rules *r, struct sbuf *b)
{
	sb_add(b, "# 考核规则（rules.yaml）：由街道办公室维护，ggw rules edit 修改；\n"
		  "# 各单位的 ggw audit、ggw report、ggw score 都按这个文件计算。\n");
	sb_printf(b, "schema: %s\nname: ", RULES_SCHEMA);
	sb_quoted(b, r->name);
	sb_add(b, "\nsource: ");
	sb_quoted(b, r->source);
	sb_add(b, "\n\n# 每个单位每年的最低要求。\nminimums:\n");
	sb_printf(b, "  sessions: %ld            # 学习、培训、会议次数\n", r->min_sessions);
	sb_printf(b, "  briefings: %ld           # 党委听取汇报次数\n", r->min_briefings);
	sb_printf(b, "  station_activities: %ld # 校外教育辅导站的活动次数\n", r->min_station_activities);
	sb_printf(b, "  budget_yuan: %ld      # 工作经费（元）\n", r->min_budget_yuan);
	sb_add(b, "\n# 大型宣讲：活动写了 large: true 的算，写了 large: false 的不算；没写的，\n"
		  "# 形式为“宣讲/讲座”（lecture）的算，min_audience 大于 0 时青少年和成人\n"
		  "# 人数合计还要达到这个数。flag_only: true 时只算写了 large: true 的。\nlarge_lecture:\n");
	sb_printf(b, "  min_audience: %ld\n", r->large_min_audience);
	sb_printf(b, "  flag_only: %s\n\n", r->large_flag_only ? "true" : "false");
	write_sheet(b, r);
	sb_add(b, "\n# 报表栏目：title 是上级报表的栏目名，count 是 ggw 会数的统计数。\nreport_form:\n");
	for (size_t i = 0; i < r->n_columns; i++) {
		sb_add(b, "  - title: ");
		sb_quoted(b, r->columns[i].title);
		sb_printf(b, "\n    count: %s\n", rules_measures[r->columns[i].measure].key);
	}
}
