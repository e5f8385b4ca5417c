/* yb-maintenance-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbMaintenancePage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-field-checks.h"
#include "yb-maintenance-page.h"
#include "yb-maintenance-state.h"
#include "yb-roster-model.h"
#include "yb-roster-person.h"
#include "yb-rules.h"
#include "yb-store-declaration.h"
#include "yb-sync-engine.h"
#include "yb-window.h"
#include "yb-workspace.h"

/* Key and person changes are saved as drafts this long after the last keystroke. */
#define SAVE_DELAY_MS 400

/*
 * The 信息维护 section: unit information (cached with its as-of time; contact,
 * 经办人 and bank account changed directly at the hall), key unit information
 * declared with uploaded material, insured people's household and contact
 * details (one by one, or in batch through the contact template), and the
 * yearly contribution-base declaration. A YbMaintenanceFormState computed from
 * each form's declaration drives its inline errors and enabled actions.
 */

typedef struct
{
  const char *field; /* the core field key, also the widget name suffix */
  const char *group; /* where the hall's unit object keeps it */
  const char *member;
} FieldSpec;

static const FieldSpec contact_fields[] = {
  { "contact_name", "contact", "contact_name" },
  { "contact_phone", "contact", "contact_phone" },
  { "agent_name", "contact", "agent_name" },
  { "agent_phone", "contact", "agent_phone" },
  { "email", "contact", "email" },
};

static const FieldSpec bank_fields[] = {
  { "bank_name", "bank", "bank_name" },
  { "bank_account_name", "bank", "account_name" },
  { "bank_account", "bank", "account_no" },
};

static const FieldSpec key_fields[] = {
  { "unit_name", "basic", "name" },
  { "legal_name", "basic", "legal_person" },
  { "legal_phone", "basic", "legal_phone" },
  { "contact_address", "basic", "address" },
};

static const FieldSpec person_fields[] = {
  { "phone", "contact", "phone" },
  { "address", "contact", "address" },
  { "postcode", "contact", "postcode" },
  { "email", "contact", "email" },
};

typedef struct
{
  char *kind;
  gint64 store_id;
  char *path;
  char *name;
  char *content_type;
  guint64 size;
  guint pages;
  char *hall_id;
} Attachment;

struct _YbMaintenancePage
{
  YbSectionPage parent_instance;

  GtkStack *stack;
  GtkLabel *as_of_label;
  GtkSpinner *spinner;
  GtkGrid *basic_grid;
  GtkGrid *registration_grid;
  GtkLabel *contact_hint;
  GtkSearchEntry *bank_search;
  GtkDropDown *bank_category;
  GtkLabel *bank_hint;
  GtkGrid *diff_grid;
  GtkLabel *diff_empty;
  GtkListBox *key_materials;
  GtkLabel *key_material_error;
  GtkLabel *key_error;
  GtkLabel *key_hint;
  GtkSearchEntry *person_search;
  GtkListView *person_list;
  GtkLabel *person_label;
  GtkDropDown *person_hukou_type;
  GtkLabel *person_error;
  GtkLabel *person_hint;
  GtkListBox *progress_list;
  GtkEntry *base_year;
  GtkLabel *base_year_error;
  GtkLabel *base_notice;
  GtkListBox *base_list;
  GtkLabel *base_empty;
  GtkListBox *base_materials;
  GtkLabel *base_material_error;
  GtkBox *base_material_buttons;
  GtkLabel *base_error;

  YbStore *store;
  gulong store_changed_id;
  GCancellable *cancellable;
  guint busy;
  gboolean updating;
  char *status;

  JsonObject *unit;
  gint64 unit_as_of;
  char *refresh_error;
  GHashTable *hall_errors; /* field → message from the hall's last refusal */

  GPtrArray *bank_codes; /* codes shown in the bank category list, in order */
  GPtrArray *hukou_codes;

  GtkSingleSelection *person_selection;
  JsonObject *person; /* the chosen person: roster cache, then the hall's detail */
  char *person_original[G_N_ELEMENTS (person_fields) + 1];

  GPtrArray *attachments; /* Attachment */

  YbDeclaration *base_decl;
  gint64 base_draft_id;

  /* What the clerk types into the key and person forms is a draft in the store
   * (Drafts & Outbox) from the first pause on, and submitting queues that draft. */
  gint64 key_draft_id;
  gint64 person_draft_id;
  gboolean key_dirty;
  gboolean person_dirty;
  guint save_source;
};

G_DEFINE_FINAL_TYPE (YbMaintenancePage, yb_maintenance_page, YB_TYPE_SECTION_PAGE)

static void update_state (YbMaintenancePage *self);
static void show_unit (YbMaintenancePage *self);

static void
attachment_free (gpointer data)
{
  Attachment *a = data;

  g_free (a->kind);
  g_free (a->path);
  g_free (a->name);
  g_free (a->content_type);
  g_free (a->hall_id);
  g_free (a);
}

static YbWorkspace *
get_workspace (YbMaintenancePage *self)
{
  GObject *workspace = yb_section_page_get_workspace (YB_SECTION_PAGE (self));

  return YB_IS_WORKSPACE (workspace) ? YB_WORKSPACE (workspace) : NULL;
}

static YbHallClient *
get_client (YbMaintenancePage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  YbHallClient *client = workspace != NULL ? yb_workspace_get_hall_client (workspace) : NULL;

  return client != NULL && yb_hall_client_get_logged_in (client) ? client : NULL;
}

static GtkWidget *
child (YbMaintenancePage *self,
       const char        *prefix,
       const char        *field,
       const char        *suffix)
{
  g_autofree char *name = g_strconcat (prefix, "_", field, suffix, NULL);
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (self), YB_TYPE_MAINTENANCE_PAGE,
                                                   name);

  g_assert (GTK_IS_WIDGET (object));
  return GTK_WIDGET (object);
}

static const char *
entry_text (YbMaintenancePage *self,
            const char        *prefix,
            const char        *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (self, prefix, field, "")));
}

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static const char *
unit_string (JsonObject *unit,
             const char *group,
             const char *member)
{
  JsonObject *object;

  if (unit == NULL || !json_object_has_member (unit, group))
    return NULL;
  object = json_object_get_object_member (unit, group);
  if (object == NULL || !json_object_has_member (object, member))
    return NULL;
  return json_object_get_string_member_with_default (object, member, NULL);
}

static gboolean
same_text (const char *a,
           const char *b)
{
  return g_strcmp0 (a != NULL ? a : "", b != NULL ? b : "") == 0;
}

/* Outcomes reach the clerk as a toast and stay in the page's status. */
static void
report (YbMaintenancePage *self,
        const char        *message,
        gboolean           is_error)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), YB_TYPE_WINDOW);

  g_free (self->status);
  self->status = g_strdup (message);
  if (window != NULL)
    {
      AdwToast *toast = adw_toast_new (message);

      if (is_error)
        adw_toast_set_timeout (toast, 0);
      yb_window_add_toast (YB_WINDOW (window), toast);
    }
}

static void
begin_busy (YbMaintenancePage *self)
{
  if (self->busy++ == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
      gtk_spinner_start (self->spinner);
    }
  update_state (self);
}

static void
end_busy (YbMaintenancePage *self)
{
  g_assert (self->busy > 0);
  if (--self->busy == 0)
    {
      gtk_spinner_stop (self->spinner);
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
    }
  update_state (self);
}

static void
kick_sync_engine (YbMaintenancePage *self)
{
  YbWorkspace *workspace = get_workspace (self);

  if (workspace != NULL)
    yb_workspace_kick_sync (workspace, NULL, NULL, NULL);
}

static char *
findings_json (YbDeclaration   *decl,
               YbRegionProfile *profile,
               GDateTime       *now)
{
  g_autoptr(GPtrArray) findings = yb_rules_check (decl, profile, now);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, yb_finding_is_error (finding) ? "error" : "warning");
      json_builder_set_member_name (builder, "field");
      json_builder_add_string_value (builder, finding->field);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, finding->code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, finding->message);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
draft_is_gone (const GError *error)
{
  return g_error_matches (error, YB_STORE_ERROR, YB_STORE_ERROR_FROZEN)
         || g_error_matches (error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND)
         || g_error_matches (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION);
}

/* Writes @decl as a draft (new when *draft_id is 0) and queues it for the hall. */
static gboolean
queue_declaration (YbMaintenancePage *self,
                   YbDeclaration     *decl,
                   gint64            *draft_id,
                   GError           **error)
{
  YbWorkspace *workspace = get_workspace (self);
  YbStore *store = yb_workspace_get_store (workspace);
  g_autoptr(GDateTime) now = yb_workspace_get_now (workspace);
  g_autofree char *data = yb_declaration_to_data (decl, NULL);
  g_autofree char *findings = findings_json (decl, yb_workspace_get_profile (workspace), now);
  g_autofree char *key = NULL;
  gint64 id = draft_id != NULL ? *draft_id : 0;

  if (id != 0)
    {
      g_autoptr(GError) local_error = NULL;

      /* Queued or deleted from the outbox meanwhile: this becomes a new declaration. */
      if (!yb_store_declaration_update (store, id, data, &local_error))
        {
          if (!draft_is_gone (local_error))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          id = 0;
        }
    }
  if (id == 0)
    id = yb_store_declaration_create (store, yb_declaration_kind_to_string (
                                               yb_declaration_get_kind (decl)),
                                      data, error);
  if (id == 0 || !yb_store_declaration_set_findings (store, id, findings, error))
    return FALSE;
  key = yb_store_declaration_queue (store, id, error);
  if (key == NULL)
    return FALSE;
  if (draft_id != NULL)
    *draft_id = id;
  kick_sync_engine (self);
  return TRUE;
}

/* GtkListBox has no remove_all before GTK 4.12. */
static void
remove_all_rows (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

/* Unit information */

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *widget;

  while ((widget = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, widget);
}

static void
add_info_row (GtkGrid    *grid,
              int         row,
              const char *title,
              const char *value)
{
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *text = gtk_label_new (value != NULL && *value != '\0' ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (name), 1);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  name, NULL, -1);
  gtk_grid_attach (grid, name, 0, row, 1, 1);
  gtk_grid_attach (grid, text, 1, row, 1, 1);
}

static void
fill_entries (YbMaintenancePage *self,
              const char        *prefix,
              const FieldSpec   *specs,
              guint              n_specs,
              JsonObject        *source)
{
  for (guint i = 0; i < n_specs; i++)
    gtk_editable_set_text (GTK_EDITABLE (child (self, prefix, specs[i].field, "")),
                           unit_string (source, specs[i].group, specs[i].member) ?: "");
}

static void
select_code (GtkDropDown *dropdown,
             GPtrArray   *codes,
             const char  *code)
{
  guint position = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; code != NULL && i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      position = i;
  gtk_drop_down_set_selected (dropdown, position);
}

static const char *
selected_code (GtkDropDown *dropdown,
               GPtrArray   *codes)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  return codes != NULL && position < codes->len ? g_ptr_array_index (codes, position) : NULL;
}

