#!/usr/bin/env python3
"""Cut a regional instance out of a larger one (normally instances/norway) by county.

  python3 instances/cut_region.py --from instances/norway --rhf vest --out instances/region-vest
  python3 instances/cut_region.py --from instances/norway --counties Agder,Rogaland --out DIR
  python3 instances/cut_region.py --check-cover --from instances/norway instances/region-*

What is kept:
- sites.csv: the sites (municipalities and hospitals) whose `region` is one of the counties;
- campuses.csv: the campuses in those counties. A campus's county is the `region` of the
  municipality site nearest to it (haversine; ties to the smaller id); in the national instance
  a campus sits exactly on its municipality's centroid, so this is its own municipality;
- cohorts.csv: the cohorts of the kept campuses;
- capacity.csv: the rows of the kept sites (with their min_students); distances.csv (if any):
  the rows of kept campuses and sites;
- fixed.csv (if any): the agreed placements of kept cohorts at kept sites; previous.csv (if
  any): the previous plan's rows of kept sites;
- programmes.csv and scenario.json: unchanged (a programme may have no cohorts).
A coordinator group keeps its label; if it had members outside the cut (not the case for the
national instance, whose groups never cross a county border), the kept members still share
one coordinator and the README says so. Columns and their order are kept; rows keep their order.

--rhf takes a regional health authority: sorost (Helse Sør-Øst: Oslo, Viken, Innlandet,
Vestfold og Telemark, Agder), vest (Helse Vest: Rogaland, Vestland), midt (Helse Midt-Norge:
Møre og Romsdal, Trøndelag), nord (Helse Nord: Nordland, Troms og Finnmark).

--check-cover checks that the given cut instances together hold every municipality, hospital,
campus and cohort of the --from instance exactly once, and prints the counts.

Python 3 standard library only. The same input gives byte-identical output.
"""

import argparse
import csv
import io
import os
import shutil
import sys
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from instlib import (  # noqa: E402
    BuildError, RHF_NAME, RHF_OF_COUNTY, RHF_ORDER, count_pairs, fmt_num, haversine_km,
    shell_quote)

FILES = ("sites.csv", "campuses.csv", "programmes.csv", "cohorts.csv", "capacity.csv",
         "distances.csv", "students.csv", "fixed.csv", "previous.csv")
OPTIONAL = ("distances.csv", "students.csv", "fixed.csv", "previous.csv")


def read_table(path, required=True):
    """(header, rows as lists) of a CSV file in the engine's format: UTF-8 (BOM accepted),
    delimiter ',' or ';', whichever occurs more often in the header line."""
    if not os.path.exists(path):
        if required:
            raise BuildError("%s: no such file" % path)
        return None
    with open(path, encoding="utf-8-sig", newline="") as f:
        text = f.read()
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    rows = [r for r in csv.reader(io.StringIO(text), delimiter=delim) if any(x.strip() for x in r)]
    if not rows:
        raise BuildError("%s: empty file" % path)
    header = [h.strip() for h in rows[0]]
    return header, rows[1:], delim


def col(header, name, path, required=True):
    if name in header:
        return header.index(name)
    if required:
        raise BuildError("%s: no column %r" % (path, name))
    return None


def table_text(header, rows, delim):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delim, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


def load(src):
    t = {}
    for name in FILES:
        t[name] = read_table(os.path.join(src, name), required=(name not in OPTIONAL))
    return t


def campus_regions(t, src):
    """campus id -> region of the nearest municipality site."""
    sh, srows, _ = t["sites.csv"]
    sp = os.path.join(src, "sites.csv")
    i_id, i_kind = col(sh, "id", sp), col(sh, "kind", sp)
    i_lat, i_lon, i_reg = col(sh, "lat", sp), col(sh, "lon", sp), col(sh, "region", sp)
    munis = [(r[i_id].strip(), float(r[i_lat]), float(r[i_lon]), r[i_reg].strip())
             for r in srows if r[i_kind].strip() == "municipality"]
    if not munis:
        raise BuildError("%s: no municipality sites" % sp)
    ch, crows, _ = t["campuses.csv"]
    cp = os.path.join(src, "campuses.csv")
    j_id, j_lat, j_lon = col(ch, "id", cp), col(ch, "lat", cp), col(ch, "lon", cp)
    out = {}
    for r in crows:
        lat, lon = float(r[j_lat]), float(r[j_lon])
        best = min(munis, key=lambda m: (haversine_km(lat, lon, m[1], m[2]), m[0]))
        out[r[j_id].strip()] = (best[3], best[0])
    return out


