/* yb-store-declarations.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStore"

#include <glib/gi18n-lib.h>

#include "yb-declaration.h"
#include "yb-store-declaration-private.h"
#include "yb-store-private.h"

#define M(s) YB_DECLARATION_MASK (YB_DECLARATION_##s)

/* What one operation does once the state check passed, inside the transaction. */
typedef gboolean (*ApplyFunc) (YbStore  *self,
                               gint64    id,
                               gpointer  data,
                               GError  **error);

static const char *
state_label (YbDeclarationState state)
{
  switch (state)
    {
    case YB_DECLARATION_DRAFT:
      return _("draft");
    case YB_DECLARATION_QUEUED:
      return _("queued");
    case YB_DECLARATION_SENDING:
      return _("sending");
    case YB_DECLARATION_SEND_ERROR:
      return _("send failed");
    case YB_DECLARATION_SUBMITTED:
      return _("pending audit");
    case YB_DECLARATION_APPROVED:
      return _("approved");
    case YB_DECLARATION_REJECTED:
      return _("rejected");
    case YB_DECLARATION_WITHDRAWN:
      return _("withdrawn");
    default:
      g_assert_not_reached ();
    }
}

static gboolean
read_state (YbStore             *self,
            gint64               id,
            YbDeclarationState  *state,
            gint64              *attempts,
            GError             **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "SELECT state, attempts FROM declarations WHERE id = ?",
                                            error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND,
                   _("There is no declaration number %lld."), (long long) id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    {
      _yb_store_set_error (self, error, rc, "reading a declaration");
      return FALSE;
    }
  if (!yb_declaration_state_from_string ((const char *) sqlite3_column_text (stmt, 0), state))
    g_assert_not_reached ();
  if (attempts != NULL)
    *attempts = sqlite3_column_int64 (stmt, 1);
  return TRUE;
}

static gboolean
set_state (YbStore             *self,
           gint64               id,
           YbDeclarationState   to,
           GError             **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "UPDATE declarations SET state = ?2, updated_at = ?3 "
                                            "WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, yb_declaration_state_to_string (to), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, _yb_store_now ());
  return _yb_store_step_done (self, stmt, "changing a declaration", error);
}

/* One atomic step of a declaration's life: check the state, apply, move to @to, log. */
static gboolean
transition (YbStore             *self,
            gint64               id,
            guint                from_mask,
            YbDeclarationState   to,
            const char          *action,
            const char          *detail_json,
            ApplyFunc            apply,
            gpointer             data,
            GError             **error)
{
  YbDeclarationState from;

  if (!_yb_store_begin (self, error))
    return FALSE;
  if (!read_state (self, id, &from, NULL, error))
    goto fail;
  if ((from_mask & YB_DECLARATION_MASK (from)) == 0)
    {
      if (action != NULL && g_str_equal (action, "delete"))
        g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION,
                     _("Declaration %lld is %s and cannot be deleted."), (long long) id,
                     state_label (from));
      else if (action == NULL)
        g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_FROZEN,
                     _("Declaration %lld is %s: its fields can no longer change. "
                       "Copy it into a new draft to change it."),
                     (long long) id, state_label (from));
      else
        g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION,
                     _("Declaration %lld is %s and cannot become %s."), (long long) id,
                     state_label (from), state_label (to));
      goto fail;
    }
  if (apply != NULL && !apply (self, id, data, error))
    goto fail;
  if (from != to && !set_state (self, id, to, error))
    goto fail;
  if (action != NULL
      && _yb_store_log_append_locked (self, action, id, yb_declaration_state_to_string (from),
                                      yb_declaration_state_to_string (to), detail_json, error) < 0)
    goto fail;
  if (!_yb_store_commit (self, error))
    return FALSE;
  _yb_store_emit_changed (self, "declarations");
  return TRUE;

fail:
  _yb_store_rollback (self);
  return FALSE;
}

static gboolean
check_json (const char  *json,
            JsonNodeType type,
            const char  *what,
            GError     **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) parse_error = NULL;
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, &parse_error)
      || (root = json_parser_get_root (parser)) == NULL || JSON_NODE_TYPE (root) != type)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   type == JSON_NODE_OBJECT ? _("%s must be a JSON object.")
                                            : _("%s must be a JSON array."),
                   what);
      return FALSE;
    }
  return TRUE;
}

/* Inserts one draft and logs it, inside the caller's transaction (shared by single and bulk
 * creation, yb-store-bulk.c). Emits nothing: the caller commits and emits once. */
