#!/usr/bin/env python3
"""explain_check.py - the explanations of a plan against a second route.

  explain_check.py rows PRAKSIS INSTANCE OUTDIR [SOLVE ARGS...]
      Every `exact` value of OUTDIR/sensitivity.csv whose row is binding in
      the plan (the ones a re-solve found), and a few of the others, must
      equal the change of the three levels when a copy of the instance's
      capacity.csv has that row's places one higher (or lower) and the copy
      is solved from scratch by `praksis solve`.  Prints how many were
      checked.
  explain_check.py differs ESTIMATES.csv EXACT.csv
      Some row's exact value must differ from its LP estimate (so the
      re-solve is not the dual under another name); prints one such row.
  explain_check.py sites PRAKSIS INSTANCE OUTDIR
      Every `exact` price in OUTDIR/unused_sites.csv must equal the three
      levels of models/placement.mod with one more row, "at least one
      student at the site", solved level by level by glpsol on the data
      `praksis export --dat` writes (the plan's levels from summary.json
      subtracted).

Exit 1 with the first mismatch on stderr.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

TOL = {"weeks": 1e-4, "cost": 0.01}


def levels(summary):
    return (summary["unplaced_weeks"], summary["share_deficit_weeks"], summary["cost"]["total"])


def close(a, b, tol):
    return abs(a - b) <= tol + 1e-9 * abs(b)


def edited_copy(inst, line, delta, into):
    shutil.copytree(inst, into)
    with open(os.path.join(inst, "capacity.csv"), encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    head = lines[0].split(",")
    cells = lines[line - 1].split(",")
    at = head.index("places")
    cells[at] = str(int(cells[at]) + delta)
    lines[line - 1] = ",".join(cells)
    with open(os.path.join(into, "capacity.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def rows(praksis, inst, out, args):
    base = levels(json.load(open(os.path.join(out, "summary.json"))))
    table = list(csv.DictReader(open(os.path.join(out, "sensitivity.csv"), encoding="utf-8")))
    todo = []
    others = 0
    for r in table:
        for key, delta in (("plus", 1), ("minus", -1)):
            if r[key + "_method"] != "exact":
                continue
            binding = int(r["used"]) >= int(r["places"])
            if binding or others < 4:
                others += not binding
                todo.append((r, key, delta))
    tmp = tempfile.mkdtemp()
    try:
        for n, (r, key, delta) in enumerate(todo):
            copy = os.path.join(tmp, f"i{n}")
            edited_copy(inst, int(r["line"]), delta, copy)
            plan = os.path.join(tmp, f"o{n}")
            subprocess.run([praksis, "solve", copy, "-o", plan, "--quiet"] + args, check=False,
                           stderr=subprocess.DEVNULL)
            s = json.load(open(os.path.join(plan, "summary.json")))
            if s["status"] != "optimal":
                sys.exit(f"line {r['line']} {key}: the solve from scratch was not proven ({s['status']})")
            got = [a - b for a, b in zip(levels(s), base)]
            want = [float(r[key + "_unplaced_weeks"]), float(r[key + "_deficit_weeks"]), float(r[key + "_cost"])]
            tols = (TOL["weeks"], TOL["weeks"], TOL["cost"])
            if not all(close(g, w, t) for g, w, t in zip(got, want, tols)):
                sys.exit(f"capacity.csv line {r['line']} ({r['site']} {r['programme']} {r['period']}) {key} one place: "
                         f"sensitivity.csv says {want}, solved from scratch {got}")
            shutil.rmtree(copy)
            shutil.rmtree(plan)
    finally:
        shutil.rmtree(tmp)
    print(len(todo))


def differs(est_csv, exact_csv):
    est = {r["line"]: r for r in csv.DictReader(open(est_csv, encoding="utf-8"))}
    for r in csv.DictReader(open(exact_csv, encoding="utf-8")):
        e = est[r["line"]]
        for key in ("plus", "minus"):
            if r[key + "_method"] != "exact" or e[key + "_method"] != "estimate":
                continue
            a = [float(r[key + f]) for f in ("_unplaced_weeks", "_deficit_weeks", "_cost")]
            b = [float(e[key + f]) for f in ("_unplaced_weeks", "_deficit_weeks", "_cost")]
            if any(abs(x - y) > 0.01 for x, y in zip(a, b)):
                print(f"line {r['line']} {key}: estimate {b}, exact {a}")
                return
    sys.exit("no row's exact value differs from its estimate")


def glpsol_levels(model, data, tmp):
    """The three lexicographic optima of model on data, level by level."""
    opt = []
    for level in (1, 2, 3):
        extra = os.path.join(tmp, f"level{level}.dat")
        with open(extra, "w") as f:
            f.write(f"param level := {level};\n")
            for k, v in enumerate(opt, 1):
                f.write(f"param opt{k} := {v!r};\n")
            f.write("end;\n")
        value = None
        for retry in ([], ["--nointopt"]):  # see models/README.md: the MIP presolver's false "infeasible"
            p = subprocess.run(["glpsol", "--pcost", "--cuts"] + retry + ["-m", model, "-d", data, "-d", extra],
                               capture_output=True, text=True)
            if "INTEGER OPTIMAL SOLUTION FOUND" not in p.stdout:
                continue
            for line in p.stdout.splitlines():
                if line.startswith("PRAKSIS_LEVELS"):
                    value = float(line.split()[level])
            break
        if value is None:
            sys.exit(f"glpsol found no optimum at level {level}:\n{p.stdout[-400:]}")
        opt.append(value)
    return opt


def sites(praksis, inst, out):
    summary = json.load(open(os.path.join(out, "summary.json")))
    base = levels(summary)
    tmp = tempfile.mkdtemp()
    checked = 0
    try:
        data = os.path.join(tmp, "inst.dat")
        subprocess.run([praksis, "export", inst, "--dat", data], check=True)
        text = open("models/placement.mod", encoding="utf-8").read()
        for r in csv.DictReader(open(os.path.join(out, "unused_sites.csv"), encoding="utf-8")):
            if r["method"] != "exact":
                continue
            sid = r["site"].replace("'", "''")
            force = f"s.t. use_the_site: sum{{(c,h,r,s) in PAIRS: s = '{sid}'}} x[c,h,r,s] >= 1;\n\nsolve;"
            model = os.path.join(tmp, "forced.mod")
            with open(model, "w", encoding="utf-8") as f:
                f.write(text.replace("\nsolve;", "\n" + force, 1))
            got = [a - b for a, b in zip(glpsol_levels(model, data, tmp), base)]
            want = [float(r["unplaced_weeks"]), float(r["deficit_weeks"]), float(r["cost"])]
            tols = (TOL["weeks"], TOL["weeks"], TOL["cost"])
            if not all(close(g, w, t) for g, w, t in zip(got, want, tols)):
                sys.exit(f"site {r['site']} {r['name']}: unused_sites.csv says {want}, glpsol with the site forced {got}")
            checked += 1
    finally:
        shutil.rmtree(tmp)
    print(checked)


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "rows":
        rows(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif what == "differs":
        differs(sys.argv[2], sys.argv[3])
    elif what == "sites":
        sites(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
