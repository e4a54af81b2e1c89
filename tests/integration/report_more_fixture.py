#!/usr/bin/env python3
"""Fixture ledger of the record types of records-more.md, and independent
expectations for tests/integration/report_more.sh.

The records below are written as YAML files; the report's sections 10-19,
the audit's findings about them and the score's measures are computed here
from the same list with this script's own code, and compared with ggw's
output. Each comparison prints a TAP line. Unit "good" keeps every duty,
"gap" and "thin" miss them, one kind of gap at least once.

  report_more_fixture.py make DIR
  report_more_fixture.py check-report CSVFILE YEAR [RULES]
  report_more_fixture.py check-audit FILE YEAR [RULES]
  report_more_fixture.py check-score CSVFILE YEAR [RULES]
RULES: "district" for the rules.yaml the suite writes (see RULES_DISTRICT).
"""
import csv
import io
import re
import sys

TODAY = "2025-03-01"   # GGW_TODAY of the suite: 2024 is a past year
STREET = "测试街道关工委"
UNITS = [("office", "测试街道关工委办公室", "street"),
         ("good", "样板村关工委", "village"),
         ("gap", "缺项社区关工委", "community"),
         ("thin", "薄弱村关工委", "village")]
DEFAULT_MIN = {"briefings": 2, "station_activities": 20, "budget_yuan": 2000}
RULES_DISTRICT = {"briefings": 1, "station_activities": 3, "budget_yuan": 1000}

V = {k: "v-%08x" % i for i, k in enumerate(["V1", "V2", "V3", "V4", "V5"], 1)}
VOLS = [  # key, unit, group, backbone
    ("V1", "office", "veteran", True), ("V2", "good", "cadre", True),
    ("V3", "gap", "teacher", False), ("V4", "good", "expert", False),
    ("V5", "thin", "model", None)]

S = {"S_OFF": "s-000000a1", "S_GOOD": "s-000000a2", "S_GOOD_OFF": "s-000000a3",
     "S_GAP": "s-000000a4", "S_GAP_OFF": "s-000000a5", "S_GAP_HS": "s-000000a6"}
SITES = [  # key, unit, kind, sign, since
    ("S_OFF", "office", "office", True, "2019-01-01"),
    ("S_GOOD", "good", "station", True, "2023-03-01"),
    ("S_GOOD_OFF", "good", "office", True, None),
    ("S_GAP", "gap", "station", False, "2022-01-01"),
    ("S_GAP_OFF", "gap", "office", False, None),
    ("S_GAP_HS", "gap", "holiday-school", True, "2025-02-01")]  # not yet in 2024

C = {"C_GOOD": "c-000000b1", "C_GOOD2": "c-000000b2", "C_GAP": "c-000000b3",
     "C_GAP2": "c-000000b4", "C_OLD": "c-000000b5"}
CASES = [  # key, unit, code, type, opened, closed, status, paired
    ("C_GOOD", "good", "YB-24-001", "left-behind", "2024-03-01", None, "open", ["V2"]),
    ("C_GOOD2", "good", "YB-23-001", "guidance", "2023-01-01", "2024-06-30", "closed", ["V4"]),
    ("C_GAP", "gap", "QX-24-001", "migrant", "2024-01-10", None, "open", []),
    ("C_GAP2", "gap", "QX-24-002", "guidance", "2024-08-01", None, "open", ["V3"]),
    ("C_OLD", "gap", "QX-22-001", "aid", "2022-01-01", "2023-05-01", "closed", [])]

