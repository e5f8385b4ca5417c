/* test-region-profile.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "yb-declaration.h"
#include "yb-region-profile.h"

static YbRegionProfile *
load (const char *id)
{
  g_autoptr(GError) error = NULL;
  YbRegionProfile *profile = yb_region_profile_load_builtin (id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (profile);
  return profile;
}

static YbRegionProfile *
load_fixture (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_test_get_filename (G_TEST_DIST, "data", "regions",
                                                                    "minimal.json", NULL));
  g_autoptr(GError) error = NULL;
  YbRegionProfile *profile = yb_region_profile_new_from_file (file, &error);

  g_assert_no_error (error);
  return profile;
}

static GDateTime *
shanghai (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static void
test_builtin_valid (void)
{
  const char * const *ids = yb_region_profile_get_builtin_ids ();
  static const char * const lists[] = {
    "id_type", "sex", "ethnicity", "education", "hukou_type", "employment_form", "enrol_reason",
    "reduce_reason", "job_type", "bank_category", "insurance_type", "enrol_business_type", NULL
  };

  g_assert_cmpuint (g_strv_length ((char **) ids), ==, 3);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(YbRegionProfile) profile = load (ids[i]);
      const char * const *kinds;

      g_assert_cmpstr (yb_region_profile_get_id (profile), ==, ids[i]);
      g_assert_cmpstr (yb_region_profile_get_version (profile), !=, "");
      g_assert_cmpstr (yb_region_profile_get_timezone_id (profile), ==, "Asia/Shanghai");
      g_assert_cmpuint (yb_region_profile_get_sub_regions (profile)->len, >=, 5);
      g_assert_nonnull (yb_region_profile_find_rate (profile, "310"));
      g_assert_nonnull (yb_region_profile_find_rate (profile, "510"));
      g_assert_true (yb_region_profile_find_rate (profile, "310")->example);
      g_assert_nonnull (yb_region_profile_find_base_limits (profile, 2020, NULL));

      for (guint j = 0; lists[j] != NULL; j++)
        {
          GPtrArray *entries = yb_region_profile_get_code_list (profile, lists[j]);

          g_assert_nonnull (entries);
          g_assert_cmpuint (entries->len, >, 0);
        }

      /* Every declaration kind has a form in every shipped profile. */
      kinds = (const char * const[]) { "enrol_new", "enrol_resume", "reduce", "person_change",
                                       NULL };
      for (guint j = 0; kinds[j] != NULL; j++)
        g_assert_cmpuint (g_strv_length ((char **) yb_region_profile_get_required_fields (profile,
                                                                                   kinds[j])),
                          >, 0);

      g_assert_true (g_strv_contains (yb_region_profile_get_business_types (profile), "new"));
      g_assert_true (g_strv_contains (yb_region_profile_get_business_types (profile), "resume"));
    }
}

static void
test_builtin_unknown (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = yb_region_profile_load_builtin ("shanghai", &error);

  g_assert_null (profile);
  g_assert_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "shanghai"));
  g_clear_error (&error);

  profile = yb_region_profile_load_builtin ("../regions/hangzhou", &error);
  g_assert_null (profile);
  g_assert_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_NOT_FOUND);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/yibao/region.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = yb_region_profile_new_from_file (file, &error);

  g_assert_null (profile);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_builtin_wrong_id (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yibao-regions-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "ningbo.json", NULL);
  g_autofree char *old = g_strdup (g_getenv ("YIBAO_REGIONS_DIR"));
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = NULL;

  /* A file named ningbo.json that holds the Hangzhou profile must not pass as Ningbo. */
  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "data", "regions",
                                                           "hangzhou.json", NULL),
                                      &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_setenv ("YIBAO_REGIONS_DIR", dir, TRUE);
  profile = yb_region_profile_load_builtin ("ningbo", &error);
  g_setenv ("YIBAO_REGIONS_DIR", old, TRUE);
  g_unlink (path);
  g_rmdir (dir);

  g_assert_null (profile);
  g_assert_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID);
  g_assert_nonnull (strstr (error->message, "hangzhou"));
}

