/*
 * unplaced.c - where more places would place the students a plan leaves
 * unplaced, and what that would cost.
 *
 * For a cohort with unplaced students every site with a capacity row for
 * its programme (or '*') in its period is looked at under the plan: what
 * stops one more student there now (reasons.c, as the report says it), how
 * many more places each of its rows would need to take them all, how many
 * more supervisors, whether they would relocate there (and then at least
 * the relocated minimum together), what each would cost and whether a
 * coordinator group would open.  The cheapest few are kept.  This is the
 * local answer, one site at a time; the worth of a place with everything
 * else free to move is the row's value in sensitivity.csv.
 */
#define _POSIX_C_SOURCE 200809L
#include "explain.h"
#include "reasons.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Options kept per unplaced cohort. */
#define OPTIONS 3

static long ceil_div(long a, long b) { return (a + b - 1) / b; }

/* Distance and cost per student of cohort k at site j, as validate.c
 * prices a candidate pair (the pair itself when there is one). */
static void price_at(const problem *P, int k, int j, long pi, praksis_unplaced_option *o)
{
    const praksis_instance *I = P->inst;
    const cohort *h = &I->cohorts[P->coh[k]];
    if (pi >= 0) {
        const pair *q = &P->pairs[pi];
        o->km = q->km;
        o->relocated = q->relocated;
        o->cost_per_student = q->travel + q->supervision;
        return;
    }
    const campus *c = &I->campuses[h->campus];
    double km = pk_geo_km(c->lat, c->lon, I->sites[j].lat, I->sites[j].lon) * P->set.road_factor;
    for (int d = 0; d < I->n_dist; d++)
        if (I->dist[d].campus == h->campus && I->dist[d].site == j) km = I->dist[d].km;
    o->km = km;
    o->relocated = km > P->set.commute_km;
    double rate = I->sites[j].kind == SITE_MUNICIPALITY ? P->set.supervision_rate : P->set.hospital_supervision_rate;
    o->cost_per_student = h->weeks * (rate + (o->relocated ? P->set.travel_rate : 0));
}

/* What site j needs to take all of cohort k's unplaced students: places of
 * its tightest row, supervisors, and the row's line.  Rows r[0] (the
 * programme's) and r[1] ('*') may be -1. */
static void needs_at(const praksis_result *R, int k, int j, long pi, const int r[2], praksis_unplaced_option *o)
{
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    const pk_plan *pl = &R->plan;
    const cohort *h = &I->cohorts[P->coh[k]];
    long n = o->students, ratio = I->programmes[h->programme].ratio;
    long unit_used = 0;
    if (pi >= 0)
        unit_used = pl->unit_used[P->pairs[pi].unit];
    else /* no pair of its own: another cohort of the programme may still share the unit */
        for (int u = 0; u < P->n_units; u++)
            if (P->units[u].site == j && P->units[u].programme == h->programme && P->units[u].period == h->period)
                unit_used = pl->unit_used[u];
    long more_sups = ceil_div(unit_used + n, ratio) - ceil_div(unit_used, ratio);
    for (int a = 0; a < 2; a++) {
        if (r[a] < 0) continue;
        long need = n - (P->places[r[a]] - pl->row_used[r[a]]);
        if (need > o->places_needed || !o->line) {
            o->places_needed = need > 0 ? need : 0;
            o->line = I->cap[r[a]].line;
            o->programme = a == 0 ? I->programmes[h->programme].id : "*";
        }
        if (P->sups[r[a]] < 0) continue;
        /* the programme row limits its own supervisors; the '*' row the pool of all programmes */
        long have = P->sups[r[a]], used = a == 0 ? ceil_div(unit_used, ratio) : pl->star_supervisors[r[a]];
        long short_of = used + more_sups - have;
        if (short_of > o->supervisors_needed) o->supervisors_needed = short_of;
    }
}

static void option_text(const problem *P, praksis_unplaced_option *o, long rg_used)
{
    char need[2][96] = {"", ""}, group[96] = "";
    int n = 0;
    if (o->supervisors_needed)
        snprintf(need[n++], sizeof need[0], "%ld more supervisor%s", o->supervisors_needed,
                 o->supervisors_needed == 1 ? "" : "s");
    if (o->relocated && P->set.min_relocated_group > 1 && rg_used + o->students < P->set.min_relocated_group)
        o->company_needed = P->set.min_relocated_group - rg_used - o->students;
    if (o->company_needed)
        snprintf(need[n++], sizeof need[0], "%ld more student%s relocating with them (the relocated minimum)",
                 o->company_needed, o->company_needed == 1 ? "" : "s");
    if (o->fixed > 0) snprintf(group, sizeof group, "; its coordinator group would open (%.0f kr)", o->fixed);
    char also[224] = "";
    if (n) snprintf(also, sizeof also, "%s%s%s%s", o->places_needed > 0 ? ", and " : "", need[0], n > 1 ? " and " : "",
                    n > 1 ? need[1] : "");
    int len; /* a text cut at its end is still its text: the fields are in unplaced_why.csv whole */
    if (o->places_needed > 0)
        len = snprintf(o->text, sizeof o->text, "%ld more place%s for %s in %s at %s would place %ld (%.0f kr each%s, %.0f km)%s%s",
                 o->places_needed, o->places_needed == 1 ? "" : "s", o->programme, o->period, o->site_name, o->students,
                 o->cost_per_student, o->relocated ? ", relocated" : "", o->km, also, group);
    else /* the places are there: what stops them is the rest */
        len = snprintf(o->text, sizeof o->text, "%s has places for %ld of %s in %s (%.0f kr each%s, %.0f km), but needs %s%s",
                 o->site_name, o->students, o->programme, o->period, o->cost_per_student,
                 o->relocated ? ", relocated" : "", o->km, n ? also : "nothing more: the plan is not proven optimal",
                 group);
    (void)len;
}

