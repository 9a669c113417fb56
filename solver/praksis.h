/*
 * praksis.h - the one public header of the praksis placement engine.
 *
 * Pipeline: load an instance directory -> validate it against a scenario
 * (settings) -> build the mixed-integer model -> solve it lexicographically
 * with GLPK -> report the plan.  The library never prints, never exits and
 * never handles signals: errors come back as codes plus a praksis_diag, and
 * progress goes through a callback whose return value can stop the solve.
 *
 * Every handle has a create/free pair; every free function accepts NULL.
 */
#ifndef PRAKSIS_H
#define PRAKSIS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PRAKSIS_VERSION "0.1.0"

/* Error codes: what went wrong with a call.  Kept apart from the solve
 * status (praksis_status), which says how good a plan is. */
typedef enum praksis_error {
    PRAKSIS_OK = 0,
    PRAKSIS_ERR_INPUT,    /* bad instance or scenario data */
    PRAKSIS_ERR_IO,       /* a file could not be read or written */
    PRAKSIS_ERR_NOMEM,    /* out of memory, or a size that would overflow */
    PRAKSIS_ERR_SOLVER,   /* GLPK failed in a way the engine cannot recover */
    PRAKSIS_ERR_INTERNAL, /* the engine's own re-check of a plan failed */
    PRAKSIS_ERR_USAGE,    /* an argument to a library call is invalid */
    PRAKSIS_ERR_COUNT
} praksis_error;

/* The fixed English text for an error code (never NULL). */
const char *praksis_error_string(praksis_error code);

/* How a solve ended. */
typedef enum praksis_status {
    PRAKSIS_STATUS_OPTIMAL = 0, /* all three levels proven optimal (cost level within mip_gap) */
    PRAKSIS_STATUS_FEASIBLE,    /* a valid plan, stopped by a limit or interruption */
} praksis_status;

/* Why a solve stopped early (PRAKSIS_STOP_NONE for a complete solve). */
typedef enum praksis_stop {
    PRAKSIS_STOP_NONE = 0,
    PRAKSIS_STOP_TIME_LIMIT,  /* time_limit seconds ran out: not reproducible */
    PRAKSIS_STOP_INTERRUPTED, /* the progress callback asked to stop */
} praksis_stop;

const char *praksis_status_string(praksis_status status);
const char *praksis_stop_string(praksis_stop stop);

/* Where an error or warning was found.  line and column are 1-based; 0
 * means "not applicable" (a whole file, a whole scenario key). */
typedef struct praksis_diag {
    char file[512];
    long line;
    long column;
    char message[1024];
} praksis_diag;

/* Warnings (for example an unknown CSV column, which is ignored). */
typedef void (*praksis_warn_fn)(void *user, const praksis_diag *warning);

/* ---------------------------------------------------------------- settings
 * The scenario.  Every field maps one-to-one to a scenario.json key and to
 * `praksis solve --set key=value`.  Defaults are those of
 * praksis_settings_init. */
typedef struct praksis_settings {
    double travel_rate;               /* 1500 kr per student-week beyond commuting distance */
    double supervision_rate;          /* 500 kr per student-week at a municipality */
    double hospital_supervision_rate; /* 0 kr per student-week at a hospital */
    double coordinator_cost;          /* 0 kr: fixed cost of a group without its own fixed_cost */
    double commute_km;                /* 60 km: farther than this is a relocated placement */
    double road_factor;               /* 1.3: road km = haversine km x this */
    int min_relocated_group;          /* 2: relocated students at a site and period: 0 or >= this */
    double municipal_share;           /* 0.5: target share where a programme gives none */
    char **programmes;                /* NULL = all programmes; else n_programmes ids */
    int n_programmes;
    double capacity_scale;            /* 1.0: places and supervisors x this, rounded down */
    double demand_scale;              /* 1.0: cohort sizes x this, rounded half up */
    double time_limit;                /* 60 s for the whole lexicographic solve */
    double mip_gap;                   /* 0: relative gap allowed on the cost level only */
} praksis_settings;

/* Fill *s with the documented defaults (all programmes included). */
void praksis_settings_init(praksis_settings *s);

/* Release what praksis_settings owns (the programme list) and reset to
 * defaults.  Safe on a settings struct that was only initialised. */
void praksis_settings_clear(praksis_settings *s);

