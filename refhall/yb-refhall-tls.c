/* yb-refhall-tls.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallTls"

#include "config.h"

#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/crypto.h>
#include <gnutls/x509.h>

#include "yb-refhall.h"

#define CHECK(expr) G_STMT_START { int _rc = (expr); if (_rc < 0) { \
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", #expr, \
                   gnutls_strerror (_rc)); goto out; } } G_STMT_END

static char *
export_crt (gnutls_x509_crt_t crt)
{
  gnutls_datum_t out = { NULL, 0 };
  char *text;

  if (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &out) < 0)
    return NULL;
  text = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return text;
}

static char *
export_key (gnutls_x509_privkey_t key)
{
  gnutls_datum_t out = { NULL, 0 };
  char *text;

  if (gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &out) < 0)
    return NULL;
  text = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return text;
}

static gboolean
load_ca (const char            *cert_path,
         const char            *key_path,
         gnutls_x509_crt_t      crt,
         gnutls_x509_privkey_t  key)
{
  g_autofree char *cert_text = NULL;
  g_autofree char *key_text = NULL;
  gsize cert_len, key_len;
  gnutls_datum_t datum;

  if (!g_file_get_contents (cert_path, &cert_text, &cert_len, NULL)
      || !g_file_get_contents (key_path, &key_text, &key_len, NULL))
    return FALSE;
  datum.data = (unsigned char *) cert_text;
  datum.size = cert_len;
  if (gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM) < 0)
    return FALSE;
  datum.data = (unsigned char *) key_text;
  datum.size = key_len;
  if (gnutls_x509_privkey_import (key, &datum, GNUTLS_X509_FMT_PEM) < 0)
    return FALSE;
  /* A CA close to expiry is replaced rather than served. */
  return gnutls_x509_crt_get_expiration_time (crt) > time (NULL) + 30 * 86400;
}

static void
random_serial (gnutls_x509_crt_t crt)
{
  guint8 serial[16];

  gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial);
  serial[0] &= 0x7f;
  gnutls_x509_crt_set_serial (crt, serial, sizeof serial);
}

/**
 * yb_refhall_tls_generate:
 * @state_dir: a private directory that keeps the CA key between runs
 * @ca_out: where to write the CA certificate (PEM) clients must trust
 * @error: return location for an error
 *
 * Makes (or reuses) a loopback CA and issues a fresh server certificate for
 * localhost and 127.0.0.1 with it.
 *
 * Returns: (transfer full): the server certificate with its key
 */
