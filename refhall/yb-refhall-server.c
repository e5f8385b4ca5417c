/* yb-refhall-server.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallServer"

#include "config.h"

#include <string.h>

#include "yb-finding.h"
#include "yb-refhall.h"

typedef struct
{
  YbRefhall *hall;
  SoupServerMessage *msg;
  char *path;
  GHashTable *query;
} PendingRequest;

static void
pending_request_free (PendingRequest *pending)
{
  g_object_unref (pending->msg);
  g_free (pending->path);
  g_clear_pointer (&pending->query, g_hash_table_unref);
  g_free (pending);
}

/* JSON helpers */

/**
 * yb_refhall_send_json:
 * @msg: the message
 * @status: the HTTP status
 * @node: (nullable): the body
 *
 * Answers @msg with a JSON body.
 */
void
yb_refhall_send_json (SoupServerMessage *msg,
                      guint              status,
                      JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *text;
  gsize length;

  soup_server_message_set_status (msg, status, NULL);
  if (node == NULL)
    return;
  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, length);
}

/**
 * yb_refhall_send_builder:
 * @msg: the message
 * @status: the HTTP status
 * @builder: a builder holding one complete value
 *
 * Answers @msg with the builder's value.
 */
void
yb_refhall_send_builder (SoupServerMessage *msg,
                         guint              status,
                         JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  yb_refhall_send_json (msg, status, root);
}

static void
send_error_full (SoupServerMessage *msg,
                 guint              status,
                 const char        *code,
                 const char        *message,
                 GPtrArray         *findings,
                 const char        *field,
                 const char        *field_code,
                 const char        *field_message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  if (findings != NULL || field != NULL)
    {
      json_builder_set_member_name (builder, "fields");
      json_builder_begin_array (builder);
      if (field != NULL)
        {
          json_builder_begin_object (builder);
          yb_refhall_builder_add_string (builder, "field", field);
          yb_refhall_builder_add_string (builder, "code", field_code);
          yb_refhall_builder_add_string (builder, "message", field_message);
          json_builder_end_object (builder);
        }
      for (guint i = 0; findings != NULL && i < findings->len; i++)
        {
          YbFinding *finding = findings->pdata[i];

          json_builder_begin_object (builder);
          yb_refhall_builder_add_string (builder, "field", finding->field);
          yb_refhall_builder_add_string (builder, "code", finding->code);
          yb_refhall_builder_add_string (builder, "message", finding->message);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, status, builder);
}

/**
 * yb_refhall_send_error:
 * @msg: the message
 * @status: the HTTP status
 * @code: the stable error code
 * @message: the human-readable message
 *
 * Answers with the contract's error body.
 */
void
yb_refhall_send_error (SoupServerMessage *msg,
                       guint              status,
                       const char        *code,
                       const char        *message)
{
  send_error_full (msg, status, code, message, NULL, NULL, NULL, NULL);
}

/**
 * yb_refhall_send_field_error:
 * @msg: the message
 * @status: the HTTP status
 * @code: the stable error code
 * @message: the human-readable message
 * @field: the field at fault
 * @field_code: the field-level code
 * @field_message: the field-level message
 *
 * Answers with an error body naming one field.
 */
void
yb_refhall_send_field_error (SoupServerMessage *msg,
                             guint              status,
                             const char        *code,
                             const char        *message,
                             const char        *field,
                             const char        *field_code,
                             const char        *field_message)
{
  send_error_full (msg, status, code, message, NULL, field, field_code, field_message);
}

/**
 * yb_refhall_send_findings:
 * @msg: the message
 * @status: the HTTP status
 * @code: the stable error code
 * @message: the human-readable message
 * @findings: (element-type YbFinding): the field-level findings
 *
 * Answers with an error body listing findings.
 */
void
yb_refhall_send_findings (SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *message,
                          GPtrArray         *findings)
{
  send_error_full (msg, status, code, message, findings, NULL, NULL, NULL);
}

/**
 * yb_refhall_builder_add_string:
 * @builder: a builder inside an object
 * @member: the member name
 * @value: (nullable): the value; %NULL adds JSON null
 *
 * Adds a string member.
 */
void
yb_refhall_builder_add_string (JsonBuilder *builder,
                               const char  *member,
                               const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value == NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, value);
}

/**
 * yb_refhall_builder_add_column:
 * @builder: a builder inside an object
 * @member: the member name
 * @stmt: a statement on a row
 * @column: the column
 *
 * Adds a text column as a string member (null for SQL NULL).
 */
