#!/usr/bin/env bash
# tests/students.sh PRAKSIS - students as people (students.csv): the plan of
# tests/instances/students-tiny against its hand-worked README, the
# independent checker (tests/verify_plan.py) refusing plans that break a
# student's rule, the shortest_moves key in --set and in a sweep, the
# listed students of an excluded programme leaving with their cohort, and
# fixed.csv's (student, site) form: a plan worked out by hand, checked by
# verify_plan.py and glpsol, and the rows it refuses.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
inst=tests/instances/students-tiny

ok() { echo "ok - students: $1"; }
notok() { echo "not ok - students: $1"; }

"$bin" solve "$inst" -o "$tmp/plan" --quiet 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ]; then
    notok "solve $inst: exit $rc: $(head -2 "$tmp/err")"
    exit 1
fi

# ---- the plan of the README, student by student
want='D,
A,F2
E2,F1
B,N1
H,F2
C,N1
E1,F1'
got=$(cut -d, -f1,7 "$tmp/plan/student_plan.csv" | tail -n +2)
if [ "$got" = "$want" ]; then
    ok "students-tiny: every listed student where the README puts them (D unplaced, A and H at home)"
else
    notok "students-tiny: student_plan.csv gives $(echo "$got" | tr '\n' ' ')"
fi
python3 - "$tmp/plan/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
want = {"listed_students": 7, "placed_at_home": 2, "relocated_students": 4, "placed": 8,
        "cannot_relocate": {"students": 4, "placed": 3, "unplaced": 1}}
got = {k: s[k] for k in want}
km = s["relocated_km"]
if got == want and abs(km - 375.838852) < 1e-6 and s["solver"]["levels_proven"] == 4:
    print("ok - students: students-tiny: summary.json figures as worked out by hand")
else:
    print(f"not ok - students: students-tiny: summary.json {got}, relocated_km {km}")
PY
if grep -q '^SYK-AUT,.*,F2,municipality,2,5,144.6,1,0,5000,0,' "$tmp/plan/assignments.csv"; then
    ok "assignments.csv: F2 beyond commuting distance of the campus, but no student there relocated and no travel cost"
else
    notok "assignments.csv: F2's row is $(grep ',F2,' "$tmp/plan/assignments.csv")"
fi

# ---- the checker must refuse each broken plan
python3 tests/verify_plan.py "$inst" "$tmp/plan" >"$tmp/v" 2>&1
if grep -q '^not ok' "$tmp/v" || ! grep -q '^ok' "$tmp/v"; then
    notok "verify_plan.py on the engine's plan: $(grep '^not ok' "$tmp/v" | head -2)"
else
    ok "verify_plan.py passes the engine's plan ($(grep -c '^ok' "$tmp/v") checks)"
fi
# broken NAME PYTHON-EDIT PATTERN: edit a copy of the plan, the checker must
# fail with a line matching PATTERN
broken() {
    local name=$1 edit=$2 pattern=$3
    rm -rf "$tmp/bad"
    cp -r "$tmp/plan" "$tmp/bad"
    (cd "$tmp/bad" && python3 -c "$edit")
    python3 tests/verify_plan.py "$inst" "$tmp/bad" >"$tmp/v" 2>&1
    if grep -E '^not ok' "$tmp/v" | grep -qE "$pattern"; then
        ok "verify_plan.py refuses a plan with $name"
    else
        notok "verify_plan.py accepts a plan with $name: $(grep '^not ok' "$tmp/v" | head -2)"
    fi
}
sub='import sys
def sub(path, a, b):
    t = open(path).read()
    assert a in t, (path, a)
    open(path, "w").write(t.replace(a, b, 1))
'
broken "a relocated student marked not relocated" "$sub
sub('student_plan.csv', 'E1,SYK-AUT,TU-MAIN,SYK,autumn,G,F1,Nordvik,144.6,72.3,1', 'E1,SYK-AUT,TU-MAIN,SYK,autumn,G,F1,Nordvik,144.6,72.3,0')" \
    "relocated = beyond commute_km"
