/* test-import.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "TestImport"

#include "config.h"

#include <glib/gstdio.h>

#include "yb-export-writer.h"
#include "yb-id-number.h"
#include "yb-import-model.h"
#include "yb-store-declaration.h"
#include "yb-template-writer.h"

static YbRegionProfile *
load_profile (const char *id)
{
  g_autoptr(GError) error = NULL;
  YbRegionProfile *profile = yb_region_profile_load_builtin (id, &error);

  g_assert_no_error (error);
  return profile;
}

static YbImportModel *
new_model (const char *region)
{
  g_autoptr(YbRegionProfile) profile = load_profile (region);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2020, 1, 10, 10, 0, 0);

  return yb_import_model_new (profile, now);
}

static char *
fixture (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "excel", name, NULL);
}

static YbImportRow *
row_at (YbImportModel *model,
        guint          position)
{
  return g_list_model_get_item (G_LIST_MODEL (model), position);
}

static gboolean
has_code (YbImportRow *row,
          const char  *field,
          const char  *code)
{
  GPtrArray *findings = yb_import_row_get_findings (row);

  for (guint i = 0; i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);

      if (g_strcmp0 (finding->field, field) == 0 && g_strcmp0 (finding->code, code) == 0)
        return TRUE;
    }
  return FALSE;
}

static char *
make_id (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, yb_id_number_compute_check (first17));
}

static void
test_other_writer (void)
{
  g_autoptr(YbImportModel) model = new_model ("ningbo");
  g_autofree char *path = fixture ("other-writer-enrol.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(YbImportRow) first = NULL;
  g_autoptr(YbImportRow) second = NULL;
  g_autoptr(YbImportRow) number_cell = NULL;
  g_autoptr(YbImportRow) scientific = NULL;
  g_autoptr(YbImportRow) wrong_sex = NULL;
  g_autofree char *id_b = make_id ("33010219920512124");
  g_autofree char *id_c = make_id ("11010519491231001");

  yb_import_model_load (model, path, YB_IMPORT_KIND_AUTO, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yb_import_model_get_kind (model), ==, YB_IMPORT_KIND_ENROL);
  /* The notes sheet comes first; the sheet with the header is found. */
  g_assert_cmpstr (yb_import_model_get_sheet_name (model), ==, "花名册");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);

  first = row_at (model, 0);
  g_assert_cmpuint (yb_import_row_get_row_number (first), ==, 2);
  g_assert_cmpstr (yb_import_row_get_value (first, "name"), ==, "张三");
  g_assert_cmpstr (yb_import_row_get_value (first, "sex"), ==, "1");
  g_assert_cmpstr (yb_import_row_get_value (first, "id_type"), ==, "01");
  g_assert_cmpstr (yb_import_row_get_value (first, "birth_date"), ==, "1990-03-07");
  g_assert_false (yb_import_row_has_errors (first));

  /* Row 3 is blank and skipped; row 4 was typed with full-width digits and spaces. */
  second = row_at (model, 1);
  g_assert_cmpuint (yb_import_row_get_row_number (second), ==, 4);
  g_assert_cmpstr (yb_import_row_get_value (second, "id_number"), ==, id_b);
  g_assert_cmpstr (yb_import_row_get_value (second, "name"), ==, "李四");
  g_assert_cmpstr (yb_import_row_get_value (second, "start_month"), ==, "202001");
  g_assert_cmpstr (yb_import_row_get_value (second, "sex"), ==, "2");
  g_assert_false (yb_import_row_has_errors (second));

  number_cell = row_at (model, 2);
  g_assert_true (has_code (number_cell, "id_number", "ID_DAMAGED"));
  /* Never repaired: the value stays what the spreadsheet left. */
  g_assert_cmpstr (yb_import_row_get_value (number_cell, "id_number"), !=, "");
  g_assert_cmpstr (yb_import_row_get_value (number_cell, "id_number"), !=, id_c);
  scientific = row_at (model, 3);
  g_assert_true (has_code (scientific, "id_number", "ID_DAMAGED"));
  g_assert_cmpstr (yb_import_row_get_value (scientific, "id_number"), ==, "1.10105194912310E+17");
  wrong_sex = row_at (model, 4);
  g_assert_true (has_code (wrong_sex, "sex", "SEX_MISMATCH"));
  g_assert_cmpuint (yb_import_model_get_n_bad_rows (model), ==, 3);
  g_assert_cmpuint (yb_import_model_get_n_good_rows (model), ==, 2);
}

