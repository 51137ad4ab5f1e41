/* schema_pg.c - the PostgreSQL migrations, applied in order by
 * engine_pg.c (schema_version table, each in its own transaction under an
 * advisory lock).
 *
 * The same numbered migrations as schema.c, written for PostgreSQL: REAL
 * is DOUBLE PRECISION (PostgreSQL's REAL is 4 bytes), BLOB is BYTEA,
 * AUTOINCREMENT and rowid ids are BIGINT identities, WITHOUT ROWID is
 * dropped, and the data-version triggers (migration 5 and after) are one
 * plpgsql function, sc_bump_data_version, fired FOR EACH ROW as SQLite's.
 * Migration 1 also defines the SQLite functions the store's SQL uses
 * (strftime, json_extract; see engine_pg.c for the rest of the
 * translation).
 *
 * No PostgreSQL database existed before this engine, which arrived with
 * migration 15: so the backfills of migrations 4 and 7 (revisions and
 * history versions made from rows that predate them) and migration 7's
 * rebuild of the revisions table (to drop its CHECK) have nothing to
 * carry, and are written as the schema change alone. Migration 10's
 * rebuild of the finance tables is kept as SQLite's. Adding migration n:
 * add it to both files, with the same number (the counts must match).
 */
#include "schema.h"

/* the data-version trigger of one table */
#define VERSIONED(t)                                                                               \
    "CREATE TRIGGER " t "_version AFTER INSERT OR UPDATE OR DELETE ON " t                          \
    " FOR EACH ROW EXECUTE FUNCTION sc_bump_data_version();"

static const char pg_migration_1[] =
    /* what SQLite has built in and the store's SQL uses (engine_pg.c):
     * strftime(format, 'now' or an instant [, modifiers]) for the formats
     * the store writes, on clock_timestamp() (it advances within a
     * transaction, as SQLite's 'now' does between statements); and
     * json_extract(json, '$.a.b'), as text */
    "CREATE FUNCTION strftime(fmt text, tv text, VARIADIC mods text[] DEFAULT '{}')"
    " RETURNS text LANGUAGE plpgsql VOLATILE AS $$"
    " DECLARE ts timestamp; m text;"
    " BEGIN"
    "  IF tv IS NULL THEN RETURN NULL; END IF;"
    "  IF tv = 'now' THEN ts := clock_timestamp() AT TIME ZONE 'UTC';"
    "  ELSE ts := CAST(tv AS timestamptz) AT TIME ZONE 'UTC'; END IF;"
    "  FOREACH m IN ARRAY mods LOOP"
    "   IF m IS NULL THEN RETURN NULL; END IF;"
    "   ts := ts + CAST(m AS interval);"
    "  END LOOP;"
    "  IF fmt = '%Y-%m-%dT%H:%M:%fZ' THEN"
    "   RETURN to_char(ts, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'); END IF;"
    "  IF fmt = '%Y-%m-%dT%H:%M:%SZ' THEN"
    "   RETURN to_char(ts, 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'); END IF;"
    "  IF fmt = '%Y-%m-%d' THEN RETURN to_char(ts, 'YYYY-MM-DD'); END IF;"
    "  RAISE EXCEPTION 'strftime: format % is not defined for PostgreSQL (schema_pg.c)', fmt;"
    " END $$;"
    "CREATE FUNCTION json_extract(j text, path text) RETURNS text LANGUAGE sql IMMUTABLE AS"
    " $$ SELECT CASE WHEN path = '$' THEN j"
    "  ELSE CAST(j AS jsonb) #>> string_to_array(substr(path, 3), '.') END $$;"
    "CREATE TABLE service_areas ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL"
    ");"
    "INSERT INTO service_areas (code, name, position) VALUES"
    " ('parent-family-support', 'Parent & Family Support', 1),"
    " ('child-family-assessment', 'Child & Family Assessment', 2),"
    " ('child-protection', 'Child Protection', 3),"
    " ('looked-after-children', 'Looked After Children', 4),"
    " ('placements', 'Placements (Adoption, Fostering and SGO)', 5),"
    " ('care-leavers', 'Care Leavers', 6),"
    " ('youth-offending', 'Youth Offending', 7),"
    " ('workforce', 'Workforce', 8),"
    " ('governance', 'Governance', 9);"
    "CREATE TABLE indicators ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  description TEXT,"
    "  category TEXT NOT NULL CHECK (category IN ('contractual', 'strategic_partnership')),"
    "  service_area TEXT NOT NULL REFERENCES service_areas(code),"
    "  polarity TEXT NOT NULL CHECK (polarity IN ('higher_is_better', 'lower_is_better')),"
    "  unit TEXT NOT NULL,"
    "  decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 3),"
    "  frequency TEXT NOT NULL CHECK (frequency IN ('quarterly', 'annual')),"
    "  benchmarked INTEGER NOT NULL,"
    "  active_from INTEGER,"
    "  active_to INTEGER,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    /* SQLite's implicit rowid, which the indicator lists order by
     * (private/kpi.h) */
    "  rowid BIGINT GENERATED ALWAYS AS IDENTITY"
    ");"
    "CREATE INDEX indicators_area ON indicators (service_area);"
    "CREATE TABLE targets ("
    "  indicator_code TEXT NOT NULL REFERENCES indicators(code) ON DELETE CASCADE,"
    "  from_quarter INTEGER NOT NULL,"
    "  target DOUBLE PRECISION NOT NULL,"
    "  tolerance DOUBLE PRECISION NOT NULL CHECK (tolerance >= 0),"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (indicator_code, from_quarter)"
    ");"
    "CREATE TABLE results ("
    "  quarter INTEGER NOT NULL,"
    "  indicator_code TEXT NOT NULL REFERENCES indicators(code),"
    "  availability TEXT NOT NULL"
    "    CHECK (availability IN ('reported', 'not_available', 'annual_not_due', 'suspended')),"
    "  value DOUBLE PRECISION,"
    "  value_given INTEGER NOT NULL DEFAULT 0,"
    "  numerator INTEGER,"
    "  denominator INTEGER CHECK (denominator IS NULL OR denominator > 0),"
    "  reason TEXT,"
    "  commentary TEXT,"
    "  created_at TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (quarter, indicator_code)"
    ");"
    "CREATE INDEX results_indicator ON results (indicator_code, quarter);"
    "CREATE TABLE api_keys ("
    "  name TEXT PRIMARY KEY,"
    "  role TEXT NOT NULL CHECK (role IN ('reader', 'writer', 'admin')),"
    "  hash BYTEA NOT NULL UNIQUE,"
    "  created_at TEXT NOT NULL,"
    "  revoked_at TEXT"
    ");";

