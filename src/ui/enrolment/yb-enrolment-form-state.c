/* yb-enrolment-form-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbEnrolmentFormState"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-enrolment-form-state.h"
#include "yb-field-checks.h"
#include "yb-rules.h"

/*
 * The enrolment form's state as plain data (STYLE.md, UI): the page feeds it
 * the draft, the clerk's progress through the form and the hall's earlier
 * reasons, and reads back which message stands under which field, whether
 * submit is enabled, the allowed months and the derived contribution base.
 * Nothing here touches a widget, so it is tested without a display.
 */

/* Form order (BR-11, BR-14): the first error in this order gets the focus. */
static const char * const form_fields[] = {
  "id_type", "id_number", "name", "sex", "birth_date", "ethnicity", "education", "hukou_type",
  "start_month", "reason", "employment_form", "work_start_date", "wage",
  "phone", "address", "postcode", "email",
  "contract_start", "contract_end", "job_type",
  "agent_name", "agent_phone",
  NULL
};

/* Months offered in the menu before the current one when the hall's limit is unknown. */
#define UNKNOWN_LIMIT_MONTHS_BACK 2

/* A full resident ID number has this many characters (BR-55). */
#define ID_NUMBER_LENGTH 18

static gboolean
is_form_field (const char *field)
{
  return field != NULL && g_strv_contains (form_fields, field);
}

/* The check digit and the other ID findings show while typing once the whole
 * number is in: before that every prefix would be "too short". */
static gboolean
id_number_complete (YbDeclaration *decl)
{
  g_autofree char *normal = yb_text_normalize (yb_declaration_get_string (decl, "id_number"));

  return g_utf8_strlen (normal, -1) >= ID_NUMBER_LENGTH;
}

static gboolean
field_is_visible (const YbEnrolmentFormInput *input,
                  const char                 *field)
{
  if (input->show_all)
    return TRUE;
  if (input->left_fields != NULL && g_hash_table_contains (input->left_fields, field))
    return TRUE;
  if (g_str_equal (field, "id_number") && id_number_complete (input->declaration))
    return TRUE;
  return FALSE;
}

/* Keeps the most severe finding per field; the first one wins among equals. */
static void
remember_finding (GHashTable *messages,
                  YbFinding  *finding)
{
  YbFinding *old = g_hash_table_lookup (messages, finding->field);

  if (old == NULL || (!yb_finding_is_error (old) && yb_finding_is_error (finding)))
    g_hash_table_insert (messages, (gpointer) g_intern_string (finding->field), finding);
}

static void
compute_required (YbEnrolmentFormState       *self,
                  const YbEnrolmentFormInput *input)
{
  const char *kind_id = yb_declaration_kind_to_string (self->kind);
  const char * const *required;

  /* The rule engine's minimum for every enrolment, then the hall's form. */
  g_hash_table_add (self->required, (gpointer) "id_number");
  g_hash_table_add (self->required, (gpointer) "name");
  g_hash_table_add (self->required, (gpointer) "start_month");

  required = yb_region_profile_get_required_fields (input->profile, kind_id);
  for (guint i = 0; required != NULL && required[i] != NULL; i++)
    if (is_form_field (required[i]))
      g_hash_table_add (self->required, (gpointer) g_intern_string (required[i]));
}

static void
compute_findings (YbEnrolmentFormState       *self,
                  const YbEnrolmentFormInput *input)
{
  self->findings = yb_rules_check (input->declaration, input->profile, input->now);

  for (guint i = 0; i < self->findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (self->findings, i);

      if (g_strcmp0 (finding->code, "WINDOW_CLOSED") == 0)
        continue;

      if (yb_finding_is_error (finding))
        self->n_errors++;

      if (finding->field == NULL || !is_form_field (finding->field))
        {
          if (yb_finding_is_error (finding) && self->general_message == NULL)
            self->general_message = g_strdup (finding->message);
          continue;
        }

      remember_finding (self->messages, finding);
    }

  /* The hall's reasons stand under their fields until the clerk edits them;
   * they inform and do not block, since only the hall can judge them again. */
  for (guint i = 0; input->hall_findings != NULL && i < input->hall_findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (input->hall_findings, i);

      if (finding->field == NULL || !is_form_field (finding->field))
        {
          if (self->general_message == NULL)
            self->general_message = g_strdup (finding->message);
          continue;
        }
      if (!g_hash_table_contains (self->messages, finding->field))
        g_hash_table_insert (self->messages, (gpointer) g_intern_string (finding->field),
                             finding);
      g_hash_table_add (self->visible, (gpointer) g_intern_string (finding->field));
    }

  for (guint i = 0; form_fields[i] != NULL; i++)
    {
      YbFinding *finding = g_hash_table_lookup (self->messages, form_fields[i]);

      if (finding == NULL)
        continue;
      if (field_is_visible (input, form_fields[i]))
        g_hash_table_add (self->visible, (gpointer) form_fields[i]);
      if (self->first_error_field == NULL && yb_finding_is_error (finding) &&
          g_ptr_array_find (self->findings, finding, NULL))
        self->first_error_field = g_strdup (form_fields[i]);
    }

  self->has_errors = self->n_errors > 0;
  self->can_submit = !self->has_errors;
}

