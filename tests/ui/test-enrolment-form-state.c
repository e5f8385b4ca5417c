/* test-enrolment-form-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-enrolment-form-state"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "yb-enrolment-form-state.h"
#include "yb-field-checks.h"
#include "yb-id-number.h"

/* The enrolment form's state, without a display: no gtk_init here. */

static YbRegionProfile *
load_profile (const char *id)
{
  g_autoptr(GError) error = NULL;
  YbRegionProfile *profile = yb_region_profile_load_builtin (id, &error);

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

/* A resident ID with a correct check digit, or a wrong one when @wrong. */
static char *
make_id (const char *first17,
         gboolean    wrong)
{
  char check = yb_id_number_compute_check (first17);

  if (wrong)
    check = check == '1' ? '2' : '1';
  return g_strdup_printf ("%s%c", first17, check);
}

static YbDeclaration *
valid_hangzhou (void)
{
  YbDeclaration *decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_autofree char *id = make_id ("33010619900101123", FALSE);

  yb_declaration_set_string (decl, "id_type", "01");
  yb_declaration_set_string (decl, "id_number", id);
  yb_declaration_set_string (decl, "name", "张伟");
  yb_declaration_set_string (decl, "sex", "1");
  yb_declaration_set_string (decl, "birth_date", "1990-01-01");
  yb_declaration_set_string (decl, "start_month", "202008");
  yb_declaration_set_string (decl, "reason", "11");
  yb_declaration_set_string (decl, "hukou_type", "1");
  yb_declaration_set_string (decl, "employment_form", "01");
  yb_declaration_set_string (decl, "wage", "8000");
  yb_declaration_set_string (decl, "address", "杭州市西湖区文三路1号");
  yb_declaration_set_string (decl, "postcode", "310012");
  yb_declaration_set_string (decl, "phone", "13800001234");
  return decl;
}

static YbEnrolmentFormState *
state_for (YbDeclaration   *decl,
           YbRegionProfile *profile,
           GDateTime       *now,
           GHashTable      *left,
           gboolean         show_all)
{
  YbEnrolmentFormInput input = {
    .declaration = decl,
    .profile = profile,
    .now = now,
    .left_fields = left,
    .show_all = show_all,
  };

  return yb_enrolment_form_state_new (&input);
}

static void
test_required_per_region (void)
{
  g_autoptr(YbRegionProfile) hangzhou = load_profile ("hangzhou");
  g_autoptr(YbRegionProfile) zhoushan = load_profile ("zhoushan");
  g_autoptr(YbRegionProfile) ningbo = load_profile ("ningbo");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_autoptr(YbEnrolmentFormState) hz = state_for (decl, hangzhou, now, NULL, FALSE);
  g_autoptr(YbEnrolmentFormState) zs = state_for (decl, zhoushan, now, NULL, FALSE);
  g_autoptr(YbEnrolmentFormState) nb = state_for (decl, ningbo, now, NULL, FALSE);

  /* 杭州 (BR-14): wage, 户口性质, address; no birth date or ethnicity. */
  g_assert_true (yb_enrolment_form_state_is_required (hz, "wage"));
  g_assert_true (yb_enrolment_form_state_is_required (hz, "hukou_type"));
  g_assert_true (yb_enrolment_form_state_is_required (hz, "address"));
  g_assert_false (yb_enrolment_form_state_is_required (hz, "birth_date"));
  g_assert_false (yb_enrolment_form_state_is_required (hz, "ethnicity"));
  g_assert_false (yb_enrolment_form_state_is_required (hz, "email"));

  /* 舟山 (BR-11): birth date, 民族, 参加工作时间 and the agent; no wage. */
  g_assert_true (yb_enrolment_form_state_is_required (zs, "birth_date"));
  g_assert_true (yb_enrolment_form_state_is_required (zs, "ethnicity"));
  g_assert_true (yb_enrolment_form_state_is_required (zs, "work_start_date"));
  g_assert_true (yb_enrolment_form_state_is_required (zs, "agent_name"));
  g_assert_false (yb_enrolment_form_state_is_required (zs, "wage"));

  /* Every region needs the person and the month. */
  g_assert_true (yb_enrolment_form_state_is_required (nb, "id_number"));
  g_assert_true (yb_enrolment_form_state_is_required (nb, "name"));
  g_assert_true (yb_enrolment_form_state_is_required (nb, "start_month"));
  g_assert_true (yb_enrolment_form_state_is_required (nb, "id_type"));
  g_assert_false (yb_enrolment_form_state_is_required (nb, "address"));
}

static void
test_visibility (void)
{
  g_autoptr(YbRegionProfile) profile = load_profile ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_autoptr(GHashTable) left = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(YbEnrolmentFormState) fresh = NULL;
  g_autoptr(YbEnrolmentFormState) after_leave = NULL;
  g_autoptr(YbEnrolmentFormState) all = NULL;
  const YbFinding *finding;

  /* An untouched form knows its problems but does not shout them. */
  fresh = state_for (decl, profile, now, left, FALSE);
  finding = yb_enrolment_form_state_get_finding (fresh, "name");
  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, "REQUIRED");
  g_assert_null (yb_enrolment_form_state_get_shown (fresh, "name"));
  g_assert_null (yb_enrolment_form_state_get_shown (fresh, "wage"));

  /* Leaving the name field shows its message and no other. */
  g_hash_table_add (left, (gpointer) "name");
  after_leave = state_for (decl, profile, now, left, FALSE);
  finding = yb_enrolment_form_state_get_shown (after_leave, "name");
  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, "REQUIRED");
  g_assert_null (yb_enrolment_form_state_get_shown (after_leave, "wage"));

  /* Asking for every problem shows them all, the first in form order first. */
  all = state_for (decl, profile, now, left, TRUE);
  g_assert_nonnull (yb_enrolment_form_state_get_shown (all, "wage"));
  g_assert_nonnull (yb_enrolment_form_state_get_shown (all, "address"));
  g_assert_cmpstr (all->first_error_field, ==, "id_number");
}

