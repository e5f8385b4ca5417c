/* test-certificate.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <cairo.h>

#include "yb-certificate-document.h"
#include "yb-print-batch.h"
#include "yb-qr-code.h"
#include "test-print-util.h"

#define HALL "https://hall.example.cn"

static JsonObject *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "print", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static YbCertificateData *
load_data (const char *name)
{
  g_autoptr(JsonObject) object = load_fixture (name);
  g_autoptr(GError) error = NULL;
  YbCertificateData *data = yb_certificate_data_new_from_json (object, HALL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}

static char *
render (YbCertificateData *data,
        gboolean           full_id,
        const char        *stem,
        char             **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbCertificateDocument) document = yb_certificate_document_new (data, &error);
  g_autoptr(GDateTime) printed = g_date_time_new_from_iso8601 ("2026-03-11T10:00:00+08:00",
                                                                NULL);
  char *dir = test_print_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "out.pdf", NULL);
  g_autofree char *partial = g_strconcat (path, ".part", NULL);

  g_assert_no_error (error);
  yb_certificate_document_set_show_full_id (document, full_id);
  yb_print_document_set_printed_at (YB_PRINT_DOCUMENT (document), printed);
  g_assert_true (yb_print_document_write_pdf (YB_PRINT_DOCUMENT (document), path, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (partial, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (yb_print_document_get_n_pages (YB_PRINT_DOCUMENT (document)), ==,
                    test_print_pdf_pages (path));
  test_print_keep_png (path, stem);
  *out_dir = dir;
  return g_steal_pointer (&path);
}

static void
test_person_pdf (void)
{
  g_autoptr(YbCertificateData) data = load_data ("person-certificate.json");
  g_autofree char *dir = NULL;
  g_autofree char *path = render (data, FALSE, "person-certificate", &dir);
  g_autofree char *text = test_print_pdf_text (path, 0);
  g_autofree char *flat = test_print_squeeze (text);

  g_assert_cmpuint (test_print_pdf_pages (path), ==, 1);
  g_assert_true (test_print_pdf_uses_font (path, "NotoSerifCJK"));
  g_assert_nonnull (strstr (flat, "个人参保证明"));
  g_assert_nonnull (strstr (flat, "张伟"));
  g_assert_nonnull (strstr (flat, "3301**********1234"));
  g_assert_null (strstr (flat, "330106199001011234"));
  g_assert_nonnull (strstr (flat, "杭州示例科技有限公司"));
  g_assert_nonnull (strstr (flat, "91330106MA2H0B1X4L"));
  /* The gap in 2025-07/08 splits the record into two insured periods. */
  g_assert_nonnull (strstr (flat, "2025.03—2025.06"));
  g_assert_nonnull (strstr (flat, "2025.09—至今"));
  g_assert_nonnull (strstr (flat, "暂停缴费"));
  g_assert_nonnull (strstr (flat, "参保缴费"));
  g_assert_nonnull (strstr (flat, "2026.02"));
  g_assert_nonnull (strstr (flat, "8,000.00"));
  g_assert_nonnull (strstr (flat, "920.00"));
  g_assert_nonnull (strstr (flat, "K7QF-2M9X-TB4C-8HWP"));
  g_assert_nonnull (strstr (flat, HALL "/api/v1/certificates/K7QF-2M9X-TB4C-8HWP"));
  g_assert_nonnull (strstr (flat, "出具日期：2026年03月10日"));
  g_assert_nonnull (strstr (flat, "打印日期：2026年03月11日"));
  g_assert_nonnull (strstr (flat, "2026年06月08日"));
  g_assert_nonnull (strstr (flat, "特此证明"));
  g_assert_nonnull (strstr (flat, "第1页/共1页"));
  test_print_remove_tree (dir);
}

