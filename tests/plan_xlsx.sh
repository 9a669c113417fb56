#!/usr/bin/env bash
# tests/plan_xlsx.sh PRAKSIS [quick] - the plan as plan.xlsx, the sweep as
# sweep.xlsx, and money that adds up.
#
# Every shipped instance is solved (the national and the two large regions
# with a 5 s limit: any plan will do).  Its plan must pass
# tests/verify_plan.py, which checks among the rest that the rows of
# assignments.csv add up to summary.json's costs to the øre, and its
# plan.xlsx must hold, read by openpyxl (tests/plan_xlsx_check.py), every
# sheet with the plan's own figures, numbers as numbers, and one sheet per
# municipality and campus with exactly their rows.  Then: English headers
# and names, plan.xlsx written again by `praksis report`, the same workbook
# twice, sheet names that Excel would refuse or confuse, the checker
# refusing a workbook with a wrong figure, and sweep.xlsx against
# sweep.csv.  "quick" leaves out the large instances (the ASan run).
set -u
bin=$1
quick=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=python3 # openpyxl is Debian's python3-openpyxl: the system python has it
$py -c 'import openpyxl' 2>/dev/null || py=/usr/bin/python3
if ! $py -c 'import openpyxl' 2>/dev/null; then
    echo "not ok - plan.xlsx: python3-openpyxl is not installed (make deps installs it)"
    exit 1
fi
check=tests/plan_xlsx_check.py

# solve_check NAME INSTANCE LANG ARGS...: solve, verify, check the workbook
solve_check() {
    local name=$1 inst=$2 lang=$3
    shift 3
    local out="$tmp/$name"
    "$bin" solve "$inst" -o "$out" --quiet --lang "$lang" "$@" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        echo "not ok - plan.xlsx $name: solve exit $rc: $(head -1 "$tmp/err")"
        return
    fi
    python3 tests/verify_plan.py "$inst" "$out" "$@" > "$tmp/v" 2>&1
    if grep -q "^not ok" "$tmp/v" || ! grep -q "add up exactly" "$tmp/v"; then
        echo "not ok - plan.xlsx $name: verify_plan.py: $(grep -m1 '^not ok' "$tmp/v")"
    else
        echo "ok - $name: the plan passes verify_plan.py; its rows add up to summary.json to the øre"
    fi
    $py $check plan "$inst" "$out" --lang "$lang" | sed "s|$tmp/||"
}

solve_check tiny instances/tiny nb
solve_check agder instances/agder nb
if [ -z "$quick" ]; then # the regions and the nation in the plain build only: minutes under ASan
    solve_check region-nord instances/region-nord nb
    solve_check region-midt instances/region-midt nb
    solve_check norway instances/norway nb --time-limit 5
fi

# English: headers, kinds and programme names (name_en) in English
solve_check agder-en instances/agder en
"$bin" report "$tmp/agder" --instance instances/agder --lang en --geojson "" > "$tmp/o" 2>&1
if grep -q "workbook written to $tmp/agder/plan.xlsx" "$tmp/o"; then
    $py $check plan instances/agder "$tmp/agder" --lang en | sed "s|$tmp/|report: |"
else
    echo "not ok - plan.xlsx: praksis report did not write plan.xlsx: $(head -2 "$tmp/o")"
fi

# the same plan gives the same workbook: every part but the creation time
parts() {
    $py - "$1" <<'PY'
import hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
for n in sorted(z.namelist()):
    if n != "docProps/core.xml":
        print(n, hashlib.sha256(z.read(n)).hexdigest())
PY
}
"$bin" solve instances/agder -o "$tmp/again1" --quiet
"$bin" solve instances/agder -o "$tmp/again2" --quiet
a=$(parts "$tmp/again1/plan.xlsx")
b=$(parts "$tmp/again2/plan.xlsx")
if [ -n "$a" ] && [ "$a" = "$b" ]; then
    echo "ok - plan.xlsx: the same plan twice gives the same workbook (apart from its creation time)"
