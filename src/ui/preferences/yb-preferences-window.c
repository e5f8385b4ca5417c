/* yb-preferences-window.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbPreferencesWindow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-preferences-window.h"
#include "yb-store-backup.h"

struct _YbPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  YbSession *session;
  GCancellable *cancellable;
  GPtrArray *hall_groups;
  gboolean busy;

  GtkSwitch *privacy_switch;
  GtkSwitch *notifications_switch;
  GtkSwitch *auto_send_switch;
  AdwEntryRow *pkcs11_module_row;
  GtkLabel *pkcs11_error_label;
  AdwPreferencesPage *halls_page;
  AdwEntryRow *url_row;
  AdwEntryRow *name_row;
  GtkLabel *hall_error_label;
  AdwActionRow *data_status_row;
  GtkSpinner *data_spinner;
};

G_DEFINE_FINAL_TYPE (YbPreferencesWindow, yb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (YbPreferencesWindow *self,
       const char          *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

static void
set_busy (YbPreferencesWindow *self,
          const char          *status)
{
  self->busy = status != NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->data_status_row), status != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->data_status_row),
                                 status ? status : "");
  gtk_spinner_set_spinning (self->data_spinner, status != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.backup",
                                 !self->busy && yb_session_get_workspace (self->session));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.restore", !self->busy);
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               GVariant   *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static void
rebuild_halls (YbPreferencesWindow *self)
{
  g_autoptr(GPtrArray) halls = yb_session_list_halls (self->session);

  for (guint i = 0; i < self->hall_groups->len; i++)
    adw_preferences_page_remove (self->halls_page, self->hall_groups->pdata[i]);
  g_ptr_array_set_size (self->hall_groups, 0);

  for (guint i = 0; i < halls->len; i++)
    {
      YbHallEntry *entry = halls->pdata[i];
      g_auto(GStrv) accounts = yb_session_list_accounts (self->session, entry->url);
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      GtkWidget *row;

      adw_preferences_group_set_title (group, entry->name);
      adw_preferences_group_set_description (group, entry->url);
      adw_preferences_group_set_header_suffix (group,
        action_button (_("_Remove Hall"), "preferences.remove-hall",
                       g_variant_new_string (entry->url)));

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("CA File"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   *entry->ca_file ? entry->ca_file
                                                   : _("The system’s trust store"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 action_button (_("C_hoose…"), "preferences.choose-ca",
                                                g_variant_new_string (entry->url)));
      if (*entry->ca_file)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                   action_button (_("_Use System Trust"),
                                                  "preferences.clear-ca",
                                                  g_variant_new_string (entry->url)));
      adw_preferences_group_add (group, row);

      for (guint j = 0; accounts[j] != NULL; j++)
        {
          row = adw_action_row_new ();
          gtk_widget_set_name (row, accounts[j]);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), accounts[j]);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Account"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     action_button (_("_Forget Password"),
                                                    "preferences.forget-credential",
                                                    g_variant_new ("(ss)", entry->url,
                                                                   accounts[j])));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     action_button (_("Re_move"), "preferences.remove-account",
                                                    g_variant_new ("(ss)", entry->url,
                                                                   accounts[j])));
          adw_preferences_group_add (group, row);
        }

      adw_preferences_page_add (self->halls_page, group);
      g_ptr_array_add (self->hall_groups, group);
    }
}

static void
add_hall_activate (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YbPreferencesWindow *self = YB_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!yb_session_add_hall (self->session, gtk_editable_get_text (GTK_EDITABLE (self->url_row)),
                            gtk_editable_get_text (GTK_EDITABLE (self->name_row)), NULL, &error))
    {
      gtk_label_set_label (self->hall_error_label, error->message);
      return;
    }
  gtk_label_set_label (self->hall_error_label, "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
}

static void
remove_hall_activate (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  YbPreferencesWindow *self = YB_PREFERENCES_WINDOW (widget);

  yb_session_remove_hall (self->session, g_variant_get_string (parameter, NULL));
}

static void
clear_ca_activate (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YbPreferencesWindow *self = YB_PREFERENCES_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!yb_session_set_hall_ca_file (self->session, g_variant_get_string (parameter, NULL), NULL,
                                    &error))
    toast (self, error->message);
}

typedef struct
{
  YbPreferencesWindow *self;
  char *url;
} ChooseCa;

static void
on_ca_chosen_cb (GtkNativeDialog *chooser,
                 int              response,
                 ChooseCa        *data)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (!yb_session_set_hall_ca_file (data->self->session, data->url, path, &error))
        toast (data->self, error->message);
    }
  g_object_unref (data->self);
  g_free (data->url);
  g_free (data);
  g_object_unref (chooser);
}

static void
choose_ca_activate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  ChooseCa *data = g_new0 (ChooseCa, 1);

  data->self = g_object_ref (YB_PREFERENCES_WINDOW (widget));
  data->url = g_variant_dup_string (parameter, NULL);
  chooser = gtk_file_chooser_native_new (_("Choose the Hall’s CA File"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                         _("_Cancel"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_ca_chosen_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_forgotten_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YbPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (yb_session_forget_credential_finish (YB_SESSION (object), result, &error))
    toast (self, _("The stored password was removed from the keyring"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

static void
forget_credential_activate (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  YbPreferencesWindow *self = YB_PREFERENCES_WINDOW (widget);
  const char *url, *account;

  g_variant_get (parameter, "(&s&s)", &url, &account);
  yb_session_forget_credential_async (self->session, url, account, self->cancellable,
                                      on_forgotten_cb, g_object_ref (self));
}

static void
remove_account_activate (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  YbPreferencesWindow *self = YB_PREFERENCES_WINDOW (widget);
  const char *url, *account;

  g_variant_get (parameter, "(&s&s)", &url, &account);
  /* A removed account takes its secrets with it. */
  yb_session_forget_credential_async (self->session, url, account, self->cancellable,
                                      on_forgotten_cb, g_object_ref (self));
  yb_session_remove_account (self->session, url, account);
}

