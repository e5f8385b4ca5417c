/* yb-csv-reader.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbCsvReader"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yb-csv-reader.h"

/* CSV as spreadsheets write it: RFC 4180 quoting, comma, semicolon or tab separators, UTF-8 or
 * GB18030 (what Chinese Excel writes by default), with or without a byte-order mark. */

#define MAX_CSV_BYTES (64 * 1024 * 1024)

struct _YbCsvReader
{
  GObject parent_instance;

  char *text;                 /* UTF-8, without BOM */
  gsize length;
  const char *encoding;
  char separator;
};

G_DEFINE_FINAL_TYPE (YbCsvReader, yb_csv_reader, G_TYPE_OBJECT)

static void
yb_csv_reader_finalize (GObject *object)
{
  YbCsvReader *self = YB_CSV_READER (object);

  g_free (self->text);
  G_OBJECT_CLASS (yb_csv_reader_parent_class)->finalize (object);
}

static void
yb_csv_reader_class_init (YbCsvReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_csv_reader_finalize;
}

static void
yb_csv_reader_init (YbCsvReader *self)
{
}

/* The separator that occurs most often outside quotes on the first line. */
static char
guess_separator (const char *text)
{
  guint commas = 0, semicolons = 0, tabs = 0;
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (*p == '\n' || *p == '\r')
        break;
      else if (*p == ',')
        commas++;
      else if (*p == ';')
        semicolons++;
      else if (*p == '\t')
        tabs++;
    }
  if (tabs > commas && tabs >= semicolons)
    return '\t';
  if (semicolons > commas)
    return ';';
  return ',';
}

static gboolean
decode (YbCsvReader  *self,
        const char   *data,
        gsize         length,
        GError      **error)
{
  const guchar *bytes = (const guchar *) data;
  const char *from = NULL;
  gsize skip = 0;

  if (length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF)
    {
      self->encoding = "UTF-8";
      skip = 3;
    }
  else if (length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
    {
      from = self->encoding = "UTF-16LE";
      skip = 2;
    }
  else if (length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
    {
      from = self->encoding = "UTF-16BE";
      skip = 2;
    }
  else if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NOT_SPREADSHEET,
                   _("The file is neither an Excel workbook (.xlsx) nor CSV text."));
      return FALSE;
    }
  else if (g_utf8_validate (data, length, NULL))
    self->encoding = "UTF-8";
  else
    from = self->encoding = "GB18030";

  if (from == NULL)
    {
      if (memchr (data + skip, '\0', length - skip) != NULL
          || !g_utf8_validate (data + skip, length - skip, NULL))
        {
          g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_ENCODING,
                       _("The CSV file says it is UTF-8 but is not. Save it again as “CSV "
                         "UTF-8”."));
          return FALSE;
        }
      self->text = g_strndup (data + skip, length - skip);
      self->length = length - skip;
      return TRUE;
    }

  self->text = g_convert (data + skip, length - skip, "UTF-8", from, NULL, &self->length, NULL);
  if (self->text == NULL || memchr (self->text, '\0', self->length) != NULL)
    {
      g_clear_pointer (&self->text, g_free);
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_ENCODING,
                   _("The CSV file is neither UTF-8 nor GB18030 text. Save it again as “CSV "
                     "UTF-8”."));
      return FALSE;
    }
  return TRUE;
}

/**
 * yb_csv_reader_new_for_data:
 * @data: (array length=length): the file's bytes
 * @length: their length
 * @error: return location for a #YbImportError
 *
 * Decodes CSV text: a UTF-8 or UTF-16 byte-order mark is honoured, text
 * without one is taken as UTF-8 when it is valid UTF-8 and as GB18030
 * otherwise.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
YbCsvReader *
yb_csv_reader_new_for_data (const char  *data,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(YbCsvReader) self = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > MAX_CSV_BYTES)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("The file is larger than %d MB, too large to import. Split it into "
                     "smaller batches."), MAX_CSV_BYTES / (1024 * 1024));
      return NULL;
    }
  self = g_object_new (YB_TYPE_CSV_READER, NULL);
  if (!decode (self, data != NULL ? data : "", length, error))
    return NULL;
  self->separator = guess_separator (self->text);
  return g_steal_pointer (&self);
}

/**
 * yb_csv_reader_new:
 * @path: the file to read
 * @error: return location for an error
 *
 * Reads and decodes a CSV file (see yb_csv_reader_new_for_data()). Blocks.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
YbCsvReader *
yb_csv_reader_new (const char  *path,
                   GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) == 0 && st.st_size > MAX_CSV_BYTES)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("The file is larger than %d MB, too large to import. Split it into "
                     "smaller batches."), MAX_CSV_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &length, error))
    return NULL;
  return yb_csv_reader_new_for_data (data, length, error);
}

/**
 * yb_csv_reader_get_encoding:
 * @self: a reader
 *
 * Returns: the encoding the text was in ("UTF-8", "GB18030", "UTF-16LE", "UTF-16BE")
 */
