/* test-outbox.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The Drafts & Outbox page, built from its template on a temporary store with declarations
 * in every state, driven through its actions; withdrawal against the real reference hall. */

#define G_LOG_DOMAIN "test-outbox"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yb-application.h"
#include "yb-enrolment-page.h"
#include "yb-outbox-page.h"
#include "yb-outbox-row.h"
#include "yb-outbox-state.h"
#include "yb-store-declaration.h"
#include "yb-window.h"
#include "yb-workspace.h"

#include "yb-test-hall.h"

static YbApplication *app;

/* A stand-in for the desktop's notification server on the test's private session bus: it
 * records what GNotification delivers (summary and body of each Notify call). */
static GPtrArray *desktop_notifications;

static const char notifications_xml[] =
  "<node><interface name='org.freedesktop.Notifications'>"
  "<method name='Notify'><arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "<arg type='s' direction='in'/><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='as' direction='in'/><arg type='a{sv}' direction='in'/>"
  "<arg type='i' direction='in'/><arg type='u' direction='out'/></method>"
  "<method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "<method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "<method name='GetServerInformation'><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "<arg type='s' direction='out'/></method>"
  "</interface></node>";

static void
on_notifications_call_cb (GDBusConnection       *connection,
                          const char            *sender,
                          const char            *object_path,
                          const char            *interface_name,
                          const char            *method_name,
                          GVariant              *parameters,
                          GDBusMethodInvocation *invocation,
                          gpointer               user_data)
{
  if (g_str_equal (method_name, "Notify"))
    {
      const char *summary, *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (desktop_notifications, g_strdup_printf ("%s|%s", summary, body));
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(u)", desktop_notifications->len));
    }
  else if (g_str_equal (method_name, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method_name, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation,
                                           g_variant_new ("(ssss)", "test", "yibao", "1",
                                                          "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call_cb, NULL, NULL, { 0 } };
  g_autoptr (GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr (GError) error = NULL;
  GDBusConnection *bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr (GVariant) reply = NULL;

  g_assert_no_error (error);
  desktop_notifications = g_ptr_array_new_with_free_func (g_free);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications",
                                                      0x4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
}

typedef struct
{
  char *dir;
  YbStore *store;
  YbRegionProfile *profile;
  YbWorkspace *workspace;
  GtkWindow *window;
  YbOutboxPage *page;
  char *last_toast;
  guint n_toasts;
  gint64 ids[YB_DECLARATION_N_STATES];
  gint64 broken_draft;
} Fixture;

static void
run_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
chinese (void)
{
  return g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh");
}

static GDateTime *
fixed_now (void)
{
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  return g_date_time_new (tz, 2026, 3, 10, 9, 30, 0);
}

static char *
enrolment_json (const char *first17,
                const char *name)
{
  g_autofree char *id = yb_test_make_id_number (first17);

  return g_strdup_printf ("{\"id_number\":\"%s\",\"name\":\"%s\",\"sex\":\"1\","
                          "\"birth_date\":\"1990-01-01\",\"start_month\":\"202603\","
                          "\"wage\":\"8000.00\",\"reason\":\"11\",\"hukou_type\":\"1\","
                          "\"employment_form\":\"01\",\"phone\":\"13800001234\","
                          "\"address\":\"杭州市西湖区文三路 1 号\",\"postcode\":\"310012\"}",
                          id, name);
}

static gint64
new_draft (Fixture    *fx,
           const char *seq,
           const char *name)
{
  g_autofree char *first17 = g_strdup_printf ("33010619900101%s", seq);
  g_autofree char *fields = enrolment_json (first17, name);
  g_autoptr (GError) error = NULL;
  gint64 id = yb_store_declaration_create (fx->store, "enrol_new", fields, &error);

  g_assert_no_error (error);
  return id;
}

static void
ok (gboolean  done,
    GError   *error)
{
  g_assert_no_error (error);
  g_assert_true (done);
}

/* A declaration brought to @state through the store's own transitions. */
static gint64
declaration_in (Fixture            *fx,
                YbDeclarationState  state,
                const char         *seq,
                const char         *name)
{
  g_autoptr (GDateTime) now = fixed_now ();
  g_autoptr (GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *hall_id = NULL;
  gint64 id = new_draft (fx, seq, name);

  if (state == YB_DECLARATION_DRAFT)
    return id;
  key = yb_store_declaration_queue (fx->store, id, &error);
  g_assert_no_error (error);
  if (state == YB_DECLARATION_QUEUED)
    return id;
  ok (yb_store_declaration_mark_sending (fx->store, id, &error), error);
  if (state == YB_DECLARATION_SENDING)
    return id;
  if (state == YB_DECLARATION_SEND_ERROR)
    {
      ok (yb_store_declaration_record_send_error (fx->store, id, "The hall is busy",
                                                  g_date_time_to_unix (now) + 35 * 60, &error),
          error);
      return id;
    }
  hall_id = g_strdup_printf ("H-%" G_GINT64_FORMAT, id);
  ok (yb_store_declaration_record_accepted (fx->store, id, hall_id, NULL, NULL, &error), error);
  if (state == YB_DECLARATION_SUBMITTED)
    return id;
  if (state == YB_DECLARATION_REJECTED)
    ok (yb_store_declaration_record_audit (fx->store, id, state, "材料不全",
                                           "[{\"field\":\"wage\",\"code\":\"WAGE_TOO_LOW\","
                                           "\"message\":\"工资低于最低标准\"}]",
                                           &error),
        error);
  else
    ok (yb_store_declaration_record_audit (fx->store, id, state, NULL, NULL, &error), error);
  return id;
}

static void
on_toast_cb (YbOutboxPage *page,
             const char   *message,
             Fixture      *fx)
{
  g_free (fx->last_toast);
  fx->last_toast = g_strdup (message);
  fx->n_toasts++;
  g_signal_stop_emission_by_name (page, "show-toast");
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = fixed_now ();
  g_autofree char *path = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  static const char *names[] = { "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十" };
  GtkWidget *overlay;

  g_settings_reset (settings, "notifications");
  fx->dir = g_dir_make_tmp ("yb-outbox-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "unit.db", NULL);
  fx->store = yb_store_open (path, &error);
  g_assert_no_error (error);
  fx->profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_assert_no_error (error);
  fx->workspace = yb_workspace_new (fx->store, fx->profile, NULL, "33010012345");
  yb_workspace_set_fixed_now (fx->workspace, now);

  if (data == NULL)
    {
      for (guint s = 0; s < YB_DECLARATION_N_STATES; s++)
        {
          g_autofree char *seq = g_strdup_printf ("%02u1", 10 + s);

          fx->ids[s] = declaration_in (fx, s, seq, names[s]);
        }
      /* A draft the rules refuse: no ID number, no month. */
      fx->broken_draft = yb_store_declaration_create (fx->store, "enrol_new",
                                                      "{\"name\":\"郑十一\"}", &error);
      g_assert_no_error (error);
    }

  fx->page = g_object_ref_sink (g_object_new (YB_TYPE_OUTBOX_PAGE, NULL));
  g_signal_connect (fx->page, "show-toast", G_CALLBACK (on_toast_cb), fx);
  overlay = adw_toast_overlay_new ();
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fx->page));
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 1100, 760);
  gtk_window_set_child (fx->window, overlay);
  yb_section_page_set_workspace (YB_SECTION_PAGE (fx->page), G_OBJECT (fx->workspace));
  run_until_idle ();
}

static void
close_dialogs (void)
{
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data))
      gtk_window_destroy (l->data);
  g_list_free (toplevels);
  run_until_idle ();
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "unit.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  close_dialogs ();
  gtk_window_destroy (fx->window);
  run_until_idle ();
  g_assert_finalize_object (fx->page);
  g_assert_finalize_object (fx->workspace);
  g_object_unref (fx->profile);
  g_assert_finalize_object (fx->store);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (fx->dir);
  g_free (fx->dir);
  g_free (fx->last_toast);
}

static GListModel *
rows (Fixture *fx)
{
  return G_LIST_MODEL (yb_outbox_page_get_selection (fx->page));
}

static YbOutboxRow *
row_for (Fixture *fx,
         gint64   id,
         guint   *position)
{
  guint n = g_list_model_get_n_items (rows (fx));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (YbOutboxRow) row = g_list_model_get_item (rows (fx), i);

      if (yb_outbox_row_get_id (row) == id)
        {
          if (position != NULL)
            *position = i;
          return row;
        }
    }
  return NULL;
}

