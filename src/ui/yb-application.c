/* yb-application.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbApplication"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-application.h"
#include "yb-outbox-page.h"
#include "yb-window.h"
#include "yb-login-dialog.h"
#include "yb-preferences-window.h"
#include "yb-session.h"

struct _YbApplication
{
  AdwApplication parent_instance;

  YbSession *session;
  YbLoginDialog *login_dialog;
  gboolean session_started;
};

G_DEFINE_FINAL_TYPE (YbApplication, yb_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the version and exit"), NULL },
  { "section", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Open the window on a section: enrolment, reduction, maintenance, queries, printing "
       "or outbox"),
    N_("SECTION") },
  { NULL }
};

static YbWindow *
ensure_window (YbApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    {
      if (YB_IS_WINDOW (l->data))
        return YB_WINDOW (l->data);
    }

  return yb_window_new (self);
}

static void
quit_activate (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activate (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  YbApplication *self = user_data;
  static const char *developers[] = { "The Yibao authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_show_about_window (parent,
                         "application-name", g_get_application_name (),
                         "application-icon", APP_ID,
                         "developer-name", _("The Yibao authors"),
                         "developers", developers,
                         "version", PACKAGE_VERSION,
                         "comments", _("Employer-side medical-insurance business with "
                                       "Zhejiang’s online service halls"),
                         "website", "https://github.com/yibao/yibao",
                         "issue-url", "https://github.com/yibao/yibao/issues",
                         "copyright", "© 2026 The Yibao authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: Put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
show_section_activate (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  YbApplication *self = user_data;
  YbWindow *window = ensure_window (self);

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-section", parameter);
  gtk_window_present (GTK_WINDOW (window));
}

/* The default action of an audit-result notification: show that declaration. */
static void
open_declaration_activate (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  YbApplication *self = user_data;
  YbWindow *window = ensure_window (self);
  YbSectionPage *page;

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-section",
                                  g_variant_new_string ("outbox"));
  gtk_window_present (GTK_WINDOW (window));
  page = yb_window_get_page (window, "outbox");
  if (!yb_outbox_page_select_declaration (YB_OUTBOX_PAGE (page), g_variant_get_int64 (parameter)))
    yb_window_add_toast (window, adw_toast_new (_("That declaration is no longer on this unit.")));
}

static void
on_workspace_ready_cb (YbLoginDialog *dialog,
                       YbWorkspace   *workspace,
                       YbApplication *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
on_login_dialog_destroy_cb (YbApplication *self)
{
  self->login_dialog = NULL;
}

static void
show_login (YbApplication *self)
{
  YbWindow *window = ensure_window (self);

  if (self->login_dialog == NULL)
    {
      self->login_dialog = yb_login_dialog_new (self->session, GTK_WINDOW (window));
      g_signal_connect (self->login_dialog, "workspace-ready",
                        G_CALLBACK (on_workspace_ready_cb), self);
      g_signal_connect_swapped (self->login_dialog, "destroy",
                                G_CALLBACK (on_login_dialog_destroy_cb), self);
    }
  gtk_window_present (GTK_WINDOW (self->login_dialog));
}

/* The session's workspace is the window's: after login, a unit switch or a restore. */
static void
on_session_workspace_cb (YbApplication *self)
{
  YbWindow *window = ensure_window (self);

  yb_window_set_workspace (window, G_OBJECT (yb_session_get_workspace (self->session)));
}

static void
on_cached_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YbApplication) self = user_data;
  g_autoptr(YbWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  workspace = yb_session_open_cached_finish (YB_SESSION (object), result, &error);
  if (workspace != NULL)
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The cached data could not be opened: say why, then offer a fresh login. */
  yb_window_add_toast (ensure_window (self), adw_toast_new (error->message));
  show_login (self);
}

static void
start_session (YbApplication *self)
{
  if (self->session_started)
    return;
  self->session_started = TRUE;

  yb_session_apply_demo_hall (self->session);
  if (yb_session_has_cached (self->session))
    yb_session_open_cached_async (self->session, NULL, NULL, on_cached_opened_cb,
                                  g_object_ref (self));
  else
    show_login (self);
}

static void
login_activate (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  show_login (user_data);
}

