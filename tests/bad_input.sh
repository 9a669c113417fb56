#!/usr/bin/env bash
# tests/bad_input.sh PRAKSIS - each case breaks a copy of instances/tiny (or
# a scenario or sweep file) in one way; praksis must exit 1 with exactly one
# line "praksis: FILE[:LINE[:COL]]: ... expected ..., found ..." that matches
# the case's pattern, and write nothing.  A few cases check that input which
# looks odd but is documented as valid (CRLF line endings, UTF-8 names, a
# header-only distances.csv) is accepted.
set -u
bin=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
# the form every input error has: what was expected, what was found
form='^praksis: [^ ]+(:[0-9]+(:[0-9]+)?)?: .*expected .+found '

# check NAME WANT PATTERN OUT CMD...: run CMD (which should write nothing to
# OUT) and judge its exit code and diagnostic.  $exempt (set by the caller)
# names why a message may lack the "expected ..., found ..." form.
check() {
    local name=$1 want=$2 pattern=$3 out=$4
    shift 4
    "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local rc=$?
    local msg lines
    msg=$(grep -v '^praksis: warning' "$tmp/stderr" | head -1)
    lines=$(grep -vc '^praksis: warning' "$tmp/stderr")
    if [ "$rc" -ne "$want" ]; then
        echo "not ok - bad input $name: exit $rc, expected $want ($msg)"
    elif ! grep -qE "$pattern" <<<"$msg"; then
        echo "not ok - bad input $name: message '$msg' does not match '$pattern'"
    elif [ -z "${exempt:-}" ] && ! grep -qE "$form" <<<"$msg"; then
        echo "not ok - bad input $name: message '$msg' is not 'praksis: FILE[:LINE[:COL]]: expected ..., found ...'"
    elif [ "$lines" -ne 1 ]; then
        echo "not ok - bad input $name: $lines diagnostic lines, expected one"
    elif [ -e "$out" ] || [ -s "$tmp/stdout" ]; then
        echo "not ok - bad input $name: something was written"
    else
        echo "ok - bad input $name: $msg"
    fi
}

# bad NAME EXIT PATTERN MUTATION [solve args...]: MUTATION runs in a copy of tiny
bad() {
    local name=$1 want=$2 pattern=$3 mutation=$4
    shift 4
    n=$((n + 1))
    local dir="$tmp/case$n"
    cp -r instances/tiny "$dir"
    (cd "$dir" && eval "$mutation")
    check "$name" "$want" "$pattern" "$tmp/out$n" "$bin" solve "$dir" -o "$tmp/out$n" --quiet "$@"
    rm -rf "$dir"
}

# badsweep NAME PATTERN GENERATOR: GENERATOR writes the sweep file on stdout
badsweep() {
    local name=$1 pattern=$2 gen=$3
    n=$((n + 1))
    local f="$tmp/sweep$n.json"
    eval "$gen" >"$f"
    check "sweep file $name" 1 "^praksis: $f:$pattern" "$tmp/out$n" \
        "$bin" sweep instances/tiny "$f" -o "$tmp/out$n" --quiet
    rm -f "$f"
}

# good NAME MUTATION: the mutated copy of tiny must solve (exit 0); the plan
# is left in $tmp/good/NAME for the caller to look at
good() {
    local name=$1 mutation=$2
    n=$((n + 1))
    local dir="$tmp/case$n"
    cp -r instances/tiny "$dir"
    (cd "$dir" && eval "$mutation")
    gout="$tmp/good$n"
    "$bin" solve "$dir" -o "$gout" --quiet >"$tmp/stdout" 2>"$tmp/stderr"
    grc=$?
    rm -rf "$dir"
}

# replace line L of FILE with TEXT
setline() { python3 -c 'import sys; p,l,t=sys.argv[1],int(sys.argv[2]),sys.argv[3]; L=open(p,encoding="utf-8").read().split("\n"); L[l-1]=t; open(p,"w",encoding="utf-8").write("\n".join(L))' "$@"; }
# drop column NAME from FILE
dropcol() { python3 -c 'import sys,csv; p,c=sys.argv[1],sys.argv[2]; R=list(csv.reader(open(p))); i=R[0].index(c); w=csv.writer(open(p,"w"),lineterminator="\n"); [w.writerow(r[:i]+r[i+1:]) for r in R]' "$@"; }

# ---- files: missing, empty, header only
for f in sites campuses programmes cohorts capacity; do
    bad "missing $f.csv" 1 "^praksis: .*/$f\.csv: expected the instance file $f\.csv, found nothing there" "rm $f.csv"
done
n=$((n + 1))
check "no instance directory" 1 "^praksis: $tmp/nowhere: expected an instance directory or an \.xlsx workbook, found nothing there" \
    "$tmp/out$n" "$bin" solve "$tmp/nowhere" -o "$tmp/out$n" --quiet
# An empty file's message is pinned by tests/unit/test_csv.c ("empty file:
# expected a header row"): it names what is expected, and the file is the finding.
for f in sites campuses programmes cohorts capacity distances; do
    exempt=pinned bad "empty $f.csv" 1 "^praksis: .*/$f\.csv: empty file: expected a header row$" ": > $f.csv"
