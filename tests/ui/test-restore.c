/* test-restore.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * First start on a new computer: instead of logging in, the clerk restores the backup made on
 * the old one from the login dialog. The restored unit opens from its local data with its
 * drafts, the window asks the clerk to log in again to sync, and a damaged backup leaves an
 * inline error and nothing restored. Set YIBAO_SCREENSHOT_DIR to save PNGs of the dialog.
 */
#define _GNU_SOURCE

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yb-test-hall.h"

#include "yb-application.h"
#include "yb-login-dialog.h"
#include "yb-session.h"
#include "yb-store-backup.h"
#include "yb-store-declaration.h"
#include "yb-window.h"

#define HALL_URL "https://ybj.example.cn:8443"
#define ACCOUNT "clerk"
#define UNIT_NO "33020012345"

static YbApplication *app;
static char *data_dir;

static gboolean
english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language == NULL || !g_str_has_prefix (language, "zh");
}

static void
run_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (root, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action) == 0)
      return buttons->pdata[i];
  g_error ("no button for %s", action);
}

static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i])
        && g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("YIBAO_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  graphene_rect_t bounds;

  if (dir == NULL)
    return;
  yb_test_sleep (300);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget),
                      gtk_widget_get_height (widget));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &bounds);
  file = g_strdup_printf ("%s-%s.png", name, english () ? "en" : "zh_CN");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static GSettings *