/* Demand measures and their quarterly counts; finance statements, one per
 * quarter, with their lines (money in the statement's units). */
static const char pg_migration_2[] =
    "CREATE TABLE demand_measures ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL"
    ");"
    "INSERT INTO demand_measures (code, name, position) VALUES"
    " ('contacts', 'Contacts to CSC', 1),"
    " ('referrals', 'Referrals', 2),"
    " ('children-in-need', 'Children in Need', 3),"
    " ('looked-after-children', 'Looked After Children', 4);"
    "CREATE TABLE demand_values ("
    "  quarter INTEGER NOT NULL,"
    "  measure_code TEXT NOT NULL REFERENCES demand_measures(code),"
    "  value INTEGER NOT NULL CHECK (value >= 0),"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (quarter, measure_code)"
    ");"
    "CREATE TABLE finance_statements ("
    "  quarter INTEGER PRIMARY KEY,"
    "  units TEXT NOT NULL CHECK (units IN ('gbp', 'gbp_thousands')),"
    "  as_at TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT"
    ");"
    "CREATE TABLE finance_lines ("
    "  quarter INTEGER NOT NULL REFERENCES finance_statements(quarter) ON DELETE CASCADE,"
    "  position INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  parent TEXT,"
    "  budget_gross DOUBLE PRECISION NOT NULL, budget_income DOUBLE PRECISION NOT NULL, budget_net "
    "DOUBLE PRECISION NOT NULL,"
    "  outturn_gross DOUBLE PRECISION NOT NULL, outturn_income DOUBLE PRECISION NOT NULL, "
    "outturn_net DOUBLE PRECISION NOT NULL,"
    "  variance_gross DOUBLE PRECISION, variance_income DOUBLE PRECISION, variance_net DOUBLE "
    "PRECISION,"
    "  covid_variance_net DOUBLE PRECISION,"
    "  PRIMARY KEY (quarter, code)"
    ");";

