/*
 * report_html.c - the plan as one self-contained web page (report.html),
 * for the people who use a plan in meetings and will not read the CSV
 * files: a map of the municipalities shaded by students placed, the
 * municipal share against its target, what the money buys beside the
 * IS-2956 flat rates, who relocates from where to where, who is left
 * unplaced and why, and sortable tables of the plan.  The map section is
 * report_map.c; the figures are the plan's own (plan.c), the unplaced
 * reasons reasons.c's and the funding models finance.c's.
 *
 * Everything is inline (CSS, SVG and a small sorting script): the page
 * must open from a USB stick on an offline laptop.  No timestamps: the
 * same plan gives the same page (apart from the solve time it reports).
 * Like the rest of the library it never prints and never exits; files
 * are written with pk_write_atomic (temporary name + rename).
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis_finance.h"
#include "report.h"

#include <math.h>
#include <string.h>

static void write_head(FILE *f, rctx *c)
{
    pk_html_begin(f, c->en, c->title);
    fputs("<style>\n"
          ":root{--ink:#1d2733;--mut:#5b6775;--line:#dfe3e8;--bg:#f4f6f8;--ok:#2a9d8f;--bad:#d1495b;--acc:#2c7fb8;--trv:#e07a2f}\n"
          PK_CSS_PAGE
          "h1{font-size:28px;margin:0 0 6px;letter-spacing:-.01em}\n"
          "h2{font-size:19px;margin:0 0 4px}\n"
          "h3{font-size:15px;margin:14px 0 6px}\n"
          ".sub{color:var(--mut);margin:0}\n"
          ".badge{display:inline-block;padding:1px 10px;border-radius:999px;font-size:13px;font-weight:600;background:#dff3ef;color:#17675c;margin-right:8px}\n"
          ".badge.bad{background:#fbe3e6;color:#9b2335}\n"
          ".kpis{display:grid;grid-template-columns:repeat(5,1fr);gap:12px;margin:16px 0}\n"
          ".kpi{background:#fff;border:1px solid var(--line);border-top:4px solid var(--acc);border-radius:10px;padding:10px 14px}\n"
          ".kpi.ok{border-top-color:var(--ok)}.kpi.bad{border-top-color:var(--bad)}.kpi.trv{border-top-color:var(--trv)}\n"
          ".kpi b{display:block;font-size:27px;line-height:1.2;white-space:nowrap}\n"
          ".kpi span{display:block;color:var(--mut);font-size:13px}\n"
          ".kpi i{font-style:normal;font-weight:600;font-size:13px;color:var(--ink)}\n"
          "section{background:#fff;border:1px solid var(--line);border-radius:10px;padding:16px 20px;margin:14px 0}\n"
          ".lead{color:var(--mut);margin:0 0 12px;font-size:14px;max-width:900px}\n"
          ".mapwrap{display:flex;gap:22px;align-items:flex-start}\n"
          ".mapwrap>svg{flex:0 1 auto;max-width:68%;height:auto;border-radius:8px}\n"
          "aside{flex:1 1 280px;min-width:250px;font-size:14px}\n"
          ".m{stroke:#fff;stroke-width:.7}.m:hover,.pt:hover{stroke:#1d2733;stroke-width:1.8}\n"
          ".ctx{fill:#e9e6df;stroke:#fff;stroke-width:.6}\n"
          ".flow{fill:none;stroke:var(--trv);stroke-linecap:round;opacity:.8}.flow:hover{opacity:1}\n"
          ".lbl{font-size:12px;fill:#1d2733;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}\n"
          ".lbl.camp{font-weight:700;font-size:13px}\n"
          ".legend{display:grid;grid-template-columns:22px 1fr;gap:5px 8px;align-items:center;margin:6px 0 14px}\n"
          ".legend svg{display:block}\n"
          "table{border-collapse:collapse;width:100%;font-size:13.5px}\n"
          "th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}\n"
          PK_CSS_SORTABLE
          "tr.tot td{font-weight:700;border-top:2px solid #c9d0d8}\n"
          ".scroll{max-height:560px;overflow:auto;border:1px solid var(--line);border-radius:6px}\n"
          ".scroll th{position:sticky;top:0}\n"
          "details{margin:10px 0}summary{cursor:pointer;font-weight:600}\n"
          ".note{font-size:13px;color:var(--mut)}.good{color:#17675c;font-weight:600}.short{color:#9b2335;font-weight:600}\n"
          ".cols{display:grid;grid-template-columns:1fr 1fr;gap:22px}\n"
          ".swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 5px 0 10px;vertical-align:-1px}\n"
          "footer{color:var(--mut);font-size:12.5px;margin-top:16px}\n"
          "@media (max-width:1000px){.kpis{grid-template-columns:repeat(2,1fr)}.mapwrap{flex-direction:column}.mapwrap>svg{max-width:100%}.cols{grid-template-columns:1fr}}\n"
          "@media print{body{background:#fff}section{break-inside:avoid;border:none;padding:4px 0}.scroll{max-height:none;overflow:visible}}\n"
          "</style>\n</head>\n<body>\n<main>\n",
          f);
}

static void write_header(FILE *f, rctx *c)
{
    const praksis_solve_info *V = &c->R->info;
    pk_numfmt *nf = &c->nf;
    fputs("<header>\n<h1>", f);
    pk_esc(f, c->title);
    fputs("</h1>\n<p class=\"sub\">", f);
    if (V->status == PRAKSIS_STATUS_OPTIMAL)
        fprintf(f, "<span class=\"badge\">%s</span>", TR("optimal plan", "optimal plan"));
    else
        fprintf(f, "<span class=\"badge bad\">%s</span>", TR("gyldig plan, ikke bevist optimal", "valid plan, not proven optimal"));
    /* an optimal plan that leaves students out must not read as a success */
    if (c->R->plan.fig.unplaced) {
        fputs("<span class=\"badge bad\">", f);
        pk_escf(f, TR("%s av %s studenter uten plass", "%s of %s students without a place"),
                pk_num(nf, (double)c->R->plan.fig.unplaced, 0), pk_num(nf, (double)c->R->plan.fig.students, 0));
        fputs("</span>", f);
    }
    if (V->status == PRAKSIS_STATUS_OPTIMAL)
        pk_escf(f, TR("Alle fire mål er bevist optimale, i denne rekkefølgen: flest mulig får plass, så kommuneandelen, så lavest "
                      "kostnad, så kortest flytting (%s s).",
                   "All four goals proven optimal, in this order: place everyone possible, then the municipal share, then the "
                   "least cost, then the shortest moves (%s s)."),
             pk_num(nf, V->seconds, V->seconds < 1 ? 2 : 1));
    else
        pk_escf(f, TR("Løsningen ble stoppet %s etter %s s; %d av 4 mål er bevist optimale.",
                   "The solve was stopped %s after %s s; %d of 4 goals are proven optimal."),
             V->stop == PRAKSIS_STOP_TIME_LIMIT ? TR("av tidsgrensen", "by the time limit") : TR("underveis", "early"),
             pk_num(nf, V->seconds, 1), V->levels_proven);
    fputs("<br>", f);
    pk_escf(f, TR("Instans: %s · %d kommuner, %d sykehus, %d campus · %d studieprogram · perioder: ",
               "Instance: %s · %d municipalities, %d hospitals, %d campuses · %d programmes · periods: "),
         c->I->dir, c->n_muni, c->I->n_sites - c->n_muni, c->I->n_campuses, c->P->n_included_programmes);
    for (int t = 0; t < c->I->n_periods; t++) pk_escf(f, "%s%s", t ? ", " : "", c->I->periods[t]);
    fputs("</p>\n</header>\n", f);
}

