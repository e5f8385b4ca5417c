/* test-store-sync.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the sync engine keeps in the store: as-of times, the hall's region profile, the fields
 * recorded as sent, the changed notice, and bulk writes that never touch the caller's array.
 */
#define G_LOG_DOMAIN "TestStoreSync"

#include "yb-region-profile.h"
#include "yb-store-declaration.h"
#include "store-test-util.h"

static void
test_synced_at (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier ("+08:00");
  g_autoptr (GDateTime) when = g_date_time_new (zone, 2026, 3, 10, 9, 30, 0);
  g_autoptr (GDateTime) back = NULL;
  g_autoptr (GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) now = NULL;
  g_autofree char *text = NULL;

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_null (yb_store_get_synced_at (store, "roster"));
  g_assert_null (yb_store_get_synced_at (store, "declarations"));

  g_assert_true (yb_store_set_synced_at (store, "roster", when, &error));
  g_assert_no_error (error);
  text = yb_store_meta_get (store, "roster_synced_at");
  g_assert_true (g_regex_match_simple ("^2026-03-1\\dT\\d\\d:30:00[+-]\\d\\d:\\d\\d$", text, 0,
                                       0));
  back = yb_store_get_synced_at (store, "roster");
  g_assert_nonnull (back);
  g_assert_true (g_date_time_equal (back, when));
  g_assert_null (yb_store_get_synced_at (store, "declarations"));

  /* Without a time: now. */
  g_assert_true (yb_store_set_synced_at (store, "declarations", NULL, &error));
  now = yb_store_get_synced_at (store, "declarations");
  g_assert_nonnull (now);
  g_assert_cmpint (g_date_time_difference (now, before), >=, -G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (now, before), <, 60 * G_TIME_SPAN_SECOND);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_region_profile (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (YbRegionProfile) profile = NULL;
  g_autoptr (YbRegionProfile) kept = NULL;
  g_autoptr (YbRegionProfile) other = NULL;
  g_autofree char *version = NULL;

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_assert_null (yb_store_region_profile_load (store, "hangzhou"));

  profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_assert_no_error (error);
  g_assert_nonnull (yb_region_profile_get_json (profile));
  g_assert_true (yb_store_region_profile_save (store, profile, &error));
  g_assert_no_error (error);

  /* Read back after reopening: the same rules. */
  g_clear_object (&store);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  kept = yb_store_region_profile_load (store, "hangzhou");
  g_assert_nonnull (kept);
  g_assert_cmpstr (yb_region_profile_get_id (kept), ==, "hangzhou");
  g_assert_cmpstr (yb_region_profile_get_version (kept), ==,
                   yb_region_profile_get_version (profile));
  g_assert_cmpstr (yb_region_profile_get_json (kept), ==, yb_region_profile_get_json (profile));
  version = yb_store_meta_get (store, "region_profile_version");
  g_assert_cmpstr (version, ==, yb_region_profile_get_version (profile));
  g_clear_object (&kept);
  kept = yb_store_region_profile_load (store, NULL);
  g_assert_nonnull (kept);
  /* Kept for another region: not used. */
  other = yb_store_region_profile_load (store, "ningbo");
  g_assert_null (other);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
test_sending_with_fields (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (YbStoreDeclaration) decl = NULL;
  g_autofree char *key = NULL;
  const char *local = "{\"format\": 1, \"kind\": \"unit_key_change\", \"fields\": "
                      "{\"legal_name\": \"陈建业\"}, \"materials\": [{\"kind\": "
                      "\"supporting_document\", \"id\": \"local:1\"}]}";
  const char *sent = "{\"format\": 1, \"kind\": \"unit_key_change\", \"fields\": "
                     "{\"legal_name\": \"陈建业\"}, \"materials\": [{\"kind\": "
                     "\"supporting_document\", \"id\": \"M0000000042\"}]}";
  gint64 id, draft;

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  id = yb_store_declaration_create (store, "unit_key_change", local, &error);
  g_assert_no_error (error);
  draft = yb_store_declaration_create (store, "unit_key_change", local, &error);
  g_assert_no_error (error);
  key = yb_store_declaration_queue (store, id, &error);
  g_assert_no_error (error);

  /* Not JSON: refused, nothing changes. */
  g_assert_false (yb_store_declaration_mark_sending_with_fields (store, id, "[", &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_cmpint (yb_store_declaration_count (store,
                                               YB_DECLARATION_MASK (YB_DECLARATION_QUEUED)),
                   ==, 1);

  g_assert_true (yb_store_declaration_mark_sending_with_fields (store, id, sent, &error));
  g_assert_no_error (error);
  decl = yb_store_declaration_get (store, id, &error);
  g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_SENDING);
  g_assert_cmpstr (yb_store_declaration_get_fields (decl), ==, sent);
  g_assert_cmpuint (yb_store_declaration_get_attempts (decl), ==, 1);
  g_assert_cmpstr (yb_store_declaration_get_idempotency_key (decl), ==, key);

  /* A draft was never queued: refused, its fields stay. */
  g_clear_object (&decl);
  g_assert_false (yb_store_declaration_mark_sending_with_fields (store, draft, sent, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_TRANSITION);
  g_clear_error (&error);
  decl = yb_store_declaration_get (store, draft, &error);
  g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_DRAFT);
  g_assert_cmpstr (yb_store_declaration_get_fields (decl), ==, local);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

static void
on_changed_cb (YbStore    *store,
               const char *table,
               GPtrArray  *seen)
{
  g_ptr_array_add (seen, g_strdup (table));
}

static void
test_notify_changed (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "changed::roster", G_CALLBACK (on_changed_cb), seen);
  yb_store_notify_changed (store, "declarations");
  g_assert_cmpuint (seen->len, ==, 0);
  yb_store_notify_changed (store, "roster");
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (seen->pdata[0], ==, "roster");

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

typedef struct
{
  gboolean done;
  GError *error;
} AsyncState;

static void
on_written_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncState *state = user_data;

  if (g_task_get_source_tag (G_TASK (result)) == yb_store_roster_replace_async)
    yb_store_roster_replace_finish (YB_STORE (object), result, &state->error);
  else
    yb_store_roster_apply_delta_finish (YB_STORE (object), result, NULL, &state->error);
  state->done = TRUE;
}

/* The caller may empty and drop its array as soon as the call returns: the worker writes what
 * was in it at the call, from its own array. */
static void
test_bulk_keeps_no_caller_array (void)
{
  TmpStore tmp;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStore) store = NULL;
  AsyncState state = { 0 };
  JsonArray *people;

  tmp_store_init (&tmp);
  store = yb_store_open (tmp.path, &error);
  g_assert_no_error (error);

  people = make_roster (3000, 1);
  yb_store_roster_replace_async (store, people, NULL, NULL, NULL, NULL, on_written_cb, &state);
  while (json_array_get_length (people) > 0)
    json_array_remove_element (people, 0);
  json_array_unref (people);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpuint (yb_store_roster_count (store), ==, 3000);

  state = (AsyncState) { 0 };
  people = make_roster (3500, 1);
  yb_store_roster_apply_delta_async (store, people, NULL, NULL, NULL, NULL, on_written_cb,
                                     &state);
  while (json_array_get_length (people) > 0)
    json_array_remove_element (people, 0);
  json_array_unref (people);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpuint (yb_store_roster_count (store), ==, 3500);

  g_clear_object (&store);
  tmp_store_clear (&tmp);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/sync/synced-at", test_synced_at);
  g_test_add_func ("/store/sync/region-profile", test_region_profile);
  g_test_add_func ("/store/sync/sending-with-fields", test_sending_with_fields);
  g_test_add_func ("/store/sync/notify-changed", test_notify_changed);
  g_test_add_func ("/store/sync/bulk-keeps-no-caller-array", test_bulk_keeps_no_caller_array);

  return g_test_run ();
}
