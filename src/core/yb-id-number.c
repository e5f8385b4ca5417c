/* yb-id-number.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbIdNumber"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "yb-field-checks.h"
#include "yb-id-number.h"

/* Shorter values are masked completely: showing 8 characters of them would
 * show most of the value. */
#define MASK_MIN_CHARS 15

static const int check_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

/* GB/T 2260 province-level codes: the mainland provinces, autonomous regions
 * and municipalities, then 台湾 71, 香港 81, 澳门 82; 83 is the address code
 * of the residence permit for Taiwan residents (BR-56). */
static const int province_codes[] = {
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
  50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
};

static gboolean
all_digits (const char *s,
            gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static int
digits_value (const char *s,
              gsize       len)
{
  int value = 0;

  for (gsize i = 0; i < len; i++)
    value = value * 10 + (s[i] - '0');
  return value;
}

static gboolean
is_plausible_region (const char *number,
                     YbIdKind   *out_kind)
{
  int province = digits_value (number, 2);
  gboolean known = FALSE;

  for (gsize i = 0; i < G_N_ELEMENTS (province_codes); i++)
    if (province_codes[i] == province)
      known = TRUE;
  if (!known)
    return FALSE;

  /* Hong Kong, Macao and Taiwan residents' permits carry the bare
   * province-level code; GB/T 2260 has no lower divisions under 81–83. */
  if (province >= 81)
    {
      if (strncmp (number + 2, "0000", 4) != 0)
        return FALSE;
      *out_kind = YB_ID_KIND_HMT_RESIDENCE;
      return TRUE;
    }

  *out_kind = YB_ID_KIND_RESIDENT;
  return TRUE;
}

/**
 * yb_id_number_compute_check:
 * @first17: the first 17 digits of an ID number
 *
 * Computes the GB 11643 (ISO 7064 MOD 11-2) check character.
 *
 * Returns: '0'..'9' or 'X', or 0 when @first17 is not exactly 17 ASCII digits
 */
char
yb_id_number_compute_check (const char *first17)
{
  int sum = 0;

  if (first17 == NULL || strlen (first17) != 17 || !all_digits (first17, 17))
    return 0;

  for (int i = 0; i < 17; i++)
    sum += (first17[i] - '0') * check_weights[i];

  return "10X98765432"[sum % 11];
}

/**
 * yb_id_number_check:
 * @text: (nullable): an ID number as typed or imported
 * @now: (nullable): the current time, to reject births in the future;
 *   %NULL for the local time now
 * @field: the field key for the finding
 * @out_info: (out caller-allocates) (optional): filled when the number is valid
 *
 * Checks a 居民身份证 or 港澳台居民居住证 number (GB 11643, BR-55, BR-56).
 * Spaces anywhere (ASCII or full-width), full-width digits and a lower-case
 * x are accepted and normalised. Errors, with codes: ID_EMPTY, ID_OLD_15 (an
 * old 15-digit number), ID_LENGTH, ID_CHARS, ID_REGION (the first two digits
 * are no GB/T 2260 province; 81–83 must be followed by 0000), ID_BIRTH_DATE
 * (digits 7–14 are no real date from 1900 on), ID_BIRTH_FUTURE and
 * ID_CHECK_DIGIT. The message never reveals the correct check character.
 *
 * Returns: (transfer full) (nullable): %NULL when valid, else an error
 */
YbFinding *
yb_id_number_check (const char *text,
                    GDateTime  *now,
                    const char *field,
                    YbIdInfo   *out_info)
{
  g_autofree char *number = yb_text_strip_spaces (text);
  g_autoptr (GDateTime) local_now = NULL;
  glong n_chars;
  YbIdKind kind = YB_ID_KIND_RESIDENT;
  int year, month, day;
  int now_key, birth_key;
  char first17[18];
  char *x;

  if (*number == '\0')
    return yb_finding_new (YB_SEVERITY_ERROR, field, "ID_EMPTY",
                           _("Please enter the 18-character ID number."));

  x = strchr (number, 'x');
  if (x != NULL)
    *x = 'X';

  n_chars = g_utf8_strlen (number, -1);
  if (n_chars == 15 && all_digits (number, 15))
    return yb_finding_new (YB_SEVERITY_ERROR, field, "ID_OLD_15",
                           _("This is an old 15-digit ID number. The ID number must be the "
                             "18-digit number of the current ID card."));

  if (n_chars != 18)
    return yb_finding_new_printf (YB_SEVERITY_ERROR, field, "ID_LENGTH",
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "The ID number must have 18 characters, but %ld "
                                               "character was entered.",
                                               "The ID number must have 18 characters, but %ld "
                                               "characters were entered.",
                                               n_chars),
                                  n_chars);

  if (strlen (number) != 18 || !all_digits (number, 17)
      || !(g_ascii_isdigit (number[17]) || number[17] == 'X'))
    return yb_finding_new (YB_SEVERITY_ERROR, field, "ID_CHARS",
                           _("The ID number may only contain digits, and an X as its last "
                             "character."));

  if (!is_plausible_region (number, &kind))
    return yb_finding_new (YB_SEVERITY_ERROR, field, "ID_REGION",
                           _("The ID number does not start with a valid region code. Check its "
                             "first 6 digits against the ID card."));

  year = digits_value (number + 6, 4);
  month = digits_value (number + 10, 2);
  day = digits_value (number + 12, 2);
  if (year < 1900 || month < 1 || month > 12 || day < 1
      || !g_date_valid_dmy (day, month, year))
    return yb_finding_new (YB_SEVERITY_ERROR, field, "ID_BIRTH_DATE",
                           _("Digits 7 to 14 of the ID number must be a real date of birth "
                             "(YYYYMMDD) from 1900 on. Check them against the ID card."));

  if (now == NULL)
    now = local_now = g_date_time_new_now_local ();
  now_key = g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100
            + g_date_time_get_day_of_month (now);
  birth_key = year * 10000 + month * 100 + day;
  if (birth_key > now_key)
    return yb_finding_new (YB_SEVERITY_ERROR, field, "ID_BIRTH_FUTURE",
                           _("The date of birth in the ID number (digits 7 to 14) lies in the "
                             "future. Check them against the ID card."));

  memcpy (first17, number, 17);
  first17[17] = '\0';
  if (yb_id_number_compute_check (first17) != number[17])
    return yb_finding_new (YB_SEVERITY_ERROR, field, "ID_CHECK_DIGIT",
                           _("The ID number has a typing error: its check character does not "
                             "match. Compare it digit by digit with the ID card."));

  if (out_info != NULL)
    {
      memset (out_info, 0, sizeof *out_info);
      memcpy (out_info->number, number, 18);
      out_info->birth_year = year;
      out_info->birth_month = month;
      out_info->birth_day = day;
      out_info->sex = (number[16] - '0') % 2 == 1 ? YB_SEX_MALE : YB_SEX_FEMALE;
      out_info->kind = kind;
    }

  return NULL;
}

