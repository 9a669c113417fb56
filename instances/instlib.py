"""Shared helpers of the instance builders under instances/ (build_regional.py,
build_national.py, cut_region.py, gen.py): constants, distances, fixed number formats,
seeded random streams, CSV reading and writing, the campus ids. Python 3 standard library
only. Importing this module must not change any builder's output: every function here is
deterministic and independent of PYTHONHASHSEED.
"""

import csv
import json
import io
import math
import os
import random
import unicodedata
from fractions import Fraction

# ---------------------------------------------------------------- constants
EARTH_RADIUS_KM = 6371.0
ROAD_FACTOR = 1.3           # computed road km = haversine km x this (the engine's default)
COMMUTE_KM = 60             # beyond this a placement is "relocated" (the engine's default)
SMALL_POPULATION = 5000     # below: a single '*' capacity row, and may share a coordinator
GROUP_RADIUS_KM = 40.0      # straight-line km to the nearest small neighbour to share a group
NEAR_COVER = "0.7"       # default: near municipalities' places = 70 % of the municipal target
DISTRICT_COVER = "0.6"   # default: district municipalities' places = 60 % of the municipal target
NOISE_SIGMA = 0.4                 # multiplicative log-normal noise on places
SHORT_SUPERVISOR_SHARE = 0.5      # share of capacity rows with fewer supervisors than places
SHORT_SUPERVISOR_RANGE = (0.5, 0.85)
# Supervisor ratio: students per supervisor. This is a modelling assumption: nursing uses
# group supervision (two students per supervisor); all other programmes use 1.
SUPERVISOR_RATIO = {"SYK": 2}
# IS-2956: 380 mill. kr a year for 450 coordinator positions. One semester of a 20 % position.
COORD_FRAME_KR = 380_000_000
COORD_POSITIONS = 450
COORD_POSITION_SHARE = Fraction(1, 5)
SEMESTERS_PER_YEAR = 2
# Listed students (students.csv, synthetic): a share of each cohort, round half up, each with a
# home municipality (regional instances 5 %, the national one 1 %: every listed student with a
# home adds a class whose candidate pairs are as many as its cohort's, see instances/README.md);
# of those, this share cannot relocate.
STUDENT_SHARE_REGIONAL = "0.05"
STUDENT_SHARE_NATIONAL = "0.01"
STAY_SHARE = 0.2
# Campuses that do not train nurses, according to ../shared/data/norway/SOURCES.md
# (UiO and UiB were added for medicine, psychology and health-science masters; INN
# Lillehammer for social-care programmes). Every other campus in campuses.csv trains nurses.
NOT_NURSING = {
    ("Universitetet i Oslo", "Oslo (Blindern/Gaustad)"),
    ("Universitetet i Bergen", "Bergen"),
    ("Høgskolen i Innlandet", "Lillehammer"),
}
# Short names of the institutions, used only to make campus ids.
INSTITUTION_ABBR = {
    "OsloMet – storbyuniversitetet": "OSLOMET",
    "Universitetet i Oslo": "UIO",
    "Lovisenberg diakonale høgskole": "LDH",
    "VID vitenskapelige høgskole": "VID",
    "Høgskolen i Østfold": "HIOF",
    "NTNU": "NTNU",
    "Universitetet i Bergen": "UIB",
    "Høgskulen på Vestlandet": "HVL",
    "UiT Norges arktiske universitet": "UIT",
    "Nord universitet": "NORD",
    "Universitetet i Sørøst-Norge": "USN",
    "Universitetet i Agder": "UIA",
    "Universitetet i Stavanger": "UIS",
    "Høgskolen i Molde": "HIM",
    "Høgskolen i Innlandet": "INN",
}


class BuildError(Exception):
    pass


# ---------------------------------------------------------------- helpers
def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def road_km(a, b):
    return haversine_km(a["lat"], a["lon"], b["lat"], b["lon"]) * ROAD_FACTOR


