/*
 * sweep_run.h - internal: a sweep's scenarios one at a time, for runners
 * other than praksis_sweep_run's OpenMP loop (sweep_mpi.c deals them to
 * MPI ranks and carries each outcome to rank 0 as bytes).
 */
#ifndef PRAKSIS_SWEEP_RUN_H
#define PRAKSIS_SWEEP_RUN_H

#include "internal.h"

/* Forget every scenario's outcome (all pending). */
void pk_sweep_reset(praksis_sweep *sw);
int pk_sweep_prepared(const praksis_sweep *sw);
/* Scenario i's candidate pairs (after preparing): its size, to deal the
 * largest first. */
long pk_sweep_pairs(const praksis_sweep *sw, int i);
/* Solve scenario i, keep its figures and write its plan into outdir/<dir>
 * (skipped when h->stop says so).  One GLPK problem, in the calling thread;
 * the caller ends the task with praksis_thread_cleanup(). */
void pk_sweep_run_one(praksis_sweep *sw, const praksis_instance *inst, const char *outdir, int i,
                      const praksis_sweep_hooks *h);
/* Scenario i's outcome as bytes (caller frees), and back.  unpack: 0, or
 * -1 for bytes that are not an outcome. */
void *pk_sweep_pack(const praksis_sweep *sw, int i, size_t *len);
int pk_sweep_unpack(praksis_sweep *sw, int i, const void *buf, size_t len);
/* Mark scenario i failed (with message) or skipped. */
void pk_sweep_set_failed(praksis_sweep *sw, int i, praksis_sweep_state state, const char *message);
/* Call h->done for scenario i, the finished-th of the sweep. */
void pk_sweep_row_done(const praksis_sweep *sw, int i, int finished, const praksis_sweep_hooks *h);

#endif
