/* test-printing-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The printing page's form state, without a display.
 */
#include "yb-printing-state.h"

static YbPrintingInput
input_for (YbPrintingKind kind)
{
  YbPrintingInput input = { 0 };

  input.kind = kind;
  input.now_year = 2026;
  input.now_month = 3;
  input.have_hall = TRUE;
  return input;
}

static void
test_person_certificates_need_people (void)
{
  YbPrintingInput input = input_for (YB_PRINTING_PERSON_CERTIFICATES);
  YbPrintingState state;

  yb_printing_state_compute (&input, &state);
  g_assert_true (state.show_people);
  g_assert_false (state.show_period);
  g_assert_false (state.can_print);
  g_assert_nonnull (state.hint);
  yb_printing_state_clear (&state);

  input.n_selected = 1;
  yb_printing_state_compute (&input, &state);
  g_assert_true (state.can_print);
  g_assert_false (state.save_to_folder);
  g_assert_null (state.hint);
  yb_printing_state_clear (&state);

  input.n_selected = 2;
  yb_printing_state_compute (&input, &state);
  g_assert_true (state.can_print);
  g_assert_true (state.save_to_folder);
  yb_printing_state_clear (&state);

  /* Nothing starts twice. */
  input.busy = TRUE;
  yb_printing_state_compute (&input, &state);
  g_assert_false (state.can_print);
  g_assert_true (state.can_cancel);
  yb_printing_state_clear (&state);
}

static void
test_period_checks (void)
{
  YbPrintingInput input = input_for (YB_PRINTING_UNIT_PAYMENTS);
  YbPrintingState state;

  yb_printing_state_compute (&input, &state);
  g_assert_true (state.show_period);
  g_assert_false (state.show_people);
  g_assert_false (state.can_print);
  g_assert_null (state.from_error);
  g_assert_nonnull (state.hint);
  yb_printing_state_clear (&state);

  input.from_text = "2025-13";
  input.to_text = "2026年2月";
  yb_printing_state_compute (&input, &state);
  g_assert_nonnull (state.from_error);
  g_assert_null (state.to_error);
  g_assert_cmpstr (state.to, ==, "202602");
  g_assert_false (state.can_print);
  yb_printing_state_clear (&state);

  input.from_text = "202601";
  input.to_text = "2025-12";
  yb_printing_state_compute (&input, &state);
  g_assert_null (state.from_error);
  g_assert_nonnull (state.to_error);
  g_assert_false (state.can_print);
  yb_printing_state_clear (&state);

  /* Judged at the workspace's clock: April 2026 is after March 2026. */
  input.to_text = "2026-04";
  yb_printing_state_compute (&input, &state);
  g_assert_nonnull (state.to_error);
  g_assert_false (state.can_print);
  yb_printing_state_clear (&state);

  input.to_text = "2026/3";
  yb_printing_state_compute (&input, &state);
  g_assert_null (state.to_error);
  g_assert_cmpstr (state.from, ==, "202601");
  g_assert_cmpstr (state.to, ==, "202603");
  g_assert_true (state.can_print);
  yb_printing_state_clear (&state);
}

static void
test_person_payments_need_one_person (void)
{
  YbPrintingInput input = input_for (YB_PRINTING_PERSON_PAYMENTS);
  YbPrintingState state;

  input.from_text = "202501";
  input.to_text = "202512";
  input.n_selected = 2;
  yb_printing_state_compute (&input, &state);
  g_assert_true (state.show_people);
  g_assert_true (state.show_period);
  g_assert_false (state.can_print);
  g_assert_nonnull (state.hint);
  yb_printing_state_clear (&state);

  input.n_selected = 1;
  yb_printing_state_compute (&input, &state);
  g_assert_true (state.can_print);
  g_assert_false (state.save_to_folder);
  yb_printing_state_clear (&state);
}

static void
test_reports_print_at_once (void)
{
  static const YbPrintingKind kinds[] = { YB_PRINTING_UNIT_CERTIFICATE, YB_PRINTING_ROSTER,
                                          YB_PRINTING_OUTBOX };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      YbPrintingInput input = input_for (kinds[i]);
      YbPrintingState state;

      /* Offline too: certificates come from the cache, reports from the store. */
      input.have_hall = FALSE;
      yb_printing_state_compute (&input, &state);
      g_assert_true (state.can_print);
      g_assert_false (state.show_people);
      g_assert_false (state.show_period);
      g_assert_false (state.show_verify);
      g_assert_false (state.can_verify);
      yb_printing_state_clear (&state);
    }
}

static void
test_verify_code (void)
{
  YbPrintingInput input = input_for (YB_PRINTING_VERIFY);
  YbPrintingState state;

  yb_printing_state_compute (&input, &state);
  g_assert_true (state.show_verify);
  g_assert_false (state.can_verify);
  g_assert_false (state.can_print);
  g_assert_null (state.code_error);
  yb_printing_state_clear (&state);

  input.code_text = " k7qf 2m9x-tb4c8hwp ";
  yb_printing_state_compute (&input, &state);
  g_assert_cmpstr (state.code, ==, "K7QF-2M9X-TB4C-8HWP");
  g_assert_true (state.can_verify);
  yb_printing_state_clear (&state);

  input.code_text = "K7QF-2M9X-TB4C";
  yb_printing_state_compute (&input, &state);
  g_assert_null (state.code);
  g_assert_nonnull (state.code_error);
  g_assert_false (state.can_verify);
  yb_printing_state_clear (&state);

  input.code_text = "K7QF-2M9X-TB4C-8HWP";
  input.have_hall = FALSE;
  yb_printing_state_compute (&input, &state);
  g_assert_false (state.can_verify);
  g_assert_nonnull (state.hint);
  yb_printing_state_clear (&state);
}

static void
test_normalize_code (void)
{
  g_autofree char *dashed = yb_printing_normalize_code ("abcd-efgh-2345-6789");
  g_autofree char *too_long = yb_printing_normalize_code ("abcd-efgh-2345-6789-1");
  g_autofree char *symbols = yb_printing_normalize_code ("abcd-efgh-2345-678!");

  g_assert_cmpstr (dashed, ==, "ABCD-EFGH-2345-6789");
  g_assert_null (too_long);
  g_assert_null (symbols);
  g_assert_null (yb_printing_normalize_code (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/printing-state/person-certificates", test_person_certificates_need_people);
  g_test_add_func ("/ui/printing-state/period", test_period_checks);
  g_test_add_func ("/ui/printing-state/person-payments", test_person_payments_need_one_person);
  g_test_add_func ("/ui/printing-state/reports", test_reports_print_at_once);
  g_test_add_func ("/ui/printing-state/verify", test_verify_code);
  g_test_add_func ("/ui/printing-state/normalize-code", test_normalize_code);

  return g_test_run ();
}
