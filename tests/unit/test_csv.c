/* test_csv.c - the CSV reader: delimiter choice, BOM, CRLF, blank rows,
 * quoting, exact cell positions, error positions, number parsing. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "csvread.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static praksis_diag dg;
static praksis_error rc;

/* Parse a string (name "t.csv"); rc and dg keep the outcome. */
static pk_csv_table *mem(const char *s)
{
    pk_csv_table *t = (pk_csv_table *)1;
    memset(&dg, 0, sizeof dg);
    rc = pk_csv_read_mem("t.csv", s, strlen(s), &t, &dg);
    return t;
}

static pk_csv_table *memn(const char *s, size_t n)
{
    pk_csv_table *t = (pk_csv_table *)1;
    memset(&dg, 0, sizeof dg);
    rc = pk_csv_read_mem("t.csv", s, n, &t, &dg);
    return t;
}

static int at(const pk_csv_table *t, long r, int f, long line, long col)
{
    long l, c;
    pk_csv_pos(t, r, f, &l, &c);
    if (l != line || c != col) printf("# cell (%ld,%d) is at %ld:%ld, want %ld:%ld\n", r, f, l, c, line, col);
    return l == line && c == col;
}

static int err_at(praksis_error want, long line, long col, const char *msg_part)
{
    int ok = rc == want && dg.line == line && dg.column == col && strstr(dg.message, msg_part) &&
             strcmp(dg.file, "t.csv") == 0;
    if (!ok)
        printf("# got rc=%d %s:%ld:%ld: %s\n", (int)rc, dg.file, dg.line, dg.column, dg.message);
    return ok;
}

static void test_delimiter(void)
{
    pk_csv_table *t = mem("a,b,c\n1,2,3\n");
    CHECK(rc == PRAKSIS_OK && t->delim == ',' && t->n_cols == 3, "comma file");
    pk_csv_table_free(t);

    t = mem("a;b;c\n1,5;2;3\n");
    CHECK(rc == PRAKSIS_OK && t->delim == ';' && t->n_cols == 3, "semicolon file");
    CHECK(t && strcmp(pk_csv_cell(t, 0, 0), "1,5") == 0, "a comma is data in a ';' file");
    pk_csv_table_free(t);

    t = mem("a;b,c;d\n");
    CHECK(rc == PRAKSIS_OK && t->delim == ';' && t->n_cols == 3, "more ';' than ',' -> ';'");
    pk_csv_table_free(t);

    t = mem("a,b;c\n");
    CHECK(rc == PRAKSIS_OK && t->delim == ',' && t->n_cols == 2, "tie -> ','");
    pk_csv_table_free(t);

    t = mem("\"x,y,z\";b;c\n1;2;3\n");
    CHECK(rc == PRAKSIS_OK && t->delim == ';', "delimiters inside quotes are not counted");
    CHECK(t && strcmp(t->header[0], "x,y,z") == 0, "quoted header keeps its commas");
    pk_csv_table_free(t);

    t = mem(",,,\n;;\n\na;b,c;d\n1;2;3\n");
    CHECK(rc == PRAKSIS_OK && t->delim == ';' && t->header_line == 4 && t->n_rows == 1,
          "delimiter counted on the header line, not on blank lines before it");
    pk_csv_table_free(t);

    t = mem("a,\"b\nc;d;e\"\n1,2\n");
    CHECK(rc == PRAKSIS_OK && t->delim == ',' && t->n_cols == 2,
          "header record's quoted newline: inner ';' not counted");
    pk_csv_table_free(t);
}

