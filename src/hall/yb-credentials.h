/* yb-credentials.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

G_BEGIN_DECLS

/**
 * YbSecretKind:
 * @YB_SECRET_PASSWORD: the account's password
 * @YB_SECRET_REFRESH_TOKEN: a refresh token, to log in again without the password
 *
 * What a stored secret is.
 */
typedef enum
{
  YB_SECRET_PASSWORD,
  YB_SECRET_REFRESH_TOKEN,
} YbSecretKind;

#define YB_TYPE_CREDENTIALS (yb_credentials_get_type ())

G_DECLARE_FINAL_TYPE (YbCredentials, yb_credentials, YB, CREDENTIALS, GObject)

const SecretSchema *yb_credentials_get_schema    (void);

YbCredentials      *yb_credentials_new           (const char           *hall_url);
const char         *yb_credentials_get_hall_url  (YbCredentials        *self);

void                yb_credentials_store_async   (YbCredentials        *self,
                                                  const char           *account,
                                                  YbSecretKind          kind,
                                                  const char           *secret,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean            yb_credentials_store_finish  (YbCredentials        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void                yb_credentials_lookup_async  (YbCredentials        *self,
                                                  const char           *account,
                                                  YbSecretKind          kind,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
char               *yb_credentials_lookup_finish (YbCredentials        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void                yb_credentials_forget_async  (YbCredentials        *self,
                                                  const char           *account,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean            yb_credentials_forget_finish (YbCredentials        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

G_END_DECLS
