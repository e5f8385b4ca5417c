/* yb-sync-engine.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbSyncEngine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "yb-sync-engine.h"

/* Hall API v1: at most 200 items per batch (BR-53), at most 1000 people per page. */
#define MAX_BATCH 200
#define ROSTER_PAGE 1000
#define DEFAULT_BACKOFF_BASE_MS 2000
#define BACKOFF_CAP_MS (5 * 60 * 1000)
#define DEFAULT_INTERVAL_S 60
/* The hall takes materials of at most 5 MiB (docs/hall-api.md §10). */
#define MAX_MATERIAL_SIZE (5 * 1024 * 1024)
/* A first pass mirrors the declarations submitted in the last year. */
#define DECLARATIONS_FIRST_DAYS 366
#define DECLARATIONS_PAGE 200

struct _YbSyncEngine
{
  GObject parent_instance;

  YbHallClient *hall;
  YbStore *store;
  char *unit_no;
  YbRegionProfile *profile;
  GMainContext *context;

  YbSyncState state;
  gboolean online;
  GDateTime *last_sync;
  guint waiting;
  double progress;
  char *status_text;
  GDateTime *next_attempt;
  guint last_pull_count;

  guint backoff_base_ms;
  guint interval_s;
  guint batch_size;
  gboolean auto_send;

  /* What the hall said about the business window of this unit's region. */
  gboolean window_open;
  GDateTime *reopens_at;
  GTimeSpan hall_offset;
  guint held_for_window;

  char *last_error;
  guint failures;
  gboolean running;
  GSource *timer;
  struct _Pass *pass;
  GPtrArray *waiters;
  GPtrArray *next_waiters;
  gboolean again;

  YbSyncTestHook test_hook;
  gpointer test_hook_data;
};

typedef struct _Pass
{
  YbSyncEngine *self;
  GCancellable *cancellable;
  GHashTable *tried;
  GQueue solo;
  GPtrArray *batch;
  JsonArray *people;
  guint people_seen;
  char *cursor;
  gboolean full;
  gint64 total;
  GPtrArray *pending;
  guint pending_index;
  GAsyncQueue *pages;
  GError *fetch_error;
  /* Whether this pass sends the outbox: always for sync_now, else only with auto-send (what
   * a crash left "sending" goes again in every pass: it was sent once already). */
  gboolean push;
  /* The hall's date (YYYY-MM-DD, its own offset) from its clock, for the declaration list. */
  char *hall_today;
  char *list_from;
  char *list_cursor;
} Pass;

G_DEFINE_FINAL_TYPE (YbSyncEngine, yb_sync_engine, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_HALL,
  PROP_STORE,
  PROP_UNIT_NO,
  PROP_PROFILE,
  PROP_STATE,
  PROP_ONLINE,
  PROP_LAST_SYNC,
  PROP_WAITING,
  PROP_PROGRESS,
  PROP_STATUS_TEXT,
  PROP_NEXT_ATTEMPT,
  PROP_WINDOW_OPEN,
  PROP_LAST_PULL_COUNT,
  PROP_BACKOFF_BASE_MS,
  PROP_INTERVAL,
  PROP_BATCH_SIZE,
  PROP_RUNNING,
  PROP_AUTO_SEND,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  AUDIT_RESULT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GType
yb_sync_state_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { YB_SYNC_STATE_IDLE, "YB_SYNC_STATE_IDLE", "idle" },
        { YB_SYNC_STATE_SYNCING, "YB_SYNC_STATE_SYNCING", "syncing" },
        { YB_SYNC_STATE_OFFLINE, "YB_SYNC_STATE_OFFLINE", "offline" },
        { YB_SYNC_STATE_ERROR, "YB_SYNC_STATE_ERROR", "error" },
        { YB_SYNC_STATE_WINDOW_CLOSED, "YB_SYNC_STATE_WINDOW_CLOSED", "window-closed" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("YbSyncState"), values);

      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

static void start_pass (YbSyncEngine *self);
static void push_next (Pass *pass);
static void pull_roster (Pass *pass);
static void poll_next (Pass *pass);
static void list_declarations (Pass *pass);

/* Property setters: notify only on change. */

static void
set_state (YbSyncEngine *self,
           YbSyncState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_online (YbSyncEngine *self,
            gboolean      online)
{
  if (self->online == online)
    return;
  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
}

static void
set_progress (YbSyncEngine *self,
              double        progress)
{
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
set_window (YbSyncEngine *self,
            gboolean      open,
            GDateTime    *reopens_at)
{
  g_clear_pointer (&self->reopens_at, g_date_time_unref);
  if (!open && reopens_at != NULL)
    self->reopens_at = g_date_time_ref (reopens_at);
  if (self->window_open == open)
    return;
  self->window_open = open;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WINDOW_OPEN]);
}

static void
set_next_attempt (YbSyncEngine *self,
                  GDateTime    *when)
{
  if (self->next_attempt == NULL && when == NULL)
    return;
  if (self->next_attempt != NULL && when != NULL && g_date_time_equal (self->next_attempt, when))
    return;
  g_clear_pointer (&self->next_attempt, g_date_time_unref);
  if (when != NULL)
    self->next_attempt = g_date_time_ref (when);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
}

static void
update_status_text (YbSyncEngine *self)
{
  g_autofree char *text = NULL;

  switch (self->state)
    {
    case YB_SYNC_STATE_SYNCING:
      text = g_strdup (_("Syncing with the hall…"));
      break;

    case YB_SYNC_STATE_OFFLINE:
      if (self->waiting == 0)
        text = g_strdup (_("Offline"));
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline — %u item waiting",
                                             "Offline — %u items waiting", self->waiting),
                                self->waiting);
      break;

    case YB_SYNC_STATE_ERROR:
      if (self->next_attempt != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (self->next_attempt);
          g_autofree char *when = g_date_time_format (local, "%H:%M:%S");

          /* Translators: the first %s is the hall's error, the second a time (14:05:30). */
          text = g_strdup_printf (_("Sync failed: %s Trying again at %s."),
                                  self->last_error ? self->last_error : "", when);
        }
      else
        text = g_strdup_printf (_("Sync failed: %s"),
                                self->last_error ? self->last_error : _("unknown error"));
      break;

    case YB_SYNC_STATE_WINDOW_CLOSED:
      if (self->reopens_at != NULL)
        {
          g_autofree char *when = g_date_time_format (self->reopens_at, "%Y-%m-%d %H:%M");

          text = g_strdup_printf (_("Will send when the window opens at %s"), when);
        }
      else
        text = g_strdup (_("Will send when the window opens"));
      break;

    case YB_SYNC_STATE_IDLE:
    default:
      if (self->waiting > 0 && !self->auto_send)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%u item waiting — send it with Sync Now",
                                             "%u items waiting — send them with Sync Now",
                                             self->waiting),
                                self->waiting);
      else if (self->waiting > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item waiting",
                                             "%u items waiting", self->waiting),
                                self->waiting);
      else if (self->last_sync != NULL)
        {
          g_autoptr(GDateTime) local = g_date_time_to_local (self->last_sync);
          g_autofree char *when = g_date_time_format (local, "%H:%M");

          text = g_strdup_printf (_("Up to date (last sync %s)"), when);
        }
      else
        text = g_strdup (_("Not synced yet"));
      break;
    }

  if (g_strcmp0 (text, self->status_text) == 0)
    return;
  g_free (self->status_text);
  self->status_text = g_steal_pointer (&text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
}

static void
update_waiting (YbSyncEngine *self)
{
  guint waiting = 0;

  yb_store_declaration_count_badges (self->store, &waiting, NULL);
  if (waiting != self->waiting)
    {
      self->waiting = waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
    }
  update_status_text (self);
}

static void
run_test_hook (YbSyncEngine *self,
               const char   *point)
{
  if (G_UNLIKELY (self->test_hook != NULL))
    self->test_hook (self, point, self->test_hook_data);
}

static char *
roster_cursor_name (YbSyncEngine *self)
{
  return g_strconcat ("roster:", self->unit_no, NULL);
}

/* Enrolment and reduction are refused while the region's window is closed (BR-31). */
static gboolean
needs_window (const char *kind)
{
  return g_strcmp0 (kind, "enrol_new") == 0 || g_strcmp0 (kind, "enrol_resume") == 0
         || g_strcmp0 (kind, "reduce") == 0;
}

/* The hall refused the request for what it holds: one of the items is at fault. */
static gboolean
is_item_fault (const GError *error)
{
  return g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_INVALID_REQUEST)
         || g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_MALFORMED_JSON)
         || g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_PAYLOAD_TOO_LARGE)
         || g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_VALIDATION_FAILED);
}

/* Exponential back-off with full jitter; the hall's Retry-After wins when it is longer. */
static guint
backoff_delay_ms (YbSyncEngine *self,
                  guint         failures,
                  const GError *error)
{
  guint64 ceiling = self->backoff_base_ms;
  guint64 delay;
  int retry_after = error != NULL ? yb_hall_error_get_retry_after (error) : -1;

  for (guint i = 1; i < failures && ceiling < BACKOFF_CAP_MS; i++)
    ceiling *= 2;
  ceiling = MIN (ceiling, BACKOFF_CAP_MS);
  delay = (guint64) (g_random_double () * (double) ceiling);
  delay = MAX (delay, 10);
  if (retry_after > 0 && (guint64) retry_after * 1000 > delay)
    delay = (guint64) retry_after * 1000;
  return (guint) MIN (delay, G_MAXUINT);
}

