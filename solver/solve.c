/*
 * solve.c - stage 4: the lexicographic solve on GLPK.
 *
 * Levels are solved in turn on one GLPK problem: minimise unplaced weeks;
 * fix it (<= opt + 1e-6 + 1e-9|opt|) and minimise the share deficit; fix
 * that and minimise cost.  Each level starts from the previous level's
 * plan, handed to GLPK as its first incumbent (everyone unplaced for level
 * 1), so a solve stopped by a limit always has a plan, and the incumbent
 * prunes from the first node.  GLPK's MIP presolver is off because a
 * heuristic solution must be given in the columns the search sees.
 */
#define _POSIX_C_SOURCE 200809L
#include "model.h"
#include "result.h"

#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct solve_ctx {
    const model *M;
    int level;
    double *seed;          /* 1-based column values of the plan handed to GLPK */
    int seeded;
    praksis_progress_fn progress;
    void *user;
    int interrupted;
    double t0;
    double bound, incumbent;
    int has_incumbent;
    long nodes_before;
    long nodes;
    const int *colmap;     /* GLPK column of each model column, or 0 */
    /* for the rounding heuristic at each node */
    praksis_result *H;     /* scratch plan */
    const unsigned char *allowed;
    double *lpx, *plan;    /* per pair; per model column (1-based) */
    const double *bnd;     /* the fixed earlier levels */
    long heur_tries, heur_found;
    /* while GLPK's simplex runs: its output hook is the only way back in */
    int in_lp;
    double lp_last;
    const praksis_result *R;
    double quantum;        /* objective step of integer plans, 0 if unknown */
    int proven;            /* the bound is within one step of the incumbent */
    jmp_buf fail;
} solve_ctx;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double level_value(const praksis_summary *s, int level);

/* GLPK talks only through this hook: the library never prints.  And
 * GLPK's simplex has no callback and an LP of the national instance takes
 * seconds, so its output (asked for every LP_REPORT_MS, then swallowed
 * here) serves as one: progress is reported, and when the caller asks to
 * stop, GLPK is abandoned (glp_free_env releases all it holds) and the
 * solve returns the plan it has. */
#define LP_REPORT_MS 200
static int lp_hook(void *info, const char *s)
{
    (void)s;
    solve_ctx *c = info;
    if (!c->in_lp || !c->progress) return 1;
    double t = now();
    if (t - c->lp_last < 0.001 * LP_REPORT_MS) return 1;
    c->lp_last = t;
    praksis_progress p = {c->level, level_value(&c->R->sum, c->level), -HUGE_VAL, HUGE_VAL, t - c->t0, 0};
    if (c->progress(c->user, &p)) {
        c->interrupted = 1;
        c->in_lp = 0;
        glp_free_env();
        longjmp(c->fail, 2);
    }
    return 1;
}

/* Column values (1-based) of a plan given by x: everything else follows. */
static void plan_columns(const model *M, const long *x, double *col)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    int n = M->n_cols;
    for (int j = 1; j <= n; j++) col[j] = 0;
    long *unit = calloc((size_t)P->n_units + 1, sizeof *unit);
    long *rg = calloc((size_t)P->n_rgroups + 1, sizeof *rg);
    double *muni = calloc((size_t)P->n_ipgs + 1, sizeof *muni);
    if (!unit || !rg || !muni) {
        free(unit);
        free(rg);
        free(muni);
        return;
    }
    for (int k = 0; k < P->n_coh; k++) col[M->u0 + k + 1] = (double)P->students[k];
    for (long i = 0; i < P->n_pairs; i++) {
        if (!x[i]) continue;
        const pair *q = &P->pairs[i];
        col[M->x0 + i + 1] = (double)x[i];
        col[M->u0 + q->coh + 1] -= (double)x[i];
        unit[q->unit] += x[i];
        if (q->rgrp >= 0) rg[q->rgrp] += x[i];
        const site *s = &I->sites[q->site];
        if (s->kind == SITE_MUNICIPALITY) {
            muni[P->coh_ipg[q->coh]] += (double)x[i] * I->cohorts[P->coh[q->coh]].weeks;
            if (M->y_col[s->group] >= 0) col[M->y_col[s->group] + 1] = 1;
        }
    }
    for (int g = 0; g < P->n_ipgs; g++)
        if (M->d_col[g] >= 0) {
            double d = P->ipgs[g].target_weeks - muni[g];
            col[M->d_col[g] + 1] = d > 0 ? d : 0;
        }
    for (int u = 0; u < P->n_units; u++)
        if (M->v_col[u] >= 0) {
            long ratio = I->programmes[P->units[u].programme].ratio;
            col[M->v_col[u] + 1] = (double)((unit[u] + ratio - 1) / ratio);
        }
    for (int r = 0; r < P->n_rgroups; r++)
        if (M->z_col[r] >= 0 && rg[r] > 0) col[M->z_col[r] + 1] = 1;
    free(unit);
    free(rg);
    free(muni);
}

