/*
 * plan_write.c - stage 6: the plan as files (assignments.csv,
 * unplaced.csv, site_use.csv, summary.json, changes.csv against a previous
 * plan, and student_plan.csv when the instance lists students).  Every figure comes from the
 * plan module (plan.c), never from solver variables; every file is written
 * with pk_write_atomic.
 */
#define _POSIX_C_SOURCE 200809L
#include "result.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double pk_round_kr(double v) { double r = round(v * 100) / 100; return r == 0 ? 0 : r; }
double pk_round_weeks(double v) { double r = round(v * 1e6) / 1e6; return r == 0 ? 0 : r; }

static double r2(double v) { return pk_round_kr(v); }
static double r6(double v) { return pk_round_weeks(v); }

/* The names after a row's own columns, so that a reader who opens the
 * file in a spreadsheet need not look the ids up; columns added at the end
 * keep every older reader's columns where they were.  NULL: no column. */
static void name_fields(FILE *f, const char *site, const char *campus, const char *programme)
{
    const char *v[] = {site, campus, programme};
    int first = 1;
    for (int i = 0; i < 3; i++) {
        if (!v[i]) continue;
        if (!first) fputc(',', f);
        pk_csv_field(f, v[i]);
        first = 0;
    }
    fputc('\n', f);
}

static int write_assignments(FILE *f, const void *ctx)
{
    const praksis_result *R = ctx;
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    pk_row_cost *cost;
    long n;
    if (pk_plan_row_costs(P, R->x, &R->plan.fig, &cost, &n)) return -1;
    fputs("cohort,institution,campus,programme,period,site,site_kind,students,weeks,km,relocated,travel_cost,"
          "supervision_cost,relocated_students,site_name,campus_name,programme_name\n", f);
    for (long r = 0; r < n; r++) {
        const pk_arow *w = &cost[r].a;
        const cohort *h = &I->cohorts[P->coh[w->coh]];
        const campus *k = &I->campuses[h->campus];
        const site *s = &I->sites[w->site];
        pk_csv_field(f, h->id);
        fputc(',', f);
        pk_csv_field(f, k->institution);
        fputc(',', f);
        pk_csv_field(f, k->id);
        fputc(',', f);
        pk_csv_field(f, I->programmes[h->programme].id);
        fputc(',', f);
        pk_csv_field(f, I->periods[h->period]);
        fputc(',', f);
        pk_csv_field(f, s->id);
        /* relocated: beyond commuting distance of the campus; relocated_students:
         * of those, the ones who are also beyond it from their home */
        fprintf(f, ",%s,%ld,%.15g,%.1f,%d,%.15g,%.15g,%ld,", s->kind == SITE_MUNICIPALITY ? "municipality" : "hospital",
                w->students, h->weeks, w->km, w->km > P->set.commute_km, (double)cost[r].travel / 100,
                (double)cost[r].supervision / 100, w->relocated);
        name_fields(f, s->name, k->name, I->programmes[h->programme].name);
    }
    free(cost);
    return 0;
}

/* student_plan.csv: every listed student of the included cohorts, in
 * students.csv order, with the site of the plan (blank when unplaced). */
static int write_student_plan(FILE *f, const void *ctx)
{
    const praksis_result *R = ctx;
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    long *pair_of = malloc(((size_t)I->n_students + 1) * sizeof *pair_of);
    if (!pair_of) return -1;
    pk_students_pairs(P, R->x, pair_of);
    fputs("student,cohort,campus,programme,period,home,site,site_name,km_campus,km_home,relocated\n", f);
    for (int i = 0; i < I->n_students; i++) {
        if (pair_of[i] == -2) continue;
        const student *st = &I->students[i];
        const cohort *h = &I->cohorts[st->cohort];
        const char *cells[] = {st->id, h->id, I->campuses[h->campus].id, I->programmes[h->programme].id,
                               I->periods[h->period], st->home >= 0 ? I->sites[st->home].id : ""};
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            if (c) fputc(',', f);
            pk_csv_field(f, cells[c]);
        }
        if (pair_of[i] < 0) {
            fputs(",,,,,\n", f);
            continue;
        }
        const pair *q = &P->pairs[pair_of[i]];
        fputc(',', f);
        pk_csv_field(f, I->sites[q->site].id);
        fputc(',', f);
        pk_csv_field(f, I->sites[q->site].name);
        fprintf(f, ",%.1f,", q->km);
        if (q->km_home >= 0) fprintf(f, "%.1f", q->km_home);
        fprintf(f, ",%d\n", q->relocated);
    }
    free(pair_of);
    return 0;
}

