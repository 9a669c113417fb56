/*
 * report_map.c - report.html's map section: the municipalities shaded by
 * the students each takes (polygons from map.c, or points from lat/lon),
 * the largest relocation flows, hospitals and campuses, labels that do not
 * overlap, the legend, the busiest municipalities and those that receive
 * nobody.
 */
#define _XOPEN_SOURCE 700 /* PATH_MAX */
#include "report.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The municipality polygons: the file given, or the one found by looking
 * (then a file that cannot be read means points instead). */
praksis_error pk_report_load_map(rctx *c, const praksis_report_options *opt, praksis_diag *diag)
{
    const praksis_instance *I = c->I;
    c->feat_of = pk_report_calloc((size_t)I->n_sites, sizeof *c->feat_of);
    if (!c->feat_of) return PRAKSIS_ERR_NOMEM;
    for (int j = 0; j < I->n_sites; j++) c->feat_of[j] = -1;
    char gpath[PATH_MAX + 64];
    const char *gp = opt->geojson;
    if (!gp) gp = pk_map_find(I->dir, gpath, sizeof gpath) == 0 ? gpath : "";
    if (!*gp) return PRAKSIS_OK;
    praksis_error rc = pk_map_load(&c->G, gp, I, diag);
    if (rc) return opt->geojson ? rc : PRAKSIS_OK;
    for (int i = 0; i < c->G.n; i++)
        if (c->G.f[i].site >= 0 && c->feat_of[c->G.f[i].site] < 0) {
            c->feat_of[c->G.f[i].site] = i;
            c->n_drawn++;
        }
    return PRAKSIS_OK;
}

static const char *const shade[5] = {"#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"};

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

/* Up to five classes of students per municipality, by quantiles of the
 * municipalities that received anyone. */
void pk_report_breaks(rctx *c)
{
    const pk_plan *pl = c->pl;
    long *v = pk_report_calloc((size_t)c->n_muni, sizeof *v);
    int n = 0;
    c->n_brk = 0;
    if (!v) return;
    for (int i = 0; i < c->n_muni; i++)
        if (pl->site_students[c->order[i]] > 0) v[n++] = pl->site_students[c->order[i]];
    qsort(v, (size_t)n, sizeof *v, cmp_long);
    int distinct = 0;
    for (int i = 0; i < n; i++) distinct += i == 0 || v[i] != v[i - 1];
    int k = distinct < 5 ? distinct : 5;
    for (int i = 0; i < k; i++) {
        long b = v[(int)ceil((double)(i + 1) * n / k) - 1];
        if (c->n_brk == 0 || b > c->brk[c->n_brk - 1]) c->brk[c->n_brk++] = b;
    }
    free(v);
}

static int shade_class(const rctx *c, long students)
{
    if (students <= 0) return 0;
    for (int i = 0; i < c->n_brk; i++)
        if (students <= c->brk[i]) return i + 1;
    return c->n_brk;
}

/* colour of class i (1-based) spread over the palette */
static const char *class_colour(const rctx *c, int i)
{
    if (c->n_brk <= 1) return shade[2];
    int at = (int)lround((double)(i - 1) * 4.0 / (c->n_brk - 1));
    return shade[at];
}

