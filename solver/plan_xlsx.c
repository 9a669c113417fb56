/*
 * plan_xlsx.c - the plan as plan.xlsx, the form in which planners pass a
 * plan on: key figures, all assignments with names, site use, the
 * municipal share per institution and programme, the unplaced students,
 * then one sheet per municipality that takes students and one per campus,
 * each readable on its own when mailed to that municipality or campus.
 *
 * Nothing is added up here.  The key figures and the shares are read from
 * summary.json's own text (praksis_result_summary_json), so the workbook
 * shows exactly what summary.json says; the rows' costs are
 * pk_plan_row_costs's, as in assignments.csv; per-site and per-campus
 * totals are the plan module's (plan.c).  The names of programmes follow
 * the language (name_nb, name_en), the ids stay as in the CSV files.
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis_report.h"
#include "result.h"
#include "xlsx_write.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct pctx {
    const praksis_result *R;
    const problem *P;
    const praksis_instance *I;
    pk_xbook b;
    cJSON *sum;         /* summary.json as written */
    pk_row_cost *rows;  /* the assignments, in assignments.csv's order */
    long n_rows;
    char from[1200];    /* which plan a sheet comes from */
} pctx;

/* ------------------------------------------------------------ the assignments' columns */
enum afield {
    A_COHORT, A_INST, A_CAMPUS, A_CAMPUS_NAME, A_PROG, A_PROG_NAME, A_PERIOD, A_SITE, A_SITE_NAME, A_KIND,
    A_STUDENTS, A_WEEKS, A_KM, A_RELOCATED, A_TRAVEL, A_SUPERVISION, A_N
};

static const pk_xcol acols[A_N] = {
    [A_COHORT] = {"Kull", "Cohort", PK_XF_TEXT},
    [A_INST] = {"Institusjon", "Institution", PK_XF_TEXT},
    [A_CAMPUS] = {"Studiested-id", "Campus id", PK_XF_TEXT},
    [A_CAMPUS_NAME] = {"Studiested", "Campus", PK_XF_TEXT},
    [A_PROG] = {"Utdanning-id", "Programme id", PK_XF_TEXT},
    [A_PROG_NAME] = {"Utdanning", "Programme", PK_XF_TEXT},
    [A_PERIOD] = {"Periode", "Period", PK_XF_TEXT},
    [A_SITE] = {"Sted-id", "Site id", PK_XF_TEXT},
    [A_SITE_NAME] = {"Praksissted", "Site", PK_XF_TEXT},
    [A_KIND] = {"Type sted", "Kind of site", PK_XF_TEXT},
    [A_STUDENTS] = {"Studenter", "Students", PK_XF_WHOLE},
    [A_WEEKS] = {"Uker per student", "Weeks per student", PK_XF_WEEKS},
    [A_KM] = {"Km fra studiested", "Km from campus", PK_XF_KM},
    [A_RELOCATED] = {"Flytter (1 = ja)", "Relocated (1 = yes)", PK_XF_WHOLE},
    [A_TRAVEL] = {"Reise og bolig (kr)", "Travel and housing (kr)", PK_XF_MONEY},
    [A_SUPERVISION] = {"Veiledning (kr)", "Supervision (kr)", PK_XF_MONEY},
};

/* Which columns each kind of sheet shows, in order: the assignments sheet
 * all of them, a municipality's what it needs to receive the students, a
 * campus's where its students go. */
static const int all_fields[] = {A_COHORT, A_INST,     A_CAMPUS, A_CAMPUS_NAME, A_PROG,      A_PROG_NAME,
                                 A_PERIOD, A_SITE,     A_SITE_NAME, A_KIND,     A_STUDENTS,  A_WEEKS,
                                 A_KM,     A_RELOCATED, A_TRAVEL, A_SUPERVISION};
static const int muni_fields[] = {A_PERIOD, A_COHORT, A_INST,      A_CAMPUS_NAME, A_PROG_NAME, A_STUDENTS,
                                  A_WEEKS,  A_KM,     A_RELOCATED, A_TRAVEL,      A_SUPERVISION};
