/* yb-report-presets.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "yb-report-document.h"

G_BEGIN_DECLS

YbReportDocument *yb_report_new_roster          (const char *unit_name,
                                                 GDateTime  *as_of,
                                                 GListModel *roster,
                                                 gboolean    full_ids);
YbReportDocument *yb_report_new_unit_payments   (const char *unit_name,
                                                 GDateTime  *as_of,
                                                 const char *from,
                                                 const char *to,
                                                 JsonArray  *payments);
YbReportDocument *yb_report_new_person_payments (const char *unit_name,
                                                 GDateTime  *as_of,
                                                 const char *person_name,
                                                 const char *from,
                                                 const char *to,
                                                 JsonArray  *payments);
YbReportDocument *yb_report_new_outbox          (const char *unit_name,
                                                 GDateTime  *as_of,
                                                 GListModel *declarations);

G_END_DECLS
