/*
 * unused.c - why a municipality with places gets nobody, and what taking
 * students there would cost.
 *
 * Its cheapest use is looked for in two steps.  First a plan close to the
 * one being explained: students moved to the site from where they cost the
 * most (or from the unplaced), one at a time, or as many as the relocated
 * minimum asks for where they would relocate, each candidate re-checked
 * and its figures computed by plan.c.  The best of these is an estimate
 * (a plan that exists, so an upper bound on the price).  Then, for the
 * sites that matter most, a re-solve with a floor of one student on the
 * site (resolve.c) starting from that plan: the model's own relocated
 * minimum turns one relocated student into a group, and the price it finds
 * is exact.  The reason in words comes from how the price splits: the
 * coordinator cost, relocation, supervision, or a level that gets worse.
 */
#define _POSIX_C_SOURCE 200809L
#include "explain.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Need-one candidates per site that get a full evaluation. */
#define CANDIDATES 4

typedef struct use_ctx {
    const problem *P;
    const long *x0;        /* the plan moves start from: the plan being explained ... */
    const pk_plan *pl0;    /* ... and its figures, or everyone unplaced */
    const long *plan_x;    /* the plan being explained */
    const pk_plan *plan_pl;
    long *zero_x;          /* everyone unplaced: the start of last resort */
    pk_plan zero_pl;
    long *x, *u, *rg;      /* scratch plan: placements, unplaced per class, relocated per group */
    pk_plan fig;           /* scratch figures */
    long *best;            /* the best plan found for the current site */
    double best_lv[3];
    int have;
    long *site_first, *site_pairs; /* pairs by site: site_pairs[site_first[j] .. site_first[j+1]) */
} use_ctx;

static double pair_cost(const pair *q) { return q->travel + q->supervision; }

static int better(const double a[3], const double b[3])
{
    const double eps[3] = {1e-6, 1e-6, 0.005};
    for (int k = 0; k < 3; k++)
        if (fabs(a[k] - b[k]) > eps[k]) return a[k] < b[k];
    return 0;
}

static void reset(use_ctx *U)
{
    const problem *P = U->P;
    memcpy(U->x, U->x0, (size_t)P->n_pairs * sizeof *U->x);
    memcpy(U->u, U->pl0->cls_unplaced, (size_t)P->n_cls * sizeof *U->u);
    memcpy(U->rg, U->pl0->rg_used, (size_t)P->n_rgroups * sizeof *U->rg);
}

/* Where a student of class c for pair dest comes from: -1 the class's
 * unplaced, else its dearest placement elsewhere whose relocation group
 * survives the loss (empty or still at the minimum); -2 none. */
static long source_of(const use_ctx *U, int c, long dest)
{
    const problem *P = U->P;
    if (U->u[c] > 0) return -1;
    long best = -2;
    int m = P->set.min_relocated_group;
    for (long i = P->cls_first[c]; i < P->cls_first[c + 1]; i++) {
        const pair *q = &P->pairs[i];
        if (!U->x[i] || q->site == P->pairs[dest].site) continue;
        if (q->rgrp >= 0 && U->rg[q->rgrp] - 1 > 0 && U->rg[q->rgrp] - 1 < m) continue;
        if (best < 0 || pair_cost(q) > pair_cost(&P->pairs[best])) best = i;
    }
    return best;
}

/* Move one student of pair dest's class there; 0 when none can come. */
static int move_one(use_ctx *U, long dest)
{
    const problem *P = U->P;
    const pair *q = &P->pairs[dest];
    if (U->x[dest] >= q->ub) return 0;
    long src = source_of(U, q->cls, dest);
    if (src == -2) return 0;
    if (src == -1) {
        U->u[q->cls]--;
    } else {
        U->x[src]--;
        if (P->pairs[src].rgrp >= 0) U->rg[P->pairs[src].rgrp]--;
    }
    U->x[dest]++;
    if (q->rgrp >= 0) U->rg[q->rgrp]++;
    return 1;
}

/* Keep the scratch plan as the site's best when it is valid and better. */
static void consider(use_ctx *U)
{
    praksis_diag ignore;
    if (pk_plan_check(U->P, U->x, &ignore) != PRAKSIS_OK) return;
    pk_plan_compute(&U->fig, U->P, U->x);
    double lv[3];
    pk_levels_of(&U->fig.fig, lv);
    if (U->have && !better(lv, U->best_lv)) return;
    memcpy(U->best, U->x, (size_t)U->P->n_pairs * sizeof *U->best);
    memcpy(U->best_lv, lv, sizeof lv);
    U->have = 1;
}

