/*
 * agreements.c - what a plan is made on top of: placements agreed by hand
 * before any optimisation (fixed.csv), and last year's or the current plan
 * (previous.csv, or an earlier plan's assignments.csv with --previous).
 * The minimum intakes are a column of capacity.csv, read in load.c.
 *
 * Reading follows the instance's rules and messages (load.h): each bad
 * cell is one line naming file, line and column.  What a scenario decides
 * (which cohorts are included, scales, whether minimums count) is applied
 * when a problem is prepared (pk_agreements_prepare, below).
 */
#define _POSIX_C_SOURCE 200809L
#include "load.h"
#include "plan_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void pk_agreements_free(praksis_instance *I)
{
    free(I->fixed);
    free(I->prev);
    free(I->prev_path);
    I->fixed = NULL;
    I->prev = NULL;
    I->prev_path = NULL;
    I->n_fixed = I->n_prev = 0;
}

/* Triples of small ints as hash keys ("a:b:c"), owned by a list freed at
 * the end: strmap borrows its keys. */
typedef struct keyset {
    strmap map;
    char **keys;
    int n, cap;
} keyset;

static void keyset_free(keyset *K)
{
    for (int i = 0; i < K->n; i++) free(K->keys[i]);
    free(K->keys);
    pk_strmap_free(&K->map);
    memset(K, 0, sizeof *K);
}

/* The value stored for (a, b, c), or -1; with val >= 0, store it when
 * absent.  -2 when out of memory. */
static int keyset_get_put(keyset *K, int a, int b, int c, int val)
{
    char key[48];
    snprintf(key, sizeof key, "%d:%d:%d", a, b, c);
    int old = pk_strmap_get(&K->map, key);
    if (old >= 0 || val < 0) return old;
    if (pk_load_reserve((void **)&K->keys, &K->cap, K->n, sizeof *K->keys) || !(K->keys[K->n] = strdup(key)))
        return -2;
    if (pk_strmap_put(&K->map, K->keys[K->n], val)) return -2;
    K->n++;
    return -1;
}

/* Whether site j can take cohort h at all: a capacity row for its
 * programme and period, or a '*' row for the period (rows: the keys
 * (site, programme or -1, period) of capacity.csv). */
static int has_capacity_row(keyset *rows, int j, const cohort *h)
{
    return keyset_get_put(rows, j, h->programme, h->period, -1) >= 0 || keyset_get_put(rows, j, -1, h->period, -1) >= 0;
}

/* The table as messages and summary.json name it: DIR/fixed.csv, or
 * BOOK:fixed for a workbook's sheet. */
static praksis_error set_path(loader *L, const char *table, char **out)
{
    char path[1024];
    long line = 0;
    L->inst->workbook = pk_source_is_workbook(L->src);
    pk_instance_file(L->inst, table, &line, path, sizeof path);
    return (*out = strdup(path)) ? PRAKSIS_OK : PRAKSIS_ERR_NOMEM;
}

/* One row of fixed.csv: cohort, site, students.  The pair must be one the
 * data allow: an agreement for a site that has no capacity row for the
 * cohort's programme and period is a typo, whatever the scenario. */
