/* test-sync-crash.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kills the application (sync-crash-helper) at each moment of a submission, starts it again,
 * and checks that the hall ends with exactly one declaration per idempotency key and the
 * store with the hall's answer.
 */
#define G_LOG_DOMAIN "TestSyncCrash"

#include "test-sync-util.h"

static YbTestHall *hall;
static YbHallClient *client;
static char *unit_no;
static char *tmp_dir;
static guint id_seq;

typedef struct
{
  const char *point;        /* where the first start dies */
  const char *control;      /* hall misbehaviour during the first start, or NULL */
  guint n_items;            /* declarations in the outbox */
  gboolean hall_has_it;     /* whether the hall committed before the crash */
} CrashCase;

static void
control (const char *json)
{
  g_autoptr(JsonObject) settings = yb_test_hall_control (hall, json);
}

/* Runs the helper (one application start); returns its exit status. */
static int
run_helper (const char *store_path,
            const char *point)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *helper = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "tests", "hall",
                                              "sync-crash-helper", NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, helper, hall->base_url,
                              store_path, unit_no, point, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_crash (gconstpointer data)
{
  const CrashCase *crash = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *name = g_strdup_printf ("crash-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  guint at_hall = 0;

  {
    g_autoptr(YbStore) store = yb_store_open (path, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < crash->n_items; i++)
      {
        g_autofree char *id_number = sync_test_id_number (id_seq++);
        g_autofree char *fields = sync_test_enrol_fields (id_number, "202603");
        char *key = NULL;
        gint64 id = sync_test_queue (store, "enrol_new", fields, &key);

        g_array_append_val (ids, id);
        g_ptr_array_add (keys, key);
      }
  }

  if (crash->control != NULL)
    control (crash->control);

  /* First start: dies at the point. */
  g_assert_cmpint (run_helper (path, crash->point), ==, 1);
  control ("{\"latency_ms\": 0, \"drop_after_commit\": 0}");
  /* A slow hall may still be working on the request of the dead client. */
  yb_test_sleep (500);

  {
    g_autoptr(YbStore) store = yb_store_open (path, &error);

    g_assert_no_error (error);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(YbStoreDeclaration) decl = yb_store_declaration_get (
          store, g_array_index (ids, gint64, i), &error);
        guint count = sync_test_count_at_hall (client, unit_no, keys->pdata[i], NULL);

        g_assert_no_error (error);
        g_assert_cmpstr (yb_store_declaration_get_idempotency_key (decl), ==, keys->pdata[i]);
        g_assert_cmpuint (count, <=, 1);
        at_hall += count;
        /* What reached the store before the crash is kept; the rest is in flight. */
        g_test_message ("item %u: %s", i,
                        yb_declaration_state_to_string (yb_store_declaration_get_state (decl)));
        if (yb_store_declaration_get_state (decl) != YB_DECLARATION_SUBMITTED)
          {
            g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_SENDING);
            g_assert_cmpuint (yb_store_declaration_get_attempts (decl), ==, 1);
          }
      }
  }
  g_test_message ("after the crash: %u of %u at the hall", at_hall, crash->n_items);
  if (crash->hall_has_it)
    g_assert_cmpuint (at_hall, ==, crash->n_items);
  else if (g_str_equal (crash->point, "before-request"))
    g_assert_cmpuint (at_hall, ==, 0);

  /* Second start: recovers with the same keys. */
  g_assert_cmpint (run_helper (path, "none"), ==, 0);

  {
    g_autoptr(YbStore) store = yb_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (yb_store_declaration_count (store, YB_DECLARATION_MASK_OUTBOX), ==, 0);
    for (guint i = 0; i < ids->len; i++)
      {
        g_autoptr(YbStoreDeclaration) decl = yb_store_declaration_get (
          store, g_array_index (ids, gint64, i), &error);
        g_autofree char *hall_id = NULL;

        g_assert_no_error (error);
        g_assert_cmpuint (sync_test_count_at_hall (client, unit_no, keys->pdata[i], &hall_id),
                          ==, 1);
        g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_SUBMITTED);
        g_assert_cmpstr (yb_store_declaration_get_hall_id (decl), ==, hall_id);
        g_assert_cmpstr (yb_store_declaration_get_idempotency_key (decl), ==, keys->pdata[i]);
      }
  }
}

/* Uploads a material directly; its number counts the hall's uploads. */
static gint64
probe_upload (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'x' };
  g_autoptr(GBytes) bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) answer = NULL;
  GAsyncResult *slot = NULL;

  yb_hall_client_upload_material_async (client, unit_no, bytes, "image/png", "probe.png", NULL,
                                        yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  answer = yb_hall_client_upload_material_finish (client, result, &error);
  g_assert_no_error (error);
  return g_ascii_strtoll (json_object_get_string_member (answer, "material_id") + 1, NULL, 10);
}

/* Dies after the material of a key change was uploaded and its hall id recorded, before the
 * change is marked as sending: the next start sends the change with that material and does
 * not upload it again. */