static void
on_items_changed (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    data)
{
  (*(guint *) data)++;
}

static void
test_fix_in_place (void)
{
  g_autoptr(YbImportModel) model = new_model ("ningbo");
  g_autofree char *path = fixture ("other-writer-enrol.xlsx");
  g_autofree char *id_c = make_id ("11010519491231001");
  g_autoptr(GPtrArray) decls = NULL;
  g_autoptr(YbImportRow) row = NULL;
  guint changes = 0;

  g_assert_true (yb_import_model_load (model, path, YB_IMPORT_KIND_AUTO, NULL, NULL, NULL));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* Typing a label maps it to the code and re-runs the rules. */
  yb_import_model_set_value (model, 4, "sex", "女");
  row = row_at (model, 4);
  g_assert_cmpstr (yb_import_row_get_value (row, "sex"), ==, "2");
  g_assert_false (yb_import_row_has_errors (row));
  g_assert_cmpuint (changes, ==, 1);

  yb_import_model_set_value (model, 2, "id_number", id_c);
  g_clear_object (&row);
  row = row_at (model, 2);
  g_assert_false (yb_import_row_has_errors (row));

  /* A wrong value typed in place is judged like an imported one. */
  yb_import_model_set_value (model, 2, "phone", "123");
  g_assert_true (yb_import_row_has_errors (row));
  yb_import_model_set_value (model, 2, "phone", "13700137000");
  g_assert_false (yb_import_row_has_errors (row));

  yb_import_model_set_dropped (model, 3, TRUE);
  g_assert_cmpuint (yb_import_model_get_n_bad_rows (model), ==, 0);
  g_assert_cmpuint (yb_import_model_get_n_good_rows (model), ==, 4);

  decls = yb_import_model_build_declarations (model);
  g_assert_cmpuint (decls->len, ==, 4);
  g_assert_cmpint (yb_declaration_get_kind (g_ptr_array_index (decls, 0)), ==,
                   YB_DECLARATION_ENROL_NEW);
  g_assert_cmpstr (yb_declaration_get_string (g_ptr_array_index (decls, 0), "name"), ==, "张三");
}

static void
test_encodings_and_duplicates (void)
{
  g_autoptr(YbImportModel) bom = new_model ("ningbo");
  g_autoptr(YbImportModel) gb = new_model ("ningbo");
  g_autofree char *bom_path = fixture ("enrol-utf8-bom.csv");
  g_autofree char *gb_path = fixture ("enrol-gb18030.csv");
  g_autofree char *id_a = make_id ("33010219900307123");
  g_autofree char *dir = g_dir_make_tmp ("yb-import-XXXXXX", NULL);
  g_autofree char *dup_path = g_build_filename (dir, "dup.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(YbImportModel) dup = new_model ("ningbo");
  g_autoptr(YbImportRow) second = NULL;

  g_assert_true (yb_import_model_load (bom, bom_path, YB_IMPORT_KIND_AUTO, NULL, NULL, NULL));
  g_assert_true (yb_import_model_load (gb, gb_path, YB_IMPORT_KIND_AUTO, NULL, NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gb)), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(YbImportRow) a = row_at (bom, i);
      g_autoptr(YbImportRow) b = row_at (gb, i);

      g_assert_cmpstr (yb_import_row_get_value (a, "name"), ==,
                       yb_import_row_get_value (b, "name"));
      g_assert_cmpstr (yb_import_row_get_value (a, "id_number"), ==,
                       yb_import_row_get_value (b, "id_number"));
    }

  text = g_strdup_printf ("姓名\t身份证号\t本次参保时间\n张三\t%s\t202001\n张三\t%s\t202001\n",
                          id_a, id_a);
  g_assert_true (g_file_set_contents (dup_path, text, -1, NULL));
  g_assert_true (yb_import_model_load (dup, dup_path, YB_IMPORT_KIND_ENROL, NULL, NULL, NULL));
  second = row_at (dup, 1);
  g_assert_true (has_code (second, "id_number", "ROW_DUPLICATE"));
  yb_import_model_set_dropped (dup, 0, TRUE);
  g_assert_false (has_code (second, "id_number", "ROW_DUPLICATE"));
  g_unlink (dup_path);
  g_rmdir (dir);
}

