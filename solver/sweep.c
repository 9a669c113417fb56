/*
 * sweep.c - many scenarios of one instance, solved in parallel with OpenMP
 * and compared in sweep.csv / sweep.json.
 *
 * Threads and GLPK (../shared/GLPK-NOTES.md): praksis_solve builds, solves
 * and deletes its GLPK problem inside one call, sets the terminal and error
 * hooks at its start (GLPK keeps them per thread and glp_free_env resets
 * them), and never turns on cover cuts.  So one scenario is one task of the
 * parallel loop, and each task ends with praksis_thread_cleanup() in the
 * thread that ran it.  The instance is shared read-only by all tasks; every
 * task owns its settings, result and output directory.  The rows are
 * written in sweep-file order whatever order the tasks finish in.
 *
 * Errors name FILE:LINE:COLUMN of the key or value at fault (json.c keeps
 * the positions cJSON does not).
 */
#define _POSIX_C_SOURCE 200809L
#include "csvread.h"
#include "problem.h"
#include "sweep.h"
#include "sweep_run.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#ifdef _OPENMP
#include <omp.h>
#endif

enum { MAX_SCENARIOS = 10000, MAX_DIR_NAME = 200 };

/* The scenario keys come from settings.c's one table (pk_settings_key). */
#define N_PARAM_KEYS ((size_t)pk_settings_key_count())

/* ------------------------------------------------------------ positions */
/* Line and column of a node's key (key = 1) or value (key = 0). */
static void node_pos(const praksis_sweep *sw, const cJSON *node, int key, long *line, long *col)
{
    pk_json_where(&sw->doc, node, key, line, col);
}

#define node_error(sw, node, key, diag, ...) pk_json_error(&(sw)->doc, node, key, diag, __VA_ARGS__)

/* ------------------------------------------------------------ helpers */

/* The shortest decimal text that reads back as v; whole numbers without
 * an exponent. */
static void fmt_num(double v, char *buf, size_t n)
{
    if (v == 0) v = 0; /* no "-0" */
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, n, "%.0f", v);
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v) return;
    }
}

static double r6(double v)
{
    double r = round(v * 1e6) / 1e6;
    return r == 0 ? 0 : r;
}

/* Apply one key = value layer to s as a key of scenario.json is applied,
 * so that keys, types and ranges are checked alike; errors point into the
 * sweep file. */
static praksis_error apply_kv(const praksis_sweep *sw, const kv *k, praksis_settings *s, praksis_diag *diag)
{
    return pk_settings_apply(s, k->key, k->value, sw->file, k->line, k->col, diag);
}

/* Check the members of a scenario object (base or one scenario): each key
 * once, each a scenario key with a valid value.  skip: a key that belongs
 * to the sweep file ("name"), not to the scenario. */
static praksis_error collect_kvs(praksis_sweep *sw, const cJSON *obj, const char *skip, kv **out, int *n_out,
                                 praksis_diag *diag)
{
    int n = cJSON_GetArraySize(obj);
    kv *list = calloc(n > 0 ? (size_t)n : 1, sizeof *list);
    if (!list) return PRAKSIS_ERR_NOMEM;
    int m = 0;
    praksis_error rc = PRAKSIS_OK;
    char kb[80];
    for (const cJSON *c = obj->child; c; c = c->next) {
        for (const cJSON *p = obj->child; p != c; p = p->next)
            if (!strcmp(p->string, c->string)) {
                long l, col;
                node_pos(sw, p, 1, &l, &col);
                rc = node_error(sw, c, 1, diag, "key \"%s\" appears twice (first at line %ld); expected each key once, found it again",
                                pk_diag_clip(c->string, kb, sizeof kb), l);
                goto done;
            }
        if (skip && !strcmp(c->string, skip)) continue;
        kv *k = &list[m];
        k->key = c->string;
        k->value = c;
        node_pos(sw, c, 1, &k->line, &k->col);
        praksis_settings probe;
        praksis_settings_init(&probe);
        rc = apply_kv(sw, k, &probe, diag);
        praksis_settings_clear(&probe);
        if (rc) goto done;
        m++;
    }
done:
    if (rc) {
        free(list);
        return rc;
    }
    *out = list;
    *n_out = m;
    return PRAKSIS_OK;
}

/* A grid value as it appears in a scenario name. */
static int value_text(const cJSON *v, char *buf, size_t n)
{
    if (cJSON_IsNumber(v)) {
        fmt_num(v->valuedouble, buf, n);
    } else if (cJSON_IsString(v)) {
        snprintf(buf, n, "%s", v->valuestring);
    } else if (cJSON_IsBool(v)) {
        snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsArray(v)) {
        size_t o = 0;
        buf[0] = 0;
        for (const cJSON *e = v->child; e; e = e->next) {
            int w = snprintf(buf + o, n - o, "%s%s", e == v->child ? "" : "+",
                             cJSON_IsString(e) ? e->valuestring : "?");
            if (w < 0 || (size_t)w >= n - o) return -1;
            o += (size_t)w;
        }
    } else {
        return -1;
    }
    return strlen(buf) + 1 >= n ? -1 : 0;
}

/* The directory a name is written to: unsafe characters become '_'. */
static char *sanitise(const char *name)
{
    size_t len = strlen(name);
    char *d = malloc(len + 1);
    if (!d) return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80 ||
                 strchr("._=+,@-", c);
        d[i] = ok && c ? (char)c : '_';
    }
    d[len] = 0;
    if (d[0] == '.') d[0] = '_';
    return d;
}

/* ------------------------------------------------------------ load */
static void free_shares(sshare *sh, int n)
{
    for (int k = 0; k < n; k++) {
        free(sh[k].institution);
        free(sh[k].programme);
    }
    free(sh);
}

void pk_sweep_scen_clear(scen *c)
{
    free(c->name);
    free(c->dir);
    free(c->kv);
    c->name = c->dir = NULL;
    c->kv = NULL;
    praksis_settings_clear(&c->set);
    free_shares(c->shares, c->n_shares);
    c->shares = NULL;
    c->n_shares = 0;
}