static void
select_ids (Fixture      *fx,
            const gint64 *ids,
            guint         n)
{
  gtk_selection_model_unselect_all (yb_outbox_page_get_selection (fx->page));
  for (guint i = 0; i < n; i++)
    {
      guint position;

      g_assert_nonnull (row_for (fx, ids[i], &position));
      gtk_selection_model_select_item (yb_outbox_page_get_selection (fx->page), position, FALSE);
    }
  run_until_idle ();
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

/* Whether the page's button for @action can be pressed: what the clerk sees. */
static gboolean
action_enabled (Fixture    *fx,
                const char *action)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (fx->page), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action) == 0)
      return gtk_widget_is_sensitive (buttons->pdata[i]);
  g_error ("No button for %s", action);
}

/* The text of every label under @widget, one per line. */
static char *
texts_of (GtkWidget *widget)
{
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  GString *out = g_string_new (NULL);

  collect (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_visible (labels->pdata[i]))
      g_string_append_printf (out, "%s\n", gtk_label_get_label (labels->pdata[i]));
  return g_string_free (out, FALSE);
}

static AdwMessageDialog *
find_dialog (void)
{
  GList *toplevels = gtk_window_list_toplevels ();
  AdwMessageDialog *found = NULL;

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      found = l->data;
  g_list_free (toplevels);
  return found;
}

