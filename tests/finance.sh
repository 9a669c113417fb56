#!/usr/bin/env bash
# tests/finance.sh PRAKSIS - `praksis finance`: the IS-2956 headline figures
# from ../shared/data/programs-2019.csv, each within 0.1 % (3,420 and 3,700
# kr a week; 915.8, 824.9, 647.8 and 603.0 mill. kr), the planned
# counterpart from solved plans of instances/agder and instances/tiny
# checked against the plans' own assignments.csv, and bad inputs.
set -u
bin=$1
csv=../shared/data/programs-2019.csv
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t() { # t NAME CONDITION-COMMAND...
    local name=$1
    shift
    if "$@"; then echo "ok - finance $name"; else echo "not ok - finance $name"; fi
}
if [ ! -f "$csv" ]; then
    echo "not ok - finance: $csv is missing (the repository expects ../shared beside it)"
    exit 0
fi

"$bin" finance --programmes-csv "$csv" --json >"$tmp/f.json" 2>"$tmp/e"
t "finance --json exits 0" test $? -eq 0
python3 - "$tmp/f.json" <<'EOF' >"$tmp/py" 2>&1
import json, sys
j = json.load(open(sys.argv[1]))
rep = {a["id"]: a for a in j["report"]}
def near(got, want, what):
    ok = abs(got - want) <= 0.001 * abs(want)
    print(("ok" if ok else "not ok") + f" - finance {what}: {got:,.1f} vs the report's {want:,.1f} ({100 * (got - want) / want:+.3f} %)")
near(rep["2A"]["price_per_week"], 3420, "2A kr per week")
near(rep["2B"]["price_per_week"], 3700, "2B kr per week")
near(rep["2A"]["total"] / 1e6, 915.8, "2A mill. kr")
near(rep["2B"]["total"] / 1e6, 824.9, "2B mill. kr")
near(rep["hybrid_all"]["total"] / 1e6, 647.8, "hybrid, all programmes, mill. kr")
near(rep["hybrid_six"]["total"] / 1e6, 603.0, "hybrid, six prioritised, mill. kr")
near(round(rep["2A"]["admin_per_week"]), 1419, "2A administration kr per week")
near(round(rep["2B"]["admin_per_week"]), 1704, "2B administration kr per week")
near(j["weeks_six"], 222952, "weeks of the six prioritised programmes")
near(rep["hybrid_all"]["travel"] / 1e6, 133.9, "hybrid travel element (1/3 of the weeks)")
print(("ok" if j["plan"] is None and j["planned"] is None else "not ok") + " - finance no plan, no planned column")
EOF
cat "$tmp/py"

"$bin" finance --programmes-csv "$csv" >"$tmp/o" 2>"$tmp/e"
t "the table prints the report's figures" grep -qE '^2A .* 3 420 +915\.8' "$tmp/o"
t "the table prints 2B" grep -qE '^2B .* 3 700 +824\.9' "$tmp/o"
t "the table prints both hybrids" test "$(grep -cE '^ +hybrid, (all programmes|six prioritised) .*\| .* (647\.8|603\.0)$' "$tmp/o")" -eq 2

# the planned counterpart, on solved plans
for inst in agder tiny; do
    "$bin" solve "instances/$inst" -o "$tmp/plan-$inst" --quiet
    "$bin" finance --programmes-csv "$csv" --plan "$tmp/plan-$inst" --json >"$tmp/p.json" 2>"$tmp/e"
    t "--plan instances/$inst: exit 0" test $? -eq 0
    python3 - "$tmp/p.json" "$tmp/plan-$inst" "$csv" "$inst" <<'EOF'
import csv, json, sys
j = json.load(open(sys.argv[1]))
plan, inst = sys.argv[2], sys.argv[4]
six = {r["code"] for r in csv.DictReader(open(sys.argv[3], encoding="utf-8")) if r["prioritised"] == "1"}
mw = rw = mw6 = rw6 = 0.0
for r in csv.DictReader(open(plan + "/assignments.csv", newline="")):
    if r["site_kind"] != "municipality":
        continue
    w = int(r["students"]) * float(r["weeks"])
    # the students who need travel support: beyond commuting distance of campus and home
    rel = int(r["relocated_students"]) * float(r["weeks"])
    mw += w
    rw += rel
    if r["programme"] in six:
        mw6 += w
        rw6 += rel
p = j["plan"]
def check(cond, what):
    print(("ok" if cond else "not ok") + f" - finance --plan {inst}: {what}")
