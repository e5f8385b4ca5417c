/* yb-login-dialog.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbLoginDialog"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-login-dialog.h"
#include "yb-login.h"
#include "yb-session-state.h"
#include "yb-store-backup.h"
#include "yb-sync-engine.h"
#include "yb-window.h"

/* First start and logging in again: choose a hall (the demo hall of ./run.sh is offered and
 * preselected), log in, choose the unit when the credential has several, and follow the first
 * roster sync. Emits "workspace-ready" with the workspace the window is to use. When login
 * modules offer certificates (USB keys), the clerk may log in with one instead: the PIN is
 * asked in a dialog, handed to the login and never kept. */

/* Certificates expiring within this many days are flagged. */
#define CERT_WARN_DAYS 30

typedef struct
{
  YbLoginProvider *provider;
  YbLoginIdentity *identity;
} CertChoice;

static void
cert_choice_free (CertChoice *choice)
{
  g_clear_object (&choice->provider);
  g_clear_pointer (&choice->identity, yb_login_identity_unref);
  g_free (choice);
}

typedef enum
{
  CERT_VALID,
  CERT_EXPIRING,
  CERT_EXPIRED,
} CertStatus;

struct _YbLoginDialog
{
  AdwWindow parent_instance;

  YbSession *session;
  GCancellable *cancellable;
  GPtrArray *halls;
  GtkStringList *hall_names;
  char *ca_file;
  gboolean busy;
  YbWorkspace *workspace;
  GObject *engine;

  GtkStack *stack;
  GtkWidget *back_button;
  AdwComboRow *hall_row;
  AdwExpanderRow *add_hall_row;
  AdwEntryRow *url_row;
  AdwEntryRow *name_row;
  AdwActionRow *ca_row;
  GtkLabel *hall_error_label;
  AdwEntryRow *account_row;
  AdwPasswordEntryRow *password_row;
  GtkSwitch *remember_switch;
  GtkLabel *login_error_label;
  GtkSpinner *login_spinner;
  GtkWidget *login_button;
  GtkListBox *units_list;
  GtkLabel *unit_error_label;
  GtkProgressBar *sync_progress;
  GtkLabel *sync_status_label;
  GtkSpinner *restore_spinner;
  GtkWidget *restore_button;
  GtkLabel *restore_error_label;

  GPtrArray *certs;
  GtkStringList *cert_names;
  GCancellable *cert_cancellable;
  guint cert_listings;
  gboolean cert_login;
  AdwMessageDialog *pin_dialog;
  AdwPreferencesGroup *cert_group;
  AdwComboRow *cert_row;
  AdwActionRow *cert_info_row;
  GtkImage *cert_status_icon;
  GtkLabel *cert_error_label;
  GtkWidget *cert_login_button;
};

G_DEFINE_FINAL_TYPE (YbLoginDialog, yb_login_dialog, ADW_TYPE_WINDOW)

enum
{
  WORKSPACE_READY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
selected_url (YbLoginDialog *self)
{
  guint i = adw_combo_row_get_selected (self->hall_row);

  if (self->halls == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->halls->len)
    return NULL;
  return ((YbHallEntry *) self->halls->pdata[i])->url;
}

static CertChoice *
selected_cert (YbLoginDialog *self)
{
  guint i = adw_combo_row_get_selected (self->cert_row);

  if (self->certs == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->certs->len)
    return NULL;
  return self->certs->pdata[i];
}

/* Where the certificate stands at @now; @days_left gets the whole days until its expiry. */
static CertStatus
cert_status (YbLoginIdentity *identity,
             GDateTime       *now,
             int             *days_left)
{
  GDateTime *until = yb_login_identity_get_valid_until (identity);
  GTimeSpan left;

  *days_left = -1;
  if (until == NULL)
    return CERT_VALID;
  left = g_date_time_difference (until, now);
  if (left < 0)
    return CERT_EXPIRED;
  *days_left = (int) (left / G_TIME_SPAN_DAY);
  return *days_left <= CERT_WARN_DAYS ? CERT_EXPIRING : CERT_VALID;
}

static gboolean
cert_usable (CertChoice *choice)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int days;

