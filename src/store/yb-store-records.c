/* yb-store-records.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStore"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-payment-row-private.h"
#include "yb-store-log-entry-private.h"
#include "yb-store-private.h"
#include "yb-store-queries.h"

/* --- action log ------------------------------------------------------------------------- */

gint64
_yb_store_log_append_locked (YbStore     *self,
                             const char  *action,
                             gint64       declaration_id,
                             const char  *from_state,
                             const char  *to_state,
                             const char  *detail_json,
                             GError     **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "INSERT INTO action_log (at, action, declaration_id, "
                                            "from_state, to_state, detail) "
                                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                            error);

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, _yb_store_now ());
  sqlite3_bind_text (stmt, 2, action, -1, SQLITE_STATIC);
  if (declaration_id > 0)
    sqlite3_bind_int64 (stmt, 3, declaration_id);
  sqlite3_bind_text (stmt, 4, from_state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, to_state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, detail_json, -1, SQLITE_STATIC);
  if (!_yb_store_step_done (self, stmt, "writing the action log", error))
    return -1;
  return sqlite3_last_insert_rowid (_yb_store_get_db (self));
}

/**
 * yb_store_log_append:
 * @self: a store
 * @action: what was done (a stable code such as "print-certificate")
 * @declaration_id: the declaration concerned, or 0
 * @detail_json: (nullable): JSON detail, e.g. the hall's answer; never secrets
 * @error: return location for an error
 *
 * Appends to the action log. Declaration transitions log themselves; this is for other
 * actions. Entries can never be changed or removed (triggers refuse it).
 *
 * Returns: the entry's id, or -1 with @error set
 */
gint64
yb_store_log_append (YbStore     *self,
                     const char  *action,
                     gint64       declaration_id,
                     const char  *detail_json,
                     GError     **error)
{
  gint64 id;

  g_return_val_if_fail (YB_IS_STORE (self), -1);
  g_return_val_if_fail (action != NULL, -1);

  id = _yb_store_log_append_locked (self, action, declaration_id, NULL, NULL, detail_json, error);
  if (id > 0)
    _yb_store_emit_changed (self, "log");
  return id;
}

/**
 * yb_store_log_list:
 * @self: a store
 * @declaration_id: only this declaration's entries, or 0 for all
 *
 * Returns: (transfer full): a paging list of #YbStoreLogEntry, oldest first
 */
GListModel *
yb_store_log_list (YbStore *self,
                   gint64   declaration_id)
{
  static const char all_sql[] = "SELECT " LOG_ENTRY_COLUMNS " FROM action_log ORDER BY id "
                                "LIMIT :limit OFFSET :offset";
  static const char one_sql[] = "SELECT " LOG_ENTRY_COLUMNS " FROM action_log "
                                "WHERE declaration_id = :decl ORDER BY id "
                                "LIMIT :limit OFFSET :offset";
  YbPagedModel *model;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);

  model = _yb_paged_model_new (self, YB_TYPE_STORE_LOG_ENTRY,
                               declaration_id > 0 ? one_sql : all_sql, 0,
                               _yb_store_log_entry_new_from_stmt);
  if (declaration_id > 0)
    {
      _yb_paged_model_bind_int64 (model, ":decl", declaration_id);
      _yb_paged_model_set_n_items (model,
                                   _yb_store_count_query (self,
                                                          "SELECT count(*) FROM action_log "
                                                          "WHERE declaration_id = :decl",
                                                          model));
    }
  else
    _yb_paged_model_set_n_items (model, _yb_store_count_query (self,
                                                               "SELECT count(*) FROM action_log",
                                                               model));
  return G_LIST_MODEL (model);
}

/* --- payments --------------------------------------------------------------------------- */

/**
 * yb_store_payments_replace:
 * @self: a store
 * @unit_totals: %TRUE for the unit's totals per period and insurance type, %FALSE for the
 *   employees' monthly records
 * @from_period: first month (YYYYMM) the hall answered for
 * @to_period: last month (YYYYMM)
 * @payments: (element-type JsonObject): the hall's `payments` entries for that range
 * @error: return location for an error
 *
 * Replaces the cached payment details of those months with the hall's latest answer, in one
 * transaction. Amounts are kept in cents as well as in the hall's JSON.
 *
 * Returns: %TRUE once committed; %FALSE with %YB_STORE_ERROR_INVALID_INPUT naming the entry and
 *   field if an entry is malformed (nothing is replaced then)
 */
