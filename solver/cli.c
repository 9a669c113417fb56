/*
 * cli.c - the `praksis` command: the only part that talks to the terminal,
 * handles signals and chooses exit codes.
 *
 * Exit codes: 0 optimal plan written (or command succeeded), 1 input
 * error, 2 usage error, 3 stopped by a limit or interruption (best plan
 * written, status feasible), 4 internal error.
 */
#define _POSIX_C_SOURCE 200809L
#include "praksis.h"
#include "praksis_finance.h"
#include "praksis_report.h"

#include <cjson/cJSON.h>

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_STOPPED = 3, EXIT_INTERNAL = 4 };

static const char usage_text[] =
    "usage: praksis COMMAND [OPTIONS]\n"
    "\n"
    "Plan practice placements for health and social-care students: a MIP on GLPK\n"
    "that places everyone it can, then meets the municipal-share targets, then\n"
    "minimises cost.\n"
    "\n"
    "commands:\n"
    "  solve DIR    solve the instance in DIR and write the plan\n"
    "  check DIR    validate the instance and print its size, without solving\n"
    "  export DIR   write MathProg data (--dat) or the engine's model (--mps, --lp)\n"
    "  sweep DIR SWEEP.json   solve many scenarios of DIR in parallel and compare them\n"
    "  finance      the financing alternatives of IS-2956, and with --plan their\n"
    "               counterpart from a solved plan\n"
    "  report OUTDIR  write OUTDIR/report.html for a solved plan (sweep.html for a sweep)\n"
    "\n"
    "scenario options (all commands; layers: built-in < DIR/scenario.json < -s < flags in order):\n"
    "  -s, --scenario FILE   merge a scenario JSON file\n"
    "  --set KEY=VALUE       set one scenario key (see README for keys)\n"
    "  --time-limit S        same as --set time_limit=S (seconds for the whole solve)\n"
    "  --gap G               same as --set mip_gap=G (relative gap on the cost level)\n"
    "\n"
    "solve options:\n"
    "  -o, --output DIR      where to write the plan (default: out)\n"
    "  -q, --quiet           no summary and no progress\n"
    "  --json                print summary.json on stdout instead of the summary\n"
    "  --report              also write OUTDIR/report.html: map, charts, tables (one file)\n"
    "  --lang nb|en          the report's language (default nb: Norwegian bokmål)\n"
    "  --geojson FILE        municipality polygons for the map (default: look for\n"
    "                        shared/data/norway/municipalities-simplified.geojson)\n"
    "\n"
    "report options (praksis report OUTDIR; the plan is read back, never re-solved):\n"
    "  --instance DIR        the instance the plan in OUTDIR was solved from (a sweep's\n"
    "                        OUTDIR, with sweep.json, needs none)\n"
    "  --lang nb|en, --geojson FILE   as for solve\n"
    "\n"
    "export options:\n"
    "  --dat FILE            data for models/placement.mod\n"
    "  --mps FILE, --lp FILE the engine's model of one level\n"
    "  --level N             which level to export (1, 2 or 3; default 1)\n"
    "  --opt1 V, --opt2 V    optima of the earlier levels (needed for levels 2 and 3)\n"
    "\n"
    "sweep options (praksis sweep DIR SWEEP.json):\n"
    "  -o, --output DIR      where to write (default: out/sweep): DIR/<scenario>/ with\n"
    "                        each plan, and DIR/sweep.csv, DIR/sweep.json comparing them\n"
    "  --threads N           scenarios solved at once (default: one per core)\n"
    "  --set KEY=VALUE       set a key in every scenario (also --time-limit, --gap);\n"
    "                        layers: built-in < DIR/scenario.json < the sweep's base <\n"
    "                        the scenario's keys < --set\n"
    "  -q, --quiet           no progress lines and no table;  --json  sweep.json on stdout\n"
    "  --report [--lang nb|en]  also write DIR/sweep.html: charts of the key figures\n"
    "  SWEEP.json: {\"base\": {keys}, \"scenarios\": [{\"name\": N, keys...}, ...]}\n"
    "          or  {\"base\": {keys}, \"grid\": {\"key\": [values...], ...}}\n"
    "  exit 0 when every scenario is optimal; 3 when one stopped early; 1 or 4 when\n"
    "  one failed (its row in sweep.csv says why); 1 for a bad sweep file.\n"
    "\n"
    "finance options (praksis finance):\n"
    "  --programmes-csv FILE programme weeks (default: ../shared/data/programs-2019.csv)\n"
    "  --plan DIR            a solved plan (summary.json, assignments.csv): its relocated\n"
    "                        share of municipal student-weeks replaces the report's 1/3;\n"
    "                        repeat it to pool several plans (e.g. one per region)\n"
    "  --json                the figures as JSON\n"
    "\n"
    "  -h, --help            this text (anywhere on the line);  --version  the version\n"
    "  --opt VALUE or --opt=VALUE; after --, every word is an argument, not an option\n"
    "\n"
    "exit codes: 0 optimal plan written, 1 input error, 2 usage error,\n"
    "3 stopped by a limit or interruption (best plan written, status feasible),\n"
    "4 internal error.\n";

static void msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("praksis: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static int usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("praksis: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputs("\npraksis: try 'praksis --help'\n", stderr);
    va_end(ap);
    return EXIT_USAGE;
}

static void print_diag(const praksis_diag *d)
{
    if (d->line > 0 && d->column > 0)
        msg("%s:%ld:%ld: %s", d->file, d->line, d->column, d->message);
    else if (d->line > 0)
        msg("%s:%ld: %s", d->file, d->line, d->message);
    else if (d->file[0])
        msg("%s: %s", d->file, d->message);
    else
        msg("%s", d->message);
}

static int exit_for(praksis_error e)
{
    switch (e) {
    case PRAKSIS_OK: return 0;
    case PRAKSIS_ERR_INPUT:
    case PRAKSIS_ERR_IO: return EXIT_INPUT;
    case PRAKSIS_ERR_USAGE: return EXIT_USAGE;
    default: return EXIT_INTERNAL;
    }
}

static int fail(praksis_error e, const praksis_diag *d)
{
    if (d->message[0])
        print_diag(d);
    else
        msg("%s", praksis_error_string(e));
    return exit_for(e);
}

static void warn(void *user, const praksis_diag *w)
{
    (void)user;
    if (w->line > 0)
        msg("warning: %s:%ld: %s", w->file, w->line, w->message);
    else
        msg("warning: %s: %s", w->file, w->message);
}

/* ------------------------------------------------------------ signals */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    if (interrupted) {
        /* second Ctrl-C: leave at once, writing nothing */
        signal(sig, SIG_DFL);
        raise(sig);
    }
    interrupted = 1;
}

/* ------------------------------------------------------------ progress */
typedef struct progress_state {
    int tty, quiet;
    double last;
    int shown;
} progress_state;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static const char *level_name(int level)
{
    return level == 1 ? "unplaced weeks" : level == 2 ? "share deficit" : "cost";
}

