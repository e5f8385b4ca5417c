/* test-print-util.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the printing tests: read PDFs back with poppler-utils
 * and keep PNG renderings of them in the build folder to look at.
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

G_GNUC_UNUSED static char *
test_print_run (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return g_steal_pointer (&out);
}

/* The text of @path, or of one page when @page > 0. */
G_GNUC_UNUSED static char *
test_print_pdf_text (const char *path,
                     guint       page)
{
  g_autofree char *first = g_strdup_printf ("%u", page);

  if (page > 0)
    {
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", "-f", first, "-l", first,
                             path, "-", NULL };

      return test_print_run (argv);
    }
  else
    {
      const char *argv[] = { "pdftotext", "-enc", "UTF-8", "-layout", path, "-", NULL };

      return test_print_run (argv);
    }
}

G_GNUC_UNUSED static guint
test_print_pdf_pages (const char *path)
{
  const char *argv[] = { "pdfinfo", path, NULL };
  g_autofree char *info = test_print_run (argv);
  const char *line = strstr (info, "\nPages:");

  g_assert_nonnull (line);
  return (guint) g_ascii_strtoull (line + strlen ("\nPages:"), NULL, 10);
}

G_GNUC_UNUSED static gboolean
test_print_pdf_uses_font (const char *path,
                          const char *family)
{
  const char *argv[] = { "pdffonts", path, NULL };
  g_autofree char *fonts = test_print_run (argv);

  return strstr (fonts, family) != NULL;
}

/* Renders every page to <builddir>/print-png/<stem>-N.png (60 dpi) to look at. */
G_GNUC_UNUSED static void
test_print_keep_png (const char *path,
                     const char *stem)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir != NULL ? builddir : ".", "print-png", NULL);
  g_autofree char *prefix = g_build_filename (dir, stem, NULL);
  const char *argv[] = { "pdftoppm", "-png", "-r", "60", path, prefix, NULL };
  g_autofree char *out = NULL;

  g_mkdir_with_parents (dir, 0755);
  out = test_print_run (argv);
}

/* Collapses runs of white space so wrapped or spaced text can be searched. */
G_GNUC_UNUSED static char *
test_print_squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

G_GNUC_UNUSED static guint
test_print_count (const char *haystack,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

G_GNUC_UNUSED static char *
test_print_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("yb-print-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

G_GNUC_UNUSED static void
test_print_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_getenv ("YB_TEST_KEEP") != NULL)
    return;
  dir = g_dir_open (path, 0, NULL);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_remove (child);
    }
  g_rmdir (path);
}
