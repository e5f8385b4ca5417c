/* yb-outbox-page.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yb-section-page.h"

G_BEGIN_DECLS

#define YB_TYPE_OUTBOX_PAGE (yb_outbox_page_get_type ())

G_DECLARE_FINAL_TYPE (YbOutboxPage, yb_outbox_page, YB, OUTBOX_PAGE, YbSectionPage)

guint       yb_outbox_page_get_badge_count       (YbOutboxPage *self);
const char *yb_outbox_page_get_filter            (YbOutboxPage *self);
void        yb_outbox_page_set_filter            (YbOutboxPage *self,
                                                  const char   *filter);
GtkSelectionModel *yb_outbox_page_get_selection  (YbOutboxPage *self);
gboolean    yb_outbox_page_select_declaration    (YbOutboxPage *self,
                                                  gint64        declaration_id);

G_END_DECLS
