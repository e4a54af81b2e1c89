/* Git bundle files; see bundle.h. */
#include "bundle.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../model/i18n.h"
#include "quarantine.h"
#include "repo_priv.h"

#define BUNDLE_LINE_MAX 1100
#define BUNDLE_HEADER_MAX (64 * 1024)

static const char v2_signature[] = "# v2 git bundle\n";
static const char v3_signature[] = "# v3 git bundle\n";

/* ------------------------------------------------------------------ */
/* Writing                                                              */

struct sink {
	int fd;
	uint64_t written;
	int failed;
};

static int write_all(struct sink *s, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(s->fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			s->failed = errno ? errno : EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		s->written += (uint64_t)n;
	}
	return 0;
}

static int pack_chunk(void *buf, size_t size, void *payload)
{
	return write_all(payload, buf, size) < 0 ? -1 : 0;
}

/* The header's lines: prerequisites with their subject as comment (as
 * git writes them; control characters become spaces), then main. */
static int write_header(struct repo *r, struct sink *s, const git_oid *tip,
			const struct bundle_ref *extra, size_t nextra, const git_oid *pre, size_t npre)
{
	char line[BUNDLE_LINE_MAX], hex[GIT_OID_HEXSZ + 1];
	int n;

	if (write_all(s, v2_signature, sizeof(v2_signature) - 1) < 0)
		return -1;
	for (size_t i = 0; i < npre; i++) {
		git_commit *c = NULL;
		char subject[200] = "";

		if (git_commit_lookup(&c, r->git, &pre[i]) == 0) {
			snprintf(subject, sizeof(subject), "%s", git_commit_summary(c) ? git_commit_summary(c) : "");
			for (char *q = subject; *q; q++)
				if ((unsigned char)*q < 0x20 || *q == 0x7f)
					*q = ' ';
		}
		git_commit_free(c);
		git_oid_tostr(hex, sizeof(hex), &pre[i]);
		n = snprintf(line, sizeof(line), "-%s %s\n", hex, subject);
		if (write_all(s, line, (size_t)n) < 0)
			return -1;
	}
	git_oid_tostr(hex, sizeof(hex), tip);
	n = snprintf(line, sizeof(line), "%s refs/heads/main\n", hex);
	if (write_all(s, line, (size_t)n) < 0)
		return -1;
	for (size_t i = 0; i < nextra; i++) {
		n = snprintf(line, sizeof(line), "%s %s\n", extra[i].id, extra[i].name);
		if (write_all(s, line, (size_t)n) < 0)
			return -1;
	}
	return write_all(s, "\n", 1);
}

static int build_pack(struct repo *r, git_packbuilder **pb, const git_oid *tip,
		      const git_oid *extra, size_t nextra, const git_oid *pre, size_t npre)
{
	git_revwalk *walk = NULL;
	int error;

	if ((error = git_packbuilder_new(pb, r->git)) < 0 || (error = git_revwalk_new(&walk, r->git)) < 0)
		goto done;
	if ((error = git_revwalk_push(walk, tip)) < 0)
		goto done;
	for (size_t i = 0; i < nextra; i++)
		if ((error = git_revwalk_push(walk, &extra[i])) < 0)
			goto done;
	for (size_t i = 0; i < npre; i++)
		if ((error = git_revwalk_hide(walk, &pre[i])) < 0)
			goto done;
	error = git_packbuilder_insert_walk(*pb, walk);
done:
	git_revwalk_free(walk);
	return error;
}

int bundle_write(struct repo *r, const char *path, const char *tip, const struct bundle_ref *extra,
		 size_t nextra, int say_refs, const git_hex *prereqs, size_t nprereqs, uint64_t *size,
		 struct ggw_error *err)
{
	git_packbuilder *pb = NULL;
	git_oid tipid, pre[BUNDLE_MAX_PREREQS], ext[BUNDLE_MAX_REFS];
	char tmp[4200];
	struct sink s = { -1, 0, 0 };
	int error;

