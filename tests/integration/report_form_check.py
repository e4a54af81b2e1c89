#!/usr/bin/env python3
"""Independent expectations for `ggw report --form` (tests/integration/report_form.sh).

The figures are computed from report_fixture.py's record list with this
script's own code; the xlsx is read back with openpyxl (values and formats),
the html with html.parser, the PDF LibreOffice made with pdftotext's text.

  report_form_check.py xlsx FILE YEAR COLUMNS [--unit KEY] [--units JSON] [--portrait]
  report_form_check.py html FILE YEAR COLUMNS [--unit KEY] [--units JSON]
  report_form_check.py pdftext FILE YEAR COLUMNS
COLUMNS: comma-separated "title=count" pairs, or "default".
"""
import html.parser
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_fixture as fx  # noqa: E402

DEFAULT = [("活动场次", "activities"), ("青少年人次", "youth"), ("成人人次", "adults"),
           ("大型宣讲活动", "lectures"), ("学习培训会议", "sessions"), ("宣传信息", "publicity"),
           ("在册五老", "volunteers"), ("参加活动的五老", "volunteers_engaged")]
failures = 0


def ok(cond, name, detail=""):
    global failures
    if cond:
        print("ok - " + name)
    else:
        failures += 1
        print("not ok - " + name)
        for line in str(detail).splitlines()[:30]:
            print("# " + line)


def measures(unit, year):
    """What the form counts for one unit (report.h's definitions)."""
    acts = [a for a in fx.valid_acts() if fx.year_of(a) == year and a[1] == unit]
    year_acts = [a for a in fx.valid_acts() if fx.year_of(a) == year]
    vols = [v for v in fx.valid_vols() if v[1] == unit and fx.on_books(v, year)]
    named = {v for a in year_acts for v in a[7]}
    return {
        "activities": len(acts), "youth": sum(a[5] for a in acts), "adults": sum(a[6] for a in acts),
        "lectures": sum(1 for a in acts if fx.is_lecture(a)),
        "sessions": sum(1 for a in acts if fx.is_session(a)),
        "publicity": sum(len(a[9]) for a in acts), "volunteers": len(vols),
        "volunteers_engaged": sum(1 for v in vols if v[4] and v[0] in named),
    }  # other counts (briefings, budget_yuan, ...) read 0: no such records here


def expected(year, columns, unit=None, names=None):
    units = [(k, (names or {}).get(k, n)) for k, n, _ in fx.UNITS if unit is None or k == unit]
    rows = []
    total = [0] * len(columns)
    for i, (k, name) in enumerate(units):
        m = measures(k, year)
        vals = [m.get(c, 0) for _, c in columns]
        total = [t + v for t, v in zip(total, vals)]
        rows.append([i + 1, name] + vals)
    if unit is None:
        rows.append([None, "合计"] + total)
    return rows


def guarded(s):
    """The sheet's text for s: after a ' when it looks like a formula."""
    if s and s[0] in "=+-@\t\r" and not re.fullmatch(r"[+-]?\d+(\.\d*)?%?", s):
        return "'" + s
    return s


def parse_columns(arg):
    if arg == "default":
        return DEFAULT
    return [tuple(p.rsplit("=", 1)) for p in arg.split(",")]


def display_width(s):
    return fx.display_width(s)