static void
test_names (void)
{
  g_autoptr(YbRegionProfile) profile = load ("zhoushan");

  g_assert_cmpstr (yb_region_profile_get_name (profile), ==, "Zhoushan");
  g_assert_cmpstr (yb_region_profile_get_name_for_language (profile, "zh_CN"), ==, "舟山市");
  g_assert_cmpstr (yb_region_profile_get_name_for_language (profile, "en"), ==, "Zhoushan");
}

static void
test_sub_regions (void)
{
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  static const char * const zhoushan_names[] = { "市本级", "定海区", "普陀区", "岱山县", "嵊泗县" };
  GPtrArray *subs = yb_region_profile_get_sub_regions (zhoushan);
  const YbSubRegion *dinghai;

  g_assert_cmpuint (subs->len, ==, G_N_ELEMENTS (zhoushan_names));
  for (guint i = 0; i < subs->len; i++)
    g_assert_cmpstr (((YbSubRegion *) g_ptr_array_index (subs, i))->name_zh_cn, ==,
                     zhoushan_names[i]);

  /* BR-04: 定海区 units choose 舟山市 and file with 市本级; 普陀区 files on its own. */
  dinghai = yb_region_profile_find_sub_region (zhoushan, "330902");
  g_assert_nonnull (dinghai);
  g_assert_cmpstr (dinghai->files_with, ==, "330900");
  g_assert_cmpstr (yb_region_profile_get_filing_sub_region (zhoushan, "330902"), ==, "330900");
  g_assert_cmpstr (yb_region_profile_get_filing_sub_region (zhoushan, "330903"), ==, "330903");
  g_assert_null (yb_region_profile_get_filing_sub_region (zhoushan, "330102"));

  g_assert_cmpstr (yb_region_profile_get_filing_sub_region (hangzhou, "330106"), ==, "330100");
  g_assert_cmpstr (yb_region_profile_get_filing_sub_region (hangzhou, "330109"), ==, "330109");
}

typedef struct
{
  int year, month, day, hour, minute;
  gboolean open;
  int next_year, next_month, next_day, next_hour, next_minute;
} WindowCase;

