/* yb-test-ui.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared set-up for the page tests: a temporary unit store, a workspace with a
 * fixed clock, a window holding the page, a logged-in hall client, and small
 * helpers to find widgets, wait for the page and take screenshots.
 */
#pragma once

#include <gtk/gtk.h>

#include "yb-store.h"
#include "yb-test-hall.h"
#include "yb-workspace.h"

G_BEGIN_DECLS

/* Whether @page still has work running. */
typedef gboolean (*YbTestUiBusyFunc) (gpointer page);

YbHallClient *yb_test_ui_log_in             (YbTestHall       *hall);
JsonArray    *yb_test_ui_hall_roster        (YbHallClient     *client,
                                             const char       *unit_no,
                                             guint             page_size);
GDateTime    *yb_test_ui_fixed_now          (void);
char         *yb_test_ui_make_dir           (const char       *tmpl);
YbStore      *yb_test_ui_open_store         (const char       *dir);
YbWorkspace  *yb_test_ui_workspace_new      (YbStore          *store,
                                             const char       *region,
                                             YbHallClient     *client,
                                             const char       *unit_no);
GtkWindow    *yb_test_ui_present            (GtkWidget        *page,
                                             YbWorkspace      *workspace);
void          yb_test_ui_tear_down          (GtkWindow        *window,
                                             YbTestUiBusyFunc  busy,
                                             gpointer         *page,
                                             YbWorkspace     **workspace,
                                             YbStore         **store,
                                             char            **dir);
void          yb_test_ui_remove_tree        (const char       *path);
void          yb_test_ui_wait_idle          (YbTestUiBusyFunc  busy,
                                             gpointer          page);
GtkWidget    *yb_test_ui_find_widget        (GtkWidget        *root,
                                             const char       *id);
GtkWidget    *yb_test_ui_find_action_button (GtkWidget        *root,
                                             const char       *action);
gboolean      yb_test_ui_action_enabled     (GtkWidget        *root,
                                             const char       *action);
const char   *yb_test_ui_label_text         (GtkWidget        *root,
                                             const char       *id);
void          yb_test_ui_screenshot         (GtkWindow        *window,
                                             GtkWidget        *widget,
                                             const char       *prefix,
                                             const char       *name);

G_END_DECLS
