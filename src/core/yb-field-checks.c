/* yb-field-checks.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbFieldChecks"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-field-checks.h"

/* Amounts above this (in cents) are refused: no wage or base comes near it,
 * and it keeps every sum of a batch far from gint64 overflow. */
#define MONEY_MAX_CENTS G_GINT64_CONSTANT (100000000000000)

static gboolean
is_blank_char (gunichar c)
{
  /* Spreadsheets and web pages leave zero-width spaces and byte-order marks
   * around pasted values; they are as invisible to the clerk as a space. */
  return g_unichar_isspace (c) || c == 0x200B || c == 0xFEFF;
}

static gunichar
fold_full_width (gunichar c)
{
  if (c >= 0xFF10 && c <= 0xFF19)
    return '0' + (c - 0xFF10);
  if (c >= 0xFF21 && c <= 0xFF3A)
    return 'A' + (c - 0xFF21);
  if (c >= 0xFF41 && c <= 0xFF5A)
    return 'a' + (c - 0xFF41);
  return c;
}

static gboolean
all_ascii_digits (const char *s,
                  gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

/* Parses 1..max_digits ASCII digits at *p, advancing it. */
static gboolean
take_number (const char **p,
             int          max_digits,
             int         *out)
{
  int n = 0;
  int value = 0;

  while (g_ascii_isdigit ((*p)[n]) && n < max_digits)
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n == 0 || g_ascii_isdigit ((*p)[n]))
    return FALSE;
  *p += n;
  *out = value;
  return TRUE;
}

static gboolean
parse_date (const char *s,
            int        *out_year,
            int        *out_month,
            int        *out_day)
{
  gsize len = strlen (s);
  const char *p = s;
  char sep;
  int year, month, day;

  if (len == 8 && all_ascii_digits (s, 8))
    {
      year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
      month = (s[4] - '0') * 10 + (s[5] - '0');
      day = (s[6] - '0') * 10 + (s[7] - '0');
    }
  else
    {
      /* 2020-08-01, 2020/8/1 and 2020.8.1 all come out of spreadsheets. */
      if (len < 8 || !all_ascii_digits (s, 4))
        return FALSE;
      year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
      p = s + 4;
      sep = *p;
      if (sep != '-' && sep != '/' && sep != '.')
        return FALSE;
      p++;
      if (!take_number (&p, 2, &month) || *p != sep)
        return FALSE;
      p++;
      if (!take_number (&p, 2, &day) || *p != '\0')
        return FALSE;
    }

  if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  *out_year = year;
  *out_month = month;
  *out_day = day;
  return TRUE;
}

/**
 * yb_text_normalize:
 * @text: (nullable): text typed or imported by the clerk
 *
 * Cleans a value the way the clerk would expect: invalid UTF-8 is repaired,
 * full-width digits and Latin letters (as typed with a Chinese input method,
 * U+FF10–U+FF19, U+FF21–U+FF3A, U+FF41–U+FF5A) become ASCII, and spaces
 * around the value — ASCII white space, the ideographic space U+3000, the
 * no-break space and zero-width spaces — are trimmed. Spaces inside the value
 * are kept.
 *
 * Returns: (transfer full): the normalised text, "" for %NULL
 */
char *
yb_text_normalize (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;
  const char *p;
  const char *start;
  const char *end;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);

  start = valid;
  while (*start != '\0' && is_blank_char (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  end = start + strlen (start);
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (prev == NULL || !is_blank_char (g_utf8_get_char (prev)))
        break;
      end = prev;
    }

  out = g_string_sized_new (end - start);
  for (p = start; p < end; p = g_utf8_next_char (p))
    g_string_append_unichar (out, fold_full_width (g_utf8_get_char (p)));

  return g_string_free (out, FALSE);
}

/**
 * yb_text_strip_spaces:
 * @text: (nullable): a code typed or imported by the clerk
 *
 * Like yb_text_normalize(), and also removes every space inside the value.
 * Meant for codes that never contain spaces (ID numbers, credit codes) but
 * are often copied in groups such as "330102 19900307 1234".
 *
 * Returns: (transfer full): the code without any space, "" for %NULL
 */
char *
yb_text_strip_spaces (const char *text)
{
  g_autofree char *normal = yb_text_normalize (text);
  GString *out = g_string_sized_new (strlen (normal));

  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!is_blank_char (c))
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/**
 * yb_check_required:
 * @text: (nullable): the value
 * @field: the field key for the finding
 * @label: the translated field label shown to the clerk
 *
 * Returns: (transfer full) (nullable): %NULL when @text holds more than
 *   spaces, else an error with code REQUIRED naming @label
 */
YbFinding *
yb_check_required (const char *text,
                   const char *field,
                   const char *label)
{
  g_autofree char *normal = yb_text_normalize (text);

  g_return_val_if_fail (label != NULL, NULL);

  if (*normal != '\0')
    return NULL;

  /* Translators: %s is a field label such as "Mobile number" */
  return yb_finding_new_printf (YB_SEVERITY_ERROR, field, "REQUIRED", _("Please fill in %s."),
                                label);
}

