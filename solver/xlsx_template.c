/*
 * xlsx_template.c - an instance written as a workbook (libxlsxwriter), the
 * starting point a planner edits in a spreadsheet program and gives back
 * to `praksis solve plan.xlsx`.
 *
 * Each table is copied cell by cell from its source (source.c), so unknown
 * columns and the user's own text survive.  Ids and other text are written
 * as text in columns formatted as text, so a kommunenummer typed later as
 * 0301 stays 0301; the numeric columns hold numbers.  libxlsxwriter writes
 * numbers with 16 significant digits: a value that needs 17 to read back
 * exactly is written as text instead (the reader parses text cells with
 * the CSV grammar), with a warning, so the workbook gives the same plan.
 * The file is written under a temporary name beside the target and renamed
 * onto it when complete (xlsx_write.c): a failed write leaves no half
 * workbook.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"
#include "source.h"
#include "xlsx_write.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define MAX_WIDTH 60 /* characters: a column no wider than a long municipality name needs */

/* Columns the loaders read as numbers (load.c's col_specs). */
static int numeric_column(const char *name)
{
    static const char *const cols[] = {"lat",      "lon",   "fixed_cost", "municipal_share", "supervisor_ratio",
                                       "students", "weeks", "places",     "supervisors",     "km",
                                       "min_students"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        if (strcmp(cols[i], name) == 0) return 1;
    return 0;
}

typedef struct writer {
    lxw_workbook *wb;
    lxw_format *text, *head;
    praksis_warn_fn warn;
    void *user;
    const char *src;
    praksis_diag *diag;
} writer;

/* Characters of a UTF-8 string, for column widths. */
static int chars(const char *s)
{
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static praksis_error lxw_fail(writer *w, const char *sheet, lxw_error e)
{
    pk_diag_set(w->diag, sheet, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
    return PRAKSIS_ERR_IO;
}

/* Write v as a number, or as text when 16 digits cannot hold it exactly. */
static lxw_error put_number(writer *w, lxw_worksheet *ws, const pk_csv_table *t, long r, int c, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.16G", v);
    if (strtod(buf, NULL) == v) return worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v, NULL);
    snprintf(buf, sizeof buf, "%.17g", v);
    if (w->warn) {
        praksis_diag d;
        pk_csv_cell_error(t, r, c, &d, "%s needs 17 significant digits: written as the text \"%s\" to keep it exact", buf,
                          buf);
        w->warn(w->user, &d);
    }
    return worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, buf, w->text);
}

/* One cell of row r (data rows start at sheet row 2). */
static lxw_error put_cell(writer *w, lxw_worksheet *ws, const pk_csv_table *t, long r, int c, int numeric)
{
    const char *s = pk_csv_cell(t, r, c);
    double v;
    int kind = pk_csv_kind(t, r, c, &v);
    if (!s[0]) return LXW_NO_ERROR;
    if (kind == PK_CELL_NUMBER || (numeric && kind == PK_CELL_TEXT && pk_csv_parse_number(s, t->delim, &v) == 0))
        return put_number(w, ws, t, r, c, v);
    return worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, s, numeric ? NULL : w->text);
}

static praksis_error write_table(writer *w, const char *name, const pk_csv_table *t)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    int *width = calloc((size_t)t->n_cols + 1, sizeof *width);
    if (!ws || !width) {
        free(width);
        pk_diag_set(w->diag, name, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    lxw_error e = LXW_NO_ERROR;
    for (int c = 0; c < t->n_cols && !e; c++) {
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, t->header[c], w->head);
        width[c] = chars(t->header[c]);
    }
    for (long r = 0; r < t->n_rows && !e; r++)
        for (int c = 0; c < t->n_cols && !e; c++) {
            e = put_cell(w, ws, t, r, c, numeric_column(t->header[c]));
            int n = chars(pk_csv_cell(t, r, c));
            if (n > width[c]) width[c] = n;
        }
    worksheet_freeze_panes(ws, 1, 0);
    for (int c = 0; c < t->n_cols && !e; c++) {
        int numeric = numeric_column(t->header[c]);
        double wd = (width[c] < 8 ? 8 : width[c] > MAX_WIDTH ? MAX_WIDTH : width[c]) + 2;
        e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, wd, numeric ? NULL : w->text);
    }
    free(width);
    return e ? lxw_fail(w, name, e) : PRAKSIS_OK;
}

/* The scenario sheet from DIR/scenario.json: its keys in the file's order,
 * numbers as numbers, a programme list as "SYK,FYS". */
