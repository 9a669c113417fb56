/*
 * sweep_read.c - a sweep read back from the sweep.json that
 * praksis_sweep_write wrote: every scenario's name, directory, layered
 * settings, state and outcome, so that sweep.html can be written again
 * (praksis report OUTDIR) exactly as after the sweep, and praksis_sweep_json
 * gives the same text back.  Errors name sweep.json's line and column.
 */
#define _POSIX_C_SOURCE 200809L
#include "csvread.h" /* pk_diag_escape */
#include "sweep.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define SWEEP_JSON_IS "the sweep.json that praksis sweep writes"

#define F(f) offsetof(praksis_figures, f)
static const pk_json_number row_figures[] = {
    {NULL, "unplaced_weeks", 'd', F(unplaced_weeks), 1},
    {NULL, "share_deficit_weeks", 'd', F(share_deficit_weeks), 1},
    {"cost", "travel", 'd', F(cost_travel), 1},
    {"cost", "supervision", 'd', F(cost_supervision), 1},
    {"cost", "fixed", 'd', F(cost_fixed), 1},
    {"cost", "total", 'd', F(cost_total), 1},
    {NULL, "students", 'l', F(students), 1},
    {NULL, "placed", 'l', F(placed), 1},
    {NULL, "unplaced", 'l', F(unplaced), 1},
    {NULL, "relocated_students", 'l', F(relocated_students), 1},
    {NULL, "relocated_weeks", 'd', F(relocated_weeks), 1},
    {NULL, "municipalities_used", 'i', F(municipalities_used), 1},
    {NULL, "groups_used", 'i', F(groups_used), 1},
    {NULL, "student_weeks", 'd', F(student_weeks), 1},
    {NULL, "municipal_weeks", 'd', F(municipal_weeks), 1},
    {NULL, "municipal_share_achieved", 'd', F(municipal_share), 1},
};
/* the changes against a previous plan, in "changes" when the instance has one */
static const pk_json_number row_changes[] = {
    {NULL, "students_added", 'l', F(students_added), 1},
    {NULL, "students_removed", 'l', F(students_removed), 1},
    {NULL, "kept_share", 'd', F(kept_share), 1},
    {NULL, "penalty", 'd', F(change_penalty), 1},
};
#undef F
#define V(f) offsetof(praksis_solve_info, f)
static const pk_json_number row_solver[] = {
    {"solver", "seconds", 'd', V(seconds), 1},
    {"solver", "nodes", 'l', V(nodes), 1},
    {"solver", "levels_proven", 'i', V(levels_proven), 1},
};
#undef V
#define H(f) offsetof(sshare, f)
static const pk_json_number share_numbers[] = {
    {NULL, "target_share", 'd', H(target_share), 1},   {NULL, "student_weeks", 'd', H(student_weeks), 1},
    {NULL, "municipal_weeks", 'd', H(municipal_weeks), 1}, {NULL, "share", 'd', H(share), 1},
    {NULL, "deficit_weeks", 'd', H(deficit_weeks), 1},
};
#undef H
#define N(a) (int)(sizeof a / sizeof a[0])

/* Member key of o as a string (empty allowed unless nonempty), copied to *out. */
static praksis_error string_of(const pk_json_doc *doc, const cJSON *o, const char *key, int nonempty, char **out,
                               praksis_diag *diag)
{
    const cJSON *v = pk_json_get(o, key);
    if (!v) return pk_json_error(doc, o, 0, diag, "expected a key \"%s\", as in " SWEEP_JSON_IS ", found none", key);
    if (!cJSON_IsString(v) || (nonempty && !v->valuestring[0]))
        return pk_json_error(doc, v, 0, diag, "%s: expected a%s string, found %s", key, nonempty ? " non-empty" : "",
                             cJSON_IsString(v) ? "an empty string" : pk_json_type(v));
    return (*out = strdup(v->valuestring)) ? PRAKSIS_OK : PRAKSIS_ERR_NOMEM;
}

/* The scenario's parameters: every key applied as a key of scenario.json. */
static praksis_error parameters(const pk_json_doc *doc, const cJSON *row, praksis_settings *s, praksis_diag *diag)
{
    const cJSON *par = pk_json_get(row, "parameters");
    if (!cJSON_IsObject(par))
        return pk_json_error(doc, par ? par : row, 0, diag, "parameters: expected an object of scenario keys, found %s",
                             par ? pk_json_type(par) : "none");
    for (const cJSON *k = par->child; k; k = k->next) {
        long line, col;
        pk_json_where(doc, k, 1, &line, &col);
        praksis_error rc = pk_settings_apply(s, k->string, k, doc->file, line, col, diag);
        if (rc) return rc;
    }
    return PRAKSIS_OK;
}

