/* yb-queries-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbQueriesPage"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-export-writer.h"
#include "yb-id-number.h"
#include "yb-queries-page.h"
#include "yb-reduction-form.h"
#include "yb-store-declaration.h"
#include "yb-store-queries.h"
#include "yb-store-reconcile.h"
#include "yb-window.h"
#include "yb-workspace.h"

/*
 * The 查询 section: one sub-view per hall query (职工缴费明细, 单位缴费明细, 单位参保人员名单,
 * 单位信息, 待审核数据, 已审核数据, 办事进度) plus a reconciliation of the local roster with
 * the hall's. Every list reads the store's cache through a paging model, so it works offline
 * and says how old it is; queries.refresh asks the hall (async, cancellable) and replaces the
 * cached slice; queries.export writes the visible columns to .xlsx or .csv in a worker. A
 * YbQueriesState computed from the criteria drives visibility, inline errors and actions.
 */

typedef struct
{
  const char *key;
  const char *title; /* N_() */
  gboolean expand;
} Column;

static const Column payment_columns[] = {
  { "period", N_("Period") },
  { "name", N_("Name"), TRUE },
  { "id_number", N_("ID number"), TRUE },
  { "insurance", N_("Insurance type"), TRUE },
  { "base", N_("Base") },
  { "unit_amount", N_("Unit pays") },
  { "personal_amount", N_("Employee pays") },
  { "status", N_("Status") },
};
static const Column unit_payment_columns[] = {
  { "period", N_("Period") },
  { "insurance", N_("Insurance type"), TRUE },
  { "headcount", N_("Headcount") },
  { "base_total", N_("Base total") },
  { "unit_amount", N_("Unit pays") },
  { "personal_amount", N_("Employees pay") },
  { "total", N_("Total") },
};
static const Column total_columns[] = {
  { "period", N_("Period") },
  { "headcount", N_("Headcount") },
  { "base_total", N_("Base total") },
  { "unit_amount", N_("Unit pays") },
  { "personal_amount", N_("Employees pay") },
  { "total", N_("Total"), TRUE },
};
static const Column roster_columns[] = {
  { "person_no", N_("Personal no.") },
  { "name", N_("Name"), TRUE },
  { "id_number", N_("ID number"), TRUE },
  { "status", N_("Status") },
  { "start_month", N_("Insured from") },
  { "base", N_("Base") },
  { "phone", N_("Phone") },
};
static const Column declaration_columns[] = {
  { "declaration_id", N_("No.") },
  { "id_number", N_("ID number") },
  { "name", N_("Name") },
  { "kind", N_("Business type") },
  { "submitted_at", N_("Accepted at") },
  { "status", N_("Progress") },
  { "reason", N_("Reason"), TRUE },
};
static const Column reconcile_columns[] = {
  { "kind", N_("Difference"), TRUE },
  { "person_no", N_("Personal no.") },
  { "name", N_("Name") },
  { "id_number", N_("ID number") },
  { "local", N_("Here") },
  { "hall", N_("On the hall") },
};

static const struct
{
  const Column *columns;
  guint n_columns;
  const char *title; /* N_() */
} views[YB_QUERIES_N_VIEWS] = {
  [YB_QUERIES_EMPLOYEE_PAYMENTS] = { payment_columns, G_N_ELEMENTS (payment_columns),
                                     N_("Employee payment details") },
  [YB_QUERIES_UNIT_PAYMENTS] = { unit_payment_columns, G_N_ELEMENTS (unit_payment_columns),
                                 N_("Unit payment details") },
  [YB_QUERIES_ROSTER] = { roster_columns, G_N_ELEMENTS (roster_columns),
                          N_("Insured roster of the unit") },
  [YB_QUERIES_UNIT] = { NULL, 0, N_("Unit information") },
  [YB_QUERIES_PENDING] = { declaration_columns, G_N_ELEMENTS (declaration_columns),
                           N_("Declarations awaiting audit") },
  [YB_QUERIES_AUDITED] = { declaration_columns, G_N_ELEMENTS (declaration_columns),
                           N_("Audited declarations") },
  [YB_QUERIES_PROGRESS] = { declaration_columns, G_N_ELEMENTS (declaration_columns),
                            N_("Business progress") },
  [YB_QUERIES_RECONCILE] = { reconcile_columns, G_N_ELEMENTS (reconcile_columns),
                             N_("Reconcile the roster with the hall") },
};

static const char *const status_codes[] = { NULL, "insured", "suspended", "stopped" };

/* Everything a cell's text depends on, so a worker can format too. */
typedef struct
{
  YbRegionProfile *profile;
  gboolean privacy;
  YbQueriesView view;
} Format;

struct _YbQueriesPage
{
  YbSectionPage parent_instance;

  GtkStack *stack;
  GtkLabel *view_title;
  GtkWidget *person_box, *from_month_box, *to_month_box, *insurance_box, *status_box;
  GtkWidget *from_day_box, *to_day_box, *search_box;
  GtkEditable *person_entry, *from_month_entry, *to_month_entry, *from_day_entry;
  GtkEditable *to_day_entry, *search_entry;
  GtkDropDown *insurance_dropdown, *status_dropdown;
  GtkLabel *person_error, *months_error, *days_error, *as_of_label;
  GtkSpinner *spinner;
  GtkWidget *withdraw_button;
  GtkColumnView *lists[YB_QUERIES_N_VIEWS];
  GtkColumnView *totals_list;
  GtkLabel *details[YB_QUERIES_N_VIEWS];

  YbWorkspace *workspace;
  YbStore *store;
  gulong store_changed_id;
  GCancellable *cancellable;
  guint spinner_id;

  YbQueriesView view;
  gboolean busy;
  gboolean offline;
  char *person_no;
  GStrv insurance_codes;   /* index 0 is NULL: all types */
  GListModel *reconciled;  /* the last reconciliation, in memory */
  GtkSingleSelection *selections[YB_QUERIES_N_VIEWS];
  char *details_text;
  char *last_message;
  YbQueriesState state;
};

G_DEFINE_FINAL_TYPE (YbQueriesPage, yb_queries_page, YB_TYPE_SECTION_PAGE)

static void update (YbQueriesPage *self);
static void rebuild (YbQueriesPage *self);

/* --- formatting ------------------------------------------------------------------------- */

static const char *
status_label (YbQueriesView  view,
              const char    *status)
{
  if (status == NULL)
    return "";
  if (view == YB_QUERIES_ROSTER)
    {
      if (g_str_equal (status, "insured"))
        return C_("insured status", "Insured");
      if (g_str_equal (status, "suspended"))
        return C_("insured status", "Suspended");
      if (g_str_equal (status, "stopped"))
        return C_("insured status", "Stopped");
      return yb_reduction_status_label (status);
    }
  if (g_str_equal (status, "pending"))
    return C_("hall status", "Awaiting audit");
  if (g_str_equal (status, "approved"))
    return C_("hall status", "Done");
  if (g_str_equal (status, "rejected"))
    return C_("hall status", "Not approved");
  if (g_str_equal (status, "withdrawn"))
    return C_("hall status", "Withdrawn");
  if (g_str_equal (status, "paid"))
    return C_("payment status", "Paid");
  if (g_str_equal (status, "unpaid"))
    return C_("payment status", "Unpaid");
  return status;
}

