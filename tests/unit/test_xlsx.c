/* test_xlsx.c - the workbook reader on small workbooks built here with
 * libzip from hand-written XML: the relationships followed rather than part
 * names assumed, every kind of cell, positions of cells and of missing
 * ones, the shortest exact text of numbers, and the guards. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "xlsx.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

static char path[64];
static praksis_diag dg;

/* Write a zip of n (name, text) entries at path. */
static void make_zip(const char *const *entries, int n)
{
    int err;
    unlink(path);
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    for (int i = 0; i < n; i++) {
        zip_source_t *s = zip_source_buffer(z, entries[2 * i + 1], strlen(entries[2 * i + 1]), 0);
        zip_file_add(z, entries[2 * i], s, ZIP_FL_OVERWRITE);
    }
    zip_close(z);
}

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define PKG_RELS "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"

/* A workbook whose parts have unusual names, reached only through the
 * relationships: main part "book/main.xml", sheets "../tabs/x.xml". */
static void make_book(const char *sheet_xml, const char *sst_xml, const char *styles_xml)
{
    const char *e[] = {
        "_rels/.rels", PKG_RELS "<Relationship Id=\"r1\" Type=\"" REL "officeDocument\" Target=\"book/main.xml\"/></Relationships>",
        "book/main.xml", "<workbook " NS "><sheets><sheet name=\"other\" sheetId=\"2\" r:id=\"rB\"/>"
                         "<sheet name=\"capacity\" sheetId=\"1\" r:id=\"rA\"/></sheets></workbook>",
        "book/_rels/main.xml.rels", PKG_RELS "<Relationship Id=\"rA\" Type=\"" REL "worksheet\" Target=\"../tabs/x.xml\"/>"
                                    "<Relationship Id=\"rB\" Type=\"" REL "worksheet\" Target=\"/tabs/y.xml\"/>"
                                    "<Relationship Id=\"rS\" Type=\"" REL "sharedStrings\" Target=\"strings.xml\"/>"
                                    "<Relationship Id=\"rT\" Type=\"" REL "styles\" Target=\"styles.xml\"/></Relationships>",
        "tabs/x.xml", sheet_xml,
        "tabs/y.xml", "<worksheet " NS "><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>",
        "book/strings.xml", sst_xml,
        "book/styles.xml", styles_xml,
    };
    make_zip(e, 7);
}

static const char *sst =
    "<sst " NS " count=\"5\" uniqueCount=\"5\"><si><t>site</t></si><si><t>places</t></si>"
    "<si><r><t>09</t></r><r><rPr><b/></rPr><t>01</t></r><rPh><t>phonetic</t></rPh></si>"
    "<si><t xml:space=\"preserve\">  Bodø  </t></si><si><t>a_x000D_b_x005F_x</t></si></sst>";
static const char *styles =
    "<styleSheet " NS "><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"[Red]&quot;kr&quot; 0.00\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"yyyy\\-mm\\-dd\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>";

static pk_csv_table *read_sheet(const char *name)
{
    pk_workbook *wb = NULL;
    pk_csv_table *t = NULL;
    memset(&dg, 0, sizeof dg);
    praksis_error rc = pk_workbook_open(path, &wb, &dg);
    if (!rc) {
        int i = pk_workbook_find(wb, name);
        rc = i < 0 ? PRAKSIS_ERR_INPUT : pk_workbook_table(wb, i, &t, &dg);
    }
    pk_workbook_close(wb);
    return rc ? NULL : t;
}