static praksis_error fixed_row(loader *L, const pk_csv_table *t, long r, const int *c, keyset *seen, keyset *rows,
                               int *cap)
{
    praksis_instance *I = L->inst;
    int k, j;
    double students;
    praksis_error rc;
    if ((rc = pk_load_lookup(L, t, r, c[0], &L->cohorts, "cohort", "a cohort", "cohorts", &k)) ||
        (rc = pk_load_lookup(L, t, r, c[1], &L->sites, "site", "a site", "sites", &j)) ||
        (rc = pk_load_number(L, t, r, c[2], "students", N_WHOLE_GE1, 0, NULL, &students)))
        return rc;
    const cohort *h = &I->cohorts[k];
    if (!has_capacity_row(rows, j, h)) {
        pk_csv_cell_error(t, r, c[1], L->diag,
                          "site: expected a site with a capacity row for %s in %s (or a '*' row), found \"%s\", which has none",
                          I->programmes[h->programme].id, I->periods[h->period], I->sites[j].id);
        return PRAKSIS_ERR_INPUT;
    }
    int first = keyset_get_put(seen, k, j, 0, I->n_fixed);
    if (first == -2) return PRAKSIS_ERR_NOMEM;
    if (first >= 0) {
        pk_csv_cell_error(t, r, c[0], L->diag, "expected one row per (cohort, site), found (%s, %s) again (first on line %ld)",
                          h->id, I->sites[j].id, I->fixed[first].line);
        return PRAKSIS_ERR_INPUT;
    }
    if (pk_load_reserve((void **)&I->fixed, cap, I->n_fixed, sizeof *I->fixed)) return PRAKSIS_ERR_NOMEM;
    I->fixed[I->n_fixed++] = (fixrow){k, j, (long)students, t->row_line[r], -1};
    return PRAKSIS_OK;
}

/* One row of the (student, site) form: that listed student at the site. */
static praksis_error fixed_student_row(loader *L, const pk_csv_table *t, long r, const int *c, keyset *seen,
                                       keyset *rows, int *cap)
{
    praksis_instance *I = L->inst;
    int i, j;
    praksis_error rc;
    if ((rc = pk_load_lookup(L, t, r, c[0], &L->students, "student", "a student", "students", &i)) ||
        (rc = pk_load_lookup(L, t, r, c[1], &L->sites, "site", "a site", "sites", &j)))
        return rc;
    const cohort *h = &I->cohorts[I->students[i].cohort];
    if (!has_capacity_row(rows, j, h)) {
        pk_csv_cell_error(t, r, c[1], L->diag,
                          "site: expected a site with a capacity row for %s in %s (or a '*' row), found \"%s\", which has none",
                          I->programmes[h->programme].id, I->periods[h->period], I->sites[j].id);
        return PRAKSIS_ERR_INPUT;
    }
    int first = keyset_get_put(seen, i, 0, 0, I->n_fixed);
    if (first == -2) return PRAKSIS_ERR_NOMEM;
    if (first >= 0) {
        pk_csv_cell_error(t, r, c[0], L->diag, "expected one row per student, found %s again (first on line %ld)",
                          I->students[i].id, I->fixed[first].line);
        return PRAKSIS_ERR_INPUT;
    }
    if (pk_load_reserve((void **)&I->fixed, cap, I->n_fixed, sizeof *I->fixed)) return PRAKSIS_ERR_NOMEM;
    I->fixed[I->n_fixed++] = (fixrow){I->students[i].cohort, j, 1, t->row_line[r], i};
    return PRAKSIS_OK;
}

/* fixed.csv is in one of two forms: (cohort, site, students), or, when
 * the instance lists students, (student, site). */
praksis_error pk_load_fixed(loader *L)
{
    static const col_spec by_cohort[] = {{"cohort", 1}, {"site", 1}, {"students", 1}};
    static const col_spec by_student[] = {{"student", 1}, {"site", 1}};
    int c[3], cap = 0;
    pk_csv_table *t;
    praksis_error rc = pk_load_open(L, "fixed", 1, &t);
    if (rc || !t) return rc;
    keyset seen = {0}, rows = {0};
    const praksis_instance *I = L->inst;
    int per_student = pk_csv_column(t, "student") >= 0;
    if (per_student && !I->has_students) {
        pk_diag_set(L->diag, t->path, t->header_line, pk_csv_column(t, "student") + 1,
                    "student: expected the columns cohort, site, students (the column student names students of "
                    "students.csv, and the instance has none), found student");
        rc = PRAKSIS_ERR_INPUT;
        goto out;
    }
    if ((rc = per_student ? pk_load_bind(L, t, by_student, 2, c) : pk_load_bind(L, t, by_cohort, 3, c))) goto out;
    for (int r = 0; r < I->n_cap; r++)
        if (keyset_get_put(&rows, I->cap[r].site, I->cap[r].programme, I->cap[r].period, r) == -2) {
            rc = PRAKSIS_ERR_NOMEM;
            goto out;
        }
    for (long r = 0; r < t->n_rows && !rc; r++)
        rc = per_student ? fixed_student_row(L, t, r, c, &seen, &rows, &cap) : fixed_row(L, t, r, c, &seen, &rows, &cap);
out:
    keyset_free(&seen);
    keyset_free(&rows);
    pk_csv_table_free(t);
    return rc;
}