# n, unit, date, category, form, youth, adult, extra
ACTS = []
for i in range(20):   # good's station: 20 activities in 2024
    ACTS.append((i + 1, "good", "2024-%02d-%02d" % (i % 12 + 1, i // 12 + 10), "science", "practice",
                 10, 2, {"site": "S_GOOD"}))
ACTS += [
    (21, "good", "2024-11-15", "care", "visit", 1, 2, {"cases": ["C_GOOD"]}),
    (22, "good", "2024-04-01", "prevention", "visit", 1, 1, {"cases": ["C_GOOD", "C_GOOD2"]}),
    (23, "good", "2024-06-15", "net", "patrol", 0, 4,
     {"patrol": {"venues_checked": 5, "minors_advised": 2, "referred_to": 1}}),
    (24, "good", "2024-07-01", "red", "lecture", 10, 0, {"large": True}),
    (25, "good", "2024-07-02", "red", "lecture", 400, 100, {"large": False}),
    (26, "good", "2024-07-03", "red", "lecture", 30, 5, {}),
    (27, "gap", "2024-02-01", "science", "practice", 10, 1, {"site": "S_GAP"}),
    (28, "gap", "2024-03-01", "science", "practice", 10, 1, {"site": "S_GAP"}),
    (29, "gap", "2024-05-01", "science", "practice", 10, 1, {"site": "S_GOOD"}),  # another unit's site
    (30, "gap", "2024-06-01", "care", "visit", 2, 2, {"cases": ["C_GAP"], "site": "S_GAP"}),
    (31, "gap", "2024-09-09", "net", "patrol", 0, 3, {"patrol": {"venues_checked": 2}}),
    (32, "gap", "2023-12-01", "care", "visit", 2, 2, {"cases": ["C_GAP"], "site": "S_GAP"}),  # 2023
    (33, "thin", "2024-10-01", "law", "lecture", 50, 5, {}),
]

# key, unit, kind, year, date, extra (adopted)
DOCS = [
    ("office", "plan", 2024, "2024-01-10"), ("office", "halfyear", 2024, "2024-07-05"),
    ("office", "summary", 2024, "2025-01-08"), ("office", "briefing", 2024, "2024-05-01"),
    ("office", "briefing", 2024, "2024-11-01"), ("office", "report-sent", 2024, "2024-12-01"),
    ("office", "rules", 2024, None), ("office", "research", 2024, "2024-09-01"),
    ("good", "plan", 2024, "2024-01-15"), ("good", "halfyear", 2024, "2024-07-10"),
    ("good", "summary", 2024, "2025-01-10"), ("good", "briefing", 2024, "2024-04-20"),
    ("good", "briefing", 2024, "2024-10-20"), ("good", "report-sent", 2024, "2024-12-20"),
    ("good", "information", 2024, "2024-08-01", "adopted"), ("good", "information", 2024, "2024-09-01"),
    ("good", "minutes", 2024, "2024-03-03"),
    ("gap", "briefing", 2024, "2024-06-01"), ("gap", "report-sent", 2024, "2025-01-05"),
    ("gap", "plan", 2023, "2023-01-05"),   # last year's plan: not 2024's
    ("thin", "plan", 2024, "2024-02-01"), ("thin", "halfyear", 2024, "2024-07-01"),
    ("thin", "summary", 2024, "2024-12-30"), ("thin", "briefing", 2024, "2024-03-01"),
    ("thin", "briefing", 2024, "2024-09-01"), ("thin", "report-sent", 2024, None),
]

# unit, name, role, volunteer, since, until
MEMBERS = [
    ("office", "王书记", "director", None, "2021-01-01", None),
    ("office", "丁光海", "executive", "V1", "2021-01-01", None),
    ("office", "李联络", "liaison", None, None, None),
    ("good", "赵书记", "director", None, "2020-01-01", None),
    ("good", "钱执行", "executive", "V2", "2020-01-01", None),
    ("good", "孙联络", "liaison", None, "2020-01-01", "2024-03-31"),
    ("good", "周联络", "liaison", None, "2024-05-01", None),      # 1 month: no vacancy
    ("good", "吴委员", "member", None, None, None),
    ("gap", "郑书记", "director", None, "2019-01-01", "2024-10-31"),  # 2 months empty on 31 Dec
    ("gap", "冯联络", "liaison", None, "2019-01-01", "2024-02-29"),
    ("gap", "陈联络", "liaison", None, "2024-07-01", None),         # empty 4 months: a vacancy
    ("thin", "褚书记", "director", None, "2018-01-01", None),
    ("thin", "卫执行", "executive", None, "2018-01-01", None),      # not one of the 五老
    ("thin", "蒋执行", "executive", "V5", "2025-01-01", None),      # not yet in post
    ("thin", "沈联络", "liaison", None, "2018-01-01", "2024-06-30"),  # nobody since: still empty
]

AWARDS = [("good", "city", "2024-11-01"), ("good", "county", "2024-05-01"),
          ("gap", "street", "2024-12-01"), ("office", "province", "2023-12-01")]

# unit, kind, amount, date, aided
FUNDS = [("office", "budget", "5000.00", "2024-02-01", None),
         ("good", "budget", "2500.50", "2024-02-02", None),
         ("good", "raised", "1000", "2024-05-01", None),
         ("good", "aid", "800.00", "2024-06-01", 4),
         ("good", "spent", "300.25", "2024-07-01", None),
         ("gap", "budget", "1500.00", "2024-03-01", None),
         ("gap", "budget", "9000.00", "2023-03-01", None),   # last year
         ("thin", "budget", "1999.99", "2024-01-20", None)]

# unit, name, kind, appointed, members
TEAMS = [("office", "网吧义务监督队", "netwatch", 2023, ["V1"]),
         ("good", "五老宣讲团", "lecture", 2024, ["V2", "V4"]),
         ("gap", "关爱工作团", "care", 2024, []),
         ("thin", "科技服务团", "tech", 2025, [])]   # appointed later: not counted

ENUMS = {
    "role": ["director", "executive", "deputy", "member", "liaison", "other"],
    "group": ["cadre", "veteran", "expert", "teacher", "model", "other"],
    "team": ["lecture", "care", "tech", "netwatch", "other"],
    "case": ["left-behind", "migrant", "hardship", "disability", "guidance", "aid", "other"],
    "fund": ["budget", "raised", "spent", "aid"],
    "site": ["office", "station", "holiday-school", "base", "studio", "other"],
    "award": ["street", "county", "city", "province", "national"],
    "doc": ["plan", "halfyear", "summary", "rules", "minutes", "briefing", "report-sent",
            "research", "information", "other"],
}


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def act_id(a):
    return a[2].replace("-", "") + "-%08x" % a[0]


def files():
    out = {}
    units = ["schema: ggw/units/1", "street: " + STREET, "units:"]
    for k, name, kind in UNITS:
        units += ["  - key: " + k, "    name: " + q(name), "    kind: " + kind]
    out["units.yaml"] = units
    for key, unit, group, backbone in VOLS:
        lines = ["schema: ggw/volunteer/1", "id: " + V[key], "unit: " + unit, "name: 五老" + key,
                 "group: " + group, "active: true"]
        if backbone is not None:
            lines.append("backbone: " + ("true" if backbone else "false"))
        out["volunteers/%s/%s.yaml" % (unit, V[key])] = lines
    for a in ACTS:
        n, unit, date, cat, form, youth, adult, extra = a
        lines = ["schema: ggw/activity/1", "id: " + act_id(a), "unit: " + unit,
                 "title: 测试活动%d号" % n, "date: " + date, "category: " + cat, "form: " + form,
                 "youth_count: %d" % youth, "adult_count: %d" % adult, "five_have:"]
        lines += ["  %s: 有" % k for k in ("plan", "assignment", "implementation", "commendation", "summary")]
        if "site" in extra:
            lines.append("site: " + S[extra["site"]])
        if "cases" in extra:
            lines += ["cases:"] + ["  - " + C[c] for c in extra["cases"]]
        if "patrol" in extra:
            lines += ["patrol:"] + ["  %s: %d" % kv for kv in extra["patrol"].items()]
        if "large" in extra:
            lines.append("large: " + ("true" if extra["large"] else "false"))
        out["activities/%s/%s/%s.yaml" % (unit, date[:4], act_id(a))] = lines
    for i, d in enumerate(DOCS):
        unit, kind, year, date = d[:4]
        did = "d-%08x" % (0xd00 + i)
        lines = ["schema: ggw/document/1", "id: " + did, "unit: " + unit, "kind: " + kind,
                 "year: %d" % year, "title: 文件%d" % i]
        if date:
            lines.append("date: " + date)
        if len(d) > 4:
            lines += ["adopted_by:", "  - by: 区关工委简报", "    level: county"]
        out["documents/%s/%d/%s.yaml" % (unit, year, did)] = lines
    for i, (unit, name, role, vol, since, until) in enumerate(MEMBERS):
        mid = "m-%08x" % (0xe00 + i)
        lines = ["schema: ggw/member/1", "id: " + mid, "unit: " + unit, "name: " + name, "role: " + role]
        if vol:
            lines.append("volunteer: " + V[vol])
        if since:
            lines.append("since: " + since)
        if until:
            lines.append("until: " + until)
        out["members/%s/%s.yaml" % (unit, mid)] = lines
    for key, unit, kind, sign, since in SITES:
        lines = ["schema: ggw/site/1", "id: " + S[key], "unit: " + unit, "name: 阵地" + key,
                 "kind: " + kind, "sign: " + ("true" if sign else "false")]
        if since:
            lines.append("since: " + since)
        out["sites/%s/%s.yaml" % (unit, S[key])] = lines
    for key, unit, code, ctype, opened, closed, status, paired in CASES:
        lines = ["schema: ggw/case/1", "id: " + C[key], "unit: " + unit, "code: " + code,
                 "type: " + ctype, "opened: " + opened, "status: " + status]
        if closed:
            lines.append("closed: " + closed)
        if paired:
            lines += ["volunteers:"] + ["  - " + V[p] for p in paired]
        out["cases/%s/%s.yaml" % (unit, C[key])] = lines
    for i, (unit, level, date) in enumerate(AWARDS):
        aid = "a-%08x" % (0xa00 + i)
        out["awards/%s/%s/%s.yaml" % (unit, date[:4], aid)] = [
            "schema: ggw/award/1", "id: " + aid, "unit: " + unit, "title: 荣誉%d" % i,
            "level: " + level, "date: " + date]
    for i, (unit, kind, amount, date, aided) in enumerate(FUNDS):
        fid = "f-%08x" % (0xf00 + i)
        lines = ["schema: ggw/fund/1", "id: " + fid, "unit: " + unit, "kind: " + kind,
                 "amount: " + q(amount), "date: " + date]
        if aided:
            lines.append("aided_count: %d" % aided)
        out["funds/%s/%s/%s.yaml" % (unit, date[:4], fid)] = lines
    for i, (unit, name, kind, appointed, members) in enumerate(TEAMS):
        tid = "t-%08x" % (0x700 + i)
        lines = ["schema: ggw/team/1", "id: " + tid, "unit: " + unit, "name: " + name,
                 "kind: " + kind, "appointed: %d" % appointed]
        if members:
            lines += ["volunteers:"] + ["  - " + V[m] for m in members]
        out["teams/%s/%s.yaml" % (unit, tid)] = lines
    return out


def make(d):
    import os
    for rel, lines in files().items():
        p = os.path.join(d, rel)
        os.makedirs(os.path.dirname(p) or d, exist_ok=True)
        with open(p, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------- expectations

def add_months(d, n):
    y, m, day = int(d[:4]), int(d[5:7]) - 1 + n, int(d[8:10])
    y += m // 12
    m %= 12
    last = [31, 29 if (y % 4 == 0 and y % 100) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30,
            31, 30, 31][m]
    return "%04d-%02d-%02d" % (y, m + 1, min(day, last))


def ref_day(year):
    return "%d-12-31" % year if year < int(TODAY[:4]) else TODAY


def in_post(m, day):
    return (m[4] is None or m[4] <= day) and (m[5] is None or m[5] >= day)


def case_open_in(c, year):
    return c[4] <= "%d-12-31" % year and (c[5] is None or c[5] >= "%d-01-01" % year)


def yuan(fen):
    return "%d.%02d" % (fen // 100, fen % 100)


def fen(s):
    whole, _, frac = s.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def figures(unit, year):
    """Every figure of sections 10-19 for one unit, by name."""
    y0, y1, ref = "%d-01-01" % year, "%d-12-31" % year, ref_day(year)
    f = {}
    mem = [m for m in MEMBERS if m[0] == unit and in_post(m, ref)]
    f["members"] = [sum(1 for m in mem if m[2] == r) for r in ENUMS["role"]]
    f["members_total"] = len(mem)
    f["exec5"] = sum(1 for m in mem if m[2] == "executive" and m[3])
    vols = [v for v in VOLS if v[1] == unit]
    f["groups"] = [sum(1 for v in vols if v[2] == g) for g in ENUMS["group"]]
    f["vols"], f["backbone"] = len(vols), sum(1 for v in vols if v[3])
    teams = [t for t in TEAMS if t[0] == unit and t[3] <= year]
    f["teams"] = [sum(1 for t in teams if t[2] == k) for k in ENUMS["team"]]
    f["teams_total"], f["team_members"] = len(teams), sum(len(t[4]) for t in teams)
    cases = [c for c in CASES if c[1] == unit and case_open_in(c, year)]
    cur = [a for a in ACTS if a[2][:4] == str(year)]

    def contacts(cs):
        return sum(1 for a in cur for c in a[7].get("cases", []) if c in [x[0] for x in cs])
    f["cases"] = [sum(1 for c in cases if c[3] == t) for t in ENUMS["case"]]
    f["cases_total"], f["paired"] = len(cases), sum(1 for c in cases if c[7])
    f["contacts"] = contacts(cases)
    g = [c for c in cases if c[3] == "guidance"]
    f["guidance"] = [len(g), sum(1 for c in g if y0 <= c[4] <= y1),
                     sum(1 for c in g if c[5] and y0 <= c[5] <= y1), sum(1 for c in g if c[7]), contacts(g)]
    funds = [x for x in FUNDS if x[0] == unit and x[3][:4] == str(year)]
    f["money"] = [sum(fen(x[2]) for x in funds if x[1] == k) for k in ENUMS["fund"]]
    f["aided"] = sum(x[4] or 0 for x in funds)
    sites = [s for s in SITES if s[1] == unit and (s[4] is None or s[4] <= y1)]
    f["sites"] = [sum(1 for s in sites if s[2] == k) for k in ENUMS["site"]]
    f["signed"] = sum(1 for s in sites if s[3])
    stations = [s[0] for s in sites if s[2] == "station"]
    f["station_acts"] = sum(1 for a in cur if a[7].get("site") in stations)
    aw = [a for a in AWARDS if a[0] == unit and a[2][:4] == str(year)]
    f["awards"] = [sum(1 for a in aw if a[1] == k) for k in ENUMS["award"]]
    docs = [d for d in DOCS if d[0] == unit and d[2] == year]
    f["docs"] = [sum(1 for d in docs if d[1] == k) for k in ENUMS["doc"]]
    f["adopted"] = sum(1 for d in docs if d[1] == "information" and len(d) > 4)
    f["sent_on_time"] = sum(1 for d in docs if d[1] == "report-sent" and (d[3] is None or d[3] <= y1))
    pat = [a for a in cur if a[1] == unit and "patrol" in a[7]]
    f["patrol"] = [len(pat)] + [sum(a[7]["patrol"].get(k, 0) for a in pat)
                                for k in ("venues_checked", "minors_advised", "referred_to")]
    f["large"] = sum(1 for a in cur if a[1] == unit and
                     (a[7]["large"] if "large" in a[7] else a[4] == "lecture"))
    return f


def section_rows(year):
    """{title: [rows]} of sections 10-19, units then the total."""
    per = [(name, kind, figures(k, year)) for k, name, kind in UNITS]
    kinds = {"street": "街道", "village": "村", "community": "社区"}
    spec = [
        ("十、组织机构（在任成员）", lambda f: f["members"] + [f["members_total"], f["exec5"]], True),
        ("十一、五老队伍（按单位、类别）", lambda f: f["groups"] + [f["vols"], f["backbone"]], False),
        ("十二、五老工作队伍", lambda f: f["teams"] + [f["teams_total"], f["team_members"]], False),
        ("十三、关爱帮扶对象（按编号，不含姓名）",
         lambda f: f["cases"] + [f["cases_total"], f["paired"], f["contacts"]], False),
        ("十四、帮教", lambda f: f["guidance"], False),
        ("十五、经费（元）", lambda f: [yuan(m) for m in f["money"]] + [f["aided"]], False),
        ("十六、阵地", lambda f: f["sites"] + [f["signed"], f["station_acts"]], False),
        ("十七、表彰", lambda f: f["awards"] + [sum(f["awards"])], False),
        ("十八、年度文件与信息报送", lambda f: f["docs"] + [f["adopted"]], False),
        ("十九、网吧义务监督与护苗", lambda f: f["patrol"], False),
    ]
    out = {}
    for title, cols, with_kind in spec:
        rows, total = [], None
        for name, kind, f in per:
            vals = cols(f)
            rows.append([name] + ([kinds[kind]] if with_kind else []) + [str(v) for v in vals])
            nums = [fen(v) if isinstance(v, str) else v for v in vals]
            total = nums if total is None else [a + b for a, b in zip(total, nums)]
        money = title.startswith("十五")
        rows.append(["合计"] + ([""] if with_kind else []) +
                    [yuan(v) if money and i < 4 else str(v) for i, v in enumerate(total)])
        out[title] = rows
    return out


def parse_csv_tables(path):
    rows = list(csv.reader(open(path, encoding="utf-8", newline="")))
    tables, cur = {}, None
    for i, r in enumerate(rows):
        if len(r) == 1 and re.match(r"^[一二三四五六七八九十]+、", r[0]):
            cur = tables.setdefault(r[0], [])
            continue
        if not r or cur is None:
            cur = None if not r else cur
            continue
        cur.append(r)
    return {t: v[1:] for t, v in tables.items()}   # without the header row


failures = 0


def ok(cond, name, detail=""):
    global failures
    if cond:
        print("ok - " + name)
    else:
        failures += 1
        print("not ok - " + name)
        for line in str(detail).splitlines()[:20]:
            print("# " + line)


def check_report(path, year):
    got = parse_csv_tables(path)
    want = section_rows(year)
    for title, rows in want.items():
        g = got.get(title)
        ok(g is not None, "report %d: section %s present" % (year, title), list(got))
        if g is None:
            continue
        bad = [(w, r) for w, r in zip(rows, g) if w != r]
        ok(len(g) == len(rows) and not bad, "report %d: %s every figure" % (year, title),
           "\n".join("want %s\ngot  %s" % b for b in bad[:5]) or "rows %d want %d" % (len(g), len(rows)))
    lect = sum(figures(k, year)["large"] for k, _, _ in UNITS)
    overview = got.get("一、总体情况", [])
    row = [r for r in overview if r and r[0] == "大型宣讲活动"]
    ok(row and row[0][1] == str(lect), "report %d: 大型宣讲 by the large flag (%d)" % (year, lect), row)


# ---------------------------------------------------------------- audit

def expected_audit(year, mins):
    """{unit name: {heading: [items]}} of the new kinds."""
    ref, y1 = ref_day(year), "%d-12-31" % year
    due = 12 if year < int(TODAY[:4]) else int(TODAY[5:7])
    out = {}
    for k, name, _ in UNITS:
        f = figures(k, year)
        e = {}
        docs = dict(zip(ENUMS["doc"], f["docs"]))
        if due >= 1 and not docs["plan"]:
            e["没有年度工作计划"] = [""]
        if due >= 7 and not docs["halfyear"]:
            e["没有半年小结"] = [""]
        if due >= 12 and not docs["summary"]:
            e["没有年终总结"] = [""]
        if docs["briefing"] < mins["briefings"]:
            e["党委听取汇报不足："] = ["全年 %d 次，最少 %d 次，差 %d 次" % (
                docs["briefing"], mins["briefings"], mins["briefings"] - docs["briefing"])]
        if due >= 12 and not f["sent_on_time"]:
            e["年度报表未在年底前报送"] = ["（“年报报送”记录的日期晚于 12 月 31 日）" if docs["report-sent"]
                                  else "（没有“年报报送”记录）"]
        roles = dict(zip(ENUMS["role"], f["members"]))
        vac = vacancies(k, year)
        if not roles["director"] and not any(v[0] == "主任" and v[2] is None for v in vac):
            e["没有在任的主任"] = ["（统计日 %s）" % ref]
        if not roles["executive"] and not any(v[0] == "常务副主任/执行主任" and v[2] is None for v in vac):
            e["没有在任的常务副主任/执行主任"] = ["（统计日 %s）" % ref]
        ex = [m[1] for m in MEMBERS if m[0] == k and m[2] == "executive" and in_post(m, ref) and not m[3]]
        if ex:
            e["执行主任不是登记的五老："] = ex
        if vac:
            e["职务空缺超过三个月："] = ["%s：%s %s" % (r, a, ("离任，%s 才有人接任" % b) if b else "离任后至今空缺")
                                 for r, a, b in vac]
        few = [s for s in SITES if s[1] == k and s[2] == "station" and (s[4] is None or s[4] <= y1)]
        few = [(s, sum(1 for a in ACTS if a[2][:4] == str(year) and a[7].get("site") == s[0])) for s in few]
        few = ["阵地%s  全年 %d 次，最少 %d 次" % (s[0], n, mins["station_activities"])
               for s, n in few if n < mins["station_activities"]]
        if few:
            e["活动不足的校外教育辅导站："] = few
        budget = f["money"][0]
        if budget < mins["budget_yuan"] * 100:
            e["工作经费不足："] = ["全年工作经费 %s 元，最少 %d 元" % (yuan(budget), mins["budget_yuan"])]
        stale = []
        for c in CASES:
            if c[1] != k or not (c[4] <= ref and (c[5] is None or c[5] > ref) and c[6] != "closed"):
                continue
            last = max([a[2] for a in ACTS if c[0] in a[7].get("cases", []) and a[2] <= ref], default=None)
            if max(last or "", c[4]) < add_months(ref, -3):
                stale.append("%s  %s" % (c[2], ("最近一次活动 " + last) if last else "没有引用它的活动"))
        if stale:
            e["三个月没有联系的在帮扶对象："] = stale
        empty = [t[1] for t in TEAMS if t[0] == k and t[3] <= year and not t[4]]
        if empty:
            e["没有队员的队伍："] = empty
        out[name] = e
    return out


ROLE_LABEL = {"director": "主任", "executive": "常务副主任/执行主任", "liaison": "联络员"}


def vacancies(unit, year):
    """(role label, left, came or None) of posts empty > 3 months in the year."""
    ref, y0, y1 = ref_day(year), "%d-01-01" % year, "%d-12-31" % year
    out = []
    for role in ("director", "executive", "liaison"):
        terms = sorted((m[4] or "0000-00-00", m[5] or "9999-12-31") for m in MEMBERS
                       if m[0] == unit and m[2] == role)
        if not terms:
            continue
        end = terms[0][1]
        for k in range(1, len(terms) + 1):
            if end >= ref:
                break
            if k < len(terms) and terms[k][0] <= add_months(end, 3):
                end = max(end, terms[k][1])
                continue
            came = terms[k][0] if k < len(terms) and terms[k][0] <= ref else None
            if (came or ref > add_months(end, 3)) and end <= y1 and (came or ref) >= y0:
                out.append((ROLE_LABEL[role], end, came))
            if not came:
                break
            end = terms[k][1]
    return out


NEW_HEADINGS = ["没有年度工作计划", "没有半年小结", "没有年终总结", "党委听取汇报不足：", "年度报表未在年底前报送",
                "没有在任的主任", "没有在任的常务副主任/执行主任", "执行主任不是登记的五老：", "职务空缺超过三个月：",
                "活动不足的校外教育辅导站：", "工作经费不足：", "三个月没有联系的在帮扶对象：", "没有队员的队伍："]


def parse_audit(text):
    units, cur, kind = {}, None, None
    for line in text.split("\n"):
        m = re.match(r"^【(.*)】", line)
        if m:
            cur, kind = units.setdefault(m.group(1), {}), None
            continue
        if cur is None or not line.strip():
            continue
        if line.startswith("  ") and not line.startswith("    "):
            body, kind = line[2:], None
            for h in NEW_HEADINGS:
                if body.startswith(h):
                    kind = h
                    rest = body[len(h):]
                    cur[h] = [rest] if rest or not h.endswith("：") else []
            continue
        if kind:
            item = line.strip()
            item = re.sub(r"^[scmt]-[0-9a-f]{8}\s+", "", item)
            cur[kind].append(re.sub(r"\s{2,}", "  ", item))
    return units


def check_audit(path, year, mins):
    got = parse_audit(open(path, encoding="utf-8").read())
    want = expected_audit(year, mins)
    for name, e in want.items():
        g = got.get(name, {})
        for h in NEW_HEADINGS:
            ok(g.get(h) == e.get(h), "audit %d %s: %s" % (year, name, h.rstrip("：")),
               "got  %s\nwant %s" % (g.get(h), e.get(h)))
    found = set(h for e in want.values() for h in e)
    if mins is DEFAULT_MIN:
        ok(found == set(NEW_HEADINGS), "audit %d: every new kind found in some unit" % year,
           set(NEW_HEADINGS) - found)
    ok(not want["样板村关工委"], "audit %d: the unit keeping every duty has none" % year, want["样板村关工委"])


# ---------------------------------------------------------------- score

def check_score(path, year, mins):
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    for k, name, _ in UNITS:
        f = figures(k, year)
        docs, roles = dict(zip(ENUMS["doc"], f["docs"])), dict(zip(ENUMS["role"], f["members"]))
        want = {"plan": docs["plan"], "summary": docs["summary"], "report_sent": f["sent_on_time"],
                "briefings": docs["briefing"], "executive": roles["executive"], "liaison": roles["liaison"],
                "budget_yuan": f["money"][0] // 100, "awards_city": f["awards"][2] + f["awards"][3] + f["awards"][4]}
        need = {"briefings": mins["briefings"], "budget_yuan": mins["budget_yuan"]}
        for check, have in want.items():
            r = [x for x in rows if x["unit"] == k and x["check"] == check]
            ok(r and int(r[0]["have"]) == have, "score %d %s: %s = %d" % (year, k, check, have), r)
            if r and check in need:
                ok(int(r[0]["need"]) == need[check], "score %d %s: %s needs %d" % (year, k, check, need[check]), r)


def main():
    cmd = sys.argv[1]
    if cmd == "make":
        make(sys.argv[2])
        return 0
    mins = RULES_DISTRICT if len(sys.argv) > 4 and sys.argv[4] == "district" else DEFAULT_MIN
    year = int(sys.argv[3])
    if cmd == "check-report":
        check_report(sys.argv[2], year)
    elif cmd == "check-audit":
        check_audit(sys.argv[2], year, mins)
    elif cmd == "check-score":
        check_score(sys.argv[2], year, mins)
    return 0


if __name__ == "__main__":
    main()
    sys.exit(0)