static void test_cells(void)
{
    make_book("<worksheet " NS "><dimension ref=\"A1:XFD1048576\"/><sheetData>"
              "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"s\"><v>1</v></c></row>"
              "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>2</v></c><c r=\"B3\" t=\"s\"><v>3</v></c><c r=\"C3\"><v>301</v></c>"
              "<c r=\"D3\" s=\"2\"><v>0.1</v></c><c r=\"E3\" t=\"s\"><v>4</v></c></row>"
              "<row r=\"4\"><c r=\"A4\" t=\"b\"><v>1</v></c><c r=\"B4\" t=\"e\"><v>#N/A</v></c><c r=\"C4\" s=\"1\"><v>45000</v></c>"
              "<c r=\"D4\"><f>1+1</f></c><c r=\"E4\" t=\"str\"><f>A1</f><v>x</v></c></row>"
              "<row r=\"5\"><c s=\"3\"><v>1</v></c><c><v>1E+20</v></c><c><v>-0</v></c><c><v>123456789012345680000</v></c></row>"
              "<row r=\"6\"><c r=\"B6\" s=\"1\"/></row>"
              "<row r=\"7\"><c r=\"B7\" t=\"inlineStr\"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>"
              "</sheetData></worksheet>",
              sst, styles);
    pk_csv_table *t = read_sheet("capacity");
    CHECK(t != NULL, "a workbook with unusual part names is read through its relationships (%s)", dg.message);
    if (!t) return;
    CHECK(t->n_cols == 3 && !strcmp(t->header[0], "site") && !strcmp(t->header[1], "") &&
              !strcmp(t->header[2], "places"),
          "header from shared strings, a gap as an empty name");
    CHECK(t->n_rows == 4, "rows 3, 4, 5 and 7 kept; the blank formatted row 6 dropped (%ld rows)", t->n_rows);
    CHECK(!strcmp(pk_csv_cell(t, 0, 0), "0901"), "rich text runs joined, phonetic hints left out: \"%s\"",
          pk_csv_cell(t, 0, 0));
    CHECK(!strcmp(pk_csv_cell(t, 0, 1), "Bodø"), "blanks around text trimmed, UTF-8 kept");
    double v = 0;
    CHECK(pk_csv_kind(t, 0, 2, &v) == PK_CELL_NUMBER && v == 301 && !strcmp(pk_csv_cell(t, 0, 2), "301"),
          "a number cell: value 301, text \"301\" without .0");
    CHECK(pk_csv_kind(t, 0, 3, &v) == PK_CELL_NUMBER && v == 0.1 && !strcmp(pk_csv_cell(t, 0, 3), "0.1"),
          "a currency-formatted number is a number, not a date: 0.1 exactly");
    CHECK(!strcmp(pk_csv_cell(t, 0, 4), "a\rb_x"), "_x000D_ and _x005F_ escapes decoded");
    CHECK(pk_csv_kind(t, 1, 0, NULL) == PK_CELL_BOOL && !strcmp(pk_csv_cell(t, 1, 0), "TRUE"), "a boolean");
    CHECK(pk_csv_kind(t, 1, 1, NULL) == PK_CELL_ERROR && !strcmp(pk_csv_cell(t, 1, 1), "#N/A"), "an error value");
    CHECK(pk_csv_kind(t, 1, 2, &v) == PK_CELL_DATE && v == 45000, "built-in date format 14: a date");
    CHECK(pk_csv_kind(t, 1, 3, NULL) == PK_CELL_FORMULA, "a formula without a saved result");
    CHECK(pk_csv_kind(t, 1, 4, NULL) == PK_CELL_TEXT && !strcmp(pk_csv_cell(t, 1, 4), "x"),
          "a string formula: its saved result");
    CHECK(pk_csv_kind(t, 2, 0, NULL) == PK_CELL_DATE, "custom format yyyy-mm-dd: a date");
    CHECK(!strcmp(pk_csv_cell(t, 2, 1), "1e+20") && pk_csv_kind(t, 2, 1, &v) == PK_CELL_NUMBER && v == 1e20,
          "1E+20 read exactly (\"%s\")", pk_csv_cell(t, 2, 1));
    CHECK(!strcmp(pk_csv_cell(t, 2, 2), "0"), "-0 is \"0\"");
    CHECK(!strcmp(pk_csv_cell(t, 2, 3), "1.2345678901234568e+20"), "shortest exact text of a 21-digit number: %s",
          pk_csv_cell(t, 2, 3));
    CHECK(!strcmp(pk_csv_cell(t, 3, 1), "inline"), "an inline string of two runs");
    long line, col;
    pk_csv_pos(t, 0, 2, &line, &col);
    CHECK(line == 3 && col == 3, "cell C3 at row 3, column 3");
    pk_csv_pos(t, 3, 2, &line, &col);
    CHECK(line == 7 && col == 3, "the missing cell C7 still at row 7, column 3 (%ld, %ld)", line, col);
    pk_csv_cell_error(t, 0, 3, &dg, "x");
    char want[128];
    snprintf(want, sizeof want, "%s:capacity!D3", path);
    CHECK(!strcmp(dg.file, want) && dg.line == 0 && dg.column == 0, "errors name BOOK:SHEET!D3 (%s)", dg.file);
    pk_csv_table_free(t);
}

static int fails_with(const char *sheet_xml, const char *part)
{
    make_book(sheet_xml, sst, styles);
    pk_csv_table *t = read_sheet("capacity");
    pk_csv_table_free(t);
    if (!t && !strstr(dg.message, part) && !strstr(dg.file, part)) printf("# %s: %s\n", dg.file, dg.message);
    return !t && (strstr(dg.message, part) || strstr(dg.file, part));
}

