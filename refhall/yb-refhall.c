/* yb-refhall.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhall"

#include "config.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include "yb-region-profile.h"
#include "yb-refhall.h"

static void
region_free (gpointer data)
{
  YbRefhallRegion *region = data;

  g_free (region->id);
  g_free (region->name);
  g_free (region->version);
  g_clear_pointer (&region->bytes, g_bytes_unref);
  g_clear_pointer (&region->root, json_node_unref);
  g_clear_object (&region->profile);
  g_free (region);
}

/**
 * yb_refhall_new:
 *
 * Returns: (transfer full): a hall with default settings and no database
 */
YbRefhall *
yb_refhall_new (void)
{
  YbRefhall *hall = g_new0 (YbRefhall, 1);

  hall->regions = g_ptr_array_new_with_free_func (region_free);
  hall->audit_delay = 10;
  hall->token_ttl = 1800;
  hall->refresh_ttl = 12 * 3600;
  hall->window = YB_REFHALL_WINDOW_AUTO;
  hall->fail_next_status = 500;
  return hall;
}

/**
 * yb_refhall_free:
 * @hall: the hall
 *
 * Stops serving and frees everything.
 */
void
yb_refhall_free (YbRefhall *hall)
{
  if (hall == NULL)
    return;
  if (hall->audit_source != 0)
    g_source_remove (hall->audit_source);
  if (hall->server != NULL)
    soup_server_disconnect (hall->server);
  g_clear_object (&hall->server);
  g_clear_pointer (&hall->regions, g_ptr_array_unref);
  g_clear_pointer (&hall->fixed_clock, g_date_time_unref);
  g_free (hall->default_region);
  g_free (hall->trust_ca_file);
  if (hall->db != NULL)
    sqlite3_close (hall->db);
  g_free (hall);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static char *
regions_dir (void)
{
  const char *env = g_getenv ("YIBAO_REGIONS_DIR");

  g_autofree char *installed = g_build_filename (PKGDATADIR, "regions", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  /* A hall run from the build tree, before `meson install`, serves the source tree's profiles,
   * as the core's own loader does. */
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);
  return g_build_filename (SOURCE_DATADIR, "regions", NULL);
}

/**
 * yb_refhall_load_regions:
 * @hall: the hall
 * @only: (nullable): serve only this region id
 * @error: return location for an error
 *
 * Loads every region profile from $YIBAO_REGIONS_DIR (or the installed
 * directory) with the core's #YbRegionProfile.
 *
 * Returns: %TRUE if at least one profile was loaded
 */
gboolean
yb_refhall_load_regions (YbRefhall  *hall,
                         const char *only,
                         GError    **error)
{
  g_autofree char *dir_path = regions_dir ();
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  dir = g_dir_open (dir_path, 0, error);
  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json"))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir_path, names->pdata[i], NULL);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();
      YbRefhallRegion *region;
      char *contents = NULL;
      gsize length = 0;
      YbRegionProfile *profile;

      if (!g_file_get_contents (path, &contents, &length, error))
        return FALSE;
      region = g_new0 (YbRefhallRegion, 1);
      region->bytes = g_bytes_new_take (contents, length);
      profile = yb_region_profile_new_from_bytes (region->bytes, &local_error);
      if (profile == NULL || !json_parser_load_from_data (parser, contents, length, NULL))
        {
          g_warning ("Skipping region profile %s: %s", path,
                     local_error ? local_error->message : "invalid JSON");
          region_free (region);
          continue;
        }
      region->profile = profile;
      region->root = json_parser_steal_root (parser);
      region->id = g_strdup (yb_region_profile_get_id (profile));
      region->version = g_strdup (yb_region_profile_get_version (profile));
      region->name = g_strdup (yb_region_profile_get_name_for_language (profile, "zh_CN"));
      if (region->name == NULL)
        region->name = g_strdup (region->id);
      if (only != NULL && g_strcmp0 (only, region->id) != 0)
        {
          region_free (region);
          continue;
        }
      g_ptr_array_add (hall->regions, region);
    }

  if (hall->regions->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "No region profile %s in %s",
                   only ? only : "", dir_path);
      return FALSE;
    }
  g_free (hall->default_region);
  hall->default_region = g_strdup (((YbRefhallRegion *) hall->regions->pdata[0])->id);
  for (guint i = 0; i < hall->regions->len; i++)
    if (g_strcmp0 (((YbRefhallRegion *) hall->regions->pdata[i])->id, "hangzhou") == 0)
      {
        g_free (hall->default_region);
        hall->default_region = g_strdup ("hangzhou");
      }
  return TRUE;
}

