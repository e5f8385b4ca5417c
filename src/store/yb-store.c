/* yb-store.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStore"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "yb-store-private.h"

struct _YbStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *stmts;       /* const char *sql (static) -> sqlite3_stmt * */
};

G_DEFINE_FINAL_TYPE (YbStore, yb_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (yb-store-error-quark, yb_store_error)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static int
code_for_rc (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return YB_STORE_ERROR_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return YB_STORE_ERROR_CORRUPT;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_READONLY:
      return YB_STORE_ERROR_OPEN;
    default:
      return YB_STORE_ERROR_FAILED;
    }
}

void
_yb_store_set_error (YbStore    *self,
                     GError    **error,
                     int         rc,
                     const char *what)
{
  const char *msg = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  if ((rc & 0xff) == SQLITE_CONSTRAINT && g_strrstr (msg, "append-only") != NULL)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_APPEND_ONLY,
                   _("The action log cannot be changed, only added to."));
      return;
    }
  g_set_error (error, YB_STORE_ERROR, code_for_rc (rc),
               /* Translators: %s is what was being done, then SQLite's message */
               _("Local database error while %s: %s"), what, msg);
}

sqlite3 *
_yb_store_get_db (YbStore *self)
{
  return self->db;
}

sqlite3_stmt *
_yb_store_prepare_uncached (YbStore     *self,
                            const char  *sql,
                            GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _yb_store_set_error (self, error, rc, "preparing a statement");
      return NULL;
    }
  return stmt;
}

