/* yb-rules.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRules"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-credit-code.h"
#include "yb-field-checks.h"
#include "yb-id-number.h"
#include "yb-rules.h"

/* A monthly wage above this (ten million yuan) is a typing error, not a wage. */
#define MAX_WAGE_CENTS G_GINT64_CONSTANT (1000000000)
/* BR-60: names up to 150 characters. */
#define MAX_NAME_CHARS 150
/* Below this age work is unusual enough to ask the clerk to look again. */
#define MIN_WORKING_AGE 16

typedef struct
{
  YbDeclaration *decl;
  YbRegionProfile *profile;
  GDateTime *now;
  YbDeclarationKind kind;
  const char *kind_id;
  GPtrArray *findings;
  /* Fields that already have an error: later checks stay quiet about them. */
  GHashTable *bad_fields;

  gboolean have_id_info;
  YbIdInfo id_info;
  gboolean have_birth;
  GDate birth;
} Check;

/* Fields whose values come from a code list of the profile. */
static const struct
{
  const char *field;
  const char *list;
} coded_fields[] = {
  { "id_type", "id_type" },
  { "sex", "sex" },
  { "ethnicity", "ethnicity" },
  { "education", "education" },
  { "hukou_type", "hukou_type" },
  { "employment_form", "employment_form" },
  { "job_type", "job_type" },
  { "bank_category", "bank_category" },
};

static const struct
{
  const char *kind;
  const char *label;
} material_labels[] = {
  { "stamped_scan", N_("the stamped scan of the base sheet (JPG)") },
  { "roster_sheet", N_("the completed base sheet (Excel)") },
  { "supporting_document", N_("a supporting document") },
};

/* Fields that say who a declaration is about rather than what changes. */
static const char * const identity_fields[] = {
  "id_type", "id_number", "person_no", "name", "note", "agent_name", "agent_phone", NULL
};

static gboolean
is_enrolment (YbDeclarationKind kind)
{
  return kind == YB_DECLARATION_ENROL_NEW || kind == YB_DECLARATION_ENROL_RESUME;
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        return FALSE;
    }
  return TRUE;
}

static const char *
field_label (const char *field)
{
  const char *label = yb_declaration_field_get_label (field);

  return label != NULL ? label : field;
}

static void
add_finding (Check     *check,
             YbFinding *finding)
{
  if (finding == NULL)
    return;
  if (finding->field != NULL && yb_finding_is_error (finding))
    g_hash_table_add (check->bad_fields, g_strdup (finding->field));
  g_ptr_array_add (check->findings, finding);
}

static const char *
value (Check      *check,
       const char *field)
{
  const char *text = yb_declaration_get_string (check->decl, field);

  return is_blank (text) ? NULL : text;
}

static gboolean
is_bad (Check      *check,
        const char *field)
{
  return g_hash_table_contains (check->bad_fields, field);
}

/* Quotes a value typed by the clerk, shortened so a pasted essay stays readable. */
static char *
quote_value (const char *text)
{
  if (g_utf8_strlen (text, -1) <= 24)
    return g_strdup (text);
  {
    g_autofree char *head = g_utf8_substring (text, 0, 24);
    return g_strconcat (head, "…", NULL);
  }
}

static char *
format_date (const GDate *date)
{
  char buffer[64];

  /* Translators: a date shown to the clerk, strftime format; zh_CN "%Y年%m月%d日" */
  if (g_date_strftime (buffer, sizeof buffer, _("%Y-%m-%d"), date) == 0)
    return g_strdup ("");
  return g_strdup (buffer);
}

static void
today (Check *check,
       GDate *out)
{
  g_date_clear (out, 1);
  g_date_set_dmy (out, g_date_time_get_day_of_month (check->now),
                  g_date_time_get_month (check->now), g_date_time_get_year (check->now));
}

/* Required fields: the rule engine's minimum plus what the hall's form marks with *. */

static const char * const *
baseline_required (YbDeclarationKind kind)
{
  static const char * const enrol[] = { "id_number", "name", "start_month", NULL };
  static const char * const reduce[] = { "stop_month", NULL };
  static const char * const base[] = { "year", NULL };
  static const char * const none[] = { NULL };

  switch (kind)
    {
    case YB_DECLARATION_ENROL_NEW:
    case YB_DECLARATION_ENROL_RESUME:
      return enrol;
    case YB_DECLARATION_REDUCE:
      return reduce;
    case YB_DECLARATION_BASE_DECLARATION:
      return base;
    case YB_DECLARATION_PERSON_CHANGE:
    case YB_DECLARATION_UNIT_CONTACT_CHANGE:
    case YB_DECLARATION_UNIT_KEY_CHANGE:
    default:
      return none;
    }
}