static const char *
kind_label (const char *kind)
{
  static const struct
  {
    const char *code;
    const char *label;
  } kinds[] = {
    { "enrol_new", N_("New enrolment") },
    { "enrol_resume", N_("Resumed enrolment") },
    { "reduce", N_("Reduction") },
    { "person_change", N_("Personal information change") },
    { "base_declaration", N_("Base declaration") },
    { "unit_contact_change", N_("Unit contact change") },
    { "unit_key_change", N_("Unit key information change") },
  };

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].code))
      return _(kinds[i].label);
  return kind ? kind : "";
}

static const char *
difference_label (const char *kind)
{
  YbReconcileKind value;

  if (!yb_reconcile_kind_from_string (kind, &value))
    return kind ? kind : "";
  switch (value)
    {
    case YB_RECONCILE_HALL_ONLY:
      return _("On the hall but not here");
    case YB_RECONCILE_LOCAL_ONLY:
      return _("Here but not on the hall");
    case YB_RECONCILE_DRAFT_NOT_SUBMITTED:
      return _("Local declaration never submitted");
    case YB_RECONCILE_STATUS_DIFFERS:
      return _("Status differs");
    case YB_RECONCILE_WAGE_DIFFERS:
      return _("Wage differs");
    case YB_RECONCILE_BASE_DIFFERS:
      return _("Base differs");
    default:
      return kind;
    }
}

static char *
format_value (const Format *format,
              YbQueryRow   *row,
              const char   *key)
{
  const char *value = yb_query_row_get_string (row, key);

  if (g_str_equal (key, "id_number"))
    {
      if (value == NULL)
        return g_strdup ("");
      return format->privacy ? yb_id_number_mask (value) : g_strdup (value);
    }
  if (g_str_equal (key, "insurance"))
    {
      const char *label = yb_query_row_get_string (row, "insurance_label");

      if (value != NULL && format->profile != NULL)
        {
          const char *own = yb_region_profile_lookup_label (format->profile, "insurance_type",
                                                            value);
          if (own != NULL)
            label = own;
        }
      return g_strdup (label ? label : value ? value : "");
    }
  if (g_str_equal (key, "status"))
    {
      if (format->view == YB_QUERIES_RECONCILE)
        return g_strdup (value ? value : "");
      return g_strdup (status_label (format->view, value));
    }
  if (g_str_equal (key, "kind"))
    {
      if (format->view == YB_QUERIES_RECONCILE)
        {
          const char *what = difference_label (value);
          const char *decl = yb_query_row_get_string (row, "declaration_kind");

          if (decl != NULL)
            return g_strdup_printf ("%s (%s)", what, kind_label (decl));
          return g_strdup (what);
        }
      return g_strdup (kind_label (value));
    }
  if (g_str_equal (key, "local") || g_str_equal (key, "hall"))
    {
      const char *kind = yb_query_row_get_string (row, "kind");

      if (value != NULL && g_strcmp0 (kind, "base-differs") != 0
          && g_strcmp0 (kind, "wage-differs") != 0)
        {
          if (g_strcmp0 (kind, "draft-not-submitted") == 0)
            return g_strdup (value);
          return g_strdup (status_label (YB_QUERIES_ROSTER, value));
        }
      return g_strdup (value ? value : "");
    }
  if (g_str_equal (key, "submitted_at") && value != NULL && strlen (value) >= 16)
    {
      char *text = g_strndup (value, 16);

      text[10] = ' ';
      return text;
    }
  if (g_str_equal (key, "start_month") && value == NULL)
    value = yb_query_row_get_string (row, "insured_from");
  return g_strdup (value ? value : "");
}

static Format
page_format (YbQueriesPage *self,
             YbQueriesView  view)
{
  Format format = { NULL, FALSE, view };

  if (self->workspace != NULL)
    {
      format.profile = yb_workspace_get_profile (self->workspace);
      format.privacy = yb_workspace_get_privacy_mode (self->workspace);
    }
  return format;
}

/* --- columns ---------------------------------------------------------------------------- */

typedef struct
{
  YbQueriesPage *page;
  YbQueriesView view;
  const char *key;
} CellData;

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              CellData                 *data)
{
  YbQueryRow *row = gtk_list_item_get_item (item);
  Format format = page_format (data->page, data->view);
  g_autofree char *text = row ? format_value (&format, row, data->key) : g_strdup ("");

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), *text ? text : NULL);
}

static void
add_columns (YbQueriesPage *self,
             GtkColumnView *list,
             YbQueriesView  view,
             const Column  *columns,
             guint          n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    {
      g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr (GtkColumnViewColumn) column = NULL;
      CellData *data = g_new0 (CellData, 1);

      data->page = self;
      data->view = view;
      data->key = columns[i].key;
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), NULL);
      g_signal_connect_data (factory, "bind", G_CALLBACK (bind_cell_cb), data,
                             (GClosureNotify) (void (*) (void)) g_free, 0);
      column = gtk_column_view_column_new (_(columns[i].title), g_steal_pointer (&factory));
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (list, column);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(views[view].title), -1);
}

/* --- criteria --------------------------------------------------------------------------- */

static const char *
entry_text (GtkEditable *editable)
{
  const char *text = gtk_editable_get_text (editable);

  return text && *text ? text : NULL;
}

static const char *
selected_insurance (YbQueriesPage *self)
{
  guint index = gtk_drop_down_get_selected (self->insurance_dropdown);

  if (self->insurance_codes == NULL || index == 0 || index == GTK_INVALID_LIST_POSITION
      || index > g_strv_length (self->insurance_codes))
    return NULL;
  return self->insurance_codes[index - 1];
}

static const char *
selected_status (YbQueriesPage *self)
{
  guint index = gtk_drop_down_get_selected (self->status_dropdown);

  return index < G_N_ELEMENTS (status_codes) ? status_codes[index] : NULL;
}

static void
resolve_person (YbQueriesPage *self)
{
  g_autofree char *text = g_strdup (entry_text (self->person_entry));
  g_autoptr (JsonObject) person = NULL;

  g_clear_pointer (&self->person_no, g_free);
  if (text == NULL || self->store == NULL)
    return;
  g_strstrip (text);
  person = yb_store_roster_get (self->store, text);
  if (person == NULL)
    person = yb_store_roster_find_by_id_number (self->store, text);
  if (person == NULL)
    {
      g_autoptr (GListModel) found = yb_store_queries_roster (self->store, NULL, text);

      /* A name is enough when it names exactly one person. */
      if (g_list_model_get_n_items (found) == 1)
        {
          g_autoptr (YbQueryRow) row = g_list_model_get_item (found, 0);

          self->person_no = g_strdup (yb_query_row_get_string (row, "person_no"));
        }
      return;
    }
  self->person_no = g_strdup (json_object_get_string_member_with_default (person, "person_no",
                                                                          NULL));
}

