/* yb-window.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "yb-application.h"
#include "yb-section-page.h"

G_BEGIN_DECLS

#define YB_TYPE_WINDOW (yb_window_get_type ())

G_DECLARE_FINAL_TYPE (YbWindow, yb_window, YB, WINDOW, AdwApplicationWindow)

YbWindow           *yb_window_new               (YbApplication *application);
const char * const *yb_window_get_section_ids   (void);
gboolean            yb_window_is_section_id     (const char    *section_id);
const char         *yb_window_get_section       (YbWindow      *self);
YbSectionPage      *yb_window_get_page          (YbWindow      *self,
                                                 const char    *section_id);
GObject            *yb_window_get_workspace     (YbWindow      *self);
void                yb_window_set_workspace     (YbWindow      *self,
                                                 GObject       *workspace);
void                yb_window_add_toast         (YbWindow      *self,
                                                 AdwToast      *toast);

G_END_DECLS
