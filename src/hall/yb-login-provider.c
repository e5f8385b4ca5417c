/* yb-login-provider.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbLoginProvider"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-login.h"
#include "yb-password-login-provider.h"

/* Identities */

struct _YbLoginIdentity
{
  char *id;
  char *label;
  char *credit_code;
  GDateTime *valid_until;
  char *issuer;
};

G_DEFINE_BOXED_TYPE (YbLoginIdentity, yb_login_identity, yb_login_identity_ref,
                     yb_login_identity_unref)

/**
 * yb_login_identity_new:
 * @id: an id unique within the provider (a token and object id, a serial number)
 * @label: what the clerk sees ("杭州示例科技有限公司 (ACME key 1)")
 *
 * Returns: (transfer full): a new identity
 */
YbLoginIdentity *
yb_login_identity_new (const char *id,
                       const char *label)
{
  YbLoginIdentity *identity;

  g_return_val_if_fail (id != NULL, NULL);

  identity = g_atomic_rc_box_new0 (YbLoginIdentity);
  identity->id = g_strdup (id);
  identity->label = g_strdup (label ? label : id);
  return identity;
}

/**
 * yb_login_identity_ref:
 * @identity: a #YbLoginIdentity
 *
 * Returns: (transfer full): @identity
 */
YbLoginIdentity *
yb_login_identity_ref (YbLoginIdentity *identity)
{
  return g_atomic_rc_box_acquire (identity);
}

static void
identity_clear (gpointer data)
{
  YbLoginIdentity *identity = data;

  g_free (identity->id);
  g_free (identity->label);
  g_free (identity->credit_code);
  g_clear_pointer (&identity->valid_until, g_date_time_unref);
  g_free (identity->issuer);
}

/**
 * yb_login_identity_unref:
 * @identity: (transfer full): a #YbLoginIdentity
 */
void
yb_login_identity_unref (YbLoginIdentity *identity)
{
  g_atomic_rc_box_release_full (identity, identity_clear);
}

/**
 * yb_login_identity_get_id:
 * @identity: a #YbLoginIdentity
 *
 * Returns: the identity's id
 */
const char *
yb_login_identity_get_id (YbLoginIdentity *identity)
{
  return identity->id;
}

/**
 * yb_login_identity_get_label:
 * @identity: a #YbLoginIdentity
 *
 * Returns: what the clerk sees
 */
const char *
yb_login_identity_get_label (YbLoginIdentity *identity)
{
  return identity->label;
}

/**
 * yb_login_identity_get_credit_code:
 * @identity: a #YbLoginIdentity
 *
 * Returns: (nullable): the 统一社会信用代码 the identity stands for
 */
const char *
yb_login_identity_get_credit_code (YbLoginIdentity *identity)
{
  return identity->credit_code;
}

/**
 * yb_login_identity_set_credit_code:
 * @identity: a #YbLoginIdentity
 * @credit_code: (nullable): the 统一社会信用代码 in the certificate
 */
void
yb_login_identity_set_credit_code (YbLoginIdentity *identity,
                                   const char      *credit_code)
{
  g_free (identity->credit_code);
  identity->credit_code = g_strdup (credit_code);
}

/**
 * yb_login_identity_get_valid_until:
 * @identity: a #YbLoginIdentity
 *
 * Returns: (transfer none) (nullable): when the certificate expires
 */
GDateTime *
yb_login_identity_get_valid_until (YbLoginIdentity *identity)
{
  return identity->valid_until;
}

/**
 * yb_login_identity_set_valid_until:
 * @identity: a #YbLoginIdentity
 * @valid_until: (nullable): when the certificate expires
 */
void
yb_login_identity_set_valid_until (YbLoginIdentity *identity,
                                   GDateTime       *valid_until)
{
  g_clear_pointer (&identity->valid_until, g_date_time_unref);
  identity->valid_until = valid_until ? g_date_time_ref (valid_until) : NULL;
}