static void
check_required_list (Check              *check,
                     const char * const *fields)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *field = fields[i];

      if (is_bad (check, field) || value (check, field) != NULL)
        continue;
      add_finding (check, yb_check_required (NULL, field, field_label (field)));
    }
}

static void
check_required (Check *check)
{
  check_required_list (check, baseline_required (check->kind));
  check_required_list (check, yb_region_profile_get_required_fields (check->profile,
                                                                     check->kind_id));

  if ((check->kind == YB_DECLARATION_REDUCE || check->kind == YB_DECLARATION_PERSON_CHANGE) &&
      value (check, "id_number") == NULL && value (check, "person_no") == NULL &&
      !is_bad (check, "id_number") && !is_bad (check, "person_no"))
    add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, "id_number", "PERSON_REQUIRED",
                                        _("Enter the ID number or the personal number of the "
                                          "insured person.")));
}

static void
check_business_type (Check *check)
{
  const char *type;

  if (!is_enrolment (check->kind))
    return;

  type = check->kind == YB_DECLARATION_ENROL_NEW ? "new" : "resume";
  if (!g_strv_contains (yb_region_profile_get_business_types (check->profile), type))
    add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, NULL,
                                               "BUSINESS_TYPE_NOT_OFFERED",
                                               _("%s: the hall of %s does not offer this "
                                                 "business."),
                                               yb_declaration_kind_get_label (check->kind),
                                               yb_region_profile_get_name (check->profile)));
}

static void
check_window (Check *check)
{
  g_autoptr(GDateTime) reopens = NULL;
  g_autofree char *when = NULL;
  gboolean open;

  if (!yb_region_profile_window_applies_to (check->profile, check->kind_id))
    return;

  yb_region_profile_window_state (check->profile, check->now, &open, &reopens);
  if (open)
    return;

  if (reopens == NULL)
    {
      add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, NULL, "WINDOW_CLOSED",
                                          _("The hall is closed for this business now.")));
      return;
    }

  /* Translators: date and time of reopening, g_date_time_format() format;
   * zh_CN "%Y年%m月%d日 %H:%M" */
  when = g_date_time_format (reopens, _("%Y-%m-%d %H:%M"));
  add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, NULL, "WINDOW_CLOSED",
                                             _("The hall is closed for this business until %s. "
                                               "The declaration can wait in the outbox and be "
                                               "sent then."), when));
}

/* The person: ID number, name, birth date, sex. */

static gboolean
id_type_is_checked (Check *check)
{
  const char *id_type = value (check, "id_type");
  const YbCodeEntry *entry;

  /* Forms without an ID type field (杭州) take a 居民身份证. */
  if (id_type == NULL)
    return TRUE;
  entry = yb_region_profile_lookup (check->profile, "id_type", id_type);
  return entry != NULL && g_strcmp0 (entry->format, "gb11643") == 0;
}

static void
check_id_number (Check *check)
{
  const char *id_number = value (check, "id_number");
  YbFinding *finding;

  if (id_number == NULL || !id_type_is_checked (check))
    return;

  finding = yb_id_number_check (id_number, check->now, "id_number", &check->id_info);
  check->have_id_info = finding == NULL || !yb_finding_is_error (finding);
  add_finding (check, finding);
}

static void
check_name (Check      *check,
            const char *field,
            const char *name)
{
  if (name == NULL)
    return;

  if (g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    {
      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, field, "NAME_TOO_LONG",
                                                 _("%s: at most %d characters."),
                                                 field_label ("name"), MAX_NAME_CHARS));
      return;
    }

  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || g_unichar_isdigit (c) || c == '<' || c == '>')
        {
          add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, field, "NAME_INVALID",
                                                     _("%s: contains characters a name cannot "
                                                       "have."), field_label ("name")));
          return;
        }
    }
}

