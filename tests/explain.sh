#!/usr/bin/env bash
# tests/explain.sh PRAKSIS - data that cannot matter is said out loud, and a
# plan that leaves students out says so in its first line.
#
# The case every planner meets: a copy of agder whose capacity.csv has the
# period "P2" typed "P 2".  The data is valid, the solve is optimal, and
# half the students are unplaced; check and solve must both name
# capacity.csv, the rows' lines and the label that was meant.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t() { # t NAME CONDITION-COMMAND...
    local name=$1
    shift
    if "$@"; then echo "ok - explain $name"; else echo "not ok - explain $name"; fi
}

typo="$tmp/agder-typo"
cp -r instances/agder "$typo"
sed -i 's/,P2,/,P 2,/' "$typo/capacity.csv"
# without the agreements: their P2 placement and minimums would now be input errors, not warnings
rm "$typo/fixed.csv"
cut -d, -f1-5 "$typo/capacity.csv" >"$typo/cap" && mv "$typo/cap" "$typo/capacity.csv"
# the lines (1-based, header = 1) that now say "P 2", as the warning must list them
lines=$(awk -F, 'NR > 1 && $3 == "P 2" {print NR}' "$typo/capacity.csv")
n=$(echo "$lines" | wc -l)
first=$(echo "$lines" | head -1)
shown=$(echo "$lines" | head -6 | paste -sd, | sed 's/,/, /g')

for cmd in check solve; do
    args=()
    [ "$cmd" = solve ] && args=(-o "$tmp/out")
    "$bin" $cmd "$typo" "${args[@]}" >"$tmp/$cmd.out" 2>"$tmp/$cmd.err"
    rc=$?
    t "$cmd of the P 2 copy: exit 0 (valid data, a warning is not an error)" test $rc -eq 0
    want="^praksis: warning: $typo/capacity.csv:$first: $n rows \(lines $shown and $((n - 6)) more, [0-9]+ places\) for period \"P 2\", which no cohort has: no student can use them; did you mean \"P2\"\?$"
    grep -qE "$want" "$tmp/$cmd.err"
    t "$cmd of the P 2 copy: one warning names capacity.csv, line $first, the $n rows' lines and \"P2\"" test $? -eq 0
    grep -q "UIA-GRIMSTAD-SYK-P2 (114 students) has no candidate site: no site offers SYK or \"\\*\" in period \"P2\"; capacity.csv has [0-9]* rows for SYK in \"P 2\"" "$tmp/$cmd.err"
    t "$cmd of the P 2 copy: the cohorts without a site point at the \"P 2\" rows" test $? -eq 0
done
grep -q "valid instance, with 7 warnings" "$tmp/check.out"
t "check says the instance is valid with warnings" test $? -eq 0
head -1 "$tmp/solve.out" | grep -q "optimal in .*; 299 of 598 students unplaced$"
t "solve's first line says how many students are unplaced, also when optimal" test $? -eq 0
python3 - "$tmp/out/summary.json" "$typo/capacity.csv" "$first" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
w = [x for x in s["warnings"] if x["file"] == sys.argv[2] and x["line"] == int(sys.argv[3])]
assert len(w) == 1 and 'did you mean "P2"?' in w[0]["message"], s["warnings"]
assert len(s["warnings"]) == 7, len(s["warnings"])
PY
t "summary.json lists every warning with its file and line" test $? -eq 0
"$bin" check instances/agder >"$tmp/o" 2>"$tmp/e"
t "the shipped agder: no warning" test ! -s "$tmp/e"
"$bin" check "$typo" --set programmes=FYSIO,VERN >"$tmp/o" 2>"$tmp/e"
grep -q 'FYSIO' "$tmp/e" && ! grep -q 'SYK-P2' "$tmp/e"
t "the scenario's programme filter: no warning about cohorts it leaves out" test $? -eq 0

