/* yb-store-queries.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStore"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-query-row-private.h"
#include "yb-store-private.h"
#include "yb-store-queries.h"

/*
 * The caches behind the 查询 (Queries) section: each query replaces exactly the slice of the
 * cache it asked the hall about (a person, an insurance type, a period or date range), so
 * other cached answers survive, and each list pages from the database as #YbQueryRow items
 * holding the hall's JSON object. When each slice was fetched is kept in `meta` under
 * `queries/<scope>/fetched_at`.
 */

/* The hall's money ("8000.00", "-12.50" for a refund, or a whole JSON number) in cents.
 * Fractions of a cent and binary floating-point amounts are refused, never rounded. */
static gboolean
money_cents (JsonObject *object,
             const char *member,
             gboolean   *present,
             gint64     *cents)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;
  g_autofree char *owned = NULL;
  gboolean negative = FALSE;
  gint64 whole = 0, frac = 0;
  int digits = 0;

  *present = FALSE;
  *cents = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    text = json_node_get_string (node);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    text = owned = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    return FALSE;
  if (*text == '-')
    {
      negative = TRUE;
      text++;
    }
  if (!g_ascii_isdigit (*text))
    return FALSE;
  for (; g_ascii_isdigit (*text); text++)
    {
      if (whole > G_MAXINT64 / 1000)
        return FALSE;
      whole = whole * 10 + (*text - '0');
    }
  if (*text == '.')
    for (text++; g_ascii_isdigit (*text); text++, digits++)
      if (digits < 2)
        frac = frac * 10 + (*text - '0');
  if (*text != '\0' || digits > 2)
    return FALSE;
  if (digits == 1)
    frac *= 10;
  *cents = (whole * 100 + frac) * (negative ? -1 : 1);
  *present = TRUE;
  return TRUE;
}

/**
 * yb_store_queries_replace_payments:
 * @store: a store
 * @unit_totals: %TRUE for the unit's totals (`GET …/payments/unit`), %FALSE for employees'
 *   records (`GET …/payments/employees`)
 * @person_no: (nullable): the person the hall was asked about, %NULL for everyone
 * @insurance: (nullable): the insurance type asked about, %NULL for all
 * @from_period: first month asked about (YYYYMM)
 * @to_period: last month asked about (YYYYMM)
 * @payments: the hall's whole answer for that question
 * @error: return location for an error
 *
 * Replaces the cached payments of exactly that question with the hall's answer, in one
 * transaction; other people, insurance types and months keep their cached rows.
 *
 * Returns: %TRUE once committed; %FALSE with %YB_STORE_ERROR_INVALID_INPUT naming the entry
 *   and member if the answer is malformed (nothing is changed then)
 */
