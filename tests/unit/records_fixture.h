/* A small ledger with known figures, shared by the records/ unit tests
 * (test_report, test_audit, test_query): a real repository folder whose
 * files the ledger loader reads. Included by one test file each, so its
 * helpers are static inline.
 *
 * Units: office, xinyi, nanhu (units.yaml); ghost has records only.
 *  A1 xinyi 2024-03-05 safety/lecture    y40 a10 vols v1 v2  five all  publicity county+brief
 *  A2 xinyi 2024-03-20 selfbuild/meeting y0  a8  vols v1     five plan
 *  A3 nanhu 2024-07-01 red/training      y25 a5  vols v3 v-99999999 (unknown)
 *  A4 ghost 2024-12-31 safety/lecture    y5  a0
 *  A6 xinyi 2024-11-11 care/visit        y3  a2  five plan+summary, conflicts
 *  A5 xinyi 2023-06-01 red/lecture       y7  a1  publicity wechat
 *  A8 xinyi 2022-05-05 law/lecture       y9  a0
 *  BAD activities/nanhu/2024/20240101-0000000b.yaml (duplicate key)
 *  V1 v-00000001 xinyi veteran active
 *  V2 v-00000002 xinyi teacher inactive
 *  V3 v-00000003 nanhu veteran joined 2025-03-01
 *  V4 v-00000004 nanhu cadre   joined 2020-01-01, conflicts
 *  VBAD volunteers/xinyi/v-0000000c.yaml (duplicate key) */
#ifndef GGW_TESTS_RECORDS_FIXTURE_H
#define GGW_TESTS_RECORDS_FIXTURE_H

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../records/ledger.h"
#include "../../storage/fsutil.h"
#include "../../storage/repo.h"

#define FX_A1 "20240305-000000a1"
#define FX_A2 "20240320-000000a2"
#define FX_A3 "20240701-000000a3"
#define FX_A4 "20241231-000000a4"
#define FX_A5 "20230601-000000a5"
#define FX_A6 "20241111-000000a6"
#define FX_A8 "20220505-000000a8"
#define FX_BAD_PATH "activities/nanhu/2024/20240101-0000000b.yaml"
#define FX_VBAD_PATH "volunteers/xinyi/v-0000000c.yaml"

struct fx_file {
	const char *path, *text;
};

