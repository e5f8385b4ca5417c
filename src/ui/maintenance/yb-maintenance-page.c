/* yb-maintenance-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbMaintenancePage"

#include "config.h"

#include "yb-maintenance-page.h"

/*
 * The "maintenance" section. Until its issue builds the section, the template only
 * says which hall items the section will cover: no fake data, no dead buttons.
 */

struct _YbMaintenancePage
{
  YbSectionPage parent_instance;
};

G_DEFINE_FINAL_TYPE (YbMaintenancePage, yb_maintenance_page, YB_TYPE_SECTION_PAGE)

static void
yb_maintenance_page_class_init (YbMaintenancePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/maintenance/yb-maintenance-page.ui");
}

static void
yb_maintenance_page_init (YbMaintenancePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
