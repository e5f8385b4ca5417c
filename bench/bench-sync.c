/* bench-sync.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync engine through the reference hall on loopback: a full roster sync, a delta with
 * 1 % of the people changed, and a prefix search on the synced roster. Each figure stands
 * next to the raw cost of the same work in the same run: the same pages fetched with plain
 * libsoup and parsed with json-glib, the same people inserted with plain SQLite (prepared
 * statements, same pragmas, an FTS5 index), the same FTS5 prefix query.
 *
 *   yb-sync-bench [--people 100000] [--runs 30] [--keep]
 */
#define G_LOG_DOMAIN "YbSyncBench"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>

#include "yb-roster-model.h"
#include "yb-roster-person.h"
#include "yb-sync-engine.h"

#define PAGE 1000

/* The reference hall */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
start_hall (const char  *state_dir,
            guint        people,
            char       **base_url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *state = g_strdup_printf ("--state-dir=%s", state_dir);
  g_autofree char *generate = g_strdup_printf ("--generate-people=%u", people);
  GSubprocess *process;
  char *line;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, REFHALL_PATH, "--http", "--port=0",
                                         "--db=:memory:", state, generate, "--test-control",
                                         "--audit-delay=3600",
                                         "--clock=2026-03-10T09:30:00+08:00", NULL);
  if (process == NULL)
    g_error ("Cannot start the reference hall: %s", error->message);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  if (line == NULL)
    g_error ("The reference hall printed no address: %s", error ? error->message : "EOF");
  *base_url = g_strstrip (line);
  return process;
}

/* Plain libsoup + json-glib */

static JsonNode *
raw_request (SoupSession *session,
             const char  *method,
             const char  *url,
             const char  *token,
             const char  *body)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();

  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                    auth);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  if (reply == NULL || soup_message_get_status (msg) >= 300)
    g_error ("%s %s: %s", method, url,
             error ? error->message : soup_message_get_reason_phrase (msg));
  if (!json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL),
                                   g_bytes_get_size (reply), &error))
    g_error ("%s: %s", url, error->message);
  return json_node_ref (json_parser_get_root (parser));
}

static void
control (SoupSession *session,
         const char  *base_url,
         const char  *json)
{
  g_autofree char *url = g_strconcat (base_url, "/api/v1/_test/control", NULL);
  g_autoptr(JsonNode) ignored = raw_request (session, "POST", url, NULL, json);
}

/* Plain SQLite with the store's pragmas and an FTS5 index of the searched columns. */

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    g_error ("sqlite3_open: %s", sqlite3_errmsg (db));
  sqlite3_exec (db,
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
                "PRAGMA temp_store=MEMORY;"
                "CREATE TABLE roster (person_no TEXT PRIMARY KEY, revision INTEGER, "
                "id_number TEXT, name TEXT, phone TEXT, status TEXT, data TEXT);"
                "CREATE VIRTUAL TABLE roster_fts USING fts5 (name, id_number, person_no, phone,"
                " content='roster', content_rowid='rowid', tokenize='unicode61', "
                "prefix='1 2');",
                NULL, NULL, NULL);
  return db;
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static void
bind_member (sqlite3_stmt *stmt,
             int           column,
             JsonObject   *person,
             const char   *member)
{
  const char *text = json_object_get_string_member_with_default (person, member, NULL);

  sqlite3_bind_text (stmt, column, text, -1, SQLITE_TRANSIENT);
}