static praksis_error write_scenario_json(writer *w, const char *dir)
{
    char path[4096];
    pk_path_join(path, sizeof path, dir, "scenario.json");
    if (access(path, F_OK) != 0) return PRAKSIS_OK;
    praksis_error rc;
    char *text = pk_read_json_text(path, "scenario", &rc, w->diag);
    if (!text) return rc;
    const char *body = (unsigned char)text[0] == 0xEF ? text + 3 : text; /* a BOM, as the scenario reader allows */
    cJSON *root = cJSON_Parse(body);
    free(text);
    lxw_worksheet *ws = root ? workbook_add_worksheet(w->wb, "scenario") : NULL;
    if (!ws) {
        cJSON_Delete(root);
        pk_diag_set(w->diag, path, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    lxw_error e = worksheet_write_string(ws, 0, 0, "key", w->head);
    if (!e) e = worksheet_write_string(ws, 0, 1, "value", w->head);
    lxw_row_t row = 1;
    for (cJSON *it = root->child; it && !e; it = it->next, row++) {
        e = worksheet_write_string(ws, row, 0, it->string, w->text);
        if (e) break;
        if (cJSON_IsNumber(it)) {
            e = worksheet_write_number(ws, row, 1, it->valuedouble, NULL);
        } else if (cJSON_IsArray(it)) {
            char list[4096] = "";
            for (cJSON *x = it->child; x; x = x->next) {
                if (list[0]) strncat(list, ",", sizeof list - strlen(list) - 1);
                strncat(list, cJSON_IsString(x) ? x->valuestring : "", sizeof list - strlen(list) - 1);
            }
            e = worksheet_write_string(ws, row, 1, list, w->text);
        } else {
            e = worksheet_write_string(ws, row, 1, cJSON_IsString(it) ? it->valuestring : "", w->text);
        }
    }
    cJSON_Delete(root);
    if (e) return lxw_fail(w, path, e);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_set_column(ws, 0, 0, 28, w->text);
    worksheet_set_column(ws, 1, 1, 20, NULL);
    return PRAKSIS_OK;
}

static praksis_error write_tables(writer *w, pk_source *src)
{
    static const char *const names[] = {"sites",     "campuses", "programmes", "cohorts",  "capacity",
                                        "distances", "students", "fixed",      "previous", "scenario"};
    praksis_error rc = PRAKSIS_OK;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !rc; i++) {
        pk_csv_table *t = NULL;
        if (!strcmp(names[i], "scenario") && !pk_source_is_workbook(src)) {
            rc = write_scenario_json(w, w->src);
            break;
        }
        rc = pk_source_table(src, names[i], 1, &t, w->diag);
        if (!rc && t) rc = write_table(w, names[i], t);
        pk_csv_table_free(t);
    }
    return rc;
}

/* Load and check the instance and its scenario as `praksis check` would,
 * so that a template is only ever made of an instance that loads. */
static praksis_error check_instance(const char *src, praksis_warn_fn warn, void *user, praksis_diag *diag)
{
    praksis_instance *inst = NULL;
    praksis_settings s;
    praksis_settings_init(&s);
    praksis_error rc = praksis_instance_load(src, warn, user, &inst, diag);
    if (!rc) rc = praksis_instance_scenario(inst, &s, diag);
    if (!rc) rc = praksis_settings_validate(&s, diag);
    praksis_settings_clear(&s);
    praksis_instance_free(inst);
    return rc;
}

praksis_error praksis_instance_template(const char *src_path, const char *xlsx_path, praksis_warn_fn warn, void *user,
                                        praksis_diag *diag)
{
    if (!src_path || !xlsx_path) {
        pk_diag_set(diag, "", 0, 0, "praksis_instance_template: NULL argument");
        return PRAKSIS_ERR_USAGE;
    }
    praksis_error rc = check_instance(src_path, warn, user, diag);
    pk_source *src = NULL;
    if (!rc) rc = pk_source_open(src_path, NULL, NULL, &src, diag);
    if (rc) return rc;
    char tmp[4096];
    if ((rc = pk_xlsx_temp(xlsx_path, tmp, sizeof tmp, diag))) {
        pk_source_close(src);
        return rc;
    }
    writer w = {.wb = workbook_new(tmp), .warn = warn, .user = user, .src = src_path, .diag = diag};
    if (!w.wb || !(w.text = workbook_add_format(w.wb)) || !(w.head = workbook_add_format(w.wb))) {
        pk_diag_set(diag, xlsx_path, 0, 0, "out of memory");
        rc = PRAKSIS_ERR_NOMEM;
    } else {
        format_set_num_format(w.text, "@");
        format_set_bold(w.head);
        format_set_num_format(w.head, "@");
        rc = write_tables(&w, src);
    }
    rc = pk_xlsx_commit(w.wb, tmp, xlsx_path, rc, diag);
    pk_source_close(src);
    if (rc) pk_diag_escape(diag);
    return rc;
}
