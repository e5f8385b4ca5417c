/* yb-hall-client.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbHallClient"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "yb-hall-client.h"
#include "yb-hall-json-private.h"
#include "yb-hall-types-private.h"

/* Larger answers are refused unread: a roster page of 1000 people is about 0.4 MiB. */
#define MAX_RESPONSE_SIZE (8 * 1024 * 1024)
#define MAX_UPLOAD_SIZE (5 * 1024 * 1024)
#define MAX_BATCH 200
#define MAX_PAGE_LIMIT 1000
#define MAX_RETRY_AFTER (24 * 3600)
#define MAX_TOKEN_LENGTH 4096
#define READ_CHUNK (64 * 1024)
#define DEFAULT_TIMEOUT 30

struct _YbHallClient
{
  GObject parent_instance;

  char *base_url;
  char *ca_file;
  SoupSession *session;
  guint timeout;
  gboolean online;

  char *access_token;
  char *refresh_token;
  char *account;
  char *credit_code;

  /* Calls waiting for the one token refresh in flight. */
  gboolean refreshing;
  GPtrArray *refresh_waiters;
};

G_DEFINE_FINAL_TYPE (YbHallClient, yb_hall_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_CA_FILE,
  PROP_ONLINE,
  PROP_LOGGED_IN,
  PROP_ACCOUNT,
  PROP_CREDIT_CODE,
  PROP_TIMEOUT,
  N_PROPS
};

enum {
  SESSION_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct _Request Request;
typedef gpointer (*ParseFunc) (YbHallClient  *self,
                               Request       *req,
                               GError       **error);

struct _Request
{
  char *method;
  char *path;
  GBytes *body;
  char *content_type;
  char *filename;
  char *material_kind;
  char *if_none_match;
  gboolean auth;
  gboolean raw;
  gboolean refreshed;
  char *bearer;
  char *sent_token;

  ParseFunc parse;
  GDestroyNotify result_free;
  gpointer parse_data;
  GDestroyNotify parse_data_free;

  SoupMessage *msg;
  gboolean wrote; /* the request left whole: a failure now means the answer was lost */
  GInputStream *stream;
  GByteArray *buffer;

  /* The answer, for the parse function */
  guint status;
  GBytes *reply;
  JsonNode *root;
};

/* Wipes a secret before its memory goes back to the allocator. */
static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
wipe_and_free (gpointer data)
{
  GByteArray *array = data;

  memset (array->data, 0, array->len);
  g_byte_array_unref (array);
}

/* A request body holding a secret is wiped when libsoup lets go of it. */
static GBytes *
secret_bytes_new (char *data)
{
  GByteArray *array = g_byte_array_new_take ((guint8 *) data, strlen (data));

  return g_bytes_new_with_free_func (array->data, array->len, wipe_and_free, array);
}

static void
request_free (gpointer data)
{
  Request *req = data;

  g_free (req->method);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->content_type);
  g_free (req->filename);
  g_free (req->material_kind);
  g_free (req->if_none_match);
  clear_secret (&req->bearer);
  clear_secret (&req->sent_token);
  if (req->parse_data_free != NULL)
    g_clear_pointer (&req->parse_data, req->parse_data_free);
  g_clear_object (&req->msg);
  g_clear_object (&req->stream);
  g_clear_pointer (&req->buffer, g_byte_array_unref);
  g_clear_pointer (&req->reply, g_bytes_unref);
  g_clear_pointer (&req->root, json_node_unref);
  g_free (req);
}

static Request *
request_new (const char     *method,
             char           *path,
             gboolean        auth,
             ParseFunc       parse,
             GDestroyNotify  result_free)
{
  Request *req = g_new0 (Request, 1);

  req->method = g_strdup (method);
  req->path = path;
  req->auth = auth;
  req->parse = parse;
  req->result_free = result_free;
  return req;
}

static void
request_set_json (Request  *req,
                  JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, NULL);
  g_clear_pointer (&req->body, g_bytes_unref);
  req->body = secret_bytes_new (text);
  g_free (req->content_type);
  req->content_type = g_strdup ("application/json; charset=utf-8");
  json_node_unref (node);
}

static JsonNode *
empty_object (void)
{
  return json_node_init_object (json_node_alloc (), json_object_new ());
}

static char *
escape (const char *segment)
{
  return g_uri_escape_string (segment, NULL, FALSE);
}

static void
add_query (GString    *query,
           const char *name,
           const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;

  escaped = g_uri_escape_string (value, ",", FALSE);
  g_string_append_c (query, query->len == 0 ? '?' : '&');
  g_string_append_printf (query, "%s=%s", name, escaped);
}

static void
add_query_uint (GString    *query,
                const char *name,
                guint       value)
{
  g_autofree char *text = NULL;

  if (value == 0)
    return;
  text = g_strdup_printf ("%u", value);
  add_query (query, name, text);
}

static void
set_online (YbHallClient *self,
            gboolean      online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static int
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  gint64 seconds;

  if (value == NULL)
    return -1;

  if (g_ascii_isdigit (*value))
    {
      g_autofree char *copy = g_strstrip (g_strdup (value));
      guint64 number;

      if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT32, &number, NULL))
        return -1;
      return (int) MIN (number, (guint64) MAX_RETRY_AFTER);
    }

  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return -1;
  now = g_date_time_new_now_utc ();
  seconds = g_date_time_difference (when, now) / G_TIME_SPAN_SECOND;
  return (int) CLAMP (seconds, 0, MAX_RETRY_AFTER);
}

static YbHallError
code_for_status (guint status)
{
  switch (status)
    {
    case 400: return YB_HALL_ERROR_INVALID_REQUEST;
    case 401: return YB_HALL_ERROR_UNAUTHENTICATED;
    case 403: return YB_HALL_ERROR_FORBIDDEN;
    case 404: return YB_HALL_ERROR_NOT_FOUND;
    case 405: return YB_HALL_ERROR_METHOD_NOT_ALLOWED;
    case 413: return YB_HALL_ERROR_PAYLOAD_TOO_LARGE;
    case 415: return YB_HALL_ERROR_UNSUPPORTED_MEDIA_TYPE;
    case 422: return YB_HALL_ERROR_VALIDATION_FAILED;
    case 429: return YB_HALL_ERROR_RATE_LIMITED;
    case 503: return YB_HALL_ERROR_UNAVAILABLE;
    default:
      if (status >= 500 && status < 600)
        return YB_HALL_ERROR_INTERNAL;
      if (status >= 400 && status < 500)
        return YB_HALL_ERROR_FAILED;
      return YB_HALL_ERROR_BAD_RESPONSE;
    }
}

/* Error bodies are read leniently: whatever is unreadable is left out, and the
 * HTTP status decides when the code itself is missing. */
static GError *
error_from_answer (Request            *req,
                   SoupMessageHeaders *headers)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) fields = NULL;
  g_autoptr(GDateTime) reopens_at = NULL;
  const char *code = NULL;
  const char *message = NULL;
  int retry_after = parse_retry_after (headers);
  YbHallError error_code;
  gsize size = 0;
  const char *data = req->reply ? g_bytes_get_data (req->reply, &size) : NULL;

  if (req->status >= 300 && req->status < 400)
    return yb_hall_error_new_bad_response (_("it redirected to another address."));

  if (data != NULL && size > 0 && g_utf8_validate (data, size, NULL) &&
      json_parser_load_from_data (parser, data, size, NULL) &&
      JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      JsonObject *error = NULL;
      JsonArray *array = NULL;

      if (_yb_hall_json_object (root, "error", TRUE, &error, NULL))
        {
          if (!_yb_hall_json_string (error, "code", TRUE, &code, NULL))
            code = NULL;
          if (!_yb_hall_json_string (error, "message", FALSE, &message, NULL))
            message = NULL;
          if (!_yb_hall_json_time (error, "reopens_at", FALSE, &reopens_at, NULL))
            reopens_at = NULL;
          if (_yb_hall_json_array (error, "fields", FALSE, &array, NULL) && array != NULL)
            fields = _yb_hall_json_findings (array, YB_SEVERITY_ERROR, NULL);
        }
    }

  error_code = code != NULL ? yb_hall_error_from_code (code) : code_for_status (req->status);
  if (code != NULL && error_code == YB_HALL_ERROR_FAILED)
    g_debug ("Unknown hall error code %s (HTTP %u)", code, req->status);

  return yb_hall_error_new (error_code, req->status, retry_after, reopens_at, fields, message);
}

static GError *
error_from_transport (GError   *error,
                      gboolean  sent)
{
  GError *network;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    {
      g_debug ("TLS failure: %s", error->message);
      return yb_hall_error_new (YB_HALL_ERROR_TLS, 0, -1, NULL, NULL, NULL);
    }

  if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
      g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
    return yb_hall_error_new_bad_response (_("it is not valid HTTP."));

  g_debug ("Network failure (%s): %s", sent ? "after sending" : "before sending",
           error->message);
  /* Sent whole and then lost: the hall may have acted on it, unlike when it was never
   * reached. */
  network = yb_hall_error_new (YB_HALL_ERROR_NETWORK, 0, -1, NULL, NULL, NULL);
  if (sent)
    {
      g_free (network->message);
      network->message = g_strdup (_("The connection was lost before the hall answered."));
    }
  return network;
}

static void send_request (GTask *task);

static void
complete (GTask  *task,
          GError *error)
{
  YbHallClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  gpointer result;

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  result = req->parse (self, req, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, req->result_free);
}

