/*
 * praksis_mpi.h - extension: a sweep dealt to the ranks of an MPI job, for
 * clusters.  Built only into the MPI variant of the command (`make mpi`:
 * build/praksis-mpi); the library and the default command need no MPI.
 *
 * Every rank loads the same instance and sweep file (from a shared file
 * system) and prepares them, so that every rank knows every scenario by
 * its index.  Rank 0 deals the scenarios, the largest (most candidate
 * pairs) first, to whichever worker asks next: its own worker threads and
 * those of the other ranks.  Each rank solves with `threads` OpenMP
 * threads, one GLPK problem per thread, and writes the plans it solves
 * into outdir/<dir> itself; the outcome of each scenario (its figures,
 * solve information and shares) goes back to rank 0 as bytes, so rank 0
 * ends with every row, exactly as praksis_sweep_run would have left them.
 * The ranks must run the same build.
 */
#ifndef PRAKSIS_MPI_H
#define PRAKSIS_MPI_H

#include "praksis.h"

#include <mpi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Run the prepared sweep sw on the ranks of comm (MPI initialised with
 * MPI_THREAD_MULTIPLE; every rank calls this with the same sweep).
 * hooks->stop is asked on every rank (a signal forwarded by mpirun stops
 * that rank's solves with their best plans); hooks->done is called on
 * rank 0 only, once per scenario as its outcome arrives.  When the run is
 * stopped, rank 0 waits briefly for the outcomes still under way; a
 * scenario whose rank never reports (it died) is marked failed, naming the
 * rank, and scenarios never dealt are skipped.  Rank 0 returns with every
 * row filled (praksis_sweep_row_get, praksis_sweep_write); the other ranks'
 * rows say nothing.  Errors: outdir cannot be created (on any rank), the
 * sweep not prepared or MPI without MPI_THREAD_MULTIPLE
 * (PRAKSIS_ERR_USAGE).  PRAKSIS_ERR_SOLVER on rank 0 says that a rank never
 * came back: the rows are filled nevertheless (its scenarios failed, naming
 * it), and the caller should write them and end the job with MPI_Abort,
 * since MPI_Finalize would wait for that rank. */
praksis_error praksis_sweep_run_mpi(praksis_sweep *sw, const praksis_instance *inst, const char *outdir, int threads,
                                    const praksis_sweep_hooks *hooks, MPI_Comm comm, praksis_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
