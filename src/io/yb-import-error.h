/* yb-import-error.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define YB_IMPORT_ERROR (yb_import_error_quark ())

/**
 * YbImportError:
 * @YB_IMPORT_ERROR_NOT_SPREADSHEET: the file is neither an .xlsx workbook nor CSV text
 * @YB_IMPORT_ERROR_ENCRYPTED: the workbook is password-protected
 * @YB_IMPORT_ERROR_CORRUPT: the workbook is damaged or truncated
 * @YB_IMPORT_ERROR_TOO_LARGE: the file, a sheet, a row or a cell exceeds the limits, or the
 *   workbook expands absurdly (zip bomb)
 * @YB_IMPORT_ERROR_ENCODING: CSV text is neither UTF-8 nor GB18030
 * @YB_IMPORT_ERROR_NO_HEADER: no sheet has a header row Yibao recognises
 * @YB_IMPORT_ERROR_AMBIGUOUS_SHEET: several sheets could be imported; the caller must pick one
 * @YB_IMPORT_ERROR_SHEET_NOT_FOUND: the sheet asked for does not exist
 * @YB_IMPORT_ERROR_UNKNOWN_KIND: the headers do not tell which batch the file holds
 * @YB_IMPORT_ERROR_FORMULA: a cell holds a formula without a saved value
 * @YB_IMPORT_ERROR_MERGED_CELLS: the sheet has merged cells
 * @YB_IMPORT_ERROR_MISSING_COLUMN: a column the batch needs is missing
 * @YB_IMPORT_ERROR_NO_REGION: no region profile was given
 * @YB_IMPORT_ERROR_WRITE: a template, export or report could not be written
 *
 * Stable error codes of spreadsheet import and export.
 */
typedef enum
{
  YB_IMPORT_ERROR_NOT_SPREADSHEET,
  YB_IMPORT_ERROR_ENCRYPTED,
  YB_IMPORT_ERROR_CORRUPT,
  YB_IMPORT_ERROR_TOO_LARGE,
  YB_IMPORT_ERROR_ENCODING,
  YB_IMPORT_ERROR_NO_HEADER,
  YB_IMPORT_ERROR_AMBIGUOUS_SHEET,
  YB_IMPORT_ERROR_SHEET_NOT_FOUND,
  YB_IMPORT_ERROR_UNKNOWN_KIND,
  YB_IMPORT_ERROR_FORMULA,
  YB_IMPORT_ERROR_MERGED_CELLS,
  YB_IMPORT_ERROR_MISSING_COLUMN,
  YB_IMPORT_ERROR_NO_REGION,
  YB_IMPORT_ERROR_WRITE,
} YbImportError;

GQuark yb_import_error_quark (void);

G_END_DECLS