/* Backup */

static void
on_backup_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YbPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  set_busy (self, NULL);
  if (yb_store_backup_finish (result, &error))
    toast (self, _("Backup saved"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    toast (self, error->message);
}

/**
 * yb_preferences_window_backup_to:
 * @self: the preferences window
 * @file: the backup file to write
 *
 * Backs up the current unit's data and the settings (what "Back Up…" does after the file
 * chooser).
 */
void
yb_preferences_window_backup_to (YbPreferencesWindow *self,
                                 GFile               *file)
{
  YbWorkspace *workspace = yb_session_get_workspace (self->session);
  GSettings *settings = yb_session_get_settings (self->session);
  g_autofree char *url = g_settings_get_string (settings, "current-hall");
  g_autofree char *account = g_settings_get_string (settings, "current-account");
  g_autofree char *hall_id = yb_session_hall_id (url);
  g_autoptr(GBytes) json = yb_session_settings_to_json (self->session);

  if (workspace == NULL)
    {
      toast (self, _("There is no local data to back up yet: log in first."));
      return;
    }
  set_busy (self, _("Backing up…"));
  yb_store_backup_async (yb_workspace_get_store (workspace), hall_id, account,
                         yb_workspace_get_unit_no (workspace), json, file, self->cancellable,
                         on_backup_done_cb, g_object_ref (self));
}

static void
on_backup_chosen_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     YbPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      yb_preferences_window_backup_to (self, file);
    }
  g_object_unref (chooser);
}

static void
backup_activate (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YbPreferencesWindow *self = YB_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf ("yibao-%s.yibao-backup", date);

  chooser = gtk_file_chooser_native_new (_("Back Up the Local Data"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (on_backup_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Restore */

static void
on_restored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YbPreferencesWindow) self = user_data;
  g_autoptr(YbWorkspace) workspace = NULL;
  g_autoptr(GError) error = NULL;

  workspace = yb_session_restore_finish (YB_SESSION (object), result, &error);
  if (workspace == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, NULL);
  toast (self, workspace != NULL ? _("Backup restored") : error->message);
}

/**
 * yb_preferences_window_restore_from:
 * @self: the preferences window
 * @file: a backup file
 *
 * Restores a backup (what "Restore…" does after the file chooser and the confirmation): the
 * current workspace closes, the checked copy replaces the unit's data, the settings are
 * applied and the unit opens again (yb_session_restore_async(), shared with the login dialog).
 */
void
yb_preferences_window_restore_from (YbPreferencesWindow *self,
                                    GFile               *file)
{
  set_busy (self, _("Checking and restoring the backup…"));
  yb_session_restore_async (self->session, file, self->cancellable, on_restored_cb,
                            g_object_ref (self));
}

static void
on_confirm_cb (AdwMessageDialog    *dialog,
               const char          *response,
               YbPreferencesWindow *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");

  if (g_strcmp0 (response, "restore") == 0)
    yb_preferences_window_restore_from (self, file);
  else
    set_busy (self, NULL);
}

static void
on_inspected_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  YbPreferencesWindow *self = g_object_get_data (G_OBJECT (file), "window");
  g_autoptr(JsonObject) manifest = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *identity;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  manifest = yb_store_backup_inspect_finish (result, NULL, &error);
  if (manifest == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_busy (self, NULL);
          toast (self, error->message);
        }
      return;
    }
  identity = json_object_get_object_member (manifest, "store");
  /* Translators: the unit number, the account and when the backup was made. */
  body = g_strdup_printf (_("The backup holds unit %s of account %s, made %s. The local data of "
                            "that unit is replaced by it."),
                          identity ? json_object_get_string_member_with_default (identity,
                                                                                 "unit_no", "?")
                                   : "?",
                          identity ? json_object_get_string_member_with_default (identity,
                                                                                 "account", "?")
                                   : "?",
                          json_object_get_string_member_with_default (manifest, "created", "?"));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore the Backup?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_restore_chosen_cb (GtkNativeDialog     *chooser,
                      int                  response,
                      YbPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      set_busy (self, _("Checking the backup…"));
      g_object_set_data_full (G_OBJECT (file), "window", g_object_ref (self), g_object_unref);
      yb_store_backup_inspect_async (file, self->cancellable, on_inspected_cb, file);
    }
  g_object_unref (chooser);
}

