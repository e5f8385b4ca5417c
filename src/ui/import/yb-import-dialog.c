/* yb-import-dialog.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbImportDialog"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yb-import-dialog.h"

#include "yb-export-writer.h"
#include "yb-import-actions.h"
#include "yb-import-error.h"
#include "yb-import-state.h"
#include "yb-window.h"

/*
 * The batch import window: open an .xlsx or CSV file (read and checked in a worker, with
 * progress and cancel), then a grid of every row with each bad cell marked and its reason.
 * The clerk fixes cells in place or drops rows; the good rows become drafts in one store
 * transaction. The report of every row with its reasons can be saved as .xlsx or CSV.
 * A workbook with several sheets that could be imported shows its sheets first (rows, whether
 * the header is recognised, hidden ones marked) and the clerk picks the one to read.
 *
 * The grid's columns depend on the file (the columns Yibao knows, in file order), so they
 * are built in code after each load. Cells follow their row's notify::findings: the model
 * re-runs the rules on an edit and notifies every row whose findings changed.
 */

struct _YbImportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle *window_title;
  GtkStack *stack;
  GtkLabel *loading_label;
  GtkProgressBar *progress_bar;
  AdwStatusPage *error_status;
  GtkLabel *summary_label;
  GtkButton *commit_button;
  GtkColumnView *column_view;
  AdwStatusPage *sheets_status;
  GtkListBox *sheets_list;

  YbWorkspace *workspace;
  YbImportKind kind;
  YbImportModel *model;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  GHashTable *positions;      /* YbImportRow -> position + 1 */
  GCancellable *cancellable;
  GFile *file;
  YbImportPhase phase;
  YbImportState state;
  gboolean only_errors;
  gboolean busy;
  char *error_text;
};

G_DEFINE_FINAL_TYPE (YbImportDialog, yb_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_ONLY_ERRORS,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DRAFTS_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define FIELD_KEY "yb-import-field"
#define ROW_KEY "yb-import-row"
#define HANDLER_KEY "yb-import-handler"

/* State */

static void
update_state (YbImportDialog *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  yb_import_state_compute (&self->state, self->phase, self->busy, n_rows,
                           yb_import_model_get_n_good_rows (self->model),
                           yb_import_model_get_n_bad_rows (self->model));
  gtk_stack_set_visible_child_name (self->stack, self->state.page);
  gtk_label_set_text (self->summary_label, self->state.summary);
  gtk_button_set_label (self->commit_button, self->state.commit_label);
  gtk_widget_action_set_enabled (widget, "import.open", self->state.can_open);
  gtk_widget_action_set_enabled (widget, "import.download-template", self->state.can_open);
  gtk_widget_action_set_enabled (widget, "import.commit", self->state.can_commit);
  gtk_widget_action_set_enabled (widget, "import.export-report", self->state.can_export_report);
  gtk_widget_action_set_enabled (widget, "import.only-errors", self->state.can_filter);
  gtk_widget_action_set_enabled (widget, "import.choose-sheet", self->state.can_choose_sheet);
  gtk_widget_set_sensitive (GTK_WIDGET (self->column_view), self->state.can_edit);
}

static void
set_busy (YbImportDialog *self,
          gboolean        busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static guint
row_position (YbImportDialog *self,
              YbImportRow    *row)
{
  gpointer found = g_hash_table_lookup (self->positions, row);

  g_assert (found != NULL);
  return GPOINTER_TO_UINT (found) - 1;
}

static char *
cell_text (YbImportDialog *self,
           YbImportRow    *row,
           const char     *field)
{
  const YbImportColumn *column = yb_import_columns_find (self->kind, field);
  const char *value = yb_import_row_get_value (row, field);
  const char *label = NULL;

  /* Codes show as their labels; typing a label back maps it to the code again. */
  if (column != NULL && column->list != NULL && *value != '\0')
    label = yb_region_profile_lookup_label (yb_workspace_get_profile (self->workspace),
                                            column->list, value);
  if (label != NULL)
    return g_strdup (label);
  if (g_str_equal (field, "business_type"))
    {
      if (g_str_equal (value, "new"))
        return g_strdup ("新增");
      if (g_str_equal (value, "resume"))
        return g_strdup ("续保");
    }
  return g_strdup (value);
}

/* Cells */

static void
refresh_cell (GtkEntry *entry)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (gtk_widget_get_root (GTK_WIDGET (entry)));
  YbImportRow *row = g_object_get_data (G_OBJECT (entry), ROW_KEY);
  const char *field = g_object_get_data (G_OBJECT (entry), FIELD_KEY);
  const YbFinding *finding;
  g_autofree char *text = NULL;

  if (row == NULL || self == NULL)
    return;
  text = cell_text (self, row, field);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (entry)), text) != 0)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_object_set_data_full (G_OBJECT (entry), "yb-import-shown", g_strdup (text), g_free);
  finding = yb_import_row_get_cell_finding (row, field);
  if (finding != NULL && yb_finding_is_error (finding))
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "warning");
    }
  else if (finding != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (entry), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (entry), "warning");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (entry), finding != NULL ? finding->message : NULL);
  gtk_widget_set_opacity (GTK_WIDGET (entry), yb_import_row_get_dropped (row) ? 0.45 : 1.0);
}

