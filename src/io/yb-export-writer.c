/* yb-export-writer.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbExportWriter"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <xlsxwriter.h>

#include "yb-export-writer.h"
#include "yb-field-checks.h"
#include "yb-roster-person.h"

/* Exports of tables (roster, query results, import reports) to .xlsx and CSV. The workbook is
 * written in libxlsxwriter's constant-memory mode, row by row, so a 100,000-row roster costs a
 * few MB (PERFORMANCE.md 3a); the header is bold and frozen and ID-like columns are text. */

#define MAX_WIDTH 60

struct _YbExportWriter
{
  GObject parent_instance;

  YbExportFormat format;
  char *path;
  guint n_columns;
  gboolean *text_columns;
  guint row;

  lxw_workbook *workbook;
  lxw_worksheet *sheet;
  lxw_format *header_format;
  lxw_format *text_format;
  lxw_format *marked_format;
  lxw_format *marked_text_format;

  FILE *csv;
};

G_DEFINE_FINAL_TYPE (YbExportWriter, yb_export_writer, G_TYPE_OBJECT)

static void
yb_export_writer_finalize (GObject *object)
{
  YbExportWriter *self = YB_EXPORT_WRITER (object);

  /* Not finished: drop the half-written file rather than leave a broken one. */
  if (self->workbook != NULL)
    {
      workbook_close (self->workbook);
      g_unlink (self->path);
    }
  if (self->csv != NULL)
    {
      fclose (self->csv);
      g_unlink (self->path);
    }
  g_free (self->text_columns);
  g_free (self->path);

  G_OBJECT_CLASS (yb_export_writer_parent_class)->finalize (object);
}

static void
yb_export_writer_class_init (YbExportWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yb_export_writer_finalize;
}

static void
yb_export_writer_init (YbExportWriter *self)
{
}

static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static void
set_write_error (GError     **error,
                 const char  *path,
                 const char  *detail)
{
  g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_WRITE, _("Cannot write %s: %s"), path,
               detail);
}

/**
 * yb_export_format_from_path:
 * @path: a file name
 *
 * Returns: %YB_EXPORT_FORMAT_CSV for names ending in .csv, else %YB_EXPORT_FORMAT_XLSX
 */
YbExportFormat
yb_export_format_from_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".csv") ? YB_EXPORT_FORMAT_CSV : YB_EXPORT_FORMAT_XLSX;
}

static void
write_csv_field (FILE       *file,
                 const char *value)
{
  gboolean quote = strpbrk (value, ",\"\r\n") != NULL;

  /* A leading = + - @ would run as a formula when the file is opened in a spreadsheet. */
  if (value[0] == '=' || value[0] == '+' || value[0] == '@'
      || (value[0] == '-' && !g_ascii_isdigit (value[1])))
    {
      quote = TRUE;
      fputs ("\"'", file);
    }
  else if (quote)
    fputc ('"', file);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        fputc ('"', file);
      fputc (*p, file);
    }
  if (quote)
    fputc ('"', file);
}

/**
 * yb_export_writer_new:
 * @path: the file to write
 * @format: the format
 * @sheet_name: (nullable): the sheet's name in a workbook
 * @columns: (array length=n_columns): the columns
 * @n_columns: their number
 * @error: return location for an error
 *
 * Starts an export and writes the header row.
 *
 * Returns: (transfer full): the writer, or %NULL with @error set
 */
YbExportWriter *
yb_export_writer_new (const char           *path,
                      YbExportFormat        format,
                      const char           *sheet_name,
                      const YbExportColumn *columns,
                      guint                 n_columns,
                      GError              **error)
{
  g_autoptr(YbExportWriter) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (columns != NULL && n_columns > 0, NULL);

  self = g_object_new (YB_TYPE_EXPORT_WRITER, NULL);
  self->format = format;
  self->path = g_strdup (path);
  self->n_columns = n_columns;
  self->text_columns = g_new0 (gboolean, n_columns);
  for (guint i = 0; i < n_columns; i++)
    self->text_columns[i] = columns[i].text;

  if (format == YB_EXPORT_FORMAT_CSV)
    {
      self->csv = fopen (path, "wb");
      if (self->csv == NULL)
        {
          set_write_error (error, path, g_strerror (errno));
          return NULL;
        }
      fputs ("\xEF\xBB\xBF", self->csv);
      for (guint i = 0; i < n_columns; i++)
        {
          if (i > 0)
            fputc (',', self->csv);
          write_csv_field (self->csv, columns[i].header);
        }
      fputs ("\r\n", self->csv);
      self->row = 1;
      return g_steal_pointer (&self);
    }

  {
    lxw_workbook_options options = { .constant_memory = LXW_TRUE, .tmpdir = NULL };

    self->workbook = workbook_new_opt (path, &options);
  }
  if (self->workbook == NULL)
    {
      set_write_error (error, path, _("the workbook could not be created"));
      return NULL;
    }
  self->sheet = workbook_add_worksheet (self->workbook, sheet_name);
  if (self->sheet == NULL)
    self->sheet = workbook_add_worksheet (self->workbook, NULL);
  self->header_format = workbook_add_format (self->workbook);
  format_set_bold (self->header_format);
  format_set_bg_color (self->header_format, 0xDDEBF7);
  self->text_format = workbook_add_format (self->workbook);
  format_set_num_format (self->text_format, "@");
  self->marked_format = workbook_add_format (self->workbook);
  format_set_bg_color (self->marked_format, 0xFFC7CE);
  format_set_font_color (self->marked_format, 0x9C0006);
  self->marked_text_format = workbook_add_format (self->workbook);
  format_set_num_format (self->marked_text_format, "@");
  format_set_bg_color (self->marked_text_format, 0xFFC7CE);
  format_set_font_color (self->marked_text_format, 0x9C0006);

  for (guint i = 0; i < n_columns; i++)
    {
      guint width = MAX (columns[i].width, display_width (columns[i].header) + 2);

      width = CLAMP (width, 6, MAX_WIDTH);
      worksheet_set_column (self->sheet, i, i, width,
                            columns[i].text ? self->text_format : NULL);
      worksheet_write_string (self->sheet, 0, i, columns[i].header, self->header_format);
    }
  worksheet_freeze_panes (self->sheet, 1, 0);
  self->row = 1;
  return g_steal_pointer (&self);
}