static const struct fx_file fx_files[] = {
	{ "units.yaml",
	  "schema: ggw/units/1\nstreet: 测试街道关工委\nunits:\n"
	  "- key: office\n  name: 测试街道关工委办公室\n  kind: street\n"
	  "- key: xinyi\n  name: 新义村关工委\n  kind: village\n"
	  "- key: nanhu\n  name: 南湖村关工委\n  kind: village\n" },
	{ "activities/xinyi/2024/" FX_A1 ".yaml",
	  "schema: ggw/activity/1\nid: " FX_A1 "\nunit: xinyi\ntitle: c 防溺水讲座\n"
	  "date: 2024-03-05\ncategory: safety\nform: lecture\nlocation: 新义村文化礼堂\n"
	  "volunteers: [v-00000001, v-00000002]\nyouth_count: 40\nadult_count: 10\n"
	  "content: |\n  Swimming safety 讲座\n"
	  "five_have:\n  plan: 计划\n  assignment: 分工\n  implementation: 实施\n"
	  "  commendation: 表彰\n  summary: 总结\n"
	  "publicity:\n- outlet: 区报\n  level: county\n- outlet: 简报\n  level: brief\n" },
	{ "activities/xinyi/2024/" FX_A2 ".yaml",
	  "schema: ggw/activity/1\nid: " FX_A2 "\nunit: xinyi\ntitle: a 学习会议\n"
	  "date: 2024-03-20\ncategory: selfbuild\nform: meeting\nvolunteers: [v-00000001]\n"
	  "youth_count: 0\nadult_count: 8\nfive_have:\n  plan: 计划\n" },
	{ "activities/nanhu/2024/" FX_A3 ".yaml",
	  "schema: ggw/activity/1\nid: " FX_A3 "\nunit: nanhu\ntitle: e 红色培训\n"
	  "date: 2024-07-01\ncategory: red\nform: training\nlocation: 南湖小学\n"
	  "volunteers: [v-00000003, v-99999999]\nyouth_count: 25\nadult_count: 5\n" },
	{ "activities/ghost/2024/" FX_A4 ".yaml",
	  "schema: ggw/activity/1\nid: " FX_A4 "\nunit: ghost\ntitle: b 年末讲座\n"
	  "date: 2024-12-31\ncategory: safety\nform: lecture\nyouth_count: 5\n" },
	{ "activities/xinyi/2024/" FX_A6 ".yaml",
	  "schema: ggw/activity/1\nid: " FX_A6 "\nunit: xinyi\ntitle: d 走访慰问\n"
	  "date: 2024-11-11\ncategory: care\nform: visit\nyouth_count: 3\nadult_count: 2\n"
	  "five_have:\n  plan: 计划\n  summary: 总结\n"
	  "conflicts:\n- field: title\n  value: 走访\n  author: 王主任 <office@ggw.local>\n"
	  "  unit: office\n  time: 2024-11-12T09:00:00+08:00\n" },
	{ "activities/xinyi/2023/" FX_A5 ".yaml",
	  "schema: ggw/activity/1\nid: " FX_A5 "\nunit: xinyi\ntitle: 红色故事\n"
	  "date: 2023-06-01\ncategory: red\nform: lecture\nyouth_count: 7\nadult_count: 1\n"
	  "publicity:\n- outlet: 公众号\n  level: wechat\n" },
	{ "activities/xinyi/2022/" FX_A8 ".yaml",
	  "schema: ggw/activity/1\nid: " FX_A8 "\nunit: xinyi\ntitle: 普法\n"
	  "date: 2022-05-05\ncategory: law\nform: lecture\nyouth_count: 9\n" },
	{ FX_BAD_PATH, "schema: ggw/activity/1\ntitle: a\ntitle: b\n" },
	{ "volunteers/xinyi/v-00000001.yaml",
	  "schema: ggw/volunteer/1\nid: v-00000001\nunit: xinyi\nname: 丁光海\ngroup: veteran\n" },
	{ "volunteers/xinyi/v-00000002.yaml",
	  "schema: ggw/volunteer/1\nid: v-00000002\nunit: xinyi\nname: 李老师\ngroup: teacher\n"
	  "active: false\n" },
	{ "volunteers/nanhu/v-00000003.yaml",
	  "schema: ggw/volunteer/1\nid: v-00000003\nunit: nanhu\nname: 张老兵\ngroup: veteran\n"
	  "joined: 2025-03-01\n" },
	{ "volunteers/nanhu/v-00000004.yaml",
	  "schema: ggw/volunteer/1\nid: v-00000004\nunit: nanhu\nname: 王老干部\ngroup: cadre\n"
	  "joined: 2020-01-01\n"
	  "conflicts:\n- field: name\n  value: 王干部\n  author: 王主任 <office@ggw.local>\n"
	  "  unit: office\n  time: 2024-11-12T09:00:00+08:00\n" },
	{ FX_VBAD_PATH, "schema: ggw/volunteer/1\nname: a\nname: b\n" },
};

static char fx_dir[PATH_MAX];

static inline void fx_put(const char *rel, const char *text)
{
	char path[PATH_MAX * 2];

	snprintf(path, sizeof(path), "%s/%s", fx_dir, rel);
	if (atomic_write(path, text, strlen(text), NULL) < 0) {
		fprintf(stderr, "cannot write %s\n", path);
		abort();
	}
}

/* Make the fixture in a new temporary folder (fx_dir). 0 or -1. */
static inline int fx_make(const char *tag)
{
	struct repo *r = NULL;

	snprintf(fx_dir, sizeof(fx_dir), "%s/ggw-%s-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", tag);
	if (!mkdtemp(fx_dir) || repo_global_init(NULL) < 0 || repo_init(fx_dir, &r, NULL) < 0)
		return -1;
	repo_close(r);
	for (size_t i = 0; i < sizeof(fx_files) / sizeof(fx_files[0]); i++)
		fx_put(fx_files[i].path, fx_files[i].text);
	return 0;
}

static inline int fx_remove(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx_dir);
	repo_global_shutdown();
	return system(cmd) == 0 ? 0 : -1;
}

/* cmocka group setup and teardown for tests that only read the fixture. */
static inline int fx_setup(void **state)
{
	(void)state;
	return fx_make("records");
}

static inline int fx_teardown(void **state)
{
	(void)state;
	return fx_remove();
}

/* Open the fixture and load its ledger. 0 or the error's code. */
static inline int fx_load(struct repo **r, struct ledger *l, struct ggw_error *err)
{
	int rc;

	if ((rc = repo_open(fx_dir, r, err)) < 0)
		return rc;
	if ((rc = ledger_load(*r, l, err)) < 0)
		repo_close(*r);
	return rc;
}

/* The same for a test (needs cmocka.h first): fails the test on error. */
#define fx_load_or_fail(r, l)                                                 \
	do {                                                                  \
		struct ggw_error fx_err_ = { 0, "" };                         \
		if (fx_load((r), (l), &fx_err_) < 0)                          \
			fail_msg("load: %s", fx_err_.msg);                    \
	} while (0)

#endif
