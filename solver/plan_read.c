/*
 * plan_read.c - the one reader of a plan directory (see plan_read.h):
 * the files as typed rows, then, for praksis_result_read, the plan on an
 * instance, re-checked as after a solve.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan_read.h"
#include "result.h"
#include "strmap.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ------------------------------------------------------------ the CSV files */
typedef enum col_type {
    C_ID,      /* text, not empty */
    C_TEXT,    /* text, may be empty (a hospital's group) */
    C_KIND,    /* municipality or hospital -> int 0 or 1 */
    C_FLAG,    /* 0 or 1 -> int */
    C_COUNT1,  /* whole number >= 1 -> long */
    C_COUNT0,  /* whole number >= 0 -> long */
    C_WEEKS,   /* number > 0 -> double */
    C_NUMBER0, /* number >= 0 -> double */
} col_type;

typedef struct col_spec {
    const char *name;
    col_type type;
    size_t at; /* offset of the field in the file's row struct */
} col_spec;

#define A(f) offsetof(pk_assignment_row, f)
static const col_spec assignment_cols[] = {
    {"cohort", C_ID, A(cohort)},          {"institution", C_TEXT, A(institution)}, {"campus", C_ID, A(campus)},
    {"programme", C_ID, A(programme)},    {"period", C_ID, A(period)},             {"site", C_ID, A(site)},
    {"site_kind", C_KIND, A(hospital)},   {"students", C_COUNT1, A(students)},     {"weeks", C_WEEKS, A(weeks)},
    {"km", C_NUMBER0, A(km)},             {"relocated", C_FLAG, A(relocated)},
    {"travel_cost", C_NUMBER0, A(travel_cost)}, {"supervision_cost", C_NUMBER0, A(supervision_cost)},
    {"relocated_students", C_COUNT0, A(relocated_students)},
};
#undef A
#define U(f) offsetof(pk_unplaced_row, f)
static const col_spec unplaced_cols[] = {
    {"cohort", C_ID, U(cohort)}, {"programme", C_ID, U(programme)}, {"period", C_ID, U(period)},
    {"students", C_COUNT1, U(students)}, {"weeks", C_WEEKS, U(weeks)},
};
#undef U
#define S(f) offsetof(pk_site_use_row, f)
static const col_spec site_use_cols[] = {
    {"site", C_ID, S(site)},         {"kind", C_KIND, S(hospital)},   {"group", C_TEXT, S(group)},
    {"period", C_ID, S(period)},     {"students", C_COUNT1, S(students)},
    {"relocated_students", C_COUNT0, S(relocated_students)}, {"supervisors_used", C_COUNT0, S(supervisors_used)},
    {"places", C_COUNT0, S(places)},
};
#undef S

typedef struct file_spec {
    const char *name;
    const col_spec *cols;
    int n_cols;
    size_t row_size;
    size_t rows_at, count_at; /* where pk_plan_files keeps the rows and their number */
} file_spec;

#define N(a) (int)(sizeof a / sizeof a[0])
#define ROWS(rows, n) offsetof(pk_plan_files, rows), offsetof(pk_plan_files, n)
static const file_spec files[PK_PLAN_FILES] = {
    [PK_PLAN_SUMMARY] = {"summary.json", NULL, 0, 0, 0, 0},
    [PK_PLAN_ASSIGNMENTS] = {"assignments.csv", assignment_cols, N(assignment_cols), sizeof(pk_assignment_row),
                             ROWS(assignments, n_assignments)},
    [PK_PLAN_UNPLACED] = {"unplaced.csv", unplaced_cols, N(unplaced_cols), sizeof(pk_unplaced_row),
                          ROWS(unplaced, n_unplaced)},
    [PK_PLAN_SITE_USE] = {"site_use.csv", site_use_cols, N(site_use_cols), sizeof(pk_site_use_row),
                          ROWS(site_use, n_site_use)},
};

void pk_plan_file_path(const pk_plan_files *pf, pk_plan_file file, char *buf, size_t n)
{
    pk_path_join(buf, n, pf->dir, files[file].name);
}

/* A whole number of at least min (and small enough for a long). */
static int whole(const pk_csv_table *t, const char *s, long min, long *out)
{
    double v;
    if (pk_csv_parse_number(s, t->delim, &v) || v != floor(v) || v < (double)min || v > 1e12) return -1;
    *out = (long)v;
    return 0;
}

