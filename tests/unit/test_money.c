/*
 * test_money.c - money to the øre (plan_money.c), worked out by hand: rows
 * whose exact costs have fractions of an øre add up to the rounded total,
 * the leftover øre go to the largest remainders (ties to the earlier row),
 * and no row is more than one øre from its exact cost; cost.total is the
 * sum of the rounded elements.
 */
#include "check.h"
#include "plan.h"

#include <stdlib.h>
#include <string.h>

/* A problem with n pairs of the given costs per student (kr); only what
 * pk_plan_row_costs reads is set. */
static problem *fake(int n, const double *travel, const double *supervision)
{
    /* one cohort, each pair at a site of its own: assignments.csv's rows
     * are then the pairs, in pair order */
    problem *P = calloc(1, sizeof *P);
    praksis_instance *I = calloc(1, sizeof *I);
    P->inst = I;
    I->n_sites = n;
    P->pairs = calloc((size_t)n, sizeof *P->pairs);
    P->n_pairs = n;
    P->n_coh = 1;
    P->coh_first = calloc(2, sizeof *P->coh_first);
    P->coh_first[1] = n;
    for (int i = 0; i < n; i++) {
        P->pairs[i].site = i;
        P->pairs[i].travel = travel[i];
        P->pairs[i].supervision = supervision[i];
    }
    return P;
}

static void fake_free(problem *P)
{
    free((void *)P->inst);
    free(P->coh_first);
    free(P->pairs);
    free(P);
}

/* The figures' travel and supervision as plan.c adds them: in pair order. */
static praksis_figures sums(const problem *P, const long *x)
{
    praksis_figures f;
    memset(&f, 0, sizeof f);
    for (long i = 0; i < P->n_pairs; i++) {
        f.cost_travel += (double)x[i] * P->pairs[i].travel;
        f.cost_supervision += (double)x[i] * P->pairs[i].supervision;
    }
    return f;
}

int main(void)
{
    /* three rows of a third of a krone: 33.33 øre each, 100 øre in all;
     * equal remainders, so the earliest row takes the leftover øre */
    double third[] = {1.0 / 3, 1.0 / 3, 1.0 / 3}, zero[] = {0, 0, 0};
    long one[] = {1, 1, 1};
    problem *P = fake(3, third, zero);
    praksis_figures f = sums(P, one);
    pk_row_cost *r;
    long n;
    CHECK(pk_plan_row_costs(P, one, &f, &r, &n) == 0 && n == 3, "three placed pairs, three rows");
    CHECK(r[0].travel == 34 && r[1].travel == 33 && r[2].travel == 33, "1/3 kr x 3: 34 + 33 + 33 øre = 1 kr (found %lld, %lld, %lld)",
          r[0].travel, r[1].travel, r[2].travel);
    CHECK(r[0].supervision == 0 && r[2].supervision == 0, "no supervision cost, none shared out");
    free(r);
    fake_free(P);

    /* unplaced pairs are no rows; the largest remainder wins over order:
     * exact costs 1.004, 2.006, 0.502 kr (rows 100.4, 200.6, 50.2 øre), total
     * 351.2 -> 351 øre: round down to 100 + 200 + 50 = 350, one øre left for
     * the row with .6 */
    double t2[] = {1.004, 99, 2.006, 0.502}, s2[] = {2.5, 7, 2.5, 2.5};
    long x2[] = {1, 0, 1, 1};
    P = fake(4, t2, s2);
    f = sums(P, x2);
    CHECK(pk_plan_row_costs(P, x2, &f, &r, &n) == 0 && n == 3, "a pair with no students is no row");
    CHECK(r[0].a.site == 0 && r[1].a.site == 2 && r[2].a.site == 3, "rows in pair order");
    CHECK(r[0].travel == 100 && r[1].travel == 201 && r[2].travel == 50,
          "100.4, 200.6, 50.2 øre -> 100, 201, 50 (found %lld, %lld, %lld)", r[0].travel, r[1].travel, r[2].travel);
    CHECK(r[0].supervision + r[1].supervision + r[2].supervision == 750, "supervision 3 x 2.50 kr = 750 øre");
    pk_money m = pk_plan_money(&f);
    CHECK(m.travel == 351 && m.supervision == 750, "element totals rounded once: 351 and 750 øre");
    free(r);
    fake_free(P);

    /* many rows of fractional weeks: each row within one øre of its exact
     * cost, the rows' sum the rounded total exactly */
    enum { N = 1000 };
    double t3[N], s3[N];
    long x3[N];
    for (int i = 0; i < N; i++) {
        t3[i] = 1500 * (2.90625 + i % 7 / 3.0);
        s3[i] = 500 * (6.666667 + i % 5 * 0.1);
        x3[i] = 1 + i % 9;
    }
    P = fake(N, t3, s3);
    f = sums(P, x3);
    m = pk_plan_money(&f);
    CHECK(pk_plan_row_costs(P, x3, &f, &r, &n) == 0 && n == N, "1,000 rows");
    long long st = 0, ss = 0;
    int near = 1;
    for (long i = 0; i < n; i++) {
        st += r[i].travel;
        ss += r[i].supervision;
        double et = (double)x3[i] * t3[i] * 100, es = (double)x3[i] * s3[i] * 100;
        near &= fabs((double)r[i].travel - et) < 1 + 1e-6 && fabs((double)r[i].supervision - es) < 1 + 1e-6;
    }
    CHECK(st == m.travel && ss == m.supervision, "the rows add up to the rounded totals (%lld = %lld, %lld = %lld)", st,
          m.travel, ss, m.supervision);
    CHECK(near, "every row within one øre of its exact cost");
    free(r);
    fake_free(P);

    /* the total is the sum of the rounded elements, not the rounded sum */
    praksis_figures g;
    memset(&g, 0, sizeof g);
    g.cost_travel = 0.004;
    g.cost_supervision = 0.004;
    g.cost_fixed = 0.004;
    m = pk_plan_money(&g);
    CHECK(m.total == m.travel + m.supervision + m.fixed && m.total == 0, "0.4 + 0.4 + 0.4 øre: 0 + 0 + 0 = 0, not 1");
    CHECK_DONE();
}
