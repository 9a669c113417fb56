/*
 * csvread.c - read a whole CSV file with libcsv, keeping the source position of
 * every cell (see csv.h for the rules).
 *
 * Two passes over the bytes in memory:
 *   1. lines_scan: split physical lines (LF), skip the BOM, check UTF-8 and
 *      the line-length limit.  pk_csv_read runs it on each chunk as the file is
 *      read, so an over-long line stops the read after at most one chunk.
 *   2. parse: libcsv does the field splitting.  We feed it runs of ordinary
 *      bytes in one call and each delimiter, CR and LF byte in a call of its
 *      own: only those bytes can end a field or a row, so when a callback
 *      fires we know exactly which byte ended it, and the next field starts
 *      after it (past the blanks libcsv skips).  Positions are therefore
 *      exact without a second CSV state machine of our own.
 *
 * Details csv.h leaves open, as decided here:
 *   - A cell's position is its first byte after leading blanks (the opening
 *     quote when quoted); an empty field points at the delimiter or line end
 *     that closes it.  Lines are physical ("\n"-separated) lines.
 *   - The header is the first line holding anything besides blanks, ',', ';'
 *     and '"'; rows before it are dropped whatever the delimiter.
 *   - A CR outside quotes that is not followed by LF is an error (only "\n"
 *     and "\r\n" end lines); inside quotes CR and CRLF are kept as data.
 *   - A NUL byte is an error (it would silently cut a cell short).
 *   - pk_csv_cell, pk_csv_pos and pk_csv_cell_error also accept r == -1 for the
 *     header row, so a bad column name can be pointed at.
 *   - pk_csv_cell_error's message is the formatted text only; the position
 *     goes in diag->file/line/column.
 */
#define _POSIX_C_SOURCE 200809L

#include <csv.h> /* libcsv */

#include "csvread.h"
#include "internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK ((size_t)1 << 18) /* bytes per fread in pk_csv_read */

/* The public table plus the flat arrays its row pointers point into.  pub
 * must stay first: pk_csv_table_free converts the pk_csv_table pointer back. */
typedef struct table_impl {
    pk_csv_table pub;
    char *text;     /* every cell's text, NUL-terminated, back to back */
    char **cellv;   /* per row: n_fields cells + one "" for the row end */
    long *linev;    /* positions, same layout as cellv */
    long *colv;
    double *numv;   /* a workbook's cells: number values and kinds, same layout (NULL for CSV) */
    unsigned char *kindv;
    size_t hdr;     /* index of the header row's first slot */
} table_impl;

/* ---------------------------------------------------------------- growth */

/* Grow an array to hold need elements, doubling, so appends are amortised
 * O(1).  Returns the (possibly moved) array, or NULL with *p untouched. */
static void *grow(void *p, size_t cap, size_t need, size_t elem, size_t *newcap)
{
    size_t n = cap ? cap : 64;
    while (n < need) {
        if (n > SIZE_MAX / 2) return NULL;
        n *= 2;
    }
    if (n > SIZE_MAX / elem) return NULL;
    void *q = realloc(p, n * elem);
    if (q) *newcap = n;
    return q;
}

/* ------------------------------------------------- pass 1: physical lines */

typedef struct lines {
    size_t *start;  /* start[k]: offset of line k+1 (line 1 starts after the BOM) */
    size_t n, cap;
    size_t done;    /* bytes before this offset are checked */
    size_t bom;     /* 3 when the data starts with a UTF-8 BOM, else 0 */
    int bom_known;
    int trusted;    /* converted text: split lines only, nothing to check */
    int chars;      /* columns count characters (text converted from a one-byte encoding) */
    /* The first byte that is not UTF-8, and the first that is not
     * Windows-1252 either: the encoding is decided once the whole file
     * is seen, so these are recorded, not reported, as lines arrive. */
    long bad8_line, bad8_col;   /* bad8_line 0: none so far */
    unsigned char bad8_byte;
    long bad1252_line;          /* 0: none so far */
    unsigned char bad1252_byte;
} lines;

static int lines_push(lines *L, size_t off)
{
    if (L->n == L->cap) {
        size_t cap;
        size_t *q = grow(L->start, L->cap, L->n + 1, sizeof *q, &cap);
        if (!q) return -1;
        L->start = q;
        L->cap = cap;
    }
    L->start[L->n++] = off;
    return 0;
}

/* Offset of the first byte that is not valid UTF-8 in s[0..n), or n.  A
 * sequence never spans an LF, so checking line by line is exact. */
static size_t utf8_bad(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t k;
        unsigned lo = 0x80, hi = 0xBF; /* range of the second byte */
        if (c >= 0xC2 && c <= 0xDF) k = 1;
        else if (c == 0xE0) k = 2, lo = 0xA0;              /* no overlongs */
        else if (c == 0xED) k = 2, hi = 0x9F;              /* no surrogates */
        else if (c >= 0xE1 && c <= 0xEF) k = 2;
        else if (c == 0xF0) k = 3, lo = 0x90;              /* no overlongs */
        else if (c >= 0xF1 && c <= 0xF3) k = 3;
        else if (c == 0xF4) k = 3, hi = 0x8F;              /* <= U+10FFFF */
        else return i;
        if (n - i <= k) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t j = 2; j <= k; j++)
            if ((s[i + j] & 0xC0) != 0x80) return i;
        i += k + 1;
    }
    return n;
}

