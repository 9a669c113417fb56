/*
 * praksis.h - the one public header of the praksis placement engine.
 *
 * Pipeline: load an instance (praksis_instance) -> prepare it under a
 * scenario (praksis_settings -> praksis_problem) -> solve it
 * lexicographically with GLPK (praksis_result: the plan, its figures and
 * the solve information) -> write the plan.  Sweeps solve many scenarios.
 * Extensions have headers of their own: praksis_finance.h (the IS-2956
 * financing alternatives) and praksis_report.h (report.html, sweep.html).
 *
 * The library never prints, never exits and never handles signals: errors
 * come back as codes plus a praksis_diag, and progress goes through a
 * callback whose return value can stop the solve.  Every handle has a
 * create/free pair; every free function accepts NULL.
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
    PRAKSIS_ERR_NOPLAN,   /* a limit or an interruption stopped the solve before any plan met
                             the agreed placements and minimum intakes: there is no plan */
    PRAKSIS_ERR_COUNT
} praksis_error;

/* The fixed English text for an error code (never NULL). */
const char *praksis_error_string(praksis_error code);

/* How a solve ended. */
typedef enum praksis_status {
    PRAKSIS_STATUS_OPTIMAL = 0, /* all four levels proven optimal (cost level within mip_gap) */
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
    int shortest_moves;               /* 1: the fourth level, shortest relocations; 0 skips it */
    /* An engine knob, for tests and benchmarks more than for planners:
     * above this many candidate pairs a level's LP starts from a subset of
     * the placements and prices in the rest (default 10,000; 0 prices every
     * instance).  It changes the speed, never the levels. */
    int pricing_min_pairs;
    double change_cost;               /* 0 kr per student more or fewer than previous.csv at a
                                         (site, programme[, period]), at the cost level; 0: off */
    int honour_minimums;              /* 1: capacity rows' min_students are hard; 0 ignores them */
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

/* ---------------------------------------------------------------- instance
 * Lifetimes: an instance must outlive every problem made from it, and a
 * problem every result made from it.  Strings that results and accessors
 * hand out (ids, names, labels) belong to the instance. */
typedef struct praksis_instance praksis_instance;

/* Read an instance: a directory of CSV files (sites.csv, campuses.csv,
 * programmes.csv, cohorts.csv, capacity.csv, optional distances.csv,
 * students.csv, fixed.csv and previous.csv), or
 * one .xlsx workbook with a sheet per table (sites, campuses, ...) and an
 * optional scenario sheet.  The instance's own scenario is not applied
 * here: the caller layers it (praksis_instance_scenario).  On error *out
 * is NULL and *diag names file, line and column, or workbook, sheet and
 * cell ("plan.xlsx:capacity!D14" as diag->file), and what was expected.
 * Free with praksis_instance_free. */
praksis_error praksis_instance_load(const char *path, praksis_warn_fn warn, void *user,
                                    praksis_instance **out, praksis_diag *diag);
void praksis_instance_free(praksis_instance *inst);

/* Merge the instance's own scenario into *s: DIR/scenario.json, or the
 * workbook's scenario sheet (a header "key, value" and one row per key;
 * numbers as numbers or text, programmes as "all" or ids separated by
 * commas).  Nothing when there is none.  The same keys and rules as a
 * scenario file; on error *s is unchanged and *diag names the file or the
 * sheet's cell. */
praksis_error praksis_instance_scenario(const praksis_instance *inst, praksis_settings *s, praksis_diag *diag);

/* Write the instance at src (a directory or a workbook) as a workbook at
 * xlsx_path: a sheet per table with its header row frozen, ids and other
 * text as text (0301 stays 0301), numbers as numbers, and the scenario
 * sheet from its scenario.  src is loaded and checked first; a bad
 * instance writes nothing.  warn gets the loader's warnings. */
praksis_error praksis_instance_template(const char *src, const char *xlsx_path, praksis_warn_fn warn, void *user,
                                        praksis_diag *diag);

/* Compare plans with an earlier plan instead of the instance's
 * previous.csv: dir/assignments.csv as praksis_result_write wrote it (for
 * this instance), its students summed per (site, programme, period).  On
 * error the instance keeps what it had and *diag names the file and cell. */
praksis_error praksis_instance_previous_plan(praksis_instance *inst, const char *dir, praksis_diag *diag);

/* ---------------------------------------------------------------- problem
 * A prepared problem: an instance under one scenario, checked, with its
 * candidate pairs, distances and costs computed once.  `check`, `export`,
 * the preparation of a sweep and `solve` all start from one, as OSQP's
 * setup comes before its solve.  The MIP itself is built when a solve or
 * an export first needs it, and kept.  A problem is used by one thread at
 * a time; different problems may be solved in parallel. */
typedef struct praksis_problem praksis_problem;

/* Check the settings and the instance under them (references that only a
 * scenario can break, e.g. an unknown programme in `programmes`) and
 * prepare the problem.  The settings are copied; inst is borrowed and must
 * outlive the problem.  Free with praksis_problem_free. */
praksis_error praksis_problem_create(const praksis_instance *inst, const praksis_settings *s,
                                     praksis_problem **out, praksis_diag *diag);
void praksis_problem_free(praksis_problem *p);

/* The scenario the problem was prepared under (owned by p). */
const praksis_settings *praksis_problem_settings(const praksis_problem *p);

/* Data that is valid but cannot matter under the scenario, found when the
 * problem is prepared: capacity rows for a (programme, period) that no
 * cohort has (with the nearest period label when one is a slip away:
 * "P 2" for "P2"), sites without a capacity row, campuses without a cohort,
 * programmes with neither, and cohorts with no candidate site.  Each is one
 * warning naming the file and its first line; rows of one kind are
 * grouped.  Programmes the scenario leaves out get none.  The warnings
 * belong to p (summary.json lists them too). */
int praksis_problem_warning_count(const praksis_problem *p);
const praksis_diag *praksis_problem_warning(const praksis_problem *p, int i);

/* Sizes of a problem, as `praksis check` prints them. */
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
    int fixed_rows; long fixed_students;     /* agreed placements in the scenario */
    int minimum_rows; long minimum_students; /* honoured minimum intakes */
    int previous_rows;                       /* rows of the previous plan (0: none) */
} praksis_size;

