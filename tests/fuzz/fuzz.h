/*
 * fuzz.h - what every harness in tests/fuzz/ checks beyond "no crash": the
 * loader's error contract.  A failed call must leave its out-pointer NULL
 * and fill the diag with a file name and a message; an input error's
 * message says what was expected and what was found; positions are
 * 1-based (0 = not applicable) and a column needs a line.  A broken
 * contract aborts, so libFuzzer (and tests/fuzz/driver.c) report it like a
 * crash.
 */
#ifndef PRAKSIS_FUZZ_H
#define PRAKSIS_FUZZ_H

#include "praksis.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond, ...)                                                   \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "fuzz: %s:%d: broken contract (%s): ", __FILE__,     \
                    __LINE__, #cond);                                            \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
            abort();                                                             \
        }                                                                        \
    } while (0)

/* A copy of data with a NUL at the end (the JSON readers take C text). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *t = malloc(size + 1);
    if (!t) abort();
    if (size) memcpy(t, data, size);
    t[size] = 0;
    return t;
}

/* The diag of a failed call (rc != PRAKSIS_OK). */
static inline void fuzz_check_diag(praksis_error rc, const praksis_diag *d)
{
    FUZZ_ASSERT(rc > PRAKSIS_OK && rc < PRAKSIS_ERR_COUNT, "rc %d", (int)rc);
    FUZZ_ASSERT(memchr(d->file, 0, sizeof d->file) && memchr(d->message, 0, sizeof d->message),
                "diag strings not terminated");
    FUZZ_ASSERT(d->message[0], "empty message (rc %d)", (int)rc);
    for (const unsigned char *p = (const unsigned char *)d->message; *p; p++)
        FUZZ_ASSERT(*p >= 0x20 && *p != 0x7f, "control character 0x%02X in the message: %s", *p, d->message);
    FUZZ_ASSERT(d->line >= 0 && d->column >= 0 && (d->column == 0 || d->line > 0),
                "position %ld:%ld", d->line, d->column);
    if (rc == PRAKSIS_ERR_INPUT) {
        const char *e = strstr(d->message, "expected ");
        FUZZ_ASSERT(d->file[0], "input error without a file: %s", d->message);
        /* the one exception: tests/unit/test_csv.c pins this text exactly */
        int pinned = strcmp(d->message, "empty file: expected a header row") == 0;
        FUZZ_ASSERT(pinned || (e && strstr(e, "found ")),
                    "message without \"expected ..., found ...\": %s:%ld:%ld: %s", d->file, d->line, d->column,
                    d->message);
    }
}

#endif
