/*
 * sweep_html.c - sweep.html: the scenarios of a sweep compared, one chart
 * per key figure (cost, cost per student-week, relocated students,
 * municipalities used, unplaced students, weeks short of the municipal
 * target) and the table of scenarios.  A grid over a numeric parameter is
 * drawn as lines over it, one line per combination of the other varied
 * parameters; a list of scenarios as bars.
 *
 * It is written from the praksis_sweep itself, after the sweep or read
 * back from its sweep.json (sweep_read.c).  The figures are taken as
 * sweep.json rounds them (pk_sweep_rounded), so the page is the same both
 * ways.  Inline CSS and SVG, nothing fetched, as report.html.
 */
#define _POSIX_C_SOURCE 200809L
#include "html.h"
#include "praksis_report.h"
#include "sweep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { FIG_COST = 0, FIG_PERWEEK, FIG_RELOC, FIG_MUNI, FIG_UNPLACED, FIG_DEFICIT, NFIG };
enum { MAX_VARIED = 32 };

typedef struct srow {
    const scen *sc;
    const char *name, *status;
    int ok;                  /* has figures (solved) */
    praksis_figures fig;     /* as sweep.json has them */
    praksis_solve_info info;
    double v[NFIG];
    double x;                /* line mode: the x parameter's value */
    int series;              /* line mode: which line */
} srow;

typedef struct sctx {
    const praksis_sweep *sw;
    srow *rows;
    int n;
    setting_key varied[MAX_VARIED]; /* the scenario keys whose value differs between scenarios */
    int n_varied, all_numeric[MAX_VARIED];
    int xkey;                /* line mode: index into varied, or -1 for bars */
    char **series;           /* line mode: labels */
    int n_series;
    pk_numfmt nf;
    int en;
    char title[512];
} sctx;

#define TR(nb_, en_) (c->en ? (en_) : (nb_))

static const char *const series_colour[8] = {"#2c7fb8", "#e07a2f", "#2a9d8f", "#7b6ba8",
                                             "#d1495b", "#8c6d31", "#5b6775", "#e9a23b"};

/* ------------------------------------------------------------ parameters */
static double param_value(const praksis_settings *s, setting_key k)
{
    const char *field = (const char *)s + k.offset;
    return k.type == SETTING_INT ? *(const int *)field : k.type == SETTING_DOUBLE ? *(const double *)field : 0;
}

static int param_equal(const praksis_settings *a, const praksis_settings *b, setting_key k)
{
    if (k.type != SETTING_LIST) return param_value(a, k) == param_value(b, k);
    if (!a->programmes || !b->programmes) return !a->programmes && !b->programmes;
    if (a->n_programmes != b->n_programmes) return 0;
    for (int i = 0; i < a->n_programmes; i++)
        if (strcmp(a->programmes[i], b->programmes[i])) return 0;
    return 1;
}

/* A parameter's value as text: a number as written, programmes as SYK+VERN, or "all". */
static void param_text(const praksis_settings *s, setting_key k, char *buf, size_t n)
{
    if (k.type != SETTING_LIST) {
        snprintf(buf, n, "%.10g", param_value(s, k));
        return;
    }
    if (!s->programmes) {
        snprintf(buf, n, "all");
        return;
    }
    size_t o = 0;
    buf[0] = 0;
    for (int i = 0; i < s->n_programmes && o < n; i++) {
        int w = snprintf(buf + o, n - o, "%s%s", i ? "+" : "", s->programmes[i]);
        if (w < 0) break;
        o += (size_t)w;
    }
}

