/* test-maintenance.c
 *
 * Copyright 2026 The Yibao authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 信息维护 page against the reference hall: unit information with its
 * as-of time and from the cache when the hall is gone, direct contact and bank
 * changes, a key change with a checked PNG material (also queued while the hall
 * is stopped and sent with its material once it is back), person changes and the
 * contribution-base declaration with bases clamped at floor and ceiling.
 */
#include <adwaita.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "yb-application.h"
#include "yb-declaration.h"
#include "yb-maintenance-page.h"
#include "yb-store-declaration.h"
#include "yb-sync-engine.h"
#include "yb-test-hall.h"
#include "yb-test-ui.h"
#include "yb-window.h"
#include "yb-workspace.h"

#define HZ "33010010001"

static YbTestHall *hall;
static YbHallClient *client;

/* A 1×1 PNG. */
static const guint8 png_1x1[] = {
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
  0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f,
  0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8,
  0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00,
  0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
};

typedef struct
{
  char *dir;
  YbStore *store;
  YbWorkspace *workspace;
  GtkWindow *window;
  YbMaintenancePage *page;
} Fixture;

static gboolean
page_busy (gpointer page)
{
  return yb_maintenance_page_get_busy (page);
}

static void
wait_idle (YbMaintenancePage *page)
{
  yb_test_ui_wait_idle (page_busy, page);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             const char *id)
{
  return yb_test_ui_find_widget (root, id);
}

static gboolean
action_enabled (Fixture    *fx,
                const char *action)
{
  return yb_test_ui_action_enabled (GTK_WIDGET (fx->page), action);
}

static void
type (Fixture    *fx,
      const char *id,
      const char *text)
{
  GtkWidget *entry = find_widget (GTK_WIDGET (fx->page), id);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  wait_idle (fx->page);
}

static const char *
label_text (Fixture    *fx,
            const char *id)
{
  return yb_test_ui_label_text (GTK_WIDGET (fx->page), id);
}

static void
activate (Fixture    *fx,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->page), action, NULL));
  wait_idle (fx->page);
}

/* With YIBAO_SCREENSHOT_DIR set, saves the page as maintenance-<name>-<language>.png. */
static void
screenshot (Fixture    *fx,
            const char *name)
{
  yb_test_ui_screenshot (fx->window, GTK_WIDGET (fx->page), "maintenance", name);
}

/* Puts the first @n insured people of the hall's roster into @store. */
static void
load_roster (YbStore *store,
             guint    n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) roster = yb_test_ui_hall_roster (client, HZ, 200);
  g_autoptr(JsonArray) people = json_array_new ();

  for (guint i = 0; i < json_array_get_length (roster) && json_array_get_length (people) < n; i++)
    {
      JsonObject *person = json_array_get_object_element (roster, i);

      if (g_strcmp0 (json_object_get_string_member (person, "status"), "insured") == 0)
        json_array_add_object_element (people, json_object_ref (person));
    }
  g_assert_cmpuint (json_array_get_length (people), ==, n);
  g_assert_true (yb_store_roster_replace (store, people, NULL, &error));
  g_assert_no_error (error);
}

static void
set_up_with (Fixture      *fx,
             const char   *region,
             YbHallClient *hall_client,
             guint         n_people)
{
  fx->dir = yb_test_ui_make_dir ("yb-maintenance-XXXXXX");
  fx->store = yb_test_ui_open_store (fx->dir);
  fx->workspace = yb_test_ui_workspace_new (fx->store, region, hall_client, HZ);
  if (n_people > 0)
    load_roster (fx->store, n_people);

  fx->page = g_object_ref_sink (g_object_new (YB_TYPE_MAINTENANCE_PAGE, NULL));
  fx->window = yb_test_ui_present (GTK_WIDGET (fx->page), fx->workspace);
  wait_idle (fx->page);
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  set_up_with (fx, "hangzhou", client, 3);
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  yb_test_ui_tear_down (fx->window, page_busy, (gpointer *) &fx->page, &fx->workspace,
                        &fx->store, &fx->dir);
}

static JsonObject *
fetch_unit (YbHallClient *hall_client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *unit;

  yb_hall_client_get_unit_async (hall_client, HZ, NULL, yb_test_store_result, &result);
  unit = yb_hall_client_get_unit_finish (hall_client, yb_test_await (&result), &error);
  g_assert_no_error (error);
  return unit;
}

/* The one declaration of @kind in the store, which must be in @state. */
static YbDeclaration *
only_declaration (Fixture            *fx,
                  const char         *kind,
                  YbDeclarationState  state)
{
  g_autoptr(GListModel) all = yb_store_declaration_list (fx->store, ~0u);
  YbDeclaration *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(YbStoreDeclaration) item = g_list_model_get_item (all, i);
      g_autoptr(GError) error = NULL;

      if (g_strcmp0 (yb_store_declaration_get_kind (item), kind) != 0)
        continue;
      g_assert_null (found);
      g_assert_cmpint (yb_store_declaration_get_state (item), ==, state);
      found = yb_declaration_new_from_data (yb_store_declaration_get_fields (item), -1, &error);
      g_assert_no_error (error);
    }
  g_assert_nonnull (found);
  return found;
}

