#!/usr/bin/env bash
# tests/golden.sh PRAKSIS [quick] - solve every instance of tests/golden.tsv
# and compare status and the four objective levels with the manifest;
# check the plan with tests/verify_plan.py (an independent re-reading of
# the data); solve again with pricing on every level's LP
# (--set pricing_min_pairs=0) and check the same levels; check that a
# second solve gives a byte-identical plan.
# "quick" skips manifest rows of instances with more than 200 candidate pairs.
set -u
bin=$1
quick=${2:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
# levels SUMMARY WHAT: one line comparing the plan's status and four levels with the manifest
# row's (the cost level is the cost plus the change penalty, 0 without a previous plan)
levels() {
    python3 - "$1" "$status" "$l1" "$l2" "$l3" "$l4" "$tol" "$label" "$2" <<'PY'
import json, sys
path, status, l1, l2, l3, l4, tol, label, what = sys.argv[1:]
s = json.load(open(path))
got = [s["unplaced_weeks"], s["share_deficit_weeks"], s["cost"]["total"] + (s.get("changes") or {}).get("penalty", 0),
       s["relocated_km"]]
want = [float(l1), float(l2), float(l3), float(l4)]
tol = float(tol)
ok = s["status"] == status and all(abs(g - w) <= tol * max(1.0, abs(w)) for g, w in zip(got, want))
tail = "" if what else f" (expected {status} {want})"
print(("ok" if ok else "not ok") + f" - golden {label}: {what}status {s['status']} levels {got}{tail}")
PY
}

while IFS=$'\t' read -r inst args status l1 l2 l3 l4 tol cross; do
    case $inst in '#'*|'') continue ;; esac
    n=$((n + 1))
    [ "$args" = "-" ] && args=""
    if [ -n "$quick" ]; then
        pairs=$($bin check "$inst" $args --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["pairs"])')
        [ "${pairs:-0}" -gt 200 ] && continue
    fi
    out="$tmp/out$n"
    label="$inst${args:+ $args}"
    $bin solve "$inst" $args -o "$out" --quiet 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "not ok - golden $label: exit $rc: $(head -3 "$tmp/err")"
        continue
    fi
    levels "$out/summary.json" ""
    if [ -f tests/verify_plan.py ]; then
        python3 tests/verify_plan.py "$inst" "$out" $args | sed "s|^\(not \)\{0,1\}ok - |&[$label] |" | grep -E '^(not )?ok' | tail -n +1 > "$tmp/v"
        if grep -q '^not ok' "$tmp/v"; then
            grep '^not ok' "$tmp/v"
        else
            echo "ok - golden $label: plan passes tests/verify_plan.py ($(wc -l < "$tmp/v") checks)"
        fi
    fi
    # The same levels when every level's LP starts from a subset of the
    # placements and prices in the rest (the engine does that only above
    # 10,000 candidate pairs unless told otherwise).
    $bin solve "$inst" $args --set pricing_min_pairs=0 -o "$out.priced" --quiet 2>/dev/null
    levels "$out.priced/summary.json" "with pricing on every level, "
    if ! python3 tests/verify_plan.py "$inst" "$out.priced" $args --set pricing_min_pairs=0 | grep -q '^not ok'; then
        echo "ok - golden $label: the plan solved with pricing passes tests/verify_plan.py"
    else
        echo "not ok - golden $label: the plan solved with pricing fails tests/verify_plan.py"
    fi
    $bin solve "$inst" $args -o "$out.again" --quiet 2>/dev/null
    if cmp -s "$out/assignments.csv" "$out.again/assignments.csv" && cmp -s "$out/site_use.csv" "$out.again/site_use.csv" &&
        cmp -s "$out/unplaced.csv" "$out.again/unplaced.csv" &&
        { [ ! -f "$out/student_plan.csv" ] || cmp -s "$out/student_plan.csv" "$out.again/student_plan.csv"; }; then
        echo "ok - golden $label: a second solve gives a byte-identical plan"
    else
        echo "not ok - golden $label: a second solve gives a different plan"
    fi
done < tests/golden.tsv
