/* test-credentials.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "TestCredentials"

#include <string.h>

#include "yb-credentials.h"
#include "yb-hall-client.h"
#include "yb-test-hall.h"

static YbTestHall *hall;
static GString *captured_log;

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (captured_log, "%s=%s\n", fields[i].key,
                              (const char *) fields[i].value);
    else
      {
        g_string_append_printf (captured_log, "%s=", fields[i].key);
        g_string_append_len (captured_log, fields[i].value, fields[i].length);
        g_string_append_c (captured_log, '\n');
      }
  /* Debug lines on standard output would break the TAP stream. */
  if (log_level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
    return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static gboolean
have_keyring (void)
{
  /* Only the throw-away keyring of the test session, never the developer's own. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL ||
      strstr (g_get_home_dir (), "yibao-test.") == NULL)
    {
      g_test_skip ("Needs the keyring of build-aux/test-session.sh "
                   "(run through test.sh or dbus-run-session)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
store (YbCredentials *credentials,
       const char    *account,
       YbSecretKind   kind,
       const char    *secret)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  gboolean ok;

  yb_credentials_store_async (credentials, account, kind, secret, NULL, yb_test_store_result,
                              &slot);
  result = yb_test_await (&slot);
  ok = yb_credentials_store_finish (credentials, result, &error);
  g_assert_no_error (error);
  return ok;
}

static char *
lookup (YbCredentials *credentials,
        const char    *account,
        YbSecretKind   kind)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  char *secret;
  char *copy;

  yb_credentials_lookup_async (credentials, account, kind, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  secret = yb_credentials_lookup_finish (credentials, result, &error);
  g_assert_no_error (error);
  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

static void
forget (YbCredentials *credentials,
        const char    *account)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  yb_credentials_forget_async (credentials, account, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_credentials_forget_finish (credentials, result, &error));
  g_assert_no_error (error);
}

static void
test_store_lookup_forget (void)
{
  g_autoptr(YbCredentials) one = yb_credentials_new ("https://hall-one.example.cn");
  g_autoptr(YbCredentials) two = yb_credentials_new ("https://hall-two.example.cn");
  g_autofree char *secret = NULL;

  if (!have_keyring ())
    return;

  g_assert_true (store (one, "clerk", YB_SECRET_PASSWORD, "pass-one"));
  g_assert_true (store (one, "clerk", YB_SECRET_REFRESH_TOKEN, "token-one"));
  g_assert_true (store (two, "clerk", YB_SECRET_PASSWORD, "pass-two"));

  secret = lookup (one, "clerk", YB_SECRET_PASSWORD);
  g_assert_cmpstr (secret, ==, "pass-one");
  g_clear_pointer (&secret, g_free);
  secret = lookup (one, "clerk", YB_SECRET_REFRESH_TOKEN);
  g_assert_cmpstr (secret, ==, "token-one");
  g_clear_pointer (&secret, g_free);
  secret = lookup (two, "clerk", YB_SECRET_PASSWORD);
  g_assert_cmpstr (secret, ==, "pass-two");
  g_clear_pointer (&secret, g_free);
  secret = lookup (one, "somebody-else", YB_SECRET_PASSWORD);
  g_assert_null (secret);

  /* Storing again replaces. */
  g_assert_true (store (one, "clerk", YB_SECRET_PASSWORD, "pass-one-new"));
  secret = lookup (one, "clerk", YB_SECRET_PASSWORD);
  g_assert_cmpstr (secret, ==, "pass-one-new");
  g_clear_pointer (&secret, g_free);

  /* Forgetting takes the password and the token of that hall only. */
  forget (one, "clerk");
  secret = lookup (one, "clerk", YB_SECRET_PASSWORD);
  g_assert_null (secret);
  secret = lookup (one, "clerk", YB_SECRET_REFRESH_TOKEN);
  g_assert_null (secret);
  secret = lookup (two, "clerk", YB_SECRET_PASSWORD);
  g_assert_cmpstr (secret, ==, "pass-two");
  g_clear_pointer (&secret, g_free);
  forget (two, "clerk");
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  gsize needle_length = strlen (needle);

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  for (gsize i = 0; i + needle_length <= length; i++)
    if (memcmp (contents + i, needle, needle_length) == 0)
      return TRUE;
  return FALSE;
}

static guint
scan_tree (const char *dir,
           const char *needle,
           GPtrArray  *hits)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint files = 0;

  if (handle == NULL)
    return 0;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        files += scan_tree (path, needle, hits);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          files++;
          if (file_contains (path, needle))
            g_ptr_array_add (hits, g_strdup (path));
        }
    }
  return files;
}

static void
test_secrets_stay_secret (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = yb_hall_client_new (hall->base_url, NULL, &error);
  g_autoptr(YbCredentials) credentials = yb_credentials_new (hall->base_url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *token = NULL;
  g_autofree char *remembered = NULL;
  const char *dirs[] = {
    g_get_home_dir (), g_get_user_data_dir (), g_get_user_config_dir (), g_get_user_cache_dir (),
    g_get_user_runtime_dir (), hall->state_dir,
  };
  GAsyncResult *slot = NULL;
  guint files = 0;

  if (!have_keyring ())
    return;
  g_assert_no_error (error);

  /* A wrong password first: its error must not echo it. */
  yb_hall_client_login_password_async (client, "demo", "Wr0ng-Secret-77", NULL,
                                       yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_false (yb_hall_client_login_password_finish (client, result, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_BAD_CREDENTIALS);
  g_assert_null (strstr (error->message, "Wr0ng-Secret-77"));
  g_clear_error (&error);
  g_clear_object (&result);

  yb_hall_client_login_password_async (client, "demo", "demo12345", NULL, yb_test_store_result,
                                       &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_hall_client_login_password_finish (client, result, &error));
  g_assert_no_error (error);
  token = g_strdup (yb_hall_client_get_refresh_token (client));

  g_assert_true (store (credentials, "demo", YB_SECRET_PASSWORD, "demo12345"));
  g_assert_true (store (credentials, "demo", YB_SECRET_REFRESH_TOKEN, token));
  remembered = lookup (credentials, "demo", YB_SECRET_PASSWORD);
  g_assert_cmpstr (remembered, ==, "demo12345");

  /* Nothing on disk outside the keyring's encrypted file, nothing in the log. */
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      files += scan_tree (dirs[i], "demo12345", hits);
      scan_tree (dirs[i], "Wr0ng-Secret-77", hits);
      scan_tree (dirs[i], token, hits);
    }
  for (guint i = 0; i < hits->len; i++)
    g_test_message ("secret found in %s", (char *) g_ptr_array_index (hits, i));
  g_assert_cmpuint (hits->len, ==, 0);
  g_test_message ("%u files scanned", files);

  g_assert_cmpuint (captured_log->len, >, 0);
  g_assert_null (strstr (captured_log->str, "demo12345"));
  g_assert_null (strstr (captured_log->str, "Wr0ng-Secret-77"));
  g_assert_null (strstr (captured_log->str, token));

  forget (credentials, "demo");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Capture every message, debug ones too, to look for secrets in them. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  hall = yb_test_hall_start (FALSE, "--demo", NULL);

  g_test_add_func ("/hall/credentials/store-lookup-forget", test_store_lookup_forget);
  g_test_add_func ("/hall/credentials/secrets-stay-secret", test_secrets_stay_secret);

  status = g_test_run ();

  yb_test_hall_stop (hall);
  g_string_free (captured_log, TRUE);
  return status;
}
