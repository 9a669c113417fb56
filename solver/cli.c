/*
 * cli.c - the `praksis` command: the only part that talks to the terminal,
 * handles signals and chooses exit codes.
 *
 * Exit codes: 0 optimal plan written (or command succeeded), 1 input
 * error, 2 usage error, 3 stopped by a limit or interruption (best plan
 * written, status feasible), 4 internal error.
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis.h"
#include "praksis_finance.h"
#include "praksis_report.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_STOPPED = 3, EXIT_INTERNAL = 4 };

static const char usage_text[] =
    "usage: praksis COMMAND [OPTIONS]\n"
    "\n"
    "Plan practice placements for health and social-care students: a MIP on GLPK\n"
    "that places everyone it can, then meets the municipal-share targets, then\n"
    "minimises cost.\n"
    "\n"
    "commands:\n"
    "  solve DIR    solve the instance in DIR and write the plan\n"
    "  check DIR    validate the instance and print its size, without solving\n"
    "  export DIR   write MathProg data (--dat) or the engine's model (--mps, --lp)\n"
    "  sweep DIR SWEEP.json   solve many scenarios of DIR in parallel and compare them\n"
    "  finance      the financing alternatives of IS-2956, and with --plan their\n"
    "               counterpart from a solved plan\n"
    "  report OUTDIR  write OUTDIR/report.html for a solved plan (sweep.html for a sweep)\n"
    "\n"
    "scenario options (all commands; layers: built-in < DIR/scenario.json < -s < flags in order):\n"
    "  -s, --scenario FILE   merge a scenario JSON file\n"
    "  --set KEY=VALUE       set one scenario key (see README for keys)\n"
    "  --time-limit S        same as --set time_limit=S (seconds for the whole solve)\n"
    "  --gap G               same as --set mip_gap=G (relative gap on the cost level)\n"
    "\n"
    "solve options:\n"
    "  -o, --output DIR      where to write the plan (default: out)\n"
    "  -q, --quiet           no summary and no progress\n"
    "  --json                print summary.json on stdout instead of the summary\n"
    "  --report              also write OUTDIR/report.html: map, charts, tables (one file)\n"
    "  --lang nb|en          the report's language (default nb: Norwegian bokmål)\n"
    "  --geojson FILE        municipality polygons for the map (default: look for\n"
    "                        shared/data/norway/municipalities-simplified.geojson)\n"
    "\n"
    "report options (praksis report OUTDIR; the plan is read back, never re-solved):\n"
    "  --instance DIR        the instance the plan in OUTDIR was solved from (a sweep's\n"
    "                        OUTDIR, with sweep.json, needs none)\n"
    "  --lang nb|en, --geojson FILE   as for solve\n"
    "\n"
    "export options:\n"
    "  --dat FILE            data for models/placement.mod\n"
    "  --mps FILE, --lp FILE the engine's model of one level\n"
    "  --level N             which level to export (1, 2 or 3; default 1)\n"
    "  --opt1 V, --opt2 V    optima of the earlier levels (needed for levels 2 and 3)\n"
    "\n"
    "sweep options (praksis sweep DIR SWEEP.json):\n"
    "  -o, --output DIR      where to write (default: out/sweep): DIR/<scenario>/ with\n"
    "                        each plan, and DIR/sweep.csv, DIR/sweep.json comparing them\n"
    "  --threads N           scenarios solved at once (default: one per core)\n"
    "  --set KEY=VALUE       set a key in every scenario (also --time-limit, --gap);\n"
    "                        layers: built-in < DIR/scenario.json < the sweep's base <\n"
    "                        the scenario's keys < --set\n"
    "  -q, --quiet           no progress lines and no table;  --json  sweep.json on stdout\n"
    "  --report [--lang nb|en]  also write DIR/sweep.html: charts of the key figures\n"
    "  SWEEP.json: {\"base\": {keys}, \"scenarios\": [{\"name\": N, keys...}, ...]}\n"
    "          or  {\"base\": {keys}, \"grid\": {\"key\": [values...], ...}}\n"
    "  exit 0 when every scenario is optimal; 3 when one stopped early; 1 or 4 when\n"
    "  one failed (its row in sweep.csv says why); 1 for a bad sweep file.\n"
    "\n"
    "finance options (praksis finance):\n"
    "  --programmes-csv FILE programme weeks (default: ../shared/data/programs-2019.csv)\n"
    "  --plan DIR            a solved plan (summary.json, assignments.csv): its relocated\n"
    "                        share of municipal student-weeks replaces the report's 1/3;\n"
    "                        repeat it to pool several plans (e.g. one per region)\n"
    "  --json                the figures as JSON\n"
    "\n"
    "  -h, --help            this text;  --version  the version\n"
    "\n"
    "exit codes: 0 optimal plan written, 1 input error, 2 usage error,\n"
    "3 stopped by a limit or interruption (best plan written, status feasible),\n"
    "4 internal error.\n";

static void msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("praksis: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("praksis: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\npraksis: try 'praksis --help'\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

static void print_diag(const praksis_diag *d)
{
    if (d->line > 0 && d->column > 0)
        msg("%s:%ld:%ld: %s", d->file, d->line, d->column, d->message);
    else if (d->line > 0)
        msg("%s:%ld: %s", d->file, d->line, d->message);
    else if (d->file[0])
        msg("%s: %s", d->file, d->message);
    else
        msg("%s", d->message);
}

static int exit_for(praksis_error e)
{
    switch (e) {
    case PRAKSIS_OK: return 0;
    case PRAKSIS_ERR_INPUT:
    case PRAKSIS_ERR_IO: return EXIT_INPUT;
    case PRAKSIS_ERR_USAGE: return EXIT_USAGE;
    default: return EXIT_INTERNAL;
    }
}

static int fail(praksis_error e, const praksis_diag *d)
{
    if (d->message[0])
        print_diag(d);
    else
        msg("%s", praksis_error_string(e));
    return exit_for(e);
}

static void warn(void *user, const praksis_diag *w)
{
    (void)user;
    if (w->line > 0)
        msg("warning: %s:%ld: %s", w->file, w->line, w->message);
    else
        msg("warning: %s: %s", w->file, w->message);
}

/* ------------------------------------------------------------ signals */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    if (interrupted) {
        /* second Ctrl-C: leave at once, writing nothing */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    interrupted = 1;
}