/**
 * yb_login_identity_get_issuer:
 * @identity: a #YbLoginIdentity
 *
 * Returns: (nullable): the name of the certificate's issuer, for the clerk
 */
const char *
yb_login_identity_get_issuer (YbLoginIdentity *identity)
{
  return identity->issuer;
}

/**
 * yb_login_identity_set_issuer:
 * @identity: a #YbLoginIdentity
 * @issuer: (nullable): the name of the certificate authority that issued the
 *   certificate ("浙江省数字安全证书管理有限公司"), shown to the clerk beside
 *   the label. Added compatibly to ABI version 1.
 */
void
yb_login_identity_set_issuer (YbLoginIdentity *identity,
                              const char      *issuer)
{
  g_free (identity->issuer);
  identity->issuer = g_strdup (issuer);
}

/* The context */

struct _YbLoginContext
{
  GObject parent_instance;

  YbHallClient *client;
  char *identity_id;
  char *account;
  char *password;
  char *pin;

  char *challenge_id;
  GBytes *nonce;
  char **algorithms;

  char *certificate_pem;
  GBytes *signature;
  char *algorithm;
};

G_DEFINE_FINAL_TYPE (YbLoginContext, yb_login_context, G_TYPE_OBJECT)

static void
wipe (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

static void
yb_login_context_finalize (GObject *object)
{
  YbLoginContext *self = YB_LOGIN_CONTEXT (object);

  g_clear_object (&self->client);
  g_free (self->identity_id);
  g_free (self->account);
  wipe (&self->password);
  wipe (&self->pin);
  g_free (self->challenge_id);
  g_clear_pointer (&self->nonce, g_bytes_unref);
  g_strfreev (self->algorithms);
  g_free (self->certificate_pem);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_free (self->algorithm);

  G_OBJECT_CLASS (yb_login_context_parent_class)->finalize (object);
}

static void
yb_login_context_class_init (YbLoginContextClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_login_context_finalize;
}

static void
yb_login_context_init (YbLoginContext *self)
{
}

/**
 * yb_login_context_new:
 * @client: the hall client to log in
 * @identity_id: (nullable): the identity chosen, from a provider's list
 *
 * Returns: (transfer full): a new login context
 */
YbLoginContext *
yb_login_context_new (YbHallClient *client,
                      const char   *identity_id)
{
  YbLoginContext *self;

  g_return_val_if_fail (YB_IS_HALL_CLIENT (client), NULL);

  self = g_object_new (YB_TYPE_LOGIN_CONTEXT, NULL);
  self->client = g_object_ref (client);
  self->identity_id = g_strdup (identity_id);
  return self;
}

/**
 * yb_login_context_set_password:
 * @context: a #YbLoginContext
 * @account: the account
 * @password: the password; wiped when the context goes
 *
 * Gives the password provider what the clerk typed or the keyring held.
 */
void
yb_login_context_set_password (YbLoginContext *context,
                               const char     *account,
                               const char     *password)
{
  g_return_if_fail (YB_IS_LOGIN_CONTEXT (context));

  g_free (context->account);
  context->account = g_strdup (account);
  wipe (&context->password);
  context->password = g_strdup (password);
}

/**
 * yb_login_context_get_account:
 * @context: a #YbLoginContext
 *
 * Returns: (nullable): the account for a password login
 */
const char *
yb_login_context_get_account (YbLoginContext *context)
{
  g_return_val_if_fail (YB_IS_LOGIN_CONTEXT (context), NULL);
  return context->account;
}

/**
 * yb_login_context_get_password:
 * @context: a #YbLoginContext
 *
 * Returns: (nullable): the password for a password login
 */
const char *
yb_login_context_get_password (YbLoginContext *context)
{
  g_return_val_if_fail (YB_IS_LOGIN_CONTEXT (context), NULL);
  return context->password;
}

/**
 * yb_login_context_set_pin:
 * @context: a #YbLoginContext
 * @pin: (nullable): the PIN the clerk typed for the chosen identity's token;
 *   wiped when the context goes
 *
 * Gives a certificate provider the PIN. Applications ask for it right before
 * yb_login_run_async() and never store it.
 */
void
yb_login_context_set_pin (YbLoginContext *context,
                          const char     *pin)
{
  g_return_if_fail (YB_IS_LOGIN_CONTEXT (context));

  wipe (&context->pin);
  context->pin = g_strdup (pin);
}

/**
 * yb_login_context_get_pin:
 * @context: a #YbLoginContext
 *
 * The PIN (口令) the clerk typed for the token of the chosen identity, asked
 * by the application before the login runs. A provider passes it to the token
 * once and never keeps, logs or shows it; when it is %NULL and the token needs
 * one, the provider fails with a message asking for it. Added compatibly to
 * ABI version 1: a module using it needs a Yibao that has it.
 *
 * Returns: (nullable): the PIN, or %NULL when none was given
 */
const char *
yb_login_context_get_pin (YbLoginContext *context)
{
  g_return_val_if_fail (YB_IS_LOGIN_CONTEXT (context), NULL);
  return context->pin;
}

/**
 * yb_login_context_get_client:
 * @context: a #YbLoginContext
 *
 * Returns: (transfer none): the hall client being logged in
 */
YbHallClient *
yb_login_context_get_client (YbLoginContext *context)
{
  g_return_val_if_fail (YB_IS_LOGIN_CONTEXT (context), NULL);
  return context->client;
}

/**
 * yb_login_context_get_hall_url:
 * @context: a #YbLoginContext
 *
 * Returns: the address of the hall being logged in to
 */
const char *
yb_login_context_get_hall_url (YbLoginContext *context)
{
  g_return_val_if_fail (YB_IS_LOGIN_CONTEXT (context), NULL);
  return yb_hall_client_get_base_url (context->client);
}

/**
 * yb_login_context_get_identity_id:
 * @context: a #YbLoginContext
 *
 * Returns: (nullable): the id of the identity the clerk chose
 */
const char *
yb_login_context_get_identity_id (YbLoginContext *context)
{
  g_return_val_if_fail (YB_IS_LOGIN_CONTEXT (context), NULL);
  return context->identity_id;
}

/**
 * yb_login_context_get_nonce:
 * @context: a #YbLoginContext
 *
 * Returns: (transfer none) (nullable): the raw nonce bytes to sign
 */
GBytes *
yb_login_context_get_nonce (YbLoginContext *context)
{
  g_return_val_if_fail (YB_IS_LOGIN_CONTEXT (context), NULL);
  return context->nonce;
}

/**
 * yb_login_context_get_algorithms:
 * @context: a #YbLoginContext
 *
 * Returns: (transfer none) (array zero-terminated=1): the signature
 *   algorithms the hall accepts ("rsa-sha256", "ecdsa-sha256")
 */
const char * const *
yb_login_context_get_algorithms (YbLoginContext *context)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (YB_IS_LOGIN_CONTEXT (context), none);
  return context->algorithms ? (const char * const *) context->algorithms : none;
}