static int write_unplaced(FILE *f, const void *ctx)
{
    const praksis_result *R = ctx;
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    fputs("cohort,programme,period,students,weeks,campus_name,programme_name\n", f);
    for (int k = 0; k < P->n_coh; k++) {
        if (!R->plan.unplaced[k]) continue;
        const cohort *h = &I->cohorts[P->coh[k]];
        pk_csv_field(f, h->id);
        fputc(',', f);
        pk_csv_field(f, I->programmes[h->programme].id);
        fputc(',', f);
        pk_csv_field(f, I->periods[h->period]);
        fprintf(f, ",%ld,%.15g,", R->plan.unplaced[k], h->weeks);
        name_fields(f, NULL, I->campuses[h->campus].name, I->programmes[h->programme].name);
    }
    return 0;
}

static int write_site_use(FILE *f, const void *ctx)
{
    const praksis_result *R = ctx;
    const pk_plan *pl = &R->plan;
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    size_t NT = (size_t)(I->n_periods ? I->n_periods : 1);
    fputs("site,kind,group,period,students,relocated_students,supervisors_used,places,site_name\n", f);
    for (int j = 0; j < I->n_sites; j++)
        for (int t = 0; t < I->n_periods; t++) {
            size_t i = (size_t)j * NT + (size_t)t;
            if (!pl->sp_students[i]) continue;
            const site *s = &I->sites[j];
            pk_csv_field(f, s->id);
            fprintf(f, ",%s,", s->kind == SITE_MUNICIPALITY ? "municipality" : "hospital");
            pk_csv_field(f, s->group >= 0 ? I->groups[s->group].id : "");
            fputc(',', f);
            pk_csv_field(f, I->periods[t]);
            fprintf(f, ",%ld,%ld,%ld,%ld,", pl->sp_students[i], pl->sp_relocated[i], pl->sp_supervisors[i],
                    P->sp_places[i]);
            name_fields(f, s->name, NULL, NULL);
        }
    return 0;
}

/* changes.csv: each (site, programme[, period]) whose students differ from
 * the previous plan, in site, programme and period order. */
static int write_changes(FILE *f, const void *ctx)
{
    const praksis_result *R = ctx;
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    int per = I->prev_has_period;
    fputs(per ? "site,programme,period,previous,students,change\n" : "site,programme,previous,students,change\n", f);
    for (int k = 0; k < P->n_ckeys; k++) {
        const pk_ckey *K = &P->ckeys[k];
        long n = R->plan.ckey_students[k];
        if (n == K->prev) continue;
        pk_csv_field(f, I->sites[K->site].id);
        fputc(',', f);
        pk_csv_field(f, I->programmes[K->programme].id);
        if (per) {
            fputc(',', f);
            pk_csv_field(f, I->periods[K->period]);
        }
        fprintf(f, ",%ld,%ld,%+ld\n", K->prev, n, n - K->prev);
    }
    return 0;
}

/* The municipalities that lose all their students (lost) or get some
 * for the first time, as [{id, name, previous, students}]. */
static cJSON *municipalities_json(const praksis_result *R, int lost)
{
    const praksis_instance *I = R->P->inst;
    const pk_plan *pl = &R->plan;
    cJSON *a = cJSON_CreateArray();
    for (int j = 0; j < I->n_sites; j++) {
        if (I->sites[j].kind != SITE_MUNICIPALITY) continue;
        if (lost ? !(pl->site_prev[j] > 0 && pl->site_students[j] == 0) : !(pl->site_prev[j] == 0 && pl->site_students[j] > 0))
            continue;
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "id", I->sites[j].id);
        cJSON_AddStringToObject(e, "name", I->sites[j].name);
        cJSON_AddNumberToObject(e, "previous", (double)pl->site_prev[j]);
        cJSON_AddNumberToObject(e, "students", (double)pl->site_students[j]);
        cJSON_AddItemToArray(a, e);
    }
    return a;
}