/* The bank categories whose name or code matches what the clerk typed. */
static void
fill_bank_categories (YbMaintenancePage *self,
                      const char        *keep_code)
{
  YbWorkspace *workspace = get_workspace (self);
  YbRegionProfile *profile = workspace != NULL ? yb_workspace_get_profile (workspace) : NULL;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->bank_search));
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autofree char *keep = g_strdup (keep_code);
  GPtrArray *entries = profile != NULL ? yb_region_profile_get_code_list (profile,
                                                                          "bank_category")
                                       : NULL;

  g_clear_pointer (&self->bank_codes, g_ptr_array_unref);
  self->bank_codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const YbCodeEntry *entry = g_ptr_array_index (entries, i);
      const char *label = yb_code_entry_get_label (entry);

      if (!yb_maintenance_bank_matches (query, label, entry->code)
          && !yb_maintenance_bank_matches (query, entry->label_zh_cn, NULL))
        continue;
      g_ptr_array_add (self->bank_codes, g_strdup (entry->code));
      gtk_string_list_append (labels, label);
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->bank_category, G_LIST_MODEL (labels));
  if (self->bank_codes->len == 1)
    gtk_drop_down_set_selected (self->bank_category, 0);
  else
    select_code (self->bank_category, self->bank_codes, keep);
  self->updating = FALSE;
}

static void
fill_code_dropdown (YbMaintenancePage *self,
                    GtkDropDown       *dropdown,
                    GPtrArray        **codes,
                    const char        *list_id)
{
  YbWorkspace *workspace = get_workspace (self);
  YbRegionProfile *profile = yb_workspace_get_profile (workspace);
  GPtrArray *entries = yb_region_profile_get_code_list (profile, list_id);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  g_clear_pointer (codes, g_ptr_array_unref);
  *codes = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const YbCodeEntry *entry = g_ptr_array_index (entries, i);

      g_ptr_array_add (*codes, g_strdup (entry->code));
      gtk_string_list_append (labels, yb_code_entry_get_label (entry));
    }
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (dropdown, GTK_INVALID_LIST_POSITION);
}

static char *
describe_as_of (YbMaintenancePage *self)
{
  g_autoptr(GDateTime) saved = NULL;
  g_autofree char *when = NULL;

  if (self->unit == NULL)
    return g_strdup (self->refresh_error != NULL
                       ? self->refresh_error
                       : _("No unit information saved yet. Connect to the hall to fetch it."));
  saved = g_date_time_new_from_unix_local (self->unit_as_of);
  when = g_date_time_format (saved, "%Y-%m-%d %H:%M");
  if (self->refresh_error != NULL)
    return g_strdup_printf (_("Offline: showing the copy saved from the hall on %s. %s"), when,
                            self->refresh_error);
  return g_strdup_printf (_("As of %s (saved from the hall)."), when);
}

static void
show_unit (YbMaintenancePage *self)
{
  g_autofree char *as_of = describe_as_of (self);
  const char *reg_status;

  gtk_label_set_label (self->as_of_label, as_of);
  clear_grid (self->basic_grid);
  clear_grid (self->registration_grid);
  if (self->unit == NULL)
    return;

  add_info_row (self->basic_grid, 0, _("Unit name"), unit_string (self->unit, "basic", "name"));
  add_info_row (self->basic_grid, 1, _("Unit number"),
                json_object_get_string_member_with_default (self->unit, "unit_no", NULL));
  add_info_row (self->basic_grid, 2, _("Unified social credit code"),
                unit_string (self->unit, "basic", "credit_code"));
  add_info_row (self->basic_grid, 3, _("Unit type"),
                unit_string (self->unit, "basic", "unit_type"));
  add_info_row (self->basic_grid, 4, _("Legal person"),
                unit_string (self->unit, "basic", "legal_person"));
  add_info_row (self->basic_grid, 5, _("Address"), unit_string (self->unit, "basic", "address"));
  add_info_row (self->basic_grid, 6, _("Postcode"), unit_string (self->unit, "basic", "postcode"));
  add_info_row (self->basic_grid, 7, _("Industry"), unit_string (self->unit, "basic", "industry"));

  reg_status = unit_string (self->unit, "registration", "status_label");
  add_info_row (self->registration_grid, 0, _("Registration number"),
                unit_string (self->unit, "registration", "registration_no"));
  add_info_row (self->registration_grid, 1, _("Registered on"),
                unit_string (self->unit, "registration", "registered_on"));
  add_info_row (self->registration_grid, 2, _("Authority"),
                unit_string (self->unit, "registration", "authority"));
  add_info_row (self->registration_grid, 3, _("Status"),
                reg_status != NULL ? reg_status
                                   : unit_string (self->unit, "registration", "status"));

  self->updating = TRUE;
  fill_entries (self, "contact", contact_fields, G_N_ELEMENTS (contact_fields), self->unit);
  fill_entries (self, "bank", bank_fields, G_N_ELEMENTS (bank_fields), self->unit);
  gtk_editable_set_text (GTK_EDITABLE (self->bank_search), "");
  self->updating = FALSE;
  fill_bank_categories (self, unit_string (self->unit, "bank", "bank_category"));
}

static void
take_unit (YbMaintenancePage *self,
           JsonObject        *unit)
{
  g_autoptr(GError) error = NULL;
  YbWorkspace *workspace = get_workspace (self);

  g_clear_pointer (&self->refresh_error, g_free);
  if (workspace != NULL && !yb_store_unit_put (yb_workspace_get_store (workspace), unit, &error))
    g_warning ("Could not save the unit information: %s", error->message);
  g_clear_pointer (&self->unit, json_object_unref);
  self->unit = json_object_ref (unit);
  self->unit_as_of = g_get_real_time () / G_USEC_PER_SEC;
  g_hash_table_remove_all (self->hall_errors);
  show_unit (self);
  update_state (self);
}

static void
on_unit_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(YbMaintenancePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) unit = NULL;

  unit = yb_hall_client_get_unit_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (unit != NULL)
    take_unit (self, unit);
  else
    {
      g_free (self->refresh_error);
      self->refresh_error = g_strdup_printf (_("The hall could not be reached: %s"),
                                             error->message);
      show_unit (self);
      report (self, self->refresh_error, TRUE);
    }
  end_busy (self);
}

static void
refresh_unit (YbMaintenancePage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  YbHallClient *client = get_client (self);

  if (workspace == NULL)
    return;
  if (client == NULL)
    {
      g_free (self->refresh_error);
      self->refresh_error = g_strdup (_("Not connected to the hall."));
      show_unit (self);
      return;
    }
  begin_busy (self);
  yb_hall_client_get_unit_async (client, yb_workspace_get_unit_no (workspace), self->cancellable,
                                 on_unit_fetched_cb, g_object_ref (self));
}

/* Declarations the forms build from what the clerk typed */

static YbDeclaration *
build_contact (YbMaintenancePage *self)
{
  YbDeclaration *decl = yb_declaration_new (YB_DECLARATION_UNIT_CONTACT_CHANGE);

  for (guint i = 0; i < G_N_ELEMENTS (contact_fields); i++)
    {
      const FieldSpec *spec = &contact_fields[i];
      const char *text = entry_text (self, "contact", spec->field);

      if (!same_text (text, unit_string (self->unit, spec->group, spec->member)))
        yb_declaration_set_string (decl, spec->field, *text != '\0' ? text : NULL);
    }
  return decl;
}

static YbDeclaration *
build_bank (YbMaintenancePage *self)
{
  YbDeclaration *decl = yb_declaration_new (YB_DECLARATION_UNIT_CONTACT_CHANGE);
  const char *code = selected_code (self->bank_category, self->bank_codes);
  gboolean changed = !same_text (code, unit_string (self->unit, "bank", "bank_category"));

  for (guint i = 0; i < G_N_ELEMENTS (bank_fields); i++)
    changed |= !same_text (entry_text (self, "bank", bank_fields[i].field),
                           unit_string (self->unit, bank_fields[i].group, bank_fields[i].member));
  if (!changed)
    return decl;
  /* The hall takes the whole account at once: every part is required. */
  yb_declaration_set_string (decl, "bank_category", code);
  for (guint i = 0; i < G_N_ELEMENTS (bank_fields); i++)
    {
      const char *text = entry_text (self, "bank", bank_fields[i].field);

      yb_declaration_set_string (decl, bank_fields[i].field, *text != '\0' ? text : NULL);
    }
  return decl;
}

/* A draft names its materials by their local number, which leads back to the
 * file and to the hall's id once uploaded (yb_store_material_get). */
static void
add_attachments_full (YbMaintenancePage *self,
                      YbDeclaration     *decl,
                      gboolean           base,
                      gboolean           local_ids)
{
  for (guint i = 0; i < self->attachments->len; i++)
    {
      Attachment *a = g_ptr_array_index (self->attachments, i);
      g_autofree char *local = NULL;

      if (base == g_str_equal (a->kind, "supporting_document"))
        continue;
      local = g_strdup_printf ("local:%" G_GINT64_FORMAT, a->store_id);
      yb_declaration_add_material (decl, a->kind,
                                   a->hall_id != NULL && !local_ids ? a->hall_id : local,
                                   a->name);
    }
}

static void
add_attachments (YbMaintenancePage *self,
                 YbDeclaration     *decl,
                 gboolean           base)
{
  add_attachments_full (self, decl, base, FALSE);
}

static YbDeclaration *
build_key_full (YbMaintenancePage *self,
                gboolean           local_ids)
{
  YbDeclaration *decl = yb_declaration_new (YB_DECLARATION_UNIT_KEY_CHANGE);

  for (guint i = 0; i < G_N_ELEMENTS (key_fields); i++)
    {
      const char *text = entry_text (self, "key", key_fields[i].field);
      g_autofree char *value = g_strstrip (g_strdup (text));

      if (*value != '\0'
          && !same_text (value, unit_string (self->unit, key_fields[i].group,
                                             key_fields[i].member)))
        yb_declaration_set_string (decl, key_fields[i].field, value);
    }
  add_attachments_full (self, decl, FALSE, local_ids);
  return decl;
}

static YbDeclaration *
build_key (YbMaintenancePage *self)
{
  return build_key_full (self, FALSE);
}

static const char *
person_string (JsonObject *person,
               const char *group,
               const char *member)
{
  const char *value = unit_string (person, group, member);

  /* The roster cache holds the flat form of docs/hall-api.md §6. */
  if (value == NULL && person != NULL && json_object_has_member (person, member))
    value = json_object_get_string_member_with_default (person, member, NULL);
  return value;
}

static YbDeclaration *
build_person (YbMaintenancePage *self)
{
  YbDeclaration *decl = yb_declaration_new (YB_DECLARATION_PERSON_CHANGE);
  const char *hukou = selected_code (self->person_hukou_type, self->hukou_codes);

  if (self->person == NULL)
    return decl;
  yb_declaration_set_string (decl, "person_no", person_string (self->person, "", "person_no"));
  yb_declaration_set_string (decl, "id_number", person_string (self->person, "basic",
                                                               "id_number"));
  yb_declaration_set_string (decl, "name", person_string (self->person, "basic", "name"));
  if (hukou != NULL && !same_text (hukou, person_string (self->person, "basic", "hukou_type")))
    yb_declaration_set_string (decl, "hukou_type", hukou);
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      const char *text = entry_text (self, "person", person_fields[i].field);

      if (*text != '\0' && !same_text (text, self->person_original[i]))
        yb_declaration_set_string (decl, person_fields[i].field, text);
    }
  return decl;
}

