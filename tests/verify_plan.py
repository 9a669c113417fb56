#!/usr/bin/env python3
"""verify_plan.py - an independent check of a plan written by `praksis solve`.

    python3 tests/verify_plan.py INSTANCE_DIR OUTDIR [-s scenario.json] [--set key=value ...] [--previous PLANDIR]

Re-reads the instance itself (CSV rules and scenario layering as README states
them, with no code shared with the engine) and the engine's output files
(assignments.csv, unplaced.csv, site_use.csv, summary.json, changes.csv
against a previous plan, and student_plan.csv when the instance lists
students), re-derives every student's relocation from
the data, recomputes every figure from the plan and prints one TAP-like line per
check:

    ok - verify INSTANCE_DIR: <what>
    not ok - verify INSTANCE_DIR: <what>: <details>

Exit status: 0 every check passed, 1 some check failed, 2 usage error or an
unreadable / invalid input file (then a `not ok` line is printed as well, so a
harness that only greps for `not ok` still notices).

Give the same scenario options as to `praksis solve` (`-s FILE`, `--set k=v`;
`--time-limit S` and `--gap G` are accepted too), and the same `--previous
PLANDIR` when the plan was compared with an earlier plan's assignments.csv.
The agreed placements (fixed.csv), the minimum intakes (capacity.csv's
min_students) and the changes against the previous plan (previous.csv,
changes.csv, summary.json's "changes") are checked too.  Layers, later wins: built-in
defaults < INSTANCE_DIR/scenario.json < -s files < --set in order.

Python 3 standard library only.
"""

import csv
import decimal
import io
import json
import math
import os
import re
import sys

ASSIGN_COLS = ["cohort", "institution", "campus", "programme", "period", "site", "site_kind",
               "students", "weeks", "km", "relocated", "travel_cost", "supervision_cost", "relocated_students",
               "site_name", "campus_name", "programme_name"]
STUDENT_PLAN_COLS = ["student", "cohort", "campus", "programme", "period", "home", "site", "site_name",
                     "km_campus", "km_home", "relocated"]
UNPLACED_COLS = ["cohort", "programme", "period", "students", "weeks", "campus_name", "programme_name"]
SITE_USE_COLS = ["site", "kind", "group", "period", "students", "relocated_students",
                 "supervisors_used", "places", "site_name"]

DEFAULTS = {
    "travel_rate": 1500.0,
    "supervision_rate": 500.0,
    "hospital_supervision_rate": 0.0,
    "coordinator_cost": 0.0,
    "commute_km": 60.0,
    "road_factor": 1.3,
    "min_relocated_group": 2,
    "municipal_share": 0.5,
    "programmes": None,  # None: all
    "capacity_scale": 1.0,
    "demand_scale": 1.0,
    "time_limit": 60.0,
    "mip_gap": 0.0,
    "change_cost": 0.0,
    "honour_minimums": True,
    "shortest_moves": True,
    "pricing_min_pairs": 10000,
}
INT_KEYS = {"min_relocated_group", "pricing_min_pairs"}
BOOL_KEYS = {"honour_minimums", "shortest_moves"}
RELOCATE = {"": True, "yes": True, "ja": True, "1": True, "no": False, "nei": False, "0": False}

EARTH_R = 6371.0
KM_TOL = 0.05 + 1e-9        # the file gives km to 0.1
WEEKS_TOL = 1e-6
MONEY_ABS, MONEY_REL = 0.01, 1e-6
MAX_EXAMPLES = 5

NUM_RE = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
INT_RE = re.compile(r"^-?[0-9]+$")


class Fatal(Exception):
    """A usage error or an unreadable / invalid input: exit 2."""


# --------------------------------------------------------------------------
# CSV files

class Table:
    def __init__(self, path, delim, header, rows):
        self.path = path          # as shown in messages
        self.delim = delim
        self.header = header      # list of column names (trimmed)
        self.rows = rows          # list of (line number, list of trimmed fields)
        self.col = {}
        for i, h in enumerate(header):
            self.col.setdefault(h, i)

    def has(self, name):
        return name in self.col

    def get(self, fields, name):
        i = self.col.get(name)
        if i is None or i >= len(fields):
            return ""
        return fields[i]


