/*
 * cli.c - the `praksis` command: the only part that talks to the terminal,
 * handles signals and chooses exit codes.  main, the messages every
 * subcommand shares, and solve, check and export.
 *
 * Exit codes: 0 optimal plan written (or command succeeded), 1 input
 * error, 2 usage error, 3 stopped by a limit or interruption (best plan
 * written, status feasible), 4 internal error, 5 stopped before any plan
 * met the agreed placements and minimums (nothing written).
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis.h"
#include "praksis_explain.h"
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

void cli_msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("praksis: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("praksis: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\npraksis: try 'praksis --help'\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

void cli_print_diag(const praksis_diag *d)
{
    if (d->line > 0 && d->column > 0)
        cli_msg("%s:%ld:%ld: %s", d->file, d->line, d->column, d->message);
    else if (d->line > 0)
        cli_msg("%s:%ld: %s", d->file, d->line, d->message);
    else if (d->file[0])
        cli_msg("%s: %s", d->file, d->message);
    else
        cli_msg("%s", d->message);
}

int cli_exit_for(praksis_error e)
{
    switch (e) {
    case PRAKSIS_OK: return 0;
    case PRAKSIS_ERR_INPUT:
    case PRAKSIS_ERR_IO: return EXIT_INPUT;
    case PRAKSIS_ERR_USAGE: return EXIT_USAGE;
    case PRAKSIS_ERR_NOPLAN: return EXIT_NOPLAN;
    default: return EXIT_INTERNAL;
    }
}

int cli_fail(praksis_error e, const praksis_diag *d)
{
    if (d->message[0])
        cli_print_diag(d);
    else
        cli_msg("%s", praksis_error_string(e));
    return cli_exit_for(e);
}

void cli_warn(void *user, const praksis_diag *w)
{
    (void)user;
    if (w->line > 0)
        cli_msg("warning: %s:%ld: %s", w->file, w->line, w->message);
    else
        cli_msg("warning: %s: %s", w->file, w->message);
}

/* At most this many warnings about the data on stderr; summary.json (and
 * check --json) list them all. */
#define WARNINGS_SHOWN 10

void cli_print_warnings(const praksis_problem *p, const char *where)
{
    int n = praksis_problem_warning_count(p);
    for (int i = 0; i < n && i < WARNINGS_SHOWN; i++) cli_warn(NULL, praksis_problem_warning(p, i));
    if (n > WARNINGS_SHOWN) cli_msg("warning: %d more warnings about the data (all in %s)", n - WARNINGS_SHOWN, where);
}

/* ------------------------------------------------------------ signals */
volatile sig_atomic_t cli_interrupted;

