/*
 * cli_explain.c - why this plan, on the terminal: `solve --explain` (the
 * files and the summary's lines) and `praksis explain OUTDIR --instance
 * DIR [--site ID]`, which reads a plan back and answers without solving
 * it again.  The answers are the library's (praksis_explain.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis.h"
#include "praksis_explain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Places and municipalities named in the summary. */
enum { SUMMARY_PLACES = 3 };

static int stop_requested(void *user)
{
    (void)user;
    return cli_interrupted != 0;
}

static void explain_options(const options *o, praksis_explain_options *eo)
{
    praksis_explain_options_init(eo);
    if (o->exact >= 0) eo->exact_rows = eo->exact_sites = o->exact;
    if (isfinite(o->resolve_seconds)) eo->time_limit = o->resolve_seconds;
    eo->threads = o->threads;
    eo->stop = stop_requested;
}

struct praksis_explain *cli_explain_plan(const praksis_result *r, const options *o, int *code)
{
    *code = 0;
    if (!o->explain || cli_interrupted) return NULL; /* Ctrl-C during the solve: the plan, at once */
    praksis_explain_options eo;
    explain_options(o, &eo);
    praksis_explain *e = NULL;
    praksis_diag d = {0};
    praksis_error rc = praksis_explain_compute(r, &eo, &e, &d);
    if (rc) *code = cli_fail(rc, &d);
    return e;
}

/* "-5.0 unplaced weeks" or "+1 234 kr": the first level a change moves. */
static const char *first_change(const praksis_change *c, char *buf, size_t n)
{
    char k[64];
    if (fabs(c->unplaced_weeks) > 1e-6)
        snprintf(buf, n, "%+.1f unplaced student-weeks", c->unplaced_weeks);
    else if (fabs(c->deficit_weeks) > 1e-6)
        snprintf(buf, n, "%+.1f weeks short of the municipal share", c->deficit_weeks);
    else
        snprintf(buf, n, "%s%s kr", c->cost < 0 ? "-" : "+", cli_thousands(fabs(c->cost), k, sizeof k));
    return buf;
}

static void print_row(const praksis_place_value *v, const char *lead)
{
    char b[96];
    printf("%s%s %s at %s %s (capacity.csv line %ld, %ld of %ld used): %s (%s)", lead, v->programme, v->period, v->site,
           v->site_name, v->line, v->used, v->places, first_change(&v->plus, b, sizeof b),
           praksis_method_string(v->plus.method));
}

void cli_print_explain_summary(const struct praksis_explain *e, const char *out)
{
    if (!e) return;
    for (int i = 0; i < SUMMARY_PLACES; i++) {
        int r = praksis_explain_ranked_row(e, i);
        if (r < 0) {
            if (i == 0) printf("  worth most     no capacity row where one more place would improve the plan\n");
            break;
        }
        praksis_place_value v;
        praksis_explain_row(e, r, &v);
        print_row(&v, i == 0 ? "  worth most     +1 place: " : "                 +1 place: ");
        printf("\n");
    }
    int n = praksis_explain_site_count(e);
    if (n) {
        praksis_unused_site s, best;
        int have = 0;
        for (int i = 0; i < n; i++) {
            praksis_explain_site(e, i, &s);
            if (s.use.method == PRAKSIS_METHOD_NONE) continue;
            if (!have || (s.use.unplaced_weeks < best.use.unplaced_weeks - 1e-6) ||
                (fabs(s.use.unplaced_weeks - best.use.unplaced_weeks) <= 1e-6 && s.use.cost < best.use.cost))
                best = s, have = 1;
        }
        char b[96];
        printf("  left out       %d %s with places %s nobody", n, n == 1 ? "municipality" : "municipalities",
               n == 1 ? "gets" : "get");
        if (have)
            printf("; the cheapest to use: %s %s, %s (%s)", best.id, best.name, first_change(&best.use, b, sizeof b),
                   praksis_method_string(best.use.method));
        printf("\n");
    }
    double sec;
    int runs, exact;
    praksis_explain_stats(e, &sec, &runs, &exact);
    printf("  explained in   %s/ (sensitivity.csv, unused_sites.csv, unplaced_why.csv): %d re-solves, %d exact, "
           "%.1f s\n", out, runs, exact, sec);
}

/* ------------------------------------------------------------ praksis explain */