static void test_bom_crlf(void)
{
    pk_csv_table *t = mem("\xEF\xBB\xBFid,name\r\n1,x\r\n");
    CHECK(rc == PRAKSIS_OK && strcmp(t->header[0], "id") == 0, "BOM skipped");
    CHECK(t && at(t, -1, 0, 1, 1) && at(t, -1, 1, 1, 4), "BOM is not a column");
    CHECK(t && strcmp(pk_csv_cell(t, 0, 1), "x") == 0 && strcmp(t->header[1], "name") == 0,
          "CRLF: no CR in last field");
    CHECK(t && at(t, 0, 0, 2, 1) && at(t, 0, 1, 2, 3), "CRLF positions");
    CHECK(t && at(t, 0, 2, 2, 4), "missing field points at the row end (the CR)");
    pk_csv_table_free(t);

    t = mem("\xEF\xBB\xBF  a ,b\n");
    CHECK(rc == PRAKSIS_OK && at(t, -1, 0, 1, 3) && strcmp(t->header[0], "a") == 0,
          "BOM then blanks: column counts bytes after the BOM");
    pk_csv_table_free(t);

    t = mem("a,b\r\n\"x\"\r\n\"p\r\nq\",\"z\"  \r\n");
    CHECK(rc == PRAKSIS_OK && t->n_rows == 2, "CRLF with quoted fields");
    CHECK(t && strcmp(pk_csv_cell(t, 0, 0), "x") == 0, "quoted last field before CRLF");
    CHECK(t && strcmp(pk_csv_cell(t, 1, 0), "p\r\nq") == 0 && strcmp(pk_csv_cell(t, 1, 1), "z") == 0,
          "a quoted CRLF is kept, blanks after a closing quote dropped");
    CHECK(t && at(t, 1, 0, 3, 1) && at(t, 1, 1, 4, 4), "positions across a quoted CRLF");
    pk_csv_table_free(t);

    t = mem("\xEF\xBB\xBF");
    CHECK(rc == PRAKSIS_ERR_INPUT && t == NULL, "a BOM alone is an empty file");
}

static void test_blank_rows(void)
{
    pk_csv_table *t = mem("\n\na,b,c\n\n1,2,3\n,,\n  \n , ,\t\n\"\",\"\"\n4,5,6\n,,,,\n");
    CHECK(rc == PRAKSIS_OK && t->header_line == 3 && t->n_rows == 2, "blank rows skipped (%ld rows)",
          t ? t->n_rows : -1);
    CHECK(t && t->row_line[0] == 5 && t->row_line[1] == 10, "rows keep their own line numbers");
    CHECK(t && strcmp(pk_csv_cell(t, 1, 2), "6") == 0, "row after blanks read");
    pk_csv_table_free(t);

    t = mem("a;b\n;;;\n1;2\n");
    CHECK(rc == PRAKSIS_OK && t->n_rows == 1 && t->row_line[0] == 3, "';;;' row skipped in ';' file");
    pk_csv_table_free(t);

    t = mem("a,b\n,x\n");
    CHECK(rc == PRAKSIS_OK && t->n_rows == 1 && strcmp(pk_csv_cell(t, 0, 0), "") == 0 &&
              strcmp(pk_csv_cell(t, 0, 1), "x") == 0,
          "a row with one non-empty field is kept");
    CHECK(t && at(t, 0, 0, 2, 1) && at(t, 0, 1, 2, 2), "empty field points at its closing delimiter");
    pk_csv_table_free(t);

    t = mem("");
    CHECK(rc == PRAKSIS_ERR_INPUT && t == NULL && strcmp(dg.message, "empty file: expected a header row") == 0,
          "empty file");
    t = mem("\n \n,,,\r\n");
    CHECK(rc == PRAKSIS_ERR_INPUT && strstr(dg.message, "empty file"), "only blank rows -> empty file");
}

static void test_quoting(void)
{
    pk_csv_table *t = mem("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n  p q  ,\" r \",\t s\t\n");
    CHECK(rc == PRAKSIS_OK && t->n_rows == 2, "quoted fields parse");
    CHECK(t && strcmp(pk_csv_cell(t, 0, 0), "x,y") == 0, "delimiter inside quotes");
    CHECK(t && strcmp(pk_csv_cell(t, 0, 1), "say \"hi\"") == 0, "doubled quotes");
    CHECK(t && strcmp(pk_csv_cell(t, 0, 2), "two\nlines") == 0, "newline inside quotes");
    CHECK(t && strcmp(pk_csv_cell(t, 1, 0), "p q") == 0, "unquoted field trimmed, inner space kept");
    CHECK(t && strcmp(pk_csv_cell(t, 1, 1), " r ") == 0, "quoted field keeps its spaces");
    CHECK(t && strcmp(pk_csv_cell(t, 1, 2), "s") == 0, "tabs trimmed");
    CHECK(t && at(t, 1, 0, 4, 3) && at(t, 1, 1, 4, 9) && at(t, 1, 2, 4, 17),
          "positions point past leading blanks");
    pk_csv_table_free(t);

    t = mem(" id ,\" name\t\",\"x\"\n");
    CHECK(rc == PRAKSIS_OK && strcmp(t->header[0], "id") == 0 && strcmp(t->header[1], "name") == 0 &&
              strcmp(t->header[2], "x") == 0,
          "header names trimmed, quoted ones too");
    pk_csv_table_free(t);

    t = mem("a\n\"\"\"\"\n\"\"\"x\"\n");
    CHECK(rc == PRAKSIS_OK && t->n_rows == 2 && strcmp(pk_csv_cell(t, 0, 0), "\"") == 0 &&
              strcmp(pk_csv_cell(t, 1, 0), "\"x") == 0,
          "fields made of escaped quotes");
    pk_csv_table_free(t);
}

