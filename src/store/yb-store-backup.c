/* yb-store-backup.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbStoreBackup"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "yb-store-backup.h"

/*
 * A backup is one POSIX tar (ustar) file, readable with tar(1), holding in this order:
 *
 *   manifest.json    format, versions, the store's identity, size and SHA-256 of each part
 *   settings.json    the clerk's settings as the UI gave them (never secrets)
 *   store.sqlite     a consistent copy of the store made with SQLite's online backup API
 *   manifest.sha256  the SHA-256 of manifest.json
 *
 * Reading is strict so that any changed byte is noticed: every header must be exactly the
 * header this code writes for that name, size and time, the parts must match the manifest,
 * padding and the end-of-archive blocks must be zero and nothing may follow them.
 */

#define BLOCK 512
#define MAX_SMALL_PART (4 * 1024 * 1024)
#define BACKUP_FORMAT "yibao-backup"

static const char * const part_names[] = {
  "manifest.json", "settings.json", "store.sqlite", "manifest.sha256",
};

typedef struct
{
  char *store_path;
  char *dest_path;
  char *hall_id;
  char *account;
  char *unit_no;
  int schema_version;
  GBytes *settings;
} BackupData;

typedef struct
{
  char *backup_path;
  char *target_path;
  JsonObject *manifest;
  GBytes *settings;
} RestoreData;

static void
backup_data_free (BackupData *data)
{
  g_free (data->store_path);
  g_free (data->dest_path);
  g_free (data->hall_id);
  g_free (data->account);
  g_free (data->unit_no);
  g_clear_pointer (&data->settings, g_bytes_unref);
  g_free (data);
}

static void
restore_data_free (RestoreData *data)
{
  g_free (data->backup_path);
  g_free (data->target_path);
  g_clear_pointer (&data->manifest, json_object_unref);
  g_clear_pointer (&data->settings, g_bytes_unref);
  g_free (data);
}

static gboolean
set_io_error (GError     **error,
              int          saved_errno,
              const char  *path)
{
  g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_OPEN,
               /* Translators: %s is a file name, the second %s the system's reason. */
               _("Could not use the file “%s”: %s"), path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int          fd,
           const void  *buf,
           gsize        len,
           const char  *path,
           GError     **error)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      gssize n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_io_error (error, errno, path);
      p += n;
      len -= n;
    }
  return TRUE;
}

/* Reads exactly @len bytes; returns the count read (less only at the end of the file). */
static gssize
read_full (int     fd,
           void   *buf,
           gsize   len)
{
  guint8 *p = buf;
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, p + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += n;
    }
  return done;
}

static void
fill_octal (guint8  *field,
            gsize    width,
            guint64  value)
{
  g_autofree char *text = g_strdup_printf ("%0*" G_GINT64_MODIFIER "o", (int) width - 1, value);

  memcpy (field, text, width - 1);
  field[width - 1] = '\0';
}

/* The one header this code writes for a part: the reader compares against it byte by byte. */
static void
make_header (guint8     *block,
             const char *name,
             guint64     size,
             gint64      mtime)
{
  guint sum = 0;

  memset (block, 0, BLOCK);
  memcpy (block, name, strlen (name));
  fill_octal (block + 100, 8, 0600);
  fill_octal (block + 108, 8, 0);
  fill_octal (block + 116, 8, 0);
  fill_octal (block + 124, 12, size);
  fill_octal (block + 136, 12, (guint64) MAX (mtime, 0));
  memset (block + 148, ' ', 8);
  block[156] = '0';
  memcpy (block + 257, "ustar", 6);
  memcpy (block + 263, "00", 2);
  for (guint i = 0; i < BLOCK; i++)
    sum += block[i];
  fill_octal (block + 148, 7, sum);
  block[155] = ' ';
}

