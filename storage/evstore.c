/* The evidence store in git (see evstore.h). */
#include "evstore.h"

#include <dirent.h>
#include <fcntl.h>
#include <git2.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "fsutil.h"
#include "repo_priv.h"

void evstore_ref(const char *unit, char *buf, size_t len)
{
	snprintf(buf, len, EVSTORE_PREFIX "%s", unit);
}

int evstore_name_valid(const char *name)
{
	static const char *const exts[] = { "jpg", "png", "pdf" };

	if (!name)
		return 0;
	for (int i = 0; i < 64; i++)
		if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
			return 0;
	if (name[64] != '.')
		return 0;
	for (size_t k = 0; k < sizeof(exts) / sizeof(exts[0]); k++)
		if (!strcmp(name + 65, exts[k]))
			return 1;
	return 0;
}

void evstore_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	for (size_t i = 0; i < sizeof(h); i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}

/* ref name ("refs/...") or commit id to a commit; GIT_ENOTFOUND if absent. */
static int resolve_commit(git_repository *g, const char *ref, git_commit **c)
{
	git_oid id;
	int error;

	if (!strncmp(ref, "refs/", 5)) {
		if ((error = git_reference_name_to_id(&id, g, ref)) < 0)
			return error;
	} else if ((error = git_oid_fromstr(&id, ref)) < 0) {
		return error;
	}
	return git_commit_lookup(c, g, &id);
}

void evstore_files_free(struct evstore_file *v)
{
	free(v);
}

int evstore_files(struct repo *r, const char *ref, struct evstore_file **v, size_t *n,
		  git_hex commit_out, struct ggw_error *err)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_odb *odb = NULL;
	size_t cnt, k = 0;
	int error;

	*v = NULL;
	*n = 0;
	if (commit_out)
		commit_out[0] = '\0';
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((error = resolve_commit(r->git, ref, &c)) < 0) {
		if (error == GIT_ENOTFOUND)
			return 0;
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取佐证材料库"));
	}
	if (commit_out)
		git_oid_tostr(commit_out, sizeof(git_hex), git_commit_id(c));
	if ((error = git_commit_tree(&t, c)) < 0 || (error = git_repository_odb(&odb, r->git)) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取佐证材料库"));
		goto done;
	}
	cnt = git_tree_entrycount(t);
	if (cnt && !(*v = calloc(cnt, sizeof(**v)))) {
		error = ggw_oom(err);
		goto done;
	}
	for (size_t i = 0; i < cnt; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		struct evstore_file *f = &(*v)[k];
		git_object_t type;
		size_t len = 0;

		if (!evstore_name_valid(git_tree_entry_name(e)) ||
		    git_tree_entry_type(e) != GIT_OBJECT_BLOB)
			continue;
		snprintf(f->name, sizeof(f->name), "%s", git_tree_entry_name(e));
		git_oid_tostr(f->blob, sizeof(git_hex), git_tree_entry_id(e));
		f->size = git_odb_read_header(&len, &type, odb, git_tree_entry_id(e)) == 0 ? len : 0;
		k++;
	}
	*n = k;
done:
	git_odb_free(odb);
	git_tree_free(t);
	git_commit_free(c);
	if (error < 0) {
		free(*v);
		*v = NULL;
		*n = 0;
	}
	return error;
}

int evstore_put_blob(struct repo *r, const void *data, size_t len, git_hex out,
		     struct ggw_error *err)
{
	return gitp_write_blob(r, data, len, out, err);
}

int evstore_pack_blobs(struct repo *r, const git_hex *blobs, size_t n, struct ggw_error *err)
{
	git_packbuilder *pb = NULL;
	char packdir[PATH_MAX], path[PATH_MAX + 64];
	git_oid id;
	int error;

	if (!n)
		return 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_packbuilder_new(&pb, r->git) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法写入佐证材料库"));
	git_packbuilder_set_threads(pb, 1);
	for (size_t i = 0; i < n; i++)
		if (git_oid_fromstr(&id, blobs[i]) < 0 || git_packbuilder_insert(pb, &id, NULL) < 0) {
			error = repo_git_fail(err, GGW_EIO, _("无法写入佐证材料库"));
			goto done;
		}
	snprintf(packdir, sizeof(packdir), "%sobjects/pack", r->gitdir);
	if (git_packbuilder_write(pb, packdir, 0, NULL, NULL) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法写入佐证材料库"));
		goto done;
	}
	/* The pack is whole (written, indexed, renamed): the loose copies go. */
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%sobjects/%.2s/%s", r->gitdir, blobs[i], blobs[i] + 2);
		unlink(path);
	}
	error = 0;