void praksis_sweep_free(praksis_sweep *sw)
{
    if (!sw) return;
    for (int i = 0; i < sw->n; i++) pk_sweep_scen_clear(&sw->sc[i]);
    free(sw->sc);
    free(sw->base);
    pk_json_free(&sw->doc);
    free(sw->file);
    free(sw->description);
    free(sw->instance);
    free(sw);
}

static praksis_error load_scenarios(praksis_sweep *sw, const cJSON *list, praksis_diag *diag)
{
    if (cJSON_IsObject(list))
        return node_error(sw, list, 0, diag,
                          "scenarios: expected a list of objects [{\"name\": ..., overrides...}], found an object "
                          "(the form name -> overrides is not supported; write each name as a \"name\" key)");
    if (!cJSON_IsArray(list))
        return node_error(sw, list, 0, diag, "scenarios: expected a list of objects [{\"name\": ..., overrides...}], found %s",
                          pk_json_type(list));
    int n = cJSON_GetArraySize(list);
    if (n == 0) return node_error(sw, list, 0, diag, "scenarios: expected at least one scenario, found an empty list");
    if (n > MAX_SCENARIOS)
        return node_error(sw, list, 0, diag, "scenarios: expected at most %d scenarios, found %d", MAX_SCENARIOS, n);
    sw->sc = calloc((size_t)n, sizeof *sw->sc);
    if (!sw->sc) return PRAKSIS_ERR_NOMEM;
    int i = 0;
    for (const cJSON *e = list->child; e; e = e->next, i++) {
        scen *c = &sw->sc[i];
        praksis_settings_init(&c->set);
        sw->n = i + 1;
        node_pos(sw, e, 0, &c->line, &c->col);
        if (!cJSON_IsObject(e))
            return node_error(sw, e, 0, diag, "scenarios[%d]: expected an object with a \"name\" and scenario keys, found %s",
                              i + 1, pk_json_type(e));
        const cJSON *name = NULL;
        for (const cJSON *m = e->child; m; m = m->next)
            if (!strcmp(m->string, "name") && !name) name = m;
        if (!name)
            return node_error(sw, e, 0, diag, "scenarios[%d]: expected a \"name\" key (a non-empty string), found none", i + 1);
        if (!cJSON_IsString(name) || !name->valuestring[0])
            return node_error(sw, name, 0, diag, "scenarios[%d]: name: expected a non-empty string, found %s", i + 1,
                              cJSON_IsString(name) ? "an empty string" : pk_json_type(name));
        for (const unsigned char *p = (const unsigned char *)name->valuestring; *p; p++)
            if (*p < 0x20 || *p == 0x7f)
                return node_error(sw, name, 0, diag, "scenarios[%d]: name: expected printable text, found a control character",
                                  i + 1);
        if (!(c->name = strdup(name->valuestring))) return PRAKSIS_ERR_NOMEM;
        node_pos(sw, name, 0, &c->line, &c->col);
        praksis_error rc = collect_kvs(sw, e, "name", &c->kv, &c->n_kv, diag);
        if (rc) return rc;
    }
    return PRAKSIS_OK;
}

/* Each value of one grid key must be a valid value of the key, and differ
 * from the values before it. */
static praksis_error check_grid_values(praksis_sweep *sw, const cJSON *g, praksis_diag *diag)
{
    int j = 0;
    for (const cJSON *v = g->child; v; v = v->next, j++) {
        kv probe_kv = {g->string, v, 0, 0};
        node_pos(sw, v, 0, &probe_kv.line, &probe_kv.col);
        praksis_settings probe;
        praksis_settings_init(&probe);
        praksis_error rc = apply_kv(sw, &probe_kv, &probe, diag);
        praksis_settings_clear(&probe);
        if (rc) {
            if (!strcmp(g->string, "programmes") && cJSON_IsString(v) && strcmp(v->valuestring, "all")) {
                size_t l = strlen(diag->message);
                snprintf(diag->message + l, sizeof diag->message - l,
                         " (in a grid each value of programmes is itself a list, e.g. [[\"SYK\"], [\"SYK\", \"VERN\"]])");
            }
            return rc;
        }
        for (const cJSON *w = g->child; w != v; w = w->next)
            if (cJSON_Compare(w, v, 1)) {
                long l, col;
                node_pos(sw, w, 0, &l, &col);
                return node_error(sw, v, 0, diag,
                                  "grid: %s: expected different values, found value %d equal to an earlier one (line %ld, column %ld)",
                                  g->string, j + 1, l, col);
            }
    }
    return PRAKSIS_OK;
}

