/* test-import-dialog.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import window, built from its template on a temporary store: load a batch with bad
 * rows, see the bad cells, fix and drop rows in the grid, export the report, create the
 * drafts; a broken file; cancelling a load; a workbook with several sheets, picked in the
 * window. Set YIBAO_SCREENSHOT_DIR to save PNGs of the grid and the sheet picker.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "import/yb-import-dialog.h"
#include "import/yb-import-state.h"
#include "yb-id-number.h"
#include "yb-store-declaration.h"
#include "yb-xlsx-reader.h"

typedef struct
{
  char *dir;
  YbStore *store;
  YbRegionProfile *profile;
  YbWorkspace *workspace;
  YbImportDialog *dialog;
  guint drafts_created;
} Fixture;

static gboolean
english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language == NULL || !g_str_has_prefix (language, "zh");
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("YIBAO_SOURCE_DIR"), "tests", "data", "excel", name, NULL);
}

static char *
make_id (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, yb_id_number_compute_check (first17));
}

static void
on_drafts_created (YbImportDialog *dialog,
                   guint           n,
                   Fixture        *fx)
{
  fx->drafts_created = n;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2020, 1, 10, 10, 0, 0);

  fx->dir = g_dir_make_tmp ("yb-import-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "unit.db", NULL);
  fx->store = yb_store_open (path, &error);
  g_assert_no_error (error);
  fx->profile = yb_region_profile_load_builtin ("ningbo", &error);
  g_assert_no_error (error);
  fx->workspace = yb_workspace_new (fx->store, fx->profile, NULL, "33020012345");
  yb_workspace_set_fixed_now (fx->workspace, now);
  fx->dialog = yb_import_dialog_new (NULL, fx->workspace, YB_IMPORT_KIND_ENROL);
  g_object_ref_sink (fx->dialog);
  g_signal_connect (fx->dialog, "drafts-created", G_CALLBACK (on_drafts_created), fx);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fx->dialog));
  g_clear_object (&fx->dialog);
  g_clear_object (&fx->workspace);
  g_clear_object (&fx->profile);
  g_clear_object (&fx->store);
  remove_tree (fx->dir);
  g_free (fx->dir);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @done says so (or 20 s pass), then until idle. */
static void
run_until (gboolean (*done) (Fixture *fx),
           Fixture  *fx)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!done (fx) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
not_loading (Fixture *fx)
{
  return g_strcmp0 (yb_import_dialog_get_page (fx->dialog), "loading") != 0;
}

static gboolean
not_busy (Fixture *fx)
{
  return !yb_import_dialog_get_busy (fx->dialog);
}

static gboolean
drafts_created (Fixture *fx)
{
  return fx->drafts_created > 0;
}

static void
load (Fixture    *fx,
      const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  yb_import_dialog_load_file (fx->dialog, file);
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "loading");
  run_until (not_loading, fx);
}

static void
show (Fixture *fx)
{
  gtk_window_set_default_size (GTK_WINDOW (fx->dialog), 1100, 760);
  gtk_window_present (GTK_WINDOW (fx->dialog));
  for (int i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

/* Widgets of the grid, in tree order (row by row). */
static void
collect_any (GtkWidget *widget,
             GType      type,
             gboolean   mapped,
             GPtrArray *out)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type) && (!mapped || gtk_widget_get_mapped (widget)))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_any (child, type, mapped, out);
}

/* Only what is on screen: the grid keeps spare row widgets unmapped. */
static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *out)
{
  collect_any (widget, type, TRUE, out);
}

static GtkWidget *
find_column_view (Fixture *fx)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (GTK_WIDGET (fx->dialog), GTK_TYPE_COLUMN_VIEW, found);
  g_assert_cmpuint (found->len, ==, 1);
  return g_ptr_array_index (found, 0);
}

static GPtrArray *
grid_widgets (Fixture *fx,
              GType    type)
{
  GPtrArray *out = g_ptr_array_new ();

  collect (find_column_view (fx), type, out);
  return out;
}

