/*
 * praksis_finance.h - extension: the financing alternatives of IS-2956
 * (ch. 5), from the municipal practice weeks per programme
 * (programs-2019.csv: code, municipal_weeks_all_students, prioritised),
 * and their counterpart when the share of student-weeks needing travel
 * support comes from a solved plan instead of the report's one-third
 * guess.
 *
 *   2A  per-week price, all programmes:  round10(admin/W + supervision + travel) x W
 *   2B  the same for the six prioritised programmes (W = their weeks)
 *   hybrid (all, six):  frame + K2020 + supervision x W + travel x share x W
 *
 * For 2A and 2B the report pays the travel rate with every week (share 1);
 * the planned variant pays it for the plan's relocated share only.  The
 * report rounds the per-week price to tens of kroner before multiplying
 * (1,419.1 + 2,000 -> 3,420; 1,704.4 + 2,000 -> 3,700); rounding to whole
 * kroner would give 825.8 instead of its 824.9 mill. kr for 2B.
 */
#ifndef PRAKSIS_FINANCE_H
#define PRAKSIS_FINANCE_H

#include "praksis.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct praksis_finance_rates {
    double admin;        /* 380e6 kr a year: coordinators, research, development (2A, 2B) */
    double frame;        /* 350e6 kr: the hybrid model's frame */
    double k2020;        /* 30e6 kr: supervisor training (hybrid) */
    double supervision;  /* 500 kr per student-week */
    double travel;       /* 1,500 kr per student-week that needs travel and a second home */
    double travel_share; /* 1/3: the report's guess of the weeks that need it (hybrid) */
    double price_step;   /* 10 kr: the per-week price is rounded to a multiple of this (0: not rounded) */
} praksis_finance_rates;

/* Fill *r with the report's rates. */
void praksis_finance_rates_init(praksis_finance_rates *r);

typedef struct praksis_finance praksis_finance;

/* Read programs-2019.csv (or a file with the same columns).  Errors name
 * FILE:LINE:COLUMN. */
praksis_error praksis_finance_load(const char *programmes_csv, const praksis_finance_rates *rates,
                                   praksis_finance **out, praksis_diag *diag);
void praksis_finance_free(praksis_finance *f);

/* Read a solved plan (DIR/summary.json and DIR/assignments.csv, as
 * praksis_result_write writes them) and measure the relocated share of its
 * municipal student-weeks: over all its programmes, and over those marked
 * prioritised in the programme file.  The plan's municipal weeks must
 * match its summary.json.  Calling it again adds another plan (e.g. one
 * per region) and the shares are over all of them together; a failed call
 * drops every plan. */
praksis_error praksis_finance_add_plan(praksis_finance *f, const char *plan_dir, praksis_diag *diag);

typedef struct praksis_finance_plan_info {
    const char *dir, *status;          /* owned by f: "DIR + DIR ...", and "optimal" when every plan is */
    int plans;                         /* how many plans were added */
    double municipal_weeks, relocated_weeks, share;             /* all programmes of the plan */
    double municipal_weeks_six, relocated_weeks_six, share_six; /* prioritised ones (share -1: none) */
    int programmes, programmes_six;    /* programmes with municipal weeks in the plan */
    int programmes_unknown;            /* of those, not in the programme file */
} praksis_finance_plan_info;

/* 0 and *out filled when a plan was added, else -1. */
int praksis_finance_plan(const praksis_finance *f, praksis_finance_plan_info *out);

typedef struct praksis_finance_alt {
    const char *id;        /* "2A", "2B", "hybrid_all", "hybrid_six" */
    const char *title;
    int six;               /* 1: the six prioritised programmes */
    double weeks;          /* municipal student-weeks a year paid for */
    double travel_share;   /* share of those weeks paid the travel rate */
    double admin_per_week; /* 2A, 2B: admin / weeks (0 for the hybrid) */
    double price;          /* 2A, 2B: kr per week, rounded as the report does (0 for the hybrid) */
    double fixed;          /* kr: admin part of the price (2A, 2B) or frame + K2020 (hybrid) */
    double supervision, travel; /* kr: the variable elements */
    double total;          /* kr a year */
} praksis_finance_alt;

/* The four alternatives.  planned = 0: the report's assumptions;
 * planned = 1: travel share from the added plan (returns -1 without one;
 * an alternative whose programmes the plan lacks gets travel_share -1 and
 * total NAN). */
int praksis_finance_compute(const praksis_finance *f, int planned, praksis_finance_alt out[4]);

/* Both sets and the plan's figures as JSON (caller frees with free()). */
char *praksis_finance_json(const praksis_finance *f);

/* The IS-2956 models applied to one plan's own municipal student-weeks,
 * at IS-2956's national prices per week (report.html sets them beside the
 * plan's cost).  The national price spreads the administration (2A) and
 * the frame (hybrid) over 267,768 weeks, the total IS-2956's table prints
 * (its rows add to 267,767, the weeks of programs-2019.csv). */
typedef struct praksis_finance_local {
    double national_weeks; /* 267,768 */
    double admin_per_week; /* admin / national_weeks */
    double price;          /* 2A: admin_per_week + supervision + travel, rounded as the report does */
    double frame_per_week; /* (frame + k2020) / national_weeks */
    double flat;           /* 2A for the plan's weeks: price x weeks */
    double hybrid;         /* frame_per_week x weeks + supervision x weeks + travel x travel_share x weeks */
    double hybrid_planned; /* the same with travel paid for the plan's relocated weeks only */
} praksis_finance_local;

/* Fill *out for `weeks` municipal student-weeks, `relocated_weeks` of them
 * beyond commuting distance, under rates r (NULL: the report's). */
void praksis_finance_local_models(const praksis_finance_rates *r, double weeks, double relocated_weeks,
                                  praksis_finance_local *out);

/* Totals of the programme file: weeks of all and of the prioritised programmes. */
void praksis_finance_weeks(const praksis_finance *f, int *n_all, double *weeks_all, int *n_six, double *weeks_six);


#ifdef __cplusplus
}
#endif
#endif