void
yb_refhall_builder_add_column (JsonBuilder  *builder,
                               const char   *member,
                               sqlite3_stmt *stmt,
                               int           column)
{
  json_builder_set_member_name (builder, member);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, column));
}

static const char *
json_type_name (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        return "string";
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return "boolean";
      return "number";
    }
}

/* json-glib parses recursively: a hostile body of a million '[' would blow the
 * stack, so the nesting depth is measured before parsing. */
static gboolean
nesting_within (const char *data,
                gsize       length,
                guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/**
 * yb_refhall_read_object:
 * @msg: the message
 * @allowed: (nullable): %NULL-terminated member names the endpoint defines;
 *   %NULL allows any
 * @out_root: (out): the parsed root, to unref
 *
 * Parses the body as one JSON object and checks its member names. On failure
 * it answers @msg (400 MALFORMED_JSON or INVALID_REQUEST).
 *
 * Returns: (transfer none) (nullable): the object, owned by @out_root
 */
JsonObject *
yb_refhall_read_object (SoupServerMessage  *msg,
                        const char * const *allowed,
                        JsonNode          **out_root)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  gsize length = 0;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  *out_root = NULL;
  if (length == 0)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_BAD_REQUEST, "MALFORMED_JSON",
                             "The request body is empty; a JSON object was expected.");
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      yb_refhall_send_error (msg, SOUP_STATUS_BAD_REQUEST, "MALFORMED_JSON",
                             "The request body is not valid UTF-8.");
      return NULL;
    }
  if (!nesting_within (data, length, 32))
    {
      yb_refhall_send_error (msg, SOUP_STATUS_BAD_REQUEST, "MALFORMED_JSON",
                             "The request body nests JSON deeper than 32 levels.");
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &error))
    {
      g_autofree char *text = g_strdup_printf ("The request body is not valid JSON: %s",
                                               error->message);

      yb_refhall_send_error (msg, SOUP_STATUS_BAD_REQUEST, "MALFORMED_JSON", text);
      return NULL;
    }
  root = json_parser_steal_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      yb_refhall_send_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                             "The request body must be a JSON object.");
      return NULL;
    }
  object = json_node_get_object (root);
  members = json_object_get_members (object);
  for (GList *l = members; allowed != NULL && l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        {
          g_autofree char *text = g_strdup_printf ("Unknown member “%s” in the request.",
                                                   (const char *) l->data);

          yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST", text,
                                       l->data, "UNKNOWN_FIELD", text);
          return NULL;
        }
    }
  *out_root = g_steal_pointer (&root);
  return object;
}

/**
 * yb_refhall_get_string:
 * @msg: the message, answered with 400 on failure
 * @object: the request object
 * @member: the member
 * @required: whether a missing member is an error
 * @out_value: (out) (transfer none) (nullable): the string, %NULL if absent
 *
 * Returns: %FALSE if the member is missing but required or is not a string
 */
gboolean
yb_refhall_get_string (SoupServerMessage *msg,
                       JsonObject        *object,
                       const char        *member,
                       gboolean           required,
                       const char       **out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_value = NULL;
  if (node == NULL || (JSON_NODE_HOLDS_NULL (node) && !required))
    {
      if (required)
        {
          g_autofree char *text = g_strdup_printf ("The member “%s” is required.", member);

          yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST", text,
                                       member, "REQUIRED", text);
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *text = g_strdup_printf ("The member “%s” must be a string, not %s.",
                                               member, json_type_name (node));

      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST", text,
                                   member, "WRONG_TYPE", text);
      return FALSE;
    }
  *out_value = json_node_get_string (node);
  return TRUE;
}

/**
 * yb_refhall_query_limit:
 * @msg: the message, answered with 400 on failure
 * @query: (nullable): the query
 * @out_limit: (out): the page size
 *
 * Returns: %FALSE if `limit` is not a number in 1–1000
 */
gboolean
yb_refhall_query_limit (SoupServerMessage *msg,
                        GHashTable        *query,
                        int               *out_limit)
{
  const char *text = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint64 value = 0;

  *out_limit = YB_REFHALL_PAGE_DEFAULT;
  if (text == NULL)
    return TRUE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, YB_REFHALL_PAGE_MAX, &value, NULL))
    {
      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                   "limit must be a number from 1 to 1000.", "limit",
                                   "OUT_OF_RANGE", "limit must be a number from 1 to 1000.");
      return FALSE;
    }
  *out_limit = (int) value;
  return TRUE;
}

/* Hall information */