gint64
_yb_store_declaration_insert_locked (YbStore     *store,
                                     const char  *kind,
                                     const char  *fields_json,
                                     GError     **error)
{
  g_auto (YbStmt) stmt = NULL;
  YbDeclarationKind known;
  gint64 id;

  if (kind == NULL || *kind == '\0')
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("A declaration needs a kind."));
      return 0;
    }
  if (!yb_declaration_kind_from_string (kind, &known))
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("“%s” is not a kind of declaration."), kind);
      return 0;
    }
  if (fields_json == NULL)
    fields_json = "{}";
  if (!check_json (fields_json, JSON_NODE_OBJECT, "fields", error))
    return 0;
  stmt = _yb_store_prepare (store,
                            "INSERT INTO declarations (kind, state, fields, person_name, "
                            "person_id_number, created_at, updated_at) VALUES (?1, 'draft', ?2, "
                            "json_extract (?2, '$.name'), json_extract (?2, '$.id_number'), "
                            "?3, ?3)",
                            error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, fields_json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, _yb_store_now ());
  if (!_yb_store_step_done (store, stmt, "saving a draft", error))
    return 0;
  id = sqlite3_last_insert_rowid (_yb_store_get_db (store));
  if (_yb_store_log_append_locked (store, "create", id, NULL, "draft", NULL, error) < 0)
    return 0;
  return id;
}

/**
 * yb_store_declaration_create:
 * @store: a store
 * @kind: the declaration kind (`enrol_new`, `enrol_resume`, `reduce`, `person_change`,
 *   `base_declaration`, `unit_key_change`)
 * @fields_json: the fields, a JSON object keyed by core field names
 * @error: return location for an error
 *
 * Saves a new draft (and logs it).
 *
 * Returns: the new declaration's id, or 0 with @error set
 */
gint64
yb_store_declaration_create (YbStore     *store,
                             const char  *kind,
                             const char  *fields_json,
                             GError     **error)
{
  gint64 id;

  g_return_val_if_fail (YB_IS_STORE (store), 0);
  g_return_val_if_fail (kind != NULL, 0);

  if (!_yb_store_begin (store, error))
    return 0;
  id = _yb_store_declaration_insert_locked (store, kind, fields_json, error);
  if (id == 0 || !_yb_store_commit (store, error))
    {
      _yb_store_rollback (store);
      return 0;
    }
  _yb_store_emit_changed (store, "declarations");
  return id;
}

static GObject *
get_one (YbStore     *store,
         const char  *sql,
         gint64       id,
         const char  *text)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (store, sql, NULL);

  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return _yb_store_declaration_new_from_stmt (stmt);
}

/**
 * yb_store_declaration_get:
 * @store: a store
 * @id: a declaration id
 * @error: return location for an error (%YB_STORE_ERROR_NOT_FOUND)
 *
 * Returns: (transfer full): a snapshot of the declaration
 */
YbStoreDeclaration *
yb_store_declaration_get (YbStore  *store,
                          gint64    id,
                          GError  **error)
{
  GObject *object;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);

  object = get_one (store, "SELECT " DECLARATION_COLUMNS " FROM declarations WHERE id = ?", id,
                    NULL);
  if (object == NULL)
    g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND,
                 _("There is no declaration number %lld."), (long long) id);
  return (YbStoreDeclaration *) object;
}

/**
 * yb_store_declaration_lookup_hall_id:
 * @store: a store
 * @hall_id: the hall's declaration id
 *
 * Returns: (transfer full) (nullable): the declaration the hall knows by @hall_id
 */
YbStoreDeclaration *
yb_store_declaration_lookup_hall_id (YbStore    *store,
                                     const char *hall_id)
{
  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (hall_id != NULL, NULL);

  return (YbStoreDeclaration *) get_one (store,
                                         "SELECT " DECLARATION_COLUMNS " FROM declarations "
                                         "WHERE hall_id = ? ORDER BY id DESC LIMIT 1",
                                         0, hall_id);
}

static gboolean
apply_update (YbStore  *self,
              gint64    id,
              gpointer  data,
              GError  **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "UPDATE declarations SET fields = ?2, "
                                            "person_name = json_extract (?2, '$.name'), "
                                            "person_id_number = json_extract (?2, '$.id_number'), "
                                            "updated_at = ?3 WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, data, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, _yb_store_now ());
  return _yb_store_step_done (self, stmt, "saving a draft", error);
}

/**
 * yb_store_declaration_update:
 * @store: a store
 * @id: a draft's id
 * @fields_json: the new fields (JSON object)
 * @error: return location for an error
 *
 * Replaces a draft's fields. Refused with %YB_STORE_ERROR_FROZEN once the declaration left
 * the draft state: what was queued or submitted is what the hall gets or got. Edits are not
 * logged (they happen as the clerk types).
 *
 * Returns: %TRUE once saved
 */