	*size = 0;
	if (nprereqs > BUNDLE_MAX_PREREQS || nextra >= BUNDLE_MAX_REFS)
		return ggw_fail(err, GGW_EINVALID, _("前提提交太多"));
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if (git_oid_fromstr(&tipid, tip) < 0)
		return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), tip);
	for (size_t i = 0; i < nprereqs; i++)
		if (git_oid_fromstr(&pre[i], prereqs[i]) < 0)
			return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), prereqs[i]);
	for (size_t i = 0; i < nextra; i++)
		if (git_oid_fromstr(&ext[i], extra[i].id) < 0 || strncmp(extra[i].name, "refs/", 5) ||
		    strchr(extra[i].name, '\n') || strchr(extra[i].name, ' '))
			return ggw_fail(err, GGW_EINVALID, _("无效的对象编号 %s"), extra[i].id);
	if ((error = build_pack(r, &pb, &tipid, ext, nextra, pre, nprereqs)) < 0) {
		error = repo_git_fail(err, GGW_EDAMAGED, _("无法打包台账"));
		goto done;
	}
	say_refs = say_refs && git_packbuilder_object_count(pb) == 0;
	for (size_t i = 0; say_refs && i < nextra; i++)
		if ((error = git_packbuilder_insert(pb, &ext[i], NULL)) < 0) {
			error = repo_git_fail(err, GGW_EDAMAGED, _("无法打包台账"));
			goto done;
		}
	if (git_packbuilder_object_count(pb) == 0) {
		error = ggw_fail(err, GGW_ENOTFOUND, _("对方已有本机的全部记录，没有要写进文件的内容"));
		goto done;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%ld", path, (long)getpid()) >= (int)sizeof(tmp)) {
		error = ggw_fail(err, GGW_EINVALID, _("路径太长：%s"), path);
		goto done;
	}
	if ((s.fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644)) < 0) {
		error = ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(errno));
		goto done;
	}
	errno = 0;
	if (write_header(r, &s, &tipid, extra, nextra, pre, nprereqs) < 0 ||
	    git_packbuilder_foreach(pb, pack_chunk, &s) < 0 || fsync(s.fd) < 0) {
		error = ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path,
				 strerror(s.failed ? s.failed : errno ? errno : EIO));
		goto done;
	}
	if (close(s.fd) < 0 || rename(tmp, path) < 0) {
		s.fd = -1;
		error = ggw_fail(err, GGW_EIO, _("无法写入 %s：%s"), path, strerror(errno));
		goto done;
	}
	s.fd = -1;
	*size = s.written;
done:
	if (s.fd >= 0)
		close(s.fd);
	if (error < 0)
		unlink(tmp);
	git_packbuilder_free(pb);
	return error;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */

struct header {
	git_oid pre[BUNDLE_MAX_PREREQS];
	size_t npre;
	int (*want)(const char *ref); /* refs to take in beside main (or NULL) */
	struct bundle_ref keep[BUNDLE_MAX_REFS];
	size_t nkeep;
	struct bundle_ref all[BUNDLE_MAX_REFS]; /* every reference named */
	git_oid main;
	int have_main, main_rank; /* 3 refs/heads/main, 2 HEAD, 1 refs/heads/master */
	size_t nrefs;
	size_t length;            /* bytes of the header, blank line included */
};

