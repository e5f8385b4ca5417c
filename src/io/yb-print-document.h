/* yb-print-document.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <pango/pangocairo.h>

#include "yb-print-error.h"

G_BEGIN_DECLS

/* A4 in PostScript points. */
#define YB_PRINT_A4_WIDTH  595.2756
#define YB_PRINT_A4_HEIGHT 841.8898
/* 20 mm in points. */
#define YB_PRINT_MARGIN 56.6929

/**
 * YbPrintArea:
 * @page_width: the page width in points
 * @page_height: the page height in points
 * @x: left edge of the printable box inside the margins
 * @y: top edge of the printable box
 * @width: width of the printable box
 * @height: height of the printable box
 *
 * The geometry a document lays itself out in, in points, origin at the top
 * left corner of the sheet.
 */
typedef struct
{
  double page_width;
  double page_height;
  double x;
  double y;
  double width;
  double height;
} YbPrintArea;

/**
 * YbPrintColumn:
 * @title: the column heading
 * @width: the width in points
 * @align: how cells align
 *
 * A table column as drawn by yb_print_draw_table_row().
 */
typedef struct
{
  const char *title;
  double width;
  PangoAlignment align;
} YbPrintColumn;

#define YB_TYPE_PRINT_DOCUMENT (yb_print_document_get_type ())
G_DECLARE_DERIVABLE_TYPE (YbPrintDocument, yb_print_document, YB, PRINT_DOCUMENT, GObject)

/**
 * YbPrintDocumentClass:
 * @paginate: lays the document out for @area and returns the number of pages
 * @draw_page: draws one page (0-based) after @paginate
 *
 * A printable document: certificates and reports. Both vfuncs may run in a
 * worker thread, so they must not touch GTK widgets.
 */
struct _YbPrintDocumentClass
{
  GObjectClass parent_class;

  gboolean (*paginate)  (YbPrintDocument   *self,
                         PangoContext      *context,
                         const YbPrintArea *area,
                         guint             *n_pages,
                         GError           **error);
  void     (*draw_page) (YbPrintDocument   *self,
                         cairo_t           *cr,
                         PangoContext      *context,
                         const YbPrintArea *area,
                         guint              page_nr,
                         guint              n_pages);

  gpointer padding[8];
};

const char   *yb_print_document_get_title      (YbPrintDocument  *self);
void          yb_print_document_set_title      (YbPrintDocument  *self,
                                                const char       *title);
GDateTime    *yb_print_document_get_printed_at (YbPrintDocument  *self);
void          yb_print_document_set_printed_at (YbPrintDocument  *self,
                                                GDateTime        *printed_at);
gboolean      yb_print_document_get_landscape  (YbPrintDocument  *self);
void          yb_print_document_set_landscape  (YbPrintDocument  *self,
                                                gboolean          landscape);
guint         yb_print_document_get_n_pages    (YbPrintDocument  *self);

gboolean      yb_print_document_paginate       (YbPrintDocument  *self,
                                                cairo_t          *cr,
                                                double            page_width,
                                                double            page_height,
                                                GError          **error);
void          yb_print_document_draw_page      (YbPrintDocument  *self,
                                                cairo_t          *cr,
                                                guint             page_nr);
gboolean      yb_print_document_write_pdf      (YbPrintDocument  *self,
                                                const char       *path,
                                                GCancellable     *cancellable,
                                                GError          **error);

PangoContext *yb_print_document_create_context (cairo_t          *cr);
PangoLayout  *yb_print_document_create_layout  (PangoContext     *context,
                                                const char       *font,
                                                double            width,
                                                const char       *text);
double        yb_print_document_layout_height  (PangoLayout      *layout);
void          yb_print_document_show_layout    (cairo_t          *cr,
                                                PangoLayout      *layout,
                                                double            x,
                                                double            y);
void          yb_print_draw_table_row          (cairo_t             *cr,
                                                PangoContext        *context,
                                                const char          *font,
                                                const YbPrintColumn *columns,
                                                guint                n_columns,
                                                const char * const  *cells,
                                                double               x,
                                                double               y,
                                                double               height,
                                                gboolean             header);
char         *yb_print_format_money            (gint64            cents);
char         *yb_print_format_month            (const char       *month);
char         *yb_print_format_date             (GDateTime        *time);

G_END_DECLS
