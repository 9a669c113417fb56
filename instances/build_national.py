#!/usr/bin/env python3
"""Build the national praksis instance (instances/norway) from the real data in ../shared/data.

Real: the 356 municipalities of 2020-2023 (kommunenummer, name, county, population 2021,
centroid), the 37 campuses, and the 20 programmes of IS-2956 table 2 (intake, study years,
municipal weeks, municipal share targets). Synthetic, from seeded and documented rules: which
campuses offer which programme and how many students each has, all capacities and supervisors,
the hospital stand-ins, and the coordinator groups. The rules are described in
instances/README.md and in the README.md written into the instance.

  python3 instances/build_national.py --seed 1 --out instances/norway

The same arguments always give byte-identical files. Python 3 standard library only.
"""

import argparse
import os
import sys
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from instlib import (  # noqa: E402
    BuildError, COMMUTE_KM, DISTRICT_COVER, GROUP_RADIUS_KM, HOST_TIERS, NATIONAL_PERIODS,
    NEAR_COVER, NOISE_SIGMA, OFFER_DIVISOR, RHF_NAME, RHF_OF_COUNTY, RHF_ORDER,
    SHORT_SUPERVISOR_RANGE, SHORT_SUPERVISOR_SHARE, SMALL_POPULATION, SUPERVISOR_RATIO,
    STAY_SHARE, STUDENT_SHARE_NATIONAL, UNIVERSITY_PROGRAMMES, build_plan, campus_ids,
    campus_tags, fmt_num, instance_files, load_data, make_students, rhf_of, shell_quote,
    students_summary,
    weeks_per_student_year, write_instance, yearly_coordinator_cost)

PREFIX = "praksis-national"
TABLE_TOTAL = 267768        # IS-2956 table 2, total of municipal_weeks_all_students
TOLERANCE = Fraction(1, 1000)


def national_inputs(data_dir, periods):
    """The real data in the form build_plan takes (also used by gen.py)."""
    munis_raw, camps_raw, progs_raw = load_data(data_dir)
    munis = [{"id": m["kommunenummer"], "name": m["name"], "county": m["county"],
              "population": m["population"], "lat": m["lat"], "lon": m["lon"],
              "lat_s": m["lat_s"], "lon_s": m["lon_s"]} for m in munis_raw]
    munis.sort(key=lambda m: m["id"])
    cid = campus_ids(camps_raw)
    muni_ids = {m["id"] for m in munis}
    camps = []
    for i, c in enumerate(camps_raw):
        if c["kommunenummer"] not in muni_ids:
            raise BuildError("campus %s, %s: kommunenummer %s is not in municipalities.csv"
                             % (c["institution"], c["campus"], c["kommunenummer"]))
        camps.append({"id": cid[(c["institution"], c["campus"])],
                      "institution": c["institution"], "name": c["campus"],
                      "home": c["kommunenummer"], "lat": c["lat"], "lon": c["lon"],
                      "lat_s": c["lat_s"], "lon_s": c["lon_s"], "file_order": i,
                      "tags": campus_tags(c["institution"], c["campus"])})
    camps.sort(key=lambda c: c["id"])
    progs = []
    for code in sorted(progs_raw):
        r = progs_raw[code]
        has_weeks = Fraction(r["municipal_weeks_per_year"]) > 0
        w_year = weeks_per_student_year(r) if has_weeks else Fraction(0)
        weeks = Fraction(fmt_num(w_year / len(periods)))
        progs.append({
            "code": code, "base": code, "name": r["name_en"], "name_nb": r["name_no"],
            "name_en": r["name_en"], "category": r["category"],
            "admitted": int(r["admitted_2019"]), "intake": int(r["admitted_2019"]),
            "years": int(r["study_years"]),
            "in_study": int(r["admitted_2019"]) * int(r["study_years"]) if has_weeks else 0,
            "w_year": w_year, "weeks": weeks, "share": r["municipal_share_target"],
            "ratio": SUPERVISOR_RATIO.get(code, 1), "row": r})
    return munis, camps, progs