def check_xlsx(path, year, columns, unit, names, portrait):
    import openpyxl
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    street = names.get("street", fx.STREET) if names else fx.STREET
    owner = dict((k, n) for k, n, _ in fx.UNITS)[unit] if unit else street
    ncol = 2 + len(columns)
    last = openpyxl.utils.get_column_letter(ncol)
    rows = expected(year, columns, unit, names)
    for r in rows:
        r[1] = guarded(r[1])
    title = "%s年度工作统计表（%d年）" % (guarded(owner), year)
    ok(ws["A1"].value == title, "xlsx: title", ws["A1"].value)
    merged = {str(r) for r in ws.merged_cells.ranges}
    ok("A1:%s1" % last in merged, "xlsx: title merged over the table", merged)
    ok(ws["A1"].font.b and ws["A1"].font.sz >= 14, "xlsx: title bold and large")
    ok(ws["A2"].value == "填报单位：%s（盖章）" % guarded(owner), "xlsx: reporting unit", ws["A2"].value)
    date_cell = [c for c in ws[2] if c.value and str(c.value).startswith("填报日期")]
    ok(date_cell and date_cell[0].value == "填报日期：2026年11月29日", "xlsx: reporting date",
       [c.value for c in ws[2]])
    head = [c.value for c in ws[3]][:ncol]
    ok(head == ["序号", "单位"] + [guarded(t) for t, _ in columns], "xlsx: header row", head)
    got = [[c.value for c in ws[4 + i]][:ncol] for i in range(len(rows))]
    ok(got == rows, "xlsx: every figure of every row (%d rows)" % len(rows),
       "got  %s\nwant %s" % (got, rows))
    cells = [c for r in ws.iter_rows(min_row=3, max_row=3 + len(rows), max_col=ncol) for c in r]
    ok(all(c.border.left.style == "thin" and c.border.right.style == "thin" and
           c.border.top.style == "thin" and c.border.bottom.style == "thin" for c in cells),
       "xlsx: every table cell has thin borders")
    figures = [c for r in ws.iter_rows(min_row=4, max_row=3 + len(rows), min_col=3, max_col=ncol) for c in r]
    ok(all(c.data_type == "n" for c in figures), "xlsx: figures are numbers",
       [(c.coordinate, c.data_type) for c in figures if c.data_type != "n"])
    fmts = []
    for j, (_, count) in enumerate(columns):
        fmts.append(ws.cell(row=4, column=3 + j).number_format)
    ok(fmts == ["#,##0" if c == "budget_yuan" else "0" for _, c in columns],
       "xlsx: number formats (0, #,##0 for money)", fmts)
    ok(all(ws.cell(row=4 + i, column=2).number_format == "@" for i in range(len(rows))),
       "xlsx: unit names in text format (an edit stays text)")
    ok(all(c.data_type != "f" for r in ws.iter_rows() for c in r), "xlsx: no formula cell anywhere")
    if unit is None:
        ok(all(ws.cell(row=3 + len(rows), column=c).font.b for c in range(2, ncol + 1)),
           "xlsx: total row bold")
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    want_b = max(display_width(str(r[1])) for r in rows) + 2
    ok(widths.get("B", 0) >= min(want_b, 40), "xlsx: unit column wide enough for the names", widths)
    ok(all(widths.get(openpyxl.utils.get_column_letter(3 + j), 0) >= 8 for j in range(len(columns))),
       "xlsx: data columns have widths", widths)
    ok(ws.row_dimensions[3].height and ws.row_dimensions[3].height >= 20, "xlsx: header row height set")
    end_row = 3 + len(rows) + 3  # a blank row, the signature, the note
    ok(ws.print_area == ["$A$1:$%s$%d" % (last, end_row)], "xlsx: print area", ws.print_area)
    ok(ws.print_title_rows == "$3:$3", "xlsx: header row repeated on every page", ws.print_title_rows)
    ok(ws.page_setup.paperSize == 9, "xlsx: A4 paper", ws.page_setup.paperSize)
    ok(ws.page_setup.orientation == ("portrait" if portrait else "landscape"),
       "xlsx: %s" % ("portrait" if portrait else "landscape"), ws.page_setup.orientation)
    ok(ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
       and ws.page_setup.fitToHeight == 0, "xlsx: fit to one page wide")
    ok(ws.freeze_panes == "C4", "xlsx: header and names frozen", ws.freeze_panes)
    ok("&P" in (ws.oddFooter.center.text or ""), "xlsx: page numbers in the footer")
    sign = [ws.cell(row=end_row - 1, column=1).value, ws.cell(row=end_row, column=1).value]
    ok(sign[0] and "负责人" in sign[0] and "填表人" in sign[0] and "联系电话" in sign[0],
       "xlsx: signature line", sign)


class Table(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cell, self.h1, self.in_h1, self.thead = [], None, "", False, False
        self.head_rows = 0

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
            if self.thead:
                self.head_rows += 1
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "h1":
            self.in_h1 = True
        elif tag == "thead":
            self.thead = True

    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self.cell)
            self.cell = None
        elif tag == "h1":
            self.in_h1 = False
        elif tag == "thead":
            self.thead = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data
        if self.in_h1:
            self.h1 += data


def check_html(path, year, columns, unit, names):
    data = open(path, encoding="utf-8").read()
    t = Table()
    t.feed(data)
    street = names.get("street", fx.STREET) if names else fx.STREET
    owner = dict((k, n) for k, n, _ in fx.UNITS)[unit] if unit else street
    ok(t.h1 == "%s年度工作统计表（%d年）" % (guarded(owner), year), "html: title", t.h1)
    ok(t.head_rows == 1 and t.rows[0] == ["序号", "单位"] + [guarded(x) for x, _ in columns],
       "html: header row in thead", t.rows[:1])
    want = [["" if v is None else str(v) for v in r] for r in expected(year, columns, unit, names)]
    for r in want:
        r[1] = guarded(r[1])
    for r in want:
        for j, (_, c) in enumerate(columns):
            if c == "budget_yuan":
                r[2 + j] = "{:,}".format(int(r[2 + j]))
    ok(t.rows[1:] == want, "html: every figure of every row", "got  %s\nwant %s" % (t.rows[1:], want))
    ok("@page{size:A4" in data and "thead{display:table-header-group}" in data,
       "html: A4 page and the header repeated when printed")
    ok("负责人" in data and "填报日期：2026年11月29日" in data, "html: signature line and date")
    ok("<script" not in data.lower(), "html: no script")


def check_pdftext(path, year, columns):
    text = open(path, encoding="utf-8").read()
    flat = re.sub(r"\s+", " ", text)
    ok("%s年度工作统计表（%d年）" % (fx.STREET, year) in flat.replace(" ", ""), "pdf: title", text[:300])
    total = expected(year, columns)[-1]
    line = [ln for ln in text.splitlines() if "合计" in ln]
    nums = re.findall(r"\d+", line[0]) if line else []
    ok(nums == [str(v) for v in total[2:]], "pdf: the total row", "%s\nwant %s" % (line, total[2:]))
    ok("第 1 页" in text or "第1页" in flat.replace(" ", ""), "pdf: page number")


def main():
    args = sys.argv[1:]
    opts = {}
    for flag in ("--unit", "--units"):
        if flag in args:
            i = args.index(flag)
            opts[flag] = args[i + 1]
            del args[i:i + 2]
    portrait = "--portrait" in args
    args = [a for a in args if a != "--portrait"]
    kind, path, year, columns = args[0], args[1], int(args[2]), parse_columns(args[3])
    names = json.loads(opts["--units"]) if "--units" in opts else None
    if kind == "xlsx":
        check_xlsx(path, year, columns, opts.get("--unit"), names, portrait)
    elif kind == "html":
        check_html(path, year, columns, opts.get("--unit"), names)
    else:
        check_pdftext(path, year, columns)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
