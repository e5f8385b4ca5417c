/* test-enrolment-page.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-enrolment-page"

#include "config.h"

#include <locale.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yb-declaration.h"
#include "yb-enrolment-page.h"
#include "yb-field-checks.h"
#include "yb-id-number.h"
#include "yb-month.h"
#include "yb-store-declaration.h"
#include "yb-workspace.h"

/*
 * The real enrolment page from its template, on a temporary store, driven as
 * the clerk would: typing into rows, leaving them, activating actions.
 */

typedef struct
{
  char *dir;
  YbStore *store;
  YbRegionProfile *profile;
  YbWorkspace *workspace;
  GtkWindow *window;
  AdwToastOverlay *overlay;
  YbEnrolmentPage *page;
} Fixture;

typedef struct
{
  const char *region;
  int day;
  int hour;
} Setup;

static const Setup hangzhou_day = { "hangzhou", 15, 10 };
static const Setup hangzhou_closed = { "hangzhou", 25, 18 };
static const Setup zhoushan_day = { "zhoushan", 15, 10 };

/* Helpers */

static void
run_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
on_wait_done_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_wait_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  run_until_idle ();
}

static char *
make_id (const char *first17,
         gboolean    wrong)
{
  char check = yb_id_number_compute_check (first17);

  if (wrong)
    check = check == '1' ? '2' : '1';
  return g_strdup_printf ("%s%c", first17, check);
}

static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (found, child);
      collect (child, type, found);
    }
}

static GtkWidget *
find_row (YbEnrolmentPage *page,
          const char      *field)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (page), ADW_TYPE_PREFERENCES_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (g_object_get_data (rows->pdata[i], "yb-field"), field) == 0)
      return rows->pdata[i];
  g_error ("No row for %s", field);
}

/* The text under a field, or NULL when nothing is shown there. */
static const char *
message_under (YbEnrolmentPage *page,
               const char      *field)
{
  GtkWidget *message_row = gtk_widget_get_next_sibling (find_row (page, field));
  GtkWidget *label;

  g_assert_true (gtk_widget_has_css_class (message_row, "yb-field-message"));
  if (!gtk_widget_get_visible (message_row))
    return NULL;
  label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (message_row));
  return gtk_label_get_label (GTK_LABEL (label));
}

static GtkWidget *
find_button (YbEnrolmentPage *page,
             const char      *action)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  collect (GTK_WIDGET (page), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), action) == 0)
      return buttons->pdata[i];
  g_error ("No button for %s", action);
}

/* What the clerk sees: the button naming the action is sensitive or not. */
static gboolean
action_enabled (YbEnrolmentPage *page,
                const char      *action)
{
  return gtk_widget_get_sensitive (find_button (page, action));
}

static gboolean
subtitle_shows (YbEnrolmentPage *page,
                const char      *text)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect (GTK_WIDGET (page), ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (rows->pdata[i]);

      if (subtitle != NULL && strstr (subtitle, text) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
kind_toggle_active (YbEnrolmentPage *page,
                    const char      *kind)
{
  g_autoptr(GPtrArray) toggles = g_ptr_array_new ();

  collect (GTK_WIDGET (page), GTK_TYPE_TOGGLE_BUTTON, toggles);
  for (guint i = 0; i < toggles->len; i++)
    {
      GVariant *target = gtk_actionable_get_action_target_value (toggles->pdata[i]);

      if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), kind))
        return gtk_toggle_button_get_active (toggles->pdata[i]);
    }
  g_error ("No toggle for %s", kind);
}

static gboolean
focus_within (Fixture    *f,
              const char *field)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (f->window));
  GtkWidget *row = find_row (f->page, field);

  return focus != NULL && (focus == row || gtk_widget_is_ancestor (focus, row));
}

static void
type_into (YbEnrolmentPage *page,
           const char      *field,
           const char      *text)
{
  gtk_editable_set_text (GTK_EDITABLE (find_row (page, field)), text);
  run_until_idle ();
}

