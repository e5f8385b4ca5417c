/* yb-login.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yb-hall-client.h"
#include "yibao-login-provider.h"

G_BEGIN_DECLS

void             yb_login_providers_load        (void);
GList           *yb_login_providers_list        (void);
YbLoginProvider *yb_login_providers_find        (const char           *id);

YbLoginContext  *yb_login_context_new           (YbHallClient         *client,
                                                 const char           *identity_id);
void             yb_login_context_set_password  (YbLoginContext       *context,
                                                 const char           *account,
                                                 const char           *password);
const char      *yb_login_context_get_account   (YbLoginContext       *context);
const char      *yb_login_context_get_password  (YbLoginContext       *context);
void             yb_login_context_set_pin       (YbLoginContext       *context,
                                                 const char           *pin);
YbHallClient    *yb_login_context_get_client    (YbLoginContext       *context);

void             yb_login_run_async             (YbLoginProvider      *provider,
                                                 YbLoginContext       *context,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean         yb_login_run_finish            (YbLoginProvider      *provider,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
