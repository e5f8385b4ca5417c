/* test-certificate-hall.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Issues certificates on the reference hall, prints them, and verifies a
 * genuine and a forged verification code.
 */
#include "refhall-harness.h"
#include "yb-certificate-document.h"
#include "yb-hall-client.h"
#include "test-print-util.h"

#define HZ "33010010001"

static TestHall *hall;
static YbHallClient *client;

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static JsonObject *
issue (const char *person_no)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  yb_hall_client_issue_certificate_async (client, HZ, person_no, NULL, on_result_cb, &result);
  object = yb_hall_client_issue_certificate_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  return object;
}

static JsonObject *
verify (const char  *code,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  yb_hall_client_verify_certificate_async (client, code, NULL, on_result_cb, &result);
  return yb_hall_client_verify_certificate_finish (client, wait_for (&result), error);
}

static char *
first_insured_person (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallPage) page = NULL;

  yb_hall_client_get_roster_page_async (client, HZ, NULL, 50, NULL, on_result_cb, &result);
  page = yb_hall_client_get_roster_page_finish (client, wait_for (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (page->items); i++)
    {
      JsonObject *person = json_array_get_object_element (page->items, i);

      if (g_strcmp0 (json_object_get_string_member (person, "status"), "insured") == 0)
        return g_strdup (json_object_get_string_member (person, "person_no"));
    }
  g_assert_not_reached ();
}

static char *
render (YbCertificateData *data,
        char             **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbCertificateDocument) document = yb_certificate_document_new (data, &error);
  char *dir = test_print_temp_dir ();
  g_autofree char *name = yb_certificate_data_dup_file_name (data);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_no_error (error);
  g_assert_true (yb_print_document_write_pdf (YB_PRINT_DOCUMENT (document), path, NULL, &error));
  g_assert_no_error (error);
  *out_dir = dir;
  return path;
}

static void
test_person_issue_and_verify (void)
{
  g_autofree char *person_no = first_insured_person ();
  g_autoptr(JsonObject) issued = issue (person_no);
  g_autoptr(GError) error = NULL;
  g_autoptr(YbCertificateData) data = yb_certificate_data_new_from_json (issued, hall->url,
                                                                         &error);
  g_autoptr(JsonObject) verdict = NULL;
  g_autoptr(JsonObject) forged = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;
  const char *code;
  char fake[20];

  g_assert_no_error (error);
  g_assert_cmpint (yb_certificate_data_get_kind (data), ==, YB_CERTIFICATE_KIND_PERSON);
  code = yb_certificate_data_get_verification_code (data);
  url = g_strconcat (hall->url, "/api/v1/certificates/", code, NULL);
  g_assert_cmpstr (yb_certificate_data_get_verification_url (data), ==, url);

  path = render (data, &dir);
  g_assert_true (g_str_has_suffix (path, ".pdf"));
  g_assert_cmpuint (test_print_pdf_pages (path), ==, 1);
  text = test_print_squeeze (test_print_pdf_text (path, 0));
  g_assert_nonnull (strstr (text, yb_certificate_data_get_person_name (data)));
  g_assert_nonnull (strstr (text, yb_certificate_data_get_id_number_masked (data)));
  g_assert_nonnull (strstr (text, code));
  g_assert_nonnull (strstr (text, url));
  test_print_keep_png (path, "hall-person-certificate");

  /* The genuine code, typed in lower case without dashes as a clerk might. */
  {
    g_autofree char *typed = g_ascii_strdown (code, -1);
    GString *loose = g_string_new (NULL);

    for (const char *p = typed; *p; p++)
      if (*p != '-')
        g_string_append_c (loose, *p);
    verdict = verify (loose->str, &error);
    g_string_free (loose, TRUE);
  }
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (verdict, "valid"));
  g_assert_cmpstr (json_object_get_string_member (verdict, "kind"), ==, "person");
  g_assert_nonnull (strstr (json_object_get_string_member (verdict, "subject"),
                            yb_certificate_data_get_person_name (data)));

  /* A forged code: the genuine one with one character changed. */
  g_strlcpy (fake, code, sizeof fake);
  fake[0] = fake[0] == 'A' ? 'B' : 'A';
  forged = verify (fake, &error);
  g_assert_null (forged);
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_NOT_FOUND);
  test_print_remove_tree (dir);
}

static void
test_unit_issue_and_verify (void)
{
  g_autoptr(JsonObject) issued = issue (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YbCertificateData) data = yb_certificate_data_new_from_json (issued, hall->url,
                                                                         &error);
  g_autoptr(JsonObject) verdict = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autofree char *count = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (yb_certificate_data_get_kind (data), ==, YB_CERTIFICATE_KIND_UNIT);
  g_assert_cmpuint (yb_certificate_data_get_n_months (data), >, 0);
  path = render (data, &dir);
  text = test_print_squeeze (test_print_pdf_text (path, 0));
  count = g_strdup_printf ("在职参保人数%u人", yb_certificate_data_get_insured_count (data));
  g_assert_nonnull (strstr (text, "单位参保证明"));
  g_assert_nonnull (strstr (text, "杭州示例科技有限公司"));
  g_assert_nonnull (strstr (text, yb_certificate_data_get_credit_code (data)));
  g_assert_nonnull (strstr (text, count));
  g_assert_nonnull (strstr (text, yb_certificate_data_get_verification_code (data)));
  test_print_keep_png (path, "hall-unit-certificate");

  verdict = verify (yb_certificate_data_get_verification_code (data), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (verdict, "valid"));
  g_assert_cmpstr (json_object_get_string_member (verdict, "subject"), ==,
                   "杭州示例科技有限公司");

  g_clear_pointer (&verdict, json_object_unref);
  verdict = verify ("AAAA-BBBB-CCCC-DDDD", &error);
  g_assert_null (verdict);
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_NOT_FOUND);
  test_print_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const args[] = { "--demo", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  hall = test_hall_start (args);
  client = yb_hall_client_new (hall->url, NULL, &error);
  g_assert_no_error (error);
  yb_hall_client_login_password_async (client, "demo", "demo12345", NULL, on_result_cb, &result);
  g_assert_true (yb_hall_client_login_password_finish (client, wait_for (&result), &error));
  g_assert_no_error (error);

  g_test_add_func ("/io/certificate-hall/person", test_person_issue_and_verify);
  g_test_add_func ("/io/certificate-hall/unit", test_unit_issue_and_verify);
  status = g_test_run ();

  g_clear_object (&client);
  test_hall_stop (hall);
  return status;
}
