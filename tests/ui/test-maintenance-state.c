/* test-maintenance-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 信息维护 form states without a display: material checks by content and
 * size, the bank search by short name, per-field errors and enabled actions,
 * and contribution bases clamped at the region's floor and ceiling.
 */
#include <glib.h>
#include <string.h>

#include "yb-maintenance-state.h"

static const guint8 png_head[] = { 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d,
                                   'I', 'H', 'D', 'R' };
static const guint8 jpeg_head[] = { 0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'J', 'F', 'I', 'F', 0 };

static GDateTime *
march_2026 (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  return g_date_time_new (tz, 2026, 3, 16, 10, 30, 0);
}

static YbRegionProfile *
profile (const char *id)
{
  g_autoptr(GError) error = NULL;
  YbRegionProfile *p = yb_region_profile_load_builtin (id, &error);

  g_assert_no_error (error);
  return p;
}

static void
test_material_types (void)
{
  static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Pages /Count 2 >> endobj\n"
                            "2 0 obj << /Type /Page >> endobj\n3 0 obj << /Type/Page >> endobj\n";
  static const char text[] = "hello, this is text\n";
  g_autofree char *type = NULL;
  g_autofree char *problem = NULL;

  g_assert_null (yb_maintenance_check_material ("a.png", png_head, sizeof png_head, 2000, NULL,
                                                &type));
  g_assert_cmpstr (type, ==, "image/png");
  g_clear_pointer (&type, g_free);
  /* The name does not matter, the bytes do. */
  g_assert_null (yb_maintenance_check_material ("scan.pdf", jpeg_head, sizeof jpeg_head, 2000,
                                                NULL, &type));
  g_assert_cmpstr (type, ==, "image/jpeg");
  g_clear_pointer (&type, g_free);
  g_assert_null (yb_maintenance_check_material ("a.pdf", (const guint8 *) pdf, strlen (pdf),
                                                strlen (pdf), NULL, &type));
  g_assert_cmpstr (type, ==, "application/pdf");
  g_assert_cmpuint (yb_maintenance_pdf_count_pages ((const guint8 *) pdf, strlen (pdf)), ==, 2);

  problem = yb_maintenance_check_material ("photo.png", (const guint8 *) text, strlen (text),
                                           strlen (text), NULL, NULL);
  g_assert_nonnull (problem);
  g_assert_nonnull (strstr (problem, "photo.png"));
  g_clear_pointer (&problem, g_free);
  problem = yb_maintenance_check_material ("big.png", png_head, sizeof png_head,
                                           20 * 1024 * 1024, NULL, NULL);
  g_assert_nonnull (strstr (problem, "5 MB"));
  g_clear_pointer (&problem, g_free);
  /* Exactly 5 MiB passes, one byte more does not. */
  g_assert_null (yb_maintenance_check_material ("edge.png", png_head, sizeof png_head,
                                                YB_MAINTENANCE_MATERIAL_MAX_SIZE, NULL, NULL));
  problem = yb_maintenance_check_material ("edge.png", png_head, sizeof png_head,
                                           YB_MAINTENANCE_MATERIAL_MAX_SIZE + 1, NULL, NULL);
  g_assert_nonnull (problem);
  g_clear_pointer (&problem, g_free);
  problem = yb_maintenance_check_material ("empty.png", NULL, 0, 0, NULL, NULL);
  g_assert_nonnull (strstr (problem, "empty"));
}

static GBytes *
excel_fixture (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "data", "excel", name, NULL),
                       &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