/* Deep copy src into *dst (dst must be initialised; its old list is freed). */
praksis_error praksis_settings_copy(praksis_settings *dst, const praksis_settings *src);

/* Check every field's range.  On error fills *diag (file "scenario",
 * message naming the key) and returns PRAKSIS_ERR_INPUT. */
praksis_error praksis_settings_validate(const praksis_settings *s, praksis_diag *diag);

/* Merge a scenario JSON file into *s, key by key (later layers win).
 * Unknown keys, duplicate keys, keys in the wrong case and values of the
 * wrong type are errors. */
praksis_error praksis_settings_merge_file(praksis_settings *s, const char *path, praksis_diag *diag);

/* Merge a scenario given as JSON text; `name` is used in messages. */
praksis_error praksis_settings_merge_json(praksis_settings *s, const char *json, const char *name,
                                          praksis_diag *diag);

/* Set one key from text, as `--set key=value` does ("programmes" takes a
 * comma-separated list or "all"). */
praksis_error praksis_settings_set(praksis_settings *s, const char *key, const char *value,
                                   praksis_diag *diag);

/* ---------------------------------------------------------------- instance */
typedef struct praksis_instance praksis_instance;

/* Read an instance directory (sites.csv, campuses.csv, programmes.csv,
 * cohorts.csv, capacity.csv, optional distances.csv).  scenario.json is
 * not read here: the caller layers it (see praksis_settings_merge_file).
 * On error *out is NULL and *diag names file, line, column and what was
 * expected. */
praksis_error praksis_instance_load(const char *dir, praksis_warn_fn warn, void *user,
                                    praksis_instance **out, praksis_diag *diag);
void praksis_instance_free(praksis_instance *inst);

/* Sizes of an instance under a scenario, as `praksis check` prints them. */
typedef struct praksis_size {
    int sites, municipalities, hospitals, groups, campuses, institutions, programmes, periods;
    int cohorts;          /* included cohorts (scenario's programme filter applied) */
    long students;        /* included students, after demand_scale */
    double student_weeks; /* demanded student-weeks */
    double municipal_target_weeks; /* sum of share x demanded weeks */
    int capacity_rows;
    long pairs;           /* candidate (cohort, site) pairs */
    long relocated_pairs; /* candidate pairs beyond commuting distance */
    int rows, cols, integers; long nonzeros; /* the model GLPK is given */
} praksis_size;

/* Validate the instance against the scenario (references that only a
 * scenario can break, e.g. an unknown programme in `programmes`) and
 * compute its size without solving. */
praksis_error praksis_instance_size(const praksis_instance *inst, const praksis_settings *s,
                                    praksis_size *size, praksis_diag *diag);

/* ---------------------------------------------------------------- solve */
typedef struct praksis_progress {
    int level;          /* 1 unplaced weeks, 2 share deficit, 3 cost */
    double incumbent;   /* best objective of this level so far (HUGE_VAL if none) */
    double bound;       /* proven bound of this level; -HUGE_VAL while its LP relaxation is solved */
    double gap;         /* relative gap, or HUGE_VAL */
    double seconds;     /* since the solve started */
    long nodes;         /* branch-and-bound nodes so far in this level */
} praksis_progress;

/* Called now and then during a solve.  Return non-zero to stop: the best
 * plan found so far is kept and the result is PRAKSIS_STATUS_FEASIBLE
 * with stop PRAKSIS_STOP_INTERRUPTED.  It runs in the solving thread. */
typedef int (*praksis_progress_fn)(void *user, const praksis_progress *p);

typedef struct praksis_result praksis_result;

/* Solve the instance under the scenario.  Always yields a plan unless an
 * error is returned: everyone unplaced is the seed, so a solve stopped by
 * a limit returns the best plan found.  The plan is re-checked against the
 * data before it is returned (PRAKSIS_ERR_INTERNAL if it fails). */
praksis_error praksis_solve(const praksis_instance *inst, const praksis_settings *s,
                            praksis_progress_fn progress, void *user,
                            praksis_result **out, praksis_diag *diag);
void praksis_result_free(praksis_result *r);

/* Release the calling thread's GLPK environment.  Call it when a thread
 * that solved is done (each OpenMP worker after its task): GLPK keeps a
 * per-thread environment that is otherwise never freed. */
void praksis_thread_cleanup(void);

