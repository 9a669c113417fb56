/*
 * finance.c - the financing alternatives of IS-2956 (alternatives 2A, 2B
 * and the hybrid model), computed from the programmes' municipal practice
 * weeks with the report's arithmetic, and their counterpart with the share
 * of student-weeks that needs travel support measured on a solved plan
 * (read with the plan reader, plan_read.c, without an instance).
 *
 * The report's figures (DOMAIN.md): 380 mill. / 267,768 weeks = 1,419 kr
 * + 2,000 kr = 3,420 kr a week, x 267,768 = 915.8 mill. kr (2A); 380 mill.
 * / 222,952 = 1,704 + 2,000 = 3,700 kr, 824.9 mill. kr (2B); hybrid 350 +
 * 30 + 500 kr x weeks + 1,500 kr x weeks / 3 = 647.8 (all) and 603.0 (six)
 * mill. kr.  The per-week price is the sum rounded to tens of kroner
 * (3,419.1 -> 3,420, 3,704.4 -> 3,700): that is what reproduces both
 * totals.
 *
 * The national price per week that the report quotes (3,420 kr for 2A)
 * divides the administration by 267,768 weeks, the total its table of
 * municipal weeks per programme prints; the rows of that table add to
 * 267,767 (../shared/data/SOURCES.md), and praksis_finance_load sums the
 * rows.  Both figures therefore appear: the programme file's sum for the
 * alternatives, the printed total for prices per week applied to a plan.
 */
#define _POSIX_C_SOURCE 200809L
#include "csvread.h"
#include "internal.h"
#include "plan_read.h"
#include "praksis_finance.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define IS2956_NATIONAL_WEEKS 267768.0 /* IS-2956's printed total of municipal student-weeks a year */

typedef struct fprog {
    char *code;
    double weeks;
    int prioritised;
} fprog;

/* A programme as the plan has it. */
typedef struct pprog {
    char *code;
    double municipal_weeks, relocated_weeks;
    int known, prioritised;
} pprog;

struct praksis_finance {
    praksis_finance_rates rates;
    char *csv_path;
    fprog *progs;
    int n_progs;
    double weeks_all, weeks_six;
    int n_six;
    int has_plan, n_plans;
    char *plan_dir, *plan_status; /* "DIR + DIR ...", and "feasible" when any plan is */
    pprog *pp;
    int n_pp;
};

void praksis_finance_rates_init(praksis_finance_rates *r)
{
    r->admin = 380e6;
    r->frame = 350e6;
    r->k2020 = 30e6;
    r->supervision = 500;
    r->travel = 1500;
    r->travel_share = 1.0 / 3.0;
    r->price_step = 10;
}

static void free_plan(praksis_finance *f)
{
    for (int i = 0; i < f->n_pp; i++) free(f->pp[i].code);
    free(f->pp);
    f->pp = NULL;
    f->n_pp = 0;
    free(f->plan_dir);
    free(f->plan_status);
    f->plan_dir = f->plan_status = NULL;
    f->has_plan = 0;
    f->n_plans = 0;
}

void praksis_finance_free(praksis_finance *f)
{
    if (!f) return;
    free_plan(f);
    for (int i = 0; i < f->n_progs; i++) free(f->progs[i].code);
    free(f->progs);
    free(f->csv_path);
    free(f);
}

/* Index of each required column, or an error naming the first missing one. */
static praksis_error columns(const pk_csv_table *t, const char *const *names, int n, int *idx, praksis_diag *diag)
{
    for (int i = 0; i < n; i++) {
        idx[i] = pk_csv_column(t, names[i]);
        if (idx[i] < 0) {
            pk_diag_set(diag, t->path, t->header_line, 0, "expected a column \"%s\", found none in the header", names[i]);
            return PRAKSIS_ERR_INPUT;
        }
    }
    return PRAKSIS_OK;
}

