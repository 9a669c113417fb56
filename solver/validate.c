/*
 * validate.c - stage 2: the instance under a scenario.  Applies the
 * programme filter and the scales, checks what only a scenario can break,
 * computes distances and costs, and enumerates the candidate pairs with
 * their tightest upper bounds (a tight bound is what makes the linking rows
 * of the model strong).
 */
#define _POSIX_C_SOURCE 200809L
#include "csvread.h"
#include "model.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static long scale_down(long v, double f) { return (long)floor((double)v * f + 1e-9); }
static long scale_half(long v, double f) { return (long)floor((double)v * f + 0.5 + 1e-9); }
static long lmin(long a, long b) { return a < b ? a : b; }

#define MAX_TOTAL_STUDENTS 1000000000000L /* 1e12: x ratio (<= 1e6) fits in a long */

void pk_problem_free(problem *P)
{
    if (!P) return;
    if (P->M) {
        pk_model_free(P->M);
        free(P->M);
    }
    praksis_settings_clear(&P->set);
    free(P->coh);
    free(P->students);
    free(P->coh_ipg);
    free(P->coh_first);
    free(P->share);
    free(P->places);
    free(P->sups);
    free(P->gfixed);
    free(P->pairs);
    free(P->units);
    free(P->rgroups);
    free(P->ipgs);
    free(P->sp_places);
    free(P->cls_first);
    pk_classes_free(P);
    pk_agreements_problem_free(P);
    free(P->warnings);
    free(P);
}

model *pk_problem_model(problem *P)
{
    if (P->M) return P->M;
    model *M = malloc(sizeof *M);
    if (!M || pk_model_build(P, M) != PRAKSIS_OK) {
        free(M);
        return NULL;
    }
    return P->M = M;
}

static praksis_error build(const praksis_instance *I, const praksis_settings *s, problem **out,
                           praksis_diag *diag);

/* Places each site offers the included programmes in each period, as
 * site_use.csv and the report show them: the '*' row's, or the sum of the
 * programme rows where that is less or there is no '*' row.  0 or -1. */
static int site_places(problem *P, const int *included)
{
    const praksis_instance *I = P->inst;
    size_t NT = (size_t)(I->n_periods ? I->n_periods : 1), cells = (size_t)I->n_sites * NT;
    long *star = malloc((cells ? cells : 1) * sizeof *star), *prog = calloc(cells ? cells : 1, sizeof *prog);
    char *has_prog = calloc(cells ? cells : 1, 1);
    P->sp_places = malloc((cells ? cells : 1) * sizeof *P->sp_places);
    int rc = -1;
    if (!star || !prog || !has_prog || !P->sp_places) goto out;
    for (size_t i = 0; i < cells; i++) star[i] = -1;
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        size_t i = (size_t)c->site * NT + (size_t)c->period;
        if (c->programme < 0) {
            star[i] = P->places[r];
        } else if (included[c->programme]) {
            prog[i] += P->places[r];
            has_prog[i] = 1;
        }
    }
    for (size_t i = 0; i < cells; i++)
        P->sp_places[i] = star[i] >= 0 ? (has_prog[i] && prog[i] < star[i] ? prog[i] : star[i]) : prog[i];
    rc = 0;
out:
    free(star);
    free(prog);
    free(has_prog);
    return rc;
}

praksis_error pk_problem_build(const praksis_instance *I, const praksis_settings *s, problem **out,
                            praksis_diag *diag)
{
    praksis_error rc = build(I, s, out, diag);
    if (!rc && (rc = pk_agreements_prepare(*out, diag)) != PRAKSIS_OK) {
        pk_problem_free(*out);
        *out = NULL;
    }
    if (rc) pk_diag_escape(diag); /* ids from the scenario are quoted in messages */
    if (!rc && pk_lint(*out)) {
        pk_problem_free(*out);
        *out = NULL;
        pk_diag_set(diag, I->dir, 0, 0, "out of memory while checking the data");
        rc = PRAKSIS_ERR_NOMEM;
    }
    return rc;
}

