/*
 * lint.c - data that is valid but cannot matter, said out loud.
 *
 * A capacity row for a period that no cohort has, a programme or campus
 * that nothing uses, a site without a capacity row and a cohort with no
 * candidate site are not errors: the plan is still well defined.  But they
 * are nearly always a mistake in the data (a period typed "P 2" for "P2"
 * leaves half the students unplaced and the solve "optimal"), so the
 * prepared problem keeps one warning for each, grouped so that a thousand
 * mistyped rows make one line.  The checks run under the scenario: rows and
 * cohorts of programmes the scenario leaves out are left out on purpose
 * and get no warning.  The library only lists them (problem.h); the
 * command prints them and summary.json carries them.
 */
#define _POSIX_C_SOURCE 200809L
#include "csvread.h"
#include "problem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Lines quoted in a grouped warning; the rest are counted. */
#define LINES_SHOWN 6
/* Names quoted in a warning about unused sites, campuses or programmes. */
#define NAMES_SHOWN 5

typedef struct lint {
    problem *P;
    int NT, NP;
    unsigned char *included;  /* per programme: in the scenario */
    int *coh_pt;              /* included cohorts per (programme, period) */
    int *coh_t;               /* included cohorts per period */
    int *coh_p;               /* included cohorts per programme */
    int failed;               /* out of memory */
} lint;