done:
	git_packbuilder_free(pb);
	return error;
}

static int make_commit(struct repo *r, const git_tree *tree, const char *message,
		       const git_signature *sig, git_oid *out, struct ggw_error *err)
{
	git_buf buf = { 0 };
	char *armored = NULL;
	size_t n;
	int error;

	if (!r->sign) {
		if ((error = git_commit_create(out, r->git, NULL, sig, sig, NULL, message, tree, 0,
					       NULL)) < 0)
			return repo_git_fail(err, GGW_EIO, _("无法写入佐证材料库"));
		return 0;
	}
	if ((error = git_commit_create_buffer(&buf, r->git, sig, sig, NULL, message, tree, 0,
					      NULL)) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法写入佐证材料库"));
		goto done;
	}
	if ((error = r->sign(r->sign_data, r, buf.ptr, buf.size, &armored, err)) < 0)
		goto done;
	n = strlen(armored);
	while (n > 0 && armored[n - 1] == '\n')
		armored[--n] = '\0';
	if ((error = git_commit_create_with_signature(out, r->git, buf.ptr, armored, "gpgsig")) < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法写入佐证材料库"));
done:
	git_buf_dispose(&buf);
	free(armored);
	return error;
}

/* Move ref to id if it still points at expected ("": absent). */
static int ref_cas(git_repository *g, const char *ref, const git_oid *id, const char *expected,
		   struct ggw_error *err)
{
	git_reference *out = NULL;
	git_oid old;
	int error;

	if (!expected || !expected[0]) {
		error = git_reference_create(&out, g, ref, id, 0, NULL);
	} else if ((error = git_oid_fromstr(&old, expected)) == 0) {
		error = git_reference_create_matching(&out, g, ref, id, 1, &old, NULL);
	}
	git_reference_free(out);
	if (error == GIT_EEXISTS || error == GIT_EMODIFIED)
		return ggw_fail(err, GGW_ECONFLICT, _("佐证材料库 %s 刚被别的程序改过，请重试"), ref);
	if (error < 0)
		return repo_git_fail(err, GGW_EIO, _("无法更新佐证材料库的引用"));
	return 0;
}

int evstore_ref_move(struct repo *r, const char *ref, const char *id, const char *expected,
		     struct ggw_error *err)
{
	git_oid oid;
	int error;

	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_oid_fromstr(&oid, id) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), id);
	return ref_cas(r->git, ref, &oid, expected, err);
}

int evstore_commit(struct repo *r, const char *ref, const struct evstore_file *v, size_t n,
		   const char *expected, const char *message, const char *name, const char *email,
		   git_hex out, struct ggw_error *err)
{
	git_treebuilder *tb = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid tid, cid, bid;
	int error;

	if (out)
		out[0] = '\0';
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((error = git_treebuilder_new(&tb, r->git, NULL)) < 0)
		goto git_fail;
	for (size_t i = 0; i < n; i++) {
		if (!evstore_name_valid(v[i].name) || git_oid_fromstr(&bid, v[i].blob) < 0) {
			error = ggw_fail(err, GGW_EINVALID, _("佐证材料的文件名无效：%s"), v[i].name);
			goto done;
		}
		if ((error = git_treebuilder_insert(NULL, tb, v[i].name, &bid, GIT_FILEMODE_BLOB)) < 0)
			goto git_fail;
	}
	if ((error = git_treebuilder_write(&tid, tb)) < 0 ||
	    (error = git_tree_lookup(&tree, r->git, &tid)) < 0 ||
	    (error = git_signature_now(&sig, name && name[0] ? name : "ggw",
				       email && email[0] ? email : "ggw@localhost")) < 0)
		goto git_fail;
	if ((error = make_commit(r, tree, message, sig, &cid, err)) < 0)
		goto done;
	if ((error = ref_cas(r->git, ref, &cid, expected, err)) < 0)
		goto done;
	if (out)
		git_oid_tostr(out, sizeof(git_hex), &cid);
	goto done;
git_fail:
	error = repo_git_fail(err, GGW_EIO, _("无法写入佐证材料库"));
done:
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	return error;
}

