/*
 * plan.c - stage 5: the figures of a plan, computed once (see plan.h).
 *
 * One pass over the placed pairs adds up students, weeks and cost per
 * cohort, site, period, campus, capacity row, supervision unit and
 * relocation group; the totals, the supervisors needed and the municipal
 * share per institution and programme follow from those sums.  Figures
 * are sums of integers times the data's weeks and rates, so they do not
 * depend on the solver's tolerances.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan.h"

#include <stdlib.h>
#include <string.h>

static size_t n_or_1(long n) { return n > 0 ? (size_t)n : 1; }

void pk_plan_free(pk_plan *pl)
{
    if (!pl) return;
    free(pl->unplaced);
    free(pl->cls_unplaced);
    free(pl->ipg_municipal);
    free(pl->ipg_placed);
    free(pl->ipg_deficit);
    free(pl->ipg_share);
    free(pl->site_students);
    free(pl->site_relocated);
    free(pl->site_home);
    free(pl->site_weeks);
    free(pl->sp_students);
    free(pl->sp_relocated);
    free(pl->sp_supervisors);
    free(pl->campus_students);
    free(pl->campus_relocated);
    free(pl->row_used);
    free(pl->unit_used);
    free(pl->unit_supervisors);
    free(pl->star_supervisors);
    free(pl->rg_used);
    free(pl->group_used);
    free(pl->ckey_students);
    free(pl->site_prev);
    memset(pl, 0, sizeof *pl);
}

static size_t site_periods(const praksis_instance *I)
{
    return (size_t)I->n_sites * (size_t)(I->n_periods ? I->n_periods : 1);
}

int pk_plan_init(pk_plan *pl, const problem *P)
{
    const praksis_instance *I = P->inst;
    size_t sp = site_periods(I);
    memset(pl, 0, sizeof *pl);
    pl->unplaced = calloc(n_or_1(P->n_coh), sizeof *pl->unplaced);
    pl->cls_unplaced = calloc(n_or_1(P->n_cls), sizeof *pl->cls_unplaced);
    pl->ipg_municipal = calloc(n_or_1(P->n_ipgs), sizeof *pl->ipg_municipal);
    pl->ipg_placed = calloc(n_or_1(P->n_ipgs), sizeof *pl->ipg_placed);
    pl->ipg_deficit = calloc(n_or_1(P->n_ipgs), sizeof *pl->ipg_deficit);
    pl->ipg_share = calloc(n_or_1(P->n_ipgs), sizeof *pl->ipg_share);
    pl->site_students = calloc(n_or_1(I->n_sites), sizeof *pl->site_students);
    pl->site_relocated = calloc(n_or_1(I->n_sites), sizeof *pl->site_relocated);
    pl->site_home = calloc(n_or_1(I->n_sites), sizeof *pl->site_home);
    pl->site_weeks = calloc(n_or_1(I->n_sites), sizeof *pl->site_weeks);
    pl->sp_students = calloc(n_or_1((long)sp), sizeof *pl->sp_students);
    pl->sp_relocated = calloc(n_or_1((long)sp), sizeof *pl->sp_relocated);
    pl->sp_supervisors = calloc(n_or_1((long)sp), sizeof *pl->sp_supervisors);
    pl->campus_students = calloc(n_or_1(I->n_campuses), sizeof *pl->campus_students);
    pl->campus_relocated = calloc(n_or_1(I->n_campuses), sizeof *pl->campus_relocated);
    pl->row_used = calloc(n_or_1(I->n_cap), sizeof *pl->row_used);
    pl->unit_used = calloc(n_or_1(P->n_units), sizeof *pl->unit_used);
    pl->unit_supervisors = calloc(n_or_1(P->n_units), sizeof *pl->unit_supervisors);
    pl->star_supervisors = calloc(n_or_1(I->n_cap), sizeof *pl->star_supervisors);
    pl->rg_used = calloc(n_or_1(P->n_rgroups), sizeof *pl->rg_used);
    pl->group_used = calloc(n_or_1(I->n_groups), 1);
    pl->ckey_students = calloc(n_or_1(P->n_ckeys), sizeof *pl->ckey_students);
    pl->site_prev = calloc(n_or_1(I->n_sites), sizeof *pl->site_prev);
    if (!pl->ckey_students || !pl->site_prev || !pl->unplaced || !pl->cls_unplaced || !pl->ipg_municipal ||
        !pl->ipg_placed || !pl->ipg_deficit || !pl->ipg_share || !pl->site_students ||
        !pl->site_relocated || !pl->site_home || !pl->site_weeks || !pl->sp_students || !pl->sp_relocated || !pl->sp_supervisors ||
        !pl->campus_students || !pl->campus_relocated || !pl->row_used || !pl->unit_used || !pl->unit_supervisors ||
        !pl->star_supervisors || !pl->rg_used || !pl->group_used) {
        pk_plan_free(pl);
        return -1;
    }
    return 0;
}

static void clear(pk_plan *pl, const problem *P)
{
    const praksis_instance *I = P->inst;
    size_t sp = site_periods(I);
    memset(&pl->fig, 0, sizeof pl->fig);
    memset(pl->ipg_municipal, 0, (size_t)P->n_ipgs * sizeof *pl->ipg_municipal);
    memset(pl->ipg_placed, 0, (size_t)P->n_ipgs * sizeof *pl->ipg_placed);
    memset(pl->site_students, 0, (size_t)I->n_sites * sizeof *pl->site_students);
    memset(pl->site_relocated, 0, (size_t)I->n_sites * sizeof *pl->site_relocated);
    memset(pl->site_home, 0, (size_t)I->n_sites * sizeof *pl->site_home);
    memset(pl->site_weeks, 0, (size_t)I->n_sites * sizeof *pl->site_weeks);
    memset(pl->sp_students, 0, sp * sizeof *pl->sp_students);
    memset(pl->sp_relocated, 0, sp * sizeof *pl->sp_relocated);
    memset(pl->sp_supervisors, 0, sp * sizeof *pl->sp_supervisors);
    memset(pl->campus_students, 0, (size_t)I->n_campuses * sizeof *pl->campus_students);
    memset(pl->campus_relocated, 0, (size_t)I->n_campuses * sizeof *pl->campus_relocated);
    memset(pl->row_used, 0, (size_t)I->n_cap * sizeof *pl->row_used);
    memset(pl->unit_used, 0, (size_t)P->n_units * sizeof *pl->unit_used);
    memset(pl->star_supervisors, 0, (size_t)I->n_cap * sizeof *pl->star_supervisors);
    memset(pl->rg_used, 0, (size_t)P->n_rgroups * sizeof *pl->rg_used);
    memset(pl->group_used, 0, (size_t)I->n_groups);
    for (int k = 0; k < 2; k++)
        pl->kind_travel[k] = pl->kind_supervision[k] = pl->kind_weeks[k] = pl->kind_relocated_weeks[k] = 0;
}

/* x students of pair i: everything that adds up per placement. */
static void add_pair(pk_plan *pl, const problem *P, long i, long x)
{
    const praksis_instance *I = P->inst;
    const pair *q = &P->pairs[i];
    const cohort *h = &I->cohorts[P->coh[q->coh]];
    const site *s = &I->sites[q->site];
    int kind = s->kind == SITE_MUNICIPALITY ? PK_MUNI : PK_HOSP;
    size_t sp = (size_t)q->site * (size_t)(I->n_periods ? I->n_periods : 1) + (size_t)h->period;
    double sw = (double)x * h->weeks;
    praksis_figures *F = &pl->fig;
    F->placed += x;
    F->placed_weeks += sw;
    F->cost_travel += (double)x * q->travel;
    F->cost_supervision += (double)x * q->supervision;
    pl->kind_travel[kind] += (double)x * q->travel;
    pl->kind_supervision[kind] += (double)x * q->supervision;
    pl->kind_weeks[kind] += sw;
    pl->cls_unplaced[q->cls] -= x;
    if (P->cls[q->cls].home == q->site) {
        F->placed_at_home += x;
        pl->site_home[q->site] += x;
    }
    if (!P->cls[q->cls].relocate) F->cannot_relocate_placed += x;
    pl->ipg_placed[P->coh_ipg[q->coh]] += sw;
    pl->site_students[q->site] += x;
    pl->site_weeks[q->site] += sw;
    pl->sp_students[sp] += x;
    pl->campus_students[h->campus] += x;
    if (q->prow >= 0) pl->row_used[q->prow] += x;
    if (q->srow >= 0) pl->row_used[q->srow] += x;
    pl->unit_used[q->unit] += x;
    if (q->relocated) {
        F->relocated_students += x;
        F->relocated_km += (double)x * q->move_km;
        F->relocated_weeks += sw;
        pl->kind_relocated_weeks[kind] += sw;
        pl->site_relocated[q->site] += x;
        pl->sp_relocated[sp] += x;
        pl->campus_relocated[h->campus] += x;
        if (q->rgrp >= 0) pl->rg_used[q->rgrp] += x;
    }
    if (kind == PK_MUNI) {
        F->municipal_weeks += sw;
        pl->ipg_municipal[P->coh_ipg[q->coh]] += sw;
        pl->group_used[s->group] = 1;
    }
}

