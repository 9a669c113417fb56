/*
 * sweep_xlsx.c - a sweep's comparison table as sweep.xlsx: sweep.csv's
 * columns in sweep.csv's order, one row per scenario in the sweep file's
 * order, numbers as numbers, headers in bokmål or English.
 *
 * It is made from the sweep's sweep.json (praksis_sweep_json), so the
 * workbook shows exactly what sweep.json and sweep.csv say, for a sweep
 * that has run and for one read back from disk by `praksis report`.
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis_report.h"
#include "xlsx_write.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The figure columns after the name and the scenario keys: sweep.csv's
 * column, where sweep.json holds it, its header and format. */
typedef struct fcol {
    const char *csv, *json;
    pk_xcol col;
} fcol;

static const fcol figure_cols[] = {
    {"status", "status", {"Status", "Status", PK_XF_TEXT}},
    {"stopped_by", "stopped_by", {"Stoppet av", "Stopped by", PK_XF_TEXT}},
    {"unplaced_weeks", "unplaced_weeks", {"Studentuker uten plass", "Unplaced student-weeks", PK_XF_WEEKS}},
    {"share_deficit_weeks", "share_deficit_weeks", {"Studentuker under målet", "Student-weeks short of the target", PK_XF_WEEKS}},
    {"cost_total", "cost.total", {"Kostnad i alt (kr)", "Total cost (kr)", PK_XF_MONEY}},
    {"cost_travel", "cost.travel", {"Reise og bolig (kr)", "Travel and housing (kr)", PK_XF_MONEY}},
    {"cost_supervision", "cost.supervision", {"Veiledning (kr)", "Supervision (kr)", PK_XF_MONEY}},
    {"cost_fixed", "cost.fixed", {"Koordinatorer (kr)", "Coordinators (kr)", PK_XF_MONEY}},
    {"students", "students", {"Studenter", "Students", PK_XF_WHOLE}},
    {"placed", "placed", {"Plassert", "Placed", PK_XF_WHOLE}},
    {"unplaced", "unplaced", {"Ikke plassert", "Unplaced", PK_XF_WHOLE}},
    {"relocated_students", "relocated_students", {"Studenter som flytter", "Relocated students", PK_XF_WHOLE}},
    {"relocated_weeks", "relocated_weeks", {"Studentuker med flytting", "Relocated student-weeks", PK_XF_WEEKS}},
    {"municipalities_used", "municipalities_used", {"Kommuner med studenter", "Municipalities used", PK_XF_WHOLE}},
    {"groups_used", "groups_used", {"Koordinatorgrupper i bruk", "Coordinator groups used", PK_XF_WHOLE}},
    {"student_weeks", "student_weeks", {"Studentuker i alt", "Student-weeks in all", PK_XF_WEEKS}},
    {"municipal_weeks", "municipal_weeks", {"Studentuker i kommunene", "Student-weeks in municipalities", PK_XF_WEEKS}},
    {"municipal_share_achieved", "municipal_share_achieved", {"Andel i kommunene", "Municipal share", PK_XF_SHARE}},
    {"students_changed", "changes.students_changed", {"Studenter endret fra forrige plan", "Students changed from the previous plan", PK_XF_WHOLE}},
    {"change_penalty", "changes.penalty", {"Endringsstraff (kr, en vekt)", "Change penalty (kr, a weight)", PK_XF_MONEY}},
    {"kept_share", "changes.kept_share", {"Andel beholdt", "Share kept", PK_XF_SHARE}},
    {"levels_proven", "solver.levels_proven", {"Nivåer bevist optimale", "Levels proven optimal", PK_XF_WHOLE}},
    {"nodes", "solver.nodes", {"Noder i søket", "Search nodes", PK_XF_WHOLE}},
    {"gap", "solver.gap", {"Største avstand til laveste kostnad", "Largest gap to the least cost", PK_XF_NUMBER}},
    {"error", "error", {"Feil", "Error", PK_XF_TEXT}},
    {"solve_seconds", "solver.seconds", {"Sekunder", "Seconds", PK_XF_NUMBER}},
};
#define N_FIG ((int)(sizeof figure_cols / sizeof figure_cols[0]))
#define MAX_KEYS 40

