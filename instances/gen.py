#!/usr/bin/env python3
"""Seeded generator of praksis instances of a requested size, with the national instance's
structure, for scaling studies.

  python3 instances/gen.py --seed 1 --pairs-scale 2 --out /tmp/gen-x2
  python3 instances/gen.py --seed 7 --sites 120 --campuses 10 --programmes 6 --periods 3 \
      --cohorts 60 --out /tmp/gen-small

The instance is built by the national rules (instlib.build_plan, documented in
instances/README.md and norway/README.md) applied to resampled real data:
- sites: S municipalities. The real 356 are taken in a seeded random order; the first 356 are
  the real municipalities themselves (id = kommunenummer, real name, county, population and
  centroid), so S <= 356 is a random subset. Beyond 356 the order repeats with copies: id
  `<kommunenummer>-<n>`, the centroid moved by a seeded offset of up to 15 km, the population
  multiplied by U(0.5, 1.5) (at least 100), the same county.
- campuses: K campuses. The real 37 in a seeded random order; copy 1 of a campus sits in its
  own municipality if that is among the sites, else on the nearest site; further copies
  (`<id>-<n>`) sit on a population-weighted random site of the campus's county. A campus keeps
  what its original offers (nursing, university programmes, ...).
- programmes: P programmes, the 19 with municipal weeks in order of national intake (SYK,
  VERN, SOS, BVP, MED, FYSIO, PSYK, BIO, ERGO, RAD, PFARM, PARA, TANNP, OPT, RFARM, KEF, AUD,
  ORTO, TANNT); beyond 19, copies `<code>2`, `<code>3`, ... with the same figures and rules.
- students: national intake x study years x (population of the sites / national population);
  weeks per period = W / T (W as in the national instance); periods `spring`, `autumn` when
  T = 2, else P1..PT.
- cohorts: the number of locations per programme is round(intake / D) as nationally
  (D = 100 on the scaled intake when --cohorts is not given); with --cohorts C, D is chosen so
  that the cohort count is as close to C as the rule allows.
- --pairs-scale X: S = round(356 sqrt X), K = round(37 sqrt X), C = round(C0 sqrt X) with C0 the
  national instance's cohort count; P = 19, T = 2. Candidate pairs grow with cohorts x sites,
  so they grow about X-fold. Explicit --sites etc. override these.

The same arguments give byte-identical files. Python 3 standard library only.
"""

import argparse
import math
import os
import sys
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from instlib import (  # noqa: E402
    BuildError, COMMUTE_KM, NATIONAL_PERIODS, OFFER_DIVISOR, build_plan, fmt_num,
    instance_files, location_orders, make_students, offer_count, rng, road_km, round_half_up,
    shell_quote, students_summary,
    write_instance, yearly_coordinator_cost)
import build_national  # noqa: E402

PREFIX = "praksis-gen"
JITTER_KM = 15.0
KM_PER_DEG_LAT = 111.2


def resample_sites(real, n, seed):
    order = sorted(real, key=lambda m: m["id"])
    rng(PREFIX, seed, "site-order").shuffle(order)
    out = []
    for i in range(n):
        src, copy = order[i % len(order)], i // len(order)
        if copy == 0:
            out.append(dict(src))
            continue
        g = rng(PREFIX, seed, "site", src["id"], copy)
        r = JITTER_KM * math.sqrt(g.random())
        th = 2 * math.pi * g.random()
        lat = src["lat"] + r * math.cos(th) / KM_PER_DEG_LAT
        lon = src["lon"] + r * math.sin(th) / (KM_PER_DEG_LAT * math.cos(math.radians(src["lat"])))
        lat_s, lon_s = "%.5f" % lat, "%.5f" % lon
        out.append({"id": "%s-%d" % (src["id"], copy + 1),
                    "name": "%s #%d" % (src["name"], copy + 1), "county": src["county"],
                    "population": max(100, round_half_up(src["population"]
                                                         * Fraction(g.uniform(0.5, 1.5)))),
                    "lat": float(lat_s), "lon": float(lon_s), "lat_s": lat_s, "lon_s": lon_s})
    out.sort(key=lambda m: m["id"])
    return out


