/* yb-report-document.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yb-print-document.h"

G_BEGIN_DECLS

/**
 * YbReportFetchFunc:
 * @index: the row, 0-based
 * @user_data: the data given with the function
 *
 * Fetches the cells of one report row.
 *
 * Returns: (transfer full): one string per column
 */
typedef GStrv (*YbReportFetchFunc) (guint    index,
                                    gpointer user_data);

/**
 * YbReportItemFunc:
 * @item: (type GObject): an item of the report's model
 * @index: its position
 * @user_data: the data given with the function
 *
 * Turns one model item into the cells of a report row.
 *
 * Returns: (transfer full): one string per column
 */
typedef GStrv (*YbReportItemFunc) (gpointer item,
                                   guint    index,
                                   gpointer user_data);

#define YB_TYPE_REPORT_DOCUMENT (yb_report_document_get_type ())
G_DECLARE_FINAL_TYPE (YbReportDocument, yb_report_document, YB, REPORT_DOCUMENT, YbPrintDocument)

YbReportDocument *yb_report_document_new            (const char        *title);
void              yb_report_document_set_unit_name  (YbReportDocument  *self,
                                                     const char        *unit_name);
void              yb_report_document_set_subtitle   (YbReportDocument  *self,
                                                     const char        *subtitle);
void              yb_report_document_set_data_as_of (YbReportDocument  *self,
                                                     GDateTime         *as_of);
void              yb_report_document_set_summary    (YbReportDocument  *self,
                                                     const char        *summary);
void              yb_report_document_add_column     (YbReportDocument  *self,
                                                     const char        *title,
                                                     double             weight,
                                                     PangoAlignment     align);
guint             yb_report_document_get_n_columns  (YbReportDocument  *self);
void              yb_report_document_set_rows       (YbReportDocument  *self,
                                                     guint              n_rows,
                                                     YbReportFetchFunc  fetch,
                                                     gpointer           user_data,
                                                     GDestroyNotify     destroy);
void              yb_report_document_set_model      (YbReportDocument  *self,
                                                     GListModel        *model,
                                                     YbReportItemFunc   func,
                                                     gpointer           user_data,
                                                     GDestroyNotify     destroy);
guint             yb_report_document_get_n_rows     (YbReportDocument  *self);
guint             yb_report_document_get_rows_per_page (YbReportDocument *self);
char             *yb_report_document_dup_age_text   (YbReportDocument  *self);

G_END_DECLS
