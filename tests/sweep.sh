#!/usr/bin/env bash
# tests/sweep.sh PRAKSIS - `praksis sweep`: bad sweep files (exit 1, one
# line naming the file, nothing written), rows in sweep-file order, the
# layers, progress lines, and determinism: --threads 1 and --threads 2 give
# byte-identical plans and sweep.csv apart from the time columns
# (sweep.csv's solve_seconds; summary.json's and sweep.json's solver
# seconds), on instances/agder with six scenarios.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t() { # t NAME CONDITION-COMMAND...
    local name=$1
    shift
    if "$@"; then echo "ok - sweep $name"; else echo "not ok - sweep $name"; fi
}

# ---- bad sweep files: exit 1, one diagnostic line naming the file, nothing written
n=0
bad() { # bad NAME PATTERN JSON
    local name=$1 pattern=$2 json=$3
    n=$((n + 1))
    local f="$tmp/bad$n.json" out="$tmp/badout$n"
    printf '%s\n' "$json" >"$f"
    "$bin" sweep instances/tiny "$f" -o "$out" >"$tmp/o" 2>"$tmp/e"
    local rc=$? msg lines
    msg=$(head -1 "$tmp/e")
    lines=$(wc -l <"$tmp/e")
    if [ "$rc" -ne 1 ]; then
        echo "not ok - sweep bad file $name: exit $rc, expected 1 ($msg)"
    elif [ "$lines" -ne 1 ] || ! grep -qE "^praksis: $f(:[0-9]+(:[0-9]+)?)?: " <<<"$msg"; then
        echo "not ok - sweep bad file $name: expected one line 'praksis: $f[:LINE[:COL]]: ...', found '$msg' ($lines lines)"
    elif ! grep -qE "$pattern" <<<"$msg"; then
        echo "not ok - sweep bad file $name: '$msg' does not match '$pattern'"
    elif [ -e "$out" ] || [ -s "$tmp/o" ]; then
        echo "not ok - sweep bad file $name: something was written"
    else
        echo "ok - sweep bad file $name: $msg"
    fi
}
bad "malformed JSON" ':[0-9]+:[0-9]+: expected a sweep file .*malformed JSON' '{"scenarios": [{"name": "a"}'
bad "not an object" ':1:1: expected a JSON object' '[{"name": "a"}]'
bad "unknown top-level key" ':1:2: unknown key "scenario"' '{"scenario": [{"name": "a"}]}'
bad "neither scenarios nor grid" 'found neither' '{"base": {"travel_rate": 1}}'
bad "both scenarios and grid" 'found both' '{"scenarios": [{"name": "a"}], "grid": {"travel_rate": [1]}}'
bad "scenarios as an object" ':1:15: scenarios: expected a list of objects.*found an object' '{"scenarios": {"a": {"travel_rate": 1}}}'
bad "empty scenario list" 'expected at least one scenario, found an empty list' '{"scenarios": []}'
bad "scenario without a name" 'expected a "name" key' '{"scenarios": [{"travel_rate": 1}]}'
bad "name not a string" 'name: expected a non-empty string, found a number' '{"scenarios": [{"name": 7}]}'
bad "duplicate names" ':1:40: scenario name: expected a name not used before, found "a" again' '{"scenarios": [{"name": "a"}, {"name": "a"}]}'
bad "names colliding as directories" 'collides' '{"scenarios": [{"name": "a b"}, {"name": "a_b"}]}'
bad "names differing only in case" 'collides' '{"scenarios": [{"name": "Low"}, {"name": "low"}]}'
bad "a reserved name" 'sweep.csv, sweep.json, sweep.xlsx and sweep.html' '{"scenarios": [{"name": "sweep.csv"}]}'
bad "the workbook's name, in another case" 'the sweep.s own files), found "Sweep.XLSX"' '{"scenarios": [{"name": "Sweep.XLSX"}]}'
bad "unknown scenario key" ':1:30: unknown key "travl_rate"' '{"scenarios": [{"name": "a", "travl_rate": 1}]}'
bad "wrong case of a key" 'case-sensitive: expected "commute_km"' '{"scenarios": [{"name": "a", "Commute_km": 45}]}'
bad "wrong type in base" ':1:11: travel_rate: expected a number of kr >= 0, found a string' '{"base": {"travel_rate": "1500"}, "scenarios": [{"name": "a"}]}'
bad "out of range" 'municipal_share: expected a share from 0 to 1, found 1.5' '{"scenarios": [{"name": "a", "municipal_share": 1.5}]}'
bad "duplicate key in a scenario" 'appears twice' '{"scenarios": [{"name": "a", "commute_km": 45, "commute_km": 50}]}'
bad "empty grid" 'grid: expected at least one key' '{"grid": {}}'
bad "empty value list" 'grid: travel_rate: expected a non-empty list of values, found an empty list' '{"grid": {"travel_rate": []}}'
bad "grid value not a list" 'grid: travel_rate: expected a list of values, found a number' '{"grid": {"travel_rate": 1250}}'
bad "repeated grid value" 'expected different values' '{"grid": {"travel_rate": [1250, 1250]}}'
bad "grid programmes as strings" 'each value of programmes is itself a list' '{"grid": {"programmes": ["SYK", "FYS"]}}'
bad "unknown grid key" 'unknown key "capacity"' '{"grid": {"capacity": [0.8]}}'
bad "unknown programme (checked against the instance)" ':2:[0-9]+: scenario "b": programmes: .*unknown "NOPE"' '{"scenarios": [{"name": "a"},
 {"name": "b", "programmes": ["NOPE"]}]}'