/* One tree entry of an incoming store commit; 1 with why when refused. */
static int check_entry(git_repository *g, const git_tree_entry *e, const char *prev,
		       uint64_t max_bytes, int skip_bytes, struct evstore_file *f,
		       struct ggw_error *why, struct ggw_error *err)
{
	const char *name = git_tree_entry_name(e);
	git_blob *b = NULL;
	char hex[65];
	git_odb *odb = NULL;
	git_object_t type;
	size_t len = 0;

	if (!evstore_name_valid(name)) {
		ggw_fail(why, GGW_EDENIED, _("其中的“%s”不是“SHA-256.扩展名”形式的文件名"), name);
		return 1;
	}
	if (prev && strcmp(prev, name) >= 0) {
		ggw_fail(why, GGW_EDENIED, _("其中的文件名 %s 重复或顺序错乱"), name);
		return 1;
	}
	if (git_tree_entry_filemode_raw(e) != GIT_FILEMODE_BLOB ||
	    git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		ggw_fail(why, GGW_EDENIED, _("其中的 %.12s… 不是普通文件（符号链接、文件夹或可执行文件）"),
			 name);
		return 1;
	}
	if (skip_bytes) {
		snprintf(f->name, sizeof(f->name), "%s", name);
		git_oid_tostr(f->blob, sizeof(git_hex), git_tree_entry_id(e));
		f->size = 0;
		return 0;
	}
	if (git_repository_odb(&odb, g) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取对象库"));
	if (git_odb_read_header(&len, &type, odb, git_tree_entry_id(e)) < 0) {
		git_odb_free(odb);
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取佐证材料"));
	}
	git_odb_free(odb);
	if (len > max_bytes) {
		ggw_fail(why, GGW_EDENIED, _("其中的 %.12s… 有 %zu 字节，超过单个文件上限 %llu 字节"), name,
			 len, (unsigned long long)max_bytes);
		return 1;
	}
	if (git_blob_lookup(&b, g, git_tree_entry_id(e)) < 0)
		return repo_git_fail(err, GGW_EDAMAGED, _("无法读取佐证材料"));
	evstore_sha256_hex(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), hex);
	git_blob_free(b);
	if (memcmp(hex, name, 64)) {
		ggw_fail(why, GGW_EDENIED, _("其中的 %.12s… 的内容与文件名里的 SHA-256 不符"), name);
		return 1;
	}
	snprintf(f->name, sizeof(f->name), "%s", name);
	git_oid_tostr(f->blob, sizeof(git_hex), git_tree_entry_id(e));
	f->size = len;
	return 0;
}

int evstore_check_commit(struct repo *r, const char *id, uint64_t max_bytes,
			 struct evstore_file **v, size_t *n, struct ggw_error *why,
			 struct ggw_error *err)
{
	return evstore_check_commit_skip(r, id, max_bytes, NULL, NULL, v, n, why, err);
}

int evstore_check_commit_skip(struct repo *r, const char *id, uint64_t max_bytes,
			      int (*skip)(const char *name, const char *blob, void *data),
			      void *data,
			      struct evstore_file **v, size_t *n, struct ggw_error *why,
			      struct ggw_error *err)
{
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_oid oid;
	size_t cnt;
	int error;

