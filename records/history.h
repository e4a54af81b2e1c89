/* Field-by-field history of one record: every commit that changed its file,
 * with who, when, what kind of change, and each field's old and new text.
 * Used by `ggw log ID` and the interface. */
#ifndef GGW_HISTORY_H
#define GGW_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "../model/fields.h"
#include "../storage/repo.h"

struct field_change {
	char *field;    /* dotted key: "title", "five_have.summary" */
	char *label;    /* Chinese label (translated) or the key if unknown */
	char *old_text; /* "" when absent; lists as "甲、乙" */
	char *new_text;
};

struct history_item {
	char commit[41];
	char *author, *email;
	int64_t time;
	int tz_minutes;
	char *summary;             /* first line of the message */
	char action[16];           /* Ggw-Action trailer, or "git" */
	char *error;               /* this version did not parse: why; else NULL */
	struct field_change *changes;
	size_t nchanges;
};

/* History of relpath (newest first), at most limit versions (0: all). */
int record_history(struct repo *r, const char *relpath, size_t limit,
		   struct history_item **out, size_t *n, struct ggw_error *err);
void history_free(struct history_item *v, size_t n);

/* Value of the trailer `key` ("Ggw-Action") in a commit message's trailer
 * block into buf (model/trailer.h, the reader sync uses); 0 if found, -1
 * if not. */
int message_trailer(const char *message, const char *key, char *buf, size_t len);

/* Commit id's signature in words ("已签名：xinyi 的钥匙（王秀英的电脑）",
 * "未签名（签名开始之前）", "签名不被接受：..."), trust as seen from HEAD
 * (records/trust.h); *t is opened on first use, free it with
 * history_signature_done. "" if it cannot be told. */
struct trust_ctx;
void history_signature(struct repo *r, struct trust_ctx **t, const char *id, char *buf,
		       size_t len);
void history_signature_done(struct trust_ctx *t);

/* "2024-07-10 14:03" in the commit's own time zone (buf >= 20). */
void format_commit_time(int64_t t, int tz_minutes, char *buf, size_t len);

#endif
