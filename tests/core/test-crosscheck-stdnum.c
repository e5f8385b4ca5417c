/* test-crosscheck-stdnum.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Checks the ID number and credit code validators against an independent
 * implementation, Debian's python3-stdnum (BR-61), on thousands of generated
 * numbers: valid ones, and ones with one character changed, neighbours
 * swapped, a wrong length, or random digits.
 *
 * crosscheck-stdnum.py reports each part stdnum checks separately, and this
 * program derives from those parts the finding our validator must give.
 * Where the two deliberately differ, the comparison keeps to what both
 * define:
 *
 * - Region: stdnum looks the address code up in its own GB/T 2260 table
 *   (mainland codes of 2022); we check the province only, plus 810000,
 *   820000 and 830000 for the HMT residence permits, which stdnum does not
 *   know. So ID_REGION is right only where stdnum does not know the code,
 *   and a code stdnum knows must never get ID_REGION. Where stdnum does not
 *   know it and we accept the province, every other part must still agree.
 * - Birth year: stdnum accepts any real date; we also refuse years before
 *   1900 (ID_BIRTH_DATE). The year comes from stdnum's date.
 * - Birth in the future: stdnum has no such rule, so "now" is 9999-12-31.
 * - A last ID character other than 0-9 or X is a checksum failure to stdnum
 *   and ID_CHARS to us.
 * - Credit code positions 1-2: stdnum wants digits in positions 1-8, but GB
 *   32100 registration authorities include letters (A, N, Y); we require
 *   digits in positions 3-8 only. Where only positions 1-2 differ, the check
 *   characters are compared.
 * - Credit code organisation check (USCC_ORG_CHECK) is ours only; it may
 *   appear where stdnum finds the code valid.
 *
 * Every case also compares yb_*_compute_check() with stdnum's check
 * character. Set YIBAO_CROSSCHECK_SEED to try other seeds.
 */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "yb-credit-code.h"
#include "yb-id-number.h"

#define CASES_PER_KIND 5000
#define MAX_REPORTED 20

