/*
 * xlsx_read.c - an .xlsx workbook's sheets as tables (see xlsx.h).
 *
 * Every XML part is streamed from libzip into expat in chunks, so a part
 * is never held whole in memory and the size guards act as the bytes
 * arrive.  Element names are matched by their local name (the parser
 * splits "namespace|local"), which reads the transitional and the strict
 * OOXML namespaces alike, and prefixed writers ("x:c") too.
 */
#define _POSIX_C_SOURCE 200809L
#include "xlsx.h"
#include "internal.h"

#include <expat.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#define CHUNK 65536

typedef struct rel {
    char *id, *type, *target; /* target resolved to a part name */
} rel;

typedef struct sheet_ref {
    char *name, *part; /* part NULL: not a worksheet (a chart sheet) */
} sheet_ref;

struct pk_workbook {
    char *path;
    zip_t *zip;
    long total; /* bytes inflated so far, over all parts */
    sheet_ref *sheets;
    int n_sheets;
    char *sst;        /* shared strings, NUL-terminated, back to back */
    size_t sst_len, sst_cap;
    size_t *sst_off;  /* start of each string in sst */
    long n_sst, sst_offcap;
    unsigned char *xf_date; /* per cell format (cellXfs index): 1 when it shows a date */
    long n_xf;
};

/* ------------------------------------------------------------ helpers */

static int grow_to(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > SIZE_MAX / 2 / elem) return -1;
        n *= 2;
    }
    void *q = realloc(*p, n * elem);
    if (!q) return -1;
    *p = q;
    *cap = n;
    return 0;
}

/* Local part of an expat name "namespace|local" (or the name itself). */
static const char *local(const char *name)
{
    const char *bar = strrchr(name, '|');
    return bar ? bar + 1 : name;
}

/* Attribute by local name; ns 1: only a namespaced one (r:id), 0: only a plain one. */
static const char *attr(const char **atts, const char *name, int ns)
{
    for (int i = 0; atts[i]; i += 2)
        if ((strchr(atts[i], '|') != NULL) == ns && strcmp(local(atts[i]), name) == 0) return atts[i + 1];
    return NULL;
}

int pk_is_workbook_name(const char *path)
{
    size_t n = strlen(path);
    return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

/* --------------------------------------------------- XML part streaming */

/* The state every part's handlers share; each reader embeds it first. */
typedef struct xml_ctx {
    XML_Parser p;
    int depth;
    praksis_error rc;      /* a handler's error: stops the parser */
    praksis_diag *diag;
    pk_workbook *wb;
    const char *where;     /* "BOOK" or "BOOK:SHEET", for messages */
    void (*start)(struct xml_ctx *x, const char *name, const char **atts);
    void (*end)(struct xml_ctx *x, const char *name);
    void (*text)(struct xml_ctx *x, const char *s, int n);
} xml_ctx;

static void stop(xml_ctx *x, praksis_error rc)
{
    if (!x->rc) x->rc = rc;
    XML_StopParser(x->p, XML_FALSE);
}

static void nomem(xml_ctx *x)
{
    pk_diag_set(x->diag, x->where, 0, 0, "out of memory");
    stop(x, PRAKSIS_ERR_NOMEM);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xml_ctx *x = ud;
    if (x->rc) return;
    if (++x->depth > XLSX_MAX_DEPTH) {
        pk_diag_set(x->diag, x->where, 0, 0, "expected XML nested at most %d deep, found deeper nesting",
                    XLSX_MAX_DEPTH);
        stop(x, PRAKSIS_ERR_INPUT);
        return;
    }
    if (x->start) x->start(x, local(name), atts);
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    xml_ctx *x = ud;
    if (x->rc) return;
    x->depth--;
    if (x->end) x->end(x, local(name));
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int n)
{
    xml_ctx *x = ud;
    if (!x->rc && x->text) x->text(x, s, n);
}

/* No OOXML part has a DTD; refusing every one means no entity is ever
 * declared, so none can expand (the "billion laughs" attack). */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sys, const XML_Char *pub, int subset)
{
    (void)name, (void)sys, (void)pub, (void)subset;
    xml_ctx *x = ud;
    pk_diag_set(x->diag, x->where, 0, 0, "expected spreadsheet XML without a DTD, found a <!DOCTYPE> declaration");
    stop(x, PRAKSIS_ERR_INPUT);
}

static praksis_error zip_fail(xml_ctx *x, const char *part, const char *what)
{
    pk_diag_set(x->diag, x->where, 0, 0, "expected a readable zip entry %s, found %s", part, what);
    return PRAKSIS_ERR_INPUT;
}

/* Feed part (a zip entry name) through expat with x's handlers.  *absent
 * (when not NULL) is set and PRAKSIS_OK returned when there is no such
 * part; without absent that is an error. */
