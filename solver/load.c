/*
 * load.c - stage 1 of the pipeline: the instance's tables into a
 * praksis_instance.  Every check that needs only the tables happens here
 * (syntax, ranges, unknown and duplicate ids); checks that depend on the
 * scenario happen in validate.c.
 *
 * The tables come from a source (source.c): a directory of CSV files
 * (sites.csv, ...) or one .xlsx workbook with a sheet per table (sites,
 * ...).  open_table opens a table by name from either, as the same
 * pk_csv_table, so every loader below runs unchanged on both; a new
 * optional table (students, fixed, previous) needs only its loader.
 */
#define _POSIX_C_SOURCE 200809L
#include "load.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_WHOLE 1000000000.0 /* whole numbers beyond this would overflow sums */
#define MAX_ROWS 10000000L     /* rows per file; more is refused, not attempted */

/* What the header holds instead of a required column: the name in
 * another case, or a sign that the file is tab-separated.  "" if neither. */
static const char *header_hint(const pk_csv_table *t, const char *name, char *buf, size_t n)
{
    for (int c = 0; c < t->n_cols; c++)
        if (strcasecmp(t->header[c], name) == 0) {
            char hb[80];
            snprintf(buf, n, "found \"%s\" (the header is case-sensitive)", pk_diag_clip(t->header[c], hb, sizeof hb));
            return buf;
        }
    for (int c = 0; !t->sheet && c < t->n_cols; c++)
        if (strchr(t->header[c], '\t'))
            return "found none: the file looks tab-separated; save it as CSV with ',' or ';'";
    return "";
}

static praksis_error missing_column(loader *L, const pk_csv_table *t, const col_spec *spec, int n, int i)
{
    char list[512] = "", hint[200];
    for (int j = 0; j < n; j++)
        if (spec[j].required) {
            if (list[0]) strncat(list, ", ", sizeof list - strlen(list) - 1);
            strncat(list, spec[j].name, sizeof list - strlen(list) - 1);
        }
    const char *found = header_hint(t, spec[i].name, hint, sizeof hint);
    pk_csv_diag(t, t->header_line, 0, L->diag, "expected a column \"%s\" in the header (required: %s), %s",
                spec[i].name, list, found[0] ? found : "found none");
    return PRAKSIS_ERR_INPUT;
}

/* A row with more fields than the header: only a non-empty one counts
 * (spreadsheet programs end rows with empty fields as they do the header). */
static int extra_field(const pk_csv_table *t, long r)
{
    for (int f = t->n_cols; f < t->n_fields[r]; f++)
        if (t->cells[r][f][0]) return f;
    return -1;
}

/* Map each spec to its column; a missing required column is an error, an
 * unknown column a warning (it is ignored). */
static praksis_error bind_columns(loader *L, const pk_csv_table *t, const col_spec *spec, int n,
                                  int *idx)
{
    for (int i = 0; i < n; i++) {
        idx[i] = pk_csv_column(t, spec[i].name);
        if (idx[i] < 0 && spec[i].required) return missing_column(L, t, spec, n, i);
    }
    /* a hash, not a pairwise check: a 1 MiB header line holds ~500,000 names */
    strmap seen = {0};
    for (int c = 0; c < t->n_cols; c++) {
        if (pk_strmap_get(&seen, t->header[c]) >= 0) {
            pk_strmap_free(&seen);
            pk_csv_diag(t, t->header_line, t->sheet ? c + 1 : 0, L->diag,
                        "expected each column once in the header, found \"%s\" twice", t->header[c]);
            return PRAKSIS_ERR_INPUT;
        }
        if (pk_strmap_put(&seen, t->header[c], c)) {
            pk_strmap_free(&seen);
            pk_csv_diag(t, 0, 0, L->diag, "out of memory");
            return PRAKSIS_ERR_NOMEM;
        }
    }
    pk_strmap_free(&seen);
    for (int c = 0; c < t->n_cols; c++) {
        int known = 0;
        for (int i = 0; i < n; i++) known |= idx[i] == c;
        if (!known && L->warn) {
            praksis_diag w;
            pk_csv_diag(t, t->header_line, t->sheet ? c + 1 : 0, &w, "unknown column \"%s\" ignored", t->header[c]);
            pk_diag_escape(&w);
            L->warn(L->user, &w);
        }
    }
    if (t->n_rows > MAX_ROWS) {
        pk_csv_diag(t, 0, 0, L->diag, "expected at most %ld rows, found %ld", MAX_ROWS, t->n_rows);
        return PRAKSIS_ERR_INPUT;
    }
    char other = t->delim == ',' ? ';' : ',';
    for (long r = 0; r < t->n_rows; r++) {
        int extra = extra_field(t, r);
        if (extra >= 0 && t->sheet) {
            pk_csv_cell_error(t, r, extra, L->diag, "expected values only under the %d columns of the header, found \"%s\"",
                              t->n_cols, t->cells[r][extra]);
            return PRAKSIS_ERR_INPUT;
        }
        if (extra >= 0) {
            pk_csv_cell_error(t, r, t->n_cols, L->diag, "expected %d fields as in the header, found %d",
                           t->n_cols, t->n_fields[r]);
            return PRAKSIS_ERR_INPUT;
        }
        /* A short row that the other delimiter would fill up was most likely
         * written with it: say so rather than report an empty cell. */
        if (t->n_fields[r] < t->n_cols) {
            long others = 0;
            int first = -1;
            for (int f = 0; f < t->n_fields[r]; f++)
                for (const char *p = t->cells[r][f]; (p = strchr(p, other)) != NULL; p++) {
                    others++;
                    if (first < 0) first = f;
                }
            if (first >= 0 && t->n_fields[r] + others >= t->n_cols) {
                pk_csv_cell_error(t, r, first, L->diag,
                               "expected %d fields separated by '%c' as in the header, found %d with '%c' in them "
                               "(one delimiter per file)",
                               t->n_cols, t->delim, t->n_fields[r], other);
                return PRAKSIS_ERR_INPUT;
            }
        }
    }
    return PRAKSIS_OK;
}

