/* test-hall-hostile.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "TestHallHostile"

#include <libsoup/soup.h>
#include <string.h>

#include "yb-hall-client.h"
#include "yb-test-hall.h"

/* A tiny in-process hall that answers what each test tells it to. */
static SoupServer *server;
static char *base_url;
static const char *mode;
static guint refresh_count;

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
on_request_cb (SoupServer        *srv,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *auth = soup_message_headers_get_one (request, "Authorization");

  if (g_str_equal (path, "/api/v1/auth/password"))
    {
      if (g_strcmp0 (mode, "bad-token") == 0)
        reply (msg, 200, "{\"access_token\": \"a\\r\\nX-Evil: 1\", \"refresh_token\": \"r1\"}");
      else
        reply (msg, 200, "{\"access_token\": \"old-token\", \"token_type\": \"Bearer\", "
                         "\"expires_in\": 1, \"refresh_token\": \"r1\", \"account\": \"demo\"}");
      return;
    }
  if (g_str_equal (path, "/api/v1/auth/refresh"))
    {
      refresh_count++;
      if (g_strcmp0 (mode, "refresh-fails") == 0)
        reply (msg, 401, "{\"error\": {\"code\": \"BAD_CREDENTIALS\", \"message\": \"no\"}}");
      else
        reply (msg, 200, "{\"access_token\": \"new-token\", \"token_type\": \"Bearer\", "
                         "\"expires_in\": 1800, \"refresh_token\": \"r2\", \"account\": \"demo\"}");
      return;
    }
  if (g_str_equal (path, "/api/v1/units") &&
      (g_strcmp0 (mode, "expiring") == 0 || g_strcmp0 (mode, "refresh-fails") == 0))
    {
      if (g_strcmp0 (auth, "Bearer new-token") == 0)
        reply (msg, 200, "{\"units\": [{\"unit_no\": \"U1\", \"future_member\": [1, 2]}]}");
      else
        reply (msg, 401, "{\"error\": {\"code\": \"TOKEN_EXPIRED\", \"message\": \"expired\"}}");
      return;
    }

  if (g_strcmp0 (mode, "garbage") == 0)
    reply (msg, 200, "<html>not json{");
  else if (g_strcmp0 (mode, "not-object") == 0)
    reply (msg, 200, "[1, 2, 3]");
  else if (g_strcmp0 (mode, "not-utf8") == 0)
    reply (msg, 200, "{\"api_version\": \"\xff\xfe\"}");
  else if (g_strcmp0 (mode, "wrong-type") == 0)
    reply (msg, 200, "{\"api_version\": 1, \"server_time\": \"2026-03-10T09:30:00+08:00\", "
                     "\"regions\": []}");
  else if (g_strcmp0 (mode, "missing") == 0)
    reply (msg, 200, "{\"api_version\": \"1\", \"regions\": []}");
  else if (g_strcmp0 (mode, "region-wrong") == 0)
    reply (msg, 200, "{\"api_version\": \"1\", \"server_time\": \"2026-03-10T09:30:00+08:00\", "
                     "\"regions\": [{\"id\": \"hangzhou\", \"profile_version\": 7}]}");
  else if (g_strcmp0 (mode, "huge") == 0)
    {
      gsize size = 9 * 1024 * 1024;
      char *body = g_malloc (size);

      memset (body, ' ', size);
      memcpy (body, "{\"name\": \"", 10);
      body[size - 2] = '"';
      body[size - 1] = '}';
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
    }
  else if (g_strcmp0 (mode, "huge-chunked") == 0)
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      g_autofree char *chunk = g_malloc (1024 * 1024);

      memset (chunk, 'x', 1024 * 1024);
      soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
      soup_server_message_set_status (msg, 200, NULL);
      for (int i = 0; i < 10; i++)
        soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, 1024 * 1024);
      soup_message_body_complete (body);
    }
  else if (g_strcmp0 (mode, "redirect") == 0)
    {
      soup_message_headers_replace (response, "Location", "http://127.0.0.1:1/steal");
      reply (msg, 302, "");
    }
  else if (g_strcmp0 (mode, "unavailable") == 0)
    {
      soup_message_headers_replace (response, "Retry-After", "7");
      reply (msg, 503, "{\"error\": {\"code\": \"UNAVAILABLE\", \"message\": \"maintenance\"}}");
    }
  else if (g_strcmp0 (mode, "window-closed") == 0)
    {
      soup_message_headers_replace (response, "Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT");
      reply (msg, 503, "{\"error\": {\"code\": \"WINDOW_CLOSED\", \"message\": \"closed\", "
                       "\"reopens_at\": \"2026-04-01T08:00:00+08:00\"}}");
    }
  else if (g_strcmp0 (mode, "garbage-500") == 0)
    reply (msg, 500, "Internal Server Error <b>oops</b>");
  else if (g_strcmp0 (mode, "unknown-code") == 0)
    reply (msg, 409, "{\"error\": {\"code\": \"SOMETHING_NEW\", \"message\": \"A new rule "
                     "refused this.\\u0007\"}}");
  else if (g_strcmp0 (mode, "validation") == 0)
    reply (msg, 422, "{\"error\": {\"code\": \"VALIDATION_FAILED\", \"message\": \"bad\", "
                     "\"fields\": [{\"field\": \"contact_phone\", \"code\": \"MOBILE_FORMAT\", "
                     "\"message\": \"not a mobile\"}]}}");
  else if (g_strcmp0 (mode, "roster-wrong") == 0)
    reply (msg, 200, "{\"people\": [{\"person_no\": \"P1\", \"revision\": \"12\", "
                     "\"id_number\": \"x\", \"name\": \"n\", \"status\": \"insured\"}], "
                     "\"next_cursor\": \"12\", \"has_more\": false}");
  else if (g_strcmp0 (mode, "roster-endless") == 0)
    reply (msg, 200, "{\"people\": [], \"has_more\": true}");
  else if (g_strcmp0 (mode, "submit-short") == 0)
    reply (msg, 200, "{\"results\": []}");
  else if (g_strcmp0 (mode, "submit-other-key") == 0)
    reply (msg, 200, "{\"results\": [{\"idempotency_key\": \"somebody-else\", "
                     "\"outcome\": \"accepted\", \"declaration_id\": \"D1\", "
                     "\"status\": \"pending\"}]}");
  else
    reply (msg, 404, "{\"error\": {\"code\": \"NOT_FOUND\", \"message\": \"?\"}}");
}

