/*
 * model.c - stage 3: the MIP.  See models/README.md for the formulation
 * and why each tightening is there; models/placement.mod states the same
 * model in MathProg.  In short:
 *   x[pair] integer in [0, ub]        students of a class at a site
 *   u[class] >= 0                     unplaced students
 *   d[inst,prog] >= 0                 municipal-share deficit in weeks
 *   v[unit] integer                   supervisors, only where a '*' row
 *                                     limits them across programmes
 *   y[group] binary                   coordinator group in use (fixed cost > 0)
 *   z[site,period] binary             site takes relocated students
 *   w[site,prog(,period)] >= 0        students short of the previous plan,
 *                                     when changes cost (change_cost > 0)
 * Fixed placements are lower bounds of x; minimum intakes are rows.
 * Linking is disaggregated (x <= ub*y, x <= ub*z per pair) and capacity
 * rows of municipalities with a fixed-cost group carry y on their right
 * side (sum x <= places*y): both are exact for integer plans and make the
 * LP relaxation close to the integer hull.
 */
#define _POSIX_C_SOURCE 200809L
#include "model.h"
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double pk_level_bound(double opt) { return opt + 1e-6 + 1e-9 * fabs(opt); }

int pk_model_site_y(const model *M, int site)
{
    const struct site *st = &M->P->inst->sites[site];
    return st->kind == SITE_MUNICIPALITY && st->group >= 0 ? M->y_col[st->group] : -1;
}

static int add_col(model *M, int kind, int ref, int integer, double lb, double ub)
{
    int j = M->n_cols++;
    M->ckind[j] = (unsigned char)kind;
    M->cref[j] = ref;
    M->cint[j] = (unsigned char)integer;
    M->clb[j] = lb;
    M->cub[j] = ub;
    M->n_int += integer;
    return j;
}

static int grow_rows(model *M, int *cap)
{
    if (M->n_rows < *cap) return 0;
    int nc = *cap ? *cap * 2 : 1024;
    int *rt = realloc(M->rtype, (size_t)nc * sizeof *rt);
    if (rt) M->rtype = rt;
    double *rb = realloc(M->rbnd, (size_t)nc * sizeof *rb);
    if (rb) M->rbnd = rb;
    char *tg = realloc(M->rtag, (size_t)nc);
    if (tg) M->rtag = tg;
    int *rr = realloc(M->rref, (size_t)nc * sizeof *rr);
    if (rr) M->rref = rr;
    if (!rt || !rb || !tg || !rr) return -1;
    *cap = nc;
    return 0;
}

static int add_row(model *M, int *cap, int type, double bnd, char tag, int ref)
{
    if (M->count_only) return M->n_rows++;
    if (grow_rows(M, cap)) return -1;
    int i = M->n_rows++;
    M->rtype[i] = type;
    M->rbnd[i] = bnd;
    M->rtag[i] = tag;
    M->rref[i] = ref;
    return i;
}

static int nz(model *M, int i, int j, double v)
{
    if (M->count_only) {
        M->n_nz++;
        return 0;
    }
    if (M->n_nz == M->cap_nz) {
        long nc = M->cap_nz ? M->cap_nz * 2 : 4096;
        int *a = realloc(M->ti, (size_t)nc * sizeof *a);
        if (a) M->ti = a;
        int *b = realloc(M->tj, (size_t)nc * sizeof *b);
        if (b) M->tj = b;
        double *c = realloc(M->tv, (size_t)nc * sizeof *c);
        if (c) M->tv = c;
        if (!a || !b || !c) return -1;
        M->cap_nz = nc;
    }
    M->ti[M->n_nz] = i;
    M->tj[M->n_nz] = j;
    M->tv[M->n_nz] = v;
    M->n_nz++;
    return 0;
}

void pk_model_free(model *M)
{
    if (!M) return;
    free(M->ckind);
    free(M->cref);
    free(M->cint);
    free(M->clb);
    free(M->cub);
    for (int k = 0; k < PRAKSIS_LEVELS; k++) free(M->obj[k]);
    free(M->rtype);
    free(M->rbnd);
    free(M->rtag);
    free(M->rref);
    free(M->ti);
    free(M->tj);
    free(M->tv);
    free(M->d_col);
    free(M->v_col);
    free(M->y_col);
    free(M->z_col);
    free(M->w_col);
    memset(M, 0, sizeof *M);
}

/* Mixed-integer rounding of the share rows.  Divided by a placement
 * length w of the group, a share row reads  sum a_c x_c + d/w >= b  with
 * a_c = weeks_c / w and b = target / w; with f = frac(b) > 0 the MIR cut
 *   sum (floor(a_c) + min(1, frac(a_c) / f)) x_c + d / (w f) >= ceil(b)
 * holds for every integer plan.  With one placement length per group (the
 * usual case) it says: ceil(target / w) municipal placements, unless the
 * deficit pays for the rest.  GLPK's own cuts do not find it, and without it
 * the LP meets the share with fractions of students, which leaves the fixed
 * costs a gap that branch-and-bound closes only slowly. */
