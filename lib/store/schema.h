/* schema.h - the numbered migrations that build the database schema, one
 * list per engine (schema.c for SQLite, schema_pg.c for PostgreSQL). Both
 * lists have the same length and number: migration i of each builds the
 * same tables, so a database of either engine at version n holds the same
 * things; sc_store_open refuses to run when the counts differ. */
#ifndef SC_SCHEMA_H
#define SC_SCHEMA_H

/* sc_schema_migrations[i] takes user_version i to i + 1. */
extern const char *const sc_schema_migrations[];
extern const int sc_schema_migration_count;

/* Migrations written in SQL both engines take, listed by both arrays. */
extern const char sc_schema_migration_15[];

/* sc_schema_pg_migrations[i] takes schema_version i to i + 1. */
extern const char *const sc_schema_pg_migrations[];
extern const int sc_schema_pg_migration_count;

#endif
