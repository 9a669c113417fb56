/*
 * cli_report.c - `praksis finance` (the IS-2956 alternatives, with a
 * solved plan's counterpart) and `praksis report` (report.html of a plan,
 * sweep.html of a sweep, read back from their files).
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis.h"
#include "praksis_finance.h"
#include "praksis_report.h"

#include <cjson/cJSON.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

/* ------------------------------------------------------------ finance */
static const char *mill(double kr, char *buf, size_t n)
{
    if (!isfinite(kr))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.1f", kr / 1e6);
    return buf;
}

static void print_finance(const praksis_finance *f, const char *csv)
{
    int n_all, n_six;
    double w_all, w_six;
    char a[64], b[64], c[64], e[64], g[64];
    praksis_finance_weeks(f, &n_all, &w_all, &n_six, &w_six);
    praksis_finance_alt rep[4], pl[4];
    praksis_finance_compute(f, 0, rep);
    praksis_finance_plan_info pi;
    int has_plan = praksis_finance_plan(f, &pi) == 0;
    if (has_plan) praksis_finance_compute(f, 1, pl);
    printf("IS-2956 financing alternatives, from %s\n", csv);
    printf("  %d programmes, %s municipal student-weeks a year; %d prioritised, %s\n", n_all,
           cli_thousands(w_all, a, sizeof a), n_six, cli_thousands(w_six, b, sizeof b));
    printf("  rates: 380 mill. kr administration (2A, 2B) or 350 mill. frame + 30 mill. K2020 (hybrid);\n"
           "         500 kr/week supervision, 1 500 kr/week travel and second home\n");
    if (has_plan) {
        printf("  plan%s %s (%s): %.1f of %.1f municipal student-weeks relocated (%.1f %%)", pi.plans > 1 ? "s" : "", pi.dir, pi.status,
               pi.relocated_weeks, pi.municipal_weeks, 100 * pi.share);
        if (pi.share_six >= 0)
            printf("; six prioritised: %.1f of %.1f (%.1f %%)\n", pi.relocated_weeks_six, pi.municipal_weeks_six,
                   100 * pi.share_six);
        else
            printf("; none of the six prioritised programmes\n");
        if (pi.programmes_unknown)
            printf("  (%d of the plan's %d programmes are not in %s: counted in \"all\" only)\n", pi.programmes_unknown,
                   pi.programmes, csv);
    }
    printf("\n%-35s %9s | %-29s", "", "", "report (IS-2956)");
    if (has_plan) printf(" | planned (travel share from the plan)");
    printf("\n%-35s %9s | %7s %8s %12s", "alternative", "weeks", "travel", "kr/week", "mill. kr");
    if (has_plan) printf(" | %7s %8s %12s %8s", "travel", "kr/week", "mill. kr", "change");
    printf("\n");
    for (int i = 0; i < 4; i++) {
        const praksis_finance_alt *r = &rep[i];
        printf("%-3s %-31s %9s | %6.1f%% %8s %12s", i < 2 ? r->id : "", r->title, cli_thousands(r->weeks, a, sizeof a),
               100 * r->travel_share, r->price > 0 ? cli_thousands(r->price, b, sizeof b) : "-", mill(r->total, c, sizeof c));
        if (has_plan) {
            const praksis_finance_alt *p = &pl[i];
            if (p->travel_share < 0)
                printf(" | %7s %8s %12s %8s", "-", "-", "-", "-");
            else
                printf(" | %6.1f%% %8s %12s %+7.1f%%", 100 * p->travel_share,
                       p->price > 0 ? cli_thousands(p->price, e, sizeof e) : "-", mill(p->total, g, sizeof g),
                       100 * (p->total - r->total) / r->total);
        }
        printf("\n");
    }
    printf("\nhybrid model by element (mill. kr): frame + K2020, supervision, travel\n");
    for (int i = 2; i < 4; i++) {
        printf("  %-24s report  %s + %s + %s = %s\n", rep[i].title, mill(rep[i].fixed, a, sizeof a),
               mill(rep[i].supervision, b, sizeof b), mill(rep[i].travel, c, sizeof c), mill(rep[i].total, e, sizeof e));
        if (has_plan && pl[i].travel_share >= 0)
            printf("  %-24s planned %s + %s + %s = %s\n", "", mill(pl[i].fixed, a, sizeof a),
                   mill(pl[i].supervision, b, sizeof b), mill(pl[i].travel, c, sizeof c), mill(pl[i].total, e, sizeof e));
    }
    printf("\n2A and 2B pay the travel rate with every week (a flat per-week price, rounded to tens of\n"
           "kroner as the report does); the hybrid pays it for the report's guess of one third of the\n"
           "weeks.%s\n",
           has_plan ? " The planned columns pay it for the share of municipal student-weeks the plan\n"
                      "places beyond commuting distance."
                    : " Add --plan DIR (a solved plan) for the planned counterpart.");
}

