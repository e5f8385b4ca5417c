/* yb-import-row.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbImportRow"

#include "config.h"

#include "yb-import-row-private.h"

/* One data row of an imported sheet: its cleaned values by field key and what the rules found.
 * Findings come from three places: damage seen while reading a cell (an ID stored as a number),
 * the rule engine, and the duplicate check across rows. Rows are changed only through
 * YbImportModel, which re-runs the rules. */

struct _YbImportRow
{
  GObject parent_instance;

  guint row_number;
  YbDeclarationKind kind;
  GHashTable *values;         /* field -> cleaned value */
  GHashTable *damage;         /* field -> YbFinding */
  GPtrArray *rule_findings;
  YbFinding *duplicate;
  GPtrArray *findings;        /* merged, rebuilt on change */
  gboolean dropped;
};

G_DEFINE_FINAL_TYPE (YbImportRow, yb_import_row, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_ROW_NUMBER,
  PROP_DROPPED,
  PROP_HAS_ERRORS,
  PROP_FINDINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
rebuild_findings (YbImportRow *self)
{
  GHashTableIter iter;
  gpointer value;

  g_ptr_array_set_size (self->findings, 0);
  g_hash_table_iter_init (&iter, self->damage);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (self->findings, yb_finding_copy (value));
  if (self->duplicate != NULL)
    g_ptr_array_add (self->findings, yb_finding_copy (self->duplicate));
  for (guint i = 0; self->rule_findings != NULL && i < self->rule_findings->len; i++)
    {
      const YbFinding *finding = g_ptr_array_index (self->rule_findings, i);

      /* A damaged cell's value means nothing: the rules' opinion of it would only confuse. */
      if (finding->field != NULL && g_hash_table_contains (self->damage, finding->field))
        continue;
      g_ptr_array_add (self->findings, yb_finding_copy (finding));
    }
}

static void
yb_import_row_finalize (GObject *object)
{
  YbImportRow *self = YB_IMPORT_ROW (object);

  g_hash_table_unref (self->values);
  g_hash_table_unref (self->damage);
  g_clear_pointer (&self->rule_findings, g_ptr_array_unref);
  g_clear_pointer (&self->duplicate, yb_finding_free);
  g_ptr_array_unref (self->findings);

  G_OBJECT_CLASS (yb_import_row_parent_class)->finalize (object);
}

static void
yb_import_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  YbImportRow *self = YB_IMPORT_ROW (object);

  switch (prop_id)
    {
    case PROP_ROW_NUMBER:
      g_value_set_uint (value, self->row_number);
      break;
    case PROP_DROPPED:
      g_value_set_boolean (value, self->dropped);
      break;
    case PROP_HAS_ERRORS:
      g_value_set_boolean (value, yb_import_row_has_errors (self));
      break;
    case PROP_FINDINGS:
      g_value_set_boxed (value, self->findings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_import_row_class_init (YbImportRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yb_import_row_finalize;
  object_class->get_property = yb_import_row_get_property;

  /**
   * YbImportRow:row-number:
   *
   * The row number as the spreadsheet shows it.
   */
  properties[PROP_ROW_NUMBER] =
    g_param_spec_uint ("row-number", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * YbImportRow:dropped:
   *
   * Whether the clerk dropped the row; dropped rows never become drafts.
   */
  properties[PROP_DROPPED] =
    g_param_spec_boolean ("dropped", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * YbImportRow:has-errors:
   *
   * Whether any finding blocks the row.
   */
  properties[PROP_HAS_ERRORS] =
    g_param_spec_boolean ("has-errors", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * YbImportRow:findings: (type GPtrArray(YbFinding))
   *
   * Every finding of the row; notified when the row is checked again.
   */
  properties[PROP_FINDINGS] =
    g_param_spec_boxed ("findings", NULL, NULL, G_TYPE_PTR_ARRAY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_import_row_init (YbImportRow *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->damage = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) yb_finding_free);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
}

YbImportRow *
_yb_import_row_new (guint             row_number,
                    YbDeclarationKind kind)
{
  YbImportRow *self = g_object_new (YB_TYPE_IMPORT_ROW, NULL);

  self->row_number = row_number;
  self->kind = kind;
  return self;
}

void
_yb_import_row_set_declaration_kind (YbImportRow      *self,
                                     YbDeclarationKind kind)
{
  self->kind = kind;
}

/* Takes @damage. */
void
_yb_import_row_set_value (YbImportRow *self,
                          const char  *field,
                          const char  *value,
                          YbFinding   *damage)
{
  g_hash_table_insert (self->values, g_strdup (field), g_strdup (value != NULL ? value : ""));
  if (damage != NULL)
    g_hash_table_insert (self->damage, g_strdup (field), damage);
  else
    g_hash_table_remove (self->damage, field);
}

const YbFinding *
_yb_import_row_get_damage (YbImportRow *self,
                           const char  *field)
{
  return g_hash_table_lookup (self->damage, field);
}

/* Takes @findings. */
void
_yb_import_row_set_rule_findings (YbImportRow *self,
                                  GPtrArray   *findings)
{
  g_clear_pointer (&self->rule_findings, g_ptr_array_unref);
  self->rule_findings = findings;
  rebuild_findings (self);
}

/* Takes @finding; returns whether the duplicate state changed. */
gboolean
_yb_import_row_set_duplicate (YbImportRow *self,
                              YbFinding   *finding)
{
  gboolean changed = (self->duplicate == NULL) != (finding == NULL)
                     || (finding != NULL
                         && g_strcmp0 (finding->message, self->duplicate->message) != 0);

  g_clear_pointer (&self->duplicate, yb_finding_free);
  self->duplicate = finding;
  if (changed)
    rebuild_findings (self);
  return changed;
}

void
_yb_import_row_set_dropped (YbImportRow *self,
                            gboolean     dropped)
{
  if (self->dropped == dropped)
    return;
  self->dropped = dropped;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROPPED]);
}

GHashTable *
_yb_import_row_get_values (YbImportRow *self)
{
  return self->values;
}

void
_yb_import_row_notify (YbImportRow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINDINGS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_ERRORS]);
}

/**
 * yb_import_row_get_row_number:
 * @self: a row
 *
 * Returns: the row number as the spreadsheet shows it (header row 1, first data row 2)
 */
guint
yb_import_row_get_row_number (YbImportRow *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_ROW (self), 0);
  return self->row_number;
}

/**
 * yb_import_row_get_declaration_kind:
 * @self: a row
 *
 * Returns: the declaration the row makes (新增 or 续保 follow its 参保业务类型)
 */
YbDeclarationKind
yb_import_row_get_declaration_kind (YbImportRow *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_ROW (self), YB_DECLARATION_ENROL_NEW);
  return self->kind;
}

