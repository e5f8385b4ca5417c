/* yb-xlsx-reader.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbXlsxReader"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libxml/xmlreader.h>

#include "yb-xlsx-reader.h"

/* A streaming .xlsx reader: libarchive hands out the zip entries one by one and libxml2's
 * xmlTextReader parses them as they are inflated, so a sheet never sits in memory whole. The
 * workbook, its relationships, the styles and the shared strings are read once when the reader
 * is made; each sheet is streamed on request. Every size is capped so a hostile file cannot
 * exhaust the machine. */

#define MAX_SHEET_BYTES (64 * 1024 * 1024)
#define MAX_SHARED_BYTES (64 * 1024 * 1024)
#define MAX_PART_BYTES (8 * 1024 * 1024)
#define MAX_SHARED_STRINGS 1000000
#define MAX_RATIO 200
#define RATIO_FLOOR (4 * 1024 * 1024)

struct _YbXlsxReader
{
  GObject parent_instance;

  char *path;
  gint64 file_size;
  GPtrArray *sheet_names;
  GPtrArray *sheet_rids;
  GPtrArray *sheet_paths;
  GArray *sheet_hidden;
  GHashTable *rels;           /* rId -> part path */
  GStringChunk *chunk;
  GPtrArray *shared;          /* const char *, into chunk */
  GArray *date_styles;        /* gboolean per cellXfs index */
  gboolean date1904;
};

G_DEFINE_FINAL_TYPE (YbXlsxReader, yb_xlsx_reader, G_TYPE_OBJECT)

typedef enum
{
  STREAM_OK,
  STREAM_READ_ERROR,
  STREAM_TOO_LARGE,
  STREAM_BOMB,
  STREAM_CANCELLED,
} StreamState;

typedef struct
{
  struct archive *archive;
  gint64 limit;
  gint64 file_size;
  gint64 total;
  StreamState state;
  GCancellable *cancellable;
  gint64 next_cancel_check;
} EntryStream;

static int
entry_stream_read (void *context,
                   char *buffer,
                   int   len)
{
  EntryStream *stream = context;
  la_ssize_t n;

  if (stream->state != STREAM_OK)
    return -1;
  n = archive_read_data (stream->archive, buffer, len);
  if (n < 0)
    {
      stream->state = STREAM_READ_ERROR;
      return -1;
    }
  stream->total += n;
  if (stream->total > stream->limit)
    {
      stream->state = STREAM_TOO_LARGE;
      return -1;
    }
  /* Real sheets compress perhaps 10 to 50 times; a zip bomb compresses thousands of times. */
  if (stream->total > RATIO_FLOOR && stream->total / MAX (stream->file_size, 1) > MAX_RATIO)
    {
      stream->state = STREAM_BOMB;
      return -1;
    }
  if (stream->total >= stream->next_cancel_check)
    {
      stream->next_cancel_check = stream->total + 256 * 1024;
      if (g_cancellable_is_cancelled (stream->cancellable))
        {
          stream->state = STREAM_CANCELLED;
          return -1;
        }
    }
  return (int) n;
}

static int
entry_stream_close (void *context)
{
  return 0;
}

static void
set_corrupt (GError **error)
{
  g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_CORRUPT,
               _("The workbook is damaged or incomplete. Was it copied completely? Open it in a "
                 "spreadsheet program and save it again."));
}

/* Turns the state of a finished stream (or a libxml2 failure) into an error. */
static gboolean
stream_failed (EntryStream  *stream,
               const char   *part_label,
               GCancellable *cancellable,
               GError      **error)
{
  switch (stream->state)
    {
    case STREAM_TOO_LARGE:
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("The %s is larger than %d MB unpacked, too large to import. Split the file "
                     "into smaller batches."), part_label,
                   (int) (stream->limit / (1024 * 1024)));
      return TRUE;
    case STREAM_BOMB:
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("The workbook unpacks to far more data than a spreadsheet of its size can "
                     "hold. It is not imported."));
      return TRUE;
    case STREAM_CANCELLED:
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return TRUE;
    case STREAM_READ_ERROR:
      set_corrupt (error);
      return TRUE;
    case STREAM_OK:
    default:
      return FALSE;
    }
}

