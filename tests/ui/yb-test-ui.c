/* yb-test-ui.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "yb-test-ui"

#include <glib/gstdio.h>

#include "yb-section-page.h"
#include "yb-test-ui.h"

/* Logs the demo clerk into @hall with a new client. */
YbHallClient *
yb_test_ui_log_in (YbTestHall *hall)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = NULL;

  client = yb_hall_client_new (hall->base_url, NULL, &error);
  g_assert_no_error (error);
  yb_hall_client_login_password_async (client, "demo", "demo12345", NULL, yb_test_store_result,
                                       &result);
  g_assert_true (yb_hall_client_login_password_finish (client, yb_test_await (&result), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&client);
}

/* The first page of the hall's roster of @unit_no, at most @page_size people. */
JsonArray *
yb_test_ui_hall_roster (YbHallClient *client,
                        const char   *unit_no,
                        guint         page_size)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallPage) page = NULL;

  yb_hall_client_get_roster_page_async (client, unit_no, NULL, page_size, NULL,
                                        yb_test_store_result, &result);
  page = yb_hall_client_get_roster_page_finish (client, yb_test_await (&result), &error);
  g_assert_no_error (error);
  return json_array_ref (page->items);
}

/* 2026-03-16 10:30 in Hangzhou, the clock the page tests run at. */
GDateTime *
yb_test_ui_fixed_now (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  return g_date_time_new (tz, 2026, 3, 16, 10, 30, 0);
}

char *
yb_test_ui_make_dir (const char *tmpl)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

/* Opens @dir/unit.db. */
YbStore *
yb_test_ui_open_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "unit.db", NULL);
  YbStore *store = yb_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

/* A workspace for @unit_no with the built-in profile of @region and a fixed clock. */
YbWorkspace *
yb_test_ui_workspace_new (YbStore      *store,
                          const char   *region,
                          YbHallClient *client,
                          const char   *unit_no)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = NULL;
  g_autoptr(GDateTime) now = yb_test_ui_fixed_now ();
  YbWorkspace *workspace;

  profile = yb_region_profile_load_builtin (region, &error);
  g_assert_no_error (error);
  workspace = yb_workspace_new (store, profile, client, unit_no);
  yb_workspace_set_fixed_now (workspace, now);
  return workspace;
}

/* Puts @page into a new 1100×760 window, gives it @workspace and shows it. */
GtkWindow *
yb_test_ui_present (GtkWidget   *page,
                    YbWorkspace *workspace)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_default_size (window, 1100, 760);
  gtk_window_set_child (window, page);
  yb_section_page_set_workspace (YB_SECTION_PAGE (page), G_OBJECT (workspace));
  gtk_window_present (window);
  return window;
}

/* Closes @window, waits for *@page, then drops the page, workspace, store and @dir. */
void
yb_test_ui_tear_down (GtkWindow         *window,
                      YbTestUiBusyFunc   busy,
                      gpointer          *page,
                      YbWorkspace      **workspace,
                      YbStore          **store,
                      char             **dir)
{
  gtk_window_destroy (window);
  yb_test_ui_wait_idle (busy, *page);
  g_clear_object (page);
  g_clear_object (workspace);
  g_clear_object (store);
  yb_test_ui_remove_tree (*dir);
  g_clear_pointer (dir, g_free);
}

void
yb_test_ui_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            yb_test_ui_remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* Runs the main loop until nothing is pending and @busy says @page is done. */
void
yb_test_ui_wait_idle (YbTestUiBusyFunc busy,
                      gpointer         page)
{
  do
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (busy (page))
        g_main_context_iteration (NULL, TRUE);
    }
  while (busy (page) || g_main_context_pending (NULL));
}

/* The descendant of @root whose buildable id (template children) or name is @id. */
GtkWidget *
yb_test_ui_find_widget (GtkWidget  *root,
                        const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0
          || g_strcmp0 (gtk_widget_get_name (child), id) == 0)
        return child;
      if ((found = yb_test_ui_find_widget (child, id)) != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
yb_test_ui_find_action_button (GtkWidget  *root,
                               const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child)
          && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = yb_test_ui_find_action_button (child, action)) != NULL)
        return found;
    }
  return NULL;
}

/* A button naming a disabled action is insensitive; there must be such a button. */
gboolean
yb_test_ui_action_enabled (GtkWidget  *root,
                           const char *action)
{
  GtkWidget *button = yb_test_ui_find_action_button (root, action);

  g_assert_nonnull (button);
  return gtk_widget_get_sensitive (button);
}

/* The text of label @id, or "" while it is hidden. */
const char *
yb_test_ui_label_text (GtkWidget  *root,
                       const char *id)
{
  GtkWidget *label = yb_test_ui_find_widget (root, id);

  g_assert_nonnull (label);
  return gtk_widget_get_visible (label) ? gtk_label_get_label (GTK_LABEL (label)) : "";
}

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  guint *frames = user_data;

  (*frames)++;
  return *frames < 3 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* With YIBAO_SCREENSHOT_DIR set, saves @widget as <prefix>-<name>-<language>.png. */
void
yb_test_ui_screenshot (GtkWindow  *window,
                       GtkWidget  *widget,
                       const char *prefix,
                       const char *name)
{
  const char *dir = g_getenv ("YIBAO_SCREENSHOT_DIR");
  const char *language = g_getenv ("LANGUAGE");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  guint frames = 0;
  int width, height;

  if (dir == NULL)
    return;
  /* Let the window map and lay out; Xvfb has no compositor to wait for. */
  for (int i = 0; i < 200 && gtk_widget_get_width (widget) == 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  /* A widget has a render node only after its window drew a frame. */
  gtk_widget_queue_draw (GTK_WIDGET (window));
  gtk_widget_add_tick_callback (widget, count_frame, &frames, NULL);
  while (frames < 3)
    g_main_context_iteration (NULL, TRUE);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  /* The page is drawn on the window's background, which is not part of it. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("%s-%s-%s.png", prefix, name, language != NULL ? language : "C");
  path = g_build_filename (dir, file, NULL);
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}
