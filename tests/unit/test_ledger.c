/* records/ledger, query and output against a real repository folder: the
 * summary of every entry, invalid and stray files, the cache following
 * edits, filters and sorting, CSV quoting and text joins. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../model/record.h"
#include "../../records/ledger.h"
#include "../../records/output.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo.h"

/* libgit2 1.5.1 leaks pcre2 match data on failed regex matches. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

static char dir[PATH_MAX];

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	assert_int_equal(atomic_write(path, text, strlen(text), NULL), 0);
}

static const char units_yaml[] =
	"schema: ggw/units/1\nstreet: 测试街道关工委\nunits:\n"
	"- key: office\n  name: 测试街道关工委办公室\n  kind: street\n"
	"- key: xinyi\n  name: 新义村关工委\n  kind: village\n";

static const char act1[] =
	"schema: ggw/activity/1\nid: 20240710-3fa9c2e1\nunit: xinyi\n"
	"title: 暑期防溺水安全知识讲座\ndate: 2024-07-10\ncategory: safety\nform: lecture\n"
	"location: 新义村文化礼堂\nspeakers: [丁光海, 李四]\nvolunteers: [v-1a2b3c4d]\n"
	"youth_count: 45\nadult_count: 12\ncontent: |\n  Swimming safety 讲座\n"
	"five_have:\n  plan: 计划\n  summary: 总结\n"
	"publicity:\n- outlet: 公众号\n  level: county\n- outlet: 简报\n  level: brief\n";

static const char act2[] =
	"schema: ggw/activity/1\nid: 20230105-0000abcd\nunit: xinyi\n"
	"title: 红色故事\ndate: 2023-01-05\ncategory: red\nform: lecture\nyouth_count: 10\n";

static const char vol1[] =
	"schema: ggw/volunteer/1\nid: v-1a2b3c4d\nunit: xinyi\nname: 丁光海\ngroup: veteran\n"
	"birth_year: 1958\nactive: false\n";

static int setup(void **state)
{
	struct repo *r = NULL;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/ggw-ledger-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(repo_global_init(NULL), 0);
	assert_int_equal(repo_init(dir, &r, NULL), 0);
	repo_close(r);
	put("units.yaml", units_yaml);
	put("activities/xinyi/2024/20240710-3fa9c2e1.yaml", act1);
	put("activities/xinyi/2023/20230105-0000abcd.yaml", act2);
	put("volunteers/xinyi/v-1a2b3c4d.yaml", vol1);
	return 0;
}

static int teardown(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return -1;
	repo_global_shutdown();
	return 0;
}

static void load(struct repo **r, struct ledger *l)
{
	struct ggw_error err = { 0, "" };

	assert_int_equal(repo_open(dir, r, &err), 0);
	if (ledger_load(*r, l, &err) < 0)
		fail_msg("ledger_load: %s", err.msg);
}

static void test_summary(void **state)
{
	struct repo *r;
	struct ledger l;
	const struct entry *e;
	long i;

	(void)state;
	load(&r, &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.n_invalid, 0);
	assert_int_equal(l.units.n, 2);
	assert_string_equal(l.units.street, "测试街道关工委");
	i = ledger_find(&l, "20240710-3fa9c2e1");
	assert_true(i >= 0);
	e = &l.v[i];
	assert_true(e->valid);
	assert_int_equal(e->type, REC_ACTIVITY);
	assert_string_equal(e->unit, "xinyi");
	assert_string_equal(e->path, "activities/xinyi/2024/20240710-3fa9c2e1.yaml");
	assert_string_equal(e->title, "暑期防溺水安全知识讲座");
	assert_int_equal(e->date, 20240710);
	assert_int_equal(e->category, enum_index(enum_category, "safety"));
	assert_int_equal(e->form, enum_index(enum_form, "lecture"));
	assert_int_equal(e->youth_count, 45);
	assert_int_equal(e->adult_count, 12);
	assert_int_equal(e->five_have, 1 | 16);
	assert_int_equal(e->publicity[enum_index(enum_level, "county")], 1);
	assert_int_equal(e->publicity[enum_index(enum_level, "brief")], 1);
	assert_string_equal(e->volunteer_ids, "v-1a2b3c4d");
	assert_string_equal(e->speakers, "丁光海、李四");
	assert_non_null(strstr(e->search, "Swimming safety"));
	assert_non_null(strstr(e->search, "文化礼堂"));
	assert_int_equal(strlen(e->blob), 40);
	e = &l.v[ledger_find(&l, "v-1a2b3c4d")];
	assert_int_equal(e->type, REC_VOLUNTEER);
	assert_int_equal(e->active, 0);
	assert_int_equal(e->birth_year, 1958);
	assert_int_equal(e->group, enum_index(enum_group, "veteran"));
	assert_int_equal(ledger_find(&l, "20990101-00000000"), -1);
	ledger_free(&l);
	repo_close(r);
}

static void test_invalid_and_cache(void **state)
{
	struct repo *r;
	struct ledger l;
	long i;

	(void)state;
	load(&r, &l); /* writes the cache */
	ledger_free(&l);
	repo_close(r);

	/* An invalid file, a stray one, a changed one. */
	put("activities/xinyi/2024/20240101-0000000a.yaml",
	    "schema: ggw/activity/1\ntitle: a\ntitle: b\n");
	put("activities/xinyi/stray.yaml", "x: 1\n");
	put("activities/xinyi/2023/20230105-0000abcd.yaml", "schema: ggw/activity/1\nid: 20230105-0000abcd\nunit: xinyi\n"
	    "title: 红色故事（修改）\ndate: 2023-01-05\ncategory: red\nform: lecture\nyouth_count: 11\n");
	load(&r, &l);
	assert_int_equal(l.n, 5);
	assert_int_equal(l.n_invalid, 2);
	i = ledger_find(&l, "20240101-0000000a");
	assert_true(i >= 0);
	assert_false(l.v[i].valid);
	assert_non_null(l.v[i].error);
	assert_int_equal(strncmp(l.v[i].error, "activities/xinyi/2024/20240101-0000000a.yaml:3:", 47), 0);
	i = ledger_find(&l, "stray");
	assert_true(i >= 0);
	assert_false(l.v[i].valid);
	i = ledger_find(&l, "20230105-0000abcd");
	assert_string_equal(l.v[i].title, "红色故事（修改）");
	assert_int_equal(l.v[i].youth_count, 11);
	assert_true(l.n_parsed >= 2);
	ledger_free(&l);
	repo_close(r);

	/* Unchanged files come from the cache (once out of the racy window). */
	sleep(2);
	load(&r, &l);
	ledger_free(&l);
	repo_close(r);
	load(&r, &l);
	assert_int_equal(l.n_parsed, 0);
	assert_int_equal(l.n, 5);
	i = ledger_find(&l, "20240710-3fa9c2e1");
	assert_string_equal(l.v[i].speakers, "丁光海、李四");
	ledger_free(&l);
	repo_close(r);

	/* A removed file disappears. */
	{
		char path[PATH_MAX * 2];

		snprintf(path, sizeof(path), "%s/activities/xinyi/2024/20240101-0000000a.yaml", dir);
		assert_int_equal(unlink(path), 0);
		snprintf(path, sizeof(path), "%s/activities/xinyi/stray.yaml", dir);
		assert_int_equal(unlink(path), 0);
	}
	load(&r, &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.n_invalid, 0);
	ledger_free(&l);
	repo_close(r);
}

