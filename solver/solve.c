/*
 * solve.c - stage 4: the lexicographic solve on GLPK.
 *
 * Levels are solved in turn: minimise unplaced weeks; fix it (<= opt +
 * 1e-6 + 1e-9|opt|) and minimise the share deficit; fix that and minimise
 * cost; fix that and minimise the student-km of relocated placements (the
 * fourth level, unless the scenario turns it off).  Each level starts from
 * the previous level's plan, handed to GLPK as its first incumbent (for
 * level 1 everyone unplaced, or with agreed placements and minimums the
 * plan phase_one.c finds), so a solve stopped by a limit always has a
 * plan, and the incumbent prunes from the first node.  GLPK's MIP
 * presolver is off because a heuristic solution
 * must be given in the columns the search sees.
 *
 * This file is the driver (solve_level is one level, the loop over levels
 * is praksis_problem_solve).  The LP of a level, its warm start and the
 * pricing of the placements left out live in solve_lp.c; the
 * branch-and-bound callback (branching, the node heuristic, the proof by
 * the objective's step) in solve_bnb.c.
 */
#define _POSIX_C_SOURCE 200809L
#include "solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double pk_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int pk_tm_lim_ms(double seconds) { return (int)fmax(1, fmin(seconds * 1000.0, 2e9)); }

/* ------------------------------------------------------------ plans */

/* Check the scratch plan and compute its figures: 1 when it is valid and
 * within the fixed earlier levels. */
int pk_candidate_ok(solver *S)
{
    praksis_diag ignore;
    if (pk_plan_check(S->P, S->hx, &ignore) != PRAKSIS_OK) return 0;
    pk_plan_compute(&S->hplan, S->P, S->hx);
    for (int k = 1; k < PRAKSIS_LEVELS; k++)
        if (pk_plan_level(&S->hplan.fig, k) > S->bnd[k - 1]) return 0;
    return 1;
}

/* Keep the checked scratch plan in R when it is better at this level. */
praksis_error pk_adopt_if_better(solver *S, int level, praksis_diag *diag)
{
    praksis_result *R = S->R;
    if (pk_plan_level(&S->hplan.fig, level) >= pk_plan_level(&R->plan.fig, level) - 1e-9) return PRAKSIS_OK;
    memcpy(R->x, S->hx, (size_t)S->P->n_pairs * sizeof *R->x);
    return pk_result_update(R, diag);
}

praksis_error pk_adopt_first(solver *S, praksis_diag *diag)
{
    memcpy(S->R->x, S->hx, (size_t)S->P->n_pairs * sizeof *S->R->x);
    praksis_error rc = pk_result_update(S->R, diag);
    if (rc == PRAKSIS_OK) S->no_plan = 0;
    return rc;
}

/* ------------------------------------------------------------ set-up */
static void solver_free(solver *S)
{
    if (S->lp) glp_delete_prob(S->lp);
    free(S->active);
    free(S->allowed);
    free(S->colmap);
    free(S->rowmap);
    free(S->rc_full);
    free(S->plan_cols);
    free(S->seed);
    free(S->B.row);
    free(S->B.col);
    free(S->lpx);
    free(S->hx);
    pk_plan_free(&S->hplan);
    pk_cuts_free(S);
}

static praksis_error solver_init(solver *S, problem *P, praksis_progress_fn progress, void *user, double t0)
{
    memset(S, 0, sizeof *S);
    S->P = P;
    S->t0 = t0;
    S->progress = progress;
    S->user = user;
    for (int k = 0; k < PRAKSIS_LEVELS - 1; k++) S->bnd[k] = HUGE_VAL;
    if (!(S->M = pk_problem_model(P))) return PRAKSIS_ERR_NOMEM;
    const model *M = S->M;
    size_t nc = (size_t)M->n_cols + 1, nr = (size_t)M->n_rows + 1, np = (size_t)P->n_pairs + 1;
    S->lpx = malloc(np * sizeof *S->lpx);
    S->hx = calloc(np, sizeof *S->hx);
    S->active = malloc(nc);
    S->allowed = malloc(np);
    S->colmap = calloc(nc, sizeof *S->colmap);
    S->rowmap = calloc(nr, sizeof *S->rowmap);
    S->rc_full = malloc(nc * sizeof *S->rc_full);
    S->plan_cols = malloc((nc + 1) * sizeof *S->plan_cols);
    S->seed = calloc(nc, sizeof *S->seed);
    S->B.row = calloc(nr, sizeof(int));
    S->B.col = calloc(nc, sizeof(int));
    if (!S->lpx || !S->hx || !S->active || !S->allowed || !S->colmap || !S->rowmap || !S->rc_full ||
        !S->plan_cols || !S->seed || !S->B.row || !S->B.col || pk_plan_init(&S->hplan, P) || pk_cuts_init(S))
        return PRAKSIS_ERR_NOMEM;
    memset(S->active, 1, (size_t)M->n_cols);
    /* Above set.pricing_min_pairs (10,000 by default) the LP starts from a
     * subset of the placements and prices in the rest: at national size a
     * level's LP over every pair takes longer than the whole time limit. */
    S->pricing = P->n_pairs > P->set.pricing_min_pairs;
    return PRAKSIS_OK;
}