praksis_error praksis_finance_load(const char *path, const praksis_finance_rates *rates, praksis_finance **out,
                                   praksis_diag *diag)
{
    *out = NULL;
    pk_csv_table *t = NULL;
    praksis_error rc = pk_csv_read(path, &t, diag);
    if (rc) return rc;
    praksis_finance *f = calloc(1, sizeof *f);
    if (!f || !(f->csv_path = strdup(path)) ||
        !(f->progs = calloc(t->n_rows > 0 ? (size_t)t->n_rows : 1, sizeof *f->progs))) {
        rc = PRAKSIS_ERR_NOMEM;
        goto done;
    }
    if (rates)
        f->rates = *rates;
    else
        praksis_finance_rates_init(&f->rates);
    static const char *const names[] = {"code", "municipal_weeks_all_students", "prioritised"};
    int c[3];
    if ((rc = columns(t, names, 3, c, diag))) goto done;
    for (long r = 0; r < t->n_rows; r++) {
        const char *code = pk_csv_cell(t, r, c[0]);
        if (!code[0]) {
            pk_csv_cell_error(t, r, c[0], diag, "code: expected a programme code, found an empty cell");
            rc = PRAKSIS_ERR_INPUT;
            goto done;
        }
        for (int i = 0; i < f->n_progs; i++)
            if (!strcmp(f->progs[i].code, code)) {
                pk_csv_cell_error(t, r, c[0], diag, "code: expected each programme once, found \"%s\" again", code);
                rc = PRAKSIS_ERR_INPUT;
                goto done;
            }
        double w;
        const char *wt = pk_csv_cell(t, r, c[1]);
        if (pk_csv_parse_number(wt, t->delim, &w) || w < 0) {
            pk_csv_cell_error(t, r, c[1], diag, "municipal_weeks_all_students: expected a number of weeks >= 0, found \"%s\"", wt);
            rc = PRAKSIS_ERR_INPUT;
            goto done;
        }
        const char *pt = pk_csv_cell(t, r, c[2]);
        if (strcmp(pt, "0") && strcmp(pt, "1")) {
            pk_csv_cell_error(t, r, c[2], diag, "prioritised: expected 0 or 1, found \"%s\"", pt);
            rc = PRAKSIS_ERR_INPUT;
            goto done;
        }
        fprog *p = &f->progs[f->n_progs];
        if (!(p->code = strdup(code))) {
            rc = PRAKSIS_ERR_NOMEM;
            goto done;
        }
        f->n_progs++;
        p->weeks = w;
        p->prioritised = pt[0] == '1';
        f->weeks_all += w;
        if (p->prioritised) {
            f->weeks_six += w;
            f->n_six++;
        }
    }
    if (f->weeks_all <= 0) {
        pk_diag_set(diag, path, 0, 0, "expected programmes with municipal weeks, found none");
        rc = PRAKSIS_ERR_INPUT;
        goto done;
    }
    if (f->weeks_six <= 0) {
        pk_diag_set(diag, path, 0, 0, "expected prioritised programmes (prioritised = 1) with municipal weeks, found none");
        rc = PRAKSIS_ERR_INPUT;
        goto done;
    }
done:
    pk_csv_table_free(t);
    if (rc) {
        praksis_finance_free(f);
        return rc;
    }
    *out = f;
    return PRAKSIS_OK;
}

void praksis_finance_weeks(const praksis_finance *f, int *n_all, double *weeks_all, int *n_six, double *weeks_six)
{
    if (n_all) *n_all = f->n_progs;
    if (weeks_all) *weeks_all = f->weeks_all;
    if (n_six) *n_six = f->n_six;
    if (weeks_six) *weeks_six = f->weeks_six;
}

