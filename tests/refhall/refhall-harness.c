/* refhall-harness.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starts the real yibao-refhall program as a separate process and talks to it
 * over loopback sockets with libsoup.
 */
#define G_LOG_DOMAIN "RefhallHarness"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "refhall-harness.h"

static const char *
refhall_binary (void)
{
  const char *path = g_getenv ("YIBAO_REFHALL");

  g_assert_nonnull (path);
  return path;
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

TestHall *
test_hall_start (const char * const *extra_args)
{
  TestHall *hall = g_new0 (TestHall, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *db = NULL;
  gboolean https = FALSE;
  char *line;

  hall->dir = g_dir_make_tmp ("refhall-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (hall->dir, "hall.db", NULL);
  g_ptr_array_add (argv, g_strdup (refhall_binary ()));
  g_ptr_array_add (argv, g_strdup ("--port=0"));
  g_ptr_array_add (argv, g_strdup_printf ("--db=%s", db));
  g_ptr_array_add (argv, g_strdup_printf ("--state-dir=%s", hall->dir));
  for (guint i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    {
      if (g_str_equal (extra_args[i], "--https"))
        {
          https = TRUE;
          continue;
        }
      g_ptr_array_add (argv, g_strdup (extra_args[i]));
    }
  if (!https)
    g_ptr_array_add (argv, g_strdup ("--http"));
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* A test that aborts must not leave its hall running. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  hall->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                                &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (hall->process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, https ? "https://127.0.0.1:" : "http://127.0.0.1:"));
  hall->url = line;
  hall->session = soup_session_new_with_options ("timeout", 30, NULL);
  if (https)
    {
      g_autoptr(GTlsDatabase) database = NULL;

      line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (g_str_has_prefix (line, "ca: "));
      hall->ca_file = g_strdup (line + 4);
      g_free (line);
      database = g_tls_file_database_new (hall->ca_file, &error);
      g_assert_no_error (error);
      soup_session_set_tls_database (hall->session, database);
    }
  return hall;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}

void
test_hall_stop (TestHall *hall)
{
  g_subprocess_send_signal (hall->process, SIGTERM);
  g_subprocess_wait (hall->process, NULL, NULL);
  g_object_unref (hall->process);
  g_object_unref (hall->session);
  remove_tree (hall->dir);
  g_free (hall->dir);
  g_free (hall->url);
  g_free (hall->ca_file);
  g_free (hall);
}

void
reply_free (Reply *reply)
{
  g_clear_pointer (&reply->root, json_node_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

Reply *
test_hall_call (TestHall   *hall,
                const char *method,
                const char *path,
                const char *token,
                const char *content_type,
                const char *body,
                gsize       body_length)
{
  return test_hall_call_with_header (hall, method, path, token, NULL, NULL, content_type, body,
                                     body_length);
}

/* Like test_hall_call() with one more request header, e.g. X-Material-Kind. */
Reply *
test_hall_call_with_header (TestHall   *hall,
                            const char *method,
                            const char *path,
                            const char *token,
                            const char *header,
                            const char *value,
                            const char *content_type,
                            const char *body,
                            gsize       body_length)
{
  g_autofree char *uri = g_strconcat (hall->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) response = NULL;
  Reply *reply = g_new0 (Reply, 1);

  g_assert_nonnull (msg);
  if (header != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), header, value);
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, body_length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  response = soup_session_send_and_read (hall->session, msg, NULL, &reply->error);
  if (reply->error != NULL)
    return reply;
  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (g_bytes_get_size (response) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      if (json_parser_load_from_data (parser, g_bytes_get_data (response, NULL),
                                      g_bytes_get_size (response), &error))
        reply->root = json_parser_steal_root (parser);
      else
        g_error ("The hall answered %s %s with non-JSON: %s", method, path, error->message);
    }
  return reply;
}

Reply *
test_hall_json (TestHall   *hall,
                const char *method,
                const char *path,
                const char *token,
                const char *body)
{
  return test_hall_call (hall, method, path, token, "application/json", body,
                         body ? strlen (body) : 0);
}

JsonObject *
reply_object (Reply *reply)
{
  g_assert_no_error (reply->error);
  g_assert_nonnull (reply->root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->root));
  return json_node_get_object (reply->root);
}

const char *
reply_error_code (Reply *reply)
{
  JsonObject *error = json_object_get_object_member (reply_object (reply), "error");

  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  return json_object_get_string_member (error, "code");
}

char *
test_hall_login (TestHall   *hall,
                 const char *account)
{
  g_autofree char *body = g_strdup_printf ("{\"account\":\"%s\",\"password\":\"demo12345\"}",
                                           account);
  g_autoptr(Reply) reply = test_hall_json (hall, "POST", "/api/v1/auth/password", NULL, body);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (json_object_get_string_member (reply_object (reply), "access_token"));
}

void
test_hall_control (TestHall   *hall,
                   const char *json)
{
  g_autoptr(Reply) reply = test_hall_json (hall, "POST", "/api/v1/_test/control", NULL, json);

  g_assert_cmpuint (reply->status, ==, 200);
}

/* ID numbers are made here independently of the core, with GB 11643's own
 * weights, so a test catches a core and hall that agree on a wrong rule. */
char *
test_make_id (int      serial,
              int      year,
              gboolean male)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  char first17[18];
  int sum = 0;
  int order = (serial % 499) * 2 + (male ? 1 : 0);

  g_snprintf (first17, sizeof first17, "330106%04d%02d%02d%03d", year, 1 + serial % 12,
              1 + (serial / 12) % 28, order);
  for (int i = 0; i < 17; i++)
    sum += (first17[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", first17, checks[sum % 11]);
}

char *
test_current_month (int offset)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  int index = g_date_time_get_year (now) * 12 + g_date_time_get_month (now) - 1 + offset;

  return g_strdup_printf ("%04d%02d", index / 12, index % 12 + 1);
}