static struct archive *
open_archive (const char  *path,
              GError     **error)
{
  struct archive *archive = archive_read_new ();

  archive_read_support_format_zip_seekable (archive);
  if (archive_read_open_filename (archive, path, 64 * 1024) != ARCHIVE_OK)
    {
      int err = archive_errno (archive);

      archive_read_free (archive);
      if (err == ENOENT || err == EACCES)
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "%s", g_strerror (err));
      else
        set_corrupt (error);
      return NULL;
    }
  return archive;
}

static xmlTextReaderPtr
reader_for_stream (EntryStream *stream)
{
  /* No network, no entity substitution, no DTD loading: the file is hostile until read. */
  return xmlReaderForIO (entry_stream_read, entry_stream_close, stream, NULL, NULL,
                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING
                         | XML_PARSE_COMPACT);
}

static gboolean
is_element (xmlTextReaderPtr  reader,
            const char       *name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_ELEMENT
         && g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), name) == 0;
}

static gboolean
is_end_element (xmlTextReaderPtr  reader,
                const char       *name)
{
  return xmlTextReaderNodeType (reader) == XML_READER_TYPE_END_ELEMENT
         && g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), name) == 0;
}

static char *
get_attribute (xmlTextReaderPtr  reader,
               const char       *name)
{
  xmlChar *value = xmlTextReaderGetAttribute (reader, (const xmlChar *) name);
  char *copy = value != NULL ? g_strdup ((const char *) value) : NULL;

  xmlFree (value);
  return copy;
}

/* The relationship id of a <sheet>, whatever prefix the writer bound its namespace to. */
static char *
get_relationship_id (xmlTextReaderPtr reader)
{
  char *id = NULL;

  if (xmlTextReaderMoveToFirstAttribute (reader) != 1)
    return NULL;
  do
    {
      const char *local = (const char *) xmlTextReaderConstLocalName (reader);
      const char *prefix = (const char *) xmlTextReaderConstPrefix (reader);

      if (prefix != NULL && g_strcmp0 (local, "id") == 0)
        {
          id = g_strdup ((const char *) xmlTextReaderConstValue (reader));
          break;
        }
    }
  while (xmlTextReaderMoveToNextAttribute (reader) == 1);
  xmlTextReaderMoveToElement (reader);
  return id;
}

/* Text of the current element and its descendants up to its end, leaving out phonetic runs. */
static gboolean
read_text_element (xmlTextReaderPtr  reader,
                   const char       *end_name,
                   GString          *out)
{
  int phonetic = 0;
  int ret;

  if (xmlTextReaderIsEmptyElement (reader))
    return TRUE;
  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      int type = xmlTextReaderNodeType (reader);
      const char *local = (const char *) xmlTextReaderConstLocalName (reader);

      if (type == XML_READER_TYPE_END_ELEMENT && g_strcmp0 (local, end_name) == 0)
        return TRUE;
      if (type == XML_READER_TYPE_ELEMENT && g_strcmp0 (local, "rPh") == 0
          && !xmlTextReaderIsEmptyElement (reader))
        phonetic++;
      else if (type == XML_READER_TYPE_END_ELEMENT && g_strcmp0 (local, "rPh") == 0)
        phonetic--;
      else if ((type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE
                || type == XML_READER_TYPE_CDATA || type == XML_READER_TYPE_WHITESPACE)
               && phonetic == 0)
        {
          const char *parent_text = (const char *) xmlTextReaderConstValue (reader);

          if (parent_text != NULL && out->len < YB_TABLE_MAX_CELL_CHARS * 4 + 4)
            g_string_append (out, parent_text);
        }
    }
  return ret == 0;
}

/* Whether a number format shows a date. Built-in ids per ECMA-376 18.8.30, including the
 * East Asian ones Chinese Excel uses (27-36, 50-58). */
static gboolean
builtin_format_is_date (guint id)
{
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47)
         || (id >= 50 && id <= 58);
}

static gboolean
format_code_is_date (const char *code)
{
  gboolean quoted = FALSE, bracket = FALSE;

  if (code == NULL)
    return FALSE;
  for (const char *p = code; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (*p == '\\' && p[1] != '\0')
        p++;
      else if (*p == '[')
        bracket = TRUE;
      else if (*p == ']')
        bracket = FALSE;
      else if (!bracket && strchr ("yYdD", *p) != NULL)
        return TRUE;
    }
  return strstr (code, "年") != NULL || strstr (code, "月") != NULL
         || strstr (code, "日") != NULL;
}

