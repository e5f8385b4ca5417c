/* yb-reduction-form.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbReductionForm"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-reduction-form.h"
#include "yb-rules.h"

/*
 * The reduction form without widgets: building one reduce declaration per selected person
 * from the roster entry and the values the clerk chose, checking it, and turning the findings
 * of every person into the form state the page shows (STYLE.md, form-state struct).
 */

/* The person's fields a reduction carries, copied from the hall's roster entry so the hall
 * forms that want the whole person (舟山 中断) get it without the clerk typing it again. */
static const char * const person_fields[] = {
  "person_no", "id_type", "id_number", "name", "sex", "birth_date", "ethnicity", "phone",
  "work_start_date", "employment_form", "hukou_type",
};

static const char * const groups[] = { "basic", "contact", "insurance" };

static JsonNode *
person_member (JsonObject *person,
               const char *member)
{
  JsonNode *node;

  if (person == NULL)
    return NULL;
  node = json_object_get_member (person, member);
  if (node != NULL)
    return node;
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      JsonNode *group = json_object_get_member (person, groups[i]);

      if (group != NULL && JSON_NODE_HOLDS_OBJECT (group))
        {
          node = json_object_get_member (json_node_get_object (group), member);
          if (node != NULL)
            return node;
        }
    }
  return NULL;
}

/* Text of a scalar member; numbers are written the way the hall writes money. */
static char *
person_text (JsonObject *person,
             const char *member)
{
  JsonNode *node = person_member (person, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return *json_node_get_string (node) != '\0' ? g_strdup (json_node_get_string (node)) : NULL;
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", json_node_get_double (node)));
      }
    default:
      return NULL;
    }
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  while (g_ascii_isspace (*text))
    text++;
  return *text == '\0';
}

/**
 * yb_reduction_form_build:
 * @person: (nullable): the person's roster entry as the hall sent it (flat or grouped)
 * @values: what the clerk chose on the form
 * @agent_name: (nullable): the unit's 经办人
 * @agent_phone: (nullable): the 经办人's phone
 *
 * Builds the reduce declaration of one person. An empty wage on the form means the
 * person's own wage from the roster (申报工资 is prefilled, BR-27).
 *
 * Returns: (transfer full): the declaration
 */
YbDeclaration *
yb_reduction_form_build (JsonObject                  *person,
                         const YbReductionFormValues *values,
                         const char                  *agent_name,
                         const char                  *agent_phone)
{
  YbDeclaration *decl = yb_declaration_new (YB_DECLARATION_REDUCE);
  g_autofree char *wage = NULL;

  g_return_val_if_fail (values != NULL, decl);

  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      g_autofree char *text = person_text (person, person_fields[i]);

      if (text != NULL)
        yb_declaration_set_string (decl, person_fields[i], text);
    }

  if (!is_blank (values->reason))
    yb_declaration_set_string (decl, "reason", values->reason);
  if (!is_blank (values->stop_month))
    yb_declaration_set_string (decl, "stop_month", values->stop_month);

  if (!is_blank (values->wage))
    wage = g_strstrip (g_strdup (values->wage));
  else
    wage = person_text (person, "wage");
  if (wage != NULL)
    yb_declaration_set_string (decl, "wage", wage);

  if (!is_blank (agent_name))
    yb_declaration_set_string (decl, "agent_name", agent_name);
  if (!is_blank (agent_phone))
    yb_declaration_set_string (decl, "agent_phone", agent_phone);

  return decl;
}

/**
 * yb_reduction_form_person_status:
 * @person: (nullable): a roster entry
 *
 * Returns: (nullable): the hall's status code of the person ("insured", "stopped", …)
 */
