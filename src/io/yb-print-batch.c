/* yb-print-batch.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saves many certificates as one PDF per person in a worker thread. Only
 * cairo and Pango run there (Pango's default font map is per thread); no GTK.
 */
#define G_LOG_DOMAIN "YbPrintBatch"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "yb-certificate-document.h"
#include "yb-print-batch.h"

typedef struct
{
  GPtrArray *certificates;
  char *folder;
  YbPrintBatchProgress progress;
  gpointer progress_data;
  GDestroyNotify progress_destroy;
  GMainContext *context;
} BatchData;

typedef struct
{
  BatchData *batch;
  guint done;
  guint total;
} ProgressEvent;

static void
batch_data_free (BatchData *data)
{
  g_ptr_array_unref (data->certificates);
  g_free (data->folder);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_main_context_unref (data->context);
  g_free (data);
}

static gboolean
report_progress (gpointer user_data)
{
  ProgressEvent *event = user_data;

  event->batch->progress (event->done, event->total, event->batch->progress_data);
  return G_SOURCE_REMOVE;
}

static char *
unique_path (const char *folder,
             const char *name,
             GHashTable *taken)
{
  g_autofree char *stem = g_strndup (name, strlen (name) - strlen (".pdf"));

  for (guint n = 1;; n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (name)
                                          : g_strdup_printf ("%s (%u).pdf", stem, n);
      char *path = g_build_filename (folder, candidate, NULL);

      /* Two people of the same name and ID ending get separate files. */
      if (!g_hash_table_contains (taken, path) && !g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_hash_table_add (taken, g_strdup (path));
          return path;
        }
      g_free (path);
    }
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BatchData *data = task_data;
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GError *error = NULL;

  if (g_mkdir_with_parents (data->folder, 0700) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (data->folder);

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("Cannot create the folder “%s”: %s"), name, g_strerror (saved));
      return;
    }
  for (guint i = 0; i < data->certificates->len; i++)
    {
      YbCertificateData *certificate = g_ptr_array_index (data->certificates, i);
      g_autoptr(YbCertificateDocument) document = NULL;
      g_autofree char *name = NULL;
      char *path;

      if (g_task_return_error_if_cancelled (task))
        return;
      document = yb_certificate_document_new (certificate, &error);
      if (document == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      name = yb_certificate_data_dup_file_name (certificate);
      path = unique_path (data->folder, name, taken);
      if (!yb_print_document_write_pdf (YB_PRINT_DOCUMENT (document), path, cancellable, &error))
        {
          g_free (path);
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (written, path);
      if (data->progress != NULL)
        {
          ProgressEvent *event = g_new0 (ProgressEvent, 1);

          event->batch = data;
          event->done = i + 1;
          event->total = data->certificates->len;
          /* The task, and with it the batch data, outlives this source: its
           * result is delivered through the same context afterwards. */
          g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, report_progress, event,
                                      g_free);
        }
    }
  g_task_return_pointer (task, g_steal_pointer (&written), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * yb_print_batch_save_async:
 * @certificates: (element-type YbCertificateData): the certificates
 * @folder: the folder to write them to, created if missing
 * @progress: (nullable) (scope notified): called on the calling thread's
 *   main context after each file
 * @progress_data: data for @progress
 * @progress_destroy: (nullable): frees @progress_data
 * @cancellable: (nullable): stops between and within files; a cancelled
 *   file leaves nothing behind
 * @callback: called when done
 * @user_data: data for @callback
 *
 * Saves each certificate as its own PDF, named "<name>-<last 4 ID
 * digits>.pdf" (yb_certificate_data_dup_file_name()), in a worker thread.
 * Existing files are never overwritten: a second file of the same name gets
 * " (2)" and so on.
 */
void
yb_print_batch_save_async (GPtrArray            *certificates,
                           const char           *folder,
                           YbPrintBatchProgress  progress,
                           gpointer              progress_data,
                           GDestroyNotify        progress_destroy,
                           GCancellable         *cancellable,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  BatchData *data;

  g_return_if_fail (certificates != NULL);
  g_return_if_fail (folder != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_print_batch_save_async);
  data = g_new0 (BatchData, 1);
  data->certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) yb_certificate_data_unref);
  for (guint i = 0; i < certificates->len; i++)
    g_ptr_array_add (data->certificates,
                     yb_certificate_data_ref (g_ptr_array_index (certificates, i)));
  data->folder = g_strdup (folder);
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, data, (GDestroyNotify) batch_data_free);
  if (certificates->len == 0)
    {
      g_task_return_new_error (task, YB_PRINT_ERROR, YB_PRINT_ERROR_EMPTY,
                               _("No certificates were chosen."));
      return;
    }
  g_task_run_in_thread (task, save_thread);
}

/**
 * yb_print_batch_save_finish:
 * @result: the #GAsyncResult
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type filename): the files written, in
 *   the order of the certificates, or %NULL on error (files already written
 *   stay)
 */
GPtrArray *
yb_print_batch_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
