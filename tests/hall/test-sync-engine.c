/* test-sync-engine.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine against the real reference hall on loopback.
 */
#define G_LOG_DOMAIN "TestSyncEngine"

#include "yb-roster-model.h"
#include "yb-roster-person.h"
#include "test-sync-util.h"

#define ROSTER_SIZE 10000

static YbTestHall *hall;
static char *tmp_dir;
static guint id_seq;

typedef struct
{
  YbHallClient *client;
  YbStore *store;
  YbSyncEngine *engine;
  char *unit_no;
  GArray *results; /* pairs of (id, state) from audit-result */
  guint progress_notes;
  gboolean progress_between;
  GArray *states;
} Fixture;

static void
on_audit_result_cb (YbSyncEngine *engine,
                    gint64        id,
                    int           state,
                    Fixture      *fixture)
{
  gint64 pair[2] = { id, state };

  g_array_append_vals (fixture->results, pair, 2);
}

static void
on_progress_cb (YbSyncEngine *engine,
                GParamSpec   *pspec,
                Fixture      *fixture)
{
  double progress = yb_sync_engine_get_progress (engine);

  fixture->progress_notes++;
  if (progress > 0.0 && progress < 1.0)
    fixture->progress_between = TRUE;
}

static void
on_state_cb (YbSyncEngine *engine,
             GParamSpec   *pspec,
             Fixture      *fixture)
{
  YbSyncState state = yb_sync_engine_get_state (engine);

  g_array_append_val (fixture->states, state);
}

static void
fixture_setup (Fixture    *fixture,
               const char *base_url,
               const char *account,
               const char *region,
               gboolean    with_profile)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = NULL;
  g_autofree char *name = g_strdup_printf ("store-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);

  fixture->client = sync_test_login (base_url, account);
  fixture->unit_no = sync_test_unit (fixture->client, region);
  fixture->store = yb_store_open (path, &error);
  g_assert_no_error (error);
  if (with_profile)
    {
      profile = yb_region_profile_load_builtin ("hangzhou", &error);
      g_assert_no_error (error);
    }
  fixture->engine = yb_sync_engine_new (fixture->client, fixture->store, fixture->unit_no,
                                        profile);
  yb_sync_engine_set_backoff_base_ms (fixture->engine, 20);
  fixture->results = g_array_new (FALSE, FALSE, sizeof (gint64));
  fixture->states = g_array_new (FALSE, FALSE, sizeof (YbSyncState));
  g_signal_connect (fixture->engine, "audit-result", G_CALLBACK (on_audit_result_cb), fixture);
  g_signal_connect (fixture->engine, "notify::progress", G_CALLBACK (on_progress_cb), fixture);
  g_signal_connect (fixture->engine, "notify::state", G_CALLBACK (on_state_cb), fixture);
}

static void
fixture_teardown (Fixture *fixture)
{
  g_signal_handlers_disconnect_by_data (fixture->engine, fixture);
  yb_sync_engine_stop (fixture->engine);
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->unit_no, g_free);
  g_clear_pointer (&fixture->results, g_array_unref);
  g_clear_pointer (&fixture->states, g_array_unref);
}

static gboolean
got_result (Fixture            *fixture,
            gint64              id,
            YbDeclarationState  state)
{
  for (guint i = 0; i + 1 < fixture->results->len; i += 2)
    if (g_array_index (fixture->results, gint64, i) == id
        && g_array_index (fixture->results, gint64, i + 1) == state)
      return TRUE;
  return FALSE;
}

static gboolean
went_through (Fixture     *fixture,
              YbSyncState  state)
{
  for (guint i = 0; i < fixture->states->len; i++)
    if (g_array_index (fixture->states, YbSyncState, i) == state)
      return TRUE;
  return FALSE;
}

static void
control (const char *json)
{
  g_autoptr(JsonObject) settings = yb_test_hall_control (hall, json);
}

static gint64
queue_enrolment (Fixture     *fixture,
                 const char  *start_month,
                 char       **key)
{
  g_autofree char *id_number = sync_test_id_number (id_seq++);
  g_autofree char *fields = sync_test_enrol_fields (id_number, start_month);

  return sync_test_queue (fixture->store, "enrol_new", fields, key);
}

