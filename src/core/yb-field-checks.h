/* yb-field-checks.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-finding.h"

G_BEGIN_DECLS

char      *yb_text_normalize   (const char   *text);
char      *yb_text_strip_spaces (const char  *text);

YbFinding *yb_check_required   (const char   *text,
                                const char   *field,
                                const char   *label);
YbFinding *yb_check_mobile     (const char   *text,
                                const char   *field);
YbFinding *yb_check_postcode   (const char   *text,
                                const char   *field);
YbFinding *yb_check_email      (const char   *text,
                                const char   *field);
YbFinding *yb_check_date       (const char   *text,
                                const char   *field,
                                GDate        *out_date);
YbFinding *yb_check_date_order (const GDate  *start,
                                const GDate  *end,
                                const char   *end_field);

gboolean   yb_parse_money      (const char   *text,
                                gint64       *out_cents);
char      *yb_format_money     (gint64        cents);

G_END_DECLS
