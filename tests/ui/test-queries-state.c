/* test-queries-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Queries page's form state, without a display.
 */
#include <glib.h>

#include "yb-queries-state.h"

static void
compute (const YbQueriesInput *in,
         YbQueriesState       *state)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  yb_queries_state_compute (in, tz, state);
}

static void
test_employee_payments (void)
{
  YbQueriesInput in = { .view = YB_QUERIES_EMPLOYEE_PAYMENTS, .hall = TRUE,
                        .from_month = "202601", .to_month = "202603" };
  YbQueriesState state;

  /* Nobody named: the person field says what to enter; nothing can be fetched. */
  compute (&in, &state);
  g_assert_true (state.show_person && state.show_months && state.show_insurance);
  g_assert_false (state.show_days || state.show_status || state.show_withdraw);
  g_assert_nonnull (strstr (state.person_error, "Person"));
  g_assert_false (state.can_refresh);
  yb_queries_state_clear (&state);

  in.person_text = "王五";
  compute (&in, &state);
  g_assert_nonnull (strstr (state.person_error, "王五"));
  g_assert_false (state.can_refresh);
  yb_queries_state_clear (&state);

  in.person_no = "P0001";
  compute (&in, &state);
  g_assert_null (state.person_error);
  g_assert_null (state.months_error);
  g_assert_true (state.can_refresh);
  g_assert_false (state.can_export); /* no rows yet */
  g_assert_cmpstr (state.scope, ==, "payments/employees/P0001/all/202601-202603");
  yb_queries_state_clear (&state);

  in.n_rows = 3;
  in.insurance = "310";
  compute (&in, &state);
  g_assert_true (state.can_export);
  g_assert_cmpstr (state.scope, ==, "payments/employees/P0001/310/202601-202603");
  yb_queries_state_clear (&state);

  /* Busy: neither again. */
  in.busy = TRUE;
  compute (&in, &state);
  g_assert_false (state.can_refresh || state.can_export);
  yb_queries_state_clear (&state);
}

static void
test_months (void)
{
  YbQueriesInput in = { .view = YB_QUERIES_UNIT_PAYMENTS, .hall = TRUE, .n_rows = 1 };
  YbQueriesState state;
  struct
  {
    const char *from, *to, *error;
  } cases[] = {
    { "2026x1", "202603", "From month" },
    { "202601", "202613", "To month" },
    { "202603", "202601", "before" },
    { "202301", "202601", "36" },
    { "202302", "202601", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      in.from_month = cases[i].from;
      in.to_month = cases[i].to;
      compute (&in, &state);
      if (cases[i].error == NULL)
        {
          g_assert_null (state.months_error);
          g_assert_true (state.can_refresh && state.can_export);
        }
      else
        {
          g_assert_nonnull (strstr (state.months_error, cases[i].error));
          g_assert_false (state.can_refresh || state.can_export);
        }
      yb_queries_state_clear (&state);
    }
}

static void
test_days_and_withdraw (void)
{
  YbQueriesInput in = { .view = YB_QUERIES_PENDING, .hall = TRUE, .n_rows = 2 };
  YbQueriesState state;

  /* No dates means all dates. */
  compute (&in, &state);
  g_assert_true (state.show_days && state.show_withdraw);
  g_assert_null (state.days_error);
  g_assert_false (state.can_withdraw); /* nothing selected */
  g_assert_cmpstr (state.scope, ==, "declarations/pending/-/-");
  yb_queries_state_clear (&state);

  in.pending_selected = TRUE;
  compute (&in, &state);
  g_assert_true (state.can_withdraw);
  yb_queries_state_clear (&state);

  in.hall = FALSE;
  compute (&in, &state);
  g_assert_false (state.can_withdraw || state.can_refresh);
  g_assert_true (state.can_export); /* the cache still exports */
  yb_queries_state_clear (&state);

  in.view = YB_QUERIES_PROGRESS;
  in.hall = TRUE;
  in.from_day = "2026-02-30";
  compute (&in, &state);
  g_assert_false (state.show_withdraw || state.can_withdraw);
  g_assert_nonnull (strstr (state.days_error, "From date"));
  yb_queries_state_clear (&state);

  in.from_day = "2026-03-10";
  in.to_day = "2026-03-01";
  compute (&in, &state);
  g_assert_nonnull (strstr (state.days_error, "To date"));
  yb_queries_state_clear (&state);

  in.to_day = "2026-03-31";
  compute (&in, &state);
  g_assert_null (state.days_error);
  g_assert_cmpstr (state.scope, ==, "declarations/progress/2026-03-10/2026-03-31");
  yb_queries_state_clear (&state);
}

static void
test_as_of (void)
{
  YbQueriesInput in = { .view = YB_QUERIES_UNIT, .hall = TRUE };
  YbQueriesState state;

  compute (&in, &state);
  g_assert_nonnull (strstr (state.as_of, "Not fetched"));
  g_assert_false (state.can_export); /* unit information is not a list */
  yb_queries_state_clear (&state);

  /* 2026-03-16 02:20 UTC is 10:20 in China. */
  in.fetched_at = 1773627600;
  compute (&in, &state);
  g_assert_cmpstr (state.as_of, ==, "Data as of 2026-03-16 10:20");
  yb_queries_state_clear (&state);

  in.offline = TRUE;
  compute (&in, &state);
  g_assert_cmpstr (state.as_of, ==, "Data as of 2026-03-16 10:20 — offline");
  yb_queries_state_clear (&state);
}

static void
test_view_names (void)
{
  for (guint i = 0; i < YB_QUERIES_N_VIEWS; i++)
    {
      YbQueriesView view;

      g_assert_true (yb_queries_view_from_string (yb_queries_view_to_string (i), &view));
      g_assert_cmpint (view, ==, i);
    }
  g_assert_cmpstr (yb_queries_view_statuses (YB_QUERIES_AUDITED), ==, "approved,rejected");
  g_assert_null (yb_queries_view_statuses (YB_QUERIES_PROGRESS));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* Assertions read the English texts. */
  g_setenv ("LANGUAGE", "en", TRUE);
  g_test_add_func ("/ui/queries-state/employee-payments", test_employee_payments);
  g_test_add_func ("/ui/queries-state/months", test_months);
  g_test_add_func ("/ui/queries-state/days-and-withdraw", test_days_and_withdraw);
  g_test_add_func ("/ui/queries-state/as-of", test_as_of);
  g_test_add_func ("/ui/queries-state/view-names", test_view_names);
  return g_test_run ();
}