static void
on_refresh_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  YbHallClient *self = YB_HALL_CLIENT (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = NULL;

  g_task_propagate_pointer (G_TASK (result), &error);
  self->refreshing = FALSE;
  waiters = g_steal_pointer (&self->refresh_waiters);
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  if (error != NULL && error->domain == YB_HALL_ERROR &&
      !yb_hall_error_is_transient (error))
    {
      /* The refresh token is void too: the clerk must log in again. */
      yb_hall_client_forget_session (self);
      g_clear_error (&error);
      error = yb_hall_error_new (YB_HALL_ERROR_TOKEN_EXPIRED, 401, -1, NULL, NULL, NULL);
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);
      Request *req = g_task_get_task_data (task);

      if (error != NULL)
        {
          g_task_return_error (task, g_error_copy (error));
          continue;
        }
      req->refreshed = TRUE;
      send_request (g_object_ref (task));
    }
}

static gpointer parse_tokens (YbHallClient *self, Request *req, GError **error);

static void
start_refresh (YbHallClient *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  Request *req = request_new ("POST", g_strdup ("/api/v1/auth/refresh"), FALSE, parse_tokens, NULL);
  GTask *task;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, self->refresh_token);
  json_builder_end_object (builder);
  request_set_json (req, json_builder_get_root (builder));

  self->refreshing = TRUE;
  /* No cancellable: one waiter giving up must not fail the others. */
  task = g_task_new (self, NULL, on_refresh_done_cb, NULL);
  g_task_set_source_tag (task, start_refresh);
  g_task_set_task_data (task, req, request_free);
  send_request (task);
}

/* Renews the access token once and sends the call again, without losing it. */
static gboolean
retry_after_refresh (GTask *task)
{
  YbHallClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  if (!req->auth || req->refreshed || req->bearer != NULL || self->refresh_token == NULL)
    return FALSE;

  if (self->access_token != NULL && g_strcmp0 (self->access_token, req->sent_token) != 0)
    {
      /* Another call renewed the token meanwhile. */
      req->refreshed = TRUE;
      send_request (g_object_ref (task));
      return TRUE;
    }

  g_ptr_array_add (self->refresh_waiters, g_object_ref (task));
  if (!self->refreshing)
    start_refresh (self);
  return TRUE;
}

static void
finish_answer (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (req->msg);
  g_autoptr(JsonParser) parser = NULL;
  GError *error = NULL;
  gsize size;
  const char *data;

  req->status = soup_message_get_status (req->msg);
  req->reply = g_byte_array_free_to_bytes (g_steal_pointer (&req->buffer));
  data = g_bytes_get_data (req->reply, &size);

  g_debug ("%s %s: HTTP %u, %" G_GSIZE_FORMAT " bytes", req->method, req->path, req->status, size);

  if (req->status == 304 && req->if_none_match != NULL)
    {
      complete (task, NULL);
      return;
    }

  if (req->status < 200 || req->status >= 300)
    {
      error = error_from_answer (req, headers);
      if (g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_TOKEN_EXPIRED) &&
          retry_after_refresh (task))
        {
          g_error_free (error);
          return;
        }
      complete (task, error);
      return;
    }

  if (req->raw || size == 0)
    {
      complete (task, NULL);
      return;
    }

  if (!g_utf8_validate (data, size, NULL))
    {
      complete (task, yb_hall_error_new_bad_response (_("it is not UTF-8 text.")));
      return;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    {
      complete (task, yb_hall_error_new_bad_response (_("it is not valid JSON.")));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      complete (task, yb_hall_error_new_bad_response (_("it is not a JSON object.")));
      return;
    }

  req->root = json_parser_steal_root (parser);
  complete (task, NULL);
}

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;
  GCancellable *cancellable;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (chunk == NULL)
    {
      complete (task, error_from_transport (error, TRUE));
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close_async (req->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      finish_answer (task);
      return;
    }

  if (req->buffer->len + g_bytes_get_size (chunk) > MAX_RESPONSE_SIZE)
    {
      g_input_stream_close_async (req->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      complete (task, yb_hall_error_new_bad_response (_("it is larger than %d MiB."),
                                                      MAX_RESPONSE_SIZE / (1024 * 1024)));
      return;
    }

  g_byte_array_append (req->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT, cancellable,
                                   on_read_cb, g_steal_pointer (&task));
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YbHallClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  GCancellable *cancellable;

  req->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (req->stream == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_online (self, FALSE);
      complete (task, error_from_transport (error, req->wrote));
      return;
    }

  set_online (self, TRUE);

  headers = soup_message_get_response_headers (req->msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_RESPONSE_SIZE)
    {
      g_input_stream_close_async (req->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      complete (task, yb_hall_error_new_bad_response (_("it is larger than %d MiB."),
                                                      MAX_RESPONSE_SIZE / (1024 * 1024)));
      return;
    }

  req->buffer = g_byte_array_new ();
  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (req->stream, READ_CHUNK, G_PRIORITY_DEFAULT, cancellable,
                                   on_read_cb, g_steal_pointer (&task));
}

static void
on_wrote_body_cb (SoupMessage *msg,
                  gpointer     user_data)
{
  Request *req = user_data;

  req->wrote = TRUE;
}

/* Takes a reference on @task; sends (or sends again) the request it carries. */
static void
send_request (GTask *task)
{
  YbHallClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (self->base_url, req->path, NULL);
  SoupMessageHeaders *headers;
  const char *token;

  g_clear_object (&req->msg);
  g_clear_object (&req->stream);
  g_clear_pointer (&req->buffer, g_byte_array_unref);
  g_clear_pointer (&req->reply, g_bytes_unref);
  g_clear_pointer (&req->root, json_node_unref);

  req->msg = soup_message_new (req->method, url);
  req->wrote = FALSE;
  if (req->msg == NULL)
    {
      g_task_return_new_error (task, YB_HALL_ERROR, YB_HALL_ERROR_INVALID_REQUEST,
                               _("The hall address “%s” is not valid."), self->base_url);
      g_object_unref (task);
      return;
    }

  /* A hall that redirects could lead the bearer token elsewhere. */
  soup_message_add_flags (req->msg, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (req->msg);
  soup_message_headers_replace (headers, "Accept", "application/json");

  token = req->bearer != NULL ? req->bearer : (req->auth ? self->access_token : NULL);
  if (req->auth && token == NULL)
    {
      g_task_return_error (task, yb_hall_error_new (YB_HALL_ERROR_UNAUTHENTICATED, 0, -1, NULL,
                                                    NULL, NULL));
      g_object_unref (task);
      return;
    }
  if (token != NULL)
    {
      g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", value);
      memset (value, 0, strlen (value));
      clear_secret (&req->sent_token);
      req->sent_token = g_strdup (token);
    }
  if (req->if_none_match != NULL)
    soup_message_headers_replace (headers, "If-None-Match", req->if_none_match);
  if (req->filename != NULL)
    soup_message_headers_replace (headers, "X-Filename", req->filename);
  if (req->material_kind != NULL)
    soup_message_headers_replace (headers, "X-Material-Kind", req->material_kind);
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->msg, req->content_type, req->body);

  /* The message lives no longer than @req (it is replaced or freed with it). */
  g_signal_connect (req->msg, "wrote-body", G_CALLBACK (on_wrote_body_cb), req);
  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), on_sent_cb, task);
}

static void
start_call (YbHallClient        *self,
            Request             *req,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, req, request_free);
  send_request (task);
}

static void
fail_call (YbHallClient        *self,
           GError              *error,
           gpointer             source_tag,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_return_error (task, error);
}

static GError *
invalid_argument (const char *field)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);

  g_ptr_array_add (fields, yb_finding_new (YB_SEVERITY_ERROR, field, "INVALID", ""));
  return yb_hall_error_new (YB_HALL_ERROR_INVALID_REQUEST, 0, -1, NULL, fields, NULL);
}

static gpointer
finish_pointer (YbHallClient  *self,
                GAsyncResult  *result,
                gpointer       source_tag,
                GError       **error)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static JsonObject *
root_object (Request *req)
{
  g_assert (req->root != NULL);
  return json_node_get_object (req->root);
}

/* Checks the members a result must have: "name" a string, "#name" a whole
 * number, "?name" true or false. */
static gboolean
check_members (JsonObject          *object,
               const char * const  *specs,
               GError             **error)
{
  for (guint i = 0; specs != NULL && specs[i] != NULL; i++)
    {
      const char *spec = specs[i];
      const char *text;
      gint64 number;
      gboolean flag;

      if (spec[0] == '#')
        {
          if (!_yb_hall_json_int (object, spec + 1, TRUE, &number, error))
            return FALSE;
        }
      else if (spec[0] == '?')
        {
          if (!_yb_hall_json_bool (object, spec + 1, TRUE, &flag, error))
            return FALSE;
        }
      else if (!_yb_hall_json_string (object, spec, TRUE, &text, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
check_object_list (JsonArray          *array,
                   const char * const *specs,
                   GError            **error)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error,
                             yb_hall_error_new_bad_response (_("entry %u of a list is not an object."),
                                                             i + 1));
          return FALSE;
        }
      if (!check_members (json_node_get_object (node), specs, error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
parse_object (YbHallClient  *self,
              Request       *req,
              GError       **error)
{
  JsonObject *object;

  if (req->root == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("it is empty.")));
      return NULL;
    }
  object = root_object (req);
  if (!check_members (object, req->parse_data, error))
    return NULL;
  return json_object_ref (object);
}

static gpointer
parse_nothing (YbHallClient  *self,
               Request       *req,
               GError       **error)
{
  return GINT_TO_POINTER (TRUE);
}

typedef struct
{
  const char *member;
  const char * const *item_specs;
} PageSpec;

static gpointer
parse_page (YbHallClient  *self,
            Request       *req,
            GError       **error)
{
  const PageSpec *spec = req->parse_data;
  g_autoptr(YbHallPage) page = _yb_hall_page_new ();
  JsonObject *object;
  JsonArray *items = NULL;
  const char *cursor = NULL;
  gint64 total = -1;

  if (req->root == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("it is empty.")));
      return NULL;
    }
  object = root_object (req);
  if (!_yb_hall_json_array (object, spec->member, TRUE, &items, error) ||
      !check_object_list (items, spec->item_specs, error) ||
      !_yb_hall_json_string (object, "next_cursor", FALSE, &cursor, error) ||
      !_yb_hall_json_bool (object, "has_more", FALSE, &page->has_more, error) ||
      !_yb_hall_json_int (object, "total", FALSE, &total, error))
    return NULL;

  if (page->has_more && cursor == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("“has_more” without a cursor.")));
      return NULL;
    }

  page->items = json_array_ref (items);
  page->next_cursor = g_strdup (cursor);
  page->total = total;
  return g_steal_pointer (&page);
}

