/* test-printing.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 打印 page against the reference hall: per-person PDFs, several
 * certificates in one job, verification of a genuine and a forged code, and
 * printing from the cache with the hall gone.
 */
#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yb-printing-page.h"
#include "yb-roster-person.h"
#include "yb-test-hall.h"
#include "yb-test-ui.h"
#include "yb-workspace.h"
#include "../io/test-print-util.h"

#define HZ "33010010001"
#define UNIT_NAME "杭州示例科技有限公司"

static YbTestHall *hall;
static YbHallClient *client;

typedef struct
{
  char *dir;
  YbStore *store;
  YbWorkspace *workspace;
  GtkWindow *window;
  YbPrintingPage *page;
} Fixture;

static gboolean
page_busy (gpointer page)
{
  return yb_printing_page_get_busy (page);
}

static void
wait_idle (YbPrintingPage *page)
{
  yb_test_ui_wait_idle (page_busy, page);
}

/* Template children carry their template id as buildable id. */
static GtkWidget *
find_widget (GtkWidget  *root,
             const char *id)
{
  return yb_test_ui_find_widget (root, id);
}

/* A button naming a disabled action is insensitive. */
static gboolean
action_enabled (Fixture    *fx,
                const char *action)
{
  return yb_test_ui_action_enabled (GTK_WIDGET (fx->page), action);
}

static const char *
label_text (Fixture    *fx,
            const char *id)
{
  return yb_test_ui_label_text (GTK_WIDGET (fx->page), id);
}

static void
screenshot (Fixture    *fx,
            const char *name)
{
  yb_test_ui_screenshot (fx->window, GTK_WIDGET (fx->page), "printing", name);
}

static void
load_roster (YbStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) people = yb_test_ui_hall_roster (client, HZ, 200);

  g_assert_true (yb_store_roster_replace (store, people, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (yb_store_roster_count (store), >=, 2);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->dir = yb_test_ui_make_dir ("yb-printing-XXXXXX");
  fx->store = yb_test_ui_open_store (fx->dir);
  fx->workspace = yb_test_ui_workspace_new (fx->store, "hangzhou", client, HZ);
  yb_workspace_set_unit_name (fx->workspace, UNIT_NAME);
  load_roster (fx->store);

  fx->page = g_object_ref_sink (g_object_new (YB_TYPE_PRINTING_PAGE, NULL));
  fx->window = yb_test_ui_present (GTK_WIDGET (fx->page), fx->workspace);
  wait_idle (fx->page);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  yb_test_ui_tear_down (fx->window, page_busy, (gpointer *) &fx->page, &fx->workspace,
                        &fx->store, &fx->dir);
}

/* Selects the first @n people of the list; their names in @names. */
static void
select_people (Fixture    *fx,
               guint       n,
               GPtrArray  *names,
               GPtrArray  *ids)
{
  GtkSelectionModel *people = yb_printing_page_get_people (fx->page);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (people)), >=, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YbRosterPerson) person = g_list_model_get_item (G_LIST_MODEL (people), i);

      g_assert_true (gtk_selection_model_select_item (people, i, FALSE));
      g_ptr_array_add (names, g_strdup (yb_roster_person_get_name (person)));
      g_ptr_array_add (ids, g_strdup (yb_roster_person_get_id_number (person)));
    }
  wait_idle (fx->page);
}

