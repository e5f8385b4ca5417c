/* test-credit-code.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <string.h>

#include "yb-credit-code.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static void
assert_finding (const char *text,
                YbSeverity  severity,
                const char *code,
                const char *normalized)
{
  char *out = (char *) "untouched";
  g_autoptr (YbFinding) finding = yb_credit_code_check (text, "credit_code", &out);

  if (finding == NULL)
    g_error ("%s accepted, expected %s", text, code);
  g_assert_cmpstr (finding->code, ==, code);
  g_assert_cmpint (finding->severity, ==, severity);
  g_assert_cmpstr (finding->field, ==, "credit_code");
  g_assert_cmpuint (strlen (finding->message), >, 20);
  g_assert_cmpstr (out, ==, normalized);
  g_free (out);
}

static void
assert_valid (const char *text,
              const char *normalized)
{
  char *out = NULL;
  g_autoptr (YbFinding) finding = yb_credit_code_check (text, "credit_code", &out);

  if (finding != NULL)
    g_error ("%s rejected: %s %s", text, finding->code, finding->message);
  g_assert_cmpstr (out, ==, normalized);
  g_free (out);
}

static void
test_compute_check (void)
{
  g_assert_cmpint (yb_credit_code_compute_check ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (yb_credit_code_compute_check ("91110000600037341"), ==, 'L');
  g_assert_cmpint (yb_credit_code_compute_check ("Y1330100MA2H0L1E4"), ==, '0');
  g_assert_cmpint (yb_credit_code_compute_check ("92330102MA27XKHU5"), ==, 'A');
  /* an all-zero body sums to 0, and 31 - 0 wraps to '0' */
  g_assert_cmpint (yb_credit_code_compute_check ("00000000000000000"), ==, '0');

  g_assert_cmpint (yb_credit_code_compute_check (NULL), ==, 0);
  g_assert_cmpint (yb_credit_code_compute_check ("9135010M000100Y4"), ==, 0);
  g_assert_cmpint (yb_credit_code_compute_check ("91350100M000100Y43"), ==, 0);
  g_assert_cmpint (yb_credit_code_compute_check ("91350100m000100Y4"), ==, 0);
  for (const char *c = "IOSVZ"; *c != '\0'; c++)
    {
      char body[] = "91350100M000100Y4";

      body[10] = *c;
      g_assert_cmpint (yb_credit_code_compute_check (body), ==, 0);
    }
}

static void
test_check_is_weighted_sum (void)
{
  static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
  GRand *rand = g_rand_new_with_seed (32100);

  /* the weights are 3^(i-1) mod 31 and the full sum is 0 mod 31 */
  for (int i = 0, p = 1; i < 17; i++, p = p * 3 % 31)
    g_assert_cmpint (w[i], ==, p);

  for (int n = 0; n < 2000; n++)
    {
      char body[18];
      int sum = 0;
      char check;

      for (int i = 0; i < 17; i++)
        body[i] = alphabet[g_rand_int_range (rand, 0, 31)];
      body[17] = '\0';
      check = yb_credit_code_compute_check (body);
      g_assert_cmpint (check, !=, 0);
      for (int i = 0; i < 17; i++)
        sum += (int) (strchr (alphabet, body[i]) - alphabet) * w[i];
      sum += (int) (strchr (alphabet, check) - alphabet);
      g_assert_cmpint (sum % 31, ==, 0);
    }
  g_rand_free (rand);
}

static void
test_org_check (void)
{
  g_assert_cmpint (yb_org_code_compute_check ("M000100Y"), ==, '4');
  g_assert_cmpint (yb_org_code_compute_check ("M0001TGQ"), ==, 'X');
  g_assert_cmpint (yb_org_code_compute_check ("60003734"), ==, '1');
  g_assert_cmpint (yb_org_code_compute_check ("00000001"), ==, '9');
  g_assert_cmpint (yb_org_code_compute_check ("MA27XKHU"), ==, '5');
  /* 11 - 0 gives '0' */
  g_assert_cmpint (yb_org_code_compute_check ("00000000"), ==, '0');
  g_assert_cmpint (yb_org_code_compute_check ("m000100Y"), ==, 0);
  g_assert_cmpint (yb_org_code_compute_check ("M000100"), ==, 0);
  g_assert_cmpint (yb_org_code_compute_check (NULL), ==, 0);
}