static void kpi(FILE *f, const char *cls, const char *value, const char *label, const char *detail, int detail_is_bold)
{
    fprintf(f, "<div class=\"kpi %s\"><b>", cls);
    pk_esc(f, value);
    fputs("</b><span>", f);
    pk_esc(f, label);
    fputs("</span><span>", f);
    if (detail_is_bold) fputs("<i>", f);
    pk_esc(f, detail);
    if (detail_is_bold) fputs("</i>", f);
    fputs("</span></div>\n", f);
}

static void write_kpis(FILE *f, rctx *c)
{
    const praksis_figures *S = &c->R->plan.fig;
    pk_numfmt *nf = &c->nf;
    char v[160], d[240];
    fputs("<div class=\"kpis\">\n", f);
    snprintf(v, sizeof v, TR("%s av %s", "%s of %s"), pk_num(nf, (double)S->placed, 0), pk_num(nf, (double)S->students, 0));
    if (S->unplaced)
        snprintf(d, sizeof d, TR("%s uten plass (%s studentuker)", "%s without a place (%s student-weeks)"),
                 pk_num(nf, (double)S->unplaced, 0), pk_wk(nf, S->unplaced_weeks));
    else
        snprintf(d, sizeof d, "%s", TR("alle har fått plass", "everyone has a place"));
    kpi(f, S->unplaced ? "bad" : "ok", v, TR("studenter plassert", "students placed"), d, 1);

    int n = praksis_result_share_count(c->R), met = 0;
    for (int i = 0; i < n; i++) met += c->R->plan.ipg_deficit[i] <= 1e-6;
    snprintf(v, sizeof v, "%s", pk_pct(nf, S->student_weeks > 0 ? S->municipal_weeks / S->student_weeks : 0, 1));
    if (S->share_deficit_weeks > 1e-6)
        snprintf(d, sizeof d, TR("målet nådd for %d av %d; %s uker mangler", "target met for %d of %d; %s weeks short"), met,
                 n, pk_wk(nf, S->share_deficit_weeks));
    else
        snprintf(d, sizeof d, TR("målet nådd for alle %d program", "target met for all %d programmes"), n);
    kpi(f, S->share_deficit_weeks > 1e-6 ? "bad" : "ok", v, TR("av praksisukene i kommunene", "of practice weeks in municipalities"), d, 1);

    snprintf(v, sizeof v, "%s", pk_num(nf, (double)S->relocated_students, 0));
    snprintf(d, sizeof d, TR("%s av de plasserte · %s studentuker", "%s of those placed · %s student-weeks"),
             pk_pct(nf, S->placed ? (double)S->relocated_students / (double)S->placed : 0, 0), pk_wk(nf, S->relocated_weeks));
    char lab[160];
    if (S->listed_students)
        snprintf(lab, sizeof lab, TR("flytter: over %s km fra campus og hjem", "relocate: over %s km from campus and home"),
                 pk_num(nf, c->P->set.commute_km, 0));
    else
        snprintf(lab, sizeof lab, TR("flytter: over %s km fra campus", "relocate: over %s km from campus"),
                 pk_num(nf, c->P->set.commute_km, 0));
    kpi(f, "trv", v, lab, d, 0);

    snprintf(v, sizeof v, TR("%s av %s", "%s of %s"), pk_num(nf, S->municipalities_used, 0), pk_num(nf, c->n_muni, 0));
    int hosp = S->sites_used - S->municipalities_used;
    snprintf(d, sizeof d, TR("%d koordinatorgrupper · %d sykehus%s", "%d coordinator groups · %d hospital%s"), S->groups_used,
             hosp, c->en && hosp != 1 ? "s" : "");
    kpi(f, "", v, TR("kommuner tar imot studenter", "municipalities take students"), d, 0);

    snprintf(v, sizeof v, "%s", pk_mkr(nf, S->cost_total));
    snprintf(d, sizeof d, TR("%s per studentuke", "%s per student-week"),
             pk_kr(nf, S->placed_weeks > 0 ? S->cost_total / S->placed_weeks : 0));
    kpi(f, "", v, TR("kostnad i alt", "total cost"), d, 1);
    fputs("</div>\n", f);
}