static YbDeclarationState
state_of (Fixture *fx,
          gint64   id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStoreDeclaration) decl = yb_store_declaration_get (fx->store, id, &error);

  g_assert_no_error (error);
  return yb_store_declaration_get_state (decl);
}

static void
test_lists_every_state (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *shown = NULL;
  YbOutboxRow *row;

  gtk_window_present (fx->window);
  run_until_idle ();

  g_assert_cmpstr (yb_outbox_page_get_filter (fx->page), ==, "all");
  g_assert_cmpuint (g_list_model_get_n_items (rows (fx)), ==, YB_DECLARATION_N_STATES + 1);
  for (guint s = 0; s < YB_DECLARATION_N_STATES; s++)
    {
      g_autoptr (GDateTime) now = fixed_now ();
      g_autofree char *expected = NULL;

      row = row_for (fx, fx->ids[s], NULL);
      g_assert_nonnull (row);
      expected = yb_outbox_state_label (s, 0, s == YB_DECLARATION_SEND_ERROR
                                                ? "The hall is busy" : NULL,
                                        g_date_time_to_unix (now) + 35 * 60,
                                        s == YB_DECLARATION_REJECTED ? "材料不全" : NULL, now);
      g_assert_cmpstr (yb_outbox_row_get_state_label (row), ==, expected);
      g_assert_cmpstr (yb_outbox_row_get_kind_label (row), ==,
                       yb_declaration_kind_get_label (YB_DECLARATION_ENROL_NEW));
    }

  row = row_for (fx, fx->ids[YB_DECLARATION_SEND_ERROR], NULL);
  g_assert_nonnull (strstr (yb_outbox_row_get_state_label (row), "The hall is busy"));
  g_assert_nonnull (strstr (yb_outbox_row_get_state_label (row), "10:05"));
  if (!chinese ())
    {
      g_assert_cmpstr (yb_outbox_row_get_state_label (row), ==,
                       "Send failed: The hall is busy — retrying at 10:05");
      g_assert_cmpstr (yb_outbox_row_get_state_label (row_for (fx, fx->ids[YB_DECLARATION_REJECTED],
                                                               NULL)),
                       ==, "Rejected: 材料不全");
      g_assert_cmpstr (yb_outbox_row_get_state_label (row_for (fx, fx->broken_draft, NULL)), !=,
                       yb_outbox_row_get_state_label (row_for (fx, fx->ids[0], NULL)));
    }
  g_assert_nonnull (strstr (yb_outbox_row_get_person (row_for (fx, fx->ids[0], NULL)), "张三"));

  /* The column view paints those texts. */
  shown = texts_of (GTK_WIDGET (fx->page));
  g_assert_nonnull (strstr (shown, yb_outbox_row_get_state_label (row)));
  g_assert_nonnull (strstr (shown, "材料不全"));

  /* Privacy mode masks the ID numbers in the list. */
  g_assert_nonnull (strstr (yb_outbox_row_get_person (row_for (fx, fx->ids[0], NULL)),
                            "330106199001011"));
  yb_workspace_set_privacy_mode (fx->workspace, TRUE);
  run_until_idle ();
  g_assert_null (strstr (yb_outbox_row_get_person (row_for (fx, fx->ids[0], NULL)),
                         "330106199001011"));
  g_assert_nonnull (strstr (yb_outbox_row_get_person (row_for (fx, fx->ids[0], NULL)), "*"));
}

