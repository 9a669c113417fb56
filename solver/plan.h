/*
 * plan.h - internal: the figures of a plan, computed once.
 *
 * pk_plan_compute derives every figure of a plan (placed and unplaced,
 * relocated, the use of every site, capacity row, supervision unit and
 * relocation group, the municipal share per institution and programme,
 * the cost by element and by kind of site) from the problem and the
 * students per candidate pair, x.  summary.json, site_use.csv, both web
 * pages, finance, the public accessors and the solver's objective levels
 * all read them from here; nothing else adds up a plan.  check.c's
 * integer re-check is the one other pass over a plan, kept independent on
 * purpose: it is the engine's guard against its own bugs.
 */
#ifndef PRAKSIS_PLAN_H
#define PRAKSIS_PLAN_H

#include "problem.h"

enum { PK_MUNI = 0, PK_HOSP = 1 }; /* index of a by-kind figure: site kind */

typedef struct pk_plan {
    praksis_figures fig;     /* the totals */
    long *unplaced;          /* per included cohort */
    long *cls_unplaced;      /* per class */
    /* per (institution, programme) group */
    double *ipg_municipal, *ipg_placed, *ipg_deficit, *ipg_share;
    /* per site, over all periods */
    long *site_students, *site_relocated;
    long *site_home;         /* students placed in their home municipality, per site */
    double *site_weeks;
    /* per site x period (index site * n_periods + period) */
    long *sp_students, *sp_relocated, *sp_supervisors;
    long *campus_students, *campus_relocated; /* per campus */
    long *row_used;          /* students counted against each capacity row */
    long *unit_used;         /* students per supervision unit */
    long *unit_supervisors;  /* supervisors each unit needs: ceil(students / ratio) */
    long *star_supervisors;  /* supervisors needed against each '*' row */
    long *rg_used;           /* relocated students per relocation group */
    unsigned char *group_used; /* per coordinator group */
    long *ckey_students;     /* per change key (problem.ckeys): students placed there */
    long *site_prev;         /* per site: students in the previous plan (scenario's programmes) */
    /* by kind of site (PK_MUNI, PK_HOSP) */
    double kind_travel[2], kind_supervision[2], kind_weeks[2], kind_relocated_weeks[2];
} pk_plan;

/* Allocate the arrays for plans of P (0, or -1 out of memory: then
 * pk_plan_free is still safe). */
int pk_plan_init(pk_plan *pl, const problem *P);
void pk_plan_free(pk_plan *pl);

/* Every figure of the plan x (students per candidate pair of P).  x must
 * be within the pairs' bounds and place at most each cohort's students
 * (pk_plan_check says whether it is). */
void pk_plan_compute(pk_plan *pl, const problem *P, const long *x);

/* The objective of lexicographic level 1..4 (unplaced weeks, share
 * deficit, cost with the change penalty, relocated
 * student-km) of a plan's figures. */
double pk_plan_level(const praksis_figures *f, int level);

/* One row of assignments.csv: the students of a cohort at a site, over
 * the cohort's classes. */
typedef struct pk_arow {
    int coh, site;        /* included cohort, site */
    long students, relocated; /* relocated: those beyond commuting distance of campus and home */
    double km;            /* from the campus */
    double travel, supervision;
} pk_arow;

/* The rows of x in cohort order, then site order.  *out is malloc'ed
 * (caller frees); 0, or -1 out of memory. */
int pk_plan_rows(const problem *P, const long *x, pk_arow **out, long *n);

/* A plan's money in whole øre (plan_money.c), as the files write it: each
 * element rounded once, and the total the sum of the elements. */
typedef struct pk_money {
    long long travel, supervision, fixed, total;
} pk_money;

pk_money pk_plan_money(const praksis_figures *f);

/* One row of assignments.csv (a cohort at a site) and its costs in øre. */
typedef struct pk_row_cost {
    pk_arow a;
    long long travel, supervision;
} pk_row_cost;

/* The rows of x as pk_plan_rows gives them (assignments.csv's order) with
 * their costs in øre, shared out by the largest-remainder method so that
 * the rows add up exactly to pk_plan_money(f)'s travel and supervision (f:
 * the figures of x).  *out is malloc'ed (caller frees); 0, or -1 out of
 * memory. */
int pk_plan_row_costs(const problem *P, const long *x, const praksis_figures *f, pk_row_cost **out, long *n);

/* conflicts.c: the agreed placements and minimums still short in x (the
 * phase-one optimum, or its best plan when the limit stopped the proof),
 * named in diag as the rows in conflict: PRAKSIS_ERR_INPUT. */
praksis_error pk_conflicts_phase_one(const problem *P, const long *x, const pk_plan *pl, int proven, praksis_diag *diag);

/* Relocated students from one campus to one site. */
typedef struct pk_flow {
    int campus, site;
    long students;
    double weeks, travel, km;
} pk_flow;

/* The relocations of x by (campus, site), most students first (then by
 * campus and site index).  *out is malloc'ed (caller frees); 0, or -1 out
 * of memory. */
int pk_plan_flows(const problem *P, const long *x, pk_flow **out, int *n);

#endif