fresh_settings (void)
{
  GSettings *settings = g_settings_new (APP_ID);
  const char *keys[] = { "halls", "accounts", "current-hall", "current-account", "current-unit",
                         "privacy-mode" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  return settings;
}

/* The old computer: a unit with a draft, and the settings naming its hall and account. */
static void
make_backup (const char *dir,
             const char *backup_path)
{
  g_autofree char *store_path = g_build_filename (dir, "old-computer.db", NULL);
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(YbSession) old = yb_session_new (settings);
  g_autoptr(YbStore) store = NULL;
  g_autoptr(JsonObject) unit = json_object_new ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (backup_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *hall_id = yb_session_hall_id (HALL_URL);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  store = yb_store_open (store_path, &error);
  g_assert_no_error (error);
  yb_store_declaration_create (store, "enrol_new",
                               "{\"name\":\"张伟\",\"wage\":\"8000.00\"}", &error);
  g_assert_no_error (error);
  json_object_set_string_member (unit, "unit_no", UNIT_NO);
  json_object_set_string_member (unit, "name", "宁波示例贸易有限公司");
  json_object_set_string_member (unit, "region", "ningbo");
  g_assert_true (yb_store_unit_put (store, unit, &error));
  g_assert_no_error (error);
  g_assert_true (yb_store_meta_set (store, "region", "ningbo", &error));
  g_assert_no_error (error);

  g_assert_true (yb_session_add_hall (old, HALL_URL, "宁波医保", "", &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "current-hall", HALL_URL);
  g_settings_set_string (settings, "current-account", ACCOUNT);
  g_settings_set_string (settings, "current-unit", UNIT_NO);
  json = yb_session_settings_to_json (old);

  yb_store_backup_async (store, hall_id, ACCOUNT, UNIT_NO, json, file, NULL,
                         yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_store_backup_finish (result, &error));
  g_assert_no_error (error);
}

typedef struct
{
  YbLoginDialog *dialog;
  YbWorkspace *workspace;
} Login;

static void
on_ready_cb (YbLoginDialog *dialog,
             YbWorkspace   *workspace,
             Login         *login)
{
  g_set_object (&login->workspace, workspace);
}

static void
wait_until_done (Login *login)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (yb_login_dialog_get_busy (login->dialog))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  run_until_idle ();
}

static void
test_restore_at_first_start (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yb-restore-XXXXXX", NULL);
  g_autofree char *backup_path = g_build_filename (dir, "old.yibao-backup", NULL);
  g_autofree char *hall_id = yb_session_hall_id (HALL_URL);
  g_autofree char *default_path = yb_store_default_path (hall_id, ACCOUNT, UNIT_NO);
  g_autoptr(GFile) backup = g_file_new_for_path (backup_path);
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(YbSession) session = NULL;
  g_autoptr(GListModel) drafts = NULL;
  g_autoptr(YbStoreDeclaration) draft = NULL;
  g_autofree char *current_unit = NULL;
  Login login = { 0 };
  YbWindow *window;
  GtkWidget *restore;

  make_backup (dir, backup_path);

  /* The new computer: no data, no halls, no accounts. */
  settings = fresh_settings ();
  g_assert_true (g_str_has_prefix (default_path, data_dir));
  g_assert_false (g_file_test (default_path, G_FILE_TEST_EXISTS));
  session = yb_session_new (settings);
  g_assert_false (yb_session_has_cached (session));

  window = yb_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
  gtk_window_present (GTK_WINDOW (window));
  login.dialog = g_object_ref_sink (yb_login_dialog_new (session, GTK_WINDOW (window)));
  g_signal_connect (login.dialog, "workspace-ready", G_CALLBACK (on_ready_cb), &login);
  gtk_window_present (GTK_WINDOW (login.dialog));
  run_until_idle ();

  /* The login page offers the restore, enabled. */
  g_assert_cmpstr (yb_login_dialog_get_page (login.dialog), ==, "login");
  restore = find_button (GTK_WIDGET (login.dialog), "login.restore");
  g_assert_true (gtk_widget_get_mapped (restore));
  g_assert_true (gtk_widget_get_sensitive (restore));
  screenshot (GTK_WIDGET (login.dialog), "login-restore");

  /* What the button does after the file chooser and the confirmation. */
  yb_login_dialog_restore_from (login.dialog, backup);
  g_assert_true (yb_login_dialog_get_busy (login.dialog));
  g_assert_cmpstr (yb_login_dialog_get_page (login.dialog), ==, "restore");
  g_assert_false (gtk_widget_get_sensitive (restore));
  g_assert_false (gtk_widget_get_sensitive (find_button (GTK_WIDGET (login.dialog),
                                                         "login.login")));
  wait_until_done (&login);
  g_assert_null (yb_login_dialog_get_error (login.dialog));
  g_assert_nonnull (login.workspace);

  /* The restored unit is open from its data at its default path, with the draft. */
  g_assert_cmpstr (yb_workspace_get_unit_no (login.workspace), ==, UNIT_NO);
  g_assert_cmpstr (yb_workspace_get_unit_name (login.workspace), ==, "宁波示例贸易有限公司");
  g_assert_cmpstr (yb_store_get_path (yb_workspace_get_store (login.workspace)), ==,
                   default_path);
  g_assert_true (yb_session_get_workspace (session) == login.workspace);
  drafts = yb_store_declaration_list (yb_workspace_get_store (login.workspace),
                                      YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 1);
  draft = g_list_model_get_item (drafts, 0);
  g_assert_cmpstr (yb_store_declaration_get_kind (draft), ==, "enrol_new");
  g_assert_cmpstr (yb_store_declaration_get_person_name (draft), ==, "张伟");

  /* The backup's settings came along: a later start opens on this unit by itself. */
  current_unit = g_settings_get_string (settings, "current-unit");
  g_assert_cmpstr (current_unit, ==, UNIT_NO);
  g_assert_true (yb_session_has_cached (session));
  {
    g_autoptr(YbHallEntry) hall = yb_session_find_hall (session, HALL_URL);

    g_assert_nonnull (hall);
  }

  /* The window tells the clerk to log in again to sync. */
  yb_window_set_workspace (window, G_OBJECT (login.workspace));
  yb_test_sleep (300);
  run_until_idle ();
  g_assert_true (shows_label (GTK_WIDGET (window),
                              _("Backup restored: its data is open. Log in again to sync with "
                                "the hall.")));
  screenshot (GTK_WIDGET (window), "window-after-restore");

  gtk_window_destroy (GTK_WINDOW (login.dialog));
  g_clear_object (&login.dialog);
  g_clear_object (&login.workspace);
  gtk_window_destroy (GTK_WINDOW (window));
  yb_session_close (session);
  run_until_idle ();
}

static void
test_damaged_backup (void)
{
  g_autofree char *dir = g_dir_make_tmp ("yb-restore-XXXXXX", NULL);
  g_autofree char *backup_path = g_build_filename (dir, "damaged.yibao-backup", NULL);
  g_autoptr(GFile) backup = g_file_new_for_path (backup_path);
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(YbSession) session = yb_session_new (settings);
  g_autofree char *current_unit = NULL;
  Login login = { 0 };

  g_assert_true (g_file_set_contents (backup_path, "PK\003\004 not a backup", -1, NULL));
  login.dialog = g_object_ref_sink (yb_login_dialog_new (session, NULL));
  g_signal_connect (login.dialog, "workspace-ready", G_CALLBACK (on_ready_cb), &login);
  gtk_window_present (GTK_WINDOW (login.dialog));
  run_until_idle ();

  yb_login_dialog_restore_from (login.dialog, backup);
  wait_until_done (&login);

  /* Back on the login page with the reason under the form; nothing opened or written. */
  g_assert_null (login.workspace);
  g_assert_cmpstr (yb_login_dialog_get_page (login.dialog), ==, "login");
  g_assert_nonnull (yb_login_dialog_get_error (login.dialog));
  g_assert_cmpstr (yb_login_dialog_get_error (login.dialog), !=, "");
  g_assert_true (shows_label (GTK_WIDGET (login.dialog), yb_login_dialog_get_error (
                                login.dialog)));
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (login.dialog),
                                                        "login.restore")));
  g_assert_null (yb_session_get_workspace (session));
  current_unit = g_settings_get_string (settings, "current-unit");
  g_assert_cmpstr (current_unit, ==, "");
  screenshot (GTK_WIDGET (login.dialog), "login-restore-error");

  gtk_window_destroy (GTK_WINDOW (login.dialog));
  g_clear_object (&login.dialog);
  g_unlink (backup_path);
  g_rmdir (dir);
  run_until_idle ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localedir = NULL;
  int ret;

  /* An empty data folder of its own, before GLib caches the user's: the new computer. */
  data_dir = g_dir_make_tmp ("yb-restore-data-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  g_unsetenv ("YIBAO_DEMO_HALL");

  setlocale (LC_ALL, "");
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

  g_test_add_func ("/ui/restore/at-first-start", test_restore_at_first_start);
  g_test_add_func ("/ui/restore/damaged-backup", test_damaged_backup);

  ret = g_test_run ();
  g_clear_object (&app);
  g_free (data_dir);
  return ret;
}
