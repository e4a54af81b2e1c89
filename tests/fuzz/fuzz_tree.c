/* libFuzzer target: the write-scope check sync makes on incoming commits
 * (records/sync.c verify_incoming: the commit's changed paths, read from
 * its tree by storage/transport.c gitp_tree_items, against the unit it
 * speaks for).
 *
 * The check is tied to libgit2 objects, so one temporary repository is
 * made at start-up with a base commit (units.yaml, one activity of xinyi,
 * one volunteer of baima), and each input becomes one commit on top of it
 * whose tree objects are written raw, byte for byte, as a hostile peer
 * could: unsorted or duplicate entries, odd modes, names with '/', empty
 * names, gitlinks.
 *
 * Input: line 1 is the commit's Ggw-Unit trailer ("-": none); every other
 * line is "<indent><mode> <name>": indent (spaces) nests the entry inside
 * the last tree entry (mode 040000) above it with less indent.
 * A file's content is its full path, so a line repeating a base file
 * leaves it unchanged.
 *
 * Property: if the check accepts the commit, every path whose entry
 * differs from the base (by this target's own listing of what it wrote,
 * modes compared as git reads them: 100645 is 100644)
 * lies in the folders of the unit the commit speaks for (the trailer as
 * read back; office: anywhere; no trailer: one unit's folders). The
 * static functions are reached by including records/sync.c. */
#include "../../records/sync.c"

#include <ftw.h>
#include <git2.h>
#include <stdint.h>

#include "fuzz_common.h"

#define MAX_LINES 256

struct fz_line {
	int depth;
	const char *mode, *name;
	size_t modelen, namelen;
};

struct fz_entry {
	char *path;
	unsigned mode;
	git_oid id;
};

struct fz_listing {
	struct fz_entry v[MAX_LINES];
	size_t n;
};

static git_repository *g_git;
static struct repo *g_repo;
static git_oid g_base;
static struct fz_listing g_base_list;
static char g_dir[4096];

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *f)
{
	remove(path);
	return 0;
}

