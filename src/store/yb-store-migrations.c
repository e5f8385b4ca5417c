/* yb-store-migrations.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStore"

#include <glib/gi18n-lib.h>

#include "yb-store-private.h"

/* The full-text triggers keep roster_fts (unicode61, prefixes of 1 and 2 characters for
 * one-character surnames) and roster_tri (trigram, for ID and phone substrings) in step with
 * the live rows of the roster. Tombstoned rows are not indexed. They are dropped during a bulk
 * load, which rebuilds both indexes at the end, and created again in the same transaction. */
#define ROSTER_FTS_TRIGGERS \
  "CREATE TRIGGER roster_fts_ai AFTER INSERT ON roster WHEN new.deleted = 0 BEGIN\n" \
  "  INSERT INTO roster_fts (rowid, name, id_number, person_no, phone)\n" \
  "    VALUES (new.id, new.name, new.id_number, new.person_no, new.phone);\n" \
  "  INSERT INTO roster_tri (rowid, id_number, phone)\n" \
  "    VALUES (new.id, new.id_number, new.phone);\n" \
  "END;\n" \
  "CREATE TRIGGER roster_fts_ad AFTER DELETE ON roster WHEN old.deleted = 0 BEGIN\n" \
  "  INSERT INTO roster_fts (roster_fts, rowid, name, id_number, person_no, phone)\n" \
  "    VALUES ('delete', old.id, old.name, old.id_number, old.person_no, old.phone);\n" \
  "  INSERT INTO roster_tri (roster_tri, rowid, id_number, phone)\n" \
  "    VALUES ('delete', old.id, old.id_number, old.phone);\n" \
  "END;\n" \
  "CREATE TRIGGER roster_fts_au AFTER UPDATE OF name, id_number, person_no, phone, deleted\n" \
  "  ON roster BEGIN\n" \
  "  INSERT INTO roster_fts (roster_fts, rowid, name, id_number, person_no, phone)\n" \
  "    SELECT 'delete', old.id, old.name, old.id_number, old.person_no, old.phone\n" \
  "    WHERE old.deleted = 0;\n" \
  "  INSERT INTO roster_tri (roster_tri, rowid, id_number, phone)\n" \
  "    SELECT 'delete', old.id, old.id_number, old.phone WHERE old.deleted = 0;\n" \
  "  INSERT INTO roster_fts (rowid, name, id_number, person_no, phone)\n" \
  "    SELECT new.id, new.name, new.id_number, new.person_no, new.phone WHERE new.deleted = 0;\n" \
  "  INSERT INTO roster_tri (rowid, id_number, phone)\n" \
  "    SELECT new.id, new.id_number, new.phone WHERE new.deleted = 0;\n" \
  "END;\n"

/* Migration n brings a database from user_version n - 1 to n. Never edit a released entry:
 * add a new one. */
