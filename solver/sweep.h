/*
 * sweep.h - internal: a sweep's scenarios and outcomes, shared by the
 * files that make, read back and show a sweep: sweep.c (the sweep file,
 * the parallel run, sweep.csv and sweep.json), sweep_read.c (a sweep read
 * back from its sweep.json) and sweep_html.c (sweep.html).
 */
#ifndef PRAKSIS_SWEEP_H
#define PRAKSIS_SWEEP_H

#include "internal.h"
#include "json.h"

/* One key = value layer taken from the sweep file (the value belongs to the
 * parsed tree). */
typedef struct kv {
    const char *key;
    const cJSON *value;
    long line, col; /* where to point an error: the key, or a grid value */
} kv;

typedef struct sshare {
    char *institution, *programme;
    double target_share, student_weeks, municipal_weeks, share, deficit_weeks;
} sshare;

typedef struct scen {
    char *name, *dir;
    long line, col;    /* where the scenario is defined */
    kv *kv;
    int n_kv;
    praksis_settings set;
    int prepared;
    praksis_sweep_state state;
    praksis_error error;
    praksis_diag diag;
    praksis_figures figures;  /* when has_summary */
    praksis_solve_info info;
    int has_summary;
    sshare *shares;
    int n_shares;
    long pairs;        /* candidate pairs once prepared: the scenario's size */
} scen;

struct praksis_sweep {
    char *file;        /* the sweep file, for messages and sweep.json */
    pk_json_doc doc;   /* the sweep file, parsed, with positions */
    char *description; /* NULL when none */
    int is_grid;
    kv *base;
    int n_base;
    scen *sc;
    int n;
    int prepared;
    int read_back;     /* read from sweep.json: outcomes only, nothing to prepare or run */
    char *instance;    /* the instance directory, for sweep.json */
    const praksis_plan_extra *extra; /* written with every scenario's plan */
    int n_extra;
};

/* sweep.json's "status" and "stopped_by" of a scenario. */
const char *pk_sweep_status(const scen *c);
const char *pk_sweep_stop(const scen *c);

/* A scenario's figures and solve record as sweep.json holds them: weeks,
 * money and shares rounded to 1e-6, seconds to the millisecond, and the
 * figures sweep.json leaves out 0.  A sweep read back from its sweep.json
 * gives the same, so sweep.html is the same for both. */
void pk_sweep_rounded(const scen *c, praksis_figures *fig, praksis_solve_info *info);

/* Release what a scenario owns (not the scenario itself). */
void pk_sweep_scen_clear(scen *c);

#endif
