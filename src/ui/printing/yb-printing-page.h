/* yb-printing-page.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "yb-printing-state.h"
#include "yb-section-page.h"

G_BEGIN_DECLS

#define YB_TYPE_PRINTING_PAGE (yb_printing_page_get_type ())

G_DECLARE_FINAL_TYPE (YbPrintingPage, yb_printing_page, YB, PRINTING_PAGE, YbSectionPage)

YbPrintingKind     yb_printing_page_get_kind     (YbPrintingPage *self);
void               yb_printing_page_set_kind     (YbPrintingPage *self,
                                                  YbPrintingKind  kind);
GtkSelectionModel *yb_printing_page_get_people   (YbPrintingPage *self);
gboolean           yb_printing_page_get_busy     (YbPrintingPage *self);
void               yb_printing_page_save_pdf_to  (YbPrintingPage *self,
                                                  GFile          *target);
char              *yb_printing_page_cache_key    (const char     *unit_no,
                                                  const char     *person_no);

G_END_DECLS
