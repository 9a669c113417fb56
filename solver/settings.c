/*
 * settings.c - the scenario: defaults, validation, and the JSON / --set
 * layers.  One table (keys[]) maps each scenario key to its field, so the
 * JSON reader, --set and the validator can never disagree on a name.
 */
#define _POSIX_C_SOURCE 200809L
#include "csvread.h"
#include "internal.h"
#include "strmap.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum key_type { K_DOUBLE, K_INT, K_LIST, K_BOOL };

typedef struct key_def {
    const char *name;
    enum key_type type;
    size_t offset;
    double min, max;  /* inclusive range */
    int min_open;     /* 1: value must be > min */
    const char *what; /* expected, for messages */
} key_def;

#define F(field) offsetof(praksis_settings, field)
static const key_def keys[] = {
    {"travel_rate", K_DOUBLE, F(travel_rate), 0, 1e9, 0, "a number of kr >= 0"},
    {"supervision_rate", K_DOUBLE, F(supervision_rate), 0, 1e9, 0, "a number of kr >= 0"},
    {"hospital_supervision_rate", K_DOUBLE, F(hospital_supervision_rate), 0, 1e9, 0,
     "a number of kr >= 0"},
    {"coordinator_cost", K_DOUBLE, F(coordinator_cost), 0, 1e12, 0, "a number of kr >= 0"},
    {"commute_km", K_DOUBLE, F(commute_km), 0, 1e5, 0, "a distance in km >= 0"},
    {"road_factor", K_DOUBLE, F(road_factor), 0, 100, 1, "a factor > 0"},
    {"min_relocated_group", K_INT, F(min_relocated_group), 1, 1e6, 0, "a whole number >= 1"},
    {"municipal_share", K_DOUBLE, F(municipal_share), 0, 1, 0, "a share from 0 to 1"},
    {"programmes", K_LIST, F(programmes), 0, 0, 0,
     "a list of programme ids, or \"all\""},
    {"capacity_scale", K_DOUBLE, F(capacity_scale), 0, 1e6, 0, "a factor >= 0"},
    {"demand_scale", K_DOUBLE, F(demand_scale), 0, 1e6, 0, "a factor >= 0"},
    {"time_limit", K_DOUBLE, F(time_limit), 0, 1e7, 1, "a number of seconds > 0"},
    {"mip_gap", K_DOUBLE, F(mip_gap), 0, 1, 0, "a relative gap from 0 to 1"},
    {"change_cost", K_DOUBLE, F(change_cost), 0, 1e9, 0, "a number of kr per student >= 0"},
    {"honour_minimums", K_BOOL, F(honour_minimums), 0, 1, 0, "true or false"},
    {"shortest_moves", K_BOOL, F(shortest_moves), 0, 1, 0, "true or false"},
    {"pricing_min_pairs", K_INT, F(pricing_min_pairs), 0, 2e9, 0, "a whole number >= 0"},
};
#undef F
#define N_KEYS (sizeof keys / sizeof keys[0])

void praksis_settings_init(praksis_settings *s)
{
    memset(s, 0, sizeof *s);
    s->travel_rate = 1500;
    s->supervision_rate = 500;
    s->hospital_supervision_rate = 0;
    s->coordinator_cost = 0;
    s->commute_km = 60;
    s->road_factor = 1.3;
    s->min_relocated_group = 2;
    s->municipal_share = 0.5;
    s->programmes = NULL;
    s->n_programmes = 0;
    s->capacity_scale = 1.0;
    s->demand_scale = 1.0;
    s->time_limit = 60;
    s->mip_gap = 0;
    s->shortest_moves = 1;
    s->pricing_min_pairs = 10000;
    s->change_cost = 0;
    s->honour_minimums = 1;
}

static void free_list(praksis_settings *s)
{
    for (int i = 0; i < s->n_programmes; i++) free(s->programmes[i]);
    free(s->programmes);
    s->programmes = NULL;
    s->n_programmes = 0;
}

void praksis_settings_clear(praksis_settings *s)
{
    if (!s) return;
    free_list(s);
    praksis_settings_init(s);
}

