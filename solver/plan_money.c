/*
 * plan_money.c - a plan's money in whole øre, as every output writes it.
 *
 * The figures (plan.c) add up kroner in floating point; the files show
 * øre.  Rounding each row of assignments.csv on its own lets the rows add
 * up to something else than the total summary.json shows (861,750.03
 * against 861,750 with fractional weeks), which a planner checking the
 * sum in a spreadsheet reads as an error.  So each element's total is
 * rounded once, and the rows share it out by the largest-remainder
 * method: every row rounded down, and the øre left over given one each to
 * the rows with the largest remainders (ties to the earlier row).  A row
 * is then never more than one øre from its own exact cost, and the rows
 * add up exactly to the total.
 */
#define _POSIX_C_SOURCE 200809L
#include "plan.h"

#include <math.h>
#include <stdlib.h>

pk_money pk_plan_money(const praksis_figures *f)
{
    pk_money m;
    m.travel = llround(f->cost_travel * 100);
    m.supervision = llround(f->cost_supervision * 100);
    m.fixed = llround(f->cost_fixed * 100);
    m.total = m.travel + m.supervision + m.fixed; /* the elements add up to the total as written */
    return m;
}

typedef struct rem {
    double frac; /* what rounding down left, to a millionth of an øre */
    long i;
} rem;

static int by_remainder(const void *a, const void *b)
{
    const rem *x = a, *y = b;
    if (x->frac != y->frac) return x->frac < y->frac ? 1 : -1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* out[i]: v[i] øre rounded so that the out add up to total.  0, or -1
 * out of memory. */
static int largest_remainder(const double *v, long n, long long total, long long *out)
{
    rem *r = malloc((size_t)(n ? n : 1) * sizeof *r);
    if (!r) return -1;
    long long left = total;
    for (long i = 0; i < n; i++) {
        double down = floor(v[i]);
        out[i] = (long long)down;
        left -= out[i];
        /* a millionth of an øre is far below the sums' noise: equal
         * remainders then go by row order, not by the noise */
        r[i] = (rem){round((v[i] - down) * 1e6) / 1e6, i};
    }
    qsort(r, (size_t)n, sizeof *r, by_remainder);
    /* left is 0..n when total is the rounded sum of v; the loops also
     * keep the sum right should it be outside, one øre per row and pass */
    for (long k = 0; left > 0 && n > 0; k = (k + 1) % n, left--) out[r[k].i]++;
    for (long k = n - 1; left < 0 && n > 0; k = (k + n - 1) % n, left++) out[r[k].i]--;
    free(r);
    return 0;
}

int pk_plan_row_costs(const problem *P, const long *x, const praksis_figures *f, pk_row_cost **out, long *n_out)
{
    pk_arow *a;
    long n;
    *out = NULL;
    *n_out = 0;
    if (pk_plan_rows(P, x, &a, &n)) return -1;
    size_t sz = (size_t)(n ? n : 1);
    double *t = malloc(sz * sizeof *t), *s = malloc(sz * sizeof *s);
    long long *to = malloc(sz * sizeof *to), *so = malloc(sz * sizeof *so);
    pk_row_cost *rows = malloc(sz * sizeof *rows);
    int rc = -1;
    if (t && s && to && so && rows) {
        for (long k = 0; k < n; k++) {
            t[k] = a[k].travel * 100;
            s[k] = a[k].supervision * 100;
            rows[k].a = a[k];
        }
        pk_money m = pk_plan_money(f);
        if (!largest_remainder(t, n, m.travel, to) && !largest_remainder(s, n, m.supervision, so)) {
            for (long k = 0; k < n; k++) {
                rows[k].travel = to[k];
                rows[k].supervision = so[k];
            }
            *out = rows;
            *n_out = n;
            rows = NULL;
            rc = 0;
        }
    }
    free(a);
    free(t);
    free(s);
    free(to);
    free(so);
    free(rows);
    return rc;
}
