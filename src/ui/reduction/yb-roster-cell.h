/* yb-roster-cell.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "yb-roster-person.h"

G_BEGIN_DECLS

#define YB_TYPE_ROSTER_CELL (yb_roster_cell_get_type ())

G_DECLARE_FINAL_TYPE (YbRosterCell, yb_roster_cell, YB, ROSTER_CELL, GtkWidget)

YbRosterPerson *yb_roster_cell_get_person (YbRosterCell   *self);
void            yb_roster_cell_set_person (YbRosterCell   *self,
                                           YbRosterPerson *person);
const char     *yb_roster_cell_get_column (YbRosterCell   *self);
const char     *yb_roster_cell_get_text   (YbRosterCell   *self);

G_END_DECLS