gboolean
yb_store_queries_replace_payments (YbStore     *store,
                                   gboolean     unit_totals,
                                   const char  *person_no,
                                   const char  *insurance,
                                   const char  *from_period,
                                   const char  *to_period,
                                   JsonArray   *payments,
                                   GError     **error)
{
  static const char *const amounts[] = { "base", "unit_amount", "personal_amount" };
  g_autoptr (GString) data = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gint64 now = _yb_store_now ();

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);
  g_return_val_if_fail (from_period != NULL && to_period != NULL, FALSE);
  g_return_val_if_fail (payments != NULL, FALSE);

  if (!_yb_store_begin (store, error))
    return FALSE;
  stmt = _yb_store_prepare (store,
                            "DELETE FROM payments WHERE period BETWEEN ?1 AND ?2 "
                            "AND CASE WHEN ?3 THEN person_no = '' ELSE person_no <> '' "
                            "AND (?4 IS NULL OR person_no = ?4) END "
                            "AND (?5 IS NULL OR insurance = ?5)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, from_period, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to_period, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, unit_totals);
  sqlite3_bind_text (stmt, 4, person_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, insurance, -1, SQLITE_STATIC);
  if (!_yb_store_step_done (store, stmt, "replacing payment details", error))
    goto fail;
  _yb_stmt_reset (stmt);

  for (guint i = 0; i < json_array_get_length (payments); i++)
    {
      JsonNode *element = json_array_get_element (payments, i);
      JsonObject *entry;
      const char *who = "", *period, *type;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                       _("Payment entry %u from the hall is not an object."), i + 1);
          goto fail;
        }
      entry = json_node_get_object (element);
      period = _yb_json_object_get_text (entry, "period");
      type = _yb_json_object_get_text (entry, "insurance");
      if (!unit_totals)
        who = _yb_json_object_get_text (entry, "person_no");
      if (period == NULL || type == NULL || who == NULL || (!unit_totals && *who == '\0'))
        {
          g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                       _("Payment entry %u from the hall lacks %s."), i + 1,
                       period == NULL ? "period" : type == NULL ? "insurance" : "person_no");
          goto fail;
        }
      stmt = _yb_store_prepare (store,
                                "INSERT OR REPLACE INTO payments (person_no, period, insurance, "
                                "base, unit_amount, personal_amount, data, fetched_at) "
                                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                error);
      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, who, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, period, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, type, -1, SQLITE_STATIC);
      for (guint a = 0; a < G_N_ELEMENTS (amounts); a++)
        {
          const char *member = unit_totals && a == 0 ? "base_total" : amounts[a];
          gboolean present;
          gint64 cents;

          if (!money_cents (entry, member, &present, &cents))
            {
              g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                           _("Payment entry %u from the hall: %s is not an amount of money."),
                           i + 1, member);
              _yb_stmt_reset (stmt);
              goto fail;
            }
          if (present)
            sqlite3_bind_int64 (stmt, 4 + a, cents);
        }
      g_string_truncate (data, 0);
      _yb_json_append_node (data, element);
      sqlite3_bind_text (stmt, 7, data->str, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 8, now);
      if (!_yb_store_step_done (store, stmt, "saving payment details", error))
        goto fail;
      _yb_stmt_reset (stmt);
    }
  if (!_yb_store_commit (store, error))
    return FALSE;
  _yb_store_emit_changed (store, "payments");
  return TRUE;

fail:
  _yb_store_rollback (store);
  return FALSE;
}

/**
 * yb_store_queries_payments:
 * @store: a store
 * @unit_totals: %TRUE for the unit's totals, %FALSE for employees' records
 * @person_no: (nullable): only this person's records (ignored for unit totals)
 * @insurance: (nullable): only this insurance type
 * @from_period: first month (YYYYMM)
 * @to_period: last month (YYYYMM)
 *
 * Returns: (transfer full): a paging list of #YbQueryRow (the hall's payment entries), by
 *   period, person and insurance type
 */
GListModel *
yb_store_queries_payments (YbStore    *store,
                           gboolean    unit_totals,
                           const char *person_no,
                           const char *insurance,
                           const char *from_period,
                           const char *to_period)
{
#define WHERE                                                                                  \
  "FROM payments WHERE period BETWEEN :from AND :to AND CASE WHEN :unit THEN person_no = '' " \
  "ELSE person_no <> '' AND (:person IS NULL OR person_no = :person) END "                     \
  "AND (:insurance IS NULL OR insurance = :insurance) "
  static const char page_sql[] = "SELECT data " WHERE "ORDER BY period, person_no, insurance "
                                 "LIMIT :limit OFFSET :offset";
  static const char count_sql[] = "SELECT count(*) " WHERE;
#undef WHERE
  YbPagedModel *model;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (from_period != NULL && to_period != NULL, NULL);

  model = _yb_paged_model_new (store, YB_TYPE_QUERY_ROW, page_sql, 0,
                               _yb_query_row_new_from_stmt);
  _yb_paged_model_bind_text (model, ":from", from_period);
  _yb_paged_model_bind_text (model, ":to", to_period);
  _yb_paged_model_bind_int64 (model, ":unit", unit_totals ? 1 : 0);
  _yb_paged_model_bind_text (model, ":person", unit_totals ? NULL : person_no);
  _yb_paged_model_bind_text (model, ":insurance", insurance);
  _yb_paged_model_set_n_items (model, _yb_store_count_query (store, count_sql, model));
  return G_LIST_MODEL (model);
}

