/* yb-maintenance-page.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yb-section-page.h"

G_BEGIN_DECLS

#define YB_TYPE_MAINTENANCE_PAGE (yb_maintenance_page_get_type ())

G_DECLARE_FINAL_TYPE (YbMaintenancePage, yb_maintenance_page, YB, MAINTENANCE_PAGE, YbSectionPage)

G_END_DECLS
