"""Sync benchmark (imported by bench.py): on a 10,000-record ledger, the
time and bytes of syncing one new record through a local hub and through
git daemon, beside `git push` / `git fetch` of the same change in the same
run. Bytes through git daemon are counted by a small TCP relay; bytes to a
local hub are the growth of the hub's objects folder."""
import os
import shutil
import socket
import subprocess
import threading
import time

N = 10000


def du(path):
    total = 0
    for root, _, files in os.walk(os.path.join(path, "objects")):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


class Relay:
    """Forward 127.0.0.1:port to target, counting bytes both ways."""

    def __init__(self, target_port):
        self.target = target_port
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.up = self.down = 0
        self.lock = threading.Lock()
        threading.Thread(target=self.serve, daemon=True).start()

    def reset(self):
        with self.lock:
            self.up = self.down = 0

    def pipe(self, a, b, up):
        try:
            while True:
                data = a.recv(65536)
                if not data:
                    break
                with self.lock:
                    if up:
                        self.up += len(data)
                    else:
                        self.down += len(data)
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def serve(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            s = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self.pipe, args=(c, s, True), daemon=True).start()
            threading.Thread(target=self.pipe, args=(s, c, False), daemon=True).start()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


def sh(cmd, cwd=None):
    subprocess.run(cmd, cwd=cwd, shell=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed(cmd, cwd=None):
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t0


def add_one(ggw, repo, i):
    subprocess.run([ggw, "-C", repo, "add", "--force", "--set", "title=同步基准%d" % i, "--set", "date=2031-01-0%d" % (i % 9 + 1),
                    "--set", "category=other", "--set", "form=other", "--set", "youth_count=1"],
                   check=True, stdout=subprocess.DEVNULL)


def main(ggw, work, report, ledger, results):
    src = ledger(work, N)
    base = os.path.join(work, "sync")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    # Two hubs with identical content: one for ggw, one for git.
    for hub in ("hub-ggw.git", "hub-git.git"):
        sh("git clone -q --bare %s %s" % (src, hub), base)
    unit = os.path.join(base, "unit")
    sh("git clone -q %s unit" % os.path.join(base, "hub-ggw.git"), base)
    # The clone's origin is the ggw hub: ggw refuses to register the same
    # hub twice, so it is renamed rather than added again.
    sh("git config ggw.unit office && git config user.name bench && "
       "git remote rename origin usb && "
       "git remote add github %s" % os.path.join(base, "hub-git.git"), unit)
    subprocess.run([ggw, "-C", unit, "list", "--count"], check=True, stdout=subprocess.DEVNULL)

    # Local hub: ggw sync vs git push of the same single-record commit.
    add_one(ggw, unit, 1)
    before = du(os.path.join(base, "hub-ggw.git"))
    t_ggw = timed([ggw, "-C", unit, "sync", "usb"])
    b_ggw = du(os.path.join(base, "hub-ggw.git")) - before
    before = du(os.path.join(base, "hub-git.git"))
    # ggw sync fetches, verifies, merges and pushes: git's same pair.
    t_git = timed(["git", "fetch", "-q", "github"], cwd=unit)
    t_git += timed(["git", "push", "-q", "github", "main"], cwd=unit)
    b_git = du(os.path.join(base, "hub-git.git")) - before
    report("ggw sync, local hub, 1 record", t_ggw, "git fetch + git push (local)", t_git, 2.0)
    ratio = b_ggw / max(1, b_git)
    line = "  bytes written to the local hub: ggw %d, git %d, ratio %.2f (target <= 2.0) %s" % (
        b_ggw, b_git, ratio, "ok" if ratio <= 2.0 else "OVER TARGET")
    print(line)
    results.append(line.strip())

    # git daemon: a second unit pushes one record; measure the fetch side.
    port = free_port()
    daemon = subprocess.Popen(["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack",
                               "--listen=127.0.0.1", "--port=%d" % port, "--base-path=" + base, base],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        relay = Relay(port)
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port)).close()
                break
            except OSError:
                time.sleep(0.1)
        url = "git://127.0.0.1:%d/hub-ggw.git" % relay.port
        giturl = "git://127.0.0.1:%d/hub-git.git" % relay.port
        sh("%s -C %s remote add office %s" % (ggw, unit, url))
        sh("git remote add officegit %s" % giturl, unit)
        add_one(ggw, unit, 2)
        relay.reset()
        t_ggw = timed([ggw, "-C", unit, "sync", "office"])
        up_ggw, down_ggw = relay.up, relay.down
        relay.reset()
        t_git = timed(["git", "push", "-q", "officegit", "main"], cwd=unit)
        t_git += timed(["git", "fetch", "-q", "officegit"], cwd=unit)
        up_git, down_git = relay.up, relay.down
        report("ggw sync, git daemon, 1 record", t_ggw, "git push + git fetch", t_git, 2.0)
        ratio = (up_ggw + down_ggw) / max(1, up_git + down_git)
        line = "  bytes over git://: ggw %d (sent %d, received %d), git %d (sent %d, received %d), ratio %.2f (target <= 2.0) %s" % (
            up_ggw + down_ggw, up_ggw, down_ggw, up_git + down_git, up_git, down_git, ratio,
            "ok" if ratio <= 2.0 else "OVER TARGET")
        print(line)
        results.append(line.strip())
    finally:
        daemon.terminate()
        daemon.wait()