/* Facts about the database itself, e.g. that the demo data was loaded. */
static const char pg_migration_3[] = "CREATE TABLE settings ("
                                     "  key TEXT PRIMARY KEY,"
                                     "  value TEXT NOT NULL"
                                     ");";

/* History: every change to a stored figure appends a revision holding the
 * row before and after as JSON (results, targets, demand values, finance
 * statements, benchmarks, locks). Rows that existed before this migration
 * get one revision each, dated by their updated_at, so that as_of reads
 * see them. Benchmarks per result; sign-off locks per quarter. */
static const char pg_migration_4[] =
    "CREATE TABLE revisions ("
    "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
    "  quarter INTEGER NOT NULL,"
    "  kind TEXT NOT NULL"
    "    CHECK (kind IN ('result', 'target', 'demand', 'finance', 'benchmark', 'lock', 'unlock')),"
    "  code TEXT,"
    "  at TEXT NOT NULL,"
    "  by TEXT,"
    "  old TEXT,"
    "  new TEXT"
    ");"
    "CREATE INDEX revisions_quarter ON revisions (quarter, id);"
    "CREATE INDEX revisions_figure ON revisions (kind, code, quarter, id);"
    "CREATE TABLE benchmarks ("
    "  quarter INTEGER NOT NULL,"
    "  indicator_code TEXT NOT NULL REFERENCES indicators(code),"
    "  national DOUBLE PRECISION, regional DOUBLE PRECISION, statistical_neighbours DOUBLE "
    "PRECISION,"
    "  regional_rank INTEGER, regional_count INTEGER,"
    "  source TEXT, period INTEGER,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (quarter, indicator_code)"
    ");"
    "CREATE TABLE quarter_locks ("
    "  quarter INTEGER PRIMARY KEY,"
    "  locked_at TEXT NOT NULL,"
    "  locked_by TEXT,"
    "  reason TEXT NOT NULL"
    ");";

/* A data version that every change to what the API shows increments, in
 * the same transaction, whoever writes (the server, `scrutiny import`,
 * another process): the server caches rendered answers by it. */
static const char pg_migration_5[] =
    "INSERT INTO settings (key, value) VALUES ('data_version', '0');"
    /* one function for every table's trigger: settings resolves through
     * the search path, so a schema per organisation keeps its own */
    "CREATE FUNCTION sc_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN UPDATE settings SET value = (CAST(value AS BIGINT) + 1)::text"
    " WHERE key = 'data_version'; RETURN NULL; END $$;" VERSIONED("service_areas")
        VERSIONED("indicators") VERSIONED("targets") VERSIONED("results")
            VERSIONED("demand_measures") VERSIONED("demand_values") VERSIONED("finance_statements")
                VERSIONED("finance_lines") VERSIONED("benchmarks") VERSIONED("quarter_locks");

/* An indicator's history (read once per indicator by a quarter's list for
 * the change/direction/streak context) from the index alone: the result
 * rows of one indicator lie one per quarter across the whole table, so
 * reading them touched a page per quarter. Replaces results_indicator, a
 * prefix of it. */
static const char pg_migration_6[] =
    "CREATE INDEX results_series ON results (indicator_code, quarter, availability, value,"
    " value_given, numerator, denominator, updated_at);"
    "DROP INDEX results_indicator;";

/* The revisions table is rebuilt without its CHECK on kind: the registry of
 * figure kinds (figure.c) is the one list of kinds. Each figure table gets
 * a history table of its versions with the interval in which each was in
 * force: from its revision's time to the time of the next revision of the
 * same figure (NULL while it is the latest), filled from the revisions;
 * as_of reads select from these (figure.c). */
