/* yb-queries-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbQueriesState"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "yb-month.h"
#include "yb-queries-state.h"

/*
 * The Queries page's form state: from the criteria the clerk typed and what the page knows
 * (hall there, busy, cache age, selection) it says which criteria show, the inline error
 * under each, which actions are enabled, the as-of line, and which cache slice the query
 * reads. Plain data, tested without a display.
 */

/* The hall answers at most 36 months of payments at once (docs/hall-api.md §9). */
#define MAX_MONTHS 36

static const char *const view_ids[] = {
  [YB_QUERIES_EMPLOYEE_PAYMENTS] = "employee-payments",
  [YB_QUERIES_UNIT_PAYMENTS] = "unit-payments",
  [YB_QUERIES_ROSTER] = "roster",
  [YB_QUERIES_UNIT] = "unit",
  [YB_QUERIES_PENDING] = "pending",
  [YB_QUERIES_AUDITED] = "audited",
  [YB_QUERIES_PROGRESS] = "progress",
  [YB_QUERIES_RECONCILE] = "reconcile",
};

const char *
yb_queries_view_to_string (YbQueriesView view)
{
  g_return_val_if_fail (view < YB_QUERIES_N_VIEWS, NULL);

  return view_ids[view];
}

gboolean
yb_queries_view_from_string (const char    *text,
                             YbQueriesView *view)
{
  for (guint i = 0; i < YB_QUERIES_N_VIEWS; i++)
    if (g_strcmp0 (text, view_ids[i]) == 0)
      {
        *view = i;
        return TRUE;
      }
  return FALSE;
}

/* The hall statuses a declaration view lists (comma list), NULL for all. */
const char *
yb_queries_view_statuses (YbQueriesView view)
{
  switch (view)
    {
    case YB_QUERIES_PENDING:
      return "pending";
    case YB_QUERIES_AUDITED:
      return "approved,rejected";
    case YB_QUERIES_EMPLOYEE_PAYMENTS:
    case YB_QUERIES_UNIT_PAYMENTS:
    case YB_QUERIES_ROSTER:
    case YB_QUERIES_UNIT:
    case YB_QUERIES_PROGRESS:
    case YB_QUERIES_RECONCILE:
    case YB_QUERIES_N_VIEWS:
    default:
      return NULL;
    }
}

/* YYYY-MM-DD exactly. */
gboolean
yb_queries_parse_day (const char *text,
                      GDate      *date)
{
  unsigned int y, m, d;
  char tail;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

static gboolean
empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static char *
check_months (const YbQueriesInput *in)
{
  YbMonth from = empty (in->from_month) ? YB_MONTH_INVALID : yb_month_parse (in->from_month);
  YbMonth to = empty (in->to_month) ? YB_MONTH_INVALID : yb_month_parse (in->to_month);

  if (!yb_month_is_valid (from))
    return g_strdup (_("From month: enter the first month as YYYYMM, e.g. 202601."));
  if (!yb_month_is_valid (to))
    return g_strdup (_("To month: enter the last month as YYYYMM, e.g. 202603."));
  if (yb_month_diff (to, from) < 0)
    return g_strdup (_("To month: the last month comes before the first month."));
  if (yb_month_diff (to, from) >= MAX_MONTHS)
    return g_strdup_printf (_("To month: the hall answers at most %d months at once."),
                            MAX_MONTHS);
  return NULL;
}

static char *
check_days (const YbQueriesInput *in)
{
  GDate from, to;

  /* An empty range means all dates. */
  if (empty (in->from_day) && empty (in->to_day))
    return NULL;
  if (!empty (in->from_day) && !yb_queries_parse_day (in->from_day, &from))
    return g_strdup (_("From date: enter a date as YYYY-MM-DD, e.g. 2026-03-01."));
  if (!empty (in->to_day) && !yb_queries_parse_day (in->to_day, &to))
    return g_strdup (_("To date: enter a date as YYYY-MM-DD, e.g. 2026-03-31."));
  if (!empty (in->from_day) && !empty (in->to_day) && g_date_compare (&to, &from) < 0)
    return g_strdup (_("To date: the end date comes before the start date."));
  return NULL;
}

static char *
make_scope (const YbQueriesInput *in)
{
  const char *insurance = empty (in->insurance) ? "all" : in->insurance;
  const char *from_day = empty (in->from_day) ? "-" : in->from_day;
  const char *to_day = empty (in->to_day) ? "-" : in->to_day;

  switch (in->view)
    {
    case YB_QUERIES_EMPLOYEE_PAYMENTS:
      return g_strdup_printf ("payments/employees/%s/%s/%s-%s",
                              in->person_no ? in->person_no : "-", insurance,
                              in->from_month ? in->from_month : "",
                              in->to_month ? in->to_month : "");
    case YB_QUERIES_UNIT_PAYMENTS:
      return g_strdup_printf ("payments/unit/%s/%s-%s", insurance,
                              in->from_month ? in->from_month : "",
                              in->to_month ? in->to_month : "");
    case YB_QUERIES_ROSTER:
      return g_strdup ("roster");
    case YB_QUERIES_UNIT:
      return g_strdup ("unit");
    case YB_QUERIES_PENDING:
    case YB_QUERIES_AUDITED:
    case YB_QUERIES_PROGRESS:
      return g_strdup_printf ("declarations/%s/%s/%s", yb_queries_view_to_string (in->view),
                              from_day, to_day);
    case YB_QUERIES_RECONCILE:
      return g_strdup ("reconcile");
    case YB_QUERIES_N_VIEWS:
    default:
      g_return_val_if_reached (g_strdup ("unknown"));
    }
}

static char *
make_as_of (const YbQueriesInput *in,
            GTimeZone            *tz)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *when = NULL;
  gboolean offline = in->offline || !in->hall;

  if (in->fetched_at <= 0)
    return g_strdup (offline ? _("Not fetched from the hall yet — offline")
                             : _("Not fetched from the hall yet: refresh to ask the hall."));
  utc = g_date_time_new_from_unix_utc (in->fetched_at);
  local = tz ? g_date_time_to_timezone (utc, tz) : g_date_time_to_local (utc);
  when = g_date_time_format (local, "%Y-%m-%d %H:%M");
  if (offline)
    return g_strdup_printf (_("Data as of %s — offline"), when);
  return g_strdup_printf (_("Data as of %s"), when);
}

