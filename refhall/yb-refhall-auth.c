/* yb-refhall-auth.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallAuth"

#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "yb-refhall.h"

#define PBKDF2_ITERATIONS 20000
#define HASH_LENGTH 32

static gboolean
derive (const char   *password,
        const guint8 *salt,
        gsize         salt_length,
        guint         iterations,
        guint8       *out_hash)
{
  gnutls_datum_t key = { (unsigned char *) password, (unsigned int) strlen (password) };
  gnutls_datum_t salt_datum = { (unsigned char *) salt, (unsigned int) salt_length };

  return gnutls_pbkdf2 (GNUTLS_MAC_SHA256, &key, &salt_datum, iterations, out_hash,
                        HASH_LENGTH) == 0;
}

/**
 * yb_refhall_auth_set_password:
 * @hall: the hall
 * @account: the account name
 * @password: the password (stored only as a salted PBKDF2-SHA256 hash)
 * @credit_code: the 统一社会信用代码 the account acts for
 * @error: return location for an error
 *
 * Creates or replaces an account.
 *
 * Returns: %TRUE on success
 */
gboolean
yb_refhall_auth_set_password (YbRefhall  *hall,
                              const char *account,
                              const char *password,
                              const char *credit_code,
                              GError    **error)
{
  guint8 salt[16];
  guint8 hash[HASH_LENGTH];
  sqlite3_stmt *stmt;
  int rc;

  if (gnutls_rnd (GNUTLS_RND_NONCE, salt, sizeof salt) != 0
      || !derive (password, salt, sizeof salt, PBKDF2_ITERATIONS, hash))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot hash the password");
      return FALSE;
    }
  stmt = yb_refhall_db_prepare (hall,
                                "INSERT OR REPLACE INTO accounts "
                                "(account, salt, hash, iterations, credit_code) "
                                "VALUES (?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, salt, sizeof salt, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, hash, sizeof hash, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, PBKDF2_ITERATIONS);
  sqlite3_bind_text (stmt, 5, credit_code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot store the account: %s",
                   sqlite3_errmsg (hall->db));
      return FALSE;
    }
  return TRUE;
}

static char *
check_password (YbRefhall  *hall,
                const char *account,
                const char *password)
{
  sqlite3_stmt *stmt;
  char *credit_code = NULL;
  guint8 hash[HASH_LENGTH];

  stmt = yb_refhall_db_prepare (hall, "SELECT salt, hash, iterations, credit_code "
                                      "FROM accounts WHERE account = ?");
  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW
      && sqlite3_column_bytes (stmt, 1) == HASH_LENGTH
      && derive (password, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                 sqlite3_column_int (stmt, 2), hash)
      && gnutls_memcmp (hash, sqlite3_column_blob (stmt, 1), HASH_LENGTH) == 0)
    credit_code = yb_refhall_db_column_dup (stmt, 3);
  sqlite3_finalize (stmt);
  return credit_code;
}

