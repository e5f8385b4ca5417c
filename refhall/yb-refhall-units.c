/* yb-refhall-units.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallUnits"

#include "config.h"

#include "yb-field-checks.h"
#include "yb-region-profile.h"
#include "yb-refhall.h"

#define PERSON_COLUMNS \
  "person_no, revision, id_type, id_number, name, sex, birth_date, ethnicity, education, " \
  "hukou_type, work_start, phone, address, postcode, email, status, start_month, stop_month, " \
  "last_paid, wage_cents, base_cents, employment_form, add_reason, reduce_reason, " \
  "contract_start, contract_end, job_type"

enum
{
  P_PERSON_NO, P_REVISION, P_ID_TYPE, P_ID_NUMBER, P_NAME, P_SEX, P_BIRTH_DATE, P_ETHNICITY,
  P_EDUCATION, P_HUKOU_TYPE, P_WORK_START, P_PHONE, P_ADDRESS, P_POSTCODE, P_EMAIL, P_STATUS,
  P_START_MONTH, P_STOP_MONTH, P_LAST_PAID, P_WAGE, P_BASE, P_EMPLOYMENT_FORM, P_ADD_REASON,
  P_REDUCE_REASON, P_CONTRACT_START, P_CONTRACT_END, P_JOB_TYPE,
};

#define UNIT_COLUMNS \
  "unit_no, credit_code, region, name, unit_type, legal_person, address, postcode, industry, " \
  "contact_name, contact_phone, agent_name, agent_phone, email, registration_no, " \
  "registered_on, authority, reg_status, bank_category, bank_name, account_name, account_no, " \
  "revision"

/**
 * yb_refhall_next_revision:
 * @hall: the hall
 *
 * Returns: the next roster revision (hall-wide, always growing)
 */
gint64
yb_refhall_next_revision (YbRefhall *hall)
{
  return yb_refhall_db_next_seq (hall, "revision");
}

/**
 * yb_refhall_unit_region:
 * @hall: the hall
 * @unit_no: a 单位编号
 * @out_region: (out) (transfer full): the unit's region id
 *
 * Returns: %TRUE if the unit exists
 */
gboolean
yb_refhall_unit_region (YbRefhall  *hall,
                        const char *unit_no,
                        char      **out_region)
{
  sqlite3_stmt *stmt = yb_refhall_db_prepare (hall, "SELECT region FROM units WHERE unit_no = ?");
  gboolean found = FALSE;

  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      *out_region = yb_refhall_db_column_dup (stmt, 0);
    }
  sqlite3_finalize (stmt);
  return found;
}

static const char *
person_status_label (const char *status)
{
  if (g_strcmp0 (status, "insured") == 0)
    return "参保缴费";
  if (g_strcmp0 (status, "stopped") == 0)
    return "终止缴费";
  return "暂停缴费";
}

static void
add_month_column (JsonBuilder  *builder,
                  const char   *member,
                  sqlite3_stmt *stmt,
                  int           column)
{
  g_autofree char *text = NULL;

  if (sqlite3_column_type (stmt, column) != SQLITE_NULL)
    text = yb_refhall_month_format (sqlite3_column_int (stmt, column));
  yb_refhall_builder_add_string (builder, member, text);
}

static void
add_money_column (JsonBuilder  *builder,
                  const char   *member,
                  sqlite3_stmt *stmt,
                  int           column)
{
  g_autofree char *text = yb_refhall_format_money (sqlite3_column_int64 (stmt, column));

  yb_refhall_builder_add_string (builder, member, text);
}

static void
add_person_summary (JsonBuilder  *builder,
                    sqlite3_stmt *stmt)
{
  const char *status = (const char *) sqlite3_column_text (stmt, P_STATUS);

  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "person_no", stmt, P_PERSON_NO);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, P_REVISION));
  yb_refhall_builder_add_column (builder, "id_type", stmt, P_ID_TYPE);
  yb_refhall_builder_add_column (builder, "id_number", stmt, P_ID_NUMBER);
  yb_refhall_builder_add_column (builder, "name", stmt, P_NAME);
  yb_refhall_builder_add_column (builder, "sex", stmt, P_SEX);
  yb_refhall_builder_add_column (builder, "birth_date", stmt, P_BIRTH_DATE);
  yb_refhall_builder_add_string (builder, "status", status);
  yb_refhall_builder_add_string (builder, "status_label", person_status_label (status));
  add_month_column (builder, "start_month", stmt, P_START_MONTH);
  add_month_column (builder, "stop_month", stmt, P_STOP_MONTH);
  add_month_column (builder, "last_paid_month", stmt, P_LAST_PAID);
  add_money_column (builder, "base", stmt, P_BASE);
  yb_refhall_builder_add_column (builder, "employment_form", stmt, P_EMPLOYMENT_FORM);
  yb_refhall_builder_add_column (builder, "hukou_type", stmt, P_HUKOU_TYPE);
  yb_refhall_builder_add_column (builder, "phone", stmt, P_PHONE);
  json_builder_end_object (builder);
}