/**
 * yb_queries_state_compute:
 * @input: the criteria and what the page knows
 * @tz: (nullable): the region's time zone for the as-of line, %NULL for local time
 * @state: (out caller-allocates): the result; free its strings with yb_queries_state_clear()
 */
void
yb_queries_state_compute (const YbQueriesInput *input,
                          GTimeZone            *tz,
                          YbQueriesState       *state)
{
  const YbQueriesInput *in = input;
  YbQueriesView view = in->view;

  g_return_if_fail (input != NULL && state != NULL);
  g_return_if_fail (view < YB_QUERIES_N_VIEWS);

  memset (state, 0, sizeof *state);
  state->show_person = view == YB_QUERIES_EMPLOYEE_PAYMENTS;
  state->show_months = view == YB_QUERIES_EMPLOYEE_PAYMENTS || view == YB_QUERIES_UNIT_PAYMENTS;
  state->show_insurance = state->show_months;
  state->show_status = view == YB_QUERIES_ROSTER;
  state->show_search = view == YB_QUERIES_ROSTER;
  state->show_days = view == YB_QUERIES_PENDING || view == YB_QUERIES_AUDITED
                     || view == YB_QUERIES_PROGRESS;
  state->show_withdraw = view == YB_QUERIES_PENDING;

  if (state->show_person)
    {
      if (empty (in->person_text))
        state->person_error = g_strdup (_("Person: enter the ID number, name or personal number "
                                          "of someone on the roster."));
      else if (in->person_no == NULL)
        state->person_error = g_strdup_printf (_("Person: nobody on the roster matches “%s”."),
                                               in->person_text);
    }
  if (state->show_months)
    state->months_error = check_months (in);
  if (state->show_days)
    state->days_error = check_days (in);

  state->criteria_ok = state->person_error == NULL && state->months_error == NULL
                       && state->days_error == NULL;
  state->can_refresh = in->hall && !in->busy && state->criteria_ok;
  state->can_export = !in->busy && state->criteria_ok && in->n_rows > 0
                      && view != YB_QUERIES_UNIT;
  state->can_withdraw = state->show_withdraw && in->hall && !in->busy && in->pending_selected;
  state->scope = make_scope (in);
  state->as_of = make_as_of (in, tz);
}

void
yb_queries_state_clear (YbQueriesState *state)
{
  g_clear_pointer (&state->person_error, g_free);
  g_clear_pointer (&state->months_error, g_free);
  g_clear_pointer (&state->days_error, g_free);
  g_clear_pointer (&state->as_of, g_free);
  g_clear_pointer (&state->scope, g_free);
}