static void
wait_for (gboolean (*done) (gpointer),
          gpointer   data,
          guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Full roster of 10,000 people, then a delta of the 1 % the hall changed. */
static void
test_roster_full_and_delta (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) roster = NULL;
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor_name = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *cursor_after = NULL;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "gen", NULL, TRUE);
  g_assert_cmpstr (f.unit_no, ==, "GEN000001");
  g_assert_cmpfloat (yb_sync_engine_get_progress (f.engine), ==, -1.0);
  g_assert_null (yb_sync_engine_get_last_sync (f.engine));

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yb_store_roster_count (f.store), ==, ROSTER_SIZE);
  g_assert_cmpuint (yb_sync_engine_get_last_pull_count (f.engine), ==, ROSTER_SIZE);
  g_assert_true (f.progress_between);
  g_assert_cmpfloat (yb_sync_engine_get_progress (f.engine), ==, -1.0);
  g_assert_cmpint (yb_sync_engine_get_state (f.engine), ==, YB_SYNC_STATE_IDLE);
  g_assert_true (went_through (&f, YB_SYNC_STATE_SYNCING));
  g_assert_true (yb_sync_engine_get_online (f.engine));
  g_assert_nonnull (yb_sync_engine_get_last_sync (f.engine));
  cursor_name = g_strconcat ("roster:", f.unit_no, NULL);
  cursor = yb_store_cursor_get (f.store, cursor_name);
  g_assert_nonnull (cursor);

  /* Nothing changed: the next pass brings nobody. */
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_cmpuint (yb_sync_engine_get_last_pull_count (f.engine), ==, 0);

  /* The hall changes 1 % of the people (new phone numbers, approved at audit). */
  roster = G_LIST_MODEL (yb_roster_model_new (f.store, NULL, YB_ROSTER_SORT_PERSON_NO));
  for (guint i = 0, pos = 0; i < ROSTER_SIZE / 100; pos += 37)
    {
      g_autoptr(YbRosterPerson) person = g_list_model_get_item (roster, pos % ROSTER_SIZE);
      g_autofree char *phone = NULL;
      g_autofree char *fields = NULL;

      /* Only insured people can change (the others are refused with NOT_INSURED). */
      if (g_strcmp0 (yb_roster_person_get_status (person), "insured") != 0)
        continue;
      phone = g_strdup_printf ("139%08u", i++);
      fields = g_strdup_printf ("{\"id_number\": \"%s\", \"phone\": \"%s\"}",
                                yb_roster_person_get_id_number (person), phone);

      sync_test_queue (f.store, "person_change", fields, NULL);
      g_ptr_array_add (ids, g_strdup (yb_roster_person_get_id_number (person)));
      g_ptr_array_add (changed, g_steal_pointer (&phone));
    }
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, ROSTER_SIZE / 100);
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 0);
  g_assert_cmpuint (yb_store_declaration_count (f.store,
                                                YB_DECLARATION_MASK (YB_DECLARATION_SUBMITTED)),
                    ==, ROSTER_SIZE / 100);

  control ("{\"audit_decision\": \"approve\", \"audit_now\": true}");
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f.results->len / 2, ==, ROSTER_SIZE / 100);
  g_assert_cmpuint (yb_store_declaration_count (f.store,
                                                YB_DECLARATION_MASK (YB_DECLARATION_APPROVED)),
                    ==, ROSTER_SIZE / 100);
  g_assert_cmpuint (yb_sync_engine_get_last_pull_count (f.engine), ==, ROSTER_SIZE / 100);
  g_assert_cmpuint (yb_store_roster_count (f.store), ==, ROSTER_SIZE);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(JsonObject) person = yb_store_roster_find_by_id_number (f.store,
                                                                        ids->pdata[i]);

      g_assert_nonnull (person);
      g_assert_cmpstr (json_object_get_string_member (person, "phone"), ==, changed->pdata[i]);
    }
  cursor_after = yb_store_cursor_get (f.store, cursor_name);
  g_assert_cmpstr (cursor_after, !=, cursor);

  control ("{\"audit_decision\": \"auto\"}");
  fixture_teardown (&f);
}

/* Submit, audit (approve and reject), withdraw; one bad item does not block the others. */
static void
test_round_trips (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(YbStoreDeclaration) bad = NULL;
  g_autoptr(YbStoreDeclaration) rejected = NULL;
  g_autofree char *bad_fields = NULL;
  g_autofree char *key_a = NULL;
  g_autofree char *hall_a = NULL;
  g_autofree char *id_a = NULL;
  gint64 a, b, c, d;
  guint n_hall;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\", "
           "\"audit_decision\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", TRUE);

  a = queue_enrolment (&f, "202603", &key_a);
  bad_fields = sync_test_enrol_fields ("330106199001011235", "202603");
  b = sync_test_queue (f.store, "enrol_new", bad_fields, NULL);
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 2);

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, a), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpint (sync_test_state (f.store, b), ==, YB_DECLARATION_REJECTED);
  g_assert_true (got_result (&f, b, YB_DECLARATION_REJECTED));
  bad = yb_store_declaration_get (f.store, b, &error);
  g_assert_nonnull (strstr (yb_store_declaration_get_field_errors (bad), "id_number"));
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 0);

  n_hall = sync_test_count_at_hall (f.client, f.unit_no, key_a, &hall_a);
  g_assert_cmpuint (n_hall, ==, 1);
  {
    g_autoptr(YbStoreDeclaration) decl = yb_store_declaration_get (f.store, a, &error);

    g_assert_cmpstr (yb_store_declaration_get_hall_id (decl), ==, hall_a);
    id_a = g_strdup (yb_store_declaration_get_person_id_number (decl));
  }

  /* Approved at audit: the result and the new person arrive with the next pass. */
  control ("{\"audit_decision\": \"approve\", \"audit_now\": true}");
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, a), ==, YB_DECLARATION_APPROVED);
  g_assert_true (got_result (&f, a, YB_DECLARATION_APPROVED));
  if (id_a != NULL)
    {
      g_autoptr(JsonObject) person = yb_store_roster_find_by_id_number (f.store, id_a);

      g_assert_nonnull (person);
      g_assert_cmpstr (json_object_get_string_member (person, "status"), ==, "insured");
    }

  /* Withdrawn while pending. */
  c = queue_enrolment (&f, "202603", NULL);
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_cmpint (sync_test_state (f.store, c), ==, YB_DECLARATION_SUBMITTED);
  yb_sync_engine_withdraw_async (f.engine, c, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_cmpint (yb_sync_engine_withdraw_finish (f.engine, result, &error), ==,
                   YB_DECLARATION_WITHDRAWN);
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, c), ==, YB_DECLARATION_WITHDRAWN);
  g_assert_true (got_result (&f, c, YB_DECLARATION_WITHDRAWN));
  g_clear_object (&result);

  /* An approved one cannot be withdrawn; the local state stays approved. */
  yb_sync_engine_withdraw_async (f.engine, a, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_cmpint (yb_sync_engine_withdraw_finish (f.engine, result, &error), ==,
                   YB_DECLARATION_DRAFT);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  g_clear_object (&result);
  g_assert_cmpint (sync_test_state (f.store, a), ==, YB_DECLARATION_APPROVED);

  /* Audited at the hall before the withdrawal arrives: the decision is recorded and the
   * withdrawal fails with NOT_PENDING. */
  {
    gint64 e = queue_enrolment (&f, "202603", NULL);

    g_assert_true (sync_test_run (f.engine, &error));
    g_assert_cmpint (sync_test_state (f.store, e), ==, YB_DECLARATION_SUBMITTED);
    control ("{\"audit_decision\": \"approve\", \"audit_now\": true}");
    yb_sync_engine_withdraw_async (f.engine, e, NULL, yb_test_store_result, &slot);
    result = yb_test_await (&slot);
    g_assert_cmpint (yb_sync_engine_withdraw_finish (f.engine, result, &error), ==,
                     YB_DECLARATION_DRAFT);
    g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_NOT_PENDING);
    g_clear_error (&error);
    g_clear_object (&result);
    g_assert_cmpint (sync_test_state (f.store, e), ==, YB_DECLARATION_APPROVED);
    g_assert_true (got_result (&f, e, YB_DECLARATION_APPROVED));
  }

  /* Rejected at audit, with a reason the clerk can read. */
  d = queue_enrolment (&f, "202603", NULL);
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_cmpint (sync_test_state (f.store, d), ==, YB_DECLARATION_SUBMITTED);
  control ("{\"audit_decision\": \"reject\", \"audit_now\": true}");
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, d), ==, YB_DECLARATION_REJECTED);
  g_assert_true (got_result (&f, d, YB_DECLARATION_REJECTED));
  rejected = yb_store_declaration_get (f.store, d, &error);
  g_assert_nonnull (yb_store_declaration_get_reject_reason (rejected));
  g_assert_cmpstr (yb_store_declaration_get_reject_reason (rejected), !=, "");

  control ("{\"audit_decision\": \"auto\"}");
  fixture_teardown (&f);
}

