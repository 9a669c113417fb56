/*
 * html.h - internal: what report.html and sweep.html share.  HTML
 * escaping, numbers as a Norwegian (1 234,5 kr) or English (NOK 1,234.5)
 * reader expects them, table cells, the page's opening lines, the CSS both
 * pages use and the script that sorts their tables.
 */
#ifndef PRAKSIS_HTML_H
#define PRAKSIS_HTML_H

#include <stdio.h>

/* Write s HTML-escaped (& < > " '). */
void pk_esc(FILE *f, const char *s);

/* printf, then HTML-escape the result (at most 2 KiB). */
void pk_escf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Numbers as text.  Each call returns one of 24 rotating buffers, so that
 * several numbers fit in one printf; a formatter is used by one thread. */
typedef struct pk_numfmt {
    int en; /* 0: Norwegian (no-break space, decimal comma, "−"); 1: English */
    char buf[24][80];
    int next;
} pk_numfmt;

const char *pk_num(pk_numfmt *nf, double v, int dec); /* thousands separated, "–" when not finite */
const char *pk_pct(pk_numfmt *nf, double share, int dec); /* share 0.5 -> "50 %" */
const char *pk_kr(pk_numfmt *nf, double v);               /* "1 234 kr", "NOK 1,234" */
const char *pk_mkr(pk_numfmt *nf, double v);              /* millions: "1,2 mill. kr" */
const char *pk_wk(pk_numfmt *nf, double v);               /* weeks: whole when whole, else one decimal */

/* Table cells: a heading (cls "n" right-aligns a number column), a text
 * cell (escaped), a number cell (the formatters' text, already safe). */
void pk_th(FILE *f, const char *cls, const char *text);
void pk_td_text(FILE *f, const char *text);
void pk_td_num(FILE *f, const char *text);

/* The page's opening up to the end of its <title> element. */
void pk_html_begin(FILE *f, int en, const char *title);

/* CSS lines both pages use: the page itself, and sortable tables. */
#define PK_CSS_PAGE                                                                                                    \
    "*{box-sizing:border-box}\n"                                                                                       \
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;"   \
    "color:var(--ink);background:var(--bg)}\n"                                                                         \
    "main{max-width:1240px;margin:0 auto;padding:22px 26px 40px}\n"
#define PK_CSS_SORTABLE                                                                                                \
    "th{background:#eef1f4;font-weight:600;white-space:nowrap}\n"                                                      \
    ".n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"                                      \
    "table.sortable th{cursor:pointer;user-select:none}table.sortable th:hover{background:#e2e7ec}\n"                  \
    "th[aria-sort=ascending]::after{content:\" \\25B2\"}th[aria-sort=descending]::after{content:\" \\25BC\"}\n"

/* Sorts every table.sortable by the column clicked, numbers as numbers
 * in either language; #sort=TABLE:COLUMN[:desc] sorts on opening. */
extern const char pk_sort_script[];

#endif