/* Find or add the plan's programme `code`. */
static pprog *plan_prog(praksis_finance *f, const char *code, int *cap)
{
    for (int i = 0; i < f->n_pp; i++)
        if (!strcmp(f->pp[i].code, code)) return &f->pp[i];
    if (f->n_pp == *cap) {
        int nc = *cap ? 2 * *cap : 16;
        pprog *q = realloc(f->pp, (size_t)nc * sizeof *q);
        if (!q) return NULL;
        f->pp = q;
        *cap = nc;
    }
    pprog *p = &f->pp[f->n_pp];
    memset(p, 0, sizeof *p);
    if (!(p->code = strdup(code))) return NULL;
    f->n_pp++;
    for (int i = 0; i < f->n_progs; i++)
        if (!strcmp(f->progs[i].code, code)) {
            p->known = 1;
            p->prioritised = f->progs[i].prioritised;
        }
    return p;
}

/* Join "a + b" for the plan's directory label. */

static int append_label(char **label, const char *dir)
{
    size_t n = (*label ? strlen(*label) + 3 : 0) + strlen(dir) + 1;
    char *s = malloc(n);
    if (!s) return -1;
    snprintf(s, n, "%s%s%s", *label ? *label : "", *label ? " + " : "", dir);
    free(*label);
    *label = s;
    return 0;
}

/* The plan's municipal weeks, all and relocated, per programme into f
 * (the rows are already checked by the plan reader). */
static praksis_error add_weeks(praksis_finance *f, const pk_plan_files *pf)
{
    int cap = f->n_pp;
    for (long r = 0; r < pf->n_assignments; r++) {
        const pk_assignment_row *a = &pf->assignments[r];
        if (a->hospital) continue;
        pprog *p = plan_prog(f, a->programme, &cap);
        if (!p) return PRAKSIS_ERR_NOMEM;
        p->municipal_weeks += (double)a->students * a->weeks;
        /* travel support is for the students away from campus and home */
        p->relocated_weeks += (double)a->relocated_students * a->weeks;
    }
    return PRAKSIS_OK;
}

praksis_error praksis_finance_add_plan(praksis_finance *f, const char *dir, praksis_diag *diag)
{
    if (!f || !dir) return PRAKSIS_ERR_USAGE;
    pk_plan_files pf;
    praksis_error rc = pk_plan_files_read(dir, PK_PLAN_READ(PK_PLAN_SUMMARY) | PK_PLAN_READ(PK_PLAN_ASSIGNMENTS), &pf, diag);
    if (rc) return rc;
    /* Check the whole plan first, so a bad plan adds nothing. */
    double total = 0, summary_weeks = pf.summary.fig.municipal_weeks;
    for (long r = 0; r < pf.n_assignments; r++)
        if (!pf.assignments[r].hospital) total += (double)pf.assignments[r].students * pf.assignments[r].weeks;
    char path[4096];
    pk_plan_file_path(&pf, PK_PLAN_ASSIGNMENTS, path, sizeof path);
    if (fabs(total - summary_weeks) > 1e-6 * fmax(1, fabs(summary_weeks)) + 1e-3) {
        pk_diag_set(diag, path, 0, 0,
                 "expected municipal student-weeks equal to summary.json's municipal_weeks (%.6g), found %.6g: "
                 "the two files are not of one plan",
                 summary_weeks, total);
        rc = PRAKSIS_ERR_INPUT;
    } else if (total <= 0) {
        pk_diag_set(diag, path, 0, 0, "expected a plan with municipal placements, found none");
        rc = PRAKSIS_ERR_INPUT;
    }
    int optimal = pf.summary.info.status == PRAKSIS_STATUS_OPTIMAL;
    if (!rc) rc = add_weeks(f, &pf);
    pk_plan_files_free(&pf);
    if (!rc && append_label(&f->plan_dir, dir)) rc = PRAKSIS_ERR_NOMEM;
    if (!rc && (!f->plan_status || (!optimal && !strcmp(f->plan_status, "optimal")))) {
        free(f->plan_status);
        if (!(f->plan_status = strdup(optimal ? "optimal" : "feasible"))) rc = PRAKSIS_ERR_NOMEM;
    }
    if (rc) {
        free_plan(f);
        return rc;
    }
    f->has_plan = 1;
    f->n_plans++;
    return PRAKSIS_OK;
}

