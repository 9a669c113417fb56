/*
 * agreements.c - what a plan is made on top of: placements agreed by hand
 * before any optimisation (fixed.csv), and last year's or the current plan
 * (previous.csv, or an earlier plan's assignments.csv with --previous).
 * The minimum intakes are a column of capacity.csv, read in load.c.
 *
 * Reading follows the instance's rules and messages (load.h): each bad
 * cell is one line naming file, line and column.  What a scenario decides
 * (which cohorts are included, scales, whether minimums count) is applied
 * when a problem is prepared (pk_agreements_prepare, below).
 */
#define _POSIX_C_SOURCE 200809L
#include "load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pk_agreements_free(praksis_instance *I)
{
    free(I->fixed);
    free(I->fixed_path);
    free(I->prev);
    free(I->prev_path);
    I->fixed = NULL;
    I->prev = NULL;
    I->fixed_path = I->prev_path = NULL;
    I->n_fixed = I->n_prev = 0;
}

/* Pairs of small ints as hash keys ("a:b:c"), owned by a list freed at
 * the end: strmap borrows its keys. */
typedef struct keyset {
    strmap map;
    char **keys;
    int n, cap;
} keyset;

static void keyset_free(keyset *K)
{
    for (int i = 0; i < K->n; i++) free(K->keys[i]);
    free(K->keys);
    pk_strmap_free(&K->map);
    memset(K, 0, sizeof *K);
}

/* The value stored for (a, b, c), or -1; with val >= 0, store it when
 * absent.  -2 when out of memory. */
static int keyset_get_put(keyset *K, int a, int b, int c, int val)
{
    char key[48];
    snprintf(key, sizeof key, "%d:%d:%d", a, b, c);
    int old = pk_strmap_get(&K->map, key);
    if (old >= 0 || val < 0) return old;
    if (pk_load_reserve((void **)&K->keys, &K->cap, K->n, sizeof *K->keys) || !(K->keys[K->n] = strdup(key)))
        return -2;
    if (pk_strmap_put(&K->map, K->keys[K->n], val)) return -2;
    K->n++;
    return -1;
}

/* Whether site j can take cohort h at all: a capacity row for its
 * programme and period, or a '*' row for the period (rows: the keys
 * (site, programme or -1, period) of capacity.csv). */
static int has_capacity_row(keyset *rows, int j, const cohort *h)
{
    return keyset_get_put(rows, j, h->programme, h->period, -1) >= 0 || keyset_get_put(rows, j, -1, h->period, -1) >= 0;
}

/* The table as messages and summary.json name it: DIR/fixed.csv, or
 * BOOK:fixed for a workbook's sheet. */
static praksis_error set_path(loader *L, const char *table, char **out)
{
    char path[1024];
    long line = 0;
    L->inst->workbook = pk_source_is_workbook(L->src);
    pk_instance_file(L->inst, table, &line, path, sizeof path);
    return (*out = strdup(path)) ? PRAKSIS_OK : PRAKSIS_ERR_NOMEM;
}

/* One row of fixed.csv: cohort, site, students.  The pair must be one the
 * data allow: an agreement for a site that has no capacity row for the
 * cohort's programme and period is a typo, whatever the scenario. */