typedef struct
{
  const char *name;
  gint64 limit;
  const char *label;
} PartSpec;

static gboolean
parse_workbook (YbXlsxReader     *self,
                xmlTextReaderPtr  reader)
{
  int ret;

  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      if (is_element (reader, "sheet"))
        {
          g_autofree char *state = get_attribute (reader, "state");
          gboolean hidden = state != NULL && g_strcmp0 (state, "visible") != 0;
          char *name = get_attribute (reader, "name");

          g_ptr_array_add (self->sheet_names, name != NULL ? name : g_strdup (""));
          g_ptr_array_add (self->sheet_rids, get_relationship_id (reader));
          g_array_append_val (self->sheet_hidden, hidden);
        }
      else if (is_element (reader, "workbookPr"))
        {
          g_autofree char *d1904 = get_attribute (reader, "date1904");

          self->date1904 = g_strcmp0 (d1904, "1") == 0 || g_strcmp0 (d1904, "true") == 0;
        }
    }
  return ret == 0;
}

static gboolean
parse_rels (YbXlsxReader     *self,
            xmlTextReaderPtr  reader)
{
  int ret;

  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      g_autofree char *id = NULL;
      g_autofree char *target = NULL;

      if (!is_element (reader, "Relationship"))
        continue;
      id = get_attribute (reader, "Id");
      target = get_attribute (reader, "Target");
      if (id == NULL || target == NULL)
        continue;
      if (target[0] == '/')
        g_hash_table_insert (self->rels, g_steal_pointer (&id), g_strdup (target + 1));
      else
        g_hash_table_insert (self->rels, g_steal_pointer (&id),
                             g_strconcat ("xl/", target, NULL));
    }
  return ret == 0;
}

static gboolean
parse_styles (YbXlsxReader     *self,
              xmlTextReaderPtr  reader)
{
  g_autoptr(GHashTable) custom_dates = g_hash_table_new (g_direct_hash, g_direct_equal);
  gboolean in_cell_xfs = FALSE;
  int ret;

  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      if (is_element (reader, "numFmt"))
        {
          g_autofree char *id = get_attribute (reader, "numFmtId");
          g_autofree char *code = get_attribute (reader, "formatCode");

          if (id != NULL && format_code_is_date (code))
            g_hash_table_add (custom_dates, GUINT_TO_POINTER ((guint) atoi (id)));
        }
      else if (is_element (reader, "cellXfs"))
        in_cell_xfs = !xmlTextReaderIsEmptyElement (reader);
      else if (is_end_element (reader, "cellXfs"))
        in_cell_xfs = FALSE;
      else if (in_cell_xfs && is_element (reader, "xf"))
        {
          g_autofree char *id_text = get_attribute (reader, "numFmtId");
          guint id = id_text != NULL ? (guint) atoi (id_text) : 0;
          gboolean is_date = builtin_format_is_date (id)
                             || g_hash_table_contains (custom_dates, GUINT_TO_POINTER (id));

          g_array_append_val (self->date_styles, is_date);
        }
    }
  return ret == 0;
}

static gboolean
parse_shared_strings (YbXlsxReader     *self,
                      xmlTextReaderPtr  reader,
                      GError          **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  int ret;

  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      if (!is_element (reader, "si"))
        continue;
      g_string_truncate (text, 0);
      if (!read_text_element (reader, "si", text))
        return FALSE;
      if (self->shared->len >= MAX_SHARED_STRINGS)
        {
          g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                       _("The workbook holds more than %d different texts, too many to "
                         "import."), MAX_SHARED_STRINGS);
          return FALSE;
        }
      g_ptr_array_add (self->shared, g_string_chunk_insert (self->chunk, text->str));
    }
  return ret == 0;
}

