/*
 * export.c - the instance and scenario as GNU MathProg data for
 * models/placement.mod (`praksis export DIR --dat FILE`).
 *
 * Only raw data is written: ids, coordinates, the capacity rows as given
 * (with their minimum intakes), the distance overrides, the agreed
 * placements, the previous plan and the scenario's values.  The model derives
 * everything else itself (included cohorts, scaled sizes, distances,
 * relocation, candidate pairs, costs), so that glpsol is an independent
 * second route that also checks the engine's derivations.
 *
 * Every id is a single-quoted MathProg symbol (so '0301' stays a string; a
 * quote is doubled); numbers are written with %.17g so nothing is lost.
 * MathProg limits a string literal to 100 characters and does not allow a
 * line break in one: such an id is an input error for export.
 */
#define _POSIX_C_SOURCE 200809L
#include "problem.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

/* MathProg's limit on the length of a string literal (glpmpl.h MAX_LENGTH) */
#define MPL_MAX_SYMBOL 100

static void put_sym(FILE *f, const char *id)
{
    fputc('\'', f);
    for (const char *p = id ? id : ""; *p; p++) {
        if (*p == '\'') fputc('\'', f);
        fputc(*p, f);
    }
    fputc('\'', f);
}

static void put_num(FILE *f, double v)
{
    if (v == 0) v = 0; /* no "-0" */
    fprintf(f, " %.17g", v);
}

/* MathProg counts characters (bytes) of the unescaped literal */
static const char *sym_problem(const char *id)
{
    if (!id) return "is missing";
    size_t n = strlen(id);
    if (n > MPL_MAX_SYMBOL) return "is longer than MathProg's 100 characters";
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)id[i];
        if ((ch < 0x20 && ch != '\t') || ch == 0x7f)
            return "contains a control character MathProg cannot read";
    }
    return NULL;
}