/* Lookup tables and scratch of the preparation, freed together. */
typedef struct prep {
    int *included;  /* per programme */
    int *pidx;      /* capacity row of (site, programme, period), -1 */
    int *sidx;      /* '*' row of (site, period), -1 */
    int *unit_of;   /* supervision unit of (site, programme, period), -1 */
    int *rg_of;     /* relocation group of (site, period), -1 */
    int *ipg_of;    /* ipgroup of (institution, programme), -1 */
    double *kmtab;  /* km from each campus to each site */
} prep;

static void prep_free(prep *X)
{
    free(X->included);
    free(X->pidx);
    free(X->sidx);
    free(X->unit_of);
    free(X->rg_of);
    free(X->ipg_of);
    free(X->kmtab);
}

/* An input error about cohorts.csv (line 0: the whole file), or its sheet. */
static praksis_error input_error(const praksis_instance *I, long line, praksis_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static praksis_error input_error(const praksis_instance *I, long line, praksis_diag *diag, const char *fmt, ...)
{
    char path[1024], msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pk_instance_file(I, "cohorts", &line, path, sizeof path);
    pk_diag_set(diag, path, line, 0, "%s", msg);
    return PRAKSIS_ERR_INPUT;
}

/* The programme filter: which programmes are included, and each one's share. */
static praksis_error filter_programmes(problem *P, prep *X, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    const praksis_settings *s = &P->set;
    const int NP = I->n_programmes;
    X->included = calloc((size_t)NP, sizeof *X->included);
    P->share = calloc((size_t)NP, sizeof *P->share);
    if (!X->included || !P->share) return PRAKSIS_ERR_NOMEM;
    if (s->programmes) {
        for (int i = 0; i < s->n_programmes; i++) {
            int found = -1;
            for (int p = 0; p < NP; p++)
                if (strcmp(I->programmes[p].id, s->programmes[i]) == 0) found = p;
            if (found < 0) {
                pk_diag_set(diag, "scenario", 0, 0, "programmes: expected programme ids from programmes.csv, found unknown \"%s\"",
                         s->programmes[i]);
                return PRAKSIS_ERR_INPUT;
            }
            X->included[found] = 1;
        }
    } else {
        for (int p = 0; p < NP; p++) X->included[p] = 1;
    }
    for (int p = 0; p < NP; p++) {
        P->share[p] = I->programmes[p].has_share ? I->programmes[p].share : s->municipal_share;
        P->n_included_programmes += X->included[p];
    }
    return PRAKSIS_OK;
}

/* Scaled capacities, the row lookup tables, group fixed costs, and the
 * places each site offers.  0, or -1 out of memory. */
static int scale_capacity(problem *P, prep *X)
{
    const praksis_instance *I = P->inst;
    const praksis_settings *s = &P->set;
    const size_t NS = (size_t)I->n_sites, NP = (size_t)I->n_programmes, NT = (size_t)I->n_periods;
    P->places = malloc((size_t)(I->n_cap ? I->n_cap : 1) * sizeof *P->places);
    P->sups = malloc((size_t)(I->n_cap ? I->n_cap : 1) * sizeof *P->sups);
    P->gfixed = malloc((size_t)(I->n_groups ? I->n_groups : 1) * sizeof *P->gfixed);
    X->pidx = malloc(NS * NP * (NT ? NT : 1) * sizeof *X->pidx);
    X->sidx = malloc(NS * (NT ? NT : 1) * sizeof *X->sidx);
    if (!P->places || !P->sups || !P->gfixed || !X->pidx || !X->sidx) return -1;
    for (size_t i = 0; i < NS * NP * NT; i++) X->pidx[i] = -1;
    for (size_t i = 0; i < NS * NT; i++) X->sidx[i] = -1;
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        P->places[r] = scale_down(c->places, s->capacity_scale);
        P->sups[r] = c->supervisors < 0 ? -1 : scale_down(c->supervisors, s->capacity_scale);
        if (c->programme < 0)
            X->sidx[(size_t)c->site * NT + (size_t)c->period] = r;
        else
            X->pidx[((size_t)c->site * NP + (size_t)c->programme) * NT + (size_t)c->period] = r;
    }
    for (int g = 0; g < I->n_groups; g++)
        P->gfixed[g] = I->groups[g].has_fixed ? I->groups[g].fixed_cost : s->coordinator_cost;
    return site_places(P, X->included);
}

