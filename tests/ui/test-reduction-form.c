/* test-reduction-form.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <locale.h>

#include "yb-id-number.h"
#include "yb-reduction-form.h"
#include "yb-rules.h"

/* The reduction form's state without a display: no gtk_init here. */

typedef struct
{
  YbRegionProfile *profile;
  GDateTime *now;
  GPtrArray *decls;
  GPtrArray *findings;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  fx->profile = yb_region_profile_load_builtin (data ? data : "hangzhou", &error);
  g_assert_no_error (error);
  fx->now = g_date_time_new (tz, 2020, 8, 15, 10, 0, 0);
  fx->decls = g_ptr_array_new_with_free_func (g_object_unref);
  fx->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_ptr_array_unref (fx->decls);
  g_ptr_array_unref (fx->findings);
  g_date_time_unref (fx->now);
  g_object_unref (fx->profile);
}

static JsonObject *
roster_entry (const char *person_no,
              const char *name,
              const char *status,
              const char *wage,
              gboolean    grouped)
{
  g_autofree char *id = g_strdup_printf ("33010619900101123%c",
                                         yb_id_number_compute_check ("33010619900101123"));
  JsonObject *p = json_object_new ();
  JsonObject *basic = grouped ? json_object_new () : json_object_ref (p);
  JsonObject *insurance = grouped ? json_object_new () : json_object_ref (p);

  json_object_set_string_member (p, "person_no", person_no);
  json_object_set_string_member (basic, "id_number", id);
  json_object_set_string_member (basic, "name", name);
  json_object_set_string_member (basic, "sex", "1");
  json_object_set_string_member (basic, "birth_date", "1990-01-01");
  json_object_set_string_member (insurance, "status", status);
  if (wage != NULL)
    json_object_set_string_member (insurance, "wage", wage);
  if (grouped)
    {
      json_object_set_object_member (p, "basic", basic);
      json_object_set_object_member (p, "insurance", insurance);
    }
  else
    {
      json_object_unref (basic);
      json_object_unref (insurance);
    }
  return p;
}

static void
add_person (Fixture                     *fx,
            JsonObject                  *entry,
            const YbReductionFormValues *values)
{
  YbDeclaration *decl = yb_reduction_form_build (entry, values, "钱经办", "13800138000");

  g_ptr_array_add (fx->decls, decl);
  g_ptr_array_add (fx->findings,
                   yb_reduction_form_check (decl, yb_reduction_form_person_status (entry),
                                            fx->profile, fx->now));
  json_object_unref (entry);
}

static YbReductionFormState *
compute (Fixture                     *fx,
         const YbReductionFormValues *values)
{
  return yb_reduction_form_state_new (fx->profile, values, (YbDeclaration **) fx->decls->pdata,
                                      (GPtrArray **) fx->findings->pdata, fx->decls->len);
}

static void
test_nothing_selected (Fixture       *fx,
                       gconstpointer  data)
{
  YbReductionFormValues values = { "22", "202008", NULL, NULL, TRUE };
  g_autoptr (YbReductionFormState) state = compute (fx, &values);

  g_assert_cmpuint (state->n_people, ==, 0);
  g_assert_false (state->can_save);
  g_assert_false (state->can_submit);
  g_assert_nonnull (state->summary);
  /* The meaning of the month shows before anyone is chosen. */
  g_assert_cmpstr (state->last_paid, !=, "");
}