static void
choose_code (Fixture    *f,
             const char *field,
             const char *list,
             const char *code)
{
  AdwComboRow *row = ADW_COMBO_ROW (find_row (f->page, field));
  const char *label = yb_region_profile_lookup_label (f->profile, list, code);
  GListModel *model = adw_combo_row_get_model (row);

  g_assert_nonnull (label);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const char *item = gtk_string_list_get_string (GTK_STRING_LIST (model), i);

      if (g_strcmp0 (item, label) == 0)
        {
          adw_combo_row_set_selected (row, i);
          run_until_idle ();
          return;
        }
    }
  g_error ("%s has no entry %s", field, code);
}

static const char *
chosen_label (YbEnrolmentPage *page,
              const char      *field)
{
  AdwComboRow *row = ADW_COMBO_ROW (find_row (page, field));

  return gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (row)),
                                     adw_combo_row_get_selected (row));
}

static const char *
entry_text (YbEnrolmentPage *page,
            const char      *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_row (page, field)));
}

static gboolean
toast_shows (Fixture    *f,
             const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect (GTK_WIDGET (f->overlay), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_ancestor (labels->pdata[i], YB_TYPE_ENROLMENT_PAGE) == NULL &&
        strstr (gtk_label_get_label (labels->pdata[i]), text) != NULL)
      return TRUE;
  return FALSE;
}

/* The one declaration in the store with @state_mask, with its fields parsed. */
static YbStoreDeclaration *
only_declaration (Fixture    *f,
                  guint       state_mask,
                  JsonObject **out_fields)
{
  g_autoptr(GListModel) list = yb_store_declaration_list (f->store, state_mask);
  YbStoreDeclaration *decl;

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  decl = g_list_model_get_item (list, 0);
  if (out_fields != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (yb_store_declaration_get_fields (decl), NULL);

      g_assert_nonnull (node);
      *out_fields = json_object_ref (json_node_get_object (node));
    }
  return decl;
}

static void
fill_valid_hangzhou (Fixture    *f,
                     const char *id_number)
{
  type_into (f->page, "id_number", id_number);
  type_into (f->page, "name", "张伟");
  type_into (f->page, "start_month", "202008");
  choose_code (f, "reason", "enrol_reason", "11");
  choose_code (f, "hukou_type", "hukou_type", "1");
  choose_code (f, "employment_form", "employment_form", "01");
  type_into (f->page, "wage", "8000");
  type_into (f->page, "address", "杭州市西湖区文三路1号");
  type_into (f->page, "postcode", "310012");
  type_into (f->page, "phone", "13800001234");
}

static void
save_png (Fixture    *f,
          const char *name)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  GtkWidget *root = GTK_WIDGET (f->window);
  int width, height;

  run_until_idle ();
  wait_ms (200);
  width = gtk_widget_get_width (root);
  height = gtk_widget_get_height (root);
  paintable = gtk_widget_paintable_new (root);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (root)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strdup_printf ("enrolment-%s-%s.png", name,
                          g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "C");
  path = g_build_filename (g_getenv ("YIBAO_SCREENSHOT_DIR"), file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* With YIBAO_SCREENSHOT_DIR set, saves the top and the end of the form as PNG files. */
static void
maybe_screenshot (Fixture    *f,
                  const char *name)
{
  g_autoptr(GPtrArray) scrolled = g_ptr_array_new ();
  g_autofree char *bottom = g_strconcat (name, "-end", NULL);
  g_autofree char *middle = g_strconcat (name, "-middle", NULL);
  GtkAdjustment *adjustment;
  double value;

  if (g_getenv ("YIBAO_SCREENSHOT_DIR") == NULL)
    return;

  save_png (f, name);
  collect (GTK_WIDGET (f->page), GTK_TYPE_SCROLLED_WINDOW, scrolled);
  g_assert_cmpuint (scrolled->len, >, 0);
  adjustment = gtk_scrolled_window_get_vadjustment (scrolled->pdata[0]);
  value = gtk_adjustment_get_value (adjustment);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) * 0.4);
  save_png (f, middle);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  save_png (f, bottom);
  gtk_adjustment_set_value (adjustment, value);
}

