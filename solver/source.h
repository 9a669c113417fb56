/*
 * source.h - internal: where an instance's tables come from.  A source is
 * a directory of CSV files (DIR/sites.csv, ...) or one .xlsx workbook with
 * a sheet per table (sites, ...); either way a table is opened by its name
 * and arrives as the same pk_csv_table, so the loaders (load.c) and the
 * template writer (xlsx_template.c) never ask which it is.
 */
#ifndef PRAKSIS_SOURCE_H
#define PRAKSIS_SOURCE_H

#include "csvread.h"

typedef struct pk_source pk_source;

/* Open path: a directory, or a file named .xlsx that must be a workbook.
 * warn (may be NULL) later gets the source's warnings: a CSV file read as
 * Windows-1252, a sheet that is no table.  Anything else is an error. */
praksis_error pk_source_open(const char *path, praksis_warn_fn warn, void *user, pk_source **out, praksis_diag *diag);
void pk_source_close(pk_source *src);

int pk_source_is_workbook(const pk_source *src);

/* How messages name table `name` in this source, in buf: "sites.csv" or
 * "sheet sites".  Returns buf. */
const char *pk_source_label(const pk_source *src, const char *name, char *buf, size_t n);

/* Open table `name` ("sites", ..., "scenario" for a workbook's scenario
 * sheet): DIR/name.csv or the sheet `name`.  Absent: *t NULL and PRAKSIS_OK when optional, else an error
 * naming the file or the sheet (with a hint for a sheet named in another
 * case). */
praksis_error pk_source_table(pk_source *src, const char *name, int optional, pk_csv_table **t, praksis_diag *diag);

#endif
