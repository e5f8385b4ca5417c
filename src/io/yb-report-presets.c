/* yb-report-presets.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The four reports of the 打印 section, built on YbReportDocument from the
 * local store's data, so they print offline too.
 */
#define G_LOG_DOMAIN "YbReportPresets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-declaration.h"
#include "yb-report-presets.h"
#include "yb-roster-person.h"
#include "yb-store-declaration.h"

static GStrv
strv_take (GPtrArray *cells)
{
  g_ptr_array_add (cells, NULL);
  return (GStrv) g_ptr_array_free (cells, FALSE);
}

static char *
text (const char *value)
{
  return g_strdup (value != NULL ? value : "");
}

static const char *
roster_status_label (const char *status)
{
  if (g_strcmp0 (status, "insured") == 0)
    return _("Insured");
  if (g_strcmp0 (status, "stopped") == 0)
    return _("Stopped");
  return status != NULL ? status : "";
}

static const char *
sex_label (const char *sex)
{
  if (g_strcmp0 (sex, "1") == 0)
    return _("Male");
  if (g_strcmp0 (sex, "2") == 0)
    return _("Female");
  return "";
}

static GStrv
roster_row (gpointer item,
            guint    index,
            gpointer user_data)
{
  YbRosterPerson *person = item;
  gboolean full_ids = GPOINTER_TO_INT (user_data);
  GPtrArray *cells = g_ptr_array_new ();

  g_ptr_array_add (cells, g_strdup_printf ("%u", index + 1));
  /* A NULL would end the row early: every cell is a string, maybe empty. */
  g_ptr_array_add (cells, text (yb_roster_person_get_name (person)));
  g_ptr_array_add (cells, full_ids ? text (yb_roster_person_get_id_number (person))
                                   : yb_roster_person_dup_masked_id_number (person));
  if (g_ptr_array_index (cells, cells->len - 1) == NULL)
    g_ptr_array_index (cells, cells->len - 1) = g_strdup ("");
  g_ptr_array_add (cells, text (sex_label (yb_roster_person_get_sex (person))));
  g_ptr_array_add (cells, text (roster_status_label (yb_roster_person_get_status (person))));
  g_ptr_array_add (cells, yb_print_format_month (yb_roster_person_get_insured_from (person)));
  g_ptr_array_add (cells, yb_print_format_month (yb_roster_person_get_stop_month (person)));
  g_ptr_array_add (cells, yb_print_format_money (yb_roster_person_get_base (person)));
  g_ptr_array_add (cells, text (yb_roster_person_get_phone (person)));
  return strv_take (cells);
}

/**
 * yb_report_new_roster:
 * @unit_name: (nullable): the unit
 * @as_of: (nullable): when the roster was last synchronised
 * @roster: a list model of #YbRosterPerson, such as a #YbRosterModel
 * @full_ids: whether to print full ID numbers instead of masked ones
 *
 * The 参保人员花名册 report.
 *
 * Returns: (transfer full): the report
 */
YbReportDocument *
yb_report_new_roster (const char *unit_name,
                      GDateTime  *as_of,
                      GListModel *roster,
                      gboolean    full_ids)
{
  YbReportDocument *report = yb_report_document_new (_("Insured staff roster"));
  g_autofree char *count = NULL;

  g_return_val_if_fail (G_IS_LIST_MODEL (roster), NULL);

  /* Nine columns read better across the page. */
  yb_print_document_set_landscape (YB_PRINT_DOCUMENT (report), TRUE);
  yb_report_document_set_unit_name (report, unit_name);
  yb_report_document_set_data_as_of (report, as_of);
  yb_report_document_add_column (report, _("No."), 0.6, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Name"), 1.2, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, _("ID number"), 2.0, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, _("Sex"), 0.6, PANGO_ALIGN_CENTER);
  yb_report_document_add_column (report, _("Status"), 0.9, PANGO_ALIGN_CENTER);
  yb_report_document_add_column (report, _("Insured from"), 1.0, PANGO_ALIGN_CENTER);
  yb_report_document_add_column (report, _("Stop month"), 1.0, PANGO_ALIGN_CENTER);
  yb_report_document_add_column (report, _("Base"), 1.1, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Phone"), 1.4, PANGO_ALIGN_LEFT);
  yb_report_document_set_model (report, roster, roster_row, GINT_TO_POINTER (full_ids), NULL);
  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people",
                                        g_list_model_get_n_items (roster)),
                           g_list_model_get_n_items (roster));
  yb_report_document_set_subtitle (report, count);
  return report;
}

