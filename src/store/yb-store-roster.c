/* yb-store-roster.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStore"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-store-private.h"

#define PROGRESS_EVERY 1000

/* The hall fields kept as columns. The flat delta (`GET …/people`) has them at the top level,
 * the detail form (`GET …/people/{person_no}`) in groups: both are accepted. */
enum
{
  F_ID_TYPE,
  F_ID_NUMBER,
  F_NAME,
  F_SEX,
  F_BIRTH_DATE,
  F_PHONE,
  F_STATUS,
  F_EMPLOYMENT_FORM,
  F_HUKOU_TYPE,
  F_INSURED_FROM,
  F_STOP_MONTH,
  N_TEXT_FIELDS
};

static const char *const text_fields[N_TEXT_FIELDS] = {
  "id_type", "id_number", "name", "sex", "birth_date", "phone", "status", "employment_form",
  "hukou_type", "insured_from", "stop_month",
};

static const char *const groups[] = { "basic", "contact", "insurance" };

typedef struct
{
  const char *person_no;
  JsonNode   *text[N_TEXT_FIELDS];
  gint64      revision;
  gboolean    has_base, has_wage;
  gint64      base, wage;
  gboolean    deleted;
} PersonRow;

typedef void (*ProgressCb) (guint64  done,
                            guint64  total,
                            gpointer data);

static const char upsert_sql[] =
  "INSERT INTO roster (person_no, revision, id_type, id_number, name, sex, birth_date, phone, "
  "status, employment_form, hukou_type, insured_from, stop_month, base, wage, deleted, data, "
  "synced_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 0, ?16, "
  "?17) ON CONFLICT (person_no) DO UPDATE SET revision = excluded.revision, "
  "id_type = excluded.id_type, id_number = excluded.id_number, name = excluded.name, "
  "sex = excluded.sex, birth_date = excluded.birth_date, phone = excluded.phone, "
  "status = excluded.status, employment_form = excluded.employment_form, "
  "hukou_type = excluded.hukou_type, insured_from = excluded.insured_from, "
  "stop_month = excluded.stop_month, base = excluded.base, wage = excluded.wage, deleted = 0, "
  "data = excluded.data, synced_at = excluded.synced_at "
  /* Never rewrite a row the hall sent unchanged: it costs a write and FTS work per row. */
  "WHERE roster.data IS NOT excluded.data OR roster.deleted <> 0";

static const char tombstone_sql[] =
  "UPDATE roster SET deleted = 1, revision = max(revision, ?2), synced_at = ?3 "
  "WHERE person_no = ?1 AND deleted = 0";

static const char count_sql[] = "SELECT count(*) FROM roster WHERE deleted = 0";

static JsonNode *
lookup (JsonObject *person,
        gboolean    grouped,
        const char *member)
{
  JsonNode *node = json_object_get_member (person, member);

  if (node != NULL || !grouped)
    return node;
  for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
    {
      JsonNode *group = json_object_get_member (person, groups[i]);

      if (group != NULL && JSON_NODE_HOLDS_OBJECT (group))
        {
          node = json_object_get_member (json_node_get_object (group), member);
          if (node != NULL)
            return node;
        }
    }
  return NULL;
}

static gboolean G_GNUC_PRINTF (4, 5)
row_error (GError     **error,
           guint        index,
           const char  *person_no,
           const char  *format,
           ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  if (person_no != NULL)
    g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                 /* Translators: the hall's roster data is bad; %u is a row number, %s a 个人编号 */
                 _("Roster row %u (person %s) from the hall: %s"), index + 1, person_no, what);
  else
    g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                 _("Roster row %u from the hall: %s"), index + 1, what);
  return FALSE;
}

