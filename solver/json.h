/*
 * json.h - internal: a JSON text parsed with the source position of every
 * node.  cJSON keeps no positions, so after parsing a small scanner walks
 * the text and the tree side by side and records where each key and value
 * starts; errors in the sweep file, a plan's summary.json and a sweep's
 * sweep.json then name FILE:LINE:COLUMN like every other input error.
 */
#ifndef PRAKSIS_JSON_H
#define PRAKSIS_JSON_H

#include "internal.h"

#include <cjson/cJSON.h>

#define PK_JSON_MAX_DEPTH 64 /* nesting the scanner follows; deeper is an error */

typedef struct pk_json_pos {
    const cJSON *node;
    size_t key_off, val_off;
} pk_json_pos;

typedef struct pk_json_doc {
    char *file;         /* for messages */
    char *text;         /* the JSON text (after a byte-order mark) */
    cJSON *root;
    pk_json_pos *pos;   /* sorted by node address once parsed */
    size_t n_pos, cap_pos;
} pk_json_doc;

/* Parse text (name used in messages).  Malformed JSON is
 * PRAKSIS_ERR_INPUT naming the line and column where cJSON stopped, with
 * "expected <what>, found malformed JSON" (or the nesting limit). */
praksis_error pk_json_parse(pk_json_doc *doc, const char *text, const char *name, const char *what, praksis_diag *diag);

/* Read and parse the file at path (a byte-order mark skipped); `kind`
 * names it in messages when it cannot be read ("sweep", "plan summary"). */
praksis_error pk_json_load(pk_json_doc *doc, const char *path, const char *kind, const char *what, praksis_diag *diag);

void pk_json_free(pk_json_doc *doc);

/* Line and column of a node's key (key = 1) or value (key = 0); 0 and 0
 * for a node that is not in the document. */
void pk_json_where(const pk_json_doc *doc, const cJSON *node, int key, long *line, long *col);

/* PRAKSIS_ERR_INPUT with diag at FILE:LINE:COL of the node's key (key = 1)
 * or value (node NULL: the whole file). */
praksis_error pk_json_error(const pk_json_doc *doc, const cJSON *node, int key, praksis_diag *diag, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A number of a JSON object to copy into a struct: key (or obj.key, a
 * member of a member object), its C type and offset, and whether it must be
 * there. */
typedef struct pk_json_number {
    const char *obj, *key; /* obj NULL: a key of the object itself */
    char type;             /* 'd' double, 'l' long, 'i' int */
    size_t at;             /* offset in the struct */
    int required;
} pk_json_number;

/* Copy the n numbers of table from object o into base.  A number of
 * another type, or a required one missing, is PRAKSIS_ERR_INPUT naming its
 * line and column ("expected a key "obj.key" (a number), as in <what>"). */
praksis_error pk_json_numbers(const pk_json_doc *doc, const cJSON *o, const pk_json_number *table, int n, void *base,
                              const char *what, praksis_diag *diag);

/* A string member of o that must be one of `allowed` (NULL-terminated):
 * *out gets its index, or dflt when it is absent and not required. */
praksis_error pk_json_choice(const pk_json_doc *doc, const cJSON *o, const char *key, const char *const *allowed,
                             int required, int dflt, int *out, const char *what, praksis_diag *diag);

/* Member `key` of object o (case-sensitive), or NULL. */
const cJSON *pk_json_get(const cJSON *o, const char *key);

#endif
