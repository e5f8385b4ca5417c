/* yb-import-state.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbImportState"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-import-state.h"

static const char *
phase_page (YbImportPhase phase)
{
  switch (phase)
    {
    case YB_IMPORT_PHASE_EMPTY:
      return "empty";
    case YB_IMPORT_PHASE_LOADING:
      return "loading";
    case YB_IMPORT_PHASE_ERROR:
      return "error";
    case YB_IMPORT_PHASE_GRID:
      return "grid";
    case YB_IMPORT_PHASE_SHEETS:
      return "sheets";
    default:
      g_assert_not_reached ();
    }
}

/* @busy: a commit or a report export is running; the batch must not change under it. */
void
yb_import_state_compute (YbImportState *state,
                         YbImportPhase  phase,
                         gboolean       busy,
                         guint          n_rows,
                         guint          n_good,
                         guint          n_bad)
{
  gboolean grid = phase == YB_IMPORT_PHASE_GRID;
  guint n_dropped = n_rows >= n_good + n_bad ? n_rows - n_good - n_bad : 0;
  g_autofree char *rows = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;

  g_assert (state != NULL);

  state->page = phase_page (phase);
  state->can_open = phase != YB_IMPORT_PHASE_LOADING && !busy;
  state->can_choose_sheet = phase == YB_IMPORT_PHASE_SHEETS && !busy;
  state->can_commit = grid && !busy && n_good > 0;
  state->can_export_report = grid && !busy && n_rows > 0;
  state->can_filter = grid;
  state->can_edit = grid && !busy;

  g_clear_pointer (&state->summary, g_free);
  g_clear_pointer (&state->commit_label, g_free);

  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", n_rows), n_rows);
  good = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u good", "%u good", n_good), n_good);
  bad = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u with errors", "%u with errors",
                                      n_bad), n_bad);
  if (n_dropped > 0)
    {
      g_autofree char *dropped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u dropped",
                                                               "%u dropped", n_dropped),
                                                  n_dropped);

      /* Translators: "12 rows: 10 good, 1 with errors, 1 dropped". */
      state->summary = g_strdup_printf (_("%s: %s, %s, %s"), rows, good, bad, dropped);
    }
  else
    /* Translators: "12 rows: 11 good, 1 with errors". */
    state->summary = g_strdup_printf (_("%s: %s, %s"), rows, good, bad);

  if (n_good > 0)
    state->commit_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Create %u Draft",
                                                        "Create %u Drafts", n_good), n_good);
  else
    state->commit_label = g_strdup (_("Create Drafts"));
}

void
yb_import_state_clear (YbImportState *state)
{
  g_clear_pointer (&state->summary, g_free);
  g_clear_pointer (&state->commit_label, g_free);
}
