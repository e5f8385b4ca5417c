/* yb-store-bench.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's bulk load, 1 % delta and search-as-you-type on a synthetic roster, each next to
 * the same work done with plain SQLite (same schema, same pragmas, prepared statements, no
 * JSON) in the same run, as PERFORMANCE.md asks: the ratio is the figure to watch.
 *
 *   yb-store-bench [--rows N] [--runs N]
 */
#define G_LOG_DOMAIN "YbStoreBench"

#include <sqlite3.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "yb-roster-model.h"
#include "yb-store-private.h"

#define PAGE 1000

static const char *const surnames[] = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周",
                                        "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭" };
static const char *const given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
                                     "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞",
                                     "平", "刚", "桂英", "华", "建国", "小红" };

typedef struct
{
  char   *person_no;
  char   *id_number;
  char   *name;
  char   *phone;
  char   *birth_date;
  char   *insured_from;
  gint64  revision;
  gint64  base;
  char   *json;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->person_no);
  g_free (row->id_number);
  g_free (row->name);
  g_free (row->phone);
  g_free (row->birth_date);
  g_free (row->insured_from);
  g_free (row->json);
}

static char *
id_number (guint i,
           char  *birth_out)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check[] = "10X98765432";
  static const char *const regions[] = { "330102", "330106", "330108", "330110", "330203",
                                         "330902" };
  char body[18];
  guint year = 1960 + i % 45, month = 1 + (i / 45) % 12, day = 1 + (i / 540) % 28;
  int sum = 0;

  g_snprintf (birth_out, 11, "%04u-%02u-%02u", year, month, day);
  g_snprintf (body, sizeof body, "%s%04u%02u%02u%03u", regions[(i / 15120) % 6], year, month,
              day, (i / 90720 * 37 + i) % 1000);
  for (int k = 0; k < 17; k++)
    sum += (body[k] - '0') * weights[k];
  return g_strdup_printf ("%s%c", body, check[sum % 11]);
}

static void
make_row (Row   *row,
          guint  i,
          guint  version)
{
  char birth[11];
  g_autoptr (GString) json = g_string_new (NULL);

  row->person_no = g_strdup_printf ("P33%09u", i);
  row->id_number = id_number (i, birth);
  row->birth_date = g_strdup (birth);
  row->name = g_strdup_printf ("%s%s%s", surnames[i % G_N_ELEMENTS (surnames)],
                               given[(i / 18) % G_N_ELEMENTS (given)],
                               (i / 450) % 3 == 0 ? given[(i / 1350) % G_N_ELEMENTS (given)] : "");
  row->phone = g_strdup_printf ("1%u%09u", 3 + i % 7,
                                (i * 7919u + version * 104729u) % 1000000000u);
  row->insured_from = g_strdup_printf ("%04u%02u", 2010 + i % 16, 1 + i % 12);
  row->revision = (gint64) i + 1 + version * 1000000;
  row->base = 400000 + (i % 200) * 5000;
  g_string_printf (json,
                   "{\"person_no\":\"%s\",\"revision\":%" G_GINT64_FORMAT ",\"id_number\":\"%s\","
                   "\"name\":\"%s\",\"sex\":\"%d\",\"birth_date\":\"%s\",\"status\":\"insured\","
                   "\"status_label\":\"参保缴费\",\"insured_from\":\"%s\",\"stop_month\":null,"
                   "\"last_paid_month\":null,\"base\":\"%" G_GINT64_FORMAT ".%02d\","
                   "\"employment_form\":\"01\",\"phone\":\"%s\"}",
                   row->person_no, row->revision, row->id_number, row->name,
                   (row->id_number[16] - '0') % 2 ? 1 : 2, row->birth_date, row->insured_from,
                   row->base / 100, (int) (row->base % 100), row->phone);
  row->json = g_string_free (g_steal_pointer (&json), FALSE);
}