/* A closed window keeps enrolments queued, lets other kinds through, and they go when it
 * reopens. */
static void
test_window_closed (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) roster = NULL;
  g_autoptr(YbRosterPerson) person = NULL;
  g_autofree char *change_fields = NULL;
  g_autofree char *key = NULL;
  g_autofree char *hall_id = NULL;
  const char *text;
  gint64 enrol, change;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", TRUE);
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  roster = G_LIST_MODEL (yb_roster_model_new (f.store, NULL, YB_ROSTER_SORT_PERSON_NO));
  for (guint i = 0; i < g_list_model_get_n_items (roster) && person == NULL; i++)
    {
      g_autoptr(YbRosterPerson) item = g_list_model_get_item (roster, i);

      if (g_strcmp0 (yb_roster_person_get_status (item), "insured") == 0)
        person = g_steal_pointer (&item);
    }
  g_assert_nonnull (person);

  control ("{\"clock\": \"2026-03-25T18:00:00+08:00\", \"window\": \"auto\"}");
  enrol = queue_enrolment (&f, "202604", &key);
  change_fields = g_strdup_printf ("{\"id_number\": \"%s\", \"phone\": \"13912345678\"}",
                                   yb_roster_person_get_id_number (person));
  change = sync_test_queue (f.store, "person_change", change_fields, NULL);

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_false (yb_sync_engine_get_window_open (f.engine));
  g_assert_cmpint (sync_test_state (f.store, enrol), ==, YB_DECLARATION_QUEUED);
  g_assert_cmpint (sync_test_state (f.store, change), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpint (yb_sync_engine_get_state (f.engine), ==, YB_SYNC_STATE_WINDOW_CLOSED);
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 1);
  text = yb_sync_engine_get_status_text (f.engine);
  g_assert_nonnull (strstr (text, "Will send when the window opens at 2026-04-01 08:00"));
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, key, NULL), ==, 0);

  /* Started, the engine plans a pass for the reopening rather than the usual interval. */
  yb_sync_engine_set_interval (f.engine, 24 * 3600);
  yb_sync_engine_start (f.engine);
  while (yb_sync_engine_get_state (f.engine) == YB_SYNC_STATE_SYNCING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (yb_sync_engine_get_next_attempt (f.engine));
  yb_sync_engine_stop (f.engine);

  control ("{\"clock\": \"2026-04-01T08:30:00+08:00\"}");
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_true (yb_sync_engine_get_window_open (f.engine));
  g_assert_cmpint (sync_test_state (f.store, enrol), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpint (yb_sync_engine_get_state (f.engine), ==, YB_SYNC_STATE_IDLE);
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 0);
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, key, &hall_id), ==, 1);

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\"}");
  fixture_teardown (&f);
}

static gboolean
is_submitted (gpointer data)
{
  Fixture *f = data;
  gint64 id = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (f->engine), "watched"));

  return sync_test_state (f->store, id) == YB_DECLARATION_SUBMITTED;
}

