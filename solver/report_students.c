/*
 * report_students.c - report.html's section on the students listed in
 * students.csv: how many are placed in their home municipality, how many
 * cannot relocate, and why each of those without a place has none.
 *
 * A student who cannot relocate may go only where the placement is not
 * relocated: within commuting distance of the campus or of the home.  Its
 * class's candidate pairs are exactly those places, so the reason is read
 * off them with the cohort reasons' own test (reasons.c).
 */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <string.h>

/* Why students of class k (who cannot relocate) have no place: the sites
 * within commuting distance of campus or home, and what stops each. */
static void stay_reason(FILE *f, rctx *c, int k)
{
    const problem *P = c->P;
    const klass *K = &P->cls[k];
    const cohort *h = &c->I->cohorts[P->coh[K->coh]];
    pk_numfmt *nf = &c->nf;
    int n[PK_REASONS] = {0}, total = 0;
    for (long i = P->cls_first[k]; i < P->cls_first[k + 1]; i++) {
        n[pk_reason_at(P, c->pl, K->coh, P->pairs[i].site, i)]++;
        total++;
    }
    char where[160];
    snprintf(where, sizeof where, TR("innen %s km fra campus%s", "within %s km of the campus%s"),
             pk_num(nf, P->set.commute_km, 0), K->home >= 0 ? TR(" eller hjemmet", " or the home") : "");
    if (!total) {
        pk_escf(f, TR("kan ikke flytte, og ingen steder %s har plasser for %s i %s",
                      "cannot relocate, and no site %s has places for %s in %s"),
                where, c->I->programmes[h->programme].id, c->I->periods[h->period]);
        return;
    }
    if (total == 1)
        pk_escf(f, TR("kan ikke flytte; 1 sted %s: ", "cannot relocate; 1 site %s: "), where);
    else
        pk_escf(f, TR("kan ikke flytte; %s steder %s: ", "cannot relocate; %s sites %s: "), pk_num(nf, total, 0), where);
    const char *what[PK_REASONS] = {TR("plassene er fulle ved %s", "places full at %s"),
                                    TR("veilederne er fulle ved %s", "supervisors full at %s"),
                                    TR("flytteminimum ved %s", "relocated minimum at %s"),
                                    TR("ledig plass ved %s", "room left at %s")};
    int first = 1;
    for (int r = 0; r < PK_REASONS; r++) {
        if (!n[r]) continue;
        char buf[160];
        snprintf(buf, sizeof buf, what[r], pk_num(nf, n[r], 0));
        pk_escf(f, "%s%s", first ? "" : ", ", buf);
        first = 0;
    }
}

/* The table of the listed students who cannot relocate and have no place. */
static void stay_table(FILE *f, rctx *c, const long *pair_of)
{
    const problem *P = c->P;
    const praksis_instance *I = c->I;
    fputs("<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-hjemme\">\n<thead><tr>", f);
    pk_th(f, "", TR("Student", "Student"));
    pk_th(f, "", TR("Kull", "Cohort"));
    pk_th(f, "", TR("Hjemkommune", "Home"));
    pk_th(f, "", TR("Hvorfor", "Why"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int k = 0; k < P->n_cls; k++) {
        const klass *K = &P->cls[k];
        if (K->relocate) continue;
        for (long t = 0; t < K->n_listed; t++) {
            int i = P->listed[K->first_listed + t];
            if (pair_of[i] != -1) continue;
            fputs("<tr>", f);
            pk_td_text(f, I->students[i].id);
            pk_td_text(f, I->cohorts[P->coh[K->coh]].id);
            pk_td_text(f, K->home >= 0 ? I->sites[K->home].name : TR("(campus)", "(campus)"));
            fputs("<td>", f);
            stay_reason(f, c, k);
            fputs("</td></tr>\n", f);
        }
    }
    fputs("</tbody>\n</table>\n</div>\n", f);
}

void pk_report_students(FILE *f, rctx *c)
{
    const praksis_figures *S = &c->pl->fig;
    pk_numfmt *nf = &c->nf;
    if (!c->I->has_students) return;
    long *pair_of = pk_report_calloc((size_t)c->I->n_students + 1, sizeof *pair_of);
    if (!pair_of) return; /* the section is left out rather than half written */
    pk_students_pairs(c->P, c->R->x, pair_of);
    long stay_out = S->cannot_relocate - S->cannot_relocate_placed;
    fputs("<section id=\"studenter\">\n<h2>", f);
    pk_esc(f, TR("Studenter med hjemkommune", "Students with a home"));
    fputs("</h2>\n<p class=\"lead\">", f);
    pk_escf(f, TR("%s studenter står i students.csv. %s av dem har praksis i hjemkommunen (huset på kartet). En plass "
                  "innen %s km fra hjemmet er ingen flytting, selv om den er langt fra campus.",
                  "%s students are listed in students.csv. %s of them are placed in their home municipality (the house "
                  "on the map). A place within %s km of the home is no relocation, however far it is from the campus."),
            pk_num(nf, (double)S->listed_students, 0), pk_num(nf, (double)S->placed_at_home, 0),
            pk_num(nf, c->P->set.commute_km, 0));
    fputs("</p>\n<p class=\"", f);
    fputs(stay_out ? "bad" : "good", f);
    fputs("\">", f);
    if (!S->cannot_relocate)
        pk_esc(f, TR("Ingen av dem er oppført som at de ikke kan flytte.", "None of them is listed as unable to relocate."));
    else
        pk_escf(f, TR("%s kan ikke flytte: %s har fått plass, %s ikke.", "%s cannot relocate: %s have a place, %s have not."),
                pk_num(nf, (double)S->cannot_relocate, 0), pk_num(nf, (double)S->cannot_relocate_placed, 0),
                pk_num(nf, (double)stay_out, 0));
    fputs("</p>\n", f);
    if (stay_out) stay_table(f, c, pair_of);
    fputs("</section>\n", f);
    free(pair_of);
}