/* A row of previous.csv: one per (site, programme[, period]). */
static praksis_error prev_add(loader *L, const pk_csv_table *t, long r, int col, keyset *seen, int *cap, int j, int p,
                              int pe, long n)
{
    praksis_instance *I = L->inst;
    int at = keyset_get_put(seen, j, p, pe, I->n_prev);
    if (at == -2) return PRAKSIS_ERR_NOMEM;
    if (at >= 0) {
        pk_csv_cell_error(t, r, col, L->diag, "expected one row per (site, programme%s), found (%s, %s%s%s) again (first on line %ld)",
                          pe >= 0 ? ", period" : "", I->sites[j].id, I->programmes[p].id, pe >= 0 ? ", " : "",
                          pe >= 0 ? I->periods[pe] : "", I->prev[at].line);
        return PRAKSIS_ERR_INPUT;
    }
    if (pk_load_reserve((void **)&I->prev, cap, I->n_prev, sizeof *I->prev)) return PRAKSIS_ERR_NOMEM;
    I->prev[I->n_prev++] = (prevrow){j, p, pe, n, t->row_line[r]};
    return PRAKSIS_OK;
}

/* The rows of previous.csv: c[] = site, programme, students, period
 * (period -1: no such column). */
static praksis_error prev_rows(loader *L, const pk_csv_table *t, const int *c)
{
    int cap = 0;
    keyset seen = {0};
    praksis_error rc = PRAKSIS_OK;
    for (long r = 0; r < t->n_rows && !rc; r++) {
        int j, p, pe = -1;
        double n;
        if ((rc = pk_load_lookup(L, t, r, c[0], &L->sites, "site", "a site", "sites", &j)) ||
            (rc = pk_load_lookup(L, t, r, c[1], &L->progs, "programme", "a programme", "programmes", &p)) ||
            (rc = pk_load_number(L, t, r, c[2], "students", N_WHOLE_GE0, 0, NULL, &n)))
            break;
        if (c[3] >= 0 &&
            (rc = pk_load_lookup(L, t, r, c[3], &L->periods, "period", "a period", "cohorts", &pe)))
            break;
        rc = prev_add(L, t, r, c[0], &seen, &cap, j, p, pe, (long)n);
    }
    keyset_free(&seen);
    return rc;
}

praksis_error pk_load_previous(loader *L)
{
    static const col_spec spec[] = {{"site", 1}, {"programme", 1}, {"students", 1}, {"period", 0}};
    int c[4];
    pk_csv_table *t;
    praksis_error rc = pk_load_open(L, "previous", 1, &t);
    if (rc || !t) return rc;
    praksis_instance *I = L->inst;
    if (!(rc = set_path(L, "previous", &I->prev_path)) && !(rc = pk_load_bind(L, t, spec, 4, c))) {
        I->prev_has_period = c[3] >= 0;
        rc = prev_rows(L, t, c);
    }
    pk_csv_table_free(t);
    return rc;
}

/* One row of an earlier plan's assignments.csv into the previous plan:
 * its ids must be this instance's, its students are summed per key. */
