/* yb-finding.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbFinding"

#include "yb-finding.h"

G_DEFINE_BOXED_TYPE (YbFinding, yb_finding, yb_finding_copy, yb_finding_free)

/**
 * yb_finding_new:
 * @severity: error or warning
 * @field: (nullable): the field key
 * @code: the stable code
 * @message: the translated message
 *
 * Returns: (transfer full): a new finding
 */
YbFinding *
yb_finding_new (YbSeverity  severity,
                const char *field,
                const char *code,
                const char *message)
{
  YbFinding *self;

  g_return_val_if_fail (code != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_new0 (YbFinding, 1);
  self->severity = severity;
  self->field = g_strdup (field);
  self->code = g_strdup (code);
  self->message = g_strdup (message);
  return self;
}

/**
 * yb_finding_new_printf:
 * @severity: error or warning
 * @field: (nullable): the field key
 * @code: the stable code
 * @format: printf-style format of the translated message
 *
 * Returns: (transfer full): a new finding
 */
YbFinding *
yb_finding_new_printf (YbSeverity  severity,
                       const char *field,
                       const char *code,
                       const char *format,
                       ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return yb_finding_new (severity, field, code, message);
}

/**
 * yb_finding_copy:
 * @finding: a finding
 *
 * Returns: (transfer full): a deep copy
 */
YbFinding *
yb_finding_copy (const YbFinding *finding)
{
  g_return_val_if_fail (finding != NULL, NULL);

  return yb_finding_new (finding->severity, finding->field, finding->code, finding->message);
}

/**
 * yb_finding_free:
 * @finding: (nullable): a finding
 */
void
yb_finding_free (YbFinding *finding)
{
  if (finding == NULL)
    return;

  g_free (finding->field);
  g_free (finding->code);
  g_free (finding->message);
  g_free (finding);
}

/**
 * yb_finding_is_error:
 * @finding: a finding
 *
 * Returns: %TRUE when the finding blocks submission
 */
gboolean
yb_finding_is_error (const YbFinding *finding)
{
  g_return_val_if_fail (finding != NULL, FALSE);

  return finding->severity == YB_SEVERITY_ERROR;
}