static void
commit_cell (GtkEntry *entry)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (gtk_widget_get_root (GTK_WIDGET (entry)));
  YbImportRow *row = g_object_get_data (G_OBJECT (entry), ROW_KEY);
  const char *field = g_object_get_data (G_OBJECT (entry), FIELD_KEY);
  const char *shown = g_object_get_data (G_OBJECT (entry), "yb-import-shown");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  /* Untouched cells keep their value: a label shown for a code is not re-typed. */
  if (row == NULL || self == NULL || self->busy || g_strcmp0 (shown, text) == 0)
    return;
  yb_import_model_set_value (self->model, row_position (self, row), field, text);
}

static void
on_cell_activate_cb (GtkEntry *entry,
                     gpointer  user_data)
{
  commit_cell (entry);
}

static void
on_cell_focus_leave_cb (GtkEventControllerFocus *controller,
                        gpointer                 user_data)
{
  commit_cell (GTK_ENTRY (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller))));
}

static void
on_row_notify_cb (YbImportRow *row,
                  GParamSpec  *pspec,
                  GtkWidget   *widget)
{
  if (GTK_IS_ENTRY (widget))
    refresh_cell (GTK_ENTRY (widget));
}

static void
watch_row (GtkWidget   *widget,
           YbImportRow *row,
           GCallback    callback)
{
  gulong id = g_signal_connect_object (row, "notify", callback, widget, 0);

  g_object_set_data (G_OBJECT (widget), ROW_KEY, row);
  g_object_set_data (G_OBJECT (widget), HANDLER_KEY, GSIZE_TO_POINTER (id));
}

static void
unwatch_row (GtkWidget *widget)
{
  YbImportRow *row = g_object_get_data (G_OBJECT (widget), ROW_KEY);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), HANDLER_KEY));

  if (row != NULL && id != 0)
    g_signal_handler_disconnect (row, id);
  g_object_set_data (G_OBJECT (widget), ROW_KEY, NULL);
  g_object_set_data (G_OBJECT (widget), HANDLER_KEY, NULL);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GtkColumnViewColumn      *column)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_entry_set_has_frame (GTK_ENTRY (entry), FALSE);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 4);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 8);
  g_object_set_data (G_OBJECT (entry), FIELD_KEY,
                     g_object_get_data (G_OBJECT (factory), FIELD_KEY));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_column_view_column_get_title (column), -1);
  g_signal_connect (entry, "activate", G_CALLBACK (on_cell_activate_cb), NULL);
  g_signal_connect (focus, "leave", G_CALLBACK (on_cell_focus_leave_cb), NULL);
  gtk_widget_add_controller (entry, focus);
  gtk_list_item_set_child (item, entry);
  gtk_list_item_set_activatable (item, FALSE);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *entry = gtk_list_item_get_child (item);

  watch_row (entry, gtk_list_item_get_item (item), G_CALLBACK (on_row_notify_cb));
  refresh_cell (GTK_ENTRY (entry));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  unwatch_row (gtk_list_item_get_child (item));
}

/* The row number, the drop toggle and the reasons */

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_number_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  YbImportRow *row = gtk_list_item_get_item (item);
  g_autofree char *text = g_strdup_printf ("%u", yb_import_row_get_row_number (row));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
  gtk_widget_add_css_class (gtk_list_item_get_child (item), "dim-label");
  gtk_widget_add_css_class (gtk_list_item_get_child (item), "numeric");
}

