/*
 * explain.c - the public side of the explanations (praksis_explain.h): the
 * handle, its parts in turn (sensitivity.c, unused.c, unplaced.c) and the
 * accessors; and the answer for one site on demand.
 */
#define _POSIX_C_SOURCE 200809L
#include "explain.h"

#include <stdlib.h>
#include <string.h>

double pk_now(void);

void praksis_explain_options_init(praksis_explain_options *o)
{
    memset(o, 0, sizeof *o);
    o->exact_rows = 10;
    o->exact_sites = 10;
    o->max_nodes = 2000;
}

const char *praksis_method_string(praksis_method m)
{
    return m == PRAKSIS_METHOD_EXACT ? "exact" : m == PRAKSIS_METHOD_ESTIMATE ? "estimate" : "";
}

void praksis_explain_free(praksis_explain *e)
{
    if (!e) return;
    free(e->rows);
    free(e->rank);
    free(e->sites);
    free(e->unplaced);
    free(e);
}

praksis_error praksis_explain_compute(const praksis_result *r, const praksis_explain_options *o, praksis_explain **out,
                                      praksis_diag *diag)
{
    if (!out) return PRAKSIS_ERR_USAGE;
    *out = NULL;
    if (!r) return PRAKSIS_ERR_USAGE;
    double t0 = pk_now();
    praksis_explain *e = calloc(1, sizeof *e);
    if (!e) return PRAKSIS_ERR_NOMEM;
    e->R = r;
    if (o)
        e->opt = *o;
    else
        praksis_explain_options_init(&e->opt);
    praksis_error rc = pk_explain_rows(e, diag);
    if (!rc) rc = pk_explain_sites(e, diag);
    if (!rc) rc = pk_explain_unplaced(e, diag);
    if (rc) {
        praksis_explain_free(e);
        return rc;
    }
    e->seconds = pk_now() - t0;
    *out = e;
    return PRAKSIS_OK;
}

int praksis_explain_row_count(const praksis_explain *e) { return e ? e->n_rows : 0; }

void praksis_explain_row(const praksis_explain *e, int i, praksis_place_value *out) { *out = e->rows[i]; }

int praksis_explain_site_count(const praksis_explain *e) { return e ? e->n_sites : 0; }

void praksis_explain_site(const praksis_explain *e, int i, praksis_unused_site *out) { *out = e->sites[i]; }

int praksis_explain_unplaced_count(const praksis_explain *e) { return e ? e->n_unplaced : 0; }

void praksis_explain_unplaced(const praksis_explain *e, int i, praksis_unplaced_option *out) { *out = e->unplaced[i]; }

void praksis_explain_stats(const praksis_explain *e, double *seconds, int *resolves, int *exact)
{
    if (seconds) *seconds = e->seconds;
    if (resolves) *resolves = e->resolves;
    if (exact) *exact = e->resolves_exact;
}
