/* yb-store-reconcile.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yb-query-row.h"
#include "yb-store.h"

G_BEGIN_DECLS

typedef enum
{
  YB_RECONCILE_HALL_ONLY,
  YB_RECONCILE_LOCAL_ONLY,
  YB_RECONCILE_DRAFT_NOT_SUBMITTED,
  YB_RECONCILE_STATUS_DIFFERS,
  YB_RECONCILE_WAGE_DIFFERS,
  YB_RECONCILE_BASE_DIFFERS,
} YbReconcileKind;

const char *yb_reconcile_kind_to_string   (YbReconcileKind   kind);
gboolean    yb_reconcile_kind_from_string (const char       *text,
                                           YbReconcileKind  *kind);

GListModel *yb_store_reconcile            (YbStore          *store,
                                           JsonArray        *hall_people,
                                           GCancellable     *cancellable,
                                           GError          **error);

G_END_DECLS