static int add_share_mir(model *M, int *rcap)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    long *first = calloc((size_t)P->n_ipgs + 1, sizeof *first);
    long *order = malloc(((size_t)P->n_pairs + 1) * sizeof *order);
    long *fill = calloc((size_t)P->n_ipgs + 1, sizeof *fill);
    double *weights = malloc(((size_t)P->n_coh + 1) * sizeof *weights);
    int rc = -1;
    if (!first || !order || !fill || !weights) goto out;
    /* bucket the municipal pairs by (institution, programme) */
    for (long i = 0; i < P->n_pairs; i++)
        if (I->sites[P->pairs[i].site].kind == SITE_MUNICIPALITY) first[P->coh_ipg[P->pairs[i].coh] + 1]++;
    for (int g = 0; g < P->n_ipgs; g++) first[g + 1] += first[g];
    for (long i = 0; i < P->n_pairs; i++)
        if (I->sites[P->pairs[i].site].kind == SITE_MUNICIPALITY) {
            int g = P->coh_ipg[P->pairs[i].coh];
            order[first[g] + fill[g]++] = i;
        }
    for (int g = 0; g < P->n_ipgs; g++) {
        if (M->d_col[g] < 0) continue;
        double target = P->ipgs[g].target_weeks;
        int nw = 0; /* the group's distinct placement lengths */
        for (int k = 0; k < P->n_coh; k++) {
            if (P->coh_ipg[k] != g) continue;
            double w = I->cohorts[P->coh[k]].weeks;
            int seen = 0;
            for (int a = 0; a < nw && !seen; a++) seen = weights[a] == w;
            if (!seen) weights[nw++] = w;
        }
        for (int a = 0; a < nw; a++) {
            double w = weights[a], b = target / w, f = b - floor(b);
            if (f <= 1e-6 || f >= 1 - 1e-6) continue; /* nothing to round */
            int r = add_row(M, rcap, GLP_LO, ceil(b), 'q', g);
            if (r < 0 || nz(M, r, M->d_col[g], 1 / (w * f)) < 0) goto out;
            for (long k = first[g]; k < first[g + 1]; k++) {
                long i = order[k];
                double ac = I->cohorts[P->coh[P->pairs[i].coh]].weeks / w;
                double coef = floor(ac) + fmin(1, (ac - floor(ac)) / f);
                if (nz(M, r, M->x0 + (int)i, coef) < 0) goto out;
            }
        }
    }
    rc = 0;
out:
    free(first);
    free(order);
    free(fill);
    free(weights);
    return rc;
}

/* Minimum intakes: the students counted against a capacity row (its
 * programme's, or every included programme's for a '*' row) reach its
 * minimum.  One pass over the pairs appends each row's coefficients. */
static int add_min_rows(model *M, int *rcap)
{
    const problem *P = M->P;
    if (!P->n_mins) return 0;
    int first = M->n_rows;
    for (int m = 0; m < P->n_mins; m++)
        if (add_row(M, rcap, GLP_LO, (double)P->mins[m].students, 'n', m) < 0) return -1;
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        int rows[2] = {q->prow, q->srow};
        for (int a = 0; a < 2; a++)
            if (rows[a] >= 0 && P->row_min[rows[a]] >= 0 && nz(M, first + P->row_min[rows[a]], M->x0 + (int)i, 1) < 0)
                return -1;
    }
    return 0;
}

/* The change penalty, change_cost x sum over keys of |students - previous|.
 * With n = the key's students, p its previous and w = max(0, p - n):
 * |n - p| = n - p + 2w.  So every placement costs change_cost more, each
 * key the previous plan has gets w with 2 change_cost and the row
 * n + w >= p, and the objective a constant -change_cost x sum p.  One row
 * and one column per previous row, none per placement. */
static int changes_cost(const problem *P) { return P->n_ckeys > 0 && P->set.change_cost > 0; }

static void add_change_cols(model *M)
{
    const problem *P = M->P;
    for (int k = 0; k < P->n_ckeys; k++) {
        M->w_col[k] = -1;
        if (!changes_cost(P) || P->ckeys[k].prev <= 0) continue;
        M->w_col[k] = add_col(M, CK_W, k, 0, 0, (double)P->ckeys[k].prev);
        M->obj[2][M->w_col[k]] = 2 * P->set.change_cost;
        M->obj_const[2] -= P->set.change_cost * (double)P->ckeys[k].prev;
    }
    if (!changes_cost(P)) return;
    for (long i = 0; i < P->n_pairs; i++) M->obj[2][M->x0 + i] += P->set.change_cost;
}

