/* yb-enrolment-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbEnrolmentPage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-declaration.h"
#include "yb-enrolment-form-state.h"
#include "yb-enrolment-page.h"
#include "yb-field-checks.h"
#include "yb-id-number.h"
#include "yb-rules.h"
#include "yb-store-declaration.h"
#include "yb-window.h"
#include "yb-workspace.h"

/*
 * The "enrolment" section: one form for 人员新增 and 人员续保 (BR-11 to BR-19).
 *
 * The form edits a draft held in the store (DESIGN.md: nothing the clerk typed
 * is held only in memory). The first edit creates the draft row; later edits
 * are written 400 ms after the last keystroke, and at once when a field is
 * left, the section is switched away from or the window closes. Every change
 * runs the rule check; YbEnrolmentFormState turns draft plus findings into
 * what the form shows (messages under left fields, required marks, the
 * allowed months, the derived base) and which actions are enabled.
 */

#define SAVE_DELAY_MS 400

/* Approved declarations looked through for a person insured here before. */
#define MAX_HISTORY_SCAN 5000

typedef struct
{
  const char *key;
  const char *list;
  const char *row_id;
} FieldSpec;

/* Same order as yb_enrolment_form_state_get_fields(). */
static const FieldSpec field_specs[] = {
  { "id_type", "id_type", "id_type_row" },
  { "id_number", NULL, "id_number_row" },
  { "name", NULL, "name_row" },
  { "sex", "sex", "sex_row" },
  { "birth_date", NULL, "birth_date_row" },
  { "ethnicity", "ethnicity", "ethnicity_row" },
  { "education", "education", "education_row" },
  { "hukou_type", "hukou_type", "hukou_type_row" },
  { "start_month", NULL, "start_month_row" },
  { "reason", "enrol_reason", "reason_row" },
  { "employment_form", "employment_form", "employment_form_row" },
  { "work_start_date", NULL, "work_start_date_row" },
  { "wage", NULL, "wage_row" },
  { "phone", NULL, "phone_row" },
  { "address", NULL, "address_row" },
  { "postcode", NULL, "postcode_row" },
  { "email", NULL, "email_row" },
  { "contract_start", NULL, "contract_start_row" },
  { "contract_end", NULL, "contract_end_row" },
  { "job_type", "job_type", "job_type_row" },
  { "agent_name", NULL, "agent_name_row" },
  { "agent_phone", NULL, "agent_phone_row" },
};

#define N_FIELDS G_N_ELEMENTS (field_specs)

/* Hints shown as the entry's placeholder-like subtitle in the title. */
static const struct
{
  const char *key;
  const char *format;
} field_formats[] = {
  { "birth_date", N_("YYYY-MM-DD") },
  { "work_start_date", N_("YYYY-MM-DD") },
  { "contract_start", N_("YYYY-MM-DD") },
  { "contract_end", N_("YYYY-MM-DD") },
  { "start_month", N_("YYYYMM") },
  { "wage", N_("yuan") },
};

typedef struct
{
  const FieldSpec *spec;
  GtkWidget *row;
  GtkWidget *message_row;
  GtkLabel *message_label;
  GPtrArray *codes;
} FieldUi;

struct _YbEnrolmentPage
{
  YbSectionPage parent_instance;

  GtkWidget *rows[N_FIELDS];
  GtkLabel *draft_label;
  GtkInfoBar *resume_bar;
  GtkLabel *resume_label;
  GtkWidget *resume_button;
  GtkInfoBar *window_bar;
  GtkLabel *window_label;
  GtkInfoBar *general_bar;
  GtkLabel *general_label;
  GtkMenuButton *month_button;
  AdwActionRow *month_range_row;
  AdwActionRow *base_row;
  AdwPreferencesPage *form_page;

  FieldUi fields[N_FIELDS];

  YbWorkspace *workspace;
  YbDeclaration *decl;
  gint64 draft_id;
  gboolean dirty;
  guint save_source;
  guint loading;

  GHashTable *left_fields;
  GPtrArray *hall_findings;
  gboolean show_all;
  YbEnrolmentFormState *state;

  char *checked_id_number;
  char *history_text;
  gboolean suggest_resume;

  YbMonth menu_first;
  YbMonth menu_last;

  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (YbEnrolmentPage, yb_enrolment_page, YB_TYPE_SECTION_PAGE)

enum
{
  PROP_0,
  PROP_KIND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (YbEnrolmentPage *self);

/* Helpers */

static YbStore *
get_store (YbEnrolmentPage *self)
{
  return self->workspace != NULL ? yb_workspace_get_store (self->workspace) : NULL;
}

static YbRegionProfile *
get_profile (YbEnrolmentPage *self)
{
  return self->workspace != NULL ? yb_workspace_get_profile (self->workspace) : NULL;
}

static FieldUi *
find_field (YbEnrolmentPage *self,
            const char      *key)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (g_str_equal (self->fields[i].spec->key, key))
      return &self->fields[i];
  return NULL;
}

static const char *
field_format (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_formats); i++)
    if (g_str_equal (field_formats[i].key, key))
      return _(field_formats[i].format);
  return NULL;
}