static void
refresh_reason (GtkLabel *label)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (gtk_widget_get_root (GTK_WIDGET (label)));
  YbImportRow *row = g_object_get_data (G_OBJECT (label), ROW_KEY);
  g_autofree char *reason = NULL;

  if (row == NULL || self == NULL)
    return;
  reason = yb_import_model_dup_row_reason (self->model, row_position (self, row));
  if (yb_import_row_get_dropped (row))
    {
      g_free (reason);
      reason = g_strdup (_("Dropped: will not become a draft"));
    }
  gtk_label_set_text (label, reason);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), *reason != '\0' ? reason : NULL);
  if (yb_import_row_has_errors (row) && !yb_import_row_get_dropped (row))
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
}

static void
on_reason_row_notify_cb (YbImportRow *row,
                         GParamSpec  *pspec,
                         GtkLabel    *label)
{
  refresh_reason (label);
}

static void
bind_reason_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);

  watch_row (label, gtk_list_item_get_item (item), G_CALLBACK (on_reason_row_notify_cb));
  refresh_reason (GTK_LABEL (label));
}

static void
unbind_watch_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  unwatch_row (gtk_list_item_get_child (item));
}

static void
on_drop_toggled_cb (GtkCheckButton *check,
                    gpointer        user_data)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (gtk_widget_get_root (GTK_WIDGET (check)));
  YbImportRow *row = g_object_get_data (G_OBJECT (check), ROW_KEY);

  if (row == NULL || self == NULL
      || yb_import_row_get_dropped (row) == gtk_check_button_get_active (check))
    return;
  yb_import_model_set_dropped (self->model, row_position (self, row),
                               gtk_check_button_get_active (check));
}

static void
on_drop_row_notify_cb (YbImportRow    *row,
                       GParamSpec     *pspec,
                       GtkCheckButton *check)
{
  gtk_check_button_set_active (check, yb_import_row_get_dropped (row));
}

static void
setup_drop_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Leave this row out"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Drop row"), -1);
  g_signal_connect (check, "toggled", G_CALLBACK (on_drop_toggled_cb), NULL);
  gtk_list_item_set_child (item, check);
}

static void
bind_drop_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *check = gtk_list_item_get_child (item);
  YbImportRow *row = gtk_list_item_get_item (item);

  /* Set before watching, so binding does not count as the clerk's toggle. */
  g_object_set_data (G_OBJECT (check), ROW_KEY, NULL);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), yb_import_row_get_dropped (row));
  watch_row (check, row, G_CALLBACK (on_drop_row_notify_cb));
}

static GtkColumnViewColumn *
add_column (YbImportDialog *self,
            const char     *title,
            GCallback       setup,
            GCallback       bind,
            GCallback       unbind,
            gpointer        setup_data)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column = gtk_column_view_column_new (title, factory);

  g_signal_connect (factory, "setup", setup, setup_data != NULL ? setup_data : column);
  g_signal_connect (factory, "bind", bind, NULL);
  if (unbind != NULL)
    g_signal_connect (factory, "unbind", unbind, NULL);
  gtk_column_view_append_column (self->column_view, column);
  g_object_unref (column);
  return column;
}

static void
remove_columns (YbImportDialog *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->column_view, column);
    }
}

/* Wide enough for the usual content; the clerk can widen a column, the tooltip shows all. */
static int
column_width (const char *field)
{
  if (g_str_equal (field, "id_number"))
    return 170;
  if (g_str_equal (field, "address") || g_str_equal (field, "email"))
    return 220;
  if (g_str_equal (field, "sex"))
    return 64;
  if (g_str_equal (field, "name"))
    return 80;
  return 110;
}

static void
build_columns (YbImportDialog *self)
{
  GtkColumnViewColumn *column;

  remove_columns (self);
  column = add_column (self, _("Row"), G_CALLBACK (setup_label_cb), G_CALLBACK (bind_number_cb),
                       NULL, self);
  gtk_column_view_column_set_fixed_width (column, 56);
  for (guint i = 0; i < yb_import_model_get_n_columns (self->model); i++)
    {
      const char *field = yb_import_model_get_column_field (self->model, i);
      const char *header = yb_import_model_get_column_header (self->model, i);
      g_autofree char *title = yb_import_model_get_column_required (self->model, i)
                               ? g_strdup_printf ("%s *", header) : g_strdup (header);
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      g_object_set_data_full (G_OBJECT (factory), FIELD_KEY, g_strdup (field), g_free);
      column = gtk_column_view_column_new (title, factory);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), column);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), NULL);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), NULL);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_fixed_width (column, column_width (field));
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
  column = add_column (self, _("Drop"), G_CALLBACK (setup_drop_cb), G_CALLBACK (bind_drop_cb),
                       G_CALLBACK (unbind_watch_cb), self);
  gtk_column_view_column_set_fixed_width (column, 56);
  column = add_column (self, _("Reasons"), G_CALLBACK (setup_label_cb),
                       G_CALLBACK (bind_reason_cb), G_CALLBACK (unbind_watch_cb), self);
  gtk_column_view_column_set_fixed_width (column, 300);
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_column_set_resizable (column, TRUE);
}

