/* Unit tests of sweep.c: parsing and positions, grid order and names,
 * layering, the parallel run (rows in file order, the instance untouched)
 * and finance.c's arithmetic. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "praksis_finance.h"
#include "praksis_report.h"
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a over every field of the instance, strings included: a task that
 * wrote into the shared instance would change it. */
static uint64_t h_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}
static uint64_t h_str(uint64_t h, const char *s) { return s ? h_bytes(h, s, strlen(s) + 1) : h_bytes(h, "", 1); }

static uint64_t instance_hash(const praksis_instance *I)
{
    uint64_t h = 1469598103934665603ULL;
    h = h_str(h, I->dir);
    for (int i = 0; i < I->n_sites; i++) {
        const site *s = &I->sites[i];
        h = h_str(h_str(h_str(h, s->id), s->name), s->region);
        h = h_bytes(h, &s->kind, sizeof s->kind);
        h = h_bytes(h, &s->lat, sizeof s->lat);
        h = h_bytes(h, &s->lon, sizeof s->lon);
        h = h_bytes(h, &s->group, sizeof s->group);
    }
    for (int i = 0; i < I->n_groups; i++) {
        h = h_str(h, I->groups[i].id);
        h = h_bytes(h, &I->groups[i].has_fixed, sizeof(int));
        h = h_bytes(h, &I->groups[i].fixed_cost, sizeof(double));
    }
    for (int i = 0; i < I->n_campuses; i++) {
        const campus *c = &I->campuses[i];
        h = h_str(h_str(h_str(h, c->id), c->institution), c->name);
        h = h_bytes(h, &c->lat, sizeof c->lat);
        h = h_bytes(h, &c->lon, sizeof c->lon);
        h = h_bytes(h, &c->inst, sizeof c->inst);
    }
    for (int i = 0; i < I->n_institutions; i++) h = h_str(h, I->institutions[i]);
    for (int i = 0; i < I->n_programmes; i++) {
        const programme *p = &I->programmes[i];
        h = h_str(h_str(h_str(h_str(h, p->id), p->name), p->name_nb), p->name_en);
        h = h_bytes(h, &p->has_share, sizeof p->has_share);
        h = h_bytes(h, &p->share, sizeof p->share);
        h = h_bytes(h, &p->ratio, sizeof p->ratio);
    }
    for (int i = 0; i < I->n_cohorts; i++) {
        const cohort *c = &I->cohorts[i];
        h = h_str(h, c->id);
        h = h_bytes(h, &c->campus, sizeof(int) * 3);
        h = h_bytes(h, &c->students, sizeof c->students);
        h = h_bytes(h, &c->weeks, sizeof c->weeks);
    }
    for (int i = 0; i < I->n_periods; i++) h = h_str(h, I->periods[i]);
    for (int i = 0; i < I->n_cap; i++) {
        const caprow *c = &I->cap[i];
        h = h_bytes(h, &c->site, sizeof(int) * 3);
        h = h_bytes(h, &c->places, sizeof c->places);
        h = h_bytes(h, &c->supervisors, sizeof c->supervisors);
    }
    for (int i = 0; i < I->n_dist; i++) {
        h = h_bytes(h, &I->dist[i].campus, sizeof(int) * 2);
        h = h_bytes(h, &I->dist[i].km, sizeof(double));
    }
    return h;
}

/* A file's bytes (caller frees), or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf) buf[n] = 0;
    return buf;
}

/* The sweep read back from dir/sweep.json gives sweep.json's text again,
 * the same rows and the same sweep.html as the sweep itself. */