/* Fixture */

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const Setup *setup = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) now = g_date_time_new (tz, 2020, 8, setup->day, setup->hour, 0, 0);
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("yb-enrolment-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "unit.db", NULL);
  f->store = yb_store_open (path, &error);
  g_assert_no_error (error);
  f->profile = yb_region_profile_load_builtin (setup->region, &error);
  g_assert_no_error (error);
  f->workspace = yb_workspace_new (f->store, f->profile, NULL, "33010012345");
  yb_workspace_set_fixed_now (f->workspace, now);
  yb_workspace_set_agent_name (f->workspace, "李经办");
  yb_workspace_set_agent_phone (f->workspace, "13900001111");

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 760);
  f->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  f->page = g_object_new (YB_TYPE_ENROLMENT_PAGE, NULL);
  adw_toast_overlay_set_child (f->overlay, GTK_WIDGET (f->page));
  gtk_window_set_child (f->window, GTK_WIDGET (f->overlay));
  yb_section_page_set_workspace (YB_SECTION_PAGE (f->page), G_OBJECT (f->workspace));
  gtk_window_present (f->window);
  run_until_idle ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "unit.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  gtk_window_destroy (f->window);
  run_until_idle ();
  g_clear_object (&f->workspace);
  g_clear_object (&f->profile);
  g_assert_finalize_object (f->store);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (path);
  g_rmdir (f->dir);
  g_free (f->dir);
}

/* Tests */

static void
test_id_fills_birth_and_sex (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *female = make_id ("33010619920202002", FALSE);
  const char *female_label = yb_region_profile_lookup_label (f->profile, "sex", "2");

  g_assert_cmpstr (entry_text (f->page, "birth_date"), ==, "");
  type_into (f->page, "id_number", female);

  g_assert_cmpstr (entry_text (f->page, "birth_date"), ==, "1992-02-02");
  g_assert_cmpstr (chosen_label (f->page, "sex"), ==, female_label);
  g_assert_null (message_under (f->page, "id_number"));
}

static void
test_wrong_check_digit (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *wrong = make_id ("33010619900101123", TRUE);
  g_autoptr(GDateTime) now = yb_workspace_get_now (f->workspace);
  g_autoptr(YbFinding) expected = yb_id_number_check (wrong, now, "id_number", NULL);
  g_autofree char *partial = g_strndup (wrong, 17);

  g_assert_nonnull (expected);
  g_assert_cmpstr (expected->code, ==, "ID_CHECK_DIGIT");

  /* While the number is incomplete nothing is said... */
  type_into (f->page, "id_number", partial);
  g_assert_null (message_under (f->page, "id_number"));

  /* ...and the last character brings the message, without leaving the field. */
  type_into (f->page, "id_number", wrong);
  g_assert_cmpstr (message_under (f->page, "id_number"), ==, expected->message);
  g_assert_true (gtk_widget_has_css_class (find_row (f->page, "id_number"), "error"));
  g_assert_cmpstr (entry_text (f->page, "birth_date"), ==, "");
}

