#!/usr/bin/env bash
# bench/explain.sh - what `solve --explain` costs on top of `solve`: wall and
# CPU seconds of each (median of RUNS runs), and of `praksis explain` on the
# plan read back, split into the LP estimate alone (--exact 0) and the
# default with its exact re-solves.  Not a test.
#
#   bench/explain.sh [INSTANCE...] [--runs N] [--threads N] [--time-limit S]
#
# PRAKSIS=FILE times that binary instead of building build/praksis.
# Defaults: tiny, agder, region-midt, region-nord; 3 runs; the re-solves on
# one thread per core.  Prints a Markdown table for README ("What it costs").
# Runs alternate between the commands, so that a change in the machine's
# load hits each alike; the CPU seconds show the work whatever else the
# machine is doing.
set -u
cd "$(dirname "$0")/.."
runs=3
threads=""
limit=""
insts=()
while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=$2; shift 2 ;;
    --threads) threads="--threads $2"; shift 2 ;;
    --time-limit) limit="--time-limit $2"; shift 2 ;;
    -*) echo "bench/explain.sh: unknown option $1" >&2; exit 2 ;;
    *) insts+=("$1"); shift ;;
    esac
done
[ ${#insts[@]} -gt 0 ] || insts=(instances/tiny instances/agder instances/region-midt instances/region-nord)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -z "${PRAKSIS:-}" ]; then
    make -s build/praksis >/dev/null || exit 1
    PRAKSIS=build/praksis
fi
cp "$PRAKSIS" "$tmp/praksis" || exit 1
bin=$tmp/praksis

# timed CMD...: "wall cpu" of one run (CPU = user + system of the child)
timed() {
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t0 = time.monotonic()
rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
wall = time.monotonic() - t0
r = resource.getrusage(resource.RUSAGE_CHILDREN)
if rc not in (0, 3):
    sys.exit(f"{' '.join(sys.argv[1:])}: exit {rc}")
print(f"{wall:.3f} {r.ru_utime + r.ru_stime:.3f}")
PY
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

echo "# $runs runs each, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the start"
echo "| instance | solve | solve --explain | explain --exact 0 | explain (default) | re-solves, exact |"
echo "|---|---|---|---|---|---|"
for inst in "${insts[@]}"; do
    name=${inst##*/}
    : >"$tmp/t"
    for r in $(seq "$runs"); do
        # shellcheck disable=SC2086
        echo "solve $(timed "$bin" solve "$inst" -o "$tmp/p" --quiet $limit)" >>"$tmp/t" || exit 1
        # shellcheck disable=SC2086
        echo "explained $(timed "$bin" solve "$inst" -o "$tmp/e" --quiet --explain $threads $limit)" >>"$tmp/t" || exit 1
        # shellcheck disable=SC2086
        echo "lp $(timed "$bin" explain "$tmp/p" --instance "$inst" --exact 0 $threads)" >>"$tmp/t" || exit 1
        # shellcheck disable=SC2086
        echo "full $(timed "$bin" explain "$tmp/p" --instance "$inst" $threads)" >>"$tmp/t" || exit 1
    done
    cell() { # cell KIND: "wall s (cpu s CPU)"
        local w c
        w=$(awk -v k="$1" '$1 == k {print $2}' "$tmp/t" | median)
        c=$(awk -v k="$1" '$1 == k {print $3}' "$tmp/t" | median)
        printf "%.2f s (%.2f s CPU)" "$w" "$c"
    }
    # shellcheck disable=SC2086
    stats=$("$bin" solve "$inst" -o "$tmp/s" --explain $threads $limit 2>/dev/null | sed -n 's/.*: \([0-9]*\) re-solves, \([0-9]*\) exact.*/\1, \2/p')
    echo "| $name | $(cell solve) | $(cell explained) | $(cell lp) | $(cell full) | ${stats:--} |"
done