/* @sql must be a string that lives as long as the store (a literal): it is the cache key. */
sqlite3_stmt *
_yb_store_prepare (YbStore     *self,
                   const char  *sql,
                   GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmts, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  stmt = _yb_store_prepare_uncached (self, sql, error);
  if (stmt != NULL)
    g_hash_table_insert (self->stmts, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_yb_store_exec (YbStore     *self,
                const char  *sql,
                GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _yb_store_set_error (self, error, rc, "writing");
      return FALSE;
    }
  return TRUE;
}

gboolean
_yb_store_begin (YbStore  *self,
                 GError  **error)
{
  return _yb_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
_yb_store_commit (YbStore  *self,
                  GError  **error)
{
  if (!_yb_store_exec (self, "COMMIT", error))
    {
      _yb_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
_yb_store_rollback (YbStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
_yb_store_step_done (YbStore      *self,
                     sqlite3_stmt *stmt,
                     const char   *what,
                     GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _yb_store_set_error (self, error, rc, what);
      sqlite3_reset (stmt);
      return FALSE;
    }
  return TRUE;
}

void
_yb_store_emit_changed (YbStore    *self,
                        const char *table)
{
  g_signal_emit (self, signals[CHANGED], g_quark_from_string (table), table);
}

gint64
_yb_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* JSON text, written without JsonGenerator, which is several times slower for the flat
 * objects of a roster page. The output is compact and keeps member order. */
static void
append_json_string (GString    *out,
                    const char *s)
{
  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      guchar c = (guchar) *s;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

void
_yb_json_append_node (GString  *out,
                      JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_json_string (out, name);
            g_string_append_c (out, ':');
            _yb_json_append_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            _yb_json_append_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_STRING:
          append_json_string (out, json_node_get_string (node));
          break;
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;
        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;
        case G_TYPE_DOUBLE:
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
          }
          break;
        default:
          g_string_append (out, "null");
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
    }
}

char *
_yb_json_node_to_string (JsonNode *node)
{
  GString *out = g_string_sized_new (256);

  _yb_json_append_node (out, node);
  return g_string_free (out, FALSE);
}

/* The member as text, or %NULL if missing or not a JSON string (hall input is not trusted). */
const char *
_yb_json_object_get_text (JsonObject *object,
                          const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
ensure_private_file (const char  *path,
                     GError     **error)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_OPEN,
                   _("Could not open the local database %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  /* An existing file keeps its mode through open(): tighten it. */
  if (fchmod (fd, 0600) != 0)
    g_debug ("Could not restrict the mode of %s: %s", path, g_strerror (errno));
  close (fd);
  return TRUE;
}

static void
yb_store_finalize (GObject *object)
{
  YbStore *self = (YbStore *) object;

  g_clear_pointer (&self->stmts, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);

  G_OBJECT_CLASS (yb_store_parent_class)->finalize (object);
}

static void
yb_store_class_init (YbStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yb_store_finalize;

  /**
   * YbStore::changed:
   * @store: the store
   * @table: "roster", "declarations", "units", "payments", "materials" or "log"
   *
   * Emitted on the store's thread after a write through this store (including the
   * asynchronous bulk writes, once they finish). Views showing a list from that table should
   * build a new model. The signal is detailed by the table name.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
yb_store_init (YbStore *self)
{
  self->stmts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_stmt);
}

/**
 * yb_store_default_path:
 * @hall_id: the hall's identifier (e.g. its host name)
 * @account: the hall account the clerk logs in with
 * @unit_no: the 单位编号 the clerk works for
 *
 * Each hall account and unit has its own database, under the user's data directory. The
 * parts are reduced to a safe file name: characters other than ASCII letters, digits, '-',
 * '_' and '.' become '_', and a short hash of the exact parts keeps different accounts apart.
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/yibao/<hall>-<account>-<unit>-<hash>.db`
 */
char *
yb_store_default_path (const char *hall_id,
                       const char *account,
                       const char *unit_no)
{
  const char *parts[] = { hall_id, account, unit_no };
  g_autoptr (GString) name = g_string_new (NULL);
  g_autoptr (GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *file = NULL;

  g_return_val_if_fail (hall_id != NULL && account != NULL && unit_no != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      guint kept = 0;

      if (i > 0)
        g_string_append_c (name, '-');
      for (const char *p = parts[i]; *p && kept < 40; p++, kept++)
        {
          char c = *p;

          if (g_ascii_isalnum (c) || c == '-' || c == '_' || (c == '.' && kept > 0))
            g_string_append_c (name, c);
          else
            g_string_append_c (name, '_');
        }
      /* The separator byte keeps ("ab", "c") and ("a", "bc") apart in the hash. */
      g_checksum_update (sum, (const guchar *) parts[i], -1);
      g_checksum_update (sum, (const guchar *) "", 1);
    }
  g_string_append_printf (name, "-%.8s.db", g_checksum_get_string (sum));
  file = g_string_free (g_steal_pointer (&name), FALSE);

  return g_build_filename (g_get_user_data_dir (), "yibao", file, NULL);
}

/**
 * yb_store_open:
 * @path: the database file; its directory is created (mode 0700) if missing
 * @error: return location for an error
 *
 * Opens (creating if needed) a store and brings its schema to the latest version. This
 * blocks: call it from a worker thread or a test, and use yb_store_open_async() from the UI.
 * A #YbStore is one SQLite connection and must be used by one thread at a time.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
YbStore *
yb_store_open (const char  *path,
               GError     **error)
{
  g_autoptr (YbStore) self = NULL;
  g_autofree char *dir = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_OPEN,
                   _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  /* Our own folder under the data directory holds ID numbers: keep it private even if it was
   * created by something else first. */
  {
    g_autofree char *ours = g_build_filename (g_get_user_data_dir (), "yibao", NULL);

    if (g_strcmp0 (ours, dir) == 0)
      g_chmod (dir, 0700);
  }
  if (!ensure_private_file (path, error))
    return NULL;

  self = g_object_new (YB_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_OPEN,
                   _("Could not open the local database %s: %s"), path, sqlite3_errstr (rc));
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 10000);

  rc = sqlite3_exec (self->db,
                     "PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = NORMAL;"
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA cache_size = -65536;"
                     "PRAGMA temp_store = MEMORY;",
                     NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
        g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_CORRUPT,
                     _("The file %s is not a Yibao database or is damaged."), path);
      else
        _yb_store_set_error (self, error, rc, "opening");
      return NULL;
    }

  if (!_yb_store_migrate (self->db, _yb_store_migrations_latest (), error))
    return NULL;

  return g_steal_pointer (&self);
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  YbStore *store = yb_store_open (task_data, &error);

  if (store == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, store, g_object_unref);
}

/**
 * yb_store_open_async:
 * @path: the database file
 * @cancellable: (nullable): a cancellable
 * @callback: called when the store is open
 * @user_data: closure
 *
 * Opens the store in a worker thread (creating and migrating it as needed). The returned
 * store is then used on the thread that called this function.
 */
void
yb_store_open_async (const char          *path,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_store_open_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

/**
 * yb_store_open_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
YbStore *
yb_store_open_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yb_store_open_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * yb_store_get_path:
 * @self: a store
 *
 * Returns: the database file name
 */
const char *
yb_store_get_path (YbStore *self)
{
  g_return_val_if_fail (YB_IS_STORE (self), NULL);

  return self->path;
}

/**
 * yb_store_get_schema_version:
 * @self: a store
 *
 * Returns: the schema version of the open database (PRAGMA user_version)
 */
int
yb_store_get_schema_version (YbStore *self)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), -1);

  stmt = _yb_store_prepare (self, "PRAGMA user_version", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;
  return sqlite3_column_int (stmt, 0);
}

/**
 * yb_store_get_latest_schema_version:
 *
 * Returns: the schema version this code writes
 */
int
yb_store_get_latest_schema_version (void)
{
  return _yb_store_migrations_latest ();
}

/* --- meta ------------------------------------------------------------------------------- */

/**
 * yb_store_meta_get:
 * @self: a store
 * @key: the key (e.g. "profile_version", "region_profile")
 *
 * Returns: (transfer full) (nullable): the value, %NULL if unset
 */
char *
yb_store_meta_get (YbStore    *self,
                   const char *key)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = _yb_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * yb_store_meta_set:
 * @self: a store
 * @key: the key
 * @value: (nullable): the value
 * @error: return location for an error
 *
 * Returns: %TRUE once written
 */
gboolean
yb_store_meta_set (YbStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  stmt = _yb_store_prepare (self,
                            "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return _yb_store_step_done (self, stmt, "saving a setting", error);
}

/**
 * yb_store_set_synced_at:
 * @self: a store
 * @what: what was brought up to date: "roster" or "declarations"
 * @when: (nullable): when it was, %NULL for now
 * @error: return location for an error
 *
 * Records in meta `<what>_synced_at` (ISO 8601 with the local offset) when the data last
 * came from the hall, so printing and queries can say how old it is.
 *
 * Returns: %TRUE once written
 */
gboolean
yb_store_set_synced_at (YbStore     *self,
                        const char  *what,
                        GDateTime   *when,
                        GError     **error)
{
  g_autoptr (GDateTime) now = NULL;
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (what != NULL, FALSE);

  if (when == NULL)
    when = now = g_date_time_new_now_utc ();
  local = g_date_time_to_local (when);
  key = g_strconcat (what, "_synced_at", NULL);
  text = g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
  return yb_store_meta_set (self, key, text, error);
}

/**
 * yb_store_get_synced_at:
 * @self: a store
 * @what: "roster" or "declarations"
 *
 * Returns: (transfer full) (nullable): when @what last came from the hall (meta
 *   `<what>_synced_at`), %NULL if never
 */
GDateTime *
yb_store_get_synced_at (YbStore    *self,
                        const char *what)
{
  g_autofree char *key = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);
  g_return_val_if_fail (what != NULL, NULL);

  key = g_strconcat (what, "_synced_at", NULL);
  text = yb_store_meta_get (self, key);
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

/**
 * yb_store_region_profile_save:
 * @self: a store
 * @profile: the region profile the hall sent
 * @error: return location for an error
 *
 * Keeps the profile's JSON in meta `region_profile` and its version in
 * `region_profile_version`, so an offline start judges by the hall's latest rules rather than
 * those shipped with the application.
 *
 * Returns: %TRUE once written
 */
gboolean
yb_store_region_profile_save (YbStore          *self,
                              YbRegionProfile  *profile,
                              GError          **error)
{
  const char *json;

  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), FALSE);

  json = yb_region_profile_get_json (profile);
  if (json == NULL)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("The region profile %s has no JSON text to keep."),
                   yb_region_profile_get_id (profile));
      return FALSE;
    }
  if (!_yb_store_begin (self, error))
    return FALSE;
  if (!yb_store_meta_set (self, "region_profile", json, error)
      || !yb_store_meta_set (self, "region_profile_version",
                             yb_region_profile_get_version (profile), error)
      || !_yb_store_commit (self, error))
    {
      _yb_store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/**
 * yb_store_region_profile_load:
 * @self: a store
 * @region: (nullable): the region the profile must be for, %NULL for any
 *
 * Reads back the profile kept by yb_store_region_profile_save().
 *
 * Returns: (transfer full) (nullable): the profile, %NULL if none is kept, it is for another
 *   region, or it cannot be read (a warning says why)
 */
YbRegionProfile *
yb_store_region_profile_load (YbStore    *self,
                              const char *region)
{
  g_autofree char *json = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (YbRegionProfile) profile = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);

  json = yb_store_meta_get (self, "region_profile");
  if (json == NULL || *json == '\0')
    return NULL;
  {
    gsize length = strlen (json);

    bytes = g_bytes_new_take (g_steal_pointer (&json), length);
  }
  profile = yb_region_profile_new_from_bytes (bytes, &error);
  if (profile == NULL)
    {
      g_warning ("The region profile kept in %s cannot be read: %s", yb_store_get_path (self),
                 error->message);
      return NULL;
    }
  if (region != NULL && g_strcmp0 (yb_region_profile_get_id (profile), region) != 0)
    return NULL;
  return g_steal_pointer (&profile);
}

