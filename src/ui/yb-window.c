/* yb-window.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbWindow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yb-window.h"

#include "yb-section-page.h"
#include "yb-enrolment-page.h"
#include "yb-maintenance-page.h"
#include "yb-outbox-page.h"
#include "yb-printing-page.h"
#include "yb-queries-page.h"
#include "yb-reduction-page.h"
#include "yb-session-status.h"
#include "yb-store-declaration.h"
#include "yb-workspace.h"
#include "import/yb-import-actions.h"

struct _YbWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  GObject *workspace;

  /* Template widgets */
  AdwLeaflet *leaflet;
  GtkWidget *sidebar_box;
  GtkWidget *content_box;
  GtkListBox *sidebar_list;
  AdwWindowTitle *content_title;
  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  YbSessionStatus *session_status;
};

G_DEFINE_FINAL_TYPE (YbWindow, yb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSPACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The sidebar order; each id names a GtkStack page in yb-window.ui and a
 * nick of the last-section enum in the settings schema. */
static const char * const section_ids[] = {
  "enrolment",
  "reduction",
  "maintenance",
  "queries",
  "printing",
  "outbox",
  NULL
};

/* The badge label exists only while there is something to count. */
static void
update_badge (GObject    *page,
              GParamSpec *pspec,
              GtkWidget  *box)
{
  GtkWidget *badge = gtk_widget_get_last_child (box);
  guint count = 0;

  g_object_get (page, "badge-count", &count, NULL);
  if (g_strcmp0 (gtk_widget_get_name (badge), "badge") != 0)
    badge = NULL;
  if (count == 0)
    {
      if (badge != NULL)
        gtk_box_remove (GTK_BOX (box), badge);
      return;
    }
  if (badge == NULL)
    {
      badge = gtk_label_new (NULL);
      gtk_widget_set_name (badge, "badge");
      gtk_widget_set_hexpand (badge, TRUE);
      gtk_widget_set_halign (badge, GTK_ALIGN_END);
      gtk_widget_add_css_class (badge, "numeric");
      gtk_widget_add_css_class (badge, "caption-heading");
      gtk_widget_add_css_class (badge, "accent");
      gtk_box_append (GTK_BOX (box), badge);
    }
  {
    g_autofree char *text = g_strdup_printf ("%u", count);

    gtk_label_set_label (GTK_LABEL (badge), text);
  }
}

static GtkWidget *
create_sidebar_row (YbSectionPage *page,
                    const char    *section_id)
{
  GtkWidget *row;
  GtkWidget *box;
  GtkWidget *image;
  GtkWidget *label;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  image = gtk_image_new ();
  g_object_bind_property (page, "icon-name", image, "icon-name", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), image);

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  g_object_bind_property (page, "title", label, "label", G_BINDING_SYNC_CREATE);
  gtk_box_append (GTK_BOX (box), label);

  /* A page with a count of items that need the clerk (the outbox) shows it on its row. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (page), "badge-count") != NULL)
    {
      g_signal_connect_object (page, "notify::badge-count", G_CALLBACK (update_badge), box, 0);
      update_badge (G_OBJECT (page), NULL, box);
    }

  row = gtk_list_box_row_new ();
  gtk_widget_set_name (row, section_id);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  /* Rows are actionable: activating one goes through win.show-section like
   * the accelerators and the command line do. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.show-section");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", section_id);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);

  return row;
}

static void
populate_sections (YbWindow *self)
{
  for (guint i = 0; section_ids[i] != NULL; i++)
    {
      GtkWidget *child = gtk_stack_get_child_by_name (self->stack, section_ids[i]);
      GtkStackPage *stack_page;

      g_assert (YB_IS_SECTION_PAGE (child));

      stack_page = gtk_stack_get_page (self->stack, child);
      g_object_bind_property (child, "title", stack_page, "title", G_BINDING_SYNC_CREATE);
      g_object_bind_property (child, "icon-name", stack_page, "icon-name",
                              G_BINDING_SYNC_CREATE);
      g_object_bind_property (self, "workspace", child, "workspace", G_BINDING_SYNC_CREATE);

      gtk_list_box_append (self->sidebar_list,
                           create_sidebar_row (YB_SECTION_PAGE (child), section_ids[i]));
    }
}

static GtkListBoxRow *
find_sidebar_row (YbWindow   *self,
                  const char *section_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), section_id) == 0)
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

static void
on_stack_visible_child_cb (YbWindow   *self,
                           GParamSpec *pspec,
                           GtkStack   *stack)
{
  const char *section_id = gtk_stack_get_visible_child_name (stack);
  GtkWidget *page = gtk_stack_get_visible_child (stack);
  GtkListBoxRow *row;

  if (section_id == NULL || !YB_IS_SECTION_PAGE (page))
    return;

  adw_window_title_set_title (self->content_title,
                              yb_section_page_get_title (YB_SECTION_PAGE (page)));

  row = find_sidebar_row (self, section_id);
  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != row)
    gtk_list_box_select_row (self->sidebar_list, row);

  g_action_group_change_action_state (G_ACTION_GROUP (self), "show-section",
                                      g_variant_new_string (section_id));
  g_settings_set_string (self->settings, "last-section", section_id);
}

static void
show_section_change_state (GSimpleAction *action,
                           GVariant      *value,
                           gpointer       user_data)
{
  YbWindow *self = user_data;
  const char *section_id = g_variant_get_string (value, NULL);

  if (!yb_window_is_section_id (section_id))
    {
      g_warning ("No section named “%s”", section_id);
      return;
    }

  g_simple_action_set_state (action, value);
  gtk_stack_set_visible_child_name (self->stack, section_id);
  adw_leaflet_set_visible_child (self->leaflet, self->content_box);
}

static void
show_sidebar_activate (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  YbWindow *self = user_data;

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar_box);
}

/* Opens a local draft in the section whose form edits its kind (from the outbox). */
static void
edit_draft_activate (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  YbWindow *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  g_autoptr(YbStoreDeclaration) decl = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind;
  gboolean opened = FALSE;

  if (!YB_IS_WORKSPACE (self->workspace))
    return;
  decl = yb_store_declaration_get (yb_workspace_get_store (YB_WORKSPACE (self->workspace)), id,
                                   &error);
  if (decl == NULL)
    {
      yb_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  kind = yb_store_declaration_get_kind (decl);
  if (g_strcmp0 (kind, "enrol_new") == 0 || g_strcmp0 (kind, "enrol_resume") == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "show-section",
                                      g_variant_new_string ("enrolment"));
      opened = yb_enrolment_page_edit_draft (
        YB_ENROLMENT_PAGE (yb_window_get_page (self, "enrolment")), id);
    }
  else if (g_strcmp0 (kind, "reduce") == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "show-section",
                                      g_variant_new_string ("reduction"));
      opened = yb_reduction_page_edit_draft (
        YB_REDUCTION_PAGE (yb_window_get_page (self, "reduction")), id);
    }
  else if (g_strcmp0 (kind, "unit_key_change") == 0 || g_strcmp0 (kind, "person_change") == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "show-section",
                                      g_variant_new_string ("maintenance"));
      opened = yb_maintenance_page_edit_draft (
        YB_MAINTENANCE_PAGE (yb_window_get_page (self, "maintenance")), id);
    }

  if (!opened)
    yb_window_add_toast (self, adw_toast_new (_("This draft cannot be opened in a form here.")));
}