static const int campus_fields[] = {A_PERIOD,   A_COHORT, A_PROG_NAME, A_SITE,  A_SITE_NAME, A_KIND,
                                    A_STUDENTS, A_WEEKS,  A_KM,        A_RELOCATED, A_TRAVEL, A_SUPERVISION};
#define N_OF(a) ((int)(sizeof(a) / sizeof(a)[0]))

static void pick(pk_xcol *out, const int *fields, int n)
{
    for (int i = 0; i < n; i++) out[i] = acols[fields[i]];
}

static const char *kind_text(const pk_xbook *b, const site *s)
{
    return s->kind == SITE_MUNICIPALITY ? PK_XT(b, "kommune", "municipality") : PK_XT(b, "sykehus", "hospital");
}

/* One assignment row in the given columns. */
static void put_assignment(pctx *c, pk_xsheet *s, const int *fields, int n, const pk_row_cost *rc)
{
    const pk_arow *w = &rc->a;
    const cohort *h = &c->I->cohorts[c->P->coh[w->coh]];
    const campus *k = &c->I->campuses[h->campus];
    const site *st = &c->I->sites[w->site];
    long x = w->students;
    for (int i = 0; i < n; i++) switch (fields[i]) {
        case A_COHORT: pk_xsheet_text(s, i, h->id); break;
        case A_INST: pk_xsheet_text(s, i, k->institution); break;
        case A_CAMPUS: pk_xsheet_text(s, i, k->id); break;
        case A_CAMPUS_NAME: pk_xsheet_text(s, i, k->name); break;
        case A_PROG: pk_xsheet_text(s, i, c->I->programmes[h->programme].id); break;
        case A_PROG_NAME: pk_xsheet_text(s, i, pk_programme_name(c->I, h->programme, pk_xbook_lang(&c->b))); break;
        case A_PERIOD: pk_xsheet_text(s, i, c->I->periods[h->period]); break;
        case A_SITE: pk_xsheet_text(s, i, st->id); break;
        case A_SITE_NAME: pk_xsheet_text(s, i, st->name); break;
        case A_KIND: pk_xsheet_text(s, i, kind_text(&c->b, st)); break;
        case A_STUDENTS: pk_xsheet_num(s, i, (double)x); break;
        case A_WEEKS: pk_xsheet_num(s, i, h->weeks); break;
        case A_KM: pk_xsheet_num(s, i, round(w->km * 10) / 10); break; /* as assignments.csv shows it */
        case A_RELOCATED: pk_xsheet_num(s, i, w->km > c->P->set.commute_km); break;
        case A_TRAVEL: pk_xsheet_num(s, i, (double)rc->travel / 100); break;
        case A_SUPERVISION: pk_xsheet_num(s, i, (double)rc->supervision / 100); break;
        }
    pk_xsheet_next(s);
}

/* ------------------------------------------------------------ key figures */
typedef struct keyfig {
    const char *key; /* in summary.json */
    const char *nb, *en;
    pk_xfmt fmt;
} keyfig;

