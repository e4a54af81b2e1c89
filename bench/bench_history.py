#!/usr/bin/env python3
"""A long history (one commit per change, as ggw records): `ggw clone`
beside `git clone` of a hub with N small commits (default 10,000 and
30,000), median of REPS (default 3) runs each, wall and CPU. ggw clone
checks every commit of the hub's main with the sync's incoming check.

The ledger is made by ggw init and ggw unit add (11 units), then N commits
by git fast-import, each a new or changed activity in one unit's folder
with that unit's Ggw-Unit trailer (every 7th by the office, which may
write anywhere), as ggw add would make them; hubs are cached under
WORKDIR/history-N.

Usage: bench_history.py GGW WORKDIR [N...]"""
import os
import statistics
import subprocess
import sys
import time
import zlib

from bench_big import run_cpu  # wall s, CPU s, peak MB

UNITS = "xinyi dongshan nanhu beiyuan xishan hexi qiaotou shiqiao liuzhuang zhongxin xuexiao".split()


def act_id(unit, i):
    return "20240%d%02d-%08x" % ((i % 9) + 1, (i % 27) + 1, zlib.crc32(("%s-%d" % (unit, i)).encode()))


def record(unit, rid, title):
    d = rid[:8]
    return ("schema: ggw/activity/1\nid: %s\nunit: %s\ntitle: %s\ndate: %s-%s-%s\ncategory: safety\n"
            "form: lecture\nlocation: 文化礼堂\nyouth_count: 30\n" % (rid, unit, title, d[:4], d[4:6], d[6:8])).encode()


def make_hub(ggw, work, n):
    base = os.path.join(work, "history-%d" % n)
    hub = os.path.join(base, "hub.git")
    if os.path.exists(os.path.join(hub, "ok")):
        return hub
    subprocess.run(["rm", "-rf", base], check=True)
    os.makedirs(base)
    src = os.path.join(base, "src")
    q = dict(stdout=subprocess.DEVNULL, check=True)
    subprocess.run([ggw, "init", src, "--street", "XX街道关工委", "--unit", "office"], **q)
    for k, v in (("ggw.unit", "office"), ("user.name", "office-clerk"), ("user.email", "office@ggw.local")):
        subprocess.run(["git", "-C", src, "config", k, v], check=True)
    for u in UNITS:
        subprocess.run([ggw, "-C", src, "unit", "add", u, u + "关工委", "--kind", "village"], **q)
    fi = subprocess.Popen(["git", "-C", src, "fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = fi.stdin
    t0 = 1700000000
    made = {u: [] for u in UNITS}
    for i in range(n):
        u = UNITS[i % len(UNITS)]
        who = "office" if i % 7 == 0 else u
        if made[u] and i % 3 == 0:  # a change to an earlier record
            rid = made[u][(i // 3) % len(made[u])]
            action, title = "edit", "%s 活动 %d（改）" % (u, i)
        else:
            rid = act_id(u, i)
            made[u].append(rid)
            action, title = "add", "%s 活动 %d" % (u, i)
        path = "activities/%s/%s/%s.yaml" % (u, rid[:4], rid)
        msg = ("%s：%s\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: %s\n" % (action, title, who, path, action)).encode()
        data = record(u, rid, title)
        out.write(b"commit refs/heads/main\n")
        out.write(("committer %s-clerk <%s@ggw.local> %d +0800\n" % (who, who, t0 + i * 60)).encode())
        out.write(b"data %d\n%s\n" % (len(msg), msg))
        if i == 0:
            out.write(b"from refs/heads/main^0\n")
        out.write(b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data))
    out.close()
    if fi.wait() != 0:
        raise RuntimeError("fast-import failed")
    subprocess.run(["git", "clone", "-q", "--bare", src, hub], check=True)
    subprocess.run(["git", "-C", hub, "repack", "-adq"], check=True)
    open(os.path.join(hub, "ok"), "w").close()
    subprocess.run(["rm", "-rf", src], check=True)
    return hub


def main(ggw, work, sizes):
    reps = int(os.environ.get("REPS", "3"))
    for n in sizes:
        hub = make_hub(ggw, work, n)
        tg, cg, tw, cw = [], [], [], []
        for i in range(reps):
            d = os.path.join(work, "history-%d" % n, "c")
            subprocess.run(["rm", "-rf", d], check=True)
            t, c, _ = run_cpu(["git", "clone", "-q", hub, d])
            tg.append(t)
            cg.append(c)
            subprocess.run(["rm", "-rf", d], check=True)
            t, c, _ = run_cpu([ggw, "clone", hub, d, "--unit", "office"])
            tw.append(t)
            cw.append(c)
            subprocess.run(["rm", "-rf", d], check=True)
        g, w = statistics.median(tg), statistics.median(tw)
        print("%d commits: ggw clone %.2f s wall, %.2f s CPU; git clone %.2f s wall, %.2f s CPU; ratio %.2f wall"
              " (median of %d, runs ggw %s git %s)"
              % (n, w, statistics.median(cw), g, statistics.median(cg), w / g, reps,
                 " ".join("%.2f" % x for x in tw), " ".join("%.2f" % x for x in tg)), flush=True)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]),
         [int(x) for x in sys.argv[3:]] or [10000, 30000])