/* What the plan does with the agreements: fixed rows and minimums met. */
static void add_agreements(pk_plan *pl, const problem *P, const long *x)
{
    praksis_figures *F = &pl->fig;
    F->fixed_rows = P->n_fix_rows;
    for (int a = 0; a < P->n_fix; a++) F->fixed_students += P->fix[a].students;
    for (int a = 0; a < P->n_fix_pieces;) { /* pieces come row by row */
        int f = P->fix_pieces[a].row, met = 1;
        for (; a < P->n_fix_pieces && P->fix_pieces[a].row == f; a++) met &= x[P->fix_pieces[a].pair] >= P->lb[P->fix_pieces[a].pair];
        F->fixed_met += met;
    }
    F->minimum_rows = P->n_mins;
    for (int m = 0; m < P->n_mins; m++) {
        F->minimum_students += P->mins[m].students;
        F->minimums_met += pl->row_used[P->mins[m].row] >= P->mins[m].students;
    }
}

/* The plan against the previous one, row by row (site, programme[,
 * period]); a municipality is lost when it had students and has none,
 * new when it had none and has some. */
static void add_changes(pk_plan *pl, const problem *P)
{
    const praksis_instance *I = P->inst;
    praksis_figures *F = &pl->fig;
    memset(pl->ckey_students, 0, (size_t)P->n_ckeys * sizeof *pl->ckey_students);
    memset(pl->site_prev, 0, (size_t)I->n_sites * sizeof *pl->site_prev);
    if (!I->prev_path) return;
    F->has_previous = 1;
    F->previous_students = P->prev_students;
    for (int u = 0; u < P->n_units; u++) pl->ckey_students[P->unit_ckey[u]] += pl->unit_used[u];
    for (int k = 0; k < P->n_ckeys; k++) {
        long n = pl->ckey_students[k], p = P->ckeys[k].prev;
        F->students_added += n > p ? n - p : 0;
        F->students_removed += p > n ? p - n : 0;
        F->students_kept += n < p ? n : p;
        F->rows_changed += n != p;
        pl->site_prev[P->ckeys[k].site] += p;
    }
    for (int j = 0; j < I->n_sites; j++) {
        if (I->sites[j].kind != SITE_MUNICIPALITY) continue;
        F->municipalities_lost += pl->site_prev[j] > 0 && pl->site_students[j] == 0;
        F->municipalities_new += pl->site_prev[j] == 0 && pl->site_students[j] > 0;
    }
    F->kept_share = F->previous_students > 0 ? (double)F->students_kept / (double)F->previous_students : 0;
    F->change_penalty = P->set.change_cost * (double)(F->students_added + F->students_removed);
}

