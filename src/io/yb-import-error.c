/* yb-import-error.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbImportError"

#include "config.h"

#include "yb-import-error.h"

/**
 * yb_import_error_quark:
 *
 * Returns: the error domain of spreadsheet import and export
 */
G_DEFINE_QUARK (yb-import-error-quark, yb_import_error)