/* ------------------------------------------------------------ progress */
typedef struct progress_state {
    int tty, quiet;
    double last;
    int shown;
} progress_state;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *level_name(int level)
{
    return level == 1 ? "unplaced weeks" : level == 2 ? "share deficit" : "cost";
}

static int on_progress(void *user, const praksis_progress *p)
{
    progress_state *ps = user;
    if (!ps->quiet && ps->tty && p->seconds >= 1.0 && mono() - ps->last >= 0.25) {
        ps->last = mono();
        char inc[32] = "-", gap[32] = "-";
        if (isfinite(p->incumbent)) snprintf(inc, sizeof inc, "%.6g", p->incumbent);
        if (isfinite(p->gap)) snprintf(gap, sizeof gap, "%.2f%%", 100 * p->gap);
        if (!isfinite(p->bound))
            fprintf(stderr, "\r\033[Kpraksis: level %d (%s): incumbent %s, solving the LP relaxation, %.1f s",
                    p->level, level_name(p->level), inc, p->seconds);
        else
            fprintf(stderr, "\r\033[Kpraksis: level %d (%s): incumbent %s, bound %.6g, gap %s, %ld nodes, %.1f s",
                    p->level, level_name(p->level), inc, p->bound, gap, p->nodes, p->seconds);
        ps->shown = 1;
    }
    return interrupted != 0;
}

/* ------------------------------------------------------------ options */
typedef struct options {
    const char *dir;
    const char *out;
    int quiet, json;
    const char *dat, *mps, *lp;
    int level;
    double opt[2];
    int has_opt[2];
    int report;                  /* solve --report */
    const char *lang, *geojson;  /* report language and map */
} options;

typedef struct setting_arg {
    const char *key, *value;
    const char *file; /* -s FILE */
    char *owned;      /* key copied out of KEY=VALUE, freed at exit */
} setting_arg;

/* Thousands with a space, the Norwegian way, for the human summary only. */
static const char *thousands(double v, char *buf, size_t n)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.0f", fabs(v));
    size_t len = strlen(raw), o = 0;
    if (v < -0.5 && o < n - 1) buf[o++] = '-';
    for (size_t i = 0; i < len && o < n - 2; i++) {
        if (i > 0 && (len - i) % 3 == 0) buf[o++] = ' ';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
    return buf;
}

/* The municipalities with the most students, most first (at most n). */
static int top_municipalities(const praksis_result *r, praksis_site_use *top, int n)
{
    int k = 0, ns = praksis_result_site_count(r);
    for (int i = 0; i < ns; i++) {
        praksis_site_use u;
        praksis_result_site(r, i, &u);
        if (u.hospital || !u.students) continue;
        int at = k < n ? k++ : n;
        while (at > 0 && top[at - 1].students < u.students) {
            if (at < n) top[at] = top[at - 1];
            at--;
        }
        if (at < n) top[at] = u;
    }
    return k;
}

enum { SHARE_LINES_MAX = 24 };