void cli_on_signal(int sig)
{
    if (cli_interrupted) {
        /* second Ctrl-C: leave at once, writing nothing */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    cli_interrupted = 1;
}

void cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = cli_on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* ------------------------------------------------------------ progress */
typedef struct progress_state {
    int tty, quiet;
    double last;
    int shown;
} progress_state;

double cli_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *level_name(int level)
{
    return level == 0   ? "a first plan meeting the agreements, students short"
           : level == 1 ? "unplaced weeks"
           : level == 2 ? "share deficit"
           : level == 3 ? "cost"
                        : "relocated student-km";
}

static int on_progress(void *user, const praksis_progress *p)
{
    progress_state *ps = user;
    if (!ps->quiet && ps->tty && p->seconds >= 1.0 && cli_mono() - ps->last >= 0.25) {
        ps->last = cli_mono();
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
    return cli_interrupted != 0;
}

/* Thousands with a space, the Norwegian way, for the human summary only. */
const char *cli_thousands(double v, char *buf, size_t n)
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

/* The agreed placements and minimums met, and the plan against the
 * previous one: only what the instance has. */
static void print_agreements(const praksis_figures *s, const praksis_settings *set)
{
    char a[64];
    if (s->fixed_rows || s->minimum_rows)
        printf("  agreed         %d of %d fixed placements met (%ld students); %d of %d minimum intakes met (%ld students)\n",
               s->fixed_met, s->fixed_rows, s->fixed_students, s->minimums_met, s->minimum_rows, s->minimum_students);
    if (!s->has_previous) return;
    printf("  vs previous    %ld students before: %ld added, %ld removed (%d rows changed); %.1f %% kept\n",
           s->previous_students, s->students_added, s->students_removed, s->rows_changed, 100 * s->kept_share);
    printf("                 %d %s all %s students, %d %s students anew\n", s->municipalities_lost,
           s->municipalities_lost == 1 ? "municipality loses" : "municipalities lose",
           s->municipalities_lost == 1 ? "its" : "their", s->municipalities_new,
           s->municipalities_new == 1 ? "takes" : "take");
    if (set->change_cost > 0)
        printf("                 change penalty %s kr (%g kr per student changed; a weight, not in the cost above)\n",
               cli_thousands(s->change_penalty, a, sizeof a), set->change_cost);
}

/* The fourth level's figure, and the listed students: where they live and
 * whether those who cannot relocate got a place. */
static void print_moves(const praksis_figures *s, int shortest, int proven)
{
    if (s->relocated_students)
        printf("  moves          %.0f student-km from campus or home to the relocated placements%s\n", s->relocated_km,
               !shortest                 ? " (not minimised: shortest_moves is off)"
               : proven == PRAKSIS_LEVELS ? " (fewest possible at this cost)"
                                         : " (not proven fewest)");
    if (!s->listed_students) return;
    printf("  listed         %ld students in students.csv; %ld placed in their home municipality\n", s->listed_students,
           s->placed_at_home);
    if (s->cannot_relocate)
        printf("  cannot relocate %ld students: %ld placed, %ld unplaced\n", s->cannot_relocate, s->cannot_relocate_placed,
               s->cannot_relocate - s->cannot_relocate_placed);
}

static void print_summary(const char *dir, const char *out, const char *report, const praksis_result *r,
                          const praksis_settings *set)
{
    char a[64], b[64], c[64], d[64];
    praksis_figures fig;
    praksis_solve_info info;
    praksis_result_figures(r, &fig);
    praksis_result_info(r, &info);
    const praksis_figures *s = &fig;
    const praksis_solve_info *v = &info;
    /* an optimal plan that leaves students out must not read as a success */
    char unplaced[96] = "";
    if (s->unplaced) snprintf(unplaced, sizeof unplaced, "; %ld of %ld students unplaced", s->unplaced, s->students);
    printf("praksis %s: %s: %s in %.2f s (%d of %d levels proven, %ld nodes)%s%s%s\n", PRAKSIS_VERSION, dir,
           praksis_status_string(v->status), v->seconds, v->levels_proven, PRAKSIS_LEVELS, v->nodes,
           v->stop != PRAKSIS_STOP_NONE ? ", stopped by " : "",
           v->stop == PRAKSIS_STOP_TIME_LIMIT ? "the time limit" : v->stop == PRAKSIS_STOP_INTERRUPTED ? "interruption" : "",
           unplaced);
    printf("  students       %ld placed of %ld; %ld unplaced (%.1f student-weeks)\n", s->placed, s->students,
           s->unplaced, s->unplaced_weeks);
    printf("  municipal      %.1f of %.1f student-weeks (%.1f %%); share deficit %.1f student-weeks\n",
           s->municipal_weeks, s->student_weeks, 100 * s->municipal_share, s->share_deficit_weeks);
    printf("  relocated      %ld students (%.1f student-weeks) beyond commuting distance\n", s->relocated_students,
           s->relocated_weeks);
    int hospitals = s->sites_used - s->municipalities_used;
    printf("  sites used     %d municipalities in %d coordinator groups, %d hospital%s\n", s->municipalities_used,
           s->groups_used, hospitals, hospitals == 1 ? "" : "s");
    printf("  cost           %s kr = travel %s + supervision %s + coordinators %s\n", cli_thousands(s->cost_total, a, sizeof a),
           cli_thousands(s->cost_travel, b, sizeof b), cli_thousands(s->cost_supervision, c, sizeof c),
           cli_thousands(s->cost_fixed, d, sizeof d));
    if (s->placed_weeks > 0) printf("                 %.0f kr per placed student-week\n", s->cost_per_placed_week);
    /* stopped in the cost level: how far from the least cost it can be */
    if (v->stop != PRAKSIS_STOP_NONE && v->levels_proven == 2 && v->gap >= 0 && isfinite(v->gap))
        printf("                 at most %.2f %% above the least cost possible (not proven optimal)\n", 100 * v->gap);
    print_moves(s, set->shortest_moves, v->levels_proven);
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
    print_agreements(s, set);
    praksis_site_use top[5];
    int nt = top_municipalities(r, top, 5);
    if (nt > 0) printf("  most students  ");
    for (int i = 0; i < nt; i++) printf("%s %ld%s", top[i].name, top[i].students, i + 1 < nt ? ", " : "\n");
    printf("  plan written to %s/ (assignments.csv, unplaced.csv, site_use.csv, summary.json%s%s, plan.xlsx)\n", out,
           s->has_previous ? ", changes.csv" : "", s->listed_students ? ", student_plan.csv" : "");
    if (report) printf("  report written to %s\n", report);
}

int cli_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A shorthand's error speaks of the option the user wrote
 * ("--time-limit: expected ..."), not of the --set it stands for. */
static void name_shorthand(praksis_diag *d, const layer *l)
{
    size_t k = strlen(l->key);
    snprintf(d->file, sizeof d->file, "%s", l->flag);
    if (!strncmp(d->message, l->key, k) && !strncmp(d->message + k, ": ", 2))
        memmove(d->message, d->message + k + 2, strlen(d->message + k + 2) + 1);
}

praksis_error cli_apply_layer(praksis_settings *s, const layer *l, praksis_diag *d)
{
    if (l->file) return praksis_settings_merge_file(s, l->file, d);
    praksis_error rc = praksis_settings_set(s, l->key, l->value, d);
    if (rc && l->shorthand) name_shorthand(d, l);
    return rc;
}

/* Build the scenario: built-in < the instance's own (DIR/scenario.json or
 * the workbook's scenario sheet) < the layers in order. */
praksis_error cli_build_settings(const praksis_instance *inst, const layer *layers, int n, praksis_settings *s,
                                 praksis_diag *d)
{
    praksis_error rc;
    if ((rc = praksis_instance_scenario(inst, s, d))) return rc;
    for (int i = 0; i < n; i++)
        if ((rc = cli_apply_layer(s, &layers[i], d))) return rc;
    return praksis_settings_validate(s, d);
}

static int cmd_solve(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    progress_state ps = {.tty = isatty(2), .quiet = o->quiet};
    cli_catch_signals();
    praksis_result *r = NULL;
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc) cli_print_warnings(p, "summary.json");
    if (!rc) rc = praksis_problem_solve(p, on_progress, &ps, &r, &d);
    if (ps.shown) fputs("\r\033[K", stderr);
    if (rc) {
        praksis_problem_free(p);
        return cli_fail(rc, &d);
    }
    int code = 0;
    struct praksis_explain *ex = cli_explain_plan(r, o, &code);
    if (code) {
        praksis_result_free(r);
        praksis_problem_free(p);
        return code;
    }
    char report[4096];
    snprintf(report, sizeof report, "%s/report.html", o->out);
    praksis_report_options ro = {.lang = o->lang, .geojson = o->geojson, .explain = ex};
    /* plan.xlsx with every plan: under 1 % of a national solve (README) */
    praksis_plan_extra extra[5];
    int n_extra = 0;
    extra[n_extra++] = praksis_xlsx_extra(&ro);
    if (o->report) extra[n_extra++] = praksis_report_extra(&ro);
    if (ex) n_extra += praksis_explain_extras(ex, extra + n_extra, 5 - n_extra);
    if ((rc = praksis_result_write(r, o->out, extra, n_extra, &d))) {
        praksis_explain_free(ex);
        praksis_result_free(r);
        praksis_problem_free(p);
        return cli_fail(rc, &d);
    }
    praksis_solve_info sum;
    praksis_result_info(r, &sum);
    if (o->json) {
        char *j = praksis_result_summary_json(r);
        if (j) puts(j);
        free(j);
    } else if (!o->quiet) {
        print_summary(o->dir, o->out, o->report ? report : NULL, r, s);
        cli_print_explain_summary(ex, o->out);
    }
    praksis_explain_free(ex);
    praksis_result_free(r);
    praksis_problem_free(p);
    if (sum.stop == PRAKSIS_STOP_TIME_LIMIT) cli_msg("stopped by the time limit (%g s): the plan is feasible, not proven optimal", s->time_limit);
    if (sum.stop == PRAKSIS_STOP_INTERRUPTED) cli_msg("interrupted: the best plan found so far was written");
    int cut = o->explain && sum.stop == PRAKSIS_STOP_NONE && cli_interrupted;
    if (cut) cli_msg("interrupted: the plan was written, its explanation cut short (what was not solved again is an estimate)");
    return sum.status == PRAKSIS_STATUS_OPTIMAL && !cut ? 0 : EXIT_STOPPED;
}

/* to 1e-6, as check has always printed them: below that the sums of
 * weeks carry only the noise of their order of addition */
static double micro(double v)
{
    return round(v * 1e6) / 1e6;
}

/* check --json: the sizes as numbers, in the order check prints them. */
static int print_size_json(const praksis_size *z, const praksis_problem *p)
{
    const struct {
        const char *key;
        double v;
    } f[] = {
        {"sites", z->sites}, {"municipalities", z->municipalities}, {"hospitals", z->hospitals},
        {"groups", z->groups}, {"campuses", z->campuses}, {"institutions", z->institutions},
        {"programmes", z->programmes}, {"periods", z->periods}, {"cohorts", z->cohorts},
        {"students", (double)z->students}, {"student_weeks", micro(z->student_weeks)},
        {"municipal_target_weeks", micro(z->municipal_target_weeks)}, {"capacity_rows", z->capacity_rows},
        {"pairs", (double)z->pairs}, {"relocated_pairs", (double)z->relocated_pairs}, {"rows", z->rows},
        {"cols", z->cols}, {"integers", z->integers}, {"nonzeros", (double)z->nonzeros},
    };
    cJSON *j = cJSON_CreateObject();
    int ok = j != NULL;
    for (size_t i = 0; ok && i < sizeof f / sizeof f[0]; i++) ok = cJSON_AddNumberToObject(j, f[i].key, f[i].v) != NULL;
    cJSON *w = ok ? cJSON_AddArrayToObject(j, "warnings") : NULL;
    for (int i = 0; w && i < praksis_problem_warning_count(p); i++) {
        const praksis_diag *d = praksis_problem_warning(p, i);
        cJSON *e = cJSON_CreateObject();
        if (!e || !cJSON_AddStringToObject(e, "file", d->file) || !cJSON_AddNumberToObject(e, "line", (double)d->line) ||
            !cJSON_AddStringToObject(e, "message", d->message) || !cJSON_AddItemToArray(w, e)) {
            cJSON_Delete(e);
            ok = 0;
            break;
        }
    }
    ok = ok && w;
    char *text = ok ? cJSON_Print(j) : NULL;
    cJSON_Delete(j);
    if (!text) {
        cli_msg("%s", praksis_error_string(PRAKSIS_ERR_NOMEM));
        return EXIT_INTERNAL;
    }
    puts(text);
    cJSON_free(text);
    return 0;
}

/* n and its noun, singular for exactly one: "1 institution", "2 campuses" */
#define NOUN(n, one, many) (n), ((n) == 1 ? (one) : (many))

static int cmd_check(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    praksis_size z;
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc && !o->json) cli_print_warnings(p, "check --json");
    if (!rc) rc = praksis_problem_size(p, &z, &d);
    if (rc) {
        praksis_problem_free(p);
        return cli_fail(rc, &d);
    }
    if (o->json) {
        int code = print_size_json(&z, p);
        praksis_problem_free(p);
        return code;
    }
    int nw = praksis_problem_warning_count(p);
    if (nw)
        printf("%s: valid instance, with %d %s about data that cannot matter (above)\n", o->dir, nw,
               nw == 1 ? "warning" : "warnings");
    else
        printf("%s: valid instance\n", o->dir);
    printf("  %d %s: %d %s in %d coordinator %s, %d %s\n", NOUN(z.sites, "site", "sites"),
           NOUN(z.municipalities, "municipality", "municipalities"), NOUN(z.groups, "group", "groups"),
           NOUN(z.hospitals, "hospital", "hospitals"));
    printf("  %d %s of %d %s\n", NOUN(z.campuses, "campus", "campuses"),
           NOUN(z.institutions, "institution", "institutions"));
    printf("  %d %s included, in %d %s\n", NOUN(z.programmes, "programme", "programmes"),
           NOUN(z.periods, "period", "periods"));
    printf("  %d %s with %ld %s, %.1f student-weeks\n", NOUN(z.cohorts, "cohort", "cohorts"),
           NOUN(z.students, "student", "students"), z.student_weeks);
    printf("  municipal target %.1f student-weeks (%.1f %%)\n", z.municipal_target_weeks,
           z.student_weeks > 0 ? 100 * z.municipal_target_weeks / z.student_weeks : 0.0);
    printf("  %d capacity %s\n", NOUN(z.capacity_rows, "row", "rows"));
    printf("  %ld candidate %s, %ld of them beyond commuting distance\n", NOUN(z.pairs, "pair", "pairs"),
           z.relocated_pairs);
    if (z.fixed_rows || z.minimum_rows || z.previous_rows)
        printf("  agreements: %d fixed %s (%ld %s), %d minimum %s (%ld %s), a previous plan of %d %s\n",
               NOUN(z.fixed_rows, "placement", "placements"), NOUN(z.fixed_students, "student", "students"),
               NOUN(z.minimum_rows, "intake", "intakes"), NOUN(z.minimum_students, "student", "students"),
               NOUN(z.previous_rows, "row", "rows"));
    printf("  model: %d %s, %d %s (%d integer), %ld %s\n", NOUN(z.rows, "row", "rows"),
           NOUN(z.cols, "column", "columns"), z.integers, NOUN(z.nonzeros, "nonzero", "nonzeros"));
    praksis_problem_free(p);
    return 0;
}

