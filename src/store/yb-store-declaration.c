/* yb-store-declaration.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStoreDeclaration"

#include "yb-finding.h"
#include "yb-store-declaration-private.h"
#include "yb-store-private.h"

enum
{
  T_KIND,
  T_STATE,
  T_FIELDS,
  T_FINDINGS,
  T_PERSON_NAME,
  T_PERSON_ID_NUMBER,
  T_IDEMPOTENCY_KEY,
  T_HALL_ID,
  T_HALL_STATUS,
  T_REJECT_REASON,
  T_FIELD_ERRORS,
  T_HALL_FEEDBACK,
  T_LAST_ERROR,
  N_TEXT
};

struct _YbStoreDeclaration
{
  GObject            parent_instance;

  gint64             id;
  YbDeclarationState state;
  char              *text[N_TEXT];
  guint              attempts;
  gint64             next_retry_at;
  gint64             copied_from;
  gint64             created_at;
  gint64             updated_at;
};

G_DEFINE_FINAL_TYPE (YbStoreDeclaration, yb_store_declaration, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ID,
  PROP_KIND,
  PROP_STATE_NAME,
  PROP_PERSON_NAME,
  PROP_PERSON_ID_NUMBER,
  PROP_HALL_STATUS,
  PROP_REJECT_REASON,
  PROP_UPDATED_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const state_names[YB_DECLARATION_N_STATES] = {
  [YB_DECLARATION_DRAFT] = "draft",
  [YB_DECLARATION_QUEUED] = "queued",
  [YB_DECLARATION_SENDING] = "sending",
  [YB_DECLARATION_SEND_ERROR] = "send-error",
  [YB_DECLARATION_SUBMITTED] = "submitted",
  [YB_DECLARATION_APPROVED] = "approved",
  [YB_DECLARATION_REJECTED] = "rejected",
  [YB_DECLARATION_WITHDRAWN] = "withdrawn",
};

/**
 * yb_declaration_state_to_string:
 * @state: a state
 *
 * Returns: the stable code stored for @state
 */
const char *
yb_declaration_state_to_string (YbDeclarationState state)
{
  g_return_val_if_fail (state < YB_DECLARATION_N_STATES, NULL);
  return state_names[state];
}

/**
 * yb_declaration_state_from_string:
 * @text: a stable code
 * @state: (out): the state
 *
 * Returns: %TRUE if @text names a state
 */
gboolean
yb_declaration_state_from_string (const char         *text,
                                  YbDeclarationState *state)
{
  for (guint i = 0; text != NULL && i < YB_DECLARATION_N_STATES; i++)
    if (g_str_equal (text, state_names[i]))
      {
        *state = i;
        return TRUE;
      }
  return FALSE;
}

static void
yb_store_declaration_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  YbStoreDeclaration *self = YB_STORE_DECLARATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_KIND:
      g_value_set_string (value, self->text[T_KIND]);
      break;
    case PROP_STATE_NAME:
      g_value_set_string (value, self->text[T_STATE]);
      break;
    case PROP_PERSON_NAME:
      g_value_set_string (value, self->text[T_PERSON_NAME]);
      break;
    case PROP_PERSON_ID_NUMBER:
      g_value_set_string (value, self->text[T_PERSON_ID_NUMBER]);
      break;
    case PROP_HALL_STATUS:
      g_value_set_string (value, self->text[T_HALL_STATUS]);
      break;
    case PROP_REJECT_REASON:
      g_value_set_string (value, self->text[T_REJECT_REASON]);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, self->updated_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_store_declaration_finalize (GObject *object)
{
  YbStoreDeclaration *self = YB_STORE_DECLARATION (object);

  for (guint i = 0; i < N_TEXT; i++)
    g_free (self->text[i]);

  G_OBJECT_CLASS (yb_store_declaration_parent_class)->finalize (object);
}

