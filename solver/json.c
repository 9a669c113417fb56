/*
 * json.c - JSON with source positions (see json.h).
 */
#define _POSIX_C_SOURCE 200809L
#include "json.h"
#include "csvread.h" /* pk_diag_clip */

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cJSON skips every byte from 1 to 32 as white space (\v, \f and other
 * controls too); the scanner must skip the same or it loses its place. */
static size_t skip_ws(const char *t, size_t p)
{
    while (t[p] && (unsigned char)t[p] <= 32) p++;
    return p;
}

static size_t skip_string(const char *t, size_t p)
{
    if (t[p] != '"') return p;
    p++;
    while (t[p] && t[p] != '"') {
        if (t[p] == '\\' && t[p + 1]) p++;
        p++;
    }
    return t[p] ? p + 1 : p;
}

static int add_pos(pk_json_doc *doc, const cJSON *node, size_t key_off, size_t val_off)
{
    if (doc->n_pos == doc->cap_pos) {
        size_t cap = doc->cap_pos ? 2 * doc->cap_pos : 64;
        pk_json_pos *p = realloc(doc->pos, cap * sizeof *p);
        if (!p) return -1;
        doc->pos = p;
        doc->cap_pos = cap;
    }
    doc->pos[doc->n_pos++] = (pk_json_pos){node, key_off, val_off};
    return 0;
}

/* Walk the text from *pp and the tree from node together (cJSON has
 * accepted the text, so they match), recording where each value starts. */
static int scan(pk_json_doc *doc, size_t *pp, const cJSON *node, size_t key_off, int depth)
{
    const char *t = doc->text;
    size_t p = skip_ws(t, *pp);
    if (depth > PK_JSON_MAX_DEPTH && (cJSON_IsObject(node) || cJSON_IsArray(node))) return -1;
    if (add_pos(doc, node, key_off, p)) return -1;
    if (cJSON_IsObject(node) || cJSON_IsArray(node)) {
        int obj = cJSON_IsObject(node);
        char close = obj ? '}' : ']';
        p++; /* '{' or '[' */
        for (const cJSON *c = node->child;; c = c->next) {
            p = skip_ws(t, p);
            if (!t[p] || t[p] == close || !c) {
                if (t[p]) p++;
                break;
            }
            size_t ko = p;
            if (obj) {
                p = skip_string(t, p);
                p = skip_ws(t, p);
                if (t[p] == ':') p++;
            }
            if (scan(doc, &p, c, ko, depth + 1)) return -1;
            p = skip_ws(t, p);
            if (t[p] == ',') p++;
        }
    } else if (cJSON_IsString(node)) {
        p = skip_string(t, p);
    } else {
        while (t[p] && !strchr(",}] \t\r\n", t[p])) p++;
    }
    *pp = p;
    return 0;
}

/* After the scan the positions are sorted by node address, so that looking
 * one up is a binary search: a sweep of 10,000 scenarios has ~100,000
 * nodes, and every scenario looks up several. */
static int pos_cmp(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const pk_json_pos *)a)->node, y = (uintptr_t)((const pk_json_pos *)b)->node;
    return x < y ? -1 : x > y;
}

praksis_error pk_json_parse(pk_json_doc *doc, const char *text, const char *name, const char *what, praksis_diag *diag)
{
    memset(doc, 0, sizeof *doc);
    if (!(doc->file = strdup(name ? name : "")) || !(doc->text = strdup(text))) {
        pk_json_free(doc);
        return PRAKSIS_ERR_NOMEM;
    }
    const char *end = NULL;
    doc->root = cJSON_ParseWithOpts(doc->text, &end, 1);
    if (!doc->root) {
        size_t off = end ? (size_t)(end - doc->text) : 0;
        const char *err = cJSON_GetErrorPtr();
        if (err && err >= doc->text && err <= doc->text + strlen(doc->text)) off = (size_t)(err - doc->text);
        long line, col;
        pk_text_pos(doc->text, off, &line, &col);
        if (pk_json_depth_at(doc->text, off) >= CJSON_NESTING_LIMIT)
            pk_diag_set(diag, doc->file, line, col, "expected JSON nested at most %d deep, found deeper nesting",
                        PK_JSON_MAX_DEPTH);
        else
            pk_diag_set(diag, doc->file, line, col, "expected %s, found malformed JSON", what);
        pk_json_free(doc);
        return PRAKSIS_ERR_INPUT;
    }
    size_t p = 0;
    if (scan(doc, &p, doc->root, 0, 0)) {
        pk_diag_set(diag, doc->file, 0, 0, "expected JSON nested at most %d deep, found deeper nesting", PK_JSON_MAX_DEPTH);
        pk_json_free(doc);
        return PRAKSIS_ERR_INPUT;
    }
    qsort(doc->pos, doc->n_pos, sizeof *doc->pos, pos_cmp);
    return PRAKSIS_OK;
}