static int cmd_export(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    const char *path = o->mps ? o->mps : o->lp;
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc && o->dat) rc = praksis_problem_export_dat(p, o->dat, &d);
    if (!rc && path)
        rc = praksis_problem_export_model(p, o->level, o->opt, o->mps ? PRAKSIS_FORMAT_MPS : PRAKSIS_FORMAT_LP, path, &d);
    praksis_problem_free(p);
    return rc ? cli_fail(rc, &d) : 0;
}

/* template DIR -o FILE.xlsx: the instance as a workbook (checked first). */
int cli_run_template(const options *o)
{
    size_t n = o->out ? strlen(o->out) : 0;
    if (n < 6 || strcmp(o->out + n - 5, ".xlsx") != 0)
        return cli_usage_error("template needs -o FILE.xlsx (a workbook name ending in .xlsx), found %s",
                               o->out ? o->out : "no -o");
    praksis_diag d = {0};
    praksis_error e = praksis_instance_template(o->dir, o->out, cli_warn, NULL, &d);
    if (e) return cli_fail(e, &d);
    printf("workbook written to %s\n", o->out);
    return 0;
}

praksis_error cli_load_instance(const char *dir, const char *previous, praksis_instance **inst, praksis_diag *d)
{
    praksis_error e = praksis_instance_load(dir, cli_warn, NULL, inst, d);
    if (!e && previous) e = praksis_instance_previous_plan(*inst, previous, d);
    return e;
}

