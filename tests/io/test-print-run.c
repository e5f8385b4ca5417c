/* test-print-run.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Printing through GtkPrintOperation's EXPORT action; needs a display.
 */
#include "yb-certificate-document.h"
#include "yb-print-run.h"
#include "yb-report-document.h"
#include "test-print-util.h"

typedef struct
{
  GtkPrintOperationResult result;
  GError *error;
  gboolean done;
} RunState;

static void
on_run_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunState *state = user_data;

  state->result = yb_print_run_finish (result, &state->error);
  state->done = TRUE;
}

static void
run_export (YbPrintDocument *document,
            const char      *path,
            RunState        *state)
{
  yb_print_run_async (document, NULL, GTK_PRINT_OPERATION_ACTION_EXPORT, path, NULL,
                      on_run_done_cb, state);
  while (!state->done)
    g_main_context_iteration (NULL, TRUE);
}

static GStrv
fetch_row (guint    index,
           gpointer user_data)
{
  GStrv cells = g_new0 (char *, 3);

  cells[0] = g_strdup_printf ("item-%03u", index + 1);
  cells[1] = g_strdup ("宁波示例贸易有限公司");
  return cells;
}

static void
test_export_report (void)
{
  g_autoptr(YbReportDocument) report = yb_report_document_new ("Export report");
  g_autofree char *dir = test_print_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "export.pdf", NULL);
  RunState state = { 0 };
  guint pages;

  yb_report_document_set_unit_name (report, "宁波示例贸易有限公司");
  yb_report_document_add_column (report, "Item", 1, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, "Unit", 2, PANGO_ALIGN_LEFT);
  yb_report_document_set_rows (report, 120, fetch_row, NULL, NULL);
  run_export (YB_PRINT_DOCUMENT (report), path, &state);
  g_assert_no_error (state.error);
  g_assert_cmpint (state.result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  pages = test_print_pdf_pages (path);
  g_assert_cmpuint (pages, ==, yb_print_document_get_n_pages (YB_PRINT_DOCUMENT (report)));
  g_assert_cmpuint (pages, >=, 3);
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *text = test_print_pdf_text (path, page);
      g_autofree char *number = g_strdup_printf ("Page %u of %u", page, pages);

      g_assert_nonnull (strstr (text, "Export report"));
      g_assert_nonnull (strstr (text, "Unit: 宁波示例贸易有限公司"));
      g_assert_nonnull (strstr (text, number));
    }
  {
    g_autofree char *text = test_print_pdf_text (path, 0);

    g_assert_nonnull (strstr (text, "item-001"));
    g_assert_nonnull (strstr (text, "item-120"));
  }
  test_print_keep_png (path, "export-report");
  test_print_remove_tree (dir);
}

static void
test_export_certificate (void)
{
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "print",
                                                    "person-certificate.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YbCertificateData) data = NULL;
  g_autoptr(YbCertificateDocument) document = NULL;
  g_autofree char *dir = test_print_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "certificate.pdf", NULL);
  g_autofree char *text = NULL;
  RunState state = { 0 };

  json_parser_load_from_file (parser, fixture, &error);
  g_assert_no_error (error);
  data = yb_certificate_data_new_from_json (json_node_get_object (json_parser_get_root (parser)),
                                            "https://hall.example.cn", &error);
  g_assert_no_error (error);
  document = yb_certificate_document_new (data, &error);
  g_assert_no_error (error);
  run_export (YB_PRINT_DOCUMENT (document), path, &state);
  g_assert_no_error (state.error);
  g_assert_cmpint (state.result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_cmpuint (test_print_pdf_pages (path), ==, 1);
  text = test_print_squeeze (test_print_pdf_text (path, 0));
  g_assert_nonnull (strstr (text, "个人参保证明"));
  g_assert_nonnull (strstr (text, "张伟"));
  g_assert_nonnull (strstr (text, "K7QF-2M9X-TB4C-8HWP"));
  g_assert_nonnull (strstr (text, "2025.09—至今"));
  test_print_keep_png (path, "export-certificate");
  test_print_remove_tree (dir);
}

static void
test_export_cancelled (void)
{
  g_autoptr(YbReportDocument) report = yb_report_document_new ("Cancelled");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *dir = test_print_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "cancelled.pdf", NULL);
  RunState state = { 0 };

  yb_report_document_add_column (report, "Item", 1, PANGO_ALIGN_LEFT);
  yb_report_document_set_rows (report, 10, fetch_row, NULL, NULL);
  g_cancellable_cancel (cancellable);
  yb_print_run_async (YB_PRINT_DOCUMENT (report), NULL, GTK_PRINT_OPERATION_ACTION_EXPORT, path,
                      cancellable, on_run_done_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  test_print_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/print-run/export-report", test_export_report);
  g_test_add_func ("/io/print-run/export-certificate", test_export_certificate);
  g_test_add_func ("/io/print-run/export-cancelled", test_export_cancelled);

  return g_test_run ();
}
