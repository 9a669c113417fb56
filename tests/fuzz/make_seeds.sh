#!/usr/bin/env bash
# tests/fuzz/make_seeds.sh OUTDIR - the generated part of the seed corpus,
# from the shipped instances (tiny, agder) and the bad-input fixtures in
# tests/bad/: OUTDIR/csv (each CSV file), OUTDIR/scenario (scenario files),
# OUTDIR/sweep (sweep files) and OUTDIR/instance (whole instances as the
# instance harness reads them: the files joined by NUL bytes in the order
# sites, campuses, programmes, cohorts, capacity, distances, scenario.json,
# students, fixed, previous;
# and tiny with one file replaced by a bad CSV fixture, tests/bad/FILE--CASE.csv).
# Written fresh each time; nothing here is committed.
set -eu
cd "$(dirname "$0")/../.."
out=$1
rm -rf "$out"
mkdir -p "$out/csv" "$out/scenario" "$out/sweep" "$out/instance"
order="sites campuses programmes cohorts capacity distances"

# join DIR OUT [FILE=REPLACEMENT]: the instance in DIR as one input
join() {
    local dir=$1 dest=$2 swap=${3:-} f src first=1
    : >"$dest"
    for f in $order; do
        [ $first = 1 ] || printf '\0' >>"$dest"
        first=0
        src="$dir/$f.csv"
        [ "${swap%%=*}" = "$f" ] && src=${swap#*=}
        [ -f "$src" ] && cat "$src" >>"$dest"
    done
    # then scenario.json, students, fixed and previous, up to the last one present
    local tail="$dir/scenario.json $dir/students.csv $dir/fixed.csv $dir/previous.csv" last=0 i=0 p
    [ "${swap%%=*}" = students ] && tail="$dir/scenario.json ${swap#*=} $dir/fixed.csv $dir/previous.csv"
    for p in $tail; do
        i=$((i + 1))
        [ -f "$p" ] && last=$i
    done
    i=0
    for p in $tail; do
        i=$((i + 1))
        [ $i -le $last ] || break
        printf '\0' >>"$dest"
        [ -f "$p" ] && cat "$p" >>"$dest"
    done
    return 0
}

for inst in tiny agder students-tiny; do
    d=instances/$inst
    [ -d "$d" ] || d=tests/instances/$inst
    for f in "$d"/*.csv; do cp "$f" "$out/csv/$inst-$(basename "$f")"; done
    [ -f "$d/scenario.json" ] && cp "$d/scenario.json" "$out/scenario/$inst-scenario.json"
    for f in "$d"/sweep-*.json; do [ -f "$f" ] && cp "$f" "$out/sweep/$inst-$(basename "$f")"; done
    join "$d" "$out/instance/$inst"
done
for inst in agreed-tiny change-flip; do # fixed.csv, min_students and previous.csv
    d=tests/instances/$inst
    for f in "$d"/*.csv; do cp "$f" "$out/csv/$inst-$(basename "$f")"; done
    join "$d" "$out/instance/$inst"
done
shopt -s nullglob
# tests/bad/TARGET--CASE.csv is a bad TARGET.csv
for f in tests/bad/*--*.csv; do
    b=$(basename "$f" .csv)
    cp "$f" "$out/csv/bad-$b.csv"
    join instances/tiny "$out/instance/tiny-$b" "${b%%--*}=$f"
done
for f in tests/bad/scenario--*.json; do cp "$f" "$out/scenario/bad-$(basename "$f")"; done
for f in tests/bad/sweep--*.json; do cp "$f" "$out/sweep/bad-$(basename "$f")"; done
