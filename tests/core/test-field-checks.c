/* test-field-checks.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "yb-field-checks.h"

static void
assert_normal (const char *text,
               const char *expected)
{
  g_autofree char *normal = yb_text_normalize (text);

  g_assert_cmpstr (normal, ==, expected);
}

/* Takes the finding; NULL code means "no finding". */
static void
assert_code (YbFinding  *finding,
             const char *code,
             YbSeverity  severity,
             const char *field)
{
  g_autoptr (YbFinding) owned = finding;

  if (code == NULL)
    {
      if (finding != NULL)
        g_error ("unexpected %s: %s", finding->code, finding->message);
      return;
    }
  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, code);
  g_assert_cmpint (finding->severity, ==, severity);
  g_assert_cmpstr (finding->field, ==, field);
  g_assert_cmpuint (strlen (finding->message), >, 15);
}

static void
test_normalize (void)
{
  assert_normal (NULL, "");
  assert_normal ("", "");
  assert_normal ("  abc  ", "abc");
  assert_normal ("\u3000\u3000张三\u3000", "张三");
  assert_normal ("\t\n 杭州 西湖\r\n", "杭州 西湖");
  assert_normal ("\u00a0\u200b13812345678\ufeff", "13812345678");
  assert_normal ("０１２３４５６７８９", "0123456789");
  assert_normal ("ＡＢＣＸＹＺａｂｃｘｙｚ", "ABCXYZabcxyz");
  /* inner spaces and Chinese punctuation stay */
  assert_normal ("a\u3000b", "a\u3000b");
  assert_normal ("（杭州）", "（杭州）");
  /* invalid UTF-8 becomes U+FFFD rather than passing through */
  assert_normal ("ab\xff", "ab\xef\xbf\xbd");

  {
    g_autofree char *s = yb_text_strip_spaces (" 3301 02\u300019 ");

    g_assert_cmpstr (s, ==, "33010219");
  }
}

static void
test_required (void)
{
  g_autoptr (YbFinding) finding = yb_check_required ("  ", "name", "Name");

  assert_code (yb_check_required ("张三", "name", "Name"), NULL, 0, NULL);
  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, "REQUIRED");
  g_assert_cmpstr (finding->field, ==, "name");
  g_assert_true (yb_finding_is_error (finding));
  g_assert_nonnull (strstr (finding->message, "Name"));
  assert_code (yb_check_required (NULL, "name", "Name"), "REQUIRED", YB_SEVERITY_ERROR, "name");
  assert_code (yb_check_required ("\u3000", "name", "Name"), "REQUIRED", YB_SEVERITY_ERROR,
               "name");
}

static void
test_mobile (void)
{
  static const char *known[] = { "13012345678", "13912345678", "14512345678", "14912345678",
                                 "15012345678", "15912345678", "16612345678", "17012345678",
                                 "17812345678", "18012345678", "18912345678", "19012345678",
                                 "19212345678", "19512345678", "19912345678" };
  static const char *unknown[] = { "14012345678", "14812345678", "15412345678", "16012345678",
                                   "16412345678", "16812345678", "17912345678", "19312345678",
                                   "19412345678" };
  static const char *bad[] = { NULL, "", "1381234567", "138123456789", "12812345678",
                               "10012345678", "23812345678", "0138123456", "1381234567a",
                               "138 1234 5678", "+8613812345678", "138-1234-5678",
                               "-13812345678" };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    assert_code (yb_check_mobile (known[i], "mobile"), NULL, 0, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (unknown); i++)
    assert_code (yb_check_mobile (unknown[i], "mobile"), "MOBILE_RANGE", YB_SEVERITY_WARNING,
                 "mobile");
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_code (yb_check_mobile (bad[i], "mobile"), "MOBILE_FORMAT", YB_SEVERITY_ERROR,
                 "mobile");

  /* full-width digits and spaces around are fine */
  assert_code (yb_check_mobile (" １３８１２３４５６７８\u3000", "mobile"), NULL, 0, NULL);

  {
    g_autoptr (YbFinding) w = yb_check_mobile ("19412345678", "mobile");

    /* the warning names the prefix, not the whole number */
    g_assert_nonnull (strstr (w->message, "194"));
    g_assert_null (strstr (w->message, "12345678"));
  }
}