static gboolean
valid_token (const char *token)
{
  gsize length = strlen (token);

  if (length == 0 || length > MAX_TOKEN_LENGTH)
    return FALSE;
  /* Only printable ASCII without blanks may go into a header. */
  for (const char *p = token; *p != '\0'; p++)
    if (*p <= 0x20 || *p >= 0x7f)
      return FALSE;
  return TRUE;
}

static gpointer
parse_tokens (YbHallClient  *self,
              Request       *req,
              GError       **error)
{
  JsonObject *object;
  const char *access_token = NULL;
  const char *refresh_token = NULL;
  const char *token_type = NULL;
  const char *account = NULL;
  const char *credit_code = NULL;
  gboolean was_logged_in = self->access_token != NULL;

  if (req->root == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("it is empty.")));
      return NULL;
    }
  object = root_object (req);
  if (!_yb_hall_json_string (object, "access_token", TRUE, &access_token, error) ||
      !_yb_hall_json_string (object, "refresh_token", TRUE, &refresh_token, error) ||
      !_yb_hall_json_string (object, "token_type", FALSE, &token_type, error) ||
      !_yb_hall_json_string (object, "account", FALSE, &account, error) ||
      !_yb_hall_json_string (object, "credit_code", FALSE, &credit_code, error))
    return NULL;

  if (!valid_token (access_token) || !valid_token (refresh_token))
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("a token holds characters "
                                                                  "that cannot be sent.")));
      return NULL;
    }
  if (token_type != NULL && g_ascii_strcasecmp (token_type, "Bearer") != 0)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("the token type is not "
                                                                  "“Bearer”.")));
      return NULL;
    }

  clear_secret (&self->access_token);
  clear_secret (&self->refresh_token);
  self->access_token = g_strdup (access_token);
  self->refresh_token = g_strdup (refresh_token);

  if (account != NULL && g_strcmp0 (account, self->account) != 0)
    {
      g_free (self->account);
      self->account = g_strdup (account);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
    }
  if (g_strcmp0 (credit_code, self->credit_code) != 0)
    {
      g_free (self->credit_code);
      self->credit_code = g_strdup (credit_code);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREDIT_CODE]);
    }
  if (!was_logged_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  g_signal_emit (self, signals[SESSION_CHANGED], 0);

  return GINT_TO_POINTER (TRUE);
}

static gpointer
parse_info (YbHallClient  *self,
            Request       *req,
            GError       **error)
{
  g_autoptr(YbHallInfo) info = _yb_hall_info_new ();
  JsonObject *object;
  JsonArray *regions = NULL;
  const char *api_version = NULL;
  const char *name = NULL;
  const char *default_region = NULL;

  if (req->root == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("it is empty.")));
      return NULL;
    }
  object = root_object (req);
  if (!_yb_hall_json_string (object, "api_version", TRUE, &api_version, error) ||
      !_yb_hall_json_string (object, "name", FALSE, &name, error) ||
      !_yb_hall_json_time (object, "server_time", TRUE, &info->server_time, error) ||
      !_yb_hall_json_string (object, "default_region", FALSE, &default_region, error) ||
      !_yb_hall_json_array (object, "regions", TRUE, &regions, error))
    return NULL;

  if (g_strcmp0 (api_version, "1") != 0)
    {
      g_propagate_error (error,
                         yb_hall_error_new_bad_response (_("it speaks API version “%s”, not 1."),
                                                         api_version));
      return NULL;
    }

  info->api_version = g_strdup (api_version);
  info->name = g_strdup (name ? name : "");
  info->default_region = g_strdup (default_region);

  for (guint i = 0; i < json_array_get_length (regions); i++)
    {
      JsonNode *node = json_array_get_element (regions, i);
      YbHallRegion *region;
      JsonObject *region_object;
      JsonObject *window = NULL;
      const char *id = NULL;
      const char *region_name = NULL;
      const char *version = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, yb_hall_error_new_bad_response (_("a region is not an "
                                                                      "object.")));
          return NULL;
        }
      region_object = json_node_get_object (node);
      region = _yb_hall_region_new ();
      g_ptr_array_add (info->regions, region);
      if (!_yb_hall_json_string (region_object, "id", TRUE, &id, error) ||
          !_yb_hall_json_string (region_object, "name", FALSE, &region_name, error) ||
          !_yb_hall_json_string (region_object, "profile_version", TRUE, &version, error) ||
          !_yb_hall_json_object (region_object, "window", FALSE, &window, error))
        return NULL;
      if (window != NULL &&
          (!_yb_hall_json_bool (window, "open", TRUE, &region->window_open, error) ||
           !_yb_hall_json_time (window, "next_change", FALSE, &region->next_change, error)))
        return NULL;
      if (window == NULL)
        region->window_open = TRUE;

      region->id = g_strdup (id);
      region->name = g_strdup (region_name ? region_name : id);
      region->profile_version = g_strdup (version);
    }

  return g_steal_pointer (&info);
}

typedef struct
{
  char *region;
  YbRegionProfile *cached;
} ProfileData;

static void
profile_data_free (gpointer data)
{
  ProfileData *pd = data;

  g_free (pd->region);
  g_clear_object (&pd->cached);
  g_free (pd);
}

static gpointer
parse_profile (YbHallClient  *self,
               Request       *req,
               GError       **error)
{
  ProfileData *pd = req->parse_data;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(YbRegionProfile) profile = NULL;

  if (req->status == 304)
    {
      if (pd->cached == NULL)
        {
          g_propagate_error (error, yb_hall_error_new_bad_response (_("“not modified” without "
                                                                      "a cached profile.")));
          return NULL;
        }
      return g_object_ref (pd->cached);
    }

  profile = yb_region_profile_new_from_bytes (req->reply, &local_error);
  if (profile == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("the region profile is not "
                                                                  "valid: %s"),
                                                                local_error->message));
      return NULL;
    }
  if (g_strcmp0 (yb_region_profile_get_id (profile), pd->region) != 0)
    {
      g_propagate_error (error,
                         yb_hall_error_new_bad_response (_("region “%s” was asked for, “%s” came."),
                                                         pd->region,
                                                         yb_region_profile_get_id (profile)));
      return NULL;
    }

  return g_steal_pointer (&profile);
}

static gpointer
parse_units (YbHallClient  *self,
             Request       *req,
             GError       **error)
{
  static const char * const specs[] = { "unit_no", NULL };
  JsonArray *units = NULL;

  if (req->root == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("it is empty.")));
      return NULL;
    }
  if (!_yb_hall_json_array (root_object (req), "units", TRUE, &units, error) ||
      !check_object_list (units, specs, error))
    return NULL;
  return json_array_ref (units);
}

static gpointer
parse_unit_payments (YbHallClient  *self,
                     Request       *req,
                     GError       **error)
{
  static const char * const specs[] = { "period", "insurance", NULL };
  JsonArray *payments = NULL;

  if (req->root == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("it is empty.")));
      return NULL;
    }
  if (!_yb_hall_json_array (root_object (req), "payments", TRUE, &payments, error) ||
      !check_object_list (payments, specs, error))
    return NULL;
  return json_array_ref (payments);
}

static gboolean
valid_base64 (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
      return FALSE;
  return strlen (text) % 4 == 0;
}