def cut(src, counties):
    t = load(src)
    sh, srows, sdel = t["sites.csv"]
    sp = os.path.join(src, "sites.csv")
    i_id, i_reg, i_kind = col(sh, "id", sp), col(sh, "region", sp), col(sh, "kind", sp)
    i_grp = col(sh, "group", sp, required=False)
    regions = sorted({r[i_reg].strip() for r in srows})
    for c in counties:
        if c not in regions:
            raise BuildError("--counties: no site has region %r; regions in %s: %s"
                             % (c, sp, ", ".join(regions)))
    keep_sites = [r for r in srows if r[i_reg].strip() in counties]
    kept_site_ids = {r[i_id].strip() for r in keep_sites}
    # groups that would be split
    split_groups = []
    if i_grp is not None:
        members = {}
        for r in srows:
            g = r[i_grp].strip() or r[i_id].strip()
            members.setdefault(g, set()).add(r[i_id].strip())
        for g, ms in sorted(members.items()):
            if ms & kept_site_ids and ms - kept_site_ids:
                split_groups.append(g)

    creg = campus_regions(t, src)
    ch, crows, cdel = t["campuses.csv"]
    j_id = ch.index("id")
    keep_camps = [r for r in crows if creg[r[j_id].strip()][0] in counties]
    kept_camp_ids = {r[j_id].strip() for r in keep_camps}

    oh, orows, odel = t["cohorts.csv"]
    op = os.path.join(src, "cohorts.csv")
    k_id, k_camp = col(oh, "id", op), col(oh, "campus", op)
    k_prog, k_per = col(oh, "programme", op), col(oh, "period", op)
    k_n, k_w = col(oh, "students", op), col(oh, "weeks", op)
    keep_coh = [r for r in orows if r[k_camp].strip() in kept_camp_ids]

    kh, krows, kdel = t["capacity.csv"]
    kp = os.path.join(src, "capacity.csv")
    c_site = col(kh, "site", kp)
    c_prog, c_per = col(kh, "programme", kp), col(kh, "period", kp)
    keep_cap = [r for r in krows if r[c_site].strip() in kept_site_ids]

    files = {
        "sites.csv": table_text(sh, keep_sites, sdel),
        "campuses.csv": table_text(ch, keep_camps, cdel),
        "programmes.csv": table_text(*t["programmes.csv"]),
        "cohorts.csv": table_text(oh, keep_coh, odel),
        "capacity.csv": table_text(kh, keep_cap, kdel),
    }
    if t["distances.csv"] is not None:
        dh, drows, ddel = t["distances.csv"]
        dp = os.path.join(src, "distances.csv")
        d_camp, d_site = col(dh, "campus", dp), col(dh, "site", dp)
        files["distances.csv"] = table_text(
            dh, [r for r in drows if r[d_camp].strip() in kept_camp_ids
                 and r[d_site].strip() in kept_site_ids], ddel)

    if t["students.csv"] is not None:
        files["students.csv"] = cut_students(t, src, {r[k_id].strip() for r in keep_coh}, kept_site_ids)
    kept_coh_ids = {r[k_id].strip() for r in keep_coh}
    if t["fixed.csv"] is not None:
        fh, frows, fdel = t["fixed.csv"]
        fp = os.path.join(src, "fixed.csv")
        f_site = col(fh, "site", fp)
        if "student" in [c.strip() for c in fh]:  # the (student, site) form: the kept students
            kept_stu = set()
            if t["students.csv"] is not None:
                sh, srows, _ = t["students.csv"]
                s_id, s_coh = col(sh, "id", os.path.join(src, "students.csv")), col(sh, "cohort", os.path.join(src, "students.csv"))
                kept_stu = {r[s_id].strip() for r in srows if r[s_coh].strip() in kept_coh_ids}
            f_stu = col(fh, "student", fp)
            keep = [r for r in frows if r[f_stu].strip() in kept_stu and r[f_site].strip() in kept_site_ids]
        else:
            f_coh = col(fh, "cohort", fp)
            keep = [r for r in frows if r[f_coh].strip() in kept_coh_ids and r[f_site].strip() in kept_site_ids]
        files["fixed.csv"] = table_text(fh, keep, fdel)
    if t["previous.csv"] is not None:
        vh, vrows, vdel = t["previous.csv"]
        files["previous.csv"] = table_text(
            vh, [r for r in vrows if r[col(vh, "site", os.path.join(src, "previous.csv"))].strip() in kept_site_ids],
            vdel)

    # programme shares for the municipal target
    ph, prows, _ = t["programmes.csv"]
    pp = os.path.join(src, "programmes.csv")
    p_id, p_sh = col(ph, "id", pp), col(ph, "municipal_share", pp, required=False)
    share = {r[p_id].strip(): (r[p_sh].strip() if p_sh is not None else "") for r in prows}
    coh_t = [(r[k_id].strip(), r[k_camp].strip(), r[k_prog].strip(), r[k_per].strip(),
              int(r[k_n]), Fraction(r[k_w].replace(",", ".") if kdel == ";" else r[k_w]))
             for r in keep_coh]
    cap_t = [(r[c_site].strip(), r[c_prog].strip(), r[c_per].strip()) for r in keep_cap]
    no_site = [c[0] for c in coh_t
               if not any(s for s in cap_t if s[2] == c[3] and s[1] in (c[2], "*"))]
    if no_site:
        raise BuildError("the cut leaves %d cohorts without a candidate site, e.g. %s"
                         % (len(no_site), no_site[0]))
    stats = {
        "municipalities": sum(1 for r in keep_sites if r[i_kind].strip() == "municipality"),
        "hospitals": sum(1 for r in keep_sites if r[i_kind].strip() == "hospital"),
        "campuses": len(keep_camps), "cohorts": len(keep_coh),
        "students": sum(c[4] for c in coh_t), "pairs": count_pairs(coh_t, cap_t),
        "target": sum(Fraction(share.get(c[2]) or "0.5") * c[4] * c[5] for c in coh_t),
        "cap_rows": len(keep_cap), "split_groups": split_groups,
        "campus_list": [(r[j_id].strip(), creg[r[j_id].strip()][1]) for r in keep_camps],
        "programmes": sorted({c[2] for c in coh_t}),
        "agreements": "fixed.csv" in files or "previous.csv" in files,
    }
    stats["listed"] = files["students.csv"].count("\n") - 1 if "students.csv" in files else None
    return files, stats


