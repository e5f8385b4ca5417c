/* yb-import-actions.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "yb-import-columns.h"
#include "yb-workspace.h"

G_BEGIN_DECLS

/* The window's spreadsheet commands: win.import, win.download-template, win.export-roster.
 * Each asks for a file with GtkFileChooserNative, works in a thread and reports on @parent
 * (a toast on the main window or the import window). */
void     yb_import_show_dialog             (GtkWindow           *parent,
                                            YbWorkspace         *workspace,
                                            const char          *kind);
void     yb_import_choose_template         (GtkWindow           *parent,
                                            YbWorkspace         *workspace,
                                            const char          *kind);
void     yb_import_choose_roster_export    (GtkWindow           *parent,
                                            YbWorkspace         *workspace);

void     yb_import_save_template_async     (YbWorkspace         *workspace,
                                            YbImportKind         kind,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean yb_import_save_template_finish    (GAsyncResult        *result,
                                            GError             **error);
void     yb_import_export_roster_async     (YbWorkspace         *workspace,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean yb_import_export_roster_finish    (GAsyncResult        *result,
                                            GError             **error);
void     yb_import_report_to_window        (GtkWindow           *parent,
                                            const char          *message);

G_END_DECLS
