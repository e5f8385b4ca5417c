/* yb-import-dialog.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "yb-import-columns.h"
#include "yb-import-model.h"
#include "yb-workspace.h"

G_BEGIN_DECLS

#define YB_TYPE_IMPORT_DIALOG (yb_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (YbImportDialog, yb_import_dialog, YB, IMPORT_DIALOG, AdwWindow)

YbImportDialog *yb_import_dialog_new             (GtkWindow      *parent,
                                                  YbWorkspace    *workspace,
                                                  YbImportKind    kind);
YbImportKind    yb_import_dialog_get_kind        (YbImportDialog *self);
YbImportModel  *yb_import_dialog_get_model       (YbImportDialog *self);
const char     *yb_import_dialog_get_page        (YbImportDialog *self);
const char     *yb_import_dialog_get_error_text  (YbImportDialog *self);
const char     *yb_import_dialog_get_summary     (YbImportDialog *self);
gboolean        yb_import_dialog_get_busy        (YbImportDialog *self);
void            yb_import_dialog_load_file       (YbImportDialog *self,
                                                  GFile          *file);
void            yb_import_dialog_save_report     (YbImportDialog *self,
                                                  GFile          *file);

void            yb_import_dialog_add_toast       (YbImportDialog *self,
                                                  const char     *message);

G_END_DECLS