static void
test_id_number_as_typed (void)
{
  g_autoptr(YbRegionProfile) profile = load_profile ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_autofree char *wrong = make_id ("33010619900101123", TRUE);
  g_autofree char *partial = g_strndup (wrong, 17);
  const YbFinding *finding;

  /* 17 characters: still typing, nothing shown. */
  yb_declaration_set_string (decl, "id_number", partial);
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_nonnull (yb_enrolment_form_state_get_finding (state, "id_number"));
    g_assert_null (yb_enrolment_form_state_get_shown (state, "id_number"));
  }

  /* 18 characters with a wrong check digit: shown at once, field not left. */
  yb_declaration_set_string (decl, "id_number", wrong);
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    finding = yb_enrolment_form_state_get_shown (state, "id_number");
    g_assert_nonnull (finding);
    g_assert_cmpstr (finding->code, ==, "ID_CHECK_DIGIT");
    g_assert_true (yb_finding_is_error (finding));
    g_assert_false (state->can_submit);
  }
}

static void
test_submit_enabled (void)
{
  g_autoptr(YbRegionProfile) profile = load_profile ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = valid_hangzhou ();

  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    for (guint i = 0; i < state->findings->len; i++)
      {
        YbFinding *f = g_ptr_array_index (state->findings, i);
        g_test_message ("finding %s %s: %s", f->field, f->code, f->message);
      }
    g_assert_false (state->has_errors);
    g_assert_true (state->can_submit);
    g_assert_cmpuint (state->n_errors, ==, 0);
    g_assert_null (state->first_error_field);
  }

  /* 杭州 requires the wage (BR-14): without it submit is off. */
  yb_declaration_set_string (decl, "wage", NULL);
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_true (state->has_errors);
    g_assert_false (state->can_submit);
    g_assert_cmpstr (state->first_error_field, ==, "wage");
  }

  /* A month three months back is allowed, four is not (BR-15). */
  yb_declaration_set_string (decl, "wage", "8000");
  yb_declaration_set_string (decl, "start_month", "202004");
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_false (state->can_submit);
    g_assert_cmpstr (yb_enrolment_form_state_get_finding (state, "start_month")->code, ==,
                     "START_MONTH_TOO_EARLY");
  }
  yb_declaration_set_string (decl, "start_month", "202005");
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_true (state->can_submit);
  }
}

static void
test_window_closed_still_submits (void)
{
  g_autoptr(YbRegionProfile) profile = load_profile ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 25, 18, 0);
  g_autoptr(GDateTime) reopens = shanghai (2020, 9, 1, 8, 0);
  g_autoptr(YbDeclaration) decl = valid_hangzhou ();
  g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);
  g_autofree char *when = g_date_time_format (reopens, _("%Y-%m-%d %H:%M"));

  /* BR-31: closed from the 25th 17:00 to the 1st 08:00; the outbox waits. */
  g_assert_true (state->window_applies);
  g_assert_false (state->window_open);
  g_assert_nonnull (state->window_reopens);
  g_assert_true (g_date_time_equal (state->window_reopens, reopens));
  g_assert_nonnull (strstr (state->window_text, when));
  g_assert_false (state->has_errors);
  g_assert_true (state->can_submit);
}

static void
test_window_none (void)
{
  g_autoptr(YbRegionProfile) profile = load_profile ("zhoushan");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 25, 18, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

  g_assert_true (state->window_open);
  g_assert_null (state->window_text);
}

