/* yb-section-page.c
 *
 * Copyright 2026 The Yibao authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "YbSectionPage"

#include "config.h"

#include "yb-section-page.h"

/*
 * YbSectionPage is the base class of the six sidebar sections. Each section
 * is a final subclass with its own template; the window shows the page's
 * title and icon in the sidebar and hands every page the same workspace.
 *
 * The workspace is the window's object that carries the chosen unit, the
 * store and the hall client (STYLE.md: pages get it through a property,
 * never a global). Its class is built by a later issue, so the property is
 * typed GObject for now; it will narrow to that class when it exists.
 */

typedef struct
{
  GObject *workspace;
  char *title;
  char *icon_name;
} YbSectionPagePrivate;

G_DEFINE_TYPE_WITH_PRIVATE (YbSectionPage, yb_section_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_TITLE,
  PROP_ICON_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* g_set_str() is GLib 2.76; this is the same for 2.74. */
static gboolean
replace_string (char       **ptr,
                const char  *value)
{
  if (g_strcmp0 (*ptr, value) == 0)
    return FALSE;

  g_free (*ptr);
  *ptr = g_strdup (value);
  return TRUE;
}

static void
yb_section_page_dispose (GObject *object)
{
  YbSectionPage *self = YB_SECTION_PAGE (object);
  YbSectionPagePrivate *priv = yb_section_page_get_instance_private (self);

  g_clear_object (&priv->workspace);

  G_OBJECT_CLASS (yb_section_page_parent_class)->dispose (object);
}

static void
yb_section_page_finalize (GObject *object)
{
  YbSectionPage *self = YB_SECTION_PAGE (object);
  YbSectionPagePrivate *priv = yb_section_page_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->icon_name, g_free);

  G_OBJECT_CLASS (yb_section_page_parent_class)->finalize (object);
}

static void
yb_section_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  YbSectionPage *self = YB_SECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, yb_section_page_get_workspace (self));
      break;

    case PROP_TITLE:
      g_value_set_string (value, yb_section_page_get_title (self));
      break;

    case PROP_ICON_NAME:
      g_value_set_string (value, yb_section_page_get_icon_name (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_section_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  YbSectionPage *self = YB_SECTION_PAGE (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      yb_section_page_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_TITLE:
      yb_section_page_set_title (self, g_value_get_string (value));
      break;

    case PROP_ICON_NAME:
      yb_section_page_set_icon_name (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yb_section_page_class_init (YbSectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = yb_section_page_dispose;
  object_class->finalize = yb_section_page_finalize;
  object_class->get_property = yb_section_page_get_property;
  object_class->set_property = yb_section_page_set_property;

  /**
   * YbSectionPage:workspace:
   *
   * The window's workspace: the chosen unit, the store and the hall client.
   * Typed GObject until the workspace class exists.
   */
  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         G_TYPE_OBJECT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * YbSectionPage:title:
   *
   * The translated section name shown in the sidebar and the header bar.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * YbSectionPage:icon-name:
   *
   * The symbolic icon shown beside the title in the sidebar.
   */
  properties[PROP_ICON_NAME] =
    g_param_spec_string ("icon-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yb_section_page_init (YbSectionPage *self)
{
}

GObject *
yb_section_page_get_workspace (YbSectionPage *self)
{
  YbSectionPagePrivate *priv = yb_section_page_get_instance_private (self);

  g_return_val_if_fail (YB_IS_SECTION_PAGE (self), NULL);

  return priv->workspace;
}

void
yb_section_page_set_workspace (YbSectionPage *self,
                               GObject       *workspace)
{
  YbSectionPagePrivate *priv = yb_section_page_get_instance_private (self);

  g_return_if_fail (YB_IS_SECTION_PAGE (self));
  g_return_if_fail (!workspace || G_IS_OBJECT (workspace));

  if (g_set_object (&priv->workspace, workspace))
    {
      if (YB_SECTION_PAGE_GET_CLASS (self)->workspace_changed)
        YB_SECTION_PAGE_GET_CLASS (self)->workspace_changed (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
    }
}

const char *
yb_section_page_get_title (YbSectionPage *self)
{
  YbSectionPagePrivate *priv = yb_section_page_get_instance_private (self);

  g_return_val_if_fail (YB_IS_SECTION_PAGE (self), NULL);

  return priv->title;
}

void
yb_section_page_set_title (YbSectionPage *self,
                           const char    *title)
{
  YbSectionPagePrivate *priv = yb_section_page_get_instance_private (self);

  g_return_if_fail (YB_IS_SECTION_PAGE (self));

  if (replace_string (&priv->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
yb_section_page_get_icon_name (YbSectionPage *self)
{
  YbSectionPagePrivate *priv = yb_section_page_get_instance_private (self);

  g_return_val_if_fail (YB_IS_SECTION_PAGE (self), NULL);

  return priv->icon_name;
}

void
yb_section_page_set_icon_name (YbSectionPage *self,
                               const char    *icon_name)
{
  YbSectionPagePrivate *priv = yb_section_page_get_instance_private (self);

  g_return_if_fail (YB_IS_SECTION_PAGE (self));

  if (replace_string (&priv->icon_name, icon_name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ICON_NAME]);
}

/**
 * yb_section_page_show_toast:
 * @self: a section page
 * @text: the plain-text message for the clerk
 * @timeout: seconds it stays, 0 until dismissed (for failures the clerk must read)
 *
 * Shows @text in the toast overlay around the page (the window's, or a
 * dialog's). The text is escaped: a toast's title is Pango markup in
 * libadwaita 1.2, and messages carry names and hall text.
 *
 * Returns: %TRUE when an overlay showed it, %FALSE when the page is not
 *   inside one (then the caller keeps the message on the page itself)
 */
gboolean
yb_section_page_show_toast (YbSectionPage *self,
                            const char    *text,
                            guint          timeout)
{
  GtkWidget *overlay;
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_val_if_fail (YB_IS_SECTION_PAGE (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return FALSE;

  escaped = g_markup_escape_text (text, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, timeout);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  return TRUE;
}
