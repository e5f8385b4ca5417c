/* test-certificate-dialog.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The login dialog's certificate path with the PKCS#11 module and a SoftHSM
 * token: the certificate is listed with its issuer, expiry and credit code, a
 * cancelled PIN dialog logs nothing in, a wrong PIN is refused inline with the
 * dialog ready for another try, the right one reaches the unit choice, and an
 * expired certificate cannot be used. Each test runs in its own process
 * (SoftHSM reads its configuration once per process); the parent checks the
 * child's output, debug messages included, for the PIN, and the child checks
 * its folders and every log record it saw.
 *
 * With YIBAO_SCREENSHOT_DIR set, the dialog and the PIN dialog are saved there
 * as PNG files.
 */
#define G_LOG_DOMAIN "TestCertificateDialog"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "pkcs11-fixture.h"
#include "yb-login-dialog.h"

static char *home_dir;
static GString *log_text;

/* Every log record of the process, debug included, for the PIN check. */
static GLogWriterOutput
record_log (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (fields[i].length < 0)
      g_string_append_printf (log_text, "%s=%s\n", fields[i].key, (const char *) fields[i].value);
    else
      {
        g_string_append_printf (log_text, "%s=", fields[i].key);
        g_string_append_len (log_text, fields[i].value, fields[i].length);
        g_string_append_c (log_text, '\n');
      }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static gboolean
in_child (void)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout_unmatched ("*" PIN "*");
  g_test_trap_assert_stderr_unmatched ("*" PIN "*");
  return FALSE;
}

static void
wait_for (gboolean (*done) (gpointer),
          gpointer   data)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        g_error ("Timed out waiting");
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
run_until_idle (void)
{
  /* Twice with a pause: a message dialog answers its buttons from an idle. */
  for (int round = 0; round < 20; round++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (5000);
    }
}

static GtkWidget *
find_widget (GtkWidget  *widget,
             GType       type,
             const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && ((ADW_IS_PREFERENCES_ROW (child)
               && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)),
                             title) == 0)
              || (GTK_IS_ACTIONABLE (child)
                  && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)),
                                title) == 0)))
        return child;
      if ((found = find_widget (child, type, title)) != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  YbLoginDialog *dialog;
  AdwComboRow *certs;
  AdwActionRow *info;
  GtkWidget *login_button;
} Ui;

static void
find_ui (Ui *ui)
{
  ui->certs = ADW_COMBO_ROW (find_widget (GTK_WIDGET (ui->dialog), ADW_TYPE_COMBO_ROW,
                                          _("C_ertificate")));
  /* The row under it, titled with the whole subject of the chosen certificate. */
  ui->info = ADW_ACTION_ROW (gtk_widget_get_next_sibling (GTK_WIDGET (ui->certs)));
  ui->login_button = find_widget (GTK_WIDGET (ui->dialog), GTK_TYPE_BUTTON,
                                  "login.login-certificate");
  g_assert_nonnull (ui->certs);
  g_assert_nonnull (ui->info);
  g_assert_nonnull (ui->login_button);
}