/**
 * yb_login_context_set_signature:
 * @context: a #YbLoginContext
 * @certificate_pem: the signer's certificate, PEM
 * @signature: the signature over the raw nonce bytes (SHA-256; PKCS#1 v1.5
 *   for RSA, DER for ECDSA)
 * @algorithm: one of yb_login_context_get_algorithms()
 *
 * A certificate provider's answer to the challenge.
 */
void
yb_login_context_set_signature (YbLoginContext *context,
                                const char     *certificate_pem,
                                GBytes         *signature,
                                const char     *algorithm)
{
  g_return_if_fail (YB_IS_LOGIN_CONTEXT (context));
  g_return_if_fail (certificate_pem != NULL);
  g_return_if_fail (signature != NULL);
  g_return_if_fail (algorithm != NULL);

  g_free (context->certificate_pem);
  context->certificate_pem = g_strdup (certificate_pem);
  g_clear_pointer (&context->signature, g_bytes_unref);
  context->signature = g_bytes_ref (signature);
  g_free (context->algorithm);
  context->algorithm = g_strdup (algorithm);
}

/* The interface */

G_DEFINE_INTERFACE (YbLoginProvider, yb_login_provider, G_TYPE_OBJECT)

static void
yb_login_provider_default_init (YbLoginProviderInterface *iface)
{
}

