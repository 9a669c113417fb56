#!/usr/bin/env bash
# tests/xlsx.sh PRAKSIS [quick] - instances as .xlsx workbooks.
#
# A workbook written by an independent writer (openpyxl) and one written by
# `praksis template` must give the plan the CSV directory gives, byte for
# byte apart from time fields, and the plan must pass tests/verify_plan.py
# against the directory.  Bad workbooks (a bad cell, a missing sheet, an id
# typed as a number, dates, formulas, zip bombs, deep XML, entity DTDs, ...)
# must give exit 1 and one line naming the workbook, sheet and cell, with
# nothing written.  "quick" leaves out the few slow cases (the ASan run).
set -u
bin=$1
quick=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# openpyxl is Debian's python3-openpyxl: the system python has it even
# when another python3 comes first on PATH
py=python3
$py -c 'import openpyxl' 2>/dev/null || py=/usr/bin/python3
if ! $py -c 'import openpyxl' 2>/dev/null; then
    echo "not ok - xlsx: python3-openpyxl is not installed (make deps installs it)"
    exit 1
fi
form='^praksis: [^ ]+: .*expected .+found '

# same_plan NAME A B: plan directories A and B hold the same files, equal
# byte for byte, summary.json apart from its time fields and the instance it
# names (the directory in one, the workbook in the other)
same_plan() {
    local name=$1 a=$2 b=$3 f ok=1
    for f in assignments.csv unplaced.csv site_use.csv changes.csv; do
        cmp -s "$a/$f" "$b/$f" || { ok=0; echo "# $f differs"; }
    done
    if ! diff <(grep -v '"seconds"\|_seconds\|"instance"\|"previous_plan"' "$a/summary.json") \
        <(grep -v '"seconds"\|_seconds\|"instance"\|"previous_plan"' "$b/summary.json") >/dev/null; then
        ok=0
        echo "# summary.json differs beyond its time fields and its instance"
    fi
    [ "$ok" -eq 1 ] && echo "ok - xlsx: $name gives the same plan as the CSV directory" ||
        echo "not ok - xlsx: $name gives another plan than the CSV directory"
}

# ---- the same plan from a directory and from workbooks of two writers
"$bin" solve instances/agder -o "$tmp/dir" --quiet || echo "not ok - xlsx: agder from its directory (exit $?)"
$py tests/xlsx_from_dir.py instances/agder "$tmp/openpyxl.xlsx"
"$bin" solve "$tmp/openpyxl.xlsx" -o "$tmp/openpyxl" --quiet 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && echo "ok - xlsx: agder written by openpyxl solves, without a warning" ||
    echo "not ok - xlsx: agder written by openpyxl (exit $rc): $(head -1 "$tmp/err")"
same_plan "agder written by openpyxl (inline strings, absolute part names)" "$tmp/dir" "$tmp/openpyxl"
python3 tests/verify_plan.py instances/agder "$tmp/openpyxl" | grep -q '^not ok' &&
    echo "not ok - xlsx: the workbook's plan fails tests/verify_plan.py against the directory" ||
    echo "ok - xlsx: the workbook's plan passes tests/verify_plan.py against the directory"

"$bin" template instances/agder -o "$tmp/template.xlsx" >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" -eq 0 ] && grep -q "^workbook written to $tmp/template.xlsx$" "$tmp/out" && [ ! -s "$tmp/err" ] &&
    echo "ok - xlsx: praksis template writes agder as a workbook" ||
    echo "not ok - xlsx: praksis template (exit $rc): $(head -1 "$tmp/err")"
