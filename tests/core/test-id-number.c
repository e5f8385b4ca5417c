/* test-id-number.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "yb-id-number.h"

static GDateTime *test_now;

/* Builds a valid number from its 17 first digits. */
static char *
make_id (const char *first17)
{
  char check = yb_id_number_compute_check (first17);

  g_assert_cmpint (check, !=, 0);
  return g_strdup_printf ("%s%c", first17, check);
}

static void
assert_finding (YbFinding  *finding,
                YbSeverity  severity,
                const char *code)
{
  g_assert_nonnull (finding);
  g_assert_cmpstr (finding->code, ==, code);
  g_assert_cmpint (finding->severity, ==, severity);
  g_assert_cmpstr (finding->field, ==, "id_number");
  g_assert_nonnull (finding->message);
  g_assert_cmpuint (strlen (finding->message), >, 20);
  yb_finding_free (finding);
}

static void
assert_error (const char *text,
              const char *code)
{
  YbIdInfo info;

  memset (&info, 0x5a, sizeof info);
  assert_finding (yb_id_number_check (text, test_now, "id_number", &info), YB_SEVERITY_ERROR,
                  code);
  /* a rejected number must not leak into the caller's info */
  g_assert_cmpint (info.birth_year, ==, 0x5a5a5a5a);
}

static void
assert_valid (const char *text,
              YbIdInfo   *out_info)
{
  g_autoptr (YbFinding) finding = yb_id_number_check (text, test_now, "id_number", out_info);

  if (finding != NULL)
    g_error ("%s rejected: %s %s", text, finding->code, finding->message);
}

static void
test_compute_check (void)
{
  g_assert_cmpint (yb_id_number_compute_check ("11010119900307447"), ==, '7');
  g_assert_cmpint (yb_id_number_compute_check ("33010219900307123"), ==, '0');
  g_assert_cmpint (yb_id_number_compute_check ("11010120000229123"), ==, 'X');
  g_assert_cmpint (yb_id_number_compute_check ("81000019940823002"), ==, '1');
  g_assert_cmpint (yb_id_number_compute_check ("83000019920130002"), ==, '2');
  /* the weighted sum mod 11 of an all-zero body is 0, which maps to '1' */
  g_assert_cmpint (yb_id_number_compute_check ("00000000000000000"), ==, '1');

  g_assert_cmpint (yb_id_number_compute_check (NULL), ==, 0);
  g_assert_cmpint (yb_id_number_compute_check (""), ==, 0);
  g_assert_cmpint (yb_id_number_compute_check ("1101011990030744"), ==, 0);
  g_assert_cmpint (yb_id_number_compute_check ("110101199003074477"), ==, 0);
  g_assert_cmpint (yb_id_number_compute_check ("1101011990030744X"), ==, 0);
  g_assert_cmpint (yb_id_number_compute_check ("11010119900307４47"), ==, 0);
}

static void
test_every_check_value (void)
{
  gboolean seen[11] = { FALSE };

  /* Vary the sequence number until each of the 11 check values has come up,
   * and check every one of them against the weighted sum by hand. */
  for (int seq = 0; seq < 200; seq++)
    {
      g_autofree char *first17 = g_strdup_printf ("33010219900307%03d", seq);
      static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
      int sum = 0;
      int check_value;
      char check = yb_id_number_compute_check (first17);

      for (int i = 0; i < 17; i++)
        sum += (first17[i] - '0') * w[i];
      /* the check value makes the weighted sum including it (weight 1) 1 mod 11 */
      check_value = check == 'X' ? 10 : check - '0';
      g_assert_cmpint ((sum + check_value) % 11, ==, 1);
      seen[check_value] = TRUE;
    }
  for (int i = 0; i < 11; i++)
    g_assert_true (seen[i]);
}