static void
add_person_detail (JsonBuilder  *builder,
                   sqlite3_stmt *stmt)
{
  const char *status = (const char *) sqlite3_column_text (stmt, P_STATUS);

  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "person_no", stmt, P_PERSON_NO);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, P_REVISION));
  json_builder_set_member_name (builder, "basic");
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "id_type", stmt, P_ID_TYPE);
  yb_refhall_builder_add_column (builder, "id_number", stmt, P_ID_NUMBER);
  yb_refhall_builder_add_column (builder, "name", stmt, P_NAME);
  yb_refhall_builder_add_column (builder, "sex", stmt, P_SEX);
  yb_refhall_builder_add_column (builder, "birth_date", stmt, P_BIRTH_DATE);
  yb_refhall_builder_add_column (builder, "ethnicity", stmt, P_ETHNICITY);
  yb_refhall_builder_add_column (builder, "education", stmt, P_EDUCATION);
  yb_refhall_builder_add_column (builder, "hukou_type", stmt, P_HUKOU_TYPE);
  yb_refhall_builder_add_column (builder, "work_start_date", stmt, P_WORK_START);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "contact");
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "phone", stmt, P_PHONE);
  yb_refhall_builder_add_column (builder, "address", stmt, P_ADDRESS);
  yb_refhall_builder_add_column (builder, "postcode", stmt, P_POSTCODE);
  yb_refhall_builder_add_column (builder, "email", stmt, P_EMAIL);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "insurance");
  json_builder_begin_object (builder);
  yb_refhall_builder_add_string (builder, "status", status);
  yb_refhall_builder_add_string (builder, "status_label", person_status_label (status));
  add_month_column (builder, "start_month", stmt, P_START_MONTH);
  add_month_column (builder, "stop_month", stmt, P_STOP_MONTH);
  add_month_column (builder, "last_paid_month", stmt, P_LAST_PAID);
  add_money_column (builder, "wage", stmt, P_WAGE);
  add_money_column (builder, "base", stmt, P_BASE);
  yb_refhall_builder_add_column (builder, "employment_form", stmt, P_EMPLOYMENT_FORM);
  yb_refhall_builder_add_column (builder, "add_reason", stmt, P_ADD_REASON);
  yb_refhall_builder_add_column (builder, "reduce_reason", stmt, P_REDUCE_REASON);
  yb_refhall_builder_add_column (builder, "contract_start", stmt, P_CONTRACT_START);
  yb_refhall_builder_add_column (builder, "contract_end", stmt, P_CONTRACT_END);
  yb_refhall_builder_add_column (builder, "job_type", stmt, P_JOB_TYPE);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