static praksis_error plan_row(praksis_instance *tmp, const praksis_instance *I, const pk_plan_files *pf, long r,
                              const strmap *maps, keyset *seen, int *cap, praksis_diag *diag)
{
    const pk_assignment_row *a = &pf->assignments[r];
    const char *ids[3] = {a->site, a->programme, a->period}, *cols[3] = {"site", "programme", "period"};
    int at[3];
    for (int k = 0; k < 3; k++)
        if ((at[k] = pk_strmap_get(&maps[k], ids[k])) < 0)
            return pk_plan_row_error(pf, PK_PLAN_ASSIGNMENTS, r, cols[k], diag,
                                     "%s: expected a %s id of the instance %s, found unknown \"%s\"", cols[k], cols[k],
                                     I->dir, ids[k]);
    int old = keyset_get_put(seen, at[0], at[1], at[2], tmp->n_prev);
    if (old == -2) return PRAKSIS_ERR_NOMEM;
    if (old >= 0) {
        tmp->prev[old].students += a->students;
        return PRAKSIS_OK;
    }
    if (pk_load_reserve((void **)&tmp->prev, cap, tmp->n_prev, sizeof *tmp->prev)) return PRAKSIS_ERR_NOMEM;
    tmp->prev[tmp->n_prev++] = (prevrow){at[0], at[1], at[2], a->students, 0};
    return PRAKSIS_OK;
}

/* The id maps (sites, programmes, periods) of an instance. */
static praksis_error id_maps(const praksis_instance *I, strmap *maps)
{
    for (int j = 0; j < I->n_sites; j++)
        if (pk_strmap_put(&maps[0], I->sites[j].id, j)) return PRAKSIS_ERR_NOMEM;
    for (int p = 0; p < I->n_programmes; p++)
        if (pk_strmap_put(&maps[1], I->programmes[p].id, p)) return PRAKSIS_ERR_NOMEM;
    for (int t = 0; t < I->n_periods; t++)
        if (pk_strmap_put(&maps[2], I->periods[t], t)) return PRAKSIS_ERR_NOMEM;
    return PRAKSIS_OK;
}

/* An earlier plan's assignments.csv (read by plan_read.c, the one reader
 * of plan files) as the previous plan: its students summed per (site,
 * programme, period).  On error the instance keeps the previous plan it
 * had. */
praksis_error praksis_instance_previous_plan(praksis_instance *I, const char *dir, praksis_diag *diag)
{
    if (!I || !dir) return PRAKSIS_ERR_USAGE;
    char path[4096];
    pk_path_join(path, sizeof path, dir, "assignments.csv");
    if (!pk_file_exists(path)) {
        pk_diag_set(diag, path, 0, 0, "expected an earlier plan's assignments.csv (--previous names a plan's directory), "
                    "found nothing there");
        return PRAKSIS_ERR_IO;
    }
    pk_plan_files pf;
    praksis_error rc = pk_plan_files_read(dir, PK_PLAN_READ(PK_PLAN_ASSIGNMENTS), &pf, diag);
    if (rc) return rc;
    praksis_instance tmp = {0};
    strmap maps[3] = {{0}};
    keyset seen = {0};
    int cap = 0;
    rc = id_maps(I, maps);
    for (long r = 0; r < pf.n_assignments && !rc; r++) rc = plan_row(&tmp, I, &pf, r, maps, &seen, &cap, diag);
    char *p = rc ? NULL : strdup(path);
    if (!rc && !p) rc = PRAKSIS_ERR_NOMEM;
    if (!rc) {
        free(I->prev);
        free(I->prev_path);
        I->prev = tmp.prev;
        I->n_prev = tmp.n_prev;
        I->prev_path = p;
        I->prev_has_period = 1;
    } else {
        free(tmp.prev);
        pk_diag_escape(diag);
    }
    for (int k = 0; k < 3; k++) pk_strmap_free(&maps[k]);
    keyset_free(&seen);
    pk_plan_files_free(&pf);
    return rc;
}

/* ---------------------------------------------------------------- under a scenario */
#include "problem.h"

#include <math.h>

void pk_agreements_problem_free(problem *P)
{
    free(P->fix);
    free(P->fix_pieces);
    free(P->stu_fix);
    free(P->stu_lb);
    free(P->lb);
    free(P->mins);
    free(P->row_min);
    free(P->min_first);
    free(P->min_pairs);
    free(P->ckeys);
    free(P->unit_ckey);
}