static void
test_insured_person_ok (Fixture       *fx,
                        gconstpointer  data)
{
  YbReductionFormValues values = { "22", "202008", "", NULL, TRUE };
  g_autoptr (YbReductionFormState) state = NULL;
  YbDeclaration *decl;

  add_person (fx, roster_entry ("P1", "张伟", "insured", "8000.00", TRUE), &values);
  state = compute (fx, &values);
  decl = g_ptr_array_index (fx->decls, 0);

  /* Grouped hall entries are read too; an empty wage takes the roster's. */
  g_assert_cmpstr (yb_declaration_get_string (decl, "name"), ==, "张伟");
  g_assert_cmpstr (yb_declaration_get_string (decl, "wage"), ==, "8000.00");
  g_assert_cmpstr (yb_declaration_get_string (decl, "person_no"), ==, "P1");
  g_assert_cmpstr (yb_declaration_get_string (decl, "agent_name"), ==, "钱经办");
  g_assert_false (state->has_errors);
  g_assert_true (state->can_save);
  g_assert_true (state->can_submit);
  g_assert_null (state->reason_error);
  g_assert_null (state->people_error);
  g_assert_false (state->retiree_reason);
}

static void
test_not_insured (Fixture       *fx,
                  gconstpointer  data)
{
  YbReductionFormValues values = { "22", "202008", "9000", NULL, TRUE };
  g_autoptr (YbReductionFormState) state = NULL;

  add_person (fx, roster_entry ("P1", "张伟", "insured", "8000.00", FALSE), &values);
  add_person (fx, roster_entry ("P3", "赵四", "stopped", "8000.00", FALSE), &values);
  state = compute (fx, &values);

  g_assert_cmpuint (state->n_not_insured, ==, 1);
  g_assert_false (state->can_save);
  g_assert_false (state->can_submit);
  g_assert_nonnull (state->people_error);
  g_assert_nonnull (strstr (state->people_error, "赵四"));
  g_assert_null (strstr (state->people_error, "张伟"));
  /* The typed wage wins over the roster's. */
  g_assert_cmpstr (yb_declaration_get_string (g_ptr_array_index (fx->decls, 0), "wage"), ==,
                   "9000");
}

static void
test_month_and_wage_errors (Fixture       *fx,
                            gconstpointer  data)
{
  YbReductionFormValues values = { NULL, "202007", "", NULL, TRUE };
  g_autoptr (YbReductionFormState) state = NULL;

  /* 杭州 requires reason and wage (BR-27); neither person has a wage in the roster. */
  add_person (fx, roster_entry ("P1", "张伟", "insured", NULL, FALSE), &values);
  add_person (fx, roster_entry ("P2", "李娜", "insured", NULL, FALSE), &values);
  state = compute (fx, &values);

  g_assert_true (state->has_errors);
  g_assert_true (state->can_save);
  g_assert_false (state->can_submit);
  g_assert_nonnull (state->stop_month_error);
  g_assert_nonnull (state->reason_error);
  g_assert_nonnull (state->wage_error);
  /* Neither has a wage in the roster: the text under the wage names each of them. */
  g_assert_nonnull (strstr (state->wage_error, "张伟"));
  g_assert_nonnull (strstr (state->wage_error, "李娜"));
  g_assert_nonnull (strchr (state->wage_error, '\n'));
  /* Shared by both people: said once, without names. */
  g_assert_null (strchr (state->stop_month_error, '\n'));
  g_assert_null (strstr (state->stop_month_error, "张伟"));
  g_assert_null (state->people_error);
}

