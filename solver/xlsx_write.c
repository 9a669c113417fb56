/*
 * xlsx_write.c - workbooks for people: sheets with title lines and one
 * frozen, filtered table, valid and unique sheet names, numbers as
 * numbers, and the temporary file renamed into place (see xlsx_write.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "xlsx_write.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NAME_MAX_UNITS 31 /* Excel's limit on a sheet name, in UTF-16 units */
#define MIN_WIDTH 6
#define MAX_WIDTH 60      /* characters: no wider than a long name needs */

/* libxlsxwriter reports a failed write on stderr besides its return code,
 * and a library must not print: so the workbook is made in the temporary
 * directory, where a full disk is rare, and copied to its place by the
 * engine's own writer, whose failure is one diagnostic naming the file and
 * the cause ("No space left on device"). */
praksis_error pk_xlsx_temp(const char *path, char *tmp, size_t n, praksis_diag *diag)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !dir[0]) dir = "/tmp";
    if (snprintf(tmp, n, "%s/praksis-xlsx-XXXXXX", dir) >= (int)n) {
        pk_diag_set(diag, path, 0, 0, "cannot write the workbook: the temporary directory's path is too long");
        return PRAKSIS_ERR_IO;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        pk_diag_set(diag, path, 0, 0, "cannot write the workbook: cannot create a temporary file in %s: %s", dir,
                    strerror(errno));
        return PRAKSIS_ERR_IO;
    }
    close(fd);
    return PRAKSIS_OK;
}

static int copy_file(FILE *f, const void *ctx)
{
    FILE *in = fopen(ctx, "rb");
    if (!in) return -1;
    char buf[65536];
    size_t got;
    int bad = 0;
    while (!bad && (got = fread(buf, 1, sizeof buf, in)) > 0) bad = fwrite(buf, 1, got, f) != got;
    bad |= ferror(in) != 0;
    fclose(in);
    return bad ? -1 : 0;
}

praksis_error pk_xlsx_commit(lxw_workbook *wb, const char *tmp, const char *path, praksis_error rc,
                             praksis_diag *diag)
{
    lxw_error e = wb ? workbook_close(wb) : LXW_NO_ERROR;
    if (!rc && e) {
        pk_diag_set(diag, path, 0, 0, "cannot write the workbook (made in %s first): %s", tmp, lxw_strerror(e));
        rc = PRAKSIS_ERR_IO;
    }
    if (!rc) rc = pk_write_atomic(path, copy_file, tmp, diag);
    unlink(tmp);
    return rc;
}

/* ------------------------------------------------------------ sheet names */
/* The code point at s (UTF-8) and its length in bytes; a stray byte is
 * itself. */
static unsigned next_cp(const unsigned char *s, int *len)
{
    if (s[0] >= 0xC0 && s[0] < 0xE0 && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        return (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
    }
    int n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 1;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) n = 1;
    *len = n;
    return s[0];
}

/* Lower case as Excel compares sheet names, for the Latin letters a
 * Norwegian or Sámi name has: ASCII, Latin-1 (Æ Ø Å Á) and Latin
 * Extended-A (Č Đ Ŋ Š Ŧ Ž), where capitals and small letters alternate. */
static unsigned fold_cp(unsigned c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if ((c >= 0x100 && c <= 0x137) || (c >= 0x14A && c <= 0x177)) return c | 1;
    if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E)) && (c & 1)) return c + 1;
    return c;
}

