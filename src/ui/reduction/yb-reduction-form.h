/* yb-reduction-form.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "yb-declaration.h"
#include "yb-region-profile.h"

G_BEGIN_DECLS

/**
 * YbReductionFormValues:
 * @reason: (nullable): the code of the 变动原因 chosen, or %NULL
 * @stop_month: (nullable): the stop month as YYYYMM, or %NULL
 * @wage: (nullable): the declared wage in yuan as typed; empty means each person's own
 *   wage from the roster
 * @left_fields: (nullable): set of the form's field keys ("reason", "stop_month", "wage")
 *   the clerk has left at least once; a field's problem shows only once it was left
 * @show_all: %TRUE after a save or submit was tried (or a draft was opened): every
 *   field's problem shows
 *
 * What the clerk entered on the reduction form; it applies to every selected person.
 */
typedef struct
{
  const char *reason;
  const char *stop_month;
  const char *wage;
  GHashTable *left_fields;
  gboolean show_all;
} YbReductionFormValues;

/**
 * YbReductionFormState:
 * @n_people: how many people the form reduces
 * @n_not_insured: how many of them are not insured in the unit (status other than insured)
 * @has_errors: whether any finding of any person is an error
 * @can_save: whether `reduction.save` is enabled
 * @can_submit: whether `reduction.submit` is enabled
 * @summary: the line above the form ("2 people selected")
 * @reason_error: (nullable): the text under the reason
 * @stop_month_error: (nullable): the text under the stop month
 * @wage_error: (nullable): the text under the wage
 * @people_error: (nullable): errors about the people themselves, one line each
 * @warnings: (nullable): warnings, one line each
 * @last_paid: what the stop month means, "Last paid month: 2020-07", or ""
 * @retiree_reason: whether the chosen reason is retirement, which belongs elsewhere (BR-27)
 *
 * Everything the reduction form shows and enables, computed from the draft values and the
 * findings without any widget.
 */
typedef struct
{
  guint n_people;
  guint n_not_insured;
  gboolean has_errors;
  gboolean can_save;
  gboolean can_submit;
  char *summary;
  char *reason_error;
  char *stop_month_error;
  char *wage_error;
  char *people_error;
  char *warnings;
  char *last_paid;
  gboolean retiree_reason;
} YbReductionFormState;

#define YB_REDUCTION_RETIREMENT_REASON "23"

/* The finding code for a required wage that is neither typed on the form nor in the
 * person's roster entry; its message names the person. */
#define YB_REDUCTION_WAGE_NOT_IN_ROSTER "WAGE_NOT_IN_ROSTER"

YbDeclaration        *yb_reduction_form_build        (JsonObject                  *person,
                                                      const YbReductionFormValues *values,
                                                      const char                  *agent_name,
                                                      const char                  *agent_phone);
const char           *yb_reduction_form_person_status (JsonObject                 *person);
const char           *yb_reduction_status_label      (const char                  *status);
GPtrArray            *yb_reduction_form_check        (YbDeclaration               *decl,
                                                      const char                  *status,
                                                      YbRegionProfile             *profile,
                                                      GDateTime                   *now);
char                 *yb_reduction_findings_to_json  (GPtrArray                   *findings);
char                 *yb_reduction_format_wage       (gint64                       cents);

YbReductionFormState *yb_reduction_form_state_new    (YbRegionProfile             *profile,
                                                      const YbReductionFormValues *values,
                                                      YbDeclaration              **decls,
                                                      GPtrArray                  **findings,
                                                      guint                        n_people);
void                  yb_reduction_form_state_free   (YbReductionFormState        *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbReductionFormState, yb_reduction_form_state_free)

G_END_DECLS