static void
test_filters (Fixture       *fx,
              gconstpointer  data)
{
  static const struct
  {
    const char *filter;
    guint n;
  } expected[] = {
    { "drafts", 2 }, { "waiting", 3 }, { "submitted", 1 }, { "approved", 1 },
    { "rejected", 1 }, { "withdrawn", 1 }, { "all", YB_DECLARATION_N_STATES + 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      YbOutboxFilter filter;
      guint n;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "outbox.filter", "s",
                                                 expected[i].filter));
      run_until_idle ();
      g_assert_cmpstr (yb_outbox_page_get_filter (fx->page), ==, expected[i].filter);
      g_assert_true (yb_outbox_filter_from_string (expected[i].filter, &filter));
      n = g_list_model_get_n_items (rows (fx));
      g_assert_cmpuint (n, ==, expected[i].n);
      for (guint j = 0; j < n; j++)
        {
          g_autoptr (YbOutboxRow) row = g_list_model_get_item (rows (fx), j);
          YbDeclarationState state =
            yb_store_declaration_get_state (yb_outbox_row_get_declaration (row));

          g_assert_true (yb_outbox_filter_get_mask (filter) & YB_DECLARATION_MASK (state));
        }
    }
}

static void
test_actions_per_state (Fixture       *fx,
                        gconstpointer  data)
{
  static const char *actions[] = {
    "outbox.edit", "outbox.delete", "outbox.submit", "outbox.withdraw", "outbox.copy-to-draft",
  };
  /* edit, delete, submit, withdraw, copy per state */
  static const gboolean expected[YB_DECLARATION_N_STATES][5] = {
    [YB_DECLARATION_DRAFT] = { TRUE, TRUE, TRUE, FALSE, FALSE },
    [YB_DECLARATION_QUEUED] = { FALSE, FALSE, FALSE, FALSE, FALSE },
    [YB_DECLARATION_SENDING] = { FALSE, FALSE, FALSE, FALSE, FALSE },
    [YB_DECLARATION_SEND_ERROR] = { FALSE, FALSE, FALSE, FALSE, FALSE },
    [YB_DECLARATION_SUBMITTED] = { FALSE, FALSE, FALSE, TRUE, FALSE },
    [YB_DECLARATION_APPROVED] = { FALSE, FALSE, FALSE, FALSE, FALSE },
    [YB_DECLARATION_REJECTED] = { FALSE, FALSE, FALSE, FALSE, TRUE },
    [YB_DECLARATION_WITHDRAWN] = { FALSE, FALSE, FALSE, FALSE, TRUE },
  };

  select_ids (fx, NULL, 0);
  for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
    g_assert_false (action_enabled (fx, actions[a]));
  g_assert_true (action_enabled (fx, "outbox.refresh"));

  for (guint s = 0; s < YB_DECLARATION_N_STATES; s++)
    {
      select_ids (fx, &fx->ids[s], 1);
      for (guint a = 0; a < G_N_ELEMENTS (actions); a++)
        {
          if (action_enabled (fx, actions[a]) != expected[s][a])
            g_error ("%s is %s for a %s declaration", actions[a],
                     expected[s][a] ? "disabled" : "enabled",
                     yb_declaration_state_to_string (s));
        }
    }

  /* A draft the rules refuse is edited or deleted, not submitted. */
  select_ids (fx, &fx->broken_draft, 1);
  g_assert_true (action_enabled (fx, "outbox.edit"));
  g_assert_true (action_enabled (fx, "outbox.delete"));
  g_assert_false (action_enabled (fx, "outbox.submit"));

  /* Two drafts: submit and delete, but edit takes one. */
  {
    gint64 two[] = { fx->ids[YB_DECLARATION_DRAFT], fx->broken_draft };

    select_ids (fx, two, 2);
    g_assert_false (action_enabled (fx, "outbox.edit"));
    g_assert_true (action_enabled (fx, "outbox.delete"));
    g_assert_true (action_enabled (fx, "outbox.submit"));
  }

  /* A disabled action does nothing when activated anyway. */
  select_ids (fx, &fx->ids[YB_DECLARATION_QUEUED], 1);
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "outbox.delete", NULL);
  run_until_idle ();
  g_assert_null (find_dialog ());
  g_assert_cmpint (state_of (fx, fx->ids[YB_DECLARATION_QUEUED]), ==, YB_DECLARATION_QUEUED);
}

static void
test_details (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *rejected = NULL;
  g_autofree char *broken = NULL;

  select_ids (fx, &fx->ids[YB_DECLARATION_REJECTED], 1);
  rejected = texts_of (GTK_WIDGET (fx->page));
  g_assert_nonnull (strstr (rejected, "工资低于最低标准"));
  g_assert_nonnull (strstr (rejected, "材料不全"));
  g_assert_nonnull (strstr (rejected, "310012"));
  g_assert_nonnull (strstr (rejected, yb_declaration_field_get_label ("postcode")));

  /* The rule check names the missing field. */
  select_ids (fx, &fx->broken_draft, 1);
  broken = texts_of (GTK_WIDGET (fx->page));
  g_assert_nonnull (strstr (broken, yb_declaration_field_get_label ("id_number")));
}

