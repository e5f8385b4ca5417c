/* yb-query-row.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define YB_TYPE_QUERY_ROW (yb_query_row_get_type ())
G_DECLARE_FINAL_TYPE (YbQueryRow, yb_query_row, YB, QUERY_ROW, GObject)

YbQueryRow *yb_query_row_new         (JsonObject  *object);
JsonObject *yb_query_row_get_object  (YbQueryRow  *self);
const char *yb_query_row_get_string  (YbQueryRow  *self,
                                      const char  *member);

G_END_DECLS