/**
 * yb_check_mobile:
 * @text: (nullable): the mobile number
 * @field: the field key for the finding
 *
 * Checks a mainland mobile number (BR-58): it must be 11 digits matching
 * `^1[3-9]\d{9}$` (error MOBILE_FORMAT). A number outside the ranges known
 * to be issued is only a warning (MOBILE_RANGE), because range lists go
 * stale.
 *
 * Returns: (transfer full) (nullable): %NULL when fine, else a finding
 */
YbFinding *
yb_check_mobile (const char *text,
                 const char *field)
{
  g_autofree char *normal = yb_text_normalize (text);
  gboolean known;
  char b, c;

  if (strlen (normal) != 11 || !all_ascii_digits (normal, 11) || normal[0] != '1'
      || normal[1] < '3')
    return yb_finding_new (YB_SEVERITY_ERROR, field, "MOBILE_FORMAT",
                           _("The mobile number must have 11 digits and start with 13 to 19, "
                             "for example 13812345678."));

  /* The strict list of BR-58 (any-rule): 13x, 145-147 149, 150-153 155-159,
   * 165-167, 170-178, 18x, 190-192 195-199. */
  b = normal[1];
  c = normal[2];
  switch (b)
    {
    case '3':
    case '8':
      known = TRUE;
      break;
    case '4':
      known = (c >= '5' && c <= '7') || c == '9';
      break;
    case '5':
      known = c != '4';
      break;
    case '6':
      known = c >= '5' && c <= '7';
      break;
    case '7':
      known = c <= '8';
      break;
    case '9':
      known = c == '0' || c == '1' || c == '2' || c >= '5';
      break;
    default:
      known = FALSE;
      break;
    }

  if (known)
    return NULL;

  return yb_finding_new_printf (YB_SEVERITY_WARNING, field, "MOBILE_RANGE",
                                /* Translators: %.3s is the first three digits of the number */
                                _("Mobile numbers starting with %.3s are not in the known number "
                                  "ranges. Check the number, and confirm it if it is correct."),
                                normal);
}

/**
 * yb_check_postcode:
 * @text: (nullable): the postcode
 * @field: the field key for the finding
 *
 * A postcode is exactly six digits; a leading 0 is valid (BR-59: 石家庄 is
 * 050000).
 *
 * Returns: (transfer full) (nullable): %NULL when fine, else an error with
 *   code POSTCODE_FORMAT
 */
YbFinding *
yb_check_postcode (const char *text,
                   const char *field)
{
  g_autofree char *normal = yb_text_normalize (text);

  if (strlen (normal) == 6 && all_ascii_digits (normal, 6))
    return NULL;

  return yb_finding_new (YB_SEVERITY_ERROR, field, "POSTCODE_FORMAT",
                         _("The postcode must be exactly 6 digits, for example 310000."));
}

