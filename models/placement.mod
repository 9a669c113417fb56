/* placement.mod - the praksis placement model in GNU MathProg.
 *
 * The readable specification of the model the engine builds through the
 * GLPK C API, and an independent second route to its optimum: every derived
 * quantity (included cohorts, scaled sizes and capacities, distances,
 * relocation, candidate pairs, rates, group costs, share targets) is
 * computed here from the raw instance data that `praksis export DIR --dat
 * FILE` writes, so glpsol also checks the engine's derivations.
 *
 * Lexicographic objective, one level per run:
 *   glpsol -m models/placement.mod -d inst.dat                 (level 1)
 *   glpsol -m models/placement.mod -d inst.dat -d level.dat    (levels 2, 3, 4)
 * where level.dat holds e.g.
 *   param level := 3; param opt1 := 0; param opt2 := 12.5; end;
 * After solving, one line "PRAKSIS_LEVELS L1 L2 L3 L4" gives the plan's four
 * objective values (%.17g).  models/README.md explains the formulation.
 */

/* ================================================================ raw data */

/* sites: municipalities (is_muni = 1) and hospitals */
set SITES;
param is_muni{SITES} binary;
param site_lat{SITES};
param site_lon{SITES};

/* coordinator groups of municipalities; the group's fixed cost is the
 * members' common fixed_cost when one was given (group_has_fixed = 1),
 * else the scenario's coordinator_cost */
set GROUPS;
param group_has_fixed{GROUPS} binary;
param group_fixed_cost{GROUPS} >= 0;
set MUNIS := {s in SITES: is_muni[s] = 1};
param site_group{MUNIS} symbolic in GROUPS;

/* campuses and their institutions */
set CAMPUSES;
param campus_inst{CAMPUSES} symbolic;
param campus_lat{CAMPUSES};
param campus_lon{CAMPUSES};

/* programmes: own municipal share (when prog_has_share = 1) and supervisor
 * ratio (students per supervisor) */
set PROGS;
param prog_has_share{PROGS} binary;
param prog_share{PROGS} >= 0, <= 1;
param ratio{PROGS} integer, >= 1;

set PERIODS;

/* cohorts: coh_students students of a programme at a campus need a
 * placement of coh_weeks weeks in a period */
set COHORTS;
param coh_campus{COHORTS} symbolic in CAMPUSES;
param coh_prog{COHORTS} symbolic in PROGS;
param coh_period{COHORTS} symbolic in PERIODS;
param coh_students{COHORTS} integer, >= 0;
param coh_weeks{COHORTS} > 0;

/* capacity rows for one programme (CAPP) and '*' rows for all programmes
 * (CAPS); *_has_sup = 0 means a blank supervisors cell: no limit */
set CAPP dimen 3 within SITES cross PROGS cross PERIODS;
param capp_places{CAPP} integer, >= 0;
param capp_has_sup{CAPP} binary;
param capp_sup{CAPP} integer, >= 0;
set CAPS dimen 2 within SITES cross PERIODS;
param caps_places{CAPS} integer, >= 0;
param caps_has_sup{CAPS} binary;
param caps_sup{CAPS} integer, >= 0;

/* measured road distances replacing computed ones */
set DIST dimen 2 within CAMPUSES cross SITES;
param dist_km{DIST} >= 0;

/* students listed in students.csv: their cohort, whether they may relocate,
 * and their home municipality; the number 0 (never an exported id, which
 * is always a quoted string) stands for a blank home: the campus */
set STU;
param stu_coh{STU} symbolic in COHORTS;
param stu_reloc{STU} binary;
param stu_home{STU} symbolic, default 0;
check{u in STU: stu_home[u] != 0}: stu_home[u] in MUNIS;

/* the scenario */
param travel_rate >= 0;
param supervision_rate >= 0;
param hospital_supervision_rate >= 0;
param coordinator_cost >= 0;
param commute_km >= 0;
param road_factor > 0;
param min_relocated_group integer, >= 1;
param municipal_share >= 0, <= 1;
param capacity_scale >= 0;
param demand_scale >= 0;
param include_all binary;          /* 1: the scenario includes all programmes */
set SCEN_PROGS within PROGS;       /* else: the scenario's programme list */
param shortest_moves binary, default 1; /* 0: the scenario turns level 4 off */

