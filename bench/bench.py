#!/usr/bin/env python3
"""ggw benchmarks: each figure is printed beside a reference measured in the
same run on the same repository (the git command), with the target ratio.
Times are the median of several runs; peak RSS comes from wait4(). The
read side (list, show, report, audit, the interface) runs under
SCHED_FIFO where allowed, as on an idle machine (BENCH_RT=0: not).

Usage: bench.py GGW_BINARY WORKDIR [SIZES...]   (default sizes 300 3000 10000 100000;
the sync figures need 10000 among them)"""
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
sys.path.insert(0, HERE)
import bench_form  # noqa: E402
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


def run_any(cmd, cwd=None, env=None):
    """Like run, but any exit status is fine (audit exits 1 on findings)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    _, _, ru = os.wait4(p.pid, 0)
    return time.perf_counter() - t0, ru.ru_maxrss / 1024.0


def paired(cmd, ref, cwd, n=9):
    """cmd and its reference run alternately n times each (the machine may
    be loaded by others: both see the same load); medians and peak RSS."""
    run_any(cmd, cwd)
    run_any(ref, cwd)
    a, b, rss = [], [], 0.0
    for _ in range(n):
        t, r = run_any(ref, cwd)
        b.append(t)
        t, r = run_any(cmd, cwd)
        a.append(t)
        rss = max(rss, r)
    return statistics.median(a), statistics.median(b), rss


class Quiet:
    """SCHED_FIFO for this process and what it starts, where allowed."""

    def __init__(self):
        self.on = False

    def __enter__(self):
        if os.environ.get("BENCH_RT", "1") != "0" and hasattr(os, "sched_setscheduler"):
            try:
                os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
                self.on = True
            except OSError:
                pass
        return self

    def __exit__(self, *exc):
        if self.on:
            os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
        return False


def quiet(fn):
    with Quiet():
        return fn()


def load_note():
    with open("/proc/loadavg") as f:
        return "load average %s" % " ".join(f.read().split()[:3])


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


GIT_STATUS = ["git", "status", "--porcelain"]


def bench_list(path, n):
    """Read-only commands beside git status --porcelain (issue 15: at most
    1.5x at 300 and 3,000 records), and list --format csv|yaml beside
    --format ids."""
    print("== ledger of %d activities" % n, flush=True)
    t_cold, rss_cold, _ = run([GGW, "-C", path, "list", "--count"])
    print("list --count, cold cache (first run): %.1f ms, peak RSS %.1f MB" % (t_cold * 1000, rss_cold))
    first = run([GGW, "-C", path, "list", "--format", "ids"])[2].split(b"\n")[0].decode()
    peak = rss_cold
    for name, args in (("list --count", ["list", "--count"]),
                       ("list --format ids", ["list", "--format", "ids"]),
                       ("show ID", ["show", first]),
                       ("report --year 2025", ["report", "--year", "2025"]),
                       ("audit", ["audit"])):
        t, ref, rss = paired([GGW, "-C", path] + args, GIT_STATUS, path)
        report("ggw %s (%d)" % (name, n), t, "git status --porcelain", ref, 1.5)
        peak = max(peak, rss)
    ids = [GGW, "-C", path, "list", "--format", "ids"]
    for fmt in ("csv", "yaml"):
        t, ref, _ = paired([GGW, "-C", path, "list", "--format", fmt], ids, path, n=5)
        report("ggw list --format %s (%d)" % (fmt, n), t, "ggw list --format ids", ref, 1.5)
    line = "peak RSS of list at %d: %.1f MB (target < 100 MB) %s" % (n, peak, "ok" if peak < 100 else "OVER TARGET")
    print(line)
    results.append(line)
    return peak


def bench_add(path, n):
    """ggw add beside git add FILE && git commit, alternately (target 1.5x)."""
    def git_pair():
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
    run(add)
    git_times, ggw_times = [], []
    for _ in range(5):
        git_times.append(git_pair())
        ggw_times.append(run(add)[0])
    report("ggw add (%d)" % n, statistics.median(ggw_times), "git add FILE && git commit",
           statistics.median(git_times), 1.5)


def bench_sign(path, n):
    """Signing's cost (issue 10: at most 5 ms added to ggw add): ggw add
    signed and unsigned (GGW_TEST_UNSIGNED=1), alternately, beside git add
    FILE && git commit; and one signature alone (build/sshsig_tool)."""
    add = [GGW, "-C", path, "add", "--force", "--set", "title=签名基准", "--set", "date=2030-03-03",
           "--set", "category=other", "--set", "form=other", "--set", "youth_count=2"]
    unsigned_env = dict(os.environ, GGW_TEST_UNSIGNED="1")
    run(add)
    run(add, env=unsigned_env)

    def cpu_and_wall(env=None):
        t0 = time.perf_counter()
        p = subprocess.Popen(add, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, ru = os.wait4(p.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("ggw add failed")
        return time.perf_counter() - t0, ru.ru_utime + ru.ru_stime

    signed, unsigned, git_times = [], [], []
    for i in range(21):
        d = os.path.join(path, "activities", "office", "2030")
        os.makedirs(d, exist_ok=True)
        name = "20300101-%08x.yaml" % random.getrandbits(32)
        with open(os.path.join(d, name), "w") as f:
            f.write("schema: ggw/activity/1\nid: %s\nunit: office\ntitle: 基准\ndate: 2030-01-01\n"
                    "category: other\nform: other\nyouth_count: 1\n" % name[:-5])
        t0 = time.perf_counter()
        sh("git add activities/office/2030/%s && git commit -q -m 基准" % name, path)
        git_times.append(time.perf_counter() - t0)
        signed.append(cpu_and_wall())
        unsigned.append(cpu_and_wall(unsigned_env))
    med = lambda v, k: statistics.median(x[k] for x in v)
    sw, uw, sc, uc = med(signed, 0), med(unsigned, 0), med(signed, 1), med(unsigned, 1)
    g = statistics.median(git_times)
    # The verdict is on CPU time: signing adds computation only (the key
    # file is read from the page cache, no extra fsync), and wall time on a
    # shared machine varies by more than the whole cost.
    extra = sc - uc
    line = ("ggw add signed (%d): wall %.1f ms, CPU %.2f ms; unsigned: wall %.1f ms, CPU %.2f ms;"
            " signing adds %.2f ms CPU (target <= 5 ms) %s; git add FILE && git commit %.1f ms" % (
                n, sw * 1000, sc * 1000, uw * 1000, uc * 1000, extra * 1000,
                "ok" if extra <= 0.005 else "OVER TARGET", g * 1000))
    print(line, flush=True)
    results.append(line)
    tool = os.path.join(os.path.dirname(GGW), "sshsig_tool")
    key = os.path.join(os.environ["XDG_CONFIG_HOME"], "ggw", "keys", "office_ed25519")
    if os.path.exists(tool) and os.path.exists(key):
        out = subprocess.run([tool, "bench", key, "2000"], check=True, capture_output=True,
                             text=True).stdout
        v = dict(l.split() for l in out.splitlines())
        line = "one SSH signature (sign_us): %.1f us; loading the key: %.1f us" % (
            float(v["sign_us"]), float(v["load_key_us"]))
        print(line, flush=True)
        results.append(line)


def tui_once(path, keys):
    """One run of the interface on a key script, straight on a pipe (no
    pty wrapper to time): its timing line, and its peak RSS."""
    env = dict(os.environ, GGW_TUI_SCRIPT=keys, TERM="xterm-256color",
               GGW_TUI_T0=str(time.monotonic_ns()))
    p = subprocess.Popen([GGW, "-C", path, "tui"], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    err = p.stderr.read().decode(errors="replace")
    _, _, ru = os.wait4(p.pid, 0)
    m = re.search(r"first-draw ([0-9.]+) ms; first-key ([0-9.]+) ms; keys (\d+); "
                  r"mean ([0-9.]+) ms; max ([0-9.]+) ms", err)
    if not m:
        raise RuntimeError("no timing line: %s" % err[-300:])
    return [float(x) for x in m.groups()], ru.ru_maxrss / 1024.0


def bench_tui(path, n, list_rss):
    """Start (the spawn) to the first key answered, beside git status run
    alternately (target 1.5x); memory beside ggw list's (target 1.2x); then
    per-key time over 1,000 movement keys and 20 search keystrokes."""
    d = os.path.dirname(path)
    one = os.path.join(d, "tui-key1-%d" % n)
    with open(one, "w") as f:
        f.write("<Down>\n")
    keys = os.path.join(d, "tui-keys-%d" % n)
    with open(keys, "w") as f:
        f.write("<Down>" * 500 + "<PgDn>" * 200 + "<Up>" * 300 + "\n")
        f.write("/" + "防溺水<BS><BS><BS>" * 3 + "讲座" + "<Esc>\n")
    run_any(GIT_STATUS, path)
    tui_once(path, one)
    firsts, refs, rss = [], [], 0.0
    for _ in range(5):
        refs.append(run_any(GIT_STATUS, path)[0])
        v, r = tui_once(path, one)
        firsts.append(v[1] / 1000)
        rss = max(rss, r)
    report("ggw tui start to first key (%d)" % n, statistics.median(firsts),
           "git status --porcelain", statistics.median(refs), 1.5)
    line = "ggw tui peak RSS (%d): %.1f MB beside ggw list's %.1f MB: ratio %.2f (target <= 1.2) %s" % (
        n, rss, list_rss, rss / list_rss, "ok" if rss <= 1.2 * list_rss else "OVER TARGET")
    print(line)
    results.append(line)
    means, maxes = [], []
    for _ in range(3):
        v, _ = tui_once(path, keys)
        means.append(v[3])
        maxes.append(v[4])
        nkeys = int(v[2])
    mean = statistics.median(means)
    line = "ggw tui keys (%d): %d keys, mean %.2f ms, max %.2f ms per key (target < 20 ms) %s" % (
        n, nkeys, mean, max(maxes), "ok" if mean < 20 else "OVER TARGET")
    print(line)
    results.append(line)


def main():
    global GGW
    GGW = os.path.abspath(sys.argv[1])
    work = os.path.abspath(sys.argv[2])
    sizes = [int(s) for s in sys.argv[3:]] or [300, 3000, 10000, 100000]
    os.makedirs(work, exist_ok=True)
    os.environ.update(GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="office@ggw.local",
                      GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="office@ggw.local",
                      LC_ALL="C.UTF-8")
    # This PC's signing key for the bench ledgers, not the user's own.
    os.environ["XDG_CONFIG_HOME"] = os.path.join(work, "config")
    for n in sizes:
        path = ledger(work, n)
        list_rss = None
        try:
            with Quiet() as q:  # the read side as on an idle machine (bench_read.py)
                print("read side at %d: %s; %s" % (n, load_note(),
                      "SCHED_FIFO" if q.on else "normal scheduler"), flush=True)
                list_rss = bench_list(path, n)
        except Exception as e:  # keep going: print what failed
            print("list: n/a (%s)" % e)
        for name, fn in (("tui", lambda: quiet(lambda: bench_tui(path, n, list_rss))),
                         ("form", lambda: bench_form.bench_form(GGW, path, n, paired, results)),
                         ("add", lambda: bench_add(path, n)),
                         ("sign", lambda: bench_sign(path, n))):
            try:
                if list_rss is not None or name in ("add", "sign"):
                    fn()
            except Exception as e:
                print("%s: n/a (%s)" % (name, e))
    try:  # the papers (binder, PDF report) on a ledger of their own
        sys.path.insert(0, HERE)
        import bench_papers
        bench_papers.main(GGW, work, results)
    except Exception as e:
        print("papers: n/a (%s)" % e)
    if 10000 not in sizes:  # the sync figures are on the 10,000 ledger
        sizes = None
    try:
        if sizes is None:
            raise ImportError
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