static void print_summary(const char *dir, const char *out, const char *report, const praksis_result *r)
{
    char a[64], b[64], c[64], d[64];
    praksis_figures fig;
    praksis_solve_info info;
    praksis_result_figures(r, &fig);
    praksis_result_info(r, &info);
    const praksis_figures *s = &fig;
    const praksis_solve_info *v = &info;
    printf("praksis %s: %s: %s in %.2f s (%d of %d levels proven, %ld nodes)%s%s\n", PRAKSIS_VERSION, dir,
           praksis_status_string(v->status), v->seconds, v->levels_proven, PRAKSIS_LEVELS, v->nodes,
           v->stop != PRAKSIS_STOP_NONE ? ", stopped by " : "",
           v->stop == PRAKSIS_STOP_TIME_LIMIT ? "the time limit" : v->stop == PRAKSIS_STOP_INTERRUPTED ? "interruption" : "");
    printf("  students       %ld placed of %ld; %ld unplaced (%.1f student-weeks)\n", s->placed, s->students,
           s->unplaced, s->unplaced_weeks);
    printf("  municipal      %.1f of %.1f student-weeks (%.1f %%); share deficit %.1f student-weeks\n",
           s->municipal_weeks, s->student_weeks, 100 * s->municipal_share, s->share_deficit_weeks);
    printf("  relocated      %ld students (%.1f student-weeks) beyond commuting distance\n", s->relocated_students,
           s->relocated_weeks);
    int hospitals = s->sites_used - s->municipalities_used;
    printf("  sites used     %d municipalities in %d coordinator groups, %d hospital%s\n", s->municipalities_used,
           s->groups_used, hospitals, hospitals == 1 ? "" : "s");
    printf("  cost           %s kr = travel %s + supervision %s + coordinators %s\n", thousands(s->cost_total, a, sizeof a),
           thousands(s->cost_travel, b, sizeof b), thousands(s->cost_supervision, c, sizeof c),
           thousands(s->cost_fixed, d, sizeof d));
    if (s->placed_weeks > 0) printf("                 %.0f kr per placed student-week\n", s->cost_per_placed_week);
    /* stopped in the cost level: how far from the least cost it can be */
    if (v->stop != PRAKSIS_STOP_NONE && v->levels_proven == 2 && v->gap >= 0 && isfinite(v->gap))
        printf("                 at most %.2f %% above the least cost possible (not proven optimal)\n", 100 * v->gap);
    int n = praksis_result_share_count(r), short_of = 0;
    for (int i = 0; i < n; i++) {
        praksis_share sh;
        praksis_result_share(r, i, &sh);
        short_of += sh.deficit_weeks > 1e-6;
    }
    /* a national plan has about a hundred pairs: list them all only when
     * they fit on a screen, else those short of their target */
    int all = n <= SHARE_LINES_MAX;
    if (n > 0 && all) printf("  municipal share by institution and programme (achieved / target):\n");
    if (n > 0 && !all) {
        if (short_of)
            printf("  municipal share: %d of %d institution-programme pairs short of target (all in summary.json):\n",
                   short_of, n);
        else
            printf("  municipal share: all %d institution-programme pairs meet their target (each in summary.json)\n",
                   n);
    }
    for (int i = 0; i < n; i++) {
        praksis_share sh;
        praksis_result_share(r, i, &sh);
        if (!all && sh.deficit_weeks <= 1e-6) continue;
        char deficit[64] = "";
        if (sh.deficit_weeks > 1e-6) snprintf(deficit, sizeof deficit, ", %.1f student-weeks short", sh.deficit_weeks);
        printf("    %-8s %5.1f %% / %.0f %%  %s%s\n", sh.programme, 100 * sh.share, 100 * sh.target_share,
               sh.institution, deficit);
    }
    praksis_site_use top[5];
    int nt = top_municipalities(r, top, 5);
    if (nt > 0) printf("  most students  ");
    for (int i = 0; i < nt; i++) printf("%s %ld%s", top[i].name, top[i].students, i + 1 < nt ? ", " : "\n");
    printf("  plan written to %s/ (assignments.csv, unplaced.csv, site_use.csv, summary.json)\n", out);
    if (report) printf("  report written to %s\n", report);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Build the scenario: built-in < DIR/scenario.json < the arguments in order. */
static praksis_error build_settings(const char *dir, const setting_arg *args, int n, praksis_settings *s,
                                    praksis_diag *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    praksis_error rc;
    if (file_exists(path) && (rc = praksis_settings_merge_file(s, path, d))) return rc;
    for (int i = 0; i < n; i++) {
        if (args[i].file)
            rc = praksis_settings_merge_file(s, args[i].file, d);
        else
            rc = praksis_settings_set(s, args[i].key, args[i].value, d);
        if (rc) return rc;
    }
    return praksis_settings_validate(s, d);
}

static int parse_double(const char *t, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(t, &end);
    return *t && !*end && errno == 0 && isfinite(*v);
}

static int cmd_solve(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    progress_state ps = {.tty = isatty(2), .quiet = o->quiet};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    praksis_result *r = NULL;
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc) rc = praksis_problem_solve(p, on_progress, &ps, &r, &d);
    if (ps.shown) fputs("\r\033[K", stderr);
    if (rc) {
        praksis_problem_free(p);
        return fail(rc, &d);
    }
    char report[4096];
    snprintf(report, sizeof report, "%s/report.html", o->out);
    praksis_report_options ro = {o->lang, o->geojson, NULL};
    praksis_plan_extra html = praksis_report_extra(&ro);
    if ((rc = praksis_result_write(r, o->out, &html, o->report ? 1 : 0, &d))) {
        praksis_result_free(r);
        praksis_problem_free(p);
        return fail(rc, &d);
    }
    praksis_solve_info sum;
    praksis_result_info(r, &sum);
    if (o->json) {
        char *j = praksis_result_summary_json(r);
        if (j) puts(j);
        free(j);
    } else if (!o->quiet) {
        print_summary(o->dir, o->out, o->report ? report : NULL, r);
    }
    praksis_result_free(r);
    praksis_problem_free(p);
    if (sum.stop == PRAKSIS_STOP_TIME_LIMIT) msg("stopped by the time limit (%g s): the plan is feasible, not proven optimal", s->time_limit);
    if (sum.stop == PRAKSIS_STOP_INTERRUPTED) msg("interrupted: the best plan found so far was written");
    return sum.status == PRAKSIS_STATUS_OPTIMAL ? 0 : EXIT_STOPPED;
}

