/*
 * reasons.c - why students are unplaced (see reasons.h): the capacity
 * rows, supervisors and relocation groups of the problem against what the
 * plan uses of them.
 */
#define _POSIX_C_SOURCE 200809L
#include "reasons.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static long ceil_div(long a, long b) { return (a + b - 1) / b; }

/* (k, j) is not a candidate pair: the rows allow nobody, or the
 * relocation group of the site could never reach the minimum (validate.c). */
static pk_reason not_candidate(const problem *P, int k, int j)
{
    const praksis_instance *I = P->inst;
    const cohort *h = &I->cohorts[P->coh[k]];
    long places = LONG_MAX, sups = LONG_MAX;
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        if (c->site != j || c->period != h->period || (c->programme >= 0 && c->programme != h->programme)) continue;
        if (P->places[r] < places) places = P->places[r];
        if (P->sups[r] >= 0 && P->sups[r] < sups) sups = P->sups[r];
    }
    if (places <= 0) return PK_REASON_PLACES;
    if (sups <= 0) return PK_REASON_SUPERVISORS;
    return PK_REASON_RELOCATED;
}

pk_reason pk_reason_at(const problem *P, const pk_plan *pl, int k, int j, long pair_index)
{
    if (pair_index < 0) return not_candidate(P, k, j);
    const pair *q = &P->pairs[pair_index];
    long room = LONG_MAX;
    if (q->prow >= 0 && P->places[q->prow] - pl->row_used[q->prow] < room) room = P->places[q->prow] - pl->row_used[q->prow];
    if (q->srow >= 0 && P->places[q->srow] - pl->row_used[q->srow] < room) room = P->places[q->srow] - pl->row_used[q->srow];
    if (room <= 0) return PK_REASON_PLACES;
    const sunit *U = &P->units[q->unit];
    long ratio = P->inst->programmes[U->programme].ratio;
    long used = pl->unit_used[q->unit];
    long need_now = ceil_div(used, ratio), need_next = ceil_div(used + 1, ratio);
    if (U->limit >= 0 && need_next > U->limit) return PK_REASON_SUPERVISORS;
    if (U->srow >= 0 && P->sups[U->srow] >= 0 && need_next > need_now &&
        pl->star_supervisors[U->srow] + 1 > P->sups[U->srow])
        return PK_REASON_SUPERVISORS;
    if (q->relocated && P->set.min_relocated_group > 1 && q->rgrp >= 0 && pl->rg_used[q->rgrp] == 0)
        return PK_REASON_RELOCATED;
    return PK_REASON_ROOM;
}

void pk_reasons_free(pk_reasons *r)
{
    free(r->no_row);
    free(r->sites);
    memset(r, 0, sizeof *r);
}

int pk_reasons_compute(pk_reasons *out, const problem *P, const pk_plan *pl)
{
    const praksis_instance *I = P->inst;
    size_t NS = I->n_sites > 0 ? (size_t)I->n_sites : 1, NC = P->n_coh > 0 ? (size_t)P->n_coh : 1;
    memset(out, 0, sizeof *out);
    out->n = P->n_coh;
    out->no_row = calloc(NC, 1);
    out->sites = calloc(NC, sizeof *out->sites);
    long *pair_at = malloc(NS * sizeof *pair_at); /* per site: cohort k's candidate pair, or -1 */
    char *seen = malloc(NS);
    if (!out->no_row || !out->sites || !pair_at || !seen) {
        free(pair_at);
        free(seen);
        pk_reasons_free(out);
        return -1;
    }
    for (size_t j = 0; j < NS; j++) pair_at[j] = -1;
    for (int k = 0; k < P->n_coh; k++) {
        if (!pl->unplaced[k]) continue;
        const cohort *h = &I->cohorts[P->coh[k]];
        /* the first class's pair wins: the campus class, which may relocate
         * (report_students.c explains the students who cannot) */
        for (long i = P->coh_first[k + 1] - 1; i >= P->coh_first[k]; i--) pair_at[P->pairs[i].site] = i;
        memset(seen, 0, NS);
        int rows = 0;
        for (int r = 0; r < I->n_cap; r++) {
            const caprow *c = &I->cap[r];
            if (c->period != h->period || (c->programme >= 0 && c->programme != h->programme) || seen[c->site]) continue;
            seen[c->site] = 1;
            rows++;
            out->sites[k][pk_reason_at(P, pl, k, c->site, pair_at[c->site])]++;
        }
        out->no_row[k] = rows == 0;
        for (long i = P->coh_first[k]; i < P->coh_first[k + 1]; i++) pair_at[P->pairs[i].site] = -1;
    }
    free(pair_at);
    free(seen);
    return 0;
}

pk_reason pk_reasons_main(const pk_reasons *r, int k)
{
    int top = 0;
    for (int i = 1; i < PK_REASONS; i++)
        if (r->sites[k][i] > r->sites[k][top]) top = i;
    return (pk_reason)top;
}