# ---- ordering, layering, progress, output files (tiny: instant)
cat >"$tmp/layers.json" <<'EOF'
{
  "description": "layers",
  "base": {"commute_km": 50, "travel_rate": 1400},
  "scenarios": [
    {"name": "z last-alphabetically first"},
    {"name": "b/cheap", "travel_rate": 1300, "supervision_rate": 999},
    {"name": "a FYS", "programmes": ["FYS"]}
  ]
}
EOF
"$bin" sweep instances/tiny "$tmp/layers.json" -o "$tmp/L" --threads 2 --set supervision_rate=450 >"$tmp/o" 2>"$tmp/e"
t "tiny sweep exits 0" test $? -eq 0
python3 - "$tmp/L" <<'EOF' >"$tmp/py" 2>&1
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/sweep.csv", newline="")))
assert [r["name"] for r in rows] == ["z last-alphabetically first", "b/cheap", "a FYS"], [r["name"] for r in rows]
z, b, a = rows
# built-ins < DIR/scenario.json < base < scenario < --set
assert z["coordinator_cost"] == "1200" and z["municipal_share"] == "0.6", "DIR/scenario.json"
assert z["commute_km"] == "50" and z["travel_rate"] == "1400", "base"
assert b["travel_rate"] == "1300" and b["commute_km"] == "50", "scenario over base"
assert z["supervision_rate"] == b["supervision_rate"] == "450", "--set over the scenario"
assert z["road_factor"] == "1.3", "built-in"
assert a["programmes"] == "FYS" and z["programmes"] == "all"
assert all(r["status"] == "optimal" and r["stopped_by"] == "none" for r in rows)
assert a["students"] == "5"
# every plan directory, and summary.json's scenario = sweep.json's parameters, key for key
sj = json.load(open(d + "/sweep.json"))
assert [s["name"] for s in sj["scenarios"]] == [r["name"] for r in rows]
for s in sj["scenarios"]:
    summ = json.load(open(d + "/" + s["directory"] + "/summary.json"))
    assert list(summ["scenario"]) == list(s["parameters"]), (list(summ["scenario"]), list(s["parameters"]))
    assert summ["scenario"] == s["parameters"], s["name"]
    assert summ["cost"]["total"] == s["cost"]["total"]
assert sj["scenarios"][1]["directory"] == "b_cheap"
header = open(d + "/sweep.csv").readline().strip().split(",")
params = list(sj["scenarios"][0]["parameters"])
assert header[1:1 + len(params)] == params, header
print("fine")
EOF
t "rows in sweep-file order; layers built-in < scenario.json < base < scenario < --set; parameters = summary.json's scenario" grep -qx fine "$tmp/py"
[ -s "$tmp/py" ] && ! grep -qx fine "$tmp/py" && sed 's/^/# /' "$tmp/py"
t "one progress line per scenario on stderr" test "$(grep -cE '^praksis: \[[1-3]/3\] .*: optimal, cost [0-9 ]+ kr$' "$tmp/e")" -eq 3
t "a comparison table on stdout" grep -q "b/cheap" "$tmp/o"
t "no temporary files left" test -z "$(find "$tmp/L" -name '*.tmp.*')"
"$bin" sweep instances/tiny "$tmp/layers.json" -o "$tmp/Q" --quiet >"$tmp/o" 2>"$tmp/e"
t "--quiet: nothing on stdout or stderr" test $? -eq 0 -a ! -s "$tmp/o" -a ! -s "$tmp/e"
"$bin" sweep instances/tiny "$tmp/layers.json" -o "$tmp/J" --json -q >"$tmp/o" 2>"$tmp/e"
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert len(j["scenarios"])==3' "$tmp/o"
t "--json prints sweep.json" test $? -eq 0
cmp -s "$tmp/o" <(cat "$tmp/J/sweep.json") || python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2]))
for x in (a,b):
  for s in x["scenarios"]: s["solver"]["seconds"]=0