def round_half_up(x):
    """Round a Fraction or float half up to an int."""
    return math.floor(Fraction(x) + Fraction(1, 2))


def fmt_num(x):
    """Fixed formatting: up to 6 decimals, no trailing zeros ('5', '2.90625')."""
    s = "%.6f" % float(x)
    s = s.rstrip("0").rstrip(".")
    return s if s != "-0" else "0"


def ascii_slug(text):
    t = text.replace("Æ", "AE").replace("æ", "ae").replace("Ø", "O").replace("ø", "o")
    t = t.replace("Å", "A").replace("å", "a")
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode("ascii")
    out = []
    for ch in t.upper():
        out.append(ch if ch.isalnum() else " ")
    return "-".join("".join(out).split())


def rng(prefix, seed, *parts):
    """An independent stream per item, so that a municipality's capacity does not depend on
    which other municipalities, programmes or counties are in the instance. String seeds are
    hashed with SHA-512 by random.Random, so this does not depend on PYTHONHASHSEED."""
    return random.Random("%s|%s|%s" % (prefix, seed, "|".join(str(p) for p in parts)))


def read_csv(path):
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))
    except OSError as e:
        raise BuildError("cannot read %s: %s" % (path, e.strerror))


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


# ---------------------------------------------------------------- the build
def load_data(data_dir):
    munis = read_csv(os.path.join(data_dir, "norway", "municipalities.csv"))
    camps = read_csv(os.path.join(data_dir, "norway", "campuses.csv"))
    progs = read_csv(os.path.join(data_dir, "programs-2019.csv"))
    for m in munis:
        m["population"] = int(m["population"])
        m["lat_s"], m["lon_s"] = m["lat"], m["lon"]
        m["lat"], m["lon"] = float(m["lat"]), float(m["lon"])
    for c in camps:
        c["lat_s"], c["lon_s"] = c["lat"], c["lon"]
        c["lat"], c["lon"] = float(c["lat"]), float(c["lon"])
    return munis, camps, {p["code"]: p for p in progs}


def campus_ids(camps):
    ids = {}
    used = set()
    for c in sorted(camps, key=lambda c: (c["institution"], c["campus"])):
        abbr = INSTITUTION_ABBR.get(c["institution"]) or "".join(
            w[0] for w in ascii_slug(c["institution"]).split("-") if w)
        place = ascii_slug(c["campus"].split("(")[0]) or ascii_slug(c["campus"])
        cid = "%s-%s" % (abbr, place)
        n = 2
        while cid in used:
            cid = "%s-%s-%d" % (abbr, place, n)
            n += 1
        used.add(cid)
        ids[(c["institution"], c["campus"])] = cid
    return ids


def shell_quote(s):
    if s and all(ch.isalnum() or ch in "-_./,:" for ch in s):
        return s
    return "'" + s.replace("'", "'\\''") + "'"


# ====================================================================================
# The national rules (build_national.py, and gen.py on resampled data): which campuses
# offer which programme, how a programme's students are spread over them, which
# municipalities host which programme, capacities, hospitals and coordinator groups.
# Everything below is deterministic; the only random draws are rng(prefix, seed, ...).
# ====================================================================================

# Regional health authorities (RHF) by county, 2020-2023 county structure. Sources:
# regjeringen.no "De regionale helseforetakene" (Helse Sør-Øst: Agder, Vestfold og Telemark,
# Viken, Oslo, Innlandet; Helse Vest: Rogaland, Vestland; Helse Midt-Norge: Møre og Romsdal,
# Trøndelag) and helse-nord.no (Helse Nord: Nordland, Troms, Finnmark and Svalbard).
RHF_OF_COUNTY = {
    "Agder": "sorost", "Innlandet": "sorost", "Oslo": "sorost", "Vestfold og Telemark": "sorost",
    "Viken": "sorost",
    "Rogaland": "vest", "Vestland": "vest",
    "Møre og Romsdal": "midt", "Trøndelag": "midt",
    "Nordland": "nord", "Troms og Finnmark": "nord",
}
RHF_ORDER = ("sorost", "vest", "midt", "nord")
RHF_NAME = {"sorost": "Helse Sør-Øst", "vest": "Helse Vest", "midt": "Helse Midt-Norge",
            "nord": "Helse Nord"}