static void
fill_input (YbQueriesPage  *self,
            YbQueriesInput *in)
{
  GListModel *results = yb_queries_page_get_results (self);

  memset (in, 0, sizeof *in);
  in->view = self->view;
  in->person_text = entry_text (self->person_entry);
  in->person_no = self->person_no;
  in->insurance = selected_insurance (self);
  in->status = selected_status (self);
  in->from_month = entry_text (self->from_month_entry);
  in->to_month = entry_text (self->to_month_entry);
  in->from_day = entry_text (self->from_day_entry);
  in->to_day = entry_text (self->to_day_entry);
  in->hall = self->workspace != NULL && yb_workspace_get_hall_client (self->workspace) != NULL;
  in->offline = self->offline;
  in->busy = self->busy;
  in->n_rows = results != NULL ? g_list_model_get_n_items (results) : 0;
  if (self->view == YB_QUERIES_PENDING && self->selections[self->view] != NULL)
    {
      YbQueryRow *row = gtk_single_selection_get_selected_item (self->selections[self->view]);

      in->pending_selected = row != NULL
                             && g_strcmp0 (yb_query_row_get_string (row, "status"),
                                           "pending") == 0;
    }
}

static void
set_error_label (GtkLabel   *label,
                 const char *text)
{
  gtk_label_set_label (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
report (YbQueriesPage *self,
        const char    *message)
{
  g_free (self->last_message);
  self->last_message = g_strdup (message);
  yb_section_page_show_toast (YB_SECTION_PAGE (self), message, 5);
}

/* --- details ---------------------------------------------------------------------------- */

static const char *
field_label (const char *key)
{
  static const struct
  {
    const char *key;
    const char *label;
  } labels[] = {
    { "name", N_("Name") },
    { "id_type", N_("ID type") },
    { "id_number", N_("ID number") },
    { "sex", N_("Sex") },
    { "birth_date", N_("Birth date") },
    { "ethnicity", N_("Ethnicity") },
    { "education", N_("Education") },
    { "hukou_type", N_("Household type") },
    { "work_start_date", N_("Started work") },
    { "phone", N_("Phone") },
    { "address", N_("Address") },
    { "postcode", N_("Postcode") },
    { "email", N_("Email") },
    { "status", N_("Status") },
    { "status_label", N_("Status") },
    { "start_month", N_("Insured from") },
    { "stop_month", N_("Stop month") },
    { "last_paid_month", N_("Paid through") },
    { "wage", N_("Declared wage") },
    { "base", N_("Contribution base") },
    { "employment_form", N_("Employment form") },
    { "add_reason", N_("Enrolment reason") },
    { "reduce_reason", N_("Reduction reason") },
    { "contract_start", N_("Contract start") },
    { "contract_end", N_("Contract end") },
    { "job_type", N_("Job type") },
    { "person_no", N_("Personal no.") },
    { "credit_code", N_("Unified social credit code") },
    { "unit_type", N_("Unit type") },
    { "legal_person", N_("Legal person") },
    { "industry", N_("Industry") },
    { "contact_name", N_("Contact person") },
    { "contact_phone", N_("Contact phone") },
    { "agent_name", N_("Agent") },
    { "agent_phone", N_("Agent phone") },
    { "registration_no", N_("Registration no.") },
    { "registered_on", N_("Registered on") },
    { "authority", N_("Registration authority") },
    { "declaration_id", N_("No.") },
    { "kind", N_("Business type") },
    { "submitted_at", N_("Accepted at") },
    { "decided_at", N_("Decided at") },
    { "reason", N_("Reason") },
    { "reason_code", N_("Reason") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (key, labels[i].key))
      return _(labels[i].label);
  return key;
}

static void
append_object (GString    *out,
               const char *heading,
               JsonObject *object,
               Format     *format)
{
  g_autoptr (GList) members = NULL;

  if (object == NULL)
    return;
  if (heading != NULL)
    g_string_append_printf (out, "%s%s\n", out->len > 0 ? "\n" : "", heading);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (object, key);
      g_autofree char *text = NULL;
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (node) || g_str_has_suffix (key, "_label")
          || g_str_equal (key, "revision") || g_str_equal (key, "idempotency_key"))
        continue;
      value = json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node)
                                                                 : NULL;
      if (value == NULL)
        continue;
      if (g_str_equal (key, "id_number") && format->privacy)
        value = text = yb_id_number_mask (value);
      else if (g_str_equal (key, "status"))
        value = status_label (format->view, value);
      else if (g_str_equal (key, "kind"))
        value = kind_label (value);
      else if (format->profile != NULL)
        {
          /* The hall names the enrolment reason add_reason; the profile's list is enrol_reason. */
          const char *list = g_str_equal (key, "add_reason") ? "enrol_reason" : key;
          const char *label = yb_region_profile_lookup_label (format->profile, list, value);

          if (label != NULL)
            value = label;
        }
      g_string_append_printf (out, "%s: %s\n", field_label (key), value);
    }
}

static JsonObject *
group (JsonObject *object,
       const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static void
show_details (YbQueriesPage *self,
              const char    *text)
{
  g_free (self->details_text);
  self->details_text = g_strdup (text ? text : "");
  if (self->details[self->view] != NULL)
    gtk_label_set_label (self->details[self->view], self->details_text);
}

static char *
person_key (const char *person_no)
{
  return g_strconcat ("queries/person/", person_no, NULL);
}

static void
show_person (YbQueriesPage *self,
             YbQueryRow    *row)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autofree char *key = person_key (yb_query_row_get_string (row, "person_no"));
  g_autofree char *cached = yb_store_meta_get (self->store, key);
  g_autoptr (JsonNode) node = cached ? json_from_string (cached, NULL) : NULL;
  Format format = page_format (self, YB_QUERIES_ROSTER);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *detail = json_node_get_object (node);

      append_object (out, _("Basic information"), group (detail, "basic"), &format);
      append_object (out, _("Contact information"), group (detail, "contact"), &format);
      append_object (out, _("Insurance information"), group (detail, "insurance"), &format);
    }
  else
    {
      append_object (out, _("Basic information"), yb_query_row_get_object (row), &format);
      g_string_append_printf (out, "\n%s\n", _("Contact and insurance details come from the "
                                               "hall: refresh while online."));
    }
  show_details (self, out->str);
}

static void
on_person_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree char *person_no = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) person = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *key = NULL;
  YbQueriesPage *self;

  person = yb_hall_client_get_person_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = g_object_get_data (G_OBJECT (source), "yb-queries-page");
  if (self == NULL || self->store == NULL || person == NULL)
    return;
  node = json_node_init_object (json_node_alloc (), person);
  text = json_to_string (node, FALSE);
  key = person_key (person_no);
  yb_store_meta_set (self->store, key, text, NULL);
  if (self->view == YB_QUERIES_ROSTER && self->selections[self->view] != NULL)
    {
      YbQueryRow *row = gtk_single_selection_get_selected_item (self->selections[self->view]);

      if (row != NULL && g_strcmp0 (yb_query_row_get_string (row, "person_no"), person_no) == 0)
        show_person (self, row);
    }
}

static void
show_declaration (YbQueriesPage *self,
                  YbQueryRow    *row)
{
  g_autoptr (GString) out = g_string_new (NULL);
  Format format = page_format (self, self->view);
  JsonObject *decl = yb_query_row_get_object (row);
  g_autoptr (JsonObject) top = json_object_new ();
  static const char *const order[] = { "declaration_id", "kind", "name", "id_number",
                                       "submitted_at", "decided_at", "status", "reason" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *value = yb_query_row_get_string (row, order[i]);

      if (value != NULL)
        json_object_set_string_member (top, order[i], value);
    }
  append_object (out, NULL, top, &format);
  append_object (out, _("Declared"), group (decl, "fields"), &format);
  show_details (self, out->str);
}

