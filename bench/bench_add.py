#!/usr/bin/env python3
"""ggw add beside `git add FILE && git commit` of an equivalent file, in the
same run on the same repository, alternately (issue 15: at most 1.5x wall
at 300 and at 100,000 records). Printed: wall and CPU medians, the ratio,
and the fsync-family system calls each makes (counted once under strace,
apart from the timed runs), plus the first `list` after an add beside a
warm one (the cache is updated, not rewritten whole).

Usage: bench_add.py GGW_BINARY WORKDIR [SIZES...]   (default 300 100000)
With GGW_ADD_BEFORE=/path/to/an/older/ggw, that binary's add is timed in
the same rounds too (the figures before a change, beside the ones after)."""
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SYNC_CALLS = "fsync,fdatasync,syncfs,sync,sync_file_range,msync"


def ledger(work, n):
    path = os.path.join(work, "ledger-%d" % n)
    if not os.path.exists(os.path.join(path, "units.yaml")):
        shutil.rmtree(path, ignore_errors=True)
        print("generating %d activities in %s ..." % (n, path), flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), path, str(n)], check=True)
    subprocess.run("git reset -q --hard && git clean -qfdx", shell=True, cwd=path, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def timed(cmd, cwd=None, shell=False):
    """Wall seconds and CPU seconds (the process and everything it waited for)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, shell=shell, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("%s failed: %s" % (cmd if shell else " ".join(cmd[:4]),
                                              err.decode(errors="replace")[:300]))
    return wall, ru.ru_utime + ru.ru_stime


def git_file(path):
    """A new activity file for git to commit (unique across runs: the
    ledger is reused and keeps its commits); its path relative to path."""
    rel = "activities/office/2030/20300101-%08x.yaml" % random.getrandbits(32)
    os.makedirs(os.path.join(path, os.path.dirname(rel)), exist_ok=True)
    with open(os.path.join(path, rel), "w") as f:
        f.write("schema: ggw/activity/1\nid: %s\nunit: office\ntitle: 基准测试活动\ndate: 2030-02-02\n"
                "category: other\nform: other\nyouth_count: 3\n" % os.path.basename(rel)[:-5])
    return rel


def git_cmd(rel):
    return "git add %s && git commit -q -m 基准" % rel


def count_syncs(cmd, cwd, shell=False):
    """fsync-family calls of one run, by strace -f -c (None without strace)."""
    if not shutil.which("strace"):
        return None
    out = os.path.join(cwd, ".git", "bench-strace.txt")
    argv = ["strace", "-f", "-c", "-e", "trace=" + SYNC_CALLS, "-o", out]
    argv += ["sh", "-c", cmd] if shell else cmd
    subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    counts = {}
    with open(out) as f:
        for line in f:
            m = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(\w+)\s*$", line)
            if m and m.group(2) != "total":
                counts[m.group(2)] = int(m.group(1))
    os.unlink(out)
    return counts


def fmt_counts(c):
    if c is None:
        return "n/a (no strace)"
    return "%d (%s)" % (sum(c.values()), ", ".join("%s %d" % kv for kv in sorted(c.items())) or "none")


def bench_add(ggw, path, n, results, rounds=9):
    add = [ggw, "-C", path, "add", "--force", "--set", "title=基准测试活动", "--set", "date=2030-02-02",
           "--set", "category=other", "--set", "form=other", "--set", "youth_count=3"]
    timed(add)  # warm: key made, cache written
    timed(git_cmd(git_file(path)), cwd=path, shell=True)
    before = os.environ.get("GGW_ADD_BEFORE")
    old = [os.path.abspath(before)] + add[1:] if before else None
    g_wall, g_cpu, a_wall, a_cpu, b_wall, b_cpu = [], [], [], [], [], []
    for _ in range(rounds):
        w, c = timed(git_cmd(git_file(path)), cwd=path, shell=True)
        g_wall.append(w)
        g_cpu.append(c)
        w, c = timed(add)
        a_wall.append(w)
        a_cpu.append(c)
        if old:
            w, c = timed(old)
            b_wall.append(w)
            b_cpu.append(c)
    gw, gc = statistics.median(g_wall), statistics.median(g_cpu)
    aw, ac = statistics.median(a_wall), statistics.median(a_cpu)
    ratio = aw / gw if gw > 0 else float("inf")
    line = ("ggw add (%d): wall %.1f ms, CPU %.1f ms; git add FILE && git commit: wall %.1f ms, "
            "CPU %.1f ms; ratio wall %.2f, CPU %.2f (target wall <= 1.5) %s" % (
                n, aw * 1000, ac * 1000, gw * 1000, gc * 1000, ratio, ac / gc if gc else 0,
                "ok" if ratio <= 1.5 else "OVER TARGET"))
    print(line, flush=True)
    results.append(line)
    if old:
        bw, bc = statistics.median(b_wall), statistics.median(b_cpu)
        line = ("  before (%s): wall %.1f ms, CPU %.1f ms; ratio wall %.2f, CPU %.2f; "
                "fsync-family calls %s" % (before, bw * 1000, bc * 1000, bw / gw, bc / gc if gc else 0,
                                           fmt_counts(count_syncs(old, path))))
        print(line, flush=True)
        results.append(line)
    line = "fsync-family calls (%d): ggw add %s; git add && git commit %s" % (
        n, fmt_counts(count_syncs(add, path)), fmt_counts(count_syncs(git_cmd(git_file(path)), path, True)))
    print(line, flush=True)
    results.append(line)
    # The list right after an add: the cache takes the new entry, it is not
    # rewritten whole (beside a warm list, alternately).
    lst = [ggw, "-C", path, "list", "--count"]
    timed(lst)
    after, warm = [], []
    for _ in range(5):
        timed(add)
        after.append(timed(lst)[0])
        warm.append(timed(lst)[0])
    line = "ggw list --count right after an add (%d): %.1f ms beside a warm one %.1f ms: ratio %.2f" % (
        n, statistics.median(after) * 1000, statistics.median(warm) * 1000,
        statistics.median(after) / statistics.median(warm))
    print(line, flush=True)
    results.append(line)


def main():
    ggw = os.path.abspath(sys.argv[1])
    work = os.path.abspath(sys.argv[2])
    sizes = [int(s) for s in sys.argv[3:]] or [300, 100000]
    os.makedirs(work, exist_ok=True)
    os.environ.update(GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="office@ggw.local",
                      GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="office@ggw.local",
                      LC_ALL="C.UTF-8")
    os.environ["XDG_CONFIG_HOME"] = os.path.join(work, "config")
    results = []
    for n in sizes:
        try:
            bench_add(ggw, ledger(work, n), n, results)
        except Exception as e:  # keep going: say what failed
            print("add (%d): n/a (%s)" % (n, e), flush=True)
    print("\nsummary (add):")
    for line in results:
        print("  " + line)


if __name__ == "__main__":
    main()
