/*
 * fuzz_xlsx.c - libFuzzer harness for the workbook reader: the input is
 * written as a .xlsx file and loaded as an instance (praksis_instance_load:
 * solver/source.c, solver/xlsx_read.c with libzip and expat, then
 * solver/load.c), and its scenario sheet merged (praksis_instance_scenario).
 * Seeds are small workbooks from two writers (tests/fuzz/seed/xlsx/).
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"

#include <unistd.h>

static void on_warning(void *user, const praksis_diag *w)
{
    (void)user;
    FUZZ_ASSERT(w->message[0] && w->file[0] && memchr(w->message, 0, sizeof w->message), "empty warning");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/praksis-fuzz-%ld.xlsx", tmp && *tmp ? tmp : "/tmp", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror("fuzz_xlsx: cannot write the workbook");
        abort();
    }
    praksis_instance *inst = (praksis_instance *)&path; /* must be overwritten */
    praksis_diag d;
    memset(&d, 0, sizeof d);
    praksis_error rc = praksis_instance_load(path, on_warning, NULL, &inst, &d);
    if (rc != PRAKSIS_OK) {
        FUZZ_ASSERT(inst == NULL, "failed load left an instance");
        fuzz_check_diag(rc, &d);
        FUZZ_ASSERT(strncmp(d.file, path, strlen(path)) == 0, "error outside the workbook: %s", d.file);
    } else {
        praksis_settings s;
        praksis_settings_init(&s);
        memset(&d, 0, sizeof d);
        rc = praksis_instance_scenario(inst, &s, &d);
        if (rc != PRAKSIS_OK) fuzz_check_diag(rc, &d);
        praksis_settings_clear(&s);
        praksis_instance_free(inst);
    }
    unlink(path);
    return 0;
}