/* 500s, 429s, latency and a dropped connection after commit. */
static void
test_busy_hall (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) before = NULL;
  g_autofree char *key = NULL;
  g_autofree char *hall_id = NULL;
  GTimeSpan wait;
  gint64 id;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", TRUE);
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);

  /* Three 500s in a row: the started engine backs off and gets through. */
  id = queue_enrolment (&f, "202603", &key);
  g_object_set_data (G_OBJECT (f.engine), "watched", GINT_TO_POINTER (id));
  control ("{\"fail_next\": 3, \"fail_next_status\": 500}");
  yb_sync_engine_set_interval (f.engine, 3600);
  yb_sync_engine_start (f.engine);
  wait_for (is_submitted, &f, 20000);
  yb_sync_engine_stop (f.engine);
  g_assert_true (went_through (&f, YB_SYNC_STATE_ERROR));
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, key, NULL), ==, 1);
  g_clear_pointer (&key, g_free);

  /* 429: the hall's Retry-After (1 s) wins over the 20 ms back-off. */
  while (yb_sync_engine_get_state (f.engine) == YB_SYNC_STATE_SYNCING)
    g_main_context_iteration (NULL, TRUE);
  control ("{\"rate_limited_next\": 1}");
  yb_sync_engine_start (f.engine);
  before = g_date_time_new_now_utc ();
  while (yb_sync_engine_get_state (f.engine) == YB_SYNC_STATE_SYNCING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (yb_sync_engine_get_state (f.engine), ==, YB_SYNC_STATE_ERROR);
  g_assert_nonnull (yb_sync_engine_get_next_attempt (f.engine));
  wait = g_date_time_difference (yb_sync_engine_get_next_attempt (f.engine), before);
  g_assert_cmpint (wait, >=, 900 * G_TIME_SPAN_MILLISECOND);
  g_assert_nonnull (strstr (yb_sync_engine_get_status_text (f.engine), "Sync failed"));
  g_assert_nonnull (strstr (yb_sync_engine_get_status_text (f.engine), "Trying again at"));
  yb_sync_engine_stop (f.engine);

  /* Slow answers are fine. */
  id = queue_enrolment (&f, "202603", NULL);
  control ("{\"latency_ms\": 300}");
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, id), ==, YB_DECLARATION_SUBMITTED);
  control ("{\"latency_ms\": 0}");

  /* The hall commits and drops the connection: the resend with the same key gets the first
   * answer, and the hall holds exactly one declaration. */
  id = queue_enrolment (&f, "202603", &key);
  control ("{\"drop_after_commit\": 1}");
  if (!sync_test_run (f.engine, &error))
    {
      g_test_message ("dropped: %s", error->message);
      g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_NETWORK);
      g_clear_error (&error);
      g_assert_cmpint (sync_test_state (f.store, id), ==, YB_DECLARATION_SEND_ERROR);
      g_assert_cmpint (yb_sync_engine_get_state (f.engine), ==, YB_SYNC_STATE_OFFLINE);
      /* The retry time is a few milliseconds away with the test's back-off. */
      yb_test_sleep (50);
      g_assert_true (sync_test_run (f.engine, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (sync_test_state (f.store, id), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, key, &hall_id), ==, 1);
  {
    g_autoptr(YbStoreDeclaration) decl = yb_store_declaration_get (f.store, id, &error);

    g_assert_cmpstr (yb_store_declaration_get_hall_id (decl), ==, hall_id);
    g_assert_cmpstr (yb_store_declaration_get_idempotency_key (decl), ==, key);
  }

  /* A random share of 500s: everything gets through in the end, exactly once. */
  {
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
    gint64 first = 0;

    for (guint i = 0; i < 10; i++)
      {
        char *k = NULL;
        gint64 made = queue_enrolment (&f, "202603", &k);

        if (first == 0)
          first = made;
        g_ptr_array_add (keys, k);
      }
    yb_sync_engine_set_batch_size (f.engine, 3);
    control ("{\"fail_rate\": 0.3}");
    for (guint round = 0; round < 60 && yb_sync_engine_get_waiting (f.engine) > 0; round++)
      {
        if (!sync_test_run (f.engine, &error))
          {
            g_assert_true (yb_hall_error_is_transient (error));
            g_clear_error (&error);
            yb_test_sleep (20);
          }
      }
    control ("{\"fail_rate\": 0}");
    g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 0);
    for (guint i = 0; i < keys->len; i++)
      g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, keys->pdata[i], NULL), ==,
                        1);
  }

  fixture_teardown (&f);
}

/* An item the hall cannot take even alone (a body over its 1 MiB limit) is recorded as
 * refused; the items batched with it still go. */
static void
test_bad_item_alone (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) address = g_string_new (NULL);
  g_autoptr(YbStoreDeclaration) refused = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *id_number = sync_test_id_number (id_seq++);
  g_autofree char *key_a = NULL;
  g_autofree char *key_c = NULL;
  gint64 a, b, c;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", TRUE);
  a = queue_enrolment (&f, "202603", &key_a);
  while (address->len < 1200 * 1024)
    g_string_append (address, "杭州市西湖区文三路 1 号");
  huge = g_strdup_printf ("{\"id_number\": \"%s\", \"address\": \"%s\"}", id_number,
                          address->str);
  b = sync_test_queue (f.store, "person_change", huge, NULL);
  c = queue_enrolment (&f, "202603", &key_c);

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, a), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpint (sync_test_state (f.store, b), ==, YB_DECLARATION_REJECTED);
  g_assert_cmpint (sync_test_state (f.store, c), ==, YB_DECLARATION_SUBMITTED);
  g_assert_true (got_result (&f, b, YB_DECLARATION_REJECTED));
  refused = yb_store_declaration_get (f.store, b, &error);
  g_test_message ("refused: %s", yb_store_declaration_get_reject_reason (refused));
  g_assert_nonnull (strstr (yb_store_declaration_get_reject_reason (refused), "larger"));
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, key_a, NULL), ==, 1);
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, key_c, NULL), ==, 1);
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 0);

  fixture_teardown (&f);
}

/* No hall at all: offline, with the number of items waiting. */
static void
test_offline (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "offline.db", NULL);
  g_autoptr(YbStore) store = yb_store_open (path, &error);
  g_autoptr(YbHallClient) client = yb_hall_client_new ("http://127.0.0.1:9", NULL, &error);
  g_autoptr(YbSyncEngine) engine = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *id_number = sync_test_id_number (9999);
  gint64 id;

  g_assert_no_error (error);
  engine = yb_sync_engine_new (client, store, "33010012345", NULL);
  fields = sync_test_enrol_fields (id_number, "202603");
  id = sync_test_queue (store, "enrol_new", fields, NULL);
  sync_test_queue (store, "enrol_new", fields, NULL);
  g_assert_cmpuint (yb_sync_engine_get_waiting (engine), ==, 2);

  g_assert_false (sync_test_run (engine, &error));
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_NETWORK);
  g_assert_cmpint (yb_sync_engine_get_state (engine), ==, YB_SYNC_STATE_OFFLINE);
  g_assert_false (yb_sync_engine_get_online (engine));
  g_assert_cmpstr (yb_sync_engine_get_status_text (engine), ==, "Offline — 2 items waiting");
  /* Never connected: not the message of a connection lost after sending. */
  g_assert_cmpstr (error->message, ==, "The hall could not be reached.");
  /* Nothing was sent, so nothing is marked in flight. */
  g_assert_cmpint (sync_test_state (store, id), ==, YB_DECLARATION_QUEUED);
  g_assert_null (yb_sync_engine_get_last_sync (engine));
}

/* Cancelling a pass ends it at once, silently idle, and the next pass works. */
static void
test_cancel (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  gint64 id;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", TRUE);
  id = queue_enrolment (&f, "202603", NULL);

  yb_sync_engine_sync_now_async (f.engine, cancellable, yb_test_store_result, &slot);
  g_assert_cmpint (yb_sync_engine_get_state (f.engine), ==, YB_SYNC_STATE_SYNCING);
  g_cancellable_cancel (cancellable);
  result = yb_test_await (&slot);
  g_assert_false (yb_sync_engine_sync_now_finish (f.engine, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (yb_sync_engine_get_state (f.engine), ==, YB_SYNC_STATE_IDLE);
  g_assert_cmpfloat (yb_sync_engine_get_progress (f.engine), ==, -1.0);

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, id), ==, YB_DECLARATION_SUBMITTED);
  fixture_teardown (&f);
}