static void
compute_window (YbEnrolmentFormState       *self,
                const YbEnrolmentFormInput *input)
{
  const char *kind_id = yb_declaration_kind_to_string (self->kind);
  g_autofree char *when = NULL;

  self->window_open = TRUE;
  self->window_applies = yb_region_profile_window_applies_to (input->profile, kind_id);
  if (!self->window_applies)
    return;

  yb_region_profile_window_state (input->profile, input->now, &self->window_open,
                                  &self->window_reopens);
  if (self->window_open)
    return;

  if (self->window_reopens == NULL)
    {
      self->window_text = g_strdup (_("The hall is closed for enrolment now. You can still "
                                      "submit: the declaration waits in the outbox and is "
                                      "sent when the hall opens again."));
      return;
    }

  /* Translators: date and time of reopening, g_date_time_format() format;
   * zh_CN "%Y年%m月%d日 %H:%M" */
  when = g_date_time_format (self->window_reopens, _("%Y-%m-%d %H:%M"));
  self->window_text = g_strdup_printf (_("The hall is closed for enrolment until %s. You can "
                                         "still submit: the declaration waits in the outbox "
                                         "and is sent when the window opens."), when);
}

static void
compute_months (YbEnrolmentFormState       *self,
                const YbEnrolmentFormInput *input)
{
  g_autofree char *latest = NULL;
  YbMonth first;

  yb_rules_enrol_month_range (input->profile, input->now, &self->earliest, &self->latest);
  latest = yb_month_format (self->latest);

  if (yb_month_is_valid (self->earliest))
    {
      g_autofree char *earliest = yb_month_format (self->earliest);

      /* Translators: both %s are months from yb_month_format(); zh_CN
       * "可选月份：%s 至 %s" */
      self->month_range_text = g_strdup_printf (_("Allowed: %s to %s"), earliest, latest);
      first = self->earliest;
    }
  else
    {
      /* Translators: %s is a month from yb_month_format() */
      self->month_range_text = g_strdup_printf (_("Allowed: up to %s. The manuals do not say "
                                                   "how far back this hall accepts."), latest);
      first = yb_month_add (yb_rules_current_month (input->profile, input->now),
                            -UNKNOWN_LIMIT_MONTHS_BACK);
      if (first > self->latest)
        first = self->latest;
    }

  self->offered_months = g_array_new (FALSE, FALSE, sizeof (YbMonth));
  for (YbMonth m = first; m <= self->latest; m = yb_month_add (m, 1))
    g_array_append_val (self->offered_months, m);
}

static void
compute_base (YbEnrolmentFormState       *self,
              const YbEnrolmentFormInput *input)
{
  const char *wage_text = yb_declaration_get_string (input->declaration, "wage");
  YbMonth start = yb_month_parse (yb_declaration_get_string (input->declaration, "start_month"));
  const YbBaseLimits *limits;
  gboolean clamped = FALSE;
  gint64 wage;
  int year;

  self->base_text = g_strdup ("");
  if (wage_text == NULL || !yb_parse_money (wage_text, &wage) || wage <= 0)
    return;

  year = yb_month_is_valid (start) ? yb_month_get_year (start) : g_date_time_get_year (input->now);
  self->base_known = TRUE;
  self->base_cents = yb_rules_contribution_base (input->profile, wage, year, &clamped);
  g_free (self->base_text);
  self->base_text = yb_format_money (self->base_cents);

  if (!clamped)
    return;

  limits = yb_region_profile_find_base_limits (input->profile, year, NULL);
  if (limits != NULL && wage < limits->floor.amount_cents)
    self->base_note = g_strdup_printf (_("Raised to the lowest contribution base of %d."), year);
  else
    self->base_note = g_strdup_printf (_("Lowered to the highest contribution base of %d."),
                                       year);
}

