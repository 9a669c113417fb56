#!/bin/sh
# Rebuild every generated instance under instances/ with the commands in its README and check
# that nothing changed (byte-identical), that the regional cuts cover the national instance
# exactly once, and that gen.py gives byte-identical files for the same arguments.
# Usage (from the repository root): sh instances/check_builders.sh
set -e
cd "$(dirname "$0")/.."
fail=0
# The agreements and last year's plan come from plans solved before they existed: the stored
# plans of commit 400ff97 (the four regions pooled for norway), read from git.
plans=400ff97:tests/plans
python3 instances/build_regional.py --county Agder --seed 1 --programmes SYK,VERN,FYSIO --out instances/agder >/dev/null
python3 instances/build_agreements.py --instance instances/agder --plan git:$plans/agder/assignments.csv --seed 1 \
    --by-horizon >/dev/null
python3 instances/build_national.py --seed 1 --out instances/norway >/dev/null
python3 instances/build_agreements.py --instance instances/norway --plan git:$plans/region-sorost/assignments.csv \
    --plan git:$plans/region-vest/assignments.csv --plan git:$plans/region-midt/assignments.csv \
    --plan git:$plans/region-nord/assignments.csv --seed 1 >/dev/null
for r in sorost vest midt nord; do
    python3 instances/cut_region.py --from instances/norway --rhf $r --out instances/region-$r >/dev/null
done
if [ -n "$(git status --porcelain --untracked-files=no -- instances/agder instances/norway instances/region-sorost instances/region-vest instances/region-midt instances/region-nord)" ]; then
    echo "check_builders: rebuilt instances differ from the committed ones:"
    git status --short --untracked-files=no -- instances/agder instances/norway instances/region-*
    fail=1
else
    echo "check_builders: agder, norway and the four regions rebuild byte-identical"
fi
python3 instances/cut_region.py --check-cover --from instances/norway \
    instances/region-sorost instances/region-vest instances/region-midt instances/region-nord || fail=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for args in "--seed 1 --pairs-scale 0.5" "--seed 2 --sites 500 --campuses 45 --programmes 23 --periods 3 --cohorts 300" \
    "--seed 1 --pairs-scale 0.05 --student-share 0.02"; do
    python3 instances/gen.py $args --out "$tmp/g" >/dev/null
    mv "$tmp/g" "$tmp/first"
    python3 instances/gen.py $args --out "$tmp/g" >/dev/null
    if diff -r "$tmp/first" "$tmp/g" >/dev/null; then
        echo "check_builders: gen.py $args: byte-identical twice"
    else
        echo "check_builders: gen.py $args: output differs between two runs"; fail=1
    fi
    rm -rf "$tmp/first" "$tmp/g"
done
if [ -x build/praksis ]; then
    for d in instances/norway instances/region-sorost instances/region-vest instances/region-midt instances/region-nord; do
        build/praksis check "$d" >/dev/null || { echo "check_builders: praksis check $d failed"; fail=1; }
    done
    echo "check_builders: praksis check passes on norway and the four regions"
fi
exit $fail
