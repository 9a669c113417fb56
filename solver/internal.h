/*
 * internal.h - the engine's internal data, shared by the pipeline stages:
 *   load.c (CSV files -> praksis_instance) -> validate.c (instance +
 *   settings -> problem: included cohorts, candidate pairs, distances) ->
 *   model.c (problem -> GLPK rows and columns) -> solve.c (lexicographic
 *   levels) -> plan.c (the figures), check.c (the re-check) -> plan_write.c,
 *   plan_dir.c (the plan's files) and plan_read.c (reading them back).
 */
#ifndef PRAKSIS_INTERNAL_H
#define PRAKSIS_INTERNAL_H

#include "praksis.h"
#include <stdio.h>

enum { SITE_MUNICIPALITY = 0, SITE_HOSPITAL = 1 };

typedef struct site {
    char *id, *name, *region; /* region "" when blank */
    int kind;                 /* SITE_MUNICIPALITY or SITE_HOSPITAL */
    double lat, lon;
    int group;                /* index into inst->groups; -1 for hospitals */
    long line;                /* line in sites.csv */
} site;

typedef struct group {
    char *id;
    int has_fixed;     /* 1 when a member gave fixed_cost */
    double fixed_cost; /* the members' common fixed_cost when has_fixed */
} group;

typedef struct campus {
    char *id, *institution, *name;
    double lat, lon;
    int inst; /* index into inst->institutions */
    long line; /* in campuses.csv */
} campus;

typedef struct programme {
    char *id, *name;
    char *name_nb, *name_en; /* the optional names in bokmål and English; "" when not given */
    int has_share;  /* municipal_share given */
    double share;
    int ratio;      /* students per supervisor, >= 1 */
    long line;      /* in programmes.csv */
} programme;

typedef struct cohort {
    char *id;
    int campus, programme, period;
    long students;
    double weeks;
    long line;
} cohort;

typedef struct caprow {
    int site;
    int programme;    /* -1 for '*' */
    int period;
    long places;
    long supervisors; /* -1 = no limit */
    long min_students; /* -1 = no minimum */
    long line;
} caprow;

typedef struct distance {
    int campus, site;
    double km;
} distance;

/* An agreed placement (fixed.csv): that many students of a cohort at a
 * site, or one listed student at a site. */
typedef struct fixrow {
    int cohort, site;
    long students;
    long line;
    int student;      /* the student of a (student, site) row (inst->students index), else -1 */
} fixrow;

/* A row of the previous plan: students of a programme at a site, in one
 * period or (period -1) over the whole horizon. */
typedef struct prevrow {
    int site, programme, period;
    long students;
    long line;        /* in prev_path; 0 for a plan read from its assignments.csv */
} prevrow;

/* A student listed in students.csv: a person of a cohort, who lives at home
 * (a municipality; -1: at the campus) and may or may not relocate. */
typedef struct student {
    char *id;
    int cohort;   /* index into inst->cohorts */
    int home;     /* index into inst->sites (a municipality), -1 when blank */
    int relocate; /* 1 yes, 0 no */
    long line;
} student;

struct praksis_instance {
    char *dir;             /* the directory, or the workbook when workbook is 1 */
    int workbook;
    struct pk_csv_table *scenario_sheet; /* a workbook's scenario sheet, or NULL (load.c) */
    site *sites;           int n_sites;
    group *groups;         int n_groups;
    campus *campuses;      int n_campuses;
    char **institutions;   int n_institutions; /* in order of first appearance */
    programme *programmes; int n_programmes;
    cohort *cohorts;       int n_cohorts;
    char **periods;        int n_periods;      /* cohorts.csv order, then capacity.csv */
    caprow *cap;           int n_cap;
    distance *dist;        int n_dist;
    student *students;     int n_students;     /* students.csv order; none without the file */
    int has_students;      /* students.csv was given (even with a header only) */
    /* agreements (agreements.c): all optional */
    fixrow *fixed;         int n_fixed;
    prevrow *prev;         int n_prev;
    char *prev_path;       /* previous.csv, or an earlier plan's assignments.csv; NULL: none */
    int prev_has_period;   /* the previous plan gives periods (else rows are per horizon) */
};

/* Haversine great-circle distance in km on a sphere of radius 6371.0 km. */
double pk_geo_km(double lat1, double lon1, double lat2, double lon2);