static gpointer
parse_challenge (YbHallClient  *self,
                 Request       *req,
                 GError       **error)
{
  g_autoptr(YbHallChallenge) challenge = _yb_hall_challenge_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *object;
  JsonArray *algorithms = NULL;
  const char *id = NULL;
  const char *nonce = NULL;
  guchar *raw;
  gsize raw_length;

  if (req->root == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("it is empty.")));
      return NULL;
    }
  object = root_object (req);
  if (!_yb_hall_json_string (object, "challenge_id", TRUE, &id, error) ||
      !_yb_hall_json_string (object, "nonce", TRUE, &nonce, error) ||
      !_yb_hall_json_time (object, "expires_at", FALSE, &challenge->expires_at, error) ||
      !_yb_hall_json_array (object, "algorithms", FALSE, &algorithms, error))
    return NULL;

  if (!valid_base64 (nonce))
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("member “%s” is not base64."),
                                                                "nonce"));
      return NULL;
    }
  raw = g_base64_decode (nonce, &raw_length);
  challenge->nonce = g_bytes_new_take (raw, raw_length);
  challenge->challenge_id = g_strdup (id);

  for (guint i = 0; algorithms != NULL && i < json_array_get_length (algorithms); i++)
    {
      JsonNode *node = json_array_get_element (algorithms, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  challenge->algorithms = g_strv_builder_end (builder);

  return g_steal_pointer (&challenge);
}

static gpointer
parse_submit (YbHallClient  *self,
              Request       *req,
              GError       **error)
{
  char **keys = req->parse_data;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 yb_hall_submit_result_unref);
  JsonArray *array = NULL;

  if (req->root == NULL)
    {
      g_propagate_error (error, yb_hall_error_new_bad_response (_("it is empty.")));
      return NULL;
    }
  if (!_yb_hall_json_array (root_object (req), "results", TRUE, &array, error))
    return NULL;
  if (json_array_get_length (array) != g_strv_length (keys))
    {
      g_propagate_error (error,
                         yb_hall_error_new_bad_response (_("%u answers came for %u items."),
                                                         json_array_get_length (array),
                                                         g_strv_length (keys)));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(YbHallSubmitResult) result = _yb_hall_submit_result_new ();
      JsonObject *object;
      JsonArray *findings = NULL;
      const char *key = NULL;
      const char *outcome = NULL;
      const char *text = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error,
                             yb_hall_error_new_bad_response (_("entry %u of a list is not an object."),
                                                             i + 1));
          return NULL;
        }
      object = json_node_get_object (node);
      if (!_yb_hall_json_string (object, "idempotency_key", TRUE, &key, error) ||
          !_yb_hall_json_string (object, "outcome", TRUE, &outcome, error))
        return NULL;
      if (g_strcmp0 (key, keys[i]) != 0)
        {
          g_propagate_error (error, yb_hall_error_new_bad_response (_("answer %u is for another "
                                                                      "item."), i + 1));
          return NULL;
        }
      result->idempotency_key = g_strdup (key);

      if (g_str_equal (outcome, "accepted"))
        {
          result->accepted = TRUE;
          if (!_yb_hall_json_string (object, "declaration_id", TRUE, &text, error))
            return NULL;
          result->declaration_id = g_strdup (text);
          if (!_yb_hall_json_string (object, "status", TRUE, &text, error))
            return NULL;
          result->status = g_strdup (text);
          if (!_yb_hall_json_string (object, "status_label", FALSE, &text, error))
            return NULL;
          result->status_label = g_strdup (text);
          if (!_yb_hall_json_string (object, "submitted_at", FALSE, &text, error))
            return NULL;
          result->submitted_at = g_strdup (text);
          if (!_yb_hall_json_string (object, "base", FALSE, &text, error))
            return NULL;
          result->base = g_strdup (text);
          if (!_yb_hall_json_string (object, "last_paid_month", FALSE, &text, error))
            return NULL;
          result->last_paid_month = g_strdup (text);
          if (!_yb_hall_json_array (object, "warnings", FALSE, &findings, error))
            return NULL;
          g_clear_pointer (&result->warnings, g_ptr_array_unref);
          result->warnings = _yb_hall_json_findings (findings, YB_SEVERITY_WARNING, error);
          if (result->warnings == NULL)
            return NULL;
        }
      else if (g_str_equal (outcome, "rejected"))
        {
          if (!_yb_hall_json_array (object, "errors", TRUE, &findings, error))
            return NULL;
          g_clear_pointer (&result->errors, g_ptr_array_unref);
          result->errors = _yb_hall_json_findings (findings, YB_SEVERITY_ERROR, error);
          if (result->errors == NULL)
            return NULL;
        }
      else
        {
          g_propagate_error (error, yb_hall_error_new_bad_response (_("outcome “%s” is unknown."),
                                                                    outcome));
          return NULL;
        }

      g_ptr_array_add (results, g_steal_pointer (&result));
    }

  return g_steal_pointer (&results);
}

static gboolean
valid_idempotency_key (const char *key)
{
  gsize length = strlen (key);

  if (length < 8 || length > 100)
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._:-", *p) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
valid_segment (const char *segment)
{
  return segment != NULL && *segment != '\0' && strlen (segment) <= 200;
}

/* GObject */

static void
yb_hall_client_dispose (GObject *object)
{
  YbHallClient *self = YB_HALL_CLIENT (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yb_hall_client_parent_class)->dispose (object);
}

static void
yb_hall_client_finalize (GObject *object)
{
  YbHallClient *self = YB_HALL_CLIENT (object);

  g_free (self->base_url);
  g_free (self->ca_file);
  clear_secret (&self->access_token);
  clear_secret (&self->refresh_token);
  g_free (self->account);
  g_free (self->credit_code);
  g_clear_pointer (&self->refresh_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (yb_hall_client_parent_class)->finalize (object);
}

static void
yb_hall_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YbHallClient *self = YB_HALL_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_LOGGED_IN:
      g_value_set_boolean (value, self->access_token != NULL);
      break;
    case PROP_ACCOUNT:
      g_value_set_string (value, self->account);
      break;
    case PROP_CREDIT_CODE:
      g_value_set_string (value, self->credit_code);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_hall_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YbHallClient *self = YB_HALL_CLIENT (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      yb_hall_client_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_hall_client_class_init (YbHallClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yb_hall_client_dispose;
  object_class->finalize = yb_hall_client_finalize;
  object_class->get_property = yb_hall_client_get_property;
  object_class->set_property = yb_hall_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CA_FILE] =
    g_param_spec_string ("ca-file", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * YbHallClient:online:
   *
   * Whether the last request reached the hall (any HTTP answer counts).
   */
  properties[PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOGGED_IN] =
    g_param_spec_boolean ("logged-in", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_string ("account", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDIT_CODE] =
    g_param_spec_string ("credit-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 600, DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YbHallClient::session-changed:
   *
   * Emitted when the tokens change (login, refresh, logout), so that a
   * remembered refresh token can be stored again.
   */
  signals[SESSION_CHANGED] =
    g_signal_new ("session-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yb_hall_client_init (YbHallClient *self)
{
  self->timeout = DEFAULT_TIMEOUT;
  self->refresh_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

/**
 * yb_hall_client_new:
 * @base_url: the hall's address, such as "https://hall.example.cn"
 * @ca_file: (nullable): a PEM file of CA certificates to trust instead of the
 *   system's, for a hall with its own CA
 * @error: return location for a #GError
 *
 * Creates a client for one hall. The address must be https; plain http is
 * accepted only for a hall on this machine (loopback), as the reference hall
 * serves it for tests. TLS is always verified.
 *
 * Returns: (transfer full) (nullable): the client, or %NULL with @error set
 *   (%YB_HALL_ERROR_INVALID_REQUEST for a bad address, %YB_HALL_ERROR_TLS for
 *   an unreadable CA file)
 */
YbHallClient *
yb_hall_client_new (const char  *base_url,
                    const char  *ca_file,
                    GError     **error)
{
  g_autoptr(YbHallClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  url = g_strdup (base_url);
  g_strstrip (url);
  while (g_str_has_suffix (url, "/"))
    url[strlen (url) - 1] = '\0';

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  host = uri ? g_uri_get_host (uri) : NULL;
  if (uri == NULL || host == NULL || *host == '\0' ||
      (g_strcmp0 (scheme, "https") != 0 && g_strcmp0 (scheme, "http") != 0) ||
      g_uri_get_query (uri) != NULL || g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error (error, YB_HALL_ERROR, YB_HALL_ERROR_INVALID_REQUEST,
                   _("The hall address “%s” is not an https address."), base_url);
      return NULL;
    }
  if (g_str_equal (scheme, "http") && !g_str_equal (host, "127.0.0.1") &&
      !g_str_equal (host, "::1") && !g_str_equal (host, "localhost"))
    {
      g_set_error (error, YB_HALL_ERROR, YB_HALL_ERROR_TLS,
                   _("The hall address “%s” is not encrypted; use an https address."),
                   base_url);
      return NULL;
    }

  self = g_object_new (YB_TYPE_HALL_CLIENT, NULL);
  self->base_url = g_steal_pointer (&url);
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "user-agent", "Yibao/" PACKAGE_VERSION " ",
                                                 NULL);

  if (ca_file != NULL && *ca_file != '\0')
    {
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (ca_file, &local_error);

      if (database == NULL)
        {
          g_set_error (error, YB_HALL_ERROR, YB_HALL_ERROR_TLS,
                       _("The CA file “%s” cannot be read: %s"), ca_file, local_error->message);
          return NULL;
        }
      soup_session_set_tls_database (self->session, database);
      self->ca_file = g_strdup (ca_file);
    }

  return g_steal_pointer (&self);
}

/**
 * yb_hall_client_get_base_url:
 * @self: a #YbHallClient
 *
 * Returns: the hall's address, without a trailing slash
 */
const char *
yb_hall_client_get_base_url (YbHallClient *self)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), NULL);
  return self->base_url;
}

/**
 * yb_hall_client_get_ca_file:
 * @self: a #YbHallClient
 *
 * Returns: (nullable): the CA file trusted for this hall
 */
const char *
yb_hall_client_get_ca_file (YbHallClient *self)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), NULL);
  return self->ca_file;
}

/**
 * yb_hall_client_get_online:
 * @self: a #YbHallClient
 *
 * Returns: whether the last request reached the hall
 */
gboolean
yb_hall_client_get_online (YbHallClient *self)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), FALSE);
  return self->online;
}

