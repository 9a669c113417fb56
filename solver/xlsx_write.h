/*
 * xlsx_write.h - internal: the workbooks the engine writes for people to
 * read and mail (plan.xlsx, sweep.xlsx; libxlsxwriter), in one style.
 *
 * Every sheet stands on its own: a title line saying what it is, a line
 * saying which plan it comes from, an optional note, then one table whose
 * header row is frozen and filtered.  Numbers are written as numbers with
 * a display format (a spreadsheet sums them; the text of a CSV it would
 * have to guess), text as text, column widths from the widest cell.
 * Sheet names are made valid (at most 31 characters, none of []:*?/\, no
 * apostrophe at either end) and unique the way Excel compares them
 * (ignoring case, also of æ, ø, å and the Sámi letters), by the order in
 * which sheets are added: the same plan gives the same names.
 *
 * A workbook is made in the temporary directory, then written to its
 * place under a temporary name and renamed onto it when complete
 * (pk_xlsx_temp, pk_xlsx_commit; the instance template uses the same
 * pair), so a failed write leaves no half workbook and is one diagnostic.
 */
#ifndef PRAKSIS_XLSX_WRITE_H
#define PRAKSIS_XLSX_WRITE_H

#include "internal.h"

#include <xlsxwriter.h>

/* A temporary file in $TMPDIR (or /tmp) for the workbook to be written to
 * path, named into tmp (n bytes). */
praksis_error pk_xlsx_temp(const char *path, char *tmp, size_t n, praksis_diag *diag);

/* Close wb (may be NULL), then copy tmp to path (pk_write_atomic) when rc
 * is PRAKSIS_OK and the close succeeded; tmp is removed either way.
 * Returns rc, or the error of the close or the copy. */
praksis_error pk_xlsx_commit(lxw_workbook *wb, const char *tmp, const char *path, praksis_error rc,
                             praksis_diag *diag);

/* How a column's numbers are shown (they stay numbers). */
typedef enum pk_xfmt {
    PK_XF_TEXT = 0, /* text */
    PK_XF_WHOLE,    /* 1,234 */
    PK_XF_MONEY,    /* 1,234.50 (kroner and øre) */
    PK_XF_WEEKS,    /* up to three decimals */
    PK_XF_KM,       /* one decimal */
    PK_XF_SHARE,    /* 52.5 % of a fraction 0.525 */
    PK_XF_NUMBER,   /* as it is */
    PK_XF_N
} pk_xfmt;

/* A column: its header in bokmål and in English, and its format. */
typedef struct pk_xcol {
    const char *nb, *en;
    pk_xfmt fmt;
} pk_xcol;

typedef struct pk_xbook {
    lxw_workbook *wb;
    char tmp[4096];
    const char *path;
    int en;                        /* English; else bokmål */
    lxw_format *title, *subtitle, *head, *fmt[PK_XF_N];
    char **taken;                  /* the sheet names so far, folded for comparison */
    int n_taken, cap_taken;
    praksis_diag *diag;
} pk_xbook;

/* Start a workbook for path (written to a temporary file until
 * pk_xbook_close).  title: the document's title in its properties. */
praksis_error pk_xbook_open(pk_xbook *b, const char *path, int en, const char *title, praksis_diag *diag);

/* Finish the workbook (rc: the caller's outcome so far; not OK removes the
 * temporary file) and free b's own memory.  Returns the final outcome. */
praksis_error pk_xbook_close(pk_xbook *b, praksis_error rc);

/* "nb" or "en" for the workbook's language. */
const char *pk_xbook_lang(const pk_xbook *b);

/* One sheet being written: its table's columns and where it is. */
typedef struct pk_xsheet {
    pk_xbook *b;
    lxw_worksheet *ws;
    const pk_xcol *cols;
    int n_cols;
    lxw_row_t head;  /* the header row of the first table: frozen and filtered */
    lxw_row_t row;   /* the row being written */
    int filter_cols; /* columns of the first table */
    int closed;      /* a second table has begun: the first one's rows are done */
    lxw_row_t last;  /* its last data row */
    double width[64];
    lxw_error err;   /* the first error of libxlsxwriter */
} pk_xsheet;

/* Add a sheet named after want (made valid and unique), with the title
 * lines (subtitle and note may be NULL) and the header of a table of n
 * columns (n <= 64). */
praksis_error pk_xsheet_begin(pk_xsheet *s, pk_xbook *b, const char *want, const char *title, const char *subtitle,
                              const char *note, const pk_xcol *cols, int n);

/* Cells of the current row; a NULL or empty text leaves the cell empty. */
void pk_xsheet_text(pk_xsheet *s, int col, const char *v);
void pk_xsheet_num(pk_xsheet *s, int col, double v);
/* A number shown in a format other than its column's. */
void pk_xsheet_num_as(pk_xsheet *s, int col, double v, pk_xfmt fmt);
/* End the current row. */
void pk_xsheet_next(pk_xsheet *s);

/* A second table below the first: a blank row, a heading and the header
 * of its columns.  Only the first table is filtered. */
void pk_xsheet_section(pk_xsheet *s, const char *heading, const pk_xcol *cols, int n);

/* Freeze the header, filter the first table, set the column widths. */
praksis_error pk_xsheet_end(pk_xsheet *s);

/* The workbooks are made from the JSON the engine writes (summary.json,
 * sweep.json), so that they show exactly its figures: the item at a
 * dotted path ("cost.total") of o, or NULL. */
struct cJSON;
const struct cJSON *pk_xjson_at(const struct cJSON *o, const char *path);

/* A JSON value in a cell: a number as a number (in the column's format),
 * a string as text, a list of strings as one text joined by commas (a
 * programme list, "SYK,VERN"), anything else nothing. */
void pk_xsheet_json(pk_xsheet *s, int col, const struct cJSON *v);

/* The header or any other text in the workbook's language. */
#define PK_XT(book, nb_text, en_text) ((book)->en ? (en_text) : (nb_text))

/* A whole number or a number with `dec` decimals as the language writes it
 * in a sentence (1 234,5 or 1,234.5), in buf. */
const char *pk_xnum(const pk_xbook *b, double v, int dec, char *buf, size_t n);

#endif