static void write_shares(FILE *f, rctx *c)
{
    const praksis_instance *I = c->I;
    pk_numfmt *nf = &c->nf;
    int n = praksis_result_share_count(c->R);
    fputs("<section id=\"andel\">\n<h2>", f);
    pk_esc(f, TR("Kommuneandel per program og institusjon", "Municipal share by programme and institution"));
    fputs("</h2>\n<p class=\"lead\">", f);
    pk_esc(f, TR("Andelen av praksisukene som er i kommunene, mot målet (den svarte streken): 50 % for de fleste program, "
              "80 % for vernepleie. Grønn: målet er nådd. Rød: målet er ikke nådd, og tallet til høyre sier hvor mange "
              "studentuker som mangler.",
              "The share of practice weeks in municipalities, against the target (the black mark): 50 % for most "
              "programmes, 80 % for social educators. Green: target met. Red: target missed, and the figure on the right "
              "says by how many student-weeks."));
    fputs("</p>\n", f);
    if (!n) {
        fputs("<p class=\"note\">", f);
        pk_esc(f, TR("Ingen studenter i planen.", "No students in the plan."));
        fputs("</p>\n</section>\n", f);
        return;
    }
    const double x0 = 0, bw = 840, rh = 48, top = 22;
    double h = top + rh * n + 4;
    fprintf(f, "<svg viewBox=\"0 0 1180 %.0f\" width=\"100%%\" role=\"img\" aria-label=\"", h);
    pk_esc(f, TR("Kommuneandel mot mål", "Municipal share against target"));
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\" style=\"max-width:1180px\">\n<g font-size=\"12\" fill=\"#5b6775\">\n", f);
    for (int t = 0; t <= 4; t++) {
        double x = x0 + bw * t / 4;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3e7eb\"/>", x, top - 4, x, h - 4);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, top - 8,
                t == 0 ? "start" : t == 4 ? "end" : "middle", pk_pct(nf, t / 4.0, 0));
    }
    fputs("</g>\n", f);
    for (int i = 0; i < n; i++) {
        praksis_share sh;
        praksis_result_share(c->R, i, &sh);
        double share = sh.student_weeks > 0 ? sh.municipal_weeks / sh.student_weeks : 0;
        int shortfall = sh.deficit_weeks > 1e-6;
        double y = top + rh * i;
        const char *pname = sh.programme;
        for (int p = 0; p < I->n_programmes; p++)
            if (!strcmp(I->programmes[p].id, sh.programme)) pname = pk_programme_name(I, p, c->en ? "en" : "nb");
        fputs("<g><title>", f);
        pk_escf(f, TR("%s (%s), %s: %s av %s studentuker i kommunene = %s; mål %s", "%s (%s), %s: %s of %s student-weeks in municipalities = %s; target %s"),
             pname, sh.programme, sh.institution, pk_wk(nf, sh.municipal_weeks), pk_wk(nf, sh.student_weeks), pk_pct(nf, share, 1),
             pk_pct(nf, sh.target_share, 0));
        fprintf(f, "</title><text x=\"%.0f\" y=\"%.1f\" font-size=\"13.5\" fill=\"#1d2733\"><tspan font-weight=\"600\">", x0,
                y + 16);
        pk_escf(f, "%s (%s)", pname, sh.programme);
        fputs("</tspan><tspan fill=\"#5b6775\"> · ", f);
        pk_esc(f, sh.institution);
        fprintf(f, "</tspan></text><rect x=\"%.0f\" y=\"%.1f\" width=\"%.0f\" height=\"18\" rx=\"3\" fill=\"#eef1f4\"/>", x0,
                y + 23, bw);
        double w = bw * (share > 1 ? 1 : share);
        fprintf(f, "<rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" rx=\"3\" fill=\"%s\"/>", x0, y + 23, w,
                shortfall ? "#d1495b" : "#2a9d8f");
        double tx = x0 + bw * sh.target_share;
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2733\" stroke-width=\"3\"/>", tx, y + 19, tx,
                y + 45);
        fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" font-size=\"14\" fill=\"#1d2733\"><tspan font-weight=\"700\">%s</tspan> ",
                x0 + bw + 14, y + 37, pk_pct(nf, share, 1));
        pk_escf(f, TR("(mål %s)", "(target %s)"), pk_pct(nf, sh.target_share, 0));
        if (shortfall) {
            fputs("<tspan fill=\"#9b2335\" font-weight=\"600\"> ", f);
            pk_escf(f, TR("mangler %s uker", "%s weeks short"), pk_wk(nf, sh.deficit_weeks));
            fputs("</tspan>", f);
        }
        fputs("</text></g>\n", f);
    }
    fputs("</svg>\n</section>\n", f);
}

/* A whole number with plain thousands separators (a space, or ',' in
 * English), as prose writes the figures of IS-2956. */
static const char *plain_int(char *buf, size_t n, double v, int en)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%.0f", v);
    size_t len = strlen(raw), o = 0;
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0 && raw[0] != '-') buf[o++] = en ? ',' : ' ';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
    return buf;
}

/* The IS-2956 funding models for the plan's municipal weeks, at their
 * national prices per week (finance.c), beside what the plan costs there. */
