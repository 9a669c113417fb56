#!/usr/bin/env python3
"""tests/plan_xlsx_check.py - plan.xlsx and sweep.xlsx read by an independent
reader (openpyxl, Debian's python3-openpyxl) and held against the plan's own
files.

  plan_xlsx_check.py plan INSTANCE OUTDIR [--lang nb|en]
  plan_xlsx_check.py sweep OUTDIR
  plan_xlsx_check.py names BOOK.xlsx          (prints the sheet names, one a line)

plan: every sheet is there; the key figures equal summary.json's numbers
exactly; the assignments, site use, municipal share and unplaced sheets
equal assignments.csv, site_use.csv, summary.json's shares and unplaced.csv
row by row (numbers as numbers, names from the instance in the language);
there is one sheet per municipality that takes students and one per campus
with students, each holding exactly that site's or campus's rows; header
rows are frozen and filtered, columns have widths, and sheet names are
valid and unique as Excel compares them.
sweep: sweep.xlsx holds sweep.csv's table, one row per scenario, numbers as
numbers.  Prints "ok - ..." / "not ok - ..." lines; exit 1 on a failure."""
import csv
import json
import os
import sys

import openpyxl

FAILS = []


def fail(msg):
    FAILS.append(msg)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def table(ws, first_header):
    """The header row (the first row whose column A is first_header) and the
    rows below it up to the first empty row, as lists of cells."""
    rows = list(ws.iter_rows())
    for i, r in enumerate(rows):
        if r[0].value == first_header:
            body = []
            for r2 in rows[i + 1:]:
                if all(c.value is None for c in r2):
                    break
                body.append(list(r2))
            return i + 1, [c.value for c in r], body
    return None, None, []


def check_layout(ws, head_row, n_rows, n_cols):
    """Frozen below the header, the table filtered, widths set."""
    want_freeze = "A%d" % (head_row + 1)
    if ws.freeze_panes != want_freeze:
        fail("%s: panes frozen at %s, expected %s" % (ws.title, ws.freeze_panes, want_freeze))
    last_col = openpyxl.utils.get_column_letter(n_cols)
    want_filter = "A%d:%s%d" % (head_row, last_col, head_row + n_rows)
    if ws.auto_filter.ref != want_filter:
        fail("%s: autofilter %s, expected %s" % (ws.title, ws.auto_filter.ref, want_filter))
    for c in range(1, n_cols + 1):
        d = ws.column_dimensions.get(openpyxl.utils.get_column_letter(c))
        if d is None or not d.width:
            fail("%s: column %d has no width" % (ws.title, c))


def cell_eq(cell, want, numeric, where):
    """A cell against the CSV text: numbers as numbers and equal, text equal."""
    v = cell.value
    if numeric:
        if cell.data_type != "n" or isinstance(v, bool) or not isinstance(v, (int, float)):
            fail("%s: %r is not a number (type %s)" % (where, v, cell.data_type))
        elif float(v) != float(want) and "%.15g" % float(v) != "%.15g" % float(want):
            # a spreadsheet keeps 15 significant digits: a figure that needs 17
            # (a solver's gap) is equal when its first 15 are
            fail("%s: %r, expected %s" % (where, v, want))
    elif (v or "") != want:
        fail("%s: %r, expected %r" % (where, v, want))


def sheet_names_valid(wb):
    seen = {}
    for name in wb.sheetnames:
        units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in name)
        if units > 31 or any(ch in name for ch in "[]:*?/\\") or name.startswith("'") or name.endswith("'"):
            fail("sheet name %r is not valid in Excel" % name)
        key = name.casefold()
        if key in seen:
            fail("sheet names %r and %r are the same to Excel" % (seen[key], name))
        seen[key] = name


# ------------------------------------------------------------------ plan.xlsx
NB = {"key": "Nøkkeltall", "assign": "Plasseringer", "use": "Bruk av steder", "share": "Kommuneandel",
      "unplaced": "Ikke plassert", "cohort": "Kull", "site_id": "Sted-id", "inst": "Institusjon",
      "period": "Periode", "figure": "Nøkkeltall", "muni": "kommune", "hosp": "sykehus",
      "muni_title": "Praksisstudenter i ", "campus_title": "Praksisplasser for studentene ved "}
