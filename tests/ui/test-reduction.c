/* test-reduction.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>

#include "yb-id-number.h"
#include "yb-reduction-page.h"
#include "yb-roster-cell.h"
#include "yb-rules.h"
#include "yb-store-declaration.h"
#include "yb-sync-engine.h"
#include "yb-test-hall.h"
#include "yb-workspace.h"

/* Widget tests of the reduction section: the real page from its template on a temporary
 * store holding 2,000 generated people plus a few known ones. */

#define N_GENERATED 2000

typedef struct
{
  char *dir;
  YbStore *store;
  YbRegionProfile *profile;
  YbWorkspace *workspace;
  YbReductionPage *page;
  GtkWindow *window;
  char *zhang_id;
} Fixture;

static char *
make_id (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, yb_id_number_compute_check (first17));
}

static JsonObject *
person (const char *person_no,
        const char *id_number,
        const char *name,
        const char *phone,
        const char *status,
        const char *insured_from)
{
  JsonObject *p = json_object_new ();
  g_autofree char *birth = g_strdup_printf ("%.4s-%.2s-%.2s", id_number + 6, id_number + 10,
                                            id_number + 12);

  json_object_set_string_member (p, "person_no", person_no);
  json_object_set_int_member (p, "revision", 1);
  json_object_set_string_member (p, "id_type", "01");
  json_object_set_string_member (p, "id_number", id_number);
  json_object_set_string_member (p, "name", name);
  json_object_set_string_member (p, "sex", (id_number[16] - '0') % 2 ? "1" : "2");
  json_object_set_string_member (p, "birth_date", birth);
  json_object_set_string_member (p, "phone", phone);
  json_object_set_string_member (p, "status", status);
  json_object_set_string_member (p, "insured_from", insured_from);
  json_object_set_string_member (p, "start_month", insured_from);
  json_object_set_string_member (p, "employment_form", "01");
  json_object_set_string_member (p, "hukou_type", "1");
  json_object_set_string_member (p, "ethnicity", "01");
  json_object_set_string_member (p, "work_start_date", "2012-07-01");
  json_object_set_string_member (p, "base", "8000.00");
  json_object_set_string_member (p, "wage", "8000.00");
  return p;
}

static void
fill_roster (Fixture *fx)
{
  static const char *const surnames[] = { "王", "陈", "刘", "杨", "黄", "周", "吴", "徐" };
  static const char *const given[] = { "明", "华", "强", "芳", "军", "敏", "静", "磊", "洋" };
  g_autoptr (JsonArray) people = json_array_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *li_id = make_id ("33010619920315222");
  g_autofree char *zhao_id = make_id ("33010619850707333");
  YbRosterDeltaStats stats;

  for (guint i = 0; i < N_GENERATED; i++)
    {
      g_autofree char *first17 = g_strdup_printf ("330106198%01u%02u%02u%03u", i % 10,
                                                  1 + i % 12, 1 + i % 28, i % 1000);
      g_autofree char *id = make_id (first17);
      g_autofree char *no = g_strdup_printf ("P%08u", 10000 + i);
      g_autofree char *name = g_strdup_printf ("%s%s%s", surnames[i % G_N_ELEMENTS (surnames)],
                                               given[i % G_N_ELEMENTS (given)],
                                               given[(i / 9) % G_N_ELEMENTS (given)]);
      g_autofree char *phone = g_strdup_printf ("138%08u", i);
      g_autofree char *from = g_strdup_printf ("20%02u%02u", 10 + i % 10, 1 + i % 12);

      json_array_add_object_element (people, person (no, id, name, phone, "insured", from));
    }
  fx->zhang_id = make_id ("33010619900101123");
  json_array_add_object_element (people, person ("P00000001", fx->zhang_id, "张伟",
                                                 "13900000001", "insured", "202001"));
  json_array_add_object_element (people, person ("P00000002", li_id, "李娜", "13900000002",
                                                 "insured", "201905"));
  json_array_add_object_element (people, person ("P00000003", zhao_id, "赵四", "13700000003",
                                                 "stopped", "201801"));
  yb_store_roster_apply_delta (fx->store, people, &stats, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats.inserted, ==, N_GENERATED + 3);
}

static void show_page (Fixture *fx);

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  const char *region = data ? data : "zhoushan";
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (GDateTime) now = g_date_time_new (tz, 2020, 8, 15, 10, 0, 0);

  fx->dir = g_dir_make_tmp ("yb-reduction-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fx->dir, "unit.db", NULL);
  fx->store = yb_store_open (path, &error);
  g_assert_no_error (error);
  fill_roster (fx);
  fx->profile = yb_region_profile_load_builtin (region, &error);
  g_assert_no_error (error);
  fx->workspace = yb_workspace_new (fx->store, fx->profile, NULL, "33090012345");
  yb_workspace_set_fixed_now (fx->workspace, now);
  yb_workspace_set_agent_name (fx->workspace, "钱经办");
  yb_workspace_set_agent_phone (fx->workspace, "13800138000");

  fx->page = g_object_ref_sink (g_object_new (YB_TYPE_REDUCTION_PAGE, NULL));
  yb_section_page_set_workspace (YB_SECTION_PAGE (fx->page), G_OBJECT (fx->workspace));
  /* Buttons follow their actions' enabled state once the page is in a window. */
  show_page (fx);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fx->dir, "unit.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  if (fx->window != NULL)
    gtk_window_destroy (fx->window);
  g_clear_object (&fx->page);
  g_clear_object (&fx->workspace);
  g_clear_object (&fx->profile);
  g_clear_object (&fx->store);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (fx->dir);
  g_free (fx->dir);
  g_free (fx->zhang_id);
}