static gboolean
parse_octal (const guint8 *field,
             gsize         width,
             guint64      *out)
{
  guint64 value = 0;
  gsize i;

  for (i = 0; i < width && field[i] >= '0' && field[i] <= '7'; i++)
    value = value * 8 + (field[i] - '0');
  if (i == 0)
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
write_part (int          fd,
            const char  *dest,
            const char  *name,
            const void  *data,
            gsize        size,
            gint64       mtime,
            GError     **error)
{
  guint8 block[BLOCK];
  static const guint8 zeros[BLOCK] = { 0 };

  make_header (block, name, size, mtime);
  if (!write_all (fd, block, BLOCK, dest, error) || !write_all (fd, data, size, dest, error))
    return FALSE;
  if (size % BLOCK != 0)
    return write_all (fd, zeros, BLOCK - size % BLOCK, dest, error);
  return TRUE;
}

static char *
checksum_bytes (const void *data,
                gsize       size)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
}

static char *
checksum_file (const char  *path,
               guint64     *out_size,
               GError     **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 buf[65536];
  guint64 size = 0;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gssize n;

  if (fd < 0)
    {
      set_io_error (error, errno, path);
      return NULL;
    }
  while ((n = read_full (fd, buf, sizeof buf)) > 0)
    {
      g_checksum_update (sum, buf, n);
      size += n;
    }
  close (fd);
  if (n < 0)
    {
      set_io_error (error, errno, path);
      return NULL;
    }
  *out_size = size;
  return g_strdup (g_checksum_get_string (sum));
}