EN = {"key": "Key figures", "assign": "Assignments", "use": "Site use", "share": "Municipal share",
      "unplaced": "Unplaced", "cohort": "Cohort", "site_id": "Site id", "inst": "Institution",
      "period": "Period", "figure": "Figure", "muni": "municipality", "hosp": "hospital",
      "muni_title": "Placement students in ", "campus_title": "Placements of the students of "}


def load_names(inst, lang):
    sites = {r["id"]: r for r in read_csv(os.path.join(inst, "sites.csv"))}
    campuses = {r["id"]: r for r in read_csv(os.path.join(inst, "campuses.csv"))}
    progs = {}
    for r in read_csv(os.path.join(inst, "programmes.csv")):
        progs[r["id"]] = (r.get("name_" + lang) or "").strip() or r["name"]
    return sites, campuses, progs


def check_key_figures(wb, T, summary):
    head, hdr, body = table(wb[T["key"]], T["figure"])
    if head is None:
        return fail("key figures: no table")
    check_layout(wb[T["key"]], head, len(body), 3)
    seen = set()
    for r in body:
        key = r[2].value or ""
        cur = summary
        for part in key.split("."):
            cur = cur.get(part) if isinstance(cur, dict) else None
        if isinstance(cur, bool):
            seen.add(key)
            if r[1].value != ("true" if cur else "false"):
                fail("key figures %s: %r, expected %s" % (key, r[1].value, "true" if cur else "false"))
        elif isinstance(cur, (int, float)):
            seen.add(key)
            cell_eq(r[1], cur, True, "key figures %s" % key)
    want = [k for k, v in summary.items() if isinstance(v, (int, float)) and not isinstance(v, bool)]
    want += ["cost." + k for k in summary["cost"]]
    want += ["scenario." + k for k, v in summary["scenario"].items() if isinstance(v, (int, float))]
    missing = [k for k in want if k not in seen]
    if missing:
        fail("key figures: summary.json's %s missing" % ", ".join(missing))
    return len(seen)


ASSIGN = [("cohort", 0), ("institution", 0), ("campus", 0), ("campus_name", 0), ("programme", 0), ("prog", 0),
          ("period", 0), ("site", 0), ("site_name", 0), ("kind", 0), ("students", 1), ("weeks", 1), ("km", 1),
          ("relocated", 1), ("travel_cost", 1), ("supervision_cost", 1)]


def expect_assignment(a, T, progs):
    """An assignments.csv row as the workbook shows it, by column name."""
    e = dict(a)
    e["prog"] = progs[a["programme"]]
    e["kind"] = T["muni"] if a["site_kind"] == "municipality" else T["hosp"]
    return e


def check_rows(where, body, cols, want_rows):
    if len(body) != len(want_rows):
        fail("%s: %d rows, expected %d" % (where, len(body), len(want_rows)))
    for i, (r, w) in enumerate(zip(body, want_rows)):
        if len(r) < len(cols):
            fail("%s row %d: %d cells" % (where, i + 1, len(r)))
            continue
        for j, (name, numeric) in enumerate(cols):
            cell_eq(r[j], w[name], numeric, "%s row %d %s" % (where, i + 1, name))


def check_assignments(wb, T, A, progs):
    ws = wb[T["assign"]]
    head, hdr, body = table(ws, T["cohort"])
    if head is None:
        return fail("assignments: no table")
    check_layout(ws, head, len(body), len(ASSIGN))
    check_rows("assignments", body, ASSIGN, [expect_assignment(a, T, progs) for a in A])


def check_site_use(wb, T, S):
    cols = [("site", 0), ("site_name", 0), ("kind", 0), ("group", 0), ("period", 0), ("students", 1),
            ("relocated_students", 1), ("supervisors_used", 1), ("places", 1)]
    ws = wb[T["use"]]
    head, hdr, body = table(ws, T["site_id"])
    if head is None:
        return fail("site use: no table")
    check_layout(ws, head, len(body), len(cols))
    want = [dict(s, kind=T["muni"] if s["kind"] == "municipality" else T["hosp"]) for s in S]
    check_rows("site use", body, cols, want)


