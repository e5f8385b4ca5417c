/* yb-pkcs11-provider.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The certificate login module: lists the certificates on the PKCS#11 tokens
 * p11-kit knows (plus vendor modules named in the preferences) and signs the
 * hall's challenge with the matching key through GnuTLS. It is built the way
 * a vendor's module is, against yibao-login-provider.h only
 * (docs/login-providers.md).
 */
#define G_LOG_DOMAIN "YbPkcs11Provider"

#include <glib/gi18n-lib.h>
#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <gnutls/pkcs11.h>
#include <string.h>

#include "yibao-login-provider.h"
#include "yb-pkcs11-util.h"

#define SETTINGS_SCHEMA "io.github.yibao.Yibao"
#define SETTINGS_KEY_MODULES "pkcs11-modules"

#define YB_TYPE_PKCS11_PROVIDER (yb_pkcs11_provider_get_type ())
G_DECLARE_FINAL_TYPE (YbPkcs11Provider, yb_pkcs11_provider, YB, PKCS11_PROVIDER, GObject)

struct _YbPkcs11Provider
{
  GObject parent_instance;
};

static void provider_iface_init (YbLoginProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YbPkcs11Provider, yb_pkcs11_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YB_TYPE_LOGIN_PROVIDER,
                                                      provider_iface_init))

/* GnuTLS' PKCS#11 state is per process: set up once, vendor modules added as they appear in
 * the preferences. gnutls_pkcs11_add_provider() is not thread-safe, hence the lock. */
static GMutex pkcs11_lock;
static gboolean pkcs11_ready;
static GHashTable *added_modules;

static char **
read_module_paths (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, SETTINGS_SCHEMA, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, SETTINGS_KEY_MODULES))
    return NULL;
  settings = g_settings_new (SETTINGS_SCHEMA);
  return g_settings_get_strv (settings, SETTINGS_KEY_MODULES);
}

static gboolean
ensure_pkcs11 (const char * const  *module_paths,
               GError             **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pkcs11_lock);

  if (!pkcs11_ready)
    {
      /* AUTO: every module p11-kit registers (softhsm2, opensc, a vendor's .module file). */
      int rc = gnutls_pkcs11_init (GNUTLS_PKCS11_FLAG_AUTO, NULL);

      if (rc < 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       _("The PKCS#11 modules for USB keys could not be loaded: %s"),
                       gnutls_strerror (rc));
          return FALSE;
        }
      added_modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      pkcs11_ready = TRUE;
    }

  for (guint i = 0; module_paths != NULL && module_paths[i] != NULL; i++)
    {
      const char *path = module_paths[i];
      int rc;

      if (*path == '\0' || g_hash_table_contains (added_modules, path))
        continue;
      /* Tried once per run: a module that fails to load fails again. */
      g_hash_table_add (added_modules, g_strdup (path));
      rc = gnutls_pkcs11_add_provider (path, NULL);
      if (rc < 0)
        g_warning ("The PKCS#11 module %s from the preferences could not be loaded: %s", path,
                   gnutls_strerror (rc));
      else
        g_debug ("Added the PKCS#11 module %s", path);
    }
  return TRUE;
}

/* Listing */

static char *
token_info (const char                 *token_url,
            gnutls_pkcs11_token_info_t  what)
{
  char buf[256];
  size_t size = sizeof buf;

  if (gnutls_pkcs11_token_get_info (token_url, what, buf, &size) < 0)
    return NULL;
  return g_strstrip (g_strdup (buf));
}