/**
 * yb_export_writer_add_row:
 * @self: a writer
 * @values: (array): one value per column; %NULL for an empty cell
 * @marked: (array) (nullable): per column, %TRUE to highlight the cell as bad
 * @error: return location for an error
 *
 * Writes a row. Every value is written as text, so no digits are lost.
 *
 * Returns: %TRUE on success
 */
gboolean
yb_export_writer_add_row (YbExportWriter     *self,
                          const char * const *values,
                          const gboolean     *marked,
                          GError            **error)
{
  g_return_val_if_fail (YB_IS_EXPORT_WRITER (self), FALSE);
  g_return_val_if_fail (values != NULL, FALSE);

  if (self->csv != NULL)
    {
      for (guint i = 0; i < self->n_columns; i++)
        {
          if (i > 0)
            fputc (',', self->csv);
          write_csv_field (self->csv, values[i] != NULL ? values[i] : "");
        }
      fputs ("\r\n", self->csv);
      if (ferror (self->csv))
        {
          set_write_error (error, self->path, g_strerror (errno));
          return FALSE;
        }
      self->row++;
      return TRUE;
    }

  if (self->row >= LXW_ROW_MAX)
    {
      set_write_error (error, self->path, _("more rows than a sheet can hold"));
      return FALSE;
    }
  for (guint i = 0; i < self->n_columns; i++)
    {
      gboolean bad = marked != NULL && marked[i];
      lxw_format *format = bad ? (self->text_columns[i] ? self->marked_text_format
                                                        : self->marked_format)
                               : self->text_columns[i] ? self->text_format : NULL;
      lxw_error err;

      if (values[i] == NULL || values[i][0] == '\0')
        {
          if (bad)
            worksheet_write_blank (self->sheet, self->row, i, format);
          continue;
        }
      err = worksheet_write_string (self->sheet, self->row, i, values[i], format);
      if (err != LXW_NO_ERROR)
        {
          set_write_error (error, self->path, lxw_strerror (err));
          return FALSE;
        }
    }
  self->row++;
  return TRUE;
}