static void
handle_hall (YbRefhall         *hall,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = yb_refhall_now (hall);
  g_autofree char *now_text = yb_refhall_format_time (now);

  json_builder_begin_object (builder);
  yb_refhall_builder_add_string (builder, "api_version", "1");
  yb_refhall_builder_add_string (builder, "name", "Yibao reference hall");
  yb_refhall_builder_add_string (builder, "server_time", now_text);
  yb_refhall_builder_add_string (builder, "default_region", hall->default_region);
  json_builder_set_member_name (builder, "regions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < hall->regions->len; i++)
    {
      YbRefhallRegion *region = hall->regions->pdata[i];
      g_autoptr(GDateTime) next = NULL;
      gboolean open = yb_refhall_window_state (hall, region, &next);

      json_builder_begin_object (builder);
      yb_refhall_builder_add_string (builder, "id", region->id);
      yb_refhall_builder_add_string (builder, "name", region->name);
      yb_refhall_builder_add_string (builder, "profile_version", region->version);
      json_builder_set_member_name (builder, "window");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "open");
      json_builder_add_boolean_value (builder, open);
      if (next != NULL)
        {
          g_autofree char *next_text = yb_refhall_format_time (next);

          yb_refhall_builder_add_string (builder, "next_change", next_text);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static void
handle_profile (YbRefhall         *hall,
                SoupServerMessage *msg,
                const char        *region_id)
{
  YbRefhallRegion *region = yb_refhall_find_region (hall, region_id);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  g_autofree char *etag = NULL;
  const char *if_none_match;
  gsize length;
  const char *data;

  if (region == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such region.");
      return;
    }
  etag = g_strdup_printf ("\"%s\"", region->version);
  soup_message_headers_replace (headers, "ETag", etag);
  if_none_match = soup_message_headers_get_one (request_headers, "If-None-Match");
  if (if_none_match != NULL && g_strcmp0 (if_none_match, etag) == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);
      return;
    }
  data = g_bytes_get_data (region->bytes, &length);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    data, length);
}

/* Test control */

static gboolean
member_int (JsonObject *object,
            const char *member,
            gint64     *out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) == G_TYPE_STRING)
    return FALSE;
  *out_value = json_node_get_int (node);
  return TRUE;
}