static int on_progress(void *user, const praksis_progress *p)
{
    progress_state *ps = user;
    if (!ps->quiet && ps->tty && p->seconds >= 1.0 && mono() - ps->last >= 0.25) {
        ps->last = mono();
        char inc[32] = "-", gap[32] = "-";
        if (isfinite(p->incumbent)) snprintf(inc, sizeof inc, "%.6g", p->incumbent);
        if (isfinite(p->gap)) snprintf(gap, sizeof gap, "%.2f%%", 100 * p->gap);
        if (!isfinite(p->bound))
            fprintf(stderr, "\r\033[Kpraksis: level %d (%s): incumbent %s, solving the LP relaxation, %.1f s",
                    p->level, level_name(p->level), inc, p->seconds);
        else
            fprintf(stderr, "\r\033[Kpraksis: level %d (%s): incumbent %s, bound %.6g, gap %s, %ld nodes, %.1f s",
                    p->level, level_name(p->level), inc, p->bound, gap, p->nodes, p->seconds);
        ps->shown = 1;
    }
    return interrupted != 0;
}

/* ------------------------------------------------------------ options */
/* Every subcommand is one bit, so that one option entry serves several.
 * To add a subcommand: a bit here, an entry in commands[] below and its
 * run function; to add an option: an entry in opt_table[] and, unless it
 * is a scenario layer, its field in options. */
enum {
    CMD_SOLVE = 1u << 0,
    CMD_CHECK = 1u << 1,
    CMD_EXPORT = 1u << 2,
    CMD_SWEEP = 1u << 3,
    CMD_FINANCE = 1u << 4,
    CMD_REPORT = 1u << 5,
};
#define CMD_ALL (~0u)
/* the commands that read one instance and layer its scenario */
#define CMD_INSTANCE (CMD_SOLVE | CMD_CHECK | CMD_EXPORT)

/* One scenario layer of the command line.  Layers are kept in the order
 * given because later ones win. */
typedef struct layer {
    const char *flag;        /* the option, to name it in an error */
    const char *file;        /* -s FILE; else key and value */
    const char *key, *value;
    int shorthand;           /* --time-limit, --gap: an error names the flag, not the key */
    char *owned;             /* the key copied out of --set KEY=VALUE */
} layer;

typedef struct text_list {
    const char **v;
    int n;
} text_list;

/* Everything the command line can say; each subcommand reads its part.
 * The option table below says which field each option fills. */
typedef struct options {
    const char *dir;             /* the instance directory (report: --instance) */
    const char *out;             /* where to write (report: the plan's OUTDIR) */
    int quiet, json;
    const char *dat, *mps, *lp;
    int level;
    double opt[2];               /* --opt1, --opt2; NAN when not given */
    int report;                  /* solve, sweep --report */
    const char *lang, *geojson;  /* report language and map */
    const char *sweep_file;
    int threads;                 /* sweep; 0: one per core */
    const char *programmes_csv;  /* finance; NULL: the default path */
    text_list plans;             /* finance --plan, repeatable */
    layer *layers;               /* scenario layers, in command-line order */
    int n_layers;
} options;

typedef enum opt_kind {
    OPT_HELP,       /* -h, --help: help on stdout, exit 0 (found before parsing) */
    OPT_FLAG,       /* no value: sets an int field to 1 */
    OPT_TEXT,       /* any text, even empty: a const char * field */
    OPT_LIST,       /* repeatable text: appended to a text_list field */
    OPT_CHOICE,     /* one of the words of .choices ("nb|en"): a const char * field */
    OPT_INT,        /* a whole number from .min to .max: an int field */
    OPT_NUMBER,     /* a finite number: a double field */
    OPT_FILE_LAYER, /* -s FILE: a scenario layer */
    OPT_SET_LAYER,  /* --set KEY=VALUE: a scenario layer */
    OPT_KEY_LAYER,  /* a shorthand for --set .key=VALUE */
    OPT_REFUSED,    /* known, but not for these commands: .why says what to do instead */
} opt_kind;

typedef struct opt_def {
    const char *name, *short_name; /* "--output", "-o" (short_name may be NULL) */
    opt_kind kind;
    unsigned cmds;                 /* the subcommands (CMD_ bits) that take it */
    size_t at;                     /* the field of options it fills */
    const char *choices;           /* OPT_CHOICE */
    const char *key;               /* OPT_KEY_LAYER */
    int min, max;                  /* OPT_INT */
    const char *why;               /* OPT_REFUSED */
} opt_def;

#define AT(field) offsetof(options, field)
/* An option given twice keeps its last value, except the layers and the
 * lists, which keep every one in order.  Two entries may share a name
 * when they serve different subcommands. */
static const opt_def opt_table[] = {
    {.name = "--help", .short_name = "-h", .kind = OPT_HELP, .cmds = CMD_ALL},
    {.name = "--scenario", .short_name = "-s", .kind = OPT_FILE_LAYER, .cmds = CMD_INSTANCE},
    {.name = "--scenario", .short_name = "-s", .kind = OPT_REFUSED, .cmds = CMD_SWEEP,
     .why = "sweep takes its scenarios from the sweep file; put shared keys in its \"base\" (or use --set)"},
    {.name = "--set", .kind = OPT_SET_LAYER, .cmds = CMD_INSTANCE | CMD_SWEEP},
    {.name = "--time-limit", .kind = OPT_KEY_LAYER, .cmds = CMD_INSTANCE | CMD_SWEEP, .key = "time_limit"},
    {.name = "--gap", .kind = OPT_KEY_LAYER, .cmds = CMD_INSTANCE | CMD_SWEEP, .key = "mip_gap"},
    {.name = "--output", .short_name = "-o", .kind = OPT_TEXT, .cmds = CMD_SOLVE | CMD_SWEEP, .at = AT(out)},
    {.name = "--quiet", .short_name = "-q", .kind = OPT_FLAG, .cmds = CMD_SOLVE | CMD_SWEEP, .at = AT(quiet)},
    {.name = "--json", .kind = OPT_FLAG, .cmds = CMD_SOLVE | CMD_CHECK | CMD_SWEEP | CMD_FINANCE, .at = AT(json)},
    {.name = "--report", .kind = OPT_FLAG, .cmds = CMD_SOLVE | CMD_SWEEP, .at = AT(report)},
    {.name = "--lang", .kind = OPT_CHOICE, .cmds = CMD_SOLVE | CMD_SWEEP | CMD_REPORT, .at = AT(lang), .choices = "nb|en"},
    {.name = "--geojson", .kind = OPT_TEXT, .cmds = CMD_SOLVE | CMD_REPORT, .at = AT(geojson)},
    {.name = "--instance", .kind = OPT_TEXT, .cmds = CMD_REPORT, .at = AT(dir)},
    {.name = "--dat", .kind = OPT_TEXT, .cmds = CMD_EXPORT, .at = AT(dat)},
    {.name = "--mps", .kind = OPT_TEXT, .cmds = CMD_EXPORT, .at = AT(mps)},
    {.name = "--lp", .kind = OPT_TEXT, .cmds = CMD_EXPORT, .at = AT(lp)},
    {.name = "--level", .kind = OPT_INT, .cmds = CMD_EXPORT, .at = AT(level), .min = 1, .max = 3},
    {.name = "--opt1", .kind = OPT_NUMBER, .cmds = CMD_EXPORT, .at = AT(opt[0])},
    {.name = "--opt2", .kind = OPT_NUMBER, .cmds = CMD_EXPORT, .at = AT(opt[1])},
    {.name = "--threads", .kind = OPT_INT, .cmds = CMD_SWEEP, .at = AT(threads), .min = 1, .max = 1024},
    {.name = "--programmes-csv", .kind = OPT_TEXT, .cmds = CMD_FINANCE, .at = AT(programmes_csv)},
    {.name = "--plan", .kind = OPT_LIST, .cmds = CMD_FINANCE, .at = AT(plans)},
};
enum { N_OPTS = sizeof opt_table / sizeof opt_table[0] };