/* Key figures of a plan. */
typedef struct praksis_summary {
    praksis_status status;
    praksis_stop stop;
    double unplaced_weeks;      /* level 1 */
    double share_deficit_weeks; /* level 2 */
    double cost_travel, cost_supervision, cost_fixed, cost_total; /* level 3 = cost_total */
    long students, placed, unplaced, relocated_students;
    double student_weeks, placed_weeks, municipal_weeks, relocated_weeks;
    int municipalities_used, groups_used, sites_used;
    double seconds;             /* wall time of the whole solve */
    double gap;                 /* proven relative gap of the cost level */
    long nodes;                 /* branch-and-bound nodes over all levels */
    int levels_proven;          /* 0..3 */
    double level_seconds[3];    /* wall time of each level (LP and branch-and-bound) */
    long level_nodes[3];        /* branch-and-bound nodes of each level */
} praksis_summary;

void praksis_result_summary(const praksis_result *r, praksis_summary *out);

/* The municipal share of one (institution, programme) in a plan. */
typedef struct praksis_share {
    const char *institution, *programme; /* owned by the result */
    double target_share;    /* the programme's share, or the scenario's */
    double student_weeks;   /* demanded by its cohorts */
    double municipal_weeks; /* placed in municipalities */
    double deficit_weeks;   /* max(0, target_share x student_weeks - municipal_weeks) */
} praksis_share;

/* Number of (institution, programme) pairs with cohorts in the plan. */
int praksis_result_share_count(const praksis_result *r);

/* The i-th pair's share (0 <= i < praksis_result_share_count). */
void praksis_result_share(const praksis_result *r, int i, praksis_share *out);

typedef struct praksis_report_options praksis_report_options; /* defined with the report, below */

/* Write the plan into dir as one unit: assignments.csv, unplaced.csv,
 * site_use.csv, summary.json and, when html is not NULL, report.html
 * (praksis_result_write_html with those options).  The files are written
 * into a new directory beside dir, and only when all are complete is it
 * swapped with dir (renameat2 RENAME_EXCHANGE) and the old plan removed:
 * dir holds the old plan or the new one, never part of either, and any
 * error (a full disk, a write error) leaves it as it was.  Other entries
 * of dir (a sweep's directory, notes) are moved into the new one.  dir is
 * created if missing; an existing dir must be empty or hold a plan
 * (summary.json), else PRAKSIS_ERR_IO and nothing is touched. */
praksis_error praksis_result_write(const praksis_result *r, const char *dir, const praksis_report_options *html,
                                   praksis_diag *diag);

/* summary.json's text (caller frees with free()). */
char *praksis_result_summary_json(const praksis_result *r);

/* ---------------------------------------------------------------- export */
/* Write the instance and scenario as data for models/placement.mod. */
praksis_error praksis_export_dat(const praksis_instance *inst, const praksis_settings *s,
                                 const char *path, praksis_diag *diag);

typedef enum praksis_format { PRAKSIS_FORMAT_MPS = 0, PRAKSIS_FORMAT_LP } praksis_format;

/* Write the engine's own model for another solver: objective of `level`
 * (1..3); earlier levels bounded by opt[0..level-2] (+ the engine's
 * tolerance) when given (opt may be NULL for level 1). */
praksis_error praksis_export_model(const praksis_instance *inst, const praksis_settings *s,
                                   int level, const double *opt, praksis_format fmt,
                                   const char *path, praksis_diag *diag);

/* ---------------------------------------------------------------- sweep
 * A sweep solves many scenarios of one instance in parallel (OpenMP, one
 * GLPK problem per task) and compares them.  A sweep file is a JSON object:
 *
 *   {"description": "optional text",
 *    "base": {scenario keys},                         (optional)
 *    "scenarios": [{"name": "low", scenario keys...}, ...]}
 * or
 *   {"base": {...}, "grid": {"key": [value, ...], ...}}
 *
 * Exactly one of "scenarios" (a list of objects, each with a unique
 * non-empty "name"; the object form name -> overrides is rejected) and
 * "grid" (the cartesian product of the value lists, the first key varying
 * slowest; each scenario is named "key=value,key=value" in the grid's key
 * order).  Each scenario's settings are layered key by key: the caller's
 * `under` (built-ins < DIR/scenario.json) < base < the scenario's keys <
 * the caller's key=value overrides (--set).  Every scenario writes into a
 * directory named after it with characters other than [A-Za-z0-9._=+,@-]
 * and bytes >= 0x80 replaced by '_' (and a leading '.' too); names that
 * collide after that (ignoring ASCII case), or are "sweep.csv" or
 * "sweep.json", are errors. */