def check_shares(wb, T, summary, progs):
    cols = [("institution", 0), ("programme", 0), ("prog", 0), ("target_share", 1), ("student_weeks", 1),
            ("target_weeks", 1), ("municipal_weeks", 1), ("share", 1), ("deficit_weeks", 1)]
    ws = wb[T["share"]]
    head, hdr, body = table(ws, T["inst"])
    if head is None:
        return fail("municipal share: no table")
    check_layout(ws, head, len(body), len(cols))
    check_rows("municipal share", body, cols, [dict(s, prog=progs[s["programme"]]) for s in summary["shares"]])


def check_unplaced(wb, T, U, inst_cohorts, campuses, progs):
    cols = [("cohort", 0), ("campus", 0), ("campus_name", 0), ("programme", 0), ("prog", 0), ("period", 0),
            ("students", 1), ("weeks", 1)]
    ws = wb[T["unplaced"]]
    head, hdr, body = table(ws, T["cohort"])
    if head is None:
        return fail("unplaced: no table")
    check_layout(ws, head, len(body), len(cols))
    want = []
    for u in U:
        c = inst_cohorts[u["cohort"]]["campus"]
        want.append(dict(u, campus=c, campus_name=campuses[c]["name"], prog=progs[u["programme"]]))
    check_rows("unplaced", body, cols, want)


def sheets_by_title(wb, prefix):
    out = {}
    for ws in wb.worksheets:
        t = ws["A1"].value or ""
        if t.startswith(prefix) and t.endswith(")"):
            out[t[t.rindex("(") + 1:-1]] = ws
    return out


def check_per_site(wb, T, A, sites, progs):
    want_ids = []
    for a in A:
        if a["site_kind"] == "municipality" and a["site"] not in want_ids:
            want_ids.append(a["site"])
    got = sheets_by_title(wb, T["muni_title"])
    if sorted(got) != sorted(want_ids):
        fail("municipality sheets for %s, expected %s" % (sorted(got), sorted(want_ids)))
    cols = [("period", 0), ("cohort", 0), ("institution", 0), ("campus_name", 0), ("prog", 0), ("students", 1),
            ("weeks", 1), ("km", 1), ("relocated", 1), ("travel_cost", 1), ("supervision_cost", 1)]
    for sid, ws in got.items():
        head, hdr, body = table(ws, T["period"])
        check_layout(ws, head, len(body), len(cols))
        if sites[sid]["name"] not in ws["A1"].value:
            fail("%s: title %r does not name %s" % (ws.title, ws["A1"].value, sites[sid]["name"]))
        check_rows("municipality %s" % sid, body, cols,
                   [expect_assignment(a, T, progs) for a in A if a["site"] == sid])
    return len(got)


def check_per_campus(wb, T, A, U, inst_cohorts, progs):
    want_ids = []
    for c in [a["campus"] for a in A] + [inst_cohorts[u["cohort"]]["campus"] for u in U]:
        if c not in want_ids:
            want_ids.append(c)
    got = sheets_by_title(wb, T["campus_title"])
    if sorted(got) != sorted(want_ids):
        fail("campus sheets for %s, expected %s" % (sorted(got), sorted(want_ids)))
    cols = [("period", 0), ("cohort", 0), ("prog", 0), ("site", 0), ("site_name", 0), ("kind", 0), ("students", 1),
            ("weeks", 1), ("km", 1), ("relocated", 1), ("travel_cost", 1), ("supervision_cost", 1)]
    ucols = [("cohort", 0), ("programme", 0), ("prog", 0), ("period", 0), ("students", 1), ("weeks", 1)]
    for cid, ws in got.items():
        head, hdr, body = table(ws, T["period"])
        check_layout(ws, head, len(body), len(cols))
        check_rows("campus %s" % cid, body, cols, [expect_assignment(a, T, progs) for a in A if a["campus"] == cid])
        mine = [dict(u, prog=progs[u["programme"]]) for u in U if inst_cohorts[u["cohort"]]["campus"] == cid]
        # the campus's unplaced students: a second table below the first
        rows = list(ws.iter_rows())
        starts = [i for i, r in enumerate(rows) if r[0].value == T["cohort"] and i + 1 > head]
        ubody = []
        if starts:
            for r in rows[starts[0] + 1:]:
                if all(c.value is None for c in r):
                    break
                ubody.append(list(r))
        check_rows("campus %s unplaced" % cid, ubody, ucols, mine)
    return len(got)


