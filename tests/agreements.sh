#!/usr/bin/env bash
# tests/agreements.sh PRAKSIS - agreed placements, minimum intakes and the
# previous plan.  Each conflict case breaks a copy of instances/tiny in one
# way that no plan can meet, worked out by hand below; praksis must exit 1,
# write nothing, and name exactly the rows in conflict in one line.  Then
# the change cost that flips an optimum (tests/instances/change-flip), the
# stable plan of agreed-tiny, --previous, and a limit that stops the
# search for a first plan (exit 5); last, the groups that agreed-tiny's agreements
# open in its model.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
t() {
    local name=$1
    shift
    if "$@"; then echo "ok - agreements $name"; else echo "not ok - agreements $name"; fi
}

# conflict NAME MESSAGE MUTATION [solve args...]: MUTATION runs in a copy of
# tiny (DIR in MESSAGE); the one line on stderr must be MESSAGE exactly.
conflict() {
    local name=$1 want=$2 mutation=$3
    shift 3
    n=$((n + 1))
    local dir="$tmp/case$n"
    cp -r instances/tiny "$dir"
    (cd "$dir" && eval "$mutation")
    "$bin" solve "$dir" -o "$tmp/out$n" --quiet "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local rc=$? msg
    msg=$(cat "$tmp/stderr")
    want=${want//DIR/$dir}
    if [ $rc -ne 1 ]; then
        echo "not ok - agreements conflict $name: exit $rc, expected 1 ($msg)"
    elif [ "$msg" != "$want" ]; then
        echo "not ok - agreements conflict $name: found '$msg', expected '$want'"
    elif [ -e "$tmp/out$n" ] || [ -s "$tmp/stdout" ]; then
        echo "not ok - agreements conflict $name: something was written"
    else
        echo "ok - agreements conflict $name: $msg"
    fi
}

# tiny's capacity.csv with a min_students column: ROW=MIN ... sets row ROW
# (1-based among the data rows) to MIN.
mins() {
    awk -F, -v spec="$*" 'BEGIN { n = split(spec, a, " "); for (i = 1; i <= n; i++) { split(a[i], b, "="); m[b[1]] = b[2] } }
        NR == 1 { print $0 ",min_students"; next } { print $0 "," ((NR - 1) in m ? m[NR - 1] : "") }' capacity.csv >c.tmp &&
        mv c.tmp capacity.csv
}

# --- counts, found before any solve (tiny's README has the data) ---
# SYK-AUT has 8 students; 9 cannot be fixed anywhere.
conflict "more fixed students than the cohort has" \
    "praksis: DIR/fixed.csv:2: 9 students of SYK-AUT fixed, but cohorts.csv:2 gives SYK-AUT 8 students" \
    "printf 'cohort,site,students\nSYK-AUT,H1,9\n' > fixed.csv"
# Four rows that each fit, 5 + 2 + 1 + 1 = 9 together.
conflict "fixed rows of one cohort add up to more than it has" \
    "praksis: DIR/fixed.csv:2: 9 students of SYK-AUT fixed (fixed.csv:2, fixed.csv:3, fixed.csv:4, fixed.csv:5), but cohorts.csv:2 gives SYK-AUT 8 students" \
    "printf 'cohort,site,students\nSYK-AUT,H1,5\nSYK-AUT,M1,2\nSYK-AUT,M2,1\nSYK-AUT,M4,1\n' > fixed.csv"
# M2 has 1 SYK place in autumn.
conflict "more fixed students than the site's places" \
    "praksis: DIR/fixed.csv:2: 2 students of SYK-AUT at M2, but capacity.csv:8 gives SYK in autumn 1 place" \
    "printf 'cohort,site,students\nSYK-AUT,M2,2\n' > fixed.csv"
# M1 has 4 SYK places but 1 supervisor; at ratio 2, 3 students need 2.
conflict "more fixed students than the site's supervisors take" \
    "praksis: DIR/fixed.csv:2: 3 students of SYK-AUT at M1 need 2 supervisors, but capacity.csv:6 gives SYK in autumn 1" \
    "printf 'cohort,site,students\nSYK-AUT,M1,3\n' > fixed.csv"
# M4's autumn '*' row: 2 supervisors; 2 FYS (ratio 1) + 1 SYK (ratio 2) need 3.
conflict "fixed rows of two cohorts overrun a '*' row's supervisors" \
    "praksis: DIR/fixed.csv:2: fixed.csv:2 (2 of FYS-AUT) and fixed.csv:3 (1 of SYK-AUT) ask for 3 students at M4, which need 3 supervisors, but capacity.csv:10 gives all programmes in autumn 2" \
    "printf 'cohort,site,students\nFYS-AUT,M4,2\nSYK-AUT,M4,1\n' > fixed.csv"
# SYK-SPR has 2 students: a minimum of 3 at H1 in spring cannot be filled.
conflict "a minimum the cohorts able to go there cannot fill" \
    "praksis: DIR/capacity.csv:3: a minimum of 3 students at H1 (SYK in spring), but the cohorts that can go there can send at most 2 (their students less those fixed elsewhere, within the site's places and supervisors)" \
    "mins 2=3"
# FYS-AUT has 2 students, one fixed at M1: H1's minimum of 2 gets at most 1.
conflict "a minimum that a fixed placement elsewhere leaves short" \
    "praksis: DIR/capacity.csv:4: a minimum of 2 students at H1 (FYS in autumn), but the cohorts that can go there can send at most 1 (their students less those fixed elsewhere, within the site's places and supervisors)" \
    "mins 3=2; printf 'cohort,site,students\nFYS-AUT,M1,1\n' > fixed.csv"
# With min_relocated_group 4, M4 (relocated from the campus) can take at
# most 3 relocated students in spring (SYK-SPR 2, FYS-SPR 1 by its
# supervisor): it can take none, so its minimum of 1 cannot be met.
conflict "a minimum at a site the relocated minimum closes" \
    "praksis: DIR/capacity.csv:11: a minimum of 1 student at M4 (all programmes in spring), but the cohorts that can go there can send at most 0 (their students less those fixed elsewhere, within the site's places and supervisors); the 3 relocated students it could take are fewer than min_relocated_group (4), so it takes none" \
    "mins 10=1" --set min_relocated_group=4
# A fixed placement at a site whose only row the scenario scales to 0 places.
conflict "a fixed placement at a row with no places under the scenario" \
    "praksis: DIR/fixed.csv:2: 1 student of SYK-AUT at M2, but capacity.csv:8 gives SYK in autumn 0 places" \
    "printf 'cohort,site,students\nSYK-AUT,M2,1\n' > fixed.csv" --set capacity_scale=0.5

# --- found by the phase-one solve: every count holds, no plan does ---
# H1 wants 2 FYS students in autumn and M1 1: FYS-AUT has only 2.  The
# least shortfall is 1; which of the two rows carries it is the solve's
# choice (README: what the phase-one solve can and cannot pinpoint).
conflict "two minimums competing for one cohort's students" \
    "praksis: DIR: no plan meets every agreed placement and minimum intake; the fewest leave 1 student short: capacity.csv:4 (at least 2 at H1, FYS in autumn) short by 1" \
    "mins 3=2 6=1"
# M4's spring '*' row has 1 supervisor: a FYS student there takes it, so no
# SYK student can join, and the FYS-SPR student would relocate alone.
conflict "a fixed placement that would relocate a student alone" \
    "praksis: DIR: no plan meets every agreed placement and minimum intake; the fewest leave 1 student short: fixed.csv:2 (1 of FYS-SPR at M4) short by 1" \
    "printf 'cohort,site,students\nFYS-SPR,M4,1\n' > fixed.csv"
# Halved demand: SYK-SPR 1 and FYS-SPR 2 students.  M4 in spring has 1
# supervisor, so it takes 1 student at most, relocated and alone: its
# minimum of 1 cannot be met.
conflict "a minimum that forces a lone relocated student" \
    "praksis: DIR: no plan meets every agreed placement and minimum intake; the fewest leave 1 student short: capacity.csv:11 (at least 1 at M4, all programmes in spring) short by 1" \
    "mins 10=1" --set demand_scale=0.5

# check finds the counting conflicts too, before any solve
d="$tmp/chk"
cp -r instances/tiny "$d"
printf 'cohort,site,students\nSYK-AUT,M2,2\n' > "$d/fixed.csv"
"$bin" check "$d" >/dev/null 2>"$tmp/err"
t "check reports a counting conflict (exit 1, the fixed row named)" \
    grep -qx "praksis: $d/fixed.csv:2: 2 students of SYK-AUT at M2, but capacity.csv:8 gives SYK in autumn 1 place" "$tmp/err"

# --- the change cost flips an optimum (tests/instances/change-flip/README.md) ---
flip=tests/instances/change-flip
plan_of() { tail -n +2 "$1/assignments.csv" | cut -d, -f6,8 | tr '\n' ' '; }
for c in 0 400 600; do
    "$bin" solve "$flip" -o "$tmp/flip$c" --quiet --set change_cost=$c
done
t "change-flip, change_cost 0: plan A (2 at H1, 2 at M1)" test "$(plan_of "$tmp/flip0")" = "H1,2 M1,2 "
t "change-flip, change_cost 400: still plan A" test "$(plan_of "$tmp/flip400")" = "H1,2 M1,2 "
t "change-flip, change_cost 600: plan B (last year's M2 kept)" test "$(plan_of "$tmp/flip600")" = "H1,2 M2,2 "
python3 - "$tmp/flip400/summary.json" "$tmp/flip600/summary.json" >"$tmp/v" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
ok = (a["cost"]["total"], a["changes"]["penalty"], a["changes"]["students_changed"]) == (6000, 1600, 4) and \
     (b["cost"]["total"], b["changes"]["penalty"], b["changes"]["students_changed"]) == (8000, 0, 0) and \
     a["changes"]["municipalities_lost"][0]["id"] == "M2" and a["changes"]["municipalities_new"][0]["id"] == "M1"
print("ok" if ok else f"bad {a['cost']} {a['changes']} {b['cost']} {b['changes']}")
PY
t "change-flip: cost.total stays what is paid, the penalty apart; M2 lost and M1 new under plan A" grep -qx ok "$tmp/v"

# --- agreed-tiny: the stable plan of its README ---
at=tests/instances/agreed-tiny
"$bin" solve "$at" -o "$tmp/at" --quiet --set change_cost=1000
t "agreed-tiny, change_cost 1000: changes.csv holds M1 SYK autumn 2 -> 1 and M4 SYK autumn 1 -> 2" \
    test "$(tail -n +2 "$tmp/at/changes.csv" | tr '\n' ' ')" = "M1,SYK,autumn,2,1,-1 M4,SYK,autumn,1,2,+1 "

# --- --previous: an earlier plan as the previous one ---
"$bin" solve "$at" -o "$tmp/prev-a" --quiet
"$bin" solve "$at" -o "$tmp/prev-b" --quiet --previous "$tmp/prev-a" --set change_cost=10
python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["changes"]; sys.exit(not (c["students_changed"] == 0 and c["kept_share"] == 1 and c["previous_plan"].endswith("prev-a/assignments.csv")))' "$tmp/prev-b/summary.json"
t "--previous the same instance's plan: nothing changes, all kept" test $? -eq 0
t "--previous: changes.csv has its header only" test "$(wc -l < "$tmp/prev-b/changes.csv")" -eq 1
python3 tests/verify_plan.py "$at" "$tmp/prev-b" --set change_cost=10 --previous "$tmp/prev-a" >"$tmp/v"
t "--previous: the plan passes verify_plan.py --previous" test $? -eq 0
python3 tests/verify_plan.py "$at" "$tmp/prev-b" --set change_cost=10 >"$tmp/v"
t "verify_plan.py refuses the plan's changes against previous.csv instead" grep -q '^not ok - .*changes against the previous plan' "$tmp/v"
"$bin" solve "$at" -o "$tmp/prev-r" --quiet --previous "$tmp/prev-a" --set change_cost=10 --report --geojson ""
cp "$tmp/prev-r/report.html" "$tmp/prev-r.html"
"$bin" report "$tmp/prev-r" --geojson "" >/dev/null
t "report of a plan solved with --previous: compared with the same earlier plan again, the page equals the solve's" \
    cmp -s "$tmp/prev-r/report.html" "$tmp/prev-r.html"
"$bin" solve "$at" -o "$tmp/prev-c" --quiet --previous "$tmp/nothere" 2>"$tmp/err"
t "--previous of a directory without a plan: exit 1, one line naming the file" \
    test $? -eq 1 -a "$(cat "$tmp/err")" = "praksis: $tmp/nothere/assignments.csv: expected an earlier plan's assignments.csv (--previous names a plan's directory), found nothing there"
"$bin" solve "$flip" -o "$tmp/noprev" --quiet --previous "$tmp/prev-a" 2>"$tmp/err"
t "--previous of another instance's plan: exit 1, naming the unknown id" \
    grep -qE "^praksis: $tmp/prev-a/assignments.csv:[0-9]+:[0-9]+: site: expected a site id of the instance [^ ]+, found unknown \"M4\"" "$tmp/err"
"$bin" solve instances/tiny -o "$tmp/nocc" --quiet --set change_cost=5 2>"$tmp/err"
t "change_cost without a previous plan is an input error" \
    grep -qx 'praksis: scenario: change_cost: expected a previous plan to compare with (previous.csv in the instance, or --previous OUTDIR), found none' "$tmp/err"

# --- a limit before any plan meets the agreements: exit 5, nothing written ---
d="$tmp/slow"
cp -r instances/tiny "$d"
(cd "$d" && mins 3=2 6=1) # the competing minimums: the greedy plan fails, so the phase-one solve runs
"$bin" solve "$d" -o "$tmp/slow-out" --quiet --set time_limit=1e-9 2>"$tmp/err"
rc=$?
t "stopped before any plan met the agreements: exit 5, one line, nothing written" \
    test $rc -eq 5 -a "$(cat "$tmp/err")" = "praksis: $d: the time limit ran out before any plan met the agreed placements and minimum intakes" -a ! -e "$tmp/slow-out"

# --- honour_minimums=false drops the minimums; a programme filter drops rows of other programmes ---
"$bin" solve "$d" -o "$tmp/nomin" --quiet --set honour_minimums=false
t "honour_minimums false: the competing minimums no longer bind (exit 0)" test $? -eq 0
python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["agreements"]["minimums"]; sys.exit(not (m["honoured"] is False and m["rows"] == 0 and m["rows_not_counted"] == 2))' "$tmp/nomin/summary.json"
t "honour_minimums false: summary.json says so and counts the rows not counted" test $? -eq 0
"$bin" solve "$at" -o "$tmp/onlyfys" --quiet --set programmes=FYS
python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["agreements"]; sys.exit(not (a["fixed"]["rows"] == 0 and a["fixed"]["rows_outside_scenario"] == 1 and a["minimums"]["rows"] == 1))' "$tmp/onlyfys/summary.json"
t "programmes=FYS: the SYK fixed row and SYK minimum are outside the scenario" test $? -eq 0

# --- a workbook names the sheet and cell of a conflict as the CSV form names the line ---
py=python3
$py -c 'import openpyxl' 2>/dev/null || py=/usr/bin/python3
if $py -c 'import openpyxl' 2>/dev/null; then
    "$bin" template "$at" -o "$tmp/at.xlsx" >/dev/null
    $py -c 'import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); wb["fixed"]["C2"]=9; wb.save(sys.argv[2])' "$tmp/at.xlsx" "$tmp/at-bad.xlsx"
    "$bin" solve "$tmp/at-bad.xlsx" -o "$tmp/atx" --quiet 2>"$tmp/err"
    t "a workbook's conflict names its sheet and cell" \
        test "$(cat "$tmp/err")" = "praksis: $tmp/at-bad.xlsx:fixed!A2: 9 students of SYK-AUT fixed, but cohorts!A2 gives SYK-AUT 8 students"
else
    echo "ok - agreements a workbook's conflict # skip: python3-openpyxl is not installed"
fi

# --- README's price of stability: instances/agder/sweep-stability.json, every row as the table says ---
"$bin" sweep instances/agder instances/agder/sweep-stability.json -o "$tmp/stab" --quiet --threads 1 >/dev/null 2>"$tmp/err"
python3 - "$tmp/stab/sweep.csv" README.md >"$tmp/v" <<'PY'
import csv, re, sys
rows = {r["name"]: r for r in csv.DictReader(open(sys.argv[1]))}
table = [l for l in open(sys.argv[2], encoding="utf-8") if re.match(r"^\| [0-9,]+ \| [0-9,.]+ \| [0-9]+ \| [0-9.]+ % \|", l)]
bad = []
for l in table:
    cc, cost, ch, kept, cost_n, ch_n = [c.strip().replace(",", "") for c in l.strip().strip("|").split("|")]
    for honour, c, n in (("true", cost, ch), ("false", cost_n, ch_n)):
        r = rows.get(f"change_cost={cc},honour_minimums={honour}")
        if not r or r["status"] != "optimal" or abs(float(r["cost_total"]) - float(c)) > 0.01 or r["students_changed"] != n:
            bad.append(f"{cc}/{honour}: {r and (r['status'], r['cost_total'], r['students_changed'])} vs {c}, {n}")
    if abs(float(rows[f"change_cost={cc},honour_minimums=true"]["kept_share"]) * 100 - float(kept.rstrip(" %"))) > 0.051:
        bad.append(f"{cc}: kept")
print("ok" if len(table) == 5 and not bad else f"bad {len(table)} {bad}")
PY
t "README's price of stability: the Agder sweep gives every cost and change count of its table" grep -qx ok "$tmp/v"

# --- the groups an agreement opens: agreed-tiny's level-3 model, bound by bound ---
# M4 has an agreed placement (2 of SYK-AUT, relocated: M4 lies beyond commuting distance), so
# its group and its autumn relocation are open; M2 of group G-BT has a minimum intake (1), so
# G-BT is open while minimums are honoured; M1 and M4's spring relocation stay free.
forced_bounds() {
    "$bin" export tests/instances/agreed-tiny --lp "$tmp/forced.lp" --level 3 --opt1 5 --opt2 5 "$@" 2>/dev/null &&
        grep -E '^ (0 <= )?[yz]\(.*=' "$tmp/forced.lp" | tr -d ' ' | tr '\n' ' '
}
t "an agreed placement opens its group and its relocation, a minimum intake its group" \
    test "$(forced_bounds)" = "0<=y(M1)<=1 y(G~BT)=1 y(M4)=1 z(M4,autumn)=1 0<=z(M4,spring)<=1 "
t "without the minimums honoured, the minimum's group is free again" \
    test "$(forced_bounds --set honour_minimums=false)" = "0<=y(M1)<=1 0<=y(G~BT)<=1 y(M4)=1 z(M4,autumn)=1 0<=z(M4,spring)<=1 "
