/* yb-print-document.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbPrintDocument"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "yb-print-document.h"

typedef struct
{
  char *title;
  GDateTime *printed_at;
  gboolean landscape;
  gboolean paginated;
  guint n_pages;
  YbPrintArea area;
} YbPrintDocumentPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (YbPrintDocument, yb_print_document, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_TITLE,
  PROP_PRINTED_AT,
  PROP_LANDSCAPE,
  PROP_N_PAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yb_print_document_finalize (GObject *object)
{
  YbPrintDocument *self = YB_PRINT_DOCUMENT (object);
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);

  g_free (priv->title);
  g_clear_pointer (&priv->printed_at, g_date_time_unref);

  G_OBJECT_CLASS (yb_print_document_parent_class)->finalize (object);
}

static void
yb_print_document_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YbPrintDocument *self = YB_PRINT_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, yb_print_document_get_title (self));
      break;
    case PROP_PRINTED_AT:
      g_value_set_boxed (value, yb_print_document_get_printed_at (self));
      break;
    case PROP_LANDSCAPE:
      g_value_set_boolean (value, yb_print_document_get_landscape (self));
      break;
    case PROP_N_PAGES:
      g_value_set_uint (value, yb_print_document_get_n_pages (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_print_document_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YbPrintDocument *self = YB_PRINT_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      yb_print_document_set_title (self, g_value_get_string (value));
      break;
    case PROP_PRINTED_AT:
      yb_print_document_set_printed_at (self, g_value_get_boxed (value));
      break;
    case PROP_LANDSCAPE:
      yb_print_document_set_landscape (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_print_document_class_init (YbPrintDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yb_print_document_finalize;
  object_class->get_property = yb_print_document_get_property;
  object_class->set_property = yb_print_document_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRINTED_AT] =
    g_param_spec_boxed ("printed-at", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANDSCAPE] =
    g_param_spec_boolean ("landscape", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PAGES] =
    g_param_spec_uint ("n-pages", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_print_document_init (YbPrintDocument *self)
{
}

/**
 * yb_print_document_get_title:
 * @self: a #YbPrintDocument
 *
 * Returns: (nullable): the title, used as print job name and PDF title
 */
const char *
yb_print_document_get_title (YbPrintDocument *self)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);

  g_return_val_if_fail (YB_IS_PRINT_DOCUMENT (self), NULL);
  return priv->title;
}

/**
 * yb_print_document_set_title:
 * @self: a #YbPrintDocument
 * @title: (nullable): the title
 *
 * Sets the title used as print job name and PDF title.
 */
void
yb_print_document_set_title (YbPrintDocument *self,
                             const char      *title)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);

  g_return_if_fail (YB_IS_PRINT_DOCUMENT (self));
  if (g_strcmp0 (priv->title, title) == 0)
    return;
  g_free (priv->title);
  priv->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/**
 * yb_print_document_get_printed_at:
 * @self: a #YbPrintDocument
 *
 * The time printed on the document as 打印日期. Unless set, the time it was
 * first asked for.
 *
 * Returns: (transfer none): the printing time
 */
GDateTime *
yb_print_document_get_printed_at (YbPrintDocument *self)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);

  g_return_val_if_fail (YB_IS_PRINT_DOCUMENT (self), NULL);
  if (priv->printed_at == NULL)
    priv->printed_at = g_date_time_new_now_local ();
  return priv->printed_at;
}

/**
 * yb_print_document_set_printed_at:
 * @self: a #YbPrintDocument
 * @printed_at: (nullable): the printing time, %NULL for now
 *
 * Fixes the printing time shown on the pages.
 */
void
yb_print_document_set_printed_at (YbPrintDocument *self,
                                  GDateTime       *printed_at)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);

  g_return_if_fail (YB_IS_PRINT_DOCUMENT (self));
  if (priv->printed_at == printed_at)
    return;
  g_clear_pointer (&priv->printed_at, g_date_time_unref);
  if (printed_at != NULL)
    priv->printed_at = g_date_time_ref (printed_at);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRINTED_AT]);
}

/**
 * yb_print_document_get_landscape:
 * @self: a #YbPrintDocument
 *
 * Returns: whether the document prefers landscape A4
 */
gboolean
yb_print_document_get_landscape (YbPrintDocument *self)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);

  g_return_val_if_fail (YB_IS_PRINT_DOCUMENT (self), FALSE);
  return priv->landscape;
}

/**
 * yb_print_document_set_landscape:
 * @self: a #YbPrintDocument
 * @landscape: whether to prefer landscape A4
 *
 * Sets the preferred orientation used for PDF export and as the print
 * dialog's default.
 */
void
yb_print_document_set_landscape (YbPrintDocument *self,
                                 gboolean         landscape)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);

  g_return_if_fail (YB_IS_PRINT_DOCUMENT (self));
  landscape = !!landscape;
  if (priv->landscape == landscape)
    return;
  priv->landscape = landscape;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANDSCAPE]);
}

/**
 * yb_print_document_get_n_pages:
 * @self: a #YbPrintDocument
 *
 * Returns: the number of pages of the last pagination, 0 before it
 */
