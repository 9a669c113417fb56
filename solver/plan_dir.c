/*
 * plan_dir.c - a plan's directory, written as one unit: the files go into
 * a new directory beside the target, which is swapped in whole
 * (renameat2 RENAME_EXCHANGE) only when every file is complete.
 */
#define _GNU_SOURCE /* renameat2 */
#include "result.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a plan directory can hold: replaced together, never mixed with the
 * files of another plan.  The plan's own files (plan_write.c) and the
 * extras a caller may add. */
static const char *const plan_files[] = {"assignments.csv", "unplaced.csv", "site_use.csv", "summary.json",
                                         "changes.csv", "student_plan.csv", "report.html", "plan.xlsx",
                                         "sensitivity.csv", "unused_sites.csv", "unplaced_why.csv"};
enum { N_PLAN_FILES = sizeof plan_files / sizeof plan_files[0] };

static int is_plan_file(const char *name)
{
    for (int k = 0; k < N_PLAN_FILES; k++)
        if (strcmp(name, plan_files[k]) == 0) return 1;
    return 0;
}

/* Remove a directory holding at most the plan files (a staging directory,
 * or the old plan after the swap). */
static void remove_plan_dir(const char *dir)
{
    char path[4096];
    for (int k = 0; k < N_PLAN_FILES; k++) {
        pk_path_join(path, sizeof path, dir, plan_files[k]);
        unlink(path);
    }
    DIR *d = opendir(dir);
    if (d) { /* temporary files of a write that failed half-way */
        struct dirent *e;
        while ((e = readdir(d)))
            if (strstr(e->d_name, ".tmp.")) {
                pk_path_join(path, sizeof path, dir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dir);
}

/* Staging directories of earlier writes to the same target that never
 * finished (killed by a second Ctrl-C, a power cut).  Only plan files are
 * removed from them: one that holds anything else stays. */
static void remove_stale_staging(const char *parent, const char *base)
{
    char prefix[512], path[8256];
    if (snprintf(prefix, sizeof prefix, ".%s.new-", base) >= (int)sizeof prefix) return;
    DIR *d = opendir(parent);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, prefix, strlen(prefix)) == 0) {
            snprintf(path, sizeof path, "%s/%s", parent, e->d_name);
            remove_plan_dir(path);
        }
    closedir(d);
}

/* Move every entry of from that is not a plan file into to (a sweep's
 * directory, the user's notes: they belong to the directory, not to the
 * plan).  back: undo a move.  Returns 0, or -1 with errno. */
static int carry_others(const char *from, const char *to)
{
    DIR *d = opendir(from);
    if (!d) return -1;
    int fd_from = dirfd(d), fd_to = open(to, O_RDONLY | O_DIRECTORY), rc = 0;
    if (fd_to < 0) {
        closedir(d);
        return -1;
    }
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !is_plan_file(e->d_name))
            rc = renameat(fd_from, e->d_name, fd_to, e->d_name);
    int err = errno;
    close(fd_to);
    closedir(d);
    errno = err;
    return rc;
}

/* The directory is one of ours to replace: empty, or holding a plan. */
static praksis_error check_replaceable(const char *dir, praksis_diag *diag)
{
    DIR *d = opendir(dir);
    if (!d) {
        pk_diag_set(diag, dir, 0, 0, "cannot read the output directory: %s", strerror(errno));
        return PRAKSIS_ERR_IO;
    }
    int entries = 0, plan = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        entries++;
        plan |= strcmp(e->d_name, "summary.json") == 0;
    }
    closedir(d);
    if (entries && !plan) {
        pk_diag_set(diag, dir, 0, 0,
                 "expected an empty output directory or one holding a plan (summary.json), found other files; "
                 "choose another directory with -o");
        return PRAKSIS_ERR_IO;
    }
    return PRAKSIS_OK;
}

static praksis_error write_plan_files(const praksis_result *R, const char *dir, const praksis_plan_extra *extra,
                                      int n_extra, praksis_diag *diag)
{
    praksis_error rc = pk_plan_write_files(R, dir, diag);
    char path[4096];
    for (int k = 0; k < n_extra && !rc; k++) {
        pk_path_join(path, sizeof path, dir, extra[k].name);
        rc = extra[k].write(R, path, extra[k].user, diag);
    }
    return rc;
}

/* A diagnostic about the final path, not the staging name a file was
 * written under. */
