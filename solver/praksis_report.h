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

/* plan.xlsx: the plan as a workbook to pass on, in the language of
 * opt->lang ("nb" or "en"; NULL opt: nb).  Sheets: the key figures (as
 * summary.json gives them, with the scenario), all assignments with the
 * names of institution, campus, programme and site, site use, the
 * municipal share per institution and programme, the unplaced students,
 * then one sheet per municipality that takes students and one per campus
 * (named after the municipality and the campus id), each with a title
 * saying what it is and from which plan.  Numbers are numbers, header rows
 * frozen and filtered.  Written to path with a temporary file + rename.
 * PRAKSIS_ERR_USAGE for a language other than nb/en. */
praksis_error praksis_result_write_xlsx(const praksis_result *r, const praksis_report_options *opt, const char *path,
                                        praksis_diag *diag);

/* plan.xlsx as an extra file of praksis_result_write, written with *opt
 * (which must outlive the write; NULL: nb). */
praksis_plan_extra praksis_xlsx_extra(const praksis_report_options *opt);

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

/* sweep.xlsx: sweep.csv's table as a workbook (its columns in its order,
 * one row per scenario, numbers as numbers, headers in opt->lang), made
 * from the sweep's sweep.json (praksis_sweep_json), for a sweep that has
 * run or was read back (praksis_sweep_read).  Written to path with a
 * temporary file + rename. */
praksis_error praksis_sweep_write_xlsx(const praksis_sweep *sw, const praksis_report_options *opt, const char *path,
                                       praksis_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