static praksis_error load_grid(praksis_sweep *sw, const cJSON *grid, praksis_diag *diag)
{
    if (!cJSON_IsObject(grid))
        return node_error(sw, grid, 0, diag, "grid: expected an object of scenario keys to lists of values, found %s",
                          pk_json_type(grid));
    int nk = cJSON_GetArraySize(grid);
    if (nk == 0)
        return node_error(sw, grid, 0, diag, "grid: expected at least one key with a list of values, found an empty object");
    const cJSON **keys = calloc((size_t)nk, sizeof *keys);
    int *len = calloc((size_t)nk, sizeof *len);
    praksis_error rc = PRAKSIS_OK;
    if (!keys || !len) {
        rc = PRAKSIS_ERR_NOMEM;
        goto done;
    }
    long total = 1;
    int k = 0;
    char kb[80];
    for (const cJSON *g = grid->child; g; g = g->next, k++) {
        for (const cJSON *p = grid->child; p != g; p = p->next)
            if (!strcmp(p->string, g->string)) {
                long l, col;
                node_pos(sw, p, 1, &l, &col);
                rc = node_error(sw, g, 1, diag, "grid: key \"%s\" appears twice (first at line %ld); expected each key once, found it again",
                                pk_diag_clip(g->string, kb, sizeof kb), l);
                goto done;
            }
        keys[k] = g;
        if (!cJSON_IsArray(g)) {
            rc = node_error(sw, g, 0, diag, "grid: %s: expected a list of values, found %s",
                            pk_diag_clip(g->string, kb, sizeof kb), pk_json_type(g));
            goto done;
        }
        len[k] = cJSON_GetArraySize(g);
        if (len[k] > MAX_SCENARIOS) { /* before the values are compared pairwise */
            rc = node_error(sw, g, 0, diag, "grid: %s: expected at most %d values, found %d",
                            pk_diag_clip(g->string, kb, sizeof kb),
                            MAX_SCENARIOS, len[k]);
            goto done;
        }
        if (len[k] == 0) {
            rc = node_error(sw, g, 0, diag, "grid: %s: expected a non-empty list of values, found an empty list",
                            pk_diag_clip(g->string, kb, sizeof kb));
            goto done;
        }
        if ((rc = check_grid_values(sw, g, diag))) goto done;
        total *= len[k];
        if (total > MAX_SCENARIOS) {
            rc = node_error(sw, grid, 0, diag, "grid: expected at most %d scenarios, found more (the product of the list lengths)",
                            MAX_SCENARIOS);
            goto done;
        }
    }
    sw->sc = calloc((size_t)total, sizeof *sw->sc);
    if (!sw->sc) {
        rc = PRAKSIS_ERR_NOMEM;
        goto done;
    }
    /* The cartesian product, first key slowest: scenario i picks value
     * (i / stride_k) % len_k of key k. */
    for (long i = 0; i < total; i++) {
        scen *c = &sw->sc[i];
        praksis_settings_init(&c->set);
        sw->n = (int)i + 1;
        c->kv = calloc((size_t)nk, sizeof *c->kv);
        char name[4096];
        size_t o = 0;
        if (!c->kv) {
            rc = PRAKSIS_ERR_NOMEM;
            goto done;
        }
        long stride = total;
        for (k = 0; k < nk; k++) {
            stride /= len[k];
            int pick = (int)((i / stride) % len[k]);
            const cJSON *v = cJSON_GetArrayItem(keys[k], pick);
            kv *e = &c->kv[k];
            e->key = keys[k]->string;
            e->value = v;
            node_pos(sw, v, 0, &e->line, &e->col);
            if (k == 0) {
                c->line = e->line;
                c->col = e->col;
            }
            char vt[1024];
            int w = value_text(v, vt, sizeof vt) ? -1
                    : snprintf(name + o, sizeof name - o, "%s%s=%s", k ? "," : "", e->key, vt);
            if (w < 0 || (size_t)w >= sizeof name - o) {
                rc = node_error(sw, v, 0, diag, "grid: expected scenario names under %zu bytes, found a longer one",
                                sizeof name);
                goto done;
            }
            o += (size_t)w;
        }
        c->n_kv = nk;
        if (!(c->name = strdup(name))) {
            rc = PRAKSIS_ERR_NOMEM;
            goto done;
        }
    }
done:
    free(keys);
    free(len);
    return rc;
}

/* Names unique; directories safe, short enough and unique (ignoring case,
 * for case-insensitive file systems). */
static praksis_error check_names(praksis_sweep *sw, praksis_diag *diag)
{
    for (int i = 0; i < sw->n; i++) {
        scen *c = &sw->sc[i];
        if (!(c->dir = sanitise(c->name))) return PRAKSIS_ERR_NOMEM;
        if (strlen(c->dir) > MAX_DIR_NAME) {
            pk_diag_set(diag, sw->file, c->line, c->col, "scenario name: expected at most %d bytes, found %zu",
                     MAX_DIR_NAME, strlen(c->dir));
            return PRAKSIS_ERR_INPUT;
        }
        if (!strcasecmp(c->dir, "sweep.csv") || !strcasecmp(c->dir, "sweep.json") || !strcasecmp(c->dir, "sweep.xlsx") ||
            !strcasecmp(c->dir, "sweep.html")) {
            pk_diag_set(diag, sw->file, c->line, c->col,
                     "scenario name: expected a name other than sweep.csv, sweep.json, sweep.xlsx and sweep.html (the sweep's "
                     "own files), found \"%s\"",
                     c->name);
            return PRAKSIS_ERR_INPUT;
        }
        for (int j = 0; j < i; j++) {
            const scen *b = &sw->sc[j];
            if (!strcmp(b->name, c->name)) {
                pk_diag_set(diag, sw->file, c->line, c->col,
                         "scenario name: expected a name not used before, found \"%s\" again (first at line %ld)", c->name,
                         b->line);
                return PRAKSIS_ERR_INPUT;
            }
            if (!strcasecmp(b->dir, c->dir)) {
                pk_diag_set(diag, sw->file, c->line, c->col,
                         "scenario name: expected names that stay distinct as directory names, found \"%s\" -> \"%s\", "
                         "which collides with \"%s\" -> \"%s\" (line %ld)",
                         c->name, c->dir, b->name, b->dir, b->line);
                return PRAKSIS_ERR_INPUT;
            }
        }
    }
    return PRAKSIS_OK;
}