/* Replace the programme list with a copy of ids[0..n) (n < 0: "all"). */
static praksis_error set_list(praksis_settings *s, char *const *ids, int n)
{
    char **copy = NULL;
    if (n >= 0) {
        copy = calloc(n > 0 ? (size_t)n : 1, sizeof *copy);
        if (!copy) return PRAKSIS_ERR_NOMEM;
        for (int i = 0; i < n; i++) {
            copy[i] = strdup(ids[i]);
            if (!copy[i]) {
                for (int j = 0; j < i; j++) free(copy[j]);
                free(copy);
                return PRAKSIS_ERR_NOMEM;
            }
        }
    }
    free_list(s);
    s->programmes = copy;
    s->n_programmes = n >= 0 ? n : 0;
    return PRAKSIS_OK;
}

praksis_error praksis_settings_copy(praksis_settings *dst, const praksis_settings *src)
{
    if (dst == src) return PRAKSIS_OK;
    char **old = dst->programmes;
    int n_old = dst->n_programmes;
    *dst = *src;
    dst->programmes = NULL;
    dst->n_programmes = 0;
    praksis_error e = set_list(dst, src->programmes, src->programmes ? src->n_programmes : -1);
    for (int i = 0; i < n_old; i++) free(old[i]);
    free(old);
    return e;
}

static int check_value(const key_def *k, double v)
{
    if (!isfinite(v)) return 0;
    if (k->min_open ? !(v > k->min) : !(v >= k->min)) return 0;
    if (v > k->max) return 0;
    if (k->type == K_INT && v != floor(v)) return 0;
    return 1;
}

static praksis_error validate(const praksis_settings *s, praksis_diag *diag);
static praksis_error merge_json(praksis_settings *s, const char *json, const char *name, praksis_diag *diag);
static praksis_error set_key(praksis_settings *s, const char *key, const char *value, const char *where,
                             praksis_diag *diag);

/* The public entry points: every error's message is made one printable
 * line (keys, ids and values from the user are quoted in it). */
praksis_error praksis_settings_validate(const praksis_settings *s, praksis_diag *diag)
{
    praksis_error rc = validate(s, diag);
    if (rc) pk_diag_escape(diag);
    return rc;
}

praksis_error praksis_settings_merge_json(praksis_settings *s, const char *json, const char *name,
                                          praksis_diag *diag)
{
    praksis_error rc = merge_json(s, json, name, diag);
    if (rc) pk_diag_escape(diag);
    return rc;
}

praksis_error praksis_settings_set(praksis_settings *s, const char *key, const char *value,
                                   praksis_diag *diag)
{
    praksis_error rc = set_key(s, key, value, "--set", diag);
    if (rc) pk_diag_escape(diag);
    return rc;
}

praksis_error pk_settings_set_at(praksis_settings *s, const char *key, const char *value, const char *where,
                                 praksis_diag *diag)
{
    praksis_error rc = set_key(s, key, value, where, diag);
    if (rc) pk_diag_escape(diag);
    return rc;
}

static praksis_error validate(const praksis_settings *s, praksis_diag *diag)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        const key_def *k = &keys[i];
        double v;
        if (k->type == K_DOUBLE)
            v = *(const double *)((const char *)s + k->offset);
        else if (k->type == K_INT || k->type == K_BOOL)
            v = *(const int *)((const char *)s + k->offset);
        else
            continue;
        if (!check_value(k, v)) {
            pk_diag_set(diag, "scenario", 0, 0, "%s: expected %s, found %g", k->name, k->what, v);
            return PRAKSIS_ERR_INPUT;
        }
    }
    if (s->programmes) {
        if (s->n_programmes == 0) {
            pk_diag_set(diag, "scenario", 0, 0, "programmes: expected at least one programme id, found an empty list");
            return PRAKSIS_ERR_INPUT;
        }
        /* a hash, not a pairwise check: the list may be long */
        strmap seen = {0};
        for (int i = 0; i < s->n_programmes; i++) {
            praksis_error rc = PRAKSIS_ERR_INPUT;
            if (!s->programmes[i][0])
                pk_diag_set(diag, "scenario", 0, 0, "programmes: expected a programme id, found an empty string");
            else if (pk_strmap_get(&seen, s->programmes[i]) >= 0)
                pk_diag_set(diag, "scenario", 0, 0, "programmes: expected each id once, found \"%s\" twice",
                         s->programmes[i]);
            else if (pk_strmap_put(&seen, s->programmes[i], i))
                rc = PRAKSIS_ERR_NOMEM;
            else
                continue;
            pk_strmap_free(&seen);
            return rc;
        }
        pk_strmap_free(&seen);
    }
    return PRAKSIS_OK;
}

