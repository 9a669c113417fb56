/*
 * fuzz_dir.h - an instance directory from one fuzz input: the input is cut
 * at NUL bytes into the instance's files in the order of FUZZ_FILES (the
 * CSV reader refuses NUL bytes anyway, so none is lost), each written to a
 * private temporary directory.  Parts beyond the last file are ignored;
 * a file whose part is empty or missing is not created, so inputs also try
 * the missing-file paths (the CSV harness covers empty files).
 */
#ifndef PRAKSIS_FUZZ_DIR_H
#define PRAKSIS_FUZZ_DIR_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const FUZZ_FILES[] = {"sites.csv",    "campuses.csv",  "programmes.csv", "cohorts.csv",
                                         "capacity.csv", "distances.csv", "scenario.json",  "students.csv",
                                         "fixed.csv",    "previous.csv"};
enum { FUZZ_N_FILES = sizeof FUZZ_FILES / sizeof FUZZ_FILES[0] };

typedef struct fuzz_dir {
    char path[256];
    int present[FUZZ_N_FILES];
} fuzz_dir;

static inline void fuzz_file_path(const fuzz_dir *d, int i, char *buf, size_t n)
{
    snprintf(buf, n, "%s/%s", d->path, FUZZ_FILES[i]);
}

/* Write the parts of data into a new temporary directory; 0 on success. */
static inline int fuzz_dir_make(fuzz_dir *d, const uint8_t *data, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(d->path, sizeof d->path, "%s/praksis-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    memset(d->present, 0, sizeof d->present);
    if (!mkdtemp(d->path)) return -1;
    size_t from = 0;
    for (int i = 0; i < FUZZ_N_FILES && from <= size; i++) {
        const uint8_t *nul = size > from ? memchr(data + from, 0, size - from) : NULL;
        size_t end = nul ? (size_t)(nul - data) : size;
        if (end > from) {
            char p[320];
            fuzz_file_path(d, i, p, sizeof p);
            FILE *f = fopen(p, "wb");
            if (!f) return -1;
            d->present[i] = 1;
            if (fwrite(data + from, 1, end - from, f) != end - from) {
                fclose(f);
                return -1;
            }
            if (fclose(f) != 0) return -1;
        }
        if (!nul) break;
        from = end + 1;
    }
    return 0;
}

/* Remove the files and the directory. */
static inline void fuzz_dir_remove(fuzz_dir *d)
{
    for (int i = 0; i < FUZZ_N_FILES; i++) {
        char p[320];
        fuzz_file_path(d, i, p, sizeof p);
        if (d->present[i]) unlink(p);
    }
    if (rmdir(d->path) != 0) {
        perror(d->path); /* a file the harness did not write: it would pile up */
        abort();
    }
}

#endif