/* BR-34: 舟山's 材料2 is the completed Excel sheet, 材料1 the stamped scan as jpg. */
static void
test_material_xlsx (void)
{
  g_autoptr(YbRegionProfile) zs = profile ("zhoushan");
  g_autoptr(YbRegionProfile) hz = profile ("hangzhou");
  g_autoptr(GBytes) workbook = excel_fixture ("two-sheets.xlsx");
  g_autoptr(GBytes) ods = excel_fixture ("opendocument.xlsx");
  g_autoptr(GBytes) truncated = excel_fixture ("truncated.xlsx");
  static const char csv[] = "name,avg_wage\n张三,8000\n";
  const char * const *sheet = yb_region_profile_get_material_types (zs, "base_declaration",
                                                                    "roster_sheet");
  const char * const *scan = yb_region_profile_get_material_types (zs, "base_declaration",
                                                                   "stamped_scan");
  const char * const *key = yb_region_profile_get_material_types (hz, "unit_key_change",
                                                                  "supporting_document");
  const guint8 *data = g_bytes_get_data (workbook, NULL);
  gsize size = g_bytes_get_size (workbook);
  g_autofree char *type = NULL;
  g_autofree char *problem = NULL;

  g_assert_true (yb_maintenance_is_xlsx (data, size));
  g_assert_null (yb_maintenance_check_material ("基数申报.xlsx", data, size, size, sheet, &type));
  g_assert_cmpstr (type, ==, YB_MAINTENANCE_XLSX_TYPE);
  g_clear_pointer (&type, g_free);

  /* The same workbook is no stamped scan, nor a supporting document in 杭州. */
  problem = yb_maintenance_check_material ("基数申报.xlsx", data, size, size, scan, &type);
  g_assert_nonnull (problem);
  g_assert_null (type);
  g_assert_nonnull (strstr (problem, "基数申报.xlsx"));
  g_assert_nonnull (strstr (problem, "JPG"));
  g_clear_pointer (&problem, g_free);
  problem = yb_maintenance_check_material ("a.xlsx", data, size, size, key, NULL);
  g_assert_nonnull (problem);
  g_clear_pointer (&problem, g_free);
  problem = yb_maintenance_check_material ("a.xlsx", data, size, size, NULL, NULL);
  g_assert_nonnull (problem);
  g_clear_pointer (&problem, g_free);

  /* A jpg is no roster sheet, and the scan must be a jpg, not a png. */
  problem = yb_maintenance_check_material ("scan.jpg", jpeg_head, sizeof jpeg_head, 2000, sheet,
                                           NULL);
  g_assert_nonnull (strstr (problem, "Excel"));
  g_clear_pointer (&problem, g_free);
  g_assert_null (yb_maintenance_check_material ("scan.jpg", jpeg_head, sizeof jpeg_head, 2000,
                                                scan, NULL));
  problem = yb_maintenance_check_material ("scan.png", png_head, sizeof png_head, 2000, scan,
                                           NULL);
  g_assert_nonnull (problem);
  g_clear_pointer (&problem, g_free);

  /* Text renamed .xlsx, an OpenDocument zip and a cut-off workbook are all refused. */
  problem = yb_maintenance_check_material ("renamed.xlsx", (const guint8 *) csv, strlen (csv),
                                           strlen (csv), sheet, NULL);
  g_assert_nonnull (strstr (problem, "renamed.xlsx"));
  g_clear_pointer (&problem, g_free);
  g_assert_false (yb_maintenance_is_xlsx (g_bytes_get_data (ods, NULL), g_bytes_get_size (ods)));
  problem = yb_maintenance_check_material ("sheet.xlsx", g_bytes_get_data (ods, NULL),
                                           g_bytes_get_size (ods), g_bytes_get_size (ods), sheet,
                                           NULL);
  g_assert_nonnull (problem);
  g_clear_pointer (&problem, g_free);
  g_assert_false (yb_maintenance_is_xlsx (g_bytes_get_data (truncated, NULL),
                                          g_bytes_get_size (truncated)));
  /* Only the head of a workbook does not show its central directory. */
  g_assert_false (yb_maintenance_is_xlsx (data, MIN (size, 200)));
}