/* Cell (r, f) of t into the field of row that spec names. */
static praksis_error parse_cell(const pk_csv_table *t, long r, int f, const col_spec *c, char *row, praksis_diag *diag)
{
    const char *s = pk_csv_cell(t, r, f);
    void *at = row + c->at;
    double v;
    switch (c->type) {
    case C_ID:
        if (!*s) break;
        /* fall through */
    case C_TEXT: *(const char **)at = s; return PRAKSIS_OK;
    case C_KIND:
        if (strcmp(s, "municipality") && strcmp(s, "hospital")) break;
        *(int *)at = s[0] == 'h';
        return PRAKSIS_OK;
    case C_FLAG:
        if (strcmp(s, "0") && strcmp(s, "1")) break;
        *(int *)at = s[0] == '1';
        return PRAKSIS_OK;
    case C_COUNT1:
    case C_COUNT0:
        if (whole(t, s, c->type == C_COUNT1, (long *)at)) break;
        return PRAKSIS_OK;
    case C_WEEKS:
    case C_NUMBER0:
        if (pk_csv_parse_number(s, t->delim, &v) || (c->type == C_WEEKS ? !(v > 0) : !(v >= 0))) break;
        *(double *)at = v;
        return PRAKSIS_OK;
    }
    static const char *const expected[] = {
        [C_ID] = "an id", [C_TEXT] = "text", [C_KIND] = "municipality or hospital", [C_FLAG] = "0 or 1",
        [C_COUNT1] = "a whole number of at least 1", [C_COUNT0] = "a whole number of at least 0",
        [C_WEEKS] = "a number > 0", [C_NUMBER0] = "a number >= 0",
    };
    if (!*s)
        pk_csv_cell_error(t, r, f, diag, "%s: expected %s, found an empty cell", c->name, expected[c->type]);
    else
        pk_csv_cell_error(t, r, f, diag, "%s: expected %s, found \"%s\"", c->name, expected[c->type], s);
    return PRAKSIS_ERR_INPUT;
}

/* One CSV file of the plan: every column of its spec, every row typed. */
static praksis_error read_csv(pk_plan_files *pf, pk_plan_file file, praksis_diag *diag)
{
    const file_spec *fs = &files[file];
    char path[4096];
    pk_plan_file_path(pf, file, path, sizeof path);
    pk_csv_table *t = NULL;
    praksis_error rc = pk_csv_read(path, &t, diag);
    if (rc) return rc;
    pf->table[file] = t;
    int col[16];
    for (int c = 0; c < fs->n_cols; c++)
        if ((col[c] = pk_csv_column(t, fs->cols[c].name)) < 0) {
            pk_diag_set(diag, path, t->header_line, 0, "expected a column \"%s\", found none in the header",
                        fs->cols[c].name);
            return PRAKSIS_ERR_INPUT;
        }
    char *rows = calloc(t->n_rows > 0 ? (size_t)t->n_rows : 1, fs->row_size);
    if (!rows) return PRAKSIS_ERR_NOMEM;
    *(void **)((char *)pf + fs->rows_at) = rows;
    for (long r = 0; r < t->n_rows; r++)
        for (int c = 0; c < fs->n_cols; c++)
            if ((rc = parse_cell(t, r, col[c], &fs->cols[c], rows + (size_t)r * fs->row_size, diag))) return rc;
    *(long *)((char *)pf + fs->count_at) = t->n_rows;
    return PRAKSIS_OK;
}

