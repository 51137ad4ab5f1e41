/* report_stats.h - the committee report's statistical section: which
 * indicators outside target range are not significantly different from
 * their target at 95%, and which indicators have a significant trend over
 * their last five reported quarters (judgement.h). */
#ifndef SC_REPORT_STATS_H
#define SC_REPORT_STATS_H

#include "errors.h"
#include "period.h"
#include "quarter.h"
#include "report_doc.h"
#include "store.h"

/* After an outside-target indicator's paragraph: when its 95% interval
 * reaches its target, a paragraph saying the difference is not
 * significant (with the interval); nothing otherwise. */
void sc_report_stats_mark(sc_report_doc *d, const sc_quarter_row *r);

/* Appends the section for quarter q to d: a heading and the paragraphs
 * "significance" and "trends" (CSV table "statements"). Returns SC_OK, or
 * SC_EDB / SC_ENOMEM from reading the quarter. */
sc_rc sc_report_stats_section(sc_report_doc *d, sc_db *db, sc_period q);

#endif
