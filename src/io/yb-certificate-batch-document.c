/* yb-certificate-batch-document.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Several certificates chained into one print job. The halls make a clerk
 * print 个人参保证明 one person at a time; this prints a whole selection at
 * once while each certificate keeps its own "第 N 页 / 共 M 页", so every
 * certificate can be handed out as a complete document.
 */
#define G_LOG_DOMAIN "YbCertificateBatchDocument"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-certificate-batch-document.h"

struct _YbCertificateBatchDocument
{
  YbPrintDocument parent_instance;

  /* YbCertificateDocument, in print order */
  GPtrArray *parts;
  /* guint per part: the number of sheets of the last pagination */
  GArray *part_pages;
};

G_DEFINE_FINAL_TYPE (YbCertificateBatchDocument, yb_certificate_batch_document,
                     YB_TYPE_PRINT_DOCUMENT)

static gboolean
yb_certificate_batch_document_paginate (YbPrintDocument   *document,
                                        PangoContext      *context,
                                        const YbPrintArea *area,
                                        guint             *n_pages,
                                        GError           **error)
{
  YbCertificateBatchDocument *self = YB_CERTIFICATE_BATCH_DOCUMENT (document);
  guint total = 0;

  g_array_set_size (self->part_pages, 0);
  for (guint i = 0; i < self->parts->len; i++)
    {
      YbPrintDocument *part = g_ptr_array_index (self->parts, i);
      guint pages = 0;

      /* The parts lay out in the same area as the whole, so each keeps the
       * layout it would have printed alone. */
      if (!YB_PRINT_DOCUMENT_GET_CLASS (part)->paginate (part, context, area, &pages, error))
        return FALSE;
      g_assert (pages > 0);
      g_array_append_val (self->part_pages, pages);
      total += pages;
    }
  *n_pages = total;
  return TRUE;
}

static void
yb_certificate_batch_document_draw_page (YbPrintDocument   *document,
                                         cairo_t           *cr,
                                         PangoContext      *context,
                                         const YbPrintArea *area,
                                         guint              page_nr,
                                         guint              n_pages)
{
  YbCertificateBatchDocument *self = YB_CERTIFICATE_BATCH_DOCUMENT (document);
  guint first = 0;

  for (guint i = 0; i < self->part_pages->len; i++)
    {
      guint pages = g_array_index (self->part_pages, guint, i);

      if (page_nr < first + pages)
        {
          YbPrintDocument *part = g_ptr_array_index (self->parts, i);

          YB_PRINT_DOCUMENT_GET_CLASS (part)->draw_page (part, cr, context, area,
                                                          page_nr - first, pages);
          return;
        }
      first += pages;
    }
  g_assert_not_reached ();
}

static void
yb_certificate_batch_document_finalize (GObject *object)
{
  YbCertificateBatchDocument *self = YB_CERTIFICATE_BATCH_DOCUMENT (object);

  g_clear_pointer (&self->parts, g_ptr_array_unref);
  g_clear_pointer (&self->part_pages, g_array_unref);

  G_OBJECT_CLASS (yb_certificate_batch_document_parent_class)->finalize (object);
}

static void
yb_certificate_batch_document_class_init (YbCertificateBatchDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  YbPrintDocumentClass *document_class = YB_PRINT_DOCUMENT_CLASS (klass);

  object_class->finalize = yb_certificate_batch_document_finalize;
  document_class->paginate = yb_certificate_batch_document_paginate;
  document_class->draw_page = yb_certificate_batch_document_draw_page;
}

static void
yb_certificate_batch_document_init (YbCertificateBatchDocument *self)
{
  self->parts = g_ptr_array_new_with_free_func (g_object_unref);
  self->part_pages = g_array_new (FALSE, TRUE, sizeof (guint));
}

/**
 * yb_certificate_batch_document_new:
 * @certificates: (element-type YbCertificateData): the certificates, in print
 *   order; at least one
 * @error: return location for a #GError
 *
 * Chains the certificates into one document, so a selection prints as one
 * job (one print dialog, one PDF). Pages are numbered per certificate.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 *   when @certificates is empty or a certificate's QR code cannot be made
 */
