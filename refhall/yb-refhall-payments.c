/* yb-refhall-payments.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallPayments"

#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "yb-id-number.h"
#include "yb-region-profile.h"
#include "yb-refhall.h"

#define CERTIFICATE_DAYS 92

/**
 * yb_refhall_bill_unit:
 * @hall: the hall
 * @unit_no: the unit
 * @from: the first month (YYYYMM)
 * @to: the last month (YYYYMM)
 *
 * Makes sure the monthly payment records of every person of the unit exist
 * for each month of @from–@to in which the person was insured, up to the
 * business clock's month: the person's base times each rate of the region
 * (rounded half up to the cent) plus the fixed amounts. Records once made are
 * kept, so a later base change does not rewrite history.
 */
void
yb_refhall_bill_unit (YbRefhall  *hall,
                      const char *unit_no,
                      int         from,
                      int         to)
{
  g_autofree char *region_id = NULL;
  YbRefhallRegion *region;
  GPtrArray *rates;
  int current = yb_refhall_current_month (hall);
  gboolean own_transaction = sqlite3_get_autocommit (hall->db);
  sqlite3_stmt *stmt;

  if (!yb_refhall_unit_region (hall, unit_no, &region_id)
      || (region = yb_refhall_find_region (hall, region_id)) == NULL)
    return;
  to = MIN (to, current);
  if (from > to)
    return;
  rates = yb_region_profile_get_rates (region->profile);
  stmt = yb_refhall_db_prepare (hall,
                                "WITH RECURSIVE months (m) AS (SELECT ?2 UNION ALL "
                                "  SELECT CASE WHEN m % 100 = 12 THEN m + 89 ELSE m + 1 END "
                                "  FROM months WHERE m < ?3) "
                                "INSERT OR IGNORE INTO payments (unit_no, person_no, period, "
                                "insurance, base_cents, unit_cents, personal_cents) "
                                "SELECT p.unit_no, p.person_no, months.m, ?4, p.base_cents, "
                                "CAST (p.base_cents * ?5 / 100.0 + 0.5 AS INTEGER) + ?6, "
                                "CAST (p.base_cents * ?7 / 100.0 + 0.5 AS INTEGER) + ?8 "
                                "FROM people p JOIN months ON months.m >= p.start_month "
                                "AND months.m <= coalesce (p.last_paid, ?3) "
                                "WHERE p.unit_no = ?1");
  if (own_transaction)
    yb_refhall_db_begin (hall);
  for (guint r = 0; rates != NULL && r < rates->len; r++)
    {
      const YbRate *rate = rates->pdata[r];

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, from);
      sqlite3_bind_int (stmt, 3, to);
      sqlite3_bind_text (stmt, 4, rate->insurance, -1, SQLITE_TRANSIENT);
      sqlite3_bind_double (stmt, 5, rate->unit_percent);
      sqlite3_bind_int64 (stmt, 6, rate->unit_fixed_cents);
      sqlite3_bind_double (stmt, 7, rate->personal_percent);
      sqlite3_bind_int64 (stmt, 8, rate->personal_fixed_cents);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_warning ("Billing %s failed: %s", unit_no, sqlite3_errmsg (hall->db));
    }
  if (own_transaction)
    yb_refhall_db_commit (hall);
  sqlite3_finalize (stmt);
}

static const char *
insurance_label (YbRefhall  *hall,
                 const char *unit_no,
                 const char *code)
{
  g_autofree char *region_id = NULL;
  YbRefhallRegion *region;
  const char *label = NULL;

  if (yb_refhall_unit_region (hall, unit_no, &region_id)
      && (region = yb_refhall_find_region (hall, region_id)) != NULL)
    label = yb_refhall_region_label (region, "insurance_type", code);
  return label;
}

static void
add_money (JsonBuilder *builder,
           const char  *member,
           gint64       cents)
{
  g_autofree char *text = yb_refhall_format_money (cents);

  yb_refhall_builder_add_string (builder, member, text);
}

