/*
 * load.h - internal: what the loaders of the optional tables share with
 * load.c.  load.c reads the instance's own tables; the agreed placements
 * and the previous plan (agreements.c) are read with the same rules, the
 * same messages and the same id maps through the calls below.
 */
#ifndef PRAKSIS_LOAD_H
#define PRAKSIS_LOAD_H

#include "csvread.h"
#include "internal.h"
#include "source.h"
#include "strmap.h"

typedef struct col_spec {
    const char *name;
    int required;
} col_spec;

typedef struct loader {
    pk_source *src;
    praksis_instance *inst;
    praksis_warn_fn warn;
    void *user;
    praksis_diag *diag;
    strmap sites, groups, campuses, insts, progs, cohorts, periods, students;
    int period_cap;
} loader;

enum num_kind { N_REAL_GE0, N_REAL_GT0, N_WHOLE_GE0, N_WHOLE_GE1, N_SHARE, N_LAT, N_LON };

/* The instance's table `name` ("fixed": fixed.csv or the sheet fixed;
 * NULL in *t when optional and absent). */
praksis_error pk_load_open(loader *L, const char *name, int optional, pk_csv_table **t);

/* Each spec's column (a missing required one is an error, an unknown one a
 * warning), and every row's fields checked against the header. */
praksis_error pk_load_bind(loader *L, const pk_csv_table *t, const col_spec *spec, int n, int *idx);

/* A non-empty cell; a number of the given kind (blank_ok: an empty cell
 * sets *blank); an id looked up in m (`what` and the table it comes
 * from, "sites", name it). */
praksis_error pk_load_text(loader *L, const pk_csv_table *t, long r, int c, const char *name, const char **out);
praksis_error pk_load_number(loader *L, const pk_csv_table *t, long r, int c, const char *name, enum num_kind kind,
                             int blank_ok, int *blank, double *out);
praksis_error pk_load_lookup(loader *L, const pk_csv_table *t, long r, int c, const strmap *m, const char *name,
                             const char *what, const char *table, int *out);

/* Grow a dynamic array to hold n+1 elements of size sz: 0, or -1 out of memory. */
int pk_load_reserve(void **arr, int *cap, int n, size_t sz);

/* agreements.c: fixed.csv and previous.csv, after the instance's own tables. */
praksis_error pk_load_fixed(loader *L);
praksis_error pk_load_previous(loader *L);
void pk_agreements_free(praksis_instance *I);

#endif