def resample_campuses(real, sites, n, seed):
    order = sorted(real, key=lambda c: c["file_order"])
    rng(PREFIX, seed, "campus-order").shuffle(order)
    by_id = {m["id"]: m for m in sites}
    out = []
    for j in range(n):
        src, copy = order[j % len(order)], j // len(order)
        if copy == 0:
            if src["home"] in by_id:
                home = by_id[src["home"]]
            else:
                home = min(sites, key=lambda m: (road_km(m, src), m["id"]))
            cid, name = src["id"], src["name"]
        else:
            pool = [m for m in sites if m["county"] == src["county"]] or sites
            g = rng(PREFIX, seed, "campus", src["id"], copy)
            x = g.random() * sum(m["population"] for m in pool)
            home = pool[-1]
            for m in pool:
                x -= m["population"]
                if x < 0:
                    home = m
                    break
            cid, name = "%s-%d" % (src["id"], copy + 1), "%s #%d" % (src["name"], copy + 1)
        out.append({"id": cid, "institution": src["institution"], "name": name,
                    "home": home["id"], "lat": home["lat"], "lon": home["lon"],
                    "lat_s": home["lat_s"], "lon_s": home["lon_s"], "tags": src["tags"],
                    "county": home["county"]})
    out.sort(key=lambda c: c["id"])
    return out


def make_programmes(real, n, periods, pop_factor):
    base = sorted((p for p in real if p["in_study"] > 0), key=lambda p: (-p["admitted"], p["code"]))
    out = []
    for i in range(n):
        src, copy = base[i % len(base)], i // len(base)
        code = src["code"] + ("%d" % (copy + 1) if copy else "")
        out.append({
            "code": code, "base": src["code"],
            "name": src["name"] + (" (copy %d)" % (copy + 1) if copy else ""),
            "name_nb": src["name_nb"] + (" (kopi %d)" % (copy + 1) if copy else ""),
            "name_en": src["name_en"] + (" (copy %d)" % (copy + 1) if copy else ""),
            "category": src["category"], "admitted": src["admitted"],
            "intake": Fraction(src["admitted"]) * pop_factor, "years": src["years"],
            "in_study": round_half_up(Fraction(src["admitted"] * src["years"]) * pop_factor),
            "w_year": src["w_year"], "weeks": Fraction(fmt_num(src["w_year"] / len(periods))),
            "share": src["share"], "ratio": src["ratio"]})
    out.sort(key=lambda p: p["code"])
    return out


def cohort_count(progs, orders, divisor, nper):
    """Cohorts the location rule gives with this divisor (every campus of a chosen location
    is counted; one with 0 students would give none)."""
    n = 0
    for p in progs:
        o = orders[p["code"]]
        if not o["locs"] or p["in_study"] <= 0:
            continue
        k = offer_count(p["intake"], divisor, len(o["locs"]))
        n += sum(len(o["by_home"][h]) for h in o["order"][:k])
    return n * nper


def choose_divisor(progs, orders, nper, want):
    """The divisor D whose cohort count is closest to want (ties: the larger D)."""
    bps = set()
    for p in progs:
        nl = len(orders[p["code"]]["locs"])
        for k in range(1, nl + 1):
            bps.add(Fraction(p["intake"]) / (k - Fraction(1, 2)))
    if not bps:
        return Fraction(OFFER_DIVISOR)
    b = sorted(bps)
    cands = [b[-1] * 2, b[0] / 2] + [(x + y) / 2 for x, y in zip(b, b[1:])]
    best = None
    for d in cands:
        key = (abs(cohort_count(progs, orders, d, nper) - want), -d)
        if best is None or key < best[0]:
            best = (key, d)
    return best[1]


def national_cohorts(data):
    periods = list(NATIONAL_PERIODS)
    munis, camps, progs = build_national.national_inputs(data, periods)
    dist = {h: [road_km(m, next(x for x in munis if x["id"] == h)) for m in munis]
            for h in sorted({c["home"] for c in camps})}
    active = [p for p in progs if p["in_study"] > 0]
    orders = location_orders(active, camps, munis, dist)
    return cohort_count(active, orders, OFFER_DIVISOR, len(periods))