/**
 * yb_import_row_get_value:
 * @self: a row
 * @field: a field key
 *
 * Returns: the cleaned value ("" when the cell is empty or the column absent)
 */
const char *
yb_import_row_get_value (YbImportRow *self,
                         const char  *field)
{
  const char *value;

  g_return_val_if_fail (YB_IS_IMPORT_ROW (self), "");
  value = g_hash_table_lookup (self->values, field);
  return value != NULL ? value : "";
}

/**
 * yb_import_row_get_findings:
 * @self: a row
 *
 * Returns: (transfer none) (element-type YbFinding): every finding; a finding's field is
 *   the column it belongs to, or %NULL for the row as a whole
 */
GPtrArray *
yb_import_row_get_findings (YbImportRow *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_ROW (self), NULL);
  return self->findings;
}

/**
 * yb_import_row_get_cell_finding:
 * @self: a row
 * @field: a field key
 *
 * Returns: (nullable) (transfer none): the finding to mark the cell with: its first error,
 *   else its first warning
 */
const YbFinding *
yb_import_row_get_cell_finding (YbImportRow *self,
                                const char  *field)
{
  const YbFinding *warning = NULL;

  g_return_val_if_fail (YB_IS_IMPORT_ROW (self), NULL);
  for (guint i = 0; i < self->findings->len; i++)
    {
      const YbFinding *finding = g_ptr_array_index (self->findings, i);

      if (g_strcmp0 (finding->field, field) != 0)
        continue;
      if (yb_finding_is_error (finding))
        return finding;
      if (warning == NULL)
        warning = finding;
    }
  return warning;
}

/**
 * yb_import_row_has_errors:
 * @self: a row
 *
 * Returns: %TRUE when a finding blocks the row from becoming a draft
 */
gboolean
yb_import_row_has_errors (YbImportRow *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_ROW (self), TRUE);
  for (guint i = 0; i < self->findings->len; i++)
    if (yb_finding_is_error (g_ptr_array_index (self->findings, i)))
      return TRUE;
  return FALSE;
}

/**
 * yb_import_row_get_dropped:
 * @self: a row
 *
 * Returns: %TRUE when the clerk dropped the row
 */
gboolean
yb_import_row_get_dropped (YbImportRow *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_ROW (self), FALSE);
  return self->dropped;
}