int praksis_finance_plan(const praksis_finance *f, praksis_finance_plan_info *o)
{
    if (!f || !f->has_plan) return -1;
    memset(o, 0, sizeof *o);
    o->dir = f->plan_dir;
    o->status = f->plan_status;
    o->plans = f->n_plans;
    for (int i = 0; i < f->n_pp; i++) {
        const pprog *p = &f->pp[i];
        o->municipal_weeks += p->municipal_weeks;
        o->relocated_weeks += p->relocated_weeks;
        o->programmes++;
        o->programmes_unknown += !p->known;
        if (p->prioritised) {
            o->municipal_weeks_six += p->municipal_weeks;
            o->relocated_weeks_six += p->relocated_weeks;
            o->programmes_six++;
        }
    }
    o->share = o->relocated_weeks / o->municipal_weeks;
    o->share_six = o->municipal_weeks_six > 0 ? o->relocated_weeks_six / o->municipal_weeks_six : -1;
    return 0;
}

static double price_round(double v, double step) { return step > 0 ? round(v / step) * step : v; }

static void alt(const praksis_finance_rates *R, praksis_finance_alt *a, const char *id, const char *title, int six,
                int hybrid, double weeks, double share)
{
    memset(a, 0, sizeof *a);
    a->id = id;
    a->title = title;
    a->six = six;
    a->weeks = weeks;
    a->travel_share = share;
    if (share < 0) {
        a->total = a->fixed = a->supervision = a->travel = a->price = a->admin_per_week = NAN;
        return;
    }
    a->supervision = R->supervision * weeks;
    a->travel = R->travel * share * weeks;
    if (hybrid) {
        a->fixed = R->frame + R->k2020;
        a->total = a->fixed + a->supervision + a->travel;
    } else {
        a->admin_per_week = R->admin / weeks;
        a->price = price_round(a->admin_per_week + R->supervision + R->travel * share, R->price_step);
        a->total = a->price * weeks;
        a->fixed = a->total - a->supervision - a->travel; /* the admin part, with the price's rounding */
    }
}

void praksis_finance_local_models(const praksis_finance_rates *rates, double W, double relocated_weeks,
                                  praksis_finance_local *out)
{
    praksis_finance_rates dflt;
    if (!rates) {
        praksis_finance_rates_init(&dflt);
        rates = &dflt;
    }
    praksis_finance_alt flat;
    alt(rates, &flat, "2A", "per-week price, all programmes", 0, 0, IS2956_NATIONAL_WEEKS, 1);
    memset(out, 0, sizeof *out);
    out->national_weeks = IS2956_NATIONAL_WEEKS;
    out->admin_per_week = flat.admin_per_week;
    out->price = flat.price;
    out->frame_per_week = (rates->frame + rates->k2020) / IS2956_NATIONAL_WEEKS;
    out->flat = out->price * W;
    out->hybrid = out->frame_per_week * W + rates->supervision * W + rates->travel * rates->travel_share * W;
    out->hybrid_planned = out->frame_per_week * W + rates->supervision * W + rates->travel * relocated_weeks;
}

int praksis_finance_compute(const praksis_finance *f, int planned, praksis_finance_alt out[4])
{
    double s_price_all = 1, s_price_six = 1, s_all = f->rates.travel_share, s_six = f->rates.travel_share;
    if (planned) {
        praksis_finance_plan_info pi;
        if (praksis_finance_plan(f, &pi)) return -1;
        s_price_all = s_all = pi.share;
        s_price_six = s_six = pi.share_six;
    }
    const praksis_finance_rates *R = &f->rates;
    alt(R, &out[0], "2A", "per-week price, all programmes", 0, 0, f->weeks_all, s_price_all);
    alt(R, &out[1], "2B", "per-week price, six prioritised", 1, 0, f->weeks_six, s_price_six);
    alt(R, &out[2], "hybrid_all", "hybrid, all programmes", 0, 1, f->weeks_all, s_all);
    alt(R, &out[3], "hybrid_six", "hybrid, six prioritised", 1, 1, f->weeks_six, s_six);
    return 0;
}