gboolean
yb_store_declaration_update (YbStore     *store,
                             gint64       id,
                             const char  *fields_json,
                             GError     **error)
{
  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  if (!check_json (fields_json, JSON_NODE_OBJECT, "fields", error))
    return FALSE;
  return transition (store, id, M (DRAFT), YB_DECLARATION_DRAFT, NULL, NULL, apply_update,
                     (gpointer) fields_json, error);
}

static gboolean
apply_findings (YbStore  *self,
                gint64    id,
                gpointer  data,
                GError  **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "UPDATE declarations SET findings = ?2 WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, data, -1, SQLITE_STATIC);
  return _yb_store_step_done (self, stmt, "saving findings", error);
}

/**
 * yb_store_declaration_set_findings:
 * @store: a store
 * @id: a draft or queued declaration
 * @findings_json: (nullable): the latest findings of the rule check (JSON array), %NULL to
 *   clear
 * @error: return location for an error
 *
 * Returns: %TRUE once saved
 */
gboolean
yb_store_declaration_set_findings (YbStore     *store,
                                   gint64       id,
                                   const char  *findings_json,
                                   GError     **error)
{
  YbDeclarationState state;

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  if (findings_json != NULL && !check_json (findings_json, JSON_NODE_ARRAY, "findings", error))
    return FALSE;
  if (!read_state (store, id, &state, NULL, error))
    return FALSE;
  if (state != YB_DECLARATION_DRAFT && state != YB_DECLARATION_QUEUED)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_FROZEN,
                   _("Declaration %lld is %s: its check results can no longer "
                     "change."),
                   (long long) id, state_label (state));
      return FALSE;
    }
  return transition (store, id, M (DRAFT) | M (QUEUED), state, NULL, NULL, apply_findings,
                     (gpointer) findings_json, error);
}

static gboolean
apply_delete (YbStore  *self,
              gint64    id,
              gpointer  data,
              GError  **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self, "DELETE FROM declarations WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _yb_store_step_done (self, stmt, "deleting a draft", error);
}

/**
 * yb_store_declaration_delete:
 * @store: a store
 * @id: a draft's id
 * @error: return location for an error
 *
 * Deletes a draft. Anything that was queued stays (the hall may have it).
 *
 * Returns: %TRUE once deleted
 */
gboolean
yb_store_declaration_delete (YbStore  *store,
                             gint64    id,
                             GError  **error)
{
  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  /* The row is gone before the log line is written, so the log says "draft → draft". */
  return transition (store, id, M (DRAFT), YB_DECLARATION_DRAFT, "delete", NULL, apply_delete,
                     NULL, error);
}

static gboolean
apply_queue (YbStore  *self,
             gint64    id,
             gpointer  data,
             GError  **error)
{
  char **key_out = data;
  g_autofree char *fresh = g_uuid_string_random ();
  g_auto (YbStmt) stmt = NULL;
  g_auto (YbStmt) read = NULL;

  /* The key is made once and never replaced, so whatever happens later the hall can tell a
   * resend from a new declaration. */
  stmt = _yb_store_prepare (self,
                            "UPDATE declarations SET idempotency_key = "
                            "coalesce (idempotency_key, ?2), next_retry_at = NULL WHERE id = ?1",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, fresh, -1, SQLITE_STATIC);
  if (!_yb_store_step_done (self, stmt, "queueing a declaration", error))
    return FALSE;

  read = _yb_store_prepare (self, "SELECT idempotency_key FROM declarations WHERE id = ?", error);
  if (read == NULL)
    return FALSE;
  sqlite3_bind_int64 (read, 1, id);
  if (sqlite3_step (read) != SQLITE_ROW)
    {
      _yb_store_set_error (self, error, SQLITE_ERROR, "queueing a declaration");
      return FALSE;
    }
  *key_out = g_strdup ((const char *) sqlite3_column_text (read, 0));
  return TRUE;
}

/**
 * yb_store_declaration_queue:
 * @store: a store
 * @id: a draft's id
 * @error: return location for an error
 *
 * Puts a draft into the outbox. The first time, this makes its idempotency key (a random
 * UUID); the key never changes afterwards, even if the draft is taken back and queued again,
 * or the store is reopened.
 *
 * Returns: (transfer full): the idempotency key, or %NULL with @error set
 */
