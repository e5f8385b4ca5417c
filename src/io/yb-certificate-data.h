/* yb-certificate-data.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "yb-print-error.h"

G_BEGIN_DECLS

/**
 * YbCertificateKind:
 * @YB_CERTIFICATE_KIND_UNIT: 单位参保证明
 * @YB_CERTIFICATE_KIND_PERSON: 个人参保证明
 *
 * What a certificate certifies.
 */
typedef enum
{
  YB_CERTIFICATE_KIND_UNIT,
  YB_CERTIFICATE_KIND_PERSON,
} YbCertificateKind;

/**
 * YbCertificateMonth:
 * @period: the month, "YYYYMM"
 * @headcount: people paid for in the month (unit certificates; 0 otherwise)
 * @base_cents: the contribution base in fen (for a unit, the sum of bases)
 * @paid_cents: the amount paid in fen
 *
 * One month of a certificate's payment record.
 */
typedef struct
{
  char *period;
  guint headcount;
  gint64 base_cents;
  gint64 paid_cents;
} YbCertificateMonth;

/**
 * YbCertificatePeriod:
 * @from: first month of an unbroken run of paid months, "YYYYMM"
 * @to: last month of the run, "YYYYMM"
 * @n_months: the number of months in the run
 * @current: whether the run reaches the certificate's last month while the
 *   person is still insured
 *
 * An insured period derived from the months of a certificate.
 */
typedef struct
{
  char *from;
  char *to;
  guint n_months;
  gboolean current;
} YbCertificatePeriod;

#define YB_TYPE_CERTIFICATE_DATA (yb_certificate_data_get_type ())

typedef struct _YbCertificateData YbCertificateData;

GType               yb_certificate_data_get_type          (void) G_GNUC_CONST;
YbCertificateData  *yb_certificate_data_new_from_json     (JsonObject        *object,
                                                           const char        *hall_url,
                                                           GError           **error);
YbCertificateData  *yb_certificate_data_ref               (YbCertificateData *self);
void                yb_certificate_data_unref             (YbCertificateData *self);

JsonObject         *yb_certificate_data_get_json          (YbCertificateData *self);
YbCertificateKind   yb_certificate_data_get_kind          (YbCertificateData *self);
const char         *yb_certificate_data_get_verification_code (YbCertificateData *self);
const char         *yb_certificate_data_get_verification_url (YbCertificateData *self);
GDateTime          *yb_certificate_data_get_issued_at     (YbCertificateData *self);
GDateTime          *yb_certificate_data_get_valid_until   (YbCertificateData *self);
const char         *yb_certificate_data_get_unit_no       (YbCertificateData *self);
const char         *yb_certificate_data_get_unit_name     (YbCertificateData *self);
const char         *yb_certificate_data_get_credit_code   (YbCertificateData *self);
guint               yb_certificate_data_get_insured_count (YbCertificateData *self);
const char         *yb_certificate_data_get_person_no     (YbCertificateData *self);
const char         *yb_certificate_data_get_person_name   (YbCertificateData *self);
const char         *yb_certificate_data_get_id_number     (YbCertificateData *self);
const char         *yb_certificate_data_get_id_number_masked (YbCertificateData *self);
const char         *yb_certificate_data_get_person_status (YbCertificateData *self);
const char         *yb_certificate_data_get_start_month   (YbCertificateData *self);
const char         *yb_certificate_data_get_last_paid_month (YbCertificateData *self);
const char         *yb_certificate_data_get_period_from   (YbCertificateData *self);
const char         *yb_certificate_data_get_period_to     (YbCertificateData *self);
guint               yb_certificate_data_get_n_months      (YbCertificateData *self);
const YbCertificateMonth *yb_certificate_data_get_month   (YbCertificateData *self,
                                                           guint              index);
GPtrArray          *yb_certificate_data_dup_periods       (YbCertificateData *self);
char               *yb_certificate_data_dup_file_name     (YbCertificateData *self);

void                yb_certificate_period_free            (YbCertificatePeriod *period);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YbCertificateData, yb_certificate_data_unref)

G_END_DECLS