static void
on_profile_notify_cb (GObject    *object,
                      GParamSpec *pspec,
                      gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* The region profile is fetched when the hall announces a version the engine lacks. */
static void
test_profile_refresh (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  guint notified = 0;
  YbRegionProfile *profile;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", FALSE);
  g_signal_connect (f.engine, "notify::profile", G_CALLBACK (on_profile_notify_cb), &notified);
  g_assert_null (yb_sync_engine_get_profile (f.engine));

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  profile = yb_sync_engine_get_profile (f.engine);
  g_assert_nonnull (profile);
  g_assert_cmpuint (notified, ==, 1);
  stored = yb_store_meta_get (f.store, "profile_version:hangzhou");
  g_assert_cmpstr (stored, ==, yb_region_profile_get_version (profile));

  /* The hall's profile is kept whole for an offline start, and reads back the same. */
  {
    g_autoptr(YbRegionProfile) kept = yb_store_region_profile_load (f.store, "hangzhou");
    g_autoptr(YbRegionProfile) other = yb_store_region_profile_load (f.store, "ningbo");
    g_autofree char *version = yb_store_meta_get (f.store, "region_profile_version");

    g_assert_nonnull (kept);
    g_assert_null (other);
    g_assert_cmpstr (yb_region_profile_get_version (kept), ==,
                     yb_region_profile_get_version (profile));
    g_assert_cmpstr (yb_region_profile_get_id (kept), ==, "hangzhou");
    g_assert_cmpstr (version, ==, yb_region_profile_get_version (profile));
    g_assert_cmpstr (yb_region_profile_get_json (kept), ==, yb_region_profile_get_json (profile));
  }

  /* Same version: kept. */
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_true (yb_sync_engine_get_profile (f.engine) == profile);
  g_assert_cmpuint (notified, ==, 1);

  g_signal_handlers_disconnect_by_data (f.engine, &notified);
  fixture_teardown (&f);
}

/* Asserts @id reached @state; when not, says what the hall (or the engine) answered. */
static void
assert_state (YbStore            *store,
              gint64              id,
              YbDeclarationState  state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbStoreDeclaration) decl = yb_store_declaration_get (store, id, &error);

  g_assert_no_error (error);
  if (yb_store_declaration_get_state (decl) != state)
    g_test_message ("declaration %" G_GINT64_FORMAT ": state %d, reason “%s”, field errors %s",
                    id, yb_store_declaration_get_state (decl),
                    yb_store_declaration_get_reject_reason (decl),
                    yb_store_declaration_get_field_errors (decl));
  g_assert_cmpint (yb_store_declaration_get_state (decl), ==, state);
}

/* A material: a PNG's signature and a few bytes made distinct by @seed. */
static char *
write_png (const char *name,
           guint       seed)
{
  static const guint8 signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *tail = g_strdup_printf ("IHDR yibao test %u %u", seed, g_random_int ());
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_byte_array_append (data, signature, sizeof signature);
  g_byte_array_append (data, (const guint8 *) tail, strlen (tail));
  g_assert_true (g_file_set_contents (path, (const char *) data->data, data->len, &error));
  g_assert_no_error (error);
  return path;
}

/* Uploads a material directly; its number tells how many uploads the hall took before. */
static gint64
probe_upload (YbHallClient *client,
              const char   *unit_no)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'x' };
  g_autoptr(GBytes) bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) answer = NULL;
  GAsyncResult *slot = NULL;
  const char *id;

  yb_hall_client_upload_material_async (client, unit_no, bytes, "image/png", "probe.png", NULL,
                                        yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  answer = yb_hall_client_upload_material_finish (client, result, &error);
  g_assert_no_error (error);
  id = json_object_get_string_member (answer, "material_id");
  g_assert_true (id[0] == 'M');
  return g_ascii_strtoll (id + 1, NULL, 10);
}

static JsonObject *
hall_declaration (YbHallClient *client,
                  const char   *unit_no,
                  const char   *hall_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  JsonObject *declaration;

  yb_hall_client_get_declaration_async (client, unit_no, hall_id, NULL, yb_test_store_result,
                                        &slot);
  result = yb_test_await (&slot);
  declaration = yb_hall_client_get_declaration_finish (client, result, &error);
  g_assert_no_error (error);
  return declaration;
}

/* A key change queued offline with a PNG kept locally: the pass uploads it, sends the change
 * with the hall's material id and records that id in the store; a changed file refuses only
 * its own declaration. */
