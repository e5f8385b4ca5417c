/* yb-outbox-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbOutboxPage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-outbox-page.h"

#include "yb-hall-client.h"
#include "yb-hall-error.h"
#include "yb-outbox-row.h"
#include "yb-outbox-state.h"
#include "yb-store-declaration.h"
#include "yb-store-log-entry.h"
#include "yb-sync-engine.h"
#include "yb-workspace.h"

/*
 * The Drafts & Outbox section: every declaration of the unit with its state, filtered by
 * state, with a details pane for the one selected. Drafts are opened in their own section
 * (win.edit-draft), deleted, or submitted after a review; pending ones are withdrawn through
 * the hall; rejected ones are copied into a new draft. The page also watches the store for
 * audit results and tells the clerk with a desktop notification.
 */

struct _YbOutboxPage
{
  YbSectionPage parent_instance;

  /* Template widgets */
  GtkColumnView *column_view;
  GtkStack *list_stack;
  AdwStatusPage *empty_status;
  GtkBox *details_box;
  GtkSpinner *spinner;

  YbWorkspace *workspace;
  YbStore *store;
  gulong store_changed_id;
  gulong privacy_id;
  gulong now_id;

  GtkMultiSelection *selection;
  YbOutboxFilter filter;
  guint badge_count;

  /* id → state of the declarations that are out with the hall, to see audit results come */
  GHashTable *open_states;

  GSettings *settings;
  GCancellable *cancellable;
  gboolean withdrawing;
  gboolean batch;
};

G_DEFINE_FINAL_TYPE (YbOutboxPage, yb_outbox_page, YB_TYPE_SECTION_PAGE)

enum {
  PROP_0,
  PROP_BADGE_COUNT,
  PROP_FILTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOW_TOAST,
  AUDIT_NOTIFIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define OPEN_MASK                                                                          \
  (YB_DECLARATION_MASK_OUTBOX | YB_DECLARATION_MASK (YB_DECLARATION_SUBMITTED))

static void reload (YbOutboxPage *self);

/* Helpers */

static void
report (YbOutboxPage *self,
        const char   *message)
{
  g_signal_emit (self, signals[SHOW_TOAST], 0, message);
}

static GDateTime *
page_now (YbOutboxPage *self)
{
  if (self->workspace != NULL)
    return yb_workspace_get_now (self->workspace);
  return g_date_time_new_now_local ();
}

static char *
person_text (YbOutboxPage       *self,
             YbStoreDeclaration *decl)
{
  const char *name = yb_store_declaration_get_person_name (decl);
  const char *id_number = yb_store_declaration_get_person_id_number (decl);
  g_autofree char *shown = NULL;

  if (id_number == NULL || *id_number == '\0')
    return g_strdup (name != NULL ? name : "");
  shown = yb_workspace_display_id_number (self->workspace, id_number);
  if (name == NULL || *name == '\0')
    return g_steal_pointer (&shown);
  return g_strdup_printf ("%s  %s", name, shown);
}

static GPtrArray *
check_draft (YbOutboxPage       *self,
             YbStoreDeclaration *decl)
{
  g_autoptr (GDateTime) now = page_now (self);
  YbRegionProfile *profile = yb_workspace_get_profile (self->workspace);

  if (profile == NULL || yb_store_declaration_get_state (decl) != YB_DECLARATION_DRAFT)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) yb_finding_free);
  return yb_outbox_check_fields (yb_store_declaration_get_kind (decl),
                                 yb_store_declaration_get_fields (decl), profile, now);
}

static gpointer
map_row (gpointer item,
         gpointer user_data)
{
  YbOutboxPage *self = user_data;
  g_autoptr (YbStoreDeclaration) decl = item;
  g_autoptr (GPtrArray) findings = check_draft (self, decl);
  g_autoptr (GDateTime) now = page_now (self);
  guint n_errors = yb_outbox_count_errors (findings);
  g_autofree char *person = person_text (self, decl);
  g_autofree char *state = NULL;
  g_autofree char *updated = NULL;

  state = yb_outbox_state_label (yb_store_declaration_get_state (decl), n_errors,
                                 yb_store_declaration_get_last_error (decl),
                                 yb_store_declaration_get_next_retry_at (decl),
                                 yb_store_declaration_get_reject_reason (decl), now);
  updated = yb_outbox_format_time (yb_store_declaration_get_updated_at (decl), now);
  return yb_outbox_row_new (decl, person, state, updated, n_errors);
}

/* The rows the clerk selected, in list order. */
static GPtrArray *
selected_rows (YbOutboxPage *self)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GtkBitset) set = NULL;
  GtkBitsetIter iter;
  guint position;

  if (self->selection == NULL)
    return rows;
  set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, set, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (rows, g_list_model_get_item (G_LIST_MODEL (self->selection), position));
  return rows;
}

