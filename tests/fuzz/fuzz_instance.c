/*
 * fuzz_instance.c - libFuzzer harness for the whole input path short of
 * solving: the input becomes an instance directory (fuzz_dir.h: the files
 * cut at NUL bytes, in the order sites, campuses, programmes, cohorts,
 * capacity, distances, scenario.json, students, fixed, previous), which is loaded
 * (praksis_instance_load, solver/load.c), layered with its scenario.json
 * as the command does (praksis_instance_scenario), and prepared and sized
 * (praksis_problem_create, praksis_problem_size: solver/validate.c's
 * problem build and the model's size).  The directory is removed after
 * each input.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"
#include "fuzz_dir.h"
#include "internal.h"

static void on_warning(void *user, const praksis_diag *w)
{
    (void)user;
    FUZZ_ASSERT(w->message[0] && w->file[0] && memchr(w->message, 0, sizeof w->message), "empty warning");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_dir dir;
    if (fuzz_dir_make(&dir, data, size) != 0) {
        perror("fuzz_instance: cannot write the instance");
        abort();
    }
    praksis_instance *inst = (praksis_instance *)&dir; /* must be overwritten */
    praksis_diag d;
    memset(&d, 0, sizeof d);
    praksis_error rc = praksis_instance_load(dir.path, on_warning, NULL, &inst, &d);
    if (rc != PRAKSIS_OK) {
        FUZZ_ASSERT(inst == NULL, "failed load left an instance");
        fuzz_check_diag(rc, &d);
        FUZZ_ASSERT(strncmp(d.file, dir.path, strlen(dir.path)) == 0, "error outside the instance: %s", d.file);
        goto out;
    }
    FUZZ_ASSERT(inst && inst->n_sites > 0 && inst->n_campuses > 0 && inst->n_programmes > 0, "empty instance");
    praksis_settings s;
    praksis_settings_init(&s);
    /* the instance's own scenario, as the command layers it */
    memset(&d, 0, sizeof d);
    rc = praksis_instance_scenario(inst, &s, &d);
    if (rc != PRAKSIS_OK) fuzz_check_diag(rc, &d);
    FUZZ_ASSERT(rc == PRAKSIS_OK || dir.present[6], "a scenario error without a scenario.json");
    praksis_size z;
    memset(&d, 0, sizeof d);
    praksis_problem *prob = NULL;
    rc = praksis_problem_create(inst, &s, &prob, &d);
    if (rc == PRAKSIS_OK) rc = praksis_problem_size(prob, &z, &d);
    praksis_problem_free(prob);
    if (rc != PRAKSIS_OK) {
        fuzz_check_diag(rc, &d);
    } else {
        /* pairs are per class and site: at most one class per cohort and per listed student */
        FUZZ_ASSERT(z.sites == inst->n_sites && z.cohorts <= inst->n_cohorts && z.students >= 0 &&
                        z.pairs >= 0 && z.pairs <= ((long)z.cohorts + inst->n_students) * z.sites && z.relocated_pairs <= z.pairs,
                    "sizes");
        FUZZ_ASSERT(z.student_weeks >= 0 && z.municipal_target_weeks >= 0 &&
                        z.municipal_target_weeks <= z.student_weeks * (1 + 1e-9),
                    "weeks %g target %g", z.student_weeks, z.municipal_target_weeks);
        FUZZ_ASSERT(z.rows >= 0 && z.cols >= 0 && z.integers >= 0 && z.integers <= z.cols && z.nonzeros >= 0,
                    "model size");
    }
    praksis_settings_clear(&s);
    praksis_instance_free(inst);
out:
    fuzz_dir_remove(&dir);
    return 0;
}
