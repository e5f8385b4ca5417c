/* yb-core-error.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * YB_CORE_ERROR:
 *
 * The error domain of the core layer (region profiles, declarations).
 */
#define YB_CORE_ERROR (yb_core_error_quark ())

/**
 * YbCoreError:
 * @YB_CORE_ERROR_PROFILE_NOT_FOUND: no region profile with that id is installed
 * @YB_CORE_ERROR_PROFILE_INVALID: a region profile is not valid JSON or breaks the schema
 * @YB_CORE_ERROR_DECLARATION_INVALID: a serialised declaration cannot be read
 *
 * Stable error codes of %YB_CORE_ERROR.
 */
typedef enum
{
  YB_CORE_ERROR_PROFILE_NOT_FOUND,
  YB_CORE_ERROR_PROFILE_INVALID,
  YB_CORE_ERROR_DECLARATION_INVALID,
} YbCoreError;

GQuark yb_core_error_quark (void);

G_END_DECLS