static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Real GB/T 2260 county codes (in stdnum's table), province-level codes,
 * and the HMT permit codes (not in stdnum's table). */
static const char *regions[] = {
  "110101", "110105", "120101", "130102", "140105", "150102", "210102", "220102", "230102",
  "310101", "310115", "320102", "320506", "330102", "330106", "330203", "330212", "330302",
  "330402", "330502", "330602", "330702", "330802", "330902", "331002", "331102", "340102",
  "350102", "360102", "370102", "410102", "420102", "430102", "440103", "440305", "450102",
  "460105", "500101", "510104", "520102", "530102", "540102", "610102", "620102", "630102",
  "640104", "650102", "330000", "110000", "810000", "820000", "830000", "710000",
};

typedef enum
{
  MUT_NONE,
  MUT_CHANGE,
  MUT_SWAP,
  MUT_LENGTH,
  MUT_RANDOM,
  N_MUTATIONS
} Mutation;

typedef struct
{
  GPtrArray *inputs;   /* "ric ..." / "uscc ..." lines without newline */
  GPtrArray *verdicts; /* the script's lines */
  GHashTable *seen_codes;
  guint n_disagreements;
  guint n_stdnum_valid;
} Run;

static guint32
get_seed (void)
{
  const char *env = g_getenv ("YIBAO_CROSSCHECK_SEED");

  return env != NULL ? (guint32) g_ascii_strtoull (env, NULL, 10) : 20260315;
}

static char
random_char_of (GRand      *rand,
                const char *set)
{
  return set[g_rand_int_range (rand, 0, strlen (set))];
}

static void
mutate (GRand      *rand,
        GString    *s,
        Mutation    mutation,
        const char *change_set)
{
  guint pos;

  switch (mutation)
    {
    case MUT_CHANGE:
      pos = g_rand_int_range (rand, 0, s->len);
      {
        char old = s->str[pos];

        do
          s->str[pos] = random_char_of (rand, change_set);
        while (s->str[pos] == old);
      }
      break;
    case MUT_SWAP:
      /* pick neighbours that differ, else swapping changes nothing */
      for (int tries = 0; tries < 50; tries++)
        {
          pos = g_rand_int_range (rand, 0, s->len - 1);
          if (s->str[pos] != s->str[pos + 1])
            {
              char c = s->str[pos];

              s->str[pos] = s->str[pos + 1];
              s->str[pos + 1] = c;
              break;
            }
        }
      break;
    case MUT_LENGTH:
      switch (g_rand_int_range (rand, 0, 4))
        {
        case 0:
          g_string_erase (s, g_rand_int_range (rand, 0, s->len), 1);
          break;
        case 1:
          g_string_insert_c (s, g_rand_int_range (rand, 0, s->len + 1),
                             random_char_of (rand, "0123456789"));
          break;
        case 2:
          /* an old 15-digit-like prefix, or a cut-off code */
          g_string_truncate (s, 15);
          break;
        default:
          g_string_truncate (s, g_rand_int_range (rand, 1, s->len - 1));
          break;
        }
      break;
    case MUT_NONE:
    case MUT_RANDOM:
    case N_MUTATIONS:
    default:
      break;
    }
}

static char *
generate_id (GRand    *rand,
             Mutation  mutation)
{
  GString *s = g_string_new (NULL);
  char check;

  if (mutation == MUT_RANDOM)
    {
      /* random digits: mostly bad regions and dates */
      for (int i = 0; i < 17; i++)
        g_string_append_c (s, random_char_of (rand, "0123456789"));
    }
  else
    {
      GDate date;
      guint32 julian_1900 = 693596; /* 1900-01-01 */
      guint32 julian_2025 = 739251; /* 2025-12-31 */

      g_date_clear (&date, 1);
      g_date_set_julian (&date, g_rand_int_range (rand, julian_1900, julian_2025 + 1));
      g_string_append (s, regions[g_rand_int_range (rand, 0, G_N_ELEMENTS (regions))]);
      g_string_append_printf (s, "%04d%02d%02d%03d", g_date_get_year (&date),
                              g_date_get_month (&date), g_date_get_day (&date),
                              g_rand_int_range (rand, 0, 1000));
    }

  check = yb_id_number_compute_check (s->str);
  g_assert_cmpint (check, !=, 0);
  g_string_append_c (s, check);

  /* mostly digits and X; sometimes a letter or a lower-case x */
  mutate (rand, s, mutation, "0123456789012345678901234567890123456789XXXxA");

  if (g_rand_int_range (rand, 0, 4) == 0)
    {
      char *x = strchr (s->str, 'X');

      if (x != NULL)
        *x = 'x';
    }

  return g_string_free (s, FALSE);
}

static char *
generate_uscc (GRand    *rand,
               Mutation  mutation)
{
  GString *s = g_string_new (NULL);
  char org_check;
  char check;

  if (mutation == MUT_RANDOM)
    {
      for (int i = 0; i < 17; i++)
        g_string_append_c (s, random_char_of (rand, uscc_alphabet));
    }
  else
    {
      g_string_append_c (s, random_char_of (rand, "123456789999999ANY"));
      g_string_append_c (s, random_char_of (rand, "12399"));
      g_string_append (s, regions[g_rand_int_range (rand, 0, G_N_ELEMENTS (regions))]);
      for (int i = 0; i < 8; i++)
        g_string_append_c (s, random_char_of (rand, uscc_alphabet));
      org_check = yb_org_code_compute_check (s->str + 8);
      g_assert_cmpint (org_check, !=, 0);
      g_string_append_c (s, org_check);
    }

  check = yb_credit_code_compute_check (s->str);
  g_assert_cmpint (check, !=, 0);
  g_string_append_c (s, check);

  /* mostly the alphabet; sometimes a letter it excludes, or lower case */
  mutate (rand, s, mutation,
          "0123456789ABCDEFGHJKLMNPQRTUWXY0123456789ABCDEFGHJKLMNPQRTUWXYIOSVZa");

  if (g_rand_int_range (rand, 0, 5) == 0)
    {
      char *lower = g_ascii_strdown (s->str, -1);

      g_string_assign (s, lower);
      g_free (lower);
    }

  return g_string_free (s, FALSE);
}

static void
disagree (Run        *run,
          const char *input,
          const char *verdict,
          const char *ours,
          const char *why)
{
  run->n_disagreements++;
  if (run->n_disagreements <= MAX_REPORTED)
    g_test_message ("DISAGREE on \"%s\": ours %s, stdnum \"%s\": %s", input, ours, verdict, why);
}

static gboolean
is_digits (const char *s,
           gsize       len)
{
  if (strlen (s) < len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (s[i]))
      return FALSE;
  return TRUE;
}

static void
compare_ric (Run        *run,
             const char *number,
             const char *verdict,
             GDateTime  *now)
{
  g_auto (GStrv) f = g_strsplit (verdict, " ", -1);
  YbIdInfo info;
  g_autoptr (YbFinding) finding = yb_id_number_check (number, now, "id", &info);
  const char *ours = finding != NULL ? finding->code : "OK";
  g_autofree char *upper = g_ascii_strup (number, -1);
  const char *expected;
  gboolean length_ok, format_ok, place_known, stdnum_valid;
  const char *check, *date;

  g_hash_table_add (run->seen_codes, g_strconcat ("ric:", ours, NULL));

  if (g_strv_length (f) != 7 || strcmp (f[0], "ric") != 0)
    {
      disagree (run, number, verdict, ours, "unexpected script output");
      return;
    }
  length_ok = f[1][0] == '1';
  format_ok = f[2][0] == '1';
  check = f[3];
  date = f[4];
  place_known = f[5][0] == '1';
  stdnum_valid = f[6][0] == '1';
  if (stdnum_valid)
    run->n_stdnum_valid++;

  if (!length_ok)
    {
      expected = strlen (number) == 15 && is_digits (number, 15) ? "ID_OLD_15" : "ID_LENGTH";
      if (strcmp (ours, expected) != 0)
        disagree (run, number, verdict, ours, expected);
      return;
    }
  if (!format_ok)
    {
      if (strcmp (ours, "ID_CHARS") != 0)
        disagree (run, number, verdict, ours, "ID_CHARS");
      return;
    }

  {
    g_autofree char *first17 = g_strndup (upper, 17);
    char mine = yb_id_number_compute_check (first17);

    if (mine != check[0])
      disagree (run, number, verdict, ours, "compute_check differs from stdnum");
  }

  /* stdnum's verdict must follow from the parts, or the parts mislead us */
  if (stdnum_valid != (upper[17] == check[0] && date[0] != '-' && place_known))
    disagree (run, number, verdict, ours, "stdnum's parts do not explain its verdict");

  if (upper[17] != 'X' && !g_ascii_isdigit (upper[17]))
    expected = "ID_CHARS";
  else if (strcmp (ours, "ID_REGION") == 0)
    {
      if (place_known)
        disagree (run, number, verdict, ours, "stdnum knows this address code");
      return;
    }
  else if (date[0] == '-' || strncmp (date, "1900", 4) < 0)
    expected = "ID_BIRTH_DATE";
  else if (upper[17] != check[0])
    expected = "ID_CHECK_DIGIT";
  else
    expected = "OK";

  if (strcmp (ours, expected) != 0)
    {
      disagree (run, number, verdict, ours, expected);
      return;
    }

  if (finding == NULL)
    {
      g_autofree char *birth = g_strdup_printf ("%04d%02d%02d", info.birth_year,
                                                info.birth_month, info.birth_day);

      if (strcmp (birth, date) != 0)
        disagree (run, number, verdict, ours, "birth date differs from stdnum's");
      if (strcmp (info.number, upper) != 0)
        disagree (run, number, verdict, ours, "normalised number differs");
    }
}

static void
compare_uscc (Run        *run,
              const char *code,
              const char *verdict)
{
  g_auto (GStrv) f = g_strsplit (verdict, " ", -1);
  g_autofree char *normalized = NULL;
  g_autoptr (YbFinding) finding = yb_credit_code_check (code, "uscc", &normalized);
  const char *ours = finding != NULL ? finding->code : "OK";
  g_autofree char *upper = g_ascii_strup (code, -1);
  gboolean length_ok, format_ok, stdnum_valid, ours_positional;
  const char *check;

  g_hash_table_add (run->seen_codes, g_strconcat ("uscc:", ours, NULL));

  if (g_strv_length (f) != 5 || strcmp (f[0], "uscc") != 0)
    {
      disagree (run, code, verdict, ours, "unexpected script output");
      return;
    }
  length_ok = f[1][0] == '1';
  format_ok = f[2][0] == '1';
  check = f[3];
  stdnum_valid = f[4][0] == '1';
  if (stdnum_valid)
    run->n_stdnum_valid++;

  if (!length_ok)
    {
      if (strcmp (ours, "USCC_LENGTH") != 0)
        disagree (run, code, verdict, ours, "USCC_LENGTH");
      return;
    }

  ours_positional = strlen (upper) == 18;
  for (int i = 0; ours_positional && i < 18; i++)
    if (strchr (uscc_alphabet, upper[i]) == NULL
        || (i >= 2 && i < 8 && !g_ascii_isdigit (upper[i])))
      ours_positional = FALSE;

  if (format_ok && !ours_positional)
    {
      disagree (run, code, verdict, ours, "stdnum accepts the characters, our rule does not");
      return;
    }
  if (!format_ok)
    {
      if (!ours_positional)
        {
          if (strcmp (ours, "USCC_CHARS") != 0)
            disagree (run, code, verdict, ours, "USCC_CHARS");
          return;
        }
      /* the only documented difference: a letter in positions 1-2 */
      if (is_digits (upper, 2))
        {
          disagree (run, code, verdict, ours, "stdnum refuses the format for another reason");
          return;
        }
    }

  {
    g_autofree char *first17 = g_strndup (upper, 17);
    char mine = yb_credit_code_compute_check (first17);

    if (mine != check[0])
      disagree (run, code, verdict, ours, "compute_check differs from stdnum");
  }
  if (stdnum_valid != (format_ok && upper[17] == check[0]))
    disagree (run, code, verdict, ours, "stdnum's parts do not explain its verdict");

  if (upper[17] != check[0])
    {
      if (strcmp (ours, "USCC_CHECK_DIGIT") != 0 || yb_finding_is_error (finding))
        disagree (run, code, verdict, ours, "USCC_CHECK_DIGIT warning");
    }
  else if (finding != NULL && strcmp (ours, "USCC_ORG_CHECK") != 0)
    disagree (run, code, verdict, ours, "OK (or our own USCC_ORG_CHECK)");

  if (g_strcmp0 (normalized, upper) != 0)
    disagree (run, code, verdict, ours, "normalised code differs");
}

static void
run_script (Run *run)
{
  const char *script = g_test_get_filename (G_TEST_DIST, "core", "crosscheck-stdnum.py", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GString) contents = g_string_new (NULL);
  int wait_status = 0;
  int fd;

  g_assert_true (g_file_test (script, G_FILE_TEST_EXISTS));

  fd = g_file_open_tmp ("yb-crosscheck-XXXXXX.txt", &tmp_path, &error);
  g_assert_no_error (error);
  g_close (fd, NULL);
  for (guint i = 0; i < run->inputs->len; i++)
    {
      g_string_append (contents, g_ptr_array_index (run->inputs, i));
      g_string_append_c (contents, '\n');
    }
  g_file_set_contents (tmp_path, contents->str, contents->len, &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { "/usr/bin/python3", script, tmp_path, NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                  &wait_status, &error);
  }
  g_unlink (tmp_path);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, &error))
    g_error ("crosscheck-stdnum.py failed (is python3-stdnum installed?): %s\n%s",
             error->message, err);

  {
    g_auto (GStrv) lines = g_strsplit (out, "\n", -1);

    for (guint i = 0; lines[i] != NULL; i++)
      if (lines[i][0] != '\0')
        g_ptr_array_add (run->verdicts, g_strdup (lines[i]));
  }
  g_assert_cmpuint (run->verdicts->len, ==, run->inputs->len);
}

