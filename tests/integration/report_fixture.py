#!/usr/bin/env python3
"""Fixture ledger and independent expectations for tests/integration/report.sh.

The fixture is a fixed list of records (below). This script writes them as
YAML files (records-v1.md), and computes every figure of `ggw report` and
`ggw audit` from the same list with its own code, then compares them with
ggw's output in each format. Each comparison prints a TAP line.

  report_fixture.py make DIR
  report_fixture.py check-report FORMAT FILE YEAR [UNIT]   (text md csv html)
  report_fixture.py check-audit FILE YEAR
"""
import csv
import io
import re
import sys
import xml.etree.ElementTree as ET

TODAY = "2026-11-29"   # the tests run with GGW_TODAY set to this

STREET = "测试街道关工委"
UNITS = [
    ("office", "测试街道关工委办公室", "street"),
    ("xinyi", '新义村关工委（一组,"二组"）', "village"),   # CSV quoting
    ("hexie", "和谐社区关工委<A&B>", "community"),        # HTML escaping
    ("quiet", "静安村关工委", "village"),                 # no records at all
]

CATEGORY = [
    ("ideology", "思想道德教育"), ("red", "红色基因传承（四史、红色故事）"),
    ("law", "法治教育（普法、法制进校园）"), ("safety", "安全教育（防溺水、防诈骗、防欺凌）"),
    ("environment", "环保教育（垃圾分类）"), ("science", "科普与实践教育"),
    ("culture", "文化体育（书法、非遗、传统文化）"), ("family", "家庭教育（家长学校、家风）"),
    ("care", "关爱帮扶（留守流动儿童、困境儿童、济困助学）"), ("prevention", "预防犯罪与帮教"),
    ("net", "网吧义务监督与护苗"), ("psychology", "心理健康"), ("rural", "乡村振兴关工助力"),
    ("selfbuild", "自身建设（学习培训、会议、调研）"), ("other", "其他"),
]
FORM = [
    ("lecture", "宣讲/讲座"), ("training", "学习培训"), ("meeting", "会议/讨论会"),
    ("practice", "参观/实践/研学"), ("contest", "竞赛/展演"), ("service", "志愿服务"),
    ("visit", "走访/谈心/慰问"), ("patrol", "巡查/监督"), ("other", "其他"),
]
LEVEL = [("brief", "简报"), ("wechat", "公众号"), ("county", "区县级"), ("city", "市级"),
         ("province", "省级"), ("national", "国家级")]
GROUP = [("cadre", "老干部"), ("veteran", "老战士"), ("expert", "老专家"), ("teacher", "老教师"),
         ("model", "老模范"), ("other", "其他")]
FIVE = ["plan", "assignment", "implementation", "commendation", "summary"]
FIVE_SHORT = ["计划", "分工", "实施", "表彰", "总结"]
MIN_SESSIONS = 4