static gboolean
parse_period (SoupServerMessage *msg,
              GHashTable        *query,
              int               *out_from,
              int               *out_to)
{
  const char *from = query ? g_hash_table_lookup (query, "from") : NULL;
  const char *to = query ? g_hash_table_lookup (query, "to") : NULL;
  const char *insurance = query ? g_hash_table_lookup (query, "insurance") : NULL;

  *out_from = yb_refhall_month_parse (from);
  *out_to = yb_refhall_month_parse (to);
  if (*out_from == 0 || *out_to == 0 || *out_to < *out_from
      || yb_refhall_month_add (*out_from, 36) <= *out_to)
    {
      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                   "from and to must be months like 202601, from ≤ to, at "
                                   "most 36 months apart.", *out_from == 0 ? "from" : "to",
                                   "MONTH_RANGE", "from and to must be months like 202601.");
      return FALSE;
    }
  if (insurance != NULL && !g_regex_match_simple ("^[0-9]{3}$", insurance, 0, 0))
    {
      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                   "insurance must be a 3-digit code such as 310.", "insurance",
                                   "UNKNOWN_CODE", "insurance must be a 3-digit code.");
      return FALSE;
    }
  return TRUE;
}

static void
handle_employee_payments (YbRefhall         *hall,
                          SoupServerMessage *msg,
                          const char        *unit_no,
                          GHashTable        *query)
{
  const char *insurance = query ? g_hash_table_lookup (query, "insurance") : NULL;
  const char *person_no = query ? g_hash_table_lookup (query, "person_no") : NULL;
  const char *cursor_text = query ? g_hash_table_lookup (query, "cursor") : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint64 offset = 0;
  int from, to, limit, count = 0;
  gboolean has_more = FALSE;
  sqlite3_stmt *stmt;

  if (!parse_period (msg, query, &from, &to) || !yb_refhall_query_limit (msg, query, &limit))
    return;
  if (cursor_text != NULL
      && !g_ascii_string_to_unsigned (cursor_text, 10, 0, G_MAXINT32, &offset, NULL))
    {
      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                   "The cursor is not one this hall gave out.", "cursor",
                                   "BAD_CURSOR", "The cursor is not one this hall gave out.");
      return;
    }
  yb_refhall_bill_unit (hall, unit_no, from, to);
  stmt = yb_refhall_db_prepare (hall,
                                "SELECT pay.period, pay.person_no, p.id_number, p.name, "
                                "pay.insurance, pay.base_cents, pay.unit_cents, "
                                "pay.personal_cents FROM payments pay JOIN people p "
                                "ON p.unit_no = pay.unit_no AND p.person_no = pay.person_no "
                                "WHERE pay.unit_no = ?1 AND pay.period BETWEEN ?2 AND ?3 "
                                "AND (?4 IS NULL OR pay.insurance = ?4) "
                                "AND (?5 IS NULL OR pay.person_no = ?5) "
                                "ORDER BY pay.period, pay.insurance, pay.person_no "
                                "LIMIT ?6 OFFSET ?7");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, from);
  sqlite3_bind_int (stmt, 3, to);
  sqlite3_bind_text (stmt, 4, insurance, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 6, limit + 1);
  sqlite3_bind_int64 (stmt, 7, (gint64) offset);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "payments");
  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *period = NULL;
      const char *code = (const char *) sqlite3_column_text (stmt, 4);

      if (count == limit)
        {
          has_more = TRUE;
          break;
        }
      count++;
      period = yb_refhall_month_format (sqlite3_column_int (stmt, 0));
      json_builder_begin_object (builder);
      yb_refhall_builder_add_string (builder, "period", period);
      yb_refhall_builder_add_column (builder, "person_no", stmt, 1);
      yb_refhall_builder_add_column (builder, "id_number", stmt, 2);
      yb_refhall_builder_add_column (builder, "name", stmt, 3);
      yb_refhall_builder_add_string (builder, "insurance", code);
      yb_refhall_builder_add_string (builder, "insurance_label",
                                     insurance_label (hall, unit_no, code));
      add_money (builder, "base", sqlite3_column_int64 (stmt, 5));
      add_money (builder, "unit_amount", sqlite3_column_int64 (stmt, 6));
      add_money (builder, "personal_amount", sqlite3_column_int64 (stmt, 7));
      yb_refhall_builder_add_string (builder, "status", "paid");
      json_builder_end_object (builder);
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (builder);
  if (has_more)
    {
      g_autofree char *next = g_strdup_printf ("%" G_GUINT64_FORMAT, offset + limit);

      yb_refhall_builder_add_string (builder, "next_cursor", next);
    }
  else
    yb_refhall_builder_add_string (builder, "next_cursor", NULL);
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, has_more);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static void
handle_unit_payments (YbRefhall         *hall,
                      SoupServerMessage *msg,
                      const char        *unit_no,
                      GHashTable        *query)
{
  const char *insurance = query ? g_hash_table_lookup (query, "insurance") : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int from, to;
  sqlite3_stmt *stmt;

  if (!parse_period (msg, query, &from, &to))
    return;
  yb_refhall_bill_unit (hall, unit_no, from, to);
  stmt = yb_refhall_db_prepare (hall,
                                "SELECT period, insurance, count(*), sum(base_cents), "
                                "sum(unit_cents), sum(personal_cents) FROM payments "
                                "WHERE unit_no = ?1 AND period BETWEEN ?2 AND ?3 "
                                "AND (?4 IS NULL OR insurance = ?4) "
                                "GROUP BY period, insurance ORDER BY period, insurance");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, from);
  sqlite3_bind_int (stmt, 3, to);
  sqlite3_bind_text (stmt, 4, insurance, -1, SQLITE_TRANSIENT);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "payments");
  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *period = yb_refhall_month_format (sqlite3_column_int (stmt, 0));
      const char *code = (const char *) sqlite3_column_text (stmt, 1);

      json_builder_begin_object (builder);
      yb_refhall_builder_add_string (builder, "period", period);
      yb_refhall_builder_add_string (builder, "insurance", code);
      yb_refhall_builder_add_string (builder, "insurance_label",
                                     insurance_label (hall, unit_no, code));
      json_builder_set_member_name (builder, "headcount");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
      add_money (builder, "base_total", sqlite3_column_int64 (stmt, 3));
      add_money (builder, "unit_amount", sqlite3_column_int64 (stmt, 4));
      add_money (builder, "personal_amount", sqlite3_column_int64 (stmt, 5));
      add_money (builder, "total", sqlite3_column_int64 (stmt, 4) + sqlite3_column_int64 (stmt, 5));
      json_builder_end_object (builder);
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