/* libFuzzer leaves through exit(): take the temporary repository along. */
static void remove_repo(void)
{
	nftw(g_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A mode as libgit2 1.5 parses it: octal into 16 bits (wrapping); a tree
 * with other characters there is refused as damaged anyway. */
static unsigned octal(const char *s, size_t n)
{
	uint16_t v = 0;

	for (size_t i = 0; i < n; i++)
		v = (uint16_t)((v << 3) + ((s[i] - '0') & 7));
	return v;
}

static int is_tree_mode(const struct fz_line *l)
{
	return (octal(l->mode, l->modelen) & 0170000) == 040000;
}

/* The mode git (and libgit2's git_tree_entry_filemode) reads: a regular
 * file is 100755 if its owner may execute it, else 100644. */
static unsigned canon_mode(unsigned m)
{
	if ((m & 0170000) == 0100000)
		return m & 0100 ? 0100755 : 0100644;
	return m;
}

/* Write the entries of lines[*i..] deeper than parent_depth as one raw
 * tree object (subtrees first, recursively); list its files. */
static int build(const struct fz_line *L, size_t n, size_t *i, int parent_depth, const char *prefix,
		 struct fz_listing *list, git_oid *out)
{
	git_odb *odb = NULL;
	char *buf = NULL, path[4096];
	size_t len = 0;
	int rc = -1;

	FUZZ_ASSERT(git_repository_odb(&odb, g_git) == 0, "no odb");
	while (*i < n && L[*i].depth > parent_depth) {
		const struct fz_line *e = &L[(*i)++];
		git_oid id;
		char *nb;

		snprintf(path, sizeof(path), "%s%.*s", prefix, (int)e->namelen, e->name);
		if (is_tree_mode(e)) {
			char sub[4096];

			snprintf(sub, sizeof(sub), "%s/", path);
			if (build(L, n, i, e->depth, sub, list, &id) < 0)
				goto done;
		} else {
			if (git_blob_create_from_buffer(&id, g_git, path, strlen(path)) < 0)
				goto done;
			list->v[list->n].path = strdup(path);
			list->v[list->n].mode = canon_mode(octal(e->mode, e->modelen));
			list->v[list->n++].id = id;
		}
		nb = realloc(buf, len + e->modelen + e->namelen + 2 + GIT_OID_RAWSZ);
		FUZZ_ASSERT(nb != NULL, "out of memory");
		buf = nb;
		memcpy(buf + len, e->mode, e->modelen);
		len += e->modelen;
		buf[len++] = ' ';
		memcpy(buf + len, e->name, e->namelen);
		len += e->namelen;
		buf[len++] = '\0';
		memcpy(buf + len, id.id, GIT_OID_RAWSZ);
		len += GIT_OID_RAWSZ;
	}
	rc = git_odb_write(out, odb, buf ? buf : "", len, GIT_OBJECT_TREE);
done:
	free(buf);
	git_odb_free(odb);
	return rc;
}

static size_t parse_lines(const char *text, size_t size, struct fz_line *L)
{
	size_t n = 0, pos = 0;

	while (pos < size && n < MAX_LINES) {
		const char *s = text + pos, *nl = memchr(s, '\n', size - pos), *sp;
		size_t linelen = nl ? (size_t)(nl - s) : size - pos;
		struct fz_line *l = &L[n];

		pos += linelen + 1;
		l->depth = 0;
		while ((size_t)l->depth < linelen && s[l->depth] == ' ')
			l->depth++;
		l->mode = s + l->depth;
		sp = memchr(l->mode, ' ', linelen - (size_t)l->depth);
		if (!sp || sp == l->mode)
			continue;
		l->modelen = (size_t)(sp - l->mode);
		l->name = sp + 1;
		l->namelen = linelen - (size_t)(l->name - s);
		if (memchr(l->name, '\0', l->namelen))
			l->namelen = strlen(l->name); /* a tree entry name ends at NUL */
		n++;
	}
	return n;
}

static void listing_free(struct fz_listing *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	l->n = 0;
}

static int listed(const struct fz_listing *l, const struct fz_entry *e)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->v[i].path, e->path) && l->v[i].mode == e->mode &&
		    git_oid_equal(&l->v[i].id, &e->id))
			return 1;
	return 0;
}

/* The unit folder a path is in ("" if none): activities/<u>/ volunteers/<u>/ */
static void folder_unit(const char *path, char *unit, size_t len)
{
	const char *p = NULL, *slash;

	unit[0] = '\0';
	if (!strncmp(path, "activities/", 11) || !strncmp(path, "volunteers/", 11))
		p = path + 11;
	if (p && (slash = strchr(p, '/')) && (size_t)(slash - p) < len)
		snprintf(unit, len, "%.*s", (int)(slash - p), p);
}

static void check_scope(const struct fz_listing *a, const struct fz_listing *b, const char *trailer,
			char *first)
{
	for (size_t i = 0; i < a->n; i++) {
		char unit[64];

		if (listed(b, &a->v[i]))
			continue;
		folder_unit(a->v[i].path, unit, sizeof(unit));
		if (trailer && !strcmp(trailer, "office"))
			continue;
		if (!trailer && !first[0])
			snprintf(first, 64, "%s", unit);
		FUZZ_ASSERT(unit[0] && !strcmp(unit, trailer ? trailer : first),
			    "accepted a change of %s by unit \"%s\"", a->v[i].path,
			    trailer ? trailer : first);
	}
}