static const keyfig keyfigs[] = {
    {"students", "Studenter", "Students", PK_XF_WHOLE},
    {"placed", "Plassert", "Placed", PK_XF_WHOLE},
    {"unplaced", "Ikke plassert", "Unplaced", PK_XF_WHOLE},
    {"unplaced_weeks", "Studentuker uten plass", "Unplaced student-weeks", PK_XF_WEEKS},
    {"student_weeks", "Studentuker i alt", "Student-weeks in all", PK_XF_WEEKS},
    {"placed_weeks", "Plasserte studentuker", "Placed student-weeks", PK_XF_WEEKS},
    {"municipal_weeks", "Studentuker i kommunene", "Student-weeks in municipalities", PK_XF_WEEKS},
    {"municipal_target_weeks", "Mål for studentuker i kommunene", "Target student-weeks in municipalities", PK_XF_WEEKS},
    {"municipal_share", "Andel i kommunene", "Municipal share", PK_XF_SHARE},
    {"share_deficit_weeks", "Studentuker under målet", "Student-weeks short of the target", PK_XF_WEEKS},
    {"relocated_students", "Studenter som flytter", "Relocated students", PK_XF_WHOLE},
    {"relocated_weeks", "Studentuker med flytting", "Relocated student-weeks", PK_XF_WEEKS},
    {"municipalities_used", "Kommuner med studenter", "Municipalities used", PK_XF_WHOLE},
    {"groups_used", "Koordinatorgrupper i bruk", "Coordinator groups used", PK_XF_WHOLE},
    {"sites_used", "Praksissteder i bruk", "Sites used", PK_XF_WHOLE},
    {"cost.travel", "Reise og bolig (kr)", "Travel and housing (kr)", PK_XF_MONEY},
    {"cost.supervision", "Veiledning (kr)", "Supervision (kr)", PK_XF_MONEY},
    {"cost.fixed", "Koordinatorer (kr)", "Coordinators (kr)", PK_XF_MONEY},
    {"cost.total", "Kostnad i alt (kr)", "Total cost (kr)", PK_XF_MONEY},
    {"cost.per_placed_student_week", "Kostnad per plassert studentuke (kr)", "Cost per placed student-week (kr)",
     PK_XF_MONEY},
    {"relocated_km", "Studentkilometer for flyttingene", "Student-km of the relocations", PK_XF_KM},
    {"listed_students", "Studenter i students.csv", "Students in students.csv", PK_XF_WHOLE},
    {"placed_at_home", "Plassert i hjemkommunen", "Placed in their home municipality", PK_XF_WHOLE},
    {"solver.levels_proven", "Nivåer bevist optimale", "Levels proven optimal", PK_XF_WHOLE},
    {"solver.gap", "Kostnaden høyst så mye over den lavest mulige", "Cost at most this far above the least possible",
     PK_XF_SHARE},
    {"solver.nodes", "Noder i søket", "Search nodes", PK_XF_WHOLE},
};

static const char *status_text(const pk_xbook *b, const char *status, const char *stop)
{
    if (!strcmp(status, "optimal")) return "optimal";
    if (!strcmp(stop, "time_limit"))
        return PK_XT(b, "gyldig, ikke bevist optimal (stoppet av tidsgrensen)",
                     "feasible, not proven optimal (stopped by the time limit)");
    if (!strcmp(stop, "interrupted"))
        return PK_XT(b, "gyldig, ikke bevist optimal (avbrutt)", "feasible, not proven optimal (interrupted)");
    return PK_XT(b, "gyldig, ikke bevist optimal", "feasible, not proven optimal");
}

/* The scenario's keys as summary.json lists them: numbers as numbers, a
 * programme list as "SYK,VERN". */
static void put_scenario(pk_xsheet *s, const cJSON *scen)
{
    for (const cJSON *k = scen ? scen->child : NULL; k; k = k->next) {
        char key[160];
        snprintf(key, sizeof key, "scenario.%s", k->string);
        pk_xsheet_text(s, 0, k->string);
        pk_xsheet_json(s, 1, k);
        pk_xsheet_text(s, 2, key);
        pk_xsheet_next(s);
    }
}

static praksis_error sheet_key_figures(pctx *c)
{
    static const pk_xcol cols[] = {{"Nøkkeltall", "Figure", PK_XF_TEXT},
                                   {"Verdi", "Value", PK_XF_NUMBER},
                                   {"Nøkkel i summary.json", "Key in summary.json", PK_XF_TEXT}};
    pk_xbook *b = &c->b;
    pk_xsheet s;
    praksis_error rc = pk_xsheet_begin(&s, b, PK_XT(b, "Nøkkeltall", "Key figures"),
                                       PK_XT(b, "Praksisplan: nøkkeltall", "Placement plan: key figures"), c->from,
                                       PK_XT(b, "Tallene er de samme som i summary.json.",
                                             "The figures are those of summary.json."),
                                       cols, N_OF(cols));
    if (rc) return rc;
    const cJSON *st = pk_xjson_at(c->sum, "status"), *sb = pk_xjson_at(c->sum, "stopped_by");
    const char *status = cJSON_IsString(st) ? st->valuestring : "", *stop = cJSON_IsString(sb) ? sb->valuestring : "";
    pk_xsheet_text(&s, 0, "Status");
    pk_xsheet_text(&s, 1, status_text(b, status, stop));
    pk_xsheet_text(&s, 2, "status, stopped_by");
    pk_xsheet_next(&s);
    for (int i = 0; i < N_OF(keyfigs); i++) {
        const cJSON *v = pk_xjson_at(c->sum, keyfigs[i].key);
        if (!cJSON_IsNumber(v)) continue; /* solver.gap is null when none is known */
        pk_xsheet_text(&s, 0, PK_XT(b, keyfigs[i].nb, keyfigs[i].en));
        pk_xsheet_num_as(&s, 1, v->valuedouble, keyfigs[i].fmt);
        pk_xsheet_text(&s, 2, keyfigs[i].key);
        pk_xsheet_next(&s);
    }
    put_scenario(&s, pk_xjson_at(c->sum, "scenario"));
    return pk_xsheet_end(&s);
}

