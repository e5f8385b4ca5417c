/* test-store-roster.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <sqlite3.h>
#include <string.h>

#include "store-test-util.h"
#include "yb-roster-model.h"
#include "yb-store-private.h"

typedef struct
{
  TmpStore  tmp;
  YbStore  *store;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  tmp_store_init (&f->tmp);
  f->store = yb_store_open (f->tmp.path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  tmp_store_clear (&f->tmp);
}

static JsonArray *
parse_array (const char *json)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  return json_array_ref (json_node_get_array (node));
}

static gint64
query_int (YbStore    *store,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (_yb_store_get_db (store), sql, -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* The person numbers a search finds, sorted, joined by spaces. */
static char *
search (YbStore    *store,
        const char *query)
{
  g_autoptr (YbRosterModel) model = yb_roster_model_new (store, query, YB_ROSTER_SORT_PERSON_NO);
  g_autoptr (GString) out = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (YbRosterPerson) person = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (person);
      if (i > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, yb_roster_person_get_person_no (person));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), n));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define PEOPLE_V1                                                                               \
  "["                                                                                           \
  "{\"person_no\":\"P1\",\"revision\":1,\"id_number\":\"330106199001011234\",\"name\":\"张伟\"," \
  "\"sex\":\"1\",\"status\":\"insured\",\"insured_from\":\"202301\",\"base\":\"8000.00\","     \
  "\"phone\":\"13800001234\"},"                                                                 \
  "{\"person_no\":\"P2\",\"revision\":2,\"id_number\":\"33010619920202002X\",\"name\":\"王芳\"," \
  "\"sex\":\"2\",\"status\":\"insured\",\"insured_from\":\"202302\",\"base\":\"6500.5\","      \
  "\"phone\":\"13900005678\"},"                                                                 \
  "{\"person_no\":\"P3\",\"revision\":3,\"id_number\":\"110105198512120035\",\"name\":\"李张三\"," \
  "\"sex\":\"1\",\"status\":\"insured\",\"insured_from\":\"202303\",\"base\":null,"            \
  "\"phone\":\"13712345678\"}"                                                                  \
  "]"

