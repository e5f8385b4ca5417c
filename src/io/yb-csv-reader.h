/* yb-csv-reader.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-import-table.h"

G_BEGIN_DECLS

#define YB_TYPE_CSV_READER (yb_csv_reader_get_type ())
G_DECLARE_FINAL_TYPE (YbCsvReader, yb_csv_reader, YB, CSV_READER, GObject)

YbCsvReader *yb_csv_reader_new          (const char     *path,
                                         GError        **error);
YbCsvReader *yb_csv_reader_new_for_data (const char     *data,
                                         gsize           length,
                                         GError        **error);
const char  *yb_csv_reader_get_encoding (YbCsvReader    *self);
gboolean     yb_csv_reader_read         (YbCsvReader    *self,
                                         YbTableRowFunc  func,
                                         gpointer        user_data,
                                         GCancellable   *cancellable,
                                         GError        **error);

G_END_DECLS
