#!/usr/bin/env bash
# bench/sweep.sh - sweep throughput: scenarios per minute with 1 and 2
# threads (median of RUNS runs each) and the speed-up ratio.  Not a test.
#
#   bench/sweep.sh [INSTANCE [SWEEP.json]] [--runs N] [--threads "1 2"]
#
# PRAKSIS=FILE times that binary instead of building build/praksis.
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
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# PRAKSIS=path/to/praksis to time another build; a private copy is timed,
# so a rebuild of build/praksis during the runs cannot change it.
if [ -z "${PRAKSIS:-}" ]; then
    make -s build/praksis >/dev/null || exit 1
    PRAKSIS=build/praksis
fi
cp "$PRAKSIS" "$tmp/praksis" || exit 1
bin=$tmp/praksis

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

n=""
declare -A med
echo "# $inst, $sweep, $runs runs per thread count, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Runs alternate between the thread counts, so that a change in the
# machine's load during the benchmark hits every thread count alike.  Each
# run records wall seconds and the CPU seconds (user + system) the sweep
# used: the CPU per scenario shows the parallel overhead whatever else the
# machine is doing, the wall time shows what a planner waits for.
run() { # run OUT THREADS -> "wall cpu"
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
out, threads, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
rc = subprocess.run(argv + ["-o", out, "--threads", threads, "-q"]).returncode
wall = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{wall:.4f} {ru.ru_utime + ru.ru_stime:.4f}" if rc == 0 else f"error {rc}")
PY
}
for t in $threads; do : >"$tmp/times.$t"; : >"$tmp/cpu.$t"; : >"$tmp/solve.$t"; done
for r in $(seq "$runs"); do
    for t in $threads; do
        out="$tmp/out.$t.$r"
        res=$(run "$out" "$t" "$bin" sweep "$inst" "$sweep")
        case $res in error*) echo "bench/sweep.sh: sweep failed ($res, threads $t, run $r)" >&2; exit 1 ;; esac
        echo "${res% *}" >>"$tmp/times.$t"
        echo "${res#* }" >>"$tmp/cpu.$t"
        python3 -c 'import csv,sys; print(sum(float(r["solve_seconds"]) for r in csv.DictReader(open(sys.argv[1]))))' \
            "$out/sweep.csv" >>"$tmp/solve.$t"
        [ -n "$n" ] || n=$(($(wc -l <"$out/sweep.csv") - 1))
    done
done
declare -A cpu
for t in $threads; do
    med[$t]=$(median <"$tmp/times.$t")
    cpu[$t]=$(median <"$tmp/cpu.$t")
    ms=$(median <"$tmp/solve.$t")
    printf '# threads %s: wall %.2f s (runs: %s), CPU %.2f s, the scenarios solve %.2f s in total\n' "$t" "${med[$t]}" \
        "$(tr '\n' ' ' <"$tmp/times.$t" | xargs printf '%.2f ')" "${cpu[$t]}" "$ms"
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
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
echo "| instance | scenarios | threads | wall s (median of $runs) | scenarios/minute | speed-up | CPU s per scenario |"
echo "|---|---|---|---|---|---|---|"
base=${med[$first]}
for t in $threads; do
    printf '| %s | %d | %s | %.2f | %.0f | %.2f× | %.3f |\n' "$(basename "$inst")" "$n" "$t" "${med[$t]}" \
        "$(awk -v n="$n" -v w="${med[$t]}" 'BEGIN {print n * 60 / w}')" "$(awk -v b="$base" -v w="${med[$t]}" 'BEGIN {print b / w}')" \
        "$(awk -v n="$n" -v c="${cpu[$t]}" 'BEGIN {print c / n}')"
done
