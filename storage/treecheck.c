/* Raw tree listing and blob sizes (see treecheck.h). */
#include "treecheck.h"

#include <git2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/i18n.h"
#include "gitwalk.h"
#include "repo_priv.h"

/* What gitp_tree_entries lists: every entry but folders, with its raw mode. */
static int keep_non_folder(const git_tree_entry *e, unsigned *mode)
{
	*mode = (unsigned)git_tree_entry_filemode_raw(e);
	return git_tree_entry_type(e) != GIT_OBJECT_TREE;
}

int gitp_tree_entries(struct repo *r, const char *idhex, struct tree_item **out, size_t *n,
		      struct ggw_error *err)
{
	git_oid id;

	*out = NULL;
	*n = 0;
	if (!idhex || strlen(idhex) != GIT_OID_HEXSZ || git_oid_fromstr(&id, idhex) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), idhex ? idhex : "(null)");
	return gitwalk_tree_items(repo_git(r), &id, keep_non_folder, out, n, err);
}

int gitp_blob_size(struct repo *r, const char *idhex, uint64_t *size, struct ggw_error *err)
{
	git_odb *odb = NULL;
	git_object_t type;
	git_oid id;
	size_t len = 0;
	int error;

	*size = 0;
	if (!idhex || strlen(idhex) != GIT_OID_HEXSZ || git_oid_fromstr(&id, idhex) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), idhex ? idhex : "(null)");
	if ((error = git_repository_odb(&odb, repo_git(r))) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取对象库"));
	if ((error = git_odb_read_header(&len, &type, odb, &id)) < 0 || type != GIT_OBJECT_BLOB)
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取文件内容"));
	else
		*size = (uint64_t)len;
	git_odb_free(odb);
	return error;
}

/* ---- comparing trees without reading equal subtrees ---- */

struct pathlist {
	char **v;
	size_t n, cap;
};

