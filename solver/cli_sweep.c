/*
 * cli_sweep.c - `praksis sweep`: progress lines as scenarios finish, the
 * comparison table, and the exit code of a sweep.
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

/* ------------------------------------------------------------ sweep */
typedef struct sweep_ui {
    int quiet, tty;
    int bar_shown;
    double t0;
} sweep_ui;

static int sweep_stop(void *user)
{
    (void)user;
    return cli_interrupted != 0;
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
                     praksis_stop_string(row->info.stop), cli_thousands(row->figures.cost_total, a, sizeof a));
        else
            snprintf(what, sizeof what, "%s, cost %s kr", praksis_status_string(row->info.status),
                     cli_thousands(row->figures.cost_total, a, sizeof a));
        break;
    case PRAKSIS_SWEEP_FAILED:
        snprintf(what, sizeof what, "error: %s", row->diag.message);
        break;
    default:
        snprintf(what, sizeof what, "not run (interrupted)");
        break;
    }
    cli_msg("[%d/%d] %s: %s", finished, total, row->name, what);
    if (ui->tty && finished < total) {
        char bar[41];
        int w = 40, k = (int)((long)w * finished / total);
        for (int i = 0; i < w; i++) bar[i] = i < k ? '#' : '.';
        bar[w] = 0;
        fprintf(stderr, "praksis: [%s] %d of %d scenarios, %.1f s", bar, finished, total, cli_mono() - ui->t0);
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
                   s->unplaced_weeks, s->share_deficit_weeks, cli_thousands(s->cost_total, a, sizeof a), s->relocated_students,
                   s->municipalities_used, v->seconds, v->stop != PRAKSIS_STOP_NONE ? "  (stopped early)" : "");
        else
            printf("%-*s  %-8s\n", wname, r.name, r.state == PRAKSIS_SWEEP_FAILED ? "error" : "not run");
    }
    printf("  unplaced and deficit in student-weeks; plans in %s/<scenario>/, comparison in %s/sweep.csv\n", out, out);
}

/* The sweep applies its layers to every scenario itself; try them once
 * here, so that a bad value is named by the option that gave it. */
static praksis_error try_layers(const praksis_settings *under, const options *o, praksis_diag *d)
{
    praksis_settings t;
    praksis_settings_init(&t);
    praksis_error e = praksis_settings_copy(&t, under);
    for (int i = 0; i < o->n_layers && !e; i++) e = cli_apply_layer(&t, &o->layers[i], d);
    praksis_settings_clear(&t);
    return e;
}

/* Everything a sweep reads, checked before anything is solved: the whole
 * sweep file first, then the instance and the layers. */
typedef struct sweep_input {
    praksis_sweep *sw;
    praksis_instance *inst;
    praksis_settings under;
} sweep_input;

static praksis_error sweep_read(const options *o, sweep_input *in, praksis_diag *d)
{
    int n_set = o->n_layers;
    const char **keys = calloc((size_t)n_set + 1, sizeof *keys), **values = calloc((size_t)n_set + 1, sizeof *values);
    praksis_error e = keys && values ? PRAKSIS_OK : PRAKSIS_ERR_NOMEM;
    /* -s is refused for sweep: every layer is a key and its value */
    for (int i = 0; i < n_set && !e; i++) {
        keys[i] = o->layers[i].key;
        values[i] = o->layers[i].value;
    }
    if (!e) e = praksis_sweep_load(o->sweep_file, &in->sw, d);
    if (!e) e = cli_load_instance(o->dir, o->previous, &in->inst, d);
    if (!e) e = cli_build_settings(in->inst, NULL, 0, &in->under, d);
    if (!e) e = try_layers(&in->under, o, d);
    if (!e) e = praksis_sweep_prepare(in->sw, in->inst, &in->under, n_set, keys, values, d);
    free(keys);
    free(values);
    return e;
}

static void sweep_input_free(sweep_input *in)
{
    praksis_sweep_free(in->sw);
    praksis_instance_free(in->inst);
    praksis_settings_clear(&in->under);
}

/* The tables, the report, the summary on stdout, and the exit code. */
static int sweep_finish(const options *o, const praksis_sweep *sw)
{
    praksis_diag d = {0};
    praksis_error e = praksis_sweep_write(sw, o->out, &d);
    char html[4096], xlsx[4096];
    snprintf(html, sizeof html, "%s/sweep.html", o->out);
    snprintf(xlsx, sizeof xlsx, "%s/sweep.xlsx", o->out);
    praksis_report_options ro = {.lang = o->lang};
    if (!e) e = praksis_sweep_write_xlsx(sw, &ro, xlsx, &d);
    if (!e && o->report) e = praksis_sweep_write_html(sw, &ro, html, &d);
    if (e) return cli_fail(e, &d);
    int any_stopped = 0, worst_fail = 0, n = praksis_sweep_count(sw);
    for (int i = 0; i < n; i++) {
        praksis_sweep_row r;
        praksis_sweep_row_get(sw, i, &r);
        if (r.state == PRAKSIS_SWEEP_FAILED) {
            int x = cli_exit_for(r.error);
            if (x == EXIT_INTERNAL || !worst_fail) worst_fail = x;
        } else if (r.state != PRAKSIS_SWEEP_SOLVED || r.info.status != PRAKSIS_STATUS_OPTIMAL) {
            any_stopped = 1;
        }
    }
    if (o->json) {
        char *j = praksis_sweep_json(sw);
        if (j) puts(j);
        free(j);
    } else if (!o->quiet) {
        print_sweep_table(sw, o->out);
        if (o->report) printf("  report written to %s\n", html);
    }
    if (cli_interrupted) cli_msg("interrupted: finished scenarios were written, the others are marked not_run");
    return worst_fail ? worst_fail : any_stopped ? EXIT_STOPPED : 0;
}

