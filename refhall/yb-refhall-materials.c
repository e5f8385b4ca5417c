/* yb-refhall-materials.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallMaterials"

#include "config.h"

#include <string.h>

#include "yb-declaration.h"
#include "yb-refhall.h"
#include "yb-region-profile.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static guint16
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

/* An Office Open XML workbook is a zip whose central directory names both the
 * package's content types and the workbook part: any other zip (a .docx, a
 * renamed archive) is not a spreadsheet. */
static gboolean
is_xlsx (const guint8 *data,
         gsize         size)
{
  gsize eocd = 0, offset, end;
  gboolean found = FALSE, types = FALSE, workbook = FALSE;
  guint n_entries;

  if (size < 22 || memcmp (data, "PK\x03\x04", 4) != 0)
    return FALSE;
  /* The end record sits in the last 22 + 65535 (comment) bytes. */
  for (gsize i = size - 22 + 1; i > 0 && size - (i - 1) <= 22 + 0xffff; i--)
    if (memcmp (data + i - 1, "PK\x05\x06", 4) == 0)
      {
        eocd = i - 1;
        found = TRUE;
        break;
      }
  if (!found)
    return FALSE;
  n_entries = le16 (data + eocd + 10);
  offset = le32 (data + eocd + 16);
  end = offset + (gsize) le32 (data + eocd + 12);
  if (offset > eocd || end > eocd)
    return FALSE;
  for (guint i = 0; i < n_entries && offset + 46 <= end; i++)
    {
      gsize name_len, next;
      const char *name;

      if (memcmp (data + offset, "PK\x01\x02", 4) != 0)
        return FALSE;
      name_len = le16 (data + offset + 28);
      next = offset + 46 + name_len + le16 (data + offset + 30) + le16 (data + offset + 32);
      if (offset + 46 + name_len > end || next > end)
        return FALSE;
      name = (const char *) data + offset + 46;
      if (name_len == strlen ("[Content_Types].xml")
          && memcmp (name, "[Content_Types].xml", name_len) == 0)
        types = TRUE;
      else if (name_len == strlen ("xl/workbook.xml")
               && memcmp (name, "xl/workbook.xml", name_len) == 0)
        workbook = TRUE;
      offset = next;
    }
  return types && workbook;
}

/**
 * yb_refhall_sniff_type:
 * @data: a whole file
 * @size: its size
 *
 * Returns: (nullable): "image/jpeg", "image/png", "application/pdf" or the
 *   xlsx content type by the content (a workbook must be a zip holding
 *   `[Content_Types].xml` and `xl/workbook.xml`), else %NULL
 */
const char *
yb_refhall_sniff_type (const guint8 *data,
                       gsize         size)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "image/jpeg";
  if (size >= sizeof png && memcmp (data, png, sizeof png) == 0)
    return "image/png";
  if (size >= 5 && memcmp (data, "%PDF-", 5) == 0)
    return "application/pdf";
  if (is_xlsx (data, size))
    return XLSX_TYPE;
  return NULL;
}

/**
 * yb_refhall_material_file_type:
 * @content_type: a material's content type
 *
 * Returns: (nullable): the profile's file type for it ("jpg", "png", "pdf",
 *   "xlsx"), else %NULL
 */
const char *
yb_refhall_material_file_type (const char *content_type)
{
  if (content_type == NULL)
    return NULL;
  if (g_ascii_strcasecmp (content_type, "image/jpeg") == 0)
    return "jpg";
  if (g_ascii_strcasecmp (content_type, "image/png") == 0)
    return "png";
  if (g_ascii_strcasecmp (content_type, "application/pdf") == 0)
    return "pdf";
  if (g_ascii_strcasecmp (content_type, XLSX_TYPE) == 0)
    return "xlsx";
  return NULL;
}

/**
 * yb_refhall_material_content_type:
 * @hall: the hall
 * @unit_no: the unit
 * @material_id: (nullable): a material id
 *
 * Returns: (transfer full) (nullable): the uploaded material's content type
 */
