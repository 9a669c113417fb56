/*
 * conflicts.c - agreed placements and minimum intakes that no plan can
 * meet.  They are hard, so a contradiction is bad input: the run stops
 * before anything is written, with one line naming the rows in conflict.
 *
 * What a count shows is found here, before any solve: more fixed students
 * than a cohort has; more fixed (and minimum) students at a capacity row
 * than its places or supervisors; a minimum the cohorts able to go there
 * cannot fill; a fixed placement the scenario cannot make at all.  What
 * only the model shows (several minimums competing for the same students,
 * a minimum that would leave a lone relocated student) is found by the
 * phase-one solve (phase_one.c), which reports through
 * pk_conflicts_phase_one below.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLURAL(n) ((n) == 1 ? "" : "s")

/* Row `line` of table `table` inside a message: "fixed.csv:4", or a
 * workbook's "fixed!A4" (the file itself is the diag's). */
static const char *row_ref(const problem *P, const char *table, long line, char *buf, size_t n)
{
    if (P->inst->workbook)
        snprintf(buf, n, "%s!A%ld", table, line);
    else
        snprintf(buf, n, "%s.csv:%ld", table, line);
    return buf;
}

const char *pk_fixed_ref(const problem *P, int f, char *buf, size_t n)
{
    return row_ref(P, "fixed", P->inst->fixed[f].line, buf, n);
}

const char *pk_cap_ref(const problem *P, int r, char *buf, size_t n)
{
    return row_ref(P, "capacity", P->inst->cap[r].line, buf, n);
}

/* The diag at row `line` of table `table`: DIR/table.csv and its line, or
 * the workbook's cell. */
static praksis_error at_row(const problem *P, const char *table, long line, praksis_diag *diag, const char *msg)
{
    char file[1024];
    pk_instance_file(P->inst, table, &line, file, sizeof file);
    pk_diag_set(diag, file, line, 0, "%s", msg);
    return PRAKSIS_ERR_INPUT;
}

/* "SYK in V2027", or "all programmes in V2027" for a '*' row. */
static const char *row_label(const problem *P, int r, char *buf, size_t n)
{
    const caprow *c = &P->inst->cap[r];
    snprintf(buf, n, "%s in %s", c->programme >= 0 ? P->inst->programmes[c->programme].id : "all programmes",
             P->inst->periods[c->period]);
    return buf;
}