static void print_site_answer(const praksis_site_answer *a)
{
    praksis_unused_site s;
    praksis_site_answer_get(a, &s);
    printf("%s %s: %ld places, %d %s could go there\n", s.id, s.name, s.places, s.cohorts,
           s.cohorts == 1 ? "cohort" : "cohorts");
    if (s.use.method == PRAKSIS_METHOD_NONE) {
        printf("  %s\n", s.text);
        return;
    }
    char a1[64], a2[64], a3[64];
    printf("  using it (%ld students there): %+.1f unplaced student-weeks, %+.1f weeks short of the municipal share, "
           "%s%s kr (%s)\n", s.students, s.use.unplaced_weeks, s.use.deficit_weeks, s.use.cost < 0 ? "-" : "+",
           cli_thousands(fabs(s.use.cost), a1, sizeof a1), praksis_method_string(s.use.method));
    printf("  by element     travel %s%s, supervision %s%s, coordinators %s%s kr\n", s.travel < 0 ? "-" : "+",
           cli_thousands(fabs(s.travel), a1, sizeof a1), s.supervision < 0 ? "-" : "+",
           cli_thousands(fabs(s.supervision), a2, sizeof a2), s.fixed < 0 ? "-" : "+",
           cli_thousands(fabs(s.fixed), a3, sizeof a3));
    printf("  why            %s\n", s.text);
    int n = praksis_site_answer_move_count(a);
    if (n) printf("  the plan that would result:\n");
    for (int i = 0; i < n; i++) {
        praksis_move m;
        praksis_site_answer_move(a, i, &m);
        printf("    %ld of %s from %s%s%s to %s%s%s\n", m.students, m.cohort, m.from ? m.from : "unplaced",
               m.from ? " " : "", m.from ? m.from_name : "", m.to ? m.to : "unplaced", m.to ? " " : "",
               m.to ? m.to_name : "");
    }
}

static void print_explanation(const praksis_explain *e)
{
    int shown = 0;
    printf("what one more place is worth (the ten worth most; every row in sensitivity.csv):\n");
    for (int i = 0; i < 10; i++) {
        int r = praksis_explain_ranked_row(e, i);
        if (r < 0) break;
        praksis_place_value v;
        praksis_explain_row(e, r, &v);
        print_row(&v, "  ");
        printf("\n");
        shown++;
    }
    if (!shown) printf("  no capacity row where one more place would improve the plan\n");
    int n = praksis_explain_site_count(e);
    printf("municipalities with places that get nobody: %d\n", n);
    for (int i = 0; i < n; i++) {
        praksis_unused_site s;
        praksis_explain_site(e, i, &s);
        char b[96] = "";
        if (s.use.method != PRAKSIS_METHOD_NONE) first_change(&s.use, b, sizeof b);
        printf("  %s %s (%ld places): %s%s%s%s%s\n", s.id, s.name, s.places, s.text, *b ? "; using it: " : "", b,
               *b ? ", " : "", praksis_method_string(s.use.method));
    }
    n = praksis_explain_unplaced_count(e);
    if (n) printf("unplaced students, and where more places would place them:\n");
    for (int i = 0; i < n; i++) {
        praksis_unplaced_option u;
        praksis_explain_unplaced(e, i, &u);
        printf("  %s (%ld unplaced): %s\n", u.cohort, u.unplaced, u.text);
    }
}

static int explain_loaded(const options *o, praksis_instance *inst)
{
    praksis_diag d = {0};
    praksis_result *r = NULL;
    praksis_error rc = praksis_result_read(inst, o->out, &r, &d);
    if (rc) return cli_fail(rc, &d);
    praksis_explain_options eo;
    explain_options(o, &eo);
    if (o->site) {
        praksis_site_answer *a = NULL;
        rc = praksis_explain_site_answer(r, o->site, &eo, &a, &d);
        if (!rc) print_site_answer(a);
        praksis_site_answer_free(a);
    } else {
        praksis_explain *e = NULL;
        rc = praksis_explain_compute(r, &eo, &e, &d);
        if (!rc) print_explanation(e);
        praksis_explain_free(e);
    }
    praksis_result_free(r);
    if (rc) return cli_fail(rc, &d);
    return cli_interrupted ? EXIT_STOPPED : 0;
}

int cli_run_explain(const options *o)
{
    if (!o->dir) return cli_usage_error("explain needs --instance DIR: the instance the plan in %s was solved from", o->out);
    cli_catch_signals();
    praksis_diag d = {0};
    praksis_instance *inst = NULL;
    praksis_error rc = praksis_instance_load(o->dir, cli_warn, NULL, &inst, &d);
    int code = rc ? cli_fail(rc, &d) : explain_loaded(o, inst);
    praksis_instance_free(inst);
    praksis_thread_cleanup();
    return code;
}