/* ------------------------------------------------------------ the plan's tables */
static praksis_error sheet_assignments(pctx *c)
{
    pk_xcol cols[N_OF(all_fields)];
    pick(cols, all_fields, N_OF(all_fields));
    pk_xbook *b = &c->b;
    pk_xsheet s;
    praksis_error rc = pk_xsheet_begin(&s, b, PK_XT(b, "Plasseringer", "Assignments"),
                                       PK_XT(b, "Alle plasseringer: studenter per kull og praksissted",
                                             "All assignments: students per cohort and site"),
                                       c->from,
                                       PK_XT(b, "Som assignments.csv; kostnadene gjelder alle radens studenter.",
                                             "As assignments.csv; the costs are for all the row's students."),
                                       cols, N_OF(all_fields));
    for (long r = 0; !rc && r < c->n_rows; r++) put_assignment(c, &s, all_fields, N_OF(all_fields), &c->rows[r]);
    return rc ? rc : pk_xsheet_end(&s);
}

static praksis_error sheet_site_use(pctx *c)
{
    static const pk_xcol cols[] = {
        {"Sted-id", "Site id", PK_XF_TEXT},          {"Praksissted", "Site", PK_XF_TEXT},
        {"Type sted", "Kind of site", PK_XF_TEXT},   {"Koordinatorgruppe", "Coordinator group", PK_XF_TEXT},
        {"Periode", "Period", PK_XF_TEXT},           {"Studenter", "Students", PK_XF_WHOLE},
        {"Av dem flytter", "Of them relocated", PK_XF_WHOLE}, {"Veiledere som trengs", "Supervisors needed", PK_XF_WHOLE},
        {"Plasser", "Places", PK_XF_WHOLE}};
    const praksis_instance *I = c->I;
    const pk_plan *pl = &c->R->plan;
    pk_xbook *b = &c->b;
    pk_xsheet s;
    praksis_error rc = pk_xsheet_begin(&s, b, PK_XT(b, "Bruk av steder", "Site use"),
                                       PK_XT(b, "Bruk av praksisstedene per periode", "Use of the sites per period"),
                                       c->from,
                                       PK_XT(b, "Som site_use.csv: plasser er det stedet tilbyr utdanningene i planen.",
                                             "As site_use.csv: places are what the site offers the plan's programmes."),
                                       cols, N_OF(cols));
    size_t NT = (size_t)(I->n_periods ? I->n_periods : 1);
    for (int j = 0; !rc && j < I->n_sites; j++)
        for (int t = 0; t < I->n_periods; t++) {
            size_t i = (size_t)j * NT + (size_t)t;
            if (!pl->sp_students[i]) continue;
            const site *st = &I->sites[j];
            pk_xsheet_text(&s, 0, st->id);
            pk_xsheet_text(&s, 1, st->name);
            pk_xsheet_text(&s, 2, kind_text(b, st));
            pk_xsheet_text(&s, 3, st->group >= 0 ? I->groups[st->group].id : "");
            pk_xsheet_text(&s, 4, I->periods[t]);
            pk_xsheet_num(&s, 5, (double)pl->sp_students[i]);
            pk_xsheet_num(&s, 6, (double)pl->sp_relocated[i]);
            pk_xsheet_num(&s, 7, (double)pl->sp_supervisors[i]);
            pk_xsheet_num(&s, 8, (double)c->P->sp_places[i]);
            pk_xsheet_next(&s);
        }
    return rc ? rc : pk_xsheet_end(&s);
}

