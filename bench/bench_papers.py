#!/usr/bin/env python3
"""The papers' benchmark (issue 13): the binder of one unit's year with 60
activities (target under 3 s), printed beside `ggw report --format html`
on the same ledger in the same run; and `ggw report --format pdf`.

Usage: bench_papers.py GGW_BINARY WORKDIR   (also run by bench.py)"""
import os
import random
import statistics
import subprocess
import sys
import time


def make_ledger(path):
    """units.yaml, 60 activities of xinyi in 2025 (with 五有 and publicity),
    20 五老, a plan and a summary, written as ggw writes them, one commit."""
    if os.path.exists(os.path.join(path, "units.yaml")):
        return
    rnd = random.Random(60)
    os.makedirs(path)
    with open(os.path.join(path, "units.yaml"), "w") as f:
        f.write("schema: ggw/units/1\nstreet: 城东街道关工委\nunits:\n"
                "- key: office\n  name: 城东街道关工委办公室\n  kind: street\n"
                "- key: xinyi\n  name: 新义村关工委\n  kind: village\n")
    vols = []
    os.makedirs(os.path.join(path, "volunteers", "xinyi"))
    for i in range(20):
        vid = "v-%08x" % rnd.getrandbits(32)
        vols.append(vid)
        with open(os.path.join(path, "volunteers", "xinyi", vid + ".yaml"), "w") as f:
            f.write("schema: ggw/volunteer/1\nid: %s\nunit: xinyi\nname: 志愿者%d\ngroup: %s\n"
                    "active: true\n" % (vid, i, ["cadre", "veteran", "expert", "teacher", "model"][i % 5]))
    folder = os.path.join(path, "activities", "xinyi", "2025")
    os.makedirs(folder)
    for i in range(60):
        m, d = i // 5 + 1, i % 5 * 5 + 2
        aid = "2025%02d%02d-%08x" % (m, d, rnd.getrandbits(32))
        with open(os.path.join(folder, aid + ".yaml"), "w") as f:
            f.write("schema: ggw/activity/1\nid: %s\nunit: xinyi\ntitle: 红色故事宣讲（第%d期）\n"
                    "date: 2025-%02d-%02d\ncategory: red\nform: %s\nlocation: 新义村文化礼堂\n"
                    "organizer: 新义村关工委\nspeakers:\n- 丁光海\nvolunteers:\n- %s\n"
                    "audience: 辖区中小学生\nyouth_count: %d\nadult_count: %d\n"
                    "content: |-\n%s"
                    "five_have:\n  plan: 年度计划第%d项\n  assignment: 村关工委组织，丁光海主讲\n"
                    "  implementation: 按计划实施\n  commendation: 颁发证书\n  summary: 反响良好\n"
                    "publicity:\n- outlet: 区关工委微信公众号\n  level: county\n  title: 新义村红色故事宣讲第%d期\n"
                    "  date: 2025-%02d-%02d\n"
                    % (aid, i + 1, m, d, ["lecture", "training", "practice"][i % 3], vols[i % 20],
                       rnd.randint(20, 200), rnd.randint(0, 30),
                       "  结合案例讲解红色故事，现场互动问答，学生反响良好。\n" * 8,
                       i % 12 + 1, i + 1, m, d + 1))
    docs = os.path.join(path, "documents", "xinyi", "2025")
    os.makedirs(docs)
    for kind, title in (("plan", "2025年工作计划"), ("summary", "2025年工作总结")):
        did = "d-%08x" % rnd.getrandbits(32)
        with open(os.path.join(docs, did + ".yaml"), "w") as f:
            f.write("schema: ggw/document/1\nid: %s\nunit: xinyi\nkind: %s\nyear: 2025\ntitle: %s\n"
                    "date: 2025-01-15\ncontent: |-\n%s" % (did, kind, title, "  全年开展活动60次，学习培训4次。\n" * 40))
    env = dict(os.environ, GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="office@ggw.local",
               GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="office@ggw.local")
    for cmd in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                ["git", "commit", "-q", "-m", "基准测试台账（台账打印）"],
                ["git", "config", "ggw.unit", "office"]):
        subprocess.run(cmd, cwd=path, check=True, env=env, stdout=subprocess.DEVNULL)


def timed(cmd, cwd):
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main(ggw, work, results):
    path = os.path.join(work, "ledger-papers")
    make_ledger(path)
    out = os.path.join(work, "papers-out")
    os.makedirs(out, exist_ok=True)
    html = [ggw, "-C", path, "report", "--year", "2025", "--format", "html", "-o", os.path.join(out, "r.html")]
    cmds = (("binder --unit xinyi (60 activities)",
             [ggw, "-C", path, "binder", "--unit", "xinyi", "--year", "2025", "-o", os.path.join(out, "b.pdf")], 3.0),
            ("report --format pdf", [ggw, "-C", path, "report", "--year", "2025", "--format", "pdf",
                                     "-o", os.path.join(out, "r.pdf")], 1.0))
    timed(html, path)
    for name, cmd, target in cmds:
        timed(cmd, path)
        a, b = [], []
        for _ in range(5):  # alternately: both see the same load
            b.append(timed(html, path))
            a.append(timed(cmd, path))
        t, ref = statistics.median(a), statistics.median(b)
        pages = subprocess.run(["pdfinfo", cmd[-1]], capture_output=True, text=True).stdout
        pages = next((l.split()[-1] for l in pages.splitlines() if l.startswith("Pages:")), "?")
        line = "ggw %-36s %8.1f ms (%s pages)   ggw report --format html %8.1f ms   target < %.0f s %s" % (
            name, t * 1000, pages, ref * 1000, target, "ok" if t < target else "OVER TARGET")
        print(line, flush=True)
        results.append(line)


if __name__ == "__main__":
    res = []
    main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), res)