static praksis_error parse_part(xml_ctx *x, const char *part, int *absent)
{
    pk_workbook *wb = x->wb;
    zip_int64_t idx = zip_name_locate(wb->zip, part, 0);
    if (absent) *absent = idx < 0;
    if (idx < 0) {
        if (absent) return PRAKSIS_OK;
        pk_diag_set(x->diag, x->where, 0, 0, "expected the workbook part %s, found none (is it an .xlsx workbook?)", part);
        return PRAKSIS_ERR_INPUT;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(wb->zip, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return zip_fail(x, part, "no size");
    if (st.size > (zip_uint64_t)XLSX_MAX_PART || st.size > (zip_uint64_t)(XLSX_MAX_TOTAL - wb->total)) {
        pk_diag_set(x->diag, x->where, 0, 0,
                    "expected parts of at most %ld MiB (%ld MiB in all), found %s of %llu bytes uncompressed",
                    XLSX_MAX_PART >> 20, XLSX_MAX_TOTAL >> 20, part, (unsigned long long)st.size);
        return PRAKSIS_ERR_INPUT;
    }
    zip_file_t *zf = zip_fopen_index(wb->zip, (zip_uint64_t)idx, 0);
    if (!zf) return zip_fail(x, part, zip_strerror(wb->zip));
    XML_Parser p = XML_ParserCreateNS(NULL, '|');
    char *buf = malloc(CHUNK);
    if (!p || !buf) {
        zip_fclose(zf);
        if (p) XML_ParserFree(p);
        free(buf);
        pk_diag_set(x->diag, x->where, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    x->p = p;
    x->depth = 0;
    XML_SetUserData(p, x);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetStartDoctypeDeclHandler(p, on_doctype);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
    praksis_error rc = PRAKSIS_OK;
    zip_uint64_t got = 0;
    for (int last = 0; !last && !rc;) {
        zip_int64_t n = zip_fread(zf, buf, CHUNK);
        if (n < 0) {
            rc = zip_fail(x, part, zip_file_strerror(zf));
            break;
        }
        got += (zip_uint64_t)n;
        if (got > st.size) { /* the entry inflates past what it declared */
            pk_diag_set(x->diag, x->where, 0, 0, "expected %s to hold the %llu bytes its zip entry declares, found more",
                        part, (unsigned long long)st.size);
            rc = PRAKSIS_ERR_INPUT;
            break;
        }
        last = n == 0;
        if (XML_Parse(p, buf, (int)n, last) == XML_STATUS_ERROR) {
            if (x->rc) {
                rc = x->rc;
            } else {
                pk_diag_set(x->diag, x->where, 0, 0, "expected well-formed XML in %s, found %s on line %lu, column %lu", part,
                            XML_ErrorString(XML_GetErrorCode(p)), (unsigned long)XML_GetCurrentLineNumber(p),
                            (unsigned long)XML_GetCurrentColumnNumber(p) + 1);
                rc = PRAKSIS_ERR_INPUT;
            }
        } else if (x->rc) {
            rc = x->rc;
        }
    }
    if (!rc && got != st.size) {
        pk_diag_set(x->diag, x->where, 0, 0, "expected %s to hold the %llu bytes its zip entry declares, found %llu",
                    part, (unsigned long long)st.size, (unsigned long long)got);
        rc = PRAKSIS_ERR_INPUT;
    }
    wb->total += (long)got;
    XML_ParserFree(p);
    zip_fclose(zf);
    free(buf);
    return rc;
}

/* -------------------------------------------------------- relationships */

typedef struct rels_ctx {
    xml_ctx x;
    const char *dir; /* folder of the part the relationships belong to ("xl/"; "" for the package) */
    rel *r;
    size_t n, cap;
} rels_ctx;

/* Resolve a relationship target against dir: "/xl/a.xml" is absolute,
 * "worksheets/sheet1.xml" and "../x.xml" are relative. */
static char *resolve(const char *dir, const char *target)
{
    size_t n = strlen(dir) + strlen(target) + 1;
    char *out = malloc(n);
    if (!out) return NULL;
    if (target[0] == '/') {
        snprintf(out, n, "%s", target + 1);
        return out;
    }
    snprintf(out, n, "%s", dir);
    const char *t = target;
    while (t[0] == '.' && (t[1] == '/' || (t[1] == '.' && t[2] == '/'))) {
        if (t[1] == '.') { /* drop the last folder of out */
            size_t len = strlen(out);
            if (len) len--;
            while (len && out[len - 1] != '/') len--;
            out[len] = 0;
            t += 3;
        } else {
            t += 2;
        }
    }
    strcat(out, t);
    return out;
}

static void rels_start(xml_ctx *x, const char *name, const char **atts)
{
    rels_ctx *c = (rels_ctx *)x;
    if (strcmp(name, "Relationship") != 0) return;
    const char *id = attr(atts, "Id", 0), *type = attr(atts, "Type", 0), *target = attr(atts, "Target", 0);
    const char *mode = attr(atts, "TargetMode", 0);
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0)) return;
    if (c->n >= XLSX_MAX_ENTRIES) { /* more relationships than entries can only be junk */
        pk_diag_set(x->diag, x->where, 0, 0, "expected at most %d relationships, found more", XLSX_MAX_ENTRIES);
        stop(x, PRAKSIS_ERR_INPUT);
        return;
    }
    if (grow_to((void **)&c->r, &c->cap, c->n + 1, sizeof *c->r)) return nomem(x);
    rel *r = &c->r[c->n];
    r->id = strdup(id);
    r->type = strdup(type);
    r->target = resolve(c->dir, target);
    c->n++;
    if (!r->id || !r->type || !r->target) nomem(x);
}

static void rels_free(rels_ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->r[i].id);
        free(c->r[i].type);
        free(c->r[i].target);
    }
    free(c->r);
}