praksis_error praksis_sweep_load_json(const char *json, const char *name, praksis_sweep **out, praksis_diag *diag)
{
    *out = NULL;
    praksis_sweep *sw = calloc(1, sizeof *sw);
    if (!sw) return PRAKSIS_ERR_NOMEM;
    praksis_error rc = PRAKSIS_OK;
    if (!(sw->file = strdup(name ? name : "sweep"))) {
        rc = PRAKSIS_ERR_NOMEM;
        goto fail;
    }
    if ((rc = pk_json_parse(&sw->doc, json, sw->file, "a sweep file (a JSON object)", diag))) goto fail;
    const cJSON *root = sw->doc.root;
    if (!cJSON_IsObject(root)) {
        rc = node_error(sw, root, 0, diag, "expected a JSON object with \"base\" and \"scenarios\" or \"grid\", found %s",
                        pk_json_type(root));
        goto fail;
    }
    const cJSON *base = NULL, *scen_list = NULL, *grid = NULL;
    char kb[80], kb2[80];
    for (const cJSON *c = root->child; c; c = c->next) {
        for (const cJSON *q = root->child; q != c; q = q->next)
            if (!strcmp(q->string, c->string)) {
                rc = node_error(sw, c, 1, diag, "key \"%s\" appears twice; expected each key once, found it again",
                                pk_diag_clip(c->string, kb, sizeof kb));
                goto fail;
            }
        if (!strcmp(c->string, "base")) {
            base = c;
        } else if (!strcmp(c->string, "scenarios")) {
            scen_list = c;
        } else if (!strcmp(c->string, "grid")) {
            grid = c;
        } else if (!strcmp(c->string, "description")) {
            if (!cJSON_IsString(c)) {
                rc = node_error(sw, c, 0, diag, "description: expected a string, found %s", pk_json_type(c));
                goto fail;
            }
            if (!(sw->description = strdup(c->valuestring))) {
                rc = PRAKSIS_ERR_NOMEM;
                goto fail;
            }
        } else {
            const char *hint = "";
            if (!strcasecmp(c->string, "base") || !strcasecmp(c->string, "scenarios") || !strcasecmp(c->string, "grid") ||
                !strcasecmp(c->string, "description"))
                hint = " (keys are case-sensitive)";
            else if (!strcmp(c->string, "scenario"))
                hint = " (did you mean \"scenarios\"?)";
            rc = node_error(sw, c, 1, diag,
                            "unknown key \"%s\"%s; expected \"base\", \"scenarios\", \"grid\" or \"description\", "
                            "found \"%s\"",
                            pk_diag_clip(c->string, kb, sizeof kb), hint, pk_diag_clip(c->string, kb2, sizeof kb2));
            goto fail;
        }
    }
    if (scen_list && grid) {
        rc = node_error(sw, grid, 1, diag, "expected either \"scenarios\" or \"grid\", found both");
        goto fail;
    }
    if (!scen_list && !grid) {
        rc = node_error(sw, root, 0, diag, "expected a \"scenarios\" list or a \"grid\" object, found neither");
        goto fail;
    }
    if (base) {
        if (!cJSON_IsObject(base)) {
            rc = node_error(sw, base, 0, diag, "base: expected an object of scenario keys, found %s", pk_json_type(base));
            goto fail;
        }
        if ((rc = collect_kvs(sw, base, NULL, &sw->base, &sw->n_base, diag))) goto fail;
    }
    sw->is_grid = grid != NULL;
    rc = grid ? load_grid(sw, grid, diag) : load_scenarios(sw, scen_list, diag);
    if (rc) goto fail;
    if ((rc = check_names(sw, diag))) goto fail;
    *out = sw;
    return PRAKSIS_OK;
fail:
    pk_diag_escape(diag); /* names and keys from the file are quoted in messages */
    praksis_sweep_free(sw);
    return rc;
}