/* A relocation group filled to the minimum, cheapest pairs first. */
static void fill_group(use_ctx *U, int g, const long *pairs, int n)
{
    const problem *P = U->P;
    reset(U);
    long got = 0, m = P->set.min_relocated_group;
    for (int progress = 1; got < m && progress;) {
        progress = 0;
        long pick = -1;
        for (int a = 0; a < n; a++) {
            long i = pairs[a];
            if (P->pairs[i].rgrp != g || U->x[i] >= P->pairs[i].ub || source_of(U, P->pairs[i].coh, i) == -2) continue;
            if (pick < 0 || pair_cost(&P->pairs[i]) < pair_cost(&P->pairs[pick])) pick = i;
        }
        if (pick >= 0 && move_one(U, pick)) {
            got++;
            progress = 1;
        }
    }
    if (got >= m) consider(U);
}

/* The estimated price of one student on pair i: unplaced first, then cost. */
static double rough_price(use_ctx *U, long i)
{
    long src = source_of(U, U->P->pairs[i].coh, i);
    if (src == -2) return HUGE_VAL;
    if (src == -1) return -1e15 + pair_cost(&U->P->pairs[i]);
    return pair_cost(&U->P->pairs[i]) - pair_cost(&U->P->pairs[src]);
}

/* The best plan with students at site j, near the plan being explained:
 * one student on each of the cheapest single placements, and each of the
 * site's relocation groups filled to the minimum.  1 when found. */
static int cheapest_use(use_ctx *U, int j)
{
    const problem *P = U->P;
    const long *pairs = &U->site_pairs[U->site_first[j]];
    int n = (int)(U->site_first[j + 1] - U->site_first[j]), m = P->set.min_relocated_group;
    long pick[CANDIDATES];
    double price[CANDIDATES];
    int np = 0;
    U->have = 0;
    reset(U);
    for (int a = 0; a < n; a++) { /* the cheapest single placements, by a rough price */
        long i = pairs[a];
        if (P->pairs[i].rgrp >= 0 && m > 1) continue;
        double v = rough_price(U, i);
        if (!isfinite(v)) continue;
        int at = np < CANDIDATES ? np++ : CANDIDATES;
        while (at > 0 && v < price[at - 1]) {
            if (at < CANDIDATES) pick[at] = pick[at - 1], price[at] = price[at - 1];
            at--;
        }
        if (at < CANDIDATES) pick[at] = i, price[at] = v;
    }
    for (int c = 0; c < np; c++) {
        reset(U);
        if (move_one(U, pick[c])) consider(U);
    }
    for (int a = 0; a < n; a++) { /* each relocation group once, at its first pair */
        int g = P->pairs[pairs[a]].rgrp, first = 1;
        for (int b = 0; b < a && first; b++) first = P->pairs[pairs[b]].rgrp != g;
        if (g >= 0 && m > 1 && first) fill_group(U, g, pairs, n);
    }
    return U->have;
}

/* A valid plan with students at site j in U->best: the cheapest near the
 * plan being explained (*near = 1), or else one built from everyone
 * unplaced (*near = 0), which is far from optimal but lets a re-solve with
 * the site forced start (it must start from a valid plan).  0 when neither
 * exists. */
static int use_start(use_ctx *U, int j, int *near)
{
    *near = cheapest_use(U, j);
    if (*near) return 1;
    U->x0 = U->zero_x;
    U->pl0 = &U->zero_pl;
    int found = cheapest_use(U, j);
    U->x0 = U->plan_x;
    U->pl0 = U->plan_pl;
    return found;
}

/* Whether any plan can place a student at site j: a pair within commuting
 * distance, or a relocation group whose places (its pairs' bounds, and
 * the site's '*' row) reach the relocated minimum.  The model closes the
 * others by itself (R >= m z and R <= cap z), so a floor there has no plan. */