static int is_hex40(const char *s)
{
	for (int i = 0; i < GIT_OID_HEXSZ; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int bad_bundle(struct ggw_error *err, const char *path, int line, const char *why)
{
	return ggw_fail(err, GGW_EINVALID,
			_("%s 不是能读的台账文件（第 %d 行：%s）。请让对方用 ggw bundle create 重新做一个，再发一次"),
			path, line, why);
}

/* One header line (without its newline). */
static int header_line(struct header *h, const char *path, int lineno, const char *s, size_t len,
		       int v3, struct ggw_error *err)
{
	if (v3 && s[0] == '@') {
		if (len == 19 && !memcmp(s, "@object-format=sha1", 19))
			return 0;
		return bad_bundle(err, path, lineno, _("不认识的能力声明"));
	}
	if (s[0] == '-') {
		if (len < 41 || !is_hex40(s + 1) || (len > 41 && s[41] != ' '))
			return bad_bundle(err, path, lineno, _("前提提交的编号无效"));
		if (h->npre == BUNDLE_MAX_PREREQS)
			return bad_bundle(err, path, lineno, _("前提提交太多"));
		git_oid_fromstrn(&h->pre[h->npre++], s + 1, GIT_OID_HEXSZ);
		return 0;
	}
	if (len < 42 || !is_hex40(s) || s[40] != ' ')
		return bad_bundle(err, path, lineno, _("引用行无效"));
	{
		char name[BUNDLE_LINE_MAX];
		int valid = 0, rank = 0;

		snprintf(name, sizeof(name), "%.*s", (int)(len - 41), s + 41);
		if (strlen(name) != len - 41 ||
		    (strcmp(name, "HEAD") && (strncmp(name, "refs/", 5) ||
					      git_reference_name_is_valid(&valid, name) < 0 || !valid)))
			return bad_bundle(err, path, lineno, _("引用名无效"));
		if (h->nrefs == BUNDLE_MAX_REFS)
			return bad_bundle(err, path, lineno, _("引用太多"));
		if (strlen(name) < sizeof(h->all[0].name)) {
			snprintf(h->all[h->nrefs].name, sizeof(h->all[0].name), "%s", name);
			snprintf(h->all[h->nrefs].id, sizeof(git_hex), "%.40s", s);
		}
		h->nrefs++;
		rank = !strcmp(name, "refs/heads/main") ? 3 : !strcmp(name, "HEAD") ? 2
			: !strcmp(name, "refs/heads/master") ? 1 : 0;
		if (h->want && strlen(name) < sizeof(h->keep[0].name) && h->want(name)) {
			for (size_t i = 0; i < h->nkeep; i++)
				if (!strcmp(h->keep[i].name, name))
					return bad_bundle(err, path, lineno, _("同一个引用出现了两次"));
			snprintf(h->keep[h->nkeep].name, sizeof(h->keep[0].name), "%s", name);
			snprintf(h->keep[h->nkeep++].id, sizeof(git_hex), "%.40s", s);
		}
		if (rank > h->main_rank) {
			h->main_rank = rank;
			h->have_main = 1;
			git_oid_fromstrn(&h->main, s, GIT_OID_HEXSZ);
		}
	}
	return 0;
}

static int read_header(int fd, const char *path, struct header *h, struct ggw_error *err)
{
	char *buf = malloc(BUNDLE_HEADER_MAX);
	size_t have = 0, pos;
	int lineno = 1, v3 = 0, error = 0;
	int (*want)(const char *ref) = h->want;

	memset(h, 0, sizeof(*h));
	h->want = want;
	if (!buf)
		return ggw_oom(err);
	while (have < BUNDLE_HEADER_MAX) {
		ssize_t n = read(fd, buf + have, BUNDLE_HEADER_MAX - have);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	if (have >= sizeof(v2_signature) - 1 && !memcmp(buf, v3_signature, sizeof(v3_signature) - 1))
		v3 = 1;
	else if (have < sizeof(v2_signature) - 1 || memcmp(buf, v2_signature, sizeof(v2_signature) - 1)) {
		error = bad_bundle(err, path, 1, _("开头不是“# v2 git bundle”"));
		goto done;
	}
	pos = sizeof(v2_signature) - 1;
	for (;;) {
		char *nl = memchr(buf + pos, '\n', have - pos);
		size_t len;

		lineno++;
		if (!nl) {
			error = bad_bundle(err, path, lineno, _("文件头不完整或太长"));
			goto done;
		}
		len = (size_t)(nl - (buf + pos));
		if (len == 0)
			break;
		if (len >= BUNDLE_LINE_MAX || memchr(buf + pos, '\0', len)) {
			error = bad_bundle(err, path, lineno, _("这一行太长或含有不可见字符"));
			goto done;
		}
		if ((error = header_line(h, path, lineno, buf + pos, len, v3, err)) < 0)
			goto done;
		pos += len + 1;
	}
	h->length = (size_t)(buf + pos + 1 - buf);
	if (!h->have_main)
		error = bad_bundle(err, path, lineno, _("里面没有 main"));
	else if (have - h->length < 12 || memcmp(buf + h->length, "PACK", 4))
		error = bad_bundle(err, path, lineno + 1, _("文件头后面不是 git 的数据包"));
done:
	free(buf);
	return error;
}

static int prereqs_present(struct repo *r, const struct header *h, const char *path,
			   struct ggw_error *err)
{
	for (size_t i = 0; i < h->npre; i++) {
		git_commit *c = NULL;
		char hex[GIT_OID_HEXSZ + 1];

		if (git_commit_lookup(&c, r->git, &h->pre[i]) == 0) {
			git_commit_free(c);
			continue;
		}
		git_oid_tostr(hex, sizeof(hex), &h->pre[i]);
		return ggw_fail(err, GGW_ENOTFOUND,
				_("%s 是在对方以为本机已有提交 %.10s 的前提下做的，而本机没有这个提交。请让对方不加 --since-last 重新做一个完整的文件"),
				path, hex);
	}
	return 0;
}

/* The pack after the header, through git_indexer, into the scratch
 * repository (thin packs are completed from the ledger's objects). */
static int index_pack(struct quarantine *q, int fd, const char *path, struct ggw_error *err)
{
	git_indexer *idx = NULL;
	git_indexer_progress st;
	git_indexer_options io;
	git_odb *odb = NULL;
	char packdir[4200], *buf = malloc(65536);
	int error;

	if (!buf)
		return ggw_oom(err);
	git_indexer_options_init(&io, GIT_INDEXER_OPTIONS_VERSION);
	snprintf(packdir, sizeof(packdir), "%s/objects/pack", q->dir);
	if ((error = git_repository_odb(&odb, q->scratch)) < 0 ||
	    (error = git_indexer_new(&idx, packdir, 0, odb, &io)) < 0)
		goto fail;
	for (;;) {
		ssize_t n = read(fd, buf, 65536);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error = ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), path, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		if ((error = git_indexer_append(idx, buf, (size_t)n, &st)) < 0)
			goto fail;
	}
	if ((error = git_indexer_commit(idx, &st)) < 0)
		goto fail;
	goto done;
fail:
	{
		const git_error *e = git_error_last();

		error = ggw_fail(err, GGW_EINVALID,
				 _("%s 已损坏或不完整（%s）：没有收下任何内容。文件可能没有传完，请让对方再发一次"),
				 path, e && e->message ? e->message : "pack");
	}
done:
	free(buf);
	git_indexer_free(idx);
	git_odb_free(odb);
	return error;
}

/* The refs keep wanted whose commit is at hand and parses: into
 * out->kept and tips (after main). */
static size_t keep_readable(struct quarantine *q, const struct header *h,
			    struct bundle_read_result *out, git_oid *tips)
{
	size_t n = 1;

	for (size_t i = 0; i < h->nkeep; i++) {
		git_oid id, bad, readable;
		git_odb *odb = NULL;
		git_commit *c = NULL;
		char why[300];
		int ok = git_oid_fromstr(&id, h->keep[i].id) == 0 &&
			 git_repository_odb(&odb, q->scratch) == 0 && git_odb_exists(odb, &id) &&
			 git_commit_lookup(&c, q->scratch, &id) == 0 &&
			 quarantine_check(q, &id, &bad, &readable, why, sizeof(why)) == 0;

		git_commit_free(c);
		git_odb_free(odb);
		if (!ok) {
			out->ndropped++;
			continue;
		}
		out->kept[out->nkept] = h->keep[i];
		for (size_t k = 0; k < h->npre; k++)
			out->kept[out->nkept].known |= git_oid_equal(&h->pre[k], &id);
		out->nkept++;
		tips[n++] = id;
	}
	return n;
}

int bundle_read(struct repo *r, const char *path, struct bundle_read_result *out,
		struct ggw_error *err)
{
	return bundle_read_keep(r, path, NULL, out, err);
}

int bundle_read_keep(struct repo *r, const char *path, int (*keep)(const char *ref),
		     struct bundle_read_result *out, struct ggw_error *err)
{
	git_oid tips[BUNDLE_MAX_REFS + 1];
	size_t ntips;
	struct quarantine q;
	struct header *h = NULL;
	struct stat st;
	git_oid bad, readable;
	char why[300];
	int fd, error, qopen = 0;

	memset(out, 0, sizeof(*out));
	memset(&q, 0, sizeof(q));
	if ((error = repo_need_git(r, err)) < 0)
		return error;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return ggw_fail(err, GGW_ENOTFOUND, _("无法打开 %s：%s"), path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return ggw_fail(err, GGW_EINVALID, _("%s 不是普通文件"), path);
	}
	if (st.st_size > BUNDLE_MAX_BYTES) {
		close(fd);
		return ggw_fail(err, GGW_EINVALID, _("%s 太大（%lld 字节，上限 1 GiB），不像台账文件"), path,
				(long long)st.st_size);
	}
	out->size = (uint64_t)st.st_size;
	if (!(h = malloc(sizeof(*h)))) {
		close(fd);
		return ggw_oom(err);
	}
	h->want = keep;
	if ((error = read_header(fd, path, h, err)) < 0 || (error = prereqs_present(r, h, path, err)) < 0)
		goto done;
	if (lseek(fd, (off_t)h->length, SEEK_SET) < 0) {
		error = ggw_fail(err, GGW_EIO, _("无法读取 %s：%s"), path, strerror(errno));
		goto done;
	}
	if ((error = quarantine_open(&q, r->git)) < 0) {
		error = repo_git_fail(err, GGW_EIO, _("无法建立临时仓库"));
		goto done;
	}
	qopen = 1;
	if ((error = index_pack(&q, fd, path, err)) < 0)
		goto done;
	git_oid_tostr(out->main, sizeof(git_hex), &h->main);
	out->nrefs = h->nrefs;
	memcpy(out->refs, h->all, h->nrefs * sizeof(h->all[0]));
	out->nprereqs = h->npre;
	{
		git_odb *odb = NULL;
		int present = git_repository_odb(&odb, q.scratch) == 0 && git_odb_exists(odb, &h->main);

		git_odb_free(odb);
		if (!present) {
			error = ggw_fail(err, GGW_EINVALID,
					 _("%s 已损坏或不完整（%s）：没有收下任何内容。文件可能没有传完，请让对方再发一次"),
					 path, "main");
			goto done;
		}
	}
	error = quarantine_check(&q, &h->main, &bad, &readable, why, sizeof(why));
	if (error < 0) {
		error = ggw_fail(err, GGW_EINVALID, _("%s 已损坏或不完整（%s）：没有收下任何内容。文件可能没有传完，请让对方再发一次"),
				 path, git_error_last() ? git_error_last()->message : "main");
		goto done;
	}
	if (error == 1) {
		quarantine_keep_raw(&q, &bad);
		git_oid_tostr(out->unreadable, sizeof(out->unreadable), &bad);
		error = ggw_fail(err, GGW_EDENIED,
				 _("%s 里有无法读取的提交 %s（%s）：没有收下任何内容，本机台账未改动；原文另存在 %sggw/refused/%s 供检查"),
				 path, out->unreadable, why, r->gitdir, out->unreadable);
		goto done;
	}
	tips[0] = h->main;
	ntips = keep_readable(&q, h, out, tips);
	if ((error = quarantine_migrate(&q, tips, ntips)) < 0)
		error = repo_git_fail(err, GGW_EIO, _("无法把收到的内容存入台账"));
done:
	if (qopen)
		quarantine_close(&q);
	free(h);
	close(fd);
	return error;
}
