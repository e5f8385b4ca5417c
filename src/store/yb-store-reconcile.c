/* yb-store-reconcile.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStore"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-store-declaration.h"
#include "yb-store-private.h"
#include "yb-store-reconcile.h"

/*
 * Reconciliation compares the local roster cache and the local drafts with the hall's full
 * roster, which the web halls never do: who is on the hall but not here, who is here but not
 * on the hall, which local declarations never reached the hall, and whose status, wage or
 * base differ. It reads one pass over the local roster and keeps only the hall's people in a
 * hash table, so it is linear in the roster size; run it in a worker with its own connection.
 */

static const char *const kind_names[] = {
  [YB_RECONCILE_HALL_ONLY] = "hall-only",
  [YB_RECONCILE_LOCAL_ONLY] = "local-only",
  [YB_RECONCILE_DRAFT_NOT_SUBMITTED] = "draft-not-submitted",
  [YB_RECONCILE_STATUS_DIFFERS] = "status-differs",
  [YB_RECONCILE_WAGE_DIFFERS] = "wage-differs",
  [YB_RECONCILE_BASE_DIFFERS] = "base-differs",
};

/**
 * yb_reconcile_kind_to_string:
 * @kind: a kind of difference
 *
 * Returns: its stable code ("hall-only", "local-only", "draft-not-submitted",
 *   "status-differs", "wage-differs", "base-differs")
 */
const char *
yb_reconcile_kind_to_string (YbReconcileKind kind)
{
  g_return_val_if_fail (kind <= YB_RECONCILE_BASE_DIFFERS, NULL);

  return kind_names[kind];
}

/**
 * yb_reconcile_kind_from_string:
 * @text: a code from yb_reconcile_kind_to_string()
 * @kind: (out): the kind
 *
 * Returns: %TRUE if @text is a known code
 */
