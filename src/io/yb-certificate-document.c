/* yb-certificate-document.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 单位参保证明 and 个人参保证明 on A4.
 *
 * The certificate text is fixed Chinese and deliberately not translated: it
 * is an official document for Chinese banks, landlords and authorities, and
 * the hall's verification page shows the same Chinese terms whatever
 * language the clerk runs Yibao in. Error messages for the clerk are
 * translated as usual.
 */
#define G_LOG_DOMAIN "YbCertificateDocument"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-certificate-document.h"
#include "yb-qr-code.h"

#define SERIF "Noto Serif CJK SC"
#define SANS "Noto Sans CJK SC"
#define TITLE_FONT SERIF " Bold 22"
#define BODY_FONT SERIF " 12"
#define HEADING_FONT SANS " Bold 11"
#define TABLE_FONT SANS " 9.5"
#define SMALL_FONT SANS " 8.5"
#define ROW_HEIGHT 19.0
#define HEADER_HEIGHT 21.0
#define PAGE_FOOTER 18.0
#define QR_SIZE 96.0
#define GAP 12.0

typedef enum
{
  ITEM_TITLE,
  ITEM_BODY,
  ITEM_HEADING,
  ITEM_TABLE_HEADER,
  ITEM_ROW,
  ITEM_CLOSING,
  ITEM_FOOTER,
} ItemKind;

typedef struct
{
  guint page;
  ItemKind kind;
  guint table;
  guint row;
  double y;
} Item;

struct _YbCertificateDocument
{
  YbPrintDocument parent_instance;

  YbCertificateData *data;
  YbQrCode *qr;
  GPtrArray *periods;
  gboolean show_full_id;
  GArray *items;
};

G_DEFINE_FINAL_TYPE (YbCertificateDocument, yb_certificate_document, YB_TYPE_PRINT_DOCUMENT)

enum
{
  PROP_0,
  PROP_SHOW_FULL_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  TABLE_PERIODS,
  TABLE_MONTHS,
  N_TABLES
};

static gboolean
is_person (YbCertificateDocument *self)
{
  return yb_certificate_data_get_kind (self->data) == YB_CERTIFICATE_KIND_PERSON;
}

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "insured") == 0)
    return "参保缴费";
  if (g_strcmp0 (status, "stopped") == 0)
    return "暂停缴费";
  if (g_strcmp0 (status, "suspended") == 0)
    return "中断缴费";
  return status;
}

static char *
chinese_date (GDateTime *time)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  return g_date_time_format (local, "%Y年%m月%d日");
}

static char *
chinese_month (const char *month)
{
  if (month == NULL || *month == '\0')
    return g_strdup ("无");
  return g_strdup_printf ("%.4s年%.2s月", month, month + 4);
}

static const char *
shown_id (YbCertificateDocument *self)
{
  const char *full = yb_certificate_data_get_id_number (self->data);

  if (self->show_full_id && full != NULL)
    return full;
  return yb_certificate_data_get_id_number_masked (self->data);
}

static char *
dup_title (YbCertificateDocument *self)
{
  return g_strdup (is_person (self) ? "个人参保证明" : "单位参保证明");
}

