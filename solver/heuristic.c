/*
 * heuristic.c - a starting plan for each level, from its LP relaxation:
 * round the LP's placements down, repair what rounding can break (a lone
 * relocated student, a shared supervisor pool that whole people overrun),
 * then place the students still unplaced greedily.  GLPK's own search
 * spends most of a level looking for such a plan; handed one, it can often
 * stop at the root.  The caller re-checks the plan before using it.
 */
#define _POSIX_C_SOURCE 200809L
#include "problem.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct state {
    const problem *P;
    const unsigned char *allowed; /* pairs the plan may use, NULL: all */
    long *x;
    long *u;       /* unplaced per class */
    long *row;     /* students per capacity row */
    long *unit;    /* students per supervision unit */
    long *pool;    /* supervisors needed per '*' row */
    long *rg;      /* relocated students per relocation group */
    double *muni;  /* municipal weeks per ipgroup */
} state;

static long sups_for(long students, long ratio) { return (students + ratio - 1) / ratio; }

static long ratio_of(const state *S, int unit)
{
    return S->P->inst->programmes[S->P->units[unit].programme].ratio;
}

/* Move k students (k may be negative) onto pair i, keeping every tally. */
static void add(state *S, long i, long k)
{
    const problem *P = S->P;
    const pair *q = &P->pairs[i];
    S->x[i] += k;
    S->u[q->cls] -= k;
    if (q->prow >= 0) S->row[q->prow] += k;
    if (q->srow >= 0) S->row[q->srow] += k;
    long r = ratio_of(S, q->unit);
    long before = sups_for(S->unit[q->unit], r);
    S->unit[q->unit] += k;
    if (q->srow >= 0) S->pool[q->srow] += sups_for(S->unit[q->unit], r) - before;
    if (q->rgrp >= 0) S->rg[q->rgrp] += k;
    if (P->inst->sites[q->site].kind == SITE_MUNICIPALITY)
        S->muni[P->coh_ipg[q->coh]] += (double)k * P->inst->cohorts[P->coh[q->coh]].weeks;
}

/* How many more students pair i can take without breaking a row. */
static long room(const state *S, long i)
{
    const problem *P = S->P;
    const pair *q = &P->pairs[i];
    long k = q->ub - S->x[i];
    if (S->u[q->cls] < k) k = S->u[q->cls];
    if (q->prow >= 0 && P->places[q->prow] - S->row[q->prow] < k) k = P->places[q->prow] - S->row[q->prow];
    if (q->srow >= 0 && P->places[q->srow] - S->row[q->srow] < k) k = P->places[q->srow] - S->row[q->srow];
    const sunit *U = &P->units[q->unit];
    long r = ratio_of(S, q->unit), X = S->unit[q->unit];
    if (U->limit >= 0 && U->limit * r - X < k) k = U->limit * r - X;
    if (q->srow >= 0 && P->sups[q->srow] >= 0) {
        /* extra supervisors: ceil((X+k)/r) - ceil(X/r) <= what the pool has left */
        long left = P->sups[q->srow] - S->pool[q->srow];
        long most = r * (sups_for(X, r) + left) - X;
        if (most < k) k = most;
    }
    return k > 0 ? k : 0;
}

/* Remove students until no pool is overrun and no relocation group holds
 * fewer than the minimum.  Only removes, so it ends. */
static void repair(state *S)
{
    const problem *P = S->P;
    const praksis_instance *I = P->inst;
    int m = P->set.min_relocated_group;
    for (int changed = 1; changed;) {
        changed = 0;
        for (long i = 0; i < P->n_pairs; i++) {
            const pair *q = &P->pairs[i];
            if (!S->x[i]) continue;
            if (q->srow >= 0 && P->sups[q->srow] >= 0 && S->pool[q->srow] > P->sups[q->srow]) {
                add(S, i, -1);
                changed = 1;
                continue;
            }
            if (q->rgrp >= 0 && S->rg[q->rgrp] < m) {
                add(S, i, -S->x[i]);
                changed = 1;
            }
        }
    }
    (void)I;
}