/* agreements, all optional: minimum intakes of capacity rows (0: none),
 * honoured when honour_minimums = 1; placements agreed in advance (FIXED:
 * that many of the cohort's unlisted students at the site; FIXS: a listed
 * student at the site); the previous plan, per (site, programme, period)
 * in PREVP or per (site, programme) in PREVA, and what each student more
 * or fewer than it costs at the cost level */
param capp_min{CAPP} integer, >= 0, default 0;
param caps_min{CAPS} integer, >= 0, default 0;
param honour_minimums binary, default 1;
set FIXED dimen 2 within COHORTS cross SITES, default {c in COHORTS, s in SITES: 0 = 1};
param fix_students{FIXED} integer, >= 1;
set FIXS dimen 2 within STU cross SITES, default {u in STU, s in SITES: 0 = 1};
param change_cost >= 0, default 0;
param has_previous binary, default 0;
set PREVP dimen 3 within SITES cross PROGS cross PERIODS, default {s in SITES, p in PROGS, t in PERIODS: 0 = 1};
param prevp_students{PREVP} integer, >= 0;
set PREVA dimen 2 within SITES cross PROGS, default {s in SITES, p in PROGS: 0 = 1};
param preva_students{PREVA} integer, >= 0;

/* which lexicographic level to solve, and the optima of earlier levels */
param level integer, in 1..4, default 1;
param opt1;                        /* needed when level >= 2 */
param opt2;                        /* needed when level >= 3 */
param opt3;                        /* needed when level = 4 */

/* ============================================================ derived data */

set INCL := {p in PROGS: include_all = 1 or p in SCEN_PROGS};
set C := {c in COHORTS: coh_prog[c] in INCL};            /* included cohorts */

/* demand_scale rounds half up, never below the cohort's listed students
 * (they are people); capacity_scale rounds down */
param listed{c in C} := card({u in STU: stu_coh[u] = c});
param stud{c in C} := max(floor(coh_students[c] * demand_scale + 0.5 + 1e-9), listed[c]);
param placesP{(s,p,t) in CAPP} := floor(capp_places[s,p,t] * capacity_scale + 1e-9);
param supP{(s,p,t) in CAPP: capp_has_sup[s,p,t] = 1} :=
    floor(capp_sup[s,p,t] * capacity_scale + 1e-9);
param placesS{(s,t) in CAPS} := floor(caps_places[s,t] * capacity_scale + 1e-9);
param supS{(s,t) in CAPS: caps_has_sup[s,t] = 1} :=
    floor(caps_sup[s,t] * capacity_scale + 1e-9);

param share{p in PROGS} := if prog_has_share[p] = 1 then prog_share[p] else municipal_share;

/* great-circle distance (haversine, sphere of radius 6371.0 km), written
 * in the same operation order as the engine's geo_km() */
param rad := 3.14159265358979323846 / 180.0;
param hav{k in CAMPUSES, s in SITES} :=
    min(1,
        sin((site_lat[s] - campus_lat[k]) * rad / 2) * sin((site_lat[s] - campus_lat[k]) * rad / 2)
        + cos(campus_lat[k] * rad) * cos(site_lat[s] * rad)
          * sin((site_lon[s] - campus_lon[k]) * rad / 2) * sin((site_lon[s] - campus_lon[k]) * rad / 2));
param km{k in CAMPUSES, s in SITES} :=
    if (k,s) in DIST then dist_km[k,s]
    else 2 * 6371.0 * atan(sqrt(hav[k,s]), sqrt(1 - hav[k,s])) * road_factor;

/* classes: students of a cohort with the same home (0: the campus) who may
 * or may not relocate (r = 1 / 0); the model places classes.  The class
 * (c, 0, 1) holds the unlisted students and the listed ones like them; a
 * cohort without listed students is that one class */
