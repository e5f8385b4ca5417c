/* yb-reduction-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbReductionPage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-reduction-form.h"
#include "yb-reduction-page.h"
#include "yb-roster-view.h"
#include "yb-rules.h"
#include "yb-store-declaration.h"
#include "yb-window.h"
#include "yb-workspace.h"

/*
 * The "reduction" section (减员 / 中断 / 停缴, BR-24 to BR-29): the clerk finds insured
 * people in the roster, selects one or several, chooses the reason and the stop month, and
 * saves one draft per person or queues them for the hall. The form shows what the stop month
 * means in this region ("Last paid month: 2020-07") and the manual's warning about retirees.
 * Everything the form shows and enables comes from YbReductionFormState.
 */

/* Checking each selected person reads the roster and runs the rules; beyond this many the
 * clerk should use a batch instead. */
#define MAX_PEOPLE 200

struct _YbReductionPage
{
  YbSectionPage parent_instance;

  GtkSearchEntry *search_entry;
  GtkLabel *count_label;
  YbRosterView *roster_view;
  GtkLabel *summary_label;
  GtkLabel *draft_label;
  GtkLabel *hall_feedback_label;
  GtkDropDown *reason_dropdown;
  GtkLabel *reason_error;
  GtkDropDown *stop_month_dropdown;
  GtkLabel *stop_month_error;
  GtkLabel *last_paid_label;
  GtkEntry *wage_entry;
  GtkLabel *wage_error;
  GtkLabel *people_error;
  GtkLabel *warnings_label;
  GtkWidget *retiree_note;
  GtkWidget *save_button;
  GtkWidget *submit_button;

  YbWorkspace *workspace;
  GPtrArray *reason_codes;
  GPtrArray *month_codes;

  /* The people the form reduces, with their declarations and findings, index for index. */
  GPtrArray *decls;
  GPtrArray *findings;
  YbReductionFormState *state;

  gint64 draft_id;
  JsonObject *draft_fields;
  gboolean wage_touched;
  gboolean setting_wage;

  /* The form's fields the clerk has left, and whether a save or submit was tried: only
   * then does a field's problem show. */
  GHashTable *left_fields;
  gboolean show_all;
};

G_DEFINE_FINAL_TYPE (YbReductionPage, yb_reduction_page, YB_TYPE_SECTION_PAGE)

static void
show_toast (YbReductionPage *self,
            const char      *text)
{
  if (!yb_section_page_show_toast (YB_SECTION_PAGE (self), text, 5))
    g_message ("%s", text);
}

static void
set_error_label (GtkLabel   *label,
                 const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static const char *
selected_code (GtkDropDown *dropdown,
               GPtrArray   *codes)
{
  guint position = gtk_drop_down_get_selected (dropdown);

  if (codes == NULL || position == GTK_INVALID_LIST_POSITION || position >= codes->len)
    return NULL;
  return g_ptr_array_index (codes, position);
}

static void
select_code (GtkDropDown *dropdown,
             GPtrArray   *codes,
             const char  *code)
{
  guint position = 0;

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      position = i;
  gtk_drop_down_set_selected (dropdown, position);
}

static void
fill_reasons (YbReductionPage *self)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  YbRegionProfile *profile = yb_workspace_get_profile (self->workspace);
  GPtrArray *entries = yb_region_profile_get_code_list (profile, "reduce_reason");

  g_clear_pointer (&self->reason_codes, g_ptr_array_unref);
  self->reason_codes = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (labels, C_("reduction reason", "Not chosen"));
  g_ptr_array_add (self->reason_codes, NULL);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const YbCodeEntry *entry = g_ptr_array_index (entries, i);

      gtk_string_list_append (labels, yb_code_entry_get_label (entry));
      g_ptr_array_add (self->reason_codes, g_strdup (entry->code));
    }
  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->reason_dropdown, 0);
}

/* The months the region allows (医保: the current month only, BR-25/26), plus @extra when a
 * draft holds a month outside them, so its finding shows instead of the month changing. */
