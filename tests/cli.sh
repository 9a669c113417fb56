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
for f in assignments.csv unplaced.csv site_use.csv summary.json plan.xlsx; do
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
head -1 "$tmp/out/assignments.csv" | grep -qx "cohort,institution,campus,programme,period,site,site_kind,students,weeks,km,relocated,travel_cost,supervision_cost,relocated_students,site_name,campus_name,programme_name"
t "assignments.csv header" test $? -eq 0
head -1 "$tmp/out/site_use.csv" | grep -qx "site,kind,group,period,students,relocated_students,supervisors_used,places,site_name"
t "site_use.csv header" test $? -eq 0
head -1 "$tmp/out/unplaced.csv" | grep -qx "cohort,programme,period,students,weeks,campus_name,programme_name"
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
$bin export instances/tiny --lp "$tmp/t5.lp" --level 4 --opt1 5 --opt2 5 >"$tmp/o" 2>"$tmp/e"
t "export --level 4 without --opt3: exit 2, saying so" grep -q "^praksis: --level 4 needs --opt3$" "$tmp/e"
$bin export instances/tiny --lp "$tmp/t6.lp" --level 4 --opt1 5 --opt2 5 --opt3 59900 && grep -q level3 "$tmp/t6.lp"
t "export --lp --level 4 holds the cost level by a row" test $? -eq 0
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

# ---- the option parser's rules, through the binary
abs=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin") # for runs from another directory
# usage NAME PATTERN ARGS...: a usage error: exit 2, nothing on stdout, every
# stderr line prefixed "praksis:", the first one matching PATTERN
usage() {
    local name=$1 pattern=$2
    shift 2
    $bin "$@" >"$tmp/o" 2>"$tmp/e"
    local rc=$?
    if [ $rc -eq 2 ] && [ ! -s "$tmp/o" ] && head -1 "$tmp/e" | grep -qE -e "$pattern" && ! grep -qv '^praksis: ' "$tmp/e"; then
        echo "ok - cli $name: $(head -1 "$tmp/e")"
    else
        echo "not ok - cli $name: exit $rc, '$(head -1 "$tmp/e")', expected exit 2 and /$pattern/"
    fi
}
# scen KEY ARGS...: solve tiny with ARGS and print the scenario's KEY from --json
scen() {
    local key=$1
    shift
    $bin solve instances/tiny -o "$tmp/scen" --json "$@" 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["scenario"][sys.argv[1]])' "$key"
}
usage "unknown option names itself and the subcommand" "^praksis: unknown option '--bogus' for 'check'$" check instances/tiny --bogus
usage "an option of another subcommand says which take it" \
    "^praksis: unknown option '--threads' for 'check' \(it is an option of solve, sweep and explain\)$" check instances/tiny --threads 2
usage "an option of several other subcommands lists them" \
    "unknown option '-o' for 'check' \(it is an option of solve, sweep and template\)$" check instances/tiny -o "$tmp/x"
usage "an option of export given to finance" "unknown option '--dat' for 'finance' \(it is an option of export\)" finance --dat x
usage "missing value at the end" "^praksis: --set needs a value$" check instances/tiny --set
usage "missing value of a short option" "^praksis: -o needs a value$" solve instances/tiny -o
usage "a flag given a value" "^praksis: --json takes no value, found '--json=1'$" check instances/tiny --json=1
usage "bad choice" "^praksis: --lang expects nb or en, found 'de'$" solve instances/tiny --lang de
usage "bad choice in --opt=value form" "^praksis: --lang expects nb or en, found ''$" report "$tmp/x" --lang=
usage "whole number out of range" "^praksis: --level expects a whole number from 1 to 4, found '5'$" export instances/tiny --mps x --level 5
usage "whole number that is not one" "^praksis: --threads expects a whole number from 1 to 1024, found '2.5'$" sweep instances/tiny x --threads 2.5
usage "number that is not one" "^praksis: --opt1 expects a number, found 'inf'$" export instances/tiny --mps x --opt1=inf
usage "--set without '='" "^praksis: --set expects KEY=VALUE, found 'travel_rate'$" check instances/tiny --set=travel_rate
usage "missing positional argument" "^praksis: check needs an instance directory" check
usage "missing second positional argument" "^praksis: sweep needs an instance directory and a sweep file" sweep instances/tiny
usage "unexpected positional argument" "^praksis: unexpected argument 'extra' \(usage: praksis check DIR" check instances/tiny extra
usage "finance takes no positional argument" "^praksis: unexpected argument 'x' \(usage: praksis finance" finance x
usage "after --, an option-like word is an argument" "^praksis: unexpected argument '--json'" check instances/tiny -- --json
usage "sweep refuses -s and says what to do instead" "^praksis: sweep takes its scenarios from the sweep file" sweep instances/tiny x -s y
usage "an unknown option before --help in another command's words" "^praksis: unknown command 'frobnicate'" frobnicate -- --help
$bin check -- instances/tiny >"$tmp/o" 2>"$tmp/e"
t "-- before the directory: check runs" test $? -eq 0 -a -s "$tmp/o"
cp -r instances/tiny "$tmp/-tiny"
(cd "$tmp" && "$abs" check -- -tiny >"$tmp/o" 2>"$tmp/e")
t "-- lets a directory named '-tiny' through" test $? -eq 0 -a -s "$tmp/o"
(cd "$tmp" && "$abs" check -tiny >"$tmp/o" 2>"$tmp/e")
t "without --, '-tiny' is an unknown option" test $? -eq 2
$bin check instances/tiny --set=programmes=SYK --json >"$tmp/o"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert (s["cohorts"],s["students"])==(2,10), s' "$tmp/o"
t "--set=KEY=VALUE is --set KEY=VALUE" test $? -eq 0
for args in "--help" "-h" "instances/tiny --bogus --help" "instances/tiny --set=x -h"; do
    $bin solve $args >"$tmp/o" 2>"$tmp/e"
    rc=$?
    t "solve $args: help on stdout, exit 0, even after a wrong word" test $rc -eq 0 -a ! -s "$tmp/e" -a -s "$tmp/o"
