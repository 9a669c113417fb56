#!/usr/bin/env bash
# tests/replan.sh PRAKSIS - README's mid-year re-plan, exactly as README shows it: every line
# of the block after "<!-- replan -->" that starts with "$ " is run (from a scratch directory
# that sees the repository's instances/ and build/ as a fresh clone after `make` would), and
# the other lines must be what those commands print, line for line.  The plan from scratch is one
# of several that cost the same: a change in how the search breaks such ties changes its counts,
# and then README's block is updated with the new output, as a stored plan would be.
set -u
bin=$1
repo=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk '/^<!-- replan -->$/ { on = 1; next } on && /^```$/ { n++; if (n == 2) exit; next } on && n == 1' README.md >"$tmp/block"
grep '^\$ ' "$tmp/block" | sed 's/^\$ //' >"$tmp/commands"
grep -v '^\$ ' "$tmp/block" >"$tmp/want"
if [ ! -s "$tmp/commands" ] || [ ! -s "$tmp/want" ]; then
    echo "not ok - replan: README has no block after <!-- replan --> with commands and their output"
    exit 1
fi
mkdir -p "$tmp/clone/build"
ln -s "$repo/instances" "$tmp/clone/instances"
ln -s "$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")" "$tmp/clone/build/praksis"
(cd "$tmp/clone" && bash -e "$tmp/commands") >"$tmp/got" 2>"$tmp/err"
rc=$?
if [ $rc -ne 0 ]; then
    echo "not ok - replan: README's commands fail (exit $rc): $(head -2 "$tmp/err")"
elif diff "$tmp/want" "$tmp/got" >"$tmp/diff"; then
    echo "ok - replan: README's mid-year re-plan reproduces line for line ($(wc -l <"$tmp/commands") commands)"
else
    echo "not ok - replan: README's mid-year re-plan prints otherwise"
    sed 's/^/#   /' "$tmp/diff" | head -20
fi
python3 tests/verify_plan.py "$tmp/clone/out/agder-cut" "$tmp/clone/out/replan" --set change_cost=100000 \
    --previous "$tmp/clone/out/agder" >"$tmp/v"
if [ $? -eq 0 ]; then echo "ok - replan: the re-plan passes verify_plan.py --previous"; else
    echo "not ok - replan: the re-plan fails verify_plan.py"; grep '^not ok' "$tmp/v" | head -3; fi