static gboolean
copy_database (const char  *source,
               const char  *copy,
               GError     **error)
{
  sqlite3 *src = NULL;
  sqlite3 *dst = NULL;
  sqlite3_backup *backup;
  int rc;

  rc = sqlite3_open_v2 (source, &src, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_open_v2 (copy, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (src, 10000);
      backup = sqlite3_backup_init (dst, "main", src, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dst);
      else
        {
          /* One step copies everything under one read transaction: a consistent snapshot
           * even while the main thread keeps writing through WAL. */
          do
            {
              rc = sqlite3_backup_step (backup, -1);
              if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep (50);
            }
          while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = sqlite3_exec (dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        }
    }

  if (rc != SQLITE_OK)
    g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_FAILED,
                 _("Could not copy the local data: %s"), sqlite3_errstr (rc));
  sqlite3_close (dst);
  sqlite3_close (src);
  return rc == SQLITE_OK;
}

static JsonObject *
make_part_entry (const char *name,
                 guint64     size,
                 const char *sha256)
{
  JsonObject *part = json_object_new ();

  json_object_set_string_member (part, "name", name);
  json_object_set_int_member (part, "size", (gint64) size);
  json_object_set_string_member (part, "sha256", sha256);
  return part;
}

static gboolean
copy_file_into (int          out_fd,
                const char  *dest,
                const char  *path,
                GError     **error)
{
  guint8 buf[65536];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  gssize n;

  if (fd < 0)
    return set_io_error (error, errno, path);
  while ((n = read_full (fd, buf, sizeof buf)) > 0)
    if (!write_all (out_fd, buf, n, dest, error))
      {
        close (fd);
        return FALSE;
      }
  close (fd);
  if (n < 0)
    return set_io_error (error, errno, path);
  return TRUE;
}

static gboolean
write_backup (BackupData    *data,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (data->dest_path);
  g_autofree char *copy = g_build_filename (dir, ".yibao-backup-XXXXXX", NULL);
  g_autofree char *tmp = g_strconcat (data->dest_path, ".XXXXXX", NULL);
  g_autofree char *db_sum = NULL;
  g_autofree char *settings_sum = NULL;
  g_autofree char *manifest_text = NULL;
  g_autofree char *manifest_sum = NULL;
  g_autofree char *bare_sum = NULL;
  g_autoptr(JsonObject) manifest = json_object_new ();
  g_autoptr(JsonObject) identity = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created = g_date_time_format_iso8601 (now);
  JsonArray *parts = json_array_new ();
  static const guint8 zeros[2 * BLOCK] = { 0 };
  const void *settings;
  gsize settings_size;
  guint64 db_size = 0;
  gint64 mtime = g_date_time_to_unix (now);
  gboolean ok = FALSE;
  int fd;

  fd = g_mkstemp_full (copy, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_io_error (error, errno, dir);
  close (fd);

  if (!copy_database (data->store_path, copy, error))
    goto out;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    goto out;
  db_sum = checksum_file (copy, &db_size, error);
  if (db_sum == NULL)
    goto out;

  settings = g_bytes_get_data (data->settings, &settings_size);
  settings_sum = checksum_bytes (settings, settings_size);

  json_object_set_string_member (manifest, "format", BACKUP_FORMAT);
  json_object_set_int_member (manifest, "format_version", YB_STORE_BACKUP_FORMAT_VERSION);
  json_object_set_string_member (manifest, "app_version", PACKAGE_VERSION);
  json_object_set_int_member (manifest, "schema_version", data->schema_version);
  json_object_set_string_member (manifest, "created", created);
  json_object_set_string_member (identity, "hall_id", data->hall_id);
  json_object_set_string_member (identity, "account", data->account);
  json_object_set_string_member (identity, "unit_no", data->unit_no);
  json_object_set_object_member (manifest, "store", json_object_ref (identity));
  json_array_add_object_element (parts, make_part_entry ("settings.json", settings_size,
                                                         settings_sum));
  json_array_add_object_element (parts, make_part_entry ("store.sqlite", db_size, db_sum));
  json_object_set_array_member (manifest, "parts", parts);

  root = json_node_init_object (json_node_alloc (), manifest);
  manifest_text = json_to_string (root, TRUE);
  bare_sum = checksum_bytes (manifest_text, strlen (manifest_text));
  manifest_sum = g_strconcat (bare_sum, "\n", NULL);

  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (error, errno, data->dest_path);
      goto out;
    }

  ok = write_part (fd, data->dest_path, "manifest.json", manifest_text, strlen (manifest_text),
                   mtime, error)
    && write_part (fd, data->dest_path, "settings.json", settings, settings_size, mtime, error);
  if (ok)
    {
      guint8 block[BLOCK];

      make_header (block, "store.sqlite", db_size, mtime);
      ok = write_all (fd, block, BLOCK, data->dest_path, error)
        && copy_file_into (fd, data->dest_path, copy, error)
        && (db_size % BLOCK == 0
            || write_all (fd, zeros, BLOCK - db_size % BLOCK, data->dest_path, error));
    }
  ok = ok
    && write_part (fd, data->dest_path, "manifest.sha256", manifest_sum, strlen (manifest_sum),
                   mtime, error)
    && write_all (fd, zeros, sizeof zeros, data->dest_path, error);
  if (ok && fsync (fd) != 0)
    ok = set_io_error (error, errno, data->dest_path);
  close (fd);

  if (ok && g_cancellable_set_error_if_cancelled (cancellable, error))
    ok = FALSE;
  if (ok && g_rename (tmp, data->dest_path) != 0)
    ok = set_io_error (error, errno, data->dest_path);
  if (!ok)
    g_unlink (tmp);

out:
  g_unlink (copy);
  return ok;
}

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_backup (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * yb_store_backup_async:
 * @store: the store to back up
 * @hall_id: the hall identifier the store belongs to (see yb_store_default_path())
 * @account: the hall account
 * @unit_no: the 单位编号
 * @settings: (nullable): the clerk's settings as JSON; never secrets
 * @destination: the backup file to write (replaced only once complete)
 * @cancellable: (nullable): a cancellable
 * @callback: called when the backup is written
 * @user_data: closure
 *
 * Writes one backup file: a consistent copy of the store made with SQLite's online backup API
 * in a worker thread with its own connection, the settings and a manifest with the format,
 * app and schema versions and the SHA-256 of each part. The file is created with mode 0600,
 * since it holds ID numbers.
 */
void
yb_store_backup_async (YbStore             *store,
                       const char          *hall_id,
                       const char          *account,
                       const char          *unit_no,
                       GBytes              *settings,
                       GFile               *destination,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BackupData *data;

  g_return_if_fail (YB_IS_STORE (store));
  g_return_if_fail (G_IS_FILE (destination));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_store_backup_async);

  data = g_new0 (BackupData, 1);
  data->store_path = g_strdup (yb_store_get_path (store));
  data->dest_path = g_file_get_path (destination);
  data->hall_id = g_strdup (hall_id ? hall_id : "");
  data->account = g_strdup (account ? account : "");
  data->unit_no = g_strdup (unit_no ? unit_no : "");
  data->schema_version = yb_store_get_schema_version (store);
  data->settings = settings ? g_bytes_ref (settings) : g_bytes_new_static ("{}", 2);
  g_task_set_task_data (task, data, (GDestroyNotify) backup_data_free);

  if (data->dest_path == NULL)
    {
      g_task_return_new_error (task, YB_STORE_ERROR, YB_STORE_ERROR_OPEN,
                               _("Backups can only be written to a local file."));
      return;
    }

  g_task_run_in_thread (task, backup_thread);
}

/**
 * yb_store_backup_finish:
 * @result: the result passed to the callback
 * @error: return location for an error
 *
 * Returns: %TRUE when the backup file is complete
 */
gboolean
yb_store_backup_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
damaged (GError     **error,
         const char  *path)
{
  g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_CORRUPT,
               _("The backup “%s” is damaged or incomplete: it was changed after it was "
                 "written. Nothing was restored."), path);
  return FALSE;
}