static char *fold(const char *name)
{
    size_t n = strlen(name);
    char *f = malloc(n + 1);
    if (!f) return NULL;
    const unsigned char *s = (const unsigned char *)name;
    size_t o = 0;
    while (*s) {
        int len;
        unsigned c = fold_cp(next_cp(s, &len));
        if (len == 2) { /* the folded letter is two bytes too */
            f[o++] = (char)(0xC0 | c >> 6);
            f[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            for (int i = 0; i < len; i++) f[o++] = (char)(len == 1 ? (int)c : s[i]);
        }
        s += len;
    }
    f[o] = 0;
    return f;
}

static int taken(const pk_xbook *b, const char *folded)
{
    for (int i = 0; i < b->n_taken; i++)
        if (!strcmp(b->taken[i], folded)) return 1;
    return 0;
}

/* want made valid, cut to room UTF-16 units at a character boundary. */
static void valid_name(const char *want, int room, char *out, size_t n)
{
    const unsigned char *s = (const unsigned char *)want;
    size_t o = 0;
    int units = 0;
    while (*s && o + 5 < n) {
        int len;
        unsigned c = next_cp(s, &len);
        int u = len == 4 ? 2 : 1;
        if (units + u > room) break;
        if (c < 0x20 || strchr("[]:*?/\\", (int)c)) {
            out[o++] = '_';
        } else {
            memcpy(out + o, s, (size_t)len);
            o += (size_t)len;
        }
        units += u;
        s += len;
    }
    out[o] = 0;
    if (out[0] == '\'') out[0] = '_'; /* Excel refuses an apostrophe at either end */
    if (o > 0 && out[o - 1] == '\'') out[o - 1] = '_';
}

/* A valid name, unique as Excel compares them: want itself where it is
 * free, else want cut and " (2)", " (3)", ... in the order asked. */
static praksis_error unique_name(pk_xbook *b, const char *want, char *out, size_t n)
{
    const char *base = want && want[0] ? want : PK_XT(b, "Ark", "Sheet");
    for (int k = 1;; k++) {
        char suffix[16] = "";
        if (k > 1) snprintf(suffix, sizeof suffix, " (%d)", k);
        valid_name(base, NAME_MAX_UNITS - (int)strlen(suffix), out, n - sizeof suffix);
        strcat(out, suffix);
        char *f = fold(out);
        if (!f) return PRAKSIS_ERR_NOMEM;
        if (!taken(b, f) && strcmp(f, "history")) { /* Excel keeps "History" for itself */
            if (b->n_taken == b->cap_taken) {
                int cap = b->cap_taken ? 2 * b->cap_taken : 16;
                char **grown = realloc(b->taken, (size_t)cap * sizeof *grown);
                if (!grown) {
                    free(f);
                    return PRAKSIS_ERR_NOMEM;
                }
                b->taken = grown;
                b->cap_taken = cap;
            }
            b->taken[b->n_taken++] = f;
            return PRAKSIS_OK;
        }
        free(f);
    }
}

/* ------------------------------------------------------------ workbook */
static const char *const num_formats[PK_XF_N] = {"@", "#,##0", "#,##0.00", "#,##0.0##", "#,##0.0", "0.0%", NULL};

praksis_error pk_xbook_open(pk_xbook *b, const char *path, int en, const char *title, praksis_diag *diag)
{
    memset(b, 0, sizeof *b);
    b->path = path;
    b->en = en;
    b->diag = diag;
    praksis_error rc = pk_xlsx_temp(path, b->tmp, sizeof b->tmp, diag);
    if (rc) return rc;
    b->wb = workbook_new(b->tmp);
    int ok = b->wb && (b->title = workbook_add_format(b->wb)) && (b->subtitle = workbook_add_format(b->wb)) &&
             (b->head = workbook_add_format(b->wb));
    for (int f = 0; ok && f < PK_XF_N; f++) {
        ok = (b->fmt[f] = workbook_add_format(b->wb)) != NULL;
        if (ok && num_formats[f]) format_set_num_format(b->fmt[f], num_formats[f]);
    }
    if (!ok) {
        pk_diag_set(diag, path, 0, 0, "out of memory");
        return pk_xbook_close(b, PRAKSIS_ERR_NOMEM);
    }
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    format_set_italic(b->subtitle);
    format_set_font_color(b->subtitle, 0x555555);
    format_set_bold(b->head);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    format_set_bg_color(b->head, 0xEEF1F4);
    lxw_doc_properties props = {.title = (char *)title, .comments = "praksis " PRAKSIS_VERSION};
    workbook_set_properties(b->wb, &props);
    return PRAKSIS_OK;
}

praksis_error pk_xbook_close(pk_xbook *b, praksis_error rc)
{
    rc = pk_xlsx_commit(b->wb, b->tmp, b->path, rc, b->diag);
    b->wb = NULL;
    for (int i = 0; i < b->n_taken; i++) free(b->taken[i]);
    free(b->taken);
    b->taken = NULL;
    b->n_taken = b->cap_taken = 0;
    return rc;
}

const char *pk_xbook_lang(const pk_xbook *b) { return b->en ? "en" : "nb"; }

const char *pk_xnum(const pk_xbook *b, double v, int dec, char *buf, size_t n)
{
    char raw[64], *dot;
    snprintf(raw, sizeof raw, "%.*f", dec, fabs(v) < 0.5 * pow(10, -dec) ? 0.0 : v);
    dot = strchr(raw, '.');
    size_t whole = dot ? (size_t)(dot - raw) : strlen(raw), o = 0, start = raw[0] == '-';
    const char *group = b->en ? "," : "\xC2\xA0"; /* a no-break space: a number never breaks over lines */
    for (size_t i = 0; i < whole && o + 4 < n; i++) {
        if (i > start && (whole - i) % 3 == 0)
            for (const char *g = group; *g; g++) buf[o++] = *g;
        buf[o++] = raw[i];
    }
    if (dot && o + 1 < n) {
        buf[o++] = b->en ? '.' : ',';
        for (const char *d = dot + 1; *d && o + 1 < n; d++) buf[o++] = *d;
    }
    buf[o] = 0;
    return buf;
}

/* ------------------------------------------------------------ sheets */
static int chars(const char *s)
{
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void fit(pk_xsheet *s, int col, double w)
{
    if (col >= 0 && col < 64 && w > s->width[col]) s->width[col] = w;
}

static void put_header(pk_xsheet *s)
{
    for (int c = 0; c < s->n_cols; c++) {
        const char *h = PK_XT(s->b, s->cols[c].nb, s->cols[c].en);
        lxw_error e = worksheet_write_string(s->ws, s->row, (lxw_col_t)c, h, s->b->head);
        if (e && !s->err) s->err = e;
        fit(s, c, chars(h) + 2); /* room for the filter's button */
    }
    s->row++;
}

praksis_error pk_xsheet_begin(pk_xsheet *s, pk_xbook *b, const char *want, const char *title, const char *subtitle,
                              const char *note, const pk_xcol *cols, int n)
{
    memset(s, 0, sizeof *s);
    s->b = b;
    s->cols = cols;
    s->n_cols = n < 64 ? n : 64;
    s->filter_cols = s->n_cols;
    char name[160];
    praksis_error rc = unique_name(b, want, name, sizeof name);
    if (!rc && !(s->ws = workbook_add_worksheet(b->wb, name))) rc = PRAKSIS_ERR_NOMEM;
    if (rc) {
        pk_diag_set(b->diag, b->path, 0, 0, "out of memory");
        return rc;
    }
    const char *lines[] = {title, subtitle, note};
    lxw_format *fmt[] = {b->title, b->subtitle, NULL};
    for (int i = 0; i < 3; i++)
        if (lines[i] && lines[i][0]) {
            lxw_error e = worksheet_write_string(s->ws, s->row++, 0, lines[i], fmt[i]);
            if (e && !s->err) s->err = e;
        }
    s->row++; /* a blank row before the table */
    s->head = s->row;
    put_header(s);
    s->last = s->head;
    return PRAKSIS_OK;
}

void pk_xsheet_text(pk_xsheet *s, int col, const char *v)
{
    if (!v || !v[0] || col >= s->n_cols) return;
    lxw_error e = worksheet_write_string(s->ws, s->row, (lxw_col_t)col, v, s->b->fmt[PK_XF_TEXT]);
    if (e && !s->err) s->err = e;
    fit(s, col, chars(v) + 1);
}

/* The characters a number takes on screen in format f. */
static int shown_width(double v, pk_xfmt f)
{
    char buf[64];
    int dec = f == PK_XF_MONEY ? 2 : f == PK_XF_WEEKS ? 3 : f == PK_XF_KM || f == PK_XF_SHARE ? 1 : 0;
    if (f == PK_XF_SHARE) v *= 100;
    if (f == PK_XF_NUMBER) snprintf(buf, sizeof buf, "%.10g", v);
    else snprintf(buf, sizeof buf, "%.*f", dec, fabs(v));
    int digits = (int)strcspn(buf, ".");
    return (int)strlen(buf) + (f == PK_XF_NUMBER ? 0 : (digits - 1) / 3) + (v < 0) + (f == PK_XF_SHARE ? 2 : 0);
}

void pk_xsheet_num_as(pk_xsheet *s, int col, double v, pk_xfmt f)
{
    if (col >= s->n_cols || !isfinite(v)) return;
    lxw_error e = worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v == 0 ? 0 : v, s->b->fmt[f]);
    if (e && !s->err) s->err = e;
    fit(s, col, shown_width(v, f) + 1);
}

void pk_xsheet_num(pk_xsheet *s, int col, double v)
{
    pk_xsheet_num_as(s, col, v, col < s->n_cols ? s->cols[col].fmt : PK_XF_NUMBER);
}

void pk_xsheet_next(pk_xsheet *s)
{
    if (!s->closed) s->last = s->row;
    s->row++;
}

void pk_xsheet_section(pk_xsheet *s, const char *heading, const pk_xcol *cols, int n)
{
    s->closed = 1; /* rows from here on are not the filtered table's */
    s->row++;
    lxw_error e = worksheet_write_string(s->ws, s->row++, 0, heading, s->b->head);
    if (e && !s->err) s->err = e;
    s->cols = cols;
    s->n_cols = n < 64 ? n : 64;
    put_header(s);
}

praksis_error pk_xsheet_end(pk_xsheet *s)
{
    lxw_worksheet *ws = s->ws;
    int cols = s->filter_cols;
    for (int c = 0; c < 64; c++)
        if (s->width[c] > 0) {
            double w = s->width[c] < MIN_WIDTH ? MIN_WIDTH : s->width[c] > MAX_WIDTH ? MAX_WIDTH : s->width[c];
            lxw_error e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
            if (e && !s->err) s->err = e;
        }
    worksheet_freeze_panes(ws, s->head + 1, 0);
    lxw_error e = LXW_NO_ERROR;
    if (cols > 0) e = worksheet_autofilter(ws, s->head, 0, s->last, (lxw_col_t)(cols - 1));
    if (e && !s->err) s->err = e;
    worksheet_repeat_rows(ws, s->head, s->head); /* a printed page keeps the header */
    worksheet_fit_to_pages(ws, 1, 0);
    if (s->err) {
        pk_diag_set(s->b->diag, s->b->path, 0, 0, "cannot write the workbook: %s", lxw_strerror(s->err));
        return PRAKSIS_ERR_IO;
    }
    return PRAKSIS_OK;
}

/* ------------------------------------------------------------ from JSON */
const cJSON *pk_xjson_at(const cJSON *o, const char *path)
{
    char part[64];
    while (o && *path) {
        size_t n = strcspn(path, ".");
        snprintf(part, sizeof part, "%.*s", (int)n, path);
        o = cJSON_GetObjectItemCaseSensitive(o, part);
        path += n + (path[n] == '.');
    }
    return o;
}

void pk_xsheet_json(pk_xsheet *s, int col, const cJSON *v)
{
    if (cJSON_IsNumber(v)) {
        pk_xsheet_num(s, col, v->valuedouble);
    } else if (cJSON_IsString(v)) {
        pk_xsheet_text(s, col, v->valuestring);
    } else if (cJSON_IsBool(v)) {
        pk_xsheet_text(s, col, cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsArray(v)) {
        char list[4096] = "";
        for (const cJSON *x = v->child; x; x = x->next)
            if (cJSON_IsString(x))
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", list[0] ? "," : "", x->valuestring);
        pk_xsheet_text(s, col, list);
    }
}
