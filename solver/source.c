/*
 * source.c - an instance's tables by name, from a directory of CSV files or
 * from a workbook (see source.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "source.h"
#include "internal.h"
#include "xlsx.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct pk_source {
    char *path;
    pk_workbook *book; /* NULL: path is a directory of CSV files */
    praksis_warn_fn warn;
    void *user;
};

/* The sheets a workbook may have: the tables read today, the optional ones
 * planned (students, fixed, previous), and the scenario.  Any other sheet
 * is ignored with a warning, since a misspelt "capasity" must not vanish
 * silently.  A table is opened by its name alone (DIR/NAME.csv or the sheet
 * NAME), so a new table needs only its loader. */
static const char *const known[] = {"sites", "campuses", "programmes", "cohorts", "capacity", "distances",
                                    "students", "fixed", "previous", "scenario"};
#define N_KNOWN (int)(sizeof known / sizeof known[0])

int pk_source_is_workbook(const pk_source *src) { return src && src->book; }

const char *pk_source_label(const pk_source *src, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, src && src->book ? "sheet %s" : "%s.csv", name);
    return buf;
}

static praksis_error missing_sheet(const pk_source *src, const char *name, praksis_diag *diag)
{
    char list[400] = "";
    for (int i = 0; i < pk_workbook_sheet_count(src->book); i++) {
        const char *s = pk_workbook_sheet_name(src->book, i);
        if (strcasecmp(s, name) == 0) {
            char sb[80];
            pk_diag_set(diag, src->path, 0, 0, "expected a sheet named \"%s\", found \"%s\" (sheet names are case-sensitive)",
                        name, pk_diag_clip(s, sb, sizeof sb));
            return PRAKSIS_ERR_INPUT;
        }
        if (strlen(list) + strlen(s) + 4 < sizeof list) {
            if (list[0]) strcat(list, ", ");
            strcat(list, s);
        }
    }
    pk_diag_set(diag, src->path, 0, 0, "expected a sheet named \"%s\", found none (the sheets are: %s)", name,
                list[0] ? list : "none");
    return PRAKSIS_ERR_INPUT;
}

praksis_error pk_source_table(pk_source *src, const char *name, int optional, pk_csv_table **t, praksis_diag *diag)
{
    *t = NULL;
    praksis_error rc;
    if (src->book) {
        int i = pk_workbook_find(src->book, name);
        if (i < 0) return optional ? PRAKSIS_OK : missing_sheet(src, name, diag);
        return pk_workbook_table(src->book, i, t, diag);
    }
    char path[1024], file[64];
    pk_source_label(src, name, file, sizeof file);
    pk_path_join(path, sizeof path, src->path, file);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) {
        if (optional) return PRAKSIS_OK;
        pk_diag_set(diag, path, 0, 0, "expected the instance file %s, found nothing there", file);
        return PRAKSIS_ERR_IO;
    }
    if ((rc = pk_csv_read(path, t, diag))) return rc;
    if ((*t)->encoding && src->warn) {
        praksis_diag w;
        pk_diag_set(&w, path, 0, 0, "expected UTF-8 text, found other bytes: read as %s (save the file as UTF-8)",
                    (*t)->encoding);
        src->warn(src->user, &w);
    }
    return PRAKSIS_OK;
}

/* Say which sheets of a workbook are none of the known ones. */
static void warn_unknown_sheets(const pk_source *src)
{
    for (int i = 0; src->warn && i < pk_workbook_sheet_count(src->book); i++) {
        const char *name = pk_workbook_sheet_name(src->book, i);
        int is_known = 0;
        for (int k = 0; k < N_KNOWN; k++) is_known |= strcmp(known[k], name) == 0;
        if (is_known) continue;
        praksis_diag w;
        char where[sizeof w.file];
        pk_sheet_ref(where, sizeof where, src->path, name, 0, 0);
        pk_diag_set(&w, where, 0, 0, "unknown sheet \"%s\" ignored (the tables are sites, campuses, programmes, "
                    "cohorts, capacity, distances and scenario)", name);
        pk_diag_escape(&w);
        src->warn(src->user, &w);
    }
}

praksis_error pk_source_open(const char *path, praksis_warn_fn warn, void *user, pk_source **out, praksis_diag *diag)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        pk_diag_set(diag, path, 0, 0, "expected an instance directory or an .xlsx workbook, found %s",
                    errno == ENOENT ? "nothing there" : "nothing readable");
        return PRAKSIS_ERR_IO;
    }
    if (!S_ISDIR(st.st_mode) && (!S_ISREG(st.st_mode) || !pk_is_workbook_name(path))) {
        pk_diag_set(diag, path, 0, 0, "expected an instance directory or an .xlsx workbook, found %s",
                    S_ISREG(st.st_mode) ? "a file not named .xlsx" : "no directory");
        return PRAKSIS_ERR_IO;
    }
    pk_source *src = calloc(1, sizeof *src);
    if (!src || !(src->path = strdup(path))) {
        free(src);
        pk_diag_set(diag, path, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    src->warn = warn;
    src->user = user;
    if (S_ISREG(st.st_mode)) {
        praksis_error rc = pk_workbook_open(path, &src->book, diag);
        if (rc) {
            pk_source_close(src);
            return rc;
        }
        warn_unknown_sheets(src);
    }
    *out = src;
    return PRAKSIS_OK;
}

void pk_source_close(pk_source *src)
{
    if (!src) return;
    pk_workbook_close(src->book);
    free(src->path);
    free(src);
}
