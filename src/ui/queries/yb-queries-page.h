/* yb-queries-page.h
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "yb-section-page.h"

G_BEGIN_DECLS

#define YB_TYPE_QUERIES_PAGE (yb_queries_page_get_type ())

G_DECLARE_FINAL_TYPE (YbQueriesPage, yb_queries_page, YB, QUERIES_PAGE, YbSectionPage)

G_END_DECLS