static int programme_included(const problem *P, int p)
{
    if (!P->set.programmes) return 1;
    for (int i = 0; i < P->set.n_programmes; i++)
        if (strcmp(P->set.programmes[i], P->inst->programmes[p].id) == 0) return 1;
    return 0;
}

/* Agreed students onto pair i for fixed row f: the pair's merged entry
 * grows (one per pair) and the row's piece is recorded. */
static int fix_add(problem *P, long i, long n, int f, int *cap, int *pcap)
{
    if (!P->lb[i]) {
        if (pk_load_reserve((void **)&P->fix, cap, P->n_fix, sizeof *P->fix)) return -1;
        P->fix[P->n_fix++] = (pk_fix){i, 0, f};
    }
    for (int a = P->n_fix - 1; a >= 0; a--)
        if (P->fix[a].pair == i) {
            P->fix[a].students += n;
            break;
        }
    P->lb[i] += n;
    if (pk_load_reserve((void **)&P->fix_pieces, pcap, P->n_fix_pieces, sizeof *P->fix_pieces)) return -1;
    P->fix_pieces[P->n_fix_pieces++] = (pk_fix_piece){f, i};
    return 0;
}

/* The class of each listed student of an included cohort (-1 otherwise). */
static int *student_classes(const problem *P)
{
    int *cls_of = malloc(((size_t)P->inst->n_students + 1) * sizeof *cls_of);
    if (!cls_of) return NULL;
    for (int i = 0; i < P->inst->n_students; i++) cls_of[i] = -1;
    for (int c = 0; c < P->n_cls; c++)
        for (long t = 0; t < P->cls[c].n_listed; t++) cls_of[P->listed[P->cls[c].first_listed + t]] = c;
    return cls_of;
}

/* A (cohort, site) row agrees the place of students nobody named: the
 * cohort's class of unlisted students (at the campus, may relocate; a
 * listed student with a blank home and relocate yes is one of them).  A
 * listed student's place is agreed by the (student, site) form.  A row
 * that class cannot take is a conflict (when the cohort lists nobody, the
 * cohort's own count names the rows later). */
static praksis_error cohort_row(problem *P, int f, int k, long *agreed, int *cap, int *pcap, praksis_diag *diag)
{
    const fixrow *fr = &P->inst->fixed[f];
    int c0 = -1;
    for (int c = P->coh_cls[k]; c < P->coh_cls[k + 1] && c0 < 0; c++)
        if (P->cls[c].home < 0 && P->cls[c].relocate) c0 = c;
    long i = c0 >= 0 ? pk_class_pair(P, c0, fr->site) : -1;
    if (i < 0) return pk_conflict_unpaired(P, f, diag);
    agreed[c0] += fr->students;
    if (agreed[c0] > P->cls[c0].size && P->cls[c0].size < P->students[k])
        return pk_conflict_unlisted(P, f, agreed[c0], P->cls[c0].size, diag);
    return fix_add(P, i, fr->students, f, cap, pcap) ? PRAKSIS_ERR_NOMEM : PRAKSIS_OK;
}

/* The (student, site) rows: each student onto its class's pair there. */
static praksis_error prep_student_rows(problem *P, const int *incl, long *agreed, int *cap, int *pcap,
                                       praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    int *cls_of = student_classes(P);
    P->stu_fix = malloc(((size_t)I->n_students + 1) * sizeof *P->stu_fix);
    P->stu_lb = calloc((size_t)P->n_pairs + 1, sizeof *P->stu_lb);
    if (!cls_of || !P->stu_fix || !P->stu_lb) {
        free(cls_of);
        return PRAKSIS_ERR_NOMEM;
    }
    for (int i = 0; i < I->n_students; i++) P->stu_fix[i] = -1;
    praksis_error rc = PRAKSIS_OK;
    for (int f = 0; f < I->n_fixed && !rc; f++) {
        const fixrow *fr = &I->fixed[f];
        if (fr->student < 0 || incl[fr->cohort] < 0) continue;
        int c = cls_of[fr->student];
        long i = pk_class_pair(P, c, fr->site);
        if (i < 0) {
            rc = pk_conflict_unpaired(P, f, diag);
            break;
        }
        if (fix_add(P, i, 1, f, cap, pcap)) rc = PRAKSIS_ERR_NOMEM;
        P->stu_fix[fr->student] = i;
        P->stu_lb[i]++;
        agreed[c]++;
    }
    free(cls_of);
    return rc;
}

