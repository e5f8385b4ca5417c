/* yb-roster-view.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "yb-roster-model.h"
#include "yb-workspace.h"

G_BEGIN_DECLS

#define YB_TYPE_ROSTER_VIEW (yb_roster_view_get_type ())

G_DECLARE_FINAL_TYPE (YbRosterView, yb_roster_view, YB, ROSTER_VIEW, GtkWidget)

GtkWidget         *yb_roster_view_new            (void);
YbWorkspace       *yb_roster_view_get_workspace  (YbRosterView  *self);
void               yb_roster_view_set_workspace  (YbRosterView  *self,
                                                  YbWorkspace   *workspace);
const char        *yb_roster_view_get_query      (YbRosterView  *self);
void               yb_roster_view_set_query      (YbRosterView  *self,
                                                  const char    *query);
YbRosterSort       yb_roster_view_get_sort       (YbRosterView  *self,
                                                  gboolean      *out_descending);
void               yb_roster_view_sort_by        (YbRosterView  *self,
                                                  YbRosterSort   sort,
                                                  gboolean       descending);
GListModel        *yb_roster_view_get_model      (YbRosterView  *self);
guint              yb_roster_view_get_n_items    (YbRosterView  *self);
GtkSelectionModel *yb_roster_view_get_selection  (YbRosterView  *self);
GPtrArray         *yb_roster_view_dup_selected   (YbRosterView  *self);
guint              yb_roster_view_get_n_selected (YbRosterView  *self);
void               yb_roster_view_unselect_all   (YbRosterView  *self);
void               yb_roster_view_reload         (YbRosterView  *self);
char              *yb_roster_view_format_cell    (YbRosterView   *self,
                                                  YbRosterPerson *person,
                                                  const char     *column);

G_END_DECLS