static void
check_birth_and_sex (Check *check)
{
  const char *birth_text = value (check, "birth_date");
  const char *sex = value (check, "sex");

  if (birth_text != NULL && !is_bad (check, "birth_date"))
    {
      YbFinding *finding = yb_check_date (birth_text, "birth_date", &check->birth);

      check->have_birth = finding == NULL;
      add_finding (check, finding);
    }

  if (!check->have_id_info)
    return;

  /* BR-55: the ID number carries the birth date and sex; what is typed must agree. */
  {
    GDate from_id;

    g_date_clear (&from_id, 1);
    g_date_set_dmy (&from_id, check->id_info.birth_day, check->id_info.birth_month,
                    check->id_info.birth_year);

    if (check->have_birth && g_date_compare (&from_id, &check->birth) != 0)
      {
        g_autofree char *expected = format_date (&from_id);

        add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "birth_date",
                                                   "BIRTH_DATE_MISMATCH",
                                                   _("The date of birth does not match the ID "
                                                     "number, which gives %s."), expected));
      }
    else if (!check->have_birth)
      {
        check->birth = from_id;
        check->have_birth = TRUE;
      }
  }

  if (sex != NULL && check->id_info.sex != YB_SEX_UNKNOWN &&
      yb_region_profile_lookup (check->profile, "sex", sex) != NULL &&
      g_strcmp0 (sex, yb_sex_to_code (check->id_info.sex)) != 0)
    {
      const char *expected = yb_region_profile_lookup_label (check->profile, "sex",
                                                             yb_sex_to_code (check->id_info.sex));

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "sex", "SEX_MISMATCH",
                                                 _("The sex does not match the ID number, "
                                                   "which gives %s."),
                                                 expected != NULL ? expected
                                                 : yb_sex_to_code (check->id_info.sex)));
    }
}

static void
check_code (Check      *check,
            const char *field,
            const char *list)
{
  const char *code = value (check, field);
  g_autofree char *quoted = NULL;

  if (code == NULL || is_bad (check, field))
    return;
  if (yb_region_profile_lookup (check->profile, list, code) != NULL)
    return;

  quoted = quote_value (code);
  add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, field, "CODE_UNKNOWN",
                                             _("%s: “%s” is not in the list for %s."),
                                             field_label (field), quoted,
                                             yb_region_profile_get_name (check->profile)));
}

static void
check_codes (Check *check)
{
  const char *sub_region = value (check, "sub_region");

  for (guint i = 0; i < G_N_ELEMENTS (coded_fields); i++)
    check_code (check, coded_fields[i].field, coded_fields[i].list);

  if (is_enrolment (check->kind))
    check_code (check, "reason", "enrol_reason");
  else if (check->kind == YB_DECLARATION_REDUCE)
    check_code (check, "reason", "reduce_reason");

  if (sub_region != NULL &&
      yb_region_profile_find_sub_region (check->profile, sub_region) == NULL)
    {
      g_autofree char *quoted = quote_value (sub_region);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "sub_region", "CODE_UNKNOWN",
                                                 _("%s: “%s” is not in the list for %s."),
                                                 field_label ("sub_region"), quoted,
                                                 yb_region_profile_get_name (check->profile)));
    }
}

/* Months: insured-from and stop. */

static void
check_start_month (Check *check)
{
  const char *text = value (check, "start_month");
  YbMonth month, earliest, latest, current;
  YbFinding *finding;
  int back;

  if (!is_enrolment (check->kind) || text == NULL)
    return;

  finding = yb_check_month (text, "start_month", &month);
  if (finding != NULL)
    {
      add_finding (check, finding);
      return;
    }

  current = yb_rules_current_month (check->profile, check->now);
  yb_rules_enrol_month_range (check->profile, check->now, &earliest, &latest);

  if (yb_region_profile_get_backdate_months (check->profile, &back))
    {
      if (month < earliest)
        {
          g_autofree char *limit = yb_month_format (earliest);

          if (back == 0)
            add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "start_month",
                                                       "START_MONTH_TOO_EARLY",
                                                       _("The insured-from month cannot be "
                                                         "earlier than the current settlement "
                                                         "period, %s."), limit));
          else
            {
              g_autofree char *message = NULL;

              message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                      /* Translators: %s is a month from
                                                       * yb_month_format(), %d the number
                                                       * of months; zh_CN "参保月份不能早于
                                                       * %s（当前结算期前%d个月）" */
                                                      "The insured-from month cannot be earlier "
                                                      "than %s (%d month before the current "
                                                      "settlement period).",
                                                      "The insured-from month cannot be earlier "
                                                      "than %s (%d months before the current "
                                                      "settlement period).", back),
                                         limit, back);
              add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, "start_month",
                                                  "START_MONTH_TOO_EARLY", message));
            }
          return;
        }
    }
  else if (month < current)
    {
      g_autofree char *shown = yb_month_format (current);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_WARNING, "start_month",
                                                 "START_MONTH_BACKDATED",
                                                 _("The insured-from month is before the "
                                                   "current month, %s. The manuals do not say how "
                                                   "far this hall accepts backdating; it may "
                                                   "refuse the declaration."), shown));
    }

  if (month > latest)
    {
      g_autofree char *limit = yb_month_format (latest);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "start_month",
                                                 "START_MONTH_TOO_LATE",
                                                 _("The insured-from month cannot be later "
                                                   "than %s."), limit));
    }
}

