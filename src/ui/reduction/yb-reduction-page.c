/* yb-reduction-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbReductionPage"

#include "config.h"

#include "yb-reduction-page.h"

/*
 * The "reduction" section. Until its issue builds the section, the template only
 * says which hall items the section will cover: no fake data, no dead buttons.
 */

struct _YbReductionPage
{
  YbSectionPage parent_instance;
};

G_DEFINE_FINAL_TYPE (YbReductionPage, yb_reduction_page, YB_TYPE_SECTION_PAGE)

static void
yb_reduction_page_class_init (YbReductionPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/reduction/yb-reduction-page.ui");
}

static void
yb_reduction_page_init (YbReductionPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