static YbHallClient *
new_client (gboolean logged_in)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = yb_hall_client_new (base_url, NULL, &error);

  g_assert_no_error (error);
  if (logged_in)
    {
      g_autoptr(GAsyncResult) result = NULL;
      GAsyncResult *slot = NULL;

      mode = NULL;
      yb_hall_client_login_password_async (client, "demo", "demo12345", NULL,
                                           yb_test_store_result, &slot);
      result = yb_test_await (&slot);
      g_assert_true (yb_hall_client_login_password_finish (client, result, &error));
      g_assert_no_error (error);
    }
  return g_steal_pointer (&client);
}

static GError *
info_error (const char *with_mode)
{
  g_autoptr(YbHallClient) client = new_client (FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YbHallInfo) info = NULL;
  GAsyncResult *slot = NULL;
  GError *error = NULL;

  mode = with_mode;
  yb_hall_client_get_info_async (client, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  info = yb_hall_client_get_info_finish (client, result, &error);
  g_assert_null (info);
  g_assert_nonnull (error);
  /* The hall answered, even if badly. */
  g_assert_true (yb_hall_client_get_online (client) ||
                 g_strcmp0 (with_mode, "redirect") == 0);
  return error;
}

static void
test_malformed (void)
{
  static const char * const modes[] = {
    "garbage", "not-object", "not-utf8", "wrong-type", "missing", "region-wrong", "huge",
    "huge-chunked", "redirect",
  };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = info_error (modes[i]);

      g_test_message ("%s: %s", modes[i], error->message);
      g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_BAD_RESPONSE);
      g_assert_false (yb_hall_error_is_transient (error));
    }

  /* The message names what was wrong. */
  {
    g_autoptr(GError) error = info_error ("wrong-type");

    g_assert_nonnull (strstr (error->message, "api_version"));
  }
  {
    g_autoptr(GError) error = info_error ("missing");

    g_assert_nonnull (strstr (error->message, "server_time"));
  }
  {
    g_autoptr(GError) error = info_error ("huge");

    g_assert_nonnull (strstr (error->message, "MiB"));
  }
}

