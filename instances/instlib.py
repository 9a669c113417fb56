"""Shared helpers of the instance builders under instances/ (build_regional.py,
build_national.py, cut_region.py, gen.py): constants, distances, fixed number formats,
seeded random streams, CSV reading and writing, the campus ids. Python 3 standard library
only. Importing this module must not change any builder's output: every function here is
deterministic and independent of PYTHONHASHSEED.
"""

import csv
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