# n, unit, date, category, form, youth, adult, volunteers, 五有 (1 = present), publicity levels, extra
V1, V2, V3, V4, V5, V6, V7 = ("v-%08x" % i for i in range(1, 8))
ACTS = [
    (1, "office", "2024-01-15", "selfbuild", "meeting", 0, 20, [V1, V2], "11111", ["brief"], {}),
    (2, "office", "2024-03-05", "red", "lecture", 120, 10, [V1], "11111", ["wechat", "county"], {}),
    (3, "office", "2024-05-20", "selfbuild", "training", 0, 15, [], "11101", [], {}),
    (4, "office", "2024-07-01", "ideology", "lecture", 200, 30, [V1, V3], "11111", ["city", "province"], {}),
    (5, "office", "2024-09-10", "law", "meeting", 0, 12, [V2], "11111", [], {}),
    (6, "office", "2024-11-11", "selfbuild", "practice", 5, 8, [], "11111", [], {}),
    (7, "office", "2024-12-31", "safety", "lecture", 80, 5, [V1], "11111", ["national"], {}),
    (8, "xinyi", "2024-02-10", "safety", "lecture", 45, 12, [V3, V4], "11110", ["wechat"], {}),
    (9, "xinyi", "2024-02-20", "culture", "contest", 60, 20, [V3], "00000", [], {"unknown": True}),
    (10, "xinyi", "2024-04-01", "selfbuild", "meeting", 0, 9, [], "10101", [], {}),
    (11, "xinyi", "2024-07-10", "safety", "lecture", 45, 12, [V4, V1], "11101",
     ["county", "county", "brief"], {"conflicts": True}),
    (12, "xinyi", "2024-08-08", "care", "visit", 6, 4, ["v-ffffffff"], "11100", [], {}),
    (13, "xinyi", "2024-12-31", "family", "training", 30, 25, [V3], "11111", [], {}),
    (14, "xinyi", "2024-06-06", "safety", "lecture", 3, 0, [], "11111", [], {"invalid": True}),
    (15, "hexie", "2025-01-02", "science", "practice", 33, 3, [V7], "11111", [], {"id_date": "2024-12-30"}),
    (16, "hexie", "2024-06-01", "science", "practice", 100, 50, [V7], "11111", ["brief", "brief"], {}),
    (17, "hexie", "2024-06-15", "net", "patrol", 0, 6, [], "11011", [], {}),
    (18, "hexie", "2024-10-01", "psychology", "lecture", 70, 0, [], "01111", ["wechat"], {}),
    (19, "office", "2025-01-01", "red", "lecture", 50, 5, [V1], "11111", [], {}),
    (20, "xinyi", "2025-03-03", "law", "service", 10, 2, [V5], "11111", [], {}),
    (21, "office", "2023-12-31", "red", "lecture", 100, 10, [V1], "11111", ["wechat"], {}),
    (22, "xinyi", "2023-05-05", "safety", "lecture", 40, 5, [], "11111", [], {}),
    (23, "hexie", "2023-06-06", "selfbuild", "meeting", 0, 10, [], "11111", ["brief"], {}),
    (24, "xinyi", "2023-08-08", "care", "visit", 10, 10, [], "10000", [], {}),
]
# id, unit, name, group, active, joined, extra
VOLS = [
    (V1, "office", "丁光海", "veteran", True, "2019-03-01", {}),
    (V2, "office", "王建国", "cadre", True, None, {}),
    (V3, "xinyi", "李秀英", "teacher", True, "2020-01-01", {}),
    (V4, "xinyi", "张明", "expert", False, None, {}),
    (V5, "xinyi", "陈红", "model", True, "2025-03-01", {}),
    (V6, "hexie", "赵伟", "teacher", True, None, {"conflicts": True}),
    (V7, "hexie", "周平", "other", True, None, {}),
    ("v-0000000e", "hexie", "无类别", None, True, None, {"invalid": True}),
]


# Ids given by `ggw add` (cli-build) replace the fixed ids of the
# hand-written fixture; loaded with --ids FILE.
IDMAP = {"acts": {}, "vols": {}}


def act_id(a):
    n, date, extra = a[0], a[2], a[10]
    if str(n) in IDMAP["acts"]:
        return IDMAP["acts"][str(n)]
    return extra.get("id_date", date).replace("-", "") + "-%08x" % n


def vol_id(sym):
    return IDMAP["vols"].get(sym, sym)


def act_path(a):
    return "activities/%s/%s/%s.yaml" % (a[1], act_id(a)[:4], act_id(a))


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def act_yaml(a):
    n, unit, date, cat, form, youth, adult, vols, five, pubs, extra = a
    out = ["schema: ggw/activity/1", "id: " + act_id(a), "unit: " + unit,
           "title: %s" % q("测试活动%d号" % n), "date: " + date, "category: " + cat,
           "form: " + form, "location: 文化礼堂"]
    if vols:
        out.append("volunteers: [%s]" % ", ".join(vols))
    out.append("youth_count: %d" % (-3 if extra.get("invalid") else youth))
    out.append("adult_count: %d" % adult)
    out.append("five_have:")
    for i, k in enumerate(FIVE):
        out.append("  %s: %s" % (k, q("第%d项" % (i + 1)) if five[i] == "1" else '""'))
    if pubs:
        out.append("publicity:")
        for i, lv in enumerate(pubs):
            out += ["  - outlet: 区关工委微信公众号", "    level: " + lv,
                    "    title: %s" % q("报道%d-%d" % (n, i)), "    date: " + date]
    if extra.get("unknown"):
        out += ["weather: 晴", "x_future_field:", "  nested: kept", "  list: [a, b]"]
    if extra.get("conflicts"):
        out += ["conflicts:", "  - field: title", "    value: 另一个标题",
                "    author: 李四 <xinyi@ggw.local>", "    unit: xinyi",
                "    time: 2024-07-11T10:00:00+08:00", "    commit: \"\""]
    return "\n".join(out) + "\n"