enum { MAX_POS = 2 }; /* the most positional arguments a subcommand takes */

typedef struct command {
    const char *name;
    unsigned bit;
    int min_pos, max_pos;        /* how many positional arguments (max_pos <= MAX_POS) */
    size_t pos_at[MAX_POS];      /* the fields they fill, in order */
    const char *synopsis;        /* the arguments, for a usage error */
    const char *needs;           /* what the positional arguments are */
    const char *out;             /* the default of options.out */
    int (*run)(const options *o);
} command;

static int run_solve(const options *o);
static int run_check(const options *o);
static int run_export(const options *o);
static int run_sweep(const options *o);
static int run_finance(const options *o);
static int run_report(const options *o);

static const command commands[] = {
    {"solve", CMD_SOLVE, 1, 1, {AT(dir)}, "DIR [OPTIONS]", "an instance directory", "out", run_solve},
    {"check", CMD_CHECK, 1, 1, {AT(dir)}, "DIR [OPTIONS]", "an instance directory", NULL, run_check},
    {"export", CMD_EXPORT, 1, 1, {AT(dir)}, "DIR (--dat FILE | --mps FILE | --lp FILE) [OPTIONS]",
     "an instance directory", NULL, run_export},
    {"sweep", CMD_SWEEP, 2, 2, {AT(dir), AT(sweep_file)}, "DIR SWEEP.json [OPTIONS]",
     "an instance directory and a sweep file", "out/sweep", run_sweep},
    {"finance", CMD_FINANCE, 0, 0, {0}, "[--programmes-csv FILE] [--plan DIR ...] [--json]", "nothing", NULL,
     run_finance},
    {"report", CMD_REPORT, 1, 1, {AT(out)}, "OUTDIR [--instance DIR] [--lang nb|en] [--geojson FILE]",
     "the directory of a plan", NULL, run_report},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };

/* Exit codes are >= 0; this says "parsed, go on". */
enum { GO_ON = -1 };

static const command *find_command(const char *name)
{
    for (int i = 0; i < N_COMMANDS; i++)
        if (!strcmp(commands[i].name, name)) return &commands[i];
    return NULL;
}

static int takes_value(const opt_def *d)
{
    return d->kind != OPT_HELP && d->kind != OPT_FLAG;
}

static int name_is(const char *name, const char *s, size_t len)
{
    return name && strlen(name) == len && !strncmp(name, s, len);
}

/* The entry for s[0..len) under the commands in cmd, or NULL with
 * *others the commands that do take it. */
static const opt_def *find_option(const char *s, size_t len, unsigned cmd, unsigned *others)
{
    *others = 0;
    for (int i = 0; i < N_OPTS; i++) {
        const opt_def *d = &opt_table[i];
        if (!name_is(d->name, s, len) && !name_is(d->short_name, s, len)) continue;
        if (d->cmds & cmd) return d;
        if (d->kind != OPT_REFUSED) *others |= d->cmds;
    }
    return NULL;
}

/* "sweep", "solve and sweep", "solve, check and export" */
static const char *command_names(unsigned bits, char *buf, size_t n)
{
    int k = 0, total = 0;
    for (int i = 0; i < N_COMMANDS; i++) total += (bits & commands[i].bit) != 0;
    buf[0] = 0;
    for (int i = 0; i < N_COMMANDS; i++) {
        if (!(bits & commands[i].bit)) continue;
        size_t at = strlen(buf);
        const char *sep = k == 0 ? "" : k == total - 1 ? " and " : ", ";
        snprintf(buf + at, n - at, "%s%s", sep, commands[i].name);
        k++;
    }
    return buf;
}

/* -h or --help anywhere before "--" wins over every other word, even a
 * wrong one; the value of an option that takes one is not looked at. */
static int wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) return 0;
        if (a[0] != '-' || !a[1] || (a[1] == '-' && strchr(a, '='))) continue;
        unsigned others;
        const opt_def *d = find_option(a, strlen(a), CMD_ALL, &others);
        if (d && d->kind == OPT_HELP) return 1;
        if (d && takes_value(d)) i++;
    }
    return 0;
}

static int parse_double(const char *t, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(t, &end);
    return *t && !*end && errno == 0 && isfinite(*v);
}

/* A choice of words "nb|en", said as "nb or en". */
static int bad_choice(const char *flag, const char *choices, const char *val)
{
    char list[256];
    size_t n = 0;
    const char *last = strrchr(choices, '|');
    for (const char *c = choices; *c && n + 5 < sizeof list; c++) {
        const char *sep = *c != '|' ? NULL : c == last ? " or " : ", ";
        if (!sep) {
            list[n++] = *c;
            continue;
        }
        memcpy(list + n, sep, strlen(sep));
        n += strlen(sep);
    }
    list[n] = 0;
    return usage_error("%s expects %s, found '%s'", flag, list, val);
}

static int is_choice(const char *choices, const char *val)
{
    size_t len = strlen(val);
    for (const char *c = choices; len > 0; c++) {
        if (!strncmp(c, val, len) && (c[len] == '|' || !c[len])) return 1;
        if (!(c = strchr(c, '|'))) return 0;
    }
    return 0;
}

/* Digits only: no sign, space or exponent in a count. */
static int parse_count(const char *t, long *v)
{
    char *end;
    errno = 0;
    *v = strtol(t, &end, 10);
    return isdigit((unsigned char)*t) && !*end && errno == 0;
}