def cut_students(t, src, kept_cohorts, kept_site_ids):
    """The listed students of the kept cohorts, unchanged; a home outside the cut is an
    error (the builders draw homes in the campus's own county, which a cut keeps)."""
    uh, urows, udel = t["students.csv"]
    up = os.path.join(src, "students.csv")
    u_coh, u_home = col(uh, "cohort", up), col(uh, "home", up, required=False)
    keep = [r for r in urows if r[u_coh].strip() in kept_cohorts]
    for r in keep:
        home = r[u_home].strip() if u_home is not None else ""
        if home and home not in kept_site_ids:
            raise BuildError("%s: a student of cohort %s lives in %s, outside the cut"
                             % (up, r[u_coh].strip(), home))
    return table_text(uh, keep, udel)


def cmd_line(args):
    parts = ["python3 instances/cut_region.py", "--from %s" % shell_quote(args.src)]
    if args.rhf:
        parts.append("--rhf %s" % args.rhf)
    else:
        parts.append("--counties %s" % shell_quote(args.counties))
    parts.append("--out %s" % shell_quote(args.out))
    return " ".join(parts)


def readme(args, counties, stats):
    L = []
    a = L.append
    title = RHF_NAME[args.rhf] if args.rhf else " + ".join(counties)
    a("# %s: a regional instance cut from `%s`" % (title, os.path.basename(
        os.path.normpath(args.src))))
    a("")
    a("Generated by `instances/cut_region.py`; do not edit by hand. Rebuild with:")
    a("")
    a("    " + cmd_line(args))
    a("")
    if args.rhf:
        a("The region of the regional health authority %s, by county: %s (2020–2023 counties; "
          "regjeringen.no \"De regionale helseforetakene\", helse-nord.no)."
          % (RHF_NAME[args.rhf], ", ".join(counties)))
    else:
        a("Counties: %s." % ", ".join(counties))
    a("")
    a("## How it was cut")
    a("")
    a("- **sites.csv**: the municipalities and hospital stand-ins whose `region` (county) is "
      "one of the counties above.")
    a("- **campuses.csv**: the campuses in those counties (the county of the municipality "
      "site nearest to the campus: its own municipality, whose centroid it sits on).")
    a("- **cohorts.csv**: every cohort of those campuses, unchanged; **capacity.csv**: every "
      "row of the kept sites, unchanged (with its `min_students`); **programmes.csv** and "
      "**scenario.json**: unchanged (programmes without cohorts here stay, with no cohorts).")
    if stats["agreements"]:
        a("- **fixed.csv**: the agreed placements of the kept cohorts at kept sites; "
          "**previous.csv**: the previous plan's rows of the kept sites (synthetic, see the "
          "source's README).")
    if stats["listed"] is not None:
        a("- **students.csv**: the listed students of the kept cohorts, unchanged (%d; their homes "
          "are in their campus's county, so in the cut)." % stats["listed"])
    if stats["split_groups"]:
        a("- Coordinator groups with members outside the cut keep their label: %s."
          % ", ".join(stats["split_groups"]))
    else:
        a("- Coordinator groups: no group has members outside the cut (the national groups "
          "never cross a county border).")
    a("")
    a("Everything real and synthetic in the figures is as in the source instance; see "
      "`%s/README.md`. In particular, municipal capacities were sized against the national targets, "
      "and hospitals have as many places as the whole regional health authority's students. "
      "Cohorts from other regions' campuses that could be placed in this region's "
      "municipalities are not in this instance, and this region's cohorts can only go to this "
      "region's sites." % os.path.normpath(args.src))
    a("")
    a("## Size")
    a("")
    a("| | |")
    a("|---|---|")
    a("| sites | %d (%d municipalities, %d hospital stand-ins) |"
      % (stats["municipalities"] + stats["hospitals"], stats["municipalities"],
         stats["hospitals"]))
    a("| campuses | %d: %s |" % (stats["campuses"], ", ".join(
        "`%s`" % c for c, _ in stats["campus_list"])))
    a("| programmes with cohorts | %d: %s |" % (len(stats["programmes"]),
                                              ", ".join(stats["programmes"])))
    a("| cohorts | %d |" % stats["cohorts"])
    a("| students (placements, summed over periods) | %d |" % stats["students"])
    a("| municipal target | %s student-weeks |" % fmt_num(stats["target"]))
    a("| capacity rows | %d |" % stats["cap_rows"])
    a("| candidate (cohort, site) pairs allowed by a capacity row | %d |" % stats["pairs"])
    a("")
    return "\n".join(L)