/* The hall's pages, parsed up front so only the store's work is timed. */
static GPtrArray *
pages_from_rows (Row   *rows,
                 guint  n)
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);

  for (guint start = 0; start < n; start += PAGE)
    {
      g_autoptr (GString) text = g_string_new ("[");
      g_autoptr (JsonNode) node = NULL;

      for (guint i = start; i < MIN (n, start + PAGE); i++)
        {
          if (i > start)
            g_string_append_c (text, ',');
          g_string_append (text, rows[i].json);
        }
      g_string_append_c (text, ']');
      node = json_from_string (text->str, NULL);
      g_ptr_array_add (pages, json_array_ref (json_node_get_array (node)));
    }
  return pages;
}

static JsonArray *
join_pages (GPtrArray *pages)
{
  JsonArray *all = json_array_new ();

  for (guint p = 0; p < pages->len; p++)
    {
      JsonArray *page = pages->pdata[p];

      for (guint i = 0; i < json_array_get_length (page); i++)
        json_array_add_element (all, json_node_ref (json_array_get_element (page, i)));
    }
  return all;
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
die_sql (sqlite3    *db,
         const char *what)
{
  g_error ("%s: %s", what, sqlite3_errmsg (db));
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    die_sql (db, sql);
}

static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;
  g_autoptr (GError) error = NULL;

  if (sqlite3_open (path, &db) != SQLITE_OK)
    die_sql (db, "open");
  exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
            "PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;");
  if (!_yb_store_migrate (db, _yb_store_migrations_latest (), &error))
    g_error ("%s", error->message);
  return db;
}

#define RAW_INSERT                                                                             \
  "INSERT INTO roster (person_no, revision, id_number, name, birth_date, phone, status, "     \
  "insured_from, base, data, synced_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'insured', ?7, ?8, ?9, " \
  "?10)"

static void
raw_bind (sqlite3_stmt *stmt,
          Row          *row)
{
  sqlite3_bind_text (stmt, 1, row->person_no, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row->revision);
  sqlite3_bind_text (stmt, 3, row->id_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, row->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, row->birth_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, row->phone, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, row->insured_from, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, row->base);
  sqlite3_bind_text (stmt, 9, row->json, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 10, 1);
}

