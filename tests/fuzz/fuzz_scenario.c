/*
 * fuzz_scenario.c - libFuzzer harness for the scenario readers
 * (solver/settings.c): the input is a scenario.json text, merged over the
 * defaults.  A rejected file must leave the settings as they were; an
 * accepted one must read back the same from the JSON the engine writes of
 * it (summary.json's "scenario").  When the input holds a '=', the text
 * before it and after it also go through praksis_settings_set as
 * `--set key=value` would.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"
#include "internal.h"

#include <cjson/cJSON.h>

static char *settings_text(const praksis_settings *s)
{
    cJSON *o = pk_settings_to_json(s);
    char *t = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!t) abort();
    return t;
}

/* An accepted scenario: its own JSON must read back to the same scenario. */
static void check_round_trip(const praksis_settings *s)
{
    praksis_diag d;
    memset(&d, 0, sizeof d);
    praksis_error rc = praksis_settings_validate(s, &d);
    if (rc != PRAKSIS_OK) {
        /* ranges are checked on reading; only the programme list can be
         * wrong as a whole (empty, an empty id, an id twice) */
        FUZZ_ASSERT(rc == PRAKSIS_ERR_INPUT && strncmp(d.message, "programmes: ", 12) == 0,
                    "validate after a good merge: %s", d.message);
        return;
    }
    char *a = settings_text(s);
    praksis_settings back;
    praksis_settings_init(&back);
    rc = praksis_settings_merge_json(&back, a, "round-trip", &d);
    FUZZ_ASSERT(rc == PRAKSIS_OK, "own JSON rejected: %s: %s", a, d.message);
    char *b = settings_text(&back);
    FUZZ_ASSERT(strcmp(a, b) == 0, "round trip changed the scenario: %s -> %s", a, b);
    free(a);
    free(b);
    praksis_settings_clear(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    praksis_settings s, def;
    praksis_settings_init(&s);
    praksis_settings_init(&def);
    char *before = settings_text(&def);
    praksis_diag d;
    memset(&d, 0, sizeof d);
    praksis_error rc = praksis_settings_merge_json(&s, text, "fuzz.json", &d);
    if (rc != PRAKSIS_OK) {
        fuzz_check_diag(rc, &d);
        char *after = settings_text(&s);
        FUZZ_ASSERT(strcmp(before, after) == 0 && s.programmes == NULL, "a rejected file changed the settings");
        free(after);
    } else {
        check_round_trip(&s);
    }
    praksis_settings_clear(&s);

    char *eq = memchr(text, '=', size);
    if (eq && strlen(text) == size) {
        *eq = 0;
        memset(&d, 0, sizeof d);
        rc = praksis_settings_set(&s, text, eq + 1, &d);
        if (rc != PRAKSIS_OK)
            fuzz_check_diag(rc, &d);
        else
            check_round_trip(&s);
        praksis_settings_clear(&s);
    }
    free(before);
    free(text);
    return 0;
}