static int add_change_rows(model *M, int *rcap)
{
    const problem *P = M->P;
    if (!changes_cost(P)) return 0;
    int *row = malloc(((size_t)P->n_ckeys + 1) * sizeof *row);
    if (!row) return -1;
    int rc = 0;
    for (int k = 0; k < P->n_ckeys && !rc; k++) {
        row[k] = -1;
        if (M->w_col[k] < 0) continue;
        rc = (row[k] = add_row(M, rcap, GLP_LO, (double)P->ckeys[k].prev, 'w', k)) < 0 || nz(M, row[k], M->w_col[k], 1) < 0;
    }
    for (long i = 0; i < P->n_pairs && !rc; i++) {
        int k = P->unit_ckey[P->pairs[i].unit];
        if (row[k] >= 0) rc = nz(M, row[k], M->x0 + (int)i, 1) < 0;
    }
    free(row);
    return rc ? -1 : 0;
}

/* What the builder keeps between its steps: per capacity row, unit and
 * relocation group the sums of the pairs' bounds and the model row each
 * got (-1: none). */
typedef struct scratch {
    long *row_ub, *unit_ub, *rg_cap;
    int *cap_row, *unit_row, *sup_row, *rg_lo, *rg_hi, *ipg_row;
    int rcap;
} scratch;

static void scratch_free(scratch *B)
{
    free(B->row_ub);
    free(B->unit_ub);
    free(B->rg_cap);
    free(B->cap_row);
    free(B->unit_row);
    free(B->sup_row);
    free(B->rg_lo);
    free(B->rg_hi);
    free(B->ipg_row);
}

static int scratch_alloc(const problem *P, scratch *B)
{
    const praksis_instance *I = P->inst;
    memset(B, 0, sizeof *B);
    B->row_ub = calloc((size_t)(I->n_cap + 1), sizeof *B->row_ub);
    B->unit_ub = calloc((size_t)(P->n_units + 1), sizeof *B->unit_ub);
    B->rg_cap = calloc((size_t)(P->n_rgroups + 1), sizeof *B->rg_cap);
    B->cap_row = malloc((size_t)(I->n_cap + 1) * sizeof *B->cap_row);
    B->unit_row = malloc((size_t)(P->n_units + 1) * sizeof *B->unit_row);
    B->sup_row = malloc((size_t)(I->n_cap + 1) * sizeof *B->sup_row);
    B->rg_lo = malloc((size_t)(P->n_rgroups + 1) * sizeof *B->rg_lo);
    B->rg_hi = malloc((size_t)(P->n_rgroups + 1) * sizeof *B->rg_hi);
    B->ipg_row = malloc((size_t)(P->n_ipgs + 1) * sizeof *B->ipg_row);
    return B->row_ub && B->unit_ub && B->rg_cap && B->cap_row && B->unit_row && B->sup_row && B->rg_lo && B->rg_hi &&
                   B->ipg_row
               ? 0
               : -1;
}

/* The column arrays, sized for every column the model can have. */
static int model_alloc(model *M)
{
    const problem *P = M->P;
    int max_cols = (int)P->n_pairs + P->n_cls + P->n_ipgs + P->n_units + P->inst->n_groups + P->n_rgroups + P->n_ckeys;
    size_t mc = (size_t)(max_cols > 0 ? max_cols : 1);
    M->ckind = malloc(mc);
    M->cref = malloc(mc * sizeof *M->cref);
    M->cint = malloc(mc);
    M->clb = malloc(mc * sizeof *M->clb);
    M->cub = malloc(mc * sizeof *M->cub);
    for (int k = 0; k < PRAKSIS_LEVELS; k++) M->obj[k] = calloc(mc, sizeof *M->obj[k]);
    M->d_col = malloc((size_t)(P->n_ipgs + 1) * sizeof *M->d_col);
    M->v_col = malloc((size_t)(P->n_units + 1) * sizeof *M->v_col);
    M->y_col = malloc((size_t)(P->inst->n_groups + 1) * sizeof *M->y_col);
    M->z_col = malloc((size_t)(P->n_rgroups + 1) * sizeof *M->z_col);
    M->w_col = malloc((size_t)(P->n_ckeys + 1) * sizeof *M->w_col);
    return M->ckind && M->cref && M->cint && M->clb && M->cub && M->obj[0] && M->obj[1] && M->obj[2] && M->obj[3] && M->d_col &&
                   M->v_col && M->y_col && M->z_col && M->w_col
               ? 0
               : -1;
}

/* x (an agreed placement is its lower bound), u and d, and the sums of the
 * pairs' bounds per capacity row and unit that later rows need. */