/**
 * yb_store_queries_month_totals:
 * @store: a store
 * @insurance: (nullable): only this insurance type
 * @from_period: first month (YYYYMM)
 * @to_period: last month (YYYYMM)
 *
 * Sums the cached unit totals of each month over its insurance types.
 *
 * Returns: (transfer full): a paging list of #YbQueryRow with `period`, `headcount` (the
 *   largest of the month's insurance types), `types`, and `base_total`, `unit_amount`,
 *   `personal_amount`, `total` as money strings ("1234.50"), by period
 */
GListModel *
yb_store_queries_month_totals (YbStore    *store,
                               const char *insurance,
                               const char *from_period,
                               const char *to_period)
{
#define WHERE                                                                                  \
  "FROM payments WHERE person_no = '' AND period BETWEEN :from AND :to "                       \
  "AND (:insurance IS NULL OR insurance = :insurance) "
#define MONEY(expr) "printf ('%d.%02d', (" expr ") / 100, abs (" expr ") % 100)"
#define TOTAL_CENTS                                                                            \
  "sum (coalesce (CAST (round (CAST (json_extract (data, '$.total') AS REAL) * 100) AS INTEGER)," \
  " coalesce (unit_amount, 0) + coalesce (personal_amount, 0)))"
  static const char page_sql[] =
    "SELECT json_object ('period', period, 'types', count(*), "
    "'headcount', max (coalesce (json_extract (data, '$.headcount'), 0)), "
    "'base_total', " MONEY ("sum (coalesce (base, 0))") ", "
    "'unit_amount', " MONEY ("sum (coalesce (unit_amount, 0))") ", "
    "'personal_amount', " MONEY ("sum (coalesce (personal_amount, 0))") ", "
    "'total', " MONEY (TOTAL_CENTS) ") "
    WHERE "GROUP BY period ORDER BY period LIMIT :limit OFFSET :offset";
  static const char count_sql[] = "SELECT count(DISTINCT period) " WHERE;
#undef WHERE
#undef MONEY
#undef TOTAL_CENTS
  YbPagedModel *model;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (from_period != NULL && to_period != NULL, NULL);

  model = _yb_paged_model_new (store, YB_TYPE_QUERY_ROW, page_sql, 0,
                               _yb_query_row_new_from_stmt);
  _yb_paged_model_bind_text (model, ":from", from_period);
  _yb_paged_model_bind_text (model, ":to", to_period);
  _yb_paged_model_bind_text (model, ":insurance", insurance);
  _yb_paged_model_set_n_items (model, _yb_store_count_query (store, count_sql, model));
  return G_LIST_MODEL (model);
}