static void warn(lint *L, const char *file, long line, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void warn(lint *L, const char *file, long line, const char *fmt, ...)
{
    problem *P = L->P;
    praksis_diag *w = realloc(P->warnings, (size_t)(P->n_warnings + 1) * sizeof *w);
    if (!w) {
        L->failed = 1;
        return;
    }
    P->warnings = w;
    praksis_diag *d = &w[P->n_warnings++];
    char path[1024];
    pk_path_join(path, sizeof path, P->inst->dir ? P->inst->dir : ".", file);
    pk_diag_set(d, path, line, 0, "%s", "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
}

/* Edit distance of two short labels (longer ones are compared on their
 * first 63 bytes: a typo is a slip of a character or two, not of a text). */
static int edit_distance(const char *a, const char *b)
{
    int row[64], n = (int)strnlen(b, 63), m = (int)strnlen(a, 63);
    for (int j = 0; j <= n; j++) row[j] = j;
    for (int i = 1; i <= m; i++) {
        int diag = row[0];
        row[0] = i;
        for (int j = 1; j <= n; j++) {
            int up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[n];
}

/* The period with cohorts whose label is nearest to period t's, when it is
 * close enough to be a slip (an edit or two, and less than half the
 * label); -1 when none is. */
static int nearest_period(const lint *L, int t)
{
    const praksis_instance *I = L->P->inst;
    int best = -1, best_d = 3;
    int len = (int)strlen(I->periods[t]);
    for (int u = 0; u < I->n_periods; u++) {
        if (u == t || !L->coh_t[u]) continue;
        int d = edit_distance(I->periods[t], I->periods[u]);
        if (d < best_d && 2 * d < len + 1) {
            best = u;
            best_d = d;
        }
    }
    return best;
}

/* "lines 5, 7, 9 and 12 more" of the rows in idx[0..n). */
static void line_list(char *buf, size_t size, const praksis_instance *I, const int *idx, int n)
{
    size_t o = (size_t)snprintf(buf, size, n == 1 ? "line" : "lines");
    for (int i = 0; i < n && i < LINES_SHOWN && o < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s %ld", i ? "," : "", I->cap[idx[i]].line);
    if (n > LINES_SHOWN && o < size) snprintf(buf + o, size - o, " and %d more", n - LINES_SHOWN);
}

/* Whether capacity row r can ever hold a student: an included cohort has
 * its programme (any, for a '*' row) and period.  Rows of programmes the
 * scenario leaves out are counted as usable: leaving them out is meant. */
static int row_usable(const lint *L, int r)
{
    const caprow *c = &L->P->inst->cap[r];
    if (c->programme >= 0 && !L->included[c->programme]) return 1;
    if (c->programme < 0) return L->coh_t[c->period] > 0;
    return L->coh_pt[c->programme * L->NT + c->period] > 0;
}

/* Rows for a period that no cohort has: one warning per period, with the
 * label it was most likely meant to be. */
static void rows_of_dead_periods(lint *L, int *idx)
{
    const praksis_instance *I = L->P->inst;
    for (int t = 0; t < I->n_periods; t++) {
        if (L->coh_t[t]) continue;
        int n = 0;
        long places = 0;
        for (int r = 0; r < I->n_cap; r++)
            if (I->cap[r].period == t && !row_usable(L, r)) {
                idx[n++] = r;
                places += L->P->places[r];
            }
        if (!n) continue;
        char lines[160], hint[256] = "";
        line_list(lines, sizeof lines, I, idx, n);
        int near = nearest_period(L, t);
        if (near >= 0) snprintf(hint, sizeof hint, "; did you mean \"%s\"?", I->periods[near]);
        warn(L, "capacity.csv", I->cap[idx[0]].line,
             "%d %s (%s, %ld places) for period \"%s\", which no cohort has: no student can use them%s", n,
             n == 1 ? "row" : "rows", lines, places, I->periods[t], hint);
    }
}

/* Rows for a programme that has cohorts, but none in the row's period:
 * one warning per (programme, period). */
static void rows_of_dead_programmes(lint *L, int *idx)
{
    const praksis_instance *I = L->P->inst;
    for (int p = 0; p < L->NP; p++)
        for (int t = 0; t < L->NT; t++) {
            if (!L->coh_t[t] || L->coh_pt[p * L->NT + t] || !L->included[p] || !L->coh_p[p]) continue;
            int n = 0;
            for (int r = 0; r < I->n_cap; r++)
                if (I->cap[r].programme == p && I->cap[r].period == t) idx[n++] = r;
            if (!n) continue;
            char lines[160], where[256] = "";
            line_list(lines, sizeof lines, I, idx, n);
            size_t o = 0;
            for (int u = 0; u < L->NT && o < sizeof where; u++)
                if (L->coh_pt[p * L->NT + u])
                    o += (size_t)snprintf(where + o, sizeof where - o, "%s\"%s\"", o ? ", " : "", I->periods[u]);
            warn(L, "capacity.csv", I->cap[idx[0]].line,
                 "%d %s (%s) for %s in period \"%s\", where %s has no cohort: no student can use them (its cohorts "
                 "are in %s)",
                 n, n == 1 ? "row" : "rows", lines, I->programmes[p].id, I->periods[t], I->programmes[p].id, where);
        }
}

/* Rows of programmes without any cohort, in periods that have cohorts: one
 * warning for all of them (an instance cut from a larger one offers places
 * for programmes that none of its campuses teaches). */
static void rows_of_idle_programmes(lint *L, int *idx)
{
    const praksis_instance *I = L->P->inst;
    char progs[512];
    size_t o = 0;
    int n = 0, np = 0;
    progs[0] = 0;
    for (int p = 0; p < L->NP; p++) {
        if (!L->included[p] || L->coh_p[p]) continue;
        int mine = 0;
        for (int r = 0; r < I->n_cap; r++)
            if (I->cap[r].programme == p && L->coh_t[I->cap[r].period]) {
                idx[n++] = r;
                mine++;
            }
        if (!mine) continue;
        if (np++ < NAMES_SHOWN && o < sizeof progs)
            o += (size_t)snprintf(progs + o, sizeof progs - o, "%s%s (%d)", o ? ", " : "", I->programmes[p].id, mine);
    }
    if (!n) return;
    /* the lines in file order */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && I->cap[idx[j]].line < I->cap[idx[j - 1]].line; j--) {
            int v = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = v;
        }
    char lines[160];
    line_list(lines, sizeof lines, I, idx, n);
    warn(L, "capacity.csv", I->cap[idx[0]].line,
         "%d %s (%s) for %d %s without any cohort: no student can use them: %s%s", n, n == 1 ? "row" : "rows", lines, np,
         np == 1 ? "programme" : "programmes", progs, np > NAMES_SHOWN ? ", ..." : "");
}

/* Sites without a capacity row, campuses without a cohort, included
 * programmes without cohort or capacity row: one warning per kind. */
static void unused_entities(lint *L)
{
    const praksis_instance *I = L->P->inst;
    char names[512];
    int n = 0;
    long first = 0;
    size_t o = 0;
    unsigned char *has = calloc((size_t)(I->n_sites + I->n_campuses + I->n_programmes) + 1, 1);
    if (!has) {
        L->failed = 1;
        return;
    }
    unsigned char *site_has = has, *campus_has = has + I->n_sites, *prog_has = campus_has + I->n_campuses;
    for (int r = 0; r < I->n_cap; r++) {
        site_has[I->cap[r].site] = 1;
        if (I->cap[r].programme >= 0) prog_has[I->cap[r].programme] = 1;
    }
    for (int c = 0; c < I->n_cohorts; c++) {
        campus_has[I->cohorts[c].campus] = 1;
        prog_has[I->cohorts[c].programme] = 1;
    }
    names[0] = 0;
    for (int j = 0; j < I->n_sites; j++) {
        if (site_has[j]) continue;
        if (!n++) first = I->sites[j].line;
        if (n <= NAMES_SHOWN && o < sizeof names)
            o += (size_t)snprintf(names + o, sizeof names - o, "%s%s %s (line %ld)", o ? ", " : "", I->sites[j].id,
                                  I->sites[j].name, I->sites[j].line);
    }
    if (n)
        warn(L, "sites.csv", first, "%d %s no capacity row and can take nobody: %s%s", n, n == 1 ? "site has" : "sites have",
             names, n > NAMES_SHOWN ? ", ..." : "");
    n = 0, o = 0, names[0] = 0;
    for (int k = 0; k < I->n_campuses; k++) {
        if (campus_has[k]) continue;
        if (!n++) first = I->campuses[k].line;
        if (n <= NAMES_SHOWN && o < sizeof names)
            o += (size_t)snprintf(names + o, sizeof names - o, "%s%s (line %ld)", o ? ", " : "", I->campuses[k].id,
                                  I->campuses[k].line);
    }
    if (n)
        warn(L, "campuses.csv", first, "%d %s no cohort: %s%s", n, n == 1 ? "campus has" : "campuses have", names,
             n > NAMES_SHOWN ? ", ..." : "");
    n = 0, o = 0, names[0] = 0;
    for (int p = 0; p < I->n_programmes; p++) {
        if (prog_has[p] || !L->included[p]) continue;
        if (!n++) first = I->programmes[p].line;
        if (n <= NAMES_SHOWN && o < sizeof names)
            o += (size_t)snprintf(names + o, sizeof names - o, "%s%s (line %ld)", o ? ", " : "", I->programmes[p].id,
                                  I->programmes[p].line);
    }
    if (n)
        warn(L, "programmes.csv", first, "%d %s neither a cohort nor a capacity row: %s%s", n,
             n == 1 ? "programme has" : "programmes have", names, n > NAMES_SHOWN ? ", ..." : "");
    free(has);
}

/* Why an included cohort has no candidate pair: the sites that offer its
 * programme (or '*') in its period, if any, and what shuts each out. */
static void cohort_without_site(lint *L, int k, const int *dead_rows, int n_dead)
{
    const problem *P = L->P;
    const praksis_instance *I = P->inst;
    const cohort *h = &I->cohorts[P->coh[k]];
    const char *pid = I->programmes[h->programme].id, *per = I->periods[h->period];
    int sites = 0, no_places = 0, no_sups = 0;
    for (int j = 0; j < I->n_sites; j++) {
        long places = -1, sups = -1;
        int any = 0;
        for (int r = 0; r < I->n_cap; r++) {
            const caprow *c = &I->cap[r];
            if (c->site != j || c->period != h->period || (c->programme >= 0 && c->programme != h->programme)) continue;
            any = 1;
            if (places < 0 || P->places[r] < places) places = P->places[r];
            if (P->sups[r] >= 0 && (sups < 0 || P->sups[r] < sups)) sups = P->sups[r];
        }
        if (!any) continue;
        sites++;
        if (places == 0) no_places++;
        else if (sups == 0) no_sups++;
    }
    if (!sites) {
        char also[400] = "";
        if (n_dead) {
            char lines[160];
            line_list(lines, sizeof lines, I, dead_rows, n_dead);
            snprintf(also, sizeof also, "; capacity.csv has %d %s for %s in \"%s\" (%s)", n_dead,
                     n_dead == 1 ? "row" : "rows", pid, I->periods[I->cap[dead_rows[0]].period], lines);
        }
        warn(L, "cohorts.csv", h->line, "cohort %s (%ld students) has no candidate site: no site offers %s or \"*\" in period \"%s\"%s",
             h->id, P->students[k], pid, per, also);
        return;
    }
    int reloc = sites - no_places - no_sups;
    warn(L, "cohorts.csv", h->line,
         "cohort %s (%ld students) has no candidate site: of the %d %s that offer %s in \"%s\", %d %s no places, %d no "
         "supervisors and %d too few places beyond commuting distance for min_relocated_group = %d",
         h->id, P->students[k], sites, sites == 1 ? "site" : "sites", pid, per, no_places, no_places == 1 ? "has" : "have",
         no_sups, reloc, P->set.min_relocated_group);
}

/* Included cohorts with students but no candidate pair. */
static void cohorts_without_site(lint *L, int *idx)
{
    const problem *P = L->P;
    const praksis_instance *I = P->inst;
    for (int k = 0; k < P->n_coh; k++) {
        if (!P->students[k] || P->coh_first[k] < P->coh_first[k + 1]) continue;
        const cohort *h = &I->cohorts[P->coh[k]];
        /* unusable rows of this programme (or '*') in a period whose label is a slip of the cohort's */
        int n = 0;
        for (int r = 0; r < I->n_cap; r++) {
            const caprow *c = &I->cap[r];
            if (L->coh_t[c->period] || (c->programme >= 0 && c->programme != h->programme)) continue;
            if (nearest_period(L, c->period) == h->period) idx[n++] = r;
        }
        cohort_without_site(L, k, idx, n);
    }
}

static int included_programmes(lint *L)
{
    const problem *P = L->P;
    const praksis_instance *I = P->inst;
    for (int p = 0; p < I->n_programmes; p++) {
        int in = !P->set.programmes;
        for (int i = 0; !in && i < P->set.n_programmes; i++) in = strcmp(P->set.programmes[i], I->programmes[p].id) == 0;
        L->included[p] = (unsigned char)in;
    }
    for (int k = 0; k < P->n_coh; k++) {
        const cohort *h = &I->cohorts[P->coh[k]];
        L->coh_pt[h->programme * L->NT + h->period]++;
        L->coh_t[h->period]++;
        L->coh_p[h->programme]++;
    }
    return 0;
}

int pk_lint(problem *P)
{
    const praksis_instance *I = P->inst;
    lint L = {.P = P, .NT = I->n_periods ? I->n_periods : 1, .NP = I->n_programmes};
    L.included = calloc((size_t)L.NP + 1, 1);
    L.coh_pt = calloc((size_t)L.NP * (size_t)L.NT + 1, sizeof *L.coh_pt);
    L.coh_t = calloc((size_t)L.NT + 1, sizeof *L.coh_t);
    L.coh_p = calloc((size_t)L.NP + 1, sizeof *L.coh_p);
    int *idx = malloc(((size_t)I->n_cap + 1) * sizeof *idx);
    if (L.included && L.coh_pt && L.coh_t && L.coh_p && idx) {
        included_programmes(&L);
        rows_of_dead_periods(&L, idx);
        rows_of_dead_programmes(&L, idx);
        rows_of_idle_programmes(&L, idx);
        cohorts_without_site(&L, idx);
        unused_entities(&L);
    } else {
        L.failed = 1;
    }
    free(L.included);
    free(L.coh_pt);
    free(L.coh_t);
    free(L.coh_p);
    free(idx);
    for (int i = 0; i < P->n_warnings; i++) pk_diag_escape(&P->warnings[i]);
    return L.failed ? -1 : 0;
}