typedef struct praksis_sweep praksis_sweep;

/* Parse and check a sweep file without an instance: JSON syntax, keys,
 * value types and ranges, names and directories.  Errors name the file,
 * line and column of the offending key or value.  Nothing is solved. */
praksis_error praksis_sweep_load(const char *path, praksis_sweep **out, praksis_diag *diag);

/* Same from JSON text (name used in messages). */
praksis_error praksis_sweep_load_json(const char *json, const char *name, praksis_sweep **out,
                                      praksis_diag *diag);
void praksis_sweep_free(praksis_sweep *sw);

/* Number of scenarios, and each one's name and directory (owned by sw). */
int praksis_sweep_count(const praksis_sweep *sw);
const char *praksis_sweep_name(const praksis_sweep *sw, int i);
const char *praksis_sweep_dir(const praksis_sweep *sw, int i);

/* Build every scenario's settings on top of `under` (n_set key=value
 * overrides applied last, in order, as praksis_settings_set does) and
 * check each against the instance (praksis_instance_size), so that a bad
 * scenario is reported before anything is solved.  Errors in a scenario
 * name the sweep file and the scenario. */
praksis_error praksis_sweep_prepare(praksis_sweep *sw, const praksis_instance *inst,
                                    const praksis_settings *under, int n_set,
                                    const char *const *set_keys, const char *const *set_values,
                                    praksis_diag *diag);

/* Scenario i's layered settings (after praksis_sweep_prepare), or NULL. */
const praksis_settings *praksis_sweep_settings(const praksis_sweep *sw, int i);

typedef enum praksis_sweep_state {
    PRAKSIS_SWEEP_PENDING = 0, /* not run yet */
    PRAKSIS_SWEEP_SOLVED,      /* a plan was found and written (see summary.status/stop) */
    PRAKSIS_SWEEP_FAILED,      /* praksis_solve or writing the plan failed (error, diag) */
    PRAKSIS_SWEEP_SKIPPED,     /* not started because the sweep was stopped */
} praksis_sweep_state;

/* One scenario's outcome.  Pointers are owned by the sweep. */
typedef struct praksis_sweep_row {
    int index;                 /* position in the sweep file, 0-based */
    const char *name, *dir;
    praksis_sweep_state state;
    praksis_error error;       /* PRAKSIS_SWEEP_FAILED: what failed ... */
    praksis_diag diag;         /* ... and where */
    praksis_summary summary;   /* PRAKSIS_SWEEP_SOLVED: the plan's figures */
} praksis_sweep_row;

typedef struct praksis_sweep_hooks {
    /* Return non-zero to stop the sweep: running solves stop with their best
     * plan (status feasible, stop interrupted), scenarios not yet started are
     * skipped.  Called from every worker thread, concurrently: it must be
     * thread-safe (reading a volatile sig_atomic_t flag is). */
    int (*stop)(void *user);
    /* Called once per scenario as it finishes (or is skipped), in the
     * worker thread but never concurrently; `finished` counts 1..total. */
    void (*done)(void *user, int finished, int total, const praksis_sweep_row *row);
    void *user;
} praksis_sweep_hooks;

/* Solve every prepared scenario with an OpenMP parallel loop on `threads`
 * threads (<= 0: OpenMP's default), writing each plan into outdir/<dir>
 * (praksis_result_write).  Each scenario's GLPK problem is built, solved
 * and freed inside one task, and each task ends with
 * praksis_thread_cleanup() in its thread.  The calling thread takes part
 * in the loop, so it must hold no GLPK objects of its own.  inst is only
 * read.  One scenario failing does not stop the others: its row says why.
 * Returns an error only when the sweep could not run at all (not
 * prepared, outdir cannot be created). */
praksis_error praksis_sweep_run(praksis_sweep *sw, const praksis_instance *inst, const char *outdir,
                                int threads, const praksis_sweep_hooks *hooks, praksis_diag *diag);

/* Scenario i's outcome (0 <= i < praksis_sweep_count). */
void praksis_sweep_row_get(const praksis_sweep *sw, int i, praksis_sweep_row *out);

