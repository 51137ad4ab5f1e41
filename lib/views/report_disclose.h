/* report_disclose.h - disclosure control in the committee report (the
 * rules of disclose.h, as public_view.h applies them to JSON answers): a
 * confidential result is shown as "[c]" with its commentary withheld, and
 * so are demand counts below the threshold and the changes computed from
 * them. Used by report.c and report_stats.c while they build the
 * document; the document's suppress_below says whether to. */
#ifndef SC_REPORT_DISCLOSE_H
#define SC_REPORT_DISCLOSE_H

#include <stdbool.h>

#include "demand_view.h"
#include "quarter.h"
#include "report_doc.h"
#include "sbuf.h"

/* True when row r is confidential in this document. */
bool sc_report_disclose_row(const sc_report_doc *d, const sc_quarter_row *r);

/* True when the document is under disclosure control and r's previous
 * quarter's result is confidential: its change must not be written, as
 * value less change would give the previous figure back. */
bool sc_report_disclose_previous(const sc_report_doc *d, const sc_quarter_row *r);

/* When r is confidential, adds its paragraph and its row of table b
 * (outside target range) with [c] for the value and the commentary, and
 * returns true; otherwise adds nothing and returns false. */
bool sc_report_disclose_outside(sc_report_doc *d, sc_report_block *b, const sc_quarter_row *r,
                                const char *area);

/* The evidence of a confidential row in the significance statement. */
void sc_report_disclose_evidence(sc_sbuf *s, const sc_quarter_row *r);

/* The exception sentence of a confidential row (malloc'd; NULL on no
 * memory). */
char *sc_report_disclose_exception(const sc_quarter_row *r);

/* True when the change a year on of measure i of v rests on a confidential
 * count (this quarter's or the same quarter last year's). */
bool sc_report_disclose_demand_change(const sc_report_doc *d, const sc_demand_view *v, size_t i);

/* Under disclosure control, the care ladder's table b (report_placements.c:
 * the count in column 1, against budget 4, the previous quarter's 5, the
 * effects 6 and 7): each count below the threshold and what is derived
 * from it become [c], and when only one count is, so does the smallest
 * other (the counts add up to the ladder's total). */
void sc_report_disclose_placements(const sc_report_doc *d, sc_report_block *b);

/* True when a fostering split of in_house and agency counts must not be
 * stated (either is confidential). */
bool sc_report_disclose_split(const sc_report_doc *d, int64_t in_house, int64_t agency);

/* Replaces, in the demand table row cells of measure i of v (cells 1-5
 * the five quarters, 6 and 7 the changes; each malloc'd), the confidential
 * counts and the changes computed from them with [c]. */
void sc_report_disclose_demand(const sc_report_doc *d, const sc_demand_view *v, size_t i,
                               char **cells);

#endif