static YbOutboxRow *
single_selected (YbOutboxPage *self)
{
  g_autoptr (GPtrArray) rows = selected_rows (self);

  if (rows->len != 1)
    return NULL;
  return g_object_ref (g_ptr_array_index (rows, 0));
}

static void
update_actions (YbOutboxPage *self)
{
  g_autoptr (GPtrArray) rows = selected_rows (self);
  g_autofree YbOutboxItemInfo *infos = g_new0 (YbOutboxItemInfo, MAX (rows->len, 1));
  YbOutboxActions actions;
  gboolean ready = self->store != NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      YbOutboxRow *row = g_ptr_array_index (rows, i);
      YbStoreDeclaration *decl = yb_outbox_row_get_declaration (row);
      const char *hall_id = yb_store_declaration_get_hall_id (decl);

      infos[i].state = yb_store_declaration_get_state (decl);
      infos[i].n_errors = yb_outbox_row_get_n_errors (row);
      infos[i].has_hall_id = hall_id != NULL && *hall_id != '\0';
    }
  yb_outbox_actions_compute (infos, rows->len, &actions);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.edit", ready && actions.can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.delete",
                                 ready && actions.can_delete);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.submit",
                                 ready && actions.can_submit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.withdraw",
                                 ready && actions.can_withdraw && !self->withdrawing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.copy-to-draft",
                                 ready && actions.can_copy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "outbox.refresh", ready);
}

/* Details pane */

static GtkWidget *
add_label (YbOutboxPage *self,
           const char   *text,
           const char   *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (self->details_box, label);
  return label;
}

static void
add_heading (YbOutboxPage *self,
             const char   *text)
{
  GtkWidget *label = add_label (self, text, "heading");

  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_widget_set_margin_top (label, 12);
}

static const char *
code_list_of (const char *kind,
              const char *field)
{
  static const char * const coded[] = {
    "id_type", "sex", "ethnicity", "education", "hukou_type", "employment_form", "job_type",
    "bank_category", NULL,
  };

  if (g_strv_contains (coded, field))
    return field;
  if (g_str_equal (field, "reason"))
    return g_strcmp0 (kind, "reduce") == 0 ? "reduce_reason" : "enrol_reason";
  return NULL;
}

static void
add_findings (YbOutboxPage *self,
              GPtrArray    *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);
      g_autofree char *text = NULL;

      if (finding->field != NULL && yb_declaration_is_known_field (finding->field))
        text = g_strdup_printf ("%s: %s", yb_declaration_field_get_label (finding->field),
                                finding->message);
      else
        text = g_strdup (finding->message);
      add_label (self, text, yb_finding_is_error (finding) ? "error" : "warning");
    }
}