/* A scenario key as a planner reads it. */
static const char *param_name(const sctx *c, const char *key)
{
    static const char *const names[][3] = {
        {"travel_rate", "reisesats (kr/uke)", "travel rate (kr/week)"},
        {"supervision_rate", "veiledningssats (kr/uke)", "supervision rate (kr/week)"},
        {"hospital_supervision_rate", "veiledningssats sykehus", "hospital supervision rate"},
        {"coordinator_cost", "koordinatorkostnad (kr)", "coordinator cost (kr)"},
        {"commute_km", "pendleavstand (km)", "commuting distance (km)"},
        {"road_factor", "veifaktor", "road factor"},
        {"min_relocated_group", "minste flyttegruppe", "smallest relocated group"},
        {"municipal_share", "mål for kommuneandel", "municipal share target"},
        {"programmes", "program", "programmes"},
        {"capacity_scale", "kapasitet (× i dag)", "capacity (× today)"},
        {"demand_scale", "studenttall (× i dag)", "students (× today)"},
        {"time_limit", "tidsgrense (s)", "time limit (s)"},
        {"mip_gap", "MIP-gap", "MIP gap"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i][0], key)) return names[i][c->en ? 2 : 1];
    return key;
}

/* ------------------------------------------------------------ charts */
static const char *fig_name(const sctx *c, int k)
{
    static const char *const nb[NFIG] = {"Kostnad i alt", "Kostnad per studentuke", "Studenter som flytter",
                                         "Kommuner som tar imot studenter", "Studenter uten plass",
                                         "Manglende kommuneuker (mot målet)"};
    static const char *const en[NFIG] = {"Total cost", "Cost per student-week", "Students who relocate",
                                         "Municipalities taking students", "Students without a place",
                                         "Municipal weeks short of the target"};
    return c->en ? en[k] : nb[k];
}

static const char *fig_value(sctx *c, int k, double v)
{
    pk_numfmt *nf = &c->nf;
    switch (k) {
    case FIG_COST: return pk_mkr(nf, v);
    case FIG_PERWEEK: return pk_kr(nf, v);
    case FIG_DEFICIT: return pk_wk(nf, v);
    default: return pk_num(nf, v, 0);
    }
}

/* A round step for about `parts` ticks over range. */
static double nice_step(double range, int parts)
{
    if (!(range > 0)) return 1;
    double raw = range / parts, mag = pow(10, floor(log10(raw))), f = raw / mag;
    double m = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
    return m * mag;
}

static void sweep_axis_range(const sctx *c, int k, double *lo, double *hi, double *step)
{
    double mn = HUGE_VAL, mx = -HUGE_VAL;
    for (int i = 0; i < c->n; i++)
        if (c->rows[i].ok) {
            if (c->rows[i].v[k] < mn) mn = c->rows[i].v[k];
            if (c->rows[i].v[k] > mx) mx = c->rows[i].v[k];
        }
    if (!(mn <= mx)) mn = mx = 0;
    if (mn >= 0 && (mn < 0.5 * mx || c->xkey < 0)) mn = 0; /* bars always start at 0 */
    if (mx <= mn) mx = mn + 1;
    *step = nice_step(mx - mn, 4);
    if (k != FIG_COST && k != FIG_PERWEEK && k != FIG_DEFICIT && *step < 1) *step = 1; /* counts */
    *lo = floor(mn / *step) * *step;
    *hi = ceil(mx / *step) * *step;
    if (*hi <= *lo) *hi = *lo + *step;
}

static const char *axis_label(sctx *c, int k, double v, double step)
{
    pk_numfmt *nf = &c->nf;
    if (k == FIG_COST) {
        v /= 1e6;
        step /= 1e6;
    }
    int dec = step >= 1 ? 0 : fabs(step * 10 - round(step * 10)) < 1e-9 ? 1 : 2;
    return pk_num(nf, v, dec);
}

