/* yb-store-log-entry.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStoreLogEntry"

#include "yb-store-log-entry-private.h"

struct _YbStoreLogEntry
{
  GObject  parent_instance;

  gint64   id;
  gint64   at;
  gint64   declaration_id;
  char    *action;
  char    *from_state;
  char    *to_state;
  char    *detail;
};

G_DEFINE_FINAL_TYPE (YbStoreLogEntry, yb_store_log_entry, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_AT,
  PROP_ACTION,
  PROP_DECLARATION_ID,
  PROP_DETAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yb_store_log_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  YbStoreLogEntry *self = YB_STORE_LOG_ENTRY (object);

  switch (prop_id)
    {
    case PROP_AT:
      g_value_set_int64 (value, self->at);
      break;
    case PROP_ACTION:
      g_value_set_string (value, self->action);
      break;
    case PROP_DECLARATION_ID:
      g_value_set_int64 (value, self->declaration_id);
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_store_log_entry_finalize (GObject *object)
{
  YbStoreLogEntry *self = YB_STORE_LOG_ENTRY (object);

  g_free (self->action);
  g_free (self->from_state);
  g_free (self->to_state);
  g_free (self->detail);

  G_OBJECT_CLASS (yb_store_log_entry_parent_class)->finalize (object);
}

static void
yb_store_log_entry_class_init (YbStoreLogEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = yb_store_log_entry_get_property;
  object_class->finalize = yb_store_log_entry_finalize;

  properties[PROP_AT] = g_param_spec_int64 ("at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL, flags);
  properties[PROP_DECLARATION_ID] = g_param_spec_int64 ("declaration-id", NULL, NULL, 0,
                                                        G_MAXINT64, 0, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_store_log_entry_init (YbStoreLogEntry *self)
{
}

GObject *
_yb_store_log_entry_new_from_stmt (sqlite3_stmt *stmt)
{
  YbStoreLogEntry *self = g_object_new (YB_TYPE_STORE_LOG_ENTRY, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->at = sqlite3_column_int64 (stmt, 1);
  self->action = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  self->declaration_id = sqlite3_column_int64 (stmt, 3);
  self->from_state = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  self->to_state = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  self->detail = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  return G_OBJECT (self);
}

/**
 * yb_store_log_entry_get_id:
 * @self: an entry
 *
 * Returns: the entry's number; later entries have larger numbers
 */
gint64
yb_store_log_entry_get_id (YbStoreLogEntry *self)
{
  g_return_val_if_fail (YB_IS_STORE_LOG_ENTRY (self), 0);
  return self->id;
}

/**
 * yb_store_log_entry_get_at:
 * @self: an entry
 *
 * Returns: Unix time of the action
 */
gint64
yb_store_log_entry_get_at (YbStoreLogEntry *self)
{
  g_return_val_if_fail (YB_IS_STORE_LOG_ENTRY (self), 0);
  return self->at;
}

/**
 * yb_store_log_entry_get_action:
 * @self: an entry
 *
 * Returns: what was done ("create", "queue", "send", "accepted", "rejected", "send-error",
 *   "audit", "unqueue", "delete", "copy", or a caller's own action name)
 */
const char *
yb_store_log_entry_get_action (YbStoreLogEntry *self)
{
  g_return_val_if_fail (YB_IS_STORE_LOG_ENTRY (self), NULL);
  return self->action;
}

/**
 * yb_store_log_entry_get_declaration_id:
 * @self: an entry
 *
 * Returns: the declaration concerned, 0 if none
 */
gint64
yb_store_log_entry_get_declaration_id (YbStoreLogEntry *self)
{
  g_return_val_if_fail (YB_IS_STORE_LOG_ENTRY (self), 0);
  return self->declaration_id;
}

/**
 * yb_store_log_entry_get_from_state:
 * @self: an entry
 *
 * Returns: (nullable): the declaration's state before
 */
const char *
yb_store_log_entry_get_from_state (YbStoreLogEntry *self)
{
  g_return_val_if_fail (YB_IS_STORE_LOG_ENTRY (self), NULL);
  return self->from_state;
}

/**
 * yb_store_log_entry_get_to_state:
 * @self: an entry
 *
 * Returns: (nullable): the declaration's state after
 */
const char *
yb_store_log_entry_get_to_state (YbStoreLogEntry *self)
{
  g_return_val_if_fail (YB_IS_STORE_LOG_ENTRY (self), NULL);
  return self->to_state;
}

/**
 * yb_store_log_entry_get_detail:
 * @self: an entry
 *
 * Returns: (nullable): JSON detail, such as the hall's answer
 */
const char *
yb_store_log_entry_get_detail (YbStoreLogEntry *self)
{
  g_return_val_if_fail (YB_IS_STORE_LOG_ENTRY (self), NULL);
  return self->detail;
}
