/* test-check-runner.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `yibao --check` without the window layer: main.c dispatches to the same
 * yb_check_command_run(). test-check.sh runs whichever binary it is given.
 */
#define G_LOG_DOMAIN "TestCheckRunner"

#include "config.h"

#include <locale.h>

#include "yb-check-command.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  return yb_check_command_run (argc, argv);
}
