/*
 * praksis_explain.h - why this plan: an extension of the praksis engine
 * (praksis.h) that answers the questions a plan meets in a meeting.
 *
 *   - What would one more place be worth?  For every capacity row: its
 *     places, how many the plan uses, and what one more (and one fewer)
 *     would change at each level (unplaced weeks, deficit weeks, kr).  A
 *     first estimate comes from the LP of the plan with its integer
 *     decisions fixed (the rows' duals); the rows that matter most are
 *     then solved again with the row changed, and those values are exact.
 *   - Why does a municipality get nobody?  For every municipality with
 *     places that the plan leaves empty: what taking at least one student
 *     (and the relocated minimum, where its places are beyond commuting
 *     distance) would change, and the reason in words.
 *   - Why are students unplaced?  Where more places of which programme and
 *     period would place them, and what those would cost.
 *
 * Everything is computed from a result (a solved plan, or one read back
 * with praksis_result_read) and its instance; nothing here reads a file.
 * Re-solves run in parallel (OpenMP), one GLPK problem per task, each task
 * ending with praksis_thread_cleanup(): the calling thread takes part and
 * must hold no GLPK object.
 */
#ifndef PRAKSIS_EXPLAIN_H
#define PRAKSIS_EXPLAIN_H

#include "praksis.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct praksis_explain praksis_explain;

typedef struct praksis_explain_options {
    int exact_rows;     /* capacity rows whose +1 and -1 are solved again, most valuable first (10) */
    int exact_sites;    /* empty municipalities solved again with students forced in (10) */
    double time_limit;  /* seconds per re-solve; <= 0: the scenario's time_limit */
    long max_nodes;     /* branch-and-bound nodes per level of a re-solve; 0: no limit (2000).  A
                           re-solve stopped by either limit gives an estimate, not an exact value;
                           the node limit stops it at the same point on every machine */
    int threads;        /* re-solves at once; <= 0: one per core */
    /* Return non-zero to stop (thread-safe): running re-solves end with
     * their best plan, which then counts as an estimate. */
    int (*stop)(void *user);
    void *user;
} praksis_explain_options;

/* The defaults above. */
void praksis_explain_options_init(praksis_explain_options *o);

/* How a value was found. */
typedef enum praksis_method {
    PRAKSIS_METHOD_NONE = 0, /* not applicable (one fewer place of a row that has none) */
    PRAKSIS_METHOD_ESTIMATE, /* the LP's first-order value, or a re-solve that was not proven */
    PRAKSIS_METHOD_EXACT,    /* solved again with the change, every level proven optimal */
} praksis_method;

const char *praksis_method_string(praksis_method m); /* "", "estimate", "exact" */

/* A change of the three levels (new minus the plan's). */
typedef struct praksis_change {
    double unplaced_weeks, deficit_weeks, cost;
    praksis_method method;
} praksis_change;

/* One capacity row and the worth of a place there.  Strings belong to the
 * instance ("*" for a row shared by all programmes). */
typedef struct praksis_place_value {
    const char *site, *site_name, *programme, *period;
    long line;          /* in capacity.csv */
    long places, used;  /* after capacity_scale; students the plan counts against it */
    praksis_change plus, minus; /* one more place, one fewer */
} praksis_place_value;

/* Why a municipality with places gets nobody. */
typedef enum praksis_why {
    PRAKSIS_WHY_NO_COHORT = 0,  /* no cohort of its programmes has its placements in its periods */
    PRAKSIS_WHY_NO_SUPERVISORS, /* it gives no supervisors for its places */
    PRAKSIS_WHY_TOO_FEW,        /* its places are beyond commuting distance and fewer than the
                                   relocated minimum: no student may go there */
    PRAKSIS_WHY_COORDINATOR,    /* its coordinator (group fixed) cost is most of the price */
    PRAKSIS_WHY_RELOCATED,      /* students would relocate there, and at least the relocated minimum of them */
    PRAKSIS_WHY_DISTANCE,       /* travel: students would relocate there instead of commuting elsewhere */
    PRAKSIS_WHY_COST,           /* supervision and the like cost more there than where they are */
    PRAKSIS_WHY_TIE,            /* it costs nothing more: the plan took another site of the same cost */
    PRAKSIS_WHY_LEVEL,          /* using it would leave students unplaced or the share short */
    PRAKSIS_WHY_NO_PLAN,        /* no plan near this one could use it, and it was not solved again */
} praksis_why;

typedef struct praksis_unused_site {
    const char *id, *name;   /* owned by the instance */
    long places;             /* places it offers the included programmes, summed over periods */
    int cohorts;             /* cohorts that could go there */
    long students;           /* students the cheapest use places there */
    praksis_why why;
    praksis_change use;      /* what taking students there changes (method NONE: cannot) */
    double travel, supervision, fixed; /* the cost change by element */
    int min_relocated;       /* the scenario's min_relocated_group, for the words */
    double group_cost;       /* its coordinator group's cost */
    char text[512];          /* the reason in words (English) */
} praksis_unused_site;