/**
 * yb_id_number_mask:
 * @number: (nullable): an ID number
 *
 * Hides an ID number for screen sharing: the first 4 characters, five '*'
 * and the last 4 ("2101*****9385"). Values under 15 characters are replaced
 * by as many '*' as they have characters.
 *
 * Returns: (transfer full): the masked number, "" for %NULL
 */
char *
yb_id_number_mask (const char *number)
{
  g_autofree char *valid = NULL;
  glong n_chars;
  const char *head_end;
  const char *tail;
  GString *out;

  if (number == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (number, -1);
  n_chars = g_utf8_strlen (valid, -1);
  if (n_chars < MASK_MIN_CHARS)
    {
      out = g_string_new (NULL);
      for (glong i = 0; i < n_chars; i++)
        g_string_append_c (out, '*');
      return g_string_free (out, FALSE);
    }

  head_end = g_utf8_offset_to_pointer (valid, 4);
  tail = g_utf8_offset_to_pointer (valid, n_chars - 4);
  out = g_string_new_len (valid, head_end - valid);
  g_string_append (out, "*****");
  g_string_append (out, tail);
  return g_string_free (out, FALSE);
}

/**
 * yb_sex_to_code:
 * @sex: a sex
 *
 * Returns: (nullable): the GB/T 2261.1 code, "1" male or "2" female, or
 *   %NULL when unknown
 */
const char *
yb_sex_to_code (YbSex sex)
{
  switch (sex)
    {
    case YB_SEX_MALE:
      return "1";
    case YB_SEX_FEMALE:
      return "2";
    case YB_SEX_UNKNOWN:
    default:
      return NULL;
    }
}