/**
 * yb_hall_client_get_logged_in:
 * @self: a #YbHallClient
 *
 * Returns: whether the client holds an access token
 */
gboolean
yb_hall_client_get_logged_in (YbHallClient *self)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), FALSE);
  return self->access_token != NULL;
}

/**
 * yb_hall_client_get_account:
 * @self: a #YbHallClient
 *
 * Returns: (nullable): the account logged in with ("cert:<code>" for a certificate)
 */
const char *
yb_hall_client_get_account (YbHallClient *self)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), NULL);
  return self->account;
}

/**
 * yb_hall_client_get_credit_code:
 * @self: a #YbHallClient
 *
 * Returns: (nullable): the 统一社会信用代码 of the login
 */
const char *
yb_hall_client_get_credit_code (YbHallClient *self)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), NULL);
  return self->credit_code;
}

/**
 * yb_hall_client_get_timeout:
 * @self: a #YbHallClient
 *
 * Returns: the I/O timeout of a request in seconds
 */
guint
yb_hall_client_get_timeout (YbHallClient *self)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), 0);
  return self->timeout;
}

/**
 * yb_hall_client_set_timeout:
 * @self: a #YbHallClient
 * @seconds: the I/O timeout of a request in seconds (1–600)
 */
void
yb_hall_client_set_timeout (YbHallClient *self,
                            guint         seconds)
{
  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  seconds = CLAMP (seconds, 1, 600);
  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  if (self->session != NULL)
    soup_session_set_timeout (self->session, seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * yb_hall_client_get_refresh_token:
 * @self: a #YbHallClient
 *
 * The refresh token, for remembering the login in the keyring
 * (#YbCredentials). It changes on every refresh: see
 * #YbHallClient::session-changed. Never log or store it elsewhere.
 *
 * Returns: (nullable): the refresh token
 */
const char *
yb_hall_client_get_refresh_token (YbHallClient *self)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (self), NULL);
  return self->refresh_token;
}

/**
 * yb_hall_client_set_refresh_token:
 * @self: a #YbHallClient
 * @account: (nullable): the account the token belongs to
 * @refresh_token: a refresh token from the keyring
 *
 * Restores a remembered login; call yb_hall_client_refresh_async() next to
 * get an access token with it.
 */
void
yb_hall_client_set_refresh_token (YbHallClient *self,
                                  const char   *account,
                                  const char   *refresh_token)
{
  g_return_if_fail (YB_IS_HALL_CLIENT (self));
  g_return_if_fail (refresh_token != NULL);

  clear_secret (&self->refresh_token);
  self->refresh_token = g_strdup (refresh_token);
  if (g_strcmp0 (account, self->account) != 0)
    {
      g_free (self->account);
      self->account = g_strdup (account);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
    }
}

/**
 * yb_hall_client_forget_session:
 * @self: a #YbHallClient
 *
 * Drops the tokens without telling the hall (see yb_hall_client_logout_async()).
 */
void
yb_hall_client_forget_session (YbHallClient *self)
{
  gboolean was_logged_in;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  was_logged_in = self->access_token != NULL;
  if (self->access_token == NULL && self->refresh_token == NULL)
    return;

  clear_secret (&self->access_token);
  clear_secret (&self->refresh_token);
  if (was_logged_in)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGGED_IN]);
  g_signal_emit (self, signals[SESSION_CHANGED], 0);
}

/**
 * yb_hall_client_get_info_async:
 * @self: a #YbHallClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Asks the hall about itself (`GET /api/v1/hall`): API version, clock, regions
 * with their profile versions and business windows. No login needed.
 */
void
yb_hall_client_get_info_async (YbHallClient        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  req = request_new ("GET", g_strdup ("/api/v1/hall"), FALSE, parse_info,
                     (GDestroyNotify) yb_hall_info_unref);
  start_call (self, req, yb_hall_client_get_info_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_get_info_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the hall information, or %NULL with @error set
 */
YbHallInfo *
yb_hall_client_get_info_finish (YbHallClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_get_info_async, error);
}

/**
 * yb_hall_client_fetch_profile_async:
 * @self: a #YbHallClient
 * @region: the region id ("hangzhou")
 * @cached: (nullable): the profile cached locally; when the hall's version is
 *   the same it is returned without downloading
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches the region profile the hall judges with. No login needed.
 */
void
yb_hall_client_fetch_profile_async (YbHallClient        *self,
                                    const char          *region,
                                    YbRegionProfile     *cached,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *escaped = NULL;
  ProfileData *pd;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));
  g_return_if_fail (cached == NULL || YB_IS_REGION_PROFILE (cached));

  if (!valid_segment (region))
    {
      fail_call (self, invalid_argument ("region"), yb_hall_client_fetch_profile_async,
                 callback, user_data);
      return;
    }

  escaped = escape (region);
  req = request_new ("GET", g_strdup_printf ("/api/v1/regions/%s/profile", escaped), FALSE,
                     parse_profile, g_object_unref);
  req->raw = TRUE;
  pd = g_new0 (ProfileData, 1);
  pd->region = g_strdup (region);
  if (cached != NULL && g_strcmp0 (yb_region_profile_get_id (cached), region) == 0)
    {
      pd->cached = g_object_ref (cached);
      req->if_none_match = g_strdup_printf ("\"%s\"", yb_region_profile_get_version (cached));
    }
  req->parse_data = pd;
  req->parse_data_free = profile_data_free;
  start_call (self, req, yb_hall_client_fetch_profile_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_fetch_profile_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the profile (the cached one when unchanged), or
 *   %NULL with @error set
 */
YbRegionProfile *
yb_hall_client_fetch_profile_finish (YbHallClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_fetch_profile_async, error);
}

/**
 * yb_hall_client_login_password_async:
 * @self: a #YbHallClient
 * @account: the hall account
 * @password: the password; it is sent to the hall only and wiped after
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Logs in with account and password. A wrong account or password fails with
 * %YB_HALL_ERROR_BAD_CREDENTIALS.
 */
