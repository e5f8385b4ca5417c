/* yb-pkcs11-util.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbPkcs11Util"

#include <glib/gi18n-lib.h>
#include <gnutls/gnutls.h>
#include <string.h>

#include "yb-pkcs11-util.h"

#define OID_COMMON_NAME "2.5.4.3"
#define OID_ORGANIZATION "2.5.4.10"

static char *
dn_part (gnutls_x509_crt_t crt,
         gboolean          issuer,
         const char       *oid,
         unsigned int      index)
{
  char buf[1024];
  size_t size = sizeof buf;
  int rc;

  if (issuer)
    rc = gnutls_x509_crt_get_issuer_dn_by_oid (crt, oid, index, 0, buf, &size);
  else
    rc = gnutls_x509_crt_get_dn_by_oid (crt, oid, index, 0, buf, &size);
  if (rc < 0 || size == 0 || !g_utf8_validate (buf, -1, NULL))
    return NULL;
  return g_strdup (buf);
}

static char *
readable_name (gnutls_x509_crt_t crt,
               gboolean          issuer)
{
  gnutls_datum_t dn = { NULL, 0 };
  char *name;
  int rc;

  name = dn_part (crt, issuer, OID_COMMON_NAME, 0);
  if (name == NULL)
    name = dn_part (crt, issuer, OID_ORGANIZATION, 0);
  if (name != NULL)
    return name;

  rc = issuer ? gnutls_x509_crt_get_issuer_dn3 (crt, &dn, 0)
              : gnutls_x509_crt_get_dn3 (crt, &dn, 0);
  if (rc < 0)
    return g_strdup (_("(unnamed)"));
  name = g_strndup ((const char *) dn.data, dn.size);
  gnutls_free (dn.data);
  return name;
}

/**
 * yb_pkcs11_cert_subject_name:
 * @crt: a certificate
 *
 * Returns: (transfer full): the subject's common name (the unit's name on a
 *   legal-person certificate), else its organisation, else the whole DN
 */
char *
yb_pkcs11_cert_subject_name (gnutls_x509_crt_t crt)
{
  return readable_name (crt, FALSE);
}

/**
 * yb_pkcs11_cert_issuer_name:
 * @crt: a certificate
 *
 * Returns: (transfer full): the issuer's common name, else its organisation,
 *   else the whole DN
 */
char *
yb_pkcs11_cert_issuer_name (gnutls_x509_crt_t crt)
{
  return readable_name (crt, TRUE);
}

static gboolean
looks_like_credit_code (const char *text)
{
  /* GB 32100: 18 characters from the code set without I, O, S, V, Z. */
  if (text == NULL || strlen (text) != 18)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && strchr ("ABCDEFGHJKLMNPQRTUWXY", *p) == NULL)
      return FALSE;
  return TRUE;
}

/**
 * yb_pkcs11_cert_credit_code:
 * @crt: a certificate
 *
 * Finds the 统一社会信用代码 in the subject as the halls do: the serialNumber
 * attribute, else an OU, CN or organizationIdentifier holding an
 * 18-character code.
 *
 * Returns: (transfer full) (nullable): the code in upper case
 */
char *
yb_pkcs11_cert_credit_code (gnutls_x509_crt_t crt)
{
  static const char *oids[] = { "2.5.4.5", "2.5.4.11", OID_COMMON_NAME, "2.5.4.97" };

  for (guint i = 0; i < G_N_ELEMENTS (oids); i++)
    for (unsigned int index = 0; index < 4; index++)
      {
        g_autofree char *value = dn_part (crt, FALSE, oids[i], index);
        g_autofree char *upper = NULL;

        if (value == NULL)
          break;
        upper = g_ascii_strup (g_strstrip (value), -1);
        if (looks_like_credit_code (upper))
          return g_steal_pointer (&upper);
      }
  return NULL;
}

