/* yb-check-command.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean yb_check_command_wanted (int    argc,
                                  char **argv);
int      yb_check_command_run    (int    argc,
                                  char **argv);

G_END_DECLS