#ifdef PRAKSIS_MPI
#include "praksis_mpi.h"

/* Under mpirun a rank never sees the user's Ctrl-C.  When mpirun is told
 * to stop (SIGINT, SIGTERM) or a rank dies, it ends the job by sending
 * every rank SIGCONT at once, SIGTERM a timeout later and SIGKILL a
 * timeout after that (Open MPI's odls_base_sigkill_timeout, 1 s by
 * default); Slurm's scancel sends SIGCONT and SIGTERM together.  So the
 * first of these, or SIGUSR1 (which mpirun forwards as it is), stops the
 * solves at once with their best plans, and none of them means "leave
 * now": SIGKILL does that. */
static void on_mpi_signal(int sig)
{
    (void)sig;
    cli_interrupted = 1;
}

static void catch_mpi_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_mpi_signal;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGINT, SIGTERM, SIGCONT, SIGUSR1};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
}

/* Rank 0 keeps the tables up to date as outcomes arrive (at most every
 * TABLE_EVERY_S), so that a job ended by force still leaves them. */
#define TABLE_EVERY_S 5.0
typedef struct mpi_ui {
    sweep_ui ui;
    const praksis_sweep *sw;
    const char *out;
    double last_table;
} mpi_ui;

static void mpi_done(void *user, int finished, int total, const praksis_sweep_row *row)
{
    mpi_ui *m = user;
    sweep_done(&m->ui, finished, total, row);
    if (finished < total && cli_mono() - m->last_table < TABLE_EVERY_S) return;
    praksis_diag d = {0};
    praksis_sweep_write(m->sw, m->out, &d);
    m->last_table = cli_mono();
}

/* The sweep under mpirun: every rank reads and prepares it (rank 0 alone
 * speaks of an error all of them found), rank 0 deals and writes. */
static int run_sweep_mpi(const options *o)
{
    int provided, rank, bad, any;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_MULTIPLE, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    sweep_input in = {0};
    praksis_settings_init(&in.under);
    praksis_diag d = {0};
    praksis_error e = sweep_read(o, &in, &d);
    bad = e != PRAKSIS_OK;
    MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    int rc = 0;
    if (any) {
        if (bad && rank == 0) rc = cli_fail(e, &d);
        else if (bad) cli_msg("rank %d: %s: %s", rank, d.file, d.message);
        if (rank == 0 && !bad) rc = EXIT_INPUT;
    } else {
        catch_mpi_signals();
        mpi_ui m = {{.quiet = o->quiet || rank != 0, .tty = rank == 0 && isatty(2), .t0 = cli_mono()}, in.sw, o->out, 0};
        praksis_report_options ro = {.lang = o->lang};
        praksis_plan_extra xlsx = praksis_xlsx_extra(&ro);
        praksis_sweep_set_extras(in.sw, &xlsx, 1);
        praksis_sweep_hooks hooks = {sweep_stop, rank == 0 ? mpi_done : NULL, &m};
        e = praksis_sweep_run_mpi(in.sw, in.inst, o->out, o->threads, &hooks, MPI_COMM_WORLD, &d);
        if (m.ui.bar_shown) fputs("\r\033[K", stderr);
        if (rank == 0) rc = e && e != PRAKSIS_ERR_SOLVER ? cli_fail(e, &d) : sweep_finish(o, in.sw);
        if (rank == 0 && e == PRAKSIS_ERR_SOLVER) {
            /* a rank did not come back: the tables are written; end the job,
             * since MPI_Finalize would wait for it */
            cli_msg("%s", d.message);
            fflush(NULL);
            MPI_Abort(MPI_COMM_WORLD, rc ? rc : EXIT_INTERNAL);
        }
    }
    sweep_input_free(&in);
    praksis_thread_cleanup();
    MPI_Finalize();
    return rc;
}
#endif

int cli_run_sweep(const options *o)
{
#ifdef PRAKSIS_MPI
    return run_sweep_mpi(o);
#else
    sweep_input in = {0};
    praksis_settings_init(&in.under);
    praksis_diag d = {0};
    praksis_error e = sweep_read(o, &in, &d);
    int rc;
    if (e) {
        rc = cli_fail(e, &d);
    } else {
        cli_catch_signals();
        /* This (main) thread holds no GLPK object: it takes part in the
         * parallel loop, which frees each thread's GLPK environment after
         * every scenario. */
        sweep_ui ui = {.quiet = o->quiet, .tty = isatty(2), .t0 = cli_mono()};
        praksis_report_options ro = {.lang = o->lang};
        praksis_plan_extra xlsx = praksis_xlsx_extra(&ro); /* every scenario's plan.xlsx */
        praksis_sweep_set_extras(in.sw, &xlsx, 1);
        praksis_sweep_hooks hooks = {sweep_stop, sweep_done, &ui};
        e = praksis_sweep_run(in.sw, in.inst, o->out, o->threads, &hooks, &d);
        if (ui.bar_shown) fputs("\r\033[K", stderr);
        rc = e ? cli_fail(e, &d) : sweep_finish(o, in.sw);
    }
    sweep_input_free(&in);
    praksis_thread_cleanup();
    return rc;
#endif
}