handle_unit_list (YbRefhall         *hall,
                  SoupServerMessage *msg,
                  YbRefhallCaller   *caller)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall,
                                "SELECT unit_no, credit_code, name, region, "
                                "(SELECT count(*) FROM people p WHERE p.unit_no = u.unit_no "
                                " AND p.status = 'insured') "
                                "FROM units u WHERE credit_code = ? ORDER BY unit_no");
  sqlite3_bind_text (stmt, 1, caller->credit_code, -1, SQLITE_TRANSIENT);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "units");
  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      yb_refhall_builder_add_column (builder, "unit_no", stmt, 0);
      yb_refhall_builder_add_column (builder, "credit_code", stmt, 1);
      yb_refhall_builder_add_column (builder, "name", stmt, 2);
      yb_refhall_builder_add_column (builder, "region", stmt, 3);
      json_builder_set_member_name (builder, "insured_count");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 4));
      json_builder_end_object (builder);
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static void
send_unit (YbRefhall         *hall,
           SoupServerMessage *msg,
           const char        *unit_no)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  YbRefhallRegion *region;
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall, "SELECT " UNIT_COLUMNS " FROM units WHERE unit_no = ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such unit.");
      return;
    }
  region = yb_refhall_find_region (hall, (const char *) sqlite3_column_text (stmt, 2));
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "unit_no", stmt, 0);
  yb_refhall_builder_add_column (builder, "region", stmt, 2);
  json_builder_set_member_name (builder, "revision");
  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 22));
  json_builder_set_member_name (builder, "basic");
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "name", stmt, 3);
  yb_refhall_builder_add_column (builder, "credit_code", stmt, 1);
  yb_refhall_builder_add_column (builder, "unit_type", stmt, 4);
  yb_refhall_builder_add_column (builder, "legal_person", stmt, 5);
  yb_refhall_builder_add_column (builder, "address", stmt, 6);
  yb_refhall_builder_add_column (builder, "postcode", stmt, 7);
  yb_refhall_builder_add_column (builder, "industry", stmt, 8);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "contact");
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "contact_name", stmt, 9);
  yb_refhall_builder_add_column (builder, "contact_phone", stmt, 10);
  yb_refhall_builder_add_column (builder, "agent_name", stmt, 11);
  yb_refhall_builder_add_column (builder, "agent_phone", stmt, 12);
  yb_refhall_builder_add_column (builder, "email", stmt, 13);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "registration");
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "registration_no", stmt, 14);
  yb_refhall_builder_add_column (builder, "registered_on", stmt, 15);
  yb_refhall_builder_add_column (builder, "authority", stmt, 16);
  yb_refhall_builder_add_column (builder, "status", stmt, 17);
  yb_refhall_builder_add_string (builder, "status_label", "正常参保");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "bank");
  json_builder_begin_object (builder);
  yb_refhall_builder_add_column (builder, "bank_category", stmt, 18);
  yb_refhall_builder_add_string (builder, "bank_category_label",
                                 region == NULL ? NULL
                                 : yb_refhall_region_label (region, "bank_category",
                                                            (const char *) sqlite3_column_text (
                                                              stmt, 18)));
  yb_refhall_builder_add_column (builder, "bank_name", stmt, 19);
  yb_refhall_builder_add_column (builder, "account_name", stmt, 20);
  yb_refhall_builder_add_column (builder, "account_no", stmt, 21);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  sqlite3_finalize (stmt);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static YbFinding *
check_phone (const char *text,
             const char *field)
{
  if (text != NULL && text[0] == '0')
    {
      if (g_regex_match_simple ("^0[0-9]{2,3}-?[0-9]{7,8}$", text, 0, 0))
        return NULL;
      return yb_finding_new (YB_SEVERITY_ERROR, field, "PHONE_FORMAT",
                             "Enter a mobile number or a landline such as 0571-88808880.");
    }
  return yb_check_mobile (text, field);
}

static YbFinding *
check_text (const char *text,
            const char *field,
            guint       max_chars)
{
  g_autofree char *stripped = text ? g_strstrip (g_strdup (text)) : NULL;

  if (stripped == NULL || *stripped == '\0')
    return yb_finding_new_printf (YB_SEVERITY_ERROR, field, "REQUIRED", "Enter %s.", field);
  if (g_utf8_strlen (text, -1) > max_chars)
    return yb_finding_new_printf (YB_SEVERITY_ERROR, field, "TOO_LONG",
                                  "%s is longer than %u characters.", field, max_chars);
  return NULL;
}

static void
add_finding (GPtrArray *findings,
             YbFinding *finding)
{
  if (finding != NULL && yb_finding_is_error (finding))
    g_ptr_array_add (findings, finding);
  else if (finding != NULL)
    yb_finding_free (finding);
}

