/* test-queries.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 查询 page against the reference hall: payments of a person and of the unit with totals
 * per month, the roster by status with a person's details, withdrawal of a pending
 * declaration, business progress with reasons, exports read back, reconciliation on a seeded
 * mismatch, and cached results with the hall gone.
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "yb-csv-reader.h"
#include "yb-queries-page.h"
#include "yb-store-declaration.h"
#include "yb-store-queries.h"
#include "yb-test-hall.h"
#include "yb-test-ui.h"
#include "yb-workspace.h"
#include "yb-xlsx-reader.h"

#define HZ "33010010001"

static YbTestHall *hall;
static YbHallClient *client;

typedef struct
{
  char *dir;
  YbStore *store;
  YbWorkspace *workspace;
  GtkWindow *window;
  YbQueriesPage *page;
} Fixture;

static gboolean
page_busy (gpointer page)
{
  return yb_queries_page_get_busy (page);
}

static void
wait_idle (YbQueriesPage *page)
{
  yb_test_ui_wait_idle (page_busy, page);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *id)
{
  return yb_test_ui_find_widget (root, id);
}

static void
set_text (Fixture    *fx,
          const char *id,
          const char *text)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (fx->page), id);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  wait_idle (fx->page);
}

static const char *
label_text (Fixture    *fx,
            const char *id)
{
  return yb_test_ui_label_text (GTK_WIDGET (fx->page), id);
}

static void
screenshot (Fixture    *fx,
            const char *name)
{
  yb_test_ui_screenshot (fx->window, GTK_WIDGET (fx->page), "queries", name);
}

static JsonArray *
hall_roster (void)
{
  return yb_test_ui_hall_roster (client, HZ, 1000);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) people = hall_roster ();

  fx->dir = yb_test_ui_make_dir ("yb-queries-XXXXXX");
  fx->store = yb_test_ui_open_store (fx->dir);
  g_assert_true (yb_store_roster_replace (fx->store, people, NULL, &error));
  g_assert_no_error (error);
  fx->workspace = yb_test_ui_workspace_new (fx->store, "hangzhou", client, HZ);

  fx->page = g_object_ref_sink (g_object_new (YB_TYPE_QUERIES_PAGE, NULL));
  fx->window = yb_test_ui_present (GTK_WIDGET (fx->page), fx->workspace);
  wait_idle (fx->page);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  yb_test_ui_tear_down (fx->window, page_busy, (gpointer *) &fx->page, &fx->workspace,
                        &fx->store, &fx->dir);
}

static gboolean
action_enabled (Fixture    *fx,
                const char *action)
{
  return yb_test_ui_action_enabled (GTK_WIDGET (fx->page), action);
}

static void
refresh (Fixture *fx)
{
  g_assert_true (action_enabled (fx, "queries.refresh"));
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "queries.refresh", NULL);
  wait_idle (fx->page);
}

static char *
cell (Fixture    *fx,
      guint       position,
      const char *column)
{
  g_autoptr (GObject) row = g_list_model_get_item (yb_queries_page_get_results (fx->page),
                                                   position);

  g_assert_nonnull (row);
  return yb_queries_page_format_cell (fx->page, row, column);
}

static gint64
cents (const char *money)
{
  return (gint64) (g_ascii_strtod (money, NULL) * 100 + 0.5);
}

typedef struct
{
  GPtrArray *rows; /* of GStrv */
} Sheet;

static gboolean
collect_row (guint              row_number,
             const YbTableCell *cells,
             guint              n_cells,
             gpointer           user_data,
             GError           **error)
{
  GPtrArray *rows = user_data;
  GStrv values = g_new0 (char *, n_cells + 1);

  for (guint i = 0; i < n_cells; i++)
    values[i] = g_strdup (cells[i].text);
  g_ptr_array_add (rows, values);
  return TRUE;
}