static void
fill_months (YbReductionPage *self,
             const char      *extra)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr (GDateTime) now = yb_workspace_get_now (self->workspace);
  YbRegionProfile *profile = yb_workspace_get_profile (self->workspace);
  YbMonth earliest, latest, extra_month;
  gboolean extra_listed = FALSE;

  g_clear_pointer (&self->month_codes, g_ptr_array_unref);
  self->month_codes = g_ptr_array_new_with_free_func (g_free);

  yb_rules_stop_month_range (profile, now, &earliest, &latest);
  extra_month = extra != NULL ? yb_month_parse (extra) : YB_MONTH_INVALID;
  for (YbMonth m = earliest; yb_month_is_valid (m) && m <= latest; m = yb_month_add (m, 1))
    {
      g_autofree char *label = yb_month_format (m);

      if (m == extra_month)
        extra_listed = TRUE;
      gtk_string_list_append (labels, label);
      g_ptr_array_add (self->month_codes, yb_month_to_string (m));
    }
  if (yb_month_is_valid (extra_month) && !extra_listed)
    {
      g_autofree char *label = yb_month_format (extra_month);

      gtk_string_list_append (labels, label);
      g_ptr_array_add (self->month_codes, yb_month_to_string (extra_month));
    }
  gtk_drop_down_set_model (self->stop_month_dropdown, G_LIST_MODEL (labels));
  /* The draft's month, else the latest allowed month: the only one for 医保. */
  if (yb_month_is_valid (extra_month))
    select_code (self->stop_month_dropdown, self->month_codes, extra);
  else if (self->month_codes->len > 0)
    gtk_drop_down_set_selected (self->stop_month_dropdown, self->month_codes->len - 1);
}

static void
set_wage_text (YbReductionPage *self,
               const char      *text)
{
  self->setting_wage = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->wage_entry), text ? text : "");
  self->setting_wage = FALSE;
}

static void
update_count (YbReductionPage *self)
{
  guint n = yb_roster_view_get_n_items (self->roster_view);
  g_autofree char *text = NULL;

  if (*yb_roster_view_get_query (self->roster_view) == '\0')
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches", n), n);
  gtk_label_set_label (self->count_label, text);
}

/* Rebuilds the declarations from the selection (or the draft being edited) and the form's
 * values, checks them, and shows the resulting state. */
