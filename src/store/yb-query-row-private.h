/* yb-query-row-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "yb-query-row.h"

G_BEGIN_DECLS

/* Reads column 0 of @stmt, a JSON object as text. */
GObject *_yb_query_row_new_from_stmt (sqlite3_stmt *stmt);

G_END_DECLS
