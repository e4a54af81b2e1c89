/* Changes to the ledger: each is validated, written atomically and
 * committed as one commit with the spec's message and trailers, under ggw's
 * repository lock. Shared by the command line and the interface. */
#ifndef GGW_OPS_H
#define GGW_OPS_H

#include "../model/err.h"
#include "../model/fields.h"
#include "../model/node.h"
#include "../model/record.h"
#include "../storage/repo.h"

/* Who is writing: from the repository config (user.name, user.email,
 * ggw.unit). */
struct actor {
	char *name;  /* user.name, or the unit's name if unset */
	char *email; /* user.email, or "<unit>@ggw.local" (also when user.email
		      * is some unit's @ggw.local address: it follows ggw.unit) */
	char *unit;  /* ggw.unit: this PC's unit key */
};
int actor_load(struct repo *r, struct actor *a, struct ggw_error *err);
void actor_free(struct actor *a);

/* May actor write a record of unit `unit`? (own unit, or office). Fills err
 * with a clear GGW_EDENIED message otherwise. */
int ops_check_scope(const struct actor *a, const char *unit, struct ggw_error *err);
/* The same, naming the units by their names from u (NULL: keys). */
struct units;
int ops_check_scope_units(const struct units *u, const struct actor *a, const char *unit,
			  struct ggw_error *err);

/* Add: rec must have schema/id/unit or they are filled in (id from date,
 * unit from the actor). Validated (problems returned in probs if not NULL,
 * and summarised in err), scope checked, written, committed.
 * id_out (>= 32 bytes) receives the id. */
int ops_add(struct repo *r, const struct actor *a, enum record_type t,
	    struct node *rec, char *id_out, struct problems *probs, struct ggw_error *err);
/* Replace a record by id with rec (id, unit, schema must not change). */
int ops_edit(struct repo *r, const struct actor *a, const char *id,
	     struct node *rec, struct problems *probs, struct ggw_error *err);
/* Delete by id. */
int ops_rm(struct repo *r, const struct actor *a, const char *id, struct ggw_error *err);

/* Find a record's path by id (activities: searches the years of the unit
 * folders). relpath >= 256 bytes. GGW_ENOTFOUND if absent. */
int ops_find_path(struct repo *r, const char *id, char *relpath, size_t len,
		  struct ggw_error *err);

/* Serialize a record canonically (normalize + emit), and only if ggw can
 * read the bytes back: within YAML_MAX_BYTES, parsed by the same reader,
 * equal to rec. Every record file ggw writes goes through here, so ggw
 * never commits a record that would vanish from list, show and report. */
int record_to_yaml(enum record_type t, struct node *rec, char **out, size_t *len,
		   struct ggw_error *err);
/* The same for a merged record, which neither side could keep small: when
 * it is too big, the largest losing values under conflicts: are left out
 * (largest first; each entry then says "value_omitted: true", and the value
 * stays in the commit the entry names) until it fits. Deterministic, so two
 * PCs write the same bytes. GGW_EINVALID naming the record if even that is
 * not enough. */
int record_to_yaml_merged(enum record_type t, struct node *rec, char **out, size_t *len,
			  struct ggw_error *err);
#define CONFLICT_VALUE_OMITTED "value_omitted"


/* Additions (records helper). */

/* ops_edit returns this (positive) when the record is unchanged: nothing is
 * written or committed. */
#define OPS_UNCHANGED 1

/* Where lock waits and stale-lock removals are reported (e.g. cli_notice);
 * NULL for silence. */
void ops_set_notice(void (*fn)(const char *msg, void *data), void *data);

/* The commit message: "新增活动：<title>（<unit name>，<date>）\n\nGgw-Unit: …"
 * with Ggw-Unit the actor's unit. */
int ops_commit_message_ex(const char *action, enum record_type t, const struct node *rec,
			  const char *unit_name, const char *relpath, const char *actor_unit,
			  char **out);

/* Add a unit to units.yaml (office only), validated, committed. */
int ops_unit_add(struct repo *r, const struct actor *a, const char *key, const char *name,
		 const char *kind, struct problems *probs, struct ggw_error *err);

/* Replace a record like ops_edit, committed with Ggw-Action `action`:
 * "edit" (what ops_edit does) or "resolve" (a conflict settled: subject
 * "解决冲突：<title>（<unit>，<date>）"). Used by `ggw resolve` and the
 * interface's conflict screen. Returns OPS_UNCHANGED like ops_edit. */
int ops_edit_action(struct repo *r, const struct actor *a, const char *id, struct node *rec,
		    const char *action, struct problems *probs, struct ggw_error *err);
/* The same; commit_id (41 bytes, may be NULL) receives the new commit's id,
 * or "" when nothing was committed. */
int ops_edit_action_commit(struct repo *r, const struct actor *a, const char *id,
			   struct node *rec, const char *action, struct problems *probs,
			   char *commit_id, struct ggw_error *err);

/* Additions (undo helper), for records/undo.c. */

/* GGW_EINVALID "还有 N 条活动记录写了这位五老…" if any record of any unit
 * names volunteer id (ops_rm refuses to delete it then); else 0. */
int ops_refuse_if_named(struct repo *r, const char *id, struct ggw_error *err);

/* ggw's repository lock, as every change takes it. */
int ops_lock(struct repo *r, struct ggw_error *err);
void ops_unlock(struct repo *r);
/* The unit must exist in units.yaml (else GGW_EINVALID); *name receives a
 * malloc'd copy of its display name (NULL on error). */
int ops_unit_display_name(struct repo *r, const char *unit, char **name,
			  struct ggw_error *err);
/* Holding ops_lock: write paths[i] with data[i] (lens[i] bytes; NULL:
 * delete the file), each through real folders only and atomically, then
 * commit them all as one commit with message by the actor. commit_id
 * (41 bytes, may be NULL) receives the new commit's id. */
int ops_commit_files(struct repo *r, const struct actor *a, const char *const *paths,
		     const char *const *data, const size_t *lens, size_t n, const char *message,
		     char *commit_id, struct ggw_error *err);

#endif
