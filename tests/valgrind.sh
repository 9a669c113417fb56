#!/usr/bin/env bash
# tests/valgrind.sh PRAKSIS [INSTANCE...] - memcheck on whole solves: no
# invalid read or write, no use of uninitialised memory, no definite or
# indirect leak (GLPK's and libgomp's still-reachable blocks are not
# errors).  make test runs it on instances/tiny; `make valgrind` on a
# regional instance, which takes minutes under valgrind.
set -u
bin=$1
shift
[ $# -gt 0 ] || set -- instances/tiny
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! command -v valgrind >/dev/null; then
    echo "not ok - valgrind is not installed (apt-get install valgrind)"
    exit 1
fi
for inst in "$@"; do
    name=$(basename "$inst")
    valgrind --tool=memcheck --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --error-exitcode=99 --log-file="$tmp/$name.log" \
        "$bin" solve "$inst" -o "$tmp/$name" -q --report --geojson ""
    rc=$?
    if [ $rc -eq 0 ] || [ $rc -eq 3 ]; then
        echo "ok - valgrind memcheck: $inst (exit $rc, $(grep -o 'ERROR SUMMARY: [0-9]* errors' "$tmp/$name.log"))"
    else
        echo "not ok - valgrind memcheck: $inst (exit $rc)"
        grep -E "^==[0-9]+== " "$tmp/$name.log" | head -40 | sed 's/^/# /'
    fi
done
