/* yb-outbox-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbOutboxPage"

#include "config.h"

#include "yb-outbox-page.h"

/*
 * The "outbox" section. Until its issue builds the section, the template only
 * says which hall items the section will cover: no fake data, no dead buttons.
 */

struct _YbOutboxPage
{
  YbSectionPage parent_instance;
};

G_DEFINE_FINAL_TYPE (YbOutboxPage, yb_outbox_page, YB_TYPE_SECTION_PAGE)

static void
yb_outbox_page_class_init (YbOutboxPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/outbox/yb-outbox-page.ui");
}

static void
yb_outbox_page_init (YbOutboxPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