praksis_error praksis_sweep_load(const char *path, praksis_sweep **out, praksis_diag *diag)
{
    *out = NULL;
    praksis_error rc;
    char *buf = pk_read_json_text(path, "sweep", &rc, diag);
    if (!buf) return rc;
    const char *text = buf;
    if ((unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) text += 3;
    rc = praksis_sweep_load_json(text, path, out, diag);
    free(buf);
    return rc;
}

int praksis_sweep_count(const praksis_sweep *sw) { return sw ? sw->n : 0; }

const char *praksis_sweep_name(const praksis_sweep *sw, int i)
{
    return sw && i >= 0 && i < sw->n ? sw->sc[i].name : NULL;
}

const char *praksis_sweep_dir(const praksis_sweep *sw, int i)
{
    return sw && i >= 0 && i < sw->n ? sw->sc[i].dir : NULL;
}

const praksis_settings *praksis_sweep_settings(const praksis_sweep *sw, int i)
{
    return sw && i >= 0 && i < sw->n && sw->sc[i].prepared ? &sw->sc[i].set : NULL;
}

/* ------------------------------------------------------------ prepare */
static praksis_error prepare(praksis_sweep *sw, const praksis_instance *inst, const praksis_settings *under,
                             int n_set, const char *const *set_keys, const char *const *set_values,
                             praksis_diag *diag);

praksis_error praksis_sweep_prepare(praksis_sweep *sw, const praksis_instance *inst, const praksis_settings *under,
                                    int n_set, const char *const *set_keys, const char *const *set_values,
                                    praksis_diag *diag)
{
    praksis_error rc = prepare(sw, inst, under, n_set, set_keys, set_values, diag);
    if (rc) pk_diag_escape(diag); /* a grid's scenario names quote its values */
    return rc;
}

static praksis_error prepare(praksis_sweep *sw, const praksis_instance *inst, const praksis_settings *under,
                             int n_set, const char *const *set_keys, const char *const *set_values,
                             praksis_diag *diag)
{
    if (!sw || !inst || !under || (n_set > 0 && (!set_keys || !set_values))) return PRAKSIS_ERR_USAGE;
    if (sw->read_back) {
        pk_diag_set(diag, sw->file, 0, 0, "a sweep read back from its sweep.json holds outcomes only: load the sweep file "
                    "to solve it again");
        return PRAKSIS_ERR_USAGE;
    }
    free(sw->instance);
    if (!(sw->instance = strdup(inst->dir ? inst->dir : ""))) return PRAKSIS_ERR_NOMEM;
    sw->prepared = 0;
    for (int i = 0; i < sw->n; i++) {
        scen *c = &sw->sc[i];
        c->prepared = 0;
        praksis_error rc = praksis_settings_copy(&c->set, under);
        for (int k = 0; k < sw->n_base && !rc; k++) rc = apply_kv(sw, &sw->base[k], &c->set, diag);
        for (int k = 0; k < c->n_kv && !rc; k++) rc = apply_kv(sw, &c->kv[k], &c->set, diag);
        for (int k = 0; k < n_set && !rc; k++) rc = praksis_settings_set(&c->set, set_keys[k], set_values[k], diag);
        if (rc) return rc;
        /* Prepared to be checked, then let go: a sweep may hold thousands
         * of scenarios, and each task prepares its own again when it runs. */
        praksis_diag d = {0};
        praksis_problem *p = NULL;
        rc = praksis_problem_create(inst, &c->set, &p, &d);
        if (!rc) c->pairs = p->n_pairs;
        praksis_problem_free(p);
        if (rc == PRAKSIS_ERR_INPUT) {
            char nb[80];
            pk_diag_set(diag, sw->file, c->line, c->col, "scenario \"%s\": %s", pk_diag_clip(c->name, nb, sizeof nb),
                     d.message);
            return rc;
        }
        if (rc) {
            *diag = d;
            return rc;
        }
        c->prepared = 1;
    }
    sw->prepared = 1;
    return PRAKSIS_OK;
}

/* ------------------------------------------------------------ run */
static int solve_progress(void *user, const praksis_progress *p)
{
    (void)p;
    const praksis_sweep_hooks *h = user;
    return h->stop(h->user);
}

static void fill_row(const praksis_sweep *sw, int i, praksis_sweep_row *r)
{
    const scen *c = &sw->sc[i];
    memset(r, 0, sizeof *r);
    r->index = i;
    r->name = c->name;
    r->dir = c->dir;
    r->state = c->state;
    r->error = c->error;
    r->diag = c->diag;
    if (c->has_summary) {
        r->figures = c->figures;
        r->info = c->info;
    }
}

/* A scenario's outcome, made by a task and committed to the sweep in one
 * step under a lock, so that a table written while other scenarios are
 * still solving (an MPI run's rank 0 writes them as outcomes arrive) never
 * reads half an outcome. */
typedef struct outcome {
    praksis_sweep_state state;
    praksis_error error;
    praksis_diag diag;
    praksis_figures figures;
    praksis_solve_info info;
    int has_summary;
    sshare *shares;
    int n_shares;
} outcome;

static void commit(praksis_sweep *sw, int i, outcome *o)
{
#pragma omp critical(praksis_sweep_row)
    {
        scen *c = &sw->sc[i];
        free_shares(c->shares, c->n_shares);
        c->state = o->state;
        c->error = o->error;
        c->diag = o->diag;
        c->figures = o->figures;
        c->info = o->info;
        c->has_summary = o->has_summary;
        c->shares = o->shares;
        c->n_shares = o->n_shares;
    }
    o->shares = NULL;
    o->n_shares = 0;
}

static void failed(outcome *o, praksis_error e, const praksis_diag *d)
{
    o->state = PRAKSIS_SWEEP_FAILED;
    o->error = e;
    o->diag = *d;
    if (!d->message[0]) snprintf(o->diag.message, sizeof o->diag.message, "%s", praksis_error_string(e));
}

/* The shares of r, copied (they must outlive r). */
static int copy_shares(const praksis_result *r, outcome *o)
{
    int ns = praksis_result_share_count(r);
    o->shares = calloc(ns > 0 ? (size_t)ns : 1, sizeof *o->shares);
    if (!o->shares) return -1;
    for (int k = 0; k < ns; k++) {
        praksis_share s;
        praksis_result_share(r, k, &s);
        sshare *x = &o->shares[k];
        x->institution = strdup(s.institution ? s.institution : "");
        x->programme = strdup(s.programme ? s.programme : "");
        x->target_share = s.target_share;
        x->student_weeks = s.student_weeks;
        x->municipal_weeks = s.municipal_weeks;
        x->share = s.share;
        x->deficit_weeks = s.deficit_weeks;
        o->n_shares = k + 1;
        if (!x->institution || !x->programme) return -1;
    }
    return 0;
}

void praksis_sweep_set_extras(praksis_sweep *sw, const praksis_plan_extra *extra, int n_extra)
{
    sw->extra = extra;
    sw->n_extra = extra ? n_extra : 0;
}

/* One task: solve scenario i, keep its figures, write its plan. */
void pk_sweep_run_one(praksis_sweep *sw, const praksis_instance *inst, const char *outdir, int i,
                      const praksis_sweep_hooks *h)
{
    scen *c = &sw->sc[i];
    outcome o = {.state = PRAKSIS_SWEEP_SKIPPED};
    if (h && h->stop && h->stop(h->user)) {
        commit(sw, i, &o);
        return;
    }
    praksis_result *r = NULL;
    praksis_diag d = {0};
    praksis_error e = praksis_solve(inst, &c->set, h && h->stop ? solve_progress : NULL, (void *)h, &r, &d);
    if (e) {
        failed(&o, e, &d);
        commit(sw, i, &o);
        return;
    }
    praksis_result_figures(r, &o.figures);
    praksis_result_info(r, &o.info);
    o.has_summary = 1;
    char path[4096];
    pk_path_join(path, sizeof path, outdir, c->dir);
    e = copy_shares(r, &o) == 0 ? praksis_result_write(r, path, sw->extra, sw->n_extra, &d) : PRAKSIS_ERR_NOMEM;
    praksis_result_free(r);
    if (e)
        failed(&o, e, &d);
    else
        o.state = PRAKSIS_SWEEP_SOLVED;
    commit(sw, i, &o);
    free_shares(o.shares, o.n_shares);
}

praksis_error praksis_sweep_run(praksis_sweep *sw, const praksis_instance *inst, const char *outdir, int threads,
                                const praksis_sweep_hooks *hooks, praksis_diag *diag)
{
    if (!sw || !inst || !outdir) return PRAKSIS_ERR_USAGE;
    if (!sw->prepared) {
        pk_diag_set(diag, sw->file, 0, 0, "the sweep was not prepared (praksis_sweep_prepare) before running");
        return PRAKSIS_ERR_USAGE;
    }
    praksis_error rc = pk_make_dirs(outdir, diag);
    if (rc) return rc;
    pk_sweep_reset(sw);
    int n = sw->n, finished = 0;
#ifdef _OPENMP
    int nth = threads > 0 ? threads : omp_get_max_threads();
#else
    int nth = 1;
    (void)threads;
#endif
    if (nth > n) nth = n;
    if (nth < 1) nth = 1;
#pragma omp parallel for schedule(dynamic, 1) num_threads(nth)
    for (int i = 0; i < n; i++) {
        pk_sweep_run_one(sw, inst, outdir, i, hooks);
        /* this thread's GLPK environment: freed after every task */
        praksis_thread_cleanup();
#pragma omp critical(praksis_sweep_done)
        {
            finished++;
            pk_sweep_row_done(sw, i, finished, hooks);
        }
    }
    return PRAKSIS_OK;
}

void praksis_sweep_row_get(const praksis_sweep *sw, int i, praksis_sweep_row *out)
{
    if (!sw || i < 0 || i >= sw->n) {
        memset(out, 0, sizeof *out);
        out->index = -1;
        return;
    }
#pragma omp critical(praksis_sweep_row)
    fill_row(sw, i, out);
}

/* ------------------------------------------------------------ output */
void pk_sweep_rounded(const scen *c, praksis_figures *fig, praksis_solve_info *info)
{
    const praksis_figures *s = &c->figures;
    memset(fig, 0, sizeof *fig);
    fig->unplaced_weeks = r6(s->unplaced_weeks);
    fig->share_deficit_weeks = r6(s->share_deficit_weeks);
    fig->cost_travel = r6(s->cost_travel);
    fig->cost_supervision = r6(s->cost_supervision);
    fig->cost_fixed = r6(s->cost_fixed);
    fig->cost_total = r6(s->cost_total);
    fig->students = s->students;
    fig->placed = s->placed;
    fig->unplaced = s->unplaced;
    fig->relocated_students = s->relocated_students;
    fig->relocated_weeks = r6(s->relocated_weeks);
    fig->municipalities_used = s->municipalities_used;
    fig->groups_used = s->groups_used;
    fig->student_weeks = r6(s->student_weeks);
    fig->municipal_weeks = r6(s->municipal_weeks);
    fig->municipal_share = r6(s->municipal_share);
    fig->has_previous = s->has_previous; /* against the previous plan */
    fig->previous_students = s->previous_students;
    fig->students_added = s->students_added;
    fig->students_removed = s->students_removed;
    fig->students_kept = s->students_kept;
    fig->kept_share = r6(s->kept_share);
    fig->change_penalty = r6(s->change_penalty);
    *info = c->info;
    info->seconds = round(c->info.seconds * 1000) / 1000;
}

const char *pk_sweep_status(const scen *c)
{
    switch (c->state) {
    case PRAKSIS_SWEEP_SOLVED: return praksis_status_string(c->info.status);
    case PRAKSIS_SWEEP_FAILED: return "error";
    case PRAKSIS_SWEEP_SKIPPED: return "not_run";
    default: return "pending";
    }
}

const char *pk_sweep_stop(const scen *c)
{
    switch (c->state) {
    case PRAKSIS_SWEEP_SOLVED: return praksis_stop_string(c->info.stop);
    case PRAKSIS_SWEEP_SKIPPED: return "interrupted";
    default: return "none";
    }
}

static void csv_num(FILE *f, double v)
{
    char b[64];
    fmt_num(v, b, sizeof b);
    fputs(b, f);
}

static void csv_param(FILE *f, const praksis_settings *s, const setting_key *k)
{
    if (k->type == SETTING_LIST) {
        if (!s->programmes) {
            fputs("all", f);
            return;
        }
        size_t len = 1;
        for (int i = 0; i < s->n_programmes; i++) len += strlen(s->programmes[i]) + 1;
        char *t = malloc(len);
        if (!t) return;
        t[0] = 0;
        for (int i = 0; i < s->n_programmes; i++) {
            if (i) strcat(t, ",");
            strcat(t, s->programmes[i]);
        }
        pk_csv_field(f, t);
        free(t);
    } else if (k->type == SETTING_BOOL) {
        fputs(*(const int *)((const char *)s + k->offset) ? "true" : "false", f);
    } else if (k->type == SETTING_INT) {
        fprintf(f, "%d", *(const int *)((const char *)s + k->offset));
    } else {
        csv_num(f, *(const double *)((const char *)s + k->offset));
    }
}

/* The figure columns, after name and the parameters. */
static const char *const figure_cols[] = {
    "status", "stopped_by", "unplaced_weeks", "share_deficit_weeks", "cost_total", "cost_travel",
    "cost_supervision", "cost_fixed", "students", "placed", "unplaced", "relocated_students",
    "relocated_weeks", "municipalities_used", "groups_used", "student_weeks", "municipal_weeks",
    "municipal_share_achieved", "students_changed", "change_penalty", "kept_share", "levels_proven", "nodes", "gap",
    "error", "solve_seconds",
};

static int write_csv(FILE *f, const void *ctx)
{
    const praksis_sweep *sw = ctx;
    fputs("name", f);
    for (size_t k = 0; k < N_PARAM_KEYS; k++) fprintf(f, ",%s", pk_settings_key((int)k).name);
    for (size_t k = 0; k < sizeof figure_cols / sizeof figure_cols[0]; k++) fprintf(f, ",%s", figure_cols[k]);
    fputc('\n', f);
    for (int i = 0; i < sw->n; i++) {
        const scen *c = &sw->sc[i];
        pk_csv_field(f, c->name);
        for (size_t k = 0; k < N_PARAM_KEYS; k++) {
            fputc(',', f);
            setting_key key = pk_settings_key((int)k);
            csv_param(f, &c->set, &key);
        }
        fprintf(f, ",%s,%s", pk_sweep_status(c), pk_sweep_stop(c));
        if (c->has_summary) {
            const praksis_figures *s = &c->figures;
            const praksis_solve_info *v_ = &c->info;
            double v[] = {s->unplaced_weeks, s->share_deficit_weeks, s->cost_total, s->cost_travel, s->cost_supervision,
                          s->cost_fixed};
            for (size_t k = 0; k < sizeof v / sizeof v[0]; k++) {
                fputc(',', f);
                csv_num(f, r6(v[k]));
            }
            fprintf(f, ",%ld,%ld,%ld,%ld,", s->students, s->placed, s->unplaced, s->relocated_students);
            csv_num(f, r6(s->relocated_weeks));
            fprintf(f, ",%d,%d,", s->municipalities_used, s->groups_used);
            csv_num(f, r6(s->student_weeks));
            fputc(',', f);
            csv_num(f, r6(s->municipal_weeks));
            fputc(',', f);
            csv_num(f, r6(s->municipal_share));
            fputc(',', f);
            if (s->has_previous) { /* against the previous plan; blank without one */
                fprintf(f, "%ld,", s->students_added + s->students_removed);
                csv_num(f, r6(s->change_penalty));
                fputc(',', f);
                csv_num(f, r6(s->kept_share));
            } else {
                fputs(",,", f);
            }
            fprintf(f, ",%d,%ld,", v_->levels_proven, v_->nodes);
            if (v_->gap >= 0 && isfinite(v_->gap)) csv_num(f, v_->gap);
        } else {
            for (int k = 0; k < 22; k++) fputc(',', f);
        }
        fputc(',', f);
        if (c->state == PRAKSIS_SWEEP_FAILED) {
            char msg[sizeof c->diag.message + sizeof c->diag.file + 64];
            if (c->diag.file[0])
                snprintf(msg, sizeof msg, "%s: %s", c->diag.file, c->diag.message);
            else
                snprintf(msg, sizeof msg, "%s", c->diag.message);
            pk_csv_field(f, msg);
        }
        fputc(',', f);
        if (c->has_summary) fprintf(f, "%.3f", c->info.seconds);
        fputc('\n', f);
    }
    return 0;
}

static cJSON *params_json(const praksis_settings *s) { return pk_settings_to_json(s); }

static char *sweep_json_text(const praksis_sweep *sw);

char *praksis_sweep_json(const praksis_sweep *sw)
{
    if (!sw) return NULL;
    char *text;
#pragma omp critical(praksis_sweep_row)
    text = sweep_json_text(sw);
    return text;
}

static char *sweep_json_text(const praksis_sweep *sw)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "sweep", sw->file);
    if (sw->description) cJSON_AddStringToObject(o, "description", sw->description);
    cJSON_AddStringToObject(o, "instance", sw->instance ? sw->instance : "");
    cJSON_AddStringToObject(o, "kind", sw->is_grid ? "grid" : "scenarios");
    cJSON_AddStringToObject(o, "time_columns", "solver.seconds");
    cJSON *rows = cJSON_AddArrayToObject(o, "scenarios");
    for (int i = 0; i < sw->n; i++) {
        const scen *c = &sw->sc[i];
        cJSON *r = cJSON_CreateObject();
        cJSON_AddItemToArray(rows, r);
        cJSON_AddStringToObject(r, "name", c->name);
        cJSON_AddStringToObject(r, "directory", c->dir);
        cJSON_AddItemToObject(r, "parameters", params_json(&c->set));
        cJSON_AddStringToObject(r, "status", pk_sweep_status(c));
        cJSON_AddStringToObject(r, "stopped_by", pk_sweep_stop(c));
        if (c->state == PRAKSIS_SWEEP_FAILED) {
            cJSON *e = cJSON_AddObjectToObject(r, "error");
            cJSON_AddStringToObject(e, "kind", praksis_error_string(c->error));
            cJSON_AddStringToObject(e, "file", c->diag.file);
            cJSON_AddStringToObject(e, "message", c->diag.message);
        }
        if (!c->has_summary) continue;
        praksis_figures fig;
        praksis_solve_info vi;
        pk_sweep_rounded(c, &fig, &vi);
        const praksis_figures *s = &fig;
        const praksis_solve_info *v = &vi;
        cJSON_AddNumberToObject(r, "unplaced_weeks", s->unplaced_weeks);
        cJSON_AddNumberToObject(r, "share_deficit_weeks", s->share_deficit_weeks);
        cJSON *cost = cJSON_AddObjectToObject(r, "cost");
        cJSON_AddNumberToObject(cost, "travel", s->cost_travel);
        cJSON_AddNumberToObject(cost, "supervision", s->cost_supervision);
        cJSON_AddNumberToObject(cost, "fixed", s->cost_fixed);
        cJSON_AddNumberToObject(cost, "total", s->cost_total);
        cJSON_AddNumberToObject(r, "students", (double)s->students);
        cJSON_AddNumberToObject(r, "placed", (double)s->placed);
        cJSON_AddNumberToObject(r, "unplaced", (double)s->unplaced);
        cJSON_AddNumberToObject(r, "relocated_students", (double)s->relocated_students);
        cJSON_AddNumberToObject(r, "relocated_weeks", s->relocated_weeks);
        cJSON_AddNumberToObject(r, "municipalities_used", s->municipalities_used);
        cJSON_AddNumberToObject(r, "groups_used", s->groups_used);
        cJSON_AddNumberToObject(r, "student_weeks", s->student_weeks);
        cJSON_AddNumberToObject(r, "municipal_weeks", s->municipal_weeks);
        cJSON_AddNumberToObject(r, "municipal_share_achieved", s->municipal_share);
        if (s->has_previous) {
            cJSON *ch = cJSON_AddObjectToObject(r, "changes");
            cJSON_AddNumberToObject(ch, "students_added", (double)s->students_added);
            cJSON_AddNumberToObject(ch, "students_removed", (double)s->students_removed);
            cJSON_AddNumberToObject(ch, "students_changed", (double)(s->students_added + s->students_removed));
            cJSON_AddNumberToObject(ch, "kept_share", s->kept_share);
            cJSON_AddNumberToObject(ch, "penalty", s->change_penalty);
        } else {
            cJSON_AddNullToObject(r, "changes");
        }
        cJSON *sh = cJSON_AddArrayToObject(r, "shares");
        for (int k = 0; k < c->n_shares; k++) {
            const sshare *x = &c->shares[k];
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "institution", x->institution);
            cJSON_AddStringToObject(e, "programme", x->programme);
            cJSON_AddNumberToObject(e, "target_share", x->target_share);
            cJSON_AddNumberToObject(e, "student_weeks", r6(x->student_weeks));
            cJSON_AddNumberToObject(e, "municipal_weeks", r6(x->municipal_weeks));
            cJSON_AddNumberToObject(e, "share", r6(x->share));
            cJSON_AddNumberToObject(e, "deficit_weeks", r6(x->deficit_weeks));
            cJSON_AddItemToArray(sh, e);
        }
        cJSON *sv = cJSON_AddObjectToObject(r, "solver");
        cJSON_AddNumberToObject(sv, "seconds", v->seconds);
        if (v->gap >= 0 && isfinite(v->gap))
            cJSON_AddNumberToObject(sv, "gap", v->gap);
        else
            cJSON_AddNullToObject(sv, "gap");
        cJSON_AddNumberToObject(sv, "nodes", (double)v->nodes);
        cJSON_AddNumberToObject(sv, "levels_proven", v->levels_proven);
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}


