#!/usr/bin/env python3
"""Add what a plan is made on top of to an instance: last year's plan (previous.csv), a few
placements agreed in advance (fixed.csv) and a few minimum intakes (capacity.csv's
min_students). All three are synthetic: a seeded perturbation of a solved plan, and a
seeded choice of rows from it.

  python3 instances/build_agreements.py --instance DIR --plan ASSIGNMENTS.csv [--plan ...]
          [--seed 1] [--by-horizon] [--fixed 2] [--minimums 2]

--plan: the assignments.csv of a solved plan of the instance, or git:COMMIT:PATH for one as it
was committed (several are pooled, e.g. the plans of the four regions that together cover the
national instance). The rules, each with
its own random stream rng("praksis-agreements", SEED, kind, ...) so that one row's draw does
not depend on the others:

previous.csv: the plan's students summed per (site, programme, period), or with --by-horizon
per (site, programme) without a period column. Each row is kept (72 %), dropped (8 %: last
year those students were elsewhere), or moved by 1 to max(1, n // 4) students up or down
(20 %, never below 0; a row that reaches 0 is dropped). Then each programme row (and each
'*' row, for one programme drawn among those with cohorts in its period) of a municipality the
plan leaves without students gets 1 or 2 students with probability 4 %: municipalities that
had students last year and have none in the plan.

fixed.csv, per regional health authority of the sites (one for a county instance), --fixed
rows (default 2) in turn, each a cohort of a campus of the region (the region of the nearest
municipality, as cut_region.py decides) at a municipality of the region, so that a regional cut
keeps them, whose capacity rows have at least twice the agreed students in places and
supervisors, so that a what-if with half the capacity (capacity_scale 0.5) keeps them too:
- kept: a placement of the plan at a municipality with 2 to 4 students, all of them agreed
  (the agreement made last year's plan);
- new: a cohort at a municipality that the plan does not use for it, whose capacity row (and
  '*' row) has at least 2 places and 2 supervisors free in the plan: 2 students agreed there
  (2, so that students who relocate there are not alone).
min_students, per regional health authority, --minimums rows in turn:
- kept: a municipality's programme row with 2 to 6 students in the plan: its minimum is what
  the plan placed there;
- new: a municipality's programme row the plan leaves empty, with at least 2 places, 2
  supervisors and a cohort of its programme and period at a campus of the region: a minimum
  of 2.
A choice is the first candidate in a seeded order (random.Random.shuffle of the sorted
candidates); fixed rows and minimums never share a site.

The instance's capacity.csv is rewritten with a min_students column (rows and other columns
unchanged); previous.csv and fixed.csv are written. Python 3 standard library only; the same
input gives byte-identical output.
"""

import argparse
import csv
import io
import os
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from instlib import BuildError, csv_text, read_csv, rhf_of, rng, road_km  # noqa: E402

PREFIX = "praksis-agreements"
P_DROP, P_MOVE, P_LOST = 0.08, 0.20, 0.04


class Inst:
    def __init__(self, d):
        self.sites = read_csv(os.path.join(d, "sites.csv"))
        self.site = {s["id"]: s for s in self.sites}
        self.site_order = {s["id"]: i for i, s in enumerate(self.sites)}
        self.progs = [p["id"] for p in read_csv(os.path.join(d, "programmes.csv"))]
        self.prog_order = {p: i for i, p in enumerate(self.progs)}
        self.ratio = {p["id"]: int(p.get("supervisor_ratio") or 1)
                      for p in read_csv(os.path.join(d, "programmes.csv"))}
        self.camp = {c["id"]: {"lat": float(c["lat"]), "lon": float(c["lon"])}
                     for c in read_csv(os.path.join(d, "campuses.csv"))}
        for s in self.sites:
            s["pos"] = {"lat": float(s["lat"]), "lon": float(s["lon"])}
        self.cohorts = read_csv(os.path.join(d, "cohorts.csv"))
        self.coh = {c["id"]: c for c in self.cohorts}
        self.periods = []
        for c in self.cohorts:
            if c["period"] not in self.periods:
                self.periods.append(c["period"])
        path = os.path.join(d, "capacity.csv")
        with open(path, encoding="utf-8-sig") as f:
            self.cap_header = f.readline().rstrip("\r\n").split(",")
        self.cap = read_csv(path)
        self.cap_row = {(r["site"], r["programme"], r["period"]): r for r in self.cap}
        munis = [x for x in self.sites if x["kind"] == "municipality"]
        from instlib import haversine_km
        self.camp_region = {}  # the region of the municipality nearest to the campus (as cut_region.py)
        for cid, c in self.camp.items():
            m = min(munis, key=lambda x: (haversine_km(c["lat"], c["lon"], x["pos"]["lat"], x["pos"]["lon"]), x["id"]))
            self.camp_region[cid] = rhf_of(m.get("region", ""))
        self.dist = {}
        if os.path.exists(os.path.join(d, "distances.csv")):
            for r in read_csv(os.path.join(d, "distances.csv")):
                self.dist[(r["campus"], r["site"])] = float(r["km"])

    def km(self, campus, site):
        return self.dist.get((campus, site), road_km(self.camp[campus], self.site[site]["pos"]))

    def region(self, site):
        return rhf_of(self.site[site].get("region", ""))

    def muni(self, site):
        return self.site[site]["kind"] == "municipality"


