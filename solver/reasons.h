/*
 * reasons.h - internal: why students of a plan are unplaced, worked out
 * from the data and the plan's figures (plan.h), site by site.
 *
 * For an included cohort with unplaced students, every site that has a
 * capacity row for its programme (or '*') in its period is looked at: its
 * places may be full, its supervisors full, or a relocated student there
 * would be alone (below the relocated minimum); otherwise it has room left
 * (possible only in a plan not proven optimal, or where another level
 * ranks first).  A cohort whose programme and period no site offers has no
 * row at all.  Plain data out, so that the report and other explanations
 * can put it in words.
 */
#ifndef PRAKSIS_REASONS_H
#define PRAKSIS_REASONS_H

#include "plan.h"

typedef enum pk_reason {
    PK_REASON_PLACES = 0, /* the site's places for the programme (or '*') are used up */
    PK_REASON_SUPERVISORS,/* one more student would need a supervisor the site does not have */
    PK_REASON_RELOCATED,  /* the student would relocate there alone (min_relocated_group) */
    PK_REASON_ROOM,       /* nothing in the data stops one more student there */
    PK_REASONS
} pk_reason;

typedef struct pk_reasons {
    int n;                        /* included cohorts (the problem's n_coh) */
    unsigned char *no_row;        /* per included cohort: 1 when no site has a capacity row for it */
    int (*sites)[PK_REASONS];     /* per included cohort: sites blocked by each reason */
} pk_reasons;

/* The reasons for every included cohort of plan pl (of problem P) with
 * unplaced students; cohorts with everyone placed get zeros.  0, or -1
 * out of memory (then pk_reasons_free is still safe). */
int pk_reasons_compute(pk_reasons *out, const problem *P, const pk_plan *pl);
void pk_reasons_free(pk_reasons *r);

/* Why one more student of included cohort k cannot go to site j under
 * plan pl; pair is the candidate pair (k, j) or -1 when (k, j) is not a
 * candidate (its rows allow nobody, or the site's relocation group could
 * never reach the minimum).  The site must have a capacity row for the
 * cohort's programme (or '*') in its period. */
pk_reason pk_reason_at(const problem *P, const pk_plan *pl, int k, int j, long pair);

/* The reason that blocks most of cohort k's sites (the first on a tie). */
pk_reason pk_reasons_main(const pk_reasons *r, int k);

#endif