static void add_placement_cols(model *M, scratch *B)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    M->x0 = 0;
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        int j = add_col(M, CK_X, (int)i, 1, P->lb ? (double)P->lb[i] : 0, (double)q->ub);
        M->obj[2][j] = q->travel + q->supervision;
        if (P->set.shortest_moves) M->obj[3][j] = (double)q->move_km;
        if (q->prow >= 0) B->row_ub[q->prow] += q->ub;
        if (q->srow >= 0) B->row_ub[q->srow] += q->ub;
        B->unit_ub[q->unit] += q->ub;
    }
    M->u0 = M->n_cols;
    for (int c = 0; c < P->n_cls; c++) {
        int j = add_col(M, CK_U, c, 0, 0, (double)P->cls[c].size);
        M->obj[0][j] = I->cohorts[P->coh[P->cls[c].coh]].weeks;
    }
    for (int g = 0; g < P->n_ipgs; g++) {
        M->d_col[g] = -1;
        if (P->ipgs[g].target_weeks <= 0) continue;
        M->d_col[g] = add_col(M, CK_D, g, 0, 0, P->ipgs[g].target_weeks);
        M->obj[1][M->d_col[g]] = 1;
    }
}

/* v, y and z: the structural decisions, each only where it is needed. */
static void add_decision_cols(model *M, const scratch *B)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    for (int u = 0; u < P->n_units; u++) {
        const sunit *U = &P->units[u];
        M->v_col[u] = -1;
        /* a unit whose pairs were all dropped (a relocation group that can
         * never reach the minimum) needs no supervisors and has no '*' row */
        if (!U->needs_var || B->unit_ub[u] == 0) continue;
        int ratio = I->programmes[U->programme].ratio;
        double ub = ceil((double)B->unit_ub[u] / ratio);
        if (U->limit >= 0 && U->limit < ub) ub = (double)U->limit;
        double star = (double)P->sups[U->srow];
        if (star < ub) ub = star;
        M->v_col[u] = add_col(M, CK_V, u, 1, 0, ub);
    }
    /* y only where a group has a fixed cost and a municipal pair to link. */
    for (int g = 0; g < I->n_groups; g++) M->y_col[g] = -2;
    for (long i = 0; i < P->n_pairs; i++) {
        int g = I->sites[P->pairs[i].site].group;
        if (g >= 0 && P->gfixed[g] > 0) M->y_col[g] = -1;
    }
    for (int g = 0; g < I->n_groups; g++) {
        if (M->y_col[g] == -1) {
            M->y_col[g] = add_col(M, CK_Y, g, 1, 0, 1);
            M->obj[2][M->y_col[g]] = P->gfixed[g];
        } else {
            M->y_col[g] = -1;
        }
    }
    for (int r = 0; r < P->n_rgroups; r++) {
        M->z_col[r] = -1;
        if (P->rgroups[r].ub >= P->set.min_relocated_group) M->z_col[r] = add_col(M, CK_Z, r, 1, 0, 1);
    }
}

/* A coordinator group with an agreed placement or a minimum intake at one
 * of its municipalities is open in every plan, and so is the relocation of
 * a site and period with an agreed relocated placement.  Their lower bound
 * is 1.  With 0 the LP opened such a group by students/ub of a unit, paying
 * a sliver of its fixed cost (nationally 0.55 mill. kr of root bound lost to
 * eight agreed placements and eight minimums). */
static void open_forced(model *M)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    for (long i = 0; i < P->n_pairs && P->lb; i++) {
        if (!P->lb[i]) continue;
        const pair *q = &P->pairs[i];
        int y = pk_model_site_y(M, q->site);
        if (y >= 0) M->clb[y] = 1;
        if (q->rgrp >= 0 && M->z_col[q->rgrp] >= 0) M->clb[M->z_col[q->rgrp]] = 1;
    }
    for (int m = 0; m < P->n_mins; m++) {
        int y = pk_model_site_y(M, I->cap[P->mins[m].row].site);
        if (P->mins[m].students > 0 && y >= 0) M->clb[y] = 1;
    }
}

#define TRY(e) do { if ((e) < 0) return -1; } while (0)

/* Class rows (sum x + u = students), places rows (with a fixed-cost
 * group the right side is places*y) and supervisor rows. */
static int add_capacity_rows(model *M, scratch *B)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    for (int c = 0; c < P->n_cls; c++) {
        int i;
        TRY(i = add_row(M, &B->rcap, GLP_FX, (double)P->cls[c].size, 'c', c));
        TRY(nz(M, i, M->u0 + c, 1));
    }
    for (int r = 0; r < I->n_cap; r++) {
        B->cap_row[r] = -1;
        if (B->row_ub[r] == 0) continue;
        int y = pk_model_site_y(M, I->cap[r].site);
        if (y < 0 && B->row_ub[r] <= P->places[r]) continue; /* cannot bind */
        TRY(B->cap_row[r] = add_row(M, &B->rcap, GLP_UP, y < 0 ? (double)P->places[r] : 0, 'p', r));
        if (y >= 0)
            TRY(nz(M, B->cap_row[r], y, -(double)(P->places[r] < B->row_ub[r] ? P->places[r] : B->row_ub[r])));
    }
    for (int r = 0; r < I->n_cap; r++) {
        B->sup_row[r] = -1;
        if (I->cap[r].programme >= 0 || P->sups[r] < 0 || B->row_ub[r] == 0) continue;
        TRY(B->sup_row[r] = add_row(M, &B->rcap, GLP_UP, (double)P->sups[r], 's', r));
    }
    for (int u = 0; u < P->n_units; u++) {
        const sunit *U = &P->units[u];
        int ratio = I->programmes[U->programme].ratio;
        B->unit_row[u] = -1;
        if (M->v_col[u] >= 0) {
            TRY(B->unit_row[u] = add_row(M, &B->rcap, GLP_UP, 0, 'v', u));
            TRY(nz(M, B->unit_row[u], M->v_col[u], -(double)ratio));
            TRY(nz(M, B->sup_row[U->srow], M->v_col[u], 1));
        } else if (U->limit >= 0 && B->unit_ub[u] > U->limit * (long)ratio) {
            TRY(B->unit_row[u] = add_row(M, &B->rcap, GLP_UP, (double)(U->limit * (long)ratio), 'v', u));
        }
    }
    return 0;
}

