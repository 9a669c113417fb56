/*
 * fileio.c - the engine's files: the one whole-file reader, the one way a
 * file is written (a temporary name in the same directory, renamed into
 * place, so a reader never sees half a file), the one CSV quoting rule,
 * and directories.
 */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void pk_path_join(char *buf, size_t n, const char *dir, const char *name)
{
    size_t len = strlen(dir);
    if (len > 0 && dir[len - 1] == '/')
        snprintf(buf, n, "%s%s", dir, name);
    else
        snprintf(buf, n, "%s/%s", dir, name);
}

int pk_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *pk_read_file(const char *path, size_t max, size_t *len, praksis_error *rc, praksis_diag *diag)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        pk_diag_set(diag, path, 0, 0, "cannot open: %s", strerror(errno));
        *rc = PRAKSIS_ERR_IO;
        return NULL;
    }
    size_t cap = 4096, n = 0, got;
    char *buf = malloc(cap);
    *rc = PRAKSIS_ERR_NOMEM;
    if (!buf) goto fail;
    while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 < cap) continue;
        if (cap >= max) {
            pk_diag_set(diag, path, 0, 0, "expected a file under %zu MiB, found a larger file", max >> 20);
            *rc = PRAKSIS_ERR_INPUT;
            goto fail;
        }
        char *grown = realloc(buf, cap * 2);
        if (!grown) goto fail;
        buf = grown;
        cap *= 2;
    }
    if (ferror(f)) {
        pk_diag_set(diag, path, 0, 0, "read error: %s", strerror(errno ? errno : EIO));
        *rc = PRAKSIS_ERR_IO;
        goto fail;
    }
    buf[n] = 0;
    fclose(f);
    if (len) *len = n;
    *rc = PRAKSIS_OK;
    return buf;
fail:
    free(buf);
    fclose(f);
    return NULL;
}

char *pk_read_json_text(const char *path, const char *what, praksis_error *rc, praksis_diag *diag)
{
    size_t len;
    /* a scenario or sweep is a few kB, a plan's summary a few hundred */
    char *buf = pk_read_file(path, (size_t)1 << 26, &len, rc, diag);
    if (!buf) {
        if (*rc == PRAKSIS_ERR_INPUT)
            pk_diag_set(diag, path, 0, 0, "expected a %s file under 64 MiB, found a larger file", what);
        return NULL;
    }
    if (memchr(buf, 0, len)) {
        pk_diag_set(diag, path, 0, 0, "expected JSON text, found a NUL byte");
        *rc = PRAKSIS_ERR_INPUT;
        free(buf);
        return NULL;
    }
    return buf;
}

/* A path that exists and is not a regular file (a device such as
 * /dev/stdout, a pipe) is written in place: renaming over it would replace
 * the device with a file. */
static praksis_error write_in_place(const char *path, write_fn fn, const void *ctx, praksis_diag *diag)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(errno));
        return PRAKSIS_ERR_IO;
    }
    int bad = fn(f, ctx) != 0;
    bad |= fflush(f) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(errno ? errno : EIO));
        return PRAKSIS_ERR_IO;
    }
    return PRAKSIS_OK;
}

praksis_error pk_write_atomic(const char *path, write_fn fn, const void *ctx, praksis_diag *diag)
{
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode)) {
            pk_diag_set(diag, path, 0, 0, "expected a file name, found a directory");
            return PRAKSIS_ERR_IO;
        }
        return write_in_place(path, fn, ctx, diag);
    }
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) return PRAKSIS_ERR_NOMEM;
    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        pk_diag_set(diag, path, 0, 0, "cannot create a temporary file: %s", strerror(errno));
        free(tmp);
        return PRAKSIS_ERR_IO;
    }
    fchmod(fd, 0644); /* mkstemp makes 0600; outputs are for sharing */
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
        pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        return PRAKSIS_ERR_IO;
    }
    int bad = fn(f, ctx) != 0;
    bad |= fflush(f) != 0;
    bad |= ferror(f) != 0;
    int err = errno;
    bad |= fsync(fileno(f)) != 0 && errno != EINVAL;
    bad |= fclose(f) != 0;
    if (!bad && rename(tmp, path) != 0) {
        err = errno;
        bad = 1;
    }
    if (bad) {
        unlink(tmp);
        pk_diag_set(diag, path, 0, 0, "cannot write: %s", strerror(err ? err : EIO));
        free(tmp);
        return PRAKSIS_ERR_IO;
    }
    free(tmp);
    return PRAKSIS_OK;
}

/* A CSV field, quoted only when it has to be. */
void pk_csv_field(FILE *f, const char *s)
{
    size_t n = strlen(s);
    if (!strpbrk(s, ",;\"\r\n") && (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

praksis_error pk_make_dirs(const char *dir, praksis_diag *diag)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", dir) >= (int)sizeof buf) {
        pk_diag_set(diag, dir, 0, 0, "expected an output directory path under %zu bytes", sizeof buf);
        return PRAKSIS_ERR_IO;
    }
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || *p == 0) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                pk_diag_set(diag, buf, 0, 0, "cannot create the output directory: %s", strerror(errno));
                return PRAKSIS_ERR_IO;
            }
            *p = c;
            if (!c) break;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        pk_diag_set(diag, dir, 0, 0, "expected an output directory, found a file");
        return PRAKSIS_ERR_IO;
    }
    return PRAKSIS_OK;
}

int pk_write_text_line(FILE *f, const void *ctx)
{
    fputs((const char *)ctx, f);
    fputc('\n', f);
    return 0;
}