static char *
dup_body (YbCertificateDocument *self)
{
  YbCertificateData *data = self->data;
  g_autofree char *from = chinese_month (yb_certificate_data_get_period_from (data));
  g_autofree char *to = chinese_month (yb_certificate_data_get_period_to (data));

  if (is_person (self))
    {
      g_autofree char *start = chinese_month (yb_certificate_data_get_start_month (data));
      g_autofree char *last = chinese_month (yb_certificate_data_get_last_paid_month (data));

      return g_strdup_printf ("兹证明 %s（公民身份号码：%s）在 %s（单位编号：%s，统一社会信用代码：%s）"
                              "参加职工基本医疗保险。当前参保状态：%s；参保起始年月：%s；"
                              "最后缴费年月：%s。其 %s 至 %s 期间的参保缴费情况如下：",
                              yb_certificate_data_get_person_name (data), shown_id (self),
                              yb_certificate_data_get_unit_name (data),
                              yb_certificate_data_get_unit_no (data),
                              yb_certificate_data_get_credit_code (data),
                              status_label (yb_certificate_data_get_person_status (data)), start,
                              last, from, to);
    }
  return g_strdup_printf ("兹证明 %s（统一社会信用代码：%s，单位编号：%s）已在本统筹区参加"
                          "职工基本医疗保险，截至出具之日在职参保人数 %u 人。该单位 %s 至 %s "
                          "期间的参保缴费情况如下：",
                          yb_certificate_data_get_unit_name (data),
                          yb_certificate_data_get_credit_code (data),
                          yb_certificate_data_get_unit_no (data),
                          yb_certificate_data_get_insured_count (data), from, to);
}

static const char *
heading_text (YbCertificateDocument *self,
              guint                  table)
{
  if (table == TABLE_PERIODS)
    return "一、参保期间";
  return is_person (self) ? "二、缴费明细" : "参保缴费明细";
}

static guint
table_columns (YbCertificateDocument *self,
               guint                  table,
               const YbPrintArea     *area,
               YbPrintColumn         *columns)
{
  static const double period_share[] = { 0.26, 0.22, 0.14, 0.28, 0.10 };
  static const char * const period_titles[] = { "起止年月", "险种", "参保状态", "单位名称",
                                                "月数" };
  static const double month_share[] = { 0.2, 0.3, 0.25, 0.25 };
  static const char * const person_titles[] = { "费款所属期", "险种", "缴费基数（元）",
                                                "缴费金额（元）" };
  static const char * const unit_titles[] = { "费款所属期", "参保人数", "缴费基数合计（元）",
                                              "实缴金额（元）" };
  static const PangoAlignment month_align[] = { PANGO_ALIGN_CENTER, PANGO_ALIGN_CENTER,
                                                PANGO_ALIGN_RIGHT, PANGO_ALIGN_RIGHT };

  if (table == TABLE_PERIODS)
    {
      for (guint i = 0; i < G_N_ELEMENTS (period_share); i++)
        {
          columns[i].title = period_titles[i];
          columns[i].width = area->width * period_share[i];
          columns[i].align = i == 3 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_CENTER;
        }
      return G_N_ELEMENTS (period_share);
    }
  for (guint i = 0; i < G_N_ELEMENTS (month_share); i++)
    {
      columns[i].title = is_person (self) ? person_titles[i] : unit_titles[i];
      columns[i].width = area->width * month_share[i];
      columns[i].align = month_align[i];
    }
  return G_N_ELEMENTS (month_share);
}

static guint
table_rows (YbCertificateDocument *self,
            guint                  table)
{
  guint n;

  if (table == TABLE_PERIODS)
    n = is_person (self) ? self->periods->len : 0;
  else
    n = yb_certificate_data_get_n_months (self->data);
  /* An empty table still shows one row saying there is nothing. */
  return MAX (n, 1);
}

static GStrv
table_cells (YbCertificateDocument *self,
             guint                  table,
             guint                  row)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv cells;

  if (table == TABLE_PERIODS && row < self->periods->len)
    {
      YbCertificatePeriod *period = g_ptr_array_index (self->periods, row);
      g_autofree char *from = yb_print_format_month (period->from);
      g_autofree char *to = yb_print_format_month (period->to);
      g_autofree char *range = g_strdup_printf ("%s—%s", from, period->current ? "至今" : to);
      g_autofree char *months = g_strdup_printf ("%u", period->n_months);

      g_strv_builder_add_many (builder, range, "职工基本医疗保险",
                               period->current ? "参保缴费" : "暂停缴费",
                               yb_certificate_data_get_unit_name (self->data), months, NULL);
    }
  else if (table == TABLE_MONTHS && row < yb_certificate_data_get_n_months (self->data))
    {
      const YbCertificateMonth *month = yb_certificate_data_get_month (self->data, row);
      g_autofree char *period = yb_print_format_month (month->period);
      g_autofree char *base = yb_print_format_money (month->base_cents);
      g_autofree char *paid = yb_print_format_money (month->paid_cents);
      g_autofree char *headcount = g_strdup_printf ("%u", month->headcount);

      g_strv_builder_add_many (builder, period,
                               is_person (self) ? "职工基本医疗保险" : headcount, base, paid,
                               NULL);
    }
  else
    {
      g_strv_builder_add (builder, "无记录");
      for (guint i = 1; i < (table == TABLE_PERIODS ? 5u : 4u); i++)
        g_strv_builder_add (builder, "");
    }
  cells = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return cells;
}