static void
refresh (YbReductionPage *self)
{
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *wage = NULL;
  YbRegionProfile *profile;
  YbReductionFormValues values = { 0 };
  YbStore *store;
  guint n_selected = 0;
  gboolean too_many = FALSE;

  g_ptr_array_set_size (self->decls, 0);
  g_ptr_array_set_size (self->findings, 0);
  g_clear_pointer (&self->state, yb_reduction_form_state_free);

  if (self->workspace == NULL)
    return;

  profile = yb_workspace_get_profile (self->workspace);
  store = yb_workspace_get_store (self->workspace);
  now = yb_workspace_get_now (self->workspace);
  wage = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->wage_entry)));
  values.reason = selected_code (self->reason_dropdown, self->reason_codes);
  values.stop_month = selected_code (self->stop_month_dropdown, self->month_codes);
  values.wage = wage;
  values.left_fields = self->left_fields;
  values.show_all = self->show_all;

  if (self->draft_id > 0)
    {
      const char *person_no = json_object_get_string_member_with_default (self->draft_fields,
                                                                          "person_no", NULL);
      g_autoptr (JsonObject) person = person_no ? yb_store_roster_get (store, person_no) : NULL;
      const char *status = yb_reduction_form_person_status (person);
      YbDeclaration *decl = yb_reduction_form_build (
        person ? person : self->draft_fields, &values,
        yb_workspace_get_agent_name (self->workspace),
        yb_workspace_get_agent_phone (self->workspace));
      g_autoptr (GList) members = json_object_get_members (self->draft_fields);

      /* What the draft says about the person wins over the roster; the form's own inputs
       * come from the form. */
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *field = l->data;
          JsonNode *node = json_object_get_member (self->draft_fields, field);

          if (g_str_equal (field, "reason") || g_str_equal (field, "stop_month")
              || g_str_equal (field, "wage") || !yb_declaration_is_known_field (field)
              || json_node_get_value_type (node) != G_TYPE_STRING)
            continue;
          yb_declaration_set_string (decl, field, json_node_get_string (node));
        }
      g_ptr_array_add (self->decls, decl);
      g_ptr_array_add (self->findings, yb_reduction_form_check (decl, status, profile, now));
    }
  else
    {
      n_selected = yb_roster_view_get_n_selected (self->roster_view);
      too_many = n_selected > MAX_PEOPLE;
    }

  if (self->draft_id <= 0 && !too_many)
    {
      g_autoptr (GPtrArray) people = yb_roster_view_dup_selected (self->roster_view);

      for (guint i = 0; i < people->len; i++)
        {
          YbRosterPerson *item = g_ptr_array_index (people, i);
          g_autoptr (JsonObject) person = yb_store_roster_get (
            store, yb_roster_person_get_person_no (item));
          YbDeclaration *decl = yb_reduction_form_build (
            person, &values, yb_workspace_get_agent_name (self->workspace),
            yb_workspace_get_agent_phone (self->workspace));

          g_ptr_array_add (self->decls, decl);
          g_ptr_array_add (self->findings,
                           yb_reduction_form_check (decl,
                                                    yb_roster_person_get_status (item),
                                                    profile, now));
        }
    }

  self->state = yb_reduction_form_state_new (profile, &values,
                                             (YbDeclaration **) self->decls->pdata,
                                             (GPtrArray **) self->findings->pdata,
                                             self->decls->len);
  if (too_many)
    {
      g_free (self->state->summary);
      self->state->summary = g_strdup_printf (
        _("%u people selected: reduce at most %u people at a time."), n_selected, MAX_PEOPLE);
      self->state->can_save = self->state->can_submit = FALSE;
    }

  gtk_label_set_label (self->summary_label, self->state->summary);
  set_error_label (self->reason_error, self->state->reason_error);
  set_error_label (self->stop_month_error, self->state->stop_month_error);
  set_error_label (self->wage_error, self->state->wage_error);
  set_error_label (self->people_error, self->state->people_error);
  set_error_label (self->warnings_label, self->state->warnings);
  set_error_label (self->last_paid_label, self->state->last_paid);
  if (self->state->retiree_reason)
    gtk_widget_add_css_class (self->retiree_note, "error");
  else
    gtk_widget_remove_css_class (self->retiree_note, "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reduction.save", self->state->can_save);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reduction.submit",
                                 self->state->can_submit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reduction.clear",
                                 self->draft_id > 0 || n_selected > 0);
}

static void
leave_draft (YbReductionPage *self)
{
  self->draft_id = 0;
  g_clear_pointer (&self->draft_fields, json_object_unref);
  gtk_widget_set_visible (GTK_WIDGET (self->draft_label), FALSE);
  set_error_label (self->hall_feedback_label, NULL);
}

/* After saving or queueing: an empty form for the next people. */
static void
reset_form (YbReductionPage *self)
{
  leave_draft (self);
  self->wage_touched = FALSE;
  self->show_all = FALSE;
  g_hash_table_remove_all (self->left_fields);
  set_wage_text (self, NULL);
  if (self->workspace != NULL)
    {
      gtk_drop_down_set_selected (self->reason_dropdown, 0);
      fill_months (self, NULL);
    }
  yb_roster_view_unselect_all (self->roster_view);
  refresh (self);
}

static char *
fields_json (YbDeclaration *decl)
{
  g_autoptr (JsonNode) node = yb_declaration_to_json (decl);
  JsonNode *fields = json_object_get_member (json_node_get_object (node), "fields");

  return json_to_string (fields, FALSE);
}

/* Writes the form's declarations: one draft per person (or the draft being edited), with
 * their findings, and queues them when @queue. Single drafts are small writes, fine on the
 * main thread. Returns how many were written; on error the clerk gets a toast. */