/**
 * yb_pkcs11_cert_valid_until:
 * @crt: a certificate
 *
 * Returns: (transfer full) (nullable): the end of the validity, local time
 */
GDateTime *
yb_pkcs11_cert_valid_until (gnutls_x509_crt_t crt)
{
  time_t until = gnutls_x509_crt_get_expiration_time (crt);
  g_autoptr(GDateTime) utc = NULL;

  if (until == (time_t) -1)
    return NULL;
  utc = g_date_time_new_from_unix_utc (until);
  return utc ? g_date_time_to_local (utc) : NULL;
}

/**
 * yb_pkcs11_cert_is_ca:
 * @crt: a certificate
 *
 * Returns: %TRUE for a CA certificate (which cannot log in to a hall)
 */
gboolean
yb_pkcs11_cert_is_ca (gnutls_x509_crt_t crt)
{
  unsigned int critical = 0;

  return gnutls_x509_crt_get_ca_status (crt, &critical) > 0;
}

static char *
format_date (time_t when)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (when);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

/**
 * yb_pkcs11_cert_check_validity:
 * @crt: the certificate the clerk chose
 * @now: the current time
 * @error: return location for a #GError
 *
 * Checks the certificate's own dates before anything is signed with its key.
 *
 * Returns: %TRUE when @now is within the validity; otherwise %FALSE with
 *   %G_IO_ERROR_INVALID_DATA and a message naming the certificate and date
 */
gboolean
yb_pkcs11_cert_check_validity (gnutls_x509_crt_t   crt,
                               GDateTime          *now,
                               GError            **error)
{
  time_t from = gnutls_x509_crt_get_activation_time (crt);
  time_t until = gnutls_x509_crt_get_expiration_time (crt);
  gint64 at = g_date_time_to_unix (now);
  g_autofree char *subject = yb_pkcs11_cert_subject_name (crt);

  if (until != (time_t) -1 && at > until)
    {
      g_autofree char *date = format_date (until);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Certificate: “%s” expired on %s. The hall refuses expired certificates; "
                     "ask the certificate authority to renew it."), subject, date);
      return FALSE;
    }
  if (from != (time_t) -1 && at < from)
    {
      g_autofree char *date = format_date (from);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Certificate: “%s” is valid only from %s. Check the computer’s clock."),
                   subject, date);
      return FALSE;
    }
  return TRUE;
}

static char *
rebuild_url (const char *cert_url,
             gboolean    keep_id,
             const char *type)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GString) url = g_string_new (NULL);
  const char *path;

  g_return_val_if_fail (cert_url != NULL && g_str_has_prefix (cert_url, "pkcs11:"), NULL);

  path = cert_url + strlen ("pkcs11:");
  parts = g_strsplit (path, ";", -1);
  g_string_append (url, "pkcs11:");
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (*parts[i] == '\0' || g_str_has_prefix (parts[i], "object=")
          || g_str_has_prefix (parts[i], "type=")
          || (!keep_id && g_str_has_prefix (parts[i], "id=")))
        continue;
      if (url->len > strlen ("pkcs11:"))
        g_string_append_c (url, ';');
      g_string_append (url, parts[i]);
    }
  if (type != NULL)
    g_string_append_printf (url, ";type=%s", type);
  return g_string_free (g_steal_pointer (&url), FALSE);
}

/**
 * yb_pkcs11_key_url_for_cert:
 * @cert_url: the PKCS#11 URL of a certificate object
 *
 * Returns: (transfer full): the URL of the private key with the same token
 *   and CKA_ID (labels of key and certificate often differ, ids do not)
 */
char *
yb_pkcs11_key_url_for_cert (const char *cert_url)
{
  return rebuild_url (cert_url, TRUE, "private");
}

/**
 * yb_pkcs11_token_url_for_cert:
 * @cert_url: the PKCS#11 URL of a certificate object
 *
 * Returns: (transfer full): the URL of the token holding it
 */