static void
test_materials (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *png = write_png ("营业执照.png", 1);
  g_autofree char *other = write_png ("changed.png", 2);
  g_autofree char *fields = NULL;
  g_autofree char *changed_fields = NULL;
  g_autofree char *key = NULL;
  g_autofree char *enrol_key = NULL;
  g_autofree char *hall_id = NULL;
  g_autoptr(JsonObject) material = NULL;
  g_autoptr(JsonObject) at_hall = NULL;
  g_autoptr(YbStoreDeclaration) sent = NULL;
  g_autoptr(YbStoreDeclaration) refused = NULL;
  JsonArray *materials;
  const char *material_id;
  gint64 local, local_other, change, bad, enrol, before, after;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", TRUE);

  /* Offline: only the store is touched. */
  local = yb_store_material_add (f.store, png, &error);
  g_assert_no_error (error);
  local_other = yb_store_material_add (f.store, other, &error);
  g_assert_no_error (error);
  fields = g_strdup_printf ("{\"format\": 1, \"kind\": \"unit_key_change\", \"fields\": "
                            "{\"legal_name\": \"陈建业\"}, \"items\": [], \"materials\": "
                            "[{\"kind\": \"supporting_document\", \"id\": \"local:%"
                            G_GINT64_FORMAT "\", \"file_name\": \"营业执照.png\"}]}",
                            local);
  change = sync_test_queue (f.store, "unit_key_change", fields, &key);
  changed_fields = g_strdup_printf ("{\"format\": 1, \"kind\": \"unit_key_change\", "
                                    "\"fields\": {\"legal_name\": \"王建国\"}, \"items\": [], "
                                    "\"materials\": [{\"kind\": \"supporting_document\", "
                                    "\"id\": \"local:%" G_GINT64_FORMAT "\", "
                                    "\"file_name\": \"changed.png\"}]}",
                                    local_other);
  bad = sync_test_queue (f.store, "unit_key_change", changed_fields, NULL);
  enrol = queue_enrolment (&f, "202603", &enrol_key);
  /* The second file changes after it was attached. */
  g_assert_true (g_file_set_contents (other, "\x89PNG\r\n\x1a\nother bytes", -1, &error));

  before = probe_upload (f.client, f.unit_no);
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  after = probe_upload (f.client, f.unit_no);
  /* Exactly one upload by the engine: the changed file never left. */
  g_assert_cmpint (after - before - 1, ==, 1);

  assert_state (f.store, change, YB_DECLARATION_SUBMITTED);
  assert_state (f.store, enrol, YB_DECLARATION_SUBMITTED);
  assert_state (f.store, bad, YB_DECLARATION_REJECTED);
  g_assert_true (got_result (&f, bad, YB_DECLARATION_REJECTED));
  refused = yb_store_declaration_get (f.store, bad, &error);
  g_test_message ("refused: %s", yb_store_declaration_get_reject_reason (refused));
  g_assert_nonnull (strstr (yb_store_declaration_get_reject_reason (refused), "changed.png"));
  g_assert_nonnull (strstr (yb_store_declaration_get_reject_reason (refused),
                            "changed after it was attached"));
  g_assert_nonnull (strstr (yb_store_declaration_get_field_errors (refused), "materials"));

  material = yb_store_material_get (f.store, local);
  material_id = json_object_get_string_member_with_default (material, "hall_material_id", NULL);
  g_assert_nonnull (material_id);
  g_assert_true (material_id[0] == 'M');

  /* The hall holds the change once, with the uploaded material. */
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, key, &hall_id), ==, 1);
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, enrol_key, NULL), ==, 1);
  at_hall = hall_declaration (f.client, f.unit_no, hall_id);
  materials = json_object_get_array_member (at_hall, "materials");
  g_assert_cmpuint (json_array_get_length (materials), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (materials, 0),
                                                  "id"),
                   ==, material_id);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (at_hall,
                                                                                 "fields"),
                                                  "legal_name"),
                   ==, "陈建业");

  /* What the store recorded as sent names the hall's material, not the local one. */
  sent = yb_store_declaration_get (f.store, change, &error);
  g_assert_nonnull (strstr (yb_store_declaration_get_fields (sent), material_id));
  g_assert_null (strstr (yb_store_declaration_get_fields (sent), "local:"));

  fixture_teardown (&f);
}

/* Copies a test workbook to @name in the test folder: a material kept locally. */
static char *
write_workbook (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "excel",
                                                   "two-sheets.xlsx", NULL);
  g_autofree char *data = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);
  gsize size = 0;

  g_assert_true (g_file_get_contents (source, &data, &size, &error));
  g_assert_true (g_file_set_contents (path, data, size, &error));
  g_assert_no_error (error);
  return path;
}

static char *
write_jpg (const char *name)
{
  static const char jpg[] = "\xff\xd8\xff\xe0\x00\x10JFIF\x00 stamped scan";
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, jpg, sizeof jpg - 1, &error));
  g_assert_no_error (error);
  return path;
}

/* A 舟山 base declaration for the first insured person of @unit_no with two local materials. */
static char *
base_declaration_fields (YbHallClient *client,
                         const char   *unit_no,
                         const char   *first_kind,
                         gint64        first,
                         const char   *first_name,
                         const char   *second_kind,
                         gint64        second,
                         const char   *second_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(YbHallPage) page = NULL;
  GAsyncResult *slot = NULL;
  JsonObject *person = NULL;

  yb_hall_client_get_roster_page_async (client, unit_no, NULL, 200, NULL, yb_test_store_result,
                                        &slot);
  result = yb_test_await (&slot);
  page = yb_hall_client_get_roster_page_finish (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (page->items) && person == NULL; i++)
    {
      JsonObject *candidate = json_array_get_object_element (page->items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (candidate, "status", ""),
                     "insured") == 0)
        person = candidate;
    }
  g_assert_nonnull (person);
  return g_strdup_printf ("{\"format\": 1, \"kind\": \"base_declaration\", \"fields\": "
                          "{\"year\": \"2026\"}, \"items\": [{\"person_no\": \"%s\", "
                          "\"id_number\": \"%s\", \"name\": \"%s\", \"avg_wage\": \"8000.00\"}], "
                          "\"materials\": [{\"kind\": \"%s\", \"id\": \"local:%" G_GINT64_FORMAT
                          "\", \"file_name\": \"%s\"}, {\"kind\": \"%s\", \"id\": \"local:%"
                          G_GINT64_FORMAT "\", \"file_name\": \"%s\"}]}",
                          json_object_get_string_member (person, "person_no"),
                          json_object_get_string_member (person, "id_number"),
                          json_object_get_string_member (person, "name"), first_kind, first,
                          first_name, second_kind, second, second_name);
}

/* BR-34: 舟山's base declaration goes with 材料1, a jpg scan, and 材料2, the completed Excel
 * sheet, both kept locally: the engine uploads each with its kind and the hall takes the
 * declaration. A workbook named as the stamped scan is refused by the hall at upload, which
 * refuses only its own declaration and sends nothing of it. */