static GtkWidget *
find_entry (Fixture    *fx,
            const char *text)
{
  g_autoptr(GPtrArray) entries = grid_widgets (fx, GTK_TYPE_ENTRY);

  for (guint i = 0; i < entries->len; i++)
    if (g_strcmp0 (gtk_editable_get_text (g_ptr_array_index (entries, i)), text) == 0)
      return g_ptr_array_index (entries, i);
  return NULL;
}

/* The enabled state of an action, as the button naming it shows it. */
static gboolean
action_enabled (Fixture    *fx,
                const char *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect_any (GTK_WIDGET (fx->dialog), GTK_TYPE_BUTTON, FALSE, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = g_ptr_array_index (buttons, i);

      if (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), action) == 0)
        return gtk_widget_get_sensitive (button);
    }
  g_assert_not_reached ();
}

static guint
count_errors (Fixture *fx)
{
  g_autoptr(GPtrArray) entries = grid_widgets (fx, GTK_TYPE_ENTRY);
  guint n = 0;

  for (guint i = 0; i < entries->len; i++)
    n += gtk_widget_has_css_class (g_ptr_array_index (entries, i), "error");
  return n;
}

static void
screenshot (Fixture    *fx,
            const char *name)
{
  const char *dir = g_getenv ("YIBAO_SCREENSHOT_DIR");
  GtkWidget *widget = GTK_WIDGET (fx->dialog);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  graphene_rect_t bounds;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  graphene_rect_init (&bounds, 0, 0, gtk_widget_get_width (widget),
                      gtk_widget_get_height (widget));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &bounds);
  file = g_strdup_printf ("%s-%s.png", name, english () ? "en" : "zh_CN");
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

typedef struct
{
  GPtrArray *rows;
} ReadBack;

static gboolean
read_row (guint              row_number,
          const YbTableCell *cells,
          guint              n_cells,
          gpointer           user_data,
          GError           **error)
{
  ReadBack *back = user_data;
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_cells; i++)
    g_ptr_array_add (row, g_strdup (cells[i].text));
  g_ptr_array_add (row, NULL);
  g_ptr_array_add (back->rows, g_ptr_array_free (row, FALSE));
  return TRUE;
}