set LCLS dimen 3 := setof{u in STU: stu_coh[u] in C} (stu_coh[u], stu_home[u], stu_reloc[u]);
param lsize{(c,h,r) in LCLS} := card({u in STU: stu_coh[u] = c and stu_home[u] = h and stu_reloc[u] = r});
param dsize{c in C} := stud[c] - listed[c] + (if (c, 0, 1) in LCLS then lsize[c, 0, 1] else 0);
set CLS dimen 3 := LCLS union setof{c in C: dsize[c] > 0 or listed[c] = 0} (c, 0, 1);
param csize{(c,h,r) in CLS} := if h = 0 and r = 1 then dsize[c] else lsize[c,h,r];

/* km from a home municipality: great-circle x road_factor, 0 at the home */
set HOMES := setof{(c,h,r) in CLS: h != 0} h;
param hhav{h in HOMES, s in SITES} :=
    min(1,
        sin((site_lat[s] - site_lat[h]) * rad / 2) * sin((site_lat[s] - site_lat[h]) * rad / 2)
        + cos(site_lat[h] * rad) * cos(site_lat[s] * rad)
          * sin((site_lon[s] - site_lon[h]) * rad / 2) * sin((site_lon[s] - site_lon[h]) * rad / 2));
param hkm{h in HOMES, s in SITES} :=
    if h = s then 0 else 2 * 6371.0 * atan(sqrt(hhav[h,s]), sqrt(1 - hhav[h,s])) * road_factor;

/* relocated: beyond commuting distance of the campus and of the home */
param rel{(c,h,r) in CLS, s in SITES} binary :=
    if km[coh_campus[c], s] <= commute_km then 0
    else if h = 0 then 1
    else if hkm[h,s] > commute_km then 1 else 0;

/* candidate pairs: the site has a row for the cohort's programme and
 * period, or a '*' row for the period; a class that cannot relocate has
 * no relocated pairs */
set PAIRS dimen 4 := {(c,h,r) in CLS, s in SITES:
    ((s, coh_prog[c], coh_period[c]) in CAPP or (s, coh_period[c]) in CAPS)
    and (r = 1 or rel[c,h,r,s] = 0)};
param reloc{(c,h,r,s) in PAIRS} binary := rel[c,h,r,s];
set RPAIRS dimen 4 := {(c,h,r,s) in PAIRS: reloc[c,h,r,s] = 1};

/* level 4: km of a relocated placement from the nearer of campus and home */
param mkm{(c,h,r,s) in PAIRS} :=
    if reloc[c,h,r,s] = 0 then 0
    else if h = 0 then km[coh_campus[c], s]
    else min(km[coh_campus[c], s], hkm[h,s]);

/* classes of a programme and period, and of a period */
set CPT{p in PROGS, t in PERIODS} dimen 3 := {(c,h,r) in CLS: coh_prog[c] = p and coh_period[c] = t};
set CT{t in PERIODS} dimen 3 := {(c,h,r) in CLS: coh_period[c] = t};

param rate{s in SITES} := if is_muni[s] = 1 then supervision_rate else hospital_supervision_rate;
param pcost{(c,h,r,s) in PAIRS} := coh_weeks[c] * (rate[s] + travel_rate * reloc[c,h,r,s]);

/* (site, programme, period) with candidate pairs */
set SPT := setof{(c,h,r,s) in PAIRS} (s, coh_prog[c], coh_period[c]);

/* groups that some included cohort could use, and their fixed costs */
set GUSED := setof{(c,h,r,s) in PAIRS: is_muni[s] = 1} site_group[s];
param fixed{g in GUSED} := if group_has_fixed[g] = 1 then group_fixed_cost[g] else coordinator_cost;

/* (site, period) with relocated candidate pairs; the minimum is only
 * modelled when it bites (min_relocated_group > 1) */
set STR := setof{(c,h,r,s) in RPAIRS: min_relocated_group > 1} (s, coh_period[c]);

/* (institution, programme) with included cohorts, and its target weeks */
set IP := setof{c in C} (campus_inst[coh_campus[c]], coh_prog[c]);
param target{(i,p) in IP} :=
    share[p] * sum{c in C: campus_inst[coh_campus[c]] = i and coh_prog[c] = p} coh_weeks[c] * stud[c];

/* minimum intakes scale as places do (rounded down) */
param minP{(s,p,t) in CAPP} := floor(capp_min[s,p,t] * capacity_scale + 1e-9);
param minS{(s,t) in CAPS} := floor(caps_min[s,t] * capacity_scale + 1e-9);