/**
 * yb_login_provider_get_id:
 * @self: a #YbLoginProvider
 *
 * Returns: the provider's stable id
 */
const char *
yb_login_provider_get_id (YbLoginProvider *self)
{
  g_return_val_if_fail (YB_IS_LOGIN_PROVIDER (self), NULL);
  return YB_LOGIN_PROVIDER_GET_IFACE (self)->get_id (self);
}

/**
 * yb_login_provider_get_display_name:
 * @self: a #YbLoginProvider
 *
 * Returns: the name the clerk sees
 */
const char *
yb_login_provider_get_display_name (YbLoginProvider *self)
{
  YbLoginProviderInterface *iface;

  g_return_val_if_fail (YB_IS_LOGIN_PROVIDER (self), NULL);
  iface = YB_LOGIN_PROVIDER_GET_IFACE (self);
  if (iface->get_display_name == NULL)
    return iface->get_id (self);
  return iface->get_display_name (self);
}

/**
 * yb_login_provider_get_kind:
 * @self: a #YbLoginProvider
 *
 * Returns: what the provider does
 */
YbLoginKind
yb_login_provider_get_kind (YbLoginProvider *self)
{
  YbLoginProviderInterface *iface;

  g_return_val_if_fail (YB_IS_LOGIN_PROVIDER (self), YB_LOGIN_KIND_CERTIFICATE);
  iface = YB_LOGIN_PROVIDER_GET_IFACE (self);
  if (iface->get_kind == NULL)
    return YB_LOGIN_KIND_CERTIFICATE;
  return iface->get_kind (self);
}

/**
 * yb_login_provider_list_identities_async:
 * @self: a #YbLoginProvider
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Finds the identities the provider can log in with now.
 */
void
yb_login_provider_list_identities_async (YbLoginProvider     *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (YB_IS_LOGIN_PROVIDER (self));
  YB_LOGIN_PROVIDER_GET_IFACE (self)->list_identities_async (self, cancellable, callback,
                                                             user_data);
}

/**
 * yb_login_provider_list_identities_finish:
 * @self: a #YbLoginProvider
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type YbLoginIdentity): the identities
 */
GPtrArray *
yb_login_provider_list_identities_finish (YbLoginProvider  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (YB_IS_LOGIN_PROVIDER (self), NULL);
  return YB_LOGIN_PROVIDER_GET_IFACE (self)->list_identities_finish (self, result, error);
}

/**
 * yb_login_provider_login_async:
 * @self: a #YbLoginProvider
 * @context: the login context
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Runs the provider's part of a login. Applications call yb_login_run_async(),
 * which fetches the challenge first and sends the answer after.
 */
void
yb_login_provider_login_async (YbLoginProvider     *self,
                               YbLoginContext      *context,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (YB_IS_LOGIN_PROVIDER (self));
  g_return_if_fail (YB_IS_LOGIN_CONTEXT (context));
  YB_LOGIN_PROVIDER_GET_IFACE (self)->login_async (self, context, cancellable, callback,
                                                   user_data);
}

/**
 * yb_login_provider_login_finish:
 * @self: a #YbLoginProvider
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the provider did its part
 */
gboolean
yb_login_provider_login_finish (YbLoginProvider  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (YB_IS_LOGIN_PROVIDER (self), FALSE);
  return YB_LOGIN_PROVIDER_GET_IFACE (self)->login_finish (self, result, error);
}

/* Registration and loading */