/* The agreements the plan was made on top of, and what it does with them. */
static void agreements_json(cJSON *o, const praksis_result *R)
{
    const problem *P = R->P;
    const praksis_figures *S = &R->plan.fig;
    cJSON *a = cJSON_AddObjectToObject(o, "agreements");
    cJSON *f = cJSON_AddObjectToObject(a, "fixed");
    cJSON_AddNumberToObject(f, "rows", S->fixed_rows);
    cJSON_AddNumberToObject(f, "met", S->fixed_met);
    cJSON_AddNumberToObject(f, "students", (double)S->fixed_students);
    cJSON_AddNumberToObject(f, "rows_outside_scenario", P->n_fix_ignored);
    cJSON *m = cJSON_AddObjectToObject(a, "minimums");
    cJSON_AddBoolToObject(m, "honoured", P->set.honour_minimums);
    cJSON_AddNumberToObject(m, "rows", S->minimum_rows);
    cJSON_AddNumberToObject(m, "met", S->minimums_met);
    cJSON_AddNumberToObject(m, "students", (double)S->minimum_students);
    cJSON_AddNumberToObject(m, "rows_not_counted", P->n_min_ignored);
}

/* The plan against the previous plan (null without one). */
static void changes_json(cJSON *o, const praksis_result *R)
{
    const problem *P = R->P;
    const praksis_figures *S = &R->plan.fig;
    if (!S->has_previous) {
        cJSON_AddNullToObject(o, "changes");
        return;
    }
    cJSON *c = cJSON_AddObjectToObject(o, "changes");
    cJSON_AddStringToObject(c, "previous_plan", P->inst->prev_path);
    cJSON_AddBoolToObject(c, "by_period", P->inst->prev_has_period);
    cJSON_AddNumberToObject(c, "previous_students", (double)S->previous_students);
    cJSON_AddNumberToObject(c, "students_added", (double)S->students_added);
    cJSON_AddNumberToObject(c, "students_removed", (double)S->students_removed);
    cJSON_AddNumberToObject(c, "students_changed", (double)(S->students_added + S->students_removed));
    cJSON_AddNumberToObject(c, "rows_changed", S->rows_changed);
    cJSON_AddNumberToObject(c, "students_kept", (double)S->students_kept);
    cJSON_AddNumberToObject(c, "kept_share", r6(S->kept_share));
    cJSON_AddNumberToObject(c, "change_cost", P->set.change_cost);
    cJSON_AddNumberToObject(c, "penalty", r2(S->change_penalty));
    cJSON_AddItemToObject(c, "municipalities_lost", municipalities_json(R, 1));
    cJSON_AddItemToObject(c, "municipalities_new", municipalities_json(R, 0));
}