/* An empty wage takes each person's own from the roster; whoever has none there is named. */
static void
test_roster_wages (Fixture       *fx,
                   gconstpointer  data)
{
  YbReductionFormValues values = { "22", "202008", "", NULL, TRUE };
  g_autoptr (YbReductionFormState) state = NULL;
  g_autoptr (YbReductionFormState) typed_state = NULL;
  YbReductionFormValues typed = { "22", "202008", "7000", NULL, TRUE };
  const YbFinding *finding = NULL;

  add_person (fx, roster_entry ("P1", "张伟", "insured", "8000.00", FALSE), &values);
  add_person (fx, roster_entry ("P2", "李娜", "insured", "6500.00", TRUE), &values);
  add_person (fx, roster_entry ("P3", "王芳", "insured", NULL, FALSE), &values);
  state = compute (fx, &values);

  g_assert_cmpstr (yb_declaration_get_string (g_ptr_array_index (fx->decls, 0), "wage"), ==,
                   "8000.00");
  g_assert_cmpstr (yb_declaration_get_string (g_ptr_array_index (fx->decls, 1), "wage"), ==,
                   "6500.00");
  g_assert_null (yb_declaration_get_string (g_ptr_array_index (fx->decls, 2), "wage"));

  /* Only 王芳's declaration has the finding, and it names her. */
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (fx->findings, 0))->len, ==, 0);
  g_assert_cmpuint (((GPtrArray *) g_ptr_array_index (fx->findings, 1))->len, ==, 0);
  for (guint i = 0; i < ((GPtrArray *) g_ptr_array_index (fx->findings, 2))->len; i++)
    {
      const YbFinding *f = g_ptr_array_index ((GPtrArray *) g_ptr_array_index (fx->findings, 2),
                                              i);

      if (g_strcmp0 (f->field, "wage") == 0)
        finding = f;
    }
  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, YB_REDUCTION_WAGE_NOT_IN_ROSTER);
  g_assert_true (yb_finding_is_error (finding));
  g_assert_nonnull (strstr (finding->message, "王芳"));
  g_assert_null (strstr (finding->message, "Please fill in"));

  /* Under the wage field, once, naming her and no one else. */
  g_assert_cmpstr (state->wage_error, ==, finding->message);
  g_assert_null (state->people_error);
  g_assert_true (state->can_save);
  g_assert_false (state->can_submit);

  /* A typed wage applies to everyone, 王芳 included. */
  g_ptr_array_set_size (fx->decls, 0);
  g_ptr_array_set_size (fx->findings, 0);
  add_person (fx, roster_entry ("P1", "张伟", "insured", "8000.00", FALSE), &typed);
  add_person (fx, roster_entry ("P3", "王芳", "insured", NULL, FALSE), &typed);
  typed_state = compute (fx, &typed);
  g_assert_cmpstr (yb_declaration_get_string (g_ptr_array_index (fx->decls, 0), "wage"), ==,
                   "7000");
  g_assert_cmpstr (yb_declaration_get_string (g_ptr_array_index (fx->decls, 1), "wage"), ==,
                   "7000");
  g_assert_null (typed_state->wage_error);
  g_assert_true (typed_state->can_submit);
}

static void
test_retiree_and_last_paid (Fixture       *fx,
                            gconstpointer  data)
{
  YbReductionFormValues values = { YB_REDUCTION_RETIREMENT_REASON, "202008", "8000", NULL,
                                   TRUE };
  g_autoptr (YbReductionFormState) state = compute (fx, &values);
  g_autofree char *expected = yb_rules_describe_last_paid (fx->profile,
                                                           yb_month_new (2020, 8));

  g_assert_true (state->retiree_reason);
  g_assert_cmpstr (state->last_paid, ==, expected);
  if (g_strcmp0 (data, "ningbo") == 0)
    g_assert_nonnull (strstr (state->last_paid, "2020-08"));
  else
    g_assert_nonnull (strstr (state->last_paid, "2020-07"));
}

static void
test_findings_json (void)
{
  g_autoptr (GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                   yb_finding_free);
  g_autofree char *json = NULL;
  g_autofree char *wage = yb_reduction_format_wage (800005);

  g_ptr_array_add (findings, yb_finding_new (YB_SEVERITY_ERROR, "wage", "WAGE_INVALID", "x"));
  json = yb_reduction_findings_to_json (findings);
  g_assert_cmpstr (json, ==,
                   "[{\"severity\":\"error\",\"field\":\"wage\",\"code\":\"WAGE_INVALID\","
                   "\"message\":\"x\"}]");
  g_assert_cmpstr (wage, ==, "8000.05");
  g_assert_null (yb_reduction_format_wage (-1));
}