YbCertificateBatchDocument *
yb_certificate_batch_document_new (GPtrArray  *certificates,
                                   GError    **error)
{
  g_autoptr(YbCertificateBatchDocument) self = NULL;
  g_autofree char *title = NULL;
  gboolean all_people = TRUE;

  g_return_val_if_fail (certificates != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (certificates->len == 0)
    {
      g_set_error (error, YB_PRINT_ERROR, YB_PRINT_ERROR_EMPTY,
                   _("Choose at least one certificate to print."));
      return NULL;
    }

  self = g_object_new (YB_TYPE_CERTIFICATE_BATCH_DOCUMENT, NULL);
  for (guint i = 0; i < certificates->len; i++)
    {
      YbCertificateData *data = g_ptr_array_index (certificates, i);
      YbCertificateDocument *part = yb_certificate_document_new (data, error);

      if (part == NULL)
        return NULL;
      if (yb_certificate_data_get_kind (data) != YB_CERTIFICATE_KIND_PERSON)
        all_people = FALSE;
      g_ptr_array_add (self->parts, part);
    }

  /* Like the certificates themselves, the job name is the fixed Chinese of
   * the documents (see yb-certificate-document.c). */
  if (certificates->len == 1)
    title = g_strdup (yb_print_document_get_title (g_ptr_array_index (self->parts, 0)));
  else
    title = g_strdup_printf ("%s（%u 份）", all_people ? "个人参保证明" : "参保证明",
                             certificates->len);
  yb_print_document_set_title (YB_PRINT_DOCUMENT (self), title);
  return g_steal_pointer (&self);
}

/**
 * yb_certificate_batch_document_get_n_parts:
 * @self: a #YbCertificateBatchDocument
 *
 * Returns: the number of certificates in the document
 */
guint
yb_certificate_batch_document_get_n_parts (YbCertificateBatchDocument *self)
{
  g_return_val_if_fail (YB_IS_CERTIFICATE_BATCH_DOCUMENT (self), 0);
  return self->parts->len;
}

/**
 * yb_certificate_batch_document_get_part:
 * @self: a #YbCertificateBatchDocument
 * @index: a certificate, below yb_certificate_batch_document_get_n_parts()
 *
 * Returns: (transfer none): the certificate document at @index
 */
YbCertificateDocument *
yb_certificate_batch_document_get_part (YbCertificateBatchDocument *self,
                                        guint                       index)
{
  g_return_val_if_fail (YB_IS_CERTIFICATE_BATCH_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->parts->len, NULL);
  return g_ptr_array_index (self->parts, index);
}

/**
 * yb_certificate_batch_document_get_first_page:
 * @self: a #YbCertificateBatchDocument
 * @index: a certificate, below yb_certificate_batch_document_get_n_parts()
 *
 * Where a certificate starts in the job, after yb_print_document_paginate().
 *
 * Returns: the 0-based page the certificate at @index starts on
 */
guint
yb_certificate_batch_document_get_first_page (YbCertificateBatchDocument *self,
                                              guint                       index)
{
  guint first = 0;

  g_return_val_if_fail (YB_IS_CERTIFICATE_BATCH_DOCUMENT (self), 0);
  g_return_val_if_fail (index < self->parts->len, 0);
  g_return_val_if_fail (self->part_pages->len == self->parts->len, 0);

  for (guint i = 0; i < index; i++)
    first += g_array_index (self->part_pages, guint, i);
  return first;
}

/**
 * yb_certificate_batch_document_set_show_full_id:
 * @self: a #YbCertificateBatchDocument
 * @show: whether to print full ID numbers
 *
 * Sets yb_certificate_document_set_show_full_id() on every certificate.
 */
void
yb_certificate_batch_document_set_show_full_id (YbCertificateBatchDocument *self,
                                                gboolean                    show)
{
  g_return_if_fail (YB_IS_CERTIFICATE_BATCH_DOCUMENT (self));
  for (guint i = 0; i < self->parts->len; i++)
    yb_certificate_document_set_show_full_id (g_ptr_array_index (self->parts, i), show);
}
