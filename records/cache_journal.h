/* The ledger cache's journal: the record files ggw itself wrote since the
 * cache file (<gitdir>/ggw/cache) was last written whole.
 *
 * Rewriting the whole cache after one add costs as much as the cache is
 * big (tens of MB at 100,000 records). A load that finds a changed file
 * it can account for by the journal (same path, same stat data as when
 * ggw wrote it) reads and parses that one file as usual but does not
 * count it as a reason to rewrite the cache; once the journal holds more
 * than one line per 500 of the cache's entries, or anything else changed,
 * the cache is rewritten whole as before. The journal names the cache
 * file it belongs to (inode, size, mtime): a rewritten cache makes it
 * void, so nothing has to clear it. It is only a hint: a missing, torn
 * or stale journal costs one rewrite, never a wrong answer. */
#ifndef GGW_CACHE_JOURNAL_H
#define GGW_CACHE_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

struct repo;

/* The cache file the journal belongs to, relative to the git folder. */
#define CACHE_JOURNAL_CACHE "ggw/cache"
#define CACHE_JOURNAL_FILE "ggw/cache-journal"

struct cache_journal_entry {
	char *path;
	uint64_t size, mtime_ns, ctime_ns, ino;
};

struct cache_journal {
	struct cache_journal_entry *v;
	size_t n;
	uint32_t *slots; /* open addressing on path: index + 1, 0 empty */
	size_t mask;
};

/* After a commit: note each path's stat data now (absent files are not
 * noted). Best effort, under ggw's repository lock; never fails. */
void cache_journal_note(struct repo *r, const char *const *paths, size_t n);
/* For a load that has a cache of cache_entries entries: the journal, if it
 * belongs to the current cache file and is small enough to be worth it;
 * else j stays empty. */
void cache_journal_load(struct repo *r, struct cache_journal *j, size_t cache_entries);
/* 1 if relpath (name in the folder dirfd) is as ggw wrote it. */
int cache_journal_covers(const struct cache_journal *j, int dirfd, const char *name,
			 const char *relpath);
void cache_journal_free(struct cache_journal *j);

#endif
