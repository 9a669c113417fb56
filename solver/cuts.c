/*
 * cuts.c - cutting planes the engine separates itself, through GLPK's
 * callback (GLP_ICUTGEN, glp_ios_add_row).  GLPK's own generators know
 * nothing of this model's structure; these rows are each valid for every
 * integer plan of the model as README states it, so the optimum does not
 * move, only the bound of a node's LP.
 *
 * Relocation links.  At levels 1 and 2 the LP leaves out the per-pair rows
 * x <= c*z (c = min(ub, the relocation group's capacity)): at national
 * size they are most of the rows and the LP of a level is six times
 * slower with them.  Only a few of them ever bind, where a node's LP puts
 * a small relocated group on a fractional switch z; those are added here
 * when the node's point violates them.
 *
 * Group links.  A municipality in a coordinator group with a fixed cost
 * takes students only when the group is open: the model links each pair,
 * x <= ub y.  Summed over the municipalities of one group that a class
 * can use, sum x <= min(class size, sum ub) y holds too, and is stronger
 * where the group has several: with y = 1/2 the pair rows let the class
 * put half its students in each of two municipalities, the summed row
 * only half of them in all.  The cost level's LP gets those that its
 * point violates.
 */
#define _POSIX_C_SOURCE 200809L
#include "solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A cut must be violated by this much (in students) to be worth a row. */
#define LINK_MIN_VIOLATION 1e-3
/* At most this many link cuts per round, the most violated first. */
#define LINK_MAX_PER_ROUND 500

typedef struct viol {
    long pair;
    double by;
} viol;

/* A pair with its (y column, class) key: aggregates are runs of one key. */
typedef struct keyed {
    long key, pair;
} keyed;

static int by_key(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->pair < y->pair ? -1 : x->pair > y->pair;
}

/* Record the run pairs[a..b) of one (group, class) as an aggregate when
 * its row is not just the sum of the model's pair rows: two pairs or more,
 * and fewer students in the class than their bounds add up to. */
static void add_aggregate(solver *S, const keyed *pairs, long a, long b, long *longest)
{
    if (b - a < 2) return;
    const problem *P = S->P;
    double sum_ub = 0, size = (double)P->cls[P->pairs[pairs[a].pair].cls].size;
    for (long t = a; t < b; t++) sum_ub += (double)P->pairs[pairs[t].pair].ub;
    if (size >= sum_ub) return; /* the sum of the pair rows: nothing new */
    long k = S->n_agg++, at = S->agg_start[k];
    for (long t = a; t < b; t++) S->agg_pair[at++] = pairs[t].pair;
    S->agg_start[k + 1] = at;
    S->agg_coef[k] = size;
    S->agg_y[k] = (int)(pairs[a].key / P->n_cls);
    if (b - a > *longest) *longest = b - a;
}

static int group_links_init(solver *S)
{
    const problem *P = S->P;
    long n = 0;
    keyed *pairs = malloc(((size_t)P->n_pairs + 1) * sizeof *pairs);
    S->agg_pair = malloc(((size_t)P->n_pairs + 1) * sizeof *S->agg_pair);
    S->agg_start = calloc((size_t)P->n_pairs + 2, sizeof *S->agg_start);
    S->agg_coef = malloc(((size_t)P->n_pairs + 1) * sizeof *S->agg_coef);
    S->agg_y = malloc(((size_t)P->n_pairs + 1) * sizeof *S->agg_y);
    if (!pairs || !S->agg_pair || !S->agg_start || !S->agg_coef || !S->agg_y) {
        free(pairs);
        return -1;
    }
    long longest = 0;
    for (long i = 0; i < P->n_pairs; i++) {
        int y = pk_model_site_y(S->M, P->pairs[i].site);
        if (y >= 0) pairs[n++] = (keyed){(long)y * P->n_cls + P->pairs[i].cls, i};
    }
    qsort(pairs, (size_t)n, sizeof *pairs, by_key);
    S->n_agg = 0;
    for (long a = 0, b; a < n; a = b) {
        for (b = a + 1; b < n && pairs[b].key == pairs[a].key; b++)
            ;
        add_aggregate(S, pairs, a, b, &longest);
    }
    free(pairs);
    /* a cut's row: its pairs and y, 1-based as GLPK wants it */
    S->agg_ind = malloc(((size_t)longest + 2) * sizeof *S->agg_ind);
    S->agg_val = malloc(((size_t)longest + 2) * sizeof *S->agg_val);
    return S->agg_ind && S->agg_val ? 0 : -1;
}

/* The link coefficient c of every pair with a row x <= c z in the model
 * (0 for the others), read from the model's own 'l' rows so that a cut is
 * exactly the row the cost level loads. */
int pk_cuts_init(solver *S)
{
    const model *M = S->M;
    S->link_coef = calloc((size_t)S->P->n_pairs + 1, sizeof *S->link_coef);
    S->link_z = calloc((size_t)S->P->n_pairs + 1, sizeof *S->link_z);
    S->cut_buf = malloc(((size_t)S->P->n_pairs + 1) * sizeof(viol));
    if (!S->link_coef || !S->link_z || !S->cut_buf) return -1;
    for (long k = 0; k < M->n_nz; k++) {
        int i = M->ti[k], j = M->tj[k];
        if (M->rtag[i] != 'l' || M->ckind[j] != CK_Z) continue;
        long pr = M->rref[i];
        S->link_coef[pr] = -M->tv[k];
        S->link_z[pr] = j;
    }
    return group_links_init(S);
}