static void
test_per_person_pdfs (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *folder = g_build_filename (fx->dir, "certificates", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (folder);

  yb_printing_page_set_kind (fx->page, YB_PRINTING_PERSON_CERTIFICATES);
  wait_idle (fx->page);
  /* Nobody selected yet: nothing to print. */
  g_assert_false (action_enabled (fx, "printing.save-pdf"));
  g_assert_false (action_enabled (fx, "printing.print"));

  select_people (fx, 2, names, ids);
  g_assert_true (action_enabled (fx, "printing.save-pdf"));
  g_assert_true (action_enabled (fx, "printing.print"));
  screenshot (fx, "person-certificates");

  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  yb_printing_page_save_pdf_to (fx->page, target);
  g_assert_true (yb_printing_page_get_busy (fx->page));
  wait_idle (fx->page);
  g_assert_cmpstr (label_text (fx, "as_of_label"), ==, "");

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      const char *id = g_ptr_array_index (ids, i);
      g_autofree char *file = g_strdup_printf ("%s-%s.pdf", name, id + strlen (id) - 4);
      g_autofree char *path = g_build_filename (folder, file, NULL);
      g_autofree char *text = NULL;
      g_autofree char *key = yb_printing_page_cache_key (HZ, NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      text = test_print_squeeze (test_print_pdf_text (path, 0));
      g_assert_nonnull (strstr (text, "个人参保证明"));
      g_assert_nonnull (strstr (text, name));
      for (guint other = 0; other < names->len; other++)
        if (other != i)
          g_assert_null (strstr (text, g_ptr_array_index (names, other)));
      if (i == 0)
        test_print_keep_png (path, "page-person-certificate");
    }
}

static void
test_one_job (Fixture       *fx,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_build_filename (fx->dir, "all.pdf", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  guint pages;

  yb_printing_page_set_kind (fx->page, YB_PRINTING_PERSON_CERTIFICATES);
  select_people (fx, 2, names, ids);
  yb_printing_page_save_pdf_to (fx->page, target);
  wait_idle (fx->page);

  /* One PDF through GtkPrintOperation's export, both certificates in it. */
  pages = test_print_pdf_pages (path);
  g_assert_cmpuint (pages, >=, 2);
  text = test_print_squeeze (test_print_pdf_text (path, 0));
  g_assert_nonnull (strstr (text, g_ptr_array_index (names, 0)));
  g_assert_nonnull (strstr (text, g_ptr_array_index (names, 1)));
  g_assert_cmpuint (test_print_count (text, "第1页/共"), ==, 2);
  test_print_keep_png (path, "page-one-job");
}

static char *
cached_code (Fixture    *fx,
             const char *person_no)
{
  g_autofree char *key = yb_printing_page_cache_key (HZ, person_no);
  g_autofree char *text = yb_store_meta_get (fx->store, key);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *certificate;

  g_assert_nonnull (text);
  g_assert_true (json_parser_load_from_data (parser, text, -1, NULL));
  certificate = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                               "certificate");
  return g_strdup (json_object_get_string_member (certificate, "verification_code"));
}

static void
test_verify (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "unit.pdf", NULL);
  g_autoptr(GFile) target = g_file_new_for_path (path);
  g_autofree char *code = NULL;
  g_autofree char *forged = NULL;
  GtkWidget *entry = NULL;
  GtkWidget *result = NULL;

  /* A genuine code: the one on a unit certificate just printed. */
  yb_printing_page_set_kind (fx->page, YB_PRINTING_UNIT_CERTIFICATE);
  yb_printing_page_save_pdf_to (fx->page, target);
  wait_idle (fx->page);
  code = cached_code (fx, NULL);

  yb_printing_page_set_kind (fx->page, YB_PRINTING_VERIFY);
  wait_idle (fx->page);
  entry = find_widget (GTK_WIDGET (fx->page), "code_entry");
  result = find_widget (GTK_WIDGET (fx->page), "verify_result");
  g_assert_false (action_enabled (fx, "printing.verify"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "K7QF-2M9X");
  wait_idle (fx->page);
  g_assert_false (action_enabled (fx, "printing.verify"));
  g_assert_cmpstr (label_text (fx, "code_error"), !=, "");

  /* Pasted in lower case, as a clerk might. */
  {
    g_autofree char *lower = g_ascii_strdown (code, -1);

    gtk_editable_set_text (GTK_EDITABLE (entry), lower);
  }
  wait_idle (fx->page);
  g_assert_cmpstr (label_text (fx, "code_error"), ==, "");
  g_assert_true (action_enabled (fx, "printing.verify"));
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "printing.verify", NULL);
  wait_idle (fx->page);
  g_assert_cmpstr (label_text (fx, "verify_result"), ==,
                   _("Genuine: the hall issued this certificate."));
  g_assert_true (gtk_widget_has_css_class (result, "success"));
  g_assert_nonnull (strstr (label_text (fx, "verify_details"), UNIT_NAME));
  g_assert_nonnull (strstr (label_text (fx, "verify_details"), code));
  screenshot (fx, "verify-genuine");

  /* A forged code: one character changed. */
  forged = g_strdup (code);
  forged[0] = forged[0] == 'A' ? 'B' : 'A';
  gtk_editable_set_text (GTK_EDITABLE (entry), forged);
  g_signal_emit_by_name (entry, "activate");
  wait_idle (fx->page);
  g_assert_cmpstr (label_text (fx, "verify_result"), ==,
                   _("Not genuine: the hall has no certificate with this code."));
  g_assert_true (gtk_widget_has_css_class (result, "error"));
  g_assert_false (gtk_widget_has_css_class (result, "success"));
  screenshot (fx, "verify-forged");
}

