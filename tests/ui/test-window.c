/* test-window.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "yb-application.h"
#include "yb-window.h"
#include "yb-enrolment-page.h"
#include "yb-maintenance-page.h"
#include "yb-outbox-page.h"
#include "yb-printing-page.h"
#include "yb-queries-page.h"
#include "yb-reduction-page.h"

/* The whole app is registered once; each test builds its own window. */
static YbApplication *app;

static const char *section_ids[] = {
  "enrolment", "reduction", "maintenance", "queries", "printing", "outbox",
};

static const char *titles_en[] = {
  "Enrolment", "Reduction", "Maintenance", "Queries", "Printing", "Drafts & Outbox",
};

static const char *titles_zh[] = {
  "参保登记", "减员", "信息维护", "查询", "打印", "草稿与待提交",
};

typedef struct
{
  YbWindow *window;
  GSettings *settings;
} Fixture;

static gboolean
expect_chinese (void)
{
  return g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh");
}

static const char *
expected_title (guint i)
{
  return expect_chinese () ? titles_zh[i] : titles_en[i];
}

static GType
expected_page_type (guint i)
{
  switch (i)
    {
    case 0: return YB_TYPE_ENROLMENT_PAGE;
    case 1: return YB_TYPE_REDUCTION_PAGE;
    case 2: return YB_TYPE_MAINTENANCE_PAGE;
    case 3: return YB_TYPE_QUERIES_PAGE;
    case 4: return YB_TYPE_PRINTING_PAGE;
    case 5: return YB_TYPE_OUTBOX_PAGE;
    default: g_assert_not_reached ();
    }
}

static void
run_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
collect_descendants (GtkWidget *widget,
                     GType      type,
                     GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect_descendants (child, type, found);
    }
}

static GtkListBox *
find_sidebar (YbWindow *window)
{
  g_autoptr(GPtrArray) lists = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, lists);
  for (guint i = 0; i < lists->len; i++)
    {
      if (gtk_widget_has_css_class (lists->pdata[i], "yb-sidebar"))
        return lists->pdata[i];
    }

  g_assert_not_reached ();
}

static const char *
row_label (GtkListBoxRow *row)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (row), GTK_TYPE_LABEL, labels);
  g_assert_cmpuint (labels->len, ==, 1);

  return gtk_label_get_label (labels->pdata[0]);
}

/* Whether the header bar above the content shows @title. */
static gboolean
header_shows (YbWindow   *window,
              const char *title)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect_descendants (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE, titles);
  for (guint i = 0; i < titles->len; i++)
    {
      if (g_strcmp0 (adw_window_title_get_title (titles->pdata[i]), title) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "last-section");
  g_settings_reset (fixture->settings, "window-width");
  g_settings_reset (fixture->settings, "window-height");
  g_settings_reset (fixture->settings, "window-maximized");

  fixture->window = yb_window_new (app);
  g_object_ref_sink (fixture->window);
  run_until_idle ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  g_clear_object (&fixture->settings);
  run_until_idle ();
}

static void
test_sections_in_order (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkListBox *sidebar = find_sidebar (fixture->window);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  guint n = 0;

  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (sidebar, 0);
       row != NULL;
       row = gtk_list_box_get_row_at_index (sidebar, ++n))
    {
      YbSectionPage *page;

      g_assert_cmpuint (n, <, G_N_ELEMENTS (section_ids));
      g_assert_cmpstr (row_label (row), ==, expected_title (n));
      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==,
                       "win.show-section");
      g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (
                         GTK_ACTIONABLE (row)), NULL), ==, section_ids[n]);

      page = yb_window_get_page (fixture->window, section_ids[n]);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (page, expected_page_type (n)));
      g_assert_cmpstr (yb_section_page_get_title (page), ==, expected_title (n));
      /* Each section's icon is one the app ships or the theme has. */
      g_assert_nonnull (yb_section_page_get_icon_name (page));
      g_assert_true (gtk_icon_theme_has_icon (theme, yb_section_page_get_icon_name (page)));
    }

  g_assert_cmpuint (n, ==, G_N_ELEMENTS (section_ids));
}

static void
assert_showing (Fixture *fixture,
                guint    i)
{
  GtkListBox *sidebar = find_sidebar (fixture->window);
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (sidebar);
  YbSectionPage *page = yb_window_get_page (fixture->window, section_ids[i]);
  g_autoptr(GVariant) state = NULL;
  g_autofree char *last_section = NULL;

  g_assert_cmpstr (yb_window_get_section (fixture->window), ==, section_ids[i]);
  g_assert_true (gtk_widget_get_child_visible (GTK_WIDGET (page)));
  for (guint j = 0; j < G_N_ELEMENTS (section_ids); j++)
    {
      if (j != i)
        g_assert_false (gtk_widget_get_child_visible (
                          GTK_WIDGET (yb_window_get_page (fixture->window, section_ids[j]))));
    }

  g_assert_nonnull (selected);
  g_assert_cmpint (gtk_list_box_row_get_index (selected), ==, i);
  g_assert_true (header_shows (fixture->window, expected_title (i)));

  state = g_action_group_get_action_state (G_ACTION_GROUP (fixture->window), "show-section");
  g_assert_cmpstr (g_variant_get_string (state, NULL), ==, section_ids[i]);

  last_section = g_settings_get_string (fixture->settings, "last-section");
  g_assert_cmpstr (last_section, ==, section_ids[i]);
}

