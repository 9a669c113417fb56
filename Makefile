# praksis - build, run, test.  `make` builds build/praksis; `make run` solves
# the shipped default instance; `make test` runs every test, plain and under
# ASan/UBSan, and ends with "N passed, M failed".
CC      ?= gcc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror
CJSON_CFLAGS := $(shell pkg-config --cflags libcjson 2>/dev/null)
CJSON_LIBS   := $(shell pkg-config --libs libcjson 2>/dev/null || echo -lcjson)
LIBS    := $(CJSON_LIBS) -lcsv -lglpk -lm
SAN     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

LIB_SRC := solver/diag.c solver/strmap.c solver/csv.c solver/settings.c solver/load.c \
           solver/validate.c solver/model.c solver/solve.c solver/check.c solver/report.c \
           solver/export.c solver/export_model.c
HDR     := $(wildcard solver/*.h)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
INSTANCE ?= instances/agder

.PHONY: all run test test-plain test-asan clean
all: build/praksis

build/praksis: $(LIB_SRC) solver/cli.c $(HDR)
	@mkdir -p build
	$(CC) $(WARN) $(CFLAGS) $(CJSON_CFLAGS) -Isolver -o $@ $(LIB_SRC) solver/cli.c $(LIBS)

build/asan/praksis: $(LIB_SRC) solver/cli.c $(HDR)
	@mkdir -p build/asan
	$(CC) $(WARN) $(SAN) $(CJSON_CFLAGS) -Isolver -o $@ $(LIB_SRC) solver/cli.c $(LIBS)

build/unit/%: tests/unit/%.c $(LIB_SRC) $(HDR) tests/unit/check.h
	@mkdir -p build/unit
	$(CC) $(WARN) $(CFLAGS) $(CJSON_CFLAGS) -Isolver -Itests/unit -o $@ $< $(LIB_SRC) $(LIBS)

build/asan/unit/%: tests/unit/%.c $(LIB_SRC) $(HDR) tests/unit/check.h
	@mkdir -p build/asan/unit
	$(CC) $(WARN) $(SAN) $(CJSON_CFLAGS) -Isolver -Itests/unit -o $@ $< $(LIB_SRC) $(LIBS)

UNITS      := $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRC))
ASAN_UNITS := $(patsubst tests/unit/%.c,build/asan/unit/%,$(UNIT_SRC))

run: build/praksis
	build/praksis solve $(INSTANCE) -o out

test: build/praksis build/asan/praksis $(UNITS) $(ASAN_UNITS)
	@bash tests/run

clean:
	rm -rf build out