static void report(solve_ctx *c, glp_tree *T)
{
    if (!c->progress) return;
    praksis_progress p;
    p.level = c->level;
    p.incumbent = c->has_incumbent ? c->incumbent : HUGE_VAL;
    p.bound = c->bound;
    p.gap = HUGE_VAL;
    if (c->has_incumbent && isfinite(c->bound)) p.gap = fabs(c->incumbent - c->bound) / (1e-10 + fabs(c->incumbent));
    p.seconds = now() - c->t0;
    int a_cnt = 0, n_cnt = 0, t_cnt = 0;
    glp_ios_tree_size(T, &a_cnt, &n_cnt, &t_cnt);
    p.nodes = c->nodes_before + t_cnt;
    if (c->progress(c->user, &p)) {
        c->interrupted = 1;
        glp_ios_terminate(T);
    }
}

/* Best bound over the open nodes, and the incumbent, as GLPK sees them. */
static void observe(solve_ctx *c, glp_tree *T)
{
    glp_prob *mip = glp_ios_get_prob(T);
    if (glp_mip_status(mip) == GLP_FEAS) {
        c->has_incumbent = 1;
        c->incumbent = glp_mip_obj_val(mip);
    }
    int best = glp_ios_best_node(T);
    if (best) c->bound = glp_ios_node_bound(T, best);
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
static void branch(solve_ctx *c, glp_tree *T)
{
    const model *M = c->M;
    glp_prob *lp = glp_ios_get_prob(T);
    int best = 0, best_kind = 9;
    double best_frac = 0;
    for (int j = M->x0 + (int)M->P->n_pairs; j < M->n_cols; j++) {
        int kind = M->ckind[j], g = c->colmap[j];
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

static double level_value(const praksis_summary *s, int level)
{
    return level == 1 ? s->unplaced_weeks : level == 2 ? s->share_deficit_weeks : s->cost_total;
}

/* Complete a plan given by its placements (unplaced = the rest) and
 * re-check it: 1 when it is valid and within the fixed earlier levels. */
static void fill_unplaced(praksis_result *R)
{
    const problem *P = R->P;
    for (int k = 0; k < P->n_coh; k++) {
        long placed = 0;
        for (long i = P->coh_first[k]; i < P->coh_first[k + 1]; i++) placed += R->x[i];
        R->u[k] = P->students[k] - placed;
    }
}

static int candidate_ok(praksis_result *H, const double *bnd)
{
    fill_unplaced(H);
    praksis_diag ignore;
    return pk_plan_check(H, &ignore) == PRAKSIS_OK && H->sum.unplaced_weeks <= bnd[0] &&
           H->sum.share_deficit_weeks <= bnd[1];
}

/* Round the node's LP solution into a plan and offer it to GLPK.  Deeper
 * in the tree more of y, z and v are whole, and the rounded plan gets
 * better; GLPK's own search rarely finds a plan of this model by itself. */
/* Keep the checked plan H in R when it is better at this level. */
static praksis_error adopt_if_better(const praksis_result *H, int level, praksis_result *R, praksis_diag *diag)
{
    if (level_value(&H->sum, level) >= level_value(&R->sum, level) - 1e-9) return PRAKSIS_OK;
    memcpy(R->x, H->x, (size_t)R->P->n_pairs * sizeof *R->x);
    memcpy(R->u, H->u, (size_t)R->P->n_coh * sizeof *R->u);
    return pk_plan_check(R, diag);
}

/* Round the LP solution in lp into the scratch plan c->H: 1 when that is
 * a valid plan within the fixed earlier levels. */
static int round_lp(solve_ctx *c, glp_prob *lp)
{
    const model *M = c->M;
    const problem *P = M->P;
    for (long i = 0; i < P->n_pairs; i++) {
        int g = c->colmap[M->x0 + i];
        c->lpx[i] = g ? glp_get_col_prim(lp, g) : 0;
    }
    return pk_heuristic_plan(P, c->lpx, c->allowed, c->H->x) == 0 && candidate_ok(c->H, c->bnd);
}

static void node_heuristic(solve_ctx *c, glp_tree *T)
{
    const model *M = c->M;
    glp_prob *lp = glp_ios_get_prob(T);
    c->heur_tries++;
    if (!round_lp(c, lp)) return;
    double v = level_value(&c->H->sum, c->level);
    if (glp_mip_status(lp) == GLP_FEAS && v >= glp_mip_obj_val(lp) - 1e-9 * fmax(1, fabs(v))) return;
    plan_columns(M, c->H->x, c->plan);
    for (int j = 0; j < M->n_cols; j++)
        if (c->colmap[j]) c->seed[c->colmap[j]] = c->plan[j + 1];
    if (glp_ios_heur_sol(T, c->seed) == 0) c->heur_found++;
}

/* Round the LP solution in lp (optimal, or feasible where a time limit
 * stopped the simplex) into a plan, and keep it in R when it is valid and
 * better at this level.  c supplies the level, the fixed earlier levels and
 * the scratch plan. */
static praksis_error plan_from_lp(solve_ctx *c, glp_prob *lp, praksis_result *R, praksis_diag *diag)
{
    return round_lp(c, lp) ? adopt_if_better(c->H, c->level, R, diag) : PRAKSIS_OK;
}

static void callback(glp_tree *T, void *info)
{
    solve_ctx *c = info;
    switch (glp_ios_reason(T)) {
    case GLP_IBRANCH:
        branch(c, T);
        break;
    case GLP_IHEUR:
        if (!c->seeded) {
            c->seeded = 1;
            glp_ios_heur_sol(T, c->seed);
        } else if (c->H) {
            node_heuristic(c, T);
        }
        break;
    case GLP_IBINGO:
    case GLP_ISELECT:
        observe(c, T);
        if (!c->proven) report(c, T);
        break;
    default:
        break;
    }
    int a_cnt, n_cnt, t_cnt;
    glp_ios_tree_size(T, &a_cnt, &n_cnt, &t_cnt);
    c->nodes = t_cnt;
}

static void on_glpk_error(void *info)
{
    solve_ctx *c = info;
    /* GLPK's state is unusable after an error: release it, then unwind. */
    glp_free_env();
    longjmp(c->fail, 1);
}

/* Above this many candidate pairs the LP starts from a subset of the
 * placements and prices in the rest: at national size a level's LP over
 * every pair takes longer than the whole time limit. */
#define PRICING_MIN_PAIRS 10000

/* The placements a large LP starts from: every column that is not a
 * placement, the placements of the current plan, every placement within
 * commuting distance or at a hospital, and for each cohort its nearest
 * relocated municipalities until they could take it twice over.  Pricing
 * adds whatever else the LP wants, so this choice affects speed only. */
static void activate_initial(const model *M, const long *x, unsigned char *active)
{
    const problem *P = M->P;
    const praksis_instance *I = P->inst;
    memset(active, 1, (size_t)M->n_cols);
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        active[M->x0 + i] = x[i] > 0 || !q->relocated || I->sites[q->site].kind == SITE_HOSPITAL;
    }
    for (int k = 0; k < P->n_coh; k++) {
        long need = 2 * P->students[k], got = 0;
        int taken = 0;
        for (;;) { /* nearest relocated municipal pair not yet taken */
            long best = -1;
            for (long i = P->coh_first[k]; i < P->coh_first[k + 1]; i++)
                if (!active[M->x0 + i] && (best < 0 || P->pairs[i].km < P->pairs[best].km)) best = i;
            if (best < 0 || (got >= need && taken >= 3)) break;
            active[M->x0 + best] = 1;
            got += P->pairs[best].ub;
            taken++;
        }
    }
}

/* Basis statuses by model row and column (0: none yet) and of the level
 * rows (extra rows after the model's), kept from one LP to the next. */
typedef struct basis {
    int *row, *col, lev[2];
    int have;
} basis;

static void basis_save(basis *B, const model *M, glp_prob *lp, const int *colmap, const int *rowmap, int level)
{
    for (int i = 0; i < M->n_rows; i++) B->row[i] = rowmap[i] ? glp_get_row_stat(lp, rowmap[i]) : 0;
    for (int j = 0; j < M->n_cols; j++) B->col[j] = colmap[j] ? glp_get_col_stat(lp, colmap[j]) : 0;
    int nr = glp_get_num_rows(lp);
    for (int k = 1; k < level; k++) B->lev[k - 1] = glp_get_row_stat(lp, nr - (level - 1) + k);
    B->have = 1;
}

/* Start the new LP where the last one ended.  Rows and columns the last LP
 * did not have come in as a slack in the basis and a column at the bound
 * of its value in the plan (placements priced in at 0, groups at 1 once
 * they have a cost): the basis stays square and non-singular, and primal
 * feasible when the plan is, so a re-solve after pricing or the next level
 * continues from the last optimum instead of from scratch.  Returns 0 if
 * the statuses do not make a basis (GLPK then starts from its own). */
static int basis_load(const basis *B, const model *M, glp_prob *lp, const int *colmap, const int *rowmap,
                      int level, const double *plan)
{
    if (!B->have) return 0;
    int nr = glp_get_num_rows(lp), basic = 0;
    for (int i = 0; i < M->n_rows; i++) {
        if (!rowmap[i]) continue;
        int st = B->row[i] ? B->row[i] : GLP_BS;
        if (st != GLP_BS && glp_get_row_type(lp, rowmap[i]) == GLP_FX) st = GLP_NS;
        glp_set_row_stat(lp, rowmap[i], st);
        basic += st == GLP_BS;
    }
    for (int k = 1; k < level; k++) {
        int st = B->lev[k - 1] ? B->lev[k - 1] : GLP_BS;
        glp_set_row_stat(lp, nr - (level - 1) + k, st);
        basic += st == GLP_BS;
    }
    for (int j = 0; j < M->n_cols; j++) {
        int g = colmap[j];
        if (!g) continue;
        int st = B->col[j];
        if (!st) st = plan[j + 1] > 0.5 && glp_get_col_ub(lp, g) <= plan[j + 1] + 1e-9 ? GLP_NU : GLP_NL;
        if (st != GLP_BS && glp_get_col_type(lp, g) == GLP_FX) st = GLP_NS;
        glp_set_col_stat(lp, g, st);
        basic += st == GLP_BS;
    }
    return basic == nr;
}

praksis_error praksis_solve(const praksis_instance *inst, const praksis_settings *s,
                            praksis_progress_fn progress, void *user, praksis_result **out,
                            praksis_diag *diag)
{
    *out = NULL;
    if (!inst || !s) return PRAKSIS_ERR_USAGE;
    double t0 = now();
    problem *P;
    praksis_error rc = pk_problem_build(inst, s, &P, diag);
    if (rc) return rc;
    praksis_result *R = calloc(1, sizeof *R);
    if (!R) {
        pk_problem_free(P);
        return PRAKSIS_ERR_NOMEM;
    }
    R->P = P;
    R->x = calloc((size_t)P->n_pairs + 1, sizeof *R->x);
    R->u = calloc((size_t)P->n_coh + 1, sizeof *R->u);
    R->ipg = calloc((size_t)P->n_ipgs + 1, sizeof *R->ipg);
    model M;
    if (!R->x || !R->u || !R->ipg || (rc = pk_model_build(P, &M)) != PRAKSIS_OK) {
        praksis_result_free(R);
        pk_diag_set(diag, inst->dir, 0, 0, "out of memory while building the model");
        return PRAKSIS_ERR_NOMEM;
    }
    for (int k = 0; k < P->n_coh; k++) R->u[k] = P->students[k];
    if ((rc = pk_plan_check(R, diag)) != PRAKSIS_OK) { /* everyone unplaced: the seed's figures */
        pk_model_free(&M);
        praksis_result_free(R);
        return rc;
    }
    solve_ctx *c = calloc(1, sizeof *c);
    if (!c || !(c->seed = calloc((size_t)M.n_cols + 1, sizeof *c->seed))) {
        if (c) free(c->seed);
        free(c);
        pk_model_free(&M);
        praksis_result_free(R);
        return PRAKSIS_ERR_NOMEM;
    }
    c->M = &M;
    c->progress = progress;
    c->user = user;
    c->t0 = t0;

    c->R = R;
    praksis_status status = PRAKSIS_STATUS_OPTIMAL;
    /* read after a longjmp from a GLPK hook, so volatile */
    volatile praksis_stop stop = PRAKSIS_STOP_NONE;
    volatile double gap = 0;
    volatile long nodes = 0;
    volatile int proven = 0;
    volatile double level_t[3] = {0, 0, 0};
    volatile long level_n[3] = {0, 0, 0};
    glp_prob *volatile lp = NULL;
    double bnd[2] = {HUGE_VAL, HUGE_VAL}; /* the fixed earlier levels */
    double *lpx = malloc(((size_t)P->n_pairs + 1) * sizeof *lpx);
    praksis_result H = {.P = P};  /* scratch for the heuristic's plan */
    H.x = calloc((size_t)P->n_pairs + 1, sizeof *H.x);
    H.u = calloc((size_t)P->n_coh + 1, sizeof *H.u);
    H.ipg = calloc((size_t)P->n_ipgs + 1, sizeof *H.ipg);
    /* The active set: model columns loaded into GLPK.  Small instances load
     * everything; large ones start from a subset of placements and price in
     * the rest (see activate_initial and the pricing loop below). */
    unsigned char *active = malloc((size_t)M.n_cols + 1);
    unsigned char *allowed = malloc((size_t)P->n_pairs + 1); /* active x, by pair */
    int *colmap = calloc((size_t)M.n_cols + 1, sizeof *colmap);
    int *rowmap = calloc((size_t)M.n_rows + 1, sizeof *rowmap);
    double *rc_full = malloc(((size_t)M.n_cols + 1) * sizeof *rc_full);
    double *seed_full = malloc(((size_t)M.n_cols + 2) * sizeof *seed_full);
    basis B = {calloc((size_t)M.n_rows + 1, sizeof(int)), calloc((size_t)M.n_cols + 1, sizeof(int)), {0, 0}, 0};
    if (!B.row || !B.col || !lpx || !H.x || !H.u || !H.ipg || !active || !allowed || !colmap || !rowmap || !rc_full || !seed_full)
        rc = PRAKSIS_ERR_NOMEM;
    else
        memset(active, 1, (size_t)M.n_cols);
    int pricing = rc == PRAKSIS_OK && P->n_pairs > PRICING_MIN_PAIRS;
    c->colmap = colmap;
    c->H = &H;
    c->allowed = allowed;
    c->lpx = lpx;
    c->plan = seed_full;
    c->bnd = bnd;
    glp_term_hook(lp_hook, c);
    glp_error_hook(on_glpk_error, c);
    int jumped = 0;
    switch (setjmp(c->fail)) {
    case 0:
        break;
    case 2: /* stopped during an LP: keep the plan */
        jumped = 1;
        lp = NULL; /* the hook released every GLPK object of this thread */
        stop = PRAKSIS_STOP_INTERRUPTED;
        rc = PRAKSIS_OK;
        break;
    default:
        jumped = 1;
        lp = NULL;
        pk_diag_set(diag, inst->dir, 0, 0, "GLPK failed while solving");
        rc = PRAKSIS_ERR_SOLVER;
        break;
    }
    for (int level = 1; !jumped && level <= 3 && rc == PRAKSIS_OK; level++) {
        double t_level = now();
        if (level > 1) bnd[level - 2] = pk_level_bound(level_value(&R->sum, level - 1));
        /* Unplaced weeks and deficit are never negative: a plan at 0 is
         * optimal for its level without an LP.  Try the greedy plan first;
         * with ample places it places everyone, and at national size the
         * LP is what costs the time. */
        if (level == 1 && pk_heuristic_plan(P, NULL, NULL, H.x) == 0 && candidate_ok(&H, bnd) &&
            (rc = adopt_if_better(&H, 1, R, diag)) != PRAKSIS_OK)
            break;
        if (level <= 2 && level_value(&R->sum, level) <= 0) {
            proven = level;
            level_t[level - 1] = now() - t_level;
            continue;
        }
        if (pricing && !B.have) {
            activate_initial(&M, R->x, active);
        } else if (pricing) {
            /* keep what the last level priced in, so its basis still fits */
            for (long i = 0; i < P->n_pairs; i++)
                if (R->x[i] > 0) active[M.x0 + i] = 1;
        }
        int done = 0;
        while (!done && rc == PRAKSIS_OK) {
            double remaining = s->time_limit - (now() - t0);
            if (remaining <= 0) {
                stop = PRAKSIS_STOP_TIME_LIMIT;
                gap = HUGE_VAL; /* no bound for this level yet */
                break;
            }
            if (lp) glp_delete_prob(lp);
            lp = pk_model_to_glpk_subset(&M, level, active, colmap, rowmap);
            if (!lp) {
                rc = PRAKSIS_ERR_NOMEM;
                break;
            }
            for (int k = 1; k < level; k++) pk_model_add_level_bound(&M, lp, k, bnd[k - 1], colmap);
            for (long i = 0; i < P->n_pairs; i++) allowed[i] = active[M.x0 + i];
            /* GLPK's simplex does not scale by itself; the share rows (weeks)
             * and the cost objective (kr) are orders of magnitude apart, and
             * unscaled the national LPs take several times longer. */
            glp_scale_prob(lp, GLP_SF_AUTO);
            plan_columns(&M, R->x, seed_full);
            int warm = basis_load(&B, &M, lp, colmap, rowmap, level, seed_full);
            glp_smcp sm;
            glp_init_smcp(&sm);
            /* primal: a warm basis is primal feasible (the plan meets every
             * row); from scratch, primal also measured faster on these LPs */
            sm.meth = GLP_PRIMAL;
            sm.tm_lim = (int)fmin(remaining * 1000.0, 2e9);
            sm.msg_lev = GLP_MSG_ON; /* for lp_hook */
            sm.out_frq = LP_REPORT_MS;
            sm.out_dly = 0;
            c->level = level;
            c->in_lp = 1;
            c->lp_last = now();
            int ret = glp_simplex(lp, &sm);
            if (warm && (ret == GLP_EFAIL || ret == GLP_ESING || ret == GLP_ECOND)) {
                glp_std_basis(lp); /* the carried basis was singular: start over */
                ret = glp_simplex(lp, &sm);
            }
            c->in_lp = 0;
            if (ret == GLP_ETMLIM) {
                /* Out of time inside the LP.  Primal simplex from the last
                 * level's basis ends on a feasible point that has already
                 * moved toward this level's optimum; rounded, it beats the
                 * last level's plan, which knew nothing of cost (measured
                 * on the national instance, stopped in the level-3 LP). */
                if (glp_get_prim_stat(lp) == GLP_FEAS) rc = plan_from_lp(c, lp, R, diag);
                stop = PRAKSIS_STOP_TIME_LIMIT;
                gap = HUGE_VAL;
                break;
            }
            if (ret != 0 || glp_get_status(lp) != GLP_OPT) {
                /* the current plan satisfies every row, so the LP cannot be infeasible */
                pk_diag_set(diag, inst->dir, 0, 0, "GLPK's simplex failed at level %d (code %d, status %d)", level, ret,
                         glp_get_status(lp));
                rc = PRAKSIS_ERR_SOLVER;
                break;
            }
            basis_save(&B, &M, lp, colmap, rowmap, level);
            /* Price the placements left out: with every reduced cost >= 0
             * the LP bound is the full model's. */
            double min_rc = HUGE_VAL;
            if (pricing) {
                pk_model_reduced_costs(&M, level, lp, rowmap, rc_full);
                long added = 0;
                for (long i = 0; i < P->n_pairs; i++) {
                    int j = M.x0 + (int)i;
                    if (active[j]) continue;
                    if (rc_full[j] < -1e-7) {
                        active[j] = 1;
                        added++;
                    } else if (rc_full[j] < min_rc) {
                        min_rc = rc_full[j];
                    }
                }
                if (added) continue; /* re-solve the LP with them */
            }
            double lp_bound = glp_get_obj_val(lp);
            /* A plan from this level's LP, if it is valid and beats the last one. */
            if ((rc = plan_from_lp(c, lp, R, diag)) != PRAKSIS_OK) break;
            plan_columns(&M, R->x, seed_full);
            for (int j = 0; j < M.n_cols; j++)
                if (colmap[j]) c->seed[colmap[j]] = seed_full[j + 1];
            c->level = level;
            c->seeded = 0;
            c->has_incumbent = 0;
            c->bound = lp_bound;
            c->nodes_before = nodes;
            c->nodes = 0;
            c->proven = 0;
            c->quantum = pk_model_obj_quantum(&M, level);
            glp_iocp io;
            glp_init_iocp(&io);
            io.msg_lev = GLP_MSG_OFF;
            io.presolve = GLP_OFF;
            io.br_tech = GLP_BR_PCH;
            io.bt_tech = GLP_BT_BLB;
            io.cb_func = callback;
            io.cb_info = c;
            io.mip_gap = level == 3 ? s->mip_gap : 0;
            remaining = s->time_limit - (now() - t0);
            io.tm_lim = (int)fmax(1, fmin(remaining * 1000.0, 2e9));
            ret = glp_intopt(lp, &io);
            nodes += c->nodes;
            level_n[level - 1] += c->nodes;
            int ms = glp_mip_status(lp);
            if (ms == GLP_OPT || ms == GLP_FEAS) {
                for (long i = 0; i < P->n_pairs; i++) {
                    int g = colmap[M.x0 + i];
                    R->x[i] = g ? (long)floor(glp_mip_col_val(lp, g) + 0.5) : 0;
                }
                fill_unplaced(R);
                if ((rc = pk_plan_check(R, diag)) != PRAKSIS_OK) break;
            }
            double inc = level_value(&R->sum, level);
            /* Without the left-out placements the search proved inc; a plan
             * using one of them, j, costs at least lp_bound + rc_j. */
            double global = fmin(c->bound, isfinite(min_rc) ? lp_bound + min_rc : HUGE_VAL);
            int restricted_optimal = (ret == 0 && ms == GLP_OPT) || (ret == GLP_ESTOP && c->proven && ms == GLP_FEAS) ||
                                     ret == GLP_EMIPGAP;
            if (restricted_optimal && pricing && isfinite(min_rc) &&
                lp_bound + min_rc < inc - (1e-6 + 1e-9 * fabs(inc))) {
                /* some left-out placements could still beat inc: add them, go again */
                long added = 0;
                for (long i = 0; i < P->n_pairs; i++) {
                    int j = M.x0 + (int)i;
                    if (!active[j] && lp_bound + rc_full[j] < inc - (1e-6 + 1e-9 * fabs(inc))) {
                        active[j] = 1;
                        added++;
                    }
                }
                if (added) continue;
            }
            done = 1;
            if (restricted_optimal) {
                proven = level;
                if (level == 3) gap = io.mip_gap > 0 && isfinite(global) ? fabs(inc - global) / (1e-10 + fabs(inc)) : 0;
                break;
            }
            if (ret == GLP_ETMLIM || ret == GLP_ESTOP) {
                stop = c->interrupted ? PRAKSIS_STOP_INTERRUPTED : PRAKSIS_STOP_TIME_LIMIT;
                gap = isfinite(global) ? fabs(inc - global) / (1e-10 + fabs(inc)) : HUGE_VAL;
                break;
            }
            pk_diag_set(diag, inst->dir, 0, 0, "GLPK's branch-and-bound failed at level %d (code %d, status %d)", level, ret,
                     ms);
            rc = PRAKSIS_ERR_SOLVER;
        }
        level_t[level - 1] = now() - t_level;
        if (stop != PRAKSIS_STOP_NONE) break;
    }
    if (lp) glp_delete_prob(lp);
    free(active);
    free(allowed);
    free(colmap);
    free(rowmap);
    free(rc_full);
    free(seed_full);
    free(B.row);
    free(B.col);
    free(lpx);
    free(H.x);
    free(H.u);
    free(H.ipg);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    if (c->interrupted && stop == PRAKSIS_STOP_TIME_LIMIT) stop = PRAKSIS_STOP_INTERRUPTED;
    if (stop != PRAKSIS_STOP_NONE) status = PRAKSIS_STATUS_FEASIBLE;
    free(c->seed);
    free(c);
    pk_model_free(&M);
    if (rc == PRAKSIS_OK) {
        R->sum.status = status;
        R->sum.stop = stop;
        R->sum.gap = proven == 3 ? gap : (isfinite(gap) ? gap : -1);
        R->sum.nodes = nodes;
        R->sum.levels_proven = proven;
        for (int k = 0; k < 3; k++) {
            R->sum.level_seconds[k] = level_t[k];
            R->sum.level_nodes[k] = level_n[k];
        }
        rc = pk_plan_check(R, diag);
        R->sum.seconds = now() - t0;
    }
    if (rc != PRAKSIS_OK) {
        praksis_result_free(R);
        return rc;
    }
    *out = R;
    return PRAKSIS_OK;
}

void praksis_result_free(praksis_result *r)
{
    if (!r) return;
    pk_problem_free(r->P);
    free(r->x);
    free(r->u);
    free(r->ipg);
    free(r);
}

void praksis_result_summary(const praksis_result *r, praksis_summary *out) { *out = r->sum; }

void praksis_thread_cleanup(void) { glp_free_env(); }