static void
test_delete_draft (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStoreDeclaration) gone = NULL;
  gint64 id = fx->ids[YB_DECLARATION_DRAFT];
  AdwMessageDialog *dialog;

  select_ids (fx, &id, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), "outbox.delete", NULL));
  run_until_idle ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "张三"));

  /* Cancel keeps it. */
  adw_message_dialog_response (dialog, "cancel");
  run_until_idle ();
  g_assert_cmpint (state_of (fx, id), ==, YB_DECLARATION_DRAFT);

  gtk_widget_activate_action (GTK_WIDGET (fx->page), "outbox.delete", NULL);
  run_until_idle ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "delete");
  run_until_idle ();

  gone = yb_store_declaration_get (fx->store, id, &error);
  g_assert_null (gone);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND);
  g_assert_null (row_for (fx, id, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (rows (fx)), ==, YB_DECLARATION_N_STATES);
  g_assert_cmpuint (fx->n_toasts, ==, 1);
}

static void
test_submit_two (Fixture       *fx,
                 gconstpointer  data)
{
  gint64 second = new_draft (fx, "991", "冯十二");
  gint64 chosen[] = { fx->ids[YB_DECLARATION_DRAFT], second, fx->broken_draft };
  g_autoptr (YbStoreDeclaration) a = NULL;
  g_autoptr (YbStoreDeclaration) b = NULL;
  g_autofree char *review = NULL;
  AdwMessageDialog *dialog;

  run_until_idle ();
  select_ids (fx, chosen, G_N_ELEMENTS (chosen));
  g_assert_true (action_enabled (fx, "outbox.submit"));
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "outbox.submit", NULL);
  run_until_idle ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);

  /* The review names what is sent and what is held back. */
  review = texts_of (adw_message_dialog_get_extra_child (dialog));
  g_assert_nonnull (strstr (review, "张三"));
  g_assert_nonnull (strstr (review, "冯十二"));
  g_assert_nonnull (strstr (review, "郑十一"));
  if (!chinese ())
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Submit 2 declarations?");

  adw_message_dialog_response (dialog, "submit");
  run_until_idle ();

  a = yb_store_declaration_get (fx->store, chosen[0], NULL);
  b = yb_store_declaration_get (fx->store, second, NULL);
  g_assert_cmpint (yb_store_declaration_get_state (a), ==, YB_DECLARATION_QUEUED);
  g_assert_cmpint (yb_store_declaration_get_state (b), ==, YB_DECLARATION_QUEUED);
  g_assert_nonnull (yb_store_declaration_get_idempotency_key (a));
  g_assert_nonnull (yb_store_declaration_get_idempotency_key (b));
  g_assert_cmpstr (yb_store_declaration_get_idempotency_key (a), !=,
                   yb_store_declaration_get_idempotency_key (b));
  g_assert_cmpint (state_of (fx, fx->broken_draft), ==, YB_DECLARATION_DRAFT);
  g_assert_cmpuint (yb_outbox_page_get_badge_count (fx->page), ==, 3 + 2 + 1);
}

static void
test_copy_to_draft (Fixture       *fx,
                    gconstpointer  data)
{
  gint64 rejected = fx->ids[YB_DECLARATION_REJECTED];
  g_autoptr (GListModel) drafts = NULL;
  g_autoptr (YbStoreDeclaration) copy = NULL;
  g_autoptr (GPtrArray) findings = NULL;
  g_autoptr (GtkBitset) selected = NULL;
  g_autofree char *details = NULL;
  gboolean names_wage = FALSE;

  select_ids (fx, &rejected, 1);
  g_assert_true (action_enabled (fx, "outbox.copy-to-draft"));
  g_assert_cmpuint (yb_outbox_page_get_badge_count (fx->page), ==, 4);
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "outbox.copy-to-draft", NULL);
  run_until_idle ();

  drafts = yb_store_declaration_list (fx->store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 3);
  copy = g_list_model_get_item (drafts, 0);
  g_assert_cmpint (yb_store_declaration_get_copied_from (copy), ==, rejected);
  findings = yb_store_declaration_dup_hall_findings (copy);
  for (guint i = 0; i < findings->len; i++)
    names_wage |= g_strcmp0 (((YbFinding *) findings->pdata[i])->field, "wage") == 0;
  g_assert_true (names_wage);
  g_assert_cmpint (state_of (fx, rejected), ==, YB_DECLARATION_REJECTED);

  /* Without a window to open it in, the new draft is shown here with the hall's reasons. */
  g_assert_cmpstr (yb_outbox_page_get_filter (fx->page), ==, "drafts");
  selected = gtk_selection_model_get_selection (yb_outbox_page_get_selection (fx->page));
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  details = texts_of (GTK_WIDGET (fx->page));
  g_assert_nonnull (strstr (details, "工资低于最低标准"));
  /* Copied: the rejection no longer counts on the badge. */
  g_assert_cmpuint (yb_outbox_page_get_badge_count (fx->page), ==, 3);
}

