/*
 * check.h - the unit tests' whole framework: CHECK prints one TAP-like line
 * per assertion ("ok - ..." / "not ok - ..."), which tests/run counts into
 * the closing "N passed, M failed" line.  A test binary exits 1 if any
 * check failed.
 */
#ifndef PRAKSIS_CHECK_H
#define PRAKSIS_CHECK_H
#include <stdio.h>
#include <math.h>

static int check_failed_;

#define CHECK(cond, ...)                                                          \
    do {                                                                          \
        if (cond) {                                                               \
            printf("ok - ");                                                      \
        } else {                                                                  \
            printf("not ok - %s:%d: (%s) ", __FILE__, __LINE__, #cond);           \
            check_failed_ = 1;                                                    \
        }                                                                         \
        printf(__VA_ARGS__);                                                      \
        printf("\n");                                                             \
    } while (0)

#define CHECK_NEAR(a, b, tol, ...) CHECK(fabs((double)(a) - (double)(b)) <= (tol), __VA_ARGS__)

#define CHECK_DONE() return check_failed_ ? 1 : 0
#endif