def vol_yaml(v):
    vid, unit, name, group, active, joined, extra = v
    out = ["schema: ggw/volunteer/1", "id: " + vid, "unit: " + unit, "name: " + name]
    if group:
        out.append("group: " + group)
    out.append("active: " + ("true" if active else "false"))
    if joined:
        out.append("joined: " + joined)
    if extra.get("conflicts"):
        out += ["conflicts:", "  - field: name", "    value: 赵卫",
                "    author: 王五 <hexie@ggw.local>", "    unit: hexie",
                "    time: 2024-03-01T09:00:00+08:00", "    commit: \"\""]
    return "\n".join(out) + "\n"


def make(d):
    import os

    def write(rel, text):
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)

    units = ["schema: ggw/units/1", "street: " + STREET, "units:"]
    for k, name, kind in UNITS:
        units += ["  - key: " + k, "    name: " + q(name), "    kind: " + kind]
    write("units.yaml", "\n".join(units) + "\n")
    write(".gitattributes", "*.yaml -merge\n")
    for a in ACTS:
        write(act_path(a), act_yaml(a))
    for v in VOLS:
        write("volunteers/%s/%s.yaml" % (v[1], v[0]), vol_yaml(v))


def act_body(a, ids):
    """The activity as `ggw add --file` takes it: no schema, id or unit."""
    lines = act_yaml(a).split("\n")
    lines = [l for l in lines if not l.startswith(("schema:", "id:", "unit:"))]
    text = "\n".join(lines)
    for sym, real in ids.items():
        text = text.replace(sym, real)
    return text


def vol_body(v):
    return "\n".join(l for l in vol_yaml(v).split("\n")
                     if not l.startswith(("schema:", "id:", "unit:")))


def cli_build(d, ggw, idfile):
    """The fixture made the way people make it: ggw init, then ggw add for
    every valid record (ggw edit to correct a date into the next year); only
    records ggw refuses (failing check) are written by hand and committed
    with plain git."""
    import json
    import os
    import subprocess
    import tempfile

    def run(*args):
        r = subprocess.run([ggw] + list(args), capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write("ggw %s: %s%s" % (" ".join(args), r.stdout, r.stderr))
            sys.exit(1)
        return r.stdout.strip()

    init = ["init", d, "--street", STREET]
    for k, name, kind in UNITS:
        if k != "office":
            init += ["--unit", k, "--unit-name", name, "--kind", kind]
    run(*init)
    tmp = tempfile.mkdtemp()
    vols, acts = {}, {}
    unit_now = None

    def as_unit(u):
        nonlocal unit_now
        if u != unit_now:
            run("-C", d, "config", "ggw.unit", u)
            unit_now = u

    def add_file(kind, body):
        p = os.path.join(tmp, "r.yaml")
        with open(p, "w", encoding="utf-8") as f:
            f.write(body)
        return run("-C", d, "add", "--type", kind, "--file", p).split()[-1]

    for v in VOLS:
        if v[6].get("invalid"):
            continue
        as_unit(v[1])
        vols[v[0]] = add_file("volunteer", vol_body(v))
    for a in ACTS:
        if a[10].get("invalid"):
            continue
        as_unit(a[1])
        if "id_date" in a[10]:
            # made on its first date, then corrected into the next year
            first = a[:2] + (a[10]["id_date"],) + a[3:]
            acts[str(a[0])] = add_file("activity", act_body(first, vols))
            run("-C", d, "edit", acts[str(a[0])], "--set", "date=" + a[2])
        else:
            acts[str(a[0])] = add_file("activity", act_body(a, vols))
    # what ggw refuses to write: by hand, committed with git
    for a in ACTS:
        if a[10].get("invalid"):
            p = os.path.join(d, act_path(a))
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8") as f:
                f.write(act_yaml(a))
    for v in VOLS:
        if v[6].get("invalid"):
            p = os.path.join(d, "volunteers/%s/%s.yaml" % (v[1], v[0]))
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, "w", encoding="utf-8") as f:
                f.write(vol_yaml(v))
    subprocess.run(["git", "-C", d, "add", "-A"], check=True)
    subprocess.run(["git", "-C", d, "commit", "-q", "-m", "records ggw refuses, by hand"], check=True)
    with open(idfile, "w") as f:
        json.dump({"acts": acts, "vols": vols}, f)