/* How often the items of a batch were tried: their own back-off grows with that, not with
 * how many passes failed before them (a pass also fails on calls that never carried them). */
static guint
batch_attempts (GPtrArray *batch)
{
  guint attempts = 1;

  for (guint i = 0; batch != NULL && i < batch->len; i++)
    attempts = MAX (attempts,
                    yb_store_declaration_get_attempts (g_ptr_array_index (batch, i)));
  return attempts;
}

/* Timer */

static gboolean
on_timer_cb (gpointer user_data)
{
  YbSyncEngine *self = user_data;

  g_clear_pointer (&self->timer, g_source_unref);
  if (self->pass == NULL)
    start_pass (self);
  else
    self->again = TRUE;
  return G_SOURCE_REMOVE;
}

static void
schedule (YbSyncEngine *self,
          guint         delay_ms)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) when = g_date_time_add (now, (GTimeSpan) delay_ms * 1000);

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  self->timer = g_timeout_source_new (delay_ms);
  g_source_set_name (self->timer, "[yibao] sync timer");
  g_source_set_callback (self->timer, on_timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);
  set_next_attempt (self, when);
}

/* Passes */

static void
pass_free (Pass *pass)
{
  g_clear_object (&pass->cancellable);
  g_clear_pointer (&pass->tried, g_hash_table_unref);
  g_queue_clear (&pass->solo);
  g_clear_pointer (&pass->batch, g_ptr_array_unref);
  g_clear_pointer (&pass->people, json_array_unref);
  g_clear_pointer (&pass->cursor, g_free);
  g_clear_pointer (&pass->pending, g_ptr_array_unref);
  g_clear_pointer (&pass->pages, g_async_queue_unref);
  g_clear_error (&pass->fetch_error);
  g_clear_pointer (&pass->hall_today, g_free);
  g_clear_pointer (&pass->list_cursor, g_free);
  g_clear_pointer (&pass->list_from, g_free);
  g_clear_object (&pass->self);
  g_free (pass);
}

static void
complete_waiters (GPtrArray    *waiters,
                  const GError *error)
{
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_ptr_array_set_size (waiters, 0);
}

/* Ends the pass: the engine's state follows the outcome and the next pass is scheduled. */
static void
pass_finish (Pass   *pass,
             GError *error)
{
  YbSyncEngine *self = g_object_ref (pass->self);
  g_autoptr(GError) owned = error;
  g_autoptr(GPtrArray) waiters = NULL;
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  guint delay_ms = self->interval_s * 1000;

  g_assert (self->pass == pass);
  self->pass = NULL;
  pass_free (pass);
  set_progress (self, -1.0);
  g_object_freeze_notify (G_OBJECT (self));

  if (error == NULL)
    {
      self->failures = 0;
      g_clear_pointer (&self->last_error, g_free);
      g_clear_pointer (&self->last_sync, g_date_time_unref);
      self->last_sync = g_date_time_new_now_utc ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
      set_state (self, !self->window_open && self->held_for_window > 0
                           ? YB_SYNC_STATE_WINDOW_CLOSED
                           : YB_SYNC_STATE_IDLE);
      /* Items held for the window go at the reopening time, by the hall's clock. */
      if (!self->window_open && self->held_for_window > 0 && self->reopens_at != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          GTimeSpan until = g_date_time_difference (self->reopens_at, now) - self->hall_offset;

          delay_ms = (guint) CLAMP (until / 1000, 1000, (GTimeSpan) delay_ms);
        }
    }
  else if (cancelled)
    set_state (self, YB_SYNC_STATE_IDLE);
  else
    {
      self->failures++;
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      if (g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_NETWORK))
        set_online (self, FALSE);
      set_state (self, g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_NETWORK)
                           ? YB_SYNC_STATE_OFFLINE
                           : YB_SYNC_STATE_ERROR);
      delay_ms = backoff_delay_ms (self, self->failures, error);
      g_debug ("pass failed (%u in a row), next in %u ms: %s", self->failures, delay_ms,
               error->message);
    }

  if (self->running && !cancelled)
    schedule (self, delay_ms);
  else if (!self->running)
    set_next_attempt (self, NULL);
  update_waiting (self);
  g_object_thaw_notify (G_OBJECT (self));

  waiters = g_steal_pointer (&self->waiters);
  self->waiters = g_steal_pointer (&self->next_waiters);
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  complete_waiters (waiters, error);

  if (self->pass == NULL && (self->again || self->waiters->len > 0))
    start_pass (self);
  g_object_unref (self);
}

static void
record_transient (Pass         *pass,
                  const char   *message,
                  gint64        next_retry_at)
{
  YbSyncEngine *self = pass->self;

  for (guint i = 0; i < pass->batch->len; i++)
    {
      YbStoreDeclaration *decl = g_ptr_array_index (pass->batch, i);
      g_autoptr(GError) error = NULL;

      if (!yb_store_declaration_record_send_error (self->store,
                                                   yb_store_declaration_get_id (decl), message,
                                                   next_retry_at, &error))
        g_warning ("Could not record a failed send: %s", error->message);
    }
}

static char *
findings_to_json (GPtrArray *findings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "field");
      if (finding->field != NULL)
        json_builder_add_string_value (builder, finding->field);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, finding->code ? finding->code : "");
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, finding->message ? finding->message : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static char *
findings_to_reason (GPtrArray *findings)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      YbFinding *finding = g_ptr_array_index (findings, i);

      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, finding->message ? finding->message : finding->code);
    }
  return out->len > 0 ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

static char *
result_to_json (YbHallSubmitResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  const struct
  {
    const char *name;
    const char *value;
  } members[] = {
    { "idempotency_key", result->idempotency_key },
    { "declaration_id", result->declaration_id },
    { "status", result->status },
    { "submitted_at", result->submitted_at },
    { "base", result->base },
    { "last_paid_month", result->last_paid_month },
  };

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      json_builder_set_member_name (builder, members[i].name);
      if (members[i].value != NULL)
        json_builder_add_string_value (builder, members[i].value);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
emit_result (YbSyncEngine       *self,
             gint64              id,
             YbDeclarationState  state)
{
  g_signal_emit (self, signals[AUDIT_RESULT], 0, id, (int) state);
}

/* An item the hall refused on its own, or one it will never take: the others go on. */
static void
record_refused (YbSyncEngine *self,
                gint64        id,
                const char   *reason,
                const char   *errors_json)
{
  g_autoptr(GError) error = NULL;

  if (yb_store_declaration_record_rejected (self->store, id, reason, errors_json, &error))
    emit_result (self, id, YB_DECLARATION_REJECTED);
  else
    g_warning ("Could not record a refused declaration: %s", error->message);
}

static void
on_submit_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pass *pass = user_data;
  YbSyncEngine *self = pass->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GHashTable) by_key = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 now_unix = g_date_time_to_unix (now);

  results = yb_hall_client_submit_finish (YB_HALL_CLIENT (object), result, &error);
  run_test_hook (self, "answer-received");

  if (results == NULL)
    {
      if (g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_WINDOW_CLOSED))
        {
          /* Nothing was stored; the batch goes again without the items held for the window.
           * They stay due, and the next pass sends them once the hall says it is open. */
          set_window (self, FALSE, yb_hall_error_get_reopens_at (error));
          record_transient (pass, error->message, now_unix);
          for (guint i = 0; i < pass->batch->len; i++)
            {
              YbStoreDeclaration *decl = g_ptr_array_index (pass->batch, i);

              if (needs_window (yb_store_declaration_get_kind (decl)))
                self->held_for_window++;
              else
                g_hash_table_remove (pass->tried,
                                     GINT_TO_POINTER (yb_store_declaration_get_id (decl)));
            }
          g_clear_pointer (&pass->batch, g_ptr_array_unref);
          run_test_hook (self, "answer-recorded");
          push_next (pass);
          return;
        }
      if (!is_item_fault (error))
        {
          /* Network, 5xx, 429, login, a malformed answer (the hall may have committed):
           * nothing is wrong with the items; they go again later with the same keys. */
          record_transient (pass, error->message,
                            now_unix + backoff_delay_ms (self, batch_attempts (pass->batch),
                                                         error) / 1000);
          run_test_hook (self, "answer-recorded");
          pass_finish (pass, g_steal_pointer (&error));
          return;
        }
      if (pass->batch->len > 1)
        {
          /* The hall refused the whole batch: find the item at fault by sending each alone. */
          record_transient (pass, error->message, now_unix);
          for (guint i = 0; i < pass->batch->len; i++)
            g_queue_push_tail (&pass->solo, GINT_TO_POINTER (yb_store_declaration_get_id (
                                              g_ptr_array_index (pass->batch, i))));
        }
      else
        {
          g_autofree char *errors_json = findings_to_json (yb_hall_error_get_fields (error));

          record_refused (self, yb_store_declaration_get_id (g_ptr_array_index (pass->batch, 0)),
                          error->message, errors_json);
        }
      g_clear_pointer (&pass->batch, g_ptr_array_unref);
      run_test_hook (self, "answer-recorded");
      push_next (pass);
      return;
    }

  set_online (self, TRUE);
  by_key = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < results->len; i++)
    {
      YbHallSubmitResult *answer = g_ptr_array_index (results, i);

      if (answer->idempotency_key != NULL)
        g_hash_table_insert (by_key, answer->idempotency_key, answer);
    }

  for (guint i = 0; i < pass->batch->len; i++)
    {
      YbStoreDeclaration *decl = g_ptr_array_index (pass->batch, i);
      gint64 id = yb_store_declaration_get_id (decl);
      YbHallSubmitResult *answer = g_hash_table_lookup (by_key,
                                                        yb_store_declaration_get_idempotency_key (
                                                          decl));
      g_autoptr(GError) store_error = NULL;

      if (answer == NULL)
        {
          if (!yb_store_declaration_record_send_error (self->store, id,
                                                       _("The hall did not answer for this "
                                                         "declaration."),
                                                       now_unix, &store_error))
            g_warning ("Could not record a failed send: %s", store_error->message);
        }
      else if (answer->accepted && answer->declaration_id != NULL)
        {
          g_autofree char *answer_json = result_to_json (answer);

          if (!yb_store_declaration_record_accepted (self->store, id, answer->declaration_id,
                                                     "pending", answer_json, &store_error))
            g_warning ("Could not record an accepted declaration: %s", store_error->message);
        }
      else
        {
          g_autofree char *reason = findings_to_reason (answer->errors);
          g_autofree char *errors_json = findings_to_json (answer->errors);

          record_refused (self, id, reason, errors_json);
        }
    }
  g_clear_pointer (&pass->batch, g_ptr_array_unref);
  run_test_hook (self, "answer-recorded");
  push_next (pass);
}