/* agreed listed students per class and site */
set FIXCS dimen 4 := setof{(u,s) in FIXS} (stu_coh[u], stu_home[u], stu_reloc[u], s);
param fixn{(c,h,r,s) in FIXCS} :=
    card({u in STU: (u,s) in FIXS and stu_coh[u] = c and stu_home[u] = h and stu_reloc[u] = r});

/* the rows plans are compared on with the previous plan: every (site,
 * programme[, period]) with candidate pairs and every previous row of an
 * included programme; only built when changes cost something */
set KP := (setof{(c,h,r,s) in PAIRS: change_cost > 0 and has_previous = 1 and card(PREVA) = 0}
              (s, coh_prog[c], coh_period[c]))
          union {(s,p,t) in PREVP: change_cost > 0 and p in INCL};
set KA := (setof{(c,h,r,s) in PAIRS: change_cost > 0 and has_previous = 1 and card(PREVA) > 0} (s, coh_prog[c]))
          union {(s,p) in PREVA: change_cost > 0 and p in INCL};
param kp_prev{(s,p,t) in KP} := if (s,p,t) in PREVP then prevp_students[s,p,t] else 0;
param ka_prev{(s,p) in KA} := if (s,p) in PREVA then preva_students[s,p] else 0;

/* ============================================================ formulation
 * tight = 1 (default) adds only what holds for every integer plan, so the
 * plans and optima are the same as with tight = 0, the model exactly as
 * README states it; models/README.md says why each tightening is there.
 *                              tight = 0            tight = 1
 * bound / linking coefficient  students'[c]         ub[c,s] (below)
 * supervisor integers v        every (s,p,t)        only ratio > 1 under a '*' limit
 * group variable y             every group used     only groups with a fixed cost > 0
 * municipal places rows        <= places'           <= places' * y
 * relocated (s,t)              R >= m z             also R <= rcap z
 * share rows                   as stated            also their MIR rounding          */
param tight binary, default 1;

/* the most students of class (c,h,r) that site s can ever take: the class,
 * the places of each row that applies, and ratio x supervisors of each row */
param ub{(c,h,r,s) in PAIRS} := min(csize[c,h,r],
    if (s, coh_prog[c], coh_period[c]) in CAPP
    then placesP[s, coh_prog[c], coh_period[c]] else csize[c,h,r],
    if (s, coh_prog[c], coh_period[c]) in CAPP
    then (if capp_has_sup[s, coh_prog[c], coh_period[c]] = 1
          then ratio[coh_prog[c]] * supP[s, coh_prog[c], coh_period[c]] else csize[c,h,r])
    else csize[c,h,r],
    if (s, coh_period[c]) in CAPS then placesS[s, coh_period[c]] else csize[c,h,r],
    if (s, coh_period[c]) in CAPS
    then (if caps_has_sup[s, coh_period[c]] = 1
          then ratio[coh_prog[c]] * supS[s, coh_period[c]] else csize[c,h,r])
    else csize[c,h,r]);
param lk{(c,h,r,s) in PAIRS} := if tight = 1 then ub[c,h,r,s] else csize[c,h,r];

/* the most relocated students (s,t) can take: its relocated pairs' bounds,
 * and the places of its '*' row */
param rcap{(s,t) in STR} := min(sum{(c,h,r) in CT[t]: (c,h,r,s) in RPAIRS} ub[c,h,r,s],
    if (s,t) in CAPS then placesS[s,t] else Infinity);

/* supervisor integers.  A unit (s,p,t) needs ceil(students / ratio[p])
 * supervisors; where nothing but its own programme row limits them, or the
 * ratio is 1, that is linear in x: ceil(n / r) <= S  <=>  n <= r S */
set VSET := {(s,p,t) in SPT: tight = 0
    or (ratio[p] > 1 and (s,t) in CAPS and caps_has_sup[s,t] = 1)};
set GY := {g in GUSED: tight = 0 or fixed[g] > 0};

/* =============================================================== variables */

