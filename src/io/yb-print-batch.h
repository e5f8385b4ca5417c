/* yb-print-batch.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-certificate-data.h"

G_BEGIN_DECLS

/**
 * YbPrintBatchProgress:
 * @done: certificates written so far
 * @total: certificates to write
 * @user_data: the data given with the function
 *
 * Reports batch progress on the caller's main context.
 */
typedef void (*YbPrintBatchProgress) (guint    done,
                                      guint    total,
                                      gpointer user_data);

void       yb_print_batch_save_async  (GPtrArray            *certificates,
                                       const char           *folder,
                                       YbPrintBatchProgress  progress,
                                       gpointer              progress_data,
                                       GDestroyNotify        progress_destroy,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
GPtrArray *yb_print_batch_save_finish (GAsyncResult         *result,
                                       GError              **error);

G_END_DECLS