/**
 * yb_refhall_find_region:
 * @hall: the hall
 * @id: a region id
 *
 * Returns: (transfer none) (nullable): the region
 */
YbRefhallRegion *
yb_refhall_find_region (YbRefhall  *hall,
                        const char *id)
{
  for (guint i = 0; i < hall->regions->len; i++)
    {
      YbRefhallRegion *region = hall->regions->pdata[i];

      if (g_strcmp0 (region->id, id) == 0)
        return region;
    }
  return NULL;
}

static GTimeZone *
china_tz (void)
{
  static GTimeZone *tz;

  if (g_once_init_enter (&tz))
    g_once_init_leave (&tz, g_time_zone_new_offset (8 * 3600));
  return tz;
}

/**
 * yb_refhall_now:
 * @hall: the hall
 *
 * Returns: (transfer full): the business clock: the fixed clock if one is
 *   set, else the real time, in China time
 */
GDateTime *
yb_refhall_now (YbRefhall *hall)
{
  if (hall->fixed_clock != NULL)
    return g_date_time_to_timezone (hall->fixed_clock, china_tz ());
  return g_date_time_new_now (china_tz ());
}

/**
 * yb_refhall_real_now:
 *
 * Returns: the real time in Unix seconds (token lifetimes run on it)
 */
gint64
yb_refhall_real_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/**
 * yb_refhall_current_month:
 * @hall: the hall
 *
 * Returns: the business clock's month as YYYYMM
 */
int
yb_refhall_current_month (YbRefhall *hall)
{
  g_autoptr(GDateTime) now = yb_refhall_now (hall);

  return g_date_time_get_year (now) * 100 + g_date_time_get_month (now);
}

/**
 * yb_refhall_window_state:
 * @hall: the hall
 * @region: the region
 * @out_next_change: (out) (optional) (nullable): when the state next changes
 *
 * The business window as the region profile says, unless forced with
 * `--window`.
 *
 * Returns: %TRUE while enrolment and reduction are open
 */
gboolean
yb_refhall_window_state (YbRefhall       *hall,
                         YbRefhallRegion *region,
                         GDateTime      **out_next_change)
{
  g_autoptr(GDateTime) now = yb_refhall_now (hall);
  g_autoptr(GDateTime) next = NULL;
  gboolean open = TRUE;

  if (hall->window != YB_REFHALL_WINDOW_AUTO)
    {
      if (out_next_change != NULL)
        *out_next_change = NULL;
      return hall->window == YB_REFHALL_WINDOW_OPEN;
    }
  yb_region_profile_window_state (region->profile, now, &open, &next);
  if (out_next_change != NULL)
    *out_next_change = g_steal_pointer (&next);
  return open;
}

/**
 * yb_refhall_format_time:
 * @time: a time
 *
 * Returns: (transfer full): ISO 8601 with the +08:00 offset
 */
char *
yb_refhall_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (time, china_tz ());

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/**
 * yb_refhall_format_unix:
 * @unix_time: seconds since the epoch
 *
 * Returns: (transfer full): ISO 8601 with the +08:00 offset
 */
char *
yb_refhall_format_unix (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return yb_refhall_format_time (time);
}

/**
 * yb_refhall_format_money:
 * @cents: an amount in cents
 *
 * Returns: (transfer full): "8000.00"
 */
