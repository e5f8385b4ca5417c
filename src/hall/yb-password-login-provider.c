/* yb-password-login-provider.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbPasswordLoginProvider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-login.h"
#include "yb-password-login-provider.h"

/* The built-in provider: account and password, sent to the hall only. */
struct _YbPasswordLoginProvider
{
  GObject parent_instance;
};

static void provider_iface_init (YbLoginProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YbPasswordLoginProvider, yb_password_login_provider,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YB_TYPE_LOGIN_PROVIDER,
                                                      provider_iface_init))

static const char *
get_id (YbLoginProvider *provider)
{
  return "password";
}

static const char *
get_display_name (YbLoginProvider *provider)
{
  return _("Account and password");
}

static YbLoginKind
get_kind (YbLoginProvider *provider)
{
  return YB_LOGIN_KIND_PASSWORD;
}

static void
list_identities_async (YbLoginProvider     *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  /* Accounts are typed or come from the keyring; there is nothing to discover. */
  g_task_set_source_tag (task, list_identities_async);
  g_task_return_pointer (task, g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               yb_login_identity_unref),
                         (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
list_identities_finish (YbLoginProvider  *provider,
                        GAsyncResult     *result,
                        GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_login_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!yb_hall_client_login_password_finish (YB_HALL_CLIENT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
login_async (YbLoginProvider     *provider,
             YbLoginContext      *context,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, login_async);
  yb_hall_client_login_password_async (yb_login_context_get_client (context),
                                       yb_login_context_get_account (context),
                                       yb_login_context_get_password (context),
                                       cancellable, on_login_cb, task);
}

static gboolean
login_finish (YbLoginProvider  *provider,
              GAsyncResult     *result,
              GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
provider_iface_init (YbLoginProviderInterface *iface)
{
  iface->get_id = get_id;
  iface->get_display_name = get_display_name;
  iface->get_kind = get_kind;
  iface->list_identities_async = list_identities_async;
  iface->list_identities_finish = list_identities_finish;
  iface->login_async = login_async;
  iface->login_finish = login_finish;
}

static void
yb_password_login_provider_class_init (YbPasswordLoginProviderClass *klass)
{
}

static void
yb_password_login_provider_init (YbPasswordLoginProvider *self)
{
}