static void
test_delta (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) v1 = parse_array (PEOPLE_V1);
  g_autoptr (JsonArray) v2 = NULL;
  g_autoptr (JsonObject) p2 = NULL;
  g_autoptr (JsonObject) p3 = NULL;
  YbRosterDeltaStats stats;

  g_assert_true (yb_store_roster_apply_delta (f->store, v1, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 3);
  g_assert_cmpuint (stats.updated, ==, 0);
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 3);

  /* The same delta again writes nothing. */
  g_assert_true (yb_store_roster_apply_delta (f->store, v1, &stats, &error));
  g_assert_cmpuint (stats.unchanged, ==, 3);
  g_assert_cmpuint (stats.inserted + stats.updated + stats.removed, ==, 0);

  /* Mark every row so we can see which ones get rewritten. */
  g_assert_cmpint (sqlite3_exec (_yb_store_get_db (f->store), "UPDATE roster SET synced_at = 1",
                                 NULL, NULL, NULL),
                   ==, SQLITE_OK);

  /* P1 unchanged, P2 changes phone and base, P3 leaves the unit, P4 is new. */
  v2 = parse_array ("["
                    "{\"person_no\":\"P1\",\"revision\":1,\"id_number\":\"330106199001011234\","
                    "\"name\":\"张伟\",\"sex\":\"1\",\"status\":\"insured\","
                    "\"insured_from\":\"202301\",\"base\":\"8000.00\","
                    "\"phone\":\"13800001234\"},"
                    "{\"person_no\":\"P2\",\"revision\":7,\"id_number\":\"33010619920202002X\","
                    "\"name\":\"王芳\",\"sex\":\"2\",\"status\":\"stopped\","
                    "\"insured_from\":\"202302\",\"stop_month\":\"202604\",\"base\":\"7000.00\","
                    "\"phone\":\"13600009999\"},"
                    "{\"person_no\":\"P3\",\"revision\":8,\"deleted\":true},"
                    "{\"person_no\":\"P4\",\"revision\":9,\"id_number\":\"330106200001010011\","
                    "\"name\":\"赵敏\",\"phone\":\"13512340000\"}"
                    "]");
  g_assert_true (yb_store_roster_apply_delta (f->store, v2, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, 1);
  g_assert_cmpuint (stats.updated, ==, 1);
  g_assert_cmpuint (stats.unchanged, ==, 1);
  g_assert_cmpuint (stats.removed, ==, 1);
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 3);

  /* The unchanged row was not rewritten; the changed one was. */
  g_assert_cmpint (query_int (f->store, "SELECT synced_at FROM roster WHERE person_no = 'P1'"),
                   ==, 1);
  g_assert_cmpint (query_int (f->store, "SELECT synced_at FROM roster WHERE person_no = 'P2'"),
                   >, 1);
  g_assert_cmpint (query_int (f->store, "SELECT revision FROM roster WHERE person_no = 'P2'"), ==,
                   7);
  g_assert_cmpint (query_int (f->store, "SELECT base FROM roster WHERE person_no = 'P2'"), ==,
                   700000);

  p2 = yb_store_roster_get (f->store, "P2");
  g_assert_cmpstr (json_object_get_string_member (p2, "phone"), ==, "13600009999");
  g_assert_cmpstr (json_object_get_string_member (p2, "stop_month"), ==, "202604");
  /* A tombstoned person is gone from reads and searches but the row stays. */
  p3 = yb_store_roster_get (f->store, "P3");
  g_assert_null (p3);
  g_assert_cmpint (query_int (f->store, "SELECT deleted FROM roster WHERE person_no = 'P3'"), ==,
                   1);
  {
    g_autofree char *found = search (f->store, "李");
    g_autofree char *by_phone = search (f->store, "136");
    g_autofree char *old_phone = search (f->store, "139");

    g_assert_cmpstr (found, ==, "");
    g_assert_cmpstr (by_phone, ==, "P2");
    g_assert_cmpstr (old_phone, ==, "");
  }

  /* Sent again with data, P3 comes back. */
  g_clear_pointer (&v1, json_array_unref);
  v1 = parse_array (PEOPLE_V1);
  g_assert_true (yb_store_roster_apply_delta (f->store, v1, &stats, &error));
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 4);
  {
    g_autofree char *found = search (f->store, "李");

    g_assert_cmpstr (found, ==, "P3");
  }
  {
    g_autoptr (JsonObject) by_id = yb_store_roster_find_by_id_number (f->store,
                                                                       "33010619920202002X");

    g_assert_cmpstr (json_object_get_string_member (by_id, "person_no"), ==, "P2");
  }
}