/* Write outdir/sweep.csv and outdir/sweep.json (temporary file + rename):
 * one row per scenario in sweep-file order with its parameters (every
 * scenario key), status, the three levels, cost by element, students
 * placed, relocated students, municipalities used, municipal share
 * achieved, nodes, gap and solve seconds.  Only the solve_seconds column
 * (sweep.json: solver.seconds) depends on timing. */
praksis_error praksis_sweep_write(const praksis_sweep *sw, const char *outdir, praksis_diag *diag);

/* sweep.json's text (caller frees with free()), or NULL when out of memory. */
char *praksis_sweep_json(const praksis_sweep *sw);

/* ---------------------------------------------------------------- finance
 * The financing alternatives of IS-2956 (ch. 5), from the municipal
 * practice weeks per programme (programs-2019.csv: code,
 * municipal_weeks_all_students, prioritised), and their counterpart when
 * the share of student-weeks needing travel support comes from a solved
 * plan instead of the report's one-third guess.
 *
 *   2A  per-week price, all programmes:  round10(admin/W + supervision + travel) x W
 *   2B  the same for the six prioritised programmes (W = their weeks)
 *   hybrid (all, six):  frame + K2020 + supervision x W + travel x share x W
 *
 * For 2A and 2B the report pays the travel rate with every week (share 1);
 * the planned variant pays it for the plan's relocated share only.  The
 * report rounds the per-week price to tens of kroner before multiplying
 * (1,419.1 + 2,000 -> 3,420; 1,704.4 + 2,000 -> 3,700); rounding to whole
 * kroner would give 825.8 instead of its 824.9 mill. kr for 2B. */
typedef struct praksis_finance_rates {
    double admin;        /* 380e6 kr a year: coordinators, research, development (2A, 2B) */
    double frame;        /* 350e6 kr: the hybrid model's frame */
    double k2020;        /* 30e6 kr: supervisor training (hybrid) */
    double supervision;  /* 500 kr per student-week */
    double travel;       /* 1,500 kr per student-week that needs travel and a second home */
    double travel_share; /* 1/3: the report's guess of the weeks that need it (hybrid) */
    double price_step;   /* 10 kr: the per-week price is rounded to a multiple of this (0: not rounded) */
} praksis_finance_rates;

/* Fill *r with the report's rates. */
void praksis_finance_rates_init(praksis_finance_rates *r);

typedef struct praksis_finance praksis_finance;

/* Read programs-2019.csv (or a file with the same columns).  Errors name
 * FILE:LINE:COLUMN. */
praksis_error praksis_finance_load(const char *programmes_csv, const praksis_finance_rates *rates,
                                   praksis_finance **out, praksis_diag *diag);
void praksis_finance_free(praksis_finance *f);

/* Read a solved plan (DIR/summary.json and DIR/assignments.csv, as
 * praksis_result_write writes them) and measure the relocated share of its
 * municipal student-weeks: over all its programmes, and over those marked
 * prioritised in the programme file.  The plan's municipal weeks must
 * match its summary.json.  Calling it again adds another plan (e.g. one
 * per region) and the shares are over all of them together; a failed call
 * drops every plan. */
praksis_error praksis_finance_add_plan(praksis_finance *f, const char *plan_dir, praksis_diag *diag);

typedef struct praksis_finance_plan_info {
    const char *dir, *status;          /* owned by f: "DIR + DIR ...", and "optimal" when every plan is */
    int plans;                         /* how many plans were added */
    double municipal_weeks, relocated_weeks, share;             /* all programmes of the plan */
    double municipal_weeks_six, relocated_weeks_six, share_six; /* prioritised ones (share -1: none) */
    int programmes, programmes_six;    /* programmes with municipal weeks in the plan */
    int programmes_unknown;            /* of those, not in the programme file */
} praksis_finance_plan_info;

/* 0 and *out filled when a plan was added, else -1. */
int praksis_finance_plan(const praksis_finance *f, praksis_finance_plan_info *out);

typedef struct praksis_finance_alt {
    const char *id;        /* "2A", "2B", "hybrid_all", "hybrid_six" */
    const char *title;
    int six;               /* 1: the six prioritised programmes */
    double weeks;          /* municipal student-weeks a year paid for */
    double travel_share;   /* share of those weeks paid the travel rate */
    double admin_per_week; /* 2A, 2B: admin / weeks (0 for the hybrid) */
    double price;          /* 2A, 2B: kr per week, rounded as the report does (0 for the hybrid) */
    double fixed;          /* kr: admin part of the price (2A, 2B) or frame + K2020 (hybrid) */
    double supervision, travel; /* kr: the variable elements */
    double total;          /* kr a year */
} praksis_finance_alt;

