/*
 * sensitivity.c - what one more (or one fewer) place in each capacity row
 * would change at each level, first estimated and then, for the rows that
 * matter most, solved again exactly.
 *
 * The estimate is the LP of the plan with its integer decisions fixed
 * (coordinator groups y, relocation switches z, supervisors v): with those
 * fixed the model is a plain LP in the placements, and a row's dual is what
 * one more place is worth at that level.  The levels are lexicographic, so
 * level k's LP holds the earlier levels at their optima, and a place that
 * lowers level 1 also moves level 2 through the dual of that level's row:
 *   d1 = s1,  d2 = s2 + mu21 d1,  d3 = s3 + mu31 d1 + mu32 d2,
 * where s_k is the row's own dual (and the reduced cost of every placement
 * whose bound the row sets) and mu_kj the dual of level j's row in level
 * k's LP.  It is exact for the LP, not for the plan: a place can make a
 * coordinator group worth opening or let a relocated group reach its
 * minimum, and those are the integer decisions the LP holds fixed (README,
 * "What one more place is worth").  So the binding rows that the estimate
 * ranks highest are solved again with the row changed (resolve.c), and
 * those values are exact.
 */
#define _POSIX_C_SOURCE 200809L
#include "explain.h"
#include "model.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ the LP */

typedef struct lp_guard {
    jmp_buf fail;
} lp_guard;

static int swallow(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1; /* the library never prints */
}

static void on_error(void *info)
{
    lp_guard *g = info;
    glp_free_env(); /* GLPK's state is unusable after an error */
    longjmp(g->fail, 1);
}

/* The capacity row that alone sets pair i's bound (its places are below
 * every other limit of the pair), or -1: one more place there raises the
 * bound by one. */
static int bound_row(const problem *P, long i)
{
    const pair *q = &P->pairs[i];
    long ratio = P->inst->programmes[P->inst->cohorts[P->coh[q->coh]].programme].ratio;
    long lim[5] = {P->students[q->coh], -1, -1, -1, -1};
    int rows[2] = {q->prow, q->srow}, best = -1;
    for (int a = 0; a < 2; a++)
        if (rows[a] >= 0) {
            lim[1 + 2 * a] = P->places[rows[a]];
            if (P->sups[rows[a]] >= 0) lim[2 + 2 * a] = P->sups[rows[a]] * ratio;
        }
    for (int a = 0; a < 2; a++) {
        if (rows[a] < 0 || lim[1 + 2 * a] != q->ub) continue;
        int alone = 1;
        for (int b = 0; b < 5; b++)
            if (b != 1 + 2 * a && lim[b] >= 0 && lim[b] <= q->ub) alone = 0;
        if (alone) best = rows[a];
    }
    return best;
}

static int is_decision(const model *M, int j)
{
    return M->ckind[j] == CK_Y || M->ckind[j] == CK_Z || M->ckind[j] == CK_V;
}

/* The LP of the plan with y, z and v fixed at the plan's values.  The
 * per-pair links x <= ub y and x <= ub z (and z <= y) then say no more
 * than a bound on x: they become its bound and leave the LP, which at
 * national size holds most of the model's rows.  glp_row[i] gets model
 * row i's row in the LP, or 0.  NULL when out of memory. */