var x{(c,h,r,s) in PAIRS} integer, >= 0, <= lk[c,h,r,s]; /* students of a class placed at s */
var u{CLS} >= 0;                                   /* unplaced students of a class */
var v{VSET} integer, >= 0;                         /* supervisors of (s,p,t) */
var y{GY} binary;                                  /* group in use */
var z{STR} binary;                                 /* (s,t) receives relocated students */
var d{IP} >= 0;                                    /* municipal-share deficit, weeks */
var chp{KP} >= 0;                                  /* |students - previous| of a row ... */
var cha{KA} >= 0;                                  /* ... per period, or per horizon */

/* ============================================================= constraints */

s.t. demand{(c,h,r) in CLS}:
    sum{s in SITES: (c,h,r,s) in PAIRS} x[c,h,r,s] + u[c,h,r] = csize[c,h,r];

/* places; with tight = 1 a municipality's rows only open when its group is
 * in use */
s.t. places_prog{(s,p,t) in CAPP: card(CPT[p,t]) > 0}:
    sum{(c,h,r) in CPT[p,t]: (c,h,r,s) in PAIRS} x[c,h,r,s]
    <= if tight = 1 and is_muni[s] = 1 and site_group[s] in GY
       then placesP[s,p,t] * y[site_group[s]] else placesP[s,p,t];
s.t. places_all{(s,t) in CAPS: card(CT[t]) > 0}:
    sum{(c,h,r) in CT[t]: (c,h,r,s) in PAIRS} x[c,h,r,s]
    <= if tight = 1 and is_muni[s] = 1 and site_group[s] in GY
       then placesS[s,t] * y[site_group[s]] else placesS[s,t];

/* supervisors are whole people: students <= ratio x supervisors */
s.t. sup_need{(s,p,t) in VSET}:
    sum{(c,h,r) in CPT[p,t]: (c,h,r,s) in PAIRS} x[c,h,r,s] <= ratio[p] * v[s,p,t];
/* a programme row's limit (v <= S, or with no v: students <= ratio x S) */
s.t. sup_prog{(s,p,t) in SPT: (s,p,t) in CAPP and capp_has_sup[s,p,t] = 1}:
    (if (s,p,t) in VSET then ratio[p] * v[s,p,t]
     else sum{(c,h,r) in CPT[p,t]: (c,h,r,s) in PAIRS} x[c,h,r,s])
    <= ratio[p] * supP[s,p,t];
/* a '*' row's limit on all programmes' supervisors together (with no v the
 * ratio is 1 and the students are the supervisors) */
s.t. sup_all{(s,t) in CAPS: caps_has_sup[s,t] = 1 and exists{p in PROGS} (s,p,t) in SPT}:
    sum{p in PROGS: (s,p,t) in SPT}
        (if (s,p,t) in VSET then v[s,p,t] else sum{(c,h,r) in CPT[p,t]: (c,h,r,s) in PAIRS} x[c,h,r,s])
    <= supS[s,t];

/* a municipality with students puts its group in use (disaggregated) */
s.t. group_link{(c,h,r,s) in PAIRS: is_muni[s] = 1 and site_group[s] in GY}:
    x[c,h,r,s] <= lk[c,h,r,s] * y[site_group[s]];

/* relocated students at a site in a period: 0 or >= min_relocated_group */
s.t. reloc_min{(s,t) in STR}:
    sum{(c,h,r) in CT[t]: (c,h,r,s) in RPAIRS} x[c,h,r,s] >= min_relocated_group * z[s,t];
s.t. reloc_link{(c,h,r,s) in RPAIRS: (s, coh_period[c]) in STR}:
    x[c,h,r,s] <= (if tight = 1 then min(ub[c,h,r,s], rcap[s, coh_period[c]]) else csize[c,h,r])
              * z[s, coh_period[c]];
s.t. reloc_cap{(s,t) in STR: tight = 1}:
    sum{(c,h,r) in CT[t]: (c,h,r,s) in RPAIRS} x[c,h,r,s] <= rcap[s,t] * z[s,t];
s.t. reloc_group{(s,t) in STR: is_muni[s] = 1 and site_group[s] in GY}:
    z[s,t] <= y[site_group[s]];

