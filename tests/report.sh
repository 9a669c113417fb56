#!/usr/bin/env bash
# tests/report.sh PRAKSIS [quick] - report.html and sweep.html as a planner
# gets them: generated for instances/agder (real municipalities, polygons)
# and instances/tiny (fictional sites, points), checked to be well-formed and
# self-contained with one data-id shape per municipality, read back from the
# plan's files to the same page, under 3 MB for the national instance, and -
# when chromium is installed - opened headless: the page renders, its script
# runs to the end, the map has every shape in the live DOM, a table sorts,
# and screenshots are kept in build/screenshots/ (CI artifacts).  "quick" skips the
# national instance and the browser (for the sanitizer build).
set -u
bin=$1
quick=${2:-}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check="python3 tests/report_check.py"
t() { # t NAME CONDITION-COMMAND...
    local name=$1
    shift
    if "$@"; then echo "ok - report $name"; else echo "not ok - report $name"; fi
}

# --- Agder: solve --report, Norwegian by default
$bin solve instances/agder -o "$tmp/agder" --report >"$tmp/o" 2>"$tmp/e"
t "solve agder --report: exit 0" test $? -eq 0
t "solve --report writes report.html" test -s "$tmp/agder/report.html"
grep -q "^  report written to $tmp/agder/report.html\$" "$tmp/o"
t "the summary says where the report is" test $? -eq 0
grep -q "^  most students  Kristiansand [0-9]*, " "$tmp/o"
t "the summary names the municipalities with the most students" test $? -eq 0
t "no temporary files left" test -z "$(ls "$tmp/agder" | grep tmp)"
t "agder: well-formed, offline, one titled data-id shape per municipality (25), Norwegian" \
    $check html "$tmp/agder/report.html" --shapes-from instances/agder/sites.csv --lang nb --max-bytes 3000000
n=$(grep -c ',municipality,' instances/agder/sites.csv)
t "agder has 25 municipalities in sites.csv (the test's premise)" test "$n" -eq 25
grep -q '<path class="m c[0-9]" data-id="4204" d="M' "$tmp/agder/report.html"
t "agder: municipalities drawn as polygons from the geojson" test $? -eq 0
grep -q 'Farsund (4206)' "$tmp/agder/report.html"
t "agder: tooltips name the municipality" test $? -eq 0
grep -q 'class="ctx"' "$tmp/agder/report.html"
t "agder: neighbouring municipalities drawn for context, without data-id" test $? -eq 0
grep -q '2A: fast ukepris' "$tmp/agder/report.html" && grep -q '3.420.kr' "$tmp/agder/report.html"
t "agder: cost beside the IS-2956 flat rate (3 420 kr a week)" test $? -eq 0
grep -q 'id="t-flytting"' "$tmp/agder/report.html" && grep -q '<td>Kristiansand</td><td>Farsund (4206)</td>' "$tmp/agder/report.html"
t "agder: relocated students from campus to site" test $? -eq 0
grep -q 'Alle studentene har fått plass' "$tmp/agder/report.html"
t "agder: says everyone is placed" test $? -eq 0

# --- the same plan read back from its files, not re-solved
$bin report "$tmp/agder" --instance instances/agder >"$tmp/o" 2>"$tmp/e"
t "report OUTDIR --instance DIR: exit 0" test $? -eq 0
cp "$tmp/agder/report.html" "$tmp/from-files.html"
$bin solve instances/agder -o "$tmp/agder2" --report -q
t "report from the files is the report of the solve" $check same "$tmp/agder2/report.html" "$tmp/from-files.html"
$bin report "$tmp/agder" >"$tmp/o" 2>"$tmp/e"
t "report without --instance: the instance summary.json names (exit 0)" test $? -eq 0
t "report without --instance is the same page" $check same "$tmp/agder2/report.html" "$tmp/agder/report.html"
grep -q '"instance":[[:space:]]*"instances/agder"' "$tmp/agder/summary.json"
t "summary.json names the instance as it was given" test $? -eq 0
cp -r instances/tiny "$tmp/tiny-moved"
$bin solve "$tmp/tiny-moved" -o "$tmp/moved" -q
rm -rf "$tmp/tiny-moved"
$bin report "$tmp/moved" >"$tmp/o" 2>"$tmp/e"
rc=$?
grep -qx "praksis: $tmp/moved/summary.json:[0-9]*:[0-9]*: the instance the plan was solved from, \"$tmp/tiny-moved\", is not there any more (No such file or directory): pass --instance DIR" "$tmp/e"
t "report whose instance is gone: exit 1, one line naming it, with the hint to pass --instance" \
    test $rc -eq 1 -a $? -eq 0 -a "$(wc -l <"$tmp/e")" -eq 1