static int cmd_check(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    praksis_size z;
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc) rc = praksis_problem_size(p, &z, &d);
    praksis_problem_free(p);
    if (rc) return fail(rc, &d);
    if (o->json) {
        printf("{\"sites\": %d, \"municipalities\": %d, \"hospitals\": %d, \"groups\": %d, \"campuses\": %d, "
               "\"institutions\": %d, \"programmes\": %d, \"periods\": %d, \"cohorts\": %d, \"students\": %ld, "
               "\"student_weeks\": %.6f, \"municipal_target_weeks\": %.6f, \"capacity_rows\": %d, \"pairs\": %ld, "
               "\"relocated_pairs\": %ld, \"rows\": %d, \"cols\": %d, \"integers\": %d, \"nonzeros\": %ld}\n",
               z.sites, z.municipalities, z.hospitals, z.groups, z.campuses, z.institutions, z.programmes, z.periods,
               z.cohorts, z.students, z.student_weeks, z.municipal_target_weeks, z.capacity_rows, z.pairs,
               z.relocated_pairs, z.rows, z.cols, z.integers, z.nonzeros);
        return 0;
    }
    printf("%s: valid instance\n", o->dir);
    printf("  sites          %d (%d municipalities in %d coordinator groups, %d hospitals)\n", z.sites, z.municipalities,
           z.groups, z.hospitals);
    printf("  campuses       %d of %d institutions\n", z.campuses, z.institutions);
    printf("  programmes     %d included, %d periods\n", z.programmes, z.periods);
    printf("  cohorts        %d with %ld students, %.1f student-weeks\n", z.cohorts, z.students, z.student_weeks);
    printf("  municipal target %.1f student-weeks (%.1f %%)\n", z.municipal_target_weeks,
           z.student_weeks > 0 ? 100 * z.municipal_target_weeks / z.student_weeks : 0.0);
    printf("  capacity rows  %d\n", z.capacity_rows);
    printf("  candidate pairs %ld (%ld beyond commuting distance)\n", z.pairs, z.relocated_pairs);
    printf("  model          %d rows, %d columns (%d integer), %ld nonzeros\n", z.rows, z.cols, z.integers, z.nonzeros);
    return 0;
}

static int cmd_export(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    const char *path = o->mps ? o->mps : o->lp;
    if (path && o->level > 1 && !o->has_opt[0]) return usage_error("--level %d needs --opt1", o->level);
    if (path && o->level > 2 && !o->has_opt[1]) return usage_error("--level 3 needs --opt2");
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc && o->dat) rc = praksis_problem_export_dat(p, o->dat, &d);
    if (!rc && path)
        rc = praksis_problem_export_model(p, o->level, o->opt, o->mps ? PRAKSIS_FORMAT_MPS : PRAKSIS_FORMAT_LP, path, &d);
    praksis_problem_free(p);
    return rc ? fail(rc, &d) : 0;
}

/* ------------------------------------------------------------ sweep */
typedef struct sweep_ui {
    int quiet, tty;
    int bar_shown;
    double t0;
} sweep_ui;

static int sweep_stop(void *user)
{
    (void)user;
    return interrupted != 0;
}

