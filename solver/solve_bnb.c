/*
 * solve_bnb.c - GLPK's branch-and-bound of a level and what the engine
 * does inside it through GLPK's callback: hand GLPK the level's starting
 * plan, branch on the structural decisions first, round every node's LP
 * into a plan, stop once the bound is within one objective step of the
 * incumbent, and report progress.  Also GLPK's terminal and error hooks.
 */
#define _POSIX_C_SOURCE 200809L
#include "solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* GLPK talks only through this hook: the library never prints.  And
 * GLPK's simplex has no callback and an LP of the national instance takes
 * seconds, so its output (asked for every PK_LP_REPORT_MS, then swallowed
 * here) serves as one: progress is reported, and when the caller asks to
 * stop, GLPK is abandoned (glp_free_env releases all it holds) and the
 * solve returns the plan it has. */
static int lp_hook(void *info, const char *s)
{
    (void)s;
    solver *S = info;
    cb_state *c = &S->cb;
    if (!c->in_lp || !S->progress) return 1;
    double t = pk_now();
    if (t - c->lp_last < 0.001 * PK_LP_REPORT_MS) return 1;
    c->lp_last = t;
    praksis_progress p = {c->level, pk_plan_level(&S->R->plan.fig, c->level), -HUGE_VAL, HUGE_VAL, t - S->t0, 0};
    if (S->progress(S->user, &p)) {
        c->interrupted = 1;
        c->in_lp = 0;
        glp_free_env();
        longjmp(c->fail, 2);
    }
    return 1;
}

static void on_glpk_error(void *info)
{
    solver *S = info;
    /* GLPK's state is unusable after an error: release it, then unwind. */
    glp_free_env();
    longjmp(S->cb.fail, 1);
}

void pk_solve_hooks_set(solver *S)
{
    glp_term_hook(lp_hook, S);
    glp_error_hook(on_glpk_error, S);
}

void pk_solve_hooks_clear(void)
{
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
}

static void report(solver *S, glp_tree *T)
{
    cb_state *c = &S->cb;
    if (!S->progress) return;
    praksis_progress p;
    p.level = c->level;
    p.incumbent = c->has_incumbent ? c->incumbent : HUGE_VAL;
    p.bound = c->bound;
    p.gap = HUGE_VAL;
    if (c->has_incumbent && isfinite(c->bound)) p.gap = fabs(c->incumbent - c->bound) / (1e-10 + fabs(c->incumbent));
    p.seconds = pk_now() - S->t0;
    int a_cnt = 0, n_cnt = 0, t_cnt = 0;
    glp_ios_tree_size(T, &a_cnt, &n_cnt, &t_cnt);
    p.nodes = c->nodes_before + t_cnt;
    if (S->progress(S->user, &p)) {
        c->interrupted = 1;
        glp_ios_terminate(T);
    }
}

/* Best bound over the open nodes, and the incumbent, as GLPK sees them. */
static void observe(cb_state *c, glp_tree *T)
{
    glp_prob *mip = glp_ios_get_prob(T);
    if (glp_mip_status(mip) == GLP_FEAS) {
        c->has_incumbent = 1;
        c->incumbent = glp_mip_obj_val(mip);
    }
    int best = glp_ios_best_node(T);
    /* The global bound only rises.  A node GLPK has not solved yet (the
     * root, seen before its LP) has no bound of its own (-DBL_MAX): keep
     * the level's LP bound then, or a search that ends at the root (its
     * cut rounds reach the gap) would report an infinite gap. */
    if (best && glp_ios_node_bound(T, best) > c->bound) c->bound = glp_ios_node_bound(T, best);
    /* No plan better than the incumbent can exist when the bound is above
     * incumbent - quantum: stop, the incumbent is optimal. */
    if (c->quantum > 0 && c->has_incumbent && best) {
        double eps = 1e-9 * fmax(1, fabs(c->incumbent));
        if (c->quantum > 10 * eps && c->bound > c->incumbent - c->quantum + eps) {
            c->proven = 1;
            glp_ios_terminate(T);
        }
    }
}

/* Branch on the structural decisions first: which groups are in use (y),
 * where relocated students go (z), how many supervisors (v).  Once those
 * are whole, the placements x of the LP are whole or nearly so (capacity
 * and cohort rows form a network), so branching on x first only multiplies
 * nodes.  Among the candidates, the most fractional; x is left to GLPK's
 * pseudo-cost rule. */
static void branch(const solver *S, glp_tree *T)
{
    const model *M = S->M;
    glp_prob *lp = glp_ios_get_prob(T);
    int best = 0, best_kind = 9;
    double best_frac = 0;
    for (int j = M->x0 + (int)M->P->n_pairs; j < M->n_cols; j++) {
        int kind = M->ckind[j], g = S->colmap[j];
        if (kind != CK_Y && kind != CK_Z && kind != CK_V) continue;
        if (!g || !glp_ios_can_branch(T, g)) continue;
        double v = glp_get_col_prim(lp, g), f = v - floor(v);
        double frac = f < 1 - f ? f : 1 - f;
        int rank = kind == CK_V ? 1 : 0; /* y and z before v */
        if (rank < best_kind || (rank == best_kind && frac > best_frac + 1e-12)) {
            best = g;
            best_kind = rank;
            best_frac = frac;
        }
    }
    if (best) glp_ios_branch_upon(T, best, GLP_NO_BRNCH);
}