def build(args):
    periods = (list(NATIONAL_PERIODS) if args.periods == 2
               else ["P%d" % (i + 1) for i in range(args.periods)])
    real_m, real_c, real_p = build_national.national_inputs(args.data, periods)
    national_pop = sum(m["population"] for m in real_m)
    for c in real_c:
        c["county"] = next(m["county"] for m in real_m if m["id"] == c["home"])
    sites = resample_sites(real_m, args.sites, args.seed)
    camps = resample_campuses(real_c, sites, args.campuses, args.seed)
    pop_factor = Fraction(sum(m["population"] for m in sites), national_pop)
    progs = make_programmes(real_p, args.programmes, periods, pop_factor)
    muni_by_id = {m["id"]: m for m in sites}
    dist = {h: [road_km(m, muni_by_id[h]) for m in sites]
            for h in sorted({c["home"] for c in camps})}
    orders = location_orders(progs, camps, sites, dist)
    if args.cohorts is None:
        divisor = Fraction(OFFER_DIVISOR)
    else:
        divisor = choose_divisor(progs, orders, len(periods), args.cohorts)
    plan = build_plan(sites, camps, progs, periods, args.seed, PREFIX, divisor, orders=orders)
    coord = yearly_coordinator_cost()
    scenario = {"travel_rate": 1500, "supervision_rate": 500, "coordinator_cost": coord,
                "min_relocated_group": 2, "commute_km": COMMUTE_KM}
    students = None
    if Fraction(args.student_share) > 0:  # none by default: scaling studies compare like with like
        students = make_students(plan["cohorts"], {c["id"]: c["home"] for c in camps}, sites,
                                 args.seed, PREFIX, args.student_share)
    files = instance_files(plan, scenario, students)
    target = sum(Fraction(next(p["share"] for p in progs if p["code"] == co[2])) * co[4] * co[5]
                 for co in plan["cohorts"])
    stats = {"sites": len(plan["site_rows"]), "municipalities": len(sites),
             "hospitals": len(plan["hospitals"]), "campuses": len(camps),
             "programmes": len(progs), "periods": len(periods),
             "cohorts": len(plan["cohorts"]), "students": sum(c[4] for c in plan["cohorts"]),
             "pairs": plan["pairs"], "cap_rows": len(plan["cap_rows"]),
             "star_rows": sum(1 for r in plan["cap_rows"] if r[1] == "*"),
             "groups": len(set(plan["group_of"].values())), "target": target,
             "divisor": divisor, "pop_factor": pop_factor,
             "population": sum(m["population"] for m in sites),
             "students_text": students and students_summary(students, args.student_share, args.seed,
                                                            PREFIX)}
    files["README.md"] = readme(args, stats, periods)
    return files, stats


def cmd_line(args):
    parts = ["python3 instances/gen.py", "--seed %d" % args.seed]
    if args.pairs_scale is not None:
        parts.append("--pairs-scale %s" % args.pairs_scale)
    for opt in ("sites", "campuses", "programmes", "periods", "cohorts"):
        if getattr(args, opt + "_given") is not None:
            parts.append("--%s %d" % (opt, getattr(args, opt)))
    if Fraction(args.student_share) > 0:
        parts.append("--student-share %s" % args.student_share)
    if args.data_given:
        parts.append("--data %s" % shell_quote(args.data_given))
    parts.append("--out %s" % shell_quote(args.out))
    return " ".join(parts)


