#!/usr/bin/env bash
# tests/output.sh PRAKSIS - nothing lost: a plan directory is replaced whole
# or not at all (a write error, a full disk, a refused directory leave the
# old plan byte for byte), and SIGINT/SIGTERM stop a solve with the best
# plan so far while a second Ctrl-C leaves at once, writing nothing.
set -u
bin=$1
tmp=$(mktemp -d)
mnt=""
cleanup() {
    [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
t() { # t NAME CONDITION-COMMAND...
    local name=$1
    shift
    if "$@"; then echo "ok - output $name"; else echo "not ok - output $name"; fi
}
sums() { (cd "$1" && find . -type f | LC_ALL=C sort | xargs sha256sum); }
stopped_by() { # stopped_by DIR REASON: summary.json says feasible, stopped for REASON
    python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["status"]=="feasible" and s["stopped_by"]==sys.argv[2], s' "$1/summary.json" "$2"
}
ms_since() { echo $((($(date +%s%N) - $1) / 1000000)); }
leftovers() { find "$(dirname "$1")" -maxdepth 1 -name ".$(basename "$1").new-*" | wc -l; }

# --- replacing a plan
$bin solve instances/agder -o "$tmp/out" -q --report
t "first plan written with its report" test $? -eq 0 -a -s "$tmp/out/report.html"
echo "my notes" >"$tmp/out/notes.txt"
mkdir "$tmp/out/sweep" && echo 1 >"$tmp/out/sweep/keep"
ino=$(stat -c %i "$tmp/out")
$bin solve instances/tiny -o "$tmp/out" -q
t "second plan: exit 0" test $? -eq 0
t "the directory was swapped, not rewritten in place" test "$(stat -c %i "$tmp/out")" != "$ino"
students() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["students"])' "$1/summary.json"; }
tiny_students=$(awk -F, 'NR > 1 { n += $5 } END { print n }' instances/tiny/cohorts.csv)
test "$(students "$tmp/out")" = "$tiny_students"
t "the new plan is tiny's" test $? -eq 0
t "the old plan's report.html went with the old plan" test ! -e "$tmp/out/report.html"
t "other entries were carried over" test "$(cat "$tmp/out/notes.txt")" = "my notes" -a -s "$tmp/out/sweep/keep"
t "no staging directory left behind" test "$(leftovers "$tmp/out")" -eq 0

# --- student_plan.csv belongs to its plan: a plan without listed students
# replaces it, and no stale one is carried over
$bin solve tests/instances/students-tiny -o "$tmp/stu" -q && $bin solve instances/tiny -o "$tmp/stu" -q
t "a plan without students.csv leaves no student_plan.csv of the plan before" test ! -e "$tmp/stu/student_plan.csv" -a -s "$tmp/stu/summary.json"

# --- a directory that is not a plan is refused and left alone
mkdir "$tmp/home" && echo "precious" >"$tmp/home/thesis.txt"
$bin solve instances/tiny -o "$tmp/home" -q 2>"$tmp/e"
t "a non-empty directory without a plan: exit 1" test $? -eq 1
t "one line saying what was expected" test "$(wc -l <"$tmp/e")" -eq 1
grep -q "^praksis: $tmp/home: expected an empty output directory or one holding a plan" "$tmp/e"
t "the line names the directory" test $? -eq 0
t "its files untouched" test "$(ls "$tmp/home")" = "thesis.txt" -a "$(cat "$tmp/home/thesis.txt")" = "precious"
: >"$tmp/afile"
$bin solve instances/tiny -o "$tmp/afile" -q 2>"$tmp/e"
t "a file as the output directory: exit 1" test $? -eq 1 -a ! -s "$tmp/afile"

# --- a symbolic link: the directory it points at is replaced, the link stays
$bin solve instances/tiny -o "$tmp/real" -q && ln -s real "$tmp/link"
$bin solve instances/agder -o "$tmp/link" -q
t "through a link: exit 0" test $? -eq 0
t "the link is still a link to the new plan" test -L "$tmp/link" -a -s "$tmp/real/summary.json"
test "$(students "$tmp/real")" != "$tiny_students"
t "the linked directory holds the new plan" test $? -eq 0

# --- a write error half way: the old plan stays, byte for byte
$bin solve instances/tiny -o "$tmp/keep" -q
before=$(sums "$tmp/keep")
# at most 64 KiB per file: the agder plan's CSV files fit, its report.html
# (120 KB) does not; with SIGXFSZ ignored the write fails with EFBIG
# instead of killing praksis
(trap '' XFSZ; ulimit -f 64; exec $bin solve instances/agder -o "$tmp/keep" -q --report) 2>"$tmp/e"
t "write error: exit 1" test $? -eq 1
grep -q "^praksis: $tmp/keep/report.html: cannot write: File too large" "$tmp/e"
t "write error: one line naming the final file and the cause" test $? -eq 0 -a "$(wc -l <"$tmp/e")" -eq 1
t "write error: the old plan is intact" test "$(sums "$tmp/keep")" = "$before"
t "write error: no staging directory left behind" test "$(leftovers "$tmp/keep")" -eq 0

# --- a full disk (a small tmpfs, where this machine lets root mount one)
mkdir "$tmp/mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=400k tmpfs "$tmp/mnt" 2>/dev/null; then
    mnt="$tmp/mnt"
    $bin solve instances/tiny -o "$mnt/plan" -q
    before=$(sums "$mnt/plan")
    head -c 300000 /dev/zero >"$mnt/filler" # leaves less than the agder plan, plan.xlsx and report need
    $bin solve instances/agder -o "$mnt/plan" -q --report 2>"$tmp/e"
    t "full disk: exit 1" test $? -eq 1
    grep -q "No space left on device" "$tmp/e"
    t "full disk: says so" test $? -eq 0 -a "$(wc -l <"$tmp/e")" -eq 1
    t "full disk: the old plan is intact" test "$(sums "$mnt/plan")" = "$before"
    t "full disk: no staging directory left behind" test "$(leftovers "$mnt/plan")" -eq 0
    rm -f "$mnt/filler"
    $bin solve instances/agder -o "$mnt/plan" -q --report
    t "full disk: with room again the new plan goes in" test $? -eq 0 -a "$(leftovers "$mnt/plan")" -eq 0
else
    echo "ok - output full disk # skip: cannot mount a tmpfs here (the write-error test above covers the code path)"
fi

# --- signals: SIGTERM stops with the best plan; a second SIGINT writes nothing
# region-sorost's cost level is not proven within 60 s; the signal comes
# after 3 s, in the middle of an LP or of the branch-and-bound.
$bin solve instances/region-sorost -o "$tmp/sig" -q --time-limit 120 2>"$tmp/e" &
pid=$!
sleep 3
t0=$(date +%s%N)
kill -TERM $pid
wait $pid
rc=$?
ms=$(ms_since $t0)
t "SIGTERM: exit 3" test $rc -eq 3
t "SIGTERM: stopped within 5 s (took ${ms} ms)" test $ms -lt 5000
stopped_by "$tmp/sig" interrupted
t "SIGTERM: summary says feasible, interrupted" test $? -eq 0
python3 tests/verify_plan.py instances/region-sorost "$tmp/sig" --time-limit 120 >"$tmp/v" 2>&1
t "SIGTERM: the plan written passes tests/verify_plan.py" test $? -eq 0

before=$(sums "$tmp/sig")
$bin solve instances/region-sorost -o "$tmp/sig" -q --time-limit 120 2>"$tmp/e" &
pid=$!
sleep 2
# Ctrl-C held down: the first stops the solve, a later one must kill it
# before it writes.  Signals sent too close together merge into one, so
# keep sending until it is gone.
for _ in $(seq 400); do kill -INT $pid 2>/dev/null || break; sleep 0.005; done
wait $pid
rc=$?
if [ $rc -eq 3 ]; then
    echo "ok - output second SIGINT # skip: the solve stopped and wrote its plan between two signals"
else
    t "second SIGINT: killed by the signal (exit $rc)" test $rc -eq 130
    # killed before the swap: the old plan, byte for byte; after it (the
    # signal came while the old plan was being removed): the whole new one
    if [ "$(sums "$tmp/sig")" = "$before" ]; then
        t "second SIGINT: nothing written, the old plan intact" true
    else
        python3 tests/verify_plan.py instances/region-sorost "$tmp/sig" --time-limit 120 >"$tmp/v" 2>&1
        t "second SIGINT after the swap: the directory holds the whole new plan, never a mix" test $? -eq 0
    fi
fi
# killed while writing, it may leave its staging directory: the next write removes it
$bin solve instances/tiny -o "$tmp/sig" -q
t "a later write removes what a killed one left" test $? -eq 0 -a "$(leftovers "$tmp/sig")" -eq 0
mkdir "$tmp/.stale.new-abc123" && echo "{}" >"$tmp/.stale.new-abc123/summary.json"
$bin solve instances/tiny -o "$tmp/stale" -q
t "a stale staging directory of the same target is removed" test $? -eq 0 -a ! -e "$tmp/.stale.new-abc123"

# --- the time limit bounds the whole lexicographic solve, also on a large
# generated instance (47,000 candidate pairs) whose first LP alone takes longer
python3 instances/gen.py --seed 3 --pairs-scale 0.5 --out "$tmp/gen" >/dev/null
t0=$(date +%s%N)
$bin solve "$tmp/gen" -o "$tmp/genout" -q --time-limit 2 2>"$tmp/e"
rc=$?
ms=$(ms_since $t0)
t "2 s limit on a generated instance: exit 3" test $rc -eq 3
t "2 s limit on a generated instance: returned within 6 s (took ${ms} ms)" test $ms -lt 6000
stopped_by "$tmp/genout" time_limit
t "2 s limit: summary says feasible, stopped by time_limit" test $? -eq 0