static void test_positions(void)
{
    const char *s = "id,note,x\n"
                    "1,\"two\n"
                    "lines\",y\n"
                    "2,z,w\n"
                    "3,\"a\n"
                    "\n"
                    "b\",\"c\n"
                    "d\"\n";
    pk_csv_table *t = mem(s);
    CHECK(rc == PRAKSIS_OK && t->n_rows == 3, "multi-line rows: 3 rows");
    CHECK(t && at(t, 0, 0, 2, 1) && at(t, 0, 1, 2, 3) && at(t, 0, 2, 3, 8),
          "row with a quoted newline: fields on two lines");
    CHECK(t && t->row_line[1] == 4 && at(t, 1, 0, 4, 1) && at(t, 1, 1, 4, 3) && at(t, 1, 2, 4, 5),
          "row after a multi-line quoted field");
    CHECK(t && t->row_line[2] == 5 && at(t, 2, 1, 5, 3) && at(t, 2, 2, 7, 4),
          "quoted blank line counts as a line");
    CHECK(t && strcmp(pk_csv_cell(t, 2, 1), "a\n\nb") == 0, "quoted blank line kept");
    CHECK(t && at(t, 2, 3, 8, 3), "missing field after a multi-line field: row end");
    CHECK(t && t->header_line == 1 && at(t, -1, 2, 1, 9), "header positions (r = -1)");
    pk_csv_table_free(t);

    t = mem("a,b\n1,2");
    CHECK(rc == PRAKSIS_OK && t->n_rows == 1 && strcmp(pk_csv_cell(t, 0, 1), "2") == 0,
          "last line without newline");
    CHECK(t && at(t, 0, 2, 2, 4), "row end at end of file");
    pk_csv_table_free(t);
}

static void test_ragged(void)
{
    pk_csv_table *t = mem("a,b,c\n1\n1,2,3,4,5\n1,2,\n");
    CHECK(rc == PRAKSIS_OK && t->n_rows == 3, "ragged rows kept");
    CHECK(t && t->n_fields[0] == 1 && t->n_fields[1] == 5 && t->n_fields[2] == 3, "n_fields recorded");
    CHECK(t && strcmp(pk_csv_cell(t, 0, 1), "") == 0 && strcmp(pk_csv_cell(t, 0, 2), "") == 0,
          "missing field is \"\"");
    CHECK(t && strcmp(pk_csv_cell(t, 1, 4), "5") == 0 && at(t, 1, 4, 3, 9), "extra field readable");
    CHECK(t && strcmp(pk_csv_cell(t, 2, 2), "") == 0 && at(t, 2, 2, 4, 5), "trailing empty field");
    CHECK(t && at(t, 0, 1, 2, 2) && at(t, 0, 7, 2, 2), "missing fields point at the row end");
    CHECK(t && strcmp(pk_csv_cell(t, 5, 0), "") == 0 && strcmp(pk_csv_cell(t, 0, -1), "") == 0 &&
              strcmp(pk_csv_cell(t, -2, 0), "") == 0,
          "out-of-range cells are \"\"");
    CHECK(t && at(t, 99, 0, 0, 0), "out-of-range row has no position");

    praksis_diag d;
    pk_csv_cell_error(t, 1, 4, &d, "bad value '%s'", pk_csv_cell(t, 1, 4));
    CHECK(strcmp(d.file, "t.csv") == 0 && d.line == 3 && d.column == 9 &&
              strcmp(d.message, "bad value '5'") == 0,
          "pk_csv_cell_error fills file, line, column, message");
    pk_csv_table_free(t);
    pk_csv_table_free(NULL);
    CHECK(1, "pk_csv_table_free(NULL) is safe");
}

