/* test-hall-tls.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "TestHallTls"

#include <glib/gstdio.h>
#include <string.h>

#include "yb-hall-client.h"
#include "yb-test-hall.h"

static YbTestHall *hall;

static void
test_with_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = yb_hall_client_new (hall->base_url, hall->ca_file, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YbHallInfo) info = NULL;
  GAsyncResult *slot = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (yb_hall_client_get_ca_file (client), ==, hall->ca_file);

  yb_hall_client_get_info_async (client, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  info = yb_hall_client_get_info_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (info->api_version, ==, "1");
  g_assert_true (yb_hall_client_get_online (client));
  g_clear_object (&result);

  yb_hall_client_login_password_async (client, "demo", "demo12345", NULL, yb_test_store_result,
                                       &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_hall_client_login_password_finish (client, result, &error));
  g_assert_no_error (error);
}

static void
test_without_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = yb_hall_client_new (hall->base_url, NULL, &error);
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  g_assert_no_error (error);

  /* The system's trust store does not know the hall's own CA: no answer is read. */
  yb_hall_client_login_password_async (client, "demo", "demo12345", NULL, yb_test_store_result,
                                       &slot);
  result = yb_test_await (&slot);
  g_assert_false (yb_hall_client_login_password_finish (client, result, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_TLS);
  g_assert_false (yb_hall_client_get_logged_in (client));
  g_assert_false (yb_hall_client_get_online (client));
}

static void
test_wrong_ca (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = NULL;
  g_autofree char *path = g_build_filename (hall->state_dir, "not-a-ca.pem", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  /* A CA file that cannot be read is an error at once, naming the file. */
  g_assert_true (g_file_set_contents (path, "garbage", -1, NULL));
  g_assert_null (yb_hall_client_new (hall->base_url, path, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "not-a-ca.pem"));
  g_clear_error (&error);

  /* Another CA (the system bundle) does not vouch for the hall either. */
  if (!g_file_test ("/etc/ssl/certs/ca-certificates.crt", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No system CA bundle to use as the wrong CA");
      return;
    }
  client = yb_hall_client_new (hall->base_url, "/etc/ssl/certs/ca-certificates.crt", &error);
  g_assert_no_error (error);
  yb_hall_client_get_info_async (client, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_null (yb_hall_client_get_info_finish (client, result, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_TLS);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  hall = yb_test_hall_start (TRUE, "--demo", NULL);

  g_test_add_func ("/hall/tls/with-ca", test_with_ca);
  g_test_add_func ("/hall/tls/without-ca", test_without_ca);
  g_test_add_func ("/hall/tls/wrong-ca", test_wrong_ca);

  status = g_test_run ();

  yb_test_hall_stop (hall);
  return status;
}
