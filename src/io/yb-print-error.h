/* yb-print-error.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YB_PRINT_ERROR (yb_print_error_quark ())

/**
 * YbPrintError:
 * @YB_PRINT_ERROR_INVALID_DATA: certificate or report data is malformed; the
 *   message names the field
 * @YB_PRINT_ERROR_FAILED: rendering or writing the document failed
 * @YB_PRINT_ERROR_EMPTY: there is nothing to print
 *
 * Error codes of the printing part of the io layer.
 */
typedef enum
{
  YB_PRINT_ERROR_INVALID_DATA,
  YB_PRINT_ERROR_FAILED,
  YB_PRINT_ERROR_EMPTY,
} YbPrintError;

GQuark yb_print_error_quark (void);

G_END_DECLS