static void
add_fields (YbOutboxPage       *self,
            YbStoreDeclaration *decl)
{
  g_autoptr (YbDeclaration) parsed = NULL;
  g_auto (GStrv) names = NULL;
  YbRegionProfile *profile = yb_workspace_get_profile (self->workspace);
  const char *kind = yb_store_declaration_get_kind (decl);
  GtkWidget *grid;
  int row = 0;

  parsed = yb_outbox_parse_declaration (kind, yb_store_declaration_get_fields (decl), NULL);
  if (parsed == NULL)
    return;
  names = yb_declaration_list_fields (parsed);
  if (names == NULL || names[0] == NULL)
    return;

  add_heading (self, _("Fields"));
  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  for (guint i = 0; names[i] != NULL; i++)
    {
      const char *value = yb_declaration_get_string (parsed, names[i]);
      const char *list = code_list_of (kind, names[i]);
      const char *code_label = NULL;
      g_autofree char *shown = NULL;
      GtkWidget *name_label, *value_label;

      if (value == NULL || *value == '\0')
        continue;
      if (g_str_equal (names[i], "id_number"))
        shown = yb_workspace_display_id_number (self->workspace, value);
      else if (list != NULL && profile != NULL
               && (code_label = yb_region_profile_lookup_label (profile, list, value)) != NULL)
        shown = g_strdup_printf ("%s (%s)", code_label, value);
      else
        shown = g_strdup (value);

      name_label = gtk_label_new (yb_declaration_field_get_label (names[i]));
      gtk_label_set_xalign (GTK_LABEL (name_label), 0.0f);
      gtk_widget_set_valign (name_label, GTK_ALIGN_START);
      gtk_widget_add_css_class (name_label, "dim-label");
      value_label = gtk_label_new (shown);
      gtk_label_set_xalign (GTK_LABEL (value_label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (value_label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
      gtk_widget_set_hexpand (value_label, TRUE);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (value_label),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, name_label, NULL,
                                      -1);
      gtk_grid_attach (GTK_GRID (grid), name_label, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (grid), value_label, 1, row, 1, 1);
      row++;
    }
  gtk_box_append (self->details_box, grid);
}

static const char *
log_action_label (const char *action)
{
  static const struct
  {
    const char *action;
    const char *label;
  } labels[] = {
    { "create", N_("Draft saved") },
    { "copy", N_("Copied into a new draft") },
    { "queue", N_("Queued for sending") },
    { "unqueue", N_("Taken back into drafts") },
    { "send", N_("Sent to the hall") },
    { "send-error", N_("Send failed") },
    { "accepted", N_("Accepted by the hall") },
    { "rejected", N_("Rejected by the hall") },
    { "audit", N_("Audit result") },
    { "mirror", N_("Taken from the hall’s list") },
    { "withdraw", N_("Withdrawn") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].action, action) == 0)
      return _(labels[i].label);
  return action;
}

static void
add_log (YbOutboxPage *self,
         gint64        id)
{
  g_autoptr (GListModel) log = yb_store_log_list (self->store, id);
  g_autoptr (GDateTime) now = page_now (self);
  guint n = g_list_model_get_n_items (log);

  if (n == 0)
    return;
  add_heading (self, _("History"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (YbStoreLogEntry) entry = g_list_model_get_item (log, i);
      g_autofree char *when = yb_outbox_format_time (yb_store_log_entry_get_at (entry), now);
      g_autofree char *text = g_strdup_printf ("%s  %s", when,
                                               log_action_label (
                                                 yb_store_log_entry_get_action (entry)));

      add_label (self, text, "caption");
    }
}

static void
clear_details (YbOutboxPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_box))) != NULL)
    gtk_box_remove (self->details_box, child);
}

static void
update_details (YbOutboxPage *self)
{
  g_autoptr (GPtrArray) rows = selected_rows (self);
  YbStoreDeclaration *decl;
  YbOutboxRow *row;
  g_autofree char *title = NULL;
  const char *hall_id, *key;

  clear_details (self);
  if (rows->len == 0 || self->store == NULL)
    {
      add_label (self, _("Select a declaration to see its fields, its problems and the hall’s "
                         "answer."),
                 "dim-label");
      return;
    }
  if (rows->len > 1)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u declaration selected",
                                                            "%u declarations selected",
                                                            rows->len),
                                               rows->len);

      add_label (self, text, "title-4");
      return;
    }

  row = g_ptr_array_index (rows, 0);
  decl = yb_outbox_row_get_declaration (row);
  title = g_strdup_printf ("%s — %s", yb_outbox_row_get_kind_label (row),
                           yb_outbox_row_get_person (row));
  add_label (self, title, "title-4");
  add_label (self, yb_outbox_row_get_state_label (row), NULL);

  if (yb_store_declaration_get_state (decl) == YB_DECLARATION_DRAFT)
    {
      g_autoptr (GPtrArray) findings = check_draft (self, decl);
      g_autoptr (GPtrArray) hall = yb_store_declaration_dup_hall_findings (decl);

      if (findings->len > 0)
        {
          add_heading (self, _("Problems"));
          add_findings (self, findings);
        }
      if (hall->len > 0)
        {
          add_heading (self, _("The hall’s reasons for the earlier rejection"));
          add_findings (self, hall);
        }
    }
  else
    {
      g_autoptr (GPtrArray) hall = yb_store_declaration_dup_hall_findings (decl);
      const char *reason = yb_store_declaration_get_reject_reason (decl);

      if ((reason != NULL && *reason != '\0') || hall->len > 0)
        {
          add_heading (self, _("The hall’s answer"));
          if (reason != NULL && *reason != '\0')
            add_label (self, reason, NULL);
          add_findings (self, hall);
        }
    }

  add_fields (self, decl);

  hall_id = yb_store_declaration_get_hall_id (decl);
  key = yb_store_declaration_get_idempotency_key (decl);
  if ((hall_id != NULL && *hall_id != '\0') || key != NULL)
    {
      add_heading (self, _("Hall"));
      if (hall_id != NULL && *hall_id != '\0')
        {
          g_autofree char *text = g_strdup_printf (_("Hall number: %s"), hall_id);
          add_label (self, text, NULL);
        }
      if (key != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Submission key: %s"), key);
          add_label (self, text, "caption");
        }
    }
  add_log (self, yb_store_declaration_get_id (decl));
}

static void
on_selection_changed_cb (YbOutboxPage *self)
{
  update_actions (self);
  update_details (self);
}