void tree_paths_free(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static int pathlist_push(struct pathlist *pl, const char *prefix, const char *name)
{
	if (pl->n == pl->cap) {
		size_t cap = pl->cap ? pl->cap * 2 : 16;
		char **nv = realloc(pl->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		pl->v = nv;
		pl->cap = cap;
	}
	if (asprintf(&pl->v[pl->n], "%s%s", prefix, name) < 0)
		return -1;
	pl->n++;
	return 0;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walking many commits' trees reads the same folder trees again and again:
 * libgit2 caches trees only up to 4 KB by default (a folder of 80
 * records), so let it keep bigger ones (within its 256 MB cache). */
static void cache_big_trees(void)
{
	static int done;

	if (!done) {
		git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)1 << 20);
		done = 1;
	}
}

/* A walk over a long history reads each commit's changed folders, then
 * the next commit's diff and listing read them again as its parent's:
 * once the trees outgrow libgit2's cache (a hub of 30,000 commits holds
 * 1.4 GB of them), its random evictions make that a second inflate and
 * hash. A tree_seen holds the trees it looked up last; lookups made on
 * its behalf (gitp_tree_diff_seen, gitp_tree_entries_new, this thread)
 * find them there first. */
#define HELD_TREES 64

struct tree_hold {
	git_repository *git; /* whose trees they are */
	git_tree *v[HELD_TREES];
	git_oid id[HELD_TREES];
	size_t next;
};

static _Thread_local struct tree_hold *holding;

/* The tree last listed at each folder path ("" the root, "a/b/"). */
struct seen_slot {
	char *prefix;
	git_oid id;
};

struct tree_seen {
	struct seen_slot *v;
	size_t mask, n;
	struct tree_hold hold;
};

static void hold_release(struct tree_hold *h)
{
	for (size_t k = 0; k < HELD_TREES; k++) {
		git_tree_free(h->v[k]);
		h->v[k] = NULL;
	}
	h->next = 0;
	h->git = NULL;
}

/* git_tree_lookup, through the trees held for this call. */
static int tree_get(git_repository *git, const git_oid *id, git_tree **out)
{
	struct tree_hold *h = holding;
	int error;

	if (h && h->git == git)
		for (size_t k = 0; k < HELD_TREES && h->v[k]; k++)
			if (h->id[k].id[0] == id->id[0] && !memcmp(h->id[k].id, id->id, GIT_OID_RAWSZ))
				return git_object_dup((git_object **)out, (git_object *)h->v[k]);
	if ((error = git_tree_lookup(out, git, id)) < 0 || !h)
		return error;
	if (h->git != git) {
		hold_release(h);
		h->git = git;
	}
	git_tree_free(h->v[h->next]);
	if (git_object_dup((git_object **)&h->v[h->next], (git_object *)*out) < 0)
		h->v[h->next] = NULL;
	git_oid_cpy(&h->id[h->next], id);
	h->next = (h->next + 1) % HELD_TREES;
	return 0;
}

/* The tree a commit or tree id peels to; NULL (and 0) for NULL or "". */
static int peel_tree(git_repository *git, const char *hex, git_tree **out)
{
	git_object *obj = NULL;
	git_oid id;
	int error;

	*out = NULL;
	if (!hex || !*hex)
		return 0;
	if (strlen(hex) != GIT_OID_HEXSZ || git_oid_fromstr(&id, hex) < 0)
		return -1;
	if ((error = git_object_lookup(&obj, git, &id, GIT_OBJECT_ANY)) < 0)
		return error;
	if (git_object_type(obj) == GIT_OBJECT_COMMIT) /* what peeling it looks up */
		error = tree_get(git, git_commit_tree_id((git_commit *)obj), out);
	else
		error = git_object_peel((git_object **)out, obj, GIT_OBJECT_TREE);
	git_object_free(obj);
	return error;
}

/* Two entries in git's order of a tree (git's base_name_compare): names
 * compared as if a folder's ended in '/'. */
static int entry_order(const git_tree_entry *a, const git_tree_entry *b)
{
	const unsigned char *p = (const unsigned char *)git_tree_entry_name(a);
	const unsigned char *q = (const unsigned char *)git_tree_entry_name(b);
	unsigned ca, cb;

	/* Side by side, most names met are equal: libc compares those faster. */
	if (!strcmp((const char *)p, (const char *)q)) {
		size_t len = strlen((const char *)p);

		p += len;
		q += len;
	}
	while (*p && *p == *q)
		p++, q++;
	ca = *p ? *p : git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
	cb = *q ? *q : git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
	return ca < cb ? -1 : ca > cb;
}

/* Trees lately found in git's order, by id (one tree is looked at by two
 * commits' diffs and listings): a table per thread, ids only of trees
 * that were (what an id holds never changes). */
#define ORDERED_SLOTS 512
static _Thread_local git_oid ordered_ids[ORDERED_SLOTS];
static _Thread_local unsigned char ordered_used[ORDERED_SLOTS];

static int ordered_slot(const git_oid *id)
{
	return (id->id[0] | id->id[1] << 8) & (ORDERED_SLOTS - 1);
}

/* 1 if t is as git writes every tree: names not empty and without '/',
 * strictly in git's order, no name twice (a file and a folder of one name
 * sit apart in that order). In such a tree git_tree_entry_byname finds
 * exactly the entry of a name, and a walk through two of them side by side
 * meets the entries looking each name up in the other would pair (but a
 * file and a folder of one name apart, which gives the same paths). A
 * hostile peer's tree need not be one: it is read the slow way. */
static int tree_well_ordered(const git_tree *t)
{
	size_t n = git_tree_entrycount(t);
	int slot = ordered_slot(git_tree_id(t));

	if (ordered_used[slot] && git_oid_equal(&ordered_ids[slot], git_tree_id(t)))
		return 1;
	for (size_t i = 0; i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const char *name = git_tree_entry_name(e);
		size_t len = strlen(name);

		if (!len || memchr(name, '/', len) ||
		    (i > 0 && entry_order(git_tree_entry_byindex(t, i - 1), e) >= 0))
			return 0;
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE)
			continue;
		/* A file of this folder's name sorts before it, past only names
		 * that go on with a byte below '/'. */
		for (size_t k = i; k-- > 0;) {
			const char *o = git_tree_entry_name(git_tree_entry_byindex(t, k));

			if (strncmp(o, name, len) || (o[len] && (unsigned char)o[len] >= '/'))
				break;
			if (!o[len])
				return 0;
		}
	}
	git_oid_cpy(&ordered_ids[slot], git_tree_id(t));
	ordered_used[slot] = 1;
	return 1;
}

static int diff_trees(git_repository *git, const git_tree *a, const git_tree *b,
		      const char *prefix, struct pathlist *pl, int *oom);