/**
 * yb_store_notify_changed:
 * @self: a store
 * @table: the table written: "roster", "declarations", "units", "payments", "materials" or
 *   "log"
 *
 * Emits #YbStore::changed for @table. The store does so itself after its own writes; call it
 * after writing through another connection to the same file (a worker thread's streamed
 * load), once that committed, from this store's thread.
 */
void
yb_store_notify_changed (YbStore    *self,
                         const char *table)
{
  g_return_if_fail (YB_IS_STORE (self));
  g_return_if_fail (table != NULL);

  _yb_store_emit_changed (self, table);
}

/* --- sync cursors ----------------------------------------------------------------------- */

/**
 * yb_store_cursor_get:
 * @self: a store
 * @name: the cursor's name (e.g. "people", "declarations")
 *
 * Returns: (transfer full) (nullable): the last saved cursor, %NULL to start over
 */
char *
yb_store_cursor_get (YbStore    *self,
                     const char *name)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = _yb_store_prepare (self, "SELECT value FROM sync_cursors WHERE name = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * yb_store_cursor_set:
 * @self: a store
 * @name: the cursor's name
 * @value: (nullable): the cursor, %NULL to start over next time
 * @error: return location for an error
 *
 * Returns: %TRUE once written
 */
gboolean
yb_store_cursor_set (YbStore     *self,
                     const char  *name,
                     const char  *value,
                     GError     **error)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  stmt = _yb_store_prepare (self,
                            "INSERT INTO sync_cursors (name, value, updated_at) "
                            "VALUES (?1, ?2, ?3) "
                            "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                            "updated_at = excluded.updated_at",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, _yb_store_now ());
  return _yb_store_step_done (self, stmt, "saving a sync cursor", error);
}

/* --- units ------------------------------------------------------------------------------ */

static const char *
object_get_string_in (JsonObject *object,
                      const char *group,
                      const char *member)
{
  JsonNode *node;

  if (group != NULL)
    {
      node = json_object_get_member (object, group);
      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        return NULL;
      object = json_node_get_object (node);
    }
  node = json_object_get_member (object, member);
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/**
 * yb_store_unit_put:
 * @self: a store
 * @unit: the hall's unit object (`GET /units/{unit_no}` or an entry of `GET /units`)
 * @error: return location for an error
 *
 * Saves (replaces) what the hall says about a unit, stamped with the current time.
 *
 * Returns: %TRUE once written; %FALSE with %YB_STORE_ERROR_INVALID_INPUT if `unit_no` is
 *   missing
 */
gboolean
yb_store_unit_put (YbStore     *self,
                   JsonObject  *unit,
                   GError     **error)
{
  g_auto (YbStmt) stmt = NULL;
  g_autoptr (JsonNode) node = NULL;
  g_autofree char *data = NULL;
  const char *unit_no, *credit_code, *name;

  g_return_val_if_fail (YB_IS_STORE (self), FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);

  unit_no = object_get_string_in (unit, NULL, "unit_no");
  if (unit_no == NULL || *unit_no == '\0')
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("The hall sent a unit without a unit number (unit_no)."));
      return FALSE;
    }
  credit_code = object_get_string_in (unit, NULL, "credit_code");
  if (credit_code == NULL)
    credit_code = object_get_string_in (unit, "basic", "credit_code");
  name = object_get_string_in (unit, NULL, "name");
  if (name == NULL)
    name = object_get_string_in (unit, "basic", "name");

  node = json_node_init_object (json_node_alloc (), unit);
  data = _yb_json_node_to_string (node);

  stmt = _yb_store_prepare (self,
                            "INSERT INTO units (unit_no, credit_code, name, region, data, as_of) "
                            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (unit_no) DO UPDATE SET "
                            "credit_code = excluded.credit_code, name = excluded.name, "
                            "region = excluded.region, data = excluded.data, "
                            "as_of = excluded.as_of",
                            error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, credit_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, object_get_string_in (unit, NULL, "region"), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, data, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, _yb_store_now ());
  if (!_yb_store_step_done (self, stmt, "saving a unit", error))
    return FALSE;
  _yb_store_emit_changed (self, "units");
  return TRUE;
}