static void
test_bank_search (void)
{
  g_assert_true (yb_maintenance_bank_matches ("工行", "中国工商银行", "102"));
  g_assert_true (yb_maintenance_bank_matches ("建行", "中国建设银行", "105"));
  g_assert_false (yb_maintenance_bank_matches ("工行", "中国建设银行", "105"));
  g_assert_true (yb_maintenance_bank_matches ("10", "中国建设银行", "105"));
  g_assert_true (yb_maintenance_bank_matches ("", "中国建设银行", "105"));
  g_assert_true (yb_maintenance_bank_matches ("agri", "Agricultural Bank of China", "103"));
  g_assert_false (yb_maintenance_bank_matches ("xyz", "Agricultural Bank of China", "103"));
}

static void
test_contact_state (void)
{
  g_autoptr(YbRegionProfile) hz = profile ("hangzhou");
  g_autoptr(GDateTime) now = march_2026 ();
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_UNIT_CONTACT_CHANGE);
  YbMaintenanceContext context = { .online = TRUE, .needs_online = TRUE };
  YbMaintenanceFormState state;

  /* Nothing typed: disabled, with a hint rather than an error. */
  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_false (state.can_apply);
  g_assert_nonnull (state.hint);
  g_assert_null (yb_maintenance_form_state_get_error (&state, "agent_phone"));
  yb_maintenance_form_state_clear (&state);

  yb_declaration_set_string (decl, "agent_phone", "12345");
  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_false (state.can_apply);
  g_assert_nonnull (yb_maintenance_form_state_get_error (&state, "agent_phone"));
  yb_maintenance_form_state_clear (&state);

  yb_declaration_set_string (decl, "agent_phone", "0571-88808880");
  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_true (state.can_apply);
  yb_maintenance_form_state_clear (&state);

  /* Direct changes need the hall. */
  context.online = FALSE;
  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_false (state.can_apply);
  g_assert_nonnull (state.hint);
  yb_maintenance_form_state_clear (&state);
}

static void
test_key_state (void)
{
  g_autoptr(YbRegionProfile) hz = profile ("hangzhou");
  g_autoptr(GDateTime) now = march_2026 ();
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_UNIT_KEY_CHANGE);
  YbMaintenanceContext context = { .online = FALSE };
  YbMaintenanceFormState state;

  yb_declaration_set_string (decl, "legal_name", "陈建业");
  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_false (state.can_apply);
  g_assert_nonnull (state.general_error); /* the material is missing */
  yb_maintenance_form_state_clear (&state);

  yb_declaration_add_material (decl, "supporting_document", "local:1", "licence.png");
  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_true (state.can_apply);
  g_assert_null (state.general_error);
  yb_maintenance_form_state_clear (&state);
}

static void
test_person_state (void)
{
  g_autoptr(YbRegionProfile) hz = profile ("hangzhou");
  g_autoptr(GDateTime) now = march_2026 ();
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_PERSON_CHANGE);
  YbMaintenanceContext context = { .online = TRUE, .has_subject = FALSE };
  YbMaintenanceFormState state;

  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_false (state.can_apply);
  g_assert_nonnull (state.hint);
  yb_maintenance_form_state_clear (&state);

  context.has_subject = TRUE;
  yb_declaration_set_string (decl, "person_no", "P330100000123");
  yb_declaration_set_string (decl, "id_number", "11010519491231002X");
  yb_declaration_set_string (decl, "postcode", "31001");
  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_false (state.can_apply);
  g_assert_nonnull (yb_maintenance_form_state_get_error (&state, "postcode"));
  yb_maintenance_form_state_clear (&state);

  yb_declaration_set_string (decl, "postcode", "310012");
  yb_maintenance_form_state_compute (&state, decl, hz, now, &context);
  g_assert_true (state.can_apply);
  yb_maintenance_form_state_clear (&state);
}