static void
yb_store_declaration_class_init (YbStoreDeclarationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = yb_store_declaration_get_property;
  object_class->finalize = yb_store_declaration_finalize;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_KIND] = g_param_spec_string ("kind", NULL, NULL, NULL, flags);
  properties[PROP_STATE_NAME] = g_param_spec_string ("state-name", NULL, NULL, NULL, flags);
  properties[PROP_PERSON_NAME] = g_param_spec_string ("person-name", NULL, NULL, NULL, flags);
  properties[PROP_PERSON_ID_NUMBER] = g_param_spec_string ("person-id-number", NULL, NULL, NULL,
                                                           flags);
  properties[PROP_HALL_STATUS] = g_param_spec_string ("hall-status", NULL, NULL, NULL, flags);
  properties[PROP_REJECT_REASON] = g_param_spec_string ("reject-reason", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                                                    flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_store_declaration_init (YbStoreDeclaration *self)
{
}

GObject *
_yb_store_declaration_new_from_stmt (sqlite3_stmt *stmt)
{
  YbStoreDeclaration *self = g_object_new (YB_TYPE_STORE_DECLARATION, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  for (int i = 0; i < N_TEXT; i++)
    self->text[i] = g_strdup ((const char *) sqlite3_column_text (stmt, 1 + i));
  if (!yb_declaration_state_from_string (self->text[T_STATE], &self->state))
    g_assert_not_reached ();  /* a CHECK constraint guards the column */
  self->attempts = (guint) sqlite3_column_int64 (stmt, 1 + N_TEXT);
  self->next_retry_at = sqlite3_column_int64 (stmt, 2 + N_TEXT);
  self->copied_from = sqlite3_column_int64 (stmt, 3 + N_TEXT);
  self->created_at = sqlite3_column_int64 (stmt, 4 + N_TEXT);
  self->updated_at = sqlite3_column_int64 (stmt, 5 + N_TEXT);
  return G_OBJECT (self);
}

#define TEXT_GETTER(fn, index)                                                                 \
  const char *yb_store_declaration_get_##fn (YbStoreDeclaration *self)                        \
  {                                                                                            \
    g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), NULL);                              \
    return self->text[index];                                                                  \
  }

/**
 * yb_store_declaration_get_kind:
 * @self: a declaration
 *
 * Returns: the kind (`enrol_new`, `reduce`, …)
 */
TEXT_GETTER (kind, T_KIND)
/**
 * yb_store_declaration_get_fields:
 * @self: a declaration
 *
 * Returns: the fields, a JSON object keyed by core field names
 */
TEXT_GETTER (fields, T_FIELDS)
/**
 * yb_store_declaration_get_findings:
 * @self: a declaration
 *
 * Returns: (nullable): the latest findings of the rule check, as JSON
 */
TEXT_GETTER (findings, T_FINDINGS)
/**
 * yb_store_declaration_get_person_name:
 * @self: a declaration
 *
 * Returns: (nullable): the `name` field, for lists
 */
TEXT_GETTER (person_name, T_PERSON_NAME)
/**
 * yb_store_declaration_get_person_id_number:
 * @self: a declaration
 *
 * Returns: (nullable): the `id_number` field, for lists
 */
TEXT_GETTER (person_id_number, T_PERSON_ID_NUMBER)
/**
 * yb_store_declaration_get_idempotency_key:
 * @self: a declaration
 *
 * Returns: (nullable): the key made when it was first queued, %NULL before
 */
TEXT_GETTER (idempotency_key, T_IDEMPOTENCY_KEY)
/**
 * yb_store_declaration_get_hall_id:
 * @self: a declaration
 *
 * Returns: (nullable): the hall's declaration id once accepted
 */
TEXT_GETTER (hall_id, T_HALL_ID)
/**
 * yb_store_declaration_get_hall_status:
 * @self: a declaration
 *
 * Returns: (nullable): the hall's last status code (`pending`, `approved`, …)
 */
TEXT_GETTER (hall_status, T_HALL_STATUS)
/**
 * yb_store_declaration_get_reject_reason:
 * @self: a declaration
 *
 * Returns: (nullable): the hall's reason for a rejection
 */