/* A failed scenario's error: what failed and where. */
static praksis_error error_of(const pk_json_doc *doc, const cJSON *row, scen *c, praksis_diag *diag)
{
    const cJSON *e = pk_json_get(row, "error");
    if (!cJSON_IsObject(e))
        return pk_json_error(doc, e ? e : row, 0, diag, "error: expected an object with kind, file and message, found %s",
                             e ? pk_json_type(e) : "none");
    const cJSON *kind = pk_json_get(e, "kind"), *file = pk_json_get(e, "file"), *msg = pk_json_get(e, "message");
    c->error = PRAKSIS_ERR_COUNT;
    for (int k = 1; k < PRAKSIS_ERR_COUNT && cJSON_IsString(kind); k++)
        if (!strcmp(kind->valuestring, praksis_error_string((praksis_error)k))) c->error = (praksis_error)k;
    if (c->error == PRAKSIS_ERR_COUNT)
        return pk_json_error(doc, kind ? kind : e, 0, diag, "error.kind: expected one of the engine's error texts, found %s",
                             kind ? pk_json_type(kind) : "none");
    if (!cJSON_IsString(file) || !cJSON_IsString(msg))
        return pk_json_error(doc, e, 0, diag, "error: expected the strings file and message, found %s",
                             pk_json_type(cJSON_IsString(file) ? msg : file));
    snprintf(c->diag.file, sizeof c->diag.file, "%s", file->valuestring);
    snprintf(c->diag.message, sizeof c->diag.message, "%s", msg->valuestring);
    return PRAKSIS_OK;
}

/* The municipal share per institution and programme. */
static praksis_error shares_of(const pk_json_doc *doc, const cJSON *row, scen *c, praksis_diag *diag)
{
    const cJSON *sh = pk_json_get(row, "shares");
    if (!cJSON_IsArray(sh))
        return pk_json_error(doc, sh ? sh : row, 0, diag, "shares: expected a list, found %s", sh ? pk_json_type(sh) : "none");
    int n = cJSON_GetArraySize(sh);
    if (!(c->shares = calloc(n > 0 ? (size_t)n : 1, sizeof *c->shares))) return PRAKSIS_ERR_NOMEM;
    for (const cJSON *e = sh->child; e; e = e->next) {
        sshare *x = &c->shares[c->n_shares++];
        praksis_error rc;
        if ((rc = string_of(doc, e, "institution", 0, &x->institution, diag)) ||
            (rc = string_of(doc, e, "programme", 0, &x->programme, diag)) ||
            (rc = pk_json_numbers(doc, e, share_numbers, N(share_numbers), x, SWEEP_JSON_IS, diag)))
            return rc;
    }
    return PRAKSIS_OK;
}

/* A solved scenario's figures and the solver's record. */
static praksis_error outcome(const pk_json_doc *doc, const cJSON *row, scen *c, praksis_diag *diag)
{
    praksis_error rc = pk_json_numbers(doc, row, row_figures, N(row_figures), &c->figures, SWEEP_JSON_IS, diag);
    if (!rc) rc = pk_json_numbers(doc, row, row_solver, N(row_solver), &c->info, SWEEP_JSON_IS, diag);
    const cJSON *ch = pk_json_get(row, "changes");
    if (!rc && cJSON_IsObject(ch)) {
        c->figures.has_previous = 1;
        rc = pk_json_numbers(doc, ch, row_changes, N(row_changes), &c->figures, SWEEP_JSON_IS, diag);
    }
    if (rc) return rc;
    const cJSON *gap = pk_json_get(pk_json_get(row, "solver"), "gap");
    c->info.gap = cJSON_IsNumber(gap) ? gap->valuedouble : -1;
    c->has_summary = 1;
    return shares_of(doc, row, c, diag);
}

