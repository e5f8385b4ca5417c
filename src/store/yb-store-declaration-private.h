/* yb-store-declaration-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "yb-store-declaration.h"

G_BEGIN_DECLS

/* The SELECT list _yb_store_declaration_new_from_stmt() reads, in order. */
#define DECLARATION_COLUMNS                                                                    \
  "id, kind, state, fields, findings, person_name, person_id_number, idempotency_key, "      \
  "hall_id, hall_status, reject_reason, field_errors, hall_feedback, last_error, attempts, " \
  "next_retry_at, copied_from, created_at, updated_at"

GObject *_yb_store_declaration_new_from_stmt (sqlite3_stmt *stmt);

G_END_DECLS