static guint
write_declarations (YbReductionPage *self,
                    gboolean         queue)
{
  YbStore *store = yb_workspace_get_store (self->workspace);
  guint done = 0;

  for (guint i = 0; i < self->decls->len; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *fields = fields_json (g_ptr_array_index (self->decls, i));
      g_autofree char *findings = yb_reduction_findings_to_json (
        g_ptr_array_index (self->findings, i));
      g_autofree char *key = NULL;
      gint64 id = self->draft_id;
      const char *name = yb_declaration_get_string (g_ptr_array_index (self->decls, i),
                                                    "name");

      if (id > 0)
        yb_store_declaration_update (store, id, fields, &error);
      else
        id = yb_store_declaration_create (store, "reduce", fields, &error);
      if (error == NULL)
        yb_store_declaration_set_findings (store, id, findings, &error);
      if (error == NULL && queue)
        key = yb_store_declaration_queue (store, id, &error);
      if (error != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("Could not save the reduction of %s: %s"),
                                                   name ? name : "", error->message);

          show_toast (self, text);
          return done;
        }
      done++;
    }
  return done;
}

static void
on_search_changed_cb (GtkSearchEntry  *entry,
                      YbReductionPage *self)
{
  yb_roster_view_set_query (self->roster_view,
                            gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_stop_search_cb (GtkSearchEntry  *entry,
                   YbReductionPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_roster_n_items_cb (YbRosterView    *view,
                      GParamSpec      *pspec,
                      YbReductionPage *self)
{
  update_count (self);
}

static void
on_roster_selection_changed_cb (YbRosterView    *view,
                                YbReductionPage *self)
{
  guint n = yb_roster_view_get_n_selected (view);

  /* Also emitted while the page's template is built or torn down. */
  if (self->wage_entry == NULL || self->workspace == NULL)
    return;
  if (n > 0 && self->draft_id > 0)
    leave_draft (self);

  /* 申报工资 is prefilled from the roster for one person; several keep their own. */
  if (!self->wage_touched && self->draft_id <= 0)
    {
      g_autofree char *wage = NULL;

      if (n == 1)
        {
          g_autoptr (GPtrArray) people = yb_roster_view_dup_selected (view);

          if (people->len == 1)
            wage = yb_reduction_format_wage (
              yb_roster_person_get_wage (g_ptr_array_index (people, 0)));
        }
      set_wage_text (self, wage);
    }
  update_count (self);
  refresh (self);
}

static void
on_form_changed_cb (GObject         *object,
                    GParamSpec      *pspec,
                    YbReductionPage *self)
{
  refresh (self);
}

static void
on_wage_changed_cb (GtkEditable     *editable,
                    YbReductionPage *self)
{
  if (!self->setting_wage)
    self->wage_touched = TRUE;
  refresh (self);
}

/* The clerk left one of the form's fields: its problems may show from now on. */
static void
field_left (YbReductionPage *self,
            const char      *field)
{
  if (g_hash_table_contains (self->left_fields, field))
    return;
  g_hash_table_add (self->left_fields, (gpointer) field);
  refresh (self);
}

static void
on_reason_leave_cb (GtkEventControllerFocus *controller,
                    YbReductionPage         *self)
{
  field_left (self, "reason");
}

static void
on_stop_month_leave_cb (GtkEventControllerFocus *controller,
                        YbReductionPage         *self)
{
  field_left (self, "stop_month");
}

static void
on_wage_leave_cb (GtkEventControllerFocus *controller,
                  YbReductionPage         *self)
{
  field_left (self, "wage");
}

static void
watch_leave (GtkWidget *widget,
             GCallback  callback,
             gpointer   user_data)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect (focus, "leave", callback, user_data);
  gtk_widget_add_controller (widget, focus);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YbReductionPage *self = YB_REDUCTION_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  reset_form (YB_REDUCTION_PAGE (widget));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YbReductionPage *self = YB_REDUCTION_PAGE (widget);
  g_autofree char *text = NULL;
  guint n;

  if (self->state == NULL || !self->state->can_save)
    return;
  if (!self->show_all)
    {
      self->show_all = TRUE;
      refresh (self);
    }
  n = write_declarations (self, FALSE);
  if (n < self->decls->len)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reduction saved as a draft",
                                       "%u reductions saved as drafts", n), n);
  show_toast (self, text);
  reset_form (self);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YbReductionPage *self = YB_REDUCTION_PAGE (widget);
  g_autofree char *text = NULL;
  guint n;

  if (self->state == NULL || !self->state->can_submit)
    return;
  n = write_declarations (self, TRUE);
  if (n < self->decls->len)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reduction queued",
                                       "%u reductions queued", n), n);
  show_toast (self, text);
  /* Send them now rather than at the next periodic pass; offline, they wait queued. */
  yb_workspace_kick_sync (self->workspace, NULL, NULL, NULL);
  reset_form (self);
}

