/*
 * sweep_mpi.c - a sweep dealt to the ranks of an MPI job (praksis_mpi.h).
 *
 * Rank 0 keeps the deck: the scenarios in order of size, largest first.
 * Every worker thread of every rank asks for the next scenario when it is
 * free; rank 0's own workers take one from the deck directly, the others
 * ask over MPI (TAG_ASK; the answer comes on TAG_DEAL plus the asking
 * thread's number, so that threads of one rank never take each other's
 * answers).  A worker solves its scenario with sweep.c's pk_sweep_run_one,
 * writes the plan, and sends the outcome as bytes (TAG_RESULT) before it
 * asks again; a rank's messages to rank 0 arrive in the order sent, so
 * when every remote worker has been told "no more" (-1), every outcome is
 * in.  One thread of rank 0 does nothing but answer: it polls, so that a
 * signal is seen within milliseconds.
 *
 * A rank that dies makes mpirun end the job: it sends the others SIGCONT,
 * SIGTERM a timeout later and SIGKILL after that, and the first of them
 * is the stop (cli_sweep.c catches SIGCONT too).  The stop hook sees it; the
 * dealer stops dealing, waits for outcomes while they keep coming (at
 * most GRACE_S of silence), marks a scenario whose rank never answered as
 * failed with that rank's number, and returns, so that rank 0 can write
 * the tables in the time it has.
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis_mpi.h"
#include "sweep_run.h"

#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TAG_ASK = 1, TAG_RESULT = 2, TAG_DEAL = 1000 };

#define GRACE_S 0.5 /* silence after a stop before the missing outcomes are given up */

typedef struct dealer {
    praksis_sweep *sw;
    const praksis_sweep_hooks *hooks;
    int n;
    int *order;          /* scenario indices, largest first */
    int next;            /* the next of order to deal */
    int *owner;          /* rank dealt scenario i, -1 if not dealt */
    unsigned char *in;   /* scenario i's outcome is in */
    int finished;        /* outcomes in */
    int remote_workers;  /* worker threads of the other ranks ... */
    int released;        /* ... and how many were told "no more" */
    int stopping;
    omp_lock_t lock;
} dealer;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void nap(void)
{
    struct timespec ts = {0, 1000000}; /* 1 ms */
    nanosleep(&ts, NULL);
}

static int stop_asked(const praksis_sweep_hooks *h) { return h && h->stop && h->stop(h->user); }

/* ------------------------------------------------------------ rank 0's deck */
static const praksis_sweep *sort_sw; /* qsort has no context; set under one thread */

static int by_size(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    long pi = pk_sweep_pairs(sort_sw, i), pj = pk_sweep_pairs(sort_sw, j);
    if (pi != pj) return pi > pj ? -1 : 1;
    return i - j;
}

static int dealer_init(dealer *D, praksis_sweep *sw, const praksis_sweep_hooks *hooks, int remote_workers)
{
    memset(D, 0, sizeof *D);
    D->sw = sw;
    D->hooks = hooks;
    D->n = praksis_sweep_count(sw);
    D->remote_workers = remote_workers;
    size_t n = D->n > 0 ? (size_t)D->n : 1;
    D->order = malloc(n * sizeof *D->order);
    D->owner = malloc(n * sizeof *D->owner);
    D->in = calloc(n, 1);
    if (!D->order || !D->owner || !D->in) return -1;
    for (int i = 0; i < D->n; i++) {
        D->order[i] = i;
        D->owner[i] = -1;
    }
    sort_sw = sw;
    qsort(D->order, (size_t)D->n, sizeof *D->order, by_size);
    omp_init_lock(&D->lock);
    return 0;
}

static void dealer_free(dealer *D)
{
    omp_destroy_lock(&D->lock);
    free(D->order);
    free(D->owner);
    free(D->in);
}

/* The next scenario for a worker of rank r, or -1: none left, or stopping. */
static int deal(dealer *D, int r)
{
    int i = -1;
    omp_set_lock(&D->lock);
    if (!D->stopping && D->next < D->n) {
        i = D->order[D->next++];
        D->owner[i] = r;
    }
    omp_unset_lock(&D->lock);
    return i;
}