/* ------------------------------------------------------------ one level */

/* Before any LP: the greedy plan at level 1, and a level whose objective
 * is already 0 (unplaced weeks, deficit and student-km are never negative)
 * is proven without one.  Returns 1 when the level is done. */
static int level_start(solver *S, int level, praksis_error *rc, praksis_diag *diag)
{
    praksis_result *R = S->R;
    if (level > 1) S->bnd[level - 2] = pk_level_bound(pk_plan_level(&R->plan.fig, level - 1));
    /* With ample places the greedy plan places everyone, and at national
     * size the LP is what costs the time. */
    if (level == 1 && pk_heuristic_plan(S->P, NULL, NULL, S->hx) == 0 && pk_candidate_ok(S) &&
        (*rc = pk_adopt_if_better(S, 1, diag)) != PRAKSIS_OK)
        return 1;
    if (level != 3 && pk_plan_level(&R->plan.fig, level) <= 0) {
        S->proven = level;
        return 1;
    }
    if (S->pricing) pk_activate_for_level(S);
    return 0;
}

/* What the branch-and-bound of a level ended with. */
static praksis_error level_outcome(solver *S, int level, const bnb_run *b, int *done, praksis_diag *diag)
{
    const problem *P = S->P;
    double inc = pk_plan_level(&S->R->plan.fig, level);
    double tol = 1e-6 + 1e-9 * fabs(inc);
    /* Without the left-out placements the search proved inc; a plan
     * using one of them, j, costs at least lp_bound + rc_j. */
    double global = fmin(b->bound, isfinite(b->min_rc) ? b->lp_bound + b->min_rc : HUGE_VAL);
    /* GLPK gives -DBL_MAX for a node whose LP it has not solved: no bound */
    if (fabs(global) > 1e100) global = HUGE_VAL;
    int restricted_optimal = (b->ret == 0 && b->status == GLP_OPT) ||
                             (b->ret == GLP_ESTOP && b->proven && b->status == GLP_FEAS) || b->ret == GLP_EMIPGAP;
    if (restricted_optimal && S->pricing && isfinite(b->min_rc) && b->lp_bound + b->min_rc < inc - tol) {
        /* some left-out placements could still beat inc: add them, go again */
        long added = 0;
        for (long i = 0; i < P->n_pairs; i++) {
            int j = S->M->x0 + (int)i;
            if (!S->active[j] && b->lp_bound + S->rc_full[j] < inc - tol) {
                S->active[j] = 1;
                added++;
            }
        }
        if (added) return PRAKSIS_OK;
    }
    *done = 1;
    if (restricted_optimal) {
        if (S->proven == level - 1) S->proven = level; /* a level after an unproven one is not proven */
        if (level == 3)
            S->gap = b->mip_gap > 0 && isfinite(global) ? fabs(inc - global) / (1e-10 + fabs(inc)) : 0;
        return PRAKSIS_OK;
    }
    if (b->ret == GLP_ETMLIM || b->ret == GLP_ESTOP) {
        S->stop = S->cb.interrupted ? PRAKSIS_STOP_INTERRUPTED : PRAKSIS_STOP_TIME_LIMIT;
        /* the gap is the cost level's: stopped after it, it stays as proven */
        if (level <= 3) S->gap = isfinite(global) ? fabs(inc - global) / (1e-10 + fabs(inc)) : HUGE_VAL;
        return PRAKSIS_OK;
    }
    pk_diag_set(diag, P->inst->dir, 0, 0, "GLPK's branch-and-bound failed at level %d (code %d, status %d)", level,
                b->ret, b->status);
    return PRAKSIS_ERR_SOLVER;
}

/* One level: its LP (re-solved while pricing adds placements), a plan
 * rounded from it, then branch-and-bound from that plan.  The fourth level
 * starts from the plan's relocated students shared out anew. */