static int check_sym(const praksis_instance *inst, const char *file, long line, const char *what,
                     const char *id, praksis_diag *diag)
{
    const char *why = sym_problem(id);
    if (!why) return 0;
    char path[512];
    if (inst->dir && strcmp(file, "scenario") != 0) {
        char table[32]; /* "sites.csv" -> "sites": a workbook names its sheet */
        snprintf(table, sizeof table, "%.*s", (int)strcspn(file, "."), file);
        pk_instance_file(inst, table, &line, path, sizeof path);
    } else {
        snprintf(path, sizeof path, "%s", file);
    }
    char shown[201]; /* the id on one line */
    snprintf(shown, sizeof shown, "%s", id ? id : "");
    for (char *p = shown; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = '?';
    pk_diag_set(diag, path, line, 0, "cannot export as MathProg data: %s id '%s' %s", what, shown,
             why);
    return -1;
}

static int check_ids(const praksis_instance *inst, const praksis_settings *s, praksis_diag *diag)
{
    for (int i = 0; i < inst->n_sites; i++)
        if (check_sym(inst, "sites.csv", inst->sites[i].line, "site", inst->sites[i].id, diag))
            return -1;
    for (int i = 0; i < inst->n_groups; i++)
        if (check_sym(inst, "sites.csv", 0, "group", inst->groups[i].id, diag)) return -1;
    for (int i = 0; i < inst->n_campuses; i++) {
        if (check_sym(inst, "campuses.csv", 0, "campus", inst->campuses[i].id, diag)) return -1;
        if (check_sym(inst, "campuses.csv", 0, "institution", inst->campuses[i].institution, diag))
            return -1;
    }
    for (int i = 0; i < inst->n_programmes; i++)
        if (check_sym(inst, "programmes.csv", 0, "programme", inst->programmes[i].id, diag))
            return -1;
    for (int i = 0; i < inst->n_periods; i++)
        if (check_sym(inst, "cohorts.csv", 0, "period", inst->periods[i], diag)) return -1;
    for (int i = 0; i < inst->n_cohorts; i++)
        if (check_sym(inst, "cohorts.csv", inst->cohorts[i].line, "cohort", inst->cohorts[i].id,
                      diag))
            return -1;
    for (int i = 0; i < inst->n_students; i++)
        if (check_sym(inst, "students.csv", inst->students[i].line, "student", inst->students[i].id, diag))
            return -1;
    if (s->programmes)
        for (int i = 0; i < s->n_programmes; i++) {
            if (check_sym(inst, "scenario", 0, "programme", s->programmes[i], diag)) return -1;
            int found = 0; /* the model declares SCEN_PROGS within PROGS */
            for (int p = 0; p < inst->n_programmes && !found; p++)
                found = strcmp(inst->programmes[p].id, s->programmes[i]) == 0;
            if (!found) {
                pk_diag_set(diag, "scenario", 0, 0,
                         "programmes: expected programme ids from programmes.csv, found unknown \"%s\"",
                         s->programmes[i]);
                return -1;
            }
        }
    return 0;
}

/* "set NAME := ;" for an empty tabular block (the set must still be defined) */
static void empty_set(FILE *f, const char *name)
{
    fprintf(f, "set %s := ;\n", name);
}

/* students.csv: each student's cohort and whether it may relocate, and the
 * homes of those who gave one (a blank home is the model's default 0) */
static void put_students(FILE *f, const praksis_instance *inst)
{
    fputs("\n/* listed students: cohort, may relocate (1/0); homes below */\n", f);
    if (inst->n_students == 0) {
        empty_set(f, "STU");
        return;
    }
    fputs("param : STU : stu_coh stu_reloc :=\n", f);
    int homes = 0;
    for (int i = 0; i < inst->n_students; i++) {
        const student *st = &inst->students[i];
        fputs("  ", f);
        put_sym(f, st->id);
        fputc(' ', f);
        put_sym(f, inst->cohorts[st->cohort].id);
        fprintf(f, " %d\n", st->relocate);
        homes += st->home >= 0;
    }
    fputs(";\n", f);
    if (!homes) return;
    fputs("param stu_home :=\n", f);
    for (int i = 0; i < inst->n_students; i++) {
        const student *st = &inst->students[i];
        if (st->home < 0) continue;
        fputs("  ", f);
        put_sym(f, st->id);
        fputc(' ', f);
        put_sym(f, inst->sites[st->home].id);
        fputc('\n', f);
    }
    fputs(";\n", f);
}

/* A period-less previous row is keyed (site, programme); else (site,
 * programme, period). */
static void put_prev_row(FILE *f, const praksis_instance *inst, const prevrow *r)
{
    fputs("  ", f);
    put_sym(f, inst->sites[r->site].id);
    fputc(' ', f);
    put_sym(f, inst->programmes[r->programme].id);
    if (r->period >= 0) {
        fputc(' ', f);
        put_sym(f, inst->periods[r->period]);
    }
    fprintf(f, " %ld\n", r->students);
}

/* The agreements: minimum intakes (rows without one are 0 by default),
 * fixed placements, the previous plan and change_cost.  Sets left out are
 * empty by default, so an instance without agreements exports as before. */
static void export_agreements(FILE *f, const praksis_instance *inst, const praksis_settings *s)
{
    for (int star = 0; star < 2; star++) {
        int any = 0;
        for (int i = 0; i < inst->n_cap; i++) {
            const caprow *r = &inst->cap[i];
            if (r->min_students <= 0 || (r->programme < 0) != star) continue;
            fputs(any++ ? "\n  " : star ? "\n/* minimum intakes of '*' rows */\nparam caps_min :=\n  "
                                          : "\n/* minimum intakes (min_students) of programme rows */\nparam capp_min :=\n  ", f);
            put_sym(f, inst->sites[r->site].id);
            if (!star) {
                fputc(' ', f);
                put_sym(f, inst->programmes[r->programme].id);
            }
            fputc(' ', f);
            put_sym(f, inst->periods[r->period]);
            fprintf(f, " %ld", r->min_students);
        }
        if (any) fputs(";\n", f);
    }
    fprintf(f, "param honour_minimums := %d;\n", s->honour_minimums ? 1 : 0);
    if (inst->n_fixed) {
        int per_student = inst->fixed[0].student >= 0;
        fputs(per_student ? "\n/* agreed placements: listed students fixed at a site */\nset FIXS :=\n"
                          : "\n/* agreed placements: unlisted students of a cohort fixed at a site */\n"
                            "param : FIXED : fix_students :=\n", f);
        for (int i = 0; i < inst->n_fixed; i++) {
            const fixrow *r = &inst->fixed[i];
            fputs("  ", f);
            put_sym(f, per_student ? inst->students[r->student].id : inst->cohorts[r->cohort].id);
            fputc(' ', f);
            put_sym(f, inst->sites[r->site].id);
            if (per_student)
                fputc('\n', f);
            else
                fprintf(f, " %ld\n", r->students);
        }
        fputs(";\n", f);
    }
    fputs("\n/* the previous plan, and what a change of one student costs */\n", f);
    fputs("param change_cost :=", f);
    put_num(f, s->change_cost);
    fprintf(f, ";\nparam has_previous := %d;\n", inst->prev_path ? 1 : 0);
    if (inst->n_prev) {
        fputs(inst->prev_has_period ? "param : PREVP : prevp_students :=\n" : "param : PREVA : preva_students :=\n", f);
        for (int i = 0; i < inst->n_prev; i++) put_prev_row(f, inst, &inst->prev[i]);
        fputs(";\n", f);
    }
}

/* Where the data come from, as a comment, and the data section. */
static void export_header(FILE *f, const praksis_instance *inst)
{
    fputs("/* praksis instance data for models/placement.mod", f);
    if (inst->dir) {
        fputs(" (", f);
        for (const char *p = inst->dir; *p; p++) {
            /* keep the comment closed and on one line */
            if ((unsigned char)*p < 0x20 || (p[0] == '*' && p[1] == '/'))
                fputc('?', f);
            else
                fputc(*p, f);
        }
        fputc(')', f);
    }
    fputs(" */\ndata;\n\n", f);
}

/* Sites, coordinator groups and each municipality's group. */
static void export_sites(FILE *f, const praksis_instance *inst)
{
    /* sites */
    fputs("/* sites: is_muni 1 = municipality, 0 = hospital; lat, lon in degrees */\n", f);
    if (inst->n_sites == 0) {
        empty_set(f, "SITES");
    } else {
        fputs("param : SITES : is_muni site_lat site_lon :=\n", f);
        for (int i = 0; i < inst->n_sites; i++) {
            const site *st = &inst->sites[i];
            fputs("  ", f);
            put_sym(f, st->id);
            fprintf(f, " %d", st->kind == SITE_MUNICIPALITY ? 1 : 0);
            put_num(f, st->lat);
            put_num(f, st->lon);
            fputc('\n', f);
        }
        fputs(";\n", f);
    }

    /* groups */
    fputs("\n/* coordinator groups: group_has_fixed 1 = members gave fixed_cost (else the\n"
          "   scenario's coordinator_cost applies and group_fixed_cost is unused) */\n", f);
    if (inst->n_groups == 0) {
        empty_set(f, "GROUPS");
    } else {
        fputs("param : GROUPS : group_has_fixed group_fixed_cost :=\n", f);
        for (int i = 0; i < inst->n_groups; i++) {
            const group *g = &inst->groups[i];
            fputs("  ", f);
            put_sym(f, g->id);
            fprintf(f, " %d", g->has_fixed ? 1 : 0);
            put_num(f, g->has_fixed ? g->fixed_cost : 0.0);
            fputc('\n', f);
        }
        fputs(";\n", f);
    }
    int n_muni = 0;
    for (int i = 0; i < inst->n_sites; i++)
        if (inst->sites[i].kind == SITE_MUNICIPALITY && inst->sites[i].group >= 0) n_muni++;
    if (n_muni > 0) {
        fputs("\n/* group of each municipality */\nparam site_group :=\n", f);
        for (int i = 0; i < inst->n_sites; i++) {
            const site *st = &inst->sites[i];
            if (st->kind != SITE_MUNICIPALITY || st->group < 0) continue;
            fputs("  ", f);
            put_sym(f, st->id);
            fputc(' ', f);
            put_sym(f, inst->groups[st->group].id);
            fputc('\n', f);
        }
        fputs(";\n", f);
    }
}

/* Campuses, programmes and periods. */
static void export_campuses(FILE *f, const praksis_instance *inst)
{
    /* campuses */
    fputs("\n/* campuses: institution, lat, lon */\n", f);
    if (inst->n_campuses == 0) {
        empty_set(f, "CAMPUSES");
    } else {
        fputs("param : CAMPUSES : campus_inst campus_lat campus_lon :=\n", f);
        for (int i = 0; i < inst->n_campuses; i++) {
            const campus *k = &inst->campuses[i];
            fputs("  ", f);
            put_sym(f, k->id);
            fputc(' ', f);
            put_sym(f, k->institution);
            put_num(f, k->lat);
            put_num(f, k->lon);
            fputc('\n', f);
        }
        fputs(";\n", f);
    }

    /* programmes */
    fputs("\n/* programmes: prog_has_share 1 = own municipal_share given (else the\n"
          "   scenario's applies); ratio = students per supervisor */\n", f);
    if (inst->n_programmes == 0) {
        empty_set(f, "PROGS");
    } else {
        fputs("param : PROGS : prog_has_share prog_share ratio :=\n", f);
        for (int i = 0; i < inst->n_programmes; i++) {
            const programme *p = &inst->programmes[i];
            fputs("  ", f);
            put_sym(f, p->id);
            fprintf(f, " %d", p->has_share ? 1 : 0);
            put_num(f, p->has_share ? p->share : 0.0);
            fprintf(f, " %d\n", p->ratio);
        }
        fputs(";\n", f);
    }

    /* periods */
    fputs("\nset PERIODS :=", f);
    for (int i = 0; i < inst->n_periods; i++) {
        fputs(i % 8 == 0 ? "\n  " : " ", f);
        put_sym(f, inst->periods[i]);
    }
    fputs(";\n", f);
}

/* Cohorts, unscaled. */
static void export_cohorts(FILE *f, const praksis_instance *inst)
{
    /* cohorts */
    fputs("\n/* cohorts: campus, programme, period, students (before demand_scale), weeks */\n", f);
    if (inst->n_cohorts == 0) {
        empty_set(f, "COHORTS");
    } else {
        fputs("param : COHORTS : coh_campus coh_prog coh_period coh_students coh_weeks :=\n", f);
        for (int i = 0; i < inst->n_cohorts; i++) {
            const cohort *c = &inst->cohorts[i];
            fputs("  ", f);
            put_sym(f, c->id);
            fputc(' ', f);
            put_sym(f, inst->campuses[c->campus].id);
            fputc(' ', f);
            put_sym(f, inst->programmes[c->programme].id);
            fputc(' ', f);
            put_sym(f, inst->periods[c->period]);
            fprintf(f, " %ld", c->students);
            put_num(f, c->weeks);
            fputc('\n', f);
        }
        fputs(";\n", f);
    }
}

/* Capacity rows as given: per programme, then the '*' rows; and the distance overrides. */
static void export_capacity(FILE *f, const praksis_instance *inst)
{
    /* capacity rows: per programme, then '*' rows */
    int n_prog_rows = 0, n_star_rows = 0;
    for (int i = 0; i < inst->n_cap; i++) {
        if (inst->cap[i].programme < 0)
            n_star_rows++;
        else
            n_prog_rows++;
    }
    fputs("\n/* capacity rows for one programme: places and supervisors before\n"
          "   capacity_scale; capp_has_sup 0 = no supervisor limit */\n", f);
    if (n_prog_rows == 0) {
        empty_set(f, "CAPP");
    } else {
        fputs("param : CAPP : capp_places capp_has_sup capp_sup :=\n", f);
        for (int i = 0; i < inst->n_cap; i++) {
            const caprow *r = &inst->cap[i];
            if (r->programme < 0) continue;
            fputs("  ", f);
            put_sym(f, inst->sites[r->site].id);
            fputc(' ', f);
            put_sym(f, inst->programmes[r->programme].id);
            fputc(' ', f);
            put_sym(f, inst->periods[r->period]);
            fprintf(f, " %ld %d %ld\n", r->places, r->supervisors >= 0 ? 1 : 0,
                    r->supervisors >= 0 ? r->supervisors : 0L);
        }
        fputs(";\n", f);
    }
    fputs("\n/* '*' capacity rows (all programmes of a site and period) */\n", f);
    if (n_star_rows == 0) {
        empty_set(f, "CAPS");
    } else {
        fputs("param : CAPS : caps_places caps_has_sup caps_sup :=\n", f);
        for (int i = 0; i < inst->n_cap; i++) {
            const caprow *r = &inst->cap[i];
            if (r->programme >= 0) continue;
            fputs("  ", f);
            put_sym(f, inst->sites[r->site].id);
            fputc(' ', f);
            put_sym(f, inst->periods[r->period]);
            fprintf(f, " %ld %d %ld\n", r->places, r->supervisors >= 0 ? 1 : 0,
                    r->supervisors >= 0 ? r->supervisors : 0L);
        }
        fputs(";\n", f);
    }

    /* distance overrides */
    fputs("\n/* measured road distances (km) replacing computed ones */\n", f);
    if (inst->n_dist == 0) {
        empty_set(f, "DIST");
    } else {
        fputs("param : DIST : dist_km :=\n", f);
        for (int i = 0; i < inst->n_dist; i++) {
            const distance *d = &inst->dist[i];
            fputs("  ", f);
            put_sym(f, inst->campuses[d->campus].id);
            fputc(' ', f);
            put_sym(f, inst->sites[d->site].id);
            put_num(f, d->km);
            fputc('\n', f);
        }
        fputs(";\n", f);
    }
}

/* The scenario after all its layers. */
static void export_scenario(FILE *f, const praksis_settings *s)
{
    /* the scenario */
    fputs("\n/* the scenario */\n", f);
    fputs("param travel_rate :=", f); put_num(f, s->travel_rate); fputs(";\n", f);
    fputs("param supervision_rate :=", f); put_num(f, s->supervision_rate); fputs(";\n", f);
    fputs("param hospital_supervision_rate :=", f); put_num(f, s->hospital_supervision_rate); fputs(";\n", f);
    fputs("param coordinator_cost :=", f); put_num(f, s->coordinator_cost); fputs(";\n", f);
    fputs("param commute_km :=", f); put_num(f, s->commute_km); fputs(";\n", f);
    fputs("param road_factor :=", f); put_num(f, s->road_factor); fputs(";\n", f);
    fprintf(f, "param min_relocated_group := %d;\n", s->min_relocated_group);
    fputs("param municipal_share :=", f); put_num(f, s->municipal_share); fputs(";\n", f);
    fputs("param capacity_scale :=", f); put_num(f, s->capacity_scale); fputs(";\n", f);
    fputs("param demand_scale :=", f); put_num(f, s->demand_scale); fputs(";\n", f);
    fprintf(f, "param shortest_moves := %d;\n", s->shortest_moves ? 1 : 0);
    fprintf(f, "param include_all := %d;\n", s->programmes ? 0 : 1);
    fputs("set SCEN_PROGS :=", f);
    if (s->programmes) {
        for (int i = 0; i < s->n_programmes; i++) {
            int dup = 0; /* a set lists each member once */
            for (int j = 0; j < i && !dup; j++)
                dup = strcmp(s->programmes[i], s->programmes[j]) == 0;
            if (dup) continue;
            fputc(' ', f);
            put_sym(f, s->programmes[i]);
        }
    }
    fputs(";\n\nend;\n", f);
}

int pk_export_dat_write(FILE *f, const praksis_instance *inst, const praksis_settings *s)
{
    if (!f || !inst || !s) return -1;
    export_header(f, inst);
    export_sites(f, inst);
    export_campuses(f, inst);
    export_cohorts(f, inst);
    export_capacity(f, inst);
    put_students(f, inst);
    export_agreements(f, inst, s);
    export_scenario(f, s);
    return ferror(f) ? -1 : 0;
}

static int export_cb(FILE *f, const void *ctx)
{
    const problem *P = ctx;
    return pk_export_dat_write(f, P->inst, &P->set);
}

praksis_error praksis_problem_export_dat(const praksis_problem *P, const char *path, praksis_diag *diag)
{
    if (!P || !path || !*path) {
        pk_diag_set(diag, path ? path : "", 0, 0, "praksis_problem_export_dat: missing problem or path");
        return PRAKSIS_ERR_USAGE;
    }
    if (check_ids(P->inst, &P->set, diag)) return PRAKSIS_ERR_INPUT;
    return pk_write_atomic(path, export_cb, P, diag);
}