static void put_figure(pk_xsheet *s, int col, const cJSON *row, const fcol *f)
{
    const cJSON *v = pk_xjson_at(row, f->json);
    if (!strcmp(f->csv, "error")) { /* sweep.csv: "file: message" */
        const cJSON *file = pk_xjson_at(v, "file"), *msg = pk_xjson_at(v, "message");
        char text[2048];
        if (!cJSON_IsString(msg)) return;
        if (cJSON_IsString(file) && file->valuestring[0])
            snprintf(text, sizeof text, "%s: %s", file->valuestring, msg->valuestring);
        else
            snprintf(text, sizeof text, "%s", msg->valuestring);
        pk_xsheet_text(s, col, text);
    } else {
        pk_xsheet_json(s, col, v);
    }
}

/* The header: name, the scenario keys of the first scenario (every row has
 * them all, in the documented order), the figures. */
static int columns(const cJSON *first, pk_xcol *cols, const char **keys)
{
    int n = 0;
    cols[n++] = (pk_xcol){"Scenario", "Scenario", PK_XF_TEXT};
    const cJSON *par = pk_xjson_at(first, "parameters");
    for (const cJSON *k = par ? par->child : NULL; k && n < 1 + MAX_KEYS; k = k->next) {
        keys[n] = k->string;
        cols[n++] = (pk_xcol){k->string, k->string, cJSON_IsNumber(k) ? PK_XF_NUMBER : PK_XF_TEXT};
    }
    for (int i = 0; i < N_FIG; i++) cols[n++] = figure_cols[i].col;
    return n;
}

static praksis_error write_sheet(pk_xbook *b, const cJSON *root)
{
    const cJSON *sc = pk_xjson_at(root, "scenarios"), *file = pk_xjson_at(root, "sweep"), *inst = pk_xjson_at(root, "instance"),
                *desc = pk_xjson_at(root, "description");
    pk_xcol cols[1 + MAX_KEYS + N_FIG];
    const char *keys[1 + MAX_KEYS] = {0};
    int n = columns(sc ? sc->child : NULL, cols, keys), n_keys = n - 1 - N_FIG;
    char from[2048];
    snprintf(from, sizeof from, PK_XT(b, "Fra sweepen %s for %s. Laget av praksis %s.", "From the sweep %s of %s. Made by praksis %s."),
             cJSON_IsString(file) ? file->valuestring : "?", cJSON_IsString(inst) ? inst->valuestring : "?",
             PRAKSIS_VERSION);
    pk_xsheet s;
    praksis_error rc = pk_xsheet_begin(&s, b, PK_XT(b, "Scenarioer", "Scenarios"),
                                       PK_XT(b, "Scenarioene sammenlignet", "The scenarios compared"), from,
                                       cJSON_IsString(desc) ? desc->valuestring
                                                            : PK_XT(b, "Som sweep.csv.", "As sweep.csv."),
                                       cols, n);
    for (const cJSON *row = sc ? sc->child : NULL; !rc && row; row = row->next) {
        const cJSON *name = pk_xjson_at(row, "name"), *par = pk_xjson_at(row, "parameters");
        pk_xsheet_text(&s, 0, cJSON_IsString(name) ? name->valuestring : "");
        for (int k = 0; k < n_keys; k++) pk_xsheet_json(&s, 1 + k, cJSON_GetObjectItemCaseSensitive(par, keys[1 + k]));
        for (int i = 0; i < N_FIG; i++) put_figure(&s, 1 + n_keys + i, row, &figure_cols[i]);
        pk_xsheet_next(&s);
    }
    return rc ? rc : pk_xsheet_end(&s);
}

praksis_error praksis_sweep_write_xlsx(const praksis_sweep *sw, const praksis_report_options *opt, const char *path,
                                       praksis_diag *diag)
{
    const char *lang = opt && opt->lang ? opt->lang : "nb";
    if (strcmp(lang, "nb") && strcmp(lang, "en")) {
        pk_diag_set(diag, "sweep.xlsx", 0, 0, "language: expected \"nb\" or \"en\", found \"%s\"", lang);
        return PRAKSIS_ERR_USAGE;
    }
    char *json = praksis_sweep_json(sw);
    cJSON *root = json ? cJSON_Parse(json) : NULL;
    free(json);
    if (!cJSON_IsArray(pk_xjson_at(root, "scenarios"))) {
        cJSON_Delete(root);
        pk_diag_set(diag, path, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    int en = !strcmp(lang, "en");
    pk_xbook b;
    praksis_error rc = pk_xbook_open(&b, path, en, opt && opt->title ? opt->title : en ? "Sweep" : "Scenarioer", diag);
    if (!rc) rc = pk_xbook_close(&b, write_sheet(&b, root));
    cJSON_Delete(root);
    return rc;
}