static void
test_unit_info (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(JsonObject) unit = fetch_unit (client);
  const char *name = json_object_get_string_member (json_object_get_object_member (unit, "basic"),
                                                    "name");
  gint64 as_of = 0;
  g_autoptr(JsonObject) cached = yb_store_unit_get (fx->store, HZ, &as_of);

  g_assert_true (g_str_has_prefix (label_text (fx, "as_of_label"), "As of "));
  g_assert_nonnull (cached);
  g_assert_cmpint (as_of, >, 0);
  /* The unit's name is shown among the basic information. */
  g_assert_nonnull (find_widget (GTK_WIDGET (fx->page), "basic_grid"));
  {
    gboolean seen = FALSE;

    for (GtkWidget *w = gtk_widget_get_first_child (find_widget (GTK_WIDGET (fx->page),
                                                                 "basic_grid"));
         w != NULL; w = gtk_widget_get_next_sibling (w))
      seen |= g_strcmp0 (gtk_label_get_label (GTK_LABEL (w)), name) == 0;
    g_assert_true (seen);
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (fx->page),
                                                                     "contact_agent_name"))),
                   ==,
                   json_object_get_string_member (json_object_get_object_member (unit, "contact"),
                                                  "agent_name"));
  screenshot (fx, "unit");
}

static void
test_unit_offline (void)
{
  YbTestHall *own = yb_test_hall_start (FALSE, "--demo", NULL);
  g_autoptr(YbHallClient) own_client = yb_test_ui_log_in (own);
  Fixture fx = { 0 };

  set_up_with (&fx, "hangzhou", own_client, 0);
  g_assert_true (g_str_has_prefix (label_text (&fx, "as_of_label"), "As of "));

  yb_test_hall_stop (own);
  activate (&fx, "maintenance.refresh");
  g_assert_true (g_str_has_prefix (label_text (&fx, "as_of_label"), "Offline: showing the copy"));
  /* The cached information is still there, and direct changes are refused. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (fx.page),
                                                                     "contact_agent_name"))),
                   !=, "");
  fixture_tear_down (&fx, NULL);
}

static void
test_contact_change (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) unit = NULL;
  JsonObject *contact;

  g_assert_false (action_enabled (fx, "maintenance.save-contact"));
  type (fx, "contact_agent_phone", "12345");
  g_assert_cmpstr (label_text (fx, "contact_agent_phone_error"), !=, "");
  g_assert_false (action_enabled (fx, "maintenance.save-contact"));

  type (fx, "contact_agent_phone", "13900001111");
  type (fx, "contact_agent_name", "李四");
  g_assert_cmpstr (label_text (fx, "contact_agent_phone_error"), ==, "");
  g_assert_true (action_enabled (fx, "maintenance.save-contact"));
  activate (fx, "maintenance.save-contact");

  unit = fetch_unit (client);
  contact = json_object_get_object_member (unit, "contact");
  g_assert_cmpstr (json_object_get_string_member (contact, "agent_phone"), ==, "13900001111");
  g_assert_cmpstr (json_object_get_string_member (contact, "agent_name"), ==, "李四");
  /* Saved: nothing left to change. */
  g_assert_false (action_enabled (fx, "maintenance.save-contact"));
}

static void
test_bank_change (Fixture       *fx,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) unit = NULL;
  JsonObject *bank;
  GtkDropDown *category = GTK_DROP_DOWN (find_widget (GTK_WIDGET (fx->page), "bank_category"));
  GObject *item;

  /* The short name 工行 finds 中国工商银行 and selects it. */
  type (fx, "bank_search", "工行");
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (category)), ==, 1);
  item = gtk_drop_down_get_selected_item (category);
  g_assert_true (GTK_IS_STRING_OBJECT (item));
  type (fx, "bank_bank_name", "中国工商银行杭州文三路支行");
  type (fx, "bank_bank_account_name", "杭州示例科技有限公司");
  type (fx, "bank_bank_account", "12");
  g_assert_cmpstr (label_text (fx, "bank_bank_account_error"), !=, "");
  g_assert_false (action_enabled (fx, "maintenance.save-bank"));
  type (fx, "bank_bank_account", "6222020200112233445");
  g_assert_true (action_enabled (fx, "maintenance.save-bank"));
  activate (fx, "maintenance.save-bank");

  unit = fetch_unit (client);
  bank = json_object_get_object_member (unit, "bank");
  g_assert_cmpstr (json_object_get_string_member (bank, "bank_category"), ==, "102");
  g_assert_cmpstr (json_object_get_string_member (bank, "bank_name"), ==,
                   "中国工商银行杭州文三路支行");
  g_assert_cmpstr (json_object_get_string_member (bank, "account_no"), ==, "6222020200112233445");
}

