/* yb-application.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define YB_TYPE_APPLICATION (yb_application_get_type ())

G_DECLARE_FINAL_TYPE (YbApplication, yb_application, YB, APPLICATION, AdwApplication)

typedef struct _YbSession YbSession;

YbApplication *yb_application_new         (void);
YbSession     *yb_application_get_session (YbApplication *self);

G_END_DECLS