static void
test_show_section_action (Fixture       *fixture,
                          gconstpointer  data)
{
  /* Through the action group, as accelerators and the command line do. */
  for (guint i = G_N_ELEMENTS (section_ids); i-- > 0;)
    {
      g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-section",
                                      g_variant_new_string (section_ids[i]));
      run_until_idle ();
      assert_showing (fixture, i);
    }

  /* Through the widget, as the sidebar rows and buttons do. */
  for (guint i = 0; i < G_N_ELEMENTS (section_ids); i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                                 "win.show-section", "s", section_ids[i]));
      run_until_idle ();
      assert_showing (fixture, i);
    }
}

static void
test_sidebar_row_activates (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkListBox *sidebar = find_sidebar (fixture->window);

  g_signal_emit_by_name (gtk_list_box_get_row_at_index (sidebar, 3), "activate");
  run_until_idle ();
  assert_showing (fixture, 3);
}

static void
test_unknown_section (Fixture       *fixture,
                      gconstpointer  data)
{
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-section",
                                  g_variant_new_string ("printing"));

  g_test_expect_message ("YbWindow", G_LOG_LEVEL_WARNING, "*No section named*nonsense*");
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-section",
                                  g_variant_new_string ("nonsense"));
  g_test_assert_expected_messages ();
  run_until_idle ();

  assert_showing (fixture, 4);
  g_assert_false (yb_window_is_section_id ("nonsense"));
  g_assert_null (yb_window_get_page (fixture->window, "nonsense"));
}

static void
test_accelerators (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                              "app.quit");

  g_assert_cmpuint (g_strv_length (quit), ==, 1);
  g_assert_cmpstr (quit[0], ==, "<Control>q");

  for (guint i = 0; i < G_N_ELEMENTS (section_ids); i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-section('%s')", section_ids[i]);
      g_autofree char *expected = g_strdup_printf ("<Alt>%u", i + 1);
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                    detailed);

      g_assert_cmpuint (g_strv_length (accels), ==, 1);
      g_assert_cmpstr (accels[0], ==, expected);
    }

  /* GtkApplication adds the shortcuts window from the resources. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (fixture->window),
                                            "show-help-overlay"));
}

static void
test_restores_settings (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(YbWindow) window = NULL;
  int width;
  int height;

  g_settings_set_string (fixture->settings, "last-section", "maintenance");
  g_settings_set_int (fixture->settings, "window-width", 900);
  g_settings_set_int (fixture->settings, "window-height", 640);

  window = g_object_ref_sink (yb_window_new (app));
  run_until_idle ();

  g_assert_cmpstr (yb_window_get_section (window), ==, "maintenance");
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_saves_size_on_close (Fixture       *fixture,
                          gconstpointer  data)
{
  /* Only a realized window can be closed, as by the clerk. */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1011, 677);
  gtk_window_present (GTK_WINDOW (fixture->window));
  run_until_idle ();
  gtk_window_close (GTK_WINDOW (fixture->window));
  run_until_idle ();

  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-width"), ==, 1011);
  g_assert_cmpint (g_settings_get_int (fixture->settings, "window-height"), ==, 677);
  g_assert_false (g_settings_get_boolean (fixture->settings, "window-maximized"));
}

static void
test_workspace_reaches_pages (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GObject) workspace = g_object_new (G_TYPE_OBJECT, NULL);

  yb_window_set_workspace (fixture->window, workspace);
  g_assert_true (yb_window_get_workspace (fixture->window) == workspace);
  for (guint i = 0; i < G_N_ELEMENTS (section_ids); i++)
    {
      YbSectionPage *page = yb_window_get_page (fixture->window, section_ids[i]);

      g_assert_true (yb_section_page_get_workspace (page) == workspace);
    }

  yb_window_set_workspace (fixture->window, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (section_ids); i++)
    g_assert_null (yb_section_page_get_workspace (yb_window_get_page (fixture->window,
                                                                      section_ids[i])));
}

static void
test_app_show_section (void)
{
  GList *windows;

  g_action_group_activate_action (G_ACTION_GROUP (app), "show-section",
                                  g_variant_new_string ("outbox"));
  run_until_idle ();

  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  g_assert_true (YB_IS_WINDOW (windows->data));
  g_assert_cmpstr (yb_window_get_section (windows->data), ==, "outbox");
  g_assert_true (gtk_widget_get_visible (windows->data));

  /* A second request reuses the window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-section",
                                  g_variant_new_string ("queries"));
  run_until_idle ();
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
  g_assert_cmpstr (yb_window_get_section (windows->data), ==, "queries");

  gtk_window_destroy (windows->data);
  run_until_idle ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localedir = NULL;
  int ret;

  /* gtk_test_init() keeps the C locale; the zh_CN run needs the real one
   * (LANG=C.UTF-8 with LANGUAGE=zh_CN). */
  setlocale (LC_ALL, "");

  /* The catalogues built by po/meson.build in this build tree. */
  localedir = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  app = yb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/window/sections-in-order", test_sections_in_order);
  ADD ("/ui/window/show-section-action", test_show_section_action);
  ADD ("/ui/window/sidebar-row-activates", test_sidebar_row_activates);
  ADD ("/ui/window/unknown-section", test_unknown_section);
  ADD ("/ui/window/accelerators", test_accelerators);
  ADD ("/ui/window/restores-settings", test_restores_settings);
  ADD ("/ui/window/saves-size-on-close", test_saves_size_on_close);
  ADD ("/ui/window/workspace-reaches-pages", test_workspace_reaches_pages);
#undef ADD
  g_test_add_func ("/ui/application/show-section", test_app_show_section);

  ret = g_test_run ();

  g_clear_object (&app);

  return ret;
}