/* Unicode code points of Windows-1252's bytes 0x80..0x9F; 0 marks the five
 * bytes that have no character (0x81, 0x8D, 0x8F, 0x90, 0x9D).  Bytes
 * 0xA0..0xFF are U+00A0..U+00FF, as in Latin-1. */
static const unsigned short cp1252_high[32] = {
    0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
    0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

static unsigned cp1252(unsigned char c)
{
    return c < 0x80 || c >= 0xA0 ? c : cp1252_high[c - 0x80];
}

/* Record the first invalid UTF-8 byte and the first byte undefined in
 * Windows-1252 of line k (content d[from..end)). */
static void line_encodings(lines *L, const unsigned char *d, size_t from, size_t end)
{
    if (!L->bad8_line) {
        size_t bad = from + utf8_bad(d + from, end - from);
        if (bad < end) {
            L->bad8_line = (long)L->n;
            L->bad8_col = (long)(bad - from) + 1;
            L->bad8_byte = d[bad];
        }
    }
    if (!L->bad1252_line)
        for (size_t i = from; i < end; i++)
            if (d[i] >= 0x80 && !cp1252(d[i])) {
                L->bad1252_line = (long)L->n;
                L->bad1252_byte = d[i];
                break;
            }
}

/* Check every complete line in d[0..len) not checked yet, and at eof the
 * last line.  Lines are checked in file order, and an unfinished line is
 * reported as too long as soon as it cannot fit, so the first error is the
 * same however the data arrived. */
static praksis_error lines_scan(lines *L, const unsigned char *d, size_t len, int eof,
                                const char *name, praksis_diag *diag)
{
    if (!L->bom_known) {
        if (len < 3 && !eof) return PRAKSIS_OK;
        if (!L->trusted && len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) {
            pk_diag_set(diag, name, 1, 1,
                     "expected UTF-8 text, found a UTF-16 byte-order mark (the file is UTF-16); save the file as UTF-8");
            return PRAKSIS_ERR_INPUT;
        }
        L->bom = (len >= 3 && d[0] == 0xEF && d[1] == 0xBB && d[2] == 0xBF) ? 3 : 0;
        L->bom_known = 1;
        L->done = L->bom;
        if (lines_push(L, L->bom)) goto nomem;
    }
    for (;;) {
        size_t from = L->done;
        const unsigned char *nl = memchr(d + from, '\n', len - from);
        if (!nl && !eof) {
            /* +1: the unfinished line may still end in "\r\n" */
            if (!L->trusted && len - from > (size_t)CSV_MAX_LINE + 1) goto too_long;
            return PRAKSIS_OK;
        }
        size_t end = nl ? (size_t)(nl - d) : len;
        size_t n = end - from;
        if (n > 0 && d[end - 1] == '\r') n--; /* the CR of "\r\n" is not content */
        if (!L->trusted) {
            if (n > (size_t)CSV_MAX_LINE) goto too_long;
            const unsigned char *nul = memchr(d + from, 0, end - from);
            if (nul) {
                /* neither UTF-8 nor Windows-1252 text: a NUL would cut a C string short */
                pk_diag_set(diag, name, (long)L->n, (long)(nul - (d + from)) + 1,
                         "expected UTF-8 text, found a NUL byte (is the file UTF-16 or binary? save it as UTF-8)");
                return PRAKSIS_ERR_INPUT;
            }
            line_encodings(L, d, from, end);
        }
        if (!nl) {
            L->done = len;
            return PRAKSIS_OK;
        }
        L->done = end + 1;
        if (lines_push(L, end + 1)) goto nomem;
    }
too_long:
    pk_diag_set(diag, name, (long)L->n, CSV_MAX_LINE + 1,
             "expected lines of at most %ld bytes, found a line longer than %ld bytes", (long)CSV_MAX_LINE,
             (long)CSV_MAX_LINE);
    return PRAKSIS_ERR_INPUT;
nomem:
    pk_diag_set(diag, name, 0, 0, "out of memory");
    return PRAKSIS_ERR_NOMEM;
}

/* The whole file has been scanned: UTF-8 when it decodes as UTF-8;
 * otherwise Windows-1252 when every byte is a Windows-1252 character and
 * no UTF-8 byte-order mark claims UTF-8 (*convert set); otherwise the
 * first invalid UTF-8 byte is the error. */
static praksis_error decide_encoding(const lines *L, const char *name, int *convert, praksis_diag *diag)
{
    *convert = 0;
    if (!L->bad8_line) return PRAKSIS_OK;
    if (!L->bad1252_line && !L->bom) {
        *convert = 1;
        return PRAKSIS_OK;
    }
    char why[160];
    if (L->bom)
        snprintf(why, sizeof why, " (it starts with the UTF-8 byte-order mark)");
    else
        snprintf(why, sizeof why, " (it is not Windows-1252 either: byte 0x%02X on line %ld is no character there)",
                 L->bad1252_byte, L->bad1252_line);
    pk_diag_set(diag, name, L->bad8_line, L->bad8_col,
             "expected UTF-8 text, found invalid UTF-8 (byte 0x%02X); save the file as UTF-8%s", L->bad8_byte, why);
    return PRAKSIS_ERR_INPUT;
}

/* d[0..len) read as Windows-1252, as UTF-8 (each byte becomes at most 3). */
static unsigned char *from_cp1252(const unsigned char *d, size_t len, size_t *out_len)
{
    if (len > (SIZE_MAX - 1) / 3) return NULL;
    unsigned char *u = malloc(3 * len + 1), *o = u;
    if (!u) return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned c = cp1252(d[i]);
        if (c < 0x80) {
            *o++ = (unsigned char)c;
        } else if (c < 0x800) {
            *o++ = (unsigned char)(0xC0 | c >> 6);
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            *o++ = (unsigned char)(0xE0 | c >> 12);
            *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
    *out_len = (size_t)(o - u);
    return u;
}

/* ------------------------------------------------------ pass 2: libcsv */

typedef struct builder {
    const unsigned char *d;
    size_t len;
    const lines *L;
    size_t cur;          /* line index of the last position looked up */

    char *text;          /* cell text arena (offsets until the end) */
    size_t tlen, tcap;
    size_t *foff;        /* per slot: text offset, line, column */
    long *fline, *fcol;
    size_t nslots, scap;
    size_t *rfirst;      /* per kept row: first slot, field count */
    int *rnf;
    size_t nrows, rcap;

    size_t row_first;    /* current row: first slot, text start */
    size_t row_text;
    size_t row_off;      /* offset where its first field starts */
    int row_nf;
    int row_blank;       /* every field so far is empty */

    size_t trigger;      /* offset of the byte being fed alone (len at fini) */
    size_t field_from;   /* the next field starts at or after this offset */
    int at_row_start;    /* ...and blank lines before it are skipped too */
    size_t hdr_off;      /* rows starting before the header line are dropped */
    praksis_error err;   /* set by the callbacks (out of memory, too many fields) */
    size_t cc_line, cc_off; /* L->chars: characters of line cc_line before cc_off ... */
    long cc_count;          /* ... are cc_count (pos_of goes forwards, so count on from there) */

    double *fnum;        /* per slot, for a workbook's cells: the number of a number cell ... */
    unsigned char *fkind; /* ... and the cell's PK_CELL_* kind (NULL for a CSV file) */
} builder;

static void pos_of(builder *b, size_t off, long *line, long *col)
{
    const lines *L = b->L;
    size_t k = b->cur;
    if (off < L->start[k]) { /* callers go forwards; this is only a fallback */
        size_t lo = 0, hi = k;
        while (lo + 1 < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (L->start[mid] <= off) lo = mid;
            else hi = mid;
        }
        k = lo;
    }
    while (k + 1 < L->n && L->start[k + 1] <= off) k++;
    b->cur = k;
    *line = (long)k + 1;
    *col = (long)(off - L->start[k]) + 1;
    if (!L->chars) return;
    /* converted from a one-byte encoding: the file's column is the
     * character count, which keeps columns those of the file itself */
    if (b->cc_line != k || b->cc_off > off) {
        b->cc_line = k;
        b->cc_off = L->start[k];
        b->cc_count = 0;
    }
    for (size_t i = b->cc_off; i < off; i++) b->cc_count += (b->d[i] & 0xC0) != 0x80;
    b->cc_off = off;
    *col = b->cc_count + 1;
}

/* Where the field libcsv is in began: the first byte after field_from that
 * libcsv does not skip as leading blank (the opening quote of a quoted
 * field; for an empty field, the delimiter or line end that closes it). */
static size_t field_start(const builder *b)
{
    size_t i = b->field_from;
    while (i < b->len) {
        unsigned char c = b->d[i];
        if (c == ' ' || c == '\t' || (b->at_row_start && (c == '\r' || c == '\n')))
            i++;
        else
            break;
    }
    return i;
}

static int add_slot_at(builder *b, const void *s, size_t n, long line, long col, int kind, double num)
{
    if (b->nslots == b->scap) {
        size_t need = b->nslots + 1, cap = b->scap, c1, c2, c3, c4, c5;
        size_t *o = grow(b->foff, cap, need, sizeof *o, &c1);
        if (!o) return -1;
        b->foff = o;
        long *l = grow(b->fline, cap, need, sizeof *l, &c2);
        if (!l) return -1;
        b->fline = l;
        long *c = grow(b->fcol, cap, need, sizeof *c, &c3);
        if (!c) return -1;
        b->fcol = c;
        if (b->fkind) {
            double *v = grow(b->fnum, cap, need, sizeof *v, &c4);
            if (!v) return -1;
            b->fnum = v;
            unsigned char *k = grow(b->fkind, cap, need, 1, &c5);
            if (!k) return -1;
            b->fkind = k;
        }
        b->scap = c1; /* all got the same capacity */
    }
    if (n >= SIZE_MAX - b->tlen) return -1;
    if (b->tlen + n + 1 > b->tcap) {
        size_t cap;
        char *t = grow(b->text, b->tcap, b->tlen + n + 1, 1, &cap);
        if (!t) return -1;
        b->text = t;
        b->tcap = cap;
    }
    if (n) memcpy(b->text + b->tlen, s, n);
    b->text[b->tlen + n] = '\0';
    b->foff[b->nslots] = b->tlen;
    b->fline[b->nslots] = line;
    b->fcol[b->nslots] = col;
    if (b->fkind) {
        b->fkind[b->nslots] = (unsigned char)kind;
        b->fnum[b->nslots] = num;
    }
    b->nslots++;
    b->tlen += n + 1;
    return 0;
}

static int add_slot(builder *b, const void *s, size_t n, size_t at)
{
    long line, col;
    pos_of(b, at, &line, &col);
    return add_slot_at(b, s, n, line, col, PK_CELL_TEXT, 0);
}

static void on_field(void *s, size_t n, void *data)
{
    builder *b = data;
    if (b->err) return;
    size_t at = field_start(b);
    if (b->row_nf == 0) b->row_off = at;
    if (b->row_nf == INT_MAX) {
        b->err = PRAKSIS_ERR_NOMEM;
        return;
    }
    if (add_slot(b, s, n, at)) {
        b->err = PRAKSIS_ERR_NOMEM;
        return;
    }
    b->row_nf++;
    if (n) b->row_blank = 0;
    b->field_from = b->trigger + 1;
    b->at_row_start = 0;
}

/* A row ended: keep it (with one extra slot holding the row-end position,
 * which pk_csv_pos reports for missing fields) or drop it if it is blank or
 * lies before the header line. */
static void row_done(builder *b, int keep, long end_line, long end_col)
{
    if (b->err) return;
    if (keep) {
        if (add_slot_at(b, "", 0, end_line, end_col, PK_CELL_TEXT, 0)) {
            b->err = PRAKSIS_ERR_NOMEM;
            return;
        }
        if (b->nrows == b->rcap) {
            size_t need = b->nrows + 1, cap = b->rcap, c1, c2;
            size_t *f = grow(b->rfirst, cap, need, sizeof *f, &c1);
            if (!f) goto nomem;
            b->rfirst = f;
            int *nf = grow(b->rnf, cap, need, sizeof *nf, &c2);
            if (!nf) goto nomem;
            b->rnf = nf;
            b->rcap = c1;
        }
        b->rfirst[b->nrows] = b->row_first;
        b->rnf[b->nrows] = b->row_nf;
        b->nrows++;
    } else {
        b->nslots = b->row_first;
        b->tlen = b->row_text;
    }
    b->row_first = b->nslots;
    b->row_text = b->tlen;
    b->row_nf = 0;
    b->row_blank = 1;
    return;
nomem:
    b->err = PRAKSIS_ERR_NOMEM;
}

static void on_row(int c, void *data)
{
    (void)c;
    builder *b = data;
    b->field_from = b->trigger + 1;
    b->at_row_start = 1;
    if (b->err) return;
    long line, col;
    pos_of(b, b->trigger, &line, &col);
    row_done(b, !b->row_blank && b->row_off >= b->hdr_off, line, col);
}

static void builder_free(builder *b)
{
    free(b->text);
    free(b->foff);
    free(b->fline);
    free(b->fcol);
    free(b->rfirst);
    free(b->rnf);
    free(b->fnum);
    free(b->fkind);
}

static void parser_release(struct csv_parser *p) { csv_free(p); }

/* The header is the first line with something besides blanks, delimiters
 * and quotes (so ",,,," or ";;" lines before it are blank under either
 * delimiter).  Its delimiter is the more frequent of ',' and ';' outside
 * quotes up to the end of that record (',' on a tie).  Returns the line
 * index, or -1 when there is no such line. */
static long find_header(const unsigned char *d, size_t len, const lines *L, char *delim)
{
    for (size_t k = 0; k < L->n; k++) {
        size_t from = L->start[k], end = k + 1 < L->n ? L->start[k + 1] : len;
        for (size_t i = from; i < end; i++) {
            unsigned char c = d[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ';' || c == '"')
                continue;
            long commas = 0, semis = 0;
            int quoted = 0;
            for (size_t j = from; j < len; j++) {
                c = d[j];
                if (c == '"') quoted = !quoted; /* "" inside quotes toggles twice */
                else if (quoted) continue;
                else if (c == ',') commas++;
                else if (c == ';') semis++;
                else if (c == '\n') break;
            }
            *delim = semis > commas ? ';' : ',';
            return (long)k;
        }
    }
    return -1;
}

static praksis_error finish(builder *b, const char *name, const char *sheet, char delim, pk_csv_table **out,
                            praksis_diag *diag);

static praksis_error parse(const char *name, const unsigned char *d, size_t len, const lines *L,
                           pk_csv_table **out, praksis_diag *diag)
{
    char delim = ',';
    long hk = find_header(d, len, L, &delim);
    if (hk < 0) {
        pk_diag_set(diag, name, 0, 0, "empty file: expected a header row");
        return PRAKSIS_ERR_INPUT;
    }

    builder b = {0};
    b.d = d;
    b.len = len;
    b.L = L;
    b.row_blank = 1;
    b.field_from = L->bom;
    b.at_row_start = 1;
    b.hdr_off = L->start[hk];

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        pk_diag_set(diag, name, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    csv_set_delim(&p, (unsigned char)delim);
    p.blk_size = 1024;

    unsigned char special[256] = {0};
    special[(unsigned char)delim] = special['\r'] = special['\n'] = 1;

    praksis_error rc = PRAKSIS_OK;
    size_t i = L->bom;
    while (i < len) {
        size_t j = i + 1, fed;
        if (special[d[i]]) {
            b.trigger = i;
        } else {
            while (j < len && !special[d[j]]) j++;
            b.trigger = SIZE_MAX - 1; /* no callback can fire on ordinary bytes */
        }
        fed = csv_parse(&p, d + i, j - i, on_field, on_row, &b);
        if (b.err) {
            rc = b.err;
            pk_diag_set(diag, name, 0, 0, "out of memory");
            goto done;
        }
        if (fed != j - i) {
            long line, col;
            pos_of(&b, i + fed, &line, &col);
            if (csv_error(&p) != CSV_EPARSE) {
                rc = PRAKSIS_ERR_NOMEM;
                pk_diag_set(diag, name, line, col, "out of memory");
            } else if (d[i + fed] == '"') {
                rc = PRAKSIS_ERR_INPUT;
                pk_diag_set(diag, name, line, col,
                         "expected a field with quotes in it to be quoted as a whole, with each "
                         "inner quote doubled, found an unexpected quote");
            } else {
                rc = PRAKSIS_ERR_INPUT;
                pk_diag_set(diag, name, line, col, "expected a delimiter or the end of the line after a closing quote, found more text");
            }
            goto done;
        }
        /* a CR outside quotes must start "\r\n": it is outside quotes when it
         * ended a row or was skipped before a row's first field */
        if (d[i] == '\r' && (i + 1 >= len || d[i + 1] != '\n') && b.at_row_start &&
            field_start(&b) > i) {
            long line, col;
            pos_of(&b, i, &line, &col);
            rc = PRAKSIS_ERR_INPUT;
            pk_diag_set(diag, name, line, col,
                     "expected lines ending in \\n or \\r\\n, found a carriage return without a line feed");
            goto done;
        }
        /* libcsv grows its field buffer by blk_size: make that geometric */
        if (p.entry_size > p.blk_size) p.blk_size = p.entry_size;
        i = j;
    }
    b.trigger = len;
    if (csv_fini(&p, on_field, on_row, &b) != 0) {
        long line, col;
        pos_of(&b, field_start(&b), &line, &col);
        rc = PRAKSIS_ERR_INPUT;
        pk_diag_set(diag, name, line, col,
                 "expected a closing quote, found the end of the file: unterminated quoted field "
                 "(the quote opened here is never closed)");
        goto done;
    }
    if (b.err) {
        rc = b.err;
        pk_diag_set(diag, name, 0, 0, "out of memory");
        goto done;
    }
    if (b.nrows == 0) { /* cannot happen: the header line holds content */
        rc = PRAKSIS_ERR_INPUT;
        pk_diag_set(diag, name, 0, 0, "empty file: expected a header row");
        goto done;
    }
    rc = finish(&b, name, NULL, delim, out, diag);
done:
    parser_release(&p);
    builder_free(&b);
    return rc;
}

static void trim_blanks(char *s)
{
    size_t a = 0, n = strlen(s);
    while (a < n && (s[a] == ' ' || s[a] == '\t')) a++;
    while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    memmove(s, s + a, n - a);
    s[n - a] = '\0';
}

/* Turn the builder's flat arrays into a pk_csv_table (taking ownership of
 * text, fline and fcol; the builder's pointers are cleared). */
static praksis_error finish(builder *b, const char *name, const char *sheet, char delim, pk_csv_table **out,
                            praksis_diag *diag)
{
    table_impl *t = calloc(1, sizeof *t);
    if (!t) goto nomem;
    pk_csv_table *pub = &t->pub;
    size_t nr = b->nrows - 1, alloc_r = nr ? nr : 1;

    pub->path = strdup(name);
    pub->sheet = sheet ? strdup(sheet) : NULL;
    t->cellv = malloc(b->nslots * sizeof *t->cellv);
    pub->n_fields = malloc(alloc_r * sizeof *pub->n_fields);
    pub->cells = malloc(alloc_r * sizeof *pub->cells);
    pub->line = malloc(alloc_r * sizeof *pub->line);
    pub->col = malloc(alloc_r * sizeof *pub->col);
    pub->row_line = malloc(alloc_r * sizeof *pub->row_line);
    t->text = b->text;
    t->linev = b->fline;
    t->colv = b->fcol;
    t->numv = b->fnum;
    t->kindv = b->fkind;
    b->text = NULL;
    b->fline = b->fcol = NULL;
    b->fnum = NULL;
    b->fkind = NULL;
    if (!pub->path || (sheet && !pub->sheet) || !t->cellv || !pub->n_fields || !pub->cells || !pub->line || !pub->col ||
        !pub->row_line) {
        pk_csv_table_free(pub);
        goto nomem;
    }
    for (size_t s = 0; s < b->nslots; s++) t->cellv[s] = t->text + b->foff[s];

    pub->delim = delim;
    t->hdr = b->rfirst[0];
    pub->n_cols = b->rnf[0];
    pub->header = t->cellv + t->hdr;
    pub->header_line = t->linev[t->hdr];
    for (int f = 0; f < pub->n_cols; f++) trim_blanks(pub->header[f]);
    /* spreadsheet programs write empty cells after the last column ("a,b,,,"):
     * they name no column, however many there are */
    while (pub->n_cols > 1 && !pub->header[pub->n_cols - 1][0]) pub->n_cols--;

    pub->n_rows = (long)nr;
    for (size_t r = 0; r < nr; r++) {
        size_t s = b->rfirst[r + 1];
        pub->n_fields[r] = b->rnf[r + 1];
        pub->cells[r] = t->cellv + s;
        pub->line[r] = t->linev + s;
        pub->col[r] = t->colv + s;
        pub->row_line[r] = t->linev[s];
    }
    *out = pub;
    return PRAKSIS_OK;
nomem:
    pk_diag_set(diag, name, 0, 0, "out of memory");
    return PRAKSIS_ERR_NOMEM;
}

/* The last step of both readers, once every line of d is scanned: choose
 * the encoding and parse, converting Windows-1252 text to UTF-8 first. */
static praksis_error decode_and_parse(const char *name, const unsigned char *d, size_t len, const lines *L,
                                      pk_csv_table **out, praksis_diag *diag)
{
    int convert;
    praksis_error rc = decide_encoding(L, name, &convert, diag);
    if (rc || !convert) return rc ? rc : parse(name, d, len, L, out, diag);
    size_t ulen;
    unsigned char *u = from_cp1252(d, len, &ulen);
    lines U = {.trusted = 1, .chars = 1};
    if (!u) {
        pk_diag_set(diag, name, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    rc = lines_scan(&U, u, ulen, 1, name, diag);
    if (rc == PRAKSIS_OK) rc = parse(name, u, ulen, &U, out, diag);
    if (rc == PRAKSIS_OK) (*out)->encoding = "Windows-1252";
    free(U.start);
    free(u);
    return rc;
}

/* ------------------------------------------------------------- public */

praksis_error pk_csv_read_mem(const char *name, const char *data, size_t len, pk_csv_table **out,
                           praksis_diag *diag)
{
    if (!name) name = "";
    if (!out || (!data && len)) {
        pk_diag_set(diag, name, 0, 0, "pk_csv_read_mem: NULL argument");
        return PRAKSIS_ERR_USAGE;
    }
    *out = NULL;
    if (!data) data = "";
    const unsigned char *d = (const unsigned char *)data;
    lines L = {0};
    praksis_error rc = lines_scan(&L, d, len, 1, name, diag);
    if (rc == PRAKSIS_OK) rc = decode_and_parse(name, d, len, &L, out, diag);
    free(L.start);
    return rc;
}

static void io_error(praksis_diag *diag, const char *path, const char *what, int err)
{
    char buf[256];
    if (strerror_r(err, buf, sizeof buf) != 0) snprintf(buf, sizeof buf, "error %d", err);
    pk_diag_set(diag, path, 0, 0, "%s: %s", what, buf);
}

praksis_error pk_csv_read(const char *path, pk_csv_table **out, praksis_diag *diag)
{
    if (!path || !out) {
        pk_diag_set(diag, path, 0, 0, "pk_csv_read: NULL argument");
        return PRAKSIS_ERR_USAGE;
    }
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        io_error(diag, path, "cannot open", errno);
        return PRAKSIS_ERR_IO;
    }
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    lines L = {0};
    praksis_error rc = PRAKSIS_OK;
    for (;;) {
        if (cap - len < READ_CHUNK) {
            size_t ncap;
            unsigned char *q = grow(buf, cap, len + READ_CHUNK, 1, &ncap);
            if (!q) {
                pk_diag_set(diag, path, 0, 0, "out of memory");
                rc = PRAKSIS_ERR_NOMEM;
                goto done;
            }
            buf = q;
            cap = ncap;
        }
        size_t got = fread(buf + len, 1, READ_CHUNK, f);
        len += got;
        if (got < READ_CHUNK) {
            if (ferror(f)) {
                io_error(diag, path, "cannot read", errno);
                rc = PRAKSIS_ERR_IO;
                goto done;
            }
            if (feof(f)) break;
        }
        /* check lines as they arrive: an over-long line stops the read here */
        rc = lines_scan(&L, buf, len, 0, path, diag);
        if (rc != PRAKSIS_OK) goto done;
    }
    rc = lines_scan(&L, buf, len, 1, path, diag);
    if (rc == PRAKSIS_OK) rc = decode_and_parse(path, buf, len, &L, out, diag);
done:
    fclose(f);
    free(buf);
    free(L.start);
    return rc;
}

/* ----------------------------------------- tables built cell by cell */

struct pk_table_builder {
    builder b;
    lines L; /* one empty line: positions are given, never looked up */
};

pk_table_builder *pk_tb_new(void)
{
    pk_table_builder *tb = calloc(1, sizeof *tb);
    if (!tb) return NULL;
    tb->b.fkind = malloc(1); /* marks a table whose cells carry kinds; grown with the rest */
    if (!tb->b.fkind) {
        free(tb);
        return NULL;
    }
    tb->b.row_blank = 1;
    tb->b.L = &tb->L;
    return tb;
}

int pk_tb_cell(pk_table_builder *tb, const char *s, size_t n, long line, long col, int kind, double num)
{
    builder *b = &tb->b;
    if (b->err || b->row_nf == INT_MAX) return -1;
    if (add_slot_at(b, s, n, line, col, kind, num)) {
        b->err = PRAKSIS_ERR_NOMEM;
        return -1;
    }
    b->row_nf++;
    if (n || kind != PK_CELL_TEXT) b->row_blank = 0;
    return 0;
}

int pk_tb_end_row(pk_table_builder *tb, long line)
{
    builder *b = &tb->b;
    row_done(b, !b->row_blank, line, (long)b->row_nf + 1);
    return b->err ? -1 : 0;
}

long pk_tb_rows(const pk_table_builder *tb) { return (long)tb->b.nrows; }

praksis_error pk_tb_finish(pk_table_builder *tb, const char *path, const char *sheet, pk_csv_table **out,
                           praksis_diag *diag)
{
    *out = NULL;
    if (tb->b.err) {
        pk_diag_set(diag, path, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    if (tb->b.nrows == 0) {
        char where[sizeof diag->file];
        pk_sheet_ref(where, sizeof where, path, sheet, 0, 0);
        pk_diag_set(diag, where, 0, 0, "empty sheet: expected a header row");
        return PRAKSIS_ERR_INPUT;
    }
    return finish(&tb->b, path, sheet, ',', out, diag);
}

void pk_tb_free(pk_table_builder *tb)
{
    if (!tb) return;
    builder_free(&tb->b);
    free(tb);
}

void pk_csv_table_free(pk_csv_table *t)
{
    if (!t) return;
    table_impl *ti = (table_impl *)t;
    free(t->path);
    free(t->n_fields);
    free(t->cells);
    free(t->line);
    free(t->col);
    free(t->row_line);
    free(ti->cellv);
    free(ti->linev);
    free(ti->colv);
    free(ti->numv);
    free(ti->kindv);
    free(t->sheet);
    free(ti->text);
    free(ti);
}

int pk_csv_column(const pk_csv_table *t, const char *name)
{
    if (!t || !name) return -1;
    for (int f = 0; f < t->n_cols; f++)
        if (strcmp(t->header[f], name) == 0) return f;
    return -1;
}

/* Row r as (first slot, field count); r == -1 is the header row, so the
 * loader can point at a header cell too.  Returns 0 if r is out of range. */
static int row_slots(const pk_csv_table *t, long r, size_t *first, int *nf)
{
    const table_impl *ti = (const table_impl *)t;
    if (!t) return 0;
    if (r == -1) {
        *first = ti->hdr;
        *nf = t->n_cols;
        return 1;
    }
    if (r < 0 || r >= t->n_rows) return 0;
    *first = (size_t)(t->cells[r] - ti->cellv);
    *nf = t->n_fields[r];
    return 1;
}

const char *pk_csv_cell(const pk_csv_table *t, long r, int f)
{
    size_t s;
    int nf;
    if (!row_slots(t, r, &s, &nf) || f < 0 || f >= nf) return "";
    return ((const table_impl *)t)->cellv[s + (size_t)f];
}

void pk_csv_pos(const pk_csv_table *t, long r, int f, long *line, long *col)
{
    size_t s;
    int nf;
    long l = 0, c = 0;
    if (row_slots(t, r, &s, &nf) && f >= 0) {
        const table_impl *ti = (const table_impl *)t;
        size_t k = s + (size_t)(f < nf ? f : nf); /* slot nf is the row end */
        l = ti->linev[k];
        c = ti->colv[k];
        if (t->sheet && f >= nf) c = (long)f + 1; /* a missing cell of a sheet still has its column */
    }
    if (line) *line = l;
    if (col) *col = c;
}

void pk_csv_cell_error(const pk_csv_table *t, long r, int f, praksis_diag *diag, const char *fmt, ...)
{
    char msg[sizeof diag->message];
    long line, col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pk_csv_pos(t, r, f, &line, &col);
    pk_csv_diag(t, line, col, diag, "%s", msg);
}

void pk_sheet_ref(char *buf, size_t n, const char *book, const char *sheet, long line, long col)
{
    /* a sheet name other than letters, digits and '_' is quoted, as a
     * spreadsheet formula would write it ('My plan'!A1) */
    int plain = sheet[0] != 0;
    for (const char *p = sheet; *p; p++)
        if (!(*p == '_' || (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))) plain = 0;
    char cell[32] = "";
    if (line > 0) {
        char letters[8];
        int k = sizeof letters - 1;
        letters[k] = 0;
        for (long c = col > 0 ? col : 1; c > 0 && k > 0; c = (c - 1) / 26) letters[--k] = (char)('A' + (c - 1) % 26);
        snprintf(cell, sizeof cell, "!%s%ld", letters + k, line);
    }
    snprintf(buf, n, plain ? "%s:%s%s" : "%s:'%s'%s", book, sheet, cell);
}

void pk_csv_diag(const pk_csv_table *t, long line, long col, praksis_diag *diag, const char *fmt, ...)
{
    char msg[sizeof diag->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (t && t->sheet) {
        char where[sizeof diag->file];
        pk_sheet_ref(where, sizeof where, t->path, t->sheet, line, col);
        pk_diag_set(diag, where, 0, 0, "%s", msg);
    } else {
        pk_diag_set(diag, t ? t->path : "", line, col, "%s", msg);
    }
}

int pk_csv_kind(const pk_csv_table *t, long r, int f, double *num)
{
    size_t s;
    int nf;
    const table_impl *ti = (const table_impl *)t;
    if (!t || !ti->kindv || !row_slots(t, r, &s, &nf) || f < 0 || f >= nf) return PK_CELL_TEXT;
    if (num) *num = ti->numv[s + (size_t)f];
    return ti->kindv[s + (size_t)f];
}

void pk_diag_escape(praksis_diag *d)
{
    if (!d) return;
    char out[sizeof d->message];
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)d->message; *p; p++) {
        char esc[8];
        if (*p >= 0x20 && *p != 0x7f) {
            esc[0] = (char)*p;
            esc[1] = 0;
        } else {
            snprintf(esc, sizeof esc, *p == '\n' ? "\\n" : *p == '\r' ? "\\r" : *p == '\t' ? "\\t" : "\\x%02X", *p);
        }
        size_t n = strlen(esc);
        if (o + n >= sizeof out) break; /* cut, as snprintf would */
        memcpy(out + o, esc, n);
        o += n;
    }
    out[o] = 0;
    memcpy(d->message, out, o + 1);
}

const char *pk_diag_clip(const char *s, char *buf, size_t n)
{
    if (!s) return "";
    size_t len = strlen(s);
    if (len < n) return s;
    size_t k = n > 4 ? n - 4 : 0;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--; /* not inside a UTF-8 sequence */
    memcpy(buf, s, k);
    memcpy(buf + k, "...", 4);
    return buf;
}

int pk_csv_parse_number(const char *text, char delim, double *out)
{
    if (!text) return -1;
    size_t i = 0, d0, sep = SIZE_MAX;
    if (text[i] == '-') i++;
    d0 = i;
    while (text[i] >= '0' && text[i] <= '9') i++;
    if (i == d0) return -1;
    if (text[i] == '.' || (text[i] == ',' && delim == ';')) {
        sep = i++;
        d0 = i;
        while (text[i] >= '0' && text[i] <= '9') i++;
        if (i == d0) return -1;
    }
    if (text[i] == 'e' || text[i] == 'E') {
        i++;
        if (text[i] == '+' || text[i] == '-') i++;
        d0 = i;
        while (text[i] >= '0' && text[i] <= '9') i++;
        if (i == d0) return -1;
    }
    if (text[i] != '\0') return -1;

    /* strtod only sees the validated text, with a '.' decimal point; in a
     * non-"C" LC_NUMERIC it would stop early, which the end check catches */
    char small[128], *buf = small;
    if (i >= sizeof small && !(buf = malloc(i + 1))) return -1;
    memcpy(buf, text, i + 1);
    if (sep != SIZE_MAX) buf[sep] = '.';
    char *end;
    double v = strtod(buf, &end);
    int ok = end == buf + i && isfinite(v);
    if (buf != small) free(buf);
    if (!ok) return -1;
    if (out) *out = v;
    return 0;
}
