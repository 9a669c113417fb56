/*
 * map.h - internal: map geometry for report.html.  Municipality polygons
 * from a GeoJSON FeatureCollection, an equirectangular projection fitted
 * to a drawing, and polygons written as SVG path data, simplified with
 * Douglas-Peucker in tenths of a pixel so that the national map stays
 * small.  Nothing here knows a plan; the report decides what to draw.
 */
#ifndef PRAKSIS_MAP_H
#define PRAKSIS_MAP_H

#include "internal.h"

typedef struct pk_map_feature {
    const char *id, *name;     /* borrowed from the parsed GeoJSON */
    const struct cJSON *geom;  /* Polygon or MultiPolygon */
    double b[4];               /* lon min, lat min, lon max, lat max */
    int site;                  /* the instance's municipality with this id, or -1 */
} pk_map_feature;

typedef struct pk_map {
    struct cJSON *root;
    pk_map_feature *f;
    int n;
} pk_map;

/* Load municipality polygons: a FeatureCollection whose features carry a
 * "kommunenummer" (or "id") property and a Polygon or MultiPolygon;
 * features are matched to I's municipalities by id.  PRAKSIS_ERR_INPUT
 * when the file is not a FeatureCollection. */
praksis_error pk_map_load(pk_map *G, const char *path, const praksis_instance *I, praksis_diag *diag);
void pk_map_free(pk_map *G);

/* shared/data/norway/municipalities-simplified.geojson in an ancestor of
 * the instance directory or of the working directory: 0 and its path in
 * out, or -1. */
int pk_map_find(const char *instance_dir, char *out, size_t n);

/* Grow bounding box b (lon min, lat min, lon max, lat max) by a point. */
void pk_bbox_add(double b[4], double lon, double lat);

typedef struct pk_proj {
    double lon0, lat1, k, s; /* x = (lon - lon0) k s + pad, y = (lat1 - lat) s + pad */
    double pad, w, h;        /* drawing size in px, padding included */
} pk_proj;

/* Fit the content of bounding box b into at most maxw x maxh pixels, with
 * a margin (wider around points than around polygons) and an aspect kept
 * between 3:4 and 2:1: a row of points is not a map.  b is widened. */
void pk_proj_frame(pk_proj *p, double b[4], int polygons, double maxw, double maxh);

void pk_project(const pk_proj *p, double lon, double lat, double *x, double *y);

/* Write a Polygon or MultiPolygon as an SVG path's d attribute,
 * simplified to tol_px pixels.  Rings smaller than a pixel are dropped,
 * except the feature's largest.  0, or -1 out of memory. */
int pk_map_path(FILE *f, const pk_proj *p, const struct cJSON *geom, double tol_px);

#endif