def cmd_plan(inst, out, lang):
    T = EN if lang == "en" else NB
    wb = openpyxl.load_workbook(os.path.join(out, "plan.xlsx"))
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    A = read_csv(os.path.join(out, "assignments.csv"))
    S = read_csv(os.path.join(out, "site_use.csv"))
    U = read_csv(os.path.join(out, "unplaced.csv"))
    inst_cohorts = {r["id"]: r for r in read_csv(os.path.join(inst, "cohorts.csv"))}
    sites, campuses, progs = load_names(inst, lang)
    for s in ("key", "assign", "use", "share", "unplaced"):
        if T[s] not in wb.sheetnames:
            fail("no sheet %r (sheets: %s)" % (T[s], ", ".join(wb.sheetnames[:8])))
    if FAILS:
        return report("plan.xlsx of %s" % out)
    sheet_names_valid(wb)
    nk = check_key_figures(wb, T, summary)
    check_assignments(wb, T, A, progs)
    check_site_use(wb, T, S)
    check_shares(wb, T, summary, progs)
    check_unplaced(wb, T, U, inst_cohorts, campuses, progs)
    nm = check_per_site(wb, T, A, sites, progs)
    nc = check_per_campus(wb, T, A, U, inst_cohorts, progs)
    return report("plan.xlsx of %s (%s): %d sheets, %d key figures, %d assignments, %d municipality and %d campus "
                  "sheets equal to the plan's files" % (out, lang, len(wb.sheetnames), nk, len(A), nm, nc))


def cmd_sweep(out):
    wb = openpyxl.load_workbook(os.path.join(out, "sweep.xlsx"))
    with open(os.path.join(out, "sweep.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    ws = wb.worksheets[0]
    head, hdr, body = table(ws, "Scenario")
    if head is None:
        fail("sweep.xlsx: no table")
        return report("sweep.xlsx of %s" % out)
    check_layout(ws, head, len(body), len(rows[0]))
    if len(hdr) != len(rows[0]):
        fail("sweep.xlsx: %d columns, sweep.csv %d" % (len(hdr), len(rows[0])))
    if len(body) != len(rows) - 1:
        fail("sweep.xlsx: %d rows, sweep.csv %d scenarios" % (len(body), len(rows) - 1))
    for i, (r, w) in enumerate(zip(body, rows[1:])):
        for j, (c, want) in enumerate(zip(r, w)):
            numeric = want != "" and want.lstrip("-").replace(".", "", 1).replace("e-", "", 1).isdigit()
            cell_eq(c, want, numeric, "sweep.xlsx row %d column %s" % (i + 1, rows[0][j]))
    return report("sweep.xlsx of %s: %d scenarios, %d columns as sweep.csv" % (out, len(body), len(hdr)))


def report(what):
    if FAILS:
        print("not ok - %s: %s" % (what, FAILS[0]))
        for m in FAILS[1:6]:
            print("#   %s" % m)
        return 1
    print("ok - %s" % what)
    return 0


def main(argv):
    if len(argv) >= 4 and argv[1] == "plan":
        lang = argv[5] if len(argv) > 5 and argv[4] == "--lang" else "nb"
        return cmd_plan(argv[2], argv[3], lang)
    if len(argv) == 3 and argv[1] == "sweep":
        return cmd_sweep(argv[2])
    if len(argv) == 3 and argv[1] == "names":
        for n in openpyxl.load_workbook(argv[2], read_only=True).sheetnames:
            print(n)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