static void
show_unit (YbQueriesPage *self)
{
  g_autoptr (GString) out = g_string_new (NULL);
  g_autoptr (JsonObject) unit = NULL;
  Format format = page_format (self, YB_QUERIES_UNIT);

  if (self->store != NULL && self->workspace != NULL)
    unit = yb_store_unit_get (self->store, yb_workspace_get_unit_no (self->workspace), NULL);
  if (unit == NULL)
    {
      show_details (self, _("No unit information saved yet: refresh from the hall."));
      return;
    }
  g_string_append_printf (out, "%s: %s\n", _("Unit no."),
                          json_object_get_string_member_with_default (unit, "unit_no", ""));
  append_object (out, _("Basic information"), group (unit, "basic"), &format);
  append_object (out, _("Contact information"), group (unit, "contact"), &format);
  append_object (out, _("Registration"), group (unit, "registration"), &format);
  show_details (self, out->str);
}

static void
on_selection_cb (GtkSingleSelection *selection,
                 GParamSpec         *pspec,
                 YbQueriesPage      *self)
{
  YbQueryRow *row = gtk_single_selection_get_selected_item (selection);

  if (selection != self->selections[self->view])
    return;
  if (row == NULL)
    show_details (self, "");
  else if (self->view == YB_QUERIES_ROSTER)
    {
      YbHallClient *hall = yb_workspace_get_hall_client (self->workspace);
      const char *person_no = yb_query_row_get_string (row, "person_no");

      show_person (self, row);
      if (hall != NULL && person_no != NULL)
        {
          g_object_set_data (G_OBJECT (hall), "yb-queries-page", self);
          yb_hall_client_get_person_async (hall, yb_workspace_get_unit_no (self->workspace),
                                           person_no, self->cancellable, on_person_cb,
                                           g_strdup (person_no));
        }
    }
  else if (self->view == YB_QUERIES_PENDING || self->view == YB_QUERIES_AUDITED
           || self->view == YB_QUERIES_PROGRESS)
    show_declaration (self, row);
  update (self);
}

/* --- lists ------------------------------------------------------------------------------ */

typedef struct
{
  YbQueriesView view;
  gboolean unit_totals;
  char *person_no;
  char *insurance;
  char *status;
  char *search;
  char *from;
  char *to;
} Query;

static void
query_clear (Query *query)
{
  g_free (query->person_no);
  g_free (query->insurance);
  g_free (query->status);
  g_free (query->search);
  g_free (query->from);
  g_free (query->to);
}

static void
current_query (YbQueriesPage *self,
               Query         *query)
{
  gboolean days = self->view == YB_QUERIES_PENDING || self->view == YB_QUERIES_AUDITED
                  || self->view == YB_QUERIES_PROGRESS;

  memset (query, 0, sizeof *query);
  query->view = self->view;
  query->unit_totals = self->view == YB_QUERIES_UNIT_PAYMENTS;
  query->person_no = g_strdup (self->person_no);
  query->insurance = g_strdup (selected_insurance (self));
  query->status = g_strdup (selected_status (self));
  query->search = g_strdup (entry_text (self->search_entry));
  query->from = g_strdup (entry_text (days ? self->from_day_entry : self->from_month_entry));
  query->to = g_strdup (entry_text (days ? self->to_day_entry : self->to_month_entry));
}

/* The cached rows a query shows; NULL when its criteria are not usable. */
static GListModel *
make_model (YbStore     *store,
            const Query *query)
{
  switch (query->view)
    {
    case YB_QUERIES_EMPLOYEE_PAYMENTS:
      if (query->person_no == NULL || query->from == NULL || query->to == NULL)
        return NULL;
      return yb_store_queries_payments (store, FALSE, query->person_no, query->insurance,
                                        query->from, query->to);
    case YB_QUERIES_UNIT_PAYMENTS:
      if (query->from == NULL || query->to == NULL)
        return NULL;
      return yb_store_queries_payments (store, TRUE, NULL, query->insurance, query->from,
                                        query->to);
    case YB_QUERIES_ROSTER:
      return yb_store_queries_roster (store, query->status, query->search);
    case YB_QUERIES_PENDING:
    case YB_QUERIES_AUDITED:
    case YB_QUERIES_PROGRESS:
      return yb_store_queries_declarations (store, yb_queries_view_statuses (query->view),
                                            query->from, query->to);
    case YB_QUERIES_UNIT:
    case YB_QUERIES_RECONCILE:
    case YB_QUERIES_N_VIEWS:
    default:
      return NULL;
    }
}

static void
set_list_model (YbQueriesPage *self,
                YbQueriesView  view,
                GListModel    *model)
{
  GtkSingleSelection *selection = NULL;

  if (self->selections[view] != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->selections[view], on_selection_cb, self);
      g_clear_object (&self->selections[view]);
    }
  if (model != NULL)
    {
      selection = gtk_single_selection_new (g_object_ref (model));
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect (selection, "notify::selected", G_CALLBACK (on_selection_cb), self);
      self->selections[view] = selection;
    }
  if (self->lists[view] != NULL)
    gtk_column_view_set_model (self->lists[view], GTK_SELECTION_MODEL (selection));
}

/* A new model from the cache for the current criteria (never items-changed on the old one). */
static void
rebuild (YbQueriesPage *self)
{
  Query query;
  g_autoptr (GListModel) model = NULL;

  if (self->store == NULL)
    {
      set_list_model (self, self->view, NULL);
      update (self);
      return;
    }
  current_query (self, &query);
  if (self->view == YB_QUERIES_RECONCILE)
    model = self->reconciled ? g_object_ref (self->reconciled) : NULL;
  else
    model = make_model (self->store, &query);
  set_list_model (self, self->view, model);
  if (self->view == YB_QUERIES_UNIT_PAYMENTS)
    {
      g_autoptr (GListModel) totals = NULL;
      g_autoptr (GtkNoSelection) none = NULL;

      if (query.from != NULL && query.to != NULL)
        totals = yb_store_queries_month_totals (self->store, query.insurance, query.from,
                                                query.to);
      none = totals ? gtk_no_selection_new (g_object_ref (totals)) : NULL;
      gtk_column_view_set_model (self->totals_list, GTK_SELECTION_MODEL (none));
    }
  if (self->view == YB_QUERIES_UNIT)
    show_unit (self);
  else
    show_details (self, "");
  query_clear (&query);
  update (self);
}