/* Upserts @people; with @index, keeps the FTS index in step row by row (a delta). */
static void
raw_write (sqlite3   *db,
           JsonArray *people,
           gboolean   index)
{
  sqlite3_stmt *upsert, *old_fts = NULL, *new_fts = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  sqlite3_prepare_v2 (db,
                      "INSERT INTO roster (person_no, revision, id_number, name, phone, status, "
                      "data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (person_no) DO "
                      "UPDATE SET revision = excluded.revision, id_number = excluded.id_number,"
                      " name = excluded.name, phone = excluded.phone, status = excluded.status,"
                      " data = excluded.data RETURNING rowid",
                      -1, &upsert, NULL);
  if (index)
    {
      sqlite3_prepare_v2 (db,
                          "INSERT INTO roster_fts (roster_fts, rowid, name, id_number, "
                          "person_no, phone) SELECT 'delete', rowid, name, id_number, "
                          "person_no, phone FROM roster WHERE person_no = ?1",
                          -1, &old_fts, NULL);
      sqlite3_prepare_v2 (db,
                          "INSERT INTO roster_fts (rowid, name, id_number, person_no, phone) "
                          "VALUES (?1, ?2, ?3, ?4, ?5)",
                          -1, &new_fts, NULL);
    }
  exec (db, "BEGIN");
  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonNode *node = json_array_get_element (people, i);
      JsonObject *person = json_node_get_object (node);
      g_autofree char *data = NULL;
      sqlite3_int64 rowid;

      json_generator_set_root (generator, node);
      data = json_generator_to_data (generator, NULL);
      if (index)
        {
          bind_member (old_fts, 1, person, "person_no");
          sqlite3_step (old_fts);
          sqlite3_reset (old_fts);
        }
      bind_member (upsert, 1, person, "person_no");
      sqlite3_bind_int64 (upsert, 2, json_object_get_int_member_with_default (person,
                                                                            "revision", 0));
      bind_member (upsert, 3, person, "id_number");
      bind_member (upsert, 4, person, "name");
      bind_member (upsert, 5, person, "phone");
      bind_member (upsert, 6, person, "status");
      sqlite3_bind_text (upsert, 7, data, -1, SQLITE_STATIC);
      if (sqlite3_step (upsert) != SQLITE_ROW)
        g_error ("upsert: %s", sqlite3_errmsg (db));
      rowid = sqlite3_column_int64 (upsert, 0);
      sqlite3_reset (upsert);
      if (index)
        {
          sqlite3_bind_int64 (new_fts, 1, rowid);
          bind_member (new_fts, 2, person, "name");
          bind_member (new_fts, 3, person, "id_number");
          bind_member (new_fts, 4, person, "person_no");
          bind_member (new_fts, 5, person, "phone");
          sqlite3_step (new_fts);
          sqlite3_reset (new_fts);
        }
    }
  if (!index)
    exec (db, "INSERT INTO roster_fts (roster_fts) VALUES ('rebuild');"
              "INSERT INTO roster_fts (roster_fts) VALUES ('optimize');");
  exec (db, "COMMIT");
  sqlite3_finalize (upsert);
  sqlite3_finalize (old_fts);
  sqlite3_finalize (new_fts);
}

/* Fetches every page after @cursor; returns the people, the new cursor in @cursor. */
static JsonArray *
raw_fetch (SoupSession  *session,
           const char   *base_url,
           const char   *token,
           char        **cursor,
           double       *fetch_s)
{
  JsonArray *all = json_array_new ();
  gboolean more = TRUE;
  gint64 start = g_get_monotonic_time ();

  while (more)
    {
      g_autofree char *url = NULL;
      g_autoptr(JsonNode) root = NULL;
      JsonObject *page;
      JsonArray *people;

      url = g_strdup_printf ("%s/api/v1/units/GEN000001/people?limit=%d%s%s", base_url, PAGE,
                             *cursor ? "&cursor=" : "", *cursor ? *cursor : "");
      root = raw_request (session, "GET", url, token, NULL);
      page = json_node_get_object (root);
      people = json_object_get_array_member (page, "people");
      for (guint i = 0; i < json_array_get_length (people); i++)
        json_array_add_element (all, json_node_ref (json_array_get_element (people, i)));
      more = json_object_get_boolean_member_with_default (page, "has_more", FALSE)
             && json_array_get_length (people) > 0;
      if (json_object_has_member (page, "next_cursor")
          && !json_object_get_null_member (page, "next_cursor"))
        {
          g_free (*cursor);
          *cursor = g_strdup (json_object_get_string_member (page, "next_cursor"));
        }
    }
  *fetch_s = (g_get_monotonic_time () - start) / 1e6;
  return all;
}

/* Yibao */

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!yb_sync_engine_sync_now_finish (YB_SYNC_ENGINE (object), result, &error))
    g_error ("sync: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static double
time_sync (YbSyncEngine *engine)
{
  gboolean done = FALSE;
  gint64 start = g_get_monotonic_time ();

  yb_sync_engine_sync_now_async (engine, NULL, on_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
on_login_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!yb_hall_client_login_password_finish (YB_HALL_CLIENT (object), result, &error))
    g_error ("login: %s", error->message);
  *(gboolean *) user_data = TRUE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, values->len / 2);
}

static void
print_row (const char *what,
           double      yibao,
           double      raw,
           const char *unit)
{
  double scale = g_str_equal (unit, "ms") ? 1000.0 : 1.0;

  printf ("| %-44s | %9.3f %-2s | %9.3f %-2s | %5.2f× |\n", what, yibao * scale, unit,
          raw * scale, unit, raw > 0 ? yibao / raw : 0.0);
}