static void
test_bad_files (void)
{
  static const struct
  {
    const char *name;
    int code;
  } cases[] = {
    { "truncated.xlsx", YB_IMPORT_ERROR_CORRUPT },
    { "not-a-spreadsheet.xlsx", YB_IMPORT_ERROR_NOT_SPREADSHEET },
    { "encrypted.xlsx", YB_IMPORT_ERROR_ENCRYPTED },
    { "zip-bomb.xlsx", YB_IMPORT_ERROR_TOO_LARGE },
    { "opendocument.xlsx", YB_IMPORT_ERROR_NOT_SPREADSHEET },
    { "formula-no-value.xlsx", YB_IMPORT_ERROR_FORMULA },
    { "merged-cells.xlsx", YB_IMPORT_ERROR_MERGED_CELLS },
    { "two-sheets.xlsx", YB_IMPORT_ERROR_AMBIGUOUS_SHEET },
  };
  g_autoptr(YbImportModel) model = new_model ("ningbo");
  g_autofree char *good = fixture ("enrol-utf8.csv");

  g_assert_true (yb_import_model_load (model, good, YB_IMPORT_KIND_AUTO, NULL, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture (cases[i].name);
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", cases[i].name);
      g_assert_false (yb_import_model_load (model, path, YB_IMPORT_KIND_AUTO, NULL, NULL,
                                            &error));
      g_assert_error (error, YB_IMPORT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
      /* What was loaded before stays. */
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
    }
}

typedef struct
{
  GMainLoop *loop;
  GAsyncResult *result;
  guint progress_calls;
  guint last_rows;
} AsyncData;

static void
on_progress (guint    rows,
             gpointer data)
{
  AsyncData *async = data;

  async->progress_calls++;
  async->last_rows = rows;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  AsyncData *async = data;

  async->result = g_object_ref (result);
  g_main_loop_quit (async->loop);
}

static char *
write_big_batch (const char *dir,
                 guint       n_rows)
{
  const YbExportColumn columns[] = {
    { "身份证号", 20, TRUE }, { "姓名", 0, FALSE }, { "性别", 0, FALSE },
    { "证件类型", 0, FALSE }, { "本次参保时间", 0, TRUE }, { "手机号码", 0, TRUE },
  };
  char *path = g_build_filename (dir, "big.xlsx", NULL);
  g_autoptr(YbExportWriter) writer = yb_export_writer_new (path, YB_EXPORT_FORMAT_XLSX, NULL,
                                                           columns, G_N_ELEMENTS (columns),
                                                           NULL);

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *first17 = g_strdup_printf ("33010219%02u0115%03u", 70 + i / 1000,
                                                  i % 1000);
      g_autofree char *id = make_id (first17);
      g_autofree char *phone = g_strdup_printf ("138%08u", i);
      const char *values[] = { id, "测试", i % 2 ? "男" : "女", "01", "202001",
                               phone };

      g_assert_true (yb_export_writer_add_row (writer, values, NULL, NULL));
    }
  g_assert_true (yb_export_writer_finish (writer, NULL));
  return path;
}

static void
test_async_big_and_cancel (void)
{
  g_autoptr(YbImportModel) model = new_model ("ningbo");
  g_autofree char *dir = g_dir_make_tmp ("yb-import-XXXXXX", NULL);
  g_autofree char *path = write_big_batch (dir, 10000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AsyncData async = { g_main_loop_new (NULL, FALSE), NULL, 0, 0 };
  gint64 start;

  g_cancellable_cancel (cancellable);
  yb_import_model_load_async (model, path, YB_IMPORT_KIND_AUTO, NULL, on_progress, &async,
                              NULL, cancellable, on_done, &async);
  g_main_loop_run (async.loop);
  g_assert_false (yb_import_model_load_finish (model, async.result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_clear_object (&async.result);
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  yb_import_model_load_async (model, path, YB_IMPORT_KIND_AUTO, NULL, on_progress, &async,
                              NULL, NULL, on_done, &async);
  g_main_loop_run (async.loop);
  g_assert_true (yb_import_model_load_finish (model, async.result, &error));
  g_assert_no_error (error);
  g_test_message ("10,000 rows read and checked in %.3f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10000);
  g_assert_cmpuint (yb_import_model_get_n_bad_rows (model), ==, 0);
  /* Progress reached the main context while the worker ran. */
  g_assert_cmpuint (async.progress_calls, >, 1);

  g_clear_object (&async.result);
  g_main_loop_unref (async.loop);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_commit (void)
{
  g_autoptr(YbImportModel) model = new_model ("ningbo");
  g_autofree char *path = fixture ("other-writer-enrol.xlsx");
  g_autofree char *dir = g_dir_make_tmp ("yb-import-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "store.db", NULL);
  g_autoptr(YbStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  AsyncData async = { g_main_loop_new (NULL, FALSE), NULL, 0, 0 };

  store = yb_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (yb_import_model_load (model, path, YB_IMPORT_KIND_AUTO, NULL, NULL, NULL));

  yb_import_model_commit_async (model, store, NULL, on_done, &async);
  g_main_loop_run (async.loop);
  ids = yb_import_model_commit_finish (model, async.result, &error);
  g_assert_no_error (error);
  /* Only the two good rows become drafts. */
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpuint (yb_store_declaration_count (store,
                                                YB_DECLARATION_MASK (YB_DECLARATION_DRAFT)),
                    ==, 2);
  {
    g_autoptr(YbStoreDeclaration) draft = yb_store_declaration_get (store,
                                                                    g_array_index (ids, gint64,
                                                                                   0),
                                                                    &error);

    g_assert_no_error (error);
    g_assert_cmpstr (yb_store_declaration_get_kind (draft), ==, "enrol_new");
    g_assert_cmpstr (yb_store_declaration_get_person_name (draft), ==, "张三");
  }
  g_clear_object (&async.result);
  g_main_loop_unref (async.loop);
}

static void
test_report_export (void)
{
  g_autoptr(YbImportModel) model = new_model ("ningbo");
  g_autoptr(YbImportModel) again = new_model ("ningbo");
  g_autofree char *path = fixture ("other-writer-enrol.xlsx");
  g_autofree char *dir = g_dir_make_tmp ("yb-import-XXXXXX", NULL);
  g_autofree char *report = g_build_filename (dir, "report.xlsx", NULL);
  g_autofree char *csv = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *csv_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbImportRow) row = NULL;

  g_assert_true (yb_import_model_load (model, path, YB_IMPORT_KIND_AUTO, NULL, NULL, NULL));
  g_assert_true (yb_export_import_report (model, report, YB_EXPORT_FORMAT_XLSX, &error));
  g_assert_no_error (error);
  g_assert_true (yb_export_import_report (model, csv, YB_EXPORT_FORMAT_CSV, &error));
  g_assert_true (g_file_get_contents (csv, &csv_text, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv_text, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (csv_text, "数据校验不通过原因"));

  /* The report reads back as the same batch: the reason column is ignored. */
  g_assert_true (yb_import_model_load (again, report, YB_IMPORT_KIND_AUTO, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 5);
  row = row_at (again, 3);
  /* The export wrote the damaged ID as text; it is still reported, never repaired. */
  g_assert_true (has_code (row, "id_number", "ID_DAMAGED"));
  g_assert_cmpuint (yb_import_model_get_n_bad_rows (again), ==, 3);
  g_unlink (report);
  g_unlink (csv);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/import/other-writer", test_other_writer);
  g_test_add_func ("/io/import/fix-in-place", test_fix_in_place);
  g_test_add_func ("/io/import/encodings-duplicates", test_encodings_and_duplicates);
  g_test_add_func ("/io/import/bad-files", test_bad_files);
  g_test_add_func ("/io/import/async-10000-cancel", test_async_big_and_cancel);
  g_test_add_func ("/io/import/commit", test_commit);
  g_test_add_func ("/io/import/report-export", test_report_export);

  return g_test_run ();
}
