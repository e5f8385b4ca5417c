/* yb-queries-page.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yb-queries-state.h"
#include "yb-section-page.h"

G_BEGIN_DECLS

#define YB_TYPE_QUERIES_PAGE (yb_queries_page_get_type ())

G_DECLARE_FINAL_TYPE (YbQueriesPage, yb_queries_page, YB, QUERIES_PAGE, YbSectionPage)

YbQueriesView  yb_queries_page_get_view         (YbQueriesPage *self);
void           yb_queries_page_set_view         (YbQueriesPage *self,
                                                 YbQueriesView  view);
gboolean       yb_queries_page_get_busy         (YbQueriesPage *self);
GListModel    *yb_queries_page_get_results      (YbQueriesPage *self);
GListModel    *yb_queries_page_get_totals       (YbQueriesPage *self);
const char    *yb_queries_page_get_details      (YbQueriesPage *self);
const char    *yb_queries_page_get_last_message (YbQueriesPage *self);
void           yb_queries_page_select           (YbQueriesPage *self,
                                                 guint          position);
void           yb_queries_page_export_to        (YbQueriesPage *self,
                                                 GFile         *file);
char          *yb_queries_page_format_cell      (YbQueriesPage *self,
                                                 GObject       *row,
                                                 const char    *column);
const char   **yb_queries_page_get_columns      (YbQueriesPage *self,
                                                 guint         *n_columns);

G_END_DECLS