static int add_layer(options *o, const opt_def *d, const char *val)
{
    layer *l = &o->layers[o->n_layers];
    *l = (layer){.flag = d->name};
    if (d->kind == OPT_FILE_LAYER) {
        l->file = val;
    } else if (d->kind == OPT_KEY_LAYER) {
        l->key = d->key;
        l->value = val;
        l->shorthand = 1;
    } else {
        const char *eq = strchr(val, '=');
        if (!eq || eq == val) return usage_error("%s expects KEY=VALUE, found '%s'", d->name, val);
        if (!(l->owned = strndup(val, (size_t)(eq - val)))) return EXIT_INTERNAL;
        l->key = l->owned;
        l->value = eq + 1;
    }
    o->n_layers++;
    return GO_ON;
}

/* Put val (NULL for a flag) where entry d says; flag is the option as
 * the user wrote it, for the message.  cap bounds a list's length. */
static int store_option(options *o, const opt_def *d, const char *flag, const char *val, int cap)
{
    void *field = (char *)o + d->at;
    double v;
    long k;
    switch (d->kind) {
    case OPT_HELP:
        fputs(usage_text, stdout);
        return 0;
    case OPT_FLAG:
        *(int *)field = 1;
        return GO_ON;
    case OPT_TEXT:
        *(const char **)field = val;
        return GO_ON;
    case OPT_LIST: {
        text_list *l = field;
        if (!l->v && !(l->v = calloc((size_t)cap, sizeof *l->v))) return EXIT_INTERNAL;
        l->v[l->n++] = val;
        return GO_ON;
    }
    case OPT_CHOICE:
        if (!is_choice(d->choices, val)) return bad_choice(flag, d->choices, val);
        *(const char **)field = val;
        return GO_ON;
    case OPT_INT:
        if (!parse_count(val, &k) || k < d->min || k > d->max)
            return usage_error("%s expects a whole number from %d to %d, found '%s'", flag, d->min, d->max, val);
        *(int *)field = (int)k;
        return GO_ON;
    case OPT_NUMBER:
        if (!parse_double(val, &v)) return usage_error("%s expects a number, found '%s'", flag, val);
        *(double *)field = v;
        return GO_ON;
    default:
        return add_layer(o, d, val);
    }
}

/* argv[*i] starts with '-': find it in the table for command c, take
 * its value ("--opt=value" or the next word) and store it. */
static int parse_option(const command *c, options *o, int argc, char **argv, int *i)
{
    const char *a = argv[*i];
    const char *eq = a[1] == '-' ? strchr(a, '=') : NULL;
    int len = eq ? (int)(eq - a) : (int)strlen(a);
    char flag[128];
    snprintf(flag, sizeof flag, "%.*s", len, a);
    unsigned others;
    const opt_def *d = find_option(a, (size_t)len, c->bit, &others);
    if (!d && !others) return usage_error("unknown option '%s' for '%s'", flag, c->name);
    if (!d) {
        char names[256];
        return usage_error("unknown option '%s' for '%s' (it is an option of %s)", flag, c->name,
                           command_names(others, names, sizeof names));
    }
    if (d->kind == OPT_REFUSED) return usage_error("%s", d->why);
    if (!takes_value(d)) {
        if (eq) return usage_error("%s takes no value, found '%s'", flag, a);
        return store_option(o, d, flag, NULL, argc);
    }
    const char *val = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    if (!val) return usage_error("%s needs a value", flag);
    return store_option(o, d, flag, val, argc);
}

static void options_free(options *o)
{
    for (int i = 0; i < o->n_layers; i++) free(o->layers[i].owned);
    free(o->layers);
    free(o->plans.v);
}

/* Fill *o from argv[2..] for command c.  Returns GO_ON, or the exit code
 * of a usage error already reported (0 after --help).  Everything after
 * "--" is a positional argument; a lone "-" is one too. */
static int parse_args(const command *c, int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->out = c->out;
    o->level = 1;
    o->opt[0] = o->opt[1] = NAN;
    if (!(o->layers = calloc((size_t)argc, sizeof *o->layers))) return EXIT_INTERNAL;
    int n_pos = 0, only_pos = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && !strcmp(a, "--")) {
            only_pos = 1;
        } else if (only_pos || a[0] != '-' || !a[1]) {
            if (n_pos == c->max_pos)
                return usage_error("unexpected argument '%s' (usage: praksis %s %s)", a, c->name, c->synopsis);
            *(const char **)((char *)o + c->pos_at[n_pos++]) = a;
        } else {
            int rc = parse_option(c, o, argc, argv, &i);
            if (rc != GO_ON) return rc;
        }
    }
    if (n_pos < c->min_pos) return usage_error("%s needs %s: praksis %s %s", c->name, c->needs, c->name, c->synopsis);
    return GO_ON;
}

/* Thousands with a space, the Norwegian way, for the human summary only. */
static const char *thousands(double v, char *buf, size_t n)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.0f", fabs(v));
    size_t len = strlen(raw), o = 0;
    if (v < -0.5 && o < n - 1) buf[o++] = '-';
    for (size_t i = 0; i < len && o < n - 2; i++) {
        if (i > 0 && (len - i) % 3 == 0) buf[o++] = ' ';
        buf[o++] = raw[i];
    }
    buf[o] = 0;
    return buf;
}

/* The municipalities with the most students, most first (at most n). */
static int top_municipalities(const praksis_result *r, praksis_site_use *top, int n)
{
    int k = 0, ns = praksis_result_site_count(r);
    for (int i = 0; i < ns; i++) {
        praksis_site_use u;
        praksis_result_site(r, i, &u);
        if (u.hospital || !u.students) continue;
        int at = k < n ? k++ : n;
        while (at > 0 && top[at - 1].students < u.students) {
            if (at < n) top[at] = top[at - 1];
            at--;
        }
        if (at < n) top[at] = u;
    }
    return k;
}

enum { SHARE_LINES_MAX = 24 };

