/* yb-test-hall.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbTestHall"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/prctl.h>
#include <signal.h>

#include "yb-test-hall.h"

static char *
refhall_path (void)
{
  const char *build_dir = g_getenv ("YIBAO_BUILD_DIR");

  g_assert_nonnull (build_dir);
  return g_build_filename (build_dir, "refhall", "yibao-refhall", NULL);
}

/* A crashed test must not leave its hall running. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

/* Starts the real reference hall with a throw-away state and an in-memory
 * database, and waits for its base URL (and CA path) on standard output. */
YbTestHall *
yb_test_hall_start (gboolean    https,
                    const char *first_arg,
                    ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  YbTestHall *hall = g_new0 (YbTestHall, 1);
  char *line;
  va_list args;

  hall->state_dir = g_dir_make_tmp ("yb-test-hall-XXXXXX", &error);
  g_assert_no_error (error);

  g_ptr_array_add (argv, refhall_path ());
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  g_ptr_array_add (argv, g_strdup ("--db=:memory:"));
  g_ptr_array_add (argv, g_strdup_printf ("--state-dir=%s", hall->state_dir));
  if (!https)
    g_ptr_array_add (argv, g_strdup ("--http"));

  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  hall->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hall->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_strstrip (line);
  g_assert_true (g_str_has_prefix (line, https ? "https://" : "http://"));
  hall->base_url = line;

  if (https)
    {
      line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_strstrip (line);
      g_assert_true (g_str_has_prefix (line, "ca: "));
      hall->ca_file = g_strdup (line + strlen ("ca: "));
      g_free (line);
      g_assert_true (g_file_test (hall->ca_file, G_FILE_TEST_IS_REGULAR));
    }

  return hall;
}

static void
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

void
yb_test_hall_stop (YbTestHall *hall)
{
  if (hall == NULL)
    return;

  if (hall->process != NULL)
    {
      g_subprocess_send_signal (hall->process, SIGTERM);
      g_subprocess_wait (hall->process, NULL, NULL);
      g_clear_object (&hall->process);
    }
  if (hall->state_dir != NULL)
    remove_tree (hall->state_dir);
  g_free (hall->state_dir);
  g_free (hall->base_url);
  g_free (hall->ca_file);
  g_free (hall);
}

/* Test control is outside the contract; a plain blocking request will do in a test. */
JsonObject *
yb_test_hall_control (YbTestHall *hall,
                      const char *json)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *url = g_strconcat (hall->base_url, "/api/v1/_test/control", NULL);

  if (hall->ca_file != NULL)
    {
      g_autoptr(GTlsDatabase) db = g_tls_file_database_new (hall->ca_file, &error);

      g_assert_no_error (error);
      soup_session_set_tls_database (session, db);
    }

  msg = soup_message_new ("POST", url);
  body = g_bytes_new (json, strlen (json));
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  g_clear_pointer (&body, g_bytes_unref);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != 200)
    g_error ("test control %s: HTTP %u: %.*s", json, soup_message_get_status (msg),
             (int) g_bytes_get_size (body), (const char *) g_bytes_get_data (body, NULL));

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                              &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

void
yb_test_store_result (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

/* Runs the main loop until the callback filled @slot; returns it and empties it. */
GAsyncResult *
yb_test_await (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return g_steal_pointer (slot);
}

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Sleeps while keeping the main loop running. */
void
yb_test_sleep (guint milliseconds)
{
  gboolean done = FALSE;

  g_timeout_add (milliseconds, on_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Completes 17 digits with the GB 11643 check digit. */
char *
yb_test_make_id_number (const char *first17)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char digits[] = "10X98765432";
  int sum = 0;

  g_assert_cmpuint (strlen (first17), ==, 17);
  for (int i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", first17, digits[sum % 11]);
}