broken "a student who cannot relocate placed far from campus and home (B and A swapped)" "$sub
sub('student_plan.csv', 'A,SYK-AUT,TU-MAIN,SYK,autumn,F2,F2,Sørby,144.6,0.0,0', 'A,SYK-AUT,TU-MAIN,SYK,autumn,F2,N1,Nærby,28.9,173.5,0')
sub('student_plan.csv', 'B,SYK-AUT,TU-MAIN,SYK,autumn,,N1,Nærby,28.9,,0', 'B,SYK-AUT,TU-MAIN,SYK,autumn,,F2,Sørby,144.6,,1')" \
    "no student who cannot relocate is relocated"
broken "the unplaced student of a class not the last in id order (D placed, B not)" "$sub
sub('student_plan.csv', 'D,SYK-AUT,TU-MAIN,SYK,autumn,,,,,,', 'D,SYK-AUT,TU-MAIN,SYK,autumn,,N1,Nærby,28.9,,0')
sub('student_plan.csv', 'B,SYK-AUT,TU-MAIN,SYK,autumn,,N1,Nærby,28.9,,0', 'B,SYK-AUT,TU-MAIN,SYK,autumn,,,,,,')" \
    "in id order take its placements in site order"
broken "home students counted as relocated (and paid travel)" "$sub
sub('assignments.csv', 'F2,municipality,2,5,144.6,1,0,5000,0', 'F2,municipality,2,5,144.6,1,15000,5000,2')" \
    "relocated_students = "
json_set='import json, sys
def set_(key, v):
    j = json.load(open("summary.json"))
    j[key] = v
    json.dump(j, open("summary.json", "w"))
'
broken "a wrong count of students placed at home" "$json_set
set_('placed_at_home', 0)" "placed_at_home"
broken "a wrong fourth level (a longer plan's student-km)" "$json_set
set_('relocated_km', 520.392257)" "relocated_km"
broken "a listed student missing" "$sub
t = open('student_plan.csv').read().split(chr(10))
open('student_plan.csv', 'w').write(chr(10).join(l for l in t if not l.startswith('H,')))" \
    "one row per listed student"

# ---- shortest_moves: a scenario key like every other, in --set and in a sweep
"$bin" solve "$inst" --set shortest_moves=false -o "$tmp/off" --quiet 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
sys.exit(0 if s["scenario"]["shortest_moves"] is False and s["cost"]["total"] == 50000 and s["solver"]["levels_proven"] == 4 else 1)
' "$tmp/off/summary.json" && python3 tests/verify_plan.py "$inst" "$tmp/off" --set shortest_moves=false >"$tmp/v" 2>&1 &&
    grep -q '^ok' "$tmp/v" && ! grep -q '^not ok' "$tmp/v"; then
    ok "--set shortest_moves=false: same cost, the fourth level not solved, the plan checked"
else
    notok "--set shortest_moves=false: exit $rc $(head -2 "$tmp/err")"
fi
printf '{"grid": {"shortest_moves": [true, false], "demand_scale": [1, 0.5]}}\n' >"$tmp/grid.json"
"$bin" sweep "$inst" "$tmp/grid.json" -o "$tmp/sweep" --quiet --threads 2 >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ -d "$tmp/sweep/shortest_moves=false,demand_scale=0.5" ] &&
    python3 - "$tmp/sweep/sweep.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
got = [(r["shortest_moves"], r["demand_scale"], r["cost_total"]) for r in rows]
want = [("true", "1", "50000"), ("true", "0.5", "30000"), ("false", "1", "50000"), ("false", "0.5", "30000")]
sys.exit(0 if got == want and all(r["status"] == "optimal" for r in rows) else 1)
PY
then
    ok "a sweep grid over shortest_moves: four scenarios, the key in sweep.csv, the same costs"
