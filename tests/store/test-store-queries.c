/* test-store-queries.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Queries section's caches (payments per question, month totals, the roster by status,
 * the hall's declaration list by date) and the reconciliation of the local roster and drafts
 * with the hall's roster. No display, no hall.
 */
#include "store-test-util.h"
#include "yb-store-declaration.h"
#include "yb-store-queries.h"
#include "yb-store-reconcile.h"

static JsonArray *
parse_array (const char *json)
{
  g_autoptr (JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_array_ref (json_node_get_array (node));
}

static YbStore *
open_store (TmpStore *tmp)
{
  g_autoptr (GError) error = NULL;
  YbStore *store;

  tmp_store_init (tmp);
  store = yb_store_open (tmp->path, &error);
  g_assert_no_error (error);
  return store;
}

static const char *
row_string (GListModel *model,
            guint       position,
            const char *member)
{
  g_autoptr (YbQueryRow) row = g_list_model_get_item (model, position);

  g_assert_nonnull (row);
  /* The row outlives this call inside the model's page cache; copy for safety. */
  return g_intern_string (yb_query_row_get_string (row, member));
}

static void
test_payments_scoped (void)
{
  static const char *const odd_amounts[] = { "\"8000.005\"", "8000.5", "\"80,00\"" };
  TmpStore tmp;
  g_autoptr (YbStore) store = open_store (&tmp);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) p1 = parse_array (
    "[{\"period\":\"202601\",\"person_no\":\"P1\",\"name\":\"张伟\",\"insurance\":\"310\","
    "\"base\":\"8000.00\",\"unit_amount\":\"760.00\",\"personal_amount\":\"160.00\"},"
    " {\"period\":\"202601\",\"person_no\":\"P1\",\"name\":\"张伟\",\"insurance\":\"510\","
    "\"base\":\"8000.00\",\"unit_amount\":\"80.00\",\"personal_amount\":\"0.00\"}]");
  g_autoptr (JsonArray) p2 = parse_array (
    "[{\"period\":\"202601\",\"person_no\":\"P2\",\"name\":\"李娜\",\"insurance\":\"310\","
    "\"base\":\"5000.00\",\"unit_amount\":\"475.00\",\"personal_amount\":\"100.00\"}]");
  g_autoptr (JsonArray) p1_again = parse_array (
    "[{\"period\":\"202601\",\"person_no\":\"P1\",\"name\":\"张伟\",\"insurance\":\"310\","
    "\"base\":\"9000.00\",\"unit_amount\":\"855.00\",\"personal_amount\":\"180.00\"}]");
  g_autoptr (JsonArray) bad = parse_array ("[{\"period\":\"202601\",\"insurance\":\"310\"}]");
  g_autoptr (GListModel) all = NULL;
  g_autoptr (GListModel) p1_310 = NULL;
  g_autoptr (GListModel) p1_all = NULL;

  g_assert_true (yb_store_queries_replace_payments (store, FALSE, "P1", NULL, "202601", "202601",
                                                    p1, &error));
  g_assert_no_error (error);
  g_assert_true (yb_store_queries_replace_payments (store, FALSE, "P2", NULL, "202601", "202601",
                                                    p2, &error));
  /* Asking again about P1's 310 only replaces that slice: P1's 510 and P2 stay. */
  g_assert_true (yb_store_queries_replace_payments (store, FALSE, "P1", "310", "202601",
                                                    "202601", p1_again, &error));
  all = yb_store_queries_payments (store, FALSE, NULL, NULL, "202601", "202601");
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);
  p1_310 = yb_store_queries_payments (store, FALSE, "P1", "310", "202601", "202601");
  g_assert_cmpuint (g_list_model_get_n_items (p1_310), ==, 1);
  g_assert_cmpstr (row_string (p1_310, 0, "base"), ==, "9000.00");
  p1_all = yb_store_queries_payments (store, FALSE, "P1", NULL, "202601", "202601");
  g_assert_cmpuint (g_list_model_get_n_items (p1_all), ==, 2);

  /* A malformed answer names the entry and member and changes nothing. */
  g_assert_false (yb_store_queries_replace_payments (store, FALSE, NULL, NULL, "202601",
                                                     "202601", bad, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "person_no"));
  g_clear_object (&all);
  all = yb_store_queries_payments (store, FALSE, NULL, NULL, "202601", "202601");
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);

  /* Money is never rounded: a fraction of a cent or a floating-point amount is refused. */
  g_clear_error (&error);
  for (guint i = 0; i < G_N_ELEMENTS (odd_amounts); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "[{\"period\":\"202601\",\"person_no\":\"P1\",\"insurance\":\"310\","
        "\"base\":%s,\"unit_amount\":\"760.00\",\"personal_amount\":\"160.00\"}]",
        odd_amounts[i]);
      g_autoptr (JsonArray) odd = parse_array (json);

      g_assert_false (yb_store_queries_replace_payments (store, FALSE, "P1", NULL, "202601",
                                                         "202601", odd, &error));
      g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
      g_assert_nonnull (strstr (error->message, "base"));
      g_clear_error (&error);
    }
  g_clear_object (&all);
  all = yb_store_queries_payments (store, FALSE, NULL, NULL, "202601", "202601");
  g_assert_cmpuint (g_list_model_get_n_items (all), ==, 3);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_month_totals (void)
{
  TmpStore tmp;
  g_autoptr (YbStore) store = open_store (&tmp);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) unit = parse_array (
    "[{\"period\":\"202601\",\"insurance\":\"310\",\"headcount\":2,\"base_total\":\"13000.00\","
    "\"unit_amount\":\"1235.00\",\"personal_amount\":\"260.00\",\"total\":\"1495.00\"},"
    " {\"period\":\"202601\",\"insurance\":\"510\",\"headcount\":2,\"base_total\":\"13000.00\","
    "\"unit_amount\":\"130.05\",\"personal_amount\":\"0.00\",\"total\":\"130.05\"},"
    " {\"period\":\"202602\",\"insurance\":\"310\",\"headcount\":1,\"base_total\":\"8000.00\","
    "\"unit_amount\":\"760.00\",\"personal_amount\":\"160.00\",\"total\":\"920.00\"}]");
  g_autoptr (GListModel) totals = NULL;
  g_autoptr (GListModel) only_310 = NULL;

  g_assert_true (yb_store_queries_replace_payments (store, TRUE, NULL, NULL, "202601", "202602",
                                                    unit, &error));
  g_assert_no_error (error);
  totals = yb_store_queries_month_totals (store, NULL, "202601", "202602");
  g_assert_cmpuint (g_list_model_get_n_items (totals), ==, 2);
  g_assert_cmpstr (row_string (totals, 0, "period"), ==, "202601");
  g_assert_cmpstr (row_string (totals, 0, "unit_amount"), ==, "1365.05");
  g_assert_cmpstr (row_string (totals, 0, "personal_amount"), ==, "260.00");
  g_assert_cmpstr (row_string (totals, 0, "total"), ==, "1625.05");
  g_assert_cmpstr (row_string (totals, 0, "headcount"), ==, "2");
  g_assert_cmpstr (row_string (totals, 1, "total"), ==, "920.00");
  only_310 = yb_store_queries_month_totals (store, "310", "202601", "202602");
  g_assert_cmpstr (row_string (only_310, 0, "total"), ==, "1495.00");

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_roster_by_status (void)
{
  TmpStore tmp;
  g_autoptr (YbStore) store = open_store (&tmp);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) people = make_roster (30, 1);
  g_autoptr (GListModel) insured = NULL;
  g_autoptr (GListModel) stopped = NULL;
  g_autoptr (GListModel) everyone = NULL;
  g_autoptr (GListModel) searched = NULL;

  for (guint i = 0; i < 30; i += 3)
    json_object_set_string_member (json_array_get_object_element (people, i), "status",
                                   "stopped");
  g_assert_true (yb_store_roster_replace (store, people, NULL, &error));
  g_assert_no_error (error);

  insured = yb_store_queries_roster (store, "insured", NULL);
  stopped = yb_store_queries_roster (store, "stopped", NULL);
  everyone = yb_store_queries_roster (store, NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (insured), ==, 20);
  g_assert_cmpuint (g_list_model_get_n_items (stopped), ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (everyone), ==, 30);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpstr (row_string (stopped, i, "status"), ==, "stopped");
  /* Search and status together: P00000000 is 张伟0 and stopped, P00000008 is 张芳8. */
  searched = yb_store_queries_roster (store, "stopped", "张");
  g_assert_cmpuint (g_list_model_get_n_items (searched), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (searched); i++)
    {
      g_assert_true (g_str_has_prefix (row_string (searched, i, "name"), "张"));
      g_assert_cmpstr (row_string (searched, i, "status"), ==, "stopped");
    }

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_declarations_by_date (void)
{
  TmpStore tmp;
  g_autoptr (YbStore) store = open_store (&tmp);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) first = parse_array (
    "[{\"declaration_id\":\"D1\",\"status\":\"pending\",\"kind\":\"enrol_new\","
    "\"submitted_at\":\"2026-03-02T10:00:00+08:00\",\"name\":\"张伟\"},"
    " {\"declaration_id\":\"D2\",\"status\":\"approved\",\"kind\":\"reduce\","
    "\"submitted_at\":\"2026-02-10T10:00:00+08:00\",\"name\":\"李娜\"},"
    " {\"declaration_id\":\"D3\",\"status\":\"rejected\",\"kind\":\"enrol_new\","
    "\"reason\":\"身份证号码与姓名不一致\",\"submitted_at\":\"2026-03-05T09:00:00+08:00\"}]");
  g_autoptr (JsonArray) pending_now = parse_array ("[]");
  g_autoptr (GListModel) march = NULL;
  g_autoptr (GListModel) audited = NULL;
  g_autoptr (GListModel) pending = NULL;
  g_autoptr (JsonArray) bad = parse_array ("[{\"status\":\"pending\"}]");

  g_assert_true (yb_store_queries_replace_declarations (store, NULL, "2026-01-01", "2026-03-31",
                                                        first, &error));
  g_assert_no_error (error);
  march = yb_store_queries_declarations (store, NULL, "2026-03-01", "2026-03-31");
  g_assert_cmpuint (g_list_model_get_n_items (march), ==, 2);
  /* Newest first. */
  g_assert_cmpstr (row_string (march, 0, "declaration_id"), ==, "D3");
  g_assert_cmpstr (row_string (march, 0, "reason"), ==, "身份证号码与姓名不一致");
  audited = yb_store_queries_declarations (store, "approved,rejected", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (audited), ==, 2);

  /* D1 left "pending" at the hall: asking for pending again drops it from that list. */
  g_assert_true (yb_store_queries_replace_declarations (store, "pending", NULL, NULL,
                                                        pending_now, &error));
  pending = yb_store_queries_declarations (store, "pending", NULL, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (pending), ==, 0);

  g_assert_false (yb_store_queries_replace_declarations (store, NULL, NULL, NULL, bad, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "declaration_id"));

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_fetched_at (void)
{
  TmpStore tmp;
  g_autoptr (YbStore) store = open_store (&tmp);
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (yb_store_queries_get_fetched_at (store, "unit"), ==, 0);
  g_assert_true (yb_store_queries_set_fetched_at (store, "unit", 1774000000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (yb_store_queries_get_fetched_at (store, "unit"), ==, 1774000000);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_reconcile (void)
{
  TmpStore tmp;
  g_autoptr (YbStore) store = open_store (&tmp);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) hall = make_roster (6, 1);
  g_autoptr (JsonArray) local = make_roster (6, 1);
  g_autoptr (JsonArray) changed = json_array_new ();
  g_autoptr (GListModel) rows = NULL;
  g_autoptr (GListModel) clean = NULL;
  JsonObject *person;
  YbRosterDeltaStats stats;
  gint64 draft;

  /* The same roster on both sides: nothing differs. */
  g_assert_true (yb_store_roster_replace (store, local, NULL, &error));
  g_assert_no_error (error);
  clean = yb_store_reconcile (store, hall, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (clean), ==, 0);

  /* Seed: P00000001's base changed here; P00000005 unknown here; P00000099 only here; one
   * draft never sent. */
  person = json_object_ref (json_array_get_object_element (local, 1));
  json_object_set_string_member (person, "base", "9100.00");
  json_object_set_int_member (person, "revision", 100);
  json_array_add_object_element (changed, person);
  json_array_add_object_element (changed, make_person ("P00000099", 101, "孙丽", "1",
                                                       "13900009999", "6000.00"));
  json_array_add_object_element (changed, json_object_ref (json_array_get_object_element (
                                            local, 5)));
  json_object_set_boolean_member (json_array_get_object_element (changed, 2), "deleted", TRUE);
  g_assert_true (yb_store_roster_apply_delta (store, changed, &stats, &error));
  g_assert_no_error (error);
  draft = yb_store_declaration_create (store, "enrol_new",
                                       "{\"name\":\"周敏\",\"id_number\":\"330106199203031234\"}",
                                       &error);
  g_assert_no_error (error);

  rows = yb_store_reconcile (store, hall, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 4);
  g_assert_cmpstr (row_string (rows, 0, "kind"), ==, "hall-only");
  g_assert_cmpstr (row_string (rows, 0, "person_no"), ==, "P00000005");
  g_assert_cmpstr (row_string (rows, 1, "kind"), ==, "local-only");
  g_assert_cmpstr (row_string (rows, 1, "person_no"), ==, "P00000099");
  g_assert_cmpstr (row_string (rows, 2, "kind"), ==, "draft-not-submitted");
  g_assert_cmpstr (row_string (rows, 2, "name"), ==, "周敏");
  g_assert_cmpint (g_ascii_strtoll (row_string (rows, 2, "declaration_id"), NULL, 10), ==,
                   draft);
  g_assert_cmpstr (row_string (rows, 3, "kind"), ==, "base-differs");
  g_assert_cmpstr (row_string (rows, 3, "person_no"), ==, "P00000001");
  g_assert_cmpstr (row_string (rows, 3, "local"), ==, "9100.00");
  g_assert_cmpstr (row_string (rows, 3, "hall"), ==, "8000.00");

  /* A malformed hall roster is refused with the entry named. */
  {
    g_autoptr (JsonArray) bad = parse_array ("[{\"name\":\"x\"}]");
    g_autoptr (GListModel) none = yb_store_reconcile (store, bad, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
    g_assert_nonnull (strstr (error->message, "1"));
  }

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/queries/payments-scoped", test_payments_scoped);
  g_test_add_func ("/store/queries/month-totals", test_month_totals);
  g_test_add_func ("/store/queries/roster-by-status", test_roster_by_status);
  g_test_add_func ("/store/queries/declarations-by-date", test_declarations_by_date);
  g_test_add_func ("/store/queries/fetched-at", test_fetched_at);
  g_test_add_func ("/store/queries/reconcile", test_reconcile);
  return g_test_run ();
}