static gboolean
wanted (Pass               *pass,
        YbStoreDeclaration *decl)
{
  YbSyncEngine *self = pass->self;
  gint64 id = yb_store_declaration_get_id (decl);

  if (g_hash_table_contains (pass->tried, GINT_TO_POINTER (id)))
    return FALSE;
  if (!self->window_open && needs_window (yb_store_declaration_get_kind (decl)))
    {
      /* Never sent yet: it stays queued. Already in flight once: resend (the hall answers a
       * known key even while the window is closed). */
      if (yb_store_declaration_get_state (decl) != YB_DECLARATION_SENDING)
        {
          g_hash_table_add (pass->tried, GINT_TO_POINTER (id));
          self->held_for_window++;
          return FALSE;
        }
    }
  return TRUE;
}

static YbHallSubmitItem *
make_item (YbStoreDeclaration  *decl,
           const char          *fields,
           GError             **error)
{
  g_autoptr(JsonNode) node = json_from_string (fields, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YB_HALL_ERROR, YB_HALL_ERROR_INVALID_REQUEST,
                   _("The fields of declaration %lld are not a JSON object."),
                   (long long) yb_store_declaration_get_id (decl));
      return NULL;
    }
  return yb_hall_submit_item_new (yb_store_declaration_get_idempotency_key (decl),
                                  yb_store_declaration_get_kind (decl),
                                  json_node_get_object (node), NULL);
}

/* Materials: a declaration may name a material kept locally ("local:<id>", see
 * yb_store_material_add()) that is not at the hall yet. It is uploaded before the declaration
 * goes, its hall id recorded with the material at once, and the reference rewritten in the
 * fields recorded as sent (yb_store_declaration_mark_sending_with_fields()). */

static JsonArray *
fields_materials (JsonObject *fields)
{
  JsonNode *node = json_object_get_member (fields, "materials");

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
local_material_id (JsonObject *material,
                   gint64     *id)
{
  const char *ref = json_object_get_string_member_with_default (material, "id", NULL);

  return ref != NULL && g_str_has_prefix (ref, "local:")
         && g_ascii_string_to_signed (ref + strlen ("local:"), 10, 1, G_MAXINT64, id, NULL);
}

/* The content type by the file's first bytes. Any zip is offered as a workbook: the hall
 * checks that it is one and that the region takes a workbook for the material's kind. */
static const char *
sniff_material (const guint8 *data,
                gsize         size)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "image/jpeg";
  if (size >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "image/png";
  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "application/pdf";
  if (size >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return NULL;
}

/* Reads a kept material and checks it is still the file that was attached. */
static GBytes *
read_material (JsonObject  *row,
               const char **content_type,
               GError     **error)
{
  const char *path = json_object_get_string_member_with_default (row, "local_path", "");
  const char *sha256 = json_object_get_string_member_with_default (row, "sha256", "");
  g_autofree char *name = g_filename_display_name (path);
  g_autofree char *data = NULL;
  g_autofree char *sum = NULL;
  g_autoptr(GError) local = NULL;
  gsize size = 0;

  if (!g_file_get_contents (path, &data, &size, &local))
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("Material “%s” cannot be read (%s). Attach it again."), name,
                   local->message);
      return NULL;
    }
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);
  if (g_strcmp0 (sum, sha256) != 0
      || (gint64) size != json_object_get_int_member_with_default (row, "size", -1))
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("Material “%s” changed after it was attached. Attach it again."), name);
      return NULL;
    }
  if (size > MAX_MATERIAL_SIZE)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("Material “%s” is larger than the hall takes (at most 5 MB)."), name);
      return NULL;
    }
  *content_type = sniff_material ((const guint8 *) data, size);
  if (*content_type == NULL)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("Material “%s” is not a JPG, PNG, PDF or Excel (.xlsx) file."), name);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

/* The item cannot go: recorded as refused here, with the reason on its materials. */
static void
refuse_locally (Pass               *pass,
                YbStoreDeclaration *decl,
                const char         *message)
{
  YbSyncEngine *self = pass->self;
  gint64 id = yb_store_declaration_get_id (decl);
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                  yb_finding_free);
  g_autofree char *errors_json = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_add (pass->tried, GINT_TO_POINTER (id));
  g_ptr_array_add (findings, yb_finding_new (YB_SEVERITY_ERROR, "materials", "MATERIAL",
                                             message));
  errors_json = findings_to_json (findings);
  if (!yb_store_declaration_mark_sending (self->store, id, &error))
    {
      g_warning ("Could not refuse declaration %lld: %s", (long long) id, error->message);
      return;
    }
  record_refused (self, id, message, errors_json);
}

typedef struct
{
  Pass *pass;
  YbStoreDeclaration *decl;
  gint64 material_id;
  char *name;
} Upload;

static void
upload_free (Upload *upload)
{
  g_object_unref (upload->decl);
  g_free (upload->name);
  g_free (upload);
}

static void
on_material_uploaded_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Upload *upload = user_data;
  Pass *pass = upload->pass;
  YbSyncEngine *self = pass->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  const char *hall_id;

  answer = yb_hall_client_upload_material_finish (YB_HALL_CLIENT (object), result, &error);
  hall_id = answer != NULL ? json_object_get_string_member_with_default (answer, "material_id",
                                                                         NULL)
                           : NULL;
  if (answer != NULL && hall_id == NULL)
    error = yb_hall_error_new_bad_response (_("the upload's answer has no material_id."));
  if (error != NULL)
    {
      if (is_item_fault (error)
          || g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_UNSUPPORTED_MEDIA_TYPE))
        {
          g_autofree char *message = g_strdup_printf (_("The hall refused material “%s”: %s"),
                                                      upload->name, error->message);

          refuse_locally (pass, upload->decl, message);
          upload_free (upload);
          push_next (pass);
          return;
        }
      /* Nothing was marked as sending: the item stays in the outbox for the next pass. */
      upload_free (upload);
      pass_finish (pass, g_steal_pointer (&error));
      return;
    }
  set_online (self, TRUE);
  if (!yb_store_material_set_hall_id (self->store, upload->material_id, hall_id, &error))
    {
      upload_free (upload);
      pass_finish (pass, g_steal_pointer (&error));
      return;
    }
  upload_free (upload);
  run_test_hook (self, "material-uploaded");
  push_next (pass);
}

/* Starts the upload of the first material of @decl not at the hall yet, or refuses @decl when
 * one cannot be sent. Returns %FALSE when every material has a hall id (or there are none). */