static void
test_delta_bad_input (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) v1 = parse_array (PEOPLE_V1);
  g_autoptr (JsonArray) bad = NULL;

  g_assert_true (yb_store_roster_apply_delta (f->store, v1, NULL, &error));

  bad = parse_array ("[{\"person_no\":\"P9\",\"name\":\"新人\"},{\"name\":\"无编号\"}]");
  g_assert_false (yb_store_roster_apply_delta (f->store, bad, NULL, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "person_no"));
  g_assert_nonnull (strstr (error->message, "2"));
  g_clear_error (&error);
  g_clear_pointer (&bad, json_array_unref);

  bad = parse_array ("[{\"person_no\":\"P1\",\"name\":\"张伟\",\"base\":\"8k\"}]");
  g_assert_false (yb_store_roster_apply_delta (f->store, bad, NULL, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "base"));
  g_assert_nonnull (strstr (error->message, "P1"));
  g_clear_error (&error);
  g_clear_pointer (&bad, json_array_unref);

  bad = parse_array ("[{\"person_no\":\"P1\",\"name\":{\"first\":\"伟\"}}]");
  g_assert_false (yb_store_roster_apply_delta (f->store, bad, NULL, &error));
  g_assert_nonnull (strstr (error->message, "name"));
  g_clear_error (&error);
  g_clear_pointer (&bad, json_array_unref);

  /* Hostile shapes: wrong JSON types everywhere get a message, never a crash or critical. */
  bad = parse_array ("[{\"person_no\":{\"x\":1}}]");
  g_assert_false (yb_store_roster_apply_delta (f->store, bad, NULL, &error));
  g_assert_nonnull (strstr (error->message, "person_no"));
  g_clear_error (&error);
  g_clear_pointer (&bad, json_array_unref);
  bad = parse_array ("[42]");
  g_assert_false (yb_store_roster_apply_delta (f->store, bad, NULL, &error));
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_clear_pointer (&bad, json_array_unref);
  bad = parse_array ("[{\"person_no\":\"P1\",\"revision\":[1],\"base\":{}}]");
  g_assert_false (yb_store_roster_apply_delta (f->store, bad, NULL, &error));
  g_assert_nonnull (strstr (error->message, "revision"));
  g_clear_error (&error);

  /* Nothing of the refused deltas was written. */
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 3);
  g_assert_null (yb_store_roster_get (f->store, "P9"));
  {
    g_autoptr (JsonObject) p1 = yb_store_roster_get (f->store, "P1");

    g_assert_cmpstr (json_object_get_string_member (p1, "base"), ==, "8000.00");
  }
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) v1 = parse_array (PEOPLE_V1);
  struct
  {
    const char *query;
    const char *expected;
  } cases[] = {
    { "张", "P1" },                     /* one-character surname; 李张三 does not start with 张 */
    { "张伟", "P1" },
    { "王", "P2" },
    { "3301", "P1 P2" },                /* ID prefix */
    { "330106199001", "P1" },
    { "02002X", "P2" },                 /* ID suffix, with the check letter */
    { "02002x", "P2" },
    { "0035", "P3" },                   /* ID suffix through the trigram index */
    { "1380000", "P1" },                /* phone prefix */
    { "5678", "P2 P3" },                /* phone ending */
    { "P", "P1 P2 P3" },                /* 个人编号 prefix */
    { "p2", "P2" },
    { "张 1380", "P1" },                /* all terms must match */
    { "张 139", "" },
    { "  ", "P1 P2 P3" },
    { "赵", "" },
    { "\"", "" },                      /* FTS syntax is taken literally */
    { "a\" OR \"b", "" },
    { "NEAR(张", "" },
    { "*", "" },
  };

  g_assert_true (yb_store_roster_apply_delta (f->store, v1, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *found = search (f->store, cases[i].query);

      g_test_message ("query '%s'", cases[i].query);
      g_assert_cmpstr (found, ==, cases[i].expected);
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  JsonObject *pa = json_node_get_object (*(JsonNode **) a);
  JsonObject *pb = json_node_get_object (*(JsonNode **) b);

  return strcmp (json_object_get_string_member (pa, "name"),
                 json_object_get_string_member (pb, "name"));
}

static void
test_model_paging (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) people = make_roster (10000, 100);
  g_autoptr (GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr (YbRosterModel) model = NULL;
  g_autoptr (YbRosterModel) by_person_no = NULL;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);

  g_assert_true (yb_store_roster_replace (f->store, people, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 10000);

  for (guint i = 0; i < 10000; i++)
    g_ptr_array_add (sorted, json_array_get_element (people, i));
  g_ptr_array_sort (sorted, compare_names);

  model = yb_roster_model_new (f->store, NULL, YB_ROSTER_SORT_NAME);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10000);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == YB_TYPE_ROSTER_PERSON);

  for (guint k = 0; k < 500; k++)
    {
      guint pos = g_rand_int_range (rand, 0, 10000);
      g_autoptr (YbRosterPerson) person = g_list_model_get_item (G_LIST_MODEL (model), pos);
      JsonObject *expected = json_node_get_object (sorted->pdata[pos]);
      g_autofree char *name = NULL;

      g_assert_nonnull (person);
      g_assert_cmpstr (yb_roster_person_get_person_no (person), ==,
                       json_object_get_string_member (expected, "person_no"));
      g_assert_cmpstr (yb_roster_person_get_name (person), ==,
                       json_object_get_string_member (expected, "name"));
      g_assert_cmpstr (yb_roster_person_get_id_number (person), ==,
                       json_object_get_string_member (expected, "id_number"));
      g_assert_cmpstr (yb_roster_person_get_phone (person), ==,
                       json_object_get_string_member (expected, "phone"));
      g_assert_cmpint (yb_roster_person_get_revision (person), ==,
                       json_object_get_int_member (expected, "revision"));
      g_assert_cmpint (yb_roster_person_get_base (person), ==, 800000);
      g_object_get (person, "name", &name, NULL);
      g_assert_cmpstr (name, ==, json_object_get_string_member (expected, "name"));
    }
  /* Pages are fetched lazily and kept in a small cache: 500 random reads of a 10,000-row list
   * touch at most one page per read, never the whole list at once. */
  g_assert_cmpuint (yb_roster_model_get_pages_fetched (model), <=, 500);
  g_assert_cmpuint (yb_roster_model_get_pages_fetched (model), >=, 10000 / 200 / 2);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 10000));

  /* Sequential reads stay on one page. */
  {
    g_autoptr (YbRosterModel) fresh = yb_roster_model_new (f->store, NULL, YB_ROSTER_SORT_NAME);

    for (guint i = 0; i < 200; i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (fresh), i));
    g_assert_cmpuint (yb_roster_model_get_pages_fetched (fresh), ==, 1);
  }

  by_person_no = yb_roster_model_new (f->store, NULL, YB_ROSTER_SORT_PERSON_NO);
  for (guint pos = 0; pos < 10000; pos += 997)
    {
      g_autoptr (YbRosterPerson) person = g_list_model_get_item (G_LIST_MODEL (by_person_no), pos);
      g_autofree char *expected = g_strdup_printf ("P%08u", pos);

      g_assert_cmpstr (yb_roster_person_get_person_no (person), ==, expected);
    }

  /* A search model counts its own hits: one surname in eight. */
  {
    g_autoptr (YbRosterModel) zhang = yb_roster_model_new (f->store, "张", YB_ROSTER_SORT_NAME);
    g_autoptr (YbRosterPerson) last = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (zhang)), ==, 1250);
    last = g_list_model_get_item (G_LIST_MODEL (zhang), 1249);
    g_assert_true (g_str_has_prefix (yb_roster_person_get_name (last), "张"));
    g_assert_cmpstr (yb_roster_model_get_query (zhang), ==, "张");
  }
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) v1 = parse_array (PEOPLE_V1);
  g_autoptr (JsonArray) roster = make_roster (50, 1);
  g_autofree char *found = NULL;

  g_assert_true (yb_store_roster_apply_delta (f->store, v1, NULL, &error));
  g_assert_true (yb_store_roster_replace (f->store, roster, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 50);
  g_assert_null (yb_store_roster_get (f->store, "P1"));

  /* The rebuilt indexes find the new rows, and the triggers are back for later deltas. */
  found = search (f->store, "P0000004");
  g_assert_cmpstr (found, ==, "P00000040 P00000041 P00000042 P00000043 P00000044 P00000045 "
                              "P00000046 P00000047 P00000048 P00000049");
  g_clear_pointer (&v1, json_array_unref);
  v1 = parse_array (PEOPLE_V1);
  g_assert_true (yb_store_roster_apply_delta (f->store, v1, NULL, &error));
  g_clear_pointer (&found, g_free);
  found = search (f->store, "张伟");
  g_assert_cmpstr (found, ==, "P00000000 P1");  /* 张伟0 from the bulk load, 张伟 from the delta */
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 53);

  /* A failed bulk load leaves the roster as it was. */
  {
    g_autoptr (JsonArray) bad = parse_array ("[{\"person_no\":\"X1\"},{\"revision\":2}]");

    g_assert_false (yb_store_roster_replace (f->store, bad, NULL, &error));
    g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
    g_assert_cmpuint (yb_store_roster_count (f->store), ==, 53);
    g_clear_pointer (&found, g_free);
    found = search (f->store, "张伟");
    g_assert_cmpstr (found, ==, "P00000000 P1");
  }
}