static int site_usable(const use_ctx *U, int j)
{
    const problem *P = U->P;
    int m = P->set.min_relocated_group;
    for (long b = U->site_first[j]; b < U->site_first[j + 1]; b++) {
        const pair *q = &P->pairs[U->site_pairs[b]];
        if (q->rgrp < 0 || m <= 1) return 1;
        long cap = P->rgroups[q->rgrp].ub;
        if (q->srow >= 0 && P->places[q->srow] < cap) cap = P->places[q->srow];
        if (cap >= m) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ words */

static const char *kr(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.0f", fabs(v));
    return buf;
}

/* Why no cohort can go to site j, in words. */
static void no_cohort_text(const problem *P, int j, praksis_unused_site *s)
{
    char *out = s->text;
    size_t n = sizeof s->text;
    const praksis_instance *I = P->inst;
    int rows = 0, offered = 0, no_sup = 0;
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        if (c->site != j || P->places[r] <= 0) continue;
        rows++;
        if (P->sups[r] == 0) no_sup++;
        for (int k = 0; k < P->n_coh && !offered; k++) {
            const cohort *h = &I->cohorts[P->coh[k]];
            offered = h->period == c->period && (c->programme < 0 || c->programme == h->programme);
        }
    }
    s->why = !offered ? PRAKSIS_WHY_NO_COHORT : no_sup == rows ? PRAKSIS_WHY_NO_SUPERVISORS : PRAKSIS_WHY_TOO_FEW;
    if (!offered)
        snprintf(out, n, "no cohort of the programmes it offers places for has its placements in the periods it offers them");
    else if (no_sup == rows)
        snprintf(out, n, "it gives no supervisors for its places");
    else
        snprintf(out, n, "its places are beyond commuting distance for every cohort that could use them, and fewer "
                         "than the %d students who must relocate together (min_relocated_group)",
                 P->set.min_relocated_group);
}

/* The reason and its words from the change c and how it splits. */
static void words(const problem *P, praksis_unused_site *s, const pk_plan *after, int j)
{
    const praksis_instance *I = P->inst;
    char a[32], b[32], c[32];
    int m = P->set.min_relocated_group;
    long reloc = after ? after->site_relocated[j] : 0;
    if (fabs(s->use.cost) <= 0.005 && fabs(s->use.unplaced_weeks) <= 1e-6 && fabs(s->use.deficit_weeks) <= 1e-6) {
        s->why = PRAKSIS_WHY_TIE;
        snprintf(s->text, sizeof s->text, "a tie: the plan could place %ld students there at no extra cost, and took "
                 "another site of the same cost", s->students);
    } else if (s->use.cost < -0.005 && s->use.unplaced_weeks <= 1e-6 && s->use.deficit_weeks <= 1e-6) {
        s->why = PRAKSIS_WHY_COST; /* only a plan that is not proven optimal can be beaten like this */
        snprintf(s->text, sizeof s->text, "using it would save %s kr: the plan is not proven optimal",
                 kr(s->use.cost, a, sizeof a));
    } else if (s->use.unplaced_weeks > 1e-6 || s->use.deficit_weeks > 1e-6) {
        s->why = PRAKSIS_WHY_LEVEL;
        snprintf(s->text, sizeof s->text,
                 "taking students there would leave %.1f more student-weeks unplaced and %.1f more short of the "
                 "municipal share", s->use.unplaced_weeks, s->use.deficit_weeks);
    } else if (s->fixed > 0 && s->fixed >= 0.5 * s->use.cost) {
        s->why = PRAKSIS_WHY_COORDINATOR;
        int g = I->sites[j].group;
        snprintf(s->text, sizeof s->text, "its coordinator cost of %s kr (group %s) is more than it would save: using it "
                 "costs %s kr more in all, %s kr of it for coordinators", kr(g >= 0 ? P->gfixed[g] : 0, a, sizeof a),
                 g >= 0 ? I->groups[g].id : "-", kr(s->use.cost, b, sizeof b), kr(s->fixed, c, sizeof c));
    } else if (reloc > 0 && m > 1 && reloc >= m && s->travel > 0) {
        s->why = PRAKSIS_WHY_RELOCATED;
        snprintf(s->text, sizeof s->text, "its students would relocate there, and at least %d together (the relocated "
                 "minimum): travel %s kr more, %s kr more in all", m, kr(s->travel, a, sizeof a),
                 kr(s->use.cost, b, sizeof b));
    } else if (s->travel > 0) {
        s->why = PRAKSIS_WHY_DISTANCE;
        snprintf(s->text, sizeof s->text, "it is beyond commuting distance for the students who would go there instead "
                 "of nearer sites: travel %s kr more, %s kr more in all", kr(s->travel, a, sizeof a),
                 kr(s->use.cost, b, sizeof b));
    } else {
        s->why = PRAKSIS_WHY_COST;
        snprintf(s->text, sizeof s->text, "the students would cost more there than where the plan has them: %s kr more "
                 "(supervision %s, travel %s)", kr(s->use.cost, a, sizeof a), kr(s->supervision, b, sizeof b),
                 kr(s->travel, c, sizeof c));
    }
}

/* ------------------------------------------------------------ all sites */

static void use_free(use_ctx *U)
{
    free(U->x);
    free(U->u);
    free(U->rg);
    free(U->best);
    free(U->site_first);
    free(U->site_pairs);
    free(U->zero_x);
    pk_plan_free(&U->fig);
    pk_plan_free(&U->zero_pl);
}

static int use_init(use_ctx *U, const praksis_result *R)
{
    const problem *P = R->P;
    int NS = P->inst->n_sites;
    memset(U, 0, sizeof *U);
    U->P = P;
    U->x0 = U->plan_x = R->x;
    U->pl0 = U->plan_pl = &R->plan;
    U->zero_x = calloc((size_t)P->n_pairs + 1, sizeof *U->zero_x);
    if (!U->zero_x || pk_plan_init(&U->zero_pl, P)) return -1;
    pk_plan_compute(&U->zero_pl, P, U->zero_x);
    U->x = malloc(((size_t)P->n_pairs + 1) * sizeof *U->x);
    U->best = malloc(((size_t)P->n_pairs + 1) * sizeof *U->best);
    U->u = malloc(((size_t)P->n_cls + 1) * sizeof *U->u);
    U->rg = malloc(((size_t)P->n_rgroups + 1) * sizeof *U->rg);
    U->site_first = calloc((size_t)NS + 2, sizeof *U->site_first);
    U->site_pairs = malloc(((size_t)P->n_pairs + 1) * sizeof *U->site_pairs);
    if (!U->x || !U->best || !U->u || !U->rg || !U->site_first || !U->site_pairs || pk_plan_init(&U->fig, P)) return -1;
    for (long i = 0; i < P->n_pairs; i++) U->site_first[P->pairs[i].site + 1]++;
    for (int j = 0; j < NS; j++) U->site_first[j + 1] += U->site_first[j];
    long *at = calloc((size_t)NS + 1, sizeof *at);
    if (!at) return -1;
    for (long i = 0; i < P->n_pairs; i++) {
        int j = P->pairs[i].site;
        U->site_pairs[U->site_first[j] + at[j]++] = i;
    }
    free(at);
    return 0;
}

/* The change from the plan to `after` (whose figures are fa) at site j. */
static void describe(const praksis_result *R, praksis_unused_site *s, const pk_plan *fa, int j, praksis_method m)
{
    double base[3], lv[3];
    pk_levels_of(&R->plan.fig, base);
    pk_levels_of(&fa->fig, lv);
    double d[3];
    for (int k = 0; k < 3; k++) /* sums of weeks differ in their last bits: no "-0.0" */
        d[k] = fabs(lv[k] - base[k]) < (k < 2 ? 1e-9 : 1e-6) ? 0 : lv[k] - base[k];
    s->use = (praksis_change){d[0], d[1], d[2], m};
    s->travel = fa->fig.cost_travel - R->plan.fig.cost_travel;
    s->supervision = fa->fig.cost_supervision - R->plan.fig.cost_supervision;
    s->fixed = fa->fig.cost_fixed - R->plan.fig.cost_fixed;
    s->students = fa->site_students[j];
    words(R->P, s, fa, j);
}

/* Municipalities with places for the included programmes that the plan
 * leaves empty: the site index of each into idx; returns how many. */
static int empty_sites(const praksis_result *R, int *idx)
{
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    int n = 0, NT = I->n_periods ? I->n_periods : 1;
    for (int j = 0; j < I->n_sites; j++) {
        if (I->sites[j].kind != SITE_MUNICIPALITY || R->plan.site_students[j]) continue;
        long places = 0;
        for (int t = 0; t < NT; t++) places += P->sp_places[(size_t)j * (size_t)NT + (size_t)t];
        if (places > 0) idx[n++] = j;
    }
    return n;
}

/* Estimates for every empty municipality (the site index of each in
 * e->sites order is sj).  The plans are not kept: the exact phase builds
 * those it needs again. */
static void estimate_sites(praksis_explain *e, use_ctx *U, const int *sj)
{
    const problem *P = e->R->P;
    const praksis_instance *I = P->inst;
    int NT = I->n_periods ? I->n_periods : 1;
    for (int a = 0; a < e->n_sites; a++) {
        int j = sj[a];
        praksis_unused_site *s = &e->sites[a];
        s->id = I->sites[j].id;
        s->name = I->sites[j].name;
        s->min_relocated = P->set.min_relocated_group;
        s->group_cost = I->sites[j].group >= 0 ? P->gfixed[I->sites[j].group] : 0;
        for (int t = 0; t < NT; t++) s->places += P->sp_places[(size_t)j * (size_t)NT + (size_t)t];
        for (long b = U->site_first[j]; b < U->site_first[j + 1]; b++) {
            int k = P->pairs[U->site_pairs[b]].coh, seen = 0;
            for (long c = U->site_first[j]; c < b && !seen; c++) seen = P->pairs[U->site_pairs[c]].coh == k;
            s->cohorts += !seen;
        }
        if (!s->cohorts || !site_usable(U, j)) {
            no_cohort_text(P, j, s);
            continue;
        }
        if (!cheapest_use(U, j)) {
            s->why = PRAKSIS_WHY_NO_PLAN;
            snprintf(s->text, sizeof s->text, "no plan near this one places a student there without breaking a limit "
                     "(a relocated group or a supervisor pool it would split)");
            continue;
        }
        pk_plan_compute(&U->fig, P, U->best);
        describe(e->R, s, &U->fig, j, PRAKSIS_METHOD_ESTIMATE);
    }
}

/* The empty municipalities whose use the estimate prices lowest, at most
 * n: their positions in e->sites into want. */
static int pick_sites(const praksis_explain *e, int n, int *want)
{
    int k = 0;
    for (int a = 0; a < e->n_sites; a++) {
        const praksis_unused_site *s = &e->sites[a];
        if (s->use.method != PRAKSIS_METHOD_ESTIMATE) continue;
        double v[3] = {s->use.unplaced_weeks, s->use.deficit_weeks, s->use.cost};
        int at = k < n ? k++ : n;
        while (at > 0) {
            const praksis_unused_site *o = &e->sites[want[at - 1]];
            double w[3] = {o->use.unplaced_weeks, o->use.deficit_weeks, o->use.cost};
            if (!better(v, w)) break;
            if (at < n) want[at] = want[at - 1];
            at--;
        }
        if (at < n) want[at] = a;
    }
    for (int a = 0; a < e->n_sites && k < n; a++) /* then those no nearby plan could price */
        if (e->sites[a].use.method == PRAKSIS_METHOD_NONE && e->sites[a].why == PRAKSIS_WHY_NO_PLAN) want[k++] = a;
    return k;
}

/* Re-solve the picked sites with a floor of one student, from their
 * cheapest use near the plan. */
static void exact_sites(praksis_explain *e, use_ctx *U, const int *sj, const int *want, int n)
{
    const problem *P = e->R->P;
    pk_task *t = calloc((size_t)n + 1, sizeof *t);
    long **start = calloc((size_t)n + 1, sizeof *start);
    if (!t || !start) goto out;
    for (int a = 0; a < n; a++) {
        int j = sj[want[a]];
        int near;
        if (!use_start(U, j, &near) || !(start[a] = malloc(((size_t)P->n_pairs + 1) * sizeof **start))) continue;
        memcpy(start[a], U->best, (size_t)P->n_pairs * sizeof **start);
        t[a] = (pk_task){.cap_row = -1, .force_site = j, .force_min = 1, .start = start[a], .keep = 1};
    }
    for (int a = 0; a < n; a++) t[a].skip = !start[a];
    double seconds = e->opt.time_limit > 0 ? e->opt.time_limit : P->set.time_limit;
    pk_resolve_batch(P, t, n, seconds, e->opt.max_nodes, e->opt.threads, e->opt.stop, e->opt.user);
    for (int a = 0; a < n; a++) {
        if (t[a].ran) e->resolves++;
        if (t[a].ran && t[a].exact && t[a].x) {
            e->resolves_exact++;
            pk_plan_compute(&U->fig, P, t[a].x);
            describe(e->R, &e->sites[want[a]], &U->fig, sj[want[a]], PRAKSIS_METHOD_EXACT);
        }
        free(t[a].x);
        free(start[a]);
    }
out:
    free(t);
    free(start);
}

praksis_error pk_explain_sites(praksis_explain *e, praksis_diag *diag)
{
    const praksis_result *R = e->R;
    const problem *P = R->P;
    use_ctx U;
    memset(&U, 0, sizeof U);
    int *sj = malloc(((size_t)P->inst->n_sites + 1) * sizeof *sj);
    int *want = malloc(((size_t)P->inst->n_sites + 1) * sizeof *want);
    praksis_error rc = PRAKSIS_ERR_NOMEM;
    if (sj && want && use_init(&U, R) == 0) {
        e->n_sites = empty_sites(R, sj);
        e->sites = calloc((size_t)e->n_sites + 1, sizeof *e->sites);
        if (e->sites) {
            estimate_sites(e, &U, sj);
            if (R->info.status == PRAKSIS_STATUS_OPTIMAL && P->set.mip_gap == 0)
                exact_sites(e, &U, sj, want, pick_sites(e, e->opt.exact_sites, want));
            rc = PRAKSIS_OK;
        }
    }
    if (rc) pk_diag_set(diag, P->inst->dir, 0, 0, "out of memory while explaining the empty municipalities");
    use_free(&U);
    free(sj);
    free(want);
    return rc;
}

/* ------------------------------------------------------------ one site */

struct praksis_site_answer {
    praksis_unused_site site;
    praksis_figures fig;
    praksis_move *moves;
    int n_moves;
};

/* Append a move of n students of included cohort k from site `from` to
 * site `to` (-1: the unplaced); 0, or -1 out of memory. */
static int add_move(praksis_site_answer *a, const praksis_instance *I, const problem *P, int k, int from, int to, long n)
{
    praksis_move *m = realloc(a->moves, (size_t)(a->n_moves + 1) * sizeof *m);
    if (!m) return -1;
    a->moves = m;
    a->moves[a->n_moves++] = (praksis_move){I->cohorts[P->coh[k]].id, from >= 0 ? I->sites[from].id : NULL,
                                            from >= 0 ? I->sites[from].name : NULL, to >= 0 ? I->sites[to].id : NULL,
                                            to >= 0 ? I->sites[to].name : NULL, n};
    return 0;
}

/* The next pair from *i on where plan a has more students than plan b:
 * how many more (0 past end, with *i == end). */
static long next_surplus(const long *a, const long *b, long *i, long end)
{
    for (; *i < end; ++*i)
        if (a[*i] > b[*i]) return a[*i] - b[*i];
    return 0;
}

/* What moves from plan x0 to plan x1, cohort by cohort: the places a
 * cohort loses matched in order with those it gains, the unplaced making
 * up the difference; largest moves first. */
static int moves_between(const problem *P, const long *x0, const long *x1, praksis_site_answer *a)
{
    const praksis_instance *I = P->inst;
    for (int k = 0; k < P->n_coh; k++) {
        long end = P->coh_first[k + 1], f = P->coh_first[k], t = f, net = 0;
        for (long i = f; i < end; i++) net += x1[i] - x0[i];
        /* more placed in x1: the difference came from the unplaced, else went to them */
        long from_unplaced = net > 0 ? net : 0, to_unplaced = net < 0 ? -net : 0;
        long lf = next_surplus(x0, x1, &f, end), lt = next_surplus(x1, x0, &t, end);
        for (;;) {
            long have = f < end ? lf : from_unplaced, want = t < end ? lt : to_unplaced;
            if (!have || !want) break;
            long n = have < want ? have : want;
            int fs = f < end, ts = t < end;
            if (add_move(a, I, P, k, f < end ? P->pairs[f].site : -1, t < end ? P->pairs[t].site : -1, n)) return -1;
            if (f < end && !(lf -= n)) f++, lf = next_surplus(x0, x1, &f, end);
            if (f >= end && !fs) from_unplaced -= n;
            if (t < end && !(lt -= n)) t++, lt = next_surplus(x1, x0, &t, end);
            if (t >= end && !ts) to_unplaced -= n;
        }
    }
    for (int i = 1; i < a->n_moves; i++) /* stable: largest first */
        for (int j = i; j > 0 && a->moves[j].students > a->moves[j - 1].students; j--) {
            praksis_move m = a->moves[j];
            a->moves[j] = a->moves[j - 1];
            a->moves[j - 1] = m;
        }
    return 0;
}

/* Tries of tidy() at most: each is a re-check and the plan's figures, a
 * pass over the pairs, so fewer on a large instance (about 2e8 pair visits
 * in all: a second or two). */
#define TIDY_TRIES 20000
#define TIDY_VISITS 200000000L

/* Whether the scratch plan U->x is valid, keeps at least one student at
 * site j, and is no worse than lv at any level. */
static int no_worse(use_ctx *U, int j, const double lv[3])
{
    praksis_diag ignore;
    if (pk_plan_check(U->P, U->x, &ignore) != PRAKSIS_OK) return 0;
    pk_plan_compute(&U->fig, U->P, U->x);
    if (U->fig.site_students[j] < 1) return 0;
    double now[3];
    pk_levels_of(&U->fig.fig, now);
    return !better(lv, now);
}

/* One student of pair a's class back from a to b, and, if that alone
 * breaks a row or a level, another class's student the other way between
 * the same two sites; 1 when kept. */
static int step_back(use_ctx *U, int j, const double lv[3], long a, long b, long *tries, long most)
{
    const problem *P = U->P;
    long *x = U->x;
    x[a]--, x[b]++, ++*tries;
    if (no_worse(U, j, lv)) return 1;
    int sa = P->pairs[a].site, sb = P->pairs[b].site;
    for (int k = 0; k < P->n_cls && *tries < most; k++) {
        if (k == P->pairs[a].cls) continue;
        long out = -1, in = -1; /* class k at sb more than before, and at sa less */
        for (long i = P->cls_first[k]; i < P->cls_first[k + 1]; i++) {
            if (P->pairs[i].site == sb && x[i] > U->x0[i]) out = i;
            if (P->pairs[i].site == sa && x[i] < U->x0[i]) in = i;
        }
        if (out < 0 || in < 0) continue;
        x[out]--, x[in]++, ++*tries;
        if (no_worse(U, j, lv)) return 1;
        x[out]++, x[in]--;
    }
    x[a]++, x[b]--;
    return 0;
}

/* Move plan x toward the plan being explained, a student (or a swap of two)
 * at a time, as long as no level gets worse and site j keeps a student:
 * among the plans of equal levels, one that shows what the site's use
 * takes instead of every tie the search broke another way. */
static void tidy(use_ctx *U, int j, long *x)
{
    const problem *P = U->P;
    double lv[3];
    pk_plan_compute(&U->fig, P, x);
    pk_levels_of(&U->fig.fig, lv);
    memcpy(U->x, x, (size_t)P->n_pairs * sizeof *x);
    long tries = 0, most = TIDY_VISITS / (P->n_pairs + 1);
    if (most > TIDY_TRIES) most = TIDY_TRIES;
    for (int moved = 1; moved && tries < most;) {
        moved = 0;
        for (int k = 0; k < P->n_cls && tries < most; k++)
            for (long a = P->cls_first[k]; a < P->cls_first[k + 1]; a++)
                for (long b = P->cls_first[k]; b < P->cls_first[k + 1] && U->x[a] > U->x0[a]; b++)
                    if (U->x[b] < U->x0[b] && step_back(U, j, lv, a, b, &tries, most)) moved = 1;
    }
    memcpy(x, U->x, (size_t)P->n_pairs * sizeof *x);
}

static int site_index(const praksis_instance *I, const char *id)
{
    for (int j = 0; j < I->n_sites; j++)
        if (!strcmp(I->sites[j].id, id)) return j;
    return -1;
}

/* Site j's use: the cheapest near the plan, then a forced re-solve. */
static praksis_error answer_unused(const praksis_result *R, int j, const praksis_explain_options *o, use_ctx *U,
                                   praksis_site_answer *a)
{
    const problem *P = R->P;
    praksis_unused_site *s = &a->site;
    if (!s->cohorts || !site_usable(U, j)) {
        no_cohort_text(P, j, s);
        return PRAKSIS_OK;
    }
    int near;
    if (!use_start(U, j, &near)) {
        s->why = PRAKSIS_WHY_NO_PLAN;
        snprintf(s->text, sizeof s->text, "no plan places a student there without breaking a limit");
        return PRAKSIS_OK;
    }
    if (!near) pk_levels_of(&U->zero_pl.fig, U->best_lv); /* never kept over a re-solve's plan */
    pk_task t = {.cap_row = -1, .force_site = j, .force_min = 1, .start = U->best, .keep = 1};
    double seconds = o && o->time_limit > 0 ? o->time_limit : P->set.time_limit;
    pk_resolve_batch(P, &t, 1, seconds, o ? o->max_nodes : 0, 1, o ? o->stop : NULL, o ? o->user : NULL);
    /* Plans of equal levels are many, and the re-solve's may reshuffle
     * students the question is not about: the nearby plan it started from
     * when that is as good, and in any case tidied back toward the plan. */
    long *x = t.ran && t.x && better(t.level, U->best_lv) ? t.x : U->best;
    tidy(U, j, x);
    pk_plan_compute(&U->fig, P, x);
    describe(R, s, &U->fig, j, t.ran && t.exact ? PRAKSIS_METHOD_EXACT : PRAKSIS_METHOD_ESTIMATE);
    a->fig = U->fig.fig;
    int rc = moves_between(P, R->x, x, a);
    free(t.x);
    return rc ? PRAKSIS_ERR_NOMEM : PRAKSIS_OK;
}

praksis_error praksis_explain_site_answer(const praksis_result *r, const char *site_id, const praksis_explain_options *o,
                                          praksis_site_answer **out, praksis_diag *diag)
{
    if (!out) return PRAKSIS_ERR_USAGE;
    *out = NULL;
    if (!r || !site_id) return PRAKSIS_ERR_USAGE;
    const problem *P = r->P;
    const praksis_instance *I = P->inst;
    int j = site_index(I, site_id);
    if (j < 0) {
        pk_diag_set(diag, "--site", 0, 0, "expected a site id from sites.csv, found \"%s\"", site_id);
        return PRAKSIS_ERR_INPUT;
    }
    praksis_site_answer *a = calloc(1, sizeof *a);
    use_ctx U;
    memset(&U, 0, sizeof U);
    if (!a || use_init(&U, r)) {
        use_free(&U);
        free(a);
        return PRAKSIS_ERR_NOMEM;
    }
    int NT = I->n_periods ? I->n_periods : 1;
    praksis_unused_site *s = &a->site;
    s->id = I->sites[j].id;
    s->name = I->sites[j].name;
    s->min_relocated = P->set.min_relocated_group;
    s->group_cost = I->sites[j].group >= 0 ? P->gfixed[I->sites[j].group] : 0;
    for (int t = 0; t < NT; t++) s->places += P->sp_places[(size_t)j * (size_t)NT + (size_t)t];
    for (long b = U.site_first[j]; b < U.site_first[j + 1]; b++) {
        int k = P->pairs[U.site_pairs[b]].coh, seen = 0;
        for (long c = U.site_first[j]; c < b && !seen; c++) seen = P->pairs[U.site_pairs[c]].coh == k;
        s->cohorts += !seen;
    }
    a->fig = r->plan.fig;
    praksis_error rc = PRAKSIS_OK;
    if (r->plan.site_students[j]) {
        s->students = r->plan.site_students[j];
        snprintf(s->text, sizeof s->text, "it takes %ld students in the plan", s->students);
    } else {
        rc = answer_unused(r, j, o, &U, a);
    }
    use_free(&U);
    if (rc) {
        praksis_site_answer_free(a);
        pk_diag_set(diag, I->dir, 0, 0, "out of memory while explaining site %s", site_id);
        return rc;
    }
    *out = a;
    return PRAKSIS_OK;
}

void praksis_site_answer_free(praksis_site_answer *a)
{
    if (!a) return;
    free(a->moves);
    free(a);
}

void praksis_site_answer_get(const praksis_site_answer *a, praksis_unused_site *out) { *out = a->site; }

void praksis_site_answer_figures(const praksis_site_answer *a, praksis_figures *out) { *out = a->fig; }

int praksis_site_answer_move_count(const praksis_site_answer *a) { return a ? a->n_moves : 0; }

void praksis_site_answer_move(const praksis_site_answer *a, int i, praksis_move *out) { *out = a->moves[i]; }
