/*
 * result.h - internal: a plan and its figures, shared by solve.c (which
 * makes it), check.c (which re-checks it from the data) and report.c
 * (which writes it).
 */
#ifndef PRAKSIS_RESULT_H
#define PRAKSIS_RESULT_H

#include "problem.h"

/* Per (institution, programme): what the plan achieved. */
typedef struct ipg_fig {
    double municipal_weeks, placed_weeks, deficit;
} ipg_fig;

struct praksis_result {
    problem *P;
    long *x;              /* students per candidate pair */
    long *u;              /* unplaced students per included cohort */
    praksis_summary sum;  /* figures recomputed from x and u */
    ipg_fig *ipg;         /* per ipgroup */
};

/* Recompute every figure of r->sum and r->ipg from the plan (x, u) and
 * the data alone, and check the plan against every constraint in exact
 * integer arithmetic.  Returns PRAKSIS_ERR_INTERNAL with diag naming the
 * first violation. */
praksis_error pk_plan_check(praksis_result *r, praksis_diag *diag);

#endif