static gpointer
child (Fixture    *fx,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fx->page),
                                                   YB_TYPE_REDUCTION_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static YbRosterView *
view (Fixture *fx)
{
  return yb_reduction_page_get_roster_view (fx->page);
}

static void
run_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Types into the search entry and waits for the debounced search to swap the list in. */
static void
search (Fixture    *fx,
        const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  g_autofree char *wanted = g_strstrip (g_strdup (text));

  gtk_editable_set_text (GTK_EDITABLE (child (fx, "search_entry")), text);
  while (g_strcmp0 (yb_roster_view_get_query (view (fx)), wanted) != 0
         && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (yb_roster_view_get_query (view (fx)), ==, wanted);
  run_until_idle ();
}

static YbRosterPerson *
item (Fixture *fx,
      guint    position)
{
  GListModel *model = yb_roster_view_get_model (view (fx));
  YbRosterPerson *p = g_list_model_get_item (model, position);

  g_assert_nonnull (p);
  g_object_unref (p); /* the model keeps its page of rows */
  return p;
}

static gboolean
sensitive (Fixture    *fx,
           const char *button)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (child (fx, button)));
}

static guint
count_in_state (Fixture           *fx,
                YbDeclarationState state)
{
  return yb_store_declaration_count (fx->store, YB_DECLARATION_MASK (state));
}

static const char *
label_text (Fixture    *fx,
            const char *name)
{
  return gtk_label_get_label (GTK_LABEL (child (fx, name)));
}

static gboolean
label_shown (Fixture    *fx,
             const char *name)
{
  return gtk_widget_get_visible (GTK_WIDGET (child (fx, name)));
}

/* The clerk tabs away from @name: focus goes to it, then to the search entry. */
static void
leave_field (Fixture    *fx,
             const char *name)
{
  gtk_widget_grab_focus (GTK_WIDGET (child (fx, name)));
  run_until_idle ();
  gtk_widget_grab_focus (GTK_WIDGET (child (fx, "search_entry")));
  run_until_idle ();
}

static gboolean
in_english (void)
{
  return g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "en", "en");
}

static void
test_search_narrows (Fixture       *fx,
                     gconstpointer  data)
{
  g_autofree char *id_prefix = g_strndup (fx->zhang_id, 10);

  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, N_GENERATED + 3);

  search (fx, "张");
  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, 1);
  g_assert_cmpstr (yb_roster_person_get_name (item (fx, 0)), ==, "张伟");
  g_assert_nonnull (strstr (label_text (fx, "count_label"), "1"));
  if (in_english ())
    g_assert_cmpstr (label_text (fx, "count_label"), ==, "1 match");

  search (fx, id_prefix);
  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, 1);
  g_assert_cmpstr (yb_roster_person_get_name (item (fx, 0)), ==, "张伟");

  search (fx, "13900000002");
  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, 1);
  g_assert_cmpstr (yb_roster_person_get_name (item (fx, 0)), ==, "李娜");

  /* A generated surname: 2,000 / 8 people share it. */
  search (fx, "王");
  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, N_GENERATED / 8);

  search (fx, "");
  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, N_GENERATED + 3);
  if (in_english ())
    g_assert_cmpstr (label_text (fx, "count_label"), ==, "2003 people");
}

static void
collect_cells (GtkWidget  *widget,
               const char *column,
               GPtrArray  *out)
{
  if (YB_IS_ROSTER_CELL (widget)
      && g_strcmp0 (yb_roster_cell_get_column (YB_ROSTER_CELL (widget)), column) == 0)
    g_ptr_array_add (out, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    collect_cells (c, column, out);
}

static void
show_page (Fixture *fx)
{
  if (fx->window != NULL)
    return;
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 1100, 760);
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->page));
  gtk_window_present (fx->window);
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  run_until_idle ();
}

static const char *
first_cell_text (Fixture    *fx,
                 const char *column)
{
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();

  for (guint i = 0; i < 100 && cells->len == 0; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
      collect_cells (GTK_WIDGET (fx->page), column, cells);
    }
  /* Recycled rows may be unbound; take a bound one. */
  for (guint i = 0; i < cells->len; i++)
    if (yb_roster_cell_get_person (g_ptr_array_index (cells, i)) != NULL)
      return yb_roster_cell_get_text (g_ptr_array_index (cells, i));
  g_assert_not_reached ();
  return NULL;
}

