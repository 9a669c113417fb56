/* strmap.h - internal: string -> int hash map (keys are borrowed, not copied). */
#ifndef PRAKSIS_STRMAP_H
#define PRAKSIS_STRMAP_H
#include <stddef.h>

typedef struct strmap {
    const char **keys;
    int *vals;
    size_t cap, n;
} strmap;

/* Value stored for key, or -1. */
int pk_strmap_get(const strmap *m, const char *key);
/* Store key -> val (val >= 0), replacing any old value; 0 ok, -1 out of memory. */
int pk_strmap_put(strmap *m, const char *key, int val);
void pk_strmap_free(strmap *m);
#endif
