/* test-store-migrations.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "store-test-util.h"
#include "yb-roster-model.h"
#include "yb-store-declaration.h"
#include "yb-store-private.h"
#include "yb-store-queries.h"

static void
exec_ok (sqlite3    *db,
         const char *sql)
{
  char *msg = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
}

/* Rows a database of schema @version could hold, written with that version's own tables. */
static void
fill (sqlite3 *db,
      int      version)
{
  if (version >= 1)
    {
      exec_ok (db,
               "INSERT INTO roster (person_no, revision, id_number, name, phone, status, base, "
               "data, synced_at) VALUES ('P1', 5181, '330106199001011234', '张伟', "
               "'13800001234', 'insured', 800000, '{\"person_no\":\"P1\",\"name\":\"张伟\"}', 1);"
               "UPDATE meta SET value = '1' WHERE key = 'roster_count';"
               "INSERT INTO meta (key, value) VALUES ('profile_version', '2026.1');"
               "INSERT INTO units (unit_no, name, data, as_of) VALUES ('33010012345', '示例', "
               "'{\"unit_no\":\"33010012345\"}', 1);"
               "INSERT INTO sync_cursors (name, value, updated_at) VALUES ('people', '5181', 1);");
    }
  if (version >= 2)
    {
      exec_ok (db,
               "INSERT INTO declarations (id, kind, state, fields, person_name, idempotency_key, "
               "hall_id, reject_reason, field_errors, attempts, created_at, updated_at) VALUES "
               "(7, 'enrol_new', 'rejected', '{\"name\":\"张伟\"}', '张伟', 'key-7', 'D7', "
               "'原单位未减员', '[{\"field\":\"id_number\",\"code\":\"INSURED_ELSEWHERE\","
               "\"message\":\"m\"}]', 1, 1, 1);"
               "INSERT INTO declarations (id, kind, state, fields, idempotency_key, attempts, "
               "created_at, updated_at) VALUES (8, 'reduce', 'sending', '{}', 'key-8', 1, 1, 1);"
               "INSERT INTO action_log (at, action, declaration_id, from_state, to_state) "
               "VALUES (1, 'create', 7, NULL, 'draft');");
    }
  if (version >= 4)
    {
      exec_ok (db,
               "INSERT INTO hall_declarations (declaration_id, status, kind, submitted_day, "
               "submitted_at, data, fetched_at) VALUES ('D9', 'rejected', 'enrol_new', "
               "'2026-03-05', '2026-03-05T09:00:00+08:00', '{\"declaration_id\":\"D9\","
               "\"status\":\"rejected\",\"reason\":\"不一致\"}', 1);");
    }
  /* A new migration adds its block here, so the test keeps covering every older version. */
}