static void
restore_activate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YbPreferencesWindow *self = YB_PREFERENCES_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Restore a Backup"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_restore_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The vendor's PKCS#11 driver for certificate login: an absolute path to a library, or empty. */
static void
on_pkcs11_module_applied_cb (YbPreferencesWindow *self)
{
  g_autofree char *path = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (
    self->pkcs11_module_row))));
  const char *none[] = { NULL };
  const char *one[] = { path, NULL };

  if (*path != '\0' && (!g_path_is_absolute (path)
                        || !g_file_test (path, G_FILE_TEST_IS_REGULAR)))
    {
      gtk_label_set_label (self->pkcs11_error_label,
                           _("PKCS#11 driver library: enter the full path of an existing "
                             "file, such as /usr/lib/vendor/libpkcs11.so."));
      return;
    }
  gtk_label_set_label (self->pkcs11_error_label, "");
  g_settings_set_strv (yb_session_get_settings (self->session), "pkcs11-modules",
                       *path != '\0' ? one : none);
  toast (self, *path != '\0' ? _("The driver is used the next time the keys are listed")
                             : _("No extra PKCS#11 driver"));
}

static void
on_settings_changed_cb (GSettings           *settings,
                        const char          *key,
                        YbPreferencesWindow *self)
{
  if (g_strcmp0 (key, "halls") == 0 || g_strcmp0 (key, "accounts") == 0)
    rebuild_halls (self);
}

static void
yb_preferences_window_dispose (GObject *object)
{
  YbPreferencesWindow *self = YB_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (yb_session_get_settings (self->session), self);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->hall_groups, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (yb_preferences_window_parent_class)->dispose (object);
}

static void
yb_preferences_window_class_init (YbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yb_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yibao/Yibao/ui/preferences/"
                                               "yb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, privacy_switch);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow,
                                        notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, auto_send_switch);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, pkcs11_module_row);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, pkcs11_error_label);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, halls_page);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, url_row);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, name_row);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, hall_error_label);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, data_status_row);
  gtk_widget_class_bind_template_child (widget_class, YbPreferencesWindow, data_spinner);

  gtk_widget_class_install_action (widget_class, "preferences.add-hall", NULL,
                                   add_hall_activate);
  gtk_widget_class_install_action (widget_class, "preferences.remove-hall", "s",
                                   remove_hall_activate);
  gtk_widget_class_install_action (widget_class, "preferences.choose-ca", "s",
                                   choose_ca_activate);
  gtk_widget_class_install_action (widget_class, "preferences.clear-ca", "s",
                                   clear_ca_activate);
  gtk_widget_class_install_action (widget_class, "preferences.forget-credential", "(ss)",
                                   forget_credential_activate);
  gtk_widget_class_install_action (widget_class, "preferences.remove-account", "(ss)",
                                   remove_account_activate);
  gtk_widget_class_install_action (widget_class, "preferences.backup", NULL, backup_activate);
  gtk_widget_class_install_action (widget_class, "preferences.restore", NULL,
                                   restore_activate);
}

static void
yb_preferences_window_init (YbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->hall_groups = g_ptr_array_new ();

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->url_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hall address"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hall name"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pkcs11_module_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("PKCS#11 driver library"),
                                  -1);
}

/**
 * yb_preferences_window_new:
 * @session: the application's session
 * @parent: (nullable): the main window
 *
 * Returns: (transfer full): the preferences window
 */
YbPreferencesWindow *
yb_preferences_window_new (YbSession *session,
                           GtkWindow *parent)
{
  YbPreferencesWindow *self;
  GSettings *settings;

  g_return_val_if_fail (YB_IS_SESSION (session), NULL);

  self = g_object_new (YB_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  settings = yb_session_get_settings (session);
  g_settings_bind (settings, "privacy-mode", self->privacy_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notifications", self->notifications_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "auto-send-when-window-opens", self->auto_send_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  {
    g_auto(GStrv) modules = g_settings_get_strv (settings, "pkcs11-modules");

    gtk_editable_set_text (GTK_EDITABLE (self->pkcs11_module_row),
                           modules[0] != NULL ? modules[0] : "");
  }
  g_signal_connect_swapped (self->pkcs11_module_row, "apply",
                            G_CALLBACK (on_pkcs11_module_applied_cb), self);
  g_signal_connect (settings, "changed", G_CALLBACK (on_settings_changed_cb), self);
  rebuild_halls (self);
  set_busy (self, NULL);
  return self;
}
