/* yb-rules.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-declaration.h"
#include "yb-finding.h"
#include "yb-month.h"
#include "yb-region-profile.h"

G_BEGIN_DECLS

GPtrArray *yb_rules_check                   (YbDeclaration   *decl,
                                             YbRegionProfile *profile,
                                             GDateTime       *now);
gboolean   yb_rules_has_errors              (GPtrArray       *findings);

YbMonth    yb_rules_current_month           (YbRegionProfile *profile,
                                             GDateTime       *now);
void       yb_rules_enrol_month_range       (YbRegionProfile *profile,
                                             GDateTime       *now,
                                             YbMonth         *out_earliest,
                                             YbMonth         *out_latest);
void       yb_rules_stop_month_range        (YbRegionProfile *profile,
                                             GDateTime       *now,
                                             YbMonth         *out_earliest,
                                             YbMonth         *out_latest);
YbMonth    yb_rules_last_paid_month         (YbRegionProfile *profile,
                                             YbMonth          stop_month);
char      *yb_rules_describe_last_paid      (YbRegionProfile *profile,
                                             YbMonth          stop_month);

gint64     yb_rules_contribution_base       (YbRegionProfile *profile,
                                             gint64           wage_cents,
                                             int              year,
                                             gboolean        *out_clamped);
gboolean   yb_rules_base_declaration_needed (YbRegionProfile *profile,
                                             int              year,
                                             const gint64    *avg_wage_cents,
                                             gsize            n_wages);

G_END_DECLS