static void
check_stop_month (Check *check)
{
  const char *text = value (check, "stop_month");
  YbMonth month, earliest, latest;
  YbFinding *finding;

  if (check->kind != YB_DECLARATION_REDUCE || text == NULL)
    return;

  finding = yb_check_month (text, "stop_month", &month);
  if (finding != NULL)
    {
      add_finding (check, finding);
      return;
    }

  yb_rules_stop_month_range (check->profile, check->now, &earliest, &latest);
  if (month >= earliest && month <= latest)
    return;

  if (earliest == latest)
    {
      g_autofree char *shown = yb_month_format (earliest);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "stop_month",
                                                 "STOP_MONTH_NOT_ALLOWED",
                                                 _("Medical insurance can only be stopped in "
                                                   "the current month, %s."), shown));
    }
  else
    {
      g_autofree char *from = yb_month_format (earliest);
      g_autofree char *to = yb_month_format (latest);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "stop_month",
                                                 "STOP_MONTH_NOT_ALLOWED",
                                                 _("The stop month must lie between %s and %s."),
                                                 from, to));
    }
}

/* Money: the declared wage, from which the base is derived (BR-16). */

static gboolean
check_money (Check      *check,
             const char *field,
             const char *label,
             const char *text,
             gint64     *out_cents)
{
  if (!yb_parse_money (text, out_cents) || *out_cents <= 0)
    {
      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, field, "WAGE_INVALID",
                                                 _("%s: enter an amount in yuan, for example "
                                                   "5360 or 5360.50."), label));
      return FALSE;
    }
  if (*out_cents > MAX_WAGE_CENTS)
    {
      g_autofree char *limit = yb_format_money (MAX_WAGE_CENTS);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, field, "WAGE_TOO_HIGH",
                                                 _("%s: at most %s yuan a month."), label,
                                                 limit));
      return FALSE;
    }
  return TRUE;
}

static int
declaration_year (Check *check)
{
  const char *month_text = NULL;
  YbMonth month;

  if (is_enrolment (check->kind))
    month_text = value (check, "start_month");
  else if (check->kind == YB_DECLARATION_REDUCE)
    month_text = value (check, "stop_month");

  month = month_text != NULL ? yb_month_parse (month_text) : YB_MONTH_INVALID;
  if (yb_month_is_valid (month))
    return yb_month_get_year (month);
  return g_date_time_get_year (check->now);
}

static void
check_base_limits (Check      *check,
                   const char *field,
                   gint64      wage_cents,
                   int         year)
{
  const YbBaseLimits *limits = yb_region_profile_find_base_limits (check->profile, year, NULL);

  if (limits == NULL)
    return;

  if (wage_cents < limits->floor.amount_cents)
    {
      g_autofree char *floor = yb_format_money (limits->floor.amount_cents);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_WARNING, field, "WAGE_BELOW_FLOOR",
                                                 _("The wage is below the lowest contribution "
                                                   "base; the base will be %s yuan."), floor));
    }
  else if (wage_cents > limits->ceiling.amount_cents)
    {
      g_autofree char *ceiling = yb_format_money (limits->ceiling.amount_cents);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_WARNING, field,
                                                 "WAGE_ABOVE_CEILING",
                                                 _("The wage is above the highest contribution "
                                                   "base; the base will be %s yuan."), ceiling));
    }
}

static void
check_wage (Check *check)
{
  const char *text = value (check, "wage");
  gint64 cents;

  if (text == NULL)
    return;
  if (check_money (check, "wage", field_label ("wage"), text, &cents))
    check_base_limits (check, "wage", cents, declaration_year (check));
}

/* Contacts and dates. */