static void
test_materials_xlsx (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *scan = write_jpg ("材料1.jpg");
  g_autofree char *sheet = write_workbook ("材料2.xlsx");
  g_autofree char *wrong_sheet = write_workbook ("花名册副本.xlsx");
  g_autofree char *wrong_scan = write_jpg ("scan-copy.jpg");
  g_autofree char *fields = NULL;
  g_autofree char *swapped_fields = NULL;
  g_autofree char *key = NULL;
  g_autofree char *swapped_key = NULL;
  g_autofree char *hall_id = NULL;
  g_autoptr(JsonObject) scan_row = NULL;
  g_autoptr(JsonObject) sheet_row = NULL;
  g_autoptr(JsonObject) wrong_row = NULL;
  g_autoptr(JsonObject) at_hall = NULL;
  g_autoptr(YbStoreDeclaration) refused = NULL;
  JsonArray *materials;
  gint64 scan_id, sheet_id, wrong_sheet_id, wrong_scan_id, good, swapped;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo-zs", "zhoushan", FALSE);

  scan_id = yb_store_material_add (f.store, scan, &error);
  g_assert_no_error (error);
  sheet_id = yb_store_material_add (f.store, sheet, &error);
  g_assert_no_error (error);
  wrong_sheet_id = yb_store_material_add (f.store, wrong_sheet, &error);
  g_assert_no_error (error);
  wrong_scan_id = yb_store_material_add (f.store, wrong_scan, &error);
  g_assert_no_error (error);
  fields = base_declaration_fields (f.client, f.unit_no, "stamped_scan", scan_id, "材料1.jpg",
                                    "roster_sheet", sheet_id, "材料2.xlsx");
  good = sync_test_queue (f.store, "base_declaration", fields, &key);
  swapped_fields = base_declaration_fields (f.client, f.unit_no, "stamped_scan", wrong_sheet_id,
                                            "花名册副本.xlsx", "roster_sheet", wrong_scan_id,
                                            "scan-copy.jpg");
  swapped = sync_test_queue (f.store, "base_declaration", swapped_fields, &swapped_key);

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);

  assert_state (f.store, good, YB_DECLARATION_SUBMITTED);
  scan_row = yb_store_material_get (f.store, scan_id);
  sheet_row = yb_store_material_get (f.store, sheet_id);
  g_assert_nonnull (json_object_get_string_member_with_default (scan_row, "hall_material_id",
                                                                NULL));
  g_assert_nonnull (json_object_get_string_member_with_default (sheet_row, "hall_material_id",
                                                                NULL));
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, key, &hall_id), ==, 1);
  at_hall = hall_declaration (f.client, f.unit_no, hall_id);
  materials = json_object_get_array_member (at_hall, "materials");
  g_assert_cmpuint (json_array_get_length (materials), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (materials, 1),
                                                  "kind"), ==, "roster_sheet");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (materials, 1),
                                                  "id"),
                   ==, json_object_get_string_member (sheet_row, "hall_material_id"));

  /* The workbook as 材料1: the hall refused the upload, nothing of it was sent. */
  assert_state (f.store, swapped, YB_DECLARATION_REJECTED);
  g_assert_true (got_result (&f, swapped, YB_DECLARATION_REJECTED));
  refused = yb_store_declaration_get (f.store, swapped, &error);
  g_test_message ("refused: %s", yb_store_declaration_get_reject_reason (refused));
  g_assert_nonnull (strstr (yb_store_declaration_get_reject_reason (refused),
                            "花名册副本.xlsx"));
  g_assert_nonnull (strstr (yb_store_declaration_get_field_errors (refused), "materials"));
  wrong_row = yb_store_material_get (f.store, wrong_sheet_id);
  g_assert_null (json_object_get_string_member_with_default (wrong_row, "hall_material_id",
                                                             NULL));
  g_assert_cmpuint (sync_test_count_at_hall (f.client, f.unit_no, swapped_key, NULL), ==, 0);

  fixture_teardown (&f);
}

typedef struct
{
  YbSyncEngine *engine;
  guint passes;
} PassCount;

static void
on_pass_state_cb (YbSyncEngine *engine,
                  GParamSpec   *pspec,
                  PassCount    *count)
{
  if (yb_sync_engine_get_state (engine) != YB_SYNC_STATE_SYNCING)
    count->passes++;
}

static gboolean
pass_done (gpointer data)
{
  return ((PassCount *) data)->passes > 0;
}

/* Auto-send off: periodic passes leave the outbox alone and say how to send it; Sync Now
 * sends it. On (the default), the periodic pass sends. */
static void
test_auto_send (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  PassCount count = { 0 };
  gint64 a, b, c;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", TRUE);
  g_assert_true (yb_sync_engine_get_auto_send (f.engine));
  g_signal_connect (f.engine, "notify::state", G_CALLBACK (on_pass_state_cb), &count);

  g_object_set (f.engine, "auto-send", FALSE, NULL);
  a = queue_enrolment (&f, "202603", NULL);
  b = queue_enrolment (&f, "202603", NULL);
  yb_sync_engine_set_interval (f.engine, 3600);
  yb_sync_engine_start (f.engine);
  wait_for (pass_done, &count, 20000);
  yb_sync_engine_stop (f.engine);
  g_assert_cmpint (yb_sync_engine_get_state (f.engine), ==, YB_SYNC_STATE_IDLE);
  g_assert_cmpint (sync_test_state (f.store, a), ==, YB_DECLARATION_QUEUED);
  g_assert_cmpint (sync_test_state (f.store, b), ==, YB_DECLARATION_QUEUED);
  g_assert_cmpstr (yb_sync_engine_get_status_text (f.engine), ==,
                   "2 items waiting — send them with Sync Now");
  /* The pass still pulled what the hall has. */
  g_assert_nonnull (yb_sync_engine_get_last_sync (f.engine));

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, a), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpint (sync_test_state (f.store, b), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 0);

  /* On again: the periodic pass sends by itself. */
  yb_sync_engine_set_auto_send (f.engine, TRUE);
  c = queue_enrolment (&f, "202603", NULL);
  count.passes = 0;
  yb_sync_engine_start (f.engine);
  wait_for (pass_done, &count, 20000);
  yb_sync_engine_stop (f.engine);
  g_assert_cmpint (sync_test_state (f.store, c), ==, YB_DECLARATION_SUBMITTED);

  g_signal_handlers_disconnect_by_data (f.engine, &count);
  fixture_teardown (&f);
}

/* A declaration made elsewhere (another client, like the counter or the web hall) appears in
 * the store after a pass, and its audit result follows. */
