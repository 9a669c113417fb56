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
