/* yb-certificate-batch-document.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "yb-certificate-document.h"

G_BEGIN_DECLS

#define YB_TYPE_CERTIFICATE_BATCH_DOCUMENT (yb_certificate_batch_document_get_type ())
G_DECLARE_FINAL_TYPE (YbCertificateBatchDocument, yb_certificate_batch_document, YB,
                      CERTIFICATE_BATCH_DOCUMENT, YbPrintDocument)

YbCertificateBatchDocument *
yb_certificate_batch_document_new (GPtrArray  *certificates,
                                   GError    **error);
guint
yb_certificate_batch_document_get_n_parts (YbCertificateBatchDocument *self);
YbCertificateDocument *
yb_certificate_batch_document_get_part (YbCertificateBatchDocument *self,
                                        guint                       index);
guint
yb_certificate_batch_document_get_first_page (YbCertificateBatchDocument *self,
                                              guint                       index);
void
yb_certificate_batch_document_set_show_full_id (YbCertificateBatchDocument *self,
                                                gboolean                    show);

G_END_DECLS
