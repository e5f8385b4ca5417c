/* yb-certificate-document.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yb-certificate-data.h"
#include "yb-print-document.h"

G_BEGIN_DECLS

#define YB_TYPE_CERTIFICATE_DOCUMENT (yb_certificate_document_get_type ())
G_DECLARE_FINAL_TYPE (YbCertificateDocument, yb_certificate_document, YB, CERTIFICATE_DOCUMENT,
                      YbPrintDocument)

YbCertificateDocument *yb_certificate_document_new          (YbCertificateData     *data,
                                                             GError               **error);
YbCertificateData     *yb_certificate_document_get_data     (YbCertificateDocument *self);
gboolean               yb_certificate_document_get_show_full_id (YbCertificateDocument *self);
void                   yb_certificate_document_set_show_full_id (YbCertificateDocument *self,
                                                                 gboolean               show);

G_END_DECLS