/**
 * yb_refhall_handle_payments:
 * @hall: the hall
 * @msg: the message
 * @method: the HTTP method
 * @unit_no: the unit, already authorised
 * @parts: the path below /units/{unit_no}/payments
 * @n_parts: the number of @parts
 * @query: (nullable): the query
 *
 * Serves employee and unit payment details.
 */
void
yb_refhall_handle_payments (YbRefhall         *hall,
                            SoupServerMessage *msg,
                            const char        *method,
                            const char        *unit_no,
                            char             **parts,
                            guint              n_parts,
                            GHashTable        *query)
{
  if (n_parts != 1 || (!g_str_equal (parts[0], "employees") && !g_str_equal (parts[0], "unit")))
    yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
  else if (!g_str_equal (method, "GET"))
    yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", "Use GET.");
  else if (g_str_equal (parts[0], "employees"))
    handle_employee_payments (hall, msg, unit_no, query);
  else
    handle_unit_payments (hall, msg, unit_no, query);
}

/* Certificates */

static char *
new_code (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  guint8 random[16];
  GString *code = g_string_new (NULL);

  gnutls_rnd (GNUTLS_RND_NONCE, random, sizeof random);
  for (guint i = 0; i < 16; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (code, '-');
      g_string_append_c (code, alphabet[random[i] % (sizeof alphabet - 1)]);
    }
  return g_string_free (code, FALSE);
}

static char *
normalize_code (const char *text)
{
  GString *code = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; *p; p++)
    {
      if (*p == '-')
        continue;
      if (!g_ascii_isalnum (*p) || n >= 16)
        {
          g_string_free (code, TRUE);
          return NULL;
        }
      if (n > 0 && n % 4 == 0)
        g_string_append_c (code, '-');
      n++;
      g_string_append_c (code, g_ascii_toupper (*p));
    }
  if (code->len != 19)
    {
      g_string_free (code, TRUE);
      return NULL;
    }
  return g_string_free (code, FALSE);
}

