/*
 * html.c - the pieces report.html and sweep.html share (see html.h).
 * Nothing here knows a plan or a sweep.
 */
#define _POSIX_C_SOURCE 200809L
#include "html.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

void pk_esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

void pk_escf(FILE *f, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    pk_esc(f, buf);
}

static char *nslot(pk_numfmt *nf)
{
    char *b = nf->buf[nf->next];
    nf->next = (nf->next + 1) % 24;
    return b;
}

const char *pk_num(pk_numfmt *nf, double v, int dec)
{
    char *out = nslot(nf);
    if (!isfinite(v)) {
        snprintf(out, 80, "–");
        return out;
    }
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", dec, fabs(v));
    if (strspn(raw, "0.") == strlen(raw)) v = 0; /* no "-0" */
    char *dot = strchr(raw, '.');
    size_t ilen = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t o = 0;
    if (v < 0) o += (size_t)snprintf(out + o, 80 - o, "%s", nf->en ? "-" : "\xe2\x88\x92");
    for (size_t i = 0; i < ilen && o < 70; i++) {
        if (i > 0 && (ilen - i) % 3 == 0 && ilen > 3) {
            if (nf->en) out[o++] = ',';
            else { out[o++] = '\xc2'; out[o++] = '\xa0'; }
        }
        out[o++] = raw[i];
    }
    if (dot) {
        out[o++] = nf->en ? '.' : ',';
        for (const char *p = dot + 1; *p && o < 78; p++) out[o++] = *p;
    }
    out[o] = 0;
    return out;
}

const char *pk_pct(pk_numfmt *nf, double share, int dec)
{
    char *out = nslot(nf);
    snprintf(out, 80, nf->en ? "%s%%" : "%s\xc2\xa0%%", pk_num(nf, 100 * share, dec));
    return out;
}

const char *pk_kr(pk_numfmt *nf, double v)
{
    char *out = nslot(nf);
    snprintf(out, 80, nf->en ? "NOK %s" : "%s\xc2\xa0kr", pk_num(nf, v, 0));
    return out;
}

const char *pk_mkr(pk_numfmt *nf, double v)
{
    char *out = nslot(nf);
    int dec = fabs(v) >= 1e8 ? 0 : fabs(v) >= 1e7 ? 1 : 2;
    snprintf(out, 80, nf->en ? "NOK %s m" : "%s\xc2\xa0mill.\xc2\xa0kr", pk_num(nf, v / 1e6, dec));
    return out;
}

const char *pk_wk(pk_numfmt *nf, double v)
{
    return pk_num(nf, v, fabs(v - round(v)) < 1e-9 ? 0 : 1);
}

void pk_th(FILE *f, const char *cls, const char *text)
{
    if (cls && *cls)
        fprintf(f, "<th class=\"%s\">", cls);
    else
        fputs("<th>", f);
    pk_esc(f, text);
    fputs("</th>", f);
}

void pk_td_text(FILE *f, const char *text)
{
    fputs("<td>", f);
    pk_esc(f, text);
    fputs("</td>", f);
}

void pk_td_num(FILE *f, const char *text) { fprintf(f, "<td class=\"n\">%s</td>", text); }

void pk_html_begin(FILE *f, int en, const char *title)
{
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
            en ? "en" : "nb");
    pk_esc(f, title);
    fputs("</title>\n", f);
}

const char pk_sort_script[] =
    "<script>\n"
    "(function(){\n"
    "var en=document.documentElement.lang==='en';\n"
    "function val(td){var t=td.textContent.replace(/[\\s\\u00a0\\u202f%]|kr|NOK/g,'').replace(/\\u2212/g,'-');\n"
    " t=en?t.replace(/,/g,''):t.replace(',','.');return t===''?-Infinity:Number(t);}\n"
    "function sortBy(tb,col,dir){var th=tb.tHead.rows[0].cells,num=th[col].classList.contains('n'),b=tb.tBodies[0];\n"
    " var rows=Array.prototype.slice.call(b.rows);\n"
    " rows.sort(function(x,y){var p=x.cells[col],q=y.cells[col];\n"
    "  var r=num?val(p)-val(q):p.textContent.localeCompare(q.textContent,en?'en':'nb',{numeric:true});return dir*(r||0);});\n"
    " rows.forEach(function(r){b.appendChild(r);});\n"
    " for(var i=0;i<th.length;i++)th[i].removeAttribute('aria-sort');\n"
    " th[col].setAttribute('aria-sort',dir>0?'ascending':'descending');}\n"
    "var ts=document.querySelectorAll('table.sortable');\n"
    "Array.prototype.forEach.call(ts,function(tb){var th=tb.tHead.rows[0].cells;\n"
    " Array.prototype.forEach.call(th,function(h,i){h.title=en?'Sort':'Sorter';h.addEventListener('click',function(){\n"
    "  var d=h.getAttribute('aria-sort')==='descending'||(!h.hasAttribute('aria-sort')&&!h.classList.contains('n'))?1:-1;sortBy(tb,i,d);});});});\n"
    "var m=/sort=([\\w-]+):(\\d+)(:desc)?/.exec(location.hash);\n"
    "if(m){var tb=document.getElementById(m[1]);if(tb)sortBy(tb,+m[2],m[3]?-1:1);}\n"
    "document.documentElement.setAttribute('data-ready','1');\n"
    "})();\n"
    "</script>\n";