static void
sync_now_activate (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  YbWindow *self = user_data;

  yb_session_status_sync_now (self->session_status);
}

/* Spreadsheets (src/ui/import): a batch import window, a template, the roster export. */
static void
import_activate (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  YbWindow *self = user_data;

  yb_import_show_dialog (GTK_WINDOW (self), YB_WORKSPACE (self->workspace),
                         g_variant_get_string (parameter, NULL));
}

static void
download_template_activate (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  YbWindow *self = user_data;

  yb_import_choose_template (GTK_WINDOW (self), YB_WORKSPACE (self->workspace),
                             g_variant_get_string (parameter, NULL));
}

static void
export_roster_activate (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  YbWindow *self = user_data;

  yb_import_choose_roster_export (GTK_WINDOW (self), YB_WORKSPACE (self->workspace));
}

static const GActionEntry win_actions[] = {
  { "import", import_activate, "s" },
  { "download-template", download_template_activate, "s" },
  { "export-roster", export_roster_activate },
  { "show-section", NULL, "s", "'enrolment'", show_section_change_state },
  { "show-sidebar", show_sidebar_activate },
  { "edit-draft", edit_draft_activate, "x" },
  { "sync-now", sync_now_activate },
};

static void
restore_settings (YbWindow *self)
{
  g_autofree char *last_section = NULL;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* The first page shows without a crossfade from the default page. */
  last_section = g_settings_get_string (self->settings, "last-section");
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_NONE);
  g_action_group_activate_action (G_ACTION_GROUP (self), "show-section",
                                  g_variant_new_string (last_section));
  gtk_stack_set_transition_type (self->stack, GTK_STACK_TRANSITION_TYPE_CROSSFADE);
}