static void
index_rows (YbImportDialog *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  g_hash_table_remove_all (self->positions);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YbImportRow) row = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      /* The model holds the rows; the table only points at them. */
      g_hash_table_insert (self->positions, row, GUINT_TO_POINTER (i + 1));
    }
}

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  YbImportDialog *self = user_data;

  return !self->only_errors
         || (yb_import_row_has_errors (item) && !yb_import_row_get_dropped (item));
}

static void
on_model_items_changed_cb (YbImportDialog *self,
                           guint           position,
                           guint           removed,
                           guint           added,
                           GListModel     *model)
{
  if (removed != added || position + added > g_hash_table_size (self->positions))
    index_rows (self);
  update_state (self);
}

/* Loading */

static void on_load_done_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data);
static void on_load_progress (guint    rows,
                              gpointer user_data);

static void
start_load (YbImportDialog *self,
            const char     *sheet)
{
  g_autofree char *path = g_file_get_path (self->file);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *text = NULL;

  if (sheet != NULL)
    /* Translators: a sheet's name, then the workbook's file name. */
    text = g_strdup_printf (_("Reading sheet “%s” of “%s”…"), sheet, name);
  else
    text = g_strdup_printf (_("Reading “%s”…"), name);
  gtk_label_set_text (self->loading_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, "");
  self->phase = YB_IMPORT_PHASE_LOADING;
  update_state (self);
  yb_import_model_load_async (self->model, path, self->kind, sheet, on_load_progress,
                              self, NULL, self->cancellable, on_load_done_cb,
                              g_object_ref (self));
}

static void
show_error (YbImportDialog *self,
            const char     *message)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);
  adw_status_page_set_description (self->error_status, message);
  self->phase = YB_IMPORT_PHASE_ERROR;
  update_state (self);
}

/* Back to what was there before a cancelled load: the model keeps its rows on failure. */
static void
show_previous (YbImportDialog *self)
{
  self->phase = g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0
                ? YB_IMPORT_PHASE_GRID : YB_IMPORT_PHASE_EMPTY;
  update_state (self);
}

/* The sheet picker */

static GtkWidget *
create_sheet_row (const YbImportSheet *sheet)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows",
                                                        sheet->n_rows), sheet->n_rows);
  g_autofree char *subtitle = NULL;

  if (sheet->recognised)
    /* Translators: "12 rows · header recognised: Enrolment". */
    subtitle = g_strdup_printf (_("%s · header recognised: %s"), rows,
                                yb_import_kind_get_label (sheet->kind));
  else
    /* Translators: "3 rows · no header Yibao recognises". */
    subtitle = g_strdup_printf (_("%s · no header Yibao recognises"), rows);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), sheet->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (sheet->hidden)
    {
      GtkWidget *tag = gtk_label_new (_("Hidden sheet"));

      gtk_widget_add_css_class (tag, "dim-label");
      gtk_widget_add_css_class (tag, "caption");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), tag);
    }
  if (sheet->recognised)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "import.choose-sheet");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", sheet->name);
    }
  else
    {
      /* Reading it would only end in "no header row": shown, so the clerk sees why. */
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_widget_set_sensitive (row, FALSE);
    }
  return row;
}

static void
show_sheets (YbImportDialog *self,
             GPtrArray      *sheets)
{
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *description = NULL;
  GtkWidget *child;
  GtkWidget *first = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sheets_list))) != NULL)
    gtk_list_box_remove (self->sheets_list, child);
  for (guint i = 0; i < sheets->len; i++)
    {
      const YbImportSheet *sheet = g_ptr_array_index (sheets, i);
      GtkWidget *row = create_sheet_row (sheet);

      gtk_list_box_append (self->sheets_list, row);
      if (first == NULL && sheet->recognised)
        first = row;
    }
  /* Translators: %s is the workbook's file name. */
  description = g_strdup_printf (_("“%s” has several sheets that could be imported. Choose "
                                   "the one to read."), name);
  adw_status_page_set_description (self->sheets_status, description);
  self->phase = YB_IMPORT_PHASE_SHEETS;
  update_state (self);
  if (first != NULL)
    gtk_widget_grab_focus (first);
}

