/* libFuzzer target: the field merge (model/merge.c).
 *
 * Input: base NUL ours NUL theirs [NUL meta]. Each of the three parts is
 * read with the YAML reader; an empty part is "no record" (deleted, or
 * never added), a part that does not read is skipped as a whole input.
 * meta's bytes pick the record type and the two sides' commit times and
 * ids (small numbers, so equal times, where the content decides, are
 * common).
 *
 * Property: merge.h promises that the result depends only on the sides'
 * content and metadata, never on which side is "ours" (two PCs merging the
 * same histories must write byte-identical records). So merge(ours,
 * theirs) and merge(theirs, ours), each side keeping its own metadata,
 * must agree on the return code, "deleted", the number of new conflicts
 * and the written YAML byte for byte; conflict entries name the losing
 * side by its own author/unit/commit, so they need no relabelling. */
#include <stdint.h>
#include <string.h>

#include "../../model/merge.h"
#include "../../model/record.h"
#include "../../storage/yamlio.h"
#include "fuzz_common.h"

struct outcome {
	int rc, deleted;
	size_t nconflicts;
	char *yaml;
};

static void run_merge(enum record_type t, const struct node *base, const struct merge_side *a,
		      const struct merge_side *b, struct outcome *o)
{
	struct ggw_error err = { 0, "" };
	struct node out;
	size_t len;

	memset(o, 0, sizeof(*o));
	o->rc = merge_record(t, base, a, b, &out, &o->deleted, &o->nconflicts, &err);
	if (o->rc != 0 || o->deleted)
		return;
	FUZZ_ASSERT(yaml_emit(&out, &o->yaml, &len, &err) == 0, "merged record does not emit: %s",
		    err.msg);
	node_free(&out);
}

/* Split data at NULs into up to n parts. */
static size_t split(const uint8_t *data, size_t size, const char **part, size_t *len, size_t n)
{
	size_t k = 0, start = 0;

	for (size_t i = 0; i <= size && k < n; i++) {
		if (i == size || data[i] == '\0') {
			part[k] = (const char *)data + start;
			len[k++] = i - start;
			start = i + 1;
		}
	}
	return k;
}

static const char *const commits[4] = {
	"", "1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222",
	"ffffffffffffffffffffffffffffffffffffffff"
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *part[4] = { "", "", "", "" };
	size_t len[4] = { 0, 0, 0, 0 }, nparts;
	struct node rec[3];
	int have[3] = { 0, 0, 0 }, ok = 1;
	enum record_type t = REC_ACTIVITY;
	struct merge_side sa = { NULL, "甲 <a@example.org>", "xinyi", 0, 480, "", 0 };
	struct merge_side sb = { NULL, "乙 <b@example.org>", "baima", 0, 0, "", 0 };
	struct outcome x, y;

	nparts = split(data, size, part, len, 4);
	if (nparts < 3)
		return 0;
	if (nparts == 4 && len[3] > 0) {
		const uint8_t *m = (const uint8_t *)part[3];

		t = (enum record_type)(m[0] % REC__COUNT);
		if (len[3] > 1) {
			sa.time = m[1] & 3 ? 1700000000 + (m[1] & 3) : 0;
			sb.time = m[1] & 12 ? 1700000000 + ((m[1] >> 2) & 3) : 0;
			sa.commit = commits[(m[1] >> 4) & 3];
			sb.commit = commits[(m[1] >> 6) & 3];
		}
	}
	for (int i = 0; i < 3 && ok; i++) {
		struct ggw_error err = { 0, "" };

		if (len[i] == 0)
			continue;
		if (yaml_parse("side.yaml", part[i], len[i], &rec[i], &err) != 0)
			ok = 0;
		else
			have[i] = 1;
	}
	if (ok) {
		sa.rec = have[1] ? &rec[1] : NULL;
		sb.rec = have[2] ? &rec[2] : NULL;
		run_merge(t, have[0] ? &rec[0] : NULL, &sa, &sb, &x);
		run_merge(t, have[0] ? &rec[0] : NULL, &sb, &sa, &y);
		FUZZ_ASSERT(x.rc == y.rc, "return codes differ: %d / %d", x.rc, y.rc);
		FUZZ_ASSERT(x.deleted == y.deleted, "deleted differs");
		FUZZ_ASSERT(x.nconflicts == y.nconflicts, "conflict counts differ: %zu / %zu",
			    x.nconflicts, y.nconflicts);
		if ((x.yaml == NULL) != (y.yaml == NULL) || (x.yaml && strcmp(x.yaml, y.yaml)))
			fprintf(stderr, "--- merge(ours, theirs):\n%s--- merge(theirs, ours):\n%s---\n",
				x.yaml ? x.yaml : "(none)\n", y.yaml ? y.yaml : "(none)\n");
		FUZZ_ASSERT((x.yaml == NULL) == (y.yaml == NULL) && (!x.yaml || !strcmp(x.yaml, y.yaml)),
			    "merge depends on which side is ours");
		free(x.yaml);
		free(y.yaml);
	}
	for (int i = 0; i < 3; i++)
		if (have[i])
			node_free(&rec[i]);
	return 0;
}