/* Ctrl+S and Ctrl+Return: a try to save or submit shows every problem of the form, even
 * while the action stays disabled by them. */
static gboolean
try_action_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  YbReductionPage *self = YB_REDUCTION_PAGE (widget);
  const char *action = g_variant_get_string (args, NULL);

  if (!self->show_all)
    {
      self->show_all = TRUE;
      refresh (self);
    }
  return gtk_widget_activate_action (widget, action, NULL);
}

static void
yb_reduction_page_workspace_changed (YbSectionPage *page)
{
  YbReductionPage *self = YB_REDUCTION_PAGE (page);
  GObject *workspace = yb_section_page_get_workspace (page);
  YbWorkspace *ws = YB_IS_WORKSPACE (workspace) ? YB_WORKSPACE (workspace) : NULL;

  g_set_object (&self->workspace, ws);
  leave_draft (self);
  yb_roster_view_set_workspace (self->roster_view, self->workspace);
  if (self->workspace != NULL)
    {
      fill_reasons (self);
      fill_months (self, NULL);
    }
  update_count (self);
  refresh (self);
}

static void
yb_reduction_page_dispose (GObject *object)
{
  YbReductionPage *self = YB_REDUCTION_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_REDUCTION_PAGE);
  g_clear_object (&self->workspace);
  g_clear_pointer (&self->state, yb_reduction_form_state_free);
  g_clear_pointer (&self->draft_fields, json_object_unref);

  G_OBJECT_CLASS (yb_reduction_page_parent_class)->dispose (object);
}

static void
yb_reduction_page_finalize (GObject *object)
{
  YbReductionPage *self = YB_REDUCTION_PAGE (object);

  g_clear_pointer (&self->reason_codes, g_ptr_array_unref);
  g_clear_pointer (&self->month_codes, g_ptr_array_unref);
  g_clear_pointer (&self->decls, g_ptr_array_unref);
  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->left_fields, g_hash_table_unref);

  G_OBJECT_CLASS (yb_reduction_page_parent_class)->finalize (object);
}

static void
yb_reduction_page_class_init (YbReductionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  YbSectionPageClass *page_class = YB_SECTION_PAGE_CLASS (klass);

  object_class->dispose = yb_reduction_page_dispose;
  object_class->finalize = yb_reduction_page_finalize;
  page_class->workspace_changed = yb_reduction_page_workspace_changed;

  g_type_ensure (YB_TYPE_ROSTER_VIEW);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/reduction/yb-reduction-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, roster_view);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, draft_label);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, hall_feedback_label);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, reason_error);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, stop_month_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, stop_month_error);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, last_paid_label);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, wage_entry);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, wage_error);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, people_error);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, retiree_note);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, YbReductionPage, submit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_roster_n_items_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_roster_selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_wage_changed_cb);

  gtk_widget_class_install_action (widget_class, "reduction.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "reduction.clear", NULL, clear_action);
  gtk_widget_class_install_action (widget_class, "reduction.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "reduction.submit", NULL, submit_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "reduction.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "reduction.clear",
                                       NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, try_action_cb,
                                "s", "reduction.save");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, try_action_cb,
                                "s", "reduction.submit");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                try_action_cb, "s", "reduction.submit");
}

static void
yb_reduction_page_init (YbReductionPage *self)
{
  self->decls = g_ptr_array_new_with_free_func (g_object_unref);
  self->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  self->left_fields = g_hash_table_new (g_str_hash, g_str_equal);

  gtk_widget_init_template (GTK_WIDGET (self));

  watch_leave (GTK_WIDGET (self->reason_dropdown), G_CALLBACK (on_reason_leave_cb), self);
  watch_leave (GTK_WIDGET (self->stop_month_dropdown), G_CALLBACK (on_stop_month_leave_cb),
               self);
  watch_leave (GTK_WIDGET (self->wage_entry), G_CALLBACK (on_wage_leave_cb), self);

  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->roster_view));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reduction.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reduction.submit", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reduction.clear", FALSE);
  update_count (self);
}