praksis_error pk_plan_row_error(const pk_plan_files *pf, pk_plan_file file, long r, const char *col, praksis_diag *diag,
                                const char *fmt, ...)
{
    char msg[sizeof diag->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const pk_csv_table *t = pf->table[file];
    pk_csv_cell_error(t, r, pk_csv_column(t, col), diag, "%s", msg);
    return PRAKSIS_ERR_INPUT;
}

/* ------------------------------------------------------------ summary.json */
#define F(f) offsetof(praksis_figures, f)
#define V(f) offsetof(praksis_solve_info, f)
static const pk_json_number summary_figures[] = {
    {NULL, "unplaced_weeks", 'd', F(unplaced_weeks), 1},
    {NULL, "share_deficit_weeks", 'd', F(share_deficit_weeks), 1},
    {"cost", "travel", 'd', F(cost_travel), 0},
    {"cost", "supervision", 'd', F(cost_supervision), 0},
    {"cost", "fixed", 'd', F(cost_fixed), 0},
    {"cost", "total", 'd', F(cost_total), 1},
    {"cost", "per_placed_student_week", 'd', F(cost_per_placed_week), 0},
    {NULL, "students", 'l', F(students), 0},
    {NULL, "placed", 'l', F(placed), 1},
    {NULL, "unplaced", 'l', F(unplaced), 1},
    {NULL, "relocated_students", 'l', F(relocated_students), 0},
    {NULL, "student_weeks", 'd', F(student_weeks), 0},
    {NULL, "placed_weeks", 'd', F(placed_weeks), 0},
    {NULL, "municipal_weeks", 'd', F(municipal_weeks), 1},
    {NULL, "relocated_weeks", 'd', F(relocated_weeks), 0},
    {NULL, "municipal_target_weeks", 'd', F(municipal_target_weeks), 0},
    {NULL, "municipal_share", 'd', F(municipal_share), 0},
    {NULL, "municipalities_used", 'i', F(municipalities_used), 0},
    {NULL, "groups_used", 'i', F(groups_used), 0},
    {NULL, "sites_used", 'i', F(sites_used), 0},
    {NULL, "relocated_km", 'd', F(relocated_km), 1},
    {NULL, "listed_students", 'l', F(listed_students), 0},
    {NULL, "placed_at_home", 'l', F(placed_at_home), 0},
    {"cannot_relocate", "students", 'l', F(cannot_relocate), 0},
    {"cannot_relocate", "placed", 'l', F(cannot_relocate_placed), 0},
};
#undef F
static const pk_json_number summary_solver[] = {
    {"solver", "seconds", 'd', V(seconds), 0},
    {"solver", "nodes", 'l', V(nodes), 0},
    {"solver", "levels_proven", 'i', V(levels_proven), 0},
};
#undef V
#define SUMMARY_IS "the summary.json that praksis solve writes"

/* The solver's record: gap (null when none is known) and each level's time and nodes. */
static void read_levels(const cJSON *sv, praksis_solve_info *S)
{
    const cJSON *gap = pk_json_get(sv, "gap");
    S->gap = cJSON_IsNumber(gap) ? gap->valuedouble : -1;
    const cJSON *lv = pk_json_get(sv, "levels");
    for (int k = 0; k < PRAKSIS_LEVELS && cJSON_IsArray(lv); k++) {
        const cJSON *e = cJSON_GetArrayItem(lv, k), *s = pk_json_get(e, "seconds"), *n = pk_json_get(e, "nodes");
        S->level_seconds[k] = cJSON_IsNumber(s) ? s->valuedouble : 0;
        S->level_nodes[k] = cJSON_IsNumber(n) ? (long)n->valuedouble : 0;
    }
}

static praksis_error read_summary(pk_plan_files *pf, praksis_diag *diag)
{
    char path[4096];
    pk_plan_file_path(pf, PK_PLAN_SUMMARY, path, sizeof path);
    pk_json_doc *doc = &pf->doc;
    praksis_error rc = pk_json_load(doc, path, "plan summary", SUMMARY_IS, diag);
    if (rc) return rc;
    if (!cJSON_IsObject(doc->root))
        return pk_json_error(doc, doc->root, 0, diag, "expected " SUMMARY_IS " (a JSON object), found %s",
                             pk_json_type(doc->root));
    pk_plan_summary *S = &pf->summary;
    S->info.gap = -1;
    static const char *const status[] = {"optimal", "feasible", NULL};
    static const char *const stop[] = {"none", "time_limit", "interrupted", NULL};
    int st, sb;
    if ((rc = pk_json_choice(doc, doc->root, "status", status, 1, 0, &st, SUMMARY_IS, diag))) return rc;
    if ((rc = pk_json_choice(doc, doc->root, "stopped_by", stop, 0, 0, &sb, SUMMARY_IS, diag))) return rc;
    S->info.status = st ? PRAKSIS_STATUS_FEASIBLE : PRAKSIS_STATUS_OPTIMAL;
    S->info.stop = sb == 1 ? PRAKSIS_STOP_TIME_LIMIT : sb == 2 ? PRAKSIS_STOP_INTERRUPTED : PRAKSIS_STOP_NONE;
    if ((rc = pk_json_numbers(doc, doc->root, summary_figures, N(summary_figures), &S->fig, SUMMARY_IS, diag)) ||
        (rc = pk_json_numbers(doc, doc->root, summary_solver, N(summary_solver), &S->info, SUMMARY_IS, diag)))
        return rc;
    read_levels(pk_json_get(doc->root, "solver"), &S->info);
    const cJSON *inst = pk_json_get(doc->root, "instance");
    if (inst && !cJSON_IsString(inst))
        return pk_json_error(doc, inst, 0, diag, "instance: expected the instance directory (a string), found %s",
                             pk_json_type(inst));
    S->instance = inst ? inst->valuestring : NULL;
    S->scenario = pk_json_get(doc->root, "scenario");
    if (!cJSON_IsObject(S->scenario))
        return pk_json_error(doc, S->scenario ? S->scenario : doc->root, 0, diag,
                             "scenario: expected an object of scenario keys, as in " SUMMARY_IS ", found %s",
                             S->scenario ? pk_json_type(S->scenario) : "none");
    return PRAKSIS_OK;
}

praksis_error pk_plan_files_settings(const pk_plan_files *pf, praksis_settings *s, praksis_diag *diag)
{
    const pk_json_doc *doc = &pf->doc;
    char kb[80];
    for (const cJSON *c = pf->summary.scenario->child; c; c = c->next) {
        for (const cJSON *p = pf->summary.scenario->child; p != c; p = p->next)
            if (!strcmp(p->string, c->string))
                return pk_json_error(doc, c, 1, diag, "key \"%s\" appears twice; expected each key once, found it again",
                                     pk_diag_clip(c->string, kb, sizeof kb));
        long line, col;
        pk_json_where(doc, c, 1, &line, &col);
        praksis_error rc = pk_settings_apply(s, c->string, c, doc->file, line, col, diag);
        if (rc) return rc;
    }
    return PRAKSIS_OK;
}

void pk_plan_files_free(pk_plan_files *pf)
{
    for (int f = 0; f < PK_PLAN_FILES; f++) pk_csv_table_free(pf->table[f]);
    free(pf->assignments);
    free(pf->unplaced);
    free(pf->site_use);
    pk_json_free(&pf->doc);
    free(pf->dir);
    memset(pf, 0, sizeof *pf);
}

praksis_error pk_plan_files_read(const char *dir, unsigned which, pk_plan_files *pf, praksis_diag *diag)
{
    memset(pf, 0, sizeof *pf);
    if (!dir) return PRAKSIS_ERR_USAGE;
    if (!(pf->dir = strdup(dir))) return PRAKSIS_ERR_NOMEM;
    praksis_error rc = PRAKSIS_OK;
    for (int f = 0; f < PK_PLAN_FILES && !rc; f++) {
        if (!(which & PK_PLAN_READ(f))) continue;
        rc = f == PK_PLAN_SUMMARY ? read_summary(pf, diag) : read_csv(pf, (pk_plan_file)f, diag);
        if (!rc) pf->read |= PK_PLAN_READ(f);
    }
    if (rc) {
        pk_diag_escape(diag); /* ids and keys from the files are quoted in messages */
        pk_plan_files_free(pf);
    }
    return rc;
}

/* ------------------------------------------------------------ a plan on an instance */
/* The result the plan's scenario gives on inst, every student unplaced. */
static praksis_error empty_result(const praksis_instance *inst, const pk_plan_files *pf, praksis_result **out,
                                  praksis_diag *diag)
{
    praksis_settings set;
    praksis_settings_init(&set);
    problem *P = NULL;
    praksis_error rc = pk_plan_files_settings(pf, &set, diag);
    if (!rc) rc = praksis_settings_validate(&set, diag);
    if (!rc) rc = pk_problem_build(inst, &set, &P, diag);
    praksis_settings_clear(&set);
    if (rc) return rc;
    if (!(*out = pk_result_new(P, 1))) {
        pk_problem_free(P);
        return PRAKSIS_ERR_NOMEM;
    }
    return PRAKSIS_OK;
}

#define NOT_THIS_INSTANCE "is this the instance the plan was made from?"

/* assignments.csv's students into R->x: every row a candidate pair of an
 * included cohort, each pair once. */
static praksis_error place(praksis_result *R, const pk_plan_files *pf, const strmap *cohorts, praksis_diag *diag)
{
    const problem *P = R->P;
    const praksis_instance *inst = P->inst;
    for (long r = 0; r < pf->n_assignments; r++) {
        const pk_assignment_row *a = &pf->assignments[r];
        int k = pk_strmap_get(cohorts, a->cohort);
        if (k < 0)
            return pk_plan_row_error(pf, PK_PLAN_ASSIGNMENTS, r, "cohort", diag, "cohort \"%s\" is not a cohort of %s "
                                     "under the plan's scenario: " NOT_THIS_INSTANCE, a->cohort, inst->dir);
        long pi = -1;
        for (long i = P->coh_first[k]; i < P->coh_first[k + 1] && pi < 0; i++)
            if (strcmp(inst->sites[P->pairs[i].site].id, a->site) == 0) pi = i;
        if (pi < 0)
            return pk_plan_row_error(pf, PK_PLAN_ASSIGNMENTS, r, "site", diag, "cohort %s cannot be placed at site "
                                     "\"%s\" in %s: " NOT_THIS_INSTANCE, a->cohort, a->site, inst->dir);
        if (R->x[pi])
            return pk_plan_row_error(pf, PK_PLAN_ASSIGNMENTS, r, "site", diag, "cohort %s at site %s appears twice",
                                     a->cohort, a->site);
        R->x[pi] = a->students;
    }
    return PRAKSIS_OK;
}

/* unplaced.csv must list what assignments.csv leaves unplaced. */
static praksis_error check_unplaced(const praksis_result *R, const pk_plan_files *pf, const strmap *cohorts,
                                    long *listed, praksis_diag *diag)
{
    const char *dir = R->P->inst->dir;
    *listed = 0;
    for (long r = 0; r < pf->n_unplaced; r++) {
        const pk_unplaced_row *u = &pf->unplaced[r];
        int k = pk_strmap_get(cohorts, u->cohort);
        if (k < 0 || u->students != R->plan.unplaced[k])
            return pk_plan_row_error(pf, PK_PLAN_UNPLACED, r, k < 0 ? "cohort" : "students", diag,
                                     "does not match assignments.csv and the instance %s (%s unplaced students of cohort "
                                     "\"%s\")", dir, k < 0 ? "no" : "other", u->cohort);
        *listed += u->students;
    }
    return PRAKSIS_OK;
}

static int close_enough(double a, double b, double abs_tol) { return fabs(a - b) <= abs_tol + 1e-9 * fabs(b); }

/* The plan re-checked against the data, its figures against summary.json's. */
static praksis_error check_figures(praksis_result *R, const pk_plan_files *pf, long listed, praksis_diag *diag)
{
    const char *dir = R->P->inst->dir;
    char path[4096];
    if (pk_result_update(R, diag) != PRAKSIS_OK) {
        char why[sizeof diag->message];
        snprintf(why, sizeof why, "%s", diag->message);
        pk_plan_file_path(pf, PK_PLAN_ASSIGNMENTS, path, sizeof path);
        pk_diag_set(diag, path, 0, 0, "the plan does not fit the instance %s: %s", dir, why);
        return PRAKSIS_ERR_INPUT;
    }
    const praksis_figures *F = &R->plan.fig, *G = &pf->summary.fig;
    struct { const char *name; double file, plan, tol; } cmp[] = {
        {"cost.total", G->cost_total, F->cost_total, 0.05},
        {"unplaced_weeks", G->unplaced_weeks, F->unplaced_weeks, 1e-5},
        {"share_deficit_weeks", G->share_deficit_weeks, F->share_deficit_weeks, 1e-5},
        {"placed", (double)G->placed, (double)F->placed, 0},
        {"unplaced", (double)G->unplaced, (double)listed, 0},
        {"relocated_km", G->relocated_km, F->relocated_km, 1e-3},
    };
    pk_plan_file_path(pf, PK_PLAN_SUMMARY, path, sizeof path);
    for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++)
        if (!close_enough(cmp[i].file, cmp[i].plan, cmp[i].tol)) {
            pk_diag_set(diag, path, 0, 0, "%s is %.10g, but the plan's files give %.10g with the instance %s: "
                        NOT_THIS_INSTANCE, cmp[i].name, cmp[i].file, cmp[i].plan, dir);
            return PRAKSIS_ERR_INPUT;
        }
    if (listed != F->unplaced) {
        pk_plan_file_path(pf, PK_PLAN_UNPLACED, path, sizeof path);
        pk_diag_set(diag, path, 0, 0, "expected %ld unplaced students (what assignments.csv leaves with the instance %s), "
                    "found %ld", F->unplaced, dir, listed);
        return PRAKSIS_ERR_INPUT;
    }
    return PRAKSIS_OK;
}

