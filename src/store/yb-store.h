/* yb-store.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "yb-region-profile.h"

G_BEGIN_DECLS

#define YB_STORE_ERROR (yb_store_error_quark ())

/**
 * YbStoreError:
 * @YB_STORE_ERROR_FAILED: SQLite reported an error not covered below
 * @YB_STORE_ERROR_OPEN: the database or its directory could not be opened or created
 * @YB_STORE_ERROR_TOO_NEW: the database was written by a newer Yibao (schema version too high)
 * @YB_STORE_ERROR_CORRUPT: the file is not a usable SQLite database
 * @YB_STORE_ERROR_BUSY: another connection held the database for too long
 * @YB_STORE_ERROR_NOT_FOUND: no row with that id
 * @YB_STORE_ERROR_INVALID_TRANSITION: a declaration cannot move from its state to the one asked
 * @YB_STORE_ERROR_FROZEN: the declaration left the draft state, its fields can no longer change
 * @YB_STORE_ERROR_INVALID_INPUT: input (usually hall JSON) is malformed; the message names the
 *   field and row
 * @YB_STORE_ERROR_APPEND_ONLY: an attempt to change or remove action-log entries
 *
 * Stable error codes of the local store.
 */
typedef enum
{
  YB_STORE_ERROR_FAILED,
  YB_STORE_ERROR_OPEN,
  YB_STORE_ERROR_TOO_NEW,
  YB_STORE_ERROR_CORRUPT,
  YB_STORE_ERROR_BUSY,
  YB_STORE_ERROR_NOT_FOUND,
  YB_STORE_ERROR_INVALID_TRANSITION,
  YB_STORE_ERROR_FROZEN,
  YB_STORE_ERROR_INVALID_INPUT,
  YB_STORE_ERROR_APPEND_ONLY,
} YbStoreError;

/**
 * YbStoreProgressFunc:
 * @done: rows handled so far
 * @total: rows to handle in all
 * @user_data: closure
 *
 * Progress of a bulk write. Called on the thread (main context) that started the
 * asynchronous operation.
 */
typedef void (*YbStoreProgressFunc) (guint64  done,
                                     guint64  total,
                                     gpointer user_data);

/**
 * YbRosterDeltaStats:
 * @inserted: people new to the cache
 * @updated: people whose hall data changed
 * @unchanged: people sent again with exactly the same data (not rewritten)
 * @removed: people the hall marked as removed (tombstoned)
 *
 * What a roster write did.
 */
typedef struct
{
  guint inserted;
  guint updated;
  guint unchanged;
  guint removed;
} YbRosterDeltaStats;

#define YB_TYPE_STORE (yb_store_get_type ())
G_DECLARE_FINAL_TYPE (YbStore, yb_store, YB, STORE, GObject)

GQuark    yb_store_error_quark         (void);

char     *yb_store_default_path        (const char           *hall_id,
                                        const char           *account,
                                        const char           *unit_no);
YbStore  *yb_store_open                (const char           *path,
                                        GError              **error);
