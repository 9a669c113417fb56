/*
 * plan_read.h - internal: the one reader of a plan directory's files, as
 * praksis_result_write writes them (assignments.csv, unplaced.csv,
 * site_use.csv, summary.json).
 *
 * Two layers.  pk_plan_files_read reads the files alone, without an
 * instance: every CSV row typed (ids as text, counts and weeks as numbers,
 * site kinds and 0/1 flags checked), and summary.json's figures, solve
 * information, scenario and the instance it was solved from; every error
 * names FILE:LINE:COLUMN.  finance.c reads plans at this layer.
 * praksis_result_read (plan_read.c) adds the instance: the rows matched to
 * its cohorts and candidate pairs, the plan re-checked and its figures
 * compared with summary.json.
 *
 * Each CSV file is described by a table of its columns (name, type and
 * field of the file's row struct).  Adding a file is its row struct, its
 * column table, an enum value and one line in plan_read.c's list of files.
 */
#ifndef PRAKSIS_PLAN_READ_H
#define PRAKSIS_PLAN_READ_H

#include "csvread.h"
#include "json.h"

typedef enum pk_plan_file {
    PK_PLAN_SUMMARY = 0, /* summary.json */
    PK_PLAN_ASSIGNMENTS, /* assignments.csv */
    PK_PLAN_UNPLACED,    /* unplaced.csv */
    PK_PLAN_SITE_USE,    /* site_use.csv */
    PK_PLAN_FILES
} pk_plan_file;

#define PK_PLAN_READ(file) (1u << (file)) /* a set of files to read */

/* assignments.csv: students of one cohort at one site. */
typedef struct pk_assignment_row {
    const char *cohort, *institution, *campus, *programme, *period, *site;
    int hospital;            /* site_kind: 0 municipality, 1 hospital */
    long students;           /* >= 1 */
    double weeks;            /* per student, > 0 */
    double km;
    int relocated;           /* 0 or 1: beyond commuting distance of the campus */
    double travel_cost, supervision_cost; /* for all the row's students */
    long relocated_students; /* of them, beyond commuting distance of campus and home */
} pk_assignment_row;

/* unplaced.csv: students of one cohort without a place. */
typedef struct pk_unplaced_row {
    const char *cohort, *programme, *period;
    long students;           /* >= 1 */
    double weeks;            /* per student */
} pk_unplaced_row;

/* site_use.csv: one site in one period. */
typedef struct pk_site_use_row {
    const char *site;
    int hospital;
    const char *group, *period;
    long students, relocated_students, supervisors_used, places;
} pk_site_use_row;

/* summary.json: what the readers use of it. */
typedef struct pk_plan_summary {
    praksis_figures fig;     /* the figures it holds (those it lacks are 0) */
    praksis_solve_info info; /* status, stop and the solver's record */
    const char *instance;    /* the instance it was solved from; NULL when it names none */
    const cJSON *scenario;   /* the scenario object (pk_plan_files_settings) */
} pk_plan_summary;

typedef struct pk_plan_files {
    char *dir;
    unsigned read;           /* PK_PLAN_READ bits of the files read */
    pk_json_doc doc;         /* summary.json as parsed, with positions */
    pk_plan_summary summary;
    pk_assignment_row *assignments; long n_assignments;
    pk_unplaced_row *unplaced;      long n_unplaced;
    pk_site_use_row *site_use;      long n_site_use;
    pk_csv_table *table[PK_PLAN_FILES]; /* each CSV file as read: row i of its rows is the table's row i */
} pk_plan_files;

/* Read the files of `which` (PK_PLAN_READ bits) from plan directory dir.
 * On error every file is let go, *out is empty and diag names file, line
 * and column. */
praksis_error pk_plan_files_read(const char *dir, unsigned which, pk_plan_files *out, praksis_diag *diag);
void pk_plan_files_free(pk_plan_files *pf);

/* The path of one of the plan's files. */
void pk_plan_file_path(const pk_plan_files *pf, pk_plan_file file, char *buf, size_t n);

/* PRAKSIS_ERR_INPUT with diag at row r's cell of column `col` in CSV
 * file `file` (FILE:LINE:COL), for checks made after reading. */
praksis_error pk_plan_row_error(const pk_plan_files *pf, pk_plan_file file, long r, const char *col, praksis_diag *diag,
                                const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* summary.json's scenario applied to *s, key by key as scenario.json's
 * are (errors name summary.json's line and column). */
praksis_error pk_plan_files_settings(const pk_plan_files *pf, praksis_settings *s, praksis_diag *diag);

#endif
