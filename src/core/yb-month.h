/* yb-month.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-finding.h"

G_BEGIN_DECLS

/**
 * YbMonth:
 *
 * A calendar month as one number, `year * 12 + (month - 1)`, so that months
 * compare and subtract as integers. Valid months lie from 1900-01 to
 * 9999-12; %YB_MONTH_INVALID (and every value <= 0) is invalid.
 */
typedef gint32 YbMonth;

/**
 * YB_MONTH_INVALID:
 *
 * The invalid month, returned by constructors and parsers on bad input.
 */
#define YB_MONTH_INVALID 0

YbMonth    yb_month_new            (int          year,
                                    int          month);
YbMonth    yb_month_from_date_time (GDateTime   *dt);
gboolean   yb_month_is_valid       (YbMonth      m);
int        yb_month_get_year       (YbMonth      m);
int        yb_month_get_month      (YbMonth      m);
YbMonth    yb_month_add            (YbMonth      m,
                                    int          months);
int        yb_month_diff           (YbMonth      a,
                                    YbMonth      b);
YbMonth    yb_month_parse          (const char  *text);
char      *yb_month_to_string      (YbMonth      m);
char      *yb_month_format         (YbMonth      m);
YbFinding *yb_check_month          (const char  *text,
                                    const char  *field,
                                    YbMonth     *out_month);

G_END_DECLS
