/* test-store-open.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <sys/stat.h>

#include "store-test-util.h"
#include "yb-payment-row.h"
#include "yb-store-private.h"

static void
assert_mode (const char *path,
             guint       mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 0777, ==, mode);
}

static void
test_modes (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *path = NULL;
  g_autofree char *wal = NULL;

  tmp_store_init (&tmp);
  sub = g_build_filename (tmp.dir, "a", "b", NULL);
  path = g_build_filename (sub, "unit.db", NULL);
  store = yb_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  assert_mode (sub, 0700);
  assert_mode (path, 0600);
  /* A write creates the WAL file, which must be as private as the database. */
  g_assert_true (yb_store_meta_set (store, "k", "v", &error));
  g_assert_no_error (error);
  wal = g_strconcat (path, "-wal", NULL);
  assert_mode (wal, 0600);
  g_assert_cmpint (yb_store_get_schema_version (store), ==,
                   yb_store_get_latest_schema_version ());
  g_clear_object (&store);

  /* A file that exists with loose permissions is tightened on open. */
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  store = yb_store_open (path, &error);
  g_assert_no_error (error);
  assert_mode (path, 0600);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_wal_and_foreign_keys (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (tmp.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* The store's own connection has foreign keys on and a 64 MB page cache. */
  db = _yb_store_get_db (store);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_keys", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA cache_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), <=, -65536);
  sqlite3_finalize (stmt);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_default_path (void)
{
  g_autofree char *a = yb_store_default_path ("hall.example:8443", "demo", "33010012345");
  g_autofree char *b = yb_store_default_path ("hall.example:8443", "demo", "33010012346");
  g_autofree char *c = yb_store_default_path ("../../etc", "a/b", "x y");
  g_autofree char *d = yb_store_default_path ("../../etc", "a_b", "x y");
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "yibao", NULL);
  g_autofree char *cdir = g_path_get_dirname (c);
  g_autofree char *cbase = g_path_get_basename (c);

  g_assert_true (g_str_has_prefix (a, dir));
  g_assert_true (g_str_has_suffix (a, ".db"));
  g_assert_cmpstr (a, !=, b);
  /* Path separators and dots cannot climb out of the folder. */
  g_assert_cmpstr (cdir, ==, dir);
  g_assert_null (strchr (cbase, '/'));
  g_assert_false (g_str_has_prefix (cbase, "."));
  g_assert_null (strchr (cbase, ' '));
  /* Parts that sanitise to the same text still get different files. */
  g_assert_cmpstr (c, !=, d);
}

static void
test_default_dir_private (void)
{
  g_autofree char *path = yb_store_default_path ("hall", "demo", "U1");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;

  g_mkdir_with_parents (dir, 0755);
  g_chmod (dir, 0755);
  store = yb_store_open (path, &error);
  g_assert_no_error (error);
  assert_mode (dir, 0700);
  assert_mode (path, 0600);
}

static void
test_not_a_database (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;

  tmp_store_init (&tmp);
  g_assert_true (g_file_set_contents (tmp.path, "this is a spreadsheet, not a database, "
                                      "and it is long enough to have a header of its own....",
                                      -1, NULL));
  store = yb_store_open (tmp.path, &error);
  g_assert_null (store);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_CORRUPT);
  /* The file is left alone: nothing the clerk had is lost. */
  {
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (tmp.path, &text, NULL, NULL));
    g_assert_true (g_str_has_prefix (text, "this is a spreadsheet"));
  }
  tmp_store_clear (&tmp);
}

static void
test_too_new (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  sqlite3 *db = NULL;

  tmp_store_init (&tmp);
  g_assert_cmpint (sqlite3_open (tmp.path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 999", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  store = yb_store_open (tmp.path, &error);
  g_assert_null (store);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "999"));
  tmp_store_clear (&tmp);
}