/* The sizes, the model's counted without building it. */
praksis_error praksis_problem_size(const praksis_problem *p, praksis_size *size, praksis_diag *diag);

/* ---------------------------------------------------------------- solve */
typedef struct praksis_progress {
    int level;          /* 1 unplaced weeks, 2 share deficit, 3 cost, 4 relocated student-km;
                           0 while looking for a first plan that meets the agreed placements
                           and minimums */
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

/* A plan: the students of every candidate pair, its figures and how the
 * solve that made it went. */
typedef struct praksis_result praksis_result;

/* Solve the problem lexicographically.  Always yields a plan unless an
 * error is returned.  The first plan is everyone unplaced; with agreed
 * placements or minimum intakes it is one that meets them, from the greedy
 * heuristic or a phase-one solve that minimises their shortfall.  When
 * none can exist that is PRAKSIS_ERR_INPUT, with diag naming the rows in
 * conflict; when a limit stops the search for one first, PRAKSIS_ERR_NOPLAN.
 * Once a plan exists a solve stopped by a limit returns the best plan found.
 * The plan is re-checked against the data before it is returned
 * (PRAKSIS_ERR_INTERNAL if it fails).  The result borrows p, which must
 * outlive it.  Free with praksis_result_free. */
praksis_error praksis_problem_solve(praksis_problem *p, praksis_progress_fn progress, void *user,
                                    praksis_result **out, praksis_diag *diag);

/* praksis_problem_create and praksis_problem_solve in one call; the result
 * owns the problem it made (inst must still outlive the result). */
praksis_error praksis_solve(const praksis_instance *inst, const praksis_settings *s,
                            praksis_progress_fn progress, void *user,
                            praksis_result **out, praksis_diag *diag);
void praksis_result_free(praksis_result *r);

/* Release the calling thread's GLPK environment.  Call it when a thread
 * that solved is done (each OpenMP worker after its task): GLPK keeps a
 * per-thread environment that is otherwise never freed. */
void praksis_thread_cleanup(void);

/* The figures of a plan, recomputed from its placements and the data
 * alone (never from solver variables). */
typedef struct praksis_figures {
    double unplaced_weeks;      /* level 1 */
    double share_deficit_weeks; /* level 2 */
    double cost_travel, cost_supervision, cost_fixed, cost_total; /* level 3 = cost_total */
    long students, placed, unplaced, relocated_students;
    double student_weeks, placed_weeks, municipal_weeks, relocated_weeks;
    double municipal_target_weeks; /* sum over institutions and programmes of share x demand */
    double municipal_share;        /* municipal_weeks / student_weeks (0 without demand) */
    double cost_per_placed_week;   /* cost_total / placed_weeks (0 when nobody is placed) */
    int municipalities_used, groups_used, sites_used;
    /* agreements: a solved plan meets every fixed row and minimum */
    int fixed_rows, fixed_met;         /* agreed placements (fixed.csv) in the scenario, and those met */
    long fixed_students;
    int minimum_rows, minimums_met;    /* honoured minimum intakes (capacity.csv), and those met */
    long minimum_students;
    /* against the previous plan, per (site, programme[, period]); all 0 without one */
    int has_previous;
    long previous_students;            /* in the scenario's programmes */
    long students_added, students_removed; /* more / fewer than the previous plan, summed over rows */
    long students_kept;                /* sum of min(plan, previous) */
    double kept_share;                 /* students_kept / previous_students (0 without any) */
    int rows_changed;                  /* rows whose students differ */
    int municipalities_lost, municipalities_new; /* had students and now none; none and now some */
    double change_penalty;             /* change_cost x (added + removed): the cost level is
                                          cost_total + change_penalty */
    double relocated_km;        /* level 4: student-km of relocated placements, each from the
                                   nearer of the student's campus and home */
    long listed_students;       /* students of included cohorts listed in students.csv */
    long placed_at_home;        /* students placed in their home municipality */
    long cannot_relocate, cannot_relocate_placed; /* students who cannot relocate, and those placed */
} praksis_figures;

void praksis_result_figures(const praksis_result *r, praksis_figures *out);

/* How the solve went, kept apart from what the plan is. */
#define PRAKSIS_LEVELS 4
typedef struct praksis_solve_info {
    praksis_status status;
    praksis_stop stop;
    double seconds;             /* wall time of the whole solve */
    double gap;                 /* proven relative gap of the cost level; -1 when none is known */
    long nodes;                 /* branch-and-bound nodes over all levels */
    int levels_proven;          /* 0..PRAKSIS_LEVELS */
    double level_seconds[PRAKSIS_LEVELS]; /* wall time of each level (LP and branch-and-bound) */
    long level_nodes[PRAKSIS_LEVELS];     /* branch-and-bound nodes of each level */
} praksis_solve_info;

void praksis_result_info(const praksis_result *r, praksis_solve_info *out);

/* The municipal share of one (institution, programme) in a plan. */
typedef struct praksis_share {
    const char *institution, *programme; /* owned by the instance */
    double target_share;    /* the programme's share, or the scenario's */
    double student_weeks;   /* demanded by its cohorts */
    double municipal_weeks; /* placed in municipalities */
    double share;           /* municipal_weeks / student_weeks (0 without demand) */
    double deficit_weeks;   /* max(0, target_share x student_weeks - municipal_weeks) */
} praksis_share;

/* Number of (institution, programme) pairs with cohorts in the plan. */
int praksis_result_share_count(const praksis_result *r);

/* The i-th pair's share (0 <= i < praksis_result_share_count). */
void praksis_result_share(const praksis_result *r, int i, praksis_share *out);

/* One site's use in a plan, over all periods (strings owned by the instance). */
typedef struct praksis_site_use {
    const char *id, *name;
    int hospital;             /* 1 for a hospital, 0 for a municipality */
    long students, relocated_students;
    double student_weeks;
} praksis_site_use;

/* Number of sites of the instance (used or not), and site i's use. */
int praksis_result_site_count(const praksis_result *r);
void praksis_result_site(const praksis_result *r, int i, praksis_site_use *out);

/* A file written into a plan's directory together with the plan's own, in
 * the same swap (report.html from praksis_report.h, for example): write
 * puts it at path. */
typedef struct praksis_plan_extra {
    const char *name; /* file name inside the plan directory */
    praksis_error (*write)(const praksis_result *r, const char *path, const void *user, praksis_diag *diag);
    const void *user;
} praksis_plan_extra;

/* Write the plan into dir as one unit: assignments.csv, unplaced.csv,
 * site_use.csv, summary.json (changes.csv when the instance has a previous
 * plan) and the n_extra extra files.  The files are
 * written into a new directory beside dir, and only when all are complete
 * is it swapped with dir (renameat2 RENAME_EXCHANGE) and the old plan
 * removed: dir holds the old plan or the new one, never part of either,
 * and any error (a full disk, a write error) leaves it as it was.  Other
 * entries of dir (a sweep's directory, notes) are moved into the new one.
 * dir is created if missing; an existing dir must be empty or hold a plan
 * (summary.json), else PRAKSIS_ERR_IO and nothing is touched. */
praksis_error praksis_result_write(const praksis_result *r, const char *dir, const praksis_plan_extra *extra,
                                   int n_extra, praksis_diag *diag);

/* summary.json's text (caller frees with free()), NULL when out of memory. */
char *praksis_result_summary_json(const praksis_result *r);

/* Read back a plan that praksis_result_write wrote into dir (summary.json,
 * assignments.csv, unplaced.csv), for the instance it was solved on,
 * without solving again: the scenario comes from summary.json, the plan is
 * re-checked against the data (as after a solve) and its figures must
 * match summary.json.  A plan that does not fit the instance (unknown
 * cohort or pair, a broken constraint, other figures) is PRAKSIS_ERR_INPUT
 * with diag naming the file.  The solve information (status, time, nodes,
 * gap) is taken from summary.json.  The result owns the problem it
 * prepared; inst must outlive it.  Free with praksis_result_free. */
praksis_error praksis_result_read(const praksis_instance *inst, const char *dir, praksis_result **out,
                                  praksis_diag *diag);

/* The instance the plan in dir was solved from, as its summary.json
 * records it ("instance": the directory or workbook path given to
 * praksis_instance_load), in *out (caller frees with free()); *out is NULL
 * when summary.json names none (a plan written before it did).
 * PRAKSIS_ERR_IO, with diag at the "instance" key, when it is not there
 * any more (a relative path is taken from the working directory). */
praksis_error praksis_result_instance(const char *dir, char **out, praksis_diag *diag);

/* ---------------------------------------------------------------- export */
/* Write the problem as data for models/placement.mod. */
praksis_error praksis_problem_export_dat(const praksis_problem *p, const char *path, praksis_diag *diag);

typedef enum praksis_format { PRAKSIS_FORMAT_MPS = 0, PRAKSIS_FORMAT_LP } praksis_format;

/* Write the engine's own model for another solver: objective of `level`
 * (1..3); earlier levels bounded by opt[0..level-2] (+ the engine's
 * tolerance) when given (opt may be NULL for level 1).  Builds the model
 * if no solve or export has yet. */
praksis_error praksis_problem_export_model(praksis_problem *p, int level, const double *opt, praksis_format fmt,
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
 * prepare each against the instance (praksis_problem_create), so that a bad
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
    PRAKSIS_SWEEP_SOLVED,      /* a plan was found and written (see info.status, info.stop) */
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
    praksis_figures figures;   /* PRAKSIS_SWEEP_SOLVED: the plan's figures ... */
    praksis_solve_info info;   /* ... and how its solve went */
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

/* Extra files of every scenario's plan directory (praksis_result_write's
 * extras: plan.xlsx, say), written in the same swap by the thread that
 * solved the scenario, concurrently with other scenarios'.  extra must
 * outlive the runs.  None unless set. */
void praksis_sweep_set_extras(praksis_sweep *sw, const praksis_plan_extra *extra, int n_extra);

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

/* Read back the sweep whose sweep.json praksis_sweep_write wrote into dir:
 * every scenario's name, directory, settings, state and outcome (figures,
 * solve record, municipal shares, or what failed).  Such a sweep is for
 * looking at (praksis_sweep_row_get, praksis_sweep_json, sweep.html): it
 * cannot be prepared or run again.  Errors name sweep.json's line and
 * column.  Free with praksis_sweep_free. */
praksis_error praksis_sweep_read(const char *dir, praksis_sweep **out, praksis_diag *diag);

/* sweep.json's text (caller frees with free()), or NULL when out of memory. */
char *praksis_sweep_json(const praksis_sweep *sw);

#ifdef __cplusplus
}
#endif
#endif
