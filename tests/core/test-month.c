/* test-month.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "yb-month.h"

static void
assert_month (YbMonth m,
              int     year,
              int     month)
{
  g_assert_true (yb_month_is_valid (m));
  g_assert_cmpint (yb_month_get_year (m), ==, year);
  g_assert_cmpint (yb_month_get_month (m), ==, month);
}

static void
test_new (void)
{
  assert_month (yb_month_new (2020, 8), 2020, 8);
  assert_month (yb_month_new (1900, 1), 1900, 1);
  assert_month (yb_month_new (9999, 12), 9999, 12);
  g_assert_cmpint (yb_month_new (2020, 8), ==, 2020 * 12 + 7);

  g_assert_cmpint (yb_month_new (2020, 0), ==, YB_MONTH_INVALID);
  g_assert_cmpint (yb_month_new (2020, 13), ==, YB_MONTH_INVALID);
  g_assert_cmpint (yb_month_new (1899, 12), ==, YB_MONTH_INVALID);
  g_assert_cmpint (yb_month_new (10000, 1), ==, YB_MONTH_INVALID);
  g_assert_cmpint (yb_month_new (-5, 1), ==, YB_MONTH_INVALID);

  g_assert_false (yb_month_is_valid (YB_MONTH_INVALID));
  g_assert_false (yb_month_is_valid (-1));
  g_assert_false (yb_month_is_valid (1899 * 12 + 11));
  g_assert_false (yb_month_is_valid (10000 * 12));

  /* months order like numbers */
  g_assert_cmpint (yb_month_new (2020, 12), <, yb_month_new (2021, 1));
  g_assert_cmpint (yb_month_new (2021, 1), <, yb_month_new (2021, 2));
}