static void
test_required_on_leave (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *name_row = find_row (f->page, "name");
  const char *label = yb_declaration_field_get_label ("name");

  /* The row title names the field and marks it required. */
  g_assert_true (g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name_row)),
                                   label));
  g_assert_true (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name_row)),
                                   "*"));

  g_assert_true (gtk_widget_grab_focus (name_row));
  run_until_idle ();
  g_assert_null (message_under (f->page, "name"));
  g_assert_null (message_under (f->page, "wage"));

  /* Tab out of the empty name: its message shows, no other. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (f->window), GTK_DIR_TAB_FORWARD));
  run_until_idle ();
  g_assert_false (focus_within (f, "name"));
  g_assert_nonnull (message_under (f->page, "name"));
  g_assert_nonnull (strstr (message_under (f->page, "name"), label));
  g_assert_null (message_under (f->page, "wage"));
}

static void
test_submit_queues (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = make_id ("33010619900101123", FALSE);
  g_autoptr(YbStoreDeclaration) queued = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(GListModel) drafts = NULL;

  g_assert_false (action_enabled (f->page, "enrolment.submit"));
  fill_valid_hangzhou (f, id);
  g_assert_true (action_enabled (f->page, "enrolment.submit"));

  /* An error turns submit off again; fixing it turns it back on. */
  type_into (f->page, "postcode", "31001");
  g_assert_false (action_enabled (f->page, "enrolment.submit"));
  g_assert_true (action_enabled (f->page, "enrolment.show-errors"));
  type_into (f->page, "postcode", "310012");
  g_assert_true (action_enabled (f->page, "enrolment.submit"));
  g_assert_false (action_enabled (f->page, "enrolment.show-errors"));

  /* The derived base is shown, not typed (BR-16). */
  g_assert_true (subtitle_shows (f->page, "8000.00"));
  type_into (f->page, "wage", "2000");
  g_assert_true (subtitle_shows (f->page, "3321.60"));
  g_assert_true (action_enabled (f->page, "enrolment.submit"));
  type_into (f->page, "wage", "8000");

  maybe_screenshot (f, "filled");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.submit", NULL));
  run_until_idle ();

  queued = only_declaration (f, YB_DECLARATION_MASK (YB_DECLARATION_QUEUED), &fields);
  g_assert_cmpstr (yb_store_declaration_get_kind (queued), ==, "enrol_new");
  g_assert_nonnull (yb_store_declaration_get_idempotency_key (queued));
  g_assert_cmpuint (strlen (yb_store_declaration_get_idempotency_key (queued)), >, 8);
  g_assert_cmpstr (json_object_get_string_member (fields, "id_number"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, "张伟");
  g_assert_cmpstr (json_object_get_string_member (fields, "birth_date"), ==, "1990-01-01");
  g_assert_cmpstr (json_object_get_string_member (fields, "sex"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (fields, "start_month"), ==, "202008");
  g_assert_cmpstr (json_object_get_string_member (fields, "hukou_type"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (fields, "wage"), ==, "8000");
  g_assert_cmpstr (json_object_get_string_member (fields, "agent_name"), ==, "李经办");
  g_assert_cmpstr (json_object_get_string_member (fields, "agent_phone"), ==, "13900001111");
  g_assert_false (json_object_has_member (fields, "email"));

  /* The clerk is told, and the form starts afresh without a new draft. */
  g_assert_true (toast_shows (f, _("Queued for sending")));
  g_assert_cmpint (yb_enrolment_page_get_draft_id (f->page), ==, 0);
  g_assert_cmpstr (entry_text (f->page, "id_number"), ==, "");
  g_assert_false (action_enabled (f->page, "enrolment.submit"));
  drafts = yb_store_declaration_list (f->store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 0);
}

static void
test_show_errors_focuses_first (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *id = make_id ("33010619900101123", FALSE);

  type_into (f->page, "id_number", id);
  type_into (f->page, "name", "张伟");
  g_assert_null (message_under (f->page, "start_month"));

  /* Submitting is off; asking for the problems shows them all and goes to the first. */
  g_assert_false (action_enabled (f->page, "enrolment.submit"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.show-errors",
                                             NULL));
  run_until_idle ();
  g_assert_nonnull (message_under (f->page, "start_month"));
  g_assert_nonnull (message_under (f->page, "wage"));
  g_assert_null (message_under (f->page, "email"));
  maybe_screenshot (f, "problems");
  /* 杭州's first missing field in form order is 户口性质 (BR-14). */
  g_assert_true (focus_within (f, "hukou_type"));
}

static void
test_autosave_and_reopen (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = make_id ("33010619900101123", FALSE);
  g_autoptr(YbStoreDeclaration) draft = NULL;
  g_autoptr(JsonObject) fields = NULL;
  YbEnrolmentPage *again;
  GtkWidget *window;
  gint64 draft_id;

  /* Nothing is written for an untouched form. */
  g_assert_cmpuint (yb_store_declaration_count (f->store, YB_DECLARATION_MASK (
                                                  YB_DECLARATION_DRAFT)), ==, 0);

  type_into (f->page, "id_number", id);
  type_into (f->page, "name", "王芳");
  type_into (f->page, "wage", "6500");
  choose_code (f, "hukou_type", "hukou_type", "3");

  /* Typing alone, without saving, reaches the store. */
  wait_ms (600);
  draft = only_declaration (f, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT), &fields);
  draft_id = yb_store_declaration_get_id (draft);
  g_assert_cmpint (draft_id, ==, yb_enrolment_page_get_draft_id (f->page));
  g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, "王芳");
  g_assert_cmpstr (json_object_get_string_member (fields, "wage"), ==, "6500");
  g_assert_cmpstr (json_object_get_string_member (fields, "hukou_type"), ==, "3");
  g_assert_nonnull (yb_store_declaration_get_findings (draft));

  /* A new page (after a restart) opens it with everything in place. */
  again = g_object_new (YB_TYPE_ENROLMENT_PAGE, NULL);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (again));
  yb_section_page_set_workspace (YB_SECTION_PAGE (again), G_OBJECT (f->workspace));
  g_assert_true (yb_enrolment_page_edit_draft (again, draft_id));
  run_until_idle ();
  g_assert_cmpstr (entry_text (again, "id_number"), ==, id);
  g_assert_cmpstr (entry_text (again, "name"), ==, "王芳");
  g_assert_cmpstr (entry_text (again, "wage"), ==, "6500");
  g_assert_cmpstr (entry_text (again, "birth_date"), ==, "1990-01-01");
  g_assert_cmpstr (chosen_label (again, "hukou_type"), ==,
                   yb_region_profile_lookup_label (f->profile, "hukou_type", "3"));
  /* A reopened draft shows its problems at once. */
  g_assert_nonnull (message_under (again, "address"));
  gtk_window_destroy (GTK_WINDOW (window));
  run_until_idle ();
}

