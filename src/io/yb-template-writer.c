/* yb-template-writer.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbTemplateWriter"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <xlsxwriter.h>

#include "yb-import-error.h"
#include "yb-roster-person.h"
#include "yb-template-writer.h"

/* Batch templates as the halls hand them out (BR-51, BR-52): required headers in red, optional
 * in black, a sheet of notes, ID-like and month columns formatted as text so a spreadsheet
 * cannot turn them into numbers (BR-54), and dropdowns fed from the region profile's code
 * lists, which sit on a hidden sheet. */

#define TEMPLATE_ROWS 1000
#define CODE_SHEET "代码表"
#define NOTES_SHEET "填写说明"

/**
 * yb_template_get_sheet_name:
 * @kind: a kind other than %YB_IMPORT_KIND_AUTO
 *
 * Returns: the name of the data sheet of @kind's template
 */
const char *
yb_template_get_sheet_name (YbImportKind kind)
{
  switch (kind)
    {
    case YB_IMPORT_KIND_ENROL:
      return "人员新增续保";
    case YB_IMPORT_KIND_REDUCE:
      return "人员减少";
    case YB_IMPORT_KIND_CONTACT:
      return "通讯信息";
    case YB_IMPORT_KIND_BASE:
      return "缴费基数申报";
    case YB_IMPORT_KIND_AUTO:
    default:
      return "Sheet1";
    }
}

static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return width;
}

static gboolean
is_text_column (const YbImportColumn *column)
{
  return (column->flags & (YB_IMPORT_COLUMN_TEXT | YB_IMPORT_COLUMN_MONTH
                           | YB_IMPORT_COLUMN_DATE)) != 0;
}

/**
 * yb_template_write:
 * @kind: the batch, not %YB_IMPORT_KIND_AUTO
 * @profile: the region profile: required fields and code lists
 * @roster: (nullable) (element-type YbRosterPerson): for a base declaration, the unit's
 *   roster to prefill (舟山 exports the roster as the template, BR-34)
 * @year: the declaration year written into a base template's rows (0: none)
 * @path: the .xlsx file to write
 * @error: return location for an error
 *
 * Writes a batch template that Yibao's import reads back unchanged.
 *
 * Returns: %TRUE when the file was written
 */