static void
test_crash_material (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 'c', 'r', 'a', 's',
                                'h' };
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("crash-material-%u.db", g_random_int ());
  g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
  g_autofree char *file = g_build_filename (tmp_dir, "license.png", NULL);
  g_autofree char *key = NULL;
  g_autofree char *hall_material = NULL;
  g_autofree char *hall_id = NULL;
  gint64 id, local, before, after;

  g_assert_true (g_file_set_contents (file, (const char *) png, sizeof png, &error));
  {
    g_autoptr(YbStore) store = yb_store_open (path, &error);
    g_autofree char *fields = NULL;

    g_assert_no_error (error);
    local = yb_store_material_add (store, file, &error);
    g_assert_no_error (error);
    fields = g_strdup_printf ("{\"format\": 1, \"kind\": \"unit_key_change\", \"fields\": "
                              "{\"legal_name\": \"陈建业\"}, \"items\": [], \"materials\": "
                              "[{\"kind\": \"supporting_document\", \"id\": \"local:%"
                              G_GINT64_FORMAT "\", \"file_name\": \"license.png\"}]}",
                              local);
    id = sync_test_queue (store, "unit_key_change", fields, &key);
  }

  before = probe_upload ();
  g_assert_cmpint (run_helper (path, "material-uploaded"), ==, 1);
  {
    g_autoptr(YbStore) store = yb_store_open (path, &error);
    g_autoptr(JsonObject) material = NULL;

    g_assert_no_error (error);
    /* Uploaded and recorded; the change itself never left. */
    material = yb_store_material_get (store, local);
    hall_material = g_strdup (json_object_get_string_member_with_default (material,
                                                                          "hall_material_id",
                                                                          NULL));
    g_assert_nonnull (hall_material);
    g_assert_cmpint (sync_test_state (store, id), ==, YB_DECLARATION_QUEUED);
    g_assert_cmpuint (sync_test_count_at_hall (client, unit_no, key, NULL), ==, 0);
  }

  g_assert_cmpint (run_helper (path, "none"), ==, 0);
  after = probe_upload ();
  /* One upload by the two starts together. */
  g_assert_cmpint (after - before - 1, ==, 1);
  {
    g_autoptr(YbStore) store = yb_store_open (path, &error);
    g_autoptr(YbStoreDeclaration) decl = NULL;
    g_autoptr(JsonObject) at_hall = NULL;
    g_autoptr(GAsyncResult) result = NULL;
    GAsyncResult *slot = NULL;
    JsonArray *materials;

    g_assert_no_error (error);
    decl = yb_store_declaration_get (store, id, &error);
    g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_SUBMITTED);
    g_assert_nonnull (strstr (yb_store_declaration_get_fields (decl), hall_material));
    g_assert_cmpuint (sync_test_count_at_hall (client, unit_no, key, &hall_id), ==, 1);
    yb_hall_client_get_declaration_async (client, unit_no, hall_id, NULL, yb_test_store_result,
                                          &slot);
    result = yb_test_await (&slot);
    at_hall = yb_hall_client_get_declaration_finish (client, result, &error);
    g_assert_no_error (error);
    materials = json_object_get_array_member (at_hall, "materials");
    g_assert_cmpuint (json_array_get_length (materials), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (materials,
                                                                                   0),
                                                    "id"),
                     ==, hall_material);
  }
}

static const CrashCase cases[] = {
  { "before-request", NULL, 1, FALSE },
  { "answer-received", "{\"drop_after_commit\": 1}", 1, TRUE },
  { "request-sent:150", "{\"latency_ms\": 400}", 1, TRUE },
  { "answer-received", NULL, 1, TRUE },
  { "mid-store-write:1", NULL, 1, TRUE },
  { "mid-store-write:2", NULL, 3, TRUE },
  { "answer-received", "{\"drop_after_commit\": 1}", 3, TRUE },
};

static const char * const names[] = {
  "/hall/sync-crash/before-request",
  "/hall/sync-crash/after-commit-connection-dropped",
  "/hall/sync-crash/request-sent-slow-hall",
  "/hall/sync-crash/after-answer-before-store-write",
  "/hall/sync-crash/mid-store-write",
  "/hall/sync-crash/mid-store-write-batch",
  "/hall/sync-crash/after-commit-batch-dropped",
};

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  G_STATIC_ASSERT (G_N_ELEMENTS (cases) == G_N_ELEMENTS (names));

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("yb-test-sync-crash-XXXXXX", &error);
  g_assert_no_error (error);
  id_seq = g_random_int_range (0, 3000);

  hall = yb_test_hall_start (FALSE, "--demo", "--test-control", "--audit-delay=3600",
                             "--clock=2026-03-10T09:30:00+08:00", NULL);
  client = sync_test_login (hall->base_url, "demo");
  unit_no = sync_test_unit (client, "hangzhou");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (names[i], &cases[i], test_crash);
  g_test_add_func ("/hall/sync-crash/material-uploaded", test_crash_material);

  status = g_test_run ();
  g_clear_object (&client);
  g_free (unit_no);
  yb_test_hall_stop (hall);
  sync_test_remove_dir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