check(abs(p["share"] - rw / mw) < 1e-6, f"relocated share of municipal weeks {p['share']:.4f} = {rw:.1f} / {mw:.1f}")
if mw6 > 0:
    check(abs(p["share_six"] - rw6 / mw6) < 1e-6, f"six-programme share {p['share_six']:.4f} counts only VERN SYK FYSIO ERGO MED PSYK weeks")
else:
    check(p["share_six"] is None, "no prioritised programme: no six-programme share")
pl = {a["id"]: a for a in j["planned"]}
rep = {a["id"]: a for a in j["report"]}
W, W6 = j["weeks_all"], j["weeks_six"]
check(abs(pl["hybrid_all"]["total"] - (380e6 + 500 * W + 1500 * p["share"] * W)) < 1e-5 * 380e6, "planned hybrid (all) = 380 mill. + 500 W + 1 500 x share x W")
if mw6 > 0:
    check(abs(pl["hybrid_six"]["travel"] - 1500 * p["share_six"] * W6) < 1e-5 * 380e6, "planned hybrid (six) travel = 1 500 x six-share x W6")
check(rep["hybrid_all"]["total"] == 647767000, "the report's column is unchanged beside the plan's")
EOF
done
# --plan twice pools the plans (e.g. one per region)
"$bin" finance --programmes-csv "$csv" --plan "$tmp/plan-agder" --plan "$tmp/plan-tiny" --json >"$tmp/pool.json" 2>"$tmp/e"
python3 - "$tmp/pool.json" "$tmp/plan-agder" "$tmp/plan-tiny" <<'EOF'
import csv, json, sys
j = json.load(open(sys.argv[1]))
mw = rw = 0.0
for d in sys.argv[2:]:
    for r in csv.DictReader(open(d + "/assignments.csv", newline="")):
        if r["site_kind"] == "municipality":
            w = int(r["students"]) * float(r["weeks"])
            mw += w
            rw += int(r["relocated_students"]) * float(r["weeks"])
p = j["plan"]
ok = p["plans"] == 2 and abs(p["share"] - rw / mw) < 1e-6 and " + " in p["dir"]
print(("ok" if ok else "not ok") + f" - finance --plan twice pools both plans: share {p['share']:.4f} = {rw:.1f} / {mw:.1f}")
EOF
"$bin" finance --programmes-csv "$csv" --plan "$tmp/plan-agder" >"$tmp/o" 2>"$tmp/e"
t "the table shows the report and the plan side by side" grep -q 'report (IS-2956).*planned' "$tmp/o"

# bad inputs: exit 1, one line naming the file
badcase() { # badcase NAME PATTERN ARGS...
    local name=$1 pattern=$2
    shift 2
    "$bin" finance "$@" >"$tmp/o" 2>"$tmp/e"
    local rc=$? msg
    msg=$(head -1 "$tmp/e")
    if [ $rc -eq 1 ] && [ "$(wc -l <"$tmp/e")" -eq 1 ] && grep -qE "$pattern" <<<"$msg" && [ ! -s "$tmp/o" ]; then
        echo "ok - finance bad input $name: $msg"
    else
        echo "not ok - finance bad input $name: exit $rc, '$msg'"
    fi
}
badcase "missing programme file" "^praksis: $tmp/none.csv: cannot open" --programmes-csv "$tmp/none.csv"
sed '4s/,1,0.5$/,yes,0.5/' "$csv" >"$tmp/bad.csv"
badcase "prioritised not 0 or 1" "^praksis: $tmp/bad.csv:4:[0-9]+: prioritised: expected 0 or 1, found \"yes\"" --programmes-csv "$tmp/bad.csv"
sed '2s/12672/-5/' "$csv" >"$tmp/bad2.csv"
badcase "negative weeks" "^praksis: $tmp/bad2.csv:2:[0-9]+: municipal_weeks_all_students: expected a number of weeks >= 0" --programmes-csv "$tmp/bad2.csv"
badcase "plan directory without a plan" "^praksis: $tmp/nothing/summary.json: cannot open" --programmes-csv "$csv" --plan "$tmp/nothing"
cp -r "$tmp/plan-agder" "$tmp/mixed"
cp "$tmp/plan-tiny/assignments.csv" "$tmp/mixed/assignments.csv"
badcase "summary and assignments of different plans" "not of one plan" --programmes-csv "$csv" --plan "$tmp/mixed"
"$bin" finance --bogus >"$tmp/o" 2>"$tmp/e"
t "unknown option: exit 2" test $? -eq 2