NATIONAL_PERIODS = ("spring", "autumn")
OFFER_DIVISOR = 100          # a programme is offered at round(national intake / 100) locations
# Campuses with the four medical faculties / clinical psychology programmes (assumption:
# norway/SOURCES.md names UiO and UiB for medicine and psychology; NTNU Trondheim and UiT
# Tromsø are added from general knowledge). They alone offer MED, PSYK and the masters.
UNIVERSITY_CAMPUSES = {
    ("Universitetet i Oslo", "Oslo (Blindern/Gaustad)"),
    ("Universitetet i Bergen", "Bergen"),
    ("NTNU", "Trondheim"),
    ("UiT Norges arktiske universitet", "Tromsø"),
}
UNIVERSITY_PROGRAMMES = ("MED", "PSYK", "PFARM", "KEF")
# UiO and UiB were added to campuses.csv only for medicine, psychology and health-science
# masters; INN Lillehammer only for social-care programmes (norway/SOURCES.md).
UNIVERSITY_ONLY = {("Universitetet i Oslo", "Oslo (Blindern/Gaustad)"),
                   ("Universitetet i Bergen", "Bergen")}
SOCIAL_ONLY = {("Høgskolen i Innlandet", "Lillehammer")}
# Which municipalities host a programme (have a capacity row for it): by the programme's
# national 2019 intake. Small municipalities (< SMALL_POPULATION) host every programme
# through their '*' rows.
HOST_TIERS = ((750, 0), (300, 10000), (130, 20000), (0, 50000))   # (intake >=, population >=)
HOSPITAL_PREFIX = "H-"


def campus_tags(institution, campus):
    key = (institution, campus)
    return {"nursing": key not in NOT_NURSING, "university": key in UNIVERSITY_CAMPUSES,
            "univ_only": key in UNIVERSITY_ONLY, "social_only": key in SOCIAL_ONLY}


def offers(prog, tags):
    """Does a campus with these tags offer this programme (synthetic rule, documented)?"""
    base = prog["base"]
    if base == "SYK":
        return tags["nursing"]
    if base in UNIVERSITY_PROGRAMMES:
        return tags["university"]
    if tags["univ_only"]:
        return False
    if prog["category"] == "health" and tags["social_only"]:
        return False
    return True


def host_min_population(admitted):
    for limit, pop in HOST_TIERS:
        if admitted >= limit:
            return pop
    return HOST_TIERS[-1][1]


def weeks_per_student_year(row):
    """Practice weeks (municipality + hospital) per student in study and year: the table's
    municipal weeks for all students / (share x admitted x study years), to 2 decimals. This is
    municipal_weeks_per_year / share, except where the table's per-year figure is rounded in
    print (VERN: 33,603 / (0.8 x 3,621) = 11.60)."""
    n = int(row["admitted_2019"]) * int(row["study_years"])
    x = Fraction(row["municipal_weeks_all_students"]) / (Fraction(row["municipal_share_target"]) * n)
    return Fraction(round_half_up(x * 100), 100)


def apportion(total, weights):
    """Largest-remainder split of the integer total in proportion to weights {key: int};
    ties go to the smaller key."""
    wsum = sum(weights.values())
    out, rems = {}, []
    for k in sorted(weights):
        q = Fraction(total * weights[k], wsum)
        out[k] = math.floor(q)
        rems.append((-(q - out[k]), k))
    left = total - sum(out.values())
    for _, k in sorted(rems)[:left]:
        out[k] += 1
    return out