static void
add_identities_of_token (const char *token_url,
                         GPtrArray  *identities)
{
  g_autofree char *token_label = token_info (token_url, GNUTLS_PKCS11_TOKEN_LABEL);
  gnutls_pkcs11_obj_t *objects = NULL;
  unsigned int n_objects = 0;
  int rc;

  rc = gnutls_pkcs11_obj_list_import_url4 (&objects, &n_objects, token_url,
                                           GNUTLS_PKCS11_OBJ_FLAG_CRT);
  if (rc < 0)
    {
      g_debug ("No certificates listed on %s: %s", token_label, gnutls_strerror (rc));
      return;
    }

  for (unsigned int i = 0; i < n_objects; i++)
    {
      gnutls_x509_crt_t crt = NULL;
      char *cert_url = NULL;

      if (gnutls_x509_crt_init (&crt) >= 0
          && gnutls_x509_crt_import_pkcs11 (crt, objects[i]) >= 0
          && !yb_pkcs11_cert_is_ca (crt)
          && gnutls_pkcs11_obj_export_url (objects[i], GNUTLS_PKCS11_URL_GENERIC,
                                           &cert_url) >= 0)
        {
          g_autofree char *subject = yb_pkcs11_cert_subject_name (crt);
          g_autofree char *issuer = yb_pkcs11_cert_issuer_name (crt);
          g_autofree char *credit_code = yb_pkcs11_cert_credit_code (crt);
          g_autoptr(GDateTime) until = yb_pkcs11_cert_valid_until (crt);
          g_autofree char *label = NULL;
          YbLoginIdentity *identity;

          /* Translators: a certificate's subject and the USB key (token) holding it. */
          label = g_strdup_printf (_("%s (%s)"), subject, token_label ? token_label : "?");
          identity = yb_login_identity_new (cert_url, label);
          yb_login_identity_set_issuer (identity, issuer);
          yb_login_identity_set_credit_code (identity, credit_code);
          yb_login_identity_set_valid_until (identity, until);
          g_ptr_array_add (identities, identity);
        }
      gnutls_free (cert_url);
      if (crt != NULL)
        gnutls_x509_crt_deinit (crt);
      gnutls_pkcs11_obj_deinit (objects[i]);
    }
  gnutls_free (objects);
}

static void
list_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char * const *module_paths = task_data;
  g_autoptr(GPtrArray) identities = NULL;
  GError *error = NULL;

  if (!ensure_pkcs11 (module_paths, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  identities = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_login_identity_unref);
  for (unsigned int seq = 0; !g_cancellable_is_cancelled (cancellable); seq++)
    {
      char *token_url = NULL;
      unsigned int flags = 0;
      int rc = gnutls_pkcs11_token_get_url (seq, GNUTLS_PKCS11_URL_GENERIC, &token_url);

      if (rc < 0)
        break;
      /* p11-kit's trust store holds CA certificates, never a unit's key. */
      if (gnutls_pkcs11_token_get_flags (token_url, &flags) >= 0
          && !(flags & GNUTLS_PKCS11_TOKEN_TRUSTED))
        add_identities_of_token (token_url, identities);
      gnutls_free (token_url);
    }

  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&identities), (GDestroyNotify) g_ptr_array_unref);
}

static void
list_identities_async (YbLoginProvider     *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);

  g_task_set_source_tag (task, list_identities_async);
  g_task_set_task_data (task, read_module_paths (), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, list_in_thread);
}

