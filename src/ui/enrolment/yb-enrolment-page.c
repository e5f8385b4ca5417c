/* yb-enrolment-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbEnrolmentPage"

#include "config.h"

#include "yb-enrolment-page.h"

/*
 * The "enrolment" section. Until its issue builds the section, the template only
 * says which hall items the section will cover: no fake data, no dead buttons.
 */

struct _YbEnrolmentPage
{
  YbSectionPage parent_instance;
};

G_DEFINE_FINAL_TYPE (YbEnrolmentPage, yb_enrolment_page, YB_TYPE_SECTION_PAGE)

static void
yb_enrolment_page_class_init (YbEnrolmentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/enrolment/yb-enrolment-page.ui");
}

static void
yb_enrolment_page_init (YbEnrolmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