def location_sizes(homes, munis, dist):
    """The size of a campus municipality: the population of the municipalities whose nearest
    campus municipality it is (road km; ties to the smaller id)."""
    size = {h: 0 for h in homes}
    for i, m in enumerate(munis):
        h = min(homes, key=lambda h: (dist[h][i], h))
        size[h] += m["population"]
    return size


def spread_order(locs, size, muni_by_id):
    """Locations by size (largest first, ties to the smaller id), skipping any within commuting
    distance of one already taken; the skipped ones follow in the same order. A programme taught
    in k locations is taught in the first k."""
    ranked = sorted(locs, key=lambda h: (-size[h], h))
    first, rest = [], []
    for h in ranked:
        if all(road_km(muni_by_id[h], muni_by_id[g]) > COMMUTE_KM for g in first):
            first.append(h)
        else:
            rest.append(h)
    return first + rest


def coordinator_groups(munis):
    """Small municipalities (< SMALL_POPULATION) are linked to the nearest other small
    municipality of the same county if it is within GROUP_RADIUS_KM (straight line); the
    connected sets of two or more share a coordinator, labelled G-<lowest id>. Returns
    {id: group label} for grouped municipalities."""
    small = [m for m in munis if m["population"] < SMALL_POPULATION]
    parent = {m["id"]: m["id"] for m in small}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in small:
        best = None
        for o in small:
            if o is m or o["county"] != m["county"]:
                continue
            d = haversine_km(m["lat"], m["lon"], o["lat"], o["lon"])
            if best is None or (d, o["id"]) < best:
                best = (d, o["id"])
        if best is not None and best[0] <= GROUP_RADIUS_KM:
            a, b = find(m["id"]), find(best[1])
            if a != b:
                parent[max(a, b)] = min(a, b)
    members = {}
    for m in small:
        members.setdefault(find(m["id"]), []).append(m["id"])
    group_of = {}
    for ks in members.values():
        if len(ks) > 1:
            for k in ks:
                group_of[k] = "G-" + min(ks)
    return group_of


def count_pairs(cohorts, cap_rows):
    """Candidate (cohort, site) pairs: a site with a capacity row for the cohort's programme
    and period, or a '*' row for the period. cohorts: (id, campus, prog, period, n, weeks);
    cap_rows: (site, prog or '*', period, ...)."""
    eligible = {}
    for r in cap_rows:
        eligible.setdefault((r[0], r[2]), set()).add(r[1])
    by_pt, star = {}, {}
    for (s, t), ps in eligible.items():
        if "*" in ps:
            star[t] = star.get(t, 0) + 1
        else:
            for p in ps:
                by_pt[(p, t)] = by_pt.get((p, t), 0) + 1
    return sum(by_pt.get((co[2], co[3]), 0) + star.get(co[3], 0) for co in cohorts)


def rhf_of(county):
    return RHF_OF_COUNTY.get(county, county)


def location_orders(progs, camps, munis, dist):
    """For each programme: the campuses offering it grouped by home municipality, and the
    order in which its locations are taken (spread_order)."""
    muni_by_id = {m["id"]: m for m in munis}
    size = location_sizes(sorted({c["home"] for c in camps}), munis, dist)
    out = {}
    for p in progs:
        elig = [c for c in camps if offers(p, c["tags"])]
        by_home = {}
        for c in sorted(elig, key=lambda c: c["id"]):
            by_home.setdefault(c["home"], []).append(c)
        locs = sorted(by_home)
        out[p["code"]] = {"by_home": by_home, "locs": locs, "size": size,
                          "order": spread_order(locs, size, muni_by_id)}
    return out


def offer_count(intake, divisor, nlocs):
    return min(max(1, round_half_up(Fraction(intake) / Fraction(divisor))), nlocs)