/* Drafts of the key and person changes */

/* Whether the clerk changed anything: a person change always names its person. */
static gboolean
has_changes (YbDeclaration *decl)
{
  g_auto(GStrv) fields = yb_declaration_list_fields (decl);

  if (yb_declaration_get_n_materials (decl) > 0)
    return TRUE;
  for (guint i = 0; fields[i] != NULL; i++)
    if (!g_str_equal (fields[i], "person_no") && !g_str_equal (fields[i], "id_number")
        && !g_str_equal (fields[i], "name"))
      return TRUE;
  return FALSE;
}

static gboolean
write_form_draft (YbMaintenancePage  *self,
                  YbDeclaration      *decl,
                  gint64             *draft_id,
                  GError            **error)
{
  YbWorkspace *workspace = get_workspace (self);
  YbStore *store = yb_workspace_get_store (workspace);
  g_autoptr(GDateTime) now = yb_workspace_get_now (workspace);
  g_autofree char *data = yb_declaration_to_data (decl, NULL);
  g_autofree char *findings = findings_json (decl, yb_workspace_get_profile (workspace), now);
  g_autoptr(GError) local_error = NULL;

  if (*draft_id != 0 && !yb_store_declaration_update (store, *draft_id, data, &local_error))
    {
      if (!draft_is_gone (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      *draft_id = 0;
    }
  if (*draft_id == 0)
    {
      *draft_id = yb_store_declaration_create (store, yb_declaration_kind_to_string (
                                                        yb_declaration_get_kind (decl)),
                                               data, error);
      if (*draft_id == 0)
        return FALSE;
    }
  /* The outbox lists the draft with what the rule engine says about it. */
  return yb_store_declaration_set_findings (store, *draft_id, findings, error);
}

/* Writes the key and person forms that changed since their last save. */
static gboolean
save_drafts (YbMaintenancePage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (get_workspace (self) == NULL)
    {
      self->key_dirty = self->person_dirty = FALSE;
      return TRUE;
    }
  if (self->key_dirty)
    {
      g_autoptr(YbDeclaration) decl = build_key_full (self, TRUE);

      self->key_dirty = FALSE;
      if ((self->key_draft_id != 0 || has_changes (decl))
          && !write_form_draft (self, decl, &self->key_draft_id, &error))
        ok = FALSE;
    }
  if (self->person_dirty && ok)
    {
      g_autoptr(YbDeclaration) decl = build_person (self);

      self->person_dirty = FALSE;
      if (self->person != NULL && (self->person_draft_id != 0 || has_changes (decl))
          && !write_form_draft (self, decl, &self->person_draft_id, &error))
        ok = FALSE;
    }
  if (!ok)
    {
      g_autofree char *message = g_strdup_printf (_("The draft could not be saved: %s"),
                                                  error->message);

      report (self, message, TRUE);
    }
  return ok;
}

static gboolean
on_save_timeout_cb (gpointer user_data)
{
  YbMaintenancePage *self = user_data;

  self->save_source = 0;
  save_drafts (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_save (YbMaintenancePage *self,
               gboolean           key)
{
  if (self->updating || get_workspace (self) == NULL)
    return;
  if (key)
    self->key_dirty = TRUE;
  else
    self->person_dirty = TRUE;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, on_save_timeout_cb, self);
}

static void
on_form_focus_leave_cb (GtkEventControllerFocus *controller,
                        YbMaintenancePage       *self)
{
  if (self->key_dirty || self->person_dirty)
    save_drafts (self);
}

/* State */

static void
show_form (YbMaintenancePage      *self,
           const char             *prefix,
           const char * const     *fields,
           YbMaintenanceFormState *state,
           const char * const     *hall_names)
{
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const char *message = g_hash_table_lookup (self->hall_errors, fields[i]);

      if (message == NULL && hall_names != NULL && hall_names[i] != NULL)
        message = g_hash_table_lookup (self->hall_errors, hall_names[i]);
      if (message == NULL)
        message = yb_maintenance_form_state_get_error (state, fields[i]);
      set_label (GTK_LABEL (child (self, prefix, fields[i], "_error")), message);
    }
}

static void
show_diff (YbMaintenancePage *self,
           YbDeclaration     *decl)
{
  int row = 1;

  clear_grid (self->diff_grid);
  for (guint i = 0; i < G_N_ELEMENTS (key_fields); i++)
    {
      const char *value = yb_declaration_get_string (decl, key_fields[i].field);
      const char *old = unit_string (self->unit, key_fields[i].group, key_fields[i].member);
      GtkWidget *name, *before, *after;

      if (value == NULL)
        continue;
      name = gtk_label_new (yb_declaration_field_get_label (key_fields[i].field));
      before = gtk_label_new (old != NULL && *old != '\0' ? old : "—");
      after = gtk_label_new (value);
      gtk_widget_add_css_class (before, "dim-label");
      gtk_widget_add_css_class (after, "accent");
      for (GtkWidget **w = (GtkWidget *[]) { name, before, after, NULL }; *w != NULL; w++)
        {
          gtk_label_set_xalign (GTK_LABEL (*w), 0);
          gtk_label_set_wrap (GTK_LABEL (*w), TRUE);
        }
      gtk_grid_attach (self->diff_grid, name, 0, row, 1, 1);
      gtk_grid_attach (self->diff_grid, before, 1, row, 1, 1);
      gtk_grid_attach (self->diff_grid, after, 2, row, 1, 1);
      row++;
    }
  if (row > 1)
    {
      const char *titles[] = { _("Item"), _("Now"), _("Declared") };

      for (int i = 0; i < 3; i++)
        {
          GtkWidget *title = gtk_label_new (titles[i]);

          gtk_label_set_xalign (GTK_LABEL (title), 0);
          gtk_widget_add_css_class (title, "heading");
          gtk_widget_set_hexpand (title, TRUE);
          gtk_grid_attach (self->diff_grid, title, i, 0, 1, 1);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->diff_empty), row == 1);
}

static void update_base (YbMaintenancePage *self, gboolean rebuild);

static void
update_state (YbMaintenancePage *self)
{
  static const char * const contact_keys[] = { "contact_name", "contact_phone", "agent_name",
                                               "agent_phone", "email", NULL };
  static const char * const bank_keys[] = { "bank_category", "bank_name", "bank_account_name",
                                            "bank_account", NULL };
  static const char * const bank_hall[] = { "bank_category", "bank_name", "account_name",
                                            "account_no", NULL };
  static const char * const key_keys[] = { "unit_name", "legal_name", "legal_phone",
                                           "contact_address", NULL };
  static const char * const person_keys[] = { "hukou_type", "phone", "address", "postcode",
                                              "email", NULL };
  YbWorkspace *workspace = get_workspace (self);
  YbMaintenanceContext context = { 0 };
  YbMaintenanceFormState state;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(YbDeclaration) contact = NULL;
  g_autoptr(YbDeclaration) bank = NULL;
  g_autoptr(YbDeclaration) key = NULL;
  g_autoptr(YbDeclaration) person = NULL;
  YbRegionProfile *profile;
  gboolean have_unit;

  if (workspace == NULL || self->updating)
    {
      for (const char * const *a = (const char *[]) { "maintenance.save-contact",
                                                      "maintenance.save-bank",
                                                      "maintenance.submit-key-change",
                                                      "maintenance.submit-person",
                                                      "maintenance.submit-base",
                                                      "maintenance.base-fill",
                                                      "maintenance.refresh", NULL };
           *a != NULL && workspace == NULL; a++)
        gtk_widget_action_set_enabled (GTK_WIDGET (self), *a, FALSE);
      return;
    }
  profile = yb_workspace_get_profile (workspace);
  now = yb_workspace_get_now (workspace);
  context.online = get_client (self) != NULL;
  context.busy = self->busy > 0;
  have_unit = self->unit != NULL;

  context.needs_online = TRUE;
  contact = build_contact (self);
  yb_maintenance_form_state_compute (&state, contact, profile, now, &context);
  show_form (self, "contact", contact_keys, &state, NULL);
  set_label (self->contact_hint, have_unit ? state.hint : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maintenance.save-contact",
                                 state.can_apply && have_unit);
  yb_maintenance_form_state_clear (&state);

  bank = build_bank (self);
  yb_maintenance_form_state_compute (&state, bank, profile, now, &context);
  show_form (self, "bank", bank_keys, &state, bank_hall);
  set_label (self->bank_hint, have_unit ? state.hint : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maintenance.save-bank",
                                 state.can_apply && have_unit);
  yb_maintenance_form_state_clear (&state);

  context.needs_online = FALSE;
  key = build_key (self);
  yb_maintenance_form_state_compute (&state, key, profile, now, &context);
  show_form (self, "key", key_keys, &state, NULL);
  set_label (self->key_error, state.general_error);
  set_label (self->key_hint, state.general_error == NULL ? state.hint : NULL);
  show_diff (self, key);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maintenance.submit-key-change",
                                 state.can_apply);
  yb_maintenance_form_state_clear (&state);

  context.has_subject = self->person != NULL;
  person = build_person (self);
  yb_maintenance_form_state_compute (&state, person, profile, now, &context);
  show_form (self, "person", person_keys, &state, NULL);
  set_label (self->person_error, state.general_error);
  set_label (self->person_hint, state.general_error == NULL ? state.hint : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maintenance.submit-person", state.can_apply);
  yb_maintenance_form_state_clear (&state);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maintenance.refresh",
                                 context.online && !context.busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maintenance.base-fill", !context.busy);
  update_base (self, FALSE);
}

/* Materials */

typedef struct
{
  YbMaintenancePage *self;
  GFile *file;
  char *kind;
  char *name;
  guint64 size;
} AttachJob;

static void
attach_job_free (AttachJob *job)
{
  g_clear_object (&job->self);
  g_clear_object (&job->file);
  g_free (job->kind);
  g_free (job->name);
  g_free (job);
}

static GtkLabel *
material_error_label (YbMaintenancePage *self,
                      const char        *kind)
{
  return g_str_equal (kind, "supporting_document") ? self->key_material_error
                                                   : self->base_material_error;
}

/* The declaration a material goes with, for the profile's file types. */
static const char *
material_declaration (const char *material_kind)
{
  return g_str_equal (material_kind, "supporting_document") ? "unit_key_change"
                                                            : "base_declaration";
}

static const char * const *
material_types (YbMaintenancePage *self,
                const char        *material_kind)
{
  YbWorkspace *workspace = get_workspace (self);

  if (workspace == NULL)
    return NULL;
  return yb_region_profile_get_material_types (yb_workspace_get_profile (workspace),
                                               material_declaration (material_kind),
                                               material_kind);
}

static const char *
material_title (const char *kind)
{
  if (g_str_equal (kind, "stamped_scan"))
    return _("Stamped scan of the base sheet (材料1)");
  if (g_str_equal (kind, "roster_sheet"))
    return _("Completed base sheet (材料2)");
  return _("Supporting document");
}

static GtkWidget *
material_row (Attachment *a,
              guint       index)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (a->name);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *size = yb_maintenance_format_size (a->size);
  g_autofree char *details = NULL;
  GtkWidget *subtitle;
  GtkWidget *preview;

  if (g_str_has_prefix (a->content_type, "image/"))
    {
      preview = gtk_picture_new_for_filename (a->path);
      gtk_picture_set_can_shrink (GTK_PICTURE (preview), TRUE);
      gtk_picture_set_content_fit (GTK_PICTURE (preview), GTK_CONTENT_FIT_CONTAIN);
    }
  else
    {
      preview = gtk_image_new_from_icon_name ("x-office-document-symbolic");
      gtk_image_set_pixel_size (GTK_IMAGE (preview), 48);
    }
  gtk_widget_set_size_request (preview, 72, 72);
  if (g_str_equal (a->content_type, "application/pdf") && a->pages == 0)
    details = g_strdup_printf (_("%s · PDF, %s"), material_title (a->kind), size);
  else if (g_str_equal (a->content_type, "application/pdf"))
    details = g_strdup_printf (ngettext ("%s · PDF, %s, %u page", "%s · PDF, %s, %u pages",
                                         a->pages),
                               material_title (a->kind), size, a->pages);
  else if (g_str_equal (a->content_type, YB_MAINTENANCE_XLSX_TYPE))
    details = g_strdup_printf (_("%s · Excel workbook, %s"), material_title (a->kind), size);
  else
    details = g_strdup_printf ("%s · %s, %s", material_title (a->kind),
                               g_str_equal (a->content_type, "image/png") ? "PNG" : "JPG", size);
  subtitle = gtk_label_new (details);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  if (a->hall_id == NULL)
    {
      GtkWidget *pending = gtk_label_new (_("Uploaded when the declaration is sent"));

      gtk_widget_add_css_class (pending, "caption");
      gtk_label_set_xalign (GTK_LABEL (pending), 0);
      gtk_box_append (GTK_BOX (texts), pending);
    }
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove Material"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Material"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "maintenance.remove-material");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", index);
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_box_append (GTK_BOX (row), preview);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), remove);
  return row;
}