static void
on_sheets_listed_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(YbImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sheets = NULL;

  sheets = yb_import_list_sheets_finish (result, &error);
  if (self->model == NULL)
    return;
  if (sheets == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_previous (self);
      else
        show_error (self, error->message);
      return;
    }
  show_sheets (self, sheets);
}

static void
list_sheets (YbImportDialog *self)
{
  g_autofree char *path = g_file_get_path (self->file);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *text = NULL;

  /* Translators: %s is the workbook's file name. */
  text = g_strdup_printf (_("Looking at the sheets of “%s”…"), name);
  gtk_label_set_text (self->loading_label, text);
  gtk_progress_bar_pulse (self->progress_bar);
  gtk_progress_bar_set_text (self->progress_bar, "");
  yb_import_list_sheets_async (path, self->kind, self->cancellable, on_sheets_listed_cb,
                               g_object_ref (self));
}

static void
on_load_progress (guint    rows,
                  gpointer user_data)
{
  YbImportDialog *self = user_data;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row read",
                                                        "%u rows read", rows), rows);

  gtk_progress_bar_pulse (self->progress_bar);
  gtk_progress_bar_set_text (self->progress_bar, text);
}

static void
on_load_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YbImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yb_import_model_load_finish (YB_IMPORT_MODEL (source), result, &error))
    {
      if (self->model == NULL)
        return;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_previous (self);
      else if (g_error_matches (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_AMBIGUOUS_SHEET))
        list_sheets (self);   /* still loading: the picker follows */
      else
        show_error (self, error->message);
      return;
    }
  if (self->model == NULL)
    return;

  self->kind = yb_import_model_get_kind (self->model);
  index_rows (self);
  build_columns (self);
  self->phase = YB_IMPORT_PHASE_GRID;
  update_state (self);
}

/* Actions */

static void
on_open_response_cb (GtkNativeDialog *native,
                     int              response,
                     YbImportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      yb_import_dialog_load_file (self, file);
    }
  g_object_unref (native);
}

