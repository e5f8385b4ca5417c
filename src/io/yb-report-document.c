/* yb-report-document.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A paginated table report: the roster, payment details, the outbox. Rows
 * have one fixed height (long cells end in an ellipsis), so pagination is
 * arithmetic and only the rows of the page being drawn are ever fetched: a
 * 100,000-row roster never lives in memory at once.
 *
 * Reports follow the interface language, unlike certificates.
 */
#define G_LOG_DOMAIN "YbReportDocument"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-report-document.h"

#define FONT "Noto Sans CJK SC"
#define TITLE_FONT FONT " Bold 15"
#define INFO_FONT FONT " 9"
#define CELL_FONT FONT " 8.5"
#define FOOTER_FONT FONT " 8"
#define ROW_HEIGHT 16.0
#define HEADER_ROW_HEIGHT 20.0
#define FOOTER_HEIGHT 18.0
#define GAP 8.0

typedef struct
{
  char *title;
  double weight;
  PangoAlignment align;
} Column;

struct _YbReportDocument
{
  YbPrintDocument parent_instance;

  char *unit_name;
  char *subtitle;
  char *summary;
  GDateTime *data_as_of;
  GArray *columns;

  guint n_rows;
  YbReportFetchFunc fetch;
  GListModel *model;
  YbReportItemFunc item_func;
  gpointer user_data;
  GDestroyNotify destroy;

  /* Layout of the last pagination */
  double header_height;
  guint rows_per_page;
  guint row_pages;
};

G_DEFINE_FINAL_TYPE (YbReportDocument, yb_report_document, YB_TYPE_PRINT_DOCUMENT)

static void
clear_column (gpointer data)
{
  Column *column = data;

  g_free (column->title);
}

static void
clear_source (YbReportDocument *self)
{
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  self->destroy = NULL;
  self->user_data = NULL;
  self->fetch = NULL;
  self->item_func = NULL;
  self->n_rows = 0;
  g_clear_object (&self->model);
}

static guint
count_rows (YbReportDocument *self)
{
  if (self->model != NULL)
    return g_list_model_get_n_items (self->model);
  return self->n_rows;
}

static GStrv
fetch_row (YbReportDocument *self,
           guint             index)
{
  GStrv cells = NULL;
  GStrv row;
  guint n_columns = self->columns->len;
  gboolean ended;

  if (self->model != NULL)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->model, index);

      if (item != NULL)
        cells = self->item_func (item, index, self->user_data);
    }
  else if (self->fetch != NULL)
    cells = self->fetch (index, self->user_data);

  /* Exactly one cell per column, whatever the callback returned. */
  row = g_new0 (char *, n_columns + 1);
  ended = cells == NULL;
  for (guint i = 0; i < n_columns; i++)
    {
      const char *text = NULL;

      if (!ended && cells[i] == NULL)
        ended = TRUE;
      else if (!ended)
        text = cells[i];
      row[i] = g_strdup (text != NULL && g_utf8_validate (text, -1, NULL) ? text : "");
    }
  g_strfreev (cells);
  return row;
}

static void
compute_columns (YbReportDocument  *self,
                 const YbPrintArea *area,
                 YbPrintColumn     *out)
{
  double total = 0;

  for (guint i = 0; i < self->columns->len; i++)
    total += g_array_index (self->columns, Column, i).weight;
  for (guint i = 0; i < self->columns->len; i++)
    {
      Column *column = &g_array_index (self->columns, Column, i);

      out[i].title = column->title;
      out[i].width = area->width * column->weight / total;
      out[i].align = column->align;
    }
}

static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/**
 * yb_report_document_dup_age_text:
 * @self: a #YbReportDocument
 *
 * Says how old the printed data is, relative to the printing time, so a
 * report printed offline from the cache cannot pass for current.
 *
 * Returns: (transfer full): "Data as of 2026-03-10 09:30 (1 day old)"
 */
char *
yb_report_document_dup_age_text (YbReportDocument *self)
{
  GDateTime *printed;
  g_autofree char *when = NULL;
  g_autofree char *age = NULL;
  GTimeSpan span;

  g_return_val_if_fail (YB_IS_REPORT_DOCUMENT (self), NULL);

  if (self->data_as_of == NULL)
    return g_strdup (_("Data as of: unknown (never synchronised)"));
  printed = yb_print_document_get_printed_at (YB_PRINT_DOCUMENT (self));
  span = g_date_time_difference (printed, self->data_as_of);
  when = format_time (self->data_as_of);
  if (span < G_TIME_SPAN_HOUR)
    age = g_strdup (_("current"));
  else if (span < G_TIME_SPAN_DAY)
    {
      guint hours = span / G_TIME_SPAN_HOUR;

      age = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour old", "%u hours old", hours),
                             hours);
    }
  else
    {
      guint days = span / G_TIME_SPAN_DAY;

      age = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day old", "%u days old", days),
                             days);
    }
  /* Translators: the first %s is a date and time, the second an age such as "3 days old" */
  return g_strdup_printf (_("Data as of %s (%s)"), when, age);
}