static void
test_from_date_time (void)
{
  g_autoptr (GDateTime) dt = g_date_time_new_local (2026, 12, 31, 23, 59, 59);
  g_autoptr (GDateTime) utc = g_date_time_new_utc (2026, 12, 31, 16, 30, 0);
  g_autoptr (GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (GDateTime) in_shanghai = NULL;

  assert_month (yb_month_from_date_time (dt), 2026, 12);
  assert_month (yb_month_from_date_time (utc), 2026, 12);
  /* 16:30 UTC on New Year's Eve is already January in Zhejiang */
  g_assert_nonnull (shanghai);
  in_shanghai = g_date_time_to_timezone (utc, shanghai);
  assert_month (yb_month_from_date_time (in_shanghai), 2027, 1);
}

static void
test_arithmetic (void)
{
  YbMonth dec = yb_month_new (2020, 12);
  YbMonth jan = yb_month_new (2021, 1);

  assert_month (yb_month_add (dec, 1), 2021, 1);
  assert_month (yb_month_add (jan, -1), 2020, 12);
  assert_month (yb_month_add (jan, -3), 2020, 10);
  assert_month (yb_month_add (jan, 0), 2021, 1);
  assert_month (yb_month_add (jan, 25), 2023, 2);
  assert_month (yb_month_add (jan, -13), 2019, 12);
  assert_month (yb_month_add (yb_month_new (2024, 2), -24), 2022, 2);

  g_assert_cmpint (yb_month_diff (jan, dec), ==, 1);
  g_assert_cmpint (yb_month_diff (dec, jan), ==, -1);
  g_assert_cmpint (yb_month_diff (yb_month_new (2020, 8), yb_month_new (2020, 5)), ==, 3);
  g_assert_cmpint (yb_month_diff (yb_month_new (2021, 2), yb_month_new (2019, 11)), ==, 15);
  g_assert_cmpint (yb_month_diff (jan, jan), ==, 0);

  /* leaving the range gives the invalid month, and it stays invalid */
  g_assert_cmpint (yb_month_add (yb_month_new (1900, 1), -1), ==, YB_MONTH_INVALID);
  g_assert_cmpint (yb_month_add (yb_month_new (9999, 12), 1), ==, YB_MONTH_INVALID);
  g_assert_cmpint (yb_month_add (jan, G_MAXINT), ==, YB_MONTH_INVALID);
  g_assert_cmpint (yb_month_add (jan, G_MININT), ==, YB_MONTH_INVALID);
  g_assert_cmpint (yb_month_add (YB_MONTH_INVALID, 5), ==, YB_MONTH_INVALID);
}

static void
test_parse (void)
{
  static const char *bad[] = {
    NULL, "", "  ", "2020", "20208", "2020008", "202000", "202013", "189912", "2020-00",
    "2020-13", "2020-", "-08", "2020--08", "2020-008", "2020 08", "20-08", "2020-08-01",
    "20200801", "2020年8", "2020年8月1日", "２０２０１３", "abcdef", "2020-0x", "-20208",
    "+202008", "202008\xff",
  };

  assert_month (yb_month_parse ("202008"), 2020, 8);
  assert_month (yb_month_parse ("2020-08"), 2020, 8);
  assert_month (yb_month_parse ("2020-8"), 2020, 8);
  assert_month (yb_month_parse ("2020/12"), 2020, 12);
  assert_month (yb_month_parse ("2021.01"), 2021, 1);
  assert_month (yb_month_parse ("2020年8月"), 2020, 8);
  assert_month (yb_month_parse ("2020年08月"), 2020, 8);
  assert_month (yb_month_parse ("  202008\t"), 2020, 8);
  assert_month (yb_month_parse ("\u3000２０２０-０８\u3000"), 2020, 8);
  assert_month (yb_month_parse ("190001"), 1900, 1);
  assert_month (yb_month_parse ("999912"), 9999, 12);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    if (yb_month_parse (bad[i]) != YB_MONTH_INVALID)
      g_error ("\"%s\" parsed as a month", bad[i]);
}

static void
test_to_string (void)
{
  g_autofree char *s1 = yb_month_to_string (yb_month_new (2020, 8));
  g_autofree char *s2 = yb_month_to_string (yb_month_new (1900, 1));
  g_autofree char *s3 = yb_month_to_string (yb_month_new (2021, 12));
  g_autofree char *bad = yb_month_to_string (YB_MONTH_INVALID);

  g_assert_cmpstr (s1, ==, "202008");
  g_assert_cmpstr (s2, ==, "190001");
  g_assert_cmpstr (s3, ==, "202112");
  g_assert_cmpstr (bad, ==, "");

  /* round trip over three centuries */
  for (YbMonth m = yb_month_new (1900, 1); m <= yb_month_new (2200, 12); m++)
    {
      g_autofree char *s = yb_month_to_string (m);

      g_assert_cmpint (yb_month_parse (s), ==, m);
    }
}

static void
test_format (void)
{
  g_autofree char *s = yb_month_format (yb_month_new (2020, 8));
  g_autofree char *bad = yb_month_format (YB_MONTH_INVALID);

  /* the tests run untranslated (LANGUAGE=en) */
  g_assert_cmpstr (s, ==, "2020-08");
  g_assert_cmpstr (bad, ==, "");
  /* what the clerk reads can be typed back in */
  g_assert_cmpint (yb_month_parse (s), ==, yb_month_new (2020, 8));
}

static void
test_check (void)
{
  YbMonth m = 42;
  g_autoptr (YbFinding) ok = yb_check_month ("2020-08", "stop_month", &m);
  g_autoptr (YbFinding) bad = NULL;
  g_autoptr (YbFinding) empty = NULL;

  g_assert_null (ok);
  assert_month (m, 2020, 8);
  g_assert_null (yb_check_month ("202008", "stop_month", NULL));

  bad = yb_check_month ("202013", "stop_month", &m);
  g_assert_nonnull (bad);
  g_assert_cmpstr (bad->code, ==, "MONTH_FORMAT");
  g_assert_cmpstr (bad->field, ==, "stop_month");
  g_assert_true (yb_finding_is_error (bad));
  g_assert_nonnull (strstr (bad->message, "YYYYMM"));
  g_assert_cmpint (m, ==, YB_MONTH_INVALID);

  empty = yb_check_month (NULL, "stop_month", NULL);
  g_assert_nonnull (empty);
  g_assert_cmpstr (empty->code, ==, "MONTH_FORMAT");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/month/new", test_new);
  g_test_add_func ("/core/month/from-date-time", test_from_date_time);
  g_test_add_func ("/core/month/arithmetic", test_arithmetic);
  g_test_add_func ("/core/month/parse", test_parse);
  g_test_add_func ("/core/month/to-string", test_to_string);
  g_test_add_func ("/core/month/format", test_format);
  g_test_add_func ("/core/month/check", test_check);

  return g_test_run ();
}