static const char pg_migration_7[] =
    "ALTER TABLE revisions DROP CONSTRAINT revisions_kind_check;"
    "CREATE INDEX revisions_at ON revisions (at);"
    /* every version of every figure, typed as in its table, with the
     * interval it was in force: an as_of read selects from these as fast
     * as a read of now selects from the tables (the column lists are
     * written out here, not shared with figure.c: a migration must not
     * change when the code does) */
    "CREATE TABLE results_history ("
    "  quarter INTEGER NOT NULL, indicator_code TEXT NOT NULL, availability TEXT NOT NULL,"
    "  value DOUBLE PRECISION, value_given INTEGER NOT NULL, numerator INTEGER, denominator "
    "INTEGER,"
    "  reason TEXT, commentary TEXT, created_at TEXT, updated_at TEXT, updated_by TEXT,"
    "  valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX results_history_key ON results_history (quarter, indicator_code, valid_from);"
    "CREATE INDEX results_history_series ON results_history (indicator_code, quarter, valid_from,"
    " valid_to, availability, value, value_given, numerator, denominator, updated_at);"
    "CREATE TABLE targets_history ("
    "  indicator_code TEXT NOT NULL, from_quarter INTEGER NOT NULL, target DOUBLE PRECISION NOT "
    "NULL,"
    "  tolerance DOUBLE PRECISION NOT NULL, updated_at TEXT, updated_by TEXT,"
    "  valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX targets_history_key ON targets_history (indicator_code, from_quarter,"
    " valid_from);"
    "CREATE TABLE demand_values_history ("
    "  quarter INTEGER NOT NULL, measure_code TEXT NOT NULL, value INTEGER NOT NULL,"
    "  updated_at TEXT, updated_by TEXT, valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX demand_values_history_key ON demand_values_history (quarter, measure_code,"
    " valid_from);"
    "CREATE INDEX demand_values_history_measure ON demand_values_history (measure_code,"
    " quarter);"
    "CREATE TABLE finance_statements_history ("
    "  quarter INTEGER NOT NULL, units TEXT NOT NULL, as_at TEXT, updated_at TEXT,"
    "  updated_by TEXT, valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX finance_statements_history_key ON finance_statements_history (quarter,"
    " valid_from);"
    "CREATE TABLE finance_lines_history ("
    "  quarter INTEGER NOT NULL, position INTEGER NOT NULL, code TEXT NOT NULL,"
    "  name TEXT NOT NULL, parent TEXT,"
    "  budget_gross DOUBLE PRECISION NOT NULL, budget_income DOUBLE PRECISION NOT NULL, budget_net "
    "DOUBLE PRECISION NOT NULL,"
    "  outturn_gross DOUBLE PRECISION NOT NULL, outturn_income DOUBLE PRECISION NOT NULL, "
    "outturn_net DOUBLE PRECISION NOT NULL,"
    "  variance_gross DOUBLE PRECISION, variance_income DOUBLE PRECISION, variance_net DOUBLE "
    "PRECISION, covid_variance_net DOUBLE PRECISION,"
    "  valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX finance_lines_history_key ON finance_lines_history (quarter, valid_from,"
    " position);"
    "CREATE TABLE benchmarks_history ("
    "  quarter INTEGER NOT NULL, indicator_code TEXT NOT NULL, national DOUBLE PRECISION, regional "
    "DOUBLE PRECISION,"
    "  statistical_neighbours DOUBLE PRECISION, regional_rank INTEGER, regional_count INTEGER,"
    "  source TEXT, period INTEGER, updated_at TEXT, updated_by TEXT,"
    "  valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX benchmarks_history_key ON benchmarks_history (quarter, indicator_code,"
    " valid_from);";

/* Migration 8: where a target comes from and when it is to be reviewed
 * (docs/API.md §11), on the targets and on their history, so that a read
 * as_of an instant shows the provenance that was stored then. */
static const char pg_migration_8[] =
    "ALTER TABLE targets ADD COLUMN source TEXT"
    " CHECK (source IS NULL OR source IN ('statutory', 'national', 'local'));"
    "ALTER TABLE targets ADD COLUMN rationale TEXT;"
    "ALTER TABLE targets ADD COLUMN approved_by TEXT;"
    "ALTER TABLE targets ADD COLUMN review_by TEXT;"
    "ALTER TABLE targets_history ADD COLUMN source TEXT;"
    "ALTER TABLE targets_history ADD COLUMN rationale TEXT;"
    "ALTER TABLE targets_history ADD COLUMN approved_by TEXT;"
    "ALTER TABLE targets_history ADD COLUMN review_by TEXT;";

/* The count behind a percentage whose denominator is not published
 * ("95% (891) completed in timescale"), kept in the history too so that
 * as_of shows it. */