static JsonObject *
find_part (JsonObject *manifest,
           const char *name)
{
  JsonArray *parts = json_object_get_array_member (manifest, "parts");

  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonNode *node = json_array_get_element (parts, i);
      JsonObject *part = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;

      if (part != NULL && g_strcmp0 (json_object_get_string_member_with_default (part, "name",
                                                                                  NULL),
                                     name) == 0)
        return part;
    }
  return NULL;
}

static JsonObject *
parse_manifest (GBytes      *bytes,
                const char  *path,
                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;
  JsonObject *manifest;

  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), NULL))
    {
      damaged (error, path);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      damaged (error, path);
      return NULL;
    }
  manifest = json_node_get_object (root);
  if (g_strcmp0 (json_object_get_string_member_with_default (manifest, "format", NULL),
                 BACKUP_FORMAT) != 0)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("“%s” is not a Yibao backup."), path);
      return NULL;
    }
  return json_object_ref (manifest);
}

static gboolean
check_versions (JsonObject  *manifest,
                GError     **error)
{
  gint64 format_version = json_object_get_int_member_with_default (manifest, "format_version",
                                                                   0);
  gint64 schema = json_object_get_int_member_with_default (manifest, "schema_version", 0);
  const char *app_version = json_object_get_string_member_with_default (manifest, "app_version",
                                                                        "?");

  if (format_version > YB_STORE_BACKUP_FORMAT_VERSION)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_TOO_NEW,
                   /* Translators: %s is a version such as 0.2.0. */
                   _("This backup was made by a newer Yibao (%s) in a format this version "
                     "cannot read. Update Yibao, then restore it."), app_version);
      return FALSE;
    }
  if (schema > yb_store_get_latest_schema_version ())
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_TOO_NEW,
                   /* Translators: %s is a version; the numbers are database versions. */
                   _("This backup was made by a newer Yibao (%s, data version %d); this "
                     "version reads data up to version %d. Update Yibao, then restore it."),
                   app_version, (int) schema, yb_store_get_latest_schema_version ());
      return FALSE;
    }
  if (format_version < 1 || schema < 1)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                   _("The backup’s manifest names no valid version."));
      return FALSE;
    }
  return TRUE;
}

/* Reads and checks the whole file. The database part goes to @db_copy when given (a file that
 * already exists, mode 0600), else it is only hashed. */