/* Distances from every campus to every site: computed, then the measured
 * overrides.  0, or -1 out of memory. */
static int campus_km(problem *P, prep *X)
{
    const praksis_instance *I = P->inst;
    const int NS = I->n_sites, NK = I->n_campuses;
    X->kmtab = malloc((size_t)(NK ? NK : 1) * (size_t)NS * sizeof *X->kmtab);
    if (!X->kmtab) return -1;
    for (int k = 0; k < NK; k++)
        for (int j = 0; j < NS; j++)
            X->kmtab[(size_t)k * NS + j] = pk_geo_km(I->campuses[k].lat, I->campuses[k].lon, I->sites[j].lat,
                                                     I->sites[j].lon) * P->set.road_factor;
    for (int d = 0; d < I->n_dist; d++) X->kmtab[(size_t)I->dist[d].campus * NS + I->dist[d].site] = I->dist[d].km;
    return 0;
}

/* Included cohorts, their scaled sizes (never below their listed students:
 * those are people) and their (institution, programme) groups. */
static praksis_error add_cohorts(problem *P, prep *X, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    const int NP = I->n_programmes;
    size_t nc = (size_t)(I->n_cohorts ? I->n_cohorts : 1);
    P->coh = malloc(nc * sizeof *P->coh);
    P->students = malloc(nc * sizeof *P->students);
    P->coh_ipg = malloc(nc * sizeof *P->coh_ipg);
    P->coh_first = malloc((nc + 1) * sizeof *P->coh_first);
    P->ipgs = malloc(nc * sizeof *P->ipgs);
    X->ipg_of = malloc((size_t)(I->n_institutions ? I->n_institutions : 1) * NP * sizeof *X->ipg_of);
    long *listed = calloc(nc, sizeof *listed);
    if (!P->coh || !P->students || !P->coh_ipg || !P->coh_first || !X->ipg_of || !P->ipgs || !listed) {
        free(listed);
        return PRAKSIS_ERR_NOMEM;
    }
    for (int i = 0; i < I->n_students; i++) listed[I->students[i].cohort]++;
    for (size_t i = 0; i < (size_t)I->n_institutions * NP; i++) X->ipg_of[i] = -1;
    for (int c = 0; c < I->n_cohorts; c++) {
        const cohort *h = &I->cohorts[c];
        if (!X->included[h->programme]) continue;
        int k = P->n_coh++;
        P->coh[k] = c;
        P->students[k] = scale_half(h->students, P->set.demand_scale);
        if (P->students[k] < listed[c]) P->students[k] = listed[c];
        if (P->students[k] > 1000000000L) {
            free(listed);
            return input_error(I, h->line, diag, "students x demand_scale: expected at most %ld, found %ld",
                               1000000000L, P->students[k]);
        }
        P->total_students += P->students[k];
        int *g = &X->ipg_of[(size_t)I->campuses[h->campus].inst * NP + h->programme];
        if (*g < 0) {
            *g = P->n_ipgs++;
            P->ipgs[*g] = (ipgroup){I->campuses[h->campus].inst, h->programme, 0, 0};
        }
        P->coh_ipg[k] = *g;
        double w = h->weeks * (double)P->students[k];
        P->ipgs[*g].demand_weeks += w;
        P->demand_weeks += w;
    }
    free(listed);
    /* Refuse totals whose products (supervisors x ratio, students x weeks)
     * could overflow, then cap supervisor limits at the students there are:
     * a larger limit can never bind, and the cap keeps limit x ratio (ratio
     * <= 1e6) within a long however large capacity_scale makes the limit. */
    if (P->total_students > MAX_TOTAL_STUDENTS)
        return input_error(I, 0, diag, "students: expected at most %ld in all included cohorts, found %ld",
                           MAX_TOTAL_STUDENTS, P->total_students);
    for (int r = 0; r < I->n_cap; r++)
        if (P->sups[r] > P->total_students) P->sups[r] = P->total_students;
    for (int g = 0; g < P->n_ipgs; g++) {
        P->ipgs[g].target_weeks = P->share[P->ipgs[g].programme] * P->ipgs[g].demand_weeks;
        P->target_weeks += P->ipgs[g].target_weeks;
    }
    return PRAKSIS_OK;
}

