/* test-report.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "yb-report-presets.h"
#include "yb-roster-model.h"
#include "yb-store.h"
#include "test-print-util.h"

typedef struct
{
  guint fetched;
  guint max_index;
} FetchLog;

static GStrv
fetch_numbered (guint    index,
                gpointer user_data)
{
  FetchLog *log = user_data;
  GStrv cells = g_new0 (char *, 4);

  log->fetched++;
  log->max_index = MAX (log->max_index, index);
  cells[0] = g_strdup_printf ("row-%04u", index + 1);
  cells[1] = g_strdup ("杭州市西湖区文三路 1 号");
  cells[2] = g_strdup_printf ("%u.00", index * 10);
  return cells;
}

static GDateTime *
at (const char *iso)
{
  GDateTime *time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return time;
}

static char *
write_report (YbReportDocument *report,
              const char       *stem,
              char            **out_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) printed = at ("2026-03-11T10:00:00+08:00");
  char *dir = test_print_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);

  yb_print_document_set_printed_at (YB_PRINT_DOCUMENT (report), printed);
  g_assert_true (yb_print_document_write_pdf (YB_PRINT_DOCUMENT (report), path, NULL, &error));
  g_assert_no_error (error);
  test_print_keep_png (path, stem);
  *out_dir = dir;
  return g_steal_pointer (&path);
}

static void
test_long_report (void)
{
  g_autoptr(YbReportDocument) report = yb_report_document_new ("Test report 长报表");
  g_autoptr(GDateTime) as_of = at ("2026-03-09T08:30:00+08:00");
  FetchLog log = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *all = NULL;
  guint pages;

  yb_report_document_set_unit_name (report, "杭州示例科技有限公司");
  yb_report_document_set_data_as_of (report, as_of);
  yb_report_document_set_subtitle (report, "Subtitle line");
  yb_report_document_set_summary (report, "Summary: 200 rows");
  yb_report_document_add_column (report, "Key", 1, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, "Address", 3, PANGO_ALIGN_LEFT);
  yb_report_document_add_column (report, "Amount", 1, PANGO_ALIGN_RIGHT);
  yb_report_document_set_rows (report, 200, fetch_numbered, &log, NULL);
  path = write_report (report, "report-long", &dir);

  pages = test_print_pdf_pages (path);
  g_assert_cmpuint (pages, ==, yb_print_document_get_n_pages (YB_PRINT_DOCUMENT (report)));
  g_assert_cmpuint (pages, >=, 3);
  /* Each row is fetched once, only while its page is drawn. */
  g_assert_cmpuint (log.fetched, ==, 200);
  g_assert_cmpuint (log.max_index, ==, 199);
  for (guint page = 1; page <= pages; page++)
    {
      g_autofree char *text = test_print_pdf_text (path, page);
      g_autofree char *number = g_strdup_printf ("Page %u of %u", page, pages);

      g_assert_nonnull (strstr (text, "Test report 长报表"));
      g_assert_nonnull (strstr (text, "Unit: 杭州示例科技有限公司"));
      g_assert_nonnull (strstr (text, "Printed: 2026-03-11 10:00"));
      g_assert_nonnull (strstr (text, "Data as of 2026-03-09 08:30 (2 days old)"));
      g_assert_nonnull (strstr (text, "Key"));
      g_assert_nonnull (strstr (text, "Address"));
      g_assert_nonnull (strstr (text, "Amount"));
      g_assert_nonnull (strstr (text, number));
      g_assert_cmpuint (test_print_count (text, "Page "), ==, 1);
    }
  all = test_print_pdf_text (path, 0);
  for (guint i = 1; i <= 200; i++)
    {
      g_autofree char *key = g_strdup_printf ("row-%04u", i);

      g_assert_cmpuint (test_print_count (all, key), ==, 1);
    }
  g_assert_nonnull (strstr (all, "1990.00"));
  g_assert_cmpuint (test_print_count (all, "Summary: 200 rows"), ==, 1);
  {
    g_autofree char *last = test_print_pdf_text (path, pages);

    g_assert_nonnull (strstr (last, "Summary: 200 rows"));
  }
  test_print_remove_tree (dir);
}

static void
test_age_text (void)
{
  g_autoptr(YbReportDocument) report = yb_report_document_new ("Age");
  g_autoptr(GDateTime) printed = at ("2026-03-11T10:00:00+08:00");
  g_autoptr(GDateTime) recent = at ("2026-03-11T09:30:00+08:00");
  g_autoptr(GDateTime) hours = at ("2026-03-11T05:00:00+08:00");
  g_autofree char *never = NULL, *current = NULL, *five = NULL;

  yb_print_document_set_printed_at (YB_PRINT_DOCUMENT (report), printed);
  never = yb_report_document_dup_age_text (report);
  g_assert_cmpstr (never, ==, "Data as of: unknown (never synchronised)");
  yb_report_document_set_data_as_of (report, recent);
  current = yb_report_document_dup_age_text (report);
  g_assert_cmpstr (current, ==, "Data as of 2026-03-11 09:30 (current)");
  yb_report_document_set_data_as_of (report, hours);
  five = yb_report_document_dup_age_text (report);
  g_assert_cmpstr (five, ==, "Data as of 2026-03-11 05:00 (5 hours old)");
}