/* The first relationship whose type ends in "/" suffix (the namespace
 * before it differs between transitional and strict OOXML). */
static const rel *rel_of_type(const rels_ctx *c, const char *suffix)
{
    size_t k = strlen(suffix);
    for (size_t i = 0; i < c->n; i++) {
        size_t n = strlen(c->r[i].type);
        if (n > k && c->r[i].type[n - k - 1] == '/' && strcmp(c->r[i].type + n - k, suffix) == 0) return &c->r[i];
    }
    return NULL;
}

static const rel *rel_by_id(const rels_ctx *c, const char *id)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->r[i].id, id) == 0) return &c->r[i];
    return NULL;
}

/* The relationships of part ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"). */
static praksis_error read_rels(pk_workbook *wb, const char *part, rels_ctx *c, praksis_diag *diag)
{
    const char *slash = strrchr(part, '/');
    size_t dl = slash ? (size_t)(slash - part) + 1 : 0;
    char dir[512], name[1100];
    if (dl >= sizeof dir) dl = sizeof dir - 1;
    memcpy(dir, part, dl);
    dir[dl] = 0;
    snprintf(name, sizeof name, "%s_rels/%s.rels", dir, part + dl);
    memset(c, 0, sizeof *c);
    c->x = (xml_ctx){.diag = diag, .wb = wb, .where = wb->path, .start = rels_start};
    c->dir = dir;
    int absent;
    praksis_error rc = parse_part(&c->x, name, &absent);
    c->dir = NULL;
    return rc;
}

/* ------------------------------------------------------------ workbook */

typedef struct book_ctx {
    xml_ctx x;
    const rels_ctx *rels;
} book_ctx;

static void book_start(xml_ctx *x, const char *name, const char **atts)
{
    book_ctx *c = (book_ctx *)x;
    pk_workbook *wb = x->wb;
    if (strcmp(name, "sheet") != 0) return;
    const char *sname = attr(atts, "name", 0), *rid = attr(atts, "id", 1);
    if (!sname || !rid) {
        pk_diag_set(x->diag, x->where, 0, 0, "expected each sheet of workbook.xml to have a name and a relationship id, found one without");
        return stop(x, PRAKSIS_ERR_INPUT);
    }
    if (wb->n_sheets >= XLSX_MAX_ENTRIES) {
        pk_diag_set(x->diag, x->where, 0, 0, "expected at most %d sheets, found more", XLSX_MAX_ENTRIES);
        return stop(x, PRAKSIS_ERR_INPUT);
    }
    const rel *r = rel_by_id(c->rels, rid);
    size_t cap = (size_t)wb->n_sheets;
    sheet_ref *s = realloc(wb->sheets, (cap + 1) * sizeof *s);
    if (!s) return nomem(x);
    wb->sheets = s;
    s = &wb->sheets[wb->n_sheets++];
    s->name = strdup(sname);
    s->part = NULL;
    size_t tl = r ? strlen(r->type) : 0;
    if (r && tl >= 10 && strcmp(r->type + tl - 10, "/worksheet") == 0) s->part = strdup(r->target);
    if (!s->name || (r && tl >= 10 && strcmp(r->type + tl - 10, "/worksheet") == 0 && !s->part)) nomem(x);
}

/* ------------------------------------------------------ shared strings */

/* Text of <si> (shared strings) or <is> (inline strings): the <t> right
 * inside it or inside its runs <r>; the phonetic hints <rPh> are not text. */
typedef struct str_acc {
    int in_str, in_t, in_rph;
    char *buf;
    size_t len, cap;
} str_acc;