static void
test_valid_published (void)
{
  YbIdInfo info;

  assert_valid ("810000199408230021", &info);
  g_assert_cmpstr (info.number, ==, "810000199408230021");
  g_assert_cmpint (info.kind, ==, YB_ID_KIND_HMT_RESIDENCE);
  g_assert_cmpint (info.birth_year, ==, 1994);
  g_assert_cmpint (info.birth_month, ==, 8);
  g_assert_cmpint (info.birth_day, ==, 23);
  g_assert_cmpint (info.sex, ==, YB_SEX_FEMALE);

  assert_valid ("830000199201300022", &info);
  g_assert_cmpint (info.kind, ==, YB_ID_KIND_HMT_RESIDENCE);
  g_assert_cmpint (info.birth_year, ==, 1992);
  g_assert_cmpint (info.birth_month, ==, 1);
  g_assert_cmpint (info.birth_day, ==, 30);
  g_assert_cmpint (info.sex, ==, YB_SEX_FEMALE);

  assert_valid ("110101199003074477", &info);
  g_assert_cmpint (info.kind, ==, YB_ID_KIND_RESIDENT);
  g_assert_cmpint (info.sex, ==, YB_SEX_MALE);

  /* the published examples with one digit off */
  assert_error ("810000199408230022", "ID_CHECK_DIGIT");
  assert_error ("830000199201300023", "ID_CHECK_DIGIT");
}

static void
test_valid_generated (void)
{
  static const char *regions[] = { "110101", "330102", "330203", "330902", "440305",
                                   "650102", "710000", "820000", "120000" };
  static const char *dates[] = { "19000101", "19491001", "19800229", "19991231",
                                 "20000229", "20240229", "20260315" };
  int count = 0;

  for (gsize r = 0; r < G_N_ELEMENTS (regions); r++)
    for (gsize d = 0; d < G_N_ELEMENTS (dates); d++)
      for (int seq = 0; seq < 1000; seq += 37)
        {
          g_autofree char *first17 = g_strdup_printf ("%s%s%03d", regions[r], dates[d], seq);
          g_autofree char *id = make_id (first17);
          YbIdInfo info;

          assert_valid (id, &info);
          g_assert_cmpstr (info.number, ==, id);
          g_assert_cmpint (info.sex, ==, seq % 2 == 1 ? YB_SEX_MALE : YB_SEX_FEMALE);
          g_assert_cmpint (info.birth_year * 10000 + info.birth_month * 100 + info.birth_day,
                           ==, atoi (dates[d]));
          g_assert_cmpint (info.kind, ==,
                           regions[r][0] == '8' ? YB_ID_KIND_HMT_RESIDENCE
                                                : YB_ID_KIND_RESIDENT);
          count++;
        }
  g_assert_cmpint (count, ==, 9 * 7 * 28);
}

static void
test_normalise (void)
{
  YbIdInfo info;

  /* lower-case x */
  assert_valid ("11010120000229123x", &info);
  g_assert_cmpstr (info.number, ==, "11010120000229123X");
  g_assert_cmpint (info.sex, ==, YB_SEX_MALE);

  /* full-width digits and X, ideographic and ASCII spaces around and inside */
  assert_valid ("\u3000１１０１０１２００００２２９１２３Ｘ ", &info);
  g_assert_cmpstr (info.number, ==, "11010120000229123X");
  assert_valid ("  １１０１０１２００００２２９１２３ｘ\t", &info);
  g_assert_cmpstr (info.number, ==, "11010120000229123X");
  assert_valid ("110101 20000229 123X", &info);
  g_assert_cmpstr (info.number, ==, "11010120000229123X");

  /* info is optional */
  g_assert_null (yb_id_number_check ("110101199003074477", test_now, "id_number", NULL));
  /* so is now: the local time is used */
  g_assert_null (yb_id_number_check ("110101199003074477", NULL, "id_number", NULL));
}

static void
test_empty (void)
{
  assert_error (NULL, "ID_EMPTY");
  assert_error ("", "ID_EMPTY");
  assert_error (" \u3000\t", "ID_EMPTY");
}