/* Lines over the x parameter, one per series. */
static void line_chart(FILE *f, sctx *c, int k, double lo, double hi, double step)
{
    const double W = 380, L = 60, R = 14, T = 12, B = 40;
    const double H = 250, pw = W - L - R, ph = H - T - B;
    double xmin = HUGE_VAL, xmax = -HUGE_VAL;
    for (int i = 0; i < c->n; i++) {
        if (c->rows[i].x < xmin) xmin = c->rows[i].x;
        if (c->rows[i].x > xmax) xmax = c->rows[i].x;
    }
    if (xmax <= xmin) xmax = xmin + 1;
    fprintf(f, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n", W, H);
    fputs("<g font-size=\"11\" fill=\"#5b6775\">", f);
    for (double v = lo; v <= hi + step * 1e-6; v += step) {
        double y = T + ph * (1 - (v - lo) / (hi - lo));
        fprintf(f, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#e3e7eb\"/>", L, y, W - R, y);
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%s</text>", L - 6, y + 4, axis_label(c, k, v, step));
    }
    /* x ticks at the distinct values */
    double seen[64];
    int ns = 0;
    for (int i = 0; i < c->n && ns < 64; i++) {
        int dup = 0;
        for (int j = 0; j < ns; j++) dup |= seen[j] == c->rows[i].x;
        if (dup) continue;
        seen[ns++] = c->rows[i].x;
        double x = L + pw * (c->rows[i].x - xmin) / (xmax - xmin);
        fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>", x, H - B + 16,
                pk_num(&c->nf, c->rows[i].x, fabs(c->rows[i].x - round(c->rows[i].x)) < 1e-9 ? 0 : 2));
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"#1d2733\">", L + pw / 2, H - 6);
    pk_esc(f, param_name(c, c->varied[c->xkey].name));
    fputs("</text></g>\n", f);
    for (int sidx = 0; sidx < c->n_series; sidx++) {
        /* the series' points in x order */
        const char *col = series_colour[sidx % 8];
        int first = 1;
        /* every other line dashed, so lines that coincide both show */
        fprintf(f, "<path fill=\"none\" stroke=\"%s\" stroke-width=\"2.2\"%s d=\"", col,
                sidx % 2 ? " stroke-dasharray=\"7 5\"" : "");
        double lastx = -HUGE_VAL;
        for (;;) {
            int best = -1;
            for (int i = 0; i < c->n; i++)
                if (c->rows[i].series == sidx && c->rows[i].ok && c->rows[i].x > lastx &&
                    (best < 0 || c->rows[i].x < c->rows[best].x))
                    best = i;
            if (best < 0) break;
            lastx = c->rows[best].x;
            double x = L + pw * (c->rows[best].x - xmin) / (xmax - xmin);
            double y = T + ph * (1 - (c->rows[best].v[k] - lo) / (hi - lo));
            fprintf(f, "%s%.1f %.1f", first ? "M" : "L", x, y);
            first = 0;
        }
        fputs("\"/>\n", f);
        for (int i = 0; i < c->n; i++) {
            if (c->rows[i].series != sidx || !c->rows[i].ok) continue;
            double x = L + pw * (c->rows[i].x - xmin) / (xmax - xmin);
            double y = T + ph * (1 - (c->rows[i].v[k] - lo) / (hi - lo));
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.6\" fill=\"%s\" stroke=\"#fff\"><title>", x, y, col);
            pk_escf(f, "%s: %s", c->rows[i].name, fig_value(c, k, c->rows[i].v[k]));
            fputs("</title></circle>\n", f);
        }
    }
    fputs("</svg>\n", f);
}

