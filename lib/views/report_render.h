/* report_render.h - the committee report's document (report_doc.h)
 * rendered as plain text, Markdown or CSV (private to lib/views). */
#ifndef SC_REPORT_RENDER_H
#define SC_REPORT_RENDER_H

#include "report.h"
#include "report_doc.h"
#include "sbuf.h"

/* Appends d in format f to s. Fails only for memory, which sets s->oom. */
void sc_report_render(sc_sbuf *s, const sc_report_doc *d, sc_report_format f);

#endif
