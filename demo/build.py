#!/usr/bin/env python3
"""Build the demo ledger through ggw itself, so its git history is real:
the street office creates it, then each record is added by its own unit
(ggw.unit and user.name switched per record, as on that unit's PC).

Usage: build.py GGW_BINARY LEDGER_DIR"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import seed  # noqa: E402

CLERKS = {"office": "街道关工委 丁光海"}


def run(ggw, ledger, *args):
    r = subprocess.run([ggw, "-C", ledger] + list(args), capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("demo: ggw %s failed: %s" % (" ".join(args), r.stderr.strip()))
    return r.stdout.strip()


INCLUDE = "[include]\n\tpath = ggw-demo-identity\n"


def set_identity(ledger, unit, name):
    """This PC's unit and clerk, as if the record were added on that
    unit's PC: a small file the repository's config includes (last value
    wins), written directly, so a switch costs no process. unit None:
    remove it again."""
    gitdir = os.path.join(ledger, ".git")
    config = os.path.join(gitdir, "config")
    text = open(config, encoding="utf-8").read()
    ident = os.path.join(gitdir, "ggw-demo-identity")
    if unit is None:
        open(config, "w", encoding="utf-8").write(text.replace(INCLUDE, ""))
        if os.path.exists(ident):
            os.unlink(ident)
        return
    if INCLUDE not in text:
        open(config, "a", encoding="utf-8").write(INCLUDE)
    with open(ident, "w", encoding="utf-8") as f:
        f.write("[ggw]\n\tunit = %s\n[user]\n\tname = %s\n\temail = %s@ggw.local\n" % (unit, name, unit))


def draw_evidence(ggw, work):
    """Start drawing every activity's photos and sign-in sheet
    (ggw-demo-photo, built beside ggw: one process for all, running while
    the records are added). Returns (process, plan) or None."""
    tool = os.path.join(os.path.dirname(os.path.abspath(ggw)), "ggw-demo-photo")
    plan_path = os.path.join(work, "evidence.json")
    if os.environ.get("GGW_DEMO_PHOTOS") == "0":
        return None  # a test that needs the ledger, not its photos
    if not os.path.exists(tool) or not os.path.exists(plan_path):
        print("demo: %s is missing: the activities get no photos" % tool, flush=True)
        return None
    plan = json.load(open(plan_path, encoding="utf-8"))
    pics = os.path.join(work, "pics")
    os.makedirs(pics)
    specs = []
    for i, ev in enumerate(plan):
        ev["files"] = []
        for k, p in enumerate(ev["photos"]):
            path = os.path.join(pics, "IMG_%04d_%d.jpg" % (i, k))
            specs.append("\t".join(["photo", path, str(p["w"]), str(p["h"]), str(p["orientation"]),
                                    p["scene"], str(p["seed"]), p["banner"], p["screen"], p["stamp"]]))
            ev["files"].append(path)
        sh = ev["sheet"]
        if sh:
            ev["sheet_path"] = os.path.join(pics, "签到表_%04d.%s" % (i, sh["format"]))
            specs.append("\t".join(["sheet", ev["sheet_path"], str(sh["seed"]), sh["title"], sh["info"],
                                    sh["names"], sh["foot"]]))
    with open(os.path.join(work, "specs.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(specs) + "\n")
    with open(os.path.join(work, "specs.txt"), encoding="utf-8") as fin, \
            open(os.path.join(work, "photo.err"), "w", encoding="utf-8") as ferr:
        proc = subprocess.Popen([tool], stdin=fin, stderr=ferr)
    return proc, plan, len(specs), os.path.join(work, "photo.err")


def attach_evidence(ggw, ledger, drawing, ids, names):
    """Attach the drawn files with `ggw attach` as each unit would, so the
    store refs are real. One attach per activity (a PDF sheet goes with the
    photos: its kind, scan, comes from the file); a phone picture of a
    sheet, or a sheet beside photos flagged minors_visible, is a call of its
    own."""
    if not drawing:
        return
    proc, plan, n_files, err = drawing
    if proc.wait() != 0:
        sys.exit("demo: ggw-demo-photo failed: %s" % open(err, encoding="utf-8").read().strip())
    print("demo: %d photos and sign-in sheets drawn, attaching" % n_files, flush=True)
    plan.sort(key=lambda ev: ev["unit"])
    current = None
    for ev in plan:
        if ev["unit"] != current:
            set_identity(ledger, ev["unit"], CLERKS.get(ev["unit"], names[ev["unit"]] + "干事"))
            current = ev["unit"]
        rid = ids[ev["ref"]]
        sheet = ev["sheet"]
        together = [ev["sheet_path"]] if sheet and sheet["format"] == "pdf" and not ev["minors"] else []
        caption = ev["caption"] + (" 现场照片和签到表" if together else " 现场")
        run(ggw, ledger, "attach", rid, *ev["files"], *together, "--caption", caption,
            *(["--minors-visible"] if ev["minors"] else []))
        if sheet and not together:
            run(ggw, ledger, "attach", rid, ev["sheet_path"], "--caption", ev["sheet_caption"],
                *(["--kind", "scan"] if sheet["format"] == "jpg" else []))


def main():
    ggw, ledger = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp(prefix="ggw-demo-")
    sys.argv = ["seed.py", work]
    seed.main()
    units = [line.split("|") for line in open(os.path.join(work, "units.txt")).read().split("\n") if line]
    args = ["init", ledger, "--street", seed.STREET]
    for key, name, kind in units:
        args += ["--unit", key, "--unit-name", name, "--kind", kind]
    r = subprocess.run([ggw] + args, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("demo: ggw init failed: %s" % r.stderr.strip())
    drawing = draw_evidence(ggw, work)
    names = {"office": "街道关工委"}
    names.update({k: n for k, n, _ in units})
    ids = {}
    current = None
    files = sorted(f for f in os.listdir(work) if f.endswith(".yaml"))
    for i, f in enumerate(files):
        unit = f.split("-")[1]
        if unit != current:
            set_identity(ledger, unit, CLERKS.get(unit, names[unit] + "干事"))
            current = unit
        path = os.path.join(work, f)
        text = open(path, encoding="utf-8").read()
        kind = f[:-5].split("-")[2]
        # "#ref KEY": later files cite this record as "@@KEY"; volunteers
        # are cited by name.
        ref = re.match(r"#ref (\S+)\n", text)
        if ref:
            text = text[ref.end():]
        text = re.sub(r'"@@([^"]+)"', lambda m: ids.get(m.group(1), ""), text)
        text = text.replace("volunteers:\n  - \n", "")
        open(path, "w", encoding="utf-8").write(text)
        new_id = run(ggw, ledger, "add", "--type", kind, "--file", path)
        if kind == "volunteer":
            ids[re.search(r"^name: (.*)$", text, re.M).group(1)] = new_id
        if ref:
            ids[ref.group(1)] = new_id
        if (i + 1) % 100 == 0:
            print("demo: %d/%d records" % (i + 1, len(files)), flush=True)
    attach_evidence(ggw, ledger, drawing, ids, names)
    set_identity(ledger, None, None)
    run(ggw, ledger, "config", "ggw.unit", "office")
    run(ggw, ledger, "config", "user.name", CLERKS["office"])
    run(ggw, ledger, "config", "user.email", "office@ggw.local")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