static JsonObject *
read_backup (const char    *path,
             const char    *db_copy,
             GBytes       **out_settings,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(JsonObject) manifest = NULL;
  g_autoptr(GBytes) manifest_bytes = NULL;
  g_autoptr(GBytes) settings = NULL;
  g_autofree char *manifest_sum = NULL;
  gint64 mtime = -1;
  int fd;
  int out_fd = -1;
  guint index = 0;
  gboolean ok = TRUE;

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      set_io_error (error, errno, path);
      return NULL;
    }

  while (ok)
    {
      guint8 block[BLOCK];
      guint8 expected[BLOCK];
      g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
      g_autoptr(GByteArray) small = NULL;
      const char *name;
      guint64 size;
      guint64 left;
      guint64 header_mtime;
      gssize n;

      n = read_full (fd, block, BLOCK);
      if (n != BLOCK)
        {
          ok = damaged (error, path);
          break;
        }
      if (index == G_N_ELEMENTS (part_names))
        {
          /* The end: two zero blocks and nothing after them. */
          guint8 extra;

          ok = (memcmp (block, (guint8[BLOCK]) { 0 }, BLOCK) == 0
                && read_full (fd, block, BLOCK) == BLOCK
                && memcmp (block, (guint8[BLOCK]) { 0 }, BLOCK) == 0
                && read_full (fd, &extra, 1) == 0);
          if (!ok)
            damaged (error, path);
          break;
        }

      name = part_names[index];
      /* The first header decides whether this is a backup at all. */
      if (index == 0 && memcmp (block + 257, "ustar", 6) != 0)
        {
          g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                       _("“%s” is not a Yibao backup."), path);
          ok = FALSE;
          break;
        }
      if (!parse_octal (block + 124, 11, &size) || !parse_octal (block + 136, 11, &header_mtime)
          || (mtime >= 0 && (gint64) header_mtime != mtime))
        {
          ok = damaged (error, path);
          break;
        }
      mtime = header_mtime;
      make_header (expected, name, size, mtime);
      if (memcmp (block, expected, BLOCK) != 0)
        {
          ok = damaged (error, path);
          break;
        }

      if (index == 2)
        {
          JsonObject *part = find_part (manifest, name);

          if (part == NULL
              || json_object_get_int_member_with_default (part, "size", -1) != (gint64) size)
            {
              ok = damaged (error, path);
              break;
            }
          if (db_copy != NULL)
            {
              out_fd = g_open (db_copy, O_WRONLY | O_TRUNC | O_CLOEXEC, 0600);
              if (out_fd < 0)
                {
                  ok = set_io_error (error, errno, db_copy);
                  break;
                }
            }
        }
      else if (size > MAX_SMALL_PART)
        {
          ok = damaged (error, path);
          break;
        }
      else
        small = g_byte_array_sized_new (size);

      left = size;
      while (left > 0 && ok)
        {
          guint8 buf[65536];
          gsize want = MIN (left, sizeof buf);

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              ok = FALSE;
              break;
            }
          n = read_full (fd, buf, want);
          if (n != (gssize) want)
            {
              ok = damaged (error, path);
              break;
            }
          g_checksum_update (sum, buf, n);
          if (small != NULL)
            g_byte_array_append (small, buf, n);
          else if (out_fd >= 0)
            ok = write_all (out_fd, buf, n, db_copy, error);
          left -= n;
        }
      if (!ok)
        break;
      if (size % BLOCK != 0)
        {
          gsize pad = BLOCK - size % BLOCK;

          if (read_full (fd, block, pad) != (gssize) pad
              || memcmp (block, (guint8[BLOCK]) { 0 }, pad) != 0)
            {
              ok = damaged (error, path);
              break;
            }
        }

      switch (index)
        {
        case 0:
          manifest_bytes = g_byte_array_free_to_bytes (g_steal_pointer (&small));
          manifest = parse_manifest (manifest_bytes, path, error);
          ok = manifest != NULL;
          break;

        case 1:
        case 2:
          {
            JsonObject *part = find_part (manifest, name);
            const char *want_sum = part ? json_object_get_string_member_with_default (part,
                                                                                      "sha256",
                                                                                      "") : "";

            if (part == NULL
                || json_object_get_int_member_with_default (part, "size", -1) != (gint64) size
                || g_strcmp0 (g_checksum_get_string (sum), want_sum) != 0)
              ok = damaged (error, path);
            else if (index == 1)
              settings = g_byte_array_free_to_bytes (g_steal_pointer (&small));
          }
          break;

        case 3:
          {
            g_autofree char *text = g_strndup ((const char *) small->data, small->len);

            manifest_sum = checksum_bytes (g_bytes_get_data (manifest_bytes, NULL),
                                           g_bytes_get_size (manifest_bytes));
            if (!g_str_has_suffix (text, "\n")
                || strlen (text) != strlen (manifest_sum) + 1
                || strncmp (text, manifest_sum, strlen (manifest_sum)) != 0)
              ok = damaged (error, path);
          }
          break;

        default:
          g_assert_not_reached ();
        }
      index++;
    }

  close (fd);
  if (out_fd >= 0 && close (out_fd) != 0 && ok)
    ok = set_io_error (error, errno, db_copy);
  if (!ok)
    return NULL;
  if (!check_versions (manifest, error))
    return NULL;

  if (out_settings != NULL)
    *out_settings = g_steal_pointer (&settings);
  return g_steal_pointer (&manifest);
}