static gboolean
has_items (gpointer data)
{
  GListModel *model = adw_combo_row_get_model (data);

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static gboolean
not_busy (gpointer data)
{
  return !yb_login_dialog_get_busy (data);
}

static gboolean
on_units_page (gpointer data)
{
  return g_strcmp0 (yb_login_dialog_get_page (data), "units") == 0;
}

/* The PIN dialog on screen, if any. */
static AdwMessageDialog *
pin_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
no_pin_dialog (gpointer data)
{
  return pin_dialog () == NULL;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *dir = g_getenv ("YIBAO_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  const char *language = g_getenv ("LANGUAGE");

  if (dir == NULL)
    return;
  /* Tall enough for the whole form, to look at all of it. */
  if (YB_IS_LOGIN_DIALOG (widget))
    gtk_window_set_default_size (GTK_WINDOW (widget), 560, 1000);
  run_until_idle ();
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         NULL);
  file = g_strdup_printf ("%s-%s.png", name, language ? language : "C");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

/* Opens the PIN dialog with the certificate action and types @pin into it. */
static AdwMessageDialog *
ask_pin (Ui         *ui,
         const char *pin)
{
  AdwMessageDialog *ask;
  GtkWidget *entry;

  g_assert_true (gtk_widget_get_sensitive (ui->login_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ui->dialog), "login.login-certificate",
                                             NULL));
  run_until_idle ();
  ask = pin_dialog ();
  g_assert_nonnull (ask);
  entry = adw_message_dialog_get_extra_child (ask);
  g_assert_true (GTK_IS_PASSWORD_ENTRY (entry));
  /* The entry has the focus, so the clerk types at once. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (ask)), entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), pin);
  return ask;
}

/* Enter in the PIN entry, as the clerk does: the default response, "Log In". */
static void
press_enter (AdwMessageDialog *ask)
{
  GtkWidget *button = gtk_window_get_default_widget (GTK_WINDOW (ask));

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_activate (button));
  wait_for (no_pin_dialog, NULL);
}

static void
check_no_pin_anywhere (YbTestHall *hall)
{
  g_assert_cmpuint (files_containing (work_dir, PIN), ==, 0);
  g_assert_cmpuint (files_containing (home_dir, PIN), ==, 0);
  if (hall != NULL)
    g_assert_cmpuint (files_containing (hall->state_dir, PIN), ==, 0);
  g_assert_null (strstr (log_text->str, PIN));
}

static void
test_certificate_login (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(YbSession) session = NULL;
  g_autofree char *credit_code = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *wrong_pin = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *ask;
  const char *subtitle;
  Ui ui = { NULL, };

  if (!in_child ())
    return;

  make_token ();
  make_ca ("trust", "Yibao Test CA");
  hall = start_hall ("trust");
  credit_code = demo_credit_code (hall);
  expires = g_date_time_new_now_local ();
  put_unit_certificate ("trust", credit_code, "--rsa", "expiration_days = 10");

  settings = g_settings_new (APP_ID);
  session = yb_session_new (settings);
  g_assert_true (yb_session_add_hall (session, hall->base_url, "Test", NULL, &error));
  g_assert_no_error (error);
  ui.dialog = yb_login_dialog_new (session, NULL);
  find_ui (&ui);
  gtk_window_present (GTK_WINDOW (ui.dialog));

  /* Listed with what the clerk checks before typing a PIN. */
  wait_for (has_items, ui.certs);
  run_until_idle ();
  /* The module's label: the certificate's subject and the key's name. */
  expected = g_strdup_printf (_("%s (%s)"), UNIT_NAME, TOKEN);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (
                     adw_combo_row_get_model (ui.certs)), 0), ==, expected);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (ui.info)), ==, expected);
  g_clear_pointer (&expected, g_free);
  subtitle = adw_action_row_get_subtitle (ui.info);
  expected = g_strdup_printf (_("Issued by %s"), "Yibao Test CA");
  g_assert_nonnull (strstr (subtitle, expected));
  g_clear_pointer (&expected, g_free);
  /* Ten days from its issue, that is nine whole days left: a warning, but usable. */
  expires = g_date_time_add_days (expires, 10);
  expiry = g_date_time_format (expires, "%Y-%m-%d");
  expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Expires on %s, in %d day: renew it soon",
                                           "Expires on %s, in %d days: renew it soon", 9),
                              expiry, 9);
  g_assert_nonnull (strstr (subtitle, expected));
  g_clear_pointer (&expected, g_free);
  expected = g_strdup_printf (_("Credit code %s"), credit_code);
  g_assert_nonnull (strstr (subtitle, expected));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (ui.info), "warning"));
  g_assert_true (gtk_widget_get_sensitive (ui.login_button));
  save_png (GTK_WIDGET (ui.dialog), "login-certificate");

  /* Closing the PIN dialog (Escape) logs nothing in and leaves no PIN behind. */
  ask = ask_pin (&ui, PIN);
  save_png (GTK_WIDGET (ask), "login-certificate-pin");
  gtk_window_close (GTK_WINDOW (ask));
  wait_for (no_pin_dialog, NULL);
  run_until_idle ();
  g_assert_false (yb_login_dialog_get_busy (ui.dialog));
  g_assert_null (yb_login_dialog_get_error (ui.dialog));
  g_assert_null (yb_session_get_client (session));

  /* A wrong PIN: the module's message under the certificate, and another try is possible. */
  ask = ask_pin (&ui, "000000");
  press_enter (ask);
  wait_for (not_busy, ui.dialog);
  run_until_idle ();
  g_assert_cmpstr (yb_login_dialog_get_page (ui.dialog), ==, "login");
  wrong_pin = g_strdup_printf (_("PIN: the PIN of “%s” is wrong. Few tries remain before the "
                                "key locks."), TOKEN);
  g_assert_cmpstr (yb_login_dialog_get_error (ui.dialog), ==, wrong_pin);
  g_assert_null (pin_dialog ());
  g_assert_true (gtk_widget_get_sensitive (ui.login_button));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (ui.dialog)) == ui.login_button);
  save_png (GTK_WIDGET (ui.dialog), "login-certificate-wrong-pin");

  /* The right PIN in a new PIN dialog: the demo credit code has two unit numbers, so the
   * dialog asks which. */
  ask = ask_pin (&ui, PIN);
  press_enter (ask);
  wait_for (on_units_page, ui.dialog);
  g_assert_null (yb_login_dialog_get_error (ui.dialog));
  g_assert_true (yb_hall_client_get_logged_in (yb_session_get_client (session)));
  g_assert_true (g_str_has_prefix (yb_hall_client_get_account (yb_session_get_client (session)),
                                   "cert:"));
  g_assert_cmpstr (yb_hall_client_get_account (yb_session_get_client (session)) + 5, ==,
                   credit_code);

  gtk_window_destroy (GTK_WINDOW (ui.dialog));
  run_until_idle ();
  check_no_pin_anywhere (hall);
  remove_tree (work_dir);
}

