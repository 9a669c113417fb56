/*
 * result.c - a plan as the public praksis_result: its making, its figures
 * (from plan.c) and the accessors.
 */
#define _POSIX_C_SOURCE 200809L
#include "result.h"

#include <stdlib.h>
#include <string.h>

praksis_result *pk_result_new(problem *P, int owns_problem)
{
    praksis_result *R = calloc(1, sizeof *R);
    if (!R) return NULL;
    R->P = P;
    R->x = calloc((size_t)P->n_pairs + 1, sizeof *R->x);
    if (!R->x || pk_plan_init(&R->plan, P)) {
        pk_plan_free(&R->plan);
        free(R->x);
        free(R);
        return NULL;
    }
    R->owns_problem = owns_problem;
    pk_plan_compute(&R->plan, P, R->x);
    return R;
}

praksis_error pk_result_update(praksis_result *R, praksis_diag *diag)
{
    praksis_error rc = pk_plan_check(R->P, R->x, diag);
    if (rc == PRAKSIS_OK) pk_plan_compute(&R->plan, R->P, R->x);
    return rc;
}

void praksis_result_free(praksis_result *r)
{
    if (!r) return;
    if (r->owns_problem) pk_problem_free(r->P);
    free(r->x);
    pk_plan_free(&r->plan);
    free(r);
}

void praksis_result_figures(const praksis_result *r, praksis_figures *out) { *out = r->plan.fig; }

void praksis_result_info(const praksis_result *r, praksis_solve_info *out) { *out = r->info; }

int praksis_result_share_count(const praksis_result *r) { return r->P->n_ipgs; }

void praksis_result_share(const praksis_result *r, int i, praksis_share *out)
{
    const problem *P = r->P;
    const ipgroup *G = &P->ipgs[i];
    out->institution = P->inst->institutions[G->inst];
    out->programme = P->inst->programmes[G->programme].id;
    out->target_share = P->share[G->programme];
    out->student_weeks = G->demand_weeks;
    out->municipal_weeks = r->plan.ipg_municipal[i];
    out->share = r->plan.ipg_share[i];
    out->deficit_weeks = r->plan.ipg_deficit[i];
}

int praksis_result_site_count(const praksis_result *r) { return r->P->inst->n_sites; }

void praksis_result_site(const praksis_result *r, int i, praksis_site_use *out)
{
    const site *s = &r->P->inst->sites[i];
    memset(out, 0, sizeof *out);
    out->id = s->id;
    out->name = s->name;
    out->hospital = s->kind == SITE_HOSPITAL;
    out->students = r->plan.site_students[i];
    out->relocated_students = r->plan.site_relocated[i];
    out->student_weeks = r->plan.site_weeks[i];
}