  return choice != NULL && cert_status (choice->identity, now, &days) != CERT_EXPIRED;
}

static void
update_actions (YbLoginDialog *self)
{
  YbLoginInput input = {
    .hall_url = selected_url (self),
    .account = gtk_editable_get_text (GTK_EDITABLE (self->account_row)),
    .password = gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
    .busy = self->busy,
  };
  YbLoginState state;
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  yb_login_state_compute (&input, &state);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.login", state.can_login);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.back",
                                 !self->busy && g_strcmp0 (page, "units") == 0);
  /* Only the unit choice has somewhere to go back to. */
  gtk_widget_set_visible (self->back_button, g_strcmp0 (page, "units") == 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.choose-unit", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.add-hall", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.restore", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.login-certificate",
                                 !self->busy && input.hall_url != NULL
                                 && cert_usable (selected_cert (self)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.refresh-certificates",
                                 !self->busy && self->cert_listings == 0);
  gtk_spinner_set_spinning (self->login_spinner, self->busy);
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL && *message != '\0');
}

static void
reload_halls (YbLoginDialog *self,
              const char    *select_url)
{
  g_autofree char *current = NULL;
  guint selected = 0;

  g_clear_pointer (&self->halls, g_ptr_array_unref);
  self->halls = yb_session_list_halls (self->session);
  gtk_string_list_splice (self->hall_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->hall_names)), NULL);

  if (select_url == NULL)
    {
      current = g_settings_get_string (yb_session_get_settings (self->session), "current-hall");
      /* The demo hall of ./run.sh is the first choice on a fresh machine. */
      select_url = yb_session_get_demo_url () ? yb_session_get_demo_url () : current;
    }
  for (guint i = 0; i < self->halls->len; i++)
    {
      YbHallEntry *entry = self->halls->pdata[i];
      g_autofree char *label = NULL;

      if (g_strcmp0 (entry->name, "demo") == 0)
        /* Translators: the reference hall with demo data that ./run.sh starts. */
        label = g_strdup_printf (_("Demo hall (%s)"), entry->url);
      else
        label = g_strdup_printf ("%s (%s)", entry->name, entry->url);
      gtk_string_list_append (self->hall_names, label);
      if (g_strcmp0 (entry->url, select_url) == 0)
        selected = i;
    }
  adw_combo_row_set_selected (self->hall_row, selected);
  adw_expander_row_set_expanded (self->add_hall_row, self->halls->len == 0);
  update_actions (self);
}

static void
on_engine_progress_cb (YbLoginDialog *self)
{
  double progress;
  const char *text;

  if (self->engine == NULL)
    return;
  progress = yb_sync_engine_get_progress (YB_SYNC_ENGINE (self->engine));
  text = yb_sync_engine_get_status_text (YB_SYNC_ENGINE (self->engine));
  if (progress < 0)
    gtk_progress_bar_pulse (self->sync_progress);
  else
    gtk_progress_bar_set_fraction (self->sync_progress, progress);
  gtk_label_set_label (self->sync_status_label, text ? text : "");
}

static void
finish (YbLoginDialog *self)
{
  g_autoptr(YbWorkspace) workspace = g_steal_pointer (&self->workspace);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  self->busy = FALSE;
  update_actions (self);
  g_signal_emit (self, signals[WORKSPACE_READY], 0, workspace);
}