static void name_final(praksis_diag *diag, const char *staging, const char *dir)
{
    size_t n = strlen(staging);
    if (strncmp(diag->file, staging, n) == 0) {
        char rest[sizeof diag->file];
        snprintf(rest, sizeof rest, "%s", diag->file + n);
        snprintf(diag->file, sizeof diag->file, "%s%s", dir, rest);
    }
}

praksis_error praksis_result_write(const praksis_result *R, const char *dir, const praksis_plan_extra *extra,
                                   int n_extra, praksis_diag *diag)
{
    char target[4096], parent[4096], staging[8256];
    if (snprintf(target, sizeof target, "%s", dir) >= (int)sizeof target - 32 || !dir[0]) {
        pk_diag_set(diag, dir, 0, 0, "expected an output directory path under %zu bytes", sizeof target - 32);
        return PRAKSIS_ERR_IO;
    }
    size_t len = strlen(target);
    while (len > 1 && target[len - 1] == '/') target[--len] = 0;
    struct stat st;
    int exists = lstat(target, &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) { /* replace what the link points at, keep the link */
        char *real = realpath(target, NULL);
        if (!real || strlen(real) >= sizeof target - 32 || stat(real, &st) != 0) {
            pk_diag_set(diag, dir, 0, 0, "cannot follow the link to the output directory: %s", strerror(errno));
            free(real);
            return PRAKSIS_ERR_IO;
        }
        snprintf(target, sizeof target, "%s", real);
        free(real);
    }
    if (exists && !S_ISDIR(st.st_mode)) {
        pk_diag_set(diag, dir, 0, 0, "expected an output directory, found a file");
        return PRAKSIS_ERR_IO;
    }
    for (int k = 0; k < n_extra; k++)
        if (!extra || !extra[k].name || !is_plan_file(extra[k].name) || !extra[k].write) {
            pk_diag_set(diag, dir, 0, 0, "an extra file of a plan must be one of the files a plan directory holds");
            return PRAKSIS_ERR_USAGE;
        }
    praksis_error rc = exists ? check_replaceable(target, diag) : PRAKSIS_OK;
    if (rc) return rc;
    /* the staging directory sits beside the target: same file system, so
     * the final rename cannot copy */
    const char *slash = strrchr(target, '/');
    const char *base = slash ? slash + 1 : target;
    if (slash == target) snprintf(parent, sizeof parent, "/");
    else if (slash) snprintf(parent, sizeof parent, "%.*s", (int)(slash - target), target);
    else snprintf(parent, sizeof parent, ".");
    if (!exists && (rc = pk_make_dirs(parent, diag))) return rc;
    remove_stale_staging(parent, base);
    snprintf(staging, sizeof staging, "%s/.%s.new-XXXXXX", parent, base);
    if (!mkdtemp(staging)) {
        pk_diag_set(diag, target, 0, 0, "cannot create a directory beside the output directory: %s", strerror(errno));
        return PRAKSIS_ERR_IO;
    }
    chmod(staging, 0755); /* mkdtemp makes 0700; plans are for sharing */
    if ((rc = write_plan_files(R, staging, extra, n_extra, diag))) {
        name_final(diag, staging, dir);
        remove_plan_dir(staging);
        return rc;
    }
    int err = 0;
    if (!exists) {
        if (rename(staging, target) != 0) err = errno;
    } else if (carry_others(target, staging) != 0) {
        err = errno;
        carry_others(staging, target);
    } else if (renameat2(AT_FDCWD, staging, AT_FDCWD, target, RENAME_EXCHANGE) != 0) {
        err = errno;
        if (err == EINVAL || err == ENOSYS) {
            /* a file system without the atomic exchange: two renames, with
             * a moment in which the directory is missing but never mixed */
            char aside[8256 + 8];
            snprintf(aside, sizeof aside, "%s.old", staging);
            if (rename(target, aside) == 0) {
                if (rename(staging, target) == 0) {
                    rename(aside, staging);
                    err = 0;
                } else {
                    err = errno;
                    rename(aside, target);
                }
            } else {
                err = errno;
            }
        }
        if (err) carry_others(staging, target);
    }
    if (err) {
        remove_plan_dir(staging);
        pk_diag_set(diag, dir, 0, 0, "cannot put the new plan in place: %s", strerror(err));
        return PRAKSIS_ERR_IO;
    }
    if (exists) remove_plan_dir(staging); /* now the old plan */
    int pfd = open(parent, O_RDONLY | O_DIRECTORY);
    if (pfd >= 0) { /* the swap itself survives a crash */
        fsync(pfd);
        close(pfd);
    }
    return PRAKSIS_OK;
}
