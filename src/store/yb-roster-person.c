/* yb-roster-person.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRosterPerson"

#include <string.h>

#include "yb-roster-person-private.h"

/* Text columns, in the order of PROP_PERSON_NO .. PROP_STOP_MONTH and of the SELECT list
 * (ROSTER_PERSON_COLUMNS in the private header). */
enum
{
  COL_PERSON_NO,
  COL_ID_NUMBER,
  COL_NAME,
  COL_SEX,
  COL_BIRTH_DATE,
  COL_PHONE,
  COL_STATUS,
  COL_EMPLOYMENT_FORM,
  COL_HUKOU_TYPE,
  COL_INSURED_FROM,
  COL_STOP_MONTH,
  N_TEXT_COLS
};

struct _YbRosterPerson
{
  GObject  parent_instance;

  char    *text[N_TEXT_COLS];
  gint64   base;
  gint64   wage;
  gint64   revision;
};

G_DEFINE_FINAL_TYPE (YbRosterPerson, yb_roster_person, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PERSON_NO,
  PROP_ID_NUMBER,
  PROP_NAME,
  PROP_SEX,
  PROP_BIRTH_DATE,
  PROP_PHONE,
  PROP_STATUS,
  PROP_EMPLOYMENT_FORM,
  PROP_HUKOU_TYPE,
  PROP_INSURED_FROM,
  PROP_STOP_MONTH,
  PROP_BASE,
  PROP_WAGE,
  PROP_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yb_roster_person_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YbRosterPerson *self = YB_ROSTER_PERSON (object);

  if (prop_id >= PROP_PERSON_NO && prop_id <= PROP_STOP_MONTH)
    {
      g_value_set_string (value, self->text[prop_id - PROP_PERSON_NO]);
      return;
    }
  switch (prop_id)
    {
    case PROP_BASE:
      g_value_set_int64 (value, self->base);
      break;
    case PROP_WAGE:
      g_value_set_int64 (value, self->wage);
      break;
    case PROP_REVISION:
      g_value_set_int64 (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_roster_person_finalize (GObject *object)
{
  YbRosterPerson *self = YB_ROSTER_PERSON (object);

  for (guint i = 0; i < N_TEXT_COLS; i++)
    g_free (self->text[i]);

  G_OBJECT_CLASS (yb_roster_person_parent_class)->finalize (object);
}

static void
yb_roster_person_class_init (YbRosterPersonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  static const char *const names[] = {
    "person-no", "id-number", "name", "sex", "birth-date", "phone", "status",
    "employment-form", "hukou-type", "insured-from", "stop-month",
  };

  object_class->get_property = yb_roster_person_get_property;
  object_class->finalize = yb_roster_person_finalize;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    properties[PROP_PERSON_NO + i] =
      g_param_spec_string (names[i], NULL, NULL, NULL,
                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Amounts in cents; -1 when the hall did not say. */
  properties[PROP_BASE] = g_param_spec_int64 ("base", NULL, NULL, -1, G_MAXINT64, -1,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAGE] = g_param_spec_int64 ("wage", NULL, NULL, -1, G_MAXINT64, -1,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVISION] = g_param_spec_int64 ("revision", NULL, NULL, 0, G_MAXINT64, 0,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_roster_person_init (YbRosterPerson *self)
{
  self->base = -1;
  self->wage = -1;
}

static gint64
column_int64_or (sqlite3_stmt *stmt,
                 int           col,
                 gint64        fallback)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return fallback;
  return sqlite3_column_int64 (stmt, col);
}

GObject *
_yb_roster_person_new_from_stmt (sqlite3_stmt *stmt)
{
  YbRosterPerson *self = g_object_new (YB_TYPE_ROSTER_PERSON, NULL);

  for (int i = 0; i < N_TEXT_COLS; i++)
    self->text[i] = g_strdup ((const char *) sqlite3_column_text (stmt, i));
  self->base = column_int64_or (stmt, N_TEXT_COLS, -1);
  self->wage = column_int64_or (stmt, N_TEXT_COLS + 1, -1);
  self->revision = column_int64_or (stmt, N_TEXT_COLS + 2, 0);
  return G_OBJECT (self);
}

/**
 * yb_roster_person_get_person_no:
 * @self: a person
 *
 * Returns: the hall's 个人编号
 */
const char *
yb_roster_person_get_person_no (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_PERSON_NO];
}

/**
 * yb_roster_person_get_id_number:
 * @self: a person
 *
 * Returns: (nullable): the full ID number
 */
const char *
yb_roster_person_get_id_number (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_ID_NUMBER];
}

/**
 * yb_roster_person_get_name:
 * @self: a person
 *
 * Returns: the name
 */
const char *
yb_roster_person_get_name (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_NAME];
}

/**
 * yb_roster_person_get_sex:
 * @self: a person
 *
 * Returns: (nullable): the sex code
 */
const char *
yb_roster_person_get_sex (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_SEX];
}

/**
 * yb_roster_person_get_birth_date:
 * @self: a person
 *
 * Returns: (nullable): the birth date, YYYY-MM-DD
 */
const char *
yb_roster_person_get_birth_date (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_BIRTH_DATE];
}

