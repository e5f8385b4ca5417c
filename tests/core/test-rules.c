/* test-rules.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "yb-declaration.h"
#include "yb-field-checks.h"
#include "yb-id-number.h"
#include "yb-rules.h"

static YbRegionProfile *
load (const char *id)
{
  g_autoptr(GError) error = NULL;
  YbRegionProfile *profile = yb_region_profile_load_builtin (id, &error);

  g_assert_no_error (error);
  return profile;
}

static YbRegionProfile *
load_fixture (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "data", "regions",
                                                                    "minimal.json", NULL));
  g_autoptr(GError) error = NULL;
  YbRegionProfile *profile = yb_region_profile_new_from_file (file, &error);

  g_assert_no_error (error);
  return profile;
}

static GDateTime *
shanghai (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

/* A valid 居民身份证 number from its first 17 characters. */
static char *
make_id (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, yb_id_number_compute_check (first17));
}

static void
dump (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const YbFinding *f = g_ptr_array_index (findings, i);

      g_test_message ("  %s %s [%s]: %s", yb_finding_is_error (f) ? "error" : "warning", f->code,
                      f->field != NULL ? f->field : "-", f->message);
    }
}

static const YbFinding *
find (GPtrArray  *findings,
      const char *code,
      const char *field)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const YbFinding *f = g_ptr_array_index (findings, i);

      if (g_str_equal (f->code, code) && (field == NULL || g_strcmp0 (f->field, field) == 0))
        return f;
    }
  return NULL;
}

static const YbFinding *
expect (GPtrArray  *findings,
        const char *code,
        const char *field)
{
  const YbFinding *f = find (findings, code, field);

  if (f == NULL)
    {
      dump (findings);
      g_error ("expected finding %s on %s", code, field != NULL ? field : "(any)");
    }
  g_assert_cmpstr (f->message, !=, "");
  g_test_message ("  %s [%s]: %s", f->code, f->field != NULL ? f->field : "-", f->message);
  return f;
}

static void
expect_none (GPtrArray *findings)
{
  if (findings->len != 0)
    {
      dump (findings);
      g_error ("expected no findings, got %u", findings->len);
    }
}

static void
expect_no_errors (GPtrArray *findings)
{
  if (yb_rules_has_errors (findings))
    {
      dump (findings);
      g_error ("expected no errors");
    }
}

/* 杭州 单个新增 with every field the form requires (BR-14), born 1990-01-01, male. */
static YbDeclaration *
hangzhou_enrolment (const char *start_month)
{
  YbDeclaration *decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_autofree char *id = make_id ("33010219900101123");

  yb_declaration_set_string (decl, "id_number", id);
  yb_declaration_set_string (decl, "name", "张三");
  yb_declaration_set_string (decl, "sex", "1");
  yb_declaration_set_string (decl, "start_month", start_month);
  yb_declaration_set_string (decl, "reason", "11");
  yb_declaration_set_string (decl, "hukou_type", "1");
  yb_declaration_set_string (decl, "employment_form", "02");
  yb_declaration_set_string (decl, "wage", "6000");
  yb_declaration_set_string (decl, "address", "杭州市西湖区文三路1号");
  yb_declaration_set_string (decl, "postcode", "310012");
  yb_declaration_set_string (decl, "phone", "13957112345");
  return decl;
}

/* 舟山 人员中断: the same form as 新增 with the stop month in 本次增减时间 (BR-11, BR-24). */
static YbDeclaration *
zhoushan_reduction (const char *stop_month)
{
  YbDeclaration *decl = yb_declaration_new (YB_DECLARATION_REDUCE);
  g_autofree char *id = make_id ("33090219840209142");

  yb_declaration_set_string (decl, "id_type", "01");
  yb_declaration_set_string (decl, "id_number", id);
  yb_declaration_set_string (decl, "name", "李四");
  yb_declaration_set_string (decl, "birth_date", "1984-02-09");
  yb_declaration_set_string (decl, "sex", "2");
  yb_declaration_set_string (decl, "ethnicity", "01");
  yb_declaration_set_string (decl, "phone", "13412341551");
  yb_declaration_set_string (decl, "work_start_date", "2005-07-01");
  yb_declaration_set_string (decl, "stop_month", stop_month);
  yb_declaration_set_string (decl, "reason", "22");
  yb_declaration_set_string (decl, "agent_name", "王思");
  yb_declaration_set_string (decl, "agent_phone", "0580-2281234");
  return decl;
}

static void
test_hangzhou_enrol_valid (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(YbDeclaration) decl = hangzhou_enrolment ("202008");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(GPtrArray) findings = yb_rules_check (decl, profile, now);

  expect_none (findings);
  g_assert_false (yb_rules_has_errors (findings));
}

static void
test_hangzhou_window (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(YbDeclaration) decl = hangzhou_enrolment ("202008");
  g_autoptr(YbDeclaration) change = yb_declaration_new (YB_DECLARATION_PERSON_CHANGE);
  g_autoptr(GDateTime) closed = shanghai (2020, 8, 25, 17, 0);
  g_autoptr(GDateTime) still_closed = shanghai (2020, 9, 1, 7, 59);
  g_autoptr(GDateTime) open = shanghai (2020, 8, 25, 16, 59);
  g_autoptr(GPtrArray) at_closed = yb_rules_check (decl, profile, closed);
  g_autoptr(GPtrArray) at_open = yb_rules_check (decl, profile, open);
  g_autoptr(GPtrArray) at_still_closed = NULL;
  g_autoptr(GPtrArray) change_findings = NULL;
  const YbFinding *f;

  f = expect (at_closed, "WINDOW_CLOSED", NULL);
  g_assert_true (yb_finding_is_error (f));
  g_assert_nonnull (strstr (f->message, "2020-09-01 08:00"));
  g_assert_null (find (at_open, "WINDOW_CLOSED", NULL));

  /* On the 1st before 08:00 the settlement month is September: 202008 is still in range. */
  at_still_closed = yb_rules_check (decl, profile, still_closed);
  expect (at_still_closed, "WINDOW_CLOSED", NULL);
  g_assert_cmpuint (at_still_closed->len, ==, 1);

  /* Information changes are not closed by the window. */
  yb_declaration_set_string (change, "id_number", "330102199001011234");
  yb_declaration_set_string (change, "phone", "13957112345");
  change_findings = yb_rules_check (change, profile, closed);
  g_assert_null (find (change_findings, "WINDOW_CLOSED", NULL));
}