static void
check_phone (Check      *check,
             const char *field)
{
  const char *text = value (check, field);
  g_autoptr(GString) digits = NULL;

  if (text == NULL)
    return;

  digits = g_string_new (NULL);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != '-' && *p != ' ' && *p != '(' && *p != ')')
        {
          g_string_truncate (digits, 0);
          break;
        }
    }

  if (digits->len == 11 && digits->str[0] == '1')
    add_finding (check, yb_check_mobile (digits->str, field));
  else if (digits->len < 7 || digits->len > 12)
    add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, field, "PHONE_INVALID",
                                               _("%s: enter a mobile number or a telephone "
                                                 "number with its area code."),
                                               field_label (field)));
}

static void
check_contacts (Check *check)
{
  const char *text;

  if ((text = value (check, "phone")) != NULL)
    add_finding (check, yb_check_mobile (text, "phone"));
  if ((text = value (check, "postcode")) != NULL)
    add_finding (check, yb_check_postcode (text, "postcode"));
  if ((text = value (check, "email")) != NULL)
    add_finding (check, yb_check_email (text, "email"));

  check_phone (check, "agent_phone");
  check_phone (check, "contact_phone");
  check_phone (check, "legal_phone");
}

static void
check_contract (Check *check)
{
  const char *start_text = value (check, "contract_start");
  const char *end_text = value (check, "contract_end");
  GDate start, end;
  YbFinding *start_finding = NULL, *end_finding = NULL;

  if (start_text != NULL)
    add_finding (check, start_finding = yb_check_date (start_text, "contract_start", &start));
  if (end_text != NULL)
    add_finding (check, end_finding = yb_check_date (end_text, "contract_end", &end));

  if (start_text != NULL && end_text != NULL && start_finding == NULL && end_finding == NULL)
    add_finding (check, yb_check_date_order (&start, &end, "contract_end"));
}

static void
check_work_start (Check *check)
{
  const char *text = value (check, "work_start_date");
  GDate started, now_date;
  YbFinding *finding;

  if (text == NULL)
    return;

  finding = yb_check_date (text, "work_start_date", &started);
  if (finding != NULL)
    {
      add_finding (check, finding);
      return;
    }

  today (check, &now_date);
  if (g_date_compare (&started, &now_date) > 0)
    {
      add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, "work_start_date",
                                          "WORK_START_IN_FUTURE",
                                          _("The date started work cannot be in the future.")));
      return;
    }

  if (!check->have_birth)
    return;

  if (g_date_compare (&started, &check->birth) < 0)
    {
      add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, "work_start_date",
                                          "WORK_START_BEFORE_BIRTH",
                                          _("The date started work is before the date of "
                                            "birth.")));
      return;
    }

  {
    GDate sixteen = check->birth;

    g_date_add_years (&sixteen, MIN_WORKING_AGE);
    if (g_date_compare (&started, &sixteen) < 0)
      add_finding (check, yb_finding_new_printf (YB_SEVERITY_WARNING, "work_start_date",
                                                 "WORK_START_BEFORE_16",
                                                 _("The person was younger than %d on the date "
                                                   "started work. Please check the date."),
                                                 MIN_WORKING_AGE));
  }
}

static void
check_unit_fields (Check *check)
{
  const char *text;

  if ((text = value (check, "credit_code")) != NULL)
    add_finding (check, yb_credit_code_check (text, "credit_code", NULL));

  if ((text = value (check, "bank_account")) != NULL)
    {
      guint digits = 0;
      gboolean ok = TRUE;

      for (const char *p = text; *p != '\0'; p++)
        {
          if (g_ascii_isdigit (*p))
            digits++;
          else if (*p != ' ' && *p != '-')
            ok = FALSE;
        }
      if (!ok || digits < 8 || digits > 32)
        add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, "bank_account",
                                            "BANK_ACCOUNT_INVALID",
                                            _("Enter the account number as 8 to 32 digits.")));
    }
}

/* Base declarations: the year and one item per person (BR-34). */

