# tests/fuzz/fuzz.mk - fuzzing the input readers (included by the top Makefile).
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="csv scenario sweep instance xlsx"] [FUZZ_ARGS=...]
#       builds each harness with clang (libFuzzer + ASan + UBSan) and runs them
#       one after another, FUZZ_SECONDS each, in one process (the machine is
#       shared).  Corpora grow in build/fuzz/corpus/<harness>/ (not committed),
#       seeded from tests/fuzz/seed/ and from instances/tiny, instances/agder and
#       tests/bad/ (tests/fuzz/make_seeds.sh).  A crash, leak or hang is saved in
#       build/fuzz/artifacts/<harness>/: fix it and keep the input as
#       tests/fuzz/regress/<harness>/<name>.
#   make fuzz-replay
#       the same harnesses built with gcc's ASan+UBSan and tests/fuzz/driver.c
#       instead of libFuzzer (no clang needed); `make test` builds them and
#       tests/fuzz/replay.sh runs every regression and seed input through them.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= csv scenario sweep instance xlsx
FUZZ_ARGS    ?=
FUZZ_CC      ?= clang
FUZZ_CFLAGS  := -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer
FUZZ_DIR     := tests/fuzz
FUZZ_HDR     := $(FUZZ_DIR)/fuzz.h $(FUZZ_DIR)/fuzz_dir.h
FUZZ_ALL     := csv scenario sweep instance xlsx

.PHONY: fuzz fuzz-build fuzz-replay fuzz-seeds

fuzz-build: $(patsubst %,build/fuzz/bin/fuzz_%,$(FUZZ_TARGETS))

build/fuzz/bin/fuzz_%: $(FUZZ_DIR)/fuzz_%.c $(FUZZ_HDR) $(LIB_SRC) $(HDR)
	@mkdir -p build/fuzz/bin
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(OMP) $(CJSON_CFLAGS) -Isolver -I$(FUZZ_DIR) -o $@ $< $(LIB_SRC) $(LIBS)

fuzz-seeds:
	@bash $(FUZZ_DIR)/make_seeds.sh build/fuzz/seed

# One harness at a time, one process each (-jobs would fork workers).  The
# instance harness writes a directory per input: on tmpfs when there is one.
FUZZ_TMPDIR ?= $(if $(wildcard /dev/shm/.),/dev/shm,/tmp)
fuzz: fuzz-build fuzz-seeds
	@set -e; export TMPDIR=$(FUZZ_TMPDIR); for h in $(FUZZ_TARGETS); do \
	  mkdir -p build/fuzz/corpus/$$h build/fuzz/artifacts/$$h; \
	  dict=; [ -f $(FUZZ_DIR)/$$h.dict ] && dict=-dict=$(FUZZ_DIR)/$$h.dict; \
	  echo "fuzz: $$h for $(FUZZ_SECONDS) s"; \
	  build/fuzz/bin/fuzz_$$h -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=3072 \
	    -artifact_prefix=build/fuzz/artifacts/$$h/ -print_final_stats=1 $$dict $(FUZZ_ARGS) \
	    build/fuzz/corpus/$$h $(FUZZ_DIR)/seed/$$h build/fuzz/seed/$$h \
	    $$( [ -d $(FUZZ_DIR)/regress/$$h ] && echo $(FUZZ_DIR)/regress/$$h ) \
	    || { echo "fuzz: $$h found a problem; see build/fuzz/artifacts/$$h/" >&2; exit 1; }; \
	done

# --- replay with gcc (make test): the library once with ASan+UBSan, then one
# driver binary per harness
FUZZ_OBJ := $(patsubst solver/%.c,build/fuzz/replay/obj/%.o,$(LIB_SRC))

build/fuzz/replay/obj/%.o: solver/%.c $(HDR)
	@mkdir -p build/fuzz/replay/obj
	$(CC) $(WARN) $(OMP) $(SAN) $(CJSON_CFLAGS) -Isolver -c -o $@ $<

build/fuzz/replay/fuzz_%: $(FUZZ_DIR)/fuzz_%.c $(FUZZ_DIR)/driver.c $(FUZZ_HDR) $(FUZZ_OBJ)
	$(CC) $(WARN) $(OMP) $(SAN) $(CJSON_CFLAGS) -Isolver -I$(FUZZ_DIR) -o $@ $< $(FUZZ_DIR)/driver.c $(FUZZ_OBJ) $(LIBS)

fuzz-replay: $(patsubst %,build/fuzz/replay/fuzz_%,$(FUZZ_ALL))

# `make test` replays the regression inputs (tests/run -> tests/fuzz/replay.sh).
test: fuzz-replay