static void
add_filters (GtkFileChooser *chooser,
             gboolean        csv)
{
  g_autoptr(GtkFileFilter) xlsx = gtk_file_filter_new ();

  gtk_file_filter_set_name (xlsx, _("Excel workbooks (.xlsx)"));
  gtk_file_filter_add_suffix (xlsx, "xlsx");
  gtk_file_filter_add_mime_type (xlsx,
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  gtk_file_chooser_add_filter (chooser, xlsx);
  if (csv)
    {
      g_autoptr(GtkFileFilter) text = gtk_file_filter_new ();

      gtk_file_filter_set_name (text, _("CSV text (.csv)"));
      gtk_file_filter_add_suffix (text, "csv");
      gtk_file_filter_add_mime_type (text, "text/csv");
      gtk_file_chooser_add_filter (chooser, text);
    }
}

static void
open_activate (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (widget);
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  native = gtk_file_chooser_native_new (_("Open Spreadsheet"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (all, _("Spreadsheets (.xlsx, .csv)"));
  gtk_file_filter_add_suffix (all, "xlsx");
  gtk_file_filter_add_suffix (all, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), all);
  add_filters (GTK_FILE_CHOOSER (native), TRUE);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
choose_sheet_activate (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (widget);
  const char *sheet = g_variant_get_string (parameter, NULL);
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;

  if (!self->state.can_choose_sheet || self->file == NULL)
    return;
  name = g_file_get_basename (self->file);
  /* Translators: the window's subtitle: the file's name, then the sheet's. */
  subtitle = g_strdup_printf (_("%s · %s"), name, sheet);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  start_load (self, sheet);
}

static void
cancel_activate (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (widget);

  if (self->phase == YB_IMPORT_PHASE_LOADING)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_commit_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YbImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *message = NULL;
  YbStore *store;
  GtkWindow *parent;

  ids = yb_import_model_commit_finish (YB_IMPORT_MODEL (source), result, &error);
  if (self->workspace == NULL)
    return;
  if (ids == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      yb_import_dialog_add_toast (self, error->message);
      return;
    }

  /* The drafts were written on the worker's own connection: tell this one's listeners. */
  store = yb_workspace_get_store (self->workspace);
  g_signal_emit_by_name (store, "changed::declarations", "declarations");

  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u draft created — review it in Drafts & Outbox",
                                          "%u drafts created — review them in Drafts & Outbox",
                                          ids->len), ids->len);
  g_signal_emit (self, signals[DRAFTS_CREATED], 0, ids->len);
  set_busy (self, FALSE);
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    {
      yb_import_report_to_window (parent, message);
      gtk_window_close (GTK_WINDOW (self));
    }
  else
    yb_import_dialog_add_toast (self, message);
}

static void
commit_activate (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (widget);

  /* A cell being edited is committed when it loses the focus; then the counts are final. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  if (!self->state.can_commit)
    return;
  set_busy (self, TRUE);
  yb_import_model_commit_async (self->model, yb_workspace_get_store (self->workspace),
                                self->cancellable, on_commit_done_cb, g_object_ref (self));
}

static void
on_report_response_cb (GtkNativeDialog *native,
                       int              response,
                       YbImportDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      yb_import_dialog_save_report (self, file);
    }
  g_object_unref (native);
}

static void
export_report_activate (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (widget);
  GtkFileChooserNative *native;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  char *dot;

  native = gtk_file_chooser_native_new (_("Save Import Report"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  add_filters (GTK_FILE_CHOOSER (native), TRUE);
  base = self->file != NULL ? g_file_get_basename (self->file) : g_strdup ("import");
  if ((dot = strrchr (base, '.')) != NULL)
    *dot = '\0';
  /* Translators: the file name of an import report; %s is the imported file's name. */
  name = g_strdup_printf (_("%s-report.xlsx"), base);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_report_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
download_template_activate (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (widget);
  YbImportKind kind = self->kind != YB_IMPORT_KIND_AUTO ? self->kind : YB_IMPORT_KIND_ENROL;

  yb_import_choose_template (GTK_WINDOW (self), self->workspace,
                             yb_import_kind_to_string (kind));
}

/* Report export, in a worker: the grid is insensitive meanwhile, so the rows hold still. */

typedef struct
{
  char *path;
  YbExportFormat format;
} ReportJob;

static void
report_job_free (ReportJob *job)
{
  g_free (job->path);
  g_free (job);
}

static void
report_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  YbImportDialog *self = source_object;
  ReportJob *job = task_data;
  GError *error = NULL;

  if (yb_export_import_report (self->model, job->path, job->format, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_report_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (source);
  ReportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_path_get_basename (job->path);

  set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup (error->message);
  else
    message = g_strdup_printf (_("Report saved as “%s”"), name);
  yb_import_dialog_add_toast (self, message);
}

/* Overrides */

static void
yb_import_dialog_dispose (GObject *object)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->model);
  g_clear_object (&self->workspace);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (yb_import_dialog_parent_class)->dispose (object);
}

static void
yb_import_dialog_finalize (GObject *object)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (object);

  g_hash_table_unref (self->positions);
  yb_import_state_clear (&self->state);
  g_free (self->error_text);

  G_OBJECT_CLASS (yb_import_dialog_parent_class)->finalize (object);
}

