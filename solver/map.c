/*
 * map.c - map geometry for report.html (see map.h): GeoJSON polygons, the
 * projection and simplified SVG paths.  Paths are in tenths of a pixel,
 * an absolute first point then relative steps, which keeps the national
 * map's page under 2 MB.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "map.h"
#include "strmap.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

void pk_map_free(pk_map *G)
{
    cJSON_Delete(G->root);
    free(G->f);
    memset(G, 0, sizeof *G);
}

void pk_bbox_add(double b[4], double lon, double lat)
{
    if (lon < b[0]) b[0] = lon;
    if (lat < b[1]) b[1] = lat;
    if (lon > b[2]) b[2] = lon;
    if (lat > b[3]) b[3] = lat;
}

typedef void (*ring_fn)(void *user, const cJSON *ring);

static void each_ring(const cJSON *geom, ring_fn fn, void *user)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(geom, "type"), *co = cJSON_GetObjectItemCaseSensitive(geom, "coordinates");
    if (!cJSON_IsString(type) || !cJSON_IsArray(co)) return;
    int multi = strcmp(type->valuestring, "MultiPolygon") == 0;
    if (!multi && strcmp(type->valuestring, "Polygon") != 0) return;
    const cJSON *a;
    cJSON_ArrayForEach(a, co)
    {
        if (!multi) {
            fn(user, a);
            continue;
        }
        const cJSON *ring;
        cJSON_ArrayForEach(ring, a) fn(user, ring);
    }
}

static int lonlat(const cJSON *pt, double *lon, double *lat)
{
    const cJSON *x = cJSON_GetArrayItem(pt, 0), *y = x ? x->next : NULL;
    if (!cJSON_IsNumber(x) || !cJSON_IsNumber(y)) return -1;
    *lon = x->valuedouble;
    *lat = y->valuedouble;
    return 0;
}

static void bbox_ring(void *user, const cJSON *ring)
{
    double *b = user, lon, lat;
    const cJSON *pt;
    cJSON_ArrayForEach(pt, ring)
    {
        if (lonlat(pt, &lon, &lat)) continue;
        if (lon < b[0]) b[0] = lon;
        if (lat < b[1]) b[1] = lat;
        if (lon > b[2]) b[2] = lon;
        if (lat > b[3]) b[3] = lat;
    }
}

praksis_error pk_map_load(pk_map *G, const char *path, const praksis_instance *I, praksis_diag *diag)
{
    memset(G, 0, sizeof *G);
    size_t len;
    praksis_error rc;
    char *text = pk_read_file(path, (size_t)1 << 30, &len, &rc, diag);
    if (!text) return rc;
    G->root = cJSON_ParseWithLength(text, len);
    free(text);
    const cJSON *feats = G->root ? cJSON_GetObjectItemCaseSensitive(G->root, "features") : NULL;
    if (!cJSON_IsArray(feats)) {
        pk_diag_set(diag, path, 0, 0, "expected a GeoJSON FeatureCollection of municipalities");
        pk_map_free(G);
        return PRAKSIS_ERR_INPUT;
    }
    strmap ids = {0};
    for (int j = 0; j < I->n_sites; j++)
        if (I->sites[j].kind == SITE_MUNICIPALITY && pk_strmap_put(&ids, I->sites[j].id, j)) {
            pk_strmap_free(&ids);
            pk_map_free(G);
            return PRAKSIS_ERR_NOMEM;
        }
    int nf = cJSON_GetArraySize(feats);
    G->f = calloc(nf > 0 ? (size_t)nf : 1, sizeof *G->f);
    if (!G->f) {
        pk_strmap_free(&ids);
        pk_map_free(G);
        return PRAKSIS_ERR_NOMEM;
    }
    const cJSON *ft;
    cJSON_ArrayForEach(ft, feats)
    {
        const cJSON *pr = cJSON_GetObjectItemCaseSensitive(ft, "properties");
        cJSON *geom = cJSON_GetObjectItemCaseSensitive(ft, "geometry");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(pr, "kommunenummer");
        if (!cJSON_IsString(id)) id = cJSON_GetObjectItemCaseSensitive(pr, "id");
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(pr, "name");
        if (!cJSON_IsString(name)) name = cJSON_GetObjectItemCaseSensitive(pr, "navn");
        if (!cJSON_IsString(id) || !cJSON_IsObject(geom)) continue;
        pk_map_feature *g = &G->f[G->n];
        g->id = id->valuestring;
        g->name = cJSON_IsString(name) ? name->valuestring : id->valuestring;
        g->geom = geom;
        g->b[0] = g->b[1] = HUGE_VAL;
        g->b[2] = g->b[3] = -HUGE_VAL;
        each_ring(geom, bbox_ring, g->b);
        if (!(g->b[0] <= g->b[2])) continue;
        g->site = pk_strmap_get(&ids, g->id);
        G->n++;
    }
    pk_strmap_free(&ids);
    return PRAKSIS_OK;
}

void pk_project(const pk_proj *p, double lon, double lat, double *x, double *y)
{
    *x = p->pad + (lon - p->lon0) * p->k * p->s;
    *y = p->pad + (p->lat1 - lat) * p->s;
}

/* Equirectangular, x scaled by cos(mean latitude), fitted into maxw x maxh. */
static void proj_fit(pk_proj *p, const double b[4], double maxw, double maxh)
{
    double dlon = b[2] - b[0], dlat = b[3] - b[1];
    if (dlon < 1e-6) dlon = 1e-6;
    if (dlat < 1e-6) dlat = 1e-6;
    p->pad = 8;
    p->lon0 = b[0];
    p->lat1 = b[3];
    p->k = cos((b[1] + b[3]) / 2 * 3.14159265358979323846 / 180);
    double sw = (maxw - 2 * p->pad) / (dlon * p->k), sh = (maxh - 2 * p->pad) / dlat;
    p->s = sw < sh ? sw : sh;
    p->w = ceil(dlon * p->k * p->s + 2 * p->pad);
    p->h = ceil(dlat * p->s + 2 * p->pad);
}