static GPtrArray *
list_identities_finish (YbLoginProvider  *provider,
                        GAsyncResult     *result,
                        GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Signing */

typedef struct
{
  char **module_paths;
  char *cert_url;
  GBytes *nonce;
  char *pin;
  gboolean accepts_rsa;
  gboolean accepts_ecdsa;

  /* What the PIN callback saw, from the signing thread */
  guint pin_requests;
  unsigned int pin_flags;
  YbPkcs11Failure failure;

  /* The answer */
  char *certificate_pem;
  GBytes *signature;
  const char *algorithm;
} Signing;

static void
signing_free (gpointer data)
{
  Signing *signing = data;

  g_strfreev (signing->module_paths);
  g_free (signing->cert_url);
  g_clear_pointer (&signing->nonce, g_bytes_unref);
  if (signing->pin != NULL)
    {
      memset (signing->pin, 0, strlen (signing->pin));
      g_free (signing->pin);
    }
  g_free (signing->certificate_pem);
  g_clear_pointer (&signing->signature, g_bytes_unref);
  g_free (signing);
}

/* GnuTLS asks again after a refused PIN; answering the same PIN again would count towards the
 * token's lock, so the second request ends the login as a wrong PIN. */
static int
on_pin_requested_cb (void         *user_data,
                     int           attempt,
                     const char   *token_url,
                     const char   *token_label,
                     unsigned int  flags,
                     char         *pin,
                     size_t        pin_max)
{
  Signing *signing = user_data;

  signing->pin_requests++;
  signing->pin_flags = flags;
  if ((flags & GNUTLS_PIN_WRONG) || signing->pin_requests > 1)
    {
      signing->failure = YB_PKCS11_FAILURE_WRONG_PIN;
      return GNUTLS_E_PKCS11_PIN_ERROR;
    }
  if (signing->pin == NULL || *signing->pin == '\0')
    {
      signing->failure = YB_PKCS11_FAILURE_NO_PIN;
      return GNUTLS_E_PKCS11_PIN_ERROR;
    }
  if (strlen (signing->pin) >= pin_max)
    {
      signing->failure = YB_PKCS11_FAILURE_WRONG_PIN;
      return GNUTLS_E_PKCS11_PIN_ERROR;
    }
  memcpy (pin, signing->pin, strlen (signing->pin) + 1);
  return 0;
}

static gboolean
read_certificate (Signing     *signing,
                  const char  *token_label,
                  GError     **error)
{
  gnutls_pkcs11_obj_t object = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t pem = { NULL, 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gboolean ok = FALSE;
  int rc;

  rc = gnutls_pkcs11_obj_init (&object);
  if (rc >= 0)
    rc = gnutls_pkcs11_obj_import_url (object, signing->cert_url, 0);
  if (rc < 0)
    {
      /* Whatever the driver says, a certificate that was listed and is gone was unplugged. */
      yb_pkcs11_set_error (error, rc, YB_PKCS11_FAILURE_REMOVED, 0, token_label);
      goto out;
    }
  rc = gnutls_x509_crt_init (&crt);
  if (rc >= 0)
    rc = gnutls_x509_crt_import_pkcs11 (crt, object);
  if (rc >= 0)
    rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &pem);
  if (rc < 0)
    {
      yb_pkcs11_set_error (error, rc, YB_PKCS11_FAILURE_NONE, 0, token_label);
      goto out;
    }
  /* Before any signing: the hall would refuse it anyway, with a vaguer message. */
  if (!yb_pkcs11_cert_check_validity (crt, now, error))
    goto out;
  signing->certificate_pem = g_strndup ((const char *) pem.data, pem.size);
  ok = TRUE;

out:
  gnutls_free (pem.data);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (object != NULL)
    gnutls_pkcs11_obj_deinit (object);
  return ok;
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Signing *signing = task_data;
  g_autofree char *token_url = yb_pkcs11_token_url_for_cert (signing->cert_url);
  g_autofree char *key_url = yb_pkcs11_key_url_for_cert (signing->cert_url);
  g_autofree char *token_label = yb_pkcs11_token_label_of_url (signing->cert_url);
  gnutls_privkey_t key = NULL;
  gnutls_datum_t nonce;
  gnutls_datum_t signature = { NULL, 0 };
  unsigned int token_flags = 0;
  GError *error = NULL;
  int pk;
  int rc;

  if (!ensure_pkcs11 ((const char * const *) signing->module_paths, &error)
      || !read_certificate (signing, token_label, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  rc = gnutls_pkcs11_token_get_flags (token_url, &token_flags);
  if (rc < 0)
    {
      yb_pkcs11_set_error (&error, rc, YB_PKCS11_FAILURE_REMOVED, 0, token_label);
      g_task_return_error (task, error);
      return;
    }
  if (token_flags & GNUTLS_PKCS11_TOKEN_USER_PIN_LOCKED)
    {
      yb_pkcs11_set_error (&error, GNUTLS_E_PKCS11_PIN_LOCKED, YB_PKCS11_FAILURE_LOCKED, 0,
                           token_label);
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  rc = gnutls_privkey_init (&key);
  if (rc >= 0)
    {
      gnutls_privkey_set_pin_function (key, on_pin_requested_cb, signing);
      rc = gnutls_privkey_import_url (key, key_url, 0);
    }
  if (rc >= 0)
    {
      pk = gnutls_privkey_get_pk_algorithm (key, NULL);
      if (pk == GNUTLS_PK_RSA && signing->accepts_rsa)
        signing->algorithm = "rsa-sha256";
      else if (pk == GNUTLS_PK_ECDSA && signing->accepts_ecdsa)
        signing->algorithm = "ecdsa-sha256";
      else
        {
          gnutls_privkey_deinit (key);
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                   _("Certificate: the key on “%s” uses %s, which the hall "
                                     "does not accept for logging in."),
                                   token_label ? token_label : "?",
                                   gnutls_pk_algorithm_get_name (pk));
          return;
        }
      nonce.data = (unsigned char *) g_bytes_get_data (signing->nonce, NULL);
      nonce.size = g_bytes_get_size (signing->nonce);
      rc = gnutls_privkey_sign_data (key, GNUTLS_DIG_SHA256, 0, &nonce, &signature);
    }
  gnutls_privkey_deinit (key);

  if (rc < 0)
    {
      YbPkcs11Failure failure = signing->failure;

      /* A token that vanished answers with a generic error; ask it whether it is still there. */
      if (failure == YB_PKCS11_FAILURE_NONE
          && gnutls_pkcs11_token_get_flags (token_url, &token_flags) < 0)
        failure = YB_PKCS11_FAILURE_REMOVED;
      else if (failure == YB_PKCS11_FAILURE_NONE
               && (token_flags & GNUTLS_PKCS11_TOKEN_USER_PIN_LOCKED))
        failure = YB_PKCS11_FAILURE_LOCKED;
      else if (rc == GNUTLS_E_PKCS11_REQUESTED_OBJECT_NOT_AVAILBLE
               || rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
        failure = failure == YB_PKCS11_FAILURE_NONE ? YB_PKCS11_FAILURE_REMOVED : failure;
      g_debug ("Signing on %s failed: %s", token_label, gnutls_strerror (rc));
      yb_pkcs11_set_error (&error, rc, failure, signing->pin_flags, token_label);
      g_task_return_error (task, error);
      return;
    }

  signing->signature = g_bytes_new (signature.data, signature.size);
  gnutls_free (signature.data);
  g_task_return_boolean (task, TRUE);
}

static void
login_async (YbLoginProvider     *provider,
             YbLoginContext      *context,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  const char *identity_id = yb_login_context_get_identity_id (context);
  GBytes *nonce = yb_login_context_get_nonce (context);
  const char * const *algorithms = yb_login_context_get_algorithms (context);
  Signing *signing;

  g_task_set_source_tag (task, login_async);
  g_object_set_data_full (G_OBJECT (task), "context", g_object_ref (context), g_object_unref);
  if (identity_id == NULL || !g_str_has_prefix (identity_id, "pkcs11:"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Certificate: choose a certificate on a USB key."));
      return;
    }
  if (nonce == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("The hall sent no challenge to sign."));
      return;
    }

  signing = g_new0 (Signing, 1);
  signing->module_paths = read_module_paths ();
  signing->cert_url = g_strdup (identity_id);
  signing->nonce = g_bytes_ref (nonce);
  signing->pin = g_strdup (yb_login_context_get_pin (context));
  signing->accepts_rsa = g_strv_contains (algorithms, "rsa-sha256");
  signing->accepts_ecdsa = g_strv_contains (algorithms, "ecdsa-sha256");
  g_task_set_task_data (task, signing, signing_free);
  g_task_run_in_thread (task, sign_in_thread);
}

static gboolean
login_finish (YbLoginProvider  *provider,
              GAsyncResult     *result,
              GError          **error)
{
  YbLoginContext *context;
  Signing *signing;

  g_return_val_if_fail (g_task_is_valid (result, provider), FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  context = g_object_get_data (G_OBJECT (result), "context");
  signing = g_task_get_task_data (G_TASK (result));
  yb_login_context_set_signature (context, signing->certificate_pem, signing->signature,
                                  signing->algorithm);
  return TRUE;
}

/* The provider */

static const char *
get_id (YbLoginProvider *provider)
{
  return "pkcs11";
}

static const char *
get_display_name (YbLoginProvider *provider)
{
  return _("Certificate on a USB key");
}

static YbLoginKind
get_kind (YbLoginProvider *provider)
{
  return YB_LOGIN_KIND_CERTIFICATE;
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
yb_pkcs11_provider_class_init (YbPkcs11ProviderClass *klass)
{
}

static void
yb_pkcs11_provider_init (YbPkcs11Provider *self)
{
}

/* The module's entry points, called by GIO */

G_MODULE_EXPORT void g_io_module_load (GIOModule *module);
G_MODULE_EXPORT void g_io_module_unload (GIOModule *module);
G_MODULE_EXPORT char **g_io_module_query (void);

G_MODULE_EXPORT void
g_io_module_load (GIOModule *module)
{
  /* The type is static and GnuTLS keeps PKCS#11 state: never unload. */
  g_type_module_use (G_TYPE_MODULE (module));
  YB_LOGIN_PROVIDER_REGISTER (YB_TYPE_PKCS11_PROVIDER, "pkcs11", 100);
}

G_MODULE_EXPORT void
g_io_module_unload (GIOModule *module)
{
}

G_MODULE_EXPORT char **
g_io_module_query (void)
{
  return g_strsplit (YB_LOGIN_PROVIDER_EXTENSION_POINT_NAME, "!", 0);
}