const char *
yb_reduction_form_person_status (JsonObject *person)
{
  JsonNode *node = person_member (person, "status");

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * yb_reduction_status_label:
 * @status: (nullable): the hall's status code
 *
 * Returns: the status in the clerk's language (参保缴费 for "insured")
 */
const char *
yb_reduction_status_label (const char *status)
{
  if (status == NULL)
    return "";
  if (g_str_equal (status, "insured"))
    return C_("insured status", "Insured");
  if (g_str_equal (status, "stopped"))
    return C_("insured status", "Stopped");
  if (g_str_equal (status, "suspended"))
    return C_("insured status", "Suspended");
  if (g_str_equal (status, "retired"))
    return C_("insured status", "Retired");
  return status;
}

/* The form's own inputs. */
static gboolean
is_form_field (const char *field)
{
  return g_strcmp0 (field, "reason") == 0 || g_strcmp0 (field, "stop_month") == 0
         || g_strcmp0 (field, "wage") == 0;
}

/* Whether the reduction sends @field to the hall: the form's inputs and the fields the
 * region's reduce form requires. A finding without a field concerns the whole declaration. */
static gboolean
is_sent_field (YbRegionProfile *profile,
               const char      *field)
{
  const char * const *required;

  if (field == NULL || *field == '\0' || is_form_field (field)
      || g_str_equal (field, "status"))
    return TRUE;
  required = yb_region_profile_get_required_fields (profile, "reduce");
  return required != NULL && g_strv_contains (required, field);
}

/**
 * yb_reduction_form_check:
 * @decl: a reduce declaration built by yb_reduction_form_build()
 * @status: (nullable): the person's status in the roster; %NULL when unknown
 * @profile: the region profile
 * @now: the time rules are judged at
 *
 * The rule engine's findings plus what only the roster knows: only insured people
 * (参保缴费) can be reduced, the hall answers anyone else with NOT_INSURED; and a wage the
 * region requires that is neither typed nor in the person's roster entry is reported as
 * %YB_REDUCTION_WAGE_NOT_IN_ROSTER, naming the person. Warnings about fields the form
 * neither shows nor sends for this region (the profile's required fields of `reduce`) are
 * dropped.
 *
 * Returns: (transfer full) (element-type YbFinding): the findings
 */
GPtrArray *
yb_reduction_form_check (YbDeclaration   *decl,
                         const char      *status,
                         YbRegionProfile *profile,
                         GDateTime       *now)
{
  GPtrArray *findings;

  g_return_val_if_fail (YB_IS_DECLARATION (decl), NULL);
  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), NULL);

  findings = yb_rules_check (decl, profile, now);

  /* The person's fields come from the hall's own roster and the form neither shows them nor
   * asks for them: a warning about one the region's reduce form does not need (the phone
   * number's range, in 杭州) is not the clerk's business here. Errors stay; they block. */
  for (guint i = findings->len; i > 0; i--)
    {
      const YbFinding *finding = g_ptr_array_index (findings, i - 1);

      if (!yb_finding_is_error (finding) && !is_sent_field (profile, finding->field))
        g_ptr_array_remove_index (findings, i - 1);
    }

  /* No wage on the declaration means the form's was left empty and the roster has none for
   * this person (the hall's roster list carries no wage): say whose wage is missing rather
   * than "fill in the wage", which the clerk reads as the form's field. */
  if (yb_declaration_get_string (decl, "wage") == NULL)
    for (guint i = 0; i < findings->len; i++)
      {
        YbFinding *finding = g_ptr_array_index (findings, i);
        const char *name = yb_declaration_get_string (decl, "name");

        if (g_strcmp0 (finding->field, "wage") != 0 || g_strcmp0 (finding->code, "REQUIRED") != 0)
          continue;
        if (name == NULL)
          name = yb_declaration_get_string (decl, "person_no");
        g_ptr_array_index (findings, i) = yb_finding_new_printf (
          YB_SEVERITY_ERROR, "wage", YB_REDUCTION_WAGE_NOT_IN_ROSTER,
          /* Translators: %s is the person's name */
          _("The roster has no wage for %s: enter the declared wage."),
          name != NULL ? name : _("Unnamed person"));
        yb_finding_free (finding);
      }

  if (status != NULL && !g_str_equal (status, "insured"))
    g_ptr_array_add (findings,
                     yb_finding_new_printf (YB_SEVERITY_ERROR, "status", "NOT_INSURED",
                                            _("Status is “%s”: only insured people can be "
                                              "reduced."),
                                            yb_reduction_status_label (status)));
  return findings;
}

/**
 * yb_reduction_findings_to_json:
 * @findings: (element-type YbFinding): findings
 *
 * Returns: (transfer full): the findings as the store keeps them, a JSON array of
 *   `{severity, field, code, message}`
 */
char *
yb_reduction_findings_to_json (GPtrArray *findings)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      const YbFinding *finding = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, yb_finding_is_error (finding) ? "error"
                                                                             : "warning");
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, finding->field);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, finding->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, finding->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * yb_reduction_format_wage:
 * @cents: an amount in cents, or a negative number for none
 *
 * Returns: (transfer full) (nullable): the amount in yuan as the wage entry shows it
 *   ("8000.00"), or %NULL for none
 */
char *
yb_reduction_format_wage (gint64 cents)
{
  if (cents < 0)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", cents / 100, (int) (cents % 100));
}

/* Adds @message to @lines unless it is there already; @who names the person when the
 * message is about some of several people only. */
static void
add_line (GPtrArray  *lines,
          const char *who,
          const char *message)
{
  g_autofree char *line = who != NULL ? g_strdup_printf (_("%s: %s"), who, message)
                                      : g_strdup (message);

  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (g_ptr_array_index (lines, i), line))
      return;
  g_ptr_array_add (lines, g_steal_pointer (&line));
}