static void
test_grid (Fixture       *fx,
           gconstpointer  data)
{
  YbImportModel *model = yb_import_dialog_get_model (fx->dialog);
  g_autofree char *id_c = make_id ("11010519491231001");
  g_autofree char *report = g_build_filename (fx->dir, "report.xlsx", NULL);
  g_autoptr(GFile) report_file = g_file_new_for_path (report);
  g_autoptr(GError) error = NULL;
  g_autoptr(YbXlsxReader) reader = NULL;
  g_autoptr(GListModel) log = NULL;
  g_autoptr(GListModel) drafts = NULL;
  g_autoptr(GPtrArray) checks = NULL;
  ReadBack back = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev) };
  GtkWidget *entry;
  GtkSelectionModel *shown;
  const char *reason;

  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "empty");
  load (fx, "other-writer-enrol.xlsx");
  show (fx);
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "grid");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  g_assert_cmpuint (yb_import_model_get_n_bad_rows (model), ==, 3);
  if (english ())
    g_assert_cmpstr (yb_import_dialog_get_summary (fx->dialog), ==,
                     "5 rows: 2 good, 3 with errors");
  g_assert_true (action_enabled (fx, "import.commit"));
  g_assert_true (action_enabled (fx, "import.export-report"));

  /* The bad cells are marked, with their reason as the tooltip; the row's reasons show. */
  g_assert_cmpuint (count_errors (fx), ==, 3);
  entry = find_entry (fx, "1.10105194912310E+17");
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (entry));
  g_assert_false (gtk_widget_has_css_class (find_entry (fx, "张三"), "error"));
  screenshot (fx, "import-grid");

  /* Only the rows with errors. */
  g_object_set (fx->dialog, "only-errors", TRUE, NULL);
  shown = gtk_column_view_get_model (GTK_COLUMN_VIEW (find_column_view (fx)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 3);
  g_object_set (fx->dialog, "only-errors", FALSE, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shown)), ==, 5);

  /* The report, before any fix: every row with its reasons, read back with Yibao's reader. */
  yb_import_dialog_save_report (fx->dialog, report_file);
  g_assert_true (yb_import_dialog_get_busy (fx->dialog));
  g_assert_false (action_enabled (fx, "import.commit"));
  run_until (not_busy, fx);
  reader = yb_xlsx_reader_new (report, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (yb_xlsx_reader_read_sheet (reader, 0, read_row, &back, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (back.rows->len, ==, 6);
  reason = ((char **) g_ptr_array_index (back.rows, 4))[
    g_strv_length (g_ptr_array_index (back.rows, 4)) - 1];
  {
    g_autofree char *expected = yb_import_model_dup_row_reason (model, 3);

    g_assert_cmpstr (expected, !=, "");
    g_assert_cmpstr (reason, ==, expected);
  }
  g_ptr_array_unref (back.rows);

  /* Fix the scientific-notation ID by typing into its cell. */
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), id_c);
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_cmpuint (yb_import_model_get_n_bad_rows (model), ==, 2);

  /* The wrong sex through the model: the cell follows. */
  yb_import_model_set_value (model, 4, "sex", "女");
  g_assert_cmpuint (count_errors (fx), ==, 1);

  /* Drop the row whose ID a spreadsheet turned into a number. */
  checks = grid_widgets (fx, GTK_TYPE_CHECK_BUTTON);
  g_assert_cmpuint (checks->len, ==, 5);
  gtk_check_button_set_active (g_ptr_array_index (checks, 2), TRUE);
  g_assert_cmpuint (yb_import_model_get_n_bad_rows (model), ==, 0);
  g_assert_cmpuint (yb_import_model_get_n_good_rows (model), ==, 4);
  if (english ())
    g_assert_cmpstr (yb_import_dialog_get_summary (fx->dialog), ==,
                     "5 rows: 4 good, 0 with errors, 1 dropped");

  /* Ctrl+Enter's action: exactly the good rows become drafts, each logged once. */
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "import.commit", NULL);
  run_until (drafts_created, fx);
  g_assert_cmpuint (fx->drafts_created, ==, 4);
  drafts = yb_store_declaration_list (fx->store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 4);
  log = yb_store_log_list (fx->store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(YbStoreDeclaration) decl = g_list_model_get_item (drafts, i);

      g_assert_cmpstr (yb_store_declaration_get_person_id_number (decl), !=, "");
      g_assert_cmpstr (yb_store_declaration_get_kind (decl), ==, "enrol_new");
    }
}