done
$bin finance --help >"$tmp/o" 2>"$tmp/e"
t "finance --help: exit 0" test $? -eq 0 -a -s "$tmp/o" -a ! -s "$tmp/e"
usage "the value of -o is not --help" "^praksis: solve needs an instance directory" solve -o --help
# layers: -s, --set, --time-limit and --gap in the order given, the later winning
echo '{"travel_rate": 0, "time_limit": 9}' >"$tmp/a.json"
echo '{"travel_rate": 7}' >"$tmp/b.json"
t "-s A --set -s B: B wins" test "$(scen travel_rate -s "$tmp/a.json" --set travel_rate=100 -s "$tmp/b.json")" = 7
t "-s A -s B --set: --set wins" test "$(scen travel_rate -s "$tmp/a.json" -s "$tmp/b.json" --set travel_rate=100)" = 100
t "--set twice: the second wins" test "$(scen travel_rate --set travel_rate=1 --set=travel_rate=2)" = 2
t "--time-limit before --set time_limit: --set wins" test "$(scen time_limit --time-limit 5 --set time_limit=7)" = 7
t "--set time_limit before --time-limit: --time-limit wins" test "$(scen time_limit --set time_limit=7 --time-limit=5)" = 5
t "-s after --time-limit: the file wins" test "$(scen time_limit --time-limit 5 -s "$tmp/a.json")" = 9
t "--gap=G is --gap G" test "$(scen mip_gap --gap=0.25)" = 0.25

# ---- a bad shorthand value names the shorthand, not the --set it stands for
for cmd in "check instances/tiny" "sweep instances/tiny instances/agder/sweep-whatif.json -o $tmp/sw"; do
    $bin $cmd --time-limit abc >"$tmp/o" 2>"$tmp/e"
    rc=$?
    t "${cmd%% *} --time-limit abc: exit 1, one line naming --time-limit" test $rc -eq 1 -a "$(cat "$tmp/e")" = \
        'praksis: --time-limit: expected a number of seconds > 0, found "abc"'
    $bin $cmd --gap=abc >"$tmp/o" 2>"$tmp/e"
    rc=$?
    t "${cmd%% *} --gap=abc: exit 1, one line naming --gap" test $rc -eq 1 -a "$(cat "$tmp/e")" = \
        'praksis: --gap: expected a relative gap from 0 to 1, found "abc"'
done
$bin check instances/tiny --set time_limit=abc >"$tmp/o" 2>"$tmp/e"
grep -q '^praksis: --set: time_limit: expected a number of seconds > 0, found "abc"$' "$tmp/e"
t "--set time_limit=abc still names --set and the key" test $? -eq 0

# ---- finance away from the repository root: the error says how to give the file
(cd "$tmp" && "$abs" finance >"$tmp/o" 2>"$tmp/e")
rc=$?
t "finance outside the repository root: exit 1, one line, nothing on stdout" \
    test $rc -eq 1 -a "$(wc -l <"$tmp/e")" -eq 1 -a ! -s "$tmp/o"
grep -q '^praksis: \.\./shared/data/programs-2019\.csv: .*--programmes-csv FILE' "$tmp/e"
t "finance outside the repository root: names the file and --programmes-csv FILE" test $? -eq 0