char *
yb_refhall_format_money (gint64 cents)
{
  gint64 abs_cents = cents < 0 ? -cents : cents;

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", cents < 0 ? "-" : "",
                          abs_cents / 100, (int) (abs_cents % 100));
}

/**
 * yb_refhall_parse_money:
 * @text: "8000", "8000.5" or "8000.00"
 * @out_cents: (out): the amount in cents
 *
 * Returns: %TRUE if @text is a non-negative amount with at most two decimals
 */
gboolean
yb_refhall_parse_money (const char *text,
                        gint64     *out_cents)
{
  gint64 yuan = 0;
  int cents = 0;
  int decimals = 0;
  const char *p = text;

  if (text == NULL || !g_ascii_isdigit (*p))
    return FALSE;
  for (; g_ascii_isdigit (*p); p++)
    {
      if (yuan > G_MAXINT64 / 100 / 10 - 10)
        return FALSE;
      yuan = yuan * 10 + (*p - '0');
    }
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p) && decimals < 2; p++, decimals++)
        cents = cents * 10 + (*p - '0');
      if (decimals == 0)
        return FALSE;
      if (decimals == 1)
        cents *= 10;
    }
  if (*p != '\0')
    return FALSE;
  *out_cents = yuan * 100 + cents;
  return TRUE;
}

/**
 * yb_refhall_month_add:
 * @yyyymm: a month as 202603
 * @months: months to add, may be negative
 *
 * Returns: the month as YYYYMM
 */
int
yb_refhall_month_add (int yyyymm,
                      int months)
{
  int index = (yyyymm / 100) * 12 + (yyyymm % 100 - 1) + months;

  return (index / 12) * 100 + index % 12 + 1;
}

/**
 * yb_refhall_month_parse:
 * @text: "YYYYMM"
 *
 * Returns: the month as YYYYMM, or 0 if @text is not a month
 */
int
yb_refhall_month_parse (const char *text)
{
  int value = 0;

  if (text == NULL || strlen (text) != 6)
    return 0;
  for (int i = 0; i < 6; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return 0;
      value = value * 10 + (text[i] - '0');
    }
  if (value / 100 < 1950 || value / 100 > 2200 || value % 100 < 1 || value % 100 > 12)
    return 0;
  return value;
}

/**
 * yb_refhall_month_format:
 * @yyyymm: a month or 0
 *
 * Returns: (transfer full) (nullable): "YYYYMM", %NULL for 0
 */
char *
yb_refhall_month_format (int yyyymm)
{
  if (yyyymm <= 0)
    return NULL;
  return g_strdup_printf ("%06d", yyyymm);
}

/**
 * yb_refhall_random_token:
 * @n_bytes: random bytes
 *
 * Returns: (transfer full): @n_bytes from the key-grade generator, base64url
 */
char *
yb_refhall_random_token (gsize n_bytes)
{
  g_autofree guint8 *buf = g_malloc (n_bytes);
  char *text;

  if (gnutls_rnd (GNUTLS_RND_KEY, buf, n_bytes) != 0)
    g_error ("No random numbers");
  text = g_base64_encode (buf, n_bytes);
  for (char *p = text; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return text;
}

/**
 * yb_refhall_sha256_hex:
 * @text: a string
 *
 * Returns: (transfer full): its SHA-256 in hex
 */
char *
yb_refhall_sha256_hex (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/**
 * yb_refhall_region_label:
 * @region: a region
 * @list: a code list id
 * @code: (nullable): a code
 *
 * The hall speaks Chinese whatever the locale it runs in.
 *
 * Returns: (nullable): the zh_CN label of @code in @list
 */
const char *
yb_refhall_region_label (YbRefhallRegion *region,
                         const char      *list,
                         const char      *code)
{
  const YbCodeEntry *entry;

  if (code == NULL)
    return NULL;
  entry = yb_region_profile_lookup (region->profile, list, code);
  return entry != NULL ? entry->label_zh_cn : NULL;
}