static void
maybe_screenshot (Fixture    *fx,
                  const char *name)
{
  const char *dir = g_getenv ("YIBAO_SCREENSHOT_DIR");
  GtkWidget *widget = GTK_WIDGET (fx->window);
  g_autoptr (GtkSnapshot) snapshot = NULL;
  g_autoptr (GdkPaintable) paintable = NULL;
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  graphene_rect_t bounds;

  if (dir == NULL || fx->window == NULL)
    return;
  for (guint i = 0; i < 200 && (gtk_widget_get_width (GTK_WIDGET (fx->page)) == 0
                                || gtk_widget_get_mapped (GTK_WIDGET (fx->page)) == FALSE
                                || i < 50); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget),
                          gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  gsk_render_node_get_bounds (node, &bounds);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &bounds);
  file = g_strdup_printf ("%s/reduction-%s-%s.png", dir, name,
                          in_english () ? "en" : "zh_CN");
  gdk_texture_save_to_png (texture, file);
}

static void
test_privacy_masks_ids (Fixture       *fx,
                        gconstpointer  data)
{
  g_autofree char *masked = yb_id_number_mask (fx->zhang_id);

  search (fx, "张伟");
  g_assert_cmpstr (first_cell_text (fx, "id-number"), ==, fx->zhang_id);
  g_assert_cmpstr (first_cell_text (fx, "name"), ==, "张伟");

  yb_workspace_set_privacy_mode (fx->workspace, TRUE);
  run_until_idle ();
  g_assert_cmpstr (first_cell_text (fx, "id-number"), ==, masked);
  g_assert_cmpstr (first_cell_text (fx, "id-number"), !=, fx->zhang_id);

  yb_workspace_set_privacy_mode (fx->workspace, FALSE);
  run_until_idle ();
  g_assert_cmpstr (first_cell_text (fx, "id-number"), ==, fx->zhang_id);
}

static void
test_submit_two (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr (GListModel) queued = NULL;
  GtkSelectionModel *selection;

  g_assert_false (sensitive (fx, "submit_button"));
  g_assert_false (sensitive (fx, "save_button"));

  /* Both known people share a phone prefix; the trigram index finds it. */
  search (fx, "1390000000");
  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, 2);
  selection = yb_roster_view_get_selection (view (fx));
  gtk_selection_model_select_all (selection);
  run_until_idle ();
  g_assert_cmpuint (yb_roster_view_get_n_selected (view (fx)), ==, 2);

  /* 舟山 needs no reason; choose one anyway: 22 辞职或解除劳动合同. */
  gtk_drop_down_set_selected (child (fx, "reason_dropdown"), 2);
  run_until_idle ();
  g_assert_true (sensitive (fx, "submit_button"));
  g_assert_false (label_shown (fx, "people_error"));

  maybe_screenshot (fx, "selected");

  gtk_widget_activate_action (GTK_WIDGET (fx->page), "reduction.submit", NULL);
  run_until_idle ();

  g_assert_cmpuint (count_in_state (fx, YB_DECLARATION_QUEUED), ==, 2);
  g_assert_cmpuint (yb_roster_view_get_n_selected (view (fx)), ==, 0);
  g_assert_false (sensitive (fx, "submit_button"));

  queued = yb_store_declaration_list (fx->store, YB_DECLARATION_MASK (YB_DECLARATION_QUEUED));
  for (guint i = 0; i < g_list_model_get_n_items (queued); i++)
    {
      g_autoptr (YbStoreDeclaration) decl = g_list_model_get_item (queued, i);
      g_autoptr (JsonNode) node = json_from_string (yb_store_declaration_get_fields (decl),
                                                    NULL);
      JsonObject *fields = json_node_get_object (node);
      const char *name = json_object_get_string_member (fields, "name");

      g_assert_cmpstr (yb_store_declaration_get_kind (decl), ==, "reduce");
      g_assert_true (g_str_equal (name, "张伟") || g_str_equal (name, "李娜"));
      g_assert_cmpstr (json_object_get_string_member (fields, "reason"), ==, "22");
      g_assert_cmpstr (json_object_get_string_member (fields, "stop_month"), ==, "202008");
      g_assert_cmpstr (json_object_get_string_member (fields, "wage"), ==, "8000.00");
      g_assert_cmpstr (json_object_get_string_member (fields, "agent_name"), ==, "钱经办");
      g_assert_cmpstr (json_object_get_string_member (fields, "ethnicity"), ==, "01");
      g_assert_nonnull (yb_store_declaration_get_idempotency_key (decl));
    }
}

