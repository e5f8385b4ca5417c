/* yb-sync-engine.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-hall-client.h"
#include "yb-region-profile.h"
#include "yb-store.h"
#include "yb-store-declaration.h"

G_BEGIN_DECLS

/**
 * YbSyncState:
 * @YB_SYNC_STATE_IDLE: nothing under way; the last pass succeeded (or none ran yet)
 * @YB_SYNC_STATE_SYNCING: a pass is running
 * @YB_SYNC_STATE_OFFLINE: the hall could not be reached; the engine retries with back-off
 * @YB_SYNC_STATE_ERROR: the hall refused or failed; the engine retries with back-off
 * @YB_SYNC_STATE_WINDOW_CLOSED: the business window is closed and enrolments or reductions
 *   wait in the outbox for it to open
 *
 * What the sync engine is doing, for the status area of the window.
 */
typedef enum
{
  YB_SYNC_STATE_IDLE,
  YB_SYNC_STATE_SYNCING,
  YB_SYNC_STATE_OFFLINE,
  YB_SYNC_STATE_ERROR,
  YB_SYNC_STATE_WINDOW_CLOSED,
} YbSyncState;

#define YB_TYPE_SYNC_STATE (yb_sync_state_get_type ())
GType yb_sync_state_get_type (void) G_GNUC_CONST;

#define YB_TYPE_SYNC_ENGINE (yb_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (YbSyncEngine, yb_sync_engine, YB, SYNC_ENGINE, GObject)

/**
 * YbSyncTestHook:
 * @engine: the engine
 * @point: where the engine is: "before-request" (the batch is marked sending and committed,
 *   nothing has left), "request-sent" (the request was handed to the network),
 *   "answer-received" (the hall's answer or the transport error arrived, nothing recorded
 *   yet) or "answer-recorded" (the answers of the batch are committed)
 * @user_data: closure
 *
 * For crash tests only: a test program kills itself at one of these points to prove that
 * the next start ends with exactly one declaration at the hall. Normal code never sets one.
 */
typedef void (*YbSyncTestHook) (YbSyncEngine *engine,
                                const char   *point,
                                gpointer      user_data);

YbSyncEngine    *yb_sync_engine_new              (YbHallClient         *hall,
                                                  YbStore              *store,
                                                  const char           *unit_no,
                                                  YbRegionProfile      *profile);

YbHallClient    *yb_sync_engine_get_hall         (YbSyncEngine         *self);
YbStore         *yb_sync_engine_get_store        (YbSyncEngine         *self);
const char      *yb_sync_engine_get_unit_no      (YbSyncEngine         *self);
YbRegionProfile *yb_sync_engine_get_profile      (YbSyncEngine         *self);
YbSyncState      yb_sync_engine_get_state        (YbSyncEngine         *self);
gboolean         yb_sync_engine_get_online       (YbSyncEngine         *self);
GDateTime       *yb_sync_engine_get_last_sync    (YbSyncEngine         *self);
guint            yb_sync_engine_get_waiting      (YbSyncEngine         *self);
double           yb_sync_engine_get_progress     (YbSyncEngine         *self);
const char      *yb_sync_engine_get_status_text  (YbSyncEngine         *self);
GDateTime       *yb_sync_engine_get_next_attempt (YbSyncEngine         *self);
gboolean         yb_sync_engine_get_window_open  (YbSyncEngine         *self);
guint            yb_sync_engine_get_last_pull_count (YbSyncEngine      *self);
guint            yb_sync_engine_get_backoff_base_ms (YbSyncEngine      *self);
void             yb_sync_engine_set_backoff_base_ms (YbSyncEngine      *self,
                                                  guint                 milliseconds);
guint            yb_sync_engine_get_interval     (YbSyncEngine         *self);
void             yb_sync_engine_set_interval     (YbSyncEngine         *self,
                                                  guint                 seconds);
gboolean         yb_sync_engine_get_auto_send    (YbSyncEngine         *self);
void             yb_sync_engine_set_auto_send    (YbSyncEngine         *self,
                                                  gboolean              auto_send);
guint            yb_sync_engine_get_batch_size   (YbSyncEngine         *self);
void             yb_sync_engine_set_batch_size   (YbSyncEngine         *self,
                                                  guint                 batch_size);

void             yb_sync_engine_sync_now_async   (YbSyncEngine         *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean         yb_sync_engine_sync_now_finish  (YbSyncEngine         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
void             yb_sync_engine_start            (YbSyncEngine         *self);
void             yb_sync_engine_stop             (YbSyncEngine         *self);
gboolean         yb_sync_engine_get_running      (YbSyncEngine         *self);
guint            yb_sync_engine_recover          (YbSyncEngine         *self);

void             yb_sync_engine_withdraw_async   (YbSyncEngine         *self,
                                                  gint64                declaration_id,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
YbDeclarationState yb_sync_engine_withdraw_finish (YbSyncEngine        *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void             yb_sync_engine_set_test_hook    (YbSyncEngine         *self,
                                                  YbSyncTestHook        hook,
                                                  gpointer              user_data);

G_END_DECLS