static GFile *
write_file (Fixture      *fx,
            const char   *name,
            const guint8 *data,
            gsize         length)
{
  g_autofree char *path = g_build_filename (fx->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) data, length, &error));
  return g_file_new_for_path (path);
}

static void
test_key_change (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GFile) png = write_file (fx, "营业执照.png", png_1x1, sizeof png_1x1);
  g_autoptr(YbDeclaration) decl = NULL;

  yb_maintenance_page_show (fx->page, "key");
  type (fx, "key_legal_name", "陈建业");
  /* Without material the change cannot be submitted. */
  g_assert_cmpstr (label_text (fx, "key_error"), !=, "");
  g_assert_false (action_enabled (fx, "maintenance.submit-key-change"));
  /* The diff shows the new value. */
  g_assert_false (gtk_widget_get_visible (find_widget (GTK_WIDGET (fx->page), "diff_empty")));

  yb_maintenance_page_attach_material (fx->page, "supporting_document", png);
  wait_idle (fx->page);
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx->page, "supporting_document"), ==, 1);
  g_assert_cmpstr (label_text (fx, "key_error"), ==, "");
  g_assert_true (action_enabled (fx, "maintenance.submit-key-change"));
  screenshot (fx, "key");
  activate (fx, "maintenance.submit-key-change");

  decl = only_declaration (fx, "unit_key_change", YB_DECLARATION_QUEUED);
  g_assert_cmpstr (yb_declaration_get_string (decl, "legal_name"), ==, "陈建业");
  g_assert_cmpuint (yb_declaration_get_n_materials (decl), ==, 1);
  g_assert_cmpstr (yb_declaration_get_material_kind (decl, 0), ==, "supporting_document");
  g_assert_true (g_str_has_prefix (yb_declaration_get_material_id (decl, 0), "M"));
  g_assert_cmpstr (yb_declaration_get_material_file_name (decl, 0), ==, "营业执照.png");
  /* The form is empty again. */
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx->page, "supporting_document"), ==, 0);
}

static void
test_material_refused (Fixture       *fx,
                       gconstpointer  data)
{
  static const char text[] = "This is a plain text file, not a picture.\n";
  g_autoptr(GFile) fake = write_file (fx, "scan.png", (const guint8 *) text, sizeof text - 1);
  g_autofree char *big_path = g_build_filename (fx->dir, "big.pdf", NULL);
  g_autoptr(GFile) big = g_file_new_for_path (big_path);
  FILE *f;

  yb_maintenance_page_show (fx->page, "key");
  type (fx, "key_legal_name", "陈建业");
  yb_maintenance_page_attach_material (fx->page, "supporting_document", fake);
  wait_idle (fx->page);
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx->page, "supporting_document"), ==, 0);
  g_assert_nonnull (strstr (label_text (fx, "key_material_error"), "scan.png"));
  g_assert_nonnull (strstr (label_text (fx, "key_material_error"), "not a JPG, PNG or PDF"));

  /* 20 MB, refused by size before it is read. */
  f = fopen (big_path, "wb");
  g_assert_nonnull (f);
  fwrite ("%PDF-1.4\n", 1, 9, f);
  g_assert_cmpint (fseek (f, 20 * 1024 * 1024, SEEK_SET), ==, 0);
  fputc ('\n', f);
  fclose (f);
  yb_maintenance_page_attach_material (fx->page, "supporting_document", big);
  wait_idle (fx->page);
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx->page, "supporting_document"), ==, 0);
  g_assert_nonnull (strstr (label_text (fx, "key_material_error"), "big.pdf"));
  g_assert_nonnull (strstr (label_text (fx, "key_material_error"), "at most 5 MB"));
  g_assert_false (action_enabled (fx, "maintenance.submit-key-change"));
}

/* A port nothing listens on now, for a hall that stops and comes back at the same address. */
static guint
free_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* A key change with a PNG while the hall is stopped: the change goes to the outbox with the
 * material by its local number, and the clerk is told it is uploaded with the change. Once the
 * hall is back, a sync pass uploads the material and sends the change with the hall's id. */