char *
yb_store_declaration_queue (YbStore  *store,
                            gint64    id,
                            GError  **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);

  if (!transition (store, id, M (DRAFT), YB_DECLARATION_QUEUED, "queue", NULL, apply_queue,
                   &key, error))
    return NULL;
  return g_steal_pointer (&key);
}

/**
 * yb_store_declaration_unqueue:
 * @store: a store
 * @id: a queued declaration that was never sent
 * @error: return location for an error
 *
 * Takes a declaration back out of the outbox into the drafts, keeping its key. Refused once a
 * send was started: the hall may have it already.
 *
 * Returns: %TRUE once done
 */
gboolean
yb_store_declaration_unqueue (YbStore  *store,
                              gint64    id,
                              GError  **error)
{
  YbDeclarationState state;
  gint64 attempts = 0;

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  if (!read_state (store, id, &state, &attempts, error))
    return FALSE;
  if (state == YB_DECLARATION_QUEUED && attempts > 0)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION,
                   _("Declaration %lld was already sent once and cannot go back "
                     "to the drafts."),
                   (long long) id);
      return FALSE;
    }
  return transition (store, id, M (QUEUED), YB_DECLARATION_DRAFT, "unqueue", NULL, NULL, NULL,
                     error);
}

static gboolean
apply_sending (YbStore  *self,
               gint64    id,
               gpointer  data,
               GError  **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "UPDATE declarations SET attempts = attempts + 1, "
                                            "next_retry_at = NULL WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  return _yb_store_step_done (self, stmt, "marking a declaration as sending", error);
}

