/* yb-xlsx-reader.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-import-table.h"

G_BEGIN_DECLS

#define YB_TYPE_XLSX_READER (yb_xlsx_reader_get_type ())
G_DECLARE_FINAL_TYPE (YbXlsxReader, yb_xlsx_reader, YB, XLSX_READER, GObject)

YbXlsxReader       *yb_xlsx_reader_new            (const char      *path,
                                                   GCancellable    *cancellable,
                                                   GError         **error);
guint               yb_xlsx_reader_get_n_sheets   (YbXlsxReader    *self);
const char         *yb_xlsx_reader_get_sheet_name (YbXlsxReader    *self,
                                                   guint            index);
gboolean            yb_xlsx_reader_is_sheet_hidden (YbXlsxReader   *self,
                                                   guint            index);
gboolean            yb_xlsx_reader_read_sheet     (YbXlsxReader    *self,
                                                   guint            index,
                                                   YbTableRowFunc   func,
                                                   gpointer         user_data,
                                                   GCancellable    *cancellable,
                                                   GError         **error);

G_END_DECLS