static praksis_error read_on(const praksis_instance *inst, const pk_plan_files *pf, praksis_result **out,
                             praksis_diag *diag)
{
    praksis_result *R = NULL;
    strmap cohorts = {0};
    long listed = 0;
    praksis_error rc = empty_result(inst, pf, &R, diag);
    for (int k = 0; !rc && k < R->P->n_coh; k++)
        if (pk_strmap_put(&cohorts, inst->cohorts[R->P->coh[k]].id, k)) rc = PRAKSIS_ERR_NOMEM;
    if (!rc) rc = place(R, pf, &cohorts, diag);
    if (!rc && inst->has_students) { /* the listed students' classes, from student_plan.csv */
        char path[4096];
        pk_path_join(path, sizeof path, pf->dir, "student_plan.csv");
        rc = pk_students_read(R->P, path, R->x, diag);
    }
    if (!rc) {
        pk_plan_compute(&R->plan, R->P, R->x); /* a first look, for the unplaced; re-checked below */
        rc = check_unplaced(R, pf, &cohorts, &listed, diag);
    }
    if (!rc) {
        R->info = pf->summary.info; /* the solver's record, from summary.json */
        rc = check_figures(R, pf, listed, diag);
    }
    pk_strmap_free(&cohorts);
    if (rc) {
        praksis_result_free(R);
        R = NULL;
    }
    *out = R;
    return rc;
}