/* The least of the class's students, the places and the supervisors (x
 * ratio) of the rows pr and sr that apply: the pair's tightest bound. */
static long pair_ub(const problem *P, long size, int ratio, int pr, int sr)
{
    long ub = size;
    if (pr >= 0) {
        ub = lmin(ub, P->places[pr]);
        if (P->sups[pr] >= 0) ub = lmin(ub, P->sups[pr] * (long)ratio);
    }
    if (sr >= 0) {
        ub = lmin(ub, P->places[sr]);
        if (P->sups[sr] >= 0) ub = lmin(ub, P->sups[sr] * (long)ratio);
    }
    return ub;
}

/* Distances, relocation and cost of class c at site j. */
static void pair_place(const problem *P, const prep *X, int c, int j, pair *q)
{
    const praksis_instance *I = P->inst;
    const praksis_settings *S = &P->set;
    const klass *K = &P->cls[c];
    const cohort *h = &I->cohorts[P->coh[K->coh]];
    q->coh = K->coh;
    q->cls = c;
    q->site = j;
    q->km = X->kmtab[(size_t)h->campus * (size_t)I->n_sites + (size_t)j];
    q->km_home = K->home >= 0 ? pk_home_km(P, K->home, j) : -1;
    /* travel support is for placements away from both the study and the
     * home municipality (../shared/DOMAIN.md) */
    q->relocated = q->km > S->commute_km && (K->home < 0 || q->km_home > S->commute_km);
    q->move_km = !q->relocated ? 0 : K->home >= 0 && q->km_home < q->km ? q->km_home : q->km;
    q->travel = q->relocated ? h->weeks * S->travel_rate : 0;
    q->supervision = h->weeks * (I->sites[j].kind == SITE_MUNICIPALITY ? S->supervision_rate
                                                                       : S->hospital_supervision_rate);
}

/* The supervision unit and relocation group of a new pair. */
static void pair_groups(problem *P, prep *X, pair *q, int pr, int sr)
{
    const praksis_instance *I = P->inst;
    const cohort *h = &I->cohorts[P->coh[q->coh]];
    const size_t NP = (size_t)I->n_programmes, NT = (size_t)I->n_periods;
    int *u = &X->unit_of[((size_t)q->site * NP + (size_t)h->programme) * NT + (size_t)h->period];
    if (*u < 0) {
        *u = P->n_units++;
        sunit *U = &P->units[*u];
        U->site = q->site;
        U->programme = h->programme;
        U->period = h->period;
        U->prow = pr;
        U->srow = sr;
        U->limit = pr >= 0 ? P->sups[pr] : -1;
        /* An integer supervisor count is needed only when a '*' row limits
         * supervisors across programmes and students can share one (ratio
         * > 1); otherwise the limit is a plain row on x. */
        U->needs_var = sr >= 0 && P->sups[sr] >= 0 && I->programmes[h->programme].ratio > 1;
    }
    q->unit = *u;
    q->rgrp = -1;
    if (q->relocated && P->set.min_relocated_group > 1) {
        int *r = &X->rg_of[(size_t)q->site * NT + (size_t)h->period];
        if (*r < 0) {
            *r = P->n_rgroups++;
            P->rgroups[*r] = (rgroup){q->site, h->period, 0};
        }
        q->rgrp = *r;
        P->rgroups[*r].ub += q->ub;
    }
}

/* Candidate pairs, class by class, site by site (the order of every
 * output).  A class that cannot relocate has no relocated pairs.  0, or -1
 * out of memory. */