static void
test_hangzhou_window_reduction (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_REDUCE);
  g_autoptr(GDateTime) closed = shanghai (2020, 8, 28, 9, 0);
  g_autoptr(GPtrArray) findings = NULL;

  yb_declaration_set_string (decl, "person_no", "10012345");
  yb_declaration_set_string (decl, "reason", "22");
  yb_declaration_set_string (decl, "stop_month", "202008");
  yb_declaration_set_string (decl, "wage", "6000");
  findings = yb_rules_check (decl, profile, closed);
  expect (findings, "WINDOW_CLOSED", NULL);
  g_assert_cmpuint (findings->len, ==, 1);
}

typedef struct
{
  const char *month;
  const char *code;
} MonthCase;

static void
run_month_cases (const char      *region,
                 const MonthCase *cases,
                 gsize            n_cases)
{
  g_autoptr(YbRegionProfile) profile = load (region);
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);

  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr(YbDeclaration) decl = hangzhou_enrolment (cases[i].month);
      g_autoptr(GPtrArray) findings = yb_rules_check (decl, profile, now);
      const YbFinding *f;

      g_test_message ("%s %s", region, cases[i].month);
      if (cases[i].code == NULL)
        {
          g_assert_null (find (findings, "START_MONTH_TOO_EARLY", NULL));
          g_assert_null (find (findings, "START_MONTH_TOO_LATE", NULL));
          g_assert_null (find (findings, "MONTH_FORMAT", NULL));
          continue;
        }
      f = expect (findings, cases[i].code, "start_month");
      g_assert_cmpint (f->severity, ==, g_str_equal (cases[i].code, "START_MONTH_BACKDATED")
                       ? YB_SEVERITY_WARNING : YB_SEVERITY_ERROR);
    }
}

static void
test_hangzhou_backdating (void)
{
  /* BR-15: now 2020-08, so 202005 is the earliest accepted insured-from month. */
  static const MonthCase cases[] = {
    { "202008", NULL },
    { "202005", NULL },
    { "202006", NULL },
    { "202004", "START_MONTH_TOO_EARLY" },
    { "201912", "START_MONTH_TOO_EARLY" },
    { "202009", "START_MONTH_TOO_LATE" },
    { "2020-08", NULL },
    { "202013", "MONTH_FORMAT" },
  };
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(YbDeclaration) decl = hangzhou_enrolment ("202004");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(GPtrArray) findings = yb_rules_check (decl, profile, now);
  g_autofree char *earliest = yb_month_format (yb_month_new (2020, 5));
  const YbFinding *f;

  run_month_cases ("hangzhou", cases, G_N_ELEMENTS (cases));

  f = expect (findings, "START_MONTH_TOO_EARLY", "start_month");
  g_assert_nonnull (strstr (f->message, earliest));
  g_assert_nonnull (strstr (f->message, "3 months before the current settlement period"));
}

static void
test_month_ranges (void)
{
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  g_autoptr(YbRegionProfile) ningbo = load ("ningbo");
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(GDateTime) new_year_utc = g_date_time_new_utc (2020, 12, 31, 17, 0, 0);
  YbMonth earliest, latest;

  yb_rules_enrol_month_range (hangzhou, now, &earliest, &latest);
  g_assert_cmpint (earliest, ==, yb_month_new (2020, 5));
  g_assert_cmpint (latest, ==, yb_month_new (2020, 8));

  yb_rules_enrol_month_range (ningbo, now, &earliest, &latest);
  g_assert_cmpint (earliest, ==, YB_MONTH_INVALID);
  g_assert_cmpint (latest, ==, yb_month_new (2020, 9));

  yb_rules_stop_month_range (zhoushan, now, &earliest, &latest);
  g_assert_cmpint (earliest, ==, yb_month_new (2020, 8));
  g_assert_cmpint (latest, ==, yb_month_new (2020, 8));

  /* 17:00 UTC on 31 December is already January in the hall's time zone. */
  g_assert_cmpint (yb_rules_current_month (hangzhou, new_year_utc), ==, yb_month_new (2021, 1));
  yb_rules_enrol_month_range (hangzhou, new_year_utc, &earliest, NULL);
  g_assert_cmpint (earliest, ==, yb_month_new (2020, 10));
}

static void
test_ningbo_months_ahead (void)
{
  /* BR-19: one month ahead allowed, two rejected; backdating is only warned about. */
  static const MonthCase cases[] = {
    { "202008", NULL },
    { "202009", NULL },
    { "202010", "START_MONTH_TOO_LATE" },
    { "202101", "START_MONTH_TOO_LATE" },
    { "202007", "START_MONTH_BACKDATED" },
  };

  run_month_cases ("ningbo", cases, G_N_ELEMENTS (cases));
}