praksis_error praksis_result_read(const praksis_instance *inst, const char *dir, praksis_result **out,
                                  praksis_diag *diag)
{
    *out = NULL;
    if (!inst || !dir) return PRAKSIS_ERR_USAGE;
    pk_plan_files pf;
    praksis_error rc = pk_plan_files_read(
        dir, PK_PLAN_READ(PK_PLAN_SUMMARY) | PK_PLAN_READ(PK_PLAN_ASSIGNMENTS) | PK_PLAN_READ(PK_PLAN_UNPLACED), &pf, diag);
    if (rc) return rc;
    rc = read_on(inst, &pf, out, diag);
    if (rc) pk_diag_escape(diag);
    pk_plan_files_free(&pf);
    return rc;
}

praksis_error praksis_result_instance(const char *dir, char **out, praksis_diag *diag)
{
    *out = NULL;
    pk_plan_files pf;
    praksis_error rc = pk_plan_files_read(dir, PK_PLAN_READ(PK_PLAN_SUMMARY), &pf, diag);
    if (rc) return rc;
    const char *inst = pf.summary.instance;
    struct stat st;
    if (!inst) {
        rc = PRAKSIS_OK; /* a plan written before summary.json named it */
    } else if (stat(inst, &st) != 0 || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
        long line, col;
        pk_json_where(&pf.doc, pk_json_get(pf.doc.root, "instance"), 0, &line, &col);
        char iq[256];
        pk_diag_set(diag, pf.doc.file, line, col, "the instance the plan was solved from, \"%s\", is not there any more (%s)",
                    pk_diag_clip(inst, iq, sizeof iq), stat(inst, &st) != 0 ? strerror(errno) : "not a directory or a workbook");
        rc = PRAKSIS_ERR_IO;
    } else if (!(*out = strdup(inst))) {
        rc = PRAKSIS_ERR_NOMEM;
    }
    if (rc) pk_diag_escape(diag);
    pk_plan_files_free(&pf);
    return rc;
}