/* The plan x (with its figures pl) as GLPK column values in S->seed. */
static void seed_from(solver *S, const long *x, const pk_plan *pl)
{
    pk_model_plan_columns(S->M, x, pl, S->plan_cols);
    for (int j = 0; j < S->M->n_cols; j++)
        if (S->colmap[j]) S->seed[S->colmap[j]] = S->plan_cols[j + 1];
}

/* Offer the checked scratch plan to GLPK as an incumbent. */
static void offer(solver *S, glp_tree *T)
{
    seed_from(S, S->hx, &S->hplan);
    if (glp_ios_heur_sol(T, S->seed) == 0) S->cb.heur_found++;
}

/* Round the node's LP solution into a plan and offer it to GLPK.  Deeper
 * in the tree more of y, z and v are whole, and the rounded plan gets
 * better; GLPK's own search rarely finds a plan of this model by itself. */
static void node_heuristic(solver *S, glp_tree *T)
{
    glp_prob *lp = glp_ios_get_prob(T);
    S->cb.heur_tries++;
    if (!pk_round_lp(S, lp)) return;
    double v = pk_plan_level(&S->hplan.fig, S->cb.level);
    if (glp_mip_status(lp) == GLP_FEAS && v >= glp_mip_obj_val(lp) - 1e-9 * fmax(1, fabs(v))) return;
    offer(S, T);
}

/* GLPK's own cuts at the root only: GLPK reads its parameters through the
 * pointer it was given, so switching them off at the first branching
 * leaves the root's rounds and spares the nodes. */
static void root_cuts_off(solver *S)
{
    if (!S->io) return;
    S->io->gmi_cuts = GLP_OFF;
    S->io->mir_cuts = GLP_OFF;
}

static void callback(glp_tree *T, void *info)
{
    solver *S = info;
    cb_state *c = &S->cb;
    switch (glp_ios_reason(T)) {
    case GLP_IBRANCH:
        root_cuts_off(S);
        branch(S, T);
        break;
    case GLP_IHEUR:
        if (!c->seeded) {
            c->seeded = 1;
            glp_ios_heur_sol(T, S->seed);
        } else {
            node_heuristic(S, T);
            if (pk_search_rins(S, T)) offer(S, T);
        }
        /* The root's cut rounds pass here but not through GLP_ISELECT, and
         * with the Gomory rounds a level often ends at its root: ask the
         * caller here too, or a stop would wait for the whole level. */
        report(S, T);
        if (c->interrupted) glp_ios_terminate(T); /* asked during the sub-search */
        break;
    case GLP_ICUTGEN:
        pk_cuts_separate(S, T);
        break;
    case GLP_IBINGO:
    case GLP_ISELECT:
        observe(c, T);
        if (!c->proven) report(S, T);
        break;
    default:
        break;
    }
    int a_cnt, n_cnt, t_cnt;
    glp_ios_tree_size(T, &a_cnt, &n_cnt, &t_cnt);
    c->nodes = t_cnt;
}

praksis_error pk_level_bnb(solver *S, int level, const lp_run *lr, bnb_run *out, praksis_diag *diag)
{
    const model *M = S->M;
    const problem *P = S->P;
    praksis_result *R = S->R;
    seed_from(S, R->x, &R->plan);
    cb_state *c = &S->cb;
    c->level = level;
    c->seeded = 0;
    c->has_incumbent = 0;
    c->bound = lr->lp_bound;
    c->nodes_before = S->nodes;
    c->nodes = 0;
    c->proven = 0;
    c->rins_next = 2; /* the first node after the root: see search.c */
    c->quantum = pk_model_obj_quantum(M, level);
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    io.br_tech = GLP_BR_PCH;
    io.bt_tech = GLP_BT_BLB;
    io.cb_func = callback;
    io.cb_info = S;
    io.mip_gap = level == 3 ? P->set.mip_gap : level == 4 ? PK_KM_GAP : 0;
    /* Gomory's mixed-integer cuts at the cost level's root: on the regional
     * what-if cases that branch there they cut the nodes 2-5 fold (e.g.
     * 2,071 to 419); at every node they cost more than they gain, and
     * GLPK's MIR cuts did not pay at the root either (models/README.md). */
    io.gmi_cuts = level == 3 ? GLP_ON : GLP_OFF;
    S->io = &io;
    double remaining = S->level_limit - (pk_now() - S->t0);
    io.tm_lim = pk_tm_lim_ms(remaining);
    int ret = glp_intopt(S->lp, &io);
    S->io = NULL;
    S->nodes += c->nodes;
    S->level_nodes[level - 1] += c->nodes;
    int ms = glp_mip_status(S->lp);
    *out = (bnb_run){ret, ms, c->proven, c->bound, lr->lp_bound, lr->min_rc, io.mip_gap};
    if (ms != GLP_OPT && ms != GLP_FEAS) return PRAKSIS_OK;
    for (long i = 0; i < P->n_pairs; i++) {
        int g = S->colmap[M->x0 + i];
        R->x[i] = g ? (long)floor(glp_mip_col_val(S->lp, g) + 0.5) : 0;
    }
    return pk_result_update(R, diag);
}