static void
show_materials (YbMaintenancePage *self)
{
  remove_all_rows (self->key_materials);
  remove_all_rows (self->base_materials);
  for (guint i = 0; i < self->attachments->len; i++)
    {
      Attachment *a = g_ptr_array_index (self->attachments, i);
      GtkListBox *list = g_str_equal (a->kind, "supporting_document") ? self->key_materials
                                                                       : self->base_materials;

      gtk_list_box_append (list, material_row (a, i));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->key_materials),
                          gtk_widget_get_first_child (GTK_WIDGET (self->key_materials)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->base_materials),
                          gtk_widget_get_first_child (GTK_WIDGET (self->base_materials)) != NULL);
}

/* Whether a failed upload says nothing against the material: the hall could not be reached or
 * the login must be renewed. The sync engine then uploads it with the declaration. */
static gboolean
upload_can_wait (const GError *error)
{
  return yb_hall_error_is_transient (error)
         || g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_UNAUTHENTICATED)
         || g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_TOKEN_EXPIRED);
}

typedef struct
{
  YbMaintenancePage *self;
  Attachment *attachment; /* not owned: it may be removed while the upload runs */
  gint64 store_id;
  char *name;
  GTask *then; /* when uploading before a submission: the submission to continue */
} UploadJob;

static void upload_next (YbMaintenancePage *self, GTask *task);

static void
on_upload_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  UploadJob *job = user_data;
  YbMaintenancePage *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  YbWorkspace *workspace = get_workspace (self);

  answer = yb_hall_client_upload_material_finish (YB_HALL_CLIENT (source), result, &error);
  if (answer != NULL && workspace != NULL)
    {
      const char *hall_id = json_object_get_string_member_with_default (answer, "material_id",
                                                                        NULL);
      g_autoptr(GError) store_error = NULL;

      /* The attachment may have been removed meanwhile. */
      for (guint i = 0; i < self->attachments->len; i++)
        if (g_ptr_array_index (self->attachments, i) == job->attachment)
          {
            g_free (job->attachment->hall_id);
            job->attachment->hall_id = g_strdup (hall_id);
          }
      if (!yb_store_material_set_hall_id (yb_workspace_get_store (workspace), job->store_id,
                                          hall_id, &store_error))
        g_warning ("Could not record the material's hall id: %s", store_error->message);
      show_materials (self);
    }
  if (job->then != NULL)
    {
      if (answer == NULL)
        g_task_return_error (job->then, g_steal_pointer (&error));
      else
        upload_next (self, job->then);
      g_object_unref (job->then);
    }
  else if (answer == NULL && upload_can_wait (error))
    {
      g_autofree char *message = g_strdup_printf (_("The material could not be uploaded yet: "
                                                    "%s. It is kept and uploaded when the "
                                                    "declaration is sent."),
                                                  error->message);
      report (self, message, TRUE);
    }
  else if (answer == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("The hall refused material “%s”: %s Remove "
                                                    "it and attach another file."),
                                                  job->name, error->message);
      report (self, message, TRUE);
    }
  end_busy (self);
  g_object_unref (job->self);
  g_free (job->name);
  g_free (job);
}

static void
upload_attachment (YbMaintenancePage *self,
                   Attachment        *a,
                   GTask             *then)
{
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (a->path);
  g_autoptr(GBytes) bytes = NULL;
  UploadJob *job;

  /* At most 5 MB, checked when attached: small enough to read here. */
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes == NULL)
    {
      if (then != NULL)
        g_task_return_error (then, g_steal_pointer (&error));
      else
        report (self, error->message, TRUE);
      return;
    }
  job = g_new0 (UploadJob, 1);
  job->self = g_object_ref (self);
  job->attachment = a;
  job->store_id = a->store_id;
  job->name = g_strdup (a->name);
  job->then = then != NULL ? g_object_ref (then) : NULL;
  begin_busy (self);
  /* With its kind, so the hall refuses a file type the kind does not take at once. */
  yb_hall_client_upload_material_kind_async (get_client (self),
                                             yb_workspace_get_unit_no (workspace), bytes,
                                             a->content_type, a->name, a->kind,
                                             self->cancellable, on_upload_done_cb, job);
}

/* Uploads, one after the other, the materials not yet at the hall, then returns. */
static void
upload_next (YbMaintenancePage *self,
             GTask             *task)
{
  const char *which = g_task_get_task_data (task);

  for (guint i = 0; i < self->attachments->len; i++)
    {
      Attachment *a = g_ptr_array_index (self->attachments, i);
      gboolean key = g_str_equal (a->kind, "supporting_document");

      if (a->hall_id == NULL && key == g_str_equal (which, "key"))
        {
          upload_attachment (self, a, task);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_material_loaded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  AttachJob *job = user_data;
  YbMaintenancePage *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes_finish (G_FILE (source), result, NULL, &error);
  g_autofree char *content_type = NULL;
  g_autofree char *problem = NULL;
  YbWorkspace *workspace = get_workspace (self);
  Attachment *a;
  gint64 store_id;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      attach_job_free (job);
      return;
    }
  end_busy (self);
  if (bytes == NULL)
    {
      problem = g_strdup_printf (_("Material “%s” cannot be read: %s"), job->name,
                                 error->message);
    }
  else
    problem = yb_maintenance_check_material (job->name, g_bytes_get_data (bytes, NULL),
                                             g_bytes_get_size (bytes), g_bytes_get_size (bytes),
                                             material_types (self, job->kind), &content_type);
  if (problem == NULL && workspace != NULL)
    {
      g_autofree char *path = g_file_get_path (job->file);

      store_id = yb_store_material_add (yb_workspace_get_store (workspace), path, &error);
      if (store_id == 0)
        problem = g_strdup_printf (_("Material “%s” could not be kept: %s"), job->name,
                                   error->message);
      else
        {
          a = g_new0 (Attachment, 1);
          a->kind = g_strdup (job->kind);
          a->store_id = store_id;
          a->path = g_steal_pointer (&path);
          a->name = g_strdup (job->name);
          a->content_type = g_steal_pointer (&content_type);
          a->size = g_bytes_get_size (bytes);
          if (g_str_equal (a->content_type, "application/pdf"))
            a->pages = yb_maintenance_pdf_count_pages (g_bytes_get_data (bytes, NULL),
                                                       g_bytes_get_size (bytes));
          g_ptr_array_add (self->attachments, a);
          show_materials (self);
          if (g_str_equal (a->kind, "supporting_document"))
            schedule_save (self, TRUE);
          if (get_client (self) != NULL)
            upload_attachment (self, a, NULL);
        }
    }
  set_label (material_error_label (self, job->kind), problem);
  if (problem != NULL)
    report (self, problem, TRUE);
  update_state (self);
  attach_job_free (job);
}

static void
on_material_info_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  AttachJob *job = user_data;
  YbMaintenancePage *self = job->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  g_autofree char *problem = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      attach_job_free (job);
      return;
    }
  if (info == NULL)
    problem = g_strdup_printf (_("Material “%s” cannot be read: %s"), job->name,
                               error->message);
  else
    {
      job->size = (guint64) g_file_info_get_size (info);
      /* Refuse a large file before reading it at all. */
      if (job->size == 0 || job->size > YB_MAINTENANCE_MATERIAL_MAX_SIZE)
        problem = yb_maintenance_check_material (job->name, NULL, 0, job->size, NULL, NULL);
    }
  if (problem != NULL)
    {
      end_busy (self);
      set_label (material_error_label (self, job->kind), problem);
      report (self, problem, TRUE);
      attach_job_free (job);
      return;
    }
  g_file_load_bytes_async (job->file, self->cancellable, on_material_loaded_cb, job);
}

void
yb_maintenance_page_attach_material (YbMaintenancePage *self,
                                     const char        *material_kind,
                                     GFile             *file)
{
  AttachJob *job;

  g_return_if_fail (YB_IS_MAINTENANCE_PAGE (self));
  g_return_if_fail (material_kind != NULL);
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (AttachJob, 1);
  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  job->kind = g_strdup (material_kind);
  job->name = g_file_get_basename (file);
  set_label (material_error_label (self, material_kind), NULL);
  begin_busy (self);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->cancellable, on_material_info_cb, job);
}

guint
yb_maintenance_page_get_n_materials (YbMaintenancePage *self,
                                     const char        *material_kind)
{
  guint n = 0;

  g_return_val_if_fail (YB_IS_MAINTENANCE_PAGE (self), 0);

  for (guint i = 0; i < self->attachments->len; i++)
    if (g_strcmp0 (((Attachment *) g_ptr_array_index (self->attachments, i))->kind,
                   material_kind) == 0)
      n++;
  return n;
}

