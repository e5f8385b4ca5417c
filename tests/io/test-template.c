/* test-template.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "TestTemplate"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "yb-id-number.h"
#include "yb-import-model.h"
#include "yb-template-writer.h"

static char *
run_check (const char  *in,
           const char  *out,
           const char **fill)
{
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "io", "test-template-check.py",
                                                   NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *stdout_text = NULL;
  int status = 0;

  g_ptr_array_add (argv, (gpointer) "/usr/bin/python3");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (gpointer) in);
  g_ptr_array_add (argv, (gpointer) out);
  for (guint i = 0; fill != NULL && fill[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) fill[i]);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &stdout_text,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return stdout_text;
}

static void
test_round_trip (gconstpointer data)
{
  YbImportKind kind = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2020, 8, 10, 10, 0, 0);
  g_autoptr(YbImportModel) model = yb_import_model_new (profile, now);
  g_autoptr(YbImportModel) filled_model = yb_import_model_new (profile, now);
  g_autofree char *dir = g_dir_make_tmp ("yb-template-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "template.xlsx", NULL);
  g_autofree char *filled = g_build_filename (dir, "filled.xlsx", NULL);
  g_autofree char *id = g_strdup_printf ("33010219900307123%c",
                                         yb_id_number_compute_check ("33010219900307123"));
  g_autofree char *id_fill = g_strconcat ("身份证号=", id, NULL);
  const char *fill[] = { id_fill, "姓名=张三", NULL };
  g_autofree char *report = NULL;
  g_autoptr(YbImportRow) row = NULL;

  g_assert_no_error (error);
  g_assert_true (yb_template_write (kind, profile, NULL, 2020, path, &error));
  g_assert_no_error (error);

  /* Our own reader: the empty template is recognised as its kind. */
  g_assert_true (yb_import_model_load (model, path, YB_IMPORT_KIND_AUTO, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yb_import_model_get_kind (model), ==, kind);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  /* Another reader: red required headers, text ID column, dropdowns, hidden code sheet. */
  report = run_check (path, filled, fill);
  g_test_message ("%s", report);
  g_assert_nonnull (strstr (report, "身份证号\t"));
  g_assert_nonnull (strstr (report, "身份证号\t"));
  g_assert_nonnull (strstr (report, "hidden:代码表"));
  if (kind == YB_IMPORT_KIND_ENROL)
    {
      g_assert_nonnull (strstr (report, "身份证号\tred\ttext\t-"));
      g_assert_nonnull (strstr (report, "本次参保时间\tred\ttext\tvalidation"));
      g_assert_nonnull (strstr (report, "性别\tred\tgeneral\tvalidation"));
      g_assert_nonnull (strstr (report, "电子邮件\tblack\tgeneral\t-"));
    }
  if (kind == YB_IMPORT_KIND_REDUCE)
    g_assert_nonnull (strstr (report, "减少原因\tred\tgeneral\tvalidation"));
  if (kind == YB_IMPORT_KIND_BASE)
    g_assert_nonnull (strstr (report, "上年月平均工资\tred"));

  /* Filled in by another writer, it reads back with the values mapped to codes. */
  g_assert_true (yb_import_model_load (filled_model, filled, YB_IMPORT_KIND_AUTO, NULL, NULL,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpint (yb_import_model_get_kind (filled_model), ==, kind);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (filled_model)), ==, 1);
  row = g_list_model_get_item (G_LIST_MODEL (filled_model), 0);
  g_assert_cmpuint (yb_import_row_get_row_number (row), ==, 2);
  g_assert_cmpstr (yb_import_row_get_value (row, "id_number"), ==, id);
  g_assert_cmpstr (yb_import_row_get_value (row, "name"), ==, "张三");

  g_unlink (path);
  g_unlink (filled);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("needs /usr/bin/python3 with python3-openpyxl");
      return g_test_run ();
    }
  g_test_add_data_func ("/io/template/enrol", GINT_TO_POINTER (YB_IMPORT_KIND_ENROL),
                        test_round_trip);
  g_test_add_data_func ("/io/template/reduce", GINT_TO_POINTER (YB_IMPORT_KIND_REDUCE),
                        test_round_trip);
  g_test_add_data_func ("/io/template/contact", GINT_TO_POINTER (YB_IMPORT_KIND_CONTACT),
                        test_round_trip);
  g_test_add_data_func ("/io/template/base", GINT_TO_POINTER (YB_IMPORT_KIND_BASE),
                        test_round_trip);

  return g_test_run ();
}
