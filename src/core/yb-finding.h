/* yb-finding.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * YbSeverity:
 * @YB_SEVERITY_WARNING: the clerk may go on after reading it (and, where the
 *   rule says so, confirming an override)
 * @YB_SEVERITY_ERROR: the draft cannot be submitted until it is fixed
 */
typedef enum
{
  YB_SEVERITY_WARNING,
  YB_SEVERITY_ERROR,
} YbSeverity;

/**
 * YbFinding:
 * @severity: error or warning
 * @field: the stable key of the field the finding is about (e.g. "id_number"),
 *   or %NULL for the whole declaration
 * @code: a stable machine code (e.g. "ID_CHECK_DIGIT"), shared with the hall
 * @message: a translated sentence for the clerk that says what to change
 *
 * One judgement of a validator or of the rule engine.
 */
typedef struct
{
  YbSeverity severity;
  char *field;
  char *code;
  char *message;
} YbFinding;

#define YB_TYPE_FINDING (yb_finding_get_type ())

GType      yb_finding_get_type (void) G_GNUC_CONST;
YbFinding *yb_finding_new      (YbSeverity       severity,
                                const char      *field,
                                const char      *code,
                                const char      *message);
YbFinding *yb_finding_new_printf (YbSeverity     severity,
                                  const char    *field,
                                  const char    *code,
                                  const char    *format,
                                  ...) G_GNUC_PRINTF (4, 5);
YbFinding *yb_finding_copy     (const YbFinding *finding);
void       yb_finding_free     (YbFinding       *finding);
gboolean   yb_finding_is_error (const YbFinding *finding);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbFinding, yb_finding_free)

G_END_DECLS