void
yb_hall_client_login_password_async (YbHallClient        *self,
                                     const char          *account,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (account == NULL || *account == '\0')
    {
      fail_call (self, invalid_argument ("account"), yb_hall_client_login_password_async,
                 callback, user_data);
      return;
    }
  if (password == NULL || *password == '\0')
    {
      fail_call (self, invalid_argument ("password"), yb_hall_client_login_password_async,
                 callback, user_data);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, account);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_end_object (builder);

  req = request_new ("POST", g_strdup ("/api/v1/auth/password"), FALSE, parse_tokens, NULL);
  request_set_json (req, json_builder_get_root (builder));
  start_call (self, req, yb_hall_client_login_password_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_login_password_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when logged in
 */
gboolean
yb_hall_client_login_password_finish (YbHallClient  *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_login_password_async, error) != NULL;
}

/**
 * yb_hall_client_request_challenge_async:
 * @self: a #YbHallClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Certificate login, step 1: asks the hall for a nonce to sign.
 */
void
yb_hall_client_request_challenge_async (YbHallClient        *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  req = request_new ("POST", g_strdup ("/api/v1/auth/certificate/challenge"), FALSE,
                     parse_challenge, (GDestroyNotify) yb_hall_challenge_unref);
  request_set_json (req, empty_object ());
  start_call (self, req, yb_hall_client_request_challenge_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_request_challenge_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the challenge, or %NULL with @error set
 */
YbHallChallenge *
yb_hall_client_request_challenge_finish (YbHallClient  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_request_challenge_async, error);
}

/**
 * yb_hall_client_login_certificate_async:
 * @self: a #YbHallClient
 * @challenge_id: the id of the challenge signed
 * @certificate_pem: the signer's certificate in PEM
 * @signature: the signature over the raw nonce bytes
 * @algorithm: "rsa-sha256" or "ecdsa-sha256"
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Certificate login, step 2.
 */
void
yb_hall_client_login_certificate_async (YbHallClient        *self,
                                        const char          *challenge_id,
                                        const char          *certificate_pem,
                                        GBytes              *signature,
                                        const char          *algorithm,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *encoded = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (challenge_id))
    {
      fail_call (self, invalid_argument ("challenge_id"),
                 yb_hall_client_login_certificate_async, callback, user_data);
      return;
    }
  if (certificate_pem == NULL || strstr (certificate_pem, "BEGIN CERTIFICATE") == NULL)
    {
      fail_call (self, invalid_argument ("certificate"),
                 yb_hall_client_login_certificate_async, callback, user_data);
      return;
    }
  if (signature == NULL || g_bytes_get_size (signature) == 0)
    {
      fail_call (self, invalid_argument ("signature"),
                 yb_hall_client_login_certificate_async, callback, user_data);
      return;
    }
  if (algorithm == NULL || *algorithm == '\0')
    {
      fail_call (self, invalid_argument ("algorithm"),
                 yb_hall_client_login_certificate_async, callback, user_data);
      return;
    }

  encoded = g_base64_encode (g_bytes_get_data (signature, NULL), g_bytes_get_size (signature));
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "challenge_id");
  json_builder_add_string_value (builder, challenge_id);
  json_builder_set_member_name (builder, "certificate");
  json_builder_add_string_value (builder, certificate_pem);
  json_builder_set_member_name (builder, "signature");
  json_builder_add_string_value (builder, encoded);
  json_builder_set_member_name (builder, "algorithm");
  json_builder_add_string_value (builder, algorithm);
  json_builder_end_object (builder);

  req = request_new ("POST", g_strdup ("/api/v1/auth/certificate"), FALSE, parse_tokens, NULL);
  request_set_json (req, json_builder_get_root (builder));
  start_call (self, req, yb_hall_client_login_certificate_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_login_certificate_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when logged in
 */
gboolean
yb_hall_client_login_certificate_finish (YbHallClient  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_login_certificate_async, error) != NULL;
}

/**
 * yb_hall_client_refresh_async:
 * @self: a #YbHallClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Gets a new token pair with the refresh token (from the last login or from
 * yb_hall_client_set_refresh_token()). Calls refresh an expired token by
 * themselves; this is for restoring a remembered login.
 */
void
yb_hall_client_refresh_async (YbHallClient        *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (self->refresh_token == NULL)
    {
      fail_call (self, yb_hall_error_new (YB_HALL_ERROR_UNAUTHENTICATED, 0, -1, NULL, NULL, NULL),
                 yb_hall_client_refresh_async, callback, user_data);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refresh_token");
  json_builder_add_string_value (builder, self->refresh_token);
  json_builder_end_object (builder);

  req = request_new ("POST", g_strdup ("/api/v1/auth/refresh"), FALSE, parse_tokens, NULL);
  request_set_json (req, json_builder_get_root (builder));
  start_call (self, req, yb_hall_client_refresh_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_refresh_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the tokens were renewed
 */
gboolean
yb_hall_client_refresh_finish (YbHallClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_refresh_async, error) != NULL;
}

/**
 * yb_hall_client_logout_async:
 * @self: a #YbHallClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Drops the tokens at once and tells the hall to void them.
 */
void
yb_hall_client_logout_async (YbHallClient        *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *token = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  token = g_strdup (self->access_token);
  yb_hall_client_forget_session (self);
  if (token == NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

      g_task_set_source_tag (task, yb_hall_client_logout_async);
      g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
      return;
    }

  req = request_new ("POST", g_strdup ("/api/v1/auth/logout"), TRUE, parse_nothing, NULL);
  req->bearer = g_steal_pointer (&token);
  request_set_json (req, empty_object ());
  start_call (self, req, yb_hall_client_logout_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_logout_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the hall voided the tokens
 */
gboolean
yb_hall_client_logout_finish (YbHallClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_logout_async, error) != NULL;
}

/**
 * yb_hall_client_list_units_async:
 * @self: a #YbHallClient
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the units (单位编号) the login may act for.
 */
void
yb_hall_client_list_units_async (YbHallClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  req = request_new ("GET", g_strdup ("/api/v1/units"), TRUE, parse_units,
                     (GDestroyNotify) json_array_unref);
  start_call (self, req, yb_hall_client_list_units_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_list_units_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the units, objects each with at least "unit_no"
 */
JsonArray *
yb_hall_client_list_units_finish (YbHallClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_list_units_async, error);
}

static void
get_object (YbHallClient        *self,
            char                *path,
            const char * const  *specs,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  Request *req = request_new ("GET", path, TRUE, parse_object, (GDestroyNotify) json_object_unref);

  req->parse_data = (gpointer) specs;
  start_call (self, req, source_tag, cancellable, callback, user_data);
}

/**
 * yb_hall_client_get_unit_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches a unit's information (basic, contact, registration, bank).
 */
void
yb_hall_client_get_unit_async (YbHallClient        *self,
                               const char          *unit_no,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  static const char * const specs[] = { "unit_no", NULL };
  g_autofree char *unit = NULL;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no))
    {
      fail_call (self, invalid_argument ("unit_no"), yb_hall_client_get_unit_async,
                 callback, user_data);
      return;
    }
  unit = escape (unit_no);
  get_object (self, g_strdup_printf ("/api/v1/units/%s", unit), specs,
              yb_hall_client_get_unit_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_get_unit_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the unit object as the hall sent it
 */
JsonObject *
yb_hall_client_get_unit_finish (YbHallClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_get_unit_async, error);
}

static const char * const unit_specs[] = { "unit_no", NULL };

/**
 * yb_hall_client_update_unit_contact_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @changes: the members to change, any of "contact_name", "contact_phone", "agent_name",
 *   "agent_phone", "email" (string values)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Changes the unit's contact details and 经办人 directly (非关键信息, BR-40) with
 * `PATCH /units/{unit_no}/contact`. A value the hall refuses fails with
 * %YB_HALL_ERROR_VALIDATION_FAILED and its fields (yb_hall_error_get_fields()).
 */
void
yb_hall_client_update_unit_contact_async (YbHallClient        *self,
                                          const char          *unit_no,
                                          JsonObject          *changes,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autofree char *unit = NULL;
  JsonNode *body;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));
  g_return_if_fail (changes != NULL);

  if (!valid_segment (unit_no))
    {
      fail_call (self, invalid_argument ("unit_no"), yb_hall_client_update_unit_contact_async,
                 callback, user_data);
      return;
    }
  unit = escape (unit_no);
  req = request_new ("PATCH", g_strdup_printf ("/api/v1/units/%s/contact", unit), TRUE,
                     parse_object, (GDestroyNotify) json_object_unref);
  req->parse_data = (gpointer) unit_specs;
  body = json_node_init_object (json_node_alloc (), changes);
  request_set_json (req, body);
  start_call (self, req, yb_hall_client_update_unit_contact_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_update_unit_contact_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the whole unit as the hall now has it
 */
JsonObject *
yb_hall_client_update_unit_contact_finish (YbHallClient  *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_update_unit_contact_async, error);
}

/**
 * yb_hall_client_put_unit_bank_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @bank_category: a code of the profile's `bank_category` list (银行类别)
 * @bank_name: the bank's name (银行名称)
 * @account_name: the account holder (户名)
 * @account_no: the account number, digits kept as text (账号)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Replaces the unit's bank account directly with `PUT /units/{unit_no}/bank`.
 */
void
yb_hall_client_put_unit_bank_async (YbHallClient        *self,
                                    const char          *unit_no,
                                    const char          *bank_category,
                                    const char          *bank_name,
                                    const char          *account_name,
                                    const char          *account_no,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *unit = NULL;
  JsonObject *object;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no))
    {
      fail_call (self, invalid_argument ("unit_no"), yb_hall_client_put_unit_bank_async,
                 callback, user_data);
      return;
    }
  unit = escape (unit_no);
  object = json_object_new ();
  json_object_set_string_member (object, "bank_category", bank_category ? bank_category : "");
  json_object_set_string_member (object, "bank_name", bank_name ? bank_name : "");
  json_object_set_string_member (object, "account_name", account_name ? account_name : "");
  json_object_set_string_member (object, "account_no", account_no ? account_no : "");
  req = request_new ("PUT", g_strdup_printf ("/api/v1/units/%s/bank", unit), TRUE, parse_object,
                     (GDestroyNotify) json_object_unref);
  req->parse_data = (gpointer) unit_specs;
  request_set_json (req, json_node_init_object (json_node_alloc (), object));
  json_object_unref (object);
  start_call (self, req, yb_hall_client_put_unit_bank_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_put_unit_bank_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the whole unit as the hall now has it
 */
JsonObject *
yb_hall_client_put_unit_bank_finish (YbHallClient  *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_put_unit_bank_async, error);
}

static const char * const roster_item_specs[] = { "person_no", "#revision", "id_number", "name",
                                                  "status", NULL };
static const PageSpec roster_spec = { "people", roster_item_specs };

/**
 * yb_hall_client_get_roster_page_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @cursor: (nullable): the previous page's next cursor, %NULL for the start
 * @limit: the page size (0 for the hall's default; at most 1000)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one page of roster deltas: the people whose revision is above
 * @cursor, in revision order. Each person has at least "person_no",
 * "revision", "id_number", "name" and "status".
 */
void
yb_hall_client_get_roster_page_async (YbHallClient        *self,
                                      const char          *unit_no,
                                      const char          *cursor,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *unit = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no))
    {
      fail_call (self, invalid_argument ("unit_no"), yb_hall_client_get_roster_page_async,
                 callback, user_data);
      return;
    }

  unit = escape (unit_no);
  add_query (query, "cursor", cursor);
  add_query_uint (query, "limit", MIN (limit, MAX_PAGE_LIMIT));
  req = request_new ("GET", g_strdup_printf ("/api/v1/units/%s/people%s", unit, query->str),
                     TRUE, parse_page, (GDestroyNotify) yb_hall_page_unref);
  req->parse_data = (gpointer) &roster_spec;
  start_call (self, req, yb_hall_client_get_roster_page_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_get_roster_page_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page, or %NULL with @error set
 */
YbHallPage *
yb_hall_client_get_roster_page_finish (YbHallClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_get_roster_page_async, error);
}

/**
 * yb_hall_client_get_person_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @person_no: the person's number at the hall
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one person's details (basic, contact, insurance).
 */
void
yb_hall_client_get_person_async (YbHallClient        *self,
                                 const char          *unit_no,
                                 const char          *person_no,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  static const char * const specs[] = { "person_no", NULL };
  g_autofree char *unit = NULL;
  g_autofree char *person = NULL;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no) || !valid_segment (person_no))
    {
      fail_call (self, invalid_argument (valid_segment (unit_no) ? "person_no" : "unit_no"),
                 yb_hall_client_get_person_async, callback, user_data);
      return;
    }
  unit = escape (unit_no);
  person = escape (person_no);
  get_object (self, g_strdup_printf ("/api/v1/units/%s/people/%s", unit, person), specs,
              yb_hall_client_get_person_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_get_person_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the person object as the hall sent it
 */
JsonObject *
yb_hall_client_get_person_finish (YbHallClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_get_person_async, error);
}