/* One bar per scenario; the first (the baseline) grey. */
static void bar_chart(FILE *f, sctx *c, int k, double lo, double hi, double step)
{
    const double W = 380, T = 12;
    const double LB = 190, bh = 20, gap = 8, H = T + (bh + gap) * c->n + 24, pw = W + 160 - LB - 70;
    fprintf(f, "<svg viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">\n", W + 160, H);
    fputs("<g font-size=\"11\" fill=\"#5b6775\">", f);
    for (double v = lo; v <= hi + step * 1e-6; v += step) {
        double x = LB + pw * (v - lo) / (hi - lo);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"#e3e7eb\"/>", x, T - 4, x, H - 18);
        fprintf(f, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>", x, H - 4, axis_label(c, k, v, step));
    }
    fputs("</g>\n", f);
    for (int i = 0; i < c->n; i++) {
        const srow *r = &c->rows[i];
        double y = T + (bh + gap) * i;
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"12.5\" fill=\"#1d2733\">", LB - 8, y + 14);
        char nm[64];
        snprintf(nm, sizeof nm, "%s", r->name);
        if (strlen(r->name) > 28) strcpy(nm + 25, "...");
        pk_esc(f, nm);
        fputs("</text>", f);
        if (!r->ok) {
            fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"12\" fill=\"#9b2335\">", LB + 4, y + 14);
            pk_esc(f, r->status);
            fputs("</text>\n", f);
            continue;
        }
        double w = pw * (r->v[k] - lo) / (hi - lo);
        fputs("<g><title>", f);
        pk_escf(f, "%s: %s", r->name, fig_value(c, k, r->v[k]));
        fprintf(f, "</title><rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" rx=\"2\" fill=\"%s\"/>", LB, y,
                w > 0 ? w : 0, bh, i == 0 ? "#5b6775" : "#2c7fb8");
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1d2733\">%s</text></g>\n", LB + (w > 0 ? w : 0) + 5,
                y + 14, fig_value(c, k, r->v[k]));
    }
    fputs("</svg>\n", f);
}

static void sweep_chart(FILE *f, sctx *c, int k)
{
    double lo, hi, step;
    sweep_axis_range(c, k, &lo, &hi, &step);
    fputs("<div class=\"chart\"><h3>", f);
    pk_esc(f, fig_name(c, k));
    if (k == FIG_COST) pk_esc(f, c->en ? " (NOK m)" : " (mill. kr)");
    fputs("</h3>\n", f);
    if (c->xkey >= 0)
        line_chart(f, c, k, lo, hi, step);
    else
        bar_chart(f, c, k, lo, hi, step);
    fputs("</div>\n", f);
}

/* ------------------------------------------------------------ the page */
static void write_sweep_head(FILE *f, sctx *c)
{
    pk_html_begin(f, c->en, c->title);
    fputs("<style>\n"
          ":root{--ink:#1d2733;--mut:#5b6775;--line:#dfe3e8;--bg:#f4f6f8}\n"
          PK_CSS_PAGE
          "h1{font-size:28px;margin:0 0 6px}h2{font-size:19px;margin:0 0 4px}h3{font-size:14.5px;margin:4px 0 2px}\n"
          ".sub{color:var(--mut);margin:0}\n"
          "section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:14px 0}\n"
          ".lead{color:var(--mut);margin:0 0 12px;font-size:14px;max-width:900px}\n"
          ".charts{display:grid;grid-template-columns:repeat(3,1fr);gap:14px 22px}\n"
          ".charts.bars{grid-template-columns:repeat(2,1fr)}\n"
          ".key{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:13px;margin:10px 0 0}\n"
          ".key span::before{content:\"\";display:inline-block;width:22px;height:3px;margin-right:6px;vertical-align:4px;background:var(--c)}\n"
          ".key span.d::before{background:repeating-linear-gradient(90deg,var(--c) 0 7px,transparent 7px 12px)}\n"
          "table{border-collapse:collapse;width:100%;font-size:13px}\n"
          "th,td{padding:4px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n"
          PK_CSS_SORTABLE
          ".scroll{overflow:auto}.bad{color:#9b2335;font-weight:600}\n"
          "@media (max-width:1000px){.charts,.charts.bars{grid-template-columns:1fr}}\n"
          "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>",
          f);
    pk_esc(f, c->title);
    fputs("</h1>\n<p class=\"sub\">", f);
    const praksis_sweep *sw = c->sw;
    pk_escf(f, TR("%d scenarier av %s (sweep-fil %s).", "%d scenarios of %s (sweep file %s)."), c->n,
            sw->instance ? sw->instance : "?", sw->file ? sw->file : "?");
    if (c->n_varied) {
        pk_esc(f, TR(" Varierer: ", " Varied: "));
        for (int i = 0; i < c->n_varied; i++) pk_escf(f, "%s%s", i ? ", " : "", param_name(c, c->varied[i].name));
        fputs(".", f);
    }
    fputs("</p>\n</header>\n", f);
}

