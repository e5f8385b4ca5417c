/* yb-payment-row.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define YB_TYPE_PAYMENT_ROW (yb_payment_row_get_type ())
G_DECLARE_FINAL_TYPE (YbPaymentRow, yb_payment_row, YB, PAYMENT_ROW, GObject)

const char *yb_payment_row_get_period          (YbPaymentRow *self);
const char *yb_payment_row_get_person_no       (YbPaymentRow *self);
const char *yb_payment_row_get_name            (YbPaymentRow *self);
const char *yb_payment_row_get_id_number       (YbPaymentRow *self);
const char *yb_payment_row_get_insurance       (YbPaymentRow *self);
const char *yb_payment_row_get_insurance_label (YbPaymentRow *self);
const char *yb_payment_row_get_status          (YbPaymentRow *self);
gint64      yb_payment_row_get_base            (YbPaymentRow *self);
gint64      yb_payment_row_get_unit_amount     (YbPaymentRow *self);
gint64      yb_payment_row_get_personal_amount (YbPaymentRow *self);

G_END_DECLS
