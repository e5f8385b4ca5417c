/* yb-check-command.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbCheckCommand"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-check-command.h"
#include "yb-import-model.h"

/* `yibao --check FILE [--kind K] [--region ID] [--sheet NAME]`: the import's reading and
 * checking, without a window, for clerks who prepare files elsewhere. Exit status 0 when every
 * row is good, 1 when a row is bad, 2 when the file (or the command line) cannot be used. */

enum
{
  EXIT_GOOD = 0,
  EXIT_BAD_ROWS = 1,
  EXIT_UNUSABLE = 2,
};

/**
 * yb_check_command_wanted:
 * @argc: argument count
 * @argv: (array length=argc): arguments
 *
 * Returns: %TRUE when the command line asks for `--check`
 */
gboolean
yb_check_command_wanted (int    argc,
                         char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_strcmp0 (argv[i], "--check") == 0 || g_str_has_prefix (argv[i], "--check="))
      return TRUE;
  return FALSE;
}

/**
 * yb_check_command_run:
 * @argc: argument count
 * @argv: (array length=argc): arguments
 *
 * Checks a spreadsheet and prints one line per bad row to standard output: the row
 * number as the spreadsheet shows it, then each bad column's header and reason.
 * Messages about the file go to standard error.
 *
 * Returns: the exit status: 0 all rows good, 1 some row bad, 2 file unusable
 */
int
yb_check_command_run (int    argc,
                      char **argv)
{
  g_autofree char *file = NULL;
  g_autofree char *kind_text = NULL;
  g_autofree char *region = NULL;
  g_autofree char *sheet = NULL;
  g_auto(GStrv) args = g_strdupv (argv);
  GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_FILENAME, &file, N_("Check a spreadsheet and exit"),
      N_("FILE") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("The batch: enrol, reduce, contact or base (default: from the headers)"), N_("KIND") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("The region profile, e.g. hangzhou"),
      N_("ID") },
    { "sheet", 0, 0, G_OPTION_ARG_STRING, &sheet, N_("The sheet to read"), N_("NAME") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(YbRegionProfile) profile = NULL;
  g_autoptr(YbImportModel) model = NULL;
  g_autoptr(GDateTime) now = NULL;
  YbImportKind kind = YB_IMPORT_KIND_AUTO;
  guint n_rows, n_bad = 0;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, _("Checks every row of an .xlsx or CSV batch "
                                           "against the hall's rules."));
  (void) argc;
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      g_printerr ("%s\n", error->message);
      return EXIT_UNUSABLE;
    }
  if (file == NULL && args[1] != NULL)
    file = g_strdup (args[1]);
  if (file == NULL)
    {
      g_printerr ("%s\n", _("Name the file to check: yibao --check FILE"));
      return EXIT_UNUSABLE;
    }
  if (kind_text != NULL && !yb_import_kind_from_string (kind_text, &kind))
    {
      g_printerr (_("Unknown kind “%s”: use enrol, reduce, contact or base.\n"), kind_text);
      return EXIT_UNUSABLE;
    }
  /* TODO(Excel): default to the current unit's region once settings keep one. */
  if (region == NULL)
    {
      g_printerr ("%s\n", _("There is no current unit to take the region from: pass "
                            "--region, e.g. --region hangzhou."));
      return EXIT_UNUSABLE;
    }
  profile = yb_region_profile_load_builtin (region, &error);
  if (profile == NULL)
    {
      g_printerr ("%s\n", error->message);
      return EXIT_UNUSABLE;
    }

  now = g_date_time_new_now_local ();
  model = yb_import_model_new (profile, now);
  if (!yb_import_model_load (model, file, kind, sheet, NULL, &error))
    {
      g_printerr ("%s: %s\n", file, error->message);
      return EXIT_UNUSABLE;
    }

  n_rows = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n_rows; i++)
    {
      g_autoptr(YbImportRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autofree char *reason = NULL;

      if (!yb_import_row_has_errors (row))
        continue;
      n_bad++;
      reason = yb_import_model_dup_row_reason (model, i);
      g_print (_("Row %u: %s\n"), yb_import_row_get_row_number (row), reason);
    }
  /* Translators: a summary after checking a batch; the kind is e.g. "Reduction" */
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u row checked, %u bad.\n",
                           "%s: %u rows checked, %u bad.\n", n_rows),
              yb_import_kind_get_label (yb_import_model_get_kind (model)), n_rows, n_bad);
  return n_bad > 0 ? EXIT_BAD_ROWS : EXIT_GOOD;
}