static void
test_base_clamping (void)
{
  g_autoptr(YbRegionProfile) hz = profile ("hangzhou");
  g_autoptr(GDateTime) now = march_2026 ();
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
  YbMaintenanceContext context = { .online = TRUE };
  YbMaintenanceBaseState state;
  YbMaintenanceBaseRow *rows;

  yb_declaration_set_string (decl, "year", "2026");
  yb_maintenance_base_state_compute (&state, decl, hz, now, &context);
  g_assert_false (state.can_submit);
  g_assert_nonnull (state.general_error);
  yb_maintenance_base_state_clear (&state);

  yb_declaration_add_item (decl, "P1", "11010519491231002X", "甲", "100.00");
  yb_declaration_add_item (decl, "P2", NULL, "乙", "9999999.00");
  yb_declaration_add_item (decl, "P3", NULL, "丙", "9000.00");
  yb_maintenance_base_state_compute (&state, decl, hz, now, &context);
  rows = (YbMaintenanceBaseRow *) state.rows->data;
  g_assert_cmpint (state.floor_cents, >, 0);
  g_assert_cmpint (state.ceiling_cents, >, state.floor_cents);
  g_assert_true (rows[0].valid);
  g_assert_cmpint (rows[0].clamp, ==, YB_MAINTENANCE_BASE_FLOOR);
  g_assert_cmpint (rows[0].base_cents, ==, state.floor_cents);
  g_assert_cmpint (rows[1].clamp, ==, YB_MAINTENANCE_BASE_CEILING);
  g_assert_cmpint (rows[1].base_cents, ==, state.ceiling_cents);
  g_assert_cmpint (rows[2].clamp, ==, YB_MAINTENANCE_BASE_NONE);
  g_assert_cmpint (rows[2].base_cents, ==, 900000);
  g_assert_true (state.needed);
  g_assert_true (state.can_submit);
  yb_maintenance_base_state_clear (&state);

  yb_declaration_set_item_string (decl, 2, "avg_wage", "-5");
  yb_maintenance_base_state_compute (&state, decl, hz, now, &context);
  rows = (YbMaintenanceBaseRow *) state.rows->data;
  g_assert_false (rows[2].valid);
  g_assert_nonnull (rows[2].error);
  g_assert_false (state.can_submit);
  yb_maintenance_base_state_clear (&state);
}

static void
test_base_zhoushan_floor (void)
{
  g_autoptr(YbRegionProfile) zs = profile ("zhoushan");
  g_autoptr(GDateTime) now = march_2026 ();
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
  YbMaintenanceContext context = { .online = TRUE };
  YbMaintenanceBaseState state;

  yb_declaration_set_string (decl, "year", "2020");
  yb_declaration_add_item (decl, "P1", "11010519491231002X", "甲", "3000.00");
  yb_declaration_add_item (decl, "P2", NULL, "乙", "5360.00");
  yb_maintenance_base_state_compute (&state, decl, zs, now, &context);
  g_assert_cmpint (state.floor_cents, ==, 536000);
  g_assert_false (state.needed);
  g_assert_false (state.can_submit);
  g_assert_nonnull (strstr (state.notice, "5360.00"));
  yb_maintenance_base_state_clear (&state);

  yb_declaration_set_item_string (decl, 1, "avg_wage", "6000.00");
  yb_maintenance_base_state_compute (&state, decl, zs, now, &context);
  g_assert_true (state.needed);
  yb_maintenance_base_state_clear (&state);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/maintenance-state/material-types", test_material_types);
  g_test_add_func ("/ui/maintenance-state/material-xlsx", test_material_xlsx);
  g_test_add_func ("/ui/maintenance-state/bank-search", test_bank_search);
  g_test_add_func ("/ui/maintenance-state/contact", test_contact_state);
  g_test_add_func ("/ui/maintenance-state/key-change", test_key_state);
  g_test_add_func ("/ui/maintenance-state/person", test_person_state);
  g_test_add_func ("/ui/maintenance-state/base-clamping", test_base_clamping);
  g_test_add_func ("/ui/maintenance-state/base-zhoushan-floor", test_base_zhoushan_floor);
  return g_test_run ();
}