static void
test_window_hangzhou (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  /* BR-31: 每月25日17:00至次月1日08:00 closed. */
  static const WindowCase cases[] = {
    { 2020, 8, 25, 17, 0, FALSE, 2020, 9, 1, 8, 0 },
    { 2020, 9, 1, 7, 59, FALSE, 2020, 9, 1, 8, 0 },
    { 2020, 9, 1, 8, 0, TRUE, 2020, 9, 25, 17, 0 },
    { 2020, 8, 25, 16, 59, TRUE, 2020, 8, 25, 17, 0 },
    { 2020, 8, 31, 23, 59, FALSE, 2020, 9, 1, 8, 0 },
    { 2020, 8, 15, 10, 0, TRUE, 2020, 8, 25, 17, 0 },
    { 2020, 12, 28, 9, 0, FALSE, 2021, 1, 1, 8, 0 },
    { 2021, 1, 1, 0, 0, FALSE, 2021, 1, 1, 8, 0 },
    { 2020, 2, 26, 12, 0, FALSE, 2020, 3, 1, 8, 0 },
  };

  g_assert_true (yb_region_profile_has_known_window (profile));
  g_assert_true (yb_region_profile_window_applies_to (profile, "enrol_new"));
  g_assert_true (yb_region_profile_window_applies_to (profile, "reduce"));
  g_assert_false (yb_region_profile_window_applies_to (profile, "person_change"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const WindowCase *c = &cases[i];
      g_autoptr(GDateTime) now = shanghai (c->year, c->month, c->day, c->hour, c->minute);
      g_autoptr(GDateTime) expected = shanghai (c->next_year, c->next_month, c->next_day,
                                                c->next_hour, c->next_minute);
      g_autoptr(GDateTime) next = NULL;
      gboolean open = !c->open;

      yb_region_profile_window_state (profile, now, &open, &next);
      g_test_message ("case %u: %04d-%02d-%02d %02d:%02d", i, c->year, c->month, c->day,
                      c->hour, c->minute);
      g_assert_cmpint (open, ==, c->open);
      g_assert_nonnull (next);
      g_assert_true (g_date_time_equal (next, expected));
    }
}

static void
test_window_other_zone (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  g_autoptr(GDateTime) utc = g_date_time_new_utc (2020, 8, 25, 9, 0, 0);
  g_autoptr(GDateTime) utc_before = g_date_time_new_utc (2020, 8, 25, 8, 59, 0);
  gboolean open = TRUE;

  /* 09:00 UTC is 17:00 in Shanghai: the hall's clock decides, not the desktop's zone. */
  yb_region_profile_window_state (profile, utc, &open, NULL);
  g_assert_false (open);
  yb_region_profile_window_state (profile, utc_before, &open, NULL);
  g_assert_true (open);
}

static void
test_window_none (void)
{
  static const char * const ids[] = { "ningbo", "zhoushan" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(YbRegionProfile) profile = load (ids[i]);
      g_autoptr(GDateTime) now = shanghai (2020, 8, 25, 20, 0);
      g_autoptr(GDateTime) next = NULL;
      gboolean open = FALSE;

      g_assert_false (yb_region_profile_has_known_window (profile));
      yb_region_profile_window_state (profile, now, &open, &next);
      g_assert_true (open);
      g_assert_null (next);
    }
}

static void
test_window_short_month (void)
{
  g_autoptr(YbRegionProfile) profile = load_fixture ();
  g_autoptr(GDateTime) feb = shanghai (2021, 2, 28, 12, 0);
  g_autoptr(GDateTime) feb_before = shanghai (2021, 2, 27, 23, 59);
  g_autoptr(GDateTime) expected = shanghai (2021, 3, 1, 0, 0);
  g_autoptr(GDateTime) next = NULL;
  gboolean open = TRUE;

  /* The fixture closes on day 31, which February lacks: it closes on the last day. */
  yb_region_profile_window_state (profile, feb, &open, &next);
  g_assert_false (open);
  g_assert_true (g_date_time_equal (next, expected));
  g_clear_pointer (&next, g_date_time_unref);

  yb_region_profile_window_state (profile, feb_before, &open, &next);
  g_assert_true (open);
  g_assert_cmpint (g_date_time_get_day_of_month (next), ==, 28);
}

static void
test_enrolment (void)
{
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  g_autoptr(YbRegionProfile) ningbo = load ("ningbo");
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  int months = -1;

  /* BR-15 for the 网办大厅, BR-18 for 亲清在线. */
  g_assert_true (yb_region_profile_get_backdate_months (hangzhou, &months));
  g_assert_cmpint (months, ==, 3);
  g_assert_true (yb_region_profile_get_variant_backdate_months (hangzhou, "qinqing", &months));
  g_assert_cmpint (months, ==, 1);
  g_assert_false (yb_region_profile_get_variant_backdate_months (hangzhou, "other", &months));
  g_assert_cmpint (yb_region_profile_get_months_ahead (hangzhou), ==, 0);

  /* BR-19: 宁波 one month ahead; no backdating limit in the manuals. */
  g_assert_cmpint (yb_region_profile_get_months_ahead (ningbo), ==, 1);
  g_assert_false (yb_region_profile_get_backdate_months (ningbo, &months));
  g_assert_false (yb_region_profile_get_backdate_months (zhoushan, &months));
  g_assert_cmpint (yb_region_profile_get_months_ahead (zhoushan), ==, 0);
}

static void
test_reduction (void)
{
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  g_autoptr(YbRegionProfile) ningbo = load ("ningbo");
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  g_autoptr(YbRegionProfile) fixture = load_fixture ();

  g_assert_cmpint (yb_region_profile_get_stop_month_meaning (zhoushan), ==,
                   YB_STOP_MONTH_FIRST_UNPAID);
  g_assert_cmpint (yb_region_profile_get_stop_month_meaning (hangzhou), ==,
                   YB_STOP_MONTH_FIRST_UNPAID);
  g_assert_cmpint (yb_region_profile_get_stop_month_meaning (ningbo), ==,
                   YB_STOP_MONTH_LAST_PAID);
  for (guint i = 0; i < 3; i++)
    {
      YbRegionProfile *p = (YbRegionProfile *[]) { hangzhou, ningbo, zhoushan }[i];

      g_assert_cmpint (yb_region_profile_get_stop_months_back (p), ==, 0);
      g_assert_cmpint (yb_region_profile_get_stop_months_ahead (p), ==, 0);
    }
  g_assert_cmpint (yb_region_profile_get_stop_months_back (fixture), ==, 1);
}

static void
test_base_limits (void)
{
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  g_autoptr(YbRegionProfile) fixture = load_fixture ();
  const YbBaseLimits *limits;
  gboolean carried = TRUE;

  /* BR-35: 5360 is the manual's figure, not an example; the ceiling is. */
  limits = yb_region_profile_find_base_limits (zhoushan, 2020, &carried);
  g_assert_nonnull (limits);
  g_assert_false (carried);
  g_assert_cmpint (limits->floor.amount_cents, ==, 536000);
  g_assert_false (limits->floor.example);
  g_assert_true (limits->ceiling.example);
  g_assert_cmpstr (limits->effective_from, ==, "2020-01-01");
  g_assert_false (yb_region_profile_get_floor_unit_needs_declaration (zhoushan));
  g_assert_true (yb_region_profile_get_floor_unit_needs_declaration (hangzhou));

  limits = yb_region_profile_find_base_limits (hangzhou, 2020, NULL);
  g_assert_cmpint (limits->floor.amount_cents, ==, 332160);
  g_assert_cmpint (limits->ceiling.amount_cents, ==, 1788075);
  g_assert_true (limits->floor.example);

  /* BR-37: a year without figures of its own carries the last ones over. */
  limits = yb_region_profile_find_base_limits (zhoushan, 2022, &carried);
  g_assert_nonnull (limits);
  g_assert_true (carried);
  g_assert_cmpint (limits->year, ==, 2020);
  g_assert_null (yb_region_profile_find_base_limits (zhoushan, 2019, NULL));

  limits = yb_region_profile_find_base_limits (fixture, 2020, &carried);
  g_assert_cmpint (limits->year, ==, 2019);
  g_assert_true (carried);
  limits = yb_region_profile_find_base_limits (fixture, 2021, &carried);
  g_assert_cmpint (limits->floor.amount_cents, ==, 350050);
  g_assert_true (limits->provisional);
  g_assert_false (carried);
}

static void
test_code_lists (void)
{
  g_autoptr(YbRegionProfile) profile = load ("hangzhou");
  GPtrArray *ethnicity = yb_region_profile_get_code_list (profile, "ethnicity");
  const YbCodeEntry *entry;
  guint numbered = 0;

  /* All 56 of GB 3304, coded 01 to 56. */
  for (int code = 1; code <= 56; code++)
    {
      g_autofree char *text = g_strdup_printf ("%02d", code);

      g_assert_nonnull (yb_region_profile_lookup (profile, "ethnicity", text));
      numbered++;
    }
  g_assert_cmpuint (numbered, ==, 56);
  g_assert_cmpuint (ethnicity->len, >=, 56);
  g_assert_false (yb_region_profile_code_list_is_example (profile, "ethnicity"));

  g_assert_cmpstr (yb_region_profile_lookup_label (profile, "ethnicity", "01"), ==, "Han");
  g_assert_cmpstr (yb_region_profile_lookup (profile, "ethnicity", "22")->label_zh_cn, ==, "畲族");
  g_assert_null (yb_region_profile_lookup_label (profile, "ethnicity", "57"));
  g_assert_null (yb_region_profile_lookup_label (profile, "ethnicity", NULL));
  g_assert_null (yb_region_profile_get_code_list (profile, "no_such_list"));
  g_assert_null (yb_region_profile_lookup (profile, "no_such_list", "01"));

  /* 杭州 showed 编外合同工 and 合同工 (BR-14); everything else is an example. */
  entry = yb_region_profile_lookup (profile, "employment_form", "02");
  g_assert_cmpstr (entry->label_zh_cn, ==, "编外合同工");
  g_assert_false (entry->example);
  g_assert_false (yb_region_profile_lookup (profile, "employment_form", "01")->example);
  g_assert_true (yb_region_profile_lookup (profile, "employment_form", "03")->example);

  g_assert_true (yb_region_profile_code_list_is_example (profile, "enrol_reason"));
  g_assert_true (yb_region_profile_code_list_is_example (profile, "reduce_reason"));
  g_assert_cmpstr (yb_region_profile_lookup (profile, "id_type", "01")->format, ==, "gb11643");
  g_assert_null (yb_region_profile_lookup (profile, "id_type", "04")->format);
  g_assert_cmpstr (yb_region_profile_lookup_label (profile, "insurance_type", "310"), ==,
                   "Employee basic medical insurance");
  g_assert_nonnull (yb_region_profile_lookup (profile, "insurance_type", "510"));
  g_assert_nonnull (yb_region_profile_lookup (profile, "enrol_business_type", "resume"));
}

static void
test_labels_follow_language (void)
{
  g_autoptr(YbRegionProfile) profile = load ("ningbo");
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_cmpstr (yb_region_profile_lookup_label (profile, "ethnicity", "01"), ==, "汉族");
  g_assert_cmpstr (yb_region_profile_get_name (profile), ==, "宁波市");
  g_setenv ("LANGUAGE", old != NULL ? old : "en", TRUE);
  g_assert_cmpstr (yb_region_profile_lookup_label (profile, "ethnicity", "01"), ==, "Han");
  g_assert_cmpstr (yb_region_profile_get_name (profile), ==, "Ningbo");
}

static void
test_required_fields (void)
{
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  const char * const *fields;

  /* BR-14: 杭州 单个新增 required fields (缴费基数 is derived, so not among them). */
  fields = yb_region_profile_get_required_fields (hangzhou, "enrol_new");
  for (guint i = 0; i < 11; i++)
    {
      const char *expected = (const char *[]) { "id_number", "name", "sex", "start_month",
                                                "reason", "hukou_type", "employment_form", "wage",
                                                "address", "postcode", "phone" }[i];
      g_assert_true (g_strv_contains (fields, expected));
    }
  g_assert_cmpuint (g_strv_length ((char **) fields), ==, 11);

  /* BR-11: 舟山 requires 出生日期, 民族, 参加工作时间, 经办人 … */
  fields = yb_region_profile_get_required_fields (zhoushan, "enrol_resume");
  g_assert_true (g_strv_contains (fields, "birth_date"));
  g_assert_true (g_strv_contains (fields, "ethnicity"));
  g_assert_true (g_strv_contains (fields, "agent_phone"));
  g_assert_false (g_strv_contains (fields, "wage"));

  g_assert_cmpuint (g_strv_length ((char **) yb_region_profile_get_required_materials (zhoushan,
                                                                       "base_declaration")),
                    ==, 2);
  g_assert_cmpuint (g_strv_length ((char **) yb_region_profile_get_required_fields (zhoushan,
                                                                                  "no_kind")),
                    ==, 0);
}

static YbRegionProfile *
profile_with_materials (const char  *materials_json,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) part = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;
  char *text;

  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "data", "regions",
                                                           "hangzhou.json", NULL),
                                      &contents, NULL, NULL));
  g_assert_true (json_parser_load_from_data (parser, contents, -1, NULL));
  g_assert_true (json_parser_load_from_data (part, materials_json, -1, NULL));
  json_object_set_member (json_node_get_object (json_parser_get_root (parser)), "materials",
                          json_node_copy (json_parser_get_root (part)));
  json_generator_set_root (generator, json_parser_get_root (parser));
  text = json_generator_to_data (generator, &length);
  bytes = g_bytes_new_take (text, length);
  return yb_region_profile_new_from_bytes (bytes, error);
}