praksis_error praksis_sweep_write(const praksis_sweep *sw, const char *outdir, praksis_diag *diag)
{
    if (!sw || !outdir) return PRAKSIS_ERR_USAGE;
    praksis_error rc = pk_make_dirs(outdir, diag);
    if (rc) return rc;
    char path[4096];
    pk_path_join(path, sizeof path, outdir, "sweep.csv");
    char *json = NULL;
    /* both tables from the same rows: none changes while they are written */
#pragma omp critical(praksis_sweep_row)
    {
        rc = pk_write_atomic(path, write_csv, sw, diag);
        if (!rc) json = sweep_json_text(sw);
    }
    if (rc) return rc;
    if (!json) return PRAKSIS_ERR_NOMEM;
    pk_path_join(path, sizeof path, outdir, "sweep.json");
    rc = pk_write_atomic(path, pk_write_text_line, json, diag);
    free(json);
    return rc;
}

/* ------------------------------------------------------------ for other runners */
static void clear_outcome(scen *c)
{
    c->state = PRAKSIS_SWEEP_PENDING;
    c->has_summary = 0;
    c->error = PRAKSIS_OK;
    memset(&c->diag, 0, sizeof c->diag);
    for (int k = 0; k < c->n_shares; k++) {
        free(c->shares[k].institution);
        free(c->shares[k].programme);
    }
    free(c->shares);
    c->shares = NULL;
    c->n_shares = 0;
}