static void
test_expired_certificate (void)
{
  g_autoptr(YbTestHall) hall = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(YbSession) session = NULL;
  g_autofree char *credit_code = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  const char *subtitle;
  Ui ui = { NULL, };

  if (!in_child ())
    return;

  make_token ();
  make_ca ("trust", "Yibao Test CA");
  hall = start_hall ("trust");
  credit_code = demo_credit_code (hall);
  /* certtool reads the dates in local time (TZ is Asia/Shanghai in the tests). */
  put_unit_certificate ("trust", credit_code, "--ecc",
                        "activation_date = \"2020-01-01 00:00:00\"\n"
                        "expiration_date = \"2021-01-01 00:00:00\"");

  settings = g_settings_new (APP_ID);
  session = yb_session_new (settings);
  g_assert_true (yb_session_add_hall (session, hall->base_url, "Test", NULL, &error));
  g_assert_no_error (error);
  ui.dialog = yb_login_dialog_new (session, NULL);
  find_ui (&ui);
  gtk_window_present (GTK_WINDOW (ui.dialog));

  /* Still listed, so the clerk sees why it cannot be used. */
  wait_for (has_items, ui.certs);
  run_until_idle ();
  subtitle = adw_action_row_get_subtitle (ui.info);
  expected = g_strdup_printf (_("Expired on %s: ask the certificate authority for a new "
                                "certificate. Log in with the password meanwhile."),
                              "2021-01-01");
  g_assert_nonnull (strstr (subtitle, expected));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (ui.info), "error"));
  g_assert_false (gtk_widget_get_sensitive (ui.login_button));
  save_png (GTK_WIDGET (ui.dialog), "login-certificate-expired");

  /* The action does nothing: no PIN is asked for a certificate the hall refuses. */
  gtk_widget_activate_action (GTK_WIDGET (ui.dialog), "login.login-certificate", NULL);
  run_until_idle ();
  g_assert_null (pin_dialog ());
  g_assert_false (yb_login_dialog_get_busy (ui.dialog));
  g_assert_null (yb_session_get_client (session));

  gtk_window_destroy (GTK_WINDOW (ui.dialog));
  run_until_idle ();
  check_no_pin_anywhere (hall);
  remove_tree (work_dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *localedir = NULL;

  home_dir = g_dir_make_tmp ("yb-test-certdialog-XXXXXX", NULL);
  data = g_build_filename (home_dir, "data", NULL);
  config = g_build_filename (home_dir, "config", NULL);
  cache = g_build_filename (home_dir, "cache", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_unsetenv ("YIBAO_DEMO_HALL");
  /* Debug output too: the parent checks it for the PIN. */
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);
  /* On stderr, as the TAP output of the parent has stdout to itself. */
  g_log_writer_default_set_use_stderr (TRUE);
  log_text = g_string_new (NULL);
  g_log_set_writer_func (record_log, NULL, NULL);

  setlocale (LC_ALL, "");
  if (g_getenv ("YIBAO_BUILD_DIR") != NULL)
    {
      localedir = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "po", NULL);
      bindtextdomain (GETTEXT_PACKAGE, localedir);
    }
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_assert_nonnull (g_getenv ("YIBAO_PLUGIN_PATH"));

  if (g_find_program_in_path ("softhsm2-util") == NULL
      || g_find_program_in_path ("p11tool") == NULL
      || g_find_program_in_path ("certtool") == NULL)
    {
      g_test_message ("softhsm2 and gnutls-bin are needed for the certificate dialog tests");
      return g_test_run ();
    }
  g_test_add_func ("/plugins/pkcs11/login-dialog/certificate", test_certificate_login);
  g_test_add_func ("/plugins/pkcs11/login-dialog/expired", test_expired_certificate);
  return g_test_run ();
}