static double
raw_bulk_load (sqlite3 *db,
               Row     *rows,
               guint    n)
{
  sqlite3_stmt *stmt = NULL;
  double t0 = now ();

  exec (db, "BEGIN IMMEDIATE");
  exec (db, _yb_store_roster_fts_drop_sql ());
  if (sqlite3_prepare_v2 (db, RAW_INSERT, -1, &stmt, NULL) != SQLITE_OK)
    die_sql (db, "prepare");
  for (guint i = 0; i < n; i++)
    {
      raw_bind (stmt, &rows[i]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        die_sql (db, "insert");
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  exec (db, "INSERT INTO roster_fts (roster_fts) VALUES ('rebuild');"
            "INSERT INTO roster_tri (roster_tri) VALUES ('rebuild');"
            "INSERT INTO roster_fts (roster_fts) VALUES ('optimize');"
            "INSERT INTO roster_tri (roster_tri) VALUES ('optimize');");
  exec (db, _yb_store_roster_fts_triggers_sql ());
  exec (db, "COMMIT");
  return now () - t0;
}

static double
raw_upsert (sqlite3 *db,
            Row     *rows,
            guint    n)
{
  sqlite3_stmt *stmt = NULL;
  double t0 = now ();

  exec (db, "BEGIN IMMEDIATE");
  if (sqlite3_prepare_v2 (db,
                          RAW_INSERT " ON CONFLICT (person_no) DO UPDATE SET "
                          "revision = excluded.revision, id_number = excluded.id_number, "
                          "name = excluded.name, birth_date = excluded.birth_date, "
                          "phone = excluded.phone, insured_from = excluded.insured_from, "
                          "base = excluded.base, data = excluded.data, "
                          "synced_at = excluded.synced_at WHERE roster.data IS NOT excluded.data",
                          -1, &stmt, NULL)
      != SQLITE_OK)
    die_sql (db, "prepare");
  for (guint i = 0; i < n; i++)
    {
      raw_bind (stmt, &rows[i]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        die_sql (db, "upsert");
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  exec (db, "COMMIT");
  return now () - t0;
}

/* Outside the timed parts: a step must not pay for the previous step's WAL checkpoint. */
static void
checkpoint (YbStore *store,
            sqlite3 *raw)
{
  exec (_yb_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)");
  exec (raw, "PRAGMA wal_checkpoint(TRUNCATE)");
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
percentiles (GArray *samples,
             double *p50,
             double *p95)
{
  g_array_sort (samples, compare_double);
  *p50 = g_array_index (samples, double, samples->len / 2);
  *p95 = g_array_index (samples, double, MIN (samples->len - 1, samples->len * 95 / 100));
}

static char *
fts_phrase (const char *query)
{
  return g_strdup_printf ("\"%s\"*", query);
}

/* Raw: the SQL part of one keystroke, first 50 hits ordered by name. */
static guint
raw_search (sqlite3    *db,
            const char *query,
            gboolean    trigram)
{
  static sqlite3_stmt *prefix_stmt, *tri_stmt;
  sqlite3_stmt **stmt = trigram ? &tri_stmt : &prefix_stmt;
  g_autofree char *fts = fts_phrase (query);
  g_autofree char *tri = g_strdup_printf ("\"%s\"", query);
  guint hits = 0;

  if (db == NULL)
    {
      g_clear_pointer (&prefix_stmt, sqlite3_finalize);
      g_clear_pointer (&tri_stmt, sqlite3_finalize);
      return 0;
    }
  if (*stmt == NULL
      && sqlite3_prepare_v2 (db,
                             trigram
                               ? "SELECT id, person_no, id_number, name, phone FROM roster "
                                 "WHERE deleted = 0 AND id IN (SELECT rowid FROM roster_fts WHERE "
                                 "roster_fts MATCH ?1 UNION SELECT rowid FROM roster_tri WHERE "
                                 "roster_tri MATCH ?2) ORDER BY name, id LIMIT 50"
                               : "SELECT id, person_no, id_number, name, phone FROM roster "
                                 "WHERE deleted = 0 AND id IN (SELECT rowid FROM roster_fts WHERE "
                                 "roster_fts MATCH ?1) ORDER BY name, id LIMIT 50",
                             -1, stmt, NULL)
           != SQLITE_OK)
    die_sql (db, "prepare search");
  sqlite3_bind_text (*stmt, 1, fts, -1, SQLITE_STATIC);
  if (trigram)
    sqlite3_bind_text (*stmt, 2, tri, -1, SQLITE_STATIC);
  while (sqlite3_step (*stmt) == SQLITE_ROW)
    hits++;
  sqlite3_reset (*stmt);
  return hits;
}

/* Yibao: a new model for the query (with its hit count) and its first 50 rows as objects. */
static guint
yibao_search (YbStore    *store,
              const char *query)
{
  g_autoptr (YbRosterModel) model = yb_roster_model_new (store, query, YB_ROSTER_SORT_NAME);
  guint n = MIN (50, g_list_model_get_n_items (G_LIST_MODEL (model)));

  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  return n;
}

static void
report (const char *what,
        double      yibao,
        double      raw,
        const char *unit)
{
  double scale = g_str_equal (unit, "ms") ? 1000.0 : 1.0;

  printf ("%-44s %10.3f %s %10.3f %s %7.2fx\n", what, yibao * scale, unit, raw * scale, unit,
          raw > 0 ? yibao / raw : 0.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GOptionContext) context = g_option_context_new ("- store benchmark");
  int n_rows = 100000, runs = 30;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Roster size (default 100000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per search query (default 30)", "N" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the databases and print where", NULL },
    { NULL }
  };
  g_autofree char *dir = NULL;
  g_autofree char *store_path = NULL;
  g_autofree char *raw_path = NULL;
  g_autoptr (YbStore) store = NULL;
  g_autoptr (GPtrArray) pages = NULL;
  g_autoptr (GPtrArray) delta_pages = NULL;
  g_autoptr (JsonArray) full_delta = NULL;
  g_autoptr (JsonArray) changed_only = NULL;
  YbRosterDeltaStats stats;
  Row *rows, *rows2;
  sqlite3 *raw;
  guint n, n_changed;
  double t0, yibao, raw_t;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  n = (guint) MAX (1000, n_rows);
  n_changed = n / 100;

  dir = g_dir_make_tmp ("yb-store-bench-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (dir, "yibao.db", NULL);
  raw_path = g_build_filename (dir, "raw.db", NULL);

  /* Version 1 of the roster, and version 2 where every 100th person changed their phone. */
  rows = g_new0 (Row, n);
  rows2 = g_new0 (Row, n);
  for (guint i = 0; i < n; i++)
    {
      make_row (&rows[i], i, 0);
      make_row (&rows2[i], i, i % 100 == 0 ? 1 : 0);
    }
  pages = pages_from_rows (rows, n);
  delta_pages = pages_from_rows (rows2, n);
  full_delta = join_pages (delta_pages);
  changed_only = json_array_new ();
  for (guint i = 0; i < n; i += 100)
    json_array_add_element (changed_only, json_node_ref (json_array_get_element (full_delta, i)));

  store = yb_store_open (store_path, &error);
  g_assert_no_error (error);
  raw = raw_open (raw_path);

  printf ("Yibao store benchmark: %u roster rows, SQLite %s\n", n, sqlite3_libversion ());
  printf ("%-44s %13s %13s %8s\n", "", "Yibao", "plain SQLite", "ratio");

  /* 1. Initial load: pages of 1000 in one transaction, then one FTS rebuild. */
  t0 = now ();
  if (!yb_store_roster_bulk_begin (store, &error))
    g_error ("%s", error->message);
  for (guint p = 0; p < pages->len; p++)
    if (!yb_store_roster_bulk_add (store, pages->pdata[p], &error))
      g_error ("%s", error->message);
  if (!yb_store_roster_bulk_commit (store, NULL, &error))
    g_error ("%s", error->message);
  yibao = now () - t0;
  raw_t = raw_bulk_load (raw, rows, n);
  g_assert_cmpuint (yb_store_roster_count (store), ==, n);
  report ("bulk load + FTS rebuild", yibao, raw_t, "s");

  checkpoint (store, raw);

  /* 2. A full reconcile where 1 % changed: unchanged rows are not written. */
  t0 = now ();
  if (!yb_store_roster_apply_delta (store, full_delta, &stats, &error))
    g_error ("%s", error->message);
  yibao = now () - t0;
  raw_t = raw_upsert (raw, rows2, n);
  g_assert_cmpuint (stats.updated, ==, n_changed);
  g_assert_cmpuint (stats.unchanged, ==, n - n_changed);
  report ("reconcile all rows, 1% changed", yibao, raw_t, "s");

  /* 3. The delta alone (the changed 1 %), back to version 1 and forth again. */
  {
    g_autoptr (JsonArray) back = json_array_new ();
    g_autofree Row *back_rows = g_new0 (Row, n_changed);
    g_autofree Row *fwd_rows = g_new0 (Row, n_changed);

    for (guint i = 0, k = 0; i < n; i += 100, k++)
      {
        json_array_add_element (back, json_node_ref (json_array_get_element (
                                          (JsonArray *) pages->pdata[i / PAGE], i % PAGE)));
        back_rows[k] = rows[i];
        fwd_rows[k] = rows2[i];
      }
    if (!yb_store_roster_apply_delta (store, back, &stats, &error))
      g_error ("%s", error->message);
    raw_upsert (raw, back_rows, n_changed);
    checkpoint (store, raw);
    t0 = now ();
    if (!yb_store_roster_apply_delta (store, changed_only, &stats, &error))
      g_error ("%s", error->message);
    yibao = now () - t0;
    raw_t = raw_upsert (raw, fwd_rows, n_changed);
    g_assert_cmpuint (stats.updated, ==, n_changed);
    report ("delta of the 1% changed rows only", yibao, raw_t, "s");
  }

  checkpoint (store, raw);

  /* 4. First page of the whole roster, as at start-up. */
  {
    g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr (GArray) rs = g_array_new (FALSE, FALSE, sizeof (double));
    sqlite3_stmt *stmt = NULL;
    double yp50, yp95, rp50, rp95;

    if (sqlite3_prepare_v2 (raw, "SELECT id, person_no, id_number, name, phone FROM roster "
                                 "WHERE deleted = 0 ORDER BY name, id LIMIT 50",
                            -1, &stmt, NULL)
        != SQLITE_OK)
      die_sql (raw, "prepare");
    for (int r = 0; r < runs; r++)
      {
        double t;

        t = now ();
        yibao_search (store, NULL);
        t = now () - t;
        g_array_append_val (ys, t);
        t = now ();
        while (sqlite3_step (stmt) == SQLITE_ROW)
          ;
        sqlite3_reset (stmt);
        t = now () - t;
        g_array_append_val (rs, t);
      }
    sqlite3_finalize (stmt);
    percentiles (ys, &yp50, &yp95);
    percentiles (rs, &rp50, &rp95);
    report ("first page of 50 (p50)", yp50, rp50, "ms");
  }

  /* 5. Search as you type. */
  {
    struct
    {
      const char *label;
      const char *query;
      gboolean    trigram;
    } queries[] = {
      { "search 1-char surname 张", "张", FALSE },
      { "search 2-char name 王芳", "王芳", FALSE },
      { "search 10-digit ID prefix", NULL, FALSE },
      { "search 6-char ID suffix (trigram)", NULL, TRUE },
      { "search phone prefix 7 digits", NULL, FALSE },
    };
    g_autofree char *id_prefix = g_strndup (rows[n / 2].id_number, 10);
    g_autofree char *id_suffix = g_strdup (rows[n / 3].id_number + 12);
    /* Person n / 4 + 1 is not among the changed 1 %: its phone is the one loaded first. */
    g_autofree char *phone_prefix = g_strndup (rows[n / 4 + 1].phone, 7);

    queries[2].query = id_prefix;
    queries[3].query = id_suffix;
    queries[4].query = phone_prefix;

    for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        g_autoptr (GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr (GArray) rs = g_array_new (FALSE, FALSE, sizeof (double));
        g_autofree char *label50 = NULL;
        g_autofree char *label95 = NULL;
        double yp50, yp95, rp50, rp95;
        guint yhits = 0, rhits = 0;

        for (int r = 0; r < runs; r++)
          {
            double t;

            t = now ();
            yhits = yibao_search (store, queries[q].query);
            t = now () - t;
            g_array_append_val (ys, t);
            t = now ();
            rhits = raw_search (raw, queries[q].query, queries[q].trigram);
            t = now () - t;
            g_array_append_val (rs, t);
          }
        if (yhits != rhits)
          g_error ("%s: Yibao found %u, raw SQL %u", queries[q].label, yhits, rhits);
        percentiles (ys, &yp50, &yp95);
        percentiles (rs, &rp50, &rp95);
        label50 = g_strdup_printf ("%s (p50, %u hits)", queries[q].label, yhits);
        label95 = g_strdup_printf ("%s (p95)", queries[q].label);
        report (label50, yp50, rp50, "ms");
        report (label95, yp95, rp95, "ms");
      }
  }
  printf ("Yibao's search figure includes counting all hits for the list length; the plain "
          "figure reads 50 rows only.\n");

  raw_search (NULL, NULL, FALSE);
  sqlite3_close (raw);
  g_clear_object (&store);
  for (guint i = 0; i < n; i++)
    {
      row_clear (&rows[i]);
      row_clear (&rows2[i]);
    }
  g_free (rows);
  g_free (rows2);
  if (keep)
    printf ("Databases kept in %s\n", dir);
  else
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *a = g_strconcat (store_path, suffixes[i], NULL);
        g_autofree char *b = g_strconcat (raw_path, suffixes[i], NULL);

        g_unlink (a);
        g_unlink (b);
      }
    g_rmdir (dir);
  }
  return 0;
}