static void
on_material_chosen_cb (GtkNativeDialog *dialog,
                       int              response,
                       gpointer         user_data)
{
  YbMaintenancePage *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *kind = g_object_get_data (G_OBJECT (dialog), "yb-kind");

      yb_maintenance_page_attach_material (self, kind, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
add_material_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *kind = g_variant_get_string (parameter, NULL);
  const char * const *types = material_types (self, kind);
  gboolean sheet = types != NULL && g_strv_contains (types, "xlsx");
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (sheet ? _("Attach the Template You Filled")
                                              : _("Add Material"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Add"), _("_Cancel"));
  /* Offer only what the region takes for this material (BR-34: 材料1 jpg, 材料2 xlsx). */
  gtk_file_filter_set_name (filter, sheet ? _("Excel workbook (.xlsx)") : _("Scans and PDF"));
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    {
      if (g_str_equal (types[i], "jpg"))
        gtk_file_filter_add_mime_type (filter, "image/jpeg");
      else if (g_str_equal (types[i], "png"))
        gtk_file_filter_add_mime_type (filter, "image/png");
      else if (g_str_equal (types[i], "pdf"))
        gtk_file_filter_add_mime_type (filter, "application/pdf");
      else if (g_str_equal (types[i], "xlsx"))
        {
          gtk_file_filter_add_mime_type (filter, YB_MAINTENANCE_XLSX_TYPE);
          gtk_file_filter_add_suffix (filter, "xlsx");
        }
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_set_data_full (G_OBJECT (dialog), "yb-kind",
                          g_variant_dup_string (parameter, NULL), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_material_chosen_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
remove_material_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (widget);
  guint index = g_variant_get_uint32 (parameter);

  if (index < self->attachments->len)
    {
      Attachment *a = g_ptr_array_index (self->attachments, index);

      if (g_str_equal (a->kind, "supporting_document"))
        schedule_save (self, TRUE);
      g_ptr_array_remove_index (self->attachments, index);
    }
  show_materials (self);
  update_state (self);
}

static void
forget_attachments (YbMaintenancePage *self,
                    gboolean           base)
{
  for (guint i = self->attachments->len; i > 0; i--)
    {
      Attachment *a = g_ptr_array_index (self->attachments, i - 1);

      if (base != g_str_equal (a->kind, "supporting_document"))
        g_ptr_array_remove_index (self->attachments, i - 1);
    }
  show_materials (self);
}

/* Direct changes: contact and bank */

static void
show_hall_refusal (YbMaintenancePage *self,
                   const GError      *error,
                   const char        *what)
{
  GPtrArray *fields = yb_hall_error_get_fields (error);
  g_autofree char *message = NULL;

  for (guint i = 0; fields != NULL && i < fields->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (fields, i);

      if (finding->field != NULL)
        g_hash_table_replace (self->hall_errors, g_strdup (finding->field),
                              g_strdup (finding->message));
    }
  message = g_strdup_printf ("%s %s", what, error->message);
  report (self, message, TRUE);
}

static void
on_direct_change_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YbMaintenancePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) unit = NULL;
  gboolean bank = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "yb-direct-bank"));

  if (bank)
    unit = yb_hall_client_put_unit_bank_finish (YB_HALL_CLIENT (source), result, &error);
  else
    unit = yb_hall_client_update_unit_contact_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (unit != NULL)
    {
      take_unit (self, unit);
      report (self, bank ? _("The hall changed the bank account.")
                         : _("The hall changed the contact details."), FALSE);
    }
  else
    show_hall_refusal (self, error, bank ? _("The bank account was not changed:")
                                         : _("The contact details were not changed:"));
  end_busy (self);
}

static void
save_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (widget);
  g_autoptr(YbDeclaration) decl = build_contact (self);
  g_auto(GStrv) fields = yb_declaration_list_fields (decl);
  g_autoptr(JsonObject) changes = json_object_new ();
  YbHallClient *client = get_client (self);

  if (client == NULL)
    {
      report (self, _("Connect to the hall to change the contact details."), TRUE);
      return;
    }
  for (guint i = 0; fields[i] != NULL; i++)
    json_object_set_string_member (changes, fields[i],
                                   yb_declaration_get_string (decl, fields[i]));
  /* A cleared e-mail is sent as empty text; the other fields are required. */
  for (guint i = 0; i < G_N_ELEMENTS (contact_fields); i++)
    {
      const char *text = entry_text (self, "contact", contact_fields[i].field);

      if (*text == '\0' && !json_object_has_member (changes, contact_fields[i].field)
          && !same_text (text, unit_string (self->unit, "contact", contact_fields[i].member)))
        json_object_set_string_member (changes, contact_fields[i].field, "");
    }
  g_hash_table_remove_all (self->hall_errors);
  g_object_set_data (G_OBJECT (self), "yb-direct-bank", GINT_TO_POINTER (FALSE));
  begin_busy (self);
  yb_hall_client_update_unit_contact_async (client,
                                            yb_workspace_get_unit_no (get_workspace (self)),
                                            changes, self->cancellable, on_direct_change_cb,
                                            g_object_ref (self));
}

static void
save_bank_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (widget);
  YbHallClient *client = get_client (self);

  if (client == NULL)
    {
      report (self, _("Connect to the hall to change the bank account."), TRUE);
      return;
    }
  g_hash_table_remove_all (self->hall_errors);
  g_object_set_data (G_OBJECT (self), "yb-direct-bank", GINT_TO_POINTER (TRUE));
  begin_busy (self);
  yb_hall_client_put_unit_bank_async (client, yb_workspace_get_unit_no (get_workspace (self)),
                                      selected_code (self->bank_category, self->bank_codes),
                                      entry_text (self, "bank", "bank_name"),
                                      entry_text (self, "bank", "bank_account_name"),
                                      entry_text (self, "bank", "bank_account"),
                                      self->cancellable, on_direct_change_cb,
                                      g_object_ref (self));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  refresh_unit (YB_MAINTENANCE_PAGE (widget));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  yb_maintenance_page_show (YB_MAINTENANCE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* Key information change */

/* Queues the key change or the base declaration ("key" or "base") with its materials: those at
 * the hall by their hall id, the others by their local number ("local:<id>"), which the sync
 * engine uploads before it sends the declaration. */
static void
queue_with_materials (YbMaintenancePage *self,
                      const char        *which,
                      gboolean           uploaded)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbDeclaration) decl = NULL;

  if (g_str_equal (which, "base"))
    {
      decl = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
      yb_declaration_set_string (decl, "year", yb_declaration_get_string (self->base_decl,
                                                                          "year"));
      for (guint i = 0; i < yb_declaration_get_n_items (self->base_decl); i++)
        yb_declaration_add_item (decl,
                                 yb_declaration_get_item_string (self->base_decl, i, "person_no"),
                                 yb_declaration_get_item_string (self->base_decl, i, "id_number"),
                                 yb_declaration_get_item_string (self->base_decl, i, "name"),
                                 yb_declaration_get_item_string (self->base_decl, i, "avg_wage"));
      add_attachments (self, decl, TRUE);
      if (!queue_declaration (self, decl, &self->base_draft_id, &error))
        {
          report (self, error->message, TRUE);
          return;
        }
      self->base_draft_id = 0;
      g_clear_object (&self->base_decl);
      self->base_decl = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
      forget_attachments (self, TRUE);
      update_base (self, TRUE);
      report (self,
              uploaded ? _("The contribution-base declaration is in the outbox.")
                       : _("The contribution-base declaration is in the outbox. Its materials "
                           "are not at the hall yet: they are uploaded with the declaration "
                           "when it is sent."),
              FALSE);
      return;
    }
  save_drafts (self);
  decl = build_key (self);
  if (!queue_declaration (self, decl, &self->key_draft_id, &error))
    {
      report (self, error->message, TRUE);
      return;
    }
  self->key_draft_id = 0;
  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (key_fields); i++)
    gtk_editable_set_text (GTK_EDITABLE (child (self, "key", key_fields[i].field, "")), "");
  self->updating = FALSE;
  forget_attachments (self, FALSE);
  update_state (self);
  report (self,
          uploaded ? _("The key information change is in the outbox; the hall audits it.")
                   : _("The key information change is in the outbox. Its material is not at "
                       "the hall yet: it is uploaded with the change when the change is sent."),
          FALSE);
}

static void
on_key_uploaded_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (source);
  g_autoptr(GError) error = NULL;
  const char *which = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (upload_can_wait (error))
        {
          g_debug ("Queueing with local materials: %s", error->message);
          queue_with_materials (self, which, FALSE);
          return;
        }
      message = g_strdup_printf (_("The material could not be uploaded, nothing was sent: %s"),
                                 error->message);
      report (self, message, TRUE);
      return;
    }
  queue_with_materials (self, which, TRUE);
}

/* Uploads the materials not at the hall yet, then queues. Offline, or when the hall cannot be
 * reached, it queues them by their local number and the sync engine uploads them later. */
static void
submit_with_materials (YbMaintenancePage *self,
                       const char        *which)
{
  g_autoptr(GTask) task = NULL;
  gboolean pending = FALSE;

  for (guint i = 0; i < self->attachments->len; i++)
    {
      Attachment *a = g_ptr_array_index (self->attachments, i);

      if (a->hall_id == NULL && g_str_equal (a->kind, "supporting_document")
                                  == g_str_equal (which, "key"))
        pending = TRUE;
    }
  if (pending && get_client (self) == NULL)
    {
      queue_with_materials (self, which, FALSE);
      return;
    }
  task = g_task_new (self, self->cancellable, on_key_uploaded_cb, NULL);
  g_task_set_task_data (task, g_strdup (which), g_free);
  upload_next (self, task);
}

static void
submit_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  submit_with_materials (YB_MAINTENANCE_PAGE (widget), "key");
}

/* Insured people */

static void
on_person_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
on_person_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   YbMaintenancePage        *self)
{
  YbRosterPerson *person = gtk_list_item_get_item (item);
  YbWorkspace *workspace = get_workspace (self);
  g_autofree char *id = workspace != NULL
                          ? yb_workspace_display_id_number (workspace,
                                                            yb_roster_person_get_id_number (person))
                          : yb_roster_person_dup_masked_id_number (person);
  g_autofree char *text = g_strdup_printf ("%s  ·  %s  ·  %s", yb_roster_person_get_name (person),
                                           id, yb_roster_person_get_person_no (person));

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
set_person_model (YbMaintenancePage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->person_search));
  g_autoptr(YbRosterModel) model = NULL;

  if (workspace == NULL)
    return;
  /* A new model per query (PERFORMANCE.md): items-changed on a large list is slow. */
  model = yb_roster_model_new (yb_workspace_get_store (workspace), query, YB_ROSTER_SORT_NAME);
  gtk_single_selection_set_model (self->person_selection, G_LIST_MODEL (model));
}

static void
show_person (YbMaintenancePage *self)
{
  g_autofree char *title = NULL;

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      g_free (self->person_original[i]);
      self->person_original[i] = g_strdup (person_string (self->person, person_fields[i].group,
                                                          person_fields[i].member));
      gtk_editable_set_text (GTK_EDITABLE (child (self, "person", person_fields[i].field, "")),
                             self->person_original[i] ?: "");
    }
  select_code (self->person_hukou_type, self->hukou_codes,
               person_string (self->person, "basic", "hukou_type"));
  self->updating = FALSE;
  if (self->person != NULL)
    {
      YbWorkspace *workspace = get_workspace (self);
      g_autofree char *id = yb_workspace_display_id_number (
        workspace, person_string (self->person, "basic", "id_number"));

      title = g_strdup_printf (_("%s, ID %s, personal number %s"),
                               person_string (self->person, "basic", "name"), id,
                               person_string (self->person, "", "person_no"));
    }
  gtk_label_set_label (self->person_label, title != NULL ? title : _("No person chosen."));
  gtk_widget_set_sensitive (gtk_widget_get_parent (GTK_WIDGET (self->person_hukou_type)),
                            self->person != NULL);
  update_state (self);
}