static void
on_first_sync_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(YbLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  /* A failed first sync still leaves a usable workspace: the header shows why. */
  yb_sync_engine_sync_now_finish (YB_SYNC_ENGINE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_progress_bar_set_fraction (self->sync_progress, 1.0);
  finish (self);
}

static void
on_unit_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YbLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GObject *engine;

  self->workspace = yb_session_open_unit_finish (YB_SESSION (object), result, &error);
  if (self->workspace == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "units");
      show_error (self->unit_error_label, error->message);
      update_actions (self);
      return;
    }

  engine = yb_workspace_get_sync_engine (self->workspace);
  if (engine == NULL)
    {
      finish (self);
      return;
    }
  self->engine = g_object_ref (engine);
  g_signal_connect_swapped (engine, "notify::progress", G_CALLBACK (on_engine_progress_cb),
                            self);
  g_signal_connect_swapped (engine, "notify::status-text", G_CALLBACK (on_engine_progress_cb),
                            self);
  on_engine_progress_cb (self);
  yb_sync_engine_sync_now_async (YB_SYNC_ENGINE (engine), self->cancellable, on_first_sync_cb,
                                 g_object_ref (self));
}

static void
open_unit (YbLoginDialog *self,
           const char    *unit_no)
{
  self->busy = TRUE;
  show_error (self->unit_error_label, NULL);
  gtk_progress_bar_set_fraction (self->sync_progress, 0.0);
  gtk_label_set_label (self->sync_status_label, _("Opening the unit’s local data…"));
  gtk_stack_set_visible_child_name (self->stack, "sync");
  update_actions (self);
  yb_session_open_unit_async (self->session, unit_no, self->cancellable, on_unit_opened_cb,
                              g_object_ref (self));
}

static GtkWidget *
create_unit_row (JsonObject *unit)
{
  const char *unit_no = json_object_get_string_member_with_default (unit, "unit_no", "");
  const char *name = json_object_get_string_member_with_default (unit, "name", unit_no);
  const char *region = json_object_get_string_member_with_default (unit, "region", "");
  g_autoptr(YbRegionProfile) profile = yb_region_profile_load_builtin (region, NULL);
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  /* Translators: a unit number (单位编号) and the unit's region. */
  subtitle = g_strdup_printf (_("Unit %s · %s"), unit_no,
                              profile ? yb_region_profile_get_name (profile) : region);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "login.choose-unit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", unit_no);
  gtk_widget_set_name (row, unit_no);
  return row;
}

static void
on_logged_in_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YbLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) units = NULL;
  GtkWidget *child;

  units = yb_session_login_finish (YB_SESSION (object), result, &error);
  if (units == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->busy = FALSE;
      /* A certificate login reports next to the certificate, ready for another try. */
      show_error (self->cert_login ? self->cert_error_label : self->login_error_label,
                  error->message);
      update_actions (self);
      gtk_widget_grab_focus (self->cert_login ? self->cert_login_button
                                              : GTK_WIDGET (self->password_row));
      return;
    }

  /* The password leaves the form once it served. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  show_error (self->login_error_label, NULL);
  show_error (self->cert_error_label, NULL);

  if (json_array_get_length (units) == 1)
    {
      JsonObject *unit = json_array_get_object_element (units, 0);

      open_unit (self, json_object_get_string_member_with_default (unit, "unit_no", ""));
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->units_list))) != NULL)
    gtk_list_box_remove (self->units_list, child);
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonNode *node = json_array_get_element (units, i);

      if (JSON_NODE_HOLDS_OBJECT (node))
        gtk_list_box_append (self->units_list, create_unit_row (json_node_get_object (node)));
    }
  self->busy = FALSE;
  gtk_stack_set_visible_child_name (self->stack, "units");
  update_actions (self);
  child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->units_list, 0));
  if (child != NULL)
    gtk_widget_grab_focus (child);
}

static void
login_activate (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YbLoginDialog *self = YB_LOGIN_DIALOG (widget);

  if (self->busy)
    return;
  self->busy = TRUE;
  self->cert_login = FALSE;
  show_error (self->login_error_label, NULL);
  show_error (self->cert_error_label, NULL);
  update_actions (self);
  yb_session_login_async (self->session, selected_url (self),
                          gtk_editable_get_text (GTK_EDITABLE (self->account_row)),
                          gtk_editable_get_text (GTK_EDITABLE (self->password_row)),
                          gtk_switch_get_active (self->remember_switch), self->cancellable,
                          on_logged_in_cb, g_object_ref (self));
}

/* Certificates */