static void
test_postcode (void)
{
  static const char *good[] = { "310000", "315000", "316000", "050000", "010010", "000000",
                                " 310000 ", "３１００００" };
  static const char *bad[] = { NULL, "", "50000", "3100000", "31000a", "310 000", "31-000",
                               "-31000", "３１０００" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    assert_code (yb_check_postcode (good[i], "postcode"), NULL, 0, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_code (yb_check_postcode (bad[i], "postcode"), "POSTCODE_FORMAT", YB_SEVERITY_ERROR,
                 "postcode");
}

static void
test_email (void)
{
  static const char *good[] = { "hr@example.com", "zhang.san@163.com", "a+b@mail.qq.com",
                                "x_y-z@sub-domain.example.cn", " hr@example.com ",
                                "hr＠example．com", "ＨＲ@example.com", "1234567@qq.com" };
  static const char *bad[] = { NULL, "", "hr", "hr@", "@example.com", "hr@example",
                               "hr@@example.com", "hr@ex@ample.com", "h r@example.com",
                               "hr@exa mple.com", "hr@example.c", "hr@example.c0m",
                               ".hr@example.com", "hr.@example.com", "h..r@example.com",
                               "hr@.example.com", "hr@example..com", "hr@-example.com",
                               "hr@example-.com", "hr@example.com.", "张三@example.com",
                               "hr@例子.com", "hr@example.com\n x" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    assert_code (yb_check_email (good[i], "email"), NULL, 0, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (YbFinding) finding = yb_check_email (bad[i], "email");

      if (finding == NULL)
        g_error ("\"%s\" accepted as an e-mail address", bad[i]);
      g_assert_cmpstr (finding->code, ==, "EMAIL_FORMAT");
      g_assert_cmpstr (finding->field, ==, "email");
    }
}

static void
test_date (void)
{
  static const struct
  {
    const char *text;
    int y, m, d;
  } good[] = {
    { "2020-08-01", 2020, 8, 1 },  { "20200801", 2020, 8, 1 },   { "2000-02-29", 2000, 2, 29 },
    { "20240229", 2024, 2, 29 },   { "2020/8/1", 2020, 8, 1 },   { "2020.12.31", 2020, 12, 31 },
    { " 1900-01-01 ", 1900, 1, 1 }, { "２０２０-０８-０１", 2020, 8, 1 },
    { "9999-12-31", 9999, 12, 31 },
  };
  static const char *bad[] = { NULL, "", "2020-8", "2020-08", "202008", "2020-02-30",
                               "1900-02-29", "19000229", "2023-02-29", "2020-13-01",
                               "2020-00-10", "2020-01-00", "2020-04-31", "1899-12-31",
                               "2020-08-01x", "2020-08/01", "2020-008-01", "20-08-01",
                               "2020080", "202008011", "01/08/2020", "2020年8月1日",
                               "2020-08-01 12:00" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      GDate date;
      g_autoptr (YbFinding) finding = yb_check_date (good[i].text, "start", &date);

      if (finding != NULL)
        g_error ("\"%s\" rejected: %s", good[i].text, finding->message);
      g_assert_true (g_date_valid (&date));
      g_assert_cmpint (g_date_get_year (&date), ==, good[i].y);
      g_assert_cmpint (g_date_get_month (&date), ==, good[i].m);
      g_assert_cmpint (g_date_get_day (&date), ==, good[i].d);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GDate date;
      g_autoptr (YbFinding) finding = NULL;

      /* a previous value must not survive a bad date */
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 1, 1, 2000);
      finding = yb_check_date (bad[i], "start", &date);
      if (finding == NULL)
        g_error ("\"%s\" accepted as a date", bad[i]);
      g_assert_cmpstr (finding->code, ==, "DATE_FORMAT");
      g_assert_cmpstr (finding->field, ==, "start");
      g_assert_false (g_date_valid (&date));
    }
  assert_code (yb_check_date ("2020-08-01", "start", NULL), NULL, 0, NULL);
}

static void
test_date_order (void)
{
  GDate start, end, invalid;

  g_date_clear (&invalid, 1);
  g_date_set_dmy (&start, 1, G_DATE_AUGUST, 2020);
  g_date_set_dmy (&end, 31, G_DATE_JULY, 2023);

  assert_code (yb_check_date_order (&start, &end, "contract_end"), NULL, 0, NULL);
  assert_code (yb_check_date_order (&end, &start, "contract_end"), "DATE_ORDER",
               YB_SEVERITY_ERROR, "contract_end");
  /* the same day is no contract */
  assert_code (yb_check_date_order (&start, &start, "contract_end"), "DATE_ORDER",
               YB_SEVERITY_ERROR, "contract_end");
  g_date_set_dmy (&end, 2, G_DATE_AUGUST, 2020);
  assert_code (yb_check_date_order (&start, &end, "contract_end"), NULL, 0, NULL);

  /* nothing to compare */
  assert_code (yb_check_date_order (NULL, &end, "contract_end"), NULL, 0, NULL);
  assert_code (yb_check_date_order (&start, NULL, "contract_end"), NULL, 0, NULL);
  assert_code (yb_check_date_order (&invalid, &end, "contract_end"), NULL, 0, NULL);
  assert_code (yb_check_date_order (&start, &invalid, "contract_end"), NULL, 0, NULL);
}

static void
test_parse_money (void)
{
  static const struct
  {
    const char *text;
    gint64 cents;
  } good[] = {
    { "8000", 800000 },        { "8000.5", 800050 },         { "8000.50", 800050 },
    { "8,000.50", 800050 },    { "8,000", 800000 },          { "1,234,567.89", 123456789 },
    { "0", 0 },                { "0.01", 1 },                { "0.1", 10 },
    { " 8000 ", 800000 },      { "８０００．５", 800050 },   { "８，０００", 800000 },
    { "\u30008000\u3000", 800000 }, { "007", 700 },           { "123,456", 12345600 },
    { "999999999999.99", G_GINT64_CONSTANT (99999999999999) },
  };
  static const char *bad[] = { NULL, "", "-8000", "+8000", "8000.", ".5", "8000.505",
                               "8000.5.0", "8 000", "80,00", "8,00", ",8000", "8000,",
                               "8,000,00", "1234,567", "8,000.5,0", "8000元", "¥8000",
                               "8e3", "0x10", "1000000000000", "99999999999999999999",
                               "8000.-5", "abc", "8０00 5" };

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 cents = -1;

      if (!yb_parse_money (good[i].text, &cents))
        g_error ("\"%s\" rejected", good[i].text);
      g_assert_cmpint (cents, ==, good[i].cents);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 cents = -1;

      if (yb_parse_money (bad[i], &cents))
        g_error ("\"%s\" accepted as %" G_GINT64_FORMAT, bad[i], cents);
      g_assert_cmpint (cents, ==, -1);
    }
  g_assert_true (yb_parse_money ("12.34", NULL));
}

static void
test_format_money (void)
{
  static const struct
  {
    gint64 cents;
    const char *text;
  } cases[] = {
    { 800050, "8000.50" }, { 800000, "8000.00" }, { 0, "0.00" }, { 1, "0.01" },
    { 10, "0.10" },        { 123456789, "1234567.89" }, { -150, "-1.50" }, { -5, "-0.05" },
    { G_MININT64, "-92233720368547758.08" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = yb_format_money (cases[i].cents);

      g_assert_cmpstr (s, ==, cases[i].text);
    }

  /* formatting and parsing round-trip */
  for (gint64 cents = 0; cents < 300000; cents += 997)
    {
      g_autofree char *s = yb_format_money (cents);
      gint64 back = -1;

      g_assert_true (yb_parse_money (s, &back));
      g_assert_cmpint (back, ==, cents);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/field-checks/normalize", test_normalize);
  g_test_add_func ("/core/field-checks/required", test_required);
  g_test_add_func ("/core/field-checks/mobile", test_mobile);
  g_test_add_func ("/core/field-checks/postcode", test_postcode);
  g_test_add_func ("/core/field-checks/email", test_email);
  g_test_add_func ("/core/field-checks/date", test_date);
  g_test_add_func ("/core/field-checks/date-order", test_date_order);
  g_test_add_func ("/core/field-checks/parse-money", test_parse_money);
  g_test_add_func ("/core/field-checks/format-money", test_format_money);

  return g_test_run ();
}