TEXT_GETTER (reject_reason, T_REJECT_REASON)
/**
 * yb_store_declaration_get_field_errors:
 * @self: a declaration
 *
 * Returns: (nullable): the hall's field errors, a JSON array of {field, code, message}
 */
TEXT_GETTER (field_errors, T_FIELD_ERRORS)
/**
 * yb_store_declaration_get_hall_feedback:
 * @self: a declaration
 *
 * Returns: (nullable): on a draft copied from a rejected declaration, the hall's reasons
 *   (JSON object with `reason` and `errors`) kept for display
 */
TEXT_GETTER (hall_feedback, T_HALL_FEEDBACK)
/**
 * yb_store_declaration_get_last_error:
 * @self: a declaration
 *
 * Returns: (nullable): why the last send failed
 */
TEXT_GETTER (last_error, T_LAST_ERROR)

/**
 * yb_store_declaration_get_id:
 * @self: a declaration
 *
 * Returns: the local id
 */
gint64
yb_store_declaration_get_id (YbStoreDeclaration *self)
{
  g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), 0);
  return self->id;
}

/**
 * yb_store_declaration_get_state:
 * @self: a declaration
 *
 * Returns: the state
 */
YbDeclarationState
yb_store_declaration_get_state (YbStoreDeclaration *self)
{
  g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), YB_DECLARATION_DRAFT);
  return self->state;
}

/**
 * yb_store_declaration_get_attempts:
 * @self: a declaration
 *
 * Returns: how many sends were started
 */
guint
yb_store_declaration_get_attempts (YbStoreDeclaration *self)
{
  g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), 0);
  return self->attempts;
}

/**
 * yb_store_declaration_get_next_retry_at:
 * @self: a declaration
 *
 * Returns: Unix time of the next retry after a send error, 0 if none
 */
gint64
yb_store_declaration_get_next_retry_at (YbStoreDeclaration *self)
{
  g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), 0);
  return self->next_retry_at;
}

/**
 * yb_store_declaration_get_copied_from:
 * @self: a declaration
 *
 * Returns: the id of the rejected declaration this draft was copied from, 0 if none
 */
gint64
yb_store_declaration_get_copied_from (YbStoreDeclaration *self)
{
  g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), 0);
  return self->copied_from;
}

/**
 * yb_store_declaration_get_created_at:
 * @self: a declaration
 *
 * Returns: Unix time of creation
 */
gint64
yb_store_declaration_get_created_at (YbStoreDeclaration *self)
{
  g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), 0);
  return self->created_at;
}

/**
 * yb_store_declaration_get_updated_at:
 * @self: a declaration
 *
 * Returns: Unix time of the last change
 */
gint64
yb_store_declaration_get_updated_at (YbStoreDeclaration *self)
{
  g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), 0);
  return self->updated_at;
}

static GPtrArray *
findings_from_errors (const char *json,
                      GPtrArray  *out)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonArray *array;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return out;
  root = json_parser_get_root (parser);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    root = json_object_get_member (json_node_get_object (root), "errors");
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return out;
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *error;
      const char *code, *message;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      error = json_node_get_object (node);
      code = _yb_json_object_get_text (error, "code");
      if (code == NULL)
        code = "HALL_REJECTED";
      message = _yb_json_object_get_text (error, "message");
      g_ptr_array_add (out, yb_finding_new (YB_SEVERITY_ERROR,
                                            _yb_json_object_get_text (error, "field"), code,
                                            message ? message : code));
    }
  return out;
}

/**
 * yb_store_declaration_dup_hall_findings:
 * @self: a declaration
 *
 * The hall's field-level errors (of a rejected declaration, or kept on a draft copied from
 * one), as findings so forms can show them under the field they name.
 *
 * Returns: (transfer full) (element-type YbFinding): the findings, maybe empty
 */
GPtrArray *
yb_store_declaration_dup_hall_findings (YbStoreDeclaration *self)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);

  g_return_val_if_fail (YB_IS_STORE_DECLARATION (self), out);

  findings_from_errors (self->text[T_FIELD_ERRORS], out);
  findings_from_errors (self->text[T_HALL_FEEDBACK], out);
  return out;
}