static void
check (YbStore *store,
       int      version)
{
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (yb_store_get_schema_version (store), ==,
                   yb_store_get_latest_schema_version ());

  /* Whatever the starting version, the current code works on the result. */
  g_assert_true (yb_store_meta_set (store, "region_profile", "{}", &error));
  g_assert_no_error (error);
  {
    g_autoptr (JsonNode) payments = json_from_string ("[{\"period\":\"202601\","
                                                      "\"person_no\":\"P1\","
                                                      "\"insurance\":\"310\"}]",
                                                      NULL);

    g_assert_true (yb_store_payments_replace (store, FALSE, "202601", "202601",
                                              json_node_get_array (payments), &error));
    g_assert_no_error (error);
  }

  if (version >= 1)
    {
      g_autoptr (JsonObject) p1 = yb_store_roster_get (store, "P1");
      g_autoptr (YbRosterModel) found = yb_roster_model_new (store, "张", YB_ROSTER_SORT_NAME);
      g_autoptr (YbRosterModel) by_tail = yb_roster_model_new (store, "1234",
                                                               YB_ROSTER_SORT_NAME);
      g_autofree char *profile = yb_store_meta_get (store, "profile_version");
      g_autofree char *cursor = yb_store_cursor_get (store, "people");
      g_autoptr (JsonObject) unit = yb_store_unit_get (store, "33010012345", NULL);

      g_assert_nonnull (p1);
      g_assert_cmpstr (json_object_get_string_member (p1, "name"), ==, "张伟");
      g_assert_cmpuint (yb_store_roster_count (store), ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (found)), ==, 1);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (by_tail)), ==, 1);
      g_assert_cmpstr (profile, ==, "2026.1");
      g_assert_cmpstr (cursor, ==, "5181");
      g_assert_nonnull (unit);
    }
  else
    g_assert_cmpuint (yb_store_roster_count (store), ==, 0);

  if (version >= 2)
    {
      g_autoptr (YbStoreDeclaration) rejected = yb_store_declaration_get (store, 7, &error);
      g_autoptr (YbStoreDeclaration) copy = NULL;
      g_autoptr (GPtrArray) sending = yb_store_declaration_list_sending (store);
      gint64 copy_id;

      g_assert_no_error (error);
      g_assert_cmpstr (yb_store_declaration_get_idempotency_key (rejected), ==, "key-7");
      g_assert_cmpstr (yb_store_declaration_get_reject_reason (rejected), ==, "原单位未减员");
      /* A column added later (hall_feedback, schema 3) works on old rows. */
      copy_id = yb_store_declaration_copy_to_draft (store, 7, &error);
      g_assert_no_error (error);
      copy = yb_store_declaration_get (store, copy_id, &error);
      g_assert_nonnull (strstr (yb_store_declaration_get_hall_feedback (copy), "原单位未减员"));
      g_assert_cmpuint (sending->len, ==, 1);
      g_assert_cmpstr (yb_store_declaration_get_idempotency_key (sending->pdata[0]), ==, "key-8");
      {
        g_autoptr (GListModel) log = yb_store_log_list (store, 7);

        g_assert_cmpuint (g_list_model_get_n_items (log), ==, 1);
      }
    }
}

static void
check_hall_declarations (YbStore *store,
                         int      version)
{
  g_autoptr (GListModel) list = yb_store_queries_declarations (store, NULL, NULL, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, version >= 4 ? 1 : 0);
  if (version >= 4)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (list, 0);

      g_assert_cmpstr (yb_query_row_get_string (row, "reason"), ==, "不一致");
    }
}

static void
test_from_version (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  sqlite3 *db = NULL;

  tmp_store_init (&tmp);
  g_assert_cmpint (sqlite3_open (tmp.path, &db), ==, SQLITE_OK);
  g_assert_true (_yb_store_migrate (db, version, &error));
  g_assert_no_error (error);
  fill (db, version);
  sqlite3_close (db);

  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  check (store, version);
  check_hall_declarations (store, version);
  g_clear_object (&store);

  /* Opening again runs nothing and loses nothing. */
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yb_store_get_schema_version (store), ==,
                   yb_store_get_latest_schema_version ());
  if (version >= 1)
    g_assert_cmpuint (yb_store_roster_count (store), ==, 1);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_failed_migration_rolls_back (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* A version-1 database where something already took migration 2's table name. */
  tmp_store_init (&tmp);
  g_assert_cmpint (sqlite3_open (tmp.path, &db), ==, SQLITE_OK);
  g_assert_true (_yb_store_migrate (db, 1, &error));
  fill (db, 1);
  exec_ok (db, "CREATE TABLE action_log (x)");
  sqlite3_close (db);

  store = yb_store_open (tmp.path, &error);
  g_assert_null (store);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "2"));

  /* Still at version 1 with its data, and no half-made declarations table. */
  g_assert_cmpint (sqlite3_open (tmp.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master "
                                       "WHERE name = 'declarations'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM roster", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "张伟");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  tmp_store_clear (&tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_cmpint (yb_store_get_latest_schema_version (), >=, 3);
  for (int v = 0; v < yb_store_get_latest_schema_version (); v++)
    {
      g_autofree char *path = g_strdup_printf ("/store/migrations/from-version-%d", v);

      g_test_add_data_func (path, GINT_TO_POINTER (v), test_from_version);
    }
  g_test_add_func ("/store/migrations/failure-rolls-back", test_failed_migration_rolls_back);

  return g_test_run ();
}
