# bench/bench.mk - benchmark targets, included by the top Makefile.
#
#   make bench         the full comparison (engine vs glpsol vs CBC on every
#                      benchmark instance; hours): bench/results/<date>-<host>.json
#                      and Markdown tables on stdout; then the what-if benchmark
#   make bench-whatif  the what-if benchmark alone (engine vs CBC on the regional
#                      instances under ten scenario variants; about 2 hours):
#                      bench/results/<date>-<host>-whatif.json
#   make bench-quick   the CI subset of both (a few minutes at most), checked
#                      against bench/baseline.json and bench/whatif-baseline.json
#
# BENCH_ARGS passes options to bench/run, WHATIF_ARGS to bench/whatif, e.g.
#   make bench BENCH_ARGS='--reps 5 --cap 900 --only norway,gen-x1'
#   make bench-whatif WHATIF_ARGS='--only agder,region-midt --variants base,commute_km=40'
# (bench/run --help and bench/whatif --help list them; bench/README.md explains
# the rules).

BENCH_ARGS ?=
WHATIF_ARGS ?=

.PHONY: bench bench-quick bench-whatif
bench: build/praksis
	python3 bench/run $(BENCH_ARGS)
	python3 bench/whatif $(WHATIF_ARGS)

bench-whatif: build/praksis
	python3 bench/whatif $(WHATIF_ARGS)

bench-quick: build/praksis
	python3 bench/run --quick $(BENCH_ARGS)
	python3 bench/whatif --quick $(WHATIF_ARGS)

# What writing a plan's files costs (bench/outputs.c): CSV files, report.html
# and plan.xlsx of the plan in OUTPUTS_PLAN (default: the national plan `make
# run` wrote to out/), each written 5 times.
OUTPUTS_INSTANCE ?= instances/norway
OUTPUTS_PLAN ?= out
.PHONY: bench-outputs
build/bench_outputs: bench/outputs.c $(LIB_SRC) $(HDR)
	@mkdir -p build
	$(CC) $(WARN) $(OMP) $(CFLAGS) $(CJSON_CFLAGS) -Isolver -o $@ bench/outputs.c $(LIB_SRC) $(LIBS)

bench-outputs: build/bench_outputs
	build/bench_outputs $(OUTPUTS_INSTANCE) $(OUTPUTS_PLAN) 5
