/* yb-store-log-entry-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "yb-store-log-entry.h"

G_BEGIN_DECLS

#define LOG_ENTRY_COLUMNS "id, at, action, declaration_id, from_state, to_state, detail"

GObject *_yb_store_log_entry_new_from_stmt (sqlite3_stmt *stmt);

G_END_DECLS