static void
test_valid (void)
{
  static const char *codes[] = {
    "91350100M000100Y43", "91110000600037341L", "92330102MA27XKHU5A", "923301020000000190",
    "92330102AAAAAAAA46", "91330100MA2H0L1E4M", "12100000600037341M", "51330100MA2H0L1E4R",
    /* registration authorities Y (other) and N (agriculture) are letters */
    "Y1330100MA2H0L1E40", "N2330100MA27XKHU50",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    assert_valid (codes[i], codes[i]);

  /* lower case, spaces and full-width characters are normalised */
  assert_valid ("91350100m000100y43", "91350100M000100Y43");
  assert_valid (" 9135 0100 M000 100Y 43\u3000", "91350100M000100Y43");
  assert_valid ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43");
  assert_valid ("９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43");

  /* the normalised code is optional */
  g_assert_null (yb_credit_code_check ("91350100M000100Y43", "credit_code", NULL));
}

static void
test_errors (void)
{
  assert_finding (NULL, YB_SEVERITY_ERROR, "USCC_EMPTY", NULL);
  assert_finding ("", YB_SEVERITY_ERROR, "USCC_EMPTY", NULL);
  assert_finding (" \u3000 ", YB_SEVERITY_ERROR, "USCC_EMPTY", NULL);

  assert_finding ("91350100M000100Y4", YB_SEVERITY_ERROR, "USCC_LENGTH", NULL);
  assert_finding ("91350100M000100Y433", YB_SEVERITY_ERROR, "USCC_LENGTH", NULL);
  /* a 9-character organisation code alone */
  assert_finding ("M000100Y4", YB_SEVERITY_ERROR, "USCC_LENGTH", NULL);

  for (const char *c = "IOSVZ"; *c != '\0'; c++)
    {
      char code[] = "91350100M000100Y43";

      code[12] = *c;
      assert_finding (code, YB_SEVERITY_ERROR, "USCC_CHARS", NULL);
      code[12] = g_ascii_tolower (*c);
      assert_finding (code, YB_SEVERITY_ERROR, "USCC_CHARS", NULL);
    }
  /* positions 3 to 8 are the region code: digits only */
  assert_finding ("913A0100M000100Y43", YB_SEVERITY_ERROR, "USCC_CHARS", NULL);
  assert_finding ("9135010AM000100Y43", YB_SEVERITY_ERROR, "USCC_CHARS", NULL);
  assert_finding ("91350100M000100Y4-", YB_SEVERITY_ERROR, "USCC_CHARS", NULL);
  assert_finding ("91350100M000100Y4号", YB_SEVERITY_ERROR, "USCC_CHARS", NULL);
  assert_finding ("91350100M000100Y\xff\xfe", YB_SEVERITY_ERROR, "USCC_CHARS", NULL);
}

static void
test_check_digit_warning (void)
{
  g_autoptr (YbFinding) finding = NULL;

  /* the early 福建 pilot code: legal, yet its check character fails */
  assert_finding ("91350100M0001TGQXM", YB_SEVERITY_WARNING, "USCC_CHECK_DIGIT",
                  "91350100M0001TGQXM");
  assert_finding ("91350100m0001tgqxm", YB_SEVERITY_WARNING, "USCC_CHECK_DIGIT",
                  "91350100M0001TGQXM");
  finding = yb_credit_code_check ("91350100M0001TGQXM", "credit_code", NULL);
  g_assert_false (yb_finding_is_error (finding));

  /* every other last character is flagged */
  for (const char *c = alphabet; *c != '\0'; c++)
    {
      char code[] = "91350100M000100Y43";

      if (*c == '3')
        continue;
      code[17] = *c;
      assert_finding (code, YB_SEVERITY_WARNING, "USCC_CHECK_DIGIT", code);
    }

  /* swapped neighbours in the body */
  assert_finding ("91351000M000100Y43", YB_SEVERITY_WARNING, "USCC_CHECK_DIGIT",
                  "91351000M000100Y43");
}

static void
test_org_check_warning (void)
{
  char code[19];
  char body[18];

  /* a wrong organisation check character, with a matching code check */
  memcpy (body, "91330100MA27XKHU6", 18);
  memcpy (code, body, 17);
  code[17] = yb_credit_code_compute_check (body);
  code[18] = '\0';
  assert_finding (code, YB_SEVERITY_WARNING, "USCC_ORG_CHECK", code);

  /* the same with the right one ('5') is fine */
  memcpy (body, "91330100MA27XKHU5", 18);
  memcpy (code, body, 17);
  code[17] = yb_credit_code_compute_check (body);
  assert_valid (code, code);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/credit-code/compute-check", test_compute_check);
  g_test_add_func ("/core/credit-code/check-is-weighted-sum", test_check_is_weighted_sum);
  g_test_add_func ("/core/credit-code/org-check", test_org_check);
  g_test_add_func ("/core/credit-code/valid", test_valid);
  g_test_add_func ("/core/credit-code/errors", test_errors);
  g_test_add_func ("/core/credit-code/check-digit-warning", test_check_digit_warning);
  g_test_add_func ("/core/credit-code/org-check-warning", test_org_check_warning);

  return g_test_run ();
}