/* summary.json's shares, one row per institution and programme. */
static praksis_error sheet_shares(pctx *c)
{
    static const pk_xcol cols[] = {
        {"Institusjon", "Institution", PK_XF_TEXT},          {"Utdanning-id", "Programme id", PK_XF_TEXT},
        {"Utdanning", "Programme", PK_XF_TEXT},              {"Mål", "Target", PK_XF_SHARE},
        {"Studentuker", "Student-weeks", PK_XF_WEEKS},       {"Mål i studentuker", "Target in student-weeks", PK_XF_WEEKS},
        {"Studentuker i kommunene", "Student-weeks in municipalities", PK_XF_WEEKS},
        {"Andel i kommunene", "Municipal share", PK_XF_SHARE}, {"Studentuker under målet", "Student-weeks short", PK_XF_WEEKS}};
    static const char *const keys[] = {"target_share", "student_weeks", "target_weeks", "municipal_weeks", "share",
                                       "deficit_weeks"};
    pk_xbook *b = &c->b;
    pk_xsheet s;
    praksis_error rc = pk_xsheet_begin(
        &s, b, PK_XT(b, "Kommuneandel", "Municipal share"),
        PK_XT(b, "Andel av praksis i kommunene per institusjon og utdanning, mot målet",
              "Municipal share of practice per institution and programme, against the target"),
        c->from, PK_XT(b, "Som shares i summary.json.", "As shares in summary.json."), cols, N_OF(cols));
    const cJSON *shares = pk_xjson_at(c->sum, "shares");
    int g = 0;
    for (const cJSON *e = shares ? shares->child : NULL; !rc && e && g < c->P->n_ipgs; e = e->next, g++) {
        const cJSON *inst = pk_xjson_at(e, "institution"), *prog = pk_xjson_at(e, "programme");
        pk_xsheet_text(&s, 0, cJSON_IsString(inst) ? inst->valuestring : "");
        pk_xsheet_text(&s, 1, cJSON_IsString(prog) ? prog->valuestring : "");
        pk_xsheet_text(&s, 2, pk_programme_name(c->I, c->P->ipgs[g].programme, pk_xbook_lang(b)));
        for (int k = 0; k < N_OF(keys); k++) {
            const cJSON *v = pk_xjson_at(e, keys[k]);
            if (cJSON_IsNumber(v)) pk_xsheet_num(&s, 3 + k, v->valuedouble);
        }
        pk_xsheet_next(&s);
    }
    return rc ? rc : pk_xsheet_end(&s);
}

static const pk_xcol unplaced_cols[] = {
    {"Kull", "Cohort", PK_XF_TEXT},         {"Studiested-id", "Campus id", PK_XF_TEXT},
    {"Studiested", "Campus", PK_XF_TEXT},   {"Utdanning-id", "Programme id", PK_XF_TEXT},
    {"Utdanning", "Programme", PK_XF_TEXT}, {"Periode", "Period", PK_XF_TEXT},
    {"Studenter", "Students", PK_XF_WHOLE}, {"Uker per student", "Weeks per student", PK_XF_WEEKS}};

/* Unplaced cohort k's row; first: the first column to write (a campus's
 * own sheet leaves out the campus). */
static void put_unplaced(pctx *c, pk_xsheet *s, int k, int campus_too)
{
    const cohort *h = &c->I->cohorts[c->P->coh[k]];
    const campus *cp = &c->I->campuses[h->campus];
    int i = 0;
    pk_xsheet_text(s, i++, h->id);
    if (campus_too) {
        pk_xsheet_text(s, i++, cp->id);
        pk_xsheet_text(s, i++, cp->name);
    }
    pk_xsheet_text(s, i++, c->I->programmes[h->programme].id);
    pk_xsheet_text(s, i++, pk_programme_name(c->I, h->programme, pk_xbook_lang(&c->b)));
    pk_xsheet_text(s, i++, c->I->periods[h->period]);
    pk_xsheet_num(s, i++, (double)c->R->plan.unplaced[k]);
    pk_xsheet_num(s, i, h->weeks);
    pk_xsheet_next(s);
}

