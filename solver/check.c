/*
 * check.c - stage 5: re-check a plan against the data, independently of
 * the solver and of plan.c.  Bounds (agreed placements among them), demand,
 * capacity, supervisors, minimum intakes and the relocated minimum are
 * checked in exact integer arithmetic with sums of
 * its own: this is the engine's guard against its own bugs, so it shares
 * no code with the module that computes the plan's figures.
 */
#define _POSIX_C_SOURCE 200809L
#include "result.h"

#include <stdlib.h>

typedef struct sums {
    long *row, *unit, *rg, *supstar;
    long forced; /* students at the site with a floor (problem.h force_site) */
} sums;

static void sums_free(sums *S)
{
    free(S->row);
    free(S->unit);
    free(S->rg);
    free(S->supstar);
}

/* Bounds, demand and the relocation groups of every pair; the sums per
 * capacity row, unit and relocation group for the checks after. */
static praksis_error check_pairs(const problem *P, const long *X, sums *S, int agreements, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    for (int c = 0; c < P->n_cls; c++) {
        const klass *K = &P->cls[c];
        const cohort *h = &I->cohorts[P->coh[K->coh]];
        long placed = 0;
        for (long i = P->cls_first[c]; i < P->cls_first[c + 1]; i++) {
            long x = X[i];
            const pair *q = &P->pairs[i];
            long lo = agreements && P->lb ? P->lb[i] : 0;
            if (x < lo || x > q->ub || q->cls != c || q->coh != K->coh) {
                pk_diag_set(diag, "plan", 0, 0, "cohort %s at site %s: %ld students outside %ld..%ld%s", h->id,
                            I->sites[q->site].id, x, lo, q->ub, lo ? " (the low end agreed in fixed.csv)" : "");
                return PRAKSIS_ERR_INTERNAL;
            }
            if (!x) continue;
            placed += x;
            if (q->prow >= 0) S->row[q->prow] += x;
            if (q->srow >= 0) S->row[q->srow] += x;
            S->unit[q->unit] += x;
            if (q->relocated && !K->relocate) {
                pk_diag_set(diag, "plan", 0, 0, "cohort %s at site %s: students who cannot relocate are relocated", h->id,
                            I->sites[q->site].id);
                return PRAKSIS_ERR_INTERNAL;
            }
            if (q->relocated && q->rgrp < 0 && P->set.min_relocated_group > 1) {
                pk_diag_set(diag, "plan", 0, 0, "relocated pair without a relocation group");
                return PRAKSIS_ERR_INTERNAL;
            }
            if (q->relocated && q->rgrp >= 0) S->rg[q->rgrp] += x;
            if (q->site == P->force_site) S->forced += x;
        }
        if (placed > K->size) {
            pk_diag_set(diag, "plan", 0, 0, "cohort %s: %ld placed of %ld students in one class", h->id, placed, K->size);
            return PRAKSIS_ERR_INTERNAL;
        }
    }
    return PRAKSIS_OK;
}

static praksis_error check_rows(const problem *P, sums *S, int agreements, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    for (int r = 0; r < I->n_cap; r++)
        if (S->row[r] > P->places[r]) {
            pk_diag_set(diag, "plan", 0, 0, "capacity.csv line %ld: %ld students on %ld places", I->cap[r].line,
                        S->row[r], P->places[r]);
            return PRAKSIS_ERR_INTERNAL;
        }
    for (int u = 0; u < P->n_units; u++) {
        const sunit *U = &P->units[u];
        long ratio = I->programmes[U->programme].ratio;
        long need = (S->unit[u] + ratio - 1) / ratio;
        if (U->limit >= 0 && need > U->limit) {
            pk_diag_set(diag, "plan", 0, 0, "site %s programme %s period %s: needs %ld supervisors, has %ld",
                        I->sites[U->site].id, I->programmes[U->programme].id, I->periods[U->period], need, U->limit);
            return PRAKSIS_ERR_INTERNAL;
        }
        if (U->srow >= 0) S->supstar[U->srow] += need;
    }
    for (int r = 0; r < I->n_cap; r++)
        if (I->cap[r].programme < 0 && P->sups[r] >= 0 && S->supstar[r] > P->sups[r]) {
            pk_diag_set(diag, "plan", 0, 0, "capacity.csv line %ld: needs %ld supervisors, has %ld", I->cap[r].line,
                        S->supstar[r], P->sups[r]);
            return PRAKSIS_ERR_INTERNAL;
        }
    if (S->forced < P->force_min) {
        pk_diag_set(diag, "plan", 0, 0, "site %s: %ld students, fewer than the %ld it must take", I->sites[P->force_site].id,
                    S->forced, P->force_min);
        return PRAKSIS_ERR_INTERNAL;
    }
    for (int m = 0; m < P->n_mins && agreements; m++)
        if (S->row[P->mins[m].row] < P->mins[m].students) {
            pk_diag_set(diag, "plan", 0, 0, "capacity.csv line %ld: %ld students, fewer than its minimum %ld",
                        I->cap[P->mins[m].row].line, S->row[P->mins[m].row], P->mins[m].students);
            return PRAKSIS_ERR_INTERNAL;
        }
    for (int r = 0; r < P->n_rgroups; r++)
        if (S->rg[r] > 0 && S->rg[r] < P->set.min_relocated_group) {
            pk_diag_set(diag, "plan", 0, 0, "site %s period %s: %ld relocated students, fewer than %d",
                        I->sites[P->rgroups[r].site].id, I->periods[P->rgroups[r].period], S->rg[r],
                        P->set.min_relocated_group);
            return PRAKSIS_ERR_INTERNAL;
        }
    return PRAKSIS_OK;
}

static praksis_error check(const problem *P, const long *x, int agreements, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    sums S = {calloc((size_t)(I->n_cap + 1), sizeof(long)), calloc((size_t)(P->n_units + 1), sizeof(long)),
              calloc((size_t)(P->n_rgroups + 1), sizeof(long)), calloc((size_t)(I->n_cap + 1), sizeof(long)), 0};
    praksis_error rc = PRAKSIS_ERR_NOMEM;
    if (S.row && S.unit && S.rg && S.supstar && (rc = check_pairs(P, x, &S, agreements, diag)) == PRAKSIS_OK)
        rc = check_rows(P, &S, agreements, diag);
    sums_free(&S);
    return rc;
}

praksis_error pk_plan_check(const problem *P, const long *x, praksis_diag *diag) { return check(P, x, 1, diag); }

praksis_error pk_plan_check_hard(const problem *P, const long *x, praksis_diag *diag) { return check(P, x, 0, diag); }