static void
test_last_paid_sentence (Fixture       *fx,
                         gconstpointer  data)
{
  gboolean ningbo = g_strcmp0 (data, "ningbo") == 0;
  g_autofree char *expected = yb_rules_describe_last_paid (fx->profile, yb_month_new (2020, 8));

  search (fx, "张伟");
  gtk_selection_model_select_item (yb_roster_view_get_selection (view (fx)), 0, TRUE);
  run_until_idle ();

  g_assert_true (label_shown (fx, "last_paid_label"));
  g_assert_cmpstr (label_text (fx, "last_paid_label"), ==, expected);
  /* 舟山: 202008 is the first unpaid month; 宁波: the last paid one (BR-24, BR-26). */
  g_assert_cmpint (yb_rules_last_paid_month (fx->profile, yb_month_new (2020, 8)), ==,
                   yb_month_new (2020, ningbo ? 8 : 7));
  if (in_english ())
    g_assert_cmpstr (label_text (fx, "last_paid_label"), ==,
                     ningbo ? "Last paid month: 2020-08" : "Last paid month: 2020-07");

  /* The wage is prefilled from the roster for one person. */
  g_assert_cmpstr (gtk_editable_get_text (child (fx, "wage_entry")), ==, "8000.00");
}

static void
test_not_insured_blocked (Fixture       *fx,
                          gconstpointer  data)
{
  search (fx, "赵四");
  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, 1);
  gtk_selection_model_select_item (yb_roster_view_get_selection (view (fx)), 0, TRUE);
  run_until_idle ();

  g_assert_true (label_shown (fx, "people_error"));
  g_assert_nonnull (strstr (label_text (fx, "people_error"), "赵四"));
  g_assert_false (sensitive (fx, "submit_button"));
  g_assert_false (sensitive (fx, "save_button"));

  gtk_widget_activate_action (GTK_WIDGET (fx->page), "reduction.submit", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "reduction.save", NULL);
  run_until_idle ();
  g_assert_cmpuint (yb_store_declaration_count (fx->store, 0xff), ==, 0);
}

static void
test_wrong_wage_inline (Fixture       *fx,
                        gconstpointer  data)
{
  search (fx, "张伟");
  gtk_selection_model_select_item (yb_roster_view_get_selection (view (fx)), 0, TRUE);
  run_until_idle ();
  g_assert_true (sensitive (fx, "submit_button"));

  gtk_editable_set_text (child (fx, "wage_entry"), "abc");
  run_until_idle ();
  /* Not while the clerk is still typing; the submit waits all the same. */
  g_assert_false (label_shown (fx, "wage_error"));
  g_assert_false (sensitive (fx, "submit_button"));
  leave_field (fx, "wage_entry");
  g_assert_true (label_shown (fx, "wage_error"));
  g_assert_false (sensitive (fx, "submit_button"));

  gtk_editable_set_text (child (fx, "wage_entry"), "9000");
  run_until_idle ();
  g_assert_false (label_shown (fx, "wage_error"));
  g_assert_true (sensitive (fx, "submit_button"));

  gtk_widget_activate_action (GTK_WIDGET (fx->page), "reduction.save", NULL);
  run_until_idle ();
  g_assert_cmpuint (count_in_state (fx, YB_DECLARATION_DRAFT), ==, 1);
}

static void
test_sorting (Fixture       *fx,
              gconstpointer  data)
{
  g_autofree char *first_asc = NULL;
  gboolean descending;

  g_assert_cmpint (yb_roster_view_get_sort (view (fx), NULL), ==, YB_ROSTER_SORT_NAME);

  yb_roster_view_sort_by (view (fx), YB_ROSTER_SORT_PERSON_NO, FALSE);
  run_until_idle ();
  g_assert_cmpint (yb_roster_view_get_sort (view (fx), &descending), ==,
                   YB_ROSTER_SORT_PERSON_NO);
  g_assert_false (descending);
  first_asc = g_strdup (yb_roster_person_get_person_no (item (fx, 0)));
  g_assert_cmpstr (first_asc, ==, "P00000001");
  g_assert_cmpstr (yb_roster_person_get_person_no (item (fx, 1)), ==, "P00000002");

  yb_roster_view_sort_by (view (fx), YB_ROSTER_SORT_PERSON_NO, TRUE);
  run_until_idle ();
  yb_roster_view_get_sort (view (fx), &descending);
  g_assert_true (descending);
  g_assert_cmpstr (yb_roster_person_get_person_no (item (fx, 0)), ==, "P00011999");
  g_assert_cmpstr (yb_roster_person_get_person_no (item (fx, N_GENERATED + 2)), ==, first_asc);

  /* Insured-from order: the earliest generated month is 2010-01. */
  yb_roster_view_sort_by (view (fx), YB_ROSTER_SORT_INSURED_FROM, FALSE);
  run_until_idle ();
  g_assert_cmpint (yb_roster_view_get_sort (view (fx), NULL), ==,
                   YB_ROSTER_SORT_INSURED_FROM);
  g_assert_cmpstr (yb_roster_person_get_insured_from (item (fx, 0)), <=,
                   yb_roster_person_get_insured_from (item (fx, 1)));
  g_assert_cmpstr (yb_roster_person_get_insured_from (item (fx, 0)), ==, "201001");
}

