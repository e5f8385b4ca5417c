/* yb-store-backup.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yb-store.h"

G_BEGIN_DECLS

/**
 * YB_STORE_BACKUP_FORMAT_VERSION:
 *
 * The version of the backup file layout this code writes and the highest it reads.
 */
#define YB_STORE_BACKUP_FORMAT_VERSION 1

void        yb_store_backup_async          (YbStore              *store,
                                            const char           *hall_id,
                                            const char           *account,
                                            const char           *unit_no,
                                            GBytes               *settings,
                                            GFile                *destination,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean    yb_store_backup_finish         (GAsyncResult         *result,
                                            GError              **error);

JsonObject *yb_store_backup_inspect        (GFile                *backup,
                                            GBytes              **out_settings,
                                            GCancellable         *cancellable,
                                            GError              **error);
void        yb_store_backup_inspect_async  (GFile                *backup,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
JsonObject *yb_store_backup_inspect_finish (GAsyncResult         *result,
                                            GBytes              **out_settings,
                                            GError              **error);

void        yb_store_backup_restore_async  (GFile                *backup,
                                            const char           *target_path,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
char       *yb_store_backup_restore_finish (GAsyncResult         *result,
                                            JsonObject          **out_manifest,
                                            GBytes              **out_settings,
                                            GError              **error);

G_END_DECLS