static void num(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, round(v * 1e6) / 1e6);
    else
        cJSON_AddNullToObject(o, k);
}

static cJSON *alts_json(const praksis_finance_alt *a)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < 4; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", a[i].id);
        cJSON_AddStringToObject(o, "title", a[i].title);
        num(o, "weeks", a[i].weeks);
        num(o, "travel_share", a[i].travel_share >= 0 ? a[i].travel_share : NAN);
        if (a[i].price > 0 || !isfinite(a[i].price)) {
            num(o, "admin_per_week", a[i].admin_per_week);
            num(o, "price_per_week", a[i].price);
        }
        num(o, "fixed", a[i].fixed);
        num(o, "supervision", a[i].supervision);
        num(o, "travel", a[i].travel);
        num(o, "total", a[i].total);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

char *praksis_finance_json(const praksis_finance *f)
{
    if (!f) return NULL;
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "programmes_csv", f->csv_path);
    cJSON_AddNumberToObject(o, "programmes", f->n_progs);
    num(o, "weeks_all", f->weeks_all);
    cJSON_AddNumberToObject(o, "programmes_prioritised", f->n_six);
    num(o, "weeks_six", f->weeks_six);
    cJSON *r = cJSON_AddObjectToObject(o, "rates");
    num(r, "admin", f->rates.admin);
    num(r, "frame", f->rates.frame);
    num(r, "k2020", f->rates.k2020);
    num(r, "supervision", f->rates.supervision);
    num(r, "travel", f->rates.travel);
    num(r, "travel_share", f->rates.travel_share);
    num(r, "price_step", f->rates.price_step);
    praksis_finance_alt a[4];
    praksis_finance_compute(f, 0, a);
    cJSON_AddItemToObject(o, "report", alts_json(a));
    praksis_finance_plan_info pi;
    if (praksis_finance_plan(f, &pi) == 0) {
        cJSON *p = cJSON_AddObjectToObject(o, "plan");
        cJSON_AddStringToObject(p, "dir", pi.dir);
        cJSON_AddNumberToObject(p, "plans", pi.plans);
        cJSON_AddStringToObject(p, "status", pi.status);
        num(p, "municipal_weeks", pi.municipal_weeks);
        num(p, "relocated_weeks", pi.relocated_weeks);
        num(p, "share", pi.share);
        num(p, "municipal_weeks_six", pi.municipal_weeks_six);
        num(p, "relocated_weeks_six", pi.relocated_weeks_six);
        num(p, "share_six", pi.share_six >= 0 ? pi.share_six : NAN);
        cJSON *pr = cJSON_AddArrayToObject(p, "programmes");
        for (int i = 0; i < f->n_pp; i++) {
            const pprog *q = &f->pp[i];
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "code", q->code);
            cJSON_AddBoolToObject(e, "known", q->known);
            cJSON_AddBoolToObject(e, "prioritised", q->prioritised);
            num(e, "municipal_weeks", q->municipal_weeks);
            num(e, "relocated_weeks", q->relocated_weeks);
            num(e, "share", q->relocated_weeks / q->municipal_weeks);
            cJSON_AddItemToArray(pr, e);
        }
        praksis_finance_compute(f, 1, a);
        cJSON_AddItemToObject(o, "planned", alts_json(a));
    } else {
        cJSON_AddNullToObject(o, "plan");
        cJSON_AddNullToObject(o, "planned");
    }
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}