def readme(args, st, periods):
    L = []
    a = L.append
    a("# A generated instance (synthetic, seeded)")
    a("")
    a("Generated by `instances/gen.py`; do not edit by hand. Rebuild (byte-identical) with:")
    a("")
    a("    " + cmd_line(args))
    a("")
    a("Everything here is synthetic, made by the national instance's rules (see "
      "`instances/README.md`) on resampled real municipalities and campuses: sites are real "
      "municipalities (a random subset, or all of them plus copies moved by up to 15 km with "
      "populations × U(0.5, 1.5)); campuses are real campuses (copies on population-weighted "
      "sites of the same county); programmes are those of IS-2956 table 2 (copies beyond 19). "
      "Names, coordinates and populations of the copies are not real.")
    a("")
    a("| | |")
    a("|---|---|")
    a("| seed | %d |" % args.seed)
    if args.pairs_scale is not None:
        a("| pairs scale | %s (relative to the national instance) |" % args.pairs_scale)
    a("| sites | %d (%d municipalities, %d hospital stand-ins) |"
      % (st["sites"], st["municipalities"], st["hospitals"]))
    a("| population of the sites | %d (student numbers × %.4f of the national ones) |"
      % (st["population"], float(st["pop_factor"])))
    a("| campuses | %d |" % st["campuses"])
    a("| programmes | %d |" % st["programmes"])
    a("| periods | %s |" % ", ".join(periods))
    a("| cohorts | %d%s (location divisor D = %s) |"
      % (st["cohorts"], "" if args.cohorts is None else ", asked %d" % args.cohorts,
         fmt_num(st["divisor"])))
    a("| students (placements, summed over periods) | %d |" % st["students"])
    a("| municipal target | %s student-weeks |" % fmt_num(st["target"]))
    a("| capacity rows | %d (%d `*` rows) |" % (st["cap_rows"], st["star_rows"]))
    a("| coordinator groups of several municipalities | %d |" % st["groups"])
    a("| candidate (cohort, site) pairs | %d |" % st["pairs"])
    a("")
    if st["students_text"]:
        a(st["students_text"])
        a("")
    return "\n".join(L)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(
        description="Generate a praksis instance of a requested size with the national "
                    "instance's structure (seeded; same arguments, byte-identical files).")
    ap.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    ap.add_argument("--pairs-scale", type=str, default=None,
                    help="size relative to the national instance's candidate pairs, e.g. "
                         "0.5, 1, 2, 4, 8: sets sites, campuses and cohorts to the national "
                         "ones x sqrt(scale)")
    ap.add_argument("--sites", type=int, help="municipalities (default 356)")
    ap.add_argument("--campuses", type=int, help="campuses (default 37)")
    ap.add_argument("--programmes", type=int, help="programmes with cohorts (default 19)")
    ap.add_argument("--periods", type=int, help="periods (default 2)")
    ap.add_argument("--cohorts", type=int,
                    help="cohorts wanted (default: the national rule, one location per 100 "
                         "students admitted)")
    ap.add_argument("--data", default=None,
                    help="data directory (default: ../shared/data beside the repository)")
    ap.add_argument("--student-share", default="0",
                    help="share of each cohort listed in students.csv with a home, by the national "
                         "rule (default 0: no students.csv)")
    ap.add_argument("--out", required=True, help="output directory (created if needed)")
    args = ap.parse_args(argv)
    try:
        if not 0 <= Fraction(args.student_share) <= 1:
            raise ValueError
    except (ValueError, ZeroDivisionError):
        ap.error("--student-share: expected a share from 0 to 1 such as 0.01, got %r" % args.student_share)
    args.data_given = args.data
    args.data = args.data or os.path.join(repo, "..", "shared", "data")
    for opt in ("sites", "campuses", "programmes", "periods", "cohorts"):
        setattr(args, opt + "_given", getattr(args, opt))
    defaults = {"sites": 356, "campuses": 37, "programmes": 19, "periods": 2, "cohorts": None}
    try:
        if args.pairs_scale is not None:
            try:
                x = Fraction(args.pairs_scale)
            except (ValueError, ZeroDivisionError):
                x = Fraction(-1)
            if x <= 0:
                ap.error("--pairs-scale: expected a positive number such as 0.5 or 4, got %r"
                         % args.pairs_scale)
            r = math.sqrt(x)
            defaults.update(sites=max(1, round(356 * r)), campuses=max(1, round(37 * r)),
                            cohorts=max(1, round(national_cohorts(args.data) * r)))
        for opt, v in defaults.items():
            if getattr(args, opt) is None:
                setattr(args, opt, v)
        for opt in ("sites", "campuses", "programmes", "periods"):
            if getattr(args, opt) < 1:
                ap.error("--%s must be at least 1" % opt)
        if args.cohorts is not None and args.cohorts < 1:
            ap.error("--cohorts must be at least 1")
        files, stats = build(args)
    except BuildError as e:
        print("gen.py: %s" % e, file=sys.stderr)
        return 1
    write_instance(args.out, files)
    print("%s: %d sites, %d campuses, %d programmes, %d periods, %d cohorts, %d students, "
          "%d candidate pairs" % (args.out, stats["sites"], stats["campuses"],
                                  stats["programmes"], stats["periods"], stats["cohorts"],
                                  stats["students"], stats["pairs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
