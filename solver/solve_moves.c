/*
 * solve_moves.c - the fourth level's quick part: the best way to share the
 * plan's relocated places among its relocated students.
 *
 * Keep every supervision unit's relocated students (site, programme,
 * period) and every class's relocated students per kind of site, and let
 * only who goes where change: no capacity row, supervisor count, group,
 * relocated minimum, municipal share or cost moves, only the student-km.
 * That is a transportation problem, whose LP has whole optima, and it
 * removes crossing relocations (two cohorts sent past each other to far
 * sites at the same cost).  At national size it takes a fraction of a
 * second where the full fourth level's LP does not finish in the time kept
 * for it; the full level then starts from its plan.
 */
#define _POSIX_C_SOURCE 200809L
#include "solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int kind_of(const problem *P, const pair *q)
{
    return P->inst->sites[q->site].kind == SITE_MUNICIPALITY ? PK_MUNI : PK_HOSP;
}

/* The rows of the transportation problem: a supply row per (class, kind of
 * site) and a demand row per unit, for those with relocated students. */
typedef struct moves {
    long *supply, *demand;   /* relocated students per (class * 2 + kind), per unit */
    int *srow, *drow;        /* their GLPK rows, 0 when none */
    int *col;                /* GLPK column of each pair, 0 when none */
} moves;

static void moves_free(moves *V)
{
    free(V->supply);
    free(V->demand);
    free(V->srow);
    free(V->drow);
    free(V->col);
}

static int moves_init(moves *V, const problem *P, const long *x)
{
    size_t nc = 2 * (size_t)P->n_cls + 1, nu = (size_t)P->n_units + 1, np = (size_t)P->n_pairs + 1;
    V->supply = calloc(nc, sizeof *V->supply);
    V->demand = calloc(nu, sizeof *V->demand);
    V->srow = calloc(nc, sizeof *V->srow);
    V->drow = calloc(nu, sizeof *V->drow);
    V->col = calloc(np, sizeof *V->col);
    if (!V->supply || !V->demand || !V->srow || !V->drow || !V->col) return -1;
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        if (!x[i] || !q->relocated) continue;
        V->supply[2 * q->cls + kind_of(P, q)] += x[i];
        V->demand[q->unit] += x[i];
    }
    return 0;
}

/* The LP: a column per relocated pair whose class and unit both have
 * relocated students in the plan.  Returns the number of columns. */
static int moves_lp(glp_prob *lp, moves *V, const problem *P)
{
    int nr = 0, n = 0;
    for (int c = 0; c < 2 * P->n_cls; c++)
        if (V->supply[c]) V->srow[c] = ++nr;
    for (int u = 0; u < P->n_units; u++)
        if (V->demand[u]) V->drow[u] = ++nr;
    if (!nr) return 0;
    glp_add_rows(lp, nr);
    for (int c = 0; c < 2 * P->n_cls; c++)
        if (V->srow[c]) glp_set_row_bnds(lp, V->srow[c], GLP_FX, (double)V->supply[c], (double)V->supply[c]);
    for (int u = 0; u < P->n_units; u++)
        if (V->drow[u]) glp_set_row_bnds(lp, V->drow[u], GLP_FX, (double)V->demand[u], (double)V->demand[u]);
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        if (q->relocated && V->srow[2 * q->cls + kind_of(P, q)] && V->drow[q->unit]) V->col[i] = ++n;
    }
    if (n) glp_add_cols(lp, n);
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        int j = V->col[i];
        if (!j) continue;
        int s = V->srow[2 * q->cls + kind_of(P, q)], d = V->drow[q->unit];
        int ind[3] = {0, s, d};
        double val[3] = {0, 1, 1};
        glp_set_mat_col(lp, j, 2, ind, val);
        double lo = P->lb ? (double)P->lb[i] : 0; /* an agreed placement stays */
        glp_set_col_bnds(lp, j, lo < q->ub ? GLP_DB : GLP_FX, lo, (double)q->ub);
        glp_set_obj_coef(lp, j, q->move_km);
    }
    return n;
}

/* The plan with its relocated students shared out by the LP, in S->hx;
 * 0 when the LP's optimum is not whole (it always is, being a
 * transportation problem; checked all the same). */
static int moves_plan(solver *S, const moves *V, glp_prob *lp)
{
    const problem *P = S->P;
    memcpy(S->hx, S->R->x, (size_t)P->n_pairs * sizeof *S->hx);
    for (long i = 0; i < P->n_pairs; i++) {
        if (!V->col[i]) continue;
        double v = glp_get_col_prim(lp, V->col[i]);
        if (fabs(v - floor(v + 0.5)) > 1e-6) return 0;
        S->hx[i] = (long)floor(v + 0.5);
    }
    return 1;
}

praksis_error pk_moves_permute(solver *S, praksis_diag *diag)
{
    const problem *P = S->P;
    moves V = {0};
    praksis_error rc = PRAKSIS_OK;
    glp_prob *lp = NULL;
    double remaining = S->level_limit - (pk_now() - S->t0);
    if (remaining <= 0) return PRAKSIS_OK;
    if (moves_init(&V, P, S->R->x)) {
        moves_free(&V);
        return PRAKSIS_ERR_NOMEM;
    }
    lp = glp_create_prob();
    if (moves_lp(lp, &V, P) > 0) {
        glp_smcp sm;
        glp_init_smcp(&sm);
        sm.msg_lev = GLP_MSG_OFF;
        sm.presolve = GLP_ON;
        sm.tm_lim = (int)fmin(remaining * 1000.0, 2e9);
        if (glp_simplex(lp, &sm) == 0 && glp_get_status(lp) == GLP_OPT && moves_plan(S, &V, lp) && pk_candidate_ok(S))
            rc = pk_adopt_if_better(S, 4, diag);
    }
    glp_delete_prob(lp);
    moves_free(&V);
    return rc;
}