static const char *
member_text (JsonObject *object,
             const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

static char *
member_money (JsonObject *object,
              const char *member,
              gint64     *sum)
{
  const char *text = member_text (object, member);
  char *end = NULL;
  double value;
  gint64 cents;

  if (*text == '\0')
    return g_strdup ("");
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0')
    return g_strdup (text);
  cents = (gint64) (value * 100 + (value < 0 ? -0.5 : 0.5));
  if (sum != NULL)
    *sum += cents;
  return yb_print_format_money (cents);
}

static char *
member_count (JsonObject *object,
              const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return g_strdup ("");
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
}

static JsonObject *
element_object (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static GStrv
unit_payment_row (guint    index,
                  gpointer user_data)
{
  JsonObject *object = element_object (user_data, index);
  GPtrArray *cells = g_ptr_array_new ();

  g_ptr_array_add (cells, yb_print_format_month (member_text (object, "period")));
  g_ptr_array_add (cells, text (member_text (object, "insurance_label")));
  g_ptr_array_add (cells, member_count (object, "headcount"));
  g_ptr_array_add (cells, member_money (object, "base_total", NULL));
  g_ptr_array_add (cells, member_money (object, "unit_amount", NULL));
  g_ptr_array_add (cells, member_money (object, "personal_amount", NULL));
  g_ptr_array_add (cells, member_money (object, "total", NULL));
  return strv_take (cells);
}

static char *
dup_period_line (const char *from,
                 const char *to)
{
  g_autofree char *a = yb_print_format_month (from);
  g_autofree char *b = yb_print_format_month (to);

  /* Translators: the billing period of a payment report, "2025.03 – 2026.02" */
  return g_strdup_printf (_("Period: %s – %s"), a, b);
}

static char *
dup_totals (JsonArray  *payments,
            const char *unit_member,
            const char *personal_member)
{
  gint64 unit = 0, personal = 0;
  g_autofree char *unit_text = NULL;
  g_autofree char *personal_text = NULL;
  g_autofree char *total_text = NULL;

  for (guint i = 0; i < json_array_get_length (payments); i++)
    {
      JsonObject *object = element_object (payments, i);

      g_free (member_money (object, unit_member, &unit));
      g_free (member_money (object, personal_member, &personal));
    }
  unit_text = yb_print_format_money (unit);
  personal_text = yb_print_format_money (personal);
  total_text = yb_print_format_money (unit + personal);
  /* Translators: the totals line under a payment report, amounts in yuan */
  return g_strdup_printf (_("Totals: unit part %s, personal part %s, together %s yuan"), unit_text,
                          personal_text, total_text);
}

/**
 * yb_report_new_unit_payments:
 * @unit_name: (nullable): the unit
 * @as_of: (nullable): when the payments were fetched from the hall
 * @from: the first month "YYYYMM"
 * @to: the last month "YYYYMM"
 * @payments: the unit payment rows of Hall API section 9 (as cached)
 *
 * The 单位缴费明细 report, with totals.
 *
 * Returns: (transfer full): the report
 */
YbReportDocument *
yb_report_new_unit_payments (const char *unit_name,
                             GDateTime  *as_of,
                             const char *from,
                             const char *to,
                             JsonArray  *payments)
{
  YbReportDocument *report = yb_report_document_new (_("Unit payment details"));
  g_autofree char *period = dup_period_line (from, to);
  g_autofree char *totals = NULL;

  g_return_val_if_fail (payments != NULL, NULL);

  yb_report_document_set_unit_name (report, unit_name);
  yb_report_document_set_data_as_of (report, as_of);
  yb_report_document_set_subtitle (report, period);
  yb_report_document_add_column (report, _("Period"), 0.9, PANGO_ALIGN_CENTER);
  yb_report_document_add_column (report, _("Insurance type"), 1.8, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, _("Headcount"), 1.0, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Base total"), 1.3, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Unit part"), 1.2, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Personal part"), 1.2, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Total"), 1.2, PANGO_ALIGN_RIGHT);
  yb_report_document_set_rows (report, json_array_get_length (payments), unit_payment_row,
                               json_array_ref (payments), (GDestroyNotify) json_array_unref);
  totals = dup_totals (payments, "unit_amount", "personal_amount");
  yb_report_document_set_summary (report, totals);
  return report;
}

