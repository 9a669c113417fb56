/* Unit tests of validate.c, model.c, plan.c and check.c on instances/tiny (run
 * from the repository root): derived data, the model's exact rules, and
 * that the plan checker catches a broken plan. */
#include "check.h"
#include "model.h"
#include "result.h"

#include <stdlib.h>
#include <string.h>

static int find_site(const praksis_instance *I, const char *id)
{
    for (int j = 0; j < I->n_sites; j++)
        if (!strcmp(I->sites[j].id, id)) return j;
    return -1;
}

int main(void)
{
    praksis_instance *I;
    praksis_diag d;
    praksis_settings s;
    praksis_settings_init(&s);
    if (praksis_instance_load("instances/tiny", NULL, NULL, &I, &d) != PRAKSIS_OK ||
        praksis_settings_merge_file(&s, "instances/tiny/scenario.json", &d) != PRAKSIS_OK) {
        printf("not ok - load instances/tiny: %s\n", d.message);
        return 1;
    }
    /* Oslo - Bergen is about 305 km as the crow flies */
    double km = pk_geo_km(59.9139, 10.7522, 60.3913, 5.3221);
    CHECK(km > 300 && km < 310, "haversine Oslo-Bergen %.1f km", km);
    CHECK(pk_geo_km(60, 10, 60, 10) == 0, "zero distance");

    problem *P;
    CHECK(pk_problem_build(I, &s, &P, &d) == PRAKSIS_OK, "pk_problem_build");
    CHECK(P->n_coh == 4 && P->n_pairs == 12, "4 cohorts, 12 candidate pairs (got %d, %ld)", P->n_coh, P->n_pairs);
    int m3 = find_site(I, "M3"), m4 = find_site(I, "M4");
    long reloc = 0;
    for (long i = 0; i < P->n_pairs; i++) {
        reloc += P->pairs[i].relocated;
        if (P->pairs[i].site == m3) CHECK(P->pairs[i].km == 52 && !P->pairs[i].relocated, "distances.csv overrides M3: 52 km, not relocated");
        if (P->pairs[i].site == m4) CHECK(P->pairs[i].relocated, "M4 (111 km x 1.3) is relocated");
    }
    CHECK(reloc == 4, "4 relocated pairs (got %ld)", reloc);
    CHECK(P->n_ipgs == 2, "two (institution, programme) groups");
    pk_problem_free(P);

    /* scales: places floor(v*f + 1e-9), students floor(v*f + 0.5 + 1e-9) */
    praksis_settings_set(&s, "capacity_scale", "0.29", &d);
    praksis_settings_set(&s, "demand_scale", "1.25", &d);
    CHECK(pk_problem_build(I, &s, &P, &d) == PRAKSIS_OK, "pk_problem_build with scales");
    CHECK(P->places[0] == 2, "10 places x 0.29 = 2 (got %ld)", P->places[0]);
    CHECK(P->students[0] == 10 && P->students[1] == 3 && P->students[3] == 4,
          "8 x 1.25 = 10, 2 x 1.25 = 2.5 -> 3, 3 x 1.25 = 3.75 -> 4 (got %ld %ld %ld)", P->students[0], P->students[1],
          P->students[3]);
    pk_problem_free(P);
    praksis_settings_set(&s, "capacity_scale", "1", &d);
    praksis_settings_set(&s, "demand_scale", "1", &d);

    praksis_settings_set(&s, "programmes", "FYS", &d);
    CHECK(pk_problem_build(I, &s, &P, &d) == PRAKSIS_OK && P->n_coh == 2 && P->total_students == 5,
          "programme filter keeps FYS's 2 cohorts, 5 students");
    pk_problem_free(P);
    praksis_settings_set(&s, "programmes", "all", &d);

    CHECK(pk_problem_build(I, &s, &P, &d) == PRAKSIS_OK, "pk_problem_build again");
    model M;
    CHECK(pk_model_build(P, &M) == PRAKSIS_OK, "pk_model_build");
    CHECK(pk_model_obj_quantum(&M, 1) == 1, "level-1 step: gcd of 8 and 5 weeks is 1 (got %g)", pk_model_obj_quantum(&M, 1));
    CHECK(pk_model_obj_quantum(&M, 3) == 100, "level-3 step: gcd of 1600, 4000, 16000, 1000, 2500, 10000, 3000, 1200 kr is 100 (got %g)",
          pk_model_obj_quantum(&M, 3));
    CHECK(pk_model_obj_quantum(&M, 2) == 0, "level 2 (continuous deficit) has no step");
    int ny = 0, nz = 0, nv = 0;
    for (int j = 0; j < M.n_cols; j++) {
        ny += M.ckind[j] == CK_Y;
        nz += M.ckind[j] == CK_Z;
        nv += M.ckind[j] == CK_V;
    }
    CHECK(ny == 3, "a y per coordinator group with a fixed cost (got %d)", ny);
    CHECK(nz == 2, "a z per (site, period) with relocated pairs (got %d)", nz);
    CHECK(nv == 2, "supervisor integers only where a '*' row limits a ratio-2 programme: SYK at M4 in both periods (got %d)", nv);
    int rows, cols, ints;
    long nzs;
    pk_model_count(P, &rows, &cols, &ints, &nzs);
    CHECK(rows == M.n_rows && cols == M.n_cols && nzs == M.n_nz, "pk_model_count agrees with pk_model_build");

    /* the checker and the figures: the empty plan passes, broken plans fail */
    praksis_result *R = pk_result_new(P, 0);
    CHECK(R != NULL, "pk_result_new");
    const praksis_figures *F = &R->plan.fig;
    CHECK(pk_result_update(R, &d) == PRAKSIS_OK && F->unplaced_weeks == 105 && F->cost_total == 0,
          "everyone unplaced: 105 unplaced weeks, no cost");
    CHECK_NEAR(F->share_deficit_weeks, 55, 1e-9, "everyone unplaced: deficit = target 55 weeks");
    long i2 = -1;
    for (long i = 0; i < P->n_pairs; i++)
        if (P->pairs[i].site == m4 && P->pairs[i].coh == 0) i2 = i;
    R->x[i2] = 1;
    CHECK(pk_result_update(R, &d) == PRAKSIS_ERR_INTERNAL && strstr(d.message, "fewer than 2"),
          "a lone relocated student is caught: %s", d.message);
    R->x[i2] = 2;
    CHECK(pk_result_update(R, &d) == PRAKSIS_OK && F->relocated_students == 2 && F->cost_fixed == 1200,
          "two relocated at M4: allowed, its group's coordinator cost 1200 paid");
    CHECK(R->plan.unplaced[0] == P->students[0] - 2, "the cohort's unplaced follow from its placements");
    /* more placed than the cohort has: every pair of cohort 0 at its bound */
    long *keep = calloc((size_t)P->n_pairs, sizeof *keep);
    memcpy(keep, R->x, (size_t)P->n_pairs * sizeof *keep);
    long sum = 0;
    for (long i = P->coh_first[0]; i < P->coh_first[1]; i++) sum += (R->x[i] = P->pairs[i].ub);
    CHECK(sum > P->students[0] && pk_plan_check(P, R->x, &d) == PRAKSIS_ERR_INTERNAL && strstr(d.message, "placed of"),
          "more placed than the cohort's students is caught: %s", d.message);
    memcpy(R->x, keep, (size_t)P->n_pairs * sizeof *keep);
    free(keep);
    /* M4 autumn: '*' row of 3 places and 2 supervisors shared by all programmes.
     * 1 nursing student (ratio 2) + 2 physiotherapy students (ratio 1) need
     * 1 + 2 = 3 supervisors: over the pool, though within the places. */
    long f2 = -1;
    for (long i = 0; i < P->n_pairs; i++)
        if (P->pairs[i].site == m4 && P->pairs[i].coh == 1) f2 = i;
    R->x[i2] = 1;
    R->x[f2] = 2;
    CHECK(pk_result_update(R, &d) == PRAKSIS_ERR_INTERNAL && strstr(d.message, "supervisors"),
          "a shared supervisor pool exceeded across programmes is caught: %s", d.message);
    R->x[i2] = 2;
    R->x[f2] = 1;
    CHECK(pk_result_update(R, &d) == PRAKSIS_OK && F->relocated_students == 3,
          "2 nursing + 1 physiotherapy at M4 need 1 + 1 supervisors: allowed");
    CHECK(R->plan.unit_supervisors[P->pairs[i2].unit] == 1 && R->plan.star_supervisors[P->pairs[i2].srow] == 2,
          "the plan's figures: 1 nursing supervisor for 2 students, 2 supervisors against the '*' row");
    praksis_result_free(R);
    pk_model_free(&M);
    pk_problem_free(P);
    praksis_settings_clear(&s);
    praksis_instance_free(I);
    CHECK_DONE();
}