static void test_column(void)
{
    pk_csv_table *t = mem("name, id ,Id,capacity\n");
    CHECK(rc == PRAKSIS_OK && t->n_rows == 0, "header only: zero rows");
    CHECK(t && pk_csv_column(t, "id") == 1 && pk_csv_column(t, "Id") == 2 && pk_csv_column(t, "capacity") == 3,
          "pk_csv_column finds trimmed names, case-sensitive");
    CHECK(t && pk_csv_column(t, "ID") == -1 && pk_csv_column(t, "") == -1 && pk_csv_column(NULL, "id") == -1,
          "pk_csv_column misses give -1");
    pk_csv_table_free(t);
}

static void test_errors(void)
{
    pk_csv_table *t = mem("a,b\n1,\"abc\n2,3\n");
    CHECK(t == NULL && err_at(PRAKSIS_ERR_INPUT, 2, 3, "unterminated"), "unterminated quote at its start");

    t = mem("a,b\n1,2\n\n  \"x");
    CHECK(err_at(PRAKSIS_ERR_INPUT, 4, 3, "unterminated"), "unterminated quote on the first field of a row");

    t = mem("a,b\n1,a\"b\n");
    CHECK(t == NULL && err_at(PRAKSIS_ERR_INPUT, 2, 4, "unexpected quote"), "quote inside unquoted field");

    t = mem("a,b\n1,\"ab\"c\n");
    CHECK(err_at(PRAKSIS_ERR_INPUT, 2, 7, "after a closing quote"), "text after closing quote");

    t = mem("a,b\n\"x\n\"y,2\n");
    CHECK(err_at(PRAKSIS_ERR_INPUT, 3, 2, "after a closing quote"), "error position after a quoted newline");

    t = mem("a,b\r1,2\n");
    CHECK(err_at(PRAKSIS_ERR_INPUT, 1, 4, "carriage return"), "lone CR rejected");

    t = mem("a,b\n1,2\n\r3,4\n");
    CHECK(err_at(PRAKSIS_ERR_INPUT, 3, 1, "carriage return"), "lone CR on a blank line rejected");

    t = mem("a,b\n1,2\r");
    CHECK(err_at(PRAKSIS_ERR_INPUT, 2, 4, "carriage return"), "lone CR at end of file rejected");

    t = mem("a,b\n\"x\ry\",\"\r\"\n");
    CHECK(rc == PRAKSIS_OK && t && strcmp(pk_csv_cell(t, 0, 0), "x\ry") == 0 && strcmp(pk_csv_cell(t, 0, 1), "\r") == 0,
          "CR inside quotes is data, also in a row's first field");
    pk_csv_table_free(t);

    t = mem("a,b\n1,\"x\ry\"\n");
    CHECK(rc == PRAKSIS_OK && t && strcmp(pk_csv_cell(t, 0, 1), "x\ry") == 0, "CR inside quotes is data");
    pk_csv_table_free(t);
}

static void test_utf8(void)
{
    pk_csv_table *t = mem("navn,by\nÆsa,Tromsø\n");
    CHECK(rc == PRAKSIS_OK && strcmp(pk_csv_cell(t, 0, 1), "Tromsø") == 0 && t->encoding == NULL,
          "valid UTF-8 accepted as UTF-8");
    pk_csv_table_free(t);

    t = mem("a\n\xF0\x9F\x98\x80,\xE2\x82\xAC\n");
    CHECK(rc == PRAKSIS_OK && t && strcmp(pk_csv_cell(t, 0, 1), "\xE2\x82\xAC") == 0 && at(t, 0, 1, 2, 6) &&
              t->encoding == NULL,
          "4- and 3-byte sequences accepted");
    pk_csv_table_free(t);

    t = memn("a,b\n1,\0\n", 8);
    CHECK(err_at(PRAKSIS_ERR_INPUT, 2, 3, "NUL"), "NUL byte rejected");

    t = mem("\xFF\xFE" "a\n");
    CHECK(err_at(PRAKSIS_ERR_INPUT, 1, 1, "UTF-16 byte-order mark"), "UTF-16 BOM rejected");
    t = memn("\xFE\xFF\0a\0\n", 6);
    CHECK(err_at(PRAKSIS_ERR_INPUT, 1, 1, "UTF-16 byte-order mark"), "big-endian UTF-16 BOM rejected");
    t = memn("i\0d\0\n\0", 6);
    CHECK(err_at(PRAKSIS_ERR_INPUT, 1, 2, "is the file UTF-16"), "UTF-16 without a BOM: its NUL bytes rejected");
}

