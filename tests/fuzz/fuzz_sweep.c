/*
 * fuzz_sweep.c - libFuzzer harness for the sweep-file reader
 * (praksis_sweep_load_json, solver/sweep.c): the input is a sweep file.
 * An accepted sweep must name every scenario, and every directory name
 * must be safe to create under OUTDIR (no '/', no leading '.', not a
 * sweep file's own name, at most 200 bytes, distinct ignoring case).
 * Small sweeps are then prepared against the tiny instance
 * (instances/tiny, built into a temporary directory once): the layers are
 * applied and each scenario sized, as `praksis sweep` does before solving.
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz.h"
#include "fuzz_dir.h"

#include <strings.h>

static const char TINY[] =
    "id,name,kind,lat,lon,region,group,fixed_cost\n"
    "H1,Toy Hospital,hospital,60.1,10.0,Toyland,,\n"
    "M1,N\xc3\xa6rby,municipality,60.2,10.0,Toyland,,\n"
    "M2,Bruvik,municipality,60.3,10.0,Toyland,G-BT,3000\n"
    "M3,Tunnelvik,municipality,60.45,10.0,Toyland,G-BT,\n"
    "M4,Fjellheim,municipality,61.0,10.0,Toyland,,\n"
    "\0"
    "id,institution,name,lat,lon\n"
    "TU-MAIN,Toy University College,Main campus,60.0,10.0\n"
    "\0"
    "id,name,municipal_share,supervisor_ratio\n"
    "SYK,Nursing (toy),0.5,2\n"
    "FYS,Physiotherapy (toy),,\n"
    "\0"
    "id,campus,programme,period,students,weeks\n"
    "SYK-AUT,TU-MAIN,SYK,autumn,8,8\n"
    "FYS-AUT,TU-MAIN,FYS,autumn,2,5\n"
    "SYK-SPR,TU-MAIN,SYK,spring,2,8\n"
    "FYS-SPR,TU-MAIN,FYS,spring,3,5\n"
    "\0"
    "site,programme,period,places,supervisors\n"
    "H1,SYK,autumn,10,\nH1,SYK,spring,10,\nH1,FYS,autumn,2,\nH1,FYS,spring,2,\n"
    "M1,SYK,autumn,4,1\nM1,FYS,autumn,1,1\nM2,SYK,autumn,1,1\nM3,SYK,spring,1,1\n"
    "M4,*,autumn,3,2\nM4,*,spring,2,1\n"
    "\0"
    "campus,site,km\nTU-MAIN,M3,52\n";

static praksis_instance *tiny;

static praksis_instance *tiny_instance(void)
{
    if (tiny) return tiny;
    fuzz_dir dir;
    praksis_diag d;
    if (fuzz_dir_make(&dir, (const uint8_t *)TINY, sizeof TINY - 1) != 0 ||
        praksis_instance_load(dir.path, NULL, NULL, &tiny, &d) != PRAKSIS_OK) {
        fprintf(stderr, "fuzz_sweep: cannot build the tiny instance\n");
        abort();
    }
    fuzz_dir_remove(&dir);
    return tiny;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    praksis_sweep *sw = (praksis_sweep *)&text; /* must be overwritten */
    praksis_diag d;
    memset(&d, 0, sizeof d);
    praksis_error rc = praksis_sweep_load_json(text, "fuzz.json", &sw, &d);
    if (rc != PRAKSIS_OK) {
        FUZZ_ASSERT(sw == NULL, "failed load left a sweep");
        fuzz_check_diag(rc, &d);
        FUZZ_ASSERT(strcmp(d.file, "fuzz.json") == 0, "error names %s", d.file);
        free(text);
        return 0;
    }
    int n = praksis_sweep_count(sw);
    FUZZ_ASSERT(n >= 1 && n <= 10000, "%d scenarios", n);
    for (int i = 0; i < n; i++) {
        const char *name = praksis_sweep_name(sw, i), *dir = praksis_sweep_dir(sw, i);
        FUZZ_ASSERT(name && name[0] && dir && dir[0], "scenario %d unnamed", i);
        FUZZ_ASSERT(!strchr(dir, '/') && dir[0] != '.' && strlen(dir) <= 200, "unsafe directory \"%s\"", dir);
        FUZZ_ASSERT(strcasecmp(dir, "sweep.csv") && strcasecmp(dir, "sweep.json"), "directory \"%s\"", dir);
        FUZZ_ASSERT(praksis_sweep_settings(sw, i) == NULL, "settings before prepare");
        for (int j = 0; j < i; j++)
            FUZZ_ASSERT(strcasecmp(dir, praksis_sweep_dir(sw, j)) != 0, "directories %d and %d collide", i, j);
    }
    FUZZ_ASSERT(praksis_sweep_name(sw, n) == NULL && praksis_sweep_dir(sw, -1) == NULL, "out of range");
    if (n <= 64) {
        praksis_settings under;
        praksis_settings_init(&under);
        memset(&d, 0, sizeof d);
        rc = praksis_sweep_prepare(sw, tiny_instance(), &under, 0, NULL, NULL, &d);
        if (rc != PRAKSIS_OK) {
            fuzz_check_diag(rc, &d);
        } else {
            for (int i = 0; i < n; i++) {
                const praksis_settings *s = praksis_sweep_settings(sw, i);
                FUZZ_ASSERT(s && praksis_settings_validate(s, &d) == PRAKSIS_OK, "prepared scenario %d invalid", i);
            }
        }
        praksis_settings_clear(&under);
    }
    praksis_sweep_free(sw);
    free(text);
    return 0;
}
