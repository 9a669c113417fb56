/*
 * explain.h - internal: what the explanations of a plan share (resolve.c,
 * sensitivity.c, explain.c, explain_write.c).
 *
 * An explanation asks "what if": one more (or one fewer) place in a
 * capacity row, or at least one student at a site the plan leaves empty.
 * Each such question is a problem of its own, prepared from the base
 * problem's instance and scenario through the same pk_problem_build as any
 * other (a variant), so that whatever the model becomes, the question is
 * answered by the model the plan was solved with.  A variant that changes a
 * capacity row reads a copy of the instance whose one row differs, exactly
 * as an edited copy of capacity.csv would; a variant that asks for a site's
 * use puts a floor on the site's students (problem.h force_site).
 */
#ifndef PRAKSIS_EXPLAIN_INTERNAL_H
#define PRAKSIS_EXPLAIN_INTERNAL_H

#include "praksis_explain.h"
#include "result.h"

/* ------------------------------------------------------------ resolve.c */

/* A question put to the engine: a capacity row's places changed by delta
 * (cap_row >= 0), or a floor of force_min students at force_site
 * (force_site >= 0), or both.  start is a plan of the base problem to
 * begin from (mapped onto the variant's pairs and cut back to what the
 * variant allows); keep asks for the variant's plan back. */
typedef struct pk_task {
    int cap_row;
    long delta;
    int force_site;
    long force_min;
    const long *start;
    int keep;
    int skip;                /* not a question after all: left alone */
    /* the answer */
    int ran;                 /* solved (even if stopped by a limit) */
    praksis_error error;     /* why it did not run */
    int exact;               /* every level proven optimal, the cost level with gap 0 */
    double level[3];         /* unplaced weeks, share deficit, cost */
    praksis_figures fig;
    double seconds;
    long *x;                 /* keep: the plan, students per pair of the base problem's pairs */
} pk_task;

/* Solve every task, n_threads at a time (OpenMP; <= 0: its default), each
 * within `seconds` and max_nodes nodes a level (0: no limit), and the base
 * scenario otherwise.  Each task builds,
 * solves and frees its own problem and GLPK objects in one thread and ends
 * with praksis_thread_cleanup(); the calling thread takes part and must
 * hold no GLPK object.  stop (thread-safe) ends the running solves with
 * their best plans (not exact) and skips the rest. */
void pk_resolve_batch(const problem *base, pk_task *tasks, int n, double seconds, long max_nodes, int n_threads,
                      int (*stop)(void *), void *user);

/* The students of plan x of problem `from` on the pairs of `to` (same
 * instance cohorts and sites, other capacity), cut back to to's bounds,
 * capacity rows and relocated minimum: a valid plan of `to` whenever x was
 * valid for `from` and `to` differs only in capacity.  out has to's
 * n_pairs entries. */
void pk_plan_carry(const problem *from, const long *x, const problem *to, long *out);

/* ------------------------------------------------------------ sensitivity.c */

/* Per capacity row: the first-order change of each level for one more
 * place, from the LP of the plan with its integer decisions (groups,
 * relocation switches, supervisors) fixed: d[r][0..2].  0, or an error. */
praksis_error pk_sensitivity_lp(const praksis_result *R, double (*d)[3], praksis_diag *diag);

/* ------------------------------------------------------------ explain.c */

struct praksis_explain {
    const praksis_result *R;
    praksis_explain_options opt;
    int n_rows;                     /* capacity rows (instance order) */
    praksis_place_value *rows;
    int *rank, n_ranked;            /* rows one more place would improve, most worth first */
    int n_sites;
    praksis_unused_site *sites;
    int n_unplaced;
    praksis_unplaced_option *unplaced;
    double seconds;                 /* wall time of the whole explanation */
    int resolves, resolves_exact;   /* re-solves run, and those proven exact */
};

/* sensitivity.c: fill e->rows and e->rank (estimates, then the exact
 * re-solves of the rows that matter most). */
praksis_error pk_explain_rows(praksis_explain *e, praksis_diag *diag);

/* unused.c: fill e->sites (estimates, then the exact re-solves of the
 * sites whose use is cheapest). */
praksis_error pk_explain_sites(praksis_explain *e, praksis_diag *diag);

/* unplaced.c: fill e->unplaced. */
praksis_error pk_explain_unplaced(praksis_explain *e, praksis_diag *diag);

/* The levels of a result as an array. */
void pk_levels_of(const praksis_figures *f, double lv[3]);

#endif