/* Each fixed row of an included cohort becomes lower bounds of its pairs.
 * A row none of whose pairs the scenario kept (no places, a student who
 * cannot relocate, a lone relocated student) is a conflict; a row of a
 * cohort left out by the scenario's programmes is not part of this plan. */
static praksis_error prep_fixed(problem *P, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    if (!I->n_fixed) return PRAKSIS_OK;
    int *incl = malloc((size_t)I->n_cohorts * sizeof *incl);
    long *agreed = calloc((size_t)P->n_cls + 1, sizeof *agreed); /* per class */
    P->lb = calloc((size_t)P->n_pairs + 1, sizeof *P->lb);
    praksis_error rc = PRAKSIS_OK;
    int cap = 0, pcap = 0, per_student = I->fixed[0].student >= 0;
    if (!incl || !agreed || !P->lb) {
        rc = PRAKSIS_ERR_NOMEM;
        goto out;
    }
    for (int c = 0; c < I->n_cohorts; c++) incl[c] = -1;
    for (int k = 0; k < P->n_coh; k++) incl[P->coh[k]] = k;
    for (int f = 0; f < I->n_fixed; f++) {
        if (incl[I->fixed[f].cohort] < 0)
            P->n_fix_ignored++;
        else
            P->n_fix_rows++;
    }
    if (per_student) {
        rc = prep_student_rows(P, incl, agreed, &cap, &pcap, diag);
        goto out;
    }
    for (int f = 0; f < I->n_fixed && !rc; f++) {
        int k = incl[I->fixed[f].cohort];
        if (k < 0) continue;
        rc = cohort_row(P, f, k, agreed, &cap, &pcap, diag);
    }
out:
    free(incl);
    free(agreed);
    return rc;
}

/* The pairs that count for each minimum, found once: the heuristics
 * raise a minimum from them at every node. */
static praksis_error min_buckets(problem *P)
{
    P->min_first = calloc((size_t)P->n_mins + 2, sizeof *P->min_first);
    if (!P->min_first) return PRAKSIS_ERR_NOMEM;
    for (int pass = 0; pass < 2; pass++) {
        long *fill = pass ? calloc((size_t)P->n_mins + 1, sizeof *fill) : NULL;
        if (pass && !fill) return PRAKSIS_ERR_NOMEM;
        for (long i = 0; i < P->n_pairs; i++) {
            int rows[2] = {P->pairs[i].prow, P->pairs[i].srow};
            for (int a = 0; a < 2; a++) {
                int m = rows[a] >= 0 ? P->row_min[rows[a]] : -1;
                if (m < 0) continue;
                if (pass)
                    P->min_pairs[P->min_first[m] + fill[m]++] = i;
                else
                    P->min_first[m + 1]++;
            }
        }
        free(fill);
        if (pass) break;
        for (int m = 0; m < P->n_mins; m++) P->min_first[m + 1] += P->min_first[m];
        if (!(P->min_pairs = malloc(((size_t)P->min_first[P->n_mins] + 1) * sizeof *P->min_pairs))) return PRAKSIS_ERR_NOMEM;
    }
    return PRAKSIS_OK;
}

/* Minimums count under the scenario as places do: scaled by
 * capacity_scale and rounded down (so a minimum within its places stays
 * within them), for the included programmes, and only when honoured. */