static void acc_start(xml_ctx *x, str_acc *a, const char *name, const char *owner)
{
    if (strcmp(name, owner) == 0) {
        a->in_str = 1;
        a->len = 0;
    } else if (a->in_str && strcmp(name, "rPh") == 0) {
        a->in_rph++;
    } else if (a->in_str && !a->in_rph && strcmp(name, "t") == 0) {
        a->in_t = 1;
    }
    (void)x;
}

static void acc_end(str_acc *a, const char *name)
{
    if (strcmp(name, "rPh") == 0 && a->in_rph) a->in_rph--;
    else if (strcmp(name, "t") == 0) a->in_t = 0;
}

static void acc_text(xml_ctx *x, str_acc *a, const char *s, int n)
{
    if (!a->in_t) return;
    if (grow_to((void **)&a->buf, &a->cap, a->len + (size_t)n + 1, 1)) return nomem(x);
    memcpy(a->buf + a->len, s, (size_t)n);
    a->len += (size_t)n;
    a->buf[a->len] = 0;
}

/* OOXML writes characters XML cannot hold as _xHHHH_ (and a literal
 * "_x" as _x005F_x): decode them in place, as UTF-8. */
static void unescape_x(char *s, size_t *len)
{
    size_t o = 0;
    for (size_t i = 0; i < *len;) {
        unsigned v = 0;
        int ok = i + 7 <= *len && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';
        for (int k = 2; ok && k < 6; k++) {
            char ch = s[i + k];
            int d = ch >= '0' && ch <= '9' ? ch - '0' : (ch | 0x20) >= 'a' && (ch | 0x20) <= 'f' ? (ch | 0x20) - 'a' + 10 : -1;
            if (d < 0) ok = 0;
            v = v * 16 + (unsigned)(d < 0 ? 0 : d);
        }
        if (!ok || v == 0 || (v >= 0xD800 && v <= 0xDFFF)) {
            s[o++] = s[i++];
            continue;
        }
        if (v < 0x80) {
            s[o++] = (char)v;
        } else if (v < 0x800) {
            s[o++] = (char)(0xC0 | v >> 6);
            s[o++] = (char)(0x80 | (v & 0x3F));
        } else {
            s[o++] = (char)(0xE0 | v >> 12);
            s[o++] = (char)(0x80 | (v >> 6 & 0x3F));
            s[o++] = (char)(0x80 | (v & 0x3F));
        }
        i += 7;
    }
    *len = o;
    s[o] = 0;
}

typedef struct sst_ctx {
    xml_ctx x;
    str_acc a;
} sst_ctx;

static void sst_start(xml_ctx *x, const char *name, const char **atts)
{
    (void)atts;
    acc_start(x, &((sst_ctx *)x)->a, name, "si");
}

static void sst_text(xml_ctx *x, const char *s, int n) { acc_text(x, &((sst_ctx *)x)->a, s, n); }

static void sst_end(xml_ctx *x, const char *name)
{
    sst_ctx *c = (sst_ctx *)x;
    pk_workbook *wb = x->wb;
    acc_end(&c->a, name);
    if (strcmp(name, "si") != 0) return;
    c->a.in_str = 0;
    if (wb->n_sst >= XLSX_MAX_STRINGS) {
        pk_diag_set(x->diag, x->where, 0, 0, "expected at most %ld shared strings, found more", XLSX_MAX_STRINGS);
        return stop(x, PRAKSIS_ERR_INPUT);
    }
    size_t len = c->a.len;
    if (c->a.buf) unescape_x(c->a.buf, &len);
    size_t offcap = (size_t)wb->sst_offcap;
    if (grow_to((void **)&wb->sst_off, &offcap, (size_t)wb->n_sst + 1, sizeof *wb->sst_off) ||
        grow_to((void **)&wb->sst, &wb->sst_cap, wb->sst_len + len + 1, 1))
        return nomem(x);
    wb->sst_offcap = (long)offcap;
    wb->sst_off[wb->n_sst++] = wb->sst_len;
    if (len) memcpy(wb->sst + wb->sst_len, c->a.buf, len);
    wb->sst[wb->sst_len + len] = 0;
    wb->sst_len += len + 1;
    c->a.len = 0;
}

/* -------------------------------------------------------------- styles */

typedef struct style_ctx {
    xml_ctx x;
    int in_xfs;
    long *fmt_ids; size_t n_fmt, cap_fmt; /* custom number formats that show a date */
    long *xf_fmt;  size_t n_xf, cap_xf;   /* number format of each cellXfs entry */
} style_ctx;

/* Whether a custom format code shows a date or time: d, m, y, h or s
 * outside quoted text, [brackets] (colours, conditions) and \escapes. */
