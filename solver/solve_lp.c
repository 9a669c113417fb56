/*
 * solve_lp.c - the LP relaxation of a level: which placements it holds
 * (all, or at national size a subset that pricing grows), its warm start
 * from the last LP's basis, the simplex under the time limit, and the plan
 * rounded from it.
 */
#define _POSIX_C_SOURCE 200809L
#include "solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The placements a large LP starts from: every column that is not a
 * placement, the placements of the current plan, every placement within
 * commuting distance or at a hospital (for a class of listed students:
 * within commuting distance of its home only), and for each class its nearest
 * relocated municipalities until they could take it twice over.  Pricing
 * adds whatever else the LP wants, so this choice affects speed only. */
static void activate_initial(const model *M, const long *x, unsigned char *active)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    memset(active, 1, (size_t)M->n_cols);
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        const klass *K = &P->cls[q->cls];
        /* A class of listed students is small, and near its campus its
         * pairs are the campus class's over again: it starts with the
         * places near its home only, and pricing adds what else it wants. */
        int campus_class = K->home < 0 && K->relocate;
        int near = !q->relocated && (campus_class || q->km > P->set.commute_km);
        active[M->x0 + i] = x[i] > 0 || near || (campus_class && I->sites[q->site].kind == SITE_HOSPITAL);
    }
    for (int c = 0; c < P->n_cls; c++) {
        long need = 2 * P->cls[c].size, got = 0;
        int taken = 0;
        for (;;) { /* nearest relocated municipal pair not yet taken */
            long best = -1;
            for (long i = P->cls_first[c]; i < P->cls_first[c + 1]; i++)
                if (!active[M->x0 + i] && (best < 0 || P->pairs[i].move_km < P->pairs[best].move_km)) best = i;
            if (best < 0 || (got >= need && taken >= 3)) break;
            active[M->x0 + best] = 1;
            got += P->pairs[best].ub;
            taken++;
        }
    }
}

void pk_activate_for_level(solver *S)
{
    if (!S->B.have) {
        activate_initial(S->M, S->R->x, S->active);
        return;
    }
    /* keep what the last level priced in, so its basis still fits */
    for (long i = 0; i < S->P->n_pairs; i++)
        if (S->R->x[i] > 0) S->active[S->M->x0 + i] = 1;
}

static void basis_save(solver *S, int level)
{
    const model *M = S->M;
    basis *B = &S->B;
    for (int i = 0; i < M->n_rows; i++) B->row[i] = S->rowmap[i] ? glp_get_row_stat(S->lp, S->rowmap[i]) : 0;
    for (int j = 0; j < M->n_cols; j++) B->col[j] = S->colmap[j] ? glp_get_col_stat(S->lp, S->colmap[j]) : 0;
    int nr = glp_get_num_rows(S->lp);
    for (int k = 1; k < level; k++) B->lev[k - 1] = glp_get_row_stat(S->lp, nr - (level - 1) + k);
    B->have = 1;
}

/* Start the new LP where the last one ended.  Rows and columns the last LP
 * did not have come in as a slack in the basis and a column at the bound
 * of its value in the plan (placements priced in at 0, groups at 1 once
 * they have a cost): the basis stays square and non-singular, and primal
 * feasible when the plan is, so a re-solve after pricing or the next level
 * continues from the last optimum instead of from scratch.  Returns 0 if
 * the statuses do not make a basis (GLPK then starts from its own). */
static int basis_load(const solver *S, int level)
{
    const basis *B = &S->B;
    const model *M = S->M;
    glp_prob *lp = S->lp;
    if (!B->have) return 0;
    int nr = glp_get_num_rows(lp), basic = 0;
    for (int i = 0; i < M->n_rows; i++) {
        if (!S->rowmap[i]) continue;
        int st = B->row[i] ? B->row[i] : GLP_BS;
        if (st != GLP_BS && glp_get_row_type(lp, S->rowmap[i]) == GLP_FX) st = GLP_NS;
        glp_set_row_stat(lp, S->rowmap[i], st);
        basic += st == GLP_BS;
    }
    for (int k = 1; k < level; k++) {
        int st = B->lev[k - 1] ? B->lev[k - 1] : GLP_BS;
        glp_set_row_stat(lp, nr - (level - 1) + k, st);
        basic += st == GLP_BS;
    }
    for (int j = 0; j < M->n_cols; j++) {
        int g = S->colmap[j];
        if (!g) continue;
        int st = B->col[j];
        if (!st) st = S->plan_cols[j + 1] > 0.5 && glp_get_col_ub(lp, g) <= S->plan_cols[j + 1] + 1e-9 ? GLP_NU : GLP_NL;
        if (st != GLP_BS && glp_get_col_type(lp, g) == GLP_FX) st = GLP_NS;
        glp_set_col_stat(lp, g, st);
        basic += st == GLP_BS;
    }
    return basic == nr;
}

/* A new GLPK problem with the active columns, the fixed earlier levels,
 * scaled, and the last basis where it fits.  Returns -1 when out of
 * memory, else whether the basis was loaded. */