static void
show_toast (YbEnrolmentPage *self,
            const char      *text)
{
  if (!yb_section_page_show_toast (YB_SECTION_PAGE (self), text, 5))
    g_message ("%s", text);
}

static char *
findings_to_json (GPtrArray *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, yb_finding_is_error (finding) ? "error"
                                                                            : "warning");
      json_builder_set_member_name (builder, "field");
      if (finding->field != NULL)
        json_builder_add_string_value (builder, finding->field);
      else
        json_builder_add_null_value (builder);
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

static char *
fields_to_json (YbDeclaration *decl)
{
  g_autoptr(JsonNode) node = yb_declaration_to_json (decl);
  JsonNode *fields = json_object_get_member (json_node_get_object (node), "fields");

  return fields != NULL ? json_to_string (fields, FALSE) : g_strdup ("{}");
}

/* Store */

static void
update_draft_label (YbEnrolmentPage *self)
{
  g_autofree char *text = NULL;

  if (self->draft_id == 0)
    text = g_strdup (self->dirty ? _("Not saved yet") : _("Empty form"));
  else if (self->dirty)
    text = g_strdup (_("Saving…"));
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *time = g_date_time_format (now, "%H:%M");

      /* Translators: %s is the time of day the draft was last saved, e.g. 15:18 */
      text = g_strdup_printf (_("Draft saved at %s"), time);
    }
  gtk_label_set_label (self->draft_label, text);
}

static gboolean
write_draft (YbEnrolmentPage  *self,
             GError          **error)
{
  YbStore *store = get_store (self);
  g_autofree char *fields = NULL;
  g_autofree char *findings = NULL;
  g_autoptr(GError) local_error = NULL;

  if (store == NULL)
    return TRUE;

  fields = fields_to_json (self->decl);
  if (self->draft_id != 0 &&
      !yb_store_declaration_update (store, self->draft_id, fields, &local_error))
    {
      /* Queued or deleted from the outbox meanwhile: what was typed since goes
       * into a new draft rather than being lost. */
      if (!g_error_matches (local_error, YB_STORE_ERROR, YB_STORE_ERROR_FROZEN) &&
          !g_error_matches (local_error, YB_STORE_ERROR, YB_STORE_ERROR_NOT_FOUND) &&
          !g_error_matches (local_error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      self->draft_id = 0;
    }

  if (self->draft_id == 0)
    {
      gint64 id = yb_store_declaration_create (
        store, yb_declaration_kind_to_string (yb_declaration_get_kind (self->decl)), fields,
        error);

      if (id == 0)
        return FALSE;
      self->draft_id = id;
    }

  if (self->state != NULL)
    {
      findings = findings_to_json (self->state->findings);
      if (!yb_store_declaration_set_findings (store, self->draft_id, findings, error))
        return FALSE;
    }

  self->dirty = FALSE;
  return TRUE;
}

static gboolean
save_now (YbEnrolmentPage *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (!self->dirty)
    return TRUE;

  if (!write_draft (self, &error))
    {
      g_autofree char *text = NULL;

      /* Translators: %s is the store's reason */
      text = g_strdup_printf (_("The draft could not be saved: %s"), error->message);
      show_toast (self, text);
      update_draft_label (self);
      return FALSE;
    }

  update_draft_label (self);
  return TRUE;
}

static gboolean
on_save_timeout_cb (gpointer user_data)
{
  YbEnrolmentPage *self = user_data;

  self->save_source = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
mark_dirty (YbEnrolmentPage *self)
{
  self->dirty = TRUE;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, on_save_timeout_cb, self);
  update_draft_label (self);
}

/* Widgets from the declaration */

static void
fill_combo (YbEnrolmentPage *self,
            FieldUi         *field)
{
  YbRegionProfile *profile = get_profile (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GPtrArray *entries = profile != NULL
                       ? yb_region_profile_get_code_list (profile, field->spec->list) : NULL;

  g_clear_pointer (&field->codes, g_ptr_array_unref);
  field->codes = g_ptr_array_new_with_free_func (g_free);

  /* A code list has no empty entry; "not chosen" is the form's own. */
  gtk_string_list_append (labels, _("Not chosen"));
  g_ptr_array_add (field->codes, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const YbCodeEntry *entry = g_ptr_array_index (entries, i);

      gtk_string_list_append (labels, yb_code_entry_get_label (entry));
      g_ptr_array_add (field->codes, g_strdup (entry->code));
    }

  self->loading++;
  adw_combo_row_set_model (ADW_COMBO_ROW (field->row), G_LIST_MODEL (labels));
  self->loading--;
}

static void
show_field_value (YbEnrolmentPage *self,
                  FieldUi         *field)
{
  const char *value = yb_declaration_get_string (self->decl, field->spec->key);

  self->loading++;
  if (field->spec->list != NULL)
    {
      guint selected = 0;

      for (guint i = 1; field->codes != NULL && i < field->codes->len; i++)
        if (g_strcmp0 (g_ptr_array_index (field->codes, i), value) == 0)
          selected = i;
      adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), selected);
    }
  else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (field->row)),
                      value != NULL ? value : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (field->row), value != NULL ? value : "");
  self->loading--;
}

