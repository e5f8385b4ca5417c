/* yb-enrolment-page.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yb-section-page.h"

G_BEGIN_DECLS

#define YB_TYPE_ENROLMENT_PAGE (yb_enrolment_page_get_type ())

G_DECLARE_FINAL_TYPE (YbEnrolmentPage, yb_enrolment_page, YB, ENROLMENT_PAGE, YbSectionPage)

gboolean    yb_enrolment_page_edit_draft   (YbEnrolmentPage *self,
                                            gint64           local_id);
gint64      yb_enrolment_page_get_draft_id (YbEnrolmentPage *self);
const char *yb_enrolment_page_get_kind     (YbEnrolmentPage *self);
void        yb_enrolment_page_set_kind     (YbEnrolmentPage *self,
                                            const char      *kind);
gboolean    yb_enrolment_page_save         (YbEnrolmentPage *self);

G_END_DECLS
