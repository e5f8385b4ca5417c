/* test-sync-util.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the sync engine tests and the crash helper: logging in, queueing declarations,
 * asking the hall what it holds.
 */
#pragma once

#include <glib/gstdio.h>
#include <string.h>

#include "yb-hall-client.h"
#include "yb-store-declaration.h"
#include "yb-sync-engine.h"
#include "yb-test-hall.h"

static inline YbHallClient *
sync_test_login (const char *base_url,
                 const char *account)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;
  YbHallClient *client = yb_hall_client_new (base_url, NULL, &error);

  g_assert_no_error (error);
  yb_hall_client_login_password_async (client, account, "demo12345", NULL,
                                       yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  g_assert_true (yb_hall_client_login_password_finish (client, result, &error));
  g_assert_no_error (error);
  return client;
}

/* The unit of @client in @region ("hangzhou"), or its first unit when @region is NULL. */
static inline char *
sync_test_unit (YbHallClient *client,
                const char   *region)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonArray) units = NULL;
  GAsyncResult *slot = NULL;

  yb_hall_client_list_units_async (client, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  units = yb_hall_client_list_units_finish (client, result, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *unit = json_array_get_object_element (units, i);

      if (region == NULL
          || g_strcmp0 (json_object_get_string_member_with_default (unit, "region", ""),
                        region) == 0)
        return g_strdup (json_object_get_string_member (unit, "unit_no"));
    }
  g_assert_not_reached ();
}

/* A new person's valid ID number; @seq makes it distinct (odd digit: male). */
static inline char *
sync_test_id_number (guint seq)
{
  g_autofree char *first17 = g_strdup_printf ("3301061990%02u%02u9%u1", 1 + seq % 12,
                                              1 + (seq / 12) % 28, (seq / 336) % 10);

  return yb_test_make_id_number (first17);
}

static inline char *
sync_test_enrol_fields (const char *id_number,
                        const char *start_month)
{
  return g_strdup_printf ("{\"id_number\": \"%s\", \"name\": \"测试员\", \"sex\": \"1\", "
                          "\"birth_date\": \"1990-%c%c-%c%c\", \"start_month\": \"%s\", "
                          "\"wage\": \"8000.00\", \"reason\": \"11\", \"hukou_type\": \"1\", "
                          "\"employment_form\": \"01\", \"phone\": \"13800001234\", "
                          "\"address\": \"杭州市西湖区文三路 1 号\", \"postcode\": \"310012\"}",
                          id_number, id_number[10], id_number[11], id_number[12], id_number[13],
                          start_month);
}

/* Creates a draft and puts it in the outbox; returns its id, and its key in @key. */
static inline gint64
sync_test_queue (YbStore     *store,
                 const char  *kind,
                 const char  *fields,
                 char       **key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  gint64 id = yb_store_declaration_create (store, kind, fields, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  made = yb_store_declaration_queue (store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (made);
  if (key != NULL)
    *key = g_steal_pointer (&made);
  return id;
}

static inline YbDeclarationState
sync_test_state (YbStore *store,
                 gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YbStoreDeclaration) decl = yb_store_declaration_get (store, id, &error);

  g_assert_no_error (error);
  return yb_store_declaration_get_state (decl);
}

static inline gboolean
sync_test_run (YbSyncEngine  *engine,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  yb_sync_engine_sync_now_async (engine, NULL, yb_test_store_result, &slot);
  result = yb_test_await (&slot);
  return yb_sync_engine_sync_now_finish (engine, result, error);
}

/* Every declaration the hall holds for @unit_no with @key; the last one found in @hall_id. */
static inline guint
sync_test_count_at_hall (YbHallClient  *client,
                         const char    *unit_no,
                         const char    *key,
                         char         **hall_id)
{
  g_autofree char *cursor = NULL;
  guint count = 0;
  gboolean more = TRUE;

  while (more)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(YbHallPage) page = NULL;
      GAsyncResult *slot = NULL;

      yb_hall_client_list_declarations_async (client, unit_no, NULL, NULL, NULL, NULL, cursor,
                                              1000, NULL, yb_test_store_result, &slot);
      result = yb_test_await (&slot);
      page = yb_hall_client_list_declarations_finish (client, result, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < json_array_get_length (page->items); i++)
        {
          JsonObject *item = json_array_get_object_element (page->items, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (item, "idempotency_key",
                                                                     ""),
                         key) == 0)
            {
              count++;
              if (hall_id != NULL)
                {
                  g_free (*hall_id);
                  *hall_id = g_strdup (json_object_get_string_member (item, "declaration_id"));
                }
            }
        }
      more = page->has_more && page->next_cursor != NULL;
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
    }
  return count;
}

/* Removes a flat temporary folder and the files in it. */
static inline void
sync_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}