static void
handle_test_control (YbRefhall         *hall,
                     SoupServerMessage *msg)
{
  static const char * const allowed[] = {
    "clock", "clock_free", "window", "latency_ms", "fail_rate", "fail_next", "fail_next_status",
    "rate_limited_next", "drop_after_commit", "token_ttl", "audit_now", "audit_decision",
    "audit_delay", NULL
  };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *object = yb_refhall_read_object (msg, allowed, &root);
  const char *text = NULL;
  gint64 value;
  guint audited = 0;
  JsonNode *node;

  if (object == NULL)
    return;
  if (!yb_refhall_get_string (msg, object, "clock", FALSE, &text))
    return;
  if (text != NULL)
    {
      GDateTime *clock = g_date_time_new_from_iso8601 (text, NULL);

      if (clock == NULL)
        {
          yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                       "clock is not an ISO 8601 time.", "clock", "FORMAT",
                                       "clock is not an ISO 8601 time.");
          return;
        }
      g_clear_pointer (&hall->fixed_clock, g_date_time_unref);
      hall->fixed_clock = clock;
    }
  if ((node = json_object_get_member (object, "clock_free")) != NULL
      && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node))
    g_clear_pointer (&hall->fixed_clock, g_date_time_unref);
  if (!yb_refhall_get_string (msg, object, "window", FALSE, &text))
    return;
  if (g_strcmp0 (text, "open") == 0)
    hall->window = YB_REFHALL_WINDOW_OPEN;
  else if (g_strcmp0 (text, "closed") == 0)
    hall->window = YB_REFHALL_WINDOW_CLOSED;
  else if (g_strcmp0 (text, "auto") == 0)
    hall->window = YB_REFHALL_WINDOW_AUTO;
  if (member_int (object, "latency_ms", &value))
    hall->latency_ms = (int) CLAMP (value, 0, 60000);
  if ((node = json_object_get_member (object, "fail_rate")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    hall->fail_rate = CLAMP (json_node_get_double (node), 0.0, 1.0);
  if (member_int (object, "fail_next", &value))
    hall->fail_next = (int) MAX (value, 0);
  if (member_int (object, "fail_next_status", &value))
    hall->fail_next_status = value == 503 ? 503 : 500;
  if (member_int (object, "rate_limited_next", &value))
    hall->rate_limited_next = (int) MAX (value, 0);
  if (member_int (object, "drop_after_commit", &value))
    hall->drop_after_commit = (int) MAX (value, 0);
  if (member_int (object, "token_ttl", &value))
    hall->token_ttl = (int) MAX (value, 1);
  if (member_int (object, "audit_delay", &value))
    hall->audit_delay = (int) MAX (value, 0);
  if (!yb_refhall_get_string (msg, object, "audit_decision", FALSE, &text))
    return;
  if (g_strcmp0 (text, "approve") == 0)
    hall->audit_decision = YB_REFHALL_AUDIT_APPROVE;
  else if (g_strcmp0 (text, "reject") == 0)
    hall->audit_decision = YB_REFHALL_AUDIT_REJECT;
  else if (g_strcmp0 (text, "auto") == 0)
    hall->audit_decision = YB_REFHALL_AUDIT_AUTO;
  if ((node = json_object_get_member (object, "audit_now")) != NULL
      && JSON_NODE_HOLDS_VALUE (node) && json_node_get_boolean (node))
    audited = yb_refhall_audit_run (hall, TRUE);

  json_builder_begin_object (builder);
  if (hall->fixed_clock != NULL)
    {
      g_autofree char *clock_text = yb_refhall_format_time (hall->fixed_clock);

      yb_refhall_builder_add_string (builder, "clock", clock_text);
    }
  else
    yb_refhall_builder_add_string (builder, "clock", NULL);
  yb_refhall_builder_add_string (builder, "window",
                                 hall->window == YB_REFHALL_WINDOW_AUTO ? "auto"
                                 : hall->window == YB_REFHALL_WINDOW_OPEN ? "open" : "closed");
  json_builder_set_member_name (builder, "latency_ms");
  json_builder_add_int_value (builder, hall->latency_ms);
  json_builder_set_member_name (builder, "fail_rate");
  json_builder_add_double_value (builder, hall->fail_rate);
  json_builder_set_member_name (builder, "fail_next");
  json_builder_add_int_value (builder, hall->fail_next);
  json_builder_set_member_name (builder, "rate_limited_next");
  json_builder_add_int_value (builder, hall->rate_limited_next);
  json_builder_set_member_name (builder, "drop_after_commit");
  json_builder_add_int_value (builder, hall->drop_after_commit);
  json_builder_set_member_name (builder, "token_ttl");
  json_builder_add_int_value (builder, hall->token_ttl);
  json_builder_set_member_name (builder, "audited");
  json_builder_add_int_value (builder, audited);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

/* Routing */

static gboolean
misbehave (YbRefhall         *hall,
           SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gint64 second = g_get_monotonic_time () / G_USEC_PER_SEC;

  if (hall->rate_limited_next > 0)
    {
      hall->rate_limited_next--;
      soup_message_headers_replace (headers, "Retry-After", "1");
      yb_refhall_send_error (msg, 429, "RATE_LIMITED",
                             "Too many requests; try again later.");
      return TRUE;
    }
  if (hall->rate_limit > 0)
    {
      if (second != hall->rate_second)
        {
          hall->rate_second = second;
          hall->rate_count = 0;
        }
      if (++hall->rate_count > hall->rate_limit)
        {
          soup_message_headers_replace (headers, "Retry-After", "1");
          yb_refhall_send_error (msg, 429, "RATE_LIMITED",
                                 "Too many requests; try again later.");
          return TRUE;
        }
    }
  if (hall->fail_next > 0)
    {
      hall->fail_next--;
      if (hall->fail_next_status == 503)
        {
          soup_message_headers_replace (headers, "Retry-After", "1");
          yb_refhall_send_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "UNAVAILABLE",
                                 "The hall is under maintenance; try again later.");
        }
      else
        yb_refhall_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL",
                               "The hall failed; nothing was committed.");
      return TRUE;
    }
  if (hall->fail_rate > 0 && g_random_double () < hall->fail_rate)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL",
                             "The hall failed; nothing was committed.");
      return TRUE;
    }
  return FALSE;
}

