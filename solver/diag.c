/* diag.c - filling praksis_diag, the error table, and small shared helpers. */
#include "internal.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

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

void diag_set(praksis_diag *d, const char *file, long line, long col, const char *fmt, ...)
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

void path_join(char *buf, size_t n, const char *dir, const char *name)
{
    size_t len = strlen(dir);
    if (len > 0 && dir[len - 1] == '/')
        snprintf(buf, n, "%s%s", dir, name);
    else
        snprintf(buf, n, "%s/%s", dir, name);
}

double geo_km(double lat1, double lon1, double lat2, double lon2)
{
    const double r = 6371.0, rad = 3.14159265358979323846 / 180.0;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1) a = 1;
    return 2 * r * atan2(sqrt(a), sqrt(1 - a));
}