static glp_prob *fixed_lp(const model *M, const double *col, int *glp_row)
{
    glp_prob *lp = pk_model_to_glpk(M, 1, 0);
    int *gone = malloc(((size_t)M->n_rows + 1) * sizeof *gone);
    if (!lp || !gone) {
        if (lp) glp_delete_prob(lp);
        free(gone);
        return NULL;
    }
    for (int j = 0; j < M->n_cols; j++) {
        if (M->cint[j]) glp_set_col_kind(lp, j + 1, GLP_CV);
        if (is_decision(M, j)) glp_set_col_bnds(lp, j + 1, GLP_FX, col[j + 1], col[j + 1]);
    }
    unsigned char *link = calloc((size_t)M->n_rows + 1, 1);
    int *xcol = malloc(((size_t)M->n_rows + 1) * sizeof *xcol);
    double *cap = calloc((size_t)M->n_rows + 1, sizeof *cap);
    if (!link || !xcol || !cap) {
        glp_delete_prob(lp);
        free(gone);
        free(link);
        free(xcol);
        free(cap);
        return NULL;
    }
    for (int i = 0; i < M->n_rows; i++) {
        link[i] = M->rtag[i] == 'l' || M->rtag[i] == 'g' || M->rtag[i] == 'h';
        xcol[i] = -1;
    }
    /* a link x - c w <= 0 with w fixed reads x <= c w */
    for (long k = 0; k < M->n_nz; k++) {
        int i = M->ti[k], j = M->tj[k];
        if (!link[i]) continue;
        if (M->ckind[j] == CK_X)
            xcol[i] = j;
        else
            cap[i] += -M->tv[k] * col[j + 1];
    }
    for (int i = 0; i < M->n_rows; i++) {
        int j = xcol[i];
        if (!link[i] || j < 0 || cap[i] >= glp_get_col_ub(lp, j + 1)) continue;
        glp_set_col_bnds(lp, j + 1, cap[i] <= 0 ? GLP_FX : GLP_DB, 0, cap[i] <= 0 ? 0 : cap[i]);
    }
    free(xcol);
    free(cap);
    int n = 0;
    for (int i = 0; i < M->n_rows; i++) {
        if (link[i]) gone[++n] = i + 1;
        glp_row[i] = link[i] ? 0 : i + 1 - n;
    }
    if (n) glp_del_rows(lp, n, gone);

    free(gone);
    free(link);
    glp_scale_prob(lp, GLP_SF_AUTO);
    return lp;
}

/* Per capacity row, level `level`'s own first-order value s (the row's
 * dual where it is open, and the reduced cost of each placement at the
 * bound the row alone sets). */
static void own_values(const model *M, glp_prob *lp, const int *cap_row, const double *yval, const int *brow,
                       double (*s)[3], int level)
{
    const problem *P = M->P;
    for (int r = 0; r < P->inst->n_cap; r++)
        s[r][level - 1] = cap_row[r] ? yval[r] * glp_get_row_dual(lp, cap_row[r]) : 0;
    for (long i = 0; i < P->n_pairs; i++)
        if (brow[i] >= 0 && glp_get_col_stat(lp, M->x0 + (int)i + 1) == GLP_NU)
            s[brow[i]][level - 1] += glp_get_col_dual(lp, M->x0 + (int)i + 1);
}

typedef struct lp_state {
    const model *M;
    double *col, *yval;
    int *cap_row, *brow;
    double (*s)[3];
    double level[3];   /* the plan's levels */
    int *glp_row;      /* each model row's row in the LP, or 0 */
    glp_prob *lp;
} lp_state;

/* Each capacity row's model row, and the group decision it is multiplied by. */
static void map_rows(lp_state *L)
{
    const model *M = L->M;
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    for (int i = 0; i < M->n_rows; i++)
        if (M->rtag[i] == 'p') L->cap_row[M->rref[i]] = L->glp_row[i];
    for (int r = 0; r < I->n_cap; r++) {
        int g = I->sites[I->cap[r].site].group;
        int y = g >= 0 ? M->y_col[g] : -1;
        L->yval[r] = y >= 0 ? L->col[y + 1] : 1;
    }
    for (long i = 0; i < P->n_pairs; i++) L->brow[i] = bound_row(P, i);
}

/* What a dual can say and the plan cannot: no level falls below 0, so a
 * place can lower a level by at most its value in the plan; and a place
 * more never makes the first level it changes worse (the plan stays
 * valid).  A degenerate LP (a deficit of 0 held at 0, say) has duals that
 * claim more; those are cut back here. */
static double clamp(double v, double level, int first)
{
    if (v < -level) v = -level;
    if (first && v > 0) v = 0;
    return fabs(v) < 1e-9 ? 0 : v;
}

/* The three levels' LPs in turn; d gets the chained values.  0, 1 when
 * GLPK failed (d is then all 0), -1 out of memory. */
