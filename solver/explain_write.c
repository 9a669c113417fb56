/*
 * explain_write.c - the explanation as files in the plan's directory:
 * sensitivity.csv (the worth of a place, every capacity row),
 * unused_sites.csv (why each empty municipality gets nobody) and
 * unplaced_why.csv (where more places would place the unplaced).  Written
 * with pk_write_atomic inside the plan's own swap (praksis_plan_extra).
 */
#define _POSIX_C_SOURCE 200809L
#include "explain.h"

#include <math.h>
#include <stdio.h>

#define r2 pk_round_kr
#define r6 pk_round_weeks

/* n text fields, comma-separated, each quoted only when it has to be. */
static void texts(FILE *f, int n, const char *const *v)
{
    for (int i = 0; i < n; i++) {
        if (i) fputc(',', f);
        pk_csv_field(f, v[i] ? v[i] : "");
    }
}

static void change(FILE *f, const praksis_change *c)
{
    if (c->method == PRAKSIS_METHOD_NONE)
        fputs(",,,,", f);
    else
        fprintf(f, ",%.15g,%.15g,%.15g,%s", r6(c->unplaced_weeks), r6(c->deficit_weeks), r2(c->cost),
                praksis_method_string(c->method));
}

static int write_sensitivity(FILE *f, const void *ctx)
{
    const praksis_explain *e = ctx;
    fputs("site,site_name,programme,period,line,places,used,plus_unplaced_weeks,plus_deficit_weeks,plus_cost,"
          "plus_method,minus_unplaced_weeks,minus_deficit_weeks,minus_cost,minus_method\n", f);
    for (int r = 0; r < e->n_rows; r++) {
        const praksis_place_value *v = &e->rows[r];
        texts(f, 4, (const char *const[]){v->site, v->site_name, v->programme, v->period});
        fprintf(f, ",%ld,%ld,%ld", v->line, v->places, v->used);
        change(f, &v->plus);
        change(f, &v->minus);
        fputc('\n', f);
    }
    return 0;
}

static const char *why_word(praksis_why w)
{
    static const char *const words[] = {"no_cohort", "no_supervisors", "too_few_places", "coordinator",
                                        "relocated_minimum", "distance", "cost", "tie", "level", "no_plan"};
    return (int)w >= 0 && (size_t)w < sizeof words / sizeof words[0] ? words[w] : "";
}

static int write_unused(FILE *f, const void *ctx)
{
    const praksis_explain *e = ctx;
    fputs("site,name,places,cohorts,why,students,unplaced_weeks,deficit_weeks,cost,travel,supervision,fixed,method,"
          "reason\n", f);
    for (int a = 0; a < e->n_sites; a++) {
        const praksis_unused_site *s = &e->sites[a];
        texts(f, 2, (const char *const[]){s->id, s->name});
        fprintf(f, ",%ld,%d,%s", s->places, s->cohorts, why_word(s->why));
        if (s->use.method == PRAKSIS_METHOD_NONE)
            fputs(",,,,,,,,,", f);
        else
            fprintf(f, ",%ld,%.15g,%.15g,%.15g,%.15g,%.15g,%.15g,%s,", s->students, r6(s->use.unplaced_weeks),
                    r6(s->use.deficit_weeks), r2(s->use.cost), r2(s->travel), r2(s->supervision), r2(s->fixed),
                    praksis_method_string(s->use.method));
        pk_csv_field(f, s->text);
        fputc('\n', f);
    }
    return 0;
}

static int write_unplaced_why(FILE *f, const void *ctx)
{
    const praksis_explain *e = ctx;
    static const char *const blocked[] = {"places", "supervisors", "relocated_minimum", "nothing", "no_row"};
    fputs("cohort,unplaced,site,site_name,programme,period,line,blocked_by,students,places_needed,supervisors_needed,"
          "relocated,km,cost_per_student,fixed_cost,reason\n", f);
    for (int a = 0; a < e->n_unplaced; a++) {
        const praksis_unplaced_option *o = &e->unplaced[a];
        pk_csv_field(f, o->cohort);
        fprintf(f, ",%ld,", o->unplaced);
        texts(f, 4, (const char *const[]){o->site, o->site_name, o->programme, o->period});
        if (o->site)
            fprintf(f, ",%ld,%s,%ld,%ld,%ld,%d,%.1f,%.15g,%.15g,", o->line, blocked[o->blocked], o->students,
                    o->places_needed, o->supervisors_needed, o->relocated, o->km, r2(o->cost_per_student), r2(o->fixed));
        else
            fprintf(f, ",,%s,%ld,%ld,,,,,,", blocked[o->blocked], o->students, o->places_needed);
        pk_csv_field(f, o->text);
        fputc('\n', f);
    }
    return 0;
}

static praksis_error write_with(const char *path, write_fn fn, const void *e, praksis_diag *diag)
{
    return pk_write_atomic(path, fn, e, diag);
}

static praksis_error extra_sensitivity(const praksis_result *r, const char *path, const void *user, praksis_diag *diag)
{
    (void)r;
    return write_with(path, write_sensitivity, user, diag);
}

static praksis_error extra_unused(const praksis_result *r, const char *path, const void *user, praksis_diag *diag)
{
    (void)r;
    return write_with(path, write_unused, user, diag);
}

static praksis_error extra_unplaced(const praksis_result *r, const char *path, const void *user, praksis_diag *diag)
{
    (void)r;
    return write_with(path, write_unplaced_why, user, diag);
}

int praksis_explain_extras(const praksis_explain *e, praksis_plan_extra *extra, int max)
{
    const praksis_plan_extra all[] = {{"sensitivity.csv", extra_sensitivity, e},
                                      {"unused_sites.csv", extra_unused, e},
                                      {"unplaced_why.csv", extra_unplaced, e}};
    int n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0] && n < max; i++) extra[n++] = all[i];
    return n;
}