static void
test_old_15 (void)
{
  g_autoptr (YbFinding) finding = NULL;

  assert_error ("110101900307447", "ID_OLD_15");
  assert_error ("１１０１０１９００３０７４４７", "ID_OLD_15");

  finding = yb_id_number_check ("110101900307447", test_now, "id_number", NULL);
  g_assert_nonnull (strstr (finding->message, "18"));
  g_assert_nonnull (strstr (finding->message, "15"));
}

static void
test_length (void)
{
  g_autoptr (YbFinding) finding = NULL;

  assert_error ("11010119900307447", "ID_LENGTH");
  assert_error ("1101011990030744771", "ID_LENGTH");
  assert_error ("1", "ID_LENGTH");
  /* 15 characters that are not all digits is no old number */
  assert_error ("11010190030744X", "ID_LENGTH");

  finding = yb_id_number_check ("11010119900307447", test_now, "id_number", NULL);
  g_assert_nonnull (strstr (finding->message, "17"));
  g_assert_nonnull (strstr (finding->message, "18"));
}

static void
test_chars (void)
{
  assert_error ("1101011990030744A7", "ID_CHARS");
  assert_error ("11010119900307447Y", "ID_CHARS");
  /* X only at the end */
  assert_error ("X10101199003074477", "ID_CHARS");
  assert_error ("1101011990030744X7", "ID_CHARS");
  assert_error ("11010119900307-447", "ID_CHARS");
  /* 18 characters of which one is Chinese */
  assert_error ("11010119900307447号", "ID_CHARS");
  /* invalid UTF-8 is not a crash */
  assert_error ("1101011990030744\xff\xfe", "ID_CHARS");
}

static void
test_region (void)
{
  static const char *bad[] = { "000000", "100101", "160101", "200101", "240101", "380101",
                               "470101", "550101", "660101", "700101", "720101", "800000",
                               "840000", "900101", "990101", "810101", "820001", "831000" };
  static const char *good[] = { "110000", "150101", "210102", "230102", "310101", "370102",
                                "410102", "460105", "500101", "540102", "610102", "650102",
                                "710000", "810000", "820000", "830000" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *first17 = g_strconcat (bad[i], "19900307447", NULL);
      g_autofree char *id = make_id (first17);

      assert_error (id, "ID_REGION");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *first17 = g_strconcat (good[i], "19900307447", NULL);
      g_autofree char *id = make_id (first17);

      assert_valid (id, NULL);
    }
}

static void
test_birth_date (void)
{
  static const char *bad[] = { "19000229", "18991231", "19990229", "19990230", "19990431",
                               "19991301", "19990001", "19990100", "00000000", "21000229" };
  static const char *good[] = { "20000229", "19000101", "19960229", "19991231", "20260315" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *first17 = g_strconcat ("330102", bad[i], "123", NULL);
      g_autofree char *id = make_id (first17);

      assert_error (id, "ID_BIRTH_DATE");
    }
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *first17 = g_strconcat ("330102", good[i], "123", NULL);
      g_autofree char *id = make_id (first17);
      YbIdInfo info;

      assert_valid (id, &info);
    }
}

static void
test_birth_future (void)
{
  g_autofree char *today = make_id ("33010220260315123");
  g_autofree char *tomorrow = make_id ("33010220260316123");
  g_autofree char *next_year = make_id ("33010220270101123");
  g_autoptr (GDateTime) later = g_date_time_add_days (test_now, 1);
  g_autoptr (YbFinding) finding = NULL;

  assert_valid (today, NULL);
  assert_error (tomorrow, "ID_BIRTH_FUTURE");
  assert_error (next_year, "ID_BIRTH_FUTURE");

  /* a day later, the same number is fine */
  finding = yb_id_number_check (tomorrow, later, "id_number", NULL);
  g_assert_null (finding);
}