/* diag helpers (diag.c, fileio.c) */
void pk_diag_set(praksis_diag *d, const char *file, long line, long col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* join dir and name into buf ("dir/name") */
void pk_path_join(char *buf, size_t n, const char *dir, const char *name);

/* Write a file atomically: fn writes into a temporary file in the same
 * directory, which is renamed onto path on success (fileio.c). */
typedef int (*write_fn)(FILE *f, const void *ctx);
praksis_error pk_write_atomic(const char *path, write_fn fn, const void *ctx, praksis_diag *diag);

/* The scenario keys, in their documented order: settings.c holds the one
 * table; writers that list every key (summary.json, sweep.csv) walk it. */
enum { SETTING_DOUBLE, SETTING_INT, SETTING_LIST, SETTING_BOOL };
typedef struct setting_key {
    const char *name;
    int type;      /* SETTING_* */
    size_t offset; /* of the field in praksis_settings */
} setting_key;
int pk_settings_key_count(void);
setting_key pk_settings_key(int i);
struct cJSON;
/* The scenario as a JSON object with every key (caller owns it). */
struct cJSON *pk_settings_to_json(const praksis_settings *s);

/* Apply one scenario key from a parsed JSON value to *s, with the checks
 * and messages of a key in scenario.json; an error names file, line and
 * column as given (where the key stands).  *s changes only on success.
 * The scenario file's reader and the sweep's keys both come through here. */
praksis_error pk_settings_apply(praksis_settings *s, const char *key, const struct cJSON *value, const char *file,
                                long line, long col, praksis_diag *diag);

/* "a number", "a string", "a list", ... for messages. */
const char *pk_json_type(const struct cJSON *v);

/* A whole file, NUL-terminated (caller frees), refused when it reaches max
 * bytes; *len gets its length (may be NULL).  NULL with *rc and diag set
 * on error.  The engine's one reader of whole files. */
char *pk_read_file(const char *path, size_t max, size_t *len, praksis_error *rc, praksis_diag *diag);

/* 1 when path names a regular file. */
int pk_file_exists(const char *path);

/* Money to the øre and weeks to 1e-6, without a negative zero: what the
 * plan's files write, so that they carry no binary noise. */
double pk_round_kr(double v);
double pk_round_weeks(double v);

/* A CSV field, quoted only when it has to be (a ',', ';', quote or line
 * break in it, or a leading or trailing blank): the one quoting rule of
 * every CSV file the engine writes, whichever delimiter a reader assumes. */
void pk_csv_field(FILE *f, const char *s);

/* A whole text file (at most 64 MiB, no NUL bytes), NUL-terminated, for
 * the JSON readers; `what` names it in messages ("scenario", "sweep").
 * NULL with *rc and diag set on error.  The caller frees it. */
char *pk_read_json_text(const char *path, const char *what, praksis_error *rc, praksis_diag *diag);

/* How deeply arrays and objects are open at byte off of a JSON text
 * (strings skipped): tells cJSON's nesting limit from other syntax errors. */
long pk_json_depth_at(const char *t, size_t off);

/* Line and column (1-based) of byte `off` of text, for JSON errors. */
void pk_text_pos(const char *text, size_t off, long *line, long *col);

/* A write_fn for pk_write_atomic: ctx is a NUL-terminated text, written with
 * a final newline. */
int pk_write_text_line(FILE *f, const void *ctx);

/* Where row `line` of table `table` ("cohorts") of inst is, for a diag:
 * "DIR/cohorts.csv" with *line kept, or "BOOK:cohorts!A<line>" with *line
 * set to 0 (load.c).  Messages about an instance's rows use it, so that
 * they name a workbook's cell as the loader's own do. */
void pk_instance_file(const praksis_instance *inst, const char *table, long *line, char *buf, size_t n);

/* Programme p's name for a reader of language lang ("nb" or "en"): its
 * name_nb or name_en where the data gives one, else its name (load.c).
 * NULL lang: the name column, which the language-neutral CSV outputs use. */
const char *pk_programme_name(const praksis_instance *inst, int p, const char *lang);

/* Set one scenario key from text as `--set key=value` does; messages name
 * `where` (a sheet's cell) instead of "--set" (settings.c). */
praksis_error pk_settings_set_at(praksis_settings *s, const char *key, const char *value, const char *where,
                                 praksis_diag *diag);

/* Create dir and its parents; an existing directory is fine. */
praksis_error pk_make_dirs(const char *dir, praksis_diag *diag);

/* export of MathProg data (export.c) */
int pk_export_dat_write(FILE *f, const praksis_instance *inst, const praksis_settings *s);

#endif
