#!/usr/bin/env bash
# tests/bad_input.sh PRAKSIS - each case breaks a copy of instances/tiny in
# one way; `praksis solve` must exit 1 with one line "praksis: FILE[:LINE[:COL]]:
# message" matching the case's pattern, and write nothing.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0

# bad NAME EXIT PATTERN MUTATION [solve args...]
bad() {
    local name=$1 want=$2 pattern=$3 mutation=$4
    shift 4
    n=$((n + 1))
    local dir="$tmp/case$n"
    cp -r instances/tiny "$dir"
    (cd "$dir" && eval "$mutation")
    local out="$tmp/out$n"
    "$bin" solve "$dir" -o "$out" --quiet "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local rc=$?
    local msg
    msg=$(grep -v '^praksis: warning' "$tmp/stderr" | head -1)
    local lines
    lines=$(grep -vc '^praksis: warning' "$tmp/stderr")
    if [ "$rc" -ne "$want" ]; then
        echo "not ok - bad input $name: exit $rc, expected $want ($msg)"
    elif ! grep -qE "$pattern" <<<"$msg"; then
        echo "not ok - bad input $name: message '$msg' does not match '$pattern'"
    elif [ "$lines" -ne 1 ]; then
        echo "not ok - bad input $name: $lines diagnostic lines, expected one"
    elif [ -e "$out" ] || [ -s "$tmp/stdout" ]; then
        echo "not ok - bad input $name: something was written"
    else
        echo "ok - bad input $name: $msg"
    fi
}
# replace line L of FILE with TEXT
setline() { python3 -c 'import sys; p,l,t=sys.argv[1],int(sys.argv[2]),sys.argv[3]; L=open(p,encoding="utf-8").read().split("\n"); L[l-1]=t; open(p,"w",encoding="utf-8").write("\n".join(L))' "$@"; }
# drop column NAME from FILE
dropcol() { python3 -c 'import sys,csv; p,c=sys.argv[1],sys.argv[2]; R=list(csv.reader(open(p))); i=R[0].index(c); w=csv.writer(open(p,"w"),lineterminator="\n"); [w.writerow(r[:i]+r[i+1:]) for r in R]' "$@"; }

for f in sites campuses programmes cohorts capacity; do
    bad "missing $f.csv" 1 "^praksis: .*/$f\.csv: cannot open" "rm $f.csv"