static void
test_key_change_hall_stopped (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *db_dir = g_dir_make_tmp ("yb-maintenance-hall-XXXXXX", &error);
  g_autofree char *db = g_strdup_printf ("--db=%s/refhall.db", db_dir);
  g_autofree char *port = g_strdup_printf ("--port=%u", free_port ());
  YbTestHall *own = yb_test_hall_start (FALSE, "--demo", port, db, NULL);
  g_autoptr(YbHallClient) own_client = yb_test_ui_log_in (own);
  g_autoptr(GFile) png = NULL;
  g_autoptr(YbDeclaration) decl = NULL;
  g_autoptr(YbSyncEngine) engine = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(YbStoreDeclaration) sent = NULL;
  g_autoptr(JsonObject) material = NULL;
  g_autoptr(JsonObject) at_hall = NULL;
  g_autoptr(YbHallPage) page = NULL;
  g_autofree char *base_url = g_strdup (own->base_url);
  const char *local_id, *hall_material = NULL;
  JsonArray *materials;
  gint64 local = 0, id = 0;
  Fixture fx = { 0 };

  set_up_with (&fx, "hangzhou", own_client, 0);
  png = write_file (&fx, "营业执照.png", png_1x1, sizeof png_1x1);

  yb_test_hall_stop (own);
  yb_maintenance_page_show (fx.page, "key");
  type (&fx, "key_legal_name", "陈建业");
  yb_maintenance_page_attach_material (fx.page, "supporting_document", png);
  wait_idle (fx.page);
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx.page, "supporting_document"), ==, 1);
  g_assert_true (action_enabled (&fx, "maintenance.submit-key-change"));
  activate (&fx, "maintenance.submit-key-change");

  /* Queued, with the material kept locally, and the clerk knows it goes with the change. */
  g_assert_nonnull (strstr (yb_maintenance_page_get_status (fx.page), "in the outbox"));
  g_assert_nonnull (strstr (yb_maintenance_page_get_status (fx.page),
                            "uploaded with the change"));
  decl = only_declaration (&fx, "unit_key_change", YB_DECLARATION_QUEUED);
  g_assert_cmpuint (yb_declaration_get_n_materials (decl), ==, 1);
  local_id = yb_declaration_get_material_id (decl, 0);
  g_assert_true (g_str_has_prefix (local_id, "local:"));
  g_assert_true (g_ascii_string_to_signed (local_id + strlen ("local:"), 10, 1, G_MAXINT64,
                                           &local, NULL));
  g_assert_cmpstr (yb_declaration_get_material_file_name (decl, 0), ==, "营业执照.png");
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx.page, "supporting_document"), ==, 0);

  /* The hall is back at the same address with the same records: a sync pass sends it. */
  own = yb_test_hall_start (FALSE, "--demo", port, db, NULL);
  g_assert_cmpstr (own->base_url, ==, base_url);
  engine = yb_sync_engine_new (own_client, fx.store, HZ, yb_workspace_get_profile (fx.workspace));
  yb_sync_engine_sync_now_async (engine, NULL, yb_test_store_result, &result);
  g_assert_true (yb_sync_engine_sync_now_finish (engine, yb_test_await (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  all = yb_store_declaration_list (fx.store, ~0u);
  for (guint i = 0; i < g_list_model_get_n_items (all); i++)
    {
      g_autoptr(YbStoreDeclaration) item = g_list_model_get_item (all, i);

      if (g_strcmp0 (yb_store_declaration_get_kind (item), "unit_key_change") == 0)
        id = yb_store_declaration_get_id (item);
    }
  sent = yb_store_declaration_get (fx.store, id, &error);
  g_assert_no_error (error);
  if (yb_store_declaration_get_state (sent) != YB_DECLARATION_SUBMITTED)
    g_test_message ("not submitted: %s %s", yb_store_declaration_get_reject_reason (sent),
                    yb_store_declaration_get_field_errors (sent));
  g_assert_cmpint (yb_store_declaration_get_state (sent), ==, YB_DECLARATION_SUBMITTED);
  material = yb_store_material_get (fx.store, local);
  hall_material = json_object_get_string_member_with_default (material, "hall_material_id", NULL);
  g_assert_nonnull (hall_material);
  g_assert_nonnull (strstr (yb_store_declaration_get_fields (sent), hall_material));

  /* The hall holds the change with that material. */
  yb_hall_client_list_declarations_async (own_client, HZ, "pending", "unit_key_change", NULL,
                                          NULL, NULL, 50, NULL, yb_test_store_result, &result);
  page = yb_hall_client_list_declarations_finish (own_client, yb_test_await (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < json_array_get_length (page->items) && at_hall == NULL; i++)
    {
      JsonObject *item = json_array_get_object_element (page->items, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (item, "idempotency_key", ""),
                     yb_store_declaration_get_idempotency_key (sent)) == 0)
        at_hall = json_object_ref (item);
    }
  g_assert_nonnull (at_hall);
  materials = json_object_get_array_member (at_hall, "materials");
  g_assert_cmpuint (json_array_get_length (materials), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (materials, 0),
                                                  "id"), ==, hall_material);

  g_clear_object (&engine);
  fixture_tear_down (&fx, NULL);
  yb_test_hall_stop (own);
  yb_test_ui_remove_tree (db_dir);
}

static void
test_person_change (Fixture       *fx,
                    gconstpointer  data)
{
  GtkListView *list = GTK_LIST_VIEW (find_widget (GTK_WIDGET (fx->page), "person_list"));
  GtkSelectionModel *selection;
  g_autoptr(YbDeclaration) decl = NULL;

  yb_maintenance_page_show (fx->page, "people");
  g_assert_false (action_enabled (fx, "maintenance.submit-person"));
  selection = gtk_list_view_get_model (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 3);
  g_assert_true (gtk_selection_model_select_item (selection, 0, TRUE));
  wait_idle (fx->page);
  g_assert_cmpstr (label_text (fx, "person_label"), !=, "");
  g_assert_false (action_enabled (fx, "maintenance.submit-person"));

  type (fx, "person_phone", "1391111");
  g_assert_cmpstr (label_text (fx, "person_phone_error"), !=, "");
  g_assert_false (action_enabled (fx, "maintenance.submit-person"));
  type (fx, "person_phone", "13911112222");
  type (fx, "person_address", "杭州市西湖区文三路 90 号");
  g_assert_true (action_enabled (fx, "maintenance.submit-person"));
  screenshot (fx, "people");
  activate (fx, "maintenance.submit-person");

  decl = only_declaration (fx, "person_change", YB_DECLARATION_QUEUED);
  g_assert_cmpstr (yb_declaration_get_string (decl, "phone"), ==, "13911112222");
  g_assert_cmpstr (yb_declaration_get_string (decl, "address"), ==, "杭州市西湖区文三路 90 号");
  g_assert_nonnull (yb_declaration_get_string (decl, "person_no"));
  /* Its progress is listed. */
  g_assert_nonnull (gtk_widget_get_first_child (find_widget (GTK_WIDGET (fx->page),
                                                             "progress_list")));
  g_assert_false (action_enabled (fx, "maintenance.submit-person"));
}

/* Runs the main loop until the store holds a draft of @kind (the page saves
 * a pause after the last keystroke), at most two seconds. */
static gint64
await_draft (Fixture    *fx,
             const char *kind)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autoptr(GListModel) drafts = yb_store_declaration_list (
        fx->store, YB_DECLARATION_MASK (YB_DECLARATION_DRAFT));

      for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
        {
          g_autoptr(YbStoreDeclaration) item = g_list_model_get_item (drafts, i);

          if (g_strcmp0 (yb_store_declaration_get_kind (item), kind) == 0)
            return yb_store_declaration_get_id (item);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return 0;
}

static const char *
entry_text (Fixture    *fx,
            const char *id)
{
  return gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (fx->page), id)));
}