static void
test_zhoushan_stop_month (void)
{
  g_autoptr(YbRegionProfile) profile = load ("zhoushan");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autofree char *sentence = NULL;
  g_autofree char *july = yb_month_format (yb_month_new (2020, 7));
  static const MonthCase cases[] = {
    { "202008", NULL },
    { "202007", "STOP_MONTH_NOT_ALLOWED" },
    { "202009", "STOP_MONTH_NOT_ALLOWED" },
    { "2020", "MONTH_FORMAT" },
  };

  /* BR-24: entering 202008 means the unit pays through July. */
  g_assert_cmpint (yb_rules_last_paid_month (profile, yb_month_new (2020, 8)), ==,
                   yb_month_new (2020, 7));
  g_assert_cmpint (yb_rules_last_paid_month (profile, yb_month_new (2020, 1)), ==,
                   yb_month_new (2019, 12));
  g_assert_cmpint (yb_rules_last_paid_month (profile, YB_MONTH_INVALID), ==, YB_MONTH_INVALID);
  sentence = yb_rules_describe_last_paid (profile, yb_month_new (2020, 8));
  g_assert_cmpstr (sentence, ==, "Last paid month: 2020-07");
  g_assert_nonnull (strstr (sentence, july));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YbDeclaration) decl = zhoushan_reduction (cases[i].month);
      g_autoptr(GPtrArray) findings = yb_rules_check (decl, profile, now);

      g_test_message ("stop month %s", cases[i].month);
      if (cases[i].code == NULL)
        expect_none (findings);
      else
        g_assert_true (yb_finding_is_error (expect (findings, cases[i].code, "stop_month")));
    }
}

static void
test_ningbo_stop_month (void)
{
  g_autoptr(YbRegionProfile) profile = load ("ningbo");
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  g_autofree char *sentence = NULL;
  g_autofree char *hangzhou_sentence = NULL;

  /* BR-26: 宁波 pays the stop month and nothing from the next month. */
  g_assert_cmpint (yb_rules_last_paid_month (profile, yb_month_new (2020, 8)), ==,
                   yb_month_new (2020, 8));
  sentence = yb_rules_describe_last_paid (profile, yb_month_new (2020, 8));
  g_assert_cmpstr (sentence, ==, "Last paid month: 2020-08");

  /* BR-25: 杭州 like 舟山. */
  hangzhou_sentence = yb_rules_describe_last_paid (hangzhou, yb_month_new (2020, 9));
  g_assert_cmpstr (hangzhou_sentence, ==, "Last paid month: 2020-08");
}

static void
test_stop_month_window_of_fixture (void)
{
  g_autoptr(YbRegionProfile) profile = load_fixture ();
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_REDUCE);
  g_autoptr(GPtrArray) previous = NULL;
  g_autoptr(GPtrArray) too_old = NULL;

  /* The fixture allows the previous month too (社保-style, BR-25). */
  yb_declaration_set_string (decl, "id_number", "330102199001011234");
  yb_declaration_set_string (decl, "stop_month", "202007");
  previous = yb_rules_check (decl, profile, now);
  g_assert_null (find (previous, "STOP_MONTH_NOT_ALLOWED", NULL));

  yb_declaration_set_string (decl, "stop_month", "202006");
  too_old = yb_rules_check (decl, profile, now);
  expect (too_old, "STOP_MONTH_NOT_ALLOWED", "stop_month");
}

static void
test_contribution_base (void)
{
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  gboolean clamped = FALSE;

  /* BR-16: derived from the wage, clamped to floor 3321.60 and ceiling 17880.75. */
  g_assert_cmpint (yb_rules_contribution_base (hangzhou, 300000, 2020, &clamped), ==, 332160);
  g_assert_true (clamped);
  g_assert_cmpint (yb_rules_contribution_base (hangzhou, 2000000, 2020, &clamped), ==, 1788075);
  g_assert_true (clamped);
  g_assert_cmpint (yb_rules_contribution_base (hangzhou, 600050, 2020, &clamped), ==, 600050);
  g_assert_false (clamped);
  g_assert_cmpint (yb_rules_contribution_base (hangzhou, 332160, 2020, &clamped), ==, 332160);
  g_assert_false (clamped);
  g_assert_cmpint (yb_rules_contribution_base (hangzhou, 1788075, 2020, &clamped), ==, 1788075);
  g_assert_false (clamped);

  /* BR-35: 舟山's 2020 floor is 5360; later years carry it over until the hall says more. */
  g_assert_cmpint (yb_rules_contribution_base (zhoushan, 400000, 2020, &clamped), ==, 536000);
  g_assert_true (clamped);
  g_assert_cmpint (yb_rules_contribution_base (zhoushan, 400000, 2023, NULL), ==, 536000);

  /* No limits before the first year known: the wage stands. */
  g_assert_cmpint (yb_rules_contribution_base (zhoushan, 400000, 2015, &clamped), ==, 400000);
  g_assert_false (clamped);
}

static void
test_base_declaration_needed (void)
{
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  static const gint64 floor_unit[] = { 536000, 400000, 536000 };
  static const gint64 mixed_unit[] = { 536000, 536001 };

  /* BR-35: a unit entirely on the 5360 floor need not declare; the hall adjusts it. */
  g_assert_false (yb_rules_base_declaration_needed (zhoushan, 2020, floor_unit,
                                                     G_N_ELEMENTS (floor_unit)));
  g_assert_true (yb_rules_base_declaration_needed (zhoushan, 2020, mixed_unit,
                                                    G_N_ELEMENTS (mixed_unit)));
  g_assert_false (yb_rules_base_declaration_needed (zhoushan, 2020, NULL, 0));
  /* No exemption elsewhere, and none without limits to compare with. */
  g_assert_true (yb_rules_base_declaration_needed (hangzhou, 2020, floor_unit,
                                                    G_N_ELEMENTS (floor_unit)));
  g_assert_true (yb_rules_base_declaration_needed (zhoushan, 2015, floor_unit,
                                                    G_N_ELEMENTS (floor_unit)));
}

