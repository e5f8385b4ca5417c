/* yb-reduction-page.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yb-roster-view.h"
#include "yb-section-page.h"

G_BEGIN_DECLS

#define YB_TYPE_REDUCTION_PAGE (yb_reduction_page_get_type ())

G_DECLARE_FINAL_TYPE (YbReductionPage, yb_reduction_page, YB, REDUCTION_PAGE, YbSectionPage)

gboolean      yb_reduction_page_edit_draft      (YbReductionPage *self,
                                                 gint64           local_id);
gint64        yb_reduction_page_get_draft_id    (YbReductionPage *self);
YbRosterView *yb_reduction_page_get_roster_view (YbReductionPage *self);

G_END_DECLS