static void
show_all_values (YbEnrolmentPage *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    show_field_value (self, &self->fields[i]);
}

/* 续保 suggestion: the person had insurance with this unit before (BR-13). */

static const char *
roster_status (JsonObject *person)
{
  JsonNode *node = json_object_get_member (person, "status");

  if (node == NULL && json_object_has_member (person, "insurance"))
    {
      JsonNode *insurance = json_object_get_member (person, "insurance");

      if (JSON_NODE_HOLDS_OBJECT (insurance))
        node = json_object_get_member (json_node_get_object (insurance), "status");
    }
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
declared_before (YbStore    *store,
                 const char *id_number)
{
  g_autoptr(GListModel) approved = NULL;
  guint n;

  approved = yb_store_declaration_list (store, YB_DECLARATION_MASK (YB_DECLARATION_APPROVED));
  n = MIN (g_list_model_get_n_items (approved), MAX_HISTORY_SCAN);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YbStoreDeclaration) item = g_list_model_get_item (approved, i);
      const char *kind = yb_store_declaration_get_kind (item);

      if (g_strcmp0 (yb_store_declaration_get_person_id_number (item), id_number) == 0 &&
          (g_str_has_prefix (kind, "enrol_") || g_str_equal (kind, "reduce")))
        return TRUE;
    }
  return FALSE;
}

static void
check_history (YbEnrolmentPage *self,
               const char      *id_number)
{
  YbStore *store = get_store (self);
  g_autoptr(JsonObject) person = NULL;
  const char *status;

  if (g_strcmp0 (self->checked_id_number, id_number) == 0)
    return;

  g_free (self->checked_id_number);
  self->checked_id_number = g_strdup (id_number);
  g_clear_pointer (&self->history_text, g_free);
  self->suggest_resume = FALSE;

  if (id_number == NULL || store == NULL)
    return;

  person = yb_store_roster_find_by_id_number (store, id_number);
  status = person != NULL ? roster_status (person) : NULL;
  if (person != NULL && g_strcmp0 (status, "stopped") != 0)
    {
      self->history_text = g_strdup (_("This person is insured with this unit now. Check the "
                                       "roster before enrolling them again."));
      return;
    }

  if (person != NULL || declared_before (store, id_number))
    {
      self->suggest_resume = TRUE;
      self->history_text = g_strdup (_("This person was insured here before. Use a resumed "
                                       "enrolment (续保) instead of a new one?"));
    }
}

/* Fills birth date and sex from a valid ID number (BR-55). */
static void
derive_from_id_number (YbEnrolmentPage *self)
{
  const char *text = yb_declaration_get_string (self->decl, "id_number");
  const char *id_type = yb_declaration_get_string (self->decl, "id_type");
  YbRegionProfile *profile = get_profile (self);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(YbFinding) finding = NULL;
  g_autofree char *birth = NULL;
  YbIdInfo info;

  if (profile != NULL && id_type != NULL)
    {
      const YbCodeEntry *entry = yb_region_profile_lookup (profile, "id_type", id_type);

      if (entry == NULL || g_strcmp0 (entry->format, "gb11643") != 0)
        {
          check_history (self, NULL);
          return;
        }
    }

  if (text == NULL)
    {
      check_history (self, NULL);
      return;
    }

  now = yb_workspace_get_now (self->workspace);
  finding = yb_id_number_check (text, now, "id_number", &info);
  if (finding != NULL && yb_finding_is_error (finding))
    {
      check_history (self, NULL);
      return;
    }

  birth = g_strdup_printf ("%04d-%02d-%02d", info.birth_year, info.birth_month, info.birth_day);
  yb_declaration_set_string (self->decl, "birth_date", birth);
  if (info.sex != YB_SEX_UNKNOWN)
    yb_declaration_set_string (self->decl, "sex", yb_sex_to_code (info.sex));
  show_field_value (self, find_field (self, "birth_date"));
  show_field_value (self, find_field (self, "sex"));

  check_history (self, info.number);
}

/* Editing */

static void
drop_hall_findings (YbEnrolmentPage *self,
                    const char      *key)
{
  if (self->hall_findings == NULL)
    return;

  for (guint i = self->hall_findings->len; i > 0; i--)
    {
      YbFinding *finding = g_ptr_array_index (self->hall_findings, i - 1);

      if (g_strcmp0 (finding->field, key) == 0)
        g_ptr_array_remove_index (self->hall_findings, i - 1);
    }
}

static void
set_field (YbEnrolmentPage *self,
           const char      *key,
           const char      *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (yb_declaration_get_string (self->decl, key), value) == 0)
    return;

  yb_declaration_set_string (self->decl, key, value);
  drop_hall_findings (self, key);
  if (g_str_equal (key, "id_number") || g_str_equal (key, "id_type"))
    derive_from_id_number (self);
  mark_dirty (self);
  refresh (self);
}

