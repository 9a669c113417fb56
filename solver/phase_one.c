/*
 * phase_one.c - the first plan when agreed placements or minimum intakes
 * rule out "everyone unplaced", the seed every other solve starts from.
 *
 * The greedy heuristic (agreed placements first, minimums raised from the
 * pairs that count for them) finds one at once on most instances.  When
 * it does not, a phase-one MIP decides: the whole model, with a slack on
 * every fixed row and every minimum, minimising the total slack.  A plan
 * with no slack is the seed; a proven positive optimum means no plan
 * exists, and the rows still short are the conflict (conflicts.c says
 * which).  Each slack is a whole number of students in any plan, so the
 * search stops once its bound is within one student of its best plan.
 */
#define _POSIX_C_SOURCE 200809L
#include "solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct phase1 {
    solver *S;
    int n_model;       /* model columns; the slack columns follow them */
    double *vals;      /* a plan's column values, 1-based */
    double *lpx;       /* the node LP's placements */
    int seeded, found, proven;
    double bound;      /* the least total slack any plan can have, as far as proven */
} phase1;

/* Students short of each fixed row and each minimum in the plan x (with
 * its figures pl), into e (may be NULL); their total. */
static long shortfall(const problem *P, const long *x, const pk_plan *pl, double *e)
{
    long total = 0;
    int c = 0;
    for (int a = 0; a < P->n_fix; a++) {
        long s = P->fix[a].students - x[P->fix[a].pair];
        s = s > 0 ? s : 0;
        if (e) e[c++] = (double)s;
        total += s;
    }
    for (int m = 0; m < P->n_mins; m++) {
        long s = P->mins[m].students - pl->row_used[P->mins[m].row];
        s = s > 0 ? s : 0;
        if (e) e[c++] = (double)s;
        total += s;
    }
    return total;
}

/* Hand GLPK the plan x (meeting every other constraint) with its slacks. */
static void offer(phase1 *O, glp_tree *T, const long *x)
{
    solver *S = O->S;
    pk_plan_compute(&S->hplan, S->P, x);
    pk_model_plan_columns(S->M, x, &S->hplan, O->vals);
    shortfall(S->P, x, &S->hplan, O->vals + O->n_model + 1);
    glp_ios_heur_sol(T, O->vals);
}

/* A node's LP rounded into a plan: the answer when it meets every
 * agreement, else a plan with slack for GLPK to prune with. */
static void node_plan(phase1 *O, glp_tree *T)
{
    solver *S = O->S;
    const problem *P = S->P;
    glp_prob *lp = glp_ios_get_prob(T);
    praksis_diag ignore;
    for (long i = 0; i < P->n_pairs; i++) O->lpx[i] = glp_get_col_prim(lp, S->M->x0 + (int)i + 1);
    if (pk_heuristic_plan(P, O->lpx, NULL, S->hx) || pk_plan_check_hard(P, S->hx, &ignore)) return;
    if (pk_plan_check(P, S->hx, &ignore) == PRAKSIS_OK) {
        O->found = 1;
        glp_ios_terminate(T);
        return;
    }
    offer(O, T, S->hx);
}

static void callback(glp_tree *T, void *info)
{
    phase1 *O = info;
    solver *S = O->S;
    int reason = glp_ios_reason(T);
    if (reason == GLP_IHEUR && !O->seeded) {
        O->seeded = 1; /* nobody placed: every agreement short, every other row met */
        memset(S->hx, 0, (size_t)S->P->n_pairs * sizeof *S->hx);
        offer(O, T, S->hx);
    } else if (reason == GLP_IHEUR) {
        node_plan(O, T);
    } else if (reason == GLP_ISELECT || reason == GLP_IBINGO) {
        glp_prob *mip = glp_ios_get_prob(T);
        int best = glp_ios_best_node(T);
        double inc = glp_mip_status(mip) == GLP_FEAS ? glp_mip_obj_val(mip) : HUGE_VAL;
        if (best && glp_ios_node_bound(T, best) > O->bound) O->bound = glp_ios_node_bound(T, best);
        if (inc < 0.5 || (best && O->bound > inc - 1 + 1e-6)) {
            O->proven = 1;
            glp_ios_terminate(T);
        }
        praksis_progress p = {0, inc, best ? glp_ios_node_bound(T, best) : -HUGE_VAL, HUGE_VAL, pk_now() - S->t0, 0};
        if (S->progress && S->progress(S->user, &p)) {
            S->cb.interrupted = 1;
            glp_ios_terminate(T);
        }
    }
}

/* The model with the agreements as soft rows: fixed placements lose their
 * lower bounds and get a row x + e >= students, minimums a slack column;
 * the objective is the slacks' sum. */