static const char pg_migration_9[] = "ALTER TABLE results ADD COLUMN count INTEGER;"
                                     "ALTER TABLE results_history ADD COLUMN count INTEGER;";

/* Issue 14 items 6 and 7 (migration 11). The care ladder: placement types
 * (definitions, ordered, with the group that tells in-house fostering from
 * agency fostering) and each rung's quarterly placement figures; the child
 * population per financial year (first_quarter is the year's Q1), from
 * which snapshot demand measures get a rate per 10,000; comparator rates
 * for demand values, with the columns of a result's benchmarks. Demand
 * measures say whether they count activity in the quarter (flow, the
 * default, so that existing clients keep working) or a count at its end
 * (snapshot). Each figure table has its history, as in migration 7. */
static const char pg_migration_11[] =
    "ALTER TABLE demand_measures ADD COLUMN kind TEXT NOT NULL DEFAULT 'flow'"
    "  CHECK (kind IN ('flow', 'snapshot'));"
    "CREATE TABLE placement_types ("
    "  code TEXT PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  ladder_group TEXT NOT NULL DEFAULT 'other'"
    "    CHECK (ladder_group IN ('fostering_in_house', 'fostering_agency', 'other'))"
    ");"
    "CREATE TABLE placements ("
    "  quarter INTEGER NOT NULL,"
    "  type_code TEXT NOT NULL REFERENCES placement_types(code),"
    "  count INTEGER NOT NULL CHECK (count >= 0),"
    "  budgeted_count INTEGER, contract_count INTEGER,"
    "  average_weekly_cost DOUBLE PRECISION, budgeted_weekly_cost DOUBLE PRECISION,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (quarter, type_code)"
    ");"
    "CREATE TABLE placements_history ("
    "  quarter INTEGER NOT NULL, type_code TEXT NOT NULL, count INTEGER NOT NULL,"
    "  budgeted_count INTEGER, contract_count INTEGER, average_weekly_cost DOUBLE PRECISION,"
    "  budgeted_weekly_cost DOUBLE PRECISION, updated_at TEXT, updated_by TEXT,"
    "  valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX placements_history_key ON placements_history (quarter, type_code,"
    " valid_from);"
    "CREATE TABLE populations ("
    "  first_quarter INTEGER PRIMARY KEY,"
    "  children INTEGER NOT NULL CHECK (children > 0),"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT"
    ");"
    "CREATE TABLE populations_history ("
    "  first_quarter INTEGER NOT NULL, children INTEGER NOT NULL, updated_at TEXT,"
    "  updated_by TEXT, valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX populations_history_key ON populations_history (first_quarter, valid_from);"
    "CREATE TABLE demand_benchmarks ("
    "  quarter INTEGER NOT NULL,"
    "  measure_code TEXT NOT NULL REFERENCES demand_measures(code),"
    "  national DOUBLE PRECISION, regional DOUBLE PRECISION, statistical_neighbours DOUBLE "
    "PRECISION,"
    "  regional_rank INTEGER, regional_count INTEGER,"
    "  source TEXT, period INTEGER,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (quarter, measure_code)"
    ");"
    "CREATE TABLE demand_benchmarks_history ("
    "  quarter INTEGER NOT NULL, measure_code TEXT NOT NULL, national DOUBLE PRECISION, regional "
    "DOUBLE PRECISION,"
    "  statistical_neighbours DOUBLE PRECISION, regional_rank INTEGER, regional_count INTEGER,"
    "  source TEXT, period INTEGER, updated_at TEXT, updated_by TEXT,"
    "  valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX demand_benchmarks_history_key ON demand_benchmarks_history (quarter,"
    " measure_code, valid_from);" VERSIONED("placement_types") VERSIONED("placements")
        VERSIONED("populations") VERSIONED("demand_benchmarks");

/* Everything the papers print about finance (docs/API.md §16).
 *
 * A quarter keeps every statement it receives, one per forecast month:
 * statements are keyed by (quarter, month), month being the statement's
 * as_at or, without one, the quarter's last month ('YYYY-MM'; the
 * expression below is that month of a quarter stored as start_year * 4 +
 * n - 1). The two tables are rebuilt for the new key (finance_lines
 * without its foreign key: the store always writes a statement and its
 * lines together), finance revisions are keyed by the month (their code),
 * and the history tables get the month of each version.
 *
 * A statement may carry its totals as published (the Grand Total row); a
 * breakdown line may carry only a variance (variance_only: its budget and
 * outturn are stored as zero and not shown; a net-only variance leaves
 * gross and income NULL); a line may give why it is not a key variance.
 * And each financial year's risk share is a figure kind of its own. */
