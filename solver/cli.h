/*
 * cli.h - the `praksis` command's own parts (not the library): the options
 * every subcommand reads, the table-driven parser (cli_args.c), and the
 * messages, exit codes and scenario layering the subcommands share
 * (cli.c).  Each subcommand's run function lives with its printing:
 * solve, check and export in cli.c, sweep in cli_sweep.c, finance and
 * report in cli_report.c.
 */
#ifndef PRAKSIS_CLI_H
#define PRAKSIS_CLI_H

#include "praksis.h"

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

enum { EXIT_INPUT = 1, EXIT_USAGE = 2, EXIT_STOPPED = 3, EXIT_INTERNAL = 4, EXIT_NOPLAN = 5 };

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
    CMD_TEMPLATE = 1u << 6,
    CMD_EXPLAIN = 1u << 7,
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
    double opt[3];               /* --opt1, --opt2, --opt3; NAN when not given */
    int report;                  /* solve, sweep --report */
    const char *lang, *geojson;  /* report language and map */
    const char *sweep_file;
    int threads;                 /* sweep; 0: one per core */
    const char *programmes_csv;  /* finance; NULL: the default path */
    const char *previous;        /* --previous OUTDIR: an earlier plan replaces previous.csv */
    text_list plans;             /* finance --plan, repeatable */
    int explain;                 /* solve --explain */
    int exact;                   /* --exact N: rows and sites solved again exactly; -1: the default */
    const char *site;            /* explain --site ID */
    double resolve_seconds;      /* explain --time-limit S: per re-solve; NAN: the scenario's */
    layer *layers;               /* scenario layers, in command-line order */
    int n_layers;
} options;

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

/* Exit codes are >= 0; this says "parsed, go on". */
enum { GO_ON = -1 };

/* cli_args.c: the subcommand named name, or NULL. */
const command *cli_find_command(const char *name);
/* Fill *o from argv[2..] for command c: GO_ON, or the exit code of a usage
 * error already reported (0 after --help).  Free with cli_options_free. */
int cli_parse_args(const command *c, int argc, char **argv, options *o);
void cli_options_free(options *o);
/* Whether --help or -h comes before any "--". */
int cli_wants_help(int argc, char **argv);
/* The help text. */
void cli_usage(FILE *f);

/* cli.c: one line "praksis: ..." on stderr. */
void cli_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error and the hint to --help on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_print_diag(const praksis_diag *d);
int cli_exit_for(praksis_error e);
/* Report an error (its diag, or the code's text) and return its exit code. */
int cli_fail(praksis_error e, const praksis_diag *d);
/* The library's warning callback: one line on stderr. */
void cli_warn(void *user, const praksis_diag *w);
/* The problem's warnings about its data, one line each, at most ten; the
 * last line says how many more there are and where: `where`. */
void cli_print_warnings(const praksis_problem *p, const char *where);
/* Set by SIGINT/SIGTERM; a second one leaves at once. */
extern volatile sig_atomic_t cli_interrupted;
void cli_on_signal(int sig);
/* SIGINT and SIGTERM to cli_on_signal: the first stops, the second kills. */
void cli_catch_signals(void);
double cli_mono(void);
/* Thousands with a space, the Norwegian way, for the human summary only. */
const char *cli_thousands(double v, char *buf, size_t n);
int cli_file_exists(const char *path);
praksis_error cli_apply_layer(praksis_settings *s, const layer *l, praksis_diag *d);
/* The instance in dir, compared with the plan in previous (when not NULL)
 * instead of its previous.csv. */
praksis_error cli_load_instance(const char *dir, const char *previous, praksis_instance **inst, praksis_diag *d);
/* The scenario: built-in < the instance's own (DIR/scenario.json or the
 * workbook's scenario sheet) < the layers in order. */
praksis_error cli_build_settings(const praksis_instance *inst, const layer *layers, int n, praksis_settings *s,
                                 praksis_diag *d);

/* The subcommands. */
int cli_run_solve(const options *o);
int cli_run_check(const options *o);
int cli_run_export(const options *o);
int cli_run_sweep(const options *o);
int cli_run_finance(const options *o);
int cli_run_report(const options *o);
int cli_run_template(const options *o);
int cli_run_explain(const options *o);

/* cli_explain.c: the explanation of a solved plan when --explain asks for
 * it (NULL otherwise, or after an error, with *code its exit code), its
 * files as extras of the plan's directory, and the summary's lines. */
struct praksis_explain;
struct praksis_explain *cli_explain_plan(const praksis_result *r, const options *o, int *code);
void cli_print_explain_summary(const struct praksis_explain *e, const char *out);

#endif