static char *
dup_info_text (YbReportDocument *self)
{
  g_autofree char *printed = format_time (
    yb_print_document_get_printed_at (YB_PRINT_DOCUMENT (self)));
  g_autofree char *age = yb_report_document_dup_age_text (self);
  GString *text = g_string_new (NULL);

  if (self->unit_name != NULL)
    {
      /* Translators: %s is the unit (employer) name on a printed report */
      g_string_append_printf (text, _("Unit: %s"), self->unit_name);
      g_string_append (text, "    ");
    }
  /* Translators: %s is the date and time a report was printed */
  g_string_append_printf (text, _("Printed: %s"), printed);
  g_string_append (text, "    ");
  g_string_append (text, age);
  return g_string_free (text, FALSE);
}

static double
draw_header (YbReportDocument  *self,
             cairo_t           *cr,
             PangoContext      *context,
             const YbPrintArea *area)
{
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) subtitle = NULL;
  g_autoptr(PangoLayout) info = NULL;
  g_autofree char *info_text = dup_info_text (self);
  double y = area->y;

  title = yb_print_document_create_layout (context, TITLE_FONT, area->width,
                                           yb_print_document_get_title (YB_PRINT_DOCUMENT (self)));
  if (cr != NULL)
    yb_print_document_show_layout (cr, title, area->x, y);
  y += yb_print_document_layout_height (title) + 2;
  if (self->subtitle != NULL)
    {
      subtitle = yb_print_document_create_layout (context, INFO_FONT, area->width,
                                                  self->subtitle);
      if (cr != NULL)
        yb_print_document_show_layout (cr, subtitle, area->x, y);
      y += yb_print_document_layout_height (subtitle) + 2;
    }
  info = yb_print_document_create_layout (context, INFO_FONT, area->width, info_text);
  if (cr != NULL)
    yb_print_document_show_layout (cr, info, area->x, y);
  y += yb_print_document_layout_height (info) + GAP / 2;
  if (cr != NULL)
    {
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, area->x, y);
      cairo_line_to (cr, area->x + area->width, y);
      cairo_stroke (cr);
    }
  return y + GAP / 2 - area->y;
}

static double
summary_height (YbReportDocument *self,
                PangoContext     *context,
                double            width)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (self->summary == NULL)
    return 0;
  layout = yb_print_document_create_layout (context, INFO_FONT, width, self->summary);
  return GAP + yb_print_document_layout_height (layout);
}

static gboolean
yb_report_document_paginate (YbPrintDocument   *document,
                             PangoContext      *context,
                             const YbPrintArea *area,
                             guint             *n_pages,
                             GError           **error)
{
  YbReportDocument *self = YB_REPORT_DOCUMENT (document);
  guint n_rows = count_rows (self);
  double body;
  guint last_rows;

  if (self->columns->len == 0)
    {
      g_set_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_EMPTY,
                   _("The report “%s” has no columns."),
                   yb_print_document_get_title (document));
      return FALSE;
    }
  self->header_height = draw_header (self, NULL, context, area);
  body = area->height - self->header_height - FOOTER_HEIGHT - HEADER_ROW_HEIGHT;
  if (body < ROW_HEIGHT)
    {
      g_set_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_FAILED,
                   _("The paper is too small for this document."));
      return FALSE;
    }
  self->rows_per_page = (guint) (body / ROW_HEIGHT);
  self->row_pages = MAX (1, (n_rows + self->rows_per_page - 1) / self->rows_per_page);
  last_rows = n_rows - (self->row_pages - 1) * self->rows_per_page;
  *n_pages = self->row_pages;
  /* The summary goes under the last row, or on a page of its own. */
  if (self->summary != NULL
      && MAX (last_rows, 1) * ROW_HEIGHT + summary_height (self, context, area->width) > body)
    *n_pages += 1;
  return TRUE;
}