/* solve, check and export: read the instance, layer its scenario, run. */
static int with_instance(const options *o, int (*cmd)(const options *, praksis_instance *, const praksis_settings *))
{
    int rc;
    praksis_settings s;
    praksis_settings_init(&s);
    praksis_diag d = {0};
    praksis_instance *inst = NULL;
    praksis_error e = cli_load_instance(o->dir, o->previous, &inst, &d);
    if (!e) e = cli_build_settings(inst, o->layers, o->n_layers, &s, &d);
    if (e)
        rc = cli_fail(e, &d);
    else
        rc = cmd(o, inst, &s);
    praksis_instance_free(inst);
    praksis_settings_clear(&s);
    praksis_thread_cleanup();
    return rc;
}

int cli_run_solve(const options *o)
{
    return with_instance(o, cmd_solve);
}

int cli_run_check(const options *o)
{
    return with_instance(o, cmd_check);
}

/* The combinations export cannot write are refused before the instance
 * is read, so that nothing is written either. */
int cli_run_export(const options *o)
{
    if (!o->dat && !o->mps && !o->lp) return cli_usage_error("export needs --dat, --mps or --lp");
    if (o->mps && o->lp) return cli_usage_error("export writes one model: give --mps or --lp, not both");
    if ((o->mps || o->lp) && o->level > 1 && isnan(o->opt[0])) return cli_usage_error("--level %d needs --opt1", o->level);
    if ((o->mps || o->lp) && o->level > 2 && isnan(o->opt[1])) return cli_usage_error("--level %d needs --opt2", o->level);
    if ((o->mps || o->lp) && o->level > 3 && isnan(o->opt[2])) return cli_usage_error("--level 4 needs --opt3");
    return with_instance(o, cmd_export);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_usage(stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "help") || cli_wants_help(argc, argv)) {
        cli_usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("praksis %s\n", PRAKSIS_VERSION);
        return 0;
    }
    const command *c = cli_find_command(argv[1]);
    if (!c) return cli_usage_error("unknown command '%s'", argv[1]);
    options o;
    int rc = cli_parse_args(c, argc, argv, &o);
    if (rc == GO_ON) rc = c->run(&o);
    cli_options_free(&o);
    return rc;
}
