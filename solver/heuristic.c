/*
 * heuristic.c - a starting plan for each level, from its LP relaxation:
 * the agreed placements first, then the LP's placements rounded down,
 * repair what rounding can break (a lone relocated student, a shared
 * supervisor pool that whole people overrun), raise the minimum intakes
 * still short, then place the students still unplaced greedily.  GLPK's own search
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
    long *key_n;   /* students per change key, when changes cost (else NULL) */
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
    if (S->key_n) S->key_n[P->unit_ckey[q->unit]] += k;
}

static long lb_of(const problem *P, long i) { return P->lb ? P->lb[i] : 0; }

static double pair_cost(const pair *q) { return q->travel + q->supervision; }

/* How many more students pair i can take without breaking a row, students
 * of its cohort at hand or not. */
static long room_any(const state *S, long i)
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

/* The same for the class's unplaced students. */
static long room(const state *S, long i)
{
    long k = room_any(S, i), u = S->u[S->P->pairs[i].cls];
    return k < u ? k : u;
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
            long lo = lb_of(P, i);
            if (S->x[i] <= lo) continue; /* agreed students stay */
            if (q->srow >= 0 && P->sups[q->srow] >= 0 && S->pool[q->srow] > P->sups[q->srow]) {
                add(S, i, -1);
                changed = 1;
                continue;
            }
            if (q->rgrp >= 0 && S->rg[q->rgrp] < m) {
                add(S, i, lo - S->x[i]);
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

/* What one more student on pair q adds to the change penalty: less where
 * the previous plan had more students than this one has, more elsewhere. */
static double change_delta(const state *S, const pair *q)
{
    if (!S->key_n) return 0;
    int k = S->P->unit_ckey[q->unit];
    return S->key_n[k] < S->P->ckeys[k].prev ? -S->P->set.change_cost : S->P->set.change_cost;
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
            buf[n].cost = q->travel + q->supervision + change_delta(S, q);
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

/* Students pair i can give up to another site of its cohort: those above
 * its agreed placement, as long as its rows keep their minimums and its
 * relocation group keeps min_relocated_group. */
static long spare(const state *S, long i)
{
    const problem *P = S->P;
    const pair *q = &P->pairs[i];
    long k = S->x[i] - lb_of(P, i);
    int rows[2] = {q->prow, q->srow};
    for (int a = 0; a < 2 && P->row_min; a++)
        if (rows[a] >= 0 && P->row_min[rows[a]] >= 0) {
            long over = S->row[rows[a]] - P->mins[P->row_min[rows[a]]].students;
            if (over < k) k = over;
        }
    if (q->rgrp >= 0) {
        long over = S->rg[q->rgrp] - P->set.min_relocated_group;
        if (over < k) k = over;
    }
    return k > 0 ? k : 0;
}

/* Up to `want` students onto pair i: the class's unplaced first, then
 * students moved from its other pairs that can spare them (not those of
 * rows[]: moving within a row gains it nothing).  An empty relocation
 * group is opened only with min_relocated_group at once.  Returns how
 * many came. */
static long bring(state *S, long i, long want, const int *rows)
{
    const problem *P = S->P;
    const pair *q = &P->pairs[i];
    int m = P->set.min_relocated_group;
    long can = room_any(S, i);
    if (want > can) want = can;
    if (q->rgrp >= 0 && S->rg[q->rgrp] == 0 && want < m) want = can < m ? 0 : m;
    if (want <= 0) return 0;
    long have = S->u[q->cls];
    for (long j = P->cls_first[q->cls]; j < P->cls_first[q->cls + 1] && have < want; j++) {
        const pair *o = &P->pairs[j];
        if (j != i && o->prow != rows[0] && o->srow != rows[0] && (rows[1] < 0 || (o->prow != rows[1] && o->srow != rows[1])))
            have += spare(S, j);
    }
    if (have < want && q->rgrp >= 0 && S->rg[q->rgrp] == 0 && have < m) return 0;
    if (have < want) want = have;
    long got = want < S->u[q->cls] ? want : S->u[q->cls];
    if (got) add(S, i, got);
    for (long j = P->cls_first[q->cls]; j < P->cls_first[q->cls + 1] && got < want; j++) {
        const pair *o = &P->pairs[j];
        if (j == i || o->prow == rows[0] || o->srow == rows[0] || (rows[1] >= 0 && (o->prow == rows[1] || o->srow == rows[1])))
            continue;
        long k = spare(S, j);
        if (k > want - got) k = want - got;
        if (!k) continue;
        add(S, j, -k);
        add(S, i, k);
        got += k;
    }
    return got;
}

/* Raise a row short of students: its candidate pairs (n of them in buf),
 * cheapest and nearest first, each brings what it can. */
static void raise_row(state *S, cand *buf, int n, long need, const int *rows)
{
    qsort(buf, (size_t)n, sizeof *buf, cand_cmp);
    for (int c = 0; c < n && need > 0; c++) {
        long i = buf[c].pair;
        if (S->allowed && !S->allowed[i]) continue;
        need -= bring(S, i, need, rows);
    }
}

/* Minimum intakes and relocation groups that agreed placements leave
 * short: each is raised from the pairs that count for it (a group's by a
 * pass over the pairs: only agreed placements leave one short). */
static int meet_agreements(state *S)
{
    const problem *P = S->P;
    int m = P->set.min_relocated_group;
    cand *buf = malloc(((size_t)P->n_pairs + 1) * sizeof *buf);
    if (!buf) return -1;
    for (int a = 0; a < P->n_mins; a++) {
        int r = P->mins[a].row, n = 0, rows[2] = {r, -1};
        long need = P->mins[a].students - S->row[r];
        if (need <= 0) continue;
        for (long b = P->min_first[a]; b < P->min_first[a + 1]; b++) {
            long i = P->min_pairs[b];
            buf[n++] = (cand){i, P->pairs[i].relocated, pair_cost(&P->pairs[i])};
        }
        raise_row(S, buf, n, need, rows);
    }
    for (int g = 0; g < P->n_rgroups && P->lb; g++) {
        if (S->rg[g] == 0 || S->rg[g] >= m) continue;
        int n = 0, rows[2] = {-1, -1};
        for (long i = 0; i < P->n_pairs; i++)
            if (P->pairs[i].rgrp == g) buf[n++] = (cand){i, 0, pair_cost(&P->pairs[i])};
        raise_row(S, buf, n, m - S->rg[g], rows);
    }
    free(buf);
    return 0;
}

typedef struct move {
    long pair, k;
} move;


/* A group whose municipalities have an agreed placement or a minimum
 * intake must stay open: moving its students away would break them. */
static int pinned(const problem *P, const long *pairs, long n)
{
    for (long a = 0; a < n; a++) {
        const pair *q = &P->pairs[pairs[a]];
        if (lb_of(P, pairs[a]) > 0) return 1;
        if (P->row_min && ((q->prow >= 0 && P->row_min[q->prow] >= 0) || (q->srow >= 0 && P->row_min[q->srow] >= 0)))
            return 1;
    }
    return 0;
}

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
        if (!users[g] || P->gfixed[g] <= 0 || pinned(P, gp + first[g], first[g + 1] - first[g])) continue;
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
    int changes = P->n_ckeys > 0 && P->set.change_cost > 0;
    S.key_n = changes ? calloc((size_t)P->n_ckeys, sizeof *S.key_n) : NULL;
    long most = 1;
    for (int c = 0; c < P->n_cls; c++)
        if (P->cls_first[c + 1] - P->cls_first[c] > most) most = P->cls_first[c + 1] - P->cls_first[c];
    cand *buf = malloc((size_t)most * sizeof *buf);
    int rc = -1;
    if (!S.u || !S.row || !S.unit || !S.pool || !S.rg || !S.muni || !buf || (changes && !S.key_n)) goto out;
    memset(x, 0, (size_t)P->n_pairs * sizeof *x);
    for (int c = 0; c < P->n_cls; c++) S.u[c] = P->cls[c].size;
    for (long i = 0; i < P->n_pairs && P->lb; i++) /* agreed placements first: rounding never drops them */
        if (P->lb[i]) add(&S, i, P->lb[i] < S.u[P->pairs[i].cls] ? P->lb[i] : S.u[P->pairs[i].cls]);
    for (long i = 0; i < P->n_pairs; i++) {
        long v = lpx && (!allowed || allowed[i]) ? (long)floor(lpx[i] + 1e-6) - S.x[i] : 0;
        if (v < 0) v = 0;
        if (v > P->pairs[i].ub - S.x[i]) v = P->pairs[i].ub - S.x[i];
        if (v > S.u[P->pairs[i].cls]) v = S.u[P->pairs[i].cls];
        if (v) add(&S, i, v);
    }
    repair(&S);
    if ((P->n_mins || P->lb) && meet_agreements(&S)) goto out;
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
    free(S.key_n);
    free(buf);
    return rc;
}
