/* yb-credit-code.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-finding.h"

G_BEGIN_DECLS

char       yb_credit_code_compute_check (const char  *first17);
char       yb_org_code_compute_check    (const char  *first8);
YbFinding *yb_credit_code_check         (const char  *text,
                                         const char  *field,
                                         char       **out_normalized);

G_END_DECLS