/* Money as the hall sends it ("8000.00", at most two decimals) or a JSON number of yuan. */
static gboolean
parse_cents (JsonNode *node,
             gint64   *out)
{
  const char *s;
  gint64 yuan = 0, cents = 0;
  int decimals = 0;
  gboolean negative = FALSE, digits = FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out = json_node_get_int (node) * 100;
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double v = json_node_get_double (node);

      if (!(v > -1e13 && v < 1e13))
        return FALSE;
      *out = (gint64) (v * 100.0 + (v < 0 ? -0.5 : 0.5));
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  s = json_node_get_string (node);
  if (*s == '-')
    {
      negative = TRUE;
      s++;
    }
  for (; g_ascii_isdigit (*s); s++)
    {
      if (yuan > G_MAXINT64 / 1000)
        return FALSE;
      yuan = yuan * 10 + (*s - '0');
      digits = TRUE;
    }
  if (*s == '.')
    for (s++; g_ascii_isdigit (*s); s++)
      {
        if (++decimals > 2)
          return FALSE;
        cents = cents * 10 + (*s - '0');
      }
  if (*s != '\0' || !digits)
    return FALSE;
  if (decimals == 1)
    cents *= 10;
  *out = (yuan * 100 + cents) * (negative ? -1 : 1);
  return TRUE;
}

static gboolean
parse_person (JsonNode   *element,
              guint       index,
              PersonRow  *row,
              GError    **error)
{
  JsonObject *person;
  JsonNode *node;
  gboolean grouped;

  memset (row, 0, sizeof *row);
  if (element == NULL || !JSON_NODE_HOLDS_OBJECT (element))
    return row_error (error, index, NULL, _("not an object"));
  person = json_node_get_object (element);

  node = json_object_get_member (person, "person_no");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    return row_error (error, index, NULL, _("person_no is missing or not text"));
  row->person_no = json_node_get_string (node);

  node = json_object_get_member (person, "deleted");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    row->deleted = json_node_get_boolean (node);

  node = json_object_get_member (person, "revision");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        row->revision = json_node_get_int (node);
      else if (json_node_get_value_type (node) != G_TYPE_STRING
               || !g_ascii_string_to_signed (json_node_get_string (node), 10, 0, G_MAXINT64,
                                             &row->revision, NULL))
        return row_error (error, index, row->person_no, _("revision is not a whole number"));
    }
  if (row->deleted)
    return TRUE;

  grouped = json_object_has_member (person, "basic") || json_object_has_member (person, "contact")
            || json_object_has_member (person, "insurance");
  for (guint i = 0; i < N_TEXT_FIELDS; i++)
    {
      node = lookup (person, grouped, text_fields[i]);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return row_error (error, index, row->person_no, _("%s is not text"), text_fields[i]);
      row->text[i] = node;
    }

  node = lookup (person, grouped, "base");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || !parse_cents (node, &row->base))
        return row_error (error, index, row->person_no, _("base is not an amount of money"));
      row->has_base = TRUE;
    }
  node = lookup (person, grouped, "wage");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    node = lookup (person, grouped, "monthly_wage");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || !parse_cents (node, &row->wage))
        return row_error (error, index, row->person_no, _("wage is not an amount of money"));
      row->has_wage = TRUE;
    }
  return TRUE;
}

static void
bind_value (sqlite3_stmt *stmt,
            int           col,
            JsonNode     *node)
{
  if (node == NULL)
    sqlite3_bind_null (stmt, col);
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    sqlite3_bind_text (stmt, col, json_node_get_string (node), -1, SQLITE_STATIC);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, col, json_node_get_int (node));
  else
    sqlite3_bind_double (stmt, col, json_node_get_double (node));
}

/* The statements and buffer of one roster write, looked up once per batch rather than per row. */
typedef struct
{
  YbStore      *store;
  sqlite3_stmt *upsert;
  sqlite3_stmt *tombstone;
  GString      *buffer;
  gint64        now;
} Writer;

static gboolean
writer_init (Writer   *w,
             YbStore  *self,
             GError  **error)
{
  w->store = self;
  w->now = _yb_store_now ();
  w->upsert = _yb_store_prepare (self, upsert_sql, error);
  if (w->upsert == NULL)
    return FALSE;
  w->tombstone = _yb_store_prepare (self, tombstone_sql, error);
  if (w->tombstone == NULL)
    return FALSE;
  w->buffer = g_string_sized_new (512);
  return TRUE;
}

