/* test-certlogin.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Certificate login against the real refhall: a CA and unit certificates are
 * made here with GnuTLS, the hall trusts the CA with --trust-ca, and the test
 * signs the hall's nonce as a USB key would.
 */
#define G_LOG_DOMAIN "TestCertLogin"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <glib/gstdio.h>
#include <string.h>

#include "refhall-harness.h"

typedef struct
{
  gnutls_x509_crt_t crt;
  gnutls_x509_privkey_t key;
} Pair;

static void
pair_clear (Pair *pair)
{
  gnutls_x509_crt_deinit (pair->crt);
  gnutls_x509_privkey_deinit (pair->key);
}

static void
make_pair (Pair       *pair,
           Pair       *issuer,
           const char *cn,
           const char *credit_code,
           time_t      not_before,
           time_t      not_after)
{
  guint8 serial[8];

  g_assert_cmpint (gnutls_x509_privkey_init (&pair->key), ==, 0);
  g_assert_cmpint (gnutls_x509_privkey_generate (pair->key, GNUTLS_PK_ECDSA,
                                                 GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1),
                                                 0), ==, 0);
  g_assert_cmpint (gnutls_x509_crt_init (&pair->crt), ==, 0);
  gnutls_x509_crt_set_version (pair->crt, 3);
  gnutls_rnd (GNUTLS_RND_NONCE, serial, sizeof serial);
  serial[0] &= 0x7f;
  gnutls_x509_crt_set_serial (pair->crt, serial, sizeof serial);
  gnutls_x509_crt_set_activation_time (pair->crt, not_before);
  gnutls_x509_crt_set_expiration_time (pair->crt, not_after);
  g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (pair->crt, GNUTLS_OID_X520_COMMON_NAME, 0, cn,
                                                  strlen (cn)), ==, 0);
  if (credit_code != NULL)
    g_assert_cmpint (gnutls_x509_crt_set_dn_by_oid (pair->crt, "2.5.4.5", 0, credit_code,
                                                    strlen (credit_code)), ==, 0);
  gnutls_x509_crt_set_key (pair->crt, pair->key);
  gnutls_x509_crt_set_basic_constraints (pair->crt, issuer == NULL, -1);
  gnutls_x509_crt_set_key_usage (pair->crt, issuer == NULL ? GNUTLS_KEY_KEY_CERT_SIGN
                                                           : GNUTLS_KEY_DIGITAL_SIGNATURE);
  if (issuer == NULL)
    g_assert_cmpint (gnutls_x509_crt_sign2 (pair->crt, pair->crt, pair->key, GNUTLS_DIG_SHA256,
                                            0), ==, 0);
  else
    g_assert_cmpint (gnutls_x509_crt_sign2 (pair->crt, issuer->crt, issuer->key,
                                            GNUTLS_DIG_SHA256, 0), ==, 0);
}

static char *
pem (gnutls_x509_crt_t crt)
{
  gnutls_datum_t out;
  char *text;

  g_assert_cmpint (gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &out), ==, 0);
  text = g_strndup ((const char *) out.data, out.size);
  gnutls_free (out.data);
  return text;
}

static char *
json_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (*p == '\n')
        g_string_append (out, "\\n");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Asks for a challenge and answers it with @pair; signs @tamper instead of
 * the nonce when given. */
static Reply *
login_with (TestHall   *hall,
            Pair       *pair,
            const char *tamper,
            char      **out_challenge_body)
{
  g_autoptr(Reply) challenge = test_hall_json (hall, "POST", "/api/v1/auth/certificate/challenge",
                                               NULL, "{}");
  JsonObject *object = reply_object (challenge);
  gsize nonce_len = 0;
  g_autofree guchar *nonce = g_base64_decode (json_object_get_string_member (object, "nonce"),
                                              &nonce_len);
  gnutls_privkey_t priv;
  gnutls_datum_t data, sig;
  g_autofree char *sig_b64 = NULL;
  g_autofree char *cert = json_escape (pem (pair->crt));
  char *body;
  Reply *reply;

  g_assert_cmpuint (challenge->status, ==, 200);
  g_assert_cmpuint (nonce_len, ==, 32);
  data.data = tamper ? (unsigned char *) tamper : nonce;
  data.size = tamper ? strlen (tamper) : nonce_len;
  g_assert_cmpint (gnutls_privkey_init (&priv), ==, 0);
  g_assert_cmpint (gnutls_privkey_import_x509 (priv, pair->key, 0), ==, 0);
  g_assert_cmpint (gnutls_privkey_sign_data (priv, GNUTLS_DIG_SHA256, 0, &data, &sig), ==, 0);
  sig_b64 = g_base64_encode (sig.data, sig.size);
  gnutls_free (sig.data);
  gnutls_privkey_deinit (priv);
  body = g_strdup_printf ("{\"challenge_id\":\"%s\",\"certificate\":\"%s\",\"signature\":\"%s\","
                          "\"algorithm\":\"ecdsa-sha256\"}",
                          json_object_get_string_member (object, "challenge_id"), cert, sig_b64);
  reply = test_hall_json (hall, "POST", "/api/v1/auth/certificate", NULL, body);
  if (out_challenge_body != NULL)
    *out_challenge_body = body;
  else
    g_free (body);
  return reply;
}

