#!/usr/bin/env bash
# tests/fuzz/replay.sh - `make test`'s fuzz suite: every regression input
# (tests/fuzz/regress/<harness>/), the committed seeds (tests/fuzz/seed/)
# and the seeds generated from instances/ and tests/bad/ go through the
# gcc-built ASan+UBSan harnesses (build/fuzz/replay/, `make fuzz-replay`;
# no clang needed).  Prints the drivers' TAP-like lines.
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s fuzz-replay >/dev/null || { echo "not ok - fuzz replay: cannot build the replay harnesses"; exit 1; }
bash tests/fuzz/make_seeds.sh "$tmp/seed" || { echo "not ok - fuzz replay: cannot generate seeds"; exit 1; }
rc=0
for h in csv scenario sweep instance xlsx; do
    paths=("tests/fuzz/seed/$h")
    [ -d "$tmp/seed/$h" ] && paths+=("$tmp/seed/$h")
    [ -d "tests/fuzz/regress/$h" ] && paths=("tests/fuzz/regress/$h" "${paths[@]}")
    ASAN_OPTIONS=detect_leaks=1 "build/fuzz/replay/fuzz_$h" "$h" "${paths[@]}" || rc=1
done
exit $rc