def build(args):
    periods = list(NATIONAL_PERIODS)
    munis, camps, progs = national_inputs(args.data, periods)
    if len(munis) != 356 or len(camps) != 37 or len(progs) != 20:
        raise BuildError("expected 356 municipalities, 37 campuses and 20 programmes in %s, "
                         "found %d, %d and %d" % (args.data, len(munis), len(camps), len(progs)))
    for m in munis:
        if m["county"] not in RHF_OF_COUNTY:
            raise BuildError("county %r of %s has no regional health authority in "
                             "instlib.RHF_OF_COUNTY" % (m["county"], m["id"]))
    plan = build_plan(munis, camps, progs, periods, args.seed, PREFIX, OFFER_DIVISOR)

    # the municipal target must be the table's, per programme and in all (within 0.1 %)
    target = {}
    for co in plan["cohorts"]:
        p = next(p for p in progs if p["code"] == co[2])
        target[co[2]] = target.get(co[2], 0) + Fraction(p["share"]) * co[4] * co[5]
    for p in progs:
        table = Fraction(p["row"]["municipal_weeks_all_students"])
        got = target.get(p["code"], Fraction(0))
        if abs(got - table) > TOLERANCE * table:
            raise BuildError("%s: municipal target %s weeks, table %s" % (p["code"], got, table))
    total = sum(target.values())
    if abs(total - TABLE_TOTAL) > TOLERANCE * TABLE_TOTAL:
        raise BuildError("municipal target %s weeks, table total %d" % (total, TABLE_TOTAL))

    coord = yearly_coordinator_cost()
    scenario = {"travel_rate": 1500, "supervision_rate": 500, "coordinator_cost": coord,
                "min_relocated_group": 2, "commute_km": COMMUTE_KM}
    plan["students"] = make_students(plan["cohorts"], {c["id"]: c["home"] for c in camps}, munis,
                                     args.seed, PREFIX, args.student_share)
    files = instance_files(plan, scenario, plan["students"])
    files["README.md"] = readme(args, munis, camps, progs, periods, plan, target, coord)
    return files, plan, target


def cmd_line(args):
    parts = ["python3 instances/build_national.py", "--seed %s" % args.seed]
    if args.student_share != STUDENT_SHARE_NATIONAL:
        parts.append("--student-share %s" % args.student_share)
    if args.data_given:
        parts.append("--data %s" % shell_quote(args.data_given))
    parts.append("--out %s" % shell_quote(args.out))
    return " ".join(parts)


def fmt_int(n):
    return "{:,}".format(int(n))