/* {"format": 1, "kind": …, "fields": {…}, …}: a declaration as the core writes it, rather
 * than its bare fields. */
static gboolean
is_declaration_form (JsonObject *object)
{
  JsonNode *format = json_object_get_member (object, "format");
  JsonNode *fields = json_object_get_member (object, "fields");

  return format != NULL && JSON_NODE_HOLDS_VALUE (format)
         && json_node_get_value_type (format) == G_TYPE_INT64 && fields != NULL
         && JSON_NODE_HOLDS_OBJECT (fields);
}

/**
 * yb_hall_client_submit_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @items: (element-type YbHallSubmitItem): 1–200 items, each with its own
 *   idempotency key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Submits a batch of declarations. Sending the same keys again is safe: the
 * hall answers with its first answers and creates nothing.
 *
 * An item's fields are either the bare fields by core field name or a whole
 * declaration as yb_declaration_to_json() writes it (with "format"); then its
 * fields, items and materials ({kind, id, file_name}) are sent as they are.
 */
void
yb_hall_client_submit_async (YbHallClient        *self,
                             const char          *unit_no,
                             GPtrArray           *items,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GStrvBuilder) keys = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *unit = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));
  g_return_if_fail (items != NULL);

  if (!valid_segment (unit_no))
    {
      fail_call (self, invalid_argument ("unit_no"), yb_hall_client_submit_async,
                 callback, user_data);
      return;
    }
  if (items->len == 0 || items->len > MAX_BATCH)
    {
      fail_call (self, invalid_argument ("items"), yb_hall_client_submit_async,
                 callback, user_data);
      return;
    }

  builder = json_builder_new ();
  keys = g_strv_builder_new ();
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      YbHallSubmitItem *item = g_ptr_array_index (items, i);

      if (!valid_idempotency_key (item->idempotency_key) ||
          !g_hash_table_add (seen, item->idempotency_key))
        {
          fail_call (self, invalid_argument ("idempotency_key"), yb_hall_client_submit_async,
                     callback, user_data);
          return;
        }
      g_strv_builder_add (keys, item->idempotency_key);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "idempotency_key");
      json_builder_add_string_value (builder, item->idempotency_key);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, item->kind);
      if (is_declaration_form (item->fields))
        {
          /* The core's whole declaration (yb_declaration_to_json()): its fields, items and
           * material entries ({kind, id, file_name}) go as they are. */
          static const char * const parts[] = { "fields", "items", "materials" };

          for (guint j = 0; j < G_N_ELEMENTS (parts); j++)
            {
              JsonNode *part = json_object_get_member (item->fields, parts[j]);

              if (part == NULL || JSON_NODE_HOLDS_NULL (part))
                continue;
              json_builder_set_member_name (builder, parts[j]);
              json_builder_add_value (builder, json_node_copy (part));
            }
          json_builder_end_object (builder);
          continue;
        }
      json_builder_set_member_name (builder, "fields");
      json_builder_add_value (builder,
                              json_node_init_object (json_node_alloc (), item->fields));
      json_builder_set_member_name (builder, "materials");
      json_builder_begin_array (builder);
      for (guint j = 0; item->materials != NULL && item->materials[j] != NULL; j++)
        json_builder_add_string_value (builder, item->materials[j]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  unit = escape (unit_no);
  req = request_new ("POST", g_strdup_printf ("/api/v1/units/%s/declarations", unit), TRUE,
                     parse_submit, (GDestroyNotify) g_ptr_array_unref);
  request_set_json (req, json_builder_get_root (builder));
  req->parse_data = g_strv_builder_end (keys);
  req->parse_data_free = (GDestroyNotify) g_strfreev;
  start_call (self, req, yb_hall_client_submit_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_submit_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type YbHallSubmitResult): one result per
 *   item, in order, or %NULL with @error set (a closed window is
 *   %YB_HALL_ERROR_WINDOW_CLOSED with the reopening time)
 */
GPtrArray *
yb_hall_client_submit_finish (YbHallClient  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_submit_async, error);
}

static const char * const declaration_specs[] = { "declaration_id", "kind", "status", NULL };
static const PageSpec declarations_spec = { "declarations", declaration_specs };

/**
 * yb_hall_client_list_declarations_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @status: (nullable): statuses, comma-separated ("pending,approved")
 * @kind: (nullable): a declaration kind
 * @from: (nullable): first submission date, "YYYY-MM-DD"
 * @to: (nullable): last submission date, "YYYY-MM-DD"
 * @cursor: (nullable): the previous page's next cursor
 * @limit: the page size (0 for the hall's default; at most 1000)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists declarations, newest first.
 */
void
yb_hall_client_list_declarations_async (YbHallClient        *self,
                                        const char          *unit_no,
                                        const char          *status,
                                        const char          *kind,
                                        const char          *from,
                                        const char          *to,
                                        const char          *cursor,
                                        guint                limit,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *unit = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no))
    {
      fail_call (self, invalid_argument ("unit_no"), yb_hall_client_list_declarations_async,
                 callback, user_data);
      return;
    }

  unit = escape (unit_no);
  add_query (query, "status", status);
  add_query (query, "kind", kind);
  add_query (query, "from", from);
  add_query (query, "to", to);
  add_query (query, "cursor", cursor);
  add_query_uint (query, "limit", MIN (limit, MAX_PAGE_LIMIT));
  req = request_new ("GET", g_strdup_printf ("/api/v1/units/%s/declarations%s", unit,
                                             query->str),
                     TRUE, parse_page, (GDestroyNotify) yb_hall_page_unref);
  req->parse_data = (gpointer) &declarations_spec;
  start_call (self, req, yb_hall_client_list_declarations_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_list_declarations_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page of declarations
 */
YbHallPage *
yb_hall_client_list_declarations_finish (YbHallClient  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_list_declarations_async, error);
}

/**
 * yb_hall_client_get_declaration_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @declaration_id: the declaration's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Fetches one declaration with its status.
 */
void
yb_hall_client_get_declaration_async (YbHallClient        *self,
                                      const char          *unit_no,
                                      const char          *declaration_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *unit = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no) || !valid_segment (declaration_id))
    {
      fail_call (self, invalid_argument (valid_segment (unit_no) ? "declaration_id" : "unit_no"),
                 yb_hall_client_get_declaration_async, callback, user_data);
      return;
    }
  unit = escape (unit_no);
  id = escape (declaration_id);
  get_object (self, g_strdup_printf ("/api/v1/units/%s/declarations/%s", unit, id),
              declaration_specs, yb_hall_client_get_declaration_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_get_declaration_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the declaration object
 */
JsonObject *
yb_hall_client_get_declaration_finish (YbHallClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_get_declaration_async, error);
}

/**
 * yb_hall_client_withdraw_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @declaration_id: the id of a pending declaration
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Withdraws a pending declaration; one no longer pending fails with
 * %YB_HALL_ERROR_NOT_PENDING.
 */
void
yb_hall_client_withdraw_async (YbHallClient        *self,
                               const char          *unit_no,
                               const char          *declaration_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autofree char *unit = NULL;
  g_autofree char *id = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no) || !valid_segment (declaration_id))
    {
      fail_call (self, invalid_argument (valid_segment (unit_no) ? "declaration_id" : "unit_no"),
                 yb_hall_client_withdraw_async, callback, user_data);
      return;
    }
  unit = escape (unit_no);
  id = escape (declaration_id);
  req = request_new ("POST", g_strdup_printf ("/api/v1/units/%s/declarations/%s/withdraw",
                                              unit, id),
                     TRUE, parse_object, (GDestroyNotify) json_object_unref);
  req->parse_data = (gpointer) declaration_specs;
  request_set_json (req, empty_object ());
  start_call (self, req, yb_hall_client_withdraw_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_withdraw_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the withdrawn declaration
 */
JsonObject *
yb_hall_client_withdraw_finish (YbHallClient  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_withdraw_async, error);
}

static const char * const payment_specs[] = { "period", "insurance", NULL };
static const PageSpec payments_spec = { "payments", payment_specs };

/**
 * yb_hall_client_list_employee_payments_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @from: the first month, "YYYYMM"
 * @to: the last month, "YYYYMM" (at most 36 months after @from)
 * @insurance: (nullable): an insurance type ("310")
 * @person_no: (nullable): one person only
 * @cursor: (nullable): the previous page's next cursor
 * @limit: the page size (0 for the hall's default; at most 1000)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists monthly payment records per person (职工缴费明细).
 */
void
yb_hall_client_list_employee_payments_async (YbHallClient        *self,
                                             const char          *unit_no,
                                             const char          *from,
                                             const char          *to,
                                             const char          *insurance,
                                             const char          *person_no,
                                             const char          *cursor,
                                             guint                limit,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *unit = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no) || !valid_segment (from) || !valid_segment (to))
    {
      fail_call (self,
                 invalid_argument (!valid_segment (unit_no) ? "unit_no" :
                                   !valid_segment (from) ? "from" : "to"),
                 yb_hall_client_list_employee_payments_async, callback, user_data);
      return;
    }

  unit = escape (unit_no);
  add_query (query, "from", from);
  add_query (query, "to", to);
  add_query (query, "insurance", insurance);
  add_query (query, "person_no", person_no);
  add_query (query, "cursor", cursor);
  add_query_uint (query, "limit", MIN (limit, MAX_PAGE_LIMIT));
  req = request_new ("GET", g_strdup_printf ("/api/v1/units/%s/payments/employees%s", unit,
                                             query->str),
                     TRUE, parse_page, (GDestroyNotify) yb_hall_page_unref);
  req->parse_data = (gpointer) &payments_spec;
  start_call (self, req, yb_hall_client_list_employee_payments_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_list_employee_payments_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the page of payment records
 */
YbHallPage *
yb_hall_client_list_employee_payments_finish (YbHallClient  *self,
                                              GAsyncResult  *result,
                                              GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_list_employee_payments_async, error);
}