/* What the clerk types into a person change is a draft at once, kept when the
 * page goes, and a new page opens it again; submitting queues that draft. */
static void
test_person_draft (Fixture       *fx,
                   gconstpointer  data)
{
  GtkListView *list = GTK_LIST_VIEW (find_widget (GTK_WIDGET (fx->page), "person_list"));
  g_autoptr(YbStoreDeclaration) row = NULL;
  g_autoptr(YbDeclaration) decl = NULL;
  g_autoptr(YbDeclaration) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *person_no = NULL;
  gint64 id;

  yb_maintenance_page_show (fx->page, "people");
  /* Choosing a person without changing anything writes nothing. */
  g_assert_true (gtk_selection_model_select_item (gtk_list_view_get_model (list), 1, TRUE));
  wait_idle (fx->page);
  g_assert_cmpint (await_draft (fx, "person_change"), ==, 0);

  type (fx, "person_phone", "13922223333");
  type (fx, "person_address", "杭州市拱墅区莫干山路 100 号");
  id = await_draft (fx, "person_change");
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (yb_maintenance_page_get_draft_id (fx->page, "people"), ==, id);
  row = yb_store_declaration_get (fx->store, id, &error);
  g_assert_no_error (error);
  decl = yb_declaration_new_from_data (yb_store_declaration_get_fields (row), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yb_declaration_get_string (decl, "phone"), ==, "13922223333");
  g_assert_cmpstr (yb_declaration_get_string (decl, "address"), ==, "杭州市拱墅区莫干山路 100 号");
  person_no = g_strdup (yb_declaration_get_string (decl, "person_no"));
  g_assert_nonnull (person_no);
  g_assert_nonnull (yb_declaration_get_string (decl, "id_number"));
  /* The outbox shows it with the rule engine's verdict. */
  g_assert_nonnull (yb_store_declaration_get_findings (row));

  /* Typed just before the window closes: saved on the way out, no wait. */
  type (fx, "person_postcode", "310005");
  gtk_window_destroy (fx->window);
  wait_idle (fx->page);
  g_clear_object (&row);
  g_clear_object (&decl);
  row = yb_store_declaration_get (fx->store, id, &error);
  decl = yb_declaration_new_from_data (yb_store_declaration_get_fields (row), -1, &error);
  g_assert_cmpstr (yb_declaration_get_string (decl, "postcode"), ==, "310005");
  g_clear_object (&fx->page);

  /* A new page instance opens the draft in the person form. */
  fx->page = g_object_ref_sink (g_object_new (YB_TYPE_MAINTENANCE_PAGE, NULL));
  fx->window = yb_test_ui_present (GTK_WIDGET (fx->page), fx->workspace);
  wait_idle (fx->page);
  g_assert_true (yb_maintenance_page_edit_draft (fx->page, id));
  wait_idle (fx->page);
  g_assert_cmpstr (entry_text (fx, "person_phone"), ==, "13922223333");
  g_assert_cmpstr (entry_text (fx, "person_address"), ==, "杭州市拱墅区莫干山路 100 号");
  g_assert_cmpstr (entry_text (fx, "person_postcode"), ==, "310005");
  g_assert_nonnull (strstr (label_text (fx, "person_label"), person_no));
  g_assert_true (action_enabled (fx, "maintenance.submit-person"));

  /* Further typing goes into the same draft, and submitting queues it. */
  type (fx, "person_email", "li@example.cn");
  activate (fx, "maintenance.submit-person");
  queued = only_declaration (fx, "person_change", YB_DECLARATION_QUEUED);
  g_assert_cmpstr (yb_declaration_get_string (queued, "email"), ==, "li@example.cn");
  g_assert_cmpstr (yb_declaration_get_string (queued, "postcode"), ==, "310005");
  g_clear_object (&row);
  row = yb_store_declaration_get (fx->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (yb_store_declaration_get_state (row), ==, YB_DECLARATION_QUEUED);
}

/* Drafts & Outbox opens a person-change draft in this section (win.edit-draft). */
static void
test_window_edit_draft (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(YbApplication) app = yb_application_new ();
  g_autoptr(YbWindow) window = NULL;
  g_autoptr(GError) error = NULL;
  YbMaintenancePage *page;
  gint64 id;

  yb_maintenance_page_show (fx->page, "people");
  g_assert_true (gtk_selection_model_select_item (
    gtk_list_view_get_model (GTK_LIST_VIEW (find_widget (GTK_WIDGET (fx->page), "person_list"))),
    0, TRUE));
  wait_idle (fx->page);
  type (fx, "person_phone", "13944445555");
  id = await_draft (fx, "person_change");
  g_assert_cmpint (id, >, 0);

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = g_object_ref_sink (yb_window_new (app));
  yb_window_set_workspace (window, G_OBJECT (fx->workspace));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-section",
                                  g_variant_new_string ("outbox"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "edit-draft",
                                  g_variant_new_int64 (id));
  page = YB_MAINTENANCE_PAGE (yb_window_get_page (window, "maintenance"));
  wait_idle (page);
  g_assert_cmpstr (yb_window_get_section (window), ==, "maintenance");
  g_assert_cmpint (yb_maintenance_page_get_draft_id (page, "people"), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (GTK_WIDGET (page),
                                                                     "person_phone"))),
                   ==, "13944445555");
  yb_window_set_workspace (window, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  wait_idle (fx->page);
}