static void
run_init (Run *run)
{
  run->inputs = g_ptr_array_new_with_free_func (g_free);
  run->verdicts = g_ptr_array_new_with_free_func (g_free);
  run->seen_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run->n_disagreements = 0;
  run->n_stdnum_valid = 0;
}

static void
run_clear (Run *run)
{
  g_ptr_array_unref (run->inputs);
  g_ptr_array_unref (run->verdicts);
  g_hash_table_unref (run->seen_codes);
}

static void
assert_seen (Run        *run,
             const char *code)
{
  if (!g_hash_table_contains (run->seen_codes, code))
    g_error ("the generated cases never produced %s: the cross-check is too narrow", code);
}

static void
test_ric (void)
{
  GRand *rand = g_rand_new_with_seed (get_seed ());
  g_autoptr (GDateTime) now = g_date_time_new_utc (9999, 12, 31, 0, 0, 0);
  Run run;

  run_init (&run);
  for (Mutation m = MUT_NONE; m < N_MUTATIONS; m++)
    for (int i = 0; i < CASES_PER_KIND; i++)
      {
        g_autofree char *id = generate_id (rand, m);

        g_ptr_array_add (run.inputs, g_strconcat ("ric ", id, NULL));
      }
  run_script (&run);

  for (guint i = 0; i < run.inputs->len; i++)
    compare_ric (&run, (const char *) g_ptr_array_index (run.inputs, i) + strlen ("ric "),
                 g_ptr_array_index (run.verdicts, i), now);

  g_test_message ("%u ID numbers (seed %u), %u valid to stdnum, %u disagreements",
                  run.inputs->len, get_seed (), run.n_stdnum_valid, run.n_disagreements);
  g_assert_cmpuint (run.n_disagreements, ==, 0);
  /* the cases must reach every branch compared above */
  g_assert_cmpuint (run.n_stdnum_valid, >=, CASES_PER_KIND / 2);
  assert_seen (&run, "ric:OK");
  assert_seen (&run, "ric:ID_LENGTH");
  assert_seen (&run, "ric:ID_OLD_15");
  assert_seen (&run, "ric:ID_CHARS");
  assert_seen (&run, "ric:ID_REGION");
  assert_seen (&run, "ric:ID_BIRTH_DATE");
  assert_seen (&run, "ric:ID_CHECK_DIGIT");

  run_clear (&run);
  g_rand_free (rand);
}

