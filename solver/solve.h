/*
 * solve.h - internal: the state of one lexicographic solve, shared by the
 * driver (solve.c), the LP of a level with its warm start and pricing
 * (solve_lp.c) and the branch-and-bound callback (solve_bnb.c).
 */
#ifndef PRAKSIS_SOLVE_H
#define PRAKSIS_SOLVE_H

#include "model.h"
#include "result.h"

#include <glpk.h>
#include <setjmp.h>

/* GLPK reports an LP's progress this often: the engine's only way into a
 * running simplex (solve_bnb.c). */
#define PK_LP_REPORT_MS 200

/* The fourth level's student-km are distances between coordinates, with
 * no step between two plans' values: the level is proven when its bound
 * is within this share of the plan (ten metres in 10,000 km; the
 * coordinates are municipalities' and campuses' centres).  With no
 * tolerance GLPK branched on Agder at commute_km=45 for the whole limit
 * with the bound 1.4e-7 below the plan CBC proves optimal. */
#define PK_KM_GAP 1e-6

/* Basis statuses by model row and column (0: none yet) and of the level
 * rows (extra rows after the model's), kept from one LP to the next. */
typedef struct basis {
    int *row, *col, lev[PRAKSIS_LEVELS - 1];
    int have;
} basis;

/* What GLPK's callback and terminal hook see and change. */
typedef struct cb_state {
    int level;
    int seeded;            /* the level's starting plan was handed to GLPK */
    int interrupted;       /* the progress callback asked to stop */
    double bound, incumbent;
    int has_incumbent;
    long nodes_before, nodes;
    long heur_tries, heur_found;
    long cuts;             /* rows the engine's own separation added */
    long rins_next, rins_runs, rins_found; /* the neighbourhood search (search.c) */
    int in_lp;             /* GLPK's simplex is running: its output hook is the only way back in */
    double lp_last;
    double quantum;        /* objective step of integer plans, 0 if unknown */
    int proven;            /* the bound is within one step of the incumbent */
    jmp_buf fail;
} cb_state;

typedef struct solver {
    problem *P;
    const model *M;
    praksis_result *R;     /* the best plan so far */
    praksis_progress_fn progress;
    void *user;
    double t0;
    double level_limit;    /* seconds after t0 at which the current level stops */
    glp_prob *lp;
    /* The active set: model columns loaded into GLPK.  Small instances load
     * everything; large ones start from a subset of placements and price
     * in the rest (solve_lp.c). */
    unsigned char *active, *allowed; /* by model column; active placements by pair */
    int *colmap, *rowmap;  /* GLPK index of each model column / row, or 0 */
    double *rc_full;       /* reduced cost of every model column */
    double *plan_cols;     /* model column values of a plan (1-based) */
    double *seed;          /* the same by GLPK column: the plan handed to GLPK */
    double *lpx;           /* LP value per pair */
    long *hx;              /* scratch plan (the heuristics') ... */
    pk_plan hplan;         /* ... and its figures */
    basis B;
    double bnd[PRAKSIS_LEVELS - 1]; /* the fixed earlier levels */
    int pricing;
    glp_iocp *io;          /* GLPK's parameters of the running search */
    /* cut separation (cuts.c) */
    double *link_coef;     /* per pair: c of its row x <= c z, 0 if none */
    int *link_z;           /* per pair: the model column of that z */
    void *cut_buf;         /* scratch, one entry per pair */
    long *agg_pair;        /* group links: the pairs of aggregate k are */
    long *agg_start;       /* agg_pair[agg_start[k] .. agg_start[k + 1]) */
    double *agg_coef;      /* c of its row sum x <= c y */
    int *agg_y;            /* the model column of that y */
    int *agg_ind;          /* scratch for one cut's row, as long as the */
    double *agg_val;       /* longest aggregate and y */
    long n_agg;
    int no_plan;           /* agreements rule out the everyone-unplaced seed, and no plan meets them yet */
    cb_state cb;
    /* the outcome */
    praksis_stop stop;
    double gap;
    long nodes;
    int proven;
    double level_seconds[PRAKSIS_LEVELS];
    long level_nodes[PRAKSIS_LEVELS];
} solver;

/* A level's LP: stopped (by the time limit; S->stop says so), or placements
 * priced in (solve it again), or solved with its bound and the least
 * reduced cost of the placements left out. */
typedef struct lp_run {
    int stopped, priced_in;
    double lp_bound, min_rc;
} lp_run;

/* A level's branch-and-bound: GLPK's return code and MIP status, whether
 * the objective's step proved the incumbent, the bound reached. */
typedef struct bnb_run {
    int ret, status, proven;
    double bound, lp_bound, min_rc, mip_gap;
} bnb_run;

double pk_now(void);
/* GLPK's tm_lim (ms) for a branch-and-bound with `seconds` left: at
 * least 1 ms, at most what an int holds. */
int pk_tm_lim_ms(double seconds);

/* solve.c */
int pk_candidate_ok(solver *S);
praksis_error pk_adopt_if_better(solver *S, int level, praksis_diag *diag);
/* The scratch plan (meeting every agreement) as the first plan. */
praksis_error pk_adopt_first(solver *S, praksis_diag *diag);

/* phase_one.c: with agreed placements or minimums, a first plan that meets
 * them (PRAKSIS_OK, adopted into S->R), or why there is none: a conflict
 * (PRAKSIS_ERR_INPUT) or a limit (PRAKSIS_ERR_NOPLAN). */
praksis_error pk_first_plan(solver *S, praksis_diag *diag);

/* solve_moves.c: the plan's relocated students shared out anew among its
 * relocated places at the least student-km, kept when it is shorter */
praksis_error pk_moves_permute(solver *S, praksis_diag *diag);

/* solve_lp.c */
void pk_activate_for_level(solver *S);
praksis_error pk_level_lp(solver *S, int level, lp_run *out, praksis_diag *diag);
praksis_error pk_plan_from_lp(solver *S, int level, praksis_diag *diag);

/* cuts.c: the engine's own cuts, separated in GLPK's callback; the class
 * GLPK records for each (101-200 are the application's). */
#define PK_CUT_LINK 101
#define PK_CUT_GROUP 102
int pk_cuts_init(solver *S);
void pk_cuts_free(solver *S);
int pk_cuts_separate(solver *S, glp_tree *T);

/* search.c: the neighbourhood search around the incumbent (RINS) at a
 * node; 1 when it left a better checked plan in S->hx. */
int pk_search_rins(solver *S, glp_tree *T);

/* solve_bnb.c */
praksis_error pk_level_bnb(solver *S, int level, const lp_run *lr, bnb_run *out, praksis_diag *diag);
void pk_solve_hooks_set(solver *S);
void pk_solve_hooks_clear(void);
/* Round the LP solution in lp into the scratch plan: 1 when valid. */
int pk_round_lp(solver *S, glp_prob *lp);

#endif
