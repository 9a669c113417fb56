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
    return 0;
}

void pk_cuts_free(solver *S)
{
    free(S->link_coef);
    free(S->link_z);
    free(S->cut_buf);
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

int pk_cuts_separate(solver *S, glp_tree *T)
{
    int added = 0;
    /* the cost level has every link row in its LP already */
    if (S->cb.level < 3 && S->link_coef) added += separate_links(S, T);
    S->cb.cuts += added;
    return added;
}