static void
yb_report_document_draw_page (YbPrintDocument   *document,
                              cairo_t           *cr,
                              PangoContext      *context,
                              const YbPrintArea *area,
                              guint              page_nr,
                              guint              n_pages)
{
  YbReportDocument *self = YB_REPORT_DOCUMENT (document);
  g_autofree YbPrintColumn *columns = g_new0 (YbPrintColumn, self->columns->len);
  g_autofree char *page_text = NULL;
  g_autoptr(PangoLayout) footer = NULL;
  guint n_rows = count_rows (self);
  double y = area->y + draw_header (self, cr, context, area);

  compute_columns (self, area, columns);
  if (page_nr < self->row_pages)
    {
      guint first = page_nr * self->rows_per_page;
      guint last = MIN (n_rows, first + self->rows_per_page);

      yb_print_draw_table_row (cr, context, CELL_FONT, columns, self->columns->len, NULL,
                               area->x, y, HEADER_ROW_HEIGHT, TRUE);
      y += HEADER_ROW_HEIGHT;
      for (guint i = first; i < last; i++)
        {
          g_auto(GStrv) cells = fetch_row (self, i);

          yb_print_draw_table_row (cr, context, CELL_FONT, columns, self->columns->len,
                                   (const char * const *) cells, area->x, y, ROW_HEIGHT, FALSE);
          y += ROW_HEIGHT;
        }
      if (n_rows == 0)
        {
          g_autoptr(PangoLayout) empty =
            yb_print_document_create_layout (context, INFO_FONT, area->width, _("No rows."));

          yb_print_document_show_layout (cr, empty, area->x, y + 4);
          y += ROW_HEIGHT;
        }
    }
  if (page_nr == n_pages - 1 && self->summary != NULL)
    {
      g_autoptr(PangoLayout) summary =
        yb_print_document_create_layout (context, INFO_FONT, area->width, self->summary);

      yb_print_document_show_layout (cr, summary, area->x, y + GAP);
    }

  /* Translators: page numbers at the foot of a printed report */
  page_text = g_strdup_printf (_("Page %u of %u"), page_nr + 1, n_pages);
  footer = yb_print_document_create_layout (context, FOOTER_FONT, area->width, page_text);
  pango_layout_set_alignment (footer, PANGO_ALIGN_CENTER);
  yb_print_document_show_layout (cr, footer, area->x,
                                 area->y + area->height
                                   - yb_print_document_layout_height (footer));
}

static void
yb_report_document_finalize (GObject *object)
{
  YbReportDocument *self = YB_REPORT_DOCUMENT (object);

  clear_source (self);
  g_free (self->unit_name);
  g_free (self->subtitle);
  g_free (self->summary);
  g_clear_pointer (&self->data_as_of, g_date_time_unref);
  g_array_unref (self->columns);

  G_OBJECT_CLASS (yb_report_document_parent_class)->finalize (object);
}

static void
yb_report_document_class_init (YbReportDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  YbPrintDocumentClass *document_class = YB_PRINT_DOCUMENT_CLASS (klass);

  object_class->finalize = yb_report_document_finalize;
  document_class->paginate = yb_report_document_paginate;
  document_class->draw_page = yb_report_document_draw_page;
}

static void
yb_report_document_init (YbReportDocument *self)
{
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, clear_column);
}

/**
 * yb_report_document_new:
 * @title: the report title, repeated at the top of every page
 *
 * Returns: (transfer full): a new report without columns or rows
 */
YbReportDocument *
yb_report_document_new (const char *title)
{
  g_return_val_if_fail (title != NULL, NULL);

  return g_object_new (YB_TYPE_REPORT_DOCUMENT, "title", title, NULL);
}

/**
 * yb_report_document_set_unit_name:
 * @self: a #YbReportDocument
 * @unit_name: (nullable): the unit the report is about
 *
 * Sets the unit named in every page header.
 */
void
yb_report_document_set_unit_name (YbReportDocument *self,
                                  const char       *unit_name)
{
  g_return_if_fail (YB_IS_REPORT_DOCUMENT (self));
  g_free (self->unit_name);
  self->unit_name = g_strdup (unit_name);
}

/**
 * yb_report_document_set_subtitle:
 * @self: a #YbReportDocument
 * @subtitle: (nullable): a line under the title, such as the period
 *
 * Sets the line printed under the title on every page.
 */
void
yb_report_document_set_subtitle (YbReportDocument *self,
                                 const char       *subtitle)
{
  g_return_if_fail (YB_IS_REPORT_DOCUMENT (self));
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
}