static void test_bad_sheets(void)
{
    CHECK(fails_with("<worksheet " NS "><sheetData><row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row></sheetData></worksheet>",
                     "expected a cell reference from A1 to XFD1048576"),
          "a cell beyond column XFD");
    CHECK(fails_with("<worksheet " NS "><sheetData><row r=\"1048577\"><c><v>1</v></c></row></sheetData></worksheet>",
                     "expected a row number"),
          "a row beyond 1048576");
    CHECK(fails_with("<worksheet " NS "><sheetData><row r=\"2\"/><row r=\"1\"/></sheetData></worksheet>",
                     "increasing order"),
          "rows out of order");
    CHECK(fails_with("<worksheet " NS "><sheetData><row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
                     "in order within their row"),
          "cells out of order");
    CHECK(fails_with("<worksheet " NS "><sheetData><row r=\"1\"><c t=\"s\"><v>99</v></c></row></sheetData></worksheet>",
                     "index of a shared string"),
          "a shared-string index past the table");
    CHECK(fails_with("<worksheet " NS "><sheetData><row r=\"1\"><c><v>12abc</v></c></row></sheetData></worksheet>",
                     "a number in a number cell"),
          "a number cell holding text");
    CHECK(fails_with("<worksheet " NS "><sheetData></sheetData></worksheet>", "empty sheet"), "a sheet without rows");
    CHECK(fails_with("<worksheet " NS "><sheetData><row r=\"1\"><c><v>1</v></c></row></sheetData>", "well-formed XML"),
          "XML cut short");
    CHECK(fails_with("<!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                     "<worksheet " NS "><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&b;</t></is></c></row></sheetData></worksheet>",
                     "without a DTD"),
          "a DTD with entities is refused before any entity expands");
    char deep[4096] = "<worksheet " NS "><sheetData>";
    for (int i = 0; i < 70; i++) strcat(deep, "<x>");
    for (int i = 0; i < 70; i++) strcat(deep, "</x>");
    strcat(deep, "</sheetData></worksheet>");
    CHECK(fails_with(deep, "nested at most 64 deep"), "XML nested 72 deep");
}

static void test_not_a_workbook(void)
{
    FILE *f = fopen(path, "w");
    fputs("id,name\n1,x\n", f);
    fclose(f);
    pk_workbook *wb = (pk_workbook *)1;
    praksis_error rc = pk_workbook_open(path, &wb, &dg);
    CHECK(rc == PRAKSIS_ERR_INPUT && wb == NULL && strstr(dg.message, "(a zip archive), found another kind of file"),
          "a CSV file named .xlsx: %s", dg.message);
    const char *e[] = {"hello.txt", "hi"};
    make_zip(e, 1);
    rc = pk_workbook_open(path, &wb, &dg);
    CHECK(rc == PRAKSIS_ERR_INPUT && wb == NULL && strstr(dg.message, "_rels/.rels"), "a zip without a workbook: %s",
          dg.message);
    CHECK(pk_is_workbook_name("a/B.XLSX") && !pk_is_workbook_name("a.xls") && !pk_is_workbook_name(".xlsx"),
          "workbook names end in .xlsx, any case");
}

static void test_refs(void)
{
    char b[64];
    pk_sheet_ref(b, sizeof b, "p.xlsx", "sites", 14, 4);
    CHECK(!strcmp(b, "p.xlsx:sites!D14"), "D14");
    pk_sheet_ref(b, sizeof b, "p.xlsx", "sites", 1, 27);
    CHECK(!strcmp(b, "p.xlsx:sites!AA1"), "column 27 is AA");
    pk_sheet_ref(b, sizeof b, "p.xlsx", "sites", 1048576, 16384);
    CHECK(!strcmp(b, "p.xlsx:sites!XFD1048576"), "the last cell, XFD1048576");
    pk_sheet_ref(b, sizeof b, "p.xlsx", "my plan", 0, 0);
    CHECK(!strcmp(b, "p.xlsx:'my plan'"), "a sheet name with a space is quoted");
}

int main(void)
{
    snprintf(path, sizeof path, "/tmp/praksis-test-xlsx-%ld.xlsx", (long)getpid());
    test_refs();
    test_cells();
    test_bad_sheets();
    test_not_a_workbook();
    unlink(path);
    CHECK_DONE();
}