/* Not UTF-8 but Windows-1252: converted, with columns counted in the
 * file's own bytes (one per character), so positions match the file. */
static void test_cp1252(void)
{
    pk_csv_table *t = mem("navn,by\n\xC6sa,Troms\xF8\n");
    CHECK(rc == PRAKSIS_OK && t && t->encoding && strcmp(t->encoding, "Windows-1252") == 0,
          "Latin-1 letters read as Windows-1252");
    CHECK(t && strcmp(pk_csv_cell(t, 0, 0), "Æsa") == 0 && strcmp(pk_csv_cell(t, 0, 1), "Tromsø") == 0,
          "converted to UTF-8");
    CHECK(t && at(t, 0, 1, 2, 5), "column after a converted letter counts it as one byte, as in the file");
    pk_csv_table_free(t);

    /* bytes 0x80..0x9F are Windows-1252's own: euro sign, quotes, dashes */
    t = mem("a,b\n\x80 5,\x93x\x94 \x96 \x8A\n");
    CHECK(rc == PRAKSIS_OK && t && strcmp(pk_csv_cell(t, 0, 0), "\xE2\x82\xAC 5") == 0 &&
              strcmp(pk_csv_cell(t, 0, 1), "\xE2\x80\x9Cx\xE2\x80\x9D \xE2\x80\x93 \xC5\xA0") == 0,
          "0x80 is the euro sign, 0x93/0x94 quotes, 0x96 a dash, 0x8A S caron");
    pk_csv_table_free(t);

    /* invalid as UTF-8 (a surrogate, an overlong form, a stray continuation,
     * a truncated sequence), so read as Windows-1252, byte by byte */
    t = mem("a\n\xED\xA0\x80\n");
    CHECK(rc == PRAKSIS_OK && t && strcmp(pk_csv_cell(t, 0, 0), "\xC3\xAD\xC2\xA0\xE2\x82\xAC") == 0,
          "a UTF-8 surrogate is not UTF-8: read as three Windows-1252 characters");
    pk_csv_table_free(t);
    t = mem("a,b\n1,\"x\ny\xC0\xAF\"\n");
    CHECK(rc == PRAKSIS_OK && t && strcmp(pk_csv_cell(t, 0, 1), "x\ny\xC3\x80\xC2\xAF") == 0,
          "an overlong form is not UTF-8");
    pk_csv_table_free(t);
    t = mem("a\nxy\xE2\x82");
    CHECK(rc == PRAKSIS_OK && t && strcmp(pk_csv_cell(t, 0, 0), "xy\xC3\xA2\xE2\x80\x9A") == 0,
          "a truncated sequence at the end is not UTF-8");
    pk_csv_table_free(t);

    /* errors after conversion point at the file's own columns */
    t = mem("a,b\n\xE6\xE6,\"x\"y\n");
    CHECK(t == NULL && err_at(PRAKSIS_ERR_INPUT, 2, 7, "closing quote"), "error column after two converted letters");

    /* the five bytes Windows-1252 leaves undefined make it neither */
    const char *undefined = "\x81\x8D\x8F\x90\x9D";
    for (int i = 0; i < 5; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "a\n\xE6x\nb%c\n", undefined[i]);
        t = mem(buf);
        CHECK(t == NULL && err_at(PRAKSIS_ERR_INPUT, 2, 1, "invalid UTF-8 (byte 0xE6)") &&
                  strstr(dg.message, "not Windows-1252 either") && strstr(dg.message, "on line 3"),
              "byte 0x%02X: neither UTF-8 nor Windows-1252, an error naming both", (unsigned char)undefined[i]);
    }

    /* a UTF-8 byte-order mark claims UTF-8: no fallback */
    t = mem("\xEF\xBB\xBF" "ab\xE6,c\n");
    CHECK(t == NULL && err_at(PRAKSIS_ERR_INPUT, 1, 3, "byte-order mark"), "BOM + invalid UTF-8 stays an error");
}

