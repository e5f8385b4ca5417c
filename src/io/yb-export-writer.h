/* yb-export-writer.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-import-error.h"
#include "yb-import-model.h"

G_BEGIN_DECLS

/**
 * YbExportFormat:
 * @YB_EXPORT_FORMAT_XLSX: an Excel workbook
 * @YB_EXPORT_FORMAT_CSV: UTF-8 CSV with a byte-order mark (Excel opens it as UTF-8)
 *
 * The formats of exports.
 */
typedef enum
{
  YB_EXPORT_FORMAT_XLSX,
  YB_EXPORT_FORMAT_CSV,
} YbExportFormat;

/**
 * YbExportColumn:
 * @header: the header text
 * @width: the column width in characters (a CJK character counts two); 0 to fit the header
 * @text: %TRUE for digits that must stay text (ID numbers, credit codes, phones, accounts)
 *
 * One column of an export.
 */
typedef struct
{
  const char *header;
  guint width;
  gboolean text;
} YbExportColumn;

#define YB_TYPE_EXPORT_WRITER (yb_export_writer_get_type ())
G_DECLARE_FINAL_TYPE (YbExportWriter, yb_export_writer, YB, EXPORT_WRITER, GObject)

YbExportFormat  yb_export_format_from_path (const char           *path);
YbExportWriter *yb_export_writer_new       (const char           *path,
                                            YbExportFormat        format,
                                            const char           *sheet_name,
                                            const YbExportColumn *columns,
                                            guint                 n_columns,
                                            GError              **error);
gboolean        yb_export_writer_add_row   (YbExportWriter       *self,
                                            const char * const   *values,
                                            const gboolean       *marked,
                                            GError              **error);
gboolean        yb_export_writer_finish    (YbExportWriter       *self,
                                            GError              **error);

gboolean        yb_export_roster           (GListModel           *roster,
                                            const char           *path,
                                            YbExportFormat        format,
                                            gboolean              mask_id_numbers,
                                            GCancellable         *cancellable,
                                            GError              **error);
gboolean        yb_export_import_report    (YbImportModel        *model,
                                            const char           *path,
                                            YbExportFormat        format,
                                            GError              **error);

G_END_DECLS