static GIOExtensionPoint *
ensure_extension_point (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GIOExtensionPoint *point;

      point = g_io_extension_point_register (YB_LOGIN_PROVIDER_EXTENSION_POINT_NAME);
      g_io_extension_point_set_required_type (point, YB_TYPE_LOGIN_PROVIDER);
      g_io_extension_point_implement (YB_LOGIN_PROVIDER_EXTENSION_POINT_NAME,
                                      YB_TYPE_PASSWORD_LOGIN_PROVIDER, "password", 1000);
      g_once_init_leave (&done, 1);
    }
  return g_io_extension_point_lookup (YB_LOGIN_PROVIDER_EXTENSION_POINT_NAME);
}

/**
 * yb_login_provider_register:
 * @type: a #GType implementing #YbLoginProvider
 * @name: the extension's name
 * @priority: higher comes first
 * @abi_version: the ABI version the module was built against; use
 *   YB_LOGIN_PROVIDER_REGISTER(), which passes it
 *
 * Registers a login provider at the extension point.
 *
 * Returns: %TRUE when registered; %FALSE (with a warning) for another ABI
 *   version or a type that is not a provider
 */
gboolean
yb_login_provider_register (GType       type,
                            const char *name,
                            int         priority,
                            guint       abi_version)
{
  g_return_val_if_fail (name != NULL, FALSE);

  if (abi_version != YB_LOGIN_PROVIDER_ABI_VERSION)
    {
      g_warning ("Login module “%s” was built for login-provider ABI %u, this Yibao has %u; "
                 "it is not used", name, abi_version, YB_LOGIN_PROVIDER_ABI_VERSION);
      return FALSE;
    }
  if (!g_type_is_a (type, YB_TYPE_LOGIN_PROVIDER))
    {
      g_warning ("Login module “%s” registers %s, which is not a YbLoginProvider", name,
                 g_type_name (type));
      return FALSE;
    }

  ensure_extension_point ();
  g_io_extension_point_implement (YB_LOGIN_PROVIDER_EXTENSION_POINT_NAME, type, name, priority);
  return TRUE;
}

static void
scan (const char     *dir,
      GIOModuleScope *scope)
{
  if (dir == NULL || *dir == '\0' || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    return;
  g_debug ("Looking for login modules in %s", dir);
  g_io_modules_scan_all_in_directory_with_scope (dir, scope);
}

/**
 * yb_login_providers_load:
 *
 * Loads the login modules once: from the directories in `YIBAO_PLUGIN_PATH`
 * (colon-separated), then `$XDG_DATA_HOME/yibao/plugins`, then the installed
 * plugin directory. A module name found earlier hides the same name later.
 */
void
yb_login_providers_load (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      GIOModuleScope *scope = g_io_module_scope_new (G_IO_MODULE_SCOPE_BLOCK_DUPLICATES);
      const char *path = g_getenv ("YIBAO_PLUGIN_PATH");
      g_autofree char *user_dir = g_build_filename (g_get_user_data_dir (), "yibao", "plugins",
                                                    NULL);

      ensure_extension_point ();
      if (path != NULL)
        {
          g_auto(GStrv) dirs = g_strsplit (path, G_SEARCHPATH_SEPARATOR_S, 0);

          for (guint i = 0; dirs[i] != NULL; i++)
            scan (dirs[i], scope);
        }
      scan (user_dir, scope);
      scan (PLUGINDIR, scope);
      g_io_module_scope_free (scope);
      g_once_init_leave (&done, 1);
    }
}

/**
 * yb_login_providers_list:
 *
 * Loads the modules if needed and lists the providers, the highest priority
 * first (the built-in password login leads).
 *
 * Returns: (transfer full) (element-type YbLoginProvider): the providers
 */
GList *
yb_login_providers_list (void)
{
  static GHashTable *instances;
  GList *providers = NULL;

  yb_login_providers_load ();
  if (instances == NULL)
    instances = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);

  for (GList *l = g_io_extension_point_get_extensions (ensure_extension_point ()); l != NULL;
       l = l->next)
    {
      GType type = g_io_extension_get_type (l->data);
      YbLoginProvider *provider = g_hash_table_lookup (instances, GSIZE_TO_POINTER (type));

      if (provider == NULL)
        {
          provider = g_object_new (type, NULL);
          g_hash_table_insert (instances, GSIZE_TO_POINTER (type), provider);
        }
      providers = g_list_prepend (providers, g_object_ref (provider));
    }

  return g_list_reverse (providers);
}