else
    notok "a sweep grid over shortest_moves: exit $rc $(head -2 "$tmp/err")"
fi

# ---- a cohort left out by the programmes key takes its listed students with it
cp -r instances/tiny "$tmp/tiny"
printf 'id,cohort,home,relocate\nF1,FYS-AUT,M4,no\nS1,SYK-AUT,M4,\nS2,SYK-SPR,,nei\n' >"$tmp/tiny/students.csv"
"$bin" solve "$tmp/tiny" --set programmes=SYK -o "$tmp/syk" --quiet 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ "$(cut -d, -f1 "$tmp/syk/student_plan.csv" | tail -n +2 | tr '\n' ' ')" = "S1 S2 " ] &&
    python3 tests/verify_plan.py "$tmp/tiny" "$tmp/syk" --set programmes=SYK >"$tmp/v" 2>&1; then
    ok "programmes=SYK: the FYS cohort's listed student leaves with it; the plan checked"
else
    notok "programmes=SYK: exit $rc, student_plan.csv $(tr '\n' ' ' <"$tmp/syk/student_plan.csv" 2>/dev/null)"
fi

# ---- fixed.csv by student: (student, site) agrees a listed student's place.
# A (home F2, may relocate) at F1 and E2 (home G) at N1, worked out by hand
# from the instance's README: N1 keeps 1 place for B, C and D, so C and D
# are unplaced (level 1: 10 weeks); share deficit 0; A is relocated at F1
# and needs a relocated companion there, E1 (72.277 km from G), and U1, U2
# take F3: 4 relocated of 7 placed, 7 x 2,500 + 4 x 7,500 = 47,500 kr;
# student-km 144.553 (A, from the campus) + 72.277 + 2 x 115.643 = 448.116.
# H goes home to F2; B, first in id order of its class, takes N1.
agreed="$tmp/agreed"
cp -r "$inst" "$agreed"
printf 'student,site\nA,F1\nE2,N1\n' >"$agreed/fixed.csv"
"$bin" solve "$agreed" -o "$tmp/agreed-plan" --quiet 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ]; then
    ok "fixed.csv (student, site): A at F1 and E2 at N1 solve to a proven optimum (exit 0)"
else
    notok "fixed.csv (student, site): exit $rc: $(head -2 "$tmp/err")"
fi
got=$(cut -d, -f1,7 "$tmp/agreed-plan/student_plan.csv" 2>/dev/null | grep -E '^(A|E2),' | tr '\n' ' ')
if [ "$got" = "A,F1 E2,N1 " ]; then
    ok "fixed.csv (student, site): student_plan.csv puts A at F1 and E2 at N1"
else
    notok "fixed.csv (student, site): student_plan.csv puts A and E2 at: $got"
fi
got=$(cut -d, -f1,7 "$tmp/agreed-plan/student_plan.csv" 2>/dev/null | tail -n +2 | tr '\n' ' ')
if [ "$got" = "D, A,F1 E2,N1 B,N1 H,F2 C, E1,F1 " ]; then
    ok "fixed.csv (student, site): the others as worked out by hand (B at N1, C and D unplaced, H at home, E1 with A)"
else
    notok "fixed.csv (student, site): student_plan.csv gives $got"
fi
python3 - "$tmp/agreed-plan/summary.json" "$tmp/plan/summary.json" <<'PY'
import json, sys
a, p = (json.load(open(f)) for f in sys.argv[1:])
fx = a["agreements"]["fixed"]
want = {"rows": 2, "met": 2, "students": 2, "rows_outside_scenario": 0}
if fx == want and a["status"] == "optimal" and a["solver"]["levels_proven"] == 4:
    print("ok - students: fixed.csv (student, site): summary.json's agreements.fixed: 2 rows, 2 met, 2 students")
else:
    print(f"not ok - students: fixed.csv (student, site): summary.json agreements.fixed {fx}, status {a['status']}")
