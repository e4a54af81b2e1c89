#!/usr/bin/env python3
"""The first sync receiving many commits (issue 15): a hub holding the
10,000-record ledger plus COMMITS new commits (one record each, from the
eleven units, with a ggw-style merge every 20th), made once with git
fast-import and cached under WORKDIR; then `ggw sync` of an office PC that
has none of them, beside `git fetch` + `git merge --ff-only` of the same;
and `ggw clone` of that hub beside `git clone` (GGW_BEFORE: another
build's ggw beside it).

Usage: bench_bigsync.py GGW WORKDIR [COMMITS]   (default 10000)
Also imported by bench.py (main())."""
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
UNITS = ["xinyi", "yixing", "xindabu", "xindadi", "baima", "liulin",
         "qiaodong", "qiaoxi", "jiangbin", "hehuatang", "yongfeng"]


def sh(cmd, cwd=None):
    subprocess.run(cmd, cwd=cwd, shell=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def record(i, unit):
    y = 2016 + i % 10
    aid = "%d%02d%02d-%08x" % (y, i % 12 + 1, i % 28 + 1, (i * 2654435761) & 0xffffffff)
    path = "activities/%s/%d/%s.yaml" % (unit, y, aid)
    body = ("schema: ggw/activity/1\nid: %s\nunit: %s\ntitle: 同步基准第%d次活动\n"
            "date: %d-%02d-%02d\ncategory: safety\nform: lecture\nlocation: 文化礼堂\n"
            "youth_count: %d\n" % (aid, unit, i, y, i % 12 + 1, i % 28 + 1, i % 90 + 1))
    return path, body.encode()


def fast_import_stream(commits, t0, units_path):
    """Commit k adds record k as its unit; every 20th commit is a merge of
    a side commit (another unit's record, made on the commit 3 back)."""
    out = []
    mark = 0
    main_marks = []

    def blob_cmd(path, data):
        return b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data)

    def commit(unit, msg, parent, extra, files):
        nonlocal mark
        mark += 1
        who = "%s-clerk <%s@ggw.local> %d +0800" % (unit, unit, t0 + mark)
        m = msg.encode()
        out.append(b"commit refs/heads/main\nmark :%d\nauthor %s\ncommitter %s\ndata %d\n%s\n"
                   % (mark, who.encode(), who.encode(), len(m), m))
        if parent:
            out.append(b"from %s\n" % parent.encode())
        for e in extra:
            out.append(b"merge %s\n" % e.encode())
        for path, data in files:
            out.append(blob_cmd(path, data))
        out.append(b"\n")
        return ":%d" % mark

    head = "refs/heads/main^0"
    units = open(units_path, "rb").read().replace(
        b"schema: ggw/units/1\n", b"schema: ggw/units/1\nledger: 5eed5eed5eed5eed5eed5eed5eed5eed\n", 1)
    head = commit("office", "台账编号\n\nGgw-Unit: office\nGgw-Record: units.yaml\nGgw-Action: edit\n",
                  head, [], [("units.yaml", units)])
    out.append(b"reset refs/heads/start\nfrom %s\n\n" % head.encode())
    for k in range(commits):
        unit = UNITS[k % len(UNITS)]
        path, data = record(k, unit)
        if k % 20 == 19 and len(main_marks) > 3:
            side_unit = UNITS[(k + 5) % len(UNITS)]
            spath, sdata = record(k + 1000000, side_unit)
            side = commit(side_unit, "新增活动\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: add\n"
                          % (side_unit, spath), main_marks[-3], [], [(spath, sdata)])
            head = commit(unit, "同步：合并\n", head, [side], [(spath, sdata)])
            main_marks.append(head)
            continue
        head = commit(unit, "新增活动\n\nGgw-Unit: %s\nGgw-Record: %s\nGgw-Action: add\n"
                      % (unit, path), head, [], [(path, data)])
        main_marks.append(head)
    return b"".join(out)


def make_hub(work, commits):
    """WORKDIR/bigsync-N/hub.git: the 10,000 ledger + commits (cached)."""
    base = os.path.join(work, "bigsync-%d" % commits)
    hub = os.path.join(base, "hub.git")
    if os.path.exists(os.path.join(base, "done")):
        return base, hub
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    src = os.path.join(work, "ledger-10000")
    if not os.path.exists(os.path.join(src, "units.yaml")):
        subprocess.run([sys.executable, os.path.join(HERE, "gen.py"), src, "10000"], check=True)
    sh("git clone -q --bare %s hub.git" % src, base)
    stream = fast_import_stream(commits, int(time.time()) - 40 * 86400, os.path.join(src, "units.yaml"))
    subprocess.run(["git", "fast-import", "--quiet"], cwd=hub, input=stream, check=True)
    sh("git gc -q", hub)
    open(os.path.join(base, "done"), "w").close()
    return base, hub


def fresh_office(base, hub):
    office = os.path.join(base, "office")
    shutil.rmtree(office, ignore_errors=True)
    # The PC has the ledger up to its id, none of the new commits.
    sh("git clone -q -b start %s office && git -C office branch -q -m main" % hub, base)
    sh("git config ggw.unit office && git config user.name office-clerk && "
       "git config user.email office@ggw.local && git remote remove origin && git remote add usb %s" % hub, office)
    return office


def timed(cmd, cwd=None):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd[:4]), p.stderr.decode(errors="replace")[-400:]))
    return time.perf_counter() - t0


def clone_line(ggw, base, hub, commits, before=None):
    """ggw clone of the same hub (its whole history passes through the
    sync check, records/sync_clone.h) beside git clone; before: another
    build's ggw, measured in the same run."""
    def one(cmd):
        d = os.path.join(base, "clone")
        shutil.rmtree(d, ignore_errors=True)
        t = timed(cmd + [d] + (["--unit", "xinyi"] if cmd[0] != "git" else []))
        shutil.rmtree(d, ignore_errors=True)
        return t
    t_git = min(one(["git", "clone", "-q", hub]) for _ in range(2))
    t_ggw = min(one([ggw, "clone", hub]) for _ in range(2))
    line = ("ggw clone of a hub with %d commits: %.1f s; git clone %.2f s; ratio %.1f"
            % (commits, t_ggw, t_git, t_ggw / t_git))
    if before:
        t_before = min(one([before, "clone", hub]) for _ in range(2))
        line += "; before (%s) %.1f s" % (before, t_before)
    return line


def main(ggw, work, report=None, results=None, commits=10000):
    base, hub = make_hub(work, commits)
    line = clone_line(ggw, base, hub, commits, os.environ.get("GGW_BEFORE"))
    print(line, flush=True)
    if results is not None:
        results.append(line)
    office = fresh_office(base, hub)
    subprocess.run([ggw, "-C", office, "list", "--count"], check=True, stdout=subprocess.DEVNULL)
    t_ggw = timed([ggw, "-C", office, "sync", "usb"])
    office2 = fresh_office(base, hub)
    t_git = timed(["git", "fetch", "-q", "usb"], cwd=office2)
    t_git += timed(["git", "merge", "-q", "--ff-only", "usb/main"], cwd=office2)
    line = ("ggw sync receiving %d commits: %.1f s; git fetch + merge --ff-only %.2f s; ratio %.1f"
            % (commits, t_ggw, t_git, t_ggw / t_git))
    print(line, flush=True)
    if results is not None:
        results.append(line)


if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    main(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]),
         commits=int(sys.argv[3]) if len(sys.argv) > 3 else 10000)
