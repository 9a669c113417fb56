#!/usr/bin/env bash
# tests/cli.sh PRAKSIS - the command line's contract: help, usage errors,
# exit codes, check output, export, --json, and layering of scenarios.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t() { # t NAME CONDITION-COMMAND...
    local name=$1
    shift
    if "$@"; then echo "ok - cli $name"; else echo "not ok - cli $name"; fi
}
$bin --help >"$tmp/o" 2>"$tmp/e"
t "--help exits 0 on stdout" test $? -eq 0 -a -s "$tmp/o" -a ! -s "$tmp/e"
grep -q "exit codes" "$tmp/o"
t "--help documents exit codes" test $? -eq 0
$bin >"$tmp/o" 2>"$tmp/e"
t "no command: exit 2, nothing on stdout" test $? -eq 2 -a ! -s "$tmp/o"
$bin frobnicate >"$tmp/o" 2>"$tmp/e"
t "unknown command: exit 2" test $? -eq 2
grep -q "^praksis: unknown command 'frobnicate'" "$tmp/e"
t "unknown command: prefixed diagnostic" test $? -eq 0
$bin solve instances/tiny --bogus >"$tmp/o" 2>"$tmp/e"
t "unknown option: exit 2" test $? -eq 2
$bin solve >"$tmp/o" 2>"$tmp/e"
t "solve without a directory: exit 2" test $? -eq 2
$bin solve instances/tiny --set novalue >"$tmp/o" 2>"$tmp/e"
t "--set without '=': exit 2" test $? -eq 2
$bin solve instances/tiny -o "$tmp/out" >"$tmp/o" 2>"$tmp/e"
t "solve tiny: exit 0" test $? -eq 0
grep -q "optimal" "$tmp/o"
t "solve prints a human summary on stdout" test $? -eq 0
for f in assignments.csv unplaced.csv site_use.csv summary.json; do
    t "solve writes $f" test -s "$tmp/out/$f"
done
t "no temporary files left" test -z "$(ls "$tmp/out" | grep tmp)"
$bin solve instances/tiny -o "$tmp/out2" --quiet >"$tmp/o" 2>"$tmp/e"
t "--quiet: nothing on stdout or stderr" test $? -eq 0 -a ! -s "$tmp/o" -a ! -s "$tmp/e"
$bin solve instances/tiny -o "$tmp/out3" --json >"$tmp/o" 2>"$tmp/e"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["cost"]["total"]==59900' "$tmp/o"
t "--json prints summary.json on stdout" test $? -eq 0
cmp -s "$tmp/out/assignments.csv" "$tmp/out2/assignments.csv"
t "same input, same plan" test $? -eq 0
head -1 "$tmp/out/assignments.csv" | grep -qx "cohort,institution,campus,programme,period,site,site_kind,students,weeks,km,relocated,travel_cost,supervision_cost"
t "assignments.csv header" test $? -eq 0
head -1 "$tmp/out/site_use.csv" | grep -qx "site,kind,group,period,students,relocated_students,supervisors_used,places"
t "site_use.csv header" test $? -eq 0
head -1 "$tmp/out/unplaced.csv" | grep -qx "cohort,programme,period,students,weeks"
t "unplaced.csv header" test $? -eq 0
$bin check instances/tiny --json >"$tmp/o"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert (s["sites"],s["municipalities"],s["cohorts"],s["students"],s["pairs"])==(5,4,4,15,12), s' "$tmp/o"
t "check --json counts sites, cohorts, students and pairs" test $? -eq 0
$bin check instances/tiny --set programmes=SYK --json >"$tmp/o"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert (s["cohorts"],s["students"])==(2,10), s' "$tmp/o"
t "check applies the programmes filter" test $? -eq 0
# layering: -s and --set apply in order, later wins
echo '{"travel_rate": 0}' >"$tmp/s.json"
$bin solve instances/tiny -s "$tmp/s.json" -o "$tmp/o4" --json >"$tmp/o"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["cost"]["travel"]==0 and s["scenario"]["travel_rate"]==0' "$tmp/o"
t "-s overrides DIR/scenario.json" test $? -eq 0
$bin solve instances/tiny -s "$tmp/s.json" --set travel_rate=100 -o "$tmp/o5" --json >"$tmp/o"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["scenario"]["travel_rate"]==100' "$tmp/o"
t "--set after -s wins" test $? -eq 0
$bin solve instances/tiny --time-limit 5 --gap 0.01 -o "$tmp/o6" --json >"$tmp/o"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["scenario"]["time_limit"]==5 and s["scenario"]["mip_gap"]==0.01' "$tmp/o"
t "--time-limit and --gap map to time_limit and mip_gap" test $? -eq 0
$bin export instances/tiny --dat "$tmp/t.dat" && test -s "$tmp/t.dat"
t "export --dat" test $? -eq 0
$bin export instances/tiny --mps "$tmp/t.mps" && test -s "$tmp/t.mps"
t "export --mps" test $? -eq 0
# long names (region-nord's cohort ids) need the FREE keyword for CBC to read free MPS
$bin export instances/region-nord --mps "$tmp/rn.mps" --level 1 && grep -q "^NAME praksis FREE$" "$tmp/rn.mps" &&
    cbc "$tmp/rn.mps" -solve -quit 2>&1 | grep -q "Result - Optimal solution found"
t "export --mps: CBC reads the file as free MPS (long names) and solves level 1" test $? -eq 0
$bin export instances/tiny --lp "$tmp/t3.lp" --level 3 --opt1 5 --opt2 5 && grep -q level2 "$tmp/t3.lp"
t "export --lp --level 3 bounds the earlier levels" test $? -eq 0
$bin export instances/tiny --lp "$tmp/t4.lp" --level 3 >"$tmp/o" 2>"$tmp/e"
t "export --level 3 without optima: exit 2" test $? -eq 2
glpsol --lp "$tmp/t3.lp" -o "$tmp/t3.sol" >/dev/null 2>&1 && grep -q "Objective:  level = 59900 (MINimum)" "$tmp/t3.sol"
t "glpsol on the exported level-3 LP finds the engine's optimum" test $? -eq 0
# a solve stopped by the time limit: exit 3, status feasible, a valid plan written
$bin solve instances/region-sorost --time-limit 1 -o "$tmp/stop" --quiet 2>"$tmp/e"
t "time limit: exit 3" test $? -eq 3
grep -q "^praksis: stopped by the time limit" "$tmp/e"
t "time limit: says so on stderr" test $? -eq 0
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["status"]=="feasible" and s["stopped_by"]=="time_limit" and s["placed"]>0, s' "$tmp/stop/summary.json"
t "time limit: summary says feasible, stopped by time_limit, with students placed" test $? -eq 0
python3 tests/verify_plan.py instances/region-sorost "$tmp/stop" --time-limit 1 >"$tmp/v" 2>&1
t "time limit: the plan written passes tests/verify_plan.py" test $? -eq 0