/* The total an option costs, for ranking: its students, and the group. */
static double option_cost(const praksis_unplaced_option *o)
{
    return o->cost_per_student * (double)o->students + o->fixed;
}

/* Keep o among the cohort's best `n` options in buf (cheapest first). */
static void keep_best(praksis_unplaced_option *buf, int *n, const praksis_unplaced_option *o)
{
    int at = *n < OPTIONS ? (*n)++ : OPTIONS;
    while (at > 0 && option_cost(o) < option_cost(&buf[at - 1])) {
        if (at < OPTIONS) buf[at] = buf[at - 1];
        at--;
    }
    if (at < OPTIONS) buf[at] = *o;
}

/* The options of cohort k into buf; returns how many. */
static int cohort_options(const praksis_result *R, int k, praksis_unplaced_option *buf)
{
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    const cohort *h = &I->cohorts[P->coh[k]];
    int n = 0, NT = I->n_periods ? I->n_periods : 1;
    for (int j = 0; j < I->n_sites; j++) {
        int r[2] = {-1, -1};
        for (int c = 0; c < I->n_cap; c++) {
            const caprow *row = &I->cap[c];
            if (row->site != j || row->period != h->period) continue;
            if (row->programme == h->programme) r[0] = c;
            if (row->programme < 0) r[1] = c;
        }
        if (r[0] < 0 && r[1] < 0) continue;
        long pi = -1;
        for (long i = P->coh_first[k]; i < P->coh_first[k + 1]; i++)
            if (P->pairs[i].site == j) pi = i;
        praksis_unplaced_option o = {.cohort = h->id, .site = I->sites[j].id, .site_name = I->sites[j].name,
                                     .period = I->periods[h->period], .unplaced = R->plan.unplaced[k],
                                     .students = R->plan.unplaced[k]};
        price_at(P, k, j, pi, &o);
        needs_at(R, k, j, pi, r, &o);
        /* the same reason the report gives per cohort, site by site */
        static const praksis_blocker blocker[PK_REASONS] = {PRAKSIS_BLOCKED_PLACES, PRAKSIS_BLOCKED_SUPERVISORS,
                                                            PRAKSIS_BLOCKED_RELOCATED, PRAKSIS_BLOCKED_NOTHING};
        o.blocked = blocker[pk_reason_at(P, &R->plan, k, j, pi)];
        int g = I->sites[j].group;
        if (g >= 0 && !R->plan.group_used[g]) o.fixed = P->gfixed[g];
        long rg_used = o.relocated ? R->plan.sp_relocated[(size_t)j * (size_t)NT + (size_t)h->period] : 0;
        option_text(P, &o, rg_used);
        keep_best(buf, &n, &o);
    }
    if (!n) { /* nowhere: the programme and period have no row at all */
        praksis_unplaced_option o = {.cohort = h->id, .programme = I->programmes[h->programme].id,
                                     .period = I->periods[h->period], .unplaced = R->plan.unplaced[k],
                                     .students = R->plan.unplaced[k], .places_needed = R->plan.unplaced[k],
                                     .blocked = PRAKSIS_BLOCKED_NO_ROW};
        snprintf(o.text, sizeof o.text, "no site has a capacity row for %s in period \"%s\"%s", o.programme, o.period,
                 P->n_warnings ? " (see the warnings about the data)" : "");
        buf[n++] = o;
    }
    return n;
}

praksis_error pk_explain_unplaced(praksis_explain *e, praksis_diag *diag)
{
    const praksis_result *R = e->R;
    const problem *P = R->P;
    int cohorts = 0;
    for (int k = 0; k < P->n_coh; k++) cohorts += R->plan.unplaced[k] > 0;
    e->unplaced = calloc((size_t)cohorts * OPTIONS + 1, sizeof *e->unplaced);
    if (!e->unplaced) {
        pk_diag_set(diag, P->inst->dir, 0, 0, "out of memory while explaining the unplaced students");
        return PRAKSIS_ERR_NOMEM;
    }
    for (int k = 0; k < P->n_coh; k++)
        if (R->plan.unplaced[k] > 0) e->n_unplaced += cohort_options(R, k, &e->unplaced[e->n_unplaced]);
    return PRAKSIS_OK;
}