static void read_back_same(const praksis_sweep *sw, const praksis_instance *I, const char *dir, const char *json)
{
    praksis_sweep *back = NULL;
    praksis_diag d = {0};
    CHECK(praksis_sweep_read(dir, &back, &d) == PRAKSIS_OK, "sweep.json reads back: %s", d.message);
    if (!back) return;
    char *again = praksis_sweep_json(back);
    CHECK(again && json && !strcmp(again, json), "read back, it gives sweep.json's text again");
    free(again);
    int rows_same = praksis_sweep_count(back) == praksis_sweep_count(sw);
    for (int i = 0; rows_same && i < praksis_sweep_count(sw); i++) {
        praksis_sweep_row a, b;
        praksis_sweep_row_get(sw, i, &a);
        praksis_sweep_row_get(back, i, &b);
        rows_same = a.state == b.state && !strcmp(a.name, b.name) && !strcmp(a.dir, b.dir) &&
                    a.figures.placed == b.figures.placed && a.figures.municipalities_used == b.figures.municipalities_used &&
                    fabs(a.figures.cost_total - b.figures.cost_total) <= 1e-6;
    }
    CHECK(rows_same, "read back, its rows are the sweep's");
    char p1[4200], p2[4200];
    snprintf(p1, sizeof p1, "%s/solved.html", dir);
    snprintf(p2, sizeof p2, "%s/read.html", dir);
    praksis_report_options ro = {.lang = "en"};
    CHECK(praksis_sweep_write_html(sw, &ro, p1, &d) == PRAKSIS_OK && praksis_sweep_write_html(back, &ro, p2, &d) == PRAKSIS_OK,
          "sweep.html from the sweep and from its sweep.json: %s", d.message);
    char *h1 = slurp(p1), *h2 = slurp(p2);
    CHECK(h1 && h2 && strlen(h1) > 1000 && !strcmp(h1, h2), "sweep.html is the same both ways (%zu bytes)", h1 ? strlen(h1) : 0);
    free(h1);
    free(h2);
    praksis_settings under;
    praksis_settings_init(&under);
    CHECK(praksis_sweep_prepare(back, I, &under, 0, NULL, NULL, &d) == PRAKSIS_ERR_USAGE,
          "a sweep read back cannot be prepared again");
    praksis_sweep_free(back);
}

typedef struct seen {
    int n, order[64];
} seen;

static void on_done(void *user, int finished, int total, const praksis_sweep_row *row)
{
    seen *s = user;
    if (s->n < 64) s->order[s->n++] = row->index;
    (void)finished;
    (void)total;
}

static int always_stop(void *user)
{
    (void)user;
    return 1;
}