static void
store_token (YbRefhall  *hall,
             const char *hash,
             const char *kind,
             const char *account,
             const char *credit_code,
             gint64      expires_at,
             const char *partner)
{
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall,
                                "INSERT INTO tokens (token_hash, kind, account, credit_code, "
                                "expires_at, partner) VALUES (?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, credit_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, expires_at);
  sqlite3_bind_text (stmt, 6, partner, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static void
delete_tokens (YbRefhall  *hall,
               const char *hash)
{
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall, "DELETE FROM tokens WHERE token_hash = ?1 "
                                      "OR partner = ?1 OR token_hash = (SELECT partner FROM "
                                      "tokens WHERE token_hash = ?1)");
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
}

static void
send_tokens (YbRefhall         *hall,
             SoupServerMessage *msg,
             const char        *account,
             const char        *credit_code)
{
  g_autofree char *access = yb_refhall_random_token (32);
  g_autofree char *refresh = yb_refhall_random_token (32);
  g_autofree char *access_hash = yb_refhall_sha256_hex (access);
  g_autofree char *refresh_hash = yb_refhall_sha256_hex (refresh);
  gint64 now = yb_refhall_real_now ();
  g_autofree char *expires_text = yb_refhall_format_unix (now + hall->token_ttl);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;

  /* Forget long-dead tokens now and then so the table stays small. */
  stmt = yb_refhall_db_prepare (hall, "DELETE FROM tokens WHERE expires_at < ?");
  sqlite3_bind_int64 (stmt, 1, now - 86400);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  store_token (hall, access_hash, "access", account, credit_code, now + hall->token_ttl,
               refresh_hash);
  store_token (hall, refresh_hash, "refresh", account, credit_code, now + hall->refresh_ttl,
               access_hash);

  json_builder_begin_object (builder);
  yb_refhall_builder_add_string (builder, "access_token", access);
  yb_refhall_builder_add_string (builder, "token_type", "Bearer");
  json_builder_set_member_name (builder, "expires_in");
  json_builder_add_int_value (builder, hall->token_ttl);
  yb_refhall_builder_add_string (builder, "expires_at", expires_text);
  yb_refhall_builder_add_string (builder, "refresh_token", refresh);
  yb_refhall_builder_add_string (builder, "account", account);
  yb_refhall_builder_add_string (builder, "credit_code", credit_code);
  json_builder_end_object (builder);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static void
handle_password (YbRefhall         *hall,
                 SoupServerMessage *msg)
{
  static const char * const allowed[] = { "account", "password", NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = yb_refhall_read_object (msg, allowed, &root);
  const char *account, *password;
  g_autofree char *credit_code = NULL;

  if (object == NULL
      || !yb_refhall_get_string (msg, object, "account", TRUE, &account)
      || !yb_refhall_get_string (msg, object, "password", TRUE, &password))
    return;
  credit_code = check_password (hall, account, password);
  if (credit_code == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_UNAUTHORIZED, "BAD_CREDENTIALS",
                             "The account or the password is wrong.");
      return;
    }
  send_tokens (hall, msg, account, credit_code);
}

static void
handle_refresh (YbRefhall         *hall,
                SoupServerMessage *msg)
{
  static const char * const allowed[] = { "refresh_token", NULL };
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object = yb_refhall_read_object (msg, allowed, &root);
  const char *token;
  g_autofree char *hash = NULL;
  g_autofree char *account = NULL;
  g_autofree char *credit_code = NULL;
  sqlite3_stmt *stmt;

  if (object == NULL || !yb_refhall_get_string (msg, object, "refresh_token", TRUE, &token))
    return;
  hash = yb_refhall_sha256_hex (token);
  stmt = yb_refhall_db_prepare (hall, "SELECT account, credit_code FROM tokens "
                                      "WHERE token_hash = ? AND kind = 'refresh' "
                                      "AND expires_at > ?");
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, yb_refhall_real_now ());
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      account = yb_refhall_db_column_dup (stmt, 0);
      credit_code = yb_refhall_db_column_dup (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (account == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_UNAUTHORIZED, "BAD_CREDENTIALS",
                             "The refresh token is unknown, used or expired; log in again.");
      return;
    }
  delete_tokens (hall, hash);
  send_tokens (hall, msg, account, credit_code);
}

static const char *
bearer (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Authorization");

  if (header == NULL || g_ascii_strncasecmp (header, "Bearer ", 7) != 0)
    return NULL;
  return header + 7;
}

/**
 * yb_refhall_auth_caller:
 * @hall: the hall
 * @msg: the message, answered with 401 on failure
 * @out_caller: (out caller-allocates): who is calling
 *
 * Returns: %TRUE if the bearer token is valid and unexpired
 */
gboolean
yb_refhall_auth_caller (YbRefhall         *hall,
                        SoupServerMessage *msg,
                        YbRefhallCaller   *out_caller)
{
  const char *token = bearer (msg);
  g_autofree char *hash = NULL;
  sqlite3_stmt *stmt;
  gint64 expires_at = 0;

  memset (out_caller, 0, sizeof *out_caller);
  if (token != NULL)
    {
      hash = yb_refhall_sha256_hex (token);
      stmt = yb_refhall_db_prepare (hall, "SELECT account, credit_code, expires_at FROM tokens "
                                          "WHERE token_hash = ? AND kind = 'access'");
      sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          out_caller->account = yb_refhall_db_column_dup (stmt, 0);
          out_caller->credit_code = yb_refhall_db_column_dup (stmt, 1);
          expires_at = sqlite3_column_int64 (stmt, 2);
        }
      sqlite3_finalize (stmt);
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "WWW-Authenticate", "Bearer");
  if (out_caller->account == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHENTICATED",
                             "Log in first: the request has no valid access token.");
      return FALSE;
    }
  /* Whole seconds: a token lives at least its lifetime, at most a second more. */
  if (expires_at < yb_refhall_real_now ())
    {
      yb_refhall_caller_clear (out_caller);
      yb_refhall_send_error (msg, SOUP_STATUS_UNAUTHORIZED, "TOKEN_EXPIRED",
                             "The access token has expired; refresh it or log in again.");
      return FALSE;
    }
  soup_message_headers_remove (soup_server_message_get_response_headers (msg),
                               "WWW-Authenticate");
  return TRUE;
}