static void
writer_clear (Writer *w)
{
  if (w->buffer != NULL)
    g_string_free (w->buffer, TRUE);
  w->buffer = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

/* Writes one person inside the caller's transaction and adds what happened to @stats. */
static gboolean
write_person (Writer             *w,
              JsonNode           *element,
              guint               index,
              YbRosterDeltaStats *stats,
              GError            **error)
{
  YbStore *self = w->store;
  sqlite3 *db = _yb_store_get_db (self);
  GString *buffer = w->buffer;
  gint64 now = w->now;
  PersonRow row;
  sqlite3_stmt *stmt;
  int rc;

  if (!parse_person (element, index, &row, error))
    return FALSE;

  if (row.deleted)
    {
      stmt = w->tombstone;
      sqlite3_bind_text (stmt, 1, row.person_no, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, row.revision);
      sqlite3_bind_int64 (stmt, 3, now);
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          _yb_store_set_error (self, error, rc, "removing a person");
          return FALSE;
        }
      if (sqlite3_changes (db) > 0)
        stats->removed++;
      else
        stats->unchanged++;
      return TRUE;
    }

  stmt = w->upsert;
  g_string_truncate (buffer, 0);
  _yb_json_append_node (buffer, element);

  sqlite3_bind_text (stmt, 1, row.person_no, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row.revision);
  bind_value (stmt, 3, row.text[F_ID_TYPE]);
  bind_value (stmt, 4, row.text[F_ID_NUMBER]);
  if (row.text[F_NAME] != NULL)
    bind_value (stmt, 5, row.text[F_NAME]);
  else
    sqlite3_bind_text (stmt, 5, "", 0, SQLITE_STATIC);
  bind_value (stmt, 6, row.text[F_SEX]);
  bind_value (stmt, 7, row.text[F_BIRTH_DATE]);
  bind_value (stmt, 8, row.text[F_PHONE]);
  bind_value (stmt, 9, row.text[F_STATUS]);
  bind_value (stmt, 10, row.text[F_EMPLOYMENT_FORM]);
  bind_value (stmt, 11, row.text[F_HUKOU_TYPE]);
  bind_value (stmt, 12, row.text[F_INSURED_FROM]);
  bind_value (stmt, 13, row.text[F_STOP_MONTH]);
  if (row.has_base)
    sqlite3_bind_int64 (stmt, 14, row.base);
  if (row.has_wage)
    sqlite3_bind_int64 (stmt, 15, row.wage);
  sqlite3_bind_text (stmt, 16, buffer->str, (int) buffer->len, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 17, now);

  /* An upsert that updates leaves last_insert_rowid alone: clearing it tells the two apart. */
  sqlite3_set_last_insert_rowid (db, 0);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _yb_store_set_error (self, error, rc, "saving a person");
      return FALSE;
    }
  if (sqlite3_changes (db) == 0)
    stats->unchanged++;
  else if (sqlite3_last_insert_rowid (db) != 0)
    stats->inserted++;
  else
    stats->updated++;
  return TRUE;
}

static gboolean
update_count (YbStore  *self,
              GError  **error)
{
  g_auto (YbStmt) stmt = _yb_store_prepare (self, count_sql, error);
  g_autofree char *text = NULL;

  if (stmt == NULL || !_yb_store_step_done (self, stmt, "counting the roster", error))
    return FALSE;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0));
  return yb_store_meta_set (self, "roster_count", text, error);
}