/* The file holds a header and then exactly the rows the list shows, cell for cell. */
static void
check_export (Fixture    *fx,
              const char *name)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr (GError) error = NULL;
  g_autofree const char **columns = NULL;
  GListModel *results = yb_queries_page_get_results (fx->page);
  guint n_columns;

  g_assert_true (action_enabled (fx, "queries.export"));
  yb_queries_page_export_to (fx->page, file);
  wait_idle (fx->page);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  if (g_str_has_suffix (name, ".csv"))
    {
      g_autoptr (YbCsvReader) reader = yb_csv_reader_new (path, &error);

      g_assert_no_error (error);
      g_assert_true (yb_csv_reader_read (reader, collect_row, rows, NULL, &error));
    }
  else
    {
      g_autoptr (YbXlsxReader) reader = yb_xlsx_reader_new (path, NULL, &error);

      g_assert_no_error (error);
      g_assert_true (yb_xlsx_reader_read_sheet (reader, 0, collect_row, rows, NULL, &error));
    }
  g_assert_no_error (error);
  columns = yb_queries_page_get_columns (fx->page, &n_columns);
  g_assert_cmpuint (rows->len, ==, g_list_model_get_n_items (results) + 1);
  for (guint i = 0; i + 1 < rows->len; i++)
    {
      GStrv values = rows->pdata[i + 1];

      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *shown = cell (fx, i, columns[c]);

          g_assert_cmpstr (c < g_strv_length (values) ? values[c] : "", ==, shown);
        }
    }
}

static void
test_employee_payments (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr (YbQueryRow) first = NULL;
  g_autoptr (GListModel) roster = yb_store_queries_roster (fx->store, "insured", NULL);
  g_autofree char *id_number = NULL;
  GListModel *results;
  GHashTable *seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  first = g_list_model_get_item (roster, 0);
  id_number = g_strdup (yb_query_row_get_string (first, "id_number"));
  yb_queries_page_set_view (fx->page, YB_QUERIES_EMPLOYEE_PAYMENTS);
  wait_idle (fx->page);
  g_assert_false (action_enabled (fx, "queries.refresh"));
  g_assert_nonnull (strstr (label_text (fx, "person_error"), "Person"));

  set_text (fx, "person_entry", id_number);
  set_text (fx, "from_month_entry", "202601");
  set_text (fx, "to_month_entry", "2026x3");
  g_assert_nonnull (strstr (label_text (fx, "months_error"), "To month"));
  g_assert_false (action_enabled (fx, "queries.refresh"));
  set_text (fx, "to_month_entry", "202603");
  g_assert_cmpstr (label_text (fx, "person_error"), ==, "");
  g_assert_cmpstr (label_text (fx, "months_error"), ==, "");
  g_assert_false (action_enabled (fx, "queries.export"));
  refresh (fx);

  results = yb_queries_page_get_results (fx->page);
  g_assert_cmpuint (g_list_model_get_n_items (results), >=, 3);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (results, i);
      g_autofree char *key = g_strdup_printf ("%s/%s", yb_query_row_get_string (row, "period"),
                                              yb_query_row_get_string (row, "insurance"));

      g_assert_cmpstr (yb_query_row_get_string (row, "id_number"), ==, id_number);
      g_assert_false (g_hash_table_contains (seen, key));
      g_hash_table_add (seen, g_steal_pointer (&key));
    }
  g_assert_true (g_hash_table_contains (seen, "202601/310"));
  g_assert_true (g_hash_table_contains (seen, "202603/310"));
  g_hash_table_unref (seen);
  g_assert_true (g_str_has_prefix (label_text (fx, "as_of_label"), "Data as of"));
  g_assert_null (strstr (label_text (fx, "as_of_label"), "offline"));
  screenshot (fx, "employee-payments");

  check_export (fx, "employee.xlsx");
  check_export (fx, "employee.csv");
}

static void
test_unit_payments (Fixture       *fx,
                    gconstpointer  data)
{
  GListModel *results, *totals;
  g_autoptr (GHashTable) sums = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  yb_queries_page_set_view (fx->page, YB_QUERIES_UNIT_PAYMENTS);
  set_text (fx, "from_month_entry", "202512");
  set_text (fx, "to_month_entry", "202602");
  refresh (fx);
  results = yb_queries_page_get_results (fx->page);
  totals = yb_queries_page_get_totals (fx->page);
  g_assert_cmpuint (g_list_model_get_n_items (results), >=, 3);
  g_assert_cmpuint (g_list_model_get_n_items (totals), ==, 3);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (results, i);
      const char *period = yb_query_row_get_string (row, "period");
      gint64 sum = GPOINTER_TO_SIZE (g_hash_table_lookup (sums, period));

      sum += cents (yb_query_row_get_string (row, "total"));
      g_hash_table_insert (sums, g_strdup (period), GSIZE_TO_POINTER (sum));
    }
  for (guint i = 0; i < g_list_model_get_n_items (totals); i++)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (totals, i);
      const char *period = yb_query_row_get_string (row, "period");

      g_assert_cmpint (cents (yb_query_row_get_string (row, "total")), ==,
                       (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (sums, period)));
      g_assert_cmpint (cents (yb_query_row_get_string (row, "total")), >, 0);
    }
  screenshot (fx, "unit-payments");
  check_export (fx, "unit.xlsx");
}

