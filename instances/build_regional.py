#!/usr/bin/env python3
"""Build a regional praksis instance from the real data in ../shared/data.

Real: municipalities (kommunenummer, name, county, population, centroid), campuses
(institution, campus, coordinates), and the programme figures of IS-2956 table 2.
Synthetic, from seeded and documented rules: the hospitals' places, the spread of the
county's intake over its campuses, the scale factor, all municipal capacities and
supervisors, and the coordinator groups. The rules are described in instances/README.md
and in the README.md that is written into every instance.

Example:
  python3 instances/build_regional.py --county Agder --seed 1 \
      --programmes SYK,VERN,FYSIO --out instances/agder

The same arguments always give byte-identical files. Python 3 standard library only.
"""

import argparse
import json
import math
import os
import sys
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from instlib import (  # noqa: E402  (shared with build_national.py, cut_region.py, gen.py)
    BuildError, COMMUTE_KM, COORD_FRAME_KR, COORD_POSITIONS, COORD_POSITION_SHARE,
    DISTRICT_COVER, GROUP_RADIUS_KM, NEAR_COVER, NOISE_SIGMA, NOT_NURSING,
    SEMESTERS_PER_YEAR, SHORT_SUPERVISOR_RANGE, SHORT_SUPERVISOR_SHARE, SMALL_POPULATION,
    STUDENT_SHARE_REGIONAL, SUPERVISOR_RATIO, campus_ids, csv_text, fmt_num, haversine_km,
    load_data, make_students, rng, road_km, round_half_up, shell_quote, students_summary,
    students_text)


def rng_for(seed, *parts):
    """The regional builder's streams: praksis-regional|SEED|kind|kommunenummer|..."""
    return rng("praksis-regional", seed, *parts)


