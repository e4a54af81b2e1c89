/* Git bundle files (git's bundle-format v2): the ledger carried as one
 * file, by WeChat, QQ or e-mail. libgit2 has neither a writer nor a
 * reader, so both are here:
 *   "# v2 git bundle\n"
 *   "-<40 hex> <comment>\n"   prerequisites: commits the reader must have
 *   "<40 hex> <refname>\n"    references
 *   "\n"
 *   a pack (git_packbuilder; indexed on reading with git_indexer).
 * `git bundle verify` accepts what bundle_write makes and `git fetch FILE`
 * reads it; bundle_read takes git's own (v2, or v3 with only
 * @object-format=sha1). A file from another PC is hostile: the header is
 * read strictly (sizes, names, ids) and the pack lands in the scratch
 * repository of quarantine.h first. */
#ifndef GGW_BUNDLE_H
#define GGW_BUNDLE_H

#include <stddef.h>
#include <stdint.h>

#include "../model/err.h"
#include "gitp.h"
#include "repo.h"

#define BUNDLE_MAX_REFS 64
#define BUNDLE_MAX_PREREQS 256
#define BUNDLE_MAX_BYTES (1024LL * 1024 * 1024) /* 1 GiB */

/* A reference carried beside main (the evidence stores). */
struct bundle_ref {
	char name[200];
	git_hex id;
	int known;            /* (read) id is one of the file's prerequisites */
};

/* Write refs/heads/main = tip, and the refs extra (may be NULL: nextra
 * 0), to path (atomically: a temporary file renamed), leaving out the
 * history of each prerequisite (which the reader must have; a commit
 * without parents as prerequisite leaves out its tree and files).
 * *size gets the file's size. GGW_ENOTFOUND: nothing to send (every tip
 * is among the prerequisites' history), unless say_refs: then the commits
 * of the extra refs alone make the file (a reader learns which versions
 * this PC holds). */
int bundle_write(struct repo *r, const char *path, const char *tip,
		 const struct bundle_ref *extra, size_t nextra, int say_refs,
		 const git_hex *prereqs, size_t nprereqs, uint64_t *size, struct ggw_error *err);

struct bundle_read_result {
	git_hex main;             /* the bundle's main (refs/heads/main, else HEAD) */
	size_t nrefs, nprereqs;
	struct bundle_ref refs[BUNDLE_MAX_REFS]; /* the nrefs references named */
	uint64_t size;
	char unreadable[41];      /* a commit libgit2 cannot parse (then refused) */
	/* The refs keep wanted whose commits parse, taken in too. */
	struct bundle_ref kept[BUNDLE_MAX_REFS];
	size_t nkept;
	size_t ndropped;          /* refs keep wanted left out (unreadable) */
};

/* Read the bundle at path into this ledger: header checked, prerequisites
 * present, pack indexed in the scratch repository, every commit of main's
 * new history parsed, then its objects copied into the ledger. Nothing
 * else changes (no reference moves). GGW_EINVALID for a file that is not
 * a bundle or is damaged (truncated), GGW_ENOTFOUND for a missing
 * prerequisite, GGW_EDENIED for a commit that cannot be parsed; the
 * message names the file. */
int bundle_read(struct repo *r, const char *path, struct bundle_read_result *out,
		struct ggw_error *err);
/* The same, also taking in the objects of every ref that keep (may be
 * NULL: none) says yes to, whose commit is in the file or the ledger and
 * parses (out->kept); no reference moves for them either: the caller
 * checks what they hold. What keep says no to never enters the ledger. */
int bundle_read_keep(struct repo *r, const char *path, int (*keep)(const char *ref),
		     struct bundle_read_result *out, struct ggw_error *err);

#endif
