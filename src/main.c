/* main.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "Yibao"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>

#include "yb-application.h"
#include "yb-check-command.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(YbApplication) app = NULL;
  const char *localedir = g_getenv ("YIBAO_LOCALEDIR");

  /* YIBAO_LOCALEDIR lets a run from the build tree find the catalogues
   * built there before they are installed. */
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* `yibao --check FILE` checks a spreadsheet without opening a window. */
  if (yb_check_command_wanted (argc, argv))
    return yb_check_command_run (argc, argv);

  g_set_application_name (_("Yibao"));
  gtk_window_set_default_icon_name (APP_ID);

  app = yb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
