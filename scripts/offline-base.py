#!/usr/bin/env python3
"""make offline: print a dpkg status file of a minimal Debian 12 of ARCH:
this machine's Essential and Priority: required packages and everything
they depend on (the first alternative installed here), with the
architecture rewritten to ARCH. apt resolves ggw's libraries against it, so
the bundle holds what a minimal system lacks; install.sh skips whatever a
PC already has.  Usage: offline-base.py ARCH [STATUS]"""
import re
import subprocess
import sys

arch = sys.argv[1]
path = sys.argv[2] if len(sys.argv) > 2 else "/var/lib/dpkg/status"
native = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
stanzas = [s for s in open(path, encoding="utf-8").read().split("\n\n") if s.strip()]


def field(s, name):
    m = re.search(r"^%s: (.*(?:\n .*)*)" % name, s, re.M)
    return m.group(1).replace("\n", " ") if m else ""


pkgs = {}
for s in stanzas:
    if field(s, "Status") != "install ok installed":
        continue
    a = field(s, "Architecture")
    if a not in ("all", native):
        continue  # a foreign architecture's package (libc6:arm64 of a cross toolchain)
    pkgs[field(s, "Package")] = s
provides = {}
for n, s in pkgs.items():
    for p in field(s, "Provides").split(","):
        p = p.strip().split(" ")[0]
        if p:
            provides.setdefault(p, n)
todo = [n for n, s in pkgs.items() if field(s, "Essential") == "yes" or field(s, "Priority") == "required"]
base = set()
while todo:
    n = todo.pop()
    if n in base:
        continue
    base.add(n)
    for group in (field(pkgs[n], "Depends") + "," + field(pkgs[n], "Pre-Depends")).split(","):
        for alt in group.split("|"):
            a = alt.strip().split(" ")[0].split(":")[0]
            if a in pkgs:
                todo.append(a)
                break
            if a in provides:
                todo.append(provides[a])
                break
out = []
for n in sorted(base):
    s = pkgs[n]
    if native and arch != native:
        s = re.sub(r"^Architecture: %s$" % re.escape(native), "Architecture: " + arch, s, flags=re.M)
    out.append(s)
sys.stdout.write("\n\n".join(out) + "\n\n")
