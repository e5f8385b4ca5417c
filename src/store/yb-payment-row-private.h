/* yb-payment-row-private.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "yb-payment-row.h"

G_BEGIN_DECLS

/* The SELECT list _yb_payment_row_new_from_stmt() reads, in order. */
#define PAYMENT_ROW_COLUMNS                                                                    \
  "period, person_no, json_extract (data, '$.name'), json_extract (data, '$.id_number'), "   \
  "insurance, json_extract (data, '$.insurance_label'), json_extract (data, '$.status'), "   \
  "base, unit_amount, personal_amount"

GObject *_yb_payment_row_new_from_stmt (sqlite3_stmt *stmt);

G_END_DECLS