GTlsCertificate *
yb_refhall_tls_generate (const char *state_dir,
                         const char *ca_out,
                         GError    **error)
{
  g_autofree char *ca_cert_path = g_build_filename (state_dir, "ca.pem", NULL);
  g_autofree char *ca_key_path = g_build_filename (state_dir, "ca-key.pem", NULL);
  gnutls_x509_crt_t ca = NULL, crt = NULL;
  gnutls_x509_privkey_t ca_key = NULL, key = NULL;
  GTlsCertificate *result = NULL;
  g_autofree char *ca_pem = NULL;
  g_autofree char *crt_pem = NULL;
  g_autofree char *key_pem = NULL;
  g_autofree char *bundle = NULL;
  guint8 key_id[64];
  size_t key_id_size = sizeof key_id;
  const guint8 loopback[4] = { 127, 0, 0, 1 };
  time_t now = time (NULL);

  if (g_mkdir_with_parents (state_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", state_dir);
      return NULL;
    }
  CHECK (gnutls_x509_crt_init (&ca));
  CHECK (gnutls_x509_privkey_init (&ca_key));
  if (!load_ca (ca_cert_path, ca_key_path, ca, ca_key))
    {
      gnutls_x509_crt_deinit (ca);
      gnutls_x509_privkey_deinit (ca_key);
      CHECK (gnutls_x509_crt_init (&ca));
      CHECK (gnutls_x509_privkey_init (&ca_key));
      CHECK (gnutls_x509_privkey_generate (ca_key, GNUTLS_PK_ECDSA,
                                           GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0));
      CHECK (gnutls_x509_crt_set_version (ca, 3));
      random_serial (ca);
      CHECK (gnutls_x509_crt_set_activation_time (ca, now - 3600));
      CHECK (gnutls_x509_crt_set_expiration_time (ca, now + 5 * 365 * 86400));
      CHECK (gnutls_x509_crt_set_dn (ca, "CN=Yibao reference hall loopback CA,O=Yibao", NULL));
      CHECK (gnutls_x509_crt_set_key (ca, ca_key));
      CHECK (gnutls_x509_crt_set_basic_constraints (ca, 1, 0));
      CHECK (gnutls_x509_crt_set_key_usage (ca, GNUTLS_KEY_KEY_CERT_SIGN | GNUTLS_KEY_CRL_SIGN));
      CHECK (gnutls_x509_crt_get_key_id (ca, 0, key_id, &key_id_size));
      CHECK (gnutls_x509_crt_set_subject_key_id (ca, key_id, key_id_size));
      CHECK (gnutls_x509_crt_sign2 (ca, ca, ca_key, GNUTLS_DIG_SHA256, 0));
      ca_pem = export_crt (ca);
      key_pem = export_key (ca_key);
      if (ca_pem == NULL || key_pem == NULL
          || !g_file_set_contents_full (ca_key_path, key_pem, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                        0600, error)
          || !g_file_set_contents (ca_cert_path, ca_pem, -1, error))
        goto out;
      g_clear_pointer (&key_pem, g_free);
    }
  else
    ca_pem = export_crt (ca);
  key_id_size = sizeof key_id;
  CHECK (gnutls_x509_crt_get_key_id (ca, 0, key_id, &key_id_size));

  CHECK (gnutls_x509_crt_init (&crt));
  CHECK (gnutls_x509_privkey_init (&key));
  CHECK (gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                       GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0));
  CHECK (gnutls_x509_crt_set_version (crt, 3));
  random_serial (crt);
  CHECK (gnutls_x509_crt_set_activation_time (crt, now - 3600));
  CHECK (gnutls_x509_crt_set_expiration_time (crt, now + 30 * 86400));
  CHECK (gnutls_x509_crt_set_dn (crt, "CN=localhost,O=Yibao reference hall", NULL));
  CHECK (gnutls_x509_crt_set_key (crt, key));
  CHECK (gnutls_x509_crt_set_basic_constraints (crt, 0, -1));
  CHECK (gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE));
  CHECK (gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0));
  CHECK (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_DNSNAME, "localhost", 9,
                                               GNUTLS_FSAN_APPEND));
  CHECK (gnutls_x509_crt_set_subject_alt_name (crt, GNUTLS_SAN_IPADDRESS, loopback, 4,
                                               GNUTLS_FSAN_APPEND));
  CHECK (gnutls_x509_crt_set_authority_key_id (crt, key_id, key_id_size));
  CHECK (gnutls_x509_crt_sign2 (crt, ca, ca_key, GNUTLS_DIG_SHA256, 0));

  crt_pem = export_crt (crt);
  key_pem = export_key (key);
  if (crt_pem == NULL || key_pem == NULL || ca_pem == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot export the certificates");
      goto out;
    }
  if (ca_out != NULL && g_strcmp0 (ca_out, ca_cert_path) != 0
      && !g_file_set_contents (ca_out, ca_pem, -1, error))
    goto out;
  bundle = g_strconcat (crt_pem, key_pem, NULL);
  result = g_tls_certificate_new_from_pem (bundle, -1, error);

out:
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  if (ca != NULL)
    gnutls_x509_crt_deinit (ca);
  if (key != NULL)
    gnutls_x509_privkey_deinit (key);
  if (ca_key != NULL)
    gnutls_x509_privkey_deinit (ca_key);
  return result;
}
