/* yb-session-status.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbSessionStatus"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yb-session-status.h"
#include "yb-sync-engine.h"
#include "yb-window.h"

/* The strip under the window header: the unit (a switcher when the credential has several),
 * the business window, connectivity and the last sync, and "sync now". */

#define REFRESH_SECONDS 30

struct _YbSessionStatus
{
  GtkWidget parent_instance;

  YbWorkspace *workspace;
  GObject *engine;
  YbHallClient *client;
  YbStore *store;
  YbHeaderState *state;
  GCancellable *cancellable;
  guint timer_id;

  GtkWidget *box;
  GtkMenuButton *unit_button;
  GtkLabel *unit_button_label;
  GtkLabel *unit_label;
  GtkLabel *window_label;
  GtkImage *connectivity_icon;
  GtkLabel *connectivity_label;
  GtkLabel *sync_label;
};

G_DEFINE_FINAL_TYPE (YbSessionStatus, yb_session_status, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_WORKSPACE,
  PROP_CAN_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_changed_cb (YbSessionStatus *self)
{
  yb_session_status_refresh (self);
}

static void
on_units_changed_cb (YbStore         *store,
                     const char      *table,
                     YbSessionStatus *self)
{
  yb_session_status_refresh (self);
}

static void
watch_engine (YbSessionStatus *self)
{
  GObject *engine = self->workspace ? yb_workspace_get_sync_engine (self->workspace) : NULL;
  YbHallClient *client = self->workspace ? yb_workspace_get_hall_client (self->workspace) : NULL;

  if (self->engine != engine)
    {
      if (self->engine != NULL)
        g_signal_handlers_disconnect_by_data (self->engine, self);
      g_set_object (&self->engine, engine);
      if (engine != NULL)
        {
          g_signal_connect_swapped (engine, "notify::state", G_CALLBACK (on_changed_cb), self);
          g_signal_connect_swapped (engine, "notify::online", G_CALLBACK (on_changed_cb), self);
          g_signal_connect_swapped (engine, "notify::last-sync", G_CALLBACK (on_changed_cb),
                                    self);
        }
    }
  if (self->client != client)
    {
      if (self->client != NULL)
        g_signal_handlers_disconnect_by_data (self->client, self);
      g_set_object (&self->client, client);
      if (client != NULL)
        {
          g_signal_connect_swapped (client, "notify::online", G_CALLBACK (on_changed_cb), self);
          g_signal_connect_swapped (client, "notify::logged-in", G_CALLBACK (on_changed_cb),
                                    self);
        }
    }
  yb_session_status_refresh (self);
}

static gboolean
on_timer_cb (gpointer user_data)
{
  yb_session_status_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

static GMenuModel *
build_unit_menu (YbStore   *store,
                 GPtrArray *numbers)
{
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < numbers->len; i++)
    {
      const char *unit_no = numbers->pdata[i];
      g_autoptr(JsonObject) unit = yb_store_unit_get (store, unit_no, NULL);
      const char *name = unit ? json_object_get_string_member_with_default (unit, "name", NULL)
                              : NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (name == NULL && unit != NULL && json_object_has_member (unit, "basic"))
        name = json_object_get_string_member_with_default (
          json_object_get_object_member (unit, "basic"), "name", NULL);
      label = name ? g_strdup_printf ("%s (%s)", name, unit_no) : g_strdup (unit_no);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "app.switch-unit", "s", unit_no);
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  static const char *styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (widget, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

void
yb_session_status_refresh (YbSessionStatus *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GPtrArray) numbers = NULL;
  g_autoptr(GDateTime) last_sync = NULL;
  YbHeaderInput input = { 0 };
  gboolean could_sync;
  const char *unit_name;
  g_autofree char *unit_text = NULL;

  g_return_if_fail (YB_IS_SESSION_STATUS (self));

  could_sync = self->state ? self->state->can_sync : FALSE;
  g_clear_pointer (&self->state, yb_header_state_free);
  gtk_widget_set_visible (self->box, self->workspace != NULL);
  if (self->workspace == NULL)
    {
      self->state = g_new0 (YbHeaderState, 1);
      if (could_sync)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SYNC]);
      return;
    }

  now = yb_workspace_get_now (self->workspace);
  numbers = yb_store_unit_list_numbers (yb_workspace_get_store (self->workspace));

  input.profile = yb_workspace_get_profile (self->workspace);
  input.now = now;
  input.has_hall = self->client != NULL;
  input.n_units = numbers ? numbers->len : 0;
  if (self->engine != NULL)
    {
      YbSyncEngine *engine = YB_SYNC_ENGINE (self->engine);
      YbSyncState state = yb_sync_engine_get_state (engine);

      input.online = yb_sync_engine_get_online (engine) && state != YB_SYNC_STATE_OFFLINE;
      input.syncing = state == YB_SYNC_STATE_SYNCING;
      last_sync = yb_sync_engine_get_last_sync (engine);
      if (last_sync != NULL)
        g_date_time_ref (last_sync);
    }
  else if (self->client != NULL)
    input.online = yb_hall_client_get_online (self->client)
                   && yb_hall_client_get_logged_in (self->client);
  input.last_sync = last_sync;
  self->state = yb_header_state_compute (&input);

  unit_name = yb_workspace_get_unit_name (self->workspace);
  unit_text = unit_name && *unit_name
    ? g_strdup_printf ("%s (%s)", unit_name, yb_workspace_get_unit_no (self->workspace))
    : g_strdup (yb_workspace_get_unit_no (self->workspace));
  gtk_label_set_label (self->unit_label, unit_text);
  gtk_label_set_label (self->unit_button_label, unit_text);
  gtk_widget_set_visible (GTK_WIDGET (self->unit_button), self->state->show_unit_switcher);
  gtk_widget_set_visible (GTK_WIDGET (self->unit_label), !self->state->show_unit_switcher);
  if (self->state->show_unit_switcher)
    {
      g_autoptr(GMenuModel) menu = build_unit_menu (yb_workspace_get_store (self->workspace),
                                                    numbers);

      gtk_menu_button_set_menu_model (self->unit_button, menu);
    }

  gtk_label_set_label (self->window_label, self->state->window_text);
  gtk_widget_set_visible (GTK_WIDGET (self->window_label), self->state->window_known);
  set_style (GTK_WIDGET (self->window_label),
             !self->state->window_open ? "error"
             : self->state->window_closes_soon ? "warning" : "success");

  gtk_label_set_label (self->connectivity_label, self->state->connectivity_text);
  gtk_image_set_from_icon_name (self->connectivity_icon,
                                self->state->online ? "network-transmit-receive-symbolic"
                                                    : "network-offline-symbolic");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->connectivity_icon),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->state->connectivity_text ? self->state->connectivity_text
                                                                 : "",
                                  -1);
  gtk_label_set_label (self->sync_label, self->state->sync_text);

  if (could_sync != self->state->can_sync)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SYNC]);
}