def read_text(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise Fatal(f"{path}: cannot read: {e.strerror or e}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Fatal(f"{path}: expected UTF-8 text, found an invalid byte at offset {e.start}")


def read_csv(path, shown=None):
    """Header = the first line with something besides blanks, delimiters and
    quotes; delimiter ';' if it occurs more often than ',' in that line, else
    ','; rows whose fields are all blank are skipped; fields are trimmed of
    spaces and tabs."""
    shown = shown or path
    text = read_text(path)
    lines = text.split("\n")
    hdr = None
    for i, line in enumerate(lines):
        if line.strip(" \t\r,;\""):
            hdr = i
            break
    if hdr is None:
        raise Fatal(f"{shown}: empty file: expected a header row")
    hline = lines[hdr]
    delim = ";" if hline.count(";") > hline.count(",") else ","
    body = "\n".join(lines[hdr:])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delim, quotechar='"', strict=False)
    header = None
    rows = []
    line_no = hdr + 1
    try:
        for rec in reader:
            start = line_no
            line_no = hdr + 1 + reader.line_num
            fields = [f.strip(" \t\r\n") for f in rec]
            if not any(fields):
                continue
            if header is None:
                header = fields
            else:
                rows.append((start, fields))
    except csv.Error as e:
        raise Fatal(f"{shown}:{line_no}: cannot parse CSV: {e}")
    if header is None:
        raise Fatal(f"{shown}: empty file: expected a header row")
    return Table(shown, delim, header, rows)


def parse_num(text, delim):
    """A number of the instance grammar, or None."""
    t = text
    if delim == ";" and "," in t and "." not in t:
        t = t.replace(",", ".", 1)
    if not NUM_RE.match(t):
        return None
    v = float(t)
    return v if math.isfinite(v) else None


class Instance:
    pass


def need_cols(t, names):
    missing = [n for n in names if not t.has(n)]
    if missing:
        raise Fatal(f"{t.path}: expected column(s) {', '.join(missing)}, found {', '.join(t.header)}")


def inst_num(t, line, fields, col, kind, blank_ok=False):
    s = t.get(fields, col)
    if s == "":
        if blank_ok:
            return None
        raise Fatal(f"{t.path}:{line}: {col}: expected {kind}, found a blank cell")
    v = parse_num(s, t.delim)
    ok = v is not None
    if ok and kind.startswith("a whole number"):
        ok = v >= 0 and v == math.floor(v)
        if ok:
            v = int(v)
    elif ok and kind.startswith("a number >= 0"):
        ok = v >= 0
    if not ok:
        raise Fatal(f"{t.path}:{line}: {col}: expected {kind}, found \"{s}\"")
    return v


def load_instance(d):
    I = Instance()
    p = lambda name: os.path.join(d, name)

    # sites
    t = read_csv(p("sites.csv"))
    need_cols(t, ["id", "name", "kind", "lat", "lon"])
    I.sites = []          # ordered ids
    I.site = {}           # id -> dict
    for line, f in t.rows:
        sid = t.get(f, "id")
        if not sid:
            raise Fatal(f"{t.path}:{line}: id: expected a site id, found a blank cell")
        if sid in I.site:
            raise Fatal(f"{t.path}:{line}: id: expected a unique id, found \"{sid}\" again")
        kind = t.get(f, "kind")
        if kind not in ("municipality", "hospital"):
            raise Fatal(f"{t.path}:{line}: kind: expected municipality or hospital, found \"{kind}\"")
        lat = inst_num(t, line, f, "lat", "a latitude")
        lon = inst_num(t, line, f, "lon", "a longitude")
        group = t.get(f, "group")
        fixed = inst_num(t, line, f, "fixed_cost", "a number >= 0", blank_ok=True)
        if kind == "hospital":
            if group or fixed is not None:
                raise Fatal(f"{t.path}:{line}: a hospital with a group or a fixed cost")
            group = None
        elif not group:
            group = sid
        I.site[sid] = {"idx": len(I.sites), "kind": kind, "lat": lat, "lon": lon, "name": t.get(f, "name"),
                       "group": group, "fixed": fixed}
        I.sites.append(sid)

    # coordinator groups and their fixed costs (None: the scenario's coordinator_cost)
    I.group_fixed = {}
    for sid in I.sites:
        s = I.site[sid]
        g = s["group"]
        if g is None:
            continue
        if g not in I.group_fixed:
            I.group_fixed[g] = None
        if s["fixed"] is not None:
            if I.group_fixed[g] is not None and I.group_fixed[g] != s["fixed"]:
                raise Fatal(f"sites.csv: group \"{g}\" has two different fixed costs "
                            f"({I.group_fixed[g]:g} and {s['fixed']:g})")
            I.group_fixed[g] = s["fixed"]

    # campuses
    t = read_csv(p("campuses.csv"))
    need_cols(t, ["id", "institution", "name", "lat", "lon"])
    I.campus = {}
    for line, f in t.rows:
        cid = t.get(f, "id")
        if not cid or cid in I.campus:
            raise Fatal(f"{t.path}:{line}: id: expected a unique campus id, found \"{cid}\"")
        I.campus[cid] = {"institution": t.get(f, "institution"), "name": t.get(f, "name"),
                         "lat": inst_num(t, line, f, "lat", "a latitude"),
                         "lon": inst_num(t, line, f, "lon", "a longitude")}

    # programmes
    t = read_csv(p("programmes.csv"))
    need_cols(t, ["id", "name"])
    I.programmes = []
    I.prog = {}
    for line, f in t.rows:
        pid = t.get(f, "id")
        if not pid or pid in I.prog:
            raise Fatal(f"{t.path}:{line}: id: expected a unique programme id, found \"{pid}\"")
        share = inst_num(t, line, f, "municipal_share", "a number >= 0 (a share 0..1)", blank_ok=True)
        if share is not None and share > 1:
            raise Fatal(f"{t.path}:{line}: municipal_share: expected a share from 0 to 1, found {share:g}")
        ratio = inst_num(t, line, f, "supervisor_ratio", "a whole number >= 1", blank_ok=True)
        if ratio is None:
            ratio = 1
        if ratio < 1:
            raise Fatal(f"{t.path}:{line}: supervisor_ratio: expected a whole number >= 1, found {ratio}")
        I.prog[pid] = {"share": share, "ratio": ratio, "name": t.get(f, "name")}
        I.programmes.append(pid)

    # cohorts
    t = read_csv(p("cohorts.csv"))
    need_cols(t, ["id", "campus", "programme", "period", "students", "weeks"])
    I.cohorts = []
    I.coh = {}
    for line, f in t.rows:
        hid = t.get(f, "id")
        if not hid or hid in I.coh:
            raise Fatal(f"{t.path}:{line}: id: expected a unique cohort id, found \"{hid}\"")
        campus = t.get(f, "campus")
        if campus not in I.campus:
            raise Fatal(f"{t.path}:{line}: campus: expected a campus id from campuses.csv, found \"{campus}\"")
        prog = t.get(f, "programme")
        if prog not in I.prog:
            raise Fatal(f"{t.path}:{line}: programme: expected a programme id from programmes.csv, found \"{prog}\"")
        period = t.get(f, "period")
        if not period:
            raise Fatal(f"{t.path}:{line}: period: expected a period label, found a blank cell")
        students = inst_num(t, line, f, "students", "a whole number >= 0")
        weeks = inst_num(t, line, f, "weeks", "a number >= 0 (weeks > 0)")
        if weeks <= 0:
            raise Fatal(f"{t.path}:{line}: weeks: expected a number > 0, found {weeks:g}")
        I.coh[hid] = {"idx": len(I.cohorts), "campus": campus, "programme": prog, "period": period,
                      "students_raw": students, "weeks": weeks}
        I.cohorts.append(hid)

    # capacity
    t = read_csv(p("capacity.csv"))
    need_cols(t, ["site", "programme", "period", "places"])
    I.cap = {}   # (site, programme or '*', period) -> (raw places, raw supervisors or None, line)
    I.mins = {}  # the same key -> raw min_students (rows with a minimum > 0)
    for line, f in t.rows:
        sid = t.get(f, "site")
        if sid not in I.site:
            raise Fatal(f"{t.path}:{line}: site: expected a site id from sites.csv, found \"{sid}\"")
        prog = t.get(f, "programme")
        if prog != "*" and prog not in I.prog:
            raise Fatal(f"{t.path}:{line}: programme: expected a programme id or *, found \"{prog}\"")
        period = t.get(f, "period")
        key = (sid, prog, period)
        if key in I.cap:
            raise Fatal(f"{t.path}:{line}: expected at most one row per (site, programme, period), found {key} again")
        places = inst_num(t, line, f, "places", "a whole number >= 0")
        sups = inst_num(t, line, f, "supervisors", "a whole number >= 0", blank_ok=True)
        I.cap[key] = (places, sups, line)
        mins = inst_num(t, line, f, "min_students", "a whole number >= 0", blank_ok=True)
        if mins:
            I.mins[key] = mins

    # distances (optional)
    I.dist = {}
    if os.path.exists(p("distances.csv")):
        t = read_csv(p("distances.csv"))
        need_cols(t, ["campus", "site", "km"])
        for line, f in t.rows:
            c, s = t.get(f, "campus"), t.get(f, "site")
            if c not in I.campus or s not in I.site:
                raise Fatal(f"{t.path}:{line}: expected a known campus and site, found \"{c}\", \"{s}\"")
            I.dist[(c, s)] = inst_num(t, line, f, "km", "a number >= 0")
    load_students(I, p("students.csv"))
    load_agreements(I, d)
    return I


def load_students(I, path):
    """students.csv (optional): id, cohort, home (blank or a municipality),
    relocate (yes/no, ja/nei, 1/0 in any case; blank is yes)."""
    I.has_students = os.path.exists(path)
    I.students = []       # file order: dicts with id, cohort, home (None), relocate
    if not I.has_students:
        return
    t = read_csv(path)
    need_cols(t, ["id", "cohort"])
    seen = set()
    listed = {}
    for line, f in t.rows:
        sid = t.get(f, "id")
        if not sid or sid in seen:
            raise Fatal(f"{t.path}:{line}: id: expected a unique student id, found \"{sid}\"")
        seen.add(sid)
        hid = t.get(f, "cohort")
        if hid not in I.coh:
            raise Fatal(f"{t.path}:{line}: cohort: expected a cohort id from cohorts.csv, found \"{hid}\"")
        home = t.get(f, "home") or None
        if home is not None and (home not in I.site or I.site[home]["kind"] != "municipality"):
            raise Fatal(f"{t.path}:{line}: home: expected a municipality id or blank, found \"{home}\"")
        rv = t.get(f, "relocate").lower()
        if rv not in RELOCATE:
            raise Fatal(f"{t.path}:{line}: relocate: expected yes or no, found \"{rv}\"")
        listed[hid] = listed.get(hid, 0) + 1
        if listed[hid] > I.coh[hid]["students_raw"]:
            raise Fatal(f"{t.path}:{line}: cohort {hid} lists more students than its {I.coh[hid]['students_raw']}")
        I.students.append({"id": sid, "cohort": hid, "home": home, "relocate": RELOCATE[rv]})


def load_agreements(I, d):
    """fixed.csv (cohort, site, students: that many unlisted students of the
    cohort; or student, site: that listed student) and previous.csv (site,
    programme, students, optional period), all optional."""
    I.fixed = []          # (cohort, site, students, line, student or None)
    path = os.path.join(d, "fixed.csv")
    if os.path.exists(path):
        t = read_csv(path)
        by_student = t.has("student")
        need_cols(t, ["student", "site"] if by_student else ["cohort", "site", "students"])
        who = {u["id"]: u for u in I.students}
        for line, f in t.rows:
            s = t.get(f, "site")
            if by_student:
                u = who.get(t.get(f, "student"))
                if u is None or s not in I.site:
                    raise Fatal(f"{t.path}:{line}: expected a listed student and a site, found \"{t.get(f, 'student')}\", \"{s}\"")
                I.fixed.append((u["cohort"], s, 1, line, u["id"]))
                continue
            c = t.get(f, "cohort")
            if c not in I.coh or s not in I.site:
                raise Fatal(f"{t.path}:{line}: expected a known cohort and site, found \"{c}\", \"{s}\"")
            I.fixed.append((c, s, inst_num(t, line, f, "students", "a whole number >= 1"), line, None))
    I.previous = None     # {(site, programme[, period]): students}
    I.prev_by_period = False
    path = os.path.join(d, "previous.csv")
    if os.path.exists(path):
        t = read_csv(path)
        need_cols(t, ["site", "programme", "students"])
        I.prev_by_period = t.has("period")
        I.previous = {}
        for line, f in t.rows:
            key = (t.get(f, "site"), t.get(f, "programme")) + ((t.get(f, "period"),) if I.prev_by_period else ())
            if key in I.previous:
                raise Fatal(f"{t.path}:{line}: {key} twice")
            I.previous[key] = inst_num(t, line, f, "students", "a whole number >= 0")


def previous_from_plan(I, plan_dir):
    """--previous PLANDIR: an earlier plan's assignments.csv, summed per
    (site, programme, period)."""
    t = read_csv(os.path.join(plan_dir, "assignments.csv"))
    need_cols(t, ["site", "programme", "period", "students"])
    I.previous, I.prev_by_period = {}, True
    for line, f in t.rows:
        key = (t.get(f, "site"), t.get(f, "programme"), t.get(f, "period"))
        I.previous[key] = I.previous.get(key, 0) + inst_num(t, line, f, "students", "a whole number >= 0")


# --------------------------------------------------------------------------
# scenario

def set_key(sc, key, value, where):
    if key not in DEFAULTS:
        near = [k for k in DEFAULTS if k.lower() == key.lower()]
        hint = f" (keys are case-sensitive: \"{near[0]}\")" if near else ""
        raise Fatal(f"{where}: unknown scenario key \"{key}\"{hint}")
    if key == "programmes":
        if value == "all":
            sc[key] = None
        elif isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
            sc[key] = list(value)
        else:
            raise Fatal(f"{where}: programmes: expected a list of programme ids or \"all\", found {value!r}")
        return
    if key in BOOL_KEYS:
        if not isinstance(value, bool):
            raise Fatal(f"{where}: {key}: expected true or false, found {value!r}")
        sc[key] = value
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Fatal(f"{where}: {key}: expected a number, found {value!r}")
    if key in INT_KEYS:
        if value != math.floor(value):
            raise Fatal(f"{where}: {key}: expected a whole number, found {value!r}")
        value = int(value)
    sc[key] = value


def merge_json_file(sc, path):
    text = read_text(path)

    def pairs(kv):
        seen = set()
        for k, _ in kv:
            if k in seen:
                raise Fatal(f"{path}: key \"{k}\" appears twice")
            seen.add(k)
        return dict(kv)
    try:
        obj = json.loads(text, object_pairs_hook=pairs)
    except ValueError as e:
        raise Fatal(f"{path}: expected a JSON object of scenario keys: {e}")
    if not isinstance(obj, dict):
        raise Fatal(f"{path}: expected a JSON object of scenario keys, found {type(obj).__name__}")
    for k, v in obj.items():
        set_key(sc, k, v, path)


def merge_set(sc, kv):
    if "=" not in kv:
        raise Fatal(f"--set: expected key=value, found \"{kv}\"")
    key, value = kv.split("=", 1)
    if key == "programmes":
        if value == "all":
            set_key(sc, key, "all", "--set")
        else:
            set_key(sc, key, value.split(","), "--set")
        return
    if key not in DEFAULTS:
        set_key(sc, key, None, "--set")  # raises the unknown-key message
    if key in BOOL_KEYS:
        if value not in ("true", "false"):
            raise Fatal(f"--set: {key}: expected true or false, found \"{value}\"")
        set_key(sc, key, value == "true", "--set")
        return
    if not NUM_RE.match(value):
        raise Fatal(f"--set: {key}: expected a number, found \"{value}\"")
    set_key(sc, key, float(value), "--set")


# --------------------------------------------------------------------------
# the checks

class Report:
    def __init__(self, label):
        self.label = label
        self.order = []
        self.fails = {}
        self.counts = {}

    def check(self, name):
        if name not in self.fails:
            self.order.append(name)
            self.fails[name] = []
            self.counts[name] = 0

    def fail(self, name, msg):
        self.check(name)
        self.counts[name] += 1
        if len(self.fails[name]) < MAX_EXAMPLES:
            self.fails[name].append(msg)

    def emit(self):
        bad = 0
        for name in self.order:
            n = self.counts[name]
            if n == 0:
                print(f"ok - verify {self.label}: {name}")
            else:
                bad += 1
                more = f" (and {n - len(self.fails[name])} more)" if n > len(self.fails[name]) else ""
                print(f"not ok - verify {self.label}: {name}: {'; '.join(self.fails[name])}{more}")
        print(f"# verify {self.label}: {len(self.order)} checks, {bad} failed")
        return bad


def check_exact_money(R, check, summary_text, row_money):
    """The rows' costs, as decimals, against summary.json's numbers as decimals:
    no tolerance, since the files are meant to add up to the øre."""
    try:
        D = json.loads(summary_text, parse_float=decimal.Decimal)
        cost = {k: decimal.Decimal(D["cost"][k]) for k in ("travel", "supervision", "fixed", "total")}
    except (ValueError, KeyError, TypeError, decimal.InvalidOperation) as e:
        R.fail(check, f"summary.json cost unreadable: {e!r}")
        return
    for name, got in zip(("travel", "supervision"), row_money):
        if got != cost[name]:
            R.fail(check, f"the rows' {name}_cost add up to {got}, summary.json's cost.{name} is {cost[name]}")
    if cost["travel"] + cost["supervision"] + cost["fixed"] != cost["total"]:
        R.fail(check, f"cost.total {cost['total']} != {cost['travel']} + {cost['supervision']} + {cost['fixed']}")


def close_money(got, want):
    d = abs(got - want)
    return d <= MONEY_ABS + 1e-9 or d <= MONEY_REL * abs(want)


def close_weeks(got, want):
    return abs(got - want) <= WEEKS_TOL + 1e-12 * abs(want)


def haversine_km(lat1, lon1, lat2, lon2):
    r = math.pi / 180.0
    p1, p2 = lat1 * r, lat2 * r
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((lon2 - lon1) * r / 2) ** 2
    a = min(1.0, max(0.0, a))
    return 2 * EARTH_R * math.asin(math.sqrt(a))


def parse_int(s):
    return int(s) if INT_RE.match(s) else None


def parse_float(s):
    return float(s) if NUM_RE.match(s) else None


def home_km(I, sc, home, sid):
    """Road km from a home municipality: great-circle x road_factor, 0 at home."""
    if home == sid:
        return 0.0
    h, s = I.site[home], I.site[sid]
    return haversine_km(h["lat"], h["lon"], s["lat"], s["lon"]) * sc["road_factor"]


def check_student_plan(I, sc, R, out_dir, students, km_of):
    """student_plan.csv against students.csv and the data.  Returns
    (at_site, st): at_site[(cohort, site)] = [listed students there, of them
    relocated, their student-km]; st: the listed students' figures and what
    the unlisted ones' placements must respect."""
    st = {"listed": 0, "at_home": 0, "stay": 0, "stay_placed": 0,
          "default_last": {}, "default_unplaced": set(), "site_of": {}, "named_at": {}}
    at_site = {}
    if not I.has_students:
        if os.path.exists(os.path.join(out_dir, "student_plan.csv")):
            R.fail("student_plan.csv: written only when the instance has students.csv", "found one")
        return at_site, st
    P = read_csv(os.path.join(out_dir, "student_plan.csv"), "student_plan.csv")
    C_HDR = "student_plan.csv: columns are exactly " + ",".join(STUDENT_PLAN_COLS)
    C_ROW = "student_plan.csv: one row per listed student of an included cohort, in students.csv order, with its own fields"
    C_SITE = "student_plan.csv: a placed student is at a candidate site of its cohort (name as in sites.csv); an unplaced one has blank site fields"
    C_KM = "student_plan.csv: km_campus and km_home match the recomputed distances (to 0.05; km_home blank without a home)"
    C_REL = "student_plan.csv: relocated = beyond commute_km from the campus and from the home"
    C_STAY = "student_plan.csv: no student who cannot relocate is relocated"
    C_ORD = ("student_plan.csv: within a class (cohort, home, relocate) students in id order take its placements in "
             "site order (those agreed at a site in fixed.csv aside)")
    for c in (C_HDR, C_ROW, C_SITE, C_KM, C_REL, C_STAY, C_ORD):
        R.check(c)
    if P.header != STUDENT_PLAN_COLS:
        R.fail(C_HDR, f"found {','.join(P.header)}")
        return at_site, st
    want = [u for u in I.students if u["cohort"] in students]
    if len(P.rows) != len(want):
        R.fail(C_ROW, f"{len(P.rows)} rows, expected {len(want)}")
    commute = sc["commute_km"]
    classes = {}
    for (line, f), u in zip(P.rows, want):
        g = dict(zip(STUDENT_PLAN_COLS, f + [""] * (len(STUDENT_PLAN_COLS) - len(f))))
        h = I.coh[u["cohort"]]
        own = {"student": u["id"], "cohort": u["cohort"], "campus": h["campus"], "programme": h["programme"],
               "period": h["period"], "home": u["home"] or ""}
        bad = [f'{k} "{g[k]}" (expected "{own[k]}")' for k in own if g[k] != own[k]]
        if bad:
            R.fail(C_ROW, f"line {line}: " + ", ".join(bad))
            continue
        st["listed"] += 1
        st["stay"] += not u["relocate"]
        sid = g["site"]
        key = (u["cohort"], u["home"] or "", u["relocate"])
        if sid == "":
            if any(g[k] for k in ("site_name", "km_campus", "km_home", "relocated")):
                R.fail(C_SITE, f"line {line}: {u['id']} unplaced but with site fields")
            classes.setdefault(key, []).append((u["id"], math.inf))
            if u["home"] is None and u["relocate"]:
                st["default_unplaced"].add(u["cohort"])
            continue
        s_ = I.site.get(sid)
        if s_ is None or ((sid, h["programme"], h["period"]) not in I.cap and (sid, "*", h["period"]) not in I.cap):
            R.fail(C_SITE, f"line {line}: {u['id']} at \"{sid}\": not a candidate site of {u['cohort']}")
            continue
        if g["site_name"] != s_["name"]:
            R.fail(C_SITE, f"line {line}: {u['id']} at {sid}: site_name \"{g['site_name']}\"")
        kc = km_of(h["campus"], sid)
        kh = home_km(I, sc, u["home"], sid) if u["home"] else None
        fkc, fkh = parse_float(g["km_campus"]), parse_float(g["km_home"]) if g["km_home"] else None
        if fkc is None or abs(fkc - kc) > KM_TOL or (kh is None) != (fkh is None) or \
                (kh is not None and abs(fkh - kh) > KM_TOL):
            R.fail(C_KM, f"line {line}: {u['id']} at {sid}: km {g['km_campus']}/{g['km_home']}, "
                   f"recomputed {kc:.3f}/{'' if kh is None else f'{kh:.3f}'}")
        rel = kc > commute and (kh is None or kh > commute)
        if g["relocated"] != ("1" if rel else "0"):
            R.fail(C_REL, f"line {line}: {u['id']} at {sid}: relocated \"{g['relocated']}\", expected {int(rel)}")
        if rel and not u["relocate"]:
            R.fail(C_STAY, f"line {line}: {u['id']} at {sid} ({kc:.1f} km from campus"
                   f"{'' if kh is None else f', {kh:.1f} from home'})")
        a = at_site.setdefault((u["cohort"], sid), [0, 0, 0.0])
        a[0] += 1
        if rel:
            a[1] += 1
            a[2] += min(kc, kh) if kh is not None else kc
        st["at_home"] += u["home"] == sid
        st["site_of"][u["id"]] = sid
        if u["home"] is not None or not u["relocate"]:  # not of the cohort's class of unlisted students
            st["named_at"][(u["cohort"], sid)] = st["named_at"].get((u["cohort"], sid), 0) + 1
        st["stay_placed"] += not u["relocate"]
        classes.setdefault(key, []).append((u["id"], I.site[sid]["idx"]))
        if u["home"] is None and u["relocate"]:
            last = st["default_last"].get(u["cohort"], -1)
            st["default_last"][u["cohort"]] = max(last, I.site[sid]["idx"])
    agreed = {u for *_rest, u in I.fixed if u is not None}
    for key, members in classes.items():
        seq = [site_idx for sid_, site_idx in sorted(members) if sid_ not in agreed]
        if any(b < a for a, b in zip(seq, seq[1:])):
            R.fail(C_ORD, f"class {key}: sites in id order are not in sites.csv order")
    return at_site, st


def verify(inst_dir, out_dir, sc, R, previous_dir=None):
    I = load_instance(inst_dir)
    if previous_dir:
        previous_from_plan(I, previous_dir)

    # ---- the instance under the scenario
    if sc["programmes"] is not None:
        for pid in sc["programmes"]:
            if pid not in I.prog:
                raise Fatal(f"scenario: programmes: unknown programme \"{pid}\"")
        included = set(sc["programmes"])
    else:
        included = set(I.programmes)
    cscale, dscale = sc["capacity_scale"], sc["demand_scale"]
    places = {}
    sups = {}
    for key, (pl, sv, _line) in I.cap.items():
        places[key] = math.floor(pl * cscale + 1e-9)
        sups[key] = None if sv is None else math.floor(sv * cscale + 1e-9)
    students = {}     # included cohort -> scaled students
    for hid in I.cohorts:
        h = I.coh[hid]
        if h["programme"] in included:
            n_listed = sum(1 for u in I.students if u["cohort"] == hid)
            students[hid] = max(math.floor(h["students_raw"] * dscale + 0.5 + 1e-9), n_listed)
    share_of = {pid: (I.prog[pid]["share"] if I.prog[pid]["share"] is not None else sc["municipal_share"])
                for pid in I.programmes}
    rf, commute = sc["road_factor"], sc["commute_km"]
    km_cache = {}

    def km_of(campus, sid):
        k = (campus, sid)
        v = km_cache.get(k)
        if v is None:
            if k in I.dist:
                v = I.dist[k]
            else:
                c, s = I.campus[campus], I.site[sid]
                v = haversine_km(c["lat"], c["lon"], s["lat"], s["lon"]) * rf
            km_cache[k] = v
        return v

    def read_out(name):
        return read_csv(os.path.join(out_dir, name), name)

    # ---- student_plan.csv: the listed students, re-derived from the data
    listed_at, lst = check_student_plan(I, sc, R, out_dir, students, km_of)

    # ---- assignments.csv
    A = read_out("assignments.csv")
    C_HDR = "assignments.csv: columns are exactly " + ",".join(ASSIGN_COLS)
    C_KNOWN = "assignments.csv: every row names an included cohort and a known site, with the cohort's and site's own fields and names"
    C_CAND = "assignments.csv: only candidate pairs (a capacity row for the programme and period, or a '*' row)"
    C_STUD = "assignments.csv: students are whole numbers > 0"
    C_KM = "assignments.csv: km matches the recomputed distance (to 0.05)"
    C_REL = "assignments.csv: relocated flag = km > commute_km"
    C_TRAV = "assignments.csv: travel_cost = relocated_students x weeks x travel_rate (to 0.01)"
    C_RS = ("assignments.csv: relocated_students = the listed students there who are relocated (student_plan.csv) "
            "+ the unlisted ones when the site is beyond commute_km of the campus")
    C_UNL = "assignments.csv: the unlisted students take their class's placements after its listed ones, in site order"
    C_SUP = "assignments.csv: supervision_cost = students x weeks x the site kind's rate (to 0.01)"
    C_SORT = "assignments.csv: one row per (cohort, site), sorted by cohort (cohorts.csv order) then site (sites.csv order)"
    for c in (C_HDR, C_KNOWN, C_CAND, C_STUD, C_KM, C_REL, C_RS, C_UNL, C_TRAV, C_SUP, C_SORT):
        R.check(c)
    if A.header != ASSIGN_COLS:
        R.fail(C_HDR, f"found {','.join(A.header)}")
    missing = [c for c in ASSIGN_COLS if not A.has(c)]

    placed = {hid: 0 for hid in students}       # cohort -> placed students
    pair_x = {}      # (cohort, site) -> students
    at = {}          # (site, programme, period) -> students
    reloc = {}       # (site, period) -> relocated students
    muni_weeks = {}  # (institution, programme) -> municipal student-weeks
    travel = supervision = 0.0
    row_money = [decimal.Decimal(0), decimal.Decimal(0)]   # the file's travel_cost, supervision_cost added up
    placed_weeks = relocated_weeks = 0.0
    relocated_students = 0
    relocated_km = 0.0
    sites_used = set()
    groups_used = set()
    n_rows = 0
    if missing:
        R.fail(C_HDR, f"missing column(s) {', '.join(missing)}: the rows cannot be checked")
    else:
        ci = {c: A.col[c] for c in ASSIGN_COLS}
        i_coh, i_inst, i_camp, i_prog, i_per, i_site, i_kind, i_stud, i_weeks, i_km, i_rel, i_tc, i_sc, i_rs, \
            i_sname, i_cname, i_pname = (ci[c] for c in ASSIGN_COLS)
        width = max(ci.values()) + 1
        prev = None
        trate, mrate, hrate = sc["travel_rate"], sc["supervision_rate"], sc["hospital_supervision_rate"]
        for line, f in A.rows:
            n_rows += 1
            where = f"line {line}"
            if len(f) < width:
                R.fail(C_KNOWN, f"{where}: {len(f)} fields, expected {len(ASSIGN_COLS)}")
                continue
            hid, sid = f[i_coh], f[i_site]
            h = I.coh.get(hid)
            s = I.site.get(sid)
            if h is None or hid not in students:
                R.fail(C_KNOWN, f"{where}: cohort \"{hid}\" " +
                       ("is not in cohorts.csv" if h is None else "belongs to an excluded programme"))
                continue
            if s is None:
                R.fail(C_KNOWN, f"{where}: site \"{sid}\" is not in sites.csv")
                continue
            prog, per, campus = h["programme"], h["period"], h["campus"]
            inst = I.campus[campus]["institution"]
            for col, want, got in (("institution", inst, f[i_inst]), ("campus", campus, f[i_camp]),
                                   ("programme", prog, f[i_prog]), ("period", per, f[i_per]),
                                   ("site_kind", s["kind"], f[i_kind]), ("site_name", s["name"], f[i_sname]),
                                   ("campus_name", I.campus[campus]["name"], f[i_cname]),
                                   ("programme_name", I.prog[prog]["name"], f[i_pname])):
                if got != want:
                    R.fail(C_KNOWN, f"{where}: {hid} at {sid}: {col} \"{got}\", expected \"{want}\"")
            wk = parse_float(f[i_weeks])
            if wk is None or abs(wk - h["weeks"]) > 1e-9 * max(1.0, h["weeks"]):
                R.fail(C_KNOWN, f"{where}: {hid} at {sid}: weeks \"{f[i_weeks]}\", expected {h['weeks']:g}")
            order = (h["idx"], s["idx"])
            if prev is not None and order <= prev:
                R.fail(C_SORT, f"{where}: {hid} at {sid} " +
                       ("repeats a (cohort, site) pair" if order == prev else "comes after a later pair"))
            prev = order
            if (sid, prog, per) not in I.cap and (sid, "*", per) not in I.cap:
                R.fail(C_CAND, f"{where}: {hid} ({prog}, {per}) at {sid}: no capacity row for it")
            x = parse_int(f[i_stud])
            if x is None or x <= 0:
                R.fail(C_STUD, f"{where}: {hid} at {sid}: students \"{f[i_stud]}\"")
                continue
            km = km_of(campus, sid)
            fkm = parse_float(f[i_km])
            if fkm is None or abs(fkm - km) > KM_TOL:
                R.fail(C_KM, f"{where}: {campus} to {sid}: km \"{f[i_km]}\", recomputed {km:.4f}")
            rel = km > commute
            if f[i_rel] != ("1" if rel else "0"):
                R.fail(C_REL, f"{where}: {hid} at {sid}: relocated \"{f[i_rel]}\", expected {int(rel)} "
                       f"({km:.3f} km vs commute_km {commute:g})")
            sw = x * h["weeks"]
            n_l, n_lrel, km_l = listed_at.get((hid, sid), (0, 0, 0.0))
            unl = x - n_l   # unlisted students: at the campus, may relocate
            if unl < 0:
                R.fail(C_RS, f"{where}: {hid} at {sid}: {n_l} listed students in student_plan.csv, {x} here")
                unl = 0
            if unl > 0 and (hid in lst["default_unplaced"] or I.site[sid]["idx"] < lst["default_last"].get(hid, -1)):
                R.fail(C_UNL, f"{where}: {hid} at {sid}: {unl} unlisted students placed before a listed one of their class")
            nrel = n_lrel + (unl if rel else 0)
            if parse_int(f[i_rs]) != nrel:
                R.fail(C_RS, f"{where}: {hid} at {sid}: relocated_students \"{f[i_rs]}\", expected {nrel}")
            relocated_km += km_l + (unl * km if rel else 0.0)
            want_tc = nrel * h["weeks"] * trate
            want_sc = sw * (mrate if s["kind"] == "municipality" else hrate)
            tc, scost = parse_float(f[i_tc]), parse_float(f[i_sc])
            for j, cell in enumerate((f[i_tc], f[i_sc])):
                try:
                    row_money[j] += decimal.Decimal(cell)
                except decimal.InvalidOperation:
                    pass
            if tc is None or not close_money(tc, want_tc):
                R.fail(C_TRAV, f"{where}: {hid} at {sid}: travel_cost \"{f[i_tc]}\", expected {want_tc:.2f}")
            if scost is None or not close_money(scost, want_sc):
                R.fail(C_SUP, f"{where}: {hid} at {sid}: supervision_cost \"{f[i_sc]}\", expected {want_sc:.2f}")
            # aggregate (from the recomputed truth, not the file's derived columns)
            placed[hid] += x
            pair_x[(hid, sid)] = pair_x.get((hid, sid), 0) + x
            k = (sid, prog, per)
            at[k] = at.get(k, 0) + x
            travel += want_tc
            supervision += want_sc
            placed_weeks += sw
            sites_used.add(sid)
            if nrel:
                k2 = (sid, per)
                reloc[k2] = reloc.get(k2, 0) + nrel
                relocated_students += nrel
                relocated_weeks += nrel * h["weeks"]
            if s["kind"] == "municipality":
                k3 = (inst, prog)
                muni_weeks[k3] = muni_weeks.get(k3, 0.0) + sw
                groups_used.add(s["group"])

    # ---- unplaced.csv and demand
    U = read_out("unplaced.csv")
    C_UHDR = "unplaced.csv: columns are exactly " + ",".join(UNPLACED_COLS)
    C_UROW = "unplaced.csv: one row per included cohort with unplaced students, its own fields and names, students > 0, cohorts.csv order"
    C_DEM = "demand: placed + unplaced = the cohort's (scaled) students for every included cohort"
    for c in (C_UHDR, C_UROW, C_DEM):
        R.check(c)
    if U.header != UNPLACED_COLS:
        R.fail(C_UHDR, f"found {','.join(U.header)}")
    unplaced = {}
    if all(U.has(c) for c in UNPLACED_COLS):
        prev = -1
        for line, f in U.rows:
            where = f"line {line}"
            hid = U.get(f, "cohort")
            h = I.coh.get(hid)
            if h is None or hid not in students:
                R.fail(C_UROW, f"{where}: cohort \"{hid}\" " +
                       ("is not in cohorts.csv" if h is None else "belongs to an excluded programme"))
                continue
            if h["idx"] <= prev:
                R.fail(C_UROW, f"{where}: {hid} " + ("repeated" if h["idx"] == prev else "out of cohorts.csv order"))
            prev = h["idx"]
            if U.get(f, "programme") != h["programme"] or U.get(f, "period") != h["period"]:
                R.fail(C_UROW, f"{where}: {hid}: programme/period \"{U.get(f, 'programme')}\"/\"{U.get(f, 'period')}\", "
                       f"expected {h['programme']}/{h['period']}")
            names = (I.campus[h["campus"]]["name"], I.prog[h["programme"]]["name"])
            if (U.get(f, "campus_name"), U.get(f, "programme_name")) != names:
                R.fail(C_UROW, f"{where}: {hid}: campus_name/programme_name \"{U.get(f, 'campus_name')}\"/"
                       f"\"{U.get(f, 'programme_name')}\", expected {names[0]}/{names[1]}")
            wk = parse_float(U.get(f, "weeks"))
            if wk is None or abs(wk - h["weeks"]) > 1e-9 * max(1.0, h["weeks"]):
                R.fail(C_UROW, f"{where}: {hid}: weeks \"{U.get(f, 'weeks')}\", expected {h['weeks']:g}")
            u = parse_int(U.get(f, "students"))
            if u is None or u <= 0:
                R.fail(C_UROW, f"{where}: {hid}: students \"{U.get(f, 'students')}\"")
                continue
            unplaced[hid] = unplaced.get(hid, 0) + u
    else:
        R.fail(C_UROW, "missing columns: the rows cannot be checked")
    for hid in I.cohorts:
        if hid not in students:
            continue
        n, u, want = placed[hid], unplaced.get(hid, 0), students[hid]
        if n + u != want:
            R.fail(C_DEM, f"{hid}: {n} placed + {u} unplaced != {want} students")

    # ---- capacity, supervisors, relocated minimum
    C_CAP = "capacity: placed students <= scaled places for every (site, programme, period) and '*' row"
    C_SUPV = "supervisors: ceil(students/ratio) per programme row, summed over programmes per '*' row, <= scaled supervisors"
    C_RMIN = f"relocated minimum: relocated students at each (site, period) are 0 or >= min_relocated_group ({sc['min_relocated_group']})"
    for c in (C_CAP, C_SUPV, C_RMIN):
        R.check(c)
    by_sp = {}   # (site, period) -> {programme: students}
    for (sid, prog, per), n in at.items():
        by_sp.setdefault((sid, per), {})[prog] = n
    ratio = {pid: I.prog[pid]["ratio"] for pid in I.programmes}

    def need(n, pid):
        return -(-n // ratio[pid])
    for key, (_pl, _sv, line) in I.cap.items():
        sid, prog, per = key
        progs = by_sp.get((sid, per), {})
        if prog == "*":
            n = sum(progs.values())
            v = sum(need(m, p) for p, m in progs.items())
        else:
            n = progs.get(prog, 0)
            v = need(n, prog)
        if n > places[key]:
            R.fail(C_CAP, f"capacity.csv line {line} ({sid}, {prog}, {per}): {n} students on {places[key]} places")
        if sups[key] is not None and v > sups[key]:
            R.fail(C_SUPV, f"capacity.csv line {line} ({sid}, {prog}, {per}): needs {v} supervisors, has {sups[key]}")
    mrg = sc["min_relocated_group"]
    for (sid, per), n in sorted(reloc.items(), key=lambda kv: (I.site[kv[0][0]]["idx"], kv[0][1])):
        if 0 < n < mrg:
            R.fail(C_RMIN, f"{sid} in {per}: {n} relocated students")
    check_agreed(I, sc, R, students, pair_x, by_sp, included, lst)

    # ---- site_use.csv
    S = read_out("site_use.csv")
    C_SHDR = "site_use.csv: columns are exactly " + ",".join(SITE_USE_COLS)
    C_SROWS = "site_use.csv: one row per (site, period) with students, in sites.csv order"
    C_SFIG = "site_use.csv: kind, group, site_name, students, relocated_students and supervisors_used match the plan"
    C_SPL = "site_use.csv: places = the '*' row's, or the included programmes' rows summed, whichever is less"
    for c in (C_SHDR, C_SROWS, C_SFIG, C_SPL):
        R.check(c)
    if S.header != SITE_USE_COLS:
        R.fail(C_SHDR, f"found {','.join(S.header)}")
    if all(S.has(c) for c in SITE_USE_COLS):
        seen = set()
        prev = -1
        for line, f in S.rows:
            where = f"line {line}"
            sid, per = S.get(f, "site"), S.get(f, "period")
            s = I.site.get(sid)
            if s is None:
                R.fail(C_SROWS, f"{where}: site \"{sid}\" is not in sites.csv")
                continue
            if (sid, per) in seen:
                R.fail(C_SROWS, f"{where}: ({sid}, {per}) repeated")
            seen.add((sid, per))
            if s["idx"] < prev:
                R.fail(C_SROWS, f"{where}: {sid} out of sites.csv order")
            prev = s["idx"]
            progs = by_sp.get((sid, per))
            if not progs:
                R.fail(C_SROWS, f"{where}: ({sid}, {per}) has no students in assignments.csv")
                continue
            want = {"kind": s["kind"], "group": s["group"] or "", "site_name": s["name"],
                    "students": str(sum(progs.values())),
                    "relocated_students": str(reloc.get((sid, per), 0)),
                    "supervisors_used": str(sum(need(m, p) for p, m in progs.items()))}
            for col, w in want.items():
                if S.get(f, col) != w:
                    R.fail(C_SFIG, f"{where}: ({sid}, {per}) {col} \"{S.get(f, col)}\", expected \"{w}\"")
            star = places.get((sid, "*", per))
            prow = [places[(sid, p, per)] for p in I.programmes if p in included and (sid, p, per) in I.cap]
            if star is None:
                wp = sum(prow)
            else:
                wp = min(star, sum(prow)) if prow else star
            if S.get(f, "places") != str(wp):
                R.fail(C_SPL, f"{where}: ({sid}, {per}) places \"{S.get(f, 'places')}\", expected {wp}")
        for (sid, per) in sorted(by_sp, key=lambda k: (I.site[k[0]]["idx"], k[1])):
            if (sid, per) not in seen:
                R.fail(C_SROWS, f"({sid}, {per}) has {sum(by_sp[(sid, per)].values())} students but no row")
    else:
        R.fail(C_SROWS, "missing columns: the rows cannot be checked")

    # ---- summary.json, recomputed from the plan
    C_JSON = "summary.json: a JSON object with status optimal or feasible"
    C_LEV = "summary.json: unplaced_weeks and share_deficit_weeks recomputed from the plan"
    C_COST = "summary.json: cost travel, supervision, fixed and total recomputed from the plan"
    C_CNT = "summary.json: students, placed, unplaced, relocated_students, municipalities_used, groups_used"
    C_MORE = "summary.json: the other week and share figures (when present)"
    C_SHR = "summary.json: shares, one entry per (institution, programme) with recomputed figures"
    C_SCEN = "summary.json: the scenario it reports is the one given to this check"
    C_EXACT = ("assignments.csv: travel_cost and supervision_cost add up exactly to summary.json's cost.travel and "
               "cost.supervision, and cost.total = travel + supervision + fixed exactly")
    for c in (C_JSON, C_LEV, C_COST, C_CNT, C_MORE, C_SHR, C_SCEN, C_EXACT):
        R.check(c)

    demand_weeks = {}   # (institution, programme) -> demanded student-weeks, first-seen order
    unplaced_weeks = 0.0
    for hid in I.cohorts:
        if hid not in students:
            continue
        h = I.coh[hid]
        k = (I.campus[h["campus"]]["institution"], h["programme"])
        demand_weeks[k] = demand_weeks.get(k, 0.0) + students[hid] * h["weeks"]
        unplaced_weeks += unplaced.get(hid, 0) * h["weeks"]
    deficits = {}
    for k, dw in demand_weeks.items():
        deficits[k] = max(0.0, share_of[k[1]] * dw - muni_weeks.get(k, 0.0))
    share_deficit = sum(deficits.values())
    fixed = 0.0
    for g in groups_used:
        fixed += I.group_fixed[g] if I.group_fixed[g] is not None else sc["coordinator_cost"]
    total = travel + supervision + fixed
    n_students = sum(students.values())
    n_placed = sum(placed.values())
    n_unplaced = sum(unplaced.values())
    munis_used = sum(1 for sid in sites_used if I.site[sid]["kind"] == "municipality")
    all_weeks = sum(demand_weeks.values())
    all_muni = sum(muni_weeks.values())
    target_weeks = sum(share_of[k[1]] * dw for k, dw in demand_weeks.items())

    path = os.path.join(out_dir, "summary.json")
    text = read_text(path)
    try:
        J = json.loads(text)
    except ValueError as e:
        R.fail(C_JSON, f"not valid JSON: {e}")
        J = None
    if J is not None and not isinstance(J, dict):
        R.fail(C_JSON, "not a JSON object")
        J = None
    if J is None:
        for c in (C_LEV, C_COST, C_CNT, C_MORE, C_SHR, C_SCEN):
            R.fail(c, "summary.json unreadable")
        return n_rows
    if J.get("status") not in ("optimal", "feasible"):
        R.fail(C_JSON, f"status {J.get('status')!r}")
    check_exact_money(R, C_EXACT, text, row_money)

    def num_at(obj, path_):
        cur = obj
        for p_ in path_.split("."):
            if not isinstance(cur, dict) or p_ not in cur:
                return None, "missing"
            cur = cur[p_]
        if isinstance(cur, bool) or not isinstance(cur, (int, float)):
            return None, f"not a number ({cur!r})"
        return cur, None

    def cmp(check, obj, key, want, kind, optional=False, label=""):
        got, err = num_at(obj, key)
        name = f"{label}{key}"
        if err:
            if not (optional and err == "missing"):
                R.fail(check, f"{name}: {err}")
            return
        if kind == "money":
            ok = close_money(got, want)
            shown = f"{want:.2f}"
        elif kind == "weeks":
            ok = close_weeks(got, want)
            shown = f"{want:.6f}"
        elif kind == "ratio":
            ok = abs(got - want) <= 1e-6
            shown = f"{want:.6f}"
        else:
            ok = got == want
            shown = str(want)
        if not ok:
            R.fail(check, f"{name} = {got!r}, recomputed {shown}")

    cmp(C_LEV, J, "unplaced_weeks", unplaced_weeks, "weeks")
    cmp(C_LEV, J, "share_deficit_weeks", share_deficit, "weeks")
    cmp(C_COST, J, "cost.travel", travel, "money")
    cmp(C_COST, J, "cost.supervision", supervision, "money")
    cmp(C_COST, J, "cost.fixed", fixed, "money")
    cmp(C_COST, J, "cost.total", total, "money")
    for key, want in (("students", n_students), ("placed", n_placed), ("unplaced", n_unplaced),
                      ("relocated_students", relocated_students), ("municipalities_used", munis_used),
                      ("groups_used", len(groups_used))):
        cmp(C_CNT, J, key, want, "count")
    cmp(C_MORE, J, "student_weeks", all_weeks, "weeks", optional=True)
    cmp(C_MORE, J, "placed_weeks", placed_weeks, "weeks", optional=True)
    cmp(C_MORE, J, "municipal_weeks", all_muni, "weeks", optional=True)
    cmp(C_MORE, J, "relocated_weeks", relocated_weeks, "weeks", optional=True)
    cmp(C_MORE, J, "municipal_target_weeks", target_weeks, "weeks", optional=True)
    cmp(C_MORE, J, "municipal_share", all_muni / all_weeks if all_weeks > 0 else 0.0, "ratio", optional=True)
    cmp(C_MORE, J, "sites_used", len(sites_used), "count", optional=True)
    C_STU = ("summary.json: relocated_km (level 4), listed_students, placed_at_home and cannot_relocate "
             "recomputed from student_plan.csv and assignments.csv")
    R.check(C_STU)
    cmp(C_STU, J, "relocated_km", relocated_km, "weeks")
    cmp(C_STU, J, "listed_students", lst["listed"], "count")
    cmp(C_STU, J, "placed_at_home", lst["at_home"], "count")
    cmp(C_STU, J, "cannot_relocate.students", lst["stay"], "count")
    cmp(C_STU, J, "cannot_relocate.placed", lst["stay_placed"], "count")
    cmp(C_STU, J, "cannot_relocate.unplaced", lst["stay"] - lst["stay_placed"], "count")
    cmp(C_MORE, J, "cost.per_placed_student_week", total / placed_weeks if placed_weeks > 0 else 0.0,
        "money", optional=True)

    shares = J.get("shares")
    if not isinstance(shares, list):
        R.fail(C_SHR, "shares: missing or not a list")
    else:
        seen = set()
        for e in shares:
            if not isinstance(e, dict):
                R.fail(C_SHR, f"entry {e!r} is not an object")
                continue
            k = (e.get("institution"), e.get("programme"))
            lab = f"({k[0]}, {k[1]}) "
            if k not in demand_weeks:
                R.fail(C_SHR, f"{lab}has no included cohort")
                continue
            if k in seen:
                R.fail(C_SHR, f"{lab}repeated")
            seen.add(k)
            dw = demand_weeks[k]
            mw = muni_weeks.get(k, 0.0)
            cmp(C_SHR, e, "target_share", share_of[k[1]], "ratio", optional=True, label=lab)
            cmp(C_SHR, e, "student_weeks", dw, "weeks", optional=True, label=lab)
            cmp(C_SHR, e, "target_weeks", share_of[k[1]] * dw, "weeks", optional=True, label=lab)
            cmp(C_SHR, e, "municipal_weeks", mw, "weeks", label=lab)
            cmp(C_SHR, e, "share", mw / dw if dw > 0 else 0.0, "ratio", optional=True, label=lab)
            cmp(C_SHR, e, "deficit_weeks", deficits[k], "weeks", optional=True, label=lab)
        for k in demand_weeks:
            if k not in seen:
                R.fail(C_SHR, f"({k[0]}, {k[1]}): no entry")

    js = J.get("scenario")
    if isinstance(js, dict):
        for key, want in sc.items():
            if key not in js:
                R.fail(C_SCEN, f"{key}: missing")
                continue
            got = js[key]
            if key == "programmes":
                ok = (got == "all") if want is None else (got == want)
            elif key in BOOL_KEYS:
                ok = got is want
            else:
                ok = isinstance(got, (int, float)) and not isinstance(got, bool) and \
                    abs(got - want) <= 1e-9 * max(1.0, abs(want))
            if not ok:
                R.fail(C_SCEN, f"{key}: summary.json says {got!r}, this check was given "
                       f"{'all' if want is None and key == 'programmes' else want!r} "
                       f"(pass the solve's -s/--set options to verify_plan.py)")
    elif js is not None:
        R.fail(C_SCEN, "scenario is not an object")
    check_changes(I, sc, R, J, at, included, out_dir)
    return n_rows


def check_agreed(I, sc, R, students, pair_x, by_sp, included, lst):
    """Every agreed placement of an included cohort is met (a row by cohort
    by its students not listed in students.csv, or listed with a blank home
    and relocate yes; a row by student by that student), and with
    honour_minimums every minimum intake (scaled as places are)."""
    C_FIX = ("fixed.csv: every agreed placement of an included cohort is met (its unlisted students at the site "
             ">= agreed; an agreed student at its site)")
    C_MINS = "minimum intakes: the students counted against each capacity row with min_students reach it (when honoured)"
    R.check(C_FIX)
    R.check(C_MINS)
    I.fixed_counted = [(c, s, n) for c, s, n, _line, _u in I.fixed if c in students]
    for c, s, n, line, u in I.fixed:
        if c not in students:
            continue
        if u is not None:
            if lst["site_of"].get(u) != s:
                R.fail(C_FIX, f"fixed.csv line {line}: {u} at {lst['site_of'].get(u) or 'no site'}, agreed {s}")
            continue
        unlisted = pair_x.get((c, s), 0) - lst["named_at"].get((c, s), 0)
        if unlisted < n:
            R.fail(C_FIX, f"fixed.csv line {line}: {c} at {s}: {unlisted} unlisted students placed, {n} agreed")
    I.mins_counted = []
    if not sc["honour_minimums"]:
        return
    for key, m in I.mins.items():
        sid, prog, per = key
        if prog != "*" and prog not in included:
            continue
        want = math.floor(m * sc["capacity_scale"] + 1e-9)
        if want <= 0:
            continue
        I.mins_counted.append((key, want))
        progs = by_sp.get((sid, per), {})
        n = sum(progs.values()) if prog == "*" else progs.get(prog, 0)
        if n < want:
            R.fail(C_MINS, f"capacity.csv line {I.cap[key][2]} ({sid}, {prog}, {per}): {n} students, minimum {want}")


def check_changes(I, sc, R, J, at, included, out_dir):
    """summary.json's agreements and changes, and changes.csv, recomputed
    from the plan and the previous plan."""
    C_AGR = "summary.json: agreements (fixed rows and minimums, met) recomputed"
    C_CHG = "summary.json: changes against the previous plan (added, removed, kept, penalty, municipalities) recomputed"
    C_CSV = "changes.csv: exactly the (site, programme[, period]) rows whose students differ from the previous plan"
    for c in (C_AGR, C_CHG, C_CSV):
        R.check(c)
    agr = J.get("agreements") or {}
    fx, mn = agr.get("fixed") or {}, agr.get("minimums") or {}
    want = {("fixed", "rows"): len(I.fixed_counted), ("fixed", "met"): len(I.fixed_counted),
            ("fixed", "students"): sum(n for _c, _s, n in I.fixed_counted),
            ("minimums", "rows"): len(I.mins_counted), ("minimums", "met"): len(I.mins_counted),
            ("minimums", "students"): sum(m for _k, m in I.mins_counted)}
    for (part, key), w in want.items():
        got = (fx if part == "fixed" else mn).get(key)
        if got != w:
            R.fail(C_AGR, f"agreements.{part}.{key} = {got!r}, recomputed {w}")
    if mn.get("honoured") != sc["honour_minimums"]:
        R.fail(C_AGR, f"agreements.minimums.honoured = {mn.get('honoured')!r}, the scenario says {sc['honour_minimums']}")
    C = J.get("changes")
    path = os.path.join(out_dir, "changes.csv")
    if I.previous is None:
        if C is not None:
            R.fail(C_CHG, "changes given without a previous plan")
        if os.path.exists(path):
            R.fail(C_CSV, "changes.csv written without a previous plan")
        return
    now = {}
    for (sid, prog, per), n in at.items():
        k = (sid, prog, per) if I.prev_by_period else (sid, prog)
        now[k] = now.get(k, 0) + n
    prev = {k: v for k, v in I.previous.items() if k[1] in included}
    keys = set(now) | set(prev)
    diff = {k: now.get(k, 0) - prev.get(k, 0) for k in keys if now.get(k, 0) != prev.get(k, 0)}
    added = sum(d for d in diff.values() if d > 0)
    removed = -sum(d for d in diff.values() if d < 0)
    kept = sum(min(now.get(k, 0), p) for k, p in prev.items())
    site_prev, site_now = {}, {}
    for k, p in prev.items():
        site_prev[k[0]] = site_prev.get(k[0], 0) + p
    for k, n in now.items():
        site_now[k[0]] = site_now.get(k[0], 0) + n
    munis = [sid for sid in I.sites if I.site[sid]["kind"] == "municipality"]
    lost = [sid for sid in munis if site_prev.get(sid, 0) > 0 and site_now.get(sid, 0) == 0]
    new = [sid for sid in munis if site_prev.get(sid, 0) == 0 and site_now.get(sid, 0) > 0]
    total_prev = sum(prev.values())
    if not isinstance(C, dict):
        R.fail(C_CHG, f"changes: expected an object, found {C!r}")
    else:
        for key, w in (("previous_students", total_prev), ("students_added", added), ("students_removed", removed),
                       ("students_changed", added + removed), ("rows_changed", len(diff)), ("students_kept", kept)):
            if C.get(key) != w:
                R.fail(C_CHG, f"changes.{key} = {C.get(key)!r}, recomputed {w}")
        ks = kept / total_prev if total_prev else 0.0
        if not isinstance(C.get("kept_share"), (int, float)) or abs(C["kept_share"] - ks) > 1e-6:
            R.fail(C_CHG, f"changes.kept_share = {C.get('kept_share')!r}, recomputed {ks:.6f}")
        pen = sc["change_cost"] * (added + removed)
        if not isinstance(C.get("penalty"), (int, float)) or not close_money(C["penalty"], pen):
            R.fail(C_CHG, f"changes.penalty = {C.get('penalty')!r}, recomputed {pen:.2f}")
        for key, w in (("municipalities_lost", lost), ("municipalities_new", new)):
            got = [e.get("id") for e in C.get(key) or [] if isinstance(e, dict)]
            if got != w:
                R.fail(C_CHG, f"changes.{key} = {got}, recomputed {w}")
    if not os.path.exists(path):
        R.fail(C_CSV, "changes.csv missing though there is a previous plan")
        return
    T = read_csv(path, "changes.csv")
    cols = ["site", "programme"] + (["period"] if I.prev_by_period else []) + ["previous", "students", "change"]
    if T.header != cols:
        R.fail(C_CSV, f"columns {','.join(T.header)}, expected {','.join(cols)}")
        return
    seen = {}
    for line, f in T.rows:
        k = tuple(T.get(f, c) for c in cols[:-3])
        vals = [parse_int(T.get(f, c).lstrip("+")) for c in ("previous", "students", "change")]
        want_row = [prev.get(k, 0), now.get(k, 0), now.get(k, 0) - prev.get(k, 0)]
        if k not in diff or vals != want_row or k in seen:
            R.fail(C_CSV, f"line {line}: {k} {vals}, recomputed {want_row}" + (" (no change)" if k not in diff else ""))
        seen[k] = line
    for k in sorted(set(diff) - set(seen)):
        R.fail(C_CSV, f"{k}: changed by {diff[k]:+d} but has no row")


# --------------------------------------------------------------------------

USAGE = "usage: verify_plan.py INSTANCE_DIR OUTDIR [-s scenario.json] [--set key=value ...] [--previous PLANDIR]"


def parse_args(argv):
    pos = []
    files = []
    sets = []
    previous = []
    i = 0
    while i < len(argv):
        a = argv[i]

        def value():
            if i + 1 >= len(argv):
                raise Fatal(f"{a}: expected a value\n{USAGE}")
            return argv[i + 1]
        if a in ("-h", "--help"):
            print(__doc__.strip())
            sys.exit(0)
        elif a in ("-s", "--scenario"):
            files.append(value())
            i += 2
        elif a == "--set":
            sets.append(value())
            i += 2
        elif a.startswith("--set="):
            sets.append(a[6:])
            i += 1
        elif a == "--time-limit":
            sets.append("time_limit=" + value())
            i += 2
        elif a == "--gap":
            sets.append("mip_gap=" + value())
            i += 2
        elif a == "--previous":
            previous.append(value())
            i += 2
        elif a in ("-q", "--quiet"):
            i += 1
        elif a.startswith("-") and a != "-":
            raise Fatal(f"unknown option \"{a}\"\n{USAGE}")
        else:
            pos.append(a)
            i += 1
    if len(pos) != 2:
        raise Fatal(f"expected INSTANCE_DIR and OUTDIR, found {len(pos)} argument(s)\n{USAGE}")
    return pos[0], pos[1], files, sets, (previous[-1] if previous else None)


def main(argv):
    label = argv[0] if argv and not argv[0].startswith("-") else "?"
    try:
        inst_dir, out_dir, files, sets, previous = parse_args(argv)
        label = inst_dir
        for d, what in ((inst_dir, "instance"), (out_dir, "output")):
            if not os.path.isdir(d):
                raise Fatal(f"{d}: expected an {what} directory, found "
                            + ("a file" if os.path.exists(d) else "nothing"))
        sc = dict(DEFAULTS)
        if os.path.exists(os.path.join(inst_dir, "scenario.json")):
            merge_json_file(sc, os.path.join(inst_dir, "scenario.json"))
        for f in files:
            merge_json_file(sc, f)
        for kv in sets:
            merge_set(sc, kv)
        R = Report(inst_dir)
        verify(inst_dir, out_dir, sc, R, previous)
    except Fatal as e:
        msg = str(e)
        print(f"not ok - verify {label}: cannot check: {msg.splitlines()[0]}")
        print(f"verify_plan.py: {msg}", file=sys.stderr)
        return 2
    except Exception as e:  # a bug here must never read as a passed check
        import traceback
        traceback.print_exc()
        print(f"not ok - verify {label}: cannot check: internal error in verify_plan.py: {e!r}")
        return 2
    bad = R.emit()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