gboolean
yb_reconcile_kind_from_string (const char      *text,
                               YbReconcileKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

/* The hall's money ("8000.00" or a number) in cents; -1 when absent or unreadable. */
static gint64
hall_cents (JsonObject *person,
            const char *member)
{
  JsonNode *node = json_object_get_member (person, member);
  const char *text;
  double value;
  char *end;

  if (node == NULL && json_object_has_member (person, "insurance"))
    {
      JsonNode *group = json_object_get_member (person, "insurance");

      if (JSON_NODE_HOLDS_OBJECT (group))
        node = json_object_get_member (json_node_get_object (group), member);
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      text = json_node_get_string (node);
      value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0')
        return -1;
    }
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = (double) json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    value = json_node_get_double (node);
  else
    return -1;
  return (gint64) (value * 100 + (value >= 0 ? 0.5 : -0.5));
}

static const char *
hall_text (JsonObject *person,
           const char *member)
{
  const char *text = _yb_json_object_get_text (person, member);

  if (text == NULL)
    for (guint g = 0; g < 2 && text == NULL; g++)
      {
        JsonNode *group = json_object_get_member (person, g == 0 ? "basic" : "insurance");

        if (group != NULL && JSON_NODE_HOLDS_OBJECT (group))
          text = _yb_json_object_get_text (json_node_get_object (group), member);
      }
  return text;
}

static char *
format_cents (gint64 cents)
{
  if (cents < 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
}

static void
add_row (GListStore      *out,
         YbReconcileKind  kind,
         const char      *person_no,
         const char      *id_number,
         const char      *name,
         const char      *local,
         const char      *hall,
         gint64           declaration_id,
         const char      *declaration_kind)
{
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (YbQueryRow) row = NULL;

  json_object_set_string_member (object, "kind", kind_names[kind]);
  if (person_no != NULL)
    json_object_set_string_member (object, "person_no", person_no);
  if (id_number != NULL)
    json_object_set_string_member (object, "id_number", id_number);
  json_object_set_string_member (object, "name", name ? name : "");
  if (local != NULL)
    json_object_set_string_member (object, "local", local);
  if (hall != NULL)
    json_object_set_string_member (object, "hall", hall);
  if (declaration_id > 0)
    json_object_set_int_member (object, "declaration_id", declaration_id);
  if (declaration_kind != NULL)
    json_object_set_string_member (object, "declaration_kind", declaration_kind);
  row = yb_query_row_new (object);
  g_list_store_append (out, row);
}

static void
compare_money (GListStore      *out,
               YbReconcileKind  kind,
               sqlite3_stmt    *stmt,
               int              column,
               JsonObject      *hall,
               const char      *member)
{
  gint64 local = sqlite3_column_type (stmt, column) == SQLITE_NULL
                   ? -1
                   : sqlite3_column_int64 (stmt, column);
  gint64 remote = hall_cents (hall, member);
  g_autofree char *local_text = NULL;
  g_autofree char *hall_text_ = NULL;

  /* A side that does not know the amount (the hall's roster list has no wage) is no
   * difference. */
  if (local < 0 || remote < 0 || local == remote)
    return;
  local_text = format_cents (local);
  hall_text_ = format_cents (remote);
  add_row (out, kind, (const char *) sqlite3_column_text (stmt, 0),
           (const char *) sqlite3_column_text (stmt, 1),
           (const char *) sqlite3_column_text (stmt, 2), local_text, hall_text_, 0, NULL);
}

/**
 * yb_store_reconcile:
 * @store: a store
 * @hall_people: the hall's whole roster (`GET …/people` from no cursor, all pages, or the
 *   detail objects)
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Compares the local roster and drafts with the hall's roster. Rows, in this order: people on
 * the hall but not here (`hall-only`), here but not on the hall (`local-only`), local
 * declarations never submitted (`draft-not-submitted`: drafts, queued, failed sends), then
 * per person a different `status`, `wage` or `base` (`local` and `hall` hold both values;
 * money as "8000.00").
 *
 * Returns: (transfer full): a list of #YbQueryRow with `kind`, `person_no`, `id_number`,
 *   `name`, `local`, `hall`, `declaration_id`, `declaration_kind`; %NULL with @error set if
 *   the hall's roster is malformed (%YB_STORE_ERROR_INVALID_INPUT naming the entry) or
 *   @cancellable was cancelled
 */
GListModel *
yb_store_reconcile (YbStore       *store,
                    JsonArray     *hall_people,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr (GListStore) out = g_list_store_new (YB_TYPE_QUERY_ROW);
  g_autoptr (GHashTable) hall = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GListStore) differences = g_list_store_new (YB_TYPE_QUERY_ROW);
  g_autoptr (GListStore) local_only = g_list_store_new (YB_TYPE_QUERY_ROW);
  g_autoptr (GListModel) drafts = NULL;
  g_auto (YbStmt) stmt = NULL;
  guint n;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (hall_people != NULL, NULL);

  n = json_array_get_length (hall_people);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (hall_people, i);
      JsonObject *person;
      const char *person_no;

      if (!JSON_NODE_HOLDS_OBJECT (element)
          || (person_no = _yb_json_object_get_text (json_node_get_object (element),
                                                    "person_no")) == NULL
          || *person_no == '\0')
        {
          g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                       _("Person %u of the hall’s roster has no person_no."), i + 1);
          return NULL;
        }
      person = json_node_get_object (element);
      if (json_object_get_boolean_member_with_default (person, "deleted", FALSE))
        continue;
      g_hash_table_insert (hall, (gpointer) person_no, person);
    }

  stmt = _yb_store_prepare (store,
                            "SELECT person_no, id_number, name, status, wage, base "
                            "FROM roster WHERE deleted = 0 ORDER BY name, id",
                            error);
  if (stmt == NULL)
    return NULL;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *person_no = (const char *) sqlite3_column_text (stmt, 0);
      const char *status = (const char *) sqlite3_column_text (stmt, 3);
      JsonObject *person = g_hash_table_lookup (hall, person_no);
      const char *hall_status;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (person == NULL)
        {
          add_row (local_only, YB_RECONCILE_LOCAL_ONLY, person_no,
                   (const char *) sqlite3_column_text (stmt, 1),
                   (const char *) sqlite3_column_text (stmt, 2), status, NULL, 0, NULL);
          continue;
        }
      g_hash_table_add (seen, (gpointer) _yb_json_object_get_text (person, "person_no"));
      hall_status = hall_text (person, "status");
      if (hall_status != NULL && status != NULL && g_strcmp0 (hall_status, status) != 0)
        add_row (differences, YB_RECONCILE_STATUS_DIFFERS, person_no,
                 (const char *) sqlite3_column_text (stmt, 1),
                 (const char *) sqlite3_column_text (stmt, 2), status, hall_status, 0, NULL);
      compare_money (differences, YB_RECONCILE_WAGE_DIFFERS, stmt, 4, person, "wage");
      compare_money (differences, YB_RECONCILE_BASE_DIFFERS, stmt, 5, person, "base");
    }

  /* The hall's people in the hall's order, then the rest. */
  for (guint i = 0; i < n; i++)
    {
      JsonObject *person = json_array_get_object_element (hall_people, i);
      const char *person_no = _yb_json_object_get_text (person, "person_no");

      if (json_object_get_boolean_member_with_default (person, "deleted", FALSE)
          || g_hash_table_contains (seen, person_no))
        continue;
      g_hash_table_add (seen, (gpointer) person_no);
      add_row (out, YB_RECONCILE_HALL_ONLY, person_no, hall_text (person, "id_number"),
               hall_text (person, "name"), NULL, hall_text (person, "status"), 0, NULL);
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (local_only)); i++)
    {
      g_autoptr (GObject) row = g_list_model_get_item (G_LIST_MODEL (local_only), i);

      g_list_store_append (out, row);
    }

  drafts = yb_store_declaration_list (store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT)
                                               | YB_DECLARATION_MASK_OUTBOX);
  for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
    {
      g_autoptr (YbStoreDeclaration) decl = g_list_model_get_item (drafts, i);
      g_autoptr (JsonNode) fields = NULL;
      const char *person_no = NULL;

      if (yb_store_declaration_get_fields (decl) != NULL)
        fields = json_from_string (yb_store_declaration_get_fields (decl), NULL);
      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
        person_no = _yb_json_object_get_text (json_node_get_object (fields), "person_no");
      add_row (out, YB_RECONCILE_DRAFT_NOT_SUBMITTED, person_no,
               yb_store_declaration_get_person_id_number (decl),
               yb_store_declaration_get_person_name (decl),
               yb_declaration_state_to_string (yb_store_declaration_get_state (decl)), NULL,
               yb_store_declaration_get_id (decl), yb_store_declaration_get_kind (decl));
    }

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (differences)); i++)
    {
      g_autoptr (GObject) row = g_list_model_get_item (G_LIST_MODEL (differences), i);

      g_list_store_append (out, row);
    }
  return G_LIST_MODEL (g_steal_pointer (&out));
}