typedef struct cand {
    long pair;
    int rank;
    double cost;
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->rank != y->rank) return x->rank - y->rank;
    if (x->cost != y->cost) return x->cost < y->cost ? -1 : 1;
    return x->pair < y->pair ? -1 : x->pair > y->pair;
}

/* Place the unplaced: municipal sites first while the cohort's share falls
 * short, within commuting distance before beyond it, cheaper before dearer;
 * a relocation group that is still empty is opened only with a full group. */
static void fill(state *S, cand *buf)
{
    const problem *P = S->P;
    const praksis_instance *I = P->inst;
    int m = P->set.min_relocated_group;
    for (int k = 0; k < P->n_cls; k++) {
        if (!S->u[k]) continue;
        int g = P->coh_ipg[P->cls[k].coh];
        int n = 0;
        int short_of_share = S->muni[g] < P->ipgs[g].target_weeks - 1e-9;
        for (long i = P->cls_first[k]; i < P->cls_first[k + 1]; i++) {
            const pair *q = &P->pairs[i];
            int muni = I->sites[q->site].kind == SITE_MUNICIPALITY;
            buf[n].pair = i;
            buf[n].rank = (short_of_share && !muni) * 2 + q->relocated;
            buf[n].cost = q->travel + q->supervision;
            n++;
        }
        qsort(buf, (size_t)n, sizeof *buf, cand_cmp);
        for (int c = 0; c < n && S->u[k] > 0; c++) {
            long i = buf[c].pair;
            const pair *q = &P->pairs[i];
            if (S->allowed && !S->allowed[i]) continue;
            long r = room(S, i);
            if (!r) continue;
            if (q->rgrp >= 0 && S->rg[q->rgrp] == 0 && r < m) continue;
            add(S, i, r);
        }
    }
}

typedef struct move {
    long pair, k;
} move;

static double pair_cost(const pair *q) { return q->travel + q->supervision; }

/* Close coordinator groups the plan hardly uses: move a group's students to
 * other municipalities of their cohort in groups already open, and keep
 * the move when the travel and supervision it adds cost less than the
 * group's fixed cost.  Municipal stays municipal and a cohort keeps its
 * weeks, so the unplaced weeks and the share deficit do not change; the
 * LP's rounding keeps groups open for a few students that the fixed cost
 * does not pay for.  Returns -1 when out of memory (the plan is intact). */