static int add_pairs(problem *P, prep *X)
{
    const praksis_instance *I = P->inst;
    const size_t NS = (size_t)I->n_sites, NP = (size_t)I->n_programmes, NT = (size_t)I->n_periods;
    long cap_pairs = 0;
    for (int c = 0; c < P->n_cls; c++) {
        const cohort *h = &I->cohorts[P->coh[P->cls[c].coh]];
        for (size_t j = 0; j < NS; j++)
            if (X->pidx[(j * NP + (size_t)h->programme) * NT + (size_t)h->period] >= 0 ||
                X->sidx[j * NT + (size_t)h->period] >= 0)
                cap_pairs++;
    }
    size_t np = (size_t)(cap_pairs ? cap_pairs : 1);
    P->pairs = malloc(np * sizeof *P->pairs);
    P->units = malloc(np * sizeof *P->units);
    P->rgroups = malloc(np * sizeof *P->rgroups);
    P->cls_first = malloc(((size_t)P->n_cls + 1) * sizeof *P->cls_first);
    X->unit_of = malloc(NS * NP * (NT ? NT : 1) * sizeof *X->unit_of);
    X->rg_of = malloc(NS * (NT ? NT : 1) * sizeof *X->rg_of);
    if (!P->pairs || !P->units || !P->rgroups || !P->cls_first || !X->unit_of || !X->rg_of) return -1;
    for (size_t i = 0; i < NS * NP * NT; i++) X->unit_of[i] = -1;
    for (size_t i = 0; i < NS * NT; i++) X->rg_of[i] = -1;
    for (int c = 0; c < P->n_cls; c++) {
        const klass *K = &P->cls[c];
        P->cls_first[c] = P->n_pairs;
        const cohort *h = &I->cohorts[P->coh[K->coh]];
        for (size_t j = 0; j < NS; j++) {
            int pr = X->pidx[(j * NP + (size_t)h->programme) * NT + (size_t)h->period];
            int sr = X->sidx[j * NT + (size_t)h->period];
            if (pr < 0 && sr < 0) continue;
            long ub = pair_ub(P, K->size, I->programmes[h->programme].ratio, pr, sr);
            if (ub <= 0) continue; /* can never hold a student: leave it out of the model */
            pair *q = &P->pairs[P->n_pairs];
            pair_place(P, X, c, (int)j, q);
            if (q->relocated && !K->relocate) continue;
            q->ub = ub;
            q->prow = pr;
            q->srow = sr;
            pair_groups(P, X, q, pr, sr);
            P->n_pairs++;
        }
    }
    P->cls_first[P->n_cls] = P->n_pairs;
    return 0;
}

/* A relocation group whose pairs together cannot reach the minimum can
 * take no relocated student at all: drop those pairs now. */
static void drop_unreachable(problem *P)
{
    const int m = P->set.min_relocated_group;
    int any = 0;
    for (int r = 0; r < P->n_rgroups; r++) any |= P->rgroups[r].ub < m;
    if (m <= 1 || !any) return;
    long w = 0;
    for (int c = 0; c < P->n_cls; c++) {
        long from = P->cls_first[c], to = P->cls_first[c + 1];
        P->cls_first[c] = w;
        for (long i = from; i < to; i++) {
            pair q = P->pairs[i];
            if (q.rgrp >= 0 && P->rgroups[q.rgrp].ub < m) continue;
            P->pairs[w++] = q;
        }
    }
    P->n_pairs = w;
    P->cls_first[P->n_cls] = w;
}

