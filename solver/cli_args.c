/*
 * cli_args.c - the command line's one option parser.  Every subcommand and
 * every option is a row of a table: which subcommands take an option, what
 * its value is and which field of options it fills.  To add a subcommand:
 * a CMD_ bit (cli.h), a row in commands[] and its run function; to add an
 * option: a row in opt_table[] and, unless it is a scenario layer, its
 * field in options.
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

#include "cli.h"

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
    "  template DIR -o FILE.xlsx   write the instance as a workbook to edit in a spreadsheet\n"
    "  DIR is an instance directory of CSV files or an .xlsx workbook with a sheet per file\n"
    "  explain OUTDIR --instance DIR [--site ID]   why this plan: what a place is worth,\n"
    "               why a municipality gets nobody, why students are unplaced\n"
    "\n"
    "scenario options (all commands; layers: built-in < DIR/scenario.json < -s < flags in order):\n"
    "  -s, --scenario FILE   merge a scenario JSON file\n"
    "  --set KEY=VALUE       set one scenario key (see README for keys)\n"
    "  --time-limit S        same as --set time_limit=S (seconds for the whole solve)\n"
    "  --gap G               same as --set mip_gap=G (relative gap on the cost level)\n"
    "\n"
    "solve options:\n"
    "  -o, --output DIR      where to write the plan (default: out): the CSV files,\n"
    "                        summary.json and plan.xlsx (the plan as a workbook)\n"
    "  -q, --quiet           no summary and no progress\n"
    "  --json                print summary.json on stdout instead of the summary\n"
    "  --report              also write OUTDIR/report.html: map, charts, tables (one file)\n"
    "  --lang nb|en          the language of plan.xlsx and the report (default nb:\n"
    "                        Norwegian bokmål)\n"
    "  --geojson FILE        municipality polygons for the map (default: look for\n"
    "                        shared/data/norway/municipalities-simplified.geojson)\n"
    "  --previous OUTDIR     compare with the plan in OUTDIR (its assignments.csv)\n"
    "                        instead of the instance's previous.csv (also for check,\n"
    "                        export, sweep and report)\n"
    "  --explain             also write sensitivity.csv (what one more place is worth, every\n"
    "                        capacity row), unused_sites.csv (why a municipality gets nobody)\n"
    "                        and unplaced_why.csv; the summary names the places worth most\n"
    "  --exact N             rows and municipalities solved again for exact values (default 10)\n"
    "  --threads N           re-solves at once (default: one per core)\n"
    "\n"
    "explain options (praksis explain OUTDIR --instance DIR; the plan is read back):\n"
    "  --site ID             what it would take for site ID to get students, and the plan\n"
    "                        that would result (what moves where)\n"
    "  --exact N, --threads N   as for solve --explain;  --time-limit S  seconds per re-solve\n"
    "\n"
    "report options (praksis report OUTDIR: report.html and plan.xlsx of a plan on disk,\n"
    "read back, never re-solved; sweep.html and sweep.xlsx of a sweep):\n"
    "  --instance DIR        the instance the plan in OUTDIR was solved from (default:\n"
    "                        the one its summary.json names; a sweep's OUTDIR needs none)\n"
    "  --lang nb|en, --geojson FILE   as for solve\n"
    "\n"
    "export options:\n"
    "  --dat FILE            data for models/placement.mod\n"
    "  --mps FILE, --lp FILE the engine's model of one level\n"
    "  --level N             which level to export (1 to 4; default 1)\n"
    "  --opt1 V, --opt2 V, --opt3 V   optima of the earlier levels (needed from level 2)\n"
    "\n"
    "sweep options (praksis sweep DIR SWEEP.json):\n"
    "  -o, --output DIR      where to write (default: out/sweep): DIR/<scenario>/ with\n"
    "                        each plan, and DIR/sweep.csv, DIR/sweep.json, DIR/sweep.xlsx\n"
    "                        comparing them\n"
    "  --threads N           scenarios solved at once (default: one per core)\n"
    "  --set KEY=VALUE       set a key in every scenario (also --time-limit, --gap);\n"
    "                        layers: built-in < DIR/scenario.json < the sweep's base <\n"
    "                        the scenario's keys < --set\n"
    "  -q, --quiet           no progress lines and no table;  --json  sweep.json on stdout\n"
    "  --report              also write DIR/sweep.html: charts of the key figures\n"
    "  --lang nb|en          the language of the workbooks and sweep.html (default nb)\n"
    "  SWEEP.json: {\"base\": {keys}, \"scenarios\": [{\"name\": N, keys...}, ...]}\n"
    "          or  {\"base\": {keys}, \"grid\": {\"key\": [values...], ...}}\n"
    "  exit 0 when every scenario is optimal; 3 when one stopped early; 1 or 4 when\n"
    "  one failed (its row in sweep.csv says why); 1 for a bad sweep file.\n"
    "\n"
    "template options (praksis template DIR -o FILE.xlsx):\n"
    "  -o, --output FILE     the workbook to write (named .xlsx); solve, check, export\n"
    "                        and sweep read it as they read DIR\n"
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
    "exit codes: 0 optimal plan written, 1 input error (agreed placements or\n"
    "minimums in conflict among them), 2 usage error, 3 stopped by a limit or\n"
    "interruption (best plan written, status feasible), 4 internal error, 5 stopped\n"
    "by a limit or interruption before any plan met the agreements (nothing written).\n";

void cli_usage(FILE *f) { fputs(usage_text, f); }

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
    {.name = "--output", .short_name = "-o", .kind = OPT_TEXT, .cmds = CMD_SOLVE | CMD_SWEEP | CMD_TEMPLATE, .at = AT(out)},
    {.name = "--quiet", .short_name = "-q", .kind = OPT_FLAG, .cmds = CMD_SOLVE | CMD_SWEEP, .at = AT(quiet)},
    {.name = "--json", .kind = OPT_FLAG, .cmds = CMD_SOLVE | CMD_CHECK | CMD_SWEEP | CMD_FINANCE, .at = AT(json)},
    {.name = "--report", .kind = OPT_FLAG, .cmds = CMD_SOLVE | CMD_SWEEP, .at = AT(report)},
    {.name = "--lang", .kind = OPT_CHOICE, .cmds = CMD_SOLVE | CMD_SWEEP | CMD_REPORT, .at = AT(lang), .choices = "nb|en"},
    {.name = "--geojson", .kind = OPT_TEXT, .cmds = CMD_SOLVE | CMD_REPORT, .at = AT(geojson)},
    {.name = "--instance", .kind = OPT_TEXT, .cmds = CMD_REPORT | CMD_EXPLAIN, .at = AT(dir)},
    {.name = "--explain", .kind = OPT_FLAG, .cmds = CMD_SOLVE, .at = AT(explain)},
    {.name = "--exact", .kind = OPT_INT, .cmds = CMD_SOLVE | CMD_EXPLAIN, .at = AT(exact), .min = 0, .max = 100000},
    {.name = "--site", .kind = OPT_TEXT, .cmds = CMD_EXPLAIN, .at = AT(site)},
    {.name = "--time-limit", .kind = OPT_NUMBER, .cmds = CMD_EXPLAIN, .at = AT(resolve_seconds)},
    {.name = "--dat", .kind = OPT_TEXT, .cmds = CMD_EXPORT, .at = AT(dat)},
    {.name = "--mps", .kind = OPT_TEXT, .cmds = CMD_EXPORT, .at = AT(mps)},
    {.name = "--lp", .kind = OPT_TEXT, .cmds = CMD_EXPORT, .at = AT(lp)},
    {.name = "--level", .kind = OPT_INT, .cmds = CMD_EXPORT, .at = AT(level), .min = 1, .max = 4},
    {.name = "--opt1", .kind = OPT_NUMBER, .cmds = CMD_EXPORT, .at = AT(opt[0])},
    {.name = "--opt2", .kind = OPT_NUMBER, .cmds = CMD_EXPORT, .at = AT(opt[1])},
    {.name = "--opt3", .kind = OPT_NUMBER, .cmds = CMD_EXPORT, .at = AT(opt[2])},
    {.name = "--threads", .kind = OPT_INT, .cmds = CMD_SWEEP | CMD_SOLVE | CMD_EXPLAIN, .at = AT(threads), .min = 1,
     .max = 1024},
    {.name = "--programmes-csv", .kind = OPT_TEXT, .cmds = CMD_FINANCE, .at = AT(programmes_csv)},
    {.name = "--plan", .kind = OPT_LIST, .cmds = CMD_FINANCE, .at = AT(plans)},
    {.name = "--previous", .kind = OPT_TEXT, .cmds = CMD_INSTANCE | CMD_SWEEP | CMD_REPORT, .at = AT(previous)},
};
enum { N_OPTS = sizeof opt_table / sizeof opt_table[0] };

static const command commands[] = {
    {"solve", CMD_SOLVE, 1, 1, {AT(dir)}, "DIR [OPTIONS]", "an instance directory", "out", cli_run_solve},
    {"check", CMD_CHECK, 1, 1, {AT(dir)}, "DIR [OPTIONS]", "an instance directory", NULL, cli_run_check},
    {"export", CMD_EXPORT, 1, 1, {AT(dir)}, "DIR (--dat FILE | --mps FILE | --lp FILE) [OPTIONS]",
     "an instance directory", NULL, cli_run_export},
    {"sweep", CMD_SWEEP, 2, 2, {AT(dir), AT(sweep_file)}, "DIR SWEEP.json [OPTIONS]",
     "an instance directory and a sweep file", "out/sweep", cli_run_sweep},
    {"finance", CMD_FINANCE, 0, 0, {0}, "[--programmes-csv FILE] [--plan DIR ...] [--json]", "nothing", NULL,
     cli_run_finance},
    {"report", CMD_REPORT, 1, 1, {AT(out)}, "OUTDIR [--instance DIR] [--lang nb|en] [--geojson FILE]",
     "the directory of a plan", NULL, cli_run_report},
    {"template", CMD_TEMPLATE, 1, 1, {AT(dir)}, "DIR -o FILE.xlsx", "an instance directory or workbook", NULL,
     cli_run_template},
    {"explain", CMD_EXPLAIN, 1, 1, {AT(out)}, "OUTDIR --instance DIR [--site ID] [--exact N] [--time-limit S]",
     "the directory of a plan", NULL, cli_run_explain},
};
enum { N_COMMANDS = sizeof commands / sizeof commands[0] };



const command *cli_find_command(const char *name)
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
int cli_wants_help(int argc, char **argv)
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
    return cli_usage_error("%s expects %s, found '%s'", flag, list, val);
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
        if (!eq || eq == val) return cli_usage_error("%s expects KEY=VALUE, found '%s'", d->name, val);
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
            return cli_usage_error("%s expects a whole number from %d to %d, found '%s'", flag, d->min, d->max, val);
        *(int *)field = (int)k;
        return GO_ON;
    case OPT_NUMBER:
        if (!parse_double(val, &v)) return cli_usage_error("%s expects a number, found '%s'", flag, val);
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
    if (!d && !others) return cli_usage_error("unknown option '%s' for '%s'", flag, c->name);
    if (!d) {
        char names[256];
        return cli_usage_error("unknown option '%s' for '%s' (it is an option of %s)", flag, c->name,
                           command_names(others, names, sizeof names));
    }
    if (d->kind == OPT_REFUSED) return cli_usage_error("%s", d->why);
    if (!takes_value(d)) {
        if (eq) return cli_usage_error("%s takes no value, found '%s'", flag, a);
        return store_option(o, d, flag, NULL, argc);
    }
    const char *val = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    if (!val) return cli_usage_error("%s needs a value", flag);
    return store_option(o, d, flag, val, argc);
}

void cli_options_free(options *o)
{
    for (int i = 0; i < o->n_layers; i++) free(o->layers[i].owned);
    free(o->layers);
    free(o->plans.v);
}

/* Fill *o from argv[2..] for command c.  Returns GO_ON, or the exit code
 * of a usage error already reported (0 after --help).  Everything after
 * "--" is a positional argument; a lone "-" is one too. */
int cli_parse_args(const command *c, int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->out = c->out;
    o->level = 1;
    o->opt[0] = o->opt[1] = o->opt[2] = NAN;
    o->exact = -1;
    o->resolve_seconds = NAN;
    if (!(o->layers = calloc((size_t)argc, sizeof *o->layers))) return EXIT_INTERNAL;
    int n_pos = 0, only_pos = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && !strcmp(a, "--")) {
            only_pos = 1;
        } else if (only_pos || a[0] != '-' || !a[1]) {
            if (n_pos == c->max_pos)
                return cli_usage_error("unexpected argument '%s' (usage: praksis %s %s)", a, c->name, c->synopsis);
            *(const char **)((char *)o + c->pos_at[n_pos++]) = a;
        } else {
            int rc = parse_option(c, o, argc, argv, &i);
            if (rc != GO_ON) return rc;
        }
    }
    if (n_pos < c->min_pos) return cli_usage_error("%s needs %s: praksis %s %s", c->name, c->needs, c->name, c->synopsis);
    return GO_ON;
}