static praksis_error sheet_unplaced(pctx *c)
{
    pk_xbook *b = &c->b;
    pk_xsheet s;
    praksis_error rc = pk_xsheet_begin(&s, b, PK_XT(b, "Ikke plassert", "Unplaced"),
                                       PK_XT(b, "Studenter uten praksisplass", "Students without a placement"), c->from,
                                       PK_XT(b, "Som unplaced.csv.", "As unplaced.csv."), unplaced_cols,
                                       N_OF(unplaced_cols));
    for (int k = 0; !rc && k < c->P->n_coh; k++)
        if (c->R->plan.unplaced[k]) put_unplaced(c, &s, k, 1);
    return rc ? rc : pk_xsheet_end(&s);
}

/* ------------------------------------------------------------ one sheet per municipality and campus */
static praksis_error sheet_municipality(pctx *c, int j)
{
    const site *st = &c->I->sites[j];
    const pk_plan *pl = &c->R->plan;
    pk_xbook *b = &c->b;
    pk_xcol cols[N_OF(muni_fields)];
    pick(cols, muni_fields, N_OF(muni_fields));
    char title[1024], note[512], n1[48], n2[48], n3[48];
    snprintf(title, sizeof title, PK_XT(b, "Praksisstudenter i %s (%s)", "Placement students in %s (%s)"), st->name,
             st->id);
    snprintf(note, sizeof note,
             PK_XT(b, "I alt %s studenter, %s av dem flytter hit; %s studentuker.",
                   "In all %s students, %s of them relocated here; %s student-weeks."),
             pk_xnum(b, (double)pl->site_students[j], 0, n1, sizeof n1),
             pk_xnum(b, (double)pl->site_relocated[j], 0, n2, sizeof n2), pk_xnum(b, pl->site_weeks[j], 1, n3, sizeof n3));
    pk_xsheet s;
    praksis_error rc = pk_xsheet_begin(&s, b, st->name, title, c->from, note, cols, N_OF(muni_fields));
    for (long r = 0; !rc && r < c->n_rows; r++)
        if (c->rows[r].a.site == j) put_assignment(c, &s, muni_fields, N_OF(muni_fields), &c->rows[r]);
    return rc ? rc : pk_xsheet_end(&s);
}

static praksis_error sheet_campus(pctx *c, int k, long unplaced)
{
    const campus *cp = &c->I->campuses[k];
    const pk_plan *pl = &c->R->plan;
    pk_xbook *b = &c->b;
    pk_xcol cols[N_OF(campus_fields)];
    pick(cols, campus_fields, N_OF(campus_fields));
    char title[1024], note[512], n1[48], n2[48], n3[48];
    snprintf(title, sizeof title,
             PK_XT(b, "Praksisplasser for studentene ved %s, %s (%s)", "Placements of the students of %s, %s (%s)"),
             cp->institution, cp->name, cp->id);
    snprintf(note, sizeof note,
             PK_XT(b, "I alt %s studenter plassert, %s av dem flytter; %s uten plass.",
                   "In all %s students placed, %s of them relocated; %s without a placement."),
             pk_xnum(b, (double)pl->campus_students[k], 0, n1, sizeof n1),
             pk_xnum(b, (double)pl->campus_relocated[k], 0, n2, sizeof n2), pk_xnum(b, (double)unplaced, 0, n3, sizeof n3));
    pk_xsheet s;
    praksis_error rc = pk_xsheet_begin(&s, b, cp->id, title, c->from, note, cols, N_OF(campus_fields));
    for (long r = 0; !rc && r < c->n_rows; r++) {
        if (c->I->cohorts[c->P->coh[c->rows[r].a.coh]].campus == k)
            put_assignment(c, &s, campus_fields, N_OF(campus_fields), &c->rows[r]);
    }
    if (!rc && unplaced) {
        /* the campus's own unplaced students, without the campus columns */
        pk_xcol ucols[N_OF(unplaced_cols) - 2];
        ucols[0] = unplaced_cols[0];
        memcpy(ucols + 1, unplaced_cols + 3, sizeof ucols - sizeof ucols[0]);
        pk_xsheet_section(&s, PK_XT(b, "Uten praksisplass", "Without a placement"), ucols, N_OF(ucols));
        for (int h = 0; h < c->P->n_coh; h++)
            if (c->R->plan.unplaced[h] && c->I->cohorts[c->P->coh[h]].campus == k) put_unplaced(c, &s, h, 0);
    }
    return rc ? rc : pk_xsheet_end(&s);
}