static const char pg_migration_10[] =
    "CREATE TABLE finance_statements_10 ("
    "  quarter INTEGER NOT NULL,"
    "  month TEXT NOT NULL,"
    "  units TEXT NOT NULL CHECK (units IN ('gbp', 'gbp_thousands')),"
    "  as_at TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  total_budget_gross DOUBLE PRECISION, total_budget_income DOUBLE PRECISION, total_budget_net "
    "DOUBLE PRECISION,"
    "  total_outturn_gross DOUBLE PRECISION, total_outturn_income DOUBLE PRECISION, "
    "total_outturn_net DOUBLE PRECISION,"
    "  total_variance_gross DOUBLE PRECISION, total_variance_income DOUBLE PRECISION, "
    "total_variance_net DOUBLE PRECISION,"
    "  total_covid_variance_net DOUBLE PRECISION,"
    "  PRIMARY KEY (quarter, month)"
    ");"
    "INSERT INTO finance_statements_10 (quarter, month, units, as_at, updated_at, updated_by)"
    " SELECT quarter, COALESCE(as_at,"
    "  CAST(quarter / 4 + CASE WHEN quarter % 4 = 3 THEN 1 ELSE 0 END AS TEXT) ||"
    "  CASE quarter % 4 WHEN 0 THEN '-06' WHEN 1 THEN '-09' WHEN 2 THEN '-12' ELSE '-03' END),"
    "  units, as_at, updated_at, updated_by FROM finance_statements;"
    "CREATE TABLE finance_lines_10 ("
    "  quarter INTEGER NOT NULL,"
    "  month TEXT NOT NULL,"
    "  position INTEGER NOT NULL,"
    "  code TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  parent TEXT,"
    "  budget_gross DOUBLE PRECISION NOT NULL, budget_income DOUBLE PRECISION NOT NULL, budget_net "
    "DOUBLE PRECISION NOT NULL,"
    "  outturn_gross DOUBLE PRECISION NOT NULL, outturn_income DOUBLE PRECISION NOT NULL, "
    "outturn_net DOUBLE PRECISION NOT NULL,"
    "  variance_gross DOUBLE PRECISION, variance_income DOUBLE PRECISION, variance_net DOUBLE "
    "PRECISION,"
    "  covid_variance_net DOUBLE PRECISION,"
    "  variance_only INTEGER NOT NULL DEFAULT 0,"
    "  exclusion_reason TEXT,"
    "  PRIMARY KEY (quarter, month, code)"
    ");"
    "INSERT INTO finance_lines_10 (quarter, month, position, code, name, parent, budget_gross,"
    " budget_income, budget_net, outturn_gross, outturn_income, outturn_net, variance_gross,"
    " variance_income, variance_net, covid_variance_net)"
    " SELECT l.quarter, s.month, l.position, l.code, l.name, l.parent, l.budget_gross,"
    " l.budget_income, l.budget_net, l.outturn_gross, l.outturn_income, l.outturn_net,"
    " l.variance_gross, l.variance_income, l.variance_net, l.covid_variance_net"
    " FROM finance_lines l JOIN finance_statements_10 s ON s.quarter = l.quarter;"
    "DROP TABLE finance_lines;"
    "DROP TABLE finance_statements;"
    "ALTER TABLE finance_statements_10 RENAME TO finance_statements;"
    "ALTER TABLE finance_lines_10 RENAME TO finance_lines;" VERSIONED("finance_statements")
        VERSIONED(
            "finance_lines") "UPDATE revisions SET code = (SELECT s.month FROM finance_statements s"
                             " WHERE s.quarter = revisions.quarter) WHERE kind = 'finance';"
                             "ALTER TABLE finance_statements_history ADD COLUMN total_budget_gross "
                             "DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN "
                             "total_budget_income DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN total_budget_net "
                             "DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN "
                             "total_outturn_gross DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN "
                             "total_outturn_income DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN total_outturn_net "
                             "DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN "
                             "total_variance_gross DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN "
                             "total_variance_income DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN total_variance_net "
                             "DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN "
                             "total_covid_variance_net DOUBLE PRECISION;"
                             "ALTER TABLE finance_statements_history ADD COLUMN month TEXT;"
                             "UPDATE finance_statements_history SET month = COALESCE(as_at,"
                             "  CAST(quarter / 4 + CASE WHEN quarter % 4 = 3 THEN 1 ELSE 0 END AS "
                             "TEXT) ||"
                             "  CASE quarter % 4 WHEN 0 THEN '-06' WHEN 1 THEN '-09' WHEN 2 THEN "
                             "'-12' ELSE '-03' END);"
                             "ALTER TABLE finance_lines_history ADD COLUMN variance_only INTEGER "
                             "NOT NULL DEFAULT 0;"
                             "ALTER TABLE finance_lines_history ADD COLUMN exclusion_reason TEXT;"
                             "ALTER TABLE finance_lines_history ADD COLUMN month TEXT;"
                             "UPDATE finance_lines_history SET month = (SELECT s.month FROM "
                             "finance_statements_history s"
                             " WHERE s.quarter = finance_lines_history.quarter"
                             " AND s.valid_from = finance_lines_history.valid_from);"
                             /* the contract's share of an over- or underspend per financial year
                              * (year: the sc_period of its first quarter) */
                             "CREATE TABLE risk_shares ("
                             "  year INTEGER PRIMARY KEY,"
                             "  council_pct DOUBLE PRECISION NOT NULL CHECK (council_pct >= 0 AND "
                             "council_pct <= 100),"
                             "  trust_pct DOUBLE PRECISION NOT NULL CHECK (trust_pct >= 0 AND "
                             "trust_pct <= 100),"
                             "  updated_at TEXT NOT NULL,"
                             "  updated_by TEXT"
                             ");"
                             "CREATE TABLE risk_shares_history ("
                             "  year INTEGER NOT NULL, council_pct DOUBLE PRECISION NOT NULL, "
                             "trust_pct DOUBLE PRECISION NOT NULL,"
                             "  updated_at TEXT, updated_by TEXT, valid_from TEXT NOT NULL, "
                             "valid_to TEXT);"
                             "CREATE INDEX risk_shares_history_key ON risk_shares_history (year, "
                             "valid_from);" VERSIONED("risk_shares");