/**
 * yb_store_declaration_mark_sending:
 * @store: a store
 * @id: a queued declaration, one whose send failed, or one left sending at start-up
 * @error: return location for an error
 *
 * Records, before the request leaves, that a send starts. If the application dies now, the
 * declaration is found in yb_store_declaration_list_sending() at the next start and sent
 * again with the same key.
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_declaration_mark_sending (YbStore  *store,
                                   gint64    id,
                                   GError  **error)
{
  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  return transition (store, id, M (QUEUED) | M (SEND_ERROR) | M (SENDING),
                     YB_DECLARATION_SENDING, "send", NULL, apply_sending, NULL, error);
}

static gboolean
apply_sending_fields (YbStore  *self,
                      gint64    id,
                      gpointer  data,
                      GError  **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "UPDATE declarations SET fields = ?2 WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, data, -1, SQLITE_STATIC);
  if (!_yb_store_step_done (self, stmt, "marking a declaration as sending", error))
    return FALSE;
  return apply_sending (self, id, NULL, error);
}

/**
 * yb_store_declaration_mark_sending_with_fields:
 * @store: a store
 * @id: a queued declaration, one whose send failed, or one left sending at start-up
 * @fields_json: the fields as they are sent (JSON object)
 * @error: return location for an error
 *
 * yb_store_declaration_mark_sending() that also replaces the fields, in the same transaction.
 * Only for the sync engine, which puts the hall's ids of uploaded materials in place of the
 * local references (`local:<id>`): what is recorded as sent is what the hall gets, and a
 * resend after a crash never uploads a material again.
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_declaration_mark_sending_with_fields (YbStore     *store,
                                               gint64       id,
                                               const char  *fields_json,
                                               GError     **error)
{
  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  if (!check_json (fields_json, JSON_NODE_OBJECT, "fields", error))
    return FALSE;
  return transition (store, id, M (QUEUED) | M (SEND_ERROR) | M (SENDING),
                     YB_DECLARATION_SENDING, "send", NULL, apply_sending_fields,
                     (gpointer) fields_json, error);
}

typedef struct
{
  const char *hall_id;
  const char *hall_status;
  const char *reason;
  const char *field_errors;
  const char *message;
  gint64      next_retry_at;
} Answer;

static gboolean
apply_accepted (YbStore  *self,
                gint64    id,
                gpointer  data,
                GError  **error)
{
  Answer *answer = data;
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "UPDATE declarations SET hall_id = ?2, "
                                            "hall_status = ?3, submitted_at = ?4, "
                                            "last_error = NULL, next_retry_at = NULL "
                                            "WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, answer->hall_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, answer->hall_status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, _yb_store_now ());
  return _yb_store_step_done (self, stmt, "recording the hall's answer", error);
}

/**
 * yb_store_declaration_record_accepted:
 * @store: a store
 * @id: a declaration being sent
 * @hall_id: the hall's declaration id
 * @hall_status: (nullable): the hall's status code, "pending" (待审核) if %NULL
 * @answer_json: (nullable): the hall's whole answer for this item, kept in the action log
 * @error: return location for an error
 *
 * The hall accepted the declaration; it now waits for audit.
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_declaration_record_accepted (YbStore     *store,
                                      gint64       id,
                                      const char  *hall_id,
                                      const char  *hall_status,
                                      const char  *answer_json,
                                      GError     **error)
{
  Answer answer = { .hall_id = hall_id, .hall_status = hall_status ? hall_status : "pending" };

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);
  g_return_val_if_fail (hall_id != NULL, FALSE);

  return transition (store, id, M (SENDING) | M (SEND_ERROR), YB_DECLARATION_SUBMITTED,
                     "accepted", answer_json, apply_accepted, &answer, error);
}

static gboolean
apply_rejected (YbStore  *self,
                gint64    id,
                gpointer  data,
                GError  **error)
{
  Answer *answer = data;
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "UPDATE declarations SET reject_reason = ?2, "
                                            "field_errors = ?3, hall_status = ?4, decided_at = ?5,"
                                            " next_retry_at = NULL WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, answer->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, answer->field_errors, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, answer->hall_status, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, _yb_store_now ());
  return _yb_store_step_done (self, stmt, "recording the hall's answer", error);
}

static char *
answer_detail (const char *reason,
               const char *field_errors)
{
  g_autoptr (GString) out = g_string_new ("{\"reason\":");
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_VALUE);

  if (reason != NULL)
    {
      json_node_set_string (node, reason);
      _yb_json_append_node (out, node);
    }
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"errors\":%s}", field_errors ? field_errors : "[]");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * yb_store_declaration_record_rejected:
 * @store: a store
 * @id: a declaration being sent
 * @reason: (nullable): the hall's reason
 * @field_errors_json: (nullable): the hall's `errors` (JSON array of {field, code, message})
 * @error: return location for an error
 *
 * The hall refused the declaration when it was submitted (outcome "rejected").
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_declaration_record_rejected (YbStore     *store,
                                      gint64       id,
                                      const char  *reason,
                                      const char  *field_errors_json,
                                      GError     **error)
{
  Answer answer = { .reason = reason, .field_errors = field_errors_json,
                    .hall_status = "rejected" };
  g_autofree char *detail = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  if (field_errors_json != NULL
      && !check_json (field_errors_json, JSON_NODE_ARRAY, "field_errors", error))
    return FALSE;
  detail = answer_detail (reason, field_errors_json);
  return transition (store, id, M (SENDING) | M (SEND_ERROR), YB_DECLARATION_REJECTED,
                     "rejected", detail, apply_rejected, &answer, error);
}

static gboolean
apply_send_error (YbStore  *self,
                  gint64    id,
                  gpointer  data,
                  GError  **error)
{
  Answer *answer = data;
  g_auto (YbStmt) stmt = _yb_store_prepare (self,
                                            "UPDATE declarations SET last_error = ?2, "
                                            "next_retry_at = ?3 WHERE id = ?1",
                                            error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, answer->message, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, answer->next_retry_at);
  return _yb_store_step_done (self, stmt, "recording a failed send", error);
}

/**
 * yb_store_declaration_record_send_error:
 * @store: a store
 * @id: a declaration being sent
 * @message: (nullable): why it failed (for the clerk)
 * @next_retry_at: Unix time of the next attempt
 * @error: return location for an error
 *
 * A send failed for a transient reason (network, 5xx, 429, window closed).
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_declaration_record_send_error (YbStore     *store,
                                        gint64       id,
                                        const char  *message,
                                        gint64       next_retry_at,
                                        GError     **error)
{
  Answer answer = { .message = message, .next_retry_at = next_retry_at };
  g_autoptr (GString) detail = g_string_new ("{\"message\":");
  g_autoptr (JsonNode) node = json_node_new (JSON_NODE_VALUE);

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  json_node_set_string (node, message ? message : "");
  _yb_json_append_node (detail, node);
  g_string_append_printf (detail, ",\"next_retry_at\":%" G_GINT64_FORMAT "}", next_retry_at);
  return transition (store, id, M (SENDING), YB_DECLARATION_SEND_ERROR, "send-error",
                     detail->str, apply_send_error, &answer, error);
}

/**
 * yb_store_declaration_record_audit:
 * @store: a store
 * @id: a submitted declaration
 * @result: %YB_DECLARATION_APPROVED, %YB_DECLARATION_REJECTED or %YB_DECLARATION_WITHDRAWN
 * @reason: (nullable): the hall's reason (for a rejection)
 * @field_errors_json: (nullable): field errors (JSON array), if the hall gave any
 * @error: return location for an error
 *
 * Mirrors the hall's audit result (or a withdrawal).
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_declaration_record_audit (YbStore             *store,
                                   gint64               id,
                                   YbDeclarationState   result,
                                   const char          *reason,
                                   const char          *field_errors_json,
                                   GError             **error)
{
  Answer answer = { .reason = reason, .field_errors = field_errors_json };
  g_autofree char *detail = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);

  if (result != YB_DECLARATION_APPROVED && result != YB_DECLARATION_REJECTED
      && result != YB_DECLARATION_WITHDRAWN)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION,
                   _("An audit result must be approved, rejected or withdrawn, not %s."),
                   state_label (result));
      return FALSE;
    }
  if (field_errors_json != NULL
      && !check_json (field_errors_json, JSON_NODE_ARRAY, "field_errors", error))
    return FALSE;
  answer.hall_status = yb_declaration_state_to_string (result);
  detail = answer_detail (reason, field_errors_json);
  return transition (store, id, M (SUBMITTED), result, "audit", detail, apply_rejected, &answer,
                     error);
}

/**
 * yb_store_declaration_copy_to_draft:
 * @store: a store
 * @id: a rejected (or withdrawn) declaration
 * @error: return location for an error
 *
 * Makes a new draft with the same kind and fields, to fix and submit again (with a new key).
 * The hall's reason and field errors are kept on the draft for display (hall-feedback).
 *
 * Returns: the new draft's id, or 0 with @error set
 */
