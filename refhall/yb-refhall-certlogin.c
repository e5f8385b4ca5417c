/* yb-refhall-certlogin.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallCertLogin"

#include "config.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "yb-credit-code.h"
#include "yb-refhall.h"

#define CHALLENGE_SECONDS 300
#define NONCE_BYTES 32

static void
handle_challenge (YbRefhall         *hall,
                  SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = NULL;
  g_autofree char *nonce_text = NULL;
  g_autofree char *expires = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonNode) root = NULL;
  guint8 nonce[NONCE_BYTES];
  gint64 now = yb_refhall_real_now ();
  sqlite3_stmt *stmt;

  if (body->length > 0)
    {
      static const char * const allowed[] = { NULL };

      if (yb_refhall_read_object (msg, allowed, &root) == NULL)
        return;
    }
  if (hall->trust_ca_file == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, "CERT_LOGIN_UNAVAILABLE",
                             "This hall has no trust CA for certificate login; "
                             "use account and password.");
      return;
    }
  gnutls_rnd (GNUTLS_RND_NONCE, nonce, sizeof nonce);
  id = g_strconcat ("c-", yb_refhall_random_token (12), NULL);
  nonce_text = g_base64_encode (nonce, sizeof nonce);
  expires = yb_refhall_format_unix (now + CHALLENGE_SECONDS);
  stmt = yb_refhall_db_prepare (hall, "INSERT INTO challenges (id, nonce, expires_at) "
                                      "VALUES (?, ?, ?)");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, nonce, sizeof nonce, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, now + CHALLENGE_SECONDS);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  json_builder_begin_object (builder);
  yb_refhall_builder_add_string (builder, "challenge_id", id);
  yb_refhall_builder_add_string (builder, "nonce", nonce_text);
  yb_refhall_builder_add_string (builder, "expires_at", expires);
  json_builder_set_member_name (builder, "algorithms");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "rsa-sha256");
  json_builder_add_string_value (builder, "ecdsa-sha256");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static GBytes *
take_challenge (YbRefhall  *hall,
                const char *id)
{
  sqlite3_stmt *stmt;
  GBytes *nonce = NULL;

  stmt = yb_refhall_db_prepare (hall, "DELETE FROM challenges WHERE id = ? "
                                      "RETURNING nonce, expires_at");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 1) > yb_refhall_real_now ())
    nonce = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_finalize (stmt);
  return nonce;
}

static char *
credit_code_from_subject (gnutls_x509_crt_t crt)
{
  static const char *oids[] = { "2.5.4.5", "2.5.4.11", "2.5.4.3", "2.5.4.97" };

  for (guint i = 0; i < G_N_ELEMENTS (oids); i++)
    for (unsigned int index = 0; index < 4; index++)
      {
        char buf[256];
        size_t size = sizeof buf;
        g_autofree char *normalized = NULL;
        g_autoptr(YbFinding) finding = NULL;

        if (gnutls_x509_crt_get_dn_by_oid (crt, oids[i], index, 0, buf, &size) < 0)
          break;
        finding = yb_credit_code_check (buf, "credit_code", &normalized);
        if ((finding == NULL || !yb_finding_is_error (finding)) && normalized != NULL)
          return g_steal_pointer (&normalized);
      }
  return NULL;
}

static const char *
verify (YbRefhall  *hall,
        GBytes     *nonce,
        const char *pem,
        const char *signature_b64,
        const char *algorithm,
        char      **out_credit_code)
{
  gnutls_x509_crt_t crt = NULL;
  gnutls_x509_trust_list_t list = NULL;
  gnutls_pubkey_t pubkey = NULL;
  gnutls_datum_t datum;
  gnutls_datum_t data;
  gnutls_datum_t signature;
  g_autofree guchar *sig = NULL;
  gsize sig_len = 0;
  unsigned int status = 0;
  gnutls_sign_algorithm_t sign_algo;
  const char *problem = NULL;
  gsize nonce_len;

  if (g_strcmp0 (algorithm, "rsa-sha256") == 0)
    sign_algo = GNUTLS_SIGN_RSA_SHA256;
  else if (g_strcmp0 (algorithm, "ecdsa-sha256") == 0)
    sign_algo = GNUTLS_SIGN_ECDSA_SHA256;
  else
    return "The algorithm must be rsa-sha256 or ecdsa-sha256.";

  datum.data = (unsigned char *) pem;
  datum.size = strlen (pem);
  if (gnutls_x509_crt_init (&crt) < 0
      || gnutls_x509_crt_import (crt, &datum, GNUTLS_X509_FMT_PEM) < 0)
    {
      problem = "The certificate is not a PEM X.509 certificate.";
      goto out;
    }
  if (gnutls_x509_trust_list_init (&list, 0) < 0
      || gnutls_x509_trust_list_add_trust_file (list, hall->trust_ca_file, NULL,
                                                GNUTLS_X509_FMT_PEM, 0, 0) <= 0)
    {
      problem = "The hall cannot read its trust CA.";
      goto out;
    }
  if (gnutls_x509_trust_list_verify_crt (list, &crt, 1, 0, &status, NULL) < 0 || status != 0)
    {
      problem = (status & (GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED))
                ? "The certificate is expired or not yet valid."
                : "The certificate is not issued by a CA this hall trusts.";
      goto out;
    }
  sig = g_base64_decode (signature_b64, &sig_len);
  data.data = (unsigned char *) g_bytes_get_data (nonce, &nonce_len);
  data.size = nonce_len;
  signature.data = sig;
  signature.size = sig_len;
  if (sig_len == 0 || gnutls_pubkey_init (&pubkey) < 0
      || gnutls_pubkey_import_x509 (pubkey, crt, 0) < 0
      || gnutls_pubkey_verify_data2 (pubkey, sign_algo, 0, &data, &signature) < 0)
    {
      problem = "The signature does not verify with the certificate's key.";
      goto out;
    }
  *out_credit_code = credit_code_from_subject (crt);
  if (*out_credit_code == NULL)
    problem = "The certificate's subject holds no 统一社会信用代码.";

out:
  if (pubkey != NULL)
    gnutls_pubkey_deinit (pubkey);
  if (list != NULL)
    gnutls_x509_trust_list_deinit (list, 1);
  if (crt != NULL)
    gnutls_x509_crt_deinit (crt);
  return problem;
}

static void
handle_verify (YbRefhall         *hall,
               SoupServerMessage *msg)
{
  static const char * const allowed[] = {
    "challenge_id", "certificate", "signature", "algorithm", NULL
  };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) nonce = NULL;
  g_autofree char *credit_code = NULL;
  g_autofree char *account = NULL;
  JsonObject *object;
  const char *challenge_id, *certificate, *signature, *algorithm;
  const char *problem;

  if (hall->trust_ca_file == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, "CERT_LOGIN_UNAVAILABLE",
                             "This hall has no trust CA for certificate login; "
                             "use account and password.");
      return;
    }
  object = yb_refhall_read_object (msg, allowed, &root);
  if (object == NULL
      || !yb_refhall_get_string (msg, object, "challenge_id", TRUE, &challenge_id)
      || !yb_refhall_get_string (msg, object, "certificate", TRUE, &certificate)
      || !yb_refhall_get_string (msg, object, "signature", TRUE, &signature)
      || !yb_refhall_get_string (msg, object, "algorithm", TRUE, &algorithm))
    return;
  nonce = take_challenge (hall, challenge_id);
  if (nonce == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_UNAUTHORIZED, "CHALLENGE_FAILED",
                             "The challenge is unknown, used or expired; ask for a new one.");
      return;
    }
  problem = verify (hall, nonce, certificate, signature, algorithm, &credit_code);
  if (problem != NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_UNAUTHORIZED, "CHALLENGE_FAILED", problem);
      return;
    }
  if (yb_refhall_db_count (hall, "SELECT count(*) FROM units WHERE credit_code = ?",
                           credit_code) <= 0)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_FORBIDDEN, "FORBIDDEN",
                             "No unit of this hall holds the certificate's credit code.");
      return;
    }
  account = g_strconcat ("cert:", credit_code, NULL);
  yb_refhall_issue_tokens (hall, msg, account, credit_code);
}

/**
 * yb_refhall_handle_cert_login:
 * @hall: the hall
 * @msg: the message
 * @step: "challenge" or "verify"
 *
 * Serves certificate login: a nonce, then its signature with the unit's key.
 */
void
yb_refhall_handle_cert_login (YbRefhall         *hall,
                              SoupServerMessage *msg,
                              const char        *step)
{
  if (g_str_equal (step, "challenge"))
    handle_challenge (hall, msg);
  else
    handle_verify (hall, msg);
}