# ---------------------------------------------------------------- expected

def year_of(a):
    return int(a[2][:4])


def is_lecture(a):
    return a[4] == "lecture"


def is_session(a):
    return a[4] in ("training", "meeting") or a[3] == "selfbuild"


def valid_acts():
    return [a for a in ACTS if not a[10].get("invalid")]


def valid_vols():
    return [v for v in VOLS if not v[6].get("invalid")]


def on_books(v, year):
    return v[5] is None or int(v[5][:4]) <= year


def months_due(year):
    ty, tm = int(TODAY[:4]), int(TODAY[5:7])
    return 12 if year < ty else (tm if year == ty else 0)


def pct(part, whole):
    return "%.1f%%" % (100.0 * part / whole) if whole > 0 else "—"


def expected(year, unit=None):
    """(head lines, [(title, headers, rows, flags)]) of the report."""
    units = [u for u in UNITS if unit is None or u[0] == unit]
    keys = [u[0] for u in units]
    cur = [a for a in valid_acts() if year_of(a) == year and a[1] in keys]
    prev = [a for a in valid_acts() if year_of(a) == year - 1 and a[1] in keys]
    vols = [v for v in valid_vols() if v[1] in keys and on_books(v, year)]
    group_of = {vol_id(v[0]): v[3] for v in valid_vols()}
    invalid = [a for a in ACTS if a[10].get("invalid") and year_of(a) == year and a[1] in keys]
    invalid += [v for v in VOLS if v[6].get("invalid") and v[1] in keys]
    conflicts = [a for a in cur if a[10].get("conflicts")]
    conflicts += [v for v in valid_vols() if v[1] in keys and v[6].get("conflicts")]

    def fig(acts):
        return [len(acts), sum(a[5] for a in acts), sum(a[6] for a in acts),
                sum(1 for a in acts if is_lecture(a)), sum(1 for a in acts if is_session(a)),
                sum(len(a[9]) for a in acts)]

    c, p = fig(cur), fig(prev)
    tables = []
    rows = []
    for label, cv, pv in zip(["活动次数", "青少年人次", "成人人次", "大型宣讲活动", "学习培训会议", "宣传报道篇数"], c, p):
        rows.append([label, str(cv), str(pv), "0" if cv == pv else "%+d" % (cv - pv),
                     "%+.1f%%" % (100.0 * (cv - pv) / pv) if pv > 0 else "—"])
    five_complete = sum(1 for a in cur if a[8] == "11111")
    for label, v in [("五老志愿者（在册）", len(vols)), ("其中活跃", sum(1 for v in vols if v[4])),
                     ("五有齐全的活动", five_complete), ("有冲突待解决的记录", len(conflicts)),
                     ("未通过检查的记录（未计入）", len(invalid))]:
        rows.append([label, str(v), "", "", ""])
    tables.append(("一、总体情况", ["指标", "本年", "上年", "增减", "增减率"], rows, [0] * len(rows)))

    def counts(acts):
        return [str(len(acts)), str(sum(a[5] for a in acts)), str(sum(a[6] for a in acts))]

    rows = [[name] + counts([a for a in cur if a[1] == k]) +
            [str(sum(1 for a in cur if a[1] == k and is_lecture(a)))] for k, name, _ in units]
    rows.append(["合计"] + counts(cur) + [str(c[3])])
    tables.append(("二、各单位活动情况", ["单位", "活动次数", "青少年人次", "成人人次", "宣讲活动"], rows, [0] * (len(rows) - 1) + [1]))
    rows = [[label] + counts([a for a in cur if a[3] == k]) for k, label in CATEGORY] + [["合计"] + counts(cur)]
    tables.append(("三、按活动主题", ["主题", "活动次数", "青少年人次", "成人人次"], rows, [0] * (len(rows) - 1) + [1]))
    rows = [[label] + counts([a for a in cur if a[4] == k]) for k, label in FORM] + [["合计"] + counts(cur)]
    tables.append(("四、按活动形式", ["形式", "活动次数", "青少年人次", "成人人次"], rows, [0] * (len(rows) - 1) + [1]))
    rows = [["%d月" % m] + counts([a for a in cur if int(a[2][5:7]) == m]) for m in range(1, 13)]
    rows.append(["合计"] + counts(cur))
    tables.append(("五、按月份", ["月份", "活动次数", "青少年人次", "成人人次"], rows, [0] * 12 + [1]))
    rows, flags = [], []
    for k, name, _ in units:
        n = sum(1 for a in cur if a[1] == k and is_session(a))
        short = max(0, MIN_SESSIONS - n)
        rows.append([name, str(n), str(MIN_SESSIONS), str(short), "未达标" if short else "达标"])
        flags.append(2 if short else 0)
    tables.append(("六、学习培训会议（每年不少于 4 次）", ["单位", "次数", "最低要求", "差额", "情况"], rows, flags))
    rows = []
    took = {g: 0 for g, _ in GROUP}
    any_took = 0
    for a in cur:
        gs = {group_of[vol_id(v)] for v in a[7] if vol_id(v) in group_of}
        for g in gs:
            took[g] += 1
        any_took += 1 if gs else 0
    for g, label in GROUP:
        members = [v for v in vols if v[3] == g]
        rows.append([label, str(len(members)), str(sum(1 for v in members if v[4])), str(took[g])])
    rows.append(["合计", str(len(vols)), str(sum(1 for v in vols if v[4])), str(any_took)])
    tables.append(("七、五老队伍", ["类别", "在册人数", "其中活跃", "参与活动次数"], rows, [0] * (len(rows) - 1) + [1]))
    rows = []
    for k, name, _ in units + [(None, "合计", None)]:
        acts = [a for a in cur if k is None or a[1] == k]
        levels = [sum(a[9].count(lv) for a in acts) for lv, _ in LEVEL]
        rows.append([name] + [str(x) for x in levels] + [str(sum(levels))])
    tables.append(("八、宣传报道（篇）", ["单位"] + [lab for _, lab in LEVEL] + ["合计"], rows, [0] * (len(rows) - 1) + [1]))
    rows = []
    for k, name, _ in units + [(None, "合计", None)]:
        acts = [a for a in cur if k is None or a[1] == k]
        complete = sum(1 for a in acts if a[8] == "11111")
        miss = [sum(1 for a in acts if a[8][i] == "0") for i in range(5)]
        most = "—"
        if max(miss) > 0:
            most = FIVE_SHORT[miss.index(max(miss))]
        rows.append([name, str(len(acts)), str(complete), pct(complete, len(acts))] +
                    [str(x) for x in miss] + [most])
    tables.append(("九、五有完整情况", ["单位", "活动次数", "五有齐全", "齐全率", "缺计划", "缺分工", "缺实施",
                                   "缺表彰", "缺总结", "最常缺"], rows, [0] * (len(rows) - 1) + [1]))

    scope = units[0][1] if unit else "全部单位"
    head = ["%s关心下一代工作年度统计报表（%d年）" % (units[0][1] if unit else STREET, year),
            "统计范围：%s　　统计期间：%d年1月1日至12月31日　　制表日期：%s" % (scope, year, TODAY),
            "全年开展活动 %d 次，青少年参与 %d 人次，成人 %d 人次；其中大型宣讲活动 %d 次，学习培训会议 %d 次，宣传报道 %d 篇。"
            % (c[0], c[1], c[2], c[3], c[4], c[5])]
    if invalid:
        head.append("另有 %d 条记录未通过检查，未计入统计；用 ggw audit 或 ggw check 查看。" % len(invalid))
    return head, tables