typedef struct
{
  GCancellable *cancellable;
  guint         progress_calls;
  guint64       last_done;
  gboolean      done;
  gboolean      ok;
  GError       *error;
  YbRosterDeltaStats stats;
  guint         changed;
} AsyncState;

static void
on_progress (guint64  done,
             guint64  total,
             gpointer user_data)
{
  AsyncState *state = user_data;

  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, state->last_done);
  state->last_done = done;
  state->progress_calls++;
  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
}

static void
on_replaced_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = yb_store_roster_replace_finish (YB_STORE (source), result, &state->error);
  state->done = TRUE;
}

static void
on_delta_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  AsyncState *state = user_data;

  state->ok = yb_store_roster_apply_delta_finish (YB_STORE (source), result, &state->stats,
                                                  &state->error);
  state->done = TRUE;
}

static void
on_changed_cb (YbStore    *store,
               const char *table,
               gpointer    user_data)
{
  AsyncState *state = user_data;

  g_assert_cmpstr (table, ==, "roster");
  state->changed++;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (JsonArray) roster = make_roster (20000, 1);
  g_autoptr (JsonArray) v1 = parse_array (PEOPLE_V1);
  AsyncState state = { 0 };
  g_autoptr (GError) error = NULL;

  g_assert_true (yb_store_roster_apply_delta (f->store, v1, NULL, &error));
  g_signal_connect (f->store, "changed::roster", G_CALLBACK (on_changed_cb), &state);

  /* Cancelled from the first progress report: rolled back, the old roster stays. */
  state.cancellable = g_cancellable_new ();
  yb_store_roster_replace_async (f->store, roster, on_progress, &state, NULL, state.cancellable,
                                 on_replaced_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (state.ok);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (state.progress_calls, >=, 1);
  g_assert_cmpuint (state.changed, ==, 0);
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 3);
  {
    g_autofree char *found = search (f->store, "张伟");

    g_assert_cmpstr (found, ==, "P1");
  }
  g_clear_error (&state.error);
  g_clear_object (&state.cancellable);

  /* Cancelled before it starts. */
  state = (AsyncState) { .cancellable = g_cancellable_new () };
  g_cancellable_cancel (state.cancellable);
  yb_store_roster_apply_delta_async (f->store, roster, NULL, NULL, NULL, state.cancellable,
                                     on_delta_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 3);
  g_clear_error (&state.error);
  g_clear_object (&state.cancellable);

  /* Run to the end: progress reaches the total and the store says the roster changed. */
  state = (AsyncState) { 0 };
  yb_store_roster_replace_async (f->store, roster, on_progress, &state, NULL, NULL,
                                 on_replaced_cb, &state);
  while (!state.done || state.last_done < 20000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_true (state.ok);
  g_assert_cmpuint (state.last_done, ==, 20000);
  g_assert_cmpuint (state.progress_calls, >=, 20);
  g_assert_cmpuint (state.changed, ==, 1);
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 20000);

  /* An asynchronous delta with statistics. */
  state = (AsyncState) { 0 };
  yb_store_roster_apply_delta_async (f->store, v1, NULL, NULL, NULL, NULL, on_delta_cb, &state);
  while (!state.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_cmpuint (state.stats.inserted, ==, 3);
  g_assert_cmpuint (state.changed, ==, 1);
  g_assert_cmpuint (yb_store_roster_count (f->store), ==, 20003);
  {
    g_autofree char *found = search (f->store, "13800001234");

    g_assert_cmpstr (found, ==, "P1");
  }
  g_signal_handlers_disconnect_by_data (f->store, &state);
}

static void
test_masked_id (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) v1 = parse_array (PEOPLE_V1);
  g_autoptr (YbRosterModel) model = NULL;
  g_autoptr (YbRosterPerson) person = NULL;
  g_autofree char *masked = NULL;

  g_assert_true (yb_store_roster_apply_delta (f->store, v1, NULL, &error));
  model = yb_roster_model_new (f->store, "张伟", YB_ROSTER_SORT_NAME);
  person = g_list_model_get_item (G_LIST_MODEL (model), 0);
  masked = yb_roster_person_dup_masked_id_number (person);
  g_assert_cmpstr (masked, ==, "3301**********1234");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/store/roster/" path, Fixture, NULL, fixture_set_up, fn, \
                                  fixture_tear_down)
  ADD ("delta", test_delta);
  ADD ("delta-bad-input", test_delta_bad_input);
  ADD ("search", test_search);
  ADD ("model-paging", test_model_paging);
  ADD ("replace", test_replace);
  ADD ("async", test_async);
  ADD ("masked-id", test_masked_id);
#undef ADD

  return g_test_run ();
}
