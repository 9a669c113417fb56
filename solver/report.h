/*
 * report.h - internal: what the parts of report.html share.  report_html.c
 * writes the page and its sections; report_map.c its map section,
 * report_agreements.c the agreements and changes.  The
 * plan's figures come from plan.c (pk_plan), the unplaced reasons from
 * reasons.c, the geometry from map.c and the number formats from html.c.
 */
#ifndef PRAKSIS_REPORT_INTERNAL_H
#define PRAKSIS_REPORT_INTERNAL_H

#include "html.h"
#include "map.h"
#include "praksis_report.h"
#include "reasons.h"
#include "result.h"

#include <stdlib.h>

typedef struct rctx {
    const praksis_result *R;
    const problem *P;
    const praksis_instance *I;
    const pk_plan *pl;  /* the plan's figures (plan.c) */
    int NT;             /* periods, at least 1: sp_* arrays are site x NT */
    pk_flow *flows;     /* relocations by campus and site, most students first */
    int n_flows;
    int n_muni;         /* municipalities of the instance ... */
    int *order;         /* ... by students placed, most first, then by name */
    pk_reasons why;     /* why the unplaced students are unplaced */
    pk_numfmt nf;
    int en;             /* English (else Norwegian bokmål) */
    pk_map G;           /* municipality polygons (none: points) */
    int *feat_of;       /* per site: its polygon in G, or -1 */
    int n_drawn;        /* municipalities drawn as polygons */
    long brk[5];        /* upper bounds of the shading classes */
    int n_brk;
    char title[512];
    const struct praksis_explain *ex; /* why this plan, or NULL */
} rctx;

/* The page's text in its language: TR("norsk", "English"), with c in scope. */
#define TR(nb_, en_) (c->en ? (en_) : (nb_))

static inline void *pk_report_calloc(size_t n, size_t sz) { return calloc(n ? n : 1, sz); }

static inline const char *pk_report_kind(const rctx *c, const site *s)
{
    return s->kind == SITE_MUNICIPALITY ? TR("kommune", "municipality") : TR("sykehus", "hospital");
}

/* The municipality polygons: opt->geojson, or the file found by looking
 * (a found file that cannot be read means points instead). */
praksis_error pk_report_load_map(rctx *c, const praksis_report_options *opt, praksis_diag *diag);

/* Up to five shading classes of students per municipality, by quantiles
 * of the municipalities that receive anyone. */
void pk_report_breaks(rctx *c);

/* The map section, with its legend and lists beside it. */
void pk_report_map(FILE *f, rctx *c);

/* report_agreements.c: the agreed placements and minimums met, and the
 * changes from the previous plan (nothing without either). */
void pk_report_agreements(FILE *f, rctx *c);
/* The section on the students of students.csv (report_students.c): placed
 * at home, and those who cannot relocate without a place, with why.
 * Nothing when the instance lists no students. */
void pk_report_students(FILE *f, rctx *c);
/* report_explain.c: the warnings about the data (when there are any), and
 * with an explanation the places worth most, the municipalities left out
 * with their price and where more places would place the unplaced. */
void pk_report_warnings(FILE *f, rctx *c);
void pk_report_explain(FILE *f, rctx *c);

#endif