done
for spec in sites:id sites:name sites:kind sites:lat sites:lon campuses:id campuses:institution campuses:name \
    campuses:lat campuses:lon programmes:id programmes:name cohorts:id cohorts:campus cohorts:programme \
    cohorts:period cohorts:students cohorts:weeks capacity:site capacity:programme capacity:period \
    capacity:places distances:campus distances:site distances:km; do
    f=${spec%%:*} c=${spec#*:}
    bad "$f.csv without column $c" 1 "^praksis: .*/$f\.csv:1: expected a column \"$c\"" "dropcol $f.csv $c"
done
bad "empty cohorts.csv" 1 "^praksis: .*/cohorts\.csv: .*(empty|header)" ": > cohorts.csv"
bad "sites.csv header only" 1 "^praksis: .*/sites\.csv: expected at least one site" "head -1 sites.csv > s && mv s sites.csv"
bad "duplicate site id" 1 "^praksis: .*/sites\.csv:4:1: id: .*\"M1\" again" "setline sites.csv 4 'M1,Bruvik,municipality,60.3,10.0,Toyland,G-BT,3000'"
bad "duplicate cohort id" 1 "^praksis: .*/cohorts\.csv:3:1: id: .*again" "setline cohorts.csv 3 'SYK-AUT,TU-MAIN,FYS,autumn,2,5'"
bad "duplicate capacity row" 1 "^praksis: .*/capacity\.csv:4:1: expected at most one row" "setline capacity.csv 4 'H1,SYK,autumn,3,'"
bad "unknown campus in cohorts.csv" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: campus: .*unknown \"NOWHERE\"" "setline cohorts.csv 2 'SYK-AUT,NOWHERE,SYK,autumn,8,8'"
bad "unknown programme in capacity.csv" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: programme: .*unknown \"XYZ\"" "setline capacity.csv 2 'H1,XYZ,autumn,10,'"
bad "unknown site in capacity.csv" 1 "^praksis: .*/capacity\.csv:3:1: site: .*unknown \"H9\"" "setline capacity.csv 3 'H9,SYK,spring,10,'"
bad "unknown site in distances.csv" 1 "^praksis: .*/distances\.csv:2:[0-9]+: site: .*unknown" "setline distances.csv 2 'TU-MAIN,M9,52'"
bad "negative students" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number .*\"-8\"" "setline cohorts.csv 2 'SYK-AUT,TU-MAIN,SYK,autumn,-8,8'"
bad "fractional students" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number .*\"2\.5\"" "setline cohorts.csv 2 'SYK-AUT,TU-MAIN,SYK,autumn,2.5,8'"
bad "absurd students" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number" "setline cohorts.csv 2 'SYK-AUT,TU-MAIN,SYK,autumn,1e300,8'"
bad "NaN weeks" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: weeks: expected a number > 0, found \"NaN\"" "setline cohorts.csv 2 'SYK-AUT,TU-MAIN,SYK,autumn,8,NaN'"
bad "infinite weeks" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: weeks: expected a number > 0" "setline cohorts.csv 2 'SYK-AUT,TU-MAIN,SYK,autumn,8,inf'"
bad "zero weeks" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: weeks: expected a number > 0, found \"0\"" "setline cohorts.csv 2 'SYK-AUT,TU-MAIN,SYK,autumn,8,0'"
bad "non-numeric places" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: places: expected a whole number .*\"ten\"" "setline capacity.csv 2 'H1,SYK,autumn,ten,'"
bad "thousands separator" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: places: .*\"1 234\".*thousands" "setline capacity.csv 2 'H1,SYK,autumn,1 234,'"
bad "decimal comma in a comma file" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: expected 6 fields" "setline cohorts.csv 2 'SYK-AUT,TU-MAIN,SYK,autumn,8,9,3'"
bad "share above 1" 1 "^praksis: .*/programmes\.csv:2:[0-9]+: municipal_share: expected a share from 0 to 1, found \"1\.5\"" "setline programmes.csv 2 'SYK,Nursing (toy),1.5,2'"
bad "supervisor ratio 0" 1 "^praksis: .*/programmes\.csv:2:[0-9]+: supervisor_ratio: expected a whole number from 1" "setline programmes.csv 2 'SYK,Nursing (toy),0.5,0'"
bad "unknown site kind" 1 "^praksis: .*/sites\.csv:2:[0-9]+: kind: expected \"municipality\" or \"hospital\", found \"clinic\"" "setline sites.csv 2 'H1,Toy Hospital,clinic,60.1,10.0,Toyland,,'"
bad "latitude out of range" 1 "^praksis: .*/sites\.csv:3:[0-9]+: lat: expected a latitude" "setline sites.csv 3 'M1,Nærby,municipality,160.2,10.0,Toyland,,'"
bad "hospital with a group" 1 "^praksis: .*/sites\.csv:2:[0-9]+: group: expected a blank cell for a hospital" "setline sites.csv 2 'H1,Toy Hospital,hospital,60.1,10.0,Toyland,G-BT,'"
bad "group with two fixed costs" 1 "^praksis: .*/sites\.csv:5:[0-9]+: fixed_cost: expected the same fixed cost as the rest of group \"G-BT\"" "setline sites.csv 5 'M3,Tunnelvik,municipality,60.45,10.0,Toyland,G-BT,2500'"
bad "unterminated quote" 1 "^praksis: .*/cohorts\.csv:[0-9]+(:[0-9]+)?: .*quote" "printf 'FYS-X,\"TU-MAIN,FYS,spring,1,5\n' >> cohorts.csv"
bad "invalid UTF-8" 1 "^praksis: .*/sites\.csv:3:[0-9]+: .*UTF-8" "sed -i 's/Nærby/N\\xe6rby/' sites.csv"
bad "scenario unknown key" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: unknown key \"travel_rates\"" "sed -i 's/\"travel_rate\"/\"travel_rates\"/' scenario.json"
bad "scenario key in wrong case" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: unknown key \"Travel_rate\"; keys are case-sensitive" "sed -i 's/\"travel_rate\"/\"Travel_rate\"/' scenario.json"
bad "scenario value of wrong type" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: commute_km: expected a distance in km >= 0, found a string" "sed -i 's/\"commute_km\": 60/\"commute_km\": \"60\"/' scenario.json"
bad "scenario duplicate key" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: key \"travel_rate\" appears twice" "sed -i 's/\"supervision_rate\"/\"travel_rate\"/' scenario.json"
bad "scenario malformed JSON" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: expected a JSON object" "sed -i 's/1500,/1500/' scenario.json"
bad "scenario share above 1" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: municipal_share: expected a share from 0 to 1" "sed -i 's/\"municipal_share\": 0.6/\"municipal_share\": 1.6/' scenario.json"
bad "--set unknown programme" 1 "^praksis: scenario: programmes: .*unknown \"XYZ\"" ":" --set programmes=SYK,XYZ
bad "--set bad number" 1 "^praksis: --set: travel_rate: expected a number of kr >= 0, found \"1,5\"" ":" --set travel_rate=1,5
bad "--set unknown key" 1 "^praksis: --set: unknown key \"speed\"" ":" --set speed=2
bad "-s missing file" 1 "^praksis: .*nope\.json: cannot open" ":" -s "$tmp/nope.json"
[ "$n" -gt 0 ]
