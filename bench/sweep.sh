#!/usr/bin/env bash
# bench/sweep.sh - sweep throughput: scenarios per minute with 1 and 2
# threads (median of RUNS runs each) and the speed-up ratio.  Not a test.
#
#   bench/sweep.sh [INSTANCE [SWEEP.json]] [--runs N] [--threads "1 2"]
#
# Defaults: instances/agder and its 16-scenario grid
# (instances/agder/sweep-grid.json), 3 runs.  The time is the wall time of
# the whole `praksis sweep` command (instance load, every solve, every
# plan written with fsync, sweep.csv/json), so it is what a planner waits
# for.  It also prints the sum of the scenarios' own solve seconds, and
# checks that every thread count gave the same plans.  Prints a Markdown
# table row per thread count for bench/README.md.
set -u
cd "$(dirname "$0")/.."
inst=instances/agder
sweep=""
runs=3
threads="1 2"
pos=0
while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -*) echo "bench/sweep.sh: unknown option $1" >&2; exit 2 ;;
    *) if [ $pos -eq 0 ]; then inst=$1; else sweep=$1; fi; pos=$((pos + 1)); shift ;;
    esac
done
[ -n "$sweep" ] || sweep=$inst/sweep-grid.json
[ -f "$sweep" ] || { echo "bench/sweep.sh: no sweep file $sweep" >&2; exit 2; }
make -s build/praksis >/dev/null || exit 1
bin=build/praksis
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

n=""
declare -A med
echo "# $inst, $sweep, $runs runs per thread count, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for t in $threads; do
    : >"$tmp/times.$t"
    for r in $(seq "$runs"); do
        out="$tmp/out.$t.$r"
        t0=$(now)
        "$bin" sweep "$inst" "$sweep" -o "$out" --threads "$t" -q
        rc=$?
        t1=$(now)
        if [ $rc -ne 0 ]; then echo "bench/sweep.sh: sweep exited $rc (threads $t, run $r)" >&2; exit 1; fi
        awk -v a="$t1" -v b="$t0" 'BEGIN {printf "%.4f\n", a - b}' >>"$tmp/times.$t"
        solve=$(python3 -c 'import csv,sys; print(sum(float(r["solve_seconds"]) for r in csv.DictReader(open(sys.argv[1]))))' "$out/sweep.csv")
        echo "$solve" >>"$tmp/solve.$t"
        [ -n "$n" ] || n=$(($(wc -l <"$out/sweep.csv") - 1))
    done
    med[$t]=$(median <"$tmp/times.$t")
    ms=$(median <"$tmp/solve.$t")
    printf '# threads %s: wall %s s (runs: %s), scenarios solve %.2f s in total\n' "$t" "${med[$t]}" \
        "$(tr '\n' ' ' <"$tmp/times.$t" | xargs printf '%.2f ')" "$ms"
done
# the plans must not depend on the thread count
first=""
for t in $threads; do
    if [ -z "$first" ]; then first=$t; continue; fi
    for d in "$tmp/out.$first.1"/*/; do
        s=$(basename "$d")
        for f in assignments.csv unplaced.csv site_use.csv; do
            cmp -s "$tmp/out.$first.1/$s/$f" "$tmp/out.$t.1/$s/$f" || echo "bench/sweep.sh: WARNING: $s/$f differs between $first and $t threads" >&2
        done
    done
done
echo
echo "| instance | scenarios | threads | wall s (median of $runs) | scenarios/minute | speed-up |"
echo "|---|---|---|---|---|---|"
base=${med[$first]}
for t in $threads; do
    printf '| %s | %d | %s | %.2f | %.0f | %.2f× |\n' "$(basename "$inst")" "$n" "$t" "${med[$t]}" \
        "$(awk -v n="$n" -v w="${med[$t]}" 'BEGIN {print n * 60 / w}')" "$(awk -v b="$base" -v w="${med[$t]}" 'BEGIN {print b / w}')"
done