static void
test_error_answers (void)
{
  {
    g_autoptr(GError) error = info_error ("unavailable");

    g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_UNAVAILABLE);
    g_assert_cmpint (yb_hall_error_get_retry_after (error), ==, 7);
    g_assert_cmpuint (yb_hall_error_get_http_status (error), ==, 503);
    g_assert_nonnull (strstr (error->message, "7 seconds"));
  }
  {
    g_autoptr(GError) error = info_error ("window-closed");
    g_autoptr(GError) copy = NULL;
    GDateTime *reopens;

    g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_WINDOW_CLOSED);
    reopens = yb_hall_error_get_reopens_at (error);
    g_assert_nonnull (reopens);
    g_assert_cmpint (g_date_time_get_day_of_month (reopens), ==, 1);
    /* An HTTP date far ahead is capped at a day. */
    g_assert_cmpint (yb_hall_error_get_retry_after (error), ==, 24 * 3600);
    g_assert_cmpstr (error->message, ==,
                     "The hall's business window is closed; it reopens at 2026-04-01 08:00.");

    /* The extra data survives a copy. */
    copy = g_error_copy (error);
    g_assert_true (yb_hall_error_get_reopens_at (copy) == reopens);
    g_assert_cmpint (yb_hall_error_get_retry_after (copy), ==, 24 * 3600);
  }
  {
    g_autoptr(GError) error = info_error ("garbage-500");

    g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_INTERNAL);
    g_assert_cmpint (yb_hall_error_get_retry_after (error), ==, -1);
  }
  {
    g_autoptr(GError) error = info_error ("unknown-code");

    g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_FAILED);
    g_assert_nonnull (strstr (error->message, "A new rule refused this."));
    g_assert_null (strchr (error->message, '\a'));
  }
  {
    g_autoptr(GError) error = info_error ("validation");
    GPtrArray *fields = yb_hall_error_get_fields (error);

    g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_VALIDATION_FAILED);
    g_assert_nonnull (fields);
    g_assert_cmpuint (fields->len, ==, 1);
    g_assert_cmpstr (((YbFinding *) g_ptr_array_index (fields, 0))->code, ==, "MOBILE_FORMAT");
    g_assert_nonnull (strstr (error->message, "contact_phone"));
  }
}

static void
test_bad_token (void)
{
  g_autoptr(YbHallClient) client = new_client (FALSE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  mode = "bad-token";
  yb_hall_client_login_password_async (client, "demo", "demo12345", NULL, yb_test_store_result,
                                       &slot);
  result = yb_test_await (&slot);
  g_assert_false (yb_hall_client_login_password_finish (client, result, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_BAD_RESPONSE);
  g_assert_false (yb_hall_client_get_logged_in (client));
}

static void
test_roster_hostile (void)
{
  g_autoptr(YbHallClient) client = new_client (TRUE);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;

    mode = "roster-wrong";
    yb_hall_client_get_roster_page_async (client, "U1", NULL, 0, NULL, yb_test_store_result,
                                          &slot);
    result = yb_test_await (&slot);
    g_assert_null (yb_hall_client_get_roster_page_finish (client, result, &error));
    g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_BAD_RESPONSE);
    g_assert_nonnull (strstr (error->message, "revision"));
    g_clear_error (&error);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;

    /* "More" without a cursor would page forever. */
    mode = "roster-endless";
    yb_hall_client_get_roster_page_async (client, "U1", NULL, 0, NULL, yb_test_store_result,
                                          &slot);
    result = yb_test_await (&slot);
    g_assert_null (yb_hall_client_get_roster_page_finish (client, result, &error));
    g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_BAD_RESPONSE);
  }
}