void pk_cuts_free(solver *S)
{
    free(S->link_coef);
    free(S->link_z);
    free(S->cut_buf);
    free(S->agg_pair);
    free(S->agg_start);
    free(S->agg_coef);
    free(S->agg_y);
    free(S->agg_ind);
    free(S->agg_val);
    S->agg_pair = S->agg_start = NULL;
    S->agg_coef = S->agg_val = NULL;
    S->agg_y = S->agg_ind = NULL;
    S->n_agg = 0;
    S->cut_buf = NULL;
    S->link_coef = NULL;
    S->link_z = NULL;
}

static int viol_cmp(const void *a, const void *b)
{
    const viol *x = a, *y = b;
    if (x->by != y->by) return x->by > y->by ? -1 : 1;
    return x->pair < y->pair ? -1 : x->pair > y->pair;
}

/* Add the violated links x <= c z of the node's LP point, most violated
 * first.  Returns how many were added. */
static int separate_links(solver *S, glp_tree *T)
{
    const model *M = S->M;
    const problem *P = S->P;
    glp_prob *lp = glp_ios_get_prob(T);
    viol *v = S->cut_buf;
    long n = 0;
    for (long i = 0; i < P->n_pairs; i++) {
        if (!S->link_coef[i]) continue;
        int gx = S->colmap[M->x0 + i], gz = S->colmap[S->link_z[i]];
        if (!gx || !gz) continue;
        double by = glp_get_col_prim(lp, gx) - S->link_coef[i] * glp_get_col_prim(lp, gz);
        if (by > LINK_MIN_VIOLATION) v[n++] = (viol){i, by};
    }
    if (!n) return 0;
    /* sorted with the pair as tie-break, so the same point always gives
     * the same rows (the plan must not depend on qsort's order) */
    qsort(v, (size_t)n, sizeof *v, viol_cmp);
    if (n > LINK_MAX_PER_ROUND) n = LINK_MAX_PER_ROUND;
    for (long k = 0; k < n; k++) {
        long i = v[k].pair;
        int ind[3] = {0, S->colmap[M->x0 + i], S->colmap[S->link_z[i]]};
        double val[3] = {0, 1, -S->link_coef[i]};
        glp_ios_add_row(T, NULL, PK_CUT_LINK, 0, 2, ind, val, GLP_UP, 0);
    }
    return (int)n;
}

/* sum x - c y over the active pairs of aggregate k at the node's point. */
static double group_excess(const solver *S, glp_prob *lp, long k)
{
    const model *M = S->M;
    double lhs = 0;
    for (long t = S->agg_start[k]; t < S->agg_start[k + 1]; t++) {
        int g = S->colmap[M->x0 + S->agg_pair[t]];
        if (g) lhs += glp_get_col_prim(lp, g);
    }
    int gy = S->colmap[S->agg_y[k]];
    return gy ? lhs - S->agg_coef[k] * glp_get_col_prim(lp, gy) : 0;
}

/* Add the violated group links of the node's LP point, most violated
 * first (viol.pair holds the aggregate).  Returns how many were added. */
static int separate_group_links(solver *S, glp_tree *T)
{
    const model *M = S->M;
    glp_prob *lp = glp_ios_get_prob(T);
    viol *v = S->cut_buf;
    long n = 0;
    for (long k = 0; k < S->n_agg; k++) {
        double by = group_excess(S, lp, k);
        if (by > LINK_MIN_VIOLATION) v[n++] = (viol){k, by};
    }
    if (!n) return 0;
    qsort(v, (size_t)n, sizeof *v, viol_cmp);
    if (n > LINK_MAX_PER_ROUND) n = LINK_MAX_PER_ROUND;
    int *ind = S->agg_ind;
    double *val = S->agg_val;
    for (long c = 0; c < n; c++) {
        long k = v[c].pair;
        int len = 0;
        for (long t = S->agg_start[k]; t < S->agg_start[k + 1]; t++) {
            int g = S->colmap[M->x0 + S->agg_pair[t]];
            if (!g) continue;
            ind[++len] = g;
            val[len] = 1;
        }
        ind[++len] = S->colmap[S->agg_y[k]];
        val[len] = -S->agg_coef[k];
        glp_ios_add_row(T, NULL, PK_CUT_GROUP, 0, len, ind, val, GLP_UP, 0);
    }
    return (int)n;
}

int pk_cuts_separate(solver *S, glp_tree *T)
{
    int added = 0;
    /* the cost level has every link row in its LP already */
    if (S->cb.level < 3 && S->link_coef) added += separate_links(S, T);
    /* y is a column from the cost level on (fixed at 1 before) */
    if (S->cb.level >= 3 && S->agg_y) added += separate_group_links(S, T);
    S->cb.cuts += added;
    return added;
}
