/*
 * resolve.c - the "what if" re-solves of the explanations (explain.h):
 * each question a problem of its own, prepared by pk_problem_build from a
 * copy of the instance that differs in one capacity row, or with a floor
 * on one site's students, and solved from the plan being explained.
 *
 * Starting from that plan matters: one place more leaves the plan valid,
 * so a level it already solves optimally is proven without a search (no
 * plan can beat zero unplaced weeks), and the cost level starts from an
 * incumbent one place away from the optimum.  Many questions run at once,
 * one GLPK problem per OpenMP task (../shared/GLPK-NOTES.md), as a sweep
 * runs its scenarios.
 */
#define _POSIX_C_SOURCE 200809L
#include "explain.h"

#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

/* Cut x (a plan of P that may overrun P's bounds) back until it is valid:
 * each pair within its bound, each capacity row within its places (the
 * last pairs give way first), and no relocation group below the minimum.
 * Only removes students, so supervisors stay within their limits. */
static void cut_back(const problem *P, long *x)
{
    const praksis_instance *I = P->inst;
    long *row = calloc((size_t)I->n_cap + 1, sizeof *row), *rg = calloc((size_t)P->n_rgroups + 1, sizeof *rg);
    if (!row || !rg) { /* no memory for the sums: start from everyone unplaced */
        memset(x, 0, (size_t)P->n_pairs * sizeof *x);
        free(row);
        free(rg);
        return;
    }
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        if (x[i] > q->ub) x[i] = q->ub;
        if (q->prow >= 0) row[q->prow] += x[i];
        if (q->srow >= 0) row[q->srow] += x[i];
    }
    for (long i = P->n_pairs - 1; i >= 0; i--) {
        const pair *q = &P->pairs[i];
        long over = 0;
        if (q->prow >= 0 && row[q->prow] - P->places[q->prow] > over) over = row[q->prow] - P->places[q->prow];
        if (q->srow >= 0 && row[q->srow] - P->places[q->srow] > over) over = row[q->srow] - P->places[q->srow];
        long take = over < x[i] ? over : x[i];
        x[i] -= take;
        if (q->prow >= 0) row[q->prow] -= take;
        if (q->srow >= 0) row[q->srow] -= take;
    }
    for (long i = 0; i < P->n_pairs; i++)
        if (P->pairs[i].rgrp >= 0) rg[P->pairs[i].rgrp] += x[i];
    for (long i = 0; i < P->n_pairs; i++) {
        int g = P->pairs[i].rgrp;
        if (g >= 0 && rg[g] > 0 && rg[g] < P->set.min_relocated_group) x[i] = 0;
    }
    free(row);
    free(rg);
}

void pk_plan_carry(const problem *from, const long *x, const problem *to, long *out)
{
    memset(out, 0, (size_t)to->n_pairs * sizeof *out);
    /* both list the same classes of the same included cohorts, each
     * class's pairs by site */
    for (int c = 0; c < to->n_cls && c < from->n_cls; c++) {
        long i = from->cls_first[c], end = from->cls_first[c + 1];
        for (long j = to->cls_first[c]; j < to->cls_first[c + 1]; j++) {
            while (i < end && from->pairs[i].site < to->pairs[j].site) i++;
            if (i < end && from->pairs[i].site == to->pairs[j].site) out[j] = x[i];
        }
    }
    cut_back(to, out);
}

void pk_levels_of(const praksis_figures *f, double lv[3])
{
    lv[0] = f->unplaced_weeks;
    lv[1] = f->share_deficit_weeks;
    lv[2] = f->cost_total;
}

typedef struct stop_hook {
    int (*stop)(void *);
    void *user;
    long max_nodes;
} stop_hook;

/* A re-solve ends at the caller's stop, or after max_nodes nodes of one
 * level: a node count, unlike the clock, stops it at the same point every
 * time, so whether a value is exact does not depend on the machine. */
static int on_progress(void *user, const praksis_progress *p)
{
    const stop_hook *h = user;
    return (h->stop && h->stop(h->user)) || (h->max_nodes > 0 && p->nodes > h->max_nodes);
}

