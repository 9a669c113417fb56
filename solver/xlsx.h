/*
 * xlsx.h - internal: an instance as one .xlsx workbook.  xlsx_read.c reads
 * a workbook's sheets into the same tables the CSV reader gives (libzip
 * for the container, expat for the XML); xlsx_template.c writes an
 * instance as such a workbook (libxlsxwriter).
 *
 * Reading follows the workbook's own relationships (_rels/.rels ->
 * workbook.xml -> its .rels -> each sheet's part), so no part name is
 * assumed.  Cells may be shared strings, inline strings, numbers,
 * booleans and formulas, whose saved results are used.  A number cell's
 * text is its shortest exact decimal form ("301", not "301.0").  A cell
 * formatted as a date, an error value (#N/A) and a formula saved without
 * its result keep their kind, and the loader refuses them where it needs
 * a value.  Text cells lose blanks around them, as unquoted CSV fields do.
 *
 * What a zip or XML file can do to a reader is bounded, each an input
 * error naming the workbook: XLSX_MAX_ENTRIES entries; XLSX_MAX_PART bytes
 * per part read and XLSX_MAX_TOTAL in all, checked against the declared
 * size before inflating and against the bytes actually inflated while
 * reading; XML nested deeper than XLSX_MAX_DEPTH; any DTD (so no entity
 * can expand: the "billion laughs"); more than XLSX_MAX_STRINGS shared
 * strings; cell references beyond Excel's XFD1048576; more than
 * XLSX_MAX_CELLS cells in one sheet's table.
 */
#ifndef PRAKSIS_XLSX_H
#define PRAKSIS_XLSX_H

#include "csvread.h"

#define XLSX_MAX_ENTRIES 10000
#define XLSX_MAX_PART (64L << 20)
#define XLSX_MAX_TOTAL (256L << 20)
#define XLSX_MAX_DEPTH 64
#define XLSX_MAX_STRINGS 4000000L
#define XLSX_MAX_CELLS 4000000L
#define XLSX_MAX_ROW 1048576L
#define XLSX_MAX_COL 16384L

typedef struct pk_workbook pk_workbook;

/* Open a workbook and read its sheet list, shared strings and styles.
 * A file that is not a zip archive, or a zip without a workbook, is
 * PRAKSIS_ERR_INPUT; one that cannot be opened PRAKSIS_ERR_IO. */
praksis_error pk_workbook_open(const char *path, pk_workbook **out, praksis_diag *diag);
void pk_workbook_close(pk_workbook *wb);

/* The sheets, in workbook order. */
int pk_workbook_sheet_count(const pk_workbook *wb);
const char *pk_workbook_sheet_name(const pk_workbook *wb, int i);

/* Index of the sheet named exactly name, or -1. */
int pk_workbook_find(const pk_workbook *wb, const char *name);

/* Read sheet i as a table (header row first; blank rows dropped).  Errors
 * name BOOK:SHEET!CELL where a cell is to blame. */
praksis_error pk_workbook_table(pk_workbook *wb, int i, pk_csv_table **out, praksis_diag *diag);

/* Whether path names a workbook by its extension (.xlsx, any case). */
int pk_is_workbook_name(const char *path);

#endif