/* Criteria, buttons and the as-of line from the form state. */
static void
update (YbQueriesPage *self)
{
  YbQueriesInput in;
  GTimeZone *tz = NULL;

  fill_input (self, &in);
  yb_queries_state_clear (&self->state);
  if (self->workspace != NULL && yb_workspace_get_profile (self->workspace) != NULL)
    tz = yb_region_profile_get_timezone (yb_workspace_get_profile (self->workspace));
  yb_queries_state_compute (&in, NULL, &self->state);
  if (self->store != NULL)
    {
      in.fetched_at = yb_store_queries_get_fetched_at (self->store, self->state.scope);
      yb_queries_state_clear (&self->state);
      yb_queries_state_compute (&in, tz, &self->state);
    }

  gtk_widget_set_visible (self->person_box, self->state.show_person);
  gtk_widget_set_visible (self->from_month_box, self->state.show_months);
  gtk_widget_set_visible (self->to_month_box, self->state.show_months);
  gtk_widget_set_visible (self->insurance_box, self->state.show_insurance);
  gtk_widget_set_visible (self->status_box, self->state.show_status);
  gtk_widget_set_visible (self->search_box, self->state.show_search);
  gtk_widget_set_visible (self->from_day_box, self->state.show_days);
  gtk_widget_set_visible (self->to_day_box, self->state.show_days);
  gtk_widget_set_visible (self->withdraw_button, self->state.show_withdraw);
  set_error_label (self->person_error, self->state.person_error);
  set_error_label (self->months_error, self->state.months_error);
  set_error_label (self->days_error, self->state.days_error);
  gtk_label_set_label (self->as_of_label, self->state.as_of);
  gtk_label_set_label (self->view_title, _(views[self->view].title));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queries.refresh", self->state.can_refresh);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queries.export", self->state.can_export);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "queries.withdraw",
                                 self->state.can_withdraw);
}

/* --- refresh ---------------------------------------------------------------------------- */

typedef struct
{
  YbQueriesPage *self;
  Query query;
  char *scope;
  JsonArray *items;
  gint64 started;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  query_clear (&fetch->query);
  g_free (fetch->scope);
  g_clear_pointer (&fetch->items, json_array_unref);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static gboolean
show_spinner_cb (gpointer user_data)
{
  YbQueriesPage *self = user_data;

  self->spinner_id = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  return G_SOURCE_REMOVE;
}

static void
set_busy (YbQueriesPage *self,
          gboolean       busy)
{
  self->busy = busy;
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  if (busy)
    self->spinner_id = g_timeout_add (500, show_spinner_cb, self);
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      gtk_spinner_set_spinning (self->spinner, FALSE);
    }
  update (self);
}

static void
fetch_failed (Fetch        *fetch,
              const GError *error)
{
  YbQueriesPage *self = fetch->self;
  g_autofree char *text = NULL;

  set_busy (self, FALSE);
  self->offline = TRUE;
  text = g_strdup_printf (_("Could not reach the hall (%s). The list shows what was saved on "
                            "this computer."),
                          error->message);
  report (self, text);
  update (self);
}

static void
fetch_done (Fetch *fetch)
{
  YbQueriesPage *self = fetch->self;
  g_autoptr (GError) error = NULL;

  self->offline = FALSE;
  if (self->store != NULL)
    {
      g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

      if (!yb_store_queries_set_fetched_at (self->store, fetch->scope, g_date_time_to_unix (now),
                                            &error))
        report (self, error->message);
    }
  set_busy (self, FALSE);
  rebuild (self);
}

static YbHallClient *
hall (YbQueriesPage *self)
{
  return self->workspace ? yb_workspace_get_hall_client (self->workspace) : NULL;
}

static const char *
unit_no (YbQueriesPage *self)
{
  return yb_workspace_get_unit_no (self->workspace);
}

static void
append_items (JsonArray *into,
              JsonArray *from)
{
  for (guint i = 0; from != NULL && i < json_array_get_length (from); i++)
    json_array_add_element (into, json_node_copy (json_array_get_element (from, i)));
}

static void on_employee_page_cb (GObject *source, GAsyncResult *result, gpointer user_data);
static void on_declarations_page_cb (GObject *source, GAsyncResult *result, gpointer user_data);
static void on_roster_page_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
on_employee_page_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (Fetch) fetch = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbHallPage) page = NULL;
  YbQueriesPage *self = fetch->self;

  page = yb_hall_client_list_employee_payments_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (page == NULL)
    return fetch_failed (fetch, error);
  append_items (fetch->items, page->items);
  if (page->has_more && page->next_cursor != NULL)
    {
      Fetch *next = g_steal_pointer (&fetch);

      yb_hall_client_list_employee_payments_async (YB_HALL_CLIENT (source), unit_no (self),
                                                   next->query.from, next->query.to,
                                                   next->query.insurance, next->query.person_no,
                                                   page->next_cursor, 1000, self->cancellable,
                                                   on_employee_page_cb, next);
      return;
    }
  if (!yb_store_queries_replace_payments (self->store, FALSE, fetch->query.person_no,
                                          fetch->query.insurance, fetch->query.from,
                                          fetch->query.to, fetch->items, &error))
    return fetch_failed (fetch, error);
  fetch_done (fetch);
}

static void
on_unit_payments_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (Fetch) fetch = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) payments = NULL;

  payments = yb_hall_client_list_unit_payments_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (payments == NULL)
    return fetch_failed (fetch, error);
  if (!yb_store_queries_replace_payments (fetch->self->store, TRUE, NULL, fetch->query.insurance,
                                          fetch->query.from, fetch->query.to, payments, &error))
    return fetch_failed (fetch, error);
  fetch_done (fetch);
}

static void
on_unit_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (Fetch) fetch = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) unit = NULL;

  unit = yb_hall_client_get_unit_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (unit == NULL || !yb_store_unit_put (fetch->self->store, unit, &error))
    return fetch_failed (fetch, error);
  fetch_done (fetch);
}

static void
on_declarations_page_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr (Fetch) fetch = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbHallPage) page = NULL;
  YbQueriesPage *self = fetch->self;
  const char *statuses = yb_queries_view_statuses (fetch->query.view);

  page = yb_hall_client_list_declarations_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (page == NULL)
    return fetch_failed (fetch, error);
  append_items (fetch->items, page->items);
  if (page->has_more && page->next_cursor != NULL)
    {
      Fetch *next = g_steal_pointer (&fetch);

      yb_hall_client_list_declarations_async (YB_HALL_CLIENT (source), unit_no (self), statuses,
                                              NULL, next->query.from, next->query.to,
                                              page->next_cursor, 1000, self->cancellable,
                                              on_declarations_page_cb, next);
      return;
    }
  if (!yb_store_queries_replace_declarations (self->store, statuses, fetch->query.from,
                                              fetch->query.to, fetch->items, &error))
    return fetch_failed (fetch, error);
  /* The outbox follows the hall too: counter and web-hall declarations appear there. A
   * declaration whose local state cannot follow is left as it is. */
  for (guint i = 0; i < json_array_get_length (fetch->items); i++)
    {
      g_autoptr (GError) mirror_error = NULL;

      if (yb_store_declaration_mirror (self->store,
                                       json_array_get_object_element (fetch->items, i),
                                       &mirror_error) == 0)
        g_debug ("Not mirrored: %s", mirror_error->message);
    }
  fetch_done (fetch);
}

typedef struct
{
  char *path;
  JsonArray *people;
} ReconcileJob;

static void
reconcile_job_free (ReconcileJob *job)
{
  g_free (job->path);
  json_array_unref (job->people);
  g_free (job);
}

static void
reconcile_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ReconcileJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = yb_store_open (job->path, &error);
  GListModel *rows = NULL;

  if (store != NULL)
    rows = yb_store_reconcile (store, job->people, cancellable, &error);
  if (rows == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, rows, g_object_unref);
}

static void
on_reconciled_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (Fetch) fetch = user_data;
  g_autoptr (GError) error = NULL;
  GListModel *rows = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (rows == NULL)
    return fetch_failed (fetch, error);
  g_clear_object (&fetch->self->reconciled);
  fetch->self->reconciled = rows;
  fetch_done (fetch);
}