static void
on_entry_changed_cb (GtkEditable     *editable,
                     YbEnrolmentPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (editable), "yb-field");

  if (self->loading > 0)
    return;
  set_field (self, key, gtk_editable_get_text (editable));
}

static void
on_combo_selected_cb (AdwComboRow     *row,
                      GParamSpec      *pspec,
                      YbEnrolmentPage *self)
{
  FieldUi *field = find_field (self, g_object_get_data (G_OBJECT (row), "yb-field"));
  guint selected = adw_combo_row_get_selected (row);

  if (self->loading > 0 || field->codes == NULL)
    return;

  /* Choosing is leaving: the choice is complete, so its finding may show. */
  g_hash_table_add (self->left_fields, (gpointer) field->spec->key);
  set_field (self, field->spec->key,
             selected < field->codes->len ? g_ptr_array_index (field->codes, selected) : NULL);
  refresh (self);
}

static void
on_row_focus_leave_cb (GtkEventControllerFocus *controller,
                       YbEnrolmentPage         *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const char *key = g_object_get_data (G_OBJECT (row), "yb-field");

  g_hash_table_add (self->left_fields, (gpointer) key);
  save_now (self);
  refresh (self);
}

/* Showing the state */

static void
set_row_title (YbEnrolmentPage *self,
               FieldUi         *field)
{
  const char *label = yb_declaration_field_get_label (field->spec->key);
  const char *format = field_format (field->spec->key);
  gboolean required = yb_enrolment_form_state_is_required (self->state, field->spec->key);
  g_autofree char *title = NULL;

  /* The halls mark required fields with a star (BR-11, BR-51). */
  if (format != NULL)
    /* Translators: a form field's title and the format it takes, "Date of birth (YYYY-MM-DD)" */
    title = g_strdup_printf (_("%s (%s)"), label, format);
  else
    title = g_strdup (label);
  if (required)
    {
      char *starred = g_strconcat (title, " *", NULL);

      g_free (title);
      title = starred;
    }

  if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (field->row)), title) != 0)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                      GTK_ACCESSIBLE_PROPERTY_REQUIRED, required,
                                      -1);
      if (GTK_IS_EDITABLE (field->row) && gtk_editable_get_delegate (GTK_EDITABLE (field->row)))
        gtk_accessible_update_property (
          GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (field->row))),
          GTK_ACCESSIBLE_PROPERTY_LABEL, title,
          GTK_ACCESSIBLE_PROPERTY_REQUIRED, required,
          -1);
    }
}

static void
show_field_state (YbEnrolmentPage *self,
                  FieldUi         *field)
{
  const YbFinding *shown = yb_enrolment_form_state_get_shown (self->state, field->spec->key);
  gboolean error = shown != NULL && yb_finding_is_error (shown);

  set_row_title (self, field);

  gtk_label_set_label (field->message_label, shown != NULL ? shown->message : "");
  gtk_widget_set_visible (field->message_row, shown != NULL);
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (field->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (field->message_label), "warning");
      gtk_widget_add_css_class (field->row, "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (field->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (field->message_label), "warning");
      gtk_widget_remove_css_class (field->row, "error");
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  shown != NULL ? shown->message : "",
                                  -1);
  gtk_accessible_update_state (GTK_ACCESSIBLE (field->row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               error ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
update_month_menu (YbEnrolmentPage *self)
{
  GArray *months = self->state->offered_months;
  g_autoptr(GMenu) menu = NULL;
  YbMonth first, last;

  if (months->len == 0)
    {
      gtk_menu_button_set_menu_model (self->month_button, NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->month_button), FALSE);
      return;
    }

  first = g_array_index (months, YbMonth, 0);
  last = g_array_index (months, YbMonth, months->len - 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->month_button), TRUE);
  if (first == self->menu_first && last == self->menu_last)
    return;

  self->menu_first = first;
  self->menu_last = last;
  menu = g_menu_new ();
  for (guint i = months->len; i > 0; i--)
    {
      YbMonth month = g_array_index (months, YbMonth, i - 1);
      g_autofree char *label = yb_month_format (month);
      g_autofree char *code = yb_month_to_string (month);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (item, "enrolment.pick-month",
                                               g_variant_new_string (code));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (self->month_button, G_MENU_MODEL (menu));
}

static void
update_actions (YbEnrolmentPage *self)
{
  gboolean have_form = self->state != NULL && self->workspace != NULL;
  gboolean is_new = self->decl != NULL &&
                    yb_declaration_get_kind (self->decl) == YB_DECLARATION_ENROL_NEW;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrolment.submit",
                                 have_form && self->state->can_submit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrolment.show-errors",
                                 have_form && self->state->has_errors);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrolment.use-resume",
                                 have_form && is_new && self->suggest_resume);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrolment.save", have_form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrolment.new", have_form);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrolment.pick-month", have_form);
}