const char *
yb_csv_reader_get_encoding (YbCsvReader *self)
{
  g_return_val_if_fail (YB_IS_CSV_READER (self), NULL);
  return self->encoding;
}

static void
clear_cells (GArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    g_free (g_array_index (cells, YbTableCell, i).text);
  g_array_set_size (cells, 0);
}

static gboolean
finish_field (GArray   *cells,
              GString  *field,
              guint     record,
              GError  **error)
{
  YbTableCell cell;

  if (cells->len >= YB_TABLE_MAX_COLUMNS)
    {
      if (field->len == 0)
        return TRUE;
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("Row %u has values beyond column %d. Remove the extra columns."), record,
                   YB_TABLE_MAX_COLUMNS);
      return FALSE;
    }
  if (g_utf8_strlen (field->str, -1) > YB_TABLE_MAX_CELL_CHARS)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("Row %u has a value of more than %d characters."), record,
                   YB_TABLE_MAX_CELL_CHARS);
      return FALSE;
    }
  cell.kind = field->len > 0 ? YB_CELL_TEXT : YB_CELL_EMPTY;
  cell.text = g_strndup (field->str, field->len);
  g_array_append_val (cells, cell);
  g_string_truncate (field, 0);
  return TRUE;
}

static gboolean
finish_record (GArray          *cells,
               guint            record,
               guint           *n_rows,
               YbTableRowFunc   func,
               gpointer         user_data,
               GError         **error)
{
  gboolean any = FALSE, ok = TRUE;

  for (guint i = 0; i < cells->len && !any; i++)
    any = g_array_index (cells, YbTableCell, i).kind != YB_CELL_EMPTY;
  if (any && ++*n_rows > YB_TABLE_MAX_ROWS)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("The sheet has more than %d rows, too many to import at once. Split it "
                     "into smaller batches."), YB_TABLE_MAX_ROWS);
      ok = FALSE;
    }
  else if (any)
    ok = func (record, (const YbTableCell *) cells->data, cells->len, user_data, error);
  clear_cells (cells);
  return ok;
}

/**
 * yb_csv_reader_read:
 * @self: a reader
 * @func: (scope call): receives each non-empty record
 * @user_data: closure for @func
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Splits the text into records and fields. Record numbers are the row numbers
 * a spreadsheet shows for the file (a quoted field with line breaks stays in
 * one row). Every cell is text.
 *
 * Returns: %TRUE when every record was read
 */
gboolean
yb_csv_reader_read (YbCsvReader     *self,
                    YbTableRowFunc   func,
                    gpointer         user_data,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autoptr(GString) field = g_string_new (NULL);
  g_autoptr(GArray) cells = g_array_new (FALSE, TRUE, sizeof (YbTableCell));
  const char *p = self->text, *end = self->text + self->length;
  gboolean quoted = FALSE, ok = TRUE;
  guint record = 1, n_rows = 0;

  g_return_val_if_fail (YB_IS_CSV_READER (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  for (; p < end && ok; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, c);
          continue;
        }
      if (c == '"' && field->len == 0)
        quoted = TRUE;
      else if (c == self->separator)
        ok = finish_field (cells, field, record, error);
      else if (c == '\r' || c == '\n')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          ok = finish_field (cells, field, record, error)
               && finish_record (cells, record, &n_rows, func, user_data, error);
          record++;
          if ((record & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            ok = FALSE;
        }
      else
        g_string_append_c (field, c);
    }
  if (ok && (field->len > 0 || cells->len > 0))
    ok = finish_field (cells, field, record, error)
         && finish_record (cells, record, &n_rows, func, user_data, error);
  clear_cells (cells);
  return ok;
}
