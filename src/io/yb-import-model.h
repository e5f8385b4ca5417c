/* yb-import-model.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-import-columns.h"
#include "yb-import-row.h"
#include "yb-region-profile.h"
#include "yb-store.h"

G_BEGIN_DECLS

/**
 * YbImportProgressFunc:
 * @rows_read: data rows read so far
 * @user_data: closure
 *
 * Progress of a load, called on the main context of the thread that started it.
 */
typedef void (*YbImportProgressFunc) (guint    rows_read,
                                      gpointer user_data);

/**
 * YbImportSheet:
 * @name: the sheet's name as the workbook shows it
 * @n_rows: the non-empty rows below the header (every non-empty row when no header was found)
 * @kind: the batch the header names, %YB_IMPORT_KIND_AUTO when @recognised is %FALSE
 * @recognised: whether one of the first rows is a header Yibao knows
 * @hidden: whether the workbook hides the sheet
 *
 * One sheet of a workbook, as the sheet picker lists it.
 */
typedef struct
{
  char *name;
  guint n_rows;
  YbImportKind kind;
  gboolean recognised;
  gboolean hidden;
} YbImportSheet;

void           yb_import_sheet_free             (YbImportSheet        *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbImportSheet, yb_import_sheet_free)

GPtrArray     *yb_import_list_sheets            (const char           *path,
                                                 YbImportKind          kind,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
void           yb_import_list_sheets_async      (const char           *path,
                                                 YbImportKind          kind,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray     *yb_import_list_sheets_finish     (GAsyncResult         *result,
                                                 GError              **error);

#define YB_TYPE_IMPORT_MODEL (yb_import_model_get_type ())
G_DECLARE_FINAL_TYPE (YbImportModel, yb_import_model, YB, IMPORT_MODEL, GObject)

YbImportModel *yb_import_model_new              (YbRegionProfile      *profile,
                                                 GDateTime            *now);
gboolean       yb_import_model_load             (YbImportModel        *self,
                                                 const char           *path,
                                                 YbImportKind          kind,
                                                 const char           *sheet,
                                                 GCancellable         *cancellable,
                                                 GError              **error);
void           yb_import_model_load_async       (YbImportModel        *self,
                                                 const char           *path,
                                                 YbImportKind          kind,
                                                 const char           *sheet,
                                                 YbImportProgressFunc  progress,
                                                 gpointer              progress_data,
                                                 GDestroyNotify        progress_destroy,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean       yb_import_model_load_finish      (YbImportModel        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

YbImportKind   yb_import_model_get_kind         (YbImportModel        *self);
const char    *yb_import_model_get_sheet_name   (YbImportModel        *self);
guint          yb_import_model_get_n_columns    (YbImportModel        *self);
const char    *yb_import_model_get_column_field (YbImportModel        *self,
                                                 guint                 column);
const char    *yb_import_model_get_column_header (YbImportModel       *self,
                                                 guint                 column);
gboolean       yb_import_model_get_column_required (YbImportModel     *self,
                                                 guint                 column);
const char    *yb_import_model_get_field_header (YbImportModel        *self,
                                                 const char           *field);
guint          yb_import_model_get_n_bad_rows   (YbImportModel        *self);
guint          yb_import_model_get_n_good_rows  (YbImportModel        *self);
char          *yb_import_model_dup_row_reason   (YbImportModel        *self,
                                                 guint                 position);

void           yb_import_model_set_value        (YbImportModel        *self,
                                                 guint                 position,
                                                 const char           *field,
                                                 const char           *text);
void           yb_import_model_set_dropped      (YbImportModel        *self,
                                                 guint                 position,
                                                 gboolean              dropped);

GPtrArray     *yb_import_model_build_declarations (YbImportModel      *self);
void           yb_import_model_commit_async     (YbImportModel        *self,
                                                 YbStore              *store,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GArray        *yb_import_model_commit_finish    (YbImportModel        *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
GArray        *yb_import_write_drafts           (YbStore              *store,
                                                 GPtrArray            *declarations,
                                                 GCancellable         *cancellable,
                                                 GError              **error);

G_END_DECLS