static void
refresh (YbEnrolmentPage *self)
{
  YbRegionProfile *profile = get_profile (self);
  g_autoptr(GDateTime) now = NULL;
  YbEnrolmentFormInput input = { 0 };
  gboolean is_new;

  g_clear_pointer (&self->state, yb_enrolment_form_state_free);
  if (profile == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->form_page), FALSE);
      update_actions (self);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->form_page), TRUE);

  now = yb_workspace_get_now (self->workspace);
  input.declaration = self->decl;
  input.profile = profile;
  input.now = now;
  input.hall_findings = self->hall_findings;
  input.left_fields = self->left_fields;
  input.show_all = self->show_all;
  self->state = yb_enrolment_form_state_new (&input);

  for (guint i = 0; i < N_FIELDS; i++)
    show_field_state (self, &self->fields[i]);

  adw_action_row_set_subtitle (self->month_range_row, self->state->month_range_text);
  update_month_menu (self);

  if (self->state->base_known)
    {
      g_autofree char *base = NULL;

      /* Translators: %s is an amount of money, "5360.00" */
      base = g_strdup_printf (_("%s yuan"), self->state->base_text);
      if (self->state->base_note != NULL)
        {
          char *with_note = g_strdup_printf ("%s — %s", base, self->state->base_note);

          g_free (base);
          base = with_note;
        }
      adw_action_row_set_subtitle (self->base_row, base);
    }
  else
    adw_action_row_set_subtitle (self->base_row, _("Enter the monthly wage; the hall derives "
                                                   "the base from it."));

  is_new = yb_declaration_get_kind (self->decl) == YB_DECLARATION_ENROL_NEW;
  gtk_label_set_label (self->resume_label, self->history_text ? self->history_text : "");
  gtk_info_bar_set_message_type (self->resume_bar,
                                 self->suggest_resume ? GTK_MESSAGE_QUESTION : GTK_MESSAGE_INFO);
  gtk_info_bar_set_revealed (self->resume_bar,
                             self->history_text != NULL && (is_new || !self->suggest_resume));
  gtk_widget_set_visible (self->resume_button, self->suggest_resume && is_new);

  gtk_label_set_label (self->window_label,
                       self->state->window_text ? self->state->window_text : "");
  gtk_info_bar_set_revealed (self->window_bar, !self->state->window_open);

  gtk_label_set_label (self->general_label,
                       self->state->general_message ? self->state->general_message : "");
  gtk_info_bar_set_revealed (self->general_bar, self->state->general_message != NULL);

  update_actions (self);
}

/* Form lifetime */

static void
apply_defaults (YbEnrolmentPage *self)
{
  YbRegionProfile *profile = get_profile (self);
  GPtrArray *id_types = profile ? yb_region_profile_get_code_list (profile, "id_type") : NULL;

  /* The resident ID card is what almost every employee has (BR-11 参保: 身份证). */
  for (guint i = 0; id_types != NULL && i < id_types->len; i++)
    {
      const YbCodeEntry *entry = g_ptr_array_index (id_types, i);

      if (g_strcmp0 (entry->format, "gb11643") == 0)
        {
          yb_declaration_set_string (self->decl, "id_type", entry->code);
          break;
        }
    }

  if (self->workspace != NULL)
    {
      const char *agent_name = yb_workspace_get_agent_name (self->workspace);
      const char *agent_phone = yb_workspace_get_agent_phone (self->workspace);

      if (agent_name != NULL && *agent_name != '\0')
        yb_declaration_set_string (self->decl, "agent_name", agent_name);
      if (agent_phone != NULL && *agent_phone != '\0')
        yb_declaration_set_string (self->decl, "agent_phone", agent_phone);
    }
}

static void
start_fresh (YbEnrolmentPage   *self,
             YbDeclarationKind  kind)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_object (&self->decl);
  self->decl = yb_declaration_new (kind);
  self->draft_id = 0;
  self->dirty = FALSE;
  self->show_all = FALSE;
  g_hash_table_remove_all (self->left_fields);
  g_clear_pointer (&self->hall_findings, g_ptr_array_unref);
  g_clear_pointer (&self->checked_id_number, g_free);
  g_clear_pointer (&self->history_text, g_free);
  self->suggest_resume = FALSE;

  apply_defaults (self);
  show_all_values (self);
  update_draft_label (self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

static void
rebuild_lists (YbEnrolmentPage *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->fields[i].spec->list != NULL)
      fill_combo (self, &self->fields[i]);
  self->menu_first = self->menu_last = YB_MONTH_INVALID;
  show_all_values (self);
}

static void
on_profile_changed_cb (YbEnrolmentPage *self)
{
  rebuild_lists (self);
  refresh (self);
}

/* The unit's agent may arrive after the form (login finishes later): fill the
 * agent fields the clerk left empty, without making a draft of it. */
static void
on_agent_changed_cb (YbEnrolmentPage *self)
{
  const char *name = yb_workspace_get_agent_name (self->workspace);
  const char *phone = yb_workspace_get_agent_phone (self->workspace);

  if (yb_declaration_get_string (self->decl, "agent_name") == NULL && name != NULL && *name)
    yb_declaration_set_string (self->decl, "agent_name", name);
  if (yb_declaration_get_string (self->decl, "agent_phone") == NULL && phone != NULL && *phone)
    yb_declaration_set_string (self->decl, "agent_phone", phone);
  show_field_value (self, find_field (self, "agent_name"));
  show_field_value (self, find_field (self, "agent_phone"));
  refresh (self);
}

