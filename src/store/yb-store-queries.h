/* yb-store-queries.h
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

/* payments (the payments table of yb-store.h, replaced per query scope) */
gboolean    yb_store_queries_replace_payments     (YbStore     *store,
                                                   gboolean     unit_totals,
                                                   const char  *person_no,
                                                   const char  *insurance,
                                                   const char  *from_period,
                                                   const char  *to_period,
                                                   JsonArray   *payments,
                                                   GError     **error);
GListModel *yb_store_queries_payments             (YbStore     *store,
                                                   gboolean     unit_totals,
                                                   const char  *person_no,
                                                   const char  *insurance,
                                                   const char  *from_period,
                                                   const char  *to_period);
GListModel *yb_store_queries_month_totals         (YbStore     *store,
                                                   const char  *insurance,
                                                   const char  *from_period,
                                                   const char  *to_period);

/* roster */
GListModel *yb_store_queries_roster               (YbStore     *store,
                                                   const char  *status,
                                                   const char  *query);

/* the hall's declaration list */
gboolean    yb_store_queries_replace_declarations (YbStore     *store,
                                                   const char  *statuses,
                                                   const char  *from_day,
                                                   const char  *to_day,
                                                   JsonArray   *declarations,
                                                   GError     **error);
gboolean    yb_store_queries_put_declaration      (YbStore     *store,
                                                   JsonObject  *declaration,
                                                   GError     **error);
GListModel *yb_store_queries_declarations         (YbStore     *store,
                                                   const char  *statuses,
                                                   const char  *from_day,
                                                   const char  *to_day);

/* freshness of cached answers */
gboolean    yb_store_queries_set_fetched_at       (YbStore     *store,
                                                   const char  *scope,
                                                   gint64       when,
                                                   GError     **error);
gint64      yb_store_queries_get_fetched_at       (YbStore     *store,
                                                   const char  *scope);

G_END_DECLS
