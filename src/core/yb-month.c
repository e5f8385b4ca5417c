/* yb-month.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbMonth"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-field-checks.h"
#include "yb-month.h"

#define MONTH_MIN (1900 * 12)
#define MONTH_MAX (9999 * 12 + 11)

/**
 * yb_month_new:
 * @year: 1900..9999
 * @month: 1..12
 *
 * Returns: the month, or %YB_MONTH_INVALID when @year or @month is out of
 *   range
 */
YbMonth
yb_month_new (int year,
              int month)
{
  if (year < 1900 || year > 9999 || month < 1 || month > 12)
    return YB_MONTH_INVALID;

  return year * 12 + (month - 1);
}

/**
 * yb_month_from_date_time:
 * @dt: a date and time
 *
 * Returns: the month of @dt in its own time zone
 */
YbMonth
yb_month_from_date_time (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, YB_MONTH_INVALID);

  return yb_month_new (g_date_time_get_year (dt), g_date_time_get_month (dt));
}

/**
 * yb_month_is_valid:
 * @m: a month
 *
 * Returns: %TRUE when @m lies from 1900-01 to 9999-12
 */
gboolean
yb_month_is_valid (YbMonth m)
{
  return m >= MONTH_MIN && m <= MONTH_MAX;
}

/**
 * yb_month_get_year:
 * @m: a valid month
 *
 * Returns: the year, or 0 for an invalid month
 */
int
yb_month_get_year (YbMonth m)
{
  g_return_val_if_fail (yb_month_is_valid (m), 0);

  return m / 12;
}

/**
 * yb_month_get_month:
 * @m: a valid month
 *
 * Returns: the month of the year, 1..12, or 0 for an invalid month
 */
int
yb_month_get_month (YbMonth m)
{
  g_return_val_if_fail (yb_month_is_valid (m), 0);

  return m % 12 + 1;
}

/**
 * yb_month_add:
 * @m: a valid month
 * @months: months to add, may be negative
 *
 * Returns: the month @months after @m, or %YB_MONTH_INVALID when @m is
 *   invalid or the result leaves the valid range
 */
YbMonth
yb_month_add (YbMonth m,
              int     months)
{
  gint64 result;

  if (!yb_month_is_valid (m))
    return YB_MONTH_INVALID;

  result = (gint64) m + months;
  if (result < MONTH_MIN || result > MONTH_MAX)
    return YB_MONTH_INVALID;

  return (YbMonth) result;
}

/**
 * yb_month_diff:
 * @a: a valid month
 * @b: a valid month
 *
 * Returns: @a − @b in months (202008 − 202005 is 3), 0 if either is invalid
 */
int
yb_month_diff (YbMonth a,
               YbMonth b)
{
  g_return_val_if_fail (yb_month_is_valid (a), 0);
  g_return_val_if_fail (yb_month_is_valid (b), 0);

  return a - b;
}

static gboolean
take_digits (const char **p,
             int          min_digits,
             int          max_digits,
             int         *out)
{
  int n = 0;
  int value = 0;

  while (n < max_digits && g_ascii_isdigit ((*p)[n]))
    {
      value = value * 10 + ((*p)[n] - '0');
      n++;
    }
  if (n < min_digits || g_ascii_isdigit ((*p)[n]))
    return FALSE;
  *p += n;
  *out = value;
  return TRUE;
}

/**
 * yb_month_parse:
 * @text: (nullable): a month as typed or imported
 *
 * Accepts "YYYYMM" (the hall's form), and "YYYY-MM", "YYYY/MM", "YYYY.MM"
 * and "YYYY年MM月" with a one- or two-digit month, with spaces around and
 * full-width digits.
 *
 * Returns: the month, or %YB_MONTH_INVALID
 */
YbMonth
yb_month_parse (const char *text)
{
  g_autofree char *normal = yb_text_normalize (text);
  const char *p = normal;
  int year, month;

  if (take_digits (&p, 6, 6, &year))
    return *p == '\0' ? yb_month_new (year / 100, year % 100) : YB_MONTH_INVALID;

  if (!take_digits (&p, 4, 4, &year))
    return YB_MONTH_INVALID;

  if (g_str_has_prefix (p, "年"))
    {
      p += strlen ("年");
      if (!take_digits (&p, 1, 2, &month) || strcmp (p, "月") != 0)
        return YB_MONTH_INVALID;
    }
  else
    {
      if (*p != '-' && *p != '/' && *p != '.')
        return YB_MONTH_INVALID;
      p++;
      if (!take_digits (&p, 1, 2, &month) || *p != '\0')
        return YB_MONTH_INVALID;
    }

  return yb_month_new (year, month);
}

/**
 * yb_month_to_string:
 * @m: a month
 *
 * Returns: (transfer full): the hall's form "YYYYMM", e.g. "202008", or ""
 *   for an invalid month
 */
char *
yb_month_to_string (YbMonth m)
{
  if (!yb_month_is_valid (m))
    return g_strdup ("");

  return g_strdup_printf ("%04d%02d", m / 12, m % 12 + 1);
}

/**
 * yb_month_format:
 * @m: a month
 *
 * Returns: (transfer full): the month for the clerk in the current language,
 *   "2020-08" in English and "2020年08月" in Chinese; "" when invalid
 */
char *
yb_month_format (YbMonth m)
{
  if (!yb_month_is_valid (m))
    return g_strdup ("");

  /* Translators: a month shown to the clerk; the first %04d is the year, the
   * second %02d the month, zh_CN: "%04d年%02d月" */
  return g_strdup_printf (_("%04d-%02d"), m / 12, m % 12 + 1);
}

/**
 * yb_check_month:
 * @text: (nullable): the month as typed
 * @field: the field key for the finding
 * @out_month: (out) (optional): set to the month when it is fine
 *
 * Returns: (transfer full) (nullable): %NULL when @text is a month (see
 *   yb_month_parse()), else an error with code MONTH_FORMAT
 */
YbFinding *
yb_check_month (const char *text,
                const char *field,
                YbMonth    *out_month)
{
  YbMonth m = yb_month_parse (text);

  if (out_month != NULL)
    *out_month = m;

  if (yb_month_is_valid (m))
    return NULL;

  return yb_finding_new (YB_SEVERITY_ERROR, field, "MONTH_FORMAT",
                         _("Enter the month as YYYYMM, for example 202008 for August 2020."));
}
