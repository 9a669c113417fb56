/* diag.c - the error table, filling praksis_diag, and positions in JSON text. */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const error_text[PRAKSIS_ERR_COUNT] = {
    [PRAKSIS_OK] = "no error",
    [PRAKSIS_ERR_INPUT] = "invalid input data",
    [PRAKSIS_ERR_IO] = "file could not be read or written",
    [PRAKSIS_ERR_NOMEM] = "out of memory or size too large",
    [PRAKSIS_ERR_SOLVER] = "the MIP solver failed",
    [PRAKSIS_ERR_INTERNAL] = "internal error: the plan failed the engine's own re-check",
    [PRAKSIS_ERR_USAGE] = "invalid argument to a library call",
    [PRAKSIS_ERR_NOPLAN] = "stopped before any plan met the agreed placements and minimum intakes",
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