static void
test_roster_details (Fixture       *fx,
                     gconstpointer  data)
{
  GListModel *results;
  GtkDropDown *status = GTK_DROP_DOWN (find_widget (GTK_WIDGET (fx->page), "status_dropdown"));
  guint n_all;

  yb_queries_page_set_view (fx->page, YB_QUERIES_ROSTER);
  wait_idle (fx->page);
  n_all = g_list_model_get_n_items (yb_queries_page_get_results (fx->page));
  gtk_drop_down_set_selected (status, 3); /* 终止缴费 */
  wait_idle (fx->page);
  results = yb_queries_page_get_results (fx->page);
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (results), <, n_all);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (results, i);

      g_assert_cmpstr (yb_query_row_get_string (row, "status"), ==, "stopped");
    }
  yb_queries_page_select (fx->page, 0);
  wait_idle (fx->page);
  /* The hall's detail arrives and shows basic, contact and insurance information. */
  for (int i = 0; i < 200 && strstr (yb_queries_page_get_details (fx->page), "Contact "
                                                                              "information")
                                  == NULL;
       i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (yb_queries_page_get_details (fx->page), "Basic information"));
  g_assert_nonnull (strstr (yb_queries_page_get_details (fx->page), "Contact information"));
  g_assert_nonnull (strstr (yb_queries_page_get_details (fx->page), "Insurance information"));
  screenshot (fx, "roster");
}

static void
test_unit_information (Fixture       *fx,
                       gconstpointer  data)
{
  yb_queries_page_set_view (fx->page, YB_QUERIES_UNIT);
  wait_idle (fx->page);
  g_assert_false (action_enabled (fx, "queries.export"));
  refresh (fx);
  g_assert_nonnull (strstr (yb_queries_page_get_details (fx->page), "杭州示例科技有限公司"));
  g_assert_nonnull (strstr (yb_queries_page_get_details (fx->page), "Registration"));
  screenshot (fx, "unit");
}

static char *
submit_enrolment (void)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (
    (GDestroyNotify) yb_hall_submit_item_unref);
  g_autoptr (GPtrArray) answers = NULL;
  g_autoptr (JsonObject) fields = json_object_new ();
  g_autofree char *first17 = g_strdup_printf ("33010619920202%02u1", g_random_int_range (0, 99));
  g_autofree char *id = yb_test_make_id_number (first17);
  g_autofree char *key = g_uuid_string_random ();
  YbHallSubmitResult *answer;
  const char *const pairs[][2] = {
    { "id_type", "01" }, { "name", "测试撤回" }, { "sex", "1" }, { "birth_date", "1992-02-02" },
    { "start_month", "202603" }, { "wage", "8000.00" }, { "reason", "11" },
    { "hukou_type", "1" }, { "employment_form", "01" }, { "phone", "13800001234" },
    { "address", "杭州市西湖区文三路 1 号" }, { "postcode", "310012" },
  };

  json_object_set_string_member (fields, "id_number", id);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    json_object_set_string_member (fields, pairs[i][0], pairs[i][1]);
  g_ptr_array_add (items, yb_hall_submit_item_new (key, "enrol_new", fields, NULL));
  yb_hall_client_submit_async (client, HZ, items, NULL, yb_test_store_result, &result);
  answers = yb_hall_client_submit_finish (client, yb_test_await (&result), &error);
  g_assert_no_error (error);
  answer = answers->pdata[0];
  if (!answer->accepted)
    g_error ("not accepted: %s",
             answer->errors && answer->errors->len
               ? ((YbFinding *) answer->errors->pdata[0])->message : "?");
  return g_strdup (answer->declaration_id);
}

