/* yb-template-writer.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-import-columns.h"
#include "yb-region-profile.h"

G_BEGIN_DECLS

const char *yb_template_get_sheet_name (YbImportKind      kind);
gboolean    yb_template_write          (YbImportKind      kind,
                                        YbRegionProfile  *profile,
                                        GListModel       *roster,
                                        int               year,
                                        const char       *path,
                                        GError          **error);

G_END_DECLS