static praksis_error read_row(praksis_sweep *sw, const cJSON *row, scen *c, praksis_diag *diag)
{
    const pk_json_doc *doc = &sw->doc;
    praksis_settings_init(&c->set);
    if (!cJSON_IsObject(row))
        return pk_json_error(doc, row, 0, diag, "expected a scenario object, as in " SWEEP_JSON_IS ", found %s",
                             pk_json_type(row));
    pk_json_where(doc, row, 0, &c->line, &c->col);
    static const char *const status[] = {"optimal", "feasible", "error", "not_run", "pending", NULL};
    static const char *const stop[] = {"none", "time_limit", "interrupted", NULL};
    int st, sb;
    praksis_error rc;
    if ((rc = string_of(doc, row, "name", 1, &c->name, diag)) || (rc = string_of(doc, row, "directory", 1, &c->dir, diag)) ||
        (rc = parameters(doc, row, &c->set, diag)) ||
        (rc = pk_json_choice(doc, row, "status", status, 1, 0, &st, SWEEP_JSON_IS, diag)) ||
        (rc = pk_json_choice(doc, row, "stopped_by", stop, 0, 0, &sb, SWEEP_JSON_IS, diag)))
        return rc;
    static const praksis_sweep_state state[] = {PRAKSIS_SWEEP_SOLVED, PRAKSIS_SWEEP_SOLVED, PRAKSIS_SWEEP_FAILED,
                                                PRAKSIS_SWEEP_SKIPPED, PRAKSIS_SWEEP_PENDING};
    c->state = state[st];
    c->info.status = st == 1 ? PRAKSIS_STATUS_FEASIBLE : PRAKSIS_STATUS_OPTIMAL;
    c->info.stop = sb == 1 ? PRAKSIS_STOP_TIME_LIMIT : sb == 2 ? PRAKSIS_STOP_INTERRUPTED : PRAKSIS_STOP_NONE;
    if (c->state == PRAKSIS_SWEEP_FAILED && (rc = error_of(doc, row, c, diag))) return rc;
    if (c->state == PRAKSIS_SWEEP_SOLVED || pk_json_get(row, "cost")) return outcome(doc, row, c, diag);
    return PRAKSIS_OK;
}

/* The sweep's own keys and its list of scenarios. */
static praksis_error read_sweep(praksis_sweep *sw, praksis_diag *diag)
{
    const pk_json_doc *doc = &sw->doc;
    const cJSON *root = doc->root;
    if (!cJSON_IsObject(root))
        return pk_json_error(doc, root, 0, diag, "expected " SWEEP_JSON_IS " (a JSON object), found %s", pk_json_type(root));
    static const char *const kind[] = {"scenarios", "grid", NULL};
    praksis_error rc;
    if ((rc = string_of(doc, root, "sweep", 0, &sw->file, diag)) ||
        (rc = string_of(doc, root, "instance", 0, &sw->instance, diag)) ||
        (rc = pk_json_choice(doc, root, "kind", kind, 1, 0, &sw->is_grid, SWEEP_JSON_IS, diag)))
        return rc;
    if (pk_json_get(root, "description") && (rc = string_of(doc, root, "description", 0, &sw->description, diag))) return rc;
    const cJSON *list = pk_json_get(root, "scenarios");
    if (!cJSON_IsArray(list) || !cJSON_GetArraySize(list))
        return pk_json_error(doc, list ? list : root, 0, diag, "scenarios: expected a list of scenarios, found %s",
                             !list ? "none" : cJSON_IsArray(list) ? "an empty list" : pk_json_type(list));
    if (!(sw->sc = calloc((size_t)cJSON_GetArraySize(list), sizeof *sw->sc))) return PRAKSIS_ERR_NOMEM;
    for (const cJSON *e = list->child; e; e = e->next) {
        scen *c = &sw->sc[sw->n++];
        if ((rc = read_row(sw, e, c, diag))) return rc;
    }
    return PRAKSIS_OK;
}

praksis_error praksis_sweep_read(const char *dir, praksis_sweep **out, praksis_diag *diag)
{
    *out = NULL;
    if (!dir) return PRAKSIS_ERR_USAGE;
    praksis_sweep *sw = calloc(1, sizeof *sw);
    if (!sw) return PRAKSIS_ERR_NOMEM;
    sw->read_back = 1;
    char path[4096];
    pk_path_join(path, sizeof path, dir, "sweep.json");
    praksis_error rc = pk_json_load(&sw->doc, path, "sweep summary", SWEEP_JSON_IS, diag);
    if (!rc) rc = read_sweep(sw, diag);
    if (rc) {
        pk_diag_escape(diag);
        praksis_sweep_free(sw);
        return rc;
    }
    *out = sw;
    return PRAKSIS_OK;
}