/* A roster phone in no known range (179…) is not the reduction's business in 杭州, whose
 * reduce form does not send it; a bad ID number in the roster blocks and names the person,
 * not the wage. */
static void
test_roster_fields (Fixture       *fx,
                    gconstpointer  data)
{
  YbReductionFormValues values = { "22", "202008", "8000", NULL, TRUE };
  JsonObject *odd_phone = roster_entry ("P1", "王莉", "insured", "8000", FALSE);
  JsonObject *bad_id = roster_entry ("P2", "赵强", "insured", "8000", FALSE);
  g_autoptr (YbReductionFormState) state = NULL;
  g_autoptr (YbReductionFormState) second = NULL;

  json_object_set_string_member (odd_phone, "phone", "17912345678");
  add_person (fx, odd_phone, &values);
  state = compute (fx, &values);
  g_assert_null (state->warnings);
  g_assert_null (state->wage_error);
  g_assert_null (state->people_error);
  g_assert_true (state->can_submit);

  json_object_set_string_member (bad_id, "id_number", "330106199001011230");
  if (yb_id_number_compute_check ("33010619900101123") == '0')
    json_object_set_string_member (bad_id, "id_number", "330106199001011231");
  add_person (fx, bad_id, &values);
  second = compute (fx, &values);
  g_assert_null (second->wage_error);
  g_assert_nonnull (second->people_error);
  g_assert_nonnull (strstr (second->people_error, "赵强"));
  g_assert_null (strstr (second->people_error, "王莉"));
  g_assert_false (second->can_submit);
}

/* Before the clerk left a field or tried to save, its problem does not show; the actions
 * stay disabled all the same. */
static void
test_errors_wait (Fixture       *fx,
                  gconstpointer  data)
{
  YbReductionFormValues values = { NULL, "202008", "", NULL, FALSE };
  g_autoptr (GHashTable) left = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (YbReductionFormState) fresh = NULL;
  g_autoptr (YbReductionFormState) after_leave = NULL;
  g_autoptr (YbReductionFormState) tried = NULL;

  add_person (fx, roster_entry ("P1", "张伟", "insured", NULL, FALSE), &values);
  fresh = compute (fx, &values);
  g_assert_null (fresh->reason_error);
  g_assert_null (fresh->wage_error);
  g_assert_false (fresh->can_submit);

  g_hash_table_add (left, (gpointer) "reason");
  values.left_fields = left;
  after_leave = compute (fx, &values);
  g_assert_nonnull (after_leave->reason_error);
  g_assert_null (after_leave->wage_error);
  g_assert_false (after_leave->can_submit);

  values.show_all = TRUE;
  tried = compute (fx, &values);
  g_assert_nonnull (tried->reason_error);
  g_assert_nonnull (tried->wage_error);
  g_assert_nonnull (strstr (tried->wage_error, "张伟"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, data, fn) \
  g_test_add (path, Fixture, data, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/reduction-form/nothing-selected", NULL, test_nothing_selected);
  ADD ("/ui/reduction-form/insured-person-ok", NULL, test_insured_person_ok);
  ADD ("/ui/reduction-form/not-insured", NULL, test_not_insured);
  ADD ("/ui/reduction-form/month-and-wage-errors", NULL, test_month_and_wage_errors);
  ADD ("/ui/reduction-form/roster-wages", NULL, test_roster_wages);
  ADD ("/ui/reduction-form/retiree-and-last-paid/hangzhou", "hangzhou",
       test_retiree_and_last_paid);
  ADD ("/ui/reduction-form/retiree-and-last-paid/ningbo", "ningbo", test_retiree_and_last_paid);
  ADD ("/ui/reduction-form/roster-fields", NULL, test_roster_fields);
  ADD ("/ui/reduction-form/errors-wait", NULL, test_errors_wait);
#undef ADD
  g_test_add_func ("/ui/reduction-form/findings-json", test_findings_json);

  return g_test_run ();
}