static void
check_items (Check *check)
{
  g_autoptr(GHashTable) seen = NULL;
  const char *year_text;
  guint n_items;
  int year = g_date_time_get_year (check->now);

  if (check->kind != YB_DECLARATION_BASE_DECLARATION)
    return;

  year_text = value (check, "year");
  if (year_text != NULL)
    {
      guint64 parsed = 0;

      if (!g_ascii_string_to_unsigned (year_text, 10, 2000, 2100, &parsed, NULL) ||
          strlen (year_text) != 4)
        add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, "year", "YEAR_INVALID",
                                            _("Enter the year as four digits, for example "
                                              "2020.")));
      else
        year = (int) parsed;
    }

  n_items = yb_declaration_get_n_items (check->decl);
  if (n_items == 0)
    {
      add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, "items", "ITEMS_REQUIRED",
                                          _("Add at least one person to the base "
                                            "declaration.")));
      return;
    }

  seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < n_items; i++)
    {
      const char *person_no = yb_declaration_get_item_string (check->decl, i, "person_no");
      const char *id_number = yb_declaration_get_item_string (check->decl, i, "id_number");
      const char *name = yb_declaration_get_item_string (check->decl, i, "name");
      const char *avg_wage = yb_declaration_get_item_string (check->decl, i, "avg_wage");
      g_autofree char *id_field = g_strdup_printf ("items[%u].id_number", i);
      g_autofree char *name_field = g_strdup_printf ("items[%u].name", i);
      g_autofree char *wage_field = g_strdup_printf ("items[%u].avg_wage", i);
      g_autofree char *key = NULL;
      gint64 cents;

      if (is_blank (person_no) && is_blank (id_number))
        add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, id_field,
                                                   "PERSON_REQUIRED",
                                                   _("Row %u: enter the ID number or the "
                                                     "personal number."), i + 1));
      else if (!is_blank (id_number))
        add_finding (check, yb_id_number_check (id_number, check->now, id_field, NULL));

      if (is_blank (name))
        add_finding (check, yb_check_required (NULL, name_field, field_label ("name")));
      else
        check_name (check, name_field, name);

      if (is_blank (avg_wage))
        add_finding (check, yb_check_required (NULL, wage_field, field_label ("avg_wage")));
      else if (check_money (check, wage_field, field_label ("avg_wage"), avg_wage, &cents))
        check_base_limits (check, wage_field, cents, year);

      key = !is_blank (id_number) ? g_strconcat ("id:", id_number, NULL)
            : !is_blank (person_no) ? g_strconcat ("no:", person_no, NULL) : NULL;
      if (key != NULL && !g_hash_table_add (seen, g_steal_pointer (&key)))
        add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, id_field,
                                                   "ITEM_DUPLICATE",
                                                   _("Row %u: this person is already in the "
                                                     "declaration."), i + 1));
    }
}

static void
check_materials (Check *check)
{
  const char * const *needed = yb_region_profile_get_required_materials (check->profile,
                                                                          check->kind_id);
  guint n_materials = yb_declaration_get_n_materials (check->decl);

  for (guint i = 0; needed[i] != NULL; i++)
    {
      const char *label = needed[i];
      gboolean found = FALSE;

      for (guint j = 0; j < n_materials && !found; j++)
        found = g_strcmp0 (yb_declaration_get_material_kind (check->decl, j), needed[i]) == 0;
      if (found)
        continue;

      for (guint j = 0; j < G_N_ELEMENTS (material_labels); j++)
        if (g_str_equal (material_labels[j].kind, needed[i]))
          label = _(material_labels[j].label);

      add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "materials",
                                                 "MATERIAL_REQUIRED",
                                                 _("Upload %s."), label));
    }

  /* BR-40: key information changes are audited against uploaded material. */
  if (check->kind == YB_DECLARATION_UNIT_KEY_CHANGE && n_materials == 0 && needed[0] == NULL)
    add_finding (check, yb_finding_new_printf (YB_SEVERITY_ERROR, "materials",
                                               "MATERIAL_REQUIRED", _("Upload %s."),
                                               _("a supporting document")));
}

static void
check_something_changes (Check *check)
{
  g_auto(GStrv) fields = NULL;

  if (check->kind != YB_DECLARATION_PERSON_CHANGE &&
      check->kind != YB_DECLARATION_UNIT_CONTACT_CHANGE &&
      check->kind != YB_DECLARATION_UNIT_KEY_CHANGE)
    return;

  fields = yb_declaration_list_fields (check->decl);
  for (guint i = 0; fields[i] != NULL; i++)
    if (!g_strv_contains (identity_fields, fields[i]) && value (check, fields[i]) != NULL)
      return;

  add_finding (check, yb_finding_new (YB_SEVERITY_ERROR, NULL, "NOTHING_TO_CHANGE",
                                      _("Enter at least one new value to declare.")));
}