static void
on_synced_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(YbSessionStatus) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  if (yb_sync_engine_sync_now_finish (YB_SYNC_ENGINE (object), result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  window = gtk_widget_get_ancestor (GTK_WIDGET (self), YB_TYPE_WINDOW);
  if (window != NULL)
    yb_window_add_toast (YB_WINDOW (window), adw_toast_new (error->message));
}

/* What win.sync-now does. */
void
yb_session_status_sync_now (YbSessionStatus *self)
{
  GtkWidget *window;

  g_return_if_fail (YB_IS_SESSION_STATUS (self));

  if (self->engine != NULL)
    {
      yb_sync_engine_sync_now_async (YB_SYNC_ENGINE (self->engine), self->cancellable,
                                     on_synced_cb, g_object_ref (self));
      return;
    }
  window = gtk_widget_get_ancestor (GTK_WIDGET (self), YB_TYPE_WINDOW);
  if (window != NULL)
    yb_window_add_toast (YB_WINDOW (window),
                         adw_toast_new (_("Not logged in to the hall: the data shown is the "
                                          "local copy. Log in to sync.")));
}

static void
yb_session_status_dispose (GObject *object)
{
  YbSessionStatus *self = YB_SESSION_STATUS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  yb_session_status_set_workspace (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_SESSION_STATUS);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->state, yb_header_state_free);

  G_OBJECT_CLASS (yb_session_status_parent_class)->dispose (object);
}

