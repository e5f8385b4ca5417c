/* test-roster.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages through a generated 10,000-person roster of the real refhall, then
 * asks for the deltas after changes.
 */
#define G_LOG_DOMAIN "TestRoster"

#include <string.h>

#include "refhall-harness.h"

#define GEN "GEN000001"
#define COUNT 10000

static gboolean
id_is_valid (const char *id)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  int sum = 0;

  if (strlen (id) != 18)
    return FALSE;
  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (id[i]))
        return FALSE;
      sum += (id[i] - '0') * weights[i];
    }
  return id[17] == checks[sum % 11];
}

static char *
page_all (TestHall   *hall,
          const char *token,
          const char *cursor,
          guint       limit,
          GPtrArray  *out_people,
          guint      *out_pages)
{
  g_autofree char *next = g_strdup (cursor ? cursor : "");
  gboolean more = TRUE;

  *out_pages = 0;
  while (more)
    {
      g_autofree char *path = g_strdup_printf ("/api/v1/units/" GEN "/people?limit=%u&cursor=%s",
                                               limit, next);
      g_autoptr(Reply) reply = test_hall_json (hall, "GET", path, token, NULL);
      JsonObject *page = reply_object (reply);
      JsonArray *people = json_object_get_array_member (page, "people");

      g_assert_cmpuint (reply->status, ==, 200);
      g_assert_cmpuint (json_array_get_length (people), <=, limit);
      for (guint i = 0; i < json_array_get_length (people); i++)
        g_ptr_array_add (out_people, json_object_ref (json_array_get_object_element (people, i)));
      g_free (next);
      next = g_strdup (json_object_get_string_member (page, "next_cursor"));
      more = json_object_get_boolean_member (page, "has_more");
      (*out_pages)++;
      g_assert_cmpuint (*out_pages, <, 1000);
    }
  return g_steal_pointer (&next);
}

static void
test_paging_and_deltas (void)
{
  g_autofree char *count_arg = g_strdup_printf ("--generate-people=%d", COUNT);
  const char *args[] = { count_arg, "--test-control", "--audit-delay=3600", "--window=open",
                         NULL };
  gint64 start = g_get_monotonic_time ();
  TestHall *hall = test_hall_start (args);
  g_autofree char *token = test_hall_login (hall, "gen");
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) delta = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GPtrArray) nothing = g_ptr_array_new_with_free_func (
      (GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) persons = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *cursor = NULL;
  g_autofree char *after = NULL;
  g_autofree char *again = NULL;
  g_autofree char *month = test_current_month (0);
  g_autofree char *body = NULL;
  g_autoptr(Reply) submitted = NULL;
  const char *leaver = NULL;
  const char *mover = NULL;
  const char *mover_id = NULL;
  JsonArray *results;
  guint pages = 0;

  g_test_message ("10,000 people generated and served in %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
  cursor = page_all (hall, token, NULL, 1000, people, &pages);
  g_assert_cmpuint (people->len, ==, COUNT);
  /* A full last page already says has_more: false (no empty extra page). */
  g_assert_cmpuint (pages, ==, COUNT / 1000);
  for (guint i = 0; i < people->len; i++)
    {
      JsonObject *p = people->pdata[i];
      const char *id = json_object_get_string_member (p, "id_number");

      g_assert_true (g_hash_table_add (persons,
                                       (gpointer) json_object_get_string_member (p, "person_no")));
      g_assert_true (g_hash_table_add (ids, (gpointer) id));
      g_assert_true (id_is_valid (id));
      if (leaver == NULL && g_strcmp0 (json_object_get_string_member (p, "status"), "insured") == 0
          && g_strcmp0 (json_object_get_string_member (p, "start_month"), month) < 0)
        leaver = json_object_get_string_member (p, "person_no");
      else if (mover == NULL
               && g_strcmp0 (json_object_get_string_member (p, "status"), "insured") == 0)
        {
          mover = json_object_get_string_member (p, "person_no");
          mover_id = json_object_get_string_member (p, "id_number");
        }
    }
  g_assert_nonnull (leaver);

  /* Nothing changed: the delta from the final cursor is empty. */
  again = page_all (hall, token, cursor, 500, nothing, &pages);
  g_assert_cmpuint (nothing->len, ==, 0);
  g_assert_cmpstr (again, ==, cursor);

  body = g_strdup_printf ("{\"items\":[{\"idempotency_key\":\"reduce-%s\",\"kind\":\"reduce\","
                          "\"fields\":{\"person_no\":\"%s\",\"reason\":\"22\",\"stop_month\":"
                          "\"%s\",\"wage\":\"8000.00\"}},{\"idempotency_key\":\"change-%s\","
                          "\"kind\":\"person_change\",\"fields\":{\"id_number\":\"%s\","
                          "\"phone\":\"13700000002\"}}]}",
                          leaver, leaver, month, mover, mover_id);
  submitted = test_hall_json (hall, "POST", "/api/v1/units/" GEN "/declarations", token, body);
  g_assert_cmpuint (submitted->status, ==, 200);
  results = json_object_get_array_member (reply_object (submitted), "results");
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i),
                                                    "outcome"), ==, "accepted");
  test_hall_control (hall, "{\"audit_now\":true}");

  after = page_all (hall, token, cursor, 500, delta, &pages);
  g_assert_cmpuint (delta->len, ==, 2);
  g_assert_cmpuint (pages, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (delta->pdata[0], "person_no"), ==, leaver);
  g_assert_cmpstr (json_object_get_string_member (delta->pdata[0], "status"), ==, "stopped");
  g_assert_cmpstr (json_object_get_string_member (delta->pdata[1], "person_no"), ==, mover);
  g_assert_cmpstr (json_object_get_string_member (delta->pdata[1], "phone"), ==, "13700000002");
  g_assert_cmpint (atoll (after), >, atoll (cursor));
  test_hall_stop (hall);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/refhall/roster/10000-paging-and-deltas", test_paging_and_deltas);
  return g_test_run ();
}
