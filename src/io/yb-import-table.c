/* yb-import-table.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbImportTable"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yb-import-table.h"

#define SNIFF_BYTES 65536

static gboolean
contains_utf16 (const guchar *data,
                gsize         length,
                const char   *ascii)
{
  gsize n = strlen (ascii);

  for (gsize i = 0; i + 2 * n <= length; i++)
    {
      gsize j;

      for (j = 0; j < n; j++)
        if (data[i + 2 * j] != (guchar) ascii[j] || data[i + 2 * j + 1] != 0)
          break;
      if (j == n)
        return TRUE;
    }
  return FALSE;
}

/**
 * yb_import_table_sniff:
 * @path: a file
 * @out_format: (out): the format to read it with
 * @error: return location for a #YbImportError
 *
 * Looks at a file's first bytes: a zip archive is read as .xlsx, text as CSV. An OLE
 * compound file is an encrypted workbook (Excel wraps password-protected .xlsx that way)
 * or an old .xls; PDF, images and other binaries are not spreadsheets.
 *
 * Returns: %TRUE when the file can be read
 */
gboolean
yb_import_table_sniff (const char     *path,
                       YbTableFormat  *out_format,
                       GError        **error)
{
  g_autofree guchar *data = g_malloc (SNIFF_BYTES);
  FILE *file;
  gsize length;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (out_format != NULL, FALSE);

  file = fopen (path, "rb");
  if (file == NULL)
    {
      int err = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), _("Cannot open %s: %s"),
                   path, g_strerror (err));
      return FALSE;
    }
  length = fread (data, 1, SNIFF_BYTES, file);
  fclose (file);

  if (length == 0)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NO_HEADER, _("The file is empty."));
      return FALSE;
    }
  if (length >= 4 && memcmp (data, "PK\x03\x04", 4) == 0)
    {
      *out_format = YB_TABLE_FORMAT_XLSX;
      return TRUE;
    }
  if (length >= 4 && (memcmp (data, "PK\x05\x06", 4) == 0 || memcmp (data, "PK\x07\x08", 4) == 0))
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_CORRUPT,
                   _("The workbook is damaged or incomplete. Was it copied completely? Open it "
                     "in a spreadsheet program and save it again."));
      return FALSE;
    }
  if (length >= 8 && memcmp (data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    {
      if (contains_utf16 (data, length, "EncryptionInfo")
          || contains_utf16 (data, length, "EncryptedPackage"))
        g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_ENCRYPTED,
                     _("The file is password-protected. Remove the password in the "
                       "spreadsheet program and save it again."));
      else
        g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NOT_SPREADSHEET,
                     _("This is an old Excel 97–2003 workbook (.xls). Save it as an Excel "
                       "workbook (.xlsx) or as CSV first."));
      return FALSE;
    }
  if ((length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
      || memchr (data, '\0', length) == NULL)
    {
      *out_format = YB_TABLE_FORMAT_CSV;
      return TRUE;
    }
  g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NOT_SPREADSHEET,
               _("The file is neither an Excel workbook (.xlsx) nor CSV text."));
  return FALSE;
}