static void
yb_session_status_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YbSessionStatus *self = YB_SESSION_STATUS (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;
    case PROP_CAN_SYNC:
      g_value_set_boolean (value, yb_session_status_get_can_sync (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_session_status_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YbSessionStatus *self = YB_SESSION_STATUS (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      {
        GObject *workspace = g_value_get_object (value);

        yb_session_status_set_workspace (self, YB_IS_WORKSPACE (workspace)
                                                 ? YB_WORKSPACE (workspace) : NULL);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_session_status_class_init (YbSessionStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yb_session_status_dispose;
  object_class->get_property = yb_session_status_get_property;
  object_class->set_property = yb_session_status_set_property;

  /* Typed GObject like the window's, so the window can bind its own property to it. */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL, G_TYPE_OBJECT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SYNC] =
    g_param_spec_boolean ("can-sync", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "yb-session-status");
  /* One named group for assistive technologies, not an anonymous "YbSessionStatus". */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yibao/Yibao/ui/session/"
                                               "yb-session-status.ui");
  gtk_widget_class_bind_template_child (widget_class, YbSessionStatus, box);
  gtk_widget_class_bind_template_child (widget_class, YbSessionStatus, unit_button);
  gtk_widget_class_bind_template_child (widget_class, YbSessionStatus, unit_button_label);
  gtk_widget_class_bind_template_child (widget_class, YbSessionStatus, unit_label);
  gtk_widget_class_bind_template_child (widget_class, YbSessionStatus, window_label);
  gtk_widget_class_bind_template_child (widget_class, YbSessionStatus, connectivity_icon);
  gtk_widget_class_bind_template_child (widget_class, YbSessionStatus, connectivity_label);
  gtk_widget_class_bind_template_child (widget_class, YbSessionStatus, sync_label);
}

static void
yb_session_status_init (YbSessionStatus *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->timer_id = g_timeout_add_seconds (REFRESH_SECONDS, on_timer_cb, self);
  yb_session_status_refresh (self);
}

YbWorkspace *
yb_session_status_get_workspace (YbSessionStatus *self)
{
  g_return_val_if_fail (YB_IS_SESSION_STATUS (self), NULL);
  return self->workspace;
}

void
yb_session_status_set_workspace (YbSessionStatus *self,
                                 YbWorkspace     *workspace)
{
  g_return_if_fail (YB_IS_SESSION_STATUS (self));

  if (self->workspace == workspace)
    return;

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_set_object (&self->workspace, workspace);
  if (workspace != NULL)
    {
      static const char *props[] = {
        "notify::sync-engine", "notify::hall-client", "notify::fixed-now",
        "notify::unit-name", "notify::profile",
      };

      for (guint i = 0; i < G_N_ELEMENTS (props); i++)
        g_signal_connect_swapped (workspace, props[i], G_CALLBACK (watch_engine), self);
      self->store = g_object_ref (yb_workspace_get_store (workspace));
      g_signal_connect (self->store, "changed::units", G_CALLBACK (on_units_changed_cb), self);
    }
  watch_engine (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/* The header state last shown (for tests and the window). */
const YbHeaderState *
yb_session_status_get_state (YbSessionStatus *self)
{
  g_return_val_if_fail (YB_IS_SESSION_STATUS (self), NULL);
  return self->state;
}

gboolean
yb_session_status_get_can_sync (YbSessionStatus *self)
{
  g_return_val_if_fail (YB_IS_SESSION_STATUS (self), FALSE);
  return self->state != NULL && self->state->can_sync;
}