static void
focus_field (YbEnrolmentPage *self,
             const char      *key)
{
  FieldUi *field = key != NULL ? find_field (self, key) : NULL;

  if (field == NULL)
    return;
  gtk_widget_grab_focus (field->row);
}

static void
replace_kind (YbEnrolmentPage   *self,
              YbDeclarationKind  kind)
{
  g_autoptr(YbDeclaration) old = NULL;
  g_auto(GStrv) keys = NULL;
  gint64 old_id = self->draft_id;

  /* Choosing the kind the form already has (the "New" toggle on a new form)
   * changes nothing; the form keeps its declaration. */
  if (yb_declaration_get_kind (self->decl) == kind)
    return;

  old = g_steal_pointer (&self->decl);
  keys = yb_declaration_list_fields (old);
  self->decl = yb_declaration_new (kind);
  for (guint i = 0; keys[i] != NULL; i++)
    yb_declaration_set_string (self->decl, keys[i], yb_declaration_get_string (old, keys[i]));

  /* A draft's kind is fixed in the store: write the new one first, then drop
   * the old, so a crash in between leaves two drafts rather than none. */
  if (old_id != 0)
    {
      g_autoptr(GError) error = NULL;

      self->draft_id = 0;
      self->dirty = TRUE;
      refresh (self);
      if (save_now (self) &&
          !yb_store_declaration_delete (get_store (self), old_id, &error))
        g_debug ("Old draft %lld stays: %s", (long long) old_id, error->message);
    }

  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

/* Actions */

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (widget);

  if (!save_now (self))
    return;
  start_fresh (self, yb_declaration_get_kind (self->decl));
  focus_field (self, "id_number");
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (widget);

  /* Saving on request writes even an untouched form, so the clerk gets a draft. */
  self->dirty = TRUE;
  if (save_now (self))
    show_toast (self, _("Draft saved"));
}

static void
show_errors_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (widget);

  self->show_all = TRUE;
  refresh (self);
  if (self->state != NULL)
    {
      if (self->state->first_error_field != NULL)
        focus_field (self, self->state->first_error_field);
      else if (self->state->general_message != NULL)
        show_toast (self, self->state->general_message);
    }
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;

  refresh (self);
  if (self->state == NULL)
    return;
  if (self->state->has_errors)
    {
      show_errors_action (widget, NULL, NULL);
      show_toast (self, _("Correct the marked fields before submitting."));
      return;
    }

  self->dirty = TRUE;
  if (!save_now (self))
    return;

  key = yb_store_declaration_queue (get_store (self), self->draft_id, &error);
  if (key == NULL)
    {
      /* Translators: %s is the store's reason */
      text = g_strdup_printf (_("The declaration could not be queued: %s"), error->message);
      show_toast (self, text);
      return;
    }

  if (!self->state->window_open && self->state->window_reopens != NULL)
    {
      /* Translators: date and time of reopening, g_date_time_format() format;
       * zh_CN "%Y年%m月%d日 %H:%M" */
      g_autofree char *when = g_date_time_format (self->state->window_reopens,
                                                  _("%Y-%m-%d %H:%M"));

      /* Translators: %s is the date and time the hall's business window opens */
      text = g_strdup_printf (_("Queued. The hall is closed now; it will be sent when the "
                                "window opens at %s."), when);
    }
  else if (!self->state->window_open)
    text = g_strdup (_("Queued. The hall is closed now; it will be sent when the window "
                       "opens."));
  else
    text = g_strdup (_("Queued for sending"));
  show_toast (self, text);

  /* Send it now rather than at the next periodic pass; offline, it waits queued. */
  yb_workspace_kick_sync (self->workspace, NULL, NULL, NULL);

  start_fresh (self, yb_declaration_get_kind (self->decl));
  focus_field (self, "id_number");
}

static void
use_resume_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  yb_enrolment_page_set_kind (YB_ENROLMENT_PAGE (widget), "enrol_resume");
}

static void
pick_month_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (widget);
  const char *month = g_variant_get_string (parameter, NULL);
  FieldUi *field = find_field (self, "start_month");

  if (yb_month_parse (month) == YB_MONTH_INVALID)
    return;
  g_hash_table_add (self->left_fields, (gpointer) "start_month");
  gtk_editable_set_text (GTK_EDITABLE (field->row), month);
  save_now (self);
  refresh (self);
}

/* Overrides */