void pk_proj_frame(pk_proj *p, double b[4], int polygons, double maxw, double maxh)
{
    if (!(b[0] <= b[2])) {
        b[0] = b[1] = 0;
        b[2] = b[3] = 1;
    }
    double mx = (b[2] - b[0]) * 0.03 + (polygons ? 0.01 : 0.15), my = (b[3] - b[1]) * 0.03 + (polygons ? 0.01 : 0.1);
    b[0] -= mx;
    b[2] += mx;
    b[1] -= my;
    b[3] += my;
    double kx = cos((b[1] + b[3]) / 2 * 3.14159265358979323846 / 180), pw = (b[2] - b[0]) * kx, ph = b[3] - b[1];
    if (pw < 0.75 * ph) {
        double grow = (0.75 * ph / kx - (b[2] - b[0])) / 2;
        b[0] -= grow;
        b[2] += grow;
    } else if (ph < 0.5 * pw) {
        double grow = (0.5 * pw - ph) / 2;
        b[1] -= grow;
        b[3] += grow;
    }
    proj_fit(p, b, maxw, maxh);
}

/* A path in tenths of a pixel: absolute first point, then relative steps;
 * points closer than `tol` tenths to the last kept point are dropped. */
typedef struct pbuf {
    int *v; /* x, y pairs */
    int n, cap;
} pbuf;

typedef struct ring_ctx {
    const pk_proj *p;
    pbuf *rings;
    int n, cap;
    int fail;
} ring_ctx;

static void collect_ring(void *user, const cJSON *ring)
{
    ring_ctx *rc = user;
    if (rc->fail) return;
    if (rc->n == rc->cap) {
        int nc = rc->cap ? rc->cap * 2 : 8;
        pbuf *nr = realloc(rc->rings, (size_t)nc * sizeof *nr);
        if (!nr) {
            rc->fail = 1;
            return;
        }
        rc->rings = nr;
        rc->cap = nc;
    }
    pbuf *b = &rc->rings[rc->n++];
    memset(b, 0, sizeof *b);
    int npts = cJSON_GetArraySize(ring);
    b->v = malloc((size_t)(npts > 0 ? npts : 1) * 2 * sizeof(int));
    if (!b->v) {
        rc->fail = 1;
        return;
    }
    const cJSON *pt;
    cJSON_ArrayForEach(pt, ring)
    {
        double lon, lat, x, y;
        if (lonlat(pt, &lon, &lat)) continue;
        pk_project(rc->p, lon, lat, &x, &y);
        b->v[2 * b->n] = (int)lround(x * 10);
        b->v[2 * b->n + 1] = (int)lround(y * 10);
        b->n++;
    }
}

static long sq(long v) { return v * v; }

/* Douglas-Peucker on tenths of a pixel: keep[] marks the points to keep. */
static void dp(const int *v, int a, int b, double tol2, char *keep)
{
    while (b > a + 1) {
        double ax = v[2 * a], ay = v[2 * a + 1], dx = v[2 * b] - ax, dy = v[2 * b + 1] - ay;
        double len2 = dx * dx + dy * dy, best = -1;
        int at = -1;
        for (int i = a + 1; i < b; i++) {
            double px = v[2 * i] - ax, py = v[2 * i + 1] - ay, d2;
            if (len2 <= 0) {
                d2 = px * px + py * py;
            } else {
                double cr = px * dy - py * dx;
                d2 = cr * cr / len2;
            }
            if (d2 > best) {
                best = d2;
                at = i;
            }
        }
        if (best <= tol2) return;
        keep[at] = 1;
        dp(v, a, at, tol2, keep);
        a = at;
    }
}