static void test_long_line(void)
{
    size_t max = (size_t)CSV_MAX_LINE, n = 4 + max + 1 + 1;
    char *s = malloc(n + 2);
    memcpy(s, "a,b\n", 4);
    memset(s + 4, 'x', max + 1);
    s[4 + max + 1] = '\n';
    pk_csv_table *t = memn(s, n);
    CHECK(t == NULL && err_at(PRAKSIS_ERR_INPUT, 2, CSV_MAX_LINE + 1, "line longer than 1048576 bytes"),
          "line of 1048577 bytes rejected at 2:1048577");

    s[4 + max] = '\n'; /* exactly CSV_MAX_LINE bytes */
    t = memn(s, 4 + max + 1);
    CHECK(rc == PRAKSIS_OK && t && strlen(pk_csv_cell(t, 0, 0)) == max, "line of exactly 1 MiB accepted");
    pk_csv_table_free(t);

    s[4 + max] = '\r';
    s[4 + max + 1] = '\n';
    t = memn(s, n);
    CHECK(rc == PRAKSIS_OK && t && strlen(pk_csv_cell(t, 0, 0)) == max, "1 MiB line plus CRLF accepted");
    pk_csv_table_free(t);

    s[4 + max] = 'y';
    t = memn(s, 4 + max + 1); /* no newline at the end */
    CHECK(t == NULL && err_at(PRAKSIS_ERR_INPUT, 2, CSV_MAX_LINE + 1, "line longer"),
          "over-long last line without newline");
    free(s);
}

static void test_number(void)
{
    static const struct { const char *s; char delim; double v; } good[] = {
        {"0", ',', 0},        {"42", ',', 42},          {"-7", ',', -7},
        {"9.3", ',', 9.3},    {"9.3", ';', 9.3},        {"9,3", ';', 9.3},
        {"-0,25", ';', -0.25}, {"1e3", ',', 1000},      {"1E+3", ',', 1000},
        {"2.5e-2", ',', 0.025}, {"2,5E2", ';', 250},    {"007", ',', 7},
        {"1,234", ';', 1.234}, {"1.7976931348623157e308", ',', 1.7976931348623157e308},
        {"123456789012345678901234567890", ',', 1.2345678901234568e29},
    };
    static const struct { const char *s; char delim; } bad[] = {
        {"", ','},        {"", ';'},        {"+5", ','},       {".5", ','},      {"5.", ','},
        {",5", ';'},      {"5,", ';'},      {"nan", ','},      {"NaN", ';'},     {"inf", ','},
        {"-inf", ';'},    {"0x10", ','},    {"1e", ','},       {"1e+", ','},     {"1x", ','},
        {"1 234", ','},   {"1 234", ';'},   {"1.234,5", ';'},  {"1,234.5", ';'}, {"1.234.567", ','},
        {"1.234.567", ';'}, {"1,234,567", ';'}, {"9,3", ','},  {" 5", ','},      {"5 ", ','},
        {"-", ','},       {"--5", ','},     {"1e400", ','},    {"-1e400", ';'},  {"1.5e3.2", ','},
        {"1e5e5", ','},   {"\xC2\xA0" "5", ','}, {"5\t", ';'}, {"1_000", ','},   {"1'000", ';'},
    };
    int ok = 1;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v = -1;
        int r = pk_csv_parse_number(good[i].s, good[i].delim, &v);
        if (r != 0 || v != good[i].v) {
            printf("# '%s' (delim %c): r=%d v=%.17g\n", good[i].s, good[i].delim, r, v);
            ok = 0;
        }
    }
    CHECK(ok, "pk_csv_parse_number accepts %zu valid numbers", sizeof good / sizeof good[0]);
    ok = 1;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = 12345;
        int r = pk_csv_parse_number(bad[i].s, bad[i].delim, &v);
        if (r != -1 || v != 12345) {
            printf("# '%s' (delim %c) accepted as %.17g\n", bad[i].s, bad[i].delim, v);
            ok = 0;
        }
    }
    CHECK(ok, "pk_csv_parse_number rejects %zu malformed numbers", sizeof bad / sizeof bad[0]);

    double v = 0;
    CHECK(pk_csv_parse_number("1e-400", ',', &v) == 0 && v == 0, "underflow is finite: accepted as 0");
    CHECK(pk_csv_parse_number(NULL, ',', &v) == -1, "NULL text rejected");

    char longnum[600];
    memset(longnum, '0', sizeof longnum);
    longnum[0] = '1';
    longnum[300] = ',';
    longnum[sizeof longnum - 1] = '\0';
    v = 0;
    CHECK(pk_csv_parse_number(longnum, ';', &v) == 0 && fabs(v / 1e299 - 1) < 1e-12,
          "long number with decimal comma (heap copy)");
}