/* Supervisors: per unit ceil(students / ratio), then per site and period
 * and against the '*' rows that pool them. */
static void add_supervisors(pk_plan *pl, const problem *P)
{
    const praksis_instance *I = P->inst;
    size_t NT = (size_t)(I->n_periods ? I->n_periods : 1);
    for (int u = 0; u < P->n_units; u++) {
        const sunit *U = &P->units[u];
        long ratio = I->programmes[U->programme].ratio;
        long need = (pl->unit_used[u] + ratio - 1) / ratio;
        pl->unit_supervisors[u] = need;
        pl->sp_supervisors[(size_t)U->site * NT + (size_t)U->period] += need;
        if (U->srow >= 0) pl->star_supervisors[U->srow] += need;
    }
}

void pk_plan_compute(pk_plan *pl, const problem *P, const long *x)
{
    const praksis_instance *I = P->inst;
    praksis_figures *F = &pl->fig;
    clear(pl, P);
    for (int k = 0; k < P->n_coh; k++) {
        const cohort *h = &I->cohorts[P->coh[k]];
        pl->unplaced[k] = 0;
        F->students += P->students[k];
        F->student_weeks += (double)P->students[k] * h->weeks;
        for (int c = P->coh_cls[k]; c < P->coh_cls[k + 1]; c++) {
            const klass *K = &P->cls[c];
            pl->cls_unplaced[c] = K->size;
            F->listed_students += K->n_listed;
            if (!K->relocate) F->cannot_relocate += K->size;
            for (long i = P->cls_first[c]; i < P->cls_first[c + 1]; i++)
                if (x[i]) add_pair(pl, P, i, x[i]);
            pl->unplaced[k] += pl->cls_unplaced[c];
        }
        F->unplaced += pl->unplaced[k];
        F->unplaced_weeks += (double)pl->unplaced[k] * h->weeks;
    }
    add_supervisors(pl, P);
    add_agreements(pl, P, x);
    add_changes(pl, P);
    for (int g = 0; g < P->n_ipgs; g++) {
        double d = P->ipgs[g].target_weeks - pl->ipg_municipal[g];
        pl->ipg_deficit[g] = d > 0 ? d : 0;
        pl->ipg_share[g] = P->ipgs[g].demand_weeks > 0 ? pl->ipg_municipal[g] / P->ipgs[g].demand_weeks : 0;
        F->share_deficit_weeks += pl->ipg_deficit[g];
    }
    F->municipal_target_weeks = P->target_weeks;
    for (int j = 0; j < I->n_sites; j++)
        if (pl->site_students[j]) {
            F->sites_used++;
            F->municipalities_used += I->sites[j].kind == SITE_MUNICIPALITY;
        }
    for (int g = 0; g < I->n_groups; g++)
        if (pl->group_used[g]) {
            F->groups_used++;
            F->cost_fixed += P->gfixed[g];
        }
    F->cost_total = F->cost_travel + F->cost_supervision + F->cost_fixed;
    F->cost_per_placed_week = F->placed_weeks > 0 ? F->cost_total / F->placed_weeks : 0;
    F->municipal_share = F->student_weeks > 0 ? F->municipal_weeks / F->student_weeks : 0;
}