gint64
yb_store_declaration_copy_to_draft (YbStore  *store,
                                    gint64    id,
                                    GError  **error)
{
  g_auto (YbStmt) stmt = NULL;
  YbDeclarationState state;
  g_autofree char *detail = NULL;
  gint64 copy;

  g_return_val_if_fail (YB_IS_STORE (store), 0);

  if (!_yb_store_begin (store, error))
    return 0;
  if (!read_state (store, id, &state, NULL, error))
    goto fail;
  if (state != YB_DECLARATION_REJECTED && state != YB_DECLARATION_WITHDRAWN)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION,
                   _("Declaration %lld is %s; only rejected or withdrawn "
                     "declarations are copied into a new draft."),
                   (long long) id, state_label (state));
      goto fail;
    }
  stmt = _yb_store_prepare (store,
                            "INSERT INTO declarations (kind, state, fields, person_name, "
                            "person_id_number, copied_from, hall_feedback, created_at, "
                            "updated_at) SELECT kind, 'draft', fields, person_name, "
                            "person_id_number, id, json_object ('reason', reject_reason, "
                            "'errors', json (coalesce (field_errors, '[]'))), ?2, ?2 "
                            "FROM declarations WHERE id = ?1",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, _yb_store_now ());
  if (!_yb_store_step_done (store, stmt, "copying a declaration", error))
    goto fail;
  copy = sqlite3_last_insert_rowid (_yb_store_get_db (store));
  detail = g_strdup_printf ("{\"copied_from\":%" G_GINT64_FORMAT "}", id);
  if (_yb_store_log_append_locked (store, "copy", copy, NULL, "draft", detail, error) < 0
      || !_yb_store_commit (store, error))
    goto fail;
  _yb_store_emit_changed (store, "declarations");
  return copy;

fail:
  _yb_store_rollback (store);
  return 0;
}

static char *
mask_to_list (guint mask)
{
  GString *out = g_string_new (",");

  for (guint i = 0; i < YB_DECLARATION_N_STATES; i++)
    if (mask & (1u << i))
      g_string_append_printf (out, "%s,", yb_declaration_state_to_string (i));
  return g_string_free (out, FALSE);
}

/**
 * yb_store_declaration_list:
 * @store: a store
 * @state_mask: states to list, built with YB_DECLARATION_MASK()
 *
 * A list of #YbStoreDeclaration, newest first, paged from the database. Like the roster
 * model it is a snapshot: make a new one on #YbStore::changed for "declarations".
 *
 * Returns: (transfer full): the list
 */
GListModel *
yb_store_declaration_list (YbStore *store,
                           guint    state_mask)
{
  static const char page_sql[] = "SELECT " DECLARATION_COLUMNS " FROM declarations "
                                 "WHERE instr (:states, ',' || state || ',') > 0 "
                                 "ORDER BY id DESC LIMIT :limit OFFSET :offset";
  static const char count_sql[] = "SELECT count(*) FROM declarations "
                                  "WHERE instr (:states, ',' || state || ',') > 0";
  g_autofree char *states = mask_to_list (state_mask);
  YbPagedModel *model;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);

  model = _yb_paged_model_new (store, YB_TYPE_STORE_DECLARATION, page_sql, 0,
                               _yb_store_declaration_new_from_stmt);
  _yb_paged_model_bind_text (model, ":states", states);
  _yb_paged_model_set_n_items (model, _yb_store_count_query (store, count_sql, model));
  return G_LIST_MODEL (model);
}

