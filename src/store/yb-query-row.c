/* yb-query-row.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbQueryRow"

#include <string.h>

#include "yb-query-row-private.h"

/*
 * One row of a query result: the hall's JSON object for it, as cached in the store (a payment,
 * a person of the roster, a declaration of the hall's list, a month's totals, a difference
 * found by reconciliation). Rows are snapshots, like every store list item.
 */

struct _YbQueryRow
{
  GObject parent_instance;
  JsonObject *object;
};

G_DEFINE_FINAL_TYPE (YbQueryRow, yb_query_row, G_TYPE_OBJECT)

static void
yb_query_row_finalize (GObject *object)
{
  YbQueryRow *self = YB_QUERY_ROW (object);

  g_clear_pointer (&self->object, json_object_unref);
  G_OBJECT_CLASS (yb_query_row_parent_class)->finalize (object);
}

static void
yb_query_row_class_init (YbQueryRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_query_row_finalize;
}

static void
yb_query_row_init (YbQueryRow *self)
{
}

/**
 * yb_query_row_new:
 * @object: the row's members
 *
 * Returns: (transfer full): a row holding a reference to @object
 */
YbQueryRow *
yb_query_row_new (JsonObject *object)
{
  YbQueryRow *self;

  g_return_val_if_fail (object != NULL, NULL);

  self = g_object_new (YB_TYPE_QUERY_ROW, NULL);
  self->object = json_object_ref (object);
  return self;
}

GObject *
_yb_query_row_new_from_stmt (sqlite3_stmt *stmt)
{
  const char *text = (const char *) sqlite3_column_text (stmt, 0);
  g_autoptr (JsonNode) node = text ? json_from_string (text, NULL) : NULL;
  g_autoptr (JsonObject) empty = NULL;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return G_OBJECT (yb_query_row_new (json_node_get_object (node)));
  /* A damaged cache row still takes its place in the list. */
  empty = json_object_new ();
  return G_OBJECT (yb_query_row_new (empty));
}

/**
 * yb_query_row_get_object:
 * @self: a row
 *
 * Returns: (transfer none): the row's members
 */
JsonObject *
yb_query_row_get_object (YbQueryRow *self)
{
  g_return_val_if_fail (YB_IS_QUERY_ROW (self), NULL);

  return self->object;
}

/**
 * yb_query_row_get_string:
 * @self: a row
 * @member: a member name; a dotted path ("insurance.status") reads a nested object
 *
 * Returns: (nullable): the member as text (numbers are formatted), %NULL if absent or null
 */
const char *
yb_query_row_get_string (YbQueryRow *self,
                         const char *member)
{
  JsonObject *object;
  const char *dot;
  JsonNode *node;

  g_return_val_if_fail (YB_IS_QUERY_ROW (self), NULL);
  g_return_val_if_fail (member != NULL, NULL);

  object = self->object;
  while ((dot = strchr (member, '.')) != NULL)
    {
      g_autofree char *head = g_strndup (member, dot - member);

      node = json_object_get_member (object, head);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      object = json_node_get_object (node);
      member = dot + 1;
    }
  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  /* Numbers and booleans: keep their text on the row so the pointer stays valid. */
  {
    g_autofree char *key = g_strconcat ("\x01text:", member, NULL);
    char *text;

    if (!g_object_get_data (G_OBJECT (self), key))
      {
        if (json_node_get_value_type (node) == G_TYPE_INT64)
          text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
          text = g_strdup_printf ("%g", json_node_get_double (node));
        else
          text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
        g_object_set_data_full (G_OBJECT (self), key, text, g_free);
      }
    return g_object_get_data (G_OBJECT (self), key);
  }
}