/* Relocation groups: R >= m z and R <= cap z, where cap is the most
 * relocated students the site can take in the period (its pairs' bounds,
 * and the places of its '*' row, shared by all its pairs); and no relocated
 * students where the group is closed. */
static int add_relocation_rows(model *M, scratch *B)
{
    const problem *P = M->P;
    for (int r = 0; r < P->n_rgroups; r++) B->rg_cap[r] = P->rgroups[r].ub;
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        if (q->rgrp >= 0 && q->srow >= 0 && P->places[q->srow] < B->rg_cap[q->rgrp]) B->rg_cap[q->rgrp] = P->places[q->srow];
    }
    for (int r = 0; r < P->n_rgroups; r++) {
        B->rg_lo[r] = B->rg_hi[r] = -1;
        if (M->z_col[r] < 0) continue;
        TRY(B->rg_lo[r] = add_row(M, &B->rcap, GLP_LO, 0, 'r', r));
        TRY(nz(M, B->rg_lo[r], M->z_col[r], -(double)P->set.min_relocated_group));
        TRY(B->rg_hi[r] = add_row(M, &B->rcap, GLP_UP, 0, 'a', r));
        TRY(nz(M, B->rg_hi[r], M->z_col[r], -(double)B->rg_cap[r]));
        int y = pk_model_site_y(M, P->rgroups[r].site), i;
        if (y < 0) continue;
        TRY(i = add_row(M, &B->rcap, GLP_UP, 0, 'h', r));
        TRY(nz(M, i, M->z_col[r], 1));
        TRY(nz(M, i, y, -1));
    }
    for (int g = 0; g < P->n_ipgs; g++) { /* share rows: municipal weeks + d >= target */
        B->ipg_row[g] = -1;
        if (M->d_col[g] < 0) continue;
        TRY(B->ipg_row[g] = add_row(M, &B->rcap, GLP_LO, P->ipgs[g].target_weeks, 'm', g));
        TRY(nz(M, B->ipg_row[g], M->d_col[g], 1));
    }
    return 0;
}

/* The floor of a site that an explanation forces open: the sum of its
 * placements >= force_min (nothing without one). */
static int add_force_row(model *M, int *rcap)
{
    const problem *P = M->P;
    if (P->force_min <= 0) return 0;
    int r;
    TRY(r = add_row(M, rcap, GLP_LO, (double)P->force_min, 'f', P->force_site));
    for (long i = 0; i < P->n_pairs; i++)
        if (P->pairs[i].site == P->force_site) TRY(nz(M, r, M->x0 + (int)i, 1));
    return 0;
}

/* Pair i's coefficients in the rows above, and its own linking rows. */
static int add_pair(model *M, scratch *B, long i)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    const pair *q = &P->pairs[i];
    int j = M->x0 + (int)i;
    const site *st = &I->sites[q->site];
    TRY(nz(M, q->cls, j, 1));
    if (q->prow >= 0 && B->cap_row[q->prow] >= 0) TRY(nz(M, B->cap_row[q->prow], j, 1));
    if (q->srow >= 0 && B->cap_row[q->srow] >= 0) TRY(nz(M, B->cap_row[q->srow], j, 1));
    if (B->unit_row[q->unit] >= 0) TRY(nz(M, B->unit_row[q->unit], j, 1));
    if (M->v_col[q->unit] < 0 && q->srow >= 0 && B->sup_row[q->srow] >= 0) {
        /* ratio 1: each student needs a supervisor of the shared pool */
        TRY(nz(M, B->sup_row[q->srow], j, 1));
    }
    if (q->rgrp >= 0 && M->z_col[q->rgrp] >= 0) {
        int z = M->z_col[q->rgrp], r;
        TRY(nz(M, B->rg_lo[q->rgrp], j, 1));
        TRY(nz(M, B->rg_hi[q->rgrp], j, 1));
        TRY(r = add_row(M, &B->rcap, GLP_UP, 0, 'l', (int)i));
        TRY(nz(M, r, j, 1));
        TRY(nz(M, r, z, -(double)(q->ub < B->rg_cap[q->rgrp] ? q->ub : B->rg_cap[q->rgrp])));
    }
    if (st->kind != SITE_MUNICIPALITY) return 0;
    int y = pk_model_site_y(M, q->site), ig = P->coh_ipg[q->coh];
    if (y >= 0) {
        int r;
        TRY(r = add_row(M, &B->rcap, GLP_UP, 0, 'g', (int)i));
        TRY(nz(M, r, j, 1));
        TRY(nz(M, r, y, -(double)q->ub));
    }
    if (B->ipg_row[ig] >= 0) TRY(nz(M, B->ipg_row[ig], j, I->cohorts[P->coh[q->coh]].weeks));
    return 0;
}