static gboolean
upload_materials (Pass               *pass,
                  YbStoreDeclaration *decl)
{
  YbSyncEngine *self = pass->self;
  g_autoptr(JsonNode) node = json_from_string (yb_store_declaration_get_fields (decl), NULL);
  JsonArray *materials;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE; /* make_item() says what is wrong */
  materials = fields_materials (json_node_get_object (node));
  for (guint i = 0; materials != NULL && i < json_array_get_length (materials); i++)
    {
      JsonNode *element = json_array_get_element (materials, i);
      JsonObject *material = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                               : NULL;
      g_autoptr(JsonObject) row = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      const char *content_type = NULL;
      const char *file_name;
      const char *material_kind;
      gint64 local_id;
      Upload *upload;

      if (material == NULL || !local_material_id (material, &local_id))
        continue;
      row = yb_store_material_get (self->store, local_id);
      if (row == NULL)
        {
          g_autofree char *message = g_strdup_printf (_("Material %lld of this declaration is "
                                                        "no longer kept. Attach it again."),
                                                      (long long) local_id);

          refuse_locally (pass, decl, message);
          push_next (pass);
          return TRUE;
        }
      if (json_object_get_string_member_with_default (row, "hall_material_id", NULL) != NULL)
        continue; /* uploaded before (a crash came before the send): not again */
      bytes = read_material (row, &content_type, &error);
      if (bytes == NULL)
        {
          refuse_locally (pass, decl, error->message);
          push_next (pass);
          return TRUE;
        }
      file_name = json_object_get_string_member_with_default (material, "file_name", NULL);
      material_kind = json_object_get_string_member_with_default (material, "kind", NULL);
      upload = g_new0 (Upload, 1);
      upload->pass = pass;
      upload->decl = g_object_ref (decl);
      upload->material_id = local_id;
      upload->name = file_name != NULL
                       ? g_strdup (file_name)
                       : g_path_get_basename (json_object_get_string_member (row, "local_path"));
      /* The kind goes along so the hall refuses a file its kind does not take at once. */
      yb_hall_client_upload_material_kind_async (self->hall, self->unit_no, bytes, content_type,
                                                 upload->name, material_kind, pass->cancellable,
                                                 on_material_uploaded_cb, upload);
      return TRUE;
    }
  return FALSE;
}

/* The fields with the hall's ids in place of local material references, or %NULL if there are
 * none to replace. */
static char *
rewrite_materials (YbSyncEngine       *self,
                   YbStoreDeclaration *decl)
{
  g_autoptr(JsonNode) node = json_from_string (yb_store_declaration_get_fields (decl), NULL);
  JsonArray *materials;
  gboolean changed = FALSE;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  materials = fields_materials (json_node_get_object (node));
  for (guint i = 0; materials != NULL && i < json_array_get_length (materials); i++)
    {
      JsonNode *element = json_array_get_element (materials, i);
      JsonObject *material = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element)
                                                               : NULL;
      g_autoptr(JsonObject) row = NULL;
      const char *hall_id;
      gint64 local_id;

      if (material == NULL || !local_material_id (material, &local_id))
        continue;
      row = yb_store_material_get (self->store, local_id);
      hall_id = row != NULL ? json_object_get_string_member_with_default (row, "hall_material_id",
                                                                          NULL)
                            : NULL;
      if (hall_id != NULL)
        {
          json_object_set_string_member (material, "id", hall_id);
          changed = TRUE;
        }
    }
  return changed ? json_to_string (node, FALSE) : NULL;
}

/* Sends the next batch of the outbox, or goes on to the roster once nothing is left. */
static void
push_next (Pass *pass)
{
  YbSyncEngine *self = pass->self;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               yb_hall_submit_item_unref);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint limit = g_queue_is_empty (&pass->solo) ? self->batch_size : 1;

  if (g_cancellable_is_cancelled (pass->cancellable))
    {
      pass_finish (pass, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              _("Sync was cancelled.")));
      return;
    }

  if (!g_queue_is_empty (&pass->solo))
    {
      gint64 id = GPOINTER_TO_INT (g_queue_pop_head (&pass->solo));
      YbStoreDeclaration *decl = yb_store_declaration_get (self->store, id, NULL);

      if (decl != NULL)
        g_ptr_array_add (batch, decl);
    }
  else
    {
      /* Left in flight by a crash first (same keys), then the queue and due retries. */
      g_autoptr(GPtrArray) sending = yb_store_declaration_list_sending (self->store);

      if (pass->push)
        g_ptr_array_extend_and_steal (sending,
                                      yb_store_declaration_list_due (self->store,
                                                                     g_date_time_to_unix (now)));
      for (guint i = 0; i < sending->len && batch->len < limit; i++)
        {
          YbStoreDeclaration *decl = g_ptr_array_index (sending, i);

          if (wanted (pass, decl))
            g_ptr_array_add (batch, g_object_ref (decl));
        }
    }

  if (batch->len == 0)
    {
      if (!g_queue_is_empty (&pass->solo))
        push_next (pass);
      else
        pull_roster (pass);
      return;
    }

  /* Materials first: this comes back here once each is at the hall (or the item refused). */
  for (guint i = 0; i < batch->len; i++)
    if (upload_materials (pass, g_ptr_array_index (batch, i)))
      return;

  pass->batch = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < batch->len; i++)
    {
      YbStoreDeclaration *decl = g_ptr_array_index (batch, i);
      gint64 id = yb_store_declaration_get_id (decl);
      g_autoptr(GError) error = NULL;
      g_autoptr(YbHallSubmitItem) item = NULL;
      g_autofree char *rewritten = rewrite_materials (self, decl);
      gboolean marked;

      g_hash_table_add (pass->tried, GINT_TO_POINTER (id));
      if (rewritten != NULL)
        marked = yb_store_declaration_mark_sending_with_fields (self->store, id, rewritten,
                                                                &error);
      else
        marked = yb_store_declaration_mark_sending (self->store, id, &error);
      if (!marked)
        {
          if (g_error_matches (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION))
            continue; /* taken back or answered meanwhile */
          pass_finish (pass, g_steal_pointer (&error));
          return;
        }
      item = make_item (decl, rewritten != NULL ? rewritten
                                                : yb_store_declaration_get_fields (decl),
                        &error);
      if (item == NULL)
        {
          record_refused (self, id, error->message, NULL);
          continue;
        }
      g_ptr_array_add (items, g_steal_pointer (&item));
      g_ptr_array_add (pass->batch, g_object_ref (decl));
    }

  if (pass->batch->len == 0)
    {
      g_clear_pointer (&pass->batch, g_ptr_array_unref);
      push_next (pass);
      return;
    }

  run_test_hook (self, "before-request");
  yb_hall_client_submit_async (self->hall, self->unit_no, items, pass->cancellable,
                               on_submit_cb, pass);
  run_test_hook (self, "request-sent");
}

/* Roster */

static void
on_roster_progress (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  YbSyncEngine *self = user_data;

  if (total > 0)
    set_progress (self, 0.5 + 0.5 * (double) done / (double) total);
}

static void
roster_written (Pass    *pass,
                GError  *error)
{
  YbSyncEngine *self = pass->self;
  g_autofree char *name = roster_cursor_name (self);
  guint count = pass->people_seen;

  if (error != NULL)
    {
      pass_finish (pass, error);
      return;
    }
  /* The cursor moves only once the people are committed: a crash before refetches them. */
  if (pass->cursor != NULL && !yb_store_cursor_set (self->store, name, pass->cursor, &error))
    {
      pass_finish (pass, error);
      return;
    }
  if (!yb_store_set_synced_at (self->store, "roster", NULL, &error))
    {
      pass_finish (pass, error);
      return;
    }
  g_clear_pointer (&pass->people, json_array_unref);
  if (self->last_pull_count != count)
    {
      self->last_pull_count = count;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_PULL_COUNT]);
    }
  set_progress (self, 1.0);
  list_declarations (pass);
}

/* The initial load streams: pages go to a worker thread with its own connection as they
 * arrive, so the network and SQLite overlap and no more than the pages not yet written are
 * held in memory (PERFORMANCE.md 4a/4b). The queue ends with one of these markers. */
static int page_end_marker;
static int page_abort_marker;
#define PAGE_END ((gpointer) &page_end_marker)
#define PAGE_ABORT ((gpointer) &page_abort_marker)

typedef struct
{
  YbSyncEngine *self;
  guint64 done;
  guint64 total;
} LoadProgress;

static gboolean
report_load_progress (gpointer user_data)
{
  LoadProgress *progress = user_data;

  if (progress->self->pass != NULL && progress->total > 0)
    set_progress (progress->self, MIN (1.0, (double) progress->done / progress->total));
  return G_SOURCE_REMOVE;
}

static void
load_progress_free (gpointer user_data)
{
  LoadProgress *progress = user_data;

  g_object_unref (progress->self);
  g_free (progress);
}

typedef struct
{
  char *path;
  GAsyncQueue *pages;
  YbSyncEngine *self;
  GMainContext *context;
  gint64 total;
} Load;

static void
load_free (Load *load)
{
  g_free (load->path);
  g_async_queue_unref (load->pages);
  g_object_unref (load->self);
  g_main_context_unref (load->context);
  g_free (load);
}

