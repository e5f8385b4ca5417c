/* yb-session-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbSessionState"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-session-state.h"

/* A time as the header shows it: "17:00" today, "tomorrow 08:00", else "1 Apr 08:00". */
char *
yb_header_format_time (GDateTime *time,
                       GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autofree char *clock = NULL;

  g_return_val_if_fail (time != NULL && now != NULL, NULL);

  local = g_date_time_to_timezone (time, g_date_time_get_timezone (now));
  tomorrow = g_date_time_add_days (now, 1);
  clock = g_date_time_format (local, "%H:%M");

  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    /* Translators: %s is a time of day such as 17:00. */
    return g_strdup_printf (_("today %s"), clock);
  if (g_date_time_get_year (local) == g_date_time_get_year (tomorrow)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (tomorrow))
    /* Translators: %s is a time of day such as 08:00. */
    return g_strdup_printf (_("tomorrow %s"), clock);

  /* Translators: a date and time in the header, strftime format, e.g. "1 Apr 08:00".
   * In Chinese "%-m月%-d日 %H:%M". */
  return g_date_time_format (local, _("%-d %b %H:%M"));
}

/**
 * yb_header_state_compute:
 * @input: what the header is computed from
 *
 * Returns: (transfer full): the header state
 */
YbHeaderState *
yb_header_state_compute (const YbHeaderInput *input)
{
  YbHeaderState *state = g_new0 (YbHeaderState, 1);

  g_return_val_if_fail (input != NULL && input->now != NULL, state);

  if (input->profile != NULL && yb_region_profile_has_known_window (input->profile))
    {
      g_autoptr(GDateTime) next_change = NULL;
      g_autofree char *when = NULL;

      state->window_known = TRUE;
      yb_region_profile_window_state (input->profile, input->now, &state->window_open,
                                      &next_change);
      if (next_change != NULL)
        when = yb_header_format_time (next_change, input->now);

      if (!state->window_open)
        state->window_text = when
          /* Translators: the enrolment and reduction window; %s is when it reopens. */
          ? g_strdup_printf (_("Window closed, reopens %s"), when)
          : g_strdup (_("Window closed"));
      else if (next_change != NULL
               && g_date_time_difference (next_change, input->now) <= G_TIME_SPAN_DAY)
        {
          state->window_closes_soon = TRUE;
          /* Translators: the enrolment and reduction window; %s is when it closes. */
          state->window_text = g_strdup_printf (_("Window open, closes within a day (%s)"),
                                                when);
        }
      else
        state->window_text = when
          /* Translators: the enrolment and reduction window; %s is when it closes. */
          ? g_strdup_printf (_("Window open until %s"), when)
          : g_strdup (_("Window open"));
    }
  else
    state->window_text = g_strdup ("");

  state->online = input->has_hall && input->online;
  if (!input->has_hall)
    state->connectivity_text = g_strdup (_("Cached data only"));
  else if (input->syncing)
    state->connectivity_text = g_strdup (_("Syncing…"));
  else if (input->online)
    state->connectivity_text = g_strdup (_("Online"));
  else
    state->connectivity_text = g_strdup (_("Offline"));

  if (input->last_sync != NULL)
    {
      g_autofree char *when = yb_header_format_time (input->last_sync, input->now);

      /* Translators: %s is when the last sync with the hall ended. */
      state->sync_text = g_strdup_printf (_("synced %s"), when);
    }
  else
    state->sync_text = g_strdup (_("never synced"));

  state->can_sync = input->has_hall && !input->syncing;
  state->show_unit_switcher = input->n_units > 1;

  return state;
}

void
yb_header_state_free (YbHeaderState *state)
{
  if (state == NULL)
    return;
  g_free (state->window_text);
  g_free (state->connectivity_text);
  g_free (state->sync_text);
  g_free (state);
}

/**
 * yb_login_state_compute:
 * @input: what the login form holds
 * @state: (out caller-allocates): the state to fill
 *
 * "Log In" needs a hall, an account that is not blank and a password, and no login running.
 */
void
yb_login_state_compute (const YbLoginInput *input,
                        YbLoginState       *state)
{
  g_autofree char *account = NULL;

  g_return_if_fail (input != NULL && state != NULL);

  account = g_strstrip (g_strdup (input->account ? input->account : ""));
  state->can_login = !input->busy && input->hall_url != NULL && *input->hall_url != '\0'
                     && *account != '\0' && input->password != NULL && *input->password != '\0';
}