int cli_run_finance(const options *o)
{
    /* the shipped figures, found from the repository root */
    const char *csv = o->programmes_csv ? o->programmes_csv : "../shared/data/programs-2019.csv";
    const char **plans = o->plans.v;
    int n_plans = o->plans.n, json = o->json;
    if (!o->programmes_csv && !cli_file_exists(csv)) {
        cli_msg("%s: expected the programme file, found nothing there: run from the repository root or give "
            "--programmes-csv FILE", csv);
        return EXIT_INPUT;
    }
    praksis_diag d = {0};
    praksis_finance *f = NULL;
    praksis_error e = praksis_finance_load(csv, NULL, &f, &d);
    for (int i = 0; i < n_plans && !e; i++) e = praksis_finance_add_plan(f, plans[i], &d);
    if (e) {
        praksis_finance_free(f);
        return cli_fail(e, &d);
    }
    if (json) {
        char *j = praksis_finance_json(f);
        if (j) puts(j);
        free(j);
    } else {
        print_finance(f, csv);
    }
    praksis_finance_free(f);
    return 0;
}

/* ------------------------------------------------------------ report */
/* The earlier plan a plan was compared with when its solve was given
 * --previous: summary.json's changes.previous_plan names that plan's
 * assignments.csv.  Its directory in buf and 1; 0 when the plan was
 * compared with its instance's previous.csv, or with nothing. */
static int previous_of(const char *outdir, char *buf, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t len = 0;
    if (f) {
        FILE *m = open_memstream(&text, &len);
        int ch;
        while (m && (ch = fgetc(f)) != EOF) fputc(ch, m);
        if (m) fclose(m);
        fclose(f);
    }
    cJSON *root = text ? cJSON_Parse(text) : NULL;
    free(text);
    const cJSON *prev = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "changes"), "previous_plan");
    const char *tail = "/assignments.csv";
    int found = 0;
    if (cJSON_IsString(prev) && strlen(prev->valuestring) > strlen(tail) && strlen(prev->valuestring) < n &&
        !strcmp(prev->valuestring + strlen(prev->valuestring) - strlen(tail), tail)) {
        snprintf(buf, n, "%.*s", (int)(strlen(prev->valuestring) - strlen(tail)), prev->valuestring);
        found = 1;
    }
    cJSON_Delete(root);
    return found;
}

/* praksis report OUTDIR [--instance DIR] [--lang nb|en] [--geojson FILE]:
 * report.html and plan.xlsx from a plan's files (read back and
 * re-checked, not re-solved), or sweep.html and sweep.xlsx from a sweep's
 * sweep.json. */
int cli_run_report(const options *o)
{
    const char *outdir = o->out, *idir = o->dir;
    praksis_report_options ro = {.lang = o->lang, .geojson = o->geojson};
    char path[4096], html[4096], xlsx[4096] = "";
    praksis_diag d = {0};
    praksis_error e;
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    if (!cli_file_exists(path)) {
        snprintf(path, sizeof path, "%s/sweep.json", outdir);
        if (!cli_file_exists(path)) {
            cli_msg("%s: expected a plan (summary.json) or a sweep (sweep.json), found neither", outdir);
            return EXIT_INPUT;
        }
        snprintf(html, sizeof html, "%s/sweep.html", outdir);
        praksis_sweep *sw = NULL;
        e = praksis_sweep_read(outdir, &sw, &d);
        if (!e) e = praksis_sweep_write_html(sw, &ro, html, &d);
        snprintf(xlsx, sizeof xlsx, "%s/sweep.xlsx", outdir);
        if (!e) e = praksis_sweep_write_xlsx(sw, &ro, xlsx, &d);
        praksis_sweep_free(sw);
    } else {
        praksis_instance *inst = NULL;
        praksis_result *r = NULL;
        char *named = NULL;
        snprintf(html, sizeof html, "%s/report.html", outdir);
        e = PRAKSIS_OK;
        if (!idir) { /* the instance summary.json names; when it cannot be had, say what to do */
            e = praksis_result_instance(outdir, &named, &d);
            if (!e && !named) {
                cli_msg("%s: names no instance (a plan written before summary.json did): pass --instance DIR", path);
                return EXIT_INPUT;
            }
            size_t l = strlen(d.message);
            if (e == PRAKSIS_ERR_IO) snprintf(d.message + l, sizeof d.message - l, ": pass --instance DIR");
        }
        /* compared with an earlier plan at the solve: the same one again, unless --previous says otherwise */
        char prev_dir[4096];
        const char *prev = o->previous ? o->previous : previous_of(outdir, prev_dir, sizeof prev_dir) ? prev_dir : NULL;
        if (!e) e = cli_load_instance(idir ? idir : named, prev, &inst, &d);
        free(named);
        if (!e) e = praksis_result_read(inst, outdir, &r, &d);
        if (!e) e = praksis_result_write_html(r, &ro, html, &d);
        snprintf(xlsx, sizeof xlsx, "%s/plan.xlsx", outdir); /* in the language asked, as the page */
        if (!e) e = praksis_result_write_xlsx(r, &ro, xlsx, &d);
        praksis_result_free(r);
        praksis_instance_free(inst);
    }
    if (e) return cli_fail(e, &d);
    printf("report written to %s\n", html);
    if (xlsx[0]) printf("workbook written to %s\n", xlsx);
    return 0;
}
