/* yb-session-status.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "yb-session-state.h"
#include "yb-workspace.h"

G_BEGIN_DECLS

#define YB_TYPE_SESSION_STATUS (yb_session_status_get_type ())

G_DECLARE_FINAL_TYPE (YbSessionStatus, yb_session_status, YB, SESSION_STATUS, GtkWidget)

YbWorkspace         *yb_session_status_get_workspace (YbSessionStatus *self);
void                 yb_session_status_set_workspace (YbSessionStatus *self,
                                                      YbWorkspace     *workspace);
const YbHeaderState *yb_session_status_get_state     (YbSessionStatus *self);
gboolean             yb_session_status_get_can_sync  (YbSessionStatus *self);
void                 yb_session_status_sync_now      (YbSessionStatus *self);
void                 yb_session_status_refresh       (YbSessionStatus *self);

G_END_DECLS