static int close_groups(state *S, cand *buf)
{
    const problem *P = S->P;
    const praksis_instance *I = P->inst;
    int G = I->n_groups, m = P->set.min_relocated_group, rc = -1;
    long *users = calloc((size_t)G + 1, sizeof *users);
    long *first = calloc((size_t)G + 2, sizeof *first);
    long *gp = malloc(((size_t)P->n_pairs + 1) * sizeof *gp);
    long *fill_at = calloc((size_t)G + 1, sizeof *fill_at);
    move *mv = malloc(((size_t)P->n_pairs * 2 + 1) * sizeof *mv);
    if (!users || !first || !gp || !fill_at || !mv) goto out;
    for (long i = 0; i < P->n_pairs; i++) {
        const site *st = &I->sites[P->pairs[i].site];
        if (st->kind != SITE_MUNICIPALITY || st->group < 0) continue;
        first[st->group + 1]++;
        users[st->group] += S->x[i];
    }
    for (int g = 0; g < G; g++) first[g + 1] += first[g];
    for (long i = 0; i < P->n_pairs; i++) {
        const site *st = &I->sites[P->pairs[i].site];
        if (st->kind != SITE_MUNICIPALITY || st->group < 0) continue;
        gp[first[st->group] + fill_at[st->group]++] = i;
    }
    for (int g = 0; g < G; g++) {
        if (!users[g] || P->gfixed[g] <= 0) continue;
        long n_mv = 0;
        double delta = -P->gfixed[g];
        for (long a = first[g]; a < first[g + 1]; a++) {
            long i = gp[a];
            if (!S->x[i]) continue;
            delta -= (double)S->x[i] * pair_cost(&P->pairs[i]);
            mv[n_mv++] = (move){i, -S->x[i]};
            add(S, i, -S->x[i]);
        }
        users[g] = 0;
        int placed_all = 1;
        long n_removed = n_mv;
        for (long a = 0; a < n_removed && placed_all; a++) {
            int k = P->pairs[mv[a].pair].cls;
            if (!S->u[k]) continue;
            int n = 0;
            for (long i = P->cls_first[k]; i < P->cls_first[k + 1]; i++) {
                const pair *q = &P->pairs[i];
                const site *st = &I->sites[q->site];
                if (st->kind != SITE_MUNICIPALITY || (S->allowed && !S->allowed[i])) continue;
                if (st->group >= 0 && (st->group == g || !users[st->group])) continue;
                buf[n++] = (cand){i, 0, pair_cost(q)};
            }
            qsort(buf, (size_t)n, sizeof *buf, cand_cmp);
            for (int c = 0; c < n && S->u[k] > 0; c++) {
                long i = buf[c].pair;
                const pair *q = &P->pairs[i];
                long r = room(S, i);
                if (r > S->u[k]) r = S->u[k];
                if (!r || (q->rgrp >= 0 && S->rg[q->rgrp] == 0 && r < m)) continue;
                delta += (double)r * pair_cost(q);
                mv[n_mv++] = (move){i, r};
                add(S, i, r);
            }
            placed_all = S->u[k] == 0;
        }
        if (placed_all && delta < -1e-6) continue; /* closed */
        while (n_mv > 0) { /* undo, last move first */
            n_mv--;
            add(S, mv[n_mv].pair, -mv[n_mv].k);
        }
        for (long a = first[g]; a < first[g + 1]; a++) users[g] += S->x[gp[a]];
    }
    rc = 0;
out:
    free(users);
    free(first);
    free(gp);
    free(fill_at);
    free(mv);
    return rc;
}

int pk_heuristic_plan(const problem *P, const double *lpx, const unsigned char *allowed, long *x)
{
    const praksis_instance *I = P->inst;
    state S = {.P = P, .x = x, .allowed = allowed};
    S.u = calloc((size_t)P->n_cls + 1, sizeof *S.u);
    S.row = calloc((size_t)I->n_cap + 1, sizeof *S.row);
    S.unit = calloc((size_t)P->n_units + 1, sizeof *S.unit);
    S.pool = calloc((size_t)I->n_cap + 1, sizeof *S.pool);
    S.rg = calloc((size_t)P->n_rgroups + 1, sizeof *S.rg);
    S.muni = calloc((size_t)P->n_ipgs + 1, sizeof *S.muni);
    long most = 1;
    for (int c = 0; c < P->n_cls; c++)
        if (P->cls_first[c + 1] - P->cls_first[c] > most) most = P->cls_first[c + 1] - P->cls_first[c];
    cand *buf = malloc((size_t)most * sizeof *buf);
    int rc = -1;
    if (!S.u || !S.row || !S.unit || !S.pool || !S.rg || !S.muni || !buf) goto out;
    memset(x, 0, (size_t)P->n_pairs * sizeof *x);
    for (int c = 0; c < P->n_cls; c++) S.u[c] = P->cls[c].size;
    for (long i = 0; i < P->n_pairs; i++) {
        long v = lpx && (!allowed || allowed[i]) ? (long)floor(lpx[i] + 1e-6) : 0;
        if (v < 0) v = 0;
        if (v > P->pairs[i].ub) v = P->pairs[i].ub;
        if (v > S.u[P->pairs[i].cls]) v = S.u[P->pairs[i].cls];
        if (v) add(&S, i, v);
    }
    repair(&S);
    fill(&S, buf);
    if (close_groups(&S, buf) != 0) goto out;
    rc = 0;
out:
    free(S.u);
    free(S.row);
    free(S.unit);
    free(S.pool);
    free(S.rg);
    free(S.muni);
    free(buf);
    return rc;
}