/* municipal share of practice weeks per (institution, programme) */
s.t. share_row{(i,p) in IP}:
    sum{(c,h,r,s) in PAIRS: is_muni[s] = 1 and campus_inst[coh_campus[c]] = i and coh_prog[c] = p}
        coh_weeks[c] * x[c,h,r,s]
    + d[i,p] >= target[i,p];

/* the share row rounded, a mixed-integer rounding (MIR) cut: divided by a
 * placement length w of the group's cohorts it reads  sum a[c] x + d/w >= b
 * with a[c] = weeks[c]/w and b = target/w; with f = frac(b) > 0,
 *   sum (floor(a[c]) + min(1, frac(a[c])/f)) x + d/(w f) >= ceil(b).
 * With one placement length: ceil(target/w) students in municipalities,
 * unless the deficit pays for the rest. */
set IPW{(i,p) in IP} := setof{c in C: campus_inst[coh_campus[c]] = i and coh_prog[c] = p} coh_weeks[c];
param mir_f{(i,p) in IP, w in IPW[i,p]} := target[i,p] / w - floor(target[i,p] / w);
s.t. share_mir{(i,p) in IP, w in IPW[i,p]:
        tight = 1 and mir_f[i,p,w] > 1e-6 and mir_f[i,p,w] < 1 - 1e-6}:
    sum{(c,h,r,s) in PAIRS: is_muni[s] = 1 and campus_inst[coh_campus[c]] = i and coh_prog[c] = p}
        (floor(coh_weeks[c] / w) + min(1, (coh_weeks[c] / w - floor(coh_weeks[c] / w)) / mir_f[i,p,w]))
        * x[c,h,r,s]
    + d[i,p] / (w * mir_f[i,p,w]) >= ceil(target[i,p] / w);

/* agreed placements and minimum intakes are hard: a cohort's row places
 * its unlisted students (the class (c,0,1)), a student's row that student;
 * an agreement without its pair cannot be met */
s.t. fixed_row{(c,s) in FIXED: c in C}:
    (if (c,0,1,s) in PAIRS then x[c,0,1,s] else 0) >= fix_students[c,s];
s.t. fixed_stu{(c,h,r,s) in FIXCS: c in C}:
    (if (c,h,r,s) in PAIRS then x[c,h,r,s] else 0) >= fixn[c,h,r,s];
s.t. min_prog{(s,p,t) in CAPP: honour_minimums = 1 and p in INCL and minP[s,p,t] > 0}:
    sum{(c,h,r) in CPT[p,t]: (c,h,r,s) in PAIRS} x[c,h,r,s] >= minP[s,p,t];
s.t. min_all{(s,t) in CAPS: honour_minimums = 1 and minS[s,t] > 0}:
    sum{(c,h,r) in CT[t]: (c,h,r,s) in PAIRS} x[c,h,r,s] >= minS[s,t];

/* tight: a group with an agreed placement or a minimum intake at one of its
 * municipalities is open in every plan, and so is the relocation of a
 * (site, period) with an agreed relocated placement */
s.t. open_agreed{g in GY: tight = 1 and (
        (exists{(c,s) in FIXED} (c in C and is_muni[s] = 1 and site_group[s] = g))
     or (exists{(c,h,r,s) in FIXCS} (c in C and is_muni[s] = 1 and site_group[s] = g))
     or (exists{(s,p,t) in CAPP} (honour_minimums = 1 and p in INCL and minP[s,p,t] > 0
                                  and is_muni[s] = 1 and site_group[s] = g))
     or (exists{(s,t) in CAPS} (honour_minimums = 1 and minS[s,t] > 0 and is_muni[s] = 1 and site_group[s] = g)))}:
    y[g] = 1;
s.t. open_agreed_reloc{(s,t) in STR: tight = 1 and (
        (exists{(c,s2) in FIXED} (s2 = s and c in C and coh_period[c] = t and (c,0,1,s) in RPAIRS))
     or (exists{(c,h,r,s2) in FIXCS} (s2 = s and c in C and coh_period[c] = t and (c,h,r,s) in RPAIRS)))}:
    z[s,t] = 1;