static void
on_roster_applied_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (Fetch) fetch = user_data;
  g_autoptr (GError) error = NULL;

  if (!yb_store_roster_apply_delta_finish (YB_STORE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fetch_failed (fetch, error);
      return;
    }
  fetch_done (fetch);
}

static void
on_roster_page_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (Fetch) fetch = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbHallPage) page = NULL;
  YbQueriesPage *self = fetch->self;

  page = yb_hall_client_get_roster_page_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (page == NULL)
    return fetch_failed (fetch, error);
  append_items (fetch->items, page->items);
  if (page->has_more && page->next_cursor != NULL)
    {
      yb_hall_client_get_roster_page_async (YB_HALL_CLIENT (source), unit_no (self),
                                            page->next_cursor, 1000, self->cancellable,
                                            on_roster_page_cb, g_steal_pointer (&fetch));
      return;
    }
  if (fetch->query.view == YB_QUERIES_RECONCILE)
    {
      ReconcileJob *job = g_new0 (ReconcileJob, 1);
      g_autoptr (GTask) task = NULL;

      job->path = g_strdup (yb_store_get_path (self->store));
      job->people = json_array_ref (fetch->items);
      task = g_task_new (NULL, self->cancellable, on_reconciled_cb, g_steal_pointer (&fetch));
      g_task_set_source_tag (task, on_roster_page_cb);
      g_task_set_task_data (task, job, (GDestroyNotify) reconcile_job_free);
      g_task_run_in_thread (task, reconcile_thread);
      return;
    }
  /* Unchanged people are not written (the store's change test). */
  {
    JsonArray *people = fetch->items;

    yb_store_roster_apply_delta_async (self->store, people, NULL, NULL, NULL, self->cancellable,
                                       on_roster_applied_cb, g_steal_pointer (&fetch));
  }
}

static void
refresh_cb (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  YbQueriesPage *self = YB_QUERIES_PAGE (widget);
  YbHallClient *client = hall (self);
  Fetch *fetch;

  update (self);
  if (!self->state.can_refresh || client == NULL)
    return;
  fetch = g_new0 (Fetch, 1);
  fetch->self = self;
  current_query (self, &fetch->query);
  fetch->scope = g_strdup (self->state.scope);
  fetch->items = json_array_new ();
  set_busy (self, TRUE);

  switch (self->view)
    {
    case YB_QUERIES_EMPLOYEE_PAYMENTS:
      yb_hall_client_list_employee_payments_async (client, unit_no (self), fetch->query.from,
                                                   fetch->query.to, fetch->query.insurance,
                                                   fetch->query.person_no, NULL, 1000,
                                                   self->cancellable, on_employee_page_cb,
                                                   fetch);
      break;
    case YB_QUERIES_UNIT_PAYMENTS:
      yb_hall_client_list_unit_payments_async (client, unit_no (self), fetch->query.from,
                                               fetch->query.to, fetch->query.insurance,
                                               self->cancellable, on_unit_payments_cb, fetch);
      break;
    case YB_QUERIES_UNIT:
      yb_hall_client_get_unit_async (client, unit_no (self), self->cancellable, on_unit_cb,
                                     fetch);
      break;
    case YB_QUERIES_PENDING:
    case YB_QUERIES_AUDITED:
    case YB_QUERIES_PROGRESS:
      yb_hall_client_list_declarations_async (client, unit_no (self),
                                              yb_queries_view_statuses (self->view), NULL,
                                              fetch->query.from, fetch->query.to, NULL, 1000,
                                              self->cancellable, on_declarations_page_cb,
                                              fetch);
      break;
    case YB_QUERIES_ROSTER:
    case YB_QUERIES_RECONCILE:
      yb_hall_client_get_roster_page_async (client, unit_no (self), NULL, 1000,
                                            self->cancellable, on_roster_page_cb, fetch);
      break;
    case YB_QUERIES_N_VIEWS:
    default:
      g_assert_not_reached ();
    }
}

/* --- withdraw --------------------------------------------------------------------------- */

static void
on_withdraw_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (Fetch) fetch = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) answer = NULL;
  YbQueriesPage *self = fetch->self;
  g_autoptr (GError) mirror_error = NULL;

  answer = yb_hall_client_withdraw_finish (YB_HALL_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (answer == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not withdraw: %s"), error->message);

      report (self, text);
      return;
    }
  /* Both the query cache and the local declaration (the outbox's) follow the hall. */
  if (!yb_store_queries_put_declaration (self->store, answer, &error))
    {
      report (self, error->message);
      return;
    }
  if (yb_store_declaration_mirror (self->store, answer, &mirror_error) == 0)
    g_debug ("Withdrawal not mirrored: %s", mirror_error->message);
  report (self, _("Withdrawn. The hall will not audit it."));
  rebuild (self);
}

static void
withdraw_cb (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YbQueriesPage *self = YB_QUERIES_PAGE (widget);
  YbQueryRow *row;
  Fetch *fetch;

  update (self);
  if (!self->state.can_withdraw)
    return;
  row = gtk_single_selection_get_selected_item (self->selections[self->view]);
  fetch = g_new0 (Fetch, 1);
  fetch->self = self;
  set_busy (self, TRUE);
  yb_hall_client_withdraw_async (hall (self), unit_no (self),
                                 yb_query_row_get_string (row, "declaration_id"),
                                 self->cancellable, on_withdraw_cb, fetch);
}

/* --- export ----------------------------------------------------------------------------- */

typedef struct
{
  char *store_path;
  char *path;
  Query query;
  Format format;
  GPtrArray *rows; /* the reconciliation, already in memory */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->store_path);
  g_free (job->path);
  query_clear (&job->query);
  g_clear_object (&job->format.profile);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_free (job);
}