static void write_sweep_charts(FILE *f, sctx *c)
{
    fputs("<section>\n<h2>", f);
    pk_esc(f, TR("Nøkkeltall per scenario", "Key figures by scenario"));
    fputs("</h2>\n<p class=\"lead\">", f);
    if (c->xkey >= 0)
        pk_escf(f, TR("Hver figur viser ett nøkkeltall mot %s%s. Hold musen over et punkt for scenarioet.",
                      "Each chart shows one key figure against %s%s. Hover over a point for its scenario."),
                param_name(c, c->varied[c->xkey].name),
                c->n_series > 1 ? TR(", én linje per kombinasjon av de andre parameterne",
                                     ", one line per combination of the other parameters")
                                : "");
    else
        pk_esc(f, TR("Hver figur viser ett nøkkeltall per scenario. Det første scenarioet (grått) er sammenligningsgrunnlaget.",
                     "Each chart shows one key figure per scenario. The first scenario (grey) is the baseline."));
    fprintf(f, "</p>\n<div class=\"charts%s\">\n", c->xkey >= 0 ? "" : " bars");
    for (int k = 0; k < NFIG; k++) sweep_chart(f, c, k);
    fputs("</div>\n", f);
    if (c->xkey >= 0 && c->n_series > 1) {
        fputs("<div class=\"key\">", f);
        for (int i = 0; i < c->n_series; i++) {
            fprintf(f, "<span%s style=\"--c:%s\">", i % 2 ? " class=\"d\"" : "", series_colour[i % 8]);
            pk_esc(f, c->series[i]);
            fputs("</span>", f);
        }
        fputs("</div>\n", f);
    }
    fputs("</section>\n", f);
}

static void write_sweep_row(FILE *f, sctx *c, const srow *r)
{
    pk_numfmt *nf = &c->nf;
    fputs("<tr>", f);
    pk_td_text(f, r->name);
    for (int v = 0; v < c->n_varied; v++) {
        if (c->all_numeric[v]) {
            double x = param_value(&r->sc->set, c->varied[v]);
            pk_td_num(f, pk_num(nf, x, fabs(x - round(x)) < 1e-9 ? 0 : 2));
        } else {
            char t[1024];
            param_text(&r->sc->set, c->varied[v], t, sizeof t);
            pk_td_text(f, t);
        }
    }
    if (!r->ok) {
        fputs("<td class=\"bad\">", f);
        pk_esc(f, r->status);
        if (r->sc->state == PRAKSIS_SWEEP_FAILED) pk_escf(f, ": %s", r->sc->diag.message);
        fprintf(f, "</td><td colspan=\"11\"></td></tr>\n");
        return;
    }
    const praksis_figures *s = &r->fig;
    pk_td_text(f, r->status);
    pk_td_num(f, pk_num(nf, (double)s->unplaced, 0));
    pk_td_num(f, pk_wk(nf, s->share_deficit_weeks));
    pk_td_num(f, pk_pct(nf, s->municipal_share, 1));
    pk_td_num(f, pk_kr(nf, s->cost_total));
    pk_td_num(f, pk_kr(nf, s->cost_travel));
    pk_td_num(f, pk_kr(nf, s->cost_supervision));
    pk_td_num(f, pk_kr(nf, s->cost_fixed));
    pk_td_num(f, pk_kr(nf, r->v[FIG_PERWEEK]));
    pk_td_num(f, pk_num(nf, (double)s->relocated_students, 0));
    pk_td_num(f, pk_num(nf, s->municipalities_used, 0));
    pk_td_num(f, pk_num(nf, r->info.seconds, 2));
    fputs("</tr>\n", f);
}

