/* yb-refhall-materials.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallMaterials"

#include "config.h"

#include <string.h>

#include "yb-refhall.h"

/**
 * yb_refhall_sniff_type:
 * @data: the start of a file
 * @size: its size
 *
 * Returns: (nullable): "image/jpeg", "image/png" or "application/pdf" by
 *   magic bytes, else %NULL
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
  return NULL;
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
  const char *sniffed;
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  sqlite3_stmt *stmt;

  if (content_type == NULL
      || (g_ascii_strcasecmp (content_type, "image/jpeg") != 0
          && g_ascii_strcasecmp (content_type, "image/png") != 0
          && g_ascii_strcasecmp (content_type, "application/pdf") != 0))
    {
      yb_refhall_send_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                             "Upload a JPG, PNG or PDF file.");
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