static praksis_error fixed_row(loader *L, const pk_csv_table *t, long r, const int *c, keyset *seen, keyset *rows,
                               int *cap)
{
    praksis_instance *I = L->inst;
    int k, j;
    double students;
    praksis_error rc;
    if ((rc = pk_load_lookup(L, t, r, c[0], &L->cohorts, "cohort", "a cohort", "cohorts", &k)) ||
        (rc = pk_load_lookup(L, t, r, c[1], &L->sites, "site", "a site", "sites", &j)) ||
        (rc = pk_load_number(L, t, r, c[2], "students", N_WHOLE_GE1, 0, NULL, &students)))
        return rc;
    const cohort *h = &I->cohorts[k];
    if (!has_capacity_row(rows, j, h)) {
        pk_csv_cell_error(t, r, c[1], L->diag,
                          "site: expected a site with a capacity row for %s in %s (or a '*' row), found \"%s\", which has none",
                          I->programmes[h->programme].id, I->periods[h->period], I->sites[j].id);
        return PRAKSIS_ERR_INPUT;
    }
    int first = keyset_get_put(seen, k, j, 0, I->n_fixed);
    if (first == -2) return PRAKSIS_ERR_NOMEM;
    if (first >= 0) {
        pk_csv_cell_error(t, r, c[0], L->diag, "expected one row per (cohort, site), found (%s, %s) again (first on line %ld)",
                          h->id, I->sites[j].id, I->fixed[first].line);
        return PRAKSIS_ERR_INPUT;
    }
    if (pk_load_reserve((void **)&I->fixed, cap, I->n_fixed, sizeof *I->fixed)) return PRAKSIS_ERR_NOMEM;
    I->fixed[I->n_fixed++] = (fixrow){k, j, (long)students, t->row_line[r]};
    return PRAKSIS_OK;
}

praksis_error pk_load_fixed(loader *L)
{
    static const col_spec spec[] = {{"cohort", 1}, {"site", 1}, {"students", 1}};
    int c[3], cap = 0;
    pk_csv_table *t;
    praksis_error rc = pk_load_open(L, "fixed", 1, &t);
    if (rc || !t) return rc;
    keyset seen = {0}, rows = {0};
    const praksis_instance *I = L->inst;
    if ((rc = set_path(L, "fixed", &L->inst->fixed_path)) || (rc = pk_load_bind(L, t, spec, 3, c))) goto out;
    for (int r = 0; r < I->n_cap; r++)
        if (keyset_get_put(&rows, I->cap[r].site, I->cap[r].programme, I->cap[r].period, r) == -2) {
            rc = PRAKSIS_ERR_NOMEM;
            goto out;
        }
    for (long r = 0; r < t->n_rows && !rc; r++) rc = fixed_row(L, t, r, c, &seen, &rows, &cap);
out:
    keyset_free(&seen);
    keyset_free(&rows);
    pk_csv_table_free(t);
    return rc;
}

/* Add n students to the previous plan's row (site, programme, period):
 * a new row, or (merge) the row already there.  A second row for the
 * same key in previous.csv is an error; an earlier plan's assignments.csv
 * has one per cohort and is summed. */
static praksis_error prev_add(loader *L, const pk_csv_table *t, long r, int col, keyset *seen, int *cap, int j, int p,
                              int pe, long n, int merge)
{
    praksis_instance *I = L->inst;
    int at = keyset_get_put(seen, j, p, pe, I->n_prev);
    if (at == -2) return PRAKSIS_ERR_NOMEM;
    if (at >= 0 && merge) {
        I->prev[at].students += n;
        return PRAKSIS_OK;
    }
    if (at >= 0) {
        pk_csv_cell_error(t, r, col, L->diag, "expected one row per (site, programme%s), found (%s, %s%s%s) again (first on line %ld)",
                          pe >= 0 ? ", period" : "", I->sites[j].id, I->programmes[p].id, pe >= 0 ? ", " : "",
                          pe >= 0 ? I->periods[pe] : "", I->prev[at].line);
        return PRAKSIS_ERR_INPUT;
    }
    if (pk_load_reserve((void **)&I->prev, cap, I->n_prev, sizeof *I->prev)) return PRAKSIS_ERR_NOMEM;
    I->prev[I->n_prev++] = (prevrow){j, p, pe, n, merge ? 0 : t->row_line[r]};
    return PRAKSIS_OK;
}

/* The rows of a previous plan: c[] = site, programme, students, period
 * (period -1: no such column).  merge: sum rows of one key (an earlier
 * plan's assignments.csv) instead of refusing the second. */
