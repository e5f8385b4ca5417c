/* yb-certificate-data.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data of a 参保证明 as the hall issues it (Hall API section 11), checked
 * field by field: the answer is printed on an official-looking document, so
 * nothing hostile or malformed may reach the page.
 */
#define G_LOG_DOMAIN "YbCertificateData"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-certificate-data.h"
#include "yb-month.h"

#define MAX_MONTHS 1200
#define MAX_TEXT 200

struct _YbCertificateData
{
  gatomicrefcount ref_count;
  JsonObject *json;
  YbCertificateKind kind;
  char *verification_code;
  char *verification_url;
  GDateTime *issued_at;
  GDateTime *valid_until;
  char *unit_no;
  char *unit_name;
  char *credit_code;
  guint insured_count;
  char *person_no;
  char *person_name;
  char *id_number;
  char *id_number_masked;
  char *person_status;
  char *start_month;
  char *last_paid_month;
  char *period_from;
  char *period_to;
  GArray *months;
};

G_DEFINE_BOXED_TYPE (YbCertificateData, yb_certificate_data, yb_certificate_data_ref,
                     yb_certificate_data_unref)

static void
clear_month (gpointer data)
{
  YbCertificateMonth *month = data;

  g_free (month->period);
}

static void
set_field_error (GError    **error,
                 const char *field,
                 const char *problem)
{
  /* Translators: the first %s is a field name of the hall's certificate data such as
   * "person.name", the second says what is wrong with it */
  g_set_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_INVALID_DATA,
               _("The hall's certificate data is unusable: field “%s” %s."), field, problem);
}

static gboolean
text_is_clean (const char *text,
               gsize       max_chars)
{
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > (glong) max_chars)
    return FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069))
        return FALSE;
    }
  return TRUE;
}

/* Returns the string member, or NULL with @error set. A null member counts as
 * missing unless @nullable, when it gives "" so callers can tell it apart. */