static gboolean
read_parts (YbXlsxReader  *self,
            GCancellable  *cancellable,
            GError       **error)
{
  struct archive *archive;
  struct archive_entry *entry;
  gboolean seen_workbook = FALSE, seen_ods = FALSE, ok = TRUE;
  int ret;

  archive = open_archive (self->path, error);
  if (archive == NULL)
    return FALSE;

  while (ok && (ret = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      const char *name = archive_entry_pathname (entry);
      int which;
      static const PartSpec parts[] = {
        { "xl/workbook.xml", MAX_PART_BYTES, N_("workbook index") },
        { "xl/_rels/workbook.xml.rels", MAX_PART_BYTES, N_("workbook index") },
        { "xl/styles.xml", MAX_PART_BYTES, N_("style table") },
        { "xl/sharedStrings.xml", MAX_SHARED_BYTES, N_("table of texts") },
      };

      if (g_strcmp0 (name, "mimetype") == 0)
        seen_ods = TRUE;
      for (which = 0; which < (int) G_N_ELEMENTS (parts); which++)
        if (g_strcmp0 (name, parts[which].name) == 0)
          break;
      if (which == G_N_ELEMENTS (parts))
        {
          if (archive_entry_is_encrypted (entry))
            {
              g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_ENCRYPTED,
                           _("The file is password-protected. Remove the password in the "
                             "spreadsheet program and save it again."));
              ok = FALSE;
            }
          continue;
        }
      if (archive_entry_is_encrypted (entry))
        {
          g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_ENCRYPTED,
                       _("The file is password-protected. Remove the password in the "
                         "spreadsheet program and save it again."));
          ok = FALSE;
          break;
        }

      {
        EntryStream stream = { archive, parts[which].limit, self->file_size, 0, STREAM_OK,
                               cancellable, 0 };
        xmlTextReaderPtr reader = reader_for_stream (&stream);
        gboolean parsed;
        GError *local_error = NULL;

        if (reader == NULL)
          {
            set_corrupt (error);
            ok = FALSE;
            break;
          }
        switch (which)
          {
          case 0:
            parsed = parse_workbook (self, reader);
            seen_workbook = TRUE;
            break;
          case 1:
            parsed = parse_rels (self, reader);
            break;
          case 2:
            parsed = parse_styles (self, reader);
            break;
          default:
            parsed = parse_shared_strings (self, reader, &local_error);
            break;
          }
        xmlFreeTextReader (reader);
        if (local_error != NULL)
          {
            g_propagate_error (error, local_error);
            ok = FALSE;
          }
        else if (stream_failed (&stream, _(parts[which].label), cancellable, error))
          ok = FALSE;
        else if (!parsed)
          {
            set_corrupt (error);
            ok = FALSE;
          }
      }
    }

  if (ok && ret != ARCHIVE_EOF && ret != ARCHIVE_OK)
    {
      set_corrupt (error);
      ok = FALSE;
    }
  archive_read_free (archive);
  if (!ok)
    return FALSE;

  if (!seen_workbook)
    {
      if (seen_ods)
        g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NOT_SPREADSHEET,
                     _("This is an OpenDocument spreadsheet (.ods). Save it as an Excel "
                       "workbook (.xlsx) or as CSV first."));
      else
        g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NOT_SPREADSHEET,
                     _("The file is a zip archive but not an Excel workbook (.xlsx)."));
      return FALSE;
    }

  for (guint i = 0; i < self->sheet_names->len; i++)
    {
      const char *rid = g_ptr_array_index (self->sheet_rids, i);
      const char *part = rid != NULL ? g_hash_table_lookup (self->rels, rid) : NULL;

      /* Without relationships, fall back to the conventional names. */
      g_ptr_array_add (self->sheet_paths,
                       part != NULL ? g_strdup (part)
                                    : g_strdup_printf ("xl/worksheets/sheet%u.xml", i + 1));
    }
  if (self->sheet_names->len == 0)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_NO_HEADER,
                   _("The workbook has no sheets."));
      return FALSE;
    }
  return TRUE;
}

static void
yb_xlsx_reader_finalize (GObject *object)
{
  YbXlsxReader *self = YB_XLSX_READER (object);

  g_free (self->path);
  g_ptr_array_unref (self->sheet_names);
  g_ptr_array_unref (self->sheet_rids);
  g_ptr_array_unref (self->sheet_paths);
  g_array_unref (self->sheet_hidden);
  g_hash_table_unref (self->rels);
  g_ptr_array_unref (self->shared);
  g_string_chunk_free (self->chunk);
  g_array_unref (self->date_styles);

  G_OBJECT_CLASS (yb_xlsx_reader_parent_class)->finalize (object);
}