static void
test_resume_suggested (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = make_id ("33010619900101123", FALSE);
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) people = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YbStoreDeclaration) draft = NULL;

  json = g_strdup_printf ("[{\"person_no\":\"P1\",\"revision\":1,\"id_number\":\"%s\","
                          "\"name\":\"张伟\",\"sex\":\"1\",\"status\":\"stopped\","
                          "\"insured_from\":\"201801\",\"stop_month\":\"201912\"}]", id);
  people = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_true (yb_store_roster_apply_delta (f->store, json_node_get_array (people), NULL,
                                              &error));
  g_assert_no_error (error);

  g_assert_false (action_enabled (f->page, "enrolment.use-resume"));
  type_into (f->page, "id_number", id);
  g_assert_true (action_enabled (f->page, "enrolment.use-resume"));
  g_assert_true (gtk_widget_get_visible (find_button (f->page, "enrolment.use-resume")));
  maybe_screenshot (f, "resume");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.use-resume",
                                             NULL));
  run_until_idle ();
  g_assert_cmpstr (yb_enrolment_page_get_kind (f->page), ==, "enrol_resume");
  g_assert_false (action_enabled (f->page, "enrolment.use-resume"));
  g_assert_true (kind_toggle_active (f->page, "enrol_resume"));
  g_assert_false (kind_toggle_active (f->page, "enrol_new"));

  /* The draft in the store is a resumed enrolment now, with what was typed. */
  g_assert_true (yb_enrolment_page_save (f->page));
  draft = only_declaration (f, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT), NULL);
  g_assert_cmpstr (yb_store_declaration_get_kind (draft), ==, "enrol_resume");
  g_assert_cmpstr (yb_store_declaration_get_person_id_number (draft), ==, id);
}

static void
test_window_closed_queues (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = make_id ("33010619900101123", FALSE);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) reopens = g_date_time_new (tz, 2020, 9, 1, 8, 0, 0);
  g_autofree char *when = g_date_time_format (reopens, _("%Y-%m-%d %H:%M"));
  g_autoptr(YbStoreDeclaration) queued = NULL;
  g_autoptr(GPtrArray) bars = g_ptr_array_new ();
  gboolean banner = FALSE;

  /* BR-31: 25th 18:00 is inside the closure; the banner says until when. */
  collect (GTK_WIDGET (f->page), GTK_TYPE_INFO_BAR, bars);
  for (guint i = 0; i < bars->len; i++)
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new ();

      collect (bars->pdata[i], GTK_TYPE_LABEL, labels);
      for (guint j = 0; j < labels->len; j++)
        if (gtk_info_bar_get_revealed (bars->pdata[i]) &&
            strstr (gtk_label_get_label (labels->pdata[j]), when) != NULL)
          banner = TRUE;
    }
  g_assert_true (banner);

  fill_valid_hangzhou (f, id);
  g_assert_true (action_enabled (f->page, "enrolment.submit"));
  maybe_screenshot (f, "window-closed");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.submit", NULL));
  run_until_idle ();
  queued = only_declaration (f, YB_DECLARATION_MASK (YB_DECLARATION_QUEUED), NULL);
  g_assert_nonnull (yb_store_declaration_get_idempotency_key (queued));
  g_assert_true (toast_shows (f, when));
}

