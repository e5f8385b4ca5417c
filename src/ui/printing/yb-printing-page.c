/* yb-printing-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbPrintingPage"

#include "config.h"

#include "yb-printing-page.h"

/*
 * The "printing" section. Until its issue builds the section, the template only
 * says which hall items the section will cover: no fake data, no dead buttons.
 */

struct _YbPrintingPage
{
  YbSectionPage parent_instance;
};

G_DEFINE_FINAL_TYPE (YbPrintingPage, yb_printing_page, YB_TYPE_SECTION_PAGE)

static void
yb_printing_page_class_init (YbPrintingPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/printing/yb-printing-page.ui");
}

static void
yb_printing_page_init (YbPrintingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
