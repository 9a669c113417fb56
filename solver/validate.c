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
    pk_agreements_problem_free(P);
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
    return rc;
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
    int *included = NULL, *pidx = NULL, *sidx = NULL, *unit_of = NULL, *rg_of = NULL, *ipg_of = NULL;
    double *kmtab = NULL;
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

    /* Programme filter. */
    included = calloc((size_t)NP, sizeof *included);
    P->share = calloc((size_t)NP, sizeof *P->share);
    if (!included || !P->share) goto nomem;
    if (s->programmes) {
        for (int i = 0; i < s->n_programmes; i++) {
            int found = -1;
            for (int p = 0; p < NP; p++)
                if (strcmp(I->programmes[p].id, s->programmes[i]) == 0) found = p;
            if (found < 0) {
                pk_diag_set(diag, "scenario", 0, 0, "programmes: expected programme ids from programmes.csv, found unknown \"%s\"",
                         s->programmes[i]);
                rc = PRAKSIS_ERR_INPUT;
                goto fail;
            }
            included[found] = 1;
        }
    } else {
        for (int p = 0; p < NP; p++) included[p] = 1;
    }
    for (int p = 0; p < NP; p++) {
        P->share[p] = I->programmes[p].has_share ? I->programmes[p].share : s->municipal_share;
        P->n_included_programmes += included[p];
    }

    /* Scaled capacities and group fixed costs. */
    P->places = malloc((size_t)(I->n_cap ? I->n_cap : 1) * sizeof *P->places);
    P->sups = malloc((size_t)(I->n_cap ? I->n_cap : 1) * sizeof *P->sups);
    P->gfixed = malloc((size_t)(I->n_groups ? I->n_groups : 1) * sizeof *P->gfixed);
    pidx = malloc((size_t)NS * NP * (NT ? NT : 1) * sizeof *pidx);
    sidx = malloc((size_t)NS * (NT ? NT : 1) * sizeof *sidx);
    if (!P->places || !P->sups || !P->gfixed || !pidx || !sidx) goto nomem;
    for (size_t i = 0; i < (size_t)NS * NP * NT; i++) pidx[i] = -1;
    for (size_t i = 0; i < (size_t)NS * NT; i++) sidx[i] = -1;
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        P->places[r] = scale_down(c->places, s->capacity_scale);
        P->sups[r] = c->supervisors < 0 ? -1 : scale_down(c->supervisors, s->capacity_scale);
        if (c->programme < 0)
            sidx[(size_t)c->site * NT + c->period] = r;
        else
            pidx[((size_t)c->site * NP + c->programme) * NT + c->period] = r;
    }
    for (int g = 0; g < I->n_groups; g++)
        P->gfixed[g] = I->groups[g].has_fixed ? I->groups[g].fixed_cost : s->coordinator_cost;
    if (site_places(P, included)) goto nomem;

    /* Distances: computed, then measured overrides. */
    kmtab = malloc((size_t)(NK ? NK : 1) * NS * sizeof *kmtab);
    if (!kmtab) goto nomem;
    for (int k = 0; k < NK; k++)
        for (int j = 0; j < NS; j++)
            kmtab[(size_t)k * NS + j] = pk_geo_km(I->campuses[k].lat, I->campuses[k].lon, I->sites[j].lat,
                                               I->sites[j].lon) * s->road_factor;
    for (int d = 0; d < I->n_dist; d++) kmtab[(size_t)I->dist[d].campus * NS + I->dist[d].site] = I->dist[d].km;

    /* Included cohorts and their (institution, programme) groups. */
    P->coh = malloc((size_t)(I->n_cohorts ? I->n_cohorts : 1) * sizeof *P->coh);
    P->students = malloc((size_t)(I->n_cohorts ? I->n_cohorts : 1) * sizeof *P->students);
    P->coh_ipg = malloc((size_t)(I->n_cohorts ? I->n_cohorts : 1) * sizeof *P->coh_ipg);
    P->coh_first = malloc((size_t)(I->n_cohorts + 1) * sizeof *P->coh_first);
    ipg_of = malloc((size_t)(I->n_institutions ? I->n_institutions : 1) * NP * sizeof *ipg_of);
    P->ipgs = malloc((size_t)(I->n_cohorts ? I->n_cohorts : 1) * sizeof *P->ipgs);
    if (!P->coh || !P->students || !P->coh_ipg || !P->coh_first || !ipg_of || !P->ipgs) goto nomem;
    for (size_t i = 0; i < (size_t)I->n_institutions * NP; i++) ipg_of[i] = -1;
    for (int c = 0; c < I->n_cohorts; c++) {
        const cohort *h = &I->cohorts[c];
        if (!included[h->programme]) continue;
        int k = P->n_coh++;
        P->coh[k] = c;
        P->students[k] = scale_half(h->students, s->demand_scale);
        if (P->students[k] > 1000000000L) {
            char path[1024];
            long line = h->line;
            pk_instance_file(I, "cohorts", &line, path, sizeof path);
            pk_diag_set(diag, path, line, 0, "students x demand_scale: expected at most 1000000000, found %ld",
                     P->students[k]);
            rc = PRAKSIS_ERR_INPUT;
            goto fail;
        }
        P->total_students += P->students[k];
        int inst = I->campuses[h->campus].inst;
        int *g = &ipg_of[(size_t)inst * NP + h->programme];
        if (*g < 0) {
            *g = P->n_ipgs++;
            P->ipgs[*g] = (ipgroup){inst, h->programme, 0, 0};
        }
        P->coh_ipg[k] = *g;
        double w = h->weeks * (double)P->students[k];
        P->ipgs[*g].demand_weeks += w;
        P->demand_weeks += w;
    }
    /* Refuse totals whose products (supervisors x ratio, students x weeks)
     * could overflow, then cap supervisor limits at the students there are:
     * a larger limit can never bind, and the cap keeps limit x ratio (ratio
     * <= 1e6) within a long however large capacity_scale makes the limit. */
    if (P->total_students > MAX_TOTAL_STUDENTS) {
        char path[1024];
        long line = 0;
        pk_instance_file(I, "cohorts", &line, path, sizeof path);
        pk_diag_set(diag, path, 0, 0, "students: expected at most %ld in all included cohorts, found %ld",
                 MAX_TOTAL_STUDENTS, P->total_students);
        rc = PRAKSIS_ERR_INPUT;
        goto fail;
    }
    for (int r = 0; r < I->n_cap; r++)
        if (P->sups[r] > P->total_students) P->sups[r] = P->total_students;
    for (int g = 0; g < P->n_ipgs; g++) {
        P->ipgs[g].target_weeks = P->share[P->ipgs[g].programme] * P->ipgs[g].demand_weeks;
        P->target_weeks += P->ipgs[g].target_weeks;
    }

    /* Candidate pairs, cohort by cohort, site by site (the order of every output). */
    long cap_pairs = 0;
    for (int k = 0; k < P->n_coh; k++) {
        const cohort *h = &I->cohorts[P->coh[k]];
        for (int j = 0; j < NS; j++)
            if (pidx[((size_t)j * NP + h->programme) * NT + h->period] >= 0 || sidx[(size_t)j * NT + h->period] >= 0)
                cap_pairs++;
    }
    P->pairs = malloc((size_t)(cap_pairs ? cap_pairs : 1) * sizeof *P->pairs);
    unit_of = malloc((size_t)NS * NP * (NT ? NT : 1) * sizeof *unit_of);
    rg_of = malloc((size_t)NS * (NT ? NT : 1) * sizeof *rg_of);
    P->units = malloc((size_t)(cap_pairs ? cap_pairs : 1) * sizeof *P->units);
    P->rgroups = malloc((size_t)(cap_pairs ? cap_pairs : 1) * sizeof *P->rgroups);
    if (!P->pairs || !unit_of || !rg_of || !P->units || !P->rgroups) goto nomem;
    for (size_t i = 0; i < (size_t)NS * NP * NT; i++) unit_of[i] = -1;
    for (size_t i = 0; i < (size_t)NS * NT; i++) rg_of[i] = -1;
    const praksis_settings *S = s;
    for (int k = 0; k < P->n_coh; k++) {
        P->coh_first[k] = P->n_pairs;
        const cohort *h = &I->cohorts[P->coh[k]];
        const programme *pg = &I->programmes[h->programme];
        for (int j = 0; j < NS; j++) {
            int pr = pidx[((size_t)j * NP + h->programme) * NT + h->period];
            int sr = sidx[(size_t)j * NT + h->period];
            if (pr < 0 && sr < 0) continue;
            long ub = P->students[k];
            if (pr >= 0) {
                ub = lmin(ub, P->places[pr]);
                if (P->sups[pr] >= 0) ub = lmin(ub, P->sups[pr] * (long)pg->ratio);
            }
            if (sr >= 0) {
                ub = lmin(ub, P->places[sr]);
                if (P->sups[sr] >= 0) ub = lmin(ub, P->sups[sr] * (long)pg->ratio);
            }
            if (ub <= 0) continue; /* can never hold a student: leave it out of the model */
            pair *q = &P->pairs[P->n_pairs++];
            q->coh = k;
            q->site = j;
            q->km = kmtab[(size_t)h->campus * NS + j];
            q->relocated = q->km > S->commute_km;
            q->travel = q->relocated ? h->weeks * S->travel_rate : 0;
            q->supervision = h->weeks * (I->sites[j].kind == SITE_MUNICIPALITY ? S->supervision_rate
                                                                               : S->hospital_supervision_rate);
            q->ub = ub;
            q->prow = pr;
            q->srow = sr;
            int *u = &unit_of[((size_t)j * NP + h->programme) * NT + h->period];
            if (*u < 0) {
                *u = P->n_units++;
                sunit *U = &P->units[*u];
                U->site = j;
                U->programme = h->programme;
                U->period = h->period;
                U->prow = pr;
                U->srow = sr;
                U->limit = pr >= 0 ? P->sups[pr] : -1;
                /* An integer supervisor count is needed only when a '*' row
                 * limits supervisors across programmes and students can share
                 * one (ratio > 1); otherwise the limit is a plain row on x. */
                U->needs_var = sr >= 0 && P->sups[sr] >= 0 && pg->ratio > 1;
            }
            q->unit = *u;
            q->rgrp = -1;
            if (q->relocated && S->min_relocated_group > 1) {
                int *r = &rg_of[(size_t)j * NT + h->period];
                if (*r < 0) {
                    *r = P->n_rgroups++;
                    P->rgroups[*r] = (rgroup){j, h->period, 0};
                }
                q->rgrp = *r;
                P->rgroups[*r].ub += q->ub;
            }
        }
    }
    P->coh_first[P->n_coh] = P->n_pairs;
    /* A relocation group whose pairs together cannot reach the minimum can
     * take no relocated student at all: drop those pairs now. */
    if (S->min_relocated_group > 1) {
        int any = 0;
        for (int r = 0; r < P->n_rgroups; r++) any |= P->rgroups[r].ub < S->min_relocated_group;
        if (any) {
            long w = 0;
            for (int k = 0; k < P->n_coh; k++) {
                long from = P->coh_first[k], to = P->coh_first[k + 1];
                P->coh_first[k] = w;
                for (long i = from; i < to; i++) {
                    pair q = P->pairs[i];
                    if (q.rgrp >= 0 && P->rgroups[q.rgrp].ub < S->min_relocated_group) continue;
                    P->pairs[w++] = q;
                }
            }
            P->n_pairs = w;
            P->coh_first[P->n_coh] = w;
        }
    }
    free(included);
    free(pidx);
    free(sidx);
    free(unit_of);
    free(rg_of);
    free(ipg_of);
    free(kmtab);
    *out = P;
    return PRAKSIS_OK;
nomem:
    rc = PRAKSIS_ERR_NOMEM;
    pk_diag_set(diag, I->dir, 0, 0, "out of memory while preparing the model");
fail:
    free(included);
    free(pidx);
    free(sidx);
    free(unit_of);
    free(rg_of);
    free(ipg_of);
    free(kmtab);
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
    z->fixed_rows = P->n_fix;
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