static void
test_uscc (void)
{
  GRand *rand = g_rand_new_with_seed (get_seed () + 1);
  Run run;

  run_init (&run);
  for (Mutation m = MUT_NONE; m < N_MUTATIONS; m++)
    for (int i = 0; i < CASES_PER_KIND; i++)
      {
        g_autofree char *code = generate_uscc (rand, m);

        g_ptr_array_add (run.inputs, g_strconcat ("uscc ", code, NULL));
      }
  run_script (&run);

  for (guint i = 0; i < run.inputs->len; i++)
    compare_uscc (&run, (const char *) g_ptr_array_index (run.inputs, i) + strlen ("uscc "),
                  g_ptr_array_index (run.verdicts, i));

  g_test_message ("%u credit codes (seed %u), %u valid to stdnum, %u disagreements",
                  run.inputs->len, get_seed () + 1, run.n_stdnum_valid, run.n_disagreements);
  g_assert_cmpuint (run.n_disagreements, ==, 0);
  g_assert_cmpuint (run.n_stdnum_valid, >=, CASES_PER_KIND / 2);
  assert_seen (&run, "uscc:OK");
  assert_seen (&run, "uscc:USCC_LENGTH");
  assert_seen (&run, "uscc:USCC_CHARS");
  assert_seen (&run, "uscc:USCC_CHECK_DIGIT");
  assert_seen (&run, "uscc:USCC_ORG_CHECK");

  run_clear (&run);
  g_rand_free (rand);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/crosscheck/stdnum/ric", test_ric);
  g_test_add_func ("/core/crosscheck/stdnum/uscc", test_uscc);

  return g_test_run ();
}
