/*
 * search.c - a better plan than rounding finds, from inside GLPK's search:
 * relaxation-induced neighbourhood search (RINS).  At a node, every
 * integer column on which the node's LP and the incumbent agree is fixed
 * there, the incumbent's objective minus one step becomes a row, and the
 * small MIP that is left is solved by a nested branch-and-bound.  Its
 * plan, if any, is handed to GLPK as a new incumbent.
 *
 * When: at the first node after the root, then each time ten times as many
 * nodes have been solved.  At the national cost level the first run takes
 * the incumbent from 292.09 to 291.04 mill. kr (gap 0.26 % to 0.024 % at 60 s): the
 * bound was close all along, the plans were not.  Run at the root itself,
 * before GLPK's cut rounds, its plan led the search to 2-3 times more
 * nodes on two of nineteen regional cases; after the root it never did.
 *
 * The sub-search stops after a fixed number of nodes, never on a clock,
 * so the same input gives the same plan; it also stops at the solve's own
 * time limit, which makes the run one that says it was stopped.
 */
#define _POSIX_C_SOURCE 200809L
#include "solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Nodes of one sub-search. */
#define RINS_NODES 200
/* The sub-MIP is worth solving only when fixing leaves at most this share
 * of the integer columns free (else it is the whole problem again). */
#define RINS_MAX_FREE 0.3

typedef struct sub_cb {
    solver *S;
    int stopped;
} sub_cb;

/* The caller may ask to stop while a sub-search runs (at national size it
 * can take seconds): ask it at every sub-node, as the main search does. */
static int caller_stops(solver *S)
{
    cb_state *c = &S->cb;
    if (!S->progress) return 0;
    praksis_progress p = {c->level, c->has_incumbent ? c->incumbent : HUGE_VAL, c->bound, HUGE_VAL,
                          pk_now() - S->t0, c->nodes_before + c->nodes};
    if (S->progress(S->user, &p)) c->interrupted = 1;
    return c->interrupted;
}

static void sub_callback(glp_tree *T, void *info)
{
    sub_cb *c = info;
    if (glp_ios_reason(T) != GLP_ISELECT) return;
    int a, n, t;
    glp_ios_tree_size(T, &a, &n, &t);
    if (t > RINS_NODES || pk_now() - c->S->t0 >= c->S->level_limit || caller_stops(c->S)) {
        c->stopped = 1;
        glp_ios_terminate(T);
    }
}

/* Fix the columns where the node's LP agrees with the incumbent; returns
 * how many integer columns are left free, -1 if none is fixed. */
static int fix_agreeing(glp_prob *sub, glp_prob *node, int *n_int)
{
    int n = glp_get_num_cols(node), free_int = 0, fixed = 0;
    *n_int = 0;
    for (int j = 1; j <= n; j++) {
        if (glp_get_col_kind(node, j) == GLP_CV) continue;
        (*n_int)++;
        double inc = glp_mip_col_val(node, j), lp = glp_get_col_prim(node, j);
        if (fabs(inc - lp) < 1e-6) {
            glp_set_col_bnds(sub, j, GLP_FX, inc, inc);
            fixed++;
        } else {
            free_int++;
        }
    }
    return fixed ? free_int : -1;
}

/* The row objective <= incumbent - step: only a better plan is wanted. */
static void add_cutoff(glp_prob *sub, double limit)
{
    int n = glp_get_num_cols(sub), k = 0;
    int *ind = malloc(((size_t)n + 1) * sizeof *ind);
    double *val = malloc(((size_t)n + 1) * sizeof *val);
    if (!ind || !val) {
        free(ind);
        free(val);
        return;
    }
    for (int j = 1; j <= n; j++) {
        double c = glp_get_obj_coef(sub, j);
        if (c != 0) {
            ind[++k] = j;
            val[k] = c;
        }
    }
    int i = glp_add_rows(sub, 1);
    glp_set_row_bnds(sub, i, GLP_UP, 0, limit - glp_get_obj_coef(sub, 0));
    glp_set_mat_row(sub, i, k, ind, val);
    free(ind);
    free(val);
}

/* Above this many columns the sub-problem goes through GLPK's MIP
 * presolver, which drops the fixed columns: without it a national
 * sub-problem is copied and factorised whole, for seconds that no callback
 * can interrupt.  Below it the presolver is left out: on Agder with a
 * change penalty and the LP's columns priced in, the presolved problem's
 * first LP did not end in minutes (without it: 0.9 s for all four levels). */
#define RINS_PRESOLVE_COLS 10000

/* glp_intopt on the sub-problem, with or without the presolver. */
static int sub_intopt(glp_prob *sub, glp_iocp *io)
{
    io->presolve = glp_get_num_cols(sub) > RINS_PRESOLVE_COLS ? GLP_ON : GLP_OFF;
    if (io->presolve == GLP_ON) return glp_intopt(sub, io);
    glp_smcp sp; /* without the presolver glp_intopt wants the LP solved */
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.tm_lim = io->tm_lim;
    return glp_simplex(sub, &sp) == 0 && glp_get_status(sub) == GLP_OPT ? glp_intopt(sub, io) : GLP_EROOT;
}

/* Solve the neighbourhood of the node's LP point and the incumbent; when
 * it holds a better plan, put it in S->hx (checked) and return 1. */
static int solve_neighbourhood(solver *S, glp_prob *node)
{
    const model *M = S->M;
    glp_prob *sub = glp_create_prob();
    glp_copy_prob(sub, node, GLP_OFF);
    int n_int, free_int = fix_agreeing(sub, node, &n_int);
    int found = 0;
    if (free_int > 0 && free_int <= RINS_MAX_FREE * n_int) {
        double inc = glp_mip_obj_val(node);
        double step = S->cb.quantum > 0 ? S->cb.quantum : 1e-6 * fmax(1, fabs(inc));
        add_cutoff(sub, inc - 0.5 * step);
        glp_iocp io;
        glp_init_iocp(&io);
        io.msg_lev = GLP_MSG_OFF;
        io.br_tech = GLP_BR_PCH;
        sub_cb c = {S, 0};
        io.cb_func = sub_callback;
        io.cb_info = &c;
        /* sub_callback asks only between nodes; inside an LP only GLPK's
         * own limit stops it, so give it what is left of the level */
        double left = S->level_limit - (pk_now() - S->t0);
        io.tm_lim = left > 0.001 ? (int)fmin(left * 1000, 2e9) : 1;
        int ret = sub_intopt(sub, &io);
        int st = glp_mip_status(sub);
        if ((ret == 0 || ret == GLP_ESTOP) && (st == GLP_OPT || st == GLP_FEAS)) {
            for (long i = 0; i < S->P->n_pairs; i++) {
                int g = S->colmap[M->x0 + i];
                S->hx[i] = g ? (long)floor(glp_mip_col_val(sub, g) + 0.5) : 0;
            }
            found = pk_candidate_ok(S);
        }
    }
    glp_delete_prob(sub);
    return found;
}

int pk_search_rins(solver *S, glp_tree *T)
{
    cb_state *c = &S->cb;
    glp_prob *node = glp_ios_get_prob(T);
    if (glp_mip_status(node) != GLP_FEAS) return 0;
    int a, n, t;
    glp_ios_tree_size(T, &a, &n, &t);
    /* at the first node after the root, then each time ten times as many
     * nodes have been solved */
    if (t < c->rins_next) return 0;
    c->rins_next = 10 * t;
    c->rins_runs++;
    if (!solve_neighbourhood(S, node)) return 0;
    c->rins_found++;
    return 1;
}
