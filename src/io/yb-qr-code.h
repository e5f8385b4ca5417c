/* yb-qr-code.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

/* Modules of white border the QR standard asks for around the symbol. */
#define YB_QR_CODE_QUIET_ZONE 4

#define YB_TYPE_QR_CODE (yb_qr_code_get_type ())

typedef struct _YbQrCode YbQrCode;

GType     yb_qr_code_get_type   (void) G_GNUC_CONST;
YbQrCode *yb_qr_code_new        (const char *text,
                                 GError    **error);
YbQrCode *yb_qr_code_ref        (YbQrCode   *self);
void      yb_qr_code_unref      (YbQrCode   *self);
const char *yb_qr_code_get_text (YbQrCode   *self);
guint     yb_qr_code_get_width  (YbQrCode   *self);
gboolean  yb_qr_code_get_module (YbQrCode   *self,
                                 guint       x,
                                 guint       y);
void      yb_qr_code_draw       (YbQrCode   *self,
                                 cairo_t    *cr,
                                 double      x,
                                 double      y,
                                 double      size);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbQrCode, yb_qr_code_unref)

G_END_DECLS