/* Each search term becomes a quoted FTS5 prefix phrase, as YbRosterModel does. */
static char *
build_fts_query (const char *query)
{
  g_auto (GStrv) terms = g_strsplit_set (query ? query : "", " \t\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; terms[i] != NULL; i++)
    {
      if (*terms[i] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, '"');
      for (const char *p = terms[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append (out, "\"*");
    }
  return g_string_free (out, out->len == 0);
}

/**
 * yb_store_queries_roster:
 * @store: a store
 * @status: (nullable): only people with this status code (`insured` 参保缴费, `suspended`
 *   暂停缴费, `stopped` 终止缴费), %NULL for everyone
 * @query: (nullable): name, ID number, 个人编号 or phone prefixes, all of which must match
 *
 * Returns: (transfer full): a paging list of #YbQueryRow (the hall's person objects), by name
 */
GListModel *
yb_store_queries_roster (YbStore    *store,
                         const char *status,
                         const char *query)
{
#define WHERE_ALL "FROM roster WHERE deleted = 0 AND (:status IS NULL OR status = :status) "
#define WHERE_FTS                                                                              \
  WHERE_ALL "AND id IN (SELECT rowid FROM roster_fts WHERE roster_fts MATCH :fts) "
  static const char all_sql[] = "SELECT data " WHERE_ALL
                                "ORDER BY name, id LIMIT :limit OFFSET :offset";
  static const char fts_sql[] = "SELECT data " WHERE_FTS
                                "ORDER BY name, id LIMIT :limit OFFSET :offset";
  static const char all_count[] = "SELECT count(*) " WHERE_ALL;
  static const char fts_count[] = "SELECT count(*) " WHERE_FTS;
#undef WHERE_ALL
#undef WHERE_FTS
  g_autofree char *fts = build_fts_query (query);
  YbPagedModel *model;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);

  if (status != NULL && *status == '\0')
    status = NULL;
  model = _yb_paged_model_new (store, YB_TYPE_QUERY_ROW, fts ? fts_sql : all_sql, 0,
                               _yb_query_row_new_from_stmt);
  _yb_paged_model_bind_text (model, ":status", status);
  if (fts != NULL)
    _yb_paged_model_bind_text (model, ":fts", fts);
  _yb_paged_model_set_n_items (model, _yb_store_count_query (store, fts ? fts_count : all_count,
                                                             model));
  return G_LIST_MODEL (model);
}

static gboolean
insert_declaration (YbStore     *store,
                    JsonNode    *element,
                    guint        index,
                    gint64       now,
                    GError     **error)
{
  g_auto (YbStmt) stmt = NULL;
  g_autofree char *data = NULL;
  JsonObject *decl;
  const char *id, *status, *submitted;

  if (!JSON_NODE_HOLDS_OBJECT (element))
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("Declaration %u from the hall is not an object."), index + 1);
      return FALSE;
    }
  decl = json_node_get_object (element);
  id = _yb_json_object_get_text (decl, "declaration_id");
  status = _yb_json_object_get_text (decl, "status");
  submitted = _yb_json_object_get_text (decl, "submitted_at");
  if (id == NULL || *id == '\0' || status == NULL || *status == '\0')
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("Declaration %u from the hall lacks %s."), index + 1,
                   id == NULL || *id == '\0' ? "declaration_id" : "status");
      return FALSE;
    }
  if (submitted != NULL && strlen (submitted) < 10)
    submitted = NULL;
  stmt = _yb_store_prepare (store,
                            "INSERT OR REPLACE INTO hall_declarations (declaration_id, status, "
                            "kind, submitted_day, submitted_at, data, fetched_at) "
                            "VALUES (?1, ?2, ?3, substr (?4, 1, 10), ?4, ?5, ?6)",
                            error);
  if (stmt == NULL)
    return FALSE;
  data = _yb_json_node_to_string (element);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, _yb_json_object_get_text (decl, "kind"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, submitted, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, data, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, now);
  return _yb_store_step_done (store, stmt, "saving the hall's declarations", error);
}

/**
 * yb_store_queries_replace_declarations:
 * @store: a store
 * @statuses: (nullable): the comma-separated statuses the hall was asked for ("pending",
 *   "approved,rejected"), %NULL for all
 * @from_day: (nullable): first submission day asked about (YYYY-MM-DD)
 * @to_day: (nullable): last submission day asked about (YYYY-MM-DD)
 * @declarations: the hall's whole answer (`GET …/declarations`, all pages)
 * @error: return location for an error
 *
 * Replaces the cached declarations of exactly that question, so one that left the asked
 * statuses (audited since) leaves the list.
 *
 * Returns: %TRUE once committed; %FALSE with %YB_STORE_ERROR_INVALID_INPUT naming the entry if
 *   the answer is malformed (nothing is changed then)
 */
gboolean
yb_store_queries_replace_declarations (YbStore     *store,
                                       const char  *statuses,
                                       const char  *from_day,
                                       const char  *to_day,
                                       JsonArray   *declarations,
                                       GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 now = _yb_store_now ();

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);
  g_return_val_if_fail (declarations != NULL, FALSE);

  if (!_yb_store_begin (store, error))
    return FALSE;
  stmt = _yb_store_prepare (store,
                            "DELETE FROM hall_declarations WHERE "
                            "(?1 IS NULL OR instr (',' || ?1 || ',', ',' || status || ',') > 0) "
                            "AND (?2 IS NULL OR submitted_day >= ?2) "
                            "AND (?3 IS NULL OR submitted_day <= ?3)",
                            error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, statuses, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, from_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, to_day, -1, SQLITE_STATIC);
  if (!_yb_store_step_done (store, stmt, "replacing the hall's declarations", error))
    goto fail;
  _yb_stmt_reset (stmt);
  for (guint i = 0; i < json_array_get_length (declarations); i++)
    if (!insert_declaration (store, json_array_get_element (declarations, i), i, now, error))
      goto fail;
  if (!_yb_store_commit (store, error))
    return FALSE;
  _yb_store_emit_changed (store, "hall_declarations");
  return TRUE;

