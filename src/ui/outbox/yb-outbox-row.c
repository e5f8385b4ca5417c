/* yb-outbox-row.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbOutboxRow"

#include "config.h"

#include "yb-outbox-row.h"
#include "yb-outbox-state.h"

/* One line of the outbox list: a declaration with the texts its columns show, computed once
 * when the row is made (the row factories in data/ui/outbox/ look them up). */

struct _YbOutboxRow
{
  GObject parent_instance;

  YbStoreDeclaration *declaration;
  char *person;
  char *state_label;
  char *updated;
  guint n_errors;
};

G_DEFINE_FINAL_TYPE (YbOutboxRow, yb_outbox_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DECLARATION,
  PROP_ID,
  PROP_KIND_LABEL,
  PROP_PERSON,
  PROP_STATE_LABEL,
  PROP_UPDATED,
  PROP_N_ERRORS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yb_outbox_row_finalize (GObject *object)
{
  YbOutboxRow *self = YB_OUTBOX_ROW (object);

  g_clear_object (&self->declaration);
  g_free (self->person);
  g_free (self->state_label);
  g_free (self->updated);

  G_OBJECT_CLASS (yb_outbox_row_parent_class)->finalize (object);
}

static void
yb_outbox_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YbOutboxRow *self = YB_OUTBOX_ROW (object);

  switch (prop_id)
    {
    case PROP_DECLARATION:
      g_value_set_object (value, self->declaration);
      break;
    case PROP_ID:
      g_value_set_int64 (value, yb_outbox_row_get_id (self));
      break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, yb_outbox_row_get_kind_label (self));
      break;
    case PROP_PERSON:
      g_value_set_string (value, self->person);
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, self->state_label);
      break;
    case PROP_UPDATED:
      g_value_set_string (value, self->updated);
      break;
    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_outbox_row_class_init (YbOutboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yb_outbox_row_finalize;
  object_class->get_property = yb_outbox_row_get_property;

  properties[PROP_DECLARATION] =
    g_param_spec_object ("declaration", NULL, NULL, YB_TYPE_STORE_DECLARATION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND_LABEL] =
    g_param_spec_string ("kind-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERSON] =
    g_param_spec_string ("person", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_LABEL] =
    g_param_spec_string ("state-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED] =
    g_param_spec_string ("updated", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_outbox_row_init (YbOutboxRow *self)
{
}

YbOutboxRow *
yb_outbox_row_new (YbStoreDeclaration *declaration,
                   const char         *person,
                   const char         *state_label,
                   const char         *updated,
                   guint               n_errors)
{
  YbOutboxRow *self;

  g_return_val_if_fail (YB_IS_STORE_DECLARATION (declaration), NULL);

  self = g_object_new (YB_TYPE_OUTBOX_ROW, NULL);
  self->declaration = g_object_ref (declaration);
  self->person = g_strdup (person);
  self->state_label = g_strdup (state_label);
  self->updated = g_strdup (updated);
  self->n_errors = n_errors;
  return self;
}

YbStoreDeclaration *
yb_outbox_row_get_declaration (YbOutboxRow *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_ROW (self), NULL);
  return self->declaration;
}

gint64
yb_outbox_row_get_id (YbOutboxRow *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_ROW (self), 0);
  return yb_store_declaration_get_id (self->declaration);
}

const char *
yb_outbox_row_get_kind_label (YbOutboxRow *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_ROW (self), NULL);
  return yb_outbox_kind_label (yb_store_declaration_get_kind (self->declaration));
}

const char *
yb_outbox_row_get_person (YbOutboxRow *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_ROW (self), NULL);
  return self->person;
}

const char *
yb_outbox_row_get_state_label (YbOutboxRow *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_ROW (self), NULL);
  return self->state_label;
}

const char *
yb_outbox_row_get_updated (YbOutboxRow *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_ROW (self), NULL);
  return self->updated;
}

guint
yb_outbox_row_get_n_errors (YbOutboxRow *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_ROW (self), 0);
  return self->n_errors;
}