static void
load_roster_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(YbStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gpointer page;
  guint64 done = 0;

  store = yb_store_open (load->path, &error);
  if (store != NULL && !yb_store_roster_bulk_begin (store, &error))
    g_clear_object (&store);

  while ((page = g_async_queue_pop (load->pages)) != PAGE_END && page != PAGE_ABORT)
    {
      g_autoptr(JsonArray) people = page;

      if (store == NULL)
        continue; /* failed: drain until the fetching side ends */
      if (!yb_store_roster_bulk_add (store, people, &error))
        {
          g_clear_object (&store);
          continue;
        }
      done += json_array_get_length (people);
      {
        LoadProgress *progress = g_new0 (LoadProgress, 1);

        progress->self = g_object_ref (load->self);
        progress->done = done;
        progress->total = (guint64) MAX (load->total, 0);
        g_main_context_invoke_full (load->context, G_PRIORITY_DEFAULT, report_load_progress,
                                    progress, load_progress_free);
      }
    }

  g_debug ("roster: %" G_GUINT64_FORMAT " people added, %s", done,
           store == NULL ? "failed" : page == PAGE_ABORT ? "cut off" : "committing");
  if (store == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (page == PAGE_ABORT)
    {
      yb_store_roster_bulk_abort (store);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The roster download was cut off."));
    }
  else if (!yb_store_roster_bulk_commit (store, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_roster_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Pass *pass = user_data;
  GError *error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  g_debug ("roster: load finished");
  if (pass->fetch_error != NULL)
    {
      g_clear_error (&error);
      error = g_steal_pointer (&pass->fetch_error);
    }
  else if (error == NULL)
    yb_store_notify_changed (pass->self->store, "roster");
  roster_written (pass, error);
}

static void
start_load (Pass *pass)
{
  YbSyncEngine *self = pass->self;
  g_autoptr(GTask) task = g_task_new (NULL, pass->cancellable, on_roster_loaded_cb, pass);
  Load *load = g_new0 (Load, 1);

  load->path = g_strdup (yb_store_get_path (self->store));
  load->pages = g_async_queue_ref (pass->pages);
  load->self = g_object_ref (self);
  load->context = g_main_context_ref (self->context);
  load->total = pass->total;
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  g_task_run_in_thread (task, load_roster_thread);
}

static void
on_roster_delta_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GError *error = NULL;

  yb_store_roster_apply_delta_finish (YB_STORE (object), result, NULL, &error);
  roster_written (user_data, error);
}

static void
on_roster_page_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Pass *pass = user_data;
  YbSyncEngine *self = pass->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallPage) page = NULL;
  guint n;

  page = yb_hall_client_get_roster_page_finish (YB_HALL_CLIENT (object), result, &error);
  if (page == NULL)
    {
      if (pass->pages == NULL)
        {
          pass_finish (pass, g_steal_pointer (&error));
          return;
        }
      /* The loader rolls back and ends the pass with this error. */
      pass->fetch_error = g_steal_pointer (&error);
      g_async_queue_push (pass->pages, PAGE_ABORT);
      return;
    }

  n = json_array_get_length (page->items);
  pass->people_seen += n;
  if (page->total > 0)
    pass->total = page->total;
  if (page->next_cursor != NULL)
    {
      g_free (pass->cursor);
      pass->cursor = g_strdup (page->next_cursor);
    }

  if (pass->full)
    {
      if (pass->pages == NULL)
        {
          pass->pages = g_async_queue_new ();
          start_load (pass);
        }
      /* A new array of the same nodes: JsonNode counts references atomically, JsonArray
       * does not (json-glib 1.6), and the page's array is also held by the hall client's
       * parsed answer, so the worker must be the only one holding the array it frees. */
      {
        JsonArray *copy = json_array_sized_new (n);

        for (guint i = 0; i < n; i++)
          json_array_add_element (copy, json_node_ref (json_array_get_element (page->items, i)));
        g_async_queue_push (pass->pages, copy);
      }
    }
  else
    for (guint i = 0; i < n; i++)
      json_array_add_element (pass->people,
                              json_node_ref (json_array_get_element (page->items, i)));

  if (page->has_more && n > 0 && page->next_cursor != NULL)
    {
      yb_hall_client_get_roster_page_async (self->hall, self->unit_no, pass->cursor,
                                            ROSTER_PAGE, pass->cancellable, on_roster_page_cb,
                                            pass);
      return;
    }

  g_debug ("roster: %u people fetched%s", pass->people_seen, pass->full ? " (full)" : "");
  if (pass->full)
    g_async_queue_push (pass->pages, PAGE_END);
  else if (json_array_get_length (pass->people) > 0)
    {
      set_progress (self, 0.5);
        yb_store_roster_apply_delta_async (self->store, pass->people, on_roster_progress, self,
                                         NULL, pass->cancellable, on_roster_delta_cb, pass);
    }
  else
    roster_written (pass, NULL);
}

static void
pull_roster (Pass *pass)
{
  YbSyncEngine *self = pass->self;
  g_autofree char *name = roster_cursor_name (self);

  pass->cursor = yb_store_cursor_get (self->store, name);
  pass->full = pass->cursor == NULL;
  pass->people = json_array_new ();
  g_debug ("roster: %s", pass->full ? "full sync" : "delta sync");
  set_progress (self, 0.0);
  yb_hall_client_get_roster_page_async (self->hall, self->unit_no, pass->cursor, ROSTER_PAGE,
                                        pass->cancellable, on_roster_page_cb, pass);
}

/* Audit results */

static void
mirror_answer (YbSyncEngine *self,
               gint64        id,
               JsonObject   *declaration)
{
  g_autoptr(YbStoreDeclaration) before = yb_store_declaration_get (self->store, id, NULL);
  g_autoptr(YbStoreDeclaration) after = NULL;
  g_autoptr(GError) error = NULL;

  if (yb_store_declaration_mirror (self->store, declaration, &error) == 0)
    {
      g_warning ("Could not record the hall's state of declaration %lld: %s", (long long) id,
                 error->message);
      return;
    }
  after = yb_store_declaration_get (self->store, id, NULL);
  if (before != NULL && after != NULL
      && yb_store_declaration_get_state (before) != yb_store_declaration_get_state (after))
    emit_result (self, id, yb_store_declaration_get_state (after));
}

static void
on_declaration_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Pass *pass = user_data;
  YbStoreDeclaration *decl = g_ptr_array_index (pass->pending, pass->pending_index);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) declaration = NULL;

  declaration = yb_hall_client_get_declaration_finish (YB_HALL_CLIENT (object), result, &error);
  if (declaration == NULL && !g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_NOT_FOUND))
    {
      pass_finish (pass, g_steal_pointer (&error));
      return;
    }
  if (declaration != NULL)
    mirror_answer (pass->self, yb_store_declaration_get_id (decl), declaration);
  else
    g_warning ("The hall does not know declaration %s", yb_store_declaration_get_hall_id (decl));
  pass->pending_index++;
  poll_next (pass);
}

/* Asks the hall about each declaration waiting for audit, one at a time. */
static void
poll_next (Pass *pass)
{
  YbSyncEngine *self = pass->self;
  YbStoreDeclaration *decl;

  if (pass->pending == NULL)
    {
      g_autoptr(GListModel) list = yb_store_declaration_list (self->store,
                                                              YB_DECLARATION_MASK (
                                                                YB_DECLARATION_SUBMITTED));
      guint n = g_list_model_get_n_items (list);

      pass->pending = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(YbStoreDeclaration) item = g_list_model_get_item (list, i);

          if (yb_store_declaration_get_hall_id (item) != NULL)
            g_ptr_array_add (pass->pending, g_steal_pointer (&item));
        }
    }

  if (pass->pending_index >= pass->pending->len)
    {
      g_autoptr(GError) error = NULL;

      if (!yb_store_set_synced_at (self->store, "declarations", NULL, &error))
        g_warning ("Could not record when declarations were synced: %s", error->message);
      pass_finish (pass, NULL);
      return;
    }
  decl = g_ptr_array_index (pass->pending, pass->pending_index);
  yb_hall_client_get_declaration_async (self->hall, self->unit_no,
                                        yb_store_declaration_get_hall_id (decl),
                                        pass->cancellable, on_declaration_cb, pass);
}

/* Declarations made elsewhere (counter, web hall) and answers lost on the way */

static char *
declarations_cursor_name (YbSyncEngine *self)
{
  return g_strconcat ("declarations:", self->unit_no, NULL);
}

/* @day (YYYY-MM-DD) moved by @days, or NULL if it is not a date. */
static char *
day_add (const char *day,
         int         days)
{
  int y, m, d;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) moved = NULL;

  if (day == NULL || sscanf (day, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  date = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (date == NULL)
    return NULL;
  moved = g_date_time_add_days (date, days);
  return g_date_time_format (moved, "%Y-%m-%d");
}

static void
mirror_entry (YbSyncEngine *self,
              JsonObject   *entry)
{
  const char *hall_id = json_object_get_string_member_with_default (entry, "declaration_id",
                                                                    NULL);
  g_autoptr(YbStoreDeclaration) before = NULL;
  g_autoptr(YbStoreDeclaration) after = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (hall_id != NULL)
    before = yb_store_declaration_lookup_hall_id (self->store, hall_id);
  id = yb_store_declaration_mirror (self->store, entry, &error);
  if (id == 0)
    {
      g_warning ("Could not record the hall's declaration %s: %s", hall_id ? hall_id : "?",
                 error->message);
      return;
    }
  after = yb_store_declaration_get (self->store, id, NULL);
  if (before != NULL && after != NULL
      && yb_store_declaration_get_state (before) != yb_store_declaration_get_state (after))
    emit_result (self, id, yb_store_declaration_get_state (after));
}

static void
on_declarations_page_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Pass *pass = user_data;
  YbSyncEngine *self = pass->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallPage) page = NULL;
  g_autofree char *name = NULL;
  g_autofree char *next = NULL;

  page = yb_hall_client_list_declarations_finish (YB_HALL_CLIENT (object), result, &error);
  if (page == NULL)
    {
      pass_finish (pass, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < json_array_get_length (page->items); i++)
    mirror_entry (self, json_array_get_object_element (page->items, i));

  if (page->has_more && page->next_cursor != NULL && json_array_get_length (page->items) > 0)
    {
      g_free (pass->list_cursor);
      pass->list_cursor = g_strdup (page->next_cursor);
      list_declarations (pass);
      return;
    }

  /* Next time from yesterday by the hall's clock: what was submitted since, and today again
   * (the hall's day and ours may differ). Decisions on older ones come with the polling. */
  next = day_add (pass->hall_today, -1);
  name = declarations_cursor_name (self);
  if (next != NULL && !yb_store_cursor_set (self->store, name, next, &error))
    {
      pass_finish (pass, g_steal_pointer (&error));
      return;
    }
  poll_next (pass);
}