# ---- what one more place is worth, checked by a second route
# Every exact value of sensitivity.csv must be the change of the levels when
# a copy of capacity.csv has the row one place higher (lower) and is solved
# from scratch (tests/explain_check.py rows).
for c in "tiny|10" "agder|10" "region-midt|3"; do
    name=${c%%|*}
    n=${c#*|}
    out="$tmp/x-$name"
    "$bin" solve "instances/$name" -o "$out" --explain --exact "$n" --quiet 2>/dev/null
    t "solve --explain $name: exit 0, with sensitivity.csv, unused_sites.csv and unplaced_why.csv" \
        test $? -eq 0 -a -s "$out/sensitivity.csv" -a -s "$out/unused_sites.csv" -a -s "$out/unplaced_why.csv"
    checked=$(python3 tests/explain_check.py rows "$bin" "instances/$name" "$out" 2>"$tmp/err")
    t "$name: each of the $checked exact values checked equals a solve from scratch with capacity.csv edited" \
        test $? -eq 0 -a "${checked:-0}" -gt 0
    [ -s "$tmp/err" ] && sed 's/^/#   /' "$tmp/err"
    rows=$(($(wc -l <"instances/$name/capacity.csv") - 1))
    t "$name: sensitivity.csv has one line per capacity row ($rows)" test "$(($(wc -l <"$out/sensitivity.csv") - 1))" -eq "$rows"
done
"$bin" solve instances/agder -o "$tmp/x-agder-lp" --explain --exact 0 --quiet 2>/dev/null
line=$(python3 tests/explain_check.py differs "$tmp/x-agder-lp/sensitivity.csv" "$tmp/x-agder/sensitivity.csv" 2>&1)
t "agder: an exact value differs from the LP's dual estimate ($line)" test $? -eq 0
grep -q ',exact' "$tmp/x-agder-lp/sensitivity.csv"
rc=$?
! grep -v '^site' "$tmp/x-agder-lp/sensitivity.csv" | awk -F, '$7 >= $6 && $6 > 0 && $11 == "exact"' | grep -q .
t "--exact 0: no binding row is called exact (only rows no change can matter)" test $? -eq 0 -a $rc -eq 0

# ---- why a municipality gets nobody, checked by a second route
# Every exact price must equal models/placement.mod with "at least one student
# at the site" added, solved level by level by glpsol.
checked=$(python3 tests/explain_check.py sites "$bin" instances/agder "$tmp/x-agder" 2>"$tmp/err")
t "agder: each of the $checked exact prices in unused_sites.csv equals glpsol on the model with the site forced" \
    test $? -eq 0 -a "${checked:-0}" -ge 5
[ -s "$tmp/err" ] && sed 's/^/#   /' "$tmp/err"
site=$(awk -F, '$13 == "exact" {print $1; exit}' "$tmp/x-agder/unused_sites.csv")
cost=$(awk -F, '$13 == "exact" {print $9; exit}' "$tmp/x-agder/unused_sites.csv")
"$bin" explain "$tmp/x-agder" --instance instances/agder --site "$site" >"$tmp/site.out" 2>"$tmp/err"
t "explain --site $site: exit 0" test $? -eq 0
want=$(python3 -c "import sys; c=float(sys.argv[1]); print(('+' if c >= 0 else '-') + format(round(abs(c)), ',').replace(',', ' '))" "$cost")
grep -q "^  using it .*, $want kr (exact)$" "$tmp/site.out"
t "explain --site $site: the same price as unused_sites.csv ($want kr)" test $? -eq 0
grep -q "^    [0-9]* of .* to $site " "$tmp/site.out"
t "explain --site $site: the plan that would result moves students to the site" test $? -eq 0
"$bin" explain "$tmp/x-agder" --instance instances/agder --site NOPE >"$tmp/o" 2>"$tmp/e"
t "explain --site with an unknown id: exit 1, one line" test $? -eq 1 -a "$(wc -l <"$tmp/e")" -eq 1
grep -q "^praksis: --site: expected a site id from sites.csv, found \"NOPE\"$" "$tmp/e"
t "explain --site with an unknown id: names what was expected and found" test $? -eq 0
"$bin" explain "$tmp/x-agder" >"$tmp/o" 2>"$tmp/e"
t "explain without --instance: usage error, exit 2" test $? -eq 2

# ---- the same answer with 1 thread or 2
"$bin" solve instances/agder -o "$tmp/x-agder-1" --explain --exact 10 --threads 1 --quiet 2>/dev/null
same=1
for f in sensitivity.csv unused_sites.csv unplaced_why.csv; do
    cmp -s "$tmp/x-agder/$f" "$tmp/x-agder-1/$f" || same=0
done
t "agder: --threads 1 and 2 write the same explanation files" test $same -eq 1

# ---- why students are unplaced: where more places would place them
python3 - "$tmp/x-tiny/unplaced_why.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
# tiny leaves one FYS student of spring unplaced: the hospital's FYS row (line 5) is full
best = rows[0]
assert (best["cohort"], best["site"], best["line"], best["places_needed"], best["blocked_by"]) == ("FYS-SPR", "H1", "5", "1", "places"), best
# the relocated site has places, but the student would relocate there alone
assert (rows[1]["site"], rows[1]["blocked_by"]) == ("M4", "relocated_minimum"), rows[1]
assert "1 more place for FYS in spring at Toy Hospital would place 1" in best["reason"], best
PY
t "tiny: the unplaced student's cheapest option is one more FYS place at the hospital (line 5)" test $? -eq 0
grep -q '^H1,Toy Hospital,FYS,spring,5,2,2,-5,0,1000,exact,' "$tmp/x-tiny/sensitivity.csv"
t "tiny: and sensitivity.csv says that place is worth 5 unplaced weeks for 1 000 kr (exact)" test $? -eq 0
"$bin" solve "$typo" -o "$tmp/x-typo" --explain --quiet 2>/dev/null
grep -q '^UIA-GRIMSTAD-SYK-P2,114,,,SYK,P2,,no_row,114,114,.*no site has a capacity row for SYK in period ""P2""' "$tmp/x-typo/unplaced_why.csv"
t "the P 2 copy: unplaced_why.csv says no site has a row for SYK in P2" test $? -eq 0

# ---- the report: its first line, the warnings, and the explanation's sections
"$bin" solve "$typo" -o "$tmp/r-typo" --explain --report --lang en --geojson "" --quiet 2>/dev/null
python3 tests/report_check.py html "$tmp/r-typo/report.html" --shapes-from "$typo/sites.csv" --lang en
t "report.html with --explain: well-formed and self-contained" test $? -eq 0
grep -q '<span class="badge bad">299 of 598 students without a place</span>' "$tmp/r-typo/report.html"
t "report.html's first line says how many are unplaced, also when the plan is optimal" test $? -eq 0
grep -q 'did you mean &quot;P2&quot;?' "$tmp/r-typo/report.html"
t "report.html lists the warnings about the data" test $? -eq 0
sections=0
for id in plassverdi utenfor plass-til advarsler; do grep -q "<section id=\"$id\">" "$tmp/r-typo/report.html" && sections=$((sections + 1)); done
t "report.html has the sections: places worth most, municipalities left out, what would place the unplaced, warnings" \
    test $sections -eq 4