/**
 * yb_report_document_set_data_as_of:
 * @self: a #YbReportDocument
 * @as_of: (nullable): when the data was last fetched from the hall, %NULL if
 *   never
 *
 * Sets the time the "data as of" line of every page header states.
 */
void
yb_report_document_set_data_as_of (YbReportDocument *self,
                                   GDateTime        *as_of)
{
  g_return_if_fail (YB_IS_REPORT_DOCUMENT (self));
  g_clear_pointer (&self->data_as_of, g_date_time_unref);
  if (as_of != NULL)
    self->data_as_of = g_date_time_ref (as_of);
}

/**
 * yb_report_document_set_summary:
 * @self: a #YbReportDocument
 * @summary: (nullable): text under the last row, such as totals
 *
 * Sets the text printed after the table.
 */
void
yb_report_document_set_summary (YbReportDocument *self,
                                const char       *summary)
{
  g_return_if_fail (YB_IS_REPORT_DOCUMENT (self));
  g_free (self->summary);
  self->summary = g_strdup (summary);
}

/**
 * yb_report_document_add_column:
 * @self: a #YbReportDocument
 * @title: the column heading
 * @weight: the column's share of the page width, relative to the others
 * @align: how the cells align
 *
 * Appends a column.
 */
void
yb_report_document_add_column (YbReportDocument *self,
                               const char       *title,
                               double            weight,
                               PangoAlignment    align)
{
  Column column = { 0 };

  g_return_if_fail (YB_IS_REPORT_DOCUMENT (self));
  g_return_if_fail (title != NULL);
  g_return_if_fail (weight > 0);

  column.title = g_strdup (title);
  column.weight = weight;
  column.align = align;
  g_array_append_val (self->columns, column);
}

/**
 * yb_report_document_get_n_columns:
 * @self: a #YbReportDocument
 *
 * Returns: the number of columns
 */
guint
yb_report_document_get_n_columns (YbReportDocument *self)
{
  g_return_val_if_fail (YB_IS_REPORT_DOCUMENT (self), 0);
  return self->columns->len;
}

/**
 * yb_report_document_set_rows:
 * @self: a #YbReportDocument
 * @n_rows: the number of rows
 * @fetch: (scope notified): called for each row of a page as it is drawn
 * @user_data: data for @fetch
 * @destroy: (nullable): frees @user_data
 *
 * Takes the rows from a callback. Only the rows of the page being drawn are
 * fetched, so @fetch may read them from a database page by page.
 */
void
yb_report_document_set_rows (YbReportDocument  *self,
                             guint              n_rows,
                             YbReportFetchFunc  fetch,
                             gpointer           user_data,
                             GDestroyNotify     destroy)
{
  g_return_if_fail (YB_IS_REPORT_DOCUMENT (self));
  g_return_if_fail (fetch != NULL);

  clear_source (self);
  self->n_rows = n_rows;
  self->fetch = fetch;
  self->user_data = user_data;
  self->destroy = destroy;
}

/**
 * yb_report_document_set_model:
 * @self: a #YbReportDocument
 * @model: the rows, such as the store's paging roster model
 * @func: (scope notified): turns an item into its cells
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Takes the rows from a list model, read item by item as pages are drawn.
 */
void
yb_report_document_set_model (YbReportDocument *self,
                              GListModel       *model,
                              YbReportItemFunc  func,
                              gpointer          user_data,
                              GDestroyNotify    destroy)
{
  g_return_if_fail (YB_IS_REPORT_DOCUMENT (self));
  g_return_if_fail (G_IS_LIST_MODEL (model));
  g_return_if_fail (func != NULL);

  clear_source (self);
  self->model = g_object_ref (model);
  self->item_func = func;
  self->user_data = user_data;
  self->destroy = destroy;
}

/**
 * yb_report_document_get_n_rows:
 * @self: a #YbReportDocument
 *
 * Returns: the number of rows
 */
guint
yb_report_document_get_n_rows (YbReportDocument *self)
{
  g_return_val_if_fail (YB_IS_REPORT_DOCUMENT (self), 0);
  return count_rows (self);
}

/**
 * yb_report_document_get_rows_per_page:
 * @self: a #YbReportDocument
 *
 * Returns: the rows on a full page after the last pagination, 0 before
 */
guint
yb_report_document_get_rows_per_page (YbReportDocument *self)
{
  g_return_val_if_fail (YB_IS_REPORT_DOCUMENT (self), 0);
  return self->rows_per_page;
}