	*v = NULL;
	*n = 0;
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_oid_fromstr(&oid, id) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), id);
	if (git_commit_lookup(&c, r->git, &oid) < 0) {
		ggw_fail(why, GGW_EDENIED, _("它指向的不是一个可以读取的提交"));
		return 1;
	}
	if (git_commit_parentcount(c) != 0) {
		ggw_fail(why, GGW_EDENIED, _("它指向的提交有上一版（佐证材料库的提交不能有父提交）"));
		error = 1;
		goto done;
	}
	if (git_commit_tree(&t, c) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法读取佐证材料库"));
		goto done;
	}
	cnt = git_tree_entrycount(t);
	if (cnt && !(*v = calloc(cnt, sizeof(**v)))) {
		error = ggw_oom(err);
		goto done;
	}
	for (size_t i = 0; i < cnt; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		const char *prev = i ? git_tree_entry_name(git_tree_entry_byindex(t, i - 1)) : NULL;
		git_hex blob;
		int skip_bytes;

		git_oid_tostr(blob, sizeof(blob), git_tree_entry_id(e));
		skip_bytes = skip && skip(git_tree_entry_name(e), blob, data);

		if ((error = check_entry(r->git, e, prev, max_bytes, skip_bytes, &(*v)[i], why,
					 err)) != 0)
			goto done;
	}
	*n = cnt;
done:
	if (error != 0) {
		free(*v);
		*v = NULL;
		*n = 0;
	}
	git_tree_free(t);
	git_commit_free(c);
	return error;
}

/* ---- prune ---- */

/* The object ids of a pack index (v1 or v2): *ids malloc'd, 20 bytes each. */
static int idx_read(const char *path, unsigned char **ids, size_t *n)
{
	char *data = NULL;
	size_t len = 0, off, stride, count;
	const unsigned char *p;
	int v2;

	*ids = NULL;
	*n = 0;
	if (read_regular_file(path, (size_t)1 << 31, &data, &len, NULL) < 0)
		return -1;
	p = (const unsigned char *)data;
	v2 = len >= 8 && !memcmp(p, "\377tOc", 4);
	off = v2 ? 8 : 0;
	if (len < off + 1024) {
		free(data);
		return -1;
	}
	count = (size_t)p[off + 1020] << 24 | (size_t)p[off + 1021] << 16 |
		(size_t)p[off + 1022] << 8 | p[off + 1023];
	stride = v2 ? 20 : 24;
	off += 1024;
	if (count > (len - off) / stride || !(*ids = malloc(count ? count * 20 : 1))) {
		free(data);
		return -1;
	}
	for (size_t i = 0; i < count; i++)
		memcpy(*ids + i * 20, p + off + i * stride + (v2 ? 0 : 4), 20);
	*n = count;
	free(data);
	return 0;
}

static int raw_in(const unsigned char *raw, const git_oid *set, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!memcmp(raw, set[k].id, 20))
			return 1;
	return 0;
}

/* Rewrite the pack of index idx without the objects of drop. */
static int pack_rewrite(git_repository *g, const char *packdir, const char *idx,
			const unsigned char *ids, size_t nids, const git_oid *drop, size_t ndrop,
			struct ggw_error *err)
{
	static const char *const exts[] = { ".pack", ".rev", ".bitmap", ".keep", ".promisor", ".idx" };
	git_packbuilder *pb = NULL;
	char base[PATH_MAX], path[PATH_MAX + 16];
	size_t kept = 0, bl;
	int error = 0;

	if ((error = git_packbuilder_new(&pb, g)) < 0)
		return repo_git_fail(err, GGW_EIO, _("无法重写对象包"));
	git_packbuilder_set_threads(pb, 1);
	for (size_t i = 0; i < nids; i++) {
		git_oid id;

		if (raw_in(ids + i * 20, drop, ndrop))
			continue;
		git_oid_fromraw(&id, ids + i * 20);
		if ((error = git_packbuilder_insert(pb, &id, NULL)) < 0)
			goto git_fail;
		kept++;
	}
	if (kept && (error = git_packbuilder_write(pb, packdir, 0, NULL, NULL)) < 0)
		goto git_fail;
	snprintf(base, sizeof(base), "%s", idx);
	bl = strlen(base) - 4; /* ".idx" */
	base[bl] = '\0';
	/* The index last: until it goes, the old pack is still whole. */
	for (size_t k = 0; k < sizeof(exts) / sizeof(exts[0]); k++) {
		snprintf(path, sizeof(path), "%s%s", base, exts[k]);
		unlink(path);
	}
	goto done;
git_fail:
	error = repo_git_fail(err, GGW_EIO, _("无法重写对象包"));
done:
	git_packbuilder_free(pb);
	return error;
}