static void site_title(FILE *f, rctx *c, int j)
{
    const site *s = &c->I->sites[j];
    const pk_plan *pl = c->pl;
    pk_numfmt *nf = &c->nf;
    pk_escf(f, "%s (%s)\n", s->name, s->id);
    if (!pl->site_students[j]) {
        pk_esc(f, TR("ingen studenter", "no students"));
        return;
    }
    pk_escf(f, TR("%s studenter, %s studentuker", "%s students, %s student-weeks"), pk_num(nf, (double)pl->site_students[j], 0),
         pk_wk(nf, pl->site_weeks[j]));
    if (pl->site_relocated[j])
        pk_escf(f, c->pl->fig.listed_students
                       ? TR("\n%s av dem flytter hit (over %s km fra campus og hjem)",
                            "\n%s of them relocate here (over %s km from campus and home)")
                       : TR("\n%s av dem flytter hit (over %s km fra campus)", "\n%s of them relocate here (over %s km from campus)"),
             pk_num(nf, (double)pl->site_relocated[j], 0), pk_num(nf, c->P->set.commute_km, 0));
    if (pl->site_home[j])
        pk_escf(f, TR("\n%s av dem bor her (hjemkommunen)", "\n%s of them live here (their home municipality)"),
             pk_num(nf, (double)pl->site_home[j], 0));
    if (c->I->n_periods > 1) {
        fputc('\n', f);
        int first = 1;
        for (int t = 0; t < c->I->n_periods; t++) {
            long v = pl->sp_students[(size_t)j * (size_t)c->NT + (size_t)t];
            pk_escf(f, "%s%s: %s", first ? "" : " · ", c->I->periods[t], pk_num(nf, (double)v, 0));
            first = 0;
        }
    }
    if (s->kind == SITE_MUNICIPALITY && s->group >= 0 && strcmp(c->I->groups[s->group].id, s->id) != 0)
        pk_escf(f, TR("\nkoordinatorgruppe %s", "\ncoordinator group %s"), c->I->groups[s->group].id);
}

/* Labels that would overlap one already placed are left out. */
typedef struct lbox {
    double x0, y0, x1, y1;
} lbox;

static int place_label(lbox *boxes, int *n, int max, double x0, double y0, double x1, double y1)
{
    for (int i = 0; i < *n; i++)
        if (x0 < boxes[i].x1 && boxes[i].x0 < x1 && y0 < boxes[i].y1 && boxes[i].y0 < y1) return 0;
    if (*n < max) boxes[(*n)++] = (lbox){x0, y0, x1, y1};
    return 1;
}

#define MAX_FLOWS 40 /* relocation flows drawn on the map: the largest */

/* The frame: every municipality's shape or point and every campus, fitted
 * into the drawing. */
static void map_frame(const rctx *c, pk_proj *p, double b[4])
{
    const praksis_instance *I = c->I;
    b[0] = b[1] = HUGE_VAL;
    b[2] = b[3] = -HUGE_VAL;
    for (int j = 0; j < I->n_sites; j++) {
        if (c->feat_of[j] >= 0) {
            const pk_map_feature *g = &c->G.f[c->feat_of[j]];
            pk_bbox_add(b, g->b[0], g->b[1]);
            pk_bbox_add(b, g->b[2], g->b[3]);
        } else {
            pk_bbox_add(b, I->sites[j].lon, I->sites[j].lat);
        }
    }
    for (int k = 0; k < I->n_campuses; k++) pk_bbox_add(b, I->campuses[k].lon, I->campuses[k].lat);
    pk_proj_frame(p, b, c->n_drawn > 0, 820, 900);
}

/* The <svg> element, its hatching and shading classes and its background. */
static void map_open(FILE *f, const rctx *c, const pk_proj *p)
{
    fprintf(f, "<svg id=\"kart\" viewBox=\"0 0 %.0f %.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"", p->w, p->h,
            p->w, p->h);
    pk_esc(f, TR("Kart over kommunene", "Map of the municipalities"));
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\">\n<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" "
          "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f6f1e7\"/>"
          "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#cdbfa6\" stroke-width=\"2.2\"/></pattern></defs>\n<style>.c0{fill:url(#hatch)}",
          f);
    for (int i = 1; i <= c->n_brk; i++) fprintf(f, ".c%d{fill:%s}", i, class_colour(c, i));
    fprintf(f, ".pt{stroke:#1d2733;stroke-width:.8}</style>\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"%s\"/>\n", p->w, p->h,
            c->n_drawn ? "#e4eef5" : "#f7f8fa");
}

/* Neighbours for context, then the instance's municipalities, one shape or
 * point each with its data-id and figures. */