void pk_sweep_reset(praksis_sweep *sw)
{
    for (int i = 0; i < sw->n; i++) clear_outcome(&sw->sc[i]);
}

int pk_sweep_prepared(const praksis_sweep *sw) { return sw && sw->prepared; }

long pk_sweep_pairs(const praksis_sweep *sw, int i) { return sw->sc[i].pairs; }

void pk_sweep_set_failed(praksis_sweep *sw, int i, praksis_sweep_state state, const char *message)
{
    outcome o = {.state = state};
    if (state == PRAKSIS_SWEEP_FAILED) {
        o.error = PRAKSIS_ERR_SOLVER;
        snprintf(o.diag.message, sizeof o.diag.message, "%s", message);
    }
    commit(sw, i, &o);
}

/* The outcome as bytes: the fixed part, then per share its five numbers and
 * its two strings with their NULs.  Both ends run the same build, so the
 * structs travel as they are in memory. */
typedef struct packed_head {
    int state, error, has_summary, n_shares;
    praksis_diag diag;
    praksis_figures figures;
    praksis_solve_info info;
} packed_head;

void *pk_sweep_pack(const praksis_sweep *sw, int i, size_t *len)
{
    const scen *c = &sw->sc[i];
    size_t n = sizeof(packed_head);
    for (int k = 0; k < c->n_shares; k++)
        n += 5 * sizeof(double) + strlen(c->shares[k].institution) + strlen(c->shares[k].programme) + 2;
    unsigned char *buf = calloc(1, n), *p = buf;
    if (!buf) return NULL;
    packed_head h = {(int)c->state, (int)c->error, c->has_summary, c->n_shares, c->diag, c->figures, c->info};
    memcpy(p, &h, sizeof h);
    p += sizeof h;
    for (int k = 0; k < c->n_shares; k++) {
        const sshare *x = &c->shares[k];
        double v[5] = {x->target_share, x->student_weeks, x->municipal_weeks, x->share, x->deficit_weeks};
        memcpy(p, v, sizeof v);
        p += sizeof v;
        size_t a = strlen(x->institution) + 1, b = strlen(x->programme) + 1;
        memcpy(p, x->institution, a);
        p += a;
        memcpy(p, x->programme, b);
        p += b;
    }
    *len = n;
    return buf;
}

