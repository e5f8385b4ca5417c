/* yb-refhall-db.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallDb"

#include "config.h"

#include <gio/gio.h>

#include "yb-refhall.h"

static const char schema[] =
  "PRAGMA journal_mode=WAL;"
  "PRAGMA synchronous=NORMAL;"
  "PRAGMA foreign_keys=ON;"
  "PRAGMA cache_size=-65536;"
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS accounts ("
  "  account TEXT PRIMARY KEY, salt BLOB NOT NULL, hash BLOB NOT NULL,"
  "  iterations INTEGER NOT NULL, credit_code TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS tokens ("
  "  token_hash TEXT PRIMARY KEY, kind TEXT NOT NULL, account TEXT NOT NULL,"
  "  credit_code TEXT NOT NULL, expires_at INTEGER NOT NULL, partner TEXT);"
  "CREATE TABLE IF NOT EXISTS challenges ("
  "  id TEXT PRIMARY KEY, nonce BLOB NOT NULL, expires_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS units ("
  "  unit_no TEXT PRIMARY KEY, credit_code TEXT NOT NULL, region TEXT NOT NULL,"
  "  name TEXT NOT NULL, unit_type TEXT, legal_person TEXT, address TEXT, postcode TEXT,"
  "  industry TEXT, contact_name TEXT, contact_phone TEXT, agent_name TEXT, agent_phone TEXT,"
  "  email TEXT, registration_no TEXT, registered_on TEXT, authority TEXT,"
  "  reg_status TEXT NOT NULL DEFAULT 'normal', bank_category TEXT, bank_name TEXT,"
  "  account_name TEXT, account_no TEXT, revision INTEGER NOT NULL DEFAULT 1);"
  "CREATE INDEX IF NOT EXISTS units_credit ON units (credit_code);"
  "CREATE TABLE IF NOT EXISTS people ("
  "  unit_no TEXT NOT NULL REFERENCES units (unit_no), person_no TEXT NOT NULL,"
  "  id_type TEXT NOT NULL DEFAULT '01', id_number TEXT NOT NULL, name TEXT NOT NULL,"
  "  sex TEXT, birth_date TEXT, ethnicity TEXT, education TEXT, hukou_type TEXT,"
  "  work_start TEXT, phone TEXT, address TEXT, postcode TEXT, email TEXT,"
  "  status TEXT NOT NULL, start_month INTEGER NOT NULL, stop_month INTEGER,"
  "  last_paid INTEGER, wage_cents INTEGER NOT NULL, base_cents INTEGER NOT NULL,"
  "  employment_form TEXT, add_reason TEXT, reduce_reason TEXT, contract_start TEXT,"
  "  contract_end TEXT, job_type TEXT,"
  "  revision INTEGER NOT NULL, PRIMARY KEY (unit_no, person_no));"
  "CREATE UNIQUE INDEX IF NOT EXISTS people_revision ON people (unit_no, revision);"
  "CREATE INDEX IF NOT EXISTS people_id_number ON people (id_number);"
  "CREATE TABLE IF NOT EXISTS declarations ("
  "  id TEXT PRIMARY KEY, unit_no TEXT NOT NULL, idem_key TEXT NOT NULL, kind TEXT NOT NULL,"
  "  fields TEXT NOT NULL, materials TEXT NOT NULL, status TEXT NOT NULL, reason TEXT,"
  "  submitted_at INTEGER NOT NULL, submitted_day TEXT NOT NULL, submitted_real INTEGER NOT NULL,"
  "  decided_at INTEGER,"
  "  person_no TEXT, id_number TEXT, name TEXT);"
  "CREATE INDEX IF NOT EXISTS declarations_unit ON declarations (unit_no, status, submitted_at);"
  "CREATE TABLE IF NOT EXISTS idempotency ("
  "  unit_no TEXT NOT NULL, idem_key TEXT NOT NULL, answer TEXT NOT NULL,"
  "  PRIMARY KEY (unit_no, idem_key));"
  "CREATE TABLE IF NOT EXISTS materials ("
  "  id TEXT PRIMARY KEY, unit_no TEXT NOT NULL, content_type TEXT NOT NULL,"
  "  size INTEGER NOT NULL, sha256 TEXT NOT NULL, filename TEXT, data BLOB NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS payments ("
  "  unit_no TEXT NOT NULL, person_no TEXT NOT NULL, period INTEGER NOT NULL,"
  "  insurance TEXT NOT NULL, base_cents INTEGER NOT NULL, unit_cents INTEGER NOT NULL,"
  "  personal_cents INTEGER NOT NULL,"
  "  PRIMARY KEY (unit_no, period, insurance, person_no));"
  "CREATE TABLE IF NOT EXISTS certificates ("
  "  code TEXT PRIMARY KEY, kind TEXT NOT NULL, unit_no TEXT NOT NULL, person_no TEXT,"
  "  subject TEXT NOT NULL, issued_at INTEGER NOT NULL, valid_until INTEGER NOT NULL);";

/**
 * yb_refhall_db_open:
 * @hall: the hall
 * @path: a file name or ":memory:"
 * @error: return location for an error
 *
 * Opens (creating if needed) the hall database and its schema.
 *
 * Returns: %TRUE on success
 */
