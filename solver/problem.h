/*
 * problem.h - internal: an instance under one scenario (the public
 * praksis_problem), everything the model, the solver, the checker and the
 * reports share.  Built by validate.c (pk_problem_build), read-only
 * afterwards but for the model, which is built once when a solve or an
 * export first needs it (pk_problem_model).
 */
#ifndef PRAKSIS_PROBLEM_H
#define PRAKSIS_PROBLEM_H

#include "internal.h"

/* A candidate (cohort, site) pair: the site has a capacity row for the
 * cohort's programme and period, or a '*' row for the period. */
typedef struct pair {
    int coh;          /* index into problem.coh (included cohorts) */
    int site;         /* index into inst->sites */
    double km;
    int relocated;    /* km > commute_km */
    double travel;    /* kr per student: weeks x travel_rate when relocated */
    double supervision; /* kr per student: weeks x the site kind's rate */
    long ub;          /* least of students, places and supervisor limits */
    int prow, srow;   /* capacity rows (inst->cap index) or -1 */
    int unit;         /* supervision unit (site, programme, period) */
    int rgrp;         /* relocation group (site, period) or -1 */
} pair;

/* Students of one programme at one site in one period share supervisors. */
typedef struct sunit {
    int site, programme, period;
    int prow, srow;
    long limit;       /* supervisors from the programme row, -1 = none */
    int needs_var;    /* an integer supervisor variable is needed */
} sunit;

/* Relocated students at one site in one period: 0 or >= min_relocated_group. */
typedef struct rgroup {
    int site, period;
    long ub;          /* most relocated students the site can take then */
} rgroup;

/* One institution's cohorts of one programme share a municipal target. */
typedef struct ipgroup {
    int inst, programme;
    double demand_weeks, target_weeks;
} ipgroup;

struct model;

typedef struct praksis_problem {
    const praksis_instance *inst;
    praksis_settings set;
    int n_coh;
    int *coh;          /* inst->cohorts index of each included cohort */
    long *students;    /* scaled students per included cohort */
    int *coh_ipg;      /* ipgroup of each included cohort */
    long *coh_first;   /* pairs of included cohort k: [coh_first[k], coh_first[k+1]) */
    double *share;     /* target share per programme */
    long *places;      /* scaled places per capacity row */
    long *sups;        /* scaled supervisors per capacity row, -1 = none */
    double *gfixed;    /* fixed cost per group */
    pair *pairs;       long n_pairs;
    sunit *units;      int n_units;
    rgroup *rgroups;   int n_rgroups;
    ipgroup *ipgs;     int n_ipgs;
    long *sp_places;   /* places each site offers the included programmes per period
                          (site * n_periods + period): the '*' row, or the programme rows'
                          sum where that is less */
    long total_students;
    double demand_weeks, target_weeks;
    int n_included_programmes;
    struct model *M;   /* the MIP, once built (NULL before) */
    praksis_diag *warnings; int n_warnings; /* data that cannot matter (lint.c) */
    /* A floor on one site's students, over all periods: the plan must place
     * at least force_min there (0: no floor).  Set on a problem of its own
     * before its model is built, to ask what using a site would cost
     * (explain.c); model.c adds the row and check.c checks it, so the
     * solver keeps every plan it holds within it. */
    int force_site;
    long force_min;
} problem;

/* Build the problem; on error fills diag. */
praksis_error pk_problem_build(const praksis_instance *inst, const praksis_settings *s, problem **out,
                            praksis_diag *diag);
void pk_problem_free(problem *P);

/* lint.c: the warnings about data that is valid but cannot matter under
 * the problem's scenario, into P->warnings.  0, or -1 out of memory. */
int pk_lint(problem *P);

/* The problem's model, built on first use (NULL when out of memory). */
struct model *pk_problem_model(problem *P);

/* A plan from an LP solution (students per pair, lpx NULL: from nothing):
 * rounded down, repaired and greedily filled (heuristic.c), using only the
 * pairs in allowed (NULL: all).  Meant to be feasible; the caller
 * re-checks it.  0 on success, -1 out of memory. */
int pk_heuristic_plan(const problem *P, const double *lpx, const unsigned char *allowed, long *x);

#endif
