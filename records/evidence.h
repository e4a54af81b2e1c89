/* Evidence (佐证材料): activity photos and sign-in sheet scans.
 * A record's `evidence:` list names files by the SHA-256 of their stored
 * bytes. The bytes live outside main's history, in this unit's store ref
 * (refs/ggw/evidence/<unit>: one parentless commit whose tree holds the
 * unit's current files), so that a withdrawn file becomes unreachable and is
 * pruned from every PC and hub at their next sync. Withdrawals are recorded
 * in the ledger (hash, who, when, why; never the picture). */
#ifndef GGW_EVIDENCE_H
#define GGW_EVIDENCE_H

#include <stddef.h>

#include "../model/err.h"
#include "../storage/image.h"
#include "../storage/repo.h"
#include "ops.h"

#define EVIDENCE_HASH_LEN 64

struct evidence_attach_opts {
	const char *kind;     /* "photo" | "scan" | "file"; NULL: from the file (pdf: scan) */
	const char *caption;  /* NULL: none */
	int minors_visible;   /* the photo shows children who can be recognised */
	struct image_opts image; /* shrinking; zeroed: ledger settings/defaults */
};

/* One file as it would be / was stored. */
struct evidence_item {
	char sha256[EVIDENCE_HASH_LEN + 1];
	char kind[8];
	char *caption;        /* may be NULL */
	int minors_visible;
	size_t bytes;         /* stored size */
	int width, height;    /* 0 for PDF / unknown */
	char ext[8];          /* "jpg", "pdf" */
	int present;          /* the bytes are in this PC's store */
	int unsent;           /* not yet on any remote (status) */
};

/* Prepare without storing: what attaching `path` would store (size after
 * shrinking, for the interface to show before the user confirms). */
int evidence_preview(struct repo *r, const char *path, const struct evidence_attach_opts *o,
		     struct evidence_item *out, struct ggw_error *err);

/* Attach files to record `id`: each is prepared (image.h), stored in this
 * unit's store, and the record's evidence list gains an entry; one commit.
 * A file already attached (same hash) is not added twice. All or nothing:
 * on any error nothing is stored or committed. items (may be NULL) receives
 * n entries. */
int evidence_attach(struct repo *r, const struct actor *a, const char *id,
		    const char *const *paths, size_t n, const struct evidence_attach_opts *o,
		    struct evidence_item *items, struct ggw_error *err);

/* The record's evidence, in its order. *items malloc'd; free with
 * evidence_items_free. */
int evidence_list(struct repo *r, const char *id, struct evidence_item **items, size_t *n,
		  struct ggw_error *err);
void evidence_items_free(struct evidence_item *items, size_t n);

/* The stored bytes of a file (any unit's store). GGW_ENOTFOUND when this PC
 * does not hold them (not synced yet, or withdrawn). out->s malloc'd. */
int evidence_read(struct repo *r, const char *sha256, struct sbuf *out, struct ggw_error *err);

/* Withdraw: the entry leaves every record citing it, a withdrawal is
 * recorded (hash, who, when, why), the bytes leave this PC's store and are
 * pruned; one commit. A unit for its own files, the office for any. */
int evidence_withdraw(struct repo *r, const struct actor *a, const char *sha256,
		      const char *why, struct ggw_error *err);

/* Write the record's files into dir with readable names
 * (<date>-<title>-<n>.<ext>); *written receives the count. */
int evidence_export(struct repo *r, const char *id, const char *dir, size_t *written,
		    struct ggw_error *err);

/* ---- Additions (evstore helper) ---- */

/* Withdrawals live in the ledger as evidence-withdrawn/<unit>/<sha256>.yaml
 * (sha256, blob, unit, by, by_unit, at, why): <unit> is the unit whose
 * record or store held the file, so the sync scope check lets that unit and
 * the office write it, nobody else. */
#define EVIDENCE_WITHDRAWN_DIR "evidence-withdrawn"
/* Hard cap on one stored file, also for what arrives at sync. */
#define EVIDENCE_SYNC_MAX_BYTES (32L << 20)

/* Image options from the settings: evidence.maxside (longest side, px) and
 * evidence.maxbytes (cap on one stored file) in `ggw config`. */
void evidence_image_opts(struct repo *r, struct image_opts *o);
/* ggw config's check of those two: whole numbers, maxside 200..8000,
 * maxbytes 65536..EVIDENCE_SYNC_MAX_BYTES (GGW_EUSAGE otherwise). */
int evidence_setting_check(const char *name, const char *value, struct ggw_error *err);
/* 1 if the ledger (work tree) records a withdrawal of sha256. */
int evidence_is_withdrawn(struct repo *r, const char *sha256);
void evidence_withdrawal_path(const char *unit, const char *sha256, char *buf, size_t len);
/* Is path evidence-withdrawn/<unit>/<64 hex>.yaml? unit (may be NULL)
 * receives the unit. */
int evidence_withdrawal_path_parse(const char *path, char *unit, size_t len);
/* The items of a record already parsed (show lists them from it). */
struct node;
int evidence_items_of(struct repo *r, const struct node *rec, struct evidence_item **items,
		      size_t *n, struct ggw_error *err);
/* Kind's Chinese label ("照片"), for the interfaces. */
const char *evidence_kind_label(const char *kind);

#endif