static praksis_error solve_level(solver *S, int level, praksis_diag *diag)
{
    praksis_error rc = PRAKSIS_OK;
    if (level_start(S, level, &rc, diag)) return rc;
    if (level == 4) {
        if ((rc = pk_moves_permute(S, diag)) != PRAKSIS_OK || S->proven < 3) return rc; /* no proof after an unproven cost */
        if (S->gap > 0) {
            /* The cost level stopped within mip_gap: held at a cost above the
             * least, the fourth level's LP can trade that margin for km and
             * its bound stays far below every plan (region-vest at 0.2 %: a
             * 20 % gap after a minute).  The reassignment of the relocated
             * places is the fourth level then, and it is exact for itself. */
            S->proven = level;
            return rc;
        }
    }
    int done = 0;
    while (!done && rc == PRAKSIS_OK) {
        lp_run lr;
        if ((rc = pk_level_lp(S, level, &lr, diag)) != PRAKSIS_OK || lr.stopped) break;
        if (lr.priced_in) continue; /* re-solve the LP with them */
        /* A plan from this level's LP, if it is valid and beats the last one. */
        if ((rc = pk_plan_from_lp(S, level, diag)) != PRAKSIS_OK) break;
        bnb_run b;
        if ((rc = pk_level_bnb(S, level, &lr, &b, diag)) != PRAKSIS_OK) break;
        rc = level_outcome(S, level, &b, &done, diag);
    }
    return rc;
}

/* ------------------------------------------------------------ the driver */

/* The share of the time limit kept for the fourth level when the cost
 * level does not finish before: the cost level's search then stops at 95 %
 * of the limit, and the shortest moves are sought at the cost it reached.
 * Without it the fourth level would never run where it matters most, on
 * instances whose cost level the limit stops (measured on the national
 * instance, instances/README.md). */
#define MOVES_RESERVE 0.05

static praksis_error solve_levels(solver *S, praksis_diag *diag)
{
    double t_first = pk_now();
    praksis_error rc = pk_first_plan(S, diag);
    S->level_seconds[0] += pk_now() - t_first;
    const praksis_settings *set = &S->P->set;
    int cut = 0; /* the cost level was stopped to leave its time to the fourth */
    for (int level = 1; level <= PRAKSIS_LEVELS && rc == PRAKSIS_OK; level++) {
        if (level == 4 && !set->shortest_moves) {
            if (S->proven == 3) S->proven = level; /* nothing to minimise: the scenario turned the level off */
            break;
        }
        S->level_limit = set->time_limit * (level == 3 && set->shortest_moves ? 1 - MOVES_RESERVE : 1);
        double t_level = pk_now();
        rc = solve_level(S, level, diag);
        S->level_seconds[level - 1] += pk_now() - t_level;
        if (S->stop == PRAKSIS_STOP_TIME_LIMIT && level == 3 && set->shortest_moves && !S->cb.interrupted &&
            pk_now() - S->t0 < set->time_limit) {
            cut = 1;
            S->stop = PRAKSIS_STOP_NONE;
            continue;
        }
        if (S->stop != PRAKSIS_STOP_NONE) break;
    }
    if (cut && S->stop == PRAKSIS_STOP_NONE) S->stop = PRAKSIS_STOP_TIME_LIMIT;
    return rc;
}

/* Run the levels with GLPK's hooks set.  GLPK reports a failure, and the
 * LP progress hook a stop inside the simplex, by a longjmp back here; the
 * solver's state lives in *S, not in locals, so it survives the jump. */
static praksis_error run_guarded(solver *S, praksis_diag *diag)
{
    volatile praksis_error rc = PRAKSIS_OK;
    pk_solve_hooks_set(S);
    switch (setjmp(S->cb.fail)) {
    case 0:
        rc = solve_levels(S, diag);
        break;
    case 2: /* stopped during an LP: keep the plan */
        S->lp = NULL; /* the hook released every GLPK object of this thread */
        S->stop = PRAKSIS_STOP_INTERRUPTED;
        break;
    default:
        S->lp = NULL;
        pk_diag_set(diag, S->P->inst->dir, 0, 0, "GLPK failed while solving");
        rc = PRAKSIS_ERR_SOLVER;
        break;
    }
    pk_solve_hooks_clear();
    if (S->cb.interrupted && S->stop == PRAKSIS_STOP_TIME_LIMIT) S->stop = PRAKSIS_STOP_INTERRUPTED;
    return rc;
}