def build_plan(munis, camps, progs, periods, seed, prefix, divisor,
               near_cover=NEAR_COVER, district_cover=DISTRICT_COVER, orders=None):
    """The national rules on any set of municipalities, campuses and programmes.

    munis: dicts id, name, county, population, lat, lon, lat_s, lon_s, sorted by id.
    camps: dicts id, institution, name, home (a municipality id), lat_s, lon_s, tags; their
      coordinates are those of the home municipality.
    progs: dicts code, base (the programme of programs-2019.csv whose rules apply), name,
      name_nb, name_en (its names in bokmål and English),
      category, admitted (national 2019 intake: the host tier), intake (used for the number
      of locations), in_study (students per period), weeks (per cohort and period, a Fraction
      with at most 6 decimals), share (string), ratio. Programmes with in_study 0 or weeks 0
      get no cohorts.
    Returns a dict with the rows of every file and the figures the READMEs report."""
    muni_by_id = {m["id"]: m for m in munis}
    county_of = {m["id"]: m["county"] for m in munis}
    camp_by_id = {c["id"]: c for c in camps}
    homes = sorted({c["home"] for c in camps})
    dist = {h: [road_km(m, muni_by_id[h]) for m in munis] for h in homes}
    active = [p for p in progs if p["in_study"] > 0 and p["weeks"] > 0]
    prog_by_code = {p["code"]: p for p in progs}
    if orders is None:
        orders = location_orders(active, camps, munis, dist)

    # ---------------------------------------------------------------- cohorts
    offering, cohorts = {}, []
    for p in active:
        o = orders[p["code"]]
        if not o["locs"]:
            continue
        k = offer_count(p["intake"], divisor, len(o["locs"]))
        chosen = sorted(o["order"][:k])
        catch = {h: 0 for h in chosen}
        for i, m in enumerate(munis):
            h = min(chosen, key=lambda h: (dist[h][i], h))
            catch[h] += m["population"]
        per_loc = apportion(p["in_study"], catch)
        per_campus = {}
        for h in chosen:
            cs = o["by_home"][h]
            base, rem = divmod(per_loc[h], len(cs))
            for j, c in enumerate(cs):
                per_campus[c["id"]] = base + (1 if j < rem else 0)
        offering[p["code"]] = {"order": o["order"][:k], "chosen": chosen, "catch": catch,
                               "size": o["size"],
                               "per_loc": per_loc, "per_campus": per_campus,
                               "eligible_locs": len(o["locs"])}
        for cid in sorted(per_campus):
            if per_campus[cid] > 0:
                for t in periods:
                    cohorts.append(("%s-%s-%s" % (cid, p["code"], t), cid, p["code"], t,
                                    per_campus[cid], p["weeks"]))
    cohorts.sort(key=lambda r: (r[1], r[2], periods.index(r[3])))
    codes = sorted(offering)

    # ---------------------------------------------------------------- municipal capacity
    small = {m["id"] for m in munis if m["population"] < SMALL_POPULATION}
    near_of = {}          # code -> set of municipality ids within commuting distance
    hosts_of = {}
    raw = {}
    for code in codes:
        p = prog_by_code[code]
        share = Fraction(p["share"])
        taught = sorted({camp_by_id[c]["home"]
                         for c, n in offering[code]["per_campus"].items() if n > 0})
        near = {m["id"] for i, m in enumerate(munis)
                if min(dist[h][i] for h in taught) <= COMMUTE_KM}
        near_of[code] = near
        minpop = host_min_population(p["admitted"])
        hosts = [m for m in munis if m["id"] in small or m["population"] >= minpop]
        hosts_of[code] = {m["id"] for m in hosts}
        for t in periods:
            target = share * p["in_study"]
            for is_near in (True, False):
                grp = [m for m in hosts if (m["id"] in near) == is_near]
                if not grp:
                    continue
                ws = {}
                for m in grp:
                    g = rng(prefix, seed, "places", m["id"], code, t)
                    ws[m["id"]] = m["population"] * g.lognormvariate(0.0, NOISE_SIGMA)
                tot = sum(ws.values())
                cover = Fraction(near_cover if is_near else district_cover)
                for mid, w in ws.items():
                    raw[(mid, code, t)] = float(target * cover) * w / tot
    cap_rows = []
    for m in munis:
        mid = m["id"]
        for t in periods:
            if mid in small:
                rows = [("*", max(1, round_half_up(
                    sum(raw[(mid, c, t)] for c in codes if (mid, c, t) in raw))))]
            else:
                rows = [(c, round_half_up(raw[(mid, c, t)])) for c in codes
                        if (mid, c, t) in raw]
                rows = [(c, n) for c, n in rows if n > 0]
            for c, places in rows:
                g = rng(prefix, seed, "supervisors", mid, c, t)
                if g.random() < SHORT_SUPERVISOR_SHARE:
                    sup = max(1, math.ceil(places * g.uniform(*SHORT_SUPERVISOR_RANGE)))
                    sup = min(sup, places)
                else:
                    sup = places
                cap_rows.append((mid, c, t, places, sup))

    # ---------------------------------------------------------------- hospitals
    by_rhf = {}
    for c in camps:
        by_rhf.setdefault(rhf_of(county_of[c["home"]]), []).append(c)
    hosp_homes = set()
    for r, cs in by_rhf.items():
        nh = {c["home"] for c in cs if c["tags"]["nursing"]}
        hosp_homes |= nh if nh else {c["home"] for c in cs}
    demand_rhf = {}
    for co in cohorts:
        key = (rhf_of(county_of[camp_by_id[co[1]]["home"]]), co[2], co[3])
        demand_rhf[key] = demand_rhf.get(key, 0) + co[4]
    hospitals = []
    for h in sorted(hosp_homes):
        m = muni_by_id[h]
        hid = HOSPITAL_PREFIX + h
        hospitals.append({"id": hid, "home": h, "name": "Hospital at %s (stand-in)" % m["name"],
                          "lat_s": m["lat_s"], "lon_s": m["lon_s"], "county": m["county"],
                          "rhf": rhf_of(m["county"])})
        for code in codes:
            for t in periods:
                n = demand_rhf.get((rhf_of(m["county"]), code, t), 0)
                if n > 0:
                    cap_rows.append((hid, code, t, n, None))

    group_of = coordinator_groups(munis)

    # ---------------------------------------------------------------- rows of the files
    site_rows = [(m["id"], m["name"], "municipality", m["lat_s"], m["lon_s"], m["county"],
                  group_of.get(m["id"], "")) for m in munis]
    site_rows += [(h["id"], h["name"], "hospital", h["lat_s"], h["lon_s"], h["county"], "")
                  for h in hospitals]
    camp_rows = [(c["id"], c["institution"], c["name"], c["lat_s"], c["lon_s"]) for c in camps]
    prog_rows = [(p["code"], p["name"], p["share"], p["ratio"], p["name_nb"], p["name_en"]) for p in progs]
    return {
        "site_rows": site_rows, "camp_rows": camp_rows, "prog_rows": prog_rows,
        "cohorts": cohorts, "cap_rows": cap_rows, "hospitals": hospitals,
        "group_of": group_of, "offering": offering, "near_of": near_of, "hosts_of": hosts_of,
        "small": small, "codes": codes, "pairs": count_pairs(cohorts, cap_rows),
        "dist": dist, "demand_rhf": demand_rhf,
    }


