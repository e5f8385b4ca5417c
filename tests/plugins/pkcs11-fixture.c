/* pkcs11-fixture.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A SoftHSM token with a unit certificate, a test CA and the reference hall
 * trusting it, for the PKCS#11 login tests.
 */
#define _GNU_SOURCE /* memmem */
#define G_LOG_DOMAIN "Pkcs11Fixture"

#include <glib/gstdio.h>
#include <string.h>

#include "pkcs11-fixture.h"

char *work_dir;

void
run_tool (const char * const *argv,
          gboolean            with_pin)
{
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  /* The tools take the PIN from their environment; this process never has it there. */
  if (with_pin)
    envp = g_environ_setenv (envp, "GNUTLS_PIN", PIN, TRUE);
  g_spawn_sync (work_dir, (char **) argv, envp,
                G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
}

void
write_file (const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (work_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

/* Counts the files under @path holding @needle. */
guint
files_containing (const char *path,
                  const char *needle)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint found = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        found += files_containing (child, needle);
      else if (g_file_get_contents (child, &contents, &length, NULL)
               && memmem (contents, length, needle, strlen (needle)) != NULL)
        {
          g_test_message ("%s holds the PIN", child);
          found++;
        }
    }
  return found;
}

/* A SoftHSM configuration of its own and an empty token, as a USB key fresh from the vendor. */
void
make_token (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tokens = NULL;
  g_autofree char *conf_text = NULL;
  g_autofree char *conf = NULL;
  const char *init[] = { "softhsm2-util", "--init-token", "--free", "--label", TOKEN,
    "--so-pin", SO_PIN, "--pin", PIN, NULL };

  work_dir = g_dir_make_tmp ("yb-test-pkcs11-XXXXXX", &error);
  g_assert_no_error (error);
  tokens = g_build_filename (work_dir, "tokens", NULL);
  g_assert_cmpint (g_mkdir (tokens, 0700), ==, 0);
  conf_text = g_strdup_printf ("directories.tokendir = %s\nlog.level = ERROR\n", tokens);
  write_file ("softhsm2.conf", conf_text);
  conf = g_build_filename (work_dir, "softhsm2.conf", NULL);
  /* Before GnuTLS loads p11-kit's modules, which start SoftHSM with this configuration. */
  g_setenv ("SOFTHSM2_CONF", conf, TRUE);
  run_tool (init, FALSE);
}

/* A CA (<name>.key, <name>.pem); ECDSA keeps it quick. */
void
make_ca (const char *name,
         const char *common_name)
{
  g_autofree char *key = g_strdup_printf ("%s.key", name);
  g_autofree char *pem = g_strdup_printf ("%s.pem", name);
  g_autofree char *tmpl = g_strdup_printf ("%s.tmpl", name);
  g_autofree char *text = g_strdup_printf ("cn = \"%s\"\nca\ncert_signing_key\n"
                                           "expiration_days = 365\n", common_name);
  const char *genkey[] = { "certtool", "--generate-privkey", "--ecc", "--outfile", key, NULL };
  const char *sign[] = { "certtool", "--generate-self-signed", "--load-privkey", key,
    "--template", tmpl, "--outfile", pem, NULL };

  write_file (tmpl, text);
  run_tool (genkey, FALSE);
  run_tool (sign, FALSE);
}

/* Issues the unit's certificate from @ca for a key made for the purpose, writes key and
 * certificate to the token under one id, and deletes the key file: the key lives on the
 * token only. @validity is a template fragment with the dates. */
void
put_unit_certificate (const char *ca,
                      const char *credit_code,
                      const char *key_type,
                      const char *validity)
{
  g_autofree char *ca_key = g_strdup_printf ("%s.key", ca);
  g_autofree char *ca_pem = g_strdup_printf ("%s.pem", ca);
  g_autofree char *text = g_strdup_printf ("cn = \"" UNIT_NAME "\"\nunit = \"%s\"\n"
                                           "serial = 7\n%s\nsigning_key\ntls_www_client\n",
                                           credit_code, validity);
  g_autofree char *unit_key = g_build_filename (work_dir, "unit.key", NULL);
  const char *genkey[] = { "certtool", "--generate-privkey", key_type, "--outfile", "unit.key",
    NULL };
  const char *issue[] = { "certtool", "--generate-certificate", "--load-privkey", "unit.key",
    "--load-ca-certificate", ca_pem, "--load-ca-privkey", ca_key, "--template", "unit.tmpl",
    "--outfile", "unit.pem", NULL };
  const char *write_key[] = { "p11tool", "--login", "--write", "--load-privkey", "unit.key",
    "--label", "unit-key", "--id", "01", "pkcs11:token=" TOKEN, NULL };
  const char *write_cert[] = { "p11tool", "--login", "--write", "--load-certificate",
    "unit.pem", "--label", "unit", "--id", "01", "pkcs11:token=" TOKEN, NULL };
  /* A CA certificate on the token, as vendors ship them: it is no identity. */
  const char *write_ca[] = { "p11tool", "--login", "--write", "--load-certificate", ca_pem,
    "--label", "issuer", "--id", "02", "pkcs11:token=" TOKEN, NULL };

  write_file ("unit.tmpl", text);
  run_tool (genkey, FALSE);
  run_tool (issue, FALSE);
  run_tool (write_key, TRUE);
  run_tool (write_cert, TRUE);
  run_tool (write_ca, TRUE);
  g_assert_cmpint (g_unlink (unit_key), ==, 0);
}

YbTestHall *
start_hall (const char *ca)
{
  g_autofree char *trust = g_strdup_printf ("--trust-ca=%s/%s.pem", work_dir, ca);

  return yb_test_hall_start (FALSE, "--demo", trust, NULL);
}

/* The demo unit's credit code, as the hall knows it. */
char *
demo_credit_code (YbTestHall *hall)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = yb_hall_client_new (hall->base_url, NULL, &error);
  g_autoptr(YbLoginProvider) password = yb_login_providers_find ("password");
  g_autoptr(YbLoginContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  g_assert_no_error (error);
  context = yb_login_context_new (client, NULL);
  yb_login_context_set_password (context, "demo", "demo12345");
  yb_login_run_async (password, context, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_login_run_finish (password, result, &error));
  g_assert_no_error (error);
  return g_strdup (yb_hall_client_get_credit_code (client));
}