$bin report "$tmp/moved" --instance instances/tiny >"$tmp/o" 2>"$tmp/e"
t "report whose instance is gone, with --instance: exit 0" test $? -eq 0
$bin template instances/tiny -o "$tmp/tiny.xlsx" >"$tmp/o" 2>"$tmp/e"
$bin solve "$tmp/tiny.xlsx" -o "$tmp/wb" -q
$bin report "$tmp/wb" >"$tmp/o" 2>"$tmp/e"
t "report without --instance of a plan solved from a workbook finds the workbook: exit 0" test $? -eq 0
$bin report "$tmp/agder" --instance instances/tiny >"$tmp/o" 2>"$tmp/e"
rc=$?
t "report with another instance: exit 1" test $rc -eq 1
grep -q "assignments.csv:2:.*is this the instance the plan was made from" "$tmp/e"
t "report with another instance: says so, naming file and line" test $? -eq 0
cp -r "$tmp/agder" "$tmp/tampered"
sed -i 's/"total":\t2368515.5/"total":\t2368000/' "$tmp/tampered/summary.json"
$bin report "$tmp/tampered" --instance instances/agder >"$tmp/o" 2>"$tmp/e"
t "report of a plan whose summary.json disagrees with its files: exit 1" test $? -eq 1
# the one plan reader: every bad cell or key named by file, line and column, the same for report and finance
cp -r "$tmp/agder" "$tmp/badkind"
sed -i '3s/,municipality,/,hotel,/' "$tmp/badkind/assignments.csv"
$bin report "$tmp/badkind" --instance instances/agder >"$tmp/o" 2>"$tmp/e"
rc=$?
grep -qx "praksis: $tmp/badkind/assignments.csv:3:[0-9]*: site_kind: expected municipality or hospital, found \"hotel\"" "$tmp/e"
t "a plan with a bad cell: exit 1, one line naming file, line and column" test $rc -eq 1 -a $? -eq 0 -a "$(wc -l <"$tmp/e")" -eq 1
if [ -f ../shared/data/programs-2019.csv ]; then
    $bin finance --programmes-csv ../shared/data/programs-2019.csv --plan "$tmp/badkind" >"$tmp/o" 2>"$tmp/e2"
    t "finance reads plans with the same reader: the same message" cmp -s "$tmp/e" "$tmp/e2"
fi
cp -r "$tmp/agder" "$tmp/badscen"
python3 - "$tmp/badscen/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["scenario"]["commute_km"] = -5
open(sys.argv[1], "w").write(json.dumps(s, indent="\t"))
PY
line=$(grep -n '"commute_km"' "$tmp/badscen/summary.json" | tail -1 | cut -d: -f1)
$bin report "$tmp/badscen" --instance instances/agder >"$tmp/o" 2>"$tmp/e"
grep -qx "praksis: $tmp/badscen/summary.json:$line:3: commute_km: expected a distance in km >= 0, found -5" "$tmp/e"
t "a bad scenario key in summary.json: named at its own line ($line) and column" test $? -eq 0
$bin report "$tmp/nothing" --instance instances/agder >"$tmp/o" 2>"$tmp/e"
t "report of a directory without a plan: exit 1" test $? -eq 1
$bin report "$tmp/agder" --instance instances/agder --lang de >"$tmp/o" 2>"$tmp/e"
t "report --lang de: exit 2" test $? -eq 2

# --- English
$bin solve instances/agder -o "$tmp/agder-en" --report --lang en -q
t "--lang en: English page" $check html "$tmp/agder-en/report.html" --shapes-from instances/agder/sites.csv --lang en
grep -q 'Where the students are placed' "$tmp/agder-en/report.html" && ! grep -q 'Hvor studentene' "$tmp/agder-en/report.html"
t "--lang en: English headings, no Norwegian ones" test $? -eq 0