static praksis_error build(const problem *P, model *M, int count_only)
{
    memset(M, 0, sizeof *M);
    M->P = P;
    M->count_only = count_only;
    scratch B;
    int bad = scratch_alloc(P, &B) || model_alloc(M);
    if (!bad) {
        add_placement_cols(M, &B);
        add_decision_cols(M, &B);
        open_forced(M);
        add_change_cols(M);
        bad = add_capacity_rows(M, &B) || add_relocation_rows(M, &B);
    }
    for (long i = 0; i < P->n_pairs && !bad; i++) bad = add_pair(M, &B, i);
    if (!bad) bad = add_share_mir(M, &B.rcap) < 0 || add_min_rows(M, &B.rcap) < 0 || add_change_rows(M, &B.rcap) < 0 ||
                     add_force_row(M, &B.rcap) < 0;
    scratch_free(&B);
    if (!bad) return PRAKSIS_OK;
    pk_model_free(M);
    return PRAKSIS_ERR_NOMEM;
}

praksis_error pk_model_build(const problem *P, model *M) { return build(P, M, 0); }

/* Counting runs the builder itself with the rows and coefficients left
 * unstored, so that `praksis check` can never disagree with the model a
 * solve gets, and counting the national model costs a pass over the pairs
 * instead of its memory. */
praksis_error pk_model_count(const problem *P, int *rows, int *cols, int *ints, long *nzs)
{
    model M;
    praksis_error rc = build(P, &M, 1);
    *rows = M.n_rows;
    *cols = M.n_cols;
    *ints = M.n_int;
    *nzs = M.n_nz;
    pk_model_free(&M);
    return rc;
}

static void col_name(const model *M, int j, char *buf, size_t n)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    int r = M->cref[j];
    switch (M->ckind[j]) {
    case CK_X: {
        const pair *q = &P->pairs[r];
        char cl[160];
        snprintf(buf, n, "x[%s,%s]", pk_class_label(P, q->cls, cl, sizeof cl), I->sites[q->site].id);
        break;
    }
    case CK_U: {
        char cl[160];
        snprintf(buf, n, "u[%s]", pk_class_label(P, r, cl, sizeof cl));
        break;
    }
    case CK_D:
        snprintf(buf, n, "d[%s,%s]", I->institutions[P->ipgs[r].inst], I->programmes[P->ipgs[r].programme].id);
        break;
    case CK_V:
        snprintf(buf, n, "v[%s,%s,%s]", I->sites[P->units[r].site].id, I->programmes[P->units[r].programme].id,
                 I->periods[P->units[r].period]);
        break;
    case CK_Y: snprintf(buf, n, "y[%s]", I->groups[r].id); break;
    case CK_W: {
        const pk_ckey *k = &P->ckeys[r];
        snprintf(buf, n, "w[%s,%s%s%s]", I->sites[k->site].id, I->programmes[k->programme].id, k->period >= 0 ? "," : "",
                 k->period >= 0 ? I->periods[k->period] : "");
        break;
    }
    default:
        snprintf(buf, n, "z[%s,%s]", I->sites[P->rgroups[r].site].id, I->periods[P->rgroups[r].period]);
        break;
    }
    /* MPS and LP names may not hold blanks */
    for (char *p = buf; *p; p++)
        if (*p == ' ' || *p == '\t') *p = '_';
}

