/* yb-import-actions.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbImportActions"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-import-actions.h"

#include "yb-export-writer.h"
#include "yb-import-dialog.h"
#include "yb-roster-model.h"
#include "yb-template-writer.h"
#include "yb-window.h"

/* The spreadsheet commands of the main window: the import window for a batch, a template
 * to fill in, and the roster as .xlsx or CSV. Files are written in a GTask thread; the
 * roster is read there on a connection of its own (a YbStore serves one thread). */

typedef struct
{
  char *store_path;
  YbRegionProfile *profile;
  YbImportKind kind;
  int year;
  char *path;
  gboolean mask;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_free (job->store_path);
  g_clear_object (&job->profile);
  g_free (job->path);
  g_free (job);
}

static SaveJob *
save_job_new (YbWorkspace *workspace,
              GFile       *file,
              GError     **error)
{
  SaveJob *job = g_new0 (SaveJob, 1);
  g_autoptr(GDateTime) now = NULL;

  job->path = g_file_get_path (file);
  if (job->path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Files can only be saved on this computer."));
      save_job_free (job);
      return NULL;
    }
  job->store_path = g_strdup (yb_store_get_path (yb_workspace_get_store (workspace)));
  job->profile = g_object_ref (yb_workspace_get_profile (workspace));
  now = yb_workspace_get_now (workspace);
  job->year = g_date_time_get_year (now);
  job->mask = yb_workspace_get_privacy_mode (workspace);
  return job;
}

static GListModel *
open_roster (SaveJob  *job,
             YbStore **out_store,
             GError  **error)
{
  *out_store = yb_store_open (job->store_path, error);
  if (*out_store == NULL)
    return NULL;
  return G_LIST_MODEL (yb_roster_model_new (*out_store, "", YB_ROSTER_SORT_NAME));
}