static void write_funding(FILE *f, rctx *c)
{
    const praksis_figures *S = &c->R->plan.fig;
    const pk_plan *pl = c->pl;
    pk_numfmt *nf = &c->nf;
    praksis_finance_rates fr;
    praksis_finance_rates_init(&fr);
    double W = pl->kind_weeks[0];
    praksis_finance_local m;
    praksis_finance_local_models(&fr, W, pl->kind_relocated_weeks[0], &m);
    double plan_m = pl->kind_travel[0] + pl->kind_supervision[0] + S->cost_fixed;
    pk_esc(f, TR("Mot tilskuddsmodellene i IS-2956, for de samme ukene", "Against the IS-2956 funding models, for the same weeks"));
    fputs("</h3>\n<table>\n<thead><tr>", f);
    pk_th(f, "", TR("Modell", "Model"));
    pk_th(f, "n", TR("For planens kommuneuker", "For the plan's municipal weeks"));
    pk_th(f, "n", TR("Per uke", "Per week"));
    fputs("</tr></thead>\n<tbody>\n<tr class=\"tot\">", f);
    pk_td_text(f, TR("Denne planen (kommunene)", "This plan (municipalities)"));
    pk_td_num(f, pk_kr(nf, plan_m));
    pk_td_num(f, pk_kr(nf, W > 0 ? plan_m / W : NAN));
    fputs("</tr>\n<tr>", f);
    pk_td_text(f, TR("2A: fast ukepris for alle uker", "2A: flat price for every week"));
    pk_td_num(f, pk_kr(nf, m.flat));
    pk_td_num(f, pk_kr(nf, m.price));
    fputs("</tr>\n<tr>", f);
    pk_td_text(f, TR("Hybrid: reisestøtte for 1/3 av ukene", "Hybrid: travel support for 1/3 of weeks"));
    pk_td_num(f, pk_kr(nf, m.hybrid));
    pk_td_num(f, pk_kr(nf, W > 0 ? m.hybrid / W : NAN));
    fputs("</tr>\n<tr>", f);
    fputs("<td>", f);
    pk_escf(f, TR("Hybrid med planens flytteandel (%s)", "Hybrid with the plan's relocated share (%s)"),
         pk_pct(nf, W > 0 ? pl->kind_relocated_weeks[0] / W : 0, 0));
    fputs("</td>", f);
    pk_td_num(f, pk_kr(nf, m.hybrid_planned));
    pk_td_num(f, pk_kr(nf, W > 0 ? m.hybrid_planned / W : NAN));
    fputs("</tr>\n</tbody>\n</table>\n<p class=\"note\">", f);
    char nw[32];
    plain_int(nw, sizeof nw, m.national_weeks, c->en);
    pk_escf(f, TR("Sammenligningen gjelder praksisukene i kommunene (%s studentuker), som tilskuddsmodellene i IS-2956 gjelder. "
               "Planen bruker scenarioets satser; koordinatorkostnaden svarer til modellenes administrasjon og ramme. "
               "2A betaler %s for hver uke: %s administrasjon (%.0f mill. kr / %s uker), %s veiledning og %s reise og bolig. "
               "Hybridmodellen betaler %s veiledning per uke, %s reise og bolig for en tredjedel av ukene og rammen "
               "(%.0f mill. + %.0f mill. kr K2020) fordelt per uke (%s).",
               "The comparison is for the practice weeks in municipalities (%s student-weeks), which the IS-2956 funding "
               "models pay for. The plan uses the scenario's rates; its coordinator cost matches the models' administration "
               "and frame. 2A pays %s for every week: %s administration (NOK %.0f m / %s weeks), %s supervision and %s "
               "travel and housing. The hybrid pays %s supervision a week, %s travel and housing for one third of the weeks, "
               "and the frame (NOK %.0f m + %.0f m K2020) spread per week (%s)."),
         pk_wk(nf, W), pk_kr(nf, m.price), pk_kr(nf, m.admin_per_week), fr.admin / 1e6, nw, pk_kr(nf, fr.supervision),
         pk_kr(nf, fr.travel), pk_kr(nf, fr.supervision), pk_kr(nf, fr.travel), fr.frame / 1e6, fr.k2020 / 1e6,
         pk_kr(nf, m.frame_per_week));
    fputs("</p>\n</div>\n</div>\n</section>\n", f);
}