static const key_def *find_key(const char *name)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcmp(keys[i].name, name) == 0) return &keys[i];
    return NULL;
}

static const key_def *find_key_nocase(const char *name)
{
    for (size_t i = 0; i < N_KEYS; i++)
        if (strcasecmp(keys[i].name, name) == 0) return &keys[i];
    return NULL;
}


/* Where the nth (0-based) occurrence of "key" used as an object key
 * starts in the JSON text; cJSON keeps no positions, so look for it. */
static void key_pos(const char *text, const char *key, int nth, long *line, long *col)
{
    size_t klen = strlen(key);
    const char *p = text;
    while ((p = strchr(p, '"')) != NULL) {
        if (strncmp(p + 1, key, klen) == 0 && p[1 + klen] == '"') {
            const char *q = p + 2 + klen;
            while (*q && (unsigned char)*q <= 32) q++; /* cJSON's white space */
            if (*q == ':' && nth-- == 0) {
                pk_text_pos(text, (size_t)(p - text), line, col);
                return;
            }
        }
        p++;
    }
    *line = 0;
    *col = 0;
}

const char *pk_json_type(const cJSON *v)
{
    if (cJSON_IsNumber(v)) return "a number";
    if (cJSON_IsString(v)) return "a string";
    if (cJSON_IsBool(v)) return "a boolean";
    if (cJSON_IsNull(v)) return "null";
    if (cJSON_IsArray(v)) return "a list";
    if (cJSON_IsObject(v)) return "an object";
    return "an invalid value";
}
/* A list of programme ids, or "all". */
static praksis_error apply_list(praksis_settings *s, const key_def *k, const cJSON *it, const char *name, long line,
                                long col, praksis_diag *diag)
{
    if (cJSON_IsString(it) && strcmp(it->valuestring, "all") == 0) return set_list(s, NULL, -1);
    if (!cJSON_IsArray(it)) {
        pk_diag_set(diag, name, line, col, "programmes: expected %s, found %s", k->what, pk_json_type(it));
        return PRAKSIS_ERR_INPUT;
    }
    int n = cJSON_GetArraySize(it), i = 0;
    char **ids = calloc(n > 0 ? (size_t)n : 1, sizeof *ids);
    if (!ids) return PRAKSIS_ERR_NOMEM;
    for (const cJSON *e = it->child; e; e = e->next, i++) {
        if (!cJSON_IsString(e)) {
            pk_diag_set(diag, name, line, col, "programmes: expected a list of programme ids (strings), found %s in the list",
                        pk_json_type(e));
            free(ids);
            return PRAKSIS_ERR_INPUT;
        }
        ids[i] = e->valuestring;
    }
    praksis_error rc = set_list(s, ids, n);
    free(ids);
    return rc;
}

praksis_error pk_settings_apply(praksis_settings *s, const char *kname, const cJSON *it, const char *name, long line,
                                long col, praksis_diag *diag)
{
    const key_def *k = find_key(kname);
    if (!k) {
        char kbuf[80];
        const char *kq = pk_diag_clip(kname, kbuf, sizeof kbuf);
        const key_def *near = find_key_nocase(kname);
        if (near)
            pk_diag_set(diag, name, line, col, "unknown key \"%s\"; keys are case-sensitive: expected \"%s\", found \"%s\"",
                        kq, near->name, kq);
        else
            pk_diag_set(diag, name, line, col,
                        "unknown key \"%s\"; expected a scenario key such as \"travel_rate\", found \"%s\"", kq, kq);
        return PRAKSIS_ERR_INPUT;
    }
    if (k->type == K_LIST) return apply_list(s, k, it, name, line, col, diag);
    if (k->type == K_BOOL && cJSON_IsBool(it)) {
        *(int *)((char *)s + k->offset) = cJSON_IsTrue(it) ? 1 : 0;
        return PRAKSIS_OK;
    }
    if (k->type == K_BOOL || !cJSON_IsNumber(it)) {
        pk_diag_set(diag, name, line, col, "%s: expected %s, found %s", kname, k->what, pk_json_type(it));
        return PRAKSIS_ERR_INPUT;
    }
    double v = it->valuedouble;
    if (!check_value(k, v)) {
        pk_diag_set(diag, name, line, col, "%s: expected %s, found %g", kname, k->what, v);
        return PRAKSIS_ERR_INPUT;
    }
    if (k->type == K_INT)
        *(int *)((char *)s + k->offset) = (int)v;
    else
        *(double *)((char *)s + k->offset) = v;
    return PRAKSIS_OK;
}