static void
test_person_full_id (void)
{
  g_autoptr(YbCertificateData) data = load_data ("person-certificate.json");
  g_autofree char *dir = NULL;
  g_autofree char *path = render (data, TRUE, "person-certificate-full-id", &dir);
  g_autofree char *text = test_print_pdf_text (path, 0);

  g_assert_nonnull (strstr (text, "330106199001011234"));
  test_print_remove_tree (dir);
}

static void
test_unit_pdf (void)
{
  g_autoptr(YbCertificateData) data = load_data ("unit-certificate.json");
  g_autofree char *dir = NULL;
  g_autofree char *path = render (data, FALSE, "unit-certificate", &dir);
  g_autofree char *text = test_print_pdf_text (path, 0);
  g_autofree char *flat = test_print_squeeze (text);

  g_assert_cmpuint (test_print_pdf_pages (path), ==, 1);
  g_assert_nonnull (strstr (flat, "单位参保证明"));
  g_assert_nonnull (strstr (flat, "杭州示例科技有限公司"));
  g_assert_nonnull (strstr (flat, "91330106MA2H0B1X4L"));
  g_assert_nonnull (strstr (flat, "33010010001"));
  g_assert_nonnull (strstr (flat, "在职参保人数118人"));
  g_assert_nonnull (strstr (flat, "2025.03"));
  g_assert_nonnull (strstr (flat, "2026.02"));
  /* 121 people × 8000.00 in 2026-02 */
  g_assert_nonnull (strstr (flat, "968,000.00"));
  g_assert_nonnull (strstr (flat, "Z9XW-4R7T-HJ2K-3MNP"));
  g_assert_null (strstr (flat, "个人参保证明"));
  test_print_remove_tree (dir);
}

static void
test_long_certificate (void)
{
  g_autoptr(JsonObject) object = load_fixture ("person-certificate.json");
  JsonArray *months = json_array_new ();
  g_autoptr(YbCertificateData) data = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  guint pages;

  /* 20 years, with a one-month gap every other year: many periods and 230 month rows. */
  for (int year = 2006; year < 2026; year++)
    for (int month = 1; month <= 12; month++)
      {
        JsonObject *entry;
        g_autofree char *period = g_strdup_printf ("%04d%02d", year, month);

        if (year % 2 == 0 && month == 6)
          continue;
        entry = json_object_new ();
        json_object_set_string_member (entry, "period", period);
        json_object_set_string_member (entry, "base", "6000.00");
        json_object_set_string_member (entry, "paid", "690.00");
        json_array_add_object_element (months, entry);
      }
  json_object_set_array_member (object, "months", months);
  json_object_set_string_member (object, "period_from", "200601");
  json_object_set_string_member (object, "period_to", "202512");
  data = yb_certificate_data_new_from_json (object, HALL, &error);
  g_assert_no_error (error);
  path = render (data, FALSE, "person-certificate-long", &dir);
  pages = test_print_pdf_pages (path);
  g_assert_cmpuint (pages, >=, 5);
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *text = test_print_pdf_text (path, page);
      g_autofree char *flat = test_print_squeeze (text);
      g_autofree char *number = g_strdup_printf ("第%u页/共%u页", page, pages);

      g_assert_nonnull (strstr (flat, number));
      g_assert_nonnull (strstr (flat, "K7QF-2M9X-TB4C-8HWP"));
      if (page > 1)
        g_assert_true (strstr (flat, "费款所属期") != NULL || strstr (flat, "起止年月") != NULL);
      if (page == pages)
        g_assert_nonnull (strstr (flat, "特此证明"));
    }
  {
    g_autofree char *text = test_print_pdf_text (path, 0);

    g_assert_nonnull (strstr (text, "2006.01"));
    g_assert_nonnull (strstr (text, "2025.12"));
    g_assert_nonnull (strstr (text, "2006.07—2008.05"));
  }
  test_print_remove_tree (dir);
}

typedef struct
{
  const char *member;
  const char *json;
  const char *field;
} Hostile;