static void put_tenths(FILE *f, int v, int lead_space)
{
    if (lead_space && v >= 0) fputc(' ', f);
    if (v < 0) {
        fputc('-', f);
        v = -v;
    }
    if (v % 10)
        fprintf(f, "%d.%d", v / 10, v % 10);
    else
        fprintf(f, "%d", v / 10);
}

/* The ring with the largest bounding box; rings smaller than a pixel get
 * cap -1 (dropped unless largest). */
static int mark_small_rings(ring_ctx *rc)
{
    long best_area = -1;
    int best = -1;
    for (int r = 0; r < rc->n; r++) {
        pbuf *b = &rc->rings[r];
        if (b->n < 3) continue;
        int x0 = b->v[0], x1 = b->v[0], y0 = b->v[1], y1 = b->v[1];
        for (int i = 1; i < b->n; i++) {
            if (b->v[2 * i] < x0) x0 = b->v[2 * i];
            if (b->v[2 * i] > x1) x1 = b->v[2 * i];
            if (b->v[2 * i + 1] < y0) y0 = b->v[2 * i + 1];
            if (b->v[2 * i + 1] > y1) y1 = b->v[2 * i + 1];
        }
        long area = (long)(x1 - x0 + 1) * (y1 - y0 + 1);
        if (area > best_area) {
            best_area = area;
            best = r;
        }
        b->cap = (x1 - x0 < 12 && y1 - y0 < 12) ? -1 : 0; /* -1: sub-pixel ring */
    }
    return best;
}

/* One closed ring, simplified; a ring that collapses to a sliver is left
 * out unless it is the feature's largest.  0, or -1 out of memory. */
static int write_ring(FILE *f, const pbuf *b, double tol2, int largest)
{
    char *keep = calloc((size_t)b->n, 1);
    if (!keep) return -1;
    /* split the closed ring at its first point and the point farthest from it */
    int far = 0;
    long fd = -1;
    for (int i = 1; i < b->n; i++) {
        long d = sq(b->v[2 * i] - b->v[0]) + sq(b->v[2 * i + 1] - b->v[1]);
        if (d > fd) {
            fd = d;
            far = i;
        }
    }
    keep[0] = keep[far] = keep[b->n - 1] = 1;
    dp(b->v, 0, far, tol2, keep);
    dp(b->v, far, b->n - 1, tol2, keep);
    int kept = 0;
    for (int i = 0; i < b->n; i++) kept += keep[i];
    if (kept - 1 < 3 && !largest) { /* collapsed to a sliver */
        free(keep);
        return 0;
    }
    int lx = b->v[0], ly = b->v[1];
    fputc('M', f);
    put_tenths(f, lx, 0);
    put_tenths(f, ly, 1);
    fputc('l', f);
    int first = 1;
    for (int i = 1; i < b->n - 1; i++) { /* the last point repeats the first: 'z' closes */
        if (!keep[i]) continue;
        int dx = b->v[2 * i] - lx, dy = b->v[2 * i + 1] - ly;
        if (!dx && !dy) continue;
        put_tenths(f, dx, !first);
        put_tenths(f, dy, 1);
        first = 0;
        lx = b->v[2 * i];
        ly = b->v[2 * i + 1];
    }
    if (first) fputs("0 0", f);
    fputc('z', f);
    free(keep);
    return 0;
}

int pk_map_path(FILE *f, const pk_proj *p, const cJSON *geom, double tol_px)
{
    ring_ctx rc = {.p = p};
    each_ring(geom, collect_ring, &rc);
    int ok = !rc.fail;
    int best = ok ? mark_small_rings(&rc) : -1;
    double tol2 = (tol_px * 10) * (tol_px * 10);
    for (int r = 0; ok && r < rc.n; r++) {
        const pbuf *b = &rc.rings[r];
        if (b->n < 3 || (b->cap < 0 && r != best)) continue;
        if (write_ring(f, b, tol2, r == best)) ok = 0;
    }
    for (int r = 0; r < rc.n; r++) free(rc.rings[r].v);
    free(rc.rings);
    return ok ? 0 : -1;
}

int pk_map_find(const char *instance_dir, char *out, size_t n)
{
    static const char rel[] = "shared/data/norway/municipalities-simplified.geojson";
    const char *starts[2] = {instance_dir, "."};
    for (int s = 0; s < 2; s++) {
        if (!starts[s]) continue;
        char base[PATH_MAX];
        if (!realpath(starts[s], base)) continue;
        for (int up = 0; up < 6; up++) {
            snprintf(out, n, "%s/%s", strcmp(base, "/") ? base : "", rel);
            if (pk_file_exists(out)) return 0;
            char *slash = strrchr(base, '/');
            if (!slash || slash == base) {
                if (!strcmp(base, "/")) break;
                strcpy(base, "/");
                continue;
            }
            *slash = 0;
        }
    }
    out[0] = 0;
    return -1;
}