static int prune_packs(git_repository *g, const char *gitdir, const git_oid *drop, size_t ndrop,
		       size_t *found, struct ggw_error *err)
{
	char packdir[PATH_MAX], idx[PATH_MAX + 300];
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nn = 0;
	int error = 0;

	snprintf(packdir, sizeof(packdir), "%sobjects/pack", gitdir);
	if (!(d = opendir(packdir)))
		return 0;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char **nv;

		if (l < 5 || strcmp(de->d_name + l - 4, ".idx"))
			continue;
		if (!(nv = realloc(names, (nn + 1) * sizeof(*names))) ||
		    !(nv[nn] = strdup(de->d_name))) {
			names = nv ? nv : names;
			error = ggw_oom(err);
			break;
		}
		names = nv;
		nn++;
	}
	closedir(d);
	for (size_t i = 0; i < nn && error == 0; i++) {
		unsigned char *ids = NULL;
		size_t nids = 0, hits = 0;

		snprintf(idx, sizeof(idx), "%s/%s", packdir, names[i]);
		if (idx_read(idx, &ids, &nids) < 0)
			continue;
		for (size_t k = 0; k < nids; k++)
			hits += raw_in(ids + k * 20, drop, ndrop);
		if (hits) {
			*found += hits;
			error = pack_rewrite(g, packdir, idx, ids, nids, drop, ndrop, err);
		}
		free(ids);
	}
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	return error;
}

static void loose_path(const char *gitdir, const char *hex, char *path, size_t len)
{
	snprintf(path, len, "%sobjects/%.2s/%s", gitdir, hex, hex + 2);
}

int evstore_prune(const char *gitdir, const git_hex *blobs, size_t n, size_t *pruned,
		  struct ggw_error *err)
{
	git_repository *g = NULL;
	git_oid *drop = NULL;
	char dir[PATH_MAX], path[PATH_MAX + 64];
	size_t found = 0, l;
	int error = 0;

	if (pruned)
		*pruned = 0;
	if (!n)
		return 0;
	l = strlen(gitdir);
	snprintf(dir, sizeof(dir), "%s%s", gitdir, l && gitdir[l - 1] == '/' ? "" : "/");
	if (!(drop = calloc(n, sizeof(*drop))))
		return ggw_oom(err);
	for (size_t i = 0; i < n; i++) {
		if (git_oid_fromstr(&drop[i], blobs[i]) < 0) {
			error = ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), blobs[i]);
			goto done;
		}
		loose_path(dir, blobs[i], path, sizeof(path));
		if (unlink(path) == 0)
			found++;
	}
	if ((error = repo_lib_start(err)) < 0)
		goto done;
	if (git_repository_open_ext(&g, dir, GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
				    NULL) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法打开对象库"));
		goto done;
	}
	error = prune_packs(g, dir, drop, n, &found, err);
done:
	git_repository_free(g);
	free(drop);
	if (pruned)
		*pruned = found;
	return error;
}

int evstore_gitdir_has(const char *gitdir, const char *id)
{
	char dir[PATH_MAX], path[PATH_MAX + 300];
	git_oid oid;
	DIR *d;
	struct dirent *de;
	struct stat st;
	size_t l = strlen(gitdir);
	int has = 0;

	if (git_oid_fromstr(&oid, id) < 0)
		return 0;
	snprintf(dir, sizeof(dir), "%s%s", gitdir, l && gitdir[l - 1] == '/' ? "" : "/");
	loose_path(dir, id, path, sizeof(path));
	if (stat(path, &st) == 0)
		return 1;
	snprintf(path, sizeof(path), "%sobjects/pack", dir);
	if (!(d = opendir(path)))
		return 0;
	while (!has && (de = readdir(d))) {
		size_t nl = strlen(de->d_name), nids = 0;
		unsigned char *ids = NULL;
		char idx[PATH_MAX + 600];

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".idx"))
			continue;
		snprintf(idx, sizeof(idx), "%sobjects/pack/%s", dir, de->d_name);
		if (idx_read(idx, &ids, &nids) < 0)
			continue;
		for (size_t k = 0; k < nids && !has; k++)
			has = !memcmp(ids + k * 20, oid.id, 20);
		free(ids);
	}
	closedir(d);
	return has;
}
