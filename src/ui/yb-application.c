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
#include "yb-window.h"

struct _YbApplication
{
  AdwApplication parent_instance;
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

static const GActionEntry app_actions[] = {
  { "quit", quit_activate },
  { "about", about_activate },
  { "show-section", show_section_activate, "s" },
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
}

static void
yb_application_class_init (YbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->handle_local_options = yb_application_handle_local_options;
  app_class->startup = yb_application_startup;
  app_class->activate = yb_application_activate;
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