glp_prob *pk_model_to_glpk(const model *M, int level, int with_names)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_set_obj_coef(lp, 0, M->obj_const[level - 1]);
    if (M->n_rows) glp_add_rows(lp, M->n_rows);
    if (M->n_cols) glp_add_cols(lp, M->n_cols);
    char name[256];
    for (int i = 0; i < M->n_rows; i++) {
        double b = M->rbnd[i];
        glp_set_row_bnds(lp, i + 1, M->rtype[i], b, b);
        if (with_names) {
            snprintf(name, sizeof name, "%c%d", M->rtag[i], i + 1);
            glp_set_row_name(lp, i + 1, name);
        }
    }
    for (int j = 0; j < M->n_cols; j++) {
        int type = M->cub[j] == M->clb[j] ? GLP_FX : (isinf(M->cub[j]) ? GLP_LO : GLP_DB);
        glp_set_col_bnds(lp, j + 1, type, M->clb[j], M->cub[j]);
        if (M->cint[j]) glp_set_col_kind(lp, j + 1, M->clb[j] == 0 && M->cub[j] == 1 ? GLP_BV : GLP_IV);
        glp_set_obj_coef(lp, j + 1, M->obj[level - 1][j]);
        if (with_names) {
            col_name(M, j, name, sizeof name);
            glp_set_col_name(lp, j + 1, name);
        }
    }
    if (M->n_nz) {
        /* glp_load_matrix wants 1-based arrays; shift copies. */
        int *ia = malloc((size_t)(M->n_nz + 1) * sizeof *ia);
        int *ja = malloc((size_t)(M->n_nz + 1) * sizeof *ja);
        double *ar = malloc((size_t)(M->n_nz + 1) * sizeof *ar);
        if (!ia || !ja || !ar) {
            free(ia);
            free(ja);
            free(ar);
            glp_delete_prob(lp);
            return NULL;
        }
        for (long k = 0; k < M->n_nz; k++) {
            ia[k + 1] = M->ti[k] + 1;
            ja[k + 1] = M->tj[k] + 1;
            ar[k + 1] = M->tv[k];
        }
        glp_load_matrix(lp, (int)M->n_nz, ia, ja, ar);
        free(ia);
        free(ja);
        free(ar);
    }
    return lp;
}

void pk_model_add_level_bound(const model *M, glp_prob *lp, int level, double bound, const int *colmap)
{
    int n = 0;
    for (int j = 0; j < M->n_cols; j++) n += M->obj[level - 1][j] != 0 && (!colmap || colmap[j]);
    int *ind = malloc((size_t)(n + 1) * sizeof *ind);
    double *val = malloc((size_t)(n + 1) * sizeof *val);
    if (!ind || !val) {
        free(ind);
        free(val);
        return;
    }
    int k = 0;
    for (int j = 0; j < M->n_cols; j++)
        if (M->obj[level - 1][j] != 0 && (!colmap || colmap[j])) {
            ind[++k] = colmap ? colmap[j] : j + 1;
            val[k] = M->obj[level - 1][j];
        }
    int i = glp_add_rows(lp, 1);
    char name[32];
    snprintf(name, sizeof name, "level%d", level);
    glp_set_row_name(lp, i, name);
    glp_set_row_bnds(lp, i, GLP_UP, 0, bound - M->obj_const[level - 1]);
    glp_set_mat_row(lp, i, k, ind, val);
    free(ind);
    free(val);
}

/* The step between objective values of integer plans: every column with a
 * non-zero coefficient is integral in any plan (u is, being students minus
 * placed; w, being previous minus placed, at an optimum), so the objective
 * moves in multiples of the coefficients' gcd (the constant moves nothing).
 * Returns 0 when there is no such step (a continuous column, or
 * coefficients that are not multiples of 1e-4). */
double pk_model_obj_quantum(const model *M, int level)
{
    long long g = 0;
    const double unit = 1e4;
    for (int j = 0; j < M->n_cols; j++) {
        double c = M->obj[level - 1][j];
        if (c == 0) continue;
        if (!M->cint[j] && M->ckind[j] != CK_U && M->ckind[j] != CK_W) return 0;
        double v = fabs(c) * unit;
        if (v > 9e15) return 0;
        double r = round(v);
        if (fabs(v - r) > 1e-6 * fmax(1, v) || r == 0) return 0;
        long long a = (long long)r, b = g;
        while (b) {
            long long t = a % b;
            a = b;
            b = t;
        }
        g = a;
    }
    return (double)g / unit;
}

/* At levels 1 and 2 a coordinator group costs nothing, so opening every
 * group (y = 1) loses no plan: y leaves the LP, its linking rows x <= ub y
 * and z <= y become bounds the columns already have, and a capacity row
 * places*y becomes a constant.  At national size that halves the rows of
 * the first two levels' LPs (and leaving out x <= ub z, below, most of
 * the rest). */
static int fixed_at_one(const model *M, int level, int j) { return level < 3 && M->ckind[j] == CK_Y; }

/* Load only the columns with active[j] (0-based model columns) and the rows
 * they need into a new GLPK problem: the full model with every inactive
 * placement fixed at 0 (and y at 1 where fixed_at_one says so).  A linking
 * row of an inactive pair (x <= ub y, x <= ub z) then reads -ub y <= 0 and
 * is left out.  colmap/rowmap receive the GLPK index of each model
 * column/row, or 0. */
