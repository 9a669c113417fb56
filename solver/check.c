/*
 * check.c - stage 5: re-check a plan against the data, independently of
 * the solver.  Capacity, supervisors, the relocated minimum and demand are
 * checked in exact integer arithmetic; the three objective levels and the
 * cost elements are recomputed from the plan, so what summary.json says is
 * always what the plan does, whatever GLPK's tolerances were.
 */
#define _POSIX_C_SOURCE 200809L
#include "result.h"

#include <stdlib.h>
#include <string.h>

praksis_error pk_plan_check(praksis_result *R, praksis_diag *diag)
{
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    praksis_summary *S = &R->sum;
    praksis_status status = S->status;
    praksis_stop stop = S->stop;
    double seconds = S->seconds, gap = S->gap;
    long nodes = S->nodes;
    int proven = S->levels_proven;
    double lsec[3] = {S->level_seconds[0], S->level_seconds[1], S->level_seconds[2]};
    long lnodes[3] = {S->level_nodes[0], S->level_nodes[1], S->level_nodes[2]};
    memset(S, 0, sizeof *S);
    for (int k = 0; k < 3; k++) {
        S->level_seconds[k] = lsec[k];
        S->level_nodes[k] = lnodes[k];
    }
    S->status = status;
    S->stop = stop;
    S->seconds = seconds;
    S->gap = gap;
    S->nodes = nodes;
    S->levels_proven = proven;

    long *row = calloc((size_t)(I->n_cap + 1), sizeof *row);
    long *unit = calloc((size_t)(P->n_units + 1), sizeof *unit);
    long *rg = calloc((size_t)(P->n_rgroups + 1), sizeof *rg);
    long *supstar = calloc((size_t)(I->n_cap + 1), sizeof *supstar);
    char *site_used = calloc((size_t)(I->n_sites + 1), 1);
    char *group_used = calloc((size_t)(I->n_groups + 1), 1);
    praksis_error rc = PRAKSIS_OK;
    if (!row || !unit || !rg || !supstar || !site_used || !group_used) {
        rc = PRAKSIS_ERR_NOMEM;
        goto out;
    }
    memset(R->ipg, 0, (size_t)P->n_ipgs * sizeof *R->ipg);

    for (int k = 0; k < P->n_coh; k++) {
        const cohort *h = &I->cohorts[P->coh[k]];
        long placed = 0;
        for (long i = P->coh_first[k]; i < P->coh_first[k + 1]; i++) {
            long x = R->x[i];
            const pair *q = &P->pairs[i];
            if (x < 0 || x > q->ub) {
                pk_diag_set(diag, "plan", 0, 0, "cohort %s at site %s: %ld students outside 0..%ld", h->id,
                         I->sites[q->site].id, x, q->ub);
                rc = PRAKSIS_ERR_INTERNAL;
                goto out;
            }
            if (!x) continue;
            placed += x;
            if (q->prow >= 0) row[q->prow] += x;
            if (q->srow >= 0) row[q->srow] += x;
            unit[q->unit] += x;
            double sw = (double)x * h->weeks;
            S->cost_travel += (double)x * q->travel;
            S->cost_supervision += (double)x * q->supervision;
            S->placed_weeks += sw;
            R->ipg[P->coh_ipg[k]].placed_weeks += sw;
            if (q->relocated) {
                S->relocated_students += x;
                S->relocated_weeks += sw;
                if (q->rgrp < 0 && P->set.min_relocated_group > 1) {
                    pk_diag_set(diag, "plan", 0, 0, "relocated pair without a relocation group");
                    rc = PRAKSIS_ERR_INTERNAL;
                    goto out;
                }
                if (q->rgrp >= 0) rg[q->rgrp] += x;
            }
            site_used[q->site] = 1;
            if (I->sites[q->site].kind == SITE_MUNICIPALITY) {
                S->municipal_weeks += sw;
                R->ipg[P->coh_ipg[k]].municipal_weeks += sw;
                group_used[I->sites[q->site].group] = 1;
            }
        }
        if (R->u[k] != P->students[k] - placed || R->u[k] < 0) {
            pk_diag_set(diag, "plan", 0, 0, "cohort %s: %ld placed + %ld unplaced != %ld students", h->id, placed, R->u[k],
                     P->students[k]);
            rc = PRAKSIS_ERR_INTERNAL;
            goto out;
        }
        S->students += P->students[k];
        S->placed += placed;
        S->unplaced += R->u[k];
        S->student_weeks += (double)P->students[k] * h->weeks;
        S->unplaced_weeks += (double)R->u[k] * h->weeks;
    }
    for (int r = 0; r < I->n_cap; r++)
        if (row[r] > P->places[r]) {
            pk_diag_set(diag, "plan", 0, 0, "capacity.csv line %ld: %ld students on %ld places", I->cap[r].line, row[r],
                     P->places[r]);
            rc = PRAKSIS_ERR_INTERNAL;
            goto out;
        }
    for (int u = 0; u < P->n_units; u++) {
        const sunit *U = &P->units[u];
        long ratio = I->programmes[U->programme].ratio;
        long need = (unit[u] + ratio - 1) / ratio;
        if (U->limit >= 0 && need > U->limit) {
            pk_diag_set(diag, "plan", 0, 0, "site %s programme %s period %s: needs %ld supervisors, has %ld",
                     I->sites[U->site].id, I->programmes[U->programme].id, I->periods[U->period], need, U->limit);
            rc = PRAKSIS_ERR_INTERNAL;
            goto out;
        }
        if (U->srow >= 0) supstar[U->srow] += need;
    }
    for (int r = 0; r < I->n_cap; r++)
        if (I->cap[r].programme < 0 && P->sups[r] >= 0 && supstar[r] > P->sups[r]) {
            pk_diag_set(diag, "plan", 0, 0, "capacity.csv line %ld: needs %ld supervisors, has %ld", I->cap[r].line,
                     supstar[r], P->sups[r]);
            rc = PRAKSIS_ERR_INTERNAL;
            goto out;
        }
    for (int r = 0; r < P->n_rgroups; r++)
        if (rg[r] > 0 && rg[r] < P->set.min_relocated_group) {
            pk_diag_set(diag, "plan", 0, 0, "site %s period %s: %ld relocated students, fewer than %d",
                     I->sites[P->rgroups[r].site].id, I->periods[P->rgroups[r].period], rg[r],
                     P->set.min_relocated_group);
            rc = PRAKSIS_ERR_INTERNAL;
            goto out;
        }
    for (int g = 0; g < P->n_ipgs; g++) {
        double d = P->ipgs[g].target_weeks - R->ipg[g].municipal_weeks;
        R->ipg[g].deficit = d > 0 ? d : 0;
        S->share_deficit_weeks += R->ipg[g].deficit;
    }
    for (int j = 0; j < I->n_sites; j++)
        if (site_used[j]) {
            S->sites_used++;
            S->municipalities_used += I->sites[j].kind == SITE_MUNICIPALITY;
        }
    for (int g = 0; g < I->n_groups; g++)
        if (group_used[g]) {
            S->groups_used++;
            S->cost_fixed += P->gfixed[g];
        }
    S->cost_total = S->cost_travel + S->cost_supervision + S->cost_fixed;
out:
    free(row);
    free(unit);
    free(rg);
    free(supstar);
    free(site_used);
    free(group_used);
    return rc;
}