static char *
join_lines (GPtrArray *lines)
{
  if (lines->len == 0)
    return NULL;
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* Whether every person has a finding with this field and message. */
static gboolean
shared_by_all (GPtrArray       **findings,
               guint             n_people,
               const YbFinding  *finding)
{
  for (guint p = 0; p < n_people; p++)
    {
      gboolean found = FALSE;

      for (guint i = 0; !found && i < findings[p]->len; i++)
        {
          const YbFinding *other = g_ptr_array_index (findings[p], i);

          found = g_strcmp0 (other->field, finding->field) == 0
                  && g_strcmp0 (other->message, finding->message) == 0;
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/**
 * yb_reduction_form_state_new:
 * @profile: the region profile
 * @values: what the clerk chose
 * @decls: (array length=n_people): the declaration of each selected person
 * @findings: (array length=n_people): the findings of each (yb_reduction_form_check())
 * @n_people: how many people are selected
 *
 * Computes what the form shows: the text under each input, the people's own problems, the
 * meaning of the stop month and which actions are enabled. Saving drafts needs insured
 * people; submitting also needs no error at all.
 *
 * Returns: (transfer full): the state
 */
YbReductionFormState *
yb_reduction_form_state_new (YbRegionProfile             *profile,
                             const YbReductionFormValues *values,
                             YbDeclaration              **decls,
                             GPtrArray                  **findings,
                             guint                        n_people)
{
  YbReductionFormState *state = g_new0 (YbReductionFormState, 1);
  g_autoptr (GPtrArray) reason = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) stop_month = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) wage = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) people = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  YbMonth month;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), state);
  g_return_val_if_fail (values != NULL, state);
  g_return_val_if_fail (n_people == 0 || (decls != NULL && findings != NULL), state);

  state->n_people = n_people;
  for (guint p = 0; p < n_people; p++)
    {
      const char *name = yb_declaration_get_string (decls[p], "name");
      const char *who;

      if (name == NULL)
        name = yb_declaration_get_string (decls[p], "person_no");
      if (name == NULL)
        name = _("Unnamed person");

      for (guint i = 0; i < findings[p]->len; i++)
        {
          const YbFinding *finding = g_ptr_array_index (findings[p], i);
          GPtrArray *lines;

          if (g_strcmp0 (finding->code, "NOT_INSURED") == 0)
            state->n_not_insured++;
          if (yb_finding_is_error (finding))
            state->has_errors = TRUE;

          who = n_people > 1 && !shared_by_all (findings, n_people, finding) ? name : NULL;
          /* That message names the person already. */
          if (g_strcmp0 (finding->code, YB_REDUCTION_WAGE_NOT_IN_ROSTER) == 0)
            who = NULL;
          /* A form field's problem waits until the clerk left the field or tried to save;
           * it still blocks meanwhile. */
          if (is_form_field (finding->field) && !values->show_all
              && (values->left_fields == NULL
                  || !g_hash_table_contains (values->left_fields, finding->field)))
            continue;
          if (!yb_finding_is_error (finding))
            {
              lines = warnings;
              /* A warning about the person's own data says whose. */
              if (!is_form_field (finding->field) && finding->field != NULL)
                who = name;
            }
          else if (g_strcmp0 (finding->field, "reason") == 0)
            lines = reason;
          else if (g_strcmp0 (finding->field, "stop_month") == 0)
            lines = stop_month;
          else if (g_strcmp0 (finding->field, "wage") == 0)
            lines = wage;
          else
            {
              lines = people;
              /* A person's own problem always names the person. */
              who = name;
            }
          add_line (lines, who, finding->message);
        }
    }

  state->reason_error = join_lines (reason);
  state->stop_month_error = join_lines (stop_month);
  state->wage_error = join_lines (wage);
  state->people_error = join_lines (people);
  state->warnings = join_lines (warnings);

  month = values->stop_month != NULL ? yb_month_parse (values->stop_month) : YB_MONTH_INVALID;
  state->last_paid = yb_month_is_valid (month) ? yb_rules_describe_last_paid (profile, month)
                                               : g_strdup ("");
  state->retiree_reason = g_strcmp0 (values->reason, YB_REDUCTION_RETIREMENT_REASON) == 0;

  if (n_people == 0)
    state->summary = g_strdup (_("Select the people to reduce in the list."));
  else
    state->summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person selected",
                                                   "%u people selected", n_people),
                                      n_people);

  state->can_save = n_people > 0 && state->n_not_insured == 0;
  state->can_submit = n_people > 0 && !state->has_errors;
  return state;
}

/**
 * yb_reduction_form_state_free:
 * @state: (nullable): a form state
 *
 * Frees @state.
 */
void
yb_reduction_form_state_free (YbReductionFormState *state)
{
  if (state == NULL)
    return;
  g_free (state->summary);
  g_free (state->reason_error);
  g_free (state->stop_month_error);
  g_free (state->wage_error);
  g_free (state->people_error);
  g_free (state->warnings);
  g_free (state->last_paid);
  g_free (state);
}