static void
test_id_birth_sex (void)
{
  g_autoptr(YbRegionProfile) profile = load ("zhoushan");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = zhoushan_reduction ("202008");
  g_autoptr(GPtrArray) birth = NULL;
  g_autoptr(GPtrArray) sex = NULL;
  g_autoptr(GPtrArray) bad_id = NULL;
  const YbFinding *f;

  /* BR-55: the ID says 1984-02-09, female. */
  yb_declaration_set_string (decl, "birth_date", "1984-02-10");
  birth = yb_rules_check (decl, profile, now);
  f = expect (birth, "BIRTH_DATE_MISMATCH", "birth_date");
  g_assert_true (yb_finding_is_error (f));
  g_assert_nonnull (strstr (f->message, "1984-02-09"));
  g_assert_null (find (birth, "SEX_MISMATCH", NULL));

  yb_declaration_set_string (decl, "birth_date", "1984-02-09");
  yb_declaration_set_string (decl, "sex", "1");
  sex = yb_rules_check (decl, profile, now);
  f = expect (sex, "SEX_MISMATCH", "sex");
  g_assert_nonnull (strstr (f->message, "Female"));
  g_assert_null (find (sex, "BIRTH_DATE_MISMATCH", NULL));
  g_assert_cmpuint (sex->len, ==, 1);

  /* A wrong check digit is reported once, on the ID, without comparisons built on it. */
  yb_declaration_set_string (decl, "id_number", "330902198402091423");
  bad_id = yb_rules_check (decl, profile, now);
  f = expect (bad_id, "ID_CHECK_DIGIT", "id_number");
  g_assert_true (yb_finding_is_error (f));
  g_assert_null (find (bad_id, "SEX_MISMATCH", NULL));
  g_assert_null (find (bad_id, "BIRTH_DATE_MISMATCH", NULL));
}

static void
test_id_type_not_checked (void)
{
  g_autoptr(YbRegionProfile) profile = load ("zhoushan");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = zhoushan_reduction ("202008");
  g_autoptr(GPtrArray) findings = NULL;

  /* A passport number is not a GB 11643 number: no check digit, no derived sex. */
  yb_declaration_set_string (decl, "id_type", "04");
  yb_declaration_set_string (decl, "id_number", "E12345678");
  findings = yb_rules_check (decl, profile, now);
  expect_none (findings);
}

static void
test_required_per_kind (void)
{
  static const struct
  {
    const char *region;
    YbDeclarationKind kind;
    const char *fields[16];
  } cases[] = {
    { "hangzhou", YB_DECLARATION_ENROL_NEW,
      { "id_number", "name", "sex", "start_month", "reason", "hukou_type", "employment_form",
        "wage", "address", "postcode", "phone", NULL } },
    { "hangzhou", YB_DECLARATION_REDUCE, { "person_no", "reason", "stop_month", "wage", NULL } },
    { "zhoushan", YB_DECLARATION_ENROL_RESUME,
      { "id_type", "id_number", "name", "birth_date", "sex", "ethnicity", "phone",
        "work_start_date", "start_month", "agent_name", "agent_phone", NULL } },
    { "zhoushan", YB_DECLARATION_REDUCE,
      { "id_number", "name", "stop_month", "agent_name", "agent_phone", NULL } },
    { "ningbo", YB_DECLARATION_ENROL_NEW,
      { "id_type", "id_number", "name", "sex", "start_month", "phone", NULL } },
    { "ningbo", YB_DECLARATION_REDUCE, { "id_number", "stop_month", NULL } },
    { "ningbo", YB_DECLARATION_PERSON_CHANGE, { "id_number", NULL } },
    { "zhoushan", YB_DECLARATION_BASE_DECLARATION, { "year", NULL } },
  };
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YbRegionProfile) profile = load (cases[i].region);
      g_autoptr(YbDeclaration) decl = yb_declaration_new (cases[i].kind);
      g_autoptr(GPtrArray) findings = NULL;
      guint n_required = 0;

      /* Blank and space-only values count as missing. */
      yb_declaration_set_string (decl, "name", "  ");
      findings = yb_rules_check (decl, profile, now);
      g_test_message ("%s %s", cases[i].region, yb_declaration_kind_to_string (cases[i].kind));
      for (guint j = 0; cases[i].fields[j] != NULL; j++)
        {
          const YbFinding *f = expect (findings, "REQUIRED", cases[i].fields[j]);

          g_assert_true (yb_finding_is_error (f));
          /* The message names the field for the clerk. */
          g_assert_nonnull (strstr (f->message,
                                    yb_declaration_field_get_label (cases[i].fields[j])));
        }
      for (guint j = 0; j < findings->len; j++)
        if (g_str_equal (((YbFinding *) g_ptr_array_index (findings, j))->code, "REQUIRED"))
          n_required++;
      if (cases[i].kind != YB_DECLARATION_REDUCE || !g_str_equal (cases[i].region, "zhoushan"))
        g_assert_cmpuint (n_required, ==, g_strv_length ((char **) cases[i].fields));
      /* Required fields are not reported twice as "person required". */
      g_assert_null (find (findings, "PERSON_REQUIRED", NULL));
    }
}