/* The instance with row r's places changed by delta (never below 0): a
 * shallow copy whose strings and other tables stay the base instance's. */
static caprow *edited_rows(const praksis_instance *I, int r, long delta, praksis_instance *copy)
{
    caprow *cap = malloc(((size_t)I->n_cap + 1) * sizeof *cap);
    if (!cap) return NULL;
    memcpy(cap, I->cap, (size_t)I->n_cap * sizeof *cap);
    *copy = *I;
    copy->cap = cap;
    if (r >= 0) cap[r].places = cap[r].places + delta < 0 ? 0 : cap[r].places + delta;
    return cap;
}

/* One task, in the calling thread: its own instance copy, problem and
 * GLPK objects, all freed before it returns. */
static void run_task(const problem *base, pk_task *t, double seconds, stop_hook *hook)
{
    praksis_instance copy;
    praksis_settings set;
    praksis_settings_init(&set);
    praksis_diag diag;
    problem *V = NULL;
    long *start = NULL;
    praksis_result *R = NULL;
    caprow *cap = edited_rows(base->inst, t->cap_row, t->delta, &copy);
    t->error = !cap ? PRAKSIS_ERR_NOMEM : praksis_settings_copy(&set, &base->set);
    set.time_limit = seconds;
    if (!t->error) t->error = pk_problem_build(&copy, &set, &V, &diag);
    double sunk = 0; /* the forced site's coordinator cost: paid by every plan that uses the site */
    if (!t->error && t->force_site >= 0) {
        V->force_site = t->force_site;
        V->force_min = t->force_min;
        /* so the group is open in every plan of V: its decision y = 1 and its
         * cost a constant.  Leaving y out (no fixed cost: no y, models/README
         * point 5) spares the LP the fraction y >= x/ub, which prices the
         * floor's student at a sliver of the coordinator cost and made the
         * search prove by branching what is true of every plan. */
        int g = V->inst->sites[t->force_site].group;
        if (g >= 0 && t->force_min > 0) {
            sunk = V->gfixed[g];
            V->gfixed[g] = 0;
        }
    }
    if (!t->error && t->start && !(start = malloc(((size_t)V->n_pairs + 1) * sizeof *start))) t->error = PRAKSIS_ERR_NOMEM;
    if (start) pk_plan_carry(base, t->start, V, start);
    if (!t->error) t->error = pk_problem_solve_from(V, start, on_progress, hook, &R, &diag);
    if (!t->error) {
        t->ran = 1;
        t->fig = R->plan.fig;
        t->fig.cost_fixed += sunk;
        t->fig.cost_total += sunk;
        pk_levels_of(&t->fig, t->level);
        t->seconds = R->info.seconds;
        t->exact = R->info.status == PRAKSIS_STATUS_OPTIMAL && set.mip_gap == 0;
        if (t->keep && (t->x = malloc(((size_t)base->n_pairs + 1) * sizeof *t->x))) pk_plan_carry(V, R->x, base, t->x);
    }
    praksis_result_free(R);
    free(start);
    pk_problem_free(V);
    free(cap);
    praksis_settings_clear(&set);
}

void pk_resolve_batch(const problem *base, pk_task *tasks, int n, double seconds, long max_nodes, int n_threads,
                      int (*stop)(void *), void *user)
{
    stop_hook hook = {stop, user, max_nodes};
#ifdef _OPENMP
    int nth = n_threads > 0 ? n_threads : omp_get_max_threads();
#else
    int nth = 1;
    (void)n_threads;
#endif
    if (nth > n) nth = n;
    if (nth < 1) nth = 1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(nth)
    for (int i = 0; i < n; i++) {
        if (tasks[i].skip) {
            continue;
        } else if (stop && stop(user)) {
            tasks[i].error = PRAKSIS_ERR_USAGE; /* skipped */
        } else {
            run_task(base, &tasks[i], seconds, &hook);
        }
        /* this thread's GLPK environment: freed after every task */
        praksis_thread_cleanup();
    }
}
