/* yb-print-run.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a YbPrintDocument through GtkPrintOperation: the print dialog, the
 * preview and "save as PDF", without blocking the main loop.
 */
#define G_LOG_DOMAIN "YbPrintRun"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-print-run.h"

/* Printer choice and options carry over from one print to the next. */
static GtkPrintSettings *last_settings;

typedef struct
{
  YbPrintDocument *document;
  GtkPrintOperation *operation;
  gulong cancelled_id;
  gulong done_id;
  gboolean finished;
  GError *error;
} RunData;

static void
run_data_free (RunData *data)
{
  g_clear_object (&data->document);
  g_clear_object (&data->operation);
  g_clear_error (&data->error);
  g_free (data);
}

static void
on_begin_print_cb (GtkPrintOperation *operation,
                   GtkPrintContext   *context,
                   GTask             *task)
{
  RunData *data = g_task_get_task_data (task);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);

  if (!yb_print_document_paginate (data->document, cr, gtk_print_context_get_width (context),
                                   gtk_print_context_get_height (context), &data->error))
    {
      gtk_print_operation_cancel (operation);
      return;
    }
  gtk_print_operation_set_n_pages (operation, yb_print_document_get_n_pages (data->document));
}

static void
on_draw_page_cb (GtkPrintOperation *operation,
                 GtkPrintContext   *context,
                 int                page_nr,
                 GTask             *task)
{
  RunData *data = g_task_get_task_data (task);

  if (page_nr < 0 || (guint) page_nr >= yb_print_document_get_n_pages (data->document))
    return;
  yb_print_document_draw_page (data->document, gtk_print_context_get_cairo_context (context),
                               page_nr);
}

static void
finish_run (GTask                   *task,
            GtkPrintOperationResult  result)
{
  RunData *data = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *op_error = NULL;

  if (data->finished)
    return;
  data->finished = TRUE;
  if (data->cancelled_id != 0)
    g_cancellable_disconnect (cancellable, data->cancelled_id);
  data->cancelled_id = 0;

  if (data->error != NULL)
    g_task_return_error (task, g_steal_pointer (&data->error));
  else if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Printing was cancelled."));
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (data->operation, &op_error);
      if (op_error == NULL)
        op_error = g_error_new (YB_PRINT_ERROR, YB_PRINT_ERROR_FAILED, _("Printing failed."));
      g_task_return_error (task, op_error);
    }
  else
    {
      if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
        g_set_object (&last_settings, gtk_print_operation_get_print_settings (data->operation));
      g_task_return_int (task, result);
    }
}

static void
on_done_cb (GtkPrintOperation       *operation,
            GtkPrintOperationResult  result,
            GTask                   *task)
{
  RunData *data = g_task_get_task_data (task);

  g_signal_handler_disconnect (operation, data->done_id);
  data->done_id = 0;
  finish_run (task, result);
  g_object_unref (task);
}

static void
on_cancelled_cb (GCancellable *cancellable,
                 RunData      *data)
{
  gtk_print_operation_cancel (data->operation);
}

/**
 * yb_print_run_async:
 * @document: the document to print
 * @parent: (nullable): the window the dialogs belong to
 * @action: %GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
 *   %GTK_PRINT_OPERATION_ACTION_PREVIEW or %GTK_PRINT_OPERATION_ACTION_EXPORT
 * @export_filename: (nullable): the PDF file for
 *   %GTK_PRINT_OPERATION_ACTION_EXPORT
 * @cancellable: (nullable): cancels the print job
 * @callback: called when printing is done or was abandoned
 * @user_data: data for @callback
 *
 * Prints @document with GtkPrintOperation on A4 in the document's
 * orientation. Pages are rendered from the main loop in idle time, so the
 * window stays responsive for long reports. The printer settings chosen last
 * are offered again.
 */
void
yb_print_run_async (YbPrintDocument         *document,
                    GtkWindow               *parent,
                    GtkPrintOperationAction  action,
                    const char              *export_filename,
                    GCancellable            *cancellable,
                    GAsyncReadyCallback      callback,
                    gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperationResult result;
  GError *error = NULL;
  RunData *data;

  g_return_if_fail (YB_IS_PRINT_DOCUMENT (document));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (action != GTK_PRINT_OPERATION_ACTION_PRINT);
  g_return_if_fail (action != GTK_PRINT_OPERATION_ACTION_EXPORT || export_filename != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_print_run_async);
  data = g_new0 (RunData, 1);
  data->document = g_object_ref (document);
  data->operation = gtk_print_operation_new ();
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);

  if (g_task_return_error_if_cancelled (task))
    return;

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, yb_print_document_get_landscape (document)
                                           ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                           : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (data->operation, setup);
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (data->operation, last_settings);
  /* The documents draw their own 20 mm margins from the sheet's edge. */
  gtk_print_operation_set_use_full_page (data->operation, TRUE);
  gtk_print_operation_set_unit (data->operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (data->operation, TRUE);
  gtk_print_operation_set_show_progress (data->operation,
                                         action != GTK_PRINT_OPERATION_ACTION_EXPORT);
  gtk_print_operation_set_embed_page_setup (data->operation, TRUE);
  if (yb_print_document_get_title (document) != NULL)
    gtk_print_operation_set_job_name (data->operation, yb_print_document_get_title (document));
  if (export_filename != NULL)
    gtk_print_operation_set_export_filename (data->operation, export_filename);

  g_signal_connect (data->operation, "begin-print", G_CALLBACK (on_begin_print_cb), task);
  g_signal_connect (data->operation, "draw-page", G_CALLBACK (on_draw_page_cb), task);
  /* The "done" handler owns a reference until GTK says it is finished. */
  data->done_id = g_signal_connect (data->operation, "done", G_CALLBACK (on_done_cb),
                                    g_object_ref (task));
  if (cancellable != NULL)
    data->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), data,
                                                NULL);

  result = gtk_print_operation_run (data->operation, action, parent, &error);
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR && error != NULL && data->error == NULL)
    data->error = error;
  else
    g_clear_error (&error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    {
      finish_run (task, result);
      /* GTK may finish without "done" (a closed dialog): drop that reference. */
      if (data->done_id != 0)
        {
          g_signal_handler_disconnect (data->operation, data->done_id);
          data->done_id = 0;
          g_object_unref (task);
        }
    }
}

/**
 * yb_print_run_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: %GTK_PRINT_OPERATION_RESULT_APPLY when printed or exported,
 *   %GTK_PRINT_OPERATION_RESULT_CANCEL when the clerk closed the dialog, or
 *   %GTK_PRINT_OPERATION_RESULT_ERROR with @error set
 */
GtkPrintOperationResult
yb_print_run_finish (GAsyncResult  *result,
                     GError       **error)
{
  gssize value;

  g_return_val_if_fail (g_task_is_valid (result, NULL), GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yb_print_run_async,
                        GTK_PRINT_OPERATION_RESULT_ERROR);

  value = g_task_propagate_int (G_TASK (result), error);
  if (value < 0)
    return GTK_PRINT_OPERATION_RESULT_ERROR;
  return (GtkPrintOperationResult) value;
}