gboolean
yb_refhall_db_open (YbRefhall  *hall,
                    const char *path,
                    GError    **error)
{
  g_return_val_if_fail (hall->db == NULL, FALSE);

  if (sqlite3_open_v2 (path, &hall->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot open database %s: %s", path,
                   hall->db ? sqlite3_errmsg (hall->db) : "out of memory");
      return FALSE;
    }
  sqlite3_busy_timeout (hall->db, 5000);
  return yb_refhall_db_exec (hall, schema, error);
}

/**
 * yb_refhall_db_exec:
 * @hall: the hall
 * @sql: constant SQL without parameters (schema, transactions)
 * @error: return location for an error
 *
 * Returns: %TRUE on success
 */
gboolean
yb_refhall_db_exec (YbRefhall  *hall,
                    const char *sql,
                    GError    **error)
{
  char *msg = NULL;

  if (sqlite3_exec (hall->db, sql, NULL, NULL, &msg) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "SQL failed: %s", msg);
      sqlite3_free (msg);
      return FALSE;
    }
  return TRUE;
}

/**
 * yb_refhall_db_prepare:
 * @hall: the hall
 * @sql: one SQL statement with `?` parameters
 *
 * Prepares a statement; a failure is a programming error.
 *
 * Returns: (transfer full): the statement, finalize it with sqlite3_finalize()
 */
sqlite3_stmt *
yb_refhall_db_prepare (YbRefhall  *hall,
                       const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (hall->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot prepare %s: %s", sql, sqlite3_errmsg (hall->db));
  return stmt;
}

/**
 * yb_refhall_db_begin:
 * @hall: the hall
 *
 * Starts an immediate transaction.
 */
void
yb_refhall_db_begin (YbRefhall *hall)
{
  g_autoptr(GError) error = NULL;

  if (!yb_refhall_db_exec (hall, "BEGIN IMMEDIATE", &error))
    g_warning ("%s", error->message);
}

/**
 * yb_refhall_db_commit:
 * @hall: the hall
 *
 * Commits the current transaction.
 */
void
yb_refhall_db_commit (YbRefhall *hall)
{
  g_autoptr(GError) error = NULL;

  if (!yb_refhall_db_exec (hall, "COMMIT", &error))
    g_warning ("%s", error->message);
}

/**
 * yb_refhall_db_rollback:
 * @hall: the hall
 *
 * Rolls the current transaction back.
 */
void
yb_refhall_db_rollback (YbRefhall *hall)
{
  g_autoptr(GError) error = NULL;

  if (!yb_refhall_db_exec (hall, "ROLLBACK", &error))
    g_warning ("%s", error->message);
}

/**
 * yb_refhall_db_next_seq:
 * @hall: the hall
 * @name: the sequence name
 *
 * Returns: the next value (from 1) of a named sequence kept in the meta table
 */
gint64
yb_refhall_db_next_seq (YbRefhall  *hall,
                        const char *name)
{
  sqlite3_stmt *stmt;
  gint64 value = 0;

  stmt = yb_refhall_db_prepare (hall,
                                "INSERT INTO meta (key, value) VALUES (?, 1) "
                                "ON CONFLICT (key) DO UPDATE SET value = value + 1 "
                                "RETURNING value");
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/**
 * yb_refhall_db_count:
 * @hall: the hall
 * @sql: a query returning one integer, with at most one text parameter
 * @arg: (nullable): the parameter
 *
 * Returns: the integer, or -1 when the query returns no row
 */
gint64
yb_refhall_db_count (YbRefhall  *hall,
                     const char *sql,
                     const char *arg)
{
  sqlite3_stmt *stmt = yb_refhall_db_prepare (hall, sql);
  gint64 value = -1;

  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/**
 * yb_refhall_db_column_dup:
 * @stmt: a statement on a row
 * @column: the column
 *
 * Returns: (transfer full) (nullable): the text of the column, %NULL for SQL NULL
 */
char *
yb_refhall_db_column_dup (sqlite3_stmt *stmt,
                          int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}