void      yb_store_open_async          (const char           *path,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
YbStore  *yb_store_open_finish         (GAsyncResult         *result,
                                        GError              **error);
const char *yb_store_get_path          (YbStore              *self);
int       yb_store_get_schema_version  (YbStore              *self);
int       yb_store_get_latest_schema_version (void);

/* meta */
char     *yb_store_meta_get            (YbStore              *self,
                                        const char           *key);
gboolean  yb_store_meta_set            (YbStore              *self,
                                        const char           *key,
                                        const char           *value,
                                        GError              **error);

void      yb_store_notify_changed      (YbStore              *self,
                                        const char           *table);
gboolean  yb_store_set_synced_at       (YbStore              *self,
                                        const char           *what,
                                        GDateTime            *when,
                                        GError              **error);
GDateTime *yb_store_get_synced_at      (YbStore              *self,
                                        const char           *what);
gboolean  yb_store_region_profile_save (YbStore              *self,
                                        YbRegionProfile      *profile,
                                        GError              **error);
YbRegionProfile *yb_store_region_profile_load (YbStore       *self,
                                        const char           *region);

/* sync cursors */
char     *yb_store_cursor_get          (YbStore              *self,
                                        const char           *name);
gboolean  yb_store_cursor_set          (YbStore              *self,
                                        const char           *name,
                                        const char           *value,
                                        GError              **error);

/* units */
gboolean  yb_store_unit_put            (YbStore              *self,
                                        JsonObject           *unit,
                                        GError              **error);
JsonObject *yb_store_unit_get          (YbStore              *self,
                                        const char           *unit_no,
                                        gint64               *as_of);
GPtrArray *yb_store_unit_list_numbers  (YbStore              *self);

/* roster */
guint     yb_store_roster_count        (YbStore              *self);
JsonObject *yb_store_roster_get        (YbStore              *self,
                                        const char           *person_no);
JsonObject *yb_store_roster_find_by_id_number (YbStore       *self,
                                        const char           *id_number);
gboolean  yb_store_roster_apply_delta  (YbStore              *self,
                                        JsonArray            *people,
                                        YbRosterDeltaStats   *stats,
                                        GError              **error);
void      yb_store_roster_apply_delta_async (YbStore         *self,
                                        JsonArray            *people,
                                        YbStoreProgressFunc   progress,
                                        gpointer              progress_data,
                                        GDestroyNotify        progress_destroy,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  yb_store_roster_apply_delta_finish (YbStore        *self,
                                        GAsyncResult         *result,
                                        YbRosterDeltaStats   *stats,
                                        GError              **error);

gboolean  yb_store_roster_bulk_begin   (YbStore              *self,
                                        GError              **error);
gboolean  yb_store_roster_bulk_add     (YbStore              *self,
                                        JsonArray            *people,
                                        GError              **error);
gboolean  yb_store_roster_bulk_commit  (YbStore              *self,
                                        GCancellable         *cancellable,
                                        GError              **error);
void      yb_store_roster_bulk_abort   (YbStore              *self);
gboolean  yb_store_roster_replace      (YbStore              *self,
                                        JsonArray            *people,
                                        GCancellable         *cancellable,
                                        GError              **error);
void      yb_store_roster_replace_async (YbStore             *self,
                                        JsonArray            *people,
                                        YbStoreProgressFunc   progress,
                                        gpointer              progress_data,
                                        GDestroyNotify        progress_destroy,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
gboolean  yb_store_roster_replace_finish (YbStore            *self,
                                        GAsyncResult         *result,
                                        GError              **error);

/* action log */
gint64    yb_store_log_append          (YbStore              *self,
                                        const char           *action,
                                        gint64                declaration_id,
                                        const char           *detail_json,
                                        GError              **error);
GListModel *yb_store_log_list          (YbStore              *self,
                                        gint64                declaration_id);

/* payments */
gboolean  yb_store_payments_replace    (YbStore              *self,
                                        gboolean              unit_totals,
                                        const char           *from_period,
                                        const char           *to_period,
                                        JsonArray            *payments,
                                        GError              **error);
JsonArray *yb_store_payments_list      (YbStore              *self,
                                        gboolean              unit_totals,
                                        const char           *person_no,
                                        const char           *from_period,
                                        const char           *to_period);
GListModel *yb_store_payments_list_model (YbStore            *self,
                                        gboolean              unit_totals,
                                        const char           *person_no,
                                        const char           *from_period,
                                        const char           *to_period);

/* materials */
gint64    yb_store_material_add        (YbStore              *self,
                                        const char           *local_path,
                                        GError              **error);
gboolean  yb_store_material_set_hall_id (YbStore             *self,
                                        gint64                material_id,
                                        const char           *hall_material_id,
                                        GError              **error);
JsonObject *yb_store_material_get      (YbStore              *self,
                                        gint64                material_id);

G_END_DECLS
