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
int strmap_get(const strmap *m, const char *key);
/* Store key -> val (val >= 0), replacing any old value; 0 ok, -1 out of memory. */
int strmap_put(strmap *m, const char *key, int val);
void strmap_free(strmap *m);
#endif