/**
 * yb_rules_check:
 * @decl: a declaration
 * @profile: the region profile of the hall it goes to
 * @now: the current time
 *
 * Judges a declaration against the validators and the hall's rules: required
 * fields per kind, each field's format, birth date and sex against the ID
 * number (BR-55), codes against the profile's lists, the business window
 * (BR-31), the insured-from month (BR-15, BR-19), the stop month (BR-24 to
 * BR-26), wage and contract dates. Codes are listed in docs/rules.md.
 *
 * Returns: (transfer container) (element-type YbFinding): every finding, in
 *   a stable order; empty when the declaration may be submitted
 */
GPtrArray *
yb_rules_check (YbDeclaration   *decl,
                YbRegionProfile *profile,
                GDateTime       *now)
{
  g_autoptr(GHashTable) bad_fields = NULL;
  g_autoptr(GDateTime) local_now = NULL;
  Check check = { 0 };

  g_return_val_if_fail (YB_IS_DECLARATION (decl), NULL);
  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), NULL);
  g_return_val_if_fail (now != NULL, NULL);

  bad_fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  local_now = g_date_time_to_timezone (now, yb_region_profile_get_timezone (profile));

  check.decl = decl;
  check.profile = profile;
  check.now = local_now;
  check.kind = yb_declaration_get_kind (decl);
  check.kind_id = yb_declaration_kind_to_string (check.kind);
  check.findings = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
  check.bad_fields = bad_fields;

  check_window (&check);
  check_business_type (&check);
  check_required (&check);
  check_id_number (&check);
  check_name (&check, "name", value (&check, "name"));
  check_codes (&check);
  check_birth_and_sex (&check);
  check_start_month (&check);
  check_stop_month (&check);
  check_wage (&check);
  check_contacts (&check);
  check_contract (&check);
  check_work_start (&check);
  check_unit_fields (&check);
  check_items (&check);
  check_materials (&check);
  check_something_changes (&check);

  return check.findings;
}

/**
 * yb_rules_has_errors:
 * @findings: (element-type YbFinding): findings from yb_rules_check()
 *
 * Returns: %TRUE when any finding blocks submission
 */
gboolean
yb_rules_has_errors (GPtrArray *findings)
{
  g_return_val_if_fail (findings != NULL, TRUE);

  for (guint i = 0; i < findings->len; i++)
    if (yb_finding_is_error (g_ptr_array_index (findings, i)))
      return TRUE;
  return FALSE;
}

/**
 * yb_rules_current_month:
 * @profile: a region profile
 * @now: the current time
 *
 * The current settlement period: the calendar month of @now in the hall's
 * time zone.
 *
 * Returns: the month
 */
YbMonth
yb_rules_current_month (YbRegionProfile *profile,
                        GDateTime       *now)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), YB_MONTH_INVALID);
  g_return_val_if_fail (now != NULL, YB_MONTH_INVALID);

  local = g_date_time_to_timezone (now, yb_region_profile_get_timezone (profile));
  return yb_month_from_date_time (local);
}

/**
 * yb_rules_enrol_month_range:
 * @profile: a region profile
 * @now: the current time
 * @out_earliest: (out) (optional): the earliest insured-from month the hall
 *   accepts (杭州: three months before the current settlement period, BR-15),
 *   or %YB_MONTH_INVALID when the hall's limit is not known
 * @out_latest: (out) (optional): the latest (宁波: one month ahead, BR-19)
 *
 * Gives the range a form shows before the clerk picks a month.
 */
void
yb_rules_enrol_month_range (YbRegionProfile *profile,
                            GDateTime       *now,
                            YbMonth         *out_earliest,
                            YbMonth         *out_latest)
{
  YbMonth current;
  int back;

  g_return_if_fail (YB_IS_REGION_PROFILE (profile));
  g_return_if_fail (now != NULL);

  current = yb_rules_current_month (profile, now);
  if (out_earliest != NULL)
    *out_earliest = yb_region_profile_get_backdate_months (profile, &back)
                    ? yb_month_add (current, -back) : YB_MONTH_INVALID;
  if (out_latest != NULL)
    *out_latest = yb_month_add (current, yb_region_profile_get_months_ahead (profile));
}

/**
 * yb_rules_stop_month_range:
 * @profile: a region profile
 * @now: the current time
 * @out_earliest: (out) (optional): the earliest stop month
 * @out_latest: (out) (optional): the latest stop month
 *
 * For medical insurance both are the current month (BR-25, BR-26).
 */