static void
test_rejected_copy_shows_hall_reasons (Fixture       *f,
                                       gconstpointer  data)
{
  g_autofree char *id = make_id ("33010619900101123", FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *key = NULL;
  gint64 sent, copy;

  fields = g_strdup_printf ("{\"id_type\":\"01\",\"id_number\":\"%s\",\"name\":\"张伟\","
                            "\"start_month\":\"202008\",\"address\":\"西湖\"}", id);
  sent = yb_store_declaration_create (f->store, "enrol_new", fields, &error);
  g_assert_no_error (error);
  key = yb_store_declaration_queue (f->store, sent, &error);
  g_assert_no_error (error);
  g_assert_true (yb_store_declaration_mark_sending (f->store, sent, &error));
  g_assert_true (yb_store_declaration_record_rejected (
                   f->store, sent, "数据校验不通过",
                   "[{\"field\":\"address\",\"code\":\"ADDRESS_UNKNOWN\","
                   "\"message\":\"通讯地址不详\"}]", &error));
  g_assert_no_error (error);
  copy = yb_store_declaration_copy_to_draft (f->store, sent, &error);
  g_assert_no_error (error);

  /* Only drafts open; the rejected one itself does not. */
  g_assert_false (yb_enrolment_page_edit_draft (f->page, sent));
  g_assert_true (yb_enrolment_page_edit_draft (f->page, copy));
  run_until_idle ();
  g_assert_cmpstr (entry_text (f->page, "address"), ==, "西湖");
  g_assert_cmpstr (message_under (f->page, "address"), ==, "通讯地址不详");

  /* Editing the field clears the hall's reason there. */
  type_into (f->page, "address", "杭州市西湖区文三路1号");
  g_assert_null (message_under (f->page, "address"));
}

static void
test_zhoushan_form (Fixture       *f,
                    gconstpointer  data)
{
  GtkWidget *birth = find_row (f->page, "birth_date");
  GtkWidget *wage = find_row (f->page, "wage");
  const char *birth_title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (birth));
  const char *wage_title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (wage));

  /* 舟山 marks 出生日期 but not the wage (BR-11); the agent comes from the unit. */
  g_assert_true (g_str_has_suffix (birth_title, "*"));
  g_assert_false (g_str_has_suffix (wage_title, "*"));
  g_assert_cmpstr (entry_text (f->page, "agent_name"), ==, "李经办");
  g_assert_cmpstr (entry_text (f->page, "agent_phone"), ==, "13900001111");

  /* An agent known only later fills an empty agent field. */
  type_into (f->page, "agent_name", "");
  yb_workspace_set_agent_name (f->workspace, "周经办");
  run_until_idle ();
  g_assert_cmpstr (entry_text (f->page, "agent_name"), ==, "周经办");

  /* Labels follow the clerk's language (the core's field labels). */
  g_assert_true (g_str_has_prefix (birth_title, yb_declaration_field_get_label ("birth_date")));
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh"))
    g_assert_true (g_str_has_prefix (birth_title, "出生日期"));
  maybe_screenshot (f, "zhoushan");
}

static void
test_saved_when_hidden (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(YbStoreDeclaration) draft = NULL;
  g_autoptr(JsonObject) fields = NULL;

  /* Switching sections or closing the window unmaps the page: what was typed
   * a moment ago is written then, without waiting for the autosave delay. */
  gtk_editable_set_text (GTK_EDITABLE (find_row (f->page, "name")), "赵敏");
  gtk_widget_set_visible (GTK_WIDGET (f->window), FALSE);
  draft = only_declaration (f, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT), &fields);
  g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, "赵敏");
}

