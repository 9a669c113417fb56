/*
 * csvread.h - internal: a whole CSV file read into memory with libcsv, with the
 * source position of every cell so that errors can name FILE:LINE:COLUMN.
 *
 * Rules (from the instance format): UTF-8, optional byte-order mark, a
 * header row; delimiter ',' or ';', whichever occurs more often in the
 * header line (',' on a tie); "\n" or "\r\n" line endings; blank rows (no
 * fields, or every field empty) are skipped; spaces and tabs around
 * unquoted fields are trimmed; quoted fields may hold delimiters, quotes
 * ("") and newlines.  Invalid UTF-8, an unterminated quote and a line
 * longer than CSV_MAX_LINE bytes are errors.
 */
#ifndef PRAKSIS_CSV_H
#define PRAKSIS_CSV_H

#include "praksis.h"

#define CSV_MAX_LINE (1L << 20) /* bytes in one physical line */

typedef struct pk_csv_table {
    char *path;     /* as given to pk_csv_read, for messages */
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