static void
test_withdraw_pending (Fixture       *fx,
                       gconstpointer  data)
{
  g_autofree char *declaration_id = submit_enrolment ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) at_hall = NULL;
  GListModel *results;
  guint position = G_MAXUINT;

  yb_queries_page_set_view (fx->page, YB_QUERIES_PENDING);
  refresh (fx);
  results = yb_queries_page_get_results (fx->page);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (results, i);

      if (g_strcmp0 (yb_query_row_get_string (row, "declaration_id"), declaration_id) == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_false (action_enabled (fx, "queries.withdraw"));
  yb_queries_page_select (fx->page, position);
  wait_idle (fx->page);
  g_assert_nonnull (strstr (yb_queries_page_get_details (fx->page), "测试撤回"));
  g_assert_true (action_enabled (fx, "queries.withdraw"));
  screenshot (fx, "pending");
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "queries.withdraw", NULL);
  wait_idle (fx->page);

  yb_hall_client_get_declaration_async (client, HZ, declaration_id, NULL, yb_test_store_result,
                                        &result);
  at_hall = yb_hall_client_get_declaration_finish (client, yb_test_await (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (at_hall, "status"), ==, "withdrawn");
  /* It left the pending list, and the local copy (the outbox's) says withdrawn too. */
  results = yb_queries_page_get_results (fx->page);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (results, i);

      g_assert_cmpstr (yb_query_row_get_string (row, "declaration_id"), !=, declaration_id);
    }
  {
    g_autoptr (YbStoreDeclaration) local = yb_store_declaration_lookup_hall_id (fx->store,
                                                                                declaration_id);

    g_assert_nonnull (local);
    g_assert_cmpint (yb_store_declaration_get_state (local), ==, YB_DECLARATION_WITHDRAWN);
  }
}

static void
test_progress (Fixture       *fx,
               gconstpointer  data)
{
  GListModel *results;
  gboolean approved = FALSE, rejected = FALSE;

  yb_queries_page_set_view (fx->page, YB_QUERIES_PROGRESS);
  set_text (fx, "from_day_entry", "2026-13-01");
  g_assert_nonnull (strstr (label_text (fx, "days_error"), "From date"));
  g_assert_false (action_enabled (fx, "queries.refresh"));
  set_text (fx, "from_day_entry", "2020-01-01");
  set_text (fx, "to_day_entry", "2026-03-16");
  refresh (fx);
  results = yb_queries_page_get_results (fx->page);
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (results, i);
      const char *status = yb_query_row_get_string (row, "status");
      const char *day = yb_query_row_get_string (row, "submitted_at");

      g_assert_cmpstr (day, >=, "2020-01-01");
      g_assert_cmpstr (day, <, "2026-03-17");
      if (g_strcmp0 (status, "approved") == 0)
        approved = TRUE;
      if (g_strcmp0 (status, "rejected") == 0)
        {
          g_autofree char *reason = cell (fx, i, "reason");
          g_autofree char *shown = cell (fx, i, "status");

          rejected = TRUE;
          g_assert_nonnull (strstr (reason, "身份证号码与姓名不一致"));
          g_assert_cmpstr (shown, !=, "");
        }
    }
  g_assert_true (approved);
  g_assert_true (rejected);
  screenshot (fx, "progress");
  check_export (fx, "progress.csv");

  yb_queries_page_set_view (fx->page, YB_QUERIES_AUDITED);
  refresh (fx);
  results = yb_queries_page_get_results (fx->page);
  g_assert_cmpuint (g_list_model_get_n_items (results), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr (YbQueryRow) row = g_list_model_get_item (results, i);
      const char *status = yb_query_row_get_string (row, "status");

      g_assert_true (g_str_equal (status, "approved") || g_str_equal (status, "rejected"));
    }
}

