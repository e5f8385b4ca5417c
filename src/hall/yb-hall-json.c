/* yb-hall-json.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbHallJson"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-hall-error.h"
#include "yb-hall-json-private.h"

/* Hall texts longer than this are not believed. */
#define MAX_STRING_LENGTH (64 * 1024)

/* Finds @member: FALSE (with @error) when it is required and missing or null; otherwise TRUE,
 * with *node NULL for an absent optional member. */
static gboolean
find_member (JsonObject  *object,
             const char  *member,
             gboolean     required,
             JsonNode   **node,
             GError     **error)
{
  *node = json_object_get_member (object, member);
  if (*node != NULL && !JSON_NODE_HOLDS_NULL (*node))
    return TRUE;

  *node = NULL;
  if (required)
    {
      g_propagate_error (error,
                         yb_hall_error_new_bad_response (_("member “%s” is missing."), member));
      return FALSE;
    }
  return TRUE;
}

static gboolean
wrong_type (const char  *member,
            const char  *expected,
            GError     **error)
{
  /* TRANSLATORS: the second %s is a JSON type: "a string", "a number" … */
  g_propagate_error (error, yb_hall_error_new_bad_response (_("member “%s” is not %s."),
                                                            member, expected));
  return FALSE;
}

gboolean
_yb_hall_json_string (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      const char **out,
                      GError     **error)
{
  JsonNode *node;
  const char *value;

  *out = NULL;
  if (!find_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (member, _("a string"), error);

  value = json_node_get_string (node);
  if (strlen (value) > MAX_STRING_LENGTH)
    return wrong_type (member, _("a string of sensible length"), error);

  *out = value;
  return TRUE;
}

gboolean
_yb_hall_json_int (JsonObject  *object,
                   const char  *member,
                   gboolean     required,
                   gint64      *out,
                   GError     **error)
{
  JsonNode *node;

  if (!find_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return wrong_type (member, _("a whole number"), error);

  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
_yb_hall_json_bool (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    gboolean    *out,
                    GError     **error)
{
  JsonNode *node;

  if (!find_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return wrong_type (member, _("true or false"), error);

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
_yb_hall_json_object (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      JsonObject **out,
                      GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!find_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return wrong_type (member, _("an object"), error);

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
_yb_hall_json_array (JsonObject  *object,
                     const char  *member,
                     gboolean     required,
                     JsonArray  **out,
                     GError     **error)
{
  JsonNode *node;

  *out = NULL;
  if (!find_member (object, member, required, &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return wrong_type (member, _("a list"), error);

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
_yb_hall_json_time (JsonObject  *object,
                    const char  *member,
                    gboolean     required,
                    GDateTime  **out,
                    GError     **error)
{
  const char *text = NULL;
  GDateTime *value;

  *out = NULL;
  if (!_yb_hall_json_string (object, member, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  value = g_date_time_new_from_iso8601 (text, NULL);
  if (value == NULL)
    return wrong_type (member, _("a time"), error);

  *out = value;
  return TRUE;
}

GPtrArray *
_yb_hall_json_findings (JsonArray   *array,
                        YbSeverity   severity,
                        GError     **error)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);

  if (array == NULL)
    return g_steal_pointer (&findings);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      const char *field = NULL;
      const char *code = NULL;
      const char *message = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_propagate_error (error, yb_hall_error_new_bad_response (_("a finding is not an object.")));
          return NULL;
        }
      object = json_node_get_object (node);
      if (!_yb_hall_json_string (object, "field", FALSE, &field, error) ||
          !_yb_hall_json_string (object, "code", TRUE, &code, error) ||
          !_yb_hall_json_string (object, "message", FALSE, &message, error))
        return NULL;

      g_ptr_array_add (findings, yb_finding_new (severity, field, code, message ? message : ""));
    }

  return g_steal_pointer (&findings);
}