static void
test_edit_rejected_copy (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbStoreDeclaration) after = NULL;
  g_autofree char *fields = g_strdup_printf ("{\"person_no\": \"P00000001\", \"id_number\": "
                                             "\"%s\", \"name\": \"张伟\", \"reason\": \"22\", "
                                             "\"stop_month\": \"202008\", \"wage\": \"7000\"}",
                                             fx->zhang_id);
  g_autofree char *key = NULL;
  gint64 id, copy;

  id = yb_store_declaration_create (fx->store, "reduce", fields, &error);
  g_assert_no_error (error);
  key = yb_store_declaration_queue (fx->store, id, &error);
  g_assert_no_error (error);
  yb_store_declaration_mark_sending (fx->store, id, &error);
  g_assert_no_error (error);
  yb_store_declaration_record_rejected (fx->store, id, "材料不全",
                                        "[{\"field\": \"wage\", \"code\": \"WAGE_INVALID\", "
                                        "\"message\": \"申报工资与实际不符\"}]",
                                        &error);
  g_assert_no_error (error);
  copy = yb_store_declaration_copy_to_draft (fx->store, id, &error);
  g_assert_no_error (error);

  /* Only drafts open. */
  g_assert_false (yb_reduction_page_edit_draft (fx->page, id));
  g_assert_true (yb_reduction_page_edit_draft (fx->page, copy));
  run_until_idle ();

  g_assert_cmpint (yb_reduction_page_get_draft_id (fx->page), ==, copy);
  g_assert_true (label_shown (fx, "hall_feedback_label"));
  g_assert_nonnull (strstr (label_text (fx, "hall_feedback_label"), "申报工资与实际不符"));
  g_assert_nonnull (strstr (label_text (fx, "hall_feedback_label"), "材料不全"));
  g_assert_cmpstr (gtk_editable_get_text (child (fx, "wage_entry")), ==, "7000");
  g_assert_cmpuint (gtk_drop_down_get_selected (child (fx, "reason_dropdown")), ==, 2);

  gtk_editable_set_text (child (fx, "wage_entry"), "7500");
  run_until_idle ();
  g_assert_true (sensitive (fx, "submit_button"));
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "reduction.submit", NULL);
  run_until_idle ();

  after = yb_store_declaration_get (fx->store, copy, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yb_store_declaration_get_state (after), ==, YB_DECLARATION_QUEUED);
  g_assert_nonnull (strstr (yb_store_declaration_get_fields (after), "\"7500\""));
  g_assert_cmpint (yb_reduction_page_get_draft_id (fx->page), ==, 0);
}

/* 杭州 asks 申报工资 (BR-27). Left empty, each person's draft takes that person's wage from
 * the roster; a person the roster has no wage for is named under the field. */
