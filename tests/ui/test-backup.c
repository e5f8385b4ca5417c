/* test-backup.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "yb-store-backup.h"
#include "yb-store-declaration.h"

/* Backups need no display: the store is backed up in a worker thread and checked whole. */

typedef struct
{
  char *dir;
  char *store_path;
  char *backup_path;
  YbStore *store;
  gint64 draft_id;
  gint64 queued_id;
} Fixture;

static GAsyncResult *
await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  fx->dir = g_dir_make_tmp ("yb-backup-XXXXXX", &error);
  g_assert_no_error (error);
  fx->store_path = g_build_filename (fx->dir, "unit.db", NULL);
  fx->backup_path = g_build_filename (fx->dir, "unit.yibao-backup", NULL);
  fx->store = yb_store_open (fx->store_path, &error);
  g_assert_no_error (error);

  fx->draft_id = yb_store_declaration_create (fx->store, "enrol_new",
                                              "{\"name\":\"张伟\",\"wage\":\"8000.00\"}", &error);
  g_assert_no_error (error);
  fx->queued_id = yb_store_declaration_create (fx->store, "reduce",
                                               "{\"name\":\"李娜\",\"stop_month\":\"202603\"}",
                                               &error);
  g_assert_no_error (error);
  key = yb_store_declaration_queue (fx->store, fx->queued_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (key);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->dir);
  g_free (fx->store_path);
  g_free (fx->backup_path);
}

static void
back_up (Fixture *fx)
{
  g_autoptr(GFile) file = g_file_new_for_path (fx->backup_path);
  g_autoptr(GBytes) settings = g_bytes_new_static ("{\"privacy-mode\":\"true\"}", 24);
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GStatBuf st;

  yb_store_backup_async (fx->store, "127.0.0.1", "demo", "33010012345", settings, file, NULL,
                         store_result, &slot);
  result = await (&slot);
  g_assert_true (yb_store_backup_finish (result, &error));
  g_assert_no_error (error);
  /* The file holds ID numbers: private to the user. */
  g_assert_cmpint (g_stat (fx->backup_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static char *
restore (const char  *backup,
         const char  *target,
         GBytes     **settings,
         GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (backup);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  yb_store_backup_restore_async (file, target, NULL, store_result, &slot);
  result = await (&slot);
  return yb_store_backup_restore_finish (result, NULL, settings, error);
}

static void
test_round_trip (Fixture       *fx,
                 gconstpointer  data)
{
  g_autofree char *fresh = g_build_filename (fx->dir, "other-machine", "data", "unit.db", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) settings = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbStore) restored = NULL;
  g_autoptr(YbStoreDeclaration) draft = NULL;
  g_autoptr(YbStoreDeclaration) queued = NULL;
  g_autoptr(GListModel) outbox = NULL;
  GStatBuf st;

  back_up (fx);
  /* A later change to the live store is not in the backup. */
  yb_store_declaration_delete (fx->store, fx->draft_id, &error);
  g_assert_no_error (error);

  path = restore (fx->backup_path, fresh, &settings, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, fresh);
  g_assert_cmpint (g_stat (fresh, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpstr (g_bytes_get_data (settings, NULL), ==, "{\"privacy-mode\":\"true\"}");

  restored = yb_store_open (fresh, &error);
  g_assert_no_error (error);
  draft = yb_store_declaration_get (restored, fx->draft_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yb_store_declaration_get_state (draft), ==, YB_DECLARATION_DRAFT);
  g_assert_cmpstr (yb_store_declaration_get_person_name (draft), ==, "张伟");
  queued = yb_store_declaration_get (restored, fx->queued_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yb_store_declaration_get_state (queued), ==, YB_DECLARATION_QUEUED);
  outbox = yb_store_declaration_list (restored, YB_DECLARATION_MASK_OUTBOX);
  g_assert_cmpuint (g_list_model_get_n_items (outbox), ==, 1);
  /* The action log came along. */
  g_assert_cmpuint (g_list_model_get_n_items (yb_store_log_list (restored, fx->queued_id)), >, 0);
}

static void
tamper (const char *path,
        gsize       offset)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_cmpuint (offset, <, length);
  contents[offset] ^= 0x01;
  g_assert_true (g_file_set_contents (path, contents, length, &error));
}

static void
test_tampered_refused (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *pristine = g_strconcat (fx->backup_path, ".pristine", NULL);
  g_autofree char *target = g_build_filename (fx->dir, "current.db", NULL);
  gsize length;
  gsize offsets[6];
  const char *db_marker;

  back_up (fx);
  g_assert_true (g_file_get_contents (fx->backup_path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (pristine, contents, length, NULL));
  db_marker = memmem (contents, length, "SQLite format 3", 15);
  g_assert_nonnull (db_marker);

  offsets[0] = 600;                                   /* the manifest */
  offsets[1] = 124;                                   /* a header's size field */
  offsets[2] = (db_marker - contents) + 4096 + 17;    /* inside the database */
  offsets[3] = (db_marker - contents) - 512 + 300;    /* the database's header padding */
  offsets[4] = length - 700;                          /* the manifest checksum part */
  offsets[5] = length - 1;                            /* the end-of-archive blocks */

  /* The current data must survive any refused restore. */
  g_assert_true (g_file_set_contents (target, "current data", -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = NULL;
      g_autofree char *current = NULL;

      g_assert_true (g_file_set_contents (fx->backup_path, contents, length, NULL));
      tamper (fx->backup_path, offsets[i]);
      path = restore (fx->backup_path, target, NULL, &error);
      g_assert_null (path);
      g_assert_nonnull (error);
      g_test_message ("offset %" G_GSIZE_FORMAT ": %s", offsets[i], error->message);
      g_assert_true (g_error_matches (error, YB_STORE_ERROR, YB_STORE_ERROR_CORRUPT) ||
                     g_error_matches (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT));
      g_assert_true (g_file_get_contents (target, &current, NULL, NULL));
      g_assert_cmpstr (current, ==, "current data");
    }

  /* A cut file is refused too. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *path = NULL;

    g_assert_true (g_file_set_contents (fx->backup_path, contents, length - 1024, NULL));
    path = restore (fx->backup_path, target, NULL, &error);
    g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_CORRUPT);
  }
}

static void
test_newer_schema_refused (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (fx->backup_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) manifest = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  /* A store written by a newer Yibao: its schema version is beyond this one's. */
  g_assert_cmpint (sqlite3_open (fx->store_path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("PRAGMA user_version = %d", yb_store_get_latest_schema_version () + 1);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  back_up (fx);
  manifest = yb_store_backup_inspect (file, NULL, NULL, &error);
  g_assert_null (manifest);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_not_a_backup (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_for_path (fx->store_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) manifest = NULL;

  manifest = yb_store_backup_inspect (file, NULL, NULL, &error);
  g_assert_null (manifest);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/backup/round-trip", test_round_trip);
  ADD ("/ui/backup/tampered-refused", test_tampered_refused);
  ADD ("/ui/backup/newer-schema-refused", test_newer_schema_refused);
  ADD ("/ui/backup/not-a-backup", test_not_a_backup);
#undef ADD

  return g_test_run ();
}