gboolean
yb_store_payments_replace (YbStore     *self,
                           gboolean     unit_totals,
                           const char  *from_period,
                           const char  *to_period,
                           JsonArray   *payments,
                           GError     **error)
{
  /* The same as the answer to a query about everyone and every insurance type. */
  return yb_store_queries_replace_payments (self, unit_totals, NULL, NULL, from_period,
                                            to_period, payments, error);
}

/**
 * yb_store_payments_list:
 * @self: a store
 * @unit_totals: %TRUE for the unit's totals, %FALSE for employees' records
 * @person_no: (nullable): only this person's records (ignored for unit totals)
 * @from_period: first month (YYYYMM)
 * @to_period: last month (YYYYMM)
 *
 * Returns: (transfer full): the cached entries as the hall sent them, by period, person and
 *   insurance type
 */
JsonArray *
yb_store_payments_list (YbStore    *self,
                        gboolean    unit_totals,
                        const char *person_no,
                        const char *from_period,
                        const char *to_period)
{
  g_auto (YbStmt) stmt = NULL;
  JsonArray *out = json_array_new ();

  g_return_val_if_fail (YB_IS_STORE (self), out);
  g_return_val_if_fail (from_period != NULL && to_period != NULL, out);

  stmt = _yb_store_prepare (self,
                            "SELECT data FROM payments WHERE period BETWEEN ?1 AND ?2 "
                            "AND CASE WHEN ?3 THEN person_no = '' "
                            "ELSE person_no <> '' AND (?4 IS NULL OR person_no = ?4) END "
                            "ORDER BY period, person_no, insurance",
                            NULL);
  if (stmt == NULL)
    return out;
  sqlite3_bind_text (stmt, 1, from_period, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to_period, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, unit_totals);
  sqlite3_bind_text (stmt, 4, person_no, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      JsonNode *node = json_from_string ((const char *) sqlite3_column_text (stmt, 0), NULL);

      if (node != NULL)
        json_array_add_element (out, node);
    }
  return out;
}

/**
 * yb_store_payments_list_model:
 * @self: a store
 * @unit_totals: %TRUE for the unit's totals, %FALSE for employees' records
 * @person_no: (nullable): only this person's records (ignored for unit totals)
 * @from_period: first month (YYYYMM)
 * @to_period: last month (YYYYMM)
 *
 * The same rows as yb_store_payments_list(), as a list of #YbPaymentRow that pages from the
 * database (36 months of a large unit are millions of rows). A snapshot, like the other lists.
 *
 * Returns: (transfer full): the list, by period, person and insurance type
 */
GListModel *
yb_store_payments_list_model (YbStore    *self,
                              gboolean    unit_totals,
                              const char *person_no,
                              const char *from_period,
                              const char *to_period)
{
#define PAYMENTS_WHERE                                                                         \
  "FROM payments WHERE period BETWEEN :from AND :to AND CASE WHEN :unit THEN person_no = '' " \
  "ELSE person_no <> '' AND (:person IS NULL OR person_no = :person) END "
  static const char page_sql[] = "SELECT " PAYMENT_ROW_COLUMNS " " PAYMENTS_WHERE
                                 "ORDER BY period, person_no, insurance "
                                 "LIMIT :limit OFFSET :offset";
  static const char count_sql[] = "SELECT count(*) " PAYMENTS_WHERE;
#undef PAYMENTS_WHERE
  YbPagedModel *model;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);
  g_return_val_if_fail (from_period != NULL && to_period != NULL, NULL);

  model = _yb_paged_model_new (self, YB_TYPE_PAYMENT_ROW, page_sql, 0,
                               _yb_payment_row_new_from_stmt);
  _yb_paged_model_bind_text (model, ":from", from_period);
  _yb_paged_model_bind_text (model, ":to", to_period);
  _yb_paged_model_bind_int64 (model, ":unit", unit_totals ? 1 : 0);
  _yb_paged_model_bind_text (model, ":person", unit_totals ? NULL : person_no);
  _yb_paged_model_set_n_items (model, _yb_store_count_query (self, count_sql, model));
  return G_LIST_MODEL (model);
}

