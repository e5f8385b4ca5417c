/* yb-import-state.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  YB_IMPORT_PHASE_EMPTY,
  YB_IMPORT_PHASE_LOADING,
  YB_IMPORT_PHASE_ERROR,
  YB_IMPORT_PHASE_GRID,
  YB_IMPORT_PHASE_SHEETS,     /* a workbook with several importable sheets: the clerk picks */
} YbImportPhase;

/* What the import window shows and allows, computed from the batch alone (no widgets), so
 * it is tested without a display. */
typedef struct
{
  const char *page;           /* the stack page: "empty", "loading", "error", "grid" or
                               * "sheets" */
  gboolean can_open;
  gboolean can_choose_sheet;
  gboolean can_commit;
  gboolean can_export_report;
  gboolean can_filter;
  gboolean can_edit;          /* cells and drop toggles */
  char *summary;              /* "12 rows: 10 good, 1 with errors, 1 dropped" */
  char *commit_label;         /* "Create 10 Drafts" */
} YbImportState;

void yb_import_state_compute (YbImportState *state,
                              YbImportPhase  phase,
                              gboolean       busy,
                              guint          n_rows,
                              guint          n_good,
                              guint          n_bad);
void yb_import_state_clear   (YbImportState *state);

G_END_DECLS