static void
template_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(YbStore) store = NULL;
  g_autoptr(GListModel) roster = NULL;
  GError *error = NULL;

  /* A base declaration template comes filled with the unit's people (BR-34). */
  if (job->kind == YB_IMPORT_KIND_BASE)
    {
      roster = open_roster (job, &store, &error);
      if (roster == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (yb_template_write (job->kind, job->profile, roster, job->year, job->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
roster_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SaveJob *job = task_data;
  g_autoptr(YbStore) store = NULL;
  g_autoptr(GListModel) roster = NULL;
  GError *error = NULL;

  roster = open_roster (job, &store, &error);
  if (roster == NULL
      || !yb_export_roster (roster, job->path, yb_export_format_from_path (job->path), job->mask,
                            cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * yb_import_save_template_async:
 * @workspace: the unit's workspace (profile, store, year)
 * @kind: the batch
 * @file: where to save the .xlsx template
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: closure
 *
 * Writes the template of @kind in a worker thread.
 */
void
yb_import_save_template_async (YbWorkspace         *workspace,
                               YbImportKind         kind,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (YB_IS_WORKSPACE (workspace));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_import_save_template_async);
  job = save_job_new (workspace, file, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->kind = kind;
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, template_thread);
}

gboolean
yb_import_save_template_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * yb_import_export_roster_async:
 * @workspace: the unit's workspace
 * @file: where to save: .csv gives CSV, anything else .xlsx
 * @cancellable: (nullable): a cancellable
 * @callback: called when done
 * @user_data: closure
 *
 * Exports the whole roster in a worker thread, ID numbers masked in privacy mode.
 */
void
yb_import_export_roster_async (YbWorkspace         *workspace,
                               GFile               *file,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  SaveJob *job;

  g_return_if_fail (YB_IS_WORKSPACE (workspace));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_import_export_roster_async);
  job = save_job_new (workspace, file, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);
  g_task_run_in_thread (task, roster_thread);
}

gboolean
yb_import_export_roster_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Tells the clerk on @parent: a toast on the main or the import window. */
void
yb_import_report_to_window (GtkWindow  *parent,
                            const char *message)
{
  if (YB_IS_WINDOW (parent))
    {
      /* A toast's title is markup: "Drafts & Outbox" and file names must show as typed. */
      g_autofree char *escaped = g_markup_escape_text (message, -1);
      AdwToast *toast = adw_toast_new (escaped);

      adw_toast_set_timeout (toast, 6);
      yb_window_add_toast (YB_WINDOW (parent), toast);
    }
  else if (YB_IS_IMPORT_DIALOG (parent))
    yb_import_dialog_add_toast (YB_IMPORT_DIALOG (parent), message);
  else
    {
      GtkWidget *dialog = adw_message_dialog_new (parent, NULL, message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }
}

typedef struct
{
  GtkWindow *parent;
  YbWorkspace *workspace;
  YbImportKind kind;
  gboolean roster;
} Choice;

static void
choice_free (Choice *choice)
{
  g_clear_object (&choice->parent);
  g_clear_object (&choice->workspace);
  g_free (choice);
}

static void
on_saved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Choice *choice = user_data;
  SaveJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok = choice->roster ? yb_import_export_roster_finish (result, &error)
                               : yb_import_save_template_finish (result, &error);

  if (ok)
    {
      g_autofree char *name = g_path_get_basename (job->path);

      message = choice->roster ? g_strdup_printf (_("Roster saved as “%s”"), name)
                               : g_strdup_printf (_("Template saved as “%s”"), name);
    }
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    yb_import_report_to_window (choice->parent, ok ? message : error->message);
  choice_free (choice);
}

static void
on_save_response_cb (GtkNativeDialog *native,
                     int              response,
                     Choice          *choice)
{
  g_autoptr(GFile) file = NULL;

  if (response != GTK_RESPONSE_ACCEPT)
    {
      choice_free (choice);
      g_object_unref (native);
      return;
    }
  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  if (choice->roster)
    yb_import_export_roster_async (choice->workspace, file, NULL, on_saved_cb, choice);
  else
    yb_import_save_template_async (choice->workspace, choice->kind, file, NULL, on_saved_cb,
                                   choice);
  g_object_unref (native);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *suffix)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_suffix (filter, suffix);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
choose_file (Choice     *choice,
             const char *title,
             const char *name,
             gboolean    csv)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, choice->parent, GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (native), _("Excel workbooks (.xlsx)"), "xlsx");
  if (csv)
    add_filter (GTK_FILE_CHOOSER (native), _("CSV text (.csv)"), "csv");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (on_save_response_cb), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static gboolean
parse_kind (GtkWindow    *parent,
            const char   *text,
            YbImportKind *kind)
{
  if (yb_import_kind_from_string (text, kind) && *kind != YB_IMPORT_KIND_AUTO)
    return TRUE;
  g_warning ("No batch kind named “%s”", text != NULL ? text : "(null)");
  return FALSE;
}

static gboolean
have_workspace (GtkWindow   *parent,
                YbWorkspace *workspace)
{
  if (workspace != NULL)
    return TRUE;
  yb_import_report_to_window (parent, _("Log in to a unit first."));
  return FALSE;
}

/* win.import: the import window for a batch of @kind ("enrol", "reduce", "contact", "base"). */
void
yb_import_show_dialog (GtkWindow   *parent,
                       YbWorkspace *workspace,
                       const char  *kind)
{
  YbImportKind import_kind;
  YbImportDialog *dialog;

  if (!parse_kind (parent, kind, &import_kind) || !have_workspace (parent, workspace))
    return;
  dialog = yb_import_dialog_new (parent, workspace, import_kind);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* win.download-template: asks where, then writes the template of @kind. */
void
yb_import_choose_template (GtkWindow   *parent,
                           YbWorkspace *workspace,
                           const char  *kind)
{
  Choice *choice;
  g_autofree char *name = NULL;
  YbImportKind import_kind;

  if (!parse_kind (parent, kind, &import_kind) || !have_workspace (parent, workspace))
    return;
  choice = g_new0 (Choice, 1);
  choice->parent = g_object_ref (parent);
  choice->workspace = g_object_ref (workspace);
  choice->kind = import_kind;
  name = g_strdup_printf ("%s.xlsx", yb_template_get_sheet_name (import_kind));
  choose_file (choice, _("Save Template"), name, FALSE);
}

/* win.export-roster: asks where, then writes the roster as .xlsx or CSV (by extension). */
void
yb_import_choose_roster_export (GtkWindow   *parent,
                                YbWorkspace *workspace)
{
  Choice *choice;

  if (!have_workspace (parent, workspace))
    return;
  choice = g_new0 (Choice, 1);
  choice->parent = g_object_ref (parent);
  choice->workspace = g_object_ref (workspace);
  choice->roster = TRUE;
  /* Translators: the default file name of a roster export. */
  choose_file (choice, _("Export Roster"), _("roster.xlsx"), TRUE);
}
