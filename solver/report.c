/*
 * report.c - stage 6: the plan as files.  Every file is written to a
 * temporary name in the target directory and renamed into place, so a
 * reader never sees half a file.  All figures come from check.c's
 * recomputation, never from solver variables.
 */
#define _GNU_SOURCE /* renameat2 */
#include "result.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

/* A path that exists and is not a regular file (a device such as
 * /dev/stdout, a pipe) is written in place: renaming over it would replace
 * the device with a file. */
static praksis_error write_in_place(const char *path, write_fn fn, const void *ctx, praksis_diag *diag)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(errno));
        return PRAKSIS_ERR_IO;
    }
    int bad = fn(f, ctx) != 0;
    bad |= fflush(f) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(errno ? errno : EIO));
        return PRAKSIS_ERR_IO;
    }
    return PRAKSIS_OK;
}

praksis_error pk_write_atomic(const char *path, write_fn fn, const void *ctx, praksis_diag *diag)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            pk_diag_set(diag, path, 0, 0, "expected a file name, found a directory");
            return PRAKSIS_ERR_IO;
        }
        return write_in_place(path, fn, ctx, diag);
    }
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) return PRAKSIS_ERR_NOMEM;
    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        pk_diag_set(diag, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
        free(tmp);
        return PRAKSIS_ERR_IO;
    }
    fchmod(fd, 0644); /* mkstemp makes 0600; outputs are for sharing */
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        return PRAKSIS_ERR_IO;
    }
    int bad = fn(f, ctx) != 0;
    bad |= fflush(f) != 0;
    bad |= ferror(f) != 0;
    int err = errno;
    bad |= fsync(fileno(f)) != 0 && errno != EINVAL;
    bad |= fclose(f) != 0;
    if (!bad && rename(tmp, path) != 0) {
        err = errno;
        bad = 1;
    }
    if (bad) {
        unlink(tmp);
        pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(err ? err : EIO));
        free(tmp);
        return PRAKSIS_ERR_IO;
    }
    free(tmp);
    return PRAKSIS_OK;
}