/* Badge and notifications */

static void
update_badge (YbOutboxPage *self)
{
  guint waiting = 0, rejected = 0;

  if (self->store != NULL)
    yb_store_declaration_count_badges (self->store, &waiting, &rejected);
  if (self->badge_count != waiting + rejected)
    {
      self->badge_count = waiting + rejected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BADGE_COUNT]);
    }
}

static GHashTable *
read_open_states (YbOutboxPage *self)
{
  GHashTable *states = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr (GListModel) open = NULL;
  guint n;

  if (self->store == NULL)
    return states;
  open = yb_store_declaration_list (self->store, OPEN_MASK);
  n = g_list_model_get_n_items (open);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (YbStoreDeclaration) decl = g_list_model_get_item (open, i);

      g_hash_table_insert (states, g_memdup2 (&(gint64) { yb_store_declaration_get_id (decl) },
                                              sizeof (gint64)),
                           GINT_TO_POINTER (yb_store_declaration_get_state (decl)));
    }
  return states;
}

static void
notify_audit_result (YbOutboxPage       *self,
                     YbStoreDeclaration *decl)
{
  GApplication *app = g_application_get_default ();
  g_autoptr (GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *notification_id = NULL;
  YbDeclarationState state = yb_store_declaration_get_state (decl);
  gint64 id = yb_store_declaration_get_id (decl);

  if (!g_settings_get_boolean (self->settings, "notifications"))
    return;
  if (app == NULL || !g_application_get_is_registered (app) || g_application_get_is_remote (app))
    return;

  yb_outbox_notification_text (state, yb_store_declaration_get_kind (decl),
                               yb_store_declaration_get_person_name (decl),
                               yb_store_declaration_get_reject_reason (decl), &title, &body);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-declaration", "x", id);
  notification_id = g_strdup_printf ("audit-%" G_GINT64_FORMAT, id);
  g_application_send_notification (app, notification_id, notification);
  g_signal_emit (self, signals[AUDIT_NOTIFIED], 0, id, (guint) state, title, body);
}

/* Declarations that were with the hall and now carry its decision. */
static void
check_audit_results (YbOutboxPage *self)
{
  g_autoptr (GHashTable) now_open = read_open_states (self);
  GHashTableIter iter;
  gpointer key, value;

  if (self->open_states != NULL)
    {
      g_hash_table_iter_init (&iter, self->open_states);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_autoptr (YbStoreDeclaration) decl = NULL;

          if (g_hash_table_contains (now_open, key))
            continue;
          decl = yb_store_declaration_get (self->store, *(gint64 *) key, NULL);
          if (decl != NULL
              && yb_outbox_is_audit_result (GPOINTER_TO_INT (value),
                                            yb_store_declaration_get_state (decl)))
            notify_audit_result (self, decl);
        }
    }
  g_clear_pointer (&self->open_states, g_hash_table_unref);
  self->open_states = g_steal_pointer (&now_open);
}

/* The list */

static GArray *
selected_ids (YbOutboxPage *self)
{
  g_autoptr (GPtrArray) rows = selected_rows (self);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < rows->len; i++)
    {
      gint64 id = yb_outbox_row_get_id (g_ptr_array_index (rows, i));

      g_array_append_val (ids, id);
    }
  return ids;
}

static void
select_ids (YbOutboxPage *self,
            GArray       *ids)
{
  g_autoptr (GtkBitset) set = gtk_bitset_new_empty ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint found = 0;

  for (guint i = 0; i < n && found < ids->len; i++)
    {
      g_autoptr (YbOutboxRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      gint64 id = yb_outbox_row_get_id (row);

      for (guint j = 0; j < ids->len; j++)
        if (g_array_index (ids, gint64, j) == id)
          {
            gtk_bitset_add (set, i);
            found++;
            break;
          }
    }
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->selection), set, set);
}

static void
update_empty_status (YbOutboxPage *self)
{
  const char *text;

  switch (self->filter)
    {
    case YB_OUTBOX_FILTER_DRAFTS:
      text = _("No drafts. Drafts are saved as you type in the enrolment and reduction "
               "forms.");
      break;
    case YB_OUTBOX_FILTER_WAITING:
      text = _("Nothing is waiting to be sent.");
      break;
    case YB_OUTBOX_FILTER_SUBMITTED:
      text = _("Nothing is waiting for the hall’s audit.");
      break;
    case YB_OUTBOX_FILTER_APPROVED:
      text = _("No approved declarations yet.");
      break;
    case YB_OUTBOX_FILTER_REJECTED:
      text = _("No rejected declarations.");
      break;
    case YB_OUTBOX_FILTER_WITHDRAWN:
      text = _("No withdrawn declarations.");
      break;
    case YB_OUTBOX_FILTER_ALL:
    default:
      text = _("No declarations yet. Enrolments and reductions you draft appear here.");
      break;
    }
  adw_status_page_set_description (self->empty_status, text);
}

