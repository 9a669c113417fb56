# praksis - build, run, test.  `make` builds build/praksis; `make run` solves
# the shipped default instance; `make test` runs every test, plain and under
# ASan/UBSan, and ends with "N passed, M failed".
CC      ?= gcc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror
# OpenMP for `praksis sweep` (solver/sweep.c): every target compiles and links with it.
OMP     := -fopenmp
CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null)
CJSON_LIBS   := $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
LIBS    := $(CJSON_LIBS) -lcsv -lglpk -lzip -lexpat -lxlsxwriter -lm
SAN     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC := solver/diag.c solver/fileio.c solver/json.c solver/strmap.c solver/csvread.c solver/settings.c solver/load.c \
           solver/agreements.c solver/conflicts.c solver/validate.c solver/lint.c solver/students.c solver/model.c \
           solver/heuristic.c solver/solve.c solver/solve_lp.c solver/solve_bnb.c solver/solve_moves.c \
           solver/phase_one.c solver/cuts.c solver/search.c \
           solver/plan.c solver/plan_money.c solver/check.c solver/result.c solver/plan_write.c solver/plan_dir.c \
           solver/plan_read.c solver/reasons.c solver/export.c solver/export_model.c solver/sweep.c \
           solver/sweep_read.c solver/finance.c solver/html.c solver/map.c solver/report_html.c \
           solver/report_map.c solver/report_agreements.c solver/report_students.c solver/report_explain.c solver/sweep_html.c \
           solver/source.c solver/xlsx_read.c solver/xlsx_template.c \
           solver/xlsx_write.c solver/plan_xlsx.c solver/sweep_xlsx.c \
           solver/resolve.c solver/sensitivity.c solver/unused.c solver/unplaced.c solver/explain.c solver/explain_write.c
CLI_SRC := solver/cli.c solver/cli_args.c solver/cli_sweep.c solver/cli_report.c solver/cli_explain.c
HDR     := $(wildcard solver/*.h)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
INSTANCE ?= instances/norway

.PHONY: all run test test-build valgrind clean deps check-deps mpi
all: build/praksis $(if $(MPI),build/praksis-mpi)

DEBIAN_PACKAGES := gcc make pkg-config libglpk-dev glpk-utils libcsv-dev libcjson-dev libzip-dev libexpat1-dev \
                   libxlsxwriter-dev coinor-cbc python3 python3-openpyxl valgrind libopenmpi-dev openmpi-bin

# On a fresh machine: as root, install what is missing; otherwise say how.
check-deps:
	@for h in glpk.h csv.h cjson/cJSON.h zip.h expat.h xlsxwriter.h; do \
	  if ! echo "#include <$$h>" | $(CC) -E -x c - >/dev/null 2>&1; then \
	    if [ "$$(id -u)" = 0 ]; then echo "praksis: installing build dependencies ($(DEBIAN_PACKAGES))"; $(MAKE) -s deps || exit 1; break; \
	    else echo "praksis: missing <$$h>; install the build dependencies with: sudo make deps" >&2; exit 1; fi; fi; done

# Install the Debian packages the build and the tests need.
deps:
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES)

# Each source is compiled once per flavour (build/obj/, build/asan/obj/) and
# the command and every unit test link those objects.  Any header change
# recompiles everything: simple, and a clean build is a minute.
LIB_OBJ      := $(patsubst solver/%.c,build/obj/%.o,$(LIB_SRC))
CLI_OBJ      := $(patsubst solver/%.c,build/obj/%.o,$(CLI_SRC))
ASAN_LIB_OBJ := $(patsubst solver/%.c,build/asan/obj/%.o,$(LIB_SRC))
ASAN_CLI_OBJ := $(patsubst solver/%.c,build/asan/obj/%.o,$(CLI_SRC))

build/obj/%.o: solver/%.c $(HDR) | check-deps
	@mkdir -p build/obj
	$(CC) $(WARN) $(OMP) $(CFLAGS) $(CJSON_CFLAGS) -Isolver -c -o $@ $<

build/asan/obj/%.o: solver/%.c $(HDR) | check-deps
	@mkdir -p build/asan/obj
	$(CC) $(WARN) $(OMP) $(SAN) $(CJSON_CFLAGS) -Isolver -c -o $@ $<

build/praksis: $(LIB_OBJ) $(CLI_OBJ)
	$(CC) $(OMP) $(CFLAGS) -o $@ $^ $(LIBS)

# The MPI variant of the command (`praksis-mpi sweep` under mpirun):
# `make mpi` or `make MPI=1`; needs Open MPI (Debian: libopenmpi-dev
# openmpi-bin).  The default build and `make run` need no MPI.
MPICC ?= mpicc
build/praksis-mpi: $(LIB_SRC) $(CLI_SRC) solver/sweep_mpi.c $(HDR)
	@mkdir -p build
	$(MPICC) $(WARN) $(OMP) $(CFLAGS) $(CJSON_CFLAGS) -DPRAKSIS_MPI -Isolver -o $@ $(LIB_SRC) solver/sweep_mpi.c $(CLI_SRC) $(LIBS)

mpi: build/praksis-mpi

build/asan/praksis: $(ASAN_LIB_OBJ) $(ASAN_CLI_OBJ)
	$(CC) $(OMP) $(SAN) -o $@ $^ $(LIBS)

build/unit/%: tests/unit/%.c $(LIB_OBJ) $(HDR) tests/unit/check.h
	@mkdir -p build/unit
	$(CC) $(WARN) $(OMP) $(CFLAGS) $(CJSON_CFLAGS) -Isolver -Itests/unit -o $@ $< $(LIB_OBJ) $(LIBS)

build/asan/unit/%: tests/unit/%.c $(ASAN_LIB_OBJ) $(HDR) tests/unit/check.h
	@mkdir -p build/asan/unit
	$(CC) $(WARN) $(OMP) $(SAN) $(CJSON_CFLAGS) -Isolver -Itests/unit -o $@ $< $(ASAN_LIB_OBJ) $(LIBS)

UNITS      := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRC))
ASAN_UNITS := $(patsubst tests/unit/%.c,build/asan/unit/%,$(UNIT_SRC))

# exit 3 (stopped by the time limit, a feasible plan written) is a result, not a failure
run: build/praksis
	build/praksis solve $(INSTANCE) -o out || [ $$? -eq 3 ]

# make test builds what it runs with a job per core, then runs it
NPROC := $(shell nproc 2>/dev/null || echo 2)
test-build: build/praksis build/asan/praksis $(UNITS) $(ASAN_UNITS)

test: check-deps
	@$(MAKE) -s -j$(NPROC) test-build
	@command -v glpsol >/dev/null && command -v cbc >/dev/null && command -v valgrind >/dev/null && command -v mpirun >/dev/null && \
	  { python3 -c 'import openpyxl' || /usr/bin/python3 -c 'import openpyxl'; } 2>/dev/null || $(MAKE) -s deps
	@# the MPI variant too where Open MPI is installed (tests/mpi.sh says "skipped" otherwise)
	@if command -v $(MPICC) >/dev/null; then $(MAKE) -s build/praksis-mpi; fi
	@bash tests/run

# memcheck on regional solves (make test runs it on tiny only: minutes, not seconds)
valgrind: build/praksis
	@bash tests/valgrind.sh build/praksis instances/tiny instances/region-nord instances/region-midt

clean:
	rm -rf build out

# Optional parts with their own targets: `make fuzz` (tests/fuzz/fuzz.mk) and
# `make bench`, `make bench-quick` (bench/bench.mk).
-include tests/fuzz/fuzz.mk bench/bench.mk
