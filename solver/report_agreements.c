/*
 * report_agreements.c - report.html's section on what the plan was made on
 * top of: the agreed placements and minimum intakes it meets, and how it
 * differs from the previous plan (who gains and loses students, the
 * municipalities that lose all of theirs and the new ones).  The figures
 * are the plan's own (plan.c); an instance without agreements or a
 * previous plan gets no section.
 */
#define _POSIX_C_SOURCE 200809L
#include "report.h"

#include <stdlib.h>
#include <string.h>

enum { MOST_CHANGES = 100 }; /* rows of the changes table: the national plan changes thousands */

/* The municipalities that lose all their students (lost) or take some anew,
 * as "Name (id), ..." in one paragraph; nothing when there are none. */
static void municipality_list(FILE *f, rctx *c, int lost)
{
    const praksis_instance *I = c->I;
    const pk_plan *pl = c->pl;
    int n = 0;
    for (int j = 0; j < I->n_sites; j++) {
        if (I->sites[j].kind != SITE_MUNICIPALITY) continue;
        int take = lost ? pl->site_prev[j] > 0 && pl->site_students[j] == 0 : pl->site_prev[j] == 0 && pl->site_students[j] > 0;
        if (!take) continue;
        if (!n++) {
            fputs("<p>", f);
            pk_esc(f, lost ? TR("Mister alle studentene sine: ", "Lose all their students: ")
                           : TR("Tar imot studenter for første gang: ", "Take students anew: "));
        } else {
            fputs(", ", f);
        }
        pk_escf(f, "%s (%s)", I->sites[j].name, I->sites[j].id);
    }
    if (n) fputs(".</p>\n", f);
}

static void agreed_lead(FILE *f, rctx *c)
{
    const praksis_figures *S = &c->pl->fig;
    pk_numfmt *nf = &c->nf;
    if (!S->fixed_rows && !S->minimum_rows) return;
    fputs("<p class=\"lead\">", f);
    pk_escf(f, TR("%s av %s avtalte plasseringer er oppfylt (%s studenter), og %s av %s minsteinntak (%s studenter). "
                  "Avtalene er absolutte: ingen plan bryter dem.",
                  "%s of %s agreed placements are met (%s students), and %s of %s minimum intakes (%s students). "
                  "Agreements are hard: no plan breaks them."),
            pk_num(nf, S->fixed_met, 0), pk_num(nf, S->fixed_rows, 0), pk_num(nf, (double)S->fixed_students, 0),
            pk_num(nf, S->minimums_met, 0), pk_num(nf, S->minimum_rows, 0), pk_num(nf, (double)S->minimum_students, 0));
    fputs("</p>\n", f);
}

typedef struct change {
    long size;  /* |students - previous| */
    int key;
} change;

static int by_size(const void *a, const void *b)
{
    const change *x = a, *y = b;
    if (x->size != y->size) return x->size < y->size ? 1 : -1;
    return x->key - y->key;
}

/* Each changed (site, programme[, period]), largest change first (then in
 * the plan's order), at most MOST_CHANGES of them. */
static void changes_table(FILE *f, rctx *c)
{
    const problem *P = c->P;
    const praksis_instance *I = c->I;
    const long *n = c->pl->ckey_students;
    int per = I->prev_has_period, m = 0;
    change *ch = pk_report_calloc((size_t)P->n_ckeys, sizeof *ch);
    if (!ch) return;
    for (int k = 0; k < P->n_ckeys; k++)
        if (n[k] != P->ckeys[k].prev) ch[m++] = (change){labs(n[k] - P->ckeys[k].prev), k};
    qsort(ch, (size_t)m, sizeof *ch, by_size);
    fputs("<div class=\"scroll\">\n<table class=\"sortable\" id=\"t-endringer\">\n<thead><tr>", f);
    pk_th(f, "", TR("Sted", "Site"));
    pk_th(f, "", TR("Program", "Programme"));
    if (per) pk_th(f, "", TR("Periode", "Period"));
    pk_th(f, "n", TR("Før", "Before"));
    pk_th(f, "n", TR("Nå", "Now"));
    pk_th(f, "n", TR("Endring", "Change"));
    fputs("</tr></thead>\n<tbody>\n", f);
    for (int i = 0; i < m && i < MOST_CHANGES; i++) {
        const pk_ckey *K = &P->ckeys[ch[i].key];
        long now = n[ch[i].key];
        char cell[300], d[32];
        fputs("<tr>", f);
        snprintf(cell, sizeof cell, "%s (%s)", I->sites[K->site].name, I->sites[K->site].id);
        pk_td_text(f, cell);
        pk_td_text(f, I->programmes[K->programme].id);
        if (per) pk_td_text(f, I->periods[K->period]);
        pk_td_num(f, pk_num(&c->nf, (double)K->prev, 0));
        pk_td_num(f, pk_num(&c->nf, (double)now, 0));
        snprintf(d, sizeof d, "%+ld", now - K->prev);
        pk_td_num(f, d);
        fputs("</tr>\n", f);
    }
    fputs("</tbody>\n</table>\n</div>\n", f);
    free(ch);
}

static void previous_lead(FILE *f, rctx *c)
{
    const praksis_figures *S = &c->pl->fig;
    pk_numfmt *nf = &c->nf;
    fputs("<p class=\"lead\">", f);
    pk_escf(f, TR("Mot forrige plan (%s studenter): %s flere og %s færre, fordelt på %s rader (sted, program%s); "
                  "%s av studentene fra forrige plan står der de sto (%s).",
                  "Against the previous plan (%s students): %s more and %s fewer, over %s rows (site, programme%s); "
                  "%s of the previous plan's students stay where they were (%s)."),
            pk_num(nf, (double)S->previous_students, 0), pk_num(nf, (double)S->students_added, 0),
            pk_num(nf, (double)S->students_removed, 0), pk_num(nf, S->rows_changed, 0),
            c->I->prev_has_period ? TR(", periode", ", period") : "", pk_pct(nf, S->kept_share, 1),
            pk_num(nf, (double)S->students_kept, 0));
    if (c->P->set.change_cost > 0)
        pk_escf(f, TR(" Hver endring veier %s kr i kostnadsnivået (i alt %s kr, ikke med i kostnaden over).",
                      " Each change weighs %s kr at the cost level (%s kr in all, not in the cost above)."),
                pk_num(nf, c->P->set.change_cost, 0), pk_kr(nf, S->change_penalty));
    fputs("</p>\n", f);
}

void pk_report_agreements(FILE *f, rctx *c)
{
    const praksis_figures *S = &c->pl->fig;
    if (!S->fixed_rows && !S->minimum_rows && !S->has_previous) return;
    fputs("<section id=\"avtaler\">\n<h2>", f);
    pk_esc(f, TR("Avtaler og endringer fra forrige plan", "Agreements and changes from the previous plan"));
    fputs("</h2>\n", f);
    agreed_lead(f, c);
    if (S->has_previous) {
        previous_lead(f, c);
        municipality_list(f, c, 1);
        municipality_list(f, c, 0);
        if (S->rows_changed) {
            fputs("<p>", f);
            if (S->rows_changed > MOST_CHANGES)
                pk_escf(f, TR("De %d største endringene av %s; alle står i changes.csv.",
                              "The %d largest changes of %s; all are in changes.csv."),
                        MOST_CHANGES, pk_num(&c->nf, S->rows_changed, 0));
            else
                pk_esc(f, TR("Endringene (også i changes.csv):", "The changes (also in changes.csv):"));
            fputs("</p>\n", f);
            changes_table(f, c);
        }
    }
    fputs("</section>\n", f);
}