/* The store's lists are snapshots: a change makes a new model (docs/store.md). */
static void
reload (YbOutboxPage *self)
{
  g_autoptr (GArray) keep = selected_ids (self);
  GListModel *model;
  GtkMapListModel *rows;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, on_selection_changed_cb, self);
  g_clear_object (&self->selection);

  if (self->store != NULL)
    model = yb_store_declaration_list (self->store, yb_outbox_filter_get_mask (self->filter));
  else
    model = G_LIST_MODEL (g_list_store_new (YB_TYPE_STORE_DECLARATION));
  rows = gtk_map_list_model_new (model, map_row, self, NULL);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (rows));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  select_ids (self, keep);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (on_selection_changed_cb), self);

  update_empty_status (self);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0
                                      ? "list" : "empty");
  update_actions (self);
  update_details (self);
}

static void
on_store_changed_cb (YbOutboxPage *self,
                     const char   *table,
                     YbStore      *store)
{
  if (self->batch)
    return;
  check_audit_results (self);
  update_badge (self);
  reload (self);
}

static void
on_workspace_notify_cb (YbOutboxPage *self)
{
  reload (self);
}

/* Actions */

static void
edit_draft (YbOutboxPage *self,
            gint64        id)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-draft", "x", id))
    report (self, _("Drafts open in the enrolment or reduction section, which this window "
                    "does not have."));
}

static void
edit_cb (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (widget);
  g_autoptr (YbOutboxRow) row = single_selected (self);

  if (row == NULL
      || yb_store_declaration_get_state (yb_outbox_row_get_declaration (row))
           != YB_DECLARATION_DRAFT)
    return;
  edit_draft (self, yb_outbox_row_get_id (row));
}

static void
on_column_view_activate_cb (YbOutboxPage  *self,
                            guint          position,
                            GtkColumnView *view)
{
  g_autoptr (YbOutboxRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row != NULL
      && yb_store_declaration_get_state (yb_outbox_row_get_declaration (row))
           == YB_DECLARATION_DRAFT)
    edit_draft (self, yb_outbox_row_get_id (row));
}

static GtkWindow *
parent_window (YbOutboxPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static char *
describe_row (YbOutboxRow *row)
{
  return g_strdup_printf ("%s — %s", yb_outbox_row_get_kind_label (row),
                          yb_outbox_row_get_person (row));
}

static GArray *
ids_from_dialog (GtkWidget *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), "yb-outbox-ids");
}

static void
set_dialog_ids (GtkWidget *dialog,
                GArray    *ids)
{
  g_object_set_data_full (G_OBJECT (dialog), "yb-outbox-ids", g_array_ref (ids),
                          (GDestroyNotify) g_array_unref);
}

static void
end_batch (YbOutboxPage *self)
{
  self->batch = FALSE;
  check_audit_results (self);
  update_badge (self);
  reload (self);
}

static void
on_delete_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       YbOutboxPage     *self)
{
  GArray *ids = ids_from_dialog (GTK_WIDGET (dialog));
  guint deleted = 0;
  g_autoptr (GError) first_error = NULL;

  if (g_strcmp0 (response, "delete") != 0 || self->store == NULL)
    return;

  self->batch = TRUE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (GError) error = NULL;

      if (yb_store_declaration_delete (self->store, g_array_index (ids, gint64, i), &error))
        deleted++;
      else if (first_error == NULL)
        first_error = g_steal_pointer (&error);
    }
  end_batch (self);

  if (first_error != NULL)
    report (self, first_error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u draft deleted",
                                                            "%u drafts deleted", deleted),
                                               deleted);
      report (self, text);
    }
}