static void
test_required_other_kinds (void)
{
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  g_autoptr(YbRegionProfile) fixture = load_fixture ();
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) base = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
  g_autoptr(YbDeclaration) key = yb_declaration_new (YB_DECLARATION_UNIT_KEY_CHANGE);
  g_autoptr(YbDeclaration) contact = yb_declaration_new (YB_DECLARATION_UNIT_CONTACT_CHANGE);
  g_autoptr(YbDeclaration) reduce = yb_declaration_new (YB_DECLARATION_REDUCE);
  g_autoptr(GPtrArray) base_findings = yb_rules_check (base, zhoushan, now);
  g_autoptr(GPtrArray) key_findings = yb_rules_check (key, zhoushan, now);
  g_autoptr(GPtrArray) contact_findings = yb_rules_check (contact, zhoushan, now);
  g_autoptr(GPtrArray) reduce_findings = NULL;
  guint materials = 0;

  /* BR-34: the stamped scan (材料1) and the Excel sheet (材料2). */
  expect (base_findings, "ITEMS_REQUIRED", "items");
  for (guint i = 0; i < base_findings->len; i++)
    if (g_str_equal (((YbFinding *) g_ptr_array_index (base_findings, i))->code,
                     "MATERIAL_REQUIRED"))
      materials++;
  g_assert_cmpuint (materials, ==, 2);

  expect (key_findings, "NOTHING_TO_CHANGE", NULL);
  expect (key_findings, "MATERIAL_REQUIRED", "materials");
  expect (contact_findings, "NOTHING_TO_CHANGE", NULL);
  g_assert_null (find (contact_findings, "MATERIAL_REQUIRED", NULL));

  /* The fixture requires neither number: one of them must still say who leaves. */
  yb_declaration_set_string (reduce, "stop_month", "202008");
  reduce_findings = yb_rules_check (reduce, fixture, now);
  expect (reduce_findings, "PERSON_REQUIRED", "id_number");
}

static void
test_unit_changes (void)
{
  g_autoptr(YbRegionProfile) profile = load ("ningbo");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) contact = yb_declaration_new (YB_DECLARATION_UNIT_CONTACT_CHANGE);
  g_autoptr(YbDeclaration) key = yb_declaration_new (YB_DECLARATION_UNIT_KEY_CHANGE);
  g_autoptr(GPtrArray) ok = NULL;
  g_autoptr(GPtrArray) bad = NULL;
  g_autoptr(GPtrArray) key_ok = NULL;

  /* BR-41: bank category, bank, account name and number. */
  yb_declaration_set_string (contact, "bank_category", "102");
  yb_declaration_set_string (contact, "bank_name", "工商银行宁波分行");
  yb_declaration_set_string (contact, "bank_account_name", "宁波某某有限公司");
  yb_declaration_set_string (contact, "bank_account", "3901 1100 0920 0123 456");
  yb_declaration_set_string (contact, "contact_phone", "0574-87654321");
  ok = yb_rules_check (contact, profile, now);
  expect_none (ok);

  yb_declaration_set_string (contact, "bank_category", "100");
  yb_declaration_set_string (contact, "bank_account", "12AB");
  yb_declaration_set_string (contact, "contact_phone", "12345");
  bad = yb_rules_check (contact, profile, now);
  expect (bad, "CODE_UNKNOWN", "bank_category");
  expect (bad, "BANK_ACCOUNT_INVALID", "bank_account");
  expect (bad, "PHONE_INVALID", "contact_phone");

  yb_declaration_set_string (key, "unit_name", "宁波新名称有限公司");
  yb_declaration_set_string (key, "credit_code", "91350100M000100Y43");
  yb_declaration_add_material (key, "supporting_document", "m-1", "营业执照.jpg");
  key_ok = yb_rules_check (key, profile, now);
  expect_none (key_ok);
}

static void
test_unknown_codes (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = hangzhou_enrolment ("202008");
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GPtrArray) reduce_findings = NULL;
  g_autoptr(YbDeclaration) reduce = yb_declaration_new (YB_DECLARATION_REDUCE);
  const YbFinding *f;

  yb_declaration_set_string (decl, "ethnicity", "57");
  yb_declaration_set_string (decl, "employment_form", "编外合同工");
  yb_declaration_set_string (decl, "reason", "21");
  yb_declaration_set_string (decl, "sex", "M");
  yb_declaration_set_string (decl, "sub_region", "330300");
  findings = yb_rules_check (decl, profile, now);

  f = expect (findings, "CODE_UNKNOWN", "ethnicity");
  g_assert_true (yb_finding_is_error (f));
  g_assert_nonnull (strstr (f->message, "57"));
  g_assert_nonnull (strstr (f->message, "Ethnicity"));
  /* The label is not the code: the form stores codes. */
  expect (findings, "CODE_UNKNOWN", "employment_form");
  /* 21 is a reduction reason, not an enrolment reason. */
  expect (findings, "CODE_UNKNOWN", "reason");
  expect (findings, "CODE_UNKNOWN", "sex");
  expect (findings, "CODE_UNKNOWN", "sub_region");
  g_assert_null (find (findings, "SEX_MISMATCH", NULL));

  yb_declaration_set_string (reduce, "person_no", "10012345");
  yb_declaration_set_string (reduce, "reason", "11");
  yb_declaration_set_string (reduce, "stop_month", "202008");
  yb_declaration_set_string (reduce, "wage", "6000");
  reduce_findings = yb_rules_check (reduce, profile, now);
  expect (reduce_findings, "CODE_UNKNOWN", "reason");
  g_assert_cmpuint (reduce_findings->len, ==, 1);
}

static void
test_wage (void)
{
  static const struct
  {
    const char *wage;
    const char *code;
    YbSeverity severity;
  } cases[] = {
    { "6000", NULL, 0 },
    { "6000.50", NULL, 0 },
    { "abc", "WAGE_INVALID", YB_SEVERITY_ERROR },
    { "-5", "WAGE_INVALID", YB_SEVERITY_ERROR },
    { "0", "WAGE_INVALID", YB_SEVERITY_ERROR },
    { "100", "WAGE_BELOW_FLOOR", YB_SEVERITY_WARNING },
    { "99999", "WAGE_ABOVE_CEILING", YB_SEVERITY_WARNING },
    { "20000000", "WAGE_TOO_HIGH", YB_SEVERITY_ERROR },
  };
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YbDeclaration) decl = hangzhou_enrolment ("202008");
      g_autoptr(GPtrArray) findings = NULL;

      yb_declaration_set_string (decl, "wage", cases[i].wage);
      findings = yb_rules_check (decl, profile, now);
      g_test_message ("wage %s", cases[i].wage);
      if (cases[i].code == NULL)
        expect_none (findings);
      else
        {
          const YbFinding *f = expect (findings, cases[i].code, "wage");

          g_assert_cmpint (f->severity, ==, cases[i].severity);
          g_assert_cmpuint (findings->len, ==, 1);
        }
    }
}

