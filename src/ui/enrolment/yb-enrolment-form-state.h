/* yb-enrolment-form-state.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-declaration.h"
#include "yb-finding.h"
#include "yb-month.h"
#include "yb-region-profile.h"

G_BEGIN_DECLS

/**
 * YbEnrolmentFormInput:
 * @declaration: the draft as typed
 * @profile: the unit's region profile
 * @now: the time the rules are judged at
 * @hall_findings: (nullable) (element-type YbFinding): the hall's reasons for a
 *   rejected declaration this draft was copied from, on fields not edited since
 * @left_fields: (nullable): set of field keys the clerk has left at least once
 * @show_all: %TRUE after the clerk asked to see every problem
 *
 * Everything the form state is computed from. The struct does not own these.
 */
typedef struct
{
  YbDeclaration *declaration;
  YbRegionProfile *profile;
  GDateTime *now;
  GPtrArray *hall_findings;
  GHashTable *left_fields;
  gboolean show_all;
} YbEnrolmentFormInput;

/**
 * YbEnrolmentFormState:
 * @kind: new or resumed enrolment
 * @findings: (element-type YbFinding): the rule engine's findings
 * @has_errors: findings that block submission (a closed window does not)
 * @can_submit: the submit action is enabled
 * @n_errors: the number of blocking findings
 * @first_error_field: (nullable): the first field, in form order, with an error
 * @general_message: (nullable): an error that names no field (business not offered)
 * @window_applies: the business window applies to this kind
 * @window_open: the business window is open now
 * @window_reopens: (nullable): when a closed window reopens
 * @window_text: (nullable): the banner text while the window is closed
 * @earliest: the earliest insured-from month, or %YB_MONTH_INVALID when not known
 * @latest: the latest insured-from month
 * @month_range_text: the allowed range, shown before the clerk picks
 * @offered_months: (element-type YbMonth): months the month menu offers
 * @base_known: a valid wage was typed, so the base is derived
 * @base_cents: the derived contribution base
 * @base_text: the base as shown ("5360.00"), "" when not known
 * @base_note: (nullable): why the base differs from the wage (floor or ceiling)
 *
 * What the enrolment form shows and allows, computed from the draft and its
 * findings. It knows nothing of widgets.
 */
typedef struct
{
  YbDeclarationKind kind;
  GPtrArray *findings;
  gboolean has_errors;
  gboolean can_submit;
  guint n_errors;
  char *first_error_field;
  char *general_message;

  gboolean window_applies;
  gboolean window_open;
  GDateTime *window_reopens;
  char *window_text;

  YbMonth earliest;
  YbMonth latest;
  char *month_range_text;
  GArray *offered_months;

  gboolean base_known;
  gint64 base_cents;
  char *base_text;
  char *base_note;

  /*< private >*/
  GHashTable *required;
  GHashTable *visible;
  GHashTable *messages;
} YbEnrolmentFormState;

const char * const   *yb_enrolment_form_state_get_fields (void);

YbEnrolmentFormState *yb_enrolment_form_state_new        (const YbEnrolmentFormInput *input);
void                  yb_enrolment_form_state_free       (YbEnrolmentFormState       *self);

gboolean              yb_enrolment_form_state_is_required (YbEnrolmentFormState      *self,
                                                          const char                *field);
const YbFinding      *yb_enrolment_form_state_get_shown  (YbEnrolmentFormState       *self,
                                                          const char                *field);
const YbFinding      *yb_enrolment_form_state_get_finding (YbEnrolmentFormState      *self,
                                                          const char                *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbEnrolmentFormState, yb_enrolment_form_state_free)

G_END_DECLS