# --- unplaced students and their reasons (Agder at half its capacity with twice its students;
# its agreed placements still fit)
$bin solve instances/agder -o "$tmp/short" --set capacity_scale=0.5 --set demand_scale=2 --set programmes=SYK,VERN --report -q
t "short of capacity: well-formed" $check html "$tmp/short/report.html" --shapes-from instances/agder/sites.csv
t "short of capacity: every unplaced cohort of unplaced.csv listed with a reason" \
    $check unplaced "$tmp/short/report.html" "$tmp/short/unplaced.csv"
t "short of capacity: the reason is full places" $check reason "$tmp/short/report.html" UIA-KRISTIANSAND-SYK-P1 "Plassene er fulle"
cp -r "$tmp/short" "$tmp/badunpl"
sed -i '2s/^\([^,]*,[^,]*,[^,]*\),[0-9]*,/\1,999,/' "$tmp/badunpl/unplaced.csv"
$bin report "$tmp/badunpl" --instance instances/agder >"$tmp/o" 2>"$tmp/e"
grep -q "^praksis: $tmp/badunpl/unplaced.csv:2:[0-9]*: does not match assignments.csv" "$tmp/e"
t "unplaced.csv that does not match assignments.csv: named at its line" test $? -eq 0
grep -q 'mangler 396,4 uker' "$tmp/short/report.html"
t "short of capacity: the share chart says how many weeks are missing" test $? -eq 0

# --- tiny: fictional sites, drawn as points; a cohort without any capacity row
$bin solve instances/tiny -o "$tmp/tiny" --report -q
t "tiny: well-formed, one data-id point per municipality (4)" \
    $check html "$tmp/tiny/report.html" --shapes-from instances/tiny/sites.csv
grep -q '<circle class="m pt c[0-9]" data-id="M1"' "$tmp/tiny/report.html" && ! grep -q 'class="ctx"' "$tmp/tiny/report.html"
t "tiny: points from lat/lon, no real map behind fictional sites" test $? -eq 0
t "tiny: the unplaced cohort with a reason" $check unplaced "$tmp/tiny/report.html" "$tmp/tiny/unplaced.csv"
cp -r instances/tiny "$tmp/tiny-norow"
printf 'ERGO,Occupational therapy (toy),,\n' >>"$tmp/tiny-norow/programmes.csv"
printf 'ERGO-SUM,TU-MAIN,ERGO,summer,3,4\n' >>"$tmp/tiny-norow/cohorts.csv"
$bin solve "$tmp/tiny-norow" -o "$tmp/norow" --report -q
t "a cohort with no capacity row for its programme and period: reason says so" \
    $check reason "$tmp/norow/report.html" ERGO-SUM "Ingen kapasitetsrad"
$bin solve instances/tiny -o "$tmp/tiny-pts" --report --geojson "" -q
t "--geojson '': points" $check html "$tmp/tiny-pts/report.html" --shapes-from instances/tiny/sites.csv
$bin solve instances/tiny -o "$tmp/tiny-bad" --report --geojson "$tmp/none.geojson" -q 2>"$tmp/e"
t "--geojson FILE that cannot be read: exit 1" test $? -eq 1

# --- sweep.html
cat >"$tmp/sweep.json" <<'EOF'
{"description": "capacity", "grid": {"capacity_scale": [0.5, 1, 2]}}
EOF
$bin sweep instances/tiny "$tmp/sweep.json" -o "$tmp/sweep" --report --threads 1 >"$tmp/o" 2>"$tmp/e"
t "sweep --report: exit 0" test $? -eq 0
t "sweep.html: six charts and the scenario table, well-formed" $check charts "$tmp/sweep/sweep.html" 6
grep -q "report written to $tmp/sweep/sweep.html" "$tmp/o"
t "sweep --report says where sweep.html is" test $? -eq 0
mv "$tmp/sweep/sweep.html" "$tmp/sweep-solved.html"
$bin report "$tmp/sweep" >"$tmp/o" 2>"$tmp/e"
t "report OUTDIR of a sweep: sweep.html read back from sweep.json is the page of the sweep, byte for byte" \
    cmp -s "$tmp/sweep-solved.html" "$tmp/sweep/sweep.html"
