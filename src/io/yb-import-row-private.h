/* yb-import-row-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yb-import-row.h"

G_BEGIN_DECLS

YbImportRow *_yb_import_row_new              (guint              row_number,
                                              YbDeclarationKind  kind);
void         _yb_import_row_set_declaration_kind (YbImportRow   *self,
                                              YbDeclarationKind  kind);
void         _yb_import_row_set_value        (YbImportRow       *self,
                                              const char        *field,
                                              const char        *value,
                                              YbFinding         *damage);
const YbFinding *_yb_import_row_get_damage   (YbImportRow       *self,
                                              const char        *field);
void         _yb_import_row_set_rule_findings (YbImportRow      *self,
                                              GPtrArray         *findings);
gboolean     _yb_import_row_set_duplicate    (YbImportRow       *self,
                                              YbFinding         *finding);
void         _yb_import_row_set_dropped      (YbImportRow       *self,
                                              gboolean           dropped);
GHashTable  *_yb_import_row_get_values       (YbImportRow       *self);
void         _yb_import_row_notify           (YbImportRow       *self);

G_END_DECLS