static void
handle_contact (YbRefhall         *hall,
                SoupServerMessage *msg,
                const char        *unit_no)
{
  static const char * const allowed[] = {
    "contact_name", "contact_phone", "agent_name", "agent_phone", "email", NULL
  };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
  JsonObject *object = yb_refhall_read_object (msg, allowed, &root);
  const char *values[5];

  if (object == NULL)
    return;
  for (guint i = 0; i < 5; i++)
    if (!yb_refhall_get_string (msg, object, allowed[i], FALSE, &values[i]))
      return;
  if (values[0] != NULL)
    add_finding (findings, check_text (values[0], "contact_name", 50));
  if (values[1] != NULL)
    add_finding (findings, check_phone (values[1], "contact_phone"));
  if (values[2] != NULL)
    add_finding (findings, check_text (values[2], "agent_name", 50));
  if (values[3] != NULL)
    add_finding (findings, check_phone (values[3], "agent_phone"));
  if (values[4] != NULL && *values[4] != '\0')
    add_finding (findings, yb_check_email (values[4], "email"));
  if (findings->len > 0)
    {
      yb_refhall_send_findings (msg, 422, "VALIDATION_FAILED",
                                "The contact details were not changed.", findings);
      return;
    }
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;

      if (values[i] == NULL)
        continue;
      /* Column names come from the fixed list above, never from the request. */
      sql = g_strdup_printf ("UPDATE units SET %s = ?, revision = revision + 1 "
                             "WHERE unit_no = ?", allowed[i]);
      stmt = yb_refhall_db_prepare (hall, sql);
      sqlite3_bind_text (stmt, 1, values[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
      sqlite3_step (stmt);
      sqlite3_finalize (stmt);
    }
  send_unit (hall, msg, unit_no);
}

static void
handle_bank (YbRefhall         *hall,
             SoupServerMessage *msg,
             const char        *unit_no,
             const char        *region_id)
{
  static const char * const allowed[] = {
    "bank_category", "bank_name", "account_name", "account_no", NULL
  };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
  JsonObject *object = yb_refhall_read_object (msg, allowed, &root);
  YbRefhallRegion *region = yb_refhall_find_region (hall, region_id);
  const char *values[4];
  sqlite3_stmt *stmt;

  if (object == NULL)
    return;
  for (guint i = 0; i < 4; i++)
    if (!yb_refhall_get_string (msg, object, allowed[i], TRUE, &values[i]))
      return;
  if (region != NULL
      && yb_region_profile_lookup (region->profile, "bank_category", values[0]) == NULL)
    add_finding (findings, yb_finding_new (YB_SEVERITY_ERROR, "bank_category", "UNKNOWN_CODE",
                                           "Choose a bank category from the list."));
  add_finding (findings, check_text (values[1], "bank_name", 100));
  add_finding (findings, check_text (values[2], "account_name", 100));
  if (!g_regex_match_simple ("^[0-9]{8,30}$", values[3], 0, 0))
    add_finding (findings, yb_finding_new (YB_SEVERITY_ERROR, "account_no", "ACCOUNT_FORMAT",
                                           "The account number must be 8 to 30 digits."));
  if (findings->len > 0)
    {
      yb_refhall_send_findings (msg, 422, "VALIDATION_FAILED",
                                "The bank details were not changed.", findings);
      return;
    }
  stmt = yb_refhall_db_prepare (hall, "UPDATE units SET bank_category = ?, bank_name = ?, "
                                      "account_name = ?, account_no = ?, revision = revision + 1 "
                                      "WHERE unit_no = ?");
  for (guint i = 0; i < 4; i++)
    sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  send_unit (hall, msg, unit_no);
}

static void
handle_people (YbRefhall         *hall,
               SoupServerMessage *msg,
               const char        *unit_no,
               GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *cursor_text = query ? g_hash_table_lookup (query, "cursor") : NULL;
  guint64 cursor = 0;
  gint64 last = -1;
  int limit;
  int count = 0;
  gboolean has_more = FALSE;
  sqlite3_stmt *stmt;

  if (!yb_refhall_query_limit (msg, query, &limit))
    return;
  if (cursor_text != NULL && *cursor_text != '\0'
      && !g_ascii_string_to_unsigned (cursor_text, 10, 0, G_MAXINT64, &cursor, NULL))
    {
      yb_refhall_send_field_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                                   "The cursor is not one this hall gave out.", "cursor",
                                   "BAD_CURSOR", "The cursor is not one this hall gave out.");
      return;
    }
  stmt = yb_refhall_db_prepare (hall, "SELECT " PERSON_COLUMNS " FROM people "
                                      "WHERE unit_no = ? AND revision > ? "
                                      "ORDER BY revision LIMIT ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, (gint64) cursor);
  sqlite3_bind_int (stmt, 3, limit + 1);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "people");
  json_builder_begin_array (builder);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (count == limit)
        {
          has_more = TRUE;
          break;
        }
      add_person_summary (builder, stmt);
      last = sqlite3_column_int64 (stmt, P_REVISION);
      count++;
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "next_cursor");
  {
    g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT,
                                             last >= 0 ? last : (gint64) cursor);

    json_builder_add_string_value (builder, next);
  }
  json_builder_set_member_name (builder, "has_more");
  json_builder_add_boolean_value (builder, has_more);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder,
                              yb_refhall_db_count (hall, "SELECT count(*) FROM people "
                                                         "WHERE unit_no = ?", unit_no));
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static void
handle_person (YbRefhall         *hall,
               SoupServerMessage *msg,
               const char        *unit_no,
               const char        *person_no)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  sqlite3_stmt *stmt;

  stmt = yb_refhall_db_prepare (hall, "SELECT " PERSON_COLUMNS " FROM people "
                                      "WHERE unit_no = ? AND person_no = ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person_no, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND",
                             "No such person in this unit.");
      return;
    }
  add_person_detail (builder, stmt);
  sqlite3_finalize (stmt);
  yb_refhall_send_builder (msg, SOUP_STATUS_OK, builder);
}