/* What stops one more student of a cohort at a site under the plan. */
typedef enum praksis_blocker {
    PRAKSIS_BLOCKED_PLACES = 0,  /* the row's places are used up */
    PRAKSIS_BLOCKED_SUPERVISORS, /* one more would need a supervisor the site does not have */
    PRAKSIS_BLOCKED_RELOCATED,   /* the student would relocate there alone (the relocated minimum) */
    PRAKSIS_BLOCKED_NOTHING,     /* nothing in the data: only a plan that is not optimal, or another level */
    PRAKSIS_BLOCKED_NO_ROW,      /* no site has a capacity row for the cohort's programme and period */
} praksis_blocker;

/* Where more places would place an unplaced cohort's students. */
typedef struct praksis_unplaced_option {
    const char *cohort, *site, *site_name, *programme, *period; /* programme "*": the shared row */
    long line;               /* the capacity row that limits, 0 when the site has none open */
    praksis_blocker blocked; /* what stops one more of them there now (reasons.c's reason) */
    long unplaced;           /* the cohort's unplaced students */
    long students;           /* students more places there would place */
    long places_needed;      /* extra places needed for them */
    long supervisors_needed; /* extra supervisors needed for them */
    long company_needed;     /* more students who would have to relocate there with them (the
                                relocated minimum) */
    int relocated;           /* beyond commuting distance */
    double km, cost_per_student, fixed; /* fixed: a coordinator group that would open */
    char text[512];          /* in words (English) */
} praksis_unplaced_option;

/* Explain a plan.  The re-solves are bounded by o (NULL: the defaults).
 * Free with praksis_explain_free; r must outlive it. */
praksis_error praksis_explain_compute(const praksis_result *r, const praksis_explain_options *o,
                                      praksis_explain **out, praksis_diag *diag);
void praksis_explain_free(praksis_explain *e);

/* Capacity rows, in capacity.csv order. */
int praksis_explain_row_count(const praksis_explain *e);
void praksis_explain_row(const praksis_explain *e, int i, praksis_place_value *out);
/* The i-th row by the worth of one more place (fewest unplaced weeks
 * first, then the least deficit, then the least cost; exact values where
 * there are): its index for praksis_explain_row, or -1 past the rows that
 * one more place would improve. */
int praksis_explain_ranked_row(const praksis_explain *e, int i);

/* Municipalities with places that the plan leaves empty. */
int praksis_explain_site_count(const praksis_explain *e);
void praksis_explain_site(const praksis_explain *e, int i, praksis_unused_site *out);

/* For each cohort with unplaced students, its best options (cheapest first). */
int praksis_explain_unplaced_count(const praksis_explain *e);
void praksis_explain_unplaced(const praksis_explain *e, int i, praksis_unplaced_option *out);

/* How long the explanation took, how many re-solves it ran, and how many of
 * them were proven. */
void praksis_explain_stats(const praksis_explain *e, double *seconds, int *resolves, int *exact);

/* The files of an explanation, written into a plan's directory within the
 * same swap as the plan (praksis_result_write's extras): sensitivity.csv,
 * unused_sites.csv, unplaced_why.csv.  e must outlive the write. */
int praksis_explain_extras(const praksis_explain *e, praksis_plan_extra *extra, int max);

/* ------------------------------------------------------------ one site */

/* Students moving: from a site to another, or from/to the unplaced (NULL). */
typedef struct praksis_move {
    const char *cohort;
    const char *from, *from_name, *to, *to_name; /* site ids and names; NULL: unplaced */
    long students;
} praksis_move;

typedef struct praksis_site_answer praksis_site_answer;

/* What it takes for site `site_id` to get students: a re-solve that places
 * at least one student there (and the relocated minimum where they would
 * relocate), started from the cheapest way to move students there.  Works
 * for a site in use too (then the answer is the plan itself). */
praksis_error praksis_explain_site_answer(const praksis_result *r, const char *site_id,
                                          const praksis_explain_options *o, praksis_site_answer **out,
                                          praksis_diag *diag);
void praksis_site_answer_free(praksis_site_answer *a);
/* The answer: the site as praksis_explain_site reports it ... */
void praksis_site_answer_get(const praksis_site_answer *a, praksis_unused_site *out);
/* ... the figures of the plan that would result ... */
void praksis_site_answer_figures(const praksis_site_answer *a, praksis_figures *out);
/* ... and what moves where, largest moves first. */
int praksis_site_answer_move_count(const praksis_site_answer *a);
void praksis_site_answer_move(const praksis_site_answer *a, int i, praksis_move *out);

#ifdef __cplusplus
}
#endif
#endif