static void
test_hostile_json (void)
{
  static const Hostile cases[] = {
    { "kind", "\"certificate\"", "kind" },
    { "kind", "7", "kind" },
    { "verification_code", "\"K7QF2M9XTB4C8HWP-\"", "verification_code" },
    { "verification_code", "\"IIII-OOOO-TB4C-8HWP\"", "verification_code" },
    { "issued_at", "\"yesterday\"", "issued_at" },
    { "valid_until", "\"2020-01-01T00:00:00+08:00\"", "valid_until" },
    { "verify_path", "\"https://evil.example/api\"", "verify_path" },
    { "verify_path", "\"//evil.example/x\"", "verify_path" },
    { "unit", "[]", "unit" },
    { "unit", "{\"unit_no\":\"33010010001\",\"name\":\"A\\u0007B\","
              "\"credit_code\":\"91330106MA2H0B1X4L\"}", "unit.name" },
    { "unit", "{\"unit_no\":\"330/../1\",\"name\":\"A\",\"credit_code\":\"91330106MA2H0B1X4L\"}",
      "unit.unit_no" },
    { "unit", "{\"unit_no\":\"33010010001\",\"name\":\"A\",\"credit_code\":\"913\"}",
      "unit.credit_code" },
    { "person", "null", "person" },
    { "person", "{\"person_no\":\"P1\",\"name\":\"张伟\",\"id_number_masked\":\"3301****1234\","
                "\"status\":\"insured\",\"start_month\":\"2023-01\"}", "person.start_month" },
    { "person", "{\"person_no\":\"P1\",\"id_number_masked\":\"3301****1234\","
                "\"status\":\"insured\"}", "person.name" },
    { "period_from", "\"202613\"", "period_from" },
    { "period_to", "\"202401\"", "period_to" },
    { "months", "{}", "months" },
    { "months", "[{\"period\":\"202503\",\"base\":\"8000\",\"paid\":\"1.00\"}]", "months[0].base" },
    { "months", "[{\"period\":\"202503\",\"base\":\"8000.00\",\"paid\":\"1.00\"},"
                "{\"period\":\"202503\",\"base\":\"8000.00\",\"paid\":\"1.00\"}]",
      "months[1].period" },
    { "months", "[{\"period\":\"201001\",\"base\":\"8000.00\",\"paid\":\"1.00\"}]",
      "months[0].period" },
    { "months", "[{\"period\":\"202503\",\"base\":\"8000.00\",\"paid\":1}]", "months[0].paid" },
    { "months", "[7]", "months[0]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = load_fixture ("person-certificate.json");
      g_autoptr(JsonNode) value = json_from_string (cases[i].json, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(YbCertificateData) data = NULL;
      g_autofree char *quoted = g_strdup_printf ("“%s”", cases[i].field);

      g_assert_nonnull (value);
      json_object_set_member (object, cases[i].member, json_node_copy (value));
      data = yb_certificate_data_new_from_json (object, HALL, &error);
      g_test_message ("%s = %s: %s", cases[i].member, cases[i].json,
                      error != NULL ? error->message : "accepted");
      g_assert_null (data);
      g_assert_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, quoted));
    }

  {
    g_autoptr(JsonObject) object = load_fixture ("person-certificate.json");
    g_autoptr(GError) error = NULL;
    g_autoptr(YbCertificateData) data = NULL;

    json_object_remove_member (object, "verification_code");
    data = yb_certificate_data_new_from_json (object, HALL, &error);
    g_assert_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_INVALID_DATA);
    g_assert_nonnull (strstr (error->message, "“verification_code”"));
  }
}

