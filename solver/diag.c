/* diag.c - filling praksis_diag, the error table, and small shared helpers. */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const error_text[PRAKSIS_ERR_COUNT] = {
    [PRAKSIS_OK] = "no error",
    [PRAKSIS_ERR_INPUT] = "invalid input data",
    [PRAKSIS_ERR_IO] = "file could not be read or written",
    [PRAKSIS_ERR_NOMEM] = "out of memory or size too large",
    [PRAKSIS_ERR_SOLVER] = "the MIP solver failed",
    [PRAKSIS_ERR_INTERNAL] = "internal error: the plan failed the engine's own re-check",
    [PRAKSIS_ERR_USAGE] = "invalid argument to a library call",
};

const char *praksis_error_string(praksis_error code)
{
    if ((int)code < 0 || code >= PRAKSIS_ERR_COUNT) return "unknown error";
    return error_text[code];
}

const char *praksis_status_string(praksis_status status)
{
    return status == PRAKSIS_STATUS_OPTIMAL ? "optimal" : "feasible";
}

const char *praksis_stop_string(praksis_stop stop)
{
    switch (stop) {
    case PRAKSIS_STOP_TIME_LIMIT: return "time_limit";
    case PRAKSIS_STOP_INTERRUPTED: return "interrupted";
    default: return "none";
    }
}

void pk_diag_set(praksis_diag *d, const char *file, long line, long col, const char *fmt, ...)
{
    if (!d) return;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->column = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->message, sizeof d->message, fmt, ap);
    va_end(ap);
}

void pk_path_join(char *buf, size_t n, const char *dir, const char *name)
{
    size_t len = strlen(dir);
    if (len > 0 && dir[len - 1] == '/')
        snprintf(buf, n, "%s%s", dir, name);
    else
        snprintf(buf, n, "%s/%s", dir, name);
}

double pk_geo_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, rad = 3.14159265358979323846 / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1) a = 1;
    return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}

/* How deeply arrays and objects are open at byte off of a JSON text
 * (strings skipped): tells cJSON's nesting limit from other syntax errors. */
long pk_json_depth_at(const char *t, size_t off)
{
    long depth = 0;
    int in_str = 0;
    for (size_t i = 0; i < off && t[i]; i++) {
        char c = t[i];
        if (in_str) {
            if (c == '\\' && t[i + 1]) i++;
            else if (c == '"') in_str = 0;
        } else if (c == '"') {
            in_str = 1;
        } else if (c == '[' || c == '{') {
            depth++;
        } else if (c == ']' || c == '}') {
            depth--;
        }
    }
    return depth;
}

char *pk_read_json_text(const char *path, const char *what, praksis_error *rc, praksis_diag *diag)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        pk_diag_set(diag, path, 0, 0, "cannot open: %s", strerror(errno));
        *rc = PRAKSIS_ERR_IO;
        return NULL;
    }
    size_t cap = 4096, len = 0, n;
    char *buf = malloc(cap);
    *rc = PRAKSIS_ERR_NOMEM;
    if (!buf) goto fail;
    while ((n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            if (cap >= (size_t)1 << 26) { /* a scenario or sweep is a few kB */
                pk_diag_set(diag, path, 0, 0, "expected a %s file under 64 MiB, found a larger file", what);
                *rc = PRAKSIS_ERR_INPUT;
                goto fail;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) goto fail;
            buf = nb;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        pk_diag_set(diag, path, 0, 0, "read error");
        *rc = PRAKSIS_ERR_IO;
        goto fail;
    }
    buf[len] = 0;
    if (memchr(buf, 0, len)) {
        pk_diag_set(diag, path, 0, 0, "expected JSON text, found a NUL byte");
        *rc = PRAKSIS_ERR_INPUT;
        goto fail;
    }
    fclose(f);
    *rc = PRAKSIS_OK;
    return buf;
fail:
    free(buf);
    fclose(f);
    return NULL;
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

void pk_text_pos(const char *text, size_t off, long *line, long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

int pk_write_text_line(FILE *f, const void *ctx)
{
    fputs((const char *)ctx, f);
    fputc('\n', f);
    return 0;
}