static void
yb_xlsx_reader_class_init (YbXlsxReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_xlsx_reader_finalize;
}

static void
yb_xlsx_reader_init (YbXlsxReader *self)
{
  self->sheet_names = g_ptr_array_new_with_free_func (g_free);
  self->sheet_rids = g_ptr_array_new_with_free_func (g_free);
  self->sheet_paths = g_ptr_array_new_with_free_func (g_free);
  self->sheet_hidden = g_array_new (FALSE, FALSE, sizeof (gboolean));
  self->rels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->chunk = g_string_chunk_new (64 * 1024);
  self->shared = g_ptr_array_new ();
  self->date_styles = g_array_new (FALSE, FALSE, sizeof (gboolean));
}

/* Sheet streaming. */

typedef struct
{
  YbXlsxReader *self;
  GArray *cells;              /* YbTableCell */
  guint row_number;
  guint n_rows;
  YbTableRowFunc func;
  gpointer user_data;
} SheetState;

/* "BC12" -> column 54 (0-based); returns FALSE when the reference has no letters. */
static gboolean
parse_cell_ref (const char *ref,
                guint      *out_column,
                guint      *out_row)
{
  guint column = 0, row = 0;
  const char *p = ref;

  if (ref == NULL || !g_ascii_isalpha (*p))
    return FALSE;
  for (; g_ascii_isalpha (*p); p++)
    {
      column = column * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (column > 16384)
        return FALSE;
    }
  for (; g_ascii_isdigit (*p); p++)
    {
      row = row * 10 + (*p - '0');
      if (row > 1048576)
        return FALSE;
    }
  *out_column = column - 1;
  *out_row = row;
  return TRUE;
}

static char *
column_name (guint column)
{
  char buf[8];
  int i = G_N_ELEMENTS (buf) - 1;

  buf[i] = '\0';
  column++;
  while (column > 0 && i > 0)
    {
      buf[--i] = 'A' + (column - 1) % 26;
      column = (column - 1) / 26;
    }
  return g_strdup (buf + i);
}

static char *
serial_to_date (YbXlsxReader *self,
                const char   *text)
{
  char *end = NULL;
  double serial = g_ascii_strtod (text, &end);
  GDate date;
  int days;

  if (end == text || *end != '\0' || serial < 1 || serial > 2958465)
    return NULL;
  days = (int) serial;
  g_date_clear (&date, 1);
  if (self->date1904)
    g_date_set_dmy (&date, 1, 1, 1904);
  else if (days < 60)
    g_date_set_dmy (&date, 31, 12, 1899);
  else
    /* Excel counts a 29 February 1900 that never was. */
    g_date_set_dmy (&date, 30, 12, 1899);
  g_date_add_days (&date, days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static void
clear_cells (GArray *cells)
{
  for (guint i = 0; i < cells->len; i++)
    g_free (g_array_index (cells, YbTableCell, i).text);
  g_array_set_size (cells, 0);
}

static gboolean
emit_row (SheetState  *state,
          GError     **error)
{
  gboolean any = FALSE;

  for (guint i = 0; i < state->cells->len && !any; i++)
    any = g_array_index (state->cells, YbTableCell, i).kind != YB_CELL_EMPTY;
  if (!any)
    {
      clear_cells (state->cells);
      return TRUE;
    }
  if (++state->n_rows > YB_TABLE_MAX_ROWS)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("The sheet has more than %d rows, too many to import at once. Split it "
                     "into smaller batches."), YB_TABLE_MAX_ROWS);
      return FALSE;
    }
  if (!state->func (state->row_number, (const YbTableCell *) state->cells->data,
                    state->cells->len, state->user_data, error))
    return FALSE;
  clear_cells (state->cells);
  return TRUE;
}

