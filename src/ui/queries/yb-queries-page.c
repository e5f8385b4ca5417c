/* yb-queries-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbQueriesPage"

#include "config.h"

#include "yb-queries-page.h"

/*
 * The "queries" section. Until its issue builds the section, the template only
 * says which hall items the section will cover: no fake data, no dead buttons.
 */

struct _YbQueriesPage
{
  YbSectionPage parent_instance;
};

G_DEFINE_FINAL_TYPE (YbQueriesPage, yb_queries_page, YB_TYPE_SECTION_PAGE)

static void
yb_queries_page_class_init (YbQueriesPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/queries/yb-queries-page.ui");
}

static void
yb_queries_page_init (YbQueriesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