static gboolean
set_cancelled (GCancellable  *cancellable,
               GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

static gboolean
apply_delta (YbStore            *self,
             JsonArray          *people,
             YbRosterDeltaStats *stats,
             GCancellable       *cancellable,
             ProgressCb          progress,
             gpointer            progress_data,
             GError            **error)
{
  g_auto (Writer) w = { 0 };
  YbRosterDeltaStats local = { 0 };
  guint n = json_array_get_length (people);

  if (!_yb_store_begin (self, error))
    return FALSE;
  if (!writer_init (&w, self, error))
    goto fail;
  for (guint i = 0; i < n; i++)
    {
      if (!write_person (&w, json_array_get_element (people, i), i, &local, error))
        goto fail;
      if ((i + 1) % PROGRESS_EVERY == 0)
        {
          if (set_cancelled (cancellable, error))
            goto fail;
          if (progress != NULL)
            progress (i + 1, n, progress_data);
        }
    }
  if (set_cancelled (cancellable, error) || !update_count (self, error)
      || !_yb_store_commit (self, error))
    goto fail;

  if (progress != NULL)
    progress (n, n, progress_data);
  if (stats != NULL)
    *stats = local;
  return TRUE;

fail:
  _yb_store_rollback (self);
  return FALSE;
}

/**
 * yb_store_roster_apply_delta:
 * @self: a store
 * @people: (element-type JsonObject): people as the hall's roster delta lists them; an object
 *   with `"deleted": true` is a tombstone (the person is no longer in this unit)
 * @stats: (out) (optional): what changed
 * @error: return location for an error
 *
 * Upserts people in one transaction: new ones are added, changed ones rewritten, people sent
 * again unchanged are not written at all, tombstoned ones hidden. The full-text indexes and the
 * row count follow. A malformed row fails the whole delta with %YB_STORE_ERROR_INVALID_INPUT
 * naming the row and field, and nothing is written.
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_roster_apply_delta (YbStore             *self,
                             JsonArray           *people,
                             YbRosterDeltaStats  *stats,
                             GError             **error)
{
  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (people != NULL, FALSE);

  if (!apply_delta (self, people, stats, NULL, NULL, NULL, error))
    return FALSE;
  _yb_store_emit_changed (self, "roster");
  return TRUE;
}

/* Aborts the bulk transaction's FTS rebuild when the operation is cancelled. */
static int
on_progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

/**
 * yb_store_roster_bulk_begin:
 * @self: a store
 * @error: return location for an error
 *
 * Starts replacing the whole roster (the initial sync): opens a transaction, empties the
 * roster and stops keeping the full-text indexes in step row by row. Add pages with
 * yb_store_roster_bulk_add(), then yb_store_roster_bulk_commit() rebuilds the indexes once
 * and commits, or yb_store_roster_bulk_abort() leaves the old roster as it was.
 *
 * Returns: %TRUE if the bulk load started
 */
gboolean
yb_store_roster_bulk_begin (YbStore  *self,
                            GError  **error)
{
  g_return_val_if_fail (YB_IS_STORE (self), FALSE);

  if (!_yb_store_begin (self, error))
    return FALSE;
  if (!_yb_store_exec (self, _yb_store_roster_fts_drop_sql (), error)
      || !_yb_store_exec (self,
                          "DELETE FROM roster;"
                          "INSERT INTO roster_fts (roster_fts) VALUES ('delete-all');"
                          "INSERT INTO roster_tri (roster_tri) VALUES ('delete-all');",
                          error))
    {
      _yb_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * yb_store_roster_bulk_add:
 * @self: a store inside yb_store_roster_bulk_begin()
 * @people: (element-type JsonObject): one page of people
 * @error: return location for an error
 *
 * Adds a page. On error the whole bulk load is rolled back.
 *
 * Returns: %TRUE if the page was written
 */
gboolean
yb_store_roster_bulk_add (YbStore    *self,
                          JsonArray  *people,
                          GError    **error)
{
  g_auto (Writer) w = { 0 };
  YbRosterDeltaStats stats = { 0 };
  guint n;

  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (people != NULL, FALSE);
  g_return_val_if_fail (!sqlite3_get_autocommit (_yb_store_get_db (self)), FALSE);

  n = json_array_get_length (people);
  if (!writer_init (&w, self, error))
    {
      _yb_store_rollback (self);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    if (!write_person (&w, json_array_get_element (people, i), i, &stats, error))
      {
        _yb_store_rollback (self);
        return FALSE;
      }
  return TRUE;
}

/**
 * yb_store_roster_bulk_commit:
 * @self: a store inside yb_store_roster_bulk_begin()
 * @cancellable: (nullable): cancels the index rebuild (the bulk load is then rolled back)
 * @error: return location for an error
 *
 * Rebuilds the full-text indexes, restores the triggers, updates the row count and commits.
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_roster_bulk_commit (YbStore       *self,
                             GCancellable  *cancellable,
                             GError       **error)
{
  sqlite3 *db;
  gboolean ok;

  g_return_val_if_fail (YB_IS_STORE (self), FALSE);

  db = _yb_store_get_db (self);
  g_return_val_if_fail (!sqlite3_get_autocommit (db), FALSE);

  if (cancellable != NULL)
    sqlite3_progress_handler (db, 20000, on_progress_cb, cancellable);
  ok = _yb_store_exec (self,
                       "INSERT INTO roster_fts (rowid, name, id_number, person_no, phone) "
                       "SELECT id, name, id_number, person_no, phone FROM roster "
                       "WHERE deleted = 0;"
                       "INSERT INTO roster_tri (rowid, id_number, phone) "
                       "SELECT id, id_number, phone FROM roster WHERE deleted = 0;"
                       /* Merge the segments the load left behind now; otherwise FTS5 merges
                        * them bit by bit during the next deltas, which then cost 2-3 times as
                        * much. */
                       "INSERT INTO roster_fts (roster_fts) VALUES ('optimize');"
                       "INSERT INTO roster_tri (roster_tri) VALUES ('optimize');",
                       error);
  sqlite3_progress_handler (db, 0, NULL, NULL);
  if (!ok && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  if (!ok || set_cancelled (cancellable, error)
      || !_yb_store_exec (self, _yb_store_roster_fts_triggers_sql (), error)
      || !update_count (self, error) || !_yb_store_commit (self, error))
    {
      _yb_store_rollback (self);
      return FALSE;
    }
  _yb_store_emit_changed (self, "roster");
  return TRUE;
}

/**
 * yb_store_roster_bulk_abort:
 * @self: a store
 *
 * Rolls back a bulk load; the roster is as it was before yb_store_roster_bulk_begin().
 */
void
yb_store_roster_bulk_abort (YbStore *self)
{
  g_return_if_fail (YB_IS_STORE (self));

  _yb_store_rollback (self);
}

static gboolean
replace (YbStore       *self,
         JsonArray     *people,
         GCancellable  *cancellable,
         ProgressCb     progress,
         gpointer       progress_data,
         GError       **error)
{
  g_auto (Writer) w = { 0 };
  YbRosterDeltaStats stats = { 0 };
  guint n = json_array_get_length (people);

  if (!yb_store_roster_bulk_begin (self, error))
    return FALSE;
  if (!writer_init (&w, self, error))
    goto fail;
  for (guint i = 0; i < n; i++)
    {
      if (!write_person (&w, json_array_get_element (people, i), i, &stats, error))
        goto fail;
      if ((i + 1) % PROGRESS_EVERY == 0)
        {
          if (set_cancelled (cancellable, error))
            goto fail;
          if (progress != NULL)
            progress (i + 1, n, progress_data);
        }
    }
  if (!yb_store_roster_bulk_commit (self, cancellable, error))
    return FALSE;
  if (progress != NULL)
    progress (n, n, progress_data);
  return TRUE;

fail:
  _yb_store_rollback (self);
  return FALSE;
}

/**
 * yb_store_roster_replace:
 * @self: a store
 * @people: (element-type JsonObject): the whole roster
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Replaces the whole roster in one transaction, the fast way (bulk insert, then one rebuild of
 * the full-text indexes). Use it for the initial sync; later syncs use deltas.
 *
 * Returns: %TRUE once committed
 */
gboolean
yb_store_roster_replace (YbStore       *self,
                         JsonArray     *people,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (people != NULL, FALSE);

  return replace (self, people, cancellable, NULL, NULL, error);
}

/* --- asynchronous variants: a worker thread with its own connection --------------------- */

typedef struct
{
  char              *path;
  JsonArray         *people;
  gboolean           replace;
  YbStoreProgressFunc progress;
  gpointer           progress_data;
  GDestroyNotify     progress_destroy;
  YbRosterDeltaStats stats;
} BulkData;

typedef struct
{
  GTask  *task;
  guint64 done;
  guint64 total;
} ProgressReport;

static void
bulk_data_free (BulkData *data)
{
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  json_array_unref (data->people);
  g_free (data->path);
  g_free (data);
}

static gboolean
report_progress_cb (gpointer user_data)
{
  ProgressReport *report = user_data;
  BulkData *data = g_task_get_task_data (report->task);

  if (!g_task_get_completed (report->task))
    data->progress (report->done, report->total, data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
free_report (gpointer user_data)
{
  ProgressReport *report = user_data;

  g_object_unref (report->task);
  g_free (report);
}

static void
post_progress (guint64  done,
               guint64  total,
               gpointer user_data)
{
  GTask *task = user_data;
  ProgressReport *report = g_new0 (ProgressReport, 1);

  report->task = g_object_ref (task);
  report->done = done;
  report->total = total;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, report_progress_cb,
                              report, free_report);
}

static void
bulk_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  BulkData *data = task_data;
  g_autoptr (YbStore) worker = NULL;
  GError *error = NULL;
  gboolean ok;

  worker = yb_store_open (data->path, &error);
  if (worker == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (data->replace)
    ok = replace (worker, data->people, cancellable, data->progress ? post_progress : NULL, task,
                  &error);
  else
    ok = apply_delta (worker, data->people, &data->stats, cancellable,
                      data->progress ? post_progress : NULL, task, &error);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
start_bulk (YbStore             *self,
            JsonArray           *people,
            gboolean             replace_all,
            gpointer             source_tag,
            YbStoreProgressFunc  progress,
            gpointer             progress_data,
            GDestroyNotify       progress_destroy,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  BulkData *data = g_new0 (BulkData, 1);

  data->path = g_strdup (yb_store_get_path (self));
  /* A new array of the same nodes, made here: JsonArray counts its references without atomic
   * operations (json-glib 1.6), JsonNode with them, so the caller's array is never referenced
   * or released by the worker. */
  data->people = json_array_sized_new (json_array_get_length (people));
  for (guint i = 0; i < json_array_get_length (people); i++)
    json_array_add_element (data->people, json_node_ref (json_array_get_element (people, i)));
  data->replace = replace_all;
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) bulk_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, bulk_thread);
}

/**
 * yb_store_roster_apply_delta_async:
 * @self: a store
 * @people: (element-type JsonObject): the delta; the people in it must not change until the
 *   operation ends (the array itself is not kept)
 * @progress: (nullable) (scope notified): progress, called on this thread
 * @progress_data: closure for @progress
 * @progress_destroy: (nullable): frees @progress_data
 * @cancellable: (nullable): cancels and rolls back
 * @callback: called when done
 * @user_data: closure
 *
 * yb_store_roster_apply_delta() in a worker thread with its own connection. The
 * #YbStore::changed signal follows on this thread when it committed.
 */
void
yb_store_roster_apply_delta_async (YbStore             *self,
                                   JsonArray           *people,
                                   YbStoreProgressFunc  progress,
                                   gpointer             progress_data,
                                   GDestroyNotify       progress_destroy,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (YB_IS_STORE (self));
  g_return_if_fail (people != NULL);

  start_bulk (self, people, FALSE, yb_store_roster_apply_delta_async, progress, progress_data,
              progress_destroy, cancellable, callback, user_data);
}

/**
 * yb_store_roster_apply_delta_finish:
 * @self: a store
 * @result: the result
 * @stats: (out) (optional): what changed
 * @error: return location for an error (%G_IO_ERROR_CANCELLED if cancelled)
 *
 * Returns: %TRUE if the delta was committed
 */
gboolean
yb_store_roster_apply_delta_finish (YbStore             *self,
                                    GAsyncResult        *result,
                                    YbRosterDeltaStats  *stats,
                                    GError             **error)
{
  GTask *task;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  task = G_TASK (result);
  g_return_val_if_fail (g_task_get_source_tag (task) == yb_store_roster_apply_delta_async, FALSE);

  if (!g_task_propagate_boolean (task, error))
    return FALSE;
  if (stats != NULL)
    *stats = ((BulkData *) g_task_get_task_data (task))->stats;
  _yb_store_emit_changed (self, "roster");
  return TRUE;
}

/**
 * yb_store_roster_replace_async:
 * @self: a store
 * @people: (element-type JsonObject): the whole roster; the people in it must not change until
 *   the end (the array itself is not kept)
 * @progress: (nullable) (scope notified): progress, called on this thread
 * @progress_data: closure for @progress
 * @progress_destroy: (nullable): frees @progress_data
 * @cancellable: (nullable): cancels and rolls back (the old roster stays)
 * @callback: called when done
 * @user_data: closure
 *
 * yb_store_roster_replace() in a worker thread with its own connection.
 */
void
yb_store_roster_replace_async (YbStore             *self,
                               JsonArray           *people,
                               YbStoreProgressFunc  progress,
                               gpointer             progress_data,
                               GDestroyNotify       progress_destroy,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (YB_IS_STORE (self));
  g_return_if_fail (people != NULL);

  start_bulk (self, people, TRUE, yb_store_roster_replace_async, progress, progress_data,
              progress_destroy, cancellable, callback, user_data);
}

/**
 * yb_store_roster_replace_finish:
 * @self: a store
 * @result: the result
 * @error: return location for an error (%G_IO_ERROR_CANCELLED if cancelled)
 *
 * Returns: %TRUE if the new roster was committed
 */
gboolean
yb_store_roster_replace_finish (YbStore       *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yb_store_roster_replace_async,
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  _yb_store_emit_changed (self, "roster");
  return TRUE;
}

/* --- reads ------------------------------------------------------------------------------ */

/**
 * yb_store_roster_count:
 * @self: a store
 *
 * The number of people in the roster (not counting tombstones), kept in the meta table so
 * that start-up never counts rows.
 *
 * Returns: the count
 */
guint
yb_store_roster_count (YbStore *self)
{
  g_autofree char *text = NULL;
  guint64 count = 0;

  g_return_val_if_fail (YB_IS_STORE (self), 0);

  text = yb_store_meta_get (self, "roster_count");
  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, &count, NULL))
    return 0;
  return (guint) count;
}

static JsonObject *
parse_data (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/**
 * yb_store_roster_get:
 * @self: a store
 * @person_no: the 个人编号
 *
 * Returns: (transfer full) (nullable): everything the hall said about the person, or %NULL if
 *   unknown or removed
 */
JsonObject *
yb_store_roster_get (YbStore    *self,
                     const char *person_no)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);
  g_return_val_if_fail (person_no != NULL, NULL);

  stmt = _yb_store_prepare (self, "SELECT data FROM roster WHERE person_no = ? AND deleted = 0",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_no, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return parse_data ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * yb_store_roster_find_by_id_number:
 * @self: a store
 * @id_number: a full ID number
 *
 * Returns: (transfer full) (nullable): the person's hall data, or %NULL
 */
JsonObject *
yb_store_roster_find_by_id_number (YbStore    *self,
                                   const char *id_number)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);
  g_return_val_if_fail (id_number != NULL, NULL);

  stmt = _yb_store_prepare (self,
                            "SELECT data FROM roster WHERE id_number = ? AND deleted = 0 "
                            "ORDER BY revision DESC LIMIT 1",
                            NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id_number, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return parse_data ((const char *) sqlite3_column_text (stmt, 0));
}