/* Migration 12 (issue 14, the papers as published): a result's year to
 * date figure, kept in its history too so that as_of shows it; a KPI's
 * outturn per financial year (outturn.h), keyed by the year's Q4, with its
 * history and the data-version triggers. */
static const char pg_migration_12[] =
    "ALTER TABLE results ADD COLUMN year_to_date DOUBLE PRECISION;"
    "ALTER TABLE results_history ADD COLUMN year_to_date DOUBLE PRECISION;"
    "CREATE TABLE outturns ("
    "  quarter INTEGER NOT NULL,"
    "  indicator_code TEXT NOT NULL REFERENCES indicators(code),"
    "  value DOUBLE PRECISION,"
    "  value_given INTEGER NOT NULL DEFAULT 0,"
    "  numerator INTEGER,"
    "  denominator INTEGER CHECK (denominator IS NULL OR denominator > 0),"
    "  commentary TEXT,"
    "  updated_at TEXT NOT NULL,"
    "  updated_by TEXT,"
    "  PRIMARY KEY (quarter, indicator_code)"
    ");"
    "CREATE INDEX outturns_indicator ON outturns (indicator_code, quarter);"
    "CREATE TABLE outturns_history ("
    "  quarter INTEGER NOT NULL, indicator_code TEXT NOT NULL, value DOUBLE PRECISION,"
    "  value_given INTEGER NOT NULL, numerator INTEGER, denominator INTEGER, commentary TEXT,"
    "  updated_at TEXT, updated_by TEXT, valid_from TEXT NOT NULL, valid_to TEXT);"
    "CREATE INDEX outturns_history_key ON outturns_history (quarter, indicator_code, valid_from);"
    "CREATE INDEX outturns_history_indicator ON outturns_history (indicator_code, quarter,"
    " valid_from);" VERSIONED("outturns");

