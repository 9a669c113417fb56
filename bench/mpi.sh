#!/usr/bin/env bash
# bench/mpi.sh - the MPI sweep's throughput: scenarios per minute of the
# OpenMP sweep (praksis sweep --threads 2) against the MPI variant
# (praksis-mpi under mpirun) with 1 rank of 2 threads, 2 ranks of 1 thread
# and 4 ranks of 1 thread (oversubscribed on a 2-core machine), the median
# of RUNS runs each, runs alternating between the set-ups.  Not a test.
#
#   bench/mpi.sh [INSTANCE [SWEEP.json]] [--runs N]
#
# Defaults: instances/region-nord and its 8-scenario sweep-bench.json.  The
# time is the wall time of the whole command (every rank loading and
# checking the sweep, every solve, every plan written with fsync, the
# tables), as a user waits for it.  Every set-up must write the same
# sweep.csv (apart from solve_seconds) as the OpenMP sweep.  Prints a
# Markdown table for bench/README.md.
set -u
cd "$(dirname "$0")/.."
inst=instances/region-nord
sweep=""
runs=3
pos=0
while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    -*) echo "bench/mpi.sh: unknown option $1" >&2; exit 2 ;;
    *) if [ $pos -eq 0 ]; then inst=$1; else sweep=$1; fi; pos=$((pos + 1)); shift ;;
    esac
done
[ -n "$sweep" ] || sweep=$inst/sweep-bench.json
[ -f "$sweep" ] || sweep=$inst/sweep-grid.json
make -s build/praksis build/praksis-mpi >/dev/null || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp build/praksis build/praksis-mpi "$tmp/" || exit 1
n=$(python3 -c 'import json,sys,itertools
s=json.load(open(sys.argv[1]))
print(len(s["scenarios"]) if "scenarios" in s else len(list(itertools.product(*s["grid"].values()))))' "$sweep")

setups=("openmp, 2 threads|$tmp/praksis sweep $inst $sweep --threads 2"
        "mpi, 1 rank x 2 threads|mpirun --allow-run-as-root --oversubscribe -np 1 $tmp/praksis-mpi sweep $inst $sweep --threads 2"
        "mpi, 2 ranks x 1 thread|mpirun --allow-run-as-root --oversubscribe -np 2 $tmp/praksis-mpi sweep $inst $sweep --threads 1"
        "mpi, 4 ranks x 1 thread (oversubscribed)|mpirun --allow-run-as-root --oversubscribe -np 4 $tmp/praksis-mpi sweep $inst $sweep --threads 1")
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
strip() { sed -E 's/,[^,]*$//' "$1"; }
echo "# $inst, $sweep ($n scenarios), $runs runs per set-up, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$runs"); do
    for k in "${!setups[@]}"; do
        cmd=${setups[$k]#*|}
        out="$tmp/out$k"
        rm -rf "$out"
        t0=$(date +%s.%N)
        OMP_NUM_THREADS=1 $cmd -o "$out" -q >/dev/null 2>"$tmp/err"
        rc=$?
        t1=$(date +%s.%N)
        echo "$t1 - $t0" | bc >>"$tmp/t$k"
        [ $rc -eq 0 ] || echo "# ${setups[$k]%%|*}: exit $rc: $(head -1 "$tmp/err")"
        if [ "$k" -gt 0 ] && [ "$(strip "$tmp/out0/sweep.csv")" != "$(strip "$out/sweep.csv")" ]; then
            echo "# ${setups[$k]%%|*}: sweep.csv differs from the OpenMP sweep's"
        fi
    done
done
echo "| set-up | wall s (median of $runs) | scenarios/minute | against OpenMP |"
echo "|---|---|---|---|"
base=$(median <"$tmp/t0")
for k in "${!setups[@]}"; do
    m=$(median <"$tmp/t$k")
    printf "| %s | %.2f | %.0f | %.2f× |\n" "${setups[$k]%%|*}" "$m" "$(echo "$n * 60 / $m" | bc -l)" "$(echo "$base / $m" | bc -l)"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