/* Scenario i's outcome is in (already in the sweep): tell the caller. */
static void record(dealer *D, int i)
{
    omp_set_lock(&D->lock);
    if (!D->in[i]) {
        D->in[i] = 1;
        D->finished++;
        pk_sweep_row_done(D->sw, i, D->finished, D->hooks);
    }
    omp_unset_lock(&D->lock);
}

/* After the dealing: what never came back failed with its rank, what was
 * never dealt was skipped. */
static void settle(dealer *D, praksis_diag *diag)
{
    char why[160];
    for (int i = 0; i < D->n; i++) {
        if (D->in[i]) continue;
        if (D->owner[i] >= 0) {
            snprintf(why, sizeof why, "rank %d did not report this scenario (it stopped or died)", D->owner[i]);
            pk_diag_set(diag, "", 0, 0, "rank %d did not come back (it stopped or died): its scenarios are marked failed",
                        D->owner[i]);
            pk_sweep_set_failed(D->sw, i, PRAKSIS_SWEEP_FAILED, why);
        } else {
            pk_sweep_set_failed(D->sw, i, PRAKSIS_SWEEP_SKIPPED, "");
        }
        record(D, i);
    }
}

/* One message from another rank: a request for work, or an outcome. */
static void serve(dealer *D, MPI_Comm comm, const MPI_Status *st)
{
    if (st->MPI_TAG == TAG_ASK) {
        int w;
        MPI_Recv(&w, 1, MPI_INT, st->MPI_SOURCE, TAG_ASK, comm, MPI_STATUS_IGNORE);
        int i = deal(D, st->MPI_SOURCE);
        if (i < 0) D->released++;
        MPI_Send(&i, 1, MPI_INT, st->MPI_SOURCE, TAG_DEAL + w, comm);
        return;
    }
    int len = 0;
    MPI_Get_count(st, MPI_BYTE, &len);
    unsigned char *buf = malloc(len > 0 ? (size_t)len : 1);
    MPI_Recv(buf, len, MPI_BYTE, st->MPI_SOURCE, TAG_RESULT, comm, MPI_STATUS_IGNORE);
    int i = -1;
    if (buf && len >= (int)sizeof i) memcpy(&i, buf, sizeof i);
    if (i >= 0 && i < D->n &&
        pk_sweep_unpack(D->sw, i, buf + sizeof i, (size_t)len - sizeof i) == 0)
        record(D, i);
    free(buf);
}

/* Rank 0's answering thread: until every remote worker was released and
 * the local ones are done, or a stop left GRACE_S of silence. */
static void answer(dealer *D, MPI_Comm comm, volatile int *local_left)
{
    double quiet = now();
    for (;;) {
        if (!D->stopping && stop_asked(D->hooks)) {
            omp_set_lock(&D->lock);
            D->stopping = 1;
            omp_unset_lock(&D->lock);
            quiet = now();
        }
        int flag = 0;
        MPI_Status st;
        MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &flag, &st);
        if (flag && (st.MPI_TAG == TAG_ASK || st.MPI_TAG == TAG_RESULT)) {
            serve(D, comm, &st);
            quiet = now();
            continue;
        }
        int local_done;
#pragma omp atomic read
        local_done = *local_left;
        local_done = local_done == 0;
        if (local_done && D->released == D->remote_workers) return;
        if (D->stopping && local_done && now() - quiet > GRACE_S) return;
        nap();
    }
}

/* ------------------------------------------------------------ workers */
typedef struct job {
    praksis_sweep *sw;
    const praksis_instance *inst;
    const char *outdir;
    const praksis_sweep_hooks *hooks;
    MPI_Comm comm;
    int rank;
    dealer *D; /* rank 0 only */
} job;

static int ask(const job *J, int w)
{
    if (J->rank == 0) return deal(J->D, 0);
    int i = -1;
    MPI_Send(&w, 1, MPI_INT, 0, TAG_ASK, J->comm);
    MPI_Recv(&i, 1, MPI_INT, 0, TAG_DEAL + w, J->comm, MPI_STATUS_IGNORE);
    return i;
}