/* Migration 13: the scrutiny cycle (docs/API.md §19a-c): each
 * quarter's calendar (when the return is due, the meetings that read it),
 * members' questions with the trust's answers, webhook subscriptions
 * and their delivery log. The calendar's and questions' edits are
 * revisions (kinds calendar and question); the triggers keep the render
 * cache honest. */
static const char pg_migration_13[] =
    "CREATE TABLE quarter_calendars ("
    "  quarter INTEGER PRIMARY KEY, return_due TEXT NOT NULL,"
    "  updated_at TEXT NOT NULL, updated_by TEXT);"
    "CREATE TABLE quarter_meetings ("
    "  quarter INTEGER NOT NULL REFERENCES quarter_calendars(quarter),"
    "  position INTEGER NOT NULL, date TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('finance_review', 'challenge', 'scrutiny')),"
    "  name TEXT, PRIMARY KEY (quarter, position));"
    "CREATE TABLE questions ("
    "  id BIGINT PRIMARY KEY, quarter INTEGER NOT NULL, text TEXT NOT NULL,"
    "  asked_by TEXT NOT NULL, indicator_code TEXT, line_code TEXT, due_by TEXT NOT NULL,"
    "  asked_at TEXT NOT NULL, recorded_by TEXT, answer TEXT, answered_by TEXT,"
    "  answered_at TEXT, answer_revision BIGINT);"
    "CREATE INDEX questions_quarter ON questions (quarter, id);" VERSIONED("quarter_calendars")
        VERSIONED("quarter_meetings") VERSIONED(
            "questions") "CREATE TABLE webhooks ("
                         "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, url TEXT NOT "
                         "NULL,"
                         "  secret TEXT NOT NULL,"
                         "  events INTEGER NOT NULL, created_at TEXT NOT NULL, created_by TEXT);"
                         "CREATE TABLE webhook_deliveries ("
                         "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                         "  webhook_id BIGINT NOT NULL REFERENCES webhooks(id),"
                         "  event TEXT NOT NULL, quarter INTEGER, body TEXT NOT NULL,"
                         "  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', "
                         "'failed')),"
                         "  attempts INTEGER NOT NULL, status_code INTEGER, response TEXT, error "
                         "TEXT,"
                         "  created_at TEXT NOT NULL, last_attempt_at TEXT, next_attempt_at TEXT);"
                         "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, "
                         "next_attempt_at);"
                         "CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, "
                         "id);"
                         "CREATE INDEX webhook_deliveries_hook_due ON webhook_deliveries "
                         "(webhook_id, state,"
                         " next_attempt_at);"
                         "CREATE INDEX webhook_deliveries_event ON webhook_deliveries (event, "
                         "quarter);" VERSIONED("webhooks") VERSIONED("webhook_deliveries");

/* Migration 14: the signed-off packs (pack.h). One row per lock, written in
 * the lock's transaction: the digests of the report in every format and of
 * its figures, and the data version then. A relock adds a row; the newest
 * is the quarter's pack. Not a figure kind: nobody pushes it, and it is
 * never changed once written. */
static const char pg_migration_14[] = "CREATE TABLE quarter_packs ("
                                      "  quarter INTEGER NOT NULL,"
                                      "  as_of TEXT NOT NULL,"
                                      "  data_version BIGINT NOT NULL,"
                                      "  text_sha256 TEXT NOT NULL,"
                                      "  markdown_sha256 TEXT NOT NULL,"
                                      "  csv_sha256 TEXT NOT NULL,"
                                      "  xlsx_sha256 TEXT NOT NULL,"
                                      "  json_sha256 TEXT NOT NULL,"
                                      "  figures_sha256 TEXT NOT NULL,"
                                      "  PRIMARY KEY (quarter, as_of)"
                                      ");";

/* Migration 15 (organisations) is plain SQL: both engines run schema.c's
 * text, sc_schema_migration_15. */
const char *const sc_schema_pg_migrations[] = {
    pg_migration_1,  pg_migration_2,  pg_migration_3,  pg_migration_4,  pg_migration_5,
    pg_migration_6,  pg_migration_7,  pg_migration_8,  pg_migration_9,  pg_migration_10,
    pg_migration_11, pg_migration_12, pg_migration_13, pg_migration_14, sc_schema_migration_15};
const int sc_schema_pg_migration_count =
    sizeof sc_schema_pg_migrations / sizeof *sc_schema_pg_migrations;
