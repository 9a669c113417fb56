/*
 * praksis_report.h - extension: the plan and the sweep as web pages.
 *
 * report.html: the plan as one self-contained web page for the people who
 * use it in meetings (inline CSS, SVG and a small sorting script; nothing
 * is fetched, so it opens offline).  It holds a map of the municipalities
 * shaded by students placed (every municipality's shape carries
 * data-id="<site id>" and a <title> with its name and figures), the
 * municipal share per institution and programme against its target, cost
 * by element and per student-week beside the IS-2956 flat rates for the
 * same municipal weeks, the relocated students from campus to site, the
 * unplaced students per cohort with the reason the data give, and sortable
 * tables of site use and assignments.
 */
#ifndef PRAKSIS_REPORT_H
#define PRAKSIS_REPORT_H

#include "praksis.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct praksis_report_options {
    const char *lang;    /* "nb" (Norwegian bokmål; also when NULL) or "en" */
    const char *geojson; /* municipality polygons: a GeoJSON FeatureCollection whose features have a
                            "kommunenummer" (or "id") property matching the site ids.  NULL: look for
                            shared/data/norway/municipalities-simplified.geojson in the ancestors of the
                            instance directory and of the working directory, and draw points from
                            lat/lon when it is not found.  "": always points.  Municipalities whose id
                            is not in the file are drawn as points. */
    const char *title;   /* the heading; NULL: "Praksisplan: <region of the sites, or the instance
                            directory's name>" */
    const struct praksis_explain *explain; /* why this plan (praksis_explain.h), for its sections: the
                            places worth most, the municipalities left out with their price, where
                            more places would place the unplaced.  NULL: none */
} praksis_report_options;

/* Write the plan as report.html to path (temporary file + rename).  opt
 * may be NULL (Norwegian, polygons looked for).  PRAKSIS_ERR_USAGE for a
 * language other than nb/en; PRAKSIS_ERR_IO or _INPUT when an explicitly
 * given geojson cannot be read or is not a FeatureCollection. */
praksis_error praksis_result_write_html(const praksis_result *r, const praksis_report_options *opt, const char *path,
                                        praksis_diag *diag);

/* report.html as an extra file of praksis_result_write, written with *opt
 * (which must outlive the write). */
praksis_plan_extra praksis_report_extra(const praksis_report_options *opt);

/* sweep.html: one chart per key figure (cost, cost per student-week,
 * relocated students, municipalities used, unplaced students, weeks short
 * of the municipal target) against the varied parameter(s), and the
 * scenario table, for a sweep that has run (praksis_sweep_run) or was read
 * back from its sweep.json (praksis_sweep_read): the page is the same for
 * both.  A grid over a numeric parameter gives lines over the one with the
 * most values, one line per combination of the others; otherwise bars per
 * scenario.  Written to path with a temporary file + rename.  opt: lang
 * and title as above (title NULL: the sweep's description). */
praksis_error praksis_sweep_write_html(const praksis_sweep *sw, const praksis_report_options *opt, const char *path,
                                       praksis_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