/* Lists the hall's declarations submitted since the cursor (a day) and mirrors them, so those
 * made at the counter or on the web hall appear here and get their audit results. */
static void
list_declarations (Pass *pass)
{
  YbSyncEngine *self = pass->self;

  if (g_cancellable_is_cancelled (pass->cancellable))
    {
      pass_finish (pass, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              _("Sync was cancelled.")));
      return;
    }
  if (pass->list_from == NULL)
    {
      g_autofree char *name = declarations_cursor_name (self);

      pass->list_from = yb_store_cursor_get (self->store, name);
      if (pass->list_from == NULL)
        pass->list_from = day_add (pass->hall_today, -DECLARATIONS_FIRST_DAYS);
    }
  yb_hall_client_list_declarations_async (self->hall, self->unit_no, NULL, NULL,
                                          pass->list_from, NULL, pass->list_cursor,
                                          DECLARATIONS_PAGE, pass->cancellable,
                                          on_declarations_page_cb, pass);
}

/* Hall information and the region profile */

static void
on_profile_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pass *pass = user_data;
  YbSyncEngine *self = pass->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = NULL;

  profile = yb_hall_client_fetch_profile_finish (YB_HALL_CLIENT (object), result, &error);
  if (profile == NULL)
    {
      pass_finish (pass, g_steal_pointer (&error));
      return;
    }
  if (profile != self->profile)
    {
      g_autofree char *key = g_strconcat ("profile_version:", yb_region_profile_get_id (profile),
                                          NULL);

      g_set_object (&self->profile, profile);
      if (!yb_store_meta_set (self->store, key, yb_region_profile_get_version (profile), &error)
          || !yb_store_region_profile_save (self->store, profile, &error))
        g_warning ("Could not keep the region profile: %s", error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROFILE]);
    }
  push_next (pass);
}

static void
on_info_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pass *pass = user_data;
  YbSyncEngine *self = pass->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallInfo) info = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const YbHallRegion *region;
  const char *region_id;

  info = yb_hall_client_get_info_finish (YB_HALL_CLIENT (object), result, &error);
  if (info == NULL)
    {
      pass_finish (pass, g_steal_pointer (&error));
      return;
    }
  set_online (self, TRUE);
  self->hall_offset = info->server_time ? g_date_time_difference (info->server_time, now) : 0;
  g_free (pass->hall_today);
  pass->hall_today = info->server_time ? g_date_time_format (info->server_time, "%Y-%m-%d")
                                       : NULL;

  region_id = self->profile != NULL ? yb_region_profile_get_id (self->profile)
                                    : info->default_region;
  region = region_id != NULL ? yb_hall_info_find_region (info, region_id) : NULL;
  if (region != NULL)
    set_window (self, region->window_open, region->window_open ? NULL : region->next_change);
  else
    set_window (self, TRUE, NULL);

  if (region != NULL && region->profile_version != NULL
      && (self->profile == NULL
          || g_strcmp0 (region->profile_version,
                        yb_region_profile_get_version (self->profile)) != 0))
    {
      yb_hall_client_fetch_profile_async (self->hall, region->id, self->profile,
                                          pass->cancellable, on_profile_cb, pass);
      return;
    }
  push_next (pass);
}

static void
start_pass (YbSyncEngine *self)
{
  Pass *pass = g_new0 (Pass, 1);

  g_assert (self->pass == NULL);
  self->again = FALSE;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  pass->self = g_object_ref (self);
  pass->cancellable = g_cancellable_new ();
  pass->tried = g_hash_table_new (NULL, NULL);
  g_queue_init (&pass->solo);
  /* Only an explicit sync_now sends the outbox when auto-send is off. */
  pass->push = self->auto_send || self->waiters->len > 0;
  self->pass = pass;
  self->held_for_window = 0;
  set_state (self, YB_SYNC_STATE_SYNCING);
  update_status_text (self);
  yb_hall_client_get_info_async (self->hall, pass->cancellable, on_info_cb, pass);
}

static void
on_store_changed_cb (YbStore    *store,
                     const char *table,
                     gpointer    user_data)
{
  update_waiting (YB_SYNC_ENGINE (user_data));
}

/* GObject */

static void
yb_sync_engine_constructed (GObject *object)
{
  YbSyncEngine *self = YB_SYNC_ENGINE (object);

  G_OBJECT_CLASS (yb_sync_engine_parent_class)->constructed (object);

  g_assert (self->hall != NULL && self->store != NULL && self->unit_no != NULL);
  g_signal_connect_object (self->store, "changed::declarations",
                           G_CALLBACK (on_store_changed_cb), self, 0);
  self->waiting = 0;
  yb_store_declaration_count_badges (self->store, &self->waiting, NULL);
  update_status_text (self);
}

static void
yb_sync_engine_dispose (GObject *object)
{
  YbSyncEngine *self = YB_SYNC_ENGINE (object);

  self->running = FALSE;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  g_clear_object (&self->hall);
  g_clear_object (&self->store);
  g_clear_object (&self->profile);

  G_OBJECT_CLASS (yb_sync_engine_parent_class)->dispose (object);
}

static void
yb_sync_engine_finalize (GObject *object)
{
  YbSyncEngine *self = YB_SYNC_ENGINE (object);

  g_free (self->unit_no);
  g_free (self->status_text);
  g_free (self->last_error);
  g_clear_pointer (&self->last_sync, g_date_time_unref);
  g_clear_pointer (&self->next_attempt, g_date_time_unref);
  g_clear_pointer (&self->reopens_at, g_date_time_unref);
  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_pointer (&self->next_waiters, g_ptr_array_unref);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (yb_sync_engine_parent_class)->finalize (object);
}

static void
yb_sync_engine_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YbSyncEngine *self = YB_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_HALL:
      g_value_set_object (value, self->hall);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_UNIT_NO:
      g_value_set_string (value, self->unit_no);
      break;
    case PROP_PROFILE:
      g_value_set_object (value, self->profile);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_LAST_SYNC:
      g_value_set_boxed (value, self->last_sync);
      break;
    case PROP_WAITING:
      g_value_set_uint (value, self->waiting);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_boxed (value, self->next_attempt);
      break;
    case PROP_WINDOW_OPEN:
      g_value_set_boolean (value, self->window_open);
      break;
    case PROP_LAST_PULL_COUNT:
      g_value_set_uint (value, self->last_pull_count);
      break;
    case PROP_BACKOFF_BASE_MS:
      g_value_set_uint (value, self->backoff_base_ms);
      break;
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_s);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_AUTO_SEND:
      g_value_set_boolean (value, self->auto_send);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_sync_engine_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YbSyncEngine *self = YB_SYNC_ENGINE (object);

  switch (prop_id)
    {
    case PROP_HALL:
      self->hall = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_UNIT_NO:
      self->unit_no = g_value_dup_string (value);
      break;
    case PROP_PROFILE:
      g_set_object (&self->profile, g_value_get_object (value));
      break;
    case PROP_BACKOFF_BASE_MS:
      yb_sync_engine_set_backoff_base_ms (self, g_value_get_uint (value));
      break;
    case PROP_INTERVAL:
      yb_sync_engine_set_interval (self, g_value_get_uint (value));
      break;
    case PROP_BATCH_SIZE:
      yb_sync_engine_set_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_AUTO_SEND:
      yb_sync_engine_set_auto_send (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_sync_engine_class_init (YbSyncEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;
  const GParamFlags co = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = yb_sync_engine_constructed;
  object_class->dispose = yb_sync_engine_dispose;
  object_class->finalize = yb_sync_engine_finalize;
  object_class->get_property = yb_sync_engine_get_property;
  object_class->set_property = yb_sync_engine_set_property;

  properties[PROP_HALL] = g_param_spec_object ("hall", NULL, NULL, YB_TYPE_HALL_CLIENT, co);
  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YB_TYPE_STORE, co);
  properties[PROP_UNIT_NO] = g_param_spec_string ("unit-no", NULL, NULL, NULL, co);
  /**
   * YbSyncEngine:profile:
   *
   * The region profile of the unit; replaced (and notified) when the hall announces a new
   * version.
   */
  properties[PROP_PROFILE] = g_param_spec_object ("profile", NULL, NULL,
                                                  YB_TYPE_REGION_PROFILE,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY
                                                  | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, YB_TYPE_SYNC_STATE,
                                              YB_SYNC_STATE_IDLE, ro);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, ro);
  properties[PROP_LAST_SYNC] = g_param_spec_boxed ("last-sync", NULL, NULL, G_TYPE_DATE_TIME,
                                                   ro);
  properties[PROP_WAITING] = g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0, ro);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, -1.0,
                                                   ro);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL, ro);
  properties[PROP_NEXT_ATTEMPT] = g_param_spec_boxed ("next-attempt", NULL, NULL,
                                                      G_TYPE_DATE_TIME, ro);
  properties[PROP_WINDOW_OPEN] = g_param_spec_boolean ("window-open", NULL, NULL, TRUE, ro);
  properties[PROP_LAST_PULL_COUNT] = g_param_spec_uint ("last-pull-count", NULL, NULL, 0,
                                                        G_MAXUINT, 0, ro);
  properties[PROP_BACKOFF_BASE_MS] = g_param_spec_uint ("backoff-base-ms", NULL, NULL, 1,
                                                        BACKOFF_CAP_MS,
                                                        DEFAULT_BACKOFF_BASE_MS, rw);
  properties[PROP_INTERVAL] = g_param_spec_uint ("interval", NULL, NULL, 1, 24 * 3600,
                                                 DEFAULT_INTERVAL_S, rw);
  properties[PROP_BATCH_SIZE] = g_param_spec_uint ("batch-size", NULL, NULL, 1, MAX_BATCH,
                                                   MAX_BATCH, rw);
  properties[PROP_RUNNING] = g_param_spec_boolean ("running", NULL, NULL, FALSE, ro);
  /**
   * YbSyncEngine:auto-send:
   *
   * Whether periodic passes (yb_sync_engine_start(), its timers and the pass planned for the
   * reopening of the business window) send the outbox. When %FALSE only
   * yb_sync_engine_sync_now_async() sends it; periodic passes still pull the roster and the
   * hall's declarations, and finish what a crash left in flight.
   */
  properties[PROP_AUTO_SEND] = g_param_spec_boolean ("auto-send", NULL, NULL, TRUE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YbSyncEngine::audit-result:
   * @engine: the engine
   * @declaration_id: the local id of the declaration
   * @state: its new #YbDeclarationState (approved, rejected or withdrawn)
   *
   * The hall decided about a declaration sent from here (or refused it at submission), so
   * the UI can tell the clerk.
   */
  signals[AUDIT_RESULT] = g_signal_new ("audit-result", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        G_TYPE_INT64, G_TYPE_INT);
}

