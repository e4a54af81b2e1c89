#!/usr/bin/env python3
"""Speed at city scale (issue 15): for each size (default 1,000 10,000
100,000; 1,000,000 when GGW_BENCH_1M=1 or BENCH_SIZES names it; ledgers
cached under WORKDIR like bench.py's):

  - `ggw clone` beside `git clone` of the same hub (target <= 1.3x at 100k),
    from a path and over git:// (a `git daemon` on 127.0.0.1; set
    BENCH_CLONE_GIT_DAEMON=0 to skip it), wall and CPU; sizes above
    BENCH_CLONE_MAX (default 100000) are skipped, saying so; each clone
    is written to a new ext4 of its own when root can make one (FreshDisk),
  - the first `list --count` after `ggw clone` beside a warm one (<= 2x),
  - a growth table: list --count, list, report, audit, add and interface
    start, each with its cost per record beside git status's,
  - peak RSS of each beside git status's; at 1,000,000 every command (and
    git status) runs in a cgroup limited to 512 MB when one can be made
    (systemd-run --scope, or cgroup v2 or v1 written directly as root),
    and says so when not; warm list --count beside git status (<= 1.2x);
    the interface also in tmux (drawn, one key answered).

With GGW_BENCH_1M=1 the 1,000,000-record ledger is added (generated once,
with git fast-import, under $GGW_BENCH_CACHE if set, else WORKDIR).

Usage: bench_big.py GGW WORKDIR [SIZES...]"""
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MB512 = 512 * 1024 * 1024


def make_cgroup():
    """A command prefix running its command under 512 MB, and its name;
    (None, why) when no cgroup can be made here. Tried in turn: systemd-run
    (system, then --user), cgroup v2 and cgroup v1 written directly as
    root. A group of v1 counts the page cache too, as v2's does."""
    if shutil.which("systemd-run"):
        for user in ([], ["--user"]):
            pre = ["systemd-run"] + user + ["--scope", "-q", "-p", "MemoryMax=512M", "-p", "MemorySwapMax=0"]
            if subprocess.run(pre + ["true"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0:
                return pre, "systemd-run %s--scope -p MemoryMax=512M" % ("--user " if user else "")
    if os.geteuid() != 0:
        return None, "not root, and systemd-run cannot make a scope here"
    tries = []
    for root, files in (("/sys/fs/cgroup", (("memory.max", str(MB512)), ("memory.swap.max", "0"))),
                        ("/sys/fs/cgroup/memory", (("memory.limit_in_bytes", str(MB512)),
                                                   ("memory.memsw.limit_in_bytes", str(MB512))))):
        if root == "/sys/fs/cgroup" and not os.path.exists(os.path.join(root, "cgroup.controllers")):
            continue
        if not os.path.exists(os.path.join(root, "cgroup.procs")):
            continue
        cg = os.path.join(root, "ggw-bench-%d" % os.getpid())
        try:
            os.makedirs(cg, exist_ok=True)
            for name, value in files:
                try:
                    with open(os.path.join(cg, name), "w") as f:
                        f.write(value)
                except OSError:
                    if name in ("memory.max", "memory.limit_in_bytes"):
                        raise
            # The shell puts itself into the group, then runs the command.
            return (["sh", "-c", 'echo $$ > %s/cgroup.procs && exec "$@"' % cg, "sh"],
                    "cgroup %s %s, 512 MB" % ("v1" if root.endswith("memory") else "v2", cg))
        except OSError as e:
            tries.append("%s: %s" % (cg, e))
            try:
                os.rmdir(cg)
            except OSError:
                pass
    return None, "no systemd-run scope, no writable cgroup (%s)" % ("; ".join(tries) or "none mounted")


def drop_cgroup(prefix):
    """Remove the group make_cgroup made (systemd's scopes go by themselves)."""
    if prefix and prefix[0] == "sh":
        cg = prefix[2].split(" > ")[1].split("/cgroup.procs")[0]
        try:
            os.rmdir(cg)
        except OSError:
            pass


def run(cmd, cwd=None, env=None, ok_codes=(0,)):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd[:6]), code, err.decode(errors="replace")[-300:]))
    return t, ru.ru_maxrss / 1024.0


def paired(cmd, ref, cwd, n, ok_codes=(0,)):
    run(cmd, cwd, ok_codes=ok_codes)
    run(ref, cwd)
    a, b, ra, rb = [], [], 0.0, 0.0
    for _ in range(n):
        t, r = run(ref, cwd)
        b.append(t)
        rb = max(rb, r)
        t, r = run(cmd, cwd, ok_codes=ok_codes)
        a.append(t)
        ra = max(ra, r)
    return statistics.median(a), statistics.median(b), ra, rb