def check_cover(src, dirs):
    """Every municipality, hospital, campus and cohort of src in exactly one of dirs."""
    t = load(src)
    sh, srows, _ = t["sites.csv"]
    i_id, i_kind = sh.index("id"), sh.index("kind")
    kinds = {r[i_id].strip(): r[i_kind].strip() for r in srows}
    ch, crows, _ = t["campuses.csv"]
    oh, orows, _ = t["cohorts.csv"]
    want = {"site": set(kinds), "campus": {r[ch.index("id")].strip() for r in crows},
            "cohort": {r[oh.index("id")].strip() for r in orows}}
    tables = [("site", "sites.csv"), ("campus", "campuses.csv"), ("cohort", "cohorts.csv")]
    if t["students.csv"] is not None:
        uh, urows, _ = t["students.csv"]
        want["student"] = {r[uh.index("id")].strip() for r in urows}
        tables.append(("student", "students.csv"))
    seen = {k: {} for k in want}
    for d in dirs:
        for kind, name in tables:
            h, rows, _ = read_table(os.path.join(d, name))
            for r in rows:
                seen[kind].setdefault(r[h.index("id")].strip(), []).append(d)
    ok = True
    lines = []
    for kind, _name in tables:
        missing = sorted(want[kind] - set(seen[kind]))
        twice = sorted(k for k, v in seen[kind].items() if len(v) > 1)
        extra = sorted(set(seen[kind]) - want[kind])
        if kind == "site":
            for sub in ("municipality", "hospital"):
                ids = {k for k, v in kinds.items() if v == sub}
                once = sum(1 for k in ids if len(seen[kind].get(k, [])) == 1)
                label = "municipalities" if sub == "municipality" else "hospitals"
                lines.append("  %-14s %d of %d exactly once" % (label, once, len(ids)))
        else:
            once = sum(1 for k in want[kind] if len(seen[kind].get(k, [])) == 1)
            label = {"campus": "campuses", "cohort": "cohorts", "student": "students"}[kind]
            lines.append("  %-14s %d of %d exactly once" % (label, once, len(want[kind])))
        for label, lst in (("missing", missing), ("in several cuts", twice),
                           ("not in the source", extra)):
            if lst:
                ok = False
                lines.append("  %s %s: %s%s" % (kind, label, ", ".join(lst[:10]),
                                                " ..." if len(lst) > 10 else ""))
    print("%s: %s by %s" % (src, "covered exactly once" if ok else "NOT covered exactly once",
                            ", ".join(dirs)))
    print("\n".join(lines))
    return 0 if ok else 1


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Cut a regional instance out of a national one by county or regional "
                    "health authority, or check that cuts cover it exactly once.")
    ap.add_argument("--from", dest="src", required=True, help="the source instance directory")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--counties", help="comma-separated county names (the sites' region)")
    g.add_argument("--rhf", choices=RHF_ORDER, help="a regional health authority")
    g.add_argument("--check-cover", action="store_true",
                   help="check that the DIRs together cover --from exactly once")
    ap.add_argument("--out", help="output directory (created if needed)")
    ap.add_argument("dirs", nargs="*", help="with --check-cover: the cut instances")
    args = ap.parse_args(argv)
    try:
        if args.check_cover:
            if not args.dirs:
                ap.error("--check-cover: give the cut instance directories")
            return check_cover(args.src, args.dirs)
        if args.dirs:
            ap.error("unexpected arguments: %s" % " ".join(args.dirs))
        if not args.out or not (args.counties or args.rhf):
            ap.error("give --out and one of --counties or --rhf")
        if args.rhf:
            counties = sorted(c for c, r in RHF_OF_COUNTY.items() if r == args.rhf)
        else:
            counties = sorted({c.strip() for c in args.counties.split(",") if c.strip()})
            if not counties:
                ap.error("--counties: give at least one county")
        files, stats = cut(args.src, counties)
    except BuildError as e:
        print("cut_region.py: %s" % e, file=sys.stderr)
        return 1
    files["README.md"] = readme(args, counties, stats)
    os.makedirs(args.out, exist_ok=True)
    for name in sorted(files):
        tmp = os.path.join(args.out, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="\n") as f:
            f.write(files[name])
        os.replace(tmp, os.path.join(args.out, name))
    scen = os.path.join(args.src, "scenario.json")
    out_scen = os.path.join(args.out, "scenario.json")
    if os.path.exists(scen):
        shutil.copyfile(scen, out_scen)
    elif os.path.exists(out_scen):
        os.remove(out_scen)
    for name in OPTIONAL:
        if name not in files and os.path.exists(os.path.join(args.out, name)):
            os.remove(os.path.join(args.out, name))
    print("%s: %d municipalities, %d hospitals, %d campuses, %d cohorts, %d students, "
          "%d candidate pairs" % (args.out, stats["municipalities"], stats["hospitals"],
                                  stats["campuses"], stats["cohorts"], stats["students"],
                                  stats["pairs"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