static void
update_cert_info (YbLoginDialog *self)
{
  CertChoice *choice = selected_cert (self);
  GtkWidget *row = GTK_WIDGET (self->cert_info_row);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDateTime *until;
  const char *issuer;
  const char *credit_code;
  CertStatus status;
  int days;

  gtk_widget_remove_css_class (row, "warning");
  gtk_widget_remove_css_class (row, "error");
  gtk_image_set_from_icon_name (self->cert_status_icon, "application-certificate-symbolic");
  if (choice == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cert_info_row),
                                     _("No Certificate"));
      adw_action_row_set_subtitle (self->cert_info_row,
                                   self->cert_listings > 0
                                   ? _("Looking for USB keys…")
                                   : _("No certificate found. Plug in the USB key and look "
                                       "again."));
      update_actions (self);
      return;
    }

  issuer = yb_login_identity_get_issuer (choice->identity);
  until = yb_login_identity_get_valid_until (choice->identity);
  credit_code = yb_login_identity_get_credit_code (choice->identity);
  status = cert_status (choice->identity, now, &days);
  if (issuer != NULL)
    /* Translators: the certificate authority that issued the certificate. */
    g_string_append_printf (text, _("Issued by %s"), issuer);
  if (until != NULL)
    {
      g_autoptr(GDateTime) local = g_date_time_to_local (until);
      g_autofree char *date = g_date_time_format (local, "%Y-%m-%d");

      if (text->len > 0)
        g_string_append (text, "\n");
      if (status == CERT_EXPIRED)
        g_string_append_printf (text, _("Expired on %s: ask the certificate authority for a "
                                        "new certificate. Log in with the password meanwhile."),
                                date);
      else if (status == CERT_EXPIRING)
        g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                   "Expires on %s, in %d day: renew it soon",
                                                   "Expires on %s, in %d days: renew it soon",
                                                   days), date, days);
      else
        g_string_append_printf (text, _("Valid until %s"), date);
    }
  if (credit_code != NULL)
    {
      if (text->len > 0)
        g_string_append (text, "\n");
      /* Translators: the 统一社会信用代码 in the certificate. */
      g_string_append_printf (text, _("Credit code %s"), credit_code);
    }
  /* The whole subject: the combo row above has room for its beginning only. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->cert_info_row),
                                 yb_login_identity_get_label (choice->identity));
  adw_action_row_set_subtitle (self->cert_info_row, text->str);
  if (status == CERT_EXPIRED)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_image_set_from_icon_name (self->cert_status_icon, "dialog-error-symbolic");
    }
  else if (status == CERT_EXPIRING)
    {
      gtk_widget_add_css_class (row, "warning");
      gtk_image_set_from_icon_name (self->cert_status_icon, "dialog-warning-symbolic");
    }
  update_actions (self);
}

static void
on_identities_listed_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(YbLoginDialog) self = user_data;
  g_autoptr(GPtrArray) identities = NULL;
  g_autoptr(GError) error = NULL;
  YbLoginProvider *provider = YB_LOGIN_PROVIDER (object);

  identities = yb_login_provider_list_identities_finish (provider, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->cert_listings--;
  if (identities == NULL)
    /* Shown, but the other modules' certificates stay usable. */
    show_error (self->cert_error_label, error->message);
  for (guint i = 0; identities != NULL && i < identities->len; i++)
    {
      CertChoice *choice = g_new0 (CertChoice, 1);

      choice->provider = g_object_ref (provider);
      choice->identity = yb_login_identity_ref (identities->pdata[i]);
      g_ptr_array_add (self->certs, choice);
      gtk_string_list_append (self->cert_names,
                              yb_login_identity_get_label (choice->identity));
    }
  update_cert_info (self);
}

