/* yb-preferences-window.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "yb-session.h"

G_BEGIN_DECLS

#define YB_TYPE_PREFERENCES_WINDOW (yb_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (YbPreferencesWindow, yb_preferences_window, YB, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

YbPreferencesWindow *yb_preferences_window_new          (YbSession           *session,
                                                         GtkWindow           *parent);
void                 yb_preferences_window_backup_to    (YbPreferencesWindow *self,
                                                         GFile               *file);
void                 yb_preferences_window_restore_from (YbPreferencesWindow *self,
                                                         GFile               *file);

G_END_DECLS