static char *
dup_verify_sentence (YbCertificateDocument *self)
{
  g_autofree char *until = chinese_date (yb_certificate_data_get_valid_until (self->data));

  return g_strdup_printf ("本证明由医疗保障网上服务大厅出具，在线验证码有效期为3个月（至 %s）。"
                          "可扫描右侧二维码，或登录网上服务大厅“参保证明验证”输入验证码 %s 核验"
                          "真伪。验证地址：%s",
                          until, yb_certificate_data_get_verification_code (self->data),
                          yb_certificate_data_get_verification_url (self->data));
}

static PangoLayout *
make_footer_text (YbCertificateDocument *self,
                  PangoContext          *context,
                  double                 width)
{
  g_autofree char *printed = chinese_date (
    yb_print_document_get_printed_at (YB_PRINT_DOCUMENT (self)));
  g_autofree char *sentence = dup_verify_sentence (self);
  g_autofree char *text = g_strdup_printf ("验证码：%s\n打印日期：%s\n%s",
                                           yb_certificate_data_get_verification_code (self->data),
                                           printed, sentence);
  PangoLayout *layout = yb_print_document_create_layout (context, SMALL_FONT, width, text);

  pango_layout_set_spacing (layout, pango_units_from_double (2));
  return layout;
}

static PangoLayout *
make_issuer (YbCertificateDocument *self,
             PangoContext          *context,
             double                 width)
{
  g_autofree char *issued = chinese_date (yb_certificate_data_get_issued_at (self->data));
  g_autofree char *text = g_strdup_printf ("医疗保障经办机构（网上服务大厅）\n出具日期：%s", issued);
  PangoLayout *layout = yb_print_document_create_layout (context, BODY_FONT, width, text);

  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_spacing (layout, pango_units_from_double (4));
  return layout;
}

static PangoLayout *
make_block (YbCertificateDocument *self,
            PangoContext          *context,
            ItemKind               kind,
            guint                  table,
            double                 width)
{
  g_autofree char *text = NULL;
  PangoLayout *layout;

  switch (kind)
    {
    case ITEM_TITLE:
      text = dup_title (self);
      layout = yb_print_document_create_layout (context, TITLE_FONT, width, text);
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      return layout;
    case ITEM_BODY:
      text = dup_body (self);
      layout = yb_print_document_create_layout (context, BODY_FONT, width, text);
      pango_layout_set_spacing (layout, pango_units_from_double (7));
      pango_layout_set_indent (layout, pango_units_from_double (24));
      return layout;
    case ITEM_HEADING:
      return yb_print_document_create_layout (context, HEADING_FONT, width,
                                              heading_text (self, table));
    case ITEM_CLOSING:
      layout = yb_print_document_create_layout (context, BODY_FONT, width, "特此证明。");
      pango_layout_set_indent (layout, pango_units_from_double (24));
      return layout;
    case ITEM_TABLE_HEADER:
    case ITEM_ROW:
    case ITEM_FOOTER:
    default:
      g_assert_not_reached ();
    }
}