/**
 * yb_enrolment_form_state_get_fields:
 *
 * Returns: (transfer none): the field keys of the enrolment form, in form order
 */
const char * const *
yb_enrolment_form_state_get_fields (void)
{
  return form_fields;
}

/**
 * yb_enrolment_form_state_new:
 * @input: what the state is computed from
 *
 * Runs the rule check and works out what the form shows.
 *
 * Returns: (transfer full): the state; free with yb_enrolment_form_state_free()
 */
YbEnrolmentFormState *
yb_enrolment_form_state_new (const YbEnrolmentFormInput *input)
{
  YbEnrolmentFormState *self;

  g_return_val_if_fail (input != NULL, NULL);
  g_return_val_if_fail (YB_IS_DECLARATION (input->declaration), NULL);
  g_return_val_if_fail (YB_IS_REGION_PROFILE (input->profile), NULL);
  g_return_val_if_fail (input->now != NULL, NULL);

  self = g_new0 (YbEnrolmentFormState, 1);
  self->kind = yb_declaration_get_kind (input->declaration);
  self->required = g_hash_table_new (g_str_hash, g_str_equal);
  self->visible = g_hash_table_new (g_str_hash, g_str_equal);
  self->messages = g_hash_table_new (g_str_hash, g_str_equal);

  compute_required (self, input);
  compute_findings (self, input);
  compute_window (self, input);
  compute_months (self, input);
  compute_base (self, input);

  /* The hall findings are borrowed: keep copies so the state outlives them. */
  if (input->hall_findings != NULL && input->hall_findings->len > 0)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->messages);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          if (!g_ptr_array_find (self->findings, value, NULL))
            {
              YbFinding *copy = yb_finding_copy (value);

              /* Appended after the rule findings, so has_errors stays as computed. */
              g_ptr_array_add (self->findings, copy);
              g_hash_table_iter_replace (&iter, copy);
            }
        }
    }

  return self;
}

void
yb_enrolment_form_state_free (YbEnrolmentFormState *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->required, g_hash_table_unref);
  g_clear_pointer (&self->visible, g_hash_table_unref);
  g_clear_pointer (&self->messages, g_hash_table_unref);
  g_clear_pointer (&self->window_reopens, g_date_time_unref);
  g_clear_pointer (&self->offered_months, g_array_unref);
  g_free (self->first_error_field);
  g_free (self->general_message);
  g_free (self->window_text);
  g_free (self->month_range_text);
  g_free (self->base_text);
  g_free (self->base_note);
  g_free (self);
}

/**
 * yb_enrolment_form_state_is_required:
 * @self: a form state
 * @field: a field key
 *
 * Returns: %TRUE when the hall's form marks @field as required (or the rule
 *   engine needs it for every enrolment)
 */
gboolean
yb_enrolment_form_state_is_required (YbEnrolmentFormState *self,
                                     const char           *field)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);

  return g_hash_table_contains (self->required, field);
}

/**
 * yb_enrolment_form_state_get_finding:
 * @self: a form state
 * @field: a field key
 *
 * Returns: (nullable) (transfer none): the most severe finding on @field,
 *   shown or not
 */
const YbFinding *
yb_enrolment_form_state_get_finding (YbEnrolmentFormState *self,
                                     const char           *field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  return g_hash_table_lookup (self->messages, field);
}

/**
 * yb_enrolment_form_state_get_shown:
 * @self: a form state
 * @field: a field key
 *
 * A field's finding is shown once the clerk has left the field, after the
 * clerk asked to see all problems, while an ID number of full length is typed,
 * and always for the hall's own reasons.
 *
 * Returns: (nullable) (transfer none): the finding to show under @field
 */
const YbFinding *
yb_enrolment_form_state_get_shown (YbEnrolmentFormState *self,
                                   const char           *field)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);

  if (!g_hash_table_contains (self->visible, field))
    return NULL;
  return g_hash_table_lookup (self->messages, field);
}