static void
delete_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (widget);
  g_autoptr (GPtrArray) rows = selected_rows (self);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  for (guint i = 0; i < rows->len; i++)
    {
      YbOutboxRow *row = g_ptr_array_index (rows, i);
      g_autofree char *line = describe_row (row);
      gint64 id = yb_outbox_row_get_id (row);

      if (yb_store_declaration_get_state (yb_outbox_row_get_declaration (row))
          != YB_DECLARATION_DRAFT)
        return;
      g_array_append_val (ids, id);
      g_string_append_printf (body, "%s\n", line);
    }
  if (ids->len == 0)
    return;

  g_string_append (body, _("Deleted drafts cannot be brought back."));
  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Delete %u draft?",
                                          "Delete %u drafts?", ids->len),
                             ids->len);
  dialog = adw_message_dialog_new (parent_window (self), heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  set_dialog_ids (dialog, ids);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (yb_sync_engine_sync_now_finish (YB_SYNC_ENGINE (source), result, &error)
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  report (YB_OUTBOX_PAGE (user_data), error->message);
}

/* Asks the sync engine for a pass now (send the outbox, fetch audit results). Offline-only
 * workspaces have no engine: the outbox then waits for the next login. */
static void
kick_sync (YbOutboxPage *self)
{
  if (self->workspace != NULL)
    yb_workspace_kick_sync (self->workspace, self->cancellable, on_sync_done_cb, self);
}

static void
on_submit_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       YbOutboxPage     *self)
{
  GArray *ids = ids_from_dialog (GTK_WIDGET (dialog));
  g_autoptr (GError) first_error = NULL;
  guint queued = 0;

  if (g_strcmp0 (response, "submit") != 0 || self->store == NULL)
    return;

  self->batch = TRUE;
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *key = yb_store_declaration_queue (self->store,
                                                         g_array_index (ids, gint64, i),
                                                         &error);

      if (key != NULL)
        queued++;
      else if (first_error == NULL)
        first_error = g_steal_pointer (&error);
    }
  end_batch (self);

  if (first_error != NULL)
    report (self, first_error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u declaration is in the outbox",
                                                            "%u declarations are in the outbox",
                                                            queued),
                                               queued);
      report (self, text);
    }
  if (queued > 0)
    kick_sync (self);
}

static void
submit_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (widget);
  g_autoptr (GPtrArray) rows = selected_rows (self);
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (GString) sent = g_string_new (NULL);
  g_autoptr (GString) held = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkWidget *dialog, *box, *label;

  for (guint i = 0; i < rows->len; i++)
    {
      YbOutboxRow *row = g_ptr_array_index (rows, i);
      YbStoreDeclaration *decl = yb_outbox_row_get_declaration (row);
      g_autofree char *line = describe_row (row);
      gint64 id = yb_outbox_row_get_id (row);
      /* Judged again now: the rules depend on the date (business window, months). */
      g_autoptr (GPtrArray) findings = check_draft (self, decl);
      guint n_errors = yb_outbox_count_errors (findings);

      if (yb_store_declaration_get_state (decl) != YB_DECLARATION_DRAFT)
        continue;
      if (n_errors > 0)
        {
          g_string_append_printf (held, "• %s: ", line);
          g_string_append_printf (held, g_dngettext (GETTEXT_PACKAGE, "%u problem to fix",
                                                     "%u problems to fix", n_errors),
                                  n_errors);
          g_string_append_c (held, '\n');
          continue;
        }
      g_array_append_val (ids, id);
      g_string_append_printf (sent, "• %s\n", line);
    }
  if (ids->len == 0)
    {
      report (self, _("None of the selected drafts can be submitted: fix their problems "
                      "first."));
      return;
    }

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Submit %u declaration?",
                                          "Submit %u declarations?", ids->len),
                             ids->len);
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("They go into the outbox and are sent to the hall as "
                                     "soon as it is reachable and its business window is "
                                     "open. What is sent cannot be changed afterwards."));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  label = gtk_label_new (g_strchomp (sent->str));
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_name (label, "submit-list");
  gtk_box_append (GTK_BOX (box), label);
  if (held->len > 0)
    {
      g_autofree char *text = g_strdup_printf ("%s\n%s", _("Not sent, still to fix:"),
                                               g_strchomp (held->str));

      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_name (label, "held-list");
      gtk_widget_add_css_class (label, "warning");
      gtk_box_append (GTK_BOX (box), label);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "submit", _("_Submit"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "submit",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "submit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  set_dialog_ids (dialog, ids);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_submit_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  YbOutboxPage *self;
  gint64 id;
} WithdrawData;

static void
set_withdrawing (YbOutboxPage *self,
                 gboolean      withdrawing)
{
  self->withdrawing = withdrawing;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), withdrawing);
  gtk_spinner_set_spinning (self->spinner, withdrawing);
  update_actions (self);
}

