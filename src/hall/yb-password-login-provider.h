/* yb-password-login-provider.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yibao-login-provider.h"

G_BEGIN_DECLS

#define YB_TYPE_PASSWORD_LOGIN_PROVIDER (yb_password_login_provider_get_type ())

G_DECLARE_FINAL_TYPE (YbPasswordLoginProvider, yb_password_login_provider, YB,
                      PASSWORD_LOGIN_PROVIDER, GObject)

G_END_DECLS