# ---------------------------------------------------------------- TAP

failures = 0


PREFIX = ""


def ok(cond, name, detail=""):
    global failures
    name = PREFIX + name
    if cond:
        print("ok - " + name)
    else:
        failures += 1
        print("not ok - " + name)
        for line in str(detail).splitlines()[:30]:
            print("# " + line)


def compare_tables(fmt, got, want, flags_checked, trim=False):
    """got: {title: (headers, rows, flags or None)}; trim: the format leaves
    out empty cells at the end of a row (text)."""
    for title, headers, rows, flags in want:
        if trim:
            rows = [r[:max(i + 1 for i, c in enumerate(r) if c != "")] for r in rows]
        g = got.get(title)
        ok(g is not None, "%s: table %s present" % (fmt, title), "tables: %s" % list(got))
        if g is None:
            continue
        ok(g[0] == headers, "%s: %s headers" % (fmt, title), "got  %s\nwant %s" % (g[0], headers))
        ok(len(g[1]) == len(rows), "%s: %s row count" % (fmt, title),
           "got %d want %d\n%s" % (len(g[1]), len(rows), g[1]))
        bad = [(w, r) for w, r in zip(rows, g[1]) if w != r]
        ok(not bad, "%s: %s every figure" % (fmt, title),
           "\n".join("want %s\ngot  %s" % b for b in bad[:6]))
        if flags_checked and g[2] is not None:
            ok([1 if f == 2 else 0 for f in g[2]] == [1 if f == 2 else 0 for f in flags],
               "%s: %s shortfall marks" % (fmt, title), "got %s want %s" % (g[2], flags))
    ok(len(got) == len(want), "%s: no extra tables" % fmt, list(got))