static gboolean
read_cell (SheetState        *state,
           xmlTextReaderPtr   reader,
           guint              column,
           YbTableCell       *out_cell,
           GError           **error)
{
  YbXlsxReader *self = state->self;
  g_autofree char *type = get_attribute (reader, "t");
  g_autofree char *style = get_attribute (reader, "s");
  g_autoptr(GString) value = NULL;
  g_autoptr(GString) inline_text = NULL;
  gboolean has_value = FALSE, has_inline = FALSE, has_formula = FALSE;
  YbTableCell cell = { YB_CELL_EMPTY, NULL };
  int ret;

  if (!xmlTextReaderIsEmptyElement (reader))
    {
      while ((ret = xmlTextReaderRead (reader)) == 1)
        {
          if (is_end_element (reader, "c"))
            break;
          if (is_element (reader, "v"))
            {
              value = g_string_new (NULL);
              has_value = TRUE;
              if (!read_text_element (reader, "v", value))
                return FALSE;
            }
          else if (is_element (reader, "is"))
            {
              inline_text = g_string_new (NULL);
              has_inline = TRUE;
              if (!read_text_element (reader, "is", inline_text))
                return FALSE;
            }
          else if (is_element (reader, "f"))
            has_formula = TRUE;
        }
      if (ret != 1)
        return FALSE;
    }

  /* Some writers leave an empty <v/> after a formula they never calculated. */
  if (has_formula && has_value && value->len == 0 && g_strcmp0 (type, "str") != 0)
    has_value = FALSE;

  if (g_strcmp0 (type, "inlineStr") == 0 || has_inline)
    {
      cell.kind = YB_CELL_TEXT;
      cell.text = g_strdup (has_inline ? inline_text->str : has_value ? value->str : "");
    }
  else if (!has_value)
    {
      if (has_formula)
        {
          g_autofree char *where = column_name (column);

          g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_FORMULA,
                       _("Cell %s%u holds a formula without a saved result. Replace the "
                         "formulas with their values (copy, then paste values) and save the "
                         "file again."), where, state->row_number);
          return FALSE;
        }
      cell.text = g_strdup ("");
      *out_cell = cell;
      return TRUE;
    }
  else if (g_strcmp0 (type, "s") == 0)
    {
      guint64 index;

      if (!g_ascii_string_to_unsigned (value->str, 10, 0, G_MAXUINT, &index, NULL)
          || index >= self->shared->len)
        {
          g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_CORRUPT,
                       _("The workbook is damaged: a cell in row %u refers to a text that is "
                         "not there."), state->row_number);
          return FALSE;
        }
      cell.kind = YB_CELL_TEXT;
      cell.text = g_strdup (g_ptr_array_index (self->shared, index));
    }
  else if (g_strcmp0 (type, "str") == 0)
    {
      cell.kind = YB_CELL_TEXT;
      cell.text = g_strdup (value->str);
    }
  else if (g_strcmp0 (type, "b") == 0)
    {
      cell.kind = YB_CELL_BOOLEAN;
      cell.text = g_strdup (g_str_equal (value->str, "1") ? "TRUE" : "FALSE");
    }
  else if (g_strcmp0 (type, "e") == 0)
    {
      cell.kind = YB_CELL_ERROR;
      cell.text = g_strdup (value->str);
    }
  else if (g_strcmp0 (type, "d") == 0)
    {
      cell.kind = YB_CELL_DATE;
      cell.text = g_strndup (value->str, 10);
    }
  else
    {
      guint style_index = style != NULL ? (guint) atoi (style) : 0;
      char *date = NULL;

      g_strstrip (value->str);
      if (style_index < self->date_styles->len
          && g_array_index (self->date_styles, gboolean, style_index))
        date = serial_to_date (self, value->str);
      if (date != NULL)
        {
          cell.kind = YB_CELL_DATE;
          cell.text = date;
        }
      else
        {
          cell.kind = YB_CELL_NUMBER;
          cell.text = g_strdup (value->str);
        }
    }

  if (cell.text[0] == '\0' && cell.kind == YB_CELL_TEXT)
    cell.kind = YB_CELL_EMPTY;
  if (g_utf8_strlen (cell.text, -1) > YB_TABLE_MAX_CELL_CHARS
      || (gsize) strlen (cell.text) > YB_TABLE_MAX_CELL_CHARS * 4)
    {
      g_autofree char *where = column_name (column);

      g_free (cell.text);
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                   _("Cell %s%u holds more than %d characters."), where, state->row_number,
                   YB_TABLE_MAX_CELL_CHARS);
      return FALSE;
    }

  *out_cell = cell;
  return TRUE;
}

