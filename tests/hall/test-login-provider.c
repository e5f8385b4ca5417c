/* test-login-provider.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "TestLoginProvider"

#include <glib/gstdio.h>
#include <string.h>

#include "yb-login.h"
#include "yb-test-hall.h"

static char *work_dir;

static void
test_providers_listed (void)
{
  GList *providers = yb_login_providers_list ();
  g_autoptr(YbLoginProvider) signer = NULL;

  g_assert_cmpuint (g_list_length (providers), ==, 2);
  /* The built-in password login leads. */
  g_assert_cmpstr (yb_login_provider_get_id (providers->data), ==, "password");
  g_assert_cmpint (yb_login_provider_get_kind (providers->data), ==, YB_LOGIN_KIND_PASSWORD);
  g_assert_cmpstr (yb_login_provider_get_id (providers->next->data), ==, "test-signer");
  g_assert_cmpstr (yb_login_provider_get_display_name (providers->next->data), ==,
                   "Test key file");
  g_list_free_full (providers, g_object_unref);

  signer = yb_login_providers_find ("test-signer");
  g_assert_nonnull (signer);
  g_assert_cmpint (yb_login_provider_get_kind (signer), ==, YB_LOGIN_KIND_CERTIFICATE);
  g_assert_null (yb_login_providers_find ("nonexistent"));
}