static void
refresh_certificates (YbLoginDialog *self)
{
  GList *providers = yb_login_providers_list ();

  g_cancellable_cancel (self->cert_cancellable);
  g_clear_object (&self->cert_cancellable);
  self->cert_cancellable = g_cancellable_new ();
  self->cert_listings = 0;
  show_error (self->cert_error_label, NULL);
  g_ptr_array_set_size (self->certs, 0);
  gtk_string_list_splice (self->cert_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->cert_names)), NULL);

  for (GList *l = providers; l != NULL; l = l->next)
    if (yb_login_provider_get_kind (l->data) == YB_LOGIN_KIND_CERTIFICATE)
      {
        self->cert_listings++;
        yb_login_provider_list_identities_async (l->data, self->cert_cancellable,
                                                 on_identities_listed_cb, g_object_ref (self));
      }
  g_list_free_full (providers, g_object_unref);

  /* Without a certificate module the password login is the only way, as before. */
  gtk_widget_set_visible (GTK_WIDGET (self->cert_group), self->cert_listings > 0);
  update_cert_info (self);
}

static void
refresh_certificates_activate (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  refresh_certificates (YB_LOGIN_DIALOG (widget));
}

/* Empties the PIN entry of @dialog while it still lives. The focus goes first: GTK 4.8's
 * password entry leaves a handler on its inner text, which the window keeps as its focus
 * widget past the entry's end, so a focused entry in a closing dialog is a use after free. */
static char *
take_pin (AdwMessageDialog *dialog)
{
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);
  char *pin;

  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (!GTK_IS_EDITABLE (entry))
    return NULL;
  pin = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  return pin;
}

static void
wipe_pin (char *pin)
{
  if (pin == NULL)
    return;
  memset (pin, 0, strlen (pin));
  g_free (pin);
}

static void
on_pin_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    YbLoginDialog    *self)
{
  CertChoice *choice = selected_cert (self);
  char *pin = take_pin (dialog);

  /* Every response ends this dialog; the next try asks again in a new one. */
  g_signal_handlers_disconnect_by_data (dialog, self);
  g_clear_weak_pointer (&self->pin_dialog);
  if (g_strcmp0 (response, "log-in") != 0 || !cert_usable (choice) || self->busy)
    {
      wipe_pin (pin);
      if (g_strcmp0 (response, "log-in") != 0)
        gtk_widget_grab_focus (self->cert_login_button);
      return;
    }

  self->busy = TRUE;
  self->cert_login = TRUE;
  show_error (self->login_error_label, NULL);
  show_error (self->cert_error_label, NULL);
  update_actions (self);
  /* The login context copies the PIN and wipes it when the login ends. */
  yb_session_login_certificate_async (self->session, selected_url (self), choice->provider,
                                      yb_login_identity_get_id (choice->identity), pin,
                                      self->cancellable, on_logged_in_cb, g_object_ref (self));
  wipe_pin (pin);
}

static void
login_certificate_activate (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  YbLoginDialog *self = YB_LOGIN_DIALOG (widget);
  CertChoice *choice = selected_cert (self);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (self->busy || !cert_usable (choice))
    return;
  if (self->pin_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->pin_dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Enter the PIN"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("The PIN of the USB key with “%s”. It is used for this "
                                    "login only and never stored. Too many wrong PINs lock "
                                    "the key."),
                                  yb_login_identity_get_label (choice->identity));
  entry = gtk_password_entry_new ();
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("PIN"), -1);
  g_object_set (entry, "activates-default", TRUE, NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "log-in", _("_Log In"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "log-in",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "log-in");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_pin_response_cb), self);
  g_set_weak_pointer (&self->pin_dialog, ADW_MESSAGE_DIALOG (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
choose_unit_activate (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  open_unit (YB_LOGIN_DIALOG (widget), g_variant_get_string (parameter, NULL));
}

static void
back_activate (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YbLoginDialog *self = YB_LOGIN_DIALOG (widget);

  gtk_stack_set_visible_child_name (self->stack, "login");
  update_actions (self);
}

static void
add_hall_activate (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YbLoginDialog *self = YB_LOGIN_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (
    self->url_row))));

  if (!yb_session_add_hall (self->session, url,
                            gtk_editable_get_text (GTK_EDITABLE (self->name_row)),
                            self->ca_file, &error))
    {
      show_error (self->hall_error_label, error->message);
      return;
    }
  show_error (self->hall_error_label, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), "");
  g_clear_pointer (&self->ca_file, g_free);
  adw_action_row_set_subtitle (self->ca_row, _("The system’s trust store"));
  /* The list holds the address without trailing slashes. */
  while (*url && url[strlen (url) - 1] == '/')
    url[strlen (url) - 1] = '\0';
  reload_halls (self, url);
  adw_expander_row_set_expanded (self->add_hall_row, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->account_row));
}