static gboolean
write_rows (ExportJob     *job,
            GListModel    *model,
            GPtrArray     *rows,
            GCancellable  *cancellable,
            GError       **error)
{
  const Column *columns = views[job->query.view].columns;
  guint n_columns = views[job->query.view].n_columns;
  g_autofree YbExportColumn *header = g_new0 (YbExportColumn, n_columns);
  g_autoptr (YbExportWriter) writer = NULL;
  guint n = model ? g_list_model_get_n_items (model) : rows->len;

  for (guint c = 0; c < n_columns; c++)
    {
      header[c].header = _(columns[c].title);
      header[c].width = columns[c].expand ? 24 : 14;
      header[c].text = TRUE;
    }
  writer = yb_export_writer_new (job->path, yb_export_format_from_path (job->path),
                                 _(views[job->query.view].title), header, n_columns, error);
  if (writer == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (YbQueryRow) row = model ? g_list_model_get_item (model, i)
                                         : g_object_ref (rows->pdata[i]);
      g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      for (guint c = 0; c < n_columns; c++)
        g_ptr_array_add (values, format_value (&job->format, row, columns[c].key));
      g_ptr_array_add (values, NULL);
      if (!yb_export_writer_add_row (writer, (const char *const *) values->pdata, NULL, error))
        return FALSE;
    }
  return yb_export_writer_finish (writer, error);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (GListModel) model = NULL;

  if (job->rows == NULL)
    {
      /* The page's connection belongs to the main thread: read through our own. */
      store = yb_store_open (job->store_path, &error);
      if (store == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      model = make_model (store, &job->query);
    }
  if (!write_rows (job, model, job->rows, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_exported_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  YbQueriesPage *self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      text = g_strdup_printf (_("Could not export: %s"), error->message);
      report (self, text);
      return;
    }
  set_busy (self, FALSE);
  report (self, _("Exported."));
}

/**
 * yb_queries_page_export_to:
 * @self: the page
 * @file: a local .xlsx or .csv file (anything else is written as .xlsx)
 *
 * Writes the current list with its visible columns in a worker thread.
 */
void
yb_queries_page_export_to (YbQueriesPage *self,
                           GFile         *file)
{
  g_autoptr (GTask) task = NULL;
  ExportJob *job;
  GListModel *results;

  g_return_if_fail (YB_IS_QUERIES_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  update (self);
  if (!self->state.can_export || self->store == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->store_path = g_strdup (yb_store_get_path (self->store));
  job->path = g_file_get_path (file);
  current_query (self, &job->query);
  job->format = page_format (self, self->view);
  if (job->format.profile != NULL)
    g_object_ref (job->format.profile);
  results = yb_queries_page_get_results (self);
  if (self->view == YB_QUERIES_RECONCILE)
    {
      job->rows = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < g_list_model_get_n_items (results); i++)
        g_ptr_array_add (job->rows, g_list_model_get_item (results, i));
    }
  task = g_task_new (NULL, self->cancellable, on_exported_cb, self);
  g_task_set_source_tag (task, yb_queries_page_export_to);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, export_thread);
}

static void
on_chooser_response_cb (GtkNativeDialog *chooser,
                        int              response,
                        YbQueriesPage   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        yb_queries_page_export_to (self, file);
    }
  g_object_unref (chooser);
}

static void
export_cb (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  YbQueriesPage *self = YB_QUERIES_PAGE (widget);
  GtkFileChooserNative *chooser;
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;

  update (self);
  if (!self->state.can_export)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the List"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                         _("_Cancel"));
  name = g_strdup_printf ("%s.xlsx", _(views[self->view].title));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
show_view_cb (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  YbQueriesView view;

  if (yb_queries_view_from_string (g_variant_get_string (parameter, NULL), &view))
    yb_queries_page_set_view (YB_QUERIES_PAGE (widget), view);
}

/* --- signals ---------------------------------------------------------------------------- */

static void
on_criteria_changed_cb (YbQueriesPage *self)
{
  resolve_person (self);
  rebuild (self);
}

static void
on_stack_child_cb (GtkStack      *stack,
                   GParamSpec    *pspec,
                   YbQueriesPage *self)
{
  YbQueriesView view;

  if (yb_queries_view_from_string (gtk_stack_get_visible_child_name (stack), &view)
      && view != self->view)
    {
      self->view = view;
      self->offline = FALSE;
      rebuild (self);
    }
}

static void
on_store_changed_cb (YbStore       *store,
                     const char    *table,
                     YbQueriesPage *self)
{
  /* Our own writes rebuild when they finish; others' (the sync engine) rebuild here. */
  if (!self->busy)
    rebuild (self);
}

static void
fill_insurance_types (YbQueriesPage *self)
{
  g_autoptr (GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr (GStrvBuilder) codes = g_strv_builder_new ();
  YbRegionProfile *profile = self->workspace ? yb_workspace_get_profile (self->workspace)
                                             : NULL;
  GPtrArray *list = profile ? yb_region_profile_get_code_list (profile, "insurance_type") : NULL;

  gtk_string_list_append (strings, _("All types"));
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      const YbCodeEntry *entry = g_ptr_array_index (list, i);

      gtk_string_list_append (strings, yb_region_profile_lookup_label (profile, "insurance_type",
                                                                       entry->code));
      g_strv_builder_add (codes, entry->code);
    }
  g_strfreev (self->insurance_codes);
  self->insurance_codes = g_strv_builder_end (codes);
  gtk_drop_down_set_model (self->insurance_dropdown, G_LIST_MODEL (strings));
  gtk_drop_down_set_selected (self->insurance_dropdown, 0);
}

static void
yb_queries_page_workspace_changed (YbSectionPage *page)
{
  YbQueriesPage *self = YB_QUERIES_PAGE (page);
  GObject *workspace = yb_section_page_get_workspace (page);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = FALSE;
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->reconciled);
  g_clear_object (&self->workspace);
  if (YB_IS_WORKSPACE (workspace))
    self->workspace = g_object_ref (YB_WORKSPACE (workspace));
  if (self->workspace != NULL)
    {
      self->store = g_object_ref (yb_workspace_get_store (self->workspace));
      self->store_changed_id = g_signal_connect (self->store, "changed",
                                                 G_CALLBACK (on_store_changed_cb), self);
    }
  fill_insurance_types (self);
  resolve_person (self);
  rebuild (self);
}

static void
yb_queries_page_dispose (GObject *object)
{
  YbQueriesPage *self = YB_QUERIES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->spinner_id, g_source_remove);
  if (self->store != NULL)
    g_clear_signal_handler (&self->store_changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_object (&self->workspace);
  g_clear_object (&self->reconciled);
  for (guint i = 0; i < YB_QUERIES_N_VIEWS; i++)
    if (self->selections[i] != NULL)
      {
        g_signal_handlers_disconnect_by_func (self->selections[i], on_selection_cb, self);
        g_clear_object (&self->selections[i]);
      }
  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_QUERIES_PAGE);

  G_OBJECT_CLASS (yb_queries_page_parent_class)->dispose (object);
}

static void
yb_queries_page_finalize (GObject *object)
{
  YbQueriesPage *self = YB_QUERIES_PAGE (object);

  g_free (self->person_no);
  g_strfreev (self->insurance_codes);
  g_free (self->details_text);
  g_free (self->last_message);
  yb_queries_state_clear (&self->state);

  G_OBJECT_CLASS (yb_queries_page_parent_class)->finalize (object);
}

static void
yb_queries_page_class_init (YbQueriesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  YbSectionPageClass *page_class = YB_SECTION_PAGE_CLASS (klass);

  object_class->dispose = yb_queries_page_dispose;
  object_class->finalize = yb_queries_page_finalize;
  page_class->workspace_changed = yb_queries_page_workspace_changed;

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/yibao/Yibao/ui/queries/yb-queries-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, YbQueriesPage, name)
  CHILD (stack);
  CHILD (view_title);
  CHILD (person_box);
  CHILD (from_month_box);
  CHILD (to_month_box);
  CHILD (insurance_box);
  CHILD (status_box);
  CHILD (from_day_box);
  CHILD (to_day_box);
  CHILD (search_box);
  CHILD (person_entry);
  CHILD (from_month_entry);
  CHILD (to_month_entry);
  CHILD (from_day_entry);
  CHILD (to_day_entry);
  CHILD (search_entry);
  CHILD (insurance_dropdown);
  CHILD (status_dropdown);
  CHILD (person_error);
  CHILD (months_error);
  CHILD (days_error);
  CHILD (as_of_label);
  CHILD (spinner);
  CHILD (withdraw_button);
  CHILD (totals_list);