/* Called once per finished scenario, never concurrently. */
static void sweep_done(void *user, int finished, int total, const praksis_sweep_row *row)
{
    sweep_ui *ui = user;
    if (ui->quiet) return;
    if (ui->bar_shown) fputs("\r\033[K", stderr);
    char what[1400], a[64];
    switch (row->state) {
    case PRAKSIS_SWEEP_SOLVED:
        if (row->info.stop != PRAKSIS_STOP_NONE)
            snprintf(what, sizeof what, "%s (stopped by %s), cost %s kr", praksis_status_string(row->info.status),
                     praksis_stop_string(row->info.stop), thousands(row->figures.cost_total, a, sizeof a));
        else
            snprintf(what, sizeof what, "%s, cost %s kr", praksis_status_string(row->info.status),
                     thousands(row->figures.cost_total, a, sizeof a));
        break;
    case PRAKSIS_SWEEP_FAILED:
        snprintf(what, sizeof what, "error: %s", row->diag.message);
        break;
    default:
        snprintf(what, sizeof what, "not run (interrupted)");
        break;
    }
    msg("[%d/%d] %s: %s", finished, total, row->name, what);
    if (ui->tty && finished < total) {
        char bar[41];
        int w = 40, k = (int)((long)w * finished / total);
        for (int i = 0; i < w; i++) bar[i] = i < k ? '#' : '.';
        bar[w] = 0;
        fprintf(stderr, "praksis: [%s] %d of %d scenarios, %.1f s", bar, finished, total, mono() - ui->t0);
        ui->bar_shown = 1;
    } else {
        ui->bar_shown = 0;
    }
    fflush(stderr);
}

static void print_sweep_table(const praksis_sweep *sw, const char *out)
{
    int n = praksis_sweep_count(sw), wname = 8;
    for (int i = 0; i < n; i++) {
        int l = (int)strlen(praksis_sweep_name(sw, i));
        if (l > wname) wname = l < 48 ? l : 48;
    }
    printf("%-*s  %-8s %9s %9s %13s %9s %6s %8s\n", wname, "scenario", "status", "unplaced", "deficit", "cost kr",
           "relocated", "munic.", "seconds");
    for (int i = 0; i < n; i++) {
        praksis_sweep_row r;
        praksis_sweep_row_get(sw, i, &r);
        const praksis_figures *s = &r.figures;
        const praksis_solve_info *v = &r.info;
        char a[64];
        if (r.state == PRAKSIS_SWEEP_SOLVED)
            printf("%-*s  %-8s %9.1f %9.1f %13s %9ld %6d %8.2f%s\n", wname, r.name, praksis_status_string(v->status),
                   s->unplaced_weeks, s->share_deficit_weeks, thousands(s->cost_total, a, sizeof a), s->relocated_students,
                   s->municipalities_used, v->seconds, v->stop != PRAKSIS_STOP_NONE ? "  (stopped early)" : "");
        else
            printf("%-*s  %-8s\n", wname, r.name, r.state == PRAKSIS_SWEEP_FAILED ? "error" : "not run");
    }
    printf("  unplaced and deficit in student-weeks; plans in %s/<scenario>/, comparison in %s/sweep.csv\n", out, out);
}