def build(args):
    munis, all_camps, progs = load_data(args.data)
    counties_all = sorted({m["county"] for m in munis})
    counties = [c.strip() for c in args.county.split(",") if c.strip()]
    if not counties:
        raise BuildError("--county: give one county name or a comma-separated list")
    for c in counties:
        if c not in counties_all:
            raise BuildError("--county: unknown county %r; counties in municipalities.csv: %s"
                             % (c, ", ".join(counties_all)))
    if len(set(counties)) != len(counties):
        raise BuildError("--county: a county is named twice")
    counties = sorted(counties)
    codes = [p.strip() for p in args.programmes.split(",") if p.strip()]
    if not codes:
        raise BuildError("--programmes: give at least one programme code")
    if len(set(codes)) != len(codes):
        raise BuildError("--programmes: a code is named twice")
    for p in codes:
        if p not in progs:
            raise BuildError("--programmes: unknown code %r; codes in programs-2019.csv: %s"
                             % (p, ", ".join(sorted(progs))))
        if Fraction(progs[p]["municipal_weeks_per_year"]) <= 0:
            raise BuildError("--programmes: %s has no municipal practice weeks in "
                             "programs-2019.csv, so no practice weeks can be derived" % p)
    codes = sorted(codes)
    if args.periods < 1:
        raise BuildError("--periods must be at least 1")
    scale = Fraction(args.scale)
    if scale <= 0:
        raise BuildError("--scale must be positive")

    national_pop = sum(m["population"] for m in munis)
    sites_m = sorted((m for m in munis if m["county"] in counties),
                     key=lambda m: m["kommunenummer"])
    kn_county = {m["kommunenummer"]: m["county"] for m in munis}
    camps = [c for c in all_camps if kn_county.get(c["kommunenummer"]) in counties]
    if not camps:
        raise BuildError("county %s has no campus in norway/campuses.csv; an instance needs "
                         "at least one campus to send students from" % ", ".join(counties))
    cid = campus_ids(all_camps)
    for c in camps:
        c["id"] = cid[(c["institution"], c["campus"])]
        c["nursing"] = (c["institution"], c["campus"]) not in NOT_NURSING
    camps.sort(key=lambda c: c["id"])
    county_pop = sum(m["population"] for m in sites_m)
    pop_share = Fraction(county_pop, national_pop)
    periods = ["P%d" % (i + 1) for i in range(args.periods)]

    # hospitals: stand-ins at the municipalities of the nursing campuses
    nursing = [c for c in camps if c["nursing"]]
    hosp_base = nursing if nursing else camps
    muni_by_kn = {m["kommunenummer"]: m for m in munis}
    hospitals = []
    for kn in sorted({c["kommunenummer"] for c in hosp_base}):
        m = muni_by_kn[kn]
        hospitals.append({"id": "H-" + kn, "name": "Hospital at %s (stand-in)" % m["name"],
                          "lat": m["lat"], "lon": m["lon"], "lat_s": m["lat_s"],
                          "lon_s": m["lon_s"], "county": m["county"]})

    # near = within commuting distance of at least one campus of the instance
    for m in sites_m:
        m["km_nearest_campus"] = min(road_km(m, c) for c in camps)
        m["near"] = m["km_nearest_campus"] <= COMMUTE_KM
        m["small"] = m["population"] < SMALL_POPULATION

    # programmes
    prog_rows = []
    weeks = {}
    for p in codes:
        r = progs[p]
        share = Fraction(r["municipal_share_target"])
        total_weeks = Fraction(r["municipal_weeks_per_year"]) / share   # practice weeks per student-year
        weeks[p] = total_weeks / (SEMESTERS_PER_YEAR * args.periods)
        ratio = SUPERVISOR_RATIO.get(p, 1)
        prog_rows.append((p, r["name_en"], r["municipal_share_target"], ratio, r["name_no"], r["name_en"]))

    # cohorts
    cohorts = []
    demand = {}        # (p, t) -> students
    offering = {}
    for p in codes:
        r = progs[p]
        in_study = Fraction(r["admitted_2019"]) * pop_share * int(r["study_years"])
        n = round_half_up(in_study * scale)
        offer = [c for c in camps if c["nursing"]] if p == "SYK" else list(camps)
        if not offer:
            raise BuildError("programme SYK: county %s has no campus that trains nurses"
                             % ", ".join(counties))
        offering[p] = offer
        base, rem = divmod(n, len(offer))
        for t in periods:
            demand[(p, t)] = n
            for i, c in enumerate(offer):
                k = base + (1 if i < rem else 0)
                if k > 0:
                    cohorts.append(("%s-%s-%s" % (c["id"], p, t), c["id"], p, t, k, weeks[p]))
    cohorts.sort(key=lambda r: (r[1], r[2], periods.index(r[3])))

    # municipal capacity (synthetic)
    raw = {}   # (kn, p, t) -> Fraction-ish float places before rounding
    noise = {}
    for p in codes:
        share = Fraction(progs[p]["municipal_share_target"])
        for t in periods:
            target = share * demand[(p, t)]
            for near in (True, False):
                group = [m for m in sites_m if m["near"] == near]
                if not group:
                    continue
                ws = {}
                for m in group:
                    g = rng_for(args.seed, "places", m["kommunenummer"], p, t)
                    ws[m["kommunenummer"]] = m["population"] * g.lognormvariate(0.0, NOISE_SIGMA)
                total = sum(ws.values())
                cover = Fraction(args.near_cover if near else args.district_cover)
                for kn, w in ws.items():
                    raw[(kn, p, t)] = float(target * cover) * w / total
    cap_rows = []
    for m in sites_m:
        kn = m["kommunenummer"]
        for t in periods:
            if m["small"]:
                places = max(1, round_half_up(sum(raw[(kn, p, t)] for p in codes)))
                rows = [("*", places)]
            else:
                rows = [(p, round_half_up(raw[(kn, p, t)])) for p in codes]
                rows = [(p, n) for p, n in rows if n > 0]
            for p, places in rows:
                g = rng_for(args.seed, "supervisors", kn, p, t)
                if g.random() < SHORT_SUPERVISOR_SHARE:
                    sup = max(1, math.ceil(places * g.uniform(*SHORT_SUPERVISOR_RANGE)))
                    sup = min(sup, places)
                else:
                    sup = places
                cap_rows.append((kn, p, t, places, sup))
    for h in hospitals:
        for p in codes:
            for t in periods:
                cap_rows.append((h["id"], p, t, demand[(p, t)], None))

    # coordinator groups: small municipalities linked to their nearest small neighbour
    small = [m for m in sites_m if m["small"]]
    parent = {m["kommunenummer"]: m["kommunenummer"] for m in small}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in small:
        best = None
        for o in small:
            if o is m:
                continue
            d = haversine_km(m["lat"], m["lon"], o["lat"], o["lon"])
            if best is None or (d, o["kommunenummer"]) < best:
                best = (d, o["kommunenummer"])
        if best is not None and best[0] <= GROUP_RADIUS_KM:
            a, b = find(m["kommunenummer"]), find(best[1])
            if a != b:
                parent[max(a, b)] = min(a, b)
    members = {}
    for m in small:
        members.setdefault(find(m["kommunenummer"]), []).append(m["kommunenummer"])
    group_of = {}
    for root, ks in members.items():
        if len(ks) > 1:
            label = "G-" + min(ks)
            for k in ks:
                group_of[k] = label

    # scenario
    coord = round_half_up(Fraction(COORD_FRAME_KR, COORD_POSITIONS) / SEMESTERS_PER_YEAR
                          * COORD_POSITION_SHARE)
    scenario = {"travel_rate": 1500, "supervision_rate": 500, "coordinator_cost": coord,
                "min_relocated_group": 2, "commute_km": COMMUTE_KM}

    # ------------------------------------------------------------ files
    files = {}
    site_rows = [(m["kommunenummer"], m["name"], "municipality", m["lat_s"], m["lon_s"],
                  m["county"], group_of.get(m["kommunenummer"], "")) for m in sites_m]
    site_rows += [(h["id"], h["name"], "hospital", h["lat_s"], h["lon_s"], h["county"], "")
                  for h in hospitals]
    files["sites.csv"] = csv_text(["id", "name", "kind", "lat", "lon", "region", "group"],
                                  site_rows)
    files["campuses.csv"] = csv_text(
        ["id", "institution", "name", "lat", "lon"],
        [(c["id"], c["institution"], c["campus"], c["lat_s"], c["lon_s"]) for c in camps])
    files["programmes.csv"] = csv_text(["id", "name", "municipal_share", "supervisor_ratio", "name_nb",
                                        "name_en"], prog_rows)
    files["cohorts.csv"] = csv_text(
        ["id", "campus", "programme", "period", "students", "weeks"],
        [(a, b, c, d, e, fmt_num(f)) for a, b, c, d, e, f in cohorts])
    files["capacity.csv"] = csv_text(
        ["site", "programme", "period", "places", "supervisors"],
        [(s, p, t, n, "" if v is None else v) for s, p, t, n, v in cap_rows])
    files["scenario.json"] = json.dumps(scenario, indent=2) + "\n"
    students = make_students(
        cohorts, {c["id"]: c["kommunenummer"] for c in camps},
        [{"id": m["kommunenummer"], "county": m["county"], "population": m["population"]}
         for m in sites_m], args.seed, "praksis-regional", args.student_share)
    files["students.csv"] = students_text(students)

    # statistics for the README
    eligible = {}
    for s, p, t, n, v in cap_rows:
        eligible.setdefault((s, t), set()).add(p)
    pairs = sum(1 for co in cohorts for (s, t), ps in eligible.items()
                if t == co[3] and (co[2] in ps or "*" in ps))
    stats = {
        "municipalities": len(sites_m), "hospitals": len(hospitals),
        "near": sum(1 for m in sites_m if m["near"]),
        "small": len(small), "groups": len(set(group_of.values())),
        "grouped": len(group_of), "campuses": len(camps), "cohorts": len(cohorts),
        "students": sum(c[4] for c in cohorts), "pairs": pairs,
        "cap_rows": len(cap_rows),
        "star_rows": sum(1 for r in cap_rows if r[1] == "*"),
        "short_sup": sum(1 for r in cap_rows if r[4] is not None and r[4] < r[3]),
        "students_text": students_summary(students, args.student_share, args.seed,
                                          "praksis-regional"),
    }
    files["README.md"] = readme(args, counties, codes, progs, camps, hospitals, sites_m,
                                periods, weeks, demand, cap_rows, group_of, coord, scale,
                                county_pop, national_pop, offering, stats)
    return files, stats


