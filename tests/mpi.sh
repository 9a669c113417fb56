#!/usr/bin/env bash
# tests/mpi.sh [PRAKSIS-MPI] [PRAKSIS] - the sweep under mpirun
# (build/praksis-mpi, `make mpi`) against the OpenMP sweep of the same file:
# at 1, 2 and 3 ranks (3 oversubscribed on two cores) sweep.csv and every
# scenario's plan are byte-identical apart from the time fields; a scenario
# that fails is an error row while the others are solved; a rank killed in
# the middle leaves the tables, the others' outcomes and the dead rank's
# scenario marked failed with its number (mpirun's own exit code, since it
# ends the job); SIGINT to mpirun stops the solves
# with their best plans and writes the tables.  Prints "# skipped" when
# mpirun or the MPI build is missing (the default build needs no MPI).
set -u
mpi=${1:-build/praksis-mpi}
omp=${2:-build/praksis}
if ! command -v mpirun >/dev/null || [ ! -x "$mpi" ]; then
    echo "# skipped: no mpirun or no $mpi (make mpi)"
    exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Open MPI refuses root without the first option, and more ranks than cores
# without the second; the third gives the ranks 10 s instead of 1 between
# mpirun's SIGTERM and its SIGKILL, as README advises, so that rank 0 can
# write the tables after a rank died even on a machine busy with other work
run() { OMP_NUM_THREADS=1 mpirun --allow-run-as-root --oversubscribe --mca odls_base_sigkill_timeout 10 "$@"; }

# sweep.csv without its last column (solve_seconds)
strip_csv() { sed -E 's/,[^,]*$//' "$1"; }
# a plan directory with summary.json's time fields set to 0 and plan.xlsx
# without the part that holds its creation time
plan_digest() {
    local d=$1
    for f in "$d"/*; do
        case $f in
        */summary.json) python3 -c 'import json,sys
s=json.load(open(sys.argv[1])); s["solver"]["seconds"]=0
[l.update(seconds=0) for l in s["solver"].get("levels",[])]
print(json.dumps(s, sort_keys=True))' "$f" ;;
        */plan.xlsx) python3 -c 'import sys,zipfile
