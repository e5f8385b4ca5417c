/* yb-import-row.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "yb-declaration.h"
#include "yb-finding.h"

G_BEGIN_DECLS

#define YB_TYPE_IMPORT_ROW (yb_import_row_get_type ())
G_DECLARE_FINAL_TYPE (YbImportRow, yb_import_row, YB, IMPORT_ROW, GObject)

guint             yb_import_row_get_row_number        (YbImportRow *self);
YbDeclarationKind yb_import_row_get_declaration_kind  (YbImportRow *self);
const char       *yb_import_row_get_value             (YbImportRow *self,
                                                       const char  *field);
GPtrArray        *yb_import_row_get_findings          (YbImportRow *self);
const YbFinding  *yb_import_row_get_cell_finding      (YbImportRow *self,
                                                       const char  *field);
gboolean          yb_import_row_has_errors            (YbImportRow *self);
gboolean          yb_import_row_get_dropped           (YbImportRow *self);

G_END_DECLS
