/* yb-credentials.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbCredentials"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-credentials.h"

/* Secrets live only here, in the keyring: never in SQLite, settings, logs or
 * error messages. Only the asynchronous libsecret calls are used. */
struct _YbCredentials
{
  GObject parent_instance;

  char *hall_url;
};

G_DEFINE_FINAL_TYPE (YbCredentials, yb_credentials, G_TYPE_OBJECT)

static const char *
kind_to_string (YbSecretKind kind)
{
  return kind == YB_SECRET_REFRESH_TOKEN ? "refresh-token" : "password";
}

static GHashTable *
attributes_new (YbCredentials *self,
                const char    *account,
                const char    *kind)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "hall", self->hall_url);
  g_hash_table_insert (attributes, (gpointer) "account", (gpointer) account);
  if (kind != NULL)
    g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) kind);
  return attributes;
}

/* libsecret's messages name D-Bus objects, never the secret; still, the clerk
 * reads ours first. */
static GError *
keyring_error (GError *error)
{
  GError *wrapped;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  wrapped = g_error_new (error->domain, error->code,
                         _("The keyring could not be used: %s"), error->message);
  g_error_free (error);
  return wrapped;
}

static void
yb_credentials_finalize (GObject *object)
{
  YbCredentials *self = YB_CREDENTIALS (object);

  g_free (self->hall_url);

  G_OBJECT_CLASS (yb_credentials_parent_class)->finalize (object);
}

static void
yb_credentials_class_init (YbCredentialsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yb_credentials_finalize;
}

static void
yb_credentials_init (YbCredentials *self)
{
}

/**
 * yb_credentials_get_schema:
 *
 * The keyring schema `io.github.yibao.Yibao.Account`: attributes "hall" (the
 * hall's base URL), "account" and "kind" ("password" or "refresh-token").
 *
 * Returns: (transfer none): the schema
 */
const SecretSchema *
yb_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.yibao.Yibao.Account", SECRET_SCHEMA_NONE,
    {
      { "hall", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/**
 * yb_credentials_new:
 * @hall_url: the hall's base URL, which scopes every secret
 *
 * Returns: (transfer full): the credentials of one hall
 */
YbCredentials *
yb_credentials_new (const char *hall_url)
{
  YbCredentials *self;

  g_return_val_if_fail (hall_url != NULL && *hall_url != '\0', NULL);

  self = g_object_new (YB_TYPE_CREDENTIALS, NULL);
  self->hall_url = g_strdup (hall_url);
  return self;
}

/**
 * yb_credentials_get_hall_url:
 * @self: a #YbCredentials
 *
 * Returns: the hall's base URL
 */
const char *
yb_credentials_get_hall_url (YbCredentials *self)
{
  g_return_val_if_fail (YB_IS_CREDENTIALS (self), NULL);
  return self->hall_url;
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * yb_credentials_store_async:
 * @self: a #YbCredentials
 * @account: the hall account
 * @kind: what @secret is
 * @secret: the password or refresh token
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Remembers a secret in the default keyring collection, replacing the one
 * stored before for the same hall, account and kind. Call it only when the
 * clerk chose to be remembered.
 */
void
yb_credentials_store_async (YbCredentials       *self,
                            const char          *account,
                            YbSecretKind         kind,
                            const char          *secret,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (YB_IS_CREDENTIALS (self));
  g_return_if_fail (account != NULL && *account != '\0');
  g_return_if_fail (secret != NULL && *secret != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_credentials_store_async);

  attributes = attributes_new (self, account, kind_to_string (kind));
  label = kind == YB_SECRET_REFRESH_TOKEN
    ? g_strdup_printf (_("Yibao login of %s at %s"), account, self->hall_url)
    : g_strdup_printf (_("Yibao password of %s at %s"), account, self->hall_url);

  secret_password_storev (yb_credentials_get_schema (), attributes, SECRET_COLLECTION_DEFAULT,
                          label, secret, cancellable, on_stored_cb, g_steal_pointer (&task));
}

/**
 * yb_credentials_store_finish:
 * @self: a #YbCredentials
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when stored
 */
gboolean
yb_credentials_store_finish (YbCredentials  *self,
                             GAsyncResult   *result,
                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yb_credentials_store_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

/**
 * yb_credentials_lookup_async:
 * @self: a #YbCredentials
 * @account: the hall account
 * @kind: which secret
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Looks up a remembered secret.
 */
void
yb_credentials_lookup_async (YbCredentials       *self,
                             const char          *account,
                             YbSecretKind         kind,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (YB_IS_CREDENTIALS (self));
  g_return_if_fail (account != NULL && *account != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_credentials_lookup_async);

  attributes = attributes_new (self, account, kind_to_string (kind));
  secret_password_lookupv (yb_credentials_get_schema (), attributes, cancellable,
                           on_looked_up_cb, g_steal_pointer (&task));
}

/**
 * yb_credentials_lookup_finish:
 * @self: a #YbCredentials
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the secret, to be freed with
 *   secret_password_free(); %NULL without @error when none is stored
 */
char *
yb_credentials_lookup_finish (YbCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yb_credentials_lookup_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_cleared_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, keyring_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * yb_credentials_forget_async:
 * @self: a #YbCredentials
 * @account: the hall account
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Forgets every secret stored for @account at this hall (password and
 * refresh token).
 */
void
yb_credentials_forget_async (YbCredentials       *self,
                             const char          *account,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (YB_IS_CREDENTIALS (self));
  g_return_if_fail (account != NULL && *account != '\0');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_credentials_forget_async);

  attributes = attributes_new (self, account, NULL);
  secret_password_clearv (yb_credentials_get_schema (), attributes, cancellable, on_cleared_cb,
                          g_steal_pointer (&task));
}

/**
 * yb_credentials_forget_finish:
 * @self: a #YbCredentials
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when nothing is stored any more
 */
gboolean
yb_credentials_forget_finish (YbCredentials  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yb_credentials_forget_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