static void
preferences_activate (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  YbApplication *self = user_data;
  YbPreferencesWindow *preferences;

  preferences = yb_preferences_window_new (self->session, GTK_WINDOW (ensure_window (self)));
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
on_unit_switched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YbApplication) self = user_data;
  g_autoptr(YbWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  if (yb_session_get_client (YB_SESSION (object)) != NULL
      && g_task_get_source_tag (G_TASK (result)) == yb_session_open_unit_async)
    workspace = yb_session_open_unit_finish (YB_SESSION (object), result, &error);
  else
    workspace = yb_session_open_cached_finish (YB_SESSION (object), result, &error);
  if (workspace == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    yb_window_add_toast (ensure_window (self), adw_toast_new (error->message));
}

static void
switch_unit_activate (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  YbApplication *self = user_data;
  const char *unit_no = g_variant_get_string (parameter, NULL);
  YbHallClient *client = yb_session_get_client (self->session);

  /* Logged in: the unit opens from the hall; offline: from its cached data. */
  if (client != NULL && yb_hall_client_get_logged_in (client))
    yb_session_open_unit_async (self->session, unit_no, NULL, on_unit_switched_cb,
                                g_object_ref (self));
  else
    yb_session_open_cached_async (self->session, unit_no, NULL, on_unit_switched_cb,
                                  g_object_ref (self));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activate },
  { "about", about_activate },
  { "show-section", show_section_activate, "s" },
  { "open-declaration", open_declaration_activate, "x" },
  { "preferences", preferences_activate },
  { "login", login_activate },
  { "switch-unit", switch_unit_activate, "s" },
};

static int
yb_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  g_autoptr(GError) error = NULL;
  const char *section_id = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "yibao", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (!g_variant_dict_lookup (options, "section", "&s", &section_id))
    return -1;

  if (!yb_window_is_section_id (section_id))
    {
      g_autofree char *choices =
        g_strjoinv (", ", (char **) yb_window_get_section_ids ());

      /* Translators: The first %s is what the clerk typed, the second the list
       * of section names that the option accepts. */
      g_printerr (_("Unknown section “%s” for --section. Choose one of: %s."),
                  section_id, choices);
      g_printerr ("\n");
      return EXIT_FAILURE;
    }

  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_FAILURE;
    }

  /* A running instance switches its own window; this one then exits. */
  g_action_group_activate_action (G_ACTION_GROUP (application), "show-section",
                                  g_variant_new_string (section_id));

  return g_application_get_is_remote (application) ? EXIT_SUCCESS : -1;
}

static void
yb_application_startup (GApplication *application)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  const char * const *section_ids = yb_window_get_section_ids ();

  G_APPLICATION_CLASS (yb_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   application);

  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "win.sync-now",
                                         (const char *[]) { "F5", "<Control>r", NULL });

  {
    YbApplication *self = YB_APPLICATION (application);
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    self->session = yb_session_new (settings);
    g_signal_connect_swapped (self->session, "notify::workspace",
                              G_CALLBACK (on_session_workspace_cb), self);
  }

  for (guint i = 0; section_ids[i] != NULL && i < 9; i++)
    {
      g_autofree char *detailed = g_strdup_printf ("win.show-section('%s')", section_ids[i]);
      g_autofree char *accel = g_strdup_printf ("<Alt>%u", i + 1);
      const char *accels[] = { accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (application), detailed, accels);
    }
}

static void
yb_application_activate (GApplication *application)
{
  YbWindow *window = ensure_window (YB_APPLICATION (application));

  gtk_window_present (GTK_WINDOW (window));
  start_session (YB_APPLICATION (application));
}

static void
yb_application_dispose (GObject *object)
{
  YbApplication *self = YB_APPLICATION (object);

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (yb_application_parent_class)->dispose (object);
}

static void
yb_application_class_init (YbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = yb_application_handle_local_options;
  app_class->startup = yb_application_startup;
  app_class->activate = yb_application_activate;
  G_OBJECT_CLASS (klass)->dispose = yb_application_dispose;
}

static void
yb_application_init (YbApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
}

YbApplication *
yb_application_new (void)
{
  return g_object_new (YB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/yibao/Yibao",
                       NULL);
}

/* The session that builds the window's workspace (login, unit, store, sync engine). */
YbSession *
yb_application_get_session (YbApplication *self)
{
  g_return_val_if_fail (YB_IS_APPLICATION (self), NULL);
  return self->session;
}