static void
yb_sync_engine_init (YbSyncEngine *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->progress = -1.0;
  self->window_open = TRUE;
  self->backoff_base_ms = DEFAULT_BACKOFF_BASE_MS;
  self->interval_s = DEFAULT_INTERVAL_S;
  self->batch_size = MAX_BATCH;
  self->auto_send = TRUE;
  self->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->next_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Public API */

/**
 * yb_sync_engine_new:
 * @hall: a logged-in hall client
 * @store: the store of @unit_no
 * @unit_no: the 单位编号 to keep in sync
 * @profile: (nullable): the cached region profile of the unit
 *
 * Makes a sync engine. It does nothing until yb_sync_engine_start(),
 * yb_sync_engine_sync_now_async() or yb_sync_engine_recover() is called. All its work runs
 * on the thread-default main context of the caller.
 *
 * Returns: (transfer full): a new engine
 */
YbSyncEngine *
yb_sync_engine_new (YbHallClient    *hall,
                    YbStore         *store,
                    const char      *unit_no,
                    YbRegionProfile *profile)
{
  g_return_val_if_fail (YB_IS_HALL_CLIENT (hall), NULL);
  g_return_val_if_fail (YB_IS_STORE (store), NULL);
  g_return_val_if_fail (unit_no != NULL && *unit_no != '\0', NULL);

  return g_object_new (YB_TYPE_SYNC_ENGINE, "hall", hall, "store", store, "unit-no", unit_no,
                       "profile", profile, NULL);
}

/**
 * yb_sync_engine_get_hall:
 * @self: an engine
 *
 * Returns: (transfer none): the hall client
 */
YbHallClient *
yb_sync_engine_get_hall (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), NULL);
  return self->hall;
}

/**
 * yb_sync_engine_get_store:
 * @self: an engine
 *
 * Returns: (transfer none): the store
 */
YbStore *
yb_sync_engine_get_store (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), NULL);
  return self->store;
}

/**
 * yb_sync_engine_get_unit_no:
 * @self: an engine
 *
 * Returns: the unit kept in sync
 */
const char *
yb_sync_engine_get_unit_no (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), NULL);
  return self->unit_no;
}

/**
 * yb_sync_engine_get_profile:
 * @self: an engine
 *
 * Returns: (transfer none) (nullable): the current region profile
 */
YbRegionProfile *
yb_sync_engine_get_profile (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), NULL);
  return self->profile;
}

/**
 * yb_sync_engine_get_state:
 * @self: an engine
 *
 * Returns: what the engine is doing
 */
YbSyncState
yb_sync_engine_get_state (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), YB_SYNC_STATE_IDLE);
  return self->state;
}

/**
 * yb_sync_engine_get_online:
 * @self: an engine
 *
 * Returns: whether the hall answered the last request
 */
gboolean
yb_sync_engine_get_online (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), FALSE);
  return self->online;
}

/**
 * yb_sync_engine_get_last_sync:
 * @self: an engine
 *
 * Returns: (transfer none) (nullable): when the last pass succeeded
 */
GDateTime *
yb_sync_engine_get_last_sync (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), NULL);
  return self->last_sync;
}

/**
 * yb_sync_engine_get_waiting:
 * @self: an engine
 *
 * Returns: the declarations in the outbox (queued, being sent, or whose send failed)
 */
guint
yb_sync_engine_get_waiting (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), 0);
  return self->waiting;
}

/**
 * yb_sync_engine_get_progress:
 * @self: an engine
 *
 * Returns: the progress of the roster sync from 0 to 1, or -1 when none runs
 */
double
yb_sync_engine_get_progress (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), -1.0);
  return self->progress;
}

/**
 * yb_sync_engine_get_status_text:
 * @self: an engine
 *
 * Returns: a translated sentence for the clerk ("Offline — 3 items waiting")
 */
const char *
yb_sync_engine_get_status_text (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), NULL);
  return self->status_text;
}

/**
 * yb_sync_engine_get_next_attempt:
 * @self: an engine
 *
 * Returns: (transfer none) (nullable): when the next pass is scheduled (only while started)
 */
GDateTime *
yb_sync_engine_get_next_attempt (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), NULL);
  return self->next_attempt;
}

/**
 * yb_sync_engine_get_window_open:
 * @self: an engine
 *
 * Returns: whether the hall last said the enrolment and reduction window is open
 */
gboolean
yb_sync_engine_get_window_open (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), TRUE);
  return self->window_open;
}

/**
 * yb_sync_engine_get_last_pull_count:
 * @self: an engine
 *
 * Returns: how many people the last roster pull brought (all of them for a full sync, the
 *   changed ones for a delta)
 */
guint
yb_sync_engine_get_last_pull_count (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), 0);
  return self->last_pull_count;
}

/**
 * yb_sync_engine_get_backoff_base_ms:
 * @self: an engine
 *
 * Returns: the first back-off step in milliseconds
 */
guint
yb_sync_engine_get_backoff_base_ms (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), 0);
  return self->backoff_base_ms;
}

/**
 * yb_sync_engine_set_backoff_base_ms:
 * @self: an engine
 * @milliseconds: the first back-off step (default 2000); it doubles per failure up to
 *   5 minutes, with full jitter
 *
 * Sets the back-off base (tests make it small).
 */
void
yb_sync_engine_set_backoff_base_ms (YbSyncEngine *self,
                                    guint         milliseconds)
{
  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  milliseconds = CLAMP (milliseconds, 1, BACKOFF_CAP_MS);
  if (self->backoff_base_ms == milliseconds)
    return;
  self->backoff_base_ms = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BACKOFF_BASE_MS]);
}

/**
 * yb_sync_engine_get_interval:
 * @self: an engine
 *
 * Returns: seconds between periodic passes while started
 */
guint
yb_sync_engine_get_interval (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), 0);
  return self->interval_s;
}

/**
 * yb_sync_engine_set_interval:
 * @self: an engine
 * @seconds: seconds between periodic passes (default 60)
 *
 * Sets how often a started engine syncs when nothing fails.
 */
void
yb_sync_engine_set_interval (YbSyncEngine *self,
                             guint         seconds)
{
  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  seconds = CLAMP (seconds, 1, 24 * 3600);
  if (self->interval_s == seconds)
    return;
  self->interval_s = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL]);
}

/**
 * yb_sync_engine_get_batch_size:
 * @self: an engine
 *
 * Returns: the most declarations sent in one request
 */
guint
yb_sync_engine_get_batch_size (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), 0);
  return self->batch_size;
}

/**
 * yb_sync_engine_set_batch_size:
 * @self: an engine
 * @batch_size: 1 to 200 (the hall's limit, BR-53)
 *
 * Sets the most declarations sent in one request.
 */