static gboolean
check_method (SoupServerMessage *msg,
              const char        *method,
              const char        *expected)
{
  if (g_str_equal (method, expected))
    return TRUE;
  {
    g_autofree char *text = g_strdup_printf ("Use %s.", expected);

    yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED", text);
  }
  return FALSE;
}

/**
 * yb_refhall_handle_units:
 * @hall: the hall
 * @msg: the message
 * @method: the HTTP method
 * @parts: the path below /api/v1/
 * @n_parts: the number of @parts
 * @query: (nullable): the query
 *
 * Serves /api/v1/units and everything below one unit.
 */
void
yb_refhall_handle_units (YbRefhall         *hall,
                         SoupServerMessage *msg,
                         const char        *method,
                         char             **parts,
                         guint              n_parts,
                         GHashTable        *query)
{
  YbRefhallCaller caller;
  g_autofree char *credit_code = NULL;
  g_autofree char *region = NULL;
  const char *unit_no;
  const char *what;
  sqlite3_stmt *stmt;

  if (!yb_refhall_auth_caller (hall, msg, &caller))
    return;
  credit_code = g_steal_pointer (&caller.credit_code);
  yb_refhall_caller_clear (&caller);
  if (n_parts == 1)
    {
      caller.credit_code = credit_code;
      if (check_method (msg, method, "GET"))
        handle_unit_list (hall, msg, &caller);
      return;
    }

  unit_no = parts[1];
  stmt = yb_refhall_db_prepare (hall, "SELECT credit_code, region FROM units WHERE unit_no = ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such unit.");
      return;
    }
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), credit_code) != 0)
    {
      sqlite3_finalize (stmt);
      yb_refhall_send_error (msg, SOUP_STATUS_FORBIDDEN, "FORBIDDEN",
                             "This login may not act for that unit.");
      return;
    }
  region = yb_refhall_db_column_dup (stmt, 1);
  sqlite3_finalize (stmt);

  what = n_parts >= 3 ? parts[2] : NULL;
  if (what == NULL)
    {
      if (check_method (msg, method, "GET"))
        send_unit (hall, msg, unit_no);
    }
  else if (g_str_equal (what, "contact") && n_parts == 3)
    {
      if (check_method (msg, method, "PATCH"))
        handle_contact (hall, msg, unit_no);
    }
  else if (g_str_equal (what, "bank") && n_parts == 3)
    {
      if (check_method (msg, method, "PUT"))
        handle_bank (hall, msg, unit_no, region);
    }
  else if (g_str_equal (what, "people") && n_parts == 3)
    {
      if (check_method (msg, method, "GET"))
        handle_people (hall, msg, unit_no, query);
    }
  else if (g_str_equal (what, "people") && n_parts == 4)
    {
      if (check_method (msg, method, "GET"))
        handle_person (hall, msg, unit_no, parts[3]);
    }
  else if (g_str_equal (what, "declarations"))
    yb_refhall_handle_declarations (hall, msg, method, unit_no, parts + 3, n_parts - 3, query);
  else if (g_str_equal (what, "materials"))
    yb_refhall_handle_materials (hall, msg, method, unit_no, parts + 3, n_parts - 3);
  else if (g_str_equal (what, "payments"))
    yb_refhall_handle_payments (hall, msg, method, unit_no, parts + 3, n_parts - 3, query);
  else if (g_str_equal (what, "certificates"))
    yb_refhall_handle_certificates (hall, msg, method, unit_no, parts + 3, n_parts - 3);
  else
    yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
}