static void fill_info(const solver *S, praksis_solve_info *info)
{
    memset(info, 0, sizeof *info);
    info->status = S->stop != PRAKSIS_STOP_NONE ? PRAKSIS_STATUS_FEASIBLE : PRAKSIS_STATUS_OPTIMAL;
    info->stop = S->stop;
    info->gap = S->proven == PRAKSIS_LEVELS ? S->gap : (isfinite(S->gap) ? S->gap : -1);
    info->nodes = S->nodes;
    info->levels_proven = S->proven;
    for (int k = 0; k < PRAKSIS_LEVELS; k++) {
        info->level_seconds[k] = S->level_seconds[k];
        info->level_nodes[k] = S->level_nodes[k];
    }
}

/* The plan the solve starts from: x0 when it is valid for P (a plan of a
 * nearby problem, say), else everyone unplaced.  A problem with a floor on
 * a site has no valid plan without students there, and the solver must
 * hold a valid plan from the start (it is GLPK's first incumbent). */
static praksis_error seed_plan(praksis_result *R, const long *x0, praksis_diag *diag)
{
    const problem *P = R->P;
    if (x0) {
        memcpy(R->x, x0, (size_t)P->n_pairs * sizeof *R->x);
        praksis_diag ignore;
        if (pk_result_update(R, &ignore) == PRAKSIS_OK) return PRAKSIS_OK;
        memset(R->x, 0, (size_t)P->n_pairs * sizeof *R->x);
        pk_plan_compute(&R->plan, P, R->x);
    }
    if (P->force_min > 0) {
        pk_diag_set(diag, P->inst->dir, 0, 0, "a solve with a floor on site %s needs a valid plan to start from",
                    P->inst->sites[P->force_site].id);
        return PRAKSIS_ERR_USAGE;
    }
    return PRAKSIS_OK;
}

praksis_error pk_problem_solve_from(problem *P, const long *x0, praksis_progress_fn progress, void *user,
                                    praksis_result **out, praksis_diag *diag)
{
    if (!out) return PRAKSIS_ERR_USAGE;
    *out = NULL;
    if (!P) return PRAKSIS_ERR_USAGE;
    double t0 = pk_now();
    solver *S = malloc(sizeof *S);
    praksis_result *R = pk_result_new(P, 0);
    praksis_error rc = S && R ? solver_init(S, P, progress, user, t0) : PRAKSIS_ERR_NOMEM;
    if (rc == PRAKSIS_ERR_NOMEM) pk_diag_set(diag, P->inst->dir, 0, 0, "out of memory while building the model");
    if (rc == PRAKSIS_OK) rc = seed_plan(R, x0, diag);
    if (rc == PRAKSIS_OK) {
        S->R = R; /* everyone unplaced: the seed, unless agreements rule it out */
        S->no_plan = P->n_fix > 0 || P->n_mins > 0;
        rc = run_guarded(S, diag);
    }
    if (rc == PRAKSIS_OK && S->no_plan) { /* interrupted inside the phase-one LP */
        pk_diag_set(diag, P->inst->dir, 0, 0, "interrupted before any plan met the agreed placements and minimum intakes");
        rc = PRAKSIS_ERR_NOPLAN;
    }
    if (rc == PRAKSIS_OK) {
        fill_info(S, &R->info);
        rc = pk_result_update(R, diag);
        R->info.seconds = pk_now() - t0;
    }
    if (S) solver_free(S);
    free(S);
    if (rc != PRAKSIS_OK) {
        praksis_result_free(R);
        return rc;
    }
    *out = R;
    return PRAKSIS_OK;
}

praksis_error praksis_problem_solve(praksis_problem *P, praksis_progress_fn progress, void *user,
                                    praksis_result **out, praksis_diag *diag)
{
    return pk_problem_solve_from(P, NULL, progress, user, out, diag);
}

praksis_error praksis_solve(const praksis_instance *inst, const praksis_settings *s, praksis_progress_fn progress,
                            void *user, praksis_result **out, praksis_diag *diag)
{
    if (!out) return PRAKSIS_ERR_USAGE;
    *out = NULL;
    praksis_problem *P = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &P, diag);
    if (rc) return rc;
    if ((rc = praksis_problem_solve(P, progress, user, out, diag)) != PRAKSIS_OK) {
        praksis_problem_free(P);
        return rc;
    }
    (*out)->owns_problem = 1;
    return PRAKSIS_OK;
}

void praksis_thread_cleanup(void) { glp_free_env(); }