char *
yb_pkcs11_token_url_for_cert (const char *cert_url)
{
  return rebuild_url (cert_url, FALSE, NULL);
}

/**
 * yb_pkcs11_token_label_of_url:
 * @url: a PKCS#11 URL
 *
 * Returns: (transfer full) (nullable): the decoded token= attribute
 */
char *
yb_pkcs11_token_label_of_url (const char *url)
{
  g_auto(GStrv) parts = NULL;

  if (url == NULL || !g_str_has_prefix (url, "pkcs11:"))
    return NULL;
  parts = g_strsplit (url + strlen ("pkcs11:"), ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_has_prefix (parts[i], "token="))
      return g_uri_unescape_string (parts[i] + strlen ("token="), NULL);
  return NULL;
}

/**
 * yb_pkcs11_set_error:
 * @error: return location for a #GError
 * @rc: the GnuTLS error code
 * @failure: what the PIN callback or the token flags found out
 * @pin_flags: the GNUTLS_PIN_* flags the token reported with the last PIN
 *   request
 * @token_label: (nullable): the token's label, for the message
 *
 * Turns a failed token operation into a message for the clerk: a wrong PIN
 * (%G_IO_ERROR_PERMISSION_DENIED), a missing PIN (%G_IO_ERROR_PERMISSION_DENIED),
 * a locked token (%G_IO_ERROR_BUSY), a removed token or key
 * (%G_IO_ERROR_NOT_FOUND), or any other failure (%G_IO_ERROR_FAILED). The PIN
 * is never part of a message.
 */
void
yb_pkcs11_set_error (GError          **error,
                     int               rc,
                     YbPkcs11Failure   failure,
                     unsigned int      pin_flags,
                     const char       *token_label)
{
  const char *token = token_label && *token_label ? token_label : _("the USB key");

  if (failure == YB_PKCS11_FAILURE_NONE)
    {
      if (rc == GNUTLS_E_PKCS11_PIN_LOCKED)
        failure = YB_PKCS11_FAILURE_LOCKED;
      else if (rc == GNUTLS_E_PKCS11_PIN_ERROR)
        failure = YB_PKCS11_FAILURE_WRONG_PIN;
      else if (rc == GNUTLS_E_PKCS11_REQUESTED_OBJECT_NOT_AVAILBLE
               || rc == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE
               || rc == GNUTLS_E_PKCS11_SLOT_ERROR
               || rc == GNUTLS_E_PKCS11_TOKEN_ERROR
               || rc == GNUTLS_E_PKCS11_DEVICE_ERROR
               || rc == GNUTLS_E_PKCS11_SESSION_ERROR)
        failure = YB_PKCS11_FAILURE_REMOVED;
    }

  switch (failure)
    {
    case YB_PKCS11_FAILURE_NO_PIN:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("PIN: enter the PIN of “%s”."), token);
      break;

    case YB_PKCS11_FAILURE_WRONG_PIN:
      if (pin_flags & GNUTLS_PIN_FINAL_TRY)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("PIN: the PIN of “%s” is wrong. One more wrong PIN locks the key."),
                     token);
      else if (pin_flags & GNUTLS_PIN_COUNT_LOW)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("PIN: the PIN of “%s” is wrong. Few tries remain before the key locks."),
                     token);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                     _("PIN: the PIN of “%s” is wrong. Check it and try again."), token);
      break;

    case YB_PKCS11_FAILURE_LOCKED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                   _("“%s” is locked after too many wrong PINs. Unlock it with the certificate "
                     "vendor’s tool (it needs the administrator PIN), then log in again."),
                   token);
      break;

    case YB_PKCS11_FAILURE_REMOVED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” was removed, or the certificate is no longer on it. Plug the key in "
                     "and log in again."), token);
      break;

    case YB_PKCS11_FAILURE_NONE:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("“%s” could not sign the hall’s challenge: %s"), token,
                   gnutls_strerror (rc));
      break;
    }
}