static void
test_roster_wages (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr (JsonArray) people = json_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) drafts = NULL;
  g_autofree char *sun_id = make_id ("33010619880808441");
  g_autofree char *zhou_id = make_id ("33010619870606551");
  g_autofree char *wu_id = make_id ("33010619860505661");
  JsonObject *sun = person ("P00000011", sun_id, "孙丽", "13600000011", "insured", "201601");
  JsonObject *zhou = person ("P00000012", zhou_id, "周杰", "13600000012", "insured", "201702");
  JsonObject *wu = person ("P00000013", wu_id, "吴昊", "13600000013", "insured", "201803");
  YbRosterDeltaStats stats;
  const char *wage_error;
  guint seen = 0;

  json_object_set_string_member (sun, "wage", "6500.00");
  json_object_set_string_member (zhou, "wage", "9100.00");
  /* Like the hall's roster list, which carries no wage. */
  json_object_remove_member (wu, "wage");
  json_array_add_object_element (people, sun);
  json_array_add_object_element (people, zhou);
  json_array_add_object_element (people, wu);
  yb_store_roster_apply_delta (fx->store, people, &stats, &error);
  g_assert_no_error (error);

  search (fx, "1360000001");
  g_assert_cmpuint (yb_roster_view_get_n_items (view (fx)), ==, 3);
  gtk_selection_model_select_all (yb_roster_view_get_selection (view (fx)));
  run_until_idle ();
  gtk_drop_down_set_selected (child (fx, "reason_dropdown"), 2);
  run_until_idle ();

  /* The field stays empty and its placeholder says what empty means. */
  g_assert_cmpstr (gtk_editable_get_text (child (fx, "wage_entry")), ==, "");
  g_assert_cmpstr (gtk_entry_get_placeholder_text (child (fx, "wage_entry")), !=, NULL);

  /* Nothing under the wage before the clerk has been to it; the submit waits all the same. */
  g_assert_false (label_shown (fx, "wage_error"));
  g_assert_false (sensitive (fx, "submit_button"));
  leave_field (fx, "wage_entry");

  /* Only 吴昊 lacks a wage, and the text under the field names him, not the others. */
  g_assert_true (label_shown (fx, "wage_error"));
  wage_error = label_text (fx, "wage_error");
  g_assert_nonnull (strstr (wage_error, "吴昊"));
  g_assert_null (strstr (wage_error, "孙丽"));
  g_assert_null (strstr (wage_error, "周杰"));
  if (in_english ())
    g_assert_null (strstr (wage_error, "Please fill in"));
  g_assert_false (label_shown (fx, "people_error"));
  g_assert_false (sensitive (fx, "submit_button"));
  g_assert_true (sensitive (fx, "save_button"));
  maybe_screenshot (fx, "roster-wages");

  gtk_widget_activate_action (GTK_WIDGET (fx->page), "reduction.submit", NULL);
  run_until_idle ();
  g_assert_cmpuint (count_in_state (fx, YB_DECLARATION_QUEUED), ==, 0);

  /* Saved drafts agree with what the form said. */
  gtk_widget_activate_action (GTK_WIDGET (fx->page), "reduction.save", NULL);
  run_until_idle ();
  drafts = yb_store_declaration_list (fx->store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr (YbStoreDeclaration) decl = g_list_model_get_item (drafts, i);
      g_autoptr (JsonNode) node = json_from_string (yb_store_declaration_get_fields (decl),
                                                    NULL);
      JsonObject *fields = json_node_get_object (node);
      const char *name = json_object_get_string_member (fields, "name");
      const char *wage = json_object_get_string_member_with_default (fields, "wage", NULL);
      const char *findings = yb_store_declaration_get_findings (decl);

      if (g_str_equal (name, "孙丽"))
        g_assert_cmpstr (wage, ==, "6500.00");
      else if (g_str_equal (name, "周杰"))
        g_assert_cmpstr (wage, ==, "9100.00");
      else
        {
          g_assert_cmpstr (name, ==, "吴昊");
          g_assert_null (wage);
          g_assert_nonnull (strstr (findings, "WAGE_NOT_IN_ROSTER"));
          g_assert_nonnull (strstr (findings, "吴昊"));
        }
      if (!g_str_equal (name, "吴昊"))
        g_assert_null (strstr (findings != NULL ? findings : "", "\"wage\""));
      seen++;
    }
  g_assert_cmpuint (seen, ==, 3);

  /* 吴昊 alone: nothing to prefill; a typed wage clears the message and allows submitting. */
  search (fx, "吴昊");
  gtk_selection_model_select_item (yb_roster_view_get_selection (view (fx)), 0, TRUE);
  gtk_drop_down_set_selected (child (fx, "reason_dropdown"), 2);
  run_until_idle ();
  g_assert_cmpstr (gtk_editable_get_text (child (fx, "wage_entry")), ==, "");
  /* After a save the form starts afresh: quiet until the clerk leaves the wage. */
  g_assert_false (label_shown (fx, "wage_error"));
  leave_field (fx, "wage_entry");
  g_assert_nonnull (strstr (label_text (fx, "wage_error"), "吴昊"));
  g_assert_false (sensitive (fx, "submit_button"));
  gtk_editable_set_text (child (fx, "wage_entry"), "7000");
  run_until_idle ();
  g_assert_false (label_shown (fx, "wage_error"));
  g_assert_true (sensitive (fx, "submit_button"));
}

static void
collect_type (GtkWidget *widget,
              GType      type,
              GPtrArray *out)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (c, type))
        g_ptr_array_add (out, c);
      collect_type (c, type, out);
    }
}

/* Every button of the form says what it does to a screen reader; menu buttons need an
 * accessible label of their own in GTK 4.8. GTK's inner parts (a drop-down's button, the
 * roster's column headers) are GTK's. */