static int solve_levels(lp_state *L, double (*d)[3])
{
    const model *M = L->M;
    const problem *P = M->P;
    double opt[3], mu[3][3] = {{0}};
    int lvrow[2] = {0, 0};
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.meth = GLP_PRIMAL;
    for (int level = 1; level <= 3; level++) {
        if (level > 1) {
            pk_model_add_level_bound(M, L->lp, level - 1, pk_level_bound(opt[level - 2]), NULL);
            lvrow[level - 2] = glp_get_num_rows(L->lp);
            glp_set_row_stat(L->lp, lvrow[level - 2], GLP_BS);
        }
        /* A level the plan has at 0 (nobody unplaced, no deficit) is at
         * its least: one place more cannot lower it, and its LP (a third
         * of the time at national size) is not needed to say so. */
        if (level < 3 && L->level[level - 1] <= 1e-6) {
            opt[level - 1] = 0;
            for (int r = 0; r < P->inst->n_cap; r++) L->s[r][level - 1] = 0;
            continue;
        }
        for (int j = 0; j < M->n_cols; j++) glp_set_obj_coef(L->lp, j + 1, M->obj[level - 1][j]);
        if (glp_simplex(L->lp, &sm) != 0 || glp_get_status(L->lp) != GLP_OPT) return 1;
        opt[level - 1] = glp_get_obj_val(L->lp);
        own_values(M, L->lp, L->cap_row, L->yval, L->brow, L->s, level);
        for (int j = 1; j < level; j++) mu[level - 1][j - 1] = glp_get_row_dual(L->lp, lvrow[j - 1]);
    }
    for (int r = 0; r < P->inst->n_cap; r++) {
        d[r][0] = clamp(L->s[r][0], L->level[0], 1);
        d[r][1] = clamp(L->s[r][1] + mu[1][0] * d[r][0], L->level[1], d[r][0] == 0);
        d[r][2] = clamp(L->s[r][2] + mu[2][0] * d[r][0] + mu[2][1] * d[r][1], L->level[2], d[r][0] == 0 && d[r][1] == 0);
    }
    return 0;
}

praksis_error pk_sensitivity_lp(const praksis_result *R, double (*d)[3], praksis_diag *diag)
{
    problem *P = R->P;
    const praksis_instance *I = P->inst;
    memset(d, 0, (size_t)I->n_cap * sizeof *d);
    const model *M = pk_problem_model(P);
    lp_state L = {.M = M};
    if (M) {
        L.col = malloc(((size_t)M->n_cols + 2) * sizeof *L.col);
        L.yval = malloc(((size_t)I->n_cap + 1) * sizeof *L.yval);
        L.cap_row = calloc((size_t)I->n_cap + 1, sizeof *L.cap_row);
        L.brow = malloc(((size_t)P->n_pairs + 1) * sizeof *L.brow);
        L.s = calloc((size_t)I->n_cap + 1, sizeof *L.s);
        L.glp_row = calloc((size_t)M->n_rows + 1, sizeof *L.glp_row);
    }
    praksis_error rc = PRAKSIS_ERR_NOMEM;
    if (M && L.col && L.yval && L.cap_row && L.brow && L.s && L.glp_row) {
        pk_model_plan_columns(M, R->x, &R->plan, L.col);
        pk_levels_of(&R->plan.fig, L.level);
        static _Thread_local lp_guard guard; /* survives the longjmp; one per thread */
        glp_term_hook(swallow, NULL);
        glp_error_hook(on_error, &guard);
        if (setjmp(guard.fail) == 0) {
            L.lp = fixed_lp(M, L.col, L.glp_row);
            if (L.lp) map_rows(&L);
            int st = L.lp ? solve_levels(&L, d) : -1;
            rc = st < 0 ? PRAKSIS_ERR_NOMEM : st > 0 ? PRAKSIS_ERR_SOLVER : PRAKSIS_OK;
            if (st > 0) memset(d, 0, (size_t)I->n_cap * sizeof *d);
            if (L.lp) glp_delete_prob(L.lp);
        } else {
            rc = PRAKSIS_ERR_SOLVER; /* the hook freed every GLPK object of this thread */
        }
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
    }
    if (rc) pk_diag_set(diag, I->dir, 0, 0, "%s while estimating the worth of a place",
                        rc == PRAKSIS_ERR_NOMEM ? "out of memory" : "GLPK's simplex failed");
    free(L.col);
    free(L.yval);
    free(L.cap_row);
    free(L.brow);
    free(L.s);
    free(L.glp_row);
    return rc;
}