/**
 * yb_store_backup_inspect:
 * @backup: a backup file
 * @out_settings: (out) (optional): the settings JSON it holds
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Reads the whole backup and checks it: structure, the SHA-256 of every part and the
 * versions. Blocking: call it from a worker thread (or use the async variant).
 *
 * Returns: (transfer full): the manifest, or %NULL with @error set: %YB_STORE_ERROR_CORRUPT
 *   when a byte changed, %YB_STORE_ERROR_TOO_NEW when a newer Yibao wrote it,
 *   %YB_STORE_ERROR_INVALID_INPUT when it is no backup at all
 */
JsonObject *
yb_store_backup_inspect (GFile         *backup,
                         GBytes       **out_settings,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (backup), NULL);

  path = g_file_get_path (backup);
  if (path == NULL)
    {
      g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_OPEN,
                   _("Backups can only be read from a local file."));
      return NULL;
    }
  return read_backup (path, NULL, out_settings, cancellable, error);
}

static void
inspect_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreData *data = task_data;
  GError *error = NULL;
  JsonObject *manifest;

  manifest = read_backup (data->backup_path, NULL, &data->settings, cancellable, &error);
  if (manifest == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, manifest, (GDestroyNotify) json_object_unref);
}

static RestoreData *
restore_data_new (GFile      *backup,
                  const char *target_path)
{
  RestoreData *data = g_new0 (RestoreData, 1);

  data->backup_path = g_file_get_path (backup);
  data->target_path = g_strdup (target_path);
  return data;
}

/**
 * yb_store_backup_inspect_async:
 * @backup: a backup file
 * @cancellable: (nullable): a cancellable
 * @callback: called when the file is checked
 * @user_data: closure
 *
 * Checks a backup in a worker thread, see yb_store_backup_inspect().
 */
void
yb_store_backup_inspect_async (GFile               *backup,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RestoreData *data;

  g_return_if_fail (G_IS_FILE (backup));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_store_backup_inspect_async);
  data = restore_data_new (backup, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) restore_data_free);
  if (data->backup_path == NULL)
    {
      g_task_return_new_error (task, YB_STORE_ERROR, YB_STORE_ERROR_OPEN,
                               _("Backups can only be read from a local file."));
      return;
    }
  g_task_run_in_thread (task, inspect_thread);
}

/**
 * yb_store_backup_inspect_finish:
 * @result: the result passed to the callback
 * @out_settings: (out) (optional): the settings JSON the backup holds
 * @error: return location for an error
 *
 * Returns: (transfer full): the manifest, or %NULL with @error set
 */
JsonObject *
yb_store_backup_inspect_finish (GAsyncResult  *result,
                                GBytes       **out_settings,
                                GError       **error)
{
  RestoreData *data;
  JsonObject *manifest;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  manifest = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (manifest != NULL && out_settings != NULL)
    *out_settings = g_steal_pointer (&data->settings);
  return manifest;
}