done
exempt=pinned bad "blank-only cohorts.csv" 1 "^praksis: .*/cohorts\.csv: empty file" "printf '\n,,,\n  \n;;\n' > cohorts.csv"
for spec in sites:site campuses:campus programmes:programme cohorts:cohort capacity:"capacity row"; do
    f=${spec%%:*} what=${spec#*:}
    bad "$f.csv header only" 1 "^praksis: .*/$f\.csv: expected at least one $what, found only a header" \
        "head -1 $f.csv > h && mv h $f.csv"
done
exempt=pinned bad "scenario.json empty" 1 "^praksis: .*/scenario\.json:1:1: expected a JSON object of scenario keys, found malformed JSON" ": > scenario.json"

# ---- columns: every required column of every file missing in turn; one twice
for spec in sites:id sites:name sites:kind sites:lat sites:lon campuses:id campuses:institution campuses:name \
    campuses:lat campuses:lon programmes:id programmes:name cohorts:id cohorts:campus cohorts:programme \
    cohorts:period cohorts:students cohorts:weeks capacity:site capacity:programme capacity:period \
    capacity:places distances:campus distances:site distances:km; do
    f=${spec%%:*} c=${spec#*:}
    bad "$f.csv without column $c" 1 "^praksis: .*/$f\.csv:1: expected a column \"$c\" in the header .*, found none" "dropcol $f.csv $c"
done
bad "a column twice" 1 "^praksis: .*/campuses\.csv:1: expected each column once in the header, found \"lat\" twice" \
    "sed -i '1s/\$/,lat/; 2s/\$/,61.0/' campuses.csv"

# ---- duplicate ids and rows
bad "duplicate site id" 1 "^praksis: .*/sites\.csv:4:1: id: .*\"M1\" again" "setline sites.csv 4 'M1,Bruvik,municipality,60.3,10.0,Toyland,G-BT,3000'"
bad "duplicate campus id" 1 "^praksis: .*/campuses\.csv:3:1: id: expected a unique campus id, found \"TU-MAIN\" again" "echo 'TU-MAIN,Other,Other campus,61.0,10.0' >> campuses.csv"
bad "duplicate programme id" 1 "^praksis: .*/programmes\.csv:4:1: id: expected a unique programme id, found \"SYK\" again" "echo 'SYK,Nursing again,,' >> programmes.csv"
bad "duplicate cohort id" 1 "^praksis: .*/cohorts\.csv:3:1: id: .*again" "setline cohorts.csv 3 'SYK-AUT,TU-MAIN,FYS,autumn,2,5'"
bad "duplicate capacity row" 1 "^praksis: .*/capacity\.csv:4:1: expected at most one row" "setline capacity.csv 4 'H1,SYK,autumn,3,'"
bad "duplicate distance" 1 "^praksis: .*/distances\.csv:3:1: expected one distance per \(campus, site\), found \(TU-MAIN, M3\) again" "echo 'TU-MAIN,M3,60' >> distances.csv"
bad "group with two fixed costs" 1 "^praksis: .*/sites\.csv:5:[0-9]+: fixed_cost: expected the same fixed cost as the rest of group \"G-BT\"" "setline sites.csv 5 'M3,Tunnelvik,municipality,60.45,10.0,Toyland,G-BT,2500'"

# ---- dangling references
bad "unknown campus in cohorts.csv" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: campus: .*unknown \"NOWHERE\"" "setline cohorts.csv 2 'SYK-AUT,NOWHERE,SYK,autumn,8,8'"
bad "unknown programme in cohorts.csv" 1 "^praksis: .*/cohorts\.csv:3:17: programme: expected a programme id from programmes\.csv, found unknown \"ERGO\"" "setline cohorts.csv 3 'FYS-AUT,TU-MAIN,ERGO,autumn,2,5'"
bad "unknown programme in capacity.csv" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: programme: .*unknown \"XYZ\"" "setline capacity.csv 2 'H1,XYZ,autumn,10,'"
bad "unknown site in capacity.csv" 1 "^praksis: .*/capacity\.csv:3:1: site: .*unknown \"H9\"" "setline capacity.csv 3 'H9,SYK,spring,10,'"
bad "unknown site in distances.csv" 1 "^praksis: .*/distances\.csv:2:[0-9]+: site: .*unknown" "setline distances.csv 2 'TU-MAIN,M9,52'"
bad "unknown campus in distances.csv" 1 "^praksis: .*/distances\.csv:2:1: campus: expected a campus id from campuses\.csv, found unknown \"TU-WEST\"" "setline distances.csv 2 'TU-WEST,M3,52'"
bad "programme id '*'" 1 "^praksis: .*/programmes\.csv:3:1: id: expected a programme id, found \"\*\"" "setline programmes.csv 3 '*,All,,'"
bad "--set unknown programme" 1 "^praksis: scenario: programmes: .*unknown \"XYZ\"" ":" --set programmes=SYK,XYZ
bad "empty cell" 1 "^praksis: .*/campuses\.csv:2:9: institution: expected a value, found an empty cell" "setline campuses.csv 2 'TU-MAIN,,Main campus,60.0,10.0'"
bad "unknown site kind" 1 "^praksis: .*/sites\.csv:2:[0-9]+: kind: expected \"municipality\" or \"hospital\", found \"clinic\"" "setline sites.csv 2 'H1,Toy Hospital,clinic,60.1,10.0,Toyland,,'"
bad "hospital with a group" 1 "^praksis: .*/sites\.csv:2:[0-9]+: group: expected a blank cell for a hospital" "setline sites.csv 2 'H1,Toy Hospital,hospital,60.1,10.0,Toyland,G-BT,'"

# ---- numbers: negative, not whole, NaN, infinite, absurdly large, badly written
coh() { echo "setline cohorts.csv 2 'SYK-AUT,TU-MAIN,SYK,autumn,$1,$2'"; }
cap() { echo "setline capacity.csv 6 \"\$(printf 'M1,SYK,autumn,$1,$2')\""; }
bad "negative students" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number .*\"-8\"" "$(coh -8 8)"
bad "negative weeks" 1 "^praksis: .*/cohorts\.csv:2:30: weeks: expected a number > 0, found \"-2\"" "$(coh 8 -2)"
bad "negative places" 1 "^praksis: .*/capacity\.csv:6:15: places: expected a whole number from 0 to 1000000000, found \"-1\"" "$(cap -1 1)"
bad "negative supervisors" 1 "^praksis: .*/capacity\.csv:6:17: supervisors: expected a whole number from 0 to 1000000000, found \"-1\"" "$(cap 4 -1)"
bad "negative km" 1 "^praksis: .*/distances\.csv:2:12: km: expected a number >= 0, found \"-52\"" "setline distances.csv 2 'TU-MAIN,M3,-52'"
bad "negative fixed cost" 1 "^praksis: .*/sites\.csv:4:[0-9]+: fixed_cost: expected a number >= 0, found \"-3000\"" "setline sites.csv 4 'M2,Bruvik,municipality,60.3,10.0,Toyland,G-BT,-3000'"
bad "fractional students" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number .*\"2\.5\"" "$(coh 2.5 8)"
bad "fractional places" 1 "^praksis: .*/capacity\.csv:6:15: places: expected a whole number .*, found \"4\.5\"" "$(cap 4.5 1)"
bad "fractional supervisors" 1 "^praksis: .*/capacity\.csv:6:17: supervisors: expected a whole number .*, found \"0\.5\"" "$(cap 4 0.5)"
bad "fractional supervisor ratio" 1 "^praksis: .*/programmes\.csv:2:[0-9]+: supervisor_ratio: expected a whole number from 1 to 1000000000, found \"1\.5\"" "setline programmes.csv 2 'SYK,Nursing (toy),0.5,1.5'"
bad "supervisor ratio 0" 1 "^praksis: .*/programmes\.csv:2:[0-9]+: supervisor_ratio: expected a whole number from 1" "setline programmes.csv 2 'SYK,Nursing (toy),0.5,0'"
bad "NaN weeks" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: weeks: expected a number > 0, found \"NaN\"" "$(coh 8 NaN)"
bad "NaN students" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number .*, found \"nan\"" "$(coh nan 8)"
bad "NaN latitude" 1 "^praksis: .*/sites\.csv:3:[0-9]+: lat: expected a latitude .*, found \"NaN\"" "setline sites.csv 3 'M1,Nærby,municipality,NaN,10.0,Toyland,,'"
bad "infinite weeks" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: weeks: expected a number > 0, found \"inf\"" "$(coh 8 inf)"
bad "infinite places" 1 "^praksis: .*/capacity\.csv:6:15: places: expected a whole number .*, found \"Infinity\"" "$(cap Infinity 1)"
bad "km overflowing to infinity" 1 "^praksis: .*/distances\.csv:2:12: km: expected a number >= 0, found \"1e400\"" "setline distances.csv 2 'TU-MAIN,M3,1e400'"
bad "absurd students" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number .*, found \"1e300\"" "$(coh 1e300 8)"
bad "students beyond a 64-bit integer" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number from 0 to 1000000000, found \"9223372036854775808\"" "$(coh 9223372036854775808 8)"
bad "students just above the limit" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number from 0 to 1000000000, found \"1000000001\"" "$(coh 1000000001 8)"
bad "absurd places" 1 "^praksis: .*/capacity\.csv:6:15: places: expected a whole number .*, found \"1e300\"" "$(cap 1e300 1)"
bad "absurd supervisors" 1 "^praksis: .*/capacity\.csv:6:17: supervisors: expected a whole number .*, found \"1e12\"" "$(cap 4 1e12)"
bad "absurd supervisor ratio" 1 "^praksis: .*/programmes\.csv:2:[0-9]+: supervisor_ratio: expected at most 1000000 students per supervisor, found 10000000" "setline programmes.csv 2 'SYK,Nursing (toy),0.5,10000000'"
bad "absurd weeks" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: weeks: expected a number > 0, found \"1e7\"" "$(coh 8 1e7)"
bad "absurd km" 1 "^praksis: .*/distances\.csv:2:12: km: expected a number >= 0, found \"1e13\"" "setline distances.csv 2 'TU-MAIN,M3,1e13'"
bad "zero weeks" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: weeks: expected a number > 0, found \"0\"" "$(coh 8 0)"
bad "share above 1" 1 "^praksis: .*/programmes\.csv:2:[0-9]+: municipal_share: expected a share from 0 to 1, found \"1\.5\"" "setline programmes.csv 2 'SYK,Nursing (toy),1.5,2'"
bad "latitude out of range" 1 "^praksis: .*/sites\.csv:3:[0-9]+: lat: expected a latitude" "setline sites.csv 3 'M1,Nærby,municipality,160.2,10.0,Toyland,,'"
bad "non-numeric places" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: places: expected a whole number .*\"ten\"" "setline capacity.csv 2 'H1,SYK,autumn,ten,'"
bad "hexadecimal places" 1 "^praksis: .*/capacity\.csv:6:15: places: expected a whole number .*, found \"0x10\"" "$(cap 0x10 1)"
bad "leading plus" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: students: expected a whole number .*, found \"\+8\"" "$(coh +8 8)"
# README: thousands separators are errors, never guessed
bad "thousands separator '1 234'" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: places: .*\"1 234\".*thousands" "setline capacity.csv 2 'H1,SYK,autumn,1 234,'"
bad "thousands separator '1.234,5' in a ';' file" 1 "^praksis: .*/distances\.csv:2:[0-9]+: km: expected a number >= 0, found \"1\.234,5\" \(thousands" "printf 'campus;site;km\nTU-MAIN;M3;1.234,5\n' > distances.csv"
bad "decimal comma in a comma file" 1 "^praksis: .*/cohorts\.csv:2:[0-9]+: expected 6 fields" "$(coh 8 9,3)"
# sizes whose products would overflow are refused before anything is built
bad "students x demand_scale above the limit" 1 "^praksis: .*/cohorts\.csv:2: students x demand_scale: expected at most 1000000000, found 2000000000" "$(coh 1000000000 8)" --set demand_scale=2
bad "more than 1e12 students in all" 1 "^praksis: .*/cohorts\.csv: students: expected at most 1000000000000 in all included cohorts, found 1001000000015" \
    "python3 -c 'import sys; sys.stdout.write(\"\".join(\"B%d,TU-MAIN,SYK,autumn,1000000000,8\n\" % i for i in range(1001)))' >> cohorts.csv"
bad "more than 2e8 (site, programme, period) combinations" 1 "^praksis: .*/case[0-9]+: expected at most 2e8 \(site, programme, period\) combinations, found 202409010" \
    "python3 -c '
for i in range(1000): open(\"sites.csv\", \"a\").write(\"S%d,S,municipality,60,10,,,\\n\" % i)
open(\"programmes.csv\", \"a\").write(\"\".join(\"P%d,P,,\\n\" % i for i in range(1000)))
open(\"capacity.csv\", \"a\").write(\"\".join(\"H1,SYK,t%d,1,\\n\" % i for i in range(199)))'"

# ---- agreements: fixed.csv, previous.csv and capacity.csv's min_students (tests/agreements.sh
# has the rows that contradict each other; these are the cells that are wrong by themselves)
fix() { echo "printf 'cohort,site,students\n$1\n' > fixed.csv"; }
prev() { echo "printf '$1\n$2\n' > previous.csv"; }
bad "fixed.csv: unknown cohort" 1 "^praksis: .*/fixed\.csv:2:1: cohort: expected a cohort id from cohorts\.csv, found unknown \"SYK-X\"" "$(fix SYK-X,H1,2)"
bad "fixed.csv: unknown site" 1 "^praksis: .*/fixed\.csv:2:9: site: expected a site id from sites\.csv, found unknown \"M9\"" "$(fix SYK-AUT,M9,2)"
bad "fixed.csv: a site without a row for the cohort" 1 "^praksis: .*/fixed\.csv:2:9: site: expected a site with a capacity row for SYK in autumn \(or a '\*' row\), found \"M3\", which has none" "$(fix SYK-AUT,M3,1)"
bad "fixed.csv: zero students" 1 "^praksis: .*/fixed\.csv:2:12: students: expected a whole number from 1 to 1000000000, found \"0\"" "$(fix SYK-AUT,H1,0)"
bad "fixed.csv: a fraction of a student" 1 "^praksis: .*/fixed\.csv:2:12: students: expected a whole number from 1 to 1000000000, found \"1.5\"" "$(fix SYK-AUT,H1,1.5)"
bad "fixed.csv: a (cohort, site) twice" 1 "^praksis: .*/fixed\.csv:3:1: expected one row per \(cohort, site\), found \(SYK-AUT, H1\) again \(first on line 2\)" "$(fix 'SYK-AUT,H1,1\nSYK-AUT,H1,2')"
bad "fixed.csv without column students" 1 "^praksis: .*/fixed\.csv:1: expected a column \"students\" in the header .*, found none" "printf 'cohort,site\nSYK-AUT,H1\n' > fixed.csv"
bad "previous.csv: unknown site" 1 "^praksis: .*/previous\.csv:2:1: site: expected a site id from sites\.csv, found unknown \"M9\"" "$(prev site,programme,students M9,SYK,2)"
bad "previous.csv: unknown programme" 1 "^praksis: .*/previous\.csv:2:4: programme: expected a programme id from programmes\.csv, found unknown \"ERGO\"" "$(prev site,programme,students M1,ERGO,2)"
bad "previous.csv: unknown period" 1 "^praksis: .*/previous\.csv:2:[0-9]+: period: expected a period id from cohorts\.csv, found unknown \"V2026\"" "$(prev site,programme,period,students M1,SYK,V2026,2)"
bad "previous.csv: negative students" 1 "^praksis: .*/previous\.csv:2:[0-9]+: students: expected a whole number from 0 to 1000000000, found \"-2\"" "$(prev site,programme,students M1,SYK,-2)"
bad "previous.csv: a row twice" 1 "^praksis: .*/previous\.csv:3:1: expected one row per \(site, programme\), found \(M1, SYK\) again \(first on line 2\)" "$(prev site,programme,students 'M1,SYK,2\nM1,SYK,1')"
bad "min_students above the row's places" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: min_students: expected at most the row's 10 places, found \"12\"" "sed -i '1s/\$/,min_students/; 2s/\$/,12/' capacity.csv"
bad "min_students not whole" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: min_students: expected a whole number from 0 to 1000000000, found \"2.5\"" "sed -i '1s/\$/,min_students/; 2s/\$/,2.5/' capacity.csv"
bad "--set honour_minimums=yes" 1 "^praksis: --set: honour_minimums: expected true or false, found \"yes\"" ":" --set honour_minimums=yes
bad "--set change_cost=-1" 1 "^praksis: --set: change_cost: expected a number of kr per student >= 0, found \"-1\"" ":" --set change_cost=-1
bad "--previous without a plan" 1 "^praksis: .*/nowhere/assignments\.csv: expected an earlier plan's assignments\.csv .*, found nothing there" ":" --previous "$tmp/nowhere"

# ---- text: line length, encoding, delimiters, quotes, line endings
# README: a physical line may be at most 1 MiB; a 16 MB line is refused
# after the first chunk, not read whole
bad "16 MB line" 1 "^praksis: .*/cohorts\.csv:6:1048577: expected lines of at most 1048576 bytes, found a line longer than 1048576 bytes" \
    "python3 -c 'import sys; sys.stdout.write(\"X\" * (16 << 20) + \",TU-MAIN,SYK,autumn,1,8\n\")' >> cohorts.csv"
# README: UTF-8 when the file decodes as UTF-8, else Windows-1252, unless a
# byte has no character there (0x81 0x8D 0x8F 0x90 0x9D)
bad "neither UTF-8 nor Windows-1252" 1 "^praksis: .*/sites\.csv:3:5: expected UTF-8 text, found invalid UTF-8 \(byte 0xE6\); save the file as UTF-8 \(it is not Windows-1252 either: byte 0x81 on line 4" \
    "sed -i 's/Nærby/N\\xe6rby/; s/Bruvik/Bru\\x81vik/' sites.csv"
bad "UTF-8 byte-order mark and Windows-1252 bytes" 1 "^praksis: .*/campuses\.csv:2:[0-9]+: expected UTF-8 text, found invalid UTF-8 \(byte 0xC0\).*byte-order mark" \
    "sed -i '1s/^/\\xef\\xbb\\xbf/; s/Main campus/Main \\xc0\\xafcampus/' campuses.csv"
bad "UTF-16 file" 1 "^praksis: .*/programmes\.csv:1:1: expected UTF-8 text, found a UTF-16 byte-order mark" "iconv -f UTF-8 -t UTF-16 programmes.csv > p && mv p programmes.csv"
bad "UTF-16 file without a byte-order mark" 1 "^praksis: .*/programmes\.csv:1:2: expected UTF-8 text, found a NUL byte \(is the file UTF-16" "iconv -f UTF-8 -t UTF-16LE programmes.csv > p && mv p programmes.csv"
bad "NUL byte" 1 "^praksis: .*/campuses\.csv:3:9: expected UTF-8 text, found a NUL byte" "printf 'TU-X,U,N\\0,60,10\n' >> campuses.csv"
bad "mixed delimiters (';' rows under a ',' header)" 1 "^praksis: .*/cohorts\.csv:3:1: expected 6 fields separated by ',' as in the header, found 1 with ';' in them" "setline cohorts.csv 3 'FYS-AUT;TU-MAIN;FYS;autumn;2;5'"
bad "mixed delimiters (',' rows under a ';' header)" 1 "^praksis: .*/campuses\.csv:2:1: expected 5 fields separated by ';' as in the header, found 1 with ',' in them" "printf 'id;institution;name;lat;lon\nTU-MAIN,Toy University College,Main campus,60.0,10.0\n' > campuses.csv"
bad "unterminated quote" 1 "^praksis: .*/cohorts\.csv:6:7: expected a closing quote, found the end of the file" "printf 'FYS-X,\"TU-MAIN,FYS,spring,1,5\n' >> cohorts.csv"
bad "stray quote inside a field" 1 "^praksis: .*/campuses\.csv:2:[0-9]+: expected a field with quotes in it to be quoted as a whole.*, found an unexpected quote" "setline campuses.csv 2 'TU-MAIN,Toy \"University\" College,Main campus,60.0,10.0'"
bad "text after a closing quote" 1 "^praksis: .*/campuses\.csv:2:[0-9]+: expected a delimiter or the end of the line after a closing quote, found more text" "setline campuses.csv 2 'TU-MAIN,\"Toy\" College,Main campus,60.0,10.0'"
bad "carriage return without a line feed" 1 "^praksis: .*/capacity\.csv:2:[0-9]+: expected lines ending in .*, found a carriage return without a line feed" "sed -i '2s/\$/\\r/; 2N; s/\\r\\n/\\r/' capacity.csv"
# what a new user's spreadsheet program makes of a CSV file
bad "tab-separated file" 1 "^praksis: .*/campuses\.csv:1: expected a column \"id\" in the header \(required: .*\), found none: the file looks tab-separated; save it as CSV with ',' or ';'" "tr ',' '\\t' < campuses.csv > c && mv c campuses.csv"
bad "header in the wrong case" 1 "^praksis: .*/capacity\.csv:1: expected a column \"site\" in the header \(required: site, programme, period, places\), found \"Site\" \(the header is case-sensitive\)" "sed -i '1s/^site/Site/' capacity.csv"
bad "no-break-space thousands separator" 1 "^praksis: .*/capacity\.csv:6:15: places: expected a whole number from 0 to 1000000000, found \"1.+234\" \(thousands separators are not accepted\)" "$(cap '1\xc2\xa0234' 1)"
bad "narrow no-break-space thousands separator" 1 "^praksis: .*/capacity\.csv:6:15: places: .*found \"1.+234\" \(thousands separators are not accepted\)" "$(cap '1\xe2\x80\xaf234' 1)"
bad "kommunenummer without its leading zero" 1 "^praksis: .*/capacity\.csv:2:1: site: expected a site id from sites\.csv, found unknown \"301\" \(did you mean \"0301\"\? a spreadsheet program may have dropped the leading zero\)" \
    "sed -i 's/^M1,/0301,/' sites.csv capacity.csv && sed -i '2s/^[^,]*,/301,/' capacity.csv"
bad "a row with too many fields" 1 "^praksis: .*/programmes\.csv:2:[0-9]+: expected 4 fields as in the header, found 5" "setline programmes.csv 2 'SYK,Nursing (toy),0.5,2,x'"

# ---- scenario.json and --set
bad "scenario unknown key" 1 "^praksis: .*/scenario\.json:2:3: unknown key \"travel_rates\"; expected a scenario key such as \"travel_rate\", found \"travel_rates\"" "sed -i 's/\"travel_rate\"/\"travel_rates\"/' scenario.json"
bad "scenario key in wrong case" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: unknown key \"Travel_rate\"; keys are case-sensitive" "sed -i 's/\"travel_rate\"/\"Travel_rate\"/' scenario.json"
bad "scenario duplicate key" 1 "^praksis: .*/scenario\.json:3:3: key \"travel_rate\" appears twice; expected each key once, found it again" "sed -i 's/\"supervision_rate\"/\"travel_rate\"/' scenario.json"
bad "scenario number as a string" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: commute_km: expected a distance in km >= 0, found a string" "sed -i 's/\"commute_km\": 60/\"commute_km\": \"60\"/' scenario.json"
bad "scenario number as a boolean" 1 "^praksis: .*/scenario\.json:2:3: travel_rate: expected a number of kr >= 0, found a boolean" "sed -i 's/\"travel_rate\": 1500/\"travel_rate\": true/' scenario.json"
bad "scenario number as null" 1 "^praksis: .*/scenario\.json:[0-9]+:3: road_factor: expected a factor > 0, found null" "sed -i 's/\"road_factor\": 1.3/\"road_factor\": null/' scenario.json"
bad "scenario number as a list" 1 "^praksis: .*/scenario\.json:1:2: time_limit: expected a number of seconds > 0, found a list" "echo '{\"time_limit\": [60]}' > scenario.json"
bad "scenario whole number with a fraction" 1 "^praksis: .*/scenario\.json:[0-9]+:3: min_relocated_group: expected a whole number >= 1, found 2\.5" "sed -i 's/\"min_relocated_group\": 2/\"min_relocated_group\": 2.5/' scenario.json"
bad "scenario whole number beyond int" 1 "^praksis: .*/scenario\.json:[0-9]+:3: min_relocated_group: expected a whole number >= 1, found 2\.14748e\+09" "sed -i 's/\"min_relocated_group\": 2/\"min_relocated_group\": 2147483648/' scenario.json"
bad "scenario number overflowing to infinity" 1 "^praksis: .*/scenario\.json:2:3: travel_rate: expected a number of kr >= 0, found inf" "sed -i 's/\"travel_rate\": 1500/\"travel_rate\": 1e400/' scenario.json"
bad "scenario programmes as a number" 1 "^praksis: .*/scenario\.json:1:2: programmes: expected a list of programme ids, or \"all\", found a number" "echo '{\"programmes\": 7}' > scenario.json"
bad "scenario programme id not a string" 1 "^praksis: .*/scenario\.json:1:2: programmes: expected a list of programme ids \(strings\), found a number in the list" "echo '{\"programmes\": [\"SYK\", 7]}' > scenario.json"
bad "scenario programme listed twice" 1 "^praksis: scenario: programmes: expected each id once, found \"SYK\" twice" "echo '{\"programmes\": [\"SYK\", \"FYS\", \"SYK\"]}' > scenario.json"
bad "scenario share above 1" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: municipal_share: expected a share from 0 to 1" "sed -i 's/\"municipal_share\": 0.6/\"municipal_share\": 1.6/' scenario.json"
bad "scenario not an object" 1 "^praksis: .*/scenario\.json:1:1: expected a JSON object of scenario keys, found a list" "echo '[1500]' > scenario.json"
bad "scenario malformed JSON" 1 "^praksis: .*/scenario\.json:[0-9]+:[0-9]+: expected a JSON object of scenario keys, found malformed JSON" "sed -i 's/1500,/1500/' scenario.json"
bad "scenario truncated" 1 "^praksis: .*/scenario\.json:5:[0-9]+: expected a JSON object of scenario keys, found malformed JSON" "head -c 100 scenario.json > s && mv s scenario.json"
bad "scenario with a NUL byte" 1 "^praksis: .*/scenario\.json: expected JSON text, found a NUL byte" "printf '{\"travel_rate\": 1\\0}' > scenario.json"
# cJSON stops at CJSON_NESTING_LIMIT (1000) levels, without recursing further
bad "scenario of 100,000 nested lists" 1 "^praksis: .*/scenario\.json:1:1001: expected JSON nested at most 1000 deep, found deeper nesting" \
    "python3 -c 'print(\"[\" * 100000 + \"]\" * 100000)' > scenario.json"
bad "scenario value of 100,000 nested lists" 1 "^praksis: .*/scenario\.json:1:1015: expected JSON nested at most 1000 deep, found deeper nesting" \
    "python3 -c 'print(\"{\\\"programmes\\\": \" + \"[\" * 100000 + \"]\" * 100000 + \"}\")' > scenario.json"
bad "scenario value nested within the limit" 1 "^praksis: .*/scenario\.json:1:2: programmes: expected a list of programme ids \(strings\), found a list in the list" \
    "python3 -c 'print(\"{\\\"programmes\\\": \" + \"[\" * 900 + \"]\" * 900 + \"}\")' > scenario.json"
bad "--set bad number" 1 "^praksis: --set: travel_rate: expected a number of kr >= 0, found \"1,5\"" ":" --set travel_rate=1,5
bad "--set NaN" 1 "^praksis: --set: commute_km: expected a distance in km >= 0, found \"nan\"" ":" --set commute_km=nan
bad "--set unknown key" 1 "^praksis: --set: unknown key \"speed\"; expected a scenario key such as \"travel_rate\", found \"speed\"" ":" --set speed=2
bad "--set empty programme id" 1 "^praksis: --set: programmes: expected comma-separated programme ids, found an empty id" ":" --set programmes=SYK,,FYS
bad "--set shortest_moves not a boolean" 1 "^praksis: --set: shortest_moves: expected true or false, found \"yes\"" ":" --set shortest_moves=yes
bad "scenario shortest_moves a number" 1 "^praksis: .*/scenario\.json:1:2: shortest_moves: expected true or false, found a number" \
    "echo '{\"shortest_moves\": 1}' > scenario.json"

# ---- students.csv (optional; the fixtures below pin the other cases' exact messages)
bad "students.csv: unknown home" 1 "^praksis: .*/students\.csv:2:12: home: expected a municipality id from sites\.csv or a blank cell, found unknown \"M9\"" \
    "printf 'id,cohort,home,relocate\nS1,SYK-AUT,M9,\n' > students.csv"
bad "students.csv: no cohort column" 1 "^praksis: .*/students\.csv:1: expected a column \"cohort\" in the header \(required: id, cohort\), found none" \
    "printf 'id,home\nS1,M4\n' > students.csv"
bad "students.csv: empty id" 1 "^praksis: .*/students\.csv:2:1: id: expected a value, found an empty cell" \
    "printf 'id,cohort\n,SYK-AUT\n' > students.csv"
good "students.csv with a header only" "printf 'id,cohort,home,relocate\n' > students.csv"
if [ "$grc" -eq 0 ] && [ "$(cat "$gout/student_plan.csv")" = "student,cohort,campus,programme,period,home,site,site_name,km_campus,km_home,relocated" ]; then
    echo "ok - students.csv with a header only: solves, student_plan.csv has its header only"
else
    echo "not ok - students.csv with a header only: exit $grc, $(head -c 300 "$tmp/stderr")"
fi
# this message comes from the shared JSON file reader (solver/diag.c)
exempt=diag.c bad "-s missing file" 1 "^praksis: .*nope\.json: cannot open" ":" -s "$tmp/nope.json"

# ---- sweep files (tests/sweep.sh has the sweep's own rules; these are the
# malformed-input cases)
badsweep "truncated" "1:[0-9]+: expected a sweep file \(a JSON object\), found malformed JSON" \
    "head -c 60 instances/agder/sweep-whatif.json | tr -d '\n'"
badsweep "empty" "1:1: expected a sweep file \(a JSON object\), found malformed JSON" ":"
badsweep "a scenario value of the wrong type" "1:30: travel_rate: expected a number of kr >= 0, found a string" \
    "echo '{\"scenarios\": [{\"name\": \"a\", \"travel_rate\": \"1250\"}]}'"
badsweep "base not an object" "1:10: base: expected an object of scenario keys, found a list" \
    "echo '{\"base\": [1], \"scenarios\": [{\"name\": \"a\"}]}'"
badsweep "description not a string" "1:17: description: expected a string, found a number" \
    "echo '{\"description\": 7, \"scenarios\": [{\"name\": \"a\"}]}'"
badsweep "unknown key in base" "1:11: unknown key \"travel\"; expected a scenario key such as \"travel_rate\", found \"travel\"" \
    "echo '{\"base\": {\"travel\": 1}, \"scenarios\": [{\"name\": \"a\"}]}'"
badsweep "unknown top-level key" "1:2: unknown key \"scenario\" \(did you mean \"scenarios\"\?\); expected .*, found \"scenario\"" \
    "echo '{\"scenario\": [{\"name\": \"a\"}]}'"
# cJSON takes \v and \f as white space: positions must still be right
badsweep "duplicate names after \\v and \\f" "1:40: scenario name: expected a name not used before, found \"a\" again" \
    "printf '{\"scenarios\":\\v[{\"name\": \"a\"},\\f{\"name\": \"a\"}]}'"
badsweep "duplicate top-level key" "2:2: key \"base\" appears twice; expected each key once, found it again" \
    "printf '{\"base\": {},\n \"base\": {}, \"scenarios\": [{\"name\": \"a\"}]}\n'"
badsweep "duplicate key in base" "1:28: key \"commute_km\" appears twice \(first at line 1\); expected each key once, found it again" \
    "echo '{\"base\": {\"commute_km\": 5, \"commute_km\": 6}, \"scenarios\": [{\"name\": \"a\"}]}'"
badsweep "duplicate grid key" "1:31: grid: key \"travel_rate\" appears twice .*found it again" \
    "echo '{\"grid\": {\"travel_rate\": [1], \"travel_rate\": [2]}}'"
badsweep "100,000 nested lists" "1:1001: expected JSON nested at most 64 deep, found deeper nesting" \
    "python3 -c 'print(\"[\" * 100000 + \"]\" * 100000)'"
badsweep "nested deeper than 64 in a value" " expected JSON nested at most 64 deep, found deeper nesting" \
    "python3 -c 'print(\"{\\\"scenarios\\\": [{\\\"name\\\": \\\"a\\\", \\\"programmes\\\": \" + \"[\" * 100 + \"]\" * 100 + \"}]}\")'"
badsweep "more than 10,000 scenarios" "1:15: scenarios: expected at most 10000 scenarios, found 10001" \
    "python3 -c 'print(\"{\\\"scenarios\\\": [\" + \",\".join(\"{\\\"name\\\": \\\"s%d\\\"}\" % i for i in range(10001)) + \"]}\")'"
# a grid key of 200,000 values is refused before its values are compared pairwise
badsweep "a grid key of 200,000 values" "1:26: grid: travel_rate: expected at most 10000 values, found 200000" \
    "python3 -c 'print(\"{\\\"grid\\\": {\\\"travel_rate\\\": [\" + \",\".join(map(str, range(200000))) + \"]}}\")'"

# ---- the fixtures in tests/bad/ (also seeds of the fuzz corpus): exact messages
while IFS=$'\t' read -r fx want; do
    case $fx in '#'*|'') continue ;; esac
    n=$((n + 1))
    case $fx in
    scenario--*) "$bin" solve instances/tiny -s "tests/bad/$fx" -o "$tmp/out$n" --quiet >"$tmp/stdout" 2>"$tmp/stderr" ;;
    sweep--*) "$bin" sweep instances/tiny "tests/bad/$fx" -o "$tmp/out$n" --quiet >"$tmp/stdout" 2>"$tmp/stderr" ;;
    *)
        dir="$tmp/case$n"
        cp -r instances/tiny "$dir"
        cp "tests/bad/$fx" "$dir/${fx%%--*}.csv"
        want=${want//DIR/$dir}
        "$bin" solve "$dir" -o "$tmp/out$n" --quiet >"$tmp/stdout" 2>"$tmp/stderr" ;;
    esac
    rc=$?
    if [ "$rc" -eq 1 ] && [ "$(cat "$tmp/stderr")" = "$want" ] && [ ! -e "$tmp/out$n" ] && [ ! -s "$tmp/stdout" ] &&
        grep -qE "$form" "$tmp/stderr"; then
        echo "ok - bad input tests/bad/$fx: $want"
    else
        echo "not ok - bad input tests/bad/$fx: exit $rc, '$(head -1 "$tmp/stderr")', expected exit 1 and '$want'"
    fi
done < tests/bad/EXPECTED.tsv

# ---- valid input that looks odd
# README: lines end in "\n" or "\r\n"; a CRLF instance gives the same plan
good "LF reference" ":"
lf=$gout
good "CRLF line endings" "sed -i 's/\$/\\r/' *.csv"
if [ "$grc" -eq 0 ] && cmp -s "$lf/assignments.csv" "$gout/assignments.csv" && cmp -s "$lf/site_use.csv" "$gout/site_use.csv"; then
    echo "ok - input accepted: CRLF line endings give the same plan as LF"
else
    echo "not ok - input accepted: CRLF line endings (exit $grc): $(head -1 "$tmp/stderr")"
fi
# names with parentheses, a dash, sámi and Norwegian letters, quoted and not
good "UTF-8 names" "setline sites.csv 3 'M1,Våler (Innlandet),municipality,60.2,10.0,Innlandet,,' &&
    setline sites.csv 6 'M4,\"Guovdageaidnu – Kautokeino\",municipality,61.0,10.0,Troms og Finnmark,,' &&
    setline campuses.csv 2 'TU-MAIN,Sámi allaskuvla – Guovdageaidnu,\"Main campus, Våler (Innlandet)\",60.0,10.0'"
if [ "$grc" -eq 0 ] && grep -q 'Sámi allaskuvla – Guovdageaidnu' "$gout/assignments.csv"; then
    echo "ok - input accepted: names \"Våler (Innlandet)\" and \"Guovdageaidnu – Kautokeino\" load and solve"
else
    echo "not ok - input accepted: UTF-8 names (exit $grc): $(head -1 "$tmp/stderr")"
fi
good "BOM and ';' with decimal commas" "printf '\\xef\\xbb\\xbfcampus;site;km\nTU-MAIN;M3;52,0\n' > distances.csv"
if [ "$grc" -eq 0 ] && cmp -s "$lf/assignments.csv" "$gout/assignments.csv"; then
    echo "ok - input accepted: a BOM and a ';' file with a decimal comma give the same plan"
else
    echo "not ok - input accepted: BOM and ';' file (exit $grc): $(head -1 "$tmp/stderr")"
fi
# README: a file that is not UTF-8 but is Windows-1252 text is read as such,
# with one warning; the names arrive as UTF-8 (report.html shows them)
n=$((n + 1))
cp -r instances/tiny "$tmp/case$n"
(cd "$tmp/case$n" && iconv -f UTF-8 -t WINDOWS-1252 sites.csv > s && mv s sites.csv &&
    sed -i 's/Bruvik/Br\xe6vik \x96 \xd8st/' sites.csv)
"$bin" solve "$tmp/case$n" -o "$tmp/good$n" --quiet --report >"$tmp/stdout" 2>"$tmp/stderr"
grc=$?
if [ "$grc" -eq 0 ] && [ "$(wc -l < "$tmp/stderr")" -eq 1 ] &&
    grep -q "^praksis: warning: $tmp/case$n/sites\.csv: expected UTF-8 text, found other bytes: read as Windows-1252 (save the file as UTF-8)$" "$tmp/stderr" &&
    grep -q 'Nærby' "$tmp/good$n/report.html" && grep -q 'Brævik – Øst' "$tmp/good$n/report.html" &&
    sed 's/,Bruvik,/,Brævik – Øst,/' "$lf/assignments.csv" | cmp -s - "$tmp/good$n/assignments.csv"; then
    echo "ok - input accepted: a Windows-1252 sites.csv (Nærby, Brævik – Øst) is read with one warning, the same plan (the new name in UTF-8)"
else
    echo "not ok - input accepted: Windows-1252 sites.csv (exit $grc): $(head -2 "$tmp/stderr")"
fi
# spreadsheet programs end the header (and rows) with empty cells
good "empty cells after the header" "sed -i '1s/\$/,,,/; 2s/\$/,,,/' sites.csv && sed -i '1s/\$/,/' campuses.csv"
if [ "$grc" -eq 0 ] && ! grep -q warning "$tmp/stderr" && cmp -s "$lf/assignments.csv" "$gout/assignments.csv"; then
    echo "ok - input accepted: empty header cells at the end (three, and one) are ignored without a word"
else
    echo "not ok - input accepted: empty trailing header cells (exit $grc): $(head -1 "$tmp/stderr")"
fi
good "header-only distances.csv" "head -1 distances.csv > d && mv d distances.csv"
if [ "$grc" -eq 0 ]; then
    echo "ok - input accepted: a header-only distances.csv (no measured distances)"
else
    echo "not ok - input accepted: header-only distances.csv (exit $grc): $(head -1 "$tmp/stderr")"
fi
[ "$n" -gt 0 ]