static praksis_error build(const praksis_instance *I, const praksis_settings *s, problem **out,
                           praksis_diag *diag)
{
    *out = NULL;
    praksis_error rc = praksis_settings_validate(s, diag);
    if (rc) return rc;
    problem *P = calloc(1, sizeof *P);
    if (!P) return PRAKSIS_ERR_NOMEM;
    P->inst = I;
    praksis_settings_init(&P->set);
    prep X = {0};
    if ((rc = praksis_settings_copy(&P->set, s))) goto fail;

    const int NS = I->n_sites, NP = I->n_programmes, NT = I->n_periods, NK = I->n_campuses;
    /* Dense lookup tables; refuse sizes that would not fit rather than overflow. */
    /* An input limit, so exit 1 like any other bad input, not an internal error. */
    if ((double)NS * NP * (NT ? NT : 1) > 2e8) {
        pk_diag_set(diag, I->dir, 0, 0, "expected at most 2e8 (site, programme, period) combinations, found %.0f",
                 (double)NS * NP * NT);
        rc = PRAKSIS_ERR_INPUT;
        goto fail;
    }
    if ((double)NK * NS > 2e8) {
        pk_diag_set(diag, I->dir, 0, 0, "expected at most 2e8 (campus, site) pairs, found %.0f", (double)NK * NS);
        rc = PRAKSIS_ERR_INPUT;
        goto fail;
    }
    if ((rc = filter_programmes(P, &X, diag))) goto fail;
    if (scale_capacity(P, &X) || campus_km(P, &X)) goto nomem;
    if ((rc = add_cohorts(P, &X, diag))) goto fail;
    if (pk_classes_build(P) || add_pairs(P, &X)) goto nomem;
    drop_unreachable(P);
    for (int k = 0; k <= P->n_coh; k++) P->coh_first[k] = P->cls_first[P->coh_cls[k]];
    prep_free(&X);
    *out = P;
    return PRAKSIS_OK;
nomem:
    rc = PRAKSIS_ERR_NOMEM;
fail:
    if (rc == PRAKSIS_ERR_NOMEM) pk_diag_set(diag, I->dir, 0, 0, "out of memory while preparing the model");
    prep_free(&X);
    pk_problem_free(P);
    return rc;
}

/* ---------------------------------------------------------------- the public handle */
praksis_error praksis_problem_create(const praksis_instance *inst, const praksis_settings *s, praksis_problem **out,
                                     praksis_diag *diag)
{
    if (!out) return PRAKSIS_ERR_USAGE;
    *out = NULL;
    if (!inst || !s) return PRAKSIS_ERR_USAGE;
    return pk_problem_build(inst, s, out, diag);
}

void praksis_problem_free(praksis_problem *p) { pk_problem_free(p); }

const praksis_settings *praksis_problem_settings(const praksis_problem *p) { return p ? &p->set : NULL; }

int praksis_problem_warning_count(const praksis_problem *p) { return p ? p->n_warnings : 0; }

const praksis_diag *praksis_problem_warning(const praksis_problem *p, int i)
{
    return p && i >= 0 && i < p->n_warnings ? &p->warnings[i] : NULL;
}

praksis_error praksis_problem_size(const praksis_problem *P, praksis_size *z, praksis_diag *diag)
{
    if (!P || !z) return PRAKSIS_ERR_USAGE;
    const praksis_instance *inst = P->inst;
    memset(z, 0, sizeof *z);
    z->sites = inst->n_sites;
    for (int j = 0; j < inst->n_sites; j++) {
        if (inst->sites[j].kind == SITE_MUNICIPALITY)
            z->municipalities++;
        else
            z->hospitals++;
    }
    z->groups = inst->n_groups;
    z->campuses = inst->n_campuses;
    z->institutions = inst->n_institutions;
    z->programmes = P->n_included_programmes;
    z->periods = inst->n_periods;
    z->cohorts = P->n_coh;
    z->students = P->total_students;
    z->student_weeks = P->demand_weeks;
    z->municipal_target_weeks = P->target_weeks;
    z->capacity_rows = inst->n_cap;
    z->pairs = P->n_pairs;
    for (long i = 0; i < P->n_pairs; i++) z->relocated_pairs += P->pairs[i].relocated;
    z->fixed_rows = P->n_fix_rows;
    for (int a = 0; a < P->n_fix; a++) z->fixed_students += P->fix[a].students;
    z->minimum_rows = P->n_mins;
    for (int m = 0; m < P->n_mins; m++) z->minimum_students += P->mins[m].students;
    z->previous_rows = inst->prev_path ? inst->n_prev : 0;
    if (pk_model_count(P, &z->rows, &z->cols, &z->integers, &z->nonzeros) != PRAKSIS_OK) {
        pk_diag_set(diag, inst->dir, 0, 0, "out of memory while counting the model");
        return PRAKSIS_ERR_NOMEM;
    }
    return PRAKSIS_OK;
}