static void
test_reconcile (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr (GListModel) insured = yb_store_queries_roster (fx->store, "insured", NULL);
  g_autoptr (YbQueryRow) person = g_list_model_get_item (insured, 1);
  g_autoptr (JsonObject) changed = json_object_ref (yb_query_row_get_object (person));
  g_autoptr (JsonArray) delta = json_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *person_no = g_strdup (yb_query_row_get_string (person, "person_no"));
  g_autofree char *hall_base = g_strdup (yb_query_row_get_string (person, "base"));
  GListModel *results;
  gint64 draft;

  /* Seed: this person's wage and base changed here only, and a draft never sent. */
  json_object_set_string_member (changed, "base", "12345.00");
  json_object_set_string_member (changed, "wage", "12345.00");
  json_object_set_int_member (changed, "revision",
                              json_object_get_int_member (changed, "revision") + 1000000);
  json_array_add_object_element (delta, json_object_ref (changed));
  g_assert_true (yb_store_roster_apply_delta (fx->store, delta, NULL, &error));
  g_assert_no_error (error);
  draft = yb_store_declaration_create (fx->store, "enrol_new",
                                       "{\"name\":\"周敏\",\"id_number\":\"330106199203031234\"}",
                                       &error);
  g_assert_no_error (error);

  yb_queries_page_set_view (fx->page, YB_QUERIES_RECONCILE);
  refresh (fx);
  results = yb_queries_page_get_results (fx->page);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  {
    g_autoptr (YbQueryRow) first = g_list_model_get_item (results, 0);
    g_autoptr (YbQueryRow) second = g_list_model_get_item (results, 1);

    g_assert_cmpstr (yb_query_row_get_string (first, "kind"), ==, "draft-not-submitted");
    g_assert_cmpint (g_ascii_strtoll (yb_query_row_get_string (first, "declaration_id"), NULL,
                                      10), ==, draft);
    g_assert_cmpstr (yb_query_row_get_string (second, "kind"), ==, "base-differs");
    g_assert_cmpstr (yb_query_row_get_string (second, "person_no"), ==, person_no);
    g_assert_cmpstr (yb_query_row_get_string (second, "local"), ==, "12345.00");
    g_assert_cmpstr (yb_query_row_get_string (second, "hall"), ==, hall_base);
  }
  screenshot (fx, "reconcile");
  check_export (fx, "reconcile.xlsx");
}

/* Last: stops the hall. */
static void
test_offline (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr (GListModel) insured = yb_store_queries_roster (fx->store, "insured", NULL);
  g_autoptr (YbQueryRow) person = g_list_model_get_item (insured, 0);
  guint n;

  yb_queries_page_set_view (fx->page, YB_QUERIES_EMPLOYEE_PAYMENTS);
  set_text (fx, "person_entry", yb_query_row_get_string (person, "person_no"));
  set_text (fx, "from_month_entry", "202601");
  set_text (fx, "to_month_entry", "202602");
  refresh (fx);
  n = g_list_model_get_n_items (yb_queries_page_get_results (fx->page));
  g_assert_cmpuint (n, >, 0);

  g_clear_pointer (&hall, yb_test_hall_stop);
  refresh (fx);
  g_assert_nonnull (yb_queries_page_get_last_message (fx->page));
  g_assert_nonnull (strstr (yb_queries_page_get_last_message (fx->page), "hall"));
  /* The cached rows stay, and the as-of line says how old they are and that we are offline. */
  g_assert_cmpuint (g_list_model_get_n_items (yb_queries_page_get_results (fx->page)), ==, n);
  g_assert_true (g_str_has_prefix (label_text (fx, "as_of_label"), "Data as of"));
  g_assert_nonnull (strstr (label_text (fx, "as_of_label"), "offline"));
  screenshot (fx, "offline");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  hall = yb_test_hall_start (FALSE, "--demo", "--clock", "2026-03-16T10:30:00+08:00",
                             "--window", "open", "--audit-delay", "3600", NULL);
  client = yb_test_ui_log_in (hall);
  yb_hall_client_set_timeout (client, 3);

#define ADD(path, func)                                                                        \
  g_test_add ("/ui/queries/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("employee-payments", test_employee_payments);
  ADD ("unit-payments", test_unit_payments);
  ADD ("roster-details", test_roster_details);
  ADD ("unit-information", test_unit_information);
  ADD ("withdraw-pending", test_withdraw_pending);
  ADD ("progress", test_progress);
  ADD ("reconcile", test_reconcile);
  ADD ("offline", test_offline);
#undef ADD
  status = g_test_run ();
  g_clear_object (&client);
  g_clear_pointer (&hall, yb_test_hall_stop);
  return status;
}
