/* yibao-login-provider.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The interface a login module (for example a certificate vendor's USB-key
 * module) implements. It is the only Yibao header such a module includes; it
 * needs GIO only. See docs/login-providers.md.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * YB_LOGIN_PROVIDER_ABI_VERSION:
 *
 * The version of this interface. It grows whenever the interface structure,
 * the context or the identity change incompatibly; Yibao refuses modules
 * registered with another version.
 */
#define YB_LOGIN_PROVIDER_ABI_VERSION 1

/**
 * YB_LOGIN_PROVIDER_EXTENSION_POINT_NAME:
 *
 * The GIO extension point login providers are registered at.
 */
#define YB_LOGIN_PROVIDER_EXTENSION_POINT_NAME "yibao-login-provider"

/**
 * YbLoginKind:
 * @YB_LOGIN_KIND_PASSWORD: the provider logs in with account and password
 *   (built in; modules do not use it)
 * @YB_LOGIN_KIND_CERTIFICATE: the provider signs the hall's challenge with a
 *   certificate's key (法人数字证书)
 */
typedef enum
{
  YB_LOGIN_KIND_PASSWORD,
  YB_LOGIN_KIND_CERTIFICATE,
} YbLoginKind;

/* Identities */

typedef struct _YbLoginIdentity YbLoginIdentity;

#define YB_TYPE_LOGIN_IDENTITY (yb_login_identity_get_type ())

GType            yb_login_identity_get_type        (void) G_GNUC_CONST;
YbLoginIdentity *yb_login_identity_new             (const char      *id,
                                                    const char      *label);
YbLoginIdentity *yb_login_identity_ref             (YbLoginIdentity *identity);
void             yb_login_identity_unref           (YbLoginIdentity *identity);
const char      *yb_login_identity_get_id          (YbLoginIdentity *identity);
const char      *yb_login_identity_get_label       (YbLoginIdentity *identity);
const char      *yb_login_identity_get_credit_code (YbLoginIdentity *identity);
void             yb_login_identity_set_credit_code (YbLoginIdentity *identity,
                                                    const char      *credit_code);
GDateTime       *yb_login_identity_get_valid_until (YbLoginIdentity *identity);
void             yb_login_identity_set_valid_until (YbLoginIdentity *identity,
                                                    GDateTime       *valid_until);
/* Since ABI 1 (added compatibly): who issued the identity's certificate. */
const char      *yb_login_identity_get_issuer      (YbLoginIdentity *identity);
void             yb_login_identity_set_issuer      (YbLoginIdentity *identity,
                                                    const char      *issuer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbLoginIdentity, yb_login_identity_unref)

/* The login context: what the hall asks, and where the provider answers */

#define YB_TYPE_LOGIN_CONTEXT (yb_login_context_get_type ())

G_DECLARE_FINAL_TYPE (YbLoginContext, yb_login_context, YB, LOGIN_CONTEXT, GObject)

const char         *yb_login_context_get_hall_url    (YbLoginContext *context);
const char         *yb_login_context_get_identity_id (YbLoginContext *context);
GBytes             *yb_login_context_get_nonce       (YbLoginContext *context);
const char * const *yb_login_context_get_algorithms  (YbLoginContext *context);
void                yb_login_context_set_signature   (YbLoginContext *context,
                                                      const char     *certificate_pem,
                                                      GBytes         *signature,
                                                      const char     *algorithm);
/* Since ABI 1 (added compatibly): the PIN the clerk typed for this login. */
const char         *yb_login_context_get_pin         (YbLoginContext *context);

/* The provider interface */

#define YB_TYPE_LOGIN_PROVIDER (yb_login_provider_get_type ())

G_DECLARE_INTERFACE (YbLoginProvider, yb_login_provider, YB, LOGIN_PROVIDER, GObject)

/**
 * YbLoginProviderInterface:
 * @get_id: a stable ASCII id ("acme-usbkey")
 * @get_display_name: the name the clerk sees, translated
 * @get_kind: what the provider does; %YB_LOGIN_KIND_CERTIFICATE if not set
 * @list_identities_async: finds the identities available now (for example
 *   the certificates on the plugged-in tokens); may ask for nothing
 * @list_identities_finish: returns a #GPtrArray of #YbLoginIdentity
 * @login_async: performs the login: a certificate provider reads the nonce
 *   from the context, signs the raw nonce bytes with the key of the identity
 *   named in the context (asking for a PIN if it must), and answers with
 *   yb_login_context_set_signature()
 * @login_finish: returns %TRUE when the context holds the answer
 *
 * The virtual functions of a login provider, ABI version 1.
 */
struct _YbLoginProviderInterface
{
  GTypeInterface parent_iface;

  const char  *(*get_id)                 (YbLoginProvider      *self);
  const char  *(*get_display_name)       (YbLoginProvider      *self);
  YbLoginKind  (*get_kind)               (YbLoginProvider      *self);
  void         (*list_identities_async)  (YbLoginProvider      *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  GPtrArray   *(*list_identities_finish) (YbLoginProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);
  void         (*login_async)            (YbLoginProvider      *self,
                                          YbLoginContext       *context,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
  gboolean     (*login_finish)           (YbLoginProvider      *self,
                                          GAsyncResult         *result,
                                          GError              **error);

  /*< private >*/
  gpointer padding[12];
};

const char  *yb_login_provider_get_id                 (YbLoginProvider      *self);
const char  *yb_login_provider_get_display_name       (YbLoginProvider      *self);
YbLoginKind  yb_login_provider_get_kind               (YbLoginProvider      *self);
void         yb_login_provider_list_identities_async  (YbLoginProvider      *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GPtrArray   *yb_login_provider_list_identities_finish (YbLoginProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
void         yb_login_provider_login_async            (YbLoginProvider      *self,
                                                       YbLoginContext       *context,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean     yb_login_provider_login_finish           (YbLoginProvider      *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

gboolean     yb_login_provider_register               (GType                 type,
                                                       const char           *name,
                                                       int                   priority,
                                                       guint                 abi_version);

/**
 * YB_LOGIN_PROVIDER_REGISTER:
 * @type: the #GType of the provider class
 * @name: the extension's name, usually the provider id
 * @priority: higher comes first in the list the clerk sees
 *
 * Registers a provider from a module's g_io_module_load(), stamped with the
 * ABI version the module was compiled against.
 */
#define YB_LOGIN_PROVIDER_REGISTER(type, name, priority) \
  yb_login_provider_register ((type), (name), (priority), YB_LOGIN_PROVIDER_ABI_VERSION)

G_END_DECLS
