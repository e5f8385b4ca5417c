/* test-certificate-batch.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several 个人参保证明 in one print job: one PDF whose pages are the sum of
 * the certificates', each certificate numbered on its own.
 */
#include "yb-certificate-batch-document.h"
#include "yb-print-run.h"
#include "test-print-util.h"

#define HALL "https://hall.example.cn"

static JsonObject *
load_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "print",
                                                 "person-certificate.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* The fixture's certificate for another person; @years of months make it long. */
static YbCertificateData *
make_person (const char *name,
             const char *id_number,
             const char *code,
             guint       years)
{
  g_autoptr(JsonObject) object = load_fixture ();
  JsonObject *person = json_object_get_object_member (object, "person");
  g_autofree char *path = g_strconcat ("/api/v1/certificates/", code, NULL);
  g_autofree char *masked = g_strdup_printf ("%.4s**********%s", id_number, id_number + 14);
  g_autoptr(GError) error = NULL;
  YbCertificateData *data;

  json_object_set_string_member (person, "name", name);
  json_object_set_string_member (person, "id_number", id_number);
  json_object_set_string_member (person, "id_number_masked", masked);
  json_object_set_string_member (object, "verification_code", code);
  json_object_set_string_member (object, "verify_path", path);
  if (years > 0)
    {
      JsonArray *months = json_array_new ();
      g_autofree char *from = g_strdup_printf ("%04u01", 2026 - years);

      for (guint year = 2026 - years; year < 2026; year++)
        for (guint month = 1; month <= 12; month++)
          {
            JsonObject *entry = json_object_new ();
            g_autofree char *period = g_strdup_printf ("%04u%02u", year, month);

            json_object_set_string_member (entry, "period", period);
            json_object_set_string_member (entry, "base", "6000.00");
            json_object_set_string_member (entry, "paid", "690.00");
            json_array_add_object_element (months, entry);
          }
      json_object_set_array_member (object, "months", months);
      json_object_set_string_member (object, "period_from", from);
      json_object_set_string_member (object, "period_to", "202512");
    }
  data = yb_certificate_data_new_from_json (object, HALL, &error);
  g_assert_no_error (error);
  return data;
}

static GPtrArray *
make_selection (void)
{
  GPtrArray *certificates = g_ptr_array_new_with_free_func (
    (GDestroyNotify) yb_certificate_data_unref);

  g_ptr_array_add (certificates, make_person ("张伟", "330106199001011234",
                                              "K7QF-2M9X-TB4C-8HWP", 0));
  g_ptr_array_add (certificates, make_person ("李娜", "330106198802025678",
                                              "R3DW-9PLK-ZX2M-4QTA", 12));
  g_ptr_array_add (certificates, make_person ("王芳", "330106199203039012",
                                              "M8TN-5CQE-7VRB-2YHS", 0));
  return certificates;
}

/* Each page carries its own certificate's code and its own page numbers. */
static void
check_pages (const char                 *path,
             YbCertificateBatchDocument *document)
{
  static const char * const names[] = { "张伟", "李娜", "王芳" };
  guint n_parts = yb_certificate_batch_document_get_n_parts (document);
  guint total = test_print_pdf_pages (path);
  guint sum = 0;

  g_assert_cmpuint (n_parts, ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < n_parts; i++)
    {
      YbCertificateDocument *part = yb_certificate_batch_document_get_part (document, i);
      YbCertificateData *data = yb_certificate_document_get_data (part);
      guint first = yb_certificate_batch_document_get_first_page (document, i);
      guint next = i + 1 < n_parts ? yb_certificate_batch_document_get_first_page (document, i + 1)
                                   : total;
      guint pages = next - first;

      g_assert_cmpuint (first, ==, sum);
      g_assert_cmpuint (pages, >=, 1);
      sum += pages;
      for (guint page = 0; page < pages; page++)
        {
          g_autofree char *text = test_print_squeeze (test_print_pdf_text (path, first + page + 1));
          g_autofree char *number = g_strdup_printf ("第%u页/共%u页", page + 1, pages);

          g_assert_nonnull (strstr (text, number));
          g_assert_nonnull (strstr (text, yb_certificate_data_get_verification_code (data)));
          if (page == 0)
            g_assert_nonnull (strstr (text, names[i]));
          for (guint other = 0; other < n_parts; other++)
            if (other != i)
              g_assert_null (strstr (text, names[other]));
        }
    }
  g_assert_cmpuint (sum, ==, total);
  g_assert_cmpuint (total, ==, yb_print_document_get_n_pages (YB_PRINT_DOCUMENT (document)));
  /* The long certificate really spans pages, so per-certificate numbering is tested. */
  g_assert_cmpuint (total, >, n_parts);
}

static void
test_batch_pdf (void)
{
  g_autoptr(GPtrArray) certificates = make_selection ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YbCertificateBatchDocument) document = NULL;
  g_autofree char *dir = test_print_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "batch.pdf", NULL);
  guint sum = 0;

  document = yb_certificate_batch_document_new (certificates, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yb_print_document_get_title (YB_PRINT_DOCUMENT (document)), ==,
                   "个人参保证明（3 份）");
  g_assert_true (yb_print_document_write_pdf (YB_PRINT_DOCUMENT (document), path, NULL, &error));
  g_assert_no_error (error);

  /* The job has exactly the pages the certificates have alone. */
  for (guint i = 0; i < certificates->len; i++)
    {
      g_autoptr(YbCertificateDocument) alone = NULL;
      g_autofree char *single = g_strdup_printf ("%s/single-%u.pdf", dir, i);

      alone = yb_certificate_document_new (g_ptr_array_index (certificates, i), &error);
      g_assert_no_error (error);
      g_assert_true (yb_print_document_write_pdf (YB_PRINT_DOCUMENT (alone), single, NULL,
                                                  &error));
      g_assert_no_error (error);
      sum += test_print_pdf_pages (single);
    }
  g_assert_cmpuint (test_print_pdf_pages (path), ==, sum);
  check_pages (path, document);
  test_print_keep_png (path, "certificate-batch");
  test_print_remove_tree (dir);
}

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
test_batch_export (void)
{
  g_autoptr(GPtrArray) certificates = make_selection ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YbCertificateBatchDocument) document = NULL;
  g_autofree char *dir = test_print_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "export.pdf", NULL);
  RunState state = { 0 };

  document = yb_certificate_batch_document_new (certificates, &error);
  g_assert_no_error (error);
  yb_print_run_async (YB_PRINT_DOCUMENT (document), NULL, GTK_PRINT_OPERATION_ACTION_EXPORT, path,
                      NULL, on_run_done_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpint (state.result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  check_pages (path, document);
  test_print_remove_tree (dir);
}

static void
test_batch_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(YbCertificateBatchDocument) document = NULL;

  document = yb_certificate_batch_document_new (none, &error);
  g_assert_null (document);
  g_assert_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_EMPTY);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/certificate-batch/pdf", test_batch_pdf);
  g_test_add_func ("/io/certificate-batch/export", test_batch_export);
  g_test_add_func ("/io/certificate-batch/empty", test_batch_empty);

  return g_test_run ();
}