static void
test_wage_floor_message (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = hangzhou_enrolment ("202008");
  g_autoptr(GPtrArray) findings = NULL;
  g_autofree char *floor = yb_format_money (332160);
  const YbFinding *f;

  yb_declaration_set_string (decl, "wage", "3000");
  findings = yb_rules_check (decl, profile, now);
  f = expect (findings, "WAGE_BELOW_FLOOR", "wage");
  g_assert_nonnull (strstr (f->message, floor));
  expect_no_errors (findings);
}

static void
test_contract_dates (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = hangzhou_enrolment ("202008");
  g_autoptr(GPtrArray) ok = NULL;
  g_autoptr(GPtrArray) reversed = NULL;
  g_autoptr(GPtrArray) bad = NULL;

  yb_declaration_set_string (decl, "contract_start", "2020-08-01");
  yb_declaration_set_string (decl, "contract_end", "2023-07-31");
  yb_declaration_set_string (decl, "job_type", "03");
  ok = yb_rules_check (decl, profile, now);
  expect_none (ok);

  yb_declaration_set_string (decl, "contract_end", "2020-07-31");
  reversed = yb_rules_check (decl, profile, now);
  expect (reversed, "DATE_ORDER", "contract_end");

  yb_declaration_set_string (decl, "contract_end", "2020-02-30");
  bad = yb_rules_check (decl, profile, now);
  expect (bad, "DATE_FORMAT", "contract_end");
  g_assert_null (find (bad, "DATE_ORDER", NULL));
}

static void
test_work_start (void)
{
  static const struct
  {
    const char *date;
    const char *code;
    YbSeverity severity;
  } cases[] = {
    { "2005-07-01", NULL, 0 },
    { "2000-02-09", NULL, 0 },
    { "2000-02-08", "WORK_START_BEFORE_16", YB_SEVERITY_WARNING },
    { "1983-01-01", "WORK_START_BEFORE_BIRTH", YB_SEVERITY_ERROR },
    { "2020-08-16", "WORK_START_IN_FUTURE", YB_SEVERITY_ERROR },
    { "2020-08-15", NULL, 0 },
    { "07/01/2005x", "DATE_FORMAT", YB_SEVERITY_ERROR },
  };
  g_autoptr(YbRegionProfile) profile = load ("zhoushan");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(YbDeclaration) decl = zhoushan_reduction ("202008");
      g_autoptr(GPtrArray) findings = NULL;

      yb_declaration_set_string (decl, "work_start_date", cases[i].date);
      findings = yb_rules_check (decl, profile, now);
      g_test_message ("work start %s", cases[i].date);
      if (cases[i].code == NULL)
        expect_none (findings);
      else
        g_assert_cmpint (expect (findings, cases[i].code, "work_start_date")->severity, ==,
                         cases[i].severity);
    }
}

static void
test_contacts (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = hangzhou_enrolment ("202008");
  g_autoptr(GPtrArray) findings = NULL;

  yb_declaration_set_string (decl, "phone", "1395711234");
  yb_declaration_set_string (decl, "postcode", "31001");
  yb_declaration_set_string (decl, "email", "zhangsan@");
  yb_declaration_set_string (decl, "name", "张三3");
  findings = yb_rules_check (decl, profile, now);
  g_assert_true (yb_finding_is_error (expect (findings, "MOBILE_FORMAT", "phone")));
  expect (findings, "POSTCODE_FORMAT", "postcode");
  expect (findings, "EMAIL_FORMAT", "email");
  expect (findings, "NAME_INVALID", "name");
}

static void
test_business_type_not_offered (void)
{
  g_autoptr(YbRegionProfile) profile = load_fixture ();
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_ENROL_RESUME);
  g_autoptr(GPtrArray) findings = NULL;

  yb_declaration_set_string (decl, "id_number", "330102199001011234");
  yb_declaration_set_string (decl, "name", "张三");
  yb_declaration_set_string (decl, "start_month", "202008");
  findings = yb_rules_check (decl, profile, now);
  expect (findings, "BUSINESS_TYPE_NOT_OFFERED", NULL);
  g_assert_cmpuint (findings->len, ==, 1);
}

static void
test_base_declaration_items (void)
{
  g_autoptr(YbRegionProfile) profile = load ("zhoushan");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
  g_autoptr(GPtrArray) ok = NULL;
  g_autoptr(GPtrArray) bad = NULL;
  g_autofree char *id1 = make_id ("33090219840209142");
  g_autofree char *id2 = make_id ("33090319900101123");

  yb_declaration_set_string (decl, "year", "2020");
  yb_declaration_add_item (decl, "1001", id1, "李四", "6200.00");
  yb_declaration_add_item (decl, "1002", id2, "张三", "5360");
  yb_declaration_add_material (decl, "stamped_scan", "m-1", "基数申报.jpg");
  yb_declaration_add_material (decl, "roster_sheet", "m-2", "基数申报.xlsx");
  ok = yb_rules_check (decl, profile, now);
  expect_none (ok);

  yb_declaration_set_string (decl, "year", "20");
  yb_declaration_set_item_string (decl, 1, "avg_wage", "五千");
  yb_declaration_add_item (decl, NULL, id1, "李四", "6200");
  yb_declaration_add_item (decl, NULL, NULL, NULL, "100");
  bad = yb_rules_check (decl, profile, now);
  expect (bad, "YEAR_INVALID", "year");
  expect (bad, "WAGE_INVALID", "items[1].avg_wage");
  expect (bad, "ITEM_DUPLICATE", "items[2].id_number");
  expect (bad, "PERSON_REQUIRED", "items[3].id_number");
  expect (bad, "REQUIRED", "items[3].name");
  g_assert_cmpint (expect (bad, "WAGE_BELOW_FLOOR", "items[3].avg_wage")->severity, ==,
                   YB_SEVERITY_WARNING);
  g_assert_null (find (bad, "MATERIAL_REQUIRED", NULL));
}