static gboolean
check_database (const char  *path,
                gint64       schema_version,
                GError     **error)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL);
  if (rc == SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  stmt = NULL;
  if (ok && sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    ok = sqlite3_column_int64 (stmt, 0) == schema_version;
  else
    ok = FALSE;
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (!ok)
    g_set_error (error, YB_STORE_ERROR, YB_STORE_ERROR_CORRUPT,
                 _("The data in the backup failed SQLite’s integrity check. Nothing was "
                   "restored."));
  return ok;
}

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  RestoreData *data = task_data;
  g_autoptr(JsonObject) manifest = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  GError *error = NULL;
  int fd;

  /* A first pass checks the file before anything is written next to the current data. */
  manifest = read_backup (data->backup_path, NULL, NULL, cancellable, &error);
  if (manifest == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (data->target_path == NULL)
    {
      JsonObject *identity = json_object_get_object_member (manifest, "store");
      const char *hall_id = identity ? json_object_get_string_member_with_default (
        identity, "hall_id", NULL) : NULL;
      const char *account = identity ? json_object_get_string_member_with_default (
        identity, "account", NULL) : NULL;
      const char *unit_no = identity ? json_object_get_string_member_with_default (
        identity, "unit_no", NULL) : NULL;

      if (hall_id == NULL || account == NULL || unit_no == NULL || *unit_no == '\0')
        {
          g_task_return_new_error (task, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT,
                                   _("The backup does not say which hall account and unit "
                                     "it belongs to."));
          return;
        }
      data->target_path = yb_store_default_path (hall_id, account, unit_no);
    }

  dir = g_path_get_dirname (data->target_path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      set_io_error (&error, errno, dir);
      g_task_return_error (task, error);
      return;
    }
  tmp = g_strconcat (data->target_path, ".restore-XXXXXX", NULL);
  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      set_io_error (&error, errno, dir);
      g_task_return_error (task, error);
      return;
    }
  close (fd);

  /* The second pass writes the copy and checks it again on the way: the file may have
   * changed since the first pass. */
  g_clear_pointer (&manifest, json_object_unref);
  manifest = read_backup (data->backup_path, tmp, &data->settings, cancellable, &error);
  if (manifest == NULL
      || !check_database (tmp, json_object_get_int_member_with_default (manifest,
                                                                        "schema_version", -1),
                          &error))
    {
      g_unlink (tmp);
      g_task_return_error (task, error);
      return;
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_unlink (tmp);
      g_task_return_error (task, error);
      return;
    }

  /* An old write-ahead log would be replayed into the restored file. */
  wal = g_strconcat (data->target_path, "-wal", NULL);
  shm = g_strconcat (data->target_path, "-shm", NULL);
  g_unlink (wal);
  g_unlink (shm);
  if (g_rename (tmp, data->target_path) != 0)
    {
      set_io_error (&error, errno, data->target_path);
      g_unlink (tmp);
      g_task_return_error (task, error);
      return;
    }

  data->manifest = g_steal_pointer (&manifest);
  g_task_return_pointer (task, g_strdup (data->target_path), g_free);
}

/**
 * yb_store_backup_restore_async:
 * @backup: a backup file
 * @target_path: (nullable): the database file to restore into; %NULL for the default path of
 *   the hall account and unit the manifest names
 * @cancellable: (nullable): a cancellable
 * @callback: called when the data is restored or refused
 * @user_data: closure
 *
 * Restores a backup in a worker thread. The file is checked whole (structure, checksums,
 * format and schema versions, SQLite integrity) in a temporary file next to the target, and
 * only then renamed over it: the current data stays untouched when anything is wrong. No
 * store may be open on @target_path.
 */
void
yb_store_backup_restore_async (GFile               *backup,
                               const char          *target_path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RestoreData *data;

  g_return_if_fail (G_IS_FILE (backup));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, yb_store_backup_restore_async);
  data = restore_data_new (backup, target_path);
  g_task_set_task_data (task, data, (GDestroyNotify) restore_data_free);
  if (data->backup_path == NULL)
    {
      g_task_return_new_error (task, YB_STORE_ERROR, YB_STORE_ERROR_OPEN,
                               _("Backups can only be read from a local file."));
      return;
    }
  g_task_run_in_thread (task, restore_thread);
}

/**
 * yb_store_backup_restore_finish:
 * @result: the result passed to the callback
 * @out_manifest: (out) (optional) (transfer full): the backup's manifest
 * @out_settings: (out) (optional) (transfer full): the settings JSON it held
 * @error: return location for an error
 *
 * Returns: (transfer full): the path of the restored database, or %NULL with @error set
 */
char *
yb_store_backup_restore_finish (GAsyncResult  *result,
                                JsonObject   **out_manifest,
                                GBytes       **out_settings,
                                GError       **error)
{
  RestoreData *data;
  char *path;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  path = g_task_propagate_pointer (G_TASK (result), error);
  if (path == NULL)
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  if (out_manifest != NULL)
    *out_manifest = g_steal_pointer (&data->manifest);
  if (out_settings != NULL)
    *out_settings = g_steal_pointer (&data->settings);
  return path;
}
