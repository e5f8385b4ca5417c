/* sync-crash-helper.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One start of the application, as far as syncing goes: open the store, log in, recover what
 * a crash left in flight, run one pass. With --point it dies (_exit (1), no clean-up, like a
 * power cut) at that moment of a submission:
 *
 *   material-uploaded  a material was uploaded and its hall id recorded, the declaration
 *                      that names it is not marked sending yet
 *   before-request     the batch is marked sending and committed, nothing has left
 *   request-sent:MS    the request left; die MS milliseconds later (the hall is slow)
 *   answer-received    the hall's answer (or the dropped connection) arrived, nothing recorded
 *   mid-store-write:N  inside the N-th transaction that records the answers, before COMMIT
 *   none               run normally
 *
 * Exit status: 0 after a successful pass, 1 when it died on purpose, 2 when the pass failed.
 */
#define G_LOG_DOMAIN "SyncCrashHelper"

#include <unistd.h>

#include "yb-store-private.h"
#include "test-sync-util.h"

static const char *point = "none";
static guint commits_left;

static gboolean
on_die_cb (gpointer user_data)
{
  _exit (1);
}

/* Called by SQLite inside COMMIT, before the transaction is durable. */
static int
on_commit_cb (void *user_data)
{
  if (--commits_left == 0)
    _exit (1);
  return 0;
}

static void
on_hook_cb (YbSyncEngine *engine,
            const char   *where,
            gpointer      user_data)
{
  if (g_str_equal (point, where))
    _exit (1);
  if (g_str_has_prefix (point, "request-sent:") && g_str_equal (where, "request-sent"))
    g_timeout_add (atoi (point + strlen ("request-sent:")), on_die_cb, NULL);
  if (g_str_has_prefix (point, "mid-store-write:") && g_str_equal (where, "answer-received"))
    {
      commits_left = MAX (atoi (point + strlen ("mid-store-write:")), 1);
      sqlite3_commit_hook (_yb_store_get_db (yb_sync_engine_get_store (engine)), on_commit_cb,
                           NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbHallClient) client = NULL;
  g_autoptr(YbStore) store = NULL;
  g_autoptr(YbSyncEngine) engine = NULL;

  if (argc != 5)
    {
      g_printerr ("usage: %s HALL-URL STORE UNIT POINT\n", argv[0]);
      return 2;
    }
  point = argv[4];

  store = yb_store_open (argv[2], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  client = sync_test_login (argv[1], "demo");
  engine = yb_sync_engine_new (client, store, argv[3], NULL);
  yb_sync_engine_set_backoff_base_ms (engine, 10);
  yb_sync_engine_set_test_hook (engine, on_hook_cb, NULL);

  yb_sync_engine_recover (engine);
  if (!sync_test_run (engine, &error))
    {
      g_printerr ("sync failed: %s\n", error->message);
      return 2;
    }
  return 0;
}
