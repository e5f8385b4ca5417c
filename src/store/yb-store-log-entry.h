/* yb-store-log-entry.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define YB_TYPE_STORE_LOG_ENTRY (yb_store_log_entry_get_type ())
G_DECLARE_FINAL_TYPE (YbStoreLogEntry, yb_store_log_entry, YB, STORE_LOG_ENTRY, GObject)

gint64      yb_store_log_entry_get_id             (YbStoreLogEntry *self);
gint64      yb_store_log_entry_get_at             (YbStoreLogEntry *self);
const char *yb_store_log_entry_get_action         (YbStoreLogEntry *self);
gint64      yb_store_log_entry_get_declaration_id (YbStoreLogEntry *self);
const char *yb_store_log_entry_get_from_state     (YbStoreLogEntry *self);
const char *yb_store_log_entry_get_to_state       (YbStoreLogEntry *self);
const char *yb_store_log_entry_get_detail         (YbStoreLogEntry *self);

G_END_DECLS