guint
yb_print_document_get_n_pages (YbPrintDocument *self)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);

  g_return_val_if_fail (YB_IS_PRINT_DOCUMENT (self), 0);
  return priv->n_pages;
}

/**
 * yb_print_document_create_context:
 * @cr: a cairo context whose user units are points
 *
 * Makes a Pango context for @cr that measures in points (72 dpi) with
 * unhinted metrics, so text lays out the same on paper, in PDF and in the
 * preview.
 *
 * Returns: (transfer full): a new #PangoContext
 */
PangoContext *
yb_print_document_create_context (cairo_t *cr)
{
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72.0);
  pango_context_set_round_glyph_positions (context, FALSE);
  return context;
}

/**
 * yb_print_document_create_layout:
 * @context: a context from yb_print_document_create_context()
 * @font: a Pango font description string ("Noto Sans CJK SC 10")
 * @width: the wrap width in points, or a negative value for no wrapping
 * @text: (nullable): UTF-8 text
 *
 * Returns: (transfer full): a word-wrapping layout for @text
 */
PangoLayout *
yb_print_document_create_layout (PangoContext *context,
                                 const char   *font,
                                 double        width,
                                 const char   *text)
{
  PangoLayout *layout = pango_layout_new (context);
  PangoFontDescription *desc = pango_font_description_from_string (font);

  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  if (width >= 0)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/**
 * yb_print_document_layout_height:
 * @layout: a layout
 *
 * Returns: the logical height of @layout in points
 */
double
yb_print_document_layout_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return pango_units_to_double (height);
}

/**
 * yb_print_document_show_layout:
 * @cr: a cairo context
 * @layout: the layout to draw
 * @x: left edge in points
 * @y: top edge in points
 *
 * Draws @layout with its top left corner at (@x, @y).
 */
void
yb_print_document_show_layout (cairo_t     *cr,
                               PangoLayout *layout,
                               double       x,
                               double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/**
 * yb_print_document_paginate:
 * @self: a #YbPrintDocument
 * @cr: a cairo context in points, used to measure text
 * @page_width: the sheet width in points
 * @page_height: the sheet height in points
 * @error: return location for a #GError
 *
 * Lays the document out on sheets of the given size with 20 mm margins.
 *
 * Returns: %TRUE on success; the page count is then
 *   yb_print_document_get_n_pages()
 */
gboolean
yb_print_document_paginate (YbPrintDocument *self,
                            cairo_t         *cr,
                            double           page_width,
                            double           page_height,
                            GError         **error)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);
  PangoContext *context;
  YbPrintArea area;
  guint n_pages = 0;
  gboolean ok;

  g_return_val_if_fail (YB_IS_PRINT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  area.page_width = page_width;
  area.page_height = page_height;
  area.x = YB_PRINT_MARGIN;
  area.y = YB_PRINT_MARGIN;
  area.width = page_width - 2 * YB_PRINT_MARGIN;
  area.height = page_height - 2 * YB_PRINT_MARGIN;
  if (area.width < 100 || area.height < 100)
    {
      g_set_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_FAILED,
                   _("The paper is too small for this document."));
      return FALSE;
    }

  /* PangoContext has no autoptr cleanup in Pango 1.50. */
  context = yb_print_document_create_context (cr);
  ok = YB_PRINT_DOCUMENT_GET_CLASS (self)->paginate (self, context, &area, &n_pages, error);
  g_object_unref (context);
  if (!ok)
    return FALSE;
  g_assert (n_pages > 0);
  priv->area = area;
  priv->paginated = TRUE;
  if (priv->n_pages != n_pages)
    {
      priv->n_pages = n_pages;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PAGES]);
    }
  return TRUE;
}

/**
 * yb_print_document_draw_page:
 * @self: a #YbPrintDocument
 * @cr: a cairo context in points, origin at the sheet's top left corner
 * @page_nr: the page, 0-based, below yb_print_document_get_n_pages()
 *
 * Draws one page. Call yb_print_document_paginate() first.
 */
void
yb_print_document_draw_page (YbPrintDocument *self,
                             cairo_t         *cr,
                             guint            page_nr)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);
  PangoContext *context;

  g_return_if_fail (YB_IS_PRINT_DOCUMENT (self));
  g_return_if_fail (priv->paginated);
  g_return_if_fail (page_nr < priv->n_pages);

  context = yb_print_document_create_context (cr);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  YB_PRINT_DOCUMENT_GET_CLASS (self)->draw_page (self, cr, context, &priv->area, page_nr,
                                                 priv->n_pages);
  cairo_restore (cr);
  g_object_unref (context);
}

/**
 * yb_print_document_write_pdf:
 * @self: a #YbPrintDocument
 * @path: the PDF file to write
 * @cancellable: (nullable): a #GCancellable, checked between pages
 * @error: return location for a #GError
 *
 * Renders the document straight to a PDF file on A4 without any dialog. The
 * file is written under a temporary name and renamed when complete, so a
 * failed or cancelled export leaves no partial file. Safe to call in a worker
 * thread for a document no other thread uses.
 *
 * Returns: %TRUE on success
 */
