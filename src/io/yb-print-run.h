/* yb-print-run.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "yb-print-document.h"

G_BEGIN_DECLS

void                    yb_print_run_async  (YbPrintDocument         *document,
                                             GtkWindow               *parent,
                                             GtkPrintOperationAction  action,
                                             const char              *export_filename,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);
GtkPrintOperationResult yb_print_run_finish (GAsyncResult            *result,
                                             GError                 **error);

G_END_DECLS
