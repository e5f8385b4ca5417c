/* test-session-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yb-session-state.h"

/* The header and login states are plain structs: tested here without a display. */

static GDateTime *
china_time (int month,
            int day,
            int hour,
            int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  return g_date_time_new (tz, 2026, month, day, hour, minute, 0);
}

static YbHeaderState *
header_at (YbRegionProfile *profile,
           GDateTime       *now)
{
  YbHeaderInput input = { .profile = profile, .now = now, .has_hall = TRUE, .online = TRUE,
                          .n_units = 1 };

  return yb_header_state_compute (&input);
}

static void
test_window_closed_after_25th (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_autoptr(GDateTime) now = china_time (3, 25, 17, 30);
  g_autoptr(GDateTime) reopens = china_time (4, 1, 8, 0);
  g_autoptr(YbHeaderState) state = NULL;
  g_autofree char *when = NULL;

  g_assert_no_error (error);
  state = header_at (profile, now);
  g_assert_true (state->window_known);
  g_assert_false (state->window_open);
  g_assert_false (state->window_closes_soon);
  when = yb_header_format_time (reopens, now);
  /* The reopening time is in the text: 1 April, 08:00. */
  g_assert_nonnull (strstr (state->window_text, when));
  g_assert_nonnull (strstr (when, "08:00"));
}

static void
test_window_closes_within_a_day (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_autoptr(GDateTime) evening = china_time (3, 24, 18, 0);
  g_autoptr(GDateTime) early = china_time (3, 10, 9, 0);
  g_autoptr(YbHeaderState) soon = NULL;
  g_autoptr(YbHeaderState) later = NULL;

  g_assert_no_error (error);
  soon = header_at (profile, evening);
  g_assert_true (soon->window_open);
  g_assert_true (soon->window_closes_soon);
  g_assert_nonnull (strstr (soon->window_text, "17:00"));

  later = header_at (profile, early);
  g_assert_true (later->window_open);
  g_assert_false (later->window_closes_soon);
  g_assert_cmpstr (later->window_text, !=, soon->window_text);
}

static void
test_connectivity (void)
{
  g_autoptr(GDateTime) now = china_time (3, 10, 9, 0);
  g_autoptr(GDateTime) synced = china_time (3, 10, 8, 45);
  YbHeaderInput input = { .now = now, .has_hall = TRUE, .online = FALSE, .n_units = 2 };
  g_autoptr(YbHeaderState) offline = NULL;
  g_autoptr(YbHeaderState) online = NULL;
  g_autoptr(YbHeaderState) local = NULL;

  offline = yb_header_state_compute (&input);
  g_assert_false (offline->online);
  g_assert_cmpstr (offline->connectivity_text, ==, _("Offline"));
  g_assert_true (offline->can_sync);
  g_assert_true (offline->show_unit_switcher);
  g_assert_false (offline->window_known);

  input.online = TRUE;
  input.last_sync = synced;
  input.n_units = 1;
  online = yb_header_state_compute (&input);
  g_assert_true (online->online);
  g_assert_nonnull (strstr (online->sync_text, "08:45"));
  g_assert_false (online->show_unit_switcher);

  input.has_hall = FALSE;
  local = yb_header_state_compute (&input);
  g_assert_false (local->online);
  g_assert_false (local->can_sync);
}

static void
test_login_needs_every_field (void)
{
  YbLoginInput input = { .hall_url = "https://127.0.0.1:1", .account = "demo",
                         .password = "demo12345" };
  YbLoginState state;

  yb_login_state_compute (&input, &state);
  g_assert_true (state.can_login);

  input.account = "   ";
  yb_login_state_compute (&input, &state);
  g_assert_false (state.can_login);

  input.account = "demo";
  input.password = "";
  yb_login_state_compute (&input, &state);
  g_assert_false (state.can_login);

  input.password = "demo12345";
  input.hall_url = NULL;
  yb_login_state_compute (&input, &state);
  g_assert_false (state.can_login);

  input.hall_url = "https://127.0.0.1:1";
  input.busy = TRUE;
  yb_login_state_compute (&input, &state);
  g_assert_false (state.can_login);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  setlocale (LC_ALL, "");
  localedir = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/session-state/window-closed-after-25th", test_window_closed_after_25th);
  g_test_add_func ("/ui/session-state/window-closes-within-a-day",
                   test_window_closes_within_a_day);
  g_test_add_func ("/ui/session-state/connectivity", test_connectivity);
  g_test_add_func ("/ui/session-state/login-needs-every-field", test_login_needs_every_field);

  return g_test_run ();
}