gboolean
yb_print_document_write_pdf (YbPrintDocument *self,
                             const char      *path,
                             GCancellable    *cancellable,
                             GError         **error)
{
  YbPrintDocumentPrivate *priv = yb_print_document_get_instance_private (self);
  g_autofree char *partial = NULL;
  g_autofree char *stamp = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width = priv->landscape ? YB_PRINT_A4_HEIGHT : YB_PRINT_A4_WIDTH;
  double height = priv->landscape ? YB_PRINT_A4_WIDTH : YB_PRINT_A4_HEIGHT;
  gboolean ok = TRUE;

  g_return_val_if_fail (YB_IS_PRINT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  partial = g_strconcat (path, ".part", NULL);
  surface = cairo_pdf_surface_create (partial, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Yibao " PACKAGE_VERSION);
  if (priv->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, priv->title);
  stamp = g_date_time_format (yb_print_document_get_printed_at (self), "%Y-%m-%dT%H:%M:%S%:z");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, stamp);
  cr = cairo_create (surface);

  if (cairo_status (cr) != CAIRO_STATUS_SUCCESS)
    ok = FALSE;
  else if (!yb_print_document_paginate (self, cr, width, height, error))
    ok = FALSE;
  for (guint i = 0; ok && i < priv->n_pages; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      yb_print_document_draw_page (self, cr, i);
      cairo_show_page (cr);
    }
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (ok && status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_FAILED,
                   _("Cannot write the PDF file “%s”: %s"), name, cairo_status_to_string (status));
      ok = FALSE;
    }
  if (ok && g_rename (partial, path) != 0)
    {
      int saved = errno;
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Cannot write the PDF file “%s”: %s"), name, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_remove (partial);
  return ok;
}

/**
 * yb_print_format_money:
 * @cents: an amount in fen
 *
 * Returns: (transfer full): the amount in yuan with thousands separators,
 *   "12,345.67"
 */
char *
yb_print_format_money (gint64 cents)
{
  GString *out = g_string_new (NULL);
  guint64 value = cents < 0 ? -(guint64) cents : (guint64) cents;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, value / 100);
  gsize n = strlen (digits);

  if (cents < 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  g_string_append_printf (out, ".%02u", (guint) (value % 100));
  return g_string_free (out, FALSE);
}

/**
 * yb_print_format_month:
 * @month: (nullable): a month "YYYYMM"
 *
 * Returns: (transfer full): "YYYY.MM", or "—" for no month
 */
char *
yb_print_format_month (const char *month)
{
  if (month == NULL || strlen (month) != 6)
    return g_strdup ("—");
  return g_strdup_printf ("%.4s.%.2s", month, month + 4);
}

/**
 * yb_print_format_date:
 * @time: a time
 *
 * Returns: (transfer full): the local date "YYYY-MM-DD"
 */
char *
yb_print_format_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y-%m-%d");
}

/**
 * yb_print_draw_table_row:
 * @cr: a cairo context
 * @context: a context from yb_print_document_create_context()
 * @font: the cell font
 * @columns: (array length=n_columns): the columns
 * @n_columns: the number of columns
 * @cells: (array length=n_columns) (nullable): the cell texts, or %NULL to
 *   draw the column titles as a shaded header row
 * @x: left edge of the row
 * @y: top edge of the row
 * @height: the row height
 * @header: whether to draw a shaded header row in bold
 *
 * Draws one ruled table row. Text that does not fit its cell ends in an
 * ellipsis instead of running into the next column.
 */
void
yb_print_draw_table_row (cairo_t             *cr,
                         PangoContext        *context,
                         const char          *font,
                         const YbPrintColumn *columns,
                         guint                n_columns,
                         const char * const  *cells,
                         double               x,
                         double               y,
                         double               height,
                         gboolean             header)
{
  const double padding = 4;
  double total = 0;

  for (guint i = 0; i < n_columns; i++)
    total += columns[i].width;
  cairo_save (cr);
  if (header)
    {
      cairo_set_source_rgb (cr, 0.9, 0.9, 0.9);
      cairo_rectangle (cr, x, y, total, height);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 0.5);
  for (guint i = 0; i < n_columns; i++)
    {
      const char *text = cells != NULL ? cells[i] : columns[i].title;
      g_autoptr(PangoLayout) layout = NULL;
      double text_height;

      cairo_rectangle (cr, x, y, columns[i].width, height);
      cairo_stroke (cr);
      layout = yb_print_document_create_layout (context, font, columns[i].width - 2 * padding,
                                                text);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (layout, header ? PANGO_ALIGN_CENTER : columns[i].align);
      if (header)
        {
          PangoFontDescription *desc = pango_font_description_from_string (font);

          pango_font_description_set_weight (desc, PANGO_WEIGHT_BOLD);
          pango_layout_set_font_description (layout, desc);
          pango_font_description_free (desc);
        }
      text_height = yb_print_document_layout_height (layout);
      yb_print_document_show_layout (cr, layout, x + padding, y + (height - text_height) / 2);
      x += columns[i].width;
    }
  cairo_restore (cr);
}