/* A key change is a draft too, with its material, and opens again. */
static void
test_key_draft (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GFile) png = write_file (fx, "营业执照.png", png_1x1, sizeof png_1x1);
  g_autoptr(YbStoreDeclaration) row = NULL;
  g_autoptr(YbDeclaration) decl = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  yb_maintenance_page_show (fx->page, "key");
  type (fx, "key_legal_name", "陈建业");
  yb_maintenance_page_attach_material (fx->page, "supporting_document", png);
  wait_idle (fx->page);
  id = await_draft (fx, "unit_key_change");
  g_assert_cmpint (id, >, 0);
  /* The material was attached after the first save: closing saves it too. */
  gtk_window_destroy (fx->window);
  wait_idle (fx->page);
  g_clear_object (&fx->page);
  row = yb_store_declaration_get (fx->store, id, &error);
  g_assert_no_error (error);
  decl = yb_declaration_new_from_data (yb_store_declaration_get_fields (row), -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (yb_declaration_get_string (decl, "legal_name"), ==, "陈建业");
  g_assert_cmpuint (yb_declaration_get_n_materials (decl), ==, 1);
  g_assert_true (g_str_has_prefix (yb_declaration_get_material_id (decl, 0), "local:"));
  g_assert_cmpstr (yb_declaration_get_material_file_name (decl, 0), ==, "营业执照.png");

  /* A new page opens it whole, material included, ready to submit. */
  fx->page = g_object_ref_sink (g_object_new (YB_TYPE_MAINTENANCE_PAGE, NULL));
  fx->window = yb_test_ui_present (GTK_WIDGET (fx->page), fx->workspace);
  wait_idle (fx->page);
  g_assert_true (yb_maintenance_page_edit_draft (fx->page, id));
  wait_idle (fx->page);
  g_assert_cmpstr (entry_text (fx, "key_legal_name"), ==, "陈建业");
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx->page, "supporting_document"), ==, 1);
  g_assert_true (action_enabled (fx, "maintenance.submit-key-change"));
  activate (fx, "maintenance.submit-key-change");
  g_clear_object (&decl);
  decl = only_declaration (fx, "unit_key_change", YB_DECLARATION_QUEUED);
  g_assert_true (g_str_has_prefix (yb_declaration_get_material_id (decl, 0), "M"));
  g_clear_object (&row);
  row = yb_store_declaration_get (fx->store, id, &error);
  g_assert_cmpint (yb_store_declaration_get_state (row), ==, YB_DECLARATION_QUEUED);
}