static void
add_months (YbRefhall   *hall,
            JsonBuilder *builder,
            const char  *unit_no,
            const char  *person_no,
            int          from,
            int          to)
{
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall, "SELECT period, count(DISTINCT person_no), "
                                      "sum(CASE WHEN insurance = '310' THEN base_cents END), "
                                      "sum(unit_cents + personal_cents) FROM payments "
                                      "WHERE unit_no = ?1 AND (?2 IS NULL OR person_no = ?2) "
                                      "AND period BETWEEN ?3 AND ?4 "
                                      "GROUP BY period ORDER BY period");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, from);
  sqlite3_bind_int (stmt, 4, to);
  json_builder_set_member_name (builder, "months");
  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *period = yb_refhall_month_format (sqlite3_column_int (stmt, 0));

      json_builder_begin_object (builder);
      yb_refhall_builder_add_string (builder, "period", period);
      if (person_no == NULL)
        {
          json_builder_set_member_name (builder, "headcount");
          json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 1));
          add_money (builder, "base_total", sqlite3_column_int64 (stmt, 2));
        }
      else
        add_money (builder, "base", sqlite3_column_int64 (stmt, 2));
      add_money (builder, "paid", sqlite3_column_int64 (stmt, 3));
      json_builder_end_object (builder);
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (builder);
}

static void
handle_issue (YbRefhall         *hall,
              SoupServerMessage *msg,
              const char        *unit_no,
              gboolean           person)
{
  static const char * const unit_allowed[] = { NULL };
  static const char * const person_allowed[] = { "person_no", NULL };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = yb_refhall_now (hall);
  g_autoptr(GDateTime) until = g_date_time_add_days (now, CERTIFICATE_DAYS);
  g_autofree char *code = new_code ();
  g_autofree char *now_text = yb_refhall_format_time (now);
  g_autofree char *until_text = yb_refhall_format_time (until);
  g_autofree char *verify = g_strdup_printf ("/api/v1/certificates/%s", code);
  g_autofree char *subject = NULL;
  g_autofree char *from_text = NULL, *to_text = NULL;
  const char *person_no = NULL;
  JsonObject *object = NULL;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  int to = yb_refhall_current_month (hall);
  int from = yb_refhall_month_add (to, -11);
  sqlite3_stmt *stmt;

  if (person || body->length > 0)
    {
      object = yb_refhall_read_object (msg, person ? person_allowed : unit_allowed, &root);
      if (object == NULL)
        return;
    }
  if (person && !yb_refhall_get_string (msg, object, "person_no", TRUE, &person_no))
    return;
  yb_refhall_bill_unit (hall, unit_no, from, to);

  json_builder_begin_object (builder);
  yb_refhall_builder_add_string (builder, "kind", person ? "person" : "unit");
  yb_refhall_builder_add_string (builder, "verification_code", code);
  yb_refhall_builder_add_string (builder, "issued_at", now_text);
  yb_refhall_builder_add_string (builder, "valid_until", until_text);
  yb_refhall_builder_add_string (builder, "verify_path", verify);

  stmt = yb_refhall_db_prepare (hall, "SELECT unit_no, name, credit_code, "
                                      "(SELECT count(*) FROM people p WHERE p.unit_no = u.unit_no "
                                      " AND status = 'insured') FROM units u WHERE unit_no = ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  json_builder_set_member_name (builder, "unit");
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "unit_no", stmt, 0);
  yb_refhall_builder_add_column (builder, "name", stmt, 1);
  yb_refhall_builder_add_column (builder, "credit_code", stmt, 2);
  json_builder_end_object (builder);
  if (!person)
    {
      json_builder_set_member_name (builder, "insured_count");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 3));
      subject = yb_refhall_db_column_dup (stmt, 1);
    }
  sqlite3_finalize (stmt);

  if (person)
    {
      stmt = yb_refhall_db_prepare (hall, "SELECT name, id_number, status, start_month, "
                                          "last_paid FROM people WHERE unit_no = ? "
                                          "AND person_no = ?");
      sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, person_no, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_finalize (stmt);
          yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                                 "No such person in this unit.");
          return;
        }
      {
        g_autofree char *masked = yb_id_number_mask ((const char *) sqlite3_column_text (stmt, 1));
        g_autofree char *start = yb_refhall_month_format (sqlite3_column_int (stmt, 3));
        g_autofree char *last = yb_refhall_month_format (sqlite3_column_int (stmt, 4));

        json_builder_set_member_name (builder, "person");
        json_builder_begin_object (builder);
        yb_refhall_builder_add_string (builder, "person_no", person_no);
        yb_refhall_builder_add_column (builder, "name", stmt, 0);
        yb_refhall_builder_add_column (builder, "id_number", stmt, 1);
        yb_refhall_builder_add_string (builder, "id_number_masked", masked);
        yb_refhall_builder_add_column (builder, "status", stmt, 2);
        yb_refhall_builder_add_string (builder, "start_month", start);
        yb_refhall_builder_add_string (builder, "last_paid_month", last);
        json_builder_end_object (builder);
        subject = g_strdup_printf ("%s %s", sqlite3_column_text (stmt, 0), masked);
      }
      sqlite3_finalize (stmt);
    }
  from_text = yb_refhall_month_format (from);
  to_text = yb_refhall_month_format (to);
  yb_refhall_builder_add_string (builder, "period_from", from_text);
  yb_refhall_builder_add_string (builder, "period_to", to_text);
  add_months (hall, builder, unit_no, person_no, from, to);
  json_builder_end_object (builder);

  stmt = yb_refhall_db_prepare (hall, "INSERT INTO certificates (code, kind, unit_no, person_no, "
                                      "subject, issued_at, valid_until) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person ? "person" : "unit", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, person_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, subject, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, g_date_time_to_unix (now));
  sqlite3_bind_int64 (stmt, 7, g_date_time_to_unix (until));
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  yb_refhall_send_builder (msg, SOUP_STATUS_CREATED, builder);
}

