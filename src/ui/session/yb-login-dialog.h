/* yb-login-dialog.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "yb-session.h"

G_BEGIN_DECLS

#define YB_TYPE_LOGIN_DIALOG (yb_login_dialog_get_type ())

G_DECLARE_FINAL_TYPE (YbLoginDialog, yb_login_dialog, YB, LOGIN_DIALOG, AdwWindow)

YbLoginDialog *yb_login_dialog_new       (YbSession     *session,
                                          GtkWindow     *parent);
const char    *yb_login_dialog_get_page  (YbLoginDialog *self);
const char    *yb_login_dialog_get_error (YbLoginDialog *self);
gboolean       yb_login_dialog_get_busy  (YbLoginDialog *self);
void           yb_login_dialog_restore_from (YbLoginDialog *self,
                                             GFile         *file);

G_END_DECLS