#undef CHILD
#define LIST(view, name)                                                                       \
  gtk_widget_class_bind_template_child_full (widget_class, name, FALSE,                        \
                                             G_STRUCT_OFFSET (YbQueriesPage, lists)            \
                                               + view * sizeof (GtkColumnView *))
  LIST (YB_QUERIES_EMPLOYEE_PAYMENTS, "employee_payments_list");
  LIST (YB_QUERIES_UNIT_PAYMENTS, "unit_payments_list");
  LIST (YB_QUERIES_ROSTER, "roster_list");
  LIST (YB_QUERIES_PENDING, "pending_list");
  LIST (YB_QUERIES_AUDITED, "audited_list");
  LIST (YB_QUERIES_PROGRESS, "progress_list");
  LIST (YB_QUERIES_RECONCILE, "reconcile_list");
#undef LIST
#define DETAILS(view, name)                                                                    \
  gtk_widget_class_bind_template_child_full (widget_class, name, FALSE,                        \
                                             G_STRUCT_OFFSET (YbQueriesPage, details)          \
                                               + view * sizeof (GtkLabel *))
  DETAILS (YB_QUERIES_ROSTER, "roster_details");
  DETAILS (YB_QUERIES_UNIT, "unit_details");
  DETAILS (YB_QUERIES_PENDING, "pending_details");
  DETAILS (YB_QUERIES_AUDITED, "audited_details");
  DETAILS (YB_QUERIES_PROGRESS, "progress_details");
#undef DETAILS

  gtk_widget_class_install_action (widget_class, "queries.refresh", NULL, refresh_cb);
  gtk_widget_class_install_action (widget_class, "queries.export", NULL, export_cb);
  gtk_widget_class_install_action (widget_class, "queries.withdraw", NULL, withdraw_cb);
  gtk_widget_class_install_action (widget_class, "queries.show-view", "s", show_view_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "queries.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "queries.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_W,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "queries.withdraw",
                                       NULL);
  for (guint i = 0; i < YB_QUERIES_N_VIEWS; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "queries.show-view", "s",
                                         yb_queries_view_to_string (i));
}

static void
yb_queries_page_init (YbQueriesPage *self)
{
  g_autoptr (GtkStringList) statuses = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  statuses = gtk_string_list_new ((const char *const[]) { _("All"), C_("insured status", "Insured"),
                                                          C_("insured status", "Suspended"),
                                                          C_("insured status", "Stopped"),
                                                          NULL });
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  for (guint i = 0; i < YB_QUERIES_N_VIEWS; i++)
    if (self->lists[i] != NULL)
      add_columns (self, self->lists[i], i, views[i].columns, views[i].n_columns);
  add_columns (self, self->totals_list, YB_QUERIES_UNIT_PAYMENTS, total_columns,
               G_N_ELEMENTS (total_columns));

  g_signal_connect_swapped (self->person_entry, "changed", G_CALLBACK (on_criteria_changed_cb),
                            self);
  g_signal_connect_swapped (self->from_month_entry, "changed",
                            G_CALLBACK (on_criteria_changed_cb), self);
  g_signal_connect_swapped (self->to_month_entry, "changed", G_CALLBACK (on_criteria_changed_cb),
                            self);
  g_signal_connect_swapped (self->from_day_entry, "changed", G_CALLBACK (on_criteria_changed_cb),
                            self);
  g_signal_connect_swapped (self->to_day_entry, "changed", G_CALLBACK (on_criteria_changed_cb),
                            self);
  g_signal_connect_swapped (self->search_entry, "changed", G_CALLBACK (on_criteria_changed_cb),
                            self);
  g_signal_connect_swapped (self->insurance_dropdown, "notify::selected",
                            G_CALLBACK (on_criteria_changed_cb), self);
  g_signal_connect_swapped (self->status_dropdown, "notify::selected",
                            G_CALLBACK (on_criteria_changed_cb), self);
  g_signal_connect (self->stack, "notify::visible-child", G_CALLBACK (on_stack_child_cb), self);

  self->view = YB_QUERIES_EMPLOYEE_PAYMENTS;
  gtk_stack_set_visible_child_name (self->stack, yb_queries_view_to_string (self->view));
  update (self);
}

/* --- public API ------------------------------------------------------------------------- */

YbQueriesView
yb_queries_page_get_view (YbQueriesPage *self)
{
  g_return_val_if_fail (YB_IS_QUERIES_PAGE (self), YB_QUERIES_EMPLOYEE_PAYMENTS);

  return self->view;
}

void
yb_queries_page_set_view (YbQueriesPage *self,
                          YbQueriesView  view)
{
  g_return_if_fail (YB_IS_QUERIES_PAGE (self));
  g_return_if_fail (view < YB_QUERIES_N_VIEWS);

  gtk_stack_set_visible_child_name (self->stack, yb_queries_view_to_string (view));
}

gboolean
yb_queries_page_get_busy (YbQueriesPage *self)
{
  g_return_val_if_fail (YB_IS_QUERIES_PAGE (self), FALSE);

  return self->busy;
}

/* Returns: (transfer none) (nullable): the list the current view shows */
GListModel *
yb_queries_page_get_results (YbQueriesPage *self)
{
  g_return_val_if_fail (YB_IS_QUERIES_PAGE (self), NULL);

  return self->selections[self->view] ? G_LIST_MODEL (self->selections[self->view]) : NULL;
}

/* Returns: (transfer none) (nullable): the unit payments' totals per month */
GListModel *
yb_queries_page_get_totals (YbQueriesPage *self)
{
  g_return_val_if_fail (YB_IS_QUERIES_PAGE (self), NULL);

  return G_LIST_MODEL (gtk_column_view_get_model (self->totals_list));
}

const char *
yb_queries_page_get_details (YbQueriesPage *self)
{
  g_return_val_if_fail (YB_IS_QUERIES_PAGE (self), NULL);

  return self->details_text ? self->details_text : "";
}

const char *
yb_queries_page_get_last_message (YbQueriesPage *self)
{
  g_return_val_if_fail (YB_IS_QUERIES_PAGE (self), NULL);

  return self->last_message;
}

void
yb_queries_page_select (YbQueriesPage *self,
                        guint          position)
{
  g_return_if_fail (YB_IS_QUERIES_PAGE (self));

  if (self->selections[self->view] != NULL)
    gtk_single_selection_set_selected (self->selections[self->view], position);
}

/* Returns: (transfer full): the text the list shows in @column (a key of the view's columns) */
char *
yb_queries_page_format_cell (YbQueriesPage *self,
                             GObject       *row,
                             const char    *column)
{
  Format format;

  g_return_val_if_fail (YB_IS_QUERIES_PAGE (self), NULL);
  g_return_val_if_fail (YB_IS_QUERY_ROW (row), NULL);

  format = page_format (self, self->view);
  return format_value (&format, YB_QUERY_ROW (row), column);
}

/* Returns: (transfer container): the current view's column keys, in order */
const char **
yb_queries_page_get_columns (YbQueriesPage *self,
                             guint         *n_columns)
{
  const char **keys;
  guint n;

  g_return_val_if_fail (YB_IS_QUERIES_PAGE (self), NULL);

  n = views[self->view].n_columns;
  keys = g_new0 (const char *, n + 1);
  for (guint i = 0; i < n; i++)
    keys[i] = views[self->view].columns[i].key;
  if (n_columns != NULL)
    *n_columns = n;
  return keys;
}