/* A CSV field, quoted only when it has to be. */
static void csv_field(FILE *f, const char *s)
{
    size_t n = strlen(s);
    if (!strpbrk(s, ",;\"\r\n") && (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Money to the øre and weeks to 1e-6: no binary noise in the files. */
static double r2(double v) { double r = round(v * 100) / 100; return r == 0 ? 0 : r; }
static double r6(double v) { double r = round(v * 1e6) / 1e6; return r == 0 ? 0 : r; }

static int write_assignments(FILE *f, const void *ctx)
{
    const praksis_result *R = ctx;
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    fputs("cohort,institution,campus,programme,period,site,site_kind,students,weeks,km,relocated,travel_cost,"
          "supervision_cost\n", f);
    for (long i = 0; i < P->n_pairs; i++) {
        if (!R->x[i]) continue;
        const pair *q = &P->pairs[i];
        const cohort *h = &I->cohorts[P->coh[q->coh]];
        const campus *k = &I->campuses[h->campus];
        const site *s = &I->sites[q->site];
        csv_field(f, h->id);
        fputc(',', f);
        csv_field(f, k->institution);
        fputc(',', f);
        csv_field(f, k->id);
        fputc(',', f);
        csv_field(f, I->programmes[h->programme].id);
        fputc(',', f);
        csv_field(f, I->periods[h->period]);
        fputc(',', f);
        csv_field(f, s->id);
        fprintf(f, ",%s,%ld,%.15g,%.1f,%d,%.15g,%.15g\n", s->kind == SITE_MUNICIPALITY ? "municipality" : "hospital",
                R->x[i], h->weeks, q->km, q->relocated, r2((double)R->x[i] * q->travel),
                r2((double)R->x[i] * q->supervision));
    }
    return 0;
}

static int write_unplaced(FILE *f, const void *ctx)
{
    const praksis_result *R = ctx;
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    fputs("cohort,programme,period,students,weeks\n", f);
    for (int k = 0; k < P->n_coh; k++) {
        if (!R->u[k]) continue;
        const cohort *h = &I->cohorts[P->coh[k]];
        csv_field(f, h->id);
        fputc(',', f);
        csv_field(f, I->programmes[h->programme].id);
        fputc(',', f);
        csv_field(f, I->periods[h->period]);
        fprintf(f, ",%ld,%.15g\n", R->u[k], h->weeks);
    }
    return 0;
}

typedef struct site_period {
    long students, relocated, supervisors;
} site_period;

static int write_site_use(FILE *f, const void *ctx)
{
    const praksis_result *R = ctx;
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    size_t NT = (size_t)(I->n_periods ? I->n_periods : 1);
    size_t cells = (size_t)I->n_sites * NT;
    site_period *sp = calloc(cells, sizeof *sp);
    long *unit = calloc((size_t)P->n_units + 1, sizeof *unit);
    long *prog_places = calloc(cells, sizeof *prog_places);
    long *star_places = malloc(cells * sizeof *star_places);
    char *has_prog = calloc(cells, 1);
    if (!sp || !unit || !prog_places || !star_places || !has_prog) {
        free(has_prog);
        free(sp);
        free(unit);
        free(prog_places);
        free(star_places);
        return -1;
    }
    for (size_t i = 0; i < cells; i++) star_places[i] = -1;
    for (long i = 0; i < P->n_pairs; i++) {
        if (!R->x[i]) continue;
        const pair *q = &P->pairs[i];
        site_period *c = &sp[(size_t)q->site * NT + I->cohorts[P->coh[q->coh]].period];
        c->students += R->x[i];
        if (q->relocated) c->relocated += R->x[i];
        unit[q->unit] += R->x[i];
    }
    for (int u = 0; u < P->n_units; u++) {
        long ratio = I->programmes[P->units[u].programme].ratio;
        sp[(size_t)P->units[u].site * NT + P->units[u].period].supervisors += (unit[u] + ratio - 1) / ratio;
    }
    /* places: the '*' row if any, else the included programmes' rows, whichever is less */
    const praksis_settings *S = &P->set;
    for (int r = 0; r < I->n_cap; r++) {
        const caprow *c = &I->cap[r];
        size_t i = (size_t)c->site * NT + c->period;
        if (c->programme < 0) {
            star_places[i] = P->places[r];
        } else {
            int inc = !S->programmes;
            for (int k = 0; !inc && k < S->n_programmes; k++)
                inc = strcmp(S->programmes[k], I->programmes[c->programme].id) == 0;
            if (inc) {
                prog_places[i] += P->places[r];
                has_prog[i] = 1;
            }
        }
    }
    fputs("site,kind,group,period,students,relocated_students,supervisors_used,places\n", f);
    for (int j = 0; j < I->n_sites; j++)
        for (int t = 0; t < I->n_periods; t++) {
            size_t i = (size_t)j * NT + (size_t)t;
            if (!sp[i].students) continue;
            const site *s = &I->sites[j];
            long places = prog_places[i];
            if (star_places[i] >= 0)
                places = has_prog[i] && prog_places[i] < star_places[i] ? prog_places[i] : star_places[i];
            csv_field(f, s->id);
            fprintf(f, ",%s,", s->kind == SITE_MUNICIPALITY ? "municipality" : "hospital");
            csv_field(f, s->group >= 0 ? I->groups[s->group].id : "");
            fputc(',', f);
            csv_field(f, I->periods[t]);
            fprintf(f, ",%ld,%ld,%ld,%ld\n", sp[i].students, sp[i].relocated, sp[i].supervisors, places);
        }
    free(sp);
    free(unit);
    free(prog_places);
    free(star_places);
    free(has_prog);
    return 0;
}

int praksis_result_share_count(const praksis_result *r) { return r->P->n_ipgs; }

void praksis_result_share(const praksis_result *r, int i, praksis_share *out)
{
    const problem *P = r->P;
    const ipgroup *G = &P->ipgs[i];
    out->institution = P->inst->institutions[G->inst];
    out->programme = P->inst->programmes[G->programme].id;
    out->target_share = P->share[G->programme];
    out->student_weeks = G->demand_weeks;
    out->municipal_weeks = r->ipg[i].municipal_weeks;
    out->deficit_weeks = r->ipg[i].deficit;
}

char *praksis_result_summary_json(const praksis_result *R)
{
    const problem *P = R->P;
    const praksis_instance *I = P->inst;
    const praksis_summary *S = &R->sum;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "status", praksis_status_string(S->status));
    cJSON_AddStringToObject(o, "stopped_by", praksis_stop_string(S->stop));
    cJSON_AddNumberToObject(o, "unplaced_weeks", r6(S->unplaced_weeks));
    cJSON_AddNumberToObject(o, "share_deficit_weeks", r6(S->share_deficit_weeks));
    cJSON *cost = cJSON_AddObjectToObject(o, "cost");
    cJSON_AddNumberToObject(cost, "travel", r2(S->cost_travel));
    cJSON_AddNumberToObject(cost, "supervision", r2(S->cost_supervision));
    cJSON_AddNumberToObject(cost, "fixed", r2(S->cost_fixed));
    cJSON_AddNumberToObject(cost, "total", r2(S->cost_total));
    cJSON_AddNumberToObject(cost, "per_placed_student_week", S->placed_weeks > 0 ? r2(S->cost_total / S->placed_weeks) : 0);
    cJSON_AddNumberToObject(o, "students", (double)S->students);
    cJSON_AddNumberToObject(o, "placed", (double)S->placed);
    cJSON_AddNumberToObject(o, "unplaced", (double)S->unplaced);
    cJSON_AddNumberToObject(o, "relocated_students", (double)S->relocated_students);
    cJSON_AddNumberToObject(o, "student_weeks", r6(S->student_weeks));
    cJSON_AddNumberToObject(o, "placed_weeks", r6(S->placed_weeks));
    cJSON_AddNumberToObject(o, "municipal_weeks", r6(S->municipal_weeks));
    cJSON_AddNumberToObject(o, "relocated_weeks", r6(S->relocated_weeks));
    cJSON_AddNumberToObject(o, "municipal_target_weeks", r6(P->target_weeks));
    cJSON_AddNumberToObject(o, "municipal_share", S->student_weeks > 0 ? r6(S->municipal_weeks / S->student_weeks) : 0);
    cJSON_AddNumberToObject(o, "municipalities_used", S->municipalities_used);
    cJSON_AddNumberToObject(o, "groups_used", S->groups_used);
    cJSON_AddNumberToObject(o, "sites_used", S->sites_used);
    cJSON *shares = cJSON_AddArrayToObject(o, "shares");
    for (int g = 0; g < P->n_ipgs; g++) {
        const ipgroup *G = &P->ipgs[g];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "institution", I->institutions[G->inst]);
        cJSON_AddStringToObject(e, "programme", I->programmes[G->programme].id);
        cJSON_AddNumberToObject(e, "target_share", P->share[G->programme]);
        cJSON_AddNumberToObject(e, "student_weeks", r6(G->demand_weeks));
        cJSON_AddNumberToObject(e, "target_weeks", r6(G->target_weeks));
        cJSON_AddNumberToObject(e, "municipal_weeks", r6(R->ipg[g].municipal_weeks));
        cJSON_AddNumberToObject(e, "share", G->demand_weeks > 0 ? r6(R->ipg[g].municipal_weeks / G->demand_weeks) : 0);
        cJSON_AddNumberToObject(e, "deficit_weeks", r6(R->ipg[g].deficit));
        cJSON_AddItemToArray(shares, e);
    }
    cJSON *sv = cJSON_AddObjectToObject(o, "solver");
    cJSON_AddNumberToObject(sv, "seconds", round(S->seconds * 1000) / 1000);
    if (S->gap >= 0 && isfinite(S->gap))
        cJSON_AddNumberToObject(sv, "gap", S->gap);
    else
        cJSON_AddNullToObject(sv, "gap");
    cJSON_AddNumberToObject(sv, "nodes", (double)S->nodes);
    cJSON_AddNumberToObject(sv, "levels_proven", S->levels_proven);
    cJSON *lv = cJSON_AddArrayToObject(sv, "levels");
    for (int k = 0; k < 3; k++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddNumberToObject(e, "seconds", round(S->level_seconds[k] * 1000) / 1000);
        cJSON_AddNumberToObject(e, "nodes", (double)S->level_nodes[k]);
        cJSON_AddItemToArray(lv, e);
    }
    cJSON_AddItemToObject(o, "scenario", pk_settings_to_json(&P->set));
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}


/* What a plan directory holds: replaced together, never mixed with the
 * files of another plan. */
static const char *const plan_files[] = {"assignments.csv", "unplaced.csv", "site_use.csv", "summary.json",
                                         "report.html"};
enum { N_PLAN_FILES = sizeof plan_files / sizeof plan_files[0] };

static int is_plan_file(const char *name)
{
    for (int k = 0; k < N_PLAN_FILES; k++)
        if (strcmp(name, plan_files[k]) == 0) return 1;
    return 0;
}

/* Remove a directory holding at most the plan files (a staging directory,
 * or the old plan after the swap). */
static void remove_plan_dir(const char *dir)
{
    char path[4096];
    for (int k = 0; k < N_PLAN_FILES; k++) {
        pk_path_join(path, sizeof path, dir, plan_files[k]);
        unlink(path);
    }
    DIR *d = opendir(dir);
    if (d) { /* temporary files of a write that failed half-way */
        struct dirent *e;
        while ((e = readdir(d)))
            if (strstr(e->d_name, ".tmp.")) {
                pk_path_join(path, sizeof path, dir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dir);
}

/* Staging directories of earlier writes to the same target that never
 * finished (killed by a second Ctrl-C, a power cut).  Only plan files are
 * removed from them: one that holds anything else stays. */
static void remove_stale_staging(const char *parent, const char *base)
{
    char prefix[512], path[8256];
    if (snprintf(prefix, sizeof prefix, ".%s.new-", base) >= (int)sizeof prefix) return;
    DIR *d = opendir(parent);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
            remove_plan_dir(path);
        }
    closedir(d);
}

/* Move every entry of from that is not a plan file into to (a sweep's
 * directory, the user's notes: they belong to the directory, not to the
 * plan).  back: undo a move.  Returns 0, or -1 with errno. */
static int carry_others(const char *from, const char *to)
{
    DIR *d = opendir(from);
    if (!d) return -1;
    int fd_from = dirfd(d), fd_to = open(to, O_RDONLY | O_DIRECTORY), rc = 0;
    if (fd_to < 0) {
        closedir(d);
        return -1;
    }
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !is_plan_file(e->d_name))
            rc = renameat(fd_from, e->d_name, fd_to, e->d_name);
    int err = errno;
    close(fd_to);
    closedir(d);
    errno = err;
    return rc;
}

/* The directory is one of ours to replace: empty, or holding a plan. */
static praksis_error check_replaceable(const char *dir, praksis_diag *diag)
{
    DIR *d = opendir(dir);
    if (!d) {
        pk_diag_set(diag, dir, 0, 0, "cannot read the output directory: %s", strerror(errno));
        return PRAKSIS_ERR_IO;
    }
    int entries = 0, plan = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        entries++;
        plan |= strcmp(e->d_name, "summary.json") == 0;
    }
    closedir(d);
    if (entries && !plan) {
        pk_diag_set(diag, dir, 0, 0,
                 "expected an empty output directory or one holding a plan (summary.json), found other files; "
                 "choose another directory with -o");
        return PRAKSIS_ERR_IO;
    }
    return PRAKSIS_OK;
}