/* BR-34: 舟山's 材料1 is the stamped scan as jpg, 材料2 the completed Excel sheet. */
static void
test_material_types (void)
{
  g_autoptr(YbRegionProfile) zhoushan = load ("zhoushan");
  g_autoptr(YbRegionProfile) hangzhou = load ("hangzhou");
  g_autoptr(YbRegionProfile) edited = NULL;
  g_autoptr(GError) error = NULL;
  const char * const *kinds;
  const char * const *types;

  kinds = yb_region_profile_get_required_materials (zhoushan, "base_declaration");
  g_assert_cmpstr (kinds[0], ==, "stamped_scan");
  g_assert_cmpstr (kinds[1], ==, "roster_sheet");
  g_assert_null (kinds[2]);
  types = yb_region_profile_get_material_types (zhoushan, "base_declaration", "roster_sheet");
  g_assert_true (g_strv_contains (types, "xlsx"));
  g_assert_cmpuint (g_strv_length ((char **) types), ==, 1);
  types = yb_region_profile_get_material_types (zhoushan, "base_declaration", "stamped_scan");
  g_assert_true (g_strv_contains (types, "jpg"));
  g_assert_false (g_strv_contains (types, "xlsx"));
  g_assert_false (g_strv_contains (types, "png"));

  /* A bare string takes the images and PDF, never a spreadsheet. */
  types = yb_region_profile_get_material_types (hangzhou, "unit_key_change",
                                                "supporting_document");
  g_assert_true (g_strv_contains (types, "jpg"));
  g_assert_true (g_strv_contains (types, "pdf"));
  g_assert_false (g_strv_contains (types, "xlsx"));
  types = yb_region_profile_get_material_types (hangzhou, "base_declaration", "roster_sheet");
  g_assert_false (g_strv_contains (types, "xlsx"));

  edited = profile_with_materials ("{\"unit_key_change\": "
                                   "[{\"kind\": \"supporting_document\"}]}",
                                   &error);
  g_assert_no_error (error);
  types = yb_region_profile_get_material_types (edited, "unit_key_change", "supporting_document");
  g_assert_true (g_strv_contains (types, "png"));
  g_clear_object (&edited);

  edited = profile_with_materials ("{\"base_declaration\": [{\"kind\": \"roster_sheet\", "
                                   "\"types\": [\"xlsx\", \"docx\"]}]}",
                                   &error);
  g_assert_null (edited);
  g_assert_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID);
  g_assert_nonnull (strstr (error->message, "materials.base_declaration[0].types[1]"));
  g_clear_error (&error);

  edited = profile_with_materials ("{\"base_declaration\": [{\"types\": [\"xlsx\"]}]}",
                                   &error);
  g_assert_null (edited);
  g_assert_nonnull (strstr (error->message, "materials.base_declaration[0].kind"));
  g_clear_error (&error);

  edited = profile_with_materials ("{\"base_declaration\": [5]}", &error);
  g_assert_null (edited);
  g_assert_nonnull (strstr (error->message, "materials.base_declaration[0]"));
}