static void
test_certificate_login (void)
{
  g_autofree char *dir = g_dir_make_tmp ("certlogin-XXXXXX", NULL);
  g_autofree char *ca_path = g_build_filename (dir, "trust.pem", NULL);
  g_autofree char *trust_arg = g_strdup_printf ("--trust-ca=%s", ca_path);
  const char *args[] = { "--demo", trust_arg, NULL };
  time_t now = time (NULL);
  Pair ca, other_ca, unit, stranger, expired, rogue;
  TestHall *hall;
  g_autofree char *password_token = NULL;
  g_autofree char *credit_code = NULL;
  g_autofree char *replayed_body = NULL;
  g_autoptr(Reply) units = NULL, ok = NULL, cert_units = NULL, replay = NULL, forged = NULL;
  g_autoptr(Reply) untrusted = NULL, outdated = NULL, unknown_unit = NULL;
  g_autofree char *ca_pem = NULL;
  const char *cert_token;

  make_pair (&ca, NULL, "Test unit CA", NULL, now - 3600, now + 86400);
  make_pair (&other_ca, NULL, "Rogue CA", NULL, now - 3600, now + 86400);
  ca_pem = pem (ca.crt);
  g_assert_true (g_file_set_contents (ca_path, ca_pem, -1, NULL));
  hall = test_hall_start (args);

  password_token = test_hall_login (hall, "demo");
  units = test_hall_json (hall, "GET", "/api/v1/units", password_token, NULL);
  credit_code = g_strdup (json_object_get_string_member (
                            json_array_get_object_element (
                              json_object_get_array_member (reply_object (units), "units"), 0),
                            "credit_code"));
  make_pair (&unit, &ca, "杭州示例科技有限公司", credit_code, now - 3600, now + 86400);
  make_pair (&stranger, &ca, "别的公司", "91350100M000100Y43", now - 3600, now + 86400);
  make_pair (&expired, &ca, "杭州示例科技有限公司", credit_code, now - 7200, now - 3600);
  make_pair (&rogue, &other_ca, "杭州示例科技有限公司", credit_code, now - 3600, now + 86400);

  ok = login_with (hall, &unit, NULL, &replayed_body);
  g_assert_cmpuint (ok->status, ==, 200);
  cert_token = json_object_get_string_member (reply_object (ok), "access_token");
  g_assert_nonnull (cert_token);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (reply_object (ok), "account"),
                                   "cert:"));
  cert_units = test_hall_json (hall, "GET", "/api/v1/units", cert_token, NULL);
  g_assert_cmpuint (cert_units->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reply_object (cert_units),
                                                                         "units")), ==, 2);

  /* A challenge is good for one login only. */
  replay = test_hall_json (hall, "POST", "/api/v1/auth/certificate", NULL, replayed_body);
  g_assert_cmpuint (replay->status, ==, 401);
  g_assert_cmpstr (reply_error_code (replay), ==, "CHALLENGE_FAILED");

  forged = login_with (hall, &unit, "not the nonce", NULL);
  g_assert_cmpuint (forged->status, ==, 401);
  g_assert_cmpstr (reply_error_code (forged), ==, "CHALLENGE_FAILED");
  untrusted = login_with (hall, &rogue, NULL, NULL);
  g_assert_cmpuint (untrusted->status, ==, 401);
  g_assert_cmpstr (reply_error_code (untrusted), ==, "CHALLENGE_FAILED");
  outdated = login_with (hall, &expired, NULL, NULL);
  g_assert_cmpuint (outdated->status, ==, 401);
  g_assert_nonnull (strstr (json_object_get_string_member (
                              json_object_get_object_member (reply_object (outdated), "error"),
                              "message"), "expired"));
  unknown_unit = login_with (hall, &stranger, NULL, NULL);
  g_assert_cmpuint (unknown_unit->status, ==, 403);
  g_assert_cmpstr (reply_error_code (unknown_unit), ==, "FORBIDDEN");

  test_hall_stop (hall);
  pair_clear (&ca);
  pair_clear (&other_ca);
  pair_clear (&unit);
  pair_clear (&stranger);
  pair_clear (&expired);
  pair_clear (&rogue);
  g_remove (ca_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/refhall/auth/certificate-login", test_certificate_login);
  return g_test_run ();
}
