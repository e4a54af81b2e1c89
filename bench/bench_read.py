#!/usr/bin/env python3
"""Read-side benchmarks of issue 15, each figure beside its reference
measured alternately in the same run on the same ledger:
  - read-only commands (list, list --count, show, report, audit) beside
    `git status --porcelain` (target 1.5x at 300 and 3,000 records);
  - `list --format csv|yaml` beside `list --format ids` (target 1.5x);
  - the interface from its spawn to the first key answered beside `git
    status` (target 1.5x at 300, 3,000, 100,000) and its peak RSS beside
    `ggw list`'s (target 1.2x);
  - the shared objects `ggw list` loads, and what loading them costs.

Start to first key uses the interface's key-script hook (tui/term.c):
GGW_TUI_SCRIPT names a file of keys (here one <Down>), GGW_TUI_T0 the
spawn time (CLOCK_MONOTONIC ns); the interface prints "first-key N ms" on
stderr when it has drawn its answer to the first key, and leaves after the
last key of the script. Test-only; the interface reads no key otherwise.

The machine is shared (other builds, other benchmarks): when it may
(root), the measuring runs under SCHED_FIFO, so that ggw and its
reference both run as on an idle machine, the way a user's PC runs them
(BENCH_RT=0: the normal scheduler). Each figure is the median of
BENCH_ROUNDS rounds (default 3) of alternating runs, and the load average
is printed at each size.

Usage: bench_read.py GGW_BINARY WORKDIR [SIZES...]  (default 300 3000 100000)"""
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench  # noqa: E402  (run_any, paired, report, ledger, results)

GIT_STATUS = ["git", "status", "--porcelain"]
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", "3")))


def rounds(measure):
    """measure() -> (value, reference, extra) ROUNDS times: the medians
    (each round's own figures are alternating runs already)."""
    got = [measure() for _ in range(ROUNDS)]
    return (statistics.median(g[0] for g in got), statistics.median(g[1] for g in got),
            max(g[2] for g in got))


def read_commands(ggw, path, n):
    """Each read-only command beside git status --porcelain; peak RSS of
    plain `ggw list`."""
    first = bench.run([ggw, "-C", path, "list", "--format", "ids"])[2].split(b"\n")[0].decode()
    rss_list = 0.0
    for name, args in (("list", ["list"]),
                       ("list --count", ["list", "--count"]),
                       ("show ID", ["show", first]),
                       ("report --year 2025", ["report", "--year", "2025"]),
                       ("audit", ["audit"])):
        t, ref, rss = rounds(lambda: bench.paired([ggw, "-C", path] + args, GIT_STATUS, path))
        bench.report("read: ggw %s (%d)" % (name, n), t, "git status --porcelain", ref, 1.5)
        if name == "list":
            rss_list = rss
    return rss_list


def formats(ggw, path, n):
    ids = [ggw, "-C", path, "list", "--format", "ids"]
    for fmt in ("csv", "yaml"):
        t, ref, _ = rounds(lambda: bench.paired([ggw, "-C", path, "list", "--format", fmt], ids, path, n=7))
        bench.report("read: ggw list --format %s (%d)" % (fmt, n), t, "ggw list --format ids", ref, 1.5)


def first_key(ggw, path, n, rss_list):
    """Spawn to the first key answered, beside git status (alternately)."""
    keys = os.path.join(os.path.dirname(path), "read-key1-%d" % n)
    with open(keys, "w") as f:
        f.write("<Down>\n")

    def once():
        env = dict(os.environ, GGW_TUI_SCRIPT=keys, TERM="xterm-256color",
                   GGW_TUI_T0=str(time.monotonic_ns()))
        p = subprocess.Popen([ggw, "-C", path, "tui"], env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        err = p.stderr.read().decode(errors="replace")
        _, _, ru = os.wait4(p.pid, 0)
        m = re.search(r"first-key ([0-9.]+) ms", err)
        if not m:
            raise RuntimeError("no timing line: %s" % err[-300:])
        return float(m.group(1)) / 1000, ru.ru_maxrss / 1024.0

    bench.run_any(GIT_STATUS, path)
    once()
    firsts, refs, rss = [], [], 0.0
    for _ in range(ROUNDS * (9 if n < 100000 else 5)):
        refs.append(bench.run_any(["git", "status"], path)[0])
        t, r = once()
        firsts.append(t)
        rss = max(rss, r)
    bench.report("read: tui start to first key (%d)" % n, statistics.median(firsts),
                 "git status", statistics.median(refs), 1.5)
    if rss_list:
        line = "read: tui peak RSS (%d): %.1f MB beside ggw list's %.1f MB: ratio %.2f (target <= 1.2) %s" % (
            n, rss, rss_list, rss / rss_list, "ok" if rss <= 1.2 * rss_list else "OVER TARGET")
        print(line, flush=True)
        bench.results.append(line)


def libraries(ggw, path):
    """How many shared objects `ggw list --count` maps, and the cost of
    starting (ggw --version) beside a program with libc only (true)."""
    out = subprocess.run(["ldd", ggw], capture_output=True, text=True).stdout
    nlibs = sum(1 for l in out.splitlines() if "=>" in l or "ld-linux" in l)
    t, ref, _ = bench.paired([ggw, "--version"], ["/bin/true"], path, n=15)
    line = "read: ggw links %d shared objects (ldd); ggw --version %.1f ms beside /bin/true %.1f ms" % (
        nlibs, t * 1000, ref * 1000)
    print(line, flush=True)
    bench.results.append(line)


def main(ggw, work, sizes):
    ggw = os.path.abspath(ggw)
    bench.GGW = ggw
    work = os.path.abspath(work)
    os.makedirs(work, exist_ok=True)
    os.environ.update(LC_ALL="C.UTF-8", XDG_CONFIG_HOME=os.path.join(work, "config"))
    for n in sizes:
        path = bench.ledger(work, n)
        bench.run([ggw, "-C", path, "list", "--count"])  # the cache, built once
        rss_list = None
        with bench.Quiet() as q:
            line = "read: ledger of %d activities: %s; %s; %d rounds" % (
                n, bench.load_note(), "SCHED_FIFO (as on an idle machine)" if q.on else "normal scheduler",
                ROUNDS)
            print("== " + line, flush=True)
            bench.results.append(line)
            try:
                if n <= 10000:
                    rss_list = read_commands(ggw, path, n)
                    formats(ggw, path, n)
                else:
                    rss_list = bench.run_any([ggw, "-C", path, "list"], path)[1]
                first_key(ggw, path, n, rss_list)
            except Exception as e:  # keep going: print what failed
                print("read (%d): n/a (%s)" % (n, e), flush=True)
    with bench.Quiet():
        libraries(ggw, work)
    print("\nsummary (read side):")
    for line in bench.results:
        print("  " + line)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]] or [300, 3000, 100000])