gboolean
yb_template_write (YbImportKind      kind,
                   YbRegionProfile  *profile,
                   GListModel       *roster,
                   int               year,
                   const char       *path,
                   GError          **error)
{
  lxw_workbook *workbook;
  lxw_worksheet *sheet, *notes, *codes;
  lxw_format *required, *optional, *text, *notes_header, *wrap;
  const YbImportColumn *columns;
  guint n, code_column = 0;
  lxw_error err;

  g_return_val_if_fail (kind != YB_IMPORT_KIND_AUTO, FALSE);
  g_return_val_if_fail (YB_IS_REGION_PROFILE (profile), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  columns = yb_import_columns_get (kind, &n);
  workbook = workbook_new (path);
  if (workbook == NULL)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_WRITE, _("Cannot write %s."), path);
      return FALSE;
    }
  sheet = workbook_add_worksheet (workbook, yb_template_get_sheet_name (kind));
  notes = workbook_add_worksheet (workbook, NOTES_SHEET);
  codes = workbook_add_worksheet (workbook, CODE_SHEET);

  required = workbook_add_format (workbook);
  format_set_bold (required);
  format_set_font_color (required, LXW_COLOR_RED);
  optional = workbook_add_format (workbook);
  format_set_bold (optional);
  format_set_font_color (optional, LXW_COLOR_BLACK);
  text = workbook_add_format (workbook);
  format_set_num_format (text, "@");
  notes_header = workbook_add_format (workbook);
  format_set_bold (notes_header);
  wrap = workbook_add_format (workbook);
  format_set_text_wrap (wrap);

  worksheet_write_string (notes, 0, 0, _("Column"), notes_header);
  worksheet_write_string (notes, 0, 1, _("Required"), notes_header);
  worksheet_write_string (notes, 0, 2, _("How to fill it in"), notes_header);
  worksheet_set_column (notes, 0, 0, 20, NULL);
  worksheet_set_column (notes, 1, 1, 10, NULL);
  worksheet_set_column (notes, 2, 2, 80, wrap);

  for (guint c = 0; c < n; c++)
    {
      const YbImportColumn *column = &columns[c];
      gboolean is_required = yb_import_columns_is_required (kind, profile, column->field);
      guint width = MAX (display_width (column->header) + 4, 12);
      g_autofree char *note = NULL;
      lxw_data_validation validation = { 0 };
      g_autofree char *formula = NULL;

      if (column->flags & YB_IMPORT_COLUMN_ID)
        width = 22;
      worksheet_set_column (sheet, c, c, width, is_text_column (column) ? text : NULL);
      worksheet_write_string (sheet, 0, c, column->header, is_required ? required : optional);

      if (column->list != NULL)
        {
          GPtrArray *entries = yb_region_profile_get_code_list (profile, column->list);
          guint n_entries = entries != NULL ? entries->len : 0;

          if (n_entries > 0)
            {
              g_autofree char *first = NULL;
              g_autofree char *last = NULL;
              char letter[4] = { 0 };

              worksheet_write_string (codes, 0, code_column, column->header, notes_header);
              for (guint e = 0; e < n_entries; e++)
                {
                  const YbCodeEntry *entry = g_ptr_array_index (entries, e);

                  worksheet_write_string (codes, e + 1, code_column, entry->label_zh_cn, NULL);
                }
              lxw_col_to_name (letter, code_column, FALSE);
              formula = g_strdup_printf ("='%s'!$%s$2:$%s$%u", CODE_SHEET, letter, letter,
                                         n_entries + 1);
              validation.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
              validation.value_formula = formula;
              validation.error_title = _("Not in the list");
              validation.error_message = _("Pick a value from the list.");
              validation.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
              worksheet_data_validation_range (sheet, 1, c, TEMPLATE_ROWS, c, &validation);
              code_column++;
            }
        }
      else if (column->flags & YB_IMPORT_COLUMN_MONTH)
        {
          validation.validate = LXW_VALIDATION_TYPE_LENGTH;
          validation.criteria = LXW_VALIDATION_CRITERIA_EQUAL_TO;
          validation.value_number = 6;
          validation.input_title = _("Month");
          validation.input_message = _("YYYYMM, e.g. 202008");
          validation.error_message = _("Enter the month as six digits, YYYYMM.");
          worksheet_data_validation_range (sheet, 1, c, TEMPLATE_ROWS, c, &validation);
        }

      note = column->note != NULL ? g_strdup (_(column->note)) : g_strdup ("");
      worksheet_write_string (notes, c + 1, 0, column->header, NULL);
      worksheet_write_string (notes, c + 1, 1, is_required ? _("Yes") : _("No"), NULL);
      worksheet_write_string (notes, c + 1, 2, note, NULL);
    }
  worksheet_write_string (notes, n + 2, 0,
                          _("Red headers are required, black ones optional. Keep the header "
                            "row; put one person on each row below it. Do not merge cells or "
                            "use formulas."), NULL);
  worksheet_freeze_panes (sheet, 1, 0);
  worksheet_hide (codes);
  worksheet_activate (sheet);

  if (kind == YB_IMPORT_KIND_BASE && roster != NULL)
    {
      guint n_people = g_list_model_get_n_items (roster);
      g_autofree char *year_text = year > 0 ? g_strdup_printf ("%04d", year) : NULL;

      for (guint i = 0; i < n_people; i++)
        {
          g_autoptr(YbRosterPerson) person = g_list_model_get_item (roster, i);

          for (guint c = 0; c < n; c++)
            {
              const char *value = NULL;

              if (g_str_equal (columns[c].field, "person_no"))
                value = yb_roster_person_get_person_no (person);
              else if (g_str_equal (columns[c].field, "id_number"))
                value = yb_roster_person_get_id_number (person);
              else if (g_str_equal (columns[c].field, "name"))
                value = yb_roster_person_get_name (person);
              else if (g_str_equal (columns[c].field, "year"))
                value = year_text;
              if (value != NULL && *value != '\0')
                worksheet_write_string (sheet, i + 1, c, value,
                                        is_text_column (&columns[c]) ? text : NULL);
            }
        }
    }

  err = workbook_close (workbook);
  if (err != LXW_NO_ERROR)
    {
      g_set_error (error, YB_IMPORT_ERROR, YB_IMPORT_ERROR_WRITE, _("Cannot write %s: %s"),
                   path, lxw_strerror (err));
      return FALSE;
    }
  return TRUE;
}