char *
yb_refhall_material_content_type (YbRefhall  *hall,
                                  const char *unit_no,
                                  const char *material_id)
{
  sqlite3_stmt *stmt;
  char *type = NULL;

  if (material_id == NULL)
    return NULL;
  stmt = yb_refhall_db_prepare (hall, "SELECT content_type FROM materials "
                                      "WHERE unit_no = ? AND id = ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, material_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    type = yb_refhall_db_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  return type;
}

/* Whether some declaration kind of the unit's region takes @file_type for
 * @material_kind (a material kind no kind lists takes jpg, png and pdf). */
static gboolean
region_takes (YbRefhall  *hall,
              const char *unit_no,
              const char *material_kind,
              const char *file_type)
{
  g_autofree char *region_id = NULL;
  YbRefhallRegion *region;

  if (!yb_refhall_unit_region (hall, unit_no, &region_id)
      || (region = yb_refhall_find_region (hall, region_id)) == NULL)
    return !g_str_equal (file_type, "xlsx");
  for (int k = YB_DECLARATION_ENROL_NEW; k <= YB_DECLARATION_BASE_DECLARATION; k++)
    {
      const char *kind = yb_declaration_kind_to_string (k);
      const char * const *kinds = yb_region_profile_get_required_materials (region->profile,
                                                                            kind);

      for (guint i = 0; kinds[i] != NULL; i++)
        if ((material_kind == NULL || g_str_equal (kinds[i], material_kind))
            && g_strv_contains (yb_region_profile_get_material_types (region->profile, kind,
                                                                      kinds[i]),
                                file_type))
          return TRUE;
    }
  return material_kind != NULL ? FALSE : !g_str_equal (file_type, "xlsx");
}

/**
 * yb_refhall_material_exists:
 * @hall: the hall
 * @unit_no: the unit
 * @material_id: (nullable): a material id
 *
 * Returns: %TRUE if the unit uploaded that material
 */
gboolean
yb_refhall_material_exists (YbRefhall  *hall,
                            const char *unit_no,
                            const char *material_id)
{
  sqlite3_stmt *stmt;
  gboolean found;

  if (material_id == NULL)
    return FALSE;
  stmt = yb_refhall_db_prepare (hall, "SELECT 1 FROM materials WHERE unit_no = ? AND id = ?");
  sqlite3_bind_text (stmt, 1, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, material_id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

static void
handle_upload (YbRefhall         *hall,
               SoupServerMessage *msg,
               const char        *unit_no)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *id = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *filename = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  const char *header_name = soup_message_headers_get_one (headers, "X-Filename");
  const char *material_kind = soup_message_headers_get_one (headers, "X-Material-Kind");
  const char *sniffed;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  sqlite3_stmt *stmt;

  if (yb_refhall_material_file_type (content_type) == NULL)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                             "Upload a JPG, PNG or PDF file, or an Excel workbook (.xlsx) "
                             "where the region asks for one.");
      return;
    }
  if (size == 0)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                             "The uploaded file is empty.");
      return;
    }
  sniffed = yb_refhall_sniff_type (data, size);
  if (sniffed == NULL || g_ascii_strcasecmp (sniffed, content_type) != 0)
    {
      yb_refhall_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                             "The file's content is not the type it claims to be.");
      return;
    }
  if (material_kind != NULL
      && (*material_kind == '\0' || strlen (material_kind) > 64
          || strspn (material_kind, "abcdefghijklmnopqrstuvwxyz0123456789_")
               != strlen (material_kind)))
    {
      yb_refhall_send_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_REQUEST",
                             "X-Material-Kind is not a material kind.");
      return;
    }
  if (!region_takes (hall, unit_no, material_kind, yb_refhall_material_file_type (sniffed)))
    {
      g_autofree char *text = NULL;

      if (material_kind != NULL)
        text = g_strdup_printf ("Material kind “%s” does not take a %s file in this region.",
                                material_kind, yb_refhall_material_file_type (sniffed));
      else
        text = g_strdup_printf ("This region takes no %s file as material.",
                                yb_refhall_material_file_type (sniffed));
      yb_refhall_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                             text);
      return;
    }
  if (header_name != NULL)
    {
      filename = g_uri_unescape_string (header_name, NULL);
      if (filename == NULL || !g_utf8_validate (filename, -1, NULL)
          || g_utf8_strlen (filename, -1) > 200)
        g_clear_pointer (&filename, g_free);
    }
  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  id = g_strdup_printf ("M%010" G_GINT64_FORMAT, yb_refhall_db_next_seq (hall, "material"));
  stmt = yb_refhall_db_prepare (hall, "INSERT INTO materials (id, unit_no, content_type, size, "
                                      "sha256, filename, data, created_at) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, unit_no, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, sniffed, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, size);
  sqlite3_bind_text (stmt, 5, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, filename, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 7, data, size, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 8, yb_refhall_real_now ());
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  json_builder_begin_object (builder);
  yb_refhall_builder_add_string (builder, "material_id", id);
  yb_refhall_builder_add_string (builder, "content_type", sniffed);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, size);
  yb_refhall_builder_add_string (builder, "sha256", sha256);
  yb_refhall_builder_add_string (builder, "filename", filename);
  json_builder_end_object (builder);
  yb_refhall_send_builder (msg, SOUP_STATUS_CREATED, builder);
}

/**
 * yb_refhall_handle_materials:
 * @hall: the hall
 * @msg: the message
 * @method: the HTTP method
 * @unit_no: the unit, already authorised
 * @parts: the path below /units/{unit_no}/materials
 * @n_parts: the number of @parts
 *
 * Serves material upload.
 */
void
yb_refhall_handle_materials (YbRefhall         *hall,
                             SoupServerMessage *msg,
                             const char        *method,
                             const char        *unit_no,
                             char             **parts,
                             guint              n_parts)
{
  if (n_parts != 0)
    yb_refhall_send_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "No such path.");
  else if (!g_str_equal (method, "POST"))
    yb_refhall_send_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                           "Use POST.");
  else
    handle_upload (hall, msg, unit_no);
}