static glp_prob *soft_model(const solver *S)
{
    const model *M = S->M;
    const problem *P = S->P;
    glp_prob *lp = pk_model_to_glpk(M, 1, 0);
    if (!lp) return NULL;
    for (int j = 0; j <= M->n_cols; j++) glp_set_obj_coef(lp, j, 0);
    int e = glp_add_cols(lp, P->n_fix + P->n_mins);
    for (int a = 0; a < P->n_fix; a++, e++) {
        int x = M->x0 + (int)P->fix[a].pair + 1, r = glp_add_rows(lp, 1), ind[3] = {0, x, e};
        double ub = (double)P->pairs[P->fix[a].pair].ub, val[3] = {0, 1, 1};
        glp_set_col_bnds(lp, x, ub > 0 ? GLP_DB : GLP_FX, 0, ub);
        glp_set_row_bnds(lp, r, GLP_LO, (double)P->fix[a].students, 0);
        glp_set_mat_row(lp, r, 2, ind, val);
        glp_set_col_bnds(lp, e, GLP_DB, 0, (double)P->fix[a].students);
        glp_set_obj_coef(lp, e, 1);
    }
    for (int i = 0, m = 0; i < M->n_rows; i++) {
        if (M->rtag[i] != 'n') continue;
        int ind[2] = {0, i + 1};
        double val[2] = {0, 1};
        glp_set_mat_col(lp, e, 1, ind, val);
        glp_set_col_bnds(lp, e, GLP_DB, 0, (double)P->mins[m++].students);
        glp_set_obj_coef(lp, e++, 1);
    }
    return lp;
}

/* The LP and then branch-and-bound of the phase-one model within the time
 * left.  Returns GLPK's MIP status (0: stopped before a solution). */
static int search(phase1 *O)
{
    solver *S = O->S;
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_ON; /* for the progress hook (solve_bnb.c) */
    sm.out_frq = PK_LP_REPORT_MS;
    double left = S->P->set.time_limit - (pk_now() - S->t0);
    if (left <= 0) return 0;
    sm.tm_lim = (int)fmin(left * 1000.0, 2e9);
    glp_scale_prob(S->lp, GLP_SF_AUTO);
    S->cb.level = 0;
    S->cb.in_lp = 1;
    S->cb.lp_last = pk_now();
    int ret = glp_simplex(S->lp, &sm);
    S->cb.in_lp = 0;
    if (ret != 0 || glp_get_status(S->lp) != GLP_OPT) return 0;
    O->bound = glp_get_obj_val(S->lp);
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    io.cb_func = callback;
    io.cb_info = O;
    left = S->P->set.time_limit - (pk_now() - S->t0);
    io.tm_lim = pk_tm_lim_ms(left);
    glp_intopt(S->lp, &io);
    int status = glp_mip_status(S->lp);
    if (status == GLP_OPT && glp_mip_obj_val(S->lp) > O->bound) O->bound = glp_mip_obj_val(S->lp);
    return status;
}

/* What the search ended with: a plan meeting every agreement (in S->hx,
 * returns OK), a conflict (INPUT), or nothing yet (NOPLAN). */
static praksis_error outcome(phase1 *O, int status, praksis_diag *diag)
{
    solver *S = O->S;
    const problem *P = S->P;
    praksis_diag ignore;
    if (O->found) return PRAKSIS_OK;
    const char *why = S->cb.interrupted ? "interrupted" : "the time limit ran out";
    if (status != GLP_OPT && status != GLP_FEAS && O->bound > 1e-6) {
        pk_diag_set(diag, P->inst->dir, 0, 0, "no plan meets every agreed placement and minimum intake (the phase-one "
                    "LP proves at least %.0f students short), but %s before the rows in conflict were found",
                    ceil(O->bound - 1e-6), why);
        return PRAKSIS_ERR_INPUT;
    }
    if (status != GLP_OPT && status != GLP_FEAS) {
        pk_diag_set(diag, P->inst->dir, 0, 0, "%s before any plan met the agreed placements and minimum intakes", why);
        return PRAKSIS_ERR_NOPLAN;
    }
    for (long i = 0; i < P->n_pairs; i++) S->hx[i] = (long)floor(glp_mip_col_val(S->lp, S->M->x0 + (int)i + 1) + 0.5);
    pk_plan_compute(&S->hplan, P, S->hx);
    long short_of = shortfall(P, S->hx, &S->hplan, NULL);
    if (short_of == 0 && pk_plan_check(P, S->hx, &ignore) == PRAKSIS_OK) return PRAKSIS_OK;
    int proven = status == GLP_OPT || O->proven;
    if (!proven && O->bound <= 1e-6) {
        pk_diag_set(diag, P->inst->dir, 0, 0, "%s before any plan met the agreed placements and minimum intakes", why);
        return PRAKSIS_ERR_NOPLAN;
    }
    return pk_conflicts_phase_one(P, S->hx, &S->hplan, proven, diag);
}

praksis_error pk_first_plan(solver *S, praksis_diag *diag)
{
    const problem *P = S->P;
    if (!P->n_fix && !P->n_mins) return PRAKSIS_OK;
    if (pk_heuristic_plan(P, NULL, NULL, S->hx) == 0 && pk_candidate_ok(S)) return pk_adopt_first(S, diag);
    phase1 O = {.S = S, .n_model = S->M->n_cols};
    O.vals = calloc((size_t)(S->M->n_cols + P->n_fix + P->n_mins) + 2, sizeof *O.vals);
    O.lpx = malloc(((size_t)P->n_pairs + 1) * sizeof *O.lpx);
    praksis_error rc = PRAKSIS_ERR_NOMEM;
    if (O.vals && O.lpx && (S->lp = soft_model(S))) {
        int status = search(&O);
        rc = outcome(&O, status, diag);
        if (rc == PRAKSIS_OK) rc = pk_adopt_first(S, diag);
    }
    if (rc == PRAKSIS_ERR_NOMEM) pk_diag_set(diag, P->inst->dir, 0, 0, "out of memory in the phase-one solve");
    if (S->lp) glp_delete_prob(S->lp);
    S->lp = NULL;
    free(O.vals);
    free(O.lpx);
    return rc;
}
