/* Reading many blobs of a fresh clone's packs in pack order, for
 * storage/wtcheckout.c. libgit2 keeps only the first object of a delta
 * chain in its cache, so each blob read through git_odb_read inflates and
 * applies its whole chain again (25 deltas on average in a repacked hub:
 * most of a 100,000-record clone's time); this reader keeps every object it
 * resolved, so that a blob read after its base costs one delta.
 *
 * The packs come from the hub and are not trusted: every length and offset
 * is checked against the mapped files, and a blob is handed out only when
 * its content hashes (as libgit2 hashes it) to the id asked for. Anything
 * this reader cannot do (a loose object, an index it does not know, a
 * damaged or odd pack, a blob too large) it declines, and the caller reads
 * that object through libgit2, which gives the errors it always gave. */
#ifndef GGW_PACKREAD_H
#define GGW_PACKREAD_H

#include <stddef.h>
#include <stdint.h>

/* Every pack of an object folder, mapped; shared (read-only) by readers. */
struct packset;
/* One thread's reader: its inflater and its cache of resolved objects. */
struct packreader;

#define PACKREAD_NOWHERE UINT64_MAX

/* The packs under objdir/pack; NULL when there is none or it cannot be
 * used (then read everything through libgit2). */
struct packset *packset_open(const char *objdir);
void packset_close(struct packset *s);

/* Where the object with this 20-byte id is (a sort key: pack order), or
 * PACKREAD_NOWHERE. */
uint64_t packset_locate(const struct packset *s, const unsigned char *oid);

/* A reader keeping at most cache_bytes of resolved objects. NULL: no
 * memory (read through libgit2). */
struct packreader *packreader_new(const struct packset *s, size_t cache_bytes);
void packreader_free(struct packreader *rd);

/* The blob oid (found at where, from packset_locate): 0 and its bytes in
 * *data, *len (NUL-terminated, valid until the next call on rd); -1 when
 * this reader declines it. */
int packreader_blob(struct packreader *rd, const unsigned char *oid, uint64_t where,
		    const char **data, size_t *len);

#endif