static void
on_audit_notified_cb (YbOutboxPage *page,
                      gint64        id,
                      guint         state,
                      const char   *title,
                      const char   *body,
                      GPtrArray    *seen)
{
  g_ptr_array_add (seen, g_strdup_printf ("%" G_GINT64_FORMAT " %u %s|%s", id, state, title,
                                          body));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_badge_and_notification (Fixture       *fx,
                             gconstpointer  data)
{
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *expected = NULL;
  gint64 pending = fx->ids[YB_DECLARATION_SUBMITTED];
  gint64 other;
  guint notified = 0;

  g_signal_connect (fx->page, "audit-notified", G_CALLBACK (on_audit_notified_cb), seen);
  g_signal_connect (fx->page, "notify::badge-count", G_CALLBACK (count_notify_cb), &notified);

  /* queued + sending + send error, and the rejected one */
  g_assert_cmpuint (yb_outbox_page_get_badge_count (fx->page), ==, 4);

  ok (yb_store_declaration_record_audit (fx->store, pending, YB_DECLARATION_REJECTED,
                                         "停保月份有误", NULL, &error),
      error);
  run_until_idle ();
  g_assert_cmpuint (yb_outbox_page_get_badge_count (fx->page), ==, 5);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (seen->len, ==, 1);
  yb_outbox_notification_text (YB_DECLARATION_REJECTED, "enrol_new", "钱七", "停保月份有误",
                               &title, &body);
  expected = g_strdup_printf ("%" G_GINT64_FORMAT " %u %s|%s", pending,
                              YB_DECLARATION_REJECTED, title, body);
  g_assert_cmpstr (seen->pdata[0], ==, expected);
  /* It reached the desktop's notification server. */
  for (guint i = 0; i < 2000 && desktop_notifications->len == 0; i++)
    {
      run_until_idle ();
      g_usleep (5000);
    }
  g_assert_cmpuint (desktop_notifications->len, >=, 1);
  {
    g_autofree char *delivered = g_strdup_printf ("%s|%s", title, body);

    g_assert_cmpstr (desktop_notifications->pdata[desktop_notifications->len - 1], ==,
                     delivered);
  }

  /* Approval is told as well; a send error is not an audit result. */
  other = declaration_in (fx, YB_DECLARATION_SUBMITTED, "881", "陈十三");
  run_until_idle ();
  ok (yb_store_declaration_record_audit (fx->store, other, YB_DECLARATION_APPROVED, NULL, NULL,
                                         &error),
      error);
  run_until_idle ();
  g_assert_cmpuint (seen->len, ==, 2);
  g_assert_nonnull (strstr (seen->pdata[1], "陈十三"));

  /* Notifications off in the settings: none. */
  g_settings_set_boolean (settings, "notifications", FALSE);
  other = declaration_in (fx, YB_DECLARATION_SUBMITTED, "771", "褚十四");
  run_until_idle ();
  ok (yb_store_declaration_record_audit (fx->store, other, YB_DECLARATION_APPROVED, NULL, NULL,
                                         &error),
      error);
  run_until_idle ();
  g_assert_cmpuint (seen->len, ==, 2);
}

static void
test_withdraw_offline (Fixture       *fx,
                       gconstpointer  data)
{
  gint64 pending = fx->ids[YB_DECLARATION_SUBMITTED];

  select_ids (fx, &pending, 1);
  g_assert_true (action_enabled (fx, "outbox.withdraw"));
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "outbox.withdraw", NULL);
  run_until_idle ();
  g_assert_cmpint (state_of (fx, pending), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpuint (fx->n_toasts, ==, 1);
  g_assert_cmpstr (fx->last_toast, ==,
                   _("Withdrawing needs the hall: log in to the hall, then try again."));
}

static GAsyncResult *
await (GAsyncResult **slot)
{
  return yb_test_await (slot);
}

static void
test_withdraw_at_hall (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr (YbTestHall) hall = yb_test_hall_start (FALSE, "--demo", "--test-control", NULL);
  g_autoptr (JsonObject) control = NULL;
  g_autoptr (YbHallClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (JsonArray) units = NULL;
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                yb_hall_submit_item_unref);
  g_autoptr (GPtrArray) answers = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (JsonObject) at_hall = NULL;
  g_autoptr (YbWorkspace) workspace = NULL;
  g_autofree char *first17 = g_strdup_printf ("33010619900101%02u1", g_random_int_range (0, 99));
  g_autofree char *fields = enrolment_json (first17, "测试员");
  g_autofree char *key = NULL;
  g_autoptr (GDateTime) now = fixed_now ();
  YbHallSubmitResult *answer;
  const char *unit_no = NULL;
  GAsyncResult *slot = NULL;
  gint64 id;

  control = yb_test_hall_control (hall, "{\"clock\": \"2026-03-10T09:30:00+08:00\", "
                                  "\"window\": \"open\"}");
  client = yb_hall_client_new (hall->base_url, NULL, &error);
  g_assert_no_error (error);
  yb_hall_client_login_password_async (client, "demo", "demo12345", NULL, yb_test_store_result,
                                       &slot);
  result = await (&slot);
  g_assert_true (yb_hall_client_login_password_finish (client, result, &error));
  g_clear_object (&result);
  yb_hall_client_list_units_async (client, NULL, yb_test_store_result, &slot);
  result = await (&slot);
  units = yb_hall_client_list_units_finish (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *unit = json_array_get_object_element (units, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (unit, "region", ""),
                     "hangzhou") == 0)
        unit_no = json_object_get_string_member (unit, "unit_no");
    }
  g_assert_nonnull (unit_no);

  /* The declaration as the sync engine leaves it: drafted, queued, sent and accepted. */
  id = yb_store_declaration_create (fx->store, "enrol_new", fields, &error);
  g_assert_no_error (error);
  key = yb_store_declaration_queue (fx->store, id, &error);
  g_assert_no_error (error);
  ok (yb_store_declaration_mark_sending (fx->store, id, &error), error);
  json_parser_load_from_data (parser, fields, -1, &error);
  g_assert_no_error (error);
  g_ptr_array_add (items, yb_hall_submit_item_new (key, "enrol_new",
                                                   json_node_get_object (
                                                     json_parser_get_root (parser)),
                                                   NULL));
  yb_hall_client_submit_async (client, unit_no, items, NULL, yb_test_store_result, &slot);
  result = await (&slot);
  answers = yb_hall_client_submit_finish (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  answer = g_ptr_array_index (answers, 0);
  g_assert_true (answer->accepted);
  ok (yb_store_declaration_record_accepted (fx->store, id, answer->declaration_id,
                                            answer->status, NULL, &error),
      error);

  workspace = yb_workspace_new (fx->store, fx->profile, client, unit_no);
  yb_workspace_set_fixed_now (workspace, now);
  yb_section_page_set_workspace (YB_SECTION_PAGE (fx->page), G_OBJECT (workspace));
  run_until_idle ();

  select_ids (fx, &id, 1);
  g_assert_true (action_enabled (fx, "outbox.withdraw"));
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "outbox.withdraw", NULL);
  /* In flight: not twice. */
  g_assert_false (action_enabled (fx, "outbox.withdraw"));
  for (guint i = 0; i < 500 && state_of (fx, id) == YB_DECLARATION_SUBMITTED; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  run_until_idle ();
  g_assert_cmpint (state_of (fx, id), ==, YB_DECLARATION_WITHDRAWN);
  g_assert_cmpuint (fx->n_toasts, ==, 1);
  /* Withdrawn: now it can be copied into a new draft. */
  g_assert_true (action_enabled (fx, "outbox.copy-to-draft"));

  yb_hall_client_get_declaration_async (client, unit_no, answer->declaration_id, NULL,
                                        yb_test_store_result, &slot);
  result = await (&slot);
  at_hall = yb_hall_client_get_declaration_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (at_hall, "status"), ==, "withdrawn");

  yb_section_page_set_workspace (YB_SECTION_PAGE (fx->page), G_OBJECT (fx->workspace));
}