static void
test_buttons_named (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr (GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr (GPtrArray) menu_buttons = g_ptr_array_new ();
  guint checked = 0;

  collect_type (GTK_WIDGET (fx->page), GTK_TYPE_BUTTON, buttons);
  collect_type (GTK_WIDGET (fx->page), GTK_TYPE_MENU_BUTTON, menu_buttons);
  g_assert_cmpuint (menu_buttons->len, >=, 1);
  for (guint i = 0; i < menu_buttons->len; i++)
    {
      if (!gtk_test_accessible_has_property (menu_buttons->pdata[i],
                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("A menu button (tooltip “%s”) has no accessible label",
                 gtk_widget_get_tooltip_text (menu_buttons->pdata[i]));
      checked++;
    }
  for (guint i = 0; i < buttons->len; i++)
    {
      GtkWidget *button = buttons->pdata[i];
      const char *label = gtk_button_get_label (GTK_BUTTON (button));

      if (!gtk_widget_get_visible (button)
          || gtk_widget_get_ancestor (button, GTK_TYPE_MENU_BUTTON) != NULL
          || gtk_widget_get_ancestor (button, GTK_TYPE_DROP_DOWN) != NULL
          || gtk_widget_get_ancestor (button, GTK_TYPE_COLUMN_VIEW) != NULL)
        continue;
      if ((label == NULL || *label == '\0')
          && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("A %s (action %s, tooltip “%s”) has neither a label nor an accessible label",
                 G_OBJECT_TYPE_NAME (button),
                 gtk_actionable_get_action_name (GTK_ACTIONABLE (button)),
                 gtk_widget_get_tooltip_text (button));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 3);
}

/* The idempotency keys of the reductions the hall holds for @unit_no. */
static GPtrArray *
hall_reduction_keys (YbHallClient *client,
                     const char   *unit_no)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (YbHallPage) page = NULL;
  GAsyncResult *result = NULL;
  g_autoptr (GAsyncResult) done = NULL;
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  yb_hall_client_list_declarations_async (client, unit_no, NULL, "reduce", NULL, NULL, NULL, 50,
                                          NULL, yb_test_store_result, &result);
  done = yb_test_await (&result);
  page = yb_hall_client_list_declarations_finish (client, done, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (page->items); i++)
    g_ptr_array_add (keys, g_strdup (json_object_get_string_member_with_default (
                                       json_array_get_object_element (page->items, i),
                                       "idempotency_key", "")));
  return keys;
}

/* Submitting asks the workspace's sync engine to send at once: the engine here is never
 * started, so no periodic pass could send it instead. */
static void
test_submit_sends_now (void)
{
  g_autoptr (YbTestHall) hall = yb_test_hall_start (FALSE, "--demo", "--test-control", NULL);
  g_autoptr (JsonObject) control = NULL;
  g_autoptr (YbHallClient) client = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GAsyncResult) done = NULL;
  g_autoptr (JsonArray) units = NULL;
  g_autoptr (YbSyncEngine) engine = NULL;
  g_autoptr (GPtrArray) before = NULL;
  g_autoptr (GListModel) queued = NULL;
  g_autoptr (YbStoreDeclaration) decl = NULL;
  g_autoptr (GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr (GDateTime) now = g_date_time_new (tz, 2026, 3, 10, 9, 30, 0);
  g_autofree char *key = NULL;
  GAsyncResult *result = NULL;
  const char *unit_no = NULL;
  gboolean at_hall = FALSE;
  gint64 deadline;
  guint position = G_MAXUINT;
  guint n_before;
  g_autoptr (GHashTable) old_ids = g_hash_table_new (NULL, NULL);
  Fixture fx = { 0 };

  control = yb_test_hall_control (hall, "{\"clock\": \"2026-03-10T09:30:00+08:00\", "
                                  "\"window\": \"open\", \"audit_delay\": 3600}");
  client = yb_hall_client_new (hall->base_url, NULL, &error);
  g_assert_no_error (error);
  yb_hall_client_login_password_async (client, "demo", "demo12345", NULL, yb_test_store_result,
                                       &result);
  done = yb_test_await (&result);
  g_assert_true (yb_hall_client_login_password_finish (client, done, &error));
  g_clear_object (&done);
  yb_hall_client_list_units_async (client, NULL, yb_test_store_result, &result);
  done = yb_test_await (&result);
  units = yb_hall_client_list_units_finish (client, done, &error);
  g_assert_no_error (error);
  g_clear_object (&done);
  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *unit = json_array_get_object_element (units, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (unit, "region", ""),
                     "hangzhou") == 0)
        unit_no = json_object_get_string_member (unit, "unit_no");
    }
  g_assert_nonnull (unit_no);

  fx.dir = g_dir_make_tmp ("yb-reduction-hall-XXXXXX", &error);
  g_assert_no_error (error);
  {
    g_autofree char *path = g_build_filename (fx.dir, "unit.db", NULL);

    fx.store = yb_store_open (path, &error);
    g_assert_no_error (error);
  }
  fx.profile = yb_region_profile_load_builtin ("hangzhou", &error);
  g_assert_no_error (error);

  /* One pass to fetch the roster, as after login. */
  engine = yb_sync_engine_new (client, fx.store, unit_no, fx.profile);
  yb_sync_engine_sync_now_async (engine, NULL, yb_test_store_result, &result);
  done = yb_test_await (&result);
  g_assert_true (yb_sync_engine_sync_now_finish (engine, done, &error));
  g_assert_no_error (error);
  g_clear_object (&done);
  g_assert_false (yb_sync_engine_get_running (engine));
  before = hall_reduction_keys (client, unit_no);

  fx.workspace = yb_workspace_new (fx.store, fx.profile, client, unit_no);
  yb_workspace_set_fixed_now (fx.workspace, now);
  yb_workspace_set_agent_name (fx.workspace, "钱经办");
  yb_workspace_set_agent_phone (fx.workspace, "13800138000");
  yb_workspace_set_sync_engine (fx.workspace, G_OBJECT (engine));
  fx.page = g_object_ref_sink (g_object_new (YB_TYPE_REDUCTION_PAGE, NULL));
  yb_section_page_set_workspace (YB_SECTION_PAGE (fx.page), G_OBJECT (fx.workspace));
  show_page (&fx);

  g_assert_cmpuint (yb_roster_view_get_n_items (view (&fx)), >, 0);
  for (guint i = 0; i < yb_roster_view_get_n_items (view (&fx)) && position == G_MAXUINT; i++)
    if (g_strcmp0 (yb_roster_person_get_status (item (&fx, i)), "insured") == 0)
      position = i;
  g_assert_cmpuint (position, !=, G_MAXUINT);
  gtk_selection_model_select_item (yb_roster_view_get_selection (view (&fx)), position, TRUE);
  run_until_idle ();
  gtk_drop_down_set_selected (child (&fx, "reason_dropdown"), 2);
  gtk_editable_set_text (child (&fx, "wage_entry"), "6000");
  run_until_idle ();
  g_assert_true (sensitive (&fx, "submit_button"));

  n_before = yb_store_declaration_count (fx.store, ~0u);
  {
    g_autoptr (GListModel) all = yb_store_declaration_list (fx.store, ~0u);

    for (guint i = 0; i < g_list_model_get_n_items (all); i++)
      {
        g_autoptr (YbStoreDeclaration) earlier = g_list_model_get_item (all, i);

        g_hash_table_add (old_ids, GINT_TO_POINTER (yb_store_declaration_get_id (earlier)));
      }
  }
  gtk_widget_activate_action (GTK_WIDGET (fx.page), "reduction.submit", NULL);
  run_until_idle ();
  /* The pass fetched the hall's earlier declarations too: find the new one. */
  queued = yb_store_declaration_list (fx.store, ~0u);
  g_assert_cmpuint (g_list_model_get_n_items (queued), ==, n_before + 1);
  for (guint i = 0; i < g_list_model_get_n_items (queued) && decl == NULL; i++)
    {
      g_autoptr (YbStoreDeclaration) candidate = g_list_model_get_item (queued, i);

      if (!g_hash_table_contains (old_ids,
                                  GINT_TO_POINTER (yb_store_declaration_get_id (candidate))))
        decl = g_steal_pointer (&candidate);
    }
  g_assert_nonnull (decl);
  g_assert_cmpstr (yb_store_declaration_get_kind (decl), ==, "reduce");
  key = g_strdup (yb_store_declaration_get_idempotency_key (decl));
  g_assert_nonnull (key);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!at_hall && g_get_monotonic_time () < deadline)
    {
      g_autoptr (GPtrArray) keys = NULL;

      yb_test_sleep (200);
      keys = hall_reduction_keys (client, unit_no);
      for (guint i = 0; i < keys->len; i++)
        at_hall = at_hall || g_str_equal (g_ptr_array_index (keys, i), key);
    }
  g_assert_true (at_hall);
  for (guint i = 0; i < before->len; i++)
    g_assert_cmpstr (g_ptr_array_index (before, i), !=, key);
  g_assert_false (yb_sync_engine_get_running (engine));

  /* The engine records the hall's answer in the store. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr (YbStoreDeclaration) now_decl = yb_store_declaration_get (
        fx.store, yb_store_declaration_get_id (decl), NULL);

      if (yb_store_declaration_get_state (now_decl) == YB_DECLARATION_SUBMITTED)
        break;
      yb_test_sleep (100);
    }
  {
    g_autoptr (YbStoreDeclaration) after = yb_store_declaration_get (
      fx.store, yb_store_declaration_get_id (decl), &error);

    g_assert_no_error (error);
    g_assert_cmpint (yb_store_declaration_get_state (after), ==, YB_DECLARATION_SUBMITTED);
  }

  yb_workspace_set_sync_engine (fx.workspace, NULL);
  fixture_tear_down (&fx, NULL);
}

int
main (int   argc,
      char *argv[])
{
  /* Keep what the page tells assistive technologies, for test_buttons_named(). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, data, fn) \
  g_test_add (path, Fixture, data, fixture_set_up, fn, fixture_tear_down)
  ADD ("/ui/reduction/search-narrows", NULL, test_search_narrows);
  ADD ("/ui/reduction/privacy-masks-ids", NULL, test_privacy_masks_ids);
  ADD ("/ui/reduction/submit-two", NULL, test_submit_two);
  ADD ("/ui/reduction/last-paid/zhoushan", "zhoushan", test_last_paid_sentence);
  ADD ("/ui/reduction/last-paid/ningbo", "ningbo", test_last_paid_sentence);
  ADD ("/ui/reduction/not-insured-blocked", NULL, test_not_insured_blocked);
  ADD ("/ui/reduction/wrong-wage-inline", NULL, test_wrong_wage_inline);
  ADD ("/ui/reduction/sorting", NULL, test_sorting);
  ADD ("/ui/reduction/roster-wages", "hangzhou", test_roster_wages);
  ADD ("/ui/reduction/buttons-named", NULL, test_buttons_named);
  g_test_add_func ("/ui/reduction/submit-sends-now", test_submit_sends_now);
  ADD ("/ui/reduction/edit-rejected-copy", NULL, test_edit_rejected_copy);
#undef ADD

  return g_test_run ();
}
