#!/usr/bin/env python3
"""Generate a ledger of N activities (and N/1000+30 volunteers) for the
benchmarks, in the spec's canonical form (the content is what ggw itself
would write), as one commit. The files are streamed into `git fast-import`
(blobs and one commit, no file written twice, no `git add` hashing a
million files one by one) and then checked out with `git read-tree -u`:
1,000,000 records in a few minutes instead of hours.

Usage: gen.py DIR N"""
import hashlib
import os
import random
import subprocess
import sys

UNITS = ["office", "xinyi", "yixing", "xindabu", "xindadi", "baima", "liulin",
         "qiaodong", "qiaoxi", "jiangbin", "hehuatang", "yongfeng"]
CATS = ["ideology", "red", "law", "safety", "environment", "science", "culture",
        "family", "care", "prevention", "net", "psychology", "rural", "selfbuild", "other"]
FORMS = ["lecture", "training", "meeting", "practice", "contest", "service", "visit", "patrol", "other"]
TITLES = ["暑期防溺水安全知识讲座", "垃圾分类大作战", "科学实验走进课堂", "书法进社区",
          "红色故事宣讲", "四史教育报告会", "法制进校园", "学雷锋志愿服务", "家长学校",
          "留守儿童关爱走访", "网吧义务监督巡查", "五老学习培训会"]


def records(n):
    """(path, text) of every file, in the order (and with the random
    sequence) the ledgers were always generated with."""
    rnd = random.Random(n)
    # A ledger id, as ggw init gives every ledger (records-more.md): made
    # from n, so that the same n always gives the same ledger.
    units = "schema: ggw/units/1\nledger: %s\nstreet: 城东街道关工委\nunits:\n" % \
        hashlib.md5(b"ggw-bench-%d" % n).hexdigest()
    for u in UNITS:
        units += "- key: %s\n  name: %s关工委\n  kind: %s\n" % (u, u, "street" if u == "office" else "village")
    yield "units.yaml", units
    yield ".gitattributes", "*.yaml -merge\n"
    seen = set()
    for i in range(n):
        unit = UNITS[i % len(UNITS)]
        y = 2016 + rnd.randrange(10)
        m, d = rnd.randint(1, 12), rnd.randint(1, 28)
        while True:
            aid = "%d%02d%02d-%08x" % (y, m, d, rnd.getrandbits(32))
            if aid not in seen:
                seen.add(aid)
                break
        title = rnd.choice(TITLES) + "（第%d期）" % (i % 97 + 1)
        gap = rnd.random() < 0.2
        yield ("activities/%s/%d/%s.yaml" % (unit, y, aid),
               "schema: ggw/activity/1\nid: %s\nunit: %s\ntitle: %s\ndate: %d-%02d-%02d\n"
               "category: %s\nform: %s\nlocation: %s文化礼堂\norganizer: %s关工委\n"
               "speakers:\n- 丁光海\naudience: 辖区中小学生\nyouth_count: %d\nadult_count: %d\n"
               "content: |-\n  结合案例讲解安全知识，现场演示自救方法。\n  发放告家长书，学生反响良好。\n"
               "five_have:\n  plan: 年度计划第%d项\n  assignment: 村关工委组织\n"
               "  implementation: 按计划实施\n  commendation: %s\n  summary: 反响良好\n"
               % (aid, unit, title, y, m, d, rnd.choice(CATS), rnd.choice(FORMS), unit, unit,
                  rnd.randint(0, 200), rnd.randint(0, 30), rnd.randint(1, 12),
                  '""' if gap else "颁发证书"))
    for i in range(30 + n // 1000):
        unit = UNITS[i % len(UNITS)]
        vid = "v-%08x" % rnd.getrandbits(32)
        yield ("volunteers/%s/%s.yaml" % (unit, vid),
               "schema: ggw/volunteer/1\nid: %s\nunit: %s\nname: 志愿者%d\ngroup: %s\nactive: true\n"
               % (vid, unit, i, ["cadre", "veteran", "expert", "teacher", "model"][i % 5]))


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    os.makedirs(out)
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="office@ggw.local",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="office@ggw.local",
               GIT_AUTHOR_DATE="1735689600 +0800", GIT_COMMITTER_DATE="1735689600 +0800")
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=out, check=True, env=env)
    # The blobs into one pack; their ids computed here, the trees built
    # with `git mktree` (fast-import's own trees search each folder
    # linearly: hours for 8,000 files a folder).
    fi = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], cwd=out, env=env,
                          stdin=subprocess.PIPE)
    w = fi.stdin
    root = {}
    for path, text in records(n):
        data = text.encode()
        w.write(b"blob\ndata %d\n%s\n" % (len(data), data))
        oid = hashlib.sha1(b"blob %d\0%s" % (len(data), data)).hexdigest()
        *dirs, name = path.split("/")
        t = root
        for d in dirs:
            t = t.setdefault(d, {})
        t[name] = oid
    w.write(b"done\n")
    w.close()
    if fi.wait() != 0:
        sys.exit("git fast-import failed")
    mk = subprocess.Popen(["git", "mktree", "--batch"], cwd=out, env=env, stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE)

    def tree(t):
        lines = []
        for name, v in t.items():
            if isinstance(v, dict):
                lines.append("040000 tree %s\t%s\n" % (tree(v), name))
            else:
                lines.append("100644 blob %s\t%s\n" % (v, name))
        mk.stdin.write(("".join(lines) + "\n").encode())
        mk.stdin.flush()
        return mk.stdout.readline().decode().strip()

    top = tree(root)
    mk.stdin.close()
    mk.wait()
    commit = subprocess.run(["git", "commit-tree", top, "-m", "基准测试台账"], cwd=out, env=env,
                            check=True, stdout=subprocess.PIPE).stdout.decode().strip()
    for cmd in (["git", "update-ref", "refs/heads/main", commit],
                ["git", "-c", "checkout.workers=0", "read-tree", "-u", "--reset", "main"],
                ["git", "config", "ggw.unit", "office"], ["git", "config", "user.name", "bench"]):
        subprocess.run(cmd, cwd=out, check=True, env=env)


if __name__ == "__main__":
    main()