static void
test_from_bytes (void)
{
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = NULL;
  gsize length;

  /* The hall serves profiles as bytes; the same text as the shipped file must load. */
  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "data", "regions",
                                                           "minimal.json", NULL),
                                      &contents, &length, NULL));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  profile = yb_region_profile_new_from_bytes (bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yb_region_profile_get_id (profile), ==, "testville");
  g_assert_cmpstr (yb_region_profile_get_version (profile), ==, "test-1");
  g_assert_false (g_strv_contains (yb_region_profile_get_business_types (profile), "resume"));
  g_assert_cmpuint (yb_region_profile_get_rates (profile)->len, ==, 0);
  g_assert_null (yb_region_profile_find_rate (profile, "310"));
}

/* Broken profiles: each case changes one member of the shipped 杭州 profile. */

typedef enum
{
  EDIT_REMOVE,
  EDIT_INT,
  EDIT_STRING,
  EDIT_NULL,
} EditKind;

typedef struct
{
  const char *path;
  EditKind kind;
  gint64 int_value;
  const char *string_value;
  const char *expected;
} Edit;

/* Walks "a.b[2].c" to the object or array holding the last step. */
static void
apply_edit (JsonNode   *root,
            const Edit *edit)
{
  g_auto(GStrv) steps = g_strsplit (edit->path, ".", -1);
  JsonNode *node = root;
  guint n = g_strv_length (steps);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup (steps[i]);
      char *bracket = strchr (name, '[');
      int index = -1;
      JsonObject *obj;

      if (bracket != NULL)
        {
          index = atoi (bracket + 1);
          *bracket = '\0';
        }
      obj = json_node_get_object (node);

      if (i == n - 1 && index < 0)
        {
          switch (edit->kind)
            {
            case EDIT_REMOVE:
              json_object_remove_member (obj, name);
              break;
            case EDIT_INT:
              json_object_set_int_member (obj, name, edit->int_value);
              break;
            case EDIT_STRING:
              json_object_set_string_member (obj, name, edit->string_value);
              break;
            case EDIT_NULL:
              json_object_set_null_member (obj, name);
              break;
            default:
              g_assert_not_reached ();
            }
          return;
        }

      node = json_object_get_member (obj, name);
      g_assert_nonnull (node);
      if (index >= 0)
        {
          JsonArray *array = json_node_get_array (node);

          if (i == n - 1)
            {
              g_assert_cmpint (edit->kind, ==, EDIT_STRING);
              json_array_remove_element (array, index);
              json_array_add_string_element (array, edit->string_value);
              return;
            }
          node = json_array_get_element (array, index);
        }
    }
}

