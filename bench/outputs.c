/*
 * bench/outputs.c - what writing a plan's files costs, file by file: the
 * plan directory's CSV files and summary.json, report.html and plan.xlsx,
 * each written REPS times from one plan read back from disk (nothing is
 * solved), with the median wall and CPU time and the size of each.  On a
 * shared machine the wall time carries the waits for the other processes;
 * the CPU time (user + system of this process) is the work itself.
 *
 *   build/bench_outputs INSTANCE PLAN_DIR [REPS]
 *
 * `make bench-outputs` runs it on the national plan that `make run` wrote
 * (out/); bench/README.md has the figures.
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis.h"
#include "praksis_report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

typedef praksis_error (*writer)(const praksis_result *r, const char *dir, praksis_diag *d);

static praksis_error plan_files(const praksis_result *r, const char *dir, praksis_diag *d)
{
    return praksis_result_write(r, dir, NULL, 0, d);
}

static praksis_error html(const praksis_result *r, const char *dir, praksis_diag *d)
{
    char path[4096];
    praksis_report_options o = {"nb", "", NULL};
    snprintf(path, sizeof path, "%s/report.html", dir);
    return praksis_result_write_html(r, &o, path, d);
}

static praksis_error xlsx(const praksis_result *r, const char *dir, praksis_diag *d)
{
    char path[4096];
    praksis_report_options o = {"nb", NULL, NULL};
    snprintf(path, sizeof path, "%s/plan.xlsx", dir);
    return praksis_result_write_xlsx(r, &o, path, d);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_outputs INSTANCE PLAN_DIR [REPS]\n");
        return 2;
    }
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    if (reps < 1 || reps > 100) reps = 5;
    praksis_diag d = {0};
    praksis_instance *inst = NULL;
    praksis_result *r = NULL;
    if (praksis_instance_load(argv[1], NULL, NULL, &inst, &d) || praksis_result_read(inst, argv[2], &r, &d)) {
        fprintf(stderr, "bench_outputs: %s: %s\n", d.file, d.message);
        return 1;
    }
    char dir[] = "/tmp/praksis-bench-outputs-XXXXXX";
    if (!mkdtemp(dir)) return 1;
    char plan[4200];
    snprintf(plan, sizeof plan, "%s/plan", dir);
    struct {
        const char *name, *file;
        writer w;
    } cases[] = {{"CSV files + summary.json (swapped in)", "plan/assignments.csv", plan_files},
                 {"report.html", "report.html", html},
                 {"plan.xlsx", "plan.xlsx", xlsx}};
    praksis_figures fig;
    praksis_result_figures(r, &fig);
    printf("%s, plan %s: %ld students placed, %d municipalities; medians of %d\n", argv[1], argv[2], fig.placed,
           fig.municipalities_used, reps);
    printf("%-40s %12s %12s %12s\n", "output", "wall s", "CPU s", "bytes");
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double t[100], cpu[100];
        for (int k = 0; k < reps; k++) {
            double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
            praksis_error e = cases[c].w(r, cases[c].w == plan_files ? plan : dir, &d);
            t[k] = clock_s(CLOCK_MONOTONIC) - t0;
            cpu[k] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
            if (e) {
                fprintf(stderr, "bench_outputs: %s: %s\n", d.file, d.message);
                return 1;
            }
        }
        qsort(t, (size_t)reps, sizeof t[0], by_value);
        qsort(cpu, (size_t)reps, sizeof cpu[0], by_value);
        char path[4300];
        snprintf(path, sizeof path, "%s/%s", dir, cases[c].file);
        printf("%-40s %12.3f %12.3f %12ld\n", cases[c].name, t[reps / 2], cpu[reps / 2], file_size(path));
    }
    char cmd[4300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "bench_outputs: could not remove %s\n", dir);
    praksis_result_free(r);
    praksis_instance_free(inst);
    return 0;
}
