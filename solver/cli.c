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
    "\n"
    "export options:\n"
    "  --dat FILE            data for models/placement.mod\n"
    "  --mps FILE, --lp FILE the engine's model of one level\n"
    "  --level N             which level to export (1, 2 or 3; default 1)\n"
    "  --opt1 V, --opt2 V    optima of the earlier levels (needed for levels 2 and 3)\n"
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

static void print_summary(const char *dir, const char *out, const praksis_result *r, const praksis_summary *s)
{
    char a[64], b[64], c[64], d[64];
    printf("praksis %s: %s: %s in %.2f s (%d of 3 levels proven, %ld nodes)%s%s\n", PRAKSIS_VERSION, dir,
           praksis_status_string(s->status), s->seconds, s->levels_proven, s->nodes,
           s->stop != PRAKSIS_STOP_NONE ? ", stopped by " : "",
           s->stop == PRAKSIS_STOP_TIME_LIMIT ? "the time limit" : s->stop == PRAKSIS_STOP_INTERRUPTED ? "interruption" : "");
    printf("  students       %ld placed of %ld; %ld unplaced (%.1f student-weeks)\n", s->placed, s->students,
           s->unplaced, s->unplaced_weeks);
    printf("  municipal      %.1f of %.1f student-weeks (%.1f %%); share deficit %.1f student-weeks\n",
           s->municipal_weeks, s->student_weeks, s->student_weeks > 0 ? 100 * s->municipal_weeks / s->student_weeks : 0.0,
           s->share_deficit_weeks);
    printf("  relocated      %ld students (%.1f student-weeks) beyond commuting distance\n", s->relocated_students,
           s->relocated_weeks);
    int hospitals = s->sites_used - s->municipalities_used;
    printf("  sites used     %d municipalities in %d coordinator groups, %d hospital%s\n", s->municipalities_used,
           s->groups_used, hospitals, hospitals == 1 ? "" : "s");
    printf("  cost           %s kr = travel %s + supervision %s + coordinators %s\n", thousands(s->cost_total, a, sizeof a),
           thousands(s->cost_travel, b, sizeof b), thousands(s->cost_supervision, c, sizeof c),
           thousands(s->cost_fixed, d, sizeof d));
    if (s->placed_weeks > 0)
        printf("                 %.0f kr per placed student-week\n", s->cost_total / s->placed_weeks);
    int n = praksis_result_share_count(r);
    if (n > 0) printf("  municipal share by institution and programme (achieved / target):\n");
    for (int i = 0; i < n; i++) {
        praksis_share sh;
        praksis_result_share(r, i, &sh);
        char deficit[64] = "";
        if (sh.deficit_weeks > 1e-6) snprintf(deficit, sizeof deficit, ", %.1f student-weeks short", sh.deficit_weeks);
        printf("    %-8s %5.1f %% / %.0f %%  %s%s\n", sh.programme,
               sh.student_weeks > 0 ? 100 * sh.municipal_weeks / sh.student_weeks : 0.0, 100 * sh.target_share,
               sh.institution, deficit);
    }
    printf("  plan written to %s/ (assignments.csv, unplaced.csv, site_use.csv, summary.json)\n", out);
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
    praksis_error rc = praksis_solve(inst, s, on_progress, &ps, &r, &d);
    if (ps.shown) fputs("\r\033[K", stderr);
    if (rc) return fail(rc, &d);
    if ((rc = praksis_result_write(r, o->out, &d))) {
        praksis_result_free(r);
        return fail(rc, &d);
    }
    praksis_summary sum;
    praksis_result_summary(r, &sum);
    if (o->json) {
        char *j = praksis_result_summary_json(r);
        if (j) puts(j);
        free(j);
    } else if (!o->quiet) {
        print_summary(o->dir, o->out, r, &sum);
    }
    praksis_result_free(r);
    if (sum.stop == PRAKSIS_STOP_TIME_LIMIT) msg("stopped by the time limit (%g s): the plan is feasible, not proven optimal", s->time_limit);
    if (sum.stop == PRAKSIS_STOP_INTERRUPTED) msg("interrupted: the best plan found so far was written");
    return sum.status == PRAKSIS_STATUS_OPTIMAL ? 0 : EXIT_STOPPED;
}

static int cmd_check(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    praksis_size z;
    praksis_error rc = praksis_instance_size(inst, s, &z, &d);
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
    praksis_error rc = PRAKSIS_OK;
    if (o->dat && (rc = praksis_export_dat(inst, s, o->dat, &d))) return fail(rc, &d);
    const char *path = o->mps ? o->mps : o->lp;
    if (path) {
        if (o->level > 1 && !o->has_opt[0]) return usage_error("--level %d needs --opt1", o->level);
        if (o->level > 2 && !o->has_opt[1]) return usage_error("--level 3 needs --opt2");
        rc = praksis_export_model(inst, s, o->level, o->opt, o->mps ? PRAKSIS_FORMAT_MPS : PRAKSIS_FORMAT_LP, path, &d);
        if (rc) return fail(rc, &d);
    }
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