static JsonObject *
parse_object (const char *text)
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
 * yb_store_unit_get:
 * @self: a store
 * @unit_no: the unit number
 * @as_of: (out) (optional): when it was saved, in Unix seconds
 *
 * Returns: (transfer full) (nullable): the unit as the hall sent it, or %NULL
 */
JsonObject *
yb_store_unit_get (YbStore    *self,
                   const char *unit_no,
                   gint64     *as_of)
{
  g_auto (YbStmt) stmt = NULL;

  g_return_val_if_fail (YB_IS_STORE (self), NULL);
  g_return_val_if_fail (unit_no != NULL, NULL);

  stmt = _yb_store_prepare (self, "SELECT data, as_of FROM units WHERE unit_no = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return NULL;
  if (as_of != NULL)
    *as_of = sqlite3_column_int64 (stmt, 1);
  return parse_object ((const char *) sqlite3_column_text (stmt, 0));
}

/**
 * yb_store_unit_list_numbers:
 * @self: a store
 *
 * Returns: (transfer full) (element-type utf8): the saved unit numbers, sorted
 */
GPtrArray *
yb_store_unit_list_numbers (YbStore *self)
{
  g_auto (YbStmt) stmt = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (YB_IS_STORE (self), out);

  stmt = _yb_store_prepare (self, "SELECT unit_no FROM units ORDER BY unit_no", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return out;
}