static void
place_cell (SheetState  *state,
            guint        column,
            YbTableCell  cell)
{
  if (column >= state->cells->len)
    {
      guint old = state->cells->len;

      g_array_set_size (state->cells, column + 1);
      for (guint i = old; i <= column; i++)
        {
          g_array_index (state->cells, YbTableCell, i).kind = YB_CELL_EMPTY;
          g_array_index (state->cells, YbTableCell, i).text = g_strdup ("");
        }
    }
  g_free (g_array_index (state->cells, YbTableCell, column).text);
  g_array_index (state->cells, YbTableCell, column) = cell;
}

static gboolean
stream_sheet (SheetState        *state,
              xmlTextReaderPtr   reader,
              GError           **error)
{
  g_autofree char *merged = NULL;
  guint next_column = 0;
  int ret;

  state->row_number = 0;
  while ((ret = xmlTextReaderRead (reader)) == 1)
    {
      if (is_element (reader, "row"))
        {
          g_autofree char *r = get_attribute (reader, "r");
          guint64 number;

          if (r != NULL && g_ascii_string_to_unsigned (r, 10, 1, 1048576, &number, NULL))
            state->row_number = (guint) number;
          else
            state->row_number++;
          next_column = 0;
          clear_cells (state->cells);
          if (xmlTextReaderIsEmptyElement (reader))
            continue;
        }
      else if (is_end_element (reader, "row"))
        {
          if (!emit_row (state, error))
            return FALSE;
        }
      else if (is_element (reader, "c"))
        {
          g_autofree char *ref = get_attribute (reader, "r");
          guint column = next_column, row;
          YbTableCell cell = { YB_CELL_EMPTY, NULL };

          if (ref != NULL && !parse_cell_ref (ref, &column, &row))
            {
              set_corrupt (error);
              return FALSE;
            }
          if (!read_cell (state, reader, MIN (column, YB_TABLE_MAX_COLUMNS), &cell, error))
            {
              if (error != NULL && *error == NULL)
                set_corrupt (error);
              return FALSE;
            }
          /* Empty styled cells far to the right are common; only values count. */
          if (column >= YB_TABLE_MAX_COLUMNS)
            {
              gboolean has_value = cell.kind != YB_CELL_EMPTY;

              g_free (cell.text);
              if (has_value)
                {
                  g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_TOO_LARGE,
                               _("Row %u has values beyond column %d. Remove the extra "
                                 "columns."), state->row_number, YB_TABLE_MAX_COLUMNS);
                  return FALSE;
                }
              continue;
            }
          next_column = column + 1;
          place_cell (state, column, cell);
        }
      else if (is_element (reader, "mergeCell") && merged == NULL)
        merged = get_attribute (reader, "ref");
    }
  if (ret != 0)
    {
      set_corrupt (error);
      return FALSE;
    }
  if (merged != NULL)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_MERGED_CELLS,
                   _("The sheet has merged cells (%s). Unmerge all cells so that each row "
                     "holds one person, then save the file again."), merged);
      return FALSE;
    }
  return TRUE;
}

/**
 * yb_xlsx_reader_new:
 * @path: the file to read
 * @cancellable: (nullable): a cancellable
 * @error: return location for a #YbImportError
 *
 * Opens an .xlsx workbook and reads its sheet list, styles and shared texts.
 * Blocks: call it from a worker thread.
 *
 * Returns: (transfer full): the reader, or %NULL with @error set
 */
