/*
 * report_explain.c - report.html's sections on why the plan is as it is:
 * the warnings about the data (always, when there are any), and with an
 * explanation (praksis_explain.h) the places worth most, the municipalities
 * left out with their price, and where more places would place the
 * unplaced.  The explanation's own words are English; the page composes
 * its sentences from the figures, in its own language.
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis_explain.h"
#include "report.h"

#include <math.h>
#include <string.h>

/* Rows of the table of places worth most. */
#define PLACES_SHOWN 15

void pk_report_warnings(FILE *f, rctx *c)
{
    const problem *P = c->P;
    if (!P->n_warnings) return;
    fputs("<section id=\"advarsler\">\n<h2>", f);
    pk_esc(f, TR("Data som ikke kan bety noe", "Data that cannot matter"));
    fputs("</h2>\n<p class=\"lead\">", f);
    pk_escf(f, TR("Dataene er gyldige, men %d ting i dem kan ikke påvirke planen, og er nesten alltid en feil "
                  "(en periode skrevet «P 2» for «P2», for eksempel). Meldingene er på engelsk, som på kommandolinjen.",
                  "The data are valid, but %d things in them cannot change the plan, and are nearly always a mistake "
                  "(a period typed \"P 2\" for \"P2\", say)."),
            P->n_warnings);
    fputs("</p>\n<ul>\n", f);
    for (int i = 0; i < P->n_warnings; i++) {
        const praksis_diag *w = &P->warnings[i];
        const char *base = strrchr(w->file, '/');
        fputs("<li><b>", f);
        pk_esc(f, base ? base + 1 : w->file);
        if (w->line > 0) fprintf(f, ":%ld", w->line);
        fputs("</b>: ", f);
        pk_esc(f, w->message);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n</section>\n", f);
}

/* A change of the three levels in the page's words: the first level it
 * moves, and the cost beside it. */
static void change_cells(FILE *f, rctx *c, const praksis_change *v)
{
    pk_numfmt *nf = &c->nf;
    if (v->method == PRAKSIS_METHOD_NONE) {
        fputs("<td></td><td></td><td></td><td></td>", f);
        return;
    }
    pk_td_num(f, fabs(v->unplaced_weeks) > 1e-6 ? pk_num(nf, v->unplaced_weeks, 1) : "");
    pk_td_num(f, fabs(v->deficit_weeks) > 1e-6 ? pk_num(nf, v->deficit_weeks, 1) : "");
    pk_td_num(f, pk_kr(nf, v->cost));
    pk_td_text(f, v->method == PRAKSIS_METHOD_EXACT ? TR("eksakt", "exact") : TR("anslag", "estimate"));
}

static void change_heads(FILE *f, rctx *c)
{
    pk_th(f, "n", TR("Uker uten plass", "Unplaced weeks"));
    pk_th(f, "n", TR("Uker under kommunemålet", "Weeks short of the share"));
    pk_th(f, "n", TR("Kostnad", "Cost"));
    pk_th(f, "", TR("Verdi", "Value"));
}

/* A section's heading and lead; when it has nothing to list, the line that
 * says so closes it and 0 is returned. */
static int open_section(FILE *f, const char *id, const char *title, const char *lead, int empty, const char *none)
{
    fprintf(f, "<section id=\"%s\">\n<h2>", id);
    pk_esc(f, title);
    fputs("</h2>\n<p class=\"lead\">", f);
    pk_esc(f, lead);
    fputs("</p>\n", f);
    if (!empty) return 1;
    fputs("<p class=\"good\">", f);
    pk_esc(f, none);
    fputs("</p>\n</section>\n", f);
    return 0;
}

static void write_places(FILE *f, rctx *c)
{
    const praksis_explain *e = c->ex;
    if (!open_section(f, "plassverdi", TR("Hva én plass til er verdt", "What one more place is worth"),
                      TR("Kapasitetsradene der én plass til ville gjort planen best: færre studenter uten plass først, så "
                         "nærmere kommunemålet, så lavere kostnad. Endringen er ny plan minus denne (negativt er bedre). "
                         "«Eksakt» er løst på nytt med raden endret; «anslag» er LP-dualen med gruppene, "
                         "flyttebeslutningene og veilederne holdt fast. Alle radene står i sensitivity.csv.",
                         "The capacity rows where one more place would improve the plan most: fewer students unplaced "
                         "first, then closer to the municipal share, then lower cost. The change is the new plan minus "
                         "this one (negative is better). \"Exact\" is solved again with the row changed; \"estimate\" "
                         "is the LP dual with the groups, relocation decisions and supervisors held fixed. Every row is in "
                         "sensitivity.csv."),
                      praksis_explain_ranked_row(e, 0) < 0,
                      TR("Ingen rad der én plass til ville gjort planen bedre.",
                         "No row where one more place would improve the plan.")))
        return;
    fputs("<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-plassverdi\">\n<thead><tr>", f);
    pk_th(f, "", TR("Sted", "Site"));
    pk_th(f, "", TR("Program", "Programme"));
    pk_th(f, "", TR("Periode", "Period"));
    pk_th(f, "n", TR("Linje", "Line"));
    pk_th(f, "n", TR("Brukt av plasser", "Used of places"));
    change_heads(f, c);
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int i = 0; i < PLACES_SHOWN; i++) {
        int r = praksis_explain_ranked_row(e, i);
        if (r < 0) break;
        praksis_place_value v;
        praksis_explain_row(e, r, &v);
        char used[64], line[32];
        snprintf(used, sizeof used, "%ld / %ld", v.used, v.places);
        snprintf(line, sizeof line, "%ld", v.line);
        fputs("<tr>", f);
        pk_td_text(f, v.site_name);
        pk_td_text(f, v.programme);
        pk_td_text(f, v.period);
        pk_td_num(f, line);
        pk_td_num(f, used);
        change_cells(f, c, &v.plus);
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</div>\n</section>\n", f);
}

/* Why a municipality gets nobody, in the page's language. */
static void site_reason(FILE *f, rctx *c, const praksis_unused_site *s)
{
    pk_numfmt *nf = &c->nf;
    switch (s->why) {
    case PRAKSIS_WHY_NO_COHORT:
        pk_esc(f, TR("ingen kull i programmene og periodene den har plasser for", "no cohort of its programmes in its periods"));
        break;
    case PRAKSIS_WHY_NO_SUPERVISORS:
        pk_esc(f, TR("den har ingen veiledere til plassene", "it gives no supervisors for its places"));
        break;
    case PRAKSIS_WHY_TOO_FEW:
        pk_escf(f, TR("plassene er utenfor pendleavstand og færre enn de %d som må flytte sammen",
                      "its places are beyond commuting distance and fewer than the %d who must relocate together"),
                s->min_relocated);
        break;
    case PRAKSIS_WHY_COORDINATOR:
        pk_escf(f, TR("koordinatorkostnaden på %s sparer ikke seg inn", "its coordinator cost of %s is not saved back"),
                pk_kr(nf, s->group_cost));
        break;
    case PRAKSIS_WHY_RELOCATED:
        pk_escf(f, TR("studentene måtte flytte dit, minst %d sammen: reise %s mer", "students would relocate there, at least %d together: travel %s more"),
                s->min_relocated, pk_kr(nf, s->travel));
        break;
    case PRAKSIS_WHY_DISTANCE:
        pk_escf(f, TR("utenfor pendleavstand for dem som ville dratt dit: reise %s mer", "beyond commuting distance for those who would go: travel %s more"),
                pk_kr(nf, s->travel));
        break;
    case PRAKSIS_WHY_TIE:
        pk_esc(f, TR("likt: planen valgte et annet sted med samme kostnad", "a tie: the plan took another site of the same cost"));
        break;
    case PRAKSIS_WHY_LEVEL:
        pk_esc(f, TR("flere ville stått uten plass eller under kommunemålet", "more would go unplaced or short of the municipal share"));
        break;
    case PRAKSIS_WHY_NO_PLAN:
        pk_esc(f, TR("ingen plan nær denne kan bruke den (ikke løst på nytt)", "no plan near this one can use it (not solved again)"));
        break;
    default:
        pk_esc(f, TR("studentene koster mer der enn der de er", "the students cost more there than where they are"));
        break;
    }
}

static void write_left_out(FILE *f, rctx *c)
{
    const praksis_explain *e = c->ex;
    int n = praksis_explain_site_count(e);
    if (!open_section(f, "utenfor", TR("Kommuner som ikke får studenter", "Municipalities left out"),
                      TR("Kommuner med plasser som planen ikke bruker: hva det ville endre å sende minst én student dit "
                         "(og flytteminimumet der de ville flyttet), og hvorfor. «Eksakt» er løst på nytt med kommunen "
                         "tvunget inn; «anslag» er den billigste flyttingen av studenter dit fra denne planen.",
                         "Municipalities with places that the plan leaves empty: what sending at least one student there "
                         "(and the relocated minimum where they would relocate) would change, and why. \"Exact\" is "
                         "solved again with the municipality forced in; \"estimate\" is the cheapest move of students "
                         "there from this plan."),
                      n == 0, TR("Alle kommuner med plasser får studenter.", "Every municipality with places takes students.")))
        return;
    fputs("<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-utenfor\">\n<thead><tr>", f);
    pk_th(f, "", TR("Kommune", "Municipality"));
    pk_th(f, "n", TR("Plasser", "Places"));
    pk_th(f, "n", TR("Studenter", "Students"));
    change_heads(f, c);
    pk_th(f, "", TR("Hvorfor", "Why"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int i = 0; i < n; i++) {
        praksis_unused_site s;
        praksis_explain_site(e, i, &s);
        fputs("<tr>", f);
        pk_td_text(f, s.name);
        pk_td_num(f, pk_num(&c->nf, (double)s.places, 0));
        pk_td_num(f, s.use.method == PRAKSIS_METHOD_NONE ? "" : pk_num(&c->nf, (double)s.students, 0));
        change_cells(f, c, &s.use);
        fputs("<td>", f);
        site_reason(f, c, &s);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</div>\n</section>\n", f);
}

/* One option for an unplaced cohort, in the page's language. */
static void option_words(FILE *f, rctx *c, const praksis_unplaced_option *o)
{
    pk_numfmt *nf = &c->nf;
    if (!o->site) {
        pk_escf(f, TR("ingen steder har en kapasitetsrad for %s i %s", "no site has a capacity row for %s in %s"), o->programme,
                o->period);
        return;
    }
    if (o->places_needed > 0)
        pk_escf(f, TR("%s plasser til for %s i %s ved %s (linje %ld) gir plass til %s", "%s more places for %s in %s at %s (line %ld) place %s"),
                pk_num(nf, (double)o->places_needed, 0), o->programme, o->period, o->site_name, o->line,
                pk_num(nf, (double)o->students, 0));
    else
        pk_escf(f, TR("%s har plasser til %s", "%s has places for %s"), o->site_name, pk_num(nf, (double)o->students, 0));
    pk_escf(f, TR(", %s hver%s", ", %s each%s"), pk_kr(nf, o->cost_per_student), o->relocated ? TR(" (flytter)", " (relocated)") : "");
    if (o->supervisors_needed)
        pk_escf(f, TR("; trenger %s veiledere til", "; needs %s more supervisors"), pk_num(nf, (double)o->supervisors_needed, 0));
    if (o->company_needed)
        pk_escf(f, TR("; %s til må flytte dit med dem", "; %s more must relocate there with them"),
                pk_num(nf, (double)o->company_needed, 0));
    if (o->fixed > 0) pk_escf(f, TR("; koordinatorgruppen åpnes (%s)", "; its coordinator group opens (%s)"), pk_kr(nf, o->fixed));
}

static void write_options(FILE *f, rctx *c)
{
    const praksis_explain *e = c->ex;
    int n = praksis_explain_unplaced_count(e);
    if (!n) return;
    open_section(f, "plass-til", TR("Hva som ville gitt plass til dem uten plass", "What would place the unplaced"),
                 TR("For hvert kull med studenter uten plass: de billigste stedene der flere plasser ville gitt dem plass, "
                    "ett sted om gangen, og hva de ville koste (også i unplaced_why.csv).",
                    "For each cohort with unplaced students: the cheapest sites where more places would place them, one "
                    "site at a time, and what they would cost (also in unplaced_why.csv)."),
                 0, NULL);
    fputs("<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-plass-til\">\n<thead><tr>", f);
    pk_th(f, "", TR("Kull", "Cohort"));
    pk_th(f, "n", TR("Uten plass", "Unplaced"));
    pk_th(f, "", TR("Hva som skal til", "What it takes"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int i = 0; i < n; i++) {
        praksis_unplaced_option o;
        praksis_explain_unplaced(e, i, &o);
        fputs("<tr>", f);
        pk_td_text(f, o.cohort);
        pk_td_num(f, pk_num(&c->nf, (double)o.unplaced, 0));
        fputs("<td>", f);
        option_words(f, c, &o);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</div>\n</section>\n", f);
}

void pk_report_explain(FILE *f, rctx *c)
{
    if (!c->ex) return;
    write_options(f, c);
    write_places(f, c);
    write_left_out(f, c);
}
