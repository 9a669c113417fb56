/*
 * driver.c - replay fuzz inputs without libFuzzer: a main() that feeds
 * files to a harness's LLVMFuzzerTestOneInput.  `make test` links each
 * harness with it under gcc's ASan+UBSan and runs it over the harness's
 * regression inputs (tests/fuzz/regress/<harness>/) and seed corpus
 * (tests/fuzz/seed/<harness>/), so a bug that fuzzing once found stays
 * fixed on machines without clang.
 *
 *   driver NAME PATH...   (a PATH is a file or a directory of files)
 *
 * Each input runs in a child process with a time limit (FUZZ_REPLAY_TIMEOUT
 * seconds, default 20), so a crash, a sanitizer report, a leak or a hang
 * is pinned to its file.  Output is TAP-like for tests/run: one "not ok"
 * line per failing input, one "ok" line per PATH otherwise.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *name;
static unsigned timeout_s = 20;

static int read_file(const char *path, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 1 << 16, n = 0, got;
    uint8_t *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            uint8_t *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return -1;
    }
    *out = buf;
    *len = n;
    return 0;
}

/* Run one file in a child; 0 when it passed. */
static int replay(const char *path)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        printf("not ok - %s: cannot fork for %s: %s\n", name, path, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        uint8_t *data;
        size_t len;
        if (read_file(path, &data, &len) != 0) {
            fprintf(stderr, "%s: cannot read %s\n", name, path);
            exit(2);
        }
        alarm(timeout_s);
        LLVMFuzzerTestOneInput(data, len);
        free(data);
        exit(0); /* exit, not _exit: LeakSanitizer checks at exit */
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) return 0;
    if (WIFSIGNALED(st))
        printf("not ok - %s: %s: killed by signal %d%s\n", name, path, WTERMSIG(st),
               WTERMSIG(st) == SIGALRM ? " (timeout: a hang)" : "");
    else
        printf("not ok - %s: %s: exit status %d (see the sanitizer report on stderr)\n", name, path,
               WEXITSTATUS(st));
    return -1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Replay PATH (a file, or every regular file in a directory, sorted);
 * *n counts the inputs.  Returns the number of failures. */
static int replay_path(const char *path, int *n)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("not ok - %s: %s: %s\n", name, path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        (*n)++;
        return replay(path) != 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        printf("not ok - %s: %s: %s\n", name, path, strerror(errno));
        return 1;
    }
    char **files = NULL;
    size_t nf = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char *p = malloc(strlen(path) + strlen(e->d_name) + 2);
        if (!p) abort();
        sprintf(p, "%s/%s", path, e->d_name);
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(p);
            continue;
        }
        if (nf == cap) {
            char **q = realloc(files, (cap = cap ? 2 * cap : 64) * sizeof *q);
            if (!q) abort();
            files = q;
        }
        files[nf++] = p;
    }
    closedir(d);
    if (nf) qsort(files, nf, sizeof *files, cmp_str);
    int failed = 0;
    for (size_t i = 0; i < nf; i++) {
        failed += replay(files[i]) != 0;
        free(files[i]);
    }
    free(files);
    *n += (int)nf;
    return failed;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s NAME PATH...\n", argv[0]);
        return 2;
    }
    name = argv[1];
    const char *t = getenv("FUZZ_REPLAY_TIMEOUT");
    if (t && atoi(t) > 0) timeout_s = (unsigned)atoi(t);
    int failed = 0;
    for (int i = 2; i < argc; i++) {
        if (argv[i][0] == '-') continue; /* libFuzzer options, for convenience */
        int n = 0, f = replay_path(argv[i], &n);
        if (n == 0 && f == 0) {
            printf("not ok - %s: no inputs in %s\n", name, argv[i]); /* a lost corpus must not pass */
            f = 1;
        }
        if (f == 0) printf("ok - %s: %d input%s from %s replayed under ASan+UBSan\n", name, n, n == 1 ? "" : "s",
                           argv[i]);
        failed += f;
    }
    return failed ? 1 : 0;
}
