/* libFuzzer target: the strict YAML reader (storage/yamlio.c) and record
 * validation (model/record.c) on any bytes. Properties checked beyond "no
 * crash, no leak": a refused input has a message with a position that
 * starts in Chinese (libyaml's English words come after); an accepted one
 * validates as every record type without trouble, and writing it out and
 * reading it back gives the same tree (the canonical writer's promise),
 * and the fast path for ggw's own form gives exactly libyaml's answer. */
#include <stdint.h>
#include <string.h>

#include "../../model/record.h"
#include "../../storage/yamlio.h"
#include "fuzz_common.h"
#include "../same_tree.h"

static void check_round_trip(const struct node *root)
{
	struct ggw_error err = { 0, "" };
	struct node back;
	char *text = NULL;
	size_t len = 0;
	int rc;

	rc = yaml_emit(root, &text, &len, &err);
	FUZZ_ASSERT(rc == 0, "emit failed: %s", err.msg);
	FUZZ_ASSERT(strlen(text) == len, "emitted text has a NUL");
	rc = yaml_parse("emitted", text, len, &back, &err);
	if (rc != 0)
		fprintf(stderr, "--- emitted:\n%s---\n", text);
	FUZZ_ASSERT(rc == 0, "emitted YAML does not read back: %s", err.msg);
	if (!node_equal(root, &back)) {
		fprintf(stderr, "--- emitted:\n%s---\nread:\n", text);
		fuzz_dump(root, 0);
		fprintf(stderr, "read back:\n");
		fuzz_dump(&back, 0);
	}
	FUZZ_ASSERT(node_equal(root, &back), "round trip changed the tree");
	node_free(&back);
	free(text);
}

/* "fuzz.yaml:LINE:COL: " then a Chinese sentence: no English word (two
 * lower-case letters) before its first Chinese character. */
static void check_message(const char *msg)
{
	int line = 0, col = 0, used = 0;

	sscanf(msg, "fuzz.yaml:%d:%d: %n", &line, &col, &used);
	FUZZ_ASSERT(used > 0 && line > 0 && col > 0, "message without a position: %s", msg);
	for (const char *c = msg + used; *c && (unsigned char)*c < 0x80; c++)
		FUZZ_ASSERT(!(c[0] >= 'a' && c[0] <= 'z' && c[1] >= 'a' && c[1] <= 'z'),
			    "English before any Chinese: %s", msg);
}

/* The fast path (storage/yamlfast.c) must give libyaml's own answer:
 * the same tree with the same styles and positions, or the same error. */
static void check_like_libyaml(const uint8_t *data, size_t size, int rc, const struct node *root,
			       const struct ggw_error *err)
{
	struct ggw_error e2 = { 0, "" };
	struct node other;
	int rc2 = yaml_parse_libyaml("fuzz.yaml", (const char *)data, size, &other, &e2);

	FUZZ_ASSERT(rc == rc2, "fast path and libyaml disagree: %d / %d", rc, rc2);
	if (rc == 0) {
		if (!same_tree(root, &other)) {
			fprintf(stderr, "fast path:\n");
			fuzz_dump(root, 0);
			fprintf(stderr, "libyaml:\n");
			fuzz_dump(&other, 0);
		}
		FUZZ_ASSERT(same_tree(root, &other), "fast path tree differs from libyaml's");
		node_free(&other);
	} else {
		FUZZ_ASSERT(!strcmp(err->msg, e2.msg), "messages differ: %s / %s", err->msg, e2.msg);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ggw_error err = { 0, "" };
	struct node root;

	int rc = yaml_parse("fuzz.yaml", (const char *)data, size, &root, &err);

	check_like_libyaml(data, size, rc, &root, &err);
	if (rc != 0) {
		FUZZ_ASSERT(err.code != 0 && err.msg[0], "refused without a message");
		check_message(err.msg);
		return 0;
	}
	FUZZ_ASSERT(root.kind == NODE_MAP, "root is not a map");
	for (int t = 0; t < REC__COUNT; t++) {
		struct problems probs = { 0 };
		size_t n = record_validate((enum record_type)t, &root, &probs);

		FUZZ_ASSERT(n == probs.n, "count %zu but %zu problems", n, probs.n);
		for (size_t i = 0; i < probs.n; i++)
			FUZZ_ASSERT(probs.v[i].msg[0], "problem without a message");
		problems_free(&probs);
	}
	check_round_trip(&root);
	node_free(&root);
	return 0;
}