lv = lambda s: (s["unplaced_weeks"], s["share_deficit_weeks"], s["cost"]["total"], s["relocated_km"])
la, lp = lv(a), lv(p)
if la[:3] == (10, 0, 47500) and abs(la[3] - 448.115554) < 1e-6:
    print("ok - students: fixed.csv (student, site): the four levels as worked out by hand (10, 0, 47500, 448.115554)")
else:
    print(f"not ok - students: fixed.csv (student, site): levels {la}")
# the objective is lexicographic: an agreement can only make it worse or
# leave it, compared level by level from the first (here the cost is lower
# than without the agreements, because two students fewer are placed)
if la >= lp and lp[:3] == (5, 0, 50000):
    print(f"ok - students: fixed.csv (student, site): the agreed plan's levels {la} not better than the unagreed {lp}")
else:
    print(f"not ok - students: fixed.csv (student, site): agreed levels {la} better than the unagreed {lp}")
PY
if python3 tests/verify_plan.py "$agreed" "$tmp/agreed-plan" >"$tmp/v" 2>&1 && grep -q '^ok - .*fixed.csv: every agreed placement' "$tmp/v" && ! grep -q '^not ok' "$tmp/v"; then
    ok "fixed.csv (student, site): verify_plan.py passes the agreed plan ($(grep -c '^ok' "$tmp/v") checks)"
else
    notok "fixed.csv (student, site): verify_plan.py: $(grep '^not ok' "$tmp/v" | head -2)"
fi
if command -v glpsol >/dev/null; then
    PRAKSIS=$bin bash tests/crosscheck.sh --solver glpsol "$agreed" >"$tmp/cross" 2>&1
    rc=$?
    if [ $rc -eq 0 ] && [ "$(grep -c '^ok - crosscheck glpsol' "$tmp/cross")" -eq 4 ] &&
        grep -q '^ok - crosscheck glpsol .* level 1: engine 10.0, glpsol 10$' "$tmp/cross"; then
        ok "fixed.csv (student, site): glpsol on models/placement.mod agrees on all four levels"
    else
        notok "fixed.csv (student, site): crosscheck glpsol: exit $rc $(grep -v '^#' "$tmp/cross" | grep -v '^ok' | head -3 | tr '\n' ' ')"
    fi
else
    ok "fixed.csv (student, site): crosscheck glpsol # skip: glpsol is not installed"
fi

# conflict_row NAME ROW PATTERN: fixed.csv with A at F1 and then ROW (line
# 3); exit 1, nothing written, and one line naming fixed.csv:3 and matching
# PATTERN
conflict_row() {
    local name=$1 row=$2 pattern=$3 d="$tmp/conflict" rc msg
    rm -rf "$d" "$tmp/conflict-out"
    cp -r "$inst" "$d"
    printf 'student,site\nA,F1\n%s\n' "$row" >"$d/fixed.csv"
    "$bin" solve "$d" -o "$tmp/conflict-out" --quiet >"$tmp/stdout" 2>"$tmp/err"
    rc=$?
    msg=$(cat "$tmp/err")
    if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && [ ! -e "$tmp/conflict-out" ] && [ ! -s "$tmp/stdout" ] &&
        grep -qE "^praksis: $d/fixed\.csv:3(:[0-9]+)?: .*$pattern" "$tmp/err"; then
        ok "fixed.csv (student, site): $name: exit 1, nothing written, $msg"
    else
        notok "fixed.csv (student, site): $name: exit $rc, '$msg'"
    fi
}
conflict_row "a student not in students.csv" "Z,N1" 'student: .*unknown "Z"'
# H cannot relocate and lives at F2; F1 is 144.6 km from the campus and
# 289.1 km from F2
conflict_row "a student who cannot relocate agreed at a site that would relocate them" "H,F1" \
    'H at F1, but H cannot relocate \(students\.csv:6\)'