fail:
  _yb_store_rollback (store);
  return FALSE;
}

/**
 * yb_store_queries_put_declaration:
 * @store: a store
 * @declaration: one declaration as the hall describes it (e.g. its answer to a withdrawal)
 * @error: return location for an error
 *
 * Returns: %TRUE once saved
 */
gboolean
yb_store_queries_put_declaration (YbStore     *store,
                                  JsonObject  *declaration,
                                  GError     **error)
{
  g_autoptr (JsonNode) node = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);
  g_return_val_if_fail (declaration != NULL, FALSE);

  node = json_node_init_object (json_node_alloc (), declaration);
  if (!insert_declaration (store, node, 0, _yb_store_now (), error))
    return FALSE;
  _yb_store_emit_changed (store, "hall_declarations");
  return TRUE;
}

/**
 * yb_store_queries_declarations:
 * @store: a store
 * @statuses: (nullable): comma-separated statuses to list, %NULL for all
 * @from_day: (nullable): first submission day (YYYY-MM-DD)
 * @to_day: (nullable): last submission day (YYYY-MM-DD)
 *
 * Returns: (transfer full): a paging list of #YbQueryRow (the hall's declarations), newest
 *   submission first
 */
GListModel *
yb_store_queries_declarations (YbStore    *store,
                               const char *statuses,
                               const char *from_day,
                               const char *to_day)
{
#define WHERE                                                                                  \
  "FROM hall_declarations WHERE "                                                              \
  "(:statuses IS NULL OR instr (',' || :statuses || ',', ',' || status || ',') > 0) "         \
  "AND (:from IS NULL OR submitted_day >= :from) AND (:to IS NULL OR submitted_day <= :to) "
  static const char page_sql[] = "SELECT data " WHERE
                                 "ORDER BY submitted_at DESC, declaration_id DESC "
                                 "LIMIT :limit OFFSET :offset";
  static const char count_sql[] = "SELECT count(*) " WHERE;
#undef WHERE
  YbPagedModel *model;

  g_return_val_if_fail (YB_IS_STORE (store), NULL);

  model = _yb_paged_model_new (store, YB_TYPE_QUERY_ROW, page_sql, 0,
                               _yb_query_row_new_from_stmt);
  _yb_paged_model_bind_text (model, ":statuses", statuses && *statuses ? statuses : NULL);
  _yb_paged_model_bind_text (model, ":from", from_day && *from_day ? from_day : NULL);
  _yb_paged_model_bind_text (model, ":to", to_day && *to_day ? to_day : NULL);
  _yb_paged_model_set_n_items (model, _yb_store_count_query (store, count_sql, model));
  return G_LIST_MODEL (model);
}

static char *
fetched_key (const char *scope)
{
  return g_strconcat ("queries/", scope, "/fetched_at", NULL);
}

/**
 * yb_store_queries_set_fetched_at:
 * @store: a store
 * @scope: what was fetched ("payments/employees/P0001/310/202601-202603", "unit", …)
 * @when: when, in Unix seconds
 * @error: return location for an error
 *
 * Returns: %TRUE once saved
 */
gboolean
yb_store_queries_set_fetched_at (YbStore     *store,
                                 const char  *scope,
                                 gint64       when,
                                 GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), FALSE);
  g_return_val_if_fail (scope != NULL, FALSE);

  key = fetched_key (scope);
  value = g_strdup_printf ("%" G_GINT64_FORMAT, when);
  return yb_store_meta_set (store, key, value, error);
}

/**
 * yb_store_queries_get_fetched_at:
 * @store: a store
 * @scope: what was fetched, as given to yb_store_queries_set_fetched_at()
 *
 * Returns: when it was last fetched (Unix seconds), 0 if never
 */
gint64
yb_store_queries_get_fetched_at (YbStore    *store,
                                 const char *scope)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (YB_IS_STORE (store), 0);
  g_return_val_if_fail (scope != NULL, 0);

  key = fetched_key (scope);
  value = yb_store_meta_get (store, key);
  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}
