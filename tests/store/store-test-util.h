/* store-test-util.h
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "yb-store.h"

/* A private temporary folder per test, removed at the end. */
typedef struct
{
  char *dir;
  char *path;
} TmpStore;

static inline void
tmp_store_init (TmpStore *tmp)
{
  g_autoptr (GError) error = NULL;

  tmp->dir = g_dir_make_tmp ("yb-store-XXXXXX", &error);
  g_assert_no_error (error);
  tmp->path = g_build_filename (tmp->dir, "unit.db", NULL);
}

static inline void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

static inline void
tmp_store_clear (TmpStore *tmp)
{
  remove_tree (tmp->dir);
  g_clear_pointer (&tmp->dir, g_free);
  g_clear_pointer (&tmp->path, g_free);
}

/* An 18-character ID number with a correct GB 11643 check digit. */
static inline char *
make_id_number (const char *region,
                const char *birth,
                guint       seq)
{
  static const int weights[] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char check[] = "10X98765432";
  char body[18];
  int sum = 0;

  g_snprintf (body, sizeof body, "%s%s%03u", region, birth, seq % 1000);
  for (int i = 0; i < 17; i++)
    sum += (body[i] - '0') * weights[i];
  return g_strdup_printf ("%s%c", body, check[sum % 11]);
}

static inline JsonObject *
make_person (const char *person_no,
             gint64      revision,
             const char *name,
             const char *id_number,
             const char *phone,
             const char *base)
{
  JsonObject *p = json_object_new ();

  json_object_set_string_member (p, "person_no", person_no);
  json_object_set_int_member (p, "revision", revision);
  json_object_set_string_member (p, "id_number", id_number);
  json_object_set_string_member (p, "name", name);
  json_object_set_string_member (p, "sex", "1");
  json_object_set_string_member (p, "birth_date", "1990-01-01");
  json_object_set_string_member (p, "status", "insured");
  json_object_set_string_member (p, "status_label", "参保缴费");
  json_object_set_string_member (p, "insured_from", "202301");
  json_object_set_null_member (p, "stop_month");
  json_object_set_string_member (p, "base", base);
  json_object_set_string_member (p, "employment_form", "01");
  json_object_set_string_member (p, "phone", phone);
  return p;
}

static const char *const test_surnames[] = { "张", "王", "李", "赵", "陈", "刘", "杨", "黄" };
static const char *const test_given[] = { "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军" };

/* A synthetic roster of @n people with distinct person numbers, ID numbers and phones. */
static inline JsonArray *
make_roster (guint  n,
             gint64 revision)
{
  JsonArray *people = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *person_no = g_strdup_printf ("P%08u", i);
      g_autofree char *birth = g_strdup_printf ("19%02u%02u%02u", 60 + i % 40, 1 + i % 12,
                                                1 + i % 28);
      g_autofree char *id = make_id_number ("330106", birth, i);
      g_autofree char *phone = g_strdup_printf ("139%08u", i);
      g_autofree char *name = g_strdup_printf ("%s%s%u", test_surnames[i % 8],
                                               test_given[(i / 8) % 9], i);

      json_array_add_object_element (people, make_person (person_no, revision + i, name, id,
                                                          phone, "8000.00"));
    }
  return people;
}
