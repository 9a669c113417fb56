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

/* Agreements under the scenario (agreements.c).  A fixed placement is a
 * lower bound on its pair; a minimum, on the students counted against its
 * capacity row; a change key is a (site, programme[, period]) on which
 * plans are compared with the previous plan. */
typedef struct pk_fix {
    long pair;        /* the candidate pair it fixes */
    long students;
    int row;          /* inst->fixed index, for messages */
} pk_fix;

typedef struct pk_min {
    int row;          /* capacity row */
    long students;    /* the minimum, scaled as its places are */
} pk_min;

typedef struct pk_ckey {
    int site, programme, period; /* period -1: the whole horizon */
    long prev;        /* students in the previous plan (0: a row it does not have) */
    long line;        /* its line in the previous plan's file, 0 if none */
} pk_ckey;

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
    /* agreements (agreements.c) */
    pk_fix *fix;       int n_fix;
    int n_fix_ignored; /* fixed rows of cohorts the scenario leaves out */
    long *lb;          /* least students per pair: its fixed placement (NULL without any) */
    pk_min *mins;      int n_mins;
    int n_min_ignored; /* minimums of programmes the scenario leaves out (or all, not honoured) */
    int *row_min;      /* per capacity row: index into mins, or -1 (NULL without any) */
    long *min_first, *min_pairs; /* pairs counting for minimum m: min_pairs[min_first[m] .. min_first[m+1]) */
    pk_ckey *ckeys;    int n_ckeys; /* sorted by site, programme, period; none without a previous plan */
    int *unit_ckey;    /* per supervision unit: its change key */
    long prev_students; /* the previous plan's students in the scenario's programmes */
    struct model *M;   /* the MIP, once built (NULL before) */
} problem;

/* agreements.c: the fixed rows, minimums and change keys of a problem
 * whose pairs are built; counts that cannot hold are reported first
 * (conflicts.c).  Free with pk_agreements_problem_free. */
praksis_error pk_agreements_prepare(problem *P, praksis_diag *diag);
void pk_agreements_problem_free(problem *P);

/* conflicts.c: agreements that contradict the data or each other where a
 * count shows it (more fixed students than a cohort has, than a row's
 * places or supervisors; a minimum its cohorts cannot fill).  The first
 * found goes into diag, naming the rows: PRAKSIS_ERR_INPUT. */
praksis_error pk_conflicts_count(const problem *P, praksis_diag *diag);
/* Why fixed row f (inst->fixed index) of an included cohort has no pair:
 * its site can never take the cohort under this scenario. */
praksis_error pk_conflict_unpaired(const problem *P, int f, praksis_diag *diag);
/* "fixed.csv:4", "capacity.csv:17": a row as messages name it. */
const char *pk_fixed_ref(const problem *P, int f, char *buf, size_t n);
const char *pk_cap_ref(const problem *P, int r, char *buf, size_t n);

/* Build the problem; on error fills diag. */
praksis_error pk_problem_build(const praksis_instance *inst, const praksis_settings *s, problem **out,
                            praksis_diag *diag);
void pk_problem_free(problem *P);

/* The problem's model, built on first use (NULL when out of memory). */
struct model *pk_problem_model(problem *P);

/* A plan from an LP solution (students per pair, lpx NULL: from nothing):
 * rounded down, repaired and greedily filled (heuristic.c), using only the
 * pairs in allowed (NULL: all).  Meant to be feasible; the caller
 * re-checks it.  0 on success, -1 out of memory. */
int pk_heuristic_plan(const problem *P, const double *lpx, const unsigned char *allowed, long *x);

#endif