static praksis_error prev_rows(loader *L, const pk_csv_table *t, const int *c, int merge)
{
    int cap = 0;
    keyset seen = {0};
    praksis_error rc = PRAKSIS_OK;
    for (long r = 0; r < t->n_rows && !rc; r++) {
        int j, p, pe = -1;
        double n;
        if ((rc = pk_load_lookup(L, t, r, c[0], &L->sites, "site", "a site", "sites", &j)) ||
            (rc = pk_load_lookup(L, t, r, c[1], &L->progs, "programme", "a programme", "programmes", &p)) ||
            (rc = pk_load_number(L, t, r, c[2], "students", N_WHOLE_GE0, 0, NULL, &n)))
            break;
        if (c[3] >= 0 &&
            (rc = pk_load_lookup(L, t, r, c[3], &L->periods, "period", "a period", "cohorts", &pe)))
            break;
        rc = prev_add(L, t, r, c[0], &seen, &cap, j, p, pe, (long)n, merge);
    }
    keyset_free(&seen);
    return rc;
}

praksis_error pk_load_previous(loader *L)
{
    static const col_spec spec[] = {{"site", 1}, {"programme", 1}, {"students", 1}, {"period", 0}};
    int c[4];
    pk_csv_table *t;
    praksis_error rc = pk_load_open(L, "previous", 1, &t);
    if (rc || !t) return rc;
    praksis_instance *I = L->inst;
    if (!(rc = set_path(L, "previous", &I->prev_path)) && !(rc = pk_load_bind(L, t, spec, 4, c))) {
        I->prev_has_period = c[3] >= 0;
        rc = prev_rows(L, t, c, 0);
    }
    pk_csv_table_free(t);
    return rc;
}

/* The id maps of an instance already loaded, for reading a table against it. */
static praksis_error maps_of(const praksis_instance *I, loader *L)
{
    for (int j = 0; j < I->n_sites; j++)
        if (pk_strmap_put(&L->sites, I->sites[j].id, j)) return PRAKSIS_ERR_NOMEM;
    for (int p = 0; p < I->n_programmes; p++)
        if (pk_strmap_put(&L->progs, I->programmes[p].id, p)) return PRAKSIS_ERR_NOMEM;
    for (int t = 0; t < I->n_periods; t++)
        if (pk_strmap_put(&L->periods, I->periods[t], t)) return PRAKSIS_ERR_NOMEM;
    return PRAKSIS_OK;
}

/* An earlier plan's assignments.csv as the previous plan: its students
 * summed per (site, programme, period).  Every id must be one of this
 * instance.  On error the instance keeps the previous plan it had. */
praksis_error praksis_instance_previous_plan(praksis_instance *I, const char *dir, praksis_diag *diag)
{
    if (!I || !dir) return PRAKSIS_ERR_USAGE;
    char path[4096];
    pk_path_join(path, sizeof path, dir, "assignments.csv");
    pk_csv_table *t = NULL;
    praksis_error rc = pk_csv_read(path, &t, diag);
    if (rc) return rc;
    /* read into a scratch instance that shares the ids, then swap */
    praksis_instance tmp = *I;
    tmp.prev = NULL;
    tmp.n_prev = 0;
    loader L = {.inst = &tmp, .diag = diag};
    int c[4] = {pk_csv_column(t, "site"), pk_csv_column(t, "programme"), pk_csv_column(t, "students"),
                pk_csv_column(t, "period")};
    if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[3] < 0) {
        pk_diag_set(diag, path, t->header_line, 0,
                    "expected a plan's assignments.csv with the columns site, programme, period and students, found %s",
                    "another header");
        rc = PRAKSIS_ERR_INPUT;
    }
    if (!rc) rc = maps_of(I, &L);
    if (!rc) rc = prev_rows(&L, t, c, 1);
    char *p = rc ? NULL : strdup(path);
    if (!rc && !p) rc = PRAKSIS_ERR_NOMEM;
    if (!rc) {
        free(I->prev);
        free(I->prev_path);
        I->prev = tmp.prev;
        I->n_prev = tmp.n_prev;
        I->prev_path = p;
        I->prev_has_period = 1;
    } else {
        free(tmp.prev);
        pk_diag_escape(diag);
    }
    pk_strmap_free(&L.sites);
    pk_strmap_free(&L.progs);
    pk_strmap_free(&L.periods);
    pk_csv_table_free(t);
    return rc;
}