static void
test_file_name (void)
{
  g_autoptr(JsonObject) object = load_fixture ("person-certificate.json");
  JsonObject *person = json_object_get_object_member (object, "person");
  g_autoptr(YbCertificateData) data = load_data ("person-certificate.json");
  g_autoptr(YbCertificateData) unit = load_data ("unit-certificate.json");
  g_autoptr(YbCertificateData) hostile = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = yb_certificate_data_dup_file_name (data);
  g_autofree char *unit_name = yb_certificate_data_dup_file_name (unit);
  g_autofree char *hostile_name = NULL;

  g_assert_cmpstr (name, ==, "张伟-1234.pdf");
  g_assert_cmpstr (unit_name, ==, "杭州示例科技有限公司-33010010001.pdf");

  json_object_set_string_member (person, "name", "../a/b:c*d");
  json_object_remove_member (person, "id_number");
  hostile = yb_certificate_data_new_from_json (object, HALL, &error);
  g_assert_no_error (error);
  hostile_name = yb_certificate_data_dup_file_name (hostile);
  g_assert_cmpstr (hostile_name, ==, "_._a_b_c_d-1234.pdf");
  g_assert_null (strchr (hostile_name, '/'));
}

static void
test_periods (void)
{
  g_autoptr(YbCertificateData) data = load_data ("person-certificate.json");
  g_autoptr(GPtrArray) periods = yb_certificate_data_dup_periods (data);
  YbCertificatePeriod *first, *second;

  g_assert_cmpuint (periods->len, ==, 2);
  first = g_ptr_array_index (periods, 0);
  second = g_ptr_array_index (periods, 1);
  g_assert_cmpstr (first->from, ==, "202503");
  g_assert_cmpstr (first->to, ==, "202506");
  g_assert_cmpuint (first->n_months, ==, 4);
  g_assert_false (first->current);
  g_assert_cmpstr (second->from, ==, "202509");
  g_assert_cmpstr (second->to, ==, "202602");
  g_assert_cmpuint (second->n_months, ==, 6);
  g_assert_true (second->current);
  g_assert_cmpstr (yb_certificate_data_get_verification_url (data), ==,
                   HALL "/api/v1/certificates/K7QF-2M9X-TB4C-8HWP");
}

static void
test_qr_draw (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbQrCode) qr = yb_qr_code_new (HALL "/api/v1/certificates/K7QF-2M9X-TB4C-8HWP",
                                           &error);
  guint width, side;
  cairo_surface_t *surface;
  cairo_t *cr;
  guchar *pixels;
  int stride;

  g_assert_no_error (error);
  width = yb_qr_code_get_width (qr);
  g_assert_cmpuint (width, >=, 21);
  g_assert_cmpuint ((width - 17) % 4, ==, 0);
  /* Finder pattern in the top left corner: dark ring, light ring, dark core. */
  for (guint i = 0; i < 7; i++)
    {
      g_assert_true (yb_qr_code_get_module (qr, i, 0));
      g_assert_true (yb_qr_code_get_module (qr, 0, i));
      g_assert_true (yb_qr_code_get_module (qr, width - 1 - i, 0));
      g_assert_true (yb_qr_code_get_module (qr, 0, width - 1 - i));
    }
  g_assert_false (yb_qr_code_get_module (qr, 1, 1));
  g_assert_true (yb_qr_code_get_module (qr, 3, 3));
  g_assert_false (yb_qr_code_get_module (qr, 7, 7));

  /* Drawn at 4 px per module, every module is crisp and matches the code. */
  side = (width + 2 * YB_QR_CODE_QUIET_ZONE) * 4;
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, side, side);
  cr = cairo_create (surface);
  yb_qr_code_draw (qr, cr, 0, 0, side);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (guint y = 0; y < side; y++)
    for (guint x = 0; x < side; x++)
      {
        guint32 pixel = *(guint32 *) (pixels + y * stride + x * 4) & 0xffffff;
        int mx = (int) (x / 4) - YB_QR_CODE_QUIET_ZONE;
        int my = (int) (y / 4) - YB_QR_CODE_QUIET_ZONE;
        gboolean dark = mx >= 0 && my >= 0 && yb_qr_code_get_module (qr, mx, my);

        g_assert_cmphex (pixel, ==, dark ? 0x000000 : 0xffffff);
      }
  cairo_surface_destroy (surface);

  g_assert_null (yb_qr_code_new ("", &error));
  g_assert_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_INVALID_DATA);
}