praksis_error pk_json_load(pk_json_doc *doc, const char *path, const char *kind, const char *what, praksis_diag *diag)
{
    memset(doc, 0, sizeof *doc);
    praksis_error rc;
    char *buf = pk_read_json_text(path, kind, &rc, diag);
    if (!buf) return rc;
    const char *text = buf;
    if ((unsigned char)buf[0] == 0xEF && (unsigned char)buf[1] == 0xBB && (unsigned char)buf[2] == 0xBF) text += 3;
    rc = pk_json_parse(doc, text, path, what, diag);
    free(buf);
    return rc;
}

void pk_json_free(pk_json_doc *doc)
{
    cJSON_Delete(doc->root);
    free(doc->pos);
    free(doc->text);
    free(doc->file);
    memset(doc, 0, sizeof *doc);
}

void pk_json_where(const pk_json_doc *doc, const cJSON *node, int key, long *line, long *col)
{
    pk_json_pos k = {node, 0, 0};
    const pk_json_pos *p = doc->n_pos ? bsearch(&k, doc->pos, doc->n_pos, sizeof k, pos_cmp) : NULL;
    if (!p) {
        *line = 0;
        *col = 0;
        return;
    }
    pk_text_pos(doc->text, key ? p->key_off : p->val_off, line, col);
}

praksis_error pk_json_error(const pk_json_doc *doc, const cJSON *node, int key, praksis_diag *diag, const char *fmt, ...)
{
    long line = 0, col = 0;
    if (node) pk_json_where(doc, node, key, &line, &col);
    char msg[sizeof diag->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pk_diag_set(diag, doc->file, line, col, "%s", msg);
    return PRAKSIS_ERR_INPUT;
}

const cJSON *pk_json_get(const cJSON *o, const char *key) { return cJSON_GetObjectItemCaseSensitive(o, key); }

praksis_error pk_json_numbers(const pk_json_doc *doc, const cJSON *o, const pk_json_number *table, int n, void *base,
                              const char *what, praksis_diag *diag)
{
    for (int i = 0; i < n; i++) {
        const pk_json_number *k = &table[i];
        const cJSON *in = k->obj ? pk_json_get(o, k->obj) : o;
        const cJSON *v = in ? pk_json_get(in, k->key) : NULL;
        const char *dot = k->obj ? "." : "", *obj = k->obj ? k->obj : "";
        if (!v && !k->required) continue;
        if (!v)
            return pk_json_error(doc, in ? in : o, 0, diag, "expected a key \"%s%s%s\" (a number), as in %s, found none",
                                 obj, dot, k->key, what);
        if (!cJSON_IsNumber(v))
            return pk_json_error(doc, v, 0, diag, "%s%s%s: expected a number, found %s", obj, dot, k->key, pk_json_type(v));
        char *at = (char *)base + k->at;
        if (k->type == 'd') *(double *)at = v->valuedouble;
        else if (k->type == 'l') *(long *)at = (long)v->valuedouble;
        else *(int *)at = (int)v->valuedouble;
    }
    return PRAKSIS_OK;
}

praksis_error pk_json_choice(const pk_json_doc *doc, const cJSON *o, const char *key, const char *const *allowed,
                             int required, int dflt, int *out, const char *what, praksis_diag *diag)
{
    const cJSON *v = pk_json_get(o, key);
    *out = dflt;
    if (!v && !required) return PRAKSIS_OK;
    if (!v) return pk_json_error(doc, o, 0, diag, "expected a key \"%s\", as in %s, found none", key, what);
    for (int i = 0; allowed[i]; i++)
        if (cJSON_IsString(v) && !strcmp(v->valuestring, allowed[i])) {
            *out = i;
            return PRAKSIS_OK;
        }
    char list[256] = "";
    for (int i = 0; allowed[i]; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s\"%s\"", i ? (allowed[i + 1] ? ", " : " or ") : "",
                 allowed[i]);
    char found[96], clip[64];
    if (cJSON_IsString(v))
        snprintf(found, sizeof found, "\"%s\"", pk_diag_clip(v->valuestring, clip, sizeof clip));
    else
        snprintf(found, sizeof found, "%s", pk_json_type(v));
    return pk_json_error(doc, v, 0, diag, "%s: expected %s, found %s", key, list, found);
}