static void
test_empty_report (void)
{
  g_autoptr(YbReportDocument) report = yb_report_document_new ("Empty");
  g_autoptr(YbReportDocument) no_columns = yb_report_document_new ("No columns");
  FetchLog log = { 0 };
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bad = NULL;

  yb_report_document_add_column (report, "Key", 1, PANGO_ALIGN_LEFT);
  yb_report_document_set_rows (report, 0, fetch_numbered, &log, NULL);
  path = write_report (report, "report-empty", &dir);
  g_assert_cmpuint (test_print_pdf_pages (path), ==, 1);
  text = test_print_pdf_text (path, 0);
  g_assert_nonnull (strstr (text, "No rows."));
  g_assert_nonnull (strstr (text, "Page 1 of 1"));
  g_assert_cmpuint (log.fetched, ==, 0);

  bad = g_build_filename (dir, "bad.pdf", NULL);
  g_assert_false (yb_print_document_write_pdf (YB_PRINT_DOCUMENT (no_columns), bad, NULL,
                                               &error));
  g_assert_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_EMPTY);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  test_print_remove_tree (dir);
}

static void
test_cancelled_write (void)
{
  g_autoptr(YbReportDocument) report = yb_report_document_new ("Cancelled");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_print_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "x.pdf", NULL);
  FetchLog log = { 0 };

  yb_report_document_add_column (report, "Key", 1, PANGO_ALIGN_LEFT);
  yb_report_document_set_rows (report, 10, fetch_numbered, &log, NULL);
  g_cancellable_cancel (cancellable);
  g_assert_false (yb_print_document_write_pdf (YB_PRINT_DOCUMENT (report), path, cancellable,
                                               &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  test_print_remove_tree (dir);
}

static JsonArray *
parse_array (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_array_ref (json_node_get_array (node));
}

static void
test_payment_reports (void)
{
  g_autoptr(JsonArray) unit = parse_array (
    "[{\"period\":\"202601\",\"insurance\":\"310\",\"insurance_label\":\"职工基本医疗保险\","
    "\"headcount\":118,\"base_total\":\"944000.00\",\"unit_amount\":\"89680.00\","
    "\"personal_amount\":\"18880.00\",\"total\":\"108560.00\"},"
    "{\"period\":\"202602\",\"insurance\":\"510\",\"insurance_label\":\"生育保险\","
    "\"headcount\":118,\"base_total\":\"944000.00\",\"unit_amount\":\"4720.00\","
    "\"personal_amount\":\"0.00\",\"total\":\"4720.00\"}, 7]");
  g_autoptr(JsonArray) person = parse_array (
    "[{\"period\":\"202601\",\"insurance_label\":\"职工基本医疗保险\",\"base\":\"8000.00\","
    "\"unit_amount\":\"760.00\",\"personal_amount\":\"160.00\",\"status\":\"paid\"},"
    "{\"period\":\"202602\",\"insurance_label\":\"职工基本医疗保险\",\"base\":\"8000.00\","
    "\"unit_amount\":\"760.00\",\"personal_amount\":\"160.00\",\"status\":\"paid\"}]");
  g_autoptr(GDateTime) as_of = at ("2026-03-10T09:30:00+08:00");
  g_autoptr(YbReportDocument) unit_report =
    yb_report_new_unit_payments ("杭州示例科技有限公司", as_of, "202601", "202602", unit);
  g_autoptr(YbReportDocument) person_report =
    yb_report_new_person_payments ("杭州示例科技有限公司", as_of, "张伟", "202601", "202602",
                                   person);
  g_autofree char *dir1 = NULL, *dir2 = NULL;
  g_autofree char *path1 = write_report (unit_report, "report-unit-payments", &dir1);
  g_autofree char *path2 = write_report (person_report, "report-person-payments", &dir2);
  g_autofree char *text1 = test_print_pdf_text (path1, 0);
  g_autofree char *text2 = test_print_pdf_text (path2, 0);

  g_assert_nonnull (strstr (text1, "Unit payment details"));
  g_assert_nonnull (strstr (text1, "Period: 2026.01 – 2026.02"));
  g_assert_nonnull (strstr (text1, "职工基本医疗保险"));
  g_assert_nonnull (strstr (text1, "生育保险"));
  g_assert_nonnull (strstr (text1, "944,000.00"));
  g_assert_nonnull (strstr (text1, "108,560.00"));
  /* 89680 + 4720 and 18880 + 0; the malformed third row is printed blank. */
  g_assert_nonnull (strstr (text1, "unit part 94,400.00, personal part 18,880.00, together "
                                   "113,280.00 yuan"));
  g_assert_nonnull (strstr (text1, "Data as of 2026-03-10 09:30 (1 day old)"));

  g_assert_nonnull (strstr (text2, "Personal payment details"));
  g_assert_nonnull (strstr (text2, "Insured person: 张伟"));
  g_assert_nonnull (strstr (text2, "2026.02"));
  g_assert_nonnull (strstr (text2, "8,000.00"));
  g_assert_nonnull (strstr (text2, "Paid"));
  g_assert_nonnull (strstr (text2, "together 1,840.00 yuan"));
  test_print_remove_tree (dir1);
  test_print_remove_tree (dir2);
}

static JsonArray *
make_roster (guint n)
{
  JsonArray *people = json_array_new ();

  for (guint i = 0; i < n; i++)
    {
      JsonObject *p = json_object_new ();
      g_autofree char *no = g_strdup_printf ("P%06u", i + 1);
      g_autofree char *id = g_strdup_printf ("33010619900101%04u", i + 1);
      g_autofree char *name = g_strdup_printf ("员工%04u", i + 1);

      json_object_set_string_member (p, "person_no", no);
      json_object_set_int_member (p, "revision", i + 1);
      json_object_set_string_member (p, "id_number", id);
      json_object_set_string_member (p, "name", name);
      json_object_set_string_member (p, "sex", i % 2 ? "2" : "1");
      json_object_set_string_member (p, "status", i % 10 == 9 ? "stopped" : "insured");
      json_object_set_string_member (p, "insured_from", "202301");
      json_object_set_string_member (p, "base", "8000.00");
      json_object_set_string_member (p, "phone", "13800001234");
      json_array_add_object_element (people, p);
    }
  return people;
}

static void
test_roster_report (void)
{
  g_autofree char *dir = test_print_temp_dir ();
  g_autofree char *db = g_build_filename (dir, "store.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YbStore) store = yb_store_open (db, &error);
  g_autoptr(JsonArray) people = make_roster (3000);
  g_autoptr(YbRosterModel) model = NULL;
  g_autoptr(YbReportDocument) report = NULL;
  g_autoptr(GDateTime) as_of = at ("2026-03-10T09:30:00+08:00");
  g_autofree char *pdf_dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  guint pages;

  g_assert_no_error (error);
  g_assert_true (yb_store_roster_replace (store, people, NULL, &error));
  g_assert_no_error (error);
  model = yb_roster_model_new (store, NULL, YB_ROSTER_SORT_PERSON_NO);
  report = yb_report_new_roster ("杭州示例科技有限公司", as_of, G_LIST_MODEL (model), FALSE);
  path = write_report (report, "report-roster", &pdf_dir);
  pages = test_print_pdf_pages (path);
  g_assert_cmpuint (pages, ==,
                    (3000 + yb_report_document_get_rows_per_page (report) - 1)
                      / yb_report_document_get_rows_per_page (report));
  first = test_print_pdf_text (path, 1);
  g_assert_nonnull (strstr (first, "Insured staff roster"));
  g_assert_nonnull (strstr (first, "3000 people"));
  g_assert_nonnull (strstr (first, "员工0001"));
  g_assert_nonnull (strstr (first, "3301**********0001"));
  g_assert_null (strstr (first, "330106199001010001"));
  g_assert_nonnull (strstr (first, "Male"));
  g_assert_nonnull (strstr (first, "8,000.00"));
  {
    g_autofree char *last = test_print_pdf_text (path, pages);
    g_autofree char *number = g_strdup_printf ("Page %u of %u", pages, pages);

    g_assert_nonnull (strstr (last, "员工3000"));
    g_assert_nonnull (strstr (last, "Stopped"));
    g_assert_nonnull (strstr (last, "Insured staff roster"));
    g_assert_nonnull (strstr (last, "ID number"));
    g_assert_nonnull (strstr (last, number));
  }
  test_print_remove_tree (pdf_dir);
  g_clear_object (&report);
  g_clear_object (&model);
  g_clear_object (&store);
  test_print_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/io/report/long", test_long_report);
  g_test_add_func ("/io/report/age-text", test_age_text);
  g_test_add_func ("/io/report/empty", test_empty_report);
  g_test_add_func ("/io/report/cancelled", test_cancelled_write);
  g_test_add_func ("/io/report/payments", test_payment_reports);
  g_test_add_func ("/io/report/roster", test_roster_report);

  return g_test_run ();
}
