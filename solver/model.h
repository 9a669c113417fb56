/*
 * model.h - internal: the MIP as plain arrays (columns, rows, triplets),
 * built once from a problem and then loaded into GLPK, written for other
 * solvers or just counted.  Keeping one builder means `praksis check`,
 * `praksis export` and `praksis solve` always see the same model.
 */
#ifndef PRAKSIS_MODEL_H
#define PRAKSIS_MODEL_H

#include "problem.h"
#include <glpk.h>

enum col_kind { CK_X, CK_U, CK_D, CK_V, CK_Y, CK_Z, CK_W };

typedef struct model {
    const problem *P;
    int n_cols, n_rows;
    long n_nz, cap_nz;
    /* columns, 0-based */
    unsigned char *ckind;   /* enum col_kind */
    int *cref;              /* pair, class, ipgroup, unit, group or rgroup index */
    unsigned char *cint;    /* integer (binaries are integer with [0,1]) */
    double *clb, *cub;
    double *obj[PRAKSIS_LEVELS]; /* level 1..4 objective coefficients */
    double obj_const[PRAKSIS_LEVELS]; /* and constant terms (the change penalty's) */
    /* rows, 0-based */
    int *rtype;             /* GLP_UP, GLP_LO, GLP_FX */
    double *rbnd;
    char *rtag;             /* a letter per row for names: c p s v l r m a h g q, n (minimum), w (change), f (a site's floor) */
    int *rref;
    /* triplets, 0-based row/col */
    int *ti, *tj;
    double *tv;
    /* index maps */
    int x0, u0;             /* first x and u column */
    int *d_col;             /* per ipgroup, -1 if none */
    int *v_col;             /* per unit, -1 if none */
    int *y_col;             /* per group, -1 if none */
    int *z_col;             /* per rgroup, -1 if none */
    int *w_col;             /* per change key, -1 if none: students short of the previous plan */
    int n_int;
    int count_only;         /* rows and coefficients counted, not stored */
} model;

praksis_error pk_model_build(const problem *P, model *M);

/* The size of the model pk_model_build would build, without building it. */
praksis_error pk_model_count(const problem *P, int *rows, int *cols, int *ints, long *nz);
void pk_model_free(model *M);

/* Load into a new GLPK problem (names only when with_names).  Must be
 * called in the thread that will solve and delete it. */
glp_prob *pk_model_to_glpk(const model *M, int level, int with_names);

/* The model with only the active columns (every other placement fixed at
 * 0); colmap/rowmap get each model column's/row's GLPK index or 0. */
glp_prob *pk_model_to_glpk_subset(const model *M, int level, const unsigned char *active, int *colmap, int *rowmap);

/* Reduced cost of every model column at the dual solution of lp (rows not
 * loaded have dual 0, which is dual feasible: they are slack). */
void pk_model_reduced_costs(const model *M, int level, const glp_prob *lp, const int *rowmap, double *rc);

/* The fixing row of a lexicographic level: objective `level` (1..3) <= bound
 * (colmap: GLPK index of each model column, or NULL for all loaded). */
void pk_model_add_level_bound(const model *M, glp_prob *lp, int level, double bound, const int *colmap);

/* The y column of the coordinator group of site `site` (inst->sites index):
 * a municipality whose group has a fixed cost; -1 for every other site. */
int pk_model_site_y(const model *M, int site);

/* Step between objective values of integer plans at a level (0: none). */
double pk_model_obj_quantum(const model *M, int level);

/* Column values (1-based, col[1..n_cols]) of the plan x whose figures are
 * pl: unplaced students per class, deficits, supervisors, groups and
 * relocation switches all follow from the placements. */
struct pk_plan;
void pk_model_plan_columns(const model *M, const long *x, const struct pk_plan *pl, double *col);

/* The tolerance a level is fixed with: opt + 1e-6 + 1e-9 |opt|. */
double pk_level_bound(double opt);

#endif