static void map_areas(FILE *f, rctx *c, const pk_proj *p, const double b[4])
{
    const praksis_instance *I = c->I;
    const pk_plan *pl = c->pl;
    /* neighbours for context: no data-id, no figures */
    for (int i = 0; i < c->G.n; i++) {
        const pk_map_feature *g = &c->G.f[i];
        if (!c->n_drawn || g->site >= 0 || g->b[2] < b[0] || g->b[0] > b[2] || g->b[3] < b[1] || g->b[1] > b[3]) continue;
        fputs("<path class=\"ctx\" d=\"", f);
        pk_map_path(f, p, g->geom, 0.45);
        fputs("\"><title>", f);
        pk_esc(f, g->name);
        fputs("</title></path>\n", f);
    }
    /* the instance's municipalities: one shape each, with data-id */
    for (int j = 0; j < I->n_sites; j++) {
        if (c->feat_of[j] < 0) continue;
        fprintf(f, "<path class=\"m c%d\" data-id=\"", shade_class(c, pl->site_students[j]));
        pk_esc(f, I->sites[j].id);
        fputs("\" d=\"", f);
        pk_map_path(f, p, c->G.f[c->feat_of[j]].geom, 0.45);
        fputs("\"><title>", f);
        site_title(f, c, j);
        fputs("</title></path>\n", f);
    }
    for (int j = 0; j < I->n_sites; j++) {
        if (c->feat_of[j] >= 0 || I->sites[j].kind != SITE_MUNICIPALITY) continue;
        double x, y;
        pk_project(p, I->sites[j].lon, I->sites[j].lat, &x, &y);
        fprintf(f, "<circle class=\"m pt c%d\" data-id=\"", shade_class(c, pl->site_students[j]));
        pk_esc(f, I->sites[j].id);
        fprintf(f, "\" cx=\"%.1f\" cy=\"%.1f\" r=\"9\"><title>", x, y);
        site_title(f, c, j);
        fputs("</title></circle>\n", f);
    }
}

/* The largest relocation flows, campus to site, as arcs. */
static void map_flows(FILE *f, rctx *c, const pk_proj *p)
{
    const praksis_instance *I = c->I;
    pk_numfmt *nf = &c->nf;
    long maxflow = 1;
    for (int i = 0; i < c->n_flows; i++)
        if (c->flows[i].students > maxflow) maxflow = c->flows[i].students;
    int nflows = c->n_flows < MAX_FLOWS ? c->n_flows : MAX_FLOWS; /* flows are sorted, largest first */
    for (int i = nflows - 1; i >= 0; i--) { /* thick ones on top */
        const pk_flow *fl = &c->flows[i];
        const campus *k = &I->campuses[fl->campus];
        const site *s = &I->sites[fl->site];
        double x1, y1, x2, y2;
        pk_project(p, k->lon, k->lat, &x1, &y1);
        pk_project(p, s->lon, s->lat, &x2, &y2);
        double dx = x2 - x1, dy = y2 - y1, cx = (x1 + x2) / 2 - dy * 0.18, cy = (y1 + y2) / 2 + dx * 0.18;
        fprintf(f, "<path class=\"flow\" d=\"M%.1f %.1fQ%.1f %.1f %.1f %.1f\" stroke-width=\"%.1f\"><title>", x1, y1, cx, cy, x2,
                y2, 1.2 + 5.5 * sqrt((double)fl->students / (double)maxflow));
        pk_escf(f, TR("%s → %s: %s studenter flytter (%s km)", "%s → %s: %s students relocate (%s km)"), k->name, s->name,
             pk_num(nf, (double)fl->students, 0), pk_num(nf, fl->km, 0));
        fputs("</title></path>\n", f);
    }
}