/* Through the application: a notification's default action shows the declaration, and the
 * page's edit opens a draft in the enrolment form (win.edit-draft). */
static void
test_window_actions (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr (YbWindow) window = g_object_ref_sink (yb_window_new (app));
  YbOutboxPage *page;
  g_autoptr (GtkBitset) selected = NULL;
  g_autoptr (YbOutboxRow) row = NULL;
  gint64 draft = fx->ids[YB_DECLARATION_DRAFT];
  guint position;

  yb_window_set_workspace (window, G_OBJECT (fx->workspace));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-section",
                                  g_variant_new_string ("queries"));
  run_until_idle ();
  page = YB_OUTBOX_PAGE (yb_window_get_page (window, "outbox"));
  yb_outbox_page_set_filter (page, "drafts");

  g_action_group_activate_action (G_ACTION_GROUP (app), "open-declaration",
                                  g_variant_new_int64 (fx->ids[YB_DECLARATION_APPROVED]));
  run_until_idle ();
  g_assert_cmpstr (yb_window_get_section (window), ==, "outbox");
  g_assert_cmpstr (yb_outbox_page_get_filter (page), ==, "all");
  selected = gtk_selection_model_get_selection (yb_outbox_page_get_selection (page));
  g_assert_cmpuint (gtk_bitset_get_size (selected), ==, 1);
  row = g_list_model_get_item (G_LIST_MODEL (yb_outbox_page_get_selection (page)),
                               gtk_bitset_get_minimum (selected));
  g_assert_cmpint (yb_outbox_row_get_id (row), ==, fx->ids[YB_DECLARATION_APPROVED]);

  /* The window's sidebar row shows the badge. */
  {
    g_autofree char *sidebar = texts_of (GTK_WIDGET (window));
    g_autofree char *badge = g_strdup_printf ("\n%u\n", yb_outbox_page_get_badge_count (page));

    g_assert_cmpuint (yb_outbox_page_get_badge_count (page), ==, 4);
    g_assert_nonnull (strstr (sidebar, badge));
  }

  /* Edit a draft: the enrolment section opens it. */
  for (position = 0; position < g_list_model_get_n_items (
                                  G_LIST_MODEL (yb_outbox_page_get_selection (page)));
       position++)
    {
      g_autoptr (YbOutboxRow) r = g_list_model_get_item (
        G_LIST_MODEL (yb_outbox_page_get_selection (page)), position);

      if (yb_outbox_row_get_id (r) == draft)
        break;
    }
  gtk_selection_model_select_item (yb_outbox_page_get_selection (page), position, TRUE);
  run_until_idle ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "outbox.edit", NULL));
  run_until_idle ();
  g_assert_cmpstr (yb_window_get_section (window), ==, "enrolment");
  g_assert_cmpint (yb_enrolment_page_get_draft_id (
                     YB_ENROLMENT_PAGE (yb_window_get_page (window, "enrolment"))),
                   ==, draft);

  yb_window_set_workspace (window, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  run_until_idle ();
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("YIBAO_SCREENSHOT_DIR");
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                               gtk_widget_get_height (widget));

  snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (gtk_widget_get_parent (widget), widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  path = g_strdup_printf ("%s/%s-%s.png", dir, name, chinese () ? "zh_CN" : "en");
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_screenshot (Fixture       *fx,
                 gconstpointer  data)
{
  if (g_getenv ("YIBAO_SCREENSHOT_DIR") == NULL)
    {
      g_test_skip ("Set YIBAO_SCREENSHOT_DIR to save screenshots");
      return;
    }
  gtk_window_present (fx->window);
  select_ids (fx, &fx->ids[YB_DECLARATION_REJECTED], 1);
  for (guint i = 0; i < 50; i++)
    {
      run_until_idle ();
      g_usleep (10000);
    }
  save_screenshot (gtk_window_get_child (fx->window), "outbox");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autofree char *localedir = NULL;
  GTestDBus *bus;
  int status;

  setlocale (LC_ALL, "");
  localedir = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* A private session bus: the English and Chinese runs each own the notification name. */
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  start_notification_server ();

  /* Notifications go through the registered application. */
  app = yb_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_set_default (G_APPLICATION (app));

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/ui/outbox/lists-every-state", test_lists_every_state);
  ADD ("/ui/outbox/filters", test_filters);
  ADD ("/ui/outbox/actions-per-state", test_actions_per_state);
  ADD ("/ui/outbox/details", test_details);
  ADD ("/ui/outbox/delete-draft", test_delete_draft);
  ADD ("/ui/outbox/submit-two", test_submit_two);
  ADD ("/ui/outbox/copy-to-draft", test_copy_to_draft);
  ADD ("/ui/outbox/badge-and-notification", test_badge_and_notification);
  ADD ("/ui/outbox/withdraw-offline", test_withdraw_offline);
  ADD ("/ui/outbox/withdraw-at-hall", test_withdraw_at_hall);
  ADD ("/ui/outbox/window-actions", test_window_actions);
  ADD ("/ui/outbox/screenshot", test_screenshot);
#undef ADD

  status = g_test_run ();
  g_object_unref (app);
  /* Stopped, not unreffed: the application keeps its connection (TESTING.md). */
  g_test_dbus_stop (bus);
  return status;
}
