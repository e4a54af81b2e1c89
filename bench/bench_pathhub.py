#!/usr/bin/env python3
"""Sync through a hub on a path (a USB stick folder), which ggw reads and
writes directly (storage/hubpath.c) instead of through libgit2's local
transport. On the demo ledger (built once through ggw: ~300 activities and
the other records, a real history): the office's first sync onto an empty
stick (the whole history), a unit PC 100 commits behind syncing (fetch,
merge with one record of its own, push), and one new record's round trip.
Each figure is the median of ROUNDS runs, interleaved with the same runs of
OTHER_GGW when given (the build before the change), beside `git push` /
`git fetch` of the same change.

Usage: bench_pathhub.py GGW [OTHER_GGW] [WORKDIR]"""
import os
import shutil
import statistics
import subprocess
import sys
import time

ROUNDS = int(os.environ.get("ROUNDS", "5"))
HERE = os.path.dirname(os.path.abspath(__file__))


def run(*args, cwd=None, check=True):
    r = subprocess.run(list(args), cwd=cwd, capture_output=True, text=True)
    if check and r.returncode != 0:
        sys.exit("bench_pathhub: %s failed: %s" % (" ".join(args), r.stderr.strip()[:400]))
    return r


def timed(*args, **kw):
    t = time.monotonic()
    run(*args, **kw)
    return time.monotonic() - t


def demo_ledger(ggw, work):
    led = os.path.join(work, "demo-ledger")
    if not os.path.exists(os.path.join(led, "units.yaml")):
        shutil.rmtree(led, ignore_errors=True)
        run("python3", os.path.join(HERE, "..", "demo", "build.py"), ggw, led)
    return led


def setup_pc(d, unit):
    for k, v in (("ggw.unit", unit), ("user.name", unit + "-clerk"),
                 ("user.email", unit + "@ggw.local"), ("ggw.timeout", "120")):
        run("git", "-C", d, "config", k, v)


def add_record(ggw, d, title):
    run(ggw, "-C", d, "add", "--type", "activity", "--set", "title=" + title,
        "--set", "date=2025-06-01", "--set", "category=safety", "--set", "form=lecture",
        "--set", "youth_count=5")


def behind_pc(led, unit):
    """A unit PC holding only the history up to 100 commits ago."""
    run("git", "-C", led, "branch", "-f", "bench-old", "HEAD~100")
    run("git", "clone", "-q", "--no-local", "--single-branch", "-b", "bench-old", led, unit)
    run("git", "-C", led, "branch", "-D", "bench-old")
    run("git", "-C", unit, "branch", "-m", "bench-old", "main")
    run("git", "-C", unit, "remote", "remove", "origin")


def one_round(ggw, led, work, tag):
    """Times of one round with ggw: first sync, 100 behind, one record."""
    base = os.path.join(work, "r-" + tag)
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    usb, office, unit = (os.path.join(base, x) for x in ("usb.git", "office", "xinyi"))
    run("cp", "-a", led, office)
    setup_pc(office, "office")
    run(ggw, "hub", "init", usb)
    run(ggw, "-C", office, "remote", "add", "usb", usb)
    first = timed(ggw, "-C", office, "sync")
    behind_pc(led, unit)
    setup_pc(unit, "xinyi")
    run(ggw, "-C", unit, "remote", "add", "usb", usb)
    run("git", "-C", unit, "update-ref", "refs/remotes/usb/main", "HEAD")
    add_record(ggw, unit, "新义 100 个提交之后")
    behind = timed(ggw, "-C", unit, "sync")
    add_record(ggw, unit, "新义 一条")
    one = timed(ggw, "-C", unit, "sync")
    back = timed(ggw, "-C", office, "sync")
    shutil.rmtree(base, ignore_errors=True)
    return first, behind, one, back


def git_round(led, work):
    base = os.path.join(work, "r-git")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    usb, unit = os.path.join(base, "usb.git"), os.path.join(base, "xinyi")
    run("git", "init", "-q", "--bare", usb)
    first = timed("git", "-C", led, "push", "-q", usb, "HEAD:refs/heads/main")
    behind_pc(led, unit)
    behind = timed("git", "-C", unit, "fetch", "-q", usb, "main:refs/remotes/usb/main")
    shutil.rmtree(base, ignore_errors=True)
    return first, behind


def main():
    ggw = os.path.abspath(sys.argv[1])
    other = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else None
    work = os.path.abspath(sys.argv[3] if len(sys.argv) > 3 else
                           os.path.join(os.path.dirname(ggw), "bench", "pathhub"))
    os.makedirs(work, exist_ok=True)
    led = demo_ledger(ggw, work)
    commits = run("git", "-C", led, "rev-list", "--count", "HEAD").stdout.strip()
    res = {"this": [], "other": [], "git": []}
    for i in range(ROUNDS):
        res["this"].append(one_round(ggw, led, work, "this"))
        if other:
            res["other"].append(one_round(other, led, work, "other"))
        res["git"].append(git_round(led, work))
    names = ("first sync onto an empty stick", "unit 100 commits behind: sync",
             "one new record: sync", "office receives it: sync")
    print("sync through a stick, demo ledger (%s commits), median of %d:" % (commits, ROUNDS))
    for k, name in enumerate(names):
        line = "  %-34s %6.2f s" % (name, statistics.median(r[k] for r in res["this"]))
        if other:
            line += "   before: %6.2f s" % statistics.median(r[k] for r in res["other"])
        if k < 2:
            line += "   git %s: %5.2f s" % ("push" if k == 0 else "fetch",
                                             statistics.median(r[k] for r in res["git"]))
        print(line)


if __name__ == "__main__":
    main()
