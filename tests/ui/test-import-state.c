/* test-import-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The import window's state, without a display: no gtk_init here.
 */
#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "import/yb-import-state.h"

static gboolean
english (void)
{
  const char *language = g_getenv ("LANGUAGE");

  return language == NULL || !g_str_has_prefix (language, "zh");
}

static void
test_pages (void)
{
  YbImportState state = { 0 };

  yb_import_state_compute (&state, YB_IMPORT_PHASE_EMPTY, FALSE, 0, 0, 0);
  g_assert_cmpstr (state.page, ==, "empty");
  g_assert_true (state.can_open);
  g_assert_false (state.can_commit);
  g_assert_false (state.can_export_report);
  g_assert_false (state.can_filter);

  /* While a file is read, nothing else can start; the grid is gone. */
  yb_import_state_compute (&state, YB_IMPORT_PHASE_LOADING, FALSE, 0, 0, 0);
  g_assert_cmpstr (state.page, ==, "loading");
  g_assert_false (state.can_open);
  g_assert_false (state.can_commit);
  g_assert_false (state.can_edit);

  yb_import_state_compute (&state, YB_IMPORT_PHASE_ERROR, FALSE, 0, 0, 0);
  g_assert_cmpstr (state.page, ==, "error");
  g_assert_true (state.can_open);
  g_assert_false (state.can_commit);
  yb_import_state_clear (&state);
}

static void
test_commit_follows_good_rows (void)
{
  YbImportState state = { 0 };

  yb_import_state_compute (&state, YB_IMPORT_PHASE_GRID, FALSE, 5, 2, 3);
  g_assert_cmpstr (state.page, ==, "grid");
  g_assert_true (state.can_commit);
  g_assert_true (state.can_export_report);
  g_assert_true (state.can_edit);
  if (english ())
    {
      g_assert_cmpstr (state.summary, ==, "5 rows: 2 good, 3 with errors");
      g_assert_cmpstr (state.commit_label, ==, "Create 2 Drafts");
    }

  /* Only bad rows: nothing to save, but the report can still go back to whoever filled it. */
  yb_import_state_compute (&state, YB_IMPORT_PHASE_GRID, FALSE, 3, 0, 3);
  g_assert_false (state.can_commit);
  g_assert_true (state.can_export_report);

  /* Dropped rows count on their own. */
  yb_import_state_compute (&state, YB_IMPORT_PHASE_GRID, FALSE, 5, 1, 2);
  if (english ())
    {
      g_assert_cmpstr (state.summary, ==, "5 rows: 1 good, 2 with errors, 2 dropped");
      g_assert_cmpstr (state.commit_label, ==, "Create 1 Draft");
    }

  /* While drafts or a report are written the batch holds still. */
  yb_import_state_compute (&state, YB_IMPORT_PHASE_GRID, TRUE, 5, 2, 3);
  g_assert_false (state.can_commit);
  g_assert_false (state.can_export_report);
  g_assert_false (state.can_edit);
  g_assert_false (state.can_open);
  g_assert_true (state.can_filter);

  yb_import_state_compute (&state, YB_IMPORT_PHASE_GRID, FALSE, 0, 0, 0);
  g_assert_false (state.can_commit);
  g_assert_false (state.can_export_report);
  yb_import_state_clear (&state);
  g_assert_null (state.summary);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "po", NULL);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/import-state/pages", test_pages);
  g_test_add_func ("/ui/import-state/commit-follows-good-rows", test_commit_follows_good_rows);
  return g_test_run ();
}
