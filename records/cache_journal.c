/* The ledger cache's journal (see cache_journal.h). The file is text:
 *   ggw-cache-journal 1 <cache ino> <cache size> <cache mtime_ns>
 *   <size> <mtime_ns> <ctime_ns> <ino> <relpath>      (one line per write)
 * It is appended to without fsync (a cache hint); a torn last line, or any
 * line that does not read, is skipped. */
#include "cache_journal.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../storage/fsutil.h"
#include "../storage/repo.h"

#define JOURNAL_MAGIC "ggw-cache-journal 1"
#define JOURNAL_MAX_BYTES (1 << 20)
/* Worth it from a cache of this many entries on (below, a rewrite is cheap). */
#define ENTRIES_PER_JOURNAL_LINE 500

static int64_t ns_of(const struct timespec *ts)
{
	return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

/* The header line naming the current cache file; 0 if there is none. */
static int cache_identity(struct repo *r, char *line, size_t len)
{
	char path[4096];
	struct stat st;

	if (path_join(path, sizeof(path), repo_gitdir(r), CACHE_JOURNAL_CACHE) < 0 ||
	    stat(path, &st) < 0)
		return 0;
	snprintf(line, len, "%s %llu %llu %lld\n", JOURNAL_MAGIC, (unsigned long long)st.st_ino,
		 (unsigned long long)st.st_size, (long long)ns_of(&st.st_mtim));
	return 1;
}

static int entry_line(const char *relpath, const struct stat *st, char *line, size_t len)
{
	int n = snprintf(line, len, "%llu %lld %lld %llu %s\n", (unsigned long long)st->st_size,
			 (long long)ns_of(&st->st_mtim), (long long)ns_of(&st->st_ctim),
			 (unsigned long long)st->st_ino, relpath);

	return n > 0 && (size_t)n < len && !strchr(relpath, '\n');
}

/* Does the journal file start with header? */
static int journal_matches(const char *path, const char *header)
{
	char buf[160];
	size_t hl = strlen(header);
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);

	if (fd < 0)
		return 0;
	got = read(fd, buf, hl < sizeof(buf) ? hl : sizeof(buf));
	close(fd);
	return got == (ssize_t)hl && !memcmp(buf, header, hl);
}

void cache_journal_note(struct repo *r, const char *const *paths, size_t n)
{
	char header[160], jpath[4096], abs[4096], line[4600];
	struct stat st;
	int fd, fresh;

	if (!cache_identity(r, header, sizeof(header)) ||
	    path_join(jpath, sizeof(jpath), repo_gitdir(r), CACHE_JOURNAL_FILE) < 0)
		return; /* no cache yet: the first load writes one whole */
	fresh = !journal_matches(jpath, header);
	if (!fresh && stat(jpath, &st) == 0 && st.st_size > JOURNAL_MAX_BYTES)
		return; /* loads ignore it by then: the cache gets rewritten */
	if (fresh) {
		/* Another cache file: the old lines are void. The new file
		 * replaces the old one whole (a reader never sees it cut). */
		if (atomic_write_nosync(jpath, header, strlen(header), NULL) < 0)
			return;
	}
	if ((fd = open(jpath, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		if (!paths[i] || path_join(abs, sizeof(abs), repo_workdir(r), paths[i]) < 0 ||
		    lstat(abs, &st) < 0 || !S_ISREG(st.st_mode) ||
		    !entry_line(paths[i], &st, line, sizeof(line)))
			continue;
		if (write(fd, line, strlen(line)) < 0)
			break;
	}
	close(fd);
}

static uint32_t hash_path(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static const struct cache_journal_entry *find(const struct cache_journal *j, const char *path)
{
	const struct cache_journal_entry *hit = NULL;

	if (!j->slots)
		return NULL;
	for (size_t i = hash_path(path) & j->mask; j->slots[i]; i = (i + 1) & j->mask)
		if (!strcmp(j->v[j->slots[i] - 1].path, path))
			hit = &j->v[j->slots[i] - 1];
	return hit;
}

/* One entry line into j (cap checked by the caller); bad lines are skipped. */
static int add_line(struct cache_journal *j, char *line)
{
	unsigned long long size, ino;
	long long mt, ct;
	int used = 0;
	struct cache_journal_entry *e;

	if (sscanf(line, "%llu %lld %lld %llu %n", &size, &mt, &ct, &ino, &used) != 4 || !used ||
	    !line[used] || line[used] == '/')
		return 0;
	e = &j->v[j->n];
	if (!(e->path = strdup(line + used)))
		return -1;
	e->size = size;
	e->mtime_ns = (uint64_t)mt;
	e->ctime_ns = (uint64_t)ct;
	e->ino = ino;
	j->n++;
	return 0;
}

static int index_entries(struct cache_journal *j)
{
	size_t cap = 16;

	while (cap < j->n * 2)
		cap *= 2;
	if (!(j->slots = calloc(cap, sizeof(*j->slots))))
		return -1;
	j->mask = cap - 1;
	/* Later lines of the same path come later in the chain: find() keeps
	 * the last match. */
	for (size_t k = 0; k < j->n; k++) {
		size_t i = hash_path(j->v[k].path) & j->mask;

		while (j->slots[i])
			i = (i + 1) & j->mask;
		j->slots[i] = (uint32_t)(k + 1);
	}
	return 0;
}

void cache_journal_load(struct repo *r, struct cache_journal *j, size_t cache_entries)
{
	char header[160], jpath[4096], *buf = NULL, *line, *next;
	size_t len = 0, hl, cap = cache_entries / ENTRIES_PER_JOURNAL_LINE;

	memset(j, 0, sizeof(*j));
	if (cap == 0 || !cache_identity(r, header, sizeof(header)) ||
	    path_join(jpath, sizeof(jpath), repo_gitdir(r), CACHE_JOURNAL_FILE) < 0 ||
	    read_whole_file(jpath, JOURNAL_MAX_BYTES, &buf, &len, NULL) < 0)
		return;
	hl = strlen(header);
	if (len < hl || memcmp(buf, header, hl) || !(j->v = calloc(cap, sizeof(*j->v)))) {
		free(buf);
		return;
	}
	for (line = buf + hl; *line; line = next) {
		char *nl = strchr(line, '\n');

		if (!nl)
			break; /* torn last line */
		*nl = '\0';
		next = nl + 1;
		if (j->n == cap) {
			cache_journal_free(j); /* too many: a rewrite pays now */
			free(buf);
			return;
		}
		if (add_line(j, line) < 0) {
			cache_journal_free(j);
			free(buf);
			return;
		}
	}
	free(buf);
	if (j->n == 0 || index_entries(j) < 0)
		cache_journal_free(j);
}

int cache_journal_covers(const struct cache_journal *j, int dirfd, const char *name,
			 const char *relpath)
{
	const struct cache_journal_entry *e = find(j, relpath);
	struct stat st;

	return e && fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
	       (uint64_t)st.st_size == e->size && (uint64_t)ns_of(&st.st_mtim) == e->mtime_ns &&
	       (uint64_t)ns_of(&st.st_ctim) == e->ctime_ns && (uint64_t)st.st_ino == e->ino;
}

void cache_journal_free(struct cache_journal *j)
{
	for (size_t i = 0; j->v && i < j->n; i++)
		free(j->v[i].path);
	free(j->v);
	free(j->slots);
	memset(j, 0, sizeof(*j));
}