int
main (int   argc,
      char *argv[])
{
  int people = 100000, runs = 30;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "people", 0, 0, G_OPTION_ARG_INT, &people, "People in the hall's roster", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Search runs (the median is shown)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the databases", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) options = g_option_context_new ("- time the sync engine");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *raw_path = NULL;
  g_autofree char *raw_cursor = NULL;
  g_autofree char *login_url = NULL;
  g_autoptr(GSubprocess) hall = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(YbHallClient) client = NULL;
  g_autoptr(YbStore) store = NULL;
  g_autoptr(YbSyncEngine) engine = NULL;
  g_autoptr(JsonNode) login = NULL;
  g_autoptr(JsonArray) all = NULL;
  g_autoptr(JsonArray) changed = NULL;
  g_autoptr(GString) batch = g_string_new (NULL);
  const char *token;
  sqlite3 *raw;
  double yb_full, yb_delta, fetch_s;
  double raw_full_fetch, raw_full_write, raw_delta_fetch, raw_delta_write;
  gint64 start;
  gboolean done = FALSE;
  guint n_changes = 0;
  char *queries[3] = { NULL, NULL, NULL };

  g_option_context_add_main_entries (options, entries, NULL);
  if (!g_option_context_parse (options, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  people = MAX (people, 100);
  runs = MAX (runs, 1);

  dir = g_dir_make_tmp ("yb-sync-bench-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (dir, "yibao.db", NULL);
  raw_path = g_build_filename (dir, "raw.db", NULL);

  printf ("Starting the reference hall with %d people…\n", people);
  start = g_get_monotonic_time ();
  hall = start_hall (dir, people, &base_url);
  printf ("  ready in %.1f s at %s\n", (g_get_monotonic_time () - start) / 1e6, base_url);

  client = yb_hall_client_new (base_url, NULL, &error);
  g_assert_no_error (error);
  yb_hall_client_login_password_async (client, "gen", "demo12345", NULL, on_login_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  login_url = g_strconcat (base_url, "/api/v1/auth/password", NULL);
  login = raw_request (session, "POST", login_url, NULL,
                       "{\"account\": \"gen\", \"password\": \"demo12345\"}");
  token = json_object_get_string_member (json_node_get_object (login), "access_token");

  store = yb_store_open (store_path, &error);
  g_assert_no_error (error);
  engine = yb_sync_engine_new (client, store, "GEN000001", NULL);

  /* Full sync. One untimed fetch first, so that neither side pays for the hall's cold cache. */
  {
    g_autofree char *warm_cursor = NULL;
    g_autoptr(JsonArray) warm = raw_fetch (session, base_url, token, &warm_cursor, &fetch_s);

    printf ("  warm-up fetch of %u people: %.2f s\n", json_array_get_length (warm), fetch_s);
  }
  yb_full = time_sync (engine);
  if (yb_store_roster_count (store) != (guint) people)
    g_error ("Yibao synced %u people of %d", yb_store_roster_count (store), people);

  raw = raw_open (raw_path);
  all = raw_fetch (session, base_url, token, &raw_cursor, &raw_full_fetch);
  start = g_get_monotonic_time ();
  raw_write (raw, all, FALSE);
  raw_full_write = (g_get_monotonic_time () - start) / 1e6;

  /* 1 % of the people change at the hall: new phone numbers, approved at audit. */
  for (guint i = 0, step = 0; step < json_array_get_length (all)
                              && n_changes < (guint) people / 100; step++)
    {
      JsonObject *person;
      g_autofree char *key = NULL;

      /* Spread over the roster: every 97th person, wrapping round. */
      i = (guint) (((guint64) step * 97) % json_array_get_length (all));
      person = json_array_get_object_element (all, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (person, "status", ""),
                     "insured") != 0)
        continue;
      key = g_uuid_string_random ();
      g_string_append_printf (batch, "%s{\"idempotency_key\": \"%s\", \"kind\": "
                              "\"person_change\", \"fields\": {\"id_number\": \"%s\", "
                              "\"phone\": \"139%08u\"}, \"materials\": []}",
                              batch->len ? "," : "{\"items\": [", key,
                              json_object_get_string_member (person, "id_number"), n_changes);
      n_changes++;
      if (n_changes % 200 == 0)
        {
          g_autofree char *url = g_strconcat (base_url, "/api/v1/units/GEN000001/declarations",
                                              NULL);
          g_autoptr(JsonNode) answer = NULL;

          g_string_append (batch, "]}");
          answer = raw_request (session, "POST", url, token, batch->str);
          g_string_truncate (batch, 0);
        }
    }
  if (batch->len > 0)
    {
      g_autofree char *url = g_strconcat (base_url, "/api/v1/units/GEN000001/declarations",
                                          NULL);
      g_autoptr(JsonNode) answer = NULL;

      g_string_append (batch, "]}");
      answer = raw_request (session, "POST", url, token, batch->str);
    }
  control (session, base_url, "{\"audit_decision\": \"approve\", \"audit_now\": true}");

  /* Delta */
  yb_delta = time_sync (engine);
  changed = raw_fetch (session, base_url, token, &raw_cursor, &raw_delta_fetch);
  start = g_get_monotonic_time ();
  raw_write (raw, changed, TRUE);
  raw_delta_write = (g_get_monotonic_time () - start) / 1e6;

  printf ("\nSync through the hall on loopback (%d people, %u changed by the hall, "
          "Yibao pulled %u)\n\n",
          people, n_changes, yb_sync_engine_get_last_pull_count (engine));
  printf ("| %-44s | %12s | %12s | %6s |\n", "operation", "Yibao", "raw", "ratio");
  printf ("|----------------------------------------------|--------------|--------------|"
          "--------|\n");
  print_row ("full sync (fetch + parse + write + FTS)", yb_full,
             raw_full_fetch + raw_full_write, "s");
  print_row ("  raw part: fetch + parse pages", raw_full_fetch, raw_full_fetch, "s");
  print_row ("  raw part: SQLite insert + FTS build", raw_full_write, raw_full_write, "s");
  print_row ("delta sync, 1 % changed", yb_delta, raw_delta_fetch + raw_delta_write, "s");

  /* Prefix search: a surname, the first two characters of a name, the start of ID numbers. */
  {
    const char *name = json_object_get_string_member (
      json_array_get_object_element (all, json_array_get_length (all) / 2), "name");

    queries[0] = g_utf8_substring (name, 0, 1);
    queries[1] = g_utf8_substring (name, 0, 2);
    queries[2] = g_strdup ("3301");
  }
  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      g_autoptr(GArray) yb_times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) raw_times = g_array_new (FALSE, FALSE, sizeof (double));
      const char *label = q == 0   ? "prefix search, 1-character surname (p50)"
                          : q == 1 ? "prefix search, 2 characters of a name (p50)"
                                   : "prefix search, 4 digits of an ID (p50)";
      g_autofree char *match = g_strdup_printf ("\"%s\"*", queries[q]);
      sqlite3_stmt *stmt;
      guint yb_hits = 0, raw_hits = 0;

      sqlite3_prepare_v2 (raw,
                          "SELECT r.person_no, r.name, r.id_number FROM roster_fts f JOIN "
                          "roster r ON r.rowid = f.rowid WHERE roster_fts MATCH ?1 "
                          "ORDER BY r.name LIMIT 50",
                          -1, &stmt, NULL);
      for (int r = 0; r < runs; r++)
        {
          double t;

          start = g_get_monotonic_time ();
          {
            g_autoptr(YbRosterModel) model = yb_roster_model_new (store, queries[q],
                                                                  YB_ROSTER_SORT_NAME);
            guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

            for (guint i = 0; i < MIN (n, 50); i++)
              g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
            yb_hits = n;
          }
          t = (g_get_monotonic_time () - start) / 1e6;
          g_array_append_val (yb_times, t);

          start = g_get_monotonic_time ();
          sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
          raw_hits = 0;
          while (sqlite3_step (stmt) == SQLITE_ROW)
            raw_hits++;
          sqlite3_reset (stmt);
          t = (g_get_monotonic_time () - start) / 1e6;
          g_array_append_val (raw_times, t);
        }
      sqlite3_finalize (stmt);
      print_row (label, median (yb_times), median (raw_times), "ms");
      printf ("|   “%s”: Yibao counts %u hits and builds 50 rows; raw reads %u rows\n", queries[q],
              yb_hits, raw_hits);
      g_free (queries[q]);
    }

  printf ("\nRaw full sync: %.0f people/s fetched and parsed, %.0f people/s written.\n",
          people / raw_full_fetch, people / raw_full_write);

  sqlite3_close (raw);
  g_clear_object (&engine);
  g_clear_object (&store);
  g_subprocess_send_signal (hall, SIGTERM);
  g_subprocess_wait (hall, NULL, NULL);
  if (!keep)
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (dir, name, NULL);

          g_unlink (child);
        }
      g_rmdir (dir);
    }
  else
    printf ("Databases kept in %s\n", dir);
  return 0;
}