static void test_file(void)
{
    pk_csv_table *t = (pk_csv_table *)1;
    rc = pk_csv_read("/nonexistent/dir/none.csv", &t, &dg);
    CHECK(rc == PRAKSIS_ERR_IO && t == NULL && strcmp(dg.message, "cannot open: No such file or directory") == 0 &&
              strcmp(dg.file, "/nonexistent/dir/none.csv") == 0,
          "missing file: PRAKSIS_ERR_IO, '%s'", dg.message);

    char path[] = "/tmp/test_csv_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    CHECK(f != NULL, "temp file created");
    if (!f) return;
    fputs("\xEF\xBB\xBFsite;places\r\n\"Bod\xC3\xB8\";12,5\r\n;\r\nTromsø;3\r\n", f);
    fclose(f);
    rc = pk_csv_read(path, &t, &dg);
    CHECK(rc == PRAKSIS_OK && t->delim == ';' && t->n_rows == 2 && strcmp(t->path, path) == 0,
          "pk_csv_read a temp file");
    double v = 0;
    CHECK(t && pk_csv_parse_number(pk_csv_cell(t, 0, 1), t->delim, &v) == 0 && v == 12.5, "decimal comma from file");
    CHECK(t && at(t, 1, 1, 4, 9) && t->row_line[1] == 4, "file positions");
    pk_csv_table_free(t);

    /* an over-long line in a file is caught while reading */
    f = fopen(path, "wb");
    fputs("a,b\n", f);
    static char chunk[1 << 16];
    memset(chunk, 'z', sizeof chunk);
    for (int i = 0; i < 48; i++) fwrite(chunk, 1, sizeof chunk, f); /* 3 MiB line */
    fputs("\n\xFF\n", f);
    fclose(f);
    rc = pk_csv_read(path, &t, &dg);
    CHECK(t == NULL && rc == PRAKSIS_ERR_INPUT && dg.line == 2 && dg.column == CSV_MAX_LINE + 1 &&
              strcmp(dg.file, path) == 0,
          "pk_csv_read: line too long at %ld:%ld", dg.line, dg.column);

    f = fopen(path, "wb");
    fclose(f);
    rc = pk_csv_read(path, &t, &dg);
    CHECK(rc == PRAKSIS_ERR_INPUT && strstr(dg.message, "empty file"), "pk_csv_read: empty file");
    unlink(path);

    rc = pk_csv_read("/tmp", &t, &dg);
    CHECK(rc == PRAKSIS_ERR_IO && t == NULL, "pk_csv_read on a directory: PRAKSIS_ERR_IO (%s)", dg.message);
}

static void test_big(void)
{
    long rows = 200000;
    size_t cap = (size_t)rows * 64 + 64, n = 0;
    char *s = malloc(cap);
    n += (size_t)sprintf(s, "id,site,programme,period,students,weeks\n");
    for (long r = 0; r < rows; r++)
        n += (size_t)sprintf(s + n, "c%ld,site%ld,\"prog, %ld\",P%ld,%ld,%ld.5\n", r, r % 97, r % 7,
                             r % 4, r % 30, r % 10);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pk_csv_table *t = memn(s, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
    CHECK(rc == PRAKSIS_OK && t->n_rows == rows && strcmp(pk_csv_cell(t, rows - 1, 0), "c199999") == 0 &&
              strcmp(pk_csv_cell(t, rows - 1, 2), "prog, 2") == 0 && at(t, rows - 1, 5, rows + 1, 32),
          "200000 rows read in %.3f s", secs);
    pk_csv_table_free(t);
    free(s);
}

int main(void)
{
    test_delimiter();
    test_bom_crlf();
    test_blank_rows();
    test_quoting();
    test_positions();
    test_ragged();
    test_column();
    test_errors();
    test_utf8();
    test_cp1252();
    test_long_line();
    test_number();
    test_file();
    test_big();
    CHECK_DONE();
}