z=zipfile.ZipFile(sys.argv[1])
[sys.stdout.buffer.write(n.encode()+z.read(n)) for n in sorted(z.namelist()) if n!="docProps/core.xml"]' "$f" ;;
        *) cat "$f" ;;
        esac | sha256sum | sed "s|-|$(basename "$f")|"
    done
}
# count_rows CSV FIELD=VALUE...: rows of a sweep.csv matching every field
# (a value ending in * matches a prefix)
count_rows() {
    python3 - "$@" <<'PY'
import csv, sys
try:
    rows = list(csv.DictReader(open(sys.argv[1], newline="")))
except OSError:
    rows = []
want = [a.split("=", 1) for a in sys.argv[2:]]
ok = lambda v, w: v.startswith(w[:-1]) if w.endswith("*") else v == w
print(sum(all(ok(r[k], w) for k, w in want) for r in rows))
PY
}
same_sweep() { # DIR_A DIR_B: tables and every plan
    [ "$(strip_csv "$1/sweep.csv")" = "$(strip_csv "$2/sweep.csv")" ] || return 1
    for d in "$1"/*/; do
        [ "$(plan_digest "$d")" = "$(plan_digest "$2/$(basename "$d")")" ] || return 1
    done
}

# Agder's grid, every plan proven to the fourth level (only plans solved to the end are the
# same on every rank count)
sweep=instances/agder/sweep-grid.json
"$omp" sweep instances/agder "$sweep" -o "$tmp/omp" --quiet --threads 2
echo "# OpenMP sweep: exit $?"
for np in 1 2 3; do
    run -np $np "$mpi" sweep instances/agder "$sweep" -o "$tmp/np$np" --quiet --threads 1 >/dev/null 2>"$tmp/err$np"
    rc=$?
    if [ $rc -eq 0 ] && same_sweep "$tmp/omp" "$tmp/np$np"; then
        echo "ok - mpi $np rank(s): exit 0, sweep.csv and all 16 plans as the OpenMP sweep's"
    else
        echo "not ok - mpi $np rank(s): exit $rc or other results than the OpenMP sweep"
        head -5 "$tmp/err$np" | sed 's/^/#   /'
    fi
done

# a scenario that cannot be written fails alone: its directory is a file
mkdir -p "$tmp/fail"
touch "$tmp/fail/capacity_scale=0.8,travel_rate=1250,commute_km=45"
run -np 2 "$mpi" sweep instances/agder "$sweep" -o "$tmp/fail" --quiet --threads 1 >/dev/null 2>"$tmp/errf"
rc=$?
errors=$(count_rows "$tmp/fail/sweep.csv" status=error)
solved=$(count_rows "$tmp/fail/sweep.csv" status=optimal)
named=$(count_rows "$tmp/fail/sweep.csv" status=error "name=capacity_scale=0.8,travel_rate=1250,commute_km=45")
if [ $rc -eq 1 ] && [ "$errors" -eq 1 ] && [ "$solved" -eq 15 ] && [ "$named" -eq 1 ]; then
    echo "ok - mpi a failing scenario is an error row (exit 1), the other 15 are solved"
else
    echo "not ok - mpi a failing scenario: exit $rc, $errors error and $solved optimal rows"
fi

# 24 scenarios of about half a second each on three ranks
cat > "$tmp/slow.json" <<'JSON'
{"base": {"time_limit": 60},
 "grid": {"capacity_scale": [0.8, 0.9, 1.0, 1.1, 1.2, 1.3], "travel_rate": [1250, 1500, 1750, 2000]}}
JSON
rank_pid() { # the process of rank $1 of a running praksis-mpi sweep
    for p in $(pgrep -f "praksis-mpi sweep"); do
        tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "OMPI_COMM_WORLD_RANK=$1" && echo "$p" && return
    done
}
wait_for_rows() { # until sweep.csv in $1 has a solved row, at most 30 s
    for _ in $(seq 300); do
        grep -q ',optimal,' "$1/sweep.csv" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

run -np 3 "$mpi" sweep instances/region-nord "$tmp/slow.json" -o "$tmp/kill" --quiet --threads 1 >/dev/null 2>"$tmp/errk" &
job=$!
wait_for_rows "$tmp/kill"
pid=$(rank_pid 1)
[ -n "$pid" ] && kill -9 "$pid"
wait $job
rc=$?
rows=$(($(wc -l <"$tmp/kill/sweep.csv" 2>/dev/null || echo 1) - 1))
dead=$(count_rows "$tmp/kill/sweep.csv" status=error "error=rank 1 did not report*")
good=$(count_rows "$tmp/kill/sweep.csv" status=optimal)
if [ -n "$pid" ] && [ $rc -ne 0 ] && [ "$rows" -eq 24 ] && [ "$dead" -ge 1 ] && [ "$good" -ge 1 ]; then
    echo "ok - mpi a killed rank: mpirun exit $rc, all 24 rows written, $good solved, $dead marked as rank 1's"
else
    echo "not ok - mpi a killed rank (pid '${pid}'): exit $rc, $rows rows, $good solved, $dead marked as rank 1's"
    head -5 "$tmp/errk" | sed 's/^/#   /'
fi
# every plan a row calls solved is there
missing=$(python3 - "$tmp/kill" <<'PY'
import csv, os, sys
rows = csv.DictReader(open(os.path.join(sys.argv[1], "sweep.csv"), newline=""))
print(sum(r["status"] in ("optimal", "feasible") and not os.path.isfile(os.path.join(sys.argv[1], r["name"], "summary.json"))
          for r in rows))
PY
)
[ $missing -eq 0 ] && echo "ok - mpi a killed rank: every solved row's plan is on disk" ||
    echo "not ok - mpi a killed rank: $missing solved rows without their plan"

# SIGINT takes effect in the ranks some seconds after mpirun gets it (17 s
# on the 2-core box, for either engine build), so the sweep must outlast
# that: twice the grid above, which a faster engine otherwise finishes first
cat > "$tmp/slower.json" <<'JSON'
{"base": {"time_limit": 60},
 "grid": {"capacity_scale": [0.8, 0.9, 1.0, 1.1, 1.2, 1.3],
          "travel_rate": [1000, 1250, 1500, 1750, 2000, 2250, 2500, 2750]}}
JSON
run -np 3 "$mpi" sweep instances/region-nord "$tmp/slower.json" -o "$tmp/int" --quiet --threads 1 >/dev/null 2>"$tmp/erri" &
job=$!
wait_for_rows "$tmp/int" || sleep 1
pkill -INT -P "$job" -x mpirun
wait $job
rc=$?
rows=$(($(wc -l <"$tmp/int/sweep.csv" 2>/dev/null || echo 1) - 1))
stopped=$(($(count_rows "$tmp/int/sweep.csv" status=feasible stopped_by=interrupted) + $(count_rows "$tmp/int/sweep.csv" status=not_run)))
if [ $rc -ne 0 ] && [ "$rows" -eq 48 ] && [ "$stopped" -ge 1 ] && grep -q 'interrupted: finished scenarios were written' "$tmp/erri"; then
    echo "ok - mpi SIGINT to mpirun: the tables are written ($stopped of 48 rows stopped or not run), exit $rc"
else
    echo "not ok - mpi SIGINT to mpirun: exit $rc, $rows rows, $stopped stopped"
    head -5 "$tmp/erri" | sed 's/^/#   /'
fi
