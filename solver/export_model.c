/*
 * export_model.c - the engine's own model for other solvers (CBC, HiGHS,
 * glpsol): MPS or CPLEX LP, one lexicographic level at a time, earlier
 * levels bounded exactly as the engine bounds them.
 */
#define _POSIX_C_SOURCE 200809L
#include "model.h"

#include <errno.h>
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int silence(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1;
}

/* GLPK writes free MPS (names may be long) but does not say so on the
 * NAME card, and CBC then reads the file as fixed MPS and rejects long
 * names ("Bad image").  Rewrite the card as "NAME praksis FREE", which
 * GLPK and CBC both read.  0 on success. */
static int mark_free_mps(const char *file)
{
    char fixed[4096 + 8];
    snprintf(fixed, sizeof fixed, "%s.free", file);
    FILE *in = fopen(file, "r"), *out = in ? fopen(fixed, "w") : NULL;
    if (!in || !out) {
        if (in) fclose(in);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    int named = 0, bad = 0;
    while (getline(&line, &cap, in) >= 0) {
        if (!named && strncmp(line, "NAME", 4) == 0) {
            named = 1;
            bad |= fputs("NAME praksis FREE\n", out) < 0;
        } else {
            bad |= fputs(line, out) < 0;
        }
    }
    free(line);
    bad |= ferror(in) != 0;
    fclose(in);
    bad |= fclose(out) != 0;
    if (bad || rename(fixed, file) != 0) {
        remove(fixed);
        return -1;
    }
    return 0;
}

praksis_error praksis_problem_export_model(praksis_problem *P, int level, const double *opt, praksis_format fmt,
                                           const char *path, praksis_diag *diag)
{
    if (!P || !path) return PRAKSIS_ERR_USAGE;
    if (level < 1 || level > PRAKSIS_LEVELS || (level > 1 && !opt)) {
        pk_diag_set(diag, path, 0, 0, "level %d needs the optima of the levels before it", level);
        return PRAKSIS_ERR_USAGE;
    }
    const model *M = pk_problem_model(P);
    if (!M) return PRAKSIS_ERR_NOMEM;
    praksis_error rc = PRAKSIS_OK;
    glp_term_hook(silence, NULL);
    glp_prob *lp = pk_model_to_glpk(M, level, 1);
    if (!lp) rc = PRAKSIS_ERR_NOMEM;
    if (!rc) {
        glp_set_prob_name(lp, "praksis");
        glp_set_obj_name(lp, "level");
        for (int k = 1; k < level; k++) pk_model_add_level_bound(M, lp, k, pk_level_bound(opt[k - 1]), NULL);
        /* The LP format keeps an objective constant only as a comment, and
         * MPS readers differ on it: carry the change penalty's constant as a
         * column fixed at 1, so every solver reports the engine's level value. */
        double c0 = glp_get_obj_coef(lp, 0);
        if (c0 != 0) {
            int j = glp_add_cols(lp, 1);
            glp_set_col_name(lp, j, "objective_constant");
            glp_set_col_bnds(lp, j, GLP_FX, 1, 1);
            glp_set_obj_coef(lp, j, c0);
            glp_set_obj_coef(lp, 0, 0);
        }
        /* GLPK writes in place; write beside the target and rename. */
        char tmp[4096];
        struct stat st;
        if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
            snprintf(tmp, sizeof tmp, "%s", path); /* a device or pipe: write in place */
        else
            snprintf(tmp, sizeof tmp, "%s.tmp", path);
        int ret = fmt == PRAKSIS_FORMAT_MPS ? glp_write_mps(lp, GLP_MPS_FILE, NULL, tmp) : glp_write_lp(lp, NULL, tmp);
        if (ret == 0 && fmt == PRAKSIS_FORMAT_MPS && strcmp(tmp, path) != 0) ret = mark_free_mps(tmp);
        if (ret != 0 || (strcmp(tmp, path) != 0 && rename(tmp, path) != 0)) {
            if (strcmp(tmp, path) != 0) remove(tmp);
            pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(errno ? errno : EIO));
            rc = PRAKSIS_ERR_IO;
        }
        glp_delete_prob(lp);
    }
    glp_term_hook(NULL, NULL);
    return rc;
}