static void
test_wrong_abi_refused (void)
{
  if (g_test_subprocess ())
    {
      /* Another ABI version is refused with a warning. */
      g_assert_false (yb_login_provider_register (G_TYPE_OBJECT, "old-module", 1, 0));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*old-module*ABI 0*");
}

static void
test_password_login (void)
{
  g_autoptr(YbTestHall) hall = yb_test_hall_start (FALSE, "--demo", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = yb_hall_client_new (hall->base_url, NULL, &error);
  g_autoptr(YbLoginProvider) provider = yb_login_providers_find ("password");
  g_autoptr(YbLoginContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  g_assert_no_error (error);
  context = yb_login_context_new (client, NULL);
  yb_login_context_set_password (context, "demo", "demo12345");
  yb_login_run_async (provider, context, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_login_run_finish (provider, result, &error));
  g_assert_no_error (error);
  g_assert_true (yb_hall_client_get_logged_in (client));
}

static void
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (work_dir, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

/* A CA for the hall's --trust-ca and a unit certificate whose OU holds the credit code. */
static void
make_certificates (const char *credit_code)
{
  g_autofree char *ca_tmpl = g_build_filename (work_dir, "ca.tmpl", NULL);
  g_autofree char *unit_tmpl = g_build_filename (work_dir, "unit.tmpl", NULL);
  g_autofree char *unit_text = g_strdup_printf ("cn = \"Test unit\"\nunit = \"%s\"\n"
                                                "serial = 2\nexpiration_days = 30\n"
                                                "signing_key\ntls_www_client\n", credit_code);
  const char *genkey_ca[] = { "certtool", "--generate-privkey", "--rsa", "--bits=2048",
    "--outfile", "ca.key", NULL };
  const char *genkey_unit[] = { "certtool", "--generate-privkey", "--rsa", "--bits=2048",
    "--outfile", "unit.key", NULL };
  const char *self_sign[] = { "certtool", "--generate-self-signed", "--load-privkey", "ca.key",
    "--template", "ca.tmpl", "--outfile", "ca.pem", NULL };
  const char *issue[] = { "certtool", "--generate-certificate", "--load-privkey", "unit.key",
    "--load-ca-certificate", "ca.pem", "--load-ca-privkey", "ca.key", "--template",
    "unit.tmpl", "--outfile", "unit.pem", NULL };

  g_assert_true (g_file_set_contents (ca_tmpl, "cn = \"Test trust CA\"\nca\ncert_signing_key\n"
                                      "serial = 1\nexpiration_days = 30\n", -1, NULL));
  g_assert_true (g_file_set_contents (unit_tmpl, unit_text, -1, NULL));
  run (genkey_ca);
  run (genkey_unit);
  run (self_sign);
  run (issue);
}

static void
test_certificate_login (void)
{
  g_autoptr(YbTestHall) plain = NULL;
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) probe = NULL;
  g_autoptr(YbHallClient) client = NULL;
  g_autoptr(YbLoginProvider) password = yb_login_providers_find ("password");
  g_autoptr(YbLoginProvider) signer = yb_login_providers_find ("test-signer");
  g_autoptr(YbLoginContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) identities = NULL;
  g_autofree char *credit_code = NULL;
  g_autofree char *trust = NULL;
  g_autofree char *expected_account = NULL;
  g_autofree char *key = g_build_filename (work_dir, "unit.key", NULL);
  g_autofree char *cert = g_build_filename (work_dir, "unit.pem", NULL);
  GAsyncResult *slot = NULL;

  if (g_find_program_in_path ("certtool") == NULL)
    {
      g_test_skip ("certtool (gnutls-bin) is needed to make a test certificate");
      return;
    }

  /* The demo unit's credit code, as the hall knows it. */
  plain = yb_test_hall_start (FALSE, "--demo", NULL);
  probe = yb_hall_client_new (plain->base_url, NULL, &error);
  g_assert_no_error (error);
  context = yb_login_context_new (probe, NULL);
  yb_login_context_set_password (context, "demo", "demo12345");
  yb_login_run_async (password, context, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_login_run_finish (password, result, &error));
  credit_code = g_strdup (yb_hall_client_get_credit_code (probe));
  g_clear_object (&result);
  g_clear_object (&context);

  make_certificates (credit_code);
  g_setenv ("YB_TEST_SIGNER_KEY", key, TRUE);
  g_setenv ("YB_TEST_SIGNER_CERT", cert, TRUE);
  g_setenv ("YB_TEST_SIGNER_CREDIT_CODE", credit_code, TRUE);

  yb_login_provider_list_identities_async (signer, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  identities = yb_login_provider_list_identities_finish (signer, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (identities->len, ==, 1);
  g_assert_cmpstr (yb_login_identity_get_credit_code (g_ptr_array_index (identities, 0)), ==,
                   credit_code);
  g_clear_object (&result);

  trust = g_strdup_printf ("--trust-ca=%s/ca.pem", work_dir);
  hall = yb_test_hall_start (FALSE, "--demo", trust, NULL);
  client = yb_hall_client_new (hall->base_url, NULL, &error);
  g_assert_no_error (error);

  context = yb_login_context_new (client,
                                  yb_login_identity_get_id (g_ptr_array_index (identities, 0)));
  yb_login_run_async (signer, context, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_login_run_finish (signer, result, &error));
  g_assert_no_error (error);
  g_assert_true (yb_hall_client_get_logged_in (client));
  expected_account = g_strdup_printf ("cert:%s", credit_code);
  g_assert_cmpstr (yb_hall_client_get_account (client), ==, expected_account);
  g_clear_object (&result);
  g_clear_object (&context);

  /* A hall without a trust CA refuses certificate login. */
  context = yb_login_context_new (probe, "env-key");
  yb_login_run_async (signer, context, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_false (yb_login_run_finish (signer, result, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_CERT_LOGIN_UNAVAILABLE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *modules = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The module lies beside this test; a missing directory in the path is skipped. */
  modules = g_path_get_dirname (argv[0]);
  path = g_strdup_printf ("/nonexistent/yibao-plugins%s%s", G_SEARCHPATH_SEPARATOR_S, modules);
  g_setenv ("YIBAO_PLUGIN_PATH", path, TRUE);
  work_dir = g_dir_make_tmp ("yb-test-login-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/hall/login/providers-listed", test_providers_listed);
  g_test_add_func ("/hall/login/wrong-abi-refused", test_wrong_abi_refused);
  g_test_add_func ("/hall/login/password", test_password_login);
  g_test_add_func ("/hall/login/certificate", test_certificate_login);

  status = g_test_run ();

  {
    const char *files[] = { "ca.key", "ca.pem", "ca.tmpl", "unit.key", "unit.pem", "unit.tmpl" };

    for (guint i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *file = g_build_filename (work_dir, files[i], NULL);

        g_remove (file);
      }
    g_rmdir (work_dir);
    g_free (work_dir);
  }
  return status;
}