/* ------------------------------------------------------------ the rows */

/* Whether a change of at least eps, lexicographically, makes the plan better (<0), worse (>0), or neither. */
static int compare_change(const praksis_change *a, const praksis_change *b)
{
    const double eps[3] = {1e-6, 1e-6, 0.005};
    double va[3] = {a->unplaced_weeks, a->deficit_weeks, a->cost}, vb[3] = {b->unplaced_weeks, b->deficit_weeks, b->cost};
    for (int k = 0; k < 3; k++)
        if (fabs(va[k] - vb[k]) > eps[k]) return va[k] < vb[k] ? -1 : 1;
    return 0;
}

static const praksis_change no_change = {0, 0, 0, PRAKSIS_METHOD_NONE};

/* Rows in order of the worth of one more place, most first; only those
 * that would improve the plan.  Returns how many. */
static int rank_rows(const praksis_explain *e, int *rank)
{
    int n = 0;
    for (int r = 0; r < e->n_rows; r++) {
        if (compare_change(&e->rows[r].plus, &no_change) >= 0) continue;
        int at = n++;
        while (at > 0 && compare_change(&e->rows[r].plus, &e->rows[rank[at - 1]].plus) < 0) {
            rank[at] = rank[at - 1];
            at--;
        }
        rank[at] = r;
    }
    return n;
}

static praksis_change change_of(const double lv[3], const double base[3], praksis_method m)
{
    double d[3];
    for (int k = 0; k < 3; k++) /* sums of weeks differ in their last bits: no "-0.0" */
        d[k] = fabs(lv[k] - base[k]) < (k < 2 ? 1e-9 : 1e-6) ? 0 : lv[k] - base[k];
    praksis_change c = {d[0], d[1], d[2], m};
    return c;
}

/* The estimate of every row, and the rows no change of which can matter:
 * rows no included cohort has (no pair can ever use them), and one fewer
 * place in a row with room left (the plan stays valid, and an optimum
 * stays optimal when the choice narrows). */
static void fill_estimates(praksis_explain *e, double (*d)[3], int proven, unsigned char *usable)
{
    const problem *P = e->R->P;
    const praksis_instance *I = P->inst;
    praksis_method sure = proven ? PRAKSIS_METHOD_EXACT : PRAKSIS_METHOD_ESTIMATE;
    for (int k = 0; k < P->n_coh; k++) {
        const cohort *h = &I->cohorts[P->coh[k]];
        for (int r = 0; r < I->n_cap; r++)
            if (I->cap[r].period == h->period && (I->cap[r].programme < 0 || I->cap[r].programme == h->programme))
                usable[r] = 1;
    }
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        praksis_place_value *v = &e->rows[r];
        v->site = I->sites[c->site].id;
        v->site_name = I->sites[c->site].name;
        v->programme = c->programme >= 0 ? I->programmes[c->programme].id : "*";
        v->period = I->periods[c->period];
        v->line = c->line;
        v->places = P->places[r];
        v->used = e->R->plan.row_used[r];
        double z[3] = {0, 0, 0}, neg[3] = {-d[r][0], -d[r][1], -d[r][2]};
        /* the LP moves the placements as well, and may fill a row the plan
         * leaves room in: at the plan itself such a row is not binding */
        v->plus = !usable[r] ? change_of(z, z, sure)
                  : v->used < v->places ? change_of(z, z, PRAKSIS_METHOD_ESTIMATE)
                                        : change_of(d[r], z, PRAKSIS_METHOD_ESTIMATE);
        if (c->places == 0)
            v->minus = no_change;
        else if (!usable[r] || v->used < v->places)
            v->minus = change_of(z, z, sure);
        else {
            double lv[3]; /* one place fewer cannot take a level below 0 either */
            pk_levels_of(&e->R->plan.fig, lv);
            for (int k = 0; k < 3; k++)
                if (neg[k] < -lv[k]) neg[k] = -lv[k];
            v->minus = change_of(neg, z, PRAKSIS_METHOD_ESTIMATE);
        }
    }
}