def parse_csv(data):
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # sections are separated by one empty row
    sections, cur = [], []
    for r in rows:
        if r == []:
            sections.append(cur)
            cur = []
        else:
            cur.append(r)
    sections.append(cur)
    head = [r[0] for r in sections[0]]
    tables = {}
    for s in sections[1:]:
        ok(len(s) >= 2 and len(s[0]) == 1, "csv: section %s has a title row and a header row"
           % (s[0][0] if s else "?"))
        width = len(s[1])
        ok(all(len(r) == width for r in s[1:]), "csv: section %s rows all %d wide" % (s[0][0], width))
        tables[s[0][0]] = (s[1], s[2:], None)
    return head, tables


def split_text_row(line):
    return [c for c in re.split(r" {2,}", line.strip()) if c != ""]


def parse_text(text, want):
    titles = [t[0] for t in want]
    lines = text.split("\n")
    tables = {}
    i = 0
    while i < len(lines):
        if lines[i] in titles:
            title = lines[i]
            headers = split_text_row(lines[i + 1])
            ok(set(lines[i + 2]) == {"-"}, "text: %s has a rule under the header" % title)
            rows, flags = [], []
            j = i + 3
            while j < len(lines) and lines[j] and lines[j] not in titles:
                line = lines[j]
                flag = 0
                if line.endswith(" !"):
                    flag, line = 2, line[:-2]
                cells = split_text_row(line)
                if len(cells) >= 2:
                    rows.append(cells)
                    flags.append(flag)
                j += 1
            tables[title] = (headers, rows, flags)
            i = j
        else:
            i += 1
    return tables