glp_prob *pk_model_to_glpk_subset(const model *M, int level, const unsigned char *active, int *colmap, int *rowmap)
{
    unsigned char *need = calloc((size_t)M->n_rows + 1, 1);
    double *shift = calloc((size_t)M->n_rows + 1, sizeof *shift); /* moved to the right side */
    int *ia = malloc(((size_t)M->n_nz + 1) * sizeof *ia);
    int *ja = malloc(((size_t)M->n_nz + 1) * sizeof *ja);
    double *ar = malloc(((size_t)M->n_nz + 1) * sizeof *ar);
    if (!need || !shift || !ia || !ja || !ar) {
        free(need);
        free(shift);
        free(ia);
        free(ja);
        free(ar);
        return NULL;
    }
    int nc = 0;
    for (int j = 0; j < M->n_cols; j++) colmap[j] = active[j] && !fixed_at_one(M, level, j) ? ++nc : 0;
    for (long k = 0; k < M->n_nz; k++) {
        if (colmap[M->tj[k]]) need[M->ti[k]] = 1;
        else if (fixed_at_one(M, level, M->tj[k])) shift[M->ti[k]] += M->tv[k];
    }
    for (int i = 0; i < M->n_rows; i++) {
        char t = M->rtag[i];
        if ((t == 'l' || t == 'g') && !active[M->x0 + M->rref[i]]) need[i] = 0;
        if (level < 3 && (t == 'g' || t == 'h')) need[i] = 0; /* implied by bounds once y = 1 */
        /* x <= ub z per pair only tightens the aggregate R <= cap z, which
         * the cost level needs; the first two levels' LPs are a sixth of
         * the time without it (national level 2: 8.1 -> 1.3 s) */
        if (level < 3 && t == 'l') need[i] = 0;
        if (level < 3 && t == 'w') need[i] = 0; /* w costs nothing before the cost level */
    }
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_set_obj_coef(lp, 0, M->obj_const[level - 1]);
    int nr = 0;
    for (int i = 0; i < M->n_rows; i++) rowmap[i] = need[i] ? ++nr : 0;
    if (nr) glp_add_rows(lp, nr);
    if (nc) glp_add_cols(lp, nc);
    for (int i = 0; i < M->n_rows; i++)
        if (rowmap[i]) glp_set_row_bnds(lp, rowmap[i], M->rtype[i], M->rbnd[i] - shift[i], M->rbnd[i] - shift[i]);
    for (int j = 0; j < M->n_cols; j++) {
        if (!colmap[j]) continue;
        int type = M->cub[j] == M->clb[j] ? GLP_FX : (isinf(M->cub[j]) ? GLP_LO : GLP_DB);
        glp_set_col_bnds(lp, colmap[j], type, M->clb[j], M->cub[j]);
        if (M->cint[j]) glp_set_col_kind(lp, colmap[j], M->clb[j] == 0 && M->cub[j] == 1 ? GLP_BV : GLP_IV);
        glp_set_obj_coef(lp, colmap[j], M->obj[level - 1][j]);
    }
    int n = 0;
    for (long k = 0; k < M->n_nz; k++) {
        int r = rowmap[M->ti[k]], c = colmap[M->tj[k]];
        if (!r || !c) continue;
        n++;
        ia[n] = r;
        ja[n] = c;
        ar[n] = M->tv[k];
    }
    if (n) glp_load_matrix(lp, n, ia, ja, ar);
    free(need);
    free(shift);
    free(ia);
    free(ja);
    free(ar);
    return lp;
}

void pk_model_reduced_costs(const model *M, int level, const glp_prob *lp, const int *rowmap, double *rc)
{
    for (int j = 0; j < M->n_cols; j++) rc[j] = M->obj[level - 1][j];
    for (long k = 0; k < M->n_nz; k++) {
        int r = rowmap[M->ti[k]];
        if (r) rc[M->tj[k]] -= M->tv[k] * glp_get_row_dual((glp_prob *)lp, r);
    }
}

void pk_model_plan_columns(const model *M, const long *x, const pk_plan *pl, double *col)
{
    const problem *P = M->P;
    for (int j = 1; j <= M->n_cols; j++) col[j] = 0;
    for (long i = 0; i < P->n_pairs; i++) col[M->x0 + i + 1] = (double)x[i];
    for (int c = 0; c < P->n_cls; c++) col[M->u0 + c + 1] = (double)pl->cls_unplaced[c];
    for (int g = 0; g < P->n_ipgs; g++)
        if (M->d_col[g] >= 0) col[M->d_col[g] + 1] = pl->ipg_deficit[g];
    for (int u = 0; u < P->n_units; u++)
        if (M->v_col[u] >= 0) col[M->v_col[u] + 1] = (double)pl->unit_supervisors[u];
    for (int g = 0; g < P->inst->n_groups; g++)
        if (M->y_col[g] >= 0 && pl->group_used[g]) col[M->y_col[g] + 1] = 1;
    for (int r = 0; r < P->n_rgroups; r++)
        if (M->z_col[r] >= 0 && pl->rg_used[r] > 0) col[M->z_col[r] + 1] = 1;
    for (int k = 0; k < P->n_ckeys; k++)
        if (M->w_col[k] >= 0 && pl->ckey_students[k] < P->ckeys[k].prev)
            col[M->w_col[k] + 1] = (double)(P->ckeys[k].prev - pl->ckey_students[k]);
}