void
yb_rules_stop_month_range (YbRegionProfile *profile,
                           GDateTime       *now,
                           YbMonth         *out_earliest,
                           YbMonth         *out_latest)
{
  YbMonth current;

  g_return_if_fail (YB_IS_REGION_PROFILE (profile));
  g_return_if_fail (now != NULL);

  current = yb_rules_current_month (profile, now);
  if (out_earliest != NULL)
    *out_earliest = yb_month_add (current, -yb_region_profile_get_stop_months_back (profile));
  if (out_latest != NULL)
    *out_latest = yb_month_add (current, yb_region_profile_get_stop_months_ahead (profile));
}

/**
 * yb_rules_last_paid_month:
 * @profile: a region profile
 * @stop_month: the stop month entered on a reduction
 *
 * 舟山 and 杭州 read the stop month as the first unpaid month (202008 means
 * paid through 202007); 宁波 reads it as the last paid month (BR-24 to BR-26).
 *
 * Returns: the last month paid, or %YB_MONTH_INVALID
 */
YbMonth
yb_rules_last_paid_month (YbRegionProfile *profile,
                          YbMonth          stop_month)
{
  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), YB_MONTH_INVALID);

  if (!yb_month_is_valid (stop_month))
    return YB_MONTH_INVALID;
  if (yb_region_profile_get_stop_month_meaning (profile) == YB_STOP_MONTH_LAST_PAID)
    return stop_month;
  return yb_month_add (stop_month, -1);
}

/**
 * yb_rules_describe_last_paid:
 * @profile: a region profile
 * @stop_month: the stop month entered on a reduction
 *
 * Returns: (transfer full): the sentence the reduction form shows, "Last paid
 *   month: 2020-07", or "" when @stop_month is not valid
 */
char *
yb_rules_describe_last_paid (YbRegionProfile *profile,
                             YbMonth          stop_month)
{
  g_autofree char *shown = NULL;
  YbMonth last;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), NULL);

  last = yb_rules_last_paid_month (profile, stop_month);
  if (!yb_month_is_valid (last))
    return g_strdup ("");

  shown = yb_month_format (last);
  /* Translators: %s is a month from yb_month_format(); zh_CN "最后缴费月份：%s" */
  return g_strdup_printf (_("Last paid month: %s"), shown);
}

/**
 * yb_rules_contribution_base:
 * @profile: a region profile
 * @wage_cents: the declared monthly wage in cents
 * @year: the contribution year
 * @out_clamped: (out) (optional): set when the floor or ceiling applied
 *
 * The contribution base is derived from the wage and clamped to the year's
 * floor and ceiling; the clerk never types it (BR-16). When the year has no
 * limits of its own, the latest earlier year's apply (BR-37).
 *
 * Returns: the base in cents
 */
gint64
yb_rules_contribution_base (YbRegionProfile *profile,
                            gint64           wage_cents,
                            int              year,
                            gboolean        *out_clamped)
{
  const YbBaseLimits *limits;
  gint64 base = wage_cents;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), wage_cents);

  limits = yb_region_profile_find_base_limits (profile, year, NULL);
  if (limits != NULL)
    base = CLAMP (wage_cents, limits->floor.amount_cents, limits->ceiling.amount_cents);

  if (out_clamped != NULL)
    *out_clamped = base != wage_cents;
  return base;
}

/**
 * yb_rules_base_declaration_needed:
 * @profile: a region profile
 * @year: the contribution year
 * @avg_wage_cents: (array length=n_wages): each person's average monthly wage
 * @n_wages: the number of people
 *
 * 舟山: a unit whose every base is the floor (5360 in 2020) need not declare;
 * the hall adjusts it (BR-35).
 *
 * Returns: %TRUE when the unit must file a base declaration for @year
 */
gboolean
yb_rules_base_declaration_needed (YbRegionProfile *profile,
                                  int              year,
                                  const gint64    *avg_wage_cents,
                                  gsize            n_wages)
{
  const YbBaseLimits *limits;

  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), TRUE);
  g_return_val_if_fail (avg_wage_cents != NULL || n_wages == 0, TRUE);

  if (n_wages == 0)
    return FALSE;
  if (yb_region_profile_get_floor_unit_needs_declaration (profile))
    return TRUE;

  limits = yb_region_profile_find_base_limits (profile, year, NULL);
  if (limits == NULL)
    return TRUE;

  for (gsize i = 0; i < n_wages; i++)
    if (yb_rules_contribution_base (profile, avg_wage_cents[i], year, NULL) !=
        limits->floor.amount_cents)
      return TRUE;
  return FALSE;
}