int main(void)
{
    praksis_sweep *sw = NULL;
    praksis_diag d = {0};

    /* ---- a scenario list */
    const char *list = "{\n"
                       "  \"description\": \"test\",\n"
                       "  \"base\": {\"commute_km\": 50, \"travel_rate\": 1400},\n"
                       "  \"scenarios\": [\n"
                       "    {\"name\": \"base line\"},\n"
                       "    {\"name\": \"cheap/travel\", \"travel_rate\": 1300, \"supervision_rate\": 999},\n"
                       "    {\"name\": \"FYS only\", \"programmes\": [\"FYS\"]}\n"
                       "  ]\n"
                       "}\n";
    CHECK(praksis_sweep_load_json(list, "list.json", &sw, &d) == PRAKSIS_OK, "a scenario list loads: %s", d.message);
    CHECK(praksis_sweep_count(sw) == 3, "three scenarios");
    CHECK(!strcmp(praksis_sweep_name(sw, 1), "cheap/travel") && !strcmp(praksis_sweep_dir(sw, 1), "cheap_travel"),
          "unsafe characters in a name become '_' in its directory (%s)", praksis_sweep_dir(sw, 1));
    CHECK(!strcmp(praksis_sweep_dir(sw, 0), "base_line"), "a space becomes '_'");
    CHECK(praksis_sweep_settings(sw, 0) == NULL, "no settings before prepare");

    /* layering: built-in < DIR/scenario.json < base < scenario < --set */
    praksis_instance *I = NULL;
    CHECK(praksis_instance_load("instances/tiny", NULL, NULL, &I, &d) == PRAKSIS_OK, "load instances/tiny");
    praksis_settings under;
    praksis_settings_init(&under);
    CHECK(praksis_settings_merge_file(&under, "instances/tiny/scenario.json", &d) == PRAKSIS_OK, "tiny's scenario.json");
    const char *keys[] = {"supervision_rate"}, *vals[] = {"450"};
    CHECK(praksis_sweep_prepare(sw, I, &under, 1, keys, vals, &d) == PRAKSIS_OK, "prepare: %s", d.message);
    const praksis_settings *s0 = praksis_sweep_settings(sw, 0), *s1 = praksis_sweep_settings(sw, 1),
                           *s2 = praksis_sweep_settings(sw, 2);
    CHECK(s0 && s0->coordinator_cost == 1200 && s0->municipal_share == 0.6, "DIR/scenario.json over the built-ins");
    CHECK(s0->commute_km == 50 && s0->travel_rate == 1400, "base over DIR/scenario.json");
    CHECK(s1->travel_rate == 1300 && s1->commute_km == 50, "scenario keys over base, base keys kept");
    CHECK(s0->supervision_rate == 450 && s1->supervision_rate == 450, "--set over the scenario's own key");
    CHECK(s0->road_factor == 1.3 && s0->mip_gap == 0, "built-ins where no layer speaks");
    CHECK(s2->programmes && s2->n_programmes == 1 && !strcmp(s2->programmes[0], "FYS") && !s0->programmes,
          "a programme list in one scenario only");

    /* the parallel run: rows in file order, the instance untouched */
    uint64_t before = instance_hash(I);
    char tmpl[] = "/tmp/praksis-sweep-XXXXXX";
    char *tmp = mkdtemp(tmpl);
    CHECK(tmp != NULL, "temporary directory");
    seen order = {0};
    praksis_sweep_hooks hooks = {NULL, on_done, &order};
    CHECK(praksis_sweep_run(sw, I, tmp, 2, &hooks, &d) == PRAKSIS_OK, "run on 2 threads: %s", d.message);
    CHECK(instance_hash(I) == before, "the shared instance is byte-for-byte unchanged after the parallel solves");
    CHECK(order.n == 3, "done called once per scenario (%d)", order.n);
    int all_solved = 1;
    for (int i = 0; i < 3; i++) {
        praksis_sweep_row r;
        praksis_sweep_row_get(sw, i, &r);
        all_solved &= r.index == i && r.state == PRAKSIS_SWEEP_SOLVED && r.info.status == PRAKSIS_STATUS_OPTIMAL;
    }
    CHECK(all_solved, "every row solved to optimality, indexed in file order");
    praksis_sweep_row r0;
    praksis_sweep_row_get(sw, 2, &r0);
    CHECK(r0.figures.students == 5, "the FYS-only scenario places FYS's 5 students only (%ld)", r0.figures.students);
    CHECK(praksis_sweep_write(sw, tmp, &d) == PRAKSIS_OK, "write sweep.csv and sweep.json");
    char path[4200];
    snprintf(path, sizeof path, "%s/sweep.csv", tmp);
    FILE *f = fopen(path, "r");
    char line[8192];
    int rows = 0, in_order = 1;
    const char *want[] = {"base line,", "cheap/travel,", "FYS only,"};
    if (f) {
        if (fgets(line, sizeof line, f)) {
            CHECK(!strncmp(line, "name,travel_rate,", 17) && strstr(line, ",solve_seconds\n"),
                  "sweep.csv header starts with name and the keys, ends with solve_seconds");
        }
        while (fgets(line, sizeof line, f)) {
            if (rows < 3 && strncmp(line, want[rows], strlen(want[rows]))) in_order = 0;
            rows++;
        }
        fclose(f);
    }
    CHECK(rows == 3 && in_order, "sweep.csv has the three rows in sweep-file order");
    snprintf(path, sizeof path, "%s/cheap_travel/assignments.csv", tmp);
    f = fopen(path, "r");
    CHECK(f != NULL, "each scenario's plan is in OUTDIR/<dir>/");
    if (f) fclose(f);
    char *json = praksis_sweep_json(sw);
    CHECK(json && strstr(json, "\"cheap/travel\"") && strstr(json, "\"cheap_travel\""), "sweep.json names and directories");
    read_back_same(sw, I, tmp, json);
    free(json);
    praksis_sweep_free(sw);
    sw = NULL;

    /* a stop before the start skips everything */
    CHECK(praksis_sweep_load_json("{\"scenarios\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}", "s.json", &sw, &d) == PRAKSIS_OK,
          "two scenarios");
    praksis_sweep_prepare(sw, I, &under, 0, NULL, NULL, &d);
    praksis_sweep_hooks stop_hooks = {always_stop, NULL, NULL};
    CHECK(praksis_sweep_run(sw, I, tmp, 2, &stop_hooks, &d) == PRAKSIS_OK, "a stopped sweep still returns");
    praksis_sweep_row_get(sw, 1, &r0);
    CHECK(r0.state == PRAKSIS_SWEEP_SKIPPED, "a scenario not started before the stop is skipped");
    CHECK(praksis_sweep_write(sw, tmp, &d) == PRAKSIS_OK, "a stopped sweep's sweep.json is written");
    json = praksis_sweep_json(sw);
    read_back_same(sw, I, tmp, json);
    free(json);
    praksis_sweep_free(sw);
    sw = NULL;

    /* ---- a grid: cartesian product, first key slowest, named from values */
    const char *grid = "{\"grid\": {\"capacity_scale\": [0.8, 1], \"travel_rate\": [1250, 1500.5],\n"
                       " \"programmes\": [\"all\", [\"SYK\", \"FYS\"]]}}";
    CHECK(praksis_sweep_load_json(grid, "grid.json", &sw, &d) == PRAKSIS_OK, "a grid loads: %s", d.message);
    CHECK(praksis_sweep_count(sw) == 8, "2 x 2 x 2 = 8 scenarios");
    CHECK(!strcmp(praksis_sweep_name(sw, 0), "capacity_scale=0.8,travel_rate=1250,programmes=all"), "first name: %s",
          praksis_sweep_name(sw, 0));
    CHECK(!strcmp(praksis_sweep_name(sw, 1), "capacity_scale=0.8,travel_rate=1250,programmes=SYK+FYS"),
          "the last key varies fastest: %s", praksis_sweep_name(sw, 1));
    CHECK(!strcmp(praksis_sweep_name(sw, 7), "capacity_scale=1,travel_rate=1500.5,programmes=SYK+FYS"), "last name: %s",
          praksis_sweep_name(sw, 7));
    praksis_sweep_free(sw);
    sw = NULL;

    /* ---- errors name file, line and column */
    struct {
        const char *json, *what;
        long line, col;
    } bad[] = {
        {"{\"scenarios\": {\"a\": {}}}", "list of objects", 1, 15},
        {"{\"scenarios\": []}", "at least one", 1, 15},
        {"{\"scenarios\": [{\"name\": \"a\"},\n {\"name\": \"a\"}]}", "not used before", 2, 11},
        {"{\"scenarios\": [{\"name\": \"x/y\"}, {\"name\": \"x_y\"}]}", "collides", 1, 42},
        {"{\"scenarios\": [{\"name\": \"a\", \"travl_rate\": 1}]}", "unknown key", 1, 30},
        {"{\"base\": {\"commute_km\": \"far\"}, \"scenarios\": [{\"name\": \"a\"}]}", "commute_km", 1, 11},
        {"{\"grid\": {}}", "at least one key", 1, 10},
        {"{\"grid\": {\"travel_rate\": []}}", "non-empty list", 1, 26},
        {"{\"grid\": {\"travel_rate\": [1, -1]}}", "travel_rate", 1, 30},
        {"{\"grid\": {\"travel_rate\": [1]}, \"scenarios\": [{\"name\": \"a\"}]}", "found both", 0, 0},
        {"{\"base\": {}}", "neither", 1, 1},
        {"{\"scenarios\": [{\"name\": \"a\"}]", "malformed", 1, 0},
        {"{\"scenarios\": [{\"name\": \"a\"}], \"Grid\": 1}", "case-sensitive", 1, 32},
        {"{\"scenarios\": [{\"name\": \"a\", \"mip_gap\": 0,\n  \"mip_gap\": 0.1}]}", "twice", 2, 3},
        {"{\"scenarios\": [{\"name\": \"sweep.json\"}]}", "sweep.csv, sweep.json, sweep.xlsx and sweep.html", 1, 25},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        praksis_diag e = {0};
        praksis_error rc = praksis_sweep_load_json(bad[i].json, "bad.json", &sw, &e);
        CHECK(rc == PRAKSIS_ERR_INPUT && !sw && !strcmp(e.file, "bad.json") && strstr(e.message, bad[i].what) &&
                  (bad[i].line == 0 || e.line == bad[i].line) && (bad[i].col == 0 || e.column == bad[i].col),
              "bad sweep %zu: %s:%ld:%ld: %s", i + 1, e.file, e.line, e.column, e.message);
    }
    /* a scenario the instance rejects is reported before anything runs */
    CHECK(praksis_sweep_load_json("{\"scenarios\": [{\"name\": \"ok\"},\n {\"name\": \"bad\", \"programmes\": [\"NOPE\"]}]}",
                                  "p.json", &sw, &d) == PRAKSIS_OK,
          "an unknown programme id parses");
    CHECK(praksis_sweep_prepare(sw, I, &under, 0, NULL, NULL, &d) == PRAKSIS_ERR_INPUT && d.line == 2 &&
              strstr(d.message, "scenario \"bad\"") && strstr(d.message, "NOPE"),
          "prepare names the scenario and the unknown programme: %s:%ld: %s", d.file, d.line, d.message);
    praksis_sweep_free(sw);
    sw = NULL;

    /* ---- finance: the report's arithmetic on a two-line programme file */
    const char *csv = "code,municipal_weeks_all_students,prioritised\nA,267768,0\n";
    snprintf(path, sizeof path, "%s/p.csv", tmp);
    f = fopen(path, "w");
    if (f) {
        fputs(csv, f);
        fclose(f);
    }
    praksis_finance *fin = NULL;
    CHECK(praksis_finance_load(path, NULL, &fin, &d) == PRAKSIS_ERR_INPUT && strstr(d.message, "prioritised"),
          "a programme file without prioritised weeks is an error: %s", d.message);
    f = fopen(path, "w");
    if (f) {
        fputs("code,prioritised,municipal_weeks_all_students\nA,0,44816\nB,1,222952\n", f);
        fclose(f);
    }
    CHECK(praksis_finance_load(path, NULL, &fin, &d) == PRAKSIS_OK, "columns in any order: %s", d.message);
    praksis_finance_alt a[4];
    if (fin) {
        praksis_finance_compute(fin, 0, a);
        CHECK(a[0].price == 3420 && a[1].price == 3700, "2A 3 420 and 2B 3 700 kr a week (%g, %g)", a[0].price, a[1].price);
        CHECK_NEAR(a[0].total, 915766560, 1, "2A: 267 768 x 3 420 = 915.77 mill. kr");
        CHECK_NEAR(a[1].total, 824922400, 1, "2B: 222 952 x 3 700 = 824.92 mill. kr");
        CHECK_NEAR(a[2].total, 647768000, 1, "hybrid, all: 380 + 133.884 + 133.884 mill. kr");
        CHECK_NEAR(a[3].total, 602952000, 1, "hybrid, six: 380 + 111.476 + 111.476 mill. kr");
        praksis_finance_plan_info pi;
        CHECK(praksis_finance_plan(fin, &pi) == -1 && praksis_finance_compute(fin, 1, a) == -1, "no plan, no planned figures");
        praksis_finance_free(fin);
    }

    /* ---- finance: the national prices per week applied to one plan's weeks (report.html's table) */
    praksis_finance_local m;
    praksis_finance_local_models(NULL, 1000, 250, &m);
    CHECK(m.national_weeks == 267768 && m.price == 3420, "national 2A price 3 420 kr over 267 768 weeks (%g, %g)",
          m.price, m.national_weeks);
    CHECK_NEAR(m.admin_per_week, 380e6 / 267768, 1e-9, "administration 380 mill. / 267 768 = 1 419.14 kr a week");
    CHECK_NEAR(m.flat, 3420000, 1e-6, "2A for 1 000 weeks: 3 420 000 kr");
    CHECK_NEAR(m.hybrid, 380e6 / 267768 * 1000 + 500000 + 500000, 1e-6,
               "hybrid for 1 000 weeks: frame share + 500 kr supervision + 1 500 kr travel for a third");
    CHECK_NEAR(m.hybrid_planned, 380e6 / 267768 * 1000 + 500000 + 1500 * 250, 1e-6,
               "hybrid with the plan's 250 relocated weeks pays travel for those only");

    praksis_settings_clear(&under);
    praksis_instance_free(I);
    praksis_thread_cleanup();
    if (tmp) {
        char cmd[4200];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp); /* mkdtemp's name: no quotes in it */
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp);
    }
    CHECK_DONE();
}