static const char *cell(const pk_csv_table *t, long r, int c)
{
    return c < 0 ? "" : pk_csv_cell(t, r, c);
}

/* A workbook cell that holds no usable value (a date, a boolean, an error
 * value, a formula saved without its result): its description for
 * "found ...", or NULL when the cell is text or a number. */
static const char *unusable(const pk_csv_table *t, long r, int c, char *buf, size_t n)
{
    const char *s = cell(t, r, c);
    switch (c < 0 ? PK_CELL_TEXT : pk_csv_kind(t, r, c, NULL)) {
    case PK_CELL_DATE: return "a date (the cell is formatted as a date; format it as a number or text)";
    case PK_CELL_BOOL: snprintf(buf, n, "the boolean %s", s); return buf;
    case PK_CELL_ERROR: snprintf(buf, n, "the error value %s", s); return buf;
    case PK_CELL_FORMULA: return "a formula without a saved result (open the workbook in a spreadsheet program and save it)";
    default: return NULL;
    }
}

static praksis_error need_text(loader *L, const pk_csv_table *t, long r, int c, const char *name,
                               const char **out)
{
    char buf[80];
    const char *bad = unusable(t, r, c, buf, sizeof buf);
    *out = cell(t, r, c);
    if (bad) {
        pk_csv_cell_error(t, r, c, L->diag, "%s: expected a value, found %s", name, bad);
        return PRAKSIS_ERR_INPUT;
    }
    if (!**out) {
        pk_csv_cell_error(t, r, c, L->diag, "%s: expected a value, found an empty cell", name);
        return PRAKSIS_ERR_INPUT;
    }
    return PRAKSIS_OK;
}

/* Parse a number cell of the given kind.  *blank is set when the cell is
 * empty and blank_ok; otherwise an empty cell is an error. */
static praksis_error need_number(loader *L, const pk_csv_table *t, long r, int c, const char *name,
                                 enum num_kind kind, int blank_ok, int *blank, double *out)
{
    const char *s = cell(t, r, c);
    char buf[80];
    const char *bad = unusable(t, r, c, buf, sizeof buf);
    if (blank) *blank = 0;
    if (!*s && !bad) {
        if (blank_ok) {
            if (blank) *blank = 1;
            *out = 0;
            return PRAKSIS_OK;
        }
        pk_csv_cell_error(t, r, c, L->diag, "%s: expected a number, found an empty cell", name);
        return PRAKSIS_ERR_INPUT;
    }
    double v;
    static const char *const what[] = {
        [N_REAL_GE0] = "a number >= 0",
        [N_REAL_GT0] = "a number > 0",
        [N_WHOLE_GE0] = "a whole number from 0 to 1000000000",
        [N_WHOLE_GE1] = "a whole number from 1 to 1000000000",
        [N_SHARE] = "a share from 0 to 1",
        [N_LAT] = "a latitude from -90 to 90 (decimal degrees)",
        [N_LON] = "a longitude from -180 to 180 (decimal degrees)",
    };
    if (bad) {
        pk_csv_cell_error(t, r, c, L->diag, "%s: expected %s, found %s", name, what[kind], bad);
        return PRAKSIS_ERR_INPUT;
    }
    /* a number cell of a workbook is its value exactly; text is parsed */
    if (pk_csv_kind(t, r, c, &v) != PK_CELL_NUMBER && pk_csv_parse_number(s, t->delim, &v) != 0) {
        const char *hint = "";
        /* Norwegian spreadsheets group thousands with a no-break space
         * (U+00A0) or a narrow one (U+202F) */
        if (strchr(s, ' ') || strstr(s, "\xC2\xA0") || strstr(s, "\xE2\x80\xAF") || (strchr(s, '.') && strchr(s, ',')))
            hint = " (thousands separators are not accepted)";
        else if (t->sheet)
            hint = " (the cell holds text: enter the value as a number)";
        else if (t->delim == ',' && strchr(s, ','))
            hint = " (a decimal comma needs a ';'-separated file)";
        pk_csv_cell_error(t, r, c, L->diag, "%s: expected %s, found \"%s\"%s", name, what[kind], s, hint);
        return PRAKSIS_ERR_INPUT;
    }
    int ok = 1;
    switch (kind) {
    case N_REAL_GE0: ok = v >= 0 && v <= 1e12; break;
    case N_REAL_GT0: ok = v > 0 && v <= 1e6; break;
    case N_WHOLE_GE0: ok = v >= 0 && v <= MAX_WHOLE && v == floor(v); break;
    case N_WHOLE_GE1: ok = v >= 1 && v <= MAX_WHOLE && v == floor(v); break;
    case N_SHARE: ok = v >= 0 && v <= 1; break;
    case N_LAT: ok = v >= -90 && v <= 90; break;
    case N_LON: ok = v >= -180 && v <= 180; break;
    }
    if (!ok) {
        pk_csv_cell_error(t, r, c, L->diag, "%s: expected %s, found \"%s\"", name, what[kind], s);
        return PRAKSIS_ERR_INPUT;
    }
    if (v == 0) v = 0; /* no negative zero in outputs */
    *out = v;
    return PRAKSIS_OK;
}

static char *dup_or_null(const char *s, praksis_error *rc)
{
    char *d = strdup(s);
    if (!d) *rc = PRAKSIS_ERR_NOMEM;
    return d;
}

/* Grow a dynamic array to hold n+1 elements of size sz. */
static int reserve(void **arr, int *cap, int n, size_t sz)
{
    if (n < *cap) return 0;
    int nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, (size_t)nc * sz);
    if (!p) return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

static praksis_error open_table(loader *L, const char *name, int optional, pk_csv_table **t)
{
    return pk_source_table(L->src, name, optional, t, L->diag);
}