static praksis_error write_plan_files(const praksis_result *R, const char *dir,
                                      const praksis_report_options *html, praksis_diag *diag)
{
    char path[4096];
    praksis_error rc;
    pk_path_join(path, sizeof path, dir, "assignments.csv");
    if ((rc = pk_write_atomic(path, write_assignments, R, diag))) return rc;
    pk_path_join(path, sizeof path, dir, "unplaced.csv");
    if ((rc = pk_write_atomic(path, write_unplaced, R, diag))) return rc;
    pk_path_join(path, sizeof path, dir, "site_use.csv");
    if ((rc = pk_write_atomic(path, write_site_use, R, diag))) return rc;
    char *json = praksis_result_summary_json(R);
    if (!json) return PRAKSIS_ERR_NOMEM;
    pk_path_join(path, sizeof path, dir, "summary.json");
    rc = pk_write_atomic(path, pk_write_text_line, json, diag);
    free(json);
    if (rc || !html) return rc;
    pk_path_join(path, sizeof path, dir, "report.html");
    return praksis_result_write_html(R, html, path, diag);
}

/* A diagnostic about the final path, not the staging name a file was
 * written under. */
static void name_final(praksis_diag *diag, const char *staging, const char *dir)
{
    size_t n = strlen(staging);
    if (strncmp(diag->file, staging, n) == 0) {
        char rest[sizeof diag->file];
        snprintf(rest, sizeof rest, "%s", diag->file + n);
        snprintf(diag->file, sizeof diag->file, "%s%s", dir, rest);
    }
}