static void
on_person_detail_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YbMaintenancePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) detail = NULL;

  detail = yb_hall_client_get_person_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  end_busy (self);
  if (detail != NULL && self->person != NULL
      && g_strcmp0 (json_object_get_string_member_with_default (detail, "person_no", ""),
                    person_string (self->person, "", "person_no")) == 0)
    {
      g_clear_pointer (&self->person, json_object_unref);
      self->person = g_steal_pointer (&detail);
      show_person (self);
    }
  else if (detail == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Showing the saved roster: the hall's "
                                                    "details could not be fetched (%s)."),
                                                  error->message);
      set_label (self->person_hint, message);
    }
}

static void
on_person_selected_cb (GtkSingleSelection *selection,
                       GParamSpec         *pspec,
                       YbMaintenancePage  *self)
{
  YbRosterPerson *person = gtk_single_selection_get_selected_item (selection);
  YbWorkspace *workspace = get_workspace (self);
  YbHallClient *client = get_client (self);

  if (person == NULL || workspace == NULL)
    return;
  save_drafts (self);
  self->person_draft_id = 0;
  g_clear_pointer (&self->person, json_object_unref);
  self->person = yb_store_roster_get (yb_workspace_get_store (workspace),
                                      yb_roster_person_get_person_no (person));
  show_person (self);
  if (client != NULL && self->person != NULL)
    {
      begin_busy (self);
      yb_hall_client_get_person_async (client, yb_workspace_get_unit_no (workspace),
                                       yb_roster_person_get_person_no (person),
                                       self->cancellable, on_person_detail_cb,
                                       g_object_ref (self));
    }
}

static void
submit_person_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (widget);
  g_autoptr(YbDeclaration) decl = NULL;
  g_autoptr(GError) error = NULL;

  save_drafts (self);
  decl = build_person (self);
  if (!queue_declaration (self, decl, &self->person_draft_id, &error))
    {
      report (self, error->message, TRUE);
      return;
    }
  self->person_draft_id = 0;
  /* What was declared is what the form now starts from. */
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      g_free (self->person_original[i]);
      self->person_original[i] = g_strdup (entry_text (self, "person", person_fields[i].field));
    }
  if (yb_declaration_get_string (decl, "hukou_type") != NULL && self->person != NULL)
    {
      JsonObject *basic = json_object_has_member (self->person, "basic")
                            ? json_object_get_object_member (self->person, "basic")
                            : self->person;

      json_object_set_string_member (basic, "hukou_type",
                                     yb_declaration_get_string (decl, "hukou_type"));
    }
  update_state (self);
  report (self, _("The person change is in the outbox; the hall audits it."), FALSE);
}

static GtkWidget *
create_progress_row (gpointer item,
                     gpointer user_data)
{
  YbStoreDeclaration *decl = item;
  YbMaintenancePage *self = user_data;
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *who = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  g_autoptr(YbDeclaration) parsed = NULL;
  g_autofree char *id = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) what = g_string_new (NULL);
  const char *fields = yb_store_declaration_get_fields (decl);

  parsed = yb_declaration_new_from_data (fields, -1, NULL);
  if (parsed != NULL)
    {
      g_auto(GStrv) keys = yb_declaration_list_fields (parsed);

      for (guint i = 0; keys[i] != NULL; i++)
        if (!g_str_equal (keys[i], "person_no") && !g_str_equal (keys[i], "id_number")
            && !g_str_equal (keys[i], "name"))
          g_string_append_printf (what, "%s%s", what->len > 0 ? ", " : "",
                                  yb_declaration_field_get_label (keys[i]));
    }
  id = yb_workspace_display_id_number (get_workspace (self),
                                       yb_store_declaration_get_person_id_number (decl));
  text = g_strdup_printf ("%s (%s): %s", yb_store_declaration_get_person_name (decl) ?: "—", id,
                          what->str);
  gtk_label_set_label (GTK_LABEL (who), text);
  gtk_label_set_xalign (GTK_LABEL (who), 0);
  gtk_label_set_ellipsize (GTK_LABEL (who), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (who, TRUE);
  switch (yb_store_declaration_get_state (decl))
    {
    case YB_DECLARATION_DRAFT:
      gtk_label_set_label (GTK_LABEL (state), _("Draft"));
      break;
    case YB_DECLARATION_QUEUED:
    case YB_DECLARATION_SENDING:
    case YB_DECLARATION_SEND_ERROR:
      gtk_label_set_label (GTK_LABEL (state), _("Waiting to be sent"));
      break;
    case YB_DECLARATION_SUBMITTED:
      gtk_label_set_label (GTK_LABEL (state), _("Pending audit"));
      break;
    case YB_DECLARATION_APPROVED:
      gtk_label_set_label (GTK_LABEL (state), _("Approved"));
      gtk_widget_add_css_class (state, "success");
      break;
    case YB_DECLARATION_REJECTED:
      gtk_label_set_label (GTK_LABEL (state), _("Rejected"));
      gtk_widget_add_css_class (state, "error");
      if (yb_store_declaration_get_reject_reason (decl) != NULL)
        gtk_widget_set_tooltip_text (state, yb_store_declaration_get_reject_reason (decl));
      break;
    case YB_DECLARATION_WITHDRAWN:
      gtk_label_set_label (GTK_LABEL (state), _("Withdrawn"));
      break;
    default:
      break;
    }
  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_margin_start (row, 12);
  gtk_widget_set_margin_end (row, 12);
  gtk_box_append (GTK_BOX (row), who);
  gtk_box_append (GTK_BOX (row), state);
  return row;
}

static gboolean
is_person_change (gpointer item,
                  gpointer user_data)
{
  return g_strcmp0 (yb_store_declaration_get_kind (item), "person_change") == 0;
}

static void
show_progress (YbMaintenancePage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(GtkFilterListModel) filtered = NULL;
  GListModel *all;

  if (workspace == NULL)
    return;
  all = yb_store_declaration_list (yb_workspace_get_store (workspace), ~0u);
  filtered = gtk_filter_list_model_new (all, GTK_FILTER (gtk_custom_filter_new (is_person_change,
                                                                                NULL, NULL)));
  gtk_list_box_bind_model (self->progress_list, G_LIST_MODEL (filtered), create_progress_row,
                           self, NULL);
}

/* Contribution-base declaration */

static void
save_base_draft (YbMaintenancePage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  YbStore *store;

  if (workspace == NULL)
    return;
  store = yb_workspace_get_store (workspace);
  data = yb_declaration_to_data (self->base_decl, NULL);
  g_signal_handler_block (store, self->store_changed_id);
  if (self->base_draft_id == 0)
    self->base_draft_id = yb_store_declaration_create (store, "base_declaration", data, &error);
  else if (!yb_store_declaration_update (store, self->base_draft_id, data, &error))
    self->base_draft_id = 0;
  g_signal_handler_unblock (store, self->store_changed_id);
  if (error != NULL)
    report (self, error->message, TRUE);
}

static void
on_base_wage_changed_cb (GtkEditable       *editable,
                         YbMaintenancePage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (editable), "yb-index"));

  if (self->updating || index >= yb_declaration_get_n_items (self->base_decl))
    return;
  yb_declaration_set_item_string (self->base_decl, index, "avg_wage",
                                  gtk_editable_get_text (editable));
  save_base_draft (self);
  update_base (self, FALSE);
}

static GtkWidget *
base_row (YbMaintenancePage *self,
          guint              index)
{
  YbWorkspace *workspace = get_workspace (self);
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *name = gtk_label_new (yb_declaration_get_item_string (self->base_decl, index,
                                                                   "name"));
  g_autofree char *id = yb_workspace_display_id_number (
    workspace, yb_declaration_get_item_string (self->base_decl, index, "id_number"));
  GtkWidget *id_label = gtk_label_new (id);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *base = gtk_label_new (NULL);
  GtkWidget *error = gtk_label_new (NULL);
  g_autofree char *entry_name = g_strdup_printf ("base-wage-%u", index);
  g_autofree char *base_name = g_strdup_printf ("base-base-%u", index);
  g_autofree char *error_name = g_strdup_printf ("base-error-%u", index);

  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_widget_set_margin_top (grid, 6);
  gtk_widget_set_margin_bottom (grid, 6);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_width_chars (GTK_LABEL (name), 8);
  gtk_label_set_xalign (GTK_LABEL (id_label), 0);
  gtk_widget_add_css_class (id_label, "dim-label");
  gtk_widget_set_hexpand (id_label, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry),
                         yb_declaration_get_item_string (self->base_decl, index, "avg_wage") ?: "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Average monthly wage"));
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 12);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_set_name (entry, entry_name);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  name, NULL, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Previous year's average monthly wage in yuan"), -1);
  g_object_set_data (G_OBJECT (entry), "yb-index", GUINT_TO_POINTER (index));
  g_signal_connect (entry, "changed", G_CALLBACK (on_base_wage_changed_cb), self);
  gtk_label_set_xalign (GTK_LABEL (base), 1);
  gtk_label_set_width_chars (GTK_LABEL (base), 22);
  gtk_widget_set_name (base, base_name);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_add_css_class (error, "caption");
  gtk_widget_set_name (error, error_name);
  gtk_widget_set_visible (error, FALSE);
  gtk_grid_attach (GTK_GRID (grid), name, 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), id_label, 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), entry, 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), base, 3, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), error, 0, 1, 4, 1);
  return grid;
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_widget_get_name (w), name) == 0)
        return w;
      if ((found = find_named (w, name)) != NULL)
        return found;
    }
  return NULL;
}

static void
update_base (YbMaintenancePage *self,
             gboolean           rebuild)
{
  YbWorkspace *workspace = get_workspace (self);
  YbMaintenanceContext context = { 0 };
  YbMaintenanceBaseState state;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(YbDeclaration) decl = NULL;
  guint n_items;

  if (workspace == NULL || self->base_decl == NULL)
    return;
  n_items = yb_declaration_get_n_items (self->base_decl);
  if (rebuild)
    {
      remove_all_rows (self->base_list);
      for (guint i = 0; i < n_items; i++)
        gtk_list_box_append (self->base_list, base_row (self, i));
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->base_year),
                             yb_declaration_get_string (self->base_decl, "year") ?: "");
      self->updating = FALSE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->base_list), n_items > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->base_empty), n_items == 0);

  now = yb_workspace_get_now (workspace);
  context.online = get_client (self) != NULL;
  context.busy = self->busy > 0;
  decl = yb_declaration_copy (self->base_decl);
  add_attachments (self, decl, TRUE);
  yb_maintenance_base_state_compute (&state, decl, yb_workspace_get_profile (workspace), now,
                                     &context);
  for (guint i = 0; i < n_items; i++)
    {
      YbMaintenanceBaseRow *row = &g_array_index (state.rows, YbMaintenanceBaseRow, i);
      g_autofree char *base_name = g_strdup_printf ("base-base-%u", i);
      g_autofree char *error_name = g_strdup_printf ("base-error-%u", i);
      GtkWidget *base = find_named (GTK_WIDGET (self->base_list), base_name);
      GtkWidget *error = find_named (GTK_WIDGET (self->base_list), error_name);
      g_autofree char *money = yb_format_money (row->base_cents);
      g_autofree char *text = NULL;

      if (base == NULL || error == NULL)
        continue;
      if (!row->valid)
        text = g_strdup ("—");
      else if (row->clamp == YB_MAINTENANCE_BASE_FLOOR)
        text = g_strdup_printf (_("Base %s (floor)"), money);
      else if (row->clamp == YB_MAINTENANCE_BASE_CEILING)
        text = g_strdup_printf (_("Base %s (ceiling)"), money);
      else
        text = g_strdup_printf (_("Base %s"), money);
      gtk_label_set_label (GTK_LABEL (base), text);
      set_label (GTK_LABEL (error), row->error);
    }
  set_label (self->base_notice, state.notice);
  set_label (self->base_error, n_items > 0 ? state.general_error : NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "maintenance.submit-base", state.can_submit);
  yb_maintenance_base_state_clear (&state);
}