double pk_plan_level(const praksis_figures *f, int level)
{
    return level == 1 ? f->unplaced_weeks : level == 2 ? f->share_deficit_weeks : level == 3 ? f->cost_total + f->change_penalty
                                                                                           : f->relocated_km;
}

static int by_flow(const void *a, const void *b)
{
    const pk_flow *x = a, *y = b;
    if (x->students != y->students) return x->students < y->students ? 1 : -1;
    if (x->campus != y->campus) return x->campus - y->campus;
    return x->site - y->site;
}

int pk_plan_flows(const problem *P, const long *x, pk_flow **out, int *n)
{
    const praksis_instance *I = P->inst;
    *out = NULL;
    *n = 0;
    /* flow index + 1 per site, reset after each campus's pairs */
    int *at = calloc(n_or_1(I->n_sites) * n_or_1(I->n_campuses), sizeof *at);
    if (!at) return -1;
    pk_flow *fl = NULL;
    int nf = 0;
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        if (!x[i] || !q->relocated) continue;
        const cohort *h = &I->cohorts[P->coh[q->coh]];
        int *slot = &at[(size_t)h->campus * (size_t)I->n_sites + (size_t)q->site];
        if (!*slot) {
            pk_flow *grown = realloc(fl, (size_t)(nf + 1) * sizeof *grown);
            if (!grown) {
                free(fl);
                free(at);
                return -1;
            }
            fl = grown;
            fl[nf] = (pk_flow){h->campus, q->site, 0, 0, 0, q->km};
            *slot = ++nf;
        }
        pk_flow *f = &fl[*slot - 1];
        f->students += x[i];
        f->weeks += (double)x[i] * h->weeks;
        f->travel += (double)x[i] * q->travel;
    }
    free(at);
    if (nf) qsort(fl, (size_t)nf, sizeof *fl, by_flow);
    *out = fl;
    *n = nf;
    return 0;
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Add included cohort k's placements to rows, site by site; at[] maps a
 * site to its row of this cohort and is left all -1. */
