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

gboolean  yb_maintenance_page_get_busy        (YbMaintenancePage *self);
void      yb_maintenance_page_show            (YbMaintenancePage *self,
                                               const char        *sub_page);
void      yb_maintenance_page_attach_material (YbMaintenancePage *self,
                                               const char        *material_kind,
                                               GFile             *file);
guint     yb_maintenance_page_get_n_materials (YbMaintenancePage *self,
                                               const char        *material_kind);
const char *yb_maintenance_page_get_status    (YbMaintenancePage *self);
gboolean  yb_maintenance_page_edit_draft      (YbMaintenancePage *self,
                                               gint64             local_id);
gint64    yb_maintenance_page_get_draft_id    (YbMaintenancePage *self,
                                               const char        *form);

G_END_DECLS