static void
test_check_digit (void)
{
  static const char valid[] = "11010120000229123X";
  char id[19];

  /* every other check character is a typing error */
  for (const char *c = "0123456789"; *c != '\0'; c++)
    {
      YbFinding *finding;

      memcpy (id, valid, sizeof id);
      id[17] = *c;
      finding = yb_id_number_check (id, test_now, "id_number", NULL);
      g_assert_nonnull (finding);
      g_assert_cmpstr (finding->code, ==, "ID_CHECK_DIGIT");
      /* the message must not give the right character away */
      g_assert_null (strpbrk (finding->message, "0123456789X"));
      assert_finding (finding, YB_SEVERITY_ERROR, "ID_CHECK_DIGIT");
    }

  /* a single changed digit in the body, keeping region and date valid */
  for (int pos = 14; pos < 17; pos++)
    {
      memcpy (id, valid, sizeof id);
      id[pos] = id[pos] == '9' ? '0' : id[pos] + 1;
      assert_error (id, "ID_CHECK_DIGIT");
    }

  /* swapped neighbours */
  assert_error ("11010120000229213X", "ID_CHECK_DIGIT");
  assert_error ("11001120000229123X", "ID_CHECK_DIGIT");
}

static void
test_field_key (void)
{
  g_autoptr (YbFinding) finding = yb_id_number_check ("1", test_now, "members/3/id", NULL);

  g_assert_cmpstr (finding->field, ==, "members/3/id");
}

static void
test_mask (void)
{
  g_autofree char *m18 = yb_id_number_mask ("210102199003079385");
  g_autofree char *m15 = yb_id_number_mask ("210102900307938");
  g_autofree char *m14 = yb_id_number_mask ("21010290030793");
  g_autofree char *m3 = yb_id_number_mask ("123");
  g_autofree char *m0 = yb_id_number_mask ("");
  g_autofree char *mnull = yb_id_number_mask (NULL);
  g_autofree char *mx = yb_id_number_mask ("11010120000229123X");
  g_autofree char *mwide = yb_id_number_mask ("号号号号号号号号号号号号号号号号");

  g_assert_cmpstr (m18, ==, "2101*****9385");
  g_assert_cmpstr (m15, ==, "2101*****7938");
  g_assert_cmpstr (m14, ==, "**************");
  g_assert_cmpstr (m3, ==, "***");
  g_assert_cmpstr (m0, ==, "");
  g_assert_cmpstr (mnull, ==, "");
  g_assert_cmpstr (mx, ==, "1101*****123X");
  g_assert_cmpstr (mwide, ==, "号号号号*****号号号号");
  /* the birth date never shows */
  g_assert_null (strstr (m18, "1990"));
}

static void
test_sex_code (void)
{
  g_assert_cmpstr (yb_sex_to_code (YB_SEX_MALE), ==, "1");
  g_assert_cmpstr (yb_sex_to_code (YB_SEX_FEMALE), ==, "2");
  g_assert_null (yb_sex_to_code (YB_SEX_UNKNOWN));
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  test_now = g_date_time_new_local (2026, 3, 15, 9, 30, 0);

  g_test_add_func ("/core/id-number/compute-check", test_compute_check);
  g_test_add_func ("/core/id-number/every-check-value", test_every_check_value);
  g_test_add_func ("/core/id-number/valid-published", test_valid_published);
  g_test_add_func ("/core/id-number/valid-generated", test_valid_generated);
  g_test_add_func ("/core/id-number/normalise", test_normalise);
  g_test_add_func ("/core/id-number/empty", test_empty);
  g_test_add_func ("/core/id-number/old-15", test_old_15);
  g_test_add_func ("/core/id-number/length", test_length);
  g_test_add_func ("/core/id-number/chars", test_chars);
  g_test_add_func ("/core/id-number/region", test_region);
  g_test_add_func ("/core/id-number/birth-date", test_birth_date);
  g_test_add_func ("/core/id-number/birth-future", test_birth_future);
  g_test_add_func ("/core/id-number/check-digit", test_check_digit);
  g_test_add_func ("/core/id-number/field-key", test_field_key);
  g_test_add_func ("/core/id-number/mask", test_mask);
  g_test_add_func ("/core/id-number/sex-code", test_sex_code);

  ret = g_test_run ();
  g_date_time_unref (test_now);
  return ret;
}