static int load_level(solver *S, int level)
{
    const model *M = S->M;
    const problem *P = S->P;
    if (S->lp) glp_delete_prob(S->lp);
    S->lp = pk_model_to_glpk_subset(M, level, S->active, S->colmap, S->rowmap);
    if (!S->lp) return -1;
    for (int k = 1; k < level; k++) pk_model_add_level_bound(M, S->lp, k, S->bnd[k - 1], S->colmap);
    for (long i = 0; i < P->n_pairs; i++) S->allowed[i] = S->active[M->x0 + i];
    /* GLPK's simplex does not scale by itself; the share rows (weeks) and
     * the cost objective (kr) are orders of magnitude apart, and unscaled
     * the national LPs take several times longer. */
    glp_scale_prob(S->lp, GLP_SF_AUTO);
    pk_model_plan_columns(M, S->R->x, &S->R->plan, S->plan_cols);
    return basis_load(S, level);
}

/* The simplex on S->lp within `remaining` seconds; GLPK's return code. */
static int run_simplex(solver *S, int level, int warm, double remaining)
{
    glp_smcp sm;
    glp_init_smcp(&sm);
    /* primal: a warm basis is primal feasible (the plan meets every row);
     * from scratch, primal also measured faster on these LPs */
    sm.meth = GLP_PRIMAL;
    sm.tm_lim = (int)fmin(remaining * 1000.0, 2e9);
    sm.msg_lev = GLP_MSG_ON; /* for the progress hook (solve_bnb.c) */
    sm.out_frq = PK_LP_REPORT_MS;
    sm.out_dly = 0;
    S->cb.level = level;
    S->cb.in_lp = 1;
    S->cb.lp_last = pk_now();
    int ret = glp_simplex(S->lp, &sm);
    if (warm && (ret == GLP_EFAIL || ret == GLP_ESING || ret == GLP_ECOND)) {
        glp_std_basis(S->lp); /* the carried basis was singular: start over */
        ret = glp_simplex(S->lp, &sm);
    }
    S->cb.in_lp = 0;
    return ret;
}

/* Price the placements left out: with every reduced cost >= 0 the LP bound
 * is the full model's.  Returns how many were added; *min_rc is the least
 * reduced cost of those still out. */
static long price(solver *S, int level, double *min_rc)
{
    const model *M = S->M;
    *min_rc = HUGE_VAL;
    pk_model_reduced_costs(M, level, S->lp, S->rowmap, S->rc_full);
    long added = 0;
    for (long i = 0; i < S->P->n_pairs; i++) {
        int j = M->x0 + (int)i;
        if (S->active[j]) continue;
        if (S->rc_full[j] < -1e-7) {
            S->active[j] = 1;
            added++;
        } else if (S->rc_full[j] < *min_rc) {
            *min_rc = S->rc_full[j];
        }
    }
    return added;
}

praksis_error pk_level_lp(solver *S, int level, lp_run *out, praksis_diag *diag)
{
    memset(out, 0, sizeof *out);
    double remaining = S->level_limit - (pk_now() - S->t0);
    if (remaining <= 0) {
        S->stop = PRAKSIS_STOP_TIME_LIMIT;
        if (level <= 3) S->gap = HUGE_VAL; /* no bound for this level yet */
        out->stopped = 1;
        return PRAKSIS_OK;
    }
    int warm = load_level(S, level);
    if (warm < 0) return PRAKSIS_ERR_NOMEM;
    int ret = run_simplex(S, level, warm, remaining);
    if (ret == GLP_ETMLIM) {
        /* Out of time inside the LP.  Primal simplex from the last level's
         * basis ends on a feasible point that has already moved toward this
         * level's optimum; rounded, it beats the last level's plan, which
         * knew nothing of cost (measured on the national instance, stopped
         * in the level-3 LP). */
        praksis_error rc = glp_get_prim_stat(S->lp) == GLP_FEAS ? pk_plan_from_lp(S, level, diag) : PRAKSIS_OK;
        S->stop = PRAKSIS_STOP_TIME_LIMIT;
        if (level <= 3) S->gap = HUGE_VAL;
        out->stopped = 1;
        return rc;
    }
    if (ret != 0 || glp_get_status(S->lp) != GLP_OPT) {
        /* the current plan satisfies every row, so the LP cannot be infeasible */
        pk_diag_set(diag, S->P->inst->dir, 0, 0, "GLPK's simplex failed at level %d (code %d, status %d)", level, ret,
                    glp_get_status(S->lp));
        return PRAKSIS_ERR_SOLVER;
    }
    basis_save(S, level);
    out->min_rc = HUGE_VAL;
    if (S->pricing && price(S, level, &out->min_rc) > 0) {
        out->priced_in = 1;
        return PRAKSIS_OK;
    }
    out->lp_bound = glp_get_obj_val(S->lp);
    return PRAKSIS_OK;
}

int pk_round_lp(solver *S, glp_prob *lp)
{
    const model *M = S->M;
    const problem *P = S->P;
    for (long i = 0; i < P->n_pairs; i++) {
        int g = S->colmap[M->x0 + i];
        S->lpx[i] = g ? glp_get_col_prim(lp, g) : 0;
    }
    return pk_heuristic_plan(P, S->lpx, S->allowed, S->hx) == 0 && pk_candidate_ok(S);
}

/* Round the LP solution in S->lp (optimal, or feasible where a time limit
 * stopped the simplex) into a plan, and keep it when it is valid and
 * better at this level. */
praksis_error pk_plan_from_lp(solver *S, int level, praksis_diag *diag)
{
    return pk_round_lp(S, S->lp) ? pk_adopt_if_better(S, level, diag) : PRAKSIS_OK;
}