static void
on_ca_chosen_cb (GtkNativeDialog *chooser,
                 int              response,
                 YbLoginDialog   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      g_free (self->ca_file);
      self->ca_file = g_file_get_path (file);
      adw_action_row_set_subtitle (self->ca_row, self->ca_file ? self->ca_file : "");
    }
  g_object_unref (chooser);
}

static void
choose_ca_activate (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the Hall’s CA File"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                         _("_Cancel"));
  g_signal_connect (chooser, "response", G_CALLBACK (on_ca_chosen_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_input_changed_cb (YbLoginDialog *self)
{
  update_actions (self);
}

/* Restoring a backup at first start: the restore of Preferences (yb_session_restore_async()),
 * then the restored unit opens from its local data and the clerk logs in again to sync. */

static void
restore_failed (YbLoginDialog *self,
                const char    *message)
{
  self->busy = FALSE;
  gtk_spinner_set_spinning (self->restore_spinner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "login");
  show_error (self->restore_error_label, message);
  update_actions (self);
  gtk_widget_grab_focus (self->restore_button);
}

static void
on_restored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(YbLoginDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *parent;

  self->workspace = yb_session_restore_finish (YB_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->workspace == NULL)
    {
      /* The backup's settings may have come in before the unit failed to open. */
      reload_halls (self, NULL);
      restore_failed (self, error->message);
      return;
    }
  gtk_spinner_set_spinning (self->restore_spinner, FALSE);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (YB_IS_WINDOW (parent))
    {
      AdwToast *toast = adw_toast_new (_("Backup restored: its data is open. Log in again to "
                                         "sync with the hall."));

      adw_toast_set_button_label (toast, _("Log In"));
      adw_toast_set_action_name (toast, "app.login");
      adw_toast_set_timeout (toast, 0);
      yb_window_add_toast (YB_WINDOW (parent), toast);
    }
  finish (self);
}

static void
on_restore_confirmed_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         YbLoginDialog    *self)
{
  GFile *file = g_object_get_data (G_OBJECT (dialog), "file");

  if (g_strcmp0 (response, "restore") == 0)
    yb_login_dialog_restore_from (self, file);
  else
    restore_failed (self, NULL);
}

static void
on_backup_inspected_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GFile) file = user_data;
  YbLoginDialog *self = g_object_get_data (G_OBJECT (file), "yb-login-dialog");
  g_autoptr(JsonObject) manifest = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *identity;
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  manifest = yb_store_backup_inspect_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (manifest == NULL)
    {
      restore_failed (self, error->message);
      return;
    }
  identity = json_object_has_member (manifest, "store")
             ? json_object_get_object_member (manifest, "store") : NULL;
  /* Translators: the unit number, the account and when the backup was made. */
  body = g_strdup_printf (_("The backup holds unit %s of account %s, made %s. Its drafts, "
                            "outbox and roster open on this computer; log in afterwards to "
                            "sync."),
                          identity ? json_object_get_string_member_with_default (
                                       identity, "unit_no", "?") : "?",
                          identity ? json_object_get_string_member_with_default (
                                       identity, "account", "?") : "?",
                          json_object_get_string_member_with_default (manifest, "created", "?"));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore the Backup?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "restore", _("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "file", g_object_ref (file), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_confirmed_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_backup_chosen_cb (GtkNativeDialog *chooser,
                     int              response,
                     YbLoginDialog   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      self->busy = TRUE;
      show_error (self->restore_error_label, NULL);
      gtk_stack_set_visible_child_name (self->stack, "restore");
      gtk_spinner_set_spinning (self->restore_spinner, TRUE);
      update_actions (self);
      g_object_set_data_full (G_OBJECT (file), "yb-login-dialog", g_object_ref (self),
                              g_object_unref);
      yb_store_backup_inspect_async (file, self->cancellable, on_backup_inspected_cb, file);
    }
  g_object_unref (chooser);
}

