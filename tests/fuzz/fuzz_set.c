/* libFuzzer target: `ggw edit --set` (record_set_field, model/record.c)
 * followed by the write path and a read back.
 *
 * Input: one byte (record type and op), then NUL-separated pairs
 * field NUL value NUL field NUL value ... applied in turn to a fresh
 * record (refused sets are skipped, as the command line would stop).
 * Properties: what was set can be written (record_normalize + yaml_emit,
 * records/ops.c's record_to_yaml), the written text reads back without
 * error, the tree read equals the tree written, and validation of it
 * runs cleanly. */
#include <stdint.h>
#include <string.h>

#include "../../model/record.h"
#include "../../storage/yamlio.h"
#include "fuzz_common.h"

static const char *const ids[REC__COUNT] = {
	[REC_ACTIVITY] = "20240712-0a1b2c3d", [REC_VOLUNTEER] = "v-0a1b2c3d",
	[REC_DOCUMENT] = "d-0a1b2c3d", [REC_MEMBER] = "m-0a1b2c3d", [REC_SITE] = "s-0a1b2c3d",
	[REC_AWARD] = "a-0a1b2c3d", [REC_CASE] = "c-0a1b2c3d", [REC_FUND] = "f-0a1b2c3d",
	[REC_TEAM] = "t-0a1b2c3d",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ggw_error err = { 0, "" };
	struct problems probs = { 0 };
	struct node rec, back;
	enum record_type t;
	char *copy, *p, *end, *text = NULL;
	size_t len = 0;
	int rc;

	if (size < 1 || size > 8192)
		return 0;
	t = (enum record_type)(data[0] % REC__COUNT);
	FUZZ_ASSERT(record_new(t, ids[t], "xinyi", &rec) == 0, "record_new failed");
	copy = malloc(size + 1); /* NUL-terminated: the last pair ends too */
	FUZZ_ASSERT(copy != NULL, "out of memory");
	memcpy(copy, data + 1, size - 1);
	copy[size - 1] = '\0';
	end = copy + size - 1;
	for (p = copy; p < end;) {
		const char *field = p, *value;
		char op = (data[0] / REC__COUNT) & 1 ? '+' : '=';

		p += strlen(p) + 1;
		value = p < end ? p : "";
		p += p < end ? strlen(p) + 1 : 0;
		if (field[0] == '+') { /* "+field" appends, as --add would */
			op = '+';
			field++;
		}
		rc = record_set_field(t, &rec, field, op, value, &err);
		FUZZ_ASSERT(rc == 0 || err.msg[0], "refused without a message");
	}
	free(copy);

	record_normalize(t, &rec);
	rc = yaml_emit(&rec, &text, &len, &err);
	if (rc != 0) {
		/* Text that is not valid UTF-8 can be set but not written: the
		 * writer must say so, and the command line checks first. */
		FUZZ_ASSERT(err.msg[0], "emit refused without a message");
		node_free(&rec);
		return 0;
	}
	rc = yaml_parse("set.yaml", text, len, &back, &err);
	if (rc != 0)
		fprintf(stderr, "--- written:\n%s---\n", text);
	FUZZ_ASSERT(rc == 0, "written record does not read back: %s", err.msg);
	if (!node_equal(&rec, &back)) {
		fprintf(stderr, "--- written:\n%s---\n", text);
		fuzz_dump(&rec, 0);
		fprintf(stderr, "read back:\n");
		fuzz_dump(&back, 0);
	}
	FUZZ_ASSERT(node_equal(&rec, &back), "read back differs from what was written");
	record_validate(t, &back, &probs);
	problems_free(&probs);
	node_free(&back);
	node_free(&rec);
	free(text);
	return 0;
}
