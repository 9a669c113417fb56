# bench/bench.mk - benchmark targets, included by the top Makefile.
#
#   make bench         the full comparison (engine vs glpsol vs CBC on every
#                      benchmark instance; hours): bench/results/<date>-<host>.json
#                      and Markdown tables on stdout
#   make bench-quick   the CI subset (tiny, region-midt, gen-x0.02; a few
#                      minutes at most), checked against bench/baseline.json
#
# BENCH_ARGS passes options to bench/run, e.g.
#   make bench BENCH_ARGS='--reps 5 --cap 900 --only norway,gen-x1'
# (bench/run --help lists them; bench/README.md explains the rules).

BENCH_ARGS ?=

.PHONY: bench bench-quick
bench: build/praksis
	python3 bench/run $(BENCH_ARGS)

bench-quick: build/praksis
	python3 bench/run --quick $(BENCH_ARGS)