static void
yb_import_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ONLY_ERRORS:
      g_value_set_boolean (value, self->only_errors);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_import_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  YbImportDialog *self = YB_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_ONLY_ERRORS:
      if (self->only_errors != g_value_get_boolean (value))
        {
          self->only_errors = g_value_get_boolean (value);
          gtk_filter_changed (GTK_FILTER (self->filter), self->only_errors
                              ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_import_dialog_class_init (YbImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yb_import_dialog_dispose;
  object_class->finalize = yb_import_dialog_finalize;
  object_class->get_property = yb_import_dialog_get_property;
  object_class->set_property = yb_import_dialog_set_property;

  properties[PROP_ONLY_ERRORS] =
    g_param_spec_boolean ("only-errors", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YbImportDialog::drafts-created:
   * @self: the dialog
   * @n: how many drafts
   *
   * The good rows were saved as drafts.
   */
  signals[DRAFTS_CREATED] = g_signal_new ("drafts-created", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yibao/Yibao/ui/import/"
                                               "yb-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, loading_label);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, error_status);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, commit_button);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, column_view);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, sheets_status);
  gtk_widget_class_bind_template_child (widget_class, YbImportDialog, sheets_list);

  gtk_widget_class_install_action (widget_class, "import.open", NULL, open_activate);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_activate);
  gtk_widget_class_install_action (widget_class, "import.choose-sheet", "s",
                                   choose_sheet_activate);
  gtk_widget_class_install_action (widget_class, "import.commit", NULL, commit_activate);
  gtk_widget_class_install_action (widget_class, "import.export-report", NULL,
                                   export_report_activate);
  gtk_widget_class_install_action (widget_class, "import.download-template", NULL,
                                   download_template_activate);
  gtk_widget_class_install_property_action (widget_class, "import.only-errors", "only-errors");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "import.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "import.commit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "import.commit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "import.export-report", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "import.cancel", NULL);
}

static void
yb_import_dialog_init (YbImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->positions = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
  self->phase = YB_IMPORT_PHASE_EMPTY;
}

/* Public API */

YbImportDialog *
yb_import_dialog_new (GtkWindow    *parent,
                      YbWorkspace  *workspace,
                      YbImportKind  kind)
{
  YbImportDialog *self;
  GtkNoSelection *selection;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (YB_IS_WORKSPACE (workspace), NULL);

  self = g_object_new (YB_TYPE_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->workspace = g_object_ref (workspace);
  self->kind = kind;
  self->model = yb_import_model_new (yb_workspace_get_profile (workspace),
                                     yb_workspace_get_now (workspace));
  g_signal_connect_object (self->model, "items-changed",
                           G_CALLBACK (on_model_items_changed_cb), self, G_CONNECT_SWAPPED);
  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->model)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  if (kind != YB_IMPORT_KIND_AUTO)
    adw_window_title_set_subtitle (self->window_title, yb_import_kind_get_label (kind));
  update_state (self);
  return self;
}

YbImportKind
yb_import_dialog_get_kind (YbImportDialog *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_DIALOG (self), YB_IMPORT_KIND_AUTO);
  return self->kind;
}

YbImportModel *
yb_import_dialog_get_model (YbImportDialog *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_DIALOG (self), NULL);
  return self->model;
}

/* The page shown: "empty", "loading", "error" or "grid". */
const char *
yb_import_dialog_get_page (YbImportDialog *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
yb_import_dialog_get_error_text (YbImportDialog *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_DIALOG (self), NULL);
  return adw_status_page_get_description (self->error_status);
}

const char *
yb_import_dialog_get_summary (YbImportDialog *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_DIALOG (self), NULL);
  return gtk_label_get_text (self->summary_label);
}

gboolean
yb_import_dialog_get_busy (YbImportDialog *self)
{
  g_return_val_if_fail (YB_IS_IMPORT_DIALOG (self), FALSE);
  return self->busy;
}

/* Reads and checks @file in a worker; the loading page shows progress and can cancel. */
void
yb_import_dialog_load_file (YbImportDialog *self,
                            GFile          *file)
{
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (YB_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  name = g_file_get_basename (file);
  if (path == NULL)
    {
      yb_import_dialog_add_toast (self, _("Only files on this computer can be imported."));
      return;
    }
  g_set_object (&self->file, file);
  adw_window_title_set_subtitle (self->window_title, name);
  start_load (self, NULL);
}

/* Saves the report of every row with its reasons (.xlsx, or CSV by the file's extension). */
void
yb_import_dialog_save_report (YbImportDialog *self,
                              GFile          *file)
{
  g_autoptr(GTask) task = NULL;
  ReportJob *job;

  g_return_if_fail (YB_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  job = g_new0 (ReportJob, 1);
  job->path = g_file_get_path (file);
  if (job->path == NULL)
    {
      report_job_free (job);
      yb_import_dialog_add_toast (self, _("Reports can only be saved on this computer."));
      return;
    }
  job->format = yb_export_format_from_path (job->path);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  set_busy (self, TRUE);
  task = g_task_new (self, NULL, on_report_done_cb, NULL);
  g_task_set_source_tag (task, yb_import_dialog_save_report);
  g_task_set_task_data (task, job, (GDestroyNotify) report_job_free);
  g_task_run_in_thread (task, report_thread);
}

void
yb_import_dialog_add_toast (YbImportDialog *self,
                            const char     *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (YB_IS_IMPORT_DIALOG (self));

  /* A toast's title is markup: "Drafts & Outbox" and file names must show as typed. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