$bin report "$tmp/sweep" --lang en >"$tmp/o" 2>"$tmp/e"
t "report OUTDIR of a sweep writes sweep.html" $check charts "$tmp/sweep/sweep.html" 6
cp -r "$tmp/sweep" "$tmp/sweep-bad"
rm "$tmp/sweep-bad/sweep.html"
python3 - "$tmp/sweep-bad/sweep.json" <<'PY'
import sys
p = sys.argv[1]
t = open(p).read().replace('"municipalities_used":', '"municipalities_used": "many", "x":', 1)
open(p, "w").write(t)
PY
line=$(grep -n '"municipalities_used": "many"' "$tmp/sweep-bad/sweep.json" | cut -d: -f1)
$bin report "$tmp/sweep-bad" >"$tmp/o" 2>"$tmp/e"
rc=$?
grep -q "^praksis: $tmp/sweep-bad/sweep.json:$line:[0-9]*: municipalities_used: expected a number, found a string\$" "$tmp/e"
t "a sweep.json that is not as written: exit 1 naming its line ($line), nothing written" \
    test $rc -eq 1 -a $? -eq 0 -a ! -e "$tmp/sweep-bad/sweep.html"

[ "$quick" = quick ] && exit 0

# --- the national instance: every municipality, under 3 MB
if [ -d instances/norway ]; then
    $bin solve instances/norway -o "$tmp/norway" --time-limit 5 --report -q >"$tmp/o" 2>"$tmp/e"
    rc=$?
    t "norway (5 s limit): a plan and its report" test \( $rc -eq 0 -o $rc -eq 3 \) -a -s "$tmp/norway/report.html"
    t "norway: well-formed, 356 shapes, under 3 MB" \
        $check html "$tmp/norway/report.html" --shapes-from instances/norway/sites.csv --max-bytes 3000000
    echo "# norway report: $(wc -c <"$tmp/norway/report.html") bytes"
fi

# --- in a browser, as a person opens it
chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ]; then
    echo "# chromium not installed: browser checks skipped (Debian package chromium)"
    exit 0
fi
mkdir -p build/screenshots
browse() { # browse MODE ARG URL: headless chromium, fresh profile, no network
    local prof
    prof=$(mktemp -d)
    timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --disable-extensions \
        --user-data-dir="$prof" "$@" 2>>"$tmp/chrome.log"
    local rc=$?
    rm -rf "$prof"
    return $rc
}
url="file://$(realpath "$tmp/agder/report.html")"
browse --dump-dom "$url" >"$tmp/dom.html"
t "chromium: the agder report renders, its script runs to the end, 25 shapes in the DOM" \
    $check dom "$tmp/dom.html" --shapes 25
browse --dump-dom "$url#sort=t-steder:5:desc" >"$tmp/dom-sorted.html"
t "chromium: the site-use table sorts by students, most first" \
    $check dom "$tmp/dom-sorted.html" --sorted t-steder:5:desc
browse --dump-dom "file://$(realpath "$tmp/tiny/report.html")#sort=t-uplassert:4" >"$tmp/dom-tiny.html"
t "chromium: the tiny report renders with its 4 points" $check dom "$tmp/dom-tiny.html" --shapes 4
rm -f build/screenshots/report-agder.png build/screenshots/report-tiny.png build/screenshots/sweep.png
browse --screenshot="$PWD/build/screenshots/report-agder.png" --window-size=1280,2000 "$url" >/dev/null
t "chromium: screenshot of the agder report in build/screenshots/report-agder.png" test -s build/screenshots/report-agder.png
browse --screenshot="$PWD/build/screenshots/report-tiny.png" --window-size=1280,2000 "file://$(realpath "$tmp/tiny/report.html")" >/dev/null
t "chromium: screenshot of the tiny report in build/screenshots/report-tiny.png" test -s build/screenshots/report-tiny.png
browse --screenshot="$PWD/build/screenshots/sweep.png" --window-size=1280,1400 "file://$(realpath "$tmp/sweep/sweep.html")" >/dev/null
t "chromium: screenshot of a sweep in build/screenshots/sweep.png" test -s build/screenshots/sweep.png
exit 0