static praksis_error merge_json(praksis_settings *s, const char *json, const char *name, praksis_diag *diag)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(json, &end, 1);
    if (!root) {
        long line, col;
        size_t off = end ? (size_t)(end - json) : 0;
        const char *err = cJSON_GetErrorPtr();
        if (err && err >= json && err <= json + strlen(json)) off = (size_t)(err - json);
        pk_text_pos(json, off, &line, &col);
        if (pk_json_depth_at(json, off) >= CJSON_NESTING_LIMIT)
            pk_diag_set(diag, name, line, col, "expected JSON nested at most %d deep, found deeper nesting",
                     CJSON_NESTING_LIMIT);
        else
            pk_diag_set(diag, name, line, col, "expected a JSON object of scenario keys, found malformed JSON");
        return PRAKSIS_ERR_INPUT;
    }
    praksis_error rc = PRAKSIS_OK;
    long line, col;
    if (!cJSON_IsObject(root)) {
        pk_diag_set(diag, name, 1, 1, "expected a JSON object of scenario keys, found %s", pk_json_type(root));
        rc = PRAKSIS_ERR_INPUT;
        goto done;
    }
    /* Check everything before changing anything: a bad file leaves *s as it was. */
    praksis_settings tmp;
    praksis_settings_init(&tmp);
    if ((rc = praksis_settings_copy(&tmp, s)) != PRAKSIS_OK) goto done;
    for (cJSON *it = root->child; it && !rc; it = it->next) {
        const char *kname = it->string ? it->string : "";
        char kbuf[80];
        int nth = 0;
        for (cJSON *prev = root->child; prev != it; prev = prev->next)
            if (prev->string && strcmp(prev->string, kname) == 0) nth++;
        key_pos(json, kname, nth, &line, &col);
        if (nth > 0) {
            pk_diag_set(diag, name, line, col, "key \"%s\" appears twice; expected each key once, found it again",
                        pk_diag_clip(kname, kbuf, sizeof kbuf));
            rc = PRAKSIS_ERR_INPUT;
            break;
        }
        rc = pk_settings_apply(&tmp, kname, it, name, line, col, diag);
    }
    if (rc == PRAKSIS_OK) rc = praksis_settings_copy(s, &tmp);
    praksis_settings_clear(&tmp);
done:
    cJSON_Delete(root);
    return rc;
}

praksis_error praksis_settings_merge_file(praksis_settings *s, const char *path, praksis_diag *diag)
{
    praksis_error rc;
    char *buf = pk_read_json_text(path, "scenario", &rc, diag);
    if (!buf) return rc;
    const char *text = buf;
    if ((unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) text += 3;
    rc = praksis_settings_merge_json(s, text, path, diag);
    free(buf);
    return rc;
}

int pk_settings_key_count(void) { return (int)N_KEYS; }

setting_key pk_settings_key(int i)
{
    static const int kind[] = {[K_DOUBLE] = SETTING_DOUBLE, [K_INT] = SETTING_INT, [K_LIST] = SETTING_LIST,
                               [K_BOOL] = SETTING_BOOL};
    setting_key k = {keys[i].name, kind[keys[i].type], keys[i].offset};
    return k;
}

cJSON *pk_settings_to_json(const praksis_settings *s)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < N_KEYS; i++) {
        const key_def *k = &keys[i];
        const char *field = (const char *)s + k->offset;
        if (k->type == K_LIST) {
            if (s->programmes) {
                cJSON *a = cJSON_AddArrayToObject(o, k->name);
                for (int j = 0; j < s->n_programmes; j++) cJSON_AddItemToArray(a, cJSON_CreateString(s->programmes[j]));
            } else {
                cJSON_AddStringToObject(o, k->name, "all");
            }
        } else if (k->type == K_BOOL) {
            cJSON_AddBoolToObject(o, k->name, *(const int *)field);
        } else if (k->type == K_INT) {
            cJSON_AddNumberToObject(o, k->name, *(const int *)field);
        } else {
            cJSON_AddNumberToObject(o, k->name, *(const double *)field);
        }
    }
    return o;
}