/**
 * yb_hall_client_list_unit_payments_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @from: the first month, "YYYYMM"
 * @to: the last month, "YYYYMM"
 * @insurance: (nullable): an insurance type ("310")
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Lists the unit's totals per period and insurance type (单位缴费明细).
 */
void
yb_hall_client_list_unit_payments_async (YbHallClient        *self,
                                         const char          *unit_no,
                                         const char          *from,
                                         const char          *to,
                                         const char          *insurance,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GString) query = g_string_new (NULL);
  g_autofree char *unit = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no) || !valid_segment (from) || !valid_segment (to))
    {
      fail_call (self,
                 invalid_argument (!valid_segment (unit_no) ? "unit_no" :
                                   !valid_segment (from) ? "from" : "to"),
                 yb_hall_client_list_unit_payments_async, callback, user_data);
      return;
    }

  unit = escape (unit_no);
  add_query (query, "from", from);
  add_query (query, "to", to);
  add_query (query, "insurance", insurance);
  req = request_new ("GET", g_strdup_printf ("/api/v1/units/%s/payments/unit%s", unit,
                                             query->str),
                     TRUE, parse_unit_payments, (GDestroyNotify) json_array_unref);
  start_call (self, req, yb_hall_client_list_unit_payments_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_list_unit_payments_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the totals, objects with "period" and "insurance"
 */
JsonArray *
yb_hall_client_list_unit_payments_finish (YbHallClient  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_list_unit_payments_async, error);
}

#define XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* The material kinds of region profiles: lower-case letters, digits and "_" (hall API §10). */
static gboolean
valid_material_kind (const char *kind)
{
  gsize length = strlen (kind);

  return length > 0 && length <= 64
         && strspn (kind, "abcdefghijklmnopqrstuvwxyz0123456789_") == length;
}

/**
 * yb_hall_client_upload_material_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @content: the file's bytes (at most 5 MiB)
 * @content_type: "image/jpeg", "image/png", "application/pdf" or
 *   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
 * @filename: (nullable): the file's name, for the hall's records
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Uploads a material (a stamped scan) to attach to a declaration, without
 * saying which material kind it is for; see
 * yb_hall_client_upload_material_kind_async(). Finish with
 * yb_hall_client_upload_material_finish().
 */
void
yb_hall_client_upload_material_async (YbHallClient        *self,
                                      const char          *unit_no,
                                      GBytes              *content,
                                      const char          *content_type,
                                      const char          *filename,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  yb_hall_client_upload_material_kind_async (self, unit_no, content, content_type, filename,
                                             NULL, cancellable, callback, user_data);
}

/**
 * yb_hall_client_upload_material_kind_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @content: the file's bytes (at most 5 MiB)
 * @content_type: "image/jpeg", "image/png", "application/pdf" or
 *   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" (an
 *   Excel workbook, taken only where the region profile asks for one)
 * @filename: (nullable): the file's name, for the hall's records
 * @material_kind: (nullable): the material kind the file is for (such as
 *   "stamped_scan"), sent as `X-Material-Kind`: the hall then refuses a file
 *   type the region takes for no declaration's material of that kind
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Uploads a material to attach to a declaration. Finish with
 * yb_hall_client_upload_material_finish(). Another content type fails with
 * %YB_HALL_ERROR_UNSUPPORTED_MEDIA_TYPE before anything is sent, a
 * @material_kind that is not lower-case letters, digits and "_" with
 * %YB_HALL_ERROR_INVALID_REQUEST naming the field "material_kind".
 */
void
yb_hall_client_upload_material_kind_async (YbHallClient        *self,
                                           const char          *unit_no,
                                           GBytes              *content,
                                           const char          *content_type,
                                           const char          *filename,
                                           const char          *material_kind,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  static const char * const specs[] = { "material_id", NULL };
  static const char * const types[] = {
    "image/jpeg", "image/png", "application/pdf", XLSX_CONTENT_TYPE, NULL
  };
  g_autofree char *unit = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));
  g_return_if_fail (content != NULL);

  if (!valid_segment (unit_no))
    {
      fail_call (self, invalid_argument ("unit_no"), yb_hall_client_upload_material_async,
                 callback, user_data);
      return;
    }
  if (material_kind != NULL && !valid_material_kind (material_kind))
    {
      fail_call (self, invalid_argument ("material_kind"), yb_hall_client_upload_material_async,
                 callback, user_data);
      return;
    }
  if (content_type == NULL || !g_strv_contains (types, content_type))
    {
      fail_call (self, yb_hall_error_new (YB_HALL_ERROR_UNSUPPORTED_MEDIA_TYPE, 0, -1, NULL,
                                          NULL, NULL),
                 yb_hall_client_upload_material_async, callback, user_data);
      return;
    }
  if (g_bytes_get_size (content) == 0 || g_bytes_get_size (content) > MAX_UPLOAD_SIZE)
    {
      fail_call (self, yb_hall_error_new (YB_HALL_ERROR_PAYLOAD_TOO_LARGE, 0, -1, NULL,
                                          NULL, NULL),
                 yb_hall_client_upload_material_async, callback, user_data);
      return;
    }

  unit = escape (unit_no);
  req = request_new ("POST", g_strdup_printf ("/api/v1/units/%s/materials", unit), TRUE,
                     parse_object, (GDestroyNotify) json_object_unref);
  req->body = g_bytes_ref (content);
  req->content_type = g_strdup (content_type);
  if (filename != NULL && g_utf8_validate (filename, -1, NULL))
    req->filename = g_uri_escape_string (filename, NULL, FALSE);
  req->material_kind = g_strdup (material_kind);
  req->parse_data = (gpointer) specs;
  start_call (self, req, yb_hall_client_upload_material_async, cancellable, callback, user_data);
}

/**
 * yb_hall_client_upload_material_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Finishes yb_hall_client_upload_material_async() or
 * yb_hall_client_upload_material_kind_async().
 *
 * Returns: (transfer full): the material record, with "material_id"
 */
JsonObject *
yb_hall_client_upload_material_finish (YbHallClient  *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_upload_material_async, error);
}

/**
 * yb_hall_client_issue_certificate_async:
 * @self: a #YbHallClient
 * @unit_no: the 单位编号
 * @person_no: (nullable): the person for a 个人参保证明, or %NULL for the
 *   单位参保证明
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Has the hall issue an insurance certificate with a verification code.
 */
void
yb_hall_client_issue_certificate_async (YbHallClient        *self,
                                        const char          *unit_no,
                                        const char          *person_no,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  static const char * const specs[] = { "kind", "verification_code", NULL };
  g_autofree char *unit = NULL;
  Request *req;
  JsonNode *body;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (unit_no) || (person_no != NULL && !valid_segment (person_no)))
    {
      fail_call (self, invalid_argument (valid_segment (unit_no) ? "person_no" : "unit_no"),
                 yb_hall_client_issue_certificate_async, callback, user_data);
      return;
    }

  unit = escape (unit_no);
  body = empty_object ();
  if (person_no != NULL)
    json_object_set_string_member (json_node_get_object (body), "person_no", person_no);
  req = request_new ("POST", g_strdup_printf ("/api/v1/units/%s/certificates/%s", unit,
                                              person_no ? "person" : "unit"),
                     TRUE, parse_object, (GDestroyNotify) json_object_unref);
  req->parse_data = (gpointer) specs;
  request_set_json (req, body);
  start_call (self, req, yb_hall_client_issue_certificate_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_issue_certificate_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the certificate data, with "verification_code"
 */
JsonObject *
yb_hall_client_issue_certificate_finish (YbHallClient  *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_issue_certificate_async, error);
}

/**
 * yb_hall_client_verify_certificate_async:
 * @self: a #YbHallClient
 * @code: a verification code, dashes optional
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Checks a certificate's verification code. No login needed. An unknown code
 * fails with %YB_HALL_ERROR_NOT_FOUND.
 */
void
yb_hall_client_verify_certificate_async (YbHallClient        *self,
                                         const char          *code,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  static const char * const specs[] = { "?valid", NULL };
  g_autofree char *escaped = NULL;
  Request *req;

  g_return_if_fail (YB_IS_HALL_CLIENT (self));

  if (!valid_segment (code))
    {
      fail_call (self, invalid_argument ("verification_code"),
                 yb_hall_client_verify_certificate_async, callback, user_data);
      return;
    }
  escaped = escape (code);
  req = request_new ("GET", g_strdup_printf ("/api/v1/certificates/%s", escaped), FALSE,
                     parse_object, (GDestroyNotify) json_object_unref);
  req->parse_data = (gpointer) specs;
  start_call (self, req, yb_hall_client_verify_certificate_async, cancellable, callback,
              user_data);
}

/**
 * yb_hall_client_verify_certificate_finish:
 * @self: a #YbHallClient
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the answer, with "valid"
 */
JsonObject *
yb_hall_client_verify_certificate_finish (YbHallClient  *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  return finish_pointer (self, result, yb_hall_client_verify_certificate_async, error);
}