YbXlsxReader *
yb_xlsx_reader_new (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(YbXlsxReader) self = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_stat (path, &st) != 0)
    {
      int err = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (err), "%s", g_strerror (err));
      return NULL;
    }

  self = g_object_new (YB_TYPE_XLSX_READER, NULL);
  self->path = g_strdup (path);
  self->file_size = st.st_size;
  if (!read_parts (self, cancellable, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * yb_xlsx_reader_get_n_sheets:
 * @self: a reader
 *
 * Returns: how many sheets the workbook has
 */
guint
yb_xlsx_reader_get_n_sheets (YbXlsxReader *self)
{
  g_return_val_if_fail (YB_IS_XLSX_READER (self), 0);
  return self->sheet_names->len;
}

/**
 * yb_xlsx_reader_get_sheet_name:
 * @self: a reader
 * @index: a sheet index, in workbook order
 *
 * Returns: the sheet's name as its tab shows it
 */
const char *
yb_xlsx_reader_get_sheet_name (YbXlsxReader *self,
                               guint         index)
{
  g_return_val_if_fail (YB_IS_XLSX_READER (self), NULL);
  g_return_val_if_fail (index < self->sheet_names->len, NULL);
  return g_ptr_array_index (self->sheet_names, index);
}

/**
 * yb_xlsx_reader_is_sheet_hidden:
 * @self: a reader
 * @index: a sheet index
 *
 * Returns: %TRUE when the sheet is hidden in the workbook
 */
gboolean
yb_xlsx_reader_is_sheet_hidden (YbXlsxReader *self,
                                guint         index)
{
  g_return_val_if_fail (YB_IS_XLSX_READER (self), FALSE);
  g_return_val_if_fail (index < self->sheet_hidden->len, FALSE);
  return g_array_index (self->sheet_hidden, gboolean, index);
}

/**
 * yb_xlsx_reader_read_sheet:
 * @self: a reader
 * @index: the sheet to read
 * @func: (scope call): receives each non-empty row
 * @user_data: closure for @func
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Streams one sheet: numbers stay as the file stores them, numbers in date formats become
 * "YYYY-MM-DD", formulas give their saved result. A formula without a result, merged cells,
 * too many rows, columns or characters, a damaged or oversized part all fail with a
 * #YbImportError whose message tells the clerk what to do. Blocks: call it from a worker.
 *
 * Returns: %TRUE when every row was read
 */
gboolean
yb_xlsx_reader_read_sheet (YbXlsxReader   *self,
                           guint           index,
                           YbTableRowFunc  func,
                           gpointer        user_data,
                           GCancellable   *cancellable,
                           GError        **error)
{
  const char *part;
  struct archive *archive;
  struct archive_entry *entry;
  SheetState state = { 0 };
  gboolean found = FALSE, ok = FALSE;
  int ret;

  g_return_val_if_fail (YB_IS_XLSX_READER (self), FALSE);
  g_return_val_if_fail (index < self->sheet_paths->len, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  part = g_ptr_array_index (self->sheet_paths, index);
  archive = open_archive (self->path, error);
  if (archive == NULL)
    return FALSE;

  while ((ret = archive_read_next_header (archive, &entry)) == ARCHIVE_OK)
    {
      EntryStream stream = { archive, MAX_SHEET_BYTES, self->file_size, 0, STREAM_OK,
                             cancellable, 0 };
      xmlTextReaderPtr reader;
      GError *local_error = NULL;

      if (g_strcmp0 (archive_entry_pathname (entry), part) != 0)
        continue;
      found = TRUE;
      if (archive_entry_size_is_set (entry) && archive_entry_size (entry) > MAX_SHEET_BYTES)
        {
          stream.total = archive_entry_size (entry);
          stream.state = STREAM_TOO_LARGE;
          stream_failed (&stream, _("sheet"), cancellable, error);
          break;
        }
      reader = reader_for_stream (&stream);
      if (reader == NULL)
        {
          set_corrupt (error);
          break;
        }
      state.self = self;
      state.cells = g_array_new (FALSE, TRUE, sizeof (YbTableCell));
      state.func = func;
      state.user_data = user_data;
      ok = stream_sheet (&state, reader, &local_error);
      xmlFreeTextReader (reader);
      clear_cells (state.cells);
      g_array_unref (state.cells);
      /* A stream failure explains a parse failure better than the parser can. */
      if (stream.state != STREAM_OK)
        {
          g_clear_error (&local_error);
          stream_failed (&stream, _("sheet"), cancellable, error);
          ok = FALSE;
        }
      else if (!ok)
        g_propagate_error (error, local_error);
      break;
    }

  if (!found && ret != ARCHIVE_EOF)
    set_corrupt (error);
  else if (!found)
    g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_CORRUPT,
                 _("The workbook is damaged: the sheet “%s” is missing."),
                 (const char *) g_ptr_array_index (self->sheet_names, index));
  archive_read_free (archive);
  return ok;
}