static void
test_broken_edits (void)
{
  static const Edit edits[] = {
    { "window", EDIT_REMOVE, 0, NULL, "“window” is missing" },
    { "id", EDIT_INT, 5, NULL, "“id” must be a string" },
    { "id", EDIT_STRING, 0, "", "“id” is not valid" },
    { "version", EDIT_REMOVE, 0, NULL, "“version” is missing" },
    { "names.en", EDIT_REMOVE, 0, NULL, "“names.en” is missing" },
    { "timezone", EDIT_STRING, 0, "Mars/Olympus_Mons", "“timezone”" },
    { "schema", EDIT_INT, 2, NULL, "schema 2" },
    { "schema", EDIT_STRING, 0, "1", "“schema” must be a whole number" },
    { "sub_regions", EDIT_STRING, 0, "杭州", "“sub_regions” must be a list" },
    { "sub_regions[1].files_with", EDIT_STRING, 0, "999999", "“sub_regions[1].files_with”" },
    { "sub_regions[2].code", EDIT_STRING, 0, "330102", "“sub_regions[2].code”" },
    { "window.known", EDIT_STRING, 0, "yes", "“window.known” must be true or false" },
    { "window.closures[0].from.day", EDIT_INT, 32, NULL, "“window.closures[0].from.day”" },
    { "window.closures[0].from.time", EDIT_STRING, 0, "5pm", "“window.closures[0].from.time”" },
    { "window.closures[0].until.month_offset", EDIT_INT, 0, NULL,
      "“window.closures[0].until”" },
    { "window.applies_to[0]", EDIT_STRING, 0, "enrol", "“window.applies_to[2]”" },
    { "enrolment.backdate_months", EDIT_REMOVE, 0, NULL, "“enrolment.backdate_months” is missing" },
    { "enrolment.backdate_months", EDIT_INT, -1, NULL, "“enrolment.backdate_months”" },
    { "enrolment.months_ahead", EDIT_STRING, 0, "1", "“enrolment.months_ahead” must be" },
    { "reduction.stop_month_meaning", EDIT_STRING, 0, "last", "“reduction.stop_month_meaning”" },
    { "contribution_base.limits[0].floor.amount", EDIT_STRING, 0, "3321.6",
      "“contribution_base.limits[0].floor.amount” must be a number" },
    { "contribution_base.limits[0].ceiling.amount", EDIT_INT, 1000, NULL,
      "“contribution_base.limits[0].ceiling.amount”" },
    { "contribution_base.limits[0].effective_from", EDIT_STRING, 0, "2020-02-30",
      "“contribution_base.limits[0].effective_from”" },
    { "contribution_base.limits[0].floor.source", EDIT_REMOVE, 0, NULL,
      "“contribution_base.limits[0].floor.source” is missing" },
    { "rates[0].unit_percent", EDIT_INT, 150, NULL, "“rates[0].unit_percent”" },
    { "forms.enrol_new.required[0]", EDIT_STRING, 0, "idnumber",
      "“forms.enrol_new.required[10]”" },
    { "forms.enrol_new", EDIT_NULL, 0, NULL, "“forms.enrol_new” is missing" },
    { "code_lists.ethnicity", EDIT_REMOVE, 0, NULL, "“code_lists.ethnicity” is missing" },
    { "code_lists.sex.entries[1].code", EDIT_STRING, 0, "1", "“code_lists.sex.entries[1].code”" },
    { "code_lists.sex.entries[0].en", EDIT_REMOVE, 0, NULL,
      "“code_lists.sex.entries[0].en” is missing" },
    { "code_lists.id_type.entries[0].format", EDIT_STRING, 0, "iso",
      "“code_lists.id_type.entries[0].format”" },
  };
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "data", "regions",
                                                           "hangzhou.json", NULL),
                                      &contents, NULL, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(YbRegionProfile) profile = NULL;
      char *text;
      gsize length;

      g_test_message ("edit %u: %s", i, edits[i].path);
      g_assert_true (json_parser_load_from_data (parser, contents, -1, NULL));
      apply_edit (json_parser_get_root (parser), &edits[i]);
      json_generator_set_root (generator, json_parser_get_root (parser));
      text = json_generator_to_data (generator, &length);
      bytes = g_bytes_new_take (text, length);

      profile = yb_region_profile_new_from_bytes (bytes, &error);
      g_assert_null (profile);
      g_assert_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID);
      g_test_message ("  -> %s", error->message);
      if (strstr (error->message, edits[i].expected) == NULL)
        g_error ("edit %s: “%s” does not contain “%s”", edits[i].path, error->message,
                 edits[i].expected);
    }
}

