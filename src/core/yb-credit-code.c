/* yb-credit-code.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbCreditCode"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-credit-code.h"
#include "yb-field-checks.h"

/* GB 32100: the 31 characters of the code, a character's value is its index. */
static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* 3^(i-1) mod 31 */
static const int uscc_weights[17] = {
  1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
};

/* GB 11714 organisation code */
static const int org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

static int
alphabet_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (alphabet, c);
  return p == NULL ? -1 : (int) (p - alphabet);
}

/**
 * yb_credit_code_compute_check:
 * @first17: the first 17 characters of a 统一社会信用代码
 *
 * Computes the GB 32100 check character (position 18).
 *
 * Returns: a character of the code alphabet, or 0 when @first17 is not
 *   exactly 17 characters of `0-9 A-H J-N P-R T U W-Y`
 */
char
yb_credit_code_compute_check (const char *first17)
{
  int sum = 0;

  if (first17 == NULL || strlen (first17) != 17)
    return 0;

  for (int i = 0; i < 17; i++)
    {
      int value = alphabet_value (first17[i]);

      if (value < 0)
        return 0;
      sum += value * uscc_weights[i];
    }

  return alphabet[(31 - sum % 31) % 31];
}

/**
 * yb_org_code_compute_check:
 * @first8: the first 8 characters of an organisation code
 *
 * Computes the GB 11714 check character of a 组织机构代码 (positions 9–17
 * of a credit code): digits count as themselves, letters A–Z as 10–35.
 *
 * Returns: '0'..'9' or 'X', or 0 when @first8 is not exactly 8 ASCII digits
 *   or upper-case letters
 */
char
yb_org_code_compute_check (const char *first8)
{
  int sum = 0;
  int check;

  if (first8 == NULL || strlen (first8) != 8)
    return 0;

  for (int i = 0; i < 8; i++)
    {
      char c = first8[i];
      int value;

      if (g_ascii_isdigit (c))
        value = c - '0';
      else if (c >= 'A' && c <= 'Z')
        value = c - 'A' + 10;
      else
        return 0;
      sum += value * org_weights[i];
    }

  check = 11 - sum % 11;
  if (check == 10)
    return 'X';
  if (check == 11)
    return '0';
  return '0' + check;
}

/**
 * yb_credit_code_check:
 * @text: (nullable): a 统一社会信用代码 as typed or imported
 * @field: the field key for the finding
 * @out_normalized: (out) (optional) (transfer full): set to the upper-case
 *   18-character code when there is no error, else to %NULL
 *
 * Checks a unified social credit code (GB 32100, BR-57). Spaces anywhere,
 * full-width characters and lower case are accepted. Errors: USCC_EMPTY,
 * USCC_LENGTH, USCC_CHARS (a character outside the alphabet, or positions 3–8,
 * the region code, not all digits). Warnings, which the clerk may confirm:
 * USCC_CHECK_DIGIT (position 18 does not match; early pilot codes are legal
 * nonetheless), and else USCC_ORG_CHECK (the organisation code in positions
 * 9–17 fails its GB 11714 check).
 *
 * Returns: (transfer full) (nullable): %NULL when valid, else a finding
 */
YbFinding *
yb_credit_code_check (const char  *text,
                      const char  *field,
                      char       **out_normalized)
{
  g_autofree char *code = yb_text_strip_spaces (text);
  g_autofree char *upper = NULL;
  char first17[18];
  char org8[9];
  glong n_chars;

  if (out_normalized != NULL)
    *out_normalized = NULL;

  if (*code == '\0')
    return yb_finding_new (YB_SEVERITY_ERROR, field, "USCC_EMPTY",
                           _("Please enter the 18-character unified social credit code."));

  n_chars = g_utf8_strlen (code, -1);
  if (n_chars != 18)
    return yb_finding_new_printf (YB_SEVERITY_ERROR, field, "USCC_LENGTH",
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "The unified social credit code must have 18 "
                                               "characters, but %ld character was entered.",
                                               "The unified social credit code must have 18 "
                                               "characters, but %ld characters were entered.",
                                               n_chars),
                                  n_chars);

  upper = g_ascii_strup (code, -1);
  if (strlen (upper) != 18)
    goto bad_chars;
  for (int i = 0; i < 18; i++)
    {
      if (alphabet_value (upper[i]) < 0)
        goto bad_chars;
      if (i >= 2 && i < 8 && !g_ascii_isdigit (upper[i]))
        goto bad_chars;
    }

  memcpy (first17, upper, 17);
  first17[17] = '\0';
  memcpy (org8, upper + 8, 8);
  org8[8] = '\0';

  if (out_normalized != NULL)
    *out_normalized = g_strdup (upper);

  if (yb_credit_code_compute_check (first17) != upper[17])
    return yb_finding_new (YB_SEVERITY_WARNING, field, "USCC_CHECK_DIGIT",
                           _("The unified social credit code may have a typing error: its last "
                             "character does not match. Compare it with the business licence. "
                             "Some early codes are legal although they fail this check; if the "
                             "code matches the licence, confirm it."));

  if (yb_org_code_compute_check (org8) != upper[16])
    return yb_finding_new (YB_SEVERITY_WARNING, field, "USCC_ORG_CHECK",
                           _("The organisation code inside the unified social credit code "
                             "(characters 9 to 17) does not pass its check. Compare the code "
                             "with the business licence, and confirm it if it matches."));

  return NULL;

bad_chars:
  return yb_finding_new (YB_SEVERITY_ERROR, field, "USCC_CHARS",
                         _("The unified social credit code may only contain digits and the "
                           "capital letters A to Y except I, O, S, V and Z, and characters 3 to "
                           "8 must be digits."));
}