static void
on_withdraw_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree WithdrawData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) answer = NULL;
  YbOutboxPage *self = data->self;
  const char *status;

  answer = yb_hall_client_withdraw_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_withdrawing (self, FALSE);
  if (answer == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not withdraw: %s"), error->message);

      report (self, text);
      return;
    }

  status = json_object_get_string_member_with_default (answer, "status", "withdrawn");
  if (g_strcmp0 (status, "withdrawn") != 0)
    {
      g_autofree char *text = g_strdup_printf (_("The hall did not withdraw it; its state "
                                                 "there is “%s”."),
                                               status);

      report (self, text);
      return;
    }
  if (self->store == NULL
      || !yb_store_declaration_record_audit (self->store, data->id, YB_DECLARATION_WITHDRAWN,
                                             NULL, NULL, &error))
    {
      report (self, error != NULL ? error->message : _("The unit was closed."));
      return;
    }
  report (self, _("Withdrawn. Copy it into a new draft to change and submit it again."));
}

static void
withdraw_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (widget);
  g_autoptr (YbOutboxRow) row = single_selected (self);
  YbStoreDeclaration *decl;
  YbHallClient *hall;
  WithdrawData *data;

  if (row == NULL || self->withdrawing || self->workspace == NULL)
    return;
  decl = yb_outbox_row_get_declaration (row);
  if (yb_store_declaration_get_state (decl) != YB_DECLARATION_SUBMITTED
      || yb_store_declaration_get_hall_id (decl) == NULL)
    return;

  hall = yb_workspace_get_hall_client (self->workspace);
  if (hall == NULL)
    {
      report (self, _("Withdrawing needs the hall: log in to the hall, then try again."));
      return;
    }

  data = g_new0 (WithdrawData, 1);
  data->self = self;
  data->id = yb_store_declaration_get_id (decl);
  set_withdrawing (self, TRUE);
  yb_hall_client_withdraw_async (hall, yb_workspace_get_unit_no (self->workspace),
                                 yb_store_declaration_get_hall_id (decl), self->cancellable,
                                 on_withdraw_cb, data);
}

static void
copy_to_draft_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (widget);
  g_autoptr (YbOutboxRow) row = single_selected (self);
  g_autoptr (GError) error = NULL;
  gint64 copy;

  if (row == NULL || self->store == NULL)
    return;
  copy = yb_store_declaration_copy_to_draft (self->store, yb_outbox_row_get_id (row), &error);
  if (copy == 0)
    {
      report (self, error->message);
      return;
    }
  /* The form shows the hall's reasons at the fields they name. */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.edit-draft", "x", copy))
    {
      yb_outbox_page_set_filter (self, "drafts");
      yb_outbox_page_select_declaration (self, copy);
      report (self, _("Copied into a new draft."));
    }
}

static void
refresh_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (widget);

  check_audit_results (self);
  update_badge (self);
  reload (self);
  kick_sync (self);
}

/* Overrides */

static void
show_toast (YbOutboxPage *self,
            const char   *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_message ("%s", message);
      return;
    }
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
unbind_workspace (YbOutboxPage *self)
{
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  if (self->workspace != NULL)
    {
      g_clear_signal_handler (&self->privacy_id, self->workspace);
      g_clear_signal_handler (&self->now_id, self->workspace);
    }
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->open_states, g_hash_table_unref);
}

static void
yb_outbox_page_workspace_changed (YbSectionPage *page)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (page);
  GObject *workspace = yb_section_page_get_workspace (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->withdrawing)
    set_withdrawing (self, FALSE);

  unbind_workspace (self);
  if (YB_IS_WORKSPACE (workspace))
    {
      self->workspace = g_object_ref (YB_WORKSPACE (workspace));
      self->store = g_object_ref (yb_workspace_get_store (self->workspace));
      self->store_changed_id = g_signal_connect_swapped (self->store, "changed::declarations",
                                                         G_CALLBACK (on_store_changed_cb),
                                                         self);
      self->privacy_id = g_signal_connect_swapped (self->workspace, "notify::privacy-mode",
                                                   G_CALLBACK (on_workspace_notify_cb), self);
      self->now_id = g_signal_connect_swapped (self->workspace, "notify::fixed-now",
                                               G_CALLBACK (on_workspace_notify_cb), self);
      self->open_states = read_open_states (self);
    }
  update_badge (self);
  reload (self);
}

static void
yb_outbox_page_dispose (GObject *object)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  unbind_workspace (self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_func (self->selection, on_selection_changed_cb, self);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_OUTBOX_PAGE);

  G_OBJECT_CLASS (yb_outbox_page_parent_class)->dispose (object);
}