static void
test_base_derived (void)
{
  g_autoptr(YbRegionProfile) profile = load_profile ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = valid_hangzhou ();
  const YbBaseLimits *limits = yb_region_profile_find_base_limits (profile, 2020, NULL);

  g_assert_nonnull (limits);

  /* Inside the limits the base is the wage, with no note. */
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_true (state->base_known);
    g_assert_cmpint (state->base_cents, ==, 800000);
    g_assert_cmpstr (state->base_text, ==, "8000.00");
    g_assert_null (state->base_note);
  }

  /* Below the floor: raised to it, with a note; a warning, not an error. */
  yb_declaration_set_string (decl, "wage", "2000");
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);
    g_autofree char *floor = yb_format_money (limits->floor.amount_cents);

    g_assert_cmpint (state->base_cents, ==, limits->floor.amount_cents);
    g_assert_cmpstr (state->base_text, ==, floor);
    g_assert_nonnull (state->base_note);
    g_assert_cmpstr (yb_enrolment_form_state_get_finding (state, "wage")->code, ==,
                     "WAGE_BELOW_FLOOR");
    g_assert_true (state->can_submit);
  }

  /* Above the ceiling: lowered to it. */
  yb_declaration_set_string (decl, "wage", "99999");
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_cmpint (state->base_cents, ==, limits->ceiling.amount_cents);
    g_assert_nonnull (state->base_note);
  }

  /* Not an amount: no base shown, and the wage is an error. */
  yb_declaration_set_string (decl, "wage", "eight thousand");
  {
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_false (state->base_known);
    g_assert_cmpstr (state->base_text, ==, "");
    g_assert_false (state->can_submit);
  }
}

static void
test_month_range (void)
{
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);
  g_autofree char *may = yb_month_format (yb_month_new (2020, 5));
  g_autofree char *aug = yb_month_format (yb_month_new (2020, 8));
  g_autofree char *sep = yb_month_format (yb_month_new (2020, 9));

  /* 杭州: three months back (BR-15), nothing ahead. */
  {
    g_autoptr(YbRegionProfile) profile = load_profile ("hangzhou");
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_cmpint (state->earliest, ==, yb_month_new (2020, 5));
    g_assert_cmpint (state->latest, ==, yb_month_new (2020, 8));
    g_assert_nonnull (strstr (state->month_range_text, may));
    g_assert_nonnull (strstr (state->month_range_text, aug));
    g_assert_cmpuint (state->offered_months->len, ==, 4);
    g_assert_cmpint (g_array_index (state->offered_months, YbMonth, 0), ==,
                     yb_month_new (2020, 5));
  }

  /* 宁波: one month ahead (BR-19), no known backdating limit. */
  {
    g_autoptr(YbRegionProfile) profile = load_profile ("ningbo");
    g_autoptr(YbEnrolmentFormState) state = state_for (decl, profile, now, NULL, FALSE);

    g_assert_false (yb_month_is_valid (state->earliest));
    g_assert_cmpint (state->latest, ==, yb_month_new (2020, 9));
    g_assert_nonnull (strstr (state->month_range_text, sep));
    g_assert_null (strstr (state->month_range_text, may));
    g_assert_cmpint (g_array_index (state->offered_months, YbMonth,
                                    state->offered_months->len - 1), ==,
                     yb_month_new (2020, 9));
  }
}

static void
test_hall_findings (void)
{
  g_autoptr(YbRegionProfile) profile = load_profile ("hangzhou");
  g_autoptr(GDateTime) now = shanghai (2020, 8, 15, 10, 0);
  g_autoptr(YbDeclaration) decl = valid_hangzhou ();
  g_autoptr(GPtrArray) hall = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
  g_autoptr(YbEnrolmentFormState) state = NULL;
  YbEnrolmentFormInput input = { 0 };
  const YbFinding *shown;

  g_ptr_array_add (hall, yb_finding_new (YB_SEVERITY_ERROR, "address", "HALL_REJECTED",
                                         "地址不详"));
  input.declaration = decl;
  input.profile = profile;
  input.now = now;
  input.hall_findings = hall;
  state = yb_enrolment_form_state_new (&input);
  g_ptr_array_set_size (hall, 0);

  /* The hall's reason shows under its field without the field being left,
   * survives the caller's array, and does not block a new attempt. */
  shown = yb_enrolment_form_state_get_shown (state, "address");
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->message, ==, "地址不详");
  g_assert_true (state->can_submit);
}

int
main (int   argc,
      char *argv[])
{
  const char *build_dir = g_getenv ("YIBAO_BUILD_DIR");
  g_autofree char *localedir = NULL;

  setlocale (LC_ALL, "");
  if (build_dir != NULL)
    {
      localedir = g_build_filename (build_dir, "po", NULL);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
    }

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/enrolment-form-state/required-per-region", test_required_per_region);
  g_test_add_func ("/ui/enrolment-form-state/visibility", test_visibility);
  g_test_add_func ("/ui/enrolment-form-state/id-number-as-typed", test_id_number_as_typed);
  g_test_add_func ("/ui/enrolment-form-state/submit-enabled", test_submit_enabled);
  g_test_add_func ("/ui/enrolment-form-state/window-closed", test_window_closed_still_submits);
  g_test_add_func ("/ui/enrolment-form-state/window-none", test_window_none);
  g_test_add_func ("/ui/enrolment-form-state/base-derived", test_base_derived);
  g_test_add_func ("/ui/enrolment-form-state/month-range", test_month_range);
  g_test_add_func ("/ui/enrolment-form-state/hall-findings", test_hall_findings);

  return g_test_run ();
}