static void
test_broken_text (void)
{
  static const char * const texts[] = {
    "", "   ", "{", "[]", "42", "null", "{\"schema\": 1}", "{\"schema\": 1, \"id\": \"x\"",
    "\xff\xfe{}",
  };
  g_autofree char *contents = NULL;
  gsize length;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (texts[i], strlen (texts[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(YbRegionProfile) profile = yb_region_profile_new_from_bytes (bytes, &error);

      g_assert_null (profile);
      g_assert_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "Region profile"));
    }

  /* A download cut off anywhere fails cleanly. */
  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "data", "regions",
                                                           "zhoushan.json", NULL),
                                      &contents, &length, NULL));
  for (gsize cut = 0; cut < length; cut += 97)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (contents, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(YbRegionProfile) profile = yb_region_profile_new_from_bytes (bytes, &error);

      g_assert_null (profile);
      g_assert_error (error, YB_CORE_ERROR, YB_CORE_ERROR_PROFILE_INVALID);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/region-profile/builtin/valid", test_builtin_valid);
  g_test_add_func ("/core/region-profile/builtin/unknown", test_builtin_unknown);
  g_test_add_func ("/core/region-profile/builtin/wrong-id", test_builtin_wrong_id);
  g_test_add_func ("/core/region-profile/missing-file", test_missing_file);
  g_test_add_func ("/core/region-profile/from-bytes", test_from_bytes);
  g_test_add_func ("/core/region-profile/names", test_names);
  g_test_add_func ("/core/region-profile/sub-regions", test_sub_regions);
  g_test_add_func ("/core/region-profile/window/hangzhou", test_window_hangzhou);
  g_test_add_func ("/core/region-profile/window/other-zone", test_window_other_zone);
  g_test_add_func ("/core/region-profile/window/none", test_window_none);
  g_test_add_func ("/core/region-profile/window/short-month", test_window_short_month);
  g_test_add_func ("/core/region-profile/enrolment", test_enrolment);
  g_test_add_func ("/core/region-profile/reduction", test_reduction);
  g_test_add_func ("/core/region-profile/base-limits", test_base_limits);
  g_test_add_func ("/core/region-profile/code-lists", test_code_lists);
  g_test_add_func ("/core/region-profile/labels-follow-language", test_labels_follow_language);
  g_test_add_func ("/core/region-profile/required-fields", test_required_fields);
  g_test_add_func ("/core/region-profile/material-types", test_material_types);
  g_test_add_func ("/core/region-profile/broken/edits", test_broken_edits);
  g_test_add_func ("/core/region-profile/broken/text", test_broken_text);

  return g_test_run ();
}