static void report(const job *J, int i)
{
    if (J->rank == 0) {
        record(J->D, i);
        return;
    }
    size_t len = 0;
    void *out = pk_sweep_pack(J->sw, i, &len);
    unsigned char *msg = out ? malloc(sizeof i + len) : NULL;
    if (!msg) { /* out of memory: rank 0 marks the scenario as not reported */
        free(out);
        return;
    }
    memcpy(msg, &i, sizeof i);
    memcpy(msg + sizeof i, out, len);
    MPI_Send(msg, (int)(sizeof i + len), MPI_BYTE, 0, TAG_RESULT, J->comm);
    free(msg);
    free(out);
}

static void work(const job *J, int w)
{
    for (;;) {
        int i = ask(J, w);
        if (i < 0) return;
        pk_sweep_run_one(J->sw, J->inst, J->outdir, i, J->hooks);
        /* this thread's GLPK environment: freed after every scenario */
        praksis_thread_cleanup();
        report(J, i);
    }
}

/* ------------------------------------------------------------ the run */

/* outdir on every rank (a shared file system), each rank's result in ok. */
static praksis_error start(praksis_sweep *sw, const char *outdir, MPI_Comm comm, praksis_diag *diag)
{
    int provided = 0;
    MPI_Query_thread(&provided);
    praksis_error rc = PRAKSIS_OK;
    if (provided < MPI_THREAD_MULTIPLE) {
        pk_diag_set(diag, "", 0, 0, "MPI must be initialised with MPI_THREAD_MULTIPLE for a sweep's threads");
        rc = PRAKSIS_ERR_USAGE;
    } else if (!pk_sweep_prepared(sw)) {
        pk_diag_set(diag, "", 0, 0, "the sweep was not prepared (praksis_sweep_prepare) before running");
        rc = PRAKSIS_ERR_USAGE;
    } else {
        rc = pk_make_dirs(outdir, diag);
    }
    int bad = rc != PRAKSIS_OK, any = 0;
    MPI_Allreduce(&bad, &any, 1, MPI_INT, MPI_MAX, comm);
    if (any && !bad) {
        pk_diag_set(diag, outdir, 0, 0, "another rank could not start the sweep here");
        rc = PRAKSIS_ERR_IO;
    }
    return rc;
}

praksis_error praksis_sweep_run_mpi(praksis_sweep *sw, const praksis_instance *inst, const char *outdir, int threads,
                                    const praksis_sweep_hooks *hooks, MPI_Comm comm, praksis_diag *diag)
{
    if (!sw || !inst || !outdir) return PRAKSIS_ERR_USAGE;
    praksis_error rc = start(sw, outdir, comm, diag);
    if (rc) return rc;
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    int nth = threads > 0 ? threads : omp_get_max_threads();
    if (nth < 1) nth = 1;
    int total = 0; /* worker threads over all ranks */
    MPI_Reduce(&nth, &total, 1, MPI_INT, MPI_SUM, 0, comm);
    dealer D;
    job J = {sw, inst, outdir, hooks, comm, rank, rank == 0 ? &D : NULL};
    pk_sweep_reset(sw);
    if (rank == 0 && dealer_init(&D, sw, hooks, total - nth)) {
        dealer_free(&D);
        return PRAKSIS_ERR_NOMEM; /* the others then wait: the caller aborts the job */
    }
    volatile int local_left = nth;
    /* Rank 0 runs one thread more: the one that answers. */
#pragma omp parallel num_threads(nth + (rank == 0))
    {
        int t = omp_get_thread_num();
        if (rank == 0 && t == 0) {
            answer(&D, comm, &local_left);
        } else {
            work(&J, rank == 0 ? t - 1 : t);
#pragma omp atomic update
            local_left--;
        }
    }
    if (rank == 0) {
        settle(&D, diag);
        if (D.released < D.remote_workers) { /* some rank is gone: see the rows */
            rc = PRAKSIS_ERR_SOLVER;
            if (!diag->message[0]) pk_diag_set(diag, "", 0, 0, "a rank did not come back (it stopped or died)");
        }
        dealer_free(&D);
    }
    return rc;
}
