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
    int cls;          /* index into problem.cls: the students of the cohort it places */
    int site;         /* index into inst->sites */
    double km;        /* from the cohort's campus */
    double km_home;   /* from the class's home municipality; -1 when it lives at the campus */
    int relocated;    /* beyond commute_km from the campus and from the home */
    double move_km;   /* relocated: km from the nearer of campus and home (level 4); else 0 */
    double travel;    /* kr per student: weeks x travel_rate when relocated */
    double supervision; /* kr per student: weeks x the site kind's rate */
    long ub;          /* least of students, places and supervisor limits */
    int prow, srow;   /* capacity rows (inst->cap index) or -1 */
    int unit;         /* supervision unit (site, programme, period) */
    int rgrp;         /* relocation group (site, period) or -1 */
} pair;

/* Students of one cohort who share a home and whether they may relocate:
 * the model places classes, not people.  A cohort without listed students
 * is one class (at the campus, may relocate); a cohort with listed students
 * has that class for its unlisted ones (and the listed ones who live at the
 * campus and may relocate) and one class per other (home, relocate). */
typedef struct klass {
    int coh;          /* included cohort */
    int home;         /* home municipality (inst->sites index); -1: the campus */
    int relocate;     /* 0: only placements that are not relocated */
    long size;        /* students */
    long first_listed, n_listed; /* its listed students: problem.listed[first .. first + n) */
} klass;

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
/* The agreed students of one pair: the rows of fixed.csv that put students
 * of its class at its site.  A (cohort, site) row of a cohort with several
 * classes is spread over the classes' pairs at the site (agreements.c
 * says how), so one row may give several pairs, and several rows one. */
typedef struct pk_fix {
    long pair;        /* the candidate pair it fixes */
    long students;
    int row;          /* the first such inst->fixed index, for messages */
} pk_fix;

/* One row of fixed.csv on one pair: a row is met when each of its pairs
 * holds its agreed students. */
typedef struct pk_fix_piece {
    int row;          /* inst->fixed index */
    long pair;
} pk_fix_piece;

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
    int n_cls;
    klass *cls;        /* classes, cohort by cohort (see klass) */
    int *coh_cls;      /* classes of included cohort k: [coh_cls[k], coh_cls[k+1]) */
    long *cls_first;   /* pairs of class c: [cls_first[c], cls_first[c+1]) */
    int *listed;       /* inst->students indices of included cohorts, class by class, id order */
    long n_listed;
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
    pk_fix_piece *fix_pieces; int n_fix_pieces; /* in row order */
    int n_fix_rows;    /* fixed rows of the scenario's cohorts */
    int n_fix_ignored; /* fixed rows of cohorts the scenario leaves out */
    long *stu_fix;     /* per inst->students index: the pair a (student, site) row puts it on, or -1
                          (NULL without such rows) */
    long *stu_lb;      /* per pair: students on it by (student, site) rows (NULL without such rows) */
    long *lb;          /* least students per pair: its fixed placement (NULL without any) */
    pk_min *mins;      int n_mins;
    int n_min_ignored; /* minimums of programmes the scenario leaves out (or all, not honoured) */
    int *row_min;      /* per capacity row: index into mins, or -1 (NULL without any) */
    long *min_first, *min_pairs; /* pairs counting for minimum m: min_pairs[min_first[m] .. min_first[m+1]) */
    pk_ckey *ckeys;    int n_ckeys; /* sorted by site, programme, period; none without a previous plan */
    int *unit_ckey;    /* per supervision unit: its change key */
    long prev_students; /* the previous plan's students in the scenario's programmes */
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
/* A (cohort, site) row f that takes the cohort's agreed unlisted
 * students to `agreed`, more than the `unlisted` it has. */
praksis_error pk_conflict_unlisted(const problem *P, int f, long agreed, long unlisted, praksis_diag *diag);
/* "fixed.csv:4", "capacity.csv:17": a row as messages name it. */
const char *pk_fixed_ref(const problem *P, int f, char *buf, size_t n);
const char *pk_cap_ref(const problem *P, int r, char *buf, size_t n);
/* students.c: the classes of the included cohorts (after P->students),
 * with the listed students in id order.  0, or -1 out of memory. */
int pk_classes_build(problem *P);
void pk_classes_free(problem *P);

/* A class as the model's names show it: the cohort id for the class at the
 * campus that may relocate, else "cohort~home" or "cohort~campus", with
 * "~stays" for students who cannot relocate.  Written into buf. */
const char *pk_class_label(const problem *P, int c, char *buf, size_t n);

/* Which pair each student of students.csv takes in the plan x: within a
 * class, students agreed at a site (fixed.csv's student form) take their
 * site, the other listed students in id order take the rest of the
 * class's placements in site order (the unlisted ones what remains).  pair_of[i] (inst->students
 * index) is the pair, -1 when unplaced, -2 when the student's cohort is
 * not in the scenario. */
void pk_students_pairs(const problem *P, const long *x, long *pair_of);

/* A plan read back from its files: x holds each (cohort, site)'s students
 * of assignments.csv on the cohort's first pair at that site; move each
 * listed student onto its class's pair at its site (site_of: per
 * inst->students index, a site index, -1 unplaced, -2 not in the plan),
 * and check that the plan then names the students as the engine does.
 * Returns -1 when it does, -2 when out of memory, else the index of the
 * first student that cannot be so (no such pair, too few students there,
 * another order). */
long pk_students_split(const problem *P, long *x, const int *site_of);

/* pk_students_split with the sites of student_plan.csv at path (errors
 * name its cells). */
praksis_error pk_students_read(const problem *P, const char *path, long *x, praksis_diag *diag);

/* The pair of class c at site j, or -1. */
long pk_class_pair(const problem *P, int c, int j);

/* Road km from the home municipality `home` to site j: great-circle x
 * road_factor, 0 at the home itself. */
double pk_home_km(const problem *P, int home, int j);

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