static double
footer_height (YbCertificateDocument *self,
               PangoContext          *context,
               const YbPrintArea     *area)
{
  g_autoptr(PangoLayout) issuer = make_issuer (self, context, area->width);
  g_autoptr(PangoLayout) text = make_footer_text (self, context, area->width - QR_SIZE - GAP);

  return yb_print_document_layout_height (issuer) + GAP
         + MAX (QR_SIZE, yb_print_document_layout_height (text));
}

static double
block_height (YbCertificateDocument *self,
              PangoContext          *context,
              ItemKind               kind,
              guint                  table,
              const YbPrintArea     *area)
{
  g_autoptr(PangoLayout) layout = make_block (self, context, kind, table, area->width);
  double after = kind == ITEM_TITLE ? 2 * GAP + 4 : kind == ITEM_HEADING ? 4 : GAP;

  return yb_print_document_layout_height (layout) + after;
}

typedef struct
{
  GArray *items;
  guint page;
  double y;
  double limit;
} Flow;

static void
place (Flow     *flow,
       ItemKind  kind,
       guint     table,
       guint     row,
       double    height)
{
  Item item = { 0 };

  if (flow->y > 0 && flow->y + height > flow->limit)
    {
      flow->page++;
      flow->y = 0;
    }
  item.page = flow->page;
  item.kind = kind;
  item.table = table;
  item.row = row;
  item.y = flow->y;
  g_array_append_val (flow->items, item);
  flow->y += height;
}

static gboolean
yb_certificate_document_paginate (YbPrintDocument   *document,
                                  PangoContext      *context,
                                  const YbPrintArea *area,
                                  guint             *n_pages,
                                  GError           **error)
{
  YbCertificateDocument *self = YB_CERTIFICATE_DOCUMENT (document);
  Flow flow = { 0 };

  g_array_set_size (self->items, 0);
  flow.items = self->items;
  flow.limit = area->height - PAGE_FOOTER;

  place (&flow, ITEM_TITLE, 0, 0, block_height (self, context, ITEM_TITLE, 0, area));
  place (&flow, ITEM_BODY, 0, 0, block_height (self, context, ITEM_BODY, 0, area));
  for (guint table = is_person (self) ? TABLE_PERIODS : TABLE_MONTHS; table < N_TABLES; table++)
    {
      double heading = block_height (self, context, ITEM_HEADING, table, area);
      guint n_rows = table_rows (self, table);

      /* Keep a heading with its table header and first row. */
      if (flow.y > 0 && flow.y + heading + HEADER_HEIGHT + ROW_HEIGHT > flow.limit)
        {
          flow.page++;
          flow.y = 0;
        }
      place (&flow, ITEM_HEADING, table, 0, heading);
      place (&flow, ITEM_TABLE_HEADER, table, 0, HEADER_HEIGHT);
      for (guint row = 0; row < n_rows; row++)
        {
          if (flow.y + ROW_HEIGHT > flow.limit)
            {
              flow.page++;
              flow.y = 0;
              place (&flow, ITEM_TABLE_HEADER, table, 0, HEADER_HEIGHT);
            }
          place (&flow, ITEM_ROW, table, row, ROW_HEIGHT);
        }
      flow.y += GAP;
    }
  place (&flow, ITEM_CLOSING, 0, 0, block_height (self, context, ITEM_CLOSING, 0, area));
  place (&flow, ITEM_FOOTER, 0, 0, footer_height (self, context, area));
  *n_pages = flow.page + 1;
  return TRUE;
}

static void
draw_footer (YbCertificateDocument *self,
             cairo_t               *cr,
             PangoContext          *context,
             const YbPrintArea     *area,
             double                 y)
{
  g_autoptr(PangoLayout) issuer = make_issuer (self, context, area->width);
  g_autoptr(PangoLayout) text = make_footer_text (self, context, area->width - QR_SIZE - GAP);
  double text_y;

  yb_print_document_show_layout (cr, issuer, area->x, y);
  y += yb_print_document_layout_height (issuer) + GAP;
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, area->x, y - GAP / 2);
  cairo_line_to (cr, area->x + area->width, y - GAP / 2);
  cairo_stroke (cr);
  text_y = y + MAX (0, (QR_SIZE - yb_print_document_layout_height (text)) / 2);
  yb_print_document_show_layout (cr, text, area->x, text_y);
  yb_qr_code_draw (self->qr, cr, area->x + area->width - QR_SIZE, y, QR_SIZE);
}