static gboolean
yb_window_close_request (GtkWindow *window)
{
  YbWindow *self = YB_WINDOW (window);
  int width;
  int height;

  gtk_window_get_default_size (window, &width, &height);

  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window) && width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (yb_window_parent_class)->close_request (window);
}

static void
yb_window_dispose (GObject *object)
{
  YbWindow *self = YB_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), YB_TYPE_WINDOW);

  g_clear_object (&self->workspace);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (yb_window_parent_class)->dispose (object);
}

static void
yb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  YbWindow *self = YB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  YbWindow *self = YB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      yb_window_set_workspace (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_window_class_init (YbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = yb_window_dispose;
  object_class->get_property = yb_window_get_property;
  object_class->set_property = yb_window_set_property;

  window_class->close_request = yb_window_close_request;

  /* The window's workspace (unit, store, hall client), handed to every
   * section page. Typed GObject until the workspace class exists. */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template instantiates the pages, so their types must exist. */
  g_type_ensure (YB_TYPE_ENROLMENT_PAGE);
  g_type_ensure (YB_TYPE_REDUCTION_PAGE);
  g_type_ensure (YB_TYPE_MAINTENANCE_PAGE);
  g_type_ensure (YB_TYPE_QUERIES_PAGE);
  g_type_ensure (YB_TYPE_PRINTING_PAGE);
  g_type_ensure (YB_TYPE_OUTBOX_PAGE);
  g_type_ensure (YB_TYPE_SESSION_STATUS);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/yibao/Yibao/ui/yb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, YbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, YbWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, YbWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, YbWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, YbWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, YbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, YbWindow, session_status);
  gtk_widget_class_bind_template_callback (widget_class, on_stack_visible_child_cb);
}

static void
yb_window_init (YbWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   win_actions, G_N_ELEMENTS (win_actions),
                                   self);

  populate_sections (self);
  restore_settings (self);

  /* The header strip follows the workspace; "sync now" is enabled when it can run. */
  g_object_bind_property (self, "workspace", self->session_status, "workspace",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->session_status, "can-sync",
                          g_action_map_lookup_action (G_ACTION_MAP (self), "sync-now"),
                          "enabled", G_BINDING_SYNC_CREATE);
}

YbWindow *
yb_window_new (YbApplication *application)
{
  g_return_val_if_fail (YB_IS_APPLICATION (application), NULL);

  return g_object_new (YB_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* The section ids in sidebar order, NULL-terminated. */
const char * const *
yb_window_get_section_ids (void)
{
  return section_ids;
}

gboolean
yb_window_is_section_id (const char *section_id)
{
  return section_id != NULL && g_strv_contains (section_ids, section_id);
}

const char *
yb_window_get_section (YbWindow *self)
{
  g_return_val_if_fail (YB_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/* The page of a section, or NULL if there is no section of that id. */
YbSectionPage *
yb_window_get_page (YbWindow   *self,
                    const char *section_id)
{
  GtkWidget *child;

  g_return_val_if_fail (YB_IS_WINDOW (self), NULL);
  g_return_val_if_fail (section_id != NULL, NULL);

  child = gtk_stack_get_child_by_name (self->stack, section_id);

  return YB_IS_SECTION_PAGE (child) ? YB_SECTION_PAGE (child) : NULL;
}

GObject *
yb_window_get_workspace (YbWindow *self)
{
  g_return_val_if_fail (YB_IS_WINDOW (self), NULL);

  return self->workspace;
}

void
yb_window_set_workspace (YbWindow *self,
                         GObject  *workspace)
{
  g_return_if_fail (YB_IS_WINDOW (self));
  g_return_if_fail (!workspace || G_IS_OBJECT (workspace));

  if (g_set_object (&self->workspace, workspace))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

/* Shows a passing outcome above the current section (STYLE.md: errors). */
void
yb_window_add_toast (YbWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (YB_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