static void
on_base_year_changed_cb (GtkEditable       *editable,
                         YbMaintenancePage *self)
{
  const char *text = gtk_editable_get_text (editable);

  if (self->updating || self->base_decl == NULL)
    return;
  yb_declaration_set_string (self->base_decl, "year", *text != '\0' ? text : NULL);
  if (yb_declaration_get_n_items (self->base_decl) > 0)
    save_base_draft (self);
  update_base (self, FALSE);
}

static void
base_fill_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (widget);
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(YbRosterModel) roster = NULL;
  g_autoptr(YbDeclaration) decl = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
  guint n;

  roster = yb_roster_model_new (yb_workspace_get_store (workspace), NULL, YB_ROSTER_SORT_NAME);
  n = g_list_model_get_n_items (G_LIST_MODEL (roster));
  yb_declaration_set_string (decl, "year", yb_declaration_get_string (self->base_decl, "year"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YbRosterPerson) person = g_list_model_get_item (G_LIST_MODEL (roster), i);
      const char *person_no = yb_roster_person_get_person_no (person);
      const char *wage = NULL;
      g_autofree char *old_wage = NULL;

      if (g_strcmp0 (yb_roster_person_get_status (person), "insured") != 0)
        continue;
      /* Keep what the clerk already typed for this person. */
      for (guint j = 0; j < yb_declaration_get_n_items (self->base_decl); j++)
        if (g_strcmp0 (yb_declaration_get_item_string (self->base_decl, j, "person_no"),
                       person_no) == 0)
          wage = yb_declaration_get_item_string (self->base_decl, j, "avg_wage");
      old_wage = g_strdup (wage);
      yb_declaration_add_item (decl, person_no, yb_roster_person_get_id_number (person),
                               yb_roster_person_get_name (person), old_wage);
    }
  g_set_object (&self->base_decl, decl);
  save_base_draft (self);
  update_base (self, TRUE);
}

static void
submit_base_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  submit_with_materials (YB_MAINTENANCE_PAGE (widget), "base");
}

/* The newest base-declaration draft, e.g. one the template import just wrote. */
static void
load_base_draft (YbMaintenancePage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(GListModel) drafts = NULL;
  gint64 best = 0;
  g_autoptr(YbDeclaration) decl = NULL;

  drafts = yb_store_declaration_list (yb_workspace_get_store (workspace),
                                      YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
    {
      g_autoptr(YbStoreDeclaration) item = g_list_model_get_item (drafts, i);

      if (g_strcmp0 (yb_store_declaration_get_kind (item), "base_declaration") == 0
          && yb_store_declaration_get_id (item) > best)
        {
          g_autoptr(YbDeclaration) parsed = NULL;

          parsed = yb_declaration_new_from_data (yb_store_declaration_get_fields (item), -1,
                                                 NULL);
          if (parsed == NULL)
            continue;
          best = yb_store_declaration_get_id (item);
          g_set_object (&decl, parsed);
        }
    }
  if (decl != NULL && best != self->base_draft_id)
    {
      g_autoptr(GDateTime) now = yb_workspace_get_now (workspace);

      self->base_draft_id = best;
      g_set_object (&self->base_decl, decl);
      if (yb_declaration_get_string (self->base_decl, "year") == NULL)
        {
          g_autofree char *year = g_strdup_printf ("%d", g_date_time_get_year (now));

          yb_declaration_set_string (self->base_decl, "year", year);
        }
      update_base (self, TRUE);
    }
}

static void
fill_base_material_buttons (YbMaintenancePage *self)
{
  YbWorkspace *workspace = get_workspace (self);
  const char * const *needed = yb_region_profile_get_required_materials (
    yb_workspace_get_profile (workspace), "base_declaration");
  GtkWidget *w;

  while ((w = gtk_widget_get_first_child (GTK_WIDGET (self->base_material_buttons))) != NULL)
    gtk_box_remove (self->base_material_buttons, w);
  for (guint i = 0; needed != NULL && needed[i] != NULL; i++)
    {
      const char * const *types = material_types (self, needed[i]);
      g_autofree char *text = NULL;
      GtkWidget *button;

      /* 材料2 is the template the page exported, filled in and saved as it was. */
      if (types != NULL && g_strv_contains (types, "xlsx"))
        text = g_strdup_printf (_("Attach the Template You Filled (%s)…"),
                                material_title (needed[i]));
      else
        text = g_strdup_printf (_("Add %s…"), material_title (needed[i]));
      button = gtk_button_new_with_label (text);
      gtk_widget_set_name (button, needed[i]);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "maintenance.add-material");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", needed[i]);
      gtk_box_append (self->base_material_buttons, button);
    }
  if (needed == NULL || needed[0] == NULL)
    {
      GtkWidget *label = gtk_label_new (_("This region asks for no material with the "
                                          "declaration."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (self->base_material_buttons, label);
    }
}

/* Workspace */

static void
on_store_changed_cb (YbStore           *store,
                     const char        *table,
                     YbMaintenancePage *self)
{
  if (g_strcmp0 (table, "declarations") == 0)
    {
      show_progress (self);
      load_base_draft (self);
    }
  else if (g_strcmp0 (table, "roster") == 0)
    set_person_model (self);
}

static void
on_changed_cb (GtkEditable       *editable,
               YbMaintenancePage *self)
{
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (editable));

  if (self->updating)
    return;
  update_state (self);
  if (g_str_has_prefix (id, "key_"))
    schedule_save (self, TRUE);
  else if (g_str_has_prefix (id, "person_"))
    schedule_save (self, FALSE);
}

static void
on_bank_search_changed_cb (GtkEditable       *entry,
                           YbMaintenancePage *self)
{
  fill_bank_categories (self, selected_code (self->bank_category, self->bank_codes));
  update_state (self);
}

static void
on_dropdown_selected_cb (GtkDropDown       *dropdown,
                         GParamSpec        *pspec,
                         YbMaintenancePage *self)
{
  if (self->updating)
    return;
  if (dropdown == self->bank_category
      && *entry_text (self, "bank", "bank_name") == '\0')
    {
      GObject *item = gtk_drop_down_get_selected_item (dropdown);

      /* The bank name starts from the category; the clerk adds the branch. */
      if (GTK_IS_STRING_OBJECT (item))
        gtk_editable_set_text (GTK_EDITABLE (child (self, "bank", "bank_name", "")),
                               gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
    }
  update_state (self);
  if (dropdown == self->person_hukou_type)
    schedule_save (self, FALSE);
}

static void
on_person_search_changed_cb (GtkSearchEntry    *entry,
                             YbMaintenancePage *self)
{
  set_person_model (self);
}

static void
yb_maintenance_page_workspace_changed (YbSectionPage *page)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (page);
  YbWorkspace *workspace = get_workspace (self);
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *year = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->unit, json_object_unref);
  g_clear_pointer (&self->person, json_object_unref);
  g_clear_pointer (&self->refresh_error, g_free);
  g_ptr_array_set_size (self->attachments, 0);
  self->base_draft_id = 0;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->key_dirty = self->person_dirty = FALSE;
  self->key_draft_id = self->person_draft_id = 0;
  g_clear_object (&self->base_decl);
  if (workspace == NULL)
    {
      update_state (self);
      return;
    }

  self->store = g_object_ref (yb_workspace_get_store (workspace));
  self->store_changed_id = g_signal_connect (self->store, "changed",
                                             G_CALLBACK (on_store_changed_cb), self);
  self->unit = yb_store_unit_get (self->store, yb_workspace_get_unit_no (workspace),
                                  &self->unit_as_of);
  fill_code_dropdown (self, self->person_hukou_type, &self->hukou_codes, "hukou_type");
  now = yb_workspace_get_now (workspace);
  /* The declaration of a year's base uses the previous year's wages. */
  year = g_strdup_printf ("%d", g_date_time_get_year (now));
  self->base_decl = yb_declaration_new (YB_DECLARATION_BASE_DECLARATION);
  yb_declaration_set_string (self->base_decl, "year", year);
  fill_base_material_buttons (self);
  show_unit (self);
  show_person (self);
  set_person_model (self);
  show_progress (self);
  show_materials (self);
  update_base (self, TRUE);
  load_base_draft (self);
  refresh_unit (self);
}

/* GObject */

static void
yb_maintenance_page_unmap (GtkWidget *widget)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (widget);

  /* Switching sections and closing the window both unmap the page. */
  if (self->key_dirty || self->person_dirty)
    save_drafts (self);

  GTK_WIDGET_CLASS (yb_maintenance_page_parent_class)->unmap (widget);
}

static void
yb_maintenance_page_dispose (GObject *object)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (object);

  /* Nothing typed is lost when the window goes. */
  if (self->key_dirty || self->person_dirty)
    save_drafts (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->person_selection);
  g_clear_object (&self->base_decl);
  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_MAINTENANCE_PAGE);

  G_OBJECT_CLASS (yb_maintenance_page_parent_class)->dispose (object);
}

static void
yb_maintenance_page_finalize (GObject *object)
{
  YbMaintenancePage *self = YB_MAINTENANCE_PAGE (object);

  g_clear_pointer (&self->unit, json_object_unref);
  g_clear_pointer (&self->person, json_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->person_original); i++)
    g_free (self->person_original[i]);
  g_clear_pointer (&self->hall_errors, g_hash_table_unref);
  g_clear_pointer (&self->bank_codes, g_ptr_array_unref);
  g_clear_pointer (&self->hukou_codes, g_ptr_array_unref);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);
  g_free (self->refresh_error);
  g_free (self->status);

  G_OBJECT_CLASS (yb_maintenance_page_parent_class)->finalize (object);
}

static const char * const form_children[] = {
  "contact_contact_name", "contact_contact_phone", "contact_agent_name", "contact_agent_phone",
  "contact_email", "bank_bank_name", "bank_bank_account_name", "bank_bank_account",
  "key_unit_name", "key_legal_name", "key_legal_phone", "key_contact_address", "person_phone",
  "person_address", "person_postcode", "person_email",
};