/**
 * yb_store_declaration_count:
 * @store: a store
 * @state_mask: states to count, built with YB_DECLARATION_MASK()
 *
 * Returns: the number of declarations in those states
 */
guint
yb_store_declaration_count (YbStore *store,
                            guint    state_mask)
{
  g_autoptr (GListModel) list = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), 0);

  list = yb_store_declaration_list (store, state_mask);
  return g_list_model_get_n_items (list);
}

/**
 * yb_store_declaration_count_badges:
 * @store: a store
 * @waiting: (out) (optional): declarations in the outbox (queued, sending, send failed)
 * @rejected: (out) (optional): rejected declarations not yet copied into a new draft
 *
 * The numbers of the sidebar badge.
 */
void
yb_store_declaration_count_badges (YbStore *store,
                                   guint   *waiting,
                                   guint   *rejected)
{
  g_return_if_fail (YB_IS_STORE (store));

  if (waiting != NULL)
    *waiting = yb_store_declaration_count (store, YB_DECLARATION_MASK_OUTBOX);
  if (rejected != NULL)
    *rejected = _yb_store_count_query (store,
                                       "SELECT count(*) FROM declarations AS d "
                                       "WHERE state = 'rejected' AND NOT EXISTS (SELECT 1 "
                                       "FROM declarations AS c WHERE c.copied_from = d.id)",
                                       NULL);
}

static GPtrArray *
list_where (YbStore    *store,
            const char *sql,
            gint64      param)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (store, sql, NULL);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  if (stmt == NULL)
    return out;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, _yb_store_declaration_new_from_stmt (stmt));
  return out;
}

/**
 * yb_store_declaration_list_sending:
 * @store: a store
 *
 * For crash recovery at start-up: declarations whose send started but whose answer was never
 * recorded. The sync engine sends them again with their same idempotency keys.
 *
 * Returns: (transfer full) (element-type YbStoreDeclaration): oldest first
 */
GPtrArray *
yb_store_declaration_list_sending (YbStore *store)
{
  g_return_val_if_fail (YB_IS_STORE (store), NULL);

  return list_where (store,
                     "SELECT " DECLARATION_COLUMNS " FROM declarations WHERE state = 'sending' "
                     "ORDER BY id",
                     0);
}

/**
 * yb_store_declaration_list_due:
 * @store: a store
 * @now: Unix time
 *
 * Returns: (transfer full) (element-type YbStoreDeclaration): queued declarations and failed
 *   sends whose retry time has come, oldest first
 */
GPtrArray *
yb_store_declaration_list_due (YbStore *store,
                               gint64   now)
{
  g_return_val_if_fail (YB_IS_STORE (store), NULL);

  return list_where (store,
                     "SELECT " DECLARATION_COLUMNS " FROM declarations WHERE state = 'queued' "
                     "OR (state = 'send-error' AND coalesce (next_retry_at, 0) <= ?1) "
                     "ORDER BY id",
                     now);
}

static gboolean
hall_status_to_state (const char         *status,
                      YbDeclarationState *state)
{
  static const struct
  {
    const char        *status;
    YbDeclarationState state;
  } map[] = {
    { "pending", YB_DECLARATION_SUBMITTED },
    { "approved", YB_DECLARATION_APPROVED },
    { "rejected", YB_DECLARATION_REJECTED },
    { "withdrawn", YB_DECLARATION_WITHDRAWN },
  };

  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (status, map[i].status))
      {
        *state = map[i].state;
        return TRUE;
      }
  return FALSE;
}

static gint64
find_local (YbStore    *store,
            const char *key,
            const char *hall_id)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (store,
                                            "SELECT id FROM declarations WHERE "
                                            "(?1 IS NOT NULL AND idempotency_key = ?1) "
                                            "OR hall_id = ?2 ORDER BY id LIMIT 1",
                                            NULL);

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hall_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return 0;
  return sqlite3_column_int64 (stmt, 0);
}

static char *
errors_json (JsonObject *hall)
{
  JsonNode *node = json_object_get_member (hall, "errors");

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return _yb_json_node_to_string (node);
}

