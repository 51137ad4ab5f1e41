/* report_stats.h - the committee report's statistical section: which
 * indicators outside target range are not significantly different from
 * their target at 95%, and which indicators have a significant trend over
 * their last five reported quarters (judgement.h). */
#ifndef SC_REPORT_STATS_H
#define SC_REPORT_STATS_H

#include "errors.h"
#include "period.h"
#include "report_doc.h"
#include "store.h"

/* Appends the section for quarter q to d: a heading and the paragraphs
 * "significance" and "trends" (CSV table "statements"). Returns SC_OK, or
 * SC_EDB / SC_ENOMEM from reading the quarter. */
sc_rc sc_report_stats_section(sc_report_doc *d, sc_db *db, sc_period q);

#endif