static void
test_month_menu_and_kind (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(YbStoreDeclaration) draft = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *may = yb_month_format (yb_month_new (2020, 5));
  gint64 first_id;

  /* The allowed months are visible before one is picked (BR-15). */
  g_assert_true (subtitle_shows (f->page, may));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.pick-month", "s",
                                             "202007"));
  run_until_idle ();
  g_assert_cmpstr (entry_text (f->page, "start_month"), ==, "202007");
  g_assert_null (message_under (f->page, "start_month"));
  first_id = yb_enrolment_page_get_draft_id (f->page);
  g_assert_cmpint (first_id, >, 0);

  /* Switching to 续保 keeps what was typed, in one draft of the new kind. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.kind", "s",
                                             "enrol_resume"));
  run_until_idle ();
  g_assert_true (kind_toggle_active (f->page, "enrol_resume"));
  draft = only_declaration (f, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT), &fields);
  g_assert_cmpstr (yb_store_declaration_get_kind (draft), ==, "enrol_resume");
  g_assert_cmpstr (json_object_get_string_member (fields, "start_month"), ==, "202007");
  g_assert_cmpint (yb_store_declaration_get_id (draft), ==,
                   yb_enrolment_page_get_draft_id (f->page));

  /* Clearing the form keeps the draft and starts an empty one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.new", NULL));
  run_until_idle ();
  g_assert_cmpstr (entry_text (f->page, "start_month"), ==, "");
  g_assert_cmpint (yb_enrolment_page_get_draft_id (f->page), ==, 0);
  g_clear_object (&draft);
  draft = only_declaration (f, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT), NULL);
  g_assert_cmpstr (yb_store_declaration_get_kind (draft), ==, "enrol_resume");
}

/* Pressing New on a form that is already new, and New before the autosave fires. */
static void
test_new_twice (Fixture       *f,
                gconstpointer  data)
{
  guint drafts = YB_DECLARATION_MASK (YB_DECLARATION_DRAFT);
  g_autoptr(YbStoreDeclaration) draft = NULL;
  g_autoptr(JsonObject) fields = NULL;

  /* On an untouched form New, twice, and the 新增 toggle keep an empty new form. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.new", NULL));
      run_until_idle ();
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.kind", "s",
                                             "enrol_new"));
  run_until_idle ();
  g_assert_cmpstr (yb_enrolment_page_get_kind (f->page), ==, "enrol_new");
  g_assert_true (kind_toggle_active (f->page, "enrol_new"));
  g_assert_cmpstr (entry_text (f->page, "name"), ==, "");
  g_assert_cmpstr (entry_text (f->page, "agent_name"), ==, "李经办");
  g_assert_true (focus_within (f, "id_number"));
  g_assert_cmpuint (yb_store_declaration_count (f->store, drafts), ==, 0);

  /* The form still works: what is typed now is kept, also across the 新增 toggle. */
  type_into (f->page, "name", "赵敏");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.kind", "s",
                                             "enrol_new"));
  run_until_idle ();
  g_assert_cmpstr (entry_text (f->page, "name"), ==, "赵敏");

  /* New right after typing, before the autosave: the typing goes into a draft, the form
   * empties, and the pending autosave writes neither a second draft nor the empty form. */
  type_into (f->page, "wage", "7000");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.new", NULL));
  run_until_idle ();
  g_assert_cmpstr (entry_text (f->page, "name"), ==, "");
  g_assert_cmpstr (entry_text (f->page, "wage"), ==, "");
  g_assert_cmpint (yb_enrolment_page_get_draft_id (f->page), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "enrolment.new", NULL));
  run_until_idle ();
  wait_ms (600);

  draft = only_declaration (f, drafts, &fields);
  g_assert_cmpstr (yb_store_declaration_get_kind (draft), ==, "enrol_new");
  g_assert_cmpstr (json_object_get_string_member (fields, "name"), ==, "赵敏");
  g_assert_cmpstr (json_object_get_string_member (fields, "wage"), ==, "7000");
  g_assert_cmpint (yb_enrolment_page_get_draft_id (f->page), ==, 0);

  /* And the empty form takes the next person into a draft of its own. */
  type_into (f->page, "name", "钱军");
  wait_ms (600);
  g_assert_cmpuint (yb_store_declaration_count (f->store, drafts), ==, 2);
  g_assert_cmpint (yb_enrolment_page_get_draft_id (f->page), !=,
                   yb_store_declaration_get_id (draft));
}