char *praksis_result_summary_json(const praksis_result *R)
{
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    const praksis_figures *S = &R->plan.fig;
    const praksis_solve_info *V = &R->info;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "status", praksis_status_string(V->status));
    cJSON_AddStringToObject(o, "stopped_by", praksis_stop_string(V->stop));
    cJSON_AddNumberToObject(o, "unplaced_weeks", r6(S->unplaced_weeks));
    cJSON_AddNumberToObject(o, "share_deficit_weeks", r6(S->share_deficit_weeks));
    cJSON *cost = cJSON_AddObjectToObject(o, "cost");
    pk_money m = pk_plan_money(S); /* what assignments.csv's rows add up to */
    cJSON_AddNumberToObject(cost, "travel", (double)m.travel / 100);
    cJSON_AddNumberToObject(cost, "supervision", (double)m.supervision / 100);
    cJSON_AddNumberToObject(cost, "fixed", (double)m.fixed / 100);
    cJSON_AddNumberToObject(cost, "total", (double)m.total / 100);
    cJSON_AddNumberToObject(cost, "per_placed_student_week", r2(S->cost_per_placed_week));
    cJSON_AddNumberToObject(o, "students", (double)S->students);
    cJSON_AddNumberToObject(o, "placed", (double)S->placed);
    cJSON_AddNumberToObject(o, "unplaced", (double)S->unplaced);
    cJSON_AddNumberToObject(o, "relocated_students", (double)S->relocated_students);
    cJSON_AddNumberToObject(o, "student_weeks", r6(S->student_weeks));
    cJSON_AddNumberToObject(o, "placed_weeks", r6(S->placed_weeks));
    cJSON_AddNumberToObject(o, "municipal_weeks", r6(S->municipal_weeks));
    cJSON_AddNumberToObject(o, "relocated_weeks", r6(S->relocated_weeks));
    cJSON_AddNumberToObject(o, "municipal_target_weeks", r6(S->municipal_target_weeks));
    cJSON_AddNumberToObject(o, "municipal_share", r6(S->municipal_share));
    cJSON_AddNumberToObject(o, "municipalities_used", S->municipalities_used);
    cJSON_AddNumberToObject(o, "groups_used", S->groups_used);
    cJSON_AddNumberToObject(o, "sites_used", S->sites_used);
    cJSON_AddNumberToObject(o, "relocated_km", r6(S->relocated_km));
    cJSON_AddNumberToObject(o, "listed_students", (double)S->listed_students);
    cJSON_AddNumberToObject(o, "placed_at_home", (double)S->placed_at_home);
    cJSON *stay = cJSON_AddObjectToObject(o, "cannot_relocate");
    cJSON_AddNumberToObject(stay, "students", (double)S->cannot_relocate);
    cJSON_AddNumberToObject(stay, "placed", (double)S->cannot_relocate_placed);
    cJSON_AddNumberToObject(stay, "unplaced", (double)(S->cannot_relocate - S->cannot_relocate_placed));
    cJSON *shares = cJSON_AddArrayToObject(o, "shares");
    for (int g = 0; g < P->n_ipgs; g++) {
        const ipgroup *G = &P->ipgs[g];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "institution", I->institutions[G->inst]);
        cJSON_AddStringToObject(e, "programme", I->programmes[G->programme].id);
        cJSON_AddNumberToObject(e, "target_share", P->share[G->programme]);
        cJSON_AddNumberToObject(e, "student_weeks", r6(G->demand_weeks));
        cJSON_AddNumberToObject(e, "target_weeks", r6(G->target_weeks));
        cJSON_AddNumberToObject(e, "municipal_weeks", r6(R->plan.ipg_municipal[g]));
        cJSON_AddNumberToObject(e, "share", r6(R->plan.ipg_share[g]));
        cJSON_AddNumberToObject(e, "deficit_weeks", r6(R->plan.ipg_deficit[g]));
        cJSON_AddItemToArray(shares, e);
    }
    agreements_json(o, R);
    changes_json(o, R);
    cJSON *sv = cJSON_AddObjectToObject(o, "solver");
    cJSON_AddNumberToObject(sv, "seconds", round(V->seconds * 1000) / 1000);
    if (V->gap >= 0 && isfinite(V->gap))
        cJSON_AddNumberToObject(sv, "gap", V->gap);
    else
        cJSON_AddNullToObject(sv, "gap");
    cJSON_AddNumberToObject(sv, "nodes", (double)V->nodes);
    cJSON_AddNumberToObject(sv, "levels_proven", V->levels_proven);
    cJSON *lv = cJSON_AddArrayToObject(sv, "levels");
    for (int k = 0; k < PRAKSIS_LEVELS; k++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "seconds", round(V->level_seconds[k] * 1000) / 1000);
        cJSON_AddNumberToObject(e, "nodes", (double)V->level_nodes[k]);
        cJSON_AddItemToArray(lv, e);
    }
    cJSON_AddStringToObject(o, "instance", I->dir); /* as given: praksis report OUTDIR finds it there */
    cJSON_AddItemToObject(o, "scenario", pk_settings_to_json(&P->set));
    cJSON *warnings = cJSON_AddArrayToObject(o, "warnings");
    for (int i = 0; i < P->n_warnings; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "file", P->warnings[i].file);
        cJSON_AddNumberToObject(e, "line", (double)P->warnings[i].line);
        cJSON_AddStringToObject(e, "message", P->warnings[i].message);
        cJSON_AddItemToArray(warnings, e);
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}

praksis_error pk_plan_write_files(const praksis_result *R, const char *dir, praksis_diag *diag)
{
    const problem *P = R->P;
    char path[4096];
    praksis_error rc;
    pk_path_join(path, sizeof path, dir, "assignments.csv");
    if ((rc = pk_write_atomic(path, write_assignments, R, diag))) return rc;
    pk_path_join(path, sizeof path, dir, "unplaced.csv");
    if ((rc = pk_write_atomic(path, write_unplaced, R, diag))) return rc;
    pk_path_join(path, sizeof path, dir, "site_use.csv");
    if ((rc = pk_write_atomic(path, write_site_use, R, diag))) return rc;
    pk_path_join(path, sizeof path, dir, "changes.csv");
    if (R->plan.fig.has_previous && (rc = pk_write_atomic(path, write_changes, R, diag))) return rc;
    if (P->inst->has_students) {
        pk_path_join(path, sizeof path, dir, "student_plan.csv");
        if ((rc = pk_write_atomic(path, write_student_plan, R, diag))) return rc;
    }
    char *json = praksis_result_summary_json(R);
    if (!json) return PRAKSIS_ERR_NOMEM;
    pk_path_join(path, sizeof path, dir, "summary.json");
    rc = pk_write_atomic(path, pk_write_text_line, json, diag);
    free(json);
    return rc;
}
