/* report_outturns.h - the committee report's outturn line: after an
 * indicator's commentary, the finalised outturn of the last year ended
 * before the report's quarter, as the papers write it ("2019/20 outturn:
 * 60.4%, better than target (60%)"). */
#ifndef SC_REPORT_OUTTURNS_H
#define SC_REPORT_OUTTURNS_H

#include "errors.h"
#include "period.h"
#include "quarter.h"
#include "report_doc.h"
#include "store.h"

/* Appends that paragraph for row r of quarter q when an outturn is stored
 * for a year whose Q4 is before q; nothing otherwise. SC_OK, or SC_EDB /
 * SC_ENOMEM from reading the outturns. */
sc_rc sc_report_outturn_mark(sc_report_doc *d, sc_db *db, const sc_quarter_row *r, sc_period q);

#endif