static void
route (YbRefhall         *hall,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  if (!g_str_has_prefix (path, "/api/v1/") || strstr (path, "//") != NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
      return;
    }
  parts = g_strsplit (path + strlen ("/api/v1/"), "/", 0);
  n_parts = g_strv_length (parts);
  if (n_parts > 0 && parts[n_parts - 1][0] == '\0')
    {
      g_free (parts[n_parts - 1]);
      parts[--n_parts] = NULL;
    }
  if (n_parts == 0)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
      return;
    }

  if (g_str_equal (parts[0], "_test") && n_parts == 2 && g_str_equal (parts[1], "control")
      && hall->test_control)
    {
      if (!g_str_equal (method, "POST"))
        yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                               "Use POST.");
      else
        handle_test_control (hall, msg);
      return;
    }

  if (misbehave (hall, msg))
    return;

  if (g_str_equal (parts[0], "hall") && n_parts == 1)
    {
      if (!g_str_equal (method, "GET"))
        yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                               "Use GET.");
      else
        handle_hall (hall, msg);
    }
  else if (g_str_equal (parts[0], "regions") && n_parts == 3 && g_str_equal (parts[2], "profile"))
    {
      if (!g_str_equal (method, "GET"))
        yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                               "Use GET.");
      else
        handle_profile (hall, msg, parts[1]);
    }
  else if (g_str_equal (parts[0], "auth"))
    yb_refhall_handle_auth (hall, msg, method, parts, n_parts);
  else if (g_str_equal (parts[0], "units"))
    yb_refhall_handle_units (hall, msg, method, parts, n_parts, query);
  else if (g_str_equal (parts[0], "certificates") && n_parts == 2)
    yb_refhall_handle_verify (hall, msg, method, parts[1]);
  else
    yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
}

static gsize
body_limit (const char *path)
{
  if (g_str_has_suffix (path, "/materials"))
    return YB_REFHALL_MAX_MATERIAL;
  return YB_REFHALL_MAX_BODY;
}

static void
send_too_large (SoupServerMessage *msg,
                gsize              limit)
{
  g_autofree char *text = g_strdup_printf ("The request body is larger than %" G_GSIZE_FORMAT
                                           " bytes.", limit);

  yb_refhall_send_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "PAYLOAD_TOO_LARGE", text);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection",
                                "close");
}

static void
process (YbRefhall         *hall,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (body->length > (goffset) body_limit (path))
    {
      send_too_large (msg, body_limit (path));
      return;
    }
  route (hall, msg, path, query);
}

static gboolean
on_latency_timeout_cb (gpointer data)
{
  PendingRequest *pending = data;

  process (pending->hall, pending->msg, pending->path, pending->query);
  soup_server_message_unpause (pending->msg);
  pending_request_free (pending);
  return G_SOURCE_REMOVE;
}

static void
on_request_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  YbRefhall *hall = user_data;
  PendingRequest *pending;

  if (soup_server_message_get_status (msg) != 0)
    return;
  if (hall->latency_ms <= 0 || g_str_has_prefix (path, "/api/v1/_test/"))
    {
      process (hall, msg, path, query);
      return;
    }
  pending = g_new0 (PendingRequest, 1);
  pending->hall = hall;
  pending->msg = g_object_ref (msg);
  pending->path = g_strdup (path);
  pending->query = query ? g_hash_table_ref (query) : NULL;
  soup_server_message_pause (msg);
  g_timeout_add (hall->latency_ms, on_latency_timeout_cb, pending);
}

static void
on_early_cb (SoupServer        *server,
             SoupServerMessage *msg,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH
      && length > (goffset) body_limit (path))
    send_too_large (msg, body_limit (path));
}

/**
 * yb_refhall_listen:
 * @hall: the hall, with its database and regions
 * @bind_address: the address to listen on ("127.0.0.1")
 * @port: the port, 0 for a free one
 * @tls: (nullable): the server certificate; %NULL serves plain HTTP
 * @out_url: (out): the base URL, e.g. "https://127.0.0.1:43127"
 * @error: return location for an error
 *
 * Starts serving the Hall API on the thread-default main context.
 *
 * Returns: %TRUE on success
 */
gboolean
yb_refhall_listen (YbRefhall       *hall,
                   const char      *bind_address,
                   guint            port,
                   GTlsCertificate *tls,
                   char           **out_url,
                   GError         **error)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (bind_address);
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSList) uris = NULL;
  GUri *uri;

  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Bad address %s",
                   bind_address);
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, port);
  hall->server = soup_server_new ("server-header", "yibao-refhall/1 ",
                                  "tls-certificate", tls, NULL);
  soup_server_add_early_handler (hall->server, NULL, on_early_cb, hall, NULL);
  soup_server_add_handler (hall->server, NULL, on_request_cb, hall, NULL);
  if (!soup_server_listen (hall->server, address,
                           tls != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;
  uris = soup_server_get_uris (hall->server);
  uri = uris->data;
  *out_url = g_strdup_printf ("%s://%s:%d", tls != NULL ? "https" : "http",
                              bind_address, g_uri_get_port (uri));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  return TRUE;
}
