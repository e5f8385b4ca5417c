/* yb-print-error.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbPrintError"

#include "config.h"

#include "yb-print-error.h"

/**
 * yb_print_error_quark:
 *
 * Returns: the error domain of printing and PDF errors
 */
G_DEFINE_QUARK (yb-print-error-quark, yb_print_error)