static void
draw_page_footer (YbCertificateDocument *self,
                  cairo_t               *cr,
                  PangoContext          *context,
                  const YbPrintArea     *area,
                  guint                  page_nr,
                  guint                  n_pages)
{
  g_autofree char *text = g_strdup_printf ("%s　验证码 %s　第 %u 页 / 共 %u 页",
                                           is_person (self) ? "个人参保证明" : "单位参保证明",
                                           yb_certificate_data_get_verification_code (self->data),
                                           page_nr + 1, n_pages);
  g_autoptr(PangoLayout) layout = yb_print_document_create_layout (context, SMALL_FONT,
                                                                  area->width, text);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  yb_print_document_show_layout (cr, layout, area->x,
                                 area->y + area->height - yb_print_document_layout_height (layout));
}

static void
yb_certificate_document_draw_page (YbPrintDocument   *document,
                                   cairo_t           *cr,
                                   PangoContext      *context,
                                   const YbPrintArea *area,
                                   guint              page_nr,
                                   guint              n_pages)
{
  YbCertificateDocument *self = YB_CERTIFICATE_DOCUMENT (document);

  for (guint i = 0; i < self->items->len; i++)
    {
      const Item *item = &g_array_index (self->items, Item, i);
      double y = area->y + item->y;

      if (item->page != page_nr)
        continue;
      switch (item->kind)
        {
        case ITEM_TITLE:
          {
            g_autoptr(PangoLayout) layout = make_block (self, context, item->kind, 0,
                                                        area->width);
            double bottom = y + yb_print_document_layout_height (layout) + GAP;

            yb_print_document_show_layout (cr, layout, area->x, y);
            /* The double rule of official letterheads. */
            cairo_set_line_width (cr, 1.6);
            cairo_move_to (cr, area->x, bottom);
            cairo_line_to (cr, area->x + area->width, bottom);
            cairo_stroke (cr);
            cairo_set_line_width (cr, 0.5);
            cairo_move_to (cr, area->x, bottom + 3);
            cairo_line_to (cr, area->x + area->width, bottom + 3);
            cairo_stroke (cr);
          }
          break;
        case ITEM_BODY:
        case ITEM_HEADING:
        case ITEM_CLOSING:
          {
            g_autoptr(PangoLayout) layout = make_block (self, context, item->kind, item->table,
                                                        area->width);

            yb_print_document_show_layout (cr, layout, area->x, y);
          }
          break;
        case ITEM_TABLE_HEADER:
        case ITEM_ROW:
          {
            YbPrintColumn columns[5];
            guint n_columns = table_columns (self, item->table, area, columns);
            g_auto(GStrv) cells = NULL;

            if (item->kind == ITEM_ROW)
              cells = table_cells (self, item->table, item->row);
            yb_print_draw_table_row (cr, context, TABLE_FONT, columns, n_columns,
                                     (const char * const *) cells, area->x, y,
                                     item->kind == ITEM_ROW ? ROW_HEIGHT : HEADER_HEIGHT,
                                     item->kind == ITEM_TABLE_HEADER);
          }
          break;
        case ITEM_FOOTER:
          draw_footer (self, cr, context, area, y);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  draw_page_footer (self, cr, context, area, page_nr, n_pages);
}

static void
yb_certificate_document_finalize (GObject *object)
{
  YbCertificateDocument *self = YB_CERTIFICATE_DOCUMENT (object);

  g_clear_pointer (&self->data, yb_certificate_data_unref);
  g_clear_pointer (&self->qr, yb_qr_code_unref);
  g_clear_pointer (&self->periods, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_array_unref);

  G_OBJECT_CLASS (yb_certificate_document_parent_class)->finalize (object);
}

static void
yb_certificate_document_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  YbCertificateDocument *self = YB_CERTIFICATE_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_SHOW_FULL_ID:
      g_value_set_boolean (value, self->show_full_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_certificate_document_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  YbCertificateDocument *self = YB_CERTIFICATE_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_SHOW_FULL_ID:
      yb_certificate_document_set_show_full_id (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_certificate_document_class_init (YbCertificateDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  YbPrintDocumentClass *document_class = YB_PRINT_DOCUMENT_CLASS (klass);

  object_class->finalize = yb_certificate_document_finalize;
  object_class->get_property = yb_certificate_document_get_property;
  object_class->set_property = yb_certificate_document_set_property;
  document_class->paginate = yb_certificate_document_paginate;
  document_class->draw_page = yb_certificate_document_draw_page;

  properties[PROP_SHOW_FULL_ID] =
    g_param_spec_boolean ("show-full-id", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_certificate_document_init (YbCertificateDocument *self)
{
  self->items = g_array_new (FALSE, TRUE, sizeof (Item));
}

/**
 * yb_certificate_document_new:
 * @data: the certificate data from the hall (live or cached)
 * @error: return location for a #GError
 *
 * Makes the printable 单位参保证明 or 个人参保证明 for @data, with the QR code
 * of its verification address.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL if the QR code
 *   cannot be made
 */
YbCertificateDocument *
yb_certificate_document_new (YbCertificateData  *data,
                             GError            **error)
{
  g_autoptr(YbCertificateDocument) self = NULL;
  g_autofree char *title = NULL;
  const char *subject;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (YB_TYPE_CERTIFICATE_DOCUMENT, NULL);
  self->data = yb_certificate_data_ref (data);
  self->qr = yb_qr_code_new (yb_certificate_data_get_verification_url (data), error);
  if (self->qr == NULL)
    return NULL;
  self->periods = yb_certificate_data_dup_periods (data);
  subject = is_person (self) ? yb_certificate_data_get_person_name (data)
                             : yb_certificate_data_get_unit_name (data);
  title = g_strdup_printf ("%s - %s", is_person (self) ? "个人参保证明" : "单位参保证明", subject);
  yb_print_document_set_title (YB_PRINT_DOCUMENT (self), title);
  return g_steal_pointer (&self);
}

/**
 * yb_certificate_document_get_data:
 * @self: a #YbCertificateDocument
 *
 * Returns: (transfer none): the certificate data
 */
YbCertificateData *
yb_certificate_document_get_data (YbCertificateDocument *self)
{
  g_return_val_if_fail (YB_IS_CERTIFICATE_DOCUMENT (self), NULL);
  return self->data;
}

/**
 * yb_certificate_document_get_show_full_id:
 * @self: a #YbCertificateDocument
 *
 * Returns: whether the full ID number is printed instead of the masked one
 */
gboolean
yb_certificate_document_get_show_full_id (YbCertificateDocument *self)
{
  g_return_val_if_fail (YB_IS_CERTIFICATE_DOCUMENT (self), FALSE);
  return self->show_full_id;
}

/**
 * yb_certificate_document_set_show_full_id:
 * @self: a #YbCertificateDocument
 * @show: whether to print the full ID number
 *
 * Prints the full ID number, when the hall sent it, instead of the masked one
 * (banks often ask for it; the masked form is the safe default).
 */
void
yb_certificate_document_set_show_full_id (YbCertificateDocument *self,
                                          gboolean               show)
{
  g_return_if_fail (YB_IS_CERTIFICATE_DOCUMENT (self));
  show = !!show;
  if (self->show_full_id == show)
    return;
  self->show_full_id = show;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_FULL_ID]);
}