/* "on line 4" of a CSV file is "in row 4" of a sheet. */
static const char *at_line(const loader *L) { return pk_source_is_workbook(L->src) ? "in row" : "on line"; }

static praksis_error intern(strmap *m, char ***arr, int *n, int *cap, const char *label, int *out)
{
    int i = pk_strmap_get(m, label);
    if (i >= 0) {
        *out = i;
        return PRAKSIS_OK;
    }
    if (reserve((void **)arr, cap, *n, sizeof **arr)) return PRAKSIS_ERR_NOMEM;
    char *d = strdup(label);
    if (!d) return PRAKSIS_ERR_NOMEM;
    (*arr)[*n] = d;
    if (pk_strmap_put(m, d, *n)) return PRAKSIS_ERR_NOMEM;
    *out = (*n)++;
    return PRAKSIS_OK;
}

static praksis_error load_sites(loader *L)
{
    static const col_spec spec[] = {{"id", 1},     {"name", 1},  {"kind", 1},      {"lat", 1},
                                    {"lon", 1},    {"region", 0}, {"group", 0}, {"fixed_cost", 0}};
    enum { ID, NAME, KIND, LAT, LON, REGION, GROUP, FIXED, NC };
    int c[NC];
    pk_csv_table *t;
    praksis_error rc = open_table(L, "sites", 0, &t);
    if (rc) return rc;
    praksis_instance *I = L->inst;
    int cap_s = 0, cap_g = 0;
    int *group_line = NULL; /* row giving each group's fixed cost */
    if ((rc = bind_columns(L, t, spec, NC, c))) goto out;
    for (long r = 0; r < t->n_rows; r++) {
        const char *id, *name, *kind;
        double lat, lon, fixed;
        int blank_fixed;
        if ((rc = need_text(L, t, r, c[ID], "id", &id)) || (rc = need_text(L, t, r, c[NAME], "name", &name)) ||
            (rc = need_text(L, t, r, c[KIND], "kind", &kind)) ||
            (rc = need_number(L, t, r, c[LAT], "lat", N_LAT, 0, NULL, &lat)) ||
            (rc = need_number(L, t, r, c[LON], "lon", N_LON, 0, NULL, &lon)) ||
            (rc = need_number(L, t, r, c[FIXED], "fixed_cost", N_REAL_GE0, 1, &blank_fixed, &fixed)))
            goto out;
        int k;
        if (strcmp(kind, "municipality") == 0)
            k = SITE_MUNICIPALITY;
        else if (strcmp(kind, "hospital") == 0)
            k = SITE_HOSPITAL;
        else {
            pk_csv_cell_error(t, r, c[KIND], L->diag, "kind: expected \"municipality\" or \"hospital\", found \"%s\"", kind);
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if (pk_strmap_get(&L->sites, id) >= 0) {
            pk_csv_cell_error(t, r, c[ID], L->diag, "id: expected a unique site id, found \"%s\" again (first %s %ld)", id,
                           at_line(L), I->sites[pk_strmap_get(&L->sites, id)].line);
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        const char *glabel = cell(t, r, c[GROUP]);
        if (k == SITE_HOSPITAL && (glabel[0] || !blank_fixed)) {
            int bad = glabel[0] ? c[GROUP] : c[FIXED];
            pk_csv_cell_error(t, r, bad, L->diag, "%s: expected a blank cell for a hospital (groups and fixed costs are for municipalities), found \"%s\"",
                           glabel[0] ? "group" : "fixed_cost", cell(t, r, bad));
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if (reserve((void **)&I->sites, &cap_s, I->n_sites, sizeof *I->sites)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        site *s = &I->sites[I->n_sites];
        memset(s, 0, sizeof *s);
        s->id = dup_or_null(id, &rc);
        s->name = dup_or_null(name, &rc);
        s->region = dup_or_null(cell(t, r, c[REGION]), &rc);
        I->n_sites++;
        if (rc) goto out;
        s->kind = k;
        s->lat = lat;
        s->lon = lon;
        s->line = t->row_line[r];
        s->group = -1;
        if (pk_strmap_put(&L->sites, s->id, I->n_sites - 1)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        if (k == SITE_HOSPITAL) continue;
        const char *gl = glabel[0] ? glabel : id;
        int g = pk_strmap_get(&L->groups, gl);
        if (g < 0) {
            if (reserve((void **)&I->groups, &cap_g, I->n_groups, sizeof *I->groups)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
            int *gln = realloc(group_line, (size_t)cap_g * sizeof *gln);
            if (!gln) { rc = PRAKSIS_ERR_NOMEM; goto out; }
            group_line = gln;
            g = I->n_groups++;
            memset(&I->groups[g], 0, sizeof I->groups[g]);
            I->groups[g].id = dup_or_null(gl, &rc);
            if (rc) goto out;
            if (pk_strmap_put(&L->groups, I->groups[g].id, g)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
            group_line[g] = 0;
        }
        s->group = g;
        if (!blank_fixed) {
            group *G = &I->groups[g];
            if (G->has_fixed && G->fixed_cost != fixed) {
                char gb[80];
                pk_csv_cell_error(t, r, c[FIXED], L->diag,
                               "fixed_cost: expected the same fixed cost as the rest of group \"%s\" (%.17g %s %d), found \"%s\"",
                               pk_diag_clip(G->id, gb, sizeof gb), G->fixed_cost, at_line(L), group_line[g], cell(t, r, c[FIXED]));
                rc = PRAKSIS_ERR_INPUT;
                goto out;
            }
            G->has_fixed = 1;
            G->fixed_cost = fixed;
            group_line[g] = (int)s->line;
        }
    }
    if (I->n_sites == 0) {
        pk_csv_diag(t, 0, 0, L->diag, "expected at least one site, found only a header");
        rc = PRAKSIS_ERR_INPUT;
    }
out:
    free(group_line);
    pk_csv_table_free(t);
    return rc;
}

static praksis_error load_campuses(loader *L)
{
    static const col_spec spec[] = {{"id", 1}, {"institution", 1}, {"name", 1}, {"lat", 1}, {"lon", 1}};
    enum { ID, INST, NAME, LAT, LON, NC };
    int c[NC], cap = 0, cap_i = 0;
    pk_csv_table *t;
    praksis_error rc = open_table(L, "campuses", 0, &t);
    if (rc) return rc;
    praksis_instance *I = L->inst;
    if ((rc = bind_columns(L, t, spec, NC, c))) goto out;
    for (long r = 0; r < t->n_rows; r++) {
        const char *id, *inst, *name;
        double lat, lon;
        if ((rc = need_text(L, t, r, c[ID], "id", &id)) ||
            (rc = need_text(L, t, r, c[INST], "institution", &inst)) ||
            (rc = need_text(L, t, r, c[NAME], "name", &name)) ||
            (rc = need_number(L, t, r, c[LAT], "lat", N_LAT, 0, NULL, &lat)) ||
            (rc = need_number(L, t, r, c[LON], "lon", N_LON, 0, NULL, &lon)))
            goto out;
        if (pk_strmap_get(&L->campuses, id) >= 0) {
            pk_csv_cell_error(t, r, c[ID], L->diag, "id: expected a unique campus id, found \"%s\" again", id);
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if (reserve((void **)&I->campuses, &cap, I->n_campuses, sizeof *I->campuses)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        campus *k = &I->campuses[I->n_campuses];
        memset(k, 0, sizeof *k);
        k->id = dup_or_null(id, &rc);
        k->institution = dup_or_null(inst, &rc);
        k->name = dup_or_null(name, &rc);
        I->n_campuses++;
        if (rc) goto out;
        k->lat = lat;
        k->lon = lon;
        k->line = t->row_line[r];
        if (pk_strmap_put(&L->campuses, k->id, I->n_campuses - 1)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        if ((rc = intern(&L->insts, &I->institutions, &I->n_institutions, &cap_i, inst, &k->inst))) goto out;
    }
    if (I->n_campuses == 0) {
        pk_csv_diag(t, 0, 0, L->diag, "expected at least one campus, found only a header");
        rc = PRAKSIS_ERR_INPUT;
    }
out:
    pk_csv_table_free(t);
    return rc;
}

static praksis_error load_programmes(loader *L)
{
    static const col_spec spec[] = {{"id", 1},          {"name", 1},   {"municipal_share", 0}, {"supervisor_ratio", 0},
                                    {"name_nb", 0}, {"name_en", 0}};
    enum { ID, NAME, SHARE, RATIO, NAME_NB, NAME_EN, NC };
    int c[NC], cap = 0;
    pk_csv_table *t;
    praksis_error rc = open_table(L, "programmes", 0, &t);
    if (rc) return rc;
    praksis_instance *I = L->inst;
    if ((rc = bind_columns(L, t, spec, NC, c))) goto out;
    for (long r = 0; r < t->n_rows; r++) {
        const char *id, *name;
        double share, ratio;
        int blank_share, blank_ratio;
        if ((rc = need_text(L, t, r, c[ID], "id", &id)) || (rc = need_text(L, t, r, c[NAME], "name", &name)) ||
            (rc = need_number(L, t, r, c[SHARE], "municipal_share", N_SHARE, 1, &blank_share, &share)) ||
            (rc = need_number(L, t, r, c[RATIO], "supervisor_ratio", N_WHOLE_GE1, 1, &blank_ratio, &ratio)))
            goto out;
        if (strcmp(id, "*") == 0) {
            pk_csv_cell_error(t, r, c[ID], L->diag, "id: expected a programme id, found \"*\" (reserved for capacity rows shared by all programmes)");
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if (pk_strmap_get(&L->progs, id) >= 0) {
            pk_csv_cell_error(t, r, c[ID], L->diag, "id: expected a unique programme id, found \"%s\" again", id);
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if (ratio > 1000000) {
            pk_csv_cell_error(t, r, c[RATIO], L->diag, "supervisor_ratio: expected at most 1000000 students per supervisor, found %.0f", ratio);
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if (reserve((void **)&I->programmes, &cap, I->n_programmes, sizeof *I->programmes)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        programme *p = &I->programmes[I->n_programmes];
        memset(p, 0, sizeof *p);
        p->id = dup_or_null(id, &rc);
        p->name = dup_or_null(name, &rc);
        p->name_nb = dup_or_null(cell(t, r, c[NAME_NB]), &rc);
        p->name_en = dup_or_null(cell(t, r, c[NAME_EN]), &rc);
        I->n_programmes++;
        if (rc) goto out;
        p->has_share = !blank_share;
        p->share = share;
        p->ratio = blank_ratio ? 1 : (int)ratio;
        p->line = t->row_line[r];
        if (pk_strmap_put(&L->progs, p->id, I->n_programmes - 1)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
    }
    if (I->n_programmes == 0) {
        pk_csv_diag(t, 0, 0, L->diag, "expected at least one programme, found only a header");
        rc = PRAKSIS_ERR_INPUT;
    }
out:
    pk_csv_table_free(t);
    return rc;
}

/* The known id that v is with its leading zeros lost, or NULL: a
 * spreadsheet reads the kommunenummer 0301 as the number 301. */
static const char *zeros_lost(const strmap *m, const char *v)
{
    if (!v[0] || strspn(v, "0123456789") != strlen(v)) return NULL;
    for (size_t i = 0; i < m->cap; i++) {
        const char *k = m->keys[i];
        size_t z = k ? strspn(k, "0") : 0;
        if (z > 0 && strcmp(k + z, v) == 0) return k;
    }
    return NULL;
}

/* Cell (r, c) as an id of table `table` ("sites"), whose ids are in m. */
static praksis_error lookup(loader *L, const pk_csv_table *t, long r, int c, const strmap *m,
                            const char *name, const char *what, const char *table, int *out)
{
    char file[64];
    pk_source_label(L->src, table, file, sizeof file);
    const char *v;
    praksis_error rc = need_text(L, t, r, c, name, &v);
    if (rc) return rc;
    *out = pk_strmap_get(m, v);
    if (*out < 0) {
        const char *near = zeros_lost(m, v);
        char hint[200] = "";
        if (near && pk_csv_kind(t, r, c, NULL) == PK_CELL_NUMBER)
            snprintf(hint, sizeof hint, " (the cell holds the number %s, but ids are text: type it as text, \"%s\")", v, near);
        else if (near)
            snprintf(hint, sizeof hint, " (did you mean \"%s\"? a spreadsheet program may have dropped the leading zero)", near);
        pk_csv_cell_error(t, r, c, L->diag, "%s: expected %s id from %s, found unknown \"%s\"%s", name, what, file, v, hint);
        return PRAKSIS_ERR_INPUT;
    }
    return PRAKSIS_OK;
}

static praksis_error load_cohorts(loader *L)
{
    static const col_spec spec[] = {{"id", 1},     {"campus", 1},   {"programme", 1},
                                    {"period", 1}, {"students", 1}, {"weeks", 1}};
    enum { ID, CAMPUS, PROG, PERIOD, STUDENTS, WEEKS, NC };
    int c[NC], cap = 0;
    pk_csv_table *t;
    praksis_error rc = open_table(L, "cohorts", 0, &t);
    if (rc) return rc;
    praksis_instance *I = L->inst;
    if ((rc = bind_columns(L, t, spec, NC, c))) goto out;
    for (long r = 0; r < t->n_rows; r++) {
        const char *id, *per;
        int k, p, pe;
        double students, weeks;
        if ((rc = need_text(L, t, r, c[ID], "id", &id)) ||
            (rc = lookup(L, t, r, c[CAMPUS], &L->campuses, "campus", "a campus", "campuses", &k)) ||
            (rc = lookup(L, t, r, c[PROG], &L->progs, "programme", "a programme", "programmes", &p)) ||
            (rc = need_text(L, t, r, c[PERIOD], "period", &per)) ||
            (rc = need_number(L, t, r, c[STUDENTS], "students", N_WHOLE_GE0, 0, NULL, &students)) ||
            (rc = need_number(L, t, r, c[WEEKS], "weeks", N_REAL_GT0, 0, NULL, &weeks)))
            goto out;
        if (pk_strmap_get(&L->cohorts, id) >= 0) {
            pk_csv_cell_error(t, r, c[ID], L->diag, "id: expected a unique cohort id, found \"%s\" again", id);
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if ((rc = intern(&L->periods, &I->periods, &I->n_periods, &L->period_cap, per, &pe))) goto out;
        if (reserve((void **)&I->cohorts, &cap, I->n_cohorts, sizeof *I->cohorts)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        cohort *h = &I->cohorts[I->n_cohorts];
        memset(h, 0, sizeof *h);
        h->id = dup_or_null(id, &rc);
        I->n_cohorts++;
        if (rc) goto out;
        h->campus = k;
        h->programme = p;
        h->period = pe;
        h->students = (long)students;
        h->weeks = weeks;
        h->line = t->row_line[r];
        if (pk_strmap_put(&L->cohorts, h->id, I->n_cohorts - 1)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
    }
    if (I->n_cohorts == 0) { /* nothing to plan: a file cut short, not a plan */
        pk_csv_diag(t, 0, 0, L->diag, "expected at least one cohort, found only a header");
        rc = PRAKSIS_ERR_INPUT;
    }
out:
    pk_csv_table_free(t);
    return rc;
}

/* Key of a capacity row for duplicate detection. */
static int cap_cmp(const void *a, const void *b)
{
    const caprow *x = a, *y = b;
    if (x->site != y->site) return x->site < y->site ? -1 : 1;
    if (x->period != y->period) return x->period < y->period ? -1 : 1;
    if (x->programme != y->programme) return x->programme < y->programme ? -1 : 1;
    return x->line < y->line ? -1 : x->line > y->line;
}

static praksis_error load_capacity(loader *L)
{
    static const col_spec spec[] = {{"site", 1},   {"programme", 1},   {"period", 1},
                                    {"places", 1}, {"supervisors", 0}, {"min_students", 0}};
    enum { SITE, PROG, PERIOD, PLACES, SUP, MIN, NC };
    int c[NC], cap = 0;
    pk_csv_table *t;
    praksis_error rc = open_table(L, "capacity", 0, &t);
    if (rc) return rc;
    praksis_instance *I = L->inst;
    caprow *sorted = NULL;
    if ((rc = bind_columns(L, t, spec, NC, c))) goto out;
    for (long r = 0; r < t->n_rows; r++) {
        int s, p = -1, pe;
        const char *prog, *per;
        double places, sup, min;
        int blank_sup, blank_min;
        if ((rc = lookup(L, t, r, c[SITE], &L->sites, "site", "a site", "sites", &s)) ||
            (rc = need_text(L, t, r, c[PROG], "programme", &prog)))
            goto out;
        if (strcmp(prog, "*") != 0 &&
            (rc = lookup(L, t, r, c[PROG], &L->progs, "programme", "a programme (or \"*\")", "programmes", &p)))
            goto out;
        if ((rc = need_text(L, t, r, c[PERIOD], "period", &per)) ||
            (rc = need_number(L, t, r, c[PLACES], "places", N_WHOLE_GE0, 0, NULL, &places)) ||
            (rc = need_number(L, t, r, c[SUP], "supervisors", N_WHOLE_GE0, 1, &blank_sup, &sup)) ||
            (rc = need_number(L, t, r, c[MIN], "min_students", N_WHOLE_GE0, 1, &blank_min, &min)))
            goto out;
        /* a minimum beyond the row's own places can never be met: a typo, not a plan */
        if (!blank_min && min > places) {
            pk_csv_cell_error(t, r, c[MIN], L->diag, "min_students: expected at most the row's %.0f places, found \"%s\"",
                              places, cell(t, r, c[MIN]));
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if ((rc = intern(&L->periods, &I->periods, &I->n_periods, &L->period_cap, per, &pe))) goto out;
        if (reserve((void **)&I->cap, &cap, I->n_cap, sizeof *I->cap)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        caprow *k = &I->cap[I->n_cap++];
        k->site = s;
        k->programme = p;
        k->period = pe;
        k->places = (long)places;
        k->supervisors = blank_sup ? -1 : (long)sup;
        k->min_students = blank_min ? -1 : (long)min;
        k->line = t->row_line[r];
    }
    if (I->n_cap == 0) { /* nowhere to place anyone: a file cut short, not a plan */
        pk_csv_diag(t, 0, 0, L->diag, "expected at least one capacity row, found only a header");
        rc = PRAKSIS_ERR_INPUT;
        goto out;
    }
    /* At most one row per (site, programme, period). */
    if (I->n_cap > 1) {
        sorted = malloc((size_t)I->n_cap * sizeof *sorted);
        if (!sorted) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        memcpy(sorted, I->cap, (size_t)I->n_cap * sizeof *sorted);
        qsort(sorted, (size_t)I->n_cap, sizeof *sorted, cap_cmp);
        for (int i = 1; i < I->n_cap; i++) {
            caprow *a = &sorted[i - 1], *b = &sorted[i];
            if (a->site == b->site && a->period == b->period && a->programme == b->programme) {
                pk_csv_diag(t, b->line, 1, L->diag,
                         "expected at most one row per (site, programme, period), found (%s, %s, %s) again (first %s %ld)",
                         I->sites[b->site].id, b->programme < 0 ? "*" : I->programmes[b->programme].id,
                         I->periods[b->period], at_line(L), a->line);
                rc = PRAKSIS_ERR_INPUT;
                goto out;
            }
        }
    }
out:
    free(sorted);
    pk_csv_table_free(t);
    return rc;
}

static praksis_error load_distances(loader *L)
{
    static const col_spec spec[] = {{"campus", 1}, {"site", 1}, {"km", 1}};
    enum { CAMPUS, SITE, KM, NC };
    int c[NC], cap = 0;
    pk_csv_table *t;
    praksis_error rc = open_table(L, "distances", 1, &t);
    if (rc || !t) return rc;
    praksis_instance *I = L->inst;
    strmap seen = {0};
    char key[64];
    if ((rc = bind_columns(L, t, spec, NC, c))) goto out;
    char **keys = NULL;
    int n_keys = 0, cap_k = 0;
    for (long r = 0; r < t->n_rows; r++) {
        int k, s;
        double km;
        if ((rc = lookup(L, t, r, c[CAMPUS], &L->campuses, "campus", "a campus", "campuses", &k)) ||
            (rc = lookup(L, t, r, c[SITE], &L->sites, "site", "a site", "sites", &s)) ||
            (rc = need_number(L, t, r, c[KM], "km", N_REAL_GE0, 0, NULL, &km)))
            break;
        snprintf(key, sizeof key, "%d:%d", k, s);
        if (pk_strmap_get(&seen, key) >= 0) {
            pk_csv_cell_error(t, r, c[CAMPUS], L->diag, "expected one distance per (campus, site), found (%s, %s) again",
                           I->campuses[k].id, I->sites[s].id);
            rc = PRAKSIS_ERR_INPUT;
            break;
        }
        if (reserve((void **)&keys, &cap_k, n_keys, sizeof *keys) || !(keys[n_keys] = strdup(key)) ||
            pk_strmap_put(&seen, keys[n_keys], 1)) {
            rc = PRAKSIS_ERR_NOMEM;
            break;
        }
        n_keys++;
        if (reserve((void **)&I->dist, &cap, I->n_dist, sizeof *I->dist)) { rc = PRAKSIS_ERR_NOMEM; break; }
        I->dist[I->n_dist++] = (distance){k, s, km};
    }
    for (int i = 0; i < n_keys; i++) free(keys[i]);
    free(keys);
out:
    pk_strmap_free(&seen);
    pk_csv_table_free(t);
    return rc;
}

/* A workbook's scenario sheet: its columns now, its values when the
 * scenario is merged (praksis_instance_scenario), which types them by key. */
static praksis_error load_scenario_sheet(loader *L)
{
    static const col_spec spec[] = {{"key", 1}, {"value", 1}};
    int c[2];
    if (!pk_source_is_workbook(L->src)) return PRAKSIS_OK;
    pk_csv_table *t;
    praksis_error rc = open_table(L, "scenario", 1, &t);
    if (rc || !t) return rc;
    if ((rc = bind_columns(L, t, spec, 2, c))) {
        pk_csv_table_free(t);
        return rc;
    }
    L->inst->scenario_sheet = t;
    return PRAKSIS_OK;
}

/* relocate: yes/no, ja/nei or 1/0 in any case; blank is yes (the
 * students who are not listed may relocate too).  -1 when none of those. */
static int parse_relocate(const char *s)
{
    static const char *const yes[] = {"", "yes", "ja", "1"}, *const no[] = {"no", "nei", "0"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (strcasecmp(s, yes[i]) == 0) return 1;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (strcasecmp(s, no[i]) == 0) return 0;
    return -1;
}

/* The home column: blank (the student lives at the campus) or the id of a
 * municipality of sites.csv.  *out is -1 for blank. */
static praksis_error student_home(loader *L, const pk_csv_table *t, long r, int c, int *out)
{
    const char *h = cell(t, r, c);
    *out = -1;
    if (!h[0]) return PRAKSIS_OK;
    int j = pk_strmap_get(&L->sites, h);
    if (j < 0 || L->inst->sites[j].kind != SITE_MUNICIPALITY) {
        char file[64];
        pk_source_label(L->src, "sites", file, sizeof file);
        pk_csv_cell_error(t, r, c, L->diag, "home: expected a municipality id from %s or a blank cell, found %s \"%s\"",
                          file, j < 0 ? "unknown" : "the hospital", h);
        return PRAKSIS_ERR_INPUT;
    }
    *out = j;
    return PRAKSIS_OK;
}

/* students (students.csv or the sheet students; optional): the listed
 * students of the cohorts.  A cohort may list at most its students; the
 * others stay anonymous. */
static praksis_error load_students(loader *L)
{
    static const col_spec spec[] = {{"id", 1}, {"cohort", 1}, {"home", 0}, {"relocate", 0}};
    enum { ID, COHORT, HOME, RELOCATE, NC };
    int c[NC], cap = 0;
    pk_csv_table *t;
    praksis_error rc = open_table(L, "students", 1, &t);
    if (rc || !t) return rc;
    praksis_instance *I = L->inst;
    I->has_students = 1;
    long *listed = calloc((size_t)I->n_cohorts + 1, sizeof *listed);
    if (!listed) rc = PRAKSIS_ERR_NOMEM;
    if (rc || (rc = bind_columns(L, t, spec, NC, c))) goto out;
    for (long r = 0; r < t->n_rows; r++) {
        const char *id;
        int k, home, reloc;
        if ((rc = need_text(L, t, r, c[ID], "id", &id)) ||
            (rc = lookup(L, t, r, c[COHORT], &L->cohorts, "cohort", "a cohort", "cohorts", &k)) ||
            (rc = student_home(L, t, r, c[HOME], &home)))
            goto out;
        if ((reloc = parse_relocate(cell(t, r, c[RELOCATE]))) < 0) {
            pk_csv_cell_error(t, r, c[RELOCATE], L->diag, "relocate: expected yes or no (ja/nei, 1/0, or blank for yes), found \"%s\"",
                              cell(t, r, c[RELOCATE]));
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        int seen = pk_strmap_get(&L->students, id);
        if (seen >= 0) {
            pk_csv_cell_error(t, r, c[ID], L->diag, "id: expected a unique student id, found \"%s\" again (first %s %ld)",
                              id, at_line(L), I->students[seen].line);
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        const cohort *h = &I->cohorts[k];
        if (++listed[k] > h->students) {
            char cb[80];
            char file[64];
            pk_source_label(L->src, "cohorts", file, sizeof file);
            pk_csv_cell_error(t, r, c[COHORT], L->diag,
                              "cohort: expected at most %ld listed students of cohort \"%s\" (as %s says %s %ld), found %ld",
                              h->students, pk_diag_clip(h->id, cb, sizeof cb), file, at_line(L), h->line, listed[k]);
            rc = PRAKSIS_ERR_INPUT;
            goto out;
        }
        if (reserve((void **)&I->students, &cap, I->n_students, sizeof *I->students)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
        student *st = &I->students[I->n_students];
        st->id = dup_or_null(id, &rc);
        I->n_students++;
        if (rc) goto out;
        st->cohort = k;
        st->home = home;
        st->relocate = reloc;
        st->line = t->row_line[r];
        if (pk_strmap_put(&L->students, st->id, I->n_students - 1)) { rc = PRAKSIS_ERR_NOMEM; goto out; }
    }
out:
    free(listed);
    pk_csv_table_free(t);
    return rc;
}

praksis_error praksis_instance_load(const char *dir, praksis_warn_fn warn, void *user,
                                    praksis_instance **out, praksis_diag *diag)
{
    *out = NULL;
    praksis_instance *I = calloc(1, sizeof *I);
    if (!I || !(I->dir = strdup(dir))) {
        free(I);
        return PRAKSIS_ERR_NOMEM;
    }
    loader L = {.inst = I, .warn = warn, .user = user, .diag = diag};
    praksis_error rc;
    if ((rc = pk_source_open(dir, warn, user, &L.src, diag)) || (rc = load_sites(&L)) || (rc = load_campuses(&L)) ||
        (rc = load_programmes(&L)) || (rc = load_cohorts(&L)) || (rc = load_capacity(&L)) ||
        (rc = load_distances(&L)) || (rc = load_students(&L)) || (rc = load_scenario_sheet(&L)) ||
        (rc = pk_load_fixed(&L)) || (rc = pk_load_previous(&L))) {
        praksis_instance_free(I);
        I = NULL;
    }
    if (I) I->workbook = pk_source_is_workbook(L.src);
    pk_source_close(L.src);
    pk_strmap_free(&L.sites);
    pk_strmap_free(&L.groups);
    pk_strmap_free(&L.campuses);
    pk_strmap_free(&L.insts);
    pk_strmap_free(&L.progs);
    pk_strmap_free(&L.cohorts);
    pk_strmap_free(&L.periods);
    pk_strmap_free(&L.students);
    if (rc) pk_diag_escape(diag);
    *out = I;
    return rc;
}

void praksis_instance_free(praksis_instance *I)
{
    if (!I) return;
    for (int i = 0; i < I->n_sites; i++) {
        free(I->sites[i].id);
        free(I->sites[i].name);
        free(I->sites[i].region);
    }
    for (int i = 0; i < I->n_groups; i++) free(I->groups[i].id);
    for (int i = 0; i < I->n_campuses; i++) {
        free(I->campuses[i].id);
        free(I->campuses[i].institution);
        free(I->campuses[i].name);
    }
    for (int i = 0; i < I->n_institutions; i++) free(I->institutions[i]);
    for (int i = 0; i < I->n_programmes; i++) {
        free(I->programmes[i].id);
        free(I->programmes[i].name);
        free(I->programmes[i].name_nb);
        free(I->programmes[i].name_en);
    }
    for (int i = 0; i < I->n_cohorts; i++) free(I->cohorts[i].id);
    for (int i = 0; i < I->n_periods; i++) free(I->periods[i]);
    for (int i = 0; i < I->n_students; i++) free(I->students[i].id);
    free(I->students);
    free(I->sites);
    free(I->groups);
    free(I->campuses);
    free(I->institutions);
    free(I->programmes);
    free(I->cohorts);
    free(I->periods);
    free(I->cap);
    free(I->dist);
    pk_agreements_free(I);
    free(I->dir);
    pk_csv_table_free(I->scenario_sheet);
    free(I);
}

const char *pk_programme_name(const praksis_instance *I, int p, const char *lang)
{
    const programme *g = &I->programmes[p];
    const char *own = !lang ? NULL : !strcmp(lang, "nb") ? g->name_nb : !strcmp(lang, "en") ? g->name_en : NULL;
    return own && own[0] ? own : g->name;
}

void pk_instance_file(const praksis_instance *inst, const char *table, long *line, char *buf, size_t n)
{
    const char *dir = inst->dir ? inst->dir : ".";
    if (inst->workbook) {
        pk_sheet_ref(buf, n, dir, table, *line, 1);
        *line = 0;
        return;
    }
    char file[64];
    snprintf(file, sizeof file, "%s.csv", table);
    pk_path_join(buf, n, dir, file);
}

/* Whether key is a scenario key (exactly). */
static int scenario_key(const char *key)
{
    for (int i = 0; i < pk_settings_key_count(); i++)
        if (strcmp(pk_settings_key(i).name, key) == 0) return 1;
    return 0;
}

/* "SYK, FYS" as typed in a cell -> "SYK,FYS", as --set takes a list. */
static void squeeze_list(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == ' ' && (p[1] == ',' || p[1] == ' ' || (o > s && o[-1] == ','))) continue;
        *o++ = *p;
    }
    *o = 0;
}

/* Apply row r of the scenario sheet to *s. */
static praksis_error scenario_row(const pk_csv_table *t, long r, int kc, int vc, strmap *seen, praksis_settings *s,
                                  praksis_diag *diag)
{
    loader L = {.diag = diag};
    const char *key, *value;
    praksis_error rc;
    if ((rc = need_text(&L, t, r, kc, "key", &key)) || (rc = need_text(&L, t, r, vc, "value", &value))) return rc;
    int first = pk_strmap_get(seen, key);
    if (first >= 0) {
        pk_csv_cell_error(t, r, kc, diag, "key \"%s\" appears twice; expected each key once, found it again (first in row %ld)",
                          key, t->row_line[first]);
        return PRAKSIS_ERR_INPUT;
    }
    if (pk_strmap_put(seen, key, (int)r)) return PRAKSIS_ERR_NOMEM;
    long line, col;
    pk_csv_pos(t, r, scenario_key(key) ? vc : kc, &line, &col);
    char where[sizeof diag->file], *v = strdup(value);
    if (!v) return PRAKSIS_ERR_NOMEM;
    pk_sheet_ref(where, sizeof where, t->path, t->sheet, line, col);
    if (strcmp(key, "programmes") == 0) squeeze_list(v);
    rc = pk_settings_set_at(s, key, v, where, diag);
    free(v);
    return rc;
}

praksis_error praksis_instance_scenario(const praksis_instance *inst, praksis_settings *s, praksis_diag *diag)
{
    if (!inst || !s) {
        pk_diag_set(diag, "", 0, 0, "praksis_instance_scenario: NULL argument");
        return PRAKSIS_ERR_USAGE;
    }
    if (!inst->workbook) {
        char path[4096];
        struct stat st;
        pk_path_join(path, sizeof path, inst->dir, "scenario.json");
        if (stat(path, &st) != 0 && errno == ENOENT) return PRAKSIS_OK;
        return praksis_settings_merge_file(s, path, diag);
    }
    const pk_csv_table *t = inst->scenario_sheet;
    if (!t) return PRAKSIS_OK;
    /* every row is checked on a copy: a bad sheet leaves *s as it was */
    praksis_settings tmp;
    praksis_settings_init(&tmp);
    praksis_error rc = praksis_settings_copy(&tmp, s);
    strmap seen = {0};
    int kc = pk_csv_column(t, "key"), vc = pk_csv_column(t, "value");
    for (long r = 0; !rc && r < t->n_rows; r++) rc = scenario_row(t, r, kc, vc, &seen, &tmp, diag);
    if (!rc) rc = praksis_settings_copy(s, &tmp);
    if (rc == PRAKSIS_ERR_NOMEM) pk_diag_set(diag, inst->dir, 0, 0, "out of memory");
    pk_strmap_free(&seen);
    praksis_settings_clear(&tmp);
    if (rc) pk_diag_escape(diag);
    return rc;
}

/* ---------------------------------------------------------------- for the optional tables (load.h) */
praksis_error pk_load_open(loader *L, const char *name, int optional, pk_csv_table **t)
{
    return open_table(L, name, optional, t);
}

praksis_error pk_load_bind(loader *L, const pk_csv_table *t, const col_spec *spec, int n, int *idx)
{
    return bind_columns(L, t, spec, n, idx);
}

praksis_error pk_load_text(loader *L, const pk_csv_table *t, long r, int c, const char *name, const char **out)
{
    return need_text(L, t, r, c, name, out);
}

praksis_error pk_load_number(loader *L, const pk_csv_table *t, long r, int c, const char *name, enum num_kind kind,
                             int blank_ok, int *blank, double *out)
{
    return need_number(L, t, r, c, name, kind, blank_ok, blank, out);
}

praksis_error pk_load_lookup(loader *L, const pk_csv_table *t, long r, int c, const strmap *m, const char *name,
                             const char *what, const char *table, int *out)
{
    return lookup(L, t, r, c, m, name, what, table, out);
}

int pk_load_reserve(void **arr, int *cap, int n, size_t sz) { return reserve(arr, cap, n, sz); }