def plan_rows(spec):
    """The rows of a plan's assignments.csv: a path, or git:COMMIT:PATH for the file as it was
    committed (the shipped instances' plans are the stored plans of a commit)."""
    if not spec.startswith("git:"):
        return read_csv(spec)
    try:
        text = subprocess.run(["git", "show", spec[4:]], check=True, capture_output=True,
                              cwd=os.path.dirname(os.path.abspath(__file__))).stdout.decode("utf-8")
    except (OSError, subprocess.CalledProcessError) as e:
        raise BuildError("--plan %s: cannot read it from git (%s)" % (spec, e))
    return list(csv.DictReader(io.StringIO(text)))


def read_plans(specs):
    """(cohort, site) -> students, pooled over the plans."""
    x = {}
    for p in specs:
        for r in plan_rows(p):
            k = (r["cohort"], r["site"])
            x[k] = x.get(k, 0) + int(r["students"])
    return x


def use_of(I, x):
    """Students per (site, programme, period), and per capacity row."""
    at = {}
    for (c, s), n in x.items():
        h = I.coh[c]
        at[(s, h["programme"], h["period"])] = at.get((s, h["programme"], h["period"]), 0) + n
    row_used, sup_used = {}, {}
    for (s, p, t), n in at.items():
        for key in ((s, p, t), (s, "*", t)):
            row_used[key] = row_used.get(key, 0) + n
            sup_used[key] = sup_used.get(key, 0) + -(-n // I.ratio[p])
    return at, row_used, sup_used


def previous_rows(I, at, seed, by_period):
    """Last year's plan: the plan's rows perturbed, and a few municipalities it leaves empty
    given students."""
    base = {}
    for (s, p, t), n in at.items():
        k = (s, p, t) if by_period else (s, p)
        base[k] = base.get(k, 0) + n
    prev = {}
    for k in sorted(base):
        n = base[k]
        r = rng(PREFIX, seed, "previous", *k)
        u = r.random()
        if u < P_DROP:
            continue
        if u < P_DROP + P_MOVE:
            step = max(1, n // 4)
            n += r.choice([d for d in range(-step, step + 1) if d])
        if n > 0:
            prev[k] = n
    used_sites = {k[0] for k in at}
    progs_in = {}
    for c in I.cohorts:
        progs_in.setdefault(c["period"], set()).add(c["programme"])
    for row in I.cap:
        s, p, t = row["site"], row["programme"], row["period"]
        if not I.muni(s) or s in used_sites or int(row["places"]) < 1:
            continue
        r = rng(PREFIX, seed, "lost", s, p, t)
        if r.random() >= P_LOST:
            continue
        if p == "*":
            p = r.choice(sorted(progs_in.get(t, ()), key=lambda q: I.prog_order[q]) or [None])
            if p is None:
                continue
        k = (s, p, t) if by_period else (s, p)
        prev[k] = prev.get(k, 0) + 1 + r.randrange(2)
    return prev


def shuffled(items, seed, *parts):
    items = sorted(items)
    rng(PREFIX, seed, *parts).shuffle(items)
    return items


def free(I, row_used, sup_used, key, n):
    """Whether capacity row key (if it exists) has n places and n supervisors free."""
    r = I.cap_row.get(key)
    if r is None:
        return True
    sup_free = int(r["supervisors"]) - sup_used.get(key, 0) if r["supervisors"] else n
    return int(r["places"]) - row_used.get(key, 0) >= n and sup_free >= n


def roomy(I, c, s, n):
    """Whether every capacity row that lets cohort c go to site s has at least 2n places and
    2n supervisors (where it limits them): the agreement then still fits when a what-if
    halves the capacity (capacity_scale 0.5)."""
    for key in ((s, c["programme"], c["period"]), (s, "*", c["period"])):
        r = I.cap_row.get(key)
        if r is not None and (int(r["places"]) < 2 * n or (r["supervisors"] and int(r["supervisors"]) < 2 * n)):
            return False
    return True


def choose_fixed(I, x, row_used, sup_used, seed, per_region, taken):
    """Agreed placements, alternately kept from the plan and new, per region."""
    out = []
    regions = sorted({I.region(s) for s in I.site})
    kept = [(c, s) for (c, s), n in x.items()
            if 2 <= n <= 4 and I.muni(s) and I.camp_region[I.coh[c]["campus"]] == I.region(s) and roomy(I, I.coh[c], s, n)]
    pairs = I.cap_row
    new = []
    for c in I.cohorts:
        for s in I.site:
            if not I.muni(s) or (c["id"], s) in x or I.camp_region[c["campus"]] != I.region(s):
                continue
            prow, srow = (s, c["programme"], c["period"]), (s, "*", c["period"])
            if (prow in pairs or srow in pairs) and free(I, row_used, sup_used, prow, 2) and \
                    free(I, row_used, sup_used, srow, 2) and int(c["students"]) >= 2 and roomy(I, c, s, 2):
                new.append((c["id"], s))
    for g in regions:
        for i in range(per_region):
            pool = kept if i % 2 == 0 else new
            for c, s in shuffled([k for k in pool if I.region(k[1]) == g], seed, "fixed", g, i):
                if s in taken:
                    continue
                taken.add(s)
                out.append((c, s, x[(c, s)] if i % 2 == 0 else 2))
                break
    return out


def choose_minimums(I, at, row_used, sup_used, seed, per_region, taken):
    """Minimum intakes, alternately what the plan placed and 2 at an empty row, per region."""
    mins = {}
    regions = sorted({I.region(s) for s in I.site})
    with_cohorts = {(I.camp_region[c["campus"]], c["programme"], c["period"]) for c in I.cohorts}
    kept, new = [], []
    for r in I.cap:
        s, p, t = r["site"], r["programme"], r["period"]
        if p == "*" or not I.muni(s):
            continue
        n = at.get((s, p, t), 0)
        if 2 <= n <= 6:
            kept.append((s, p, t))
        elif n == 0 and (I.region(s), p, t) in with_cohorts and free(I, row_used, sup_used, (s, p, t), 2) and \
                free(I, row_used, sup_used, (s, "*", t), 2):
            new.append((s, p, t))
    for g in regions:
        for i in range(per_region):
            pool = kept if i % 2 == 0 else new
            for s, p, t in shuffled([k for k in pool if I.region(k[0]) == g], seed, "minimum", g, i):
                if s in taken:
                    continue
                taken.add(s)
                mins[(s, p, t)] = at.get((s, p, t), 0) if i % 2 == 0 else 2
                break
    return mins


def write(path, text):
    tmp = os.path.join(os.path.dirname(path), "." + os.path.basename(path) + ".tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description="Add a previous plan, agreed placements and "
                                             "minimum intakes (synthetic) to an instance.")
    ap.add_argument("--instance", required=True, help="the instance directory (changed in place)")
    ap.add_argument("--plan", action="append", required=True,
                    help="assignments.csv of a solved plan of the instance, or git:COMMIT:PATH "
                         "(repeatable: pooled)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--by-horizon", action="store_true",
                    help="previous.csv per (site, programme), without a period column")
    ap.add_argument("--fixed", type=int, default=2, help="agreed placements per region")
    ap.add_argument("--minimums", type=int, default=2, help="minimum intakes per region")
    args = ap.parse_args(argv)
    try:
        I = Inst(args.instance)
        x = read_plans(args.plan)
        unknown = sorted(k for k in x if k[0] not in I.coh or k[1] not in I.site)
        if unknown:
            raise BuildError("--plan: (%s, %s) is not a cohort and site of %s"
                             % (unknown[0][0], unknown[0][1], args.instance))
    except BuildError as e:
        print("build_agreements.py: %s" % e, file=sys.stderr)
        return 1
    at, row_used, sup_used = use_of(I, x)
    prev = previous_rows(I, at, args.seed, not args.by_horizon)
    taken = set()
    fixed = choose_fixed(I, x, row_used, sup_used, args.seed, args.fixed, taken)
    mins = choose_minimums(I, at, row_used, sup_used, args.seed, args.minimums, taken)

    order = lambda k: (I.site_order[k[0]], I.prog_order[k[1]]) + \
        ((I.periods.index(k[2]),) if len(k) > 2 else ())
    header = ["site", "programme"] + ([] if args.by_horizon else ["period"]) + ["students"]
    write(os.path.join(args.instance, "previous.csv"),
          csv_text(header, [list(k) + [n] for k, n in sorted(prev.items(), key=lambda kv: order(kv[0]))]))
    coh_order = {c["id"]: i for i, c in enumerate(I.cohorts)}
    write(os.path.join(args.instance, "fixed.csv"),
          csv_text(["cohort", "site", "students"],
                   sorted(([c, s, n] for c, s, n in fixed), key=lambda r: (coh_order[r[0]], I.site_order[r[1]]))))
    header = [h for h in I.cap_header if h != "min_students"] + ["min_students"]
    rows = [[r.get(h, "") for h in header[:-1]] + [mins.get((r["site"], r["programme"], r["period"]), "")]
            for r in I.cap]
    write(os.path.join(args.instance, "capacity.csv"), csv_text(header, rows))
    write_readme(args, prev, fixed, mins)
    print("%s: previous.csv %d rows (%d students), fixed.csv %d rows, %d minimum intakes"
          % (args.instance, len(prev), sum(prev.values()), len(fixed), len(mins)))
    return 0


README_HEAD = "## Agreements and last year's plan (synthetic)"


def write_readme(args, prev, fixed, mins):
    """Replace (or add) the README's section on what build_agreements.py wrote."""
    cmd = "python3 instances/build_agreements.py --instance %s %s --seed %d%s" % (
        args.instance, " ".join("--plan %s" % p for p in args.plan), args.seed,
        " --by-horizon" if args.by_horizon else "")
    if args.fixed != 2 or args.minimums != 2:
        cmd += " --fixed %d --minimums %d" % (args.fixed, args.minimums)
    L = [README_HEAD, "",
         "Written by `instances/build_agreements.py` (its docstring has the rules) after the files "
         "above; rebuild with:", "", "    " + cmd, "",
         "- **previous.csv** (%d rows, %d students, %s): last year's plan, a seeded perturbation "
         "of a solved plan of this instance (the `--plan` files above). Synthetic."
         % (len(prev), sum(prev.values()),
            "per site and programme over the horizon" if args.by_horizon else "per site, programme and period"),
         "- **fixed.csv** (%d rows, %d students): placements agreed in advance, half of them "
         "kept from that plan and half new. Synthetic." % (len(fixed), sum(n for _c, _s, n in fixed)),
         "- **capacity.csv**'s `min_students` (%d rows, %d students): minimum intakes promised "
         "to municipalities, half what that plan placed and half 2 at a row it left empty. "
         "Synthetic." % (len(mins), sum(mins.values())), "",
         "They change the plans on purpose. `scenario.json` leaves `change_cost` at 0: the "
         "plans report the changes against last year without paying for them (set "
         "`--set change_cost=KR` to weigh them).", ""]
    path = os.path.join(args.instance, "README.md")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    at = text.find(README_HEAD)
    if at >= 0:
        text = text[:at]
    text = text.rstrip("\n") + "\n\n" if text.strip() else ""
    write(path, text + "\n".join(L))


if __name__ == "__main__":
    sys.exit(main())