def readme(args, munis, camps, progs, periods, plan, target, coord):
    L = []
    a = L.append
    cohorts, cap_rows = plan["cohorts"], plan["cap_rows"]
    camp_by_id = {c["id"]: c for c in camps}
    muni_by_id = {m["id"]: m for m in munis}
    small = plan["small"]
    hospitals = plan["hospitals"]
    groups = {}
    for k, g in plan["group_of"].items():
        groups.setdefault(g, []).append(k)
    students = sum(co[4] for co in cohorts)
    n_star = sum(1 for r in cap_rows if r[1] == "*")
    n_short = sum(1 for r in cap_rows if r[4] is not None and r[4] < r[3])
    total_target = sum(target.values())

    a("# norway: the national instance, built from real data with synthetic capacities")
    a("")
    a("Generated by `instances/build_national.py`; do not edit by hand. Rebuild with:")
    a("")
    a("    " + cmd_line(args))
    a("")
    a("The planning horizon is one year with two placement periods, `spring` and `autumn`. "
      "This file says what is real and what is synthetic; `instances/README.md` has the rules "
      "in brief, the regional instances cut from this one, and measured model sizes and solve "
      "times.")
    a("")
    a("## Size")
    a("")
    a("| | |")
    a("|---|---|")
    a("| sites | %d (%d municipalities, %d hospital stand-ins) |"
      % (len(munis) + len(hospitals), len(munis), len(hospitals)))
    a("| campuses | %d (%d with cohorts) |" % (len(camps), len({co[1] for co in cohorts})))
    a("| programmes | %d (%d with cohorts; ODONT has no municipal weeks) |"
      % (len(progs), len(plan["codes"])))
    a("| periods | %s |" % ", ".join(periods))
    a("| cohorts | %d |" % len(cohorts))
    a("| students | %s per period (the students in study), %s placements in the year |"
      % (fmt_int(students // len(periods)), fmt_int(students)))
    a("| municipal target | %s student-weeks (IS-2956: 267,768) |" % fmt_num(total_target))
    a("| candidate (cohort, site) pairs allowed by a capacity row | %s |"
      % fmt_int(plan["pairs"]))
    a("| capacity rows | %s (%d `*` rows; %s rows with fewer supervisors than places) |"
      % (fmt_int(len(cap_rows)), n_star, fmt_int(n_short)))
    a("| small municipalities (< 5,000 inhabitants, `*` rows) | %d |" % len(small))
    a("| coordinator groups of several municipalities | %d (%d municipalities) |"
      % (len(groups), len(plan["group_of"])))
    a("")

    a("## Real (from ../shared/data)")
    a("")
    a("- **Municipalities**: all 356 of the 2020–2023 structure. The kommunenummer is the "
      "site id; name, county (`region`) and the area-weighted centroid (`lat`, `lon`) are "
      "copied from `norway/municipalities.csv`. Populations (1 January 2021, SSB) drive the "
      "synthetic rules but are not a column of `sites.csv`.")
    a("- **Campuses**: the 37 rows of `norway/campuses.csv`, with ids made from the "
      "institution's short name and the campus (e.g. `UIA-KRISTIANSAND`). Their coordinates "
      "are the centroids of their municipalities, as that file gives them.")
    a("- **Programmes**: the 20 of `programs-2019.csv` (IS-2956 table 2): code as id, "
      "`name_en` as `name` and `name_en`, `name_no` (the report's Norwegian name) as `name_nb`, `municipal_share` = `municipal_share_target` (0.5; VERN 0.8). National "
      "2019 intake, study years and municipal weeks per year come from the same table.")
    a("- **Regional health authorities** by county (used for hospitals and for the regional "
      "cuts): Helse Sør-Øst = Oslo, Viken, Innlandet, Vestfold og Telemark, Agder; Helse Vest "
      "= Rogaland, Vestland; Helse Midt-Norge = Møre og Romsdal, Trøndelag; Helse Nord = "
      "Nordland, Troms og Finnmark (regjeringen.no, \"De regionale helseforetakene\"; "
      "helse-nord.no). Hospital catchments that cross county borders are ignored.")
    a("")

    a("## Synthetic (seeded rules, seed %s)" % args.seed)
    a("")
    a("### Cohorts: students and weeks (steady state, full national intake)")
    a("")
    a("- Students in study = national 2019 intake × study years. Every student in study has "
      "one placement in each period, so a cohort's `students` is its campus's students in "
      "study of that programme, the same in both periods.")
    a("- Weeks per student and year W = the table's municipal weeks for all students / "
      "(share × students in study), to 2 decimals; this is municipal weeks per year / share "
      "(VERN: 33,603 / (0.8 × 3,621) = 11.60, since the table's 9.3 weeks per year are "
      "rounded in print). A cohort's `weeks` = W / 2: its practice weeks in municipalities "
      "and hospitals together in that period. Σ share × students × weeks is then the table's "
      "municipal weeks per programme.")
    a("")
    a("| programme | intake 2019 | years | students in study | W | weeks per period | share "
      "| supervisor ratio | municipal target (weeks) | IS-2956 | locations | hosts: population ≥ |")
    a("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for p in progs:
        r = p["row"]
        off = plan["offering"].get(p["code"])
        tier = next(pop for lim, pop in HOST_TIERS if p["admitted"] >= lim)
        a("| %s | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s | %s |" % (
            p["code"], fmt_int(p["admitted"]), p["years"], fmt_int(p["in_study"]),
            fmt_num(p["w_year"]), fmt_num(p["weeks"]), p["share"], p["ratio"],
            fmt_num(target.get(p["code"], 0)), fmt_int(int(r["municipal_weeks_all_students"])),
            "%d of %d" % (len(off["chosen"]), off["eligible_locs"]) if off else "–",
            ("all (`*` in small ones)" if tier == 0 else fmt_int(tier)) if off else "–"))
    a("| total | | | %s | | | | | %s | 267,768 | | |" % (
        fmt_int(sum(p["in_study"] for p in progs)), fmt_num(sum(target.values()))))
    a("")
    a("ODONT (dentistry) has no municipal weeks in the table: it is in `programmes.csv` "
      "without cohorts. The table's rows add to 267,767, its printed total is 267,768.")
    a("")
    a("### Which campuses teach what (synthetic: no campus × programme table is sourced)")
    a("")
    a("1. Eligible campuses: SYK at every campus that trains nurses (all but UiO, UiB and INN "
      "Lillehammer, per `norway/SOURCES.md`). %s only at the four university campuses with "
      "medical faculties (UiO Oslo, UiB Bergen, NTNU Trondheim, UiT Tromsø; SOURCES.md names "
      "UiO and UiB for medicine, psychology and health-science masters, NTNU and UiT are an "
      "assumption from general knowledge). Every other programme at every campus except UiO "
      "and UiB; the health programmes (`category` health in programs-2019.csv) not at INN "
      "Lillehammer, which the data list for social-care programmes."
      % ", ".join(UNIVERSITY_PROGRAMMES))
    a("2. Locations are the municipalities of the eligible campuses. The size of a campus "
      "municipality is the population of the municipalities for which it is the nearest "
      "campus municipality (road km = haversine × 1.3). A programme is taught in k = "
      "round(national intake / %d) locations (at least 1, at most all): the largest first, "
      "skipping any within commuting distance (%d km) of one already taken until no other is "
      "left, so that the big programmes spread over the country and the small ones sit in "
      "the largest cities." % (OFFER_DIVISOR, COMMUTE_KM))
    a("3. Each municipality's population is assigned to its nearest chosen location; the "
      "students in study are split over the locations in proportion to these catchment "
      "populations (largest remainder), and within a location equally over its eligible "
      "campuses (remainder to the first ids).")
    a("")
    a("Sizes of the campus municipalities: %s." % "; ".join(
        "%s %s %s" % (h, muni_by_id[h]["name"], fmt_int(sz)) for h, sz in
        sorted(next(iter(plan["offering"].values()))["size"].items(), key=lambda x: (-x[1], x[0]))))
    a("")
    a("| programme | locations (kommunenummer: catchment population → students in study) |")
    a("|---|---|")
    for code in plan["codes"]:
        off = plan["offering"][code]
        a("| %s | %s |" % (code, "; ".join(
            "%s %s: %s → %s" % (h, muni_by_id[h]["name"], fmt_int(off["catch"][h]),
                                fmt_int(off["per_loc"][h])) for h in off["chosen"])))
    a("")
    a("Students in study per campus:")
    a("")
    a("| campus | institution | students | programmes |")
    a("|---|---|---|---|")
    per_camp = {}
    t0 = periods[0]
    for co in cohorts:
        if co[3] == t0:
            per_camp.setdefault(co[1], []).append((co[2], co[4]))
    for c in camps:
        lst = per_camp.get(c["id"], [])
        a("| `%s` | %s | %s | %s |" % (c["id"], c["institution"],
                                     fmt_int(sum(n for _, n in lst)),
                                     ", ".join("%s %d" % (p, n) for p, n in lst) or "–"))
    a("")

    a("### Capacity")
    a("")
    a("- **Which municipalities host a programme** (have a capacity row for it), by national "
      "intake: ≥ 750 (SYK, VERN, SOS, BVP) every municipality; ≥ 300 those with at least "
      "10,000 inhabitants; ≥ 130 at least 20,000; smaller programmes at least 50,000. "
      "Municipalities with fewer than %s inhabitants host everything through one `*` row "
      "per period (so the candidate pairs grow with them: every cohort of the period may "
      "go there)." % fmt_int(SMALL_POPULATION))
    a("- **Places** per (programme, period): the municipal target in students (share × "
      "students in study) is split between the hosts within commuting distance (road km ≤ "
      "%d) of a campus teaching the programme, which get %s %% of it, and the other (district) "
      "hosts, which get %s %%. Within each set a host's part is proportional to population × "
      "a log-normal factor (σ = %s) drawn per municipality, programme and period, rounded half "
      "up; rows with 0 places are left out. A small municipality's `*` row holds the sum of "
      "its parts over all programmes (at least 1 place). So near-campus places cannot meet "
      "the 50 %% / 80 %% targets: students must be sent beyond commuting distance, to district "
      "municipalities that have several times more places per inhabitant (IS-2956)."
      % (COMMUTE_KM, fmt_num(100 * Fraction(NEAR_COVER)), fmt_num(100 * Fraction(DISTRICT_COVER)),
         NOISE_SIGMA))
    a("- **Supervisors**: in %d %% of the rows (a draw per row) supervisors = ⌈places × U%s⌉ "
      "(at least 1, at most places); otherwise supervisors = places. supervisor_ratio is a "
      "modelling assumption: 2 for SYK (group supervision, IS-2956), 1 for every other "
      "programme." % (round(100 * SHORT_SUPERVISOR_SHARE), str(SHORT_SUPERVISOR_RANGE)))
    a("")
    a("| programme | hosts | target per period (students) | places near campuses | places in "
      "districts | near hosts |")
    a("|---|---|---|---|---|---|")
    for code in plan["codes"]:
        p = next(p for p in progs if p["code"] == code)
        rows = [r for r in cap_rows if r[1] == code and r[2] == t0
                and not r[0].startswith("H-")]
        near = plan["near_of"][code]
        a("| %s | %d | %s | %s | %s | %d |" % (
            code, len(plan["hosts_of"][code]),
            fmt_num(Fraction(p["share"]) * p["in_study"]),
            fmt_int(sum(r[3] for r in rows if r[0] in near)),
            fmt_int(sum(r[3] for r in rows if r[0] not in near)),
            len(near & plan["hosts_of"][code])))
    a("")
    near_any = set().union(*plan["near_of"].values())
    for t in periods:
        rows = [r for r in cap_rows if r[2] == t and not r[0].startswith("H-")]
        tgt = sum(Fraction(p["share"]) * p["in_study"] for p in progs if p["code"] in plan["codes"])
        a("- %s: municipal places %s in all (%s within commuting distance of a campus of the "
          "programme or, for `*` rows, of any campus; `*` rows %s) against a municipal target "
          "of %s students." % (
              t, fmt_int(sum(r[3] for r in rows)),
              fmt_int(sum(r[3] for r in rows if (r[0] in near_any if r[1] == "*"
                                                  else r[0] in plan["near_of"][r[1]]))),
              fmt_int(sum(r[3] for r in rows if r[1] == "*")), fmt_num(tgt)))
    a("")
    a("### Hospitals (stand-ins)")
    a("")
    a("No list of hospitals is at hand, so there is one hospital site `H-<kommunenummer>` in "
      "each municipality with a campus that trains nurses, at its centroid (%d sites). Every "
      "health trust (HF) area of the four regional health authorities has at least one nursing "
      "campus (by general knowledge of the trusts' areas, not a sourced table), so every trust "
      "area has at least one stand-in. A hospital has a row for every programme taught at a "
      "campus of its regional health authority, in both periods, with as many places as that "
      "authority's students of the programme (ample), no supervisor limit, no group and no "
      "fixed cost." % len(hospitals))
    a("")
    for r in RHF_ORDER:
        hs = [h for h in hospitals if h["rhf"] == r]
        a("- %s: %s" % (RHF_NAME[r], ", ".join("`%s` %s" % (h["id"], muni_by_id[h["home"]]["name"])
                                                for h in hs)))
    a("")
    a("### Coordinator groups")
    a("")
    a("Each municipality with fewer than %s inhabitants is linked to the nearest other such "
      "municipality of the same county if that one is within %s km (straight line between "
      "centroids); each connected set shares one coordinator, labelled `G-<lowest "
      "kommunenummer>` (%d groups with %d municipalities). The rule does not depend on the "
      "seed. `fixed_cost` is blank, so the scenario's coordinator_cost applies once per group "
      "in use, and once per ungrouped municipality in use."
      % (fmt_int(SMALL_POPULATION), fmt_num(GROUP_RADIUS_KM), len(groups), len(plan["group_of"])))
    a("")
    for g in sorted(groups):
        a("- `%s`: %s" % (g, ", ".join("%s %s" % (k, muni_by_id[k]["name"])
                                       for k in sorted(groups[g]))))
    a("")
    a("### Listed students")
    a("")
    a(students_summary(plan["students"], args.student_share, args.seed, PREFIX))
    a("")
    a("### scenario.json")
    a("")
    a("travel_rate 1500 and supervision_rate 500 kr per student-week (IS-2956); "
      "coordinator_cost = 380,000,000 kr / 450 positions = 844,444 kr per position-year × an "
      "assumed 20 %% position (the report gives 5–50 %% per municipality) = **%s kr** per group "
      "and year, the planning horizon; min_relocated_group 2; commute_km 60. No "
      "`distances.csv`: the engine computes haversine × 1.3." % fmt_int(coord))
    a("")
    return "\n".join(L)


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    repo = os.path.dirname(here)
    ap = argparse.ArgumentParser(
        description="Build the national praksis instance (real municipalities, campuses and "
                    "programmes; synthetic seeded capacities).")
    ap.add_argument("--seed", type=int, default=1, help="seed of the synthetic parts (default 1)")
    ap.add_argument("--data", default=None,
                    help="data directory (default: ../shared/data beside the repository)")
    ap.add_argument("--student-share", default=STUDENT_SHARE_NATIONAL,
                    help="share of each cohort listed in students.csv with a home (default %s)"
                    % STUDENT_SHARE_NATIONAL)
    ap.add_argument("--out", required=True, help="output directory (created if needed)")
    args = ap.parse_args(argv)
    args.data_given = args.data
    args.data = args.data or os.path.join(repo, "..", "shared", "data")
    try:
        files, plan, target = build(args)
    except BuildError as e:
        print("build_national.py: %s" % e, file=sys.stderr)
        return 1
    write_instance(args.out, files)
    print("%s: %d sites, %d cohorts, %d students, %d candidate pairs, municipal target %s weeks"
          % (args.out, len(plan["site_rows"]), len(plan["cohorts"]),
             sum(c[4] for c in plan["cohorts"]), plan["pairs"],
             fmt_num(sum(target.values()))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