/**
 * yb_reduction_page_edit_draft:
 * @self: the reduction page
 * @local_id: the store id of a reduce declaration in the draft state (also a rejected one
 *   copied to a draft)
 *
 * Opens the draft in the form, with the hall's reasons when it was copied from a rejected
 * declaration. Problems are reported to the clerk as a toast.
 *
 * Returns: %TRUE when the draft is open in the form
 */
gboolean
yb_reduction_page_edit_draft (YbReductionPage *self,
                              gint64           local_id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStoreDeclaration) draft = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GPtrArray) hall = NULL;
  g_autoptr (GString) feedback = g_string_new (NULL);
  const char *wage, *feedback_json;
  JsonObject *fields;

  g_return_val_if_fail (YB_IS_REDUCTION_PAGE (self), FALSE);

  if (self->workspace == NULL)
    return FALSE;

  draft = yb_store_declaration_get (yb_workspace_get_store (self->workspace), local_id, &error);
  if (draft == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the reduction: %s"),
                                               error->message);

      show_toast (self, text);
      return FALSE;
    }
  if (g_strcmp0 (yb_store_declaration_get_kind (draft), "reduce") != 0
      || yb_store_declaration_get_state (draft) != YB_DECLARATION_DRAFT)
    {
      show_toast (self, _("Only reduction drafts can be edited here."));
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, yb_store_declaration_get_fields (draft), -1, NULL)
      || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      show_toast (self, _("The saved reduction cannot be read."));
      return FALSE;
    }
  fields = json_node_get_object (json_parser_get_root (parser));

  /* Clear the list's selection first: a selection replaces the draft in the form. */
  yb_roster_view_unselect_all (self->roster_view);
  g_clear_pointer (&self->draft_fields, json_object_unref);
  self->draft_fields = json_object_ref (fields);
  self->draft_id = local_id;

  select_code (self->reason_dropdown, self->reason_codes,
               json_object_get_string_member_with_default (fields, "reason", NULL));
  fill_months (self, json_object_get_string_member_with_default (fields, "stop_month", NULL));
  wage = json_object_get_string_member_with_default (fields, "wage", NULL);
  set_wage_text (self, wage);
  self->wage_touched = TRUE;
  /* A draft the clerk comes back to shows all its problems at once. */
  self->show_all = TRUE;

  /* The hall's reason and field errors of the rejected original (docs/store.md). */
  feedback_json = yb_store_declaration_get_hall_feedback (draft);
  if (feedback_json != NULL)
    {
      g_autoptr (JsonParser) fb = json_parser_new ();

      if (json_parser_load_from_data (fb, feedback_json, -1, NULL)
          && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (fb)))
        {
          const char *reason = json_object_get_string_member_with_default (
            json_node_get_object (json_parser_get_root (fb)), "reason", NULL);

          if (reason != NULL && *reason != '\0')
            g_string_append_printf (feedback, _("The hall refused it: %s"), reason);
        }
    }
  hall = yb_store_declaration_dup_hall_findings (draft);
  for (guint i = 0; i < hall->len; i++)
    {
      const YbFinding *finding = g_ptr_array_index (hall, i);

      if (feedback->len > 0)
        g_string_append_c (feedback, '\n');
      g_string_append (feedback, finding->message);
    }
  set_error_label (self->hall_feedback_label, feedback->str);
  gtk_widget_set_visible (GTK_WIDGET (self->draft_label), TRUE);

  refresh (self);
  return TRUE;
}

/* The draft open in the form, or 0 for new reductions of the selected people. */
gint64
yb_reduction_page_get_draft_id (YbReductionPage *self)
{
  g_return_val_if_fail (YB_IS_REDUCTION_PAGE (self), 0);

  return self->draft_id;
}

YbRosterView *
yb_reduction_page_get_roster_view (YbReductionPage *self)
{
  g_return_val_if_fail (YB_IS_REDUCTION_PAGE (self), NULL);

  return self->roster_view;
}