# ---- check: every count reads as English, and --json's values come by a second route
one="$tmp/one" # one period, one cohort of one student: the singular of each noun
cp -r instances/tiny "$one"
grep -v spring instances/tiny/cohorts.csv | sed 's/^SYK-AUT,TU-MAIN,SYK,autumn,8,8$/SYK-AUT,TU-MAIN,SYK,autumn,1,8/' >"$one/cohorts.csv"
grep -v spring instances/tiny/capacity.csv >"$one/capacity.csv"
cat >"$tmp/nouns.py" <<'PY'
import re, sys
# each count before one of check's nouns: singular for exactly 1, plural otherwise
nouns = {"site": "sites", "municipality": "municipalities", "coordinator group": "coordinator groups",
         "hospital": "hospitals", "campus": "campuses", "institution": "institutions",
         "programme": "programmes", "period": "periods", "cohort": "cohorts", "student": "students",
         "capacity row": "capacity rows", "candidate pair": "candidate pairs", "row": "rows",
         "column": "columns", "nonzero": "nonzeros"}
words = sorted(list(nouns) + list(nouns.values()), key=len, reverse=True)
text, seen, bad = open(sys.argv[1]).read(), set(), []
# a whole count (not "2677.2 student-weeks") before a whole noun
for n, w in re.findall(r"(?<![\d.])(\d+) (" + "|".join(words) + r")(?![\w-])", text):
    want = w if w in nouns else next(s for s, p in nouns.items() if p == w)
    want = want if int(n) == 1 else nouns[want]
    seen.add(w)
    if w != want: bad.append(f"{n} {w}")
assert not bad, bad
assert len(seen) >= 12, seen  # the noun list still matches what check prints
print(len(seen))
PY
for args in "instances/tiny" "instances/agder" "$one --set programmes=SYK"; do
    $bin check $args >"$tmp/c.txt" 2>"$tmp/e"
    python3 "$tmp/nouns.py" "$tmp/c.txt" >"$tmp/seen" 2>"$tmp/e"
    rc=$?
    a=${args%% *}
    t "check ${a##*/}: each count's noun agrees with it ($(cat "$tmp/seen") nouns seen)" test $rc -eq 0
done
$bin check instances/agder >"$tmp/c.txt"
t "check agder: '2 campuses of 1 institution'" grep -q "^  2 campuses of 1 institution$" "$tmp/c.txt"
$bin check "$one" --set programmes=SYK >"$tmp/c.txt"
t "check of one cohort: '1 cohort with 1 student' and '1 programme included, in 1 period'" \
    grep -qzE "1 programme included, in 1 period.*1 cohort with 1 student," "$tmp/c.txt"
cat >"$tmp/sizes.py" <<'PY'
import csv, json, os, sys
# sizes.py DIR CHECK.json [PROGRAMMES]: check --json's counts, recomputed from the CSV files
d, js = sys.argv[1], json.load(open(sys.argv[2]))
only = set(sys.argv[3].split(",")) if len(sys.argv) > 3 else None
rows = lambda f: list(csv.DictReader(open(f"{d}/{f}.csv", encoding="utf-8-sig")))
scen = json.load(open(f"{d}/scenario.json")) if os.path.exists(f"{d}/scenario.json") else {}
sites, camp, prog, coh, cap = (rows(f) for f in ("sites", "campuses", "programmes", "cohorts", "capacity"))
mun = [s for s in sites if s["kind"] == "municipality"]
share = {p["id"]: float(p["municipal_share"]) if p.get("municipal_share") else scen.get("municipal_share", 0.5)
         for p in prog}
inc = [c for c in coh if only is None or c["programme"] in only]
want = {
    "sites": len(sites), "municipalities": len(mun), "hospitals": len(sites) - len(mun),
    "groups": len({s.get("group") or s["id"] for s in mun}),
    "campuses": len(camp), "institutions": len({c["institution"] for c in camp}),
    "programmes": len([p for p in prog if only is None or p["id"] in only]),
    "periods": len({c["period"] for c in coh} | {c["period"] for c in cap}),
    "cohorts": len(inc), "students": sum(int(c["students"]) for c in inc),
    "student_weeks": sum(int(c["students"]) * float(c["weeks"]) for c in inc),
    "municipal_target_weeks": sum(share[c["programme"]] * int(c["students"]) * float(c["weeks"]) for c in inc),
}
bad = [(k, v, js.get(k)) for k, v in want.items() if not isinstance(js.get(k), (int, float)) or abs(js[k] - v) > 1e-6]
assert not bad and len(js) == 20 and isinstance(js.get("warnings"), list), (bad, len(js))
PY
for args in "instances/tiny" "instances/agder" "instances/region-nord" "$one SYK"; do
    set -- $args
    $bin check "$1" ${2:+--set programmes=$2} --json >"$tmp/c.json" && python3 "$tmp/sizes.py" "$1" "$tmp/c.json" ${2:-}
    t "check --json ${1##*/}${2:+ (programmes $2)}: 19 counts and the warnings; sites, groups, campuses, cohorts, students, weeks recomputed from the CSV files agree" test $? -eq 0
done