static void
test_nothing_good (Fixture       *fx,
                   gconstpointer  data)
{
  YbImportModel *model = yb_import_dialog_get_model (fx->dialog);
  g_autoptr(GListModel) drafts = NULL;

  load (fx, "other-writer-enrol.xlsx");
  show (fx);
  yb_import_model_set_dropped (model, 0, TRUE);
  yb_import_model_set_dropped (model, 1, TRUE);
  g_assert_cmpuint (yb_import_model_get_n_good_rows (model), ==, 0);
  g_assert_false (action_enabled (fx, "import.commit"));

  /* Activating it anyway changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "import.commit", NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (yb_import_dialog_get_busy (fx->dialog));
  drafts = yb_store_declaration_list (fx->store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 0);
}

static void
test_broken_file (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *path = fixture_path ("truncated.xlsx");
  g_autoptr(YbImportModel) direct = yb_import_model_new (fx->profile,
                                                         yb_workspace_get_now (fx->workspace));
  g_autoptr(GError) error = NULL;

  g_assert_false (yb_import_model_load (direct, path, YB_IMPORT_KIND_ENROL, NULL, NULL, &error));
  g_assert_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_CORRUPT);

  load (fx, "truncated.xlsx");
  show (fx);
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "error");
  g_assert_cmpstr (yb_import_dialog_get_error_text (fx->dialog), ==, error->message);
  g_assert_false (action_enabled (fx, "import.commit"));
  g_assert_true (action_enabled (fx, "import.open"));
  screenshot (fx, "import-error");
}

static void
test_cancel_load (Fixture       *fx,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "big.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("身份证号,姓名,性别,本次参保时间\n");
  g_autoptr(GFile) file = g_file_new_for_path (path);

  for (guint i = 0; i < 40000; i++)
    {
      char body[18];
      g_autofree char *id = NULL;

      g_snprintf (body, sizeof body, "3302031990%02u%02u%03u", 1 + i % 12, 1 + i % 28,
                  i % 1000);
      id = make_id (body);
      g_string_append_printf (csv, "%s,员工%u,男,202001\n", id, i);
    }
  g_assert_true (g_file_set_contents (path, csv->str, csv->len, NULL));

  yb_import_dialog_load_file (fx->dialog, file);
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "loading");
  g_assert_false (action_enabled (fx, "import.open"));
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "import.cancel", NULL);
  run_until (not_loading, fx);
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "empty");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
                      yb_import_dialog_get_model (fx->dialog))), ==, 0);

  /* The same file loads when left alone. */
  yb_import_dialog_load_file (fx->dialog, file);
  run_until (not_loading, fx);
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "grid");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (
                      yb_import_dialog_get_model (fx->dialog))), ==, 40000);
}

/* The sheet rows of the picker, in workbook order. */
static GPtrArray *
sheet_rows (Fixture *fx)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *out = g_ptr_array_new ();

  collect (GTK_WIDGET (fx->dialog), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (GTK_IS_LIST_BOX (gtk_widget_get_parent (rows->pdata[i])))
      g_ptr_array_add (out, rows->pdata[i]);
  return out;
}

static gboolean
row_has_label (GtkWidget  *row,
               const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (row, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

static void
test_sheet_picker (Fixture       *fx,
                   gconstpointer  data)
{
  YbImportModel *model = yb_import_dialog_get_model (fx->dialog);
  g_autofree char *path = fixture_path ("several-sheets.xlsx");
  g_autoptr(GPtrArray) sheets = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) drafts = NULL;
  const char *names[] = { "说明", "一月", "二月", "旧表" };
  GVariant *target;

  /* What the window lists, straight from the workbook: every sheet, hidden ones included. */
  sheets = yb_import_list_sheets (path, YB_IMPORT_KIND_ENROL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sheets->len, ==, 4);
  for (guint i = 0; i < sheets->len; i++)
    {
      const YbImportSheet *sheet = g_ptr_array_index (sheets, i);

      g_assert_cmpstr (sheet->name, ==, names[i]);
      g_assert_cmpint (sheet->recognised, ==, i > 0);
      g_assert_cmpint (sheet->hidden, ==, i == 3);
    }
  /* Rows below the header; "二月" has a title row above its header. */
  g_assert_cmpuint (((YbImportSheet *) g_ptr_array_index (sheets, 1))->n_rows, ==, 2);
  g_assert_cmpuint (((YbImportSheet *) g_ptr_array_index (sheets, 2))->n_rows, ==, 3);
  g_assert_cmpint (((YbImportSheet *) g_ptr_array_index (sheets, 2))->kind, ==,
                   YB_IMPORT_KIND_ENROL);

  /* Two visible sheets could be imported: the window asks instead of failing. */
  show (fx);
  load (fx, "several-sheets.xlsx");
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "sheets");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_false (action_enabled (fx, "import.commit"));
  g_assert_true (action_enabled (fx, "import.open"));
  rows = sheet_rows (fx);
  g_assert_cmpuint (rows->len, ==, 4);
  for (guint i = 0; i < rows->len; i++)
    {
      GtkWidget *row = rows->pdata[i];

      g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[i]), ==, names[i]);
      /* The notes sheet is shown but cannot be picked; the others name the action. */
      g_assert_cmpint (gtk_widget_get_sensitive (row), ==, i > 0);
      g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (row)), ==,
                       i > 0 ? "import.choose-sheet" : NULL);
      g_assert_cmpint (row_has_label (row, _("Hidden sheet")), ==, i == 3);
    }
  if (english ())
    {
      g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[1]), ==,
                       "2 rows · header recognised: Enrolment (新增 / 续保)");
      g_assert_cmpstr (adw_action_row_get_subtitle (rows->pdata[0]), ==,
                       "1 row · no header Yibao recognises");
    }
  /* The keyboard starts on the first sheet that can be picked. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fx->dialog)) == rows->pdata[1]);
  show (fx);
  screenshot (fx, "import-sheets");

  /* Picking the second importable sheet reads its rows, and only those. */
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (rows->pdata[2]));
  gtk_widget_activate_action_variant (GTK_WIDGET (fx->dialog), "import.choose-sheet", target);
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "loading");
  run_until (not_loading, fx);
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "grid");
  g_assert_cmpstr (yb_import_model_get_sheet_name (model), ==, "二月");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_nonnull (find_entry (fx, "李四"));
  g_assert_nonnull (find_entry (fx, "孙八"));
  g_assert_null (find_entry (fx, "张三"));
  g_assert_cmpuint (yb_import_model_get_n_good_rows (model), ==, 3);
  /* The picker's rows follow the action: no longer enabled. */
  g_assert_false (gtk_widget_get_sensitive (rows->pdata[2]));

  /* Off the picker, choosing a sheet does nothing. */
  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "import.choose-sheet", "s", "一月");
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpstr (yb_import_dialog_get_page (fx->dialog), ==, "grid");
  g_assert_cmpstr (yb_import_model_get_sheet_name (model), ==, "二月");

  gtk_widget_activate_action (GTK_WIDGET (fx->dialog), "import.commit", NULL);
  run_until (drafts_created, fx);
  drafts = yb_store_declaration_list (fx->store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 3);
}