static const char *const migrations[] = {
  /* 1: meta, units, sync cursors, the roster cache and its search indexes */
  "CREATE TABLE meta (\n"
  "  key TEXT PRIMARY KEY NOT NULL,\n"
  "  value TEXT\n"
  ") WITHOUT ROWID;\n"
  "INSERT INTO meta (key, value) VALUES ('roster_count', '0');\n"
  "CREATE TABLE units (\n"
  "  unit_no TEXT PRIMARY KEY NOT NULL,\n"
  "  credit_code TEXT,\n"
  "  name TEXT,\n"
  "  region TEXT,\n"
  "  data TEXT NOT NULL,\n"
  "  as_of INTEGER NOT NULL\n"
  ");\n"
  "CREATE TABLE sync_cursors (\n"
  "  name TEXT PRIMARY KEY NOT NULL,\n"
  "  value TEXT,\n"
  "  updated_at INTEGER NOT NULL\n"
  ") WITHOUT ROWID;\n"
  "CREATE TABLE roster (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  person_no TEXT NOT NULL UNIQUE,\n"
  "  revision INTEGER NOT NULL DEFAULT 0,\n"
  "  id_type TEXT,\n"
  "  id_number TEXT,\n"
  "  name TEXT NOT NULL DEFAULT '',\n"
  "  sex TEXT,\n"
  "  birth_date TEXT,\n"
  "  phone TEXT,\n"
  "  status TEXT,\n"
  "  employment_form TEXT,\n"
  "  hukou_type TEXT,\n"
  "  base INTEGER,\n"
  "  wage INTEGER,\n"
  "  insured_from TEXT,\n"
  "  stop_month TEXT,\n"
  "  deleted INTEGER NOT NULL DEFAULT 0,\n"
  "  data TEXT NOT NULL,\n"
  "  synced_at INTEGER NOT NULL\n"
  ");\n"
  "CREATE INDEX roster_by_name ON roster (name, id) WHERE deleted = 0;\n"
  "CREATE INDEX roster_by_id_number ON roster (id_number, id) WHERE deleted = 0;\n"
  "CREATE INDEX roster_by_insured_from ON roster (insured_from, id) WHERE deleted = 0;\n"
  "CREATE VIRTUAL TABLE roster_fts USING fts5 (\n"
  "  name, id_number, person_no, phone,\n"
  "  content = 'roster', content_rowid = 'id',\n"
  "  tokenize = 'unicode61', prefix = '1 2');\n"
  "CREATE VIRTUAL TABLE roster_tri USING fts5 (\n"
  "  id_number, phone,\n"
  "  content = 'roster', content_rowid = 'id',\n"
  "  tokenize = 'trigram');\n"
  ROSTER_FTS_TRIGGERS,

  /* 2: drafts and the outbox, and the append-only action log */
  "CREATE TABLE declarations (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  kind TEXT NOT NULL,\n"
  "  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'queued', 'sending',\n"
  "    'send-error', 'submitted', 'approved', 'rejected', 'withdrawn')),\n"
  "  fields TEXT NOT NULL DEFAULT '{}',\n"
  "  findings TEXT,\n"
  "  person_name TEXT,\n"
  "  person_id_number TEXT,\n"
  "  idempotency_key TEXT UNIQUE,\n"
  "  hall_id TEXT,\n"
  "  hall_status TEXT,\n"
  "  reject_reason TEXT,\n"
  "  field_errors TEXT,\n"
  "  attempts INTEGER NOT NULL DEFAULT 0,\n"
  "  next_retry_at INTEGER,\n"
  "  last_error TEXT,\n"
  "  copied_from INTEGER REFERENCES declarations (id) ON DELETE SET NULL,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  updated_at INTEGER NOT NULL,\n"
  "  submitted_at INTEGER,\n"
  "  decided_at INTEGER\n"
  ");\n"
  "CREATE INDEX declarations_by_state ON declarations (state, id);\n"
  "CREATE INDEX declarations_by_hall_id ON declarations (hall_id) WHERE hall_id IS NOT NULL;\n"
  "CREATE TABLE action_log (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  at INTEGER NOT NULL,\n"
  "  action TEXT NOT NULL,\n"
  "  declaration_id INTEGER,\n"
  "  from_state TEXT,\n"
  "  to_state TEXT,\n"
  "  detail TEXT\n"
  ");\n"
  "CREATE INDEX action_log_by_declaration ON action_log (declaration_id, id)\n"
  "  WHERE declaration_id IS NOT NULL;\n"
  "CREATE TRIGGER action_log_no_update BEFORE UPDATE ON action_log BEGIN\n"
  "  SELECT RAISE (ABORT, 'action_log is append-only');\n"
  "END;\n"
  "CREATE TRIGGER action_log_no_delete BEFORE DELETE ON action_log BEGIN\n"
  "  SELECT RAISE (ABORT, 'action_log is append-only');\n"
  "END;\n",

  /* 3: payment cache, material references, the hall's reasons kept on a corrected copy */
  "ALTER TABLE declarations ADD COLUMN hall_feedback TEXT;\n"
  "CREATE TABLE payments (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  person_no TEXT NOT NULL DEFAULT '',\n"
  "  period TEXT NOT NULL,\n"
  "  insurance TEXT NOT NULL,\n"
  "  base INTEGER,\n"
  "  unit_amount INTEGER,\n"
  "  personal_amount INTEGER,\n"
  "  data TEXT NOT NULL,\n"
  "  fetched_at INTEGER NOT NULL,\n"
  "  UNIQUE (person_no, period, insurance)\n"
  ");\n"
  "CREATE TABLE materials (\n"
  "  id INTEGER PRIMARY KEY,\n"
  "  local_path TEXT NOT NULL,\n"
  "  sha256 TEXT NOT NULL,\n"
  "  size INTEGER NOT NULL,\n"
  "  content_type TEXT NOT NULL,\n"
  "  hall_material_id TEXT UNIQUE,\n"
  "  created_at INTEGER NOT NULL,\n"
  "  uploaded_at INTEGER\n"
  ");\n",

  /* 4: the hall's declaration list as the Queries section last fetched it (待审核, 已审核,
   * 办事进度), with the hall's own submission time for date ranges */
  "CREATE TABLE hall_declarations (\n"
  "  declaration_id TEXT PRIMARY KEY NOT NULL,\n"
  "  status TEXT NOT NULL,\n"
  "  kind TEXT,\n"
  "  submitted_day TEXT,\n"
  "  submitted_at TEXT,\n"
  "  data TEXT NOT NULL,\n"
  "  fetched_at INTEGER NOT NULL\n"
  ") WITHOUT ROWID;\n"
  "CREATE INDEX hall_declarations_by_day ON hall_declarations (submitted_day);\n",
};

int
_yb_store_migrations_latest (void)
{
  return G_N_ELEMENTS (migrations);
}

const char *
_yb_store_roster_fts_triggers_sql (void)
{
  return ROSTER_FTS_TRIGGERS;
}

const char *
_yb_store_roster_fts_drop_sql (void)
{
  return "DROP TRIGGER roster_fts_ai;\n"
         "DROP TRIGGER roster_fts_ad;\n"
         "DROP TRIGGER roster_fts_au;\n";
}

static int
read_user_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

/* Runs migrations up to @target, each in its own transaction together with the new
 * user_version, so an interrupted upgrade leaves the database at the last complete version. */
gboolean
_yb_store_migrate (sqlite3  *db,
                   int       target,
                   GError  **error)
{
  int version = read_user_version (db);

  g_assert (target <= (int) G_N_ELEMENTS (migrations));

  if (version < 0)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_CORRUPT,
                   _("The local database cannot be read: %s"), sqlite3_errmsg (db));
      return FALSE;
    }
  if (version > (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_TOO_NEW,
                   _("The local database was written by a newer version of Yibao "
                     "(schema %d, this version knows up to %d)."),
                   version, (int) G_N_ELEMENTS (migrations));
      return FALSE;
    }

  for (; version < target; version++)
    {
      g_autofree char *script = g_strdup_printf ("BEGIN IMMEDIATE;\n%s\n"
                                                 "PRAGMA user_version = %d;\n",
                                                 migrations[version], version + 1);
      char *msg = NULL;

      if (sqlite3_exec (db, script, NULL, NULL, &msg) != SQLITE_OK
          || sqlite3_exec (db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK)
        {
          g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_FAILED,
                       _("Could not upgrade the local database to schema %d: %s"),
                       version + 1, msg ? msg : sqlite3_errmsg (db));
          sqlite3_free (msg);
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
    }

  return TRUE;
}
