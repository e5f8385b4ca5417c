/* yb-test-provider.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A login module built out of Yibao's tree the way a certificate vendor's
 * would be: it includes only yibao-login-provider.h and signs the hall's
 * challenge with the key file named in YB_TEST_SIGNER_KEY (PEM), answering
 * with the certificate in YB_TEST_SIGNER_CERT.
 */
#define G_LOG_DOMAIN "YbTestSigner"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>

#include "yibao-login-provider.h"

#define YB_TYPE_TEST_SIGNER (yb_test_signer_get_type ())
G_DECLARE_FINAL_TYPE (YbTestSigner, yb_test_signer, YB, TEST_SIGNER, GObject)

struct _YbTestSigner
{
  GObject parent_instance;
};

static void provider_iface_init (YbLoginProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (YbTestSigner, yb_test_signer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (YB_TYPE_LOGIN_PROVIDER,
                                                      provider_iface_init))

static const char *
get_id (YbLoginProvider *provider)
{
  return "test-signer";
}

static const char *
get_display_name (YbLoginProvider *provider)
{
  return "Test key file";
}

static YbLoginKind
get_kind (YbLoginProvider *provider)
{
  return YB_LOGIN_KIND_CERTIFICATE;
}

static void
list_identities_async (YbLoginProvider     *provider,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  GPtrArray *identities = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                          yb_login_identity_unref);

  if (g_getenv ("YB_TEST_SIGNER_KEY") != NULL)
    {
      YbLoginIdentity *identity = yb_login_identity_new ("env-key", "Test key file");

      yb_login_identity_set_credit_code (identity, g_getenv ("YB_TEST_SIGNER_CREDIT_CODE"));
      g_ptr_array_add (identities, identity);
    }
  g_task_return_pointer (task, identities, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
list_identities_finish (YbLoginProvider  *provider,
                        GAsyncResult     *result,
                        GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GBytes *nonce;
  char *certificate;
  GBytes *signature;
} Signing;

static void
signing_free (gpointer data)
{
  Signing *signing = data;

  g_clear_pointer (&signing->nonce, g_bytes_unref);
  g_free (signing->certificate);
  g_clear_pointer (&signing->signature, g_bytes_unref);
  g_free (signing);
}

/* A token module would talk to the token here, off the main thread. */
static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Signing *signing = task_data;
  g_autofree char *key_pem = NULL;
  gsize key_length = 0;
  gnutls_privkey_t key = NULL;
  gnutls_datum_t key_data;
  gnutls_datum_t nonce;
  gnutls_datum_t signature = { NULL, 0 };
  g_autoptr(GError) error = NULL;
  int rc;

  if (!g_file_get_contents (g_getenv ("YB_TEST_SIGNER_KEY"), &key_pem, &key_length, &error) ||
      !g_file_get_contents (g_getenv ("YB_TEST_SIGNER_CERT"), &signing->certificate, NULL,
                            &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  key_data.data = (unsigned char *) key_pem;
  key_data.size = key_length;
  nonce.data = (unsigned char *) g_bytes_get_data (signing->nonce, NULL);
  nonce.size = g_bytes_get_size (signing->nonce);

  rc = gnutls_privkey_init (&key);
  if (rc >= 0)
    rc = gnutls_privkey_import_x509_raw (key, &key_data, GNUTLS_X509_FMT_PEM, NULL, 0);
  if (rc >= 0)
    rc = gnutls_privkey_sign_data (key, GNUTLS_DIG_SHA256, 0, &nonce, &signature);
  gnutls_privkey_deinit (key);
  if (rc < 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "Signing failed: %s",
                               gnutls_strerror (rc));
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
  Signing *signing = g_new0 (Signing, 1);
  GBytes *nonce = yb_login_context_get_nonce (context);

  g_object_set_data_full (G_OBJECT (task), "context", g_object_ref (context), g_object_unref);
  if (nonce == NULL || g_strcmp0 (yb_login_context_get_identity_id (context), "env-key") != 0)
    {
      signing_free (signing);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No such identity");
      return;
    }
  signing->nonce = g_bytes_ref (nonce);
  g_task_set_task_data (task, signing, signing_free);
  g_task_run_in_thread (task, sign_in_thread);
}

static gboolean
login_finish (YbLoginProvider  *provider,
              GAsyncResult     *result,
              GError          **error)
{
  Signing *signing = g_task_get_task_data (G_TASK (result));
  YbLoginContext *context = g_object_get_data (G_OBJECT (result), "context");

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  yb_login_context_set_signature (context, signing->certificate, signing->signature,
                                  "rsa-sha256");
  return TRUE;
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
yb_test_signer_class_init (YbTestSignerClass *klass)
{
}

static void
yb_test_signer_init (YbTestSigner *self)
{
}

/* The module's entry points, called by GIO. */
G_MODULE_EXPORT void g_io_module_load (GIOModule *module);
G_MODULE_EXPORT void g_io_module_unload (GIOModule *module);
G_MODULE_EXPORT char **g_io_module_query (void);

G_MODULE_EXPORT void
g_io_module_load (GIOModule *module)
{
  /* The type is static: the module must never be unloaded. */
  g_type_module_use (G_TYPE_MODULE (module));
  YB_LOGIN_PROVIDER_REGISTER (YB_TYPE_TEST_SIGNER, "test-signer", 10);
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