/**
 * yb_refhall_caller_clear:
 * @caller: a caller
 *
 * Frees the caller's strings.
 */
void
yb_refhall_caller_clear (YbRefhallCaller *caller)
{
  g_clear_pointer (&caller->account, g_free);
  g_clear_pointer (&caller->credit_code, g_free);
}

static void
handle_logout (YbRefhall         *hall,
               SoupServerMessage *msg)
{
  YbRefhallCaller caller;
  g_autofree char *hash = NULL;

  if (!yb_refhall_auth_caller (hall, msg, &caller))
    return;
  yb_refhall_caller_clear (&caller);
  hash = yb_refhall_sha256_hex (bearer (msg));
  delete_tokens (hall, hash);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/**
 * yb_refhall_handle_auth:
 * @hall: the hall
 * @msg: the message
 * @method: the HTTP method
 * @parts: the path below /api/v1/
 * @n_parts: the number of @parts
 *
 * Serves /api/v1/auth/…
 */
void
yb_refhall_handle_auth (YbRefhall         *hall,
                        SoupServerMessage *msg,
                        const char        *method,
                        char             **parts,
                        guint              n_parts)
{
  const char *what = n_parts >= 2 ? parts[1] : "";
  gboolean known = (n_parts == 2 && (g_str_equal (what, "password") || g_str_equal (what, "refresh")
                                     || g_str_equal (what, "logout")
                                     || g_str_equal (what, "certificate")))
                   || (n_parts == 3 && g_str_equal (what, "certificate")
                       && g_str_equal (parts[2], "challenge"));

  if (!known)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
      return;
    }
  if (!g_str_equal (method, "POST"))
    {
      yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                             "Use POST.");
      return;
    }
  if (g_str_equal (what, "password"))
    handle_password (hall, msg);
  else if (g_str_equal (what, "refresh"))
    handle_refresh (hall, msg);
  else if (g_str_equal (what, "logout"))
    handle_logout (hall, msg);
  else
    yb_refhall_handle_cert_login (hall, msg, n_parts == 3 ? "challenge" : "verify");
}

/**
 * yb_refhall_issue_tokens:
 * @hall: the hall
 * @msg: the message to answer with a login body
 * @account: the account
 * @credit_code: the credit code the tokens act for
 *
 * Used by certificate login once the signature is verified.
 */
void
yb_refhall_issue_tokens (YbRefhall         *hall,
                         SoupServerMessage *msg,
                         const char        *account,
                         const char        *credit_code)
{
  send_tokens (hall, msg, account, credit_code);
}