/* Every button a screen reader reaches says what it does: a visible label, or an
 * accessible one (icon-only buttons, and menu buttons, whose own label GTK 4.8 does not
 * pass on). Parts of GTK's own widgets (a menu button's inner button) are GTK's. */
static void
test_buttons_named (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  g_autoptr(GPtrArray) menu_buttons = g_ptr_array_new ();
  guint checked = 0;

  collect (GTK_WIDGET (f->page), GTK_TYPE_BUTTON, buttons);
  collect (GTK_WIDGET (f->page), GTK_TYPE_MENU_BUTTON, menu_buttons);
  g_assert_cmpuint (menu_buttons->len, >=, 2);
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

      /* A hidden button (GtkInfoBar's unused close button) is never reached. */
      if (!gtk_widget_get_visible (button) ||
          gtk_widget_get_ancestor (button, GTK_TYPE_MENU_BUTTON) != NULL ||
          gtk_widget_get_ancestor (button, GTK_TYPE_DROP_DOWN) != NULL ||
          gtk_widget_get_ancestor (button, ADW_TYPE_PREFERENCES_ROW) != NULL)
        continue;
      if ((label == NULL || *label == '\0') &&
          !gtk_test_accessible_has_property (GTK_ACCESSIBLE (button),
                                             GTK_ACCESSIBLE_PROPERTY_LABEL))
        g_error ("A %s in a %s (action %s, tooltip “%s”) has neither a label nor an "
                 "accessible label", G_OBJECT_TYPE_NAME (button),
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (button)),
                 gtk_actionable_get_action_name (GTK_ACTIONABLE (button)),
                 gtk_widget_get_tooltip_text (button));
      checked++;
    }
  g_assert_cmpuint (checked, >=, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *localedir = NULL;

  /* gtk_test_init() keeps the C locale; the zh_CN run needs the real one. */
  setlocale (LC_ALL, "");
  localedir = g_build_filename (g_getenv ("YIBAO_BUILD_DIR"), "po", NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Keep what the page tells assistive technologies, for test_buttons_named(). */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, setup, func) \
  g_test_add (path, Fixture, setup, fixture_set_up, func, fixture_tear_down)

  ADD ("/ui/enrolment/id-fills-birth-and-sex", &hangzhou_day, test_id_fills_birth_and_sex);
  ADD ("/ui/enrolment/wrong-check-digit", &hangzhou_day, test_wrong_check_digit);
  ADD ("/ui/enrolment/required-on-leave", &hangzhou_day, test_required_on_leave);
  ADD ("/ui/enrolment/submit-queues", &hangzhou_day, test_submit_queues);
  ADD ("/ui/enrolment/show-errors", &hangzhou_day, test_show_errors_focuses_first);
  ADD ("/ui/enrolment/autosave-and-reopen", &hangzhou_day, test_autosave_and_reopen);
  ADD ("/ui/enrolment/resume-suggested", &hangzhou_day, test_resume_suggested);
  ADD ("/ui/enrolment/window-closed-queues", &hangzhou_closed, test_window_closed_queues);
  ADD ("/ui/enrolment/rejected-copy", &hangzhou_day, test_rejected_copy_shows_hall_reasons);
  ADD ("/ui/enrolment/saved-when-hidden", &hangzhou_day, test_saved_when_hidden);
  ADD ("/ui/enrolment/month-menu-and-kind", &hangzhou_day, test_month_menu_and_kind);
  ADD ("/ui/enrolment/new-twice", &hangzhou_day, test_new_twice);
  ADD ("/ui/enrolment/buttons-named", &hangzhou_day, test_buttons_named);
  ADD ("/ui/enrolment/zhoushan-form", &zhoushan_day, test_zhoushan_form);

  return g_test_run ();
}