static gboolean
is_domain_label (const char *label)
{
  gsize len = strlen (label);

  if (len == 0 || len > 63 || label[0] == '-' || label[len - 1] == '-')
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (label[i]) && label[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
is_email (const char *s)
{
  const char *at = strchr (s, '@');
  g_autofree char *local = NULL;
  g_auto (GStrv) labels = NULL;
  guint n_labels;
  const char *tld;

  if (at == NULL || strchr (at + 1, '@') != NULL || at == s)
    return FALSE;

  local = g_strndup (s, at - s);
  if (local[0] == '.' || g_str_has_suffix (local, ".") || strstr (local, "..") != NULL)
    return FALSE;
  for (const char *p = local; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("!#$%&'*+-/=?^_`{|}~.", *p) == NULL)
      return FALSE;

  labels = g_strsplit (at + 1, ".", -1);
  n_labels = g_strv_length (labels);
  if (n_labels < 2)
    return FALSE;
  for (guint i = 0; i < n_labels; i++)
    if (!is_domain_label (labels[i]))
      return FALSE;

  tld = labels[n_labels - 1];
  if (strlen (tld) < 2)
    return FALSE;
  for (const char *p = tld; *p != '\0'; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;

  return TRUE;
}

/**
 * yb_check_email:
 * @text: (nullable): the e-mail address
 * @field: the field key for the finding
 *
 * A practical check: one `@`, a non-empty local part of the usual ASCII
 * characters without spaces, and a domain of at least two labels whose last
 * one is alphabetic. A full-width ＠ or ． typed with a Chinese input method
 * is accepted as its ASCII form.
 *
 * Returns: (transfer full) (nullable): %NULL when fine, else an error with
 *   code EMAIL_FORMAT
 */
YbFinding *
yb_check_email (const char *text,
                const char *field)
{
  g_autofree char *normal = yb_text_normalize (text);
  GString *ascii = g_string_new (NULL);
  g_autofree char *folded = NULL;

  for (const char *p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0xFF20)
        c = '@';
      else if (c == 0xFF0E || c == 0x3002)
        c = '.';
      g_string_append_unichar (ascii, c);
    }
  folded = g_string_free (ascii, FALSE);

  if (is_email (folded))
    return NULL;

  return yb_finding_new (YB_SEVERITY_ERROR, field, "EMAIL_FORMAT",
                         _("The e-mail address must look like name@example.com, without spaces."));
}

/**
 * yb_check_date:
 * @text: (nullable): the date
 * @field: the field key for the finding
 * @out_date: (out caller-allocates) (optional): set to the date when it is fine,
 *   else cleared (invalid)
 *
 * Accepts "YYYY-MM-DD" and "YYYYMMDD" (and "/" or "." as separators, with
 * one- or two-digit month and day) for real dates from 1900 to 9999.
 *
 * Returns: (transfer full) (nullable): %NULL when fine, else an error with
 *   code DATE_FORMAT
 */
YbFinding *
yb_check_date (const char *text,
               const char *field,
               GDate      *out_date)
{
  g_autofree char *normal = yb_text_normalize (text);
  int year, month, day;

  if (out_date != NULL)
    g_date_clear (out_date, 1);

  if (!parse_date (normal, &year, &month, &day))
    return yb_finding_new (YB_SEVERITY_ERROR, field, "DATE_FORMAT",
                           _("Enter a real date as YYYY-MM-DD, for example 2020-08-01."));

  if (out_date != NULL)
    g_date_set_dmy (out_date, day, month, year);
  return NULL;
}

/**
 * yb_check_date_order:
 * @start: (nullable): the start date
 * @end: (nullable): the end date
 * @end_field: the field key of the end date, which the finding is about
 *
 * The end must be strictly after the start. When either date is missing or
 * invalid there is nothing to compare and no finding (the date checks
 * themselves report that).
 *
 * Returns: (transfer full) (nullable): %NULL when fine, else an error with
 *   code DATE_ORDER
 */
YbFinding *
yb_check_date_order (const GDate *start,
                     const GDate *end,
                     const char  *end_field)
{
  if (start == NULL || end == NULL || !g_date_valid (start) || !g_date_valid (end))
    return NULL;

  if (g_date_compare (end, start) > 0)
    return NULL;

  return yb_finding_new (YB_SEVERITY_ERROR, end_field, "DATE_ORDER",
                         _("The contract end must be after its start."));
}

/**
 * yb_parse_money:
 * @text: (nullable): an amount in yuan
 * @out_cents: (out) (optional): the amount in cents (分)
 *
 * Accepts "8000", "8000.5", "8000.50" and "8,000.50" (commas only as
 * thousands separators), full-width digits and the full-width comma and
 * point, with spaces around. Refuses negatives, signs, more than two
 * decimals, a point without digits on both sides, and amounts of a
 * trillion yuan or more.
 *
 * Returns: %TRUE when @text is an amount
 */
gboolean
yb_parse_money (const char *text,
                gint64     *out_cents)
{
  g_autofree char *normal = yb_text_normalize (text);
  GString *ascii = g_string_new (NULL);
  g_autofree char *s = NULL;
  const char *p;
  gint64 yuan = 0;
  gint64 cents = 0;
  int int_digits = 0;
  int group_digits = 0;
  gboolean grouped = FALSE;

  for (p = normal; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 0xFF0C)
        c = ',';
      else if (c == 0xFF0E)
        c = '.';
      g_string_append_unichar (ascii, c);
    }
  s = g_string_free (ascii, FALSE);

  for (p = s; *p != '\0' && *p != '.'; p++)
    {
      if (*p == ',')
        {
          /* The first group holds 1..3 digits, every later one exactly 3. */
          if (int_digits == 0 || (grouped ? group_digits != 3 : group_digits > 3))
            return FALSE;
          grouped = TRUE;
          group_digits = 0;
          continue;
        }
      if (!g_ascii_isdigit (*p))
        return FALSE;
      yuan = yuan * 10 + (*p - '0');
      if (yuan * 100 >= MONEY_MAX_CENTS)
        return FALSE;
      int_digits++;
      group_digits++;
    }
  if (int_digits == 0 || (grouped && group_digits != 3))
    return FALSE;

  if (*p == '.')
    {
      int decimals = 0;

      for (p++; *p != '\0'; p++)
        {
          if (!g_ascii_isdigit (*p) || decimals == 2)
            return FALSE;
          cents += (*p - '0') * (decimals == 0 ? 10 : 1);
          decimals++;
        }
      if (decimals == 0)
        return FALSE;
    }

  if (out_cents != NULL)
    *out_cents = yuan * 100 + cents;
  return TRUE;
}

/**
 * yb_format_money:
 * @cents: an amount in cents
 *
 * Returns: (transfer full): the amount in yuan with two decimals and no
 *   grouping, e.g. "8000.50" (a negative amount gets a leading "-")
 */
char *
yb_format_money (gint64 cents)
{
  guint64 abs_cents = cents < 0 ? (guint64) (-(cents + 1)) + 1 : (guint64) cents;

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u", cents < 0 ? "-" : "", abs_cents / 100,
                          (guint) (abs_cents % 100));
}