static void write_cost(FILE *f, rctx *c)
{
    const praksis_figures *S = &c->R->plan.fig;
    const pk_plan *pl = c->pl;
    const praksis_settings *set = &c->P->set;
    pk_numfmt *nf = &c->nf;
    fputs("<section id=\"kostnad\">\n<h2>", f);
    pk_esc(f, TR("Hva pengene går til", "What the money buys"));
    fputs("</h2>\n<p class=\"lead\">", f);
    pk_escf(f, TR("Kostnaden er reise og bolig for studenter som må flytte (%s per studentuke), veiledningstilskudd (%s per "
               "studentuke i kommunene%s) og koordinatorkostnaden for hver kommune eller kommunegruppe som tar imot studenter.",
               "Cost is travel and a second home for students who relocate (%s per student-week), supervision compensation "
               "(%s per student-week in municipalities%s) and the coordinator cost of each municipality or group that takes students."),
         pk_kr(nf, set->travel_rate), pk_kr(nf, set->supervision_rate),
         set->hospital_supervision_rate > 0 ? (c->en ? ", and at hospitals as set" : ", og på sykehus etter satsen") : "");
    fputs("</p>\n", f);

    /* stacked bar */
    double parts[3] = {S->cost_travel, S->cost_supervision, S->cost_fixed};
    const char *col[3] = {"#e07a2f", "#2c7fb8", "#7b6ba8"};
    const char *name[3] = {TR("Reise og bolig", "Travel and housing"), TR("Veiledning", "Supervision"),
                           TR("Koordinatorer", "Coordinators")};
    fputs("<svg viewBox=\"0 0 1180 58\" width=\"100%\" style=\"max-width:1180px\" role=\"img\" aria-label=\"", f);
    pk_esc(f, TR("Kostnad etter element", "Cost by element"));
    fputs("\" xmlns=\"http://www.w3.org/2000/svg\">\n", f);
    double x = 0, total = S->cost_total > 0 ? S->cost_total : 1;
    for (int i = 0; i < 3; i++) {
        double w = 1180 * parts[i] / total;
        if (w <= 0) continue;
        fprintf(f, "<g><title>%s: %s (%s)</title><rect x=\"%.1f\" y=\"4\" width=\"%.1f\" height=\"34\" fill=\"%s\"/>", name[i],
                pk_kr(nf, parts[i]), pk_pct(nf, parts[i] / total, 0), x, w, col[i]);
        if (w > 150) {
            fprintf(f, "<text x=\"%.1f\" y=\"26\" fill=\"#fff\" font-size=\"14\" font-weight=\"600\">", x + 10);
            pk_escf(f, "%s %s", name[i], pk_pct(nf, parts[i] / total, 0));
            fputs("</text>", f);
        }
        fputs("</g>\n", f);
        x += w;
    }
    fputs("<text x=\"0\" y=\"54\" font-size=\"12\" fill=\"#5b6775\">0</text>", f);
    fprintf(f, "<text x=\"1180\" y=\"54\" font-size=\"12\" fill=\"#5b6775\" text-anchor=\"end\">%s</text>\n</svg>\n",
            pk_kr(nf, S->cost_total));

    fputs("<div class=\"cols\">\n<div>\n<h3>", f);
    pk_esc(f, TR("Kostnad etter element", "Cost by element"));
    fputs("</h3>\n<table>\n<thead><tr>", f);
    pk_th(f, "", "");
    pk_th(f, "n", TR("Kommuner", "Municipalities"));
    pk_th(f, "n", TR("Sykehus", "Hospitals"));
    pk_th(f, "n", TR("I alt", "Total"));
    pk_th(f, "n", TR("Per studentuke", "Per student-week"));
    fputs("</tr></thead>\n<tbody>\n", f);
    double pw = S->placed_weeks > 0 ? S->placed_weeks : NAN;
    double rows[3][2] = {{pl->kind_travel[0], pl->kind_travel[1]}, {pl->kind_supervision[0], pl->kind_supervision[1]}, {S->cost_fixed, 0}};
    for (int i = 0; i < 3; i++) {
        fprintf(f, "<tr><td><span class=\"swatch\" style=\"background:%s;margin-left:0\"></span>", col[i]);
        pk_esc(f, name[i]);
        fputs("</td>", f);
        pk_td_num(f, pk_kr(nf, rows[i][0]));
        pk_td_num(f, pk_kr(nf, rows[i][1]));
        pk_td_num(f, pk_kr(nf, rows[i][0] + rows[i][1]));
        pk_td_num(f, pk_kr(nf, (rows[i][0] + rows[i][1]) / pw));
        fputs("</tr>\n", f);
    }
    fputs("<tr class=\"tot\">", f);
    pk_td_text(f, TR("I alt", "Total"));
    pk_td_num(f, pk_kr(nf, pl->kind_travel[0] + pl->kind_supervision[0] + S->cost_fixed));
    pk_td_num(f, pk_kr(nf, pl->kind_travel[1] + pl->kind_supervision[1]));
    pk_td_num(f, pk_kr(nf, S->cost_total));
    pk_td_num(f, pk_kr(nf, S->cost_total / pw));
    fputs("</tr>\n<tr>", f);
    pk_td_text(f, TR("Studentuker", "Student-weeks"));
    pk_td_num(f, pk_wk(nf, pl->kind_weeks[0]));
    pk_td_num(f, pk_wk(nf, pl->kind_weeks[1]));
    pk_td_num(f, pk_wk(nf, S->placed_weeks));
    pk_td_num(f, "");
    fputs("</tr>\n</tbody>\n</table>\n</div>\n<div>\n<h3>", f);
    write_funding(f, c);
}