static void
test_submit_hostile (void)
{
  static const char * const modes[] = { "submit-short", "submit-other-key" };
  g_autoptr(YbHallClient) client = new_client (TRUE);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               yb_hall_submit_item_unref);
  g_autoptr(JsonObject) fields = json_object_new ();

  json_object_set_string_member (fields, "id_number", "330106199001011234");
  g_ptr_array_add (items, yb_hall_submit_item_new ("key-00000001", "enrol_new", fields, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      GAsyncResult *slot = NULL;

      mode = modes[i];
      yb_hall_client_submit_async (client, "U1", items, NULL, yb_test_store_result, &slot);
      result = yb_test_await (&slot);
      g_assert_null (yb_hall_client_submit_finish (client, result, &error));
      g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_BAD_RESPONSE);
    }
}

static void
on_session_changed_cb (YbHallClient *client,
                       gpointer      user_data)
{
  (*(guint *) user_data)++;
}

static void
test_refresh_once (void)
{
  g_autoptr(YbHallClient) client = new_client (TRUE);
  g_autoptr(GError) error = NULL;
  GAsyncResult *slots[3] = { NULL, };
  guint changes = 0;

  mode = "expiring";
  refresh_count = 0;
  g_signal_connect (client, "session-changed", G_CALLBACK (on_session_changed_cb), &changes);

  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    yb_hall_client_list_units_async (client, NULL, yb_test_store_result, &slots[i]);
  for (guint i = 0; i < G_N_ELEMENTS (slots); i++)
    {
      g_autoptr(GAsyncResult) result = yb_test_await (&slots[i]);
      g_autoptr(JsonArray) units = yb_hall_client_list_units_finish (client, result, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (units), ==, 1);
    }

  g_assert_cmpuint (refresh_count, ==, 1);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (yb_hall_client_get_refresh_token (client), ==, "r2");
}

static void
test_refresh_fails (void)
{
  g_autoptr(YbHallClient) client = new_client (TRUE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  mode = "refresh-fails";
  yb_hall_client_list_units_async (client, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_null (yb_hall_client_list_units_finish (client, result, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_TOKEN_EXPIRED);
  g_assert_nonnull (strstr (error->message, "log in again"));
  g_assert_false (yb_hall_client_get_logged_in (client));
  g_assert_null (yb_hall_client_get_refresh_token (client));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *uri = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, on_request_cb, NULL, NULL);
  soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  uri = g_uri_to_string (uris->data);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  base_url = g_strndup (uri, strlen (uri) - (g_str_has_suffix (uri, "/") ? 1 : 0));

  g_test_add_func ("/hall/hostile/malformed", test_malformed);
  g_test_add_func ("/hall/hostile/error-answers", test_error_answers);
  g_test_add_func ("/hall/hostile/bad-token", test_bad_token);
  g_test_add_func ("/hall/hostile/roster", test_roster_hostile);
  g_test_add_func ("/hall/hostile/submit", test_submit_hostile);
  g_test_add_func ("/hall/hostile/refresh-once", test_refresh_once);
  g_test_add_func ("/hall/hostile/refresh-fails", test_refresh_fails);

  status = g_test_run ();

  g_clear_object (&server);
  g_free (base_url);
  return status;
}