assert a==b' "$tmp/o" "$tmp/J/sweep.json"
t "--json output is sweep.json" test $? -eq 0

# a scenario stopped by the time limit is marked (status feasible, stopped_by time_limit) and exits 3
cat >"$tmp/limit.json" <<'EOF'
{"scenarios": [{"name": "quick"}, {"name": "starved", "time_limit": 0.000001}]}
EOF
"$bin" sweep instances/tiny "$tmp/limit.json" -o "$tmp/T" >"$tmp/o" 2>"$tmp/e"
t "a time-limited scenario: exit 3" test $? -eq 3
grep -q '^starved,.*,feasible,time_limit,' "$tmp/T/sweep.csv"
t "a time-limited scenario is marked feasible, stopped_by time_limit" test $? -eq 0
grep -q '^quick,.*,optimal,none,' "$tmp/T/sweep.csv"
t "the other scenario is still optimal" test $? -eq 0
grep -q 'starved: feasible (stopped by time_limit)' "$tmp/e"
t "its progress line says it was stopped" test $? -eq 0

# ---- determinism on instances/agder: --threads 1 vs --threads 2, all four levels proven
# (only plans solved to the end are byte-identical).
cat >"$tmp/agder.json" <<'EOF'
{
  "base": {"time_limit": 120},
  "scenarios": [
    {"name": "baseline"},
    {"name": "capacity -20%", "capacity_scale": 0.8},
    {"name": "travel 1250", "travel_rate": 1250},
    {"name": "commute 45 km", "commute_km": 45},
    {"name": "nursing and social educators", "programmes": ["SYK", "VERN"]},
    {"name": "demand +10%", "demand_scale": 1.1}
  ]
}
EOF
"$bin" sweep instances/agder "$tmp/agder.json" -o "$tmp/s1" --threads 1 -q
r1=$?
"$bin" sweep instances/agder "$tmp/agder.json" -o "$tmp/s2" --threads 2 -q
r2=$?
t "agder sweep, 1 and 2 threads: exit 0" test $r1 -eq 0 -a $r2 -eq 0
same=1
for d in "$tmp"/s1/*/; do
    s=$(basename "$d")
    for f in assignments.csv unplaced.csv site_use.csv; do
        cmp -s "$tmp/s1/$s/$f" "$tmp/s2/$s/$f" || { same=0; echo "# differs: $s/$f"; }
    done
done
t "plans byte-identical with 1 and 2 threads (assignments, unplaced, site_use of 6 scenarios)" test $same -eq 1 -a "$(ls -d "$tmp"/s1/*/ | wc -l)" -eq 6
# summary.json apart from the solver's seconds; sweep.csv apart from solve_seconds (the last column)
strip_json() { python3 -c 'import json,sys
j=json.load(open(sys.argv[1]))
def z(s): 
    s["seconds"]=0
    for l in s.get("levels",[]): l["seconds"]=0
if "solver" in j: z(j["solver"])
for s in j.get("scenarios",[]): z(s["solver"])
print(json.dumps(j, sort_keys=True))' "$1"; }
same=1
for d in "$tmp"/s1/*/; do
    s=$(basename "$d")
    [ "$(strip_json "$tmp/s1/$s/summary.json")" = "$(strip_json "$tmp/s2/$s/summary.json")" ] || { same=0; echo "# differs: $s/summary.json"; }
done
t "summary.json identical apart from the solver's seconds" test $same -eq 1
strip_csv() { python3 -c 'import csv,sys
for r in csv.reader(open(sys.argv[1], newline="")): print(r[:-1])' "$1"; }
[ "$(strip_csv "$tmp/s1/sweep.csv")" = "$(strip_csv "$tmp/s2/sweep.csv")" ]
t "sweep.csv identical apart from solve_seconds" test $? -eq 0
[ "$(strip_json "$tmp/s1/sweep.json")" = "$(strip_json "$tmp/s2/sweep.json")" ]
t "sweep.json identical apart from solver.seconds" test $? -eq 0
python3 - "$tmp/s2/sweep.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert [r["name"] for r in rows] == ["baseline", "capacity -20%", "travel 1250", "commute 45 km",
                                     "nursing and social educators", "demand +10%"]
assert all(r["status"] == "optimal" for r in rows)
EOF
t "agder rows in sweep-file order, all optimal" test $? -eq 0
# the baseline scenario is the plain solve
"$bin" solve instances/agder -o "$tmp/plain" --quiet --time-limit 120
cmp -s "$tmp/plain/assignments.csv" "$tmp/s2/baseline/assignments.csv"
t "a sweep scenario's plan equals praksis solve's with the same settings" test $? -eq 0