static int cohort_rows(const problem *P, const long *x, int k, long *at, int *sites, pk_arow **rows, long *n,
                       long *cap)
{
    int n_sites = 0;
    for (long i = P->coh_first[k]; i < P->coh_first[k + 1]; i++) {
        const pair *q = &P->pairs[i];
        if (!x[i]) continue;
        if (at[q->site] < 0) {
            at[q->site] = 0;
            sites[n_sites++] = q->site;
        }
    }
    qsort(sites, (size_t)n_sites, sizeof *sites, by_int);
    if (*n + n_sites > *cap) {
        long nc = (*n + n_sites) * 2 + 16;
        pk_arow *g = realloc(*rows, (size_t)nc * sizeof *g);
        if (!g) return -1;
        *rows = g;
        *cap = nc;
    }
    for (int a = 0; a < n_sites; a++) {
        at[sites[a]] = *n;
        (*rows)[(*n)++] = (pk_arow){k, sites[a], 0, 0, 0, 0, 0};
    }
    for (long i = P->coh_first[k]; i < P->coh_first[k + 1]; i++) {
        const pair *q = &P->pairs[i];
        if (!x[i]) continue;
        pk_arow *r = &(*rows)[at[q->site]];
        r->students += x[i];
        r->relocated += q->relocated ? x[i] : 0;
        r->km = q->km;
        r->travel += (double)x[i] * q->travel;
        r->supervision += (double)x[i] * q->supervision;
    }
    for (int a = 0; a < n_sites; a++) at[sites[a]] = -1;
    return 0;
}

int pk_plan_rows(const problem *P, const long *x, pk_arow **out, long *n)
{
    const praksis_instance *I = P->inst;
    long *at = malloc(n_or_1(I->n_sites) * sizeof *at);
    int *sites = malloc(n_or_1(I->n_sites) * sizeof *sites);
    pk_arow *rows = NULL;
    long cap = 0;
    *out = NULL;
    *n = 0;
    int rc = at && sites ? 0 : -1;
    for (int j = 0; !rc && j < I->n_sites; j++) at[j] = -1;
    for (int k = 0; !rc && k < P->n_coh; k++) rc = cohort_rows(P, x, k, at, sites, &rows, n, &cap);
    free(at);
    free(sites);
    if (rc) {
        free(rows);
        *n = 0;
        return -1;
    }
    *out = rows;
    return 0;
}