/* The binding rows the estimate ranks highest (then the other binding
 * rows in file order), at most n: their indices into want. */
static int pick_rows(const praksis_explain *e, const unsigned char *usable, int n, int *want)
{
    int k = 0, *rank = malloc(((size_t)e->n_rows + 1) * sizeof *rank);
    if (!rank) return 0;
    int nr = rank_rows(e, rank);
    for (int i = 0; i < nr && k < n; i++)
        if (e->rows[rank[i]].used >= e->rows[rank[i]].places) want[k++] = rank[i];
    for (int r = 0; r < e->n_rows && k < n; r++) {
        const praksis_place_value *v = &e->rows[r];
        int taken = 0;
        for (int i = 0; i < k && !taken; i++) taken = want[i] == r;
        if (!taken && usable[r] && v->used >= v->places && v->used > 0) want[k++] = r;
    }
    free(rank);
    return k;
}

/* Solve the picked rows again with one place more and one fewer. */
static void exact_rows(praksis_explain *e, const int *want, int n)
{
    const problem *P = e->R->P;
    pk_task *t = calloc((size_t)(2 * n) + 1, sizeof *t);
    if (!t) return;
    int nt = 0;
    for (int i = 0; i < n; i++)
        for (int dir = 1; dir >= -1; dir -= 2) {
            if (dir < 0 && e->rows[want[i]].places == 0) continue;
            t[nt++] = (pk_task){.cap_row = want[i], .delta = dir, .force_site = -1, .start = e->R->x};
        }
    double seconds = e->opt.time_limit > 0 ? e->opt.time_limit : P->set.time_limit;
    pk_resolve_batch(P, t, nt, seconds, e->opt.max_nodes, e->opt.threads, e->opt.stop, e->opt.user);
    double base[3];
    pk_levels_of(&e->R->plan.fig, base);
    for (int i = 0; i < nt; i++) {
        if (!t[i].ran) continue;
        e->resolves++;
        if (!t[i].exact) continue;
        e->resolves_exact++;
        praksis_place_value *v = &e->rows[t[i].cap_row];
        praksis_change c = change_of(t[i].level, base, PRAKSIS_METHOD_EXACT);
        if (t[i].delta > 0)
            v->plus = c;
        else
            v->minus = c;
    }
    free(t);
}

praksis_error pk_explain_rows(praksis_explain *e, praksis_diag *diag)
{
    const problem *P = e->R->P;
    const praksis_instance *I = P->inst;
    e->n_rows = I->n_cap;
    e->rows = calloc((size_t)I->n_cap + 1, sizeof *e->rows);
    e->rank = malloc(((size_t)I->n_cap + 1) * sizeof *e->rank);
    double (*d)[3] = calloc((size_t)I->n_cap + 1, sizeof *d);
    unsigned char *usable = calloc((size_t)I->n_cap + 1, 1);
    int *want = malloc(((size_t)I->n_cap + 1) * sizeof *want);
    praksis_error rc = PRAKSIS_ERR_NOMEM;
    if (e->rows && e->rank && d && usable && want) {
        /* a plan that is not proven gives no exact differences: its levels are not the optimum */
        int proven = e->R->info.status == PRAKSIS_STATUS_OPTIMAL && P->set.mip_gap == 0;
        rc = pk_sensitivity_lp(e->R, d, diag);
        if (rc == PRAKSIS_OK) {
            fill_estimates(e, d, proven, usable);
            if (proven) exact_rows(e, want, pick_rows(e, usable, e->opt.exact_rows, want));
            e->n_ranked = rank_rows(e, e->rank);
        }
    }
    free(d);
    free(usable);
    free(want);
    return rc;
}

int praksis_explain_ranked_row(const praksis_explain *e, int i)
{
    return e && i >= 0 && i < e->n_ranked ? e->rank[i] : -1;
}