static void
test_findings_are_complete (void)
{
  g_autoptr(YbRegionProfile) profile = load ("zhoushan");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_autoptr(GPtrArray) findings = NULL;

  /* Hostile input: every finding still has a code and a sentence, and nothing crashes. */
  yb_declaration_set_string (decl, "id_number", "'; DROP TABLE roster; --");
  yb_declaration_set_string (decl, "name", "\x01\x02");
  yb_declaration_set_string (decl, "start_month", "99999999999999999999");
  yb_declaration_set_string (decl, "birth_date", "");
  yb_declaration_set_string (decl, "ethnicity", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十");
  yb_declaration_set_string (decl, "wage", "1e308");
  findings = yb_rules_check (decl, profile, now);
  g_assert_cmpuint (findings->len, >, 5);
  for (guint i = 0; i < findings->len; i++)
    {
      const YbFinding *f = g_ptr_array_index (findings, i);

      g_assert_cmpstr (f->code, !=, "");
      g_assert_cmpstr (f->message, !=, "");
      for (const char *p = f->code; *p != '\0'; p++)
        g_assert_true (g_ascii_isupper (*p) || g_ascii_isdigit (*p) || *p == '_');
    }
  g_assert_nonnull (strstr (expect (findings, "CODE_UNKNOWN", "ethnicity")->message, "…"));
}

/* Declarations */

static void
test_declaration_kinds (void)
{
  for (int kind = YB_DECLARATION_ENROL_NEW; kind <= YB_DECLARATION_BASE_DECLARATION; kind++)
    {
      const char *text = yb_declaration_kind_to_string (kind);
      YbDeclarationKind back = -1;

      g_assert_nonnull (text);
      g_assert_true (yb_declaration_kind_from_string (text, &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_cmpstr (yb_declaration_kind_get_label (kind), !=, "");
    }
  g_assert_cmpstr (yb_declaration_kind_to_string (YB_DECLARATION_ENROL_NEW), ==, "enrol_new");
  g_assert_cmpstr (yb_declaration_kind_to_string (YB_DECLARATION_ENROL_RESUME), ==,
                   "enrol_resume");
  g_assert_cmpstr (yb_declaration_kind_to_string (YB_DECLARATION_BASE_DECLARATION), ==,
                   "base_declaration");
  {
    YbDeclarationKind unused;

    g_assert_false (yb_declaration_kind_from_string ("enrol", &unused));
    g_assert_false (yb_declaration_kind_from_string (NULL, &unused));
  }
  g_assert_true (yb_declaration_is_known_field ("start_month"));
  g_assert_false (yb_declaration_is_known_field ("startmonth"));
  g_assert_true (g_strv_contains (yb_declaration_get_known_fields (), "agent_phone"));
}

static void
on_changed (YbDeclaration *decl,
            guint         *count)
{
  (*count)++;
}

static void
test_declaration_roundtrip (void)
{
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
  g_autoptr(YbDeclaration) back = NULL;
  g_autoptr(YbDeclaration) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  g_auto(GStrv) fields = NULL;
  guint changes = 0;

  g_signal_connect (decl, "changed", G_CALLBACK (on_changed), &changes);
  yb_declaration_set_string (decl, "year", "2020");
  yb_declaration_set_string (decl, "note", "含\"引号\"和\\反斜杠");
  yb_declaration_set_string (decl, "note", "含\"引号\"和\\反斜杠");
  yb_declaration_add_item (decl, "1001", "330902198402091422", "李四", "6200.00");
  yb_declaration_add_item (decl, NULL, "330102199001011234", "张三", NULL);
  yb_declaration_add_material (decl, "stamped_scan", "m-1", "scan.jpg");
  g_assert_cmpuint (changes, ==, 5);

  text = yb_declaration_to_data (decl, NULL);
  back = yb_declaration_new_from_data (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yb_declaration_get_kind (back), ==, YB_DECLARATION_BASE_DECLARATION);
  g_assert_cmpstr (yb_declaration_get_string (back, "note"), ==, "含\"引号\"和\\反斜杠");
  g_assert_cmpstr (yb_declaration_get_string (back, "year"), ==, "2020");
  g_assert_null (yb_declaration_get_string (back, "name"));
  g_assert_cmpuint (yb_declaration_get_n_items (back), ==, 2);
  g_assert_cmpstr (yb_declaration_get_item_string (back, 0, "avg_wage"), ==, "6200.00");
  g_assert_null (yb_declaration_get_item_string (back, 1, "person_no"));
  g_assert_cmpuint (yb_declaration_get_n_materials (back), ==, 1);
  g_assert_cmpstr (yb_declaration_get_material_kind (back, 0), ==, "stamped_scan");
  g_assert_cmpstr (yb_declaration_get_material_id (back, 0), ==, "m-1");
  g_assert_cmpstr (yb_declaration_get_material_file_name (back, 0), ==, "scan.jpg");
  again = yb_declaration_to_data (back, NULL);
  g_assert_cmpstr (again, ==, text);

  /* A copy is independent of its original. */
  copy = yb_declaration_copy (decl);
  yb_declaration_set_string (copy, "year", "2021");
  yb_declaration_remove_item (copy, 0);
  g_assert_cmpstr (yb_declaration_get_string (decl, "year"), ==, "2020");
  g_assert_cmpuint (yb_declaration_get_n_items (decl), ==, 2);

  yb_declaration_set_string (decl, "year", NULL);
  g_assert_null (yb_declaration_get_string (decl, "year"));
  fields = yb_declaration_list_fields (decl);
  g_assert_cmpuint (g_strv_length (fields), ==, 1);
  g_assert_cmpstr (fields[0], ==, "note");
}

static void
test_declaration_broken (void)
{
  static const struct
  {
    const char *text;
    const char *expected;
  } cases[] = {
    { "", "JSON" },
    { "{\"kind\": \"enrol_new\"", "JSON" },
    { "[]", "object" },
    { "{}", "“kind”" },
    { "{\"kind\": \"enrol\"}", "“kind”" },
    { "{\"kind\": 3}", "“kind”" },
    { "{\"kind\": \"enrol_new\", \"format\": 2}", "“format”" },
    { "{\"kind\": \"enrol_new\", \"fields\": []}", "“fields”" },
    { "{\"kind\": \"enrol_new\", \"fields\": {\"name\": 5}}", "“fields.name”" },
    { "{\"kind\": \"enrol_new\", \"fields\": {\"name\": {}}}", "“fields.name”" },
    { "{\"kind\": \"base_declaration\", \"items\": {}}", "“items”" },
    { "{\"kind\": \"base_declaration\", \"items\": [{\"avg_wage\": 6200}]}",
      "“items[0].avg_wage”" },
    { "{\"kind\": \"base_declaration\", \"items\": [\"x\"]}", "“items[0]”" },
    { "{\"kind\": \"unit_key_change\", \"materials\": [{\"kind\": \"scan\"}]}",
      "“materials[0]”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YbDeclaration) decl = yb_declaration_new_from_data (cases[i].text, -1, &error);

      g_test_message ("%s", cases[i].text);
      g_assert_null (decl);
      g_assert_error (error, YB_CORE_ERROR, YB_CORE_ERROR_DECLARATION_INVALID);
      if (strstr (error->message, cases[i].expected) == NULL)
        g_error ("“%s” does not contain “%s”", error->message, cases[i].expected);
    }
}

static void
test_declaration_field_order (void)
{
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_auto(GStrv) fields = NULL;
  const char *expected[] = { "id_type", "id_number", "name", "sex", "start_month", "wage",
                             "phone", "address" };

  /* Set in an order unlike the form's: a list for the clerk follows the form. */
  yb_declaration_set_string (decl, "address", "杭州市西湖区文三路 90 号");
  yb_declaration_set_string (decl, "wage", "6800");
  yb_declaration_set_string (decl, "name", "林晓雨");
  yb_declaration_set_string (decl, "phone", "13912345678");
  yb_declaration_set_string (decl, "id_number", "330106199305186119");
  yb_declaration_set_string (decl, "start_month", "202611");
  yb_declaration_set_string (decl, "sex", "1");
  yb_declaration_set_string (decl, "id_type", "01");

  fields = yb_declaration_list_fields (decl);
  g_assert_cmpuint (g_strv_length (fields), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (fields[i], ==, expected[i]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/rules/hangzhou/enrol-valid", test_hangzhou_enrol_valid);
  g_test_add_func ("/core/rules/hangzhou/window", test_hangzhou_window);
  g_test_add_func ("/core/rules/hangzhou/window-reduction", test_hangzhou_window_reduction);
  g_test_add_func ("/core/rules/hangzhou/backdating", test_hangzhou_backdating);
  g_test_add_func ("/core/rules/month-ranges", test_month_ranges);
  g_test_add_func ("/core/rules/ningbo/months-ahead", test_ningbo_months_ahead);
  g_test_add_func ("/core/rules/zhoushan/stop-month", test_zhoushan_stop_month);
  g_test_add_func ("/core/rules/ningbo/stop-month", test_ningbo_stop_month);
  g_test_add_func ("/core/rules/stop-month-previous", test_stop_month_window_of_fixture);
  g_test_add_func ("/core/rules/contribution-base", test_contribution_base);
  g_test_add_func ("/core/rules/zhoushan/base-declaration-needed", test_base_declaration_needed);
  g_test_add_func ("/core/rules/id-birth-sex", test_id_birth_sex);
  g_test_add_func ("/core/rules/id-type-not-checked", test_id_type_not_checked);
  g_test_add_func ("/core/rules/required/per-kind", test_required_per_kind);
  g_test_add_func ("/core/rules/required/other-kinds", test_required_other_kinds);
  g_test_add_func ("/core/rules/unit-changes", test_unit_changes);
  g_test_add_func ("/core/rules/unknown-codes", test_unknown_codes);
  g_test_add_func ("/core/rules/wage", test_wage);
  g_test_add_func ("/core/rules/wage-floor-message", test_wage_floor_message);
  g_test_add_func ("/core/rules/contract-dates", test_contract_dates);
  g_test_add_func ("/core/rules/work-start", test_work_start);
  g_test_add_func ("/core/rules/contacts", test_contacts);
  g_test_add_func ("/core/rules/business-type-not-offered", test_business_type_not_offered);
  g_test_add_func ("/core/rules/base-declaration-items", test_base_declaration_items);
  g_test_add_func ("/core/rules/hostile-input", test_findings_are_complete);
  g_test_add_func ("/core/declaration/kinds", test_declaration_kinds);
  g_test_add_func ("/core/declaration/roundtrip", test_declaration_roundtrip);
  g_test_add_func ("/core/declaration/broken", test_declaration_broken);
  g_test_add_func ("/core/declaration/field-order", test_declaration_field_order);

  return g_test_run ();
}