static void
yb_outbox_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_BADGE_COUNT:
      g_value_set_uint (value, self->badge_count);
      break;
    case PROP_FILTER:
      g_value_set_string (value, yb_outbox_filter_to_string (self->filter));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_outbox_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YbOutboxPage *self = YB_OUTBOX_PAGE (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      yb_outbox_page_set_filter (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_outbox_page_class_init (YbOutboxPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  YbSectionPageClass *page_class = YB_SECTION_PAGE_CLASS (klass);

  object_class->dispose = yb_outbox_page_dispose;
  object_class->get_property = yb_outbox_page_get_property;
  object_class->set_property = yb_outbox_page_set_property;
  page_class->workspace_changed = yb_outbox_page_workspace_changed;

  /* Declarations waiting to be sent plus rejected ones not yet copied: the sidebar badge. */
  properties[PROP_BADGE_COUNT] =
    g_param_spec_uint ("badge-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Which states the list shows: all, drafts, waiting, submitted, approved, rejected,
   * withdrawn (the outbox.filter action). */
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Something for the clerk to read; by default a toast in the window's overlay. */
  signals[SHOW_TOAST] =
    g_signal_new_class_handler ("show-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                G_CALLBACK (show_toast), NULL, NULL, NULL, G_TYPE_NONE, 1,
                                G_TYPE_STRING);
  /* A desktop notification about an audit result was sent: id, state, title, body. */
  signals[AUDIT_NOTIFIED] =
    g_signal_new ("audit-notified", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 4, G_TYPE_INT64, G_TYPE_UINT, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (YB_TYPE_OUTBOX_ROW);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/outbox/yb-outbox-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YbOutboxPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, YbOutboxPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, YbOutboxPage, empty_status);
  gtk_widget_class_bind_template_child (widget_class, YbOutboxPage, details_box);
  gtk_widget_class_bind_template_child (widget_class, YbOutboxPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "outbox.edit", NULL, edit_cb);
  gtk_widget_class_install_action (widget_class, "outbox.delete", NULL, delete_cb);
  gtk_widget_class_install_action (widget_class, "outbox.submit", NULL, submit_cb);
  gtk_widget_class_install_action (widget_class, "outbox.withdraw", NULL, withdraw_cb);
  gtk_widget_class_install_action (widget_class, "outbox.copy-to-draft", NULL,
                                   copy_to_draft_cb);
  gtk_widget_class_install_action (widget_class, "outbox.refresh", NULL, refresh_cb);
  gtk_widget_class_install_property_action (widget_class, "outbox.filter", "filter");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "outbox.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "outbox.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "outbox.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_W,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "outbox.withdraw",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "outbox.copy-to-draft", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "outbox.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "outbox.refresh", NULL);
  for (guint i = 0; i < YB_OUTBOX_N_FILTERS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "outbox.filter", "s",
                                         yb_outbox_filter_to_string (i));
}

static void
yb_outbox_page_init (YbOutboxPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  reload (self);
}

/* Public API */

guint
yb_outbox_page_get_badge_count (YbOutboxPage *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_PAGE (self), 0);

  return self->badge_count;
}

const char *
yb_outbox_page_get_filter (YbOutboxPage *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_PAGE (self), NULL);

  return yb_outbox_filter_to_string (self->filter);
}

void
yb_outbox_page_set_filter (YbOutboxPage *self,
                           const char   *filter)
{
  YbOutboxFilter value;

  g_return_if_fail (YB_IS_OUTBOX_PAGE (self));

  if (!yb_outbox_filter_from_string (filter, &value))
    {
      g_critical ("No outbox filter named “%s”", filter);
      return;
    }
  if (value == self->filter)
    return;
  self->filter = value;
  reload (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/* The list's selection model; its items are YbOutboxRow. */
GtkSelectionModel *
yb_outbox_page_get_selection (YbOutboxPage *self)
{
  g_return_val_if_fail (YB_IS_OUTBOX_PAGE (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_VIEW (child))
        return child;
      if ((found = find_list_view (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Shows and selects one declaration (from a notification), widening the filter when it
 * hides the declaration. Returns FALSE when the unit has no such declaration. */
gboolean
yb_outbox_page_select_declaration (YbOutboxPage *self,
                                   gint64        declaration_id)
{
  g_autoptr (YbStoreDeclaration) decl = NULL;
  GtkWidget *list_view;
  guint n;

  g_return_val_if_fail (YB_IS_OUTBOX_PAGE (self), FALSE);

  if (self->store == NULL
      || (decl = yb_store_declaration_get (self->store, declaration_id, NULL)) == NULL)
    return FALSE;
  if ((yb_outbox_filter_get_mask (self->filter)
       & YB_DECLARATION_MASK (yb_store_declaration_get_state (decl)))
      == 0)
    yb_outbox_page_set_filter (self, "all");

  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (YbOutboxRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), i);

      if (yb_outbox_row_get_id (row) != declaration_id)
        continue;
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, TRUE);
      list_view = find_list_view (GTK_WIDGET (self->column_view));
      if (list_view != NULL)
        gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", i);
      return TRUE;
    }
  return FALSE;
}