/* Strict number: the same grammar as the CSV files (no hex, no inf/nan). */
static int parse_strict(const char *t, double *out)
{
    const char *p = t;
    if (*p == '-') p++;
    if (*p < '0' || *p > '9') return -1;
    while (*p >= '0' && *p <= '9') p++;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9') return -1;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (*p < '0' || *p > '9') return -1;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p) return -1;
    char *end;
    errno = 0;
    double v = strtod(t, &end);
    if (*end || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

static praksis_error set_key(praksis_settings *s, const char *key, const char *value, const char *where,
                             praksis_diag *diag)
{
    const key_def *k = find_key(key);
    if (!k) {
        char kbuf[80];
        const char *kq = pk_diag_clip(key, kbuf, sizeof kbuf);
        const key_def *near = find_key_nocase(key);
        if (near)
            pk_diag_set(diag, where, 0, 0, "unknown key \"%s\"; keys are case-sensitive: expected \"%s\", found \"%s\"",
                     kq, near->name, kq);
        else
            pk_diag_set(diag, where, 0, 0,
                     "unknown key \"%s\"; expected a scenario key such as \"travel_rate\", found \"%s\"", kq, kq);
        return PRAKSIS_ERR_INPUT;
    }
    if (k->type == K_LIST) {
        if (strcmp(value, "all") == 0) return set_list(s, NULL, -1);
        char *copy = strdup(value);
        if (!copy) return PRAKSIS_ERR_NOMEM;
        int n = 1;
        for (const char *p = value; *p; p++) n += *p == ',';
        char **ids = calloc((size_t)n, sizeof *ids);
        if (!ids) { free(copy); return PRAKSIS_ERR_NOMEM; }
        int i = 0;
        char *save = copy;
        for (char *p = copy;; p++) {
            if (*p == ',' || *p == 0) {
                int last = *p == 0;
                *p = 0;
                ids[i++] = save;
                save = p + 1;
                if (last) break;
            }
        }
        praksis_error rc = set_list(s, ids, n);
        free(ids);
        free(copy);
        if (rc == PRAKSIS_OK) {
            for (int j = 0; j < s->n_programmes; j++)
                if (!s->programmes[j][0]) {
                    pk_diag_set(diag, where, 0, 0, "programmes: expected comma-separated programme ids, found an empty id in \"%s\"", value);
                    return PRAKSIS_ERR_INPUT;
                }
        }
        return rc;
    }
    if (k->type == K_BOOL) {
        int b = !strcmp(value, "true") ? 1 : !strcmp(value, "false") ? 0 : -1;
        if (b < 0) {
            pk_diag_set(diag, "--set", 0, 0, "%s: expected %s, found \"%s\"", key, k->what, value);
            return PRAKSIS_ERR_INPUT;
        }
        *(int *)((char *)s + k->offset) = b;
        return PRAKSIS_OK;
    }
    double v;
    if (parse_strict(value, &v) != 0 || !check_value(k, v)) {
        pk_diag_set(diag, where, 0, 0, "%s: expected %s, found \"%s\"", key, k->what, value);
        return PRAKSIS_ERR_INPUT;
    }
    if (k->type == K_INT)
        *(int *)((char *)s + k->offset) = (int)v;
    else
        *(double *)((char *)s + k->offset) = v;
    return PRAKSIS_OK;
}