"$bin" solve "$tmp/template.xlsx" -o "$tmp/template" --quiet
same_plan "the template of agder (shared strings, relative part names)" "$tmp/dir" "$tmp/template"
# the template of a workbook: read by praksis, written by praksis, read again
"$bin" template "$tmp/openpyxl.xlsx" -o "$tmp/again.xlsx" >/dev/null && "$bin" solve "$tmp/again.xlsx" -o "$tmp/again" --quiet
same_plan "the template of the openpyxl workbook" "$tmp/dir" "$tmp/again"
# what the template holds, read by openpyxl: ids as text, numbers as numbers,
# the scenario, frozen header rows
$py - "$tmp/template.xlsx" <<'PY' && echo "ok - xlsx: the template holds ids as text, numbers as numbers, frozen headers, the scenario" || echo "not ok - xlsx: the template's cells"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ["sites", "campuses", "programmes", "cohorts", "capacity", "students", "fixed", "previous", "scenario"], wb.sheetnames
s = wb["sites"]
assert [c.value for c in s[1]][:5] == ["id", "name", "kind", "lat", "lon"]
assert isinstance(s["A2"].value, str) and s["A2"].number_format == "@", (s["A2"].value, s["A2"].number_format)
assert isinstance(s["D2"].value, float), s["D2"].value
assert all(ws.freeze_panes == "A2" for ws in wb), [ws.freeze_panes for ws in wb]
assert s.column_dimensions["B"].width > 10
scen = {r[0].value: r[1].value for r in wb["scenario"].iter_rows(min_row=2)}
assert scen["coordinator_cost"] == 84444 and scen["commute_km"] == 60, scen
PY
# leading zeros survive: a site id 0301 written by template and read back
mkdir -p "$tmp/zero" && cp instances/tiny/*.csv instances/tiny/scenario.json "$tmp/zero/"
sed -i 's/^M1,/0301,/' "$tmp/zero/sites.csv" "$tmp/zero/capacity.csv"
"$bin" template "$tmp/zero" -o "$tmp/zero.xlsx" >/dev/null && "$bin" solve "$tmp/zero.xlsx" -o "$tmp/zero-out" --quiet &&
    grep -q ',0301,' "$tmp/zero-out/assignments.csv" &&
    echo "ok - xlsx: the id 0301 keeps its leading zero through the template" ||
    echo "not ok - xlsx: the id 0301 through the template"
# ids typed as numbers become text without ".0": campus ids 7 and 8 as numbers
$py - "$tmp/openpyxl.xlsx" "$tmp/numid.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ids = {}
for row in wb["campuses"].iter_rows(min_row=2):
    ids[row[0].value] = 7 + len(ids)
    row[0].value = ids[row[0].value]
for ws, col in (("cohorts", 1), ("distances", 0)):
    if ws in wb.sheetnames:
        for row in wb[ws].iter_rows(min_row=2):
            if row[col].value in ids: row[col].value = ids[row[col].value]
wb.save(sys.argv[2])
PY
"$bin" solve "$tmp/numid.xlsx" -o "$tmp/numid" --quiet && tail -n +2 "$tmp/numid/assignments.csv" | cut -d, -f3 | sort -u | tr '\n' ' ' | grep -qx '7 8 ' &&
    echo "ok - xlsx: campus ids typed as the numbers 7 and 8 read as the text \"7\" and \"8\"" ||
    echo "not ok - xlsx: number ids: $(cut -d, -f3 "$tmp/numid/assignments.csv" 2>/dev/null | sort -u | tr '\n' ' ')"

# ---- bad workbooks: exit 1, one line, nothing written
# bad NAME PATTERN FILE [args]: solve FILE and judge the diagnostic
bad() {
    local name=$1 pattern=$2 file=$3
    shift 3
    rm -rf "$tmp/bad-out"
    "$bin" solve "$file" -o "$tmp/bad-out" --quiet "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local rc=$? msg lines
    msg=$(grep -v '^praksis: warning' "$tmp/stderr" | head -1)
    lines=$(grep -vc '^praksis: warning' "$tmp/stderr")
    if [ "$rc" -ne 1 ]; then
        echo "not ok - xlsx bad $name: exit $rc, expected 1 ($msg)"
    elif ! grep -qE "$pattern" <<<"$msg"; then
        echo "not ok - xlsx bad $name: '$msg' does not match '$pattern'"
    elif ! grep -qE "$form" <<<"$msg" || [ "$lines" -ne 1 ]; then
        echo "not ok - xlsx bad $name: '$msg' ($lines lines) is not one 'praksis: WHERE: expected ..., found ...'"
    elif [ -e "$tmp/bad-out" ] || [ -s "$tmp/stdout" ]; then
        echo "not ok - xlsx bad $name: something was written"
    else
        echo "ok - xlsx bad $name: $msg"
    fi
}
# edit NAME PYTHON: a copy of the openpyxl workbook changed by PYTHON (wb is the workbook)
edit() {
    $py -c "import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
$2
wb.save(sys.argv[2])" "$tmp/openpyxl.xlsx" "$tmp/$1.xlsx"
    echo "$tmp/$1.xlsx"
}
w=$(edit cell 'wb["capacity"]["D14"] = "ti"')
bad "a word in a number cell" "^praksis: $w:capacity!D14: places: expected a whole number from 0 to 1000000000, found \"ti\" \(the cell holds text: enter the value as a number\)$" "$w"
w=$(edit nbsp 'wb["capacity"]["D3"] = "1\u00a0234"')
bad "a no-break-space thousands separator" "^praksis: $w:capacity!D3: places: .*found \"1.+234\" \(thousands separators are not accepted\)$" "$w"
w=$(edit neg 'wb["cohorts"]["E2"] = -8')
bad "a negative number cell" "^praksis: $w:cohorts!E2: students: expected a whole number from 0 to 1000000000, found \"-8\"$" "$w"
w=$(edit nosheet 'del wb["cohorts"]')
bad "a missing sheet" "^praksis: $w: expected a sheet named \"cohorts\", found none \(the sheets are: sites, campuses, programmes, capacity, students, fixed, previous, scenario\)$" "$w"
# (openpyxl will not rename a sheet to its own name in another case: go round)
w=$(edit case 'wb["capacity"].title = "x"; wb["x"].title = "Capacity"')
bad "a sheet named in another case" "^praksis: $w: expected a sheet named \"capacity\", found \"Capacity\" \(sheet names are case-sensitive\)$" "$w"
w=$(edit header 'wb["capacity"]["A1"] = "Site"')
bad "a header in another case" "^praksis: $w:capacity!A1: expected a column \"site\" in the header .*found \"Site\" \(the header is case-sensitive\)$" "$w"
w=$(edit zero '
s = wb["sites"]; old = s["A2"].value; s["A2"] = "0" + old
for row in wb["capacity"].iter_rows(min_row=2):
    if row[0].value == old: row[0].value = int(old)')
site=$($py -c 'import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1])["sites"]["A2"].value)' "$w")
bad "an id typed as a number that lost its leading zero" "^praksis: $w:capacity!A[0-9]+: site: expected a site id from sheet sites, found unknown \"${site#0}\" \(the cell holds the number ${site#0}, but ids are text: type it as text, \"$site\"\)$" "$w"
w=$(edit date 'wb["cohorts"]["F3"] = datetime.date(2026, 8, 17)')
bad "a date in a number cell" "^praksis: $w:cohorts!F3: weeks: expected a number > 0, found a date \(the cell is formatted as a date; format it as a number or text\)$" "$w"
w=$(edit dateid 'wb["cohorts"]["D2"] = datetime.date(2026, 8, 17)')
bad "a date in a text cell" "^praksis: $w:cohorts!D2: period: expected a value, found a date" "$w"
w=$(edit formula 'wb["capacity"]["D5"] = "=2+2"')
bad "a formula without a saved result" "^praksis: $w:capacity!D5: places: expected a whole number .*, found a formula without a saved result" "$w"
w=$(edit bool 'wb["capacity"]["E5"] = True')
bad "a boolean in a number cell" "^praksis: $w:capacity!E5: supervisors: expected a whole number .*, found the boolean TRUE$" "$w"
w=$(edit extra 'wb["programmes"]["H3"] = "note"')
bad "a value right of the header" "^praksis: $w:programmes!H3: expected values only under the [0-9]+ columns of the header, found \"note\"$" "$w"
w=$(edit scenkey 'wb["scenario"].append(["travel_rates", 1200])')
bad "an unknown scenario key" "^praksis: $w:scenario!A7: unknown key \"travel_rates\"; expected a scenario key such as \"travel_rate\", found \"travel_rates\"$" "$w"
w=$(edit scenval 'wb["scenario"].append(["road_factor", "far"])')
bad "a scenario value of the wrong type" "^praksis: $w:scenario!B7: road_factor: expected a factor > 0, found \"far\"$" "$w"
w=$(edit scendup 'wb["scenario"].append(["commute_km", 50])')
bad "a scenario key twice" "^praksis: $w:scenario!A7: key \"commute_km\" appears twice; expected each key once, found it again \(first in row 6\)$" "$w"
w=$(edit scenprog 'wb["scenario"].append(["programmes", "SYK, NOPE"])')
bad "an unknown programme in the scenario sheet" "^praksis: scenario: programmes: expected .*found unknown \"NOPE\"" "$w"
echo 'id,name' > "$tmp/text.xlsx"
bad "a CSV file named .xlsx" "^praksis: $tmp/text\.xlsx: expected an \.xlsx workbook \(a zip archive\), found another kind of file" "$tmp/text.xlsx"
cp "$tmp/openpyxl.xlsx" "$tmp/book.xls"
exempt=1 bad "a workbook not named .xlsx" "^praksis: $tmp/book\.xls: expected an instance directory or an \.xlsx workbook, found a file not named \.xlsx$" "$tmp/book.xls"
# what a zip or XML file can do to a reader (tests/xlsx_craft.py)
craft() { $py tests/xlsx_craft.py "$1" "$tmp/template.xlsx" "$tmp/craft-$1.xlsx" ${2:-} && echo "$tmp/craft-$1.xlsx"; }
w=$(craft bomb 100)
bad "a zip bomb (100 MiB of blanks in 110 KB)" "^praksis: $w:sites: expected parts of at most 64 MiB \(256 MiB in all\), found xl/worksheets/sheet1\.xml of 104857712 bytes uncompressed$" "$w"
w=$(craft lie)
bad "a zip entry inflating past its declared size" "^praksis: $w:sites: expected xl/worksheets/sheet1\.xml to hold the 100 bytes its zip entry declares, found more$" "$w"
w=$(craft entries 10001)
bad "10,001 zip entries" "^praksis: $w: expected a workbook of at most 10000 zip entries, found [0-9]+$" "$w"
w=$(craft deep 100000)
bad "XML nested 100,000 deep" "^praksis: $w:sites: expected XML nested at most 64 deep, found deeper nesting$" "$w"
w=$(craft laughs)
bad "a billion-laughs entity DTD" "^praksis: $w: expected spreadsheet XML without a DTD, found a <!DOCTYPE> declaration$" "$w"
if [ "$quick" != quick ]; then
    w=$(craft strings 4000001)
    bad "4,000,001 shared strings" "^praksis: $w: expected at most 4000000 shared strings, found more$" "$w"
fi
# odd but valid: inline strings in renamed parts, an absurd <dimension>, an unknown sheet
for op in inline dimension; do
    w=$(craft $op)
    "$bin" solve "$w" -o "$tmp/$op" --quiet && same_plan "the template rewritten ($op)" "$tmp/dir" "$tmp/$op"
done
w=$(edit notes 'wb.create_sheet("notes")["A1"] = "remember"')
"$bin" solve "$w" -o "$tmp/notes" --quiet 2>"$tmp/err"
[ "$?" -eq 0 ] && grep -qx "praksis: warning: $w:notes: unknown sheet \"notes\" ignored (the tables are sites, campuses, programmes, cohorts, capacity, distances and scenario)" "$tmp/err" &&
    echo "ok - xlsx: an unknown sheet is ignored with a warning" ||
    echo "not ok - xlsx: unknown sheet: $(head -1 "$tmp/err")"
# a bad instance gives no template
cp -r instances/tiny "$tmp/badinst" && sed -i '2s/,8,8$/,-8,8/' "$tmp/badinst/cohorts.csv"
"$bin" template "$tmp/badinst" -o "$tmp/bad.xlsx" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 1 ] && [ ! -e "$tmp/bad.xlsx" ] && ! ls "$tmp"/bad.xlsx.new-* >/dev/null 2>&1 && grep -q 'cohorts\.csv:2:' "$tmp/err" &&
    echo "ok - xlsx: template of a bad instance: exit 1, nothing written ($(head -1 "$tmp/err"))" ||
    echo "not ok - xlsx: template of a bad instance: exit $rc, $(head -1 "$tmp/err")"
"$bin" template instances/tiny -o "$tmp/x.csv" >/dev/null 2>"$tmp/err"
[ "$?" -eq 2 ] && grep -q 'template needs -o FILE.xlsx' "$tmp/err" && echo "ok - xlsx: template -o without .xlsx is a usage error" ||
    echo "not ok - xlsx: template -o x.csv: $(head -1 "$tmp/err")"
exit 0