static void print_summary(const char *dir, const char *out, const char *report, const praksis_result *r)
{
    char a[64], b[64], c[64], d[64];
    praksis_figures fig;
    praksis_solve_info info;
    praksis_result_figures(r, &fig);
    praksis_result_info(r, &info);
    const praksis_figures *s = &fig;
    const praksis_solve_info *v = &info;
    printf("praksis %s: %s: %s in %.2f s (%d of %d levels proven, %ld nodes)%s%s\n", PRAKSIS_VERSION, dir,
           praksis_status_string(v->status), v->seconds, v->levels_proven, PRAKSIS_LEVELS, v->nodes,
           v->stop != PRAKSIS_STOP_NONE ? ", stopped by " : "",
           v->stop == PRAKSIS_STOP_TIME_LIMIT ? "the time limit" : v->stop == PRAKSIS_STOP_INTERRUPTED ? "interruption" : "");
    printf("  students       %ld placed of %ld; %ld unplaced (%.1f student-weeks)\n", s->placed, s->students,
           s->unplaced, s->unplaced_weeks);
    printf("  municipal      %.1f of %.1f student-weeks (%.1f %%); share deficit %.1f student-weeks\n",
           s->municipal_weeks, s->student_weeks, 100 * s->municipal_share, s->share_deficit_weeks);
    printf("  relocated      %ld students (%.1f student-weeks) beyond commuting distance\n", s->relocated_students,
           s->relocated_weeks);
    int hospitals = s->sites_used - s->municipalities_used;
    printf("  sites used     %d municipalities in %d coordinator groups, %d hospital%s\n", s->municipalities_used,
           s->groups_used, hospitals, hospitals == 1 ? "" : "s");
    printf("  cost           %s kr = travel %s + supervision %s + coordinators %s\n", thousands(s->cost_total, a, sizeof a),
           thousands(s->cost_travel, b, sizeof b), thousands(s->cost_supervision, c, sizeof c),
           thousands(s->cost_fixed, d, sizeof d));
    if (s->placed_weeks > 0) printf("                 %.0f kr per placed student-week\n", s->cost_per_placed_week);
    /* stopped in the cost level: how far from the least cost it can be */
    if (v->stop != PRAKSIS_STOP_NONE && v->levels_proven == 2 && v->gap >= 0 && isfinite(v->gap))
        printf("                 at most %.2f %% above the least cost possible (not proven optimal)\n", 100 * v->gap);
    int n = praksis_result_share_count(r), short_of = 0;
    for (int i = 0; i < n; i++) {
        praksis_share sh;
        praksis_result_share(r, i, &sh);
        short_of += sh.deficit_weeks > 1e-6;
    }
    /* a national plan has about a hundred pairs: list them all only when
     * they fit on a screen, else those short of their target */
    int all = n <= SHARE_LINES_MAX;
    if (n > 0 && all) printf("  municipal share by institution and programme (achieved / target):\n");
    if (n > 0 && !all) {
        if (short_of)
            printf("  municipal share: %d of %d institution-programme pairs short of target (all in summary.json):\n",
                   short_of, n);
        else
            printf("  municipal share: all %d institution-programme pairs meet their target (each in summary.json)\n",
                   n);
    }
    for (int i = 0; i < n; i++) {
        praksis_share sh;
        praksis_result_share(r, i, &sh);
        if (!all && sh.deficit_weeks <= 1e-6) continue;
        char deficit[64] = "";
        if (sh.deficit_weeks > 1e-6) snprintf(deficit, sizeof deficit, ", %.1f student-weeks short", sh.deficit_weeks);
        printf("    %-8s %5.1f %% / %.0f %%  %s%s\n", sh.programme, 100 * sh.share, 100 * sh.target_share,
               sh.institution, deficit);
    }
    praksis_site_use top[5];
    int nt = top_municipalities(r, top, 5);
    if (nt > 0) printf("  most students  ");
    for (int i = 0; i < nt; i++) printf("%s %ld%s", top[i].name, top[i].students, i + 1 < nt ? ", " : "\n");
    printf("  plan written to %s/ (assignments.csv, unplaced.csv, site_use.csv, summary.json)\n", out);
    if (report) printf("  report written to %s\n", report);
}

static int file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* A shorthand's error speaks of the option the user wrote
 * ("--time-limit: expected ..."), not of the --set it stands for. */
static void name_shorthand(praksis_diag *d, const layer *l)
{
    size_t k = strlen(l->key);
    snprintf(d->file, sizeof d->file, "%s", l->flag);
    if (!strncmp(d->message, l->key, k) && !strncmp(d->message + k, ": ", 2))
        memmove(d->message, d->message + k + 2, strlen(d->message + k + 2) + 1);
}

static praksis_error apply_layer(praksis_settings *s, const layer *l, praksis_diag *d)
{
    if (l->file) return praksis_settings_merge_file(s, l->file, d);
    praksis_error rc = praksis_settings_set(s, l->key, l->value, d);
    if (rc && l->shorthand) name_shorthand(d, l);
    return rc;
}

/* Build the scenario: built-in < DIR/scenario.json < the layers in order. */
static praksis_error build_settings(const char *dir, const layer *layers, int n, praksis_settings *s,
                                    praksis_diag *d)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/scenario.json", dir);
    praksis_error rc;
    if (file_exists(path) && (rc = praksis_settings_merge_file(s, path, d))) return rc;
    for (int i = 0; i < n; i++)
        if ((rc = apply_layer(s, &layers[i], d))) return rc;
    return praksis_settings_validate(s, d);
}

static int cmd_solve(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    progress_state ps = {.tty = isatty(2), .quiet = o->quiet};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    praksis_result *r = NULL;
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc) rc = praksis_problem_solve(p, on_progress, &ps, &r, &d);
    if (ps.shown) fputs("\r\033[K", stderr);
    if (rc) {
        praksis_problem_free(p);
        return fail(rc, &d);
    }
    char report[4096];
    snprintf(report, sizeof report, "%s/report.html", o->out);
    praksis_report_options ro = {o->lang, o->geojson, NULL};
    praksis_plan_extra html = praksis_report_extra(&ro);
    if ((rc = praksis_result_write(r, o->out, &html, o->report ? 1 : 0, &d))) {
        praksis_result_free(r);
        praksis_problem_free(p);
        return fail(rc, &d);
    }
    praksis_solve_info sum;
    praksis_result_info(r, &sum);
    if (o->json) {
        char *j = praksis_result_summary_json(r);
        if (j) puts(j);
        free(j);
    } else if (!o->quiet) {
        print_summary(o->dir, o->out, o->report ? report : NULL, r);
    }
    praksis_result_free(r);
    praksis_problem_free(p);
    if (sum.stop == PRAKSIS_STOP_TIME_LIMIT) msg("stopped by the time limit (%g s): the plan is feasible, not proven optimal", s->time_limit);
    if (sum.stop == PRAKSIS_STOP_INTERRUPTED) msg("interrupted: the best plan found so far was written");
    return sum.status == PRAKSIS_STATUS_OPTIMAL ? 0 : EXIT_STOPPED;
}

/* to 1e-6, as check has always printed them: below that the sums of
 * weeks carry only the noise of their order of addition */
static double micro(double v)
{
    return round(v * 1e6) / 1e6;
}

/* check --json: the sizes as numbers, in the order check prints them. */
static int print_size_json(const praksis_size *z)
{
    const struct {
        const char *key;
        double v;
    } f[] = {
        {"sites", z->sites}, {"municipalities", z->municipalities}, {"hospitals", z->hospitals},
        {"groups", z->groups}, {"campuses", z->campuses}, {"institutions", z->institutions},
        {"programmes", z->programmes}, {"periods", z->periods}, {"cohorts", z->cohorts},
        {"students", (double)z->students}, {"student_weeks", micro(z->student_weeks)},
        {"municipal_target_weeks", micro(z->municipal_target_weeks)}, {"capacity_rows", z->capacity_rows},
        {"pairs", (double)z->pairs}, {"relocated_pairs", (double)z->relocated_pairs}, {"rows", z->rows},
        {"cols", z->cols}, {"integers", z->integers}, {"nonzeros", (double)z->nonzeros},
    };
    cJSON *j = cJSON_CreateObject();
    int ok = j != NULL;
    for (size_t i = 0; ok && i < sizeof f / sizeof f[0]; i++) ok = cJSON_AddNumberToObject(j, f[i].key, f[i].v) != NULL;
    char *text = ok ? cJSON_Print(j) : NULL;
    cJSON_Delete(j);
    if (!text) {
        msg("%s", praksis_error_string(PRAKSIS_ERR_NOMEM));
        return EXIT_INTERNAL;
    }
    puts(text);
    cJSON_free(text);
    return 0;
}