static void
on_opened_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  YbStore **out = user_data;
  g_autoptr (GError) error = NULL;

  *out = yb_store_open_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_open_async (void)
{
  TmpStore tmp;
  YbStore *store = NULL;

  tmp_store_init (&tmp);
  yb_store_open_async (tmp.path, NULL, on_opened_cb, &store);
  while (store == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (YB_IS_STORE (store));
  g_assert_cmpstr (yb_store_get_path (store), ==, tmp.path);
  g_object_unref (store);
  tmp_store_clear (&tmp);
}

static void
test_meta_cursors_units (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autoptr (JsonObject) unit = NULL;
  g_autoptr (GPtrArray) numbers = NULL;
  g_autofree char *value = NULL;
  g_autofree char *cursor = NULL;
  gint64 as_of = 0;

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);

  g_assert_null (yb_store_meta_get (store, "profile_version"));
  g_assert_true (yb_store_meta_set (store, "profile_version", "2026.1", &error));
  g_assert_true (yb_store_meta_set (store, "profile_version", "2026.2", &error));
  g_assert_no_error (error);
  value = yb_store_meta_get (store, "profile_version");
  g_assert_cmpstr (value, ==, "2026.2");
  g_assert_cmpuint (yb_store_roster_count (store), ==, 0);

  g_assert_null (yb_store_cursor_get (store, "people"));
  g_assert_true (yb_store_cursor_set (store, "people", "5181", &error));
  g_assert_no_error (error);

  node = json_from_string ("{\"unit_no\":\"33010012345\",\"region\":\"hangzhou\",\"revision\":3,"
                           "\"basic\":{\"name\":\"杭州示例科技有限公司\","
                           "\"credit_code\":\"91330106MA2XXXXXXX\"}}",
                           &error);
  g_assert_no_error (error);
  g_assert_true (yb_store_unit_put (store, json_node_get_object (node), &error));
  g_assert_no_error (error);

  /* Bad input names the field. */
  {
    g_autoptr (JsonNode) bad = json_from_string ("{\"name\":\"x\"}", NULL);
    g_autoptr (GError) bad_error = NULL;

    g_assert_false (yb_store_unit_put (store, json_node_get_object (bad), &bad_error));
    g_assert_error (bad_error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (bad_error->message, "unit_no"));
  }
  g_clear_object (&store);

  /* Everything survives a reopen. */
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  cursor = yb_store_cursor_get (store, "people");
  g_assert_cmpstr (cursor, ==, "5181");
  unit = yb_store_unit_get (store, "33010012345", &as_of);
  g_assert_nonnull (unit);
  g_assert_cmpint (as_of, >, 1700000000);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (unit, "basic"),
                                                  "name"),
                   ==, "杭州示例科技有限公司");
  numbers = yb_store_unit_list_numbers (store);
  g_assert_cmpuint (numbers->len, ==, 1);
  g_assert_cmpstr (numbers->pdata[0], ==, "33010012345");
  g_assert_null (yb_store_unit_get (store, "nope", NULL));

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_payments (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (JsonNode) first = NULL;
  g_autoptr (JsonNode) second = NULL;
  g_autoptr (JsonNode) bad = NULL;
  g_autoptr (JsonArray) list = NULL;

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);

  first = json_from_string ("["
                            "{\"period\":\"202601\",\"person_no\":\"P1\",\"insurance\":\"310\","
                            "\"base\":\"8000.00\",\"unit_amount\":\"760.00\","
                            "\"personal_amount\":\"160.00\"},"
                            "{\"period\":\"202602\",\"person_no\":\"P1\",\"insurance\":\"310\","
                            "\"base\":\"8000.00\",\"unit_amount\":\"760.00\","
                            "\"personal_amount\":\"160.00\"},"
                            "{\"period\":\"202602\",\"person_no\":\"P2\",\"insurance\":\"310\","
                            "\"base\":\"5000.00\",\"unit_amount\":\"475.00\","
                            "\"personal_amount\":\"100.00\"}]",
                            &error);
  g_assert_no_error (error);
  g_assert_true (yb_store_payments_replace (store, FALSE, "202601", "202602",
                                            json_node_get_array (first), &error));
  g_assert_no_error (error);
  list = yb_store_payments_list (store, FALSE, NULL, "202601", "202612");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_clear_pointer (&list, json_array_unref);

  /* The hall's newer answer for February replaces February only. */
  second = json_from_string ("[{\"period\":\"202602\",\"person_no\":\"P1\",\"insurance\":\"310\","
                             "\"base\":\"9000.00\",\"unit_amount\":\"855.00\","
                             "\"personal_amount\":\"180.00\"}]",
                             &error);
  g_assert_true (yb_store_payments_replace (store, FALSE, "202602", "202602",
                                            json_node_get_array (second), &error));
  g_assert_no_error (error);
  list = yb_store_payments_list (store, FALSE, NULL, "202601", "202612");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1),
                                                  "base"),
                   ==, "9000.00");
  g_clear_pointer (&list, json_array_unref);
  list = yb_store_payments_list (store, FALSE, "P1", "202601", "202601");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  {
    g_autoptr (GListModel) all = yb_store_payments_list_model (store, FALSE, NULL, "202601",
                                                               "202612");
    g_autoptr (GListModel) p2 = yb_store_payments_list_model (store, FALSE, "P2", "202601",
                                                              "202612");
    g_autoptr (GListModel) unit = yb_store_payments_list_model (store, TRUE, NULL, "202601",
                                                                "202612");
    g_autoptr (YbPaymentRow) last = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (all), ==, 2);
    g_assert_cmpuint (g_list_model_get_n_items (p2), ==, 0);
    g_assert_cmpuint (g_list_model_get_n_items (unit), ==, 0);
    last = g_list_model_get_item (all, 1);
    g_assert_cmpstr (yb_payment_row_get_period (last), ==, "202602");
    g_assert_cmpstr (yb_payment_row_get_person_no (last), ==, "P1");
    g_assert_cmpstr (yb_payment_row_get_insurance (last), ==, "310");
    g_assert_cmpint (yb_payment_row_get_base (last), ==, 900000);
    g_assert_cmpint (yb_payment_row_get_unit_amount (last), ==, 85500);
    g_assert_cmpint (yb_payment_row_get_personal_amount (last), ==, 18000);
  }
  g_clear_pointer (&list, json_array_unref);
  list = yb_store_payments_list (store, TRUE, NULL, "202601", "202612");
  g_assert_cmpuint (json_array_get_length (list), ==, 0);

  /* A malformed amount is refused with the entry and field named, and nothing changes. */
  bad = json_from_string ("[{\"period\":\"202602\",\"person_no\":\"P1\",\"insurance\":\"310\","
                          "\"base\":\"lots\"}]",
                          NULL);
  g_assert_false (yb_store_payments_replace (store, FALSE, "202602", "202602",
                                             json_node_get_array (bad), &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "base"));
  g_clear_pointer (&list, json_array_unref);
  list = yb_store_payments_list (store, FALSE, NULL, "202601", "202612");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_clear_pointer (&bad, json_node_unref);
  g_clear_error (&error);
  bad = json_from_string ("[{\"period\":{},\"person_no\":[],\"insurance\":310}]", NULL);
  g_assert_false (yb_store_payments_replace (store, FALSE, "202602", "202602",
                                             json_node_get_array (bad), &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "period"));

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_materials (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (JsonObject) material = NULL;
  g_autofree char *file = NULL;
  static const char pdf[] = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n";
  gint64 id;

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  file = g_build_filename (tmp.dir, "stamp.pdf", NULL);
  g_assert_true (g_file_set_contents (file, pdf, -1, NULL));

  id = yb_store_material_add (store, file, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (yb_store_material_set_hall_id (store, id, "M0000000042", &error));
  g_assert_no_error (error);
  material = yb_store_material_get (store, id);
  g_assert_cmpstr (json_object_get_string_member (material, "content_type"), ==,
                   "application/pdf");
  g_assert_cmpint (json_object_get_int_member (material, "size"), ==, strlen (pdf));
  {
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, pdf, -1);

    g_assert_cmpstr (json_object_get_string_member (material, "sha256"), ==, sha);
  }
  g_assert_cmpstr (json_object_get_string_member (material, "hall_material_id"), ==,
                   "M0000000042");

  g_assert_cmpint (yb_store_material_add (store, "/nonexistent/scan.png", &error), ==, 0);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (yb_store_material_set_hall_id (store, 9999, "M1", &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *home = g_dir_make_tmp ("yb-store-home-XXXXXX", &error);
  int ret;

  g_assert_no_error (error);
  /* Before anything caches it: keep the default path inside a temporary folder. */
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/open/modes", test_modes);
  g_test_add_func ("/store/open/wal", test_wal_and_foreign_keys);
  g_test_add_func ("/store/open/default-path", test_default_path);
  g_test_add_func ("/store/open/default-dir-private", test_default_dir_private);
  g_test_add_func ("/store/open/not-a-database", test_not_a_database);
  g_test_add_func ("/store/open/too-new", test_too_new);
  g_test_add_func ("/store/open/async", test_open_async);
  g_test_add_func ("/store/records/meta-cursors-units", test_meta_cursors_units);
  g_test_add_func ("/store/records/payments", test_payments);
  g_test_add_func ("/store/records/materials", test_materials);

  ret = g_test_run ();
  remove_tree (home);
  return ret;
}
