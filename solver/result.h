/*
 * result.h - internal: a plan (students per candidate pair), its figures
 * (plan.c) and how the solve that made it went.
 */
#ifndef PRAKSIS_RESULT_H
#define PRAKSIS_RESULT_H

#include "plan.h"

struct praksis_result {
    problem *P;
    int owns_problem;        /* made by praksis_solve or praksis_result_read */
    long *x;                 /* students per candidate pair */
    pk_plan plan;            /* the figures of x */
    praksis_solve_info info;
};

/* A result for P with every student unplaced (x all 0, figures computed).
 * NULL when out of memory. */
praksis_result *pk_result_new(problem *P, int owns_problem);

/* Check x against every constraint in exact integer arithmetic,
 * independently of plan.c.  PRAKSIS_ERR_INTERNAL with diag naming the
 * first violation. */
praksis_error pk_plan_check(const problem *P, const long *x, praksis_diag *diag);

/* The same without the agreed placements and minimum intakes: the
 * constraints every plan of the data meets, whatever was agreed. */
praksis_error pk_plan_check_hard(const problem *P, const long *x, praksis_diag *diag);

/* The plan's own files in dir (plan_write.c): assignments.csv,
 * unplaced.csv, site_use.csv, summary.json; changes.csv with a previous plan. */
praksis_error pk_plan_write_files(const praksis_result *R, const char *dir, praksis_diag *diag);

/* praksis_problem_solve starting from the plan x0 (students per pair of P)
 * when it is valid for P; NULL or an invalid x0: from everyone unplaced.
 * A problem with a floor on a site (problem.h) needs a valid x0.  A good
 * x0 (the plan of a problem one place away) lets a level whose optimum it
 * already reaches end without a search (solve.c). */
praksis_error pk_problem_solve_from(problem *P, const long *x0, praksis_progress_fn progress, void *user,
                                    praksis_result **out, praksis_diag *diag);

/* Re-check the result's plan and recompute its figures (after x changed). */
praksis_error pk_result_update(praksis_result *R, praksis_diag *diag);

#endif