static void write_relocated(FILE *f, rctx *c)
{
    const praksis_instance *I = c->I;
    const praksis_figures *S = &c->R->plan.fig;
    pk_numfmt *nf = &c->nf;
    fputs("<section id=\"flytting\">\n<h2>", f);
    pk_esc(f, TR("Studenter som flytter", "Students who relocate"));
    fputs("</h2>\n<p class=\"lead\">", f);
    if (!S->relocated_students) {
        pk_escf(f, TR("Ingen studenter har praksis mer enn %s km fra campus.", "No student is placed more than %s km from campus."),
             pk_num(nf, c->P->set.commute_km, 0));
        fputs("</p>\n</section>\n", f);
        return;
    }
    pk_escf(f, TR("%s studenter (%s studentuker) har praksis mer enn %s km fra campus og får reise og bolig dekket: %s. "
               "Ingen flytter alene: et sted som tar imot flyttende studenter i en periode, får minst %d.",
               "%s students (%s student-weeks) are placed more than %s km from campus and get travel and housing: %s. "
               "Nobody relocates alone: a site that takes relocated students in a period gets at least %d."),
         pk_num(nf, (double)S->relocated_students, 0), pk_wk(nf, S->relocated_weeks), pk_num(nf, c->P->set.commute_km, 0),
         pk_kr(nf, S->cost_travel), c->P->set.min_relocated_group);
    fputs("</p>\n<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-flytting\">\n<thead><tr>", f);
    pk_th(f, "", TR("Fra campus", "From campus"));
    pk_th(f, "", TR("Til", "To"));
    pk_th(f, "", TR("Type", "Kind"));
    pk_th(f, "n", "km");
    pk_th(f, "n", TR("Studenter", "Students"));
    pk_th(f, "n", TR("Studentuker", "Student-weeks"));
    pk_th(f, "n", TR("Reise og bolig", "Travel and housing"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int i = 0; i < c->n_flows; i++) {
        const pk_flow *fl = &c->flows[i];
        fputs("<tr>", f);
        pk_td_text(f, I->campuses[fl->campus].name);
        fputs("<td>", f);
        pk_escf(f, "%s (%s)", I->sites[fl->site].name, I->sites[fl->site].id);
        fputs("</td>", f);
        pk_td_text(f, pk_report_kind(c, &I->sites[fl->site]));
        pk_td_num(f, pk_num(nf, fl->km, 0));
        pk_td_num(f, pk_num(nf, (double)fl->students, 0));
        pk_td_num(f, pk_wk(nf, fl->weeks));
        pk_td_num(f, pk_kr(nf, fl->travel));
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</div>\n</section>\n", f);
}

static void write_reason(FILE *f, rctx *c, int k)
{
    const cohort *h = &c->I->cohorts[c->P->coh[k]];
    pk_numfmt *nf = &c->nf;
    if (c->why.no_row[k]) {
        fputs("<b>", f);
        pk_esc(f, TR("Ingen kapasitetsrad", "No capacity row"));
        fputs("</b>: ", f);
        pk_escf(f, TR("ingen steder har plasser for %s i %s", "no site has places for %s in %s"), c->I->programmes[h->programme].id,
             c->I->periods[h->period]);
        return;
    }
    const char *label[PK_REASONS] = {TR("Plassene er fulle", "Places full"), TR("Veilederne er fulle", "Supervisors full"),
                                  TR("Flytteminimum", "Relocated minimum"), TR("Ledig plass", "Room left")};
    const char *what[PK_REASONS] = {TR("plassene er fulle ved %s", "places full at %s"),
                                 TR("veilederne er fulle ved %s", "supervisors full at %s"),
                                 TR("flytteminimum ved %s (ingen flytter alene)", "relocated minimum at %s (nobody relocates alone)"),
                                 TR("ledig plass ved %s", "room left at %s")};
    int total = 0, top = pk_reasons_main(&c->why, k);
    for (int r = 0; r < PK_REASONS; r++) total += c->why.sites[k][r];
    fputs("<b>", f);
    pk_esc(f, label[top]);
    fputs("</b>: ", f);
    if (total == 1)
        pk_esc(f, TR("1 mulig sted; ", "1 possible site; "));
    else
        pk_escf(f, TR("%s mulige steder; ", "%s possible sites; "), pk_num(nf, total, 0));
    int first = 1;
    for (int r = 0; r < PK_REASONS; r++) {
        if (!c->why.sites[k][r]) continue;
        if (!first) fputs(", ", f);
        char buf[256];
        snprintf(buf, sizeof buf, what[r], pk_num(nf, c->why.sites[k][r], 0));
        pk_esc(f, buf);
        first = 0;
    }
    if (c->why.sites[k][PK_REASON_ROOM] && c->R->info.status != PRAKSIS_STATUS_OPTIMAL)
        pk_esc(f, TR(" (planen er ikke bevist optimal)", " (the plan is not proven optimal)"));
}

static void write_unplaced(FILE *f, rctx *c)
{
    const praksis_instance *I = c->I;
    const praksis_figures *S = &c->R->plan.fig;
    const problem *P = c->P;
    pk_numfmt *nf = &c->nf;
    fputs("<section id=\"uplassert\">\n<h2>", f);
    pk_esc(f, TR("Studenter uten plass", "Students without a place"));
    fputs("</h2>\n", f);
    if (!S->unplaced) {
        fputs("<p class=\"good\">", f);
        pk_esc(f, TR("Alle studentene har fått plass.", "Every student has a place."));
        fputs("</p>\n</section>\n", f);
        return;
    }
    fputs("<p class=\"lead\">", f);
    pk_escf(f, TR("%s studenter (%s studentuker) har ikke fått plass. Grunnen er regnet ut fra dataene for hvert kull: "
               "hvert sted med kapasitet for kullets program og periode, og hva som stopper det der.",
               "%s students (%s student-weeks) have no place. The reason is worked out from the data for each cohort: "
               "every site with capacity for its programme and period, and what stops it there."),
         pk_num(nf, (double)S->unplaced, 0), pk_wk(nf, S->unplaced_weeks));
    fputs("</p>\n<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-uplassert\">\n<thead><tr>", f);
    pk_th(f, "", TR("Kull", "Cohort"));
    pk_th(f, "", TR("Campus", "Campus"));
    pk_th(f, "", TR("Program", "Programme"));
    pk_th(f, "", TR("Periode", "Period"));
    pk_th(f, "n", TR("Uten plass", "Unplaced"));
    pk_th(f, "n", TR("Studentuker", "Student-weeks"));
    pk_th(f, "", TR("Hvorfor", "Why"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int k = 0; k < P->n_coh; k++) {
        if (!c->R->plan.unplaced[k]) continue;
        const cohort *h = &I->cohorts[P->coh[k]];
        fputs("<tr>", f);
        pk_td_text(f, h->id);
        pk_td_text(f, I->campuses[h->campus].name);
        pk_td_text(f, I->programmes[h->programme].id);
        pk_td_text(f, I->periods[h->period]);
        pk_td_num(f, pk_num(nf, (double)c->R->plan.unplaced[k], 0));
        pk_td_num(f, pk_wk(nf, (double)c->R->plan.unplaced[k] * h->weeks));
        fputs("<td>", f);
        write_reason(f, c, k);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</div>\n</section>\n", f);
}

/* All assignments, one row per (cohort, site) as in assignments.csv. */
static void write_assignments(FILE *f, rctx *c)
{
    const praksis_instance *I = c->I;
    const problem *P = c->P;
    pk_numfmt *nf = &c->nf;
    pk_arow *rows = NULL;
    long n = 0;
    if (pk_plan_rows(P, c->R->x, &rows, &n)) n = 0; /* out of memory: an empty table rather than none */
    fputs("<details>\n<summary>", f);
    pk_escf(f, TR("Alle tildelinger (%ld rader)", "All assignments (%ld rows)"), n);
    fputs("</summary>\n<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-tildelinger\">\n<thead><tr>", f);
    pk_th(f, "", TR("Kull", "Cohort"));
    pk_th(f, "", TR("Campus", "Campus"));
    pk_th(f, "", TR("Program", "Programme"));
    pk_th(f, "", TR("Periode", "Period"));
    pk_th(f, "", TR("Sted", "Site"));
    pk_th(f, "", TR("Type", "Kind"));
    pk_th(f, "n", TR("Studenter", "Students"));
    pk_th(f, "n", TR("Uker", "Weeks"));
    pk_th(f, "n", "km");
    pk_th(f, "n", TR("Flytter", "Relocated"));
    pk_th(f, "n", TR("Reise og bolig", "Travel and housing"));
    pk_th(f, "n", TR("Veiledning", "Supervision"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (long i = 0; i < n; i++) {
        const pk_arow *w = &rows[i];
        const cohort *h = &I->cohorts[P->coh[w->coh]];
        fputs("<tr>", f);
        pk_td_text(f, h->id);
        pk_td_text(f, I->campuses[h->campus].name);
        pk_td_text(f, I->programmes[h->programme].id);
        pk_td_text(f, I->periods[h->period]);
        pk_td_text(f, I->sites[w->site].name);
        pk_td_text(f, pk_report_kind(c, &I->sites[w->site]));
        pk_td_num(f, pk_num(nf, (double)w->students, 0));
        pk_td_num(f, pk_num(nf, h->weeks, fabs(h->weeks - round(h->weeks)) < 1e-9 ? 0 : 2));
        pk_td_num(f, pk_num(nf, w->km, 0));
        pk_td_num(f, w->relocated ? pk_num(nf, (double)w->relocated, 0) : "");
        pk_td_num(f, pk_num(nf, w->travel, 0));
        pk_td_num(f, pk_num(nf, w->supervision, 0));
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</div>\n</details>\n", f);
    free(rows);
}

static void write_tables(FILE *f, rctx *c)
{
    const praksis_instance *I = c->I;
    const pk_plan *pl = c->pl;
    pk_numfmt *nf = &c->nf;
    int rows = 0;
    for (size_t i = 0; i < (size_t)I->n_sites * (size_t)c->NT; i++) rows += pl->sp_students[i] > 0;
    fputs("<section id=\"tabeller\">\n<h2>", f);
    pk_esc(f, TR("Tabeller", "Tables"));
    fputs("</h2>\n<p class=\"lead\">", f);
    pk_esc(f, TR("Klikk på en kolonneoverskrift for å sortere. De samme tallene står i site_use.csv og assignments.csv.",
              "Click a column heading to sort. The same figures are in site_use.csv and assignments.csv."));
    fputs("</p>\n<details open>\n<summary>", f);
    pk_escf(f, TR("Bruk av praksisstedene (%d rader)", "Use of the sites (%d rows)"), rows);
    fputs("</summary>\n<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-steder\">\n<thead><tr>", f);
    pk_th(f, "", TR("Sted", "Site"));
    pk_th(f, "", TR("Nr", "Id"));
    pk_th(f, "", TR("Type", "Kind"));
    pk_th(f, "", TR("Koordinatorgruppe", "Coordinator group"));
    pk_th(f, "", TR("Periode", "Period"));
    pk_th(f, "n", TR("Studenter", "Students"));
    pk_th(f, "n", TR("Flytter", "Relocated"));
    pk_th(f, "n", TR("Veiledere", "Supervisors"));
    pk_th(f, "n", TR("Plasser", "Places"));
    pk_th(f, "n", TR("Utnyttet", "Used"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int j = 0; j < I->n_sites; j++)
        for (int t = 0; t < I->n_periods; t++) {
            size_t i = (size_t)j * (size_t)c->NT + (size_t)t;
            if (!pl->sp_students[i]) continue;
            const site *s = &I->sites[j];
            fputs("<tr>", f);
            pk_td_text(f, s->name);
            pk_td_text(f, s->id);
            pk_td_text(f, pk_report_kind(c, s));
            pk_td_text(f, s->group >= 0 ? I->groups[s->group].id : "");
            pk_td_text(f, I->periods[t]);
            pk_td_num(f, pk_num(nf, (double)pl->sp_students[i], 0));
            pk_td_num(f, pk_num(nf, (double)pl->sp_relocated[i], 0));
            pk_td_num(f, pk_num(nf, (double)pl->sp_supervisors[i], 0));
            pk_td_num(f, pk_num(nf, (double)c->P->sp_places[i], 0));
            pk_td_num(f, c->P->sp_places[i] > 0 ? pk_pct(nf, (double)pl->sp_students[i] / (double)c->P->sp_places[i], 0) : "");
            fputs("</tr>\n", f);
        }
    fputs("</tbody>\n</table>\n</div>\n</details>\n", f);

    write_assignments(f, c);
    fputs("</section>\n", f);
}

static void write_footer(FILE *f, rctx *c)
{
    const praksis_settings *s = &c->P->set;
    pk_numfmt *nf = &c->nf;
    fputs("<footer>\n<p>", f);
    pk_esc(f, TR("Scenario: ", "Scenario: "));
    pk_escf(f, "travel_rate %s · supervision_rate %s · hospital_supervision_rate %s · coordinator_cost %s · commute_km %s · "
            "road_factor %s · min_relocated_group %d · municipal_share %s · capacity_scale %s · demand_scale %s · programmes ",
         pk_num(nf, s->travel_rate, 0), pk_num(nf, s->supervision_rate, 0), pk_num(nf, s->hospital_supervision_rate, 0),
         pk_num(nf, s->coordinator_cost, 0), pk_num(nf, s->commute_km, 0), pk_num(nf, s->road_factor, 2), s->min_relocated_group,
         pk_num(nf, s->municipal_share, 2), pk_num(nf, s->capacity_scale, 2), pk_num(nf, s->demand_scale, 2));
    if (!s->programmes) pk_esc(f, TR("alle", "all"));
    for (int i = 0; s->programmes && i < s->n_programmes; i++) pk_escf(f, "%s%s", i ? "+" : "", s->programmes[i]);
    pk_escf(f, " · change_cost %s · honour_minimums %s", pk_num(nf, s->change_cost, 0), s->honour_minimums ? "true" : "false");
    fputs("</p>\n<p>", f);
    pk_escf(f, TR("Laget av praksis %s (GLPK). Tallene er regnet ut på nytt fra planen og dataene, ikke lest fra løseren. "
               "Kart: Kartverket (kommunegrenser 2020).",
               "Made by praksis %s (GLPK). The figures are recomputed from the plan and the data, not read from the solver. "
               "Map: Kartverket (municipal boundaries 2020)."),
         PRAKSIS_VERSION);
    fputs("</p>\n</footer>\n", f);
}

static int write_report(FILE *f, const void *ctx)
{
    rctx *c = (rctx *)ctx;
    write_head(f, c);
    write_header(f, c);
    write_kpis(f, c);
    pk_report_map(f, c);
    write_shares(f, c);
    write_cost(f, c);
    write_relocated(f, c);
    write_unplaced(f, c);
    pk_report_agreements(f, c);
    pk_report_students(f, c);
    pk_report_explain(f, c);
    pk_report_warnings(f, c);
    write_tables(f, c);
    write_footer(f, c);
    fputs("</main>\n", f);
    fputs(pk_sort_script, f);
    fputs("</body>\n</html>\n", f);
    return 0;
}

/* site i before site j: more students first, then by name */
static int before(const rctx *c, int i, int j)
{
    const long *st = c->pl->site_students;
    if (st[i] != st[j]) return st[i] > st[j];
    return strcmp(c->I->sites[i].name, c->I->sites[j].name) < 0;
}

/* What the page shows beyond the plan's figures: the relocation flows, the
 * municipalities in order of students and the unplaced reasons. */
static praksis_error plan_view(rctx *c)
{
    const praksis_instance *I = c->I;
    c->NT = I->n_periods ? I->n_periods : 1;
    c->order = pk_report_calloc((size_t)I->n_sites, sizeof *c->order);
    if (!c->order || pk_plan_flows(c->P, c->R->x, &c->flows, &c->n_flows) || pk_reasons_compute(&c->why, c->P, c->pl))
        return PRAKSIS_ERR_NOMEM;
    for (int j = 0; j < I->n_sites; j++)
        if (I->sites[j].kind == SITE_MUNICIPALITY) c->order[c->n_muni++] = j;
    /* insertion sort: no shared qsort context, so reports can be written from several threads */
    for (int i = 1; i < c->n_muni; i++) {
        int v = c->order[i], at = i;
        while (at > 0 && before(c, v, c->order[at - 1])) {
            c->order[at] = c->order[at - 1];
            at--;
        }
        c->order[at] = v;
    }
    return PRAKSIS_OK;
}

/* The heading: as given, or the region when every municipality names the
 * same one, else the instance directory's name. */
static void make_title(rctx *c, const praksis_report_options *opt)
{
    const praksis_instance *I = c->I;
    const char *region = NULL;
    for (int j = 0; j < I->n_sites; j++) {
        const char *rg = I->sites[j].region;
        if (I->sites[j].kind != SITE_MUNICIPALITY) continue;
        if (!rg || !*rg || (region && strcmp(region, rg))) {
            region = "";
            break;
        }
        region = rg;
    }
    if (opt->title) {
        snprintf(c->title, sizeof c->title, "%s", opt->title);
    } else {
        const char *base = strrchr(I->dir, '/');
        base = base && base[1] ? base + 1 : I->dir;
        snprintf(c->title, sizeof c->title, "%s: %s", TR("Praksisplan", "Placement plan"),
                 region && *region ? region : base);
    }
}

praksis_error praksis_result_write_html(const praksis_result *r, const praksis_report_options *opt, const char *path,
                                        praksis_diag *diag)
{
    if (!r || !path) return PRAKSIS_ERR_USAGE;
    praksis_report_options dflt = {0};
    if (!opt) opt = &dflt;
    if (opt->lang && strcmp(opt->lang, "nb") && strcmp(opt->lang, "en")) {
        pk_diag_set(diag, "report", 0, 0, "language: expected \"nb\" or \"en\", found \"%s\"", opt->lang);
        return PRAKSIS_ERR_USAGE;
    }
    rctx *c = calloc(1, sizeof *c);
    if (!c) return PRAKSIS_ERR_NOMEM;
    c->R = r;
    c->P = r->P;
    c->I = r->P->inst;
    c->pl = &r->plan;
    c->en = opt->lang && !strcmp(opt->lang, "en");
    c->ex = opt->explain;
    c->nf.en = c->en;
    praksis_error rc = plan_view(c);
    if (!rc) rc = pk_report_load_map(c, opt, diag);
    if (!rc) {
        pk_report_breaks(c);
        make_title(c, opt);
        rc = pk_write_atomic(path, write_report, c, diag);
    }
    pk_map_free(&c->G);
    free(c->feat_of);
    free(c->flows);
    free(c->order);
    pk_reasons_free(&c->why);
    free(c);
    return rc;
}

static praksis_error write_html_extra(const praksis_result *r, const char *path, const void *user, praksis_diag *diag)
{
    return praksis_result_write_html(r, user, path, diag);
}

praksis_plan_extra praksis_report_extra(const praksis_report_options *opt)
{
    return (praksis_plan_extra){"report.html", write_html_extra, opt};
}