static void setup(void)
{
	static const char base[] = "100644 units.yaml\n40000 activities\n 40000 xinyi\n"
				   "  40000 2024\n   100644 20240712-0a1b2c3d.yaml\n"
				   "40000 volunteers\n 40000 baima\n  100644 v-0a1b2c3d.yaml\n";
	struct ggw_error err = { 0, "" };
	struct fz_line L[MAX_LINES];
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tid;
	size_t i = 0, n;

	snprintf(g_dir, sizeof(g_dir), "%s/ggw-fuzz-tree.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	FUZZ_ASSERT(mkdtemp(g_dir) != NULL, "mkdtemp");
	atexit(remove_repo);
	FUZZ_ASSERT(repo_global_init(&err) == 0, "%s", err.msg);
	/* Every input adds objects: keep libgit2's object cache from growing. */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	FUZZ_ASSERT(repo_init(g_dir, &g_repo, &err) == 0, "%s", err.msg);
	FUZZ_ASSERT(git_repository_open(&g_git, g_dir) == 0, "open");
	n = parse_lines(base, sizeof(base) - 1, L);
	FUZZ_ASSERT(build(L, n, &i, -1, "", &g_base_list, &tid) == 0, "base tree");
	FUZZ_ASSERT(git_tree_lookup(&tree, g_git, &tid) == 0, "base tree lookup");
	FUZZ_ASSERT(git_signature_new(&sig, "fuzz", "fuzz@example.org", 1700000000, 0) == 0, "sig");
	FUZZ_ASSERT(git_commit_create(&g_base, g_git, NULL, sig, sig, NULL, "base\n", tree, 0,
				      NULL) == 0, "base commit");
	git_tree_free(tree);
	git_signature_free(sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_line L[MAX_LINES];
	struct ggw_error err = { 0, "" };
	struct fz_listing mine = { .n = 0 };
	const char *text = (const char *)data, *nl;
	const git_commit *parents[1];
	git_commit *parent = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid tid, cid;
	git_hex base_hex, new_hex;
	struct commit_info ci;
	char msg[256], first[64] = "";
	size_t i = 0, n, count = 0;
	int rc;

	if (!g_repo)
		setup();
	if (size > 16384)
		return 0;
	nl = memchr(text, '\n', size);
	if (!nl || memchr(text, '\0', (size_t)(nl - text)))
		return 0;
	if (nl - text == 1 && text[0] == '-')
		snprintf(msg, sizeof(msg), "fuzz\n");
	else
		snprintf(msg, sizeof(msg), "fuzz\n\nGgw-Unit: %.*s\n", (int)(nl - text), text);
	n = parse_lines(nl + 1, size - (size_t)(nl + 1 - text), L);
	if (build(L, n, &i, -1, "", &mine, &tid) < 0 || git_tree_lookup(&tree, g_git, &tid) < 0)
		goto done;
	FUZZ_ASSERT(git_commit_lookup(&parent, g_git, &g_base) == 0, "base lookup");
	parents[0] = parent;
	FUZZ_ASSERT(git_signature_new(&sig, "fuzz", "fuzz@example.org", 1700000001, 0) == 0, "sig");
	if (git_commit_create(&cid, g_git, NULL, sig, sig, NULL, msg, tree, 1, parents) < 0)
		goto done;
	git_oid_tostr(base_hex, sizeof(base_hex), &g_base);
	git_oid_tostr(new_hex, sizeof(new_hex), &cid);
	rc = verify_incoming(g_repo, base_hex, new_hex, &count, NULL, &err);
	FUZZ_ASSERT(rc <= 0 && (rc == 0 || err.msg[0]), "refused without a message (%d)", rc);
	if (rc == 0) {
		FUZZ_ASSERT(gitp_commit_info(g_repo, new_hex, &ci, &err) == 0, "%s", err.msg);
		check_scope(&mine, &g_base_list, ci.unit_trailer, first);
		check_scope(&g_base_list, &mine, ci.unit_trailer, first);
		commit_info_free(&ci);
	}
done:
	listing_free(&mine);
	git_signature_free(sig);
	git_commit_free(parent);
	git_tree_free(tree);
	return 0;
}