static void write_sweep_table(FILE *f, sctx *c)
{
    fputs("<section>\n<h2>", f);
    pk_esc(f, TR("Scenariene", "The scenarios"));
    fputs("</h2>\n<p class=\"lead\">", f);
    pk_esc(f, TR("Klikk på en kolonneoverskrift for å sortere. Hver plan står i sin egen mappe; praksis report MAPPE --instance "
                 "INSTANS lager full rapport for én av dem.",
                 "Click a column heading to sort. Each plan is in its own directory; praksis report DIR --instance INSTANCE "
                 "makes the full report for one of them."));
    fputs("</p>\n<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-scenarier\">\n<thead><tr>", f);
    pk_th(f, "", TR("Scenario", "Scenario"));
    for (int i = 0; i < c->n_varied; i++) pk_th(f, c->all_numeric[i] ? "n" : "", param_name(c, c->varied[i].name));
    pk_th(f, "", TR("Status", "Status"));
    pk_th(f, "n", TR("Uten plass", "Unplaced"));
    pk_th(f, "n", TR("Mangler (uker)", "Short (weeks)"));
    pk_th(f, "n", TR("Kommuneandel", "Municipal share"));
    pk_th(f, "n", TR("Kostnad", "Cost"));
    pk_th(f, "n", TR("Reise og bolig", "Travel"));
    pk_th(f, "n", TR("Veiledning", "Supervision"));
    pk_th(f, "n", TR("Koordinatorer", "Coordinators"));
    pk_th(f, "n", TR("Per uke", "Per week"));
    pk_th(f, "n", TR("Flytter", "Relocated"));
    pk_th(f, "n", TR("Kommuner", "Municipalities"));
    pk_th(f, "n", TR("Sekunder", "Seconds"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int i = 0; i < c->n; i++) write_sweep_row(f, c, &c->rows[i]);
    fputs("</tbody>\n</table>\n</div>\n</section>\n", f);
}

static int write_sweep(FILE *f, const void *ctx)
{
    sctx *c = (sctx *)ctx;
    write_sweep_head(f, c);
    write_sweep_charts(f, c);
    write_sweep_table(f, c);
    fputs("<footer><p class=\"sub\" style=\"font-size:12.5px\">", f);
    pk_escf(f, TR("Laget av praksis %s.", "Made by praksis %s."), PRAKSIS_VERSION);
    fputs("</p></footer>\n</main>\n", f);
    fputs(pk_sort_script, f);
    fputs("</body>\n</html>\n", f);
    return 0;
}

/* ------------------------------------------------------------ what the page shows */
/* Each scenario's figures as sweep.json has them, and the six charted. */
static void take_rows(sctx *c)
{
    for (int i = 0; i < c->n; i++) {
        srow *w = &c->rows[i];
        const scen *sc = &c->sw->sc[i];
        w->sc = sc;
        w->name = sc->name;
        w->status = pk_sweep_status(sc);
        w->ok = sc->has_summary;
        if (!w->ok) continue;
        pk_sweep_rounded(sc, &w->fig, &w->info);
        double placed_w = w->fig.student_weeks - w->fig.unplaced_weeks;
        w->v[FIG_COST] = w->fig.cost_total;
        w->v[FIG_PERWEEK] = placed_w > 0 ? w->v[FIG_COST] / placed_w : 0;
        w->v[FIG_RELOC] = (double)w->fig.relocated_students;
        w->v[FIG_MUNI] = w->fig.municipalities_used;
        w->v[FIG_UNPLACED] = (double)w->fig.unplaced;
        w->v[FIG_DEFICIT] = w->fig.share_deficit_weeks;
    }
}

/* The scenario keys whose value differs between scenarios, in the
 * documented order, and whether each is a number. */
static void find_varied(sctx *c)
{
    int nk = pk_settings_key_count();
    for (int k = 0; k < nk && c->n_varied < MAX_VARIED; k++) {
        setting_key key = pk_settings_key(k);
        int varies = 0;
        for (int i = 1; i < c->n && !varies; i++) varies = !param_equal(&c->sw->sc[0].set, &c->sw->sc[i].set, key);
        if (!varies) continue;
        c->all_numeric[c->n_varied] = key.type != SETTING_LIST;
        c->varied[c->n_varied++] = key;
    }
}

/* s after the text in buf, cut to fit */
static void append(char *buf, size_t n, const char *s)
{
    size_t l = strlen(buf), m = strlen(s);
    if (m > n - 1 - l) m = n - 1 - l;
    memcpy(buf + l, s, m);
    buf[l + m] = 0;
}

/* A grid over a numeric parameter is drawn as lines over the one with the
 * most values; every other combination of the varied keys is one line. */
static praksis_error find_lines(sctx *c)
{
    c->xkey = -1;
    if (!c->sw->is_grid) return PRAKSIS_OK;
    int best = 0;
    for (int v = 0; v < c->n_varied; v++) {
        if (!c->all_numeric[v]) continue;
        int distinct = 0;
        for (int k = 0; k < c->n; k++) {
            double x = param_value(&c->sw->sc[k].set, c->varied[v]);
            int dup = 0;
            for (int m = 0; m < k && !dup; m++) dup = param_value(&c->sw->sc[m].set, c->varied[v]) == x;
            distinct += !dup;
        }
        if (distinct > best) {
            best = distinct;
            c->xkey = v;
        }
    }
    for (int k = 0; c->xkey >= 0 && k < c->n; k++) {
        const praksis_settings *set = &c->sw->sc[k].set;
        c->rows[k].x = param_value(set, c->varied[c->xkey]);
        char label[512] = "", t[1024];
        for (int v = 0; v < c->n_varied; v++) {
            if (v == c->xkey) continue;
            param_text(set, c->varied[v], t, sizeof t);
            if (label[0]) append(label, sizeof label, ", ");
            append(label, sizeof label, param_name(c, c->varied[v].name));
            append(label, sizeof label, " ");
            append(label, sizeof label, t);
        }
        int s = -1;
        for (int m = 0; m < c->n_series && s < 0; m++)
            if (!strcmp(c->series[m], label)) s = m;
        if (s < 0) {
            if (!(c->series[c->n_series] = strdup(label))) return PRAKSIS_ERR_NOMEM;
            s = c->n_series++;
        }
        c->rows[k].series = s;
    }
    return PRAKSIS_OK;
}

praksis_error praksis_sweep_write_html(const praksis_sweep *sw, const praksis_report_options *opt, const char *path,
                                       praksis_diag *diag)
{
    if (!sw || !path || sw->n < 1) return PRAKSIS_ERR_USAGE;
    praksis_report_options dflt = {0};
    if (!opt) opt = &dflt;
    if (opt->lang && strcmp(opt->lang, "nb") && strcmp(opt->lang, "en")) {
        pk_diag_set(diag, "report", 0, 0, "language: expected \"nb\" or \"en\", found \"%s\"", opt->lang);
        return PRAKSIS_ERR_USAGE;
    }
    sctx c = {.sw = sw, .n = sw->n, .xkey = -1};
    c.en = opt->lang && !strcmp(opt->lang, "en");
    c.nf.en = c.en;
    c.rows = calloc((size_t)c.n, sizeof *c.rows);
    c.series = calloc((size_t)c.n, sizeof *c.series);
    praksis_error rc = c.rows && c.series ? PRAKSIS_OK : PRAKSIS_ERR_NOMEM;
    if (!rc) {
        take_rows(&c);
        find_varied(&c);
        rc = find_lines(&c);
    }
    if (!rc) {
        if (opt->title)
            snprintf(c.title, sizeof c.title, "%s", opt->title);
        else if (sw->description && *sw->description)
            snprintf(c.title, sizeof c.title, "%s", sw->description);
        else
            snprintf(c.title, sizeof c.title, "%s", c.en ? "Scenario comparison" : "Sammenligning av scenarier");
        rc = pk_write_atomic(path, write_sweep, &c, diag);
    }
    for (int i = 0; i < c.n_series; i++) free(c.series[i]);
    free(c.series);
    free(c.rows);
    return rc;
}