static const char *
get_text (JsonObject  *object,
          const char  *member,
          const char  *field,
          gboolean     required,
          gsize        max_chars,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return "";
      set_field_error (error, field, _("is missing"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_field_error (error, field, _("is not text"));
      return NULL;
    }
  text = json_node_get_string (node);
  if (required && *text == '\0')
    {
      set_field_error (error, field, _("is empty"));
      return NULL;
    }
  if (!text_is_clean (text, max_chars))
    {
      set_field_error (error, field, _("is too long or holds control characters"));
      return NULL;
    }
  return text;
}

static char *
get_month (JsonObject  *object,
           const char  *member,
           const char  *field,
           gboolean     required,
           GError     **error)
{
  const char *text = get_text (object, member, field, required, 6, error);

  if (text == NULL)
    return NULL;
  if (*text == '\0')
    return g_strdup ("");
  if (strlen (text) != 6 || yb_month_parse (text) == YB_MONTH_INVALID)
    {
      set_field_error (error, field, _("is not a month of the form YYYYMM"));
      return NULL;
    }
  return g_strdup (text);
}

static GDateTime *
get_time (JsonObject  *object,
          const char  *member,
          GError     **error)
{
  const char *text = get_text (object, member, member, TRUE, 40, error);
  GDateTime *time;

  if (text == NULL)
    return NULL;
  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    set_field_error (error, member, _("is not a date and time"));
  return time;
}

static gboolean
get_count (JsonObject  *object,
           const char  *member,
           const char  *field,
           guint       *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      set_field_error (error, field, _("is missing or not a whole number"));
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < 0 || value > 10000000)
    {
      set_field_error (error, field, _("is out of range"));
      return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

static gboolean
get_money (JsonObject  *object,
           const char  *member,
           const char  *field,
           gint64      *cents,
           GError     **error)
{
  const char *text = get_text (object, member, field, TRUE, 20, error);
  gboolean negative = FALSE;
  const char *p;
  gint64 value = 0;
  guint digits = 0;

  if (text == NULL)
    return FALSE;
  p = text;
  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  for (; g_ascii_isdigit (*p) && digits < 13; p++, digits++)
    value = value * 10 + (*p - '0');
  if (digits == 0 || digits > 12 || p[0] != '.' || !g_ascii_isdigit (p[1])
      || !g_ascii_isdigit (p[2]) || p[3] != '\0')
    {
      set_field_error (error, field, _("is not an amount of the form 0.00"));
      return FALSE;
    }
  value = value * 100 + (p[1] - '0') * 10 + (p[2] - '0');
  *cents = negative ? -value : value;
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *object,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_field_error (error, member, _("is missing or not an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
code_is_valid (const char *code)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

  if (strlen (code) != 19)
    return FALSE;
  for (guint i = 0; i < 19; i++)
    {
      if (i % 5 == 4)
        {
          if (code[i] != '-')
            return FALSE;
        }
      else if (code[i] == '\0' || strchr (alphabet, code[i]) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
is_plain_code (const char *text,
               gsize       max)
{
  gsize n = strlen (text);

  if (n == 0 || n > max)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static gboolean
parse_unit (YbCertificateData  *self,
            JsonObject         *object,
            GError            **error)
{
  JsonObject *unit = get_object (object, "unit", error);
  const char *text;

  if (unit == NULL)
    return FALSE;
  if ((text = get_text (unit, "unit_no", "unit.unit_no", TRUE, 40, error)) == NULL)
    return FALSE;
  if (!is_plain_code (text, 40))
    {
      set_field_error (error, "unit.unit_no", _("holds characters a unit number cannot have"));
      return FALSE;
    }
  self->unit_no = g_strdup (text);
  if ((text = get_text (unit, "name", "unit.name", TRUE, MAX_TEXT, error)) == NULL)
    return FALSE;
  self->unit_name = g_strdup (text);
  if ((text = get_text (unit, "credit_code", "unit.credit_code", TRUE, 18, error)) == NULL)
    return FALSE;
  if (strlen (text) != 18 || !is_plain_code (text, 18))
    {
      set_field_error (error, "unit.credit_code", _("is not an 18-character credit code"));
      return FALSE;
    }
  self->credit_code = g_strdup (text);
  return TRUE;
}

static gboolean
parse_person (YbCertificateData  *self,
              JsonObject         *object,
              GError            **error)
{
  JsonObject *person = get_object (object, "person", error);
  const char *text;

  if (person == NULL)
    return FALSE;
  if ((text = get_text (person, "person_no", "person.person_no", TRUE, 40, error)) == NULL)
    return FALSE;
  self->person_no = g_strdup (text);
  if ((text = get_text (person, "name", "person.name", TRUE, 60, error)) == NULL)
    return FALSE;
  self->person_name = g_strdup (text);
  if ((text = get_text (person, "id_number", "person.id_number", FALSE, 30, error)) == NULL)
    return FALSE;
  if (*text != '\0' && !is_plain_code (text, 30))
    {
      set_field_error (error, "person.id_number", _("holds characters an ID number cannot have"));
      return FALSE;
    }
  self->id_number = *text != '\0' ? g_strdup (text) : NULL;
  if ((text = get_text (person, "id_number_masked", "person.id_number_masked", TRUE, 30,
                        error)) == NULL)
    return FALSE;
  self->id_number_masked = g_strdup (text);
  if ((text = get_text (person, "status", "person.status", TRUE, 30, error)) == NULL)
    return FALSE;
  self->person_status = g_strdup (text);
  if ((self->start_month = get_month (person, "start_month", "person.start_month", FALSE,
                                      error)) == NULL)
    return FALSE;
  if ((self->last_paid_month = get_month (person, "last_paid_month", "person.last_paid_month",
                                          FALSE, error)) == NULL)
    return FALSE;
  return TRUE;
}

static gboolean
parse_months (YbCertificateData  *self,
              JsonObject         *object,
              GError            **error)
{
  JsonNode *node = json_object_get_member (object, "months");
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      set_field_error (error, "months", _("is missing or not a list"));
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > MAX_MONTHS)
    {
      set_field_error (error, "months", _("has too many entries"));
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      YbCertificateMonth month = { 0 };
      g_autofree char *field = NULL;
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          field = g_strdup_printf ("months[%u]", i);
          set_field_error (error, field, _("is not an object"));
          return FALSE;
        }
      entry = json_node_get_object (element);
      g_free (field);
      field = g_strdup_printf ("months[%u].period", i);
      month.period = get_month (entry, "period", field, TRUE, error);
      if (month.period == NULL)
        return FALSE;
      g_array_append_val (self->months, month);
      if (g_strcmp0 (month.period, self->period_from) < 0
          || g_strcmp0 (month.period, self->period_to) > 0)
        {
          set_field_error (error, field, _("lies outside period_from to period_to"));
          return FALSE;
        }
      if (i > 0
          && strcmp (month.period, g_array_index (self->months, YbCertificateMonth, i - 1).period)
               <= 0)
        {
          set_field_error (error, field, _("is not in ascending order"));
          return FALSE;
        }
      if (self->kind == YB_CERTIFICATE_KIND_UNIT)
        {
          YbCertificateMonth *stored = &g_array_index (self->months, YbCertificateMonth, i);

          g_free (field);
          field = g_strdup_printf ("months[%u].headcount", i);
          if (!get_count (entry, "headcount", field, &stored->headcount, error))
            return FALSE;
          g_free (field);
          field = g_strdup_printf ("months[%u].base_total", i);
          if (!get_money (entry, "base_total", field, &stored->base_cents, error))
            return FALSE;
        }
      else
        {
          g_free (field);
          field = g_strdup_printf ("months[%u].base", i);
          if (!get_money (entry, "base", field,
                          &g_array_index (self->months, YbCertificateMonth, i).base_cents, error))
            return FALSE;
        }
      g_free (field);
      field = g_strdup_printf ("months[%u].paid", i);
      if (!get_money (entry, "paid", field,
                      &g_array_index (self->months, YbCertificateMonth, i).paid_cents, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse (YbCertificateData  *self,
       JsonObject         *object,
       const char         *hall_url,
       GError            **error)
{
  const char *text;
  const char *path;

  if ((text = get_text (object, "kind", "kind", TRUE, 10, error)) == NULL)
    return FALSE;
  if (g_str_equal (text, "unit"))
    self->kind = YB_CERTIFICATE_KIND_UNIT;
  else if (g_str_equal (text, "person"))
    self->kind = YB_CERTIFICATE_KIND_PERSON;
  else
    {
      set_field_error (error, "kind", _("is neither “unit” nor “person”"));
      return FALSE;
    }

  if ((text = get_text (object, "verification_code", "verification_code", TRUE, 19, error))
      == NULL)
    return FALSE;
  if (!code_is_valid (text))
    {
      set_field_error (error, "verification_code", _("is not a code like K7QF-2M9X-TB4C-8HWP"));
      return FALSE;
    }
  self->verification_code = g_strdup (text);

  if ((self->issued_at = get_time (object, "issued_at", error)) == NULL)
    return FALSE;
  if ((self->valid_until = get_time (object, "valid_until", error)) == NULL)
    return FALSE;
  if (g_date_time_compare (self->valid_until, self->issued_at) < 0)
    {
      set_field_error (error, "valid_until", _("lies before issued_at"));
      return FALSE;
    }

  /* Only a path is accepted, so the QR code always points at the hall Yibao talks to. */
  if ((path = get_text (object, "verify_path", "verify_path", TRUE, MAX_TEXT, error)) == NULL)
    return FALSE;
  if (path[0] != '/' || path[1] == '/' || strpbrk (path, " \\?#@") != NULL)
    {
      set_field_error (error, "verify_path", _("is not a path on the hall"));
      return FALSE;
    }
  if (hall_url != NULL)
    {
      gsize n = strlen (hall_url);

      while (n > 0 && hall_url[n - 1] == '/')
        n--;
      self->verification_url = g_strdup_printf ("%.*s%s", (int) n, hall_url, path);
    }
  else
    self->verification_url = g_strdup (path);

  if (!parse_unit (self, object, error))
    return FALSE;
  if (self->kind == YB_CERTIFICATE_KIND_UNIT)
    {
      if (!get_count (object, "insured_count", "insured_count", &self->insured_count, error))
        return FALSE;
    }
  else if (!parse_person (self, object, error))
    return FALSE;

  if ((self->period_from = get_month (object, "period_from", "period_from", TRUE, error)) == NULL)
    return FALSE;
  if ((self->period_to = get_month (object, "period_to", "period_to", TRUE, error)) == NULL)
    return FALSE;
  if (strcmp (self->period_from, self->period_to) > 0)
    {
      set_field_error (error, "period_to", _("lies before period_from"));
      return FALSE;
    }
  return parse_months (self, object, error);
}

/**
 * yb_certificate_data_new_from_json:
 * @object: the hall's answer to a certificate issue request
 * @hall_url: (nullable): the hall's base URL, joined with `verify_path` into
 *   the verification address the QR code encodes
 * @error: return location for a #GError
 *
 * Checks and copies the certificate data of Hall API section 11. Anything
 * malformed fails with %YB_PRINT_ERROR_INVALID_DATA and a message naming the
 * field.
 *
 * Returns: (transfer full) (nullable): the data, or %NULL on error
 */
YbCertificateData *
yb_certificate_data_new_from_json (JsonObject  *object,
                                   const char  *hall_url,
                                   GError     **error)
{
  g_autoptr(YbCertificateData) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (YbCertificateData, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->json = json_object_ref (object);
  self->months = g_array_new (FALSE, TRUE, sizeof (YbCertificateMonth));
  g_array_set_clear_func (self->months, clear_month);
  if (!parse (self, object, hall_url, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * yb_certificate_data_ref:
 * @self: a #YbCertificateData
 *
 * Returns: (transfer full): @self
 */
YbCertificateData *
yb_certificate_data_ref (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * yb_certificate_data_unref:
 * @self: (transfer full): a #YbCertificateData
 *
 * Drops a reference.
 */
void
yb_certificate_data_unref (YbCertificateData *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  json_object_unref (self->json);
  g_free (self->verification_code);
  g_free (self->verification_url);
  g_clear_pointer (&self->issued_at, g_date_time_unref);
  g_clear_pointer (&self->valid_until, g_date_time_unref);
  g_free (self->unit_no);
  g_free (self->unit_name);
  g_free (self->credit_code);
  g_free (self->person_no);
  g_free (self->person_name);
  g_free (self->id_number);
  g_free (self->id_number_masked);
  g_free (self->person_status);
  g_free (self->start_month);
  g_free (self->last_paid_month);
  g_free (self->period_from);
  g_free (self->period_to);
  g_array_unref (self->months);
  g_free (self);
}

/**
 * yb_certificate_data_get_json:
 * @self: a #YbCertificateData
 *
 * The hall's answer as received, to cache it for printing offline.
 *
 * Returns: (transfer none): the JSON object
 */
JsonObject *
yb_certificate_data_get_json (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->json;
}

/**
 * yb_certificate_data_get_kind:
 * @self: a #YbCertificateData
 *
 * Returns: whether this is a unit or a person certificate
 */
YbCertificateKind
yb_certificate_data_get_kind (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, YB_CERTIFICATE_KIND_UNIT);
  return self->kind;
}

/**
 * yb_certificate_data_get_verification_code:
 * @self: a #YbCertificateData
 *
 * Returns: the verification code, "XXXX-XXXX-XXXX-XXXX"
 */
const char *
yb_certificate_data_get_verification_code (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->verification_code;
}

/**
 * yb_certificate_data_get_verification_url:
 * @self: a #YbCertificateData
 *
 * Returns: the hall's verification address for this certificate (only the
 *   path when no hall URL was given)
 */
const char *
yb_certificate_data_get_verification_url (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->verification_url;
}

/**
 * yb_certificate_data_get_issued_at:
 * @self: a #YbCertificateData
 *
 * Returns: (transfer none): when the hall issued the certificate
 */
GDateTime *
yb_certificate_data_get_issued_at (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->issued_at;
}

/**
 * yb_certificate_data_get_valid_until:
 * @self: a #YbCertificateData
 *
 * Returns: (transfer none): until when the code verifies online (BR-50)
 */
GDateTime *
yb_certificate_data_get_valid_until (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->valid_until;
}

/**
 * yb_certificate_data_get_unit_no:
 * @self: a #YbCertificateData
 *
 * Returns: the 单位编号
 */
const char *
yb_certificate_data_get_unit_no (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->unit_no;
}

/**
 * yb_certificate_data_get_unit_name:
 * @self: a #YbCertificateData
 *
 * Returns: the unit's name
 */
const char *
yb_certificate_data_get_unit_name (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->unit_name;
}

/**
 * yb_certificate_data_get_credit_code:
 * @self: a #YbCertificateData
 *
 * Returns: the unit's 统一社会信用代码
 */
const char *
yb_certificate_data_get_credit_code (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->credit_code;
}

/**
 * yb_certificate_data_get_insured_count:
 * @self: a #YbCertificateData
 *
 * Returns: the people insured by the unit (unit certificates; else 0)
 */
guint
yb_certificate_data_get_insured_count (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->insured_count;
}

/**
 * yb_certificate_data_get_person_no:
 * @self: a #YbCertificateData
 *
 * Returns: (nullable): the person's number (person certificates)
 */
const char *
yb_certificate_data_get_person_no (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->person_no;
}

/**
 * yb_certificate_data_get_person_name:
 * @self: a #YbCertificateData
 *
 * Returns: (nullable): the person's name (person certificates)
 */
const char *
yb_certificate_data_get_person_name (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->person_name;
}

/**
 * yb_certificate_data_get_id_number:
 * @self: a #YbCertificateData
 *
 * Returns: (nullable): the full ID number, if the hall sent it
 */
const char *
yb_certificate_data_get_id_number (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id_number;
}

/**
 * yb_certificate_data_get_id_number_masked:
 * @self: a #YbCertificateData
 *
 * Returns: (nullable): the masked ID number ("3301**********1234")
 */
const char *
yb_certificate_data_get_id_number_masked (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->id_number_masked;
}

/**
 * yb_certificate_data_get_person_status:
 * @self: a #YbCertificateData
 *
 * Returns: (nullable): the person's status code ("insured", "stopped")
 */
const char *
yb_certificate_data_get_person_status (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->person_status;
}

/**
 * yb_certificate_data_get_start_month:
 * @self: a #YbCertificateData
 *
 * Returns: (nullable): the month insurance started, "" if unknown
 */
const char *
yb_certificate_data_get_start_month (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->start_month;
}

/**
 * yb_certificate_data_get_last_paid_month:
 * @self: a #YbCertificateData
 *
 * Returns: (nullable): the last paid month, "" if none
 */
const char *
yb_certificate_data_get_last_paid_month (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->last_paid_month;
}

/**
 * yb_certificate_data_get_period_from:
 * @self: a #YbCertificateData
 *
 * Returns: the first month the certificate covers, "YYYYMM"
 */
const char *
yb_certificate_data_get_period_from (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->period_from;
}

/**
 * yb_certificate_data_get_period_to:
 * @self: a #YbCertificateData
 *
 * Returns: the last month the certificate covers, "YYYYMM"
 */
const char *
yb_certificate_data_get_period_to (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->period_to;
}

/**
 * yb_certificate_data_get_n_months:
 * @self: a #YbCertificateData
 *
 * Returns: the number of months with payments
 */
guint
yb_certificate_data_get_n_months (YbCertificateData *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->months->len;
}

/**
 * yb_certificate_data_get_month:
 * @self: a #YbCertificateData
 * @index: below yb_certificate_data_get_n_months()
 *
 * Returns: (transfer none): one month, in ascending order of periods
 */
const YbCertificateMonth *
yb_certificate_data_get_month (YbCertificateData *self,
                               guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->months->len, NULL);
  return &g_array_index (self->months, YbCertificateMonth, index);
}

/**
 * yb_certificate_period_free:
 * @period: a #YbCertificatePeriod
 *
 * Frees @period.
 */
void
yb_certificate_period_free (YbCertificatePeriod *period)
{
  if (period == NULL)
    return;
  g_free (period->from);
  g_free (period->to);
  g_free (period);
}

/**
 * yb_certificate_data_dup_periods:
 * @self: a #YbCertificateData
 *
 * Joins the paid months into unbroken insured periods.
 *
 * Returns: (transfer container) (element-type YbCertificatePeriod): the
 *   periods, oldest first
 */
GPtrArray *
yb_certificate_data_dup_periods (YbCertificateData *self)
{
  GPtrArray *periods;
  YbCertificatePeriod *run = NULL;
  YbMonth last = YB_MONTH_INVALID;

  g_return_val_if_fail (self != NULL, NULL);

  periods = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_certificate_period_free);
  for (guint i = 0; i < self->months->len; i++)
    {
      const char *period = g_array_index (self->months, YbCertificateMonth, i).period;
      YbMonth month = yb_month_parse (period);

      if (run != NULL && month == yb_month_add (last, 1))
        {
          g_free (run->to);
          run->to = g_strdup (period);
          run->n_months++;
        }
      else
        {
          run = g_new0 (YbCertificatePeriod, 1);
          run->from = g_strdup (period);
          run->to = g_strdup (period);
          run->n_months = 1;
          g_ptr_array_add (periods, run);
        }
      last = month;
    }
  if (run != NULL)
    run->current = g_str_equal (run->to, self->period_to)
                   && (self->kind == YB_CERTIFICATE_KIND_UNIT
                       || g_strcmp0 (self->person_status, "insured") == 0);
  return periods;
}

static void
append_sanitized (GString    *out,
                  const char *text,
                  guint       max_chars)
{
  guint n = 0;

  for (const char *p = text; *p && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isspace (c)
          || (c < 0x80 && strchr ("/\\:*?\"<>|", (int) c) != NULL)
          || (c == '.' && out->len == 0))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }
}

/**
 * yb_certificate_data_dup_file_name:
 * @self: a #YbCertificateData
 *
 * A file name for this certificate's PDF that is safe on every file system:
 * "<name>-<last 4 ID digits>.pdf" for a person, "<unit name>-<unit no>.pdf"
 * for a unit.
 *
 * Returns: (transfer full): the file name, without folder
 */
char *
yb_certificate_data_dup_file_name (YbCertificateData *self)
{
  GString *name = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  if (self->kind == YB_CERTIFICATE_KIND_PERSON)
    {
      const char *id = self->id_number != NULL ? self->id_number : self->id_number_masked;
      gsize n = strlen (id);

      append_sanitized (name, self->person_name, 40);
      g_string_append_c (name, '-');
      append_sanitized (name, n > 4 ? id + n - 4 : id, 4);
    }
  else
    {
      append_sanitized (name, self->unit_name, 60);
      g_string_append_c (name, '-');
      append_sanitized (name, self->unit_no, 40);
    }
  g_string_append (name, ".pdf");
  return g_string_free (name, FALSE);
}