/* The four alternatives.  planned = 0: the report's assumptions;
 * planned = 1: travel share from the added plan (returns -1 without one;
 * an alternative whose programmes the plan lacks gets travel_share -1 and
 * total NAN). */
int praksis_finance_compute(const praksis_finance *f, int planned, praksis_finance_alt out[4]);

/* Both sets and the plan's figures as JSON (caller frees with free()). */
char *praksis_finance_json(const praksis_finance *f);

/* Totals of the programme file: weeks of all and of the prioritised programmes. */
void praksis_finance_weeks(const praksis_finance *f, int *n_all, double *weeks_all, int *n_six, double *weeks_six);

/* ---------------------------------------------------------------- report
 * report.html: the plan as one self-contained web page for the people who
 * use it in meetings (inline CSS, SVG and a small sorting script; nothing
 * is fetched, so it opens offline).  It holds a map of the municipalities
 * shaded by students placed (every municipality's shape carries
 * data-id="<site id>" and a <title> with its name and figures), the
 * municipal share per institution and programme against its target, cost
 * by element and per student-week beside the IS-2956 flat rates for the
 * same municipal weeks, the relocated students from campus to site, the
 * unplaced students per cohort with the reason the data give, and sortable
 * tables of site use and assignments. */
struct praksis_report_options {
    const char *lang;    /* "nb" (Norwegian bokmål; also when NULL) or "en" */
    const char *geojson; /* municipality polygons: a GeoJSON FeatureCollection whose features have a
                            "kommunenummer" (or "id") property matching the site ids.  NULL: look for
                            shared/data/norway/municipalities-simplified.geojson in the ancestors of the
                            instance directory and of the working directory, and draw points from
                            lat/lon when it is not found.  "": always points.  Municipalities whose id
                            is not in the file are drawn as points. */
    const char *title;   /* the heading; NULL: "Praksisplan: <region of the sites, or the instance
                            directory's name>" */
};

/* Write the plan as report.html to path (temporary file + rename).  opt
 * may be NULL (Norwegian, polygons looked for).  PRAKSIS_ERR_USAGE for a
 * language other than nb/en; PRAKSIS_ERR_IO or _INPUT when an explicitly
 * given geojson cannot be read or is not a FeatureCollection. */
praksis_error praksis_result_write_html(const praksis_result *r, const praksis_report_options *opt, const char *path,
                                        praksis_diag *diag);

/* Read back a plan that praksis_result_write wrote into dir (summary.json,
 * assignments.csv, unplaced.csv), for the instance it was solved on,
 * without solving again: the scenario comes from summary.json, the plan is
 * re-checked against the data (as after a solve) and its figures must
 * match summary.json.  A plan that does not fit the instance (unknown
 * cohort or pair, a broken constraint, other figures) is PRAKSIS_ERR_INPUT
 * with diag naming the file.  The solver record (status, time, nodes, gap)
 * is taken from summary.json.  Free with praksis_result_free. */
praksis_error praksis_result_read(const praksis_instance *inst, const char *dir, praksis_result **out,
                                  praksis_diag *diag);

/* One site's use in a plan, over all periods (strings owned by the result). */
typedef struct praksis_site_use {
    const char *id, *name;
    int hospital;             /* 1 for a hospital, 0 for a municipality */
    long students, relocated_students;
    double student_weeks;
} praksis_site_use;

/* Number of sites of the instance (used or not), and site i's use. */
int praksis_result_site_count(const praksis_result *r);
void praksis_result_site(const praksis_result *r, int i, praksis_site_use *out);

/* sweep.html: one chart per key figure (cost, relocated students,
 * municipalities used, unplaced students, municipal share) against the
 * varied parameter(s), and the scenario table, from the text of
 * sweep.json (praksis_sweep_json; `name` is used in messages).  With one
 * varied numeric parameter the charts are lines over it; with two, one
 * line per value of the second; otherwise bars per scenario.  Written to
 * path with a temporary file + rename.  opt: lang and title as above. */
praksis_error praksis_sweep_write_html(const char *sweep_json, const char *name, const praksis_report_options *opt,
                                       const char *path, praksis_diag *diag);

#ifdef __cplusplus
}
#endif
#endif