static void
test_offline_from_cache (Fixture       *fx,
                         gconstpointer  data)
{
  g_autofree char *online = g_build_filename (fx->dir, "online.pdf", NULL);
  g_autofree char *offline = g_build_filename (fx->dir, "offline.pdf", NULL);
  g_autoptr(GFile) online_file = g_file_new_for_path (online);
  g_autoptr(GFile) offline_file = g_file_new_for_path (offline);
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;
  const char *as_of;

  yb_printing_page_set_kind (fx->page, YB_PRINTING_UNIT_CERTIFICATE);
  yb_printing_page_save_pdf_to (fx->page, online_file);
  wait_idle (fx->page);
  g_assert_true (g_file_test (online, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpstr (label_text (fx, "as_of_label"), ==, "");
  code = cached_code (fx, NULL);

  /* The hall goes away; the certificate fetched before still prints. */
  g_clear_pointer (&hall, yb_test_hall_stop);
  yb_printing_page_save_pdf_to (fx->page, offline_file);
  wait_idle (fx->page);
  g_assert_true (g_file_test (offline, G_FILE_TEST_IS_REGULAR));
  as_of = label_text (fx, "as_of_label");
  g_assert_nonnull (strstr (as_of, "2026-03-16 10:30"));
  text = test_print_squeeze (test_print_pdf_text (offline, 0));
  g_assert_nonnull (strstr (text, "单位参保证明"));
  g_assert_nonnull (strstr (text, UNIT_NAME));
  g_assert_nonnull (strstr (text, code));
  screenshot (fx, "offline");

  /* Nobody's certificate was ever fetched: a clear message, no file. */
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *none = g_build_filename (fx->dir, "none.pdf", NULL);
    g_autoptr(GFile) none_file = g_file_new_for_path (none);

    yb_printing_page_set_kind (fx->page, YB_PRINTING_PERSON_CERTIFICATES);
    select_people (fx, 1, names, ids);
    yb_printing_page_save_pdf_to (fx->page, none_file);
    wait_idle (fx->page);
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
    g_assert_nonnull (strstr (label_text (fx, "hint_label"), g_ptr_array_index (names, 0)));
    g_assert_true (gtk_widget_has_css_class (find_widget (GTK_WIDGET (fx->page), "hint_label"),
                                             "error"));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  hall = yb_test_hall_start (FALSE, "--demo", NULL);
  client = yb_test_ui_log_in (hall);

  g_test_add ("/ui/printing/per-person-pdfs", Fixture, NULL, fixture_set_up, test_per_person_pdfs,
              fixture_tear_down);
  g_test_add ("/ui/printing/one-job", Fixture, NULL, fixture_set_up, test_one_job,
              fixture_tear_down);
  g_test_add ("/ui/printing/verify", Fixture, NULL, fixture_set_up, test_verify,
              fixture_tear_down);
  /* Last: it stops the hall. */
  g_test_add ("/ui/printing/offline-from-cache", Fixture, NULL, fixture_set_up,
              test_offline_from_cache, fixture_tear_down);
  status = g_test_run ();

  g_clear_object (&client);
  g_clear_pointer (&hall, yb_test_hall_stop);
  return status;
}