static void
test_base_declaration (Fixture       *fx,
                       gconstpointer  data)
{
  g_autoptr(YbDeclaration) decl = NULL;

  yb_maintenance_page_show (fx->page, "base");
  g_assert_false (action_enabled (fx, "maintenance.submit-base"));
  activate (fx, "maintenance.base-fill");
  type (fx, "base-wage-0", "1000");
  type (fx, "base-wage-1", "999999");
  type (fx, "base-wage-2", "abc");
  g_assert_cmpstr (label_text (fx, "base-error-2"), !=, "");
  g_assert_false (action_enabled (fx, "maintenance.submit-base"));
  type (fx, "base-wage-2", "9000.50");
  g_assert_cmpstr (label_text (fx, "base-error-2"), ==, "");
  g_assert_nonnull (strstr (label_text (fx, "base-base-0"), "(floor)"));
  g_assert_nonnull (strstr (label_text (fx, "base-base-1"), "(ceiling)"));
  g_assert_nonnull (strstr (label_text (fx, "base-base-2"), "9000.50"));
  g_assert_null (strstr (label_text (fx, "base-base-2"), "("));
  g_assert_true (action_enabled (fx, "maintenance.submit-base"));
  screenshot (fx, "base");
  activate (fx, "maintenance.submit-base");

  decl = only_declaration (fx, "base_declaration", YB_DECLARATION_QUEUED);
  g_assert_cmpuint (yb_declaration_get_n_items (decl), ==, 3);
  g_assert_cmpstr (yb_declaration_get_string (decl, "year"), ==, "2026");
  g_assert_cmpstr (yb_declaration_get_item_string (decl, 2, "avg_wage"), ==, "9000.50");
}

static void
test_base_zhoushan_floor (void)
{
  Fixture fx = { 0 };

  set_up_with (&fx, "zhoushan", NULL, 3);
  yb_maintenance_page_show (fx.page, "base");
  activate (&fx, "maintenance.base-fill");
  type (&fx, "base-wage-0", "3000");
  type (&fx, "base-wage-1", "5360");
  type (&fx, "base-wage-2", "4100.00");
  g_assert_nonnull (strstr (label_text (&fx, "base_notice"), "no contribution-base declaration "
                                                              "is needed"));
  g_assert_false (action_enabled (&fx, "maintenance.submit-base"));
  screenshot (&fx, "base-zhoushan");
  /* One person above the floor: a declaration is needed again. */
  type (&fx, "base-wage-2", "8000");
  g_assert_null (strstr (label_text (&fx, "base_notice"), "no contribution-base declaration"));
  fixture_tear_down (&fx, NULL);
}

static GtkWidget *
find_button_labelled (GtkWidget  *root,
                      const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) != NULL
          && strstr (gtk_button_get_label (GTK_BUTTON (child)), text) != NULL)
        return child;
      if ((found = find_button_labelled (child, text)) != NULL)
        return found;
    }
  return NULL;
}

/* BR-34: 舟山's base declaration takes 材料1, the stamped scan as jpg, and
 * 材料2, the template the clerk filled, as the Excel workbook itself. */
