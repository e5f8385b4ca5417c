/* test-session.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE

#include "config.h"

#include <locale.h>
#include <sys/stat.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

/* The hall harness is compiled in: the shared ui test list links yb_ui_dep only. */
#include "yb-test-hall.h"

#include "yb-application.h"
#include "yb-credentials.h"
#include "yb-login-dialog.h"
#include "yb-preferences-window.h"
#include "yb-session.h"
#include "yb-session-status.h"
#include "yb-store-backup.h"
#include "yb-window.h"

static YbApplication *app;

static void
run_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_until (gboolean (*done) (gpointer),
            gpointer   data,
            guint      seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
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
find_entry_row (GtkWidget  *root,
                GType       type,
                const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (root, type, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  g_error ("no row “%s”", title);
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

static YbSessionStatus *
find_status (GtkWidget *window)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (window, YB_TYPE_SESSION_STATUS, found);
  g_assert_cmpuint (found->len, ==, 1);
  return found->pdata[0];
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

static gboolean
not_busy (gpointer data)
{
  return !yb_login_dialog_get_busy (((Login *) data)->dialog);
}

static gboolean
has_workspace (gpointer data)
{
  return ((Login *) data)->workspace != NULL;
}

static void
type_login (Login      *login,
            const char *password)
{
  GtkWidget *root = GTK_WIDGET (login->dialog);
  GtkWidget *password_row = find_entry_row (root, ADW_TYPE_PASSWORD_ENTRY_ROW, _("Password"));
  GtkWidget *button = find_button (root, "login.login");

  gtk_editable_set_text (GTK_EDITABLE (password_row), "");
  run_until_idle ();
  /* Log In follows the form: disabled without a password. */
  g_assert_false (gtk_widget_get_sensitive (button));
  gtk_editable_set_text (GTK_EDITABLE (password_row), password);
  run_until_idle ();
  g_assert_true (gtk_widget_get_sensitive (button));
  gtk_widget_activate_action (root, "login.login", NULL);
  wait_until (not_busy, login, 20);
}

static char *
lookup_secret (const char   *url,
               YbSecretKind  kind)
{
  g_autoptr(YbCredentials) credentials = yb_credentials_new (url);
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  yb_credentials_lookup_async (credentials, "demo", kind, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  secret = yb_credentials_lookup_finish (credentials, result, &error);
  g_assert_no_error (error);
  return secret;
}

static gboolean
status_offline (gpointer data)
{
  const YbHeaderState *state = yb_session_status_get_state (data);

  run_until_idle ();
  return state != NULL && !state->online;
}

static void
test_first_start_then_offline (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(YbSession) session = NULL;
  g_autoptr(YbSession) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *hall_id = NULL;
  g_autofree char *password = NULL;
  g_autofree char *backup_path = NULL;
  g_autofree char *backup_text = NULL;
  g_autoptr(GFile) backup = NULL;
  g_autofree char *url = NULL;
  g_autoptr(YbWorkspace) cached = NULL;
  Login login = { 0 };
  YbWindow *window;
  YbSessionStatus *status;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  struct stat st;
  guint roster;
  gsize backup_length;

  /* The demo hall of ./run.sh, its clock on the 24th in the evening. */
  hall = yb_test_hall_start (TRUE, "--demo", "--clock=2026-03-24T18:00:00+08:00", NULL);
  url = g_strdup (hall->base_url);
  g_setenv ("YIBAO_DEMO_HALL", hall->base_url, TRUE);
  g_setenv ("YIBAO_DEMO_HALL_CA", hall->ca_file, TRUE);

  session = yb_session_new (settings);
  login.dialog = g_object_ref_sink (yb_login_dialog_new (session, NULL));
  g_signal_connect (login.dialog, "workspace-ready", G_CALLBACK (on_ready_cb), &login);
  gtk_window_present (GTK_WINDOW (login.dialog));
  run_until_idle ();

  /* The demo hall is offered and preselected, the demo account filled in. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry_row (
    GTK_WIDGET (login.dialog), ADW_TYPE_ENTRY_ROW, _("Account")))), ==, "demo");

  /* A wrong password: an inline error, still on the login page, nothing stored. */
  type_login (&login, "wrong-password");
  g_assert_cmpstr (yb_login_dialog_get_page (login.dialog), ==, "login");
  g_assert_nonnull (yb_login_dialog_get_error (login.dialog));
  g_assert_cmpstr (yb_login_dialog_get_error (login.dialog), !=, "");
  g_assert_null (login.workspace);

  /* The demo credit code has two unit numbers: the clerk picks one. */
  type_login (&login, "demo12345");
  g_assert_null (yb_login_dialog_get_error (login.dialog));
  g_assert_cmpstr (yb_login_dialog_get_page (login.dialog), ==, "units");
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    GtkWidget *first = NULL;

    collect (GTK_WIDGET (login.dialog), ADW_TYPE_ACTION_ROW, rows);
    for (guint i = 0; i < rows->len && first == NULL; i++)
      if (g_strcmp0 (gtk_actionable_get_action_name (rows->pdata[i]), "login.choose-unit") == 0)
        first = rows->pdata[i];
    g_assert_nonnull (first);
    gtk_widget_activate_action_variant (GTK_WIDGET (login.dialog), "login.choose-unit",
                                        gtk_actionable_get_action_target_value (
                                          GTK_ACTIONABLE (first)));
  }
  wait_until (has_workspace, &login, 60);

  /* The store is at its default path, private to the user, with the roster fetched. */
  hall_id = yb_session_hall_id (url);
  path = yb_store_default_path (hall_id, "demo", yb_workspace_get_unit_no (login.workspace));
  g_assert_cmpstr (yb_store_get_path (yb_workspace_get_store (login.workspace)), ==, path);
  g_assert_cmpint (g_stat (path, (GStatBuf *) &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  roster = yb_store_roster_count (yb_workspace_get_store (login.workspace));
  g_assert_cmpuint (roster, >, 0);
  g_assert_nonnull (yb_workspace_get_sync_engine (login.workspace));
  g_assert_nonnull (yb_workspace_get_unit_name (login.workspace));

  /* The password is in the keyring, and nowhere in the settings. */
  password = lookup_secret (url, YB_SECRET_PASSWORD);
  g_assert_cmpstr (password, ==, "demo12345");

  /* The workspace reaches the window; the header shows the unit and the window closing
   * within a day at the hall's clock. */
  window = yb_window_new (app);
  yb_window_set_workspace (window, G_OBJECT (login.workspace));
  gtk_window_present (GTK_WINDOW (window));
  run_until_idle ();
  g_assert_true (yb_window_get_workspace (window) == G_OBJECT (login.workspace));
  status = find_status (GTK_WIDGET (window));
  g_assert_true (yb_session_status_get_state (status)->window_open);
  g_assert_true (yb_session_status_get_state (status)->window_closes_soon);
  g_assert_true (yb_session_status_get_state (status)->show_unit_switcher);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "sync-now"));

  if (g_getenv ("YIBAO_SCREENSHOT_DIR"))
    {
      gtk_window_set_default_size (GTK_WINDOW (window), 1100, 760);
      yb_test_sleep (1500);
    }

  /* A backup never holds the password. */
  backup_path = g_build_filename (g_get_tmp_dir (), "yb-session-test.yibao-backup", NULL);
  backup = g_file_new_for_path (backup_path);
  {
    g_autoptr(GBytes) json = yb_session_settings_to_json (session);

    yb_store_backup_async (yb_workspace_get_store (login.workspace), hall_id, "demo",
                           yb_workspace_get_unit_no (login.workspace), json, backup, NULL,
                           yb_test_store_result, &slot);
    result = yb_test_await (&slot);
    g_assert_true (yb_store_backup_finish (result, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (backup_path, &backup_text, &backup_length, NULL));
    g_assert_null (memmem (backup_text, backup_length, "demo12345", 9));
    g_assert_nonnull (memmem (backup_text, backup_length, "current-account", 15));
    g_unlink (backup_path);
  }

  /* A second start with the hall gone opens on the cached data and says offline. */
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (login.dialog));
  g_clear_object (&login.dialog);
  g_clear_object (&login.workspace);
  g_clear_object (&session);
  g_clear_pointer (&hall, yb_test_hall_stop);
  run_until_idle ();

  second = yb_session_new (settings);
  g_assert_true (yb_session_has_cached (second));
  g_clear_object (&result);
  yb_session_open_cached_async (second, NULL, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  cached = yb_session_open_cached_finish (second, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (yb_store_roster_count (yb_workspace_get_store (cached)), ==, roster);

  window = yb_window_new (app);
  yb_window_set_workspace (window, G_OBJECT (cached));
  gtk_window_present (GTK_WINDOW (window));
  status = find_status (GTK_WIDGET (window));
  wait_until (status_offline, status, 20);
  g_assert_cmpstr (yb_session_status_get_state (status)->connectivity_text, ==, _("Offline"));
  gtk_window_destroy (GTK_WINDOW (window));
  run_until_idle ();
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_closed_window_and_preferences (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(GSettings) settings = fresh_settings ();
  g_autoptr(YbSession) session = NULL;
  g_autoptr(JsonArray) units = NULL;
  g_autoptr(YbWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  YbPreferencesWindow *preferences;
  YbWindow *window;
  YbSessionStatus *status;
  GAsyncResult *slot = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  const YbHeaderState *state;
  gboolean privacy = FALSE;
  GtkWidget *forget;

  /* A hall whose fixed clock says the 25th after 17:00: the window is closed. */
  hall = yb_test_hall_start (TRUE, "--demo", "--clock=2026-03-25T17:30:00+08:00", NULL);
  g_setenv ("YIBAO_DEMO_HALL", hall->base_url, TRUE);
  g_setenv ("YIBAO_DEMO_HALL_CA", hall->ca_file, TRUE);
  session = yb_session_new (settings);
  yb_session_apply_demo_hall (session);

  yb_session_login_async (session, hall->base_url, "demo", "demo12345", TRUE, NULL,
                          yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  units = yb_session_login_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (units), ==, 2);
  g_clear_object (&result);
  yb_session_open_unit_async (session, json_object_get_string_member (
                                json_array_get_object_element (units, 0), "unit_no"),
                              NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  workspace = yb_session_open_unit_finish (session, result, &error);
  g_assert_no_error (error);

  window = yb_window_new (app);
  yb_window_set_workspace (window, G_OBJECT (workspace));
  run_until_idle ();
  status = find_status (GTK_WIDGET (window));
  state = yb_session_status_get_state (status);
  g_assert_true (state->window_known);
  g_assert_false (state->window_open);
  /* The reopening time: the 1st at 08:00. */
  g_assert_nonnull (strstr (state->window_text, "08:00"));

  /* Privacy mode in the preferences toggles the workspace. */
  preferences = yb_preferences_window_new (session, GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));
  run_until_idle ();
  g_assert_false (yb_workspace_get_privacy_mode (workspace));
  g_settings_set_boolean (settings, "privacy-mode", TRUE);
  run_until_idle ();
  g_assert_true (yb_workspace_get_privacy_mode (workspace));
  {
    g_autoptr(GPtrArray) switches = g_ptr_array_new ();

    collect (GTK_WIDGET (preferences), GTK_TYPE_SWITCH, switches);
    g_assert_cmpuint (switches->len, >=, 1);
    g_assert_true (gtk_switch_get_active (switches->pdata[0]));
    gtk_switch_set_active (switches->pdata[0], FALSE);
    run_until_idle ();
    g_assert_false (yb_workspace_get_privacy_mode (workspace));
  }
  (void) privacy;

  /* Forgetting the credential removes it from the keyring. */
  before = lookup_secret (hall->base_url, YB_SECRET_PASSWORD);
  g_assert_cmpstr (before, ==, "demo12345");
  forget = find_button (GTK_WIDGET (preferences), "preferences.forget-credential");
  g_assert_true (gtk_widget_get_sensitive (forget));
  gtk_widget_activate_action_variant (GTK_WIDGET (forget), "preferences.forget-credential",
                                      gtk_actionable_get_action_target_value (
                                        GTK_ACTIONABLE (forget)));
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    gboolean gone = FALSE;

    while (!gone)
      {
        g_autofree char *now = NULL;

        g_assert_cmpint (g_get_monotonic_time (), <, end);
        yb_test_sleep (50);
        now = lookup_secret (hall->base_url, YB_SECRET_PASSWORD);
        gone = now == NULL;
      }
    (void) is_true;
  }
  after = lookup_secret (hall->base_url, YB_SECRET_REFRESH_TOKEN);
  g_assert_null (after);

  gtk_window_destroy (GTK_WINDOW (preferences));
  gtk_window_destroy (GTK_WINDOW (window));
  yb_session_close (session);
  run_until_idle ();
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localedir = NULL;
  int ret;

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

  g_test_add_func ("/ui/session/first-start-then-offline", test_first_start_then_offline);
  g_test_add_func ("/ui/session/closed-window-and-preferences",
                   test_closed_window_and_preferences);

  ret = g_test_run ();
  g_clear_object (&app);
  return ret;
}
