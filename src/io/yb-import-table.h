/* yb-import-table.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "yb-import-error.h"

G_BEGIN_DECLS

/**
 * YbCellKind:
 * @YB_CELL_EMPTY: no value
 * @YB_CELL_TEXT: text (shared, inline or CSV)
 * @YB_CELL_NUMBER: a number; the text is the number as the file stores it ("1.1E+17")
 * @YB_CELL_DATE: a number formatted as a date; the text is "YYYY-MM-DD"
 * @YB_CELL_BOOLEAN: TRUE or FALSE
 * @YB_CELL_ERROR: a spreadsheet error value such as #N/A
 *
 * What a cell held in the file, before any clean-up.
 */
typedef enum
{
  YB_CELL_EMPTY,
  YB_CELL_TEXT,
  YB_CELL_NUMBER,
  YB_CELL_DATE,
  YB_CELL_BOOLEAN,
  YB_CELL_ERROR,
} YbCellKind;

/**
 * YbTableCell:
 * @kind: what the cell held
 * @text: the cell's text, never %NULL ("" when empty)
 *
 * One cell as read from a sheet.
 */
typedef struct
{
  YbCellKind kind;
  char *text;
} YbTableCell;

/**
 * YbTableRowFunc:
 * @row_number: the row number as the spreadsheet shows it (1 for the first row)
 * @cells: (array length=n_cells): the cells of the row, column A first
 * @n_cells: how many cells (trailing empty cells may be left out)
 * @user_data: closure
 * @error: return location for an error that stops reading
 *
 * Receives each non-empty row of a sheet, in order.
 *
 * Returns: %FALSE with @error set to stop reading
 */
typedef gboolean (*YbTableRowFunc) (guint              row_number,
                                    const YbTableCell *cells,
                                    guint              n_cells,
                                    gpointer           user_data,
                                    GError           **error);

/**
 * YbTableFormat:
 * @YB_TABLE_FORMAT_XLSX: an Office Open XML workbook
 * @YB_TABLE_FORMAT_CSV: comma- or tab-separated text
 *
 * The formats Yibao reads.
 */
typedef enum
{
  YB_TABLE_FORMAT_XLSX,
  YB_TABLE_FORMAT_CSV,
} YbTableFormat;

/* Limits that keep a hostile file from exhausting the machine. */
#define YB_TABLE_MAX_ROWS 200000
#define YB_TABLE_MAX_COLUMNS 256
#define YB_TABLE_MAX_CELL_CHARS 4096

gboolean yb_import_table_sniff (const char     *path,
                                YbTableFormat  *out_format,
                                GError        **error);

G_END_DECLS