static praksis_error prep_mins(problem *P)
{
    const praksis_instance *I = P->inst;
    int any = 0;
    for (int r = 0; r < I->n_cap; r++) any |= I->cap[r].min_students > 0;
    if (!any) return PRAKSIS_OK;
    P->mins = malloc((size_t)I->n_cap * sizeof *P->mins);
    P->row_min = malloc((size_t)I->n_cap * sizeof *P->row_min);
    if (!P->mins || !P->row_min) return PRAKSIS_ERR_NOMEM;
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        P->row_min[r] = -1;
        if (c->min_students <= 0) continue;
        if (!P->set.honour_minimums || (c->programme >= 0 && !programme_included(P, c->programme))) {
            P->n_min_ignored++;
            continue;
        }
        long m = (long)floor((double)c->min_students * P->set.capacity_scale + 1e-9);
        if (m <= 0) continue;
        P->row_min[r] = P->n_mins;
        P->mins[P->n_mins++] = (pk_min){r, m};
    }
    return min_buckets(P);
}

static int ckey_cmp(const void *a, const void *b)
{
    const pk_ckey *x = a, *y = b;
    if (x->site != y->site) return x->site < y->site ? -1 : 1;
    if (x->programme != y->programme) return x->programme < y->programme ? -1 : 1;
    return (x->period > y->period) - (x->period < y->period);
}

static int ckey_find(const problem *P, pk_ckey key)
{
    const pk_ckey *k = bsearch(&key, P->ckeys, (size_t)P->n_ckeys, sizeof key, ckey_cmp);
    return k ? (int)(k - P->ckeys) : -1;
}

/* The rows plans are compared on: every (site, programme[, period]) the
 * plan can use and every row of the previous plan in the scenario's
 * programmes, sorted, each unit pointing at its own. */
static praksis_error prep_changes(problem *P, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    if (!I->prev_path) {
        if (P->set.change_cost <= 0) return PRAKSIS_OK;
        pk_diag_set(diag, "scenario", 0, 0, "change_cost: expected a previous plan to compare with (previous.csv in the "
                    "instance, or --previous OUTDIR), found none");
        return PRAKSIS_ERR_INPUT;
    }
    int per = I->prev_has_period;
    pk_ckey *k = malloc(((size_t)P->n_units + (size_t)I->n_prev + 1) * sizeof *k);
    P->unit_ckey = malloc(((size_t)P->n_units + 1) * sizeof *P->unit_ckey);
    if (!k || !P->unit_ckey) {
        free(k);
        return PRAKSIS_ERR_NOMEM;
    }
    int n = 0;
    for (int u = 0; u < P->n_units; u++)
        k[n++] = (pk_ckey){P->units[u].site, P->units[u].programme, per ? P->units[u].period : -1, 0, 0};
    for (int i = 0; i < I->n_prev; i++) {
        const prevrow *pr = &I->prev[i];
        if (programme_included(P, pr->programme))
            k[n++] = (pk_ckey){pr->site, pr->programme, pr->period, pr->students, pr->line};
    }
    qsort(k, (size_t)n, sizeof *k, ckey_cmp);
    int m = 0; /* merge equal keys: a previous row carries its students and line */
    for (int i = 0; i < n; i++) {
        if (m > 0 && ckey_cmp(&k[m - 1], &k[i]) == 0) {
            k[m - 1].prev += k[i].prev;
            if (k[i].line) k[m - 1].line = k[i].line;
            continue;
        }
        k[m++] = k[i];
    }
    P->ckeys = k;
    P->n_ckeys = m;
    for (int i = 0; i < m; i++) P->prev_students += k[i].prev;
    for (int u = 0; u < P->n_units; u++)
        P->unit_ckey[u] = ckey_find(P, (pk_ckey){P->units[u].site, P->units[u].programme, per ? P->units[u].period : -1, 0, 0});
    return PRAKSIS_OK;
}

praksis_error pk_agreements_prepare(problem *P, praksis_diag *diag)
{
    praksis_error rc = prep_fixed(P, diag);
    if (!rc) rc = prep_mins(P);
    if (!rc) rc = prep_changes(P, diag);
    if (!rc) rc = pk_conflicts_count(P, diag);
    if (rc == PRAKSIS_ERR_NOMEM) pk_diag_set(diag, P->inst->dir, 0, 0, "out of memory while preparing the agreements");
    return rc;
}