praksis_error praksis_result_write(const praksis_result *R, const char *dir, const praksis_report_options *html,
                                   praksis_diag *diag)
{
    char target[4096], parent[4096], staging[8256];
    if (snprintf(target, sizeof target, "%s", dir) >= (int)sizeof target - 32 || !dir[0]) {
        pk_diag_set(diag, dir, 0, 0, "expected an output directory path under %zu bytes", sizeof target - 32);
        return PRAKSIS_ERR_IO;
    }
    size_t len = strlen(target);
    while (len > 1 && target[len - 1] == '/') target[--len] = 0;
    struct stat st;
    int exists = lstat(target, &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) { /* replace what the link points at, keep the link */
        char *real = realpath(target, NULL);
        if (!real || strlen(real) >= sizeof target - 32 || stat(real, &st) != 0) {
            pk_diag_set(diag, dir, 0, 0, "cannot follow the link to the output directory: %s", strerror(errno));
            free(real);
            return PRAKSIS_ERR_IO;
        }
        snprintf(target, sizeof target, "%s", real);
        free(real);
    }
    if (exists && !S_ISDIR(st.st_mode)) {
        pk_diag_set(diag, dir, 0, 0, "expected an output directory, found a file");
        return PRAKSIS_ERR_IO;
    }
    praksis_error rc = exists ? check_replaceable(target, diag) : PRAKSIS_OK;
    if (rc) return rc;
    /* the staging directory sits beside the target: same file system, so
     * the final rename cannot copy */
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    if (slash == target) snprintf(parent, sizeof parent, "/");
    else if (slash) snprintf(parent, sizeof parent, "%.*s", (int)(slash - target), target);
    else snprintf(parent, sizeof parent, ".");
    if (!exists && (rc = pk_make_dirs(parent, diag))) return rc;
    remove_stale_staging(parent, base);
    snprintf(staging, sizeof staging, "%s/.%s.new-XXXXXX", parent, base);
    if (!mkdtemp(staging)) {
        pk_diag_set(diag, target, 0, 0, "cannot create a directory beside the output directory: %s", strerror(errno));
        return PRAKSIS_ERR_IO;
    }
    chmod(staging, 0755); /* mkdtemp makes 0700; plans are for sharing */
    if ((rc = write_plan_files(R, staging, html, diag))) {
        name_final(diag, staging, dir);
        remove_plan_dir(staging);
        return rc;
    }
    int err = 0;
    if (!exists) {
        if (rename(staging, target) != 0) err = errno;
    } else if (carry_others(target, staging) != 0) {
        err = errno;
        carry_others(staging, target);
    } else if (renameat2(AT_FDCWD, staging, AT_FDCWD, target, RENAME_EXCHANGE) != 0) {
        err = errno;
        if (err == EINVAL || err == ENOSYS) {
            /* a file system without the atomic exchange: two renames, with
             * a moment in which the directory is missing but never mixed */
            char aside[8256 + 8];
            snprintf(aside, sizeof aside, "%s.old", staging);
            if (rename(target, aside) == 0) {
                if (rename(staging, target) == 0) {
                    rename(aside, staging);
                    err = 0;
                } else {
                    err = errno;
                    rename(aside, target);
                }
            } else {
                err = errno;
            }
        }
        if (err) carry_others(staging, target);
    }
    if (err) {
        remove_plan_dir(staging);
        pk_diag_set(diag, dir, 0, 0, "cannot put the new plan in place: %s", strerror(err));
        return PRAKSIS_ERR_IO;
    }
    if (exists) remove_plan_dir(staging); /* now the old plan */
    int pfd = open(parent, O_RDONLY | O_DIRECTORY);
    if (pfd >= 0) { /* the swap itself survives a crash */
        fsync(pfd);
        close(pfd);
    }
    return PRAKSIS_OK;
}