static void
test_counter_declarations (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               yb_hall_submit_item_unref);
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(YbStoreDeclaration) mirrored = NULL;
  g_autoptr(GDateTime) roster_at = NULL;
  g_autoptr(GDateTime) declarations_at = NULL;
  g_autoptr(YbHallClient) counter = NULL;
  g_autofree char *id_number = sync_test_id_number (id_seq++);
  g_autofree char *fields = sync_test_enrol_fields (id_number, "202603");
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *cursor_name = NULL;
  g_autofree char *cursor = NULL;
  g_autofree char *stamp = NULL;
  YbHallSubmitResult *answer;
  GAsyncResult *slot = NULL;
  gint64 id;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\"}");
  fixture_setup (&f, hall->base_url, "demo", "hangzhou", TRUE);
  g_assert_null (yb_store_get_synced_at (f.store, "roster"));
  g_assert_null (yb_store_get_synced_at (f.store, "declarations"));
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  roster_at = yb_store_get_synced_at (f.store, "roster");
  declarations_at = yb_store_get_synced_at (f.store, "declarations");
  g_assert_nonnull (roster_at);
  g_assert_nonnull (declarations_at);
  stamp = yb_store_meta_get (f.store, "roster_synced_at");
  /* ISO 8601 with the offset: 2026-03-10T09:30:00+08:00 */
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"
                                       "[+-]\\d\\d:\\d\\d$",
                                       stamp, 0, 0));
  cursor_name = g_strconcat ("declarations:", f.unit_no, NULL);
  cursor = yb_store_cursor_get (f.store, cursor_name);
  g_assert_cmpstr (cursor, ==, "2026-03-09");

  /* Another client declares at the hall directly. */
  counter = sync_test_login (hall->base_url, "demo");
  node = json_from_string (fields, &error);
  g_assert_no_error (error);
  g_ptr_array_add (items, yb_hall_submit_item_new (key, "enrol_new", json_node_get_object (node),
                                                   NULL));
  yb_hall_client_submit_async (counter, f.unit_no, items, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  answers = yb_hall_client_submit_finish (counter, result, &error);
  g_assert_no_error (error);
  answer = g_ptr_array_index (answers, 0);
  g_assert_true (answer->accepted);
  g_assert_null (yb_store_declaration_lookup_hall_id (f.store, answer->declaration_id));

  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  mirrored = yb_store_declaration_lookup_hall_id (f.store, answer->declaration_id);
  g_assert_nonnull (mirrored);
  id = yb_store_declaration_get_id (mirrored);
  g_assert_cmpint (yb_store_declaration_get_state (mirrored), ==, YB_DECLARATION_SUBMITTED);
  g_assert_cmpstr (yb_store_declaration_get_kind (mirrored), ==, "enrol_new");
  g_assert_cmpstr (yb_store_declaration_get_idempotency_key (mirrored), ==, key);
  /* Not in the outbox: it was never ours to send. */
  g_assert_cmpuint (yb_sync_engine_get_waiting (f.engine), ==, 0);

  /* Its audit result arrives like that of one sent from here. */
  control ("{\"audit_decision\": \"approve\", \"audit_now\": true}");
  g_assert_true (sync_test_run (f.engine, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sync_test_state (f.store, id), ==, YB_DECLARATION_APPROVED);
  g_assert_true (got_result (&f, id, YB_DECLARATION_APPROVED));

  control ("{\"audit_decision\": \"auto\"}");
  fixture_teardown (&f);
}

/* The connection is lost after the request left: a message distinct from an unreachable
 * hall. */
static void
test_connection_lost (void)
{
  g_autoptr(YbHallClient) client = sync_test_login (hall->base_url, "demo");
  g_autofree char *unit_no = sync_test_unit (client, "hangzhou");
  g_autofree char *id_number = sync_test_id_number (id_seq++);
  g_autofree char *fields = sync_test_enrol_fields (id_number, "202603");
  g_autofree char *key = g_uuid_string_random ();
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               yb_hall_submit_item_unref);
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  control ("{\"clock\": \"2026-03-10T09:30:00+08:00\", \"window\": \"auto\", "
           "\"drop_after_commit\": 1}");
  node = json_from_string (fields, &error);
  g_ptr_array_add (items, yb_hall_submit_item_new (key, "enrol_new", json_node_get_object (node),
                                                   NULL));
  yb_hall_client_submit_async (client, unit_no, items, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  answers = yb_hall_client_submit_finish (client, result, &error);
  g_assert_null (answers);
  g_assert_error (error, YB_HALL_ERROR, YB_HALL_ERROR_NETWORK);
  g_assert_cmpstr (error->message, ==, "The connection was lost before the hall answered.");
  g_assert_true (yb_hall_error_is_transient (error));
  control ("{\"drop_after_commit\": 0}");
  /* The hall did commit it. */
  g_assert_cmpuint (sync_test_count_at_hall (client, unit_no, key, NULL), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *people = g_strdup_printf ("--generate-people=%d", ROSTER_SIZE);
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("yb-test-sync-XXXXXX", &error);
  g_assert_no_error (error);
  id_seq = g_random_int_range (0, 3000);

  hall = yb_test_hall_start (FALSE, "--demo", "--test-control", "--audit-delay=3600",
                             "--clock=2026-03-10T09:30:00+08:00", people, NULL);

  g_test_add_func ("/hall/sync/roster-full-and-delta", test_roster_full_and_delta);
  g_test_add_func ("/hall/sync/round-trips", test_round_trips);
  g_test_add_func ("/hall/sync/window-closed", test_window_closed);
  g_test_add_func ("/hall/sync/busy-hall", test_busy_hall);
  g_test_add_func ("/hall/sync/bad-item-alone", test_bad_item_alone);
  g_test_add_func ("/hall/sync/offline", test_offline);
  g_test_add_func ("/hall/sync/profile-refresh", test_profile_refresh);
  g_test_add_func ("/hall/sync/cancel", test_cancel);
  g_test_add_func ("/hall/sync/materials", test_materials);
  g_test_add_func ("/hall/sync/materials-xlsx", test_materials_xlsx);
  g_test_add_func ("/hall/sync/auto-send", test_auto_send);
  g_test_add_func ("/hall/sync/counter-declarations", test_counter_declarations);
  g_test_add_func ("/hall/sync/connection-lost", test_connection_lost);

  status = g_test_run ();
  yb_test_hall_stop (hall);
  sync_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
