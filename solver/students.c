/*
 * students.c - students as people: the classes of a cohort (students who
 * share a home municipality and whether they may relocate), the distance
 * from a home, and which listed student takes which of a class's places.
 *
 * The model places classes, not people (README, "The model in words"): a
 * cohort without listed students is one class, so an instance without
 * students.csv gets exactly the model it had before.  Who of a class goes
 * where is decided afterwards by one fixed rule, so the same plan always
 * names the same students.
 */
#define _POSIX_C_SOURCE 200809L
#include "csvread.h"
#include "problem.h"
#include "strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A listed student's sort key: cohort, then class (the campus before any
 * home, may-relocate before cannot), then id. */
typedef struct skey {
    int cohort, home, stays;
    const char *id;
    int idx;
} skey;

static int skey_cmp(const void *a, const void *b)
{
    const skey *x = a, *y = b;
    if (x->cohort != y->cohort) return x->cohort < y->cohort ? -1 : 1;
    if (x->home != y->home) return x->home < y->home ? -1 : 1;
    if (x->stays != y->stays) return x->stays < y->stays ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int same_class(const skey *a, const skey *b)
{
    return a->cohort == b->cohort && a->home == b->home && a->stays == b->stays;
}

void pk_classes_free(problem *P)
{
    free(P->cls);
    free(P->coh_cls);
    free(P->listed);
    P->cls = NULL;
    P->coh_cls = NULL;
    P->listed = NULL;
}

/* The classes of included cohort k from its listed students keys[a..b). */
static void cohort_classes(problem *P, int k, const skey *keys, long a, long b)
{
    long unlisted = P->students[k] - (b - a);
    /* the class at the campus that may relocate: the unlisted students and
     * the listed ones who are like them; always there for a cohort without
     * other classes, so that such a cohort keeps its one column set */
    long n_default = 0;
    while (a + n_default < b && keys[a + n_default].home < 0 && !keys[a + n_default].stays) n_default++;
    if (unlisted + n_default > 0 || n_default == b - a) {
        P->cls[P->n_cls++] = (klass){k, -1, 1, unlisted + n_default, P->n_listed, n_default};
        for (long i = 0; i < n_default; i++) P->listed[P->n_listed++] = keys[a + i].idx;
    }
    for (long i = a + n_default; i < b;) {
        long e = i + 1;
        while (e < b && same_class(&keys[i], &keys[e])) e++;
        P->cls[P->n_cls++] = (klass){k, keys[i].home, !keys[i].stays, e - i, P->n_listed, e - i};
        for (long t = i; t < e; t++) P->listed[P->n_listed++] = keys[t].idx;
        i = e;
    }
}

int pk_classes_build(problem *P)
{
    const praksis_instance *I = P->inst;
    size_t ns = (size_t)I->n_students;
    skey *keys = malloc((ns ? ns : 1) * sizeof *keys);
    P->cls = malloc(((size_t)P->n_coh + ns + 1) * sizeof *P->cls);
    P->coh_cls = malloc(((size_t)P->n_coh + 1) * sizeof *P->coh_cls);
    P->listed = malloc((ns ? ns : 1) * sizeof *P->listed);
    if (!keys || !P->cls || !P->coh_cls || !P->listed) {
        free(keys);
        return -1;
    }
    for (size_t i = 0; i < ns; i++) {
        const student *st = &I->students[i];
        keys[i] = (skey){st->cohort, st->home, !st->relocate, st->id, (int)i};
    }
    qsort(keys, ns, sizeof *keys, skey_cmp);
    long at = 0;
    for (int k = 0; k < P->n_coh; k++) {
        int c = P->coh[k]; /* included cohorts come in cohorts.csv order, as the keys */
        while (at < (long)ns && keys[at].cohort < c) at++;
        long end = at;
        while (end < (long)ns && keys[end].cohort == c) end++;
        P->coh_cls[k] = P->n_cls;
        cohort_classes(P, k, keys, at, end);
        at = end;
    }
    P->coh_cls[P->n_coh] = P->n_cls;
    free(keys);
    return 0;
}

double pk_home_km(const problem *P, int home, int j)
{
    if (home == j) return 0;
    const site *h = &P->inst->sites[home], *s = &P->inst->sites[j];
    return pk_geo_km(h->lat, h->lon, s->lat, s->lon) * P->set.road_factor;
}

const char *pk_class_label(const problem *P, int c, char *buf, size_t n)
{
    const praksis_instance *I = P->inst;
    const klass *K = &P->cls[c];
    const char *coh = I->cohorts[P->coh[K->coh]].id;
    if (K->home < 0 && K->relocate)
        snprintf(buf, n, "%s", coh);
    else
        snprintf(buf, n, "%s~%s%s", coh, K->home >= 0 ? I->sites[K->home].id : "campus", K->relocate ? "" : "~stays");
    return buf;
}

void pk_students_pairs(const problem *P, const long *x, long *pair_of)
{
    for (int i = 0; i < P->inst->n_students; i++) pair_of[i] = -2;
    for (int c = 0; c < P->n_cls; c++) {
        const klass *K = &P->cls[c];
        const long end = P->cls_first[c + 1];
        /* students agreed at a site first; the others fill what is left */
        for (long t = 0; t < K->n_listed && P->stu_fix; t++) {
            int s = P->listed[K->first_listed + t];
            if (P->stu_fix[s] >= 0) pair_of[s] = P->stu_fix[s];
        }
        long i = P->cls_first[c], taken = P->stu_lb ? P->stu_lb[i] : 0; /* students of pair i already named */
        for (long t = 0; t < K->n_listed; t++) {
            int s = P->listed[K->first_listed + t];
            if (P->stu_fix && P->stu_fix[s] >= 0) continue;
            while (i < end && taken >= x[i]) {
                i++;
                taken = i < end && P->stu_lb ? P->stu_lb[i] : 0;
            }
            pair_of[s] = i < end ? i : -1;
            taken++;
        }
    }
}

long pk_class_pair(const problem *P, int c, int j)
{
    long lo = P->cls_first[c], hi = P->cls_first[c + 1];
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (P->pairs[mid].site < j)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < P->cls_first[c + 1] && P->pairs[lo].site == j ? lo : -1;
}

/* The first pair of included cohort k at site j, or -1. */
static long cohort_pair(const problem *P, int k, int j)
{
    for (int c = P->coh_cls[k]; c < P->coh_cls[k + 1]; c++) {
        long i = pk_class_pair(P, c, j);
        if (i >= 0) return i;
    }
    return -1;
}

long pk_students_split(const problem *P, long *x, const int *site_of)
{
    const praksis_instance *I = P->inst;
    for (int c = 0; c < P->n_cls; c++) {
        const klass *K = &P->cls[c];
        for (long t = 0; t < K->n_listed; t++) {
            int i = P->listed[K->first_listed + t], j = site_of[i];
            if (j == -2) return i;
            if (j < 0) continue;
            long to = pk_class_pair(P, c, j), from = cohort_pair(P, K->coh, j);
            if (to < 0 || from < 0 || x[from] < 1) return i;
            x[from]--;
            x[to]++;
        }
    }
    long *pair_of = malloc(((size_t)I->n_students + 1) * sizeof *pair_of);
    if (!pair_of) return -2;
    pk_students_pairs(P, x, pair_of);
    long bad = -1;
    for (int i = 0; i < I->n_students && bad < 0; i++) {
        int want = pair_of[i] >= 0 ? P->pairs[pair_of[i]].site : (int)pair_of[i];
        if (want != site_of[i]) bad = i;
    }
    free(pair_of);
    return bad;
}

/* student_plan.csv's site of each student (site_of, per inst->students
 * index; -2 for students the file does not name).  Errors name the file's
 * cell. */
static praksis_error student_sites(const problem *P, const pk_csv_table *t, int *site_of, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    int cs = pk_csv_column(t, "student"), cj = pk_csv_column(t, "site");
    if (cs < 0 || cj < 0) {
        pk_diag_set(diag, t->path, t->header_line, 0, "expected the columns student and site, found none");
        return PRAKSIS_ERR_INPUT;
    }
    strmap ids = {0}, sites = {0};
    praksis_error rc = PRAKSIS_OK;
    for (int i = 0; i < I->n_students && !rc; i++)
        if (pk_strmap_put(&ids, I->students[i].id, i)) rc = PRAKSIS_ERR_NOMEM;
    for (int j = 0; j < I->n_sites && !rc; j++)
        if (pk_strmap_put(&sites, I->sites[j].id, j)) rc = PRAKSIS_ERR_NOMEM;
    for (int i = 0; i < I->n_students; i++) site_of[i] = -2;
    for (long r = 0; r < t->n_rows && !rc; r++) {
        int i = pk_strmap_get(&ids, pk_csv_cell(t, r, cs));
        const char *sid = pk_csv_cell(t, r, cj);
        int j = sid[0] ? pk_strmap_get(&sites, sid) : -1;
        if (i < 0 || site_of[i] != -2 || (sid[0] && j < 0)) {
            pk_csv_cell_error(t, r, i < 0 || site_of[i] != -2 ? cs : cj, diag,
                              "expected each student of students.csv once, at a site of sites.csv, found \"%s\" at \"%s\"",
                              pk_csv_cell(t, r, cs), sid);
            rc = PRAKSIS_ERR_INPUT;
            break;
        }
        site_of[i] = j;
    }
    pk_strmap_free(&ids);
    pk_strmap_free(&sites);
    return rc;
}

praksis_error pk_students_read(const problem *P, const char *path, long *x, praksis_diag *diag)
{
    const praksis_instance *I = P->inst;
    pk_csv_table *t = NULL;
    praksis_error rc = pk_csv_read(path, &t, diag);
    if (rc) return rc;
    int *site_of = malloc(((size_t)I->n_students + 1) * sizeof *site_of);
    if (!site_of) rc = PRAKSIS_ERR_NOMEM;
    if (!rc && !(rc = student_sites(P, t, site_of, diag))) {
        long bad = pk_students_split(P, x, site_of);
        if (bad == -2) rc = PRAKSIS_ERR_NOMEM;
        if (bad >= 0) {
            pk_diag_set(diag, path, 0, 0, "student %s: expected the site the plan gives it (students in id order take "
                        "their class's places in site order, after assignments.csv), found another",
                        I->students[bad].id);
            rc = PRAKSIS_ERR_INPUT;
        }
    }
    free(site_of);
    pk_csv_table_free(t);
    return rc;
}
