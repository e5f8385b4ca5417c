/* test-workspace.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "yb-workspace.h"

typedef struct
{
  char *dir;
  YbStore *store;
  YbRegionProfile *profile;
  YbWorkspace *workspace;
} Fixture;

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fx->dir = g_dir_make_tmp ("yb-workspace-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "unit.db", NULL);
  fx->store = yb_store_open (path, &error);
  g_assert_no_error (error);
  fx->profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_assert_no_error (error);
  fx->workspace = yb_workspace_new (fx->store, fx->profile, NULL, "33010012345");
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "unit.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_assert_finalize_object (fx->workspace);
  g_object_unref (fx->profile);
  g_assert_finalize_object (fx->store);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (fx->dir);
  g_free (fx->dir);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_privacy_masks_ids (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *whole = NULL;
  g_autofree char *masked = NULL;
  guint notified = 0;

  g_signal_connect (fx->workspace, "notify::privacy-mode", G_CALLBACK (count_notify), &notified);

  whole = yb_workspace_display_id_number (fx->workspace, "210102199001019385");
  g_assert_cmpstr (whole, ==, "210102199001019385");

  yb_workspace_set_privacy_mode (fx->workspace, TRUE);
  yb_workspace_set_privacy_mode (fx->workspace, TRUE);
  g_assert_cmpuint (notified, ==, 1);

  masked = yb_workspace_display_id_number (fx->workspace, "210102199001019385");
  g_assert_cmpstr (masked, ==, "2101*****9385");
}

static void
test_now_follows_fixed_clock (Fixture       *fx,
                              gconstpointer  data)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) fixed = g_date_time_new (tz, 2020, 8, 25, 17, 0, 0);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) live = NULL;

  yb_workspace_set_fixed_now (fx->workspace, fixed);
  now = yb_workspace_get_now (fx->workspace);
  g_assert_true (g_date_time_equal (now, fixed));

  yb_workspace_set_fixed_now (fx->workspace, NULL);
  live = yb_workspace_get_now (fx->workspace);
  g_assert_cmpint (g_date_time_get_year (live), >=, 2026);
  /* Rules are judged in the region's time zone, whatever the machine's. */
  g_assert_cmpint (g_date_time_get_utc_offset (live), ==, 8 * G_TIME_SPAN_HOUR);
}

static void
test_unit_details_notify (Fixture       *fx,
                          gconstpointer  data)
{
  guint notified = 0;

  g_signal_connect (fx->workspace, "notify::unit-name", G_CALLBACK (count_notify), &notified);
  g_assert_cmpstr (yb_workspace_get_unit_no (fx->workspace), ==, "33010012345");
  g_assert_true (yb_workspace_get_store (fx->workspace) == fx->store);
  g_assert_true (yb_workspace_get_profile (fx->workspace) == fx->profile);
  g_assert_null (yb_workspace_get_hall_client (fx->workspace));

  yb_workspace_set_unit_name (fx->workspace, "杭州示例科技有限公司");
  yb_workspace_set_unit_name (fx->workspace, "杭州示例科技有限公司");
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (yb_workspace_get_unit_name (fx->workspace), ==, "杭州示例科技有限公司");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/ui/workspace/privacy-masks-ids", Fixture, NULL,
              fixture_set_up, test_privacy_masks_ids, fixture_tear_down);
  g_test_add ("/ui/workspace/now-follows-fixed-clock", Fixture, NULL,
              fixture_set_up, test_now_follows_fixed_clock, fixture_tear_down);
  g_test_add ("/ui/workspace/unit-details-notify", Fixture, NULL,
              fixture_set_up, test_unit_details_notify, fixture_tear_down);

  return g_test_run ();
}
