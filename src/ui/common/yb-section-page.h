/* yb-section-page.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YB_TYPE_SECTION_PAGE (yb_section_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (YbSectionPage, yb_section_page, YB, SECTION_PAGE, AdwBin)

/**
 * YbSectionPageClass:
 * @parent_class: the parent class
 * @workspace_changed: called after the page's workspace was replaced; the
 *   page drops what it took from the old one and binds to the new one
 *
 * The base of every sidebar section page.
 */
struct _YbSectionPageClass
{
  AdwBinClass parent_class;

  void (*workspace_changed) (YbSectionPage *self);

  /*< private >*/
  gpointer _reserved[8];
};

GObject    *yb_section_page_get_workspace (YbSectionPage *self);
void        yb_section_page_set_workspace (YbSectionPage *self,
                                           GObject       *workspace);
const char *yb_section_page_get_title     (YbSectionPage *self);
void        yb_section_page_set_title     (YbSectionPage *self,
                                           const char    *title);
const char *yb_section_page_get_icon_name (YbSectionPage *self);
void        yb_section_page_set_icon_name (YbSectionPage *self,
                                           const char    *icon_name);
gboolean    yb_section_page_show_toast    (YbSectionPage *self,
                                           const char    *text,
                                           guint          timeout);

G_END_DECLS