def parse_md(text):
    tables = {}
    title = None
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("## "):
            title = line[3:]
            tables[title] = None
        elif line.startswith("|") and title:
            cells = [c.strip().replace("\\|", "|").replace("**", "")
                     for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if tables[title] is None:
                tables[title] = (cells, [], [])
            elif all(re.fullmatch(r"-+:?", c) for c in cells):
                continue
            else:
                tables[title][1].append(cells)
                tables[title][2].append(0)
    return {k: (v[0], v[1], None) for k, v in tables.items() if v}


def parse_html(data):
    text = data.decode("utf-8")
    ok("http://" not in text and "https://" not in text, "html: no http(s) URLs")
    ok(not re.search(r"<script|\bsrc=|\bhref=|url\(|@import|<link", text, re.I),
       "html: no scripts, links or external resources")
    ok("@page" in text and "A4" in text, "html: @page A4")
    ok('"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif' in text,
       "html: Chinese font stack")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as e:
        ok(False, "html: well-formed (xml.etree)", e)
        return [], {}
    ok(True, "html: well-formed (xml.etree)")
    body = root.find("body")
    ok(len(root.findall(".//svg")) >= 3, "html: inline SVG bar charts")
    ok(all(len(svg.findall("rect")) >= 1 for svg in root.findall(".//svg")), "html: charts have bars")
    head = [body.find("h1").text] + [p.text for p in body.findall("p")]
    tables = {}
    for sec in body.findall("section"):
        title = sec.find("h2").text
        t = sec.find("table")
        headers = [th.text or "" for th in t.find("thead").find("tr")]
        rows, flags = [], []
        for tr in t.find("tbody"):
            rows.append([td.text or "" for td in tr])
            cls = tr.get("class", "")
            flags.append(2 if cls == "short" else (1 if cls == "total" else 0))
        tables[title] = (headers, rows, flags)
    return head, tables


def check_report(fmt, path, year, unit=None):
    want_head, want = expected(year, unit)
    data = open(path, "rb").read()
    tag = "%s %d%s" % (fmt, year, " " + unit if unit else "")
    if fmt == "csv":
        ok(b"\r\n" in data and data.count(b"\n") == data.count(b"\r\n"), tag + ": CRLF line ends")
        head, got = parse_csv(data)
        ok(head == want_head, tag + ": title, scope and summary", "got  %s\nwant %s" % (head, want_head))
        compare_tables(tag, got, want, False)
    elif fmt == "html":
        head, got = parse_html(data)
        # the notes under tables are extra <p>; compare the leading ones
        ok(head[:len(want_head)] == want_head, tag + ": title, scope and summary",
           "got  %s\nwant %s" % (head, want_head))
        compare_tables(tag, got, want, True)
    elif fmt == "md":
        text = data.decode("utf-8")
        ok(text.startswith("# " + want_head[0] + "\n"), tag + ": title")
        for h in want_head[1:]:
            ok(h in text, tag + ": line " + h[:20])
        compare_tables(tag, parse_md(text), want, False)
    else:
        text = data.decode("utf-8")
        ok(text.split("\n")[:2] == want_head[:2], tag + ": title and scope")
        for h in want_head[2:]:
            ok(h in text, tag + ": line " + h[:20])
        got = parse_text(text, want)
        compare_tables(tag, got, want, True, trim=True)
        check_alignment(tag, text, want)


def display_width(s):
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def check_alignment(tag, text, want):
    """Right-aligned numbers: every line of a table (header, rows) ends its
    second column at the same display column."""
    lines = text.split("\n")
    bad = []
    for title, headers, rows, flags in want:
        if title not in lines:
            continue
        i = lines.index(title)
        block = [lines[i + 1]] + [l for l in lines[i + 3:i + 3 + len(rows)]]
        ends = set()
        for l in block:
            cells = re.split(r"( {2,})", l.strip())
            # the end of the second cell: first cell, gap, second cell
            if len(cells) >= 3:
                ends.add(display_width("".join(cells[:3])))
        if len(ends) != 1:
            bad.append((title, ends))
    ok(not bad, tag + ": columns aligned by display width", bad)


# ---------------------------------------------------------------- audit

HEADINGS = {
    "五有不全的活动：": "five",
    "有冲突待解决的记录：": "conflict",
    "没有活动的月份：": "months",
    "本年没有参加活动的在册五老志愿者：": "idle",
    "学习培训会议不足：": "sessions",
    "未通过检查的记录（ggw check）：": "invalid",
}


def expected_audit(year):
    used = set()
    for a in valid_acts():
        if year_of(a) == year:
            used.update(vol_id(v) for v in a[7])
    out = {}
    for k, name, _ in UNITS:
        cur = [a for a in valid_acts() if year_of(a) == year and a[1] == k]
        e = {}
        e["five"] = {act_id(a): [FIVE_SHORT[i] for i in range(5) if a[8][i] == "0"]
                     for a in cur if a[8] != "11111"}
        e["conflict"] = {act_id(a) for a in cur if a[10].get("conflicts")} | \
            {vol_id(v[0]) for v in valid_vols() if v[1] == k and v[6].get("conflicts")}
        months = {int(a[2][5:7]) for a in cur}
        e["months"] = [m for m in range(1, months_due(year) + 1) if m not in months]
        e["idle"] = {vol_id(v[0]) for v in valid_vols() if v[1] == k and v[4] and on_books(v, year)
                     and vol_id(v[0]) not in used}
        n = sum(1 for a in cur if is_session(a))
        e["sessions"] = n if n < MIN_SESSIONS else None
        # ggw check's rule: also a valid activity naming a volunteer id
        # that no volunteer file has
        known = {vol_id(v[0]) for v in VOLS}
        e["invalid"] = {act_path(a) for a in ACTS if a[10].get("invalid") and a[1] == k
                        and year_of(a) == year} | \
            {"volunteers/%s/%s.yaml" % (v[1], v[0]) for v in VOLS if v[6].get("invalid") and v[1] == k} | \
            {act_path(a) for a in cur if any(vol_id(x) not in known for x in a[7])}
        e["count"] = (len(e["five"]) + len(e["conflict"]) + len(e["months"]) + len(e["idle"]) +
                      (1 if e["sessions"] is not None else 0) + len(e["invalid"]))
        out[name] = e
    return out


def parse_audit(text):
    units = {}
    cur = kind = None
    first = text.split("\n")[0]
    for line in text.split("\n")[1:]:
        m = re.match(r"^【(.*)】(.*)$", line)
        if m:
            cur = {"five": {}, "conflict": set(), "months": [], "idle": set(), "sessions": None,
                   "invalid": set(), "status": m.group(2)}
            units[m.group(1)] = cur
            kind = None
            continue
        if cur is None or not line.strip():
            continue
        if line.startswith("  ") and not line.startswith("    "):
            body = line[2:]
            for h, k in HEADINGS.items():
                if body.startswith(h):
                    kind = k
                    rest = body[len(h):]
                    if k == "months":
                        cur["months"] = [int(x) for x in re.findall(r"(\d+)月", rest)]
                    elif k == "sessions":
                        cur["sessions"] = int(re.search(r"(\d+)", rest).group(1))
            continue
        item = line.strip()
        if kind == "five":
            m = re.match(r"^(\S+)\s+\S+\s+.*缺：(.*)$", item)
            cur["five"][m.group(1)] = m.group(2).split("、")
        elif kind in ("conflict", "idle"):
            cur[kind].add(item.split()[0])
        elif kind == "invalid":
            cur["invalid"].add(item.split(":")[0])
    return first, units


def check_audit(path, year):
    text = open(path, encoding="utf-8").read()
    first, got = parse_audit(text)
    want = expected_audit(year)
    ok(first == "%s留痕检查（%d年）" % (STREET, year), "audit %d: title" % year, first)
    ok(list(got) == list(want), "audit %d: every unit listed in order" % year,
       "got %s want %s" % (list(got), list(want)))
    total = sum(e["count"] for e in want.values())
    if total:
        ok(("共发现 %d 个问题" % total) in text, "audit %d: total %d findings" % (year, total))
    else:
        ok("未发现问题。" in text, "audit %d: nothing found" % year)
    for name, e in want.items():
        g = got.get(name)
        if g is None:
            continue
        status = ("发现 %d 个问题" % e["count"]) if e["count"] else "未发现问题"
        ok(g["status"] == status, "audit %d %s: %s" % (year, name, status), g["status"])
        for k in ("five", "conflict", "months", "idle", "sessions", "invalid"):
            ok(g[k] == e[k], "audit %d %s: %s" % (year, name, k), "got  %s\nwant %s" % (g[k], e[k]))


def main():
    global PREFIX
    import json
    import os
    PREFIX = os.environ.get("FX_TAG", "")
    if "--ids" in sys.argv:
        i = sys.argv.index("--ids")
        IDMAP.update(json.load(open(sys.argv[i + 1])))
        del sys.argv[i:i + 2]
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2])
        return 0
    if cmd == "cli-build":
        cli_build(sys.argv[2], sys.argv[3], sys.argv[4])
        return 0
    if cmd == "check-report":
        check_report(sys.argv[2], sys.argv[3], int(sys.argv[4]),
                     sys.argv[5] if len(sys.argv) > 5 else None)
    elif cmd == "check-audit":
        check_audit(sys.argv[2], int(sys.argv[3]))
    elif cmd == "expect":   # for debugging: print the expected tables
        head, tables = expected(int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
        print("\n".join(head))
        for t in tables:
            print(t[0], t[1])
            for r in t[2]:
                print("   ", r)
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