/* One name of a folder on either side (ea or eb may be NULL). */
static int diff_entry(git_repository *git, const git_tree_entry *ea, const git_tree_entry *eb,
		      const char *prefix, struct pathlist *pl, int *oom)
{
	const char *name = git_tree_entry_name(ea ? ea : eb);
	int ta = ea && git_tree_entry_type(ea) == GIT_OBJECT_TREE;
	int tb = eb && git_tree_entry_type(eb) == GIT_OBJECT_TREE;
	int ba = ea && git_tree_entry_type(ea) == GIT_OBJECT_BLOB;
	int bb = eb && git_tree_entry_type(eb) == GIT_OBJECT_BLOB;
	git_tree *sa = NULL, *sb = NULL;
	char *sub = NULL;
	int error = 0;

	if (ta && tb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)))
		return 0;
	if ((ba || bb) && !(ba && bb && git_oid_equal(git_tree_entry_id(ea), git_tree_entry_id(eb)) &&
			    git_tree_entry_filemode(ea) == git_tree_entry_filemode(eb)) &&
	    pathlist_push(pl, prefix, name) < 0) {
		*oom = 1;
		return -1;
	}
	if (!ta && !tb)
		return 0;
	if ((ta && (error = tree_get(git, git_tree_entry_id(ea), &sa)) < 0) ||
	    (tb && (error = tree_get(git, git_tree_entry_id(eb), &sb)) < 0))
		goto done;
	if (asprintf(&sub, "%s%s/", prefix, name) < 0) {
		*oom = 1;
		error = -1;
		goto done;
	}
	error = diff_trees(git, sa, sb, sub, pl, oom);
done:
	free(sub);
	git_tree_free(sa);
	git_tree_free(sb);
	return error;
}

static int diff_trees(git_repository *git, const git_tree *a, const git_tree *b,
		      const char *prefix, struct pathlist *pl, int *oom)
{
	size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
	size_t i = 0, j = 0;
	int error = 0;

	if ((!a || tree_well_ordered(a)) && (!b || tree_well_ordered(b))) {
		/* One walk through both in git's order: what looking each name
		 * up in the other tree gives (a file and a folder of one name
		 * meet apart, and give the same paths as met together). */
		while ((i < na || j < nb) && error == 0) {
			const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
			const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
			int c = !ea ? 1 : !eb ? -1 : entry_order(ea, eb);

			i += c <= 0;
			j += c >= 0;
			error = diff_entry(git, c <= 0 ? ea : NULL, c >= 0 ? eb : NULL, prefix, pl, oom);
		}
		return error;
	}
	for (i = 0; i < na && error == 0; i++) {
		const git_tree_entry *ea = git_tree_entry_byindex(a, i);

		error = diff_entry(git, ea, b ? git_tree_entry_byname(b, git_tree_entry_name(ea)) : NULL,
				   prefix, pl, oom);
	}
	for (j = 0; j < nb && error == 0; j++) {
		const git_tree_entry *eb = git_tree_entry_byindex(b, j);

		if (!a || !git_tree_entry_byname(a, git_tree_entry_name(eb)))
			error = diff_entry(git, NULL, eb, prefix, pl, oom);
	}
	return error;
}

int gitp_tree_diff(struct repo *r, const char *a, const char *b, char ***paths, size_t *n,
		   struct ggw_error *err)
{
	return gitp_tree_diff_seen(r, NULL, a, b, paths, n, err);
}

int gitp_tree_diff_seen(struct repo *r, struct tree_seen *seen, const char *a, const char *b,
			char ***paths, size_t *n, struct ggw_error *err)
{
	struct pathlist pl = { NULL, 0, 0 };
	struct tree_hold *was = holding;
	git_tree *ta = NULL, *tb = NULL;
	int error, oom = 0;

	*paths = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	cache_big_trees();
	holding = seen ? &seen->hold : NULL;
	if (peel_tree(r->git, a, &ta) < 0 || peel_tree(r->git, b, &tb) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (diff_trees(r->git, ta, tb, "", &pl, &oom) < 0) {
		error = oom ? ggw_oom(err) : repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
		goto done;
	}
	if (pl.n)
		qsort(pl.v, pl.n, sizeof(*pl.v), str_cmp);
	*paths = pl.v;
	*n = pl.n;
	pl.v = NULL;
	pl.n = 0;
	error = 0;
done:
	holding = was;
	tree_paths_free(pl.v, pl.n);
	git_tree_free(ta);
	git_tree_free(tb);
	return error;
}

int gitp_tree_blob_at(struct repo *r, const char *id, const char *path, struct tree_item *out,
		      struct ggw_error *err)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (peel_tree(r->git, id, &t) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
	if (!t)
		return 0;
	error = git_tree_entry_bypath(&e, t, path);
	if (error == GIT_ENOTFOUND) {
		error = 0;
	} else if (error < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
	} else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
		git_oid_tostr(out->blob, sizeof(git_hex), git_tree_entry_id(e));
		out->mode = (unsigned)git_tree_entry_filemode(e);
		error = 1;
	}
	git_tree_entry_free(e);
	git_tree_free(t);
	return error;
}

