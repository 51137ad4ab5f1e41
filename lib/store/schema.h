/* schema.h - the numbered migrations that build the database schema. */
#ifndef SC_SCHEMA_H
#define SC_SCHEMA_H

/* sc_schema_migrations[i] takes user_version i to i + 1. */
extern const char *const sc_schema_migrations[];
extern const int sc_schema_migration_count;

#endif
