/* main.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "YbRefhallMain"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <locale.h>
#include <stdio.h>

#include "yb-refhall.h"

static gboolean
on_signal_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_audit_tick_cb (gpointer data)
{
  YbRefhall *hall = data;

  yb_refhall_audit_run (hall, FALSE);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  gboolean demo = FALSE, http = FALSE, test_control = FALSE;
  int port = 0, audit_delay = 10, token_ttl = 1800, latency_ms = 0, rate_limit = 0;
  int drop_after_commit = 0, generate_people = 0;
  double fail_rate = 0;
  g_autofree char *db_path = NULL;
  g_autofree char *region = NULL;
  g_autofree char *bind_address = NULL;
  g_autofree char *state_dir = NULL;
  g_autofree char *ca_out = NULL;
  g_autofree char *trust_ca = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *window = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GTlsCertificate) tls = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  YbRefhall *hall;
  GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Seed demo accounts, units and people", NULL },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "Port (0: a free one)", "N" },
    { "http", 0, 0, G_OPTION_ARG_NONE, &http, "Serve plain HTTP instead of HTTPS", NULL },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database file", "FILE" },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, "Serve only this region profile", "ID" },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind_address, "Listen address (127.0.0.1)", "ADDR" },
    { "state-dir", 0, 0, G_OPTION_ARG_FILENAME, &state_dir, "Directory for the CA and the "
      "database", "DIR" },
    { "ca-out", 0, 0, G_OPTION_ARG_FILENAME, &ca_out, "Write the CA certificate here", "FILE" },
    { "trust-ca", 0, 0, G_OPTION_ARG_FILENAME, &trust_ca, "CA for certificate login", "FILE" },
    { "audit-delay", 0, 0, G_OPTION_ARG_INT, &audit_delay, "Seconds before audit (10)", "SEC" },
    { "token-ttl", 0, 0, G_OPTION_ARG_INT, &token_ttl, "Access token lifetime (1800)", "SEC" },
    { "clock", 0, 0, G_OPTION_ARG_STRING, &clock, "Fix the business clock", "ISO8601" },
    { "window", 0, 0, G_OPTION_ARG_STRING, &window, "Force the window: open|closed|auto",
      "STATE" },
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &latency_ms, "Delay every answer", "N" },
    { "fail-rate", 0, 0, G_OPTION_ARG_DOUBLE, &fail_rate, "Share of requests answered 500",
      "P" },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit, "Requests per second before 429", "N" },
    { "drop-after-commit", 0, 0, G_OPTION_ARG_INT, &drop_after_commit,
      "Drop the connection after committing the next N batches", "N" },
    { "generate-people", 0, 0, G_OPTION_ARG_INT, &generate_people,
      "Add unit GEN000001 with N insured people", "N" },
    { "test-control", 0, 0, G_OPTION_ARG_NONE, &test_control,
      "Enable POST /api/v1/_test/control", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("- the Yibao reference hall");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("yibao-refhall: %s\n", error->message);
      return 2;
    }

  hall = yb_refhall_new ();
  hall->audit_delay = MAX (audit_delay, 0);
  hall->token_ttl = MAX (token_ttl, 1);
  hall->latency_ms = MAX (latency_ms, 0);
  hall->fail_rate = CLAMP (fail_rate, 0.0, 1.0);
  hall->rate_limit = MAX (rate_limit, 0);
  hall->drop_after_commit = MAX (drop_after_commit, 0);
  hall->test_control = test_control;
  hall->trust_ca_file = g_steal_pointer (&trust_ca);
  if (clock != NULL)
    {
      hall->fixed_clock = g_date_time_new_from_iso8601 (clock, NULL);
      if (hall->fixed_clock == NULL)
        {
          g_printerr ("yibao-refhall: --clock needs an ISO 8601 time with offset, e.g. "
                      "2026-03-25T17:30:00+08:00\n");
          return 2;
        }
    }
  if (window != NULL)
    {
      if (g_str_equal (window, "open"))
        hall->window = YB_REFHALL_WINDOW_OPEN;
      else if (g_str_equal (window, "closed"))
        hall->window = YB_REFHALL_WINDOW_CLOSED;
      else if (!g_str_equal (window, "auto"))
        {
          g_printerr ("yibao-refhall: --window must be open, closed or auto\n");
          return 2;
        }
    }

  if (state_dir == NULL)
    state_dir = g_build_filename (g_get_user_state_dir (), "yibao-refhall", NULL);
  if (g_mkdir_with_parents (state_dir, 0700) != 0)
    {
      g_printerr ("yibao-refhall: cannot create %s\n", state_dir);
      return 1;
    }
  if (db_path == NULL)
    db_path = g_build_filename (state_dir, "refhall.db", NULL);

  if (!yb_refhall_load_regions (hall, region, &error)
      || !yb_refhall_db_open (hall, db_path, &error)
      || (demo && !yb_refhall_demo_seed (hall, &error))
      || (generate_people > 0
          && !yb_refhall_generate_people (hall, "GEN000001", generate_people, &error)))
    {
      g_printerr ("yibao-refhall: %s\n", error->message);
      return 1;
    }

  if (!http)
    {
      if (ca_out == NULL)
        ca_out = g_build_filename (state_dir, "ca.pem", NULL);
      tls = yb_refhall_tls_generate (state_dir, ca_out, &error);
      if (tls == NULL)
        {
          g_printerr ("yibao-refhall: TLS: %s\n", error->message);
          return 1;
        }
    }
  if (!yb_refhall_listen (hall, bind_address ? bind_address : "127.0.0.1", port, tls, &url,
                          &error))
    {
      g_printerr ("yibao-refhall: %s\n", error->message);
      return 1;
    }
  printf ("%s\n", url);
  if (!http)
    printf ("ca: %s\n", ca_out);
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  hall->audit_source = g_timeout_add (250, on_audit_tick_cb, hall);
  g_main_loop_run (loop);
  yb_refhall_free (hall);
  return 0;
}
