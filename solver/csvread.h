/*
 * csvread.h - internal: a whole CSV file read into memory with libcsv, with the
 * source position of every cell so that errors can name FILE:LINE:COLUMN.
 *
 * Rules (from the instance format): UTF-8, optional byte-order mark; a
 * file that is not UTF-8 but is Windows-1252 text is read as Windows-1252
 * (converted to UTF-8; columns in messages stay those of the file); a
 * header row, whose empty cells at the end are dropped; delimiter ',' or ';', whichever occurs more often in the
 * header line (',' on a tie); "\n" or "\r\n" line endings; blank rows (no
 * fields, or every field empty) are skipped; spaces and tabs around
 * unquoted fields are trimmed; quoted fields may hold delimiters, quotes
 * ("") and newlines.  Text that is neither UTF-8 nor Windows-1252, UTF-16,
 * NUL bytes, an unterminated quote and a line longer than CSV_MAX_LINE
 * bytes are errors.
 *
 * A workbook's sheet (xlsx_read.c) is held in the same table, built cell
 * by cell (pk_tb_*): its positions are row and column numbers, its cells
 * carry their kind (text, number, ...), and messages name BOOK:SHEET!A1.
 */
#ifndef PRAKSIS_CSV_H
#define PRAKSIS_CSV_H

#include "praksis.h"

#define CSV_MAX_LINE (1L << 20) /* bytes in one physical line */

/* What a cell holds.  A CSV cell is always text; a workbook cell is what
 * the spreadsheet stored, with its text (a number's shortest exact text,
 * "TRUE"/"FALSE", an error value such as "#N/A", a date's serial number). */
enum { PK_CELL_TEXT = 0, PK_CELL_NUMBER, PK_CELL_BOOL, PK_CELL_DATE, PK_CELL_ERROR, PK_CELL_FORMULA };
/* PK_CELL_FORMULA: a formula saved without its result (its text is ""). */

typedef struct pk_csv_table {
    char *path;     /* as given to pk_csv_read, for messages */
    char *sheet;    /* a workbook's sheet name, or NULL for a CSV file */
    const char *encoding; /* NULL: UTF-8; else the encoding the file was read as ("Windows-1252") */
    char delim;     /* ',' or ';' */
    int n_cols;     /* header fields */
    char **header;  /* n_cols names, trimmed */
    long header_line;
    long n_rows;    /* data rows (blank rows already skipped) */
    int *n_fields;  /* fields actually present in each row (may differ from n_cols) */
    char ***cells;  /* cells[r][f], NUL-terminated, f < n_fields[r] */
    long **line;    /* line[r][f]: 1-based line where the field starts */
    long **col;     /* col[r][f]: 1-based byte column where the field starts */
    long *row_line; /* line where the row starts */
} pk_csv_table;

/* Read a CSV file.  On error returns PRAKSIS_ERR_IO (cannot open/read) or
 * PRAKSIS_ERR_INPUT (malformed) with *diag filled; *out is NULL. */
praksis_error pk_csv_read(const char *path, pk_csv_table **out, praksis_diag *diag);

/* Same, from memory (name used in messages). */
praksis_error pk_csv_read_mem(const char *name, const char *data, size_t len, pk_csv_table **out,
                           praksis_diag *diag);

void pk_csv_table_free(pk_csv_table *t);

/* Index of a header column (exact, case-sensitive match), or -1. */
int pk_csv_column(const pk_csv_table *t, const char *name);

/* Cell text; "" when the row has fewer fields than f. */
const char *pk_csv_cell(const pk_csv_table *t, long r, int f);

/* Position of cell (r, f); for a missing field, the end of the row. */
void pk_csv_pos(const pk_csv_table *t, long r, int f, long *line, long *col);

/* Parse a number: [-]digits[.digits][(e|E)[+|-]digits].  In a ';' file a
 * decimal comma is read like a point.  Thousands separators, spaces inside,
 * a leading '+', '.5', '5.', NaN and infinities are rejected.  Returns 0 on
 * success, -1 if the text is not such a number. */
int pk_csv_parse_number(const char *text, char delim, double *out);

/* Fill *diag for cell (r, f): "FILE:LINE:COL" plus the formatted message. */
void pk_csv_cell_error(const pk_csv_table *t, long r, int f, praksis_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Fill *diag for position (line, col) of t (0: none): FILE:LINE:COL for a
 * CSV file; for a sheet, file "BOOK:SHEET!D14" (or "BOOK:SHEET" when line
 * is 0, column A when col is 0) and no line or column. */
void pk_csv_diag(const pk_csv_table *t, long line, long col, praksis_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "BOOK:SHEET!D14" (or "BOOK:SHEET" when line is 0) in buf. */
void pk_sheet_ref(char *buf, size_t n, const char *book, const char *sheet, long line, long col);

/* The kind of cell (r, f) (PK_CELL_TEXT for CSV cells and missing ones);
 * for a number or date cell *num gets its value (num may be NULL). */
int pk_csv_kind(const pk_csv_table *t, long r, int f, double *num);

/* Tables built cell by cell, for the workbook reader.  Cells are added
 * left to right with their position and kind; pk_tb_end_row keeps the row
 * unless it is blank (every cell empty text).  The first row kept is the
 * header.  Functions returning int give 0, or -1 when out of memory (and
 * pk_tb_finish then says so). */
typedef struct pk_table_builder pk_table_builder;
pk_table_builder *pk_tb_new(void);
int pk_tb_cell(pk_table_builder *tb, const char *s, size_t n, long line, long col, int kind, double num);
int pk_tb_end_row(pk_table_builder *tb, long line);
long pk_tb_rows(const pk_table_builder *tb); /* rows kept so far, header included */
/* The table (path and sheet name it in messages); PRAKSIS_ERR_INPUT when
 * the sheet has no row. */
praksis_error pk_tb_finish(pk_table_builder *tb, const char *path, const char *sheet, pk_csv_table **out,
                           praksis_diag *diag);
void pk_tb_free(pk_table_builder *tb);

/* Rewrite control characters in d->message (bytes below 0x20 and 0x7F,
 * which a quoted cell, a JSON string or a --set argument can carry into a
 * message) as \n, \r, \t or \xHH, so that every diagnostic stays one
 * printable line.  The public entry points of the readers call it on
 * every error they return. */
void pk_diag_escape(praksis_diag *d);

/* s as quoted in a message: whole when shorter than n bytes, else its
 * first bytes (cut at a UTF-8 boundary) and "...", in buf.  A key or id
 * from the user may be megabytes long; quoted before "expected" it would
 * push the rest of the message out of praksis_diag.message. */
const char *pk_diag_clip(const char *s, char *buf, size_t n);

#endif
