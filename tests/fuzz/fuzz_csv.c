/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader (solver/csvread.c): the
 * input is one whole file.  A table that was read must be consistent (every
 * cell a string, every position inside the file and in reading order,
 * pk_csv_pos/pk_csv_cell safe for any row and field, the header reachable as row
 * -1), and every cell is also given to the number parser, whose result
 * must be finite and read back the same from its own text.
 */
#define _POSIX_C_SOURCE 200809L
#include "csvread.h"
#include "fuzz.h"

#include <math.h>

static void check_number(const char *s, char delim)
{
    double v;
    if (pk_csv_parse_number(s, delim, &v) != 0) return;
    FUZZ_ASSERT(isfinite(v), "pk_csv_parse_number(\"%s\") gave %g", s, v);
    char buf[64], *p;
    snprintf(buf, sizeof buf, "%.17g", v);
    for (p = buf; *p; p++)
        if (*p == '.' && delim == ';') *p = ',';
    double w;
    if (pk_csv_parse_number(buf, delim, &w) == 0)
        FUZZ_ASSERT(w == v, "\"%s\" -> %.17g -> \"%s\" -> %.17g", s, v, buf, w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pk_csv_table *t = (pk_csv_table *)&t; /* must be overwritten */
    praksis_diag d;
    memset(&d, 0, sizeof d);
    praksis_error rc = pk_csv_read_mem("fuzz.csv", (const char *)data, size, &t, &d);
    if (rc != PRAKSIS_OK) {
        FUZZ_ASSERT(t == NULL, "failed read left a table");
        fuzz_check_diag(rc, &d);
        return 0;
    }
    FUZZ_ASSERT(t && t->n_cols >= 1 && t->n_rows >= 0, "table shape");
    FUZZ_ASSERT(t->delim == ',' || t->delim == ';', "delimiter %d", t->delim);
    long lines = 1;
    for (size_t i = 0; i < size; i++) lines += data[i] == '\n';
    FUZZ_ASSERT(t->header_line >= 1 && t->header_line <= lines, "header line %ld", t->header_line);
    for (int f = 0; f < t->n_cols; f++) {
        FUZZ_ASSERT(t->header[f] && pk_csv_column(t, t->header[f]) >= 0, "header %d", f);
        FUZZ_ASSERT(!t->header[f][0] || !strchr(" \t", t->header[f][0]), "untrimmed header \"%s\"", t->header[f]);
    }
    long prev_line = t->header_line;
    for (long r = -1; r <= t->n_rows; r++) { /* -1: header; n_rows: out of range */
        int nf = r < 0 ? t->n_cols : r < t->n_rows ? t->n_fields[r] : 0;
        if (r >= 0 && r < t->n_rows) {
            FUZZ_ASSERT(nf >= 1, "row %ld has no field", r);
            FUZZ_ASSERT(t->row_line[r] > prev_line, "row %ld at line %ld, not after line %ld", r, t->row_line[r],
                        prev_line);
            prev_line = t->row_line[r];
        }
        long pl = 0, pc = 0;
        for (int f = -1; f <= nf + 1; f++) {
            const char *s = pk_csv_cell(t, r, f);
            FUZZ_ASSERT(s != NULL, "cell (%ld,%d) NULL", r, f);
            long l, c;
            pk_csv_pos(t, r, f, &l, &c);
            if (f < 0 || (r >= t->n_rows)) {
                FUZZ_ASSERT(l == 0 && c == 0 && !*s, "out-of-range cell (%ld,%d) at %ld:%ld", r, f, l, c);
                continue;
            }
            FUZZ_ASSERT(l >= 1 && l <= lines && c >= 1, "cell (%ld,%d) at %ld:%ld", r, f, l, c);
            FUZZ_ASSERT(l > pl || (l == pl && c >= pc), "cell (%ld,%d) at %ld:%ld before %ld:%ld", r, f, l, c, pl,
                        pc);
            if (f <= nf) {
                pl = l;
                pc = c;
            }
            if (f < nf) {
                FUZZ_ASSERT(strlen(s) <= size, "cell longer than the file");
                check_number(s, t->delim);
            }
        }
    }
    praksis_diag e;
    memset(&e, 0, sizeof e);
    pk_csv_cell_error(t, t->n_rows ? 0 : -1, 0, &e, "x: expected %s, found \"%s\"", "a test", pk_csv_cell(t, 0, 0));
    FUZZ_ASSERT(strcmp(e.file, "fuzz.csv") == 0 && e.line >= 1, "pk_csv_cell_error position");
    pk_csv_table_free(t);
    return 0;
}