static void
yb_enrolment_page_workspace_changed (YbSectionPage *page)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (page);
  GObject *workspace = yb_section_page_get_workspace (page);

  /* What was typed belongs to the old unit's store: write it there first. */
  save_now (self);

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);
  if (YB_IS_WORKSPACE (workspace))
    self->workspace = g_object_ref (YB_WORKSPACE (workspace));
  if (self->workspace != NULL)
    {
      g_signal_connect_object (self->workspace, "notify::profile",
                               G_CALLBACK (on_profile_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->workspace, "notify::agent-name",
                               G_CALLBACK (on_agent_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->workspace, "notify::agent-phone",
                               G_CALLBACK (on_agent_changed_cb), self, G_CONNECT_SWAPPED);
    }

  rebuild_lists (self);
  start_fresh (self, yb_declaration_get_kind (self->decl));
}

static void
yb_enrolment_page_unmap (GtkWidget *widget)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (widget);

  /* Switching sections and closing the window both unmap the page. */
  save_now (self);

  GTK_WIDGET_CLASS (yb_enrolment_page_parent_class)->unmap (widget);
}

static void
yb_enrolment_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, yb_enrolment_page_get_kind (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_enrolment_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      yb_enrolment_page_set_kind (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_enrolment_page_dispose (GObject *object)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (object);

  if (self->decl != NULL)
    save_now (self);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);

  if (self->workspace != NULL)
    g_signal_handlers_disconnect_by_data (self->workspace, self);
  g_clear_object (&self->workspace);

  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_ENROLMENT_PAGE);

  G_OBJECT_CLASS (yb_enrolment_page_parent_class)->dispose (object);
}

static void
yb_enrolment_page_finalize (GObject *object)
{
  YbEnrolmentPage *self = YB_ENROLMENT_PAGE (object);

  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->fields[i].codes, g_ptr_array_unref);
  g_clear_object (&self->decl);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->left_fields, g_hash_table_unref);
  g_clear_pointer (&self->hall_findings, g_ptr_array_unref);
  g_clear_pointer (&self->state, yb_enrolment_form_state_free);
  g_free (self->checked_id_number);
  g_free (self->history_text);

  G_OBJECT_CLASS (yb_enrolment_page_parent_class)->finalize (object);
}

static void
yb_enrolment_page_class_init (YbEnrolmentPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  YbSectionPageClass *page_class = YB_SECTION_PAGE_CLASS (klass);

  object_class->dispose = yb_enrolment_page_dispose;
  object_class->finalize = yb_enrolment_page_finalize;
  object_class->get_property = yb_enrolment_page_get_property;
  object_class->set_property = yb_enrolment_page_set_property;
  widget_class->unmap = yb_enrolment_page_unmap;
  page_class->workspace_changed = yb_enrolment_page_workspace_changed;

  /**
   * YbEnrolmentPage:kind:
   *
   * The business type of the form: "enrol_new" (新增) or "enrol_resume" (续保).
   */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, "enrol_new",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/enrolment/yb-enrolment-page.ui");

  for (guint i = 0; i < N_FIELDS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, field_specs[i].row_id, FALSE,
                                               G_STRUCT_OFFSET (YbEnrolmentPage, rows)
                                               + i * sizeof (GtkWidget *));
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, draft_label);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, resume_bar);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, resume_label);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, resume_button);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, window_bar);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, window_label);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, general_bar);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, general_label);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, month_button);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, month_range_row);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, base_row);
  gtk_widget_class_bind_template_child (widget_class, YbEnrolmentPage, form_page);

  gtk_widget_class_install_property_action (widget_class, "enrolment.kind", "kind");
  gtk_widget_class_install_action (widget_class, "enrolment.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "enrolment.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "enrolment.show-errors", NULL,
                                   show_errors_action);
  gtk_widget_class_install_action (widget_class, "enrolment.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "enrolment.use-resume", NULL,
                                   use_resume_action);
  gtk_widget_class_install_action (widget_class, "enrolment.pick-month", "s",
                                   pick_month_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "enrolment.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "enrolment.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "enrolment.show-errors", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "enrolment.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "enrolment.submit", NULL);
}

/* Puts a row for the field's message right under the field in its list. */
static void
add_message_row (YbEnrolmentPage *self,
                 FieldUi         *field)
{
  GtkWidget *list = gtk_widget_get_parent (field->row);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *row = adw_preferences_row_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_add_css_class (label, "caption");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_set_visible (row, FALSE);
  gtk_widget_add_css_class (row, "yb-field-message");

  g_assert (GTK_IS_LIST_BOX (list));
  gtk_list_box_insert (GTK_LIST_BOX (list), row,
                       gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (field->row)) + 1);

  field->message_row = row;
  field->message_label = GTK_LABEL (label);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (field->row),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, label, NULL,
                                  -1);
}

static void
yb_enrolment_page_init (YbEnrolmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->left_fields = g_hash_table_new (g_str_hash, g_str_equal);
  self->decl = yb_declaration_new (YB_DECLARATION_ENROL_NEW);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      FieldUi *field = &self->fields[i];
      GtkEventController *focus = gtk_event_controller_focus_new ();

      field->spec = &field_specs[i];
      field->row = self->rows[i];
      g_object_set_data (G_OBJECT (field->row), "yb-field", (gpointer) field->spec->key);
      add_message_row (self, field);

      if (field->spec->list != NULL)
        g_signal_connect (field->row, "notify::selected", G_CALLBACK (on_combo_selected_cb),
                          self);
      else
        g_signal_connect (field->row, "changed", G_CALLBACK (on_entry_changed_cb), self);

      g_signal_connect (focus, "leave", G_CALLBACK (on_row_focus_leave_cb), self);
      gtk_widget_add_controller (field->row, focus);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->month_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose an allowed month"),
                                  -1);

  rebuild_lists (self);
  update_draft_label (self);
  refresh (self);
}