static int date_code(const char *code)
{
    for (const char *p = code; *p; p++) {
        if (*p == '"') {
            while (p[1] && p[1] != '"') p++;
            if (p[1]) p++;
        } else if (*p == '[') {
            while (p[1] && p[1] != ']') p++;
            if (p[1]) p++;
        } else if (*p == '\\' && p[1]) {
            p++;
        } else if (strchr("dmyhsDMYHS", *p)) {
            return 1;
        }
    }
    return 0;
}

/* Built-in number formats that show dates or times (ECMA-376 18.8.30,
 * and the East Asian ones Excel adds). */
static int date_builtin(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

static void style_start(xml_ctx *x, const char *name, const char **atts)
{
    style_ctx *c = (style_ctx *)x;
    if (strcmp(name, "cellXfs") == 0) {
        c->in_xfs = 1;
    } else if (strcmp(name, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId", 0), *code = attr(atts, "formatCode", 0);
        if (id && code && date_code(code)) {
            if (c->n_fmt >= XLSX_MAX_ENTRIES * 10) return;
            if (grow_to((void **)&c->fmt_ids, &c->cap_fmt, c->n_fmt + 1, sizeof *c->fmt_ids)) return nomem(x);
            c->fmt_ids[c->n_fmt++] = strtol(id, NULL, 10);
        }
    } else if (c->in_xfs && strcmp(name, "xf") == 0) {
        const char *id = attr(atts, "numFmtId", 0);
        if (c->n_xf >= (size_t)XLSX_MAX_STRINGS) {
            pk_diag_set(x->diag, x->where, 0, 0, "expected at most %ld cell formats, found more", XLSX_MAX_STRINGS);
            return stop(x, PRAKSIS_ERR_INPUT);
        }
        if (grow_to((void **)&c->xf_fmt, &c->cap_xf, c->n_xf + 1, sizeof *c->xf_fmt)) return nomem(x);
        c->xf_fmt[c->n_xf++] = id ? strtol(id, NULL, 10) : 0;
    }
}

static void style_end(xml_ctx *x, const char *name)
{
    if (strcmp(name, "cellXfs") == 0) ((style_ctx *)x)->in_xfs = 0;
}

static praksis_error read_styles(pk_workbook *wb, const char *part, praksis_diag *diag)
{
    style_ctx c = {.x = {.diag = diag, .wb = wb, .where = wb->path, .start = style_start, .end = style_end}};
    praksis_error rc = parse_part(&c.x, part, NULL);
    if (!rc && c.n_xf) {
        wb->xf_date = calloc(c.n_xf, 1);
        if (!wb->xf_date) rc = PRAKSIS_ERR_NOMEM;
        for (size_t i = 0; !rc && i < c.n_xf; i++) {
            int date = date_builtin(c.xf_fmt[i]);
            for (size_t k = 0; !date && k < c.n_fmt; k++) date = c.fmt_ids[k] == c.xf_fmt[i];
            wb->xf_date[i] = (unsigned char)date;
        }
        wb->n_xf = (long)c.n_xf;
        if (rc) pk_diag_set(diag, wb->path, 0, 0, "out of memory");
    }
    free(c.fmt_ids);
    free(c.xf_fmt);
    return rc;
}

/* ------------------------------------------------------------- open */

static praksis_error open_zip(pk_workbook *wb, praksis_diag *diag)
{
    int err = 0;
    wb->zip = zip_open(wb->path, ZIP_RDONLY, &err);
    if (!wb->zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        if (err == ZIP_ER_NOZIP || err == ZIP_ER_INCONS)
            pk_diag_set(diag, wb->path, 0, 0,
                        "expected an .xlsx workbook (a zip archive), found %s (a password-protected or older .xls "
                        "workbook is not one: save it as .xlsx without a password)",
                        err == ZIP_ER_NOZIP ? "another kind of file" : "a damaged zip archive");
        else
            pk_diag_set(diag, wb->path, 0, 0, "cannot open the workbook: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return err == ZIP_ER_NOZIP || err == ZIP_ER_INCONS ? PRAKSIS_ERR_INPUT : PRAKSIS_ERR_IO;
    }
    zip_int64_t n = zip_get_num_entries(wb->zip, 0);
    if (n > XLSX_MAX_ENTRIES) {
        pk_diag_set(diag, wb->path, 0, 0, "expected a workbook of at most %d zip entries, found %lld", XLSX_MAX_ENTRIES,
                    (long long)n);
        return PRAKSIS_ERR_INPUT;
    }
    return PRAKSIS_OK;
}

/* The package's main part (normally xl/workbook.xml), from _rels/.rels. */
static char *main_part(pk_workbook *wb, praksis_diag *diag, praksis_error *rc)
{
    rels_ctx pkg;
    *rc = read_rels(wb, "", &pkg, diag);
    const rel *r = *rc ? NULL : rel_of_type(&pkg, "officeDocument");
    char *part = r ? strdup(r->target) : NULL;
    if (!*rc && !r) {
        pk_diag_set(diag, wb->path, 0, 0, "expected an .xlsx workbook (a workbook part named in _rels/.rels), found none");
        *rc = PRAKSIS_ERR_INPUT;
    } else if (!*rc && !part) {
        *rc = PRAKSIS_ERR_NOMEM;
    }
    rels_free(&pkg);
    return part;
}

static praksis_error read_book(pk_workbook *wb, praksis_diag *diag)
{
    praksis_error rc;
    char *part = main_part(wb, diag, &rc);
    if (rc) return rc;
    rels_ctx rels;
    rc = read_rels(wb, part, &rels, diag);
    if (!rc) {
        book_ctx c = {.x = {.diag = diag, .wb = wb, .where = wb->path, .start = book_start}, .rels = &rels};
        rc = parse_part(&c.x, part, NULL);
    }
    const rel *sst = rc ? NULL : rel_of_type(&rels, "sharedStrings");
    if (sst) {
        sst_ctx c = {.x = {.diag = diag, .wb = wb, .where = wb->path, .start = sst_start, .end = sst_end, .text = sst_text}};
        rc = parse_part(&c.x, sst->target, NULL);
        free(c.a.buf);
    }
    const rel *sty = rc ? NULL : rel_of_type(&rels, "styles");
    if (sty) rc = read_styles(wb, sty->target, diag);
    rels_free(&rels);
    free(part);
    return rc;
}

praksis_error pk_workbook_open(const char *path, pk_workbook **out, praksis_diag *diag)
{
    *out = NULL;
    pk_workbook *wb = calloc(1, sizeof *wb);
    if (!wb || !(wb->path = strdup(path))) {
        free(wb);
        pk_diag_set(diag, path, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    praksis_error rc = open_zip(wb, diag);
    if (!rc) rc = read_book(wb, diag);
    if (rc == PRAKSIS_ERR_NOMEM) pk_diag_set(diag, path, 0, 0, "out of memory");
    if (rc) {
        pk_workbook_close(wb);
        return rc;
    }
    *out = wb;
    return PRAKSIS_OK;
}

void pk_workbook_close(pk_workbook *wb)
{
    if (!wb) return;
    if (wb->zip) zip_discard(wb->zip);
    for (int i = 0; i < wb->n_sheets; i++) {
        free(wb->sheets[i].name);
        free(wb->sheets[i].part);
    }
    free(wb->sheets);
    free(wb->sst);
    free(wb->sst_off);
    free(wb->xf_date);
    free(wb->path);
    free(wb);
}

int pk_workbook_sheet_count(const pk_workbook *wb) { return wb ? wb->n_sheets : 0; }

const char *pk_workbook_sheet_name(const pk_workbook *wb, int i)
{
    return wb && i >= 0 && i < wb->n_sheets ? wb->sheets[i].name : NULL;
}

int pk_workbook_find(const pk_workbook *wb, const char *name)
{
    for (int i = 0; wb && i < wb->n_sheets; i++)
        if (strcmp(wb->sheets[i].name, name) == 0) return i;
    return -1;
}

/* ------------------------------------------------------------- sheets */

typedef struct sheet_ctx {
    xml_ctx x;
    pk_table_builder *tb;
    const char *sheet;
    int in_data, in_row, in_cell, in_v;
    long row, prev_row; /* the row being read; the last one read (0: none) */
    long col;           /* column of the last cell added in this row (0: none) */
    long cells;         /* cells added, empty ones between included */
    long c_col, style;  /* the cell being read: its column, format, type, ... */
    char type[16];
    int has_f, has_v;
    str_acc is;         /* ... its inline string, its <v> */
    char *v;
    size_t vlen, vcap;
} sheet_ctx;

static void cell_error(sheet_ctx *c, long col, const char *fmt, const char *arg)
{
    char where[sizeof c->x.diag->file];
    pk_sheet_ref(where, sizeof where, c->x.wb->path, c->sheet, c->row, col);
    pk_diag_set(c->x.diag, where, 0, 0, fmt, arg);
    stop(&c->x, PRAKSIS_ERR_INPUT);
}

/* "D14" -> column 4, row 14; -1 if it is no cell reference in range. */
static int parse_ref(const char *ref, long *row, long *col)
{
    long c = 0, r = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z' && c <= XLSX_MAX_COL; p++) c = c * 26 + (*p - 'A' + 1);
    if (p == ref || c > XLSX_MAX_COL) return -1;
    const char *d = p;
    for (; *p >= '0' && *p <= '9' && r <= XLSX_MAX_ROW; p++) r = r * 10 + (*p - '0');
    if (p == d || *p || r < 1 || r > XLSX_MAX_ROW) return -1;
    *row = r;
    *col = c;
    return 0;
}

static void row_start(sheet_ctx *c, const char **atts)
{
    const char *r = attr(atts, "r", 0);
    long row = c->prev_row + 1;
    if (r) {
        char *end;
        row = strtol(r, &end, 10);
        if (*end || end == r) row = -1;
    }
    if (row < 1 || row > XLSX_MAX_ROW) {
        c->row = c->prev_row;
        return cell_error(c, 0, "expected a row number from 1 to 1048576, found \"%s\"", r ? r : "");
    }
    if (row <= c->prev_row) {
        char what[64];
        snprintf(what, sizeof what, "%ld after row %ld", row, c->prev_row);
        return cell_error(c, 0, "expected rows in increasing order, found row %s", what);
    }
    c->row = row;
    c->in_row = 1;
    c->col = 0;
}

static void cell_start(sheet_ctx *c, const char **atts)
{
    const char *r = attr(atts, "r", 0), *t = attr(atts, "t", 0), *s = attr(atts, "s", 0);
    long row = c->row, col = c->col + 1;
    if (r && parse_ref(r, &row, &col) != 0) return cell_error(c, c->col + 1, "expected a cell reference from A1 to XFD1048576, found \"%s\"", r);
    if (row != c->row || col <= c->col || col > XLSX_MAX_COL)
        return cell_error(c, c->col + 1, "expected cells in order within their row, found \"%s\"", r ? r : "a cell past column XFD");
    snprintf(c->type, sizeof c->type, "%s", t ? t : "n");
    c->style = s ? strtol(s, NULL, 10) : 0;
    c->c_col = col;
    c->in_cell = 1;
    c->has_f = c->has_v = 0;
    c->vlen = 0;
    c->is.len = 0;
    c->is.in_str = 0;
}

static void sheet_start(xml_ctx *x, const char *name, const char **atts)
{
    sheet_ctx *c = (sheet_ctx *)x;
    if (strcmp(name, "sheetData") == 0) c->in_data = 1;
    else if (c->in_data && !c->in_row && strcmp(name, "row") == 0) row_start(c, atts);
    else if (c->in_row && !c->in_cell && strcmp(name, "c") == 0) cell_start(c, atts);
    else if (c->in_cell && strcmp(name, "v") == 0) {
        c->in_v = 1;
        c->vlen = 0;
        if (c->v) c->v[0] = 0; /* an empty <v/> must not show the last cell's value */
    }
    else if (c->in_cell && strcmp(name, "f") == 0) c->has_f = 1;
    else if (c->in_cell) acc_start(x, &c->is, name, "is");
}

static void sheet_text(xml_ctx *x, const char *s, int n)
{
    sheet_ctx *c = (sheet_ctx *)x;
    if (c->in_v) {
        if (grow_to((void **)&c->v, &c->vcap, c->vlen + (size_t)n + 1, 1)) return nomem(x);
        memcpy(c->v + c->vlen, s, (size_t)n);
        c->vlen += (size_t)n;
        c->v[c->vlen] = 0;
    } else if (c->in_cell) {
        acc_text(x, &c->is, s, n);
    }
}

/* The shortest decimal text that reads back as exactly v; whole numbers
 * without a fraction or exponent, so the id 301 is "301". */
static void number_text(double v, char *buf, size_t n)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, n, "%.0f", v == 0 ? 0.0 : v);
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, n, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
}

static int read_number(const char *s, double *v)
{
    if (!*s || strspn(s, "0123456789+-.eE") != strlen(s)) return -1;
    char *end;
    *v = strtod(s, &end);
    return *end || !isfinite(*v) ? -1 : 0;
}

static void trim(const char **s, size_t *n)
{
    while (*n && (**s == ' ' || **s == '\t')) (*s)++, (*n)--;
    while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
}

/* The cell's kind and text from its type, <v> and inline string. */
static int cell_value(sheet_ctx *c, int *kind, const char **text, size_t *len, double *num, char *nbuf, size_t nn)
{
    /* a formula saved with an empty <v/> (some writers do) has no result either */
    if (c->has_f && c->vlen == 0 && strcmp(c->type, "inlineStr") != 0) c->has_v = 0;
    const char *t = c->type, *v = c->has_v && c->v ? c->v : "";
    pk_workbook *wb = c->x.wb;
    *kind = PK_CELL_TEXT;
    *num = 0;
    *text = v;
    *len = c->has_v ? c->vlen : 0;
    if (!strcmp(t, "s")) {
        double i;
        if (read_number(v, &i) || i < 0 || i >= (double)wb->n_sst || i != floor(i)) {
            cell_error(c, c->c_col, "expected the index of a shared string, found \"%s\"", v);
            return -1;
        }
        *text = wb->sst + wb->sst_off[(long)i];
        *len = strlen(*text);
    } else if (!strcmp(t, "inlineStr")) {
        *text = c->is.buf ? c->is.buf : "";
        *len = c->is.len;
        if (c->is.buf) unescape_x(c->is.buf, len);
    } else if (!strcmp(t, "str")) {
        if (c->has_v) unescape_x(c->v, len);
        if (!c->has_v && c->has_f) *kind = PK_CELL_FORMULA;
    } else if (!strcmp(t, "b")) {
        if (strcmp(v, "0") && strcmp(v, "1")) {
            cell_error(c, c->c_col, "expected a boolean cell to hold 0 or 1, found \"%s\"", v);
            return -1;
        }
        *kind = PK_CELL_BOOL;
        *text = v[0] == '1' ? "TRUE" : "FALSE";
        *len = strlen(*text);
    } else if (!strcmp(t, "e") || !strcmp(t, "d")) {
        *kind = t[0] == 'e' ? PK_CELL_ERROR : PK_CELL_DATE;
    } else if (!strcmp(t, "n")) {
        if (!c->has_v) {
            if (c->has_f) *kind = PK_CELL_FORMULA;
            return 0;
        }
        if (read_number(v, num)) {
            cell_error(c, c->c_col, "expected a number in a number cell, found \"%s\"", v);
            return -1;
        }
        int date = c->style >= 0 && c->style < wb->n_xf && wb->xf_date[c->style];
        *kind = date ? PK_CELL_DATE : PK_CELL_NUMBER;
        number_text(*num, nbuf, nn);
        *text = nbuf;
        *len = strlen(nbuf);
    } else {
        cell_error(c, c->c_col, "expected a cell type s, str, inlineStr, n, b, e or d, found \"%s\"", t);
        return -1;
    }
    if (*kind == PK_CELL_TEXT) trim(text, len);
    return 0;
}

static int add_cell(sheet_ctx *c, const char *s, size_t n, long col, int kind, double num)
{
    if (++c->cells > XLSX_MAX_CELLS) {
        char lim[32];
        snprintf(lim, sizeof lim, "%ld", XLSX_MAX_CELLS);
        cell_error(c, col, "expected a sheet of at most %s cells (rows x columns up to the last one used), found more", lim);
        return -1;
    }
    if (pk_tb_cell(c->tb, s, n, c->row, col, kind, num)) {
        nomem(&c->x);
        return -1;
    }
    return 0;
}

static void cell_end(sheet_ctx *c)
{
    int kind;
    const char *text;
    size_t len;
    double num;
    char nbuf[40];
    c->in_cell = 0;
    if (cell_value(c, &kind, &text, &len, &num, nbuf, sizeof nbuf)) return;
    if (kind == PK_CELL_TEXT && len == 0 && !c->has_f) return; /* a formatted empty cell: nothing */
    for (long k = c->col + 1; k < c->c_col; k++)
        if (add_cell(c, "", 0, k, PK_CELL_TEXT, 0)) return;
    if (add_cell(c, text, len, c->c_col, kind, num)) return;
    c->col = c->c_col;
}

static void sheet_end(xml_ctx *x, const char *name)
{
    sheet_ctx *c = (sheet_ctx *)x;
    if (c->in_cell && strcmp(name, "c") == 0) {
        cell_end(c);
    } else if (c->in_v && strcmp(name, "v") == 0) {
        c->in_v = 0;
        c->has_v = 1;
    } else if (c->in_row && !c->in_cell && strcmp(name, "row") == 0) {
        c->in_row = 0;
        c->prev_row = c->row;
        if (pk_tb_end_row(c->tb, c->row)) nomem(x);
    } else if (strcmp(name, "sheetData") == 0) {
        c->in_data = 0;
    } else if (c->in_cell) {
        acc_end(&c->is, name);
    }
}

praksis_error pk_workbook_table(pk_workbook *wb, int i, pk_csv_table **out, praksis_diag *diag)
{
    *out = NULL;
    char where[sizeof diag->file];
    pk_sheet_ref(where, sizeof where, wb->path, wb->sheets[i].name, 0, 0);
    if (!wb->sheets[i].part) {
        pk_diag_set(diag, where, 0, 0, "expected a worksheet, found a chart sheet or another kind of sheet");
        return PRAKSIS_ERR_INPUT;
    }
    sheet_ctx c = {.x = {.diag = diag, .wb = wb, .where = where, .start = sheet_start, .end = sheet_end, .text = sheet_text},
                   .sheet = wb->sheets[i].name};
    if (!(c.tb = pk_tb_new())) {
        pk_diag_set(diag, where, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    praksis_error rc = parse_part(&c.x, wb->sheets[i].part, NULL);
    if (!rc) rc = pk_tb_finish(c.tb, wb->path, wb->sheets[i].name, out, diag);
    pk_tb_free(c.tb);
    free(c.v);
    free(c.is.buf);
    return rc;
}
