/* yb-payment-row.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbPaymentRow"

#include <sqlite3.h>

#include "yb-payment-row-private.h"

enum
{
  T_PERIOD,
  T_PERSON_NO,
  T_NAME,
  T_ID_NUMBER,
  T_INSURANCE,
  T_INSURANCE_LABEL,
  T_STATUS,
  N_TEXT
};

struct _YbPaymentRow
{
  GObject  parent_instance;

  char    *text[N_TEXT];
  gint64   base;
  gint64   unit_amount;
  gint64   personal_amount;
};

G_DEFINE_FINAL_TYPE (YbPaymentRow, yb_payment_row, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PERIOD,
  PROP_PERSON_NO,
  PROP_NAME,
  PROP_ID_NUMBER,
  PROP_INSURANCE,
  PROP_INSURANCE_LABEL,
  PROP_STATUS,
  PROP_BASE,
  PROP_UNIT_AMOUNT,
  PROP_PERSONAL_AMOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yb_payment_row_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YbPaymentRow *self = YB_PAYMENT_ROW (object);

  if (prop_id >= PROP_PERIOD && prop_id <= PROP_STATUS)
    {
      g_value_set_string (value, self->text[prop_id - PROP_PERIOD]);
      return;
    }
  switch (prop_id)
    {
    case PROP_BASE:
      g_value_set_int64 (value, self->base);
      break;
    case PROP_UNIT_AMOUNT:
      g_value_set_int64 (value, self->unit_amount);
      break;
    case PROP_PERSONAL_AMOUNT:
      g_value_set_int64 (value, self->personal_amount);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_payment_row_finalize (GObject *object)
{
  YbPaymentRow *self = YB_PAYMENT_ROW (object);

  for (guint i = 0; i < N_TEXT; i++)
    g_free (self->text[i]);

  G_OBJECT_CLASS (yb_payment_row_parent_class)->finalize (object);
}

static void
yb_payment_row_class_init (YbPaymentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  static const char *const names[] = {
    "period", "person-no", "name", "id-number", "insurance", "insurance-label", "status",
  };

  object_class->get_property = yb_payment_row_get_property;
  object_class->finalize = yb_payment_row_finalize;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    properties[PROP_PERIOD + i] = g_param_spec_string (names[i], NULL, NULL, NULL, flags);
  /* Amounts in cents; -1 when the hall did not say. */
  properties[PROP_BASE] = g_param_spec_int64 ("base", NULL, NULL, -1, G_MAXINT64, -1, flags);
  properties[PROP_UNIT_AMOUNT] = g_param_spec_int64 ("unit-amount", NULL, NULL, -1, G_MAXINT64,
                                                     -1, flags);
  properties[PROP_PERSONAL_AMOUNT] = g_param_spec_int64 ("personal-amount", NULL, NULL, -1,
                                                         G_MAXINT64, -1, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_payment_row_init (YbPaymentRow *self)
{
}

static gint64
cents_or_unknown (sqlite3_stmt *stmt,
                  int           col)
{
  return sqlite3_column_type (stmt, col) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, col);
}

GObject *
_yb_payment_row_new_from_stmt (sqlite3_stmt *stmt)
{
  YbPaymentRow *self = g_object_new (YB_TYPE_PAYMENT_ROW, NULL);

  for (int i = 0; i < N_TEXT; i++)
    self->text[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i));
  self->base = cents_or_unknown (stmt, N_TEXT);
  self->unit_amount = cents_or_unknown (stmt, N_TEXT + 1);
  self->personal_amount = cents_or_unknown (stmt, N_TEXT + 2);
  return G_OBJECT (self);
}

#define TEXT_GETTER(fn, index)                                                                 \
  const char *yb_payment_row_get_##fn (YbPaymentRow *self)                                    \
  {                                                                                            \
    g_return_val_if_fail (YB_IS_PAYMENT_ROW (self), NULL);                                    \
    return self->text[index];                                                                  \
  }

/**
 * yb_payment_row_get_period:
 * @self: a payment row
 *
 * Returns: the month, YYYYMM
 */
TEXT_GETTER (period, T_PERIOD)
/**
 * yb_payment_row_get_person_no:
 * @self: a payment row
 *
 * Returns: (nullable): the 个人编号, empty for unit totals
 */
TEXT_GETTER (person_no, T_PERSON_NO)
/**
 * yb_payment_row_get_name:
 * @self: a payment row
 *
 * Returns: (nullable): the person's name as the hall gave it
 */
TEXT_GETTER (name, T_NAME)
/**
 * yb_payment_row_get_id_number:
 * @self: a payment row
 *
 * Returns: (nullable): the person's ID number as the hall gave it
 */
TEXT_GETTER (id_number, T_ID_NUMBER)
/**
 * yb_payment_row_get_insurance:
 * @self: a payment row
 *
 * Returns: the insurance type code (`310`, `510`)
 */
TEXT_GETTER (insurance, T_INSURANCE)
/**
 * yb_payment_row_get_insurance_label:
 * @self: a payment row
 *
 * Returns: (nullable): the hall's label of the insurance type
 */
TEXT_GETTER (insurance_label, T_INSURANCE_LABEL)
/**
 * yb_payment_row_get_status:
 * @self: a payment row
 *
 * Returns: (nullable): the hall's payment status code (`paid`, …)
 */
TEXT_GETTER (status, T_STATUS)

/**
 * yb_payment_row_get_base:
 * @self: a payment row
 *
 * Returns: the contribution base (or base total) in cents, -1 if unknown
 */
gint64
yb_payment_row_get_base (YbPaymentRow *self)
{
  g_return_val_if_fail (YB_IS_PAYMENT_ROW (self), -1);
  return self->base;
}

/**
 * yb_payment_row_get_unit_amount:
 * @self: a payment row
 *
 * Returns: the unit's part in cents, -1 if unknown
 */
gint64
yb_payment_row_get_unit_amount (YbPaymentRow *self)
{
  g_return_val_if_fail (YB_IS_PAYMENT_ROW (self), -1);
  return self->unit_amount;
}

/**
 * yb_payment_row_get_personal_amount:
 * @self: a payment row
 *
 * Returns: the employee's part in cents, -1 if unknown
 */
gint64
yb_payment_row_get_personal_amount (YbPaymentRow *self)
{
  g_return_val_if_fail (YB_IS_PAYMENT_ROW (self), -1);
  return self->personal_amount;
}