/* --- materials -------------------------------------------------------------------------- */

/**
 * yb_store_material_add:
 * @self: a store
 * @local_path: a file the clerk picked (a scan, a photo, a PDF)
 * @error: return location for an error
 *
 * Records a material to upload: its path, SHA-256, size and content type. The file is read
 * once, here; call it from a worker thread for large files.
 *
 * Returns: the material's id, or 0 with @error set (%YB_STORE_ERROR_INVALID_INPUT if the file
 *   cannot be read)
 */
gint64
yb_store_material_add (YbStore     *self,
                       const char  *local_path,
                       GError     **error)
{
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *guessed = NULL;
  g_autofree char *mime = NULL;
  g_auto (YbStmt) stmt = NULL;
  const guchar *bytes;
  gsize size;

  g_return_val_if_fail (YB_IS_STORE (self), 0);
  g_return_val_if_fail (local_path != NULL, 0);

  mapped = g_mapped_file_new (local_path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("The material file %s cannot be read: %s"), local_path,
                   local_error->message);
      return 0;
    }
  bytes = (const guchar *) g_mapped_file_get_contents (mapped);
  size = g_mapped_file_get_length (mapped);
  sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, bytes ? bytes : (const guchar *) "", size);
  guessed = g_content_type_guess (local_path, bytes, MIN (size, 4096), NULL);
  mime = g_content_type_get_mime_type (guessed);

  stmt = _yb_store_prepare (self,
                            "INSERT INTO materials (local_path, sha256, size, content_type, "
                            "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                            error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, local_path, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, sha, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, (gint64) size);
  sqlite3_bind_text (stmt, 4, mime ? mime : "application/octet-stream", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, _yb_store_now ());
  if (!_yb_store_step_done (self, stmt, "saving a material", error))
    return 0;
  _yb_store_emit_changed (self, "materials");
  return sqlite3_last_insert_rowid (_yb_store_get_db (self));
}

/**
 * yb_store_material_set_hall_id:
 * @self: a store
 * @material_id: the local id
 * @hall_material_id: the hall's `material_id` after the upload
 * @error: return location for an error
 *
 * Returns: %TRUE once saved
 */
gboolean
yb_store_material_set_hall_id (YbStore     *self,
                               gint64       material_id,
                               const char  *hall_material_id,
                               GError     **error)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (hall_material_id != NULL, FALSE);

  stmt = _yb_store_prepare (self,
                            "UPDATE materials SET hall_material_id = ?2, uploaded_at = ?3 "
                            "WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, material_id);
  sqlite3_bind_text (stmt, 2, hall_material_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, _yb_store_now ());
  if (!_yb_store_step_done (self, stmt, "saving a material", error))
    return FALSE;
  if (sqlite3_changes (_yb_store_get_db (self)) == 0)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND,
                   _("There is no material number %lld."), (long long) material_id);
      return FALSE;
    }
  _yb_store_emit_changed (self, "materials");
  return TRUE;
}

/**
 * yb_store_material_get:
 * @self: a store
 * @material_id: the local id
 *
 * Returns: (transfer full) (nullable): {id, local_path, sha256, size, content_type,
 *   hall_material_id}, or %NULL if unknown
 */
JsonObject *
yb_store_material_get (YbStore *self,
                       gint64   material_id)
{
  g_auto (YbStmt) stmt = NULL;
  JsonObject *out;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);

  stmt = _yb_store_prepare (self,
                            "SELECT local_path, sha256, size, content_type, hall_material_id "
                            "FROM materials WHERE id = ?",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, material_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  out = json_object_new ();
  json_object_set_int_member (out, "id", material_id);
  json_object_set_string_member (out, "local_path", (const char *) sqlite3_column_text (stmt, 0));
  json_object_set_string_member (out, "sha256", (const char *) sqlite3_column_text (stmt, 1));
  json_object_set_int_member (out, "size", sqlite3_column_int64 (stmt, 2));
  json_object_set_string_member (out, "content_type",
                                 (const char *) sqlite3_column_text (stmt, 3));
  if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
    json_object_set_null_member (out, "hall_material_id");
  else
    json_object_set_string_member (out, "hall_material_id",
                                   (const char *) sqlite3_column_text (stmt, 4));
  return out;
}
