/* Unit tests of the explanations' hooks and of their answers on
 * instances/tiny (run from the repository root), whose optimum is worked
 * out by hand in instances/tiny/README.md: a floor on a site's students is
 * a row of the model and a rule of the re-check, a solve starts from a
 * valid plan it is given, a plan carried to a problem with one place fewer
 * is cut back to a valid one, and the values a re-solve finds for tiny's
 * hospital row are the ones the hand-worked optimum gives. */
#include "check.h"
#include "explain.h"
#include "model.h"

#include <stdlib.h>
#include <string.h>

static int find_site(const praksis_instance *I, const char *id)
{
    for (int j = 0; j < I->n_sites; j++)
        if (!strcmp(I->sites[j].id, id)) return j;
    return -1;
}

/* The floor: model row 'f', the re-check, and the solve that needs a start. */
static void floor_on_site(const praksis_instance *I, const praksis_settings *s, const praksis_result *base)
{
    praksis_diag d = {0};
    problem *P;
    if (pk_problem_build(I, s, &P, &d) != PRAKSIS_OK) return;
    int m3 = find_site(I, "M3");
    P->force_site = m3;
    P->force_min = 1;
    const model *M = pk_problem_model(P);
    int rows = 0;
    for (int i = 0; M && i < M->n_rows; i++) rows += M->rtag[i] == 'f';
    CHECK(rows == 1, "a floor on M3 is one model row tagged f (got %d)", rows);
    long *x = calloc((size_t)P->n_pairs + 1, sizeof *x);
    CHECK(pk_plan_check(P, x, &d) == PRAKSIS_ERR_INTERNAL && strstr(d.message, "fewer than the 1 it must take"),
          "the re-check refuses a plan without a student at M3: %s", d.message);
    praksis_result *R = NULL;
    CHECK(pk_problem_solve_from(P, NULL, NULL, NULL, &R, &d) == PRAKSIS_ERR_USAGE,
          "a solve with a floor and no valid start plan is refused");
    /* one student of the spring nursing cohort at M3 (its only pair), in a plan of nothing else,
       is a valid start; the optimum under the floor is then tiny's own (it uses M3) */
    memset(x, 0, (size_t)P->n_pairs * sizeof *x);
    for (long i = 0; i < P->n_pairs; i++)
        if (P->pairs[i].site == m3) x[i] = 1;
    praksis_error rc = pk_problem_solve_from(P, x, NULL, NULL, &R, &d);
    CHECK(rc == PRAKSIS_OK, "a solve from a plan with a student at M3 runs: %s", rc ? d.message : "");
    if (rc == PRAKSIS_OK) {
        CHECK(R->plan.site_students[m3] >= 1, "its plan keeps a student at M3");
        CHECK(R->plan.fig.unplaced_weeks == base->plan.fig.unplaced_weeks &&
                  R->plan.fig.cost_total == base->plan.fig.cost_total,
              "and reaches tiny's optimum, which uses M3 anyway (%g weeks, %g kr)", R->plan.fig.unplaced_weeks,
              R->plan.fig.cost_total);
    }
    praksis_result_free(R);
    free(x);
    pk_problem_free(P);
}

int main(void)
{
    praksis_instance *I;
    praksis_diag d = {0};
    praksis_settings s;
    praksis_settings_init(&s);
    if (praksis_instance_load("instances/tiny", NULL, NULL, &I, &d) != PRAKSIS_OK ||
        praksis_settings_merge_file(&s, "instances/tiny/scenario.json", &d) != PRAKSIS_OK) {
        printf("not ok - load instances/tiny: %s\n", d.message);
        return 1;
    }
    praksis_result *R = NULL;
    CHECK(praksis_solve(I, &s, NULL, NULL, &R, &d) == PRAKSIS_OK, "solve tiny");
    if (!R) return 1;
    CHECK(R->plan.fig.unplaced_weeks == 5 && R->plan.fig.cost_total == 59900, "tiny's optimum: 5 weeks unplaced, 59 900 kr");

    /* one fewer place in the hospital's FYS spring row (line 5): the plan carried over keeps its levels
       but for the student the row no longer holds */
    praksis_instance copy = *I;
    caprow *cap = malloc((size_t)I->n_cap * sizeof *cap);
    memcpy(cap, I->cap, (size_t)I->n_cap * sizeof *cap);
    copy.cap = cap;
    int row = -1;
    for (int r = 0; r < I->n_cap; r++)
        if (I->cap[r].line == 5) row = r;
    cap[row].places--;
    problem *V;
    CHECK(pk_problem_build(&copy, &s, &V, &d) == PRAKSIS_OK, "a copy of tiny with line 5 one place lower");
    long *x = calloc((size_t)V->n_pairs + 1, sizeof *x);
    pk_plan_carry(R->P, R->x, V, x);
    praksis_error ok = pk_plan_check(V, x, &d);
    CHECK(ok == PRAKSIS_OK, "the plan carried over and cut back is valid%s%s", ok ? ": " : "", ok ? d.message : "");
    pk_plan p;
    pk_plan_init(&p, V);
    pk_plan_compute(&p, V, x);
    CHECK(p.fig.placed == R->plan.fig.placed - 1, "it places one student fewer (%ld)", p.fig.placed);
    pk_plan_free(&p);
    free(x);
    pk_problem_free(V);
    free(cap);

    floor_on_site(I, &s, R);

    /* the explanation: the hospital's FYS spring row is worth 5 unplaced weeks for 1 000 kr more, exactly */
    praksis_explain_options o;
    praksis_explain_options_init(&o);
    o.threads = 1;
    praksis_explain *e = NULL;
    CHECK(praksis_explain_compute(R, &o, &e, &d) == PRAKSIS_OK, "explain tiny");
    if (e) {
        CHECK(praksis_explain_row_count(e) == I->n_cap, "one value per capacity row");
        praksis_place_value v;
        praksis_explain_row(e, row, &v);
        CHECK(v.plus.method == PRAKSIS_METHOD_EXACT && v.plus.unplaced_weeks == -5 && v.plus.cost == 1000,
              "one more FYS place at the hospital in spring: -5 weeks, +1 000 kr, exact (got %g, %g, %s)",
              v.plus.unplaced_weeks, v.plus.cost, praksis_method_string(v.plus.method));
        CHECK(praksis_explain_ranked_row(e, 0) == row, "and it is the row worth most");
        praksis_unplaced_option u;
        praksis_explain_unplaced(e, 0, &u);
        CHECK(!strcmp(u.cohort, "FYS-SPR") && !strcmp(u.site, "H1") && u.places_needed == 1,
              "the unplaced FYS student's cheapest option: one more place at H1 (got %s at %s, %ld)", u.cohort,
              u.site ? u.site : "-", u.places_needed);
    }
    praksis_explain_free(e);
    praksis_result_free(R);
    praksis_instance_free(I);
    praksis_settings_clear(&s);
    praksis_thread_cleanup();
    CHECK_DONE();
}
