#!/usr/bin/env bash
# tests/plans.sh PRAKSIS [--all] [--update] - the plans of the shipped
# instances against stored copies in tests/plans/<instance>/: every file of
# the plan byte for byte (summary.json with its time fields set to 0,
# report.html as a SHA-256 of the page with its solve times blanked, and
# plan.xlsx as a SHA-256 of its parts but the one holding its creation
# time).  It
# catches any change of a plan or of the way it is written that nobody
# meant: a change that is meant is stored again with --update, and the
# stored copies' diff then shows what changed.  The default set solves in
# seconds each; --all adds region-vest and region-sorost with --gap 0.002,
# which they reach in 5 and 30 s: without a gap their cost level does not
# finish within the limit, and a run stopped by the clock is not
# reproducible.
set -u
bin=$1
shift
all= update=
for a in "$@"; do
    case $a in --all) all=1 ;; --update) update=1 ;; *) echo "usage: tests/plans.sh PRAKSIS [--all] [--update]" >&2; exit 2 ;; esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cases=("tiny|" "agder|" "region-nord|" "region-midt|")
[ -n "$all" ] && cases+=("region-vest|--gap 0.002" "region-sorost|--gap 0.002")

# summary.json without its time fields; report.html with its solve times blanked
normalise() {
    python3 - "$1/summary.json" > "$2/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["solver"]["seconds"] = 0
for level in s["solver"].get("levels", []):
    level["seconds"] = 0
print(json.dumps(s, indent=1, ensure_ascii=False))
PY
    sed -E 's/[0-9]+([.,][0-9]+)? s\b/T s/g' "$1/report.html" | sha256sum | cut -d' ' -f1 > "$2/report.html.sha256"
    python3 - "$1/plan.xlsx" > "$2/plan.xlsx.sha256" <<'PY'
import hashlib, sys, zipfile
h = hashlib.sha256()
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in sorted(z.namelist()):
        if name != "docProps/core.xml":  # the creation time
            h.update(name.encode() + b"\0" + z.read(name))
print(h.hexdigest())
PY
    cp "$1/assignments.csv" "$1/unplaced.csv" "$1/site_use.csv" "$2/"
    if [ -f "$1/changes.csv" ]; then cp "$1/changes.csv" "$2/"; fi
    [ ! -f "$1/student_plan.csv" ] || cp "$1/student_plan.csv" "$2/"
}

for c in "${cases[@]}"; do
    name=${c%%|*}
    args=${c#*|}
    out="$tmp/$name"
    # shellcheck disable=SC2086
    if ! "$bin" solve "instances/$name" $args -o "$out" --report --lang en --geojson "" --quiet 2>"$tmp/err"; then
        echo "not ok - plans $name: exit $?: $(head -2 "$tmp/err")"
        continue
    fi
    mkdir -p "$tmp/norm/$name"
    normalise "$out" "$tmp/norm/$name"
    want="tests/plans/$name"
    if [ -n "$update" ]; then
        rm -rf "$want"
        mkdir -p "$want"
        cp "$tmp/norm/$name"/* "$want/"
        echo "ok - plans $name: stored"
        continue
    fi
    if diff -r "$want" "$tmp/norm/$name" > "$tmp/diff"; then
        echo "ok - plans $name: every file as stored"
    else
        echo "not ok - plans $name: differs from tests/plans/$name (first lines below; tests/plans.sh --update stores a meant change)"
        head -12 "$tmp/diff" | sed 's/^/#   /'
    fi
done