/**
 * yb_export_writer_finish:
 * @self: a writer
 * @error: return location for an error
 *
 * Completes the file. A writer dropped without finishing removes its file.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
yb_export_writer_finish (YbExportWriter  *self,
                         GError         **error)
{
  g_return_val_if_fail (YB_IS_EXPORT_WRITER (self), FALSE);

  if (self->csv != NULL)
    {
      FILE *csv = g_steal_pointer (&self->csv);

      if (fclose (csv) != 0)
        {
          set_write_error (error, self->path, g_strerror (errno));
          return FALSE;
        }
      return TRUE;
    }
  if (self->workbook != NULL)
    {
      lxw_error err = workbook_close (g_steal_pointer (&self->workbook));

      if (err != LXW_NO_ERROR)
        {
          set_write_error (error, self->path, lxw_strerror (err));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * yb_export_roster:
 * @roster: (element-type YbRosterPerson): the roster, e.g. a #YbRosterModel
 * @path: the file to write
 * @format: the format
 * @mask_id_numbers: %TRUE to write masked ID numbers (for sharing a screen or a list)
 * @cancellable: (nullable): a cancellable
 * @error: return location for an error
 *
 * Exports the roster. Blocks: call it from a worker thread for large rosters.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
yb_export_roster (GListModel     *roster,
                  const char     *path,
                  YbExportFormat  format,
                  gboolean        mask_id_numbers,
                  GCancellable   *cancellable,
                  GError        **error)
{
  const YbExportColumn columns[] = {
    { "个人编号", 14, TRUE }, { "身份证号", 20, TRUE }, { "姓名", 10, FALSE },
    { "性别", 6, FALSE }, { "出生日期", 12, TRUE }, { "手机号码", 14, TRUE },
    { "参保状态", 10, FALSE }, { "用工形式", 12, FALSE }, { "户口性质", 12, FALSE },
    { "本次参保时间", 14, TRUE }, { "停缴月份", 10, TRUE }, { "月工资收入", 12, FALSE },
    { "缴费基数", 12, FALSE },
  };
  g_autoptr(YbExportWriter) writer = NULL;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (roster), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  writer = yb_export_writer_new (path, format, "参保人员名单", columns, G_N_ELEMENTS (columns),
                                 error);
  if (writer == NULL)
    return FALSE;
  n = g_list_model_get_n_items (roster);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YbRosterPerson) person = g_list_model_get_item (roster, i);
      g_autofree char *masked = NULL;
      g_autofree char *wage = NULL;
      g_autofree char *base = NULL;
      const char *values[G_N_ELEMENTS (columns)];

      if ((i & 1023) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (mask_id_numbers)
        masked = yb_roster_person_dup_masked_id_number (person);
      if (yb_roster_person_get_wage (person) > 0)
        wage = yb_format_money (yb_roster_person_get_wage (person));
      if (yb_roster_person_get_base (person) > 0)
        base = yb_format_money (yb_roster_person_get_base (person));
      values[0] = yb_roster_person_get_person_no (person);
      values[1] = masked != NULL ? masked : yb_roster_person_get_id_number (person);
      values[2] = yb_roster_person_get_name (person);
      values[3] = yb_roster_person_get_sex (person);
      values[4] = yb_roster_person_get_birth_date (person);
      values[5] = yb_roster_person_get_phone (person);
      values[6] = yb_roster_person_get_status (person);
      values[7] = yb_roster_person_get_employment_form (person);
      values[8] = yb_roster_person_get_hukou_type (person);
      values[9] = yb_roster_person_get_insured_from (person);
      values[10] = yb_roster_person_get_stop_month (person);
      values[11] = wage;
      values[12] = base;
      if (!yb_export_writer_add_row (writer, values, NULL, error))
        return FALSE;
    }
  return yb_export_writer_finish (writer, error);
}

/**
 * yb_export_import_report:
 * @model: a loaded import model
 * @path: the file to write
 * @format: the format
 * @error: return location for an error
 *
 * Exports the batch as the clerk sees it: the file's row number, every column, bad cells
 * highlighted (in a workbook) and a last column with the reasons. Dropped rows are left out.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
yb_export_import_report (YbImportModel   *model,
                         const char      *path,
                         YbExportFormat   format,
                         GError         **error)
{
  g_autoptr(GArray) columns = g_array_new (FALSE, TRUE, sizeof (YbExportColumn));
  g_autoptr(YbExportWriter) writer = NULL;
  guint n_columns, n_rows;

  g_return_val_if_fail (YB_IS_IMPORT_MODEL (model), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  n_columns = yb_import_model_get_n_columns (model);
  {
    YbExportColumn row_column = { _("Row"), 6, FALSE };

    g_array_append_val (columns, row_column);
  }
  for (guint c = 0; c < n_columns; c++)
    {
      const YbImportColumn *info =
        yb_import_columns_find (yb_import_model_get_kind (model),
                                yb_import_model_get_column_field (model, c));
      YbExportColumn column = { yb_import_model_get_column_header (model, c), 0,
                                info != NULL && (info->flags & (YB_IMPORT_COLUMN_TEXT
                                                                | YB_IMPORT_COLUMN_DATE)) };

      if (info != NULL && (info->flags & YB_IMPORT_COLUMN_ID))
        column.width = 20;
      g_array_append_val (columns, column);
    }
  {
    /* Named as the 杭州 hall names it in its lists (BR-17). */
    YbExportColumn reason_column = { "数据校验不通过原因", 50, FALSE };

    g_array_append_val (columns, reason_column);
  }

  writer = yb_export_writer_new (path, format, _("Check report"),
                                 (const YbExportColumn *) columns->data, columns->len, error);
  if (writer == NULL)
    return FALSE;

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(YbImportRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(GPtrArray) values = g_ptr_array_new ();
      g_autofree gboolean *marked = g_new0 (gboolean, n_columns + 2);
      g_autofree char *number = NULL;
      g_autofree char *reason = NULL;

      if (yb_import_row_get_dropped (row))
        continue;
      number = g_strdup_printf ("%u", yb_import_row_get_row_number (row));
      reason = yb_import_model_dup_row_reason (model, i);
      g_ptr_array_add (values, number);
      for (guint c = 0; c < n_columns; c++)
        {
          const char *field = yb_import_model_get_column_field (model, c);
          const YbFinding *finding = yb_import_row_get_cell_finding (row, field);

          g_ptr_array_add (values, (gpointer) yb_import_row_get_value (row, field));
          marked[c + 1] = finding != NULL && yb_finding_is_error (finding);
        }
      g_ptr_array_add (values, reason);
      marked[n_columns + 1] = yb_import_row_has_errors (row);
      if (!yb_export_writer_add_row (writer, (const char * const *) values->pdata, marked,
                                     error))
        return FALSE;
    }
  return yb_export_writer_finish (writer, error);
}