def instance_files(plan, scenario, students=None):
    """The instance's CSV and JSON texts from build_plan's rows (and students.csv's rows
    from make_students, when given)."""
    files = {}
    if students is not None:
        files["students.csv"] = students_text(students)
    files["sites.csv"] = csv_text(["id", "name", "kind", "lat", "lon", "region", "group"],
                                  plan["site_rows"])
    files["campuses.csv"] = csv_text(["id", "institution", "name", "lat", "lon"],
                                     plan["camp_rows"])
    files["programmes.csv"] = csv_text(["id", "name", "municipal_share", "supervisor_ratio", "name_nb",
                                        "name_en"], plan["prog_rows"])
    files["cohorts.csv"] = csv_text(
        ["id", "campus", "programme", "period", "students", "weeks"],
        [(a, b, c, d, e, fmt_num(f)) for a, b, c, d, e, f in plan["cohorts"]])
    files["capacity.csv"] = csv_text(
        ["site", "programme", "period", "places", "supervisors"],
        [(s, p, t, n, "" if v is None else v) for s, p, t, n, v in plan["cap_rows"]])
    files["scenario.json"] = json.dumps(scenario, indent=2) + "\n"
    return files


def write_instance(out, files, remove=("distances.csv", "students.csv")):
    """Write every file through a temporary name and remove stale optional files."""
    os.makedirs(out, exist_ok=True)
    for name in sorted(files):
        tmp = os.path.join(out, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(files[name])
        os.replace(tmp, os.path.join(out, name))
    for name in remove:
        path = os.path.join(out, name)
        if name not in files and os.path.exists(path):
            os.remove(path)


def yearly_coordinator_cost():
    """380 mill. kr / 450 positions = 844,444 kr per position-year, x a 20 % position."""
    return round_half_up(Fraction(COORD_FRAME_KR, COORD_POSITIONS) * COORD_POSITION_SHARE)


def make_students(cohorts, campus_home, munis, seed, prefix, share):
    """students.csv rows (synthetic, seeded): each cohort lists round-half-up(share x its
    students) students, id '<cohort>-<nnn>'. Student n of a campus and programme is the
    same person in every period: its draws come from the stream (prefix, seed, 'student',
    campus, programme, n). Its home is a municipality of the campus's county, drawn in
    proportion to population; with probability STAY_SHARE it cannot relocate.
    cohorts: rows (id, campus, programme, period, students, weeks); campus_home: campus id ->
    its municipality's id; munis: dicts id, county, population, sorted by id."""
    county_of = {m["id"]: m["county"] for m in munis}
    by_county = {}
    for m in munis:
        by_county.setdefault(m["county"], []).append(m)
    rows = []
    for cid, camp, prog, _period, students, _weeks in cohorts:
        pool = by_county[county_of[campus_home[camp]]]
        total = sum(m["population"] for m in pool)
        for n in range(1, round_half_up(Fraction(students) * Fraction(share)) + 1):
            g = rng(prefix, seed, "student", camp, prog, n)
            r, home = g.random() * total, pool[-1]["id"]
            for m in pool:
                r -= m["population"]
                if r < 0:
                    home = m["id"]
                    break
            rows.append(("%s-%03d" % (cid, n), cid, home, "no" if g.random() < STAY_SHARE else "yes"))
    return rows


def students_summary(rows, share, seed, prefix):
    """The README paragraph on students.csv: the rule and what it gave."""
    stay = sum(1 for r in rows if r[3] == "no")
    classes = len({(r[1], r[2], r[3]) for r in rows})
    homes = len({r[2] for r in rows})
    return ("**Listed students** (`students.csv`, synthetic): each cohort lists round-half-up(%s %% "
            "of its students) students, `<cohort>-<nnn>`. Student n of a campus and programme is "
            "the same person in every period (its draws come from the stream `%s|%s|student|"
            "<campus>|<programme>|<n>`). Its home is a municipality of the campus's county, drawn in "
            "proportion to population, and it cannot relocate with probability %s. "
            "%d students are listed: %d cannot relocate; %d different home municipalities; "
            "%d classes of (cohort, home, relocate). The other students of each cohort are not "
            "listed: they live at the campus and may relocate."
            % (fmt_num(100 * Fraction(share)), prefix, seed, fmt_num(STAY_SHARE), len(rows), stay,
               homes, classes))


def students_text(rows):
    return csv_text(["id", "cohort", "home", "relocate"], rows)