/* Hospitals (moved aside when they sit on a campus) and campuses. */
static void map_markers(FILE *f, rctx *c, const pk_proj *p)
{
    const praksis_instance *I = c->I;
    const pk_plan *pl = c->pl;
    pk_numfmt *nf = &c->nf;
    for (int j = 0; j < I->n_sites; j++) {
        if (I->sites[j].kind != SITE_HOSPITAL) continue;
        double x, y;
        pk_project(p, I->sites[j].lon, I->sites[j].lat, &x, &y);
        for (int k = 0; k < I->n_campuses; k++) {
            double cx, cy;
            pk_project(p, I->campuses[k].lon, I->campuses[k].lat, &cx, &cy);
            if (fabs(cx - x) < 11 && fabs(cy - y) < 11) {
                x += 9;
                y += 11;
                break;
            }
        }
        fputs("<g class=\"hosp\"><title>", f);
        site_title(f, c, j);
        fprintf(f, "</title><rect x=\"%.1f\" y=\"%.1f\" width=\"13\" height=\"13\" rx=\"2.5\" fill=\"#d1495b\" stroke=\"#fff\" "
                   "stroke-width=\"1.2\"/><path d=\"M%.1f %.1fh7M%.1f %.1fv7\" stroke=\"#fff\" stroke-width=\"2.2\"/></g>\n",
                x - 6.5, y - 6.5, x - 3.5, y, x, y - 3.5);
    }
    /* campuses */
    for (int k = 0; k < I->n_campuses; k++) {
        const campus *cp = &I->campuses[k];
        double x, y;
        pk_project(p, cp->lon, cp->lat, &x, &y);
        fputs("<g class=\"campus\"><title>", f);
        pk_escf(f, TR("%s (%s), %s\n%s studenter i praksis, %s av dem flytter", "%s (%s), %s\n%s students placed, %s of them relocate"),
             cp->name, cp->id, cp->institution, pk_num(nf, (double)pl->campus_students[k], 0), pk_num(nf, (double)pl->campus_relocated[k], 0));
        fprintf(f, "</title><circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"#1d2733\" stroke=\"#fff\" stroke-width=\"2.2\"/>"
                   "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.4\" fill=\"#fff\"/></g>\n",
                x, y, x, y);
    }
}

/* A house drawn round (0, 0), for a municipality that takes students who
 * live there. */
#define HOME_GLYPH "M-5.5 5v-5.5l5.5-4.5 5.5 4.5v5.5z"

/* The municipalities where students are placed at home: a house on each
 * (its title says how many). */
static void map_homes(FILE *f, rctx *c, const pk_proj *p)
{
    const praksis_instance *I = c->I;
    for (int j = 0; j < I->n_sites; j++) {
        if (!c->pl->site_home[j]) continue;
        double x, y;
        pk_project(p, I->sites[j].lon, I->sites[j].lat, &x, &y);
        fprintf(f, "<g class=\"home\" data-home=\"%ld\"><title>", c->pl->site_home[j]);
        site_title(f, c, j);
        fprintf(f, "</title><path d=\"" HOME_GLYPH "\" fill=\"#fff\" stroke=\"#1d2733\" stroke-width=\"1.6\" "
                   "transform=\"translate(%.1f %.1f)\"/></g>\n",
                x + 8, y - 8);
    }
}

/* Labels: campuses (most students first), then the busiest municipalities;
 * one that would overlap a label already placed is left out. */