static int main_sweep(int argc, char **argv)
{
    const char *dir = NULL, *file = NULL, *out = "out/sweep";
    int quiet = 0, json = 0, threads = 0, rc = 0, report = 0;
    const char *lang = NULL;
    const char **keys = calloc((size_t)argc, sizeof *keys), **values = calloc((size_t)argc, sizeof *values);
    char **owned = calloc((size_t)argc, sizeof *owned);
    int n_set = 0;
    praksis_sweep *sw = NULL;
    praksis_instance *inst = NULL;
    praksis_settings under;
    praksis_settings_init(&under);
    if (!keys || !values || !owned) {
        rc = EXIT_INTERNAL;
        goto done;
    }
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE() do { if (!val) { rc = usage_error("%s needs a value", a); goto done; } i++; } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            goto done;
        } else if (!strcmp(a, "--set")) {
            NEED_VALUE();
            const char *eq = strchr(val, '=');
            if (!eq || eq == val) { rc = usage_error("--set expects KEY=VALUE, found '%s'", val); goto done; }
            if (!(owned[n_set] = strndup(val, (size_t)(eq - val)))) { rc = EXIT_INTERNAL; goto done; }
            keys[n_set] = owned[n_set];
            values[n_set++] = eq + 1;
        } else if (!strcmp(a, "--time-limit")) {
            NEED_VALUE();
            keys[n_set] = "time_limit";
            values[n_set++] = val;
        } else if (!strcmp(a, "--gap")) {
            NEED_VALUE();
            keys[n_set] = "mip_gap";
            values[n_set++] = val;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            NEED_VALUE();
            out = val;
        } else if (!strcmp(a, "--threads")) {
            NEED_VALUE();
            char *end;
            errno = 0;
            long t = strtol(val, &end, 10);
            if (!*val || *end || errno || t < 1 || t > 1024) {
                rc = usage_error("--threads expects a whole number from 1 to 1024, found '%s'", val);
                goto done;
            }
            threads = (int)t;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (!strcmp(a, "--report")) {
            report = 1;
        } else if (!strcmp(a, "--lang")) {
            NEED_VALUE();
            if (strcmp(val, "nb") && strcmp(val, "en")) { rc = usage_error("--lang expects nb or en, found '%s'", val); goto done; }
            lang = val;
        } else if (!strcmp(a, "-s") || !strcmp(a, "--scenario")) {
            rc = usage_error("sweep takes its scenarios from the sweep file; put shared keys in its \"base\" (or use --set)");
            goto done;
        } else if (a[0] == '-' && a[1]) {
            rc = usage_error("unknown option '%s' for 'sweep'", a);
            goto done;
        } else if (!dir) {
            dir = a;
        } else if (!file) {
            file = a;
        } else {
            rc = usage_error("unexpected argument '%s' (sweep takes DIR and SWEEP.json)", a);
            goto done;
        }
#undef NEED_VALUE
    }
    if (!dir || !file) {
        rc = usage_error("sweep needs an instance directory and a sweep file: praksis sweep DIR SWEEP.json");
        goto done;
    }
    praksis_diag d = {0};
    /* The whole sweep file is checked before the instance is read or
     * anything is solved. */
    praksis_error e = praksis_sweep_load(file, &sw, &d);
    if (!e) e = praksis_instance_load(dir, warn, NULL, &inst, &d);
    if (!e) e = build_settings(dir, NULL, 0, &under, &d);
    if (!e) e = praksis_sweep_prepare(sw, inst, &under, n_set, keys, values, &d);
    if (e) {
        rc = fail(e, &d);
        goto done;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* This (main) thread holds no GLPK object: it takes part in the
     * parallel loop, which frees each thread's GLPK environment after
     * every scenario. */
    sweep_ui ui = {.quiet = quiet, .tty = isatty(2), .t0 = mono()};
    praksis_sweep_hooks hooks = {sweep_stop, sweep_done, &ui};
    e = praksis_sweep_run(sw, inst, out, threads, &hooks, &d);
    if (ui.bar_shown) fputs("\r\033[K", stderr);
    if (!e) e = praksis_sweep_write(sw, out, &d);
    char html[4096];
    snprintf(html, sizeof html, "%s/sweep.html", out);
    if (!e && report) {
        char *j = praksis_sweep_json(sw);
        praksis_report_options ro = {lang, NULL, NULL};
        e = j ? praksis_sweep_write_html(j, "sweep.json", &ro, html, &d) : PRAKSIS_ERR_NOMEM;
        free(j);
    }
    if (e) {
        rc = fail(e, &d);
        goto done;
    }
    int any_stopped = 0, worst_fail = 0, n = praksis_sweep_count(sw);
    for (int i = 0; i < n; i++) {
        praksis_sweep_row r;
        praksis_sweep_row_get(sw, i, &r);
        if (r.state == PRAKSIS_SWEEP_FAILED) {
            int x = exit_for(r.error);
            if (x == EXIT_INTERNAL || !worst_fail) worst_fail = x;
        } else if (r.state != PRAKSIS_SWEEP_SOLVED || r.info.status != PRAKSIS_STATUS_OPTIMAL) {
            any_stopped = 1;
        }
    }
    if (json) {
        char *j = praksis_sweep_json(sw);
        if (j) puts(j);
        free(j);
    } else if (!quiet) {
        print_sweep_table(sw, out);
        if (report) printf("  report written to %s\n", html);
    }
    if (interrupted) msg("interrupted: finished scenarios were written, the others are marked not_run");
    rc = worst_fail ? worst_fail : any_stopped ? EXIT_STOPPED : 0;
done:
    praksis_sweep_free(sw);
    praksis_instance_free(inst);
    praksis_settings_clear(&under);
    praksis_thread_cleanup();
    for (int i = 0; i < argc && owned; i++) free(owned[i]);
    free(owned);
    free(keys);
    free(values);
    return rc;
}

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
           thousands(w_all, a, sizeof a), n_six, thousands(w_six, b, sizeof b));
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
        printf("%-3s %-31s %9s | %6.1f%% %8s %12s", i < 2 ? r->id : "", r->title, thousands(r->weeks, a, sizeof a),
               100 * r->travel_share, r->price > 0 ? thousands(r->price, b, sizeof b) : "-", mill(r->total, c, sizeof c));
        if (has_plan) {
            const praksis_finance_alt *p = &pl[i];
            if (p->travel_share < 0)
                printf(" | %7s %8s %12s %8s", "-", "-", "-", "-");
            else
                printf(" | %6.1f%% %8s %12s %+7.1f%%", 100 * p->travel_share,
                       p->price > 0 ? thousands(p->price, e, sizeof e) : "-", mill(p->total, g, sizeof g),
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

static int main_finance(int argc, char **argv)
{
    const char *csv = "../shared/data/programs-2019.csv";
    const char **plans = calloc((size_t)argc, sizeof *plans);
    int n_plans = 0, json = 0;
    if (!plans) return EXIT_INTERNAL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = -1;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            rc = 0;
        } else if (!strcmp(a, "--programmes-csv") || !strcmp(a, "--plan")) {
            if (!val) {
                rc = usage_error("%s needs a value", a);
            } else {
                i++;
                if (!strcmp(a, "--plan"))
                    plans[n_plans++] = val;
                else
                    csv = val;
            }
        } else if (!strcmp(a, "--json")) {
            json = 1;
        } else if (a[0] == '-' && a[1]) {
            rc = usage_error("unknown option '%s' for 'finance'", a);
        } else {
            rc = usage_error("unexpected argument '%s' (finance reads --programmes-csv FILE and --plan DIR)", a);
        }
        if (rc >= 0) {
            free(plans);
            return rc;
        }
    }
    praksis_diag d = {0};
    praksis_finance *f = NULL;
    praksis_error e = praksis_finance_load(csv, NULL, &f, &d);
    for (int i = 0; i < n_plans && !e; i++) e = praksis_finance_add_plan(f, plans[i], &d);
    free(plans);
    if (e) {
        praksis_finance_free(f);
        return fail(e, &d);
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
/* praksis report OUTDIR [--instance DIR] [--lang nb|en] [--geojson FILE]:
 * report.html from a plan's files (read back and re-checked, not
 * re-solved), or sweep.html from a sweep's sweep.json. */
static int main_report(int argc, char **argv)
{
    const char *outdir = NULL, *idir = NULL;
    praksis_report_options ro = {NULL, NULL, NULL};
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return 0;
        } else if (!strcmp(a, "--instance") || !strcmp(a, "--lang") || !strcmp(a, "--geojson")) {
            if (!val) return usage_error("%s needs a value", a);
            i++;
            if (!strcmp(a, "--lang") && strcmp(val, "nb") && strcmp(val, "en"))
                return usage_error("--lang expects nb or en, found '%s'", val);
            *(!strcmp(a, "--instance") ? &idir : !strcmp(a, "--lang") ? &ro.lang : &ro.geojson) = val;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s' for 'report'", a);
        } else if (!outdir) {
            outdir = a;
        } else {
            return usage_error("unexpected argument '%s' (report takes one OUTDIR)", a);
        }
    }
    if (!outdir) return usage_error("report needs the directory of a plan: praksis report OUTDIR --instance DIR");
    char path[4096], html[4096];
    praksis_diag d = {0};
    praksis_error e;
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    if (!file_exists(path)) {
        snprintf(path, sizeof path, "%s/sweep.json", outdir);
        if (!file_exists(path)) {
            msg("%s: expected a plan (summary.json) or a sweep (sweep.json), found neither", outdir);
            return EXIT_INPUT;
        }
        snprintf(html, sizeof html, "%s/sweep.html", outdir);
        FILE *f = fopen(path, "rb");
        char *text = NULL;
        size_t n = 0;
        if (f) {
            FILE *m = open_memstream(&text, &n);
            int ch;
            while (m && (ch = fgetc(f)) != EOF) fputc(ch, m);
            if (m) fclose(m);
            fclose(f);
        }
        if (!text) {
            msg("%s: cannot read: %s", path, strerror(errno));
            return EXIT_INPUT;
        }
        e = praksis_sweep_write_html(text, path, &ro, html, &d);
        free(text);
    } else {
        if (!idir) return usage_error("report needs --instance DIR: the instance the plan in %s was solved from", outdir);
        praksis_instance *inst = NULL;
        praksis_result *r = NULL;
        snprintf(html, sizeof html, "%s/report.html", outdir);
        e = praksis_instance_load(idir, warn, NULL, &inst, &d);
        if (!e) e = praksis_result_read(inst, outdir, &r, &d);
        if (!e) e = praksis_result_write_html(r, &ro, html, &d);
        praksis_result_free(r);
        praksis_instance_free(inst);
    }
    if (e) return fail(e, &d);
    printf("report written to %s\n", html);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("praksis %s\n", PRAKSIS_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "sweep")) return main_sweep(argc, argv);
    if (!strcmp(cmd, "finance")) return main_finance(argc, argv);
    if (!strcmp(cmd, "report")) return main_report(argc, argv);
    int is_solve = !strcmp(cmd, "solve"), is_check = !strcmp(cmd, "check"), is_export = !strcmp(cmd, "export");
    if (!is_solve && !is_check && !is_export) return usage_error("unknown command '%s'", cmd);

    options o = {.out = "out", .level = 1};
    setting_arg *args = calloc((size_t)argc, sizeof *args);
    if (!args) return EXIT_INTERNAL;
    int n_args = 0;
    int rc = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE() do { if (!val) { rc = usage_error("%s needs a value", a); goto done; } i++; } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            goto done;
        } else if (!strcmp(a, "-s") || !strcmp(a, "--scenario")) {
            NEED_VALUE();
            args[n_args++] = (setting_arg){NULL, NULL, val, NULL};
        } else if (!strcmp(a, "--set")) {
            NEED_VALUE();
            const char *eq = strchr(val, '=');
            if (!eq || eq == val) { rc = usage_error("--set expects KEY=VALUE, found '%s'", val); goto done; }
            char *key = strndup(val, (size_t)(eq - val));
            if (!key) { rc = EXIT_INTERNAL; goto done; }
            args[n_args++] = (setting_arg){key, eq + 1, NULL, key};
        } else if (!strcmp(a, "--time-limit")) {
            NEED_VALUE();
            args[n_args++] = (setting_arg){"time_limit", val, NULL, NULL};
        } else if (!strcmp(a, "--gap")) {
            NEED_VALUE();
            args[n_args++] = (setting_arg){"mip_gap", val, NULL, NULL};
        } else if (is_solve && (!strcmp(a, "-o") || !strcmp(a, "--output"))) {
            NEED_VALUE();
            o.out = val;
        } else if (is_solve && !strcmp(a, "--report")) {
            o.report = 1;
        } else if (is_solve && !strcmp(a, "--lang")) {
            NEED_VALUE();
            if (strcmp(val, "nb") && strcmp(val, "en")) { rc = usage_error("--lang expects nb or en, found '%s'", val); goto done; }
            o.lang = val;
        } else if (is_solve && !strcmp(a, "--geojson")) {
            NEED_VALUE();
            o.geojson = val;
        } else if (is_solve && (!strcmp(a, "-q") || !strcmp(a, "--quiet"))) {
            o.quiet = 1;
        } else if ((is_solve || is_check) && !strcmp(a, "--json")) {
            o.json = 1;
        } else if (is_export && !strcmp(a, "--dat")) {
            NEED_VALUE();
            o.dat = val;
        } else if (is_export && !strcmp(a, "--mps")) {
            NEED_VALUE();
            o.mps = val;
        } else if (is_export && !strcmp(a, "--lp")) {
            NEED_VALUE();
            o.lp = val;
        } else if (is_export && !strcmp(a, "--level")) {
            NEED_VALUE();
            if (strcmp(val, "1") && strcmp(val, "2") && strcmp(val, "3")) { rc = usage_error("--level expects 1, 2 or 3, found '%s'", val); goto done; }
            o.level = atoi(val);
        } else if (is_export && (!strcmp(a, "--opt1") || !strcmp(a, "--opt2"))) {
            NEED_VALUE();
            int k = a[5] - '1';
            if (!parse_double(val, &o.opt[k])) { rc = usage_error("%s expects a number, found '%s'", a, val); goto done; }
            o.has_opt[k] = 1;
        } else if (a[0] == '-' && a[1]) {
            rc = usage_error("unknown option '%s' for '%s'", a, cmd);
            goto done;
        } else if (!o.dir) {
            o.dir = a;
        } else {
            rc = usage_error("unexpected argument '%s' (the instance directory is '%s')", a, o.dir);
            goto done;
        }
#undef NEED_VALUE
    }
    if (!o.dir) { rc = usage_error("%s needs an instance directory", cmd); goto done; }
    if (is_export && !o.dat && !o.mps && !o.lp) { rc = usage_error("export needs --dat, --mps or --lp"); goto done; }
    if (is_export && o.mps && o.lp) { rc = usage_error("export writes one model: give --mps or --lp, not both"); goto done; }

    praksis_settings s;
    praksis_settings_init(&s);
    praksis_diag d = {0};
    praksis_instance *inst = NULL;
    praksis_error e = praksis_instance_load(o.dir, warn, NULL, &inst, &d);
    if (!e) e = build_settings(o.dir, args, n_args, &s, &d);
    if (e) {
        rc = fail(e, &d);
    } else if (is_solve) {
        rc = cmd_solve(&o, inst, &s);
    } else if (is_check) {
        rc = cmd_check(&o, inst, &s);
    } else {
        rc = cmd_export(&o, inst, &s);
    }
    praksis_instance_free(inst);
    praksis_settings_clear(&s);
    praksis_thread_cleanup();
done:
    for (int i = 0; i < n_args; i++) free(args[i].owned);
    free(args);
    return rc;
}