/* n and its noun, singular for exactly one: "1 institution", "2 campuses" */
#define NOUN(n, one, many) (n), ((n) == 1 ? (one) : (many))

static int cmd_check(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    praksis_size z;
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc) rc = praksis_problem_size(p, &z, &d);
    praksis_problem_free(p);
    if (rc) return fail(rc, &d);
    if (o->json) return print_size_json(&z);
    printf("%s: valid instance\n", o->dir);
    printf("  %d %s: %d %s in %d coordinator %s, %d %s\n", NOUN(z.sites, "site", "sites"),
           NOUN(z.municipalities, "municipality", "municipalities"), NOUN(z.groups, "group", "groups"),
           NOUN(z.hospitals, "hospital", "hospitals"));
    printf("  %d %s of %d %s\n", NOUN(z.campuses, "campus", "campuses"),
           NOUN(z.institutions, "institution", "institutions"));
    printf("  %d %s included, in %d %s\n", NOUN(z.programmes, "programme", "programmes"),
           NOUN(z.periods, "period", "periods"));
    printf("  %d %s with %ld %s, %.1f student-weeks\n", NOUN(z.cohorts, "cohort", "cohorts"),
           NOUN(z.students, "student", "students"), z.student_weeks);
    printf("  municipal target %.1f student-weeks (%.1f %%)\n", z.municipal_target_weeks,
           z.student_weeks > 0 ? 100 * z.municipal_target_weeks / z.student_weeks : 0.0);
    printf("  %d capacity %s\n", NOUN(z.capacity_rows, "row", "rows"));
    printf("  %ld candidate %s, %ld of them beyond commuting distance\n", NOUN(z.pairs, "pair", "pairs"),
           z.relocated_pairs);
    printf("  model: %d %s, %d %s (%d integer), %ld %s\n", NOUN(z.rows, "row", "rows"),
           NOUN(z.cols, "column", "columns"), z.integers, NOUN(z.nonzeros, "nonzero", "nonzeros"));
    return 0;
}

static int cmd_export(const options *o, praksis_instance *inst, const praksis_settings *s)
{
    praksis_diag d = {0};
    const char *path = o->mps ? o->mps : o->lp;
    praksis_problem *p = NULL;
    praksis_error rc = praksis_problem_create(inst, s, &p, &d);
    if (!rc && o->dat) rc = praksis_problem_export_dat(p, o->dat, &d);
    if (!rc && path)
        rc = praksis_problem_export_model(p, o->level, o->opt, o->mps ? PRAKSIS_FORMAT_MPS : PRAKSIS_FORMAT_LP, path, &d);
    praksis_problem_free(p);
    return rc ? fail(rc, &d) : 0;
}

/* solve, check and export: read the instance, layer its scenario, run. */
static int with_instance(const options *o, int (*cmd)(const options *, praksis_instance *, const praksis_settings *))
{
    int rc;
    praksis_settings s;
    praksis_settings_init(&s);
    praksis_diag d = {0};
    praksis_instance *inst = NULL;
    praksis_error e = praksis_instance_load(o->dir, warn, NULL, &inst, &d);
    if (!e) e = build_settings(o->dir, o->layers, o->n_layers, &s, &d);
    if (e)
        rc = fail(e, &d);
    else
        rc = cmd(o, inst, &s);
    praksis_instance_free(inst);
    praksis_settings_clear(&s);
    praksis_thread_cleanup();
    return rc;
}

static int run_solve(const options *o)
{
    return with_instance(o, cmd_solve);
}

static int run_check(const options *o)
{
    return with_instance(o, cmd_check);
}

/* The combinations export cannot write are refused before the instance
 * is read, so that nothing is written either. */
static int run_export(const options *o)
{
    if (!o->dat && !o->mps && !o->lp) return usage_error("export needs --dat, --mps or --lp");
    if (o->mps && o->lp) return usage_error("export writes one model: give --mps or --lp, not both");
    if ((o->mps || o->lp) && o->level > 1 && isnan(o->opt[0])) return usage_error("--level %d needs --opt1", o->level);
    if ((o->mps || o->lp) && o->level > 2 && isnan(o->opt[1])) return usage_error("--level 3 needs --opt2");
    return with_instance(o, cmd_export);
}

/* ------------------------------------------------------------ sweep */
typedef struct sweep_ui {
    int quiet, tty;
    int bar_shown;
    double t0;
} sweep_ui;

static int sweep_stop(void *user)
{
    (void)user;
    return interrupted != 0;
}

/* Called once per finished scenario, never concurrently. */
static void sweep_done(void *user, int finished, int total, const praksis_sweep_row *row)
{
    sweep_ui *ui = user;
    if (ui->quiet) return;
    if (ui->bar_shown) fputs("\r\033[K", stderr);
    char what[1400], a[64];
    switch (row->state) {
    case PRAKSIS_SWEEP_SOLVED:
        if (row->info.stop != PRAKSIS_STOP_NONE)
            snprintf(what, sizeof what, "%s (stopped by %s), cost %s kr", praksis_status_string(row->info.status),
                     praksis_stop_string(row->info.stop), thousands(row->figures.cost_total, a, sizeof a));
        else
            snprintf(what, sizeof what, "%s, cost %s kr", praksis_status_string(row->info.status),
                     thousands(row->figures.cost_total, a, sizeof a));
        break;
    case PRAKSIS_SWEEP_FAILED:
        snprintf(what, sizeof what, "error: %s", row->diag.message);
        break;
    default:
        snprintf(what, sizeof what, "not run (interrupted)");
        break;
    }
    msg("[%d/%d] %s: %s", finished, total, row->name, what);
    if (ui->tty && finished < total) {
        char bar[41];
        int w = 40, k = (int)((long)w * finished / total);
        for (int i = 0; i < w; i++) bar[i] = i < k ? '#' : '.';
        bar[w] = 0;
        fprintf(stderr, "praksis: [%s] %d of %d scenarios, %.1f s", bar, finished, total, mono() - ui->t0);
        ui->bar_shown = 1;
    } else {
        ui->bar_shown = 0;
    }
    fflush(stderr);
}