static void
restore_activate (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Restore a Backup"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Yibao backups"));
  gtk_file_filter_add_suffix (filter, "yibao-backup");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_backup_chosen_cb), widget);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
yb_login_dialog_dispose (GObject *object)
{
  YbLoginDialog *self = YB_LOGIN_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_clear_object (&self->engine);
  g_clear_object (&self->workspace);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->halls, g_ptr_array_unref);
  g_clear_pointer (&self->ca_file, g_free);
  if (self->pin_dialog != NULL)
    {
      AdwMessageDialog *dialog = self->pin_dialog;

      g_signal_handlers_disconnect_by_data (dialog, self);
      g_clear_weak_pointer (&self->pin_dialog);
      wipe_pin (take_pin (dialog));
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  g_cancellable_cancel (self->cert_cancellable);
  g_clear_object (&self->cert_cancellable);
  g_clear_pointer (&self->certs, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_LOGIN_DIALOG);

  G_OBJECT_CLASS (yb_login_dialog_parent_class)->dispose (object);
}

static void
yb_login_dialog_class_init (YbLoginDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yb_login_dialog_dispose;

  /**
   * YbLoginDialog::workspace-ready:
   * @dialog: the dialog
   * @workspace: the workspace of the chosen unit
   *
   * The clerk is logged in, the unit's store is open and the first sync ended.
   */
  signals[WORKSPACE_READY] =
    g_signal_new ("workspace-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, YB_TYPE_WORKSPACE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yibao/Yibao/ui/session/"
                                               "yb-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, hall_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, add_hall_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, url_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, ca_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, hall_error_label);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, account_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, password_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, login_error_label);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, login_spinner);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, login_button);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, units_list);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, unit_error_label);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, sync_status_label);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, restore_spinner);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, restore_button);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, restore_error_label);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, cert_group);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, cert_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, cert_info_row);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, cert_status_icon);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, cert_error_label);
  gtk_widget_class_bind_template_child (widget_class, YbLoginDialog, cert_login_button);

  gtk_widget_class_install_action (widget_class, "login.login", NULL, login_activate);
  gtk_widget_class_install_action (widget_class, "login.choose-unit", "s",
                                   choose_unit_activate);
  gtk_widget_class_install_action (widget_class, "login.back", NULL, back_activate);
  gtk_widget_class_install_action (widget_class, "login.add-hall", NULL, add_hall_activate);
  gtk_widget_class_install_action (widget_class, "login.choose-ca", NULL, choose_ca_activate);
  gtk_widget_class_install_action (widget_class, "login.restore", NULL, restore_activate);
  gtk_widget_class_install_action (widget_class, "login.login-certificate", NULL,
                                   login_certificate_activate);
  gtk_widget_class_install_action (widget_class, "login.refresh-certificates", NULL,
                                   refresh_certificates_activate);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
label_row (GtkWidget  *row,
           const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
yb_login_dialog_init (YbLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->hall_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->hall_row, G_LIST_MODEL (self->hall_names));
  g_object_unref (self->hall_names);
  self->certs = g_ptr_array_new_with_free_func ((GDestroyNotify) cert_choice_free);
  self->cert_names = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->cert_row, G_LIST_MODEL (self->cert_names));
  g_object_unref (self->cert_names);
  g_signal_connect_swapped (self->cert_row, "notify::selected", G_CALLBACK (update_cert_info),
                            self);

  label_row (GTK_WIDGET (self->url_row), _("Hall address"));
  label_row (GTK_WIDGET (self->name_row), _("Hall name"));
  label_row (GTK_WIDGET (self->account_row), _("Account"));
  label_row (GTK_WIDGET (self->password_row), _("Password"));
  label_row (GTK_WIDGET (self->cert_row), _("Certificate"));
  adw_entry_row_set_input_purpose (self->url_row, GTK_INPUT_PURPOSE_URL);

  gtk_window_set_default_widget (GTK_WINDOW (self), self->login_button);
  g_signal_connect_swapped (self->account_row, "changed", G_CALLBACK (on_input_changed_cb),
                            self);
  g_signal_connect_swapped (self->password_row, "changed", G_CALLBACK (on_input_changed_cb),
                            self);
  g_signal_connect_swapped (self->hall_row, "notify::selected", G_CALLBACK (on_input_changed_cb),
                            self);
  g_signal_connect_swapped (self->stack, "notify::visible-child",
                            G_CALLBACK (on_input_changed_cb), self);
}

/**
 * yb_login_dialog_new:
 * @session: the application's session
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer full): a new login dialog
 */
YbLoginDialog *
yb_login_dialog_new (YbSession *session,
                     GtkWindow *parent)
{
  YbLoginDialog *self;
  g_autofree char *account = NULL;

  g_return_val_if_fail (YB_IS_SESSION (session), NULL);

  self = g_object_new (YB_TYPE_LOGIN_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  yb_session_apply_demo_hall (session);
  reload_halls (self, NULL);

  account = g_settings_get_string (yb_session_get_settings (session), "current-account");
  /* A certificate login is named "cert:<credit code>"; it has no password to type. */
  if (g_str_has_prefix (account, "cert:"))
    *account = '\0';
  if (*account == '\0' && yb_session_get_demo_url () != NULL)
    {
      g_free (account);
      account = g_strdup ("demo");
    }
  gtk_editable_set_text (GTK_EDITABLE (self->account_row), account);
  gtk_widget_grab_focus (*account ? GTK_WIDGET (self->password_row)
                                  : GTK_WIDGET (self->account_row));
  refresh_certificates (self);
  update_actions (self);
  return self;
}

const char *
yb_login_dialog_get_page (YbLoginDialog *self)
{
  g_return_val_if_fail (YB_IS_LOGIN_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
yb_login_dialog_get_error (YbLoginDialog *self)
{
  g_return_val_if_fail (YB_IS_LOGIN_DIALOG (self), NULL);

  if (gtk_widget_get_visible (GTK_WIDGET (self->login_error_label)))
    return gtk_label_get_label (self->login_error_label);
  if (gtk_widget_get_visible (GTK_WIDGET (self->unit_error_label)))
    return gtk_label_get_label (self->unit_error_label);
  if (gtk_widget_get_visible (GTK_WIDGET (self->restore_error_label)))
    return gtk_label_get_label (self->restore_error_label);
  if (gtk_widget_get_visible (GTK_WIDGET (self->cert_error_label)))
    return gtk_label_get_label (self->cert_error_label);
  return NULL;
}

gboolean
yb_login_dialog_get_busy (YbLoginDialog *self)
{
  g_return_val_if_fail (YB_IS_LOGIN_DIALOG (self), FALSE);
  return self->busy;
}

/**
 * yb_login_dialog_restore_from:
 * @self: a login dialog
 * @file: a backup file
 *
 * Restores a backup instead of logging in (what "Restore from a Backup…" does after the file
 * chooser and the confirmation): the restored unit opens from its local data, "workspace-ready"
 * follows, and the window's toast asks the clerk to log in again to sync.
 */
void
yb_login_dialog_restore_from (YbLoginDialog *self,
                              GFile         *file)
{
  g_return_if_fail (YB_IS_LOGIN_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  self->busy = TRUE;
  show_error (self->restore_error_label, NULL);
  gtk_stack_set_visible_child_name (self->stack, "restore");
  gtk_spinner_set_spinning (self->restore_spinner, TRUE);
  update_actions (self);
  yb_session_restore_async (self->session, file, self->cancellable, on_restored_cb,
                            g_object_ref (self));
}