static void test_query(void **state)
{
	struct repo *r;
	struct ledger l;
	struct query q;
	size_t *idx = NULL, n = 0;

	(void)state;
	load(&r, &l);
	query_init(&q);
	q.type = REC_ACTIVITY;
	assert_int_equal(ledger_query(&l, &q, &idx, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_string_equal(l.v[idx[0]].id, "20240710-3fa9c2e1"); /* newest first */
	free(idx);
	q.sort = SORT_DATE_ASC;
	assert_int_equal(ledger_query(&l, &q, &idx, &n, NULL), 0);
	assert_string_equal(l.v[idx[0]].id, "20230105-0000abcd");
	free(idx);
	q.year = 2023;
	assert_int_equal(ledger_query(&l, &q, &idx, &n, NULL), 0);
	assert_int_equal(n, 1);
	free(idx);
	query_init(&q);
	q.grep = "SWIMMING";
	assert_int_equal(ledger_query(&l, &q, &idx, &n, NULL), 0);
	assert_int_equal(n, 1);
	free(idx);
	query_init(&q);
	q.type = REC_ACTIVITY;
	q.missing_five_have = 1;
	q.from = 20240101;
	assert_int_equal(ledger_query(&l, &q, &idx, &n, NULL), 0);
	assert_int_equal(n, 1);
	free(idx);
	query_init(&q);
	q.category = enum_index(enum_category, "law");
	assert_int_equal(ledger_query(&l, &q, &idx, &n, NULL), 0);
	assert_int_equal(n, 0);
	assert_null(idx);
	ledger_free(&l);
	repo_close(r);
}

static void test_output(void **state)
{
	char *buf = NULL, *t;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct node seq;

	(void)state;
	csv_field(f, "plain");
	fputc(',', f);
	csv_field(f, "a,b");
	fputc(',', f);
	csv_field(f, "say \"hi\"\nnext");
	csv_end_row(f);
	fclose(f);
	assert_string_equal(buf, "plain,\"a,b\",\"say \"\"hi\"\"\nnext\"\r\n");
	free(buf);
	node_init_seq(&seq);
	node_seq_append_str(&seq, "甲", SCALAR_TEXT);
	node_seq_append_str(&seq, "乙", SCALAR_TEXT);
	t = node_text(&seq);
	assert_string_equal(t, "甲、乙");
	free(t);
	node_free(&seq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_invalid_and_cache),
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_output),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