static void
test_base_zhoushan_materials (void)
{
  static const guint8 jpg[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00,
                                0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9 };
  static const char csv[] = "姓名,上年月平均工资\n张三,8000\n";
  Fixture fx = { 0 };
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr(GFile) scan = NULL, sheet = NULL, renamed = NULL;
  GtkWidget *button;

  set_up_with (&fx, "zhoushan", NULL, 3);
  g_assert_true (g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "data", "excel",
                                                           "two-sheets.xlsx", NULL),
                                      &contents, &length, NULL));
  scan = write_file (&fx, "基数申报盖章.jpg", jpg, sizeof jpg);
  sheet = write_file (&fx, "基数申报.xlsx", (const guint8 *) contents, length);
  renamed = write_file (&fx, "名单.xlsx", (const guint8 *) csv, strlen (csv));

  yb_maintenance_page_show (fx.page, "base");
  /* 材料2 is offered as the template the clerk filled. */
  button = find_button_labelled (GTK_WIDGET (fx.page), "Attach the Template You Filled");
  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==,
                   "maintenance.add-material");
  g_assert_cmpstr (g_variant_get_string (gtk_actionable_get_action_target_value (
                                           GTK_ACTIONABLE (button)), NULL), ==, "roster_sheet");

  activate (&fx, "maintenance.base-fill");
  type (&fx, "base-wage-0", "8000");
  type (&fx, "base-wage-1", "9000");
  type (&fx, "base-wage-2", "12000");
  /* Without its two materials the declaration cannot go. */
  g_assert_false (action_enabled (&fx, "maintenance.submit-base"));

  /* The workbook is no stamped scan, and text renamed .xlsx is no workbook. */
  yb_maintenance_page_attach_material (fx.page, "stamped_scan", sheet);
  wait_idle (fx.page);
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx.page, "stamped_scan"), ==, 0);
  g_assert_nonnull (strstr (label_text (&fx, "base_material_error"), "基数申报.xlsx"));
  yb_maintenance_page_attach_material (fx.page, "roster_sheet", renamed);
  wait_idle (fx.page);
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx.page, "roster_sheet"), ==, 0);
  g_assert_nonnull (strstr (label_text (&fx, "base_material_error"), "名单.xlsx"));

  yb_maintenance_page_attach_material (fx.page, "stamped_scan", scan);
  wait_idle (fx.page);
  g_assert_false (action_enabled (&fx, "maintenance.submit-base"));
  yb_maintenance_page_attach_material (fx.page, "roster_sheet", sheet);
  wait_idle (fx.page);
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx.page, "stamped_scan"), ==, 1);
  g_assert_cmpuint (yb_maintenance_page_get_n_materials (fx.page, "roster_sheet"), ==, 1);
  g_assert_cmpstr (label_text (&fx, "base_material_error"), ==, "");
  g_assert_cmpstr (label_text (&fx, "base_error"), ==, "");
  g_assert_true (action_enabled (&fx, "maintenance.submit-base"));
  screenshot (&fx, "base-zhoushan-materials");

  /* Without a hall the declaration goes to the outbox with both materials kept locally. */
  activate (&fx, "maintenance.submit-base");
  g_assert_nonnull (strstr (yb_maintenance_page_get_status (fx.page),
                            "uploaded with the declaration"));
  {
    g_autoptr(YbDeclaration) decl = only_declaration (&fx, "base_declaration",
                                                      YB_DECLARATION_QUEUED);

    g_assert_cmpuint (yb_declaration_get_n_materials (decl), ==, 2);
    for (guint i = 0; i < 2; i++)
      g_assert_true (g_str_has_prefix (yb_declaration_get_material_id (decl, i), "local:"));
    g_assert_cmpstr (yb_declaration_get_material_kind (decl, 1), ==, "roster_sheet");
    g_assert_cmpstr (yb_declaration_get_material_file_name (decl, 1), ==, "基数申报.xlsx");
  }
  fixture_tear_down (&fx, NULL);
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

  g_test_add ("/ui/maintenance/unit-info", Fixture, NULL, fixture_set_up, test_unit_info,
              fixture_tear_down);
  g_test_add_func ("/ui/maintenance/unit-offline", test_unit_offline);
  g_test_add ("/ui/maintenance/contact-change", Fixture, NULL, fixture_set_up,
              test_contact_change, fixture_tear_down);
  g_test_add ("/ui/maintenance/bank-change", Fixture, NULL, fixture_set_up, test_bank_change,
              fixture_tear_down);
  g_test_add ("/ui/maintenance/key-change", Fixture, NULL, fixture_set_up, test_key_change,
              fixture_tear_down);
  g_test_add_func ("/ui/maintenance/key-change-hall-stopped", test_key_change_hall_stopped);
  g_test_add ("/ui/maintenance/material-refused", Fixture, NULL, fixture_set_up,
              test_material_refused, fixture_tear_down);
  g_test_add ("/ui/maintenance/person-change", Fixture, NULL, fixture_set_up, test_person_change,
              fixture_tear_down);
  g_test_add ("/ui/maintenance/person-draft", Fixture, NULL, fixture_set_up, test_person_draft,
              fixture_tear_down);
  g_test_add ("/ui/maintenance/key-draft", Fixture, NULL, fixture_set_up, test_key_draft,
              fixture_tear_down);
  g_test_add ("/ui/maintenance/window-edit-draft", Fixture, NULL, fixture_set_up,
              test_window_edit_draft, fixture_tear_down);
  g_test_add ("/ui/maintenance/base-declaration", Fixture, NULL, fixture_set_up,
              test_base_declaration, fixture_tear_down);
  g_test_add_func ("/ui/maintenance/base-zhoushan-floor", test_base_zhoushan_floor);
  g_test_add_func ("/ui/maintenance/base-zhoushan-materials", test_base_zhoushan_materials);

  status = g_test_run ();
  g_clear_object (&client);
  yb_test_hall_stop (hall);
  return status;
}