static void map_labels(FILE *f, const rctx *c, const pk_proj *p)
{
    const praksis_instance *I = c->I;
    const pk_plan *pl = c->pl;
    lbox boxes[160];
    int nb = 0;
    int *corder = pk_report_calloc((size_t)I->n_campuses, sizeof *corder);
    for (int k = 0; corder && k < I->n_campuses; k++) {
        int at = k;
        while (at > 0 && pl->campus_students[corder[at - 1]] < pl->campus_students[k]) {
            corder[at] = corder[at - 1];
            at--;
        }
        corder[at] = k;
    }
    for (int i = 0; corder && i < I->n_campuses; i++) {
        const campus *cp = &I->campuses[corder[i]];
        double x, y, w = 7.6 * (double)strlen(cp->name);
        pk_project(p, cp->lon, cp->lat, &x, &y);
        int left = x + 14 + w > p->w;
        double x0 = left ? x - 11 - w : x + 11;
        if (!place_label(boxes, &nb, 160, x0, y - 18, x0 + w, y - 2)) continue;
        fprintf(f, "<text class=\"lbl camp\" x=\"%.1f\" y=\"%.1f\"%s>", left ? x - 11 : x + 11, y - 6,
                left ? " text-anchor=\"end\"" : "");
        pk_esc(f, cp->name);
        fputs("</text>\n", f);
    }
    free(corder);
    int nlab = c->n_drawn ? 8 : 30, labelled = 0;
    for (int i = 0; i < c->n_muni && labelled < nlab; i++) {
        int j = c->order[i];
        if (!pl->site_students[j] && c->n_drawn) break;
        double x, y, w = 6.6 * (double)strlen(I->sites[j].name);
        pk_project(p, I->sites[j].lon, I->sites[j].lat, &x, &y);
        double ty = c->n_drawn ? y + 4 : y + 22;
        if (!place_label(boxes, &nb, 160, x - w / 2, ty - 11, x + w / 2, ty + 3)) continue;
        fprintf(f, "<text class=\"lbl\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x, ty);
        pk_esc(f, I->sites[j].name);
        fputs("</text>\n", f);
        labelled++;
    }
}

/* The legend: the shading classes, no students, campus, hospital and relocation. */
static void map_legend(FILE *f, rctx *c)
{
    pk_numfmt *nf = &c->nf;
    fputs("<h3>", f);
    pk_esc(f, TR("Studenter per kommune", "Students per municipality"));
    fputs("</h3>\n<div class=\"legend\">\n", f);
    for (int i = 1; i <= c->n_brk; i++) {
        long lo = i == 1 ? 1 : c->brk[i - 2] + 1, hi = c->brk[i - 1];
        fprintf(f, "<svg width=\"20\" height=\"14\"><rect width=\"20\" height=\"14\" rx=\"2\" fill=\"%s\"/></svg><span>",
                class_colour(c, i));
        if (lo == hi)
            pk_esc(f, pk_num(nf, (double)lo, 0));
        else
            pk_escf(f, "%s–%s", pk_num(nf, (double)lo, 0), pk_num(nf, (double)hi, 0));
        fputs("</span>\n", f);
    }
    fputs("<svg width=\"20\" height=\"14\"><defs><pattern id=\"hatchl\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f6f1e7\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" "
          "stroke=\"#cdbfa6\" stroke-width=\"2.2\"/></pattern></defs><rect width=\"20\" height=\"14\" rx=\"2\" fill=\"url(#hatchl)\" "
          "stroke=\"#cdbfa6\"/></svg><span>",
          f);
    pk_esc(f, TR("ingen studenter", "no students"));
    fputs("</span>\n<svg width=\"20\" height=\"16\"><circle cx=\"10\" cy=\"8\" r=\"6\" fill=\"#1d2733\" stroke=\"#fff\" "
          "stroke-width=\"2\"/><circle cx=\"10\" cy=\"8\" r=\"2\" fill=\"#fff\"/></svg><span>",
          f);
    pk_esc(f, TR("campus", "campus"));
    fputs("</span>\n<svg width=\"20\" height=\"16\"><rect x=\"3\" y=\"1.5\" width=\"13\" height=\"13\" rx=\"2.5\" fill=\"#d1495b\"/>"
          "<path d=\"M6 8h7M9.5 4.5v7\" stroke=\"#fff\" stroke-width=\"2.2\"/></svg><span>",
          f);
    pk_esc(f, TR("sykehus", "hospital"));
    fputs("</span>\n<svg width=\"20\" height=\"14\"><path d=\"M1 11Q10 1 19 7\" fill=\"none\" stroke=\"#e07a2f\" stroke-width=\"3\" "
          "stroke-linecap=\"round\"/></svg><span>",
          f);
    pk_escf(f, TR("flytting (over %s km)", "relocation (over %s km)"), pk_num(nf, c->P->set.commute_km, 0));
    if (c->pl->fig.placed_at_home) {
        fputs("</span>\n<svg width=\"20\" height=\"16\"><path d=\"" HOME_GLYPH "\" fill=\"#fff\" stroke=\"#1d2733\" "
              "stroke-width=\"1.6\" transform=\"translate(10 9)\"/></svg><span>",
              f);
        pk_esc(f, TR("student i hjemkommunen", "student in the home municipality"));
    }
    fputs("</span>\n</div>\n", f);
}

/* The busiest municipalities, and those that receive nobody. */
static void map_lists(FILE *f, rctx *c)
{
    const praksis_instance *I = c->I;
    const pk_plan *pl = c->pl;
    pk_numfmt *nf = &c->nf;
    fputs("<h3>", f);
    pk_esc(f, TR("Flest studenter", "Most students"));
    fputs("</h3>\n<table>\n<thead><tr><th>", f);
    pk_esc(f, TR("Kommune", "Municipality"));
    fputs("</th><th class=\"n\">", f);
    pk_esc(f, TR("Studenter", "Students"));
    fputs("</th><th class=\"n\">", f);
    pk_esc(f, TR("Flytter hit", "Relocated"));
    fputs("</th></tr></thead>\n<tbody>\n", f);
    for (int i = 0; i < c->n_muni && i < 10; i++) {
        int j = c->order[i];
        if (!pl->site_students[j]) break;
        fputs("<tr><td>", f);
        pk_esc(f, I->sites[j].name);
        fprintf(f, "</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr>\n", pk_num(nf, (double)pl->site_students[j], 0),
                pk_num(nf, (double)pl->site_relocated[j], 0));
    }
    fputs("</tbody>\n</table>\n", f);

    /* who received nobody */
    int none = 0;
    for (int i = 0; i < c->n_muni; i++) none += pl->site_students[c->order[i]] == 0;
    fputs("<h3>", f);
    pk_escf(f, TR("Ingen studenter: %d %s", "No students: %d %s"), none,
         none == 1 ? TR("kommune", "municipality") : TR("kommuner", "municipalities"));
    fputs("</h3>\n<p class=\"note\">", f);
    if (!none) pk_esc(f, TR("Alle kommunene tar imot studenter.", "Every municipality takes students."));
    int shown = 0;
    for (int i = 0; i < c->n_muni && shown < 60; i++) {
        int j = c->order[i];
        if (pl->site_students[j]) continue;
        pk_escf(f, "%s%s", shown ? ", " : "", I->sites[j].name);
        shown++;
    }
    if (none > shown) pk_escf(f, TR(" og %d til", " and %d more"), none - shown);
}

void pk_report_map(FILE *f, rctx *c)
{
    pk_numfmt *nf = &c->nf;
    pk_proj p;
    double b[4];
    map_frame(c, &p, b);
    fputs("<section id=\"map\">\n<h2>", f);
    pk_esc(f, TR("Hvor studentene har praksis", "Where the students are placed"));
    fputs("</h2>\n<p class=\"lead\">", f);
    pk_esc(f, TR("Kommunene er farget etter hvor mange studenter de tar imot i planperioden (alle perioder og program). "
              "Skraverte kommuner får ingen. Oransje linjer viser studenter som må flytte: fra campus til praksisstedet, "
              "tykkere jo flere. Hold musen over et område for tall.",
              "Municipalities are shaded by the students they take over the plan (all periods and programmes). Hatched "
              "ones receive nobody. Orange lines show students who relocate, from campus to placement, thicker for more. "
              "Hover over an area for its figures."));
    if (c->n_flows > MAX_FLOWS)
        pk_escf(f, TR(" Kartet viser de %d største av %s flyttestrømmene; alle står i tabellen over studenter som flytter.",
                   " The map shows the %d largest of %s relocation flows; all are in the table of students who relocate."),
             MAX_FLOWS, pk_num(nf, c->n_flows, 0));
    fputs("</p>\n<div class=\"mapwrap\">\n", f);
    map_open(f, c, &p);
    map_areas(f, c, &p, b);
    map_flows(f, c, &p);
    map_markers(f, c, &p);
    map_homes(f, c, &p);
    map_labels(f, c, &p);
    fputs("</svg>\n<aside>\n", f);
    map_legend(f, c);
    map_lists(f, c);
    fputs("</p>\n</aside>\n</div>\n</section>\n", f);
}