/* chp, cha >= |students - previous| (the cost level pushes them down to it) */
s.t. chp_more{(s,p,t) in KP}: chp[s,p,t] >= sum{(c,h,r) in CPT[p,t]: (c,h,r,s) in PAIRS} x[c,h,r,s] - kp_prev[s,p,t];
s.t. chp_less{(s,p,t) in KP}: chp[s,p,t] >= kp_prev[s,p,t] - sum{(c,h,r) in CPT[p,t]: (c,h,r,s) in PAIRS} x[c,h,r,s];
s.t. cha_more{(s,p) in KA}:
    cha[s,p] >= sum{(c,h,r,s2) in PAIRS: s2 = s and coh_prog[c] = p} x[c,h,r,s] - ka_prev[s,p];
s.t. cha_less{(s,p) in KA}:
    cha[s,p] >= ka_prev[s,p] - sum{(c,h,r,s2) in PAIRS: s2 = s and coh_prog[c] = p} x[c,h,r,s];

/* earlier levels held at their optimum (+ the engine's tolerance) */
s.t. keep_level1{k in 1..1: level >= 2}:
    sum{(c,h,r) in CLS} coh_weeks[c] * u[c,h,r] <= opt1 + 1e-6 + 1e-9 * abs(opt1);
s.t. keep_level2{k in 1..1: level >= 3}:
    sum{(i,p) in IP} d[i,p] <= opt2 + 1e-6 + 1e-9 * abs(opt2);
s.t. keep_level3{k in 1..1: level >= 4}:
    sum{(c,h,r,s) in PAIRS} pcost[c,h,r,s] * x[c,h,r,s] + sum{g in GY} fixed[g] * y[g]
    + change_cost * (sum{(s,p,t) in KP} chp[s,p,t] + sum{(s,p) in KA} cha[s,p])
    <= opt3 + 1e-6 + 1e-9 * abs(opt3);

/* ================================================================ objective */

minimize objective:
    if level = 1 then
        sum{(c,h,r) in CLS} coh_weeks[c] * u[c,h,r]         /* L1: unplaced student-weeks */
    else if level = 2 then
        sum{(i,p) in IP} d[i,p]                             /* L2: share deficit, weeks */
    else if level = 3 then
        sum{(c,h,r,s) in PAIRS} pcost[c,h,r,s] * x[c,h,r,s] /* L3: cost and change penalty */
        + sum{g in GY} fixed[g] * y[g]
        + change_cost * (sum{(s,p,t) in KP} chp[s,p,t] + sum{(s,p) in KA} cha[s,p])
    else                                                    /* L4: relocated student-km */
        shortest_moves * sum{(c,h,r,s) in RPAIRS} mkm[c,h,r,s] * x[c,h,r,s];

solve;

/* the plan's four levels, recomputed from x: d is only minimised at level
 * 2, a group in use is one with a student at one of its municipalities,
 * and the change penalty is taken from x, not from chp and cha */
printf "PRAKSIS_LEVELS %.17g %.17g %.17g %.17g\n",
    sum{(c,h,r) in CLS} coh_weeks[c] * (csize[c,h,r] - sum{s in SITES: (c,h,r,s) in PAIRS} x[c,h,r,s]),
    sum{(i,p) in IP} max(0, target[i,p]
        - sum{(c,h,r,s) in PAIRS: is_muni[s] = 1 and campus_inst[coh_campus[c]] = i and coh_prog[c] = p}
            coh_weeks[c] * x[c,h,r,s]),
    sum{(c,h,r,s) in PAIRS} pcost[c,h,r,s] * x[c,h,r,s]
    + sum{g in GUSED: exists{(c,h,r,s) in PAIRS: is_muni[s] = 1 and site_group[s] = g} x[c,h,r,s] > 0.5} fixed[g]
    + change_cost * (sum{(s,p,t) in KP} abs(sum{(c,h,r) in CPT[p,t]: (c,h,r,s) in PAIRS} x[c,h,r,s] - kp_prev[s,p,t])
                     + sum{(s,p) in KA} abs(sum{(c,h,r,s2) in PAIRS: s2 = s and coh_prog[c] = p} x[c,h,r,s]
                                            - ka_prev[s,p])),
    sum{(c,h,r,s) in RPAIRS} mkm[c,h,r,s] * x[c,h,r,s];

end;