static const char *
payment_status_label (const char *status)
{
  if (g_strcmp0 (status, "paid") == 0)
    return _("Paid");
  if (g_strcmp0 (status, "unpaid") == 0 || g_strcmp0 (status, "due") == 0)
    return _("Due");
  return status;
}

static GStrv
person_payment_row (guint    index,
                    gpointer user_data)
{
  JsonObject *object = element_object (user_data, index);
  GPtrArray *cells = g_ptr_array_new ();

  g_ptr_array_add (cells, yb_print_format_month (member_text (object, "period")));
  g_ptr_array_add (cells, text (member_text (object, "insurance_label")));
  g_ptr_array_add (cells, member_money (object, "base", NULL));
  g_ptr_array_add (cells, member_money (object, "unit_amount", NULL));
  g_ptr_array_add (cells, member_money (object, "personal_amount", NULL));
  g_ptr_array_add (cells, text (payment_status_label (member_text (object, "status"))));
  return strv_take (cells);
}

/**
 * yb_report_new_person_payments:
 * @unit_name: (nullable): the unit
 * @as_of: (nullable): when the payments were fetched from the hall
 * @person_name: the person
 * @from: the first month "YYYYMM"
 * @to: the last month "YYYYMM"
 * @payments: the employee payment rows of Hall API section 9 for one person
 *
 * One person's 个人缴费明细 report, with totals.
 *
 * Returns: (transfer full): the report
 */
YbReportDocument *
yb_report_new_person_payments (const char *unit_name,
                               GDateTime  *as_of,
                               const char *person_name,
                               const char *from,
                               const char *to,
                               JsonArray  *payments)
{
  YbReportDocument *report = yb_report_document_new (_("Personal payment details"));
  g_autofree char *period = dup_period_line (from, to);
  g_autofree char *subtitle = NULL;
  g_autofree char *totals = NULL;

  g_return_val_if_fail (person_name != NULL, NULL);
  g_return_val_if_fail (payments != NULL, NULL);

  /* Translators: a person's name, then the billing period line */
  subtitle = g_strdup_printf (_("Insured person: %s    %s"), person_name, period);
  yb_report_document_set_unit_name (report, unit_name);
  yb_report_document_set_data_as_of (report, as_of);
  yb_report_document_set_subtitle (report, subtitle);
  yb_report_document_add_column (report, _("Period"), 0.9, PANGO_ALIGN_CENTER);
  yb_report_document_add_column (report, _("Insurance type"), 1.8, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, _("Base"), 1.2, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Unit part"), 1.2, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Personal part"), 1.2, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Status"), 0.8, PANGO_ALIGN_CENTER);
  yb_report_document_set_rows (report, json_array_get_length (payments), person_payment_row,
                               json_array_ref (payments), (GDestroyNotify) json_array_unref);
  totals = dup_totals (payments, "unit_amount", "personal_amount");
  yb_report_document_set_summary (report, totals);
  return report;
}