/**
 * yb_refhall_handle_certificates:
 * @hall: the hall
 * @msg: the message
 * @method: the HTTP method
 * @unit_no: the unit, already authorised
 * @parts: the path below /units/{unit_no}/certificates
 * @n_parts: the number of @parts
 *
 * Issues 单位参保证明 and 个人参保证明 data with verification codes.
 */
void
yb_refhall_handle_certificates (YbRefhall         *hall,
                                SoupServerMessage *msg,
                                const char        *method,
                                const char        *unit_no,
                                char             **parts,
                                guint              n_parts)
{
  if (n_parts != 1 || (!g_str_equal (parts[0], "unit") && !g_str_equal (parts[0], "person")))
    yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
  else if (!g_str_equal (method, "POST"))
    yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                           "Use POST.");
  else
    handle_issue (hall, msg, unit_no, g_str_equal (parts[0], "person"));
}

/**
 * yb_refhall_handle_verify:
 * @hall: the hall
 * @msg: the message
 * @method: the HTTP method
 * @code: the verification code from the path
 *
 * Public verification of a certificate code (no login).
 */
void
yb_refhall_handle_verify (YbRefhall         *hall,
                          SoupServerMessage *msg,
                          const char        *method,
                          const char        *code)
{
  g_autofree char *normalized = normalize_code (code);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = yb_refhall_now (hall);
  sqlite3_stmt *stmt;

  if (!g_str_equal (method, "GET"))
    {
      yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                             "Use GET.");
      return;
    }
  if (normalized == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                             "No certificate has this verification code.");
      return;
    }
  stmt = yb_refhall_db_prepare (hall, "SELECT kind, subject, issued_at, valid_until "
                                      "FROM certificates WHERE code = ?");
  sqlite3_bind_text (stmt, 1, normalized, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                             "No certificate has this verification code.");
      return;
    }
  {
    g_autofree char *issued = yb_refhall_format_unix (sqlite3_column_int64 (stmt, 2));
    g_autofree char *until = yb_refhall_format_unix (sqlite3_column_int64 (stmt, 3));
    gboolean valid = sqlite3_column_int64 (stmt, 3) > g_date_time_to_unix (now);

    json_builder_begin_object (builder);
    json_builder_set_member_name (builder, "valid");
    json_builder_add_boolean_value (builder, valid);
    if (!valid)
      yb_refhall_builder_add_string (builder, "reason", "EXPIRED");
    yb_refhall_builder_add_string (builder, "verification_code", normalized);
    yb_refhall_builder_add_column (builder, "kind", stmt, 0);
    yb_refhall_builder_add_column (builder, "subject", stmt, 1);
    yb_refhall_builder_add_string (builder, "issued_at", issued);
    yb_refhall_builder_add_string (builder, "valid_until", until);
    json_builder_end_object (builder);
  }
  sqlite3_finalize (stmt);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}
