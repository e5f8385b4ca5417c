/* test-store-bulk.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "store-test-util.h"
#include "yb-store-bulk.h"
#include "yb-store-declaration.h"
#include "yb-store-log-entry.h"

typedef struct
{
  TmpStore  tmp;
  YbStore  *store;
  guint     changed;
} Fixture;

static void
on_changed (YbStore    *store,
            const char *table,
            Fixture    *f)
{
  f->changed++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr (GError) error = NULL;

  tmp_store_init (&f->tmp);
  f->store = yb_store_open (f->tmp.path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->store, "changed::declarations", G_CALLBACK (on_changed), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  tmp_store_clear (&f->tmp);
}

static guint
count_drafts (YbStore *store)
{
  return yb_store_declaration_count (store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
}

static guint
count_log (YbStore *store)
{
  g_autoptr (GListModel) log = yb_store_log_list (store, 0);

  return g_list_model_get_n_items (log);
}

/* Builds @n enrolment items; the people have distinct names and ID numbers. */
static void
make_items (guint       n,
            GPtrArray **out_kinds,
            GPtrArray **out_fields)
{
  *out_kinds = g_ptr_array_new ();
  *out_fields = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = make_id_number ("330106", "19900101", i);

      g_ptr_array_add (*out_kinds, (gpointer) (i % 2 == 0 ? "enrol_new" : "enrol_resume"));
      g_ptr_array_add (*out_fields,
                       g_strdup_printf ("{\"id_number\":\"%s\",\"name\":\"员工%u\"}", id, i));
    }
}

static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr (GPtrArray) kinds = NULL;
  g_autoptr (GPtrArray) fields = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) log = NULL;

  make_items (500, &kinds, &fields);
  ids = yb_store_declaration_create_many (f->store, (const char * const *) kinds->pdata,
                                          (const char * const *) fields->pdata, 500, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);
  g_assert_cmpuint (ids->len, ==, 500);
  g_assert_cmpuint (count_drafts (f->store), ==, 500);
  /* One change signal for the whole batch, so lists are rebuilt once. */
  g_assert_cmpuint (f->changed, ==, 1);

  /* Every draft holds its own fields, in the order given, and is logged as created. */
  for (guint i = 0; i < ids->len; i += 97)
    {
      gint64 id = g_array_index (ids, gint64, i);
      g_autoptr (YbStoreDeclaration) decl = yb_store_declaration_get (f->store, id, &error);
      g_autofree char *name = g_strdup_printf ("员工%u", i);
      g_autoptr (GListModel) entries = yb_store_log_list (f->store, id);
      g_autoptr (YbStoreLogEntry) entry = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (yb_store_declaration_get_kind (decl), ==,
                       i % 2 == 0 ? "enrol_new" : "enrol_resume");
      g_assert_cmpstr (yb_store_declaration_get_person_name (decl), ==, name);
      g_assert_cmpint (yb_store_declaration_get_state (decl), ==, YB_DECLARATION_DRAFT);
      g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 1);
      entry = g_list_model_get_item (entries, 0);
      g_assert_cmpstr (yb_store_log_entry_get_action (entry), ==, "create");
      g_assert_cmpstr (yb_store_log_entry_get_to_state (entry), ==, "draft");
    }
  for (guint i = 1; i < ids->len; i++)
    g_assert_cmpint (g_array_index (ids, gint64, i), >, g_array_index (ids, gint64, i - 1));
  log = yb_store_log_list (f->store, 0);
  g_assert_cmpuint (g_list_model_get_n_items (log), ==, 500);
}

static void
test_all_or_nothing (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr (GPtrArray) kinds = NULL;
  g_autoptr (GPtrArray) fields = NULL;
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;
  gint64 before;

  /* One draft saved earlier must survive the failed batch. */
  before = yb_store_declaration_create (f->store, "reduce", "{\"name\":\"王五\"}", &error);
  g_assert_no_error (error);
  f->changed = 0;

  make_items (50, &kinds, &fields);
  kinds->pdata[37] = (gpointer) "enrol_sideways";
  ids = yb_store_declaration_create_many (f->store, (const char * const *) kinds->pdata,
                                          (const char * const *) fields->pdata, 50, &error);
  g_assert_null (ids);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  /* The message names the item and the bad value. */
  g_assert_nonnull (strstr (error->message, "38"));
  g_assert_nonnull (strstr (error->message, "enrol_sideways"));
  g_assert_cmpuint (count_drafts (f->store), ==, 1);
  g_assert_cmpuint (count_log (f->store), ==, 1);
  g_assert_cmpuint (f->changed, ==, 0);
  g_clear_error (&error);

  /* Malformed fields are refused the same way. */
  kinds->pdata[37] = (gpointer) "enrol_new";
  g_free (fields->pdata[3]);
  fields->pdata[3] = g_strdup ("{\"name\":");
  ids = yb_store_declaration_create_many (f->store, (const char * const *) kinds->pdata,
                                          (const char * const *) fields->pdata, 50, &error);
  g_assert_null (ids);
  g_assert_error (error, YB_STORE_ERROR, YB_STORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "4"));
  g_assert_cmpuint (count_drafts (f->store), ==, 1);
  g_clear_error (&error);

  /* The store is usable afterwards: no transaction was left open. */
  g_free (fields->pdata[3]);
  fields->pdata[3] = g_strdup ("{}");
  ids = yb_store_declaration_create_many (f->store, (const char * const *) kinds->pdata,
                                          (const char * const *) fields->pdata, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 50);
  g_assert_cmpuint (count_drafts (f->store), ==, 51);
  g_assert_cmpint (g_array_index (ids, gint64, 0), >, before);
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr (GArray) ids = NULL;
  g_autoptr (GError) error = NULL;

  ids = yb_store_declaration_create_many (f->store, NULL, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_assert_cmpuint (count_drafts (f->store), ==, 0);
  g_assert_cmpuint (f->changed, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store/bulk/many", Fixture, NULL, fixture_set_up, test_many, fixture_tear_down);
  g_test_add ("/store/bulk/all-or-nothing", Fixture, NULL, fixture_set_up, test_all_or_nothing,
              fixture_tear_down);
  g_test_add ("/store/bulk/empty", Fixture, NULL, fixture_set_up, test_empty,
              fixture_tear_down);
  return g_test_run ();
}