static void print_sweep_table(const praksis_sweep *sw, const char *out)
{
    int n = praksis_sweep_count(sw), wname = 8;
    for (int i = 0; i < n; i++) {
        int l = (int)strlen(praksis_sweep_name(sw, i));
        if (l > wname) wname = l < 48 ? l : 48;
    }
    printf("%-*s  %-8s %9s %9s %13s %9s %6s %8s\n", wname, "scenario", "status", "unplaced", "deficit", "cost kr",
           "relocated", "munic.", "seconds");
    for (int i = 0; i < n; i++) {
        praksis_sweep_row r;
        praksis_sweep_row_get(sw, i, &r);
        const praksis_figures *s = &r.figures;
        const praksis_solve_info *v = &r.info;
        char a[64];
        if (r.state == PRAKSIS_SWEEP_SOLVED)
            printf("%-*s  %-8s %9.1f %9.1f %13s %9ld %6d %8.2f%s\n", wname, r.name, praksis_status_string(v->status),
                   s->unplaced_weeks, s->share_deficit_weeks, thousands(s->cost_total, a, sizeof a), s->relocated_students,
                   s->municipalities_used, v->seconds, v->stop != PRAKSIS_STOP_NONE ? "  (stopped early)" : "");
        else
            printf("%-*s  %-8s\n", wname, r.name, r.state == PRAKSIS_SWEEP_FAILED ? "error" : "not run");
    }
    printf("  unplaced and deficit in student-weeks; plans in %s/<scenario>/, comparison in %s/sweep.csv\n", out, out);
}

/* The sweep applies its layers to every scenario itself; try them once
 * here, so that a bad value is named by the option that gave it. */
static praksis_error try_layers(const praksis_settings *under, const options *o, praksis_diag *d)
{
    praksis_settings t;
    praksis_settings_init(&t);
    praksis_error e = praksis_settings_copy(&t, under);
    for (int i = 0; i < o->n_layers && !e; i++) e = apply_layer(&t, &o->layers[i], d);
    praksis_settings_clear(&t);
    return e;
}

