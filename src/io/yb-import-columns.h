/* yb-import-columns.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "yb-declaration.h"
#include "yb-finding.h"
#include "yb-import-table.h"
#include "yb-region-profile.h"

G_BEGIN_DECLS

/**
 * YbImportKind:
 * @YB_IMPORT_KIND_AUTO: decide from the headers
 * @YB_IMPORT_KIND_ENROL: 人员新增 / 续保, one declaration per row ("enrol")
 * @YB_IMPORT_KIND_REDUCE: 减员 / 中断, one declaration per row ("reduce")
 * @YB_IMPORT_KIND_CONTACT: 通讯信息 change, one person_change per row ("contact")
 * @YB_IMPORT_KIND_BASE: 缴费基数申报 (上年月平均工资), one item per row ("base")
 *
 * The batches a spreadsheet can hold.
 */
typedef enum
{
  YB_IMPORT_KIND_AUTO,
  YB_IMPORT_KIND_ENROL,
  YB_IMPORT_KIND_REDUCE,
  YB_IMPORT_KIND_CONTACT,
  YB_IMPORT_KIND_BASE,
} YbImportKind;

/**
 * YbImportColumnFlags:
 * @YB_IMPORT_COLUMN_TEXT: digits that must stay text (ID, credit code, phone, account)
 * @YB_IMPORT_COLUMN_ID: an ID number: a number cell or a rounded value is damage
 * @YB_IMPORT_COLUMN_LONG_NUMBER: more than 15 digits: a number cell is damage
 * @YB_IMPORT_COLUMN_MONTH: a month, cleaned to YYYYMM
 * @YB_IMPORT_COLUMN_DATE: a date, cleaned to YYYY-MM-DD
 * @YB_IMPORT_COLUMN_MONEY: an amount in yuan
 *
 * How a column's cells are cleaned.
 */
typedef enum
{
  YB_IMPORT_COLUMN_TEXT = 1 << 0,
  YB_IMPORT_COLUMN_ID = 1 << 1,
  YB_IMPORT_COLUMN_LONG_NUMBER = 1 << 2,
  YB_IMPORT_COLUMN_MONTH = 1 << 3,
  YB_IMPORT_COLUMN_DATE = 1 << 4,
  YB_IMPORT_COLUMN_MONEY = 1 << 5,
} YbImportColumnFlags;

/**
 * YbImportColumn:
 * @field: the declaration field key ("business_type" picks 新增 or 续保, "year" the base year)
 * @header: the template's header (Chinese, as the halls name it)
 * @aliases: other headers accepted on import, %NULL-terminated
 * @list: (nullable): the profile code list the values come from
 * @flags: how cells are cleaned
 * @note: the rule shown in the template's notes (English msgid, translate with _())
 *
 * One column of a batch template.
 */
typedef struct
{
  const char *field;
  const char *header;
  const char * const *aliases;
  const char *list;
  YbImportColumnFlags flags;
  const char *note;
} YbImportColumn;

const char           *yb_import_kind_to_string     (YbImportKind        kind);
gboolean              yb_import_kind_from_string   (const char         *text,
                                                    YbImportKind       *out_kind);
const char           *yb_import_kind_get_label     (YbImportKind        kind);
YbDeclarationKind     yb_import_kind_get_declaration_kind (YbImportKind kind);

const YbImportColumn *yb_import_columns_get        (YbImportKind        kind,
                                                    guint              *out_n);
const YbImportColumn *yb_import_columns_find       (YbImportKind        kind,
                                                    const char         *field);
const YbImportColumn *yb_import_columns_match      (YbImportKind        kind,
                                                    const char         *header);
gboolean              yb_import_columns_is_required (YbImportKind       kind,
                                                    YbRegionProfile    *profile,
                                                    const char         *field);
YbImportKind          yb_import_columns_guess_kind (const char * const *headers,
                                                    guint               n_headers,
                                                    guint              *out_matches);
char                 *yb_import_column_clean       (const YbImportColumn *column,
                                                    YbCellKind          cell_kind,
                                                    const char         *text,
                                                    YbRegionProfile    *profile,
                                                    YbFinding         **out_finding);

G_END_DECLS