/**
 * yb_login_providers_find:
 * @id: a provider id
 *
 * Returns: (transfer full) (nullable): the provider with @id
 */
YbLoginProvider *
yb_login_providers_find (const char *id)
{
  GList *providers = yb_login_providers_list ();
  YbLoginProvider *found = NULL;

  for (GList *l = providers; l != NULL; l = l->next)
    if (found == NULL && g_strcmp0 (yb_login_provider_get_id (l->data), id) == 0)
      found = g_object_ref (l->data);

  g_list_free_full (providers, g_object_unref);
  return found;
}

/* Running a login */

static void
on_certificate_login_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!yb_hall_client_login_certificate_finish (YB_HALL_CLIENT (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_provider_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YbLoginContext *context = g_task_get_task_data (task);
  GError *error = NULL;

  if (!yb_login_provider_login_finish (YB_LOGIN_PROVIDER (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (yb_login_provider_get_kind (YB_LOGIN_PROVIDER (object)) == YB_LOGIN_KIND_PASSWORD)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (context->signature == NULL)
    {
      g_task_return_new_error (task, YB_HALL_ERROR, YB_HALL_ERROR_CHALLENGE_FAILED,
                               _("The login module “%s” did not sign the hall's challenge."),
                               yb_login_provider_get_display_name (YB_LOGIN_PROVIDER (object)));
      return;
    }

  yb_hall_client_login_certificate_async (context->client, context->challenge_id,
                                          context->certificate_pem, context->signature,
                                          context->algorithm, g_task_get_cancellable (task),
                                          on_certificate_login_cb, g_object_ref (task));
}

static void
on_challenge_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(YbHallChallenge) challenge = NULL;
  YbLoginContext *context = g_task_get_task_data (task);
  YbLoginProvider *provider = g_object_get_data (G_OBJECT (task), "provider");
  GError *error = NULL;

  challenge = yb_hall_client_request_challenge_finish (YB_HALL_CLIENT (object), result, &error);
  if (challenge == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_free (context->challenge_id);
  context->challenge_id = g_strdup (challenge->challenge_id);
  g_clear_pointer (&context->nonce, g_bytes_unref);
  context->nonce = g_bytes_ref (challenge->nonce);
  g_strfreev (context->algorithms);
  context->algorithms = g_strdupv (challenge->algorithms);

  yb_login_provider_login_async (provider, context, g_task_get_cancellable (task),
                                 on_provider_done_cb, g_object_ref (task));
}

/**
 * yb_login_run_async:
 * @provider: the provider the clerk chose
 * @context: a context from yb_login_context_new() (with the password for
 *   the password provider)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Logs the context's hall client in with @provider. For a certificate
 * provider: asks the hall for a challenge, lets the provider sign it, and
 * sends the certificate and signature.
 */
void
yb_login_run_async (YbLoginProvider     *provider,
                    YbLoginContext      *context,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (YB_IS_LOGIN_PROVIDER (provider));
  g_return_if_fail (YB_IS_LOGIN_CONTEXT (context));

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_login_run_async);
  g_task_set_task_data (task, g_object_ref (context), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "provider", g_object_ref (provider), g_object_unref);

  if (yb_login_provider_get_kind (provider) == YB_LOGIN_KIND_PASSWORD)
    yb_login_provider_login_async (provider, context, cancellable, on_provider_done_cb,
                                   g_steal_pointer (&task));
  else
    yb_hall_client_request_challenge_async (context->client, cancellable, on_challenge_cb,
                                            g_steal_pointer (&task));
}

/**
 * yb_login_run_finish:
 * @provider: the provider
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the hall client is logged in
 */
gboolean
yb_login_run_finish (YbLoginProvider  *provider,
                     GAsyncResult     *result,
                     GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yb_login_run_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
