#!/usr/bin/env python3
"""tests/xlsx_from_dir.py DIR OUT.xlsx [--shared|--inline] - write an instance
directory as a workbook with openpyxl, a writer independent of praksis's own
(libxlsxwriter), so that reading it tests the reader against another
program's idea of .xlsx.

Each CSV file becomes a sheet of the same name.  Cells of the numeric columns
(lat, lon, students, ...) are written as numbers, every other cell as text;
scenario.json becomes the scenario sheet (key, value; lists as "a,b").
openpyxl writes shared strings; --inline post-processes nothing but is kept
for symmetry with the test's other writers."""
import csv, json, sys
import openpyxl

NUMERIC = {"lat", "lon", "fixed_cost", "municipal_share", "supervisor_ratio", "students", "weeks",
           "places", "supervisors", "km", "min_students"}
TABLES = ["sites", "campuses", "programmes", "cohorts", "capacity", "distances", "students", "fixed", "previous"]


def number(text, delim):
    t = text.replace(",", ".") if delim == ";" else text
    v = float(t)
    return int(v) if v == int(v) and "." not in t and "e" not in t.lower() else v


def main():
    src, out = sys.argv[1], sys.argv[2]
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in TABLES:
        try:
            raw = open(f"{src}/{name}.csv", encoding="utf-8-sig").read()
        except FileNotFoundError:
            continue
        first = raw.split("\n", 1)[0]
        delim = ";" if first.count(";") > first.count(",") else ","
        rows = list(csv.reader(raw.splitlines(), delimiter=delim))
        ws = wb.create_sheet(name)
        header = [h.strip() for h in rows[0]]
        ws.append(header)
        for row in rows[1:]:
            if not any(c.strip() for c in row):
                continue
            cells = []
            for h, c in zip(header, row):
                c = c.strip()
                cells.append(number(c, delim) if h in NUMERIC and c else (c if c else None))
            ws.append(cells)
    try:
        scen = json.load(open(f"{src}/scenario.json", encoding="utf-8-sig"))
    except FileNotFoundError:
        scen = None
    if scen is not None:
        ws = wb.create_sheet("scenario")
        ws.append(["key", "value"])
        for k, v in scen.items():
            ws.append([k, ",".join(v) if isinstance(v, list) else v])
    wb.save(out)


if __name__ == "__main__":
    main()
