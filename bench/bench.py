#!/usr/bin/env python3
"""ggw benchmarks: each figure is printed beside a reference measured in the
same run on the same repository (the git command), with the target ratio.
Times are the median of several runs; peak RSS comes from wait4().

Usage: bench.py GGW_BINARY WORKDIR [SIZES...]   (default sizes 10000 100000)"""
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time

GGW = None
HERE = os.path.dirname(os.path.abspath(__file__))
results = []


def run(cmd, cwd=None, env=None, stdin=None):
    """Run cmd, return (seconds, peak RSS in MB, stdout bytes)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=stdin or subprocess.DEVNULL)
    out = []
    reader = threading.Thread(target=lambda: out.append(p.stdout.read()))
    reader.start()
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    reader.join()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd[:4]), p.returncode,
                                                 err.decode(errors="replace")[:300]))
    return t, ru.ru_maxrss / 1024.0, out[0] if out else b""


def median_time(cmd, cwd=None, n=5, setup=None):
    times, rss = [], 0.0
    for _ in range(n):
        if setup:
            setup()
        t, r, _ = run(cmd, cwd=cwd)
        times.append(t)
        rss = max(rss, r)
    return statistics.median(times), rss


def sh(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, shell=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def report(name, value, ref_name, ref, target):
    ratio = value / ref if ref > 0 else float("inf")
    verdict = "ok" if ratio <= target else "OVER TARGET"
    line = "%-38s %8.1f ms   %-30s %8.1f ms   ratio %5.2f (target <= %.1f) %s" % (
        name, value * 1000, ref_name, ref * 1000, ratio, target, verdict)
    print(line, flush=True)
    results.append(line)


def ledger(work, n):
    path = os.path.join(work, "ledger-%d" % n)
    if not os.path.exists(os.path.join(path, "units.yaml")):
        shutil.rmtree(path, ignore_errors=True)
        print("generating %d activities in %s ..." % (n, path), flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), path, str(n)], check=True)
    sh("git reset -q --hard && git clean -qfdx", path)
    return path


def bench_list(path, n):
    print("== ledger of %d activities" % n, flush=True)
    t_cold, rss_cold, _ = run([GGW, "-C", path, "list", "--count"])
    print("list --count, cold cache (first run): %.1f ms, peak RSS %.1f MB" % (t_cold * 1000, rss_cold))
    run(["git", "status", "--porcelain"], cwd=path)
    git_status, _ = median_time(["git", "status", "--porcelain"], cwd=path)
    t, rss = median_time([GGW, "-C", path, "list", "--count"])
    report("ggw list --count (%d)" % n, t, "git status --porcelain", git_status, 2.0)
    t2, rss2 = median_time([GGW, "-C", path, "list", "--format", "ids"])
    report("ggw list --format ids (%d)" % n, t2, "git status --porcelain", git_status, 2.0)
    peak = max(rss, rss2, rss_cold)
    line = "peak RSS of list at %d: %.1f MB (target < 100 MB) %s" % (n, peak, "ok" if peak < 100 else "OVER TARGET")
    print(line)
    results.append(line)
    return t


def bench_add(path, n):
    counter = [0]

    def git_pair():
        counter[0] += 1
        d = os.path.join(path, "activities", "office", "2030")
        os.makedirs(d, exist_ok=True)
        # Unique across runs: the ledger is reused and keeps its commits.
        name = "20300101-%08x.yaml" % random.getrandbits(32)
        with open(os.path.join(d, name), "w") as f:
            f.write("schema: ggw/activity/1\nid: %s\nunit: office\ntitle: 基准\ndate: 2030-01-01\n"
                    "category: other\nform: other\nyouth_count: 1\n" % name[:-5])
        t0 = time.perf_counter()
        sh("git add activities/office/2030/%s && git commit -q -m 基准" % name, path)
        return time.perf_counter() - t0

    git_times = [git_pair() for _ in range(5)]
    add = [GGW, "-C", path, "add", "--force", "--set", "title=基准测试活动", "--set", "date=2030-02-02",
           "--set", "category=other", "--set", "form=other", "--set", "youth_count=3"]
    t, _ = median_time(add, n=5)
    report("ggw add (%d)" % n, t, "git add FILE && git commit", statistics.median(git_times), 2.0)


def bench_report(path, n, list_time):
    t, _ = median_time([GGW, "-C", path, "report", "--year", "2020", "--format", "csv"])
    report("ggw report --format csv (%d)" % n, t, "ggw list --count", list_time, 1.5)


def bench_tui(path, n, git_status_ref):
    """Start to first drawn list, and per-key processing time over 1,000
    movement keys and 20 incremental-search keystrokes (the interface
    replays GGW_TUI_SCRIPT and prints its own timings on stderr)."""
    keys = os.path.join(os.path.dirname(path), "tui-keys-%d" % n)
    with open(keys, "w") as f:
        f.write("<Down>" * 500 + "<PgDn>" * 200 + "<Up>" * 300 + "\n")
        f.write("/" + "防溺水<BS><BS><BS>" * 3 + "讲座" + "<Esc>\n")
    env = dict(os.environ, GGW_TUI_SCRIPT=keys, TERM="xterm-256color")
    run(["git", "status", "--porcelain"], cwd=path)
    git_status, _ = median_time(["git", "status", "--porcelain"], cwd=path, n=3)
    firsts, means, maxes = [], [], []
    for _ in range(3):
        p = subprocess.run(["script", "-qec", "%s -C %s tui 2>%s.err" % (GGW, path, keys), "/dev/null"],
                           env=env, capture_output=True, timeout=600)
        text = open(keys + ".err", errors="replace").read()
        m = re.search(r"first-draw ([0-9.]+) ms; keys (\d+); mean ([0-9.]+) ms; max ([0-9.]+) ms", text)
        if not m:
            raise RuntimeError("no timing line (exit %d): %s" % (p.returncode, text[-300:]))
        firsts.append(float(m.group(1)) / 1000)
        means.append(float(m.group(3)))
        maxes.append(float(m.group(4)))
        nkeys = int(m.group(2))
    report("ggw tui start to first list (%d)" % n, statistics.median(firsts),
           "git status --porcelain", git_status, 2.0)
    mean = statistics.median(means)
    line = "ggw tui keys (%d): %d keys, mean %.2f ms, max %.2f ms per key (target < 20 ms) %s" % (
        n, nkeys, mean, max(maxes), "ok" if mean < 20 else "OVER TARGET")
    print(line)
    results.append(line)


def main():
    global GGW
    GGW = os.path.abspath(sys.argv[1])
    work = os.path.abspath(sys.argv[2])
    sizes = [int(s) for s in sys.argv[3:]] or [10000, 100000]
    os.makedirs(work, exist_ok=True)
    os.environ.update(GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="office@ggw.local",
                      GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="office@ggw.local",
                      LC_ALL="C.UTF-8")
    for n in sizes:
        path = ledger(work, n)
        for name, fn in (("list", lambda: bench_list(path, n)),):
            try:
                list_time = fn()
            except Exception as e:  # keep going: print what failed
                print("%s: n/a (%s)" % (name, e))
                list_time = None
        for name, fn in (("report", lambda: bench_report(path, n, list_time)),
                         ("tui", lambda: bench_tui(path, n, None)),
                         ("add", lambda: bench_add(path, n))):
            try:
                if list_time is not None or name == "add":
                    fn()
            except Exception as e:
                print("%s: n/a (%s)" % (name, e))
    try:
        sys.path.insert(0, HERE)
        import bench_sync
        bench_sync.main(GGW, work, report, ledger, results)
    except ImportError:
        pass
    except Exception as e:
        print("sync: n/a (%s)" % e)
    print("\nsummary:")
    for line in results:
        print("  " + line)


if __name__ == "__main__":
    main()