void
yb_sync_engine_set_batch_size (YbSyncEngine *self,
                               guint         batch_size)
{
  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  batch_size = CLAMP (batch_size, 1, MAX_BATCH);
  if (self->batch_size == batch_size)
    return;
  self->batch_size = batch_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

/**
 * yb_sync_engine_get_auto_send:
 * @self: an engine
 *
 * Returns: whether periodic passes send the outbox
 */
gboolean
yb_sync_engine_get_auto_send (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), FALSE);
  return self->auto_send;
}

/**
 * yb_sync_engine_set_auto_send:
 * @self: an engine
 * @auto_send: %TRUE (the default) to send the outbox in every pass, %FALSE to send it only
 *   with yb_sync_engine_sync_now_async()
 *
 * Sets #YbSyncEngine:auto-send.
 */
void
yb_sync_engine_set_auto_send (YbSyncEngine *self,
                              gboolean      auto_send)
{
  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  auto_send = !!auto_send;
  if (self->auto_send == auto_send)
    return;
  self->auto_send = auto_send;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_SEND]);
  update_status_text (self);
}

/**
 * yb_sync_engine_sync_now_async:
 * @self: an engine
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the pass ends
 * @user_data: closure
 *
 * Runs one full pass: checks the hall and its region profile, sends the due outbox (with
 * what a crash left in flight first), pulls the roster delta and asks about declarations
 * waiting for audit. If a pass is running, another one follows it and this call waits for
 * that one. Cancelling @cancellable stops the running pass.
 */
void
yb_sync_engine_sync_now_async (YbSyncEngine        *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_sync_engine_sync_now_async);
  if (self->pass != NULL)
    {
      g_ptr_array_add (self->next_waiters, task);
      self->again = TRUE;
      return;
    }
  g_ptr_array_add (self->waiters, task);
  start_pass (self);
  if (cancellable != NULL && self->pass != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (g_cancellable_cancel),
                           g_object_ref (self->pass->cancellable), g_object_unref);
}

/**
 * yb_sync_engine_sync_now_finish:
 * @self: an engine
 * @result: the result
 * @error: return location for an error
 *
 * A pass succeeds when the hall could be asked about everything; declarations it refused are
 * recorded as rejected and are no failure of the pass.
 *
 * Returns: %TRUE if the pass completed
 */
gboolean
yb_sync_engine_sync_now_finish (YbSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * yb_sync_engine_start:
 * @self: an engine
 *
 * Starts periodic passes: one now, then every #YbSyncEngine:interval seconds, sooner when the
 * business window reopens, and with exponential back-off after failures.
 */
void
yb_sync_engine_start (YbSyncEngine *self)
{
  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  if (self->running)
    return;
  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  if (self->pass == NULL)
    start_pass (self);
}

/**
 * yb_sync_engine_stop:
 * @self: an engine
 *
 * Stops periodic passes and cancels a running one. A declaration cut off while being sent
 * stays "sending" and goes again, with its key, at the next pass.
 */
void
yb_sync_engine_stop (YbSyncEngine *self)
{
  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  if (!self->running)
    return;
  self->running = FALSE;
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->pass != NULL)
    g_cancellable_cancel (self->pass->cancellable);
  set_next_attempt (self, NULL);
  update_status_text (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/**
 * yb_sync_engine_get_running:
 * @self: an engine
 *
 * Returns: whether periodic passes are on
 */
gboolean
yb_sync_engine_get_running (YbSyncEngine *self)
{
  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), FALSE);
  return self->running;
}

/**
 * yb_sync_engine_recover:
 * @self: an engine
 *
 * Call once at start-up. Declarations left "sending" by a crash are sent again with their
 * same idempotency keys (the hall answers a key it committed with its first answer, so
 * nothing is declared twice); a pass starts now if any are found.
 *
 * Returns: how many declarations were left in flight
 */
guint
yb_sync_engine_recover (YbSyncEngine *self)
{
  g_autoptr(GPtrArray) sending = NULL;

  g_return_val_if_fail (YB_IS_SYNC_ENGINE (self), 0);

  sending = yb_store_declaration_list_sending (self->store);
  if (sending->len > 0)
    {
      g_message ("Resending %u declarations left in flight", sending->len);
      if (self->pass == NULL)
        start_pass (self);
      else
        self->again = TRUE;
    }
  return sending->len;
}

typedef struct
{
  gint64 id;
  char *hall_id;
} Withdrawal;

static void
withdrawal_free (Withdrawal *data)
{
  g_free (data->hall_id);
  g_free (data);
}

static void
finish_withdrawal (GTask      *task,
                   JsonObject *declaration,
                   GError     *hall_error)
{
  YbSyncEngine *self = g_task_get_source_object (task);
  Withdrawal *data = g_task_get_task_data (task);
  g_autoptr(YbStoreDeclaration) after = NULL;
  GError *error = NULL;

  mirror_answer (self, data->id, declaration);
  after = yb_store_declaration_get (self->store, data->id, &error);
  if (after == NULL)
    g_task_return_error (task, error);
  else if (hall_error != NULL)
    g_task_return_error (task, hall_error);
  else
    g_task_return_int (task, yb_store_declaration_get_state (after));
}

static void
on_withdraw_fetched_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(JsonObject) declaration = NULL;

  declaration = yb_hall_client_get_declaration_finish (YB_HALL_CLIENT (object), result, &error);
  if (declaration == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  finish_withdrawal (task, declaration,
                     g_error_new (YB_HALL_ERROR, YB_HALL_ERROR_NOT_PENDING,
                                  _("The declaration is no longer waiting for audit; it "
                                    "cannot be withdrawn.")));
}

static void
on_withdrawn_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YbSyncEngine *self = g_task_get_source_object (task);
  Withdrawal *data = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(JsonObject) declaration = NULL;

  declaration = yb_hall_client_withdraw_finish (YB_HALL_CLIENT (object), result, &error);
  if (declaration != NULL)
    {
      finish_withdrawal (task, declaration, NULL);
      return;
    }
  if (g_error_matches (error, YB_HALL_ERROR, YB_HALL_ERROR_NOT_PENDING))
    {
      /* Audited meanwhile: record what the hall decided, then say why nothing was withdrawn. */
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_error_free (error);
      yb_hall_client_get_declaration_async (self->hall, self->unit_no, data->hall_id,
                                            cancellable, on_withdraw_fetched_cb,
                                            g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, error);
}

/**
 * yb_sync_engine_withdraw_async:
 * @self: an engine
 * @declaration_id: the local id of a declaration waiting for audit
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when done
 * @user_data: closure
 *
 * Withdraws a pending declaration at the hall (撤回) and records the outcome in the store. If
 * the hall audited it meanwhile, its decision is recorded instead and the call fails with
 * %YB_HALL_ERROR_NOT_PENDING.
 */
void
yb_sync_engine_withdraw_async (YbSyncEngine        *self,
                               gint64               declaration_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(YbStoreDeclaration) decl = NULL;
  GError *error = NULL;
  Withdrawal *data;

  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_sync_engine_withdraw_async);

  decl = yb_store_declaration_get (self->store, declaration_id, &error);
  if (decl == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (yb_store_declaration_get_state (decl) != YB_DECLARATION_SUBMITTED
      || yb_store_declaration_get_hall_id (decl) == NULL)
    {
      g_task_return_new_error (task, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION,
                               _("Only a declaration waiting for audit can be withdrawn."));
      return;
    }
  data = g_new0 (Withdrawal, 1);
  data->id = declaration_id;
  data->hall_id = g_strdup (yb_store_declaration_get_hall_id (decl));
  g_task_set_task_data (task, data, (GDestroyNotify) withdrawal_free);
  yb_hall_client_withdraw_async (self->hall, self->unit_no, data->hall_id, cancellable,
                                 on_withdrawn_cb, g_steal_pointer (&task));
}

/**
 * yb_sync_engine_withdraw_finish:
 * @self: an engine
 * @result: the result
 * @error: return location for an error
 *
 * Returns: the declaration's state afterwards (%YB_DECLARATION_WITHDRAWN), or
 *   %YB_DECLARATION_DRAFT with @error set
 */
YbDeclarationState
yb_sync_engine_withdraw_finish (YbSyncEngine  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_autoptr(GError) local = NULL;
  gssize state;

  g_return_val_if_fail (g_task_is_valid (result, self), YB_DECLARATION_DRAFT);

  state = g_task_propagate_int (G_TASK (result), &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return YB_DECLARATION_DRAFT;
    }
  return (YbDeclarationState) state;
}

/**
 * yb_sync_engine_set_test_hook:
 * @self: an engine
 * @hook: (nullable): called at each point of a submission, see #YbSyncTestHook
 * @user_data: closure
 *
 * For crash tests only (tests/hall/sync-crash-helper.c): lets a test program die at a named
 * point of a submission. The application never calls it.
 */
void
yb_sync_engine_set_test_hook (YbSyncEngine   *self,
                              YbSyncTestHook  hook,
                              gpointer        user_data)
{
  g_return_if_fail (YB_IS_SYNC_ENGINE (self));

  self->test_hook = hook;
  self->test_hook_data = user_data;
}
