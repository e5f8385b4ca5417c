/* yb-printing-state.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * YbPrintingKind:
 * @YB_PRINTING_UNIT_CERTIFICATE: 单位参保证明
 * @YB_PRINTING_PERSON_CERTIFICATES: 个人参保证明 for the selected people
 * @YB_PRINTING_ROSTER: the roster report (花名册)
 * @YB_PRINTING_UNIT_PAYMENTS: the unit's payment details for a period
 * @YB_PRINTING_PERSON_PAYMENTS: one person's payment details for a period
 * @YB_PRINTING_OUTBOX: the outbox and progress list
 * @YB_PRINTING_VERIFY: check a certificate's verification code on the hall
 *
 * The documents of the 打印 section, in the order of its list.
 */
typedef enum
{
  YB_PRINTING_UNIT_CERTIFICATE,
  YB_PRINTING_PERSON_CERTIFICATES,
  YB_PRINTING_ROSTER,
  YB_PRINTING_UNIT_PAYMENTS,
  YB_PRINTING_PERSON_PAYMENTS,
  YB_PRINTING_OUTBOX,
  YB_PRINTING_VERIFY,
} YbPrintingKind;

#define YB_PRINTING_N_KINDS (YB_PRINTING_VERIFY + 1)

/**
 * YbPrintingInput:
 * @kind: the chosen document
 * @n_selected: people selected in the roster list
 * @from_text: the first month of the period as typed
 * @to_text: the last month of the period as typed
 * @code_text: the verification code as typed or pasted
 * @now_year: the current year, at the workspace's clock
 * @now_month: the current month (1-12)
 * @have_hall: whether a hall client is configured
 * @busy: whether a print, save or verification is under way
 *
 * What the printing form state is computed from.
 */
typedef struct
{
  YbPrintingKind kind;
  guint n_selected;
  const char *from_text;
  const char *to_text;
  const char *code_text;
  int now_year;
  int now_month;
  gboolean have_hall;
  gboolean busy;
} YbPrintingInput;

/**
 * YbPrintingState:
 * @show_people: show the roster list to pick people from
 * @show_period: show the period fields
 * @show_verify: show the verification panel instead of the print options
 * @can_print: preview, print and save as PDF are enabled
 * @save_to_folder: "save as PDF" asks for a folder (one PDF per person)
 * @can_verify: the verify action is enabled
 * @can_cancel: the cancel action is enabled
 * @from: the period's first month, "YYYYMM", when valid
 * @to: the period's last month, "YYYYMM", when valid
 * @code: the verification code normalized to "XXXX-XXXX-XXXX-XXXX", when valid
 * @from_error: inline text under the "from" field, or %NULL
 * @to_error: inline text under the "to" field, or %NULL
 * @code_error: inline text under the code field, or %NULL
 * @hint: what is missing before printing, or %NULL
 *
 * The form state of the printing page, computed from #YbPrintingInput.
 */
typedef struct
{
  gboolean show_people;
  gboolean show_period;
  gboolean show_verify;
  gboolean can_print;
  gboolean save_to_folder;
  gboolean can_verify;
  gboolean can_cancel;
  char *from;
  char *to;
  char *code;
  char *from_error;
  char *to_error;
  char *code_error;
  char *hint;
} YbPrintingState;

void  yb_printing_state_compute     (const YbPrintingInput *input,
                                     YbPrintingState       *state);
void  yb_printing_state_clear       (YbPrintingState       *state);
char *yb_printing_normalize_code    (const char            *text);

G_END_DECLS