/* ---- listing only what an earlier listing did not give ---- */

struct tree_seen *tree_seen_new(void)
{
	struct tree_seen *s = calloc(1, sizeof(*s));

	if (s && !(s->v = calloc(64, sizeof(*s->v)))) {
		free(s);
		return NULL;
	}
	if (s)
		s->mask = 63;
	return s;
}

void tree_seen_free(struct tree_seen *s)
{
	if (!s)
		return;
	for (size_t i = 0; i <= s->mask; i++)
		free(s->v[i].prefix);
	hold_release(&s->hold);
	free(s->v);
	free(s);
}

static uint32_t prefix_hash(const char *p)
{
	uint32_t h = 2166136261u;

	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static struct seen_slot *seen_find(struct tree_seen *s, const char *prefix)
{
	size_t i = prefix_hash(prefix) & s->mask;

	while (s->v[i].prefix && strcmp(s->v[i].prefix, prefix))
		i = (i + 1) & s->mask;
	return &s->v[i];
}

static int seen_set(struct tree_seen *s, const char *prefix, const git_oid *id)
{
	struct seen_slot *slot;

	if ((s->n + 1) * 2 > s->mask + 1) {
		struct tree_seen grown = { calloc((s->mask + 1) * 2, sizeof(struct seen_slot)),
					   (s->mask + 1) * 2 - 1, s->n, s->hold };

		if (!grown.v)
			return -1;
		for (size_t i = 0; i <= s->mask; i++)
			if (s->v[i].prefix)
				*seen_find(&grown, s->v[i].prefix) = s->v[i];
		free(s->v);
		*s = grown;
	}
	slot = seen_find(s, prefix);
	if (!slot->prefix) {
		if (!(slot->prefix = strdup(prefix)))
			return -1;
		s->n++;
	}
	git_oid_cpy(&slot->id, id);
	return 0;
}

struct new_acc {
	git_repository *git;
	struct tree_seen *seen;
	struct tree_item *v;
	size_t n, cap;
	int oom;
};

static int acc_push_path(struct new_acc *acc, char *path, const git_tree_entry *e)
{
	struct tree_item *it;

	if (!path)
		return -1;
	if (acc->n == acc->cap) {
		size_t cap = acc->cap ? acc->cap * 2 : 64;
		struct tree_item *nv = realloc(acc->v, cap * sizeof(*nv));

		if (!nv) {
			free(path);
			return -1;
		}
		acc->v = nv;
		acc->cap = cap;
	}
	it = &acc->v[acc->n++];
	it->path = path;
	git_oid_tostr(it->blob, sizeof(git_hex), git_tree_entry_id(e));
	it->mode = (unsigned)git_tree_entry_filemode_raw(e);
	return 0;
}

static int acc_push(struct new_acc *acc, const char *prefix, const git_tree_entry *e)
{
	char *path = NULL;

	if (asprintf(&path, "%s%s", prefix, git_tree_entry_name(e)) < 0)
		return -1;
	return acc_push_path(acc, path, e);
}

/* A file entry the last listed tree at the same folder had, same raw mode. */
static int listed_before(const git_tree *old, const git_tree_entry *e)
{
	const git_tree_entry *o = old ? git_tree_entry_byname(old, git_tree_entry_name(e)) : NULL;

	return o && git_tree_entry_type(o) != GIT_OBJECT_TREE &&
	       git_tree_entry_filemode_raw(o) == git_tree_entry_filemode_raw(e);
}

/* listed_before for the entries of t in turn, when old and t are both in
 * git's order (*at: where the walk through old is). */
static int listed_before_walk(const git_tree *old, size_t *at, const git_tree_entry *e)
{
	size_t n = git_tree_entrycount(old);
	const git_tree_entry *o = NULL;
	int c = 1;

	while (*at < n && (c = entry_order(o = git_tree_entry_byindex(old, *at), e)) < 0)
		++*at;
	if (*at >= n || c != 0)
		return 0;
	++*at; /* t's next entry comes after this one */
	return git_tree_entry_type(o) != GIT_OBJECT_TREE &&
	       git_tree_entry_filemode_raw(o) == git_tree_entry_filemode_raw(e);
}

static int list_new(struct new_acc *acc, const git_tree *t, const char *prefix)
{
	struct seen_slot *slot = seen_find(acc->seen, prefix);
	git_tree *old = NULL;
	size_t at = 0;
	int error = 0, walk;

	if (slot->prefix && git_oid_equal(&slot->id, git_tree_id(t)))
		return 0;
	if (slot->prefix && tree_get(acc->git, &slot->id, &old) < 0)
		old = NULL; /* then everything is given again */
	walk = old && tree_well_ordered(old) && tree_well_ordered(t);
	for (size_t i = 0; i < git_tree_entrycount(t) && error == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		struct seen_slot *last;
		git_tree *sub = NULL;
		char *subprefix = NULL;

		if (git_tree_entry_type(e) != GIT_OBJECT_TREE) {
			if (!(walk ? listed_before_walk(old, &at, e) : listed_before(old, e)) &&
			    acc_push(acc, prefix, e) < 0) {
				acc->oom = 1;
				error = -1;
			}
			continue;
		}
		if (asprintf(&subprefix, "%s%s/", prefix, git_tree_entry_name(e)) < 0) {
			acc->oom = 1;
			error = -1;
			break;
		}
		/* The tree listed there last time: nothing new (and it was read). */
		last = seen_find(acc->seen, subprefix);
		if (!(last->prefix && git_oid_equal(&last->id, git_tree_entry_id(e))) &&
		    (error = tree_get(acc->git, git_tree_entry_id(e), &sub)) == 0)
			error = list_new(acc, sub, subprefix);
		git_tree_free(sub);
		free(subprefix);
	}
	git_tree_free(old);
	if (error == 0 && seen_set(acc->seen, prefix, git_tree_id(t)) < 0) {
		acc->oom = 1;
		error = -1;
	}
	return error;
}

static int item_path_cmp(const void *a, const void *b)
{
	return strcmp(((const struct tree_item *)a)->path, ((const struct tree_item *)b)->path);
}

/* The entries at want[] that the listing (sorted, the first n) left out. */
static int add_wanted(struct new_acc *acc, const git_tree *t, const char *const *want, size_t nwant)
{
	size_t listed = acc->n;

	for (size_t k = 0; k < nwant; k++) {
		git_tree_entry *e = NULL;
		struct tree_item key = { (char *)want[k], "", 0 };
		int error = git_tree_entry_bypath(&e, t, want[k]);

		if (error == GIT_ENOTFOUND)
			continue;
		if (error < 0)
			return error;
		if (git_tree_entry_type(e) != GIT_OBJECT_TREE &&
		    !(listed && bsearch(&key, acc->v, listed, sizeof(*acc->v), item_path_cmp)) &&
		    acc_push_path(acc, strdup(want[k]), e) < 0) {
			acc->oom = 1;
			git_tree_entry_free(e);
			return -1;
		}
		git_tree_entry_free(e);
	}
	return 0;
}

int gitp_tree_entries_new(struct repo *r, struct tree_seen *seen, const char *id,
			  const char *const *want, size_t nwant, struct tree_item **out, size_t *n,
			  struct ggw_error *err)
{
	struct new_acc acc = { NULL, seen, NULL, 0, 0, 0 };
	struct tree_hold *was = holding;
	git_tree *t = NULL;
	size_t nlisted;
	int error;

	*out = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	cache_big_trees();
	acc.git = r->git;
	if (!id || strlen(id) != GIT_OID_HEXSZ)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), id ? id : "(null)");
	holding = &seen->hold;
	if (peel_tree(r->git, id, &t) < 0 || !t || list_new(&acc, t, "") < 0)
		goto fail;
	if (acc.n)
		qsort(acc.v, acc.n, sizeof(*acc.v), item_path_cmp);
	nlisted = acc.n;
	if (add_wanted(&acc, t, want, nwant) < 0)
		goto fail;
	if (acc.n > nlisted)
		qsort(acc.v, acc.n, sizeof(*acc.v), item_path_cmp);
	*out = acc.v;
	*n = acc.n;
	acc.v = NULL;
	acc.n = 0;
	error = 0;
	goto done;
fail:
	error = acc.oom ? ggw_oom(err) : repo_git_fail(err, GGW_EDAMAGED, _("无法读取目录树"));
done:
	holding = was;
	tree_items_free(acc.v, acc.n);
	git_tree_free(t);
	return error;
}