def ledger(work, n):
    path = os.path.join(work, "ledger-%d" % n)
    if not os.path.exists(os.path.join(path, ".git", "refs", "heads", "main")) and \
            not os.path.exists(os.path.join(path, "units.yaml")):
        rmtree(path)
        print("generating %d activities in %s ..." % (n, path), flush=True)
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), path, str(n)], check=True)
    subprocess.run("git reset -q --hard && git clean -qfdx -e .git", cwd=path, shell=True, check=True)
    return path


def rmtree(path):
    """rm -rf: shutil.rmtree takes minutes over a million files."""
    subprocess.run(["rm", "-rf", "--", path], check=False)


def say(results, line):
    print(line, flush=True)
    results.append(line)


def run_cpu(cmd):
    """Wall seconds, CPU seconds (user + system, children included), peak MB."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    err = p.stderr.read()
    _, status, ru = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd[:6]), err.decode(errors="replace")[-300:]))
    return t, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0


def git_daemon(base):
    """A git daemon on 127.0.0.1 serving base, and its git:// prefix; (None, why) if none."""
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    try:
        d = subprocess.Popen(["git", "daemon", "--reuseaddr", "--export-all", "--base-path=" + base,
                              "--listen=127.0.0.1", "--port=%d" % port, base],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as e:
        return None, str(e)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return d, "git://127.0.0.1:%d/" % port
        except OSError:
            time.sleep(0.05)
    d.kill()
    return None, "git daemon did not listen"


class FreshDisk:
    """Where one clone is written: a new, empty ext4 made for it (mkfs.ext4's
    defaults, journal included, as on the users' PCs) on a loop device, with
    the hub copied in beside it, so that every clone, git's and ggw's, meets
    the same untouched file system. This machine's own disk is ext4 without
    a journal, and there a file system that has just deleted 100,000 files
    makes the next 100,000 creations up to 10x slower (the inode allocator
    skips inodes freed in the last minute, ext4's recently_deleted), so that
    alternating clones in one folder measured mostly the clone before.
    Needs root, mkfs.ext4 and mount -o loop; without them (or with
    BENCH_FRESH_DISK=0) the clone goes into base, as before, and the
    benchmark says so once."""
    said = False

    def __init__(self, base, n, hub):
        self.base, self.n, self.hub, self.mnt, self.img = base, n, hub, None, None

    def __enter__(self):
        if os.environ.get("BENCH_FRESH_DISK", "1") != "0" and os.geteuid() == 0 and shutil.which("mkfs.ext4"):
            img, mnt = os.path.join(self.base, "disk.img"), os.path.join(self.base, "disk")
            os.makedirs(mnt, exist_ok=True)
            # 12 KB and 1.5 inodes a record: two copies of the ledger and the hub.
            with open(img, "wb") as f:
                f.truncate(max(2 << 30, self.n * 12288))
            ok = subprocess.run(["mkfs.ext4", "-q", "-F", "-N", str(self.n * 3 // 2 + 20000), img],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0 and \
                subprocess.run(["mount", "-o", "loop", img, mnt],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0
            if ok:
                self.img, self.mnt = img, mnt
                if self.hub:
                    subprocess.run(["cp", "-a", self.hub, os.path.join(mnt, "hub.git")], check=True)
                subprocess.run(["sync"], check=True)
                return self
            os.unlink(img)
        if not FreshDisk.said:
            FreshDisk.said = True
            print("clone: no fresh ext4 for each clone (needs root, mkfs.ext4 and mount -o loop):"
                  " clones go into %s, and follow each other's deletions" % self.base, flush=True)
        return self

    def src(self, default):
        return os.path.join(self.mnt, "hub.git") if self.mnt and self.hub else default

    def dest(self, name):
        return os.path.join(self.mnt or self.base, name)

    def __exit__(self, *exc):
        if self.mnt:
            # A ggw clone's flushing process may still be closing its files.
            for _ in range(100):
                if subprocess.run(["umount", self.mnt], stderr=subprocess.DEVNULL).returncode == 0:
                    break
                time.sleep(0.05)
            os.unlink(self.img)
        return False


def clone_pair(ggw, base, src, label, n, results, reps, prefix=(), last=None):
    """git clone and ggw clone of src, alternating, each on a fresh disk
    (FreshDisk); last(folder, durable) is called on the last ggw clone, and
    calls durable() to wait for its background flush."""
    tg, tw, cg, cw, rg, rw, ts, td = [], [], [], [], 0.0, 0.0, [], []
    hub = src if os.path.isdir(src) else None
    for i in range(reps):
        with FreshDisk(base, n, hub) as disk:
            d = disk.dest("git-%d" % i)
            t, c, r = run_cpu(list(prefix) + ["git", "clone", "-q", disk.src(src), d])
            tg.append(t)
            cg.append(c)
            rg = max(rg, r)
            # What ggw does and git does not: make the new files durable
            # (one syncfs, as ggw clone's), so that a power cut after the
            # clone leaves no empty files.
            t0 = time.perf_counter()
            subprocess.run(["sync", "-f", d], check=False)
            ts.append(t + time.perf_counter() - t0)
            if not disk.mnt:
                rmtree(d)
        with FreshDisk(base, n, hub) as disk:
            d = disk.dest("ggw-%s-%d" % (label.strip(":/"), i))
            t0 = time.perf_counter()
            t, c, r = run_cpu(list(prefix) + [ggw, "clone", disk.src(src), d, "--unit", "office"])
            tw.append(t)
            cw.append(c)
            rw = max(rw, r)
            # ggw clone returns once its files are written; a process of its
            # own flushes them and then removes this marker (durable).
            mark = os.path.join(d, ".git", "ggw", "clone-unfinished")

            def durable():
                while os.path.exists(mark):
                    time.sleep(0.01)
                td.append(time.perf_counter() - t0)
            if last and i == reps - 1:
                last(d, durable)  # the first list runs as the flush does
            else:
                durable()
            if not disk.mnt:
                rmtree(d)
    g, w = statistics.median(tg), statistics.median(tw)
    say(results, "ggw clone %s (%d): %.2f s wall, %.2f s CPU, peak %.0f MB; git clone %.2f s wall, %.2f s CPU, "
        "peak %.0f MB; ratio %.2f wall, %.2f CPU (target <= 1.3) %s"
        % (label, n, w, statistics.median(cw), rw, g, statistics.median(cg), rg, w / g,
           statistics.median(cw) / statistics.median(cg), "ok" if w <= 1.3 * g else "OVER TARGET"))
    say(results, "  durable (ggw's background flush done) %.2f s, beside git clone then sync -f of its files"
        " %.2f s: ratio %.2f" % (statistics.median(td), statistics.median(ts),
                                 statistics.median(td) / statistics.median(ts)))


def bench_clone(ggw, work, path, n, results, reps, prefix=()):
    base = os.path.join(work, "clone-%d" % n)
    rmtree(base)
    os.makedirs(base)
    hub = os.path.join(base, "hub.git")
    subprocess.run(["git", "clone", "-q", "--bare", path, hub], check=True)
    # A hub holds packs (what ggw sync and hub init write), not loose objects.
    subprocess.run(["git", "-C", hub, "repack", "-adq"], check=True)

    def first_list(d, durable):
        first, r1 = run(list(prefix) + [ggw, "-C", d, "list", "--count"])
        durable()
        warm = statistics.median(run(list(prefix) + [ggw, "-C", d, "list", "--count"])[0] for _ in range(3))
        say(results, "first list --count after ggw clone (%d): %.1f ms; warm %.1f ms; ratio %.2f (target <= 2.0) %s"
            % (n, first * 1000, warm * 1000, first / warm, "ok" if first <= 2 * warm else "OVER TARGET"))

    clone_pair(ggw, base, hub, "path", n, results, reps, prefix, first_list)
    if os.environ.get("BENCH_CLONE_GIT_DAEMON", "1") != "0":
        daemon, url = git_daemon(base)
        if daemon is None:
            say(results, "ggw clone git:// (%d): n/a (%s)" % (n, url))
        else:
            try:
                clone_pair(ggw, base, url + "hub.git", "git://", n, results, reps, prefix)
            except RuntimeError as e:
                say(results, "ggw clone git:// (%d): n/a (%s)" % (n, e))
            finally:
                daemon.terminate()
                daemon.wait()
    rmtree(base)


def tui_start(ggw, path, prefix):
    keys = os.path.join(os.path.dirname(path), "big-key1")
    with open(keys, "w") as f:
        f.write("<Down>\n")
    env = dict(os.environ, GGW_TUI_SCRIPT=keys, TERM="xterm-256color")
    return run(prefix + [ggw, "-C", path, "tui"], env=env)


def growth(ggw, path, n, results, table, prefix):
    """The table's row for size n: each command with its per-record cost."""
    reps = 5 if n <= 10000 else 3 if n <= 100000 else 1
    status = prefix + ["git", "status", "--porcelain"]
    if prefix:
        # Pages already in memory were counted to whoever read them first:
        # drop the cache file's and the index's, so that the group counts
        # what the commands read.
        for f in (os.path.join(path, ".git", "ggw", "cache"), os.path.join(path, ".git", "index")):
            try:
                fd = os.open(f, os.O_RDONLY)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
                os.close(fd)
            except OSError:
                pass
    run(prefix + [ggw, "-C", path, "list", "--count"])  # the cache is warm
    row = {"n": n}
    t_git, r_git = statistics.median(run(status, path)[0] for _ in range(reps)), run(status, path)[1]
    row["git status"] = (t_git, r_git)
    first = subprocess.run(prefix + [ggw, "-C", path, "list", "--format", "ids"], check=True,
                           stdout=subprocess.PIPE).stdout.split(b"\n")[0].decode()
    cmds = (("list --count", ["list", "--count"], (0,)),
            ("list", ["list"], (0,)),
            ("show", ["show", first], (0,)),
            ("report", ["report", "--year", "2025"], (0,)),
            ("audit", ["audit"], (0, 1)),
            ("status", ["status"], (0,)))
    for name, args, codes in cmds:
        t, ref, rss, _ = paired(prefix + [ggw, "-C", path] + args, status, path, reps, codes)
        row[name] = (t, rss)
        if name == "list --count" and n >= 1000000:
            say(results, "warm list --count (%d): %.0f ms beside git status %.0f ms: ratio %.2f (target <= 1.2) %s"
                % (n, t * 1000, ref * 1000, t / ref, "ok" if t <= 1.2 * ref else "OVER TARGET"))
    add = prefix + [ggw, "-C", path, "add", "--force", "--set", "title=增长基准", "--set", "date=2030-04-04",
                    "--set", "category=other", "--set", "form=other", "--set", "youth_count=1"]
    try:
        ts = [run(add)[0] for _ in range(reps)]
        row["add"] = (statistics.median(ts), run(add)[1])
    except RuntimeError as e:
        row["add"] = None
        print("add: n/a (%s)" % e)
    try:
        ts = [tui_start(ggw, path, prefix) for _ in range(reps)]
        row["interface start"] = (statistics.median(t for t, _ in ts), max(r for _, r in ts))
    except RuntimeError as e:
        row["interface start"] = None
        print("interface: n/a (%s)" % e)
    if n >= 1000000:
        say(results, "interface in tmux (%d): %s" % (n, tui_tmux(ggw, path, prefix)))
        formats_at_scale(ggw, path, n, results, prefix)
    table.append(row)


def formats_at_scale(ggw, path, n, results, prefix):
    """list --format csv|yaml at 1,000,000 in the 512 MB group: the first
    one (no output cache: every file parsed and rendered, the cache
    written), then warm beside --format ids, with peak RSS."""
    base = prefix + [ggw, "-C", path, "list", "--format"]
    try:
        os.unlink(os.path.join(path, ".git", "ggw", "outcache"))
    except OSError:
        pass
    try:
        t, rss = run(base + ["yaml"])
        say(results, "first list --format yaml (%d, output cache built): %.1f s, peak RSS %.0f MB" % (n, t, rss))
        for fmt in ("csv", "yaml"):
            t, ref, rss, rss_ref = paired(base + [fmt], base + ["ids"], path, 3)
            say(results, "warm list --format %s (%d): %.0f ms, %.0f MB beside --format ids %.0f ms, %.0f MB:"
                " ratio %.2f (target <= 1.5) %s" % (fmt, n, t * 1000, rss, ref * 1000, rss_ref, t / ref,
                                                    "ok" if t <= 1.5 * ref else "OVER TARGET"))
    except RuntimeError as e:
        say(results, "list --format csv|yaml (%d): n/a (%s)" % (n, e))


def tui_tmux(ggw, path, prefix):
    """The interface on a real terminal (tmux, 80x24): start, the list
    drawn, one key (Down) answered, F10 leaves; the peak RSS its process
    reached (VmHWM just before leaving)."""
    sock = "ggwbench%d" % os.getpid()
    tmux = ["tmux", "-L", sock]
    if not shutil.which("tmux"):
        return "n/a (no tmux)"
    cmd = " ".join("'%s'" % a for a in prefix + [ggw, "-C", path, "tui"])
    t0 = time.perf_counter()
    subprocess.run(tmux + ["-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24",
                           "env TERM=xterm-256color " + cmd + "; sleep 30"], check=True)
    try:
        def screen():
            return subprocess.run(tmux + ["capture-pane", "-p"], stdout=subprocess.PIPE).stdout.decode(errors="replace")
        deadline = time.time() + 600
        while "F10" not in screen() and time.time() < deadline:
            time.sleep(0.2)
        drawn = time.perf_counter() - t0
        before = screen()
        subprocess.run(tmux + ["send-keys", "Down"], check=True)
        while screen() == before and time.time() < deadline:
            time.sleep(0.1)
        answered = time.perf_counter() - t0
        pids = subprocess.run(["pgrep", "-f", "%s -C %s tui" % (ggw, path)], stdout=subprocess.PIPE).stdout.split()
        hwm = "?"
        for pid in pids:
            try:
                for line in open("/proc/%s/status" % pid.decode()):
                    if line.startswith("VmHWM"):
                        hwm = "%.0f MB" % (int(line.split()[1]) / 1024)
            except OSError:
                pass
        if "F10" not in before:
            return "did not draw its screen in 600 s: " + before.strip()[:200]
        subprocess.run(tmux + ["send-keys", "F10"], check=True)
        return "list drawn at %.1f s, first key answered at %.1f s, peak RSS %s" % (drawn, answered, hwm)
    finally:
        subprocess.run(tmux + ["kill-server"], stderr=subprocess.DEVNULL)


def print_table(table, results):
    cols = ["git status", "list --count", "list", "show", "report", "audit", "status", "add",
            "interface start"]
    say(results, "growth table: wall ms (us per record) / peak RSS MB (bytes per record)")
    say(results, "%-9s " % "records" + " ".join("%-24s" % c for c in cols))
    for row in table:
        cells = []
        for c in cols:
            v = row.get(c)
            if not v:
                cells.append("%-24s" % "n/a")
                continue
            t, r = v
            cells.append("%-24s" % ("%.0f (%.1f) / %.0f (%.0f)" % (
                t * 1000, t * 1e6 / row["n"], r, r * 1048576 / row["n"])))
        say(results, "%-9d " % row["n"] + " ".join(cells))


def main(ggw, work, sizes):
    os.makedirs(work, exist_ok=True)
    os.environ.update(GIT_AUTHOR_NAME="bench", GIT_AUTHOR_EMAIL="office@ggw.local",
                      GIT_COMMITTER_NAME="bench", GIT_COMMITTER_EMAIL="office@ggw.local",
                      LC_ALL="C.UTF-8")
    os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(work, "config"))
    results, table = [], []
    # Clone is measured at 10,000 and 100,000 (1,000,000 takes long: only
    # when BENCH_CLONE_MAX allows it); BENCH_CLONE_MAX=10000 skips 100,000.
    clone_max = int(os.environ.get("BENCH_CLONE_MAX", "100000"))
    store = os.environ.get("GGW_BENCH_CACHE", work)
    for n in sizes:
        path = ledger(store if n >= 1000000 else work, n)
        prefix = []
        if n >= 1000000:
            prefix, how = make_cgroup()
            if prefix is None:
                say(results, "1,000,000: no 512 MB cgroup here (%s): run without a limit, peak RSS shown" % how)
                prefix = []
            else:
                say(results, "1,000,000: every command in a 512 MB cgroup (%s)" % how)
        try:
            if n > clone_max:
                say(results, "ggw clone (%d): skipped (BENCH_CLONE_MAX=%d; set BENCH_CLONE_MAX=%d to measure it)"
                    % (n, clone_max, n))
            elif n >= 10000:
                bench_clone(ggw, work, path, n, results, 3 if n <= 10000 else 1, prefix)
        except RuntimeError as e:
            print("clone: n/a (%s)" % e)
        try:
            growth(ggw, path, n, results, table, prefix)
        except RuntimeError as e:
            print("growth %d: n/a (%s)" % (n, e))
        drop_cgroup(prefix)
    print_table(table, results)
    return results


if __name__ == "__main__":
    env_sizes = os.environ.get("BENCH_SIZES", "").split()
    args = sys.argv[3:] or env_sizes or ["1000", "10000", "100000"]
    if os.environ.get("GGW_BENCH_1M") == "1" and "1000000" not in args:
        args.append("1000000")
    elif "1000000" not in args:
        print("growth table without 1,000,000 records: GGW_BENCH_1M=1 adds it (about 15 minutes"
              " the first time, to generate it under GGW_BENCH_CACHE or WORKDIR; later runs reuse it)")
    main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), [int(s) for s in args])