static praksis_error sheets_per_place(pctx *c)
{
    const praksis_instance *I = c->I;
    const pk_plan *pl = &c->R->plan;
    praksis_error rc = PRAKSIS_OK;
    for (int j = 0; !rc && j < I->n_sites; j++)
        if (I->sites[j].kind == SITE_MUNICIPALITY && pl->site_students[j]) rc = sheet_municipality(c, j);
    for (int k = 0; !rc && k < I->n_campuses; k++) {
        long unplaced = 0;
        for (int h = 0; h < c->P->n_coh; h++)
            if (I->cohorts[c->P->coh[h]].campus == k) unplaced += pl->unplaced[h];
        if (pl->campus_students[k] || unplaced) rc = sheet_campus(c, k, unplaced);
    }
    return rc;
}

/* ------------------------------------------------------------ the workbook */
static void from_line(pctx *c)
{
    const pk_xbook *b = &c->b;
    const praksis_solve_info *v = &c->R->info;
    const char *status = status_text(b, praksis_status_string(v->status), praksis_stop_string(v->stop));
    snprintf(c->from, sizeof c->from, PK_XT(b, "Fra praksisplanen for %s: %s. Laget av praksis %s.",
                                          "From the placement plan for %s: %s. Made by praksis %s."),
             c->I->dir ? c->I->dir : "?", status, PRAKSIS_VERSION);
}

praksis_error praksis_result_write_xlsx(const praksis_result *r, const praksis_report_options *opt, const char *path,
                                        praksis_diag *diag)
{
    const char *lang = opt && opt->lang ? opt->lang : "nb";
    if (strcmp(lang, "nb") && strcmp(lang, "en")) {
        pk_diag_set(diag, "plan.xlsx", 0, 0, "language: expected \"nb\" or \"en\", found \"%s\"", lang);
        return PRAKSIS_ERR_USAGE;
    }
    pctx c = {.R = r, .P = r->P, .I = r->P->inst};
    char *json = praksis_result_summary_json(r);
    c.sum = json ? cJSON_Parse(json) : NULL;
    free(json);
    if (!c.sum || pk_plan_row_costs(c.P, r->x, &r->plan.fig, &c.rows, &c.n_rows)) {
        cJSON_Delete(c.sum);
        pk_diag_set(diag, path, 0, 0, "out of memory");
        return PRAKSIS_ERR_NOMEM;
    }
    int en = !strcmp(lang, "en");
    const char *title = opt && opt->title ? opt->title : en ? "Placement plan" : "Praksisplan";
    praksis_error rc = pk_xbook_open(&c.b, path, en, title, diag);
    if (!rc) {
        from_line(&c);
        if (!(rc = sheet_key_figures(&c)) && !(rc = sheet_assignments(&c)) && !(rc = sheet_site_use(&c)) &&
            !(rc = sheet_shares(&c)) && !(rc = sheet_unplaced(&c)))
            rc = sheets_per_place(&c);
        rc = pk_xbook_close(&c.b, rc);
    }
    free(c.rows);
    cJSON_Delete(c.sum);
    return rc;
}

static praksis_error xlsx_extra_write(const praksis_result *r, const char *path, const void *user, praksis_diag *diag)
{
    return praksis_result_write_xlsx(r, user, path, diag);
}

praksis_plan_extra praksis_xlsx_extra(const praksis_report_options *opt)
{
    praksis_plan_extra e = {"plan.xlsx", xlsx_extra_write, opt};
    return e;
}
