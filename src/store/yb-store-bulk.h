/* yb-store-bulk.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yb-store.h"

G_BEGIN_DECLS

GArray *yb_store_declaration_create_many (YbStore            *store,
                                          const char * const *kinds,
                                          const char * const *fields_json,
                                          guint               n,
                                          GError            **error);

G_END_DECLS