def cmd_line(args):
    parts = ["python3 instances/build_regional.py",
             "--county %s" % shell_quote(args.county), "--seed %s" % args.seed,
             "--programmes %s" % args.programmes, "--periods %d" % args.periods,
             "--scale %s" % args.scale]
    if args.student_share != STUDENT_SHARE_REGIONAL:
        parts.append("--student-share %s" % args.student_share)
    if args.near_cover != NEAR_COVER or args.district_cover != DISTRICT_COVER:
        parts.append("--near-cover %s --district-cover %s" % (args.near_cover,
                                                              args.district_cover))
    if args.data_given:
        parts.append("--data %s" % shell_quote(args.data_given))
    parts.append("--out %s" % shell_quote(args.out))
    return " ".join(parts)


def readme(args, counties, codes, progs, camps, hospitals, sites_m, periods, weeks, demand,
           cap_rows, group_of, coord, scale, county_pop, national_pop, offering, stats):
    L = []
    a = L.append
    title = " + ".join(counties)
    a("# %s: a regional instance built from real data with synthetic capacities" % title)
    a("")
    a("Generated by `instances/build_regional.py`; do not edit by hand. Rebuild with:")
    a("")
    a("    " + cmd_line(args))
    a("")
    a("The rules are documented in `instances/README.md`. This file says what is real and what "
      "is synthetic in this instance.")
    a("")
    a("## Size")
    a("")
    a("| | |")
    a("|---|---|")
    a("| sites | %d (%d municipalities, %d hospital stand-ins) |"
      % (stats["municipalities"] + stats["hospitals"], stats["municipalities"],
         stats["hospitals"]))
    a("| campuses | %d |" % stats["campuses"])
    a("| programmes | %s |" % ", ".join(codes))
    a("| periods | %s |" % ", ".join(periods))
    a("| cohorts | %d |" % stats["cohorts"])
    a("| students (placements in the semester, summed over periods) | %d |" % stats["students"])
    a("| candidate (cohort, site) pairs allowed by a capacity row | %d |" % stats["pairs"])
    a("| capacity rows | %d (%d `*` rows; %d rows with fewer supervisors than places) |"
      % (stats["cap_rows"], stats["star_rows"], stats["short_sup"]))
    a("| municipalities within commuting distance of a campus | %d of %d |"
      % (stats["near"], stats["municipalities"]))
    a("| coordinator groups of several municipalities | %d (%d municipalities) |"
      % (stats["groups"], stats["grouped"]))
    a("")
    a("## Real (from ../shared/data)")
    a("")
    a("- **Municipalities**: all %d municipalities of %s in the 2020–2023 structure. The "
      "kommunenummer is the site id, and the real name, the county (`region`) and the "
      "area-weighted centroid (`lat`, `lon`) are copied from `norway/municipalities.csv`. "
      "The population is 1 January 2021."
      % (len(sites_m), title))
    a("- **Campuses**: the real campuses in the county from `norway/campuses.csv`. Their "
      "coordinates are the centroids of their municipalities, as that file gives them:")
    for c in camps:
        a("  - `%s`: %s, %s (%s)%s" % (c["id"], c["institution"], c["campus"],
                                       c["kommunenummer"],
                                       "" if c["nursing"] else "; does not train nurses"))
    a("- **Programmes**: from `programs-2019.csv` (IS-2956 table 2). The code is the id and "
      "`name_en` is `name` and `name_en`, `name_no` (the report's Norwegian name) is `name_nb`, "
      "and `municipal_share` is `municipal_share_target`.")
    a("- **National intake, study years and municipal weeks per year**: IS-2956 table 2.")
    a("")
    a("## Synthetic (seeded rules, seed %s)" % args.seed)
    a("")
    a("- **Hospitals** are stand-ins for the real health-trust hospitals. There is one per "
      "municipality with a nursing campus (%s), at that municipality's centroid. Each has, for "
      "every programme and period, as many places as the whole county's demand, with no "
      "supervisor limit, no group and no fixed cost."
      % ", ".join("`%s`" % h["id"] for h in hospitals))
    a("- **supervisor_ratio** is a modelling assumption: 2 for nursing (group supervision) and 1 "
      "for the other programmes.")
    a("- **Cohorts** come from the county's share of the national 2019 intake, taken in "
      "proportion to population: %d / %d = %.4f %%. Scale factor %s." % (
          county_pop, national_pop, 100.0 * county_pop / national_pop, args.scale))
    a("")
    a("| programme | national intake | study years | students in study in the county | "
      "× scale = per period | weeks per period | campuses | municipal target per period "
      "(students) |")
    a("|---|---|---|---|---|---|---|---|")
    share_pop = Fraction(county_pop, national_pop)
    for p in codes:
        r = progs[p]
        in_study = Fraction(r["admitted_2019"]) * share_pop * int(r["study_years"])
        t0 = periods[0]
        a("| %s | %s | %s | %.1f | %d | %s | %s | %s |" % (
            p, r["admitted_2019"], r["study_years"], float(in_study), demand[(p, t0)],
            fmt_num(weeks[p]), ", ".join(c["id"] for c in offering[p]),
            fmt_num(Fraction(r["municipal_share_target"]) * demand[(p, t0)])))
    a("")
    a("  Weeks per period = (municipal_weeks_per_year / municipal_share_target) / (2 semesters "
      "× %d periods). The instance is one semester, and every student in study has a "
      "placement in every period. Students are split equally over the campuses listed, with "
      "any remainder going to the first campuses in id order. Nursing is split over the "
      "nursing campuses, and every other programme over all campuses of the county. No "
      "campus × programme table is sourced, so this split is synthetic." % len(periods))
    cap_text = (
        "- **Municipal capacity** is set per (municipality, programme, period). The municipal "
        "target (share × students) is split between two sets of municipalities. Those within "
        "commuting distance of a campus (haversine × 1.3 ≤ 60 km) share %s %% of it, and district "
        "municipalities share %s %% of it. Within each set, a municipality's share is "
        "proportional to population × a log-normal noise factor (σ = 0.4), and the result is "
        "rounded half up. " % (fmt_num(100 * Fraction(args.near_cover)),
                               fmt_num(100 * Fraction(args.district_cover))))
    if Fraction(args.near_cover) < 1:
        cap_text += ("Places near the campuses therefore cannot meet the target, and students "
                     "must be sent beyond commuting distance. ")
    cap_text += (
        "Municipalities with fewer than 5,000 inhabitants get a single `*` row per period, "
        "holding the sum over programmes (at least 1 place). Larger ones get one row per "
        "programme with at least 1 place. In about half of the rows there are fewer supervisors "
        "than places: ⌈places × U(0.5, 0.85)⌉. In the other rows, supervisors = places.")
    a(cap_text)
    a("")
    a("  | programme | period | target | places near campuses | places in districts |")
    a("  |---|---|---|---|---|")
    near_kn = {m["kommunenummer"] for m in sites_m if m["near"]}
    small_kn = {m["kommunenummer"] for m in sites_m if m["small"]}
    for p in codes:
        for t in periods:
            nn = sum(r[3] for r in cap_rows if r[0] in near_kn and r[1] == p and r[2] == t)
            dd = sum(r[3] for r in cap_rows if r[0] not in near_kn and r[0] not in small_kn
                     and not r[0].startswith("H-") and r[1] == p and r[2] == t)
            a("  | %s | %s | %s | %d | %d |" % (
                p, t, fmt_num(Fraction(progs[p]["municipal_share_target"]) * demand[(p, t)]),
                nn, dd))
    a("")
    star_near = {t: sum(r[3] for r in cap_rows if r[1] == "*" and r[0] in near_kn and r[2] == t)
                 for t in periods}
    star_far = {t: sum(r[3] for r in cap_rows if r[1] == "*" and r[0] not in near_kn
                       and r[2] == t) for t in periods}
    a("  Programme rows only. The `*` rows of the small municipalities add, per period: %s." % (
        "; ".join("%s %d near, %d district" % (t, star_near[t], star_far[t]) for t in periods)))
    a("- **Coordinator groups**: each municipality with fewer than 5,000 inhabitants is linked to "
      "the nearest other such municipality of the instance, if that one is within 40 km "
      "(straight line between centroids). Each connected set shares one coordinator, with the "
      "label `G-<lowest kommunenummer>`. `fixed_cost` is left blank, so the scenario's "
      "coordinator_cost applies once per group in use. A municipality outside a group is its "
      "own group.")
    groups = {}
    for k, g in group_of.items():
        groups.setdefault(g, []).append(k)
    name = {m["kommunenummer"]: m["name"] for m in sites_m}
    for g in sorted(groups):
        a("  - `%s`: %s" % (g, ", ".join("%s %s" % (k, name[k]) for k in sorted(groups[g]))))
    a("- **scenario.json**: travel_rate 1500 and supervision_rate 500 kr per student-week "
      "(IS-2956). coordinator_cost = 380,000,000 kr / 450 positions = 844,444 kr per position "
      "and year; / 2 = 422,222 kr per semester; × a 20 %% position = **%d kr** per group and "
      "semester. min_relocated_group 2 and commute_km 60." % coord)
    a("- " + stats["students_text"])
    a("- **distances.csv** is not written. The engine computes the distances (haversine × 1.3).")
    a("")
    return "\n".join(L)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(
        description="Build a regional praksis instance (real municipalities and campuses of "
                    "one or more counties, synthetic seeded capacities).")
    ap.add_argument("--county", required=True,
                    help="county name as in municipalities.csv, or a comma-separated list")
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic parts (default 1)")
    ap.add_argument("--programmes", default="SYK,VERN,FYSIO",
                    help="comma-separated programme codes from programs-2019.csv "
                         "(default SYK,VERN,FYSIO)")
    ap.add_argument("--periods", type=int, default=2,
                    help="placement periods in the semester (default 2)")
    ap.add_argument("--scale", default="0.25",
                    help="share of the county's students in study put into the instance "
                         "(default 0.25)")
    ap.add_argument("--near-cover", default=NEAR_COVER,
                    help="places in municipalities within commuting distance of a campus, as a "
                         "share of the municipal target (default %s)" % NEAR_COVER)
    ap.add_argument("--district-cover", default=DISTRICT_COVER,
                    help="places in the other municipalities, as a share of the municipal "
                         "target (default %s)" % DISTRICT_COVER)
    ap.add_argument("--data", default=None,
                    help="data directory (default: ../shared/data beside the repository)")
    ap.add_argument("--student-share", default=STUDENT_SHARE_REGIONAL,
                    help="share of each cohort listed in students.csv with a home (default %s)"
                    % STUDENT_SHARE_REGIONAL)
    ap.add_argument("--out", required=True, help="output directory (created if needed)")
    args = ap.parse_args(argv)
    args.data_given = args.data
    args.data = args.data or os.path.join(repo, "..", "shared", "data")
    for opt in ("scale", "near_cover", "district_cover", "student_share"):
        try:
            if Fraction(getattr(args, opt)) < 0:
                raise ValueError
        except (ValueError, ZeroDivisionError):
            ap.error("--%s: expected a non-negative number such as 0.25, got %r"
                     % (opt.replace("_", "-"), getattr(args, opt)))
    try:
        files, stats = build(args)
    except BuildError as e:
        print("build_regional.py: %s" % e, file=sys.stderr)
        return 1
    os.makedirs(args.out, exist_ok=True)
    for name in sorted(files):
        tmp = os.path.join(args.out, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(files[name])
        os.replace(tmp, os.path.join(args.out, name))
    stale = os.path.join(args.out, "distances.csv")
    if os.path.exists(stale):
        os.remove(stale)
    print("%s: %d sites, %d cohorts, %d students, %d candidate pairs"
          % (args.out, stats["municipalities"] + stats["hospitals"], stats["cohorts"],
             stats["students"], stats["pairs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