/* Public API */

/**
 * yb_enrolment_page_edit_draft:
 * @self: the enrolment page
 * @local_id: the store's id of an enrolment draft
 *
 * Saves what the form holds and loads the draft @local_id into the form. A
 * draft copied from a rejected declaration shows the hall's reasons under
 * the fields they name until the clerk edits those fields. Problems are
 * reported to the clerk as a toast.
 *
 * Returns: %TRUE when the draft was loaded
 */
gboolean
yb_enrolment_page_edit_draft (YbEnrolmentPage *self,
                              gint64           local_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbStoreDeclaration) row = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  YbDeclarationKind kind;
  YbStore *store;
  JsonNode *root;

  g_return_val_if_fail (YB_IS_ENROLMENT_PAGE (self), FALSE);

  store = get_store (self);
  if (store == NULL)
    return FALSE;
  if (!save_now (self))
    return FALSE;

  row = yb_store_declaration_get (store, local_id, &error);
  if (row == NULL)
    {
      /* Translators: %s is the store's reason */
      g_autofree char *text = g_strdup_printf (_("The draft could not be opened: %s"),
                                               error->message);
      show_toast (self, text);
      return FALSE;
    }

  if (!yb_declaration_kind_from_string (yb_store_declaration_get_kind (row), &kind) ||
      (kind != YB_DECLARATION_ENROL_NEW && kind != YB_DECLARATION_ENROL_RESUME))
    {
      show_toast (self, _("This declaration is not an enrolment."));
      return FALSE;
    }
  if (yb_store_declaration_get_state (row) != YB_DECLARATION_DRAFT)
    {
      show_toast (self, _("Only drafts can be edited. Make a draft copy of it first."));
      return FALSE;
    }

  start_fresh (self, kind);
  g_clear_object (&self->decl);
  self->decl = yb_declaration_new (kind);

  if (json_parser_load_from_data (parser, yb_store_declaration_get_fields (row), -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObjectIter iter;
      const char *member;
      JsonNode *node;

      json_object_iter_init (&iter, json_node_get_object (root));
      while (json_object_iter_next (&iter, &member, &node))
        if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
            yb_declaration_is_known_field (member))
          yb_declaration_set_string (self->decl, member, json_node_get_string (node));
    }

  self->draft_id = local_id;
  self->hall_findings = yb_store_declaration_dup_hall_findings (row);
  /* A draft the clerk comes back to shows all its problems at once. */
  self->show_all = TRUE;

  show_all_values (self);
  self->loading++;
  derive_from_id_number (self);
  self->loading--;
  update_draft_label (self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
  return TRUE;
}

/**
 * yb_enrolment_page_get_draft_id:
 * @self: the enrolment page
 *
 * Returns: the store's id of the draft the form edits, or 0 before the first edit
 */
gint64
yb_enrolment_page_get_draft_id (YbEnrolmentPage *self)
{
  g_return_val_if_fail (YB_IS_ENROLMENT_PAGE (self), 0);

  return self->draft_id;
}

/**
 * yb_enrolment_page_get_kind:
 * @self: the enrolment page
 *
 * Returns: "enrol_new" or "enrol_resume"
 */
const char *
yb_enrolment_page_get_kind (YbEnrolmentPage *self)
{
  g_return_val_if_fail (YB_IS_ENROLMENT_PAGE (self), NULL);

  return yb_declaration_kind_to_string (yb_declaration_get_kind (self->decl));
}

/**
 * yb_enrolment_page_set_kind:
 * @self: the enrolment page
 * @kind: "enrol_new" or "enrol_resume"
 *
 * Switches the form between 新增 and 续保, keeping what was typed.
 */
void
yb_enrolment_page_set_kind (YbEnrolmentPage *self,
                            const char      *kind)
{
  YbDeclarationKind value;

  g_return_if_fail (YB_IS_ENROLMENT_PAGE (self));

  if (kind == NULL || !yb_declaration_kind_from_string (kind, &value) ||
      (value != YB_DECLARATION_ENROL_NEW && value != YB_DECLARATION_ENROL_RESUME))
    {
      g_critical ("Not an enrolment kind: “%s”", kind ? kind : "(null)");
      return;
    }
  replace_kind (self, value);
}

/**
 * yb_enrolment_page_save:
 * @self: the enrolment page
 *
 * Writes pending edits to the store now.
 *
 * Returns: %FALSE when the store refused them (the clerk was told)
 */
gboolean
yb_enrolment_page_save (YbEnrolmentPage *self)
{
  g_return_val_if_fail (YB_IS_ENROLMENT_PAGE (self), FALSE);

  return save_now (self);
}
