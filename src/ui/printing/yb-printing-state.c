/* yb-printing-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The printing page's form state: which fields show, what is wrong with
 * them and which actions are enabled. Plain data, so it is tested without a
 * display.
 */
#define G_LOG_DOMAIN "YbPrintingState"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-month.h"
#include "yb-printing-state.h"

#define CODE_LENGTH 16

/**
 * yb_printing_normalize_code:
 * @text: (nullable): a verification code as typed or pasted
 *
 * Accepts the code in any case, with or without dashes and spaces.
 *
 * Returns: (transfer full) (nullable): the code as printed on certificates,
 *   "XXXX-XXXX-XXXX-XXXX", or %NULL when @text is not 16 letters and digits
 */
char *
yb_printing_normalize_code (const char *text)
{
  GString *code = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    {
      if (*p == '-' || g_ascii_isspace (*p))
        continue;
      if (!g_ascii_isalnum (*p) || n == CODE_LENGTH)
        {
          g_string_free (code, TRUE);
          return NULL;
        }
      if (n > 0 && n % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, g_ascii_toupper (*p));
      n++;
    }
  if (n != CODE_LENGTH)
    {
      g_string_free (code, TRUE);
      return NULL;
    }
  return g_string_free (code, FALSE);
}

static gboolean
needs_period (YbPrintingKind kind)
{
  return kind == YB_PRINTING_UNIT_PAYMENTS || kind == YB_PRINTING_PERSON_PAYMENTS;
}

static gboolean
needs_people (YbPrintingKind kind)
{
  return kind == YB_PRINTING_PERSON_CERTIFICATES || kind == YB_PRINTING_PERSON_PAYMENTS;
}

/* Checks one month field; empty fields get no inline error, only a hint. */
static YbMonth
check_month (const char  *text,
             YbMonth      now,
             char       **out_error)
{
  YbMonth month;

  if (text == NULL || *text == '\0')
    return YB_MONTH_INVALID;
  month = yb_month_parse (text);
  if (!yb_month_is_valid (month))
    *out_error = g_strdup (_("Type a month such as 2026-03 or 202603."));
  else if (yb_month_diff (month, now) > 0)
    {
      *out_error = g_strdup (_("The month is in the future."));
      month = YB_MONTH_INVALID;
    }
  return month;
}

/**
 * yb_printing_state_compute:
 * @input: what the clerk chose and typed
 * @state: (out caller-allocates): the state; clear it with
 *   yb_printing_state_clear()
 *
 * Computes the printing form state.
 */
void
yb_printing_state_compute (const YbPrintingInput *input,
                           YbPrintingState       *state)
{
  YbMonth now = yb_month_new (input->now_year, input->now_month);
  const char *hint = NULL;

  memset (state, 0, sizeof *state);
  state->show_verify = input->kind == YB_PRINTING_VERIFY;
  state->show_people = needs_people (input->kind);
  state->show_period = needs_period (input->kind);
  state->can_cancel = input->busy;

  if (state->show_verify)
    {
      state->code = yb_printing_normalize_code (input->code_text);
      if (state->code == NULL && input->code_text != NULL && *input->code_text != '\0')
        state->code_error = g_strdup (_("A verification code has 16 letters and digits, "
                                        "such as K7QF-2M9X-TB4C-8HWP."));
      if (!input->have_hall)
        state->hint = g_strdup (_("Verifying needs a connection to the hall; log in first."));
      state->can_verify = state->code != NULL && input->have_hall && !input->busy;
      return;
    }

  if (state->show_period)
    {
      YbMonth from = check_month (input->from_text, now, &state->from_error);
      YbMonth to = check_month (input->to_text, now, &state->to_error);

      if (yb_month_is_valid (from) && yb_month_is_valid (to) && yb_month_diff (from, to) > 0)
        {
          state->to_error = g_strdup (_("The last month comes before the first month."));
          to = YB_MONTH_INVALID;
        }
      if (yb_month_is_valid (from))
        state->from = yb_month_to_string (from);
      if (yb_month_is_valid (to))
        state->to = yb_month_to_string (to);
      if (state->from == NULL || state->to == NULL)
        hint = _("Type the first and last month of the period.");
    }

  if (input->kind == YB_PRINTING_PERSON_CERTIFICATES && input->n_selected == 0)
    hint = _("Select the people to print certificates for in the list.");
  else if (input->kind == YB_PRINTING_PERSON_PAYMENTS && input->n_selected != 1)
    hint = _("Select one person in the list.");

  state->save_to_folder = input->kind == YB_PRINTING_PERSON_CERTIFICATES
                          && input->n_selected > 1;
  state->can_print = hint == NULL && !input->busy;
  state->hint = g_strdup (hint);
}

/**
 * yb_printing_state_clear:
 * @state: a state from yb_printing_state_compute()
 *
 * Frees the texts of @state.
 */
void
yb_printing_state_clear (YbPrintingState *state)
{
  g_clear_pointer (&state->from, g_free);
  g_clear_pointer (&state->to, g_free);
  g_clear_pointer (&state->code, g_free);
  g_clear_pointer (&state->from_error, g_free);
  g_clear_pointer (&state->to_error, g_free);
  g_clear_pointer (&state->code_error, g_free);
  g_clear_pointer (&state->hint, g_free);
}