/**
 * yb_roster_person_get_phone:
 * @self: a person
 *
 * Returns: (nullable): the phone number
 */
const char *
yb_roster_person_get_phone (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_PHONE];
}

/**
 * yb_roster_person_get_status:
 * @self: a person
 *
 * Returns: (nullable): the hall's stable status code ("insured", "suspended", "stopped")
 */
const char *
yb_roster_person_get_status (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_STATUS];
}

/**
 * yb_roster_person_get_employment_form:
 * @self: a person
 *
 * Returns: (nullable): the 用工形式 code
 */
const char *
yb_roster_person_get_employment_form (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_EMPLOYMENT_FORM];
}

/**
 * yb_roster_person_get_hukou_type:
 * @self: a person
 *
 * Returns: (nullable): the 户口性质 code
 */
const char *
yb_roster_person_get_hukou_type (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_HUKOU_TYPE];
}

/**
 * yb_roster_person_get_insured_from:
 * @self: a person
 *
 * Returns: (nullable): the first insured month, YYYYMM
 */
const char *
yb_roster_person_get_insured_from (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_INSURED_FROM];
}

/**
 * yb_roster_person_get_stop_month:
 * @self: a person
 *
 * Returns: (nullable): the stop month, YYYYMM, for reduced people
 */
const char *
yb_roster_person_get_stop_month (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);
  return self->text[COL_STOP_MONTH];
}

/**
 * yb_roster_person_get_base:
 * @self: a person
 *
 * Returns: the contribution base in cents, -1 if unknown
 */
gint64
yb_roster_person_get_base (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), -1);
  return self->base;
}

/**
 * yb_roster_person_get_wage:
 * @self: a person
 *
 * Returns: the declared monthly wage in cents, -1 if unknown
 */
gint64
yb_roster_person_get_wage (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), -1);
  return self->wage;
}

/**
 * yb_roster_person_get_revision:
 * @self: a person
 *
 * Returns: the hall's revision of this person
 */
gint64
yb_roster_person_get_revision (YbRosterPerson *self)
{
  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), 0);
  return self->revision;
}

/**
 * yb_roster_person_dup_masked_id_number:
 * @self: a person
 *
 * For screen sharing: keeps the first 4 and last 4 characters (2101**********9385).
 *
 * Returns: (transfer full) (nullable): the masked ID number
 */
char *
yb_roster_person_dup_masked_id_number (YbRosterPerson *self)
{
  const char *id;
  gsize len;
  char *out;

  g_return_val_if_fail (YB_IS_ROSTER_PERSON (self), NULL);

  id = self->text[COL_ID_NUMBER];
  if (id == NULL)
    return NULL;
  len = strlen (id);
  out = g_strdup (id);
  for (gsize i = 4; len > 8 && i < len - 4; i++)
    out[i] = '*';
  return out;
}