/* A string of at most end - *p bytes with its NUL, copied; NULL if none. */
static char *take_string(const unsigned char **p, const unsigned char *end)
{
    const unsigned char *z = memchr(*p, 0, (size_t)(end - *p));
    if (!z) return NULL;
    char *s = strdup((const char *)*p);
    *p = z + 1;
    return s;
}

int pk_sweep_unpack(praksis_sweep *sw, int i, const void *buf, size_t len)
{
    const unsigned char *p = buf, *end = p + len;
    packed_head h;
    if (len < sizeof h) return -1;
    memcpy(&h, p, sizeof h);
    p += sizeof h;
    if (h.n_shares < 0 || h.n_shares > 1000000) return -1;
    outcome o = {(praksis_sweep_state)h.state, (praksis_error)h.error, h.diag, h.figures, h.info, h.has_summary,
                 calloc(h.n_shares > 0 ? (size_t)h.n_shares : 1, sizeof(sshare)), 0};
    int rc = o.shares ? 0 : -1;
    for (int k = 0; k < h.n_shares && rc == 0; k++) {
        sshare *x = &o.shares[k];
        double v[5];
        if ((size_t)(end - p) < sizeof v) {
            rc = -1;
            break;
        }
        memcpy(v, p, sizeof v);
        p += sizeof v;
        *x = (sshare){take_string(&p, end), NULL, v[0], v[1], v[2], v[3], v[4]};
        if (x->institution) x->programme = take_string(&p, end);
        o.n_shares = k + 1;
        if (!x->institution || !x->programme) rc = -1;
    }
    if (rc == 0) commit(sw, i, &o);
    free_shares(o.shares, o.n_shares);
    return rc;
}

void pk_sweep_row_done(const praksis_sweep *sw, int i, int finished, const praksis_sweep_hooks *h)
{
    if (!h || !h->done) return;
    praksis_sweep_row row;
    praksis_sweep_row_get(sw, i, &row);
    h->done(h->user, finished, sw->n, &row);
}