static gint64
insert_mirror (YbStore             *store,
               JsonObject          *hall,
               YbDeclarationState   state,
               GError             **error)
{
  g_auto (YbStmt) stmt = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *errors = errors_json (hall);
  g_autofree char *detail = NULL;
  JsonNode *node = json_object_get_member (hall, "fields");
  const char *kind = _yb_json_object_get_text (hall, "kind");
  gint64 id, now = _yb_store_now ();

  fields = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? _yb_json_node_to_string (node)
                                                         : g_strdup ("{}");
  if (!_yb_store_begin (store, error))
    return 0;
  stmt = _yb_store_prepare (store,
                            "INSERT INTO declarations (kind, state, fields, person_name, "
                            "person_id_number, idempotency_key, hall_id, hall_status, "
                            "reject_reason, field_errors, created_at, updated_at, submitted_at, "
                            "decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                            "?11, ?11, CASE WHEN ?2 = 'submitted' THEN NULL ELSE ?11 END)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, kind ? kind : "unknown", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, yb_declaration_state_to_string (state), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, fields, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, _yb_json_object_get_text (hall, "name"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, _yb_json_object_get_text (hall, "id_number"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, _yb_json_object_get_text (hall, "idempotency_key"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, _yb_json_object_get_text (hall, "declaration_id"), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, _yb_json_object_get_text (hall, "status"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, _yb_json_object_get_text (hall, "reason"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, errors, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, now);
  if (!_yb_store_step_done (store, stmt, "mirroring a declaration", error))
    goto fail;
  id = sqlite3_last_insert_rowid (_yb_store_get_db (store));
  {
    g_autoptr (JsonNode) hall_node = json_node_init_object (json_node_alloc (), hall);

    detail = _yb_json_node_to_string (hall_node);
  }
  if (_yb_store_log_append_locked (store, "mirror", id, NULL,
                                   yb_declaration_state_to_string (state), detail, error) < 0
      || !_yb_store_commit (store, error))
    goto fail;
  _yb_store_emit_changed (store, "declarations");
  return id;

fail:
  _yb_store_rollback (store);
  return 0;
}

/**
 * yb_store_declaration_mirror:
 * @store: a store
 * @hall_declaration: one entry of the hall's declaration list (`GET …/declarations`)
 * @error: return location for an error
 *
 * Brings the local copy in line with what the hall says about a declaration. A declaration
 * sent from here (found by its idempotency key or hall id) follows the hall: an answer lost
 * with a dropped connection is recorded as accepted, an audit result is recorded. One the hall
 * has but this store never saw (declared at the counter or on the web hall) is added in the
 * hall's state. Nothing changes if the local state already agrees.
 *
 * Returns: the local id, or 0 with @error set (%YB_STORE_ERROR_INVALID_INPUT if
 *   `declaration_id` or `status` is missing or unknown, %YB_STORE_ERROR_INVALID_TRANSITION if
 *   the hall's state cannot follow the local one, e.g. pending after approved)
 */
gint64
yb_store_declaration_mirror (YbStore     *store,
                             JsonObject  *hall_declaration,
                             GError     **error)
{
  const char *hall_id, *status, *reason;
  g_autofree char *errors = NULL;
  YbDeclarationState target, local;
  gint64 id;

  g_return_val_if_fail (YB_IS_STORE (store), 0);
  g_return_val_if_fail (hall_declaration != NULL, 0);

  hall_id = _yb_json_object_get_text (hall_declaration, "declaration_id");
  status = _yb_json_object_get_text (hall_declaration, "status");
  if (hall_id == NULL || *hall_id == '\0')
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("The hall sent a declaration without declaration_id."));
      return 0;
    }
  if (!hall_status_to_state (status, &target))
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("The hall sent declaration %s with an unknown status."), hall_id);
      return 0;
    }
  reason = _yb_json_object_get_text (hall_declaration, "reason");
  errors = errors_json (hall_declaration);

  id = find_local (store, _yb_json_object_get_text (hall_declaration, "idempotency_key"),
                   hall_id);
  if (id == 0)
    return insert_mirror (store, hall_declaration, target, error);

  if (!read_state (store, id, &local, NULL, error))
    return 0;
  if (local == target)
    return id;
  if (local == YB_DECLARATION_QUEUED || local == YB_DECLARATION_SENDING
      || local == YB_DECLARATION_SEND_ERROR)
    {
      /* The hall has it although no answer was recorded here (lost with the connection). */
      if (local == YB_DECLARATION_QUEUED
          && !yb_store_declaration_mark_sending (store, id, error))
        return 0;
      if (!yb_store_declaration_record_accepted (store, id, hall_id, "pending", NULL, error))
        return 0;
      if (target == YB_DECLARATION_SUBMITTED)
        return id;
    }
  if (!yb_store_declaration_record_audit (store, id, target, reason, errors, error))
    return 0;
  return id;
}
