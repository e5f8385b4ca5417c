/* yb-outbox-row.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "yb-store-declaration.h"

G_BEGIN_DECLS

#define YB_TYPE_OUTBOX_ROW (yb_outbox_row_get_type ())

G_DECLARE_FINAL_TYPE (YbOutboxRow, yb_outbox_row, YB, OUTBOX_ROW, GObject)

YbOutboxRow        *yb_outbox_row_new             (YbStoreDeclaration *declaration,
                                                   const char         *person,
                                                   const char         *state_label,
                                                   const char         *updated,
                                                   guint               n_errors);
YbStoreDeclaration *yb_outbox_row_get_declaration (YbOutboxRow        *self);
gint64              yb_outbox_row_get_id          (YbOutboxRow        *self);
const char         *yb_outbox_row_get_kind_label  (YbOutboxRow        *self);
const char         *yb_outbox_row_get_person      (YbOutboxRow        *self);
const char         *yb_outbox_row_get_state_label (YbOutboxRow        *self);
const char         *yb_outbox_row_get_updated     (YbOutboxRow        *self);
guint               yb_outbox_row_get_n_errors    (YbOutboxRow        *self);

G_END_DECLS