else
    echo "not ok - plan.xlsx: two solves of agder gave different workbooks"
fi

# sheet names Excel refuses (too long, []:*?/\, an apostrophe at an end) or
# takes for one (a fixed sheet's name, names equal but for case or after
# cutting): valid, unique, and the same every time
mkdir -p "$tmp/names"
cp instances/tiny/*.csv instances/tiny/scenario.json "$tmp/names/"
$py - "$tmp/names/sites.csv" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
t = t.replace("M1,Nærby,", "M1,Nøkkeltall,").replace("M2,Bruvik,", "M2,'Ås/B:[x]*?',")
t = t.replace("M3,Tunnelvik,", "M3,Øvre Aaaaaaaaaaaaaaaaaaaaaaaaaa One,")
t = t.replace("M4,Fjellheim,", "M4,øvre aaaaaaaaaaaaaaaaaaaaaaaaaa Two,")
open(p, "w", encoding="utf-8").write(t)
PY
"$bin" solve "$tmp/names" -o "$tmp/names-out" --quiet
$py $check plan "$tmp/names" "$tmp/names-out" | sed "s|$tmp/||"
want="Nøkkeltall (2)|_Ås_B__x____|Øvre Aaaaaaaaaaaaaaaaaaaaaaaaaa|øvre aaaaaaaaaaaaaaaaaaaaaa (2)"
got=$($py $check names "$tmp/names-out/plan.xlsx" | sed -n '6,9p' | paste -sd'|')
if [ "$got" = "$want" ]; then
    echo "ok - plan.xlsx: sheet names made valid and unique in a fixed way: $got"
else
    echo "not ok - plan.xlsx: sheet names '$got', expected '$want'"
fi

# the checker refuses a workbook whose figure differs from summary.json
cp -r "$tmp/tiny" "$tmp/wrong"
$py - "$tmp/wrong/plan.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for r in wb.worksheets[0].iter_rows():
    if r[2].value == "cost.total":
        r[1].value += 0.01
wb.save(sys.argv[1])
PY
if $py $check plan instances/tiny "$tmp/wrong" | grep -q "^not ok.*cost.total"; then
    echo "ok - plan.xlsx: the checker refuses a workbook with a cost 1 øre off"
else
    echo "not ok - plan.xlsx: the checker took a workbook with a wrong cost"
fi

# a sweep: sweep.xlsx against sweep.csv, and a plan.xlsx in every scenario
"$bin" sweep instances/agder instances/agder/sweep-whatif.json -o "$tmp/sweep" --quiet --threads 2
$py $check sweep "$tmp/sweep" | sed "s|$tmp/||"
n=$(find "$tmp/sweep" -mindepth 2 -name plan.xlsx | wc -l)
scen=$(($(wc -l < "$tmp/sweep/sweep.csv") - 1))
if [ "$n" -eq "$scen" ]; then
    $py $check plan instances/agder "$tmp/sweep/today" | sed "s|$tmp/||; s|^ok - |ok - sweep scenario: |"
else
    echo "not ok - sweep: $n plan.xlsx files for $scen scenarios"
fi
# praksis report on the sweep's directory reads sweep.json back and writes
# the same sweep.xlsx
a=$(parts "$tmp/sweep/sweep.xlsx")
"$bin" report "$tmp/sweep" > "$tmp/o" 2>&1
b=$(parts "$tmp/sweep/sweep.xlsx")
if [ -n "$a" ] && [ "$a" = "$b" ] && grep -q "workbook written to $tmp/sweep/sweep.xlsx" "$tmp/o"; then
    echo "ok - sweep.xlsx: praksis report writes it again from sweep.json, the same"
else
    echo "not ok - sweep.xlsx: praksis report on the sweep gave another workbook: $(head -2 "$tmp/o")"
fi