static void
yb_maintenance_page_class_init (YbMaintenancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  YbSectionPageClass *page_class = YB_SECTION_PAGE_CLASS (klass);

  object_class->dispose = yb_maintenance_page_dispose;
  object_class->finalize = yb_maintenance_page_finalize;
  widget_class->unmap = yb_maintenance_page_unmap;
  page_class->workspace_changed = yb_maintenance_page_workspace_changed;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/maintenance/yb-maintenance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, stack);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, as_of_label);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, basic_grid);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, registration_grid);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, contact_hint);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, bank_search);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, bank_category);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, bank_hint);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, diff_grid);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, diff_empty);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, key_materials);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, key_material_error);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, key_error);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, key_hint);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, person_search);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, person_list);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, person_label);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, person_hukou_type);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, person_error);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, person_hint);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, progress_list);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_year);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_year_error);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_notice);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_list);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_empty);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_materials);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_material_error);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_material_buttons);
  gtk_widget_class_bind_template_child (widget_class, YbMaintenancePage, base_error);
  /* The form entries and their error labels are found by name (prefix_field[_error]). */
  for (guint i = 0; i < G_N_ELEMENTS (form_children); i++)
    {
      g_autofree char *error = g_strconcat (form_children[i], "_error", NULL);

      gtk_widget_class_bind_template_child_full (widget_class, form_children[i], FALSE, 0);
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (error), FALSE,
                                                 0);
    }
  gtk_widget_class_bind_template_child_full (widget_class, "bank_bank_category_error", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "person_hukou_type_error", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "maintenance.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "maintenance.save-contact", NULL,
                                   save_contact_action);
  gtk_widget_class_install_action (widget_class, "maintenance.save-bank", NULL,
                                   save_bank_action);
  gtk_widget_class_install_action (widget_class, "maintenance.add-material", "s",
                                   add_material_action);
  gtk_widget_class_install_action (widget_class, "maintenance.remove-material", "u",
                                   remove_material_action);
  gtk_widget_class_install_action (widget_class, "maintenance.submit-key-change", NULL,
                                   submit_key_action);
  gtk_widget_class_install_action (widget_class, "maintenance.submit-person", NULL,
                                   submit_person_action);
  gtk_widget_class_install_action (widget_class, "maintenance.base-fill", NULL,
                                   base_fill_action);
  gtk_widget_class_install_action (widget_class, "maintenance.submit-base", NULL,
                                   submit_base_action);
  gtk_widget_class_install_action (widget_class, "maintenance.show-page", "s", show_page_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "maintenance.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "maintenance.show-page", "s", "unit");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "maintenance.show-page", "s", "key");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "maintenance.show-page", "s", "people");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_4, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "maintenance.show-page", "s", "base");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK,
                                       "maintenance.add-material", "s", "supporting_document");
}

static void
connect_changed (YbMaintenancePage *self,
                 GtkWidget         *widget)
{
  g_signal_connect (widget, "changed", G_CALLBACK (on_changed_cb), self);
}

static void
yb_maintenance_page_init (YbMaintenancePage *self)
{
  GtkListItemFactory *factory;

  self->attachments = g_ptr_array_new_with_free_func (attachment_free);
  self->hall_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (form_children); i++)
    {
      GtkWidget *entry = GTK_WIDGET (gtk_widget_get_template_child (
        GTK_WIDGET (self), YB_TYPE_MAINTENANCE_PAGE, form_children[i]));

      connect_changed (self, entry);
      if (g_str_has_prefix (form_children[i], "key_")
          || g_str_has_prefix (form_children[i], "person_"))
        {
          GtkEventController *focus = gtk_event_controller_focus_new ();

          g_signal_connect (focus, "leave", G_CALLBACK (on_form_focus_leave_cb), self);
          gtk_widget_add_controller (entry, focus);
        }
    }
  g_signal_connect (self->bank_search, "changed", G_CALLBACK (on_bank_search_changed_cb),
                    self);
  g_signal_connect (self->bank_category, "notify::selected",
                    G_CALLBACK (on_dropdown_selected_cb), self);
  g_signal_connect (self->person_hukou_type, "notify::selected",
                    G_CALLBACK (on_dropdown_selected_cb), self);
  g_signal_connect (self->person_search, "search-changed",
                    G_CALLBACK (on_person_search_changed_cb), self);
  g_signal_connect (self->base_year, "changed", G_CALLBACK (on_base_year_changed_cb), self);

  self->person_selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->person_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->person_selection, TRUE);
  g_signal_connect (self->person_selection, "notify::selected-item",
                    G_CALLBACK (on_person_selected_cb), self);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_person_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_person_bind_cb), self);
  gtk_list_view_set_factory (self->person_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->person_list, GTK_SELECTION_MODEL (self->person_selection));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->person_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("People found"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->person_search),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Find a person"), -1);

  update_state (self);
}

/* Public API */

gboolean
yb_maintenance_page_get_busy (YbMaintenancePage *self)
{
  g_return_val_if_fail (YB_IS_MAINTENANCE_PAGE (self), FALSE);

  return self->busy > 0;
}

void
yb_maintenance_page_show (YbMaintenancePage *self,
                          const char        *sub_page)
{
  g_return_if_fail (YB_IS_MAINTENANCE_PAGE (self));

  if (gtk_stack_get_child_by_name (self->stack, sub_page) != NULL)
    gtk_stack_set_visible_child_name (self->stack, sub_page);
}

const char *
yb_maintenance_page_get_status (YbMaintenancePage *self)
{
  g_return_val_if_fail (YB_IS_MAINTENANCE_PAGE (self), NULL);

  return self->status;
}

/* Puts the key change of @decl into its form: the values and the materials that
 * are still on this machine. */
static void
load_key_draft (YbMaintenancePage *self,
                YbDeclaration     *decl)
{
  YbStore *store = yb_workspace_get_store (get_workspace (self));

  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (key_fields); i++)
    {
      const char *value = yb_declaration_get_string (decl, key_fields[i].field);

      gtk_editable_set_text (GTK_EDITABLE (child (self, "key", key_fields[i].field, "")),
                             value != NULL ? value : "");
    }
  self->updating = FALSE;
  forget_attachments (self, FALSE);
  for (guint i = 0; i < yb_declaration_get_n_materials (decl); i++)
    {
      const char *id = yb_declaration_get_material_id (decl, i);
      const char *name = yb_declaration_get_material_file_name (decl, i);
      g_autoptr(JsonObject) material = NULL;
      gint64 store_id = 0;
      Attachment *a;

      if (id == NULL || !g_str_has_prefix (id, "local:")
          || !g_ascii_string_to_signed (id + 6, 10, 1, G_MAXINT64, &store_id, NULL)
          || (material = yb_store_material_get (store, store_id)) == NULL)
        continue;
      a = g_new0 (Attachment, 1);
      a->kind = g_strdup (yb_declaration_get_material_kind (decl, i));
      a->store_id = store_id;
      a->path = g_strdup (json_object_get_string_member_with_default (material, "local_path",
                                                                      ""));
      a->name = name != NULL ? g_strdup (name) : g_path_get_basename (a->path);
      a->content_type = g_strdup (json_object_get_string_member_with_default (
        material, "content_type", "application/octet-stream"));
      a->size = json_object_get_int_member_with_default (material, "size", 0);
      if (json_object_has_member (material, "hall_material_id")
          && !json_object_get_null_member (material, "hall_material_id"))
        a->hall_id = g_strdup (json_object_get_string_member (material, "hall_material_id"));
      g_ptr_array_add (self->attachments, a);
    }
  show_materials (self);
}

/* Chooses the person of @decl and puts the changes into the person form. */
static void
load_person_draft (YbMaintenancePage *self,
                   YbDeclaration     *decl)
{
  YbStore *store = yb_workspace_get_store (get_workspace (self));
  const char *person_no = yb_declaration_get_string (decl, "person_no");
  JsonObject *person = person_no != NULL ? yb_store_roster_get (store, person_no) : NULL;

  if (person == NULL)
    {
      /* Gone from the roster cache: the draft still names the person. */
      person = json_object_new ();
      for (const char * const *m = (const char *[]) { "person_no", "id_number", "name", NULL };
           *m != NULL; m++)
        if (yb_declaration_get_string (decl, *m) != NULL)
          json_object_set_string_member (person, *m, yb_declaration_get_string (decl, *m));
    }
  g_clear_pointer (&self->person, json_object_unref);
  self->person = person;
  show_person (self);
  self->updating = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    {
      const char *value = yb_declaration_get_string (decl, person_fields[i].field);

      if (value != NULL)
        gtk_editable_set_text (GTK_EDITABLE (child (self, "person", person_fields[i].field, "")),
                               value);
    }
  if (yb_declaration_get_string (decl, "hukou_type") != NULL)
    select_code (self->person_hukou_type, self->hukou_codes,
                 yb_declaration_get_string (decl, "hukou_type"));
  self->updating = FALSE;
}

/**
 * yb_maintenance_page_edit_draft:
 * @self: the maintenance page
 * @local_id: the store's id of a key-information or person-change draft
 *
 * Saves what the forms hold and loads the draft @local_id into its form (key
 * information or insured person), showing that form. Later typing updates the
 * same draft and submitting queues it. Problems are reported as a toast.
 *
 * Returns: %TRUE when the draft was loaded
 */
gboolean
yb_maintenance_page_edit_draft (YbMaintenancePage *self,
                                gint64             local_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbStoreDeclaration) row = NULL;
  g_autoptr(YbDeclaration) decl = NULL;
  YbWorkspace *workspace;
  YbDeclarationKind kind;

  g_return_val_if_fail (YB_IS_MAINTENANCE_PAGE (self), FALSE);

  workspace = get_workspace (self);
  if (workspace == NULL || !save_drafts (self))
    return FALSE;
  row = yb_store_declaration_get (yb_workspace_get_store (workspace), local_id, &error);
  if (row != NULL)
    decl = yb_declaration_new_from_data (yb_store_declaration_get_fields (row), -1, &error);
  if (decl == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The draft could not be opened: %s"),
                                               error->message);

      report (self, text, TRUE);
      return FALSE;
    }
  kind = yb_declaration_get_kind (decl);
  if (kind != YB_DECLARATION_UNIT_KEY_CHANGE && kind != YB_DECLARATION_PERSON_CHANGE)
    {
      report (self, _("This draft is not a key information or person change."), TRUE);
      return FALSE;
    }
  if (yb_store_declaration_get_state (row) != YB_DECLARATION_DRAFT)
    {
      report (self, _("Only drafts can be edited. Make a draft copy of it first."), TRUE);
      return FALSE;
    }

  if (kind == YB_DECLARATION_UNIT_KEY_CHANGE)
    {
      load_key_draft (self, decl);
      self->key_draft_id = local_id;
      self->key_dirty = FALSE;
      yb_maintenance_page_show (self, "key");
    }
  else
    {
      load_person_draft (self, decl);
      self->person_draft_id = local_id;
      self->person_dirty = FALSE;
      yb_maintenance_page_show (self, "people");
    }
  update_state (self);
  return TRUE;
}

/**
 * yb_maintenance_page_get_draft_id:
 * @self: the maintenance page
 * @form: "key" or "people"
 *
 * Returns: the store's id of the draft the form writes to, or 0 before the
 *   first save
 */
gint64
yb_maintenance_page_get_draft_id (YbMaintenancePage *self,
                                  const char        *form)
{
  g_return_val_if_fail (YB_IS_MAINTENANCE_PAGE (self), 0);

  return g_strcmp0 (form, "key") == 0 ? self->key_draft_id : self->person_draft_id;
}