typedef struct
{
  GAsyncResult *result;
  guint progress_calls;
  guint last_done;
  guint last_total;
} BatchState;

static void
on_batch_progress (guint    done,
                   guint    total,
                   gpointer user_data)
{
  BatchState *state = user_data;

  g_assert_cmpuint (done, ==, state->last_done + 1);
  state->progress_calls++;
  state->last_done = done;
  state->last_total = total;
}

static void
on_batch_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  BatchState *state = user_data;

  state->result = g_object_ref (result);
}

static void
test_batch_save (void)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (
    (GDestroyNotify) yb_certificate_data_unref);
  g_autoptr(JsonObject) other = load_fixture ("person-certificate.json");
  JsonObject *person = json_object_get_object_member (other, "person");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) written = NULL;
  g_autofree char *dir = test_print_temp_dir ();
  g_autofree char *folder = g_build_filename (dir, "certificates", NULL);
  BatchState state = { 0 };
  static const char * const expected[] = { "张伟-1234.pdf", "张伟-1234 (2).pdf",
                                           "王芳-002X.pdf" };

  json_object_set_string_member (person, "name", "王芳");
  json_object_set_string_member (person, "id_number", "33010619920202002X");
  json_object_set_string_member (person, "id_number_masked", "3301**********002X");
  g_ptr_array_add (list, load_data ("person-certificate.json"));
  g_ptr_array_add (list, load_data ("person-certificate.json"));
  g_ptr_array_add (list, yb_certificate_data_new_from_json (other, HALL, &error));
  g_assert_no_error (error);

  yb_print_batch_save_async (list, folder, on_batch_progress, &state, NULL, NULL,
                             on_batch_done_cb, &state);
  while (state.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  written = yb_print_batch_save_finish (state.result, &error);
  g_clear_object (&state.result);
  g_assert_no_error (error);
  g_assert_cmpuint (written->len, ==, 3);
  g_assert_cmpuint (state.progress_calls, ==, 3);
  g_assert_cmpuint (state.last_total, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      const char *path = g_ptr_array_index (written, i);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *text = test_print_pdf_text (path, 0);

      g_assert_cmpstr (base, ==, expected[i]);
      g_assert_nonnull (strstr (text, i < 2 ? "张伟" : "王芳"));
      g_assert_cmpuint (test_print_pdf_pages (path), ==, 1);
    }

  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();
    g_autofree char *empty = g_build_filename (dir, "cancelled", NULL);
    g_autoptr(GPtrArray) none = NULL;
    BatchState cancelled = { 0 };

    g_cancellable_cancel (cancellable);
    yb_print_batch_save_async (list, empty, NULL, NULL, NULL, cancellable, on_batch_done_cb,
                               &cancelled);
    while (cancelled.result == NULL)
      g_main_context_iteration (NULL, TRUE);
    none = yb_print_batch_save_finish (cancelled.result, &error);
    g_clear_object (&cancelled.result);
    g_assert_null (none);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_rmdir (empty);
  }
  test_print_remove_tree (folder);
  test_print_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/certificate/person-pdf", test_person_pdf);
  g_test_add_func ("/io/certificate/person-full-id", test_person_full_id);
  g_test_add_func ("/io/certificate/unit-pdf", test_unit_pdf);
  g_test_add_func ("/io/certificate/long", test_long_certificate);
  g_test_add_func ("/io/certificate/hostile-json", test_hostile_json);
  g_test_add_func ("/io/certificate/file-name", test_file_name);
  g_test_add_func ("/io/certificate/periods", test_periods);
  g_test_add_func ("/io/certificate/qr-draw", test_qr_draw);
  g_test_add_func ("/io/certificate/batch-save", test_batch_save);

  return g_test_run ();
}