/* The picker's state, without a display: only the picker allows choosing a sheet. */
static void
test_sheets_state (void)
{
  YbImportState state = { 0 };

  yb_import_state_compute (&state, YB_IMPORT_PHASE_SHEETS, FALSE, 0, 0, 0);
  g_assert_cmpstr (state.page, ==, "sheets");
  g_assert_true (state.can_choose_sheet);
  g_assert_true (state.can_open);
  g_assert_false (state.can_commit);
  g_assert_false (state.can_edit);
  yb_import_state_compute (&state, YB_IMPORT_PHASE_SHEETS, TRUE, 0, 0, 0);
  g_assert_false (state.can_choose_sheet);
  yb_import_state_compute (&state, YB_IMPORT_PHASE_GRID, FALSE, 3, 3, 0);
  g_assert_false (state.can_choose_sheet);
  yb_import_state_compute (&state, YB_IMPORT_PHASE_LOADING, FALSE, 0, 0, 0);
  g_assert_false (state.can_choose_sheet);
  yb_import_state_clear (&state);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "po", NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/import-dialog/grid", Fixture, NULL, fixture_set_up, test_grid,
              fixture_tear_down);
  g_test_add ("/ui/import-dialog/nothing-good", Fixture, NULL, fixture_set_up,
              test_nothing_good, fixture_tear_down);
  g_test_add ("/ui/import-dialog/broken-file", Fixture, NULL, fixture_set_up, test_broken_file,
              fixture_tear_down);
  g_test_add ("/ui/import-dialog/cancel-load", Fixture, NULL, fixture_set_up, test_cancel_load,
              fixture_tear_down);
  g_test_add ("/ui/import-dialog/sheet-picker", Fixture, NULL, fixture_set_up,
              test_sheet_picker, fixture_tear_down);
  g_test_add_func ("/ui/import-dialog/sheets-state", test_sheets_state);
  return g_test_run ();
}