/* The diag at fixed row f: its file and line, then the message. */
static praksis_error at_fixed(const problem *P, int f, praksis_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static praksis_error at_fixed(const problem *P, int f, praksis_diag *diag, const char *fmt, ...)
{
    char msg[sizeof diag->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return at_row(P, "fixed", P->inst->fixed[f].line, diag, msg);
}

praksis_error pk_conflict_unpaired(const problem *P, int f, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    const fixrow *fr = &I->fixed[f];
    const cohort *h = &I->cohorts[fr->cohort];
    const char *cid = h->id, *sid = I->sites[fr->site].id;
    char ref[64], lab[160];
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        if (c->site != fr->site || c->period != h->period || (c->programme >= 0 && c->programme != h->programme)) continue;
        if (P->places[r] <= 0)
            return at_fixed(P, f, diag, "%ld student%s of %s at %s, but %s gives %s 0 places", fr->students,
                            PLURAL(fr->students), cid, sid, pk_cap_ref(P, r, ref, sizeof ref), row_label(P, r, lab, sizeof lab));
        if (P->sups[r] == 0)
            return at_fixed(P, f, diag, "%ld student%s of %s at %s, but %s gives %s 0 supervisors", fr->students,
                            PLURAL(fr->students), cid, sid, pk_cap_ref(P, r, ref, sizeof ref), row_label(P, r, lab, sizeof lab));
    }
    if (fr->student >= 0 && !I->students[fr->student].relocate)
        return at_fixed(P, f, diag, "%s at %s, but %s cannot relocate (%s) and %s is beyond commute_km (%g km) of "
                        "both the campus and the student's home", I->students[fr->student].id, sid,
                        I->students[fr->student].id, row_ref(P, "students", I->students[fr->student].line, ref, sizeof ref),
                        sid, P->set.commute_km);
    for (int k = 0; k < P->n_coh; k++)
        if (P->coh[k] == fr->cohort && P->students[k] == 0)
            return at_fixed(P, f, diag, "%ld student%s of %s at %s, but %s gives %s no students under demand_scale %g",
                            fr->students, PLURAL(fr->students), cid, sid, row_ref(P, "cohorts", h->line, ref, sizeof ref),
                            cid, P->set.demand_scale);
    /* the only other reason a pair is left out: the site can never get
     * min_relocated_group relocated students in the period */
    return at_fixed(P, f, diag, "%ld student%s of %s at %s would relocate there alone: fewer than min_relocated_group (%d) "
                    "relocated students can ever be placed at %s in %s", fr->students, fr->students == 1 ? "" : "s", cid,
                    sid, P->set.min_relocated_group, sid, I->periods[h->period]);
}

praksis_error pk_conflict_unlisted(const problem *P, int f, long agreed, long unlisted, praksis_diag *diag)
{
    const char *cid = P->inst->cohorts[P->inst->fixed[f].cohort].id;
    return at_fixed(P, f, diag,
                    "%ld students of %s agreed by cohort up to this row, but %s has %ld student%s not listed in "
                    "students.csv (a row by cohort places unlisted students; agree a listed student's place by student "
                    "and site)", agreed, cid, cid, unlisted, PLURAL(unlisted));
}

/* Fixed students of each included cohort, and the cohorts given more than
 * they have. */
static praksis_error over_fixed_cohorts(const problem *P, long *fixed_of, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    for (int a = 0; a < P->n_fix; a++) fixed_of[P->pairs[P->fix[a].pair].coh] += P->fix[a].students;
    for (int k = 0; k < P->n_coh; k++) {
        if (fixed_of[k] <= P->students[k]) continue;
        const cohort *h = &I->cohorts[P->coh[k]];
        int first = -1, n = 0;
        char refs[600] = "", ref[64];
        for (int a = 0; a < P->n_fix; a++) {
            if (P->pairs[P->fix[a].pair].coh != k) continue;
            if (first < 0) first = P->fix[a].row;
            n++;
            size_t at = strlen(refs);
            snprintf(refs + at, sizeof refs - at, "%s%s", at ? ", " : "", pk_fixed_ref(P, P->fix[a].row, ref, sizeof ref));
        }
        char cref[64];
        row_ref(P, "cohorts", h->line, cref, sizeof cref);
        if (n == 1)
            return at_fixed(P, first, diag, "%ld students of %s fixed, but %s gives %s %ld students", fixed_of[k], h->id,
                            cref, h->id, P->students[k]);
        return at_fixed(P, first, diag, "%ld students of %s fixed (%s), but %s gives %s %ld students", fixed_of[k], h->id,
                        refs, cref, h->id, P->students[k]);
    }
    return PRAKSIS_OK;
}

/* The least students each supervision unit must take: its fixed
 * placements, or its programme row's minimum where that is more. */
static void unit_least(const problem *P, long *fix_u, long *least)
{
    for (int a = 0; a < P->n_fix; a++) fix_u[P->pairs[P->fix[a].pair].unit] += P->fix[a].students;
    for (int u = 0; u < P->n_units; u++) {
        least[u] = fix_u[u];
        int r = P->units[u].prow;
        if (r >= 0 && P->row_min && P->row_min[r] >= 0 && P->mins[P->row_min[r]].students > least[u])
            least[u] = P->mins[P->row_min[r]].students;
    }
}

/* Appends item to a list "a, b and c" being built in out (count items so far). */
static void list_add(char *out, size_t n, int count, const char *item)
{
    size_t at = strlen(out);
    if (count > 0) {
        char *and = strstr(out, " and ");
        if (and) { /* "a and b" + c -> "a, b and c" */
            char tail[400];
            snprintf(tail, sizeof tail, "%s", and + 5);
            snprintf(and, n - (size_t)(and - out), ", %s and %s", tail, item);
            return;
        }
        snprintf(out + at, n - at, " and %s", item);
        return;
    }
    snprintf(out + at, n - at, "%s", item);
}

/* Names the rows that ask for students at row r: each fixed row of its
 * units, and each minimum that asks for more than they do. */
static int asking_rows(const problem *P, int r, const long *fix_u, char *out, size_t n, int *first_fixed)
{
    char ref[64], item[200];
    int count = 0;
    *first_fixed = -1;
    out[0] = 0;
    for (int a = 0; a < P->n_fix; a++) {
        const pair *q = &P->pairs[P->fix[a].pair];
        if (q->prow != r && q->srow != r) continue;
        if (*first_fixed < 0) *first_fixed = P->fix[a].row;
        snprintf(item, sizeof item, "%s (%ld of %s)", pk_fixed_ref(P, P->fix[a].row, ref, sizeof ref), P->fix[a].students,
                 P->inst->cohorts[P->coh[q->coh]].id);
        list_add(out, n, count++, item);
    }
    for (int u = 0; u < P->n_units; u++) {
        const sunit *U = &P->units[u];
        int pr = U->prow;
        if ((pr != r && U->srow != r) || pr < 0 || !P->row_min || P->row_min[pr] < 0) continue;
        long m = P->mins[P->row_min[pr]].students;
        if (m <= fix_u[u]) continue;
        snprintf(item, sizeof item, "the minimum of %ld on %s", m, pk_cap_ref(P, pr, ref, sizeof ref));
        list_add(out, n, count++, item);
    }
    return count;
}

/* More students asked for at capacity row r than its places, or more
 * supervisors needed (sups >= 0) than it has. */
static praksis_error row_overrun(const problem *P, int r, long asked, long sups, const long *fix_u, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    char refs[600], ref[64], lab[160], limit[300], msg[sizeof diag->message];
    int first, n = asking_rows(P, r, fix_u, refs, sizeof refs, &first);
    const char *sid = I->sites[I->cap[r].site].id;
    pk_cap_ref(P, r, ref, sizeof ref);
    row_label(P, r, lab, sizeof lab);
    if (sups < 0)
        snprintf(limit, sizeof limit, ", but %s gives %s %ld place%s", ref, lab, P->places[r], PLURAL(P->places[r]));
    else
        snprintf(limit, sizeof limit, " need %ld supervisor%s, but %s gives %s %ld", sups, PLURAL(sups), ref, lab, P->sups[r]);
    if (n == 1 && first >= 0) {
        const pk_fix *fx = NULL;
        for (int a = 0; a < P->n_fix && !fx; a++)
            if (P->fix[a].row == first) fx = &P->fix[a];
        snprintf(msg, sizeof msg, "%ld student%s of %s at %s%s", fx->students, PLURAL(fx->students),
                 I->cohorts[P->coh[P->pairs[fx->pair].coh]].id, sid, limit);
    } else {
        snprintf(msg, sizeof msg, "%s ask for %ld students at %s%s%s", refs, asked, sid, sups < 0 ? "" : ", which", limit);
    }
    if (first >= 0) return at_fixed(P, first, diag, "%s", msg);
    return at_row(P, "capacity", I->cap[r].line, diag, msg);
}

/* Every capacity row against the least students its units must take. */
static praksis_error rows_overrun(const problem *P, const long *fix_u, const long *least, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    size_t nc = (size_t)I->n_cap + 1;
    long *asked = calloc(nc, sizeof *asked), *sups = calloc(nc, sizeof *sups);
    praksis_error rc = asked && sups ? PRAKSIS_OK : PRAKSIS_ERR_NOMEM;
    for (int u = 0; u < P->n_units && !rc; u++) {
        const sunit *U = &P->units[u];
        long ratio = I->programmes[U->programme].ratio, need = (least[u] + ratio - 1) / ratio;
        if (U->prow >= 0) {
            asked[U->prow] += least[u];
            sups[U->prow] += need;
        }
        if (U->srow >= 0) {
            asked[U->srow] += least[u];
            sups[U->srow] += need;
        }
    }
    for (int r = 0; r < I->n_cap && !rc; r++) {
        if (asked[r] > P->places[r])
            rc = row_overrun(P, r, asked[r], -1, fix_u, diag);
        else if (P->sups[r] >= 0 && sups[r] > P->sups[r])
            rc = row_overrun(P, r, asked[r], sups[r], fix_u, diag);
    }
    free(asked);
    free(sups);
    return rc;
}

/* A minimum its cohorts cannot fill.  A cohort has at most one pair per
 * site, so at most one pair feeds a row; it can send the pair's bound, or
 * fewer when its fixed placements elsewhere take the rest. */
static praksis_error unfillable_mins(const problem *P, const long *fixed_of, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    long *supply = calloc((size_t)I->n_cap + 1, sizeof *supply);
    if (!supply) return PRAKSIS_ERR_NOMEM;
    for (long i = 0; i < P->n_pairs; i++) {
        const pair *q = &P->pairs[i];
        long avail = P->students[q->coh] - fixed_of[q->coh] + (P->lb ? P->lb[i] : 0);
        long can = q->ub < avail ? q->ub : avail;
        if (can <= 0) continue;
        if (q->prow >= 0) supply[q->prow] += can;
        if (q->srow >= 0) supply[q->srow] += can;
    }
    praksis_error rc = PRAKSIS_OK;
    for (int m = 0; m < P->n_mins && !rc; m++) {
        int r = P->mins[m].row;
        if (supply[r] >= P->mins[m].students) continue;
        char lab[160], why[200] = "", msg[sizeof diag->message];
        /* pairs left out because their relocated students could never
         * reach the group minimum there: say so, it is the surprise */
        for (int g = 0; g < P->n_rgroups; g++)
            if (P->rgroups[g].site == I->cap[r].site && P->rgroups[g].period == I->cap[r].period &&
                P->rgroups[g].ub < P->set.min_relocated_group)
                snprintf(why, sizeof why, "; the %ld relocated students it could take are fewer than min_relocated_group (%d), "
                         "so it takes none", P->rgroups[g].ub, P->set.min_relocated_group);
        snprintf(msg, sizeof msg,
                 "a minimum of %ld student%s at %s (%s), but the cohorts that can go there can send at most %ld "
                 "(their students less those fixed elsewhere, within the site's places and supervisors)%s",
                 P->mins[m].students, PLURAL(P->mins[m].students), I->sites[I->cap[r].site].id,
                 row_label(P, r, lab, sizeof lab), supply[r], why);
        rc = at_row(P, "capacity", I->cap[r].line, diag, msg);
    }
    free(supply);
    return rc;
}

praksis_error pk_conflicts_count(const problem *P, praksis_diag *diag)
{
    if (!P->n_fix && !P->n_mins) return PRAKSIS_OK;
    long *fixed_of = calloc((size_t)P->n_coh + 1, sizeof *fixed_of);
    long *fix_u = calloc((size_t)P->n_units + 1, sizeof *fix_u);
    long *least = calloc((size_t)P->n_units + 1, sizeof *least);
    praksis_error rc = fixed_of && fix_u && least ? PRAKSIS_OK : PRAKSIS_ERR_NOMEM;
    if (!rc) rc = over_fixed_cohorts(P, fixed_of, diag);
    if (!rc) {
        unit_least(P, fix_u, least);
        rc = rows_overrun(P, fix_u, least, diag);
    }
    if (!rc) rc = unfillable_mins(P, fixed_of, diag);
    free(fixed_of);
    free(fix_u);
    free(least);
    return rc;
}

/* Appends "; REF (WHAT) short by N" to out, up to a readable number of rows. */
static void short_row(char *out, size_t n, int *listed, const char *ref, const char *what, long by)
{
    enum { MAX_LISTED = 8 };
    if ((*listed)++ >= MAX_LISTED) return;
    size_t at = strlen(out);
    snprintf(out + at, n - at, "%s%s (%s) short by %ld", at ? "; " : "", ref, what, by);
}

praksis_error pk_conflicts_phase_one(const problem *P, const long *x, const pk_plan *pl, int proven, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    char rows[700] = "", ref[64], what[256], lab[160];
    int listed = 0;
    long total = 0;
    for (int a = 0; a < P->n_fix; a++) {
        long by = P->fix[a].students - x[P->fix[a].pair];
        if (by <= 0) continue;
        const pair *q = &P->pairs[P->fix[a].pair];
        snprintf(what, sizeof what, "%ld of %s at %s", P->fix[a].students, I->cohorts[P->coh[q->coh]].id, I->sites[q->site].id);
        short_row(rows, sizeof rows, &listed, pk_fixed_ref(P, P->fix[a].row, ref, sizeof ref), what, by);
        total += by;
    }
    for (int m = 0; m < P->n_mins; m++) {
        int r = P->mins[m].row;
        long by = P->mins[m].students - pl->row_used[r];
        if (by <= 0) continue;
        snprintf(what, sizeof what, "at least %ld at %s, %s", P->mins[m].students, I->sites[I->cap[r].site].id,
                 row_label(P, r, lab, sizeof lab));
        short_row(rows, sizeof rows, &listed, pk_cap_ref(P, r, ref, sizeof ref), what, by);
        total += by;
    }
    char more[64] = "";
    if (listed > 8) snprintf(more, sizeof more, "; and %d more row%s", listed - 8, listed - 8 == 1 ? "" : "s");
    pk_diag_set(diag, I->dir, 0, 0, "no plan meets every agreed placement and minimum intake; %s %ld student%s short: %s%s",
                proven ? "the fewest leave" : "the best plan found (not proven the fewest) leaves", total,
                total == 1 ? "" : "s", rows, more);
    return PRAKSIS_ERR_INPUT;
}
