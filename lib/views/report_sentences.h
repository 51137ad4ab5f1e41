/* report_sentences.h - the sentences the committee papers write by hand,
 * drafted from the figures (never from commentary) for the report
 * (report.c calls them; docs/API.md §18). Each is a named statement of
 * the document (report_doc.h), so the JSON form marks it generated.
 *
 * Building follows report_doc.h: out of memory sets the document's oom
 * flag; only reading the store can fail with an sc_rc.
 */
#ifndef SC_REPORT_SENTENCES_H
#define SC_REPORT_SENTENCES_H

#include "demand_view.h"
#include "finance.h"
#include "quarter.h"
#include "report_doc.h"
#include "store.h"

/* "Of the measures reported this quarter, 17 out of the 21 (81%) are
 * within or better than target range.", the measures outside target
 * range, and those not included (annual, not available, ...); t is the
 * strategic partnership table, percentages at decimals. */
void sc_report_sentences_strategic(sc_report_doc *d, const sc_summary_table *t, int decimals);

/* One paragraph per indicator reported by exception (better than target
 * or outside target range), under a heading each, as the papers write them:
 * "Performance at 95% (891), increasing by 2 percentage points since
 * quarter 4. This has been better than target for three consecutive
 * quarters." A change in a percentage is said in percentage points. */
sc_rc sc_report_sentences_exceptions(sc_report_doc *d, sc_db *db, sc_period q);

/* "In comparison to the same period last year there were 6% (338) fewer
 * contacts to CSC, ... and 2% (10) fewer looked after children." */
void sc_report_sentences_demand(sc_report_doc *d, const sc_demand_view *v, int decimals);

/* The finance position's movement is drafted with the other finance
 * notes (report_finance.h), from the year's previous statement. */

/* "Since the pack of 18 August 2020: ..." (changes.h) for the quarter
 * since instant since (an sc_utc_parse form). */
sc_rc sc_report_sentences_since(sc_report_doc *d, sc_db *db, sc_period q, const char *since);

#endif
