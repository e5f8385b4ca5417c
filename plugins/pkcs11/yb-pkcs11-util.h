/* yb-pkcs11-util.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificate reading and error messages of the PKCS#11 login module, kept
 * apart from the module so they are tested without a token.
 */
#pragma once

#include <gio/gio.h>
#include <gnutls/x509.h>

G_BEGIN_DECLS

/**
 * YbPkcs11Failure:
 * @YB_PKCS11_FAILURE_NONE: no token-specific cause known
 * @YB_PKCS11_FAILURE_NO_PIN: the token needs a PIN and none was given
 * @YB_PKCS11_FAILURE_WRONG_PIN: the token refused the PIN
 * @YB_PKCS11_FAILURE_LOCKED: the token's user PIN is locked
 * @YB_PKCS11_FAILURE_REMOVED: the token or the key on it is gone
 *
 * What the PIN callback or the token flags revealed about a failure, which
 * refines the GnuTLS error code.
 */
typedef enum
{
  YB_PKCS11_FAILURE_NONE,
  YB_PKCS11_FAILURE_NO_PIN,
  YB_PKCS11_FAILURE_WRONG_PIN,
  YB_PKCS11_FAILURE_LOCKED,
  YB_PKCS11_FAILURE_REMOVED,
} YbPkcs11Failure;

char      *yb_pkcs11_cert_subject_name   (gnutls_x509_crt_t   crt);
char      *yb_pkcs11_cert_issuer_name    (gnutls_x509_crt_t   crt);
char      *yb_pkcs11_cert_credit_code    (gnutls_x509_crt_t   crt);
GDateTime *yb_pkcs11_cert_valid_until    (gnutls_x509_crt_t   crt);
gboolean   yb_pkcs11_cert_is_ca          (gnutls_x509_crt_t   crt);
gboolean   yb_pkcs11_cert_check_validity (gnutls_x509_crt_t   crt,
                                          GDateTime          *now,
                                          GError            **error);
char      *yb_pkcs11_key_url_for_cert    (const char         *cert_url);
char      *yb_pkcs11_token_url_for_cert  (const char         *cert_url);
char      *yb_pkcs11_token_label_of_url  (const char         *url);
void       yb_pkcs11_set_error           (GError            **error,
                                          int                 rc,
                                          YbPkcs11Failure     failure,
                                          unsigned int        pin_flags,
                                          const char         *token_label);

G_END_DECLS