static int run_sweep(const options *o)
{
    const char *dir = o->dir, *file = o->sweep_file, *out = o->out;
    int quiet = o->quiet, json = o->json, threads = o->threads, rc = 0, report = o->report;
    const char *lang = o->lang;
    int n_set = o->n_layers;
    const char **keys = calloc((size_t)n_set + 1, sizeof *keys), **values = calloc((size_t)n_set + 1, sizeof *values);
    praksis_sweep *sw = NULL;
    praksis_instance *inst = NULL;
    praksis_settings under;
    praksis_settings_init(&under);
    if (!keys || !values) {
        rc = EXIT_INTERNAL;
        goto done;
    }
    /* -s is refused for sweep: every layer is a key and its value */
    for (int i = 0; i < n_set; i++) {
        keys[i] = o->layers[i].key;
        values[i] = o->layers[i].value;
    }
    praksis_diag d = {0};
    /* The whole sweep file is checked before the instance is read or
     * anything is solved. */
    praksis_error e = praksis_sweep_load(file, &sw, &d);
    if (!e) e = praksis_instance_load(dir, warn, NULL, &inst, &d);
    if (!e) e = build_settings(dir, NULL, 0, &under, &d);
    if (!e) e = try_layers(&under, o, &d);
    if (!e) e = praksis_sweep_prepare(sw, inst, &under, n_set, keys, values, &d);
    if (e) {
        rc = fail(e, &d);
        goto done;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* This (main) thread holds no GLPK object: it takes part in the
     * parallel loop, which frees each thread's GLPK environment after
     * every scenario. */
    sweep_ui ui = {.quiet = quiet, .tty = isatty(2), .t0 = mono()};
    praksis_sweep_hooks hooks = {sweep_stop, sweep_done, &ui};
    e = praksis_sweep_run(sw, inst, out, threads, &hooks, &d);
    if (ui.bar_shown) fputs("\r\033[K", stderr);
    if (!e) e = praksis_sweep_write(sw, out, &d);
    char html[4096];
    snprintf(html, sizeof html, "%s/sweep.html", out);
    if (!e && report) {
        char *j = praksis_sweep_json(sw);
        praksis_report_options ro = {lang, NULL, NULL};
        e = j ? praksis_sweep_write_html(j, "sweep.json", &ro, html, &d) : PRAKSIS_ERR_NOMEM;
        free(j);
    }
    if (e) {
        rc = fail(e, &d);
        goto done;
    }
    int any_stopped = 0, worst_fail = 0, n = praksis_sweep_count(sw);
    for (int i = 0; i < n; i++) {
        praksis_sweep_row r;
        praksis_sweep_row_get(sw, i, &r);
        if (r.state == PRAKSIS_SWEEP_FAILED) {
            int x = exit_for(r.error);
            if (x == EXIT_INTERNAL || !worst_fail) worst_fail = x;
        } else if (r.state != PRAKSIS_SWEEP_SOLVED || r.info.status != PRAKSIS_STATUS_OPTIMAL) {
            any_stopped = 1;
        }
    }
    if (json) {
        char *j = praksis_sweep_json(sw);
        if (j) puts(j);
        free(j);
    } else if (!quiet) {
        print_sweep_table(sw, out);
        if (report) printf("  report written to %s\n", html);
    }
    if (interrupted) msg("interrupted: finished scenarios were written, the others are marked not_run");
    rc = worst_fail ? worst_fail : any_stopped ? EXIT_STOPPED : 0;
done:
    praksis_sweep_free(sw);
    praksis_instance_free(inst);
    praksis_settings_clear(&under);
    praksis_thread_cleanup();
    free(keys);
    free(values);
    return rc;
}

/* ------------------------------------------------------------ finance */
static const char *mill(double kr, char *buf, size_t n)
{
    if (!isfinite(kr))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.1f", kr / 1e6);
    return buf;
}

static void print_finance(const praksis_finance *f, const char *csv)
{
    int n_all, n_six;
    double w_all, w_six;
    char a[64], b[64], c[64], e[64], g[64];
    praksis_finance_weeks(f, &n_all, &w_all, &n_six, &w_six);
    praksis_finance_alt rep[4], pl[4];
    praksis_finance_compute(f, 0, rep);
    praksis_finance_plan_info pi;
    int has_plan = praksis_finance_plan(f, &pi) == 0;
    if (has_plan) praksis_finance_compute(f, 1, pl);
    printf("IS-2956 financing alternatives, from %s\n", csv);
    printf("  %d programmes, %s municipal student-weeks a year; %d prioritised, %s\n", n_all,
           thousands(w_all, a, sizeof a), n_six, thousands(w_six, b, sizeof b));
    printf("  rates: 380 mill. kr administration (2A, 2B) or 350 mill. frame + 30 mill. K2020 (hybrid);\n"
           "         500 kr/week supervision, 1 500 kr/week travel and second home\n");
    if (has_plan) {
        printf("  plan%s %s (%s): %.1f of %.1f municipal student-weeks relocated (%.1f %%)", pi.plans > 1 ? "s" : "", pi.dir, pi.status,
               pi.relocated_weeks, pi.municipal_weeks, 100 * pi.share);
        if (pi.share_six >= 0)
            printf("; six prioritised: %.1f of %.1f (%.1f %%)\n", pi.relocated_weeks_six, pi.municipal_weeks_six,
                   100 * pi.share_six);
        else
            printf("; none of the six prioritised programmes\n");
        if (pi.programmes_unknown)
            printf("  (%d of the plan's %d programmes are not in %s: counted in \"all\" only)\n", pi.programmes_unknown,
                   pi.programmes, csv);
    }
    printf("\n%-35s %9s | %-29s", "", "", "report (IS-2956)");
    if (has_plan) printf(" | planned (travel share from the plan)");
    printf("\n%-35s %9s | %7s %8s %12s", "alternative", "weeks", "travel", "kr/week", "mill. kr");
    if (has_plan) printf(" | %7s %8s %12s %8s", "travel", "kr/week", "mill. kr", "change");
    printf("\n");
    for (int i = 0; i < 4; i++) {
        const praksis_finance_alt *r = &rep[i];
        printf("%-3s %-31s %9s | %6.1f%% %8s %12s", i < 2 ? r->id : "", r->title, thousands(r->weeks, a, sizeof a),
               100 * r->travel_share, r->price > 0 ? thousands(r->price, b, sizeof b) : "-", mill(r->total, c, sizeof c));
        if (has_plan) {
            const praksis_finance_alt *p = &pl[i];
            if (p->travel_share < 0)
                printf(" | %7s %8s %12s %8s", "-", "-", "-", "-");
            else
                printf(" | %6.1f%% %8s %12s %+7.1f%%", 100 * p->travel_share,
                       p->price > 0 ? thousands(p->price, e, sizeof e) : "-", mill(p->total, g, sizeof g),
                       100 * (p->total - r->total) / r->total);
        }
        printf("\n");
    }
    printf("\nhybrid model by element (mill. kr): frame + K2020, supervision, travel\n");
    for (int i = 2; i < 4; i++) {
        printf("  %-24s report  %s + %s + %s = %s\n", rep[i].title, mill(rep[i].fixed, a, sizeof a),
               mill(rep[i].supervision, b, sizeof b), mill(rep[i].travel, c, sizeof c), mill(rep[i].total, e, sizeof e));
        if (has_plan && pl[i].travel_share >= 0)
            printf("  %-24s planned %s + %s + %s = %s\n", "", mill(pl[i].fixed, a, sizeof a),
                   mill(pl[i].supervision, b, sizeof b), mill(pl[i].travel, c, sizeof c), mill(pl[i].total, e, sizeof e));
    }
    printf("\n2A and 2B pay the travel rate with every week (a flat per-week price, rounded to tens of\n"
           "kroner as the report does); the hybrid pays it for the report's guess of one third of the\n"
           "weeks.%s\n",
           has_plan ? " The planned columns pay it for the share of municipal student-weeks the plan\n"
                      "places beyond commuting distance."
                    : " Add --plan DIR (a solved plan) for the planned counterpart.");
}

static int run_finance(const options *o)
{
    /* the shipped figures, found from the repository root */
    const char *csv = o->programmes_csv ? o->programmes_csv : "../shared/data/programs-2019.csv";
    const char **plans = o->plans.v;
    int n_plans = o->plans.n, json = o->json;
    if (!o->programmes_csv && !file_exists(csv)) {
        msg("%s: expected the programme file, found nothing there: run from the repository root or give "
            "--programmes-csv FILE", csv);
        return EXIT_INPUT;
    }
    praksis_diag d = {0};
    praksis_finance *f = NULL;
    praksis_error e = praksis_finance_load(csv, NULL, &f, &d);
    for (int i = 0; i < n_plans && !e; i++) e = praksis_finance_add_plan(f, plans[i], &d);
    if (e) {
        praksis_finance_free(f);
        return fail(e, &d);
    }
    if (json) {
        char *j = praksis_finance_json(f);
        if (j) puts(j);
        free(j);
    } else {
        print_finance(f, csv);
    }
    praksis_finance_free(f);
    return 0;
}

/* ------------------------------------------------------------ report */
/* praksis report OUTDIR [--instance DIR] [--lang nb|en] [--geojson FILE]:
 * report.html from a plan's files (read back and re-checked, not
 * re-solved), or sweep.html from a sweep's sweep.json. */
static int run_report(const options *o)
{
    const char *outdir = o->out, *idir = o->dir;
    praksis_report_options ro = {o->lang, o->geojson, NULL};
    char path[4096], html[4096];
    praksis_diag d = {0};
    praksis_error e;
    snprintf(path, sizeof path, "%s/summary.json", outdir);
    if (!file_exists(path)) {
        snprintf(path, sizeof path, "%s/sweep.json", outdir);
        if (!file_exists(path)) {
            msg("%s: expected a plan (summary.json) or a sweep (sweep.json), found neither", outdir);
            return EXIT_INPUT;
        }
        snprintf(html, sizeof html, "%s/sweep.html", outdir);
        FILE *f = fopen(path, "rb");
        char *text = NULL;
        size_t n = 0;
        if (f) {
            FILE *m = open_memstream(&text, &n);
            int ch;
            while (m && (ch = fgetc(f)) != EOF) fputc(ch, m);
            if (m) fclose(m);
            fclose(f);
        }
        if (!text) {
            msg("%s: cannot read: %s", path, strerror(errno));
            return EXIT_INPUT;
        }
        e = praksis_sweep_write_html(text, path, &ro, html, &d);
        free(text);
    } else {
        if (!idir) return usage_error("report needs --instance DIR: the instance the plan in %s was solved from", outdir);
        praksis_instance *inst = NULL;
        praksis_result *r = NULL;
        snprintf(html, sizeof html, "%s/report.html", outdir);
        e = praksis_instance_load(idir, warn, NULL, &inst, &d);
        if (!e) e = praksis_result_read(inst, outdir, &r, &d);
        if (!e) e = praksis_result_write_html(r, &ro, html, &d);
        praksis_result_free(r);
        praksis_instance_free(inst);
    }
    if (e) return fail(e, &d);
    printf("report written to %s\n", html);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_text, stderr);
        return EXIT_USAGE;
    }
    if (!strcmp(argv[1], "help") || wants_help(argc, argv)) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("praksis %s\n", PRAKSIS_VERSION);
        return 0;
    }
    const command *c = find_command(argv[1]);
    if (!c) return usage_error("unknown command '%s'", argv[1]);
    options o;
    int rc = parse_args(c, argc, argv, &o);
    if (rc == GO_ON) rc = c->run(&o);
    options_free(&o);
    return rc;
}
