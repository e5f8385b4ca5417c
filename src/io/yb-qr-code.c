/* yb-qr-code.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbQrCode"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <qrencode.h>
#include <string.h>

#include "yb-print-error.h"
#include "yb-qr-code.h"

struct _YbQrCode
{
  gatomicrefcount ref_count;
  char *text;
  guint width;
  guint8 *modules;
};

G_DEFINE_BOXED_TYPE (YbQrCode, yb_qr_code, yb_qr_code_ref, yb_qr_code_unref)

/**
 * yb_qr_code_new:
 * @text: the UTF-8 text to encode, such as a verification URL
 * @error: return location for a #GError
 *
 * Encodes @text as a QR code with error correction level M (15 %), which
 * survives the smudges and folds of a printed certificate.
 *
 * Returns: (transfer full) (nullable): the code, or %NULL if @text is empty
 *   or too long for a QR code
 */
YbQrCode *
yb_qr_code_new (const char  *text,
                GError     **error)
{
  YbQrCode *self;
  QRcode *code;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (*text == '\0' || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_INVALID_DATA,
                   _("The QR code text is empty or not valid UTF-8."));
      return NULL;
    }
  code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      int saved = errno;

      g_set_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_INVALID_DATA,
                   _("Cannot make a QR code of %zu bytes: %s"), strlen (text),
                   saved == ERANGE ? _("the text is too long") : g_strerror (saved));
      return NULL;
    }

  self = g_new0 (YbQrCode, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_strdup (text);
  self->width = code->width;
  self->modules = g_malloc ((gsize) code->width * code->width);
  for (gsize i = 0; i < (gsize) code->width * code->width; i++)
    self->modules[i] = code->data[i] & 1;
  QRcode_free (code);
  return self;
}

/**
 * yb_qr_code_ref:
 * @self: a #YbQrCode
 *
 * Returns: (transfer full): @self
 */
YbQrCode *
yb_qr_code_ref (YbQrCode *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * yb_qr_code_unref:
 * @self: (transfer full): a #YbQrCode
 *
 * Drops a reference.
 */
void
yb_qr_code_unref (YbQrCode *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->text);
  g_free (self->modules);
  g_free (self);
}

/**
 * yb_qr_code_get_text:
 * @self: a #YbQrCode
 *
 * Returns: the encoded text
 */
const char *
yb_qr_code_get_text (YbQrCode *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

/**
 * yb_qr_code_get_width:
 * @self: a #YbQrCode
 *
 * Returns: the number of modules per side, without the quiet zone
 */
guint
yb_qr_code_get_width (YbQrCode *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->width;
}

/**
 * yb_qr_code_get_module:
 * @self: a #YbQrCode
 * @x: the column
 * @y: the row
 *
 * Returns: %TRUE if the module at (@x, @y) is dark; %FALSE outside the symbol
 */
gboolean
yb_qr_code_get_module (YbQrCode *self,
                       guint     x,
                       guint     y)
{
  g_return_val_if_fail (self != NULL, FALSE);
  if (x >= self->width || y >= self->width)
    return FALSE;
  return self->modules[(gsize) y * self->width + x] != 0;
}

/**
 * yb_qr_code_draw:
 * @self: a #YbQrCode
 * @cr: a cairo context
 * @x: left edge of the code including its quiet zone
 * @y: top edge of the code including its quiet zone
 * @size: side length including the quiet zone
 *
 * Draws the code as exact rectangles on a white square. All dark modules go
 * into one path filled once, so printers and PDF viewers show no seams
 * between neighbouring modules.
 */
void
yb_qr_code_draw (YbQrCode *self,
                 cairo_t  *cr,
                 double    x,
                 double    y,
                 double    size)
{
  double module;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);

  module = size / (self->width + 2 * YB_QR_CODE_QUIET_ZONE);
  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, size, size);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  x += YB_QR_CODE_QUIET_ZONE * module;
  y += YB_QR_CODE_QUIET_ZONE * module;
  for (guint row = 0; row < self->width; row++)
    {
      guint col = 0;

      while (col < self->width)
        {
          guint start;

          if (!yb_qr_code_get_module (self, col, row))
            {
              col++;
              continue;
            }
          start = col;
          while (col < self->width && yb_qr_code_get_module (self, col, row))
            col++;
          cairo_rectangle (cr, x + start * module, y + row * module, (col - start) * module,
                           module);
        }
    }
  cairo_fill (cr);
  cairo_restore (cr);
}
