#!/usr/bin/env python3
"""tests/report_check.py - checks of report.html and sweep.html as a reader
and a browser see them.  Used by tests/report.sh; each call checks one
thing, prints nothing when it holds and one line on stderr when it does
not (exit 1).

  html FILE [--shapes-from SITES.csv] [--max-bytes N] [--lang nb|en]
      well-formed (every element closed, in order), self-contained (no
      external fetch), one data-id shape per municipality of SITES.csv,
      each with a <title>; no duplicate element ids; at most N bytes
  unplaced FILE UNPLACED.csv
      one row per unplaced cohort, each with a reason
  reason FILE COHORT TEXT
      the unplaced row of COHORT gives TEXT as its reason
  charts FILE N
      sweep.html: N charts and a scenario table
  same FILE1 FILE2
      the two reports are the same apart from the solver-status line
  dom DUMP [--shapes N] [--sorted TABLE:COL:desc]
      the DOM that headless Chromium dumped: the page's script ran to its
      end (data-ready="1"), N shapes, and TABLE sorted by column COL
"""
import csv
import html.parser
import re
import sys

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def fail(msg):
    print("report_check: " + msg, file=sys.stderr)
    sys.exit(1)


class Tree(html.parser.HTMLParser):
    """Tag balance, ids, data-id shapes and their titles, table cells."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.ids = [], [], {}
        self.shapes = {}       # data-id -> has <title>
        self.shape_tags = []   # tag names of data-id elements
        self.in_shape = None
        self.attrs_seen = []
        self.tables = {}       # id -> list of rows (list of cell texts)
        self.table, self.row, self.cell = None, None, None
        self.html_attrs = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.attrs_seen.append((tag, a))
        if tag == "html":
            self.html_attrs = a
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append("duplicate id %r" % a["id"])
            self.ids[a["id"]] = tag
        if "data-id" in a:
            if a["data-id"] in self.shapes:
                self.errors.append("two shapes with data-id %r" % a["data-id"])
            self.shapes[a["data-id"]] = False
            self.shape_tags.append(tag)
            self.in_shape = (a["data-id"], len(self.stack))
        if tag == "title" and self.in_shape and len(self.stack) == self.in_shape[1] + 1:
            self.shapes[self.in_shape[0]] = True
        if tag == "table" and "id" in a:
            self.table = self.tables.setdefault(a["id"], [])
        if tag == "tr" and self.table is not None:
            self.row = []
        if tag in ("td", "th") and self.row is not None:
            self.cell = []
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        a = dict(attrs)
        self.attrs_seen.append((tag, a))
        if "data-id" in a:
            self.errors.append("shape %r has no <title> (self-closed)" % a["data-id"])
            self.shapes[a["data-id"]] = False
            self.shape_tags.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack:
            self.errors.append("line %d: </%s> closes nothing" % (self.getpos()[0], tag))
            return
        top, pos = self.stack.pop()
        if top != tag:
            self.errors.append("line %d: </%s> closes <%s> opened at line %d" % (self.getpos()[0], tag, top, pos[0]))
        if self.in_shape and len(self.stack) == self.in_shape[1]:
            self.in_shape = None
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append("".join(self.cell).strip())
            self.cell = None
        if tag == "tr" and self.row is not None and self.table is not None:
            self.table.append(self.row)
            self.row = None
        if tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def parse(path):
    text = open(path, encoding="utf-8").read()
    t = Tree()
    t.feed(text)
    t.close()
    if t.stack:
        t.errors.append("unclosed at the end: " + ", ".join("<%s> (line %d)" % (g, p[0]) for g, p in t.stack[-5:]))
    return text, t


def municipalities(sites_csv):
    with open(sites_csv, encoding="utf-8-sig", newline="") as f:
        head = f.readline()
        f.seek(0)
        if head.startswith("\ufeff"):
            f.read(1)
        delim = ";" if head.count(";") > head.count(",") else ","
        return [r["id"].strip() for r in csv.DictReader(f, delimiter=delim) if r["kind"].strip() == "municipality"]


def cmd_html(args):
    path = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    text, t = parse(path)
    if t.errors:
        fail("%s: not well-formed: %s" % (path, "; ".join(t.errors[:5])))
    if not text.startswith("<!DOCTYPE html>"):
        fail("%s: no <!DOCTYPE html>" % path)
    # self-contained: nothing fetched from anywhere
    for tag, a in t.attrs_seen:
        for k in ("src", "href", "srcset", "poster", "data"):
            if k in a and not a[k].startswith("#"):
                fail("%s: <%s %s=%r> would fetch a resource" % (path, tag, k, a[k]))
        if tag == "link":
            fail("%s: <link> would fetch a resource" % path)
    for m in re.finditer(r"(https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')<]*", text):
        if m.group(0) != "http://www.w3.org/2000/svg":
            fail("%s: external reference %r" % (path, m.group(0)))
    if re.search(r"@import|url\((?!#)", text):
        fail("%s: CSS fetches a resource" % path)
    if "--lang" in opts and t.html_attrs.get("lang") != opts["--lang"]:
        fail("%s: <html lang=%r>, expected %r" % (path, t.html_attrs.get("lang"), opts["--lang"]))
    if "--shapes-from" in opts:
        want = municipalities(opts["--shapes-from"])
        got = set(t.shapes)
        if len(t.shape_tags) != len(want) or got != set(want):
            fail("%s: %d data-id shapes, expected one per municipality (%d); missing %s, extra %s" % (
                path, len(t.shape_tags), len(want), sorted(set(want) - got)[:5], sorted(got - set(want))[:5]))
        untitled = [k for k, v in t.shapes.items() if not v]
        if untitled:
            fail("%s: shapes without a <title>: %s" % (path, untitled[:5]))
    if "--max-bytes" in opts:
        size = len(text.encode("utf-8"))
        if size > int(opts["--max-bytes"]):
            fail("%s: %d bytes, more than %s" % (path, size, opts["--max-bytes"]))


def cmd_unplaced(args):
    path, unplaced_csv = args
    _, t = parse(path)
    with open(unplaced_csv, encoding="utf-8", newline="") as f:
        want = {r["cohort"]: int(r["students"]) for r in csv.DictReader(f)}
    rows = t.tables.get("t-uplassert", [])[1:]
    got = {r[0]: r for r in rows}
    if set(got) != set(want):
        fail("%s: unplaced table lists %s, unplaced.csv %s" % (path, sorted(got), sorted(want)))
    for cohort, r in got.items():
        if int(re.sub(r"\D", "", r[4])) != want[cohort]:
            fail("%s: cohort %s: %s unplaced in the table, %d in unplaced.csv" % (path, cohort, r[4], want[cohort]))
        if len(r[-1]) < 10:
            fail("%s: cohort %s has no reason: %r" % (path, cohort, r[-1]))


def cmd_reason(args):
    path, cohort, want = args
    _, t = parse(path)
    for r in t.tables.get("t-uplassert", [])[1:]:
        if r[0] == cohort:
            if want not in r[-1]:
                fail("%s: cohort %s: reason %r does not say %r" % (path, cohort, r[-1], want))
            return
    fail("%s: cohort %s is not in the unplaced table" % (path, cohort))


def cmd_charts(args):
    path, n = args[0], int(args[1])
    text, t = parse(path)
    if t.errors:
        fail("%s: not well-formed: %s" % (path, "; ".join(t.errors[:5])))
    charts = text.count('<div class="chart">')
    if charts != n:
        fail("%s: %d charts, expected %d" % (path, charts, n))
    if "t-scenarier" not in t.tables or len(t.tables["t-scenarier"]) < 2:
        fail("%s: no scenario table" % path)


def cmd_same(args):
    def strip(p):
        text = open(p, encoding="utf-8").read()
        return re.sub(r'<p class="sub">.*?</p>', "", text, count=1, flags=re.S)
    a, b = strip(args[0]), strip(args[1])
    if a != b:
        la, lb = a.splitlines(), b.splitlines()
        for i, (x, y) in enumerate(zip(la, lb)):
            if x != y:
                fail("%s and %s differ at line %d:\n  %s\n  %s" % (args[0], args[1], i + 1, x[:200], y[:200]))
        fail("%s and %s differ in length" % (args[0], args[1]))


def number(cell):
    c = cell.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace("%", "").replace("kr", "")
    c = c.replace(",", ".")
    return float(c) if c else float("-inf")


def cmd_dom(args):
    path = args[0]
    opts = dict(zip(args[1::2], args[2::2]))
    text, t = parse(path)
    if t.html_attrs.get("data-ready") != "1":
        fail("%s: the page's script did not run to its end (no data-ready on <html>)" % path)
    if "--shapes" in opts and len(t.shape_tags) != int(opts["--shapes"]):
        fail("%s: %d data-id shapes in the rendered page, expected %s" % (path, len(t.shape_tags), opts["--shapes"]))
    if "--sorted" in opts:
        table, col, *desc = opts["--sorted"].split(":")
        rows = t.tables.get(table, [])[1:]
        vals = [number(r[int(col)]) for r in rows]
        want = sorted(vals, reverse=bool(desc))
        if not vals or vals != want:
            fail("%s: table %s is not sorted by column %s: %s" % (path, table, col, vals[:8]))


def main():
    if len(sys.argv) < 3:
        fail(__doc__)
    cmd = {"html": cmd_html, "unplaced": cmd_unplaced, "reason": cmd_reason, "charts": cmd_charts,
           "same": cmd_same, "dom": cmd_dom}.get(sys.argv[1])
    if not cmd:
        fail("unknown check %r" % sys.argv[1])
    cmd(sys.argv[2:])


if __name__ == "__main__":
    main()