static const char *
declaration_state_label (YbDeclarationState state)
{
  switch (state)
    {
    case YB_DECLARATION_DRAFT:
      return _("Draft");
    case YB_DECLARATION_QUEUED:
      return _("Waiting to send");
    case YB_DECLARATION_SENDING:
      return _("Sending");
    case YB_DECLARATION_SEND_ERROR:
      return _("Send failed");
    case YB_DECLARATION_SUBMITTED:
      return _("Under review");
    case YB_DECLARATION_APPROVED:
      return _("Approved");
    case YB_DECLARATION_REJECTED:
      return _("Rejected");
    case YB_DECLARATION_WITHDRAWN:
      return _("Withdrawn");
    default:
      return "";
    }
}

static GStrv
outbox_row (gpointer item,
            guint    index,
            gpointer user_data)
{
  YbStoreDeclaration *declaration = item;
  GPtrArray *cells = g_ptr_array_new ();
  YbDeclarationKind kind;
  const char *id = yb_store_declaration_get_person_id_number (declaration);
  const char *note = yb_store_declaration_get_reject_reason (declaration);
  g_autoptr(GDateTime) updated = NULL;

  g_ptr_array_add (cells, g_strdup_printf ("%u", index + 1));
  if (yb_declaration_kind_from_string (yb_store_declaration_get_kind (declaration), &kind))
    g_ptr_array_add (cells, text (yb_declaration_kind_get_label (kind)));
  else
    g_ptr_array_add (cells, text (yb_store_declaration_get_kind (declaration)));
  g_ptr_array_add (cells, text (yb_store_declaration_get_person_name (declaration)));
  /* The outbox report never shows whole ID numbers: only the last four. */
  if (id != NULL && strlen (id) > 4)
    g_ptr_array_add (cells, g_strdup_printf ("…%s", id + strlen (id) - 4));
  else
    g_ptr_array_add (cells, g_strdup (""));
  g_ptr_array_add (cells,
                   g_strdup (declaration_state_label (
                     yb_store_declaration_get_state (declaration))));
  g_ptr_array_add (cells, text (yb_store_declaration_get_hall_id (declaration)));
  updated = g_date_time_new_from_unix_local (yb_store_declaration_get_updated_at (declaration));
  g_ptr_array_add (cells, updated != NULL ? g_date_time_format (updated, "%Y-%m-%d %H:%M")
                                          : g_strdup (""));
  if (note == NULL || *note == '\0')
    note = yb_store_declaration_get_last_error (declaration);
  g_ptr_array_add (cells, text (note));
  return strv_take (cells);
}

/**
 * yb_report_new_outbox:
 * @unit_name: (nullable): the unit
 * @as_of: (nullable): when declaration statuses were last fetched
 * @declarations: a list model of #YbStoreDeclaration
 *
 * The outbox and progress list (办件进度).
 *
 * Returns: (transfer full): the report, in landscape
 */
YbReportDocument *
yb_report_new_outbox (const char *unit_name,
                      GDateTime  *as_of,
                      GListModel *declarations)
{
  YbReportDocument *report = yb_report_document_new (_("Declarations and their progress"));

  g_return_val_if_fail (G_IS_LIST_MODEL (declarations), NULL);

  yb_print_document_set_landscape (YB_PRINT_DOCUMENT (report), TRUE);
  yb_report_document_set_unit_name (report, unit_name);
  yb_report_document_set_data_as_of (report, as_of);
  yb_report_document_add_column (report, _("No."), 0.5, PANGO_ALIGN_RIGHT);
  yb_report_document_add_column (report, _("Kind"), 1.5, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, _("Name"), 1.1, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, _("ID number"), 0.8, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, _("State"), 1.1, PANGO_ALIGN_CENTER);
  yb_report_document_add_column (report, _("Hall number"), 1.3, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, _("Updated"), 1.3, PANGO_ALIGN_CENTER);
  yb_report_document_add_column (report, _("Reason or error"), 3.0, PANGO_ALIGN_LEFT);
  yb_report_document_set_model (report, declarations, outbox_row, NULL, NULL);
  return report;
}
